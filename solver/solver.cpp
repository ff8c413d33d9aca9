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

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <new>
#include <unordered_map>

#include "solver/detail/ground.hpp"
#include "solver/detail/memory.hpp"
#include "solver/detail/program.hpp"

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

/// A deadline, and two flags that stop the work when raised from another thread: the
/// session's interrupt (Session::interrupt) and its memory watchdog. Once either is raised,
/// no time remains.
class Budget {
 public:
  explicit Budget(unsigned ms, const std::atomic<bool>* cancel = nullptr,
                  const std::atomic<bool>* out_of_memory = nullptr)
      : deadline_(Clock::now() + std::chrono::milliseconds(ms)), cancel_(cancel), memory_(out_of_memory) {}
  unsigned remaining_ms() const {
    if (stopped()) return 0;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    return left.count() > 0 ? static_cast<unsigned>(left.count()) : 0;
  }
  bool cancelled() const { return cancel_ && cancel_->load(std::memory_order_relaxed); }
  bool out_of_memory() const { return memory_ && memory_->load(std::memory_order_relaxed); }
  bool stopped() const { return cancelled() || out_of_memory(); }
  /// Why no time remains: "cancelled", "memory limit" or "timeout".
  const char* why() const {
    return cancelled() ? "cancelled" : out_of_memory() ? "memory limit" : "timeout";
  }
  const std::atomic<bool>* cancel() const { return cancel_; }
  const std::atomic<bool>* memory() const { return memory_; }

 private:
  Clock::time_point deadline_;
  const std::atomic<bool>* cancel_;
  const std::atomic<bool>* memory_;
};

/// The documented reason for an `unknown` from Z3. Z3 says "canceled" when its own timer
/// fires (and when interrupted), and words of its own for its memory limit.
std::string unknown_reason(const Budget& b, const std::string& z3_reason) {
  if (b.stopped() || b.remaining_ms() == 0) return b.why();
  if (z3_reason == "canceled" || z3_reason == "timeout") return "timeout";
  if (z3_reason.find("memory") != std::string::npos) return "memory limit";
  return z3_reason;
}

