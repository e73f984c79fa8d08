// `vtick calibrate`'s VMM demand per engine, from synthetic inputs: /proc parsing, a
// window cut from thread samples, the per-tick / at-rest arithmetic (expectations computed
// by hand in the comments), the profile's engines section, and its round trip through the
// scenario parser for the engine a scenario models.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "calibration/engine_stage.hpp"
#include "calibration/thread_cpu.hpp"
#include "calibration/vmm_demand.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::calibration {
namespace {

TEST(ThreadCpuParsing, SchedstatFirstFieldIsRunNs) {
  EXPECT_EQ(schedstat_run_ns("664222210 1692235905 378\n"), 664222210);
  EXPECT_FALSE(schedstat_run_ns(""));
  EXPECT_FALSE(schedstat_run_ns("x 1 2"));
}

TEST(ThreadCpuParsing, StatUtimePlusStimeAfterTheCommandName) {
  // Fields 14 and 15 are 7 and 5; the name holds a space and a ")" of its own.
  const char* stat = "4242 (CPU 0/TCG) x) S 1 2 3 4 5 6 7 8 9 10 7 5 0 0 20 0 3 0";
  EXPECT_EQ(stat_cpu_ticks(stat), 12);
  EXPECT_FALSE(stat_cpu_ticks("4242 (short) S 1 2"));
}

TEST(ThreadCpuWindow, DifferencesByRoleBetweenBracketingSamples) {
  const std::vector<ThreadCpuSample> samples{
      {100, true, {{10, "qemu-system-x86", 1'000}, {11, "CPU 0/TCG", 5'000}}},
      {200, true, {{10, "qemu-system-x86", 1'400}, {11, "CPU 0/TCG", 5'900}, {12, "worker", 30}}},
      {300, true, {{10, "qemu-system-x86", 2'000}, {11, "CPU 0/TCG", 7'000}, {12, "worker", 50}}},
  };
  const auto role = [](const ThreadCpu& t) { return qemu_thread_role(10, t.tid, t.name); };
  // From 150 the sample at 100 is the last at or before; to 299 the one at 200.
  const auto w = window_cpu(samples, 150, 299, role);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->window_ns, 100);
  EXPECT_EQ(w->cpu_ns.at("main_loop"), 400);
  EXPECT_EQ(w->cpu_ns.at("vcpu"), 900);
  EXPECT_EQ(w->cpu_ns.at("other"), 30);  // born in the window: from zero
  EXPECT_FALSE(window_cpu(samples, 50, 299, role));   // nothing at or before 50
  EXPECT_FALSE(window_cpu(samples, 210, 220, role));  // one sample: no length
}

DemandRun run(double ticks_per_s, std::int64_t window_ns, std::int64_t vcpu_ns) {
  return DemandRun{ticks_per_s, window_ns, {{"vcpu", vcpu_ns}}};
}

