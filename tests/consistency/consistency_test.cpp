// The checker and the simulator agree: for each proved bound, 100 seeded simulator runs under
// host loads that satisfy the bound's assumption never exceed it, and the scenario made from
// the counterexample one below the tight bound reaches within 1 % of it (and so breaks it).
// Each property here is stated with the simulator's own costs, so the model and the
// simulation describe the same system; the comments say which cost goes where.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <algorithm>
#include <iostream>
#include <numeric>
#include <vector>
#include <random>
#include <string>

#include "checker/counterexample_scenario.hpp"
#include "checker/model_catalog.hpp"
#include "protocols/pvclock/pvclock_clock.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick {
namespace {

using checker::Outcome;
using checker::Property;

constexpr int kRuns = 100;

std::string ns(std::int64_t v) { return std::to_string(v) + "ns"; }

nlohmann::ordered_json simulate(const std::string& yaml, std::uint64_t seed = 1) {
  const auto scenario = sim::parse_scenario(yaml, "consistency.yaml");
  sim::runner::RunOptions options;
  options.seed = seed;
  return sim::runner::run_scenario(scenario, options).summary;
}

Property symbolic(const std::string& model, std::map<std::string, std::int64_t> params, std::int64_t claim) {
  Property p;
  p.file = "consistency";
  p.name = model;
  p.model = model;
  p.params = std::move(params);
  p.claim_max = claim;
  p.depth = 4;
  return p;
}

/// The tight bound's counterexample (at bound - 1) replayed in the simulator.
nlohmann::ordered_json replay_below_tight_bound(const Property& p, std::int64_t bound) {
  const auto tight = checker::tightest_bound(p, bound / 2, 2 * bound);
  EXPECT_EQ(tight.outcome, Outcome::Proved);
  EXPECT_EQ(tight.bound, bound);
  EXPECT_EQ(tight.below.outcome, Outcome::Violated);
  Property below = p;
  below.claim_max = bound - 1;
  const auto scenario = checker::counterexample_scenario(below, tight.below);
  EXPECT_FALSE(scenario.yaml.empty()) << scenario.why_none;
  return simulate(scenario.yaml);
}

// --- outsourcing: lateness <= slack + max deschedule + injection -------------------------

// The simulator's delivery work with its default costs (see simulated_delivery_work_ns).
std::int64_t delivery_work_ns() { return checker::simulated_delivery_work_ns(sim::Scenario{}); }

constexpr std::int64_t kSlack = 50'000;
constexpr std::int64_t kMaxDeschedule = 6'000'000;

std::string outsourcing_scenario(std::mt19937_64& rng) {
  auto pick = [&rng](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  // A SCHED_FIFO task holds the vCPU's only CPU for at most kMaxDeschedule at a time; the
  // context switch into it is part of the deschedule.
  const std::int64_t run = pick(500'000, kMaxDeschedule - sim::SchedulerSpec{}.context_switch_ns);
  const std::int64_t period = pick(run + 1'000'000, 40'000'000);
  const int hz = std::array{100, 250, 1000}[pick(0, 2)];
  return "name: outsourcing-consistency\nhost: {cpus: 1}\nload:\n"
         "  - {name: adversary, kind: duty, policy: fifo, rt_priority: 50, run: " + ns(run) + ", period: " +
         ns(period) + ", phase: " + ns(pick(0, period - 1)) + "}\n"
         "vmm: {outsourcing_module: host_kernel, outsourcing_slack: " + ns(kSlack) + "}\n"
         "guest:\n  hz: " + std::to_string(hz) + "\n  clocksource: pvclock\n  timers: outsourced\n"
         "  workloads: [{name: timer, kind: periodic_timer, period: " + ns(pick(1'000'000, 50'000'000)) + "}]\n"
         "run: {duration: 2s}\n";
}

TEST(Consistency, OutsourcedTimersStayWithinTheProvedLatenessBound) {
  const std::int64_t bound = kSlack + kMaxDeschedule + delivery_work_ns();
  const auto property = symbolic(
      "outsourcing_lateness", {{"slack", kSlack}, {"max_deschedule", kMaxDeschedule}, {"injection", delivery_work_ns()}},
      bound);
  ASSERT_EQ(checker::check(property).outcome, Outcome::Proved);
  std::mt19937_64 rng(2026);
  std::int64_t worst = 0;
  for (int run = 0; run < kRuns; ++run) {
    const auto yaml = outsourcing_scenario(rng);
    const auto summary = simulate(yaml, static_cast<std::uint64_t>(run + 1));
    const std::int64_t late = summary["timers"]["timer"]["lateness_ns"]["max"].get<std::int64_t>();
    ASSERT_LE(late, bound) << yaml;
    worst = std::max(worst, late);
  }
  std::cout << "outsourcing: proved " << bound << " ns, worst of " << kRuns << " runs " << worst << " ns\n";
}

TEST(Consistency, OutsourcingCounterexampleReachesTheTightBound) {
  const std::int64_t bound = kSlack + kMaxDeschedule + delivery_work_ns();
  const auto property = symbolic(
      "outsourcing_lateness", {{"slack", kSlack}, {"max_deschedule", kMaxDeschedule}, {"injection", delivery_work_ns()}},
      bound);
  const auto summary = replay_below_tight_bound(property, bound);
  const std::int64_t late = summary["timers"]["timer"]["lateness_ns"]["max"].get<std::int64_t>();
  std::cout << "outsourcing: tight bound " << bound << " ns, counterexample replay " << late << " ns\n";
  EXPECT_GE(late, bound - bound / 100);
  EXPECT_LE(late, bound);  // the replay's load satisfies the assumption too
}

// --- pvclock: |guest - host| <= rate error x interval + rounding ---------------------------

// The simulator's kvmclock arithmetic is bit-exact, so its rounding allowance (mul/shift
// quantisation and truncation, protocols/pvclock/pvclock_clock.hpp) is the model's
// `rounding` term and the rest of error_bound_ns is the drift.
struct PvclockCase {
  double tsc_ppm;
  std::int64_t interval_ns;
};

Property pvclock_property(const PvclockCase& c, std::int64_t& bound) {
  const models::host::TscModel tsc{models::host::TscModel::kDefaultNominalHz, c.tsc_ppm};
  bound = protocols::pvclock::error_bound_ns(tsc, tsc.nominal_hz, c.interval_ns);
  const auto rate_ppb = static_cast<std::int64_t>(std::llround(std::abs(c.tsc_ppm) * 1000));
  const std::int64_t drift = rate_ppb * c.interval_ns / 1'000'000'000;
  return symbolic("pvclock_bound", {{"interval", c.interval_ns}, {"rate_error_ppb", rate_ppb}, {"rounding", bound - drift}},
                  bound);
}

std::string pvclock_scenario(const PvclockCase& c) {
  return "name: pvclock-consistency\nhost: {cpus: 2, tsc_ppm: " + std::to_string(c.tsc_ppm) + "}\n"
         "load: [{name: cc1, kind: cpu_hog, count: 4}]\n"
         "vmm: {pvclock_update_interval: " + ns(c.interval_ns) + "}\n"
         "guest: {clocksource: pvclock, workloads: [{name: build, kind: busy}]}\n"
         "run: {duration: " + ns(3 * c.interval_ns) + ", sample_interval: " + ns(c.interval_ns / 500) + "}\n";
}

TEST(Consistency, PvclockErrorStaysWithinTheProvedBound) {
  std::mt19937_64 rng(2027);
  for (int run = 0; run < kRuns; ++run) {
    const PvclockCase c{std::uniform_int_distribution<int>(-200, 200)(rng) / 2.0,
                        std::uniform_int_distribution<std::int64_t>(10, 200)(rng) * 10'000'000};
    std::int64_t bound = 0;
    ASSERT_EQ(checker::check(pvclock_property(c, bound)).outcome, Outcome::Proved);
    const auto summary = simulate(pvclock_scenario(c), static_cast<std::uint64_t>(run + 1));
    ASSERT_LE(summary["clock"]["max_abs_offset_ns"].get<std::int64_t>(), bound) << pvclock_scenario(c);
  }
}

TEST(Consistency, PvclockCounterexampleReachesTheTightBound) {
  std::int64_t bound = 0;
  const auto property = pvclock_property({50.0, 1'000'000'000}, bound);
  const auto summary = replay_below_tight_bound(property, bound);
  const std::int64_t error = summary["clock"]["max_abs_offset_ns"].get<std::int64_t>();
  std::cout << "pvclock: tight bound " << bound << " ns, counterexample replay " << error << " ns\n";
  EXPECT_GE(error, bound - bound / 100);
  EXPECT_LE(error, bound);
}

// --- delay: backlog <= B when the vCPU's share covers the re-injection demand -------------

// checker/properties/delay-backlog-bounded.yaml: HZ = 250, the vCPU runs in at least 2 of
// the 4 periods of every 16 ms window and acknowledges up to 2 ticks in each. The
// simulator's ticks.backlog_max counts the tick that just fell due, the model's backlog does
// not (it is the count after the period's service): the model's B is the simulator's B + 1.
constexpr std::int64_t kPeriod = 4'000'000, kWindow = 16'000'000, kShare = 8'000'000, kService = 2;

Property delay_property(std::int64_t claim) {
  auto p = symbolic("delay_backlog", {{"period", kPeriod}, {"window", kWindow}, {"share", kShare},
                                      {"service_per_period", kService}}, claim);
  p.depth = 8;
  return p;
}

// A random schedule meeting the assumption: over a random number of windows, SCHED_FIFO
// tasks black out a random 2 of the 4 periods of each window. A tick costs the vCPU thread
// 90 % of P / s, so a running period serves at least s ticks despite the thread's other
// work (timer thread, HLT exits, context switches) - serving more only lowers the backlog.
std::string delay_scenario(std::mt19937_64& rng) {
  const std::int64_t periods = kWindow / kPeriod;
  const std::int64_t windows = std::uniform_int_distribution<std::int64_t>(1, 4)(rng);
  std::string load;
  for (std::int64_t w = 0; w < windows; ++w) {
    std::vector<std::int64_t> slots(static_cast<std::size_t>(periods));
    std::iota(slots.begin(), slots.end(), 0);
    std::shuffle(slots.begin(), slots.end(), rng);
    for (std::int64_t k = 0; k < periods - kShare / kPeriod; ++k) {
      load += "  - {name: blackout" + std::to_string(w) + "_" + std::to_string(k) +
              ", kind: duty, policy: fifo, rt_priority: 50, run: " + ns(kPeriod) + ", period: " +
              ns(windows * kWindow) + ", phase: " + ns(w * kWindow + slots[k] * kPeriod) + "}\n";
    }
  }
  const sim::VmmSpec vmm;
  const std::int64_t tick_cost = kPeriod / kService * 9 / 10 - vmm.inject_ns - vmm.vm_exit_ns;
  return "name: delay-consistency\nhost: {cpus: 1}\nload:\n" + load +
         "vmm: {timer_device: pit, lost_tick_policy: delay}\n"
         "guest: {hz: 250, tick_cost: " + ns(tick_cost) + "}\n"
         "run: {duration: 2s}\n";
}

TEST(Consistency, DelayBacklogStaysWithinTheProvedBound) {
  constexpr std::int64_t kBound = 4;
  ASSERT_EQ(checker::check(delay_property(kBound)).outcome, Outcome::Proved);
  std::mt19937_64 rng(2028);
  std::int64_t worst = 0;
  for (int run = 0; run < kRuns; ++run) {
    const auto yaml = delay_scenario(rng);
    const auto summary = simulate(yaml, static_cast<std::uint64_t>(run + 1));
    const std::int64_t backlog = summary["ticks"]["backlog_max"].get<std::int64_t>();
    ASSERT_LE(backlog, kBound + 1) << yaml;
    worst = std::max(worst, backlog);
  }
  std::cout << "delay: proved backlog <= " << kBound << " (+1 as the simulator counts), worst of " << kRuns << " runs " << worst << "\n";
}

TEST(Consistency, DelayCounterexampleReachesTheTightBound) {
  constexpr std::int64_t kBound = 4;
  const auto summary = replay_below_tight_bound(delay_property(kBound), kBound);
  const std::int64_t backlog = summary["ticks"]["backlog_max"].get<std::int64_t>();
  std::cout << "delay: tight bound " << kBound << ", counterexample replay " << backlog << "\n";
  EXPECT_EQ(backlog, kBound + 1);  // within 1 % of a small integer is the integer itself
}

// --- NTP: |offset| <= max(H + |drift| x poll, 3H) at polls, while polls succeed -----------

// H = jitter / 2 + 50 us for second-order terms (checker/smt/models.hpp). The simulator's
// offset is sampled between polls too; it is linear there, so it lies between the polls'.
TEST(Consistency, NtpOffsetStaysWithinTheProvedBound) {
  std::mt19937_64 rng(2029);
  auto pick = [&rng](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  std::int64_t closest = 0;  // per mille of the bound
  for (int run = 0; run < kRuns; ++run) {
    const std::int64_t poll = std::array<std::int64_t, 3>{16, 32, 64}[pick(0, 2)] * 1'000'000'000;
    const std::int64_t jitter = pick(0, 5'000'000);
    const std::int64_t h = jitter / 2 + 50'000;
    // Keep the slew limit (500 ppm) out of reach: 3H + |drift| x poll < 500 ppm x poll.
    const std::int64_t max_drift_ppb = (500'000 * (poll / 1'000'000) - 3 * h - 2) / (poll / 1'000'000) - 1000;
    const std::int64_t drift_ppb = pick(-max_drift_ppb, max_drift_ppb) / 1000 * 1000;
    const std::int64_t bound = std::max(h + std::abs(drift_ppb) * (poll / 1000) / 1'000'000 + 1, 3 * h);
    auto property = symbolic("ntp_offset", {{"poll", poll}, {"jitter", jitter}, {"margin", 50'000},
                                            {"drift_ppb", drift_ppb}, {"max_slew_ppb", 500'000},
                                            {"step_threshold", 128'000'000}}, bound);
    ASSERT_EQ(checker::check(property).outcome, Outcome::Proved) << "poll " << poll << " drift " << drift_ppb;
    const std::string yaml = "name: ntp-consistency\nhost: {cpus: 1}\n"
                             "guest: {hz: 100, clocksource: tsc, tsc_calibration_ppm: " + std::to_string(-drift_ppb / 1000) + "}\n"
                             "ntp: {poll_interval: " + ns(poll) + ", jitter: " + ns(jitter) + "}\n"
                             "run: {duration: " + ns(8 * poll) + ", sample_interval: " + ns(poll / 64) + "}\n";
    const auto offset = simulate(yaml, static_cast<std::uint64_t>(run + 1))["clock"]["max_abs_offset_ns"].get<std::int64_t>();
    ASSERT_LE(offset, bound) << yaml;
    closest = std::max(closest, offset * 1000 / bound);
  }
  std::cout << "ntp: worst of " << kRuns << " runs at " << closest / 10.0 << " % of its proved bound\n";
}

}  // namespace
}  // namespace vtick
