#include "realvm/linux/lapic_period.hpp"

#include <algorithm>
#include <cmath>

#include "sim/sample_stats.hpp"

namespace vtick::realvm::linux_guest {

std::optional<double> timer_period_error_ppm(const std::vector<vmm::TimerRaise>& raises, std::int64_t nominal_period_ns,
                                             std::int64_t begin_ns, std::int64_t end_ns) {
  if (nominal_period_ns <= 0) return std::nullopt;
  std::vector<std::int64_t> times;
  for (const vmm::TimerRaise& raise : raises) {
    if (raise.host_ns >= begin_ns && raise.host_ns <= end_ns) times.push_back(raise.host_ns);
  }
  // A quarter second: short enough for a 3 s calibration run to give a dozen points, long
  // enough that an idle host's main loop is on time at least once in it.
  const auto per_window = static_cast<std::size_t>(std::max<std::int64_t>(1, 250'000'000 / nominal_period_ns));
  std::vector<std::int64_t> periods;
  std::vector<std::int64_t> lateness;  // against the nominal grid from the first raise
  for (std::size_t start = 0; start + per_window <= times.size(); start += per_window) {
    std::size_t best = start;
    std::int64_t best_late = 0;
    for (std::size_t k = start; k < start + per_window; ++k) {
      const std::int64_t late = times[k] - times.front() - static_cast<std::int64_t>(k) * nominal_period_ns;
      if (k == start || late < best_late) {
        best = k;
        best_late = late;
      }
    }
    periods.push_back(static_cast<std::int64_t>(best));
    lateness.push_back(best_late);
  }
  if (periods.size() < 8) return std::nullopt;
  const double ppm = sim::least_squares_slope(periods, lateness) / static_cast<double>(nominal_period_ns) * 1e6;
  // Beyond any boot's calibration: the raises were not one per period (seen in loaded 30 s
  // runs, 31 fewer or 77 more raises than periods; why is not known), so k is not the period.
  if (std::abs(ppm) > kMaxPlausiblePpm) return std::nullopt;
  return ppm;
}

}  // namespace vtick::realvm::linux_guest
