// Single-Layer PFF (pff-algorithm.md 2.2): node i trains stage i (cluster.stage_nodes, or the rest
// on the last node) in every chapter: a wavefront. Before its first stage a node fetches the earlier
// stages as of this chapter from their owners, and it publishes each stage it trains to every later
// node; with algorithm.exchange_every K, it does both every K batches instead. The last node, which
// holds every layer, finds adaptive negatives and sends them round.
#include "core/schedule_layout.h"
#include "core/schedule_program.h"

namespace ffw {

NodeProgram single_layer_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start) {
  NodeProgram p;
  p.node = node;
  const int nodes = e.nodes, last = nodes - 1;
  const std::size_t stages = e.trained_stages();
  const std::int64_t samples = shapes.node_samples[static_cast<std::size_t>(node)];
  std::size_t first_own = stages;
  for (std::size_t s = 0; s < stages; ++s)
    if (single_layer_owner(e, s) == node) first_own = std::min(first_own, s);
  const bool blocks = e.exchange_every > 0 && nodes > 1;
  auto fetch_earlier = [&](std::vector<Instruction>& into, int chapter) {
    for (std::size_t s = 0; s < first_own; ++s)
      into.push_back({.op = Op::RecvStage, .chapter = chapter, .stage = static_cast<int>(s),
                      .peer = single_layer_owner(e, s), .bytes = shapes.stage_bytes[s]});
  };
  if (blocks) {
    p.block_batches = e.exchange_every;
    fetch_earlier(p.before_block, 0);
    for (int q = node + 1; q < nodes; ++q) p.after_block.push_back({.op = Op::SendStage, .stage = -1, .peer = q});
  }
  const int first = start.first_chapter >= 0 ? start.first_chapter : 0;
  for (int chapter = first; chapter < e.chapters && !program::stop_before(start, chapter); ++chapter) {
    if (!blocks) fetch_earlier(p.steps, chapter);
    for (std::size_t s = first_own; s < stages; ++s) {
      if (single_layer_owner(e, s) != node) continue;
      p.steps.push_back({.op = Op::TrainStage, .chapter = chapter, .stage = static_cast<int>(s),
                         .samples = e.epochs_per_chapter() * samples});
      if (!blocks)
        for (int q = node + 1; q < nodes; ++q)
          p.steps.push_back({.op = Op::SendStage, .chapter = chapter, .stage = static_cast<int>(s), .peer = q,
                             .bytes = shapes.stage_bytes[s]});
    }
    if (chapter + 1 < e.chapters) {
      if (e.negatives == Negatives::Adaptive) {
        if (node == last) {
          p.steps.push_back({.op = Op::RefreshNegatives, .chapter = chapter + 1, .samples = samples});
          for (int q = 0; q < last; ++q)
            p.steps.push_back({.op = Op::SendNegatives, .chapter = chapter + 1, .peer = q, .bytes = samples});
        } else {
          p.steps.push_back({.op = Op::RecvNegatives, .chapter = chapter + 1, .peer = last, .bytes = samples});
        }
      } else {
        p.steps.push_back({.op = Op::RefreshNegatives, .chapter = chapter + 1, .samples = samples});
      }
    }
    p.steps.push_back({.op = Op::FinishChapter, .chapter = chapter,
                       .evaluate = node == last && program::evaluates(e, start, chapter)});
    p.steps.push_back({.op = Op::Checkpoint, .chapter = chapter});
  }
  program::set_batches(e, samples, p);
  program::finish(p);
  return p;
}

}  // namespace ffw
