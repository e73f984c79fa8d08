#include "realvm/qemu/qemu_config.hpp"

#include <cstdio>

#include "realvm/protocol.h"
#include "realvm/vmm/error.hpp"

namespace vtick::realvm::qemu {
namespace {

std::string hex(unsigned value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", value);
  return text;
}

}  // namespace

void validate(const QemuConfig& config) {
  vmm::validate(config.vm);
  if (config.vm.exit_bench_iterations != 0 || config.vm.touch_unclaimed_port) {
    throw vmm::BadVmConfig("exit_bench_iterations and touch_unclaimed_port need the vtick VMM's ports, not QEMU");
  }
  if (config.vm.workload.kind == vmm::GuestWorkload::tcp_rto) {
    throw vmm::BadVmConfig("workload tcp_rto needs the vtick VMM's ACK ring and hypercall, not QEMU");
  }
  if (config.qemu_binary.empty()) {
    throw vmm::BadVmConfig("qemu_binary: empty");
  }
}

std::string kernel_command_line(const QemuConfig& config) {
  const vmm::VmConfig& vm = config.vm;
  std::string line = "scheme=" + std::string(vmm::timer_scheme_name(vm.scheme)) +
                     " hz=" + std::to_string(vm.hz) + " clock=" + std::string(vmm::clock_kind_name(vm.clock)) +
                     " period_ns=" + std::to_string(vm.period.count()) +
                     " sample_ns=" + std::to_string(vm.sample_interval.count()) +
                     " duration_ns=" + std::to_string(vm.duration.count()) + " seed=" + std::to_string(vm.seed);
  const vmm::WorkloadConfig& w = vm.workload;
  switch (w.kind) {
    case vmm::GuestWorkload::media: line += " workload=media fps=" + std::to_string(w.fps); break;
    case vmm::GuestWorkload::cron:
      line += " workload=cron interval_ns=" + std::to_string(w.interval.count()) + " at_ns=" + std::to_string(w.at.count());
      break;
    case vmm::GuestWorkload::periodic_timer:
    case vmm::GuestWorkload::tcp_rto: break;  // the default; refused by validate()
  }
  if (!config.extra_append.empty()) {
    line += " " + config.extra_append;
  }
  return line;
}

std::vector<std::string> qemu_arguments(const QemuConfig& config, const std::string& binary, int console_fd,
                                        int trace_fd) {
  const std::size_t mib = (config.vm.memory_bytes + (1u << 20) - 1) >> 20;
  std::vector<std::string> args{binary};
  if (config.enable_kvm) {
    // The host CPU model is what offers kvmclock's CPUID leaves to the guest.
    args.insert(args.end(), {"-enable-kvm", "-cpu", "host"});
  } else {
    args.insert(args.end(), {"-accel", "tcg"});
  }
  args.insert(args.end(), {
      "-m", std::to_string(mib) + "M",
      // No VGA, NIC, serial or monitor: nothing but our three devices talks to the host.
      "-nodefaults", "-display", "none",
      // A guest reset (triple fault) ends QEMU instead of booting the guest again.
      "-no-reboot",
      // Names QEMU's threads ("CPU 0/TCG", ...), so `vtick calibrate` can tell them apart.
      "-name", "vtick,debug-threads=on",
      "-kernel", config.vm.guest_image.string(),
      "-append", kernel_command_line(config),
      "-chardev", "file,id=vtick_console,path=/dev/fd/" + std::to_string(console_fd),
      "-device", "isa-debugcon,iobase=" + hex(VTICK_PORT_CONSOLE) + ",chardev=vtick_console",
      "-chardev", "file,id=vtick_trace,path=/dev/fd/" + std::to_string(trace_fd),
      "-device", "isa-debugcon,iobase=" + hex(VTICK_PORT_TRACE_TEXT) + ",chardev=vtick_trace",
      "-device", "isa-debug-exit,iobase=" + hex(VTICK_PORT_EXIT),
  });
  return args;
}

}  // namespace vtick::realvm::qemu
