#pragma once
// Starts a distributed run and follows it: `mpirun -np N [--hostfile F] ffw-worker ...`, or N
// local workers, through posix_spawn with an argument vector (never a shell), the metrics stream
// drained into the run
// directory as it grows, and faults contained: a worker that dies or stops beating for 2 s ends
// the run as failed, naming the node and the cause, with every record so far kept, the shared
// memory removed and no process left behind.
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiment.h"
#include "core/run_directory.h"

namespace ffw::cluster {

struct LaunchOptions {
  bool resume = false;
  const std::atomic<bool>* stop = nullptr;              // set: stop the run gracefully
  std::function<void(const std::string&)> say;          // messages for the user
  std::function<void(int chapter, double accuracy, double elapsed)> on_chapter;
  double heartbeat_timeout_seconds = 2.0;
  bool stream_metrics = true;                            // off: workers record nothing (overhead runs)
  std::size_t transport_budget_bytes = 64u << 20;        // local launcher: all shared-memory rings together
  bool pingpong = false;                                 // workers measure the transport instead of training
  std::vector<std::size_t> pingpong_bytes;               // message sizes (empty: 8 B to 16 MiB)
  int pingpong_repeats = 0;                              // round trips per size (0: 200 small, 20 large)
  bool speed_probe = false;                              // workers time the reference workload on their hosts
  bool doctor = false;                                   // workers report their hosts (ffw doctor)
  int stop_after_chapters = 0;                           // > 0: stop (resumably) once the run has done this many
  std::string worker_path;                               // empty: found next to ffw
};

enum class LaunchStatus { Finished, Failed, Stopped };

struct LaunchOutcome {
  LaunchStatus status = LaunchStatus::Failed;
  std::string message;     // for failures: which node and why
  int failed_node = -1;
  nlohmann::json summary;  // fields for summary.json: nodes, traffic, bubble, accuracy
};

// The argument vector for mpirun, and what the user must be told about it.
struct MpirunCommand {
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // NAME=VALUE added to the child's environment
  std::vector<std::string> notes;        // e.g. "--oversubscribe added: 4 ranks on 2 cores"
};
MpirunCommand mpirun_command(const Experiment& e, const std::string& worker, const std::vector<std::string>& worker_args,
                             int cores, bool root);

// What every worker's environment gets for OpenMP (oneDNN's threads): NAME=VALUE, or nothing.
std::vector<std::string> openmp_environment(const Experiment& e);

std::string find_worker_executable();

// Starts the run with the experiment's launcher (mpi: mpirun; local: N worker processes over a
// shared-memory transport) and follows it to its end.
LaunchOutcome launch_run(const Experiment& e, const RunDirectory& run, const LaunchOptions& options);

// Writes trace.json (Chrome trace format) from timeline.csv.
void write_chrome_trace(const RunDirectory& run);

}  // namespace ffw::cluster
