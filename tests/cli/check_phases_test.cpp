// `custody check` output in every format for a version-2 spec with phases: steps name
// their phase, retained facts are steps of their own, the violated item of a several-item
// assertion is named, and a vacuous assertion is an error (exit 2) while the others are
// still reported. The model and results are built in C++ (tests/phased_model.cpp); the
// expected outputs are in tests/cli/phases/ (CUSTODY_UPDATE_GOLDEN=1 rewrites them).
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/check.hpp"
#include "phased_model.hpp"
#include "support.hpp"

using namespace custody;

namespace {

std::string run(const test::PhasedSpec& p, report::Format format, int& code) {
  std::ostringstream out;
  code = cli::write_check(out, p.sources, Diagnostics{}, &p.model, p.report, format);
  return out.str();
}

void golden(const std::string& name, const std::string& got) {
  std::string path = test::source_dir() + "/tests/cli/phases/" + name;
  if (test::update_golden()) std::ofstream(path, std::ios::binary) << got;
  INFO(path);
  CHECK(got == test::slurp(path));
}

}  // namespace

TEST_CASE("check phases: every format shows phases, items and the vacuous assertion", "[cli]") {
  test::PhasedSpec p = test::phased_spec();
  struct Case {
    const char* name;
    report::Format format;
  } cases[] = {{"check.text", report::Format::text},
               {"check.gcc", report::Format::gcc},
               {"check.json", report::Format::json},
               {"check.github", report::Format::github},
               {"check.sarif", report::Format::sarif}};
  for (const Case& c : cases) {
    int code = -1;
    std::string got = run(p, c.format, code);
    CHECK(code == 2);  // a vacuous assertion is an error on that assertion
    golden(c.name, got);
  }
}

TEST_CASE("check phases: the JSON carries phase, item, vacuous verdict and count", "[cli]") {
  test::PhasedSpec p = test::phased_spec();
  int code = -1;
  nlohmann::json j = nlohmann::json::parse(run(p, report::Format::json, code));
  CHECK(j["version"] == 1);
  CHECK(j["exit_code"] == 2);
  CHECK(j["summary"]["vacuous"] == 1);
  const auto& a1 = j["assertions"][0];
  CHECK(a1["text"] == "gov cannot read mail, notes in after when order");
  CHECK(a1["item"] == "notes");
  CHECK(a1["path"][1]["phase"] == "after");
  CHECK(a1["path"][1]["rule"] == "retain");
  CHECK(j["assertions"][1]["verdict"] == "vacuous");
  CHECK(j["assertions"][2]["missing"][0]["phase"] == "after");
  bool error_at_when = false;
  for (const auto& d : j["diagnostics"]) {
    error_at_when = error_at_when || (d["code"] == "vacuous-assertion" && d["location"]["line"] == 21);
  }
  CHECK(error_at_when);
}

TEST_CASE("check phases: without the vacuous assertion the violations exit 1", "[cli]") {
  test::PhasedSpec p = test::phased_spec();
  int code = -1;
  p.report.results.erase(p.report.results.begin() + 1);
  std::string text = run(p, report::Format::text, code);
  CHECK(code == 1);
  CHECK(text.find("2 assertions: 0 hold, 2 violated\n") != std::string::npos);
}
