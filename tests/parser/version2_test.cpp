// Language version 2 in the front end: each new construct parses and resolves into the
// model fields, each documented error is reported where LANGUAGE.md says, the new warnings,
// and `fmt` / `--dump-model` round trips.
#include <catch2/catch.hpp>

#include "model/print.hpp"
#include "parser/format.hpp"
#include "parser/parser.hpp"
#include "support.hpp"

using custody::Index;
using custody::ItemRef;
using custody::kLastPhase;
using custody::test::load_text;

namespace {

const char* kBase = R"(jurisdiction J
jurisdiction K
actor a in J
actor b in J, K
site s in J operated by a
key k held by a
data d encrypted by k held by a
)";

std::string spec(const std::string& rest) { return std::string(kBase) + rest; }

ItemRef key(Index i) { return {ItemRef::Type::key, i}; }
ItemRef data(Index i) { return {ItemRef::Type::data, i}; }

}  // namespace

TEST_CASE("v2: phases and roles are declared in order and actors take roles and forgets", "[parser]") {
  auto r = load_text(spec("phase p1 \"First\"\nphase p2\nrole provider\nactor c in K as provider forgets\n"
                          "flow c -> a\n"));
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& m = *r.model;
  REQUIRE(m.phases.size() == 2);
  CHECK(m.phases[0].name == "p1");
  CHECK(m.phases[0].title == "First");
  CHECK(m.phase_count() == 2);
  REQUIRE(m.roles.size() == 1);
  const auto& c = m.actors[m.find("c")->index];
  CHECK(c.roles == std::vector<Index>{0});
  CHECK(c.forgets);
  CHECK_FALSE(m.actors[0].forgets);
}

