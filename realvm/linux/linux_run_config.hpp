// One boot of the Linux guest under QEMU: the kernel, our initramfs, the clocksource the
// kernel is told to use, and the probe's parameters.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <sys/types.h>
#include <string>
#include <vector>

#include "realvm/vmm/vmm_scheduling.hpp"

namespace vtick::realvm::linux_guest {

/// Clocksources an x86-64 Linux kernel offers under QEMU's TCG (no kvm-clock without KVM).
inline const std::vector<std::string>& known_clocksources() {
  static const std::vector<std::string> names{"jiffies", "tsc", "hpet", "acpi_pm"};
  return names;
}

struct LinuxRunConfig {
  std::filesystem::path kernel;
  std::filesystem::path initramfs;
  std::string clocksource = "tsc";  ///< one of known_clocksources()
  std::chrono::nanoseconds period{std::chrono::milliseconds(20)};           ///< the probe's periodic timer
  std::chrono::nanoseconds sample_interval{std::chrono::milliseconds(50)};
  std::chrono::nanoseconds duration{std::chrono::seconds(1)};               ///< by the guest's CLOCK_MONOTONIC
  /// Host wall clock for the whole boot, run and power-off.
  std::chrono::nanoseconds timeout{std::chrono::seconds(90)};
  unsigned memory_mib = 256;
  std::string qemu_binary = "qemu-system-x86_64";
  const std::atomic<bool>* stop_request = nullptr;
  /// nohz=off: the tick runs at HZ whether the CPU idles or not (what the scenarios model).
  /// false: nohz=on, the tick stops while idle (vtick calibrate's low-tick-rate run).
  bool periodic_tick = true;
  /// Called with QEMU's pid once it runs (vtick calibrate samples its threads' CPU).
  std::function<void(pid_t)> on_spawn;
  /// vmm.nice and vmm.affinity, which QEMU takes before exec (and all its threads inherit).
  vmm::VmmScheduling scheduling;
};

/// Throws std::invalid_argument naming the field.
void validate(const LinuxRunConfig& config);

/// console=ttyS0 for the kernel's log, apic=verbose (it prints its LAPIC calibration:
/// lapic_period.hpp), clocksource=, nohz=off (a periodic tick: see
/// docs/realvm.md, "A real Linux guest"; nohz=on without periodic_tick), panic=-1 (a panic ends QEMU at once under
/// -no-reboot) and the probe's keys (probe_protocol.h).
[[nodiscard]] std::string kernel_command_line(const LinuxRunConfig& config);

/// QEMU's argv: TCG, COM1 (ttyS0) = console_fd, COM2 (ttyS1) = trace_fd, isa-debug-exit, and
/// the LAPIC's timer events written to apic_log (realvm/qemu/apic_trace.hpp).
[[nodiscard]] std::vector<std::string> qemu_arguments(const LinuxRunConfig& config, const std::string& binary,
                                                      int console_fd, int trace_fd, const std::string& apic_log);

}  // namespace vtick::realvm::linux_guest
