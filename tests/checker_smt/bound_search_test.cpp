// bound_search returns the analytic tight bound and a genuine counterexample one below it.
#include <gtest/gtest.h>

#include <iostream>

#include "checker/smt/bound_search.hpp"
#include "checker/smt/models.hpp"

namespace vtick::checker::smt {
namespace {

TEST(BoundSearch, OutsourcingLatenessIsSlackPlusDeschedulePlusInjection) {
  OutsourcingParams p;
  BoundSearchResult r = bound_search([&](std::int64_t b) { return outsourcing_lateness(p, b); }, 0, 100'000'000, 5);
  std::cout << "outsourcing tight bound " << r.bound << " ns in " << r.seconds << " s\n";
  ASSERT_EQ(r.verdict, Verdict::Proved);
  EXPECT_EQ(r.bound, p.slack_ns + p.max_deschedule_ns + p.injection_ns);
  ASSERT_EQ(r.below.verdict, Verdict::Violated);
  EXPECT_TRUE(is_path(outsourcing_lateness(p, r.bound - 1), r.below.counterexample));
  EXPECT_EQ(r.below.counterexample.at(static_cast<std::size_t>(r.below.depth), "late"), r.bound);
}

TEST(BoundSearch, PvclockErrorIsRateTimesIntervalPlusRounding) {
  PvclockParams p;
  BoundSearchResult r = bound_search([&](std::int64_t b) { return pvclock_bound(p, b); }, 0, 10'000'000, 5);
  std::cout << "pvclock tight bound " << r.bound << " ns in " << r.seconds << " s\n";
  ASSERT_EQ(r.verdict, Verdict::Proved);
  EXPECT_EQ(r.bound, pvclock_tight_bound(p));
  ASSERT_EQ(r.below.verdict, Verdict::Violated);
  EXPECT_TRUE(is_path(pvclock_bound(p, r.bound - 1), r.below.counterexample));
}

TEST(BoundSearch, ViolatedEverywhereReportsViolated) {
  BoundSearchResult r = bound_search([](std::int64_t b) { return discard_drift({}, b); }, 0, 10, 20);
  EXPECT_EQ(r.verdict, Verdict::Violated);
}

}  // namespace
}  // namespace vtick::checker::smt
