// The pvclock writer against one reader: the seqcount reader is never torn; the
// version-less reader is, after the shortest possible interleaving (six steps: the writer
// must have begun and stored one field before the reader's four loads).
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

#include "checker/graph/explorer.hpp"
#include "checker/graph/pvclock_model.hpp"
#include "checker/graph/replay.hpp"
#include "tests/checker_graph/brute_force.hpp"

namespace vtick::checker::graph {
namespace {

void report(const char* name, const ExplorationResult<PvclockModel>& r) {
  std::cout << name << ": " << to_string(r.verdict) << ", " << r.states << " states, "
            << r.transitions << " transitions, " << r.states_per_second << " states/s\n";
  for (const auto& step : r.counterexample) std::cout << "  " << step << "\n";
}

TEST(PvclockModel, VersionCheckedReaderIsNeverTorn) {
  const auto result = explore(PvclockModel(true));
  report("pvclock checked", result);
  EXPECT_EQ(result.verdict, Verdict::Safe);
  EXPECT_GT(result.states, 20u);
}

TEST(PvclockModel, VersionlessReaderIsTornInSixSteps) {
  const PvclockModel model(false);
  const auto result = explore(model);
  report("pvclock unchecked", result);
  ASSERT_EQ(result.verdict, Verdict::Violated);
  EXPECT_NE(result.violation.find("torn read"), std::string::npos);
  EXPECT_EQ(result.counterexample,
            (std::vector<std::string>{"W:version(odd)", "W:tsc_timestamp", "R:tsc_timestamp",
                                      "R:system_time", "R:mul", "R:shift"}));
  EXPECT_FALSE(testing::violation_within(model, 5));
  const auto end = replay(model, result.counterexample);
  ASSERT_TRUE(end.has_value());
  EXPECT_TRUE(model.violation(*end).has_value());
}

TEST(PvclockModel, ExplorationIsDeterministic) {
  const auto a = explore(PvclockModel(false), Options{.stop_at_violation = false});
  const auto b = explore(PvclockModel(false), Options{.stop_at_violation = false});
  EXPECT_EQ(a.states, b.states);
  EXPECT_EQ(a.transitions, b.transitions);
  EXPECT_EQ(a.counterexample, b.counterexample);
}

TEST(PvclockModel, DotStartsWithDigraph) {
  std::ostringstream out;
  explore(PvclockModel(true)).write_dot(out);
  EXPECT_EQ(out.str().rfind("digraph", 0), 0u);
}

}  // namespace
}  // namespace vtick::checker::graph
