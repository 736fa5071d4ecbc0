#pragma once
// One benchmark run of an experiment, measured by the product's own instruments: launched as a
// real run (worker processes or Open MPI ranks, summary.json and metrics.csv) or emulated (every
// node a thread on its own CPU-time clock, cluster/threaded_run.h). `ffw bench scaling`, `compare`
// and `paper` all measure through these two.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dataset.h"
#include "core/error.h"
#include "core/experiment.h"
#include "core/gemm.h"

namespace ffw::cli {

struct BenchRun {
  double seconds = 0;       // training time: the slowest node's train_seconds
  double eval_seconds = 0;  // evaluation outside the training clock (summary.json)
  double accuracy = 0;      // test accuracy of the run's primary readout
  double time_to_target = -1;  // first time a test accuracy >= the target was recorded; -1: never
  std::vector<double> accuracy_by_chapter;  // the test accuracy after each chapter that was evaluated (0: not)
  std::map<std::string, double> bytes;  // all nodes' sends, by traffic category
  std::vector<double> idle, peak_mb;    // per node
  bool emulated = false;                // seconds estimate N dedicated cores (threads on CPU clocks)

  double sent_bytes() const;
};

// A real run through the launcher, in a temporary run directory that is removed afterwards.
// `target` < 0: no time-to-accuracy. Throws ffw::Error when the run does not finish.
BenchRun launch_bench_run(const Experiment& e, double target = -1, bool stream_metrics = true);

// Every node a thread of this process on its own CPU-time clock: what N nodes with a core each
// would take, estimated on this machine. An estimate, not a measurement.
BenchRun emulate_bench_run(const Experiment& e, const DataSplit& data);

// Ping-pong between two nodes of `launcher` (the lab's at `lab_bandwidth_mbit`) through the real
// launcher and transports: per message size, the worker's point (bytes, latency_us = half the median
// round trip, ...). `e` is set to the experiment that ran (for its network's description). Throws
// Error(`failure`) when the run does not finish.
std::vector<nlohmann::json> pingpong_points(Launcher launcher, double lab_bandwidth_mbit,
                                            const std::vector<std::size_t>& bytes, int repeats, ErrorKind failure,
                                            Experiment* ran = nullptr);

// The benchmarks' shared setting (the compare setting): MLP [784, 500 x 4], Adam 1e-3 for the layers
// and the head, batch 100, one epoch per chapter, 1 thread per node, no checkpoints, chapters tested
// after training (off every node's clock), local workers. Each benchmark sets what it varies.
Experiment bench_setting(const std::string& name, const std::filesystem::path& data, long limit_train, int epochs,
                         std::uint64_t seed);

gemm::Precision precision_from(const std::string& name);  // "bf16" or else fp32

// A benchmark's GEMM backend, decided once for all its runs: named, or measured at `shapes` on
// `threads` threads here (what `ffw run` does for "auto"). Says which and why on stderr.
gemm::Backend benchmark_backend(const std::string& name, gemm::Precision precision, const std::vector<gemm::Shape>& shapes,
                                int threads);

}  // namespace ffw::cli
