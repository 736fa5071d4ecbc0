// ffw probe (what each instruction costs here) and ffw plan (what a cluster would do).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include <atomic>
#include <chrono>
#include <thread>

#include "app/cli/bench_runs.h"
#include "app/cli/statistics.h"
#include "cluster/launcher.h"
#include "cluster/shm_transport.h"
#include "core/clock.h"
#include "core/calibration.h"
#include "core/error.h"
#include "core/gemm.h"
#include "core/machine.h"
#include "core/planner.h"
#include "core/run_directory.h"

namespace ffw::cli {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// One-way times of two message sizes between two nodes of `launcher` (ping-pong, half the median
// round trip), as a per-message time and a byte rate.
LinkCost measure_link(Launcher launcher, double bandwidth_mbit, double* payload_share) {
  const std::size_t small = 1024;
  const std::size_t large = launcher == Launcher::Lab ? std::size_t{1} << 20 : std::size_t{4} << 20;
  const auto points = pingpong_points(launcher, bandwidth_mbit, {small, large}, launcher == Launcher::Lab ? 3 : 20,
                                      ErrorKind::Environment);
  double t_small = 0, t_large = 0;
  for (const auto& point : points) {
    const auto bytes = point["bytes"].get<std::size_t>();
    const double seconds = point["latency_us"].get<double>() / 1e6;
    (bytes == small ? t_small : t_large) = seconds;
  }
  LinkCost l;
  l.seconds_per_message = t_small;
  l.bytes_per_second = static_cast<double>(large - small) / std::max(t_large - t_small, 1e-9);
  if (payload_share) *payload_share = l.bytes_per_second / (bandwidth_mbit * 1e6 / 8);
  return l;
}

// One allreduce of `floats` between two local workers over shared memory (the ring the
// data-parallel schedule runs there, with its copies and its sums), in seconds: the median of 15.
double measure_shared_memory_allreduce(std::int64_t floats) {
  cluster::ShmTransportSegment segment(2, std::size_t{8} << 20);
  std::atomic<bool> failed{false};
  std::vector<double> times;
  auto node = [&](int rank) {
    cluster::ShmTransport t(segment.name(), rank, &failed);
    SteadyClock clock;
    t.instrument(&clock, nullptr);
    std::vector<float> values(static_cast<std::size_t>(floats), 1.0f);
    for (int k = 0; k < 18; ++k) {
      t.barrier();
      const auto start = std::chrono::steady_clock::now();
      t.allreduce_sum(values, Category::Gradients);
      if (rank == 0 && k >= 3) times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    t.barrier();
    t.flush();
  };
  std::thread other(node, 1);
  node(0);
  other.join();
  return median(times);
}

std::string mb(double bytes) {
  char s[32];
  std::snprintf(s, sizeof s, "%.1f", bytes / 1e6);
  return s;
}

}  // namespace

// `ffw probe --node-speeds`: the reference workload here, then on every node of the experiment at
// once through its own launcher (mpirun with its hostfile, the lab, local workers), each node with
// its cluster.slowdown; each node's speed as a factor of this machine's.
void measure_node_speeds(const Experiment& e, const DataSplit& data, Calibration& c) {
  if (e.nodes < 2 || e.launcher == Launcher::InProcess)
    throw Error(ErrorKind::Usage, "--node-speeds: the experiment runs one node in this process; set cluster.launcher "
                                  "and cluster.nodes (and a hostfile) to the cluster whose nodes to time");
  std::fprintf(stderr, "ffw probe: the reference workload here, then on each of the %d nodes at once\n", e.nodes);
  c.reference_seconds_per_sample = reference_seconds_per_sample(e, data, 1.0).cpu;
  const auto dir = fs::temp_directory_path() / ("ffw-node-speeds-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const RunDirectory run = RunDirectory::create(dir, e);
  cluster::LaunchOptions options;
  options.speed_probe = true;
  const cluster::LaunchOutcome outcome = cluster::launch_run(e, run, options);
  fs::remove_all(dir);
  if (outcome.status != cluster::LaunchStatus::Finished)
    throw Error(ErrorKind::Environment, "timing the nodes failed: " + outcome.message);
  c.node_slowdown.clear();
  c.node_hosts.clear();
  for (int r = 0; r < e.nodes; ++r) {
    const json& result = outcome.summary["nodes"][static_cast<std::size_t>(r)];  // the worker's report
    const double seconds = result.value("seconds_per_sample", 0.0);
    const double wall = result.value("wall_seconds_per_sample", 0.0);
    c.node_hosts.push_back(result.value("host", std::string("?")));
    c.node_slowdown.push_back(seconds / c.reference_seconds_per_sample);
    std::fprintf(stderr, "ffw probe: node %d on %s: %.2fx this machine's CPU time\n", r, c.node_hosts.back().c_str(),
                 c.node_slowdown.back());
    // Emulated slowdown is not in the wall time, so compare it with the unslowed CPU time.
    const double unslowed = seconds / std::max(1.0, e.slowdown_of(r));
    if (unslowed > 0 && wall > 1.5 * unslowed)
      std::fprintf(stderr,
                   "ffw probe: note: node %d took %.1fx its CPU time in elapsed time: its core is busy with other work "
                   "or other nodes; the plan assumes a core per node\n",
                   r, wall / unslowed);
  }
}

Calibration probe_experiment(const Experiment& experiment, const ProbeArgs& a) {
  Experiment e = experiment;
  if (a.threads > 0) e.threads = a.threads;
  if (e.threads <= 0) e.threads = 1;
  if (!e.gemm) resolve_gemm_backend(e);  // as `ffw run` would: measured once, said on the terminal
  const DataSplit data = load_data(e.data);
  std::fprintf(stderr, "ffw probe: measuring %s at batch %d, %d thread%s per node, on %s\n", e.name.c_str(),
               e.batch_size, e.threads, e.threads == 1 ? "" : "s", machine_info().cpu_model.c_str());
  Calibration c = probe_compute(e, data, a.samples);
  if (a.transports) {
    std::fprintf(stderr, "ffw probe: shared memory between two local workers\n");
    c.shared_memory = measure_link(Launcher::Local, 0, nullptr);
    // The experiment's backprop network's gradients, all-reduced at once.
    std::int64_t floats = 0;
    for (std::size_t l = 0; l < c.bp_weight_gradients.size(); ++l) {
      const std::int64_t in = l == 0 ? c.input_dim : e.layers[l - 1].width;
      const std::int64_t out = l < e.layers.size() ? e.layers[l].width : c.classes;
      floats += in * out + out;
    }
    const double seconds = measure_shared_memory_allreduce(floats);
    c.shared_memory_allreduce_bytes_per_second = static_cast<double>(floats) * sizeof(float) / seconds;
    try {
      std::fprintf(stderr, "ffw probe: Open MPI between two ranks of this machine\n");
      c.mpi = measure_link(Launcher::Mpi, 0, nullptr);
      c.mpi_measured = true;
    } catch (const Error& x) {
      std::fprintf(stderr, "ffw probe: %s (Open MPI is left out)\n", x.what());
    }
    const double lab = a.lab_bandwidth_mbit > 0 ? a.lab_bandwidth_mbit
                       : e.launcher == Launcher::Lab ? e.lab.bandwidth_of(0) : 0;
    if (lab > 0) {
      try {
        std::fprintf(stderr, "ffw probe: the network lab at %g Mbit/s\n", lab);
        measure_link(Launcher::Lab, lab, &c.lab_payload_share);
        c.lab_measured = true;
      } catch (const Error& x) {
        std::fprintf(stderr, "ffw probe: %s (the lab's payload share stays %.2f)\n", x.what(), c.lab_payload_share);
      }
    }
  }
  if (a.node_speeds) measure_node_speeds(e, data, c);
  return c;
}

int probe_command(const ProbeArgs& a) {
  const Experiment e = load_experiment(a.experiment);
  const Calibration c = probe_experiment(e, a);
  const fs::path out = a.out.empty() ? fs::path(e.name + ".calibration.json") : a.out;
  c.save(out);
  double stage = 0;
  for (double s : c.train_stage) stage += s;
  std::printf("%s\n", json{{"probe", e.name},
                           {"calibration", out.string()},
                           {"ff_epoch_s", stage * static_cast<double>(c.train_samples)},
                           {"shared_memory_gb_per_s", c.shared_memory.bytes_per_second / 1e9},
                           {"machine", c.machine}}
                          .dump()
                          .c_str());
  std::fprintf(stderr, "ffw probe: calibration written to %s\n", out.string().c_str());
  return kOk;
}

int plan_command(const PlanArgs& a) {
  const Experiment e = load_experiment(a.experiment);
  Calibration c;
  if (!a.calibration.empty()) {
    if (!fs::is_directory(a.calibration)) c = Calibration::load(a.calibration);
    else if (fs::exists(a.calibration / "calibration.json")) c = Calibration::load(a.calibration / "calibration.json");
    else c = calibration_from_run(a.calibration);  // a finished run's timeline
  } else {
    std::fprintf(stderr, "ffw plan: no --calibration; probing this machine first (about a minute; `ffw probe` saves one)\n");
    ProbeArgs p;
    p.experiment = a.experiment;
    c = probe_experiment(e, p);
  }
  if (c.batch_size != e.batch_size)
    std::fprintf(stderr, "ffw plan: the calibration was measured at batch %d, the experiment trains at batch %d; "
                         "the predictions are less exact\n", c.batch_size, e.batch_size);
  PlanRequest r;
  for (const auto& v : a.variants) {
    const auto variant = variant_from_string(v);
    if (!variant) throw Error(ErrorKind::Usage, "--variants: unknown variant \"" + v + "\"");
    r.variants.push_back(*variant);
  }
  if (!a.nodes.empty()) r.nodes = a.nodes;
  r.bandwidth_mbit = a.bandwidth_mbit;
  if (e.launcher == Launcher::Lab && r.bandwidth_mbit <= 0) r.bandwidth_mbit = e.lab.bandwidth_of(0);  // the lab's links
  r.latency_ms = a.latency_ms;
  r.slowdown = a.slowdown;
  if (r.slowdown.empty() && !c.node_slowdown.empty()) {
    // The nodes' speeds as measured on their hosts (`ffw probe --node-speeds`); a node faster than
    // this machine counts as this machine (the costs were measured here).
    std::string said;
    for (std::size_t n = 0; n < c.node_slowdown.size(); ++n) {
      r.slowdown.push_back(std::max(1.0, c.node_slowdown[n]));
      char one[64];
      std::snprintf(one, sizeof one, "%s%.2f", n ? ", " : "", c.node_slowdown[n]);
      said += one;
    }
    std::fprintf(stderr, "ffw plan: node speeds from the calibration (measured on their hosts): %s\n", said.c_str());
  }
  r.mpi = e.launcher == Launcher::Mpi || e.launcher == Launcher::Lab;
  r.lab = e.launcher == Launcher::Lab;
  r.price_per_node_hour = a.price_per_node_hour;
  r.watts_per_node = a.watts_per_node;
  r.goal = a.goal == "cheapest" ? PlanGoal::Cheapest : PlanGoal::Fastest;
  r.auto_placement = a.auto_placement;
  r.record_timeline = !a.timeline.empty();
  const Plan plan = make_plan(e, c, r);

  char links[64];
  std::snprintf(links, sizeof links, "one host per node, %g Mbit/s links", r.bandwidth_mbit);
  const std::string network = r.bandwidth_mbit > 0 ? std::string(links)
                              : r.mpi                ? "one machine, Open MPI"
                                                     : "one machine, shared memory";
  for (const auto& row : plan.rows) {
    json line = to_json(row);
    line["plan"] = e.name;
    line["network"] = network;
    line["calibration"] = c.source;
    std::printf("%s\n", line.dump().c_str());
  }
  std::fprintf(stderr, "\nPredicted training time of %s (%lld samples, %d epochs; %s; calibration: %s on %s)%s\n",
               e.name.c_str(), static_cast<long long>(c.train_samples), e.epochs, network.c_str(), c.source.c_str(),
               c.machine.value("cpu_model", std::string("?")).c_str(),
               r.latency_ms > 0 ? "\nlatency per message is a figure given, not validated (the lab cannot emulate latency)" : "");
  std::fprintf(stderr, "%-18s %5s %10s %8s %8s %8s %12s %10s %10s\n", "variant", "nodes", "seconds", "vs seq", "vs bp",
               "bubble", "MB sent", "cost", "Wh");
  for (const auto& row : plan.rows) {
    if (!row.skipped.empty()) {
      std::fprintf(stderr, "%-18s %5d   (%s)\n", to_string(row.variant).c_str(), row.nodes, row.skipped.c_str());
      continue;
    }
    auto ratio = [](double x) {
      char s[16];
      std::snprintf(s, sizeof s, x > 0 ? "%.2fx" : "-", x);
      return std::string(s);
    };
    std::string placed;
    if (!row.placement.empty()) {
      placed = std::string("  ") + row.placement.key() + " " + placement_text(row.placement.values());
      char preset[64];
      std::snprintf(preset, sizeof preset, " (preset %.1f s)", row.placement.preset_seconds);
      placed += preset;
    }
    std::fprintf(stderr, "%-18s %5d %10.1f %8s %8s %7.1f%% %12s %10.4f %10.2f%s\n", to_string(row.variant).c_str(),
                 row.nodes, row.seconds, ratio(row.speedup_vs_sequential).c_str(), ratio(row.speedup_vs_bp).c_str(),
                 100 * row.bubble, mb(static_cast<double>(row.total_bytes)).c_str(), row.cost, row.energy_wh, placed.c_str());
  }
  if (plan.recommended >= 0) std::fprintf(stderr, "recommended (%s)\n", plan.recommendation.c_str());
  if (!a.timeline.empty() && plan.recommended >= 0) {
    std::ofstream out(a.timeline, std::ios::trunc);
    if (!out) throw Error(ErrorKind::Io, a.timeline.string() + ": cannot be written");
    out << kTimelineCsvHeader << '\n';
    for (const Segment& s : plan.rows[static_cast<std::size_t>(plan.recommended)].timeline) out << timeline_csv_line(s);
    std::fprintf(stderr, "predicted timeline of the recommended row: %s\n", a.timeline.string().c_str());
  }
  std::fprintf(stderr, "Accuracy is not predicted: compare the variants' measured accuracy (ffw bench compare). "
                       "Federated trains each chapter on one shard, so it is never recommended for another variant's "
                       "experiment.\n");
  return kOk;
}

}  // namespace ffw::cli
