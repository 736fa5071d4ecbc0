#include "app/cli/bench_runs.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cluster/launcher.h"
#include "cluster/schedule.h"
#include "cluster/threaded_run.h"
#include "cluster/transport.h"
#include "core/error.h"
#include "core/gemm.h"
#include "core/metrics.h"
#include "core/run_directory.h"

namespace ffw::cli {
namespace fs = std::filesystem;

namespace {

struct TestAccuracy {
  double time;  // the consumer's clock, from the run's start
  int chapter;  // 1-based
  double value;
};

std::vector<TestAccuracy> test_accuracies(const fs::path& metrics_csv) {
  std::ifstream in(metrics_csv);
  std::string line;
  std::vector<TestAccuracy> out;
  while (std::getline(in, line))
    if (const auto r = parse_metrics_csv_line(line); r && r->metric == Metric::TestAccuracy)
      out.push_back({r->time_s, r->chapter, r->value});
  return out;
}

// The first time a test accuracy >= target was recorded; -1: never.
double time_to_accuracy(const std::vector<TestAccuracy>& accuracies, double target) {
  double best = -1;
  for (const auto& a : accuracies)
    if (a.value >= target && (best < 0 || a.time < best)) best = a.time;
  return best;
}

}  // namespace

double BenchRun::sent_bytes() const {
  double total = 0;
  for (const auto& [category, b] : bytes) total += b;
  return total;
}

BenchRun launch_bench_run(const Experiment& e, double target, bool stream_metrics) {
  static std::atomic<int> count{0};
  const auto dir = fs::temp_directory_path() /
                   ("ffw-bench-" + std::to_string(getpid()) + "-" + std::to_string(count++));
  fs::remove_all(dir);
  const RunDirectory run = RunDirectory::create(dir, e);
  cluster::LaunchOptions options;
  options.stream_metrics = stream_metrics;
  const cluster::LaunchOutcome outcome = cluster::launch_run(e, run, options);
  if (outcome.status != cluster::LaunchStatus::Finished) {
    fs::remove_all(dir);
    throw Error(ErrorKind::Training, "the benchmark run " + e.name + " on " + std::to_string(e.nodes) +
                                         " nodes failed: " + outcome.message);
  }
  BenchRun m;
  for (const auto& n : outcome.summary["nodes"]) {
    m.seconds = std::max(m.seconds, n.value("train_seconds", 0.0));
    m.idle.push_back(n.value("idle_fraction", 0.0));
    m.peak_mb.push_back(n.value("peak_rss_mb", 0.0));
    for (const auto& p : n["peers"])
      for (const auto& [category, b] : p["sent_bytes"].items()) m.bytes[category] += b.get<double>();
  }
  m.accuracy = outcome.summary.value("test_accuracy", 0.0);
  m.eval_seconds = outcome.summary.value("eval_seconds", 0.0);
  const auto accuracies = test_accuracies(run.path() / "metrics.csv");
  if (target >= 0) m.time_to_target = time_to_accuracy(accuracies, target);
  m.accuracy_by_chapter.assign(static_cast<std::size_t>(e.chapters), 0.0);
  for (const auto& a : accuracies)
    if (a.chapter >= 1 && a.chapter <= e.chapters) m.accuracy_by_chapter[static_cast<std::size_t>(a.chapter - 1)] = a.value;
  fs::remove_all(dir);
  return m;
}

BenchRun emulate_bench_run(const Experiment& e, const DataSplit& data) {
  gemm::set_threads(1);
  const cluster::ThreadedRun r = cluster::run_nodes_as_threads(e, data, cluster::NodeClock::ThreadCpu);
  BenchRun m;
  m.emulated = true;
  m.seconds = r.seconds();
  m.idle = r.idle_fractions();
  for (const auto& n : r.results)
    for (std::size_t c = 0; c < cluster::kCategories; ++c)
      if (const auto b = n.traffic.sent(static_cast<cluster::Category>(c)); b > 0)
        m.bytes[std::string(cluster::category_name(static_cast<cluster::Category>(c)))] += static_cast<double>(b);
  const auto& holder = r.results[static_cast<std::size_t>(final_model_node(e))];
  m.accuracy = holder.test_accuracy.at(holder.primary_readout);
  return m;
}

std::vector<nlohmann::json> pingpong_points(Launcher launcher, double lab_bandwidth_mbit,
                                            const std::vector<std::size_t>& bytes, int repeats, ErrorKind failure,
                                            Experiment* ran) {
  Experiment e;
  e.name = "pingpong";
  e.data.path = "/nonexistent";  // ping-pong loads no data
  e.layers = {{8, {}, {}}};
  e.variant = Variant::AllLayers;
  e.epochs = e.chapters = 2;
  e.nodes = 2;
  e.launcher = launcher;
  e.threads = 1;
  if (launcher == Launcher::Lab) e.lab.bandwidth_mbit = {lab_bandwidth_mbit};
  const auto dir = fs::temp_directory_path() / ("ffw-pingpong-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const RunDirectory run = RunDirectory::create(dir, e);
  cluster::LaunchOptions options;
  options.pingpong = true;
  options.pingpong_bytes = bytes;
  options.pingpong_repeats = repeats;
  const cluster::LaunchOutcome outcome = cluster::launch_run(e, run, options);
  fs::remove_all(dir);
  if (outcome.status != cluster::LaunchStatus::Finished)
    throw Error(failure, "measuring the transport failed: " + outcome.message);
  if (ran) *ran = e;
  std::vector<nlohmann::json> points;
  for (const auto& point : outcome.summary["nodes"][0]["result"]) points.push_back(point);
  return points;
}

Experiment bench_setting(const std::string& name, const fs::path& data, long limit_train, int epochs, std::uint64_t seed) {
  Experiment e;
  e.name = name;
  e.data.path = data;
  e.data.limit_train = limit_train;
  e.data.seed = seed;
  e.layers = {{500, {}, {}}, {500, {}, {}}, {500, {}, {}}, {500, {}, {}}};
  e.epochs = e.chapters = epochs;
  e.batch_size = 100;
  e.seed = seed;
  e.optimizer.learning_rate = 1e-3;
  e.head_optimizer = e.optimizer;
  e.checkpoints = false;
  e.threads = 1;
  e.launcher = Launcher::Local;
  e.deferred_evaluation = true;
  return e;
}

gemm::Precision precision_from(const std::string& name) {
  return name == "bf16" ? gemm::Precision::Bf16 : gemm::Precision::Fp32;
}

// A benchmark's GEMM backend, decided once for all its runs: named, or measured at `shapes` on
// `threads` threads here (what `ffw run` does for "auto"). Says which and why on stderr.
gemm::Backend benchmark_backend(const std::string& name, gemm::Precision precision, const std::vector<gemm::Shape>& shapes,
                                int threads) {
  if (name == "openblas" || name == "onednn") {
    const gemm::Backend b = name == "onednn" ? gemm::Backend::OneDnn : gemm::Backend::OpenBlas;
    gemm::use(b, precision);  // refuses what this build or CPU lacks
    return b;
  }
  const int was = gemm::threads();
  gemm::set_threads(threads);
  const gemm::Choice choice = gemm::choose_backend(precision, shapes);
  gemm::set_threads(was);
  std::string said;
  for (const auto& [b, gflops] : choice.gflops)
    said += (said.empty() ? "" : ", ") + gemm::to_string(b) + " " + std::to_string(static_cast<int>(gflops)) + " GFLOP/s";
  std::fprintf(stderr, "gemm: %s (%s), measured fastest at the benchmark's shapes on %d thread%s (%s)\n",
               gemm::to_string(choice.backend).c_str(), gemm::kernel_name(choice.backend).c_str(), threads,
               threads == 1 ? "" : "s", said.c_str());
  return choice.backend;
}

}  // namespace ffw::cli
