#include "checker/smt/bound_search.hpp"

#include <chrono>

#include "checker/smt/k_induction.hpp"

namespace vtick::checker::smt {

namespace {

BoundSearchResult search(const std::function<TransitionSystem(std::int64_t)>& family, std::int64_t lo,
                         std::int64_t hi, int max_k, Limits limits) {
  auto check = [&](std::int64_t b) { return k_induction(family(b), max_k, limits); };
  BoundSearchResult r;
  r.bound = hi;
  r.proof = check(hi);
  if (r.proof.verdict != Verdict::Proved) {
    r.verdict = r.proof.verdict;
    return r;
  }
  // Invariant: `hi` is proved and every B < lo tried so far was violated.
  while (lo < hi) {
    std::int64_t mid = lo + (hi - lo) / 2;
    CheckResult m = check(mid);
    if (m.verdict == Verdict::Unknown) {
      r.verdict = Verdict::Unknown;
      r.bound = mid;
      r.proof = m;
      return r;
    }
    if (m.verdict == Verdict::Proved) {
      hi = mid;
      r.proof = m;
    } else {
      lo = mid + 1;
    }
  }
  r.verdict = Verdict::Proved;
  r.bound = hi;
  r.below = check(hi - 1);
  return r;
}

}  // namespace

BoundSearchResult bound_search(const std::function<TransitionSystem(std::int64_t)>& family, std::int64_t lo,
                               std::int64_t hi, int max_k, Limits limits) {
  auto start = std::chrono::steady_clock::now();
  BoundSearchResult r = search(family, lo, hi, max_k, limits);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace vtick::checker::smt
