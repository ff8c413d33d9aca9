#include "solver/detail/enumeration.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace custody::detail {
namespace {

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

}  // namespace

std::vector<bool> threats_in(const Model& m, const SliceProgram& p, ExprId when) {
  std::vector<bool> out(m.threats.size(), false);
  std::vector<Index> named;
  for (const auto& g : p.guards()) {
    for (Index c : g.conds) named.push_back(c);
    for (ExprId e : g.exprs) collect_conditions(m, e, named);
  }
  // `T[X]` atoms may name a threat's conditions in any expression.
  for (const Assume& a : m.assumes) collect_conditions(m, a.expr, named);
  if (when != kAlways) collect_conditions(m, when, named);
  for (Index c : named) {
    if (m.conditions[c].threat) out[*m.conditions[c].threat] = true;
  }
  return out;
}

std::vector<Tracker> trackers_of(const Model& m, const std::vector<bool>& threats, ExprId when) {
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
  if (when != kAlways) {
    Tracker t;
    t.expr = when;
    t.hard = true;
    out.push_back(t);
  }
  return out;
}

bool allowed_by(const Model& m, const std::vector<Tracker>& trackers, const std::vector<bool>& truth) {
  for (const auto& t : trackers) {
    if (!t.ok(m, truth)) return false;
  }
  return true;
}

std::optional<Enumeration> enumeration(const Model& m, const SliceProgram& p,
                                       const std::vector<Tracker>& trackers) {
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

std::vector<Index> scenario_of(const Enumeration& en, std::uint32_t mask) {
  std::vector<Index> out;
  for (std::size_t i = 0; i < en.conds.size(); ++i) {
    if ((mask >> i) & 1u) out.push_back(en.conds[i]);
  }
  return out;
}

ScenarioTest::ScenarioTest(const Model& m, const SliceProgram& p, const Enumeration& en,
                           std::function<bool(const SliceProgram::Result&)> test)
    : m_(m), p_(p), en_(en), test_(std::move(test)), known_(std::size_t{1} << en.conds.size(), -1) {}

bool ScenarioTest::operator()(std::uint32_t mask) {
  if (known_[mask] < 0) {
    known_[mask] = test_(p_.run(p_.guards_on(en_.truth(m_.conditions.size(), mask)))) ? 1 : 0;
  }
  return known_[mask] == 1;
}

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
    if (trackers[keep[i]].hard) {  // the assertion's own `when` is never dropped
      ++i;
      continue;
    }
    std::vector<std::size_t> without = keep;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (excluded(without)) keep = std::move(without);
    else ++i;
  }
  std::vector<Reliance> out;
  for (std::size_t t : keep) {
    if (!trackers[t].hard) out.push_back(trackers[t].what);
  }
  return out;
}

std::vector<bool> truth_of(const Model& m, const std::vector<Index>& true_conditions) {
  std::vector<bool> truth(m.conditions.size(), false);
  for (Index c : true_conditions) truth[c] = true;
  return truth;
}

}  // namespace custody::detail
