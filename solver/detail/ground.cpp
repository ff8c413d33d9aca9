#include "solver/detail/ground.hpp"

#include <algorithm>

namespace custody::detail {

bool eval(const Model& m, ExprId id, const std::vector<bool>& truth) {
  const Expr& e = m.exprs[id];
  auto count = [&] {
    std::uint32_t n = 0;
    for (Index c : e.args) n += truth[c] ? 1 : 0;
    return n;
  };
  switch (e.op) {
    case Expr::Op::var: return truth[e.args[0]];
    case Expr::Op::not_: return !eval(m, e.args[0], truth);
    case Expr::Op::and_:
      return std::all_of(e.args.begin(), e.args.end(), [&](Index a) { return eval(m, a, truth); });
    case Expr::Op::or_:
      return std::any_of(e.args.begin(), e.args.end(), [&](Index a) { return eval(m, a, truth); });
    case Expr::Op::implies: return !eval(m, e.args[0], truth) || eval(m, e.args[1], truth);
    case Expr::Op::at_most: return count() <= e.k;
    case Expr::Op::at_least: return count() >= e.k;
    case Expr::Op::exactly: return count() == e.k;
  }
  return false;
}

bool eval(const Model& m, const Guard& g, const std::vector<bool>& truth) {
  for (ExprId e : g.exprs) {
    if (!eval(m, e, truth)) return false;
  }
  for (Index c : g.conds) {
    if (!truth[c]) return false;
  }
  return true;
}

namespace {

Guard guard_of(std::initializer_list<ExprId> exprs) {
  Guard g;
  for (ExprId e : exprs) {
    if (e != kAlways && std::find(g.exprs.begin(), g.exprs.end(), e) == g.exprs.end()) {
      g.exprs.push_back(e);
    }
  }
  return g;
}

Guard combine(const Guard& a, const Guard& b) {
  Guard g = a;
  for (ExprId e : b.exprs) {
    if (std::find(g.exprs.begin(), g.exprs.end(), e) == g.exprs.end()) g.exprs.push_back(e);
  }
  for (Index c : b.conds) g.conds.push_back(c);
  return g;
}

bool contains(const std::vector<Index>& v, Index x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool contains(const std::vector<ItemRef>& v, ItemRef x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

/// The phases in which both take effect (empty when first > last).
Time intersect(const Time& a, const Time& b) {
  Time t;
  t.first = std::max(a.first, b.first);
  t.last = std::min(a.last, b.last);
  return t;
}

}  // namespace

Grounder::Grounder(const Model& m) : m_(m), incoming_(m.actors.size()), access_(m.actors.size()) {
  // Flows, laws and threats, as edges into the actor that receives.
  for (Index f = 0; f < m.flows.size(); ++f) {
    const Flow& fl = m.flows[f];
    for (Index to : fl.to) {
      for (Index from : fl.from) {
        if (from == to) continue;
        incoming_[to].push_back({from, fl.full, &fl.items, &fl.uses, guard_of({fl.when}), fl.time,
                                 RuleKind::flow, f, fl.span});
      }
    }
  }
  for (Index l = 0; l < m.laws.size(); ++l) {
    const Law& law = m.laws[l];
    if (law.action == Law::Action::compels) {
      for (Index q = 0; q < m.actors.size(); ++q) {
        bool target = false;
        if (law.by_jurisdiction) {
          for (Index j : m.actors[q].in) target = target || contains(law.targets, j);
          // `compels R in J`: only the actors that have the role.
          if (law.role) target = target && contains(m.actors[q].roles, *law.role);
        } else {
          target = contains(law.targets, q);
        }
        if (!target || q == law.authority) continue;
        incoming_[law.authority].push_back({q, !law.scoped, &law.items, &law.uses, guard_of({law.when}),
                                            law.time, RuleKind::compels, l, law.span});
      }
    } else {
      for (Index s = 0; s < m.sites.size(); ++s) {
        bool target = law.by_jurisdiction ? contains(law.targets, m.sites[s].in)
                                          : contains(law.targets, s);
        if (!target) continue;
        SiteAccess acc{s, RuleKind::seizes, guard_of({m.sites[s].when, law.when}),
                       intersect(m.sites[s].time, law.time), l, std::nullopt,
                       law.scoped ? &law.items : nullptr};
        access_[law.authority].push_back(acc);
      }
    }
  }
  for (Index t = 0; t < m.threats.size(); ++t) {
    const Threat& th = m.threats[t];
    for (std::size_t i = 0; i < th.targets.size(); ++i) {
      Index q = th.targets[i];
      if (q == th.attacker) continue;
      Guard g;
      g.conds.push_back(th.conditions[i]);
      incoming_[th.attacker].push_back({q, true, nullptr, nullptr, g, th.time, RuleKind::threat, t, th.span});
    }
    // Rule 13: a compromised site gives the attacker what is stored there, as a seizure.
    for (std::size_t i = 0; i < th.sites.size(); ++i) {
      Index s = th.sites[i];
      Guard g = guard_of({m.sites[s].when});
      g.conds.push_back(th.conditions[th.targets.size() + i]);
      access_[th.attacker].push_back(
          {s, RuleKind::threat, g, intersect(m.sites[s].time, th.time), std::nullopt, t, nullptr});
    }
  }
  for (Index s = 0; s < m.sites.size(); ++s) {
    for (Index op : m.sites[s].operators) {
      access_[op].push_back(
          {s, RuleKind::custody, guard_of({m.sites[s].when}), m.sites[s].time, std::nullopt, std::nullopt, nullptr});
    }
  }
  outgoing_.resize(m.actors.size());
  for (Index to = 0; to < m.actors.size(); ++to) {
    for (const Edge& e : incoming_[to]) outgoing_[e.from].emplace_back(to, &e);
  }
  accessors_.resize(m.sites.size());
  for (Index a = 0; a < m.actors.size(); ++a) {
    for (const SiteAccess& acc : access_[a]) accessors_[acc.site].push_back(a);
  }
}

const std::unordered_set<Index>& Grounder::possible(ItemRef item) {
  auto found = possible_.find(item);
  if (found != possible_.end()) return found->second;
  // Split keys depend on their shares (possibly in a cycle): iterate over the items that
  // the split closure reaches until nothing changes. Sets are sparse: most actors never
  // see most items.
  std::vector<ItemRef> items{item};
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].type != ItemRef::Type::key) continue;
    auto depend_on = [&](Index sh) {
      ItemRef r{ItemRef::Type::key, sh};
      if (std::find(items.begin(), items.end(), r) == items.end() && !possible_.count(r)) items.push_back(r);
    };
    for (const Split& s : m_.keys[items[i].id].splits) {
      for (Index sh : s.shares) depend_on(sh);
    }
    for (const Hsm& h : m_.keys[items[i].id].hsms) {
      for (Index t : h.holders_of) depend_on(t);
    }
  }
  std::map<ItemRef, std::unordered_set<Index>> sets;
  auto seed = [&](ItemRef x, std::unordered_set<Index>& set) {
    auto add_custody = [&](const Custody& c) {
      for (Index a : c.actors) set.insert(a);
      for (Index s : c.sites) set.insert(accessors_[s].begin(), accessors_[s].end());
    };
    if (x.type == ItemRef::Type::data) {
      for (const Custody& c : m_.data[x.id].stored) add_custody(c);
      return;
    }
    const Key& k = m_.keys[x.id];
    for (const Custody& c : k.material) add_custody(c);
    for (const Wrap& w : k.wraps) add_custody(w.custody);
    // Whoever could see a share of a split key, or a token of a gated HSM.
    auto via = [&](Index sh) {
      ItemRef r{ItemRef::Type::key, sh};
      auto known = possible_.find(r);
      if (known != possible_.end()) set.insert(known->second.begin(), known->second.end());
      auto mine = sets.find(r);
      if (mine != sets.end() && mine->first != x) set.insert(mine->second.begin(), mine->second.end());
    };
    for (const Hsm& h : k.hsms) {
      set.insert(h.users.begin(), h.users.end());
      for (Index t : h.holders_of) via(t);
    }
    for (const Split& s : k.splits) {
      for (Index sh : s.shares) via(sh);
    }
  };
  auto close = [&](ItemRef x, std::unordered_set<Index>& set) {
    std::vector<Index> queue(set.begin(), set.end());
    for (std::size_t qi = 0; qi < queue.size(); ++qi) {
      for (const auto& [to, e] : outgoing_[queue[qi]]) {
        if (set.count(to)) continue;
        if (!e->full && !contains(*e->items, x) &&
            !(x.type == ItemRef::Type::key && e->uses && contains(*e->uses, x.id))) {
          continue;
        }
        set.insert(to);
        queue.push_back(to);
      }
      // Rule 14: what `public` holds, everyone holds.
      if (m_.public_actor && queue[qi] == *m_.public_actor) {
        for (Index a = 0; a < m_.actors.size(); ++a) {
          if (set.insert(a).second) queue.push_back(a);
        }
      }
    }
  };
  for (ItemRef x : items) sets[x];
  for (bool changed = true; changed;) {
    changed = false;
    for (ItemRef x : items) {
      std::unordered_set<Index> next = sets[x];
      seed(x, next);
      close(x, next);
      if (next.size() != sets[x].size()) {
        sets[x] = std::move(next);
        changed = true;
      }
    }
  }
  for (auto& [x, set] : sets) possible_.emplace(x, std::move(set));
  return possible_.at(item);
}

