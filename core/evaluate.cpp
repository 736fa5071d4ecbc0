#include "core/evaluate.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/rng.h"

namespace ffw {

namespace {

constexpr Index kEvalBatch = 500;

std::vector<int> range(Index begin, Index end) {
  std::vector<int> v(static_cast<std::size_t>(end - begin));
  std::iota(v.begin(), v.end(), static_cast<int>(begin));
  return v;
}

}  // namespace

void head_features(const Model& m, const Matrix& x0, Matrix& features) {
  features.resize(m.head_inputs(), x0.cols());
  Matrix x = x0, next;
  Index row = 0;
  for (std::size_t l = 0; l < m.ff.size(); ++l) {
    m.ff[l].forward(x, &next, nullptr);
    if (l >= m.scored_layers().front()) {
      features.middleRows(row, next.rows()) = next;
      row += next.rows();
    }
    std::swap(x, next);
  }
}

namespace {

// classes x n scores for one batch; larger is more likely.
Matrix batch_scores(const Model& m, const Dataset& data, std::span<const int> idx, const std::string& readout) {
  const auto n = static_cast<Index>(idx.size());
  Matrix scores(m.classes, n), x(data.dim(), n), out;
  if (readout == "goodness") return label_goodness(m, data, idx);
  if (readout == "backprop") {
    for (Index j = 0; j < n; ++j) x.col(j) = data.x.col(idx[static_cast<std::size_t>(j)]);
    m.bp->logits(x, scores);
    return scores;
  }
  write_overlay_batch(data, idx, {}, x);
  if (readout == "softmax") {
    Matrix features;
    head_features(m, x, features);
    m.head->logits(features, scores);
    return scores;
  }
  // Local heads: the last head's log-probabilities, or the mean of every head's probabilities.
  scores.setZero();
  Matrix next;
  for (std::size_t l = 0; l < m.local.size(); ++l) {
    const bool use = readout == "local-heads-all" || l + 1 == m.local.size();
    m.local[l].forward(x, next, use ? &out : nullptr);
    if (use) {
      softmax_cross_entropy(out, std::vector<std::uint8_t>(static_cast<std::size_t>(n), 0));
      scores += out;
    }
    std::swap(x, next);
  }
  return scores;
}

}  // namespace

std::vector<std::string> available_readouts(const Model& m) {
  switch (m.kind) {
    case ModelKind::Backprop: return {"backprop"};
    case ModelKind::LocalHeads: return {"local-heads-last", "local-heads-all"};
    case ModelKind::ForwardForward:
      if (m.head) return {"goodness", "softmax"};
      return {"goodness"};
  }
  return {};
}

std::string primary_readout(const Model& m) {
  switch (m.kind) {
    case ModelKind::Backprop: return "backprop";
    case ModelKind::LocalHeads:
      return m.experiment.readout == Readout::Last ? "local-heads-last" : "local-heads-all";
    case ModelKind::ForwardForward: return m.head ? "softmax" : "goodness";
  }
  return "goodness";
}

Matrix label_goodness(const Model& m, const Dataset& data, std::span<const int> idx) {
  const auto n = static_cast<Index>(idx.size());
  const auto classes = static_cast<Index>(m.classes);
  // The samples with label 0 overlaid and normalised; then the 1 taken out again, so the first
  // layer can add any label's weight column to one shared GEMM (FFLayer::forward_all_labels).
  Matrix x(data.dim(), n), next;
  std::vector<Scalar> inverse_norms;
  const std::vector<std::uint8_t> zeros(idx.size(), 0);
  write_overlay_batch(data, idx, zeros, x, &inverse_norms);
  x.row(0).setZero();
  Vector total = Vector::Zero(n * classes), g;
  const auto scored = m.scored_layers();
  auto counts = [&](std::size_t l) { return std::find(scored.begin(), scored.end(), l) != scored.end(); };
  m.ff[0].forward_all_labels(x, inverse_norms, m.classes, m.ff.size() > 1 ? &next : nullptr, counts(0) ? &g : nullptr);
  if (counts(0)) total += g;
  std::swap(x, next);
  for (std::size_t l = 1; l < m.ff.size(); ++l) {
    m.ff[l].forward(x, l + 1 < m.ff.size() ? &next : nullptr, counts(l) ? &g : nullptr);
    if (counts(l)) total += g;
    std::swap(x, next);
  }
  return Eigen::Map<Matrix>(total.data(), n, classes).transpose();
}

std::vector<std::uint8_t> predict(const Model& m, const Dataset& data, const std::string& readout) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(data.size()));
  for (Index begin = 0; begin < data.size(); begin += kEvalBatch) {
    const auto idx = range(begin, std::min(data.size(), begin + kEvalBatch));
    const Matrix scores = batch_scores(m, data, idx, readout);
    for (Index j = 0; j < scores.cols(); ++j) {
      Index best = 0;
      scores.col(j).maxCoeff(&best);
      out[static_cast<std::size_t>(begin + j)] = static_cast<std::uint8_t>(best);
    }
  }
  return out;
}

