#include "core/softmax_head.h"

#include <cmath>

#include "core/gemm.h"

namespace ffw {

double softmax_cross_entropy(Matrix& logits, std::span<const std::uint8_t> labels) {
  double loss = 0;
  for (Index j = 0; j < logits.cols(); ++j) {
    auto col = logits.col(j);
    col.array() -= col.maxCoeff();
    col = col.array().exp().matrix();
    const Scalar sum = col.sum();
    col /= sum;
    loss -= std::log(std::max<double>(col(labels[static_cast<std::size_t>(j)]), 1e-30));
  }
  return logits.cols() ? loss / static_cast<double>(logits.cols()) : 0.0;
}

SoftmaxHead::SoftmaxHead(int inputs, int classes) {
  weight.init(classes, inputs);
  bias.init(classes, 1);
}

void SoftmaxHead::logits(const Eigen::Ref<const Matrix>& h, Matrix& out) const {
  out.resize(weight.value.rows(), h.cols());
  gemm::multiply(weight.value, false, h, false, out);
  out.colwise() += bias.value.col(0);
}

double SoftmaxHead::forward_backward(const Eigen::Ref<const Matrix>& h,
                                     std::span<const std::uint8_t> labels, Matrix* input_grad) {
  logits(h, p_);
  const double loss = softmax_cross_entropy(p_, labels);
  const auto n = static_cast<Scalar>(h.cols());
  for (Index j = 0; j < p_.cols(); ++j) p_(labels[static_cast<std::size_t>(j)], j) -= 1;
  p_ /= n;  // dL/dlogits
  gemm::multiply(p_, false, h, true, weight.grad);
  bias.grad.col(0) = p_.rowwise().sum();
  if (input_grad) {
    input_grad->resize(h.rows(), h.cols());
    gemm::multiply(weight.value, true, p_, false, *input_grad);
  }
  return loss;
}

void SoftmaxHead::update(const Optimizer& optimizer, double lr) {
  optimizer.step(weight, lr);
  optimizer.step(bias, lr);
}

}  // namespace ffw
