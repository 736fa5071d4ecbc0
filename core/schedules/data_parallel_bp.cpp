// Data-parallel backprop: every node holds the whole network and takes its part of every batch
// (cluster.batch_shares, else equal parts);
// the gradients are summed over the nodes a layer at a time, each layer's bucket as soon as its
// backward is done (PyTorch DDP's buckets), and the node waits for them all before the update.
// Node 0 evaluates.
#include "core/schedule_layout.h"
#include "core/schedule_program.h"

namespace ffw {

std::vector<Instruction> data_parallel_batch_program(const Experiment& e, const ProgramShapes& shapes, int node,
                                                     std::int64_t samples) {
  std::vector<Instruction> b;
  const std::int64_t nodes = e.nodes;
  const auto [begin, end] = batch_part(e, node, samples);
  const std::int64_t part = end - begin;
  b.push_back({.op = Op::Forward, .samples = part});
  for (std::size_t l = shapes.bp_layer_floats.size(); l-- > 0;) {
    b.push_back({.op = Op::Backward, .stage = static_cast<int>(l), .samples = part});
    if (nodes > 1)  // the layer's weights and biases, one bucket
      b.push_back({.op = Op::StartAllreduce, .stage = static_cast<int>(l), .samples = shapes.bp_bias_floats[l],
                   .bytes = shapes.bp_layer_floats[l] * static_cast<std::int64_t>(sizeof(Scalar))});
  }
  if (nodes > 1) b.push_back({.op = Op::FinishAllreduces});
  b.push_back({.op = Op::Update, .samples = part});
  return b;
}

NodeProgram data_parallel_bp_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start) {
  NodeProgram p;
  p.node = node;
  const std::int64_t samples = shapes.node_samples[static_cast<std::size_t>(node)];
  const int first = start.first_chapter >= 0 ? start.first_chapter : 0;
  for (int chapter = first; chapter < e.chapters && !program::stop_before(start, chapter); ++chapter) {
    p.steps.push_back({.op = Op::TrainAllStages, .chapter = chapter, .samples = e.epochs_per_chapter() * samples});
    p.steps.push_back({.op = Op::FinishChapter, .chapter = chapter, .evaluate = node == 0 && program::evaluates(e, start, chapter)});
    p.steps.push_back({.op = Op::Checkpoint, .chapter = chapter});
  }
  program::set_batch_bodies(e, samples, p, [&](std::int64_t n) { return data_parallel_batch_program(e, shapes, node, n); });
  program::finish(p);
  return p;
}

}  // namespace ffw
