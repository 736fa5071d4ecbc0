#include "core/model.h"

#include "core/error.h"
#include "core/rng.h"

namespace ffw {

Model Model::create(const Experiment& e, int input_dim, int classes, const Preprocess& preprocess) {
  Model m;
  m.experiment = e;
  m.input_dim = input_dim;
  m.classes = classes;
  m.preprocess = preprocess;
  auto rng = make_rng(e.seed, Stream::Init);
  if (e.is_backprop()) {
    m.kind = ModelKind::Backprop;
    std::vector<int> widths;
    for (const auto& l : e.layers) widths.push_back(l.width);
    m.bp.emplace(input_dim, widths, classes, rng);
    return m;
  }
  if (input_dim < classes)
    throw Error(ErrorKind::Experiment, "the samples have " + std::to_string(input_dim) +
                                           " inputs, too few to overlay " + std::to_string(classes) +
                                           " label inputs");
  int fan_in = input_dim;
  if (e.classifier == Classifier::LocalHeads) {
    m.kind = ModelKind::LocalHeads;
    for (const auto& l : e.layers) {
      m.local.emplace_back(fan_in, l.width, classes, rng);
      fan_in = l.width;
    }
    return m;
  }
  for (std::size_t i = 0; i < e.layers.size(); ++i) {
    m.ff.emplace_back(fan_in, e.layers[i].width, e.threshold(i), e.goodness, e.peer_normalization, rng);
    fan_in = e.layers[i].width;
  }
  if (e.classifier == Classifier::Softmax) m.head.emplace(static_cast<int>(m.head_inputs()), classes);
  return m;
}

std::size_t Model::layer_count() const { return experiment.layers.size(); }

std::vector<std::size_t> Model::scored_layers() const {
  std::vector<std::size_t> out;
  for (std::size_t l = layer_count() > 1 ? 1 : 0; l < layer_count(); ++l) out.push_back(l);
  return out;
}

Index Model::head_inputs() const {
  Index n = 0;
  for (std::size_t l : scored_layers()) n += experiment.layers[l].width;
  return n;
}

void Model::for_each_param(const std::function<void(const std::string&, Param&)>& visit) {
  for (std::size_t l = 0; l < ff.size(); ++l) {
    visit("ff" + std::to_string(l) + ".weight", ff[l].weight);
    visit("ff" + std::to_string(l) + ".bias", ff[l].bias);
  }
  if (head) {
    visit("head.weight", head->weight);
    visit("head.bias", head->bias);
  }
  for (std::size_t l = 0; l < local.size(); ++l) {
    const std::string p = "local" + std::to_string(l);
    visit(p + ".weight", local[l].weight);
    visit(p + ".bias", local[l].bias);
    visit(p + ".head.weight", local[l].head.weight);
    visit(p + ".head.bias", local[l].head.bias);
  }
  if (bp)
    for (std::size_t l = 0; l < bp->weights.size(); ++l) {
      visit("bp" + std::to_string(l) + ".weight", bp->weights[l]);
      visit("bp" + std::to_string(l) + ".bias", bp->biases[l]);
    }
}

void Model::for_each_state(const std::function<void(const std::string&, Vector&)>& visit) {
  for (std::size_t l = 0; l < ff.size(); ++l) visit("ff" + std::to_string(l) + ".peer_mean", ff[l].peer_mean);
  visit("preprocess.offset", preprocess.offset);
  visit("preprocess.scale", preprocess.scale);
}

void write_overlay_batch(const Dataset& data, std::span<const int> indices, std::span<const std::uint8_t> embed,
                         Eigen::Ref<Matrix> out, std::vector<Scalar>* inverse_norms) {
  const Index classes = data.classes;
  const auto neutral = 1.0f / static_cast<Scalar>(classes);
  for (std::size_t j = 0; j < indices.size(); ++j) {
    auto col = out.col(static_cast<Index>(j));
    col = data.x.col(indices[j]);
    if (embed.empty()) {
      col.head(classes).setConstant(neutral);
    } else {
      col.head(classes).setZero();
      col(embed[j]) = 1.0f;
    }
  }
  normalize_columns(out, inverse_norms);
}

}  // namespace ffw
