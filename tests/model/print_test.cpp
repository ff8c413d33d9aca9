// The canonical printer: output is valid custody text, and printing is a fixed point.
#include <catch2/catch.hpp>

#include <filesystem>

#include "model/print.hpp"
#include "support.hpp"

using custody::print_model;
using custody::test::load_text;

namespace {
void round_trip(const std::string& text) {
  auto first = load_text(text);
  INFO(first.gcc());
  REQUIRE(first.model);
  std::string printed = print_model(*first.model);
  auto second = load_text(printed);
  INFO(printed << "\n" << second.gcc());
  REQUIRE(second.model);
  CHECK(print_model(*second.model) == printed);
}
}  // namespace

TEST_CASE("print: the canonical form of a small spec", "[model]") {
  auto r = load_text(R"(actor b in J
jurisdiction J "The \"J\""
condition c
data d encrypted by k held by b when not c or c and c
key k held by b
assert q: b cannot read d
)");
  REQUIRE(r.model);
  CHECK(print_model(*r.model) ==
        "jurisdiction J \"The \\\"J\\\"\"\n"
        "actor b in J\n"
        "condition c\n"
        "key k\n"
        "  held by b\n"
        "data d\n"
        "  encrypted by k\n"
        "  held by b when not c or c and c\n"
        "assert q: b cannot read d\n");
}

TEST_CASE("print: parse, print, parse, print gives the same text", "[model]") {
  round_trip(R"(
jurisdiction J
actor a in J
actor b
condition x
condition y
site s "S" in J operated by a when x implies y
key w hsm at s used by a when (x or y) and not x
key k held by a when at most 1 of x, y stored at s wrapped by w held by b stored at s when exactly 1 of x, y
key t split 1 of k, w
data d encrypted by k and t held by b stored at s
flow a -> b : k, d when (at least 1 of x, y) and x
flow b -> a
law l "L": a compels actors in J when x implies y implies x
law m: b seizes s
threat th "T": b compromises at most 1 of a
assume not (x and y)
assert q1: a, b cannot read d
assert nobody in J can use w
assert only a can obtain k
)");
}

TEST_CASE("print: every spec under specs/ round-trips", "[model]") {
  namespace fs = std::filesystem;
  for (const auto& e : fs::recursive_directory_iterator(custody::test::source_dir() + "/specs")) {
    if (e.path().extension() != ".custody") continue;
    std::string text = custody::test::slurp(e.path().string());
    if (text.find("import ") != std::string::npos) continue;  // needs its folder
    INFO(e.path().string());
    round_trip(text);
  }
}
