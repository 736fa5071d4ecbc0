#pragma once
// Nodes as threads of one process, exchanging through mailboxes: the transport the schedule
// tests run on. Receives block on a condition variable, never spin.
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "cluster/transport.h"

namespace ffw::cluster {

class MemoryHub {
public:
  explicit MemoryHub(int size) : size_(size) {}
  int size() const { return size_; }
  // A node has failed: every receive and barrier, waiting or to come, throws StopRequested
  // instead of waiting for a message that will never come.
  void abort();

private:
  friend class MemoryTransport;
  struct Message {
    std::vector<std::byte> bytes;
    double sent_at;
  };
  int size_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::map<std::tuple<int, int, int>, std::deque<Message>> boxes_;  // (from, to, tag)
  int barrier_waiting_ = 0;
  long barrier_generation_ = 0;
  double barrier_latest_ = 0, barrier_result_ = 0;
  bool aborted_ = false;
};

class MemoryTransport final : public Transport {
public:
  MemoryTransport(MemoryHub& hub, int rank) : Transport(rank, hub.size()), hub_(hub) {}

protected:
  void do_send(int peer, int tag, std::span<const std::byte> bytes, double sent_at) override;
  double do_recv(int peer, int tag, std::span<std::byte> bytes) override;
  double do_barrier(double now) override;

private:
  MemoryHub& hub_;
};

}  // namespace ffw::cluster
