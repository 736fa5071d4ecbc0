#pragma once
// The shared-memory transport for local workers (`cluster.launcher: "local"`): one
// Boost.Interprocess segment per run with a lock-free single-producer byte ring per directed pair
// of nodes, and a barrier made of two atomics. Its size budget is separate from the metrics
// stream's, checked against /dev/shm, owner-only, and removed by its owner on every exit path.
//
// A message goes straight into the ring when it fits (one copy, no staging); otherwise it waits in
// the sender's memory and a courier thread feeds it in as the receiver drains the ring, so a send
// never blocks the sender's training. Receivers poll with a growing sleep: no spinning.
#include <atomic>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cluster/transport.h"

namespace ffw::cluster {

struct ByteRing;  // in shared memory
struct Layout;    // the segment's header, in shared memory

// The first 64-byte boundary at or after p: where the transport places its rings (alignas(64))
// inside the segment's block, whose own alignment depends on the Boost version.
char* align64(char* p);

// The consumer's side: creates and removes the segment.
class ShmTransportSegment {
public:
  ShmTransportSegment(int nodes, std::size_t budget_bytes);
  ~ShmTransportSegment();
  ShmTransportSegment(const ShmTransportSegment&) = delete;
  ShmTransportSegment& operator=(const ShmTransportSegment&) = delete;
  const std::string& name() const { return name_; }
  std::size_t ring_bytes() const { return ring_bytes_; }
  // An elastic ring (the follower's side): `node` is lost (dead and reaped); every survivor's next
  // wait throws RingChanged. Returns the new epoch (the number of nodes lost so far).
  int lose(int node);
  // What the survivors reported once they re-formed after epoch `epoch`'s loss: the run's last
  // complete chapter and the one they go on from (0-based; -1: none); nullopt until then.
  std::optional<std::pair<int, int>> reformed(int epoch) const;

private:
  std::string name_;
  std::size_t ring_bytes_ = 0;
  std::unique_ptr<boost::interprocess::managed_shared_memory> segment_;
};

class ShmTransport final : public Transport {
public:
  ShmTransport(const std::string& segment_name, int rank, const std::atomic<bool>* stop = nullptr);
  ~ShmTransport() override;
  // Waits until every pending send is in its ring.
  void flush();
  bool can_reform() const override { return true; }
  void report_reformed(int last_complete, int continued_from) override;

protected:
  void do_send(int peer, int tag, std::span<const std::byte> bytes, double sent_at) override;
  double do_recv(int peer, int tag, std::span<std::byte> bytes) override;
  double do_barrier(double now) override;
  std::vector<int> do_reform() override;

private:
  struct Pending {
    int tag;
    double sent_at;
    std::vector<std::byte> bytes;
    std::size_t written = 0;  // header and payload bytes already in the ring
  };
  struct Stashed {
    double sent_at;
    std::vector<std::byte> bytes;
  };
  ByteRing& ring(int from, int to);
  bool feed(int peer, Pending& p);  // true when the whole message is in
  void courier();
  void check_stop() const;

  void epoch_barrier();

  boost::interprocess::managed_shared_memory segment_;
  struct Layout* layout_ = nullptr;
  int epoch_ = 0;  // nodes lost when this node last re-formed
  ByteRing* rings_ = nullptr;  // size() * size() rings, [from * size() + to], ring_stride_ apart
  std::size_t ring_stride_ = 0;
  const std::atomic<bool>* stop_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::vector<std::deque<Pending>> outbox_;                  // per peer, in order
  std::vector<std::map<int, std::deque<Stashed>>> stash_;   // per peer: arrived with another tag
  bool closing_ = false;
  std::thread courier_;
};

}  // namespace ffw::cluster
