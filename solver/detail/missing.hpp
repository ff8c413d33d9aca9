#pragma once
// The missing links of a failed `can`: why the subject lacks its goal in a scenario.
// No Z3 here.

#include <cstdint>
#include <vector>

#include "model/model.hpp"
#include "solver/detail/ground.hpp"
#include "solver/detail/program.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

/// Why `goal` (a local atom not derived in `r`, the fixpoint of the scenario whose guards
/// are `guard_on`) is missing: the goal's rules with their missing premises, then the
/// rules of those premises, breadth first, a few at most.
std::vector<MissingLink> explain(const Model& m, const Grounder& g, const SliceProgram& p,
                                 const SliceProgram::Result& r, std::uint32_t goal,
                                 const std::vector<char>& guard_on);

}  // namespace custody::detail
