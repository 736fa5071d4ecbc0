#pragma once
// The experiment document (schema_version 1): what the CLI, the workers and the GUI share.
// docs/experiment.md describes every key. Parsing reports every problem at once, each with its
// JSON path.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/dataset.h"
#include "core/gemm.h"

namespace ffw {

inline constexpr int kSchemaVersion = 1;

enum class Variant { Sequential, Bp, AllLayers, SingleLayer, Federated, GpipeBp, DataParallelBp };
enum class Negatives { Adaptive, Random, Fixed, None };
enum class AdaptiveChoice { Argmax, Sample };
enum class AdaptiveFrom { Goodness, Softmax };  // which prediction picks an adaptive negative
enum class Classifier { Goodness, Softmax, LocalHeads };
enum class Readout { Last, All };
enum class GoodnessKind { SumSquares, MeanSquares };
enum class OptimizerKind { Adam, Sgd };
enum class Interleave { Layer, Batch };
enum class Launcher { InProcess, Local, Mpi, Lab };
enum class DataSource { Local, Rank0 };
enum class Placement { Preset, Auto };
enum class OnNodeFailure { Stop, Continue };

struct LayerSpec {
  int width = 0;
  std::optional<double> threshold;      // default: width (sum of squares) or 1 (mean of squares)
  std::optional<double> learning_rate;  // default: training.optimizer.learning_rate
};

struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::Adam;
  double learning_rate = 1e-3;
  double weight_decay = 0.0;
  double momentum = 0.9;  // SGD
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  // Adam
};

struct Experiment {
  int schema_version = kSchemaVersion;
  std::string name = "experiment";
  std::string description;

  DataOptions data;

  std::vector<LayerSpec> layers;
  GoodnessKind goodness = GoodnessKind::SumSquares;
  double peer_normalization = 0.0;  // lambda; 0 = off

  Variant variant = Variant::Sequential;
  Negatives negatives = Negatives::Random;
  AdaptiveChoice adaptive_choice = AdaptiveChoice::Argmax;
  // Adaptive negatives from the 10-label goodness pass, or from the softmax head's one-pass
  // prediction (the paper's choice for its softmax model). Unset: softmax with the softmax
  // classifier, goodness otherwise (adaptive_source()).
  std::optional<AdaptiveFrom> adaptive_from;
  Classifier classifier = Classifier::Softmax;
  Readout readout = Readout::All;
  // gpipe-bp: micro-batches per batch. "auto" (kAutoMicroBatches, the default) is the rule of
  // auto_micro_batches(), which `ffw run` turns into a number in the run's experiment.json; 0 is
  // the rule of runs made before "auto" (4 x nodes, 1 on one node), kept so that they resume as
  // they started.
  static constexpr int kAutoMicroBatches = -1;
  int micro_batches = kAutoMicroBatches;
  int exchange_every = 0;  // single-layer: batches between parameter exchanges; 0 = once per chapter
  // all-layers, federated: a stage travels with its optimizer state (Adam moments or SGD velocity,
  // and the step count), so a layer continues on the next node exactly as on one node; 2-3x the bytes.
  bool send_optimizer_state = false;
  // Weights on the wire (all-layers, federated, single-layer): fp32, or bf16 (half the bytes; the
  // receiver continues from the rounded weights). Optimizer state always travels in fp32.
  gemm::Precision wire_precision = gemm::Precision::Fp32;

