#include "realvm/linux/run_linux.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "realvm/linux/probe/probe_protocol.h"
#include "realvm/qemu/error.hpp"
#include "realvm/qemu/run_qemu.hpp"

namespace vtick::realvm::linux_guest {

vmm::RunResult run_linux(const LinuxRunConfig& config) {
  validate(config);
  for (const auto& file : {config.kernel, config.initramfs}) {
    if (access(file.c_str(), R_OK) != 0) throw qemu::QemuError(file.string() + ": " + std::strerror(errno));
  }
  qemu::QemuLaunch launch;
  launch.qemu_binary = config.qemu_binary;
  launch.arguments = [&config](const std::string& binary, int console_fd, int trace_fd) {
    return qemu_arguments(config, binary, console_fd, trace_fd);
  };
  launch.timeout = config.timeout;
  launch.stop_request = config.stop_request;
  launch.on_spawn = config.on_spawn;
  return qemu::run_qemu(launch);
}

std::optional<std::string> reported_clocksource(const std::string& console) {
  const std::size_t at = console.find(VTICK_LINUX_CLOCKSOURCE_PREFIX);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t begin = at + std::strlen(VTICK_LINUX_CLOCKSOURCE_PREFIX);
  const std::size_t end = console.find_first_of("\r\n", begin);
  return console.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace vtick::realvm::linux_guest
