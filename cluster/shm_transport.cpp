#include "cluster/shm_transport.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <random>

#include "core/error.h"
#include "core/node_trainer.h"

namespace ffw::cluster {
namespace bip = boost::interprocess;

struct ByteRing {
  alignas(64) std::atomic<std::uint64_t> head{0};  // bytes written so far (the producer's)
  alignas(64) std::atomic<std::uint64_t> tail{0};  // bytes read so far (the consumer's)
  std::uint64_t capacity = 0;

  std::byte* data() { return reinterpret_cast<std::byte*>(this + 1); }
  std::size_t free_bytes() const { return capacity - (head.load(std::memory_order_relaxed) - tail.load(std::memory_order_acquire)); }
  std::size_t available() const { return head.load(std::memory_order_acquire) - tail.load(std::memory_order_relaxed); }

  // Copies up to n bytes in; returns how many.
  std::size_t write(const std::byte* src, std::size_t n) {
    n = std::min(n, free_bytes());
    const std::uint64_t h = head.load(std::memory_order_relaxed);
    const std::size_t at = h % capacity, first = std::min(n, capacity - at);
    std::memcpy(data() + at, src, first);
    std::memcpy(data(), src + first, n - first);
    head.store(h + n, std::memory_order_release);
    return n;
  }
  // Copies up to n bytes out (to nullptr: skips them); returns how many.
  std::size_t read(std::byte* dst, std::size_t n) {
    n = std::min(n, available());
    const std::uint64_t t = tail.load(std::memory_order_relaxed);
    const std::size_t at = t % capacity, first = std::min(n, capacity - at);
    std::memcpy(dst, data() + at, first);
    std::memcpy(dst + first, data(), n - first);
    tail.store(t + n, std::memory_order_release);
    return n;
  }
};

// An elastic ring loses at most nodes - 1 of at most 64 nodes; epoch k = k nodes lost so far.
constexpr int kEpochs = 64;

struct EpochBarrier {
  alignas(64) std::atomic<std::int64_t> count{0};
  std::atomic<std::int64_t> generation{0};
};

struct Layout {
  std::int32_t nodes;
  std::uint64_t ring_bytes;
  // Written by ffw (lose): the lost nodes, then the epoch, so a node that sees epoch k sees k lost.
  std::atomic<std::uint64_t> lost{0};
  std::atomic<std::int32_t> epoch{0};
  // Written by the lowest survivor once re-formed after epoch k's loss (report_reformed): the run's
  // last complete chapter and the chapter the survivors go on from, + 2 (0: not yet).
  std::atomic<std::int32_t> reformed_last_complete[kEpochs];
  std::atomic<std::int32_t> reformed_from[kEpochs];
  // One barrier per epoch: it counts that epoch's survivors, and a wait of an older epoch's barrier
  // ends with RingChanged however many of its nodes had arrived.
  EpochBarrier barriers[kEpochs];
};

namespace {

constexpr const char* kLayoutName = "transport";

struct MessageHeader {
  std::int32_t tag;
  std::uint32_t reserved;
  std::uint64_t length;
  double sent_at;
};

std::size_t ring_stride(std::size_t ring_bytes) { return (sizeof(ByteRing) + ring_bytes + 63) / 64 * 64; }

// ByteRing's counters are alignas(64); a managed segment hands out storage aligned only for
// max_align_t (8 or 16 bytes, by Boost version), and placing a ring there is undefined behaviour
// (a segfault with Boost 1.83). The block is allocated 64 bytes longer and used from the first
// 64-byte boundary; mappings are page-aligned, so every process finds the same offset.
constexpr std::size_t kLayoutBytes = (sizeof(Layout) + 63) / 64 * 64;
Layout* layout_of(char* raw) { return std::launder(reinterpret_cast<Layout*>(align64(raw))); }

}  // namespace

char* align64(char* p) {
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  return p + ((64 - address % 64) % 64);
}

ShmTransportSegment::ShmTransportSegment(int nodes, std::size_t budget_bytes) {
  const std::size_t pairs = static_cast<std::size_t>(std::max(1, nodes * nodes));
  ring_bytes_ = std::max<std::size_t>(64 * 1024, budget_bytes / pairs / 64 * 64);
  const std::size_t total = 64 + kLayoutBytes + pairs * ring_stride(ring_bytes_) + 64 * 1024;
  struct statvfs fs{};
  if (statvfs("/dev/shm", &fs) == 0 && static_cast<std::size_t>(fs.f_bavail) * fs.f_frsize < 2 * total)
    throw Error(ErrorKind::Io, "/dev/shm has too little free space for the shared-memory transport (" +
                                   std::to_string(total >> 20) + " MiB); enlarge it or use the mpi launcher");
  std::random_device rd;
  name_ = "ffw-" + std::to_string(getpid()) + "-" + std::to_string(rd() % 1000000000u) + "-x";
  try {
    segment_ = std::make_unique<bip::managed_shared_memory>(bip::create_only, name_.c_str(), total, nullptr,
                                                            bip::permissions(0600));
    char* raw = segment_->construct<char>(kLayoutName)[64 + kLayoutBytes + pairs * ring_stride(ring_bytes_)](0);
    char* base = align64(raw);
    auto* layout = new (base) Layout{};
    for (int k = 0; k < kEpochs; ++k) layout->reformed_last_complete[k] = 0, layout->reformed_from[k] = 0;
    layout->nodes = nodes;
    layout->ring_bytes = ring_bytes_;
    for (std::size_t i = 0; i < pairs; ++i) {
      auto* ring = new (base + kLayoutBytes + i * ring_stride(ring_bytes_)) ByteRing{};
      ring->capacity = ring_bytes_;
    }
  } catch (const bip::interprocess_exception& ex) {
    bip::shared_memory_object::remove(name_.c_str());
    throw Error(ErrorKind::Io, std::string("cannot create the shared-memory transport (") + ex.what() + ")");
  }
}

int ShmTransportSegment::lose(int node) {
  Layout* layout = layout_of(segment_->find<char>(kLayoutName).first);
  layout->lost.fetch_or(std::uint64_t{1} << node, std::memory_order_acq_rel);
  return layout->epoch.fetch_add(1, std::memory_order_acq_rel) + 1;
}

std::optional<std::pair<int, int>> ShmTransportSegment::reformed(int epoch) const {
  Layout* layout = layout_of(segment_->find<char>(kLayoutName).first);
  if (epoch <= 0 || epoch >= kEpochs) return std::nullopt;
  const int from = layout->reformed_from[epoch].load(std::memory_order_acquire);
  if (from == 0) return std::nullopt;
  return std::pair{layout->reformed_last_complete[epoch].load(std::memory_order_acquire) - 2, from - 2};
}

ShmTransportSegment::~ShmTransportSegment() {
  segment_.reset();
  bip::shared_memory_object::remove(name_.c_str());
}

namespace {
int nodes_of(const std::string& name) {
  bip::managed_shared_memory s(bip::open_only, name.c_str());
  auto [raw, n] = s.find<char>(kLayoutName);
  if (!raw) throw Error(ErrorKind::Io, "the shared-memory transport " + name + " is not initialised");
  return layout_of(raw)->nodes;
}
}  // namespace

ShmTransport::ShmTransport(const std::string& name, int rank, const std::atomic<bool>* stop)
    : Transport(rank, nodes_of(name)), stop_(stop) {
  segment_ = bip::managed_shared_memory(bip::open_only, name.c_str());
  Layout* layout = layout_of(segment_.find<char>(kLayoutName).first);
  layout_ = layout;
  rings_ = reinterpret_cast<ByteRing*>(reinterpret_cast<char*>(layout) + kLayoutBytes);
  outbox_.resize(static_cast<std::size_t>(size()));
  stash_.resize(static_cast<std::size_t>(size()));
  // Rings are laid out with a stride; index them through this helper instead of pointer arithmetic.
  ring_stride_ = ring_stride(layout->ring_bytes);
  courier_ = std::thread([this] { courier(); });
}

ShmTransport::~ShmTransport() {
  try {
    flush();
  } catch (...) {  // stopping: peers may be gone
  }
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  work_.notify_all();
  courier_.join();
}

ByteRing& ShmTransport::ring(int from, int to) {
  auto* base = reinterpret_cast<char*>(rings_);
  return *reinterpret_cast<ByteRing*>(base + static_cast<std::size_t>(from * size() + to) * ring_stride_);
}

void ShmTransport::check_stop() const {
  if (stop_ && stop_->load(std::memory_order_relaxed)) throw StopRequested{};
  if (layout_->epoch.load(std::memory_order_acquire) != epoch_) throw RingChanged{};
}

bool ShmTransport::feed(int peer, Pending& p) {
  ByteRing& r = ring(rank(), peer);
  const MessageHeader header{p.tag, 0, p.bytes.size(), p.sent_at};
  const std::size_t total = sizeof header + p.bytes.size();
  while (p.written < total) {
    std::size_t n = 0;
    if (p.written < sizeof header)
      n = r.write(reinterpret_cast<const std::byte*>(&header) + p.written, sizeof header - p.written);
    else
      n = r.write(p.bytes.data() + (p.written - sizeof header), total - p.written);
    if (n == 0) return false;
    p.written += n;
  }
  return true;
}

void ShmTransport::do_send(int peer, int tag, std::span<const std::byte> bytes, double sent_at) {
  std::lock_guard lock(mutex_);
  auto& box = outbox_[static_cast<std::size_t>(peer)];
  ByteRing& r = ring(rank(), peer);
  const MessageHeader header{tag, 0, bytes.size(), sent_at};
  if (box.empty() && r.free_bytes() >= sizeof header + bytes.size()) {
    // Fits: straight into the receiver's ring, no staging copy.
    r.write(reinterpret_cast<const std::byte*>(&header), sizeof header);
    r.write(bytes.data(), bytes.size());
    return;
  }
  box.push_back({tag, sent_at, {bytes.begin(), bytes.end()}, 0});
  work_.notify_all();
}

void ShmTransport::courier() {
  Backoff backoff;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] {
      if (closing_) return true;
      for (const auto& box : outbox_)
        if (!box.empty()) return true;
      return false;
    });
    bool pending = false, moved = false;
    for (int peer = 0; peer < size(); ++peer) {
      auto& box = outbox_[static_cast<std::size_t>(peer)];
      while (!box.empty()) {
        const std::size_t before = box.front().written;
        const bool done = feed(peer, box.front());
        moved = moved || box.front().written != before;
        if (!done) break;
        box.pop_front();
      }
      pending = pending || !box.empty();
    }
    if (closing_ && !pending) return;
    if (pending) {
      // The receiver has not drained its ring yet: wait for it without holding the lock.
      if (moved) backoff.reset();
      lock.unlock();
      backoff.pause();
      lock.lock();
    } else {
      backoff.reset();
    }
  }
}

