#include "solver/detail/goals.hpp"

#include <cstdint>

namespace custody::detail {

Goals goals_of(const Model& m, Grounder& g, const Assertion& a) {
  Goals out;
  Index first = a.phase ? *a.phase : 0;
  Index last = a.phase ? *a.phase : m.phase_count() - 1;
  std::vector<Atom> all;
  for (Index x : m.subjects(a)) {
    for (ItemRef item : a.items) {
      if (item.id == kUnresolved) continue;
      Goal goal{x, item, {}};
      for (Index p = first; p <= last; ++p) goal.atoms.push_back(g.atom({fact_type(a.verb), x, item.id, 0, p}));
      all.insert(all.end(), goal.atoms.begin(), goal.atoms.end());
      out.goals.push_back(std::move(goal));
    }
  }
  out.slice = g.slice(all);
  return out;
}

std::vector<Atom> derivable(const SliceProgram& full) {
  auto over = full.run({});
  std::vector<Atom> out;
  for (std::uint32_t i = 0; i < full.size(); ++i) {
    if (over.derived[i]) out.push_back(full.atom(i));
  }
  return out;
}

}  // namespace custody::detail
