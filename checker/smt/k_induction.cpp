#include "checker/smt/k_induction.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "checker/smt/bmc.hpp"

namespace vtick::checker::smt {

namespace {

Term lemma_conjunction(const TransitionSystem& sys) {
  std::vector<Term> terms;
  for (const Lemma& l : sys.lemmas) terms.push_back(l.term);
  return conj(terms);
}

// Names the lemmas that a solver state (a counterexample to their induction) violates.
std::string failing_lemmas(const TransitionSystem& sys, const std::vector<std::int64_t>& state) {
  std::string out;
  for (const Lemma& l : sys.lemmas)
    if (!holds(l.term, state)) out += (out.empty() ? "" : ", ") + l.name;
  return out;
}

// Empty when the lemmas are inductive; otherwise the reason they cannot be used.
std::string check_lemmas(const TransitionSystem& sys, Limits limits) {
  Term all = lemma_conjunction(sys);
  Solver initiation(sys.vars, limits);
  initiation.add(sys.init && !all, 0);
  Verdict3 v = initiation.check();
  if (v == Verdict3::Sat) return "lemma does not hold initially: " + failing_lemmas(sys, initiation.state(0));
  if (v == Verdict3::Unknown) return "lemma initiation: " + initiation.reason_unknown();
  Solver consecution(sys.vars, limits);
  consecution.add(all && sys.trans, 0);
  consecution.add(!all, 1);
  v = consecution.check();
  if (v == Verdict3::Sat) return "lemma not inductive: " + failing_lemmas(sys, consecution.state(1));
  if (v == Verdict3::Unknown) return "lemma consecution: " + consecution.reason_unknown();
  return {};
}

std::string method_name(const TransitionSystem& sys, int k) {
  std::string m = "k-induction k=" + std::to_string(k);
  for (std::size_t i = 0; i < sys.lemmas.size(); ++i) m += (i == 0 ? " with lemmas: " : ", ") + sys.lemmas[i].name;
  return m;
}

CheckResult search(const TransitionSystem& sys, int max_k, Limits limits) {
  CheckResult r;
  r.method = "k-induction";
  if (std::string why = check_lemmas(sys, limits); !why.empty()) {
    r.reason = why;
    return r;
  }
  Term lemmas = lemma_conjunction(sys);
  BmcSession base(sys, limits);
  Solver step(sys.vars, limits);
  step.add(lemmas, 0);
  for (int k = 1; k <= max_k; ++k) {
    CheckResult b = base.extend();  // depth k-1
    if (b.verdict != Verdict::NoViolationUpTo) return b;
    step.add(sys.property, k - 1);
    step.add(sys.trans, k - 1);
    step.add(lemmas, k);
    step.push();
    step.add(!sys.property, k);
    Verdict3 v = step.check();
    step.pop();
    if (v == Verdict3::Unknown) {
      r.reason = "step case k=" + std::to_string(k) + ": " + step.reason_unknown();
      return r;
    }
    if (v == Verdict3::Unsat) {
      r.verdict = Verdict::Proved;
      r.depth = k;
      r.method = method_name(sys, k);
      return r;
    }
  }
  r.reason = "not k-inductive up to k=" + std::to_string(max_k) + " (a strengthening lemma may be needed)";
  return r;
}

}  // namespace

CheckResult k_induction(const TransitionSystem& sys, int max_k, Limits limits) {
  auto start = std::chrono::steady_clock::now();
  sys.validate();
  CheckResult r = search(sys, max_k, limits);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace vtick::checker::smt