Atom Grounder::atom(Fact f) {
  // The stored form of unencrypted data is its plaintext: one fact, not two.
  if (f.type == Fact::Type::stored && !m_.data[f.item].encrypted()) f.type = Fact::Type::plain;
  auto [it, fresh] = ids_.emplace(f, static_cast<Atom>(facts_.size()));
  if (fresh) {
    facts_.push_back(f);
    by_head_.emplace_back();
    generated_.push_back(false);
  }
  return it->second;
}

const std::vector<std::uint32_t>& Grounder::rules_for(Atom a) {
  if (!generated_[a]) {
    generated_[a] = true;
    generate(a);
  }
  return by_head_[a];
}

std::vector<Atom> Grounder::slice(const std::vector<Atom>& goals) {
  std::vector<Atom> order;
  std::vector<bool> seen(atom_count(), false);
  auto visit = [&](Atom a) {
    if (a >= seen.size()) seen.resize(atom_count(), false);
    if (seen[a]) return;
    seen[a] = true;
    order.push_back(a);
  };
  for (Atom g : goals) visit(g);
  check_stop();
  for (std::size_t i = 0; i < order.size(); ++i) {
    poll();
    // rules_for may intern new atoms; copy the rule ids first.
    std::vector<std::uint32_t> rs = rules_for(order[i]);
    for (std::uint32_t r : rs) {
      for (Atom b : rules_[r].body) visit(b);
    }
  }
  return order;
}

