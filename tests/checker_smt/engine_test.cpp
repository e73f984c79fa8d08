// The term language, the Z3 adapter and the two engines on tiny systems whose answers are
// known by hand.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "checker/smt/bmc.hpp"
#include "checker/smt/k_induction.hpp"
#include "checker/smt/models.hpp"
#include "checker/smt/z3_adapter.hpp"

namespace vtick::checker::smt {
namespace {

// x counts up by 1 or 2 from 0; claim x <= limit.
TransitionSystem counter(std::int64_t limit) {
  TransitionSystem s;
  s.name = "counter";
  s.vars = {"x"};
  s.init = s.cur("x") == 0;
  s.trans = in_range(s.next("x") - s.cur("x"), 1, 2);
  s.property = s.cur("x") <= limit;
  return s;
}

TEST(Term, EvaluatesLinearArithmeticAndRejectsProducts) {
  Term x = Term::var(0, Step::Cur), y = Term::var(0, Step::Next);
  std::vector<std::int64_t> cur{3}, next{7};
  EXPECT_EQ(evaluate(2 * x + y - 1, cur, next), 12);
  EXPECT_TRUE(holds(ite(x < y, abs(x - y) == 4, Term::boolean(false)), cur, next));
  EXPECT_THROW(x * y, std::invalid_argument);
  EXPECT_THROW(x && y, std::invalid_argument);
  EXPECT_TRUE(y.mentions_next());
  EXPECT_FALSE((x + 1).mentions_next());
}

TEST(Term, EvaluationDetectsOverflow) {
  Term x = Term::var(0, Step::Cur);
  std::vector<std::int64_t> cur{INT64_MAX};
  EXPECT_THROW(evaluate(x + 1, cur), std::overflow_error);
}

TEST(Adapter, ReportsVersionAndModelValues) {
  std::cout << "Z3 version " << z3_version() << "\n";
  EXPECT_FALSE(z3_version().empty());
  Solver s({"x"}, {});
  Term x = Term::var(0, Step::Cur), x1 = Term::var(0, Step::Next);
  s.add(x == 5 && x1 == x * 3, 0);
  ASSERT_EQ(s.check(), Verdict3::Sat);
  EXPECT_EQ(s.value(0, 1), 15);
  s.push();
  s.add(x > 5, 0);
  EXPECT_EQ(s.check(), Verdict3::Unsat);
  s.pop();
  EXPECT_EQ(s.check(), Verdict3::Sat);
}

TEST(Adapter, ResourceLimitGivesUnknownWithReason) {
  Solver s({"x", "y"}, {0, 1});
  Term x = Term::var(0, Step::Cur), y = Term::var(1, Step::Cur);
  s.add(3 * x + 5 * y == 1000003 && in_range(x, 0, 1000000) && in_range(y, 0, 1000000), 0);
  EXPECT_EQ(s.check(), Verdict3::Unknown);
  EXPECT_FALSE(s.reason_unknown().empty());
}

TEST(Bmc, FindsShortestViolationAndReportsDepthReached) {
  CheckResult r = bmc(counter(5), 10);
  ASSERT_EQ(r.verdict, Verdict::Violated);
  EXPECT_EQ(r.depth, 3);  // 0 -> 2 -> 4 -> 6
  EXPECT_TRUE(is_path(counter(5), r.counterexample));
  EXPECT_GT(r.counterexample.at(3, "x"), 5);
  CheckResult none = bmc(counter(100), 10);
  EXPECT_EQ(none.verdict, Verdict::NoViolationUpTo);
  EXPECT_EQ(none.depth, 10);
}

TEST(KInduction, ProvesAnInductiveClaimAndRefutesAFalseOne) {
  TransitionSystem s = counter(0);
  s.property = s.cur("x") >= 0;
  CheckResult r = k_induction(s, 5);
  EXPECT_EQ(r.verdict, Verdict::Proved);
  EXPECT_EQ(r.depth, 1);
  EXPECT_EQ(k_induction(counter(5), 10).verdict, Verdict::Violated);
}

TEST(KInduction, RejectsALemmaThatIsNotInductive) {
  TransitionSystem s = counter(0);
  s.property = s.cur("x") >= 0;
  s.lemmas.push_back({"small", "false: x grows", s.cur("x") <= 3});
  CheckResult r = k_induction(s, 5);
  EXPECT_EQ(r.verdict, Verdict::Unknown);
  EXPECT_NE(r.reason.find("small"), std::string::npos) << r.reason;
}

TEST(KInduction, ResourceLimitIsUnknownNeverProved) {
  CheckResult r = k_induction(pvclock_bound({}, pvclock_tight_bound({})), 10, {0, 1});
  EXPECT_EQ(r.verdict, Verdict::Unknown);
  EXPECT_FALSE(r.reason.empty());
  std::cout << "rlimit=1: UNKNOWN (" << r.reason << ")\n";
}

TEST(Validate, InitMustNotMentionTheNextState) {
  TransitionSystem s = counter(1);
  s.init = s.next("x") == 0;
  EXPECT_THROW(bmc(s, 1), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::checker::smt
