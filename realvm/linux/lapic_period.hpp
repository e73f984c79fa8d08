#pragma once
// The period Linux programmed into its LAPIC timer, as QEMU's timer raises show it. With
// clocksource=jiffies the kernel keeps the LAPIC timer in periodic mode at the count per
// jiffy it calibrated at boot (calibrate_APIC_clock, against the PIT's ticks under TCG),
// which is not exactly 1/HZ: the guest's ticks then run a few ppm off the host's tick grid,
// and their phase against it drifts through a run.
#include <cstdint>
#include <optional>
#include <vector>

#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::linux_guest {

/// The largest period error a scenario accepts (vmm.timer_period_error_ppm), and more than any
/// boot's calibration under TCG here was seen to make (-9 to +62 ppm).
inline constexpr double kMaxPlausiblePpm = 1000;

/// The LAPIC timer's period against `nominal_period_ns` (1/HZ), in ppm (+ = longer), from
/// the raises with begin_ns <= host_ns <= end_ns. QEMU raises once per period however late
/// its main loop runs (it re-arms from the previous deadline), so raise k is period k's, late
/// by the main loop's delay: the least late raise of each quarter second of periods is nearly
/// on time, and the least-squares slope of those against k gives the period. nullopt with
/// fewer than 8 whole quarter seconds (2 s) of raises. Only meaningful for a periodic timer
/// (jiffies). Also nullopt beyond kMaxPlausiblePpm: then the raises were not one per period.
[[nodiscard]] std::optional<double> timer_period_error_ppm(const std::vector<vmm::TimerRaise>& raises,
                                                           std::int64_t nominal_period_ns, std::int64_t begin_ns,
                                                           std::int64_t end_ns);

}  // namespace vtick::realvm::linux_guest
