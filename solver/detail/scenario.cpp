#include "solver/detail/scenario.hpp"

#include <cstddef>
#include <functional>

#include "solver/detail/cores.hpp"

namespace custody::detail {
namespace {

std::size_t count_true(const z3::model& model, const z3::expr_vector& v) {
  std::size_t n = 0;
  for (unsigned i = 0; i < v.size(); ++i) n += model.eval(v[i], true).is_true() ? 1 : 0;
  return n;
}

/// The fewest literals true, by binary search on an `at most` bound between what is known
/// infeasible and the best model found (a first model may set many conditions that do not
/// matter; stepping down one at a time took a hundred solver calls where seven do). Leaves
/// the best bound asserted (one push level) and returns the model that met it. Sets
/// `minimal` false if the budget ran out first.
z3::model descend(z3::solver& s, const Budget& budget, z3::model best, const z3::expr_vector& lits,
                  const std::function<std::size_t(const z3::model&)>& measure, bool& minimal) {
  std::size_t n = measure(best);
  std::size_t lo = 0;  // every bound below lo is infeasible
  z3::expr_vector none(s.ctx());
  while (lo < n && lits.size() > 0) {
    std::size_t mid = lo + (n - lo) / 2;
    s.push();
    s.add(z3::atmost(lits, static_cast<unsigned>(mid)));
    z3::check_result r;
    try {
      r = run(s, budget, none);
    } catch (const OutOfTime&) {
      s.pop();
      minimal = false;
      break;
    }
    if (r == z3::sat) {
      best = s.get_model();
      n = measure(best);
    } else {
      lo = mid + 1;
    }
    s.pop();
  }
  s.push();
  if (lits.size() > 0) s.add(z3::atmost(lits, static_cast<unsigned>(n)));
  return best;
}

}  // namespace

std::optional<std::vector<Index>> z3_scenario(z3::solver& s, Encoder& enc, const z3::expr& goal,
                                              const Budget& budget, AssertionResult& res) {
  // A fresh vector: copying a z3::expr_vector shares it, and pushing the goal onto a copy
  // of the trackers would append it to enc.trackers too, one past enc.reliances (an
  // unsat core naming it then indexed reliances out of range when minimisation ran out
  // of time).
  z3::expr_vector assumptions(s.ctx());
  for (unsigned i = 0; i < enc.trackers.size(); ++i) assumptions.push_back(enc.trackers[i]);
  assumptions.push_back(goal);
  if (run(s, budget, assumptions) == z3::unsat) {
    res.verdict = Verdict::holds;
    res.relies_on = reliances_of(enc, minimize_core(s, budget, enc, core_indices(s, enc), goal));
    return std::nullopt;
  }
  for (unsigned i = 0; i < enc.trackers.size(); ++i) s.add(enc.trackers[i]);
  s.add(goal);
  z3::expr_vector none(s.ctx());
  if (run(s, budget, none) != z3::sat) throw OutOfTime{"solver changed its answer"};
  z3::expr_vector conds = enc.cond_vars();
  z3::model model = descend(s, budget, s.get_model(), conds,
                            [&](const z3::model& mm) { return count_true(mm, conds); }, res.minimal);
  return enc.true_conditions(model);
}

}  // namespace custody::detail
