#pragma once
// The closure encoding, with which Z3 decides a `can` (see README, "How the checker
// decides"): is there a scenario and a set of atoms closed under every active rule that
// lacks the fact? The least model is the smallest closed set, so such a set exists iff the
// least model lacks the fact. Satisfiable = violated.

#include <z3++.h>

#include <vector>

#include "solver/detail/encoder.hpp"
#include "solver/detail/program.hpp"

namespace custody::detail {

/// Adds to `s` a set of the program's atoms closed under every rule whose guard holds
/// (one literal per atom, guards through `enc`), and returns the goal that the set lacks
/// every atom of one group of `lacking` at least. An atom outside the program is lacking
/// from every set.
z3::expr closure_lacking(z3::solver& s, Encoder& enc, const SliceProgram& p,
                         const std::vector<std::vector<Atom>>& lacking);

}  // namespace custody::detail