/// Runs a check within the budget: sat/unsat, or OutOfTime.
z3::check_result run(z3::solver& s, const Budget& b, const z3::expr_vector& assumptions) {
  unsigned ms = b.remaining_ms();
  if (ms == 0) throw OutOfTime{b.why()};
  z3::params p(s.ctx());
  p.set("timeout", ms);
  s.set(p);
  z3::check_result r = s.check(assumptions);
  if (r == z3::unknown) throw OutOfTime{unknown_reason(b, s.reason_unknown())};
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

  /// Adds `tracker -> assumption` for every assume and for the bounds of the threats
  /// marked in `threats` (all when empty).
  void add_assumptions(z3::solver& s, const std::vector<bool>& threats = {}) {
    for (Index i = 0; i < m_.assumes.size(); ++i) {
      z3::expr t = ctx_.bool_const(("assume" + std::to_string(i)).c_str());
      s.add(z3::implies(t, expr(m_.assumes[i].expr)));
      trackers.push_back(t);
      reliances.push_back({i, std::nullopt, m_.assumes[i].span});
    }
    for (Index i = 0; i < m_.threats.size(); ++i) {
      const Threat& th = m_.threats[i];
      if (th.conditions.size() <= th.k) continue;  // the bound constrains nothing
      if (!threats.empty() && !threats[i]) continue;
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

/// At least k of the premises (z3::atleast asserts a non-empty vector, so k == 0 is
/// spelled out; k == all is a plain conjunction).
z3::expr at_least(z3::context& ctx, const z3::expr_vector& prem, std::uint32_t k) {
  if (k == 0) return ctx.bool_val(true);
  return k == prem.size() ? z3::mk_and(prem) : z3::atleast(prem, k);
}

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

using detail::SliceProgram;
using ProofSteps = std::vector<SliceProgram::ProofStep>;

/// Strongly connected components (iterative Tarjan) of the graph premise -> conclusion
/// over local atoms; per atom its component, per component whether it has a cycle.
struct Components {
  std::vector<std::uint32_t> comp;
  std::vector<char> cyclic;
};

Components components(std::size_t n, const std::vector<std::vector<std::uint32_t>>& succ) {
  constexpr std::uint32_t kUnset = 0xffffffffu;
  Components out;
  out.comp.assign(n, kUnset);
  std::vector<std::uint32_t> index(n, kUnset), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<std::uint32_t> stack;
  std::uint32_t counter = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnset) continue;
    std::vector<std::pair<std::uint32_t, std::size_t>> work{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!work.empty()) {
      auto& [v, i] = work.back();
      if (i < succ[v].size()) {
        std::uint32_t w = succ[v][i++];
        if (index[w] == kUnset) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      std::uint32_t done = v;
      if (low[v] == index[v]) {
        auto c = static_cast<std::uint32_t>(out.cyclic.size());
        std::uint32_t size = 0;
        bool self = std::find(succ[v].begin(), succ[v].end(), v) != succ[v].end();
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          out.comp[w] = c;
          ++size;
        } while (w != v);
        out.cyclic.push_back(size > 1 || self);
      }
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

/// The derivation encoding over a slice program. With `enc`, rules carry their guards
/// (a search over scenarios); without, the scenario is fixed and only the rules active in
/// it (`guard_on`) are encoded.
class Derivation {
 public:
  Derivation(const SliceProgram& p, z3::context& ctx, Encoder* enc, const std::vector<char>& allowed,
             const std::vector<char>& guard_on)
      : sel_vars(ctx), p_(p), allowed_(allowed) {
    const std::size_t n = p.size();
    std::vector<std::vector<std::uint32_t>> succ(n);
    rules_.resize(n);
    for (std::uint32_t h = 0; h < n; ++h) {
      if (!allowed[h]) continue;
      for (std::uint32_t r : p.rules_for(h)) {
        const auto& rule = p.rule(r);
        if (!enc && rule.guard >= 0 && !guard_on.empty() && !guard_on[static_cast<std::size_t>(rule.guard)]) continue;
        std::size_t live = 0;
        for (std::uint32_t b : rule.body) live += allowed[b] ? 1 : 0;
        if (live < rule.k) continue;
        rules_[h].push_back(r);
        for (std::uint32_t b : rule.body) {
          if (allowed[b]) succ[b].push_back(h);
        }
      }
    }
    comps_ = components(n, succ);
    sel_.reserve(n);
    for (std::uint32_t a = 0; a < n; ++a) {
      sel_.push_back(ctx.bool_val(false));
      ranks_.push_back(ctx.int_val(0));
      if (!allowed[a]) continue;
      sel_[a] = ctx.bool_const(("s" + std::to_string(a)).c_str());
      sel_vars.push_back(sel_[a]);
      if (comps_.cyclic[comps_.comp[a]]) ranks_[a] = ctx.int_const(("r" + std::to_string(a)).c_str());
    }
    fire_.resize(p.rule_count(), ctx.bool_val(false));
    for (std::uint32_t h = 0; h < n; ++h) {
      if (!allowed[h]) continue;
      z3::expr_vector support(ctx);
      for (std::uint32_t r : rules_[h]) {
        const auto& rule = p.rule(r);
        z3::expr f = ctx.bool_const(("f" + std::to_string(r)).c_str());
        fire_[r] = f;
        support.push_back(f);
        z3::expr_vector prem(ctx);
        for (std::uint32_t b : rule.body) {
          if (!allowed[b]) continue;
          prem.push_back(lower(b, h) ? sel_[b] && (ranks_[b] < ranks_[h]) : sel_[b]);
        }
        z3::expr need = at_least(ctx, prem, rule.k);
        if (enc && rule.guard >= 0) need = need && enc->guard(p.guards()[static_cast<std::size_t>(rule.guard)]);
        cons_.push_back(z3::implies(f, need));
      }
      cons_.push_back(z3::implies(sel_[h], support.empty() ? ctx.bool_val(false) : z3::mk_or(support)));
    }
  }

  void add_to(z3::solver& s) const {
    for (const auto& c : cons_) s.add(c);
  }

  z3::expr selected(std::uint32_t a) const { return sel_[a]; }

  /// The proof in the model, from `goal`: premises before conclusions.
  ProofSteps extract(const z3::model& model, std::uint32_t goal) const {
    ProofSteps steps;
    std::vector<char> state(p_.size(), 0);  // 0 new, 2 open, 1 done
    struct Frame {
      std::uint32_t atom, rule;
      std::vector<std::uint32_t> premises;
      std::size_t next;
    };
    auto frame = [&](std::uint32_t a) {
      Frame fr{a, 0, {}, 0};
      for (std::uint32_t r : rules_[a]) {
        if (!model.eval(fire_[r], true).is_true()) continue;
        const auto& rule = p_.rule(r);
        fr.rule = r;
        for (std::uint32_t b : rule.body) {
          if (fr.premises.size() == rule.k) break;
          if (!allowed_[b] || !model.eval(sel_[b], true).is_true()) continue;
          if (lower(b, a) && !model.eval(ranks_[b] < ranks_[a], true).is_true()) continue;
          fr.premises.push_back(b);
        }
        break;
      }
      return fr;
    };
    std::vector<Frame> work{frame(goal)};
    state[goal] = 2;
    while (!work.empty()) {
      Frame& fr = work.back();
      if (fr.next < fr.premises.size()) {
        std::uint32_t b = fr.premises[fr.next++];
        if (state[b] == 0) {
          state[b] = 2;
          work.push_back(frame(b));
        }
        continue;
      }
      steps.push_back({fr.atom, fr.rule, fr.premises});
      state[fr.atom] = 1;
      work.pop_back();
    }
    return steps;
  }

  z3::expr_vector sel_vars;

 private:
  bool lower(std::uint32_t b, std::uint32_t h) const {
    return comps_.comp[b] == comps_.comp[h] && comps_.cyclic[comps_.comp[h]];
  }

  const SliceProgram& p_;
  const std::vector<char>& allowed_;
  std::vector<std::vector<std::uint32_t>> rules_;
  Components comps_;
  std::vector<z3::expr> sel_, ranks_, fire_;
  std::vector<z3::expr> cons_;
};

/// Local proof steps as the public, self-contained steps of an access path.
std::vector<Step> to_steps(const Grounder& g, const SliceProgram& p, const ProofSteps& proof) {
  std::vector<Step> out;
  std::unordered_map<std::uint32_t, std::size_t> index;
  for (const auto& ps : proof) {
    Step st = detail::make_step(g.fact(p.atom(ps.atom)), g.rule(p.rule(ps.rule).ground).proto);
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

// ---------------------------------------------------------------------------------------
// Deciding by enumeration: when few conditions matter, every scenario over them is tried
// in order of fewest true conditions, each with a plain least fixpoint. Exact, and far
// cheaper than a solver call on large slices.

/// The assumptions: user `assume`s and threat bounds, in the order of Encoder::trackers.
struct Tracker {
  Reliance what;
  std::optional<ExprId> expr;
  std::vector<Index> conds;  // threat bound: at most k of these
  std::uint32_t k = 0;
  bool ok(const Model& m, const std::vector<bool>& truth) const {
    if (expr) return detail::eval(m, *expr, truth);
    std::uint32_t n = 0;
    for (Index c : conds) n += truth[c] ? 1 : 0;
    return n <= k;
  }
};

/// The threats whose conditions a program's guards name: the only bounds that matter.
std::vector<bool> threats_in(const Model& m, const SliceProgram& p) {
  std::vector<bool> out(m.threats.size(), false);
  for (const auto& g : p.guards()) {
    for (Index c : g.conds) {
      if (m.conditions[c].threat) out[*m.conditions[c].threat] = true;
    }
  }
  return out;
}

std::vector<Tracker> trackers_of(const Model& m, const std::vector<bool>& threats) {
  std::vector<Tracker> out;
  for (Index i = 0; i < m.assumes.size(); ++i) {
    Tracker t;
    t.what = {i, std::nullopt, m.assumes[i].span};
    t.expr = m.assumes[i].expr;
    out.push_back(t);
  }
  for (Index i = 0; i < m.threats.size(); ++i) {
    const Threat& th = m.threats[i];
    if (th.conditions.size() <= th.k || !threats[i]) continue;
    Tracker t;
    t.what = {std::nullopt, i, th.span};
    t.conds = th.conditions;
    t.k = th.k;
    out.push_back(t);
  }
  return out;
}

void collect_conditions(const Model& m, ExprId e, std::vector<Index>& out) {
  const Expr& x = m.exprs[e];
  switch (x.op) {
    case Expr::Op::var:
    case Expr::Op::at_most:
    case Expr::Op::at_least:
    case Expr::Op::exactly:
      for (Index c : x.args) out.push_back(c);
      break;
    default:
      for (Index a : x.args) collect_conditions(m, a, out);
  }
}

struct Enumeration {
  std::vector<Index> conds;          // the conditions that matter, ascending
  std::vector<std::uint32_t> masks;  // every assignment, fewest true first
  std::vector<bool> truth(std::size_t n_conditions, std::uint32_t mask) const {
    std::vector<bool> t(n_conditions, false);
    for (std::size_t i = 0; i < conds.size(); ++i) t[conds[i]] = (mask >> i) & 1u;
    return t;
  }
};

/// The enumeration for a slice, when it is small enough to be cheaper than a solver:
/// 2^k fixpoints over the slice within a fixed budget of work.
std::optional<Enumeration> enumeration(const Model& m, const SliceProgram& p, const std::vector<Tracker>& trackers) {
  std::vector<Index> conds;
  for (const auto& g : p.guards()) {
    for (ExprId e : g.exprs) collect_conditions(m, e, conds);
    for (Index c : g.conds) conds.push_back(c);
  }
  for (const auto& t : trackers) {
    if (t.expr) collect_conditions(m, *t.expr, conds);
  }
  std::sort(conds.begin(), conds.end());
  conds.erase(std::unique(conds.begin(), conds.end()), conds.end());
  // Threat bounds only matter for the threat conditions the slice names.
  constexpr std::size_t kMaxConditions = 16;
  constexpr double kMaxWork = 4e7;
  if (conds.size() > kMaxConditions) return std::nullopt;
  double work = static_cast<double>(1u << conds.size()) * static_cast<double>(p.size() + p.rule_count() + 1);
  if (work > kMaxWork) return std::nullopt;
  Enumeration en;
  en.conds = std::move(conds);
  for (std::uint32_t mask = 0; mask < (1u << en.conds.size()); ++mask) en.masks.push_back(mask);
  std::stable_sort(en.masks.begin(), en.masks.end(), [](std::uint32_t a, std::uint32_t b) {
    return __builtin_popcount(a) < __builtin_popcount(b);
  });
  return en;
}

/// Deletion-minimises the trackers a "holds" depends on: `bad(mask)` says the mask is a
/// counterexample scenario if the assumptions allow it.
std::vector<Reliance> relies_by_enumeration(const Model& m, const Enumeration& en,
                                            const std::vector<Tracker>& trackers,
                                            const std::function<bool(std::uint32_t)>& bad) {
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < trackers.size(); ++i) keep.push_back(i);
  std::vector<std::uint32_t> bad_masks;
  for (std::uint32_t mask : en.masks) {
    if (bad(mask)) bad_masks.push_back(mask);
  }
  if (bad_masks.empty()) return {};
  std::vector<std::vector<bool>> truths;
  for (std::uint32_t mask : bad_masks) truths.push_back(en.truth(m.conditions.size(), mask));
  auto excluded = [&](const std::vector<std::size_t>& ts) {
    for (const auto& truth : truths) {
      bool allowed = true;
      for (std::size_t t : ts) allowed = allowed && trackers[t].ok(m, truth);
      if (allowed) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < keep.size();) {
    std::vector<std::size_t> without = keep;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (excluded(without)) keep = std::move(without);
    else ++i;
  }
  std::vector<Reliance> out;
  for (std::size_t t : keep) out.push_back(trackers[t].what);
  return out;
}

bool allowed_by(const Model& m, const std::vector<Tracker>& trackers, const std::vector<bool>& truth) {
  for (const auto& t : trackers) {
    if (!t.ok(m, truth)) return false;
  }
  return true;
}

/// Past this many facts in a slice, building the proof encoding alone costs more than
/// the whole check: the search for a shorter path is skipped.
constexpr std::size_t kMaxExactAtoms = 5000;

/// Shortening a path never changes the verdict, so it gets only part of the time left:
/// a quarter, between half a second and two seconds.
Budget path_budget(const Budget& budget) {
  return Budget(std::min(budget.remaining_ms(), std::clamp(budget.remaining_ms() / 4, 500u, 2000u)),
                budget.cancel(), budget.memory());
}

/// The fewest-steps proof of one of `goals` in a fixed scenario: the fixpoint's own proof
/// when it is forced, otherwise tightened with Z3 until no smaller one exists.
ProofSteps shortest_proof(const SliceProgram& p, const SliceProgram::Result& r,
                          const std::vector<char>& guard_on, const std::vector<std::uint32_t>& goals,
                          z3::context& ctx, const Budget& budget, bool exact, bool& minimal,
                          std::uint32_t& goal_out) {
  ProofSteps best;
  auto cheap = p.run_cheapest(guard_on);
  for (std::uint32_t g : goals) {
    if (!r.derived[g]) continue;
    ProofSteps pr = p.proof(cheap, g);
    if (best.empty() || pr.size() < best.size()) {
      best = std::move(pr);
      goal_out = g;
    }
  }
  std::size_t reached = 0;
  for (std::uint32_t g : goals) reached += r.derived[g] ? 1 : 0;
  if (reached == 1 && p.forced(r, guard_on, best)) return best;
  if (!exact || p.size() > kMaxExactAtoms) {
    minimal = false;
    return best;
  }
  Budget shorten = path_budget(budget);
  try {
    z3::solver s(ctx);
    Derivation d(p, ctx, nullptr, r.derived, guard_on);
    d.add_to(s);
    z3::expr_vector any(ctx);
    for (std::uint32_t g : goals) {
      if (r.derived[g]) any.push_back(d.selected(g));
    }
    s.add(z3::mk_or(any));
    z3::expr_vector none(ctx);
    while (best.size() > 1) {
      s.add(z3::atmost(d.sel_vars, static_cast<unsigned>(best.size() - 1)));
      if (run(s, shorten, none) == z3::unsat) break;
      z3::model model = s.get_model();
      for (std::uint32_t g : goals) {
        if (r.derived[g] && model.eval(d.selected(g), true).is_true()) {
          best = d.extract(model, g);
          goal_out = g;
          break;
        }
      }
    }
  } catch (const OutOfTime&) {
    minimal = false;
  }
  return best;
}

/// Why the subject lacks the goal in the scenario: the goal's rules with their missing
/// premises, then the rules of those premises, breadth first, a few at most.
std::vector<MissingLink> explain(const Model& m, const Grounder& g, const SliceProgram& p,
                                 const SliceProgram::Result& r, std::uint32_t goal,
                                 const std::vector<char>& guard_on) {
  std::vector<MissingLink> out;
  std::vector<std::uint32_t> queue{goal};
  std::vector<char> seen(p.size(), 0);
  seen[goal] = 1;
  constexpr std::size_t kMaxLinks = 12;
  for (std::size_t qi = 0; qi < queue.size() && out.size() < kMaxLinks; ++qi) {
    std::uint32_t a = queue[qi];
    for (std::uint32_t ri : p.rules_for(a)) {
      if (out.size() >= kMaxLinks) break;
      const auto& rule = p.rule(ri);
      const GroundRule& gr = g.rule(rule.ground);
      MissingLink link;
      link.fact = g.fact(p.atom(a));
      Step st = detail::make_step(link.fact, gr.proto);
      link.rule = st.rule;
      link.locations = st.locations;
      link.guard_off = rule.guard >= 0 && !guard_on.empty() && !guard_on[static_cast<std::size_t>(rule.guard)];
      for (std::uint32_t b : rule.body) {
        if (r.derived[b]) continue;
        link.lacking.push_back(g.fact(p.atom(b)));
        if (!seen[b] && queue.size() < 4) {
          seen[b] = 1;
          queue.push_back(b);
        }
      }
      out.push_back(std::move(link));
    }
  }
  (void)m;
  return out;
}

std::vector<Index> scenario_of(const Enumeration& en, std::uint32_t mask) {
  std::vector<Index> out;
  for (std::size_t i = 0; i < en.conds.size(); ++i) {
    if ((mask >> i) & 1u) out.push_back(en.conds[i]);
  }
  return out;
}

struct Goals {
  std::vector<Index> subjects;
  std::vector<Atom> atoms;
  std::vector<Atom> slice;
};

Goals goals_of(const Model& m, Grounder& g, const Assertion& a) {
  Goals out;
  out.subjects = m.subjects(a);
  for (Index x : out.subjects) out.atoms.push_back(goal_atom(g, a, x));
  out.slice = g.slice(out.atoms);
  return out;
}

/// Asks Z3 for a scenario, allowed by every assumption, in which `goal` holds. When there
/// is none, sets the verdict to holds with a minimal set of the assumptions that rule it
/// out, and returns nullopt; otherwise returns the conditions true in a scenario with the
/// fewest of them (`res.minimal` false if a limit cut that search short).
std::optional<std::vector<Index>> z3_scenario(z3::solver& s, Encoder& enc, const z3::expr& goal,
                                              const Budget& budget, AssertionResult& res) {
  z3::expr_vector assumptions = enc.trackers;
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

/// The atoms of a slice that some scenario can derive: those of the least fixpoint with
/// every clause in effect. Everything else is absent from every scenario, and so are the
/// conditions only it depends on.
std::vector<Atom> derivable(const SliceProgram& full) {
  auto over = full.run({});
  std::vector<Atom> out;
  for (std::uint32_t i = 0; i < full.size(); ++i) {
    if (over.derived[i]) out.push_back(full.atom(i));
  }
  return out;
}

AssertionResult check_cannot(const Model& m, Grounder& g, z3::context& ctx, const Assertion& a,
                             const Budget& budget, bool allow_enumeration, bool shortest) {
  AssertionResult res;
  Goals goals = goals_of(m, g, a);
  std::vector<Atom> reachable = derivable(SliceProgram(m, g, goals.slice));
  SliceProgram p(m, g, reachable);
  auto over = p.run({});
  std::vector<std::pair<Index, std::uint32_t>> live;  // subject, local goal
  for (std::size_t i = 0; i < goals.atoms.size(); ++i) {
    std::int64_t l = p.local(goals.atoms[i]);
    if (l >= 0) live.emplace_back(goals.subjects[i], static_cast<std::uint32_t>(l));
  }
  if (live.empty()) {
    res.verdict = Verdict::holds;  // unreachable even with every clause in effect
    return res;
  }
  std::vector<bool> threats = threats_in(m, p);
  std::vector<std::uint32_t> live_goals;
  for (const auto& [x, l] : live) live_goals.push_back(l);
  auto subject_of = [&](std::uint32_t l) {
    for (const auto& [x, gl] : live) {
      if (gl == l) return x;
    }
    return live.front().first;
  };
  std::vector<Tracker> trackers = trackers_of(m, threats);

  if (auto en = allow_enumeration ? enumeration(m, p, trackers) : std::nullopt) {
    std::vector<std::int8_t> reach(std::size_t{1} << en->conds.size(), -1);
    auto reaches = [&](std::uint32_t mask) {
      if (reach[mask] < 0) {
        auto r = p.run(p.guards_on(en->truth(m.conditions.size(), mask)));
        bool any = false;
        for (std::uint32_t l : live_goals) any = any || r.derived[l];
        reach[mask] = any ? 1 : 0;
      }
      return reach[mask] == 1;
    };
    // No scenario allows a shorter path than the most permissive one does: when its
    // cheapest proof is forced, that is a lower bound that ends the search once met.
    std::size_t lower_bound = 1;
    {
      auto cheap = p.run_cheapest({});
      std::size_t lb = std::numeric_limits<std::size_t>::max();
      for (std::uint32_t l : live_goals) {
        ProofSteps pr = p.proof(cheap, l);
        lb = std::min(lb, p.forced(over, {}, pr) ? pr.size() : std::size_t{1});
      }
      lower_bound = lb;
    }
    int level = -1;
    int candidates = 1;
    for (std::uint32_t mask : en->masks) {
      if (res.verdict == Verdict::violated && res.minimal && res.path.size() <= lower_bound) break;
      int pc = __builtin_popcount(mask);
      if (level >= 0 && pc > level) break;
      if (budget.remaining_ms() == 0) {
        // The verdict and the fewest conditions are known once a violation is found; only
        // the comparison of paths across scenarios is cut short.
        if (res.verdict == Verdict::violated) {
          res.minimal = false;
          break;
        }
        throw OutOfTime{budget.why()};
      }
      std::vector<bool> truth = en->truth(m.conditions.size(), mask);
      if (!allowed_by(m, trackers, truth) || !reaches(mask)) continue;
      // A scenario with the fewest true conditions: keep the one with the shortest path,
      // comparing a bounded number of them.
      constexpr int kMaxCandidates = 64;
      if (res.verdict == Verdict::violated && ++candidates > kMaxCandidates) {
        res.minimal = false;
        break;
      }
      level = pc;
      auto guard_on = p.guards_on(truth);
      auto r = p.run(guard_on);
      bool minimal = true;
      std::uint32_t goal = 0;
      ProofSteps proof = shortest_proof(p, r, guard_on, live_goals, ctx, budget, shortest, minimal, goal);
      if (res.verdict != Verdict::violated || proof.size() < res.path.size()) {
        res.verdict = Verdict::violated;
        res.scenario = scenario_of(*en, mask);
        res.path = to_steps(g, p, proof);
        res.actor = subject_of(goal);
        res.minimal = minimal;
      }
    }
    if (res.verdict == Verdict::violated) return res;
    res.verdict = Verdict::holds;
    res.relies_on = relies_by_enumeration(m, *en, trackers, reaches);
    return res;
  }

  // Too many conditions to enumerate: search scenarios with Z3.
  z3::solver s(ctx);
  Encoder enc(m, ctx);
  enc.add_assumptions(s, threats);
  Derivation d(p, ctx, &enc, over.derived, {});
  d.add_to(s);
  z3::expr_vector any(ctx);
  for (std::uint32_t l : live_goals) any.push_back(d.selected(l));
  z3::expr goal = z3::mk_or(any);

  auto scenario = z3_scenario(s, enc, goal, budget, res);
  if (!scenario) return res;
  res.verdict = Verdict::violated;
  res.scenario = *scenario;
  // A first path: the shortest in this scenario, found as in the enumeration.
  std::vector<bool> truth = truth_of(m, res.scenario);
  auto guard_on = p.guards_on(truth);
  auto r = p.run(guard_on);
  std::uint32_t goal_local = 0;
  ProofSteps proof = shortest_proof(p, r, guard_on, live_goals, ctx, budget, shortest, res.minimal, goal_local);
  // Another scenario with as few true conditions may allow a shorter path: the solver
  // still holds the bound on conditions, so tighten the number of steps across all of them.
  if (shortest && res.minimal && p.size() <= kMaxExactAtoms) {
    Budget shorten = path_budget(budget);
    z3::expr_vector none(ctx);
    try {
      while (proof.size() > 1) {
        s.add(z3::atmost(d.sel_vars, static_cast<unsigned>(proof.size() - 1)));
        if (run(s, shorten, none) == z3::unsat) break;
        z3::model model = s.get_model();
        for (std::uint32_t l : live_goals) {
          if (!model.eval(d.selected(l), true).is_true()) continue;
          proof = d.extract(model, l);
          goal_local = l;
          res.scenario = enc.true_conditions(model);
          break;
        }
      }
    } catch (const OutOfTime&) {
      res.minimal = false;
    }
  }
  res.path = to_steps(g, p, proof);
  res.actor = subject_of(goal_local);
  return res;
}

AssertionResult check_can(const Model& m, Grounder& g, z3::context& ctx, const Assertion& a,
                          const Budget& budget, bool allow_enumeration) {
  AssertionResult res;
  Goals goals = goals_of(m, g, a);
  SliceProgram full(m, g, goals.slice);  // for explaining what is missing
  auto under = full.run_unconditional();
  std::vector<std::pair<Index, Atom>> open;
  for (std::size_t i = 0; i < goals.atoms.size(); ++i) {
    if (!under.derived[static_cast<std::size_t>(full.local(goals.atoms[i]))]) {
      open.emplace_back(goals.subjects[i], goals.atoms[i]);
    }
  }
  if (open.empty()) {
    res.verdict = Verdict::holds;  // reached with no `when` at all
    return res;
  }
  // Facts underivable with every clause in effect are absent from every scenario.
  SliceProgram p(m, g, derivable(full));
  std::vector<bool> threats = threats_in(m, p);
  std::vector<Tracker> trackers = trackers_of(m, threats);
  auto reached = [&](const SliceProgram::Result& r, Atom goal) {
    std::int64_t l = p.local(goal);
    return l >= 0 && r.derived[static_cast<std::size_t>(l)];
  };
  auto finish = [&](const std::vector<Index>& scenario) {
    res.verdict = Verdict::violated;
    res.scenario = scenario;
    auto guard_on = full.guards_on(truth_of(m, scenario));
    auto r = full.run(guard_on);
    for (const auto& [x, goal] : open) {
      auto l = static_cast<std::uint32_t>(full.local(goal));
      if (!r.derived[l]) {
        res.actor = x;
        res.missing = explain(m, g, full, r, l, guard_on);
        break;
      }
    }
  };

  if (auto en = allow_enumeration ? enumeration(m, p, trackers) : std::nullopt) {
    std::vector<std::int8_t> fails(std::size_t{1} << en->conds.size(), -1);
    auto misses = [&](std::uint32_t mask) {
      if (fails[mask] < 0) {
        auto r = p.run(p.guards_on(en->truth(m.conditions.size(), mask)));
        bool miss = false;
        for (const auto& [x, goal] : open) miss = miss || !reached(r, goal);
        fails[mask] = miss ? 1 : 0;
      }
      return fails[mask] == 1;
    };
    for (std::uint32_t mask : en->masks) {
      if (budget.remaining_ms() == 0) throw OutOfTime{budget.why()};
      if (!allowed_by(m, trackers, en->truth(m.conditions.size(), mask)) || !misses(mask)) continue;
      finish(scenario_of(*en, mask));
      return res;
    }
    res.verdict = Verdict::holds;
    res.relies_on = relies_by_enumeration(m, *en, trackers, misses);
    return res;
  }

  z3::solver s(ctx);
  Encoder enc(m, ctx);
  enc.add_assumptions(s, threats);
  std::vector<z3::expr> in;
  for (std::uint32_t x = 0; x < p.size(); ++x) in.push_back(ctx.bool_const(("m" + std::to_string(x)).c_str()));
  for (std::uint32_t r = 0; r < p.rule_count(); ++r) {
    const auto& rule = p.rule(r);
    z3::expr_vector prem(ctx);
    for (std::uint32_t b : rule.body) prem.push_back(in[b]);
    z3::expr body = at_least(ctx, prem, rule.k);
    z3::expr guard = rule.guard >= 0 ? enc.guard(p.guards()[static_cast<std::size_t>(rule.guard)]) : ctx.bool_val(true);
    s.add(z3::implies(guard && body, in[rule.head]));
  }
  z3::expr_vector any(ctx);
  for (const auto& [x, goal] : open) {
    std::int64_t l = p.local(goal);
    any.push_back(l < 0 ? ctx.bool_val(true) : !in[static_cast<std::size_t>(l)]);
  }
  z3::expr goal = z3::mk_or(any);

  auto scenario = z3_scenario(s, enc, goal, budget, res);
  if (!scenario) return res;
  finish(*scenario);
  return res;
}

}  // namespace

struct Session::Impl {
  const Model& m;
  SolverOptions opts;
  Grounder g;
  z3::context ctx;  // one context for the whole job
  std::atomic<bool> cancelled{false};
  std::atomic<bool> out_of_memory{false};
  // Declared after ctx: it stops (and joins) before the context goes.
  detail::MemoryWatchdog watchdog;
  Impl(const Model& model, const SolverOptions& o)
      : m(model), opts(o), g(model), watchdog(o.max_memory_bytes, out_of_memory, [this] { ctx.interrupt(); }) {
    g.stop_when(&cancelled, &out_of_memory);
  }
  Budget budget() const { return Budget(opts.timeout_ms, &cancelled, &out_of_memory); }
};

void Session::interrupt() {
  impl_->cancelled.store(true);
  impl_->ctx.interrupt();
}

Session::Session(const Model& m, const SolverOptions& opts) : impl_(std::make_unique<Impl>(m, opts)) {}
Session::~Session() = default;

std::size_t default_max_memory() {
  std::size_t total = static_cast<std::size_t>(sysconf(_SC_PHYS_PAGES)) *
                      static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  // A control group's limit (containers, CI runners) is what the kernel enforces.
  if (std::FILE* f = std::fopen("/sys/fs/cgroup/memory.max", "r")) {
    unsigned long long limit = 0;
    if (std::fscanf(f, "%llu", &limit) == 1 && limit > 0 && limit < total) total = limit;
    std::fclose(f);
  }
  return total / 2;
}

Diagnostics Session::vacuity() {
  Diagnostics out;
  const Model& m = impl_->m;
  // Assumptions that no scenario satisfies would make every `cannot` hold vacuously.
  // User assumptions cannot name threat conditions, so threat bounds never conflict with
  // them (they are satisfied with all their conditions false).
  if (m.assumes.empty()) return out;
  try {
    z3::solver s(impl_->ctx);
    Encoder enc(m, impl_->ctx);
    enc.add_assumptions(s, std::vector<bool>(m.threats.size(), false));
    Budget budget = impl_->budget();
    z3::expr truth = impl_->ctx.bool_val(true);
    if (run(s, budget, enc.trackers) == z3::unsat) {
      auto core = minimize_core(s, budget, enc, core_indices(s, enc), truth);
      std::vector<Note> notes;
      for (std::size_t i = 1; i < core.size(); ++i) {
        notes.push_back({enc.reliances[core[i]].span, "conflicts with this assumption"});
      }
      Span at = core.empty() ? Span{kNoFile, 0, 0} : enc.reliances[core[0]].span;
      out.error("vacuous-assumptions", at,
                "no scenario satisfies the assumptions, so every assertion would hold vacuously",
                std::move(notes));
    }
  } catch (const OutOfTime&) {
    // Undecided; each assertion then meets the same limit and reports it.
  } catch (const detail::Interrupted&) {
  } catch (const std::bad_alloc&) {
  } catch (const z3::exception&) {
  }
  return out;
}

AssertionResult Session::decide(const Assertion& a) {
  impl_->watchdog.rearm();
  Budget budget = impl_->budget();
  AssertionResult r;
  auto give_up = [&](std::string reason) {
    r = {};
    r.verdict = Verdict::inconclusive;
    r.reason = reason.empty() ? "solver limit reached" : std::move(reason);
  };
  try {
    r = a.can ? check_can(impl_->m, impl_->g, impl_->ctx, a, budget, impl_->opts.enumerate)
              : check_cannot(impl_->m, impl_->g, impl_->ctx, a, budget, impl_->opts.enumerate,
                             impl_->opts.shortest_path);
  } catch (const OutOfTime& e) {
    give_up(e.reason);
  } catch (const detail::Interrupted&) {
    give_up(budget.why());
  } catch (const std::bad_alloc&) {
    give_up("memory limit");
  } catch (const z3::exception& e) {
    // An interrupted Z3 call may throw rather than answer unknown.
    std::string msg = e.msg();
    give_up(budget.stopped() ? budget.why()
            : msg.find("memory") != std::string::npos ? "memory limit"
                                                      : msg);
  }
  return r;
}

CheckReport check(const Model& m, const std::vector<Index>& which, const SolverOptions& opts) {
  CheckReport report;
  Session session(m, opts);
  report.errors = session.vacuity();
  if (report.errors.has_errors()) return report;
  std::vector<Index> todo = which;
  if (todo.empty()) {
    for (Index i = 0; i < m.assertions.size(); ++i) todo.push_back(i);
  }
  for (Index i : todo) {
    AssertionResult r = session.decide(m.assertions[i]);
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
  SliceProgram p(m, g, g.slice(goals));
  auto r = p.run(p.guards_on(truth_of(m, true_conditions)));
  std::vector<Fact> out;
  for (std::uint32_t a = 0; a < p.size(); ++a) {
    if (r.derived[a]) out.push_back(g.fact(p.atom(a)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace custody
