#pragma once
// The utilisation timeline: per node, segments of train / re-forward / negatives / evaluation /
// send / receive-wait / idle, with bytes and peer for transfers. Written to timeline.csv and
// trace.json (Chrome trace format).
#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ffw {

// `lost`: an elastic ring's node, from when it was lost to the end of the run (written by ffw).
enum class SegmentKind : std::uint8_t { Train, Reforward, Negatives, Evaluate, Send, Wait, Idle, Lost, Count_ };

std::string_view segment_name(SegmentKind k);
std::optional<SegmentKind> segment_kind(std::string_view name);

// What a transfer moves; every byte a transport counts is of one of these.
enum class Category : std::uint8_t { Weights, Labels, Activations, Gradients, Data, Control, Count_ };
inline constexpr std::size_t kCategories = static_cast<std::size_t>(Category::Count_);
std::string_view category_name(Category c);
std::optional<Category> category_of(std::string_view name);

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

// timeline.csv, the one format every floor reads and writes (docs/run-directory.md).
inline constexpr std::string_view kTimelineCsvHeader = "node,kind,start_s,end_s,bytes,peer,chapter,layer,category";
std::string timeline_csv_line(const Segment& s);  // with its newline
// One line of timeline.csv (without its newline); nullopt for the header or a malformed line. The
// category column is missing in runs made before it existed.
std::optional<Segment> parse_timeline_csv_line(std::string_view line);
// Every segment of a timeline.csv stream.
std::vector<Segment> read_timeline_csv(std::istream& in);

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
