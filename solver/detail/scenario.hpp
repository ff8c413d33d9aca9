#pragma once
// A scenario from Z3 with the fewest true conditions, or, when no scenario will do, the
// assumptions that rule every one out.

#include <z3++.h>

#include <optional>
#include <vector>

#include "solver/detail/budget.hpp"
#include "solver/detail/encoder.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

/// Asks Z3 for a scenario, allowed by every assumption, in which `goal` holds (`s` holds
/// the encoding, `enc` the assumptions' trackers). When there is none, sets the verdict to
/// holds with a minimal set of the assumptions that rule it out, and returns nullopt;
/// otherwise returns the conditions true in a scenario with the fewest of them
/// (`res.minimal` false if a limit cut that search short), and leaves in `s` the
/// assumptions, the goal and the bound on true conditions that scenario met, so that later
/// searches stay among scenarios as small. Throws OutOfTime when the budget runs out
/// before a first answer.
std::optional<std::vector<Index>> z3_scenario(z3::solver& s, Encoder& enc, const z3::expr& goal,
                                              const Budget& budget, AssertionResult& res);

}  // namespace custody::detail
