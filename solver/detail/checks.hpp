#pragma once
// The two assertion checks, defined in solver/cannot.cpp and solver/can.cpp. Each decides
// one assertion by enumerating scenarios when few conditions matter, and with Z3
// otherwise.

#include <z3++.h>

#include "model/model.hpp"
#include "solver/detail/budget.hpp"
#include "solver/detail/ground.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

/// The verdict of a `cannot`: holds with the assumptions it relies on, or violated with a
/// scenario of the fewest true conditions, the subject that reaches the target in it and
/// its access path (the shortest when `shortest`; `minimal` false when a limit cut either
/// search short). `allow_enumeration` false: always Z3. Grounds into `g` and builds its
/// terms in the context of `z3` (asked for only when Z3 is needed). Throws OutOfTime when the budget runs out before the verdict is known;
/// z3::exception, Interrupted and std::bad_alloc pass through.
AssertionResult check_cannot(const Model& m, Grounder& g, ContextUse& z3, const Assertion& a,
                             const Budget& budget, bool allow_enumeration, bool shortest);

/// The verdict of a `can`: holds with the assumptions it relies on, or violated with a
/// scenario of the fewest true conditions in which a subject misses the target, that
/// subject, and the missing links. Otherwise as check_cannot.
AssertionResult check_can(const Model& m, Grounder& g, ContextUse& z3, const Assertion& a,
                          const Budget& budget, bool allow_enumeration);

}  // namespace custody::detail
