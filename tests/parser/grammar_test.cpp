// One test per grammar form of shared/LANGUAGE.md, checked through the checked model.
#include <catch2/catch.hpp>

#include "support.hpp"

using custody::Assertion;
using custody::Law;
using custody::test::load_text;
using custody::test::structure;

namespace {
const char* kHeader = R"(
jurisdiction J "J"
jurisdiction K
actor a "Alice" in J
actor b in J, K
actor c
condition x
condition y
condition z
condition w
)";
}

TEST_CASE("grammar: jurisdiction and actor with optional title and jurisdictions", "[parser]") {
  auto r = load_text(kHeader);
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& m = *r.model;
  REQUIRE(m.jurisdictions.size() == 2);
  CHECK(m.jurisdictions[0].title == "J");
  CHECK(m.jurisdictions[1].title.empty());
  REQUIRE(m.actors.size() == 3);
  CHECK(m.actors[0].title == "Alice");
  CHECK(m.actors[1].in == std::vector<custody::Index>{0, 1});
  CHECK(m.actors[2].in.empty());
}

TEST_CASE("grammar: site with operators and a when guard", "[parser]") {
  auto r = load_text(std::string(kHeader) + "site s \"DC\" in J operated by a, b, a when x\n");
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& s = r.model->sites.at(0);
  CHECK(s.title == "DC");
  CHECK(s.operators == std::vector<custody::Index>{0, 1});  // a repeated name counts once
  REQUIRE(s.when != custody::kAlways);
  CHECK(structure(*r.model, s.when) == "x");
}

TEST_CASE("grammar: every key clause", "[parser]") {
  auto r = load_text(std::string(kHeader) + R"(
site s in J operated by a
key wk held by a
key h hsm at s used by a, b when x
key k "K"
  held by a when y
  stored at s
  wrapped by wk held by b stored at s when z
  wrapped by h held by c
key t split 2 of wk, k, h
)");
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& k = r.model->keys.at(2);
  CHECK(k.title == "K");
  REQUIRE(k.material.size() == 2);
  CHECK(k.material[0].actors == std::vector<custody::Index>{0});
  CHECK(k.material[1].sites == std::vector<custody::Index>{0});
  REQUIRE(k.wraps.size() == 2);
  CHECK(k.wraps[0].wrapper == 0);
  CHECK(k.wraps[0].custody.actors == std::vector<custody::Index>{1});
  CHECK(k.wraps[0].custody.sites == std::vector<custody::Index>{0});
  CHECK(structure(*r.model, k.wraps[0].custody.when) == "z");
  CHECK(r.model->keys[1].is_hsm());
  CHECK(r.model->keys[1].hsms[0].users == std::vector<custody::Index>{0, 1});
  REQUIRE(r.model->keys[3].splits.size() == 1);
  CHECK(r.model->keys[3].splits[0].k == 2);
  CHECK(r.model->keys[3].splits[0].shares.size() == 3);
}

TEST_CASE("grammar: data clauses; several encrypted by clauses add up", "[parser]") {
  auto r = load_text(std::string(kHeader) + R"(
key k1 held by a
key k2 held by a
key k3 held by a
data d "D" encrypted by k1 and k2 encrypted by k3 encrypted by k1 held by a stored at s when x
site s in J operated by b
)");
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& d = r.model->data.at(0);
  CHECK(d.encrypted_by == std::vector<custody::Index>{0, 1, 2});
  REQUIRE(d.stored.size() == 2);
  CHECK(d.stored[0].when == custody::kAlways);
  CHECK(structure(*r.model, d.stored[1].when) == "x");
}

TEST_CASE("grammar: flows with and without item lists", "[parser]") {
  auto r = load_text(std::string(kHeader) + R"(
key k held by a
data d held by a
flow a, b -> c
flow a -> b, c : k, d when x
)");
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& f = r.model->flows;
  REQUIRE(f.size() == 2);
  CHECK(f[0].full);
  CHECK(f[0].from.size() == 2);
  CHECK_FALSE(f[1].full);
  CHECK(f[1].items.size() == 2);
  CHECK(f[1].items[1].type == custody::ItemRef::Type::data);
}

TEST_CASE("grammar: laws compel and seize, by name or by jurisdiction", "[parser]") {
  auto r = load_text(std::string(kHeader) + R"(
site s in J operated by a
law l1 "Law 1": c compels actors in J, K when x
law l2: c compels a, b
law l3: c seizes sites in J
law l4 "Law 4": c seizes s when not x
)");
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& l = r.model->laws;
  REQUIRE(l.size() == 4);
  CHECK(l[0].action == Law::Action::compels);
  CHECK(l[0].by_jurisdiction);
  CHECK(l[0].title == "Law 1");
  CHECK_FALSE(l[1].by_jurisdiction);
  CHECK(l[2].action == Law::Action::seizes);
  CHECK(l[2].by_jurisdiction);
  CHECK(structure(*r.model, l[3].when) == "not x");
}

