// The VMM-maintained pvclock page: its scale arithmetic alone, and on a real VM a guest
// clock that stays with the host's and never runs backwards while a VMM thread rewrites
// the page under it every millisecond (the version protocol's job).
#include <gtest/gtest.h>

#include <cstdio>
#include <algorithm>
#include <cstdlib>

#include "kvm_test_support.hpp"
#include "realvm/protocol.h"
#include "realvm/vmm/pvclock_scale.hpp"
#include "realvm/vmm/run_vm.hpp"
#include "realvm/vmm/trace_analysis.hpp"

namespace vtick::realvm::vmm {
namespace {

TEST(RealVmPvclockScale, OneSecondOfTscIsOneSecond) {
  for (const std::uint64_t hz : {1'000'000'000ull, 2'100'000'000ull, 2'496'000'000ull, 3'999'999'000ull, 800'000'000ull,
                                 5'000'000'000ull}) {
    const PvclockScale scale = pvclock_scale_for(hz);
    const auto ns = static_cast<std::int64_t>(pvclock_scale_delta(hz, scale));
    // The 0.32 multiplier is exact to one part in 2^31 or better: under 1 ns in a second.
    EXPECT_LE(std::llabs(ns - 1'000'000'000), 1) << hz << " Hz -> mul " << scale.mul << " shift " << int{scale.shift};
    EXPECT_GE(scale.mul, 0x80000000u) << "multiplier not normalised for " << hz << " Hz";
  }
}

TEST(RealVmVmmPvclock, TracksHostAndNeverRunsBackwards) {
  VTICK_SKIP_WITHOUT_KVM();
  using namespace std::chrono_literals;
  VmConfig config = testing::short_run();
  config.clock = ClockKind::vmm_pvclock;
  config.pvclock_update_interval = 1ms;
  const RunResult result = run_vm(config);
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  ASSERT_EQ(result.guest_exit_code, std::optional<std::uint32_t>(VTICK_EXIT_OK)) << describe(result);

  // About one update a millisecond over the run (the thread catches up after a delay).
  const double run_ms = static_cast<double>(result.host_end_ns - result.host_start_ns) / 1e6;
  EXPECT_GE(static_cast<double>(result.counter("vmm_pvclock.updates")), 0.8 * run_ms);

  // Every clock reading the guest traced, in order: a torn read (fields from two updates)
  // or a bad TSC pairing shows as a step back.
  const auto origin = clock_origin_host_ns(result);
  ASSERT_TRUE(origin);
  std::int64_t previous = 0;
  bool started = false;
  for (const TraceRecord& record : result.trace) {
    if (record.kind == VTICK_TRACE_CLOCK_START) {
      started = true;
    }
    if (!started || record.kind == VTICK_TRACE_EXIT || record.kind == VTICK_TRACE_TICK_SUMMARY) {
      continue;
    }
    EXPECT_GE(record.guest_ns, previous) << "guest clock went backwards at host +" << record.host_ns - *origin;
    previous = record.guest_ns;
  }

  // The guest's clock against the host's: each sample includes one exit (about 14 us here),
  // and a sample whose vCPU thread lost its CPU between the read and the exit includes that
  // too (1 ms seen with the CPUs loaded). A wrong page shifts every sample after it, so
  // nine in ten must be within 0.5 ms.
  const auto offsets = clock_offsets(result);
  ASSERT_GE(offsets.size(), 18u);
  std::int64_t worst = 0;
  std::size_t beyond = 0;
  for (const ClockOffset& offset : offsets) {
    worst = std::max<std::int64_t>(worst, std::llabs(offset.offset_ns));
    beyond += std::llabs(offset.offset_ns) >= 500'000 ? 1 : 0;
  }
  EXPECT_LE(10 * beyond, offsets.size()) << beyond << " of " << offsets.size() << " beyond 0.5 ms, worst " << worst << " ns";
  std::printf("vmm_pvclock: %llu updates, longest gap %.3f ms, worst |offset| %.3f ms, last offset %.3f ms\n",
              static_cast<unsigned long long>(result.counter("vmm_pvclock.updates")),
              result.counter("vmm_pvclock.max_gap_ns") / 1e6, worst / 1e6, offsets.back().offset_ns / 1e6);
}

}  // namespace
}  // namespace vtick::realvm::vmm
