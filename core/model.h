#pragma once
// A trained or training network of any variant, with the preprocessing and the experiment that
// define it, so a model file alone is enough to evaluate it.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bp_mlp.h"
#include "core/dataset.h"
#include "core/experiment.h"
#include "core/ff_layer.h"
#include "core/local_head_layer.h"
#include "core/softmax_head.h"

namespace ffw {

enum class ModelKind { ForwardForward, LocalHeads, Backprop };

struct Model {
  Experiment experiment;
  ModelKind kind = ModelKind::ForwardForward;
  int input_dim = 0;
  int classes = 10;
  Preprocess preprocess;

  std::vector<FFLayer> ff;               // ForwardForward
  std::optional<SoftmaxHead> head;       // ForwardForward with the softmax classifier
  std::vector<LocalHeadLayer> local;     // LocalHeads
  std::optional<BpMlp> bp;               // Backprop

  // Builds a freshly initialised model (weights from the seed's Init stream).
  static Model create(const Experiment& e, int input_dim, int classes, const Preprocess& preprocess);

  std::size_t layer_count() const;
  // Layers whose goodness the goodness classifier sums: all but the first (pff-algorithm.md 1.4).
  std::vector<std::size_t> scored_layers() const;
  Index head_inputs() const;

  // Visits every trainable array in a fixed order (for model files and checksums).
  void for_each_param(const std::function<void(const std::string& name, Param&)>& visit);
  // Other state that must survive a resume (peer-normalisation means).
  void for_each_state(const std::function<void(const std::string& name, Vector&)>& visit);
};

// Label overlay: copies the samples `indices` into `out` (dim x indices.size()) with the first
// `classes` inputs replaced by a one-hot of `embed` (or the neutral label 1/classes when `embed`
// is empty), then length-normalises every column; `inverse_norms` (if given) receives each
// column's normalisation factor.
void write_overlay_batch(const Dataset& data, std::span<const int> indices, std::span<const std::uint8_t> embed,
                         Eigen::Ref<Matrix> out, std::vector<Scalar>* inverse_norms = nullptr);

}  // namespace ffw
