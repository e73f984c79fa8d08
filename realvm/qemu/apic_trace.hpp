// Lost timer interrupts, as QEMU's emulated local APIC sees them. A guest like Linux that
// counts time in ticks (clocksource=jiffies) loses a tick when QEMU raises its timer
// interrupt while the previous one is still pending in the IRR, not yet taken by the vCPU:
// the two become one (hw/intc/apic.c, apic_set_irq). QEMU's trace events say when: each
// apic_local_deliver of LVT entry 0 (the timer) is followed by apic_report_irq_delivered,
// whose argument is a count of interrupts that did not find their IRR bit set already; a
// count that did not move means the interrupt coalesced. QEMU writes the events, with a
// CLOCK_REALTIME stamp (-msg timestamp=on), to the log file given to -D.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::qemu {

/// QEMU arguments that write the events above to `log_path`.
[[nodiscard]] std::vector<std::string> apic_trace_arguments(const std::string& log_path);

/// Reads QEMU's log (`PID@SECONDS.MICROSECONDS:event args` lines; others are skipped).
/// `realtime_minus_monotonic_ns` converts QEMU's wall-clock stamps to CLOCK_MONOTONIC.
[[nodiscard]] std::vector<vmm::TimerRaise> read_apic_trace(std::istream& log, std::int64_t realtime_minus_monotonic_ns);

struct LapicTimerCount {
  std::int64_t raised = 0;     ///< timer interrupts raised in the window
  std::int64_t coalesced = 0;  ///< of which coalesced with a pending one
};
/// The raises with begin_ns <= host_ns <= end_ns.
[[nodiscard]] LapicTimerCount count_between(const std::vector<vmm::TimerRaise>& raises, std::int64_t begin_ns,
                                            std::int64_t end_ns);

}  // namespace vtick::realvm::qemu
