// One QEMU run: the guest's parameters are a vmm::VmConfig (so both runners take the same
// description), plus what only QEMU needs.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "realvm/vmm/vm_config.hpp"
#include "realvm/vmm/vmm_scheduling.hpp"

namespace vtick::realvm::qemu {

struct QemuConfig {
  /// guest_image, memory_bytes, scheme, hz, clock, period, sample_interval, duration, seed,
  /// timeout and stop_request apply. QEMU emulates the PIT itself whatever the scheme
  /// (the guest only echoes it), so lost_tick_policy and kernel_pit_reinject do not apply,
  /// nor do exit_bench_iterations and touch_unclaimed_port (QEMU has no NOP port to time).
  vmm::VmConfig vm;
  std::string qemu_binary = "qemu-system-x86_64";  ///< a path, or a name looked up on PATH
  /// false: TCG (QEMU's own CPU emulation). true: -enable-kvm, QEMU on /dev/kvm.
  bool enable_kvm = false;
  /// Words appended verbatim to the guest's command line (keys this runner does not set).
  std::string extra_append;
  /// Called with QEMU's pid once it is running (it is also its process group id).
  std::function<void(pid_t)> on_spawn;
  /// vmm.nice and vmm.affinity, which QEMU takes before exec (and all its threads inherit).
  vmm::VmmScheduling scheduling;
};

/// Throws vmm::BadVmConfig for a VmConfig no run can use, or for settings QEMU ignores.
void validate(const QemuConfig& config);

/// The guest's Multiboot command line (realvm/protocol.h): every key, then extra_append.
std::string kernel_command_line(const QemuConfig& config);

/// QEMU's argv (argv[0] = `binary`): the console and trace isa-debugcons write to the
/// already open descriptors `console_fd` and `trace_fd` (as /dev/fd/N).
std::vector<std::string> qemu_arguments(const QemuConfig& config, const std::string& binary, int console_fd,
                                        int trace_fd);

}  // namespace vtick::realvm::qemu
