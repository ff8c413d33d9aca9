// File names through every renderer: terminals get printable text, GitHub's runner gets
// its own escapes, JSON gets the real bytes (valid UTF-8 always).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/render.hpp"

using namespace custody;
using namespace custody::cli;

namespace {

// How GitHub's runner decodes a workflow command (actions/runner, ActionCommand.cs):
// one replacement after another, `%25` last.
std::string runner_unescape(std::string s, bool property) {
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos;
         at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  };
  replace_all("%0D", "\r");
  replace_all("%0A", "\n");
  if (property) {
    replace_all("%3A", ":");
    replace_all("%2C", ",");
  }
  replace_all("%25", "%");
  return s;
}

// One error at the start of a file named `path`.
struct OneFile {
  SourceSet sources;
  Diagnostic d;
  explicit OneFile(const std::string& path) {
    FileId id = sources.add(path, "actor in\n");
    d.code = "syntax";
    d.message = "expected identifier, got keyword 'in'";
    d.span = {id, 6, 8};
  }
};

}  // namespace

TEST_CASE("render: printable shows control bytes and invalid UTF-8 as \\xNN", "[cli]") {
  CHECK(printable("a\tb\nc\x1b[31m\xff caf\xc3\xa9") == "a\tb\\x0ac\\x1b[31m\\xff caf\xc3\xa9");
}

TEST_CASE("render: github escapes round-trip through the runner's decoding", "[cli]") {
  for (std::string s :
       {"we:ird, \"q\" <x>.custody", "nl\nname\r.custody", "100%0A%3A%25.custody", "a::b,,c%%d"}) {
    INFO(s);
    std::string property = github_escape(s, true);
    CHECK(property.find_first_of(",:\r\n") == std::string::npos);
    CHECK(runner_unescape(property, true) == s);
    std::string data = github_escape(s, false);
    CHECK(data.find_first_of("\r\n") == std::string::npos);
    CHECK(runner_unescape(data, false) == s);
  }
  // What the runner cannot carry is shown, as on a terminal.
  CHECK(github_escape("a\x1b[2Jb\xff", true) == "a\\x1b[2Jb\\xff");
}

TEST_CASE("render: a newline in a file name reaches GitHub as %0A, not as \\x0a", "[cli]") {
  OneFile f("nl\nname.custody");
  CHECK(render_github(f.sources, f.d) ==
        "::error file=nl%0Aname.custody,line=1,col=7,endLine=1,endColumn=9,title=custody syntax::"
        "expected identifier, got keyword 'in'\n");
  // Terminals still get it printable.
  CHECK(render_gcc(f.sources, f.d) ==
        "nl\\x0aname.custody:1:7: error: expected identifier, got keyword 'in'\n");
}

TEST_CASE("render: JSON carries the real file name, escaped as JSON", "[cli]") {
  OneFile f("nl\nname \"q\".custody");
  std::string text = json_text(to_json(f.sources, f.d));
  CHECK(text.find(R"("file":"nl\nname \"q\".custody")") != std::string::npos);
  CHECK(nlohmann::json::parse(text)["location"]["file"] == "nl\nname \"q\".custody");
}

TEST_CASE("render: invalid UTF-8 in a file name becomes U+FFFD in JSON instead of throwing",
          "[cli]") {
  OneFile f("bad\xff\xfe name\xe4.custody");
  nlohmann::json j = to_json(f.sources, f.d);
  CHECK_THROWS(j.dump());  // what every JSON writer did before json_text
  std::string text = json_text(j);
  CHECK(nlohmann::json::parse(text)["location"]["file"] ==
        "bad\xef\xbf\xbd\xef\xbf\xbd name\xef\xbf\xbd.custody");
  CHECK(json_text(nlohmann::json{{"a", "caf\xc3\xa9\x01"}}, 2) ==
        "{\n  \"a\": \"caf\xc3\xa9\\u0001\"\n}");
}
