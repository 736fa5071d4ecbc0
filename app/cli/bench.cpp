// `ffw bench core` and `ffw bench memory`: the speed, accuracy and memory figures of the core,
// one JSON line each, with the machine they were measured on.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <thread>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/cli/bench_runs.h"
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/statistics.h"
#include "core/gemm.h"
#include "core/machine.h"
#include "cluster/launcher.h"
#include "cluster/schedule.h"
#include "cluster/threaded_run.h"
#include "core/error.h"
#include "core/run_directory.h"
#include "core/step_profile.h"
#include "core/trainer.h"

namespace ffw::cli {
using nlohmann::json;

namespace {

Experiment bench_experiment(const BenchCoreArgs& a, std::uint64_t seed) {
  Experiment e;
  e.name = a.bp ? "bench-core-bp" : "bench-core";
  e.data.format = DataFormat::Idx;
  e.data.path = a.data;
  e.data.limit_train = a.limit_train;
  e.data.limit_test = a.limit_test;
  e.data.seed = seed;
  e.layers = {{1000, {}, {}}, {1000, {}, {}}, {1000, {}, {}}};
  e.variant = a.bp ? Variant::Bp : Variant::Sequential;
  e.negatives = a.bp ? Negatives::None : Negatives::Random;
  e.classifier = Classifier::Softmax;
  e.epochs = a.epochs;
  e.chapters = a.epochs;
  e.batch_size = 100;
  e.seed = seed;
  e.optimizer.learning_rate = 1e-3;
  e.head_optimizer = e.optimizer;
  // Every layer trains on every batch in one forward sweep: the layout of the public
  // reimplementations this benchmark is compared with.
  e.interleave = Interleave::Batch;
  e.checkpoints = false;
  e.threads = a.threads;
  e.precision = precision_from(a.precision);
  return e;
}

}  // namespace

int bench_core_command(const BenchCoreArgs& a) {
  const gemm::Precision precision = precision_from(a.precision);
  const std::vector<gemm::Shape> shapes = gemm::step_shapes(bench_experiment(a, 1), 784);
  const gemm::Backend backend = benchmark_backend(a.gemm, precision, shapes, a.threads);
  // The reference peak: the best single-thread rate of any available backend at this benchmark's
  // own GEMM shapes (every product of a step), in this run's precision, best of 5 calls each,
  // measured before and after training and the higher kept (a shared machine's noise only ever
  // lowers a measurement, so the higher is the fairer reference).
  json peak_by_backend = json::object();
  auto reference_peak = [&] {
    gemm::set_threads(1);
    double best = 0;
    for (gemm::Backend b : {gemm::Backend::OpenBlas, gemm::Backend::OneDnn}) {
      if (!gemm::available(b) || (precision == gemm::Precision::Bf16 && b != gemm::Backend::OneDnn)) continue;
      const double gflops = gemm::measure_gflops(b, precision, shapes, 5);
      const std::string name = gemm::to_string(b);
      peak_by_backend[name] = std::max(peak_by_backend.value(name, 0.0), gflops);
      best = std::max(best, gflops);
    }
    gemm::set_threads(a.threads);
    return best;
  };
  double peak = reference_peak();

  std::map<std::string, std::vector<double>> part_ms;  // per part of a step, per seed
  std::vector<double> samples_per_second, gflops, executed_gflops, acc_softmax, acc_goodness, acc_bp, seconds;
  json per_seed = json::array();
  std::vector<int> widths = {784, 1000, 1000, 1000};
  double fan_products = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) fan_products += static_cast<double>(widths[l - 1]) * widths[l];
  if (a.bp) fan_products += 1000.0 * 10;
  // FF's first layer derives the negatives' GEMMs from the positives' (FFLayer's OverlayBatch):
  // the nominal count above is the 8 x batch x fan_in x fan_out; this one is what ran.
  const double executed_fan_products = a.bp ? fan_products : fan_products - 0.5 * widths[0] * widths[1];

