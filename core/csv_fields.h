#pragma once
// Splitting and reading the fields of the run directory's CSV files (metrics.csv, timeline.csv):
// strict, allocation-free, and never throwing, because the workbench reads them while they grow.
#include <array>
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>

namespace ffw::csv {

// Splits `line` at commas into its first N fields; returns how many it found (at most N: fields
// after the N-th, which a later version may add, are ignored). A trailing '\r' is dropped.
template <std::size_t N>
std::size_t split(std::string_view line, std::array<std::string_view, N>& fields) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::size_t count = 0;
  while (count < N) {
    const auto comma = line.find(',');
    fields[count++] = line.substr(0, comma);
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  return count;
}

// The whole field as a number; false for an empty field, trailing characters or overflow.
template <class T>
bool number(std::string_view field, T& out) {
  if constexpr (std::is_floating_point_v<T>) {
    // std::from_chars for double is in g++ 12's library but not in every libstdc++ clang is used
    // with; strtod keeps to what every one has.
    if (field.empty() || field.size() > 64) return false;
    const std::string copy(field);
    char* end = nullptr;
    out = static_cast<T>(std::strtod(copy.c_str(), &end));
    return end == copy.c_str() + copy.size();
  } else {
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
    return !field.empty() && ec == std::errc() && end == field.data() + field.size();
  }
}

}  // namespace ffw::csv
