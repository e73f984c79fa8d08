// Locating the QEMU binary before forking, so that a missing QEMU is a clear error in the
// caller rather than an exec failure in a child.
#pragma once

#include <optional>
#include <string>

namespace vtick::realvm::qemu {

/// `name` itself if it contains a '/', else the first executable `dir/name` for dir in
/// $PATH; nullopt if there is none.
std::optional<std::string> find_executable(const std::string& name);

}  // namespace vtick::realvm::qemu
