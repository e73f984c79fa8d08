// Running apt-cache, apt-get and dpkg-deb for the kernel fetcher: argv only (no shell, so
// no quoting of cache paths), output captured for the error message.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vtick::realvm::linux_guest {

struct CommandResult {
  int exit_status = -1;  ///< the exit code; -1 if it could not be started or was killed
  std::string output;    ///< stdout and stderr, interleaved
};

/// Runs argv[0] (looked up on PATH) in `cwd` and waits for it.
[[nodiscard]] CommandResult run_command(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

}  // namespace vtick::realvm::linux_guest
