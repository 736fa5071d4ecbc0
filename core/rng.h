#pragma once
// Every random draw comes from a stream keyed by (seed, purpose, indices), never from a stream
// carried across chapters. A run resumed at chapter k therefore draws exactly what an
// uninterrupted run draws, without saving generator state.
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace ffw {

enum class Stream : std::uint64_t {
  Init = 1,
  Shuffle = 2,
  Negatives = 3,
  Split = 4,
  Shard = 5,
  AdaptiveSample = 6,
};

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline std::mt19937_64 make_rng(std::uint64_t seed, Stream stream,
                                std::initializer_list<std::uint64_t> keys = {}) {
  std::uint64_t h = splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(stream)));
  for (std::uint64_t k : keys) h = splitmix64(h ^ splitmix64(k + 0x632be59bd9b4e019ULL));
  return std::mt19937_64(h);
}

// Fisher-Yates with our own index draw, so the order is the same on every standard library.
inline std::vector<int> shuffled_indices(int n, std::mt19937_64& rng) {
  std::vector<int> order(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  for (int i = n - 1; i > 0; --i) {
    const auto j = static_cast<int>(rng() % static_cast<std::uint64_t>(i + 1));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
  return order;
}

// Standard normal by Box-Muller on raw 64-bit draws (std::normal_distribution differs between
// standard libraries).
inline double normal_draw(std::mt19937_64& rng) {
  constexpr double two_pi = 6.283185307179586;
  const double u1 = (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53;
  const double u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(two_pi * u2);
}

}  // namespace ffw
