#include "realvm/linux/run_linux.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "realvm/linux/probe/probe_protocol.h"
#include "realvm/qemu/apic_trace.hpp"
#include "realvm/qemu/error.hpp"
#include "realvm/qemu/run_qemu.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::linux_guest {

namespace {

/// QEMU's log file for one run, removed when the run is over.
struct ApicLog {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("vtick-qemu-apic-" + std::to_string(getpid()) + "-" + std::to_string(vmm::host_monotonic_ns()) + ".log");
  ~ApicLog() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

}  // namespace

vmm::RunResult run_linux(const LinuxRunConfig& config) {
  validate(config);
  for (const auto& file : {config.kernel, config.initramfs}) {
    if (access(file.c_str(), R_OK) != 0) throw qemu::QemuError(file.string() + ": " + std::strerror(errno));
  }
  const ApicLog apic_log;
  qemu::QemuLaunch launch;
  launch.qemu_binary = config.qemu_binary;
  launch.arguments = [&config, &apic_log](const std::string& binary, int console_fd, int trace_fd) {
    return qemu_arguments(config, binary, console_fd, trace_fd, apic_log.path.string());
  };
  launch.timeout = config.timeout;
  launch.stop_request = config.stop_request;
  launch.on_spawn = config.on_spawn;
  launch.scheduling = config.scheduling;
  const std::int64_t clock_gap = vmm::realtime_minus_monotonic_ns();
  vmm::RunResult result = qemu::run_qemu(launch);
  std::ifstream log(apic_log.path);
  result.lapic_timer_raises = qemu::read_apic_trace(log, clock_gap);
  return result;
}

std::optional<std::string> reported_clocksource(const std::string& console) {
  const std::size_t at = console.find(VTICK_LINUX_CLOCKSOURCE_PREFIX);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t begin = at + std::strlen(VTICK_LINUX_CLOCKSOURCE_PREFIX);
  const std::size_t end = console.find_first_of("\r\n", begin);
  return console.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace vtick::realvm::linux_guest
