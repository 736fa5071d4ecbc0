#pragma once
// The metrics stream from workers to the consumer (`ffw` or the workbench): one lock-free
// single-producer ring per worker in one Boost.Interprocess shared-memory segment.
//
// - unique per-run names (`ffw-<consumer pid>-<random>`), owner-only permissions;
// - the consumer creates and removes the segment (RAII) and sweeps segments of dead consumers;
// - each worker slot has a heartbeat, its pid, a state and an error text, and a drop counter:
//   a full ring drops the newest record instead of blocking the worker;
// - no mutex anywhere on the data path: a dead worker can never leave a lock held.
#include <atomic>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "core/metrics.h"
#include "core/timeline.h"

namespace ffw::cluster {

// One record of the stream: a metric, a timeline segment, or a traffic summary line.
struct StreamRecord {
  enum class Type : std::uint8_t { Metric, Segment } type = Type::Metric;
  MetricRecord metric;
  Segment segment;
};
static_assert(std::is_trivially_copyable_v<StreamRecord>);
static_assert(std::atomic<std::size_t>::is_always_lock_free);
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

enum class WorkerState : std::int32_t { Starting = 0, Running = 1, Finished = 2, Failed = 3, Stopped = 4 };

inline constexpr std::size_t kRingCapacity = 8192;

struct WorkerSlot {
  std::atomic<std::int64_t> heartbeat_ns{0};  // CLOCK_MONOTONIC of the last beat; 0: not started
  std::atomic<std::int32_t> pid{0};
  std::atomic<std::int32_t> state{static_cast<std::int32_t>(WorkerState::Starting)};
  std::atomic<std::uint64_t> dropped{0};
  char error[512] = {};
  char result_json[32768] = {};  // the worker's final figures (traffic per peer, timings, accuracy, confusion)
  boost::lockfree::spsc_queue<StreamRecord, boost::lockfree::capacity<kRingCapacity>> ring;
};

std::int64_t monotonic_ns();

// The consumer's side: creates the segment with one slot per worker.
class MetricsStreamOwner {
public:
  MetricsStreamOwner(int workers);  // throws Error(Io) when /dev/shm is too small
  ~MetricsStreamOwner();            // removes the segment
  MetricsStreamOwner(const MetricsStreamOwner&) = delete;
  MetricsStreamOwner& operator=(const MetricsStreamOwner&) = delete;

  const std::string& name() const { return name_; }
  int workers() const { return workers_; }
  WorkerSlot& slot(int worker);
  static std::size_t segment_bytes(int workers);
  // Removes segments whose creating consumer no longer runs. Returns how many.
  static int sweep_stale();

private:
  std::string name_;
  int workers_;
  std::unique_ptr<boost::interprocess::managed_shared_memory> segment_;
  WorkerSlot* slots_ = nullptr;
};

// A worker's side: opens the segment and writes into its own slot.
class MetricsStreamWriter final : public MetricsSink, public TimelineSink {
public:
  // `remote`: written on behalf of a rank on another host (its pid is unknown here: -1).
  MetricsStreamWriter(const std::string& name, int worker, bool remote = false);
  void record(const MetricRecord& r) override;
  void segment(const Segment& s) override;
  void beat();
  void set_state(WorkerState s, const std::string& error = {});
  void set_result(const std::string& json);
  WorkerSlot& slot() { return *slot_; }

private:
  void push(const StreamRecord& r);
  boost::interprocess::managed_shared_memory segment_;
  WorkerSlot* slot_ = nullptr;
};

}  // namespace ffw::cluster