  DataSplit data;
  for (int s = 0; s < a.seeds; ++s) {
    Experiment e = bench_experiment(a, static_cast<std::uint64_t>(s + 1));
    e.gemm = backend;
    if (s == 0) data = load_data(e.data);
    TrainOptions options;
    options.evaluate_each_chapter = false;
    step_profile::enable(true);
    const TrainResult r = train(e, data, options);
    const step_profile::Totals parts = step_profile::totals();
    step_profile::enable(false);
    const double samples = static_cast<double>(data.train.size()) * e.epochs;
    const double steps = std::ceil(static_cast<double>(data.train.size()) / e.batch_size) * e.epochs;
    json step_ms = json::object();
    for (std::size_t p = 0; p < step_profile::kParts; ++p) {
      const std::string part = step_profile::name(static_cast<step_profile::Part>(p));
      step_ms[part] = 1e3 * parts.seconds[p] / steps;
      part_ms[part].push_back(1e3 * parts.seconds[p] / steps);
    }
    // FLOPs per sample and layer: FF 8 x fan_in x fan_out (positive and negative forward, weight
    // gradient); BP 6 x (forward, weight gradient, input gradient).
    const double flops = (a.bp ? 6.0 : 8.0) * samples * fan_products;
    const double sps = samples / r.timings.ff_seconds;
    samples_per_second.push_back(sps);
    gflops.push_back(flops / r.timings.ff_seconds / 1e9);
    executed_gflops.push_back(flops * executed_fan_products / fan_products / r.timings.ff_seconds / 1e9);
    seconds.push_back(r.timings.ff_seconds);
    json seed_line = {{"seed", s + 1}, {"train_seconds", r.timings.ff_seconds}, {"samples_per_second", sps},
                      {"head_seconds", r.timings.head_seconds}, {"step_ms", step_ms},
                      {"test_accuracy", r.test_accuracy}};
    per_seed.push_back(seed_line);
    if (a.bp) {
      acc_bp.push_back(r.test_accuracy.at("backprop"));
    } else {
      acc_softmax.push_back(r.test_accuracy.at("softmax"));
      acc_goodness.push_back(r.test_accuracy.at("goodness"));
    }
    std::fprintf(stderr, "seed %d: %s\n", s + 1, seed_line.dump().c_str());
  }
  peak = std::max(peak, reference_peak());
  // Milliseconds per step (one batch through every layer, the head's share apart), medians over
  // the seeds, in the order a reader scans them; and each part's share of the layers' time.
  json step_parts = json::object(), step_shares = json::object();
  double layers_ms = 0;
  for (const auto& [part, values] : part_ms)
    if (part != "head") layers_ms += median(values);
  for (const auto& [part, values] : part_ms) {
    step_parts[part] = median(values);
    if (part != "head") step_shares[part] = median(values) / layers_ms;
  }
  json line = {{"bench", a.bp ? "core-bp" : "core"},
               {"network", widths},
               {"batch", 100},
               {"epochs", a.epochs},
               {"threads", a.threads},
               {"seeds", a.seeds},
               {"train_samples", data.train.size()},
               {"train_seconds", median(seconds)},
               {"samples_per_second", median(samples_per_second)},
               {"gflops", median(gflops)},
               {"reference_peak_gflops", peak},
               {"ratio_to_peak", median(gflops) / peak},
               {"executed_gflops", median(executed_gflops)},
               {"executed_ratio_to_peak", median(executed_gflops) / peak},
               {"reference_peak_by_backend", peak_by_backend},
               {"gemm_backend", gemm::to_string(gemm::backend())},
               {"gemm_kernel", gemm::kernel_name(gemm::backend())},
               {"precision", gemm::to_string(gemm::precision())},
               {"forced_kernel_environment", gemm::forced_kernel_environment()},
               {"blas_kernel", gemm::kernel_name(gemm::Backend::OpenBlas)},
               {"step_ms", step_parts},
               {"step_share_of_layers", step_shares},
               {"peak_rss_mb", peak_rss_mb()},
               {"per_seed", per_seed},
               {"machine", to_json(machine_info())}};
  if (a.bp) {
    line["test_accuracy_bp"] = median(acc_bp);
  } else {
    line["test_accuracy_softmax"] = median(acc_softmax);
    line["test_accuracy_goodness"] = median(acc_goodness);
  }
  std::printf("%s\n", line.dump().c_str());
  return kOk;
}

