// The `can` check: is there a scenario, allowed by the assumptions, in which a subject
// misses the target? Decided by enumerating scenarios when few conditions matter, else
// with Z3 over the closure encoding (solver/detail/closure.hpp). A violation comes with
// the missing links of the first subject that misses it.

#include <z3++.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "solver/detail/checks.hpp"
#include "solver/detail/closure.hpp"
#include "solver/detail/encoder.hpp"
#include "solver/detail/enumeration.hpp"
#include "solver/detail/goals.hpp"
#include "solver/detail/missing.hpp"
#include "solver/detail/program.hpp"
#include "solver/detail/scenario.hpp"

namespace custody::detail {
namespace {

/// The (subject, item) pairs that are not reached in any phase with no `when` at all.
std::vector<const Goal*> open_goals(const Goals& goals, const SliceProgram& full) {
  auto under = full.run_unconditional();
  std::vector<const Goal*> open;
  for (const Goal& goal : goals.goals) {
    bool reached = false;
    for (Atom a : goal.atoms) reached = reached || under.derived[static_cast<std::size_t>(full.local(a))];
    if (!reached) open.push_back(&goal);
  }
  return open;
}

/// Whether a fixpoint of `p` misses the goal in every phase.
bool missed_everywhere(const SliceProgram& p, const SliceProgram::Result& r, const Goal& goal) {
  for (Atom a : goal.atoms) {
    std::int64_t l = p.local(a);
    if (l >= 0 && r.derived[static_cast<std::size_t>(l)]) return false;
  }
  return true;
}

/// A `can` with open goals: what both ways of deciding it, and the explanation, draw on.
struct Can {
  const Model& m;
  const Assertion& a;
  const Grounder& g;
  ContextUse& z3;
  const Budget& budget;
  const SliceProgram& full;  // the whole slice, for explaining what is missing
  const SliceProgram& p;     // the part of it that some scenario can derive
  const std::vector<const Goal*>& open;
};

/// The first scenario in the enumeration's order (fewest true conditions first) that the
/// assumptions allow and in which a subject misses its goal. When there is none, sets
/// the verdict to holds with the assumptions it relies on, and returns nullopt.
std::optional<std::vector<Index>> missing_by_enumeration(const Can& c, const Enumeration& en,
                                                         const std::vector<Tracker>& trackers,
                                                         AssertionResult& res) {
  ScenarioTest misses(c.m, c.p, en, [&](const SliceProgram::Result& r) {
    for (const Goal* goal : c.open) {
      if (missed_everywhere(c.p, r, *goal)) return true;
    }
    return false;
  });
  for (std::uint32_t mask : en.masks) {
    if (c.budget.remaining_ms() == 0) throw OutOfTime{c.budget.why()};
    if (!allowed_by(c.m, trackers, en.truth(c.m.conditions.size(), mask)) || !misses(mask)) continue;
    return scenario_of(en, mask);
  }
  res.verdict = Verdict::holds;
  res.relies_on = relies_by_enumeration(c.m, en, trackers, [&](std::uint32_t mask) { return misses(mask); });
  return std::nullopt;
}

/// The same with Z3: a scenario with the fewest true conditions in which a set closed
/// under the rules lacks a goal (see z3_scenario).
std::optional<std::vector<Index>> missing_by_z3(const Can& c, const std::vector<bool>& threats,
                                                AssertionResult& res) {
  z3::context& ctx = c.z3.get();
  z3::solver s(ctx, "QF_FD");
  Encoder enc(c.m, ctx);
  enc.add_assumptions(s, threats, c.a.when);
  std::vector<std::vector<Atom>> lacking;
  for (const Goal* goal : c.open) lacking.push_back(goal->atoms);
  z3::expr goal = closure_lacking(s, enc, c.p, lacking);
  return z3_scenario(s, enc, goal, c.budget, res);
}

/// Records the violation in `scenario`: the first subject that misses its goal there,
/// and the links it misses.
void record(const Can& c, const std::vector<Index>& scenario, AssertionResult& res) {
  res.verdict = Verdict::violated;
  res.scenario = scenario;
  auto guard_on = c.full.guards_on(truth_of(c.m, scenario));
  auto r = c.full.run(guard_on);
  for (const Goal* goal : c.open) {
    if (!missed_everywhere(c.full, r, *goal)) continue;
    res.actor = goal->subject;
    res.item = goal->item;
    // What is missing at the last phase looked at, where retention has gathered most.
    auto l = static_cast<std::uint32_t>(c.full.local(goal->atoms.back()));
    res.missing = explain(c.m, c.g, c.full, r, l, guard_on);
    break;
  }
}

}  // namespace

AssertionResult check_can(const Model& m, Grounder& g, ContextUse& z3, const Assertion& a,
                          const Budget& budget, bool allow_enumeration) {
  AssertionResult res;
  Goals goals = goals_of(m, g, a);
  SliceProgram full(m, g, goals.slice);
  std::vector<const Goal*> open = open_goals(goals, full);
  if (open.empty()) {
    res.verdict = Verdict::holds;  // reached with no `when` at all
    return res;
  }
  // Facts underivable with every clause in effect are absent from every scenario.
  SliceProgram p(m, g, derivable(full));
  std::vector<bool> threats = threats_in(m, p, a.when);
  std::vector<Tracker> trackers = trackers_of(m, threats, a.when);
  Can c{m, a, g, z3, budget, full, p, open};
  std::optional<std::vector<Index>> scenario;
  if (auto en = allow_enumeration ? enumeration(m, p, trackers) : std::nullopt) {
    scenario = missing_by_enumeration(c, *en, trackers, res);
  } else {
    scenario = missing_by_z3(c, threats, res);
  }
  if (scenario) record(c, *scenario, res);
  return res;
}

}  // namespace custody::detail
