#pragma once
// Every node of an experiment as a thread of this process, over the in-memory transport (or one
// shared-memory segment). The schedule tests run on it; `ffw bench scaling --emulate` puts each
// node on a ThreadCpuClock to estimate what N nodes with a core each would take, on a machine
// with fewer cores. An estimate, not a measurement: the threads share this machine's caches and
// memory bus, and messages cost only their copy.
#include <vector>

#include "cluster/schedule.h"
#include "core/timeline.h"

namespace ffw::cluster {

enum class NodeClock {
  Steady,     // wall time
  Scripted,   // one unit per stage and chapter (tests: bubbles come out exactly)
  ThreadCpu,  // the node thread's CPU time, moved on by arrivals (emulated dedicated cores)
};
enum class ThreadTransport { Memory, SharedMemory };

struct ThreadedRun {
  std::vector<NodeResult> results;
  std::vector<MemoryTimelineSink> timelines;
  std::vector<double> makespans;  // each node's clock when it ended

  double seconds() const;                      // the longest train_seconds
  std::vector<double> idle_fractions() const;  // per node: waiting / train_seconds, as in summary.json
};

// Runs e.nodes threads; a node that fails stops the others (no thread waits for it forever), and
// its error is thrown once every thread has ended.
ThreadedRun run_nodes_as_threads(const Experiment& e, const DataSplit& data, NodeClock clock,
                                 const ScheduleOptions& options = {},
                                 ThreadTransport transport = ThreadTransport::Memory);

}  // namespace ffw::cluster
