#pragma once
// Deciding by enumeration: when few conditions matter, every scenario over them is tried
// in order of fewest true conditions, each with a plain least fixpoint. Exact, and far
// cheaper than a solver call on large slices. No Z3 here.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "model/model.hpp"
#include "solver/detail/ground.hpp"
#include "solver/detail/program.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

/// An assumption: a user `assume` or a threat's bound, in the order of Encoder::trackers.
struct Tracker {
  Reliance what;
  std::optional<ExprId> expr;
  std::vector<Index> conds;  // threat bound: at most k of these
  std::uint32_t k = 0;
  /// The assertion's own `when`: always kept, never reported as a reliance.
  bool hard = false;
  /// Whether the scenario (truth value per condition) satisfies the assumption.
  bool ok(const Model& m, const std::vector<bool>& truth) const {
    if (expr) return eval(m, *expr, truth);
    std::uint32_t n = 0;
    for (Index c : conds) n += truth[c] ? 1 : 0;
    return n <= k;
  }
};

/// The threats whose conditions a program's guards, an assumption or the assertion's
/// `when` name: the only bounds that matter.
std::vector<bool> threats_in(const Model& m, const SliceProgram& p, ExprId when = kAlways);

/// Every assume, then the bounds of the threats marked in `threats` that constrain
/// something, then the assertion's `when` (a hard tracker) unless it is kAlways.
std::vector<Tracker> trackers_of(const Model& m, const std::vector<bool>& threats, ExprId when = kAlways);

/// Whether the scenario satisfies every assumption.
bool allowed_by(const Model& m, const std::vector<Tracker>& trackers, const std::vector<bool>& truth);

/// The scenarios over the conditions that matter, as bit masks over `conds`.
struct Enumeration {
  std::vector<Index> conds;          // the conditions that matter, ascending
  std::vector<std::uint32_t> masks;  // every assignment, fewest true first
  /// The scenario of a mask: truth value per condition of the model (others false).
  std::vector<bool> truth(std::size_t n_conditions, std::uint32_t mask) const {
    std::vector<bool> t(n_conditions, false);
    for (std::size_t i = 0; i < conds.size(); ++i) t[conds[i]] = (mask >> i) & 1u;
    return t;
  }
};

/// The enumeration for a slice, when it is small enough to be cheaper than a solver:
/// 2^k fixpoints over the slice within a fixed budget of work; nullopt otherwise.
std::optional<Enumeration> enumeration(const Model& m, const SliceProgram& p,
                                       const std::vector<Tracker>& trackers);

/// The conditions true in the scenario of a mask, ascending.
std::vector<Index> scenario_of(const Enumeration& en, std::uint32_t mask);

/// Per scenario of an enumeration, whether the least fixpoint of the program in it passes
/// a test; each fixpoint is run once, when first asked for. The model, program and
/// enumeration must outlive it.
class ScenarioTest {
 public:
  ScenarioTest(const Model& m, const SliceProgram& p, const Enumeration& en,
               std::function<bool(const SliceProgram::Result&)> test);
  bool operator()(std::uint32_t mask);

 private:
  const Model& m_;
  const SliceProgram& p_;
  const Enumeration& en_;
  std::function<bool(const SliceProgram::Result&)> test_;
  std::vector<std::int8_t> known_;  // per mask: -1 not yet run, else the answer
};

/// Deletion-minimises the trackers a "holds" depends on: `bad(mask)` says the mask is a
/// counterexample scenario if the assumptions allow it.
std::vector<Reliance> relies_by_enumeration(const Model& m, const Enumeration& en,
                                            const std::vector<Tracker>& trackers,
                                            const std::function<bool(std::uint32_t)>& bad);

/// A scenario (the conditions true in it) as a truth value per condition of the model.
std::vector<bool> truth_of(const Model& m, const std::vector<Index>& true_conditions);

}  // namespace custody::detail
