// Hostile input: never a crash or a hang, always a located error.
#include <catch2/catch.hpp>

#include <random>

#include "parser/parser.hpp"
#include "support.hpp"

using custody::test::load_text;

TEST_CASE("robustness: a 10 MB line is one clear error, not a hang", "[parser]") {
  std::string line(10 * 1024 * 1024, 'x');
  auto r = load_text("actor a " + line + "\n");
  CHECK_FALSE(r.model);
  REQUIRE(r.diags.error_count() == 1);
  CHECK(r.diags.items()[0].message.rfind("expected a statement", 0) == 0);
}

TEST_CASE("robustness: a 10 MB title parses", "[parser]") {
  std::string title(10 * 1024 * 1024, 'y');
  auto r = load_text("jurisdiction J \"" + title + "\"\nactor a in J\nassert q: nobody in J can read d\ndata d held by a\n");
  REQUIRE(r.model);
  CHECK(r.model->jurisdictions[0].title.size() == title.size());
}

TEST_CASE("robustness: 100000 nested parentheses are bounded with an error", "[parser]") {
  std::string e = std::string(100000, '(') + "c" + std::string(100000, ')');
  auto r = load_text("condition c\nassume " + e + "\nactor a\n");
  CHECK(r.gcc() == "spec.custody:2:72: error: expression nested too deeply (more than 64 parentheses)\n");
}

TEST_CASE("robustness: 64 nested parentheses are fine", "[parser]") {
  std::string e = std::string(64, '(') + "c" + std::string(64, ')');
  auto r = load_text("condition c\nactor a\ndata d held by a when " + e + "\nassert q: a cannot read d\n");
  CHECK(r.model);
}

TEST_CASE("robustness: a million `not`s are one positioned error, not a deep expression", "[parser]") {
  std::string e;
  for (int i = 0; i < 1000000; ++i) e += "not ";
  auto r = load_text("condition c\nactor a\ndata d held by a when " + e + "c\nassert q: a cannot read d\n");
  CHECK_FALSE(r.model);
  CHECK(r.gcc() ==
        "spec.custody:3:23: error: expression nested too deeply (more than 256 operators inside "
        "one another); split it with conditions or assumptions\n");
}

TEST_CASE("robustness: a 200000-term implies chain is refused where the limit is crossed", "[parser]") {
  std::string e = "c";
  for (int i = 1; i < 200000; ++i) e += " implies c";
  auto r = load_text("condition c\nassume " + e + "\nactor a\n");
  CHECK_FALSE(r.model);
  REQUIRE(r.diags.error_count() == 1);
  CHECK(r.diags.items()[0].code == "too-deep");
  // Right-associative: the term before the 257th `implies` from the end starts the first
  // node too deep.
  std::size_t from_end = 257 * std::string(" implies c").size() + 1;
  CHECK(r.diags.items()[0].span.begin == std::string("condition c\nassume ").size() + e.size() - from_end);
}

TEST_CASE("robustness: 256 operators inside one another are accepted", "[parser]") {
  std::string nots;
  for (int i = 0; i < 256; ++i) nots += "not ";
  auto r = load_text("condition c\nactor a\ndata d held by a when " + nots + "c\nassert q: a cannot read d\n");
  CHECK(r.model);
  auto over = load_text("condition c\nactor a\ndata d held by a when not " + nots + "c\nassert q: a cannot read d\n");
  CHECK_FALSE(over.model);
}

TEST_CASE("robustness: flat and/or of 200000 terms is not deep", "[parser]") {
  std::string e = "c";
  for (int i = 1; i < 200000; ++i) e += i % 2 ? " and c" : " or c";
  auto r = load_text("condition c\nassume " + e + "\nactor a\n");
  CHECK(r.model);
}

TEST_CASE("robustness: control characters in strings are refused where they are", "[parser]") {
  for (const char* c : {"\x1b", "\x07", "\x7f", "\x01", "\r"}) {
    auto r = load_text(std::string("actor a \"x") + c + "y\"\n");
    INFO(static_cast<int>(c[0]));
    CHECK_FALSE(r.model);
    REQUIRE(r.diags.error_count() >= 1);
    CHECK(r.diags.items()[0].span.begin == 10);
  }
  auto c1 = load_text("actor a \"x\xc2\x9by\"\n");
  CHECK(c1.gcc() == "spec.custody:1:11: error: expected a printable character or closing '\"' in "
                    "the string, got control character U+009B\n");
  auto nul = load_text(std::string("actor a \"x\0y\"\n", 14));
  CHECK(nul.gcc() == "spec.custody:1:11: error: expected a printable character or closing '\"' in "
                     "the string, got control byte 0x00\n");
  auto tab = load_text("actor a \"x\ty\"\nassert q: a cannot read d\ndata d\n");
  CHECK(tab.model);
}

TEST_CASE("robustness: a UTF-8 byte order mark at the start is skipped", "[parser]") {
  auto r = load_text("\xEF\xBB\xBF" "actor a\ndata d held by a\nassert q: a cannot read d\n");
  CHECK(r.model);
  CHECK_FALSE(r.diags.has_errors());
  auto inside = load_text("actor a\n\xEF\xBB\xBF" "data d held by a\n");
  CHECK_FALSE(inside.model);
}

TEST_CASE("robustness: random bytes never crash the loader", "[parser]") {
  std::mt19937 rng(42);
  const std::string alphabet = "actor key data held by when ( ) , : -> \" \\ # \n 0123 xyz \xff\xc3\xa9";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    std::size_t n = rng() % 400;
    for (std::size_t i = 0; i < n; ++i) {
      if (rng() % 4 == 0) text += static_cast<char>(rng() % 256);
      else text += alphabet[rng() % alphabet.size()];
    }
    auto r = load_text(text);
    if (!r.model) CHECK(r.diags.has_errors());
  }
}

TEST_CASE("robustness: the syntax error count per file is capped", "[parser]") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "actor in\n";
  auto r = load_text(text);
  CHECK(r.diags.error_count() == custody::kMaxSyntaxErrors + 1);
  CHECK(r.diags.items().back().message.find("too many syntax errors") != std::string::npos);
}
