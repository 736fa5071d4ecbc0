#include "cluster/gpipe.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "core/softmax_head.h"

namespace ffw::cluster {

namespace {
constexpr int kActivationsTag = 700;
constexpr int kGradientsTag = 701;
constexpr int kLayersTag = 702;
}  // namespace

std::vector<int> bp_layer_params(const BpMlp& mlp) {
  std::vector<int> p;
  for (std::size_t l = 0; l < mlp.weights.size(); ++l)
    p.push_back(static_cast<int>(mlp.weights[l].value.size() + mlp.biases[l].value.size()));
  return p;
}

std::vector<std::pair<std::size_t, std::size_t>> gpipe_partition(const std::vector<int>& layer_params, int stages) {
  const std::size_t n = layer_params.size(), p = static_cast<std::size_t>(stages);
  // best[k][i]: the smallest possible largest stage when layers [0, i) form k stages.
  constexpr long long kInf = std::numeric_limits<long long>::max();
  std::vector<std::vector<long long>> best(p + 1, std::vector<long long>(n + 1, kInf));
  std::vector<std::vector<std::size_t>> cut(p + 1, std::vector<std::size_t>(n + 1, 0));
  best[0][0] = 0;
  for (std::size_t k = 1; k <= p; ++k)
    for (std::size_t i = k; i <= n; ++i)
      for (std::size_t j = k - 1; j < i; ++j) {
        if (best[k - 1][j] == kInf) continue;
        long long sum = 0;
        for (std::size_t l = j; l < i; ++l) sum += layer_params[l];
        const long long worst = std::max(best[k - 1][j], sum);
        if (worst < best[k][i]) best[k][i] = worst, cut[k][i] = j;
      }
  std::vector<std::pair<std::size_t, std::size_t>> parts(p);
  std::size_t end = n;
  for (std::size_t k = p; k >= 1; --k) {
    parts[k - 1] = {cut[k][end], end};
    end = cut[k][end];
  }
  return parts;
}

std::vector<std::pair<std::size_t, std::size_t>> gpipe_stages(const Experiment& e, const std::vector<int>& layer_params) {
  if (e.stage_nodes.size() != layer_params.size()) return gpipe_partition(layer_params, e.nodes);
  std::vector<std::pair<std::size_t, std::size_t>> parts(static_cast<std::size_t>(e.nodes), {0, 0});
  for (std::size_t l = 0; l < layer_params.size(); ++l) {  // validated: contiguous, in order, every node
    auto& part = parts[static_cast<std::size_t>(e.stage_nodes[l])];
    if (part.first == part.second) part.first = l;
    part.second = l + 1;
  }
  return parts;
}

std::int64_t gpipe_bytes_per_epoch(const BpMlp& mlp, const std::vector<std::pair<std::size_t, std::size_t>>& parts,
                                   std::int64_t samples) {
  std::int64_t bytes = 0;
  for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
    const auto width = mlp.weights[parts[k].second - 1].value.rows();  // the boundary's width
    bytes += 2 * samples * width * static_cast<std::int64_t>(sizeof(Scalar));  // activations + gradients
  }
  return bytes;
}

GpipeStage::GpipeStage(Transport& t, BpMlp& mlp, const Dataset& train, std::pair<std::size_t, std::size_t> layers,
                       int micro_batches)
    : t_(t),
      mlp_(mlp),
      train_(train),
      first_(layers.first),
      last_(layers.second),
      m_(micro_batches),
      is_first_(t.rank() == 0),
      is_last_(t.rank() + 1 == t.size()),
      inputs_(static_cast<std::size_t>(micro_batches)),
      acts_(static_cast<std::size_t>(micro_batches)) {}

