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

#include "app/cli/bench_runs.h"
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

namespace {

struct Config {
  std::string name;  // as printed: "all-layers", "federated-label-skew", ...
  Variant variant;
  ShardMode shards = ShardMode::Iid;
  bool single_node = false;  // the N = 1 references: no transport to compare
  int micro_batches = 0;     // gpipe-bp: a given m (a sweep, --micro-batches); 0 = the experiment's default
  bool all_cores = false;    // a single-node reference on every core instead of one
  bool node_per_stage = false;  // single-layer: N = L, one node per stage, whatever --nodes says
};

const std::vector<Config>& all_configs() {
  static const std::vector<Config> configs = {
      {"sequential", Variant::Sequential, ShardMode::Iid, true},
      {"bp", Variant::Bp, ShardMode::Iid, true},
      {"bp-all-cores", Variant::Bp, ShardMode::Iid, true, 0, true},
      {"single-layer", Variant::SingleLayer, ShardMode::Iid, false, 0, false, true},
      {"all-layers", Variant::AllLayers},
      {"federated-iid", Variant::Federated, ShardMode::Iid},
      {"federated-label-skew", Variant::Federated, ShardMode::LabelSkew},
      {"gpipe-bp", Variant::GpipeBp},
      {"data-parallel-bp", Variant::DataParallelBp},
  };
  return configs;
}

int machine_cores() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

Experiment compare_experiment(const BenchCompareArgs& a, const Config& c, const std::string& transport,
                              std::uint64_t seed) {
  Experiment e = bench_setting("bench-compare-" + c.name, a.data, a.limit_train, a.chapters, seed);
  e.variant = c.variant;
  e.negatives = e.is_backprop() ? Negatives::None : Negatives::Random;
  e.classifier = Classifier::Softmax;
  if (c.all_cores) e.threads = machine_cores();
  e.nodes = c.single_node ? 1 : c.node_per_stage ? static_cast<int>(e.pipeline_stages()) : a.nodes;
  e.shards = c.shards;
  if (transport == "mpi") e.launcher = Launcher::Mpi;
  if (c.micro_batches > 0) e.micro_batches = c.micro_batches;
  else if (e.variant == Variant::GpipeBp) e.micro_batches = auto_micro_batches(e.nodes, e.batch_size);
  return e;
}

// More nodes than cores: the time of such a row comes from emulation (nodes as threads on CPU-time
// clocks), its accuracy and bytes from a real, oversubscribed run.
bool emulated_timing(const Experiment& e) { return e.nodes > machine_cores(); }

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
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
  const int cores = machine_cores();
  bool any_emulated = false;
  for (const auto& c : configs) any_emulated |= emulated_timing(compare_experiment(a, c, "local", 1));
  if (a.nodes > cores)
    std::fprintf(stderr, "note: %d nodes on %d cores: ranks share cores, timings are oversubscribed\n", a.nodes, cores);
  if (any_emulated)
    std::fprintf(stderr,
                 "note: single-layer runs one node per stage, more nodes than %d cores: its accuracy comes from a "
                 "real (oversubscribed) run, its time from emulation (nodes as threads on CPU-time clocks), "
                 "compared with sequential and bp emulated the same way\n",
                 cores);

  // results[(config, transport)] per seed; seeds interleave the configurations so drift on a
  // shared machine spreads evenly. Emulated references sit under the transport "emulated".
  std::map<std::pair<std::string, std::string>, std::vector<BenchRun>> results;
  for (int s = 0; s < a.seeds; ++s) {
    const auto seed = static_cast<std::uint64_t>(s + 1);
    if (any_emulated)
      for (const auto& c : all_configs()) {
        if (c.name != "sequential" && c.name != "bp") continue;
        const BenchRun m = emulate_bench_run(compare_experiment(a, c, "local", seed), data);
        std::fprintf(stderr, "seed %d: %-21s %-5s %2d nodes %6.1f s  %.2f%% (emulated)\n", s + 1, c.name.c_str(), "-", 1,
                     m.seconds, 100 * m.accuracy);
        results[{c.name, "emulated"}].push_back(m);
      }
    for (const auto& c : configs)
      for (const auto& transport : a.transports) {
        Experiment e = compare_experiment(a, c, transport, seed);
        const bool emulated = emulated_timing(e);
        if ((c.single_node || emulated) && transport != a.transports.front()) continue;
        BenchRun m = launch_bench_run(e, a.target_accuracy);
        if (emulated) {  // the time (and idle) of N dedicated cores, estimated; accuracy and bytes as run
          const BenchRun t = emulate_bench_run(e, data);
          m.seconds = t.seconds;
          m.idle = t.idle;
          m.time_to_target = -1;
          m.emulated = true;
        }
        std::fprintf(stderr, "seed %d: %-21s %-5s %2d nodes %6.1f s  %.2f%%%s\n", s + 1, c.name.c_str(),
                     c.single_node ? "-" : transport.c_str(), e.nodes, m.seconds, 100 * m.accuracy,
                     emulated ? " (time emulated)" : "");
        results[{c.name, c.single_node ? "none" : transport}].push_back(m);
      }
  }

