// The canonical layout of parser/format.hpp, rule by rule, on small inputs.
#include <catch2/catch.hpp>

#include "model/diagnostic.hpp"
#include "parser/format.hpp"

namespace {

std::string fmt_text(const std::string& text) {
  custody::SourceFile file("spec.custody", text);
  custody::Diagnostics diags;
  auto out = custody::format_source(file, 0, diags);
  REQUIRE(out);
  REQUIRE(diags.items().empty());
  // Formatting the result again changes nothing.
  custody::SourceFile again("spec.custody", *out);
  auto twice = custody::format_source(again, 0, diags);
  REQUIRE(twice);
  CHECK(*twice == *out);
  return *out;
}

}  // namespace

TEST_CASE("format: one statement per line, single spaces, none before commas and colons",
          "[parser]") {
  CHECK(fmt_text("actor   a in\n  J ,K   flow a->b :k,d when (x and\n not y)\nassert n : a cannot read d") ==
        "actor a in J, K\n"
        "flow a -> b: k, d when (x and not y)\n"
        "assert n: a cannot read d\n");
}

TEST_CASE("format: consecutive declarations of one kind are aligned in columns", "[parser]") {
  CHECK(fmt_text("actor user \"User\" in CN\nactor cn_police \"Police\" in CN\n"
                 "# a comment line does not end the run\nactor us \"US court, federal\" in US\n"
                 "key k1 held by user\nkey k22 \"titled\" held by user\nkey k333 held by us\n") ==
        "actor user      \"User\"              in CN\n"
        "actor cn_police \"Police\"            in CN\n"
        "# a comment line does not end the run\n"
        "actor us        \"US court, federal\" in US\n"
        "key k1 held by user\n"
        "key k22 \"titled\" held by user\n"
        "key k333 held by us\n");
}

TEST_CASE("format: a blank line ends an aligned run and runs of blank lines become one",
          "[parser]") {
  CHECK(fmt_text("\n\njurisdiction A \"a\"\n\n\n\njurisdiction BBB \"b\"\n\n") ==
        "jurisdiction A \"a\"\n\njurisdiction BBB \"b\"\n");
}

TEST_CASE("format: alignment counts code points, not bytes", "[parser]") {
  CHECK(fmt_text("actor a \"Zürich bank\" in CH\nactor bb \"Bank\" in CH\n") ==
        "actor a  \"Zürich bank\" in CH\n"
        "actor bb \"Bank\"        in CH\n");
}

TEST_CASE("format: key clauses stay on one line unless the author broke them or it is too long",
          "[parser]") {
  CHECK(fmt_text("data d \"D\" encrypted by k stored at s\n") ==
        "data d \"D\" encrypted by k stored at s\n");
  CHECK(fmt_text("key k \"K\"\n    hsm at s used by a\n wrapped by r held by a stored at s when x held by b\n") ==
        "key k \"K\"\n"
        "  hsm at s used by a\n"
        "  wrapped by r held by a stored at s when x\n"
        "  held by b\n");
  std::string names = "a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5";
  CHECK(fmt_text("key long held by " + names + " stored at site_one, site_two, site_three\n") ==
        "key long\n  held by " + names + "\n  stored at site_one, site_two, site_three\n");
}

TEST_CASE("format: comments are kept, trailing ones aligned, inner ones end the line", "[parser]") {
  CHECK(fmt_text("# header   \nactor a # who\nactor bbbb   # another\n\n"
                 "key k held by a # why\n  # own line\n  stored at s\nflow a -> # odd place\n b\n") ==
        "# header\n"
        "actor a     # who\n"
        "actor bbbb  # another\n"
        "\n"
        "key k\n"
        "  held by a  # why\n"
        "  # own line\n"
        "  stored at s\n"
        "flow a ->  # odd place\n"
        "  b\n");
}

TEST_CASE("format: strings and escapes are copied exactly", "[parser]") {
  CHECK(fmt_text("site s   \"a \\\"quoted\\\" \\\\ title\"  in J\n") ==
        "site s \"a \\\"quoted\\\" \\\\ title\" in J\n");
}

TEST_CASE("format: text with syntax errors is not rewritten and the errors are reported",
          "[parser]") {
  custody::SourceFile file("spec.custody", "actor a in\nkey k held by\n");
  custody::Diagnostics diags;
  CHECK_FALSE(custody::format_source(file, 0, diags));
  CHECK(diags.error_count() == 2);
}

TEST_CASE("format: an empty file or one of comments only", "[parser]") {
  CHECK(fmt_text("") == "");
  CHECK(fmt_text("\n\n  \n") == "");
  CHECK(fmt_text("  # only a comment\r\n") == "# only a comment\n");
}
