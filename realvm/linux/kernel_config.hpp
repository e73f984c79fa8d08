// What the host needs from a kernel's build configuration (/boot/config-<version>): its
// tick rate, which the probe cannot ask the kernel for (user space sees USER_HZ only).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace vtick::realvm::linux_guest {

/// CONFIG_HZ from a kernel config file; nullopt if the file or the line is missing.
[[nodiscard]] std::optional<int> config_hz(const std::filesystem::path& config);

/// CONFIG_HZ from a kernel config's text ("CONFIG_HZ=250" on a line of its own); nullopt if
/// there is no such line or its value is not a positive number.
[[nodiscard]] std::optional<int> config_hz_in(std::string_view config_text);

}  // namespace vtick::realvm::linux_guest
