#include "calibration/kernel_facts.hpp"

#include <zlib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "realvm/linux/kernel_config.hpp"

namespace vtick::calibration {
namespace {

std::optional<std::string> read_gzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return std::nullopt;
  std::string text;
  std::array<char, 1 << 16> buffer;
  int n = 0;
  while ((n = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) text.append(buffer.data(), static_cast<std::size_t>(n));
  const bool ok = n == 0;
  gzclose(file);
  if (!ok) return std::nullopt;
  return text;
}

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<std::string> scheduler_class_for(const std::string& release) {
  int major = 0;
  int minor = 0;
  if (std::sscanf(release.c_str(), "%d.%d", &major, &minor) != 2) return std::nullopt;
  return major > 6 || (major == 6 && minor >= 6) ? "eevdf" : "cfs";
}

KernelHz kernel_hz(const std::string& release) {
  const std::string boot = "/boot/config-" + release;
  std::optional<std::string> text = read_gzip("/proc/config.gz");
  std::string source = "/proc/config.gz";
  if (!text) {
    text = read_text(boot);
    source = boot;
  }
  if (!text) return {std::nullopt, "neither /proc/config.gz nor " + boot + " is readable"};
  const std::optional<int> hz = realvm::linux_guest::config_hz_in(*text);
  if (!hz) return {std::nullopt, source + " has no CONFIG_HZ line"};
  return {hz, source};
}

}  // namespace vtick::calibration