TEST(VmmDemand, PerTickAndRestFromTwoRates) {
  // 100 Hz, 2 s window: 60 ms -> 30 ms/s. 1000 Hz, 4 s: 320 ms -> 80 ms/s.
  // per tick = (80e6 - 30e6) ns/s / 900 ticks/s = 55'555.6 -> 55'556 ns;
  // rest = 30e6 - 100 x 55'555.6 = 24'444'444 ns/s.
  const ThreadDemand d = thread_demand(run(100, 2'000'000'000, 60'000'000), run(1000, 4'000'000'000, 320'000'000), "vcpu");
  EXPECT_EQ(d.per_tick_ns, 55'556);
  EXPECT_EQ(d.rest_ns_per_s, 24'444'444);
  EXPECT_FALSE(d.per_tick_floored);
  EXPECT_FALSE(d.rest_floored);
}

TEST(VmmDemand, NegativeFiguresAreFlooredAndSaid) {
  // Less CPU at the higher rate: per tick 0, and the rest is the low run's rate, 30 ms/s.
  const ThreadDemand d = thread_demand(run(100, 1'000'000'000, 30'000'000), run(1000, 1'000'000'000, 20'000'000), "vcpu");
  EXPECT_EQ(d.per_tick_ns, 0);
  EXPECT_TRUE(d.per_tick_floored);
  EXPECT_EQ(d.rest_ns_per_s, 30'000'000);
  // 10 ms/s at 100 Hz, 1010 ms/s at 1000 Hz: 1'111'111 ns per tick, rest 10e6 - 111.1e6 < 0.
  const ThreadDemand e = thread_demand(run(100, 1'000'000'000, 10'000'000), run(1000, 1'000'000'000, 1'010'000'000), "vcpu");
  EXPECT_EQ(e.per_tick_ns, 1'111'111);
  EXPECT_TRUE(e.rest_floored);
  EXPECT_EQ(e.rest_ns_per_s, 0);
  EXPECT_THROW((void)thread_demand(run(1000, 1, 1), run(100, 1, 1), "vcpu"), std::invalid_argument);
  EXPECT_THROW((void)thread_demand(run(100, 0, 1), run(1000, 1, 1), "vcpu"), std::invalid_argument);
}

TEST(VmmDemand, MedianOverPairsAndMissingRolesCountAsNoCpu) {
  // Pairs with per-tick 10, 30, 20 us (1 s windows, 0 and 1000 ticks/s, rest 5 ms/s).
  std::vector<std::pair<DemandRun, DemandRun>> pairs;
  for (std::int64_t per_tick_us : {10, 30, 20}) {
    pairs.emplace_back(run(0, 1'000'000'000, 5'000'000), run(1000, 1'000'000'000, 5'000'000 + per_tick_us * 1'000'000));
  }
  pairs[0].second.cpu_ns["other"] = 2'000'000;  // only in one run: 0 in its partner
  const auto by_role = demand_by_role(pairs);
  const DemandFigure f = median_demand(by_role.at("vcpu"));
  EXPECT_EQ(f.per_tick_ns, 20'000);
  EXPECT_EQ(f.rest_ns_per_s, 5'000'000);
  EXPECT_EQ(by_role.at("other").per_tick_ns, (std::vector<std::int64_t>{2'000}));
  EXPECT_EQ(rest_share(5'000'000), 0.005);
  EXPECT_EQ(rest_share(24'444'444), 0.024444);
}

TEST(QemuThreadRole, MainThreadVcpuAndTheRest) {
  EXPECT_EQ(qemu_thread_role(10, 10, "qemu-system-x86"), "main_loop");
  EXPECT_EQ(qemu_thread_role(10, 11, "CPU 0/TCG"), "vcpu");
  EXPECT_EQ(qemu_thread_role(10, 12, "call_rcu"), "other");
}

EngineRun engine_run(DemandRun demand, std::optional<double> period_error_ppm = std::nullopt,
                     const std::string& untraced = "") {
  EngineRun run;
  run.demand = std::move(demand);
  run.timer_period_error_ppm = period_error_ppm;
  run.vcpu_wakeups_unavailable = untraced;
  return run;
}

EnginePairs tcg_pairs() {
  // vcpu: 100 Hz 30 ms/s, 1000 Hz 48 ms/s -> 20 us per tick, rest 28 ms/s.
  // main_loop: 100 Hz 3 ms/s, 1000 Hz 12 ms/s -> 10 us per tick, rest 2 ms/s.
  EngineRun lo = engine_run({100, 1'000'000'000, {{"vcpu", 30'000'000}, {"main_loop", 3'000'000}}});
  EngineRun hi = engine_run({1000, 1'000'000'000, {{"vcpu", 48'000'000}, {"main_loop", 12'000'000}}});
  return {{lo, hi}};
}

TEST(EngineStage, TcgFiguresBecomeTheEngineSection) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg, tcg_pairs(), stage);
  ASSERT_EQ(stage.engines.size(), 1u);
  const EngineProfile& e = stage.engines.front();
  EXPECT_EQ(e.vcpu_tick_cost->ns, 20'000);
  EXPECT_EQ(e.device_cost->ns, 10'000);
  EXPECT_EQ(*e.vcpu_rest_cpu, 0.028);
  EXPECT_EQ(*e.timer_rest_cpu, 0.002);
  EXPECT_EQ(stage.measured["qemu_tcg"]["by_role"]["vcpu"]["per_tick"]["p50_ns"], 20'000);
}

TEST(EngineStage, ProfileRoundTripsIntoTheScenarioOfThatEngine) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg, tcg_pairs(), stage);
  HostProfile profile;
  profile.device_cost = ProfileValue{18'000, "KVM's user PIT"};
  profile.engines = stage.engines;
  const auto dir = std::filesystem::temp_directory_path() / ("vtick-vmm-demand-" + std::to_string(::getpid()));
  write_profile(profile, (dir / "p.yaml").string());
  const std::string scenario = (dir / "s.yaml").string();
  const auto parse = [&](const std::string& yaml) { return sim::parse_scenario(yaml, scenario); };

  const sim::Scenario tcg = parse("host_profile: p.yaml\nvmm: {engine: qemu_tcg}\nrun: {duration: 1s}\n");
  EXPECT_EQ(tcg.vmm.device_cost_ns, 10'000);
  EXPECT_EQ(tcg.vmm.vcpu_tick_cost_ns, 20'000);
  EXPECT_EQ(tcg.vmm.vcpu_rest_cpu, 0.028);
  EXPECT_EQ(tcg.vmm.timer_rest_cpu, 0.002);
  // Another engine keeps the vmm section's figure; the scenario's own value wins over both.
  const sim::Scenario kvm = parse("host_profile: p.yaml\nrun: {duration: 1s}\n");
  EXPECT_EQ(kvm.vmm.device_cost_ns, 18'000);
  EXPECT_FALSE(kvm.vmm.vcpu_tick_cost_ns);
  const sim::Scenario own = parse("host_profile: p.yaml\nvmm: {engine: qemu_tcg, vcpu_tick_cost: 7us}\nrun: {duration: 1s}\n");
  EXPECT_EQ(own.vmm.vcpu_tick_cost_ns, 7'000);
  EXPECT_EQ(own.vmm.device_cost_ns, 10'000);
  // A cross-check of a trace QEMU recorded: the engine given from outside picks the section.
  const sim::Scenario moved = sim::parse_scenario("host_profile: p.yaml\nrun: {duration: 1s}\n", scenario,
                                                  sim::ParseOptions{sim::VmmEngine::qemu_tcg});
  EXPECT_EQ(moved.vmm.engine, sim::VmmEngine::qemu_tcg);
  EXPECT_EQ(moved.vmm.vcpu_tick_cost_ns, 20'000);
  std::filesystem::remove_all(dir);
}

// The wake-ups the callback runs traced: 150 tick wake-ups of 100 us and 50 of 500 us in
// each run (mean 200 us; p0 .. p75 0.5x the mean, p76 .. p100 2.5x), and 300 callback
// wake-ups of 1 ms in the busy one (a flat spread); "" if none were traced.
EnginePairs linux_callback_pairs(const std::string& untraced = "") {
  // Over 2 s windows: vcpu 4 callbacks/s 60 ms/s, 104 callbacks/s 150 ms/s -> (150 - 60)
  // ms/s / 100/s = 900 us per callback; main_loop 5 and 5.6 ms/s -> 6 us, reported only.
  EngineRun lo = engine_run({4, 2'000'000'000, {{"vcpu", 120'000'000}, {"main_loop", 10'000'000}}}, 6.5, untraced);
  EngineRun hi = engine_run({104, 2'000'000'000, {{"vcpu", 300'000'000}, {"main_loop", 11'200'000}}}, -26.75, untraced);
  if (untraced.empty()) {
    WakeupKinds ticks;
    ticks.tick_ns.assign(150, 100'000);
    ticks.tick_ns.insert(ticks.tick_ns.end(), 50, 500'000);
    lo.vcpu_wakeups = ticks;
    ticks.callback_ns.assign(300, 1'000'000);
    hi.vcpu_wakeups = ticks;
  }
  return {{lo, hi}};
}

TEST(EngineStage, TracedWakeUpsBecomeTheCostSpreads) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg_linux, tcg_pairs(), stage);
  record_linux_callbacks(linux_callback_pairs(), stage);
  const EngineProfile& e = stage.engines.front();
  ASSERT_EQ(e.vcpu_tick_cost_spread.size(), 101u);
  // 400 tick wake-ups pooled, 300 at 100 us and 100 at 500 us: nearest rank p75 is the
  // 300th (100 us), p76 the 304th (500 us); the interpolated mean is the 100 intervals'
  // midpoints' average, (75 x 100 + 300 + 24 x 500) / 100 = 198 us.
  EXPECT_NEAR(e.vcpu_tick_cost_spread[75], 100.0 / 198, 1e-4);
  EXPECT_NEAR(e.vcpu_tick_cost_spread[76], 500.0 / 198, 1e-4);
  EXPECT_EQ(e.vcpu_callback_cost_spread, std::vector<double>(101, 1.0));
  EXPECT_EQ(stage.measured["qemu_tcg_linux"]["vcpu_wakeups"]["tick"]["samples"], 400);
  EXPECT_TRUE(stage.unavailable.empty());

  // Written into a profile and read back by a scenario of that engine, in ppm.
  HostProfile profile;
  profile.engines = stage.engines;
  const auto dir = std::filesystem::temp_directory_path() / ("vtick-spread-" + std::to_string(::getpid()));
  write_profile(profile, (dir / "p.yaml").string());
  const sim::Scenario s = sim::parse_scenario("host_profile: p.yaml\nvmm: {engine: qemu_tcg_linux}\nrun: {duration: 1s}\n",
                                              (dir / "s.yaml").string());
  ASSERT_EQ(s.vmm.vcpu_tick_cost_spread_ppm.size(), 101u);
  EXPECT_EQ(s.vmm.vcpu_tick_cost_spread_ppm[76], 2'525'300);  // 500 / 198 = 2.52525.. written as 2.5253
  EXPECT_EQ(s.vmm.vcpu_callback_cost_spread_ppm.front(), 1'000'000);
  std::filesystem::remove_all(dir);
}

TEST(EngineStage, UntracedOrTooFewWakeUpsWriteNoSpreadAndSayWhy) {
  EngineStage untraced;
  record_engine(sim::VmmEngine::qemu_tcg_linux, tcg_pairs(), untraced);
  record_linux_callbacks(linux_callback_pairs("tracefs is not mounted"), untraced);
  EXPECT_TRUE(untraced.engines.front().vcpu_tick_cost_spread.empty());
  ASSERT_EQ(untraced.unavailable.size(), 1u);
  EXPECT_NE(untraced.unavailable.front().find("not measured: tracefs is not mounted"), std::string::npos);

  EngineStage few;
  record_engine(sim::VmmEngine::qemu_tcg_linux, tcg_pairs(), few);
  auto pairs = linux_callback_pairs();
  pairs.front().second.vcpu_wakeups->callback_ns.resize(150);  // below the 200 a spread needs
  record_linux_callbacks(pairs, few);
  EXPECT_FALSE(few.engines.front().vcpu_tick_cost_spread.empty());
  EXPECT_TRUE(few.engines.front().vcpu_callback_cost_spread.empty());
  ASSERT_EQ(few.unavailable.size(), 1u);
  EXPECT_NE(few.unavailable.front().find("150 callback wake-ups traced, fewer than 200"), std::string::npos);
}

TEST(EngineStage, LinuxCallbackFigureBecomesTheVcpuCallbackCost) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg_linux, tcg_pairs(), stage);
  record_linux_callbacks(linux_callback_pairs(), stage);
  ASSERT_EQ(stage.engines.size(), 1u);
  const EngineProfile& e = stage.engines.front();
  EXPECT_EQ(e.vcpu_callback_cost->ns, 900'000);
  EXPECT_EQ(e.vcpu_tick_cost->ns, 20'000);  // the tick pairs' figure is untouched
  EXPECT_EQ(stage.measured["qemu_tcg_linux"]["callbacks"]["by_role"]["main_loop"]["per_tick"]["p50_ns"], 6'000);
  EXPECT_TRUE(stage.derived.contains("qemu_tcg_linux.callbacks"));

  // Applied to a scenario of that engine only; written by the profile writer.
  HostProfile profile;
  profile.engines = stage.engines;
  const auto dir = std::filesystem::temp_directory_path() / ("vtick-callback-cost-" + std::to_string(::getpid()));
  write_profile(profile, (dir / "p.yaml").string());
  const auto parse = [&](const std::string& yaml) { return sim::parse_scenario(yaml, (dir / "s.yaml").string()); };
  const sim::Scenario linux_guest = parse("host_profile: p.yaml\nvmm: {engine: qemu_tcg_linux}\nrun: {duration: 1s}\n");
  EXPECT_EQ(linux_guest.vmm.vcpu_callback_cost_ns, 900'000);
  // Each boot's LAPIC period error, sorted: the quantiles of the distribution runs draw from.
  EXPECT_EQ(e.timer_period_error_ppm, (std::vector<double>{-26.75, 6.5}));
  EXPECT_EQ(linux_guest.vmm.timer_period_error_ppb, (std::vector<std::int64_t>{-26'750, 6'500}));
  EXPECT_FALSE(parse("host_profile: p.yaml\nvmm: {engine: qemu_tcg}\nrun: {duration: 1s}\n").vmm.vcpu_callback_cost_ns);
  std::filesystem::remove_all(dir);
}

// The sample pairs: over 2 s windows, vcpu 2 samples/s 70 ms/s and 82 samples/s 190 ms/s
// -> (190 - 70) ms/s / 80/s = 1.5 ms per sample; the busy run traced 250 sample wake-ups,
// 200 of 1 ms and 50 of 3 ms (mean 1.4 ms), and 400 tick wake-ups, which are the callback
// pairs' to measure, not these.
EnginePairs linux_sample_pairs(const std::string& untraced = "") {
  EngineRun lo = engine_run({2, 2'000'000'000, {{"vcpu", 140'000'000}, {"main_loop", 10'000'000}}}, -3.5, untraced);
  EngineRun hi = engine_run({82, 2'000'000'000, {{"vcpu", 380'000'000}, {"main_loop", 11'000'000}}}, 850.25, untraced);
  if (untraced.empty()) {
    WakeupKinds kinds;
    lo.vcpu_wakeups = kinds;
    kinds.sample_ns.assign(200, 1'000'000);
    kinds.sample_ns.insert(kinds.sample_ns.end(), 50, 3'000'000);
    kinds.tick_ns.assign(400, 100'000);
    kinds.dropped = 3;
    hi.vcpu_wakeups = kinds;
  }
  return {{lo, hi}};
}

TEST(EngineStage, LinuxSampleFigureAndWakeUpsBecomeTheVcpuSampleCost) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg_linux, tcg_pairs(), stage);
  record_linux_callbacks(linux_callback_pairs(), stage);
  record_linux_samples(linux_sample_pairs(), stage);
  const EngineProfile& e = stage.engines.front();
  EXPECT_EQ(e.vcpu_sample_cost->ns, 1'500'000);
  EXPECT_EQ(e.vcpu_callback_cost->ns, 900'000);  // the callback pairs' figure is untouched
  // Nearest rank p80 is the 200th wake-up (1 ms), p81 the 203rd (3 ms); interpolated mean
  // (80 x 1 + 2 + 19 x 3) / 100 = 1.39 ms.
  ASSERT_EQ(e.vcpu_sample_cost_spread.size(), 101u);
  EXPECT_NEAR(e.vcpu_sample_cost_spread[80], 1.0 / 1.39, 1e-4);
  EXPECT_NEAR(e.vcpu_sample_cost_spread[81], 3.0 / 1.39, 1e-4);
  // The tick spread stays the callback pairs' (400 wake-ups there, 100 us and 500 us).
  EXPECT_NEAR(e.vcpu_tick_cost_spread[76], 500.0 / 198, 1e-4);
  const auto& wakeups = stage.measured["qemu_tcg_linux"]["vcpu_wakeups"];
  EXPECT_EQ(wakeups["sample"]["samples"], 250);
  EXPECT_EQ(wakeups["tick"]["samples"], 400);
  EXPECT_EQ(wakeups["dropped_no_switch_in"], 3);
  EXPECT_EQ(stage.measured["qemu_tcg_linux"]["samples"]["by_role"]["vcpu"]["per_tick"]["p50_ns"], 1'500'000);
  EXPECT_TRUE(stage.derived.contains("qemu_tcg_linux.samples"));
  // Every boot's LAPIC period, the sample pairs' too.
  EXPECT_EQ(e.timer_period_error_ppm, (std::vector<double>{-26.75, -3.5, 6.5, 850.25}));
  EXPECT_TRUE(stage.unavailable.empty());

  // Written into a profile and read back by a scenario of that engine.
  HostProfile profile;
  profile.engines = stage.engines;
  const auto dir = std::filesystem::temp_directory_path() / ("vtick-sample-cost-" + std::to_string(::getpid()));
  write_profile(profile, (dir / "p.yaml").string());
  const sim::Scenario s = sim::parse_scenario("host_profile: p.yaml\nvmm: {engine: qemu_tcg_linux}\nrun: {duration: 1s}\n",
                                              (dir / "s.yaml").string());
  EXPECT_EQ(s.vmm.vcpu_sample_cost_ns, 1'500'000);
  ASSERT_EQ(s.vmm.vcpu_sample_cost_spread_ppm.size(), 101u);
  EXPECT_EQ(s.vmm.vcpu_sample_cost_spread_ppm[81], 2'158'300);  // 3 / 1.39 = 2.15827.. written as 2.1583
  std::filesystem::remove_all(dir);
}

TEST(EngineStage, UntracedSamplePairsWriteTheCostButNoSpread) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg_linux, tcg_pairs(), stage);
  record_linux_samples(linux_sample_pairs("tracefs is not mounted"), stage);
  EXPECT_EQ(stage.engines.front().vcpu_sample_cost->ns, 1'500'000);
  EXPECT_TRUE(stage.engines.front().vcpu_sample_cost_spread.empty());
  ASSERT_EQ(stage.unavailable.size(), 1u);
  EXPECT_EQ(stage.unavailable.front(), "engines.qemu_tcg_linux.vcpu_sample_cost_spread: not measured: tracefs is not mounted");
}

TEST(EngineStage, TheProbesOwnWorkLeavesTheVcpuRest) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg_linux, tcg_pairs(), stage);
  discount_probe_from_rest(2, stage);  // nothing priced yet: nothing taken
  EXPECT_EQ(*stage.engines.front().vcpu_rest_cpu, 0.028);
  record_linux_callbacks(linux_callback_pairs(), stage);
  record_linux_samples(linux_sample_pairs(), stage);
  // 28 ms/s at rest less 2 callbacks (900 us) and 2 samples (1.5 ms) a second: 23.2 ms/s.
  discount_probe_from_rest(2, stage);
  EXPECT_EQ(*stage.engines.front().vcpu_rest_cpu, 0.0232);
  const auto& recorded = stage.measured["qemu_tcg_linux"]["vcpu_rest_less_probe"];
  EXPECT_EQ(recorded["measured_ns_per_s"], 28'000'000);
  EXPECT_EQ(recorded["probe_ns_per_s"], 4'800'000);
  EXPECT_EQ(recorded["floored_at_0"], false);
  EXPECT_TRUE(stage.derived.contains("qemu_tcg_linux.vcpu_rest_cpu"));

  // More probe work than rest: none left, and the record says it was floored.
  discount_probe_from_rest(20, stage);
  EXPECT_EQ(*stage.engines.front().vcpu_rest_cpu, 0.0);
  EXPECT_EQ(stage.measured["qemu_tcg_linux"]["vcpu_rest_less_probe"]["floored_at_0"], true);
}

TEST(EngineStage, LinuxCallbacksWithoutTheEnginesTickFiguresWriteNothing) {
  EngineStage stage;
  record_engine(sim::VmmEngine::qemu_tcg, tcg_pairs(), stage);
  record_linux_callbacks(linux_callback_pairs(), stage);
  record_linux_samples(linux_sample_pairs(), stage);
  EXPECT_FALSE(stage.engines.front().vcpu_callback_cost);
  EXPECT_FALSE(stage.engines.front().vcpu_sample_cost);
  EXPECT_FALSE(stage.measured.contains("qemu_tcg_linux"));
}

}  // namespace
}  // namespace vtick::calibration
