#pragma once
// Replays a counterexample's step labels through a model, independently of the explorer's
// graph: each step must name one of the current state's transitions (the first with that
// description is taken). This is how a counterexample is checked, and how a caller turns
// one into a concrete run.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/graph/explorer.hpp"

namespace vtick::checker::graph {

/// The state reached by `steps` from the initial state; nullopt if some step names no
/// transition of the state it is taken from.
template <ExplorableModel M>
std::optional<typename M::State> replay(const M& model, const std::vector<std::string>& steps) {
  typename M::State state = model.initial();
  std::vector<std::pair<typename M::Label, typename M::State>> next;
  for (const std::string& step : steps) {
    next.clear();
    model.successors(state, next);
    auto it = next.begin();
    while (it != next.end() && model.describe(it->first) != step) ++it;
    if (it == next.end()) return std::nullopt;
    state = std::move(it->second);
  }
  return state;
}

}  // namespace vtick::checker::graph
