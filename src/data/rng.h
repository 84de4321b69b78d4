// The data module's random numbers: splitmix64 and a Fisher-Yates shuffle on it. Written here,
// not taken from <random>, because std::shuffle and the std distributions differ between
// standard libraries; with these a (seed, data) pair gives the same split and batch order on
// every machine.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hycam::data {

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and every 64-bit seed gives a good stream.
struct SplitMix64 {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // In [0, n). The modulo bias is below n / 2^64: nothing for data sizes.
  uint64_t below(uint64_t n) { return next() % n; }
};

// An independent seed for stream `stream` of `seed` (a task's shuffle, an epoch's batch order),
// so that nearby seeds and streams do not give related orders.
inline uint64_t derive_seed(uint64_t seed, uint64_t stream) {
  SplitMix64 a{seed};
  SplitMix64 b{a.next() ^ stream};
  return b.next();
}

// FNV-1a: a portable string hash (std::hash is not), to give each task its own stream.
inline uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
  return h;
}

// Fisher-Yates with SplitMix64.
template <typename T>
void seeded_shuffle(std::vector<T>& v, uint64_t seed) {
  SplitMix64 rng{seed};
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace hycam::data
