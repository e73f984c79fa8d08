// A hostile guest (boot config `misbehave`): each misbehaviour is counted or ends the run
// with a reason and the registers, the VMM returns normally, and nothing of the VM is left
// behind in this process: no descriptor, no thread.
#include <gtest/gtest.h>

#include <filesystem>

#include "kvm_test_support.hpp"
#include "realvm/protocol.h"
#include "realvm/vmm/run_vm.hpp"

namespace vtick::realvm::vmm {
namespace {

std::size_t entries_in(const char* directory) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) {
    ++count;
  }
  return count;
}

/// Runs `config` and checks it left no descriptor and no thread behind.
RunResult run_and_check_cleanup(const VmConfig& config) {
  const std::size_t fds_before = entries_in("/proc/self/fd");
  const std::size_t threads_before = entries_in("/proc/self/task");
  RunResult result = run_vm(config);
  EXPECT_EQ(entries_in("/proc/self/fd"), fds_before) << "descriptors leaked";
  EXPECT_EQ(entries_in("/proc/self/task"), threads_before) << "threads left running";
  return result;
}

VmConfig hostile(Misbehaviour how) {
  VmConfig config = testing::short_run();
  config.scheme = TimerScheme::outsourced;
  config.clock = ClockKind::kvmclock;
  config.duration = std::chrono::milliseconds(300);
  config.timeout = std::chrono::seconds(2);
  config.misbehave = how;
  return config;
}

TEST(RealVmHostileGuest, BadHypercallsAreRefusedAndCounted) {
  VTICK_SKIP_WITHOUT_KVM();
  const RunResult result = run_and_check_cleanup(hostile(Misbehaviour::bad_hypercalls));
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  EXPECT_EQ(result.guest_exit_code, std::optional<std::uint32_t>(VTICK_EXIT_OK));
  EXPECT_EQ(result.counter("hypercall.unknown_calls"), 1u);
  EXPECT_EQ(result.counter("outsourced.bad_timer_ids"), 2u);  // an arm and a cancel
  EXPECT_EQ(result.counter("outsourced.bad_deadlines"), 1u);
  // The guest saw each refusal's code, in order.
  const auto results = result.records_of(VTICK_TRACE_HYPERCALL_ERROR);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].arg, VTICK_HYPERCALL_UNKNOWN_RESULT);
  EXPECT_EQ(results[1].arg, VTICK_HYPERCALL_BAD_TIMER);
  EXPECT_EQ(results[2].arg, VTICK_HYPERCALL_BAD_DEADLINE);
  EXPECT_EQ(results[3].arg, VTICK_HYPERCALL_BAD_TIMER);
}

TEST(RealVmHostileGuest, TimerFloodIsSlotAndRateLimited) {
  VTICK_SKIP_WITHOUT_KVM();
  // A budget below what this slow nested host lets a guest issue (about 10,000 calls a
  // second), so that the limit is what stops the flood.
  VmConfig config = hostile(Misbehaviour::timer_flood);
  config.timer_hypercalls_per_second = 1000;
  config.timer_hypercall_burst = 64;
  const RunResult result = run_and_check_cleanup(config);
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  EXPECT_EQ(result.guest_exit_code, std::optional<std::uint32_t>(VTICK_EXIT_OK));
  EXPECT_LE(result.counter("outsourced.host_timers"), VTICK_OUTSOURCED_MAX_TIMERS);
  EXPECT_GT(result.counter("hypercall.rate_limited"), 0u) << describe(result);
  EXPECT_GT(result.counter("outsourced.bad_timer_ids"), 0u);
  // Every flood call was answered one way or another.
  EXPECT_GE(result.counter("hypercall.calls"), 4000u);
}

TEST(RealVmHostileGuest, TripleFaultEndsTheRunWithRegisters) {
  VTICK_SKIP_WITHOUT_KVM();
  const RunResult result = run_and_check_cleanup(hostile(Misbehaviour::triple_fault));
  ASSERT_EQ(result.reason, ExitReason::guest_shutdown) << describe(result);
  ASSERT_TRUE(result.registers);
  EXPECT_NE(describe(result).find("rip="), std::string::npos);
}

TEST(RealVmHostileGuest, GuestThatNeverStopsEndsAtTheTimeout) {
  VTICK_SKIP_WITHOUT_KVM();
  VmConfig config = hostile(Misbehaviour::spin);
  config.timeout = std::chrono::milliseconds(500);
  const RunResult result = run_and_check_cleanup(config);
  ASSERT_EQ(result.reason, ExitReason::timeout) << describe(result);
  ASSERT_TRUE(result.registers);
  // Interrupts were off: IF (bit 9) clear where the guest was stopped.
  EXPECT_EQ(result.registers->rflags & (1u << 9), 0u) << describe(result);
  EXPECT_LT(result.host_end_ns - result.host_start_ns, 1'500'000'000);
}

}  // namespace
}  // namespace vtick::realvm::vmm
