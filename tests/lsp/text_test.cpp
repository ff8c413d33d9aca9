// LSP positions (UTF-16 code units) against byte offsets, incremental edits and URIs.
#include <catch2/catch.hpp>

#include "lsp/text.hpp"

using custody::SourceFile;
using custody::lsp::apply_change;
using custody::lsp::Position;
using custody::lsp::to_offset;
using custody::lsp::to_position;

namespace {
// "é" is 2 bytes and 1 unit; "中" 3 bytes and 1 unit; "😀" 4 bytes and 2 units.
const std::string kText = "ab\né中😀x\r\nlast";
}  // namespace

TEST_CASE("text: UTF-16 positions map to byte offsets", "[lsp]") {
  CHECK(to_offset(kText, {0, 0}) == 0);
  CHECK(to_offset(kText, {0, 2}) == 2);
  CHECK(to_offset(kText, {1, 0}) == 3);
  CHECK(to_offset(kText, {1, 1}) == 5);   // after é
  CHECK(to_offset(kText, {1, 2}) == 8);   // after 中
  CHECK(to_offset(kText, {1, 4}) == 12);  // after 😀 (two units)
  CHECK(to_offset(kText, {1, 5}) == 13);  // after x, before \r\n
  CHECK(to_offset(kText, {2, 4}) == 19);
}

TEST_CASE("text: positions past a line's end, past the text, or inside a pair are clamped",
          "[lsp]") {
  CHECK(to_offset(kText, {0, 99}) == 2);  // end of line 0
  CHECK(to_offset(kText, {1, 99}) == 13); // before \r\n
  CHECK(to_offset(kText, {9, 0}) == kText.size());
  CHECK(to_offset(kText, {1, 3}) == 12);  // inside the surrogate pair: after the emoji
}

TEST_CASE("text: byte offsets map back to UTF-16 positions", "[lsp]") {
  SourceFile f("t", kText);
  CHECK(to_position(f, 0) == Position{0, 0});
  CHECK(to_position(f, 5) == Position{1, 1});
  CHECK(to_position(f, 8) == Position{1, 2});
  CHECK(to_position(f, 12) == Position{1, 4});
  CHECK(to_position(f, 15) == Position{2, 0});
  CHECK(to_position(f, 999) == Position{2, 4});
}

TEST_CASE("text: invalid UTF-8 counts one unit per byte", "[lsp]") {
  std::string bad = "a\xff\xfe" "b";
  SourceFile f("t", bad);
  CHECK(to_offset(bad, {0, 3}) == 3);
  CHECK(to_position(f, 3) == Position{0, 3});
}

TEST_CASE("text: incremental changes insert, replace and delete across lines", "[lsp]") {
  std::string t = "actor a\nactor b\n";
  apply_change(t, {0, 6}, {0, 7}, "alice");
  CHECK(t == "actor alice\nactor b\n");
  apply_change(t, {0, 11}, {1, 7}, "");
  CHECK(t == "actor alice\n");
  apply_change(t, {1, 0}, {1, 0}, "# 😀\n");
  CHECK(t == "actor alice\n# 😀\n");
  apply_change(t, {1, 2}, {1, 4}, "ok");
  CHECK(t == "actor alice\n# ok\n");
  apply_change(t, {1, 4}, {0, 0}, "!");  // end before start: an insertion at the start
  CHECK(t == "actor alice\n# ok!\n");
}

TEST_CASE("text: file URIs and paths, percent-encoded both ways", "[lsp]") {
  using custody::lsp::path_to_uri;
  using custody::lsp::uri_to_path;
  CHECK(uri_to_path("file:///home/a%20b/spec.custody") == "/home/a b/spec.custody");
  CHECK(uri_to_path("file://localhost/x/%C3%A9.custody") == "/x/é.custody");
  CHECK(uri_to_path("untitled:Untitled-1") == "untitled:Untitled-1");
  CHECK(uri_to_path("file:///bad%zzescape") == "/bad%zzescape");
  CHECK(path_to_uri("/home/a b/é.custody") == "file:///home/a%20b/%C3%A9.custody");
  CHECK(uri_to_path(path_to_uri("/x/#1 [a]?.custody")) == "/x/#1 [a]?.custody");
}
