#include "core/schedule_program.h"

#include <array>

#include "core/error.h"
#include "core/schedule_layout.h"

namespace ffw {

std::string_view op_name(Op op) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(Op::Count_)> names = {
      "train_stage",      "prepare_stage",   "train_all_stages", "send_stage",     "recv_stage",
      "refresh_negatives", "send_negatives", "recv_negatives",   "send_layers",    "recv_layers",
      "finish_chapter",   "checkpoint",      "drain",            "forward",        "backward",
      "send_activations", "recv_activations", "send_gradients",  "recv_gradients", "weight_gradients",
      "start_allreduce",  "finish_allreduces", "update"};
  return names[static_cast<std::size_t>(op)];
}

bool is_send(Op op) {
  return op == Op::SendStage || op == Op::SendNegatives || op == Op::SendLayers || op == Op::SendActivations ||
         op == Op::SendGradients;
}
bool is_recv(Op op) {
  return op == Op::RecvStage || op == Op::RecvNegatives || op == Op::RecvLayers || op == Op::RecvActivations ||
         op == Op::RecvGradients;
}

SegmentKind op_segment(Op op) {
  if (is_send(op)) return SegmentKind::Send;
  if (is_recv(op) || op == Op::FinishAllreduces) return SegmentKind::Wait;
  switch (op) {
    case Op::PrepareStage: return SegmentKind::Reforward;
    case Op::RefreshNegatives: return SegmentKind::Negatives;
    case Op::FinishChapter: return SegmentKind::Evaluate;
    case Op::Drain: return SegmentKind::Idle;
    default: return SegmentKind::Train;
  }
}

ProgramShapes program_shapes(const Experiment& e, const Model& model, std::int64_t train_samples) {
  ProgramShapes s;
  s.classes = model.classes;
  s.node_samples.resize(static_cast<std::size_t>(e.nodes), train_samples);
  if (e.variant == Variant::Federated)  // make_shards deals the samples round the shards (iid) or in pieces
    for (int r = 0; r < e.nodes; ++r)
      s.node_samples[static_cast<std::size_t>(r)] = (r + 1) * train_samples / e.nodes - r * train_samples / e.nodes;
  s.samples = *std::max_element(s.node_samples.begin(), s.node_samples.end());
  Model& m = const_cast<Model&>(model);
  for (const auto& params : published_stage_params(m)) s.stage_bytes.push_back(static_cast<std::int64_t>(stage_bytes(e, params)));
  s.ff_widths.push_back(model.input_dim);
  for (const auto& l : model.ff) s.ff_widths.push_back(l.weight.value.rows());
  for (const auto& l : model.local) s.ff_widths.push_back(l.weight.value.rows());
  if (model.bp) {
    s.bp_widths.push_back(model.input_dim);
    for (std::size_t l = 0; l < model.bp->weights.size(); ++l) {
      s.bp_layer_floats.push_back(model.bp->weights[l].value.size() + model.bp->biases[l].value.size());
      s.bp_bias_floats.push_back(model.bp->biases[l].value.size());
      s.bp_widths.push_back(model.bp->weights[l].value.rows());
    }
    if (e.variant == Variant::GpipeBp) {
      s.gpipe_parts = gpipe_stages(e, bp_layer_params(*model.bp));
      for (const auto& [first, last] : s.gpipe_parts) {
        s.gpipe_output_width.push_back(model.bp->weights[last - 1].value.rows());
        std::int64_t floats = 0;
        for (std::size_t l = first; l < last; ++l) floats += s.bp_layer_floats[l];
        s.gpipe_layer_bytes.push_back(floats * static_cast<std::int64_t>(sizeof(Scalar)));
      }
    }
  }
  return s;
}

NodeProgram node_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start) {
  if (node < 0 || node >= e.nodes) throw Error(ErrorKind::Usage, "node " + std::to_string(node) + " is not a node of the run");
  switch (e.variant) {
    case Variant::Sequential:
    case Variant::Bp: return sequential_program(e, shapes, start);
    case Variant::AllLayers: return all_layers_program(e, shapes, node, start);
    case Variant::Federated: return federated_program(e, shapes, node, start);
    case Variant::SingleLayer: return single_layer_program(e, shapes, node, start);
    case Variant::GpipeBp: return gpipe_bp_program(e, shapes, node, start);
    case Variant::DataParallelBp: return data_parallel_bp_program(e, shapes, node, start);
  }
  throw Error(ErrorKind::Usage, "unknown variant");
}