double GpipeStage::step(std::span<const int> idx) {
  const int rank = t_.rank();
  const std::size_t n = idx.size(), m = std::min<std::size_t>(static_cast<std::size_t>(m_), n);
  auto part = [&](std::size_t i) { return idx.subspan(i * n / m, (i + 1) * n / m - i * n / m); };
  // Fill: every micro-batch forward through this stage.
  for (std::size_t i = 0; i < m; ++i) {
    const auto mb = part(i);
    Matrix& in = inputs_[i];
    if (is_first_) {
      in.resize(train_.dim(), static_cast<Index>(mb.size()));
      for (std::size_t j = 0; j < mb.size(); ++j) in.col(static_cast<Index>(j)) = train_.x.col(mb[j]);
    } else {
      in.resize(mlp_.weights[first_].value.cols(), static_cast<Index>(mb.size()));
      t_.recv_values<Scalar>(rank - 1, kActivationsTag, Category::Activations,
                             std::span<Scalar>(in.data(), static_cast<std::size_t>(in.size())));
    }
    mlp_.forward_layers(first_, last_, in, acts_[i]);
    if (!is_last_) {
      const Matrix& out = acts_[i].back();
      t_.send_values<const Scalar>(rank + 1, kActivationsTag, Category::Activations,
                                   std::span<const Scalar>(out.data(), static_cast<std::size_t>(out.size())));
    }
  }
  // Drain: back in reverse order, each micro-batch's deltas (of the batch's mean loss) layer by
  // layer; the gradient at the stage's input goes to the previous stage at once.
  double loss = 0;
  deltas_.resize(m);
  for (std::size_t i = m; i-- > 0;) {
    const auto mb = part(i);
    if (is_last_) {
      std::swap(delta_, acts_[i].back());  // the logits
      labels_.resize(mb.size());
      for (std::size_t j = 0; j < mb.size(); ++j) labels_[j] = train_.labels[static_cast<std::size_t>(mb[j])];
      loss += softmax_cross_entropy(delta_, labels_) * static_cast<double>(mb.size());
      for (Index j = 0; j < delta_.cols(); ++j) delta_(labels_[static_cast<std::size_t>(j)], j) -= 1;
      delta_ /= static_cast<Scalar>(n);
    } else {
      delta_.resize(mlp_.weights[last_ - 1].value.rows(), static_cast<Index>(mb.size()));
      t_.recv_values<Scalar>(rank + 1, kGradientsTag, Category::Gradients,
                             std::span<Scalar>(delta_.data(), static_cast<std::size_t>(delta_.size())));
    }
    mlp_.layer_deltas(first_, last_, inputs_[i], acts_[i], delta_, deltas_[i], is_first_ ? nullptr : &delta_in_);
    if (!is_first_)
      t_.send_values<const Scalar>(rank - 1, kGradientsTag, Category::Gradients,
                                   std::span<const Scalar>(delta_in_.data(), static_cast<std::size_t>(delta_in_.size())));
  }
  // Weight gradients once per batch, over every micro-batch's columns: one GEMM per layer at the
  // full batch width instead of m narrow ones (the same sum, at full GEMM speed).
  for (std::size_t l = first_; l < last_; ++l) {
    const std::size_t k = l - first_;
    if (m == 1) {
      mlp_.weight_gradients(l, deltas_[0][k], k == 0 ? inputs_[0] : acts_[0][k - 1]);
      continue;
    }
    const Index rows = deltas_[0][k].rows(), fan_in = mlp_.weights[l].value.cols();
    batch_delta_.resize(rows, static_cast<Index>(n));
    batch_input_.resize(fan_in, static_cast<Index>(n));
    Index at = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const Index cols = deltas_[i][k].cols();
      batch_delta_.middleCols(at, cols) = deltas_[i][k];
      batch_input_.middleCols(at, cols) = k == 0 ? inputs_[i] : acts_[i][k - 1];
      at += cols;
    }
    mlp_.weight_gradients(l, batch_delta_, batch_input_);
  }
  return is_last_ ? loss / static_cast<double>(n) : -1.0;
}

void GpipeStage::send_layers(int to) {
  for (std::size_t l = first_; l < last_; ++l)
    for (const Param* p : {&mlp_.weights[l], &mlp_.biases[l]})
      t_.send_values<const Scalar>(to, kLayersTag, Category::Weights,
                                   std::span<const Scalar>(p->value.data(), static_cast<std::size_t>(p->value.size())));
}

void GpipeStage::recv_layers(int from, std::pair<std::size_t, std::size_t> layers) {
  for (std::size_t l = layers.first; l < layers.second; ++l)
    for (Param* p : {&mlp_.weights[l], &mlp_.biases[l]})
      t_.recv_values<Scalar>(from, kLayersTag, Category::Weights,
                             std::span<Scalar>(p->value.data(), static_cast<std::size_t>(p->value.size())));
}

}  // namespace ffw::cluster