  auto seconds_of = [&](const std::string& name, bool emulated) {
    std::vector<double> v;
    for (const auto& [key, runs] : results)
      if (key.first == name && (key.second == "emulated") == emulated)
        for (const auto& m : runs) v.push_back(m.seconds);
    return median(v);
  };
  const auto batches_per_epoch = (data.train.size() + 99) / 100;
  std::vector<json> lines;
  for (const auto& c : configs)
    for (const auto& transport : a.transports) {
      if (c.single_node && transport != a.transports.front()) continue;
      const std::string tr = c.single_node ? "none" : transport;
      if (!results.count({c.name, tr})) continue;
      const auto& runs = results.at({c.name, tr});
      const Experiment e = compare_experiment(a, c, transport, 1);
      const bool emulated = runs.front().emulated;
      std::vector<double> secs, accs, ttt, evals;
      std::map<std::string, std::vector<double>> bytes;
      std::vector<std::vector<double>> idle(static_cast<std::size_t>(e.nodes)), peak(static_cast<std::size_t>(e.nodes));
      for (const auto& m : runs) {
        secs.push_back(m.seconds);
        evals.push_back(m.eval_seconds);
        accs.push_back(m.accuracy);
        if (m.time_to_target >= 0) ttt.push_back(m.time_to_target);
        for (const auto& [k, v] : m.bytes) bytes[k].push_back(v / e.epochs);
        for (std::size_t i = 0; i < m.idle.size() && i < idle.size(); ++i) idle[i].push_back(m.idle[i]);
        for (std::size_t i = 0; i < m.peak_mb.size() && i < peak.size(); ++i) peak[i].push_back(m.peak_mb[i]);
      }
      json by_category = json::object();
      for (auto& [k, v] : bytes) by_category[k] = median(v);
      json idle_median = json::array(), peak_median = json::array();
      for (auto& v : idle) idle_median.push_back(median(v));
      for (auto& v : peak) peak_median.push_back(median(v));
      Model probe = Model::create(e, static_cast<int>(data.train.dim()), 10, data.preprocess);
      json analytic = nullptr;
      if (e.variant == Variant::GpipeBp) {
        const auto parts = gpipe_stages(e, bp_layer_params(*probe.bp));
        analytic = {{"activations+gradients", static_cast<double>(gpipe_bytes_per_epoch(*probe.bp, parts, data.train.size()))}};
      } else if (e.variant == Variant::DataParallelBp) {
        double params = 0;
        probe.for_each_param([&](const std::string&, Param& p) { params += static_cast<double>(p.value.size()); });
        analytic = {{"gradients", 2.0 * (e.nodes - 1) * params * 4 * static_cast<double>(batches_per_epoch)}};
      } else if (!e.is_backprop()) {
        analytic = {{"weights", static_cast<double>(analytic_weight_bytes(e, probe)) / e.epochs}};
      }
      // Equal work: every chapter trains on every sample. Federated: a chapter trains on one node's
      // shard, 1/N of them, so its time answers another question and sits in a block of its own.
      const bool federated = e.variant == Variant::Federated;
      const double samples_per_epoch = federated ? static_cast<double>(data.train.size()) / e.nodes
                                                 : static_cast<double>(data.train.size());
      const double t = median(secs);
      // Speed-ups against references on the same clock: measured against measured, emulated
      // against sequential and bp emulated the same way (bp-all-cores has no emulated form).
      const double t_sequential = seconds_of("sequential", emulated), t_bp = seconds_of("bp", emulated),
                   t_bp_all = emulated ? 0.0 : seconds_of("bp-all-cores", false);
      auto speedup = [&](double reference) { return !federated && reference > 0 ? json(reference / t) : json(nullptr); };
      json line = {{"bench", "compare"},
                   {"config", c.name},
                   {"variant", to_string(e.variant)},
                   {"block", federated ? "federated (each chapter trains on 1/N of the samples)" : "equal work"},
                   {"transport", tr},
                   {"nodes", e.nodes},
                   {"stages", e.trained_stages()},
                   {"threads_per_node", e.threads},
                   {"network", {784, 500, 500, 500, 500}},
                   {"epochs", e.epochs},
                   {"train_samples", data.train.size()},
                   {"samples_per_epoch", samples_per_epoch},
                   {"seeds", a.seeds},
                   {"seconds", t},
                   {"timing", emulated ? "emulated" : "measured"},
                   {"eval_seconds", median(evals)},
                   {"evaluation", "deferred"},
                   {"seconds_per_step", t / static_cast<double>(batches_per_epoch * e.epochs)},
                   {"speedup_vs_sequential_ff", speedup(t_sequential)},
                   {"speedup_vs_bp", speedup(t_bp)},
                   {"speedup_vs_bp_all_cores", speedup(t_bp_all)},
                   {"test_accuracy", median(accs)},
                   {"time_to_target_seconds", ttt.size() * 2 > runs.size() ? json(median(ttt)) : json(nullptr)},
                   {"target_accuracy", a.target_accuracy},
                   {"bytes_per_epoch", by_category},
                   {"bytes_per_epoch_analytic", analytic},
                   {"idle_fraction_per_node", idle_median},
                   {"theoretical_bubble", theoretical_bubble(e)},
                   {"peak_rss_mb_per_node", peak_median},
                   {"machine", to_json(machine_info())}};
      if (emulated)
        line["accuracy_from"] = "a real run of " + std::to_string(e.nodes) + " nodes on " + std::to_string(cores) +
                                " cores (oversubscribed); seconds and idle from emulation";
      if (e.variant == Variant::GpipeBp) line["micro_batches"] = e.micro_batch_count();
      std::printf("%s\n", line.dump().c_str());
      std::fflush(stdout);
      lines.push_back(line);
    }

