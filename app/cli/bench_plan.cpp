// ffw bench plan: how good are the planner's predictions? A fixed set of real runs on this machine
// (every variant on 1 and 2 local workers, slowed nodes, the network lab at 1000, 100 and 10
// Mbit/s), each predicted before it runs from a calibration on one node only, and compared with
// its measured training time (median of the seeds), idle per node and bytes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/bench_runs.h"
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/statistics.h"
#include "core/calibration.h"
#include "core/error.h"
#include "core/gemm.h"
#include "core/machine.h"
#include "core/planner.h"

namespace ffw::cli {
using nlohmann::json;

namespace {

struct PlanCase {
  std::string name;
  Variant variant;
  int nodes;
  std::vector<double> slowdown;
  double lab_mbit = 0;  // > 0: the network lab, one host per node
  long limit = 0;       // training samples (0: the benchmark's)
  int epochs = 0;       // 0: the benchmark's
};

// Every link-bound row is sized so that one run takes some seconds to a minute here.
std::vector<PlanCase> plan_cases(const BenchPlanArgs& a) {
  const long n = a.limit_train;
  std::vector<PlanCase> c = {
      {"sequential", Variant::Sequential, 1, {}},
      {"bp", Variant::Bp, 1, {}},
      {"all-layers", Variant::AllLayers, 2, {}},
      {"single-layer", Variant::SingleLayer, 2, {}},
      {"federated", Variant::Federated, 2, {}},
      {"gpipe-bp", Variant::GpipeBp, 2, {}},
      {"data-parallel-bp", Variant::DataParallelBp, 2, {}},
      {"all-layers slowdown 1,2", Variant::AllLayers, 2, {1, 2}},
      {"all-layers slowdown 1,1.5", Variant::AllLayers, 2, {1, 1.5}},
      {"gpipe-bp slowdown 1,2", Variant::GpipeBp, 2, {1, 2}},
      {"gpipe-bp slowdown 1,1.5", Variant::GpipeBp, 2, {1, 1.5}},
      {"all-layers lab 1000", Variant::AllLayers, 2, {}, 1000},
      {"all-layers lab 100", Variant::AllLayers, 2, {}, 100},
      {"all-layers lab 10", Variant::AllLayers, 2, {}, 10},
      {"gpipe-bp lab 1000", Variant::GpipeBp, 2, {}, 1000},
      {"gpipe-bp lab 100", Variant::GpipeBp, 2, {}, 100, std::max(1L, n / 4)},
      {"gpipe-bp lab 10", Variant::GpipeBp, 2, {}, 10, std::max(1L, n / 40), 2},
      {"data-parallel-bp lab 1000", Variant::DataParallelBp, 2, {}, 1000, std::max(1L, n / 4), 2},
      {"data-parallel-bp lab 100", Variant::DataParallelBp, 2, {}, 100, std::max(1L, n / 40), 2},
      {"data-parallel-bp lab 10", Variant::DataParallelBp, 2, {}, 10, std::max(1L, n / 400), 2},
      // More nodes than this machine's cores: against --emulate, listed apart, not in the targets.
      {"all-layers 4 nodes", Variant::AllLayers, 4, {}},
      {"single-layer 4 nodes", Variant::SingleLayer, 4, {}},
      {"gpipe-bp 4 nodes", Variant::GpipeBp, 4, {}},
      {"data-parallel-bp 4 nodes", Variant::DataParallelBp, 4, {}},
  };
  if (a.cases.empty()) return c;
  std::vector<PlanCase> picked;
  for (const auto& x : c)
    for (const auto& want : a.cases)
      if (x.name.rfind(want, 0) == 0) {
        picked.push_back(x);
        break;
      }
  return picked;
}

Experiment case_experiment(const BenchPlanArgs& a, const PlanCase& c, std::uint64_t seed, gemm::Backend backend) {
  Experiment e = bench_setting("bench-plan-" + c.name, a.data, c.limit > 0 ? c.limit : a.limit_train,
                               c.epochs > 0 ? c.epochs : a.epochs, seed);
  e = planned_experiment(e, c.variant, c.nodes);
  e.launcher = c.nodes == 1 ? Launcher::InProcess : c.lab_mbit > 0 ? Launcher::Lab : Launcher::Local;
  if (c.lab_mbit > 0) e.lab.bandwidth_mbit = {c.lab_mbit};
  e.slowdown = c.slowdown;
  if (e.variant == Variant::GpipeBp) e.micro_batches = auto_micro_batches(e.nodes, e.batch_size);
  e.gemm = backend;
  return e;
}

// cluster.placement "auto" against the preset for the variants with a placement to choose, with
// one node twice as slow: real runs on 2 local workers (a core each), and 4 nodes (2 slow) emulated.
int bench_placement(const BenchPlanArgs& a, const Calibration& calibration, gemm::Backend backend) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const DataSplit data = load_data(case_experiment(a, {"data", Variant::Sequential, 1, {}}, 1, backend).data);
  struct Row {
    Variant variant;
    std::vector<double> slowdown;
  };
  for (const Row& row : std::vector<Row>{{Variant::AllLayers, {1, 2}}, {Variant::GpipeBp, {1, 2}},
                                         {Variant::SingleLayer, {1, 2}}, {Variant::DataParallelBp, {1, 2}},
                                         {Variant::AllLayers, {1, 1, 2, 2}}, {Variant::GpipeBp, {1, 1, 2, 2}},
                                         {Variant::SingleLayer, {1, 1, 2, 2}}, {Variant::DataParallelBp, {1, 1, 2, 2}}}) {
    if (!a.cases.empty() && std::none_of(a.cases.begin(), a.cases.end(), [&](const std::string& want) {
          return to_string(row.variant).rfind(want, 0) == 0;
        }))
      continue;
    const int nodes = static_cast<int>(row.slowdown.size());
    const bool emulated = nodes > cores;
    const PlanCase c{to_string(row.variant), row.variant, nodes, row.slowdown};
    Experiment e = case_experiment(a, c, 1, backend);
    PlanRequest request;
    request.slowdown = row.slowdown;
    const PlacementChoice choice = choose_placement(e, calibration, request);
    std::vector<double> preset_s, auto_s, preset_acc, auto_acc;
    for (int s = 0; s < a.seeds; ++s) {
      Experiment preset = case_experiment(a, c, static_cast<std::uint64_t>(s + 1), backend);
      Experiment chosen = preset;
      chosen.placement = Placement::Auto;
      choice.apply_to(chosen);
      auto measure = [&](const Experiment& x, std::vector<double>& secs, std::vector<double>& acc) {
        const BenchRun m = emulated ? emulate_bench_run(x, data) : launch_bench_run(x, -1, false);
        secs.push_back(m.seconds);
        acc.push_back(m.accuracy);
      };
      measure(preset, preset_s, preset_acc);
      measure(chosen, auto_s, auto_acc);
    }
    const json line = {{"bench", "placement"},
                       {"variant", to_string(row.variant)},
                       {"nodes", nodes},
                       {"slowdown", row.slowdown},
                       {"timing", emulated ? "emulated" : "measured"},
                       {"preset", "the variant's preset"},
                       {std::string("auto_") + choice.key(), choice.values()},
                       {"placements_simulated", choice.candidates},
                       {"preset_predicted_seconds", choice.preset_seconds},
                       {"auto_predicted_seconds", choice.predicted_seconds},
                       {"preset_seconds", median(preset_s)},
                       {"auto_seconds", median(auto_s)},
                       {"speedup", median(preset_s) / median(auto_s)},
                       {"preset_accuracy", median(preset_acc)},
                       {"auto_accuracy", median(auto_acc)},
                       {"seeds", a.seeds},
                       {"machine", to_json(machine_info())}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
    const std::string placed = placement_text(choice.values());
    std::fprintf(stderr, "%-14s %d nodes slowdown %-8s auto [%s]: %.2f s against preset %.2f s = %.2fx%s, accuracy %.2f %% vs %.2f %%\n",
                 to_string(row.variant).c_str(), nodes, nodes == 2 ? "1,2" : "1,1,2,2", placed.c_str(), median(auto_s),
                 median(preset_s), median(preset_s) / median(auto_s), emulated ? " (emulated)" : "", 100 * median(auto_acc),
                 100 * median(preset_acc));
  }
  return kOk;
}

}  // namespace

int bench_plan_command(const BenchPlanArgs& a) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // The calibration: one node only, before any run (or the file given).
  // One GEMM backend for the probe and every run, chosen once as `ffw run` chooses.
  Experiment setting = case_experiment(a, {"probe", Variant::AllLayers, 1, {}}, 1, gemm::Backend::OpenBlas);
  setting.gemm.reset();
  resolve_gemm_backend(setting);
  const gemm::Backend backend = *setting.gemm;
  Calibration calibration;
  {
    const Experiment probe = case_experiment(a, {"probe", Variant::AllLayers, 1, {}}, 1, backend);
    if (!a.calibration.empty()) {
      calibration = Calibration::load(a.calibration);
      if (calibration.machine.value("gemm_backend", "") != gemm::to_string(backend))
        throw Error(ErrorKind::Usage, a.calibration.string() + " was measured with the " +
                                          calibration.machine.value("gemm_backend", std::string("?")) +
                                          " backend; this machine's runs use " + gemm::to_string(backend));
    } else {
      ProbeArgs p;
      p.lab_bandwidth_mbit = 100;
      calibration = probe_experiment(probe, p);
    }
  }
  if (a.placement) return bench_placement(a, calibration, backend);
  std::vector<double> errors;
  int bytes_exact = 0, bytes_rows = 0, idle_ok = 0, idle_rows = 0;
  std::optional<DataSplit> data;  // for the emulated rows
  for (const PlanCase& c : plan_cases(a)) {
    // Timed only with a core per node; more nodes are emulated (threads on CPU-time clocks).
    const bool emulated = c.nodes > cores;
    if (emulated && !data) data = load_data(case_experiment(a, c, 1, backend).data);
    Experiment e = case_experiment(a, c, 1, backend);
    PlanRequest request;
    request.bandwidth_mbit = c.lab_mbit;
    request.slowdown = c.slowdown;
    request.mpi = e.launcher == Launcher::Lab;
    request.lab = e.launcher == Launcher::Lab;
    // The prediction, made before the run.
    const PlanRow predicted = predict(e, calibration, request);
    if (!predicted.skipped.empty()) throw Error(ErrorKind::Experiment, c.name + ": " + predicted.skipped);
    std::vector<double> seconds, sent;
    std::vector<std::vector<double>> idle(static_cast<std::size_t>(c.nodes));
    for (int s = 0; s < a.seeds; ++s) {
      const Experiment run = case_experiment(a, c, static_cast<std::uint64_t>(s + 1), backend);
      const BenchRun m = emulated ? emulate_bench_run(run, *data) : launch_bench_run(run, -1, false);
      seconds.push_back(m.seconds);
      sent.push_back(m.sent_bytes());
      for (std::size_t r = 0; r < idle.size() && r < m.idle.size(); ++r) idle[r].push_back(m.idle[r]);
    }
    const double measured = median(seconds);
    const double error = (predicted.seconds - measured) / measured;
    const auto measured_bytes = static_cast<std::int64_t>(median(sent));
    if (!emulated) {
      errors.push_back(std::abs(error));
      ++bytes_rows;
      bytes_exact += measured_bytes == predicted.total_bytes;
    }
    std::vector<double> idle_measured;
    double idle_gap = 0;
    for (std::size_t r = 0; r < idle.size(); ++r) {
      idle_measured.push_back(median(idle[r]));
      idle_gap = std::max(idle_gap, std::abs(idle_measured.back() - predicted.idle[r]));
    }
    if (!emulated) {
      ++idle_rows;
      idle_ok += idle_gap <= 0.03;
    }
    const json line = {{"bench", "plan"},
                       {"case", c.name},
                       {"variant", to_string(e.variant)},
                       {"nodes", e.nodes},
                       {"network", network_description(e)},
                       {"samples", e.data.limit_train},
                       {"epochs", e.epochs},
                       {"slowdown", c.slowdown},
                       {"seeds", a.seeds},
                       {"timing", emulated ? "emulated" : "measured"},
                       {"predicted_seconds", predicted.seconds},
                       {"measured_seconds", measured},
                       {"error", error},
                       {"predicted_idle", predicted.idle},
                       {"measured_idle", idle_measured},
                       {"idle_gap_points", 100 * idle_gap},
                       {"predicted_bytes", predicted.total_bytes},
                       {"measured_bytes", measured_bytes},
                       {"machine", to_json(machine_info())}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "%-28s predicted %7.2f s, %s %7.2f s (%+5.1f %%), idle gap %4.1f points, bytes %s\n",
                 c.name.c_str(), predicted.seconds, emulated ? "emulated" : "measured", measured, 100 * error,
                 100 * idle_gap, measured_bytes == predicted.total_bytes ? "exact" : "DIFFER");
  }
  if (errors.empty()) return kOk;
  const double median_error = median(errors), worst = *std::max_element(errors.begin(), errors.end());
  const json summary = {{"bench", "plan-summary"},
                        {"rows", errors.size()},
                        {"median_abs_error", median_error},
                        {"worst_abs_error", worst},
                        {"bytes_exact", bytes_exact},
                        {"bytes_rows", bytes_rows},
                        {"idle_within_3_points", idle_ok},
                        {"idle_rows", idle_rows},
                        {"target_met", median_error <= 0.10 && worst <= 0.25 && bytes_exact == bytes_rows && idle_ok == idle_rows},
                        {"calibration", calibration.to_json()}};
  std::printf("%s\n", summary.dump().c_str());
  std::fprintf(stderr, "median |error| %.1f %% (target <= 10 %%), worst %.1f %% (target <= 25 %%), bytes exact %d/%d, "
                       "idle within 3 points %d/%d\n",
               100 * median_error, 100 * worst, bytes_exact, bytes_rows, idle_ok, idle_rows);
  return kOk;
}

}  // namespace ffw::cli
