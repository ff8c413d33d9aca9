// The `cannot` check: is there a scenario, allowed by the assumptions, in which a subject
// reaches the target? Decided by enumerating scenarios when few conditions matter, else
// with Z3 over the derivation encoding (solver/detail/derivation.hpp).
//
// Minimality: fewest true conditions first, then fewest steps, each by tightening an
// `at most` bound until unsatisfiable.

#include <z3++.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "solver/detail/checks.hpp"
#include "solver/detail/derivation.hpp"
#include "solver/detail/encoder.hpp"
#include "solver/detail/enumeration.hpp"
#include "solver/detail/goals.hpp"
#include "solver/detail/program.hpp"
#include "solver/detail/proof.hpp"
#include "solver/detail/scenario.hpp"

namespace custody::detail {
namespace {

/// The goals that some scenario can derive (a local atom each), with the (subject, item)
/// pair each belongs to.
class LiveGoals {
 public:
  LiveGoals(const Goals& goals, const SliceProgram& p) : goals_(goals) {
    for (std::size_t i = 0; i < goals.goals.size(); ++i) {
      for (Atom a : goals.goals[i].atoms) {
        std::int64_t l = p.local(a);
        if (l >= 0) live_.emplace_back(i, static_cast<std::uint32_t>(l));
      }
    }
    for (const auto& [i, l] : live_) atoms_.push_back(l);
  }
  bool empty() const { return live_.empty(); }
  /// The goals, in the order of the subjects, then items, then phases.
  const std::vector<std::uint32_t>& atoms() const { return atoms_; }
  /// The pair whose goal is `l` (the first live one when none is).
  const Goal& goal_of(std::uint32_t l) const {
    for (const auto& [i, gl] : live_) {
      if (gl == l) return goals_.goals[i];
    }
    return goals_.goals[live_.front().first];
  }

