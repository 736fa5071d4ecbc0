#pragma once
// The Open MPI transport. Sends are MPI_Isend of a private copy (a rank never blocks on a peer
// that is still computing); receives and barriers poll MPI_Test with a growing sleep, because Open
// MPI's blocking calls busy-poll and would steal the core a neighbour computes on.
#include <mpi.h>

#include <atomic>
#include <list>

#include "cluster/transport.h"

namespace ffw::cluster {

class MpiTransport final : public Transport {
public:
  explicit MpiTransport(MPI_Comm comm, const std::atomic<bool>* stop = nullptr);
  ~MpiTransport() override;
  // Completes every pending send.
  void flush();

protected:
  void do_send(int peer, int tag, std::span<const std::byte> bytes, double sent_at) override;
  double do_recv(int peer, int tag, std::span<std::byte> bytes) override;
  double do_barrier(double now) override;

private:
  void wait(MPI_Request& request, MPI_Status* status);
  void reap_sends();
  struct PendingSend {
    MPI_Request request;
    std::vector<std::byte> buffer;
  };
  MPI_Comm comm_;
  const std::atomic<bool>* stop_;
  std::list<PendingSend> pending_;
};

}  // namespace ffw::cluster
