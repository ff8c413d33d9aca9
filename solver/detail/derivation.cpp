#include "solver/detail/derivation.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace custody::detail {

Derivation::Derivation(const SliceProgram& p, z3::context& ctx, Encoder* enc,
                       const std::vector<char>& allowed, const std::vector<char>& guard_on)
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
  // Ranks are compared only within a cyclic component, so bit-vectors wide enough to
  // number the largest one suffice: everything stays finite-domain, which Z3's SAT-based
  // solver (QF_FD) decides with native cardinality reasoning.
  std::vector<std::uint32_t> comp_size(n, 0);
  for (std::uint32_t a = 0; a < n; ++a) ++comp_size[comps_.comp[a]];
  std::uint32_t largest = 1;
  for (std::uint32_t a = 0; a < n; ++a) {
    if (comps_.cyclic[comps_.comp[a]]) largest = std::max(largest, comp_size[comps_.comp[a]]);
  }
  unsigned width = 1;
  while (width < 32 && (std::uint64_t{1} << width) < largest) ++width;
  sel_.reserve(n);
  for (std::uint32_t a = 0; a < n; ++a) {
    sel_.push_back(ctx.bool_val(false));
    ranks_.push_back(ctx.bv_val(0, width));
    if (!allowed[a]) continue;
    sel_[a] = ctx.bool_const(("s" + std::to_string(a)).c_str());
    sel_vars.push_back(sel_[a]);
    if (comps_.cyclic[comps_.comp[a]]) ranks_[a] = ctx.bv_const(("r" + std::to_string(a)).c_str(), width);
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
        prem.push_back(lower(b, h) ? sel_[b] && z3::ult(ranks_[b], ranks_[h]) : sel_[b]);
      }
      z3::expr need = at_least(ctx, prem, rule.k);
      if (enc && rule.guard >= 0) need = need && enc->guard(p.guards()[static_cast<std::size_t>(rule.guard)]);
      cons_.push_back(z3::implies(f, need));
    }
    cons_.push_back(z3::implies(sel_[h], support.empty() ? ctx.bool_val(false) : z3::mk_or(support)));
  }
}

void Derivation::add_to(z3::solver& s) const {
  for (const auto& c : cons_) s.add(c);
}

ProofSteps Derivation::extract(const z3::model& model, std::uint32_t goal) const {
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
        if (lower(b, a) && !model.eval(z3::ult(ranks_[b], ranks_[a]), true).is_true()) continue;
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

}  // namespace custody::detail
