#pragma once
// A linear softmax classifier trained by cross-entropy. Used as the FF softmax head (on neutral-
// label activities, no gradient into the FF layers), as each local head, and as the BP output.
#include <cstdint>
#include <span>

#include "core/optimizer.h"
#include "core/tensor.h"

namespace ffw {

// Softmax over each column of `logits` in place; returns the mean cross-entropy against `labels`.
double softmax_cross_entropy(Matrix& logits, std::span<const std::uint8_t> labels);

class SoftmaxHead {
public:
  SoftmaxHead() = default;
  SoftmaxHead(int inputs, int classes);  // zero-initialised, as loeweX's head

  // h: inputs x n. Fills the gradients; when `input_grad` is given it receives dL/dh.
  double forward_backward(const Eigen::Ref<const Matrix>& h, std::span<const std::uint8_t> labels,
                          Matrix* input_grad = nullptr);
  void update(const Optimizer& optimizer, double lr);
  void logits(const Eigen::Ref<const Matrix>& h, Matrix& out) const;

  Param weight, bias;

private:
  Matrix p_;
};

}  // namespace ffw
