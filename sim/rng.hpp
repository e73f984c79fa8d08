#pragma once
// Seeded pseudo-random streams. Each model component owns one stream, derived from the run
// seed and the component's name, so adding a component or drawing more numbers in one never
// changes another's sequence. xoshiro256** seeded through splitmix64; the distributions are
// written here (not <random>'s, whose algorithms differ between standard libraries).
#include <cstdint>
#include <string_view>

#include "sim/time.hpp"

namespace vtick::sim {

/// The splitmix64 seed of the stream `component` draws from under `run_seed`: the real VM's
/// guest (realvm/guest/prng.c) expands it exactly as RandomStream does, so that a
/// workload draws the same numbers on the simulator and in the real guest.
std::uint64_t stream_seed(std::uint64_t run_seed, std::string_view component);

class RandomStream {
 public:
  RandomStream(std::uint64_t run_seed, std::string_view component);

  std::uint64_t next_u64();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform();
  /// Exponentially distributed with the given mean, rounded to a whole nanosecond, >= 1.
  TimeNs exponential_ns(TimeNs mean);

 private:
  std::uint64_t state_[4];
};

}  // namespace vtick::sim
