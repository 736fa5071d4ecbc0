#include "core/ff_layer.h"

#include <cmath>

#include "core/gemm.h"
#include "core/rng.h"

namespace ffw {

namespace {
constexpr Scalar kTiny = 1e-8f;  // loeweX's epsilon; Hinton's exp(-50) underflows in float

double softplus(double a) { return a > 0 ? a + std::log1p(std::exp(-a)) : std::log1p(std::exp(a)); }
double sigmoid(double a) { return a >= 0 ? 1.0 / (1.0 + std::exp(-a)) : std::exp(a) / (1.0 + std::exp(a)); }
}  // namespace

void normalize_columns(Eigen::Ref<Matrix> x, std::vector<Scalar>* factors) {
  const auto rows = static_cast<Scalar>(x.rows());
  if (factors) factors->resize(static_cast<std::size_t>(x.cols()));
  for (Index j = 0; j < x.cols(); ++j) {
    auto col = x.col(j);
    const Scalar factor = 1.0f / (kTiny + std::sqrt(col.squaredNorm() / rows));
    col *= factor;
    if (factors) (*factors)[static_cast<std::size_t>(j)] = factor;
  }
}

void affine_relu(const Param& weight, const Param& bias, const Eigen::Ref<const Matrix>& x, Matrix& y) {
  y.resize(weight.value.rows(), x.cols());
  gemm::multiply(weight.value, false, x, false, y);
  const auto b = bias.value.col(0);
  for (Index j = 0; j < y.cols(); ++j) y.col(j) = (y.col(j) + b).cwiseMax(0);
}

FFLayer::FFLayer(int fan_in, int fan_out, double threshold, GoodnessKind goodness,
                 double peer_normalization, std::mt19937_64& rng)
    : threshold_(threshold), goodness_(goodness), peer_lambda_(peer_normalization) {
  weight.init(fan_out, fan_in);
  bias.init(fan_out, 1);
  const double scale = 1.0 / std::sqrt(static_cast<double>(fan_in));  // Hinton: randn / sqrt(fan_in)
  for (Index i = 0; i < weight.value.size(); ++i)
    weight.value.data()[i] = static_cast<Scalar>(normal_draw(rng) * scale);
  peer_mean = Vector::Zero(fan_out);
}

double FFLayer::goodness_scale() const {
  return goodness_ == GoodnessKind::SumSquares ? 1.0 : 1.0 / static_cast<double>(fan_out());
}

LayerBatchStats FFLayer::delta_pass(Index positives, Matrix* next) {
  const Index n = z_.cols(), negatives = n - positives, width = fan_out();
  if (next) next->resize(width, n);
  const auto b = bias.value.col(0);
  const double scale = goodness_scale();
  LayerBatchStats stats;
  peer_active_ = peer_lambda_ > 0 && positives > 0;
  if (peer_active_) activity_sum_.setZero(width);
  // One pass per column while it sits in L1: bias, ReLU, goodness, the next layer's input and
  // dL/dz = coef * y (the ReLU gate is implicit since y = 0 where z <= 0).
  for (Index j = 0; j < n; ++j) {
    auto col = z_.col(j);
    col = (col + b).cwiseMax(0);
    const double sum_squares = col.squaredNorm();
    const double g = sum_squares * scale;
    const bool positive = j < positives;
    if (peer_active_ && positive) activity_sum_ += col;
    const double logit = positive ? threshold_ - g : g - threshold_;
    const double count = static_cast<double>(positive ? positives : negatives);
    stats.loss += softplus(logit) / count;
    (positive ? stats.goodness_pos : stats.goodness_neg) += g / count;
    if (next)
      next->col(j) = col * (1.0f / (kTiny + static_cast<Scalar>(std::sqrt(sum_squares / static_cast<double>(width)))));
    // d softplus(theta - g)/dg = -sigmoid(theta - g); d softplus(g - theta)/dg = sigmoid(g - theta)
    const double dg = (positive ? -1.0 : 1.0) * sigmoid(logit) / count;
    col *= static_cast<Scalar>(dg * 2.0 * scale);
  }
  bias.grad.col(0) = z_.rowwise().sum();
  return stats;
}

void FFLayer::add_peer_normalisation(const Eigen::Ref<const Matrix>& positive_inputs) {
  if (!peer_active_) return;
  // Peer normalisation (Hinton's ffnew.m, loeweX): a running mean of each unit's activity on
  // positive data; units below the layer's average are pushed up, above it down.
  const auto positives = static_cast<Scalar>(positive_inputs.cols());
  peer_mean = 0.9f * peer_mean + (0.1f / positives) * activity_sum_;
  const Vector push = static_cast<Scalar>(peer_lambda_) * (peer_mean.array() - peer_mean.mean()).matrix();
  const Vector input_mean = positive_inputs.rowwise().mean();
  weight.grad.noalias() += push * input_mean.transpose();
  bias.grad.col(0) += push;
}

LayerBatchStats FFLayer::forward_backward(const Eigen::Ref<const Matrix>& x, Index positives, Matrix* next) {
  z_.resize(fan_out(), x.cols());
  gemm::multiply(weight.value, false, x, false, z_);
  const LayerBatchStats stats = delta_pass(positives, next);
  gemm::multiply(z_, false, x, true, weight.grad);
  add_peer_normalisation(x.leftCols(positives));
  return stats;
}

void FFLayer::overlay_preactivations(const OverlayBatch& batch) const {
  const Index b = batch.x_pos.cols();
  auto pos = z_.leftCols(b);
  gemm::multiply(weight.value, false, batch.x_pos, false, pos);
  // x_neg = x_pos + (e_neg - e_pos) / r, so W x_neg = W x_pos + (W e_neg - W e_pos) / r.
  for (Index j = 0; j < b; ++j) {
    const auto k = static_cast<std::size_t>(j);
    z_.col(b + j) = pos.col(j) + (weight.value.col(batch.neg_labels[k]) - weight.value.col(batch.pos_labels[k])) *
                                     batch.inverse_norms[k];
  }
}

LayerBatchStats FFLayer::forward_backward(const OverlayBatch& batch, Matrix* next) {
  const Index b = batch.x_pos.cols();
  z_.resize(fan_out(), 2 * b);
  overlay_preactivations(batch);
  const LayerBatchStats stats = delta_pass(b, next);
  // dW = d_pos x_pos^T + d_neg x_neg^T = (d_pos + d_neg) x_pos^T + sum_j d_neg_j (e_neg - e_pos)^T / r_j
  pair_sum_.noalias() = z_.leftCols(b) + z_.rightCols(b);
  gemm::multiply(pair_sum_, false, batch.x_pos, true, weight.grad);
  for (Index j = 0; j < b; ++j) {
    const auto k = static_cast<std::size_t>(j);
    const auto d = z_.col(b + j) * batch.inverse_norms[k];
    weight.grad.col(batch.neg_labels[k]) += d;
    weight.grad.col(batch.pos_labels[k]) -= d;
  }
  add_peer_normalisation(batch.x_pos);
  return stats;
}

void FFLayer::forward(const OverlayBatch& batch, Matrix* next) const {
  const Index b = batch.x_pos.cols();
  z_.resize(fan_out(), 2 * b);
  overlay_preactivations(batch);
  if (next) next->resize(fan_out(), 2 * b);
  const auto bias_col = bias.value.col(0);
  for (Index j = 0; j < 2 * b; ++j) {
    auto col = z_.col(j);
    col = (col + bias_col).cwiseMax(0);
    if (next)
      next->col(j) = col * (1.0f / (kTiny + std::sqrt(col.squaredNorm() / static_cast<Scalar>(fan_out()))));
  }
}

void FFLayer::forward_all_labels(const Matrix& x_blank, std::span<const Scalar> inverse_norms, int classes,
                                 Matrix* next, Vector* goodness) const {
  const Index n = x_blank.cols(), width = fan_out();
  z_.resize(width, n);
  gemm::multiply(weight.value, false, x_blank, false, z_);
  if (next) next->resize(width, n * classes);
  if (goodness) goodness->resize(n * classes);
  const auto b = bias.value.col(0);
  const double scale = goodness_scale();
  Vector col(width);
  for (int c = 0; c < classes; ++c)
    for (Index j = 0; j < n; ++j) {
      col = (z_.col(j) + weight.value.col(c) * inverse_norms[static_cast<std::size_t>(j)] + b).cwiseMax(0);
      const double sum_squares = col.squaredNorm();
      if (goodness) (*goodness)(c * n + j) = static_cast<Scalar>(sum_squares * scale);
      if (next)
        next->col(c * n + j) =
            col * (1.0f / (kTiny + static_cast<Scalar>(std::sqrt(sum_squares / static_cast<double>(width)))));
    }
}

void FFLayer::update(const Optimizer& optimizer, double lr) {
  optimizer.step(weight, lr);
  optimizer.step(bias, lr);
}

void FFLayer::forward(const Eigen::Ref<const Matrix>& x, Matrix* next, Vector* goodness) const {
  affine_relu(weight, bias, x, y_);
  const Index n = y_.cols();
  if (goodness) goodness->resize(n);
  if (next) next->resize(fan_out(), n);
  const double scale = goodness_scale();
  for (Index j = 0; j < n; ++j) {
    const double sum_squares = y_.col(j).squaredNorm();
    if (goodness) (*goodness)(j) = static_cast<Scalar>(sum_squares * scale);
    if (next)
      next->col(j) = y_.col(j) * (1.0f / (kTiny + static_cast<Scalar>(std::sqrt(sum_squares / static_cast<double>(fan_out())))));
  }
}

}  // namespace ffw
