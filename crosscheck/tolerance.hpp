#pragma once
// How far a measured metric may sit from the simulator's prediction and still conform:
//   |measured - mean_sim| <= max(sigmas * sd_sim, abs, rel * |mean_sim|).
// sigmas covers the model's own seed-to-seed spread; abs is a floor for what neither side
// resolves (a tick of a jiffies clock, scheduler noise of a real host) and is what lets a
// deterministic scenario (sd 0) conform at all; rel scales with the metric for large values.
// Defaults (docs/crosscheck.md) depend on the scenario's tick period and run length; a
// scenario's `crosscheck:` section overrides any field.
#include <string>

#include "sim/scenario.hpp"
#include "sim/time.hpp"

namespace vtick::crosscheck {

struct Tolerance {
  double sigmas = 3;
  double abs = 0;
  double rel = 0;

  /// The largest |measured - mean| that conforms.
  [[nodiscard]] double allowed(double mean, double sd) const;
  /// "max(3 sd, 5 ppm, 10%)" with abs in the metric's display unit.
  [[nodiscard]] std::string describe(const std::string& unit) const;
};

struct Tolerances {
  int seeds = 20;
  /// The KS test's significance level, fixed before looking at any data.
  double alpha = 0.01;
  /// Lateness is rounded to this grid before the KS test: differences finer than it are
  /// timing noise neither the model nor a real host's clock reading claims to resolve.
  sim::TimeNs ks_resolution_ns = 100 * sim::kNsPerUs;
  Tolerance drift_ppm;
  Tolerance final_offset;
  Tolerance max_abs_offset;
  Tolerance ticks_lost;
  Tolerance lateness_p50;
  Tolerance lateness_p99;
  Tolerance lateness_max;
};

/// The documented defaults for this scenario, overridden by its `crosscheck:` section.
[[nodiscard]] Tolerances tolerances_for(const sim::Scenario& scenario);

}  // namespace vtick::crosscheck
