#pragma once
// Order statistics for the benchmarks' repeated measurements.
#include <algorithm>
#include <vector>

namespace ffw::cli {

inline double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The value below which a share `p` (0..1) of the measurements fall (nearest rank).
inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto last = static_cast<double>(v.size() - 1);
  return v[static_cast<std::size_t>(std::min(last, p * static_cast<double>(v.size())))];
}

}  // namespace ffw::cli
