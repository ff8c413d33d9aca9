// Verdicts with Z3.
//
// Encoding (see README, "How the checker decides"):
//  - `cannot`: is there a scenario with a *derivation* of the fact? Each atom of the slice
//    gets a selection literal, each ground rule a firing literal. A selected atom needs a
//    firing rule; a firing rule needs its guard and its selected premises. Inside a
//    strongly connected component of the dependency graph a premise must also have a
//    smaller integer rank than the conclusion, so selected atoms form a well-founded proof
//    and cycles (a key wrapped by itself, keys wrapping each other, flow loops) cannot
//    support themselves. Satisfiable = violated; the model is the scenario and the proof.
//  - `can`: is there a scenario and a set of atoms closed under every active rule that
//    lacks the fact? The least model is the smallest closed set, so such a set exists
//    iff the least model lacks the fact. Satisfiable = violated.
//  Minimality: fewest true conditions first, then fewest steps, each by tightening an
//  `at most` bound until unsatisfiable.

#include "solver/solver.hpp"

#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <unordered_map>

#include "solver/detail/ground.hpp"

namespace custody {

const char* to_string(RuleKind r) {
  switch (r) {
    case RuleKind::custody: return "custody";
    case RuleKind::use: return "use";
    case RuleKind::hsm: return "hsm";
    case RuleKind::decrypt: return "decrypt";
    case RuleKind::unwrap: return "unwrap";
    case RuleKind::split: return "split";
    case RuleKind::flow: return "flow";
    case RuleKind::compels: return "compels";
    case RuleKind::seizes: return "seizes";
    case RuleKind::threat: return "threat";
  }
  return "rule";
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::holds: return "holds";
    case Verdict::violated: return "violated";
    case Verdict::inconclusive: return "inconclusive";
  }
  return "inconclusive";
}

namespace {

using detail::Atom;
using detail::Grounder;
using detail::GroundRule;
using Clock = std::chrono::steady_clock;

/// Thrown inside this file when the time budget of an assertion is spent.
struct OutOfTime {
  std::string reason;
};

class Budget {
 public:
  explicit Budget(unsigned ms) : deadline_(Clock::now() + std::chrono::milliseconds(ms)) {}
  unsigned remaining_ms() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    return left.count() > 0 ? static_cast<unsigned>(left.count()) : 0;
  }

 private:
  Clock::time_point deadline_;
};

/// Runs a check within the budget: sat/unsat, or OutOfTime.
z3::check_result run(z3::solver& s, const Budget& b, const z3::expr_vector& assumptions) {
  unsigned ms = b.remaining_ms();
  if (ms == 0) throw OutOfTime{"timeout"};
  z3::params p(s.ctx());
  p.set("timeout", ms);
  s.set(p);
  z3::check_result r = s.check(assumptions);
  if (r == z3::unknown) throw OutOfTime{s.reason_unknown()};
  return r;
}

/// Condition variables, expressions and guards as Z3 terms, and the trackers of the
/// assumptions (user `assume`s and threat bounds).
class Encoder {
 public:
  Encoder(const Model& m, z3::context& ctx) : trackers(ctx), m_(m), ctx_(ctx) {}

  z3::expr cond(Index c) {
    auto it = conds_.find(c);
    if (it != conds_.end()) return it->second;
    z3::expr v = ctx_.bool_const(("c" + std::to_string(c)).c_str());
    conds_.emplace(c, v);
    cond_order_.push_back(c);
    return v;
  }

