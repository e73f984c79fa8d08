// One guest run under QEMU, reported as the KVM VMM reports its runs (vmm::RunResult), so
// vmm/trace_analysis applies unchanged.
#pragma once

#include "realvm/qemu/qemu_config.hpp"
#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::qemu {

/// Runs the guest and returns once QEMU has ended and been reaped. ExitReason is
/// guest_exit (guest_exit_code from the guest's exit record, which QEMU's exit status
/// (code << 1) | 1 confirms), timeout, stopped, or guest_shutdown (QEMU ended by itself
/// with status 0: a triple fault under -no-reboot). `detail` holds QEMU's stderr; the
/// counters are qemu.pid, qemu.trace_lines and qemu.malformed_trace_lines.
/// Throws QemuUnavailable when QEMU is not installed, vmm::BadVmConfig for a bad config,
/// QemuError when QEMU fails on its own (with its stderr).
vmm::RunResult run_qemu(const QemuConfig& config);

}  // namespace vtick::realvm::qemu
