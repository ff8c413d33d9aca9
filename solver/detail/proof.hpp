#pragma once
// Access paths: the shortest proof of a goal in a scenario, the search for a shorter one
// across scenarios, and the public steps a proof becomes.

#include <z3++.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "solver/detail/budget.hpp"
#include "solver/detail/derivation.hpp"
#include "solver/detail/ground.hpp"
#include "solver/detail/program.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

/// Past this many facts in a slice, building the proof encoding alone costs more than
/// the whole check: the search for a shorter path is skipped.
constexpr std::size_t kMaxExactAtoms = 5000;

/// Shortening a path never changes the verdict, so it gets only part of the time left:
/// a quarter, between half a second and two seconds.
Budget path_budget(const Budget& budget);

/// A proof of one of several goals.
struct GoalProof {
  ProofSteps steps;
  std::uint32_t goal = 0;  ///< the goal it proves (local atom)
  bool minimal = true;     ///< false when it is not known to be the shortest
};

/// The fewest-steps proof of one of `goals` in the scenario `truth` (a truth value per
/// condition), in which at least one goal is derived: the fixpoint's own proof when it is
/// forced, otherwise, when `exact`, tightened with Z3 until no smaller one exists (within
/// path_budget(budget); `minimal` false when that was cut short or not tried).
GoalProof shortest_proof(const SliceProgram& p, const std::vector<bool>& truth,
                         const std::vector<std::uint32_t>& goals, ContextUse& z3, const Budget& budget,
                         bool exact);

/// Tightens `at most` on the selected atoms of `d` below the length of `proof.steps`
/// until `s` (holding the encoding and requiring one of `goals`) has no shorter proof.
/// Each shorter proof found replaces proof.steps and proof.goal (of the first goal in
/// `goals` it proves), and its model is passed to `found`. proof.minimal is left as it is.
/// The bounds stay asserted in `s`. Throws OutOfTime when `budget` runs out, leaving in
/// `proof` the shortest found so far.
void shorten(z3::solver& s, const Derivation& d, const std::vector<std::uint32_t>& goals,
             const Budget& budget, GoalProof& proof,
             const std::function<void(const z3::model&)>& found = {});

/// Local proof steps as the public, self-contained steps of an access path.
std::vector<Step> to_steps(const Grounder& g, const SliceProgram& p, const ProofSteps& proof);

}  // namespace custody::detail
