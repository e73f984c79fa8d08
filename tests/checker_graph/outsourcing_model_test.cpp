// Timer outsourcing under every interleaving of guest add/mod/del, hypercall handling, host
// expiry, late event delivery and time: the generation check makes it safe and live; the
// naive guest stub runs a replaced arming's callback.
#include <gtest/gtest.h>

#include <iostream>

#include "checker/graph/explorer.hpp"
#include "checker/graph/lasso.hpp"
#include "checker/graph/outsourcing_model.hpp"
#include "checker/graph/replay.hpp"
#include "tests/checker_graph/brute_force.hpp"

namespace vtick::checker::graph {
namespace {

void report(const char* name, const ExplorationResult<OutsourcingModel>& r) {
  std::cout << name << ": " << to_string(r.verdict) << ", " << r.states << " states, "
            << r.transitions << " transitions, " << r.states_per_second << " states/s\n";
  for (const auto& step : r.counterexample) std::cout << "  " << step << "\n";
}

TEST(OutsourcingModel, GenerationCheckIsSafe) {
  const auto result = explore(OutsourcingModel(true));
  report("outsourcing checked", result);
  EXPECT_EQ(result.verdict, Verdict::Safe);
  EXPECT_GT(result.states, 1000u);
}

TEST(OutsourcingModel, GenerationCheckIsLive) {
  const auto result = explore(OutsourcingModel(true));
  ASSERT_EQ(result.verdict, Verdict::Safe);
  EXPECT_FALSE(find_lasso(result, OutsourcingModel::armed_but_unserved).has_value());
}

TEST(OutsourcingModel, NaiveStubRunsAStaleCallback) {
  const OutsourcingModel model(false);
  const auto result = explore(model);
  report("outsourcing naive", result);
  ASSERT_EQ(result.verdict, Verdict::Violated);
  EXPECT_NE(result.violation.find("stale callback"), std::string::npos);
  EXPECT_EQ(result.counterexample,
            (std::vector<std::string>{"G:add_timer(deadline 1)", "G:mod_timer(deadline 1)",
                                      "H:handle Arm gen 1", "T:time 1",
                                      "H:host timer fires, event gen 1", "G:expiry event gen 1"}));
  EXPECT_FALSE(testing::violation_within(model, 5));
  const auto end = replay(model, result.counterexample);
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(model.violation(*end), result.violation);
}

TEST(OutsourcingModel, NaiveStubLosesTheReplacingArming) {
  const auto result = explore(OutsourcingModel(false), Options{.stop_at_violation = false});
  const auto lasso = find_lasso(result, OutsourcingModel::armed_but_unserved);
  ASSERT_TRUE(lasso.has_value());
  for (const auto& step : lasso->prefix) std::cout << "  prefix " << step << "\n";
  EXPECT_EQ(lasso->cycle, (std::vector<std::string>{"idle"}));
  const auto end = replay(OutsourcingModel(false), lasso->prefix);
  ASSERT_TRUE(end.has_value());
  EXPECT_TRUE(OutsourcingModel::armed_but_unserved(*end));
}

TEST(OutsourcingModel, ExplorationIsDeterministic) {
  const auto a = explore(OutsourcingModel(false), Options{.stop_at_violation = false});
  const auto b = explore(OutsourcingModel(false), Options{.stop_at_violation = false});
  EXPECT_EQ(a.states, b.states);
  EXPECT_EQ(a.transitions, b.transitions);
  EXPECT_EQ(a.counterexample, b.counterexample);
}

TEST(OutsourcingModel, RejectsBoundsOutOfRange) {
  EXPECT_THROW(OutsourcingModel(true, OutsourcingBounds{.max_operations = 8}),
               std::invalid_argument);
}

}  // namespace
}  // namespace vtick::checker::graph
