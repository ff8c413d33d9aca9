#include "solver/detail/goals.hpp"

#include <cstdint>

namespace custody::detail {
namespace {

Atom goal_atom(Grounder& g, const Assertion& a, Index actor) {
  switch (a.verb) {
    case Verb::read: return g.atom({Fact::Type::plain, actor, a.items[0].id, 0});
    case Verb::obtain: return g.atom({Fact::Type::material, actor, a.items[0].id, 0});
    case Verb::use: return g.atom({Fact::Type::use, actor, a.items[0].id, 0});
  }
  return 0;
}

}  // namespace

Goals goals_of(const Model& m, Grounder& g, const Assertion& a) {
  Goals out;
  out.subjects = m.subjects(a);
  for (Index x : out.subjects) out.atoms.push_back(goal_atom(g, a, x));
  out.slice = g.slice(out.atoms);
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
