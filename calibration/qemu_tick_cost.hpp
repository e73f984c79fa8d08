// QEMU's CPU time per guest tick: our guest under QEMU (TCG unless told otherwise) for the
// same guest time at two tick rates; the difference in QEMU's CPU time (all its threads,
// user + system) over the difference in ticks the guest handled is what one more tick costs
// QEMU: its PIT timer, the interrupt, and TCG running the guest's tick handler. Boot and
// everything else a run does once cancel out.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vtick::calibration {

struct QemuPlan {
  std::string guest_image;
  std::string qemu_binary = "qemu-system-x86_64";
  std::uint32_t low_hz = 100;
  std::uint32_t high_hz = 1000;
  std::chrono::nanoseconds run{std::chrono::seconds(3)};  ///< guest time of each run
};

struct QemuTickRun {
  std::uint32_t hz = 0;
  std::int64_t cpu_ns = 0;   ///< QEMU's user + system CPU time (wait4)
  std::int64_t host_ns = 0;  ///< wall time of the run
  std::uint64_t ticks = 0;   ///< interrupts the guest handled (its tick_summary record)
};

struct QemuTickCost {
  QemuTickRun low, high;
  std::int64_t per_tick_ns = 0;  ///< (high.cpu - low.cpu) / (high.ticks - low.ticks)
};

/// Throws realvm::qemu::QemuUnavailable without QEMU, std::runtime_error if a run does not
/// finish or the tick counts do not differ.
QemuTickCost measure_qemu_tick_cost(const QemuPlan& plan);

}  // namespace vtick::calibration
