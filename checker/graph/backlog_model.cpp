#include "checker/graph/backlog_model.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "checker/graph/key.hpp"

namespace vtick::checker::graph {
namespace {

void validate(const BacklogBounds& b) {
  const bool ok = b.max_backlog >= 0 && b.max_backlog < kMaxBacklogCount && b.max_runs >= 0 &&
                  b.max_runs <= kMaxBacklogCount && b.window >= 1 &&
                  b.window <= kMaxBacklogWindow && b.min_runs >= 0 &&
                  b.min_runs <= b.window * b.max_runs && b.catchup_factor >= 1;
  if (!ok) throw std::invalid_argument("BacklogModel: bounds out of range");
}

}  // namespace

BacklogModel::BacklogModel(BacklogPolicy policy, BacklogBounds bounds)
    : policy_(policy), bounds_(bounds) {
  validate(bounds_);
}

BacklogState BacklogModel::initial() const { return {}; }

/// The assumption binds once a whole window has passed: the runs of this period and the
/// window - 1 before it must add up to min_runs.
bool BacklogModel::allowed(const State& state, int runs) const {
  if (state.periods < bounds_.window - 1) return true;
  const int earlier = std::accumulate(state.recent_runs.begin(), state.recent_runs.end(), 0);
  return earlier + runs >= bounds_.min_runs;
}

int BacklogModel::served(int backlog, int runs) const {
  const int capacity =
      policy_ == BacklogPolicy::Delay ? runs : std::min(runs, bounds_.catchup_factor);
  return std::min(backlog, capacity);
}

void BacklogModel::successors(const State& state,
                              std::vector<std::pair<Label, State>>& out) const {
  for (int runs = 0; runs <= bounds_.max_runs; ++runs) {
    if (!allowed(state, runs)) continue;
    const int done = served(state.backlog, runs);
    State next = state;
    next.backlog = static_cast<std::uint8_t>(
        std::min(state.backlog - done + 1, bounds_.max_backlog + 1));
    if (bounds_.window > 1) {
      next.recent_runs.push_back(static_cast<std::uint8_t>(runs));
      if (next.recent_runs.size() >= static_cast<std::size_t>(bounds_.window)) {
        next.recent_runs.erase(next.recent_runs.begin());
      }
    }
    next.periods = static_cast<std::uint8_t>(std::min(state.periods + 1, bounds_.window - 1));
    out.emplace_back(Label{static_cast<std::uint8_t>(runs), static_cast<std::uint8_t>(done),
                           next.backlog},
                     std::move(next));
  }
}

std::optional<std::string> BacklogModel::violation(const State& state) const {
  if (state.backlog <= bounds_.max_backlog) return std::nullopt;
  return "backlog exceeds " + std::to_string(bounds_.max_backlog) + " ticks";
}

std::string BacklogModel::key(const State& state) const {
  KeyBuilder key;
  key.add(state.backlog).add(state.periods);
  for (const std::uint8_t runs : state.recent_runs) key.add(runs);
  return key.take();
}

std::string BacklogModel::describe(const Label& label) const {
  return "period: vCPU runs " + std::to_string(label.runs) + ", serves " +
         std::to_string(label.served) + ", backlog " + std::to_string(label.backlog);
}

std::string BacklogModel::describe_state(const State& state) const {
  return "backlog " + std::to_string(state.backlog);
}

}  // namespace vtick::checker::graph
