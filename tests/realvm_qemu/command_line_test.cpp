// What QEMU is asked to do: the guest's command line carries the whole config, and the
// machine has exactly the devices the guest's ports expect.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "qemu_test_support.hpp"
#include "realvm/qemu/qemu_config.hpp"
#include "realvm/vmm/error.hpp"

namespace vtick::realvm::qemu {
namespace {

using namespace std::chrono_literals;

bool has(const std::vector<std::string>& args, const std::string& arg) {
  return std::find(args.begin(), args.end(), arg) != args.end();
}

TEST(QemuCommandLine, KernelCommandLineCarriesEveryKey) {
  QemuConfig config = testing::short_run();
  config.vm.scheme = vmm::TimerScheme::kernel_pit;
  config.vm.hz = 250;
  config.vm.clock = vmm::ClockKind::kvmclock;
  config.vm.seed = 77;
  config.extra_append = "future=1";
  EXPECT_EQ(kernel_command_line(config),
            "scheme=kernel_pit hz=250 clock=kvmclock period_ns=20000000 sample_ns=50000000 "
            "duration_ns=1000000000 seed=77 future=1");
}

TEST(QemuCommandLine, CarriesMediaAndCronParameters) {
  QemuConfig config = testing::short_run();
  config.vm.workload.kind = vmm::GuestWorkload::media;
  config.vm.workload.fps = 25;
  EXPECT_TRUE(kernel_command_line(config).ends_with(" workload=media fps=25")) << kernel_command_line(config);
  config.vm.workload.kind = vmm::GuestWorkload::cron;
  config.vm.workload.interval = 200ms;
  config.vm.workload.at = 1500ms;
  EXPECT_TRUE(kernel_command_line(config).ends_with(" workload=cron interval_ns=200000000 at_ns=1500000000"))
      << kernel_command_line(config);
}

TEST(QemuCommandLine, TcpRtoNeedsOurVmm) {
  QemuConfig config = testing::short_run();
  config.vm.workload.kind = vmm::GuestWorkload::tcp_rto;
  EXPECT_THROW(validate(config), vmm::BadVmConfig);
}

TEST(QemuCommandLine, MachineHasTheGuestsDevicesAndNothingElse) {
  const QemuConfig config = testing::short_run();
  const auto args = qemu_arguments(config, "/usr/bin/qemu-system-x86_64", 7, 9);
  EXPECT_EQ(args.front(), "/usr/bin/qemu-system-x86_64");
  for (const char* arg : {"-nodefaults", "-no-reboot", "tcg", "4M", "file,id=vtick_console,path=/dev/fd/7",
                          "isa-debugcon,iobase=0xe9,chardev=vtick_console", "file,id=vtick_trace,path=/dev/fd/9",
                          "isa-debugcon,iobase=0x520,chardev=vtick_trace", "isa-debug-exit,iobase=0x501",
                          VTICK_GUEST_IMAGE}) {
    EXPECT_TRUE(has(args, arg)) << arg;
  }
  EXPECT_FALSE(has(args, "-enable-kvm"));
  QemuConfig kvm = config;
  kvm.enable_kvm = true;
  EXPECT_TRUE(has(qemu_arguments(kvm, "qemu", 7, 9), "-enable-kvm"));
}

TEST(QemuCommandLine, VmmOnlySettingsAreRefused) {
  QemuConfig config = testing::short_run();
  config.vm.exit_bench_iterations = 10;
  EXPECT_THROW(validate(config), vmm::BadVmConfig);
  config = testing::short_run();
  config.vm.hz = 5000;
  EXPECT_THROW(validate(config), vmm::BadVmConfig);
}

}  // namespace
}  // namespace vtick::realvm::qemu
