#pragma once
// One Forward-Forward layer: length-normalised input, affine map, ReLU, goodness, and the local
// softplus loss with its analytical gradient (pff-algorithm.md 1.1-1.2). No gradient leaves the
// layer.
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "core/experiment.h"
#include "core/optimizer.h"
#include "core/tensor.h"

namespace ffw {

// Scales every column to unit mean square (Hinton's length normalisation; no mean subtraction).
// `factors` (if given) receives each column's scale factor.
void normalize_columns(Eigen::Ref<Matrix> x, std::vector<Scalar>* factors = nullptr);

// y = relu(W x + b) for a batch of columns, written into y (resized).
void affine_relu(const Param& weight, const Param& bias, const Eigen::Ref<const Matrix>& x, Matrix& y);

// A batch for the first layer under label overlay, given by its positive half only: a negative
// sample is its positive with another label in the label inputs, and both have the same length,
// so the negative's normalised input is x_pos + (e_neg - e_pos) / r. The layer then needs half
// the GEMM work: the negatives' pre-activations and gradient share follow from the positives' by a
// correction of two weight columns per sample.
struct OverlayBatch {
  const Matrix& x_pos;                     // fan_in x b, normalised positives
  std::span<const Scalar> inverse_norms;   // 1 / r per sample (r: the RMS before normalisation)
  std::span<const std::uint8_t> pos_labels, neg_labels;
};

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
  // The same for an overlay batch (b positives, then b negatives in `next`); equal up to rounding.
  LayerBatchStats forward_backward(const OverlayBatch& batch, Matrix* next);
  void update(const Optimizer& optimizer, double lr);
  // Inference on an overlay batch: normalised activities of the b positives then the b negatives.
  void forward(const OverlayBatch& batch, Matrix* next) const;
  // Inference with every label embedded (the goodness classifier, adaptive negatives): column
  // c * n + j is sample j with label c. `x_blank` holds the n samples normalised as if one label
  // input were 1, with the label inputs left 0; one GEMM serves every label.
  void forward_all_labels(const Matrix& x_blank, std::span<const Scalar> inverse_norms, int classes, Matrix* next,
                          Vector* goodness) const;

  // Inference: normalised activities into `next` (if given) and the goodness of each column.
  void forward(const Eigen::Ref<const Matrix>& x, Matrix* next, Vector* goodness) const;

  double goodness_scale() const;  // 1 for sum of squares, 1/width for mean of squares

  Param weight, bias;
  Vector peer_mean;  // running mean activity per unit (peer normalisation)

private:
  // From pre-activations in z_: goodness, loss, next input; leaves dL/dz in z_ and the bias gradient.
  LayerBatchStats delta_pass(Index positives, Matrix* next);
  void add_peer_normalisation(const Eigen::Ref<const Matrix>& positive_inputs);
  void overlay_preactivations(const OverlayBatch& batch) const;

  double threshold_ = 0;
  GoodnessKind goodness_ = GoodnessKind::SumSquares;
  double peer_lambda_ = 0;
  mutable Matrix z_;  // pre-activations, then the loss gradient w.r.t. them
  mutable Matrix y_;
  Matrix pair_sum_;
  Vector activity_sum_;
  bool peer_active_ = false;
};

}  // namespace ffw