int bench_memory_command(const BenchMemoryArgs& a) {
  gemm::set_threads(a.threads);
  Experiment e;
  e.name = "bench-memory";
  e.data.path = a.data;
  e.data.limit_train = a.limit_train;
  e.layers = {{2000, {}, {}}, {2000, {}, {}}, {2000, {}, {}}, {2000, {}, {}}};
  e.negatives = Negatives::Random;
  e.classifier = Classifier::Softmax;
  e.epochs = 100;
  e.chapters = 100;
  e.batch_size = 64;
  e.optimizer.learning_rate = 0.01;
  e.head_optimizer = e.optimizer;
  e.head_optimizer.learning_rate = 1e-4;
  e.checkpoints = false;
  const DataSplit data = load_data(e.data);
  TrainOptions options;
  options.stop_after_chapters = 1;
  options.evaluate_each_chapter = false;
  options.final_evaluation = false;
  const TrainResult r = train(e, data, options);
  json line = {{"bench", "memory"},
               {"network", {784, 2000, 2000, 2000, 2000}},
               {"batch", 64},
               {"train_samples", data.train.size()},
               {"chapters", r.chapters_done},
               {"seconds", r.wall_seconds},
               {"peak_rss_mb", peak_rss_mb()},
               {"threads", gemm::threads()},
               {"machine", to_json(machine_info())}};
  std::printf("%s\n", line.dump().c_str());
  return kOk;
}

}  // namespace ffw::cli

namespace ffw::cli {

namespace {

Experiment scaling_experiment(const BenchScalingArgs& a, Variant variant, int nodes, int threads, std::uint64_t seed) {
  Experiment e;
  e.name = "bench-scaling";
  e.data.path = a.data;
  e.data.limit_train = a.limit_train;
  e.data.limit_test = a.limit_test;
  e.data.seed = seed;
  e.layers.assign(static_cast<std::size_t>(a.layers), {500, {}, {}});
  e.variant = variant;
  e.negatives = Negatives::Random;
  e.classifier = Classifier::Softmax;
  e.epochs = a.chapters;
  e.chapters = a.chapters;
  e.batch_size = 100;
  e.seed = seed;
  e.optimizer.learning_rate = 1e-3;
  e.head_optimizer = e.optimizer;
  e.checkpoints = false;
  e.threads = threads;
  e.nodes = nodes;
  e.deferred_evaluation = true;  // chapters are tested after training, on every side alike
  e.send_optimizer_state = a.send_optimizer_state && variant == Variant::AllLayers && nodes > 1;
  e.precision = precision_from(a.precision);
  if (nodes > 1) e.wire_precision = precision_from(a.wire_precision);  // one node sends nothing
  if (a.gemm != "auto") e.gemm = a.gemm == "onednn" ? gemm::Backend::OneDnn : gemm::Backend::OpenBlas;
  e.launcher = variant == Variant::Sequential ? Launcher::InProcess
               : a.launcher == "local"        ? Launcher::Local
                                              : Launcher::Mpi;
  return e;
}

struct Measured {
  double seconds = 0, accuracy = 0, bytes = 0;
  std::vector<double> idle;
};

Measured run_in_process(const Experiment& e, const DataSplit& data) {
  gemm::set_threads(e.threads);
  TrainOptions options;
  const TrainResult r = train(e, data, options);
  return {r.train_seconds, r.test_accuracy.at(r.primary_readout), 0, {0.0}};
}

Measured run_distributed(const Experiment& e, bool stream) {
  const BenchRun r = launch_bench_run(e, -1, stream);
  return {r.seconds, r.accuracy, r.sent_bytes(), r.idle};
}

// Sequential goes through the same emulation on one node, so both sides are read from the same clock.
Measured run_emulated(const Experiment& e, const DataSplit& data) {
  const BenchRun r = emulate_bench_run(e, data);
  return {r.seconds, r.accuracy, r.sent_bytes(), r.idle};
}

}  // namespace

int bench_scaling_command(const BenchScalingArgs& given) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // One backend for every run of the benchmark, both sides of each comparison: measured once at the
  // nodes' shapes on 1 thread where "auto".
  BenchScalingArgs a = given;
  a.gemm = gemm::to_string(benchmark_backend(
      a.gemm, precision_from(a.precision),
      gemm::step_shapes(scaling_experiment(given, Variant::Sequential, 1, 1, 1), 784), 1));
  const Variant variant = a.variant == "single-layer" ? Variant::SingleLayer : Variant::AllLayers;
  if (a.send_optimizer_state && variant != Variant::AllLayers)
    throw Error(ErrorKind::Usage, "--send-optimizer-state applies to --variant all-layers only: single-layer keeps each layer on one node");
  // Stages from the experiment itself (the layers and the softmax head), as its validation counts them.
  const int stages = static_cast<int>(scaling_experiment(a, variant, 1, 1, 1).pipeline_stages());
  const int most_nodes = variant == Variant::AllLayers ? a.chapters : stages;
  std::vector<int> nodes = a.nodes;
  if (nodes.empty())
    for (int n : {1, 2, 4, 8})
      if ((n <= cores || a.emulate) && n <= most_nodes) nodes.push_back(n);
  for (int n : nodes) {
    if (variant == Variant::AllLayers && n > a.chapters)
      throw Error(ErrorKind::Usage, "--nodes " + std::to_string(n) + " is more than --chapters " + std::to_string(a.chapters) +
                                        ": in All-Layers chapter k trains on node k mod N, so some nodes would never train");
    if (variant == Variant::SingleLayer && n > stages)
      throw Error(ErrorKind::Usage, "--nodes " + std::to_string(n) + " is more than the " + std::to_string(stages) +
                                        " stages (--layers and the softmax head) Single-Layer PFF can give one node each");
  }
  if (!a.emulate && !nodes.empty() && *std::max_element(nodes.begin(), nodes.end()) > cores)
    std::fprintf(stderr,
                 "note: %d nodes on %d cores share cores, so their times do not show scaling; --emulate estimates "
                 "nodes with a core each on this machine\n",
                 *std::max_element(nodes.begin(), nodes.end()), cores);
  DataSplit data = load_data(scaling_experiment(a, Variant::Sequential, 1, 1, 1).data);

