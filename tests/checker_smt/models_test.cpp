// Expected verdicts of each scheme's model, with every counterexample re-checked in plain C++
// arithmetic: it must be a path of the model (init and trans hold on the extracted values)
// and really break the claim.
#include <gtest/gtest.h>

#include <iostream>

#include "checker/smt/bmc.hpp"
#include "checker/smt/k_induction.hpp"
#include "checker/smt/models.hpp"

namespace vtick::checker::smt {
namespace {

void report(const TransitionSystem& s, const CheckResult& r) {
  std::cout << s.name << " [" << s.claim << "]: " << to_string(r.verdict) << " " << r.method << " depth/k=" << r.depth
            << " in " << r.seconds << " s" << (r.reason.empty() ? "" : " (" + r.reason + ")") << "\n";
}

// The counterexample is a real path and its last state violates the property.
void expect_genuine(const TransitionSystem& s, const CheckResult& r) {
  ASSERT_EQ(r.verdict, Verdict::Violated);
  ASSERT_EQ(r.counterexample.states.size(), static_cast<std::size_t>(r.depth) + 1);
  EXPECT_TRUE(is_path(s, r.counterexample));
  EXPECT_FALSE(holds(s.property, r.counterexample.states.back()));
}

// Its proof time is measured by vtick_bench_checker (docs/performance.md), not asserted here.
TEST(Pvclock, BoundProvedWithLemma) {
  PvclockParams p;
  TransitionSystem s = pvclock_bound(p, pvclock_tight_bound(p));
  CheckResult r = k_induction(s, 5);
  report(s, r);
  EXPECT_EQ(r.verdict, Verdict::Proved);
  EXPECT_EQ(pvclock_tight_bound(p), 50'001);  // 50 ppm of 1 s + 1 ns rounding
}

TEST(Pvclock, PlainClaimIsNotKInductiveSoTheLemmaIsNeeded) {
  PvclockParams p;
  TransitionSystem s = pvclock_bound(p, pvclock_tight_bound(p), false);
  CheckResult r = k_induction(s, 6);
  report(s, r);
  EXPECT_EQ(r.verdict, Verdict::Unknown);
}

TEST(Pvclock, BoundMinusOneIsViolatedByARealPath) {
  PvclockParams p;
  TransitionSystem s = pvclock_bound(p, pvclock_tight_bound(p) - 1);
  CheckResult r = k_induction(s, 5);
  report(s, r);
  expect_genuine(s, r);
  const auto& last = r.counterexample.states.back();
  std::int64_t err = r.counterexample.at(r.depth, "err");
  EXPECT_EQ(last.size(), s.vars.size());
  EXPECT_GT(err < 0 ? -err : err, pvclock_tight_bound(p) - 1);
  // Independently of the model's own terms: each advance keeps |e| * 1e9 <= |r| * dt.
  for (std::size_t i = 1; i < r.counterexample.states.size(); ++i) {
    std::int64_t e = r.counterexample.at(i, "e"), dt = r.counterexample.at(i, "dt");
    EXPECT_LE((e < 0 ? -e : e) * 1'000'000'000, p.rate_error_ppb * dt);
    EXPECT_LE(r.counterexample.at(i, "t"), p.interval_ns);
  }
}

void expect_discard_violation(std::int64_t bound, int& depth) {
  TransitionSystem s = discard_drift({}, bound);
  CheckResult r = bmc(s, 200);
  report(s, r);
  expect_genuine(s, r);
  const Trace& t = r.counterexample;
  EXPECT_GT(t.at(r.depth, "due") - t.at(r.depth, "delivered"), bound);
  const DiscardParams p;
  for (std::size_t i = 0; i < t.states.size(); ++i) {
    EXPECT_LE(t.at(i, "burst"), p.max_deschedule_ns);
    EXPECT_LE(t.at(i, "missed") * p.period_ns, t.at(i, "burst"));
  }
  depth = r.depth;
}

TEST(Discard, LagUnboundedViolationDepthGrowsWithTheBound) {
  int d5 = 0, d20 = 0;
  expect_discard_violation(5, d5);
  expect_discard_violation(20, d20);
  EXPECT_GT(d20, d5);
}

TEST(Discard, BmcDepth1000Timing) {
  TransitionSystem s = discard_drift({}, 1'000'000);
  CheckResult r = bmc(s, 1000);
  EXPECT_EQ(r.verdict, Verdict::NoViolationUpTo);
  EXPECT_EQ(r.depth, 1000);
  std::cout << "BMC depth 1000 on discard_drift: " << r.seconds << " s\n";
}

TEST(Delay, BacklogBoundedWhenCapacityCoversDemand) {
  DelayParams p;  // 4 periods per window, 2 of them running, 2 acks each: capacity 4 = demand 4
  TransitionSystem s = delay_backlog(p, 4);  // 2 * (window - share) periods
  CheckResult r = k_induction(s, 20);
  report(s, r);
  EXPECT_EQ(r.verdict, Verdict::Proved);
  TransitionSystem tighter = delay_backlog(p, 3);
  expect_genuine(tighter, k_induction(tighter, 20));
}

TEST(Delay, FullShareWithOneAckPerPeriodIsBounded) {
  DelayParams p;
  p.share_ns = p.window_ns;
  p.service_per_period = 1;
  TransitionSystem s = delay_backlog(p, 1);
  CheckResult r = k_induction(s, 20);
  report(s, r);
  EXPECT_EQ(r.verdict, Verdict::Proved);
}

TEST(Delay, BacklogGrowsWhenCapacityFallsShort) {
  DelayParams p;
  p.service_per_period = 1;  // capacity 2 per window < demand 4
  TransitionSystem s = delay_backlog(p, 8);
  CheckResult r = k_induction(s, 40);
  report(s, r);
  expect_genuine(s, r);
  EXPECT_GT(r.counterexample.at(r.depth, "backlog"), 8);
}

TEST(Outsourcing, LatenessBoundProvedWithKTwo) {
  OutsourcingParams p;
  TransitionSystem s = outsourcing_lateness(p, p.slack_ns + p.max_deschedule_ns + p.injection_ns);
  CheckResult r = k_induction(s, 5);
  report(s, r);
  EXPECT_EQ(r.verdict, Verdict::Proved);
  EXPECT_EQ(r.depth, 2);
}

TEST(Outsourcing, OneNanosecondLessIsViolatedAtExactlyTheBound) {
  OutsourcingParams p;
  const std::int64_t bound = p.slack_ns + p.max_deschedule_ns + p.injection_ns;
  TransitionSystem s = outsourcing_lateness(p, bound - 1);
  CheckResult r = k_induction(s, 5);
  report(s, r);
  expect_genuine(s, r);
  const Trace& t = r.counterexample;
  EXPECT_EQ(t.at(r.depth, "late"), bound);
  EXPECT_EQ(t.at(r.depth, "now") - t.at(r.depth, "d"), bound);  // delivery - deadline, recomputed
}

}  // namespace
}  // namespace vtick::checker::smt
