#include "core/bp_mlp.h"

#include <cmath>

#include "core/blas.h"
#include "core/ff_layer.h"
#include "core/rng.h"
#include "core/softmax_head.h"

namespace ffw {

BpMlp::BpMlp(int inputs, const std::vector<int>& widths, int classes, std::mt19937_64& rng) {
  int fan_in = inputs;
  std::vector<int> outs = widths;
  outs.push_back(classes);
  for (int fan_out : outs) {
    Param w, b;
    w.init(fan_out, fan_in);
    b.init(fan_out, 1);
    const double scale = std::sqrt(2.0 / fan_in);  // He initialisation for ReLU
    for (Index i = 0; i < w.value.size(); ++i)
      w.value.data()[i] = static_cast<Scalar>(normal_draw(rng) * scale);
    weights.push_back(std::move(w));
    biases.push_back(std::move(b));
    fan_in = fan_out;
  }
  activations_.resize(weights.size());
}

void BpMlp::logits(const Eigen::Ref<const Matrix>& x, Matrix& out) const {
  Matrix h = x, next;
  const std::size_t hidden = weights.size() - 1;
  for (std::size_t l = 0; l < hidden; ++l) {
    affine_relu(weights[l], biases[l], h, next);
    std::swap(h, next);
  }
  out.resize(weights.back().value.rows(), h.cols());
  blas::gemm(weights.back().value, false, h, false, out);
  out.colwise() += biases.back().value.col(0);
}

double BpMlp::forward_backward(const Eigen::Ref<const Matrix>& x, std::span<const std::uint8_t> labels) {
  const std::size_t layers = weights.size(), hidden = layers - 1;
  for (std::size_t l = 0; l < hidden; ++l)
    affine_relu(weights[l], biases[l], l == 0 ? x : Eigen::Ref<const Matrix>(activations_[l - 1]),
                activations_[l]);
  const Eigen::Ref<const Matrix> top = hidden ? Eigen::Ref<const Matrix>(activations_[hidden - 1]) : x;
  delta_.resize(weights.back().value.rows(), x.cols());
  blas::gemm(weights.back().value, false, top, false, delta_);
  delta_.colwise() += biases.back().value.col(0);
  const double loss = softmax_cross_entropy(delta_, labels);
  for (Index j = 0; j < delta_.cols(); ++j) delta_(labels[static_cast<std::size_t>(j)], j) -= 1;
  delta_ /= static_cast<Scalar>(x.cols());
  for (std::size_t l = layers; l-- > 0;) {
    const Eigen::Ref<const Matrix> input = l == 0 ? x : Eigen::Ref<const Matrix>(activations_[l - 1]);
    blas::gemm(delta_, false, input, true, weights[l].grad);
    biases[l].grad.col(0) = delta_.rowwise().sum();
    if (l == 0) break;
    back_.resize(weights[l].value.cols(), delta_.cols());
    blas::gemm(weights[l].value, true, delta_, false, back_);
    // ReLU gate of the layer below: its activation is zero exactly where it was gated.
    back_.array() *= (activations_[l - 1].array() > 0).cast<Scalar>();
    std::swap(delta_, back_);
  }
  return loss;
}

void BpMlp::update(const Optimizer& optimizer, double lr) {
  for (std::size_t l = 0; l < weights.size(); ++l) {
    optimizer.step(weights[l], lr);
    optimizer.step(biases[l], lr);
  }
}

}  // namespace ffw
