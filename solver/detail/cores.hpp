#pragma once
// Unsat cores over the assumption trackers: which assumptions a "holds" (or a conflict
// between assumptions) relies on, shrunk to a minimal set.

#include <z3++.h>

#include <vector>

#include "solver/detail/budget.hpp"
#include "solver/detail/encoder.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

/// After an unsat answer of `s`: the trackers of `enc` in its core, as indices into
/// enc.trackers, ascending.
std::vector<unsigned> core_indices(z3::solver& s, const Encoder& enc);

/// Shrinks an unsat core of trackers (with `goal` assumed too) to a minimal one by
/// deletion. When the budget runs out it returns the core as it stands: still a correct
/// set, if not a minimal one.
std::vector<unsigned> minimize_core(z3::solver& s, const Budget& budget, const Encoder& enc,
                                    std::vector<unsigned> core, const z3::expr& goal);

/// What the trackers with these indices stand for.
std::vector<Reliance> reliances_of(const Encoder& enc, const std::vector<unsigned>& core);

}  // namespace custody::detail
