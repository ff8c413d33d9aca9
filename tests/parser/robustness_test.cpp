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

TEST_CASE("robustness: a million `not`s do not recurse", "[parser]") {
  std::string e;
  for (int i = 0; i < 1000000; ++i) e += "not ";
  auto r = load_text("condition c\nactor a\ndata d held by a when " + e + "c\nassert q: a cannot read d\n");
  CHECK(r.model);
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
