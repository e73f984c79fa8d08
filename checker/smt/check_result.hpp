#pragma once
// The outcome of BMC or k-induction. Unknown always carries Z3's reason (or the engine's, e.g.
// "not k-inductive up to k=20"); it is never a proof.
#include <string>

#include "checker/smt/transition_system.hpp"

namespace vtick::checker::smt {

enum class Verdict { Proved, Violated, NoViolationUpTo, Unknown };

struct CheckResult {
  Verdict verdict = Verdict::Unknown;
  // Violated: transitions in the counterexample; NoViolationUpTo: the depth reached;
  // Proved: k of the k-induction.
  int depth = 0;
  Trace counterexample;  // Violated only
  std::string reason;    // Unknown only
  std::string method;    // e.g. "BMC", "k-induction k=2 with lemmas: envelope"
  double seconds = 0;
};

const char* to_string(Verdict v);

}  // namespace vtick::checker::smt