void ShmTransport::flush() {
  Backoff backoff;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      bool empty = true;
      for (const auto& box : outbox_) empty = empty && box.empty();
      if (empty) return;
    }
    check_stop();
    backoff.pause();
  }
}

double ShmTransport::do_recv(int peer, int tag, std::span<std::byte> bytes) {
  auto& stash = stash_[static_cast<std::size_t>(peer)];
  if (auto it = stash.find(tag); it != stash.end() && !it->second.empty()) {
    Stashed s = std::move(it->second.front());
    it->second.pop_front();
    if (s.bytes.size() != bytes.size())
      throw std::runtime_error("node " + std::to_string(peer) + " sent " + std::to_string(s.bytes.size()) +
                               " bytes where " + std::to_string(bytes.size()) + " were expected");
    if (!bytes.empty()) std::memcpy(bytes.data(), s.bytes.data(), bytes.size());
    return s.sent_at;
  }
  ByteRing& r = ring(peer, rank());
  Backoff backoff;
  auto read_exactly = [&](std::byte* dst, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
      const std::size_t step = r.read(dst + got, n - got);
      got += step;
      if (step == 0) {
        check_stop();
        backoff.pause();
      } else {
        backoff.reset();
      }
    }
  };
  for (;;) {
    MessageHeader header{};
    read_exactly(reinterpret_cast<std::byte*>(&header), sizeof header);
    if (header.tag == tag) {
      if (header.length != bytes.size())
        throw std::runtime_error("node " + std::to_string(peer) + " sent " + std::to_string(header.length) +
                                 " bytes where " + std::to_string(bytes.size()) + " were expected");
      read_exactly(bytes.data(), bytes.size());
      return header.sent_at;
    }
    Stashed s{header.sent_at, std::vector<std::byte>(header.length)};
    read_exactly(s.bytes.data(), s.bytes.size());
    stash[header.tag].push_back(std::move(s));
  }
}

