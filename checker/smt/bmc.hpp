#pragma once
// Bounded model checking: is a state violating the property reachable in at most K steps?
// One incremental solver: the path grows by one transition per depth, and the negated
// property is asserted inside push/pop, so learned clauses carry over between depths.
#include "checker/smt/check_result.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/smt/z3_adapter.hpp"

namespace vtick::checker::smt {

class BmcSession {
 public:
  BmcSession(const TransitionSystem& sys, Limits limits);
  // Checks the next depth (0 first): Violated with the trace, Unknown with Z3's reason, or
  // NoViolationUpTo(depth) after which the path is extended by one transition.
  CheckResult extend();
  int depth() const { return depth_; }

 private:
  const TransitionSystem& sys_;
  Solver solver_;
  int depth_ = 0;
};

CheckResult bmc(const TransitionSystem& sys, int max_depth, Limits limits = {});

// Reads states 0..depth of the last Sat model as a trace.
Trace extract_trace(const Solver& solver, const TransitionSystem& sys, int depth);

}  // namespace vtick::checker::smt
