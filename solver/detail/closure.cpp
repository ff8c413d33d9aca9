#include "solver/detail/closure.hpp"

#include <string>

namespace custody::detail {

z3::expr closure_lacking(z3::solver& s, Encoder& enc, const SliceProgram& p,
                         const std::vector<std::vector<Atom>>& lacking) {
  z3::context& ctx = s.ctx();
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
  for (const auto& group : lacking) {
    z3::expr_vector all(ctx);
    for (Atom goal : group) {
      std::int64_t l = p.local(goal);
      if (l >= 0) all.push_back(!in[static_cast<std::size_t>(l)]);
    }
    any.push_back(all.empty() ? ctx.bool_val(true) : z3::mk_and(all));
  }
  return z3::mk_or(any);
}

}  // namespace custody::detail
