// QEMU's LAPIC trace: a timer interrupt coalesced when the delivered count reported right
// after it did not move. The log below is in QEMU 7.2's format (-msg timestamp=on).
#include "realvm/qemu/apic_trace.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace vtick::realvm::qemu {
namespace {

// Wall clock 1000 s = monotonic 10 s.
constexpr std::int64_t kRealtimeMinusMonotonic = 990'000'000'000;

std::vector<vmm::TimerRaise> read(const std::string& text) {
  std::istringstream log(text);
  return read_apic_trace(log, kRealtimeMinusMonotonic);
}

TEST(ApicTrace, ACountThatDidNotMoveIsACoalescedTimerInterrupt) {
  const auto raises = read(
      "7@1000.000100:apic_local_deliver vector 0 delivery mode 0\n"
      "7@1000.000110:apic_report_irq_delivered coalescing 41\n"
      "7@1000.004100:apic_local_deliver vector 0 delivery mode 0\n"
      "7@1000.004110:apic_report_irq_delivered coalescing 41\n"
      "7@1000.008100:apic_local_deliver vector 0 delivery mode 0\n"
      "7@1000.008110:apic_report_irq_delivered coalescing 42\n");
  ASSERT_EQ(raises.size(), 3U);
  EXPECT_EQ(raises[0].host_ns, 10'000'100'000);
  EXPECT_FALSE(raises[0].coalesced);  // nothing reported before it: unknown, counted as delivered
  EXPECT_TRUE(raises[1].coalesced);
  EXPECT_FALSE(raises[2].coalesced);
  EXPECT_EQ(raises[2].host_ns, 10'008'100'000);
}

TEST(ApicTrace, OtherInterruptsMoveTheCountButAreNotTimerInterrupts) {
  // The UART's interrupt (through the IOAPIC) reports the count too; LVT entry 3 is LINT0.
  const auto raises = read(
      "7@1000.000000:apic_report_irq_delivered coalescing 5\n"
      "7@1000.000100:apic_local_deliver vector 3 delivery mode 7\n"
      "7@1000.000200:apic_report_irq_delivered coalescing 6\n"
      "7@1000.004100:apic_local_deliver vector 0 delivery mode 0\n"
      "7@1000.004110:apic_report_irq_delivered coalescing 6\n"
      "7@1000.004200:apic_report_irq_delivered coalescing 6\n");
  ASSERT_EQ(raises.size(), 1U);
  EXPECT_TRUE(raises[0].coalesced);
}

TEST(ApicTrace, AResetCountStartsFromZero) {
  const auto raises = read(
      "7@1000.000000:apic_report_irq_delivered coalescing 9\n"
      "7@1000.000050:apic_reset_irq_delivered old coalescing 9\n"
      "7@1000.000100:apic_local_deliver vector 0 delivery mode 0\n"
      "7@1000.000110:apic_report_irq_delivered coalescing 1\n");
  ASSERT_EQ(raises.size(), 1U);
  EXPECT_FALSE(raises[0].coalesced);
}

TEST(ApicTrace, LinesOfAnyOtherShapeAreSkipped) {
  const auto raises = read(
      "qemu-system-x86_64: warning: something\n"
      "7@1000.0001:apic_local_deliver vector 0 delivery mode 0\n"  // not six digits of microseconds
      "apic_local_deliver vector 0 delivery mode 0\n"              // no stamp (-msg timestamp=off)
      "7@1000.000100:apic_local_deliver vector 0 delivery mode 0\n");
  ASSERT_EQ(raises.size(), 1U);
  EXPECT_EQ(raises[0].host_ns, 10'000'100'000);
}

TEST(ApicTrace, CountBetweenTakesTheWindowsEndsInclusively) {
  const std::vector<vmm::TimerRaise> raises{{100, false}, {200, true}, {300, true}, {400, false}};
  const LapicTimerCount count = count_between(raises, 200, 300);
  EXPECT_EQ(count.raised, 2);
  EXPECT_EQ(count.coalesced, 2);
  EXPECT_EQ(count_between(raises, 401, 500).raised, 0);
}

}  // namespace
}  // namespace vtick::realvm::qemu
