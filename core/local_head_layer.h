#pragma once
// The paper's Performance-Optimized layer (pff-algorithm.md 2.5): an FF layer with its own
// softmax head, the two trained together by cross-entropy on the class label. No negative data;
// no gradient crosses into the layer below.
#include <random>
#include <span>

#include "core/softmax_head.h"

namespace ffw {

class LocalHeadLayer {
public:
  LocalHeadLayer() = default;
  LocalHeadLayer(int fan_in, int fan_out, int classes, std::mt19937_64& rng);

  Index fan_in() const { return weight.value.cols(); }
  Index fan_out() const { return weight.value.rows(); }

  // x: fan_in x n normalised inputs. Returns the head's mean cross-entropy; fills all gradients.
  // `next` receives the normalised activities (input of the next layer and of the head).
  double forward_backward(const Eigen::Ref<const Matrix>& x, std::span<const std::uint8_t> labels,
                          Matrix* next);
  void update(const Optimizer& optimizer, const Optimizer& head_optimizer, double lr, double head_lr);
  // Inference: normalised activities and (optionally) the head's logits.
  void forward(const Eigen::Ref<const Matrix>& x, Matrix& next, Matrix* logits) const;

  Param weight, bias;
  SoftmaxHead head;

private:
  Matrix y_, dy_;
  Vector rms_;
};

}  // namespace ffw
