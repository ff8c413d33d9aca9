#include "solver/detail/encoder.hpp"

#include <algorithm>
#include <string>

namespace custody::detail {

z3::expr Encoder::cond(Index c) {
  auto it = conds_.find(c);
  if (it != conds_.end()) return it->second;
  z3::expr v = ctx_.bool_const(("c" + std::to_string(c)).c_str());
  conds_.emplace(c, v);
  cond_order_.push_back(c);
  return v;
}

z3::expr Encoder::expr(ExprId id) {
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

z3::expr Encoder::guard(const Guard& g) {
  z3::expr_vector v(ctx_);
  for (ExprId e : g.exprs) v.push_back(expr(e));
  for (Index c : g.conds) v.push_back(cond(c));
  return v.empty() ? ctx_.bool_val(true) : z3::mk_and(v);
}

void Encoder::add_assumptions(z3::solver& s, const std::vector<bool>& threats, ExprId when) {
  if (when != kAlways) s.add(expr(when));
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
    // t -> (at most k of v), as one pseudo-Boolean constraint that the solver reasons
    // about natively: sum(v) + (n - k) * t <= n.
    auto n = static_cast<int>(v.size());
    std::vector<int> coeffs(v.size(), 1);
    v.push_back(t);
    coeffs.push_back(n - static_cast<int>(th.k));
    s.add(z3::pble(v, coeffs.data(), n));
    trackers.push_back(t);
    reliances.push_back({std::nullopt, i, th.span});
  }
}

z3::expr_vector Encoder::cond_vars() {
  z3::expr_vector v(ctx_);
  for (Index c : cond_order_) v.push_back(conds_.at(c));
  return v;
}

std::vector<Index> Encoder::true_conditions(const z3::model& model) {
  std::vector<Index> out;
  for (Index c : cond_order_) {
    if (model.eval(conds_.at(c), true).is_true()) out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

z3::expr at_least(z3::context& ctx, const z3::expr_vector& prem, std::uint32_t k) {
  if (k == 0) return ctx.bool_val(true);
  return k == prem.size() ? z3::mk_and(prem) : z3::atleast(prem, k);
}

}  // namespace custody::detail
