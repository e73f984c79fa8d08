#pragma once
// The period of Linux's LAPIC timer under QEMU, from what the kernel says it calibrated. At
// boot Linux measures the LAPIC's bus clock against the PIT's ticks (calibrate_APIC_clock),
// under TCG with whatever delays the host puts on them, and keeps the result
// (lapic_timer_period, bus cycles per jiffy): with clocksource=jiffies the LAPIC timer then
// runs periodic at it, and every tick counts 1/HZ whatever it really took. Boots here gave
// periods from 16 ppm short to 0.58 % long: an idle guest's jiffies clock drifted -5,615 ppm
// after that 0.58 % boot. With apic=verbose the kernel prints the result
// ("..... calibration result: N").
#include <cstdint>
#include <optional>
#include <string>

namespace vtick::realvm::linux_guest {

/// The last "..... calibration result: N" in the console, nullopt without one.
[[nodiscard]] std::optional<std::int64_t> lapic_calibration_result(const std::string& console);

/// The LAPIC timer's period QEMU runs for a calibration result N: Linux writes the initial
/// count N / 16 with the divider at 16 (APIC_DIVISOR, __setup_APIC_LVTT), and QEMU's periodic
/// timer fires every (count + 1) << 4 bus cycles of 1 ns (hw/intc/apic.c, apic_next_timer).
[[nodiscard]] std::int64_t lapic_period_ns(std::int64_t calibration_result);

/// That period against 1 s / hz, in ppm (+ = longer); nullopt without a calibration result
/// or for hz <= 0.
[[nodiscard]] std::optional<double> lapic_period_error_ppm(const std::string& console, int hz);

}  // namespace vtick::realvm::linux_guest