  z3::expr expr(ExprId id) {
    auto it = exprs_.find(id);
    if (it != exprs_.end()) return it->second;
    const Expr& e = m_.exprs[id];
    z3::expr out = ctx_.bool_val(true);
    auto vars = [&] {
      z3::expr_vector v(ctx_);
      for (Index c : e.args) v.push_back(cond(c));
      return v;
    };
    switch (e.op) {
      case Expr::Op::var: out = cond(e.args[0]); break;
      case Expr::Op::not_: out = !expr(e.args[0]); break;
      case Expr::Op::and_: {
        z3::expr_vector v(ctx_);
        for (Index a : e.args) v.push_back(expr(a));
        out = z3::mk_and(v);
        break;
      }
      case Expr::Op::or_: {
        z3::expr_vector v(ctx_);
        for (Index a : e.args) v.push_back(expr(a));
        out = z3::mk_or(v);
        break;
      }
      case Expr::Op::implies: out = z3::implies(expr(e.args[0]), expr(e.args[1])); break;
      case Expr::Op::at_most:
        out = e.args.empty() ? ctx_.bool_val(true) : z3::atmost(vars(), e.k);
        break;
      case Expr::Op::at_least:
        out = e.k == 0 ? ctx_.bool_val(true) : z3::atleast(vars(), e.k);
        break;
      case Expr::Op::exactly:
        out = e.args.empty() ? ctx_.bool_val(e.k == 0)
                             : (z3::atmost(vars(), e.k) &&
                                (e.k == 0 ? ctx_.bool_val(true) : z3::atleast(vars(), e.k)));
        break;
    }
    exprs_.emplace(id, out);
    return out;
  }

  z3::expr guard(const detail::Guard& g) {
    z3::expr_vector v(ctx_);
    for (ExprId e : g.exprs) v.push_back(expr(e));
    for (Index c : g.conds) v.push_back(cond(c));
    return v.empty() ? ctx_.bool_val(true) : z3::mk_and(v);
  }

  /// Adds `tracker -> assumption` for every assume and threat bound.
  void add_assumptions(z3::solver& s) {
    for (Index i = 0; i < m_.assumes.size(); ++i) {
      z3::expr t = ctx_.bool_const(("assume" + std::to_string(i)).c_str());
      s.add(z3::implies(t, expr(m_.assumes[i].expr)));
      trackers.push_back(t);
      reliances.push_back({i, std::nullopt, m_.assumes[i].span});
    }
    for (Index i = 0; i < m_.threats.size(); ++i) {
      const Threat& th = m_.threats[i];
      if (th.conditions.size() <= th.k) continue;  // the bound constrains nothing
      z3::expr_vector v(ctx_);
      for (Index c : th.conditions) v.push_back(cond(c));
      z3::expr t = ctx_.bool_const(("threat" + std::to_string(i)).c_str());
      s.add(z3::implies(t, z3::atmost(v, th.k)));
      trackers.push_back(t);
      reliances.push_back({std::nullopt, i, th.span});
    }
  }

  /// Every condition variable created so far (the ones any constraint mentions).
  z3::expr_vector cond_vars() {
    z3::expr_vector v(ctx_);
    for (Index c : cond_order_) v.push_back(conds_.at(c));
    return v;
  }