  int epochs = 10;
  int chapters = 10;
  int batch_size = 100;
  std::uint64_t seed = 1;
  OptimizerSpec optimizer;
  OptimizerSpec head_optimizer;  // the softmax head's own optimizer
  bool cooldown = true;          // linear learning-rate cooldown after half the epochs
  Interleave interleave = Interleave::Layer;
  int metrics_every = 0;  // batches between metric records; 0 = about twice a second
  // Test evaluation during a run: every `evaluate_every_chapters` chapters (0: only at the end),
  // either as each chapter ends, on the node's training path ("inline", what live charts need), or
  // from the chapter's weights kept aside and evaluated once training has ended ("deferred", what
  // benchmarks use, so that no variant's training time includes evaluation). Either way the
  // accuracy is recorded at the time its chapter ended. docs/run-directory.md defines the times.
  int evaluate_every_chapters = 1;
  bool deferred_evaluation = false;
  bool evaluates_after(int chapter) const {  // 0-based; the last chapter always
    return chapter + 1 == chapters || (evaluate_every_chapters > 0 && (chapter + 1) % evaluate_every_chapters == 0);
  }
  int threads = 0;        // GEMM threads per node (OpenBLAS's and oneDNN's OpenMP); 0 = every core
  // The GEMM backend; nullopt = "auto": `ffw run` measures the backends at this experiment's shapes
  // and writes the winner into the run's experiment.json (gemm::choose_backend).
  std::optional<gemm::Backend> gemm;
  gemm::Precision precision = gemm::Precision::Fp32;  // bf16: GEMM inputs in bf16, fp32 accumulation
  bool checkpoints = true;
  int input_cache_mb = 512;  // per node: deeper FF stages train from a per-chapter input cache; 0 = re-forward per batch

  Launcher launcher = Launcher::InProcess;
  int nodes = 1;
  std::filesystem::path hostfile;       // MPI only; empty: this machine
  // The network lab (launcher "lab"): Open MPI ranks on emulated hosts of this machine, joined by
  // links shaped to a bandwidth (docs/cluster.md, "The network lab").
  struct Lab {
    int hosts = 0;                        // 0: one per node
    std::vector<double> bandwidth_mbit;   // one for every link, or one per host; 0: unshaped
    int host_count(int node_count) const { return hosts > 0 ? hosts : node_count; }
    double bandwidth_of(int host) const {
      return bandwidth_mbit.empty() ? 1000.0
             : static_cast<std::size_t>(host) < bandwidth_mbit.size() ? bandwidth_mbit[static_cast<std::size_t>(host)]
                                                                       : bandwidth_mbit.front();
    }
  } lab;
  std::vector<double> slowdown;         // per node, >= 1: emulates an older machine
  // single-layer and gpipe-bp: the node of each pipeline stage, in order and contiguous
  // (0, 0, 1, 2, 2, ...); empty: the variant's preset (one stage per node, the rest on the last;
  // GPipe balances parameters).
  std::vector<int> stage_nodes;
  // all-layers and federated: the node of each chapter (0, 1, 0, 0, 1, ...), so that a slow node
  // takes fewer; empty: the preset, chapter k on node k mod N. Every node takes at least one.
  std::vector<int> chapter_nodes;
  // data-parallel-bp: each node's share of every batch, in relative whole numbers (e.g. samples of a
  // full batch: [67, 33]), so that a slow node takes less; empty: equal parts.
  std::vector<int> batch_shares;
  // "auto": `ffw run` picks the stage_nodes (chapter_nodes, batch_shares) with the least predicted time
  // (core/planner.h) and writes them into the run's experiment.json, which every node and a resume
  // then use as given.
  Placement placement = Placement::Preset;
  // Seconds without a worker's heartbeat before the run fails naming it; 0: the launcher's default
  // (2 s; more on the lab's slow links).
  double heartbeat_timeout_s = 0;
  // What a run does when a node dies or hangs: "stop" (the run fails, resumable), or "continue"
  // (All-Layers and Federated on local workers: the survivors re-form the ring and redo the lost
  // chapters; docs/cluster.md, "An elastic ring").
  OnNodeFailure on_node_failure = OnNodeFailure::Stop;
  // Written by ffw when an elastic ring lost nodes: they own no chapter after the loss, and a
  // resume starts them without work.
  std::vector<int> lost_nodes;
  DataSource data_source = DataSource::Local;  // every host reads its own copy, or rank 0 sends it
  ShardMode shards = ShardMode::Iid;    // federated

