// Facts of the host kernel that the scheduler model needs and that are read, not measured:
// its fair class (EEVDF from Linux 6.6) and CONFIG_HZ (the scheduler tick).
#pragma once

#include <optional>
#include <string>

namespace vtick::calibration {

/// host.scheduler.class for a kernel release such as "6.18.44-fc-v657": "eevdf" from 6.6
/// (the release that replaced CFS's pick with EEVDF), "cfs" before; nullopt if unparsable.
std::optional<std::string> scheduler_class_for(const std::string& release);

struct KernelHz {
  std::optional<int> hz;
  std::string source;  ///< the file it came from, or why there is none
};
/// CONFIG_HZ of the running kernel, from /proc/config.gz or /boot/config-<release>.
KernelHz kernel_hz(const std::string& release);

}  // namespace vtick::calibration
