#include "cluster/schedule.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "cluster/gpipe.h"
#include "core/error.h"
#include "core/evaluate.h"
#include "core/gemm.h"
#include "core/bf16.h"
#include "core/model_file.h"
#include "core/schedule_layout.h"
#include "core/schedule_program.h"

namespace ffw::cluster {
namespace fs = std::filesystem;

namespace {

constexpr int kWeightsTag = 1000;  // + stage; MPI keeps messages of one tag from one sender in order
constexpr int kLabelsTag = 900;

bool ring_variant(const Experiment& e) {
  return e.variant == Variant::AllLayers || e.variant == Variant::Federated || e.variant == Variant::Sequential ||
         e.variant == Variant::Bp;
}

bool bf16_wire(const Experiment& e) { return e.wire_precision == gemm::Precision::Bf16; }

// A stage on the wire (stage_bytes in core/schedule_layout.h), so the next node continues the
// layer exactly where this one left it. Calls f(matrix, is_weights) for every array that travels, in the wire's order.
template <class F>
void for_each_shipped(const Experiment& e, const std::vector<Param*>& params, F&& f) {
  for (Param* p : params) {
    f(p->value, true);
    if (!e.send_optimizer_state) continue;
    f(p->state.m, false);
    if (ships_second_moment(e)) f(p->state.v, false);
  }
}

void pack_stage(const Experiment& e, const std::vector<Param*>& params, std::vector<std::byte>& buffer) {
  buffer.resize(stage_bytes(e, params));
  std::byte* at = buffer.data();
  for_each_shipped(e, params, [&](const Matrix& m, bool weights) {
    const auto count = static_cast<std::size_t>(m.size());
    if (weights && bf16_wire(e)) {
      for (std::size_t i = 0; i < count; ++i, at += sizeof(std::uint16_t)) {
        const std::uint16_t h = to_bf16(m.data()[i]);
        std::memcpy(at, &h, sizeof h);
      }
      return;
    }
    std::memcpy(at, m.data(), count * sizeof(Scalar));
    at += count * sizeof(Scalar);
  });
  if (e.send_optimizer_state)
    for (const Param* p : params) {
      std::memcpy(at, &p->state.steps, sizeof(std::int64_t));
      at += sizeof(std::int64_t);
    }
}

void unpack_stage(const Experiment& e, const std::vector<Param*>& params, const std::vector<std::byte>& buffer) {
  const std::byte* at = buffer.data();
  for_each_shipped(e, params, [&](Matrix& m, bool weights) {
    const auto count = static_cast<std::size_t>(m.size());
    if (weights && bf16_wire(e)) {
      for (std::size_t i = 0; i < count; ++i, at += sizeof(std::uint16_t)) {
        std::uint16_t h;
        std::memcpy(&h, at, sizeof h);
        m.data()[i] = from_bf16(h);
      }
      return;
    }
    std::memcpy(m.data(), at, count * sizeof(Scalar));
    at += count * sizeof(Scalar);
  });
  if (e.send_optimizer_state)
    for (Param* p : params) {
      std::memcpy(&p->state.steps, at, sizeof(std::int64_t));
      at += sizeof(std::int64_t);
    }
}

class NodeRun {
public:
  NodeRun(const Experiment& e, Transport& t, NodeTrainer& node, const ScheduleOptions& o)
      : e_(e), t_(t), node_(node), o_(o), rank_(t.rank()), nodes_(t.size()) {}

  void publish(int chapter, std::size_t stage, int to) {
    pack_stage(e_, node_.stage_params(stage), buffer_);
    t_.set_chapter(chapter + 1, static_cast<int>(stage) + 1);
    t_.send(to, kWeightsTag + static_cast<int>(stage), Category::Weights, buffer_);
  }

  void fetch(int chapter, std::size_t stage, int from) {
    const auto params = node_.stage_params(stage);
    buffer_.resize(stage_bytes(e_, params));
    t_.set_chapter(chapter + 1, static_cast<int>(stage) + 1);
    t_.recv(from, kWeightsTag + static_cast<int>(stage), Category::Weights, buffer_);
    unpack_stage(e_, params, buffer_);
  }