  int epochs_per_chapter() const { return epochs / chapters; }
  AdaptiveFrom adaptive_source() const {
    if (adaptive_from) return *adaptive_from;
    return classifier == Classifier::Softmax ? AdaptiveFrom::Softmax : AdaptiveFrom::Goodness;
  }
  // GPipe's m, whichever way it was given.
  int micro_batch_count() const;
  double threshold(std::size_t layer) const;
  double learning_rate(std::size_t layer) const;
  bool is_backprop() const {
    return variant == Variant::Bp || variant == Variant::DataParallelBp || variant == Variant::GpipeBp;
  }
  // The stages a pipeline variant maps to nodes: layers and the softmax head (single-layer),
  // hidden and output layers (gpipe-bp); 0 for the others.
  std::size_t pipeline_stages() const;
  // The variants whose chapters go round the nodes (All-Layers, Federated): cluster.chapter_nodes.
  bool chapters_placed() const { return variant == Variant::AllLayers || variant == Variant::Federated; }
  // The stages one chapter trains, whatever the variant: FF layers and the softmax head, or the
  // hidden and output layers of a backprop network.
  std::size_t trained_stages() const {
    return layers.size() + (is_backprop() || classifier == Classifier::Softmax ? 1 : 0);
  }
  double slowdown_of(int node) const {
    return static_cast<std::size_t>(node) < slowdown.size() ? slowdown[static_cast<std::size_t>(node)] : 1.0;
  }
};

// Parses and validates. Throws Error(Experiment) listing every problem, one per line, each
// starting with its JSON path. `base` resolves a relative data.path.
// GPipe's "auto" micro-batch count for `nodes` stages and a batch of `batch_size`: as many
// micro-batches as keep each at least kMinMicroBatchSamples wide, up to 4 per stage; 1 on one node
// (nothing to fill). From the sweep m = 1, 2, 4, 8 at N = 2 in docs/benchmarks.md: narrower GEMMs
// cost more than the bubble they save.
inline constexpr int kMinMicroBatchSamples = 25;
int auto_micro_batches(int nodes, int batch_size);

// One rulebook for experiments: every problem with `doc`, each with its JSON path (empty: the
// whole document), message and severity, in document order. The experiment is valid when no
// problem is an error; warnings say what it will run into (more nodes than cores here, a data
// directory that only the cluster's hosts may have). `ffw validate`, `ffw run`, `ffw plan` and the
// Designer all decide validity by it. With `files_here`, also what this machine has: the data
// directory, the hostfile, its cores (`ffw validate`, `ffw run`, the Designer), once the rules pass.
enum class Severity { Error, Warning };
struct ExperimentProblem {
  std::string path, message;
  Severity severity = Severity::Error;
};
bool has_errors(const std::vector<ExperimentProblem>& problems);
std::vector<ExperimentProblem> experiment_problems(const nlohmann::json& doc, const std::filesystem::path& base = {},
                                                   bool files_here = false);
// The experiment `doc` describes; throws Error(Experiment) listing every problem otherwise.
Experiment parse_experiment(const nlohmann::json& doc, const std::filesystem::path& base = {});
Experiment load_experiment(const std::filesystem::path& file);
nlohmann::json to_json(const Experiment& e);

std::string to_string(Variant v);
std::optional<Variant> variant_from_string(const std::string& s);
std::string to_string(Negatives n);
std::string to_string(Classifier c);
std::string to_string(DataFormat f);
std::optional<DataFormat> data_format_from_string(const std::string& s);
std::string to_string(Scaling s);
std::string to_string(const std::optional<gemm::Backend>& b);  // "auto", "openblas", "onednn"
// The network a run had, in words for tables and reports: "lab: 4 hosts, 100 Mbit/s",
// "shared memory", "MPI, hostfile hosts.txt", "MPI, this machine", "one process".
std::string network_description(const Experiment& e);

}  // namespace ffw
