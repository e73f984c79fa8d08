#include "realvm/linux/kernel_cache.hpp"

#include <string.h>
#include <unistd.h>

#include <cstdlib>
#include <system_error>
#include <vector>

#include "realvm/linux/kernel_config.hpp"
#include "realvm/linux/subprocess.hpp"

namespace vtick::realvm::linux_guest {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kImagePrefix = "linux-image-";
// The metapackage that names the current kernel of the host's Debian release.
constexpr const char* kMetapackage = "linux-image-amd64";

int hz_of(const fs::path& config) {
  const auto hz = config_hz(config);
  if (!hz) throw KernelUnavailable("no CONFIG_HZ in " + config.string() + " (the kernel's config is needed for its HZ)");
  return *hz;
}

LinuxKernel kernel_in(const fs::path& dir) { return {dir.filename().string(), dir / "vmlinuz", hz_of(dir / "config")}; }

/// Runs one fetch step; throws KernelUnavailable with its output when it fails.
std::string must_run(const std::vector<std::string>& argv, const fs::path& cwd) {
  CommandResult result = run_command(argv, cwd);
  if (result.exit_status != 0) {
    throw KernelUnavailable(argv[0] + " " + argv[1] + " failed (offline? no apt?): " + result.output);
  }
  return result.output;
}

/// Removes a half-done download whatever happens to it.
struct ScratchDir {
  fs::path path;
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

LinuxKernel fetch(const fs::path& cache, const std::function<void(const std::string&)>& log) {
  const auto package = image_package_from_depends(must_run({"apt-cache", "depends", kMetapackage}, cache));
  if (!package) throw KernelUnavailable(std::string("apt-cache depends ") + kMetapackage + " names no linux-image package");
  const std::string version = package->substr(kImagePrefix.size());
  log("downloading " + *package + " (about 70 MB) into " + cache.string());
  ScratchDir scratch{cache / (".fetch-" + std::to_string(getpid()))};
  fs::remove_all(scratch.path);
  fs::create_directories(scratch.path / "out");
  must_run({"apt-get", "download", *package}, scratch.path);
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(scratch.path)) {
    if (entry.path().extension() == ".deb") deb = entry.path();
  }
  if (deb.empty()) throw KernelUnavailable("apt-get download " + *package + " left no .deb");
  must_run({"dpkg-deb", "-x", deb.string(), "root"}, scratch.path);
  const fs::path boot = scratch.path / "root" / "boot";
  if (!fs::is_regular_file(boot / ("vmlinuz-" + version)) || !fs::is_regular_file(boot / ("config-" + version))) {
    throw KernelUnavailable(deb.string() + " has no boot/vmlinuz-" + version + " and boot/config-" + version);
  }
  fs::copy_file(boot / ("vmlinuz-" + version), scratch.path / "out" / "vmlinuz");
  fs::copy_file(boot / ("config-" + version), scratch.path / "out" / "config");
  // One rename: a concurrent or interrupted fetch never leaves a half-filled version directory.
  std::error_code error;
  fs::rename(scratch.path / "out", cache / version, error);
  if (error && !fs::is_regular_file(cache / version / "vmlinuz")) {
    throw KernelUnavailable("cannot move the kernel into " + (cache / version).string() + ": " + error.message());
  }
  return kernel_in(cache / version);
}

}  // namespace

fs::path kernel_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : "/tmp") / ".cache";
  return base / "vtick" / "linux";
}

std::optional<std::string> image_package_from_depends(std::string_view apt_cache_output) {
  constexpr std::string_view key = "Depends: ";
  std::size_t at = 0;
  while ((at = apt_cache_output.find(key, at)) != std::string_view::npos) {
    at += key.size();
    const std::string_view rest = apt_cache_output.substr(at);
    const std::string_view name = rest.substr(0, rest.find_first_of(" \n"));
    if (name.starts_with(kImagePrefix) && name.size() > kImagePrefix.size()) return std::string(name);
  }
  return std::nullopt;
}

std::optional<LinuxKernel> cached_kernel(const fs::path& cache) {
  std::optional<fs::path> newest;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(cache, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".") || !fs::is_regular_file(entry.path() / "vmlinuz")) continue;
    if (!newest || strverscmp(name.c_str(), newest->filename().c_str()) > 0) newest = entry.path();
  }
  if (!newest) return std::nullopt;
  return kernel_in(*newest);
}

LinuxKernel ensure_kernel(const fs::path& cache, const std::function<void(const std::string&)>& log) {
  if (auto kernel = cached_kernel(cache)) return *kernel;
  std::error_code error;
  fs::create_directories(cache, error);
  if (error) throw KernelUnavailable("cannot create " + cache.string() + ": " + error.message());
  return fetch(cache, log);
}

LinuxKernel kernel_at(const fs::path& vmlinuz) {
  if (!fs::is_regular_file(vmlinuz)) throw KernelUnavailable("kernel image " + vmlinuz.string() + " not found");
  const std::string name = vmlinuz.filename().string();
  constexpr std::string_view prefix = "vmlinuz-";
  fs::path config = vmlinuz.parent_path() / "config";
  if (name.starts_with(prefix)) config = vmlinuz.parent_path() / ("config-" + name.substr(prefix.size()));
  return {"", vmlinuz, hz_of(config)};
}

}  // namespace vtick::realvm::linux_guest