  void checkpoint(int chapter) {
    if (o_.checkpoint_dir.empty() || !e_.checkpoints) return;
    Checkpoint c{std::move(node_.model()), chapter + 1, node_.clock().now(), node_.negatives()};
    try {
      save_checkpoint(node_checkpoint(o_.checkpoint_dir, rank_, chapter), c);
    } catch (...) {
      node_.model() = std::move(c.model);
      throw;
    }
    node_.model() = std::move(c.model);
    // A ring node is at most one chapter ahead of the run's last complete chapter, so its two
    // newest checkpoints always hold the one a resume needs.
    if (ring_variant(e_)) {
      own_chapters_.push_back(chapter);
      if (own_chapters_.size() > 2) {
        std::error_code ec;
        fs::remove(node_checkpoint(o_.checkpoint_dir, rank_, own_chapters_.front()), ec);
        own_chapters_.erase(own_chapters_.begin());
      }
    }
  }

  bool stop_before(int chapter) const { return o_.stop_after_chapters > 0 && chapter >= o_.stop_after_chapters; }

  const Experiment& e_;
  Transport& t_;
  NodeTrainer& node_;
  const ScheduleOptions& o_;
  int rank_, nodes_;
  std::vector<std::byte> buffer_;
  std::vector<int> own_chapters_;  // ring: the chapters this node has checkpointed, the newest two
};

// The latest chapter checkpoint of `node` in `dir`, or -1.
int latest_checkpoint(const fs::path& dir, int node, int chapters, int at_most) {
  for (int c = std::min(chapters - 1, at_most); c >= 0; --c)
    if (fs::exists(node_checkpoint(dir, node, c))) return c;
  return -1;
}

constexpr int kDataTag = 800;

void send_dataset(Transport& t, int to, const Dataset& d) {
  const std::array<std::int64_t, 3> shape = {d.dim(), d.size(), d.classes};
  t.send_values<const std::int64_t>(to, kDataTag, Category::Control, shape);
  t.send_values<const Scalar>(to, kDataTag, Category::Data, std::span<const Scalar>(d.x.data(), static_cast<std::size_t>(d.x.size())));
  t.send_values<const std::uint8_t>(to, kDataTag, Category::Data, d.labels);
}

void recv_dataset(Transport& t, Dataset& d) {
  std::array<std::int64_t, 3> shape{};
  t.recv_values<std::int64_t>(0, kDataTag, Category::Control, shape);
  d.x.resize(shape[0], shape[1]);
  d.classes = static_cast<int>(shape[2]);
  d.labels.resize(static_cast<std::size_t>(shape[1]));
  t.recv_values<Scalar>(0, kDataTag, Category::Data, std::span<Scalar>(d.x.data(), static_cast<std::size_t>(d.x.size())));
  t.recv_values<std::uint8_t>(0, kDataTag, Category::Data, d.labels);
}

}  // namespace

void distribute_data(const Experiment& e, Transport& t, DataSplit& data) {
  if (e.data_source != DataSource::Rank0 || t.size() == 1) return;
  if (t.rank() == 0) {
    for (int q = 1; q < t.size(); ++q) {
      for (const Dataset* d : {&data.train, &data.validation, &data.test}) send_dataset(t, q, *d);
      for (const Vector* v : {&data.preprocess.offset, &data.preprocess.scale})
        t.send_values<const Scalar>(q, kDataTag, Category::Data, std::span<const Scalar>(v->data(), static_cast<std::size_t>(v->size())));
    }
    return;
  }
  for (Dataset* d : {&data.train, &data.validation, &data.test}) recv_dataset(t, *d);
  data.preprocess.scaling = e.data.scaling;
  for (Vector* v : {&data.preprocess.offset, &data.preprocess.scale}) {
    v->resize(data.train.dim());
    t.recv_values<Scalar>(0, kDataTag, Category::Data, std::span<Scalar>(v->data(), static_cast<std::size_t>(v->size())));
  }
}

fs::path set_aside(const fs::path& checkpoint) {
  fs::path damaged = checkpoint;
  damaged += ".damaged";
  std::error_code ec;
  fs::rename(checkpoint, damaged, ec);
  if (ec) throw Error(ErrorKind::Io, checkpoint.string() + ": is damaged and cannot be set aside (" + ec.message() + ")");
  return damaged;
}

std::vector<std::string> set_aside_damaged_checkpoints(const fs::path& dir, int nodes, int chapters) {
  std::vector<std::string> notes;
  for (int node = 0; node < nodes; ++node)
    for (int c = latest_checkpoint(dir, node, chapters, chapters); c >= 0; c = latest_checkpoint(dir, node, chapters, c - 1)) {
      const fs::path f = node_checkpoint(dir, node, c);
      try {
        load_checkpoint(f);
        break;
      } catch (const Error& ex) {
        if (ex.kind() != ErrorKind::Model) throw;
        notes.push_back(std::string(ex.what()) + "\n  set aside as " + set_aside(f).filename().string() + "; node " +
                        std::to_string(node) + " resumes from its checkpoint before it");
      }
    }
  return notes;
}

int ring_last_complete(const Experiment& e, const fs::path& dir) {
  // Node r has done every chapter of its own up to its latest checkpoint; the first chapter it has
  // not done is its next own one. The run is complete up to the earliest such gap.
  int first_gap = e.chapters;
  for (int r = 0; r < e.nodes; ++r)
    first_gap = std::min(first_gap, next_own_chapter(e, r, latest_checkpoint(dir, r, e.chapters, e.chapters)));
  return first_gap - 1;
}

ReformedRing reform_after_loss(const Experiment& e, Transport& transport, const fs::path& checkpoint_dir) {
  const std::vector<int> lost = transport.reform();
  if (std::find(lost.begin(), lost.end(), transport.rank()) != lost.end())
    throw Error(ErrorKind::Environment, "node " + std::to_string(transport.rank()) + " was declared lost by ffw");
  ReformedRing r = reform_ring(e, lost, ring_last_complete(e, checkpoint_dir));
  int lowest = 0;
  while (std::find(lost.begin(), lost.end(), lowest) != lost.end()) ++lowest;
  if (transport.rank() == lowest) transport.report_reformed(r.redone.empty() ? r.continued_from : r.redone.back(), r.continued_from);
  return r;
}

fs::path node_checkpoint(const fs::path& dir, int node, int chapter) {
  char name[64];
  std::snprintf(name, sizeof name, "node%d-chapter%05d.ffwc", node, chapter + 1);
  return dir / name;
}

NodeResult run_node(const Experiment& e, const DataSplit& data, Transport& transport, NodeContext context,
                    const ScheduleOptions& options) {
  gemm::apply(e);  // the run's backend and precision, as every node of it multiplies
  const int rank = transport.rank(), nodes = transport.size();
  if (nodes != e.nodes)
    throw Error(ErrorKind::Experiment, "/cluster/nodes: is " + std::to_string(e.nodes) + " but " +
                                           std::to_string(nodes) + " nodes were started");
  transport.instrument(context.clock, context.timeline);
  context.wait_cpu_seconds = [&transport] { return transport.counters().wait_cpu_seconds; };

  // This node's training data: all of it, or its shard (federated: the other shards never reach it).
  Dataset shard;
  const Dataset* train = &data.train;
  if (e.variant == Variant::Federated) {
    shard = data.train.subset(make_shards(data.train.labels, nodes, e.shards, e.seed)[static_cast<std::size_t>(rank)]);
    train = &shard;
  }

  // Resume: the run's last complete chapter K, and this node's state as of its last chapter <= K.
  // Single-Layer and data-parallel nodes take part in every chapter; ring nodes start at their first
  // own chapter (cluster.chapter_nodes, or their rank).
  const bool every_chapter = e.variant == Variant::SingleLayer || e.variant == Variant::DataParallelBp ||
                             e.variant == Variant::GpipeBp;
  int first_chapter = every_chapter ? 0 : next_own_chapter(e, rank, -1);
  std::optional<Checkpoint> restored;
  int last_complete = -1;
  if (options.resume && !options.checkpoint_dir.empty()) {
    if (every_chapter) {
      last_complete = e.chapters;  // the earliest of the nodes' latest checkpoints
      for (int r = 0; r < nodes; ++r)
        last_complete = std::min(last_complete, latest_checkpoint(options.checkpoint_dir, r, e.chapters, e.chapters));
      if (last_complete >= 0) {
        const fs::path f = node_checkpoint(options.checkpoint_dir, rank, last_complete);
        restored = load_checkpoint(f);
        check_checkpoint_fits(*restored, e, f);
      }
      first_chapter = last_complete + 1;
    } else {
      last_complete = ring_last_complete(e, options.checkpoint_dir);
      int mine = -1;  // this node's last own chapter <= K
      for (int c = 0; c <= last_complete; ++c)
        if (chapter_node(e, c) == rank) mine = c;
      if (mine >= 0) {
        const fs::path f = node_checkpoint(options.checkpoint_dir, rank, mine);
        if (!fs::exists(f))
          throw Error(ErrorKind::Io, f.string() + " is missing; the run cannot be resumed consistently");
        restored = load_checkpoint(f);
        check_checkpoint_fits(*restored, e, f);
      }
      first_chapter = next_own_chapter(e, rank, mine);
    }
  }

  std::vector<std::uint8_t> negatives;
  Model model = restored ? std::move(restored->model)
                         : Model::create(e, static_cast<int>(data.train.dim()), data.train.classes, data.preprocess);
  model.preprocess = data.preprocess;
  if (restored) {
    negatives = std::move(restored->negatives);
  } else if (e.negatives == Negatives::Random || e.negatives == Negatives::Adaptive) {
    // A ring node's first chapter is its first own one: its negatives are that chapter's draw.
    negatives = random_negatives(*train, e.seed, static_cast<std::uint64_t>(first_chapter));
  }
  std::vector<Param*> reducing;  // data-parallel: the parameters whose gradients are being summed
  if (e.variant == Variant::DataParallelBp && nodes > 1) {
    // Every node holds the whole network and a part of every batch; the gradients are averaged,
    // a layer at a time as backward finishes it (a ring; Transport::start_allreduce_sum).
    context.shard = rank;
    context.shards = nodes;
    context.start_reduction = [&transport, &reducing](Param& weight, Param& bias) {
      const std::span<float> parts[] = {{weight.grad.data(), static_cast<std::size_t>(weight.grad.size())},
                                        {bias.grad.data(), static_cast<std::size_t>(bias.grad.size())}};
      transport.start_allreduce_sum(parts, Category::Gradients);
      reducing.push_back(&weight);
      reducing.push_back(&bias);
    };
    // With cluster.batch_shares each node weighed its gradients by its part already (NodeTrainer).
    const float scale = e.batch_shares.empty() ? 1.0f / static_cast<float>(nodes) : 1.0f;
    context.finish_reduction = [&transport, &reducing, scale] {
      transport.finish_allreduces();
      for (Param* p : reducing) p->grad *= scale;
      reducing.clear();
    };
  }
  std::optional<GpipeStage> gpipe;
  std::vector<std::pair<std::size_t, std::size_t>> gpipe_parts;
  if (e.variant == Variant::GpipeBp) {
    gpipe_parts = gpipe_stages(e, bp_layer_params(*model.bp));
    context.pipeline_first = gpipe_parts[static_cast<std::size_t>(rank)].first;
    context.pipeline_last = gpipe_parts[static_cast<std::size_t>(rank)].second;
    context.pipeline_gradients = [&gpipe](std::span<const int> idx) { return gpipe->step(idx); };
  }
  // The node's instruction stream (core/schedules/), run below instruction by instruction.
  ProgramStart start;
  start.first_chapter = first_chapter;
  start.last_complete = last_complete;
  start.resume = options.resume;
  start.stop_after_chapters = options.stop_after_chapters;
  start.evaluate_each_chapter = options.evaluate_each_chapter;
  ProgramShapes shapes = program_shapes(e, model, static_cast<std::int64_t>(data.train.size()));
  shapes.node_samples[static_cast<std::size_t>(rank)] = static_cast<std::int64_t>(train->size());
  const NodeProgram program = node_program(e, shapes, rank, start);
  // Single-Layer exchanging every K batches: the block bodies, before each block of K batches of the
  // node's first stage and after each block of every stage it trains.
  NodeRun* exchanger = nullptr;
  int exchange_chapter = 0;
  if (program.block_batches > 0) {
    const auto k = program.block_batches;
    std::size_t first_own = 0;
    while (single_layer_owner(e, first_own) != rank) ++first_own;
    context.before_batch = [&, first_own, k](std::size_t stage, std::int64_t batch) {
      if (stage != first_own || batch % k != 0) return;
      for (const Instruction& i : program.before_block) exchanger->fetch(exchange_chapter, static_cast<std::size_t>(i.stage), i.peer);
    };
    context.after_batch = [&, k](std::size_t stage, std::int64_t batch, bool last) {
      if ((batch + 1) % k != 0 && !last) return;
      for (const Instruction& i : program.after_block) exchanger->publish(exchange_chapter, stage, i.peer);
    };
  }
  NodeTrainer node(e, *train, data.test, data.validation, std::move(model), std::move(negatives), context);
  if (e.variant == Variant::GpipeBp) {
    gpipe.emplace(transport, *node.model().bp, *train, e, shapes);
  }
  NodeRun run(e, transport, node, options);
  exchanger = &run;
  // A re-formed ring's node has new chapters: its negatives are drawn for the first of them.
  if (options.reformed && first_chapter < e.chapters) node.refresh_negatives(first_chapter);

  NodeResult result;
  result.chapters_done = last_complete + 1;
  const bool cut_short = options.stop_after_chapters > 0 && options.stop_after_chapters < e.chapters;
  try {
    for (const Instruction& i : program.steps) {
      const auto stage = static_cast<std::size_t>(std::max(i.stage, 0));
      switch (i.op) {
        case Op::TrainStage:
          exchange_chapter = i.chapter;
          node.train_stage(i.chapter, stage);
          break;
        case Op::PrepareStage: node.prepare_stage(i.chapter, stage); break;
        case Op::TrainAllStages: node.train_all_stages(i.chapter); break;
        case Op::SendStage: run.publish(i.chapter, stage, i.peer); break;
        case Op::RecvStage: run.fetch(i.chapter, stage, i.peer); break;
        case Op::RefreshNegatives: node.refresh_negatives(i.chapter); break;
        case Op::SendNegatives:
          transport.set_chapter(i.chapter, 0);
          transport.send_values<const std::uint8_t>(i.peer, kLabelsTag, Category::Labels, node.negatives());
          break;
        case Op::RecvNegatives:
          transport.set_chapter(i.chapter, 0);
          transport.recv_values<std::uint8_t>(i.peer, kLabelsTag, Category::Labels, node.negatives());
          break;
        case Op::SendLayers:
          transport.set_chapter(i.chapter + 1, 0);
          gpipe->send_layers(i.peer);
          break;
        case Op::RecvLayers:
          transport.set_chapter(i.chapter + 1, 0);
          gpipe->recv_layers(i.peer, gpipe_parts[static_cast<std::size_t>(i.stage)]);
          break;
        case Op::FinishChapter: node.finish_chapter(i.chapter, i.evaluate); break;
        case Op::Checkpoint:
          run.checkpoint(i.chapter);
          result.chapters_done = i.chapter + 1;
          break;
        case Op::Drain:
          transport.set_chapter(0, 0);
          // The drain: idle until every node is done. A run cut short (--stop-after-chapters) meets
          // untimed, so that an elastic ring's loss still reaches every survivor before it ends.
          if (!cut_short) transport.barrier();
          else transport.rendezvous();
          break;
        default:
          throw std::logic_error("instruction " + std::string(op_name(i.op)) + " outside a batch");
      }
    }
    result.status = cut_short ? TrainStatus::Stopped : TrainStatus::Finished;
  } catch (const StopRequested&) {
    result.status = TrainStatus::Stopped;
  } catch (const RingChanged&) {
    // An elastic ring lost a node: the chapters this node kept for testing later are tested now,
    // before it re-forms with the others (their results would go with this trainer).
    node.evaluate_deferred();
    throw;
  }
  transport.set_chapter(0, 0);
  result.train_seconds = context.clock->now();
  if (result.status == TrainStatus::Finished) node.evaluate_deferred();  // off the training clock

  result.holds_final_model = rank == final_model_node(e);
  result.primary_readout = primary_readout(node.model());
  result.timings = node.timings();
  if (result.holds_final_model && result.status == TrainStatus::Finished) {
    if (options.final_evaluation) {
      result.test_accuracy = evaluate_all(node.model(), data.test);
      result.confusion = evaluate(node.model(), data.test, result.primary_readout).confusion;
    }
    result.model = std::move(node.model());
  }
  result.traffic = transport.counters();
  result.wall_seconds = context.clock->now();
  return result;
}

}  // namespace ffw::cluster
