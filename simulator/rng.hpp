// Seeded randomness with distributions written out here, so that a seed gives the same
// numbers on every standard library (std::*_distribution is implementation-defined).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace ct::sim {

// SplitMix64: derives independent seeds (e.g. one per charger) from one fleet seed.
inline std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1).
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [lo, hi] (hi - lo small; modulo bias is irrelevant here).
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
    auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(engine_() % span);
  }
  // Exponential with the given mean (inter-arrival times).
  double exponential(double mean) { return -mean * std::log(1.0 - uniform01()); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace ct::sim
