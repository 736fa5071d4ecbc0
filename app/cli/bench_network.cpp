// `ffw bench network`: at which link bandwidth does All-Layers PFF reach a target accuracy sooner
// than the backprop pipelines? Each variant on the network lab (1 node per host, 1 thread per
// node) at every bandwidth, Sequential FF on one host beside them.
//
// Only part of the answer depends on the bandwidth. How many epochs a variant needs to reach the
// target is arithmetic: the same at every bandwidth, so it is measured once per variant and seed
// on shared memory. How long an epoch takes is measured on the lab at each bandwidth, over a
// bounded number of steps where a step's traffic makes a whole epoch too long on a slow link
// (GPipe BP and data-parallel BP send every batch; All-Layers sends layers once per chapter and
// runs its whole schedule). Time to target = epochs to target x seconds per epoch.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "app/cli/bench_runs.h"
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/statistics.h"
#include "cluster/gpipe.h"
#include "cluster/schedule.h"
#include "core/error.h"
#include "core/machine.h"
#include "core/model.h"

namespace ffw::cli {
using nlohmann::json;

namespace {

Variant variant_named(const std::string& name) {
  if (name == "all-layers") return Variant::AllLayers;
  if (name == "gpipe-bp") return Variant::GpipeBp;
  if (name == "data-parallel-bp") return Variant::DataParallelBp;
  if (name == "sequential") return Variant::Sequential;
  throw Error(ErrorKind::Usage, "--variants: " + name + " is not one of all-layers, gpipe-bp, data-parallel-bp");
}

// The compare setting: 4 x 500, Adam 1e-3, batch 100, random negatives and the softmax head for
// FF; 1 thread per node, one chapter per epoch, evaluation off the training clock.
Experiment network_experiment(const BenchNetworkArgs& a, Variant v, std::uint64_t seed) {
  Experiment e = bench_setting("bench-network-" + to_string(v), a.data, a.limit_train, a.epochs, seed);
  e.variant = v;
  e.negatives = e.is_backprop() ? Negatives::None : Negatives::Random;
  e.classifier = Classifier::Softmax;
  e.nodes = v == Variant::Sequential ? 1 : a.nodes;
  if (v == Variant::GpipeBp) e.micro_batches = auto_micro_batches(e.nodes, e.batch_size);
  return e;
}

// What one step (one batch) puts on each node's link, from the schedules' analytic counts; 0 for
// All-Layers, which sends per chapter.
double link_bytes_per_step(const Experiment& e, const DataSplit& data) {
  Model probe = Model::create(e, static_cast<int>(data.train.dim()), 10, data.preprocess);
  const double batches = std::ceil(static_cast<double>(data.train.size()) / e.batch_size);
  if (e.variant == Variant::GpipeBp) {
    const auto parts = gpipe_stages(e, bp_layer_params(*probe.bp));
    return static_cast<double>(gpipe_bytes_per_epoch(*probe.bp, parts, data.train.size())) / batches / e.nodes;
  }
  if (e.variant == Variant::DataParallelBp) {
    double params = 0;
    probe.for_each_param([&](const std::string&, Param& p) { params += static_cast<double>(p.value.size()); });
    return 2.0 * (e.nodes - 1) * params * 4 / e.nodes;  // a ring allreduce: each node's share
  }
  return 0;
}

// The first epoch after which the test accuracy reached the target; 0: never.
int epochs_to(const BenchRun& r, double target, int epochs_per_chapter) {
  for (std::size_t c = 0; c < r.accuracy_by_chapter.size(); ++c)
    if (r.accuracy_by_chapter[c] >= target) return static_cast<int>(c + 1) * epochs_per_chapter;
  return 0;
}

std::string mbit(double b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, b >= 1000 ? "%.0f Gbit/s" : "%.0f Mbit/s", b >= 1000 ? b / 1000 : b);
  if (b >= 1000 && std::fmod(b, 1000) != 0) std::snprintf(buf, sizeof buf, "%.1f Gbit/s", b / 1000);
  return buf;
}

}  // namespace

