#include "core/local_head_layer.h"

#include <cmath>

#include "core/gemm.h"
#include "core/ff_layer.h"
#include "core/rng.h"

namespace ffw {

namespace {
constexpr Scalar kTiny = 1e-8f;
}

LocalHeadLayer::LocalHeadLayer(int fan_in, int fan_out, int classes, std::mt19937_64& rng)
    : head(fan_out, classes) {
  weight.init(fan_out, fan_in);
  bias.init(fan_out, 1);
  const double scale = 1.0 / std::sqrt(static_cast<double>(fan_in));
  for (Index i = 0; i < weight.value.size(); ++i)
    weight.value.data()[i] = static_cast<Scalar>(normal_draw(rng) * scale);
}

void LocalHeadLayer::forward(const Eigen::Ref<const Matrix>& x, Matrix& next, Matrix* logits) const {
  affine_relu(weight, bias, x, next);
  normalize_columns(next);
  if (logits) head.logits(next, *logits);
}

double LocalHeadLayer::forward_backward(const Eigen::Ref<const Matrix>& x,
                                        std::span<const std::uint8_t> labels, Matrix* next) {
  affine_relu(weight, bias, x, y_);
  const Index n = y_.cols();
  const auto width = static_cast<Scalar>(y_.rows());
  Matrix& yhat = *next;
  yhat.resize(y_.rows(), n);
  rms_.resize(n);
  for (Index j = 0; j < n; ++j) {
    rms_(j) = kTiny + std::sqrt(y_.col(j).squaredNorm() / width);
    yhat.col(j) = y_.col(j) / rms_(j);
  }
  const double loss = head.forward_backward(yhat, labels, &dy_);  // dy_ = dL/dyhat
  // Through yhat = y / r with r = rms(y): dL/dy = (dL/dyhat - yhat * mean(yhat . dL/dyhat)) / r,
  // then the ReLU gate.
  for (Index j = 0; j < n; ++j) {
    const Scalar proj = yhat.col(j).dot(dy_.col(j)) / width;
    auto d = dy_.col(j);
    d = ((d - yhat.col(j) * proj) / rms_(j)).cwiseProduct((y_.col(j).array() > 0).cast<Scalar>().matrix());
  }
  gemm::multiply(dy_, false, x, true, weight.grad);
  bias.grad.col(0) = dy_.rowwise().sum();
  return loss;
}

void LocalHeadLayer::update(const Optimizer& optimizer, const Optimizer& head_optimizer, double lr,
                            double head_lr) {
  optimizer.step(weight, lr);
  optimizer.step(bias, lr);
  head.update(head_optimizer, head_lr);
}

}  // namespace ffw
