#pragma once
// The utilisation timeline: per node, segments of train / re-forward / negatives / evaluation /
// send / receive-wait / idle, with bytes and peer for transfers. Written to timeline.csv and
// trace.json (Chrome trace format).
#include <cstdint>
#include <string_view>
#include <vector>

namespace ffw {

enum class SegmentKind : std::uint8_t { Train, Reforward, Negatives, Evaluate, Send, Wait, Idle, Count_ };

std::string_view segment_name(SegmentKind k);

// Trivially copyable: it travels through shared memory.
struct Segment {
  double start_s = 0, end_s = 0;
  std::int64_t bytes = 0;
  std::int32_t node = 0;
  std::int32_t peer = -1;
  std::int32_t chapter = 0;  // 1-based
  std::int32_t layer = 0;    // 1-based stage, 0 when not about one layer
  SegmentKind kind = SegmentKind::Train;
  std::int8_t category = -1;  // transfers: what moved (cluster::Category), -1 otherwise
};

class TimelineSink {
public:
  virtual ~TimelineSink() = default;
  virtual void segment(const Segment& s) = 0;
};

class MemoryTimelineSink final : public TimelineSink {
public:
  void segment(const Segment& s) override { segments.push_back(s); }
  std::vector<Segment> segments;
};

}  // namespace ffw
