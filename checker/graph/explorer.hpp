#pragma once
// Explicit-state exploration: breadth-first search over a model's reachable states, keeping
// the state graph (a Boost.Graph adjacency_list) for liveness and Graphviz. BFS discovers
// states in order of distance from the initial state, so the first violating state found is
// a nearest one and its BFS-tree path is a shortest counterexample.
//
// A Model provides (see the ExplorableModel concept):
//   State initial(); void successors(const State&, std::vector<std::pair<Label, State>>&);
//   std::optional<std::string> violation(const State&);  std::string key(const State&);
//   std::string describe(const Label&); std::string describe_state(const State&).
// successors() must list transitions in a fixed order: counts and counterexamples are then
// the same on every run.
#include <boost/graph/adjacency_list.hpp>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checker/graph/dot.hpp"

namespace vtick::checker::graph {

template <class M>
concept ExplorableModel =
    std::default_initializable<typename M::Label> &&
    requires(const M& m, const typename M::State& s, const typename M::Label& l,
             std::vector<std::pair<typename M::Label, typename M::State>>& out) {
      { m.initial() } -> std::same_as<typename M::State>;
      m.successors(s, out);
      { m.violation(s) } -> std::same_as<std::optional<std::string>>;
      { m.key(s) } -> std::same_as<std::string>;
      { m.describe(l) } -> std::convertible_to<std::string>;
      { m.describe_state(s) } -> std::convertible_to<std::string>;
    };

enum class Verdict { Safe, Violated, Truncated };

inline std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::Safe: return "SAFE";
    case Verdict::Violated: return "VIOLATED";
    case Verdict::Truncated: return "TRUNCATED";
  }
  return "?";
}

struct Options {
  /// Exploration stops (verdict Truncated, unless a violation was already found) rather
  /// than admit state number max_states + 1.
  std::size_t max_states = 5'000'000;
  /// false: keep exploring after the first violation, so that the whole graph is there for
  /// find_lasso. The counterexample is the first violation's either way.
  bool stop_at_violation = true;
};

template <class M>
using StateGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                         boost::no_property, typename M::Label>;

template <ExplorableModel M>
struct ExplorationResult {
  using Vertex = typename StateGraph<M>::vertex_descriptor;

  explicit ExplorationResult(const M& explored) : model(explored) {}

  M model;  // a copy: describes labels and states after the caller's model is gone
  Verdict verdict = Verdict::Safe;
  std::string violation;                    // the first violating state's message
  std::vector<std::string> counterexample;  // its shortest path's step labels
  std::size_t states = 0;
  std::size_t transitions = 0;
  double seconds = 0;  // wall clock, for the report only
  double states_per_second = 0;

  /// Vertex v is state[v]; vertex 0 the initial state. parent/parent_label form the BFS tree.
  StateGraph<M> graph;
  std::vector<typename M::State> state;
  std::vector<Vertex> parent;
  std::vector<typename M::Label> parent_label;

  /// The step labels of the BFS-tree (shortest) path from the initial state to v.
  [[nodiscard]] std::vector<std::string> path_to(Vertex v) const {
    std::vector<std::string> steps;
    for (; v != 0; v = parent[v]) steps.push_back(model.describe(parent_label[v]));
    return {steps.rbegin(), steps.rend()};
  }

  void write_dot(std::ostream& out, std::size_t max_states = kDotMaxStates) const {
    graph::write_dot(
        out, graph, [this](Vertex v) { return std::string(model.describe_state(state[v])); },
        [this](auto e) { return std::string(model.describe(graph[e])); }, max_states);
  }
};

namespace detail {

template <ExplorableModel M>
class Explorer {
 public:
  using Result = ExplorationResult<M>;
  using Vertex = typename Result::Vertex;
  using State = typename M::State;
  using Label = typename M::Label;

  /// Fills `result` in place: adjacency_list has no move constructor in Boost 1.74, so
  /// returning a finished graph by value would copy it.
  Explorer(Result& result, const Options& options) : options_(options), result_(result) {}

  void run() {
    const auto start = std::chrono::steady_clock::now();
    if (admit(result_.model.initial(), 0, Label{})) {
      // Vertices are numbered in discovery order, so scanning them in order is the BFS queue.
      for (Vertex v = 0; v < result_.state.size() && !finished_; ++v) expand(v);
    }
    finish_report(std::chrono::steady_clock::now() - start);
  }

 private:
  void expand(Vertex v) {
    successors_.clear();
    result_.model.successors(result_.state[v], successors_);
    for (auto& [label, next] : successors_) {
      const auto target = admit(std::move(next), v, label);
      if (!target) return;
      boost::add_edge(v, *target, label, result_.graph);
      ++result_.transitions;
      if (finished_) return;
    }
  }

  /// The vertex of `state`, added (and checked) if new; nullopt if the state limit is hit.
  std::optional<Vertex> admit(State&& state, Vertex parent, const Label& label) {
    auto [it, inserted] = index_.try_emplace(result_.model.key(state), result_.state.size());
    if (!inserted) return it->second;
    if (result_.state.size() >= options_.max_states) {
      index_.erase(it);
      if (result_.verdict == Verdict::Safe) result_.verdict = Verdict::Truncated;
      finished_ = true;
      return std::nullopt;
    }
    const Vertex v = boost::add_vertex(result_.graph);
    result_.parent.push_back(parent);
    result_.parent_label.push_back(label);
    result_.state.push_back(std::move(state));
    check(v);
    return v;
  }

  void check(Vertex v) {
    if (result_.verdict == Verdict::Violated) return;  // keep the first (shortest) one
    auto message = result_.model.violation(result_.state[v]);
    if (!message) return;
    result_.verdict = Verdict::Violated;
    result_.violation = std::move(*message);
    result_.counterexample = result_.path_to(v);
    finished_ = options_.stop_at_violation;
  }

  void finish_report(std::chrono::steady_clock::duration elapsed) {
    result_.states = result_.state.size();
    result_.seconds = std::chrono::duration<double>(elapsed).count();
    result_.states_per_second =
        result_.seconds > 0 ? static_cast<double>(result_.states) / result_.seconds : 0;
  }

  Options options_;
  Result& result_;
  std::unordered_map<std::string, Vertex> index_;  // state key -> vertex
  std::vector<std::pair<Label, State>> successors_;
  bool finished_ = false;
};

}  // namespace detail

template <ExplorableModel M>
ExplorationResult<M> explore(const M& model, const Options& options = {}) {
  ExplorationResult<M> result(model);  // returned by NRVO, never copied
  detail::Explorer<M>(result, options).run();
  return result;
}

}  // namespace vtick::checker::graph
