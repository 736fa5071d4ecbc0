#include "core/timeline.h"

#include "core/csv_fields.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <istream>

namespace ffw {

std::string_view segment_name(SegmentKind k) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(SegmentKind::Count_)> names = {
      "train", "reforward", "negatives", "evaluate", "send", "wait", "idle", "lost"};
  return names[static_cast<std::size_t>(k)];
}

std::optional<SegmentKind> segment_kind(std::string_view name) {
  for (int k = 0; k < static_cast<int>(SegmentKind::Count_); ++k)
    if (name == segment_name(static_cast<SegmentKind>(k))) return static_cast<SegmentKind>(k);
  return std::nullopt;
}

std::string_view category_name(Category c) {
  static constexpr std::array<std::string_view, kCategories> names = {"weights", "labels", "activations",
                                                                      "gradients", "data", "control"};
  return names[static_cast<std::size_t>(c)];
}

std::optional<Category> category_of(std::string_view name) {
  for (std::size_t c = 0; c < kCategories; ++c)
    if (name == category_name(static_cast<Category>(c))) return static_cast<Category>(c);
  return std::nullopt;
}

std::string timeline_csv_line(const Segment& s) {
  char line[200];
  const bool transfer = s.category >= 0 && s.category < static_cast<int>(kCategories);
  const int n = std::snprintf(line, sizeof line, "%d,%s,%.6f,%.6f,%lld,%d,%d,%d,%s\n", s.node, segment_name(s.kind).data(),
                              s.start_s, s.end_s, static_cast<long long>(s.bytes), s.peer, s.chapter, s.layer,
                              transfer ? category_name(static_cast<Category>(s.category)).data() : "");
  return std::string(line, static_cast<std::size_t>(n));
}


std::optional<Segment> parse_timeline_csv_line(std::string_view line) {
  std::array<std::string_view, 9> f{};
  const std::size_t count = csv::split(line, f);
  if (count < 8) return std::nullopt;
  Segment s;
  const auto kind = segment_kind(f[1]);
  std::int64_t bytes = 0;
  if (!kind || !csv::number(f[0], s.node) || !csv::number(f[2], s.start_s) || !csv::number(f[3], s.end_s) ||
      !csv::number(f[4], bytes) || !csv::number(f[5], s.peer) || !csv::number(f[6], s.chapter) ||
      !csv::number(f[7], s.layer) || !std::isfinite(s.start_s) || !std::isfinite(s.end_s))
    return std::nullopt;
  s.kind = *kind;
  s.bytes = bytes;
  if (count > 8)
    if (const auto c = category_of(f[8])) s.category = static_cast<std::int8_t>(*c);
  return s;
}

std::vector<Segment> read_timeline_csv(std::istream& in) {
  std::vector<Segment> out;
  std::string line;
  while (std::getline(in, line))
    if (auto s = parse_timeline_csv_line(line)) out.push_back(*s);
  return out;
}

}  // namespace ffw