  std::vector<Index> true_conditions(const z3::model& model) {
    std::vector<Index> out;
    for (Index c : cond_order_) {
      if (model.eval(conds_.at(c), true).is_true()) out.push_back(c);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  z3::expr_vector trackers;
  std::vector<Reliance> reliances;

 private:
  const Model& m_;
  z3::context& ctx_;
  std::unordered_map<Index, z3::expr> conds_;
  std::vector<Index> cond_order_;
  std::unordered_map<ExprId, z3::expr> exprs_;
};

std::size_t count_true(const z3::model& model, const z3::expr_vector& v) {
  std::size_t n = 0;
  for (unsigned i = 0; i < v.size(); ++i) n += model.eval(v[i], true).is_true() ? 1 : 0;
  return n;
}

/// Tightens `at most` on the literals until unsatisfiable; leaves the last satisfiable
/// bound asserted (one push level) and returns the model that met it. Sets `minimal` false
/// if the budget ran out first.
z3::model descend(z3::solver& s, const Budget& budget, z3::model best, const z3::expr_vector& lits,
                  const std::function<std::size_t(const z3::model&)>& measure, bool& minimal) {
  std::size_t n = measure(best);
  z3::expr_vector none(s.ctx());
  while (n > 0 && lits.size() > 0) {
    s.push();
    s.add(z3::atmost(lits, static_cast<unsigned>(n - 1)));
    z3::check_result r;
    try {
      r = run(s, budget, none);
    } catch (const OutOfTime&) {
      s.pop();
      minimal = false;
      break;
    }
    if (r == z3::unsat) {
      s.pop();
      break;
    }
    best = s.get_model();
    n = measure(best);
  }
  s.push();
  if (lits.size() > 0) s.add(z3::atmost(lits, static_cast<unsigned>(n)));
  return best;
}

/// Shrinks an unsat core of trackers to a minimal one by deletion.
std::vector<unsigned> minimize_core(z3::solver& s, const Budget& budget, const Encoder& enc,
                                    std::vector<unsigned> core, const z3::expr& goal) {
  for (std::size_t i = 0; i < core.size();) {
    z3::expr_vector a(s.ctx());
    a.push_back(goal);
    for (std::size_t j = 0; j < core.size(); ++j) {
      if (j != i) a.push_back(enc.trackers[core[j]]);
    }
    z3::check_result r;
    try {
      r = run(s, budget, a);
    } catch (const OutOfTime&) {
      return core;  // still a correct (if not minimal) set
    }
    if (r == z3::unsat) {
      core.erase(core.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  return core;
}

std::vector<unsigned> core_indices(z3::solver& s, const Encoder& enc) {
  z3::expr_vector core = s.unsat_core();
  std::vector<unsigned> out;
  for (unsigned i = 0; i < enc.trackers.size(); ++i) {
    for (unsigned j = 0; j < core.size(); ++j) {
      if (z3::eq(core[j], enc.trackers[i])) {
        out.push_back(i);
        break;
      }
    }
  }
  return out;
}

/// Strongly connected components (iterative Tarjan) of the graph premise -> conclusion
/// over the given atoms; returns, per atom, whether it lies on a cycle, and its component.
struct Components {
  std::unordered_map<Atom, std::uint32_t> comp;
  std::unordered_map<std::uint32_t, bool> cyclic;
};

Components components(const std::vector<Atom>& atoms,
                      const std::unordered_map<Atom, std::vector<Atom>>& succ) {
  Components out;
  std::unordered_map<Atom, std::uint32_t> index, low;
  std::unordered_map<Atom, bool> on_stack;
  std::vector<Atom> stack;
  std::uint32_t counter = 0, ncomp = 0;
  static const std::vector<Atom> kNone;
  auto next_of = [&](Atom a) -> const std::vector<Atom>& {
    auto it = succ.find(a);
    return it == succ.end() ? kNone : it->second;
  };
  for (Atom root : atoms) {
    if (index.count(root)) continue;
    std::vector<std::pair<Atom, std::size_t>> work{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!work.empty()) {
      auto& [v, i] = work.back();
      const auto& next = next_of(v);
      if (i < next.size()) {
        Atom w = next[i++];
        if (!index.count(w)) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::uint32_t size = 0;
        bool self = false;
        for (Atom w : next) self = self || w == v;
        Atom w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          out.comp[w] = ncomp;
          ++size;
        } while (w != v);
        out.cyclic[ncomp] = size > 1 || self;
        ++ncomp;
      }
      Atom done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return out;
}

Atom goal_atom(Grounder& g, const Assertion& a, Index actor) {
  switch (a.verb) {
    case Verb::read: return g.atom({Fact::Type::plain, actor, a.target.id, 0});
    case Verb::obtain: return g.atom({Fact::Type::material, actor, a.target.id, 0});
    case Verb::use: return g.atom({Fact::Type::use, actor, a.target.id, 0});
  }
  return 0;
}

/// The derivation encoding of one `cannot` assertion.
class Derivation {
 public:
  Derivation(const Model& m, Grounder& g, z3::context& ctx, Encoder& enc,
             const std::vector<Atom>& slice, const detail::Fixpoint& over)
      : sel_vars(ctx), g_(g), ctx_(ctx) {
    // Only atoms derivable with every rule active can ever be selected.
    for (Atom a : slice) {
      if (over.derived[a]) atoms_.push_back(a);
    }
    std::unordered_map<Atom, std::vector<Atom>> succ;
    for (Atom h : atoms_) {
      for (std::uint32_t r : g.rules_for(h)) {
        const GroundRule& rule = g.rule(r);
        std::size_t live = 0;
        for (Atom b : rule.body) live += over.derived[b] ? 1 : 0;
        if (live < rule.k) continue;
        rules_[h].push_back(r);
        for (Atom b : rule.body) {
          if (over.derived[b]) succ[b].push_back(h);
        }
      }
    }
    comps_ = components(atoms_, succ);
    for (Atom a : atoms_) {
      z3::expr v = ctx.bool_const(("s" + std::to_string(a)).c_str());
      sel_.emplace(a, v);
      sel_vars.push_back(v);
      if (comps_.cyclic[comps_.comp[a]]) rank_.emplace(a, ctx.int_const(("r" + std::to_string(a)).c_str()));
    }
    for (Atom h : atoms_) {
      z3::expr_vector support(ctx);
      for (std::uint32_t r : rules_[h]) {
        const GroundRule& rule = g.rule(r);
        z3::expr f = ctx.bool_const(("f" + std::to_string(r)).c_str());
        fire_.emplace(r, f);
        support.push_back(f);
        z3::expr_vector prem(ctx);
        for (Atom b : rule.body) {
          if (!sel_.count(b)) continue;
          prem.push_back(lower(b, h) ? sel_.at(b) && (rank_.at(b) < rank_.at(h)) : sel_.at(b));
        }
        z3::expr need = rule.k == 0 ? ctx.bool_val(true)
                        : rule.k == rule.body.size() ? z3::mk_and(prem)
                                                     : z3::atleast(prem, rule.k);
        (void)m;
        cons_.push_back(z3::implies(f, enc.guard(rule.guard) && need));
      }
      cons_.push_back(z3::implies(sel_.at(h), support.empty() ? ctx.bool_val(false) : z3::mk_or(support)));
    }
  }

  void add_to(z3::solver& s) const {
    for (const auto& c : cons_) s.add(c);
  }

  z3::expr selected(Atom a) const {
    auto it = sel_.find(a);
    return it == sel_.end() ? ctx_.bool_val(false) : it->second;
  }

  /// The proof in the model, from `goal`: premises before conclusions.
  std::vector<Step> extract(const z3::model& model, Atom goal) {
    std::unordered_map<Atom, std::size_t> step_of;
    std::vector<Step> steps;
    struct Frame {
      Atom atom;
      std::vector<Atom> premises;
      std::size_t next = 0;
      const GroundRule* rule = nullptr;
    };
    std::vector<Frame> work;
    std::unordered_map<Atom, bool> open;
    auto push = [&](Atom a) {
      Frame fr{a, {}, 0, nullptr};
      for (std::uint32_t r : rules_[a]) {
        if (!model.eval(fire_.at(r), true).is_true()) continue;
        const GroundRule& rule = g_.rule(r);
        fr.rule = &rule;
        for (Atom b : rule.body) {
          if (fr.premises.size() == rule.k) break;
          if (!sel_.count(b) || !model.eval(sel_.at(b), true).is_true()) continue;
          if (lower(b, a) && !model.eval(rank_.at(b) < rank_.at(a), true).is_true()) continue;
          fr.premises.push_back(b);
        }
        break;
      }
      open[a] = true;
      work.push_back(std::move(fr));
    };
    push(goal);
    while (!work.empty()) {
      Frame& fr = work.back();
      if (fr.next < fr.premises.size()) {
        Atom b = fr.premises[fr.next++];
        if (!step_of.count(b) && !open[b]) push(b);
        continue;
      }
      Step st = fr.rule->proto;
      for (Atom b : fr.premises) st.premises.push_back(step_of.at(b));
      if (st.rule == RuleKind::split) {
        st.keys.clear();
        for (Atom b : fr.premises) st.keys.push_back(g_.fact(b).item);
      }
      step_of[fr.atom] = steps.size();
      steps.push_back(std::move(st));
      open[fr.atom] = false;
      work.pop_back();
    }
    return steps;
  }

  z3::expr_vector sel_vars;

 private:
  bool lower(Atom b, Atom h) const {
    auto cb = comps_.comp.find(b), ch = comps_.comp.find(h);
    return cb != comps_.comp.end() && ch != comps_.comp.end() && cb->second == ch->second &&
           comps_.cyclic.at(cb->second);
  }

  Grounder& g_;
  z3::context& ctx_;
  std::vector<Atom> atoms_;
  std::unordered_map<Atom, std::vector<std::uint32_t>> rules_;
  Components comps_;
  std::unordered_map<Atom, z3::expr> sel_;
  std::unordered_map<Atom, z3::expr> rank_;
  std::unordered_map<std::uint32_t, z3::expr> fire_;
  std::vector<z3::expr> cons_;
};

std::vector<Reliance> reliances_of(const Encoder& enc, const std::vector<unsigned>& core) {
  std::vector<Reliance> out;
  for (unsigned i : core) out.push_back(enc.reliances[i]);
  return out;
}

std::vector<bool> truth_of(const Model& m, const std::vector<Index>& true_conditions) {
  std::vector<bool> truth(m.conditions.size(), false);
  for (Index c : true_conditions) truth[c] = true;
  return truth;
}

/// Why the subject lacks the goal in the scenario: the goal's rules with their missing
/// premises, then the rules of those premises, breadth first, a few at most.
std::vector<MissingLink> explain(const Model& m, Grounder& g, const std::vector<Atom>& slice,
                                 Atom goal, const std::vector<bool>& truth) {
  auto fp = detail::least_fixpoint(
      g, slice, [&](const GroundRule& r) { return detail::eval(m, r.guard, truth); });
  std::vector<MissingLink> out;
  std::vector<Atom> queue{goal};
  std::unordered_map<Atom, bool> seen{{goal, true}};
  constexpr std::size_t kMaxLinks = 12;
  for (std::size_t qi = 0; qi < queue.size() && out.size() < kMaxLinks; ++qi) {
    Atom a = queue[qi];
    for (std::uint32_t r : g.rules_for(a)) {
      if (out.size() >= kMaxLinks) break;
      const GroundRule& rule = g.rule(r);
      MissingLink link;
      link.fact = g.fact(a);
      link.rule = rule.proto.rule;
      link.locations = rule.proto.locations;
      link.guard_off = !detail::eval(m, rule.guard, truth);
      for (Atom b : rule.body) {
        if (b < fp.derived.size() && fp.derived[b]) continue;
        link.lacking.push_back(g.fact(b));
        if (!seen[b] && queue.size() < 4) {
          seen[b] = true;
          queue.push_back(b);
        }
      }
      out.push_back(std::move(link));
    }
  }
  return out;
}

AssertionResult check_cannot(const Model& m, Grounder& g, const Assertion& a, const Budget& budget) {
  AssertionResult res;
  std::vector<Index> subjects = m.subjects(a);
  std::vector<Atom> goals;
  for (Index x : subjects) goals.push_back(goal_atom(g, a, x));
  std::vector<Atom> slice = g.slice(goals);
  auto over = detail::least_fixpoint(g, slice, [](const GroundRule&) { return true; });
  std::vector<std::pair<Index, Atom>> live;
  for (std::size_t i = 0; i < goals.size(); ++i) {
    if (over.derived[goals[i]]) live.emplace_back(subjects[i], goals[i]);
  }
  if (live.empty()) {
    res.verdict = Verdict::holds;  // unreachable even with every clause in effect
    return res;
  }

  z3::context ctx;
  z3::solver s(ctx);
  Encoder enc(m, ctx);
  enc.add_assumptions(s);
  Derivation d(m, g, ctx, enc, slice, over);
  d.add_to(s);
  z3::expr_vector any(ctx);
  for (const auto& [x, atom] : live) any.push_back(d.selected(atom));
  z3::expr goal = z3::mk_or(any);

  z3::expr_vector assumptions = enc.trackers;
  assumptions.push_back(goal);
  if (run(s, budget, assumptions) == z3::unsat) {
    res.verdict = Verdict::holds;
    auto core = minimize_core(s, budget, enc, core_indices(s, enc), goal);
    res.relies_on = reliances_of(enc, core);
    return res;
  }
  res.verdict = Verdict::violated;
  for (unsigned i = 0; i < enc.trackers.size(); ++i) s.add(enc.trackers[i]);
  s.add(goal);
  z3::expr_vector none(ctx);
  if (run(s, budget, none) != z3::sat) throw OutOfTime{"solver changed its answer"};
  z3::model model = s.get_model();
  z3::expr_vector conds = enc.cond_vars();
  model = descend(s, budget, model, conds,
                  [&](const z3::model& mm) { return count_true(mm, conds); }, res.minimal);

  auto chosen = [&](const z3::model& mm) {
    for (const auto& [x, atom] : live) {
      if (mm.eval(d.selected(atom), true).is_true()) return std::make_pair(x, atom);
    }
    return live.front();
  };
  model = descend(s, budget, model, d.sel_vars,
                  [&](const z3::model& mm) { return d.extract(mm, chosen(mm).second).size(); },
                  res.minimal);
  res.actor = chosen(model).first;
  res.path = d.extract(model, chosen(model).second);
  res.scenario = enc.true_conditions(model);
  return res;
}

AssertionResult check_can(const Model& m, Grounder& g, const Assertion& a, const Budget& budget) {
  AssertionResult res;
  std::vector<Index> subjects = m.subjects(a);
  std::vector<Atom> goals;
  for (Index x : subjects) goals.push_back(goal_atom(g, a, x));
  std::vector<Atom> slice = g.slice(goals);
  auto under = detail::least_fixpoint(g, slice, [](const GroundRule& r) { return r.guard.always(); });
  std::vector<std::pair<Index, Atom>> open;
  for (std::size_t i = 0; i < goals.size(); ++i) {
    if (!under.derived[goals[i]]) open.emplace_back(subjects[i], goals[i]);
  }
  if (open.empty()) {
    res.verdict = Verdict::holds;  // reached with no `when` at all
    return res;
  }

  z3::context ctx;
  z3::solver s(ctx);
  Encoder enc(m, ctx);
  enc.add_assumptions(s);
  std::unordered_map<Atom, z3::expr> in;
  for (Atom x : slice) in.emplace(x, ctx.bool_const(("m" + std::to_string(x)).c_str()));
  for (Atom h : slice) {
    for (std::uint32_t r : g.rules_for(h)) {
      const GroundRule& rule = g.rule(r);
      z3::expr_vector prem(ctx);
      for (Atom b : rule.body) prem.push_back(in.at(b));
      z3::expr body = rule.k == 0 ? ctx.bool_val(true)
                      : rule.k == rule.body.size() ? z3::mk_and(prem)
                                                   : z3::atleast(prem, rule.k);
      s.add(z3::implies(enc.guard(rule.guard) && body, in.at(h)));
    }
  }
  z3::expr_vector any(ctx);
  for (const auto& [x, atom] : open) any.push_back(!in.at(atom));
  z3::expr goal = z3::mk_or(any);

  z3::expr_vector assumptions = enc.trackers;
  assumptions.push_back(goal);
  if (run(s, budget, assumptions) == z3::unsat) {
    res.verdict = Verdict::holds;
    auto core = minimize_core(s, budget, enc, core_indices(s, enc), goal);
    res.relies_on = reliances_of(enc, core);
    return res;
  }
  res.verdict = Verdict::violated;
  for (unsigned i = 0; i < enc.trackers.size(); ++i) s.add(enc.trackers[i]);
  s.add(goal);
  z3::expr_vector none(ctx);
  if (run(s, budget, none) != z3::sat) throw OutOfTime{"solver changed its answer"};
  z3::expr_vector conds = enc.cond_vars();
  z3::model model = descend(s, budget, s.get_model(), conds,
                            [&](const z3::model& mm) { return count_true(mm, conds); }, res.minimal);
  res.scenario = enc.true_conditions(model);
  std::vector<bool> truth = truth_of(m, res.scenario);
  auto fp = detail::least_fixpoint(
      g, slice, [&](const GroundRule& r) { return detail::eval(m, r.guard, truth); });
  for (const auto& [x, atom] : open) {
    if (!fp.derived[atom]) {
      res.actor = x;
      res.missing = explain(m, g, slice, atom, truth);
      break;
    }
  }
  return res;
}

}  // namespace

CheckReport check(const Model& m, const std::vector<Index>& which, const SolverOptions& opts) {
  CheckReport report;
  // Assumptions that no scenario satisfies would make every `cannot` hold vacuously.
  try {
    z3::context ctx;
    z3::solver s(ctx);
    Encoder enc(m, ctx);
    enc.add_assumptions(s);
    Budget budget(opts.timeout_ms);
    z3::expr truth = ctx.bool_val(true);
    if (run(s, budget, enc.trackers) == z3::unsat) {
      auto core = minimize_core(s, budget, enc, core_indices(s, enc), truth);
      std::vector<Note> notes;
      for (std::size_t i = 1; i < core.size(); ++i) {
        notes.push_back({enc.reliances[core[i]].span, "conflicts with this assumption"});
      }
      Span at = core.empty() ? Span{kNoFile, 0, 0} : enc.reliances[core[0]].span;
      report.errors.error("vacuous-assumptions", at,
                          "no scenario satisfies the assumptions, so every assertion would hold "
                          "vacuously",
                          std::move(notes));
      return report;
    }
  } catch (const OutOfTime&) {
    // Undecided; each assertion then meets the same limit and reports it.
  } catch (const z3::exception&) {
  }

  Grounder g(m);
  std::vector<Index> todo = which;
  if (todo.empty()) {
    for (Index i = 0; i < m.assertions.size(); ++i) todo.push_back(i);
  }
  for (Index i : todo) {
    const Assertion& a = m.assertions[i];
    Budget budget(opts.timeout_ms);
    AssertionResult r;
    try {
      r = a.can ? check_can(m, g, a, budget) : check_cannot(m, g, a, budget);
    } catch (const OutOfTime& e) {
      r = {};
      r.verdict = Verdict::inconclusive;
      r.reason = e.reason.empty() ? "solver limit reached" : e.reason;
    } catch (const z3::exception& e) {
      r = {};
      r.verdict = Verdict::inconclusive;
      r.reason = e.msg();
    }
    r.assertion = i;
    report.results.push_back(std::move(r));
  }
  return report;
}

std::vector<Fact> least_model(const Model& m, const std::vector<Index>& true_conditions) {
  Grounder g(m);
  std::vector<Atom> goals;
  for (Index a = 0; a < m.actors.size(); ++a) {
    for (Index d = 0; d < m.data.size(); ++d) goals.push_back(g.atom({Fact::Type::plain, a, d, 0}));
    for (Index k = 0; k < m.keys.size(); ++k) {
      goals.push_back(g.atom({Fact::Type::use, a, k, 0}));
      for (const Wrap& w : m.keys[k].wraps) goals.push_back(g.atom({Fact::Type::blob, a, k, w.wrapper}));
    }
  }
  std::vector<Atom> slice = g.slice(goals);
  std::vector<bool> truth = truth_of(m, true_conditions);
  auto fp = detail::least_fixpoint(
      g, slice, [&](const GroundRule& r) { return detail::eval(m, r.guard, truth); });
  std::vector<Fact> out;
  for (Atom a : slice) {
    if (fp.derived[a]) out.push_back(g.fact(a));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace custody
