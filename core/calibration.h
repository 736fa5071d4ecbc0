#pragma once
// What each instruction costs on this machine, measured at an experiment's shapes (`ffw probe`),
// and the cost model the planner's simulator runs on: compute per sample and stage, transfers per
// byte and per message, hosts and their links, node speeds.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dataset.h"
#include "core/experiment.h"
#include "core/schedule_program.h"
#include "core/schedule_simulator.h"

namespace ffw {

struct Calibration {
  nlohmann::json machine;  // machine_info(): CPU, ISA, BLAS kernel
  std::string source;      // "probe", or the run directory it came from
  int batch_size = 0;
  int threads = 1;
  std::int64_t probe_samples = 0;
  // The data the costs are for: what a sample is, and how many the experiment trains on.
  int input_dim = 0, classes = 0;
  std::int64_t train_samples = 0, test_samples = 0;
  // Forward-Forward, in seconds per training sample: one epoch of each stage (without building its
  // input cache), building each stage's input cache once, one epoch of every stage batch by batch
  // (the per-batch interleave), one refresh of the negatives; one inline test evaluation and one
  // checkpoint in seconds.
  std::vector<double> train_stage, prepare_stage;
  // The first time a node builds a stage's input cache (the cache's memory is new then: page
  // faults, a cold cache), per sample.
  std::vector<double> prepare_stage_first;
  double train_all_stages = 0, negatives = 0, evaluate_seconds = 0, checkpoint_seconds = 0;
  // Backprop, in seconds per sample at each measured batch width (a micro-batch's or a node's
  // part of a batch): each layer's forward and deltas; at the full batch: each layer's weight
  // gradients, the loss, the per-batch work outside the layers (gathering the batch); and each
  // layer's update per batch, in seconds.
  std::vector<int> bp_widths;
  std::vector<std::vector<double>> bp_forward, bp_deltas;  // [width][layer]
  std::vector<double> bp_weight_gradients, bp_update;
  double bp_loss = 0, bp_batch_overhead = 0;
  // The whole one-node training step at the full batch (the fused forward and backward, the
  // update, the batch's gathering), per sample; the parts above are scaled to add up to it.
  double bp_step = 0;
  // How much slower a node computes while another node computes beside it on this machine (the
  // cores share caches and memory): Forward-Forward stage training, and a backprop step.
  double contention_ff = 1, contention_bp = 1;
  // Summing received floats into one's own (an allreduce's reduction), bytes per second.
  double reduce_bytes_per_second = 0;
  // Transfers between two nodes of this machine (shared memory, and Open MPI where measured), and
  // the share of a shaped link's nominal rate the payload gets (the network lab).
  LinkCost shared_memory, mpi;
  // One whole allreduce between two local workers over shared memory (copies, ring and sums), as
  // bytes of the bucket per second.
  double shared_memory_allreduce_bytes_per_second = 0;
  bool mpi_measured = false;
  double lab_payload_share = 0.95;
  bool lab_measured = false;
  // Node speeds measured on each node's own host (`ffw probe --node-speeds`): the reference
  // workload's seconds per sample here, and each node's as a factor of it (2: twice as slow).
  double reference_seconds_per_sample = 0;
  std::vector<double> node_slowdown;
  std::vector<std::string> node_hosts;

  bool has_forward_forward() const { return !train_stage.empty(); }
  bool has_backprop() const { return !bp_widths.empty(); }

  nlohmann::json to_json() const;
  // Throws Error(Data) naming the file and what is wrong.
  static Calibration from_json(const nlohmann::json& j, const std::string& where);
  static Calibration load(const std::filesystem::path& file);
  void save(const std::filesystem::path& file) const;
};

// Measures the compute costs of the experiment's stages (both its Forward-Forward network and the
// backprop network of the same widths) on this machine with its thread count, on at most
// `samples` training samples, in about `seconds`.
Calibration probe_compute(const Experiment& e, const DataSplit& data, std::int64_t samples = 20000);

// A finished Forward-Forward run as calibration (`ffw plan --calibration RUN_DIR`): each stage's
// training and cache building per sample from its timeline's train and reforward segments (each
// node's first chapter apart, slowed nodes scaled back), the negatives and evaluations likewise;
// the machine from its summary. A run has no backprop layers or transfers to time one by one:
// those rows of a plan need a probe. Throws Error(Data) naming what is missing.
Calibration calibration_from_run(const std::filesystem::path& run_dir);
// A node's speed: one epoch of the first hidden layer's stage on up to 2,000 training samples (the
// least of three tries), on one thread, in seconds per sample. `cpu` is what the node's core needs:
// the thread's CPU time, plus `slowdown` - 1 times that for an emulated older CPU (cluster.slowdown),
// added on the node's own clock rather than slept. `wall` is the elapsed time (unslowed): much more
// than `cpu` says the host's core is busy with other work, or with other nodes. CPU time keeps the
// nodes' factors apart from how many of them share a host, which the plan prices on its own
// (contention). Run on every node's host by `ffw probe --node-speeds`.
struct ReferenceTime {
  double cpu = 0;
  double wall = 0;
};
ReferenceTime reference_seconds_per_sample(const Experiment& e, const DataSplit& data, double slowdown = 1.0);

// The network and nodes a prediction is for.
struct PlanNetwork {
  int hosts = 0;                         // 0: every node on one machine (local workers)
  double bandwidth_mbit = 0;             // each host's link; 0: unlimited
  double latency_ms = 0;                 // per message, on top (not validated: the lab has no latency)
  std::vector<double> slowdown;          // per node; missing nodes run at 1
  bool mpi = false;                      // Open MPI between the nodes of one machine (else shared memory)
  bool lab = false;                      // the hosts are the network lab's (tbf links with their bursts)
  bool shared_machine = false;           // the nodes share one machine's memory system (local workers, the lab)
};

class CalibratedCosts final : public CostModel {
public:
  CalibratedCosts(const Experiment& e, const ProgramShapes& shapes, const Calibration& c, const PlanNetwork& n);
  // Each node's first chapter (its input caches are new then), from the streams it will run.
  void set_programs(const std::vector<NodeProgram>& programs);
  double compute_seconds(int node, const Instruction& i) const override;
  int host_of(int node) const override;
  LinkCost local_link() const override;
  LinkCost host_link(int host) const override;
  bool allreduce_overlaps() const override;
  double reduce_seconds(std::int64_t bytes) const override;
  std::int64_t eager_limit_bytes() const override;
  double blocking_allreduce_seconds(std::int64_t bytes, int nodes) const override;

private:
  double per_sample(const std::vector<std::vector<double>>& table, std::size_t layer, std::int64_t width) const;
  double slowdown(int node) const;
  double bp_scale() const;
  std::vector<int> first_chapter_;
  const Experiment& e_;
  const ProgramShapes& s_;
  const Calibration& c_;
  PlanNetwork n_;
  int nodes_per_host_ = 1;
};

// The experiment as the planner varies it: another variant and node count, the rest unchanged
// (Single-Layer's and GPipe's stage mapping back to the preset for the new node count).
Experiment planned_experiment(const Experiment& e, Variant variant, int nodes);

}  // namespace ffw
