// `ffw bench core` and `ffw bench memory`: the speed, accuracy and memory figures of the core,
// one JSON line each, with the machine they were measured on.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "core/blas.h"
#include "core/machine.h"
#include "core/trainer.h"

namespace ffw::cli {
using nlohmann::json;

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

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
  return e;
}

}  // namespace

int bench_core_command(const BenchCoreArgs& a) {
  // The reference peak: single-thread OpenBLAS SGEMM at 1000 x 2000 x 2000, best of 5 calls,
  // measured before and after training and the higher kept (a shared machine's noise only ever
  // lowers a measurement, so the higher is the fairer reference).
  auto reference_peak = [&] {
    blas::set_threads(1);
    const double gflops = blas::sgemm_gflops(1000, 2000, 2000, 5);
    blas::set_threads(a.threads);
    return gflops;
  };
  double peak = reference_peak();

  std::vector<double> samples_per_second, gflops, acc_softmax, acc_goodness, acc_bp, seconds;
  json per_seed = json::array();
  std::vector<int> widths = {784, 1000, 1000, 1000};
  double fan_products = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) fan_products += static_cast<double>(widths[l - 1]) * widths[l];
  if (a.bp) fan_products += 1000.0 * 10;

  DataSplit data;
  for (int s = 0; s < a.seeds; ++s) {
    const Experiment e = bench_experiment(a, static_cast<std::uint64_t>(s + 1));
    if (s == 0) data = load_data(e.data);
    TrainOptions options;
    options.evaluate_each_chapter = false;
    const TrainResult r = train(e, data, options);
    const double samples = static_cast<double>(data.train.size()) * e.epochs;
    // FLOPs per sample and layer: FF 8 x fan_in x fan_out (positive and negative forward, weight
    // gradient); BP 6 x (forward, weight gradient, input gradient).
    const double flops = (a.bp ? 6.0 : 8.0) * samples * fan_products;
    const double sps = samples / r.timings.ff_seconds;
    samples_per_second.push_back(sps);
    gflops.push_back(flops / r.timings.ff_seconds / 1e9);
    seconds.push_back(r.timings.ff_seconds);
    json seed_line = {{"seed", s + 1}, {"train_seconds", r.timings.ff_seconds}, {"samples_per_second", sps},
                      {"head_seconds", r.timings.head_seconds}, {"test_accuracy", r.test_accuracy}};
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
               {"blas_kernel", blas::kernel_name()},
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
  blas::set_threads(a.threads);
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
               {"threads", blas::threads()},
               {"machine", to_json(machine_info())}};
  std::printf("%s\n", line.dump().c_str());
  return kOk;
}

}  // namespace ffw::cli
