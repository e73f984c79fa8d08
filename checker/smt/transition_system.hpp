#pragma once
// A transition system over integer state variables. Nondeterministic choices (the adversarial
// scheduler's, the clock's rounding) are state variables too, constrained by `trans`, so that
// a counterexample trace shows every choice and can be re-checked without a solver.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/smt/term.hpp"

namespace vtick::checker::smt {

// A candidate invariant that strengthens the property for k-induction. The engine proves the
// conjunction of all lemmas inductive before it assumes them; `why` says why it should hold.
struct Lemma {
  std::string name;
  std::string why;
  Term term;  // over Cur only
};

struct TransitionSystem {
  std::string name;
  std::string claim;  // the property in words, for reports
  std::vector<std::string> vars;
  Term init = Term::boolean(true);      // over Cur
  Term trans = Term::boolean(true);     // over Cur and Next
  Term property = Term::boolean(true);  // over Cur
  std::vector<Lemma> lemmas;

  std::size_t index(std::string_view var) const;  // throws std::out_of_range
  Term cur(std::string_view var) const;
  Term next(std::string_view var) const;
  // Throws std::invalid_argument if init, property or a lemma mentions Next variables.
  void validate() const;
};

// Values of every variable at steps 0..depth (states.size() == depth + 1).
struct Trace {
  std::vector<std::string> vars;
  std::vector<std::vector<std::int64_t>> states;

  std::int64_t at(std::size_t step, std::string_view var) const;
};

// Plain C++ re-check: state 0 satisfies init and each pair of consecutive states satisfies
// trans. Does not look at the property.
bool is_path(const TransitionSystem& sys, const Trace& trace);

}  // namespace vtick::checker::smt
