#pragma once
// Each schedule, described once: a generator of per-node instruction streams (in the manner of
// DeepSpeed's pipeline schedules). The executor (cluster/schedule.cpp) runs a node's stream over a
// Transport; the simulator (core/schedule_simulator.h) replays the same streams with costs. One
// file per variant in core/schedules/.
//
// A stream is chapter-level work (train a stage, send it on, refresh the negatives, end the
// chapter); a chapter that trains batch by batch (GPipe, data-parallel, the per-batch interleave)
// runs its batch body once per batch; Single-Layer exchanging every K batches runs its block
// bodies around every block of K batches.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/experiment.h"
#include "core/model.h"
#include "core/timeline.h"

namespace ffw {

enum class Op : std::uint8_t {
  // A chapter's work.
  TrainStage,        // C epochs of `stage`; unless `prepared`, its input cache is built first
  PrepareStage,      // the part of `stage` that needs only the layers below, while the stage is on its way
  TrainAllStages,    // C epochs of every stage, batch by batch; each batch runs the batch body
  SendStage,         // `stage`'s parameters, to `peer`
  RecvStage,         // `stage`'s parameters, from `peer`
  RefreshNegatives,  // the negatives for chapter `chapter`
  SendNegatives,     // the negative labels, to `peer`
  RecvNegatives,     // the negative labels, from `peer`
  SendLayers,        // GPipe: this node's layers to `peer`, which gathers the network for evaluation
  RecvLayers,        // GPipe: `peer`'s layers (its pipeline stage `stage`)
  FinishChapter,     // the chapter's records; `evaluate`: the node tests the network (or keeps it, deferred)
  Checkpoint,        // the node's state after `chapter`; the chapter is done
  Drain,             // wait for every node: the ramp-down's idle time
  // One batch (the body of TrainAllStages).
  Forward,           // GPipe: micro-batch `micro` through this node's layers; data-parallel: the node's part
  Backward,          // GPipe: micro-batch `micro`'s deltas; data-parallel: layer `stage`'s gradients
  SendActivations,   // GPipe: micro-batch `micro`'s output, to `peer`
  RecvActivations,   // GPipe: micro-batch `micro`'s input, from `peer`
  SendGradients,     // GPipe: micro-batch `micro`'s gradient at this stage's input, to `peer`
  RecvGradients,     // GPipe: micro-batch `micro`'s gradient at this stage's output, from `peer`
  WeightGradients,   // GPipe: the own layers' weight gradients over the whole batch
  StartAllreduce,    // data-parallel: begin summing layer `stage`'s gradients over every node (a bucket)
  FinishAllreduces,  // data-parallel: wait for every bucket begun
  Update,            // the optimizer step on the node's layers
  Count_
};
std::string_view op_name(Op op);
// The timeline segment an instruction's time shows as (the timeline's vocabulary): train, reforward,
// negatives, evaluate, send, wait, idle.
SegmentKind op_segment(Op op);
bool is_send(Op op);
bool is_recv(Op op);

struct Instruction {
  Op op = Op::Drain;
  int chapter = 0;            // 0-based
  int stage = -1;             // stage (PFF), layer (data-parallel backward), pipeline stage (GPipe); -1: none
  int peer = -1;
  int micro = -1;             // GPipe micro-batch
  std::int64_t samples = 0;   // compute: the samples it processes (TrainStage: C epochs' worth);
                              // StartAllreduce: the floats of the bucket's second part (the biases)
  std::int64_t bytes = 0;     // transfers: bytes on the wire; StartAllreduce: the bucket's bytes
  bool evaluate = false;      // FinishChapter
  bool prepared = false;      // TrainStage: its PrepareStage ran before it
  bool operator==(const Instruction&) const = default;
};

// What the streams need to know of the network's shapes and the data.
struct ProgramShapes {
  std::int64_t samples = 0;                // training samples per node (federated: the largest shard)
  std::vector<std::int64_t> node_samples;  // per node
  std::vector<std::int64_t> stage_bytes;   // PFF: each stage on the wire
  // GPipe: each node's layers [first, last), the width at each node's output, the bytes of each
  // node's layers (fp32 weights and biases).
  std::vector<std::pair<std::size_t, std::size_t>> gpipe_parts;
  std::vector<std::int64_t> gpipe_output_width, gpipe_layer_bytes;
  std::vector<std::int64_t> bp_layer_floats;  // backprop: each layer's weights and biases
  std::vector<std::int64_t> bp_bias_floats;   // backprop: each layer's biases
  std::vector<std::int64_t> bp_widths;        // backprop: input width, then each layer's output width
  std::vector<std::int64_t> ff_widths;        // FF: input width, then each layer's width
  std::int64_t classes = 0;
};
// `model` has the experiment's shapes (Model::create); `train_samples` the training set's size.
ProgramShapes program_shapes(const Experiment& e, const Model& model, std::int64_t train_samples);

// Where a node's stream starts: after a resume, from the run's last complete chapter.
struct ProgramStart {
  int first_chapter = -1;      // -1: the variant's first (every-chapter variants 0, ring node r: r)
  int last_complete = -1;      // the run's last complete chapter (resume), or -1
  bool resume = false;
  int stop_after_chapters = 0; // > 0: stop once the run has done this many chapters
  bool evaluate_each_chapter = true;
};

struct NodeProgram {
  int node = 0;
  std::vector<Instruction> steps;
  // TrainAllStages: one batch's instructions for a full batch and for an epoch's last, shorter
  // batch (empty when the training set divides into batches); both empty: the batch is local work.
  std::vector<Instruction> batch, last_batch;
  std::int64_t batches_per_epoch = 0, last_batch_samples = 0;
  // Single-Layer exchanging every `block_batches` batches: `before_block` before each block of the
  // node's first own stage, `after_block` after each block of every stage it trains (stage -1 in
  // a send: the stage just trained).
  std::int64_t block_batches = 0;
  std::vector<Instruction> before_block, after_block;
};

// The stream of `node` for the experiment's variant.
NodeProgram node_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start = {});

