#include "core/optimizer.h"

#include <cmath>

namespace ffw {

void Optimizer::step(Param& p, double lr) const {
  const Index n = p.value.size();
  Scalar* __restrict w = p.value.data();
  const Scalar* __restrict g = p.grad.data();
  Scalar* __restrict m = p.state.m.data();
  const auto wd = static_cast<Scalar>(spec_.weight_decay);
  ++p.state.steps;
  if (spec_.kind == OptimizerKind::Sgd) {
    const auto mu = static_cast<Scalar>(spec_.momentum);
    const auto rate = static_cast<Scalar>(lr);
    for (Index i = 0; i < n; ++i) {
      const Scalar gi = g[i] + wd * w[i];
      m[i] = mu * m[i] + gi;
      w[i] -= rate * m[i];
    }
    return;
  }
  Scalar* __restrict v = p.state.v.data();
  const auto t = static_cast<double>(p.state.steps);
  const double bc1 = 1.0 - std::pow(spec_.beta1, t), bc2 = 1.0 - std::pow(spec_.beta2, t);
  // Bias correction folded into the step size and epsilon (the form PyTorch's Adam computes).
  const auto rate = static_cast<Scalar>(lr * std::sqrt(bc2) / bc1);
  const auto eps = static_cast<Scalar>(spec_.epsilon * std::sqrt(bc2));
  const auto b1 = static_cast<Scalar>(spec_.beta1), b2 = static_cast<Scalar>(spec_.beta2);
  const Scalar one_b1 = 1 - b1, one_b2 = 1 - b2;
  for (Index i = 0; i < n; ++i) {
    const Scalar gi = g[i] + wd * w[i];
    m[i] = b1 * m[i] + one_b1 * gi;
    v[i] = b2 * v[i] + one_b2 * gi * gi;
    w[i] -= rate * m[i] / (std::sqrt(v[i]) + eps);
  }
}

double cooldown_factor(int epoch, int epochs, bool enabled) {
  if (!enabled || 2 * (epoch + 1) <= epochs) return 1.0;
  return 2.0 * (epochs - epoch) / epochs;
}

}  // namespace ffw
