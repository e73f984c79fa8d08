// The VMM's threads are charged what their engine spends (vmm.engine): under TCG the vCPU
// thread pays vcpu_tick_cost per tick (the guest's handler in translation) and 1 ns for each
// of inject, EOI and HLT (no VM exits); the timer thread pays device_cost per wake-up; the
// at-rest shares accrue with host time. Expectations by hand from the scenario below.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

using sim::kNsPerUs;

// 100 Hz for 1 s, no load, no guest timers, no wake-up latency, no timer slack: every tick
// is delivered and handled alone, the timer thread waking exactly on the 10 ms grid. The
// tick due at 1 s, the run's end, is handled after it: 99 ticks (10 ms .. 990 ms).
sim::Scenario tcg(const std::string& extra_vmm = "") {
  return sim::parse_scenario("vmm: {engine: qemu_tcg, lost_tick_policy: discard, timer_slack: 0ns, device_cost: 7us, vcpu_tick_cost: 50us" +
                                 extra_vmm + "}\nguest: {hz: 100}\nrun: {duration: 1s}\n",
                             "t.yaml");
}

std::int64_t cost(const nlohmann::ordered_json& s, const char* field) { return s["cost"][field].get<std::int64_t>(); }

TEST(EngineCost, TcgChargesThePerTickCostToTheVcpuThread) {
  const auto s = run(tcg()).summary;
  const auto ticks = s["ticks"]["delivered"].get<std::int64_t>();
  EXPECT_EQ(ticks, 99);
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
  // 99 wake-ups (10 ms .. 990 ms) at 7 us each.
  EXPECT_EQ(cost(plain, "timer_thread_cpu_ns"), 99 * 7'000);
  // 2 % at rest, paid up to the last wake-up at exactly 990 ms: 0.02 x 990 ms = 19.8 ms.
  const auto rested = run(tcg(", timer_rest_cpu: 0.02")).summary;
  EXPECT_EQ(cost(rested, "timer_thread_cpu_ns"), 99 * 7'000 + 19'800'000);
}

TEST(EngineCost, VcpuRestShareAccruesWithHostTime) {
  const auto plain = run(tcg()).summary;
  const auto rested = run(tcg(", vcpu_rest_cpu: 0.05")).summary;
  // Paid at each tick's injection, up to the last one just after 990 ms (the timer thread's
  // 7 us, two context switches and 1 ns later: under 20 us): 5 % of 990 ms = 49.5 ms, plus
  // under 1 us.
  const auto extra = cost(rested, "vcpu_thread_cpu_ns") - cost(plain, "vcpu_thread_cpu_ns");
  EXPECT_GE(extra, 49'500'000);
  EXPECT_LE(extra, 49'500'000 + 1'000);
}

// A guest timer every 50 ms (20 callbacks in 1 s: 50 ms .. 1 s, the last one's callback
// after the run's end), each run right after its tick's handler.
sim::Scenario tcg_with_timer(const std::string& extra_vmm) {
  return sim::parse_scenario("vmm: {engine: qemu_tcg, lost_tick_policy: discard, timer_slack: 0ns, device_cost: 7us, vcpu_tick_cost: 50us" +
                                 extra_vmm + "}\nguest: {hz: 100, timer_callback_cost: 3us, workloads: [{name: w, kind: periodic_timer, period: 50ms}]}\nrun: {duration: 1s}\n",
                             "t.yaml");
}

TEST(EngineCost, VcpuCallbackCostReplacesTheGuestsCallbackCost) {
  const auto guest_cost = run(tcg_with_timer("")).summary;
  const auto engine_cost = run(tcg_with_timer(", vcpu_callback_cost: 800us")).summary;
  const auto callbacks = engine_cost["timers"]["w"]["count"].get<std::int64_t>();
  EXPECT_EQ(callbacks, guest_cost["timers"]["w"]["count"].get<std::int64_t>());
  EXPECT_GE(callbacks, 19);
  // The same ticks in both runs (800 us of callback fits in a 10 ms period): each callback
  // costs the vCPU thread 800 us instead of 3 us.
  EXPECT_EQ(engine_cost["ticks"]["delivered"], guest_cost["ticks"]["delivered"]);
  EXPECT_EQ(cost(engine_cost, "vcpu_thread_cpu_ns") - cost(guest_cost, "vcpu_thread_cpu_ns"), callbacks * (800'000 - 3'000));
}

// The same timer with the clock sampled by a guest timer every 100 ms (run.sampling
// guest_timer: 10 samples, 100 ms .. 1 s, the last after the run's end: 9 inside it).
sim::Scenario tcg_sampled(const std::string& extra_vmm) {
  auto s = tcg_with_timer(extra_vmm);
  s.run.sampling = sim::Sampling::GuestTimer;
  s.run.sample_interval_ns = 100 * sim::kNsPerMs;
  return s;
}

// series.csv's rows less its header: one per sample taken.
std::int64_t samples_of(const sim::runner::RunResult& r) {
  const std::string text = text_of(r.series);
  return static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) - 1;
}

TEST(EngineCost, VcpuSampleCostPricesTheSamplerApartFromCallbacks) {
  const auto as_callbacks_run = run(tcg_sampled(", vcpu_callback_cost: 800us"));
  const auto priced_run = run(tcg_sampled(", vcpu_callback_cost: 800us, vcpu_sample_cost: 2ms"));
  const auto& as_callbacks = as_callbacks_run.summary;
  const auto& priced = priced_run.summary;
  const auto samples = samples_of(priced_run);
  EXPECT_EQ(samples, samples_of(as_callbacks_run));
  EXPECT_GE(samples, 9);
  // Workload callbacks cost 800 us in both runs; each sample 2 ms instead of 800 us.
  EXPECT_EQ(priced["timers"]["w"]["count"], as_callbacks["timers"]["w"]["count"]);
  EXPECT_EQ(priced["ticks"]["delivered"], as_callbacks["ticks"]["delivered"]);
  EXPECT_EQ(cost(priced, "vcpu_thread_cpu_ns") - cost(as_callbacks, "vcpu_thread_cpu_ns"), samples * (2'000'000 - 800'000));
}

TEST(EngineCost, VcpuSampleCostSpreadDrawsOnItsOwnStream) {
  const std::string callbacks = ", vcpu_callback_cost: 800us, vcpu_callback_cost_spread: {quantiles: [0, 2]}";
  const auto plain = run(tcg_sampled(callbacks + ", vcpu_sample_cost: 2ms")).summary;
  const auto spread = run(tcg_sampled(callbacks + ", vcpu_sample_cost: 2ms, vcpu_sample_cost_spread: {quantiles: [0, 2]}")).summary;
  // The callbacks draw the same costs in both runs; only the samples' differ.
  EXPECT_NE(cost(spread, "vcpu_thread_cpu_ns"), cost(plain, "vcpu_thread_cpu_ns"));
  EXPECT_EQ(spread["timers"]["w"]["count"], plain["timers"]["w"]["count"]);
}

// vcpu_tick_cost_spread and vcpu_callback_cost_spread: every handler and callback step
// draws its own cost around the mean. [0.5, 1.5] is uniform with mean 1: 99 ticks then cost
// 99 x 50 us within a few per cent (sd of the sum 99^0.5 x 14.4 us = 144 us, 3 % of it is
// 150 us), never all alike; a run without them draws nothing and costs what it did.
TEST(EngineCost, SpreadsVaryEachStepAroundItsMean) {
  const auto plain = run(tcg()).summary;
  const auto spread = run(tcg(", vcpu_tick_cost_spread: {quantiles: [0.5, 1.5]}")).summary;
  const auto ticks = spread["ticks"]["delivered"].get<std::int64_t>();
  EXPECT_EQ(ticks, 99);
  const auto handler_cpu = cost(spread, "vcpu_thread_cpu_ns") - ticks * 3;  // less inject, EOI, HLT
  EXPECT_NE(handler_cpu, ticks * 50'000);
  EXPECT_NEAR(static_cast<double>(handler_cpu), ticks * 50'000.0, 150'000.0);
  EXPECT_EQ(cost(plain, "vcpu_thread_cpu_ns"), ticks * 50'003);

  const auto with_callbacks = run(tcg_with_timer(", vcpu_callback_cost: 800us")).summary;
  const auto spread_callbacks =
      run(tcg_with_timer(", vcpu_callback_cost: 800us, vcpu_callback_cost_spread: {quantiles: [0, 2]}")).summary;
  EXPECT_NE(cost(spread_callbacks, "vcpu_thread_cpu_ns"), cost(with_callbacks, "vcpu_thread_cpu_ns"));
}

TEST(EngineCost, SameScenarioSameSeedSameSummary) {
  const std::string costs = ", vcpu_rest_cpu: 0.05, timer_rest_cpu: 0.01, vcpu_tick_cost_spread: {quantiles: [0, 2]}";
  auto first = run(tcg(costs)).summary;
  auto second = run(tcg(costs)).summary;
  first["sim"].erase("wall_ns");
  second["sim"].erase("wall_ns");
  EXPECT_EQ(first.dump(), second.dump());
}

}  // namespace
}  // namespace vtick::testing