// The variants, one file each (core/schedules/).
NodeProgram sequential_program(const Experiment& e, const ProgramShapes& shapes, const ProgramStart& start);
NodeProgram all_layers_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start);
NodeProgram federated_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start);
NodeProgram single_layer_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start);
NodeProgram gpipe_bp_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start);
NodeProgram data_parallel_bp_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start);
// GPipe's fill-drain for one batch of `samples` on `node`: every micro-batch forward (receiving
// its input, sending its output), then back in reverse order, then the weight gradients and the
// update. The executor's GpipeStage runs exactly this.
std::vector<Instruction> gpipe_batch_program(const Experiment& e, const ProgramShapes& shapes, int node,
                                             std::int64_t samples);
// Data-parallel: the node's part of one batch forward, each layer's backward from the last with
// its bucket's allreduce begun at once, the wait, the update.
std::vector<Instruction> data_parallel_batch_program(const Experiment& e, const ProgramShapes& shapes, int node,
                                                     std::int64_t samples);

// Helpers the generators share.
namespace program {
// The ring of All-Layers, Federated and Sequential (and one-node backprop): chapter k on node k mod N.
NodeProgram ring(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start);
bool trains_per_batch(const Experiment& e);
bool stop_before(const ProgramStart& start, int chapter);
bool evaluates(const Experiment& e, const ProgramStart& start, int chapter);
// The end of every stream: the drain.
void finish(NodeProgram& p);
// Batches per epoch and the last batch's size, for `samples` at the experiment's batch size.
void set_batches(const Experiment& e, std::int64_t samples, NodeProgram& p);
// The batch bodies of a per-batch schedule (GPipe, data-parallel): `body(samples)` for a full batch
// and for an epoch's shorter last one.
template <class Body>
void set_batch_bodies(const Experiment& e, std::int64_t samples, NodeProgram& p, Body&& body) {
  set_batches(e, samples, p);
  p.batch = body(static_cast<std::int64_t>(e.batch_size));
  if (p.last_batch_samples > 0) p.last_batch = body(p.last_batch_samples);
}
}  // namespace program

}  // namespace ffw
