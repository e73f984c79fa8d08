#pragma once
// A thin adapter over Z3: integer variables per (state variable, step), assertions built from
// Terms, push/pop, checks under a timeout and a resource limit, and model values. No Z3 type
// appears here, so the engines and models never depend on z3++.h.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checker/smt/term.hpp"

namespace vtick::checker::smt {

enum class Verdict3 { Sat, Unsat, Unknown };

// Per-check limits; 0 means none. rlimit is Z3's deterministic resource counter, useful where
// a wall-clock timeout would make a result machine-dependent.
struct Limits {
  unsigned timeout_ms = 0;
  unsigned rlimit = 0;
};

std::string z3_version();

class Solver {
 public:
  Solver(std::vector<std::string> var_names, Limits limits);
  ~Solver();
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;

  // Asserts `f` with Cur variables bound to `step` and Next variables to `step + 1`.
  void add(const Term& f, int step);
  void push();
  void pop();
  Verdict3 check();
  // Z3's reason after an Unknown check (e.g. "timeout", "max. resource limit exceeded").
  std::string reason_unknown() const;
  // Values from the model of the last Sat check; unconstrained variables read as 0.
  std::int64_t value(std::size_t var, int step) const;
  std::vector<std::int64_t> state(int step) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vtick::checker::smt
