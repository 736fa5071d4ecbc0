#pragma once
// One Forward-Forward layer: length-normalised input, affine map, ReLU, goodness, and the local
// softplus loss with its analytical gradient (pff-algorithm.md 1.1-1.2). No gradient leaves the
// layer.
#include <random>

#include "core/experiment.h"
#include "core/optimizer.h"
#include "core/tensor.h"

namespace ffw {

// Scales every column to unit mean square (Hinton's length normalisation; no mean subtraction).
void normalize_columns(Eigen::Ref<Matrix> x);

// y = relu(W x + b) for a batch of columns, written into y (resized).
void affine_relu(const Param& weight, const Param& bias, const Eigen::Ref<const Matrix>& x, Matrix& y);

struct LayerBatchStats {
  double goodness_pos = 0, goodness_neg = 0, loss = 0;  // means over the batch
};

class FFLayer {
public:
  FFLayer() = default;
  FFLayer(int fan_in, int fan_out, double threshold, GoodnessKind goodness, double peer_normalization,
          std::mt19937_64& rng);

  Index fan_in() const { return weight.value.cols(); }
  Index fan_out() const { return weight.value.rows(); }
  double threshold() const { return threshold_; }

  // x: fan_in x n normalised inputs; columns [0, positives) are positive data, the rest negative.
  // Fills weight.grad and bias.grad with the gradient of
  //   mean_pos softplus(theta - g) + mean_neg softplus(g - theta).
  // When `next` is given it receives the normalised activities (the next layer's input).
  LayerBatchStats forward_backward(const Eigen::Ref<const Matrix>& x, Index positives, Matrix* next);
  void update(const Optimizer& optimizer, double lr);

  // Inference: normalised activities into `next` (if given) and the goodness of each column.
  void forward(const Eigen::Ref<const Matrix>& x, Matrix* next, Vector* goodness) const;

  double goodness_scale() const;  // 1 for sum of squares, 1/width for mean of squares

  Param weight, bias;
  Vector peer_mean;  // running mean activity per unit (peer normalisation)

private:
  double threshold_ = 0;
  GoodnessKind goodness_ = GoodnessKind::SumSquares;
  double peer_lambda_ = 0;
  Matrix z_;  // pre-activations, then the loss gradient w.r.t. them
  mutable Matrix y_;
};

}  // namespace ffw
