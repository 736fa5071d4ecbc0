#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/calibration.h"
#include "core/experiment.h"
#include "core/preflight.h"

namespace ffw::cli {

struct RunArgs {
  std::filesystem::path experiment;
  std::filesystem::path out;  // empty: runs/<name>-<stamp>
  std::optional<int> threads;
  int stop_after_chapters = 0;  // > 0: stop (resumably, exit 130) once the run has done this many chapters
  bool preflight = true;        // false: --no-preflight
};
int run_command(const RunArgs& args);
int resume_command(const std::filesystem::path& run_dir, std::optional<int> threads, int stop_after_chapters = 0);
int validate_command(const std::filesystem::path& experiment);
// The cluster pre-flight for a run going to `run_dir`: every host of the experiment (through its
// launcher) when `on_every_host`, else this machine only. One line per host and per problem.
// Data files are checked on the hosts only: on this machine the loader reports them (exit 4) and
// the run directory records the failure.
std::vector<PreflightLine> preflight(const Experiment& e, const std::filesystem::path& run_dir, bool on_every_host);
int doctor_command(const std::filesystem::path& experiment, const std::filesystem::path& runs);
// `ffw sweep SWEEP.json [--runs DIR]` (core/sweep.h): every combination as a run, one after another; resumable.
int sweep_command(const std::filesystem::path& sweep, const std::filesystem::path& runs);

struct EvalArgs {
  std::filesystem::path model;
  std::filesystem::path data;
  std::string format;  // empty: the model's
};
int eval_command(const EvalArgs& args);

struct BenchCoreArgs {
  int epochs = 10;
  int threads = 1;
  int seeds = 3;
  bool bp = false;
  std::filesystem::path data;
  long limit_train = 0;
  long limit_test = 0;
  std::string gemm = "auto";       // auto (measured here, once), openblas, onednn
  std::string precision = "fp32";  // fp32, bf16
};
int bench_core_command(const BenchCoreArgs& args);

struct BenchMemoryArgs {
  int threads = 0;
  std::filesystem::path data;
  long limit_train = 0;
};
int bench_memory_command(const BenchMemoryArgs& args);

struct BenchScalingArgs {
  std::vector<int> nodes;  // empty: 1, 2, 4, 8 up to this machine's cores
  int chapters = 10;
  int seeds = 3;
  std::filesystem::path data;
  long limit_train = 20000;
  long limit_test = 0;           // 0 = the whole test set
  int layers = 4;                // hidden layers of 500
  bool stream_overhead = true;   // also run every configuration with the metrics stream off
  bool send_optimizer_state = false;  // all-layers: layers travel with their Adam moments
  bool emulate = false;  // nodes as threads on CPU-time clocks: N dedicated cores estimated on fewer
  std::string variant = "all-layers";
  std::string launcher = "mpi";
  std::string gemm = "auto";       // resolved once, by measurement, for every run of the benchmark
  std::string precision = "fp32";
  std::string wire_precision = "fp32";  // weights on the wire between nodes
};
int bench_scaling_command(const BenchScalingArgs& args);
struct BenchTransportArgs {
  std::vector<double> lab_bandwidth_mbit;  // empty: Open MPI and shared memory on this machine
  std::vector<std::size_t> bytes;          // empty: 8 B to 16 MiB
  int repeats = 0;                         // 0: 200 small, 20 large
};
int bench_transport_command(const BenchTransportArgs& a);

// The accuracy every time-to-target figure aims at unless told otherwise (`bench compare`,
// `bench network`, the report): one default for all of them.
constexpr double kDefaultTargetAccuracy = 0.80;

struct BenchNetworkArgs {
  std::vector<double> bandwidth_mbit = {10000, 3000, 1000, 300, 100, 30, 10};
  std::vector<std::string> variants = {"all-layers", "gpipe-bp", "data-parallel-bp"};
  int nodes = 2;
  int seeds = 3;
  int epochs = 8;
  double target_accuracy = kDefaultTargetAccuracy;
  double link_seconds = 8;  // what a bounded measurement may spend on the link alone
  std::filesystem::path data;
  long limit_train = 20000;
};
int bench_network_command(const BenchNetworkArgs& a);

struct ProbeArgs {
  std::filesystem::path experiment;
  std::filesystem::path out;         // empty: NAME.calibration.json here
  int threads = 0;                   // 0: the experiment's (0 there: 1, the benchmarks' setting)
  std::int64_t samples = 20000;      // training samples the compute probe uses
  bool transports = true;            // also shared memory, Open MPI and (for a lab experiment) the lab
  double lab_bandwidth_mbit = 0;     // > 0: measure the lab's payload share at this rate
  bool node_speeds = false;          // also time a reference workload on every node's host (the experiment's launcher)
};
int probe_command(const ProbeArgs& args);
// training.gemm "auto": the backend `ffw run` picks by measuring this machine (written into e).
void resolve_gemm_backend(Experiment& e);
// The GEMM threads each node of `e` uses: training.threads, else every core in one process, else
// the cores shared among the nodes.
int gemm_threads_per_node(const Experiment& e);
// The probe of `ffw probe`, for an experiment in memory.
Calibration probe_experiment(const Experiment& e, const ProbeArgs& args);
struct BenchPlanArgs {
  std::filesystem::path data;
  std::filesystem::path calibration;  // empty: probe one node first
  long limit_train = 20000;
  int epochs = 4;
  int seeds = 3;
  std::vector<std::string> cases;     // name prefixes; empty: every case
  bool placement = false;             // instead: cluster.placement "auto" against the preset, slow nodes
};
int bench_plan_command(const BenchPlanArgs& args);
struct BenchFaultsArgs {
  std::filesystem::path data;
  std::filesystem::path out;  // empty: a temporary directory, removed when every trial met its outcome
  int trials = 8;
  std::uint64_t seed = 1;
  int chapters = 8;
  long limit_train = 2000;
  std::vector<std::string> variants = {"all-layers", "single-layer", "gpipe-bp", "data-parallel-bp"};
  std::vector<std::string> launchers = {"local", "mpi"};
  bool keep = false;  // keep every trial's run directory and log
};
int bench_faults_command(const BenchFaultsArgs& args);
struct BenchElasticArgs {
  std::filesystem::path data;
  std::filesystem::path out;  // empty: a temporary directory, removed afterwards
  std::vector<std::string> variants = {"all-layers"};
  int nodes = 4;
  int seeds = 3;
  int chapters = 16;
  long limit_train = 20000;
  long limit_test = 0;        // 0: the whole test set
  double kill_at = 0.5;       // the node is killed once this share of the chapters is checkpointed
};
int bench_elastic_command(const BenchElasticArgs& args);
struct PlanArgs {
  std::filesystem::path experiment;
  std::filesystem::path calibration;  // file, or a directory with calibration.json; empty: probe now
  std::vector<int> nodes;
  std::vector<std::string> variants;
  double bandwidth_mbit = 0, latency_ms = 0;
  std::vector<double> slowdown;
  double price_per_node_hour = 0.5, watts_per_node = 150;
  std::string goal = "fastest";
  bool auto_placement = false;  // Single-Layer and GPipe: the best stage placement per row
  std::filesystem::path timeline;  // write the recommended row's predicted timeline.csv here
};
int plan_command(const PlanArgs& args);

struct BenchCompareArgs {
  int nodes = 2;
  int chapters = 8;
  int seeds = 3;
  std::filesystem::path data;
  long limit_train = 20000;
  std::vector<std::string> transports = {"mpi", "local"};
  std::vector<std::string> variants;  // empty: all
  std::vector<int> micro_batches;     // gpipe-bp: a sweep over these m (empty: the "auto" rule)
  double target_accuracy = kDefaultTargetAccuracy;
};
int bench_compare_command(const BenchCompareArgs& args);

// The paper's Tables 1-3 in structure: {adaptive, random, fixed} negatives x {goodness, softmax}
// x {Sequential, Single-Layer with one node per stage, All-Layers on --nodes}.
struct BenchPaperArgs {
  std::filesystem::path data;
  long limit_train = 20000;  // Sequential with the softmax head passes 85 % here with every negative strategy (docs/benchmarks.md)
  long limit_test = 0;
  int epochs = 10;  // = chapters, as in the paper (100 epochs in 100 chapters there)
  int seeds = 3;
  int nodes = 4;    // All-Layers
  std::vector<std::string> negatives = {"adaptive", "random", "fixed"};
  std::vector<std::string> classifiers = {"goodness", "softmax"};
  std::vector<std::string> implementations = {"sequential", "single-layer", "all-layers"};
  bool real_runs = true;  // also run every distributed row for real (oversubscribed) for its accuracy
  std::string gemm = "auto";
};
int bench_paper_command(const BenchPaperArgs& args);

// Built with Qt only (FFW_WITH_QT): charts and the meeting report from a run directory.
struct ExportArgs {
  std::filesystem::path run_dir, output;
  std::string chart = "accuracy", format = "png", language = "en";
  int width = 1000, height = 600;
  double smoothing = 0.6;
  bool log_y = false;
};
int export_command(const ExportArgs& args);
struct ReportArgs {
  std::filesystem::path run_dir, baseline, output;
  std::filesystem::path sweep_state;  // instead of run_dir: the report of a sweep
  std::string language = "en";
  double price_per_node_hour = 0.50, watts_per_node = 150, target_accuracy = kDefaultTargetAccuracy;
  // The scaling outlook page: costs from a calibration file or a finished run's directory.
  std::filesystem::path calibration;
  std::vector<int> outlook_nodes = {1, 2, 4, 8};
  double bandwidth_mbit = 0;
};
int report_command(const ReportArgs& args);
struct BenchGuiArgs {
  int workers = 8;
  int points = 100000;  // per series
  double speed = 10;
  double recorded_seconds = 300;
  std::filesystem::path experiment;  // the quickstart, for the time to the first point
  std::filesystem::path screenshot;  // the dashboard at the end of the replay; empty: none
};
int bench_gui_command(const BenchGuiArgs& args);

}  // namespace ffw::cli
