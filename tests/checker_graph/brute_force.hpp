#pragma once
// An independent check of "shortest": plain depth-limited search with no state
// deduplication (so no reliance on the models' keys), asking whether any run of at most
// `depth` steps reaches a violation.
#include <utility>
#include <vector>

namespace vtick::checker::graph::testing {

template <class M>
bool violation_within(const M& model, const typename M::State& state, int depth) {
  if (model.violation(state)) return true;
  if (depth == 0) return false;
  std::vector<std::pair<typename M::Label, typename M::State>> next;
  model.successors(state, next);
  for (const auto& [label, successor] : next) {
    if (violation_within(model, successor, depth - 1)) return true;
  }
  return false;
}

template <class M>
bool violation_within(const M& model, int depth) {
  return violation_within(model, model.initial(), depth);
}

}  // namespace vtick::checker::graph::testing
