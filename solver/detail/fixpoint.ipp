// Counting-based forward chaining: each rule counts its derived body atoms and fires
// when the count reaches its threshold. Linear in the size of the slice.
#include <deque>

namespace custody::detail {

template <class Active>
Fixpoint least_fixpoint(Grounder& g, const std::vector<Atom>& slice, Active active) {
  Fixpoint fp;
  fp.derived.assign(g.atom_count(), false);
  fp.by_rule.assign(g.atom_count(), -1);
  std::unordered_map<Atom, std::vector<std::uint32_t>> watchers;
  std::unordered_map<std::uint32_t, std::uint32_t> count;
  std::deque<std::pair<Atom, std::uint32_t>> queue;
  for (Atom a : slice) {
    for (std::uint32_t r : g.rules_for(a)) {
      const GroundRule& rule = g.rule(r);
      if (!active(rule)) continue;
      if (rule.k == 0) {
        queue.emplace_back(rule.head, r);
        continue;
      }
      count[r] = 0;
      for (Atom b : rule.body) watchers[b].push_back(r);
    }
  }
  while (!queue.empty()) {
    auto [a, r] = queue.front();
    queue.pop_front();
    if (fp.derived[a]) continue;
    fp.derived[a] = true;
    fp.by_rule[a] = r;
    auto it = watchers.find(a);
    if (it == watchers.end()) continue;
    for (std::uint32_t w : it->second) {
      const GroundRule& rule = g.rule(w);
      if (++count[w] == rule.k && !fp.derived[rule.head]) queue.emplace_back(rule.head, w);
    }
  }
  return fp;
}

}  // namespace custody::detail
