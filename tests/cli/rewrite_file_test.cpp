// rewrite_file: what fmt does to the user's file, the folder around it, and links to it.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "cli/rewrite_file.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using custody::cli::rewrite_file;
using custody::test::slurp;

namespace {

// A fresh folder, removed with everything in it at the end of the test.
struct Folder {
  fs::path path;
  Folder() {
    path =
        fs::temp_directory_path() / ("custody-rewrite-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name, const std::string& text, unsigned mode) const {
    std::string p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    ::chmod(p.c_str(), mode);
    return p;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

unsigned mode_of(const std::string& p) {
  struct stat st {};
  ::lstat(p.c_str(), &st);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("rewrite_file: the text replaces the file, keeps its mode, leaves no temporary file",
          "[cli]") {
  Folder d;
  std::string spec = d.file("private.custody", "actor   a\n", 0600);
  std::string err;
  REQUIRE(rewrite_file(spec, "actor a\n", &err));
  CHECK(slurp(spec) == "actor a\n");
  CHECK(mode_of(spec) == 0600);
  CHECK(d.names() == std::vector<std::string>{"private.custody"});
  std::string shared = d.file("shared.custody", "x", 0664);
  REQUIRE(rewrite_file(shared, "y", &err));
  CHECK(mode_of(shared) == 0664);
}

TEST_CASE("rewrite_file: a symlink planted at the old temporary name is not followed", "[cli]") {
  // Regression: fmt wrote through FILE.custody-fmt.tmp, so a link planted there made it
  // overwrite the link's target, and renamed the link over the spec.
  Folder d;
  std::string spec = d.file("s.custody", "old\n", 0644);
  std::string victim = d.file("victim", "precious\n", 0644);
  fs::create_symlink(victim, spec + ".custody-fmt.tmp");
  std::string err;
  REQUIRE(rewrite_file(spec, "new\n", &err));
  CHECK(slurp(victim) == "precious\n");
  CHECK(fs::is_regular_file(fs::symlink_status(spec)));
  CHECK(slurp(spec) == "new\n");
  CHECK(fs::is_symlink(spec + ".custody-fmt.tmp"));
}

TEST_CASE("rewrite_file: a planted world-writable file at the old temporary name is not reused",
          "[cli]") {
  Folder d;
  std::string spec = d.file("s.custody", "old\n", 0600);
  std::string planted = d.file("s.custody.custody-fmt.tmp", "planted\n", 0666);
  std::string err;
  REQUIRE(rewrite_file(spec, "new\n", &err));
  CHECK(slurp(spec) == "new\n");
  CHECK(mode_of(spec) == 0600);
  CHECK(slurp(planted) == "planted\n");
}

TEST_CASE("rewrite_file: through a symlink the target is rewritten and the link stays", "[cli]") {
  Folder d;
  fs::create_directories(d.path / "real");
  std::string target = d.file("real/t.custody", "old\n", 0640);
  std::string link = (d.path / "link.custody").string();
  fs::create_symlink("real/t.custody", link);
  std::string err;
  REQUIRE(rewrite_file(link, "new\n", &err));
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == "real/t.custody");
  CHECK(slurp(target) == "new\n");
  CHECK(mode_of(target) == 0640);
  // Nothing is left beside the link.
  CHECK(d.names() == std::vector<std::string>{"link.custody", "real"});
}

TEST_CASE("rewrite_file: a read-only file is refused and left untouched, even for root", "[cli]") {
  Folder d;
  std::string spec = d.file("ro.custody", "old\n", 0444);
  std::string err;
  CHECK_FALSE(rewrite_file(spec, "new\n", &err));
  CHECK(err == "it is read-only (mode 0444)");
  CHECK(slurp(spec) == "old\n");
  CHECK(mode_of(spec) == 0444);
  CHECK(d.names() == std::vector<std::string>{"ro.custody"});
}

TEST_CASE("rewrite_file: what is not a regular file is refused", "[cli]") {
  Folder d;
  std::string err;
  CHECK_FALSE(rewrite_file(d.path.string(), "new\n", &err));
  CHECK(err == "it is not a regular file");
  CHECK_FALSE(rewrite_file((d.path / "missing.custody").string(), "new\n", &err));
  CHECK(err == "cannot resolve it: No such file or directory");
}
