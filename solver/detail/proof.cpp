#include "solver/detail/proof.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace custody::detail {
namespace {

/// The proof of one of `goals` with the smallest derivation tree in the fixpoint.
GoalProof cheapest_proof(const SliceProgram& p, const SliceProgram::Result& r,
                         const std::vector<char>& guard_on, const std::vector<std::uint32_t>& goals) {
  GoalProof best;
  auto cheap = p.run_cheapest(guard_on);
  for (std::uint32_t g : goals) {
    if (!r.derived[g]) continue;
    ProofSteps pr = p.proof(cheap, g);
    if (best.steps.empty() || pr.size() < best.steps.size()) {
      best.steps = std::move(pr);
      best.goal = g;
    }
  }
  return best;
}

}  // namespace

Budget path_budget(const Budget& budget) {
  return Budget(std::min(budget.remaining_ms(), std::clamp(budget.remaining_ms() / 4, 500u, 2000u)),
                budget.cancel(), budget.memory());
}

GoalProof shortest_proof(const SliceProgram& p, const std::vector<bool>& truth,
                         const std::vector<std::uint32_t>& goals, ContextUse& z3, const Budget& budget,
                         bool exact) {
  auto guard_on = p.guards_on(truth);
  auto r = p.run(guard_on);
  GoalProof best = cheapest_proof(p, r, guard_on, goals);
  std::vector<std::uint32_t> reached;
  for (std::uint32_t g : goals) {
    if (r.derived[g]) reached.push_back(g);
  }
  if (reached.size() == 1 && p.forced(r, guard_on, best.steps)) return best;
  if (!exact || p.size() > kMaxExactAtoms) {
    best.minimal = false;
    return best;
  }
  Budget shorter = path_budget(budget);
  try {
    z3::context& ctx = z3.get();
    z3::solver s(ctx, "QF_FD");
    Derivation d(p, ctx, nullptr, r.derived, guard_on);
    d.add_to(s);
    z3::expr_vector any(ctx);
    for (std::uint32_t g : reached) any.push_back(d.selected(g));
    s.add(z3::mk_or(any));
    shorten(s, d, reached, shorter, best);
  } catch (const OutOfTime&) {
    best.minimal = false;
  }
  return best;
}

void shorten(z3::solver& s, const Derivation& d, const std::vector<std::uint32_t>& goals,
             const Budget& budget, GoalProof& proof, const std::function<void(const z3::model&)>& found) {
  z3::expr_vector none(s.ctx());
  while (proof.steps.size() > 1) {
    s.add(z3::atmost(d.sel_vars, static_cast<unsigned>(proof.steps.size() - 1)));
    if (run(s, budget, none) == z3::unsat) break;
    z3::model model = s.get_model();
    for (std::uint32_t g : goals) {
      if (!model.eval(d.selected(g), true).is_true()) continue;
      proof.steps = d.extract(model, g);
      proof.goal = g;
      if (found) found(model);
      break;
    }
  }
}

std::vector<Step> to_steps(const Grounder& g, const SliceProgram& p, const ProofSteps& proof) {
  std::vector<Step> out;
  std::unordered_map<std::uint32_t, std::size_t> index;
  for (const auto& ps : proof) {
    Step st = make_step(g.fact(p.atom(ps.atom)), g.rule(p.rule(ps.rule).ground).proto);
    for (std::uint32_t b : ps.premises) st.premises.push_back(index.at(b));
    if (st.rule == RuleKind::split) {
      st.keys.clear();
      for (std::uint32_t b : ps.premises) st.keys.push_back(g.fact(p.atom(b)).item);
    }
    index[ps.atom] = out.size();
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace custody::detail
