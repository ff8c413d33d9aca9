// Golden outputs beside the specs they describe: specs/**/NAME.custody with the exact
// output of `custody check` in NAME.expected. CUSTODY_UPDATE_GOLDEN=1 rewrites them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/check.hpp"
#include "support.hpp"

namespace fs = std::filesystem;

TEST_CASE("golden: custody check prints the expected verdicts and paths for specs/", "[cli]") {
  fs::current_path(custody::test::source_dir());
  std::vector<fs::path> specs;
  for (const auto& e : fs::recursive_directory_iterator("specs")) {
    fs::path expected = e.path();
    expected.replace_extension(".expected");
    if (e.path().extension() == ".custody" && fs::exists(expected)) specs.push_back(e.path());
  }
  std::sort(specs.begin(), specs.end());
  REQUIRE_FALSE(specs.empty());
  for (const auto& spec : specs) {
    custody::cli::CheckOptions opts;
    opts.files = {spec.generic_string()};
    std::ostringstream out, err;
    int code = custody::cli::run_check(opts, out, err);
    std::string got = out.str() + "exit code " + std::to_string(code) + "\n";
    fs::path expected = spec;
    expected.replace_extension(".expected");
    if (custody::test::update_golden()) std::ofstream(expected, std::ios::binary) << got;
    INFO(spec.string());
    CHECK(got == custody::test::slurp(expected.string()));
  }
}

TEST_CASE("golden: the same input gives the same output, byte for byte", "[cli]") {
  fs::current_path(custody::test::source_dir());
  custody::cli::CheckOptions opts;
  opts.files = {"specs/icloud-china.custody"};
  opts.format = custody::report::Format::json;
  std::ostringstream a, b, err;
  custody::cli::run_check(opts, a, err);
  custody::cli::run_check(opts, b, err);
  CHECK(a.str() == b.str());
}
