#pragma once
// The tightest proved bound: the smallest B in [lo, hi] for which "metric <= B" is PROVED by
// k-induction, by binary search (the claim is monotone in B), plus the verdict at B - 1,
// whose counterexample shows the bound is tight.
#include <cstdint>
#include <functional>

#include "checker/smt/check_result.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/smt/z3_adapter.hpp"

namespace vtick::checker::smt {

struct BoundSearchResult {
  // Proved: `bound` is the smallest proved B. Violated: even hi is violated (proof holds the
  // counterexample). Unknown: some check was Unknown (proof holds the reason).
  Verdict verdict = Verdict::Unknown;
  std::int64_t bound = 0;
  CheckResult proof;        // the verdict at `bound`
  CheckResult below;        // the verdict at bound - 1 (Violated when the bound is tight)
  double seconds = 0;
};

BoundSearchResult bound_search(const std::function<TransitionSystem(std::int64_t)>& family, std::int64_t lo,
                               std::int64_t hi, int max_k, Limits limits = {});

}  // namespace vtick::checker::smt
