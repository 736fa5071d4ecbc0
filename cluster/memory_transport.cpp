#include "cluster/memory_transport.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "core/node_trainer.h"

namespace ffw::cluster {

void MemoryHub::abort() {
  std::lock_guard lock(mutex_);
  aborted_ = true;
  arrived_.notify_all();
}

void MemoryTransport::do_send(int peer, int tag, std::span<const std::byte> bytes, double sent_at) {
  std::lock_guard lock(hub_.mutex_);
  hub_.boxes_[{rank(), peer, tag}].push_back({{bytes.begin(), bytes.end()}, sent_at});
  hub_.arrived_.notify_all();
}

double MemoryTransport::do_recv(int peer, int tag, std::span<std::byte> bytes) {
  std::unique_lock lock(hub_.mutex_);
  auto& box = hub_.boxes_[{peer, rank(), tag}];
  hub_.arrived_.wait(lock, [&] { return !box.empty() || hub_.aborted_; });
  if (box.empty()) throw StopRequested{};
  MemoryHub::Message m = std::move(box.front());
  box.pop_front();
  if (m.bytes.size() != bytes.size())
    throw std::logic_error("MemoryTransport: message of " + std::to_string(m.bytes.size()) + " bytes where " +
                           std::to_string(bytes.size()) + " were expected");
  if (!bytes.empty()) std::memcpy(bytes.data(), m.bytes.data(), bytes.size());  // an empty span may hold null
  return m.sent_at;
}

double MemoryTransport::do_barrier(double now) {
  std::unique_lock lock(hub_.mutex_);
  const long generation = hub_.barrier_generation_;
  hub_.barrier_latest_ = std::max(hub_.barrier_latest_, now);
  if (++hub_.barrier_waiting_ == hub_.size_) {
    hub_.barrier_result_ = hub_.barrier_latest_;
    hub_.barrier_latest_ = 0;
    hub_.barrier_waiting_ = 0;
    ++hub_.barrier_generation_;
    hub_.arrived_.notify_all();
  } else {
    hub_.arrived_.wait(lock, [&] { return hub_.barrier_generation_ != generation || hub_.aborted_; });
    if (hub_.barrier_generation_ == generation) throw StopRequested{};
  }
  return hub_.barrier_result_;
}

}  // namespace ffw::cluster
