#include "analysis/methods/max_flow.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>

namespace core {

namespace {

// Spare capacity below this is rounding left over from earlier pushes, not a path.
constexpr double epsilon = 1e-12;

}  // namespace

FlowNetwork::FlowNetwork(int nodes) : adjacency_(static_cast<std::size_t>(std::max(nodes, 0))) {}

void FlowNetwork::add_edge(int from, int to, double capacity) {
  if (from < 0 || to < 0 || from >= nodes() || to >= nodes()) {
    throw std::out_of_range("flow network edge " + std::to_string(from) + " → " + std::to_string(to) + " outside 0.." +
                            std::to_string(nodes() - 1));
  }
  if (!(capacity > 0.0)) return;
  adjacency_[static_cast<std::size_t>(from)].push_back(static_cast<int>(edges_.size()));
  edges_.push_back({to, capacity, 0.0});
  // the reverse edge starts with no capacity: it only returns flow already pushed
  adjacency_[static_cast<std::size_t>(to)].push_back(static_cast<int>(edges_.size()));
  edges_.push_back({from, 0.0, 0.0});
}

double FlowNetwork::max_flow(int source, int sink) {
  if (source < 0 || sink < 0 || source >= nodes() || sink >= nodes()) {
    throw std::out_of_range("flow network has nodes 0.." + std::to_string(nodes() - 1));
  }
  for (Edge& edge : edges_) edge.flow = 0.0;
  if (source == sink) return 0.0;
  double total = 0.0;
  std::vector<int> arrived_by(adjacency_.size());  // the edge each reached node was reached by
  while (true) {
    // breadth-first search for the shortest path with spare capacity
    std::fill(arrived_by.begin(), arrived_by.end(), -1);
    std::queue<int> frontier;
    frontier.push(source);
    while (!frontier.empty() && arrived_by[static_cast<std::size_t>(sink)] < 0) {
      const int node = frontier.front();
      frontier.pop();
      for (const int e : adjacency_[static_cast<std::size_t>(node)]) {
        const Edge& edge = edges_[static_cast<std::size_t>(e)];
        if (edge.to != source && arrived_by[static_cast<std::size_t>(edge.to)] < 0 &&
            edge.capacity - edge.flow > epsilon) {
          arrived_by[static_cast<std::size_t>(edge.to)] = e;
          frontier.push(edge.to);
        }
      }
    }
    if (arrived_by[static_cast<std::size_t>(sink)] < 0) return total;  // no augmenting path: maximal
    // the path's bottleneck: its smallest spare capacity
    double push = std::numeric_limits<double>::infinity();
    for (int node = sink; node != source;) {
      const Edge& edge = edges_[static_cast<std::size_t>(arrived_by[static_cast<std::size_t>(node)])];
      push = std::min(push, edge.capacity - edge.flow);
      node = edges_[static_cast<std::size_t>(arrived_by[static_cast<std::size_t>(node)] ^ 1)].to;
    }
    // push it: flow along each edge, the same amount back on its reverse
    for (int node = sink; node != source;) {
      const int e = arrived_by[static_cast<std::size_t>(node)];
      edges_[static_cast<std::size_t>(e)].flow += push;
      edges_[static_cast<std::size_t>(e ^ 1)].flow -= push;
      node = edges_[static_cast<std::size_t>(e ^ 1)].to;
    }
    total += push;
  }
}

}  // namespace core