 private:
  const Goals& goals_;
  std::vector<std::pair<std::size_t, std::uint32_t>> live_;  // goal, local atom
  std::vector<std::uint32_t> atoms_;
};

/// A `cannot` over the slice that some scenario can derive: what both ways of deciding
/// it draw on.
struct Cannot {
  const Model& m;
  const Assertion& a;
  const Grounder& g;
  ContextUse& z3;
  const Budget& budget;
  bool shortest;
  const SliceProgram& p;
  const SliceProgram::Result& over;  // the fixpoint with every clause in effect
  const LiveGoals& live;
};

/// No scenario allows a shorter path than the most permissive one does: when its cheapest
/// proof is forced, that is a lower bound that ends the search once met (1 otherwise).
std::size_t path_lower_bound(const Cannot& c) {
  auto cheap = c.p.run_cheapest({});
  std::size_t lb = std::numeric_limits<std::size_t>::max();
  for (std::uint32_t l : c.live.atoms()) {
    ProofSteps pr = c.p.proof(cheap, l);
    lb = std::min(lb, c.p.forced(c.over, {}, pr) ? pr.size() : std::size_t{1});
  }
  return lb;
}

/// Records the path of a scenario as the violation.
void record(const Cannot& c, std::vector<Index> scenario, const GoalProof& proof, AssertionResult& res) {
  res.verdict = Verdict::violated;
  res.scenario = std::move(scenario);
  res.path = to_steps(c.g, c.p, proof.steps);
  const Goal& goal = c.live.goal_of(proof.goal);
  res.actor = goal.subject;
  res.item = goal.item;
  res.minimal = proof.minimal;
}

/// Tries the scenarios in order of fewest true conditions; among the first that reach a
/// goal, keeps the shortest path. Holds, with the assumptions it relies on, when none does.
AssertionResult by_enumeration(const Cannot& c, const Enumeration& en, const std::vector<Tracker>& trackers) {
  AssertionResult res;
  ScenarioTest reaches(c.m, c.p, en, [&](const SliceProgram::Result& r) {
    bool any = false;
    for (std::uint32_t l : c.live.atoms()) any = any || r.derived[l];
    return any;
  });
  std::size_t lower_bound = path_lower_bound(c);
  int level = -1;
  int candidates = 1;
  for (std::uint32_t mask : en.masks) {
    if (res.verdict == Verdict::violated && res.minimal && res.path.size() <= lower_bound) break;
    int pc = __builtin_popcount(mask);
    if (level >= 0 && pc > level) break;
    if (c.budget.remaining_ms() == 0) {
      // The verdict and the fewest conditions are known once a violation is found; only
      // the comparison of paths across scenarios is cut short.
      if (res.verdict == Verdict::violated) {
        res.minimal = false;
        break;
      }
      throw OutOfTime{c.budget.why()};
    }
    std::vector<bool> truth = en.truth(c.m.conditions.size(), mask);
    if (!allowed_by(c.m, trackers, truth) || !reaches(mask)) continue;
    // A scenario with the fewest true conditions: keep the one with the shortest path,
    // comparing a bounded number of them.
    constexpr int kMaxCandidates = 64;
    if (res.verdict == Verdict::violated && ++candidates > kMaxCandidates) {
      res.minimal = false;
      break;
    }
    level = pc;
    GoalProof proof = shortest_proof(c.p, truth, c.live.atoms(), c.z3, c.budget, c.shortest);
    if (res.verdict != Verdict::violated || proof.steps.size() < res.path.size()) {
      record(c, scenario_of(en, mask), proof, res);
    }
  }
  if (res.verdict == Verdict::violated) return res;
  res.verdict = Verdict::holds;
  res.relies_on = relies_by_enumeration(c.m, en, trackers, [&](std::uint32_t mask) { return reaches(mask); });
  return res;
}

/// Asks Z3 for a scenario with the fewest true conditions in which a goal has a
/// derivation, then for the shortest path among all such scenarios.
AssertionResult by_z3(const Cannot& c, const std::vector<bool>& threats) {
  AssertionResult res;
  z3::context& ctx = c.z3.get();
  z3::solver s(ctx, "QF_FD");
  Encoder enc(c.m, ctx);
  enc.add_assumptions(s, threats, c.a.when);
  Derivation d(c.p, ctx, &enc, c.over.derived, {});
  d.add_to(s);
  z3::expr_vector any(ctx);
  for (std::uint32_t l : c.live.atoms()) any.push_back(d.selected(l));
  z3::expr goal = z3::mk_or(any);

  auto scenario = z3_scenario(s, enc, goal, c.budget, res);
  if (!scenario) return res;
  // A first path: the shortest in this scenario, found as in the enumeration.
  GoalProof proof =
      shortest_proof(c.p, truth_of(c.m, *scenario), c.live.atoms(), c.z3, c.budget, c.shortest);
  proof.minimal = proof.minimal && res.minimal;
  // Another scenario with as few true conditions may allow a shorter path: the solver
  // still holds the bound on conditions, so tighten the number of steps across all of them.
  if (c.shortest && proof.minimal && c.p.size() <= kMaxExactAtoms) {
    try {
      shorten(s, d, c.live.atoms(), path_budget(c.budget), proof,
              [&](const z3::model& model) { *scenario = enc.true_conditions(model); });
    } catch (const OutOfTime&) {
      proof.minimal = false;
    }
  }
  record(c, std::move(*scenario), proof, res);
  return res;
}

}  // namespace

AssertionResult check_cannot(const Model& m, Grounder& g, ContextUse& z3, const Assertion& a,
                             const Budget& budget, bool allow_enumeration, bool shortest) {
  Goals goals = goals_of(m, g, a);
  std::vector<Atom> reachable = derivable(SliceProgram(m, g, goals.slice));
  SliceProgram p(m, g, reachable);
  auto over = p.run({});
  LiveGoals live(goals, p);
  if (live.empty()) {
    AssertionResult res;
    res.verdict = Verdict::holds;  // unreachable even with every clause in effect
    return res;
  }
  Cannot c{m, a, g, z3, budget, shortest, p, over, live};
  std::vector<bool> threats = threats_in(m, p, a.when);
  std::vector<Tracker> trackers = trackers_of(m, threats, a.when);
  if (auto en = allow_enumeration ? enumeration(m, p, trackers) : std::nullopt) {
    return by_enumeration(c, *en, trackers);
  }
  // Too many conditions to enumerate: search scenarios with Z3.
  return by_z3(c, threats);
}

}  // namespace custody::detail
