#pragma once
// The backprop baseline: an MLP with the same hidden widths, ReLU, and a softmax output, trained
// end to end by cross-entropy. It shares the optimizer and the GEMMs with the FF layers so the
// comparison is like for like.
#include <functional>
#include <random>
#include <span>
#include <vector>

#include "core/optimizer.h"
#include "core/tensor.h"

namespace ffw {

class BpMlp {
public:
  BpMlp() = default;
  BpMlp(int inputs, const std::vector<int>& widths, int classes, std::mt19937_64& rng);

  // `layer_done(l)`, when given, is called as soon as layer l's gradients are final (from the top
  // layer down), while the layers below are still to come: data-parallel nodes start reducing them.
  double forward_backward(const Eigen::Ref<const Matrix>& x, std::span<const std::uint8_t> labels,
                          const std::function<void(std::size_t)>& layer_done = {});
  void update(const Optimizer& optimizer, double lr);
  std::size_t layers() const { return weights.size(); }

  // A pipeline stage's share (GPipe): layers [first, last). `acts` receives each layer's output
  // (ReLU activations; the output layer's are the logits).
  void forward_layers(std::size_t first, std::size_t last, const Eigen::Ref<const Matrix>& in,
                      std::vector<Matrix>& acts) const;
  // Back through layers [first, last): `delta` is the loss gradient at the pre-activation of layer
  // last - 1 (it is overwritten). Adds (accumulate) or writes the weight gradients; when `delta_in`
  // is given, leaves there the gradient at the pre-activation of the layer below `first` (gated by
  // that layer's ReLU, read from `in`).
  void backward_layers(std::size_t first, std::size_t last, const Eigen::Ref<const Matrix>& in,
                       const std::vector<Matrix>& acts, Matrix& delta, Matrix* delta_in, bool accumulate,
                       const std::function<void(std::size_t)>& layer_done = {});
  void update_layers(std::size_t first, std::size_t last, const Optimizer& optimizer, double lr);
  // The loss gradient at each pre-activation of layers [first, last) (deltas[k] for layer
  // first + k), down from `top` (at layer last - 1), and when `delta_in` is given the gradient
  // at the pre-activation below `first`. Weight gradients are left to weight_gradients(), so a
  // pipeline stage can compute them once per batch over all its micro-batches.
  void layer_deltas(std::size_t first, std::size_t last, const Eigen::Ref<const Matrix>& in,
                    const std::vector<Matrix>& acts, const Matrix& top, std::vector<Matrix>& deltas,
                    Matrix* delta_in) const;
  // weights[layer].grad = delta * input^T, biases[layer].grad = row sums of delta.
  void weight_gradients(std::size_t layer, const Eigen::Ref<const Matrix>& delta, const Eigen::Ref<const Matrix>& input);
  void logits(const Eigen::Ref<const Matrix>& x, Matrix& out) const;

  std::vector<Param> weights, biases;  // hidden layers, then the output layer

private:
  std::vector<Matrix> activations_;
  Matrix delta_, back_;
};

}  // namespace ffw
