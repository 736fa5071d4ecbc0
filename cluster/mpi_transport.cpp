#include "cluster/mpi_transport.h"

#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "core/node_trainer.h"

namespace ffw::cluster {

namespace {
int comm_rank(MPI_Comm c) {
  int r = 0;
  MPI_Comm_rank(c, &r);
  return r;
}
int comm_size(MPI_Comm c) {
  int s = 0;
  MPI_Comm_size(c, &s);
  return s;
}
}  // namespace

MpiTransport::MpiTransport(MPI_Comm comm, const std::atomic<bool>* stop, int poll_max_us)
    : Transport(comm_rank(comm), comm_size(comm)), comm_(comm), stop_(stop), poll_max_us_(poll_max_us) {
  int level = MPI_THREAD_SINGLE;
  MPI_Query_thread(&level);
  if (level == MPI_THREAD_MULTIPLE) progress_ = std::thread([this] { progress_loop(); });
}

MpiTransport::~MpiTransport() {
  try {
    flush();
  } catch (...) {  // a stop or a dead peer; MPI_Abort or exit follows
  }
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  if (progress_.joinable()) progress_.join();
}

void MpiTransport::progress_loop() {
  std::unique_lock lock(mutex_);
  while (!closing_) {
    if (pending_.empty()) {
      wake_.wait(lock, [this] { return closing_ || !pending_.empty(); });
      continue;
    }
    Backoff backoff(poll_max_us_ <= kFastPollUs ? poll_max_us_ : kGentleProgressUs);
    while (!closing_ && !pending_.empty()) {
      reap_sends_locked();
      lock.unlock();
      backoff.pause();
      lock.lock();
    }
  }
}

void MpiTransport::wait(MPI_Request& request, MPI_Status* status) {
  Backoff backoff(poll_max_us_);
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, status ? status : MPI_STATUS_IGNORE);
    if (done) return;
    if (stop_ && stop_->load(std::memory_order_relaxed)) throw StopRequested{};
    reap_sends();
    backoff.pause();
  }
}

void MpiTransport::reap_sends() {
  std::lock_guard lock(mutex_);
  reap_sends_locked();
}

void MpiTransport::reap_sends_locked() {
  for (auto it = pending_.begin(); it != pending_.end();) {
    int done = 0;
    MPI_Test(&it->request, &done, MPI_STATUS_IGNORE);
    it = done ? pending_.erase(it) : std::next(it);
  }
}

void MpiTransport::flush() {
  // Not wait() on the front request: wait() reaps completed sends itself, which may erase the very
  // entry it was given.
  Backoff backoff;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      reap_sends_locked();
      if (pending_.empty()) return;
    }
    if (stop_ && stop_->load(std::memory_order_relaxed)) throw StopRequested{};
    backoff.pause();
  }
}

void MpiTransport::do_send(int peer, int tag, std::span<const std::byte> bytes, double) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) throw std::length_error("MpiTransport: message over 2 GiB");
  {
    std::lock_guard lock(mutex_);
    reap_sends_locked();
    pending_.push_back({MPI_REQUEST_NULL, {bytes.begin(), bytes.end()}});
    auto& p = pending_.back();
    MPI_Isend(p.buffer.data(), static_cast<int>(p.buffer.size()), MPI_BYTE, peer, tag, comm_, &p.request);
  }
  wake_.notify_one();
}

double MpiTransport::do_recv(int peer, int tag, std::span<std::byte> bytes) {
  MPI_Request request;
  MPI_Irecv(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, peer, tag, comm_, &request);
  MPI_Status status;
  wait(request, &status);
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  if (static_cast<std::size_t>(count) != bytes.size())
    throw std::runtime_error("node " + std::to_string(peer) + " sent " + std::to_string(count) + " bytes where " +
                             std::to_string(bytes.size()) + " were expected");
  return 0;
}

std::string pin_collectives() {
  constexpr const char* kVariable = "OMPI_MCA_coll_libnbc_iallreduce_algorithm";
  if (const char* given = std::getenv(kVariable); given && *given) return std::string("libnbc algorithm ") + given + " (set by the user)";
  setenv(kVariable, "1", 1);  // 1 = ring
  return "ring (Open MPI libnbc, pinned)";
}

void MpiTransport::do_start_allreduce_sum(std::span<const std::span<float>> parts) {
  for (const auto& part : parts) {
    if (part.size() > static_cast<std::size_t>(INT_MAX)) throw std::length_error("MpiTransport: bucket over 2^31 floats");
    reductions_.push_back(MPI_REQUEST_NULL);
    MPI_Iallreduce(MPI_IN_PLACE, part.data(), static_cast<int>(part.size()), MPI_FLOAT, MPI_SUM, comm_, &reductions_.back());
  }
  // Moves the buckets begun before along while this node goes on computing.
  int done = 0;
  MPI_Testall(static_cast<int>(reductions_.size()), reductions_.data(), &done, MPI_STATUSES_IGNORE);
}

void MpiTransport::do_finish_allreduces() {
  Backoff backoff(kFastPollUs);  // every node waits here at about the same time: poll briskly
  for (;;) {
    int done = 0;
    MPI_Testall(static_cast<int>(reductions_.size()), reductions_.data(), &done, MPI_STATUSES_IGNORE);
    if (done) break;
    if (stop_ && stop_->load(std::memory_order_relaxed)) throw StopRequested{};
    backoff.pause();
  }
  reductions_.clear();
}

double MpiTransport::do_barrier(double now) {
  MPI_Request request;
  MPI_Ibarrier(comm_, &request);
  wait(request, nullptr);
  return now;
}

}  // namespace ffw::cluster