TEST_CASE("v2: TIME resolves to phase indices in every position", "[parser]") {
  auto r = load_text(spec(R"(phase p0
phase p1
phase p2
key w held by a from p1 stored at s until p1 wrapped by k held by b during p2
site t in J operated by b from p0 until p1
key h hsm at t used by a from p1 until p2
data e held by b during p0
flow a -> b during p1
law l: b compels a from p2
threat x: b compromises at most 1 of a until p0
)"));
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& m = *r.model;
  const auto& w = m.keys[m.find("w")->index];
  CHECK(w.material[0].time == custody::Time{1, kLastPhase});
  CHECK(w.material[1].time == custody::Time{0, 1});
  CHECK(w.wraps[0].custody.time == custody::Time{2, 2});
  CHECK(m.sites[m.find("t")->index].time == custody::Time{0, 1});
  CHECK(m.keys[m.find("h")->index].hsms[0].time == custody::Time{1, 2});
  CHECK(m.data[m.find("e")->index].stored[0].time == custody::Time{0, 0});
  CHECK(m.flows[0].time == custody::Time{1, 1});
  CHECK(m.laws[0].time == custody::Time{2, kLastPhase});
  CHECK(m.threats[0].time == custody::Time{0, 0});
  // No TIME: every phase.
  CHECK(m.keys[0].material[0].time.always());
  CHECK(m.sites[0].time.always());
}

TEST_CASE("v2: flow and law item lists split items and use items", "[parser]") {
  auto r = load_text(spec(R"(role op
actor c in J as op
flow a -> b: d, use k, k, use k
law l1: c compels op in J, K for use k, d
law l2: c compels actors in J
law l3: c seizes s for d, k
flow a -> c
)"));
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& m = *r.model;
  const auto& f = m.flows[0];
  CHECK_FALSE(f.full);
  CHECK(f.items == std::vector<ItemRef>{data(0), key(0)});
  CHECK(f.uses == std::vector<Index>{0});
  CHECK(m.flows[1].full);
  const auto& l1 = m.laws[0];
  CHECK(l1.by_jurisdiction);
  CHECK(l1.role == std::optional<Index>(0));
  CHECK(l1.targets == std::vector<Index>{0, 1});
  CHECK(l1.scoped);
  CHECK(l1.items == std::vector<ItemRef>{data(0)});
  CHECK(l1.uses == std::vector<Index>{0});
  CHECK_FALSE(m.laws[1].role);
  CHECK_FALSE(m.laws[1].scoped);
  CHECK(m.laws[2].scoped);
  CHECK(m.laws[2].items == std::vector<ItemRef>{data(0), key(0)});
}

TEST_CASE("v2: an HSM used by holders of tokens", "[parser]") {
  auto r = load_text(spec("key t1 held by a\nkey t2 held by b\nkey h hsm at s used by holders of t1 and t2\n"
                          "assert b cannot use h\n"));
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& h = r.model->keys[r.model->find("h")->index].hsms[0];
  CHECK(h.users.empty());
  CHECK(h.holders_of == std::vector<Index>{1, 2});
}

TEST_CASE("v2: threats compromise actors and sites, and T[X] names their conditions", "[parser]") {
  auto r = load_text(spec(R"(condition c
threat t: b compromises at most 2 of s, a
assume t[s] implies t[a] or c
data e held by a when c
)"));
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& m = *r.model;
  const auto& t = m.threats[0];
  CHECK(t.targets == std::vector<Index>{0});
  CHECK(t.sites == std::vector<Index>{0});
  REQUIRE(t.conditions.size() == 2);
  const auto& ca = m.conditions[t.conditions[0]];
  const auto& cs = m.conditions[t.conditions[1]];
  CHECK(ca.name == "t[a]");
  CHECK_FALSE(ca.target_site);
  CHECK(cs.name == "t[s]");
  CHECK(cs.target_site);
  CHECK(cs.title == "b compromises s");
  CHECK(custody::test::structure(m, m.assumes[0].expr) ==
        "(" + std::string("t[s] implies (t[a] or c)") + ")");
}

TEST_CASE("v2: public is a built-in actor, added once when named", "[parser]") {
  auto r = load_text(spec("key p held by public\ndata e held by public\nassert public cannot read d\n"));
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& m = *r.model;
  REQUIRE(m.public_actor);
  const auto& p = m.actors[*m.public_actor];
  CHECK(p.name == "public");
  CHECK(p.builtin);
  CHECK(p.in.empty());
  CHECK(*m.public_actor == m.actors.size() - 1);
  CHECK(std::count_if(m.actors.begin(), m.actors.end(), [](const auto& a) { return a.builtin; }) == 1);
  CHECK(r.gcc().find("public") == std::string::npos);  // no "unused" or "no jurisdiction" warning
  auto none = load_text(spec("assert a cannot read d\n"));
  REQUIRE(none.model);
  CHECK_FALSE(none.model->public_actor);
}

TEST_CASE("v2: assertions take item lists, in P and when", "[parser]") {
  auto r = load_text(spec(R"(phase p1
phase p2
condition w
key k2 held by b when w
assert q: a, b cannot obtain k, k2, k in p2 when w and not w
assert r: a cannot read d
)"));
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& q = r.model->assertions[0];
  CHECK(q.items == std::vector<ItemRef>{key(0), key(1)});
  CHECK(q.phase == std::optional<Index>(1));
  REQUIRE(q.when != custody::kAlways);
  CHECK(r.sources.file(q.when_span.file).text().substr(q.when_span.begin, q.when_span.end - q.when_span.begin) ==
        "when w and not w");
  const auto& rr = r.model->assertions[1];
  CHECK_FALSE(rr.phase);
  CHECK(rr.when == custody::kAlways);
}

TEST_CASE("v2 errors: each documented error at its position", "[parser]") {
  auto no_phase = load_text(spec("flow a -> b from p\nassert a cannot read d in p\n"));
  CHECK(no_phase.gcc() ==
        "spec.custody:8:18: error: 'p' names a phase, but the spec declares no phase; declare the "
        "timeline with 'phase NAME' statements, in order\n"
        "spec.custody:9:27: error: 'p' names a phase, but the spec declares no phase; declare the "
        "timeline with 'phase NAME' statements, in order\n");
  auto order = load_text(spec("phase p1\nphase p2\nflow a -> b from p2 until p1\n"));
  CHECK(order.gcc() == "spec.custody:10:13: error: 'from p2 until p1' is empty: phase 'p1' comes before 'p2'\n");
  auto use_data = load_text(spec("flow a -> b: use d\n"));
  CHECK(use_data.gcc() ==
        "spec.custody:8:18: error: 'd' is data, expected a key; 'use' gives the use of a key, and "
        "data has no use\n"
        "spec.custody:7:6: note: 'd' declared here\n");
  auto seize_use = load_text(spec("law l: a seizes s for d, use k\n"));
  CHECK(seize_use.gcc() ==
        "spec.custody:8:26: error: a seizure takes what is stored at the sites, not the use of a "
        "key; write 'k' for the forms of 'k'\n");
  auto not_target = load_text(spec("threat t: b compromises at most 1 of a\nassume not t[b]\n"));
  CHECK(not_target.gcc() ==
        "spec.custody:9:14: error: 'b' is not among the actors and sites that threat 't' may compromise\n"
        "spec.custody:8:8: note: threat 't' declared here\n");
  auto not_threat = load_text(spec("assume k[a]\n"));
  CHECK(not_threat.gcc() ==
        "spec.custody:8:8: error: 'k' is a key, expected a threat\n"
        "spec.custody:6:5: note: 'k' declared here\n");
  auto declared_public = load_text(spec("actor public\n"));
  CHECK(declared_public.gcc() ==
        "spec.custody:8:7: error: 'public' is the built-in actor that everyone can read from; it "
        "cannot be declared\n");
  auto public_condition = load_text(spec("data e held by a when public\n"));
  CHECK(public_condition.gcc() == "spec.custody:8:23: error: 'public' is the built-in actor, expected a condition\n");
}

TEST_CASE("v2 errors: roles only on actors, and compels R in J needs a role", "[parser]") {
  auto site_role = load_text(spec("role r\nsite t in J as r\n"));
  CHECK(site_role.gcc() ==
        "spec.custody:9:13: error: expected a statement (import, phase, role, jurisdiction, actor, "
        "site, condition, key, data, flow, law, threat, assume or assert), got keyword 'as'; roles "
        "('as ROLE') are given to actors only\n");
  auto not_role = load_text(spec("actor c as J\n"));
  CHECK(not_role.gcc() ==
        "spec.custody:8:12: error: 'J' is a jurisdiction, expected a role\n"
        "spec.custody:1:14: note: 'J' declared here\n");
  auto compels_actor = load_text(spec("law l: a compels b in J\n"));
  CHECK(compels_actor.gcc() ==
        "spec.custody:8:18: error: 'b' is an actor, expected a role; 'compels R in J' takes a role "
        "(write 'compels actors in J' for every actor in a jurisdiction)\n"
        "spec.custody:4:7: note: 'b' declared here\n");
  auto seizes_role = load_text(spec("role r\nactor c as r\nlaw l: a seizes r in J\n"));
  CHECK(seizes_role.gcc() == "spec.custody:10:17: error: 'seizes' takes 'sites in', not 'r in'\n");
}

TEST_CASE("v2 errors: phases in two files are reported at the importer's first phase", "[parser]") {
  auto r = load_text("import \"time.custody\"\nphase late\nphase later\n", {{"time.custody", "phase early\n"}});
  CHECK(r.gcc() ==
        "spec.custody:2:1: error: phases are declared in two files; the whole timeline must be "
        "declared in one file\n"
        "time.custody:1:1: note: the timeline starts here, with phase 'early'\n");
}

TEST_CASE("v2 errors: new keywords are reserved", "[parser]") {
  for (const char* w : {"phase", "from", "until", "during", "forgets", "role", "as", "for", "holders", "public"}) {
    CHECK(custody::is_keyword(w));
  }
  auto r = load_text("actor during\n");
  CHECK(r.gcc() == "spec.custody:1:7: error: expected identifier, got keyword 'during'\n");
}

TEST_CASE("v2 errors: T[X] with an undeclared X is an unknown name; a declared site X resolves", "[parser]") {
  auto r = load_text("actor a\nactor e\nthreat t: e compromises at most 1 of a\nassume not t[zz]\n"
                     "data d held by a\nassert q: e cannot read d\n");
  CHECK_FALSE(r.model);
  CHECK_THAT(r.gcc(), Catch::Contains("spec.custody:4:14: error: unknown name 'zz', expected an actor or a site"));
  auto ok = load_text("actor a\nactor e\nsite s in J operated by e\njurisdiction J\n"
                      "threat t: e compromises at most 1 of a, s\nassume not t[s]\ndata d held by a\n"
                      "assert q: e cannot read d\n");
  REQUIRE(ok.model);
  CHECK(ok.model->exprs[ok.model->assumes[0].expr].op == custody::Expr::Op::not_);
}

TEST_CASE("v2 errors: several in one run, each positioned", "[parser]") {
  auto r = load_text(spec("flow a -> b: use d\nactor public\nassume k[a]\n"));
  CHECK_FALSE(r.model);
  CHECK(r.diags.error_count() == 3);
}

TEST_CASE("v2 warnings: a role no actor has, forgets without phases, TIME outside a site", "[parser]") {
  auto r = load_text(spec(R"(role lonely
actor c in J forgets
flow c -> a
)"));
  REQUIRE(r.model);
  CHECK_THAT(r.gcc(), Catch::Contains(
        "spec.custody:8:6: warning: role 'lonely' is given to no actor (write 'as lonely' on an "
        "actor), so a law that compels 'lonely in' a jurisdiction reaches no one\n"
        "spec.custody:9:7: warning: actor 'c' forgets, but the spec declares no phase, so there is "
        "no next phase to forget before\n"));
  auto t = load_text(spec(R"(phase p1
phase p2
site t in J operated by a during p1
key k2 stored at t during p2
key k3 stored at t, s during p2
key h hsm at t used by a from p2
assert a cannot obtain k2, k3
assert a cannot use h
)"));
  REQUIRE(t.model);
  // k3 also stores at s, which exists in p2: no warning.
  CHECK_THAT(t.gcc(), Catch::EndsWith(
        "spec.custody:11:20: warning: this clause of key 'k2' stores only at sites that do not "
        "exist in any phase of this clause's time, so it never takes effect\n"
        "spec.custody:10:6: note: site 't' declared here\n"
        "spec.custody:13:26: warning: the HSM of key 'h' is at site 't', which does not exist in any "
        "phase of this clause's time, so it never takes effect\n"
        "spec.custody:10:6: note: site 't' declared here\n"));
}

TEST_CASE("v2 warnings: an actor in no jurisdiction is warned of a role law only if it has the role", "[parser]") {
  const char* base = R"(jurisdiction US
role provider
actor cloud in US as provider
actor court in US
data d held by cloud
law sca: court compels provider in US
assert q: thief cannot read d
)";
  auto plain = load_text(std::string(base) + "actor thief\n");
  REQUIRE(plain.model);
  CHECK(plain.gcc().find("no jurisdiction") == std::string::npos);
  auto with_role = load_text(std::string(base) + "actor thief as provider\n");
  REQUIRE(with_role.model);
  CHECK_THAT(with_role.gcc(), Catch::Contains("actor 'thief' is in no jurisdiction, so laws that compel actors in "
                                              "a jurisdiction (such as 'sca') never reach it"));
}

TEST_CASE("v2: version-1 specs load as before: no phases, roles or public", "[parser]") {
  auto r = load_text(spec("law l: a compels actors in J\nthreat x: b compromises at most 1 of a\nassert a cannot read d\n"));
  REQUIRE(r.model);
  const auto& m = *r.model;
  CHECK(m.phases.empty());
  CHECK(m.roles.empty());
  CHECK_FALSE(m.public_actor);
  CHECK(m.flows.empty());
  CHECK(m.threats[0].sites.empty());
  CHECK(m.threats[0].time.always());
  CHECK_FALSE(m.laws[0].scoped);
  CHECK(m.assertions[0].items == std::vector<ItemRef>{data(0)});
}

TEST_CASE("v2 fmt: a spec with every construct is a fixed point and keeps its model", "[parser]") {
  std::string text = custody::test::slurp(custody::test::source_dir() + "/tests/editors/every_construct_v2.custody");
  REQUIRE_FALSE(text.empty());
  custody::SourceFile file("spec.custody", text);
  custody::Diagnostics diags;
  auto out = custody::format_source(file, 0, diags);
  REQUIRE(out);
  CHECK(*out == text);
  // Brackets and the new clauses are laid out canonically from a messy input.
  custody::SourceFile messy("spec.custody", "assume  t [ a ]  or  not t[ s ]\nflow a->b :use  k,d   from p1\n");
  auto tidy = custody::format_source(messy, 0, diags);
  REQUIRE(tidy);
  CHECK(*tidy == "assume t[a] or not t[s]\nflow a -> b: use k, d from p1\n");
}

TEST_CASE("v2 dump-model: every construct prints and reprints to the same text", "[parser]") {
  std::string text = custody::test::slurp(custody::test::source_dir() + "/tests/editors/every_construct_v2.custody");
  auto r = load_text(text);
  INFO(r.gcc());
  REQUIRE(r.model);
  std::string printed = custody::print_model(*r.model);
  CHECK(printed.find("phase before \"Before the switch\"\n") != std::string::npos);
  CHECK(printed.find("actor user in US forgets\n") != std::string::npos);
  CHECK(printed.find("actor svc \"Service\" in US as provider\n") != std::string::npos);
  CHECK(printed.find("site dc in US operated by svc until during_switch\n") != std::string::npos);
  CHECK(printed.find("  hsm at dc used by holders of token and token2 during before\n") != std::string::npos);
  CHECK(printed.find("  wrapped by w held by svc stored at dc2 from during_switch until after when warrant\n") !=
        std::string::npos);
  CHECK(printed.find("flow user -> svc : d, use k from after\n") != std::string::npos);
  CHECK(printed.find("law cl: court compels provider in US for d, use k during after when warrant\n") !=
        std::string::npos);
  CHECK(printed.find("threat t: police compromises at most 1 of svc, dc from during_switch\n") != std::string::npos);
  CHECK(printed.find("assert a1: police cannot read d in after when t[dc] or t[svc]\n") != std::string::npos);
  CHECK(printed.find("assert a2: nobody can obtain k, w\n") != std::string::npos);
  CHECK(printed.find("actor public") == std::string::npos);  // built in, never declared
  auto again = load_text(printed);
  INFO(printed << again.gcc());
  REQUIRE(again.model);
  CHECK(custody::print_model(*again.model) == printed);
}
