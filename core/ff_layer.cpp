#include "core/ff_layer.h"

#include <cmath>

#include "core/blas.h"
#include "core/rng.h"

namespace ffw {

namespace {
constexpr Scalar kTiny = 1e-8f;  // loeweX's epsilon; Hinton's exp(-50) underflows in float

double softplus(double a) { return a > 0 ? a + std::log1p(std::exp(-a)) : std::log1p(std::exp(a)); }
double sigmoid(double a) { return a >= 0 ? 1.0 / (1.0 + std::exp(-a)) : std::exp(a) / (1.0 + std::exp(a)); }
}  // namespace

void normalize_columns(Eigen::Ref<Matrix> x) {
  const auto rows = static_cast<Scalar>(x.rows());
  for (Index j = 0; j < x.cols(); ++j) {
    auto col = x.col(j);
    col *= 1.0f / (kTiny + std::sqrt(col.squaredNorm() / rows));
  }
}

void affine_relu(const Param& weight, const Param& bias, const Eigen::Ref<const Matrix>& x, Matrix& y) {
  y.resize(weight.value.rows(), x.cols());
  blas::gemm(weight.value, false, x, false, y);
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

LayerBatchStats FFLayer::forward_backward(const Eigen::Ref<const Matrix>& x, Index positives, Matrix* next) {
  const Index n = x.cols(), negatives = n - positives, width = fan_out();
  z_.resize(width, n);
  blas::gemm(weight.value, false, x, false, z_);
  if (next) next->resize(width, n);

  const auto b = bias.value.col(0);
  const double scale = goodness_scale();
  LayerBatchStats stats;
  const bool peer = peer_lambda_ > 0 && positives > 0;
  Vector activity_sum;
  if (peer) activity_sum.setZero(width);
  // One pass per column while it sits in L1: bias, ReLU, goodness, the next layer's input and
  // dL/dz = coef * y (the ReLU gate is implicit since y = 0 where z <= 0).
  for (Index j = 0; j < n; ++j) {
    auto col = z_.col(j);
    col = (col + b).cwiseMax(0);
    const double sum_squares = col.squaredNorm();
    const double g = sum_squares * scale;
    const bool positive = j < positives;
    if (peer && positive) activity_sum += col;
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
  // Accumulating into a gradient the optimizer left zero gives the same bits as beta = 0
  // without OpenBLAS's zeroing pass over the whole weight-sized array.
  blas::gemm(z_, false, x, true, weight.grad, 1, weight.grad_is_zero ? 1 : 0);
  weight.grad_is_zero = false;
  bias.grad.col(0) = z_.rowwise().sum();

  if (peer) {
    // Peer normalisation (Hinton's ffnew.m, loeweX): a running mean of each unit's activity on
    // positive data; units below the layer's average are pushed up, above it down.
    peer_mean = 0.9f * peer_mean + (0.1f / static_cast<Scalar>(positives)) * activity_sum;
    const Vector push = static_cast<Scalar>(peer_lambda_) * (peer_mean.array() - peer_mean.mean()).matrix();
    const Vector input_mean = x.leftCols(positives).rowwise().mean();
    weight.grad.noalias() += push * input_mean.transpose();
    bias.grad.col(0) += push;
  }
  return stats;
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
