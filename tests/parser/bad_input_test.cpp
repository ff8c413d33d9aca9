// The bad-input corpus: tests/bad/NAME.custody with its exact diagnostics in
// NAME.expected (gcc format). CUSTODY_UPDATE_GOLDEN=1 rewrites the expected files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "report/render.hpp"
#include "parser/parser.hpp"
#include "support.hpp"

namespace fs = std::filesystem;

TEST_CASE("bad input: each malformed spec gets its exact diagnostics", "[parser]") {
  const std::string folder = custody::test::source_dir() + "/tests/bad";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(folder)) {
    if (e.path().extension() == ".custody") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 40);
  for (const auto& path : files) {
    custody::test::FolderReader reader(folder);
    custody::SourceSet sources;
    custody::Diagnostics diags;
    auto model = custody::load({path.filename().string()}, reader, sources, diags);
    diags.sort();
    std::string got;
    for (const auto& d : diags.items()) got += custody::report::render_gcc(sources, d);
    fs::path expected = path;
    expected.replace_extension(".expected");
    if (custody::test::update_golden()) std::ofstream(expected, std::ios::binary) << got;
    INFO(path.filename().string());
    CHECK(got == custody::test::slurp(expected.string()));
    if (path.filename() != "empty_file.custody" && path.filename() != "only_comment.custody") {
      CHECK(diags.has_errors());
      CHECK_FALSE(model);
    }
  }
}