Step make_step(const Fact& fact, const Provenance& p) {
  Step st;
  st.fact = fact;
  st.rule = p.rule;
  auto opt = [](Index i) { return i == Provenance::kNone ? std::nullopt : std::optional<Index>(i); };
  st.from = opt(p.from);
  st.site = opt(p.site);
  st.law = opt(p.law);
  st.threat = opt(p.threat);
  st.flow = opt(p.flow);
  if (p.keys) st.keys = *p.keys;
  if (p.wrapper != Provenance::kNone) st.keys = {p.wrapper};
  if (p.spans && !p.spans->empty()) st.locations = *p.spans;
  for (std::uint8_t i = 0; i < p.location_count; ++i) st.locations.push_back(p.locations[i]);
  return st;
}

void Grounder::add(Atom head, std::vector<Atom> body, std::uint32_t k, Guard guard, const Provenance& proto) {
  // A fact can never be its own premise in a least fixpoint: drop it from the body.
  auto self = std::find(body.begin(), body.end(), head);
  if (self != body.end()) {
    body.erase(self);
    if (body.size() < k) return;
  }
  rules_.push_back({head, std::move(body), k, std::move(guard), proto});
  by_head_[head].push_back(static_cast<std::uint32_t>(rules_.size() - 1));
}

void Grounder::add_custody(Atom head, const Fact& f, ItemRef item, const Custody& c) {
  if (!c.time.covers(f.phase)) return;
  if (contains(c.actors, f.actor)) {
    Provenance p;
    p.rule = RuleKind::custody;
    p.at(c.span);
    add(head, {}, 0, guard_of({c.when}), p);
  }
  for (Index s : c.sites) {
    for (const SiteAccess& acc : access_[f.actor]) {
      if (acc.site != s || !acc.time.covers(f.phase)) continue;
      if (acc.items && !contains(*acc.items, item)) continue;  // a seizure scoped to other items
      Provenance p;
      p.rule = acc.kind;
      p.site = s;
      if (acc.law) p.law = *acc.law;
      if (acc.threat) p.threat = *acc.threat;
      p.at(c.span);
      p.at(acc.law ? m_.laws[*acc.law].span : acc.threat ? m_.threats[*acc.threat].span : m_.sites[s].operators_span);
      add(head, {}, 0, combine(guard_of({c.when}), acc.guard), p);
    }
  }
}