TEST_CASE("grammar: a threat adds one fresh condition per target", "[parser]") {
  auto r = load_text(std::string(kHeader) + "threat t \"T\": c compromises at most 1 of a, b\n");
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& t = r.model->threats.at(0);
  CHECK(t.k == 1);
  REQUIRE(t.conditions.size() == 2);
  CHECK(r.model->conditions[t.conditions[0]].name == "t[a]");
  CHECK(r.model->conditions[t.conditions[1]].threat == 0u);
}

TEST_CASE("grammar: every assertion form", "[parser]") {
  auto r = load_text(std::string(kHeader) + R"(
key k held by a
data d held by a
assert q1: a, b cannot read d
assert a can obtain k
assert q3: nobody can use k
assert q4: nobody in J, K can read d
assert q5: only a, b can read d
)");
  INFO(r.gcc());
  REQUIRE(r.model);
  const auto& q = r.model->assertions;
  REQUIRE(q.size() == 5);
  CHECK(q[0].subject == Assertion::Subject::listed);
  CHECK_FALSE(q[0].can);
  CHECK(q[1].can);
  CHECK_FALSE(q[1].named);
  CHECK(q[1].name == "spec.custody:15");
  CHECK(q[1].verb == custody::Verb::obtain);
  CHECK(q[2].subject == Assertion::Subject::nobody);
  CHECK(q[2].jurisdictions.empty());
  CHECK(q[3].jurisdictions.size() == 2);
  CHECK(q[4].subject == Assertion::Subject::only);
  CHECK(r.model->subjects(q[4]) == std::vector<custody::Index>{2});
  CHECK(r.model->subjects(q[3]) == std::vector<custody::Index>{0, 1});
}

TEST_CASE("grammar: precedence is not > and > or > implies, implies to the right", "[parser]") {
  auto check = [](const std::string& e, const std::string& want) {
    auto r = load_text(std::string(kHeader) + "assume " + e + "\n");
    INFO(e << "\n" << r.gcc());
    INFO(r.gcc());
  REQUIRE(r.model);
    CHECK(structure(*r.model, r.model->assumes.at(0).expr) == want);
  };
  check("x or y and z", "(x or (y and z))");
  check("x and y or z", "((x and y) or z)");
  check("not x and y", "(not x and y)");
  check("not (x and y)", "not (x and y)");
  check("x implies y implies z", "(x implies (y implies z))");
  check("x or y implies z and w", "((x or y) implies (z and w))");
  check("(x implies y) implies z", "((x implies y) implies z)");
  check("not not x", "not not x");
  check("x and y and z", "(x and y and z)");
  check("at most 1 of x, y and z", "([most 1 of x,y] and z)");
  check("at least 2 of x, y, z or w", "([least 2 of x,y,z] or w)");
  check("exactly 0 of x", "[exactly 0 of x]");
  check("not at most 1 of x, y", "not [most 1 of x,y]");
  check("((x))", "x");
}

TEST_CASE("grammar: strings take \\\" and \\\\ escapes", "[parser]") {
  auto r = load_text(R"(jurisdiction J "say \"hi\" \\ back")" "\n");
  INFO(r.gcc());
  REQUIRE(r.model);
  CHECK(r.model->jurisdictions[0].title == "say \"hi\" \\ back");
}

TEST_CASE("grammar: comments and newlines are whitespace", "[parser]") {
  auto r = load_text("# leading\njurisdiction # inside\n  J # after\n\"title # not a comment\"\n");
  INFO(r.gcc());
  REQUIRE(r.model);
  CHECK(r.model->jurisdictions[0].title == "title # not a comment");
}

TEST_CASE("grammar: names may be declared after their use", "[parser]") {
  auto r = load_text("data d held by a\nactor a\nassert q: a can read d\n");
  INFO(r.gcc());
  REQUIRE(r.model);
}

TEST_CASE("grammar: imports resolve relative to the importing file, once each", "[parser]") {
  auto r = load_text("import \"lib/a.custody\"\nimport \"lib/b.custody\"\nassert q: x cannot read d\n",
                     {{"lib/a.custody", "import \"b.custody\"\nactor x\n"},
                      {"lib/b.custody", "data d held by x\n"}});
  INFO(r.gcc());
  INFO(r.gcc());
  REQUIRE(r.model);
  CHECK(r.sources.size() == 3);
  CHECK(r.model->actors.size() == 1);
}
