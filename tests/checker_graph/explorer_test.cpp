// The generic explorer, lasso finder and Graphviz writer on tiny hand-made models whose
// state graphs are known.
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "checker/graph/explorer.hpp"
#include "checker/graph/lasso.hpp"
#include "checker/graph/replay.hpp"

namespace vtick::checker::graph {
namespace {

/// A counter mod `modulus` that may step +1 or +2; `bad` is the violating value. BFS depth
/// of value v from 0 is ceil(v / 2).
struct RingModel {
  using State = int;
  using Label = int;  // the increment
  int modulus = 10;
  int bad = -1;

  [[nodiscard]] State initial() const { return 0; }
  void successors(const State& s, std::vector<std::pair<Label, State>>& out) const {
    out.emplace_back(1, (s + 1) % modulus);
    out.emplace_back(2, (s + 2) % modulus);
  }
  [[nodiscard]] std::optional<std::string> violation(const State& s) const {
    if (s != bad) return std::nullopt;
    return "reached " + std::to_string(s);
  }
  [[nodiscard]] std::string key(const State& s) const { return std::to_string(s); }
  [[nodiscard]] std::string describe(const Label& l) const { return "+" + std::to_string(l); }
  [[nodiscard]] std::string describe_state(const State& s) const { return std::to_string(s); }
};

/// 0 -> 1 -> 2 -> 3 -> 2 (a cycle {2, 3}) and 1 -> 4 (terminal, no loop).
struct LassoModel {
  using State = int;
  using Label = int;  // the target state

  [[nodiscard]] State initial() const { return 0; }
  void successors(const State& s, std::vector<std::pair<Label, State>>& out) const {
    static const std::vector<std::vector<int>> next{{1}, {2, 4}, {3}, {2}, {}};
    for (const int t : next[static_cast<std::size_t>(s)]) out.emplace_back(t, t);
  }
  [[nodiscard]] std::optional<std::string> violation(const State&) const { return std::nullopt; }
  [[nodiscard]] std::string key(const State& s) const { return std::to_string(s); }
  [[nodiscard]] std::string describe(const Label& l) const { return "to " + std::to_string(l); }
  [[nodiscard]] std::string describe_state(const State& s) const { return std::to_string(s); }
};

TEST(Explorer, CountsEveryStateAndTransitionOfASafeModel) {
  const auto result = explore(RingModel{});
  EXPECT_EQ(result.verdict, Verdict::Safe);
  EXPECT_EQ(result.states, 10u);
  EXPECT_EQ(result.transitions, 20u);
  EXPECT_TRUE(result.counterexample.empty());
  EXPECT_GE(result.states_per_second, 0.0);
}

TEST(Explorer, CounterexampleIsAShortestPath) {
  const RingModel model{10, 7};
  const auto result = explore(model);
  ASSERT_EQ(result.verdict, Verdict::Violated);
  EXPECT_EQ(result.violation, "reached 7");
  EXPECT_EQ(result.counterexample.size(), 4u);  // ceil(7 / 2)
  const auto end = replay(model, result.counterexample);
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(*end, 7);
}

TEST(Explorer, ViolatingInitialStateHasAnEmptyCounterexample) {
  const auto result = explore(RingModel{10, 0});
  EXPECT_EQ(result.verdict, Verdict::Violated);
  EXPECT_TRUE(result.counterexample.empty());
}

TEST(Explorer, StateLimitTruncates) {
  const auto result = explore(RingModel{}, Options{.max_states = 4});
  EXPECT_EQ(result.verdict, Verdict::Truncated);
  EXPECT_EQ(result.states, 4u);
}

TEST(Explorer, ReplayRejectsAStepTheModelDoesNotHave) {
  EXPECT_FALSE(replay(RingModel{}, {"+1", "+3"}).has_value());
}

TEST(Lasso, FindsTheKnownCycleWithItsPrefix) {
  const auto result = explore(LassoModel{});
  EXPECT_EQ(result.states, 5u);
  const auto lasso = find_lasso(result, [](int s) { return s >= 2; });
  ASSERT_TRUE(lasso.has_value());
  EXPECT_EQ(lasso->prefix, (std::vector<std::string>{"to 1", "to 2"}));
  EXPECT_EQ(lasso->cycle, (std::vector<std::string>{"to 3", "to 2"}));
}

TEST(Lasso, NoneWhenTheCycleLeavesTheBadStates) {
  const auto result = explore(LassoModel{});
  EXPECT_FALSE(find_lasso(result, [](int s) { return s == 3 || s == 4; }).has_value());
}

TEST(Lasso, SelfLoopCounts) {
  const auto result = explore(RingModel{1});  // 0 -> 0 twice
  const auto lasso = find_lasso(result, [](int) { return true; });
  ASSERT_TRUE(lasso.has_value());
  EXPECT_TRUE(lasso->prefix.empty());
  EXPECT_EQ(lasso->cycle, (std::vector<std::string>{"+1"}));
}

TEST(Dot, WritesADigraphWithLabels) {
  std::ostringstream out;
  explore(RingModel{}).write_dot(out);
  const std::string dot = out.str();
  EXPECT_EQ(dot.rfind("digraph", 0), 0u);
  EXPECT_NE(dot.find("label=\"+2\""), std::string::npos);
}

TEST(Dot, CapsTheStatesAndSaysSo) {
  std::ostringstream out;
  explore(RingModel{}).write_dot(out, 3);
  const std::string dot = out.str();
  EXPECT_NE(dot.find("first 3 of 10 states"), std::string::npos);
  EXPECT_EQ(dot.find("\n3["), std::string::npos);
  EXPECT_EQ(dot.find("->3 "), std::string::npos);
}

}  // namespace
}  // namespace vtick::checker::graph
