// `ffw bench compare`: every schedule of the product, FF and backprop, on the same network, data,
// epochs and threads, over Open MPI and over shared memory, measured by the same instruments
// (the workers' own counters, timelines and metrics stream). One JSON line per configuration.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/statistics.h"
#include "cluster/gpipe.h"
#include "cluster/launcher.h"
#include "cluster/schedule.h"
#include "core/error.h"
#include "core/machine.h"
#include "core/run_directory.h"

namespace ffw::cli {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Config {
  std::string name;  // as printed: "all-layers", "federated-label-skew", ...
  Variant variant;
  ShardMode shards = ShardMode::Iid;
  bool single_node = false;  // the N = 1 references: no transport to compare
  int micro_batches = 0;     // gpipe-bp: a given m (a sweep, --micro-batches); 0 = the experiment's default
  bool all_cores = false;    // a single-node reference on every core instead of one
};

const std::vector<Config>& all_configs() {
  static const std::vector<Config> configs = {
      {"sequential", Variant::Sequential, ShardMode::Iid, true},
      {"bp", Variant::Bp, ShardMode::Iid, true},
      {"bp-all-cores", Variant::Bp, ShardMode::Iid, true, 0, true},
      {"single-layer", Variant::SingleLayer},
      {"all-layers", Variant::AllLayers},
      {"federated-iid", Variant::Federated, ShardMode::Iid},
      {"federated-label-skew", Variant::Federated, ShardMode::LabelSkew},
      {"gpipe-bp", Variant::GpipeBp},
      {"data-parallel-bp", Variant::DataParallelBp},
  };
  return configs;
}

Experiment compare_experiment(const BenchCompareArgs& a, const Config& c, const std::string& transport,
                              std::uint64_t seed) {
  Experiment e;
  e.name = "bench-compare-" + c.name;
  e.data.path = a.data;
  e.data.limit_train = a.limit_train;
  e.data.seed = seed;
  e.layers = {{500, {}, {}}, {500, {}, {}}, {500, {}, {}}, {500, {}, {}}};
  e.variant = c.variant;
  e.negatives = e.is_backprop() ? Negatives::None : Negatives::Random;
  e.classifier = Classifier::Softmax;
  e.epochs = e.chapters = a.chapters;
  e.batch_size = 100;
  e.seed = seed;
  e.optimizer.learning_rate = 1e-3;
  e.head_optimizer = e.optimizer;
  e.checkpoints = false;
  e.threads = c.all_cores ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : 1;
  e.nodes = c.single_node ? 1 : a.nodes;
  e.shards = c.shards;
  e.launcher = transport == "mpi" ? Launcher::Mpi : Launcher::Local;
  e.deferred_evaluation = true;  // chapters are tested after training: no variant's time includes it
  if (c.micro_batches > 0) e.micro_batches = c.micro_batches;
  else if (e.variant == Variant::GpipeBp) e.micro_batches = auto_micro_batches(e.nodes, e.batch_size);
  return e;
}

struct Measured {
  double seconds = 0, eval_seconds = 0, accuracy = 0, time_to_target = -1, steps = 0;
  std::map<std::string, double> bytes;  // by category, all nodes' sends
  std::vector<double> idle, peak_mb;
};

// The first time (the consumer's clock, from the run's start) a test accuracy >= target was recorded.
double time_to_accuracy(const fs::path& metrics_csv, double target) {
  std::ifstream in(metrics_csv);
  std::string line;
  std::getline(in, line);  // header
  double best = -1;
  while (std::getline(in, line)) {
    if (line.find(",test_accuracy,") == std::string::npos) continue;
    std::stringstream ss(line);
    std::string field;
    std::vector<std::string> f;
    while (std::getline(ss, field, ',')) f.push_back(field);
    if (f.size() < 7) continue;
    const double t = std::stod(f[0]), v = std::stod(f[6]);
    if (v >= target && (best < 0 || t < best)) best = t;
  }
  return best;
}

Measured run_config(const Experiment& e, double target) {
  const auto dir = fs::temp_directory_path() / ("ffw-bench-compare-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const RunDirectory run = RunDirectory::create(dir, e);
  const cluster::LaunchOutcome outcome = cluster::launch_run(e, run, cluster::LaunchOptions{});
  if (outcome.status != cluster::LaunchStatus::Finished)
    throw Error(ErrorKind::Training, "the benchmark run " + e.name + " on " + std::to_string(e.nodes) +
                                         " nodes failed: " + outcome.message);
  Measured m;
  for (const auto& n : outcome.summary["nodes"]) {
    m.seconds = std::max(m.seconds, n.value("train_seconds", 0.0));
    m.idle.push_back(n.value("idle_fraction", 0.0));
    m.peak_mb.push_back(n.value("peak_rss_mb", 0.0));
    for (const auto& p : n["peers"])
      for (const auto& [category, bytes] : p["sent_bytes"].items()) m.bytes[category] += bytes.get<double>();
  }
  m.accuracy = outcome.summary.value("test_accuracy", 0.0);
  m.eval_seconds = outcome.summary.value("eval_seconds", 0.0);
  m.time_to_target = time_to_accuracy(run.path() / "metrics.csv", target);
  fs::remove_all(dir);
  return m;
}

}  // namespace

int bench_compare_command(const BenchCompareArgs& a) {
  std::vector<Config> configs;
  for (const auto& c : all_configs())
    if (a.variants.empty() || std::find(a.variants.begin(), a.variants.end(), c.name) != a.variants.end()) {
      if (c.variant != Variant::GpipeBp || a.micro_batches.empty()) {
        configs.push_back(c);
        continue;
      }
      for (int m : a.micro_batches) {  // a sweep: one configuration per m
        Config swept = c;
        swept.name = c.name + "-m" + std::to_string(m);
        swept.micro_batches = m;
        configs.push_back(swept);
      }
    }
  if (configs.empty()) throw Error(ErrorKind::Usage, "--variants names none of the compared configurations");
  const DataSplit data = load_data(compare_experiment(a, all_configs()[0], "local", 1).data);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (a.nodes > cores)
    std::fprintf(stderr, "note: %d nodes on %d cores: ranks share cores, timings are oversubscribed\n", a.nodes, cores);

  // results[(config, transport)] per seed; seeds interleave the configurations so drift on a
  // shared machine spreads evenly.
  std::map<std::pair<std::string, std::string>, std::vector<Measured>> results;
  for (int s = 0; s < a.seeds; ++s)
    for (const auto& c : configs)
      for (const auto& transport : a.transports) {
        if (c.single_node && transport != a.transports.front()) continue;
        const Experiment e = compare_experiment(a, c, transport, static_cast<std::uint64_t>(s + 1));
        const Measured m = run_config(e, a.target_accuracy);
        std::fprintf(stderr, "seed %d: %-21s %-5s %2d nodes %6.1f s  %.2f%%\n", s + 1, c.name.c_str(),
                     c.single_node ? "-" : transport.c_str(), e.nodes, m.seconds, 100 * m.accuracy);
        results[{c.name, c.single_node ? "none" : transport}].push_back(m);
      }

  auto seconds_of = [&](const std::string& name) {
    std::vector<double> v;
    for (const auto& [key, runs] : results)
      if (key.first == name)
        for (const auto& m : runs) v.push_back(m.seconds);
    return median(v);
  };
  const double t_sequential = seconds_of("sequential"), t_bp = seconds_of("bp"), t_bp_all = seconds_of("bp-all-cores");
  const auto batches_per_epoch = (data.train.size() + 99) / 100;
  for (const auto& c : configs)
    for (const auto& transport : a.transports) {
      if (c.single_node && transport != a.transports.front()) continue;
      const std::string tr = c.single_node ? "none" : transport;
      if (!results.count({c.name, tr})) continue;
      const auto& runs = results.at({c.name, tr});
      const Experiment e = compare_experiment(a, c, transport, 1);
      std::vector<double> secs, accs, ttt, evals;
      std::map<std::string, std::vector<double>> bytes;
      std::vector<std::vector<double>> idle(static_cast<std::size_t>(e.nodes)), peak(static_cast<std::size_t>(e.nodes));
      for (const auto& m : runs) {
        secs.push_back(m.seconds);
        evals.push_back(m.eval_seconds);
        accs.push_back(m.accuracy);
        if (m.time_to_target >= 0) ttt.push_back(m.time_to_target);
        for (const auto& [k, v] : m.bytes) bytes[k].push_back(v / e.epochs);
        for (std::size_t i = 0; i < m.idle.size() && i < idle.size(); ++i) {
          idle[i].push_back(m.idle[i]);
          peak[i].push_back(m.peak_mb[i]);
        }
      }
      json by_category = json::object();
      for (auto& [k, v] : bytes) by_category[k] = median(v);
      json idle_median = json::array(), peak_median = json::array();
      for (auto& v : idle) idle_median.push_back(median(v));
      for (auto& v : peak) peak_median.push_back(median(v));
      Model probe = Model::create(e, static_cast<int>(data.train.dim()), 10, data.preprocess);
      json analytic = nullptr;
      if (e.variant == Variant::GpipeBp) {
        const auto parts = cluster::gpipe_stages(e, cluster::bp_layer_params(*probe.bp));
        analytic = {{"activations+gradients", static_cast<double>(cluster::gpipe_bytes_per_epoch(*probe.bp, parts, data.train.size()))}};
      } else if (e.variant == Variant::DataParallelBp) {
        double params = 0;
        probe.for_each_param([&](const std::string&, Param& p) { params += static_cast<double>(p.value.size()); });
        analytic = {{"gradients", 2.0 * (e.nodes - 1) * params * 4 * static_cast<double>(batches_per_epoch)}};
      } else if (!e.is_backprop()) {
        analytic = {{"weights", static_cast<double>(cluster::analytic_weight_bytes(e, probe)) / e.epochs}};
      }
      const double t = median(secs);
      json line = {{"bench", "compare"},
                   {"config", c.name},
                   {"variant", to_string(e.variant)},
                   {"transport", tr},
                   {"nodes", e.nodes},
                   {"threads_per_node", e.threads},
                   {"network", {784, 500, 500, 500, 500}},
                   {"epochs", e.epochs},
                   {"train_samples", data.train.size()},
                   {"seeds", a.seeds},
                   {"seconds", t},
                   {"eval_seconds", median(evals)},
                   {"evaluation", "deferred"},
                   {"seconds_per_step", t / static_cast<double>(batches_per_epoch * e.epochs)},
                   {"speedup_vs_sequential_ff", t_sequential > 0 ? t_sequential / t : 0.0},
                   {"speedup_vs_bp", t_bp > 0 ? t_bp / t : 0.0},
                   {"speedup_vs_bp_all_cores", t_bp_all > 0 ? json(t_bp_all / t) : json(nullptr)},
                   {"test_accuracy", median(accs)},
                   {"time_to_target_seconds", ttt.size() * 2 > runs.size() ? json(median(ttt)) : json(nullptr)},
                   {"target_accuracy", a.target_accuracy},
                   {"bytes_per_epoch", by_category},
                   {"bytes_per_epoch_analytic", analytic},
                   {"idle_fraction_per_node", idle_median},
                   {"theoretical_bubble", cluster::theoretical_bubble(e, e.layers.size() + (e.is_backprop() ? 0 : 1))},
                   {"peak_rss_mb_per_node", peak_median},
                   {"machine", to_json(machine_info())}};
      if (e.variant == Variant::GpipeBp) line["micro_batches"] = e.micro_batch_count();
      std::printf("%s\n", line.dump().c_str());
      std::fflush(stdout);
    }
  return kOk;
}

}  // namespace ffw::cli
