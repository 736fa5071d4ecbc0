#pragma once
// The backprop baseline: an MLP with the same hidden widths, ReLU, and a softmax output, trained
// end to end by cross-entropy. It shares the optimizer and the GEMMs with the FF layers so the
// comparison is like for like.
#include <random>
#include <span>
#include <vector>

#include "core/optimizer.h"
#include "core/tensor.h"

namespace ffw {

class BpMlp {
public:
  BpMlp() = default;
  BpMlp(int inputs, const std::vector<int>& widths, int classes, std::mt19937_64& rng);

  double forward_backward(const Eigen::Ref<const Matrix>& x, std::span<const std::uint8_t> labels);
  void update(const Optimizer& optimizer, double lr);
  void logits(const Eigen::Ref<const Matrix>& x, Matrix& out) const;

  std::vector<Param> weights, biases;  // hidden layers, then the output layer

private:
  std::vector<Matrix> activations_;
  Matrix delta_, back_;
};

}  // namespace ffw
