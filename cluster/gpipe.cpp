#include "cluster/gpipe.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "core/softmax_head.h"

namespace ffw::cluster {

namespace {
constexpr int kActivationsTag = 700;
constexpr int kGradientsTag = 701;
constexpr int kLayersTag = 702;
}  // namespace

GpipeStage::GpipeStage(Transport& t, BpMlp& mlp, const Dataset& train, const Experiment& e, const ProgramShapes& shapes)
    : t_(t),
      mlp_(mlp),
      train_(train),
      e_(e),
      shapes_(shapes),
      first_(shapes.gpipe_parts[static_cast<std::size_t>(t.rank())].first),
      last_(shapes.gpipe_parts[static_cast<std::size_t>(t.rank())].second),
      is_first_(t.rank() == 0),
      is_last_(t.rank() + 1 == t.size()),
      inputs_(static_cast<std::size_t>(e.micro_batch_count())),
      acts_(static_cast<std::size_t>(e.micro_batch_count())),
      deltas_(static_cast<std::size_t>(e.micro_batch_count())) {}

double GpipeStage::step(std::span<const int> idx) {
  const std::size_t n = idx.size();
  auto found = programs_.find(n);
  if (found == programs_.end())
    found = programs_.emplace(n, gpipe_batch_program(e_, shapes_, t_.rank(), static_cast<std::int64_t>(n))).first;
  std::size_t m = 0;
  for (const Instruction& i : found->second) m = std::max(m, static_cast<std::size_t>(i.micro + 1));
  auto part = [&](std::size_t i) { return idx.subspan(i * n / m, (i + 1) * n / m - i * n / m); };
  double loss = 0;
  for (const Instruction& ins : found->second) {
    const auto i = static_cast<std::size_t>(std::max(ins.micro, 0));
    switch (ins.op) {
      case Op::RecvActivations: {
        Matrix& in = inputs_[i];
        in.resize(mlp_.weights[first_].value.cols(), static_cast<Index>(part(i).size()));
        t_.recv_values<Scalar>(ins.peer, kActivationsTag, Category::Activations,
                               std::span<Scalar>(in.data(), static_cast<std::size_t>(in.size())));
        break;
      }
      case Op::Forward: {
        const auto mb = part(i);
        Matrix& in = inputs_[i];
        if (is_first_) {
          in.resize(train_.dim(), static_cast<Index>(mb.size()));
          for (std::size_t j = 0; j < mb.size(); ++j) in.col(static_cast<Index>(j)) = train_.x.col(mb[j]);
        }
        mlp_.forward_layers(first_, last_, in, acts_[i]);
        break;
      }
      case Op::SendActivations: {
        const Matrix& out = acts_[i].back();
        t_.send_values<const Scalar>(ins.peer, kActivationsTag, Category::Activations,
                                     std::span<const Scalar>(out.data(), static_cast<std::size_t>(out.size())));
        break;
      }
      case Op::RecvGradients:
        // Each micro-batch's deltas are of the batch's mean loss, layer by layer.
        delta_.resize(mlp_.weights[last_ - 1].value.rows(), static_cast<Index>(part(i).size()));
        t_.recv_values<Scalar>(ins.peer, kGradientsTag, Category::Gradients,
                               std::span<Scalar>(delta_.data(), static_cast<std::size_t>(delta_.size())));
        break;
      case Op::Backward: {
        if (is_last_) {
          const auto mb = part(i);
          std::swap(delta_, acts_[i].back());  // the logits
          labels_.resize(mb.size());
          for (std::size_t j = 0; j < mb.size(); ++j) labels_[j] = train_.labels[static_cast<std::size_t>(mb[j])];
          loss += softmax_cross_entropy(delta_, labels_) * static_cast<double>(mb.size());
          for (Index j = 0; j < delta_.cols(); ++j) delta_(labels_[static_cast<std::size_t>(j)], j) -= 1;
          delta_ /= static_cast<Scalar>(n);
        }
        mlp_.layer_deltas(first_, last_, inputs_[i], acts_[i], delta_, deltas_[i], is_first_ ? nullptr : &delta_in_);
        break;
      }
      case Op::SendGradients:  // the gradient at the stage's input, to the previous stage at once
        t_.send_values<const Scalar>(ins.peer, kGradientsTag, Category::Gradients,
                                     std::span<const Scalar>(delta_in_.data(), static_cast<std::size_t>(delta_in_.size())));
        break;
      case Op::WeightGradients: weight_gradients(m, n); break;
      case Op::Update: break;  // the node's trainer updates its layers once step() returns
      default: throw std::logic_error("instruction " + std::string(op_name(ins.op)) + " in a GPipe batch");
    }
  }
  return is_last_ ? loss / static_cast<double>(n) : -1.0;
}

// Weight gradients once per batch, over every micro-batch's columns: one GEMM per layer at the
// full batch width instead of m narrow ones (the same sum, at full GEMM speed).
void GpipeStage::weight_gradients(std::size_t m, std::size_t n) {
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
