#pragma once
// Adam and SGD with momentum, both with (L2) weight decay, as one fused pass over each parameter:
// the update is memory-bound, so it reads and writes every array once.
#include <cstdint>

#include "core/experiment.h"
#include "core/tensor.h"

namespace ffw {

struct OptimizerState {
  Matrix m;  // Adam first moment, or the SGD velocity
  Matrix v;  // Adam second moment
  std::int64_t steps = 0;
};

// A trainable array with its gradient and optimizer state.
struct Param {
  Matrix value, grad;
  OptimizerState state;

  void init(Index rows, Index cols) {
    value.setZero(rows, cols);
    grad.setZero(rows, cols);
    state.m.setZero(rows, cols);
    state.v.setZero(rows, cols);
    state.steps = 0;
  }
};

class Optimizer {
public:
  explicit Optimizer(const OptimizerSpec& spec) : spec_(spec) {}
  // One step on p.value from p.grad at learning rate `lr` (already scaled by the schedule).
  void step(Param& p, double lr) const;
  const OptimizerSpec& spec() const { return spec_; }

private:
  OptimizerSpec spec_;
};

// Learning-rate factor for a 0-based epoch: 1 for the first half, then the linear cooldown
// 2 (E - e) / E of loeweX and Hinton's code, reaching 2/E on the last epoch.
double cooldown_factor(int epoch, int epochs, bool enabled);

}  // namespace ffw
