#pragma once
// What an assertion asks about: one goal fact per subject, and the slice of the ground
// program that can reach them. No Z3 here.

#include <vector>

#include "model/model.hpp"
#include "solver/detail/ground.hpp"
#include "solver/detail/program.hpp"

namespace custody::detail {

/// One (subject, item) pair of an assertion: the facts, one per phase the assertion looks
/// at, any of which reaches the item.
struct Goal {
  Index subject = 0;
  ItemRef item;
  std::vector<Atom> atoms;  ///< per phase, in order
};

/// The goals of an assertion.
struct Goals {
  std::vector<Goal> goals;  ///< per subject, per item
  std::vector<Atom> slice;  ///< every atom the goals depend on, goals first
};

/// The goals of `a`, grounding what they depend on.
Goals goals_of(const Model& m, Grounder& g, const Assertion& a);

/// The atoms of a slice that some scenario can derive: those of the least fixpoint with
/// every clause in effect. Everything else is absent from every scenario, and so are the
/// conditions only it depends on.
std::vector<Atom> derivable(const SliceProgram& full);

}  // namespace custody::detail
