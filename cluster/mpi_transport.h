#pragma once
// The Open MPI transport. Sends are MPI_Isend of a private copy (a rank never blocks on a peer
// that is still computing); receives and barriers poll MPI_Test with a growing sleep, because Open
// MPI's blocking calls busy-poll and would steal the core a neighbour computes on.
//
// A large message only moves while its sender calls into MPI (TCP between hosts, and shared
// memory on one host where the kernel's single-copy (CMA) is unavailable, as in some VMs and
// containers). A sender that goes back to computing would hold its published layer back until its
// next MPI call, a whole training unit later: the receiver idles (50 % of a 2-rank run). So a
// progress thread (MPI_THREAD_MULTIPLE) tests the pending sends, sleeping with the same growing
// back-off while they are in flight and not at all otherwise.
#include <mpi.h>

#include <atomic>
#include <condition_variable>
#include <list>
#include <mutex>
#include <string>
#include <vector>
#include <thread>

#include "cluster/transport.h"

namespace ffw::cluster {

class MpiTransport final : public Transport {
public:
  // poll_max_us: the longest sleep between two polls, of a receive and of the progress thread.
  // 1 ms leaves the cores to computing ranks; where this host has a spare core per rank,
  // kFastPollUs lets a large message through in a fraction of the time (emulated copies above).
  // Without a spare core the progress thread polls every 4 ms at most: it wakes all the time a
  // send waits for a busy receiver, and each wake takes a computing rank's core.
  static constexpr int kGentlePollUs = 1000, kFastPollUs = 100, kGentleProgressUs = 4000;
  explicit MpiTransport(MPI_Comm comm, const std::atomic<bool>* stop = nullptr, int poll_max_us = kGentlePollUs);
  ~MpiTransport() override;
  // Completes every pending send.
  void flush();

protected:
  void do_send(int peer, int tag, std::span<const std::byte> bytes, double sent_at) override;
  double do_recv(int peer, int tag, std::span<std::byte> bytes) override;
  double do_barrier(double now) override;
  // MPI_Iallreduce per part, pinned to the ring (coll_libnbc_iallreduce_algorithm, set by
  // pin_collectives() before MPI_Init), progressed while the node computes the layers below.
  bool has_native_allreduce() const override { return true; }
  void do_start_allreduce_sum(std::span<const std::span<float>> parts) override;
  void do_finish_allreduces() override;

private:
  void wait(MPI_Request& request, MPI_Status* status);
  void reap_sends();
  void reap_sends_locked();
  void progress_loop();
  struct PendingSend {
    MPI_Request request;
    std::vector<std::byte> buffer;
  };
  MPI_Comm comm_;
  const std::atomic<bool>* stop_;
  int poll_max_us_;
  std::mutex mutex_;  // guards pending_ and closing_
  std::condition_variable wake_;
  bool closing_ = false;
  std::list<PendingSend> pending_;
  std::thread progress_;  // only where MPI provides MPI_THREAD_MULTIPLE
  std::vector<MPI_Request> reductions_;
};

// Pins Open MPI's non-blocking allreduce to the ring (libnbc), unless the user pinned another
// algorithm, so that sums and bytes are deterministic and known (Transport::start_allreduce_sum).
// Call before MPI_Init; returns the algorithm's name for the run's records.
std::string pin_collectives();

}  // namespace ffw::cluster
