#pragma once
// Graphviz output of an explored state graph. Capped: past a few thousand states Graphviz
// takes minutes and the picture is unreadable, so only the first max_states vertices (in
// BFS order, i.e. the states nearest the initial one) and the edges among them are written,
// and the graph's label says how many were left out.
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace vtick::checker::graph {

inline constexpr std::size_t kDotMaxStates = 2000;

/// Writes `graph` (vecS vertices) as a Graphviz digraph; vertex_name(v) and edge_name(e)
/// give the node and edge labels.
template <class Graph, class VertexName, class EdgeName>
void write_dot(std::ostream& out, const Graph& graph, VertexName vertex_name, EdgeName edge_name,
               std::size_t max_states = kDotMaxStates) {
  const std::size_t total = boost::num_vertices(graph);
  auto kept_vertex = [max_states](auto v) { return static_cast<std::size_t>(v) < max_states; };
  auto kept_edge = [&graph, kept_vertex](auto e) {
    return kept_vertex(boost::source(e, graph)) && kept_vertex(boost::target(e, graph));
  };
  const boost::filtered_graph<Graph, std::function<bool(typename Graph::edge_descriptor)>,
                              std::function<bool(typename Graph::vertex_descriptor)>>
      shown(graph, kept_edge, kept_vertex);
  auto vertex_writer = [&](std::ostream& os, auto v) {
    os << "[label=" << boost::escape_dot_string(vertex_name(v)) << "]";
  };
  auto edge_writer = [&](std::ostream& os, auto e) {
    os << "[label=" << boost::escape_dot_string(edge_name(e)) << "]";
  };
  auto graph_writer = [&](std::ostream& os) {
    if (total <= max_states) return;
    os << "label=" << boost::escape_dot_string("first " + std::to_string(max_states) + " of " +
                                               std::to_string(total) + " states")
       << ";\n";
  };
  boost::write_graphviz(out, shown, vertex_writer, edge_writer, graph_writer);
}

}  // namespace vtick::checker::graph
