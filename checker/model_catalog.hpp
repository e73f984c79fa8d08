#pragma once
// The models a property file can name, and how each is checked.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "checker/property.hpp"

namespace vtick::checker {

struct ModelInfo {
  std::string name;
  bool symbolic;  ///< Z3 (checker/smt) or explicit-state (checker/graph)
  std::vector<std::string> parameters;
};

const ModelInfo* find_model(const std::string& name);
std::string model_names();

enum class Outcome { Proved, Violated, Unknown };

struct Report {
  Outcome outcome = Outcome::Unknown;
  std::string method;  ///< e.g. "k-induction k=2 with lemmas: envelope", "explicit BFS"
  std::string reason;  ///< Unknown: why (Z3's reason, depth reached, truncation)
  double seconds = 0;
  std::vector<std::string> counterexample;  ///< one line per step
  /// Each variable's value at each step of the counterexample, by name (symbolic models).
  std::map<std::string, std::vector<std::int64_t>> counterexample_values;
  std::size_t states = 0;                   ///< explicit-state only
  std::size_t transitions = 0;              ///< explicit-state only
  double states_per_second = 0;
  std::string dot;  ///< explicit-state only, when asked for: the state graph for Graphviz
};

struct CheckOptions {
  bool want_dot = false;
};

Report check(const Property& property, const CheckOptions& options = {});

/// `vtick bound`: the smallest B in [lo, hi] proved for the property's (symbolic) model, and
/// the check at B - 1 (a counterexample when the bound is tight). outcome Proved: `bound` is
/// set; Violated: even hi is violated; Unknown: a check was unknown (reason set).
struct BoundReport {
  Outcome outcome = Outcome::Unknown;
  std::int64_t bound = 0;
  Report at_bound;
  Report below;
  double seconds = 0;
};
BoundReport tightest_bound(const Property& property, std::int64_t lo, std::int64_t hi);

}  // namespace vtick::checker