void Grounder::add_edges(Atom head, Fact f) {
  bool is_data = f.type == Fact::Type::stored || f.type == Fact::Type::plain;
  ItemRef item{is_data ? ItemRef::Type::data : ItemRef::Type::key, f.item};
  const std::unordered_set<Index>& could = possible(item);
  for (const Edge& e : incoming_[f.actor]) {
    if (!e.time.covers(f.phase)) continue;
    if (!could.count(e.from)) continue;  // the sender never sees any form of the item
    if (!e.full) {
      bool passes = f.type == Fact::Type::use ? e.uses && contains(*e.uses, f.item) : contains(*e.items, item);
      if (!passes) continue;
    }
    Fact src = f;
    src.actor = e.from;
    Provenance p;
    p.rule = e.kind;
    p.from = e.from;
    if (e.kind == RuleKind::flow) p.flow = e.source;
    if (e.kind == RuleKind::compels) p.law = e.source;
    if (e.kind == RuleKind::threat) p.threat = e.source;
    p.at(e.span);
    Atom body = atom(src);
    add(head, {body}, 1, e.guard, p);
  }
  if (f.type == Fact::Type::use) return;
  // Rule 14: every actor holds every item form that `public` holds (not its uses).
  if (m_.public_actor && f.actor != *m_.public_actor && could.count(*m_.public_actor)) {
    Fact src = f;
    src.actor = *m_.public_actor;
    Provenance p;
    p.rule = RuleKind::publish;
    p.from = src.actor;
    p.at(m_.actors[src.actor].span);
    add(head, {atom(src)}, 1, {}, p);
  }
  // Rule 9: an actor that does not forget keeps what it held at the end of the last phase.
  if (f.phase > 0 && !m_.actors[f.actor].forgets) {
    Fact before = f;
    before.phase = f.phase - 1;
    Provenance p;
    p.rule = RuleKind::retain;
    p.at(m_.actors[f.actor].span);
    add(head, {atom(before)}, 1, {}, p);
  }
}

