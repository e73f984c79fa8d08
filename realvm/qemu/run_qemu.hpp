// One guest run under QEMU, reported as the KVM VMM reports its runs (vmm::RunResult), so
// vmm/trace_analysis applies unchanged.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "realvm/qemu/qemu_config.hpp"
#include "realvm/vmm/run_result.hpp"
#include "realvm/vmm/vmm_scheduling.hpp"

namespace vtick::realvm::qemu {

/// Runs the guest and returns once QEMU has ended and been reaped. ExitReason is
/// guest_exit (guest_exit_code from the guest's exit record, which QEMU's exit status
/// (code << 1) | 1 confirms), timeout, stopped, or guest_shutdown (QEMU ended by itself
/// with status 0: a triple fault under -no-reboot). `detail` holds QEMU's stderr; the
/// counters are qemu.pid, qemu.trace_lines, qemu.malformed_trace_lines and qemu.cpu_ns (its
/// user + system CPU time).
/// Throws QemuUnavailable when QEMU is not installed, vmm::BadVmConfig for a bad config,
/// std::invalid_argument when the host refuses config.scheduling (naming the vmm field),
/// QemuError when QEMU fails on its own (with its stderr).
vmm::RunResult run_qemu(const QemuConfig& config);

/// A QEMU run with any guest that writes its console and its trace lines to two character
/// devices (realvm/linux's Linux guest uses two serial ports): run_qemu(QemuConfig) is this
/// with our guest's isa-debugcons.
struct QemuLaunch {
  std::string qemu_binary = "qemu-system-x86_64";  ///< a path, or a name looked up on PATH
  /// QEMU's argv for the located `binary`, its console and trace chardevs writing to the
  /// already open descriptors `console_fd` and `trace_fd` (as /dev/fd/N).
  std::function<std::vector<std::string>(const std::string& binary, int console_fd, int trace_fd)> arguments;
  std::chrono::nanoseconds timeout{std::chrono::seconds(10)};  ///< host wall clock
  const std::atomic<bool>* stop_request = nullptr;
  std::function<void(pid_t)> on_spawn;
  vmm::VmmScheduling scheduling;  ///< QEMU's alone: the threads reading its output keep ours
};

/// run_qemu(QemuConfig) without its config checks: the same exit reasons and errors.
vmm::RunResult run_qemu(const QemuLaunch& launch);

}  // namespace vtick::realvm::qemu