  std::vector<double> seq1_s, seq1_acc, seqall_s, seqall_acc;
  std::map<int, std::vector<Measured>> runs;
  std::map<int, std::vector<double>> overhead;
  for (int s = 0; s < a.seeds; ++s) {
    const auto seed = static_cast<std::uint64_t>(s + 1);
    if (a.emulate) {
      const Measured one = run_emulated(scaling_experiment(a, Variant::Sequential, 1, 1, seed), data);
      seq1_s.push_back(one.seconds);
      seq1_acc.push_back(one.accuracy);
      std::fprintf(stderr, "seed %d: sequential %.1f s (emulated, 1 thread)\n", s + 1, one.seconds);
      for (int n : nodes) {
        runs[n].push_back(run_emulated(scaling_experiment(a, variant, n, 1, seed), data));
        std::fprintf(stderr, "seed %d: %s on %d emulated nodes %.2f s, accuracy %.2f%%, idle %s\n", s + 1,
                     to_string(variant).c_str(), n, runs[n].back().seconds, 100 * runs[n].back().accuracy,
                     json(runs[n].back().idle).dump().c_str());
      }
      continue;
    }
    const Measured one = run_in_process(scaling_experiment(a, Variant::Sequential, 1, 1, seed), data);
    const Measured all = run_in_process(scaling_experiment(a, Variant::Sequential, 1, cores, seed), data);
    seq1_s.push_back(one.seconds);
    seq1_acc.push_back(one.accuracy);
    seqall_s.push_back(all.seconds);
    seqall_acc.push_back(all.accuracy);
    std::fprintf(stderr, "seed %d: sequential %.1f s (1 thread), %.1f s (%d threads)\n", s + 1, one.seconds, all.seconds, cores);
    for (int n : nodes) {
      const Experiment e = scaling_experiment(a, variant, n, 1, seed);
      if (!a.stream_overhead) {
        runs[n].push_back(run_distributed(e, true));
        std::fprintf(stderr, "seed %d: %s on %d nodes %.2f s, accuracy %.2f%%, idle %s\n", s + 1, to_string(variant).c_str(), n,
                     runs[n].back().seconds, 100 * runs[n].back().accuracy, json(runs[n].back().idle).dump().c_str());
        continue;
      }
      // Streaming on and off, alternating which goes first, for the stream's overhead.
      const bool on_first = s % 2 == 0;
      const Measured first = run_distributed(e, on_first);
      const Measured second = run_distributed(e, !on_first);
      const Measured& on = on_first ? first : second;
      const Measured& off = on_first ? second : first;
      runs[n].push_back(on);
      overhead[n].push_back(on.seconds / off.seconds - 1.0);
      std::fprintf(stderr, "seed %d: %s on %d nodes %.1f s (streaming off %.1f s), accuracy %.2f%%\n", s + 1,
                   to_string(variant).c_str(), n, on.seconds, off.seconds, 100 * on.accuracy);
    }
  }
  const double t1 = median(seq1_s), tall = a.emulate ? 0.0 : median(seqall_s);
  // "seconds": training wall time, from the start to the end of the last chapter (per-chapter
  // evaluation included, the final evaluation of every classifier excluded), on both sides.
  json network = {784};
  for (int l = 0; l < a.layers; ++l) network.push_back(500);
  json base = {{"bench", "scaling"}, {"launcher", a.emulate ? std::string("threads (emulated)") : a.launcher}, {"network", network}, {"chapters", a.chapters},
               {"epochs", a.chapters}, {"train_samples", data.train.size()}, {"test_samples", data.test.size()}, {"seeds", a.seeds},
               {"wire_precision", a.wire_precision}, {"machine", to_json(machine_info())}};
  if (a.emulate) base["emulated"] = true;  // nodes as threads on CPU-time clocks: an estimate, not a measurement
  json seq = base;
  seq.update({{"variant", "sequential"}, {"nodes", 1}, {"threads_per_node", 1}, {"seconds", t1},
              {"test_accuracy", median(seq1_acc)}, {"speedup_vs_sequential_1_thread", 1.0}});
  if (!a.emulate) seq["speedup_vs_sequential_all_cores"] = tall / t1;
  std::printf("%s\n", seq.dump().c_str());
  json seq_all = base;
  seq_all.update({{"variant", "sequential"}, {"nodes", 1}, {"threads_per_node", cores}, {"seconds", tall},
                  {"test_accuracy", median(seqall_acc)}, {"speedup_vs_sequential_1_thread", t1 / tall},
                  {"speedup_vs_sequential_all_cores", 1.0}});
  if (!a.emulate) std::printf("%s\n", seq_all.dump().c_str());
  for (int n : nodes) {
    std::vector<double> secs, accs, bytes;
    std::vector<std::vector<double>> idle(static_cast<std::size_t>(n));
    for (const auto& m : runs[n]) {
      secs.push_back(m.seconds);
      accs.push_back(m.accuracy);
      bytes.push_back(m.bytes);
      for (std::size_t i = 0; i < m.idle.size() && i < idle.size(); ++i) idle[i].push_back(m.idle[i]);
    }
    json idle_median = json::array();
    for (auto& v : idle) idle_median.push_back(median(v));
    const Experiment e = scaling_experiment(a, variant, n, 1, 1);
    const Model probe = Model::create(e, static_cast<int>(data.train.dim()), 10, data.preprocess);
    const double t = median(secs);
    json line = base;
    line.update({{"variant", to_string(variant)},
                 {"nodes", n},
                 {"threads_per_node", 1},
                 {"seconds", t},
                 {"speedup_vs_sequential_1_thread", t1 / t},
                 {"efficiency", t1 / t / n},
                 {"send_optimizer_state", e.send_optimizer_state},
                 {"test_accuracy", median(accs)},
                 {"bytes_per_epoch", median(bytes) / e.epochs},
                 {"bytes_per_epoch_analytic", static_cast<double>(analytic_weight_bytes(e, probe)) / e.epochs},
                 {"idle_fraction_per_node", idle_median},
                 {"theoretical_bubble", theoretical_bubble(e)}});
    if (!a.emulate) line["speedup_vs_sequential_all_cores"] = tall / t;
    if (a.stream_overhead && !a.emulate) line["stream_overhead"] = median(overhead[n]);
    std::printf("%s\n", line.dump().c_str());
  }
  return kOk;
}

}  // namespace ffw::cli

