#include "cluster/transport.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace ffw::cluster {

std::string_view category_name(Category c) {
  static constexpr std::array<std::string_view, kCategories> names = {"weights", "labels", "activations",
                                                                      "gradients", "data", "control"};
  return names[static_cast<std::size_t>(c)];
}

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
  const double start = clock_->now();
  const double sent_at = do_recv(peer, tag, bytes);
  clock_->arrived(sent_at);
  const double end = clock_->now();
  counters_.wait_seconds += end - start;
  auto& p = counters_.peers[static_cast<std::size_t>(peer)];
  p.received_bytes[static_cast<std::size_t>(category)] += static_cast<std::int64_t>(bytes.size());
  ++p.messages_received;
  record(SegmentKind::Wait, start, end, static_cast<std::int64_t>(bytes.size()), peer, static_cast<int>(category));
}

void Transport::barrier() {
  const double start = clock_->now();
  const double latest = do_barrier(start);
  clock_->arrived(latest);
  const double end = clock_->now();
  counters_.wait_seconds += end - start;
  if (end > start) record(SegmentKind::Idle, start, end, 0, -1);
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

void Transport::allreduce_mean(std::span<float> values, Category category) {
  constexpr int kTag = 700;
  if (size_ == 1) return;
  if (rank_ == 0) {
    std::vector<float> other(values.size());
    for (int q = 1; q < size_; ++q) {
      recv_values<float>(q, kTag, category, other);
      for (std::size_t i = 0; i < values.size(); ++i) values[i] += other[i];
    }
    const float scale = 1.0f / static_cast<float>(size_);
    for (float& v : values) v *= scale;
    for (int q = 1; q < size_; ++q) send_values<const float>(q, kTag, category, values);
  } else {
    send_values<const float>(0, kTag, category, values);
    recv_values<float>(0, kTag, category, values);
  }
}

void Backoff::pause() {
  std::this_thread::sleep_for(std::chrono::microseconds(step_us_));
  step_us_ = std::min(step_us_ * 2, max_us_);
}

}  // namespace ffw::cluster
