#pragma once
// Liveness by lasso detection. A property "always eventually good" fails iff some infinite
// run eventually stays in bad states forever; in a finite graph such a run ends in a cycle of
// bad states, i.e. a non-trivial strongly connected component (or a self-loop) of the
// subgraph of bad states. We find one with boost::strong_components and return it as a
// lasso: the shortest prefix to its entry state, then a shortest cycle back to that state.
//
// No fairness is assumed: any cycle counts. Models that need fairness must build it in (for
// example by having only terminal states stutter). A lasso found in a partial graph
// (Truncated, or Violated with stop_at_violation) is real; "no lasso" proves the property
// only when the exploration was complete.
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/graph/explorer.hpp"

namespace vtick::checker::graph {

struct Lasso {
  std::vector<std::string> prefix;  // from the initial state to the cycle's entry state
  std::vector<std::string> cycle;   // from the entry state back to itself, all states bad
};

namespace detail {

/// A shortest cycle from `entry` back to itself through vertices of entry's component.
template <class M, class Vertex>
std::vector<std::string> shortest_cycle(const ExplorationResult<M>& result, Vertex entry,
                                        const std::vector<int>& component) {
  const auto& g = result.graph;
  std::vector<std::optional<typename StateGraph<M>::edge_descriptor>> reached_by(
      boost::num_vertices(g));
  std::deque<Vertex> queue{entry};
  while (!queue.empty() && !reached_by[entry]) {
    const Vertex v = queue.front();
    queue.pop_front();
    for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const Vertex w = boost::target(e, g);
      if (component[w] != component[entry] || reached_by[w]) continue;
      reached_by[w] = e;
      queue.push_back(w);
    }
  }
  std::vector<std::string> steps;
  Vertex v = entry;
  do {
    const auto e = *reached_by[v];
    steps.push_back(result.model.describe(g[e]));
    v = boost::source(e, g);
  } while (v != entry);
  return {steps.rbegin(), steps.rend()};
}

/// Per vertex: its SCC in the bad-state subgraph, or -1 for a good state.
template <class M>
std::vector<int> bad_components(const ExplorationResult<M>& result,
                                const std::vector<char>& bad) {
  using Graph = StateGraph<M>;
  auto keep_vertex = [&bad](typename Graph::vertex_descriptor v) { return bad[v] != 0; };
  auto keep_edge = [&](typename Graph::edge_descriptor e) {
    return keep_vertex(boost::source(e, result.graph)) &&
           keep_vertex(boost::target(e, result.graph));
  };
  const boost::filtered_graph<Graph, std::function<bool(typename Graph::edge_descriptor)>,
                              std::function<bool(typename Graph::vertex_descriptor)>>
      sub(result.graph, keep_edge, keep_vertex);
  std::vector<int> component(boost::num_vertices(result.graph), -1);
  boost::strong_components(
      sub, boost::make_iterator_property_map(component.begin(),
                                             boost::get(boost::vertex_index, result.graph)));
  return component;
}

/// Whether v lies on a cycle of its component: the component has another vertex, or v has
/// a self-loop.
template <class M, class Vertex>
bool on_cycle(const ExplorationResult<M>& result, Vertex v, const std::vector<int>& component,
              const std::vector<std::size_t>& size) {
  if (component[v] < 0) return false;
  if (size[static_cast<std::size_t>(component[v])] > 1) return true;
  for (const auto e : boost::make_iterator_range(boost::out_edges(v, result.graph))) {
    if (boost::target(e, result.graph) == v) return true;
  }
  return false;
}

}  // namespace detail

/// A lasso whose cycle states all satisfy bad(state), entered at the lowest-numbered (so
/// nearest, in BFS order) such state; nullopt if there is none.
template <ExplorableModel M, class BadPredicate>
std::optional<Lasso> find_lasso(const ExplorationResult<M>& result, BadPredicate bad) {
  const std::size_t n = boost::num_vertices(result.graph);
  std::vector<char> is_bad(n);
  for (std::size_t v = 0; v < n; ++v) is_bad[v] = bad(result.state[v]) ? 1 : 0;
  const std::vector<int> component = detail::bad_components(result, is_bad);
  std::vector<std::size_t> size(n);
  for (const int c : component) {
    if (c >= 0) ++size[static_cast<std::size_t>(c)];
  }
  for (std::size_t v = 0; v < n; ++v) {
    if (!detail::on_cycle(result, v, component, size)) continue;
    return Lasso{result.path_to(v), detail::shortest_cycle(result, v, component)};
  }
  return std::nullopt;
}

}  // namespace vtick::checker::graph