Evaluation evaluate(const Model& m, const Dataset& data, const std::string& readout) {
  Evaluation e;
  e.confusion = Eigen::MatrixXi::Zero(m.classes, m.classes);
  const auto predicted = predict(m, data, readout);
  Index correct = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    ++e.confusion(data.labels[i], predicted[i]);
    correct += predicted[i] == data.labels[i];
  }
  e.accuracy = data.size() ? static_cast<double>(correct) / static_cast<double>(data.size()) : 0.0;
  return e;
}

std::map<std::string, double> evaluate_all(const Model& m, const Dataset& data) {
  std::map<std::string, double> out;
  for (const auto& r : available_readouts(m)) out[r] = evaluate(m, data, r).accuracy;
  return out;
}

std::vector<std::uint8_t> random_negatives(const Dataset& data, std::uint64_t seed, std::uint64_t round) {
  auto rng = make_rng(seed, Stream::Negatives, {round});
  std::vector<std::uint8_t> out(data.labels.size());
  const auto others = static_cast<std::uint64_t>(data.classes - 1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto shift = 1 + rng() % others;  // never the true label
    out[i] = static_cast<std::uint8_t>((data.labels[i] + shift) % static_cast<std::uint64_t>(data.classes));
  }
  return out;
}

std::vector<std::uint8_t> adaptive_negatives(const Model& m, const Dataset& data, AdaptiveChoice choice,
                                             AdaptiveFrom from, std::uint64_t seed, std::uint64_t round) {
  auto rng = make_rng(seed, Stream::AdaptiveSample, {round});
  std::vector<std::uint8_t> out(data.labels.size());
  const bool softmax = from == AdaptiveFrom::Softmax;
  if (softmax && !m.head) throw std::logic_error("adaptive negatives from the softmax head of a model without one");
  // Mean-square scale keeps the sampling temperature independent of the widths; logits are
  // log-probabilities already.
  double units = softmax ? 1.0 : 0.0;
  if (!softmax)
    for (std::size_t l : m.scored_layers()) units += m.ff[l].goodness_scale() * static_cast<double>(m.ff[l].fan_out());
  for (Index begin = 0; begin < data.size(); begin += kEvalBatch) {
    const auto idx = range(begin, std::min(data.size(), begin + kEvalBatch));
    const Matrix scores = softmax ? batch_scores(m, data, idx, "softmax") : label_goodness(m, data, idx);
    for (Index j = 0; j < scores.cols(); ++j) {
      const auto i = static_cast<std::size_t>(begin + j);
      const int truth = data.labels[i];
      int pick = truth == 0 ? 1 : 0;
      if (choice == AdaptiveChoice::Argmax) {
        for (int c = 0; c < m.classes; ++c)
          if (c != truth && scores(c, j) > scores(pick, j)) pick = c;
      } else {
        std::vector<double> p(static_cast<std::size_t>(m.classes), 0.0);
        double top = -1e300;
        for (int c = 0; c < m.classes; ++c)
          if (c != truth) top = std::max(top, scores(c, j) / units);
        double sum = 0;
        for (int c = 0; c < m.classes; ++c)
          if (c != truth) sum += p[static_cast<std::size_t>(c)] = std::exp(scores(c, j) / units - top);
        double u = static_cast<double>(rng() >> 11) * 0x1.0p-53 * sum;
        for (int c = 0; c < m.classes; ++c) {
          if (c == truth) continue;
          pick = c;
          u -= p[static_cast<std::size_t>(c)];
          if (u < 0) break;
        }
      }
      out[i] = static_cast<std::uint8_t>(pick);
    }
  }
  return out;
}

}  // namespace ffw