namespace program {

bool trains_per_batch(const Experiment& e) { return e.interleave == Interleave::Batch || e.is_backprop(); }

bool stop_before(const ProgramStart& start, int chapter) {
  return start.stop_after_chapters > 0 && chapter >= start.stop_after_chapters;
}

bool evaluates(const Experiment& e, const ProgramStart& start, int chapter) {
  return start.evaluate_each_chapter ? e.evaluates_after(chapter) : chapter + 1 == e.chapters;
}

void finish(NodeProgram& p) { p.steps.push_back({.op = Op::Drain}); }

void set_batches(const Experiment& e, std::int64_t samples, NodeProgram& p) {
  const std::int64_t b = e.batch_size;
  p.batches_per_epoch = (samples + b - 1) / b;
  p.last_batch_samples = samples % b;
}

NodeProgram ring(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start) {
  NodeProgram p;
  p.node = node;
  const std::int64_t samples = shapes.node_samples[static_cast<std::size_t>(node)];
  const std::size_t stages = e.trained_stages();
  const bool per_batch = trains_per_batch(e);
  auto next_own = [&](int chapter) { return next_own_chapter(e, node, chapter); };
  // Stages travel where consecutive chapters are on different nodes.
  auto hands_on = [&](int chapter) {
    return chapter + 1 < e.chapters && chapter_node(e, chapter + 1) != node && !stop_before(start, chapter + 1);
  };
  auto send_all = [&](int chapter) {
    for (std::size_t s = 0; s < shapes.stage_bytes.size(); ++s)
      p.steps.push_back({.op = Op::SendStage, .chapter = chapter, .stage = static_cast<int>(s),
                         .peer = chapter_node(e, chapter + 1), .bytes = shapes.stage_bytes[s]});
  };
  // A resumed run's node that holds the last complete chapter hands its stages on first.
  const int lc = start.last_complete;
  if (start.resume && lc >= 0 && chapter_node(e, lc) == node && hands_on(lc)) send_all(lc);
  const int first = start.first_chapter >= 0 ? start.first_chapter : next_own(-1);
  for (int chapter = first; chapter < e.chapters && !stop_before(start, chapter); chapter = next_own(chapter)) {
    const int prev = chapter > 0 ? chapter_node(e, chapter - 1) : node;
    const bool receives = prev != node;
    const bool sends = hands_on(chapter);
    if (per_batch) {
      if (receives)
        for (std::size_t s = 0; s < shapes.stage_bytes.size(); ++s)
          p.steps.push_back({.op = Op::RecvStage, .chapter = chapter, .stage = static_cast<int>(s), .peer = prev,
                             .bytes = shapes.stage_bytes[s]});
      p.steps.push_back({.op = Op::TrainAllStages, .chapter = chapter, .samples = e.epochs_per_chapter() * samples});
      if (sends) send_all(chapter);
    } else {
      for (std::size_t s = 0; s < stages; ++s) {
        const int stage = static_cast<int>(s);
        if (receives) {
          // What needs only the layers below, while the stage is on its way.
          p.steps.push_back({.op = Op::PrepareStage, .chapter = chapter, .stage = stage, .samples = samples});
          p.steps.push_back({.op = Op::RecvStage, .chapter = chapter, .stage = stage, .peer = prev, .bytes = shapes.stage_bytes[s]});
        }
        p.steps.push_back({.op = Op::TrainStage, .chapter = chapter, .stage = stage,
                           .samples = e.epochs_per_chapter() * samples, .prepared = receives});
        if (sends)
          p.steps.push_back({.op = Op::SendStage, .chapter = chapter, .stage = stage, .peer = chapter_node(e, chapter + 1),
                             .bytes = shapes.stage_bytes[s]});
      }
    }
    if (const int next = next_own(chapter); next < e.chapters)
      p.steps.push_back({.op = Op::RefreshNegatives, .chapter = next, .samples = samples});
    p.steps.push_back({.op = Op::FinishChapter, .chapter = chapter, .evaluate = evaluates(e, start, chapter)});
    p.steps.push_back({.op = Op::Checkpoint, .chapter = chapter});
  }
  set_batches(e, samples, p);
  finish(p);
  return p;
}

}  // namespace program
}  // namespace ffw
