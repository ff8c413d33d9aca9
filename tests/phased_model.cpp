#include "phased_model.hpp"

#include <stdexcept>

namespace custody::test {
namespace {

const char* kText = R"(phase before "Before the move"
phase after "After the move"
role provider
jurisdiction US
actor gov "Government" in US
actor host in US as provider
actor relay in US forgets
condition order "A court order"
site dc in US operated by host
key k "Data key" held by host
key hk hsm at dc used by holders of t1 and t2
key t1 held by host
key t2 held by host
key leaked held by public
data notes encrypted by k stored at dc
data mail encrypted by k held by host from after
flow host -> relay : notes, use k during after
law cloud: gov compels provider in US for notes, use k from after when order
threat leak: gov compromises at most 1 of dc
assert a1: gov cannot read mail, notes in after when order
assert a2: gov cannot read notes when order and not order
assert a3: gov can read mail, notes
)";

// Indices, in declaration order.
enum : Index { before = 0, after = 1 };
enum : Index { gov = 0, host = 1, relay = 2, pub = 3 };
enum : Index { k = 0, hk = 1, t1 = 2, t2 = 3, leaked = 4 };
enum : Index { notes = 0, mail = 1 };
enum : Index { order = 0, leak_dc = 1 };

}  // namespace

Span PhasedSpec::span(const std::string& text, const std::string& from) const {
  std::string_view all = sources.file(0).text();
  std::size_t start = from.empty() ? 0 : all.find(from);
  std::size_t at = all.find(text, start == std::string_view::npos ? 0 : start);
  if (at == std::string_view::npos) throw std::logic_error("not in the phased spec: " + text);
  return {0, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + text.size())};
}

Step step(Fact f, RuleKind rule, std::vector<std::size_t> premises, std::vector<Span> locations) {
  Step s;
  s.fact = f;
  s.rule = rule;
  s.premises = std::move(premises);
  s.locations = std::move(locations);
  return s;
}

