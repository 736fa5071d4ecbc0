// GPipe-style pipeline-parallel backprop (Huang et al. 2019): the MLP's layers in one contiguous
// stage per node; each batch cut into m micro-batches that flow forward through the stages (fill),
// then back in reverse order (drain); each node sums its layers' gradients over the micro-batches
// and updates once per batch. To evaluate, the last node gathers every node's layers.
#include "core/schedule_program.h"

namespace ffw {

std::vector<Instruction> gpipe_batch_program(const Experiment& e, const ProgramShapes& shapes, int node,
                                             std::int64_t samples) {
  std::vector<Instruction> b;
  const int nodes = e.nodes;
  const bool first = node == 0, last = node + 1 == nodes;
  const std::int64_t m = std::min<std::int64_t>(e.micro_batch_count(), samples);
  const auto in_width = first ? 0 : shapes.gpipe_output_width[static_cast<std::size_t>(node - 1)];
  const auto out_width = shapes.gpipe_output_width[static_cast<std::size_t>(node)];
  auto width = [&](std::int64_t i) { return (i + 1) * samples / m - i * samples / m; };
  constexpr std::int64_t kFloat = sizeof(Scalar);
  for (std::int64_t i = 0; i < m; ++i) {
    const int mi = static_cast<int>(i);
    if (!first) b.push_back({.op = Op::RecvActivations, .stage = node, .peer = node - 1, .micro = mi, .bytes = in_width * width(i) * kFloat});
    b.push_back({.op = Op::Forward, .stage = node, .micro = mi, .samples = width(i)});
    if (!last) b.push_back({.op = Op::SendActivations, .stage = node, .peer = node + 1, .micro = mi, .bytes = out_width * width(i) * kFloat});
  }
  for (std::int64_t i = m; i-- > 0;) {
    const int mi = static_cast<int>(i);
    if (!last) b.push_back({.op = Op::RecvGradients, .stage = node, .peer = node + 1, .micro = mi, .bytes = out_width * width(i) * kFloat});
    b.push_back({.op = Op::Backward, .stage = node, .micro = mi, .samples = width(i)});
    if (!first) b.push_back({.op = Op::SendGradients, .stage = node, .peer = node - 1, .micro = mi, .bytes = in_width * width(i) * kFloat});
  }
  b.push_back({.op = Op::WeightGradients, .stage = node, .samples = samples});
  b.push_back({.op = Op::Update, .stage = node, .samples = samples});
  return b;
}

NodeProgram gpipe_bp_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start) {
  NodeProgram p;
  p.node = node;
  const int nodes = e.nodes, last = nodes - 1;
  const std::int64_t samples = shapes.node_samples[static_cast<std::size_t>(node)];
  const int first = start.first_chapter >= 0 ? start.first_chapter : 0;
  for (int chapter = first; chapter < e.chapters && !program::stop_before(start, chapter); ++chapter) {
    p.steps.push_back({.op = Op::TrainAllStages, .chapter = chapter, .samples = e.epochs_per_chapter() * samples});
    const bool evaluate = program::evaluates(e, start, chapter);
    if (evaluate && nodes > 1) {  // the whole network on the last node
      if (node == last)
        for (int q = 0; q < last; ++q)
          p.steps.push_back({.op = Op::RecvLayers, .chapter = chapter, .stage = q, .peer = q,
                             .bytes = shapes.gpipe_layer_bytes[static_cast<std::size_t>(q)]});
      else
        p.steps.push_back({.op = Op::SendLayers, .chapter = chapter, .stage = node, .peer = last,
                           .bytes = shapes.gpipe_layer_bytes[static_cast<std::size_t>(node)]});
    }
    p.steps.push_back({.op = Op::FinishChapter, .chapter = chapter, .evaluate = node == last && evaluate});
    p.steps.push_back({.op = Op::Checkpoint, .chapter = chapter});
  }
  program::set_batch_bodies(e, samples, p, [&](std::int64_t n) { return gpipe_batch_program(e, shapes, node, n); });
  program::finish(p);
  return p;
}

}  // namespace ffw
