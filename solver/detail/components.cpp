#include "solver/detail/components.hpp"

#include <algorithm>
#include <utility>

namespace custody::detail {

Components components(std::size_t n, const std::vector<std::vector<std::uint32_t>>& succ) {
  constexpr std::uint32_t kUnset = 0xffffffffu;
  Components out;
  out.comp.assign(n, kUnset);
  std::vector<std::uint32_t> index(n, kUnset), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<std::uint32_t> stack;
  std::uint32_t counter = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnset) continue;
    std::vector<std::pair<std::uint32_t, std::size_t>> work{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!work.empty()) {
      auto& [v, i] = work.back();
      if (i < succ[v].size()) {
        std::uint32_t w = succ[v][i++];
        if (index[w] == kUnset) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      std::uint32_t done = v;
      if (low[v] == index[v]) {
        auto c = static_cast<std::uint32_t>(out.cyclic.size());
        std::uint32_t size = 0;
        bool self = std::find(succ[v].begin(), succ[v].end(), v) != succ[v].end();
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          out.comp[w] = c;
          ++size;
        } while (w != v);
        out.cyclic.push_back(size > 1 || self);
      }
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return out;
}

}  // namespace custody::detail
