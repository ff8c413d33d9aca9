#pragma once
// Strongly connected components of a graph, for the derivation encoding: only atoms in a
// cycle need a rank to keep a proof well founded. No Z3 here.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace custody::detail {

/// Per node its component, per component whether it has a cycle (more than one node, or
/// a node that is its own successor).
struct Components {
  std::vector<std::uint32_t> comp;
  std::vector<char> cyclic;
};

/// The strongly connected components (iterative Tarjan, so deep graphs do not exhaust the
/// stack) of the graph on nodes 0..n-1 with successor lists `succ` (premise -> conclusion
/// in the solver). Components are numbered in the order Tarjan completes them.
Components components(std::size_t n, const std::vector<std::vector<std::uint32_t>>& succ);

}  // namespace custody::detail
