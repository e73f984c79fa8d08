#pragma once
// The host's wake-up latency (scenario field host.wakeup_latency): how long after the event
// that wakes a sleeping host task (its hrtimer's expiry, a kick from another party) the task
// is actually on a run queue. On a real idle host this is the idle-state exit, the IPI and
// the wake-up path itself: tens to hundreds of microseconds, with a spread, which a timer-
// driven VMM thread sees on every period.
//
// The latency is a constant or an empirical distribution given by N >= 2 quantiles at the
// evenly spaced probabilities 0, 1/(N-1), ..., 1, sampled by inverse CDF with linear
// interpolation between neighbouring quantiles. Sampling is integer arithmetic on 53
// random bits, so a draw is the same on every platform.
//
// Determinism: draws come from one stream, "host/wakeup_latency", and only when the
// distribution has a spread; no latency (the default) or a constant draws nothing.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace vtick::models::host {

using sim::TimeNs;

class WakeupLatency {
 public:
  /// The name of the random stream the draws come from (keyed with the run seed).
  static constexpr const char* kStreamName = "host/wakeup_latency";

  /// No latency: every wake-up is immediate and nothing is drawn.
  WakeupLatency() = default;
  WakeupLatency(const sim::WakeupLatencySpec& spec, std::uint64_t run_seed);

  /// True when every wake-up is immediate (no spec, or a constant 0).
  [[nodiscard]] bool none() const { return quantiles_.empty(); }
  /// The latency of the next wake-up. Draws one number only when the distribution has a spread.
  TimeNs next();

  /// The inverse CDF at u = r / 2^53 (r < 2^53) of the distribution with these quantiles,
  /// interpolating linearly between neighbours and rounding to the nearest nanosecond.
  [[nodiscard]] static TimeNs inverse_cdf(std::span<const TimeNs> quantiles, std::uint64_t r);

 private:
  std::vector<TimeNs> quantiles_;  ///< empty = none; one value = a constant
  std::optional<sim::RandomStream> random_;
};

}  // namespace vtick::models::host
