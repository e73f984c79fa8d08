#pragma once
// k-induction: PROVED when no violation is reachable within k-1 steps (base case, BMC) and
// every path of k property-satisfying states is followed only by property-satisfying states
// (step case). Lemmas strengthen the step case; their conjunction is first proved inductive
// on its own (init => L, L and trans => L'), so assuming them on every state is sound.
// No simple-path constraint is added: a stuttering counterexample to induction then makes
// the step case fail for every k, and the result is Unknown ("not k-inductive up to k=..."),
// never a wrong PROVED; the cure is a lemma.
#include "checker/smt/check_result.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/smt/z3_adapter.hpp"

namespace vtick::checker::smt {

CheckResult k_induction(const TransitionSystem& sys, int max_k, Limits limits = {});

}  // namespace vtick::checker::smt
