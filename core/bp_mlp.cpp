#include "core/bp_mlp.h"

#include <cmath>

#include "core/gemm.h"
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
  gemm::multiply(weights.back().value, false, h, false, out);
  out.colwise() += biases.back().value.col(0);
}

void BpMlp::forward_layers(std::size_t first, std::size_t last, const Eigen::Ref<const Matrix>& in,
                           std::vector<Matrix>& acts) const {
  acts.resize(last - first);
  for (std::size_t l = first; l < last; ++l) {
    const Eigen::Ref<const Matrix> input = l == first ? in : Eigen::Ref<const Matrix>(acts[l - first - 1]);
    Matrix& out = acts[l - first];
    if (l + 1 < weights.size()) {
      affine_relu(weights[l], biases[l], input, out);
    } else {
      out.resize(weights[l].value.rows(), input.cols());
      gemm::multiply(weights[l].value, false, input, false, out);
      out.colwise() += biases[l].value.col(0);
    }
  }
}

void BpMlp::backward_layers(std::size_t first, std::size_t last, const Eigen::Ref<const Matrix>& in,
                            const std::vector<Matrix>& acts, Matrix& delta, Matrix* delta_in, bool accumulate,
                            const std::function<void(std::size_t)>& layer_done) {
  const Scalar beta = accumulate ? 1 : 0;
  for (std::size_t l = last; l-- > first;) {
    const Eigen::Ref<const Matrix> input = l == first ? in : Eigen::Ref<const Matrix>(acts[l - first - 1]);
    gemm::multiply(delta, false, input, true, weights[l].grad, 1, beta);
    if (accumulate)
      biases[l].grad.col(0) += delta.rowwise().sum();
    else
      biases[l].grad.col(0) = delta.rowwise().sum();
    if (layer_done) layer_done(l);
    if (l == first && (delta_in == nullptr || l == 0)) break;
    back_.resize(weights[l].value.cols(), delta.cols());
    gemm::multiply(weights[l].value, true, delta, false, back_);
    // ReLU gate of the layer below: its activation is zero exactly where it was gated.
    back_.array() *= (input.array() > 0).cast<Scalar>();
    if (l == first) {
      std::swap(*delta_in, back_);
      break;
    }
    std::swap(delta, back_);
  }
}

void BpMlp::layer_deltas(std::size_t first, std::size_t last, const Eigen::Ref<const Matrix>& in,
                         const std::vector<Matrix>& acts, const Matrix& top, std::vector<Matrix>& deltas,
                         Matrix* delta_in) const {
  deltas.resize(last - first);
  deltas.back() = top;
  for (std::size_t l = last; l-- > first;) {
    if (l == first && delta_in == nullptr) break;
    const Eigen::Ref<const Matrix> input = l == first ? in : Eigen::Ref<const Matrix>(acts[l - first - 1]);
    Matrix& below = l == first ? *delta_in : deltas[l - first - 1];
    below.resize(weights[l].value.cols(), top.cols());
    gemm::multiply(weights[l].value, true, deltas[l - first], false, below);
    below.array() *= (input.array() > 0).cast<Scalar>();  // the ReLU gate below
  }
}

void BpMlp::weight_gradients(std::size_t layer, const Eigen::Ref<const Matrix>& delta, const Eigen::Ref<const Matrix>& input) {
  gemm::multiply(delta, false, input, true, weights[layer].grad);
  biases[layer].grad.col(0) = delta.rowwise().sum();
}

double BpMlp::forward_backward(const Eigen::Ref<const Matrix>& x, std::span<const std::uint8_t> labels,
                               const std::function<void(std::size_t)>& layer_done) {
  forward_layers(0, weights.size(), x, activations_);
  std::swap(delta_, activations_.back());
  const double loss = softmax_cross_entropy(delta_, labels);
  for (Index j = 0; j < delta_.cols(); ++j) delta_(labels[static_cast<std::size_t>(j)], j) -= 1;
  delta_ /= static_cast<Scalar>(x.cols());
  backward_layers(0, weights.size(), x, activations_, delta_, nullptr, false, layer_done);
  return loss;
}

void BpMlp::update(const Optimizer& optimizer, double lr) { update_layers(0, weights.size(), optimizer, lr); }

void BpMlp::update_layers(std::size_t first, std::size_t last, const Optimizer& optimizer, double lr) {
  for (std::size_t l = first; l < last; ++l) {
    optimizer.step(weights[l], lr);
    optimizer.step(biases[l], lr);
  }
}

}  // namespace ffw