int bench_network_command(const BenchNetworkArgs& a) {
  std::vector<Variant> variants;
  for (const auto& name : a.variants) {
    const Variant v = variant_named(name);
    if (v != Variant::Sequential) variants.push_back(v);
  }
  if (variants.empty()) throw Error(ErrorKind::Usage, "--variants names no distributed variant");
  std::vector<double> bandwidths = a.bandwidth_mbit;
  std::sort(bandwidths.rbegin(), bandwidths.rend());
  const DataSplit data = load_data(network_experiment(a, Variant::Sequential, 1).data);
  const double steps_per_epoch = std::ceil(static_cast<double>(data.train.size()) / 100);
  std::fprintf(stderr,
               "bench network: %s, %d nodes (1 per lab host, 1 thread each), %zu images, %d epochs, target %.1f%%\n",
               "4 x 500", a.nodes, data.train.size(), a.epochs, 100 * a.target_accuracy);

  // 1. Epochs to target and Sequential's seconds per epoch, on shared memory (no link).
  std::map<Variant, std::vector<double>> epochs_to_target, final_accuracy;
  std::vector<double> sequential_epoch_seconds;
  for (int s = 0; s < a.seeds; ++s) {
    const auto seed = static_cast<std::uint64_t>(s + 1);
    std::vector<Variant> all = {Variant::Sequential};
    all.insert(all.end(), variants.begin(), variants.end());
    for (const Variant v : all) {
      const Experiment e = network_experiment(a, v, seed);
      const BenchRun r = launch_bench_run(e, a.target_accuracy);
      const int reached = epochs_to(r, a.target_accuracy, e.epochs_per_chapter());
      epochs_to_target[v].push_back(reached > 0 ? reached : std::nan(""));
      final_accuracy[v].push_back(r.accuracy);
      if (v == Variant::Sequential) sequential_epoch_seconds.push_back(r.seconds / e.epochs);
      std::fprintf(stderr, "seed %d: %-16s shared memory  %d epochs: %.2f%%, target reached after %s\n", s + 1,
                   to_string(v).c_str(), e.epochs, 100 * r.accuracy,
                   reached > 0 ? (std::to_string(reached) + (reached == 1 ? " epoch" : " epochs")).c_str() : "never");
    }
  }
  auto epochs_median = [&](Variant v) {
    std::vector<double> ok;
    for (double x : epochs_to_target[v])
      if (!std::isnan(x)) ok.push_back(x);
    return ok.size() * 2 > epochs_to_target[v].size() ? median(ok) : std::nan("");
  };
  const double sequential_epoch = median(sequential_epoch_seconds);
  const double sequential_epochs = epochs_median(Variant::Sequential);

  // 2. Seconds per epoch on the lab at each bandwidth.
  std::map<Variant, std::map<double, std::vector<double>>> epoch_seconds;
  std::map<Variant, std::map<double, int>> steps_measured;
  for (int s = 0; s < a.seeds; ++s) {
    const auto seed = static_cast<std::uint64_t>(s + 1);
    for (const double b : bandwidths)
      for (const Variant v : variants) {
        Experiment e = network_experiment(a, v, seed);
        e.launcher = Launcher::Lab;
        e.lab.bandwidth_mbit = {b};
        double per_epoch = 0;
        int steps = static_cast<int>(steps_per_epoch) * e.epochs;
        const double per_step = link_bytes_per_step(e, data);
        if (per_step > 0) {
          // Every step sends: a bounded number of steps, whole batches, one chapter, scaled to an epoch.
          const double link_seconds_per_step = per_step * 8 / (b * 1e6);
          steps = static_cast<int>(std::clamp(a.link_seconds / link_seconds_per_step, 5.0, steps_per_epoch));
          e.epochs = e.chapters = 1;
          e.data.limit_train = static_cast<std::size_t>(steps) * static_cast<std::size_t>(e.batch_size);
          e.data.limit_test = 1000;  // evaluated off the clock; only the time matters here
          const BenchRun r = launch_bench_run(e);
          per_epoch = r.seconds * steps_per_epoch / steps;
        } else {
          const BenchRun r = launch_bench_run(e);
          per_epoch = r.seconds / e.epochs;
        }
        epoch_seconds[v][b].push_back(per_epoch);
        steps_measured[v][b] = steps;
        std::fprintf(stderr, "seed %d: %-16s %-11s %6.2f s per epoch (%d steps measured)\n", s + 1,
                     to_string(v).c_str(), mbit(b).c_str(), per_epoch, steps);
      }
  }

  // 3. Lines: one per variant and bandwidth, Sequential (one host, no link) as the reference.
  const MachineInfo machine = machine_info();
  auto time_to_target = [&](Variant v, double b) {
    const double epochs = epochs_median(v);
    return std::isnan(epochs) ? std::nan("") : epochs * median(epoch_seconds[v][b]);
  };
  const double sequential_ttt = sequential_epochs * sequential_epoch;
  auto number = [](double x) { return std::isnan(x) ? json(nullptr) : json(x); };
  std::printf("%s\n", json{{"bench", "network"},
                           {"variant", "sequential"},
                           {"network", "one host, no link"},
                           {"nodes", 1},
                           {"epochs_to_target", number(sequential_epochs)},
                           {"epochs_to_target_per_seed", epochs_to_target[Variant::Sequential]},
                           {"seconds_per_epoch", sequential_epoch},
                           {"time_to_target_seconds", number(sequential_ttt)},
                           {"test_accuracy", median(final_accuracy[Variant::Sequential])},
                           {"target_accuracy", a.target_accuracy},
                           {"seeds", a.seeds},
                           {"machine", to_json(machine)}}
                          .dump()
                          .c_str());
  for (const Variant v : variants)
    for (const double b : bandwidths) {
      json line = {{"bench", "network"},
                   {"variant", to_string(v)},
                   {"network", "lab: " + std::to_string(a.nodes) + " hosts, " + mbit(b)},
                   {"bandwidth_mbit", b},
                   {"nodes", a.nodes},
                   {"threads_per_node", 1},
                   {"epochs_to_target", number(epochs_median(v))},
                   {"epochs_to_target_per_seed", epochs_to_target[v]},
                   {"epochs_to_target_from", "shared memory, the same arithmetic as on the lab"},
                   {"seconds_per_epoch", median(epoch_seconds[v][b])},
                   {"seconds_per_epoch_per_seed", epoch_seconds[v][b]},
                   {"steps_measured", steps_measured[v][b]},
                   {"time_to_target_seconds", number(time_to_target(v, b))},
                   {"speedup_vs_sequential_ff", number(sequential_ttt / time_to_target(v, b))},
                   {"test_accuracy", median(final_accuracy[v])},
                   {"target_accuracy", a.target_accuracy},
                   {"seeds", a.seeds},
                   {"machine", to_json(machine)}};
      std::printf("%s\n", line.dump().c_str());
    }

  // 4. The crossover: the bandwidth below which All-Layers reaches the target sooner than each
  // backprop baseline, interpolated on log scales between the measured points that bracket it.
  const bool has_all_layers = std::count(variants.begin(), variants.end(), Variant::AllLayers) > 0;
  for (const Variant baseline : variants) {
    if (!has_all_layers || baseline == Variant::AllLayers) continue;
    json crossover = {{"bench", "network"}, {"crossover", to_string(baseline)}, {"against", "all-layers"},
                      {"target_accuracy", a.target_accuracy}};
    std::string answer;
    if (std::isnan(epochs_median(Variant::AllLayers))) {
      answer = "All-Layers PFF does not reach the target within " + std::to_string(a.epochs) + " epochs";
      crossover["bandwidth_mbit"] = nullptr;
    } else if (std::isnan(epochs_median(baseline))) {
      answer = to_string(baseline) + " does not reach the target within " + std::to_string(a.epochs) + " epochs";
      crossover["bandwidth_mbit"] = nullptr;
    } else {
      // ratio > 1: All-Layers is sooner.
      std::vector<std::pair<double, double>> ratio;  // bandwidth (descending), baseline / all-layers
      for (const double b : bandwidths) ratio.push_back({b, time_to_target(baseline, b) / time_to_target(Variant::AllLayers, b)});
      if (ratio.back().second <= 1) {
        answer = "below the measured range: " + to_string(baseline) + " is as soon or sooner at every bandwidth down to " +
                 mbit(ratio.back().first);
        crossover["bandwidth_mbit"] = nullptr;
        crossover["range"] = "below";
      } else if (ratio.front().second > 1) {
        answer = "above the measured range: All-Layers is sooner at every bandwidth up to " + mbit(ratio.front().first);
        crossover["bandwidth_mbit"] = nullptr;
        crossover["range"] = "above";
      } else {
        // The highest bandwidth pair (hi: baseline sooner or level, lo: All-Layers sooner).
        std::size_t i = 0;
        while (i + 1 < ratio.size() && !(ratio[i].second <= 1 && ratio[i + 1].second > 1)) ++i;
        const auto [b_hi, r_hi] = ratio[i];
        const auto [b_lo, r_lo] = ratio[i + 1];
        const double f = (0 - std::log(r_hi)) / (std::log(r_lo) - std::log(r_hi));
        const double b = std::exp(std::log(b_hi) + f * (std::log(b_lo) - std::log(b_hi)));
        crossover["bandwidth_mbit"] = b;
        crossover["range"] = "inside";
        crossover["between_mbit"] = {b_lo, b_hi};
        answer = "below about " + mbit(b) + " (interpolated between the measured " + mbit(b_lo) + " and " + mbit(b_hi) + ")";
      }
      crossover["ratio_by_bandwidth"] = json::array();
      for (const auto& [b, r] : ratio) crossover["ratio_by_bandwidth"].push_back({{"bandwidth_mbit", b}, {"baseline_over_all_layers", r}});
    }
    crossover["answer"] = answer;
    std::printf("%s\n", crossover.dump().c_str());
    std::fprintf(stderr, "All-Layers PFF reaches %.0f%% sooner than %s %s\n", 100 * a.target_accuracy,
                 to_string(baseline).c_str(), answer.c_str());
  }

  // The table, time to target by bandwidth.
  std::fprintf(stderr, "\ntime to %.0f%% (epochs to target x seconds per epoch; Sequential FF on one host: %.1f s)\n",
               100 * a.target_accuracy, sequential_ttt);
  std::fprintf(stderr, "%-12s", "bandwidth");
  for (const Variant v : variants) std::fprintf(stderr, " %18s", to_string(v).c_str());
  std::fprintf(stderr, "\n");
  for (const double b : bandwidths) {
    std::fprintf(stderr, "%-12s", mbit(b).c_str());
    for (const Variant v : variants) std::fprintf(stderr, " %16.1f s", time_to_target(v, b));
    std::fprintf(stderr, "\n");
  }
  return kOk;
}

}  // namespace ffw::cli
