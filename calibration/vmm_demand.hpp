// What a VMM thread spends per guest tick and at rest, from runs at two tick rates.
//
// Each run gives a thread's CPU over a window of host time after the guest booted:
// rate = cpu_ns / window (ns of CPU per s of host time). Two runs at tick rates t_lo < t_hi
// (ticks per s) then give, if the thread's demand is rest + t x per_tick:
//     per_tick = (rate_hi - rate_lo) / (t_hi - t_lo)        ns of CPU per tick
//     rest     = rate_lo - t_lo x per_tick                  ns of CPU per s, at any tick rate
// Both are floored at 0 (a thread cannot give CPU back; noise on a shared host can make the
// difference negative), and the floor is recorded. Repeating the pair gives a distribution
// of each; the profile takes its median (nearest rank: a value one pair produced).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "calibration/quantiles.hpp"

namespace vtick::calibration {

/// One run's window: its tick rate and each thread role's CPU over it.
struct DemandRun {
  double ticks_per_s = 0;
  std::int64_t window_ns = 0;
  std::map<std::string, std::int64_t> cpu_ns;  ///< by thread role ("vcpu", "main_loop", ...)
};

struct ThreadDemand {
  std::int64_t per_tick_ns = 0;
  std::int64_t rest_ns_per_s = 0;
  bool per_tick_floored = false;  ///< the difference came out negative
  bool rest_floored = false;
};

/// Throws std::invalid_argument unless lo.ticks_per_s < hi.ticks_per_s and both windows are
/// positive. A role missing from a run counts as no CPU.
[[nodiscard]] ThreadDemand thread_demand(const DemandRun& lo, const DemandRun& hi, const std::string& role);

/// Over repeated pairs: each role's per-tick and rest figures, one per pair.
struct RoleDemand {
  std::vector<std::int64_t> per_tick_ns;
  std::vector<std::int64_t> rest_ns_per_s;
  int floored = 0;  ///< figures floored at 0
};
[[nodiscard]] std::map<std::string, RoleDemand> demand_by_role(
    const std::vector<std::pair<DemandRun, DemandRun>>& pairs);

/// The profile's figure of a RoleDemand: the p50 of each list (summarize()).
struct DemandFigure {
  std::int64_t per_tick_ns = 0;
  std::int64_t rest_ns_per_s = 0;
};
[[nodiscard]] DemandFigure median_demand(const RoleDemand& demand);

/// ns of CPU per s as the share of one CPU a scenario's vmm.*_rest_cpu takes, rounded to
/// six decimals (1 us of CPU per s) so that the profile prints it exactly.
[[nodiscard]] double rest_share(std::int64_t rest_ns_per_s);

}  // namespace vtick::calibration
