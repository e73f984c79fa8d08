// The guest boots on our VMM, talks the ABI, and misbehaviour is counted rather than fatal.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "kvm_test_support.hpp"
#include "realvm/protocol.h"
#include "realvm/vmm/run_vm.hpp"

namespace vtick::realvm::vmm {
namespace {

using namespace std::chrono_literals;
using testing::short_run;

TEST(RealVmBoot, GuestBootsPrintsAndExitsCleanly) {
  VTICK_SKIP_WITHOUT_KVM();
  VmConfig config = short_run();
  config.duration = 100ms;
  config.seed = 0x5eed;
  const RunResult result = run_vm(config);
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  EXPECT_EQ(result.guest_exit_code, std::optional<std::uint32_t>(VTICK_EXIT_OK)) << result.console;
  EXPECT_NE(result.console.find("vtick guest: booted by vtick vmm"), std::string::npos) << result.console;
  const auto boots = result.records_of(VTICK_TRACE_BOOT);
  ASSERT_EQ(boots.size(), 1u);
  EXPECT_EQ(boots[0].id, VTICK_ABI_VERSION);
  EXPECT_EQ(boots[0].arg, 0x5eed);
  EXPECT_EQ(result.counter("hypercall.calls"), 1u);  // the guest's ABI version check
  EXPECT_EQ(result.counter("port_bus.unclaimed_outs"), 0u);
  EXPECT_EQ(result.counter("trace.bad_addresses"), 0u);
  ASSERT_FALSE(result.trace.empty());
  EXPECT_EQ(result.trace.back().kind, static_cast<std::uint32_t>(VTICK_TRACE_EXIT));
}

TEST(RealVmBoot, UnclaimedPortIsCountedNotFatal) {
  VTICK_SKIP_WITHOUT_KVM();
  VmConfig config = short_run();
  config.duration = 50ms;
  config.touch_unclaimed_port = true;
  const RunResult result = run_vm(config);
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  EXPECT_EQ(result.guest_exit_code, std::optional<std::uint32_t>(VTICK_EXIT_OK));
  EXPECT_EQ(result.counter("port_bus.unclaimed_outs"), 1u);
  EXPECT_EQ(result.counter("port_bus.unclaimed_ins"), 1u);
}

TEST(RealVmBoot, TimeoutEndsARunThatWouldGoOn) {
  VTICK_SKIP_WITHOUT_KVM();
  VmConfig config = short_run();
  config.duration = 60s;
  config.timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = run_vm(config);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(result.reason, ExitReason::timeout) << describe(result);
  EXPECT_FALSE(result.guest_exit_code.has_value());
  EXPECT_LT(took, 2s);
  EXPECT_FALSE(result.records_of(VTICK_TRACE_CLOCK_START).empty()) << "the guest ran before the timeout";
}

TEST(RealVmBoot, StopRequestFromAnotherThreadEndsTheRun) {
  VTICK_SKIP_WITHOUT_KVM();
  VmConfig config = short_run();
  config.duration = 60s;
  config.timeout = 10s;
  std::atomic<bool> stop{false};
  config.stop_request = &stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(200ms);
    stop = true;
  });
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = run_vm(config);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(result.reason, ExitReason::stopped) << describe(result);
  EXPECT_LT(took, 2s);
}

TEST(RealVmBoot, BadConfigIsRejectedBeforeAnyVmExists) {
  VmConfig config = short_run();
  config.hz = 5000;
  EXPECT_THROW(run_vm(config), BadVmConfig);
}

}  // namespace
}  // namespace vtick::realvm::vmm
