#pragma once
// How nodes exchange bytes. Schedules talk only to this interface, so every schedule runs in one
// process over the in-memory transport (tests) exactly as it runs over Open MPI.
//
// Every transfer is counted at both ends, per peer and per category; every wait is timed and
// becomes a Wait segment on the node's timeline. Sends are asynchronous (the bytes are copied and
// the call returns), receives block without spinning a core.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/timeline.h"

namespace ffw::cluster {

// The traffic categories live with the timeline (core/timeline.h), which records them.
using ffw::Category;
using ffw::category_name;
using ffw::kCategories;

struct PeerTraffic {
  std::array<std::int64_t, kCategories> sent_bytes{}, received_bytes{};
  std::int64_t messages_sent = 0, messages_received = 0;
};

struct TrafficCounters {
  std::vector<PeerTraffic> peers;  // indexed by peer rank
  double wait_seconds = 0;         // blocked in receive or barrier
  // The thread's CPU time inside those waits (a transport polls: Open MPI, the shared-memory
  // rings' backoff), which a slowed node's emulated slower CPU must not stretch.
  double wait_cpu_seconds = 0;
  std::int64_t sent(Category c) const;
  std::int64_t received(Category c) const;
  std::int64_t sent_total() const;
  std::int64_t received_total() const;
};

// An elastic ring (cluster.on_node_failure "continue") lost a node: thrown from a wait of a
// transport that can re-form, so that a node's schedule unwinds to where the ring is re-formed.
struct RingChanged {};

class Transport {
public:
  Transport(int rank, int size);
  virtual ~Transport() = default;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // Where waits are recorded (optional) and which clock times them (required before use).
  void instrument(Clock* clock, TimelineSink* timeline);
  void set_chapter(int chapter, int layer) { chapter_ = chapter, layer_ = layer; }

  void send(int peer, int tag, Category category, std::span<const std::byte> bytes);
  void recv(int peer, int tag, Category category, std::span<std::byte> bytes);
  // Waits for every rank; the time spent is idle time (ramp-down of a pipeline).
  void barrier();
  // Waits for every rank, unrecorded and untimed: before the clocks start.
  void rendezvous() { do_barrier(0.0); }

  template <class T>
  void send_values(int peer, int tag, Category c, std::span<const T> v) {
    send(peer, tag, c, std::as_bytes(v));
  }
  template <class T>
  void recv_values(int peer, int tag, Category c, std::span<T> v) {
    recv(peer, tag, c, std::as_writable_bytes(v));
  }

  // Element-wise sums over every node, for data-parallel gradients. start_allreduce_sum() begins
  // summing the concatenation of `parts` (one bucket) and may return before it is done;
  // finish_allreduces() waits for every bucket begun, after which each node holds the same bits.
  // Every node starts the same buckets in the same order. The algorithm is a ring (reduce-scatter,
  // then all-gather: each node sends and receives 2 (N-1)/N of a bucket, whatever N), so the bytes
  // are known and the sums deterministic: chunk c is summed in ring order from node c.
  void start_allreduce_sum(std::span<const std::span<float>> parts, Category category);
  void finish_allreduces();
  void allreduce_sum(std::span<float> values, Category category) {
    const std::span<float> parts[] = {values};
    start_allreduce_sum(parts, category);
    finish_allreduces();
  }
  // The bytes node `rank` of `size` sends to its ring successor (and receives from its predecessor)
  // to all-reduce `count` floats: every chunk but one in each phase. Chunk c is
  // [count c / N, count (c+1) / N).
  static std::int64_t ring_allreduce_bytes(std::int64_t count, int rank, int size);

  const TrafficCounters& counters() const { return counters_; }

  // An elastic ring, after RingChanged: brings every survivor's transport to a clean state together
  // (nothing of the old ring in flight or half read, every wait of it ended; barriers count the
  // survivors) and returns every node lost so far. `report` (called by the lowest survivor) tells
  // whoever follows the run which chapter the survivors go on from. Only the shared-memory
  // transport can re-form: Open MPI 4.1 cannot shrink a communicator.
  virtual bool can_reform() const { return false; }
  std::vector<int> reform();
  virtual void report_reformed(int /*last_complete*/, int /*continued_from*/) {}

protected:
  // `sent_at` is the sender's clock at the send (a scripted clock uses it; real ones ignore it).
  virtual void do_send(int peer, int tag, std::span<const std::byte> bytes, double sent_at) = 0;
  // Returns the sender's `sent_at`.
  virtual double do_recv(int peer, int tag, std::span<std::byte> bytes) = 0;
  // Returns the latest clock among the ranks at the barrier.
  virtual double do_barrier(double now) = 0;
  // A transport with its own collectives (Open MPI) overrides these two; the default runs the
  // ring over send and recv, counted and timed as they are, within start.
  virtual bool has_native_allreduce() const { return false; }
  virtual void do_start_allreduce_sum(std::span<const std::span<float>> /*parts*/) {}
  virtual void do_finish_allreduces() {}
  virtual std::vector<int> do_reform() { return {}; }
  // Counts a native collective's traffic as the ring's (what the pinned algorithm moves) and its
  // wait as a Wait segment.
  void record_ring_traffic(std::int64_t count, Category category, double start, double end);

private:
  void ring_allreduce_sum(std::span<const std::span<float>> parts, Category category);
  std::vector<float> ring_send_, ring_recv_;
  std::vector<std::pair<std::int64_t, Category>> native_pending_;  // floats and category per bucket
  void record(SegmentKind kind, double start, double end, std::int64_t bytes, int peer, int category = -1);
  // A wait that began at `start` (thread CPU time `cpu`) and ends now without a message: counted
  // and on the timeline (an elastic ring's cut-off wait, its re-forming).
  void waited_until_now(SegmentKind kind, double start, double cpu, int peer, int category);

  int rank_, size_;
  Clock* clock_ = nullptr;
  TimelineSink* timeline_ = nullptr;
  int chapter_ = 0, layer_ = 0;
  TrafficCounters counters_;
};

// Polls first with sched_yield (a few tens of microseconds: a message that is almost there, as in
// every step of a data-parallel ring, costs no sleep, and a thread that wants the core gets it),
// then sleeps in growing steps (10 us .. max_us, 1 ms by default), so a waiting rank leaves its
// core to the neighbour that computes. A sleep of 10 us takes 60 or more on Linux (timer slack).
class Backoff {
public:
  Backoff() = default;
  explicit Backoff(int max_us) : max_us_(max_us) {}
  void pause();
  void reset() {
    step_us_ = 10;
    yields_ = 0;
  }

private:
  static constexpr int kYields = 64;
  int yields_ = 0;
  int step_us_ = 10;
  int max_us_ = 1000;
};

}  // namespace ffw::cluster
