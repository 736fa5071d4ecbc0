#include "cluster/transport.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <thread>

#include "core/clock.h"

namespace ffw::cluster {

std::int64_t TrafficCounters::sent(Category c) const {
  std::int64_t n = 0;
  for (const auto& p : peers) n += p.sent_bytes[static_cast<std::size_t>(c)];
  return n;
}
std::int64_t TrafficCounters::received(Category c) const {
  std::int64_t n = 0;
  for (const auto& p : peers) n += p.received_bytes[static_cast<std::size_t>(c)];
  return n;
}
std::int64_t TrafficCounters::sent_total() const {
  std::int64_t n = 0;
  for (std::size_t c = 0; c < kCategories; ++c) n += sent(static_cast<Category>(c));
  return n;
}
std::int64_t TrafficCounters::received_total() const {
  std::int64_t n = 0;
  for (std::size_t c = 0; c < kCategories; ++c) n += received(static_cast<Category>(c));
  return n;
}

Transport::Transport(int rank, int size) : rank_(rank), size_(size) {
  counters_.peers.resize(static_cast<std::size_t>(size));
}

void Transport::instrument(Clock* clock, TimelineSink* timeline) {
  clock_ = clock;
  timeline_ = timeline;
}

void Transport::send(int peer, int tag, Category category, std::span<const std::byte> bytes) {
  if (!clock_) throw std::logic_error("Transport used before instrument()");
  if (peer < 0 || peer >= size_ || peer == rank_) throw std::logic_error("Transport::send to an invalid peer");
  const double start = clock_->now();
  do_send(peer, tag, bytes, start);
  auto& p = counters_.peers[static_cast<std::size_t>(peer)];
  p.sent_bytes[static_cast<std::size_t>(category)] += static_cast<std::int64_t>(bytes.size());
  ++p.messages_sent;
  record(SegmentKind::Send, start, clock_->now(), static_cast<std::int64_t>(bytes.size()), peer, static_cast<int>(category));
}

void Transport::recv(int peer, int tag, Category category, std::span<std::byte> bytes) {
  if (!clock_) throw std::logic_error("Transport used before instrument()");
  if (peer < 0 || peer >= size_ || peer == rank_) throw std::logic_error("Transport::recv from an invalid peer");
  const double start = clock_->now(), cpu = thread_cpu_seconds();
  double sent_at = 0;
  try {
    sent_at = do_recv(peer, tag, bytes);
  } catch (const RingChanged&) {  // an elastic ring lost a node: the wait so far stays on record
    waited_until_now(SegmentKind::Wait, start, cpu, peer, static_cast<int>(category));
    throw;
  }
  counters_.wait_cpu_seconds += thread_cpu_seconds() - cpu;
  clock_->arrived(sent_at);
  const double end = clock_->now();
  counters_.wait_seconds += end - start;
  auto& p = counters_.peers[static_cast<std::size_t>(peer)];
  p.received_bytes[static_cast<std::size_t>(category)] += static_cast<std::int64_t>(bytes.size());
  ++p.messages_received;
  record(SegmentKind::Wait, start, end, static_cast<std::int64_t>(bytes.size()), peer, static_cast<int>(category));
}

void Transport::barrier() {
  const double start = clock_->now(), cpu = thread_cpu_seconds();
  double latest = start;
  try {
    latest = do_barrier(start);
  } catch (const RingChanged&) {
    waited_until_now(SegmentKind::Idle, start, cpu, -1, -1);
    throw;
  }
  counters_.wait_cpu_seconds += thread_cpu_seconds() - cpu;
  clock_->arrived(latest);
  const double end = clock_->now();
  counters_.wait_seconds += end - start;
  if (end > start) record(SegmentKind::Idle, start, end, 0, -1);
}

std::vector<int> Transport::reform() {
  const double start = clock_ ? clock_->now() : 0.0, cpu = thread_cpu_seconds();
  std::vector<int> lost = do_reform();
  // Re-forming is waiting for the other survivors: idle time, on the node's timeline.
  if (clock_) waited_until_now(SegmentKind::Idle, start, cpu, -1, -1);
  return lost;
}

void Transport::waited_until_now(SegmentKind kind, double start, double cpu, int peer, int category) {
  counters_.wait_cpu_seconds += thread_cpu_seconds() - cpu;
  const double end = clock_->now();
  counters_.wait_seconds += end - start;
  record(kind, start, end, 0, peer, category);
}

void Transport::record(SegmentKind kind, double start, double end, std::int64_t bytes, int peer, int category) {
  if (!timeline_) return;
  Segment s;
  s.start_s = start;
  s.end_s = end;
  s.bytes = bytes;
  s.node = rank_;
  s.peer = peer;
  s.chapter = kind == SegmentKind::Idle ? 0 : chapter_;
  s.layer = kind == SegmentKind::Idle ? 0 : layer_;
  s.kind = kind;
  s.category = static_cast<std::int8_t>(category);
  timeline_->segment(s);
}

namespace {
constexpr int kReduceScatterTag = 700, kAllGatherTag = 701;

std::int64_t chunk_begin(std::int64_t count, int chunk, int size) { return count * chunk / size; }

// Calls fn(pointer, length, offset within [begin, end)) for each piece of the concatenation of
// `parts` that falls in [begin, end).
template <class Fn>
void for_each_piece(std::span<const std::span<float>> parts, std::int64_t begin, std::int64_t end, Fn&& fn) {
  std::int64_t at = 0;
  for (const auto& part : parts) {
    const auto n = static_cast<std::int64_t>(part.size());
    const std::int64_t lo = std::max(begin, at), hi = std::min(end, at + n);
    if (lo < hi) fn(part.data() + (lo - at), static_cast<std::size_t>(hi - lo), static_cast<std::size_t>(lo - begin));
    at += n;
    if (at >= end) break;
  }
}
}  // namespace

std::int64_t Transport::ring_allreduce_bytes(std::int64_t count, int rank, int size) {
  if (size <= 1) return 0;
  auto chunk = [&](int c) { return chunk_begin(count, c + 1, size) - chunk_begin(count, c, size); };
  // Reduce-scatter sends every chunk but (rank + 1) mod N; all-gather every chunk but (rank + 2) mod N.
  return static_cast<std::int64_t>(sizeof(float)) * (2 * count - chunk((rank + 1) % size) - chunk((rank + 2) % size));
}

void Transport::start_allreduce_sum(std::span<const std::span<float>> parts, Category category) {
  if (size_ == 1) return;
  if (!has_native_allreduce()) {
    ring_allreduce_sum(parts, category);
    return;
  }
  do_start_allreduce_sum(parts);  // a ring per part
  for (const auto& p : parts) native_pending_.emplace_back(static_cast<std::int64_t>(p.size()), category);
}

void Transport::finish_allreduces() {
  if (native_pending_.empty()) return;
  if (!clock_) throw std::logic_error("Transport used before instrument()");
  const double start = clock_->now(), cpu = thread_cpu_seconds();
  do_finish_allreduces();
  counters_.wait_cpu_seconds += thread_cpu_seconds() - cpu;
  const double end = clock_->now();
  // The wait is one, for all the buckets: the first carries it.
  bool first = true;
  for (const auto& [count, category] : native_pending_) {
    record_ring_traffic(count, category, first ? start : end, end);
    first = false;
  }
  native_pending_.clear();
}

void Transport::record_ring_traffic(std::int64_t count, Category category, double start, double end) {
  const int right = (rank_ + 1) % size_, left = (rank_ + size_ - 1) % size_;
  const std::int64_t sent = ring_allreduce_bytes(count, rank_, size_), received = ring_allreduce_bytes(count, left, size_);
  auto& to = counters_.peers[static_cast<std::size_t>(right)];
  to.sent_bytes[static_cast<std::size_t>(category)] += sent;
  to.messages_sent += 2 * (size_ - 1);
  auto& from = counters_.peers[static_cast<std::size_t>(left)];
  from.received_bytes[static_cast<std::size_t>(category)] += received;
  from.messages_received += 2 * (size_ - 1);
  counters_.wait_seconds += end - start;
  record(SegmentKind::Wait, start, end, received, left, static_cast<int>(category));
}

void Transport::ring_allreduce_sum(std::span<const std::span<float>> parts, Category category) {
  std::int64_t count = 0;
  for (const auto& p : parts) count += static_cast<std::int64_t>(p.size());
  const int n = size_, right = (rank_ + 1) % n, left = (rank_ + n - 1) % n;
  auto bounds = [&](int c) {
    c = ((c % n) + n) % n;
    return std::pair{chunk_begin(count, c, n), chunk_begin(count, c + 1, n)};
  };
  auto send_chunk = [&](int c, int tag) {
    const auto [b, e] = bounds(c);
    ring_send_.resize(static_cast<std::size_t>(e - b));
    for_each_piece(parts, b, e, [&](float* p, std::size_t len, std::size_t off) { std::copy_n(p, len, ring_send_.data() + off); });
    send_values<const float>(right, tag, category, ring_send_);
  };
  auto recv_chunk = [&](int c, int tag, bool add) {
    const auto [b, e] = bounds(c);
    ring_recv_.resize(static_cast<std::size_t>(e - b));
    recv_values<float>(left, tag, category, ring_recv_);
    for_each_piece(parts, b, e, [&](float* p, std::size_t len, std::size_t off) {
      const float* in = ring_recv_.data() + off;
      if (add)
        for (std::size_t i = 0; i < len; ++i) p[i] = in[i] + p[i];
      else
        std::copy_n(in, len, p);
    });
  };
  // Reduce-scatter: after step s, this node holds the sum of chunk (rank - s - 1) over s + 2 nodes;
  // at the end, chunk (rank + 1) summed over all.
  for (int s = 0; s + 1 < n; ++s) {
    send_chunk(rank_ - s, kReduceScatterTag);
    recv_chunk(rank_ - s - 1, kReduceScatterTag, true);
  }
  // All-gather: pass the finished chunks round the ring.
  for (int s = 0; s + 1 < n; ++s) {
    send_chunk(rank_ + 1 - s, kAllGatherTag);
    recv_chunk(rank_ - s, kAllGatherTag, false);
  }
}

void Backoff::pause() {
  if (yields_ < kYields) {
    ++yields_;
    std::this_thread::yield();
    return;
  }
  std::this_thread::sleep_for(std::chrono::microseconds(step_us_));
  step_us_ = std::min(step_us_ * 2, max_us_);
}

}  // namespace ffw::cluster
