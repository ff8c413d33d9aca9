// The partial model `analyze` keeps for a spec with errors: what the language server reads.
#include <catch2/catch.hpp>

#include "parser/parser.hpp"
#include "support.hpp"

using namespace custody;

namespace {

Analysis analyze_text(const std::string& text) {
  test::MemoryReader reader({{"spec.custody", text}});
  SourceSet sources;
  Diagnostics diags;
  return analyze({"spec.custody"}, reader, sources, diags);
}

}  // namespace

TEST_CASE("analyze: a single reference that does not resolve is kUnresolved, not index 0",
          "[parser]") {
  // Index 0 named the first entity of the kind, or nothing at all when there was none.
  Analysis a = analyze_text(
      "jurisdiction X\n"
      "actor a in X\n"
      "key k held by a\n"
      "site s in J operated by a\n"
      "law l: x compels a\n"
      "threat t: x compromises at most 1 of a\n"
      "assert q: a cannot read nothing\n"
      "assert r: a cannot obtain s\n");
  REQUIRE_FALSE(a.ok);
  const Model& m = a.model;
  REQUIRE(m.sites.size() == 1);
  CHECK(m.sites[0].in == kUnresolved);
  REQUIRE(m.laws.size() == 1);
  CHECK(m.laws[0].authority == kUnresolved);
  CHECK(m.laws[0].targets == std::vector<Index>{0});
  REQUIRE(m.threats.size() == 1);
  CHECK(m.threats[0].attacker == kUnresolved);
  REQUIRE(m.assertions.size() == 2);
  CHECK(m.assertions[0].items.at(0) == ItemRef{ItemRef::Type::data, kUnresolved});  // not declared
  CHECK(m.assertions[1].items.at(0) == ItemRef{ItemRef::Type::key, kUnresolved});   // of the wrong kind
  // The threat's fresh condition names the threat, having no attacker to name.
  REQUIRE(m.threats[0].conditions.size() == 1);
  CHECK(m.conditions[m.threats[0].conditions[0]].title == "threat 't' compromises a");
}

TEST_CASE("analyze: references that resolve keep their index in a partial model", "[parser]") {
  Analysis a = analyze_text(
      "jurisdiction X\n"
      "jurisdiction Y\n"
      "actor a\n"
      "actor b\n"
      "site s in Y\n"
      "law l: b compels a\n"
      "threat t: b compromises at most 1 of a\n"
      "data d held by a\n"
      "assert q: a cannot read d\n"
      "flow a -> ghost\n");
  REQUIRE_FALSE(a.ok);
  const Model& m = a.model;
  CHECK(m.sites[0].in == 1);
  CHECK(m.laws[0].authority == 1);
  CHECK(m.threats[0].attacker == 1);
  CHECK(m.assertions[0].items.at(0) == ItemRef{ItemRef::Type::data, 0});
  CHECK(m.conditions[m.threats[0].conditions[0]].title == "b compromises a");
}