  // The emulated references the emulated rows are measured against.
  for (const std::string name : {"sequential", "bp"}) {
    if (!results.count({name, "emulated"})) continue;
    std::vector<double> secs, accs;
    for (const auto& m : results.at({name, "emulated"})) {
      secs.push_back(m.seconds);
      accs.push_back(m.accuracy);
    }
    const Experiment e = compare_experiment(a, name == "bp" ? all_configs()[1] : all_configs()[0], "local", 1);
    json line = {{"bench", "compare"}, {"config", name + "-emulated"}, {"variant", to_string(e.variant)},
                 {"block", "equal work"}, {"transport", "none"}, {"nodes", 1}, {"stages", e.trained_stages()},
                 {"threads_per_node", 1}, {"epochs", e.epochs}, {"train_samples", data.train.size()},
                 {"samples_per_epoch", static_cast<double>(data.train.size())}, {"seeds", a.seeds},
                 {"seconds", median(secs)}, {"timing", "emulated"}, {"test_accuracy", median(accs)},
                 {"speedup_vs_sequential_ff", seconds_of("sequential", true) / median(secs)},
                 {"speedup_vs_bp", seconds_of("bp", true) / median(secs)}, {"speedup_vs_bp_all_cores", nullptr},
                 {"theoretical_bubble", 0.0}, {"machine", to_json(machine_info())}};
    std::printf("%s\n", line.dump().c_str());
    lines.push_back(line);
  }

  // The same figures as a table, equal-work rows first, Federated in its own block.
  for (const bool fed : {false, true}) {
    bool header = false;
    for (const auto& l : lines) {
      if ((l["variant"] == "federated") != fed) continue;
      if (!header) {
        std::fprintf(stderr, fed ? "\nFederated: each chapter trains on 1/N of the samples, so it does less work than the rows above\n"
                                 : "\nEqual work: every epoch trains on all %zu samples\n",
                     data.train.size());
        std::fprintf(stderr, "%-22s %-9s %5s %11s %9s %8s %8s %9s %9s %8s\n", "config", "transport", "nodes", "samples/ep",
                     "train s", "vs seq", "vs bp", "vs bp-all", "accuracy", "bubble");
        header = true;
      }
      auto ratio = [](const json& v) { return v.is_null() ? std::string("-") : fmt("%.2fx", v.get<double>()); };
      std::fprintf(stderr, "%-22s %-9s %5d %11.0f %8.1f%s %8s %8s %9s %8.2f%% %7.1f%%\n", l["config"].get<std::string>().c_str(),
                   l["transport"].get<std::string>().c_str(), l["nodes"].get<int>(), l["samples_per_epoch"].get<double>(),
                   l["seconds"].get<double>(), l["timing"] == "emulated" ? "*" : " ", ratio(l["speedup_vs_sequential_ff"]).c_str(),
                   ratio(l["speedup_vs_bp"]).c_str(), ratio(l["speedup_vs_bp_all_cores"]).c_str(),
                   100 * l["test_accuracy"].get<double>(), 100 * l["theoretical_bubble"].get<double>());
    }
  }
  if (any_emulated) std::fprintf(stderr, "* emulated time (nodes as threads on CPU-time clocks), against emulated sequential and bp\n");
  return kOk;
}

}  // namespace ffw::cli
