// The VMM's threads are charged what their engine spends (vmm.engine): under TCG the vCPU
// thread pays vcpu_tick_cost per tick (the guest's handler in translation) and 1 ns for each
// of inject, EOI and HLT (no VM exits); the timer thread pays device_cost per wake-up; the
// at-rest shares accrue with host time. Expectations by hand from the scenario below.
#include <gtest/gtest.h>

#include <string>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

using sim::kNsPerMs;
using sim::kNsPerSec;
using sim::kNsPerUs;

// 100 Hz for 1 s, no load, no guest timers, no wake-up latency: every tick is delivered
// and handled alone.
sim::Scenario tcg(const std::string& extra_vmm = "") {
  return sim::parse_scenario("vmm: {engine: qemu_tcg, lost_tick_policy: discard, device_cost: 7us, vcpu_tick_cost: 50us" +
                                 extra_vmm + "}\nguest: {hz: 100}\nrun: {duration: 1s}\n",
                             "t.yaml");
}

std::int64_t cost(const nlohmann::ordered_json& s, const char* field) { return s["cost"][field].get<std::int64_t>(); }

TEST(EngineCost, TcgChargesThePerTickCostToTheVcpuThread) {
  const auto s = run(tcg()).summary;
  const auto ticks = s["ticks"]["delivered"].get<std::int64_t>();
  EXPECT_EQ(ticks, 100);  // 10 ms .. 1 s; the last one handled before the end? see below
  // Per tick: inject 1 ns + handler 50'000 ns + EOI 1 ns + HLT 1 ns = 50'003 ns.
  EXPECT_EQ(cost(s, "vcpu_thread_cpu_ns"), ticks * 50'003);
  EXPECT_EQ(s["cost"]["engine"], "qemu_tcg");
}

TEST(EngineCost, KvmChargesExitsAndInjectionInstead) {
  auto scenario = tcg();
  scenario.vmm.engine = sim::VmmEngine::kvm;
  scenario.vmm.vm_exit_ns = 4 * kNsPerUs;
  scenario.vmm.inject_ns = 9 * kNsPerUs;
  const auto s = run(scenario).summary;
  const auto ticks = s["ticks"]["delivered"].get<std::int64_t>();
  // inject 9 us + handler 50 us + EOI exit 4 us + HLT exit 4 us = 67 us per tick.
  EXPECT_EQ(cost(s, "vcpu_thread_cpu_ns"), ticks * 67'000);
}

TEST(EngineCost, TimerThreadPaysDeviceCostPerWakeUpPlusItsRestShare) {
  const auto plain = run(tcg()).summary;
  // 100 wake-ups (10 ms .. 1 s) at 7 us each.
  EXPECT_EQ(cost(plain, "timer_thread_cpu_ns"), 100 * 7'000);
  // 2 % at rest: by the last wake-up at ~1 s (plus slack) round(0.02 x t) more, t within
  // [1 s, 1 s + 50 us slack]: 20 ms, to the microsecond.
  const auto rested = run(tcg(", timer_rest_cpu: 0.02")).summary;
  const auto extra = cost(rested, "timer_thread_cpu_ns") - 100 * 7'000;
  EXPECT_GE(extra, 20 * kNsPerMs);
  EXPECT_LE(extra, 20 * kNsPerMs + 1'000);
}

TEST(EngineCost, VcpuRestShareAccruesWithHostTime) {
  const auto plain = run(tcg()).summary;
  const auto rested = run(tcg(", vcpu_rest_cpu: 0.05")).summary;
  // Paid at each tick's injection up to the last one at ~1 s: 5 % of it, 50 ms, within the
  // last tick's wake-up and injection (under 100 us of host time, 5 us of share).
  const auto extra = cost(rested, "vcpu_thread_cpu_ns") - cost(plain, "vcpu_thread_cpu_ns");
  EXPECT_GE(extra, 50 * kNsPerMs);
  EXPECT_LE(extra, 50 * kNsPerMs + 5'000);
}

TEST(EngineCost, SameScenarioSameSeedSameSummary) {
  auto first = run(tcg(", vcpu_rest_cpu: 0.05, timer_rest_cpu: 0.01")).summary;
  auto second = run(tcg(", vcpu_rest_cpu: 0.05, timer_rest_cpu: 0.01")).summary;
  first["sim"].erase("wall_ns");
  second["sim"].erase("wall_ns");
  EXPECT_EQ(first.dump(), second.dump());
}

}  // namespace
}  // namespace vtick::testing
