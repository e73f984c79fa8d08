#include "checker/smt/bmc.hpp"

#include <chrono>

namespace vtick::checker::smt {

Trace extract_trace(const Solver& solver, const TransitionSystem& sys, int depth) {
  Trace t{sys.vars, {}};
  for (int i = 0; i <= depth; ++i) t.states.push_back(solver.state(i));
  return t;
}

BmcSession::BmcSession(const TransitionSystem& sys, Limits limits) : sys_(sys), solver_(sys.vars, limits) {
  sys_.validate();
  solver_.add(sys_.init, 0);
}

CheckResult BmcSession::extend() {
  CheckResult r;
  r.method = "BMC";
  r.depth = depth_;
  solver_.push();
  solver_.add(!sys_.property, depth_);
  Verdict3 v = solver_.check();
  if (v == Verdict3::Sat) {
    r.verdict = Verdict::Violated;
    r.counterexample = extract_trace(solver_, sys_, depth_);
  } else if (v == Verdict3::Unknown) {
    r.reason = solver_.reason_unknown();
  }
  solver_.pop();
  if (v != Verdict3::Unsat) return r;
  // No violation at this depth on any path: the property holds here, and saying so prunes
  // the deeper queries.
  solver_.add(sys_.property, depth_);
  solver_.add(sys_.trans, depth_);
  r.verdict = Verdict::NoViolationUpTo;
  ++depth_;
  return r;
}

CheckResult bmc(const TransitionSystem& sys, int max_depth, Limits limits) {
  auto start = std::chrono::steady_clock::now();
  BmcSession session(sys, limits);
  CheckResult r;
  for (int d = 0; d <= max_depth; ++d) {
    r = session.extend();
    if (r.verdict != Verdict::NoViolationUpTo) break;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace vtick::checker::smt