PhasedSpec phased_spec() {
  PhasedSpec p;
  p.sources.add("spec.custody", kText);
  Model& m = p.model;
  auto sp = [&](const std::string& t, const std::string& from = "") { return p.span(t, from); };
  auto line = [&](const std::string& start) {
    Span s = sp(start);
    std::string_view all = p.sources.file(0).text();
    s.end = static_cast<std::uint32_t>(all.find('\n', s.begin));
    return s;
  };

  m.phases = {{"before", "Before the move", line("phase before")}, {"after", "After the move", line("phase after")}};
  m.roles = {{"provider", "", line("role provider")}};
  m.jurisdictions = {{"US", "", line("jurisdiction US")}};
  m.actors.resize(4);
  m.actors[gov] = {"gov", "Government", line("actor gov"), {0}, {}, false, false};
  m.actors[host] = {"host", "", line("actor host"), {0}, {0}, false, false};
  m.actors[relay] = {"relay", "", line("actor relay"), {0}, {}, true, false};
  m.actors[pub] = {"public", "", Span{kNoFile, 0, 0}, {}, {}, false, true};
  m.public_actor = pub;

  m.conditions.resize(2);
  m.conditions[order] = {"order", "A court order", line("condition order"), std::nullopt, 0, false};
  m.conditions[leak_dc] = {"leak[dc]", "", line("threat leak"), Index{0}, 0, true};

  Site dc;
  dc.name = "dc";
  dc.span = line("site dc");
  dc.in = 0;
  dc.operators = {host};
  dc.operators_span = sp("operated by host");
  m.sites = {dc};

  auto held = [&](std::vector<Index> actors, Span s) {
    Custody c;
    c.actors = std::move(actors);
    c.span = s;
    return c;
  };
  m.keys.resize(5);
  m.keys[k].name = "k";
  m.keys[k].title = "Data key";
  m.keys[k].span = line("key k ");
  m.keys[k].material = {held({host}, sp("held by host", "key k "))};
  m.keys[hk].name = "hk";
  m.keys[hk].span = line("key hk");
  Hsm gate;
  gate.site = 0;
  gate.holders_of = {t1, t2};
  gate.span = sp("hsm at dc used by holders of t1 and t2");
  m.keys[hk].hsms = {gate};
  m.keys[t1].name = "t1";
  m.keys[t1].span = line("key t1");
  m.keys[t1].material = {held({host}, sp("held by host", "key t1"))};
  m.keys[t2].name = "t2";
  m.keys[t2].span = line("key t2");
  m.keys[t2].material = {held({host}, sp("held by host", "key t2"))};
  m.keys[leaked].name = "leaked";
  m.keys[leaked].span = line("key leaked");
  m.keys[leaked].material = {held({pub}, sp("held by public"))};

  m.data.resize(2);
  m.data[notes].name = "notes";
  m.data[notes].span = line("data notes");
  m.data[notes].encrypted_by = {k};
  m.data[notes].encrypted_spans = {sp("encrypted by k", "data notes")};
  Custody at_dc;
  at_dc.sites = {0};
  at_dc.span = sp("stored at dc", "data notes");
  m.data[notes].stored = {at_dc};
  m.data[mail].name = "mail";
  m.data[mail].span = line("data mail");
  m.data[mail].encrypted_by = {k};
  m.data[mail].encrypted_spans = {sp("encrypted by k", "data mail")};
  Custody mail_held = held({host}, sp("held by host from after"));
  mail_held.time = {after, kLastPhase, sp("from after", "data mail")};
  m.data[mail].stored = {mail_held};

  Flow f;
  f.from = {host};
  f.to = {relay};
  f.full = false;
  f.items = {{ItemRef::Type::data, notes}};
  f.uses = {k};
  f.time = {after, after, sp("during after")};
  f.span = line("flow host");
  m.flows = {f};

  m.exprs.push_back({Expr::Op::var, {order}, 0, sp("order", "when order")});
  m.exprs.push_back({Expr::Op::var, {order}, 0, sp("order", "assert a2")});
  m.exprs.push_back({Expr::Op::var, {order}, 0, sp("order", "not order")});
  m.exprs.push_back({Expr::Op::not_, {2}, 0, sp("not order")});
  m.exprs.push_back({Expr::Op::and_, {1, 3}, 0, sp("order and not order")});
  m.exprs.push_back({Expr::Op::var, {order}, 0, sp("order", "assert a1")});

  Law cloud;
  cloud.name = "cloud";
  cloud.span = line("law cloud");
  cloud.authority = gov;
  cloud.by_jurisdiction = true;
  cloud.targets = {0};
  cloud.role = 0;
  cloud.scoped = true;
  cloud.items = {{ItemRef::Type::data, notes}};
  cloud.uses = {k};
  cloud.when = 0;
  cloud.time = {after, kLastPhase, sp("from after", "law cloud")};
  m.laws = {cloud};

  Threat leak;
  leak.name = "leak";
  leak.span = line("threat leak");
  leak.attacker = gov;
  leak.k = 1;
  leak.sites = {0};
  leak.conditions = {leak_dc};
  m.threats = {leak};

  Assertion a1;
  a1.name = "a1";
  a1.named = true;
  a1.span = line("assert a1");
  a1.actors = {gov};
  a1.items = {{ItemRef::Type::data, mail}, {ItemRef::Type::data, notes}};
  a1.phase = after;
  a1.when = 5;
  a1.when_span = sp("when order", "assert a1");
  Assertion a2;
  a2.name = "a2";
  a2.named = true;
  a2.span = line("assert a2");
  a2.actors = {gov};
  a2.items = {{ItemRef::Type::data, notes}};
  a2.when = 4;
  a2.when_span = sp("when order and not order");
  Assertion a3 = a1;
  a3.name = "a3";
  a3.span = line("assert a3");
  a3.can = true;
  a3.phase.reset();
  a3.when = kAlways;
  a3.when_span = {};
  m.assertions = {a1, a2, a3};

  const char* names[] = {"before", "after", "provider", "US", "gov", "host", "relay", "public", "order", "dc",
                         "k", "hk", "t1", "t2", "leaked", "notes", "mail", "cloud", "leak", "a1", "a2", "a3"};
  Kind kinds[] = {Kind::phase, Kind::phase, Kind::role, Kind::jurisdiction, Kind::actor, Kind::actor, Kind::actor,
                  Kind::actor, Kind::condition, Kind::site, Kind::key, Kind::key, Kind::key, Kind::key, Kind::key,
                  Kind::data, Kind::data, Kind::law, Kind::threat, Kind::assertion, Kind::assertion, Kind::assertion};
  Index indices[] = {0, 1, 0, 0, gov, host, relay, pub, order, 0, k, hk, t1, t2, leaked, notes, mail, 0, 0, 0, 1, 2};
  for (std::size_t i = 0; i < std::size(names); ++i) m.symbols[names[i]] = {kinds[i], indices[i]};

  // a1: gov reads notes in `after`: the host's ciphertext and key material are retained
  // from `before`, and the scoped law takes the notes and the use of k.
  using T = Fact::Type;
  AssertionResult r1;
  r1.assertion = 0;
  r1.verdict = Verdict::violated;
  r1.actor = gov;
  r1.item = ItemRef{ItemRef::Type::data, notes};
  r1.scenario = {order};
  Step s0 = step({T::stored, host, notes, 0, before}, RuleKind::custody, {}, {at_dc.span, dc.operators_span});
  s0.site = 0;
  Step s5 = step({T::stored, gov, notes, 0, after}, RuleKind::compels, {1}, {cloud.span});
  s5.law = 0;
  s5.from = host;
  Step s6 = step({T::use, gov, k, 0, after}, RuleKind::compels, {4}, {cloud.span});
  s6.law = 0;
  s6.from = host;
  Step s7 = step({T::plain, gov, notes, 0, after}, RuleKind::decrypt, {5, 6}, {m.data[notes].encrypted_spans[0]});
  s7.keys = {k};
  r1.path = {s0,
             step({T::stored, host, notes, 0, after}, RuleKind::retain, {0}, {m.actors[host].span}),
             step({T::material, host, k, 0, before}, RuleKind::custody, {}, {m.keys[k].material[0].span}),
             step({T::material, host, k, 0, after}, RuleKind::retain, {2}, {m.actors[host].span}),
             step({T::use, host, k, 0, after}, RuleKind::use, {3}, {m.keys[k].span}),
             s5,
             s6,
             s7};

  AssertionResult r2;
  r2.assertion = 1;
  r2.verdict = Verdict::vacuous;

  // a3: gov never gets mail: it would need its ciphertext in some phase.
  AssertionResult r3;
  r3.assertion = 2;
  r3.verdict = Verdict::violated;
  r3.actor = gov;
  r3.item = ItemRef{ItemRef::Type::data, mail};
  MissingLink ml;
  ml.fact = {T::plain, gov, mail, 0, after};
  ml.rule = RuleKind::decrypt;
  ml.lacking = {{T::stored, gov, mail, 0, after}};
  ml.locations = {m.data[mail].encrypted_spans[0]};
  r3.missing = {ml};

  p.report.results = {r1, r2, r3};
  return p;
}

}  // namespace custody::test
