#include "solver/detail/program.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <queue>
#include <tuple>

namespace custody::detail {

SliceProgram::SliceProgram(const Model& m, Grounder& g, const std::vector<Atom>& slice)
    : atoms_(slice), m_(m) {
  for (std::uint32_t i = 0; i < atoms_.size(); ++i) local_.emplace(atoms_[i], i);
  by_head_.resize(atoms_.size());
  std::map<std::pair<std::vector<ExprId>, std::vector<Index>>, std::int32_t> guard_ids;
  std::vector<std::uint32_t> watch_count(atoms_.size(), 0);
  for (std::uint32_t h = 0; h < atoms_.size(); ++h) {
    g.poll();
    for (std::uint32_t r : g.rules_for(atoms_[h])) {
      const GroundRule& gr = g.rule(r);
      Rule rule{h, {}, gr.k, -1, r};
      for (Atom b : gr.body) {
        auto it = local_.find(b);
        if (it != local_.end()) rule.body.push_back(it->second);
      }
      if (rule.body.size() < rule.k) continue;
      if (!gr.guard.always()) {
        auto key = std::make_pair(gr.guard.exprs, gr.guard.conds);
        auto [it, fresh] = guard_ids.emplace(key, static_cast<std::int32_t>(guards_.size()));
        if (fresh) guards_.push_back(gr.guard);
        rule.guard = it->second;
      }
      for (std::uint32_t b : rule.body) ++watch_count[b];
      by_head_[h].push_back(static_cast<std::uint32_t>(rules_.size()));
      rules_.push_back(std::move(rule));
    }
  }
  watch_start_.assign(atoms_.size() + 1, 0);
  for (std::size_t i = 0; i < atoms_.size(); ++i) watch_start_[i + 1] = watch_start_[i] + watch_count[i];
  watch_.resize(watch_start_.back());
  std::vector<std::uint32_t> fill(watch_start_.begin(), watch_start_.end() - 1);
  for (std::uint32_t r = 0; r < rules_.size(); ++r) {
    for (std::uint32_t b : rules_[r].body) watch_[fill[b]++] = r;
  }
}

std::int64_t SliceProgram::local(Atom a) const {
  auto it = local_.find(a);
  return it == local_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

std::vector<char> SliceProgram::guards_on(const std::vector<bool>& truth) const {
  std::vector<char> on(guards_.size());
  for (std::size_t i = 0; i < guards_.size(); ++i) on[i] = eval(m_, guards_[i], truth) ? 1 : 0;
  return on;
}

std::vector<char> SliceProgram::active_rules(const std::vector<char>& guard_on) const {
  std::vector<char> active(rules_.size(), 1);
  if (!guard_on.empty()) {
    for (std::size_t r = 0; r < rules_.size(); ++r) {
      if (rules_[r].guard >= 0) active[r] = guard_on[static_cast<std::size_t>(rules_[r].guard)];
    }
  }
  return active;
}

SliceProgram::Result SliceProgram::run(const std::vector<char>& guard_on) const {
  return fixpoint(active_rules(guard_on));
}

SliceProgram::Result SliceProgram::run_cheapest(const std::vector<char>& guard_on) const {
  std::vector<char> active = active_rules(guard_on);
  Result res;
  res.derived.assign(atoms_.size(), 0);
  res.by_rule.assign(atoms_.size(), -1);
  res.order.assign(atoms_.size(), 0);
  // Costs are tree sizes; doubles, since shared sub-proofs can make them grow fast.
  std::vector<double> best(atoms_.size(), std::numeric_limits<double>::infinity());
  std::vector<std::uint32_t> count(rules_.size(), 0);
  std::vector<double> sum(rules_.size(), 0.0);
  using Entry = std::tuple<double, std::uint32_t, std::uint32_t>;  // cost, atom, rule
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  for (std::uint32_t r = 0; r < rules_.size(); ++r) {
    if (active[r] && rules_[r].k == 0 && 1.0 < best[rules_[r].head]) {
      best[rules_[r].head] = 1.0;
      queue.emplace(1.0, rules_[r].head, r);
    }
  }
  std::uint32_t next_order = 0;
  while (!queue.empty()) {
    auto [cost, a, r] = queue.top();
    queue.pop();
    if (res.derived[a] || cost > best[a]) continue;
    res.derived[a] = 1;
    res.by_rule[a] = static_cast<std::int32_t>(r);
    res.order[a] = next_order++;
    for (std::uint32_t w = watch_start_[a]; w < watch_start_[a + 1]; ++w) {
      std::uint32_t rr = watch_[w];
      const Rule& rule = rules_[rr];
      if (!active[rr] || count[rr] >= rule.k) continue;
      // Premises are finalised cheapest first, so the first k are the k cheapest.
      sum[rr] += cost;
      if (++count[rr] == rule.k && !res.derived[rule.head]) {
        double c = 1.0 + sum[rr];
        if (c < best[rule.head]) {
          best[rule.head] = c;
          queue.emplace(c, rule.head, rr);
        }
      }
    }
  }
  return res;
}

SliceProgram::Result SliceProgram::run_unconditional() const {
  std::vector<char> active(rules_.size());
  for (std::size_t r = 0; r < rules_.size(); ++r) active[r] = rules_[r].guard < 0 ? 1 : 0;
  return fixpoint(active);
}

SliceProgram::Result SliceProgram::fixpoint(const std::vector<char>& active) const {
  Result res;
  res.derived.assign(atoms_.size(), 0);
  res.by_rule.assign(atoms_.size(), -1);
  res.order.assign(atoms_.size(), 0);
  std::vector<std::uint32_t> count(rules_.size(), 0);
  std::vector<std::uint32_t> queue;  // rules ready to fire, in order
  for (std::uint32_t r = 0; r < rules_.size(); ++r) {
    if (active[r] && rules_[r].k == 0) queue.push_back(r);
  }
  std::uint32_t next_order = 0;
  for (std::size_t qi = 0; qi < queue.size(); ++qi) {
    const Rule& rule = rules_[queue[qi]];
    if (res.derived[rule.head]) continue;
    res.derived[rule.head] = 1;
    res.by_rule[rule.head] = static_cast<std::int32_t>(queue[qi]);
    res.order[rule.head] = next_order++;
    for (std::uint32_t w = watch_start_[rule.head]; w < watch_start_[rule.head + 1]; ++w) {
      std::uint32_t r = watch_[w];
      if (active[r] && ++count[r] == rules_[r].k && !res.derived[rules_[r].head]) queue.push_back(r);
    }
  }
  return res;
}

std::vector<SliceProgram::ProofStep> SliceProgram::proof(const Result& r, std::uint32_t goal) const {
  std::vector<ProofStep> steps;
  std::vector<char> done(atoms_.size(), 0);
  struct Frame {
    std::uint32_t atom;
    std::vector<std::uint32_t> premises;
    std::size_t next;
  };
  auto premises_of = [&](std::uint32_t a) {
    const Rule& rule = rules_[static_cast<std::size_t>(r.by_rule[a])];
    std::vector<std::uint32_t> p;
    for (std::uint32_t b : rule.body) {
      if (p.size() == rule.k) break;
      if (r.derived[b] && r.order[b] < r.order[a]) p.push_back(b);
    }
    return p;
  };
  std::vector<Frame> work{{goal, premises_of(goal), 0}};
  done[goal] = 2;  // on the stack
  while (!work.empty()) {
    Frame& f = work.back();
    if (f.next < f.premises.size()) {
      std::uint32_t b = f.premises[f.next++];
      if (!done[b]) {
        done[b] = 2;
        work.push_back({b, premises_of(b), 0});
      }
      continue;
    }
    steps.push_back({f.atom, static_cast<std::uint32_t>(r.by_rule[f.atom]), f.premises});
    done[f.atom] = 1;
    work.pop_back();
  }
  return steps;
}

bool SliceProgram::forced(const Result& r, const std::vector<char>& guard_on,
                          const std::vector<ProofStep>& steps) const {
  for (const ProofStep& s : steps) {
    std::size_t applicable = 0;
    for (std::uint32_t ri : by_head_[s.atom]) {
      const Rule& rule = rules_[ri];
      if (rule.guard >= 0 && !guard_on.empty() && !guard_on[static_cast<std::size_t>(rule.guard)]) continue;
      std::size_t have = 0;
      for (std::uint32_t b : rule.body) have += r.derived[b] ? 1 : 0;
      if (have < rule.k) continue;
      if (++applicable > 1) return false;
      if (have != rule.k) return false;  // a threshold with a choice of premises
    }
  }
  return true;
}

}  // namespace custody::detail
