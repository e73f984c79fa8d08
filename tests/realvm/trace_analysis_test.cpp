// The clock origin: the clock_start stamp when records are stamped at the exit, the
// least-delayed pairing when they are stamped on arrival (QEMU's reader thread).
#include <gtest/gtest.h>

#include "realvm/protocol.h"
#include "realvm/vmm/trace_analysis.hpp"

namespace vtick::realvm::vmm {
namespace {

TraceRecord record(std::uint32_t kind, std::int64_t host_ns, std::int64_t guest_ns, std::int64_t arg = 0) {
  TraceRecord r{};
  r.kind = kind;
  r.host_ns = host_ns;
  r.guest_ns = guest_ns;
  r.arg = arg;
  return r;
}

// clock_start reached the host 50 ms late; the sample and the timer after it came promptly.
RunResult late_start(Stamping stamping) {
  RunResult result;
  result.stamping = stamping;
  result.trace = {record(VTICK_TRACE_BOOT, 900, 0),
                  record(VTICK_TRACE_CLOCK_START, 1'000'000 + 50'000'000, 0),
                  record(VTICK_TRACE_CLOCK_SAMPLE, 1'000'000 + 100'000'000 + 20'000, 100'000'000),
                  record(VTICK_TRACE_TIMER_FIRED, 1'000'000 + 120'000'000 + 300'000, 120'000'000, 120'000'000)};
  return result;
}

// An exit stamp is late too when the vCPU thread loses its CPU between the guest's clock read
// and its exit (a FIFO blackout made a whole run's firings read 29 ms early).
TEST(TraceAnalysis, AtExitTheOriginIsTheLeastDelayedPairingToo) {
  EXPECT_EQ(clock_origin_host_ns(late_start(Stamping::at_exit)), 1'020'000);
}

TEST(TraceAnalysis, OnArrivalTheOriginIsTheLeastDelayedPairing) {
  const RunResult result = late_start(Stamping::at_arrival);
  EXPECT_EQ(clock_origin_host_ns(result), 1'020'000);
  const auto firings = timer_firings(result);
  ASSERT_EQ(firings.size(), 1u);
  EXPECT_EQ(firings[0].host_late_ns, 280'000);  // not 50 ms early
  const auto offsets = clock_offsets(result);
  ASSERT_EQ(offsets.size(), 1u);
  EXPECT_EQ(offsets[0].offset_ns, 0);
}

TEST(TraceAnalysis, NoClockStartNoOrigin) {
  RunResult result;
  result.stamping = Stamping::at_arrival;
  result.trace = {record(VTICK_TRACE_BOOT, 900, 0)};
  EXPECT_FALSE(clock_origin_host_ns(result).has_value());
}

}  // namespace
}  // namespace vtick::realvm::vmm
