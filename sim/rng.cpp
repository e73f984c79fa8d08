#include "sim/rng.hpp"

#include <cmath>

namespace vtick::sim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// FNV-1a: a fixed, documented hash (std::hash may differ between library versions).
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::uint64_t stream_seed(std::uint64_t run_seed, std::string_view component) { return run_seed ^ fnv1a(component); }

RandomStream::RandomStream(std::uint64_t run_seed, std::string_view component) {
  std::uint64_t x = stream_seed(run_seed, component);
  for (auto& word : state_) word = splitmix64(x);
}

std::uint64_t RandomStream::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double RandomStream::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

TimeNs RandomStream::exponential_ns(TimeNs mean) {
  const double draw = -std::log1p(-uniform()) * static_cast<double>(mean);
  const auto ns = static_cast<TimeNs>(std::llround(draw));
  return ns < 1 ? 1 : ns;
}

}  // namespace vtick::sim
