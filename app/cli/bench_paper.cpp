// `ffw bench paper`: the experiment design of the PFF paper's Tables 1-3 (Aktemur et al. 2024),
// reproduced in structure on this machine: {adaptive, random, fixed} negatives x {goodness,
// softmax} x {Sequential, Single-Layer with one node per stage, All-Layers on N nodes}, several
// seeds, beside the paper's own MNIST figures. Times are emulated (every node a thread on its own
// CPU-time clock, Sequential on the same clock), so N nodes with a core each are estimated on a
// 2-core machine; accuracies come from real runs. An ordering is claimed only where the seeds'
// ranges do not overlap.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "app/cli/bench_runs.h"
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/statistics.h"
#include "cluster/schedule.h"
#include "core/error.h"
#include "core/machine.h"

namespace ffw::cli {
using nlohmann::json;

namespace {

struct Row {
  std::string negatives, classifier, implementation;
  bool operator<(const Row& o) const {
    return std::tie(negatives, classifier, implementation) < std::tie(o.negatives, o.classifier, o.implementation);
  }
};

struct PaperFigure {
  double seconds, accuracy;  // MNIST, [784, 2000 x 4], 100 epochs in 100 chapters, 4 (5) nodes
};

// docs/pff-algorithm.md 2.9, Tables 1-3 (the paper reports no FixedNEG-Softmax row on MNIST).
std::optional<PaperFigure> paper_figure(const Row& r) {
  static const std::map<Row, PaperFigure> table = {
      {{"adaptive", "goodness", "sequential"}, {11190.72, 98.52}},
      {{"adaptive", "goodness", "single-layer"}, {5254.87, 98.43}},
      {{"adaptive", "goodness", "all-layers"}, {2980.76, 98.51}},
      {{"random", "goodness", "sequential"}, {7178.71, 98.33}},
      {{"random", "goodness", "single-layer"}, {1974.10, 98.26}},
      {{"random", "goodness", "all-layers"}, {2008.25, 98.17}},
      {{"fixed", "goodness", "sequential"}, {7143.28, 97.95}},
      {{"fixed", "goodness", "single-layer"}, {1920.80, 97.94}},
      {{"fixed", "goodness", "all-layers"}, {1978.21, 97.89}},
      {{"adaptive", "softmax", "sequential"}, {8365.96, 98.38}},
      {{"adaptive", "softmax", "single-layer"}, {2471.27, 98.31}},
      {{"adaptive", "softmax", "all-layers"}, {1886.42, 98.30}},
      {{"random", "softmax", "sequential"}, {8104.96, 98.48}},
      {{"random", "softmax", "single-layer"}, {1891.86, 98.31}},
      {{"random", "softmax", "all-layers"}, {1786.30, 98.33}},
  };
  const auto it = table.find(r);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

Negatives negatives_from(const std::string& s) {
  return s == "adaptive" ? Negatives::Adaptive : s == "fixed" ? Negatives::Fixed : Negatives::Random;
}

Experiment paper_experiment(const BenchPaperArgs& a, const Row& r, std::uint64_t seed, const std::string& gemm) {
  Experiment e = bench_setting("bench-paper-" + r.negatives + "-" + r.classifier + "-" + r.implementation, a.data,
                               a.limit_train, a.epochs, seed);
  e.data.limit_test = a.limit_test;
  e.variant = r.implementation == "sequential"     ? Variant::Sequential
              : r.implementation == "single-layer" ? Variant::SingleLayer
                                                   : Variant::AllLayers;
  e.negatives = negatives_from(r.negatives);
  e.classifier = r.classifier == "softmax" ? Classifier::Softmax : Classifier::Goodness;
  // Single-Layer: one node per stage (4 layers, and the softmax head as a fifth), as the paper.
  e.nodes = e.variant == Variant::Sequential ? 1 : e.variant == Variant::SingleLayer ? static_cast<int>(e.trained_stages()) : a.nodes;
  e.evaluate_every_chapters = 0;  // the tables report the final accuracy; nothing is evaluated on the way
  e.gemm = gemm == "onednn" ? gemm::Backend::OneDnn : gemm::Backend::OpenBlas;
  return e;
}

struct Seeds {
  std::vector<double> seconds, accuracy, emulated_accuracy, speedup;
  std::vector<std::vector<double>> idle;
};

double lo(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double hi(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

// "a above b" when every seed of a is above every seed of b; "b above a" likewise; else a tie
// within the spread between seeds. One seed each: never more than "one seed".
json ordering(const std::string& what, const std::string& a_name, const std::vector<double>& a, const std::string& b_name,
              const std::vector<double>& b, bool lower_is_better) {
  std::string verdict;
  if (a.size() < 2 || b.size() < 2) verdict = "not claimed: fewer than 2 seeds";
  else if (lo(a) > hi(b)) verdict = a_name + (lower_is_better ? " slower" : " higher");
  else if (lo(b) > hi(a)) verdict = b_name + (lower_is_better ? " slower" : " higher");
  else verdict = "within the spread between seeds: no ordering claimed";
  return {{"bench", "paper"},  {"ordering", what},     {"a", a_name},       {"b", b_name},
          {"a_median", median(a)}, {"b_median", median(b)}, {"a_range", {lo(a), hi(a)}}, {"b_range", {lo(b), hi(b)}},
          {"verdict", verdict}};
}

}  // namespace

int bench_paper_command(const BenchPaperArgs& a) {
  std::vector<Row> rows;
  for (const auto& n : a.negatives)
    for (const auto& c : a.classifiers)
      for (const auto& i : a.implementations) rows.push_back({n, c, i});
  if (rows.empty()) throw Error(ErrorKind::Usage, "nothing to run: --negatives, --classifiers and --implementations name none");
  if (a.nodes > a.epochs)
    throw Error(ErrorKind::Usage, "--nodes " + std::to_string(a.nodes) + " is more than --epochs " + std::to_string(a.epochs) +
                                      ": All-Layers trains chapter k on node k mod N, so some nodes would never train");
  const Experiment probe = paper_experiment(a, rows.front(), 1, "openblas");
  const DataSplit data = load_data(probe.data);
  const std::string gemm = gemm::to_string(benchmark_backend(a.gemm, gemm::Precision::Fp32,
                                                             gemm::step_shapes(probe, static_cast<int>(data.train.dim())), 1));
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::fprintf(stderr,
               "bench paper: %zu rows x %d seeds on %zu training samples, %d epochs in %d chapters; times emulated "
               "(each node a thread on its own CPU-time clock, Sequential too), accuracies from %s\n",
               rows.size(), a.seeds, data.train.size(), a.epochs, a.epochs,
               a.real_runs ? "real runs (worker processes; oversubscribed on this machine's cores)" : "the emulated runs");

  std::map<Row, Seeds> seeds;
  const auto started = std::chrono::steady_clock::now();
  std::size_t done = 0;
  const std::size_t total = rows.size() * static_cast<std::size_t>(a.seeds);
  for (int s = 0; s < a.seeds; ++s)
    for (const auto& r : rows) {
      const Experiment e = paper_experiment(a, r, static_cast<std::uint64_t>(s + 1), gemm);
      const BenchRun t = emulate_bench_run(e, data);
      double accuracy = t.accuracy;
      if (a.real_runs && e.nodes > 1) accuracy = launch_bench_run(e).accuracy;
      Seeds& out = seeds[r];
      out.seconds.push_back(t.seconds);
      out.accuracy.push_back(accuracy);
      out.emulated_accuracy.push_back(t.accuracy);
      out.idle.push_back(t.idle);
      ++done;
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "[%zu/%zu, %.0f min left] seed %d: %-8s %-8s %-12s %d node%s %7.1f s (emulated)  %.2f%%%s\n", done,
                   total, elapsed / static_cast<double>(done) * static_cast<double>(total - done) / 60, s + 1,
                   r.negatives.c_str(), r.classifier.c_str(), r.implementation.c_str(), e.nodes, e.nodes == 1 ? " " : "s",
                   t.seconds, 100 * accuracy,
                   accuracy != t.accuracy ? " (the emulated run gave a different accuracy)" : "");
    }

  // Speed-ups per seed, against the same seed's Sequential with the same negatives and classifier.
  for (auto& [r, sd] : seeds) {
    const auto seq = seeds.find({r.negatives, r.classifier, "sequential"});
    if (seq == seeds.end()) continue;
    for (std::size_t i = 0; i < sd.seconds.size(); ++i) sd.speedup.push_back(seq->second.seconds[i] / sd.seconds[i]);
  }
  const json machine = to_json(machine_info());
  bool all_equal = true;
  for (const auto& r : rows) {
    const Seeds& sd = seeds.at(r);
    all_equal &= sd.accuracy == sd.emulated_accuracy;
    const Experiment e = paper_experiment(a, r, 1, gemm);
    json idle = json::array();
    for (std::size_t n = 0; n < static_cast<std::size_t>(e.nodes); ++n) {
      std::vector<double> v;
      for (const auto& per_seed : sd.idle)
        if (n < per_seed.size()) v.push_back(per_seed[n]);
      idle.push_back(median(v));
    }
    json line = {{"bench", "paper"},
                 {"negatives", r.negatives},
                 {"classifier", r.classifier},
                 {"implementation", r.implementation},
                 {"nodes", e.nodes},
                 {"stages", e.trained_stages()},
                 {"network", {784, 500, 500, 500, 500}},
                 {"epochs", e.epochs},
                 {"chapters", e.chapters},
                 {"train_samples", data.train.size()},
                 {"test_samples", data.test.size()},
                 {"seeds", a.seeds},
                 {"seconds", median(sd.seconds)},
                 {"seconds_per_seed", sd.seconds},
                 {"timing", "emulated"},
                 {"speedup_vs_sequential", sd.speedup.empty() ? json(nullptr) : json(median(sd.speedup))},
                 {"speedup_per_seed", sd.speedup},
                 {"test_accuracy", median(sd.accuracy)},
                 {"accuracy_per_seed", sd.accuracy},
                 {"accuracy_from", a.real_runs && e.nodes > 1 ? "real runs, oversubscribed" : "the runs themselves"},
                 {"emulated_accuracy_per_seed", sd.emulated_accuracy},
                 {"idle_fraction_per_node", idle},
                 {"theoretical_bubble", theoretical_bubble(e)},
                 {"gemm", gemm},
                 {"machine", machine}};
    if (const auto p = paper_figure(r)) {
      const auto seq = paper_figure({r.negatives, r.classifier, "sequential"});
      line["paper_mnist"] = {{"seconds", p->seconds}, {"test_accuracy", p->accuracy / 100},
                             {"speedup_vs_sequential", seq ? json(seq->seconds / p->seconds) : json(nullptr)}};
    }
    std::printf("%s\n", line.dump().c_str());
  }

  // The orderings the paper reads off its tables, claimed here only beyond the seeds' spread.
  std::vector<json> claims;
  auto have = [&](const Row& r) { return seeds.count(r) > 0; };
  for (const auto& c : a.classifiers)
    for (const auto& i : a.implementations) {
      const std::vector<std::pair<std::string, std::string>> pairs = {{"adaptive", "random"}, {"random", "fixed"}, {"adaptive", "fixed"}};
      for (const auto& [x, y] : pairs)
        if (have({x, c, i}) && have({y, c, i}))
          claims.push_back(ordering("accuracy, " + c + ", " + i, x, seeds.at({x, c, i}).accuracy, y, seeds.at({y, c, i}).accuracy, false));
    }
  for (const auto& n : a.negatives)
    for (const auto& c : a.classifiers)
      for (const std::string i : {"all-layers", "single-layer"})
        if (have({n, c, i}) && have({n, c, "sequential"}))
          claims.push_back(ordering("accuracy, " + n + " " + c, i, seeds.at({n, c, i}).accuracy, "sequential",
                                    seeds.at({n, c, "sequential"}).accuracy, false));
  for (const auto& n : a.negatives)
    for (const auto& i : a.implementations)
      if (have({n, "softmax", i}) && have({n, "goodness", i}))
        claims.push_back(ordering("time, " + n + " " + i, "softmax", seeds.at({n, "softmax", i}).seconds, "goodness",
                                  seeds.at({n, "goodness", i}).seconds, true));
  for (const auto& c : claims) std::printf("%s\n", c.dump().c_str());
  std::fflush(stdout);

  // The table, as the paper lays it out, beside the paper's MNIST figures.
  std::fprintf(stderr, "\n%-8s %-8s %-12s %5s %10s %9s %19s | %10s %8s %7s\n", "negs", "head", "implementation", "nodes",
               "train s*", "speed-up", "accuracy (range)", "paper s", "speed-up", "acc.");
  for (const auto& r : rows) {
    const Seeds& sd = seeds.at(r);
    const auto p = paper_figure(r);
    const auto pseq = paper_figure({r.negatives, r.classifier, "sequential"});
    std::fprintf(stderr, "%-8s %-8s %-12s %5d %10.1f %8.2fx %6.2f%% (%.2f-%.2f) | ", r.negatives.c_str(), r.classifier.c_str(),
                 r.implementation.c_str(), paper_experiment(a, r, 1, gemm).nodes, median(sd.seconds),
                 sd.speedup.empty() ? 0.0 : median(sd.speedup), 100 * median(sd.accuracy), 100 * lo(sd.accuracy),
                 100 * hi(sd.accuracy));
    if (p) std::fprintf(stderr, "%10.0f %7.2fx %6.2f%%\n", p->seconds, pseq ? pseq->seconds / p->seconds : 0.0, p->accuracy);
    else std::fprintf(stderr, "%10s %8s %7s\n", "-", "-", "-");
  }
  std::fprintf(stderr, "* emulated: N nodes with a core each, estimated on %d cores. Orderings:\n", cores);
  for (const auto& c : claims)
    std::fprintf(stderr, "  %-34s %-12s vs %-12s %s\n", c["ordering"].get<std::string>().c_str(), c["a"].get<std::string>().c_str(),
                 c["b"].get<std::string>().c_str(), c["verdict"].get<std::string>().c_str());
  if (a.real_runs)
    std::fprintf(stderr, "%s\n", all_equal ? "every real run's accuracy equals its emulated run's, bit for bit"
                                           : "note: some real runs' accuracies differ from their emulated runs'");
  return kOk;
}

}  // namespace ffw::cli
