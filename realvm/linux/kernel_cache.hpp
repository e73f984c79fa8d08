// The guest kernel: Debian's linux-image package for amd64, downloaded with apt-get and
// unpacked with dpkg-deb into a per-user cache outside the repository
// (${XDG_CACHE_HOME:-~/.cache}/vtick/linux/<version>/{vmlinuz,config}), so a clean machine
// downloads it (about 70 MB) once and every later run is offline.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vtick::realvm::linux_guest {

/// No kernel could be found or fetched (offline, no apt): tests skip on this one.
class KernelUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LinuxKernel {
  std::string version;             ///< e.g. "6.1.0-56-amd64"; empty for a kernel given by path
  std::filesystem::path vmlinuz;
  int hz = 0;                      ///< CONFIG_HZ from the kernel's config
};

/// ${XDG_CACHE_HOME:-$HOME/.cache}/vtick/linux.
[[nodiscard]] std::filesystem::path kernel_cache_dir();

/// The package linux-image-amd64 depends on ("linux-image-6.1.0-56-amd64"), from the
/// first "Depends: linux-image-" line of `apt-cache depends` output; nullopt if none.
[[nodiscard]] std::optional<std::string> image_package_from_depends(std::string_view apt_cache_output);

/// The newest (by version order) kernel already in `cache`, without touching the network.
[[nodiscard]] std::optional<LinuxKernel> cached_kernel(const std::filesystem::path& cache);

/// The cached kernel, else downloads the current one into `cache` (saying so through
/// `log`). Throws KernelUnavailable, with apt's output, when that fails.
[[nodiscard]] LinuxKernel ensure_kernel(const std::filesystem::path& cache,
                                        const std::function<void(const std::string&)>& log);

/// A kernel image given by path, with its config beside it ("config", or "config-<version>"
/// for "vmlinuz-<version>", as in /boot): the run needs its HZ. Throws KernelUnavailable.
[[nodiscard]] LinuxKernel kernel_at(const std::filesystem::path& vmlinuz);

}  // namespace vtick::realvm::linux_guest
