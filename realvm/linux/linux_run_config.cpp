#include "realvm/linux/linux_run_config.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "realvm/linux/probe/probe_protocol.h"
#include "realvm/protocol.h"
#include "realvm/qemu/apic_trace.hpp"

namespace vtick::realvm::linux_guest {
namespace {

std::string hex(unsigned value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", value);
  return text;
}

std::string key(const char* name, std::chrono::nanoseconds value) {
  return std::string(" ") + name + "=" + std::to_string(value.count());
}

}  // namespace

void validate(const LinuxRunConfig& config) {
  const auto& names = known_clocksources();
  if (std::find(names.begin(), names.end(), config.clocksource) == names.end()) {
    throw std::invalid_argument("clocksource " + config.clocksource + ": need jiffies, tsc, hpet or acpi_pm");
  }
  if (config.period.count() <= 0 || config.sample_interval.count() <= 0 || config.duration.count() <= 0 ||
      config.timeout.count() <= 0) {
    throw std::invalid_argument("period, sample_interval, duration and timeout must be positive");
  }
  if (config.memory_mib < 64) throw std::invalid_argument("memory_mib: a Debian kernel needs at least 64 MiB");
  if (config.kernel.empty() || config.initramfs.empty()) throw std::invalid_argument("kernel and initramfs: need paths");
}

std::string kernel_command_line(const LinuxRunConfig& config) {
  return "console=ttyS0 apic=verbose clocksource=" + config.clocksource + (config.periodic_tick ? " nohz=off" : " nohz=on") + " panic=-1 " VTICK_LINUX_ENV_CLOCKSOURCE "=" +
         config.clocksource +
         key(VTICK_LINUX_ENV_PERIOD, config.period) + key(VTICK_LINUX_ENV_SAMPLE, config.sample_interval) +
         key(VTICK_LINUX_ENV_DURATION, config.duration);
}

std::vector<std::string> qemu_arguments(const LinuxRunConfig& config, const std::string& binary, int console_fd,
                                        int trace_fd, const std::string& apic_log) {
  std::vector<std::string> args{binary, "-accel", "tcg", "-m", std::to_string(config.memory_mib) + "M",
          // No VGA, NIC or monitor; the two serial ports below are COM1 and COM2 in order.
          "-nodefaults", "-display", "none",
          // A reboot (panic=-1, a triple fault) ends QEMU; so does the ACPI power-off of /init.
          "-no-reboot",
          // Names QEMU's threads ("CPU 0/TCG", ...), so `vtick calibrate` can tell them apart.
          "-name", "vtick-linux,debug-threads=on",
          "-kernel", config.kernel.string(), "-initrd", config.initramfs.string(),
          "-append", kernel_command_line(config),
          "-chardev", "file,id=linux_console,path=/dev/fd/" + std::to_string(console_fd),
          "-serial", "chardev:linux_console",
          "-chardev", "file,id=linux_trace,path=/dev/fd/" + std::to_string(trace_fd),
          "-serial", "chardev:linux_trace",
          "-device", "isa-debug-exit,iobase=" + hex(VTICK_PORT_EXIT)};
  const auto trace = qemu::apic_trace_arguments(apic_log);
  args.insert(args.end(), trace.begin(), trace.end());
  return args;
}

}  // namespace vtick::realvm::linux_guest
