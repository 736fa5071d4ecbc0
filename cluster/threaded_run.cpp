#include "cluster/threaded_run.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "cluster/memory_transport.h"
#include "cluster/shm_transport.h"

namespace ffw::cluster {

double ThreadedRun::seconds() const {
  double s = 0;
  for (const auto& r : results) s = std::max(s, r.train_seconds);
  return s;
}

std::vector<double> ThreadedRun::idle_fractions() const {
  std::vector<double> idle;
  for (const auto& r : results) idle.push_back(r.train_seconds > 0 ? r.traffic.wait_seconds / r.train_seconds : 0.0);
  return idle;
}

namespace {

std::unique_ptr<Clock> make_clock(NodeClock kind) {
  switch (kind) {
    case NodeClock::Scripted: return std::make_unique<ScriptedClock>();
    case NodeClock::ThreadCpu: return std::make_unique<ThreadCpuClock>();
    case NodeClock::Steady: break;
  }
  return std::make_unique<SteadyClock>();
}

}  // namespace

ThreadedRun run_nodes_as_threads(const Experiment& e, const DataSplit& data, NodeClock clock_kind,
                                 const ScheduleOptions& options, ThreadTransport transport_kind) {
  const auto n = static_cast<std::size_t>(e.nodes);
  MemoryHub hub(e.nodes);
  std::optional<ShmTransportSegment> segment;
  if (transport_kind == ThreadTransport::SharedMemory) segment.emplace(e.nodes, 4u << 20);  // small rings: messages span many fills
  std::atomic<bool> failed{false};
  ThreadedRun run;
  run.results.resize(n);
  run.timelines.resize(n);
  run.makespans.resize(n);
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::thread> threads;
  for (int r = 0; r < e.nodes; ++r)
    threads.emplace_back([&, r] {
      const auto i = static_cast<std::size_t>(r);
      try {
        std::unique_ptr<Transport> transport;
        if (segment)
          transport = std::make_unique<ShmTransport>(segment->name(), r, &failed);
        else
          transport = std::make_unique<MemoryTransport>(hub, r);
        const std::unique_ptr<Clock> clock = make_clock(clock_kind);  // on this thread: a ThreadCpuClock must be
        NodeContext context{r, nullptr, &run.timelines[i], clock.get(), nullptr, {}, 1.0};
        run.results[i] = run_node(e, data, *transport, context, options);
        if (auto* shm = dynamic_cast<ShmTransport*>(transport.get())) shm->flush();
        run.makespans[i] = clock->now();
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
        hub.abort();
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& err : errors)
    if (err) std::rethrow_exception(err);
  return run;
}

}  // namespace ffw::cluster