void ShmTransport::epoch_barrier() {
  EpochBarrier& b = layout_->barriers[epoch_];
  const std::int64_t survivors = size() - epoch_;
  const std::int64_t generation = b.generation.load(std::memory_order_acquire);
  if (b.count.fetch_add(1, std::memory_order_acq_rel) + 1 == survivors) {
    b.count.store(0, std::memory_order_relaxed);
    b.generation.fetch_add(1, std::memory_order_acq_rel);
    return;
  }
  Backoff backoff;
  while (b.generation.load(std::memory_order_acquire) == generation) {
    try {
      check_stop();
    } catch (const RingChanged&) {
      // A loss as the barrier completed: every survivor passed it, so this one does too.
      if (b.generation.load(std::memory_order_acquire) != generation) return;
      throw;
    }
    backoff.pause();
  }
}

double ShmTransport::do_barrier(double now) {
  epoch_barrier();
  return now;
}

std::vector<int> ShmTransport::do_reform() {
  for (;;) {
    epoch_ = layout_->epoch.load(std::memory_order_acquire);
    if (epoch_ >= kEpochs || epoch_ >= size()) throw std::runtime_error("every node of the run is lost");
    {
      // Nothing more of the old ring goes out: the courier feeds only under this lock.
      std::lock_guard lock(mutex_);
      for (auto& box : outbox_) box.clear();
    }
    for (auto& stash : stash_) stash.clear();
    try {
      epoch_barrier();  // every survivor has stopped sending
      for (int peer = 0; peer < size(); ++peer) {
        if (peer == rank()) continue;
        ByteRing& r = ring(peer, rank());  // the old ring's messages, whole or half written: dropped
        r.tail.store(r.head.load(std::memory_order_acquire), std::memory_order_release);
      }
      epoch_barrier();  // every survivor's rings are empty before anyone sends again
      break;
    } catch (const RingChanged&) {
      // Another node was lost meanwhile: again, over the survivors of that loss.
    }
  }
  std::vector<int> lost;
  const std::uint64_t mask = layout_->lost.load(std::memory_order_acquire);
  for (int n = 0; n < size(); ++n)
    if (mask & (std::uint64_t{1} << n)) lost.push_back(n);
  return lost;
}

void ShmTransport::report_reformed(int last_complete, int continued_from) {
  layout_->reformed_last_complete[epoch_].store(last_complete + 2, std::memory_order_release);
  layout_->reformed_from[epoch_].store(continued_from + 2, std::memory_order_release);
}

}  // namespace ffw::cluster