namespace ffw::cli {

int bench_transport_command(const BenchTransportArgs& a) {
  struct Setting {
    Launcher launcher;
    double bandwidth;
  };
  std::vector<Setting> settings;
  for (double b : a.lab_bandwidth_mbit) settings.push_back({Launcher::Lab, b});
  if (settings.empty()) settings = {{Launcher::Mpi, 0}, {Launcher::Local, 0}};
  for (const auto& [launcher, bandwidth] : settings) {
    Experiment e;
    const auto points = pingpong_points(launcher, bandwidth, a.bytes, a.repeats, ErrorKind::Training, &e);
    const std::string name = launcher == Launcher::Local ? "shared-memory" : "mpi";
    for (const auto& point : points) {
      json line = {{"bench", "transport"}, {"transport", name}, {"network", network_description(e)},
                   {"machine", to_json(machine_info())}};
      line.update(point);
      if (launcher == Launcher::Lab && bandwidth > 0) {
        // What the link allows for the payload alone: the ideal one-way time.
        const double ideal = point["bytes"].get<double>() * 8 / (bandwidth * 1e6);
        line["lab_bandwidth_mbit"] = bandwidth;
        line["ideal_seconds"] = ideal;
        line["seconds"] = point["latency_us"].get<double>() / 1e6;
        line["of_ideal"] = line["seconds"].get<double>() / ideal;
      }
      std::printf("%s\n", line.dump().c_str());
    }
  }
  return kOk;
}

}  // namespace ffw::cli