// Rule 4: a blob of the key under W, and use of W, give the key's material (or, for an
// HSM key, use of it: `a` is then the use atom). One rule per distinct wrapper.
void Grounder::add_unwraps(Atom a, const Fact& f) {
  std::vector<Index> wrappers;
  for (const Wrap& w : m_.keys[f.item].wraps) {
    if (contains(wrappers, w.wrapper)) continue;
    wrappers.push_back(w.wrapper);
    Provenance p;
    p.rule = RuleKind::unwrap;
    p.wrapper = w.wrapper;
    p.at(w.custody.span);
    add(a, {atom({Fact::Type::blob, f.actor, f.item, w.wrapper, f.phase}),
            atom({Fact::Type::use, f.actor, w.wrapper, 0, f.phase})},
        2, {}, p);
  }
}

void Grounder::generate(Atom a) {
  const Fact f = facts_[a];
  const ItemRef data_item{ItemRef::Type::data, f.item};
  const ItemRef key_item{ItemRef::Type::key, f.item};
  switch (f.type) {
    case Fact::Type::stored: {
      for (const Custody& c : m_.data[f.item].stored) add_custody(a, f, data_item, c);
      break;
    }
    case Fact::Type::plain: {
      const Data& d = m_.data[f.item];
      if (!d.encrypted()) {
        for (const Custody& c : d.stored) add_custody(a, f, data_item, c);
        break;
      }
      std::vector<Atom> body{atom({Fact::Type::stored, f.actor, f.item, 0, f.phase})};
      for (Index k : d.encrypted_by) body.push_back(atom({Fact::Type::use, f.actor, k, 0, f.phase}));
      Provenance p;
      p.rule = RuleKind::decrypt;
      p.keys = &d.encrypted_by;
      p.spans = &d.encrypted_spans;
      auto k = static_cast<std::uint32_t>(body.size());
      add(a, std::move(body), k, {}, p);
      break;
    }
    case Fact::Type::material: {
      const Key& key = m_.keys[f.item];
      for (const Custody& c : key.material) add_custody(a, f, key_item, c);
      if (!key.is_hsm()) add_unwraps(a, f);
      for (const Split& s : key.splits) {
        std::vector<Atom> body;
        for (Index sh : s.shares) body.push_back(atom({Fact::Type::material, f.actor, sh, 0, f.phase}));
        Provenance p;
        p.rule = RuleKind::split;
        p.keys = &s.shares;
        p.at(s.span);
        add(a, std::move(body), s.k, {}, p);
      }
      break;
    }
    case Fact::Type::blob: {
      for (const Wrap& w : m_.keys[f.item].wraps) {
        if (w.wrapper == f.wrapper) add_custody(a, f, key_item, w.custody);
      }
      break;
    }
    case Fact::Type::use: {
      const Key& key = m_.keys[f.item];
      Provenance p;
      p.rule = RuleKind::use;
      p.at(key.span);
      add(a, {atom({Fact::Type::material, f.actor, f.item, 0, f.phase})}, 1, {}, p);
      for (const Hsm& h : key.hsms) {
        const Site& site = m_.sites[h.site];
        if (!h.time.covers(f.phase) || !site.time.covers(f.phase)) continue;
        Provenance q;
        q.rule = RuleKind::hsm;
        q.site = h.site;
        q.at(h.span);
        if (contains(h.users, f.actor)) add(a, {}, 0, guard_of({h.when, site.when}), q);
        if (!h.holders_of.empty()) {
          // Rule 12: whoever holds the material of every token may use the key.
          std::vector<Atom> body;
          for (Index t : h.holders_of) body.push_back(atom({Fact::Type::material, f.actor, t, 0, f.phase}));
          q.keys = &h.holders_of;
          auto k = static_cast<std::uint32_t>(body.size());
          add(a, std::move(body), k, guard_of({h.when, site.when}), q);
        }
      }
      if (key.is_hsm()) add_unwraps(a, f);
      break;
    }
  }
  add_edges(a, f);
}

}  // namespace custody::detail
