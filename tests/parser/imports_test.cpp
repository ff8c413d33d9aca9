// Imports from a spec that may come from a stranger: confined to the allowed folder trees,
// only .custody files, only regular files, at most kMaxSpecBytes. Real files in a
// temporary folder, since links, pipes and devices are what is tested.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "cli/render.hpp"
#include "parser/parser.hpp"

namespace fs = std::filesystem;

namespace {

/// A fresh folder, removed with its contents at the end of the test.
struct TempTree {
  fs::path root;
  TempTree() {
    std::random_device rd;
    root = fs::temp_directory_path() / ("custody-imports-" + std::to_string(rd()));
    fs::create_directories(root);
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  std::string write(const std::string& rel, const std::string& text) const {
    fs::path p = root / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

struct Result {
  custody::SourceSet sources;
  custody::Diagnostics diags;
  std::optional<custody::Model> model;
  std::string text() const {
    std::string out;
    for (const auto& d : diags.items()) out += custody::cli::render_gcc(sources, d);
    return out;
  }
  bool has(const std::string& code) const {
    for (const auto& d : diags.items()) {
      if (d.code == code) return true;
    }
    return false;
  }
};

Result load(const std::string& root, const custody::LoadOptions& options = {}) {
  Result r;
  r.model = custody::load({root}, r.sources, r.diags, options);
  return r;
}

const char* kSecret = "password = hunter2\n";

}  // namespace

TEST_CASE("imports: a path that leaves the spec's folder tree is refused unread", "[parser]") {
  TempTree t;
  t.write("outside/secret.custody", kSecret);
  std::string root = t.write("repo/spec.custody", "import \"../outside/secret.custody\"\nactor a\n");
  auto r = load(root);
  CHECK_FALSE(r.model);
  CHECK(r.has("import-outside"));
  CHECK(r.sources.size() == 1);  // the secret was never read
  CHECK(r.text().find("hunter2") == std::string::npos);
  CHECK(r.text().find("pass --allow-import " + (t.root / "outside").string()) != std::string::npos);
}

TEST_CASE("imports: absolute paths outside are refused, and --allow-import lets them in", "[parser]") {
  TempTree t;
  std::string lib = t.write("shared/parties.custody", "actor b\n");
  std::string root = t.write("repo/spec.custody", "import \"" + lib + "\"\nactor a\n");
  CHECK(load(root).has("import-outside"));
  custody::LoadOptions allow;
  allow.allowed = {(t.root / "shared").string()};
  auto r = load(root, allow);
  CHECK_FALSE(r.diags.has_errors());
  CHECK(r.sources.size() == 2);
}

TEST_CASE("imports: a symbolic link inside the tree that points outside is refused", "[parser]") {
  TempTree t;
  std::string target = t.write("outside/x.custody", "actor b\n");
  t.write("repo/spec.custody", "import \"link.custody\"\nactor a\n");
  fs::create_symlink(target, t.root / "repo/link.custody");
  auto r = load((t.root / "repo/spec.custody").string());
  CHECK(r.has("import-outside"));
  CHECK(r.sources.size() == 1);
}

TEST_CASE("imports: -I folders are searched after the importing file's folder and allowed", "[parser]") {
  TempTree t;
  t.write("lib/laws.custody", "actor from_lib\n");
  t.write("repo/laws.custody", "actor from_repo\n");
  std::string root = t.write("repo/spec.custody", "import \"laws.custody\"\nimport \"only_lib.custody\"\n");
  t.write("lib/only_lib.custody", "actor only_lib\n");
  custody::LoadOptions opts;
  opts.search = {(t.root / "lib").string()};
  auto r = load(root, opts);
  REQUIRE_FALSE(r.diags.has_errors());
  REQUIRE(r.model);
  CHECK(r.model->find("from_repo"));   // beside the importer first
  CHECK_FALSE(r.model->find("from_lib"));
  CHECK(r.model->find("only_lib"));    // then the search folder
}

TEST_CASE("imports: only .custody files are imported", "[parser]") {
  TempTree t;
  t.write("repo/.env", kSecret);
  std::string root = t.write("repo/spec.custody", "import \".env\"\nimport \"/etc/passwd\"\nactor a\n");
  auto r = load(root);
  CHECK(r.diags.error_count() == 2);
  CHECK(r.has("import-not-spec"));
  CHECK(r.sources.size() == 1);
  CHECK(r.text().find("hunter2") == std::string::npos);
}

TEST_CASE("imports: a named pipe is refused at once, not waited on", "[parser]") {
  TempTree t;
  REQUIRE(::mkfifo((t.root / "pipe.custody").c_str(), 0600) == 0);
  std::string root = t.write("spec.custody", "import \"pipe.custody\"\nactor a\n");
  auto r = load(root);
  CHECK(r.text().find("cannot read imported file") != std::string::npos);
  CHECK(r.text().find("(it is not a regular file)") != std::string::npos);
  auto direct = load((t.root / "pipe.custody").string());
  CHECK(direct.has("missing-file"));
}

TEST_CASE("imports: a device is refused, not read forever", "[parser]") {
  auto r = load("/dev/zero");
  CHECK(r.text() == "custody: error: cannot read file '/dev/zero' (it is not a regular file)\n");
  TempTree t;
  std::string root = t.write("spec.custody", "import \"zero.custody\"\n");
  fs::create_symlink("/dev/zero", t.root / "zero.custody");
  custody::LoadOptions allow;
  allow.allowed = {"/dev"};
  auto via_link = load(root, allow);
  CHECK(via_link.text().find("(it is not a regular file)") != std::string::npos);
}

TEST_CASE("imports: a spec larger than the size limit is refused with its reason", "[parser]") {
  TempTree t;
  fs::path big = t.root / "big.custody";
  { std::ofstream(big) << "actor a\n"; }
  fs::resize_file(big, custody::kMaxSpecBytes + 1);  // sparse: cheap to make
  std::string root = t.write("spec.custody", "import \"big.custody\"\n");
  auto r = load(root);
  CHECK(r.text().find("(it is larger than the limit of 64 MiB)") != std::string::npos);
  CHECK(r.sources.size() == 1);
}
