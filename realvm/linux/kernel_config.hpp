// What the host needs from a kernel's build configuration (/boot/config-<version>): its
// tick rate, which the probe cannot ask the kernel for (user space sees USER_HZ only).
#pragma once

#include <filesystem>
#include <optional>

namespace vtick::realvm::linux_guest {

/// CONFIG_HZ from a kernel config file; nullopt if the file or the line is missing.
[[nodiscard]] std::optional<int> config_hz(const std::filesystem::path& config);

}  // namespace vtick::realvm::linux_guest
