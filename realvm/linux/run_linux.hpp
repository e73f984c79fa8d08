// One boot of the Linux guest, reported as the KVM VMM and the QEMU runner report theirs
// (vmm::RunResult), so vmm/trace_analysis and the runner's series writers apply unchanged.
#pragma once

#include <optional>
#include <string>

#include "realvm/linux/linux_run_config.hpp"
#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::linux_guest {

/// ExitReason guest_exit with the probe's exit code when it ran to its end; guest_shutdown
/// when the kernel powered off or rebooted first (the probe failed, the kernel panicked).
/// Throws std::invalid_argument for a bad config, qemu::QemuUnavailable without QEMU,
/// qemu::QemuError when QEMU fails on its own.
[[nodiscard]] vmm::RunResult run_linux(const LinuxRunConfig& config);

/// The clocksource the probe found the kernel using (its console line), if it said.
[[nodiscard]] std::optional<std::string> reported_clocksource(const std::string& console);

}  // namespace vtick::realvm::linux_guest
