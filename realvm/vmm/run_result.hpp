// What one real-VM run produced: why it ended, the guest's trace stamped with host time,
// its console text, and every device's counters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realvm/vmm/port_device.hpp"
#include "realvm/vmm/trace_record.hpp"
#include "realvm/vmm/vcpu.hpp"

namespace vtick::realvm::vmm {

enum class ExitReason {
  guest_exit,        ///< the guest wrote VTICK_PORT_EXIT (see guest_exit_code)
  timeout,           ///< VmConfig::timeout of host time passed first
  stopped,           ///< VmConfig::stop_request was set
  guest_halted,      ///< KVM_EXIT_HLT: hlt that nothing can wake
  guest_shutdown,    ///< KVM_EXIT_SHUTDOWN: triple fault
  entry_failed,      ///< KVM_EXIT_FAIL_ENTRY: the CPU refused the vCPU state
  internal_error,    ///< KVM_EXIT_INTERNAL_ERROR: KVM could not emulate something
  unexpected_exit,   ///< any other KVM exit reason
};

std::string_view exit_reason_name(ExitReason reason);

/// When a record's host stamp is taken. Either way a stamp is never earlier than the guest
/// event it records, only late by some amount.
enum class Stamping {
  at_exit,    ///< our VMM: on the vCPU thread, at the exit that carries the record
  at_arrival, ///< QEMU: when a reader thread reads the record's text line from a pipe
};

/// A timer interrupt the VMM's emulated interrupt controller raised.
struct TimerRaise {
  std::int64_t host_ns = 0;  ///< CLOCK_MONOTONIC when the VMM raised it
  bool coalesced = false;    ///< it found the previous one still pending: one tick lost
};

struct RunResult {
  ExitReason reason = ExitReason::unexpected_exit;
  Stamping stamping = Stamping::at_exit;
  std::optional<std::uint32_t> guest_exit_code;
  std::string detail;                   ///< KVM's own reason codes for abnormal exits
  std::optional<Registers> registers;   ///< the vCPU state for abnormal exits
  std::int64_t host_start_ns = 0;       ///< CLOCK_MONOTONIC just before the first KVM_RUN
  std::int64_t host_end_ns = 0;         ///< CLOCK_MONOTONIC after the vCPU stopped
  std::vector<TraceRecord> trace;
  std::string console;
  Counters counters;
  /// user_pit only: host CLOCK_MONOTONIC just before each IRQ 0 pulse KVM reported
  /// delivered, in order (UserTickThread::delivered_at_ns).
  std::vector<std::int64_t> irq0_delivered_host_ns;
  /// Debian's Linux under QEMU only: every LAPIC timer interrupt QEMU raised, from its trace
  /// (realvm/qemu/apic_trace.hpp).
  std::vector<TimerRaise> lapic_timer_raises;

  /// Records of one kind, in arrival order.
  std::vector<TraceRecord> records_of(std::uint32_t kind) const;
  std::uint64_t counter(const std::string& name) const;  ///< 0 if absent
};

/// One paragraph for a person: how the run ended, KVM's detail, the registers if any, the
/// counters that are not zero, and the guest's console output.
std::string describe(const RunResult& result);

}  // namespace vtick::realvm::vmm
