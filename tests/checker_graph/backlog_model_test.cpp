// Lost-tick backlog under an adversarial scheduler that must give the vCPU at least
// min_runs runs per window: bounded iff the guaranteed service covers one tick per period.
#include <gtest/gtest.h>

#include <iostream>

#include "checker/graph/backlog_model.hpp"
#include "checker/graph/explorer.hpp"
#include "checker/graph/replay.hpp"
#include "tests/checker_graph/brute_force.hpp"

namespace vtick::checker::graph {
namespace {

ExplorationResult<BacklogModel> check(const char* name, BacklogPolicy policy, BacklogBounds b) {
  auto r = explore(BacklogModel(policy, b));
  std::cout << name << ": " << to_string(r.verdict) << ", " << r.states << " states, "
            << r.transitions << " transitions, " << r.states_per_second << " states/s\n";
  for (const auto& step : r.counterexample) std::cout << "  " << step << "\n";
  return r;
}

// Two runs in every two periods: the scheduler can withhold one period, so the backlog
// reaches 2 and no more.
TEST(BacklogModel, DelayWithEnoughServiceIsBoundedTightly) {
  const BacklogBounds b{.max_backlog = 2, .max_runs = 2, .window = 2, .min_runs = 2};
  EXPECT_EQ(check("delay N=2", BacklogPolicy::Delay, b).verdict, Verdict::Safe);
  auto tight = b;
  tight.max_backlog = 1;
  const auto r = check("delay N=1", BacklogPolicy::Delay, tight);
  ASSERT_EQ(r.verdict, Verdict::Violated);
  EXPECT_EQ(r.counterexample, (std::vector<std::string>{"period: vCPU runs 0, serves 0, backlog 2"}));
}

TEST(BacklogModel, DelayWithTooLittleServiceIsUnbounded) {
  const BacklogModel model(BacklogPolicy::Delay,
                           {.max_backlog = 4, .max_runs = 2, .window = 2, .min_runs = 1});
  const auto r = explore(model);
  ASSERT_EQ(r.verdict, Verdict::Violated);
  EXPECT_FALSE(testing::violation_within(model, static_cast<int>(r.counterexample.size()) - 1));
  const auto end = replay(model, r.counterexample);
  ASSERT_TRUE(end.has_value());
  EXPECT_TRUE(model.violation(*end).has_value());
}

// Same share as the bounded delay case, but catchup serves at most catchup_factor ticks per
// period: with factor 1 a withheld period is never made up.
TEST(BacklogModel, CatchupNeedsAFactorAboveOne) {
  const BacklogBounds b{.max_backlog = 5, .max_runs = 2, .window = 2, .min_runs = 2,
                        .catchup_factor = 1};
  const auto r = check("catchup x1 N=5", BacklogPolicy::Catchup, b);
  ASSERT_EQ(r.verdict, Verdict::Violated);
  // The window forces a run every other period, and each run serves only one tick, so the
  // backlog grows by one per two periods: from 1 to 6 takes 2 * 5 - 1 periods.
  EXPECT_EQ(r.counterexample.size(), 9u);
  auto doubled = b;
  doubled.catchup_factor = 2;
  doubled.max_backlog = 2;
  EXPECT_EQ(check("catchup x2 N=2", BacklogPolicy::Catchup, doubled).verdict, Verdict::Safe);
}

TEST(BacklogModel, RejectsBoundsOutOfRange) {
  EXPECT_THROW(BacklogModel(BacklogPolicy::Delay, BacklogBounds{.window = 0}),
               std::invalid_argument);
}

}  // namespace
}  // namespace vtick::checker::graph
