#pragma once
// Maximum flow through a small directed graph with real capacities, by Edmonds–Karp
// (Ford–Fulkerson with breadth-first augmenting paths; Cormen et al., "Introduction to
// Algorithms", ch. 26): repeat { find the shortest path from source to sink with spare capacity
// on every edge; push its smallest spare capacity along it } until no such path is left. The flow
// pushed in total is the maximum (max-flow min-cut theorem). O(V E²) in the worst case; attention
// flow's graphs have (L + 1) T nodes and L T² edges.

#include <vector>

namespace core {

class FlowNetwork {
 public:
  explicit FlowNetwork(int nodes);

  // A directed edge from → to that can carry up to capacity (≥ 0; 0 adds nothing).
  void add_edge(int from, int to, double capacity);

  // The largest flow from source to sink. Starts from zero flow each time, so one network
  // answers many source/sink pairs. Nodes must exist; source == sink gives 0.
  double max_flow(int source, int sink);

  int nodes() const { return static_cast<int>(adjacency_.size()); }

 private:
  struct Edge {
    int to;
    double capacity;
    double flow;
  };
  // edges_[e ^ 1] is the reverse of edges_[e]: pushing flow on one frees capacity on the other.
  std::vector<Edge> edges_;
  std::vector<std::vector<int>> adjacency_;  // node → indices into edges_ leaving it
};

}  // namespace core
