#include "cli/fmt.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "parser/format.hpp"

namespace custody::cli {

namespace {

// Writes through a temporary file beside the original and renames it over, so that an
// interrupted run never leaves a half-written spec.
bool write_file(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  std::string tmp = path + ".custody-fmt.tmp";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    if (!o) return false;
    o << text;
    if (!o.flush()) return false;
  }
  std::error_code ec;
  auto perms = fs::status(path, ec).permissions();
  if (!ec) fs::permissions(tmp, perms, ec);
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

}  // namespace

int run_fmt(const FmtOptions& opts, std::istream& in, std::ostream& out, std::ostream& err) {
  bool failed = false, changed = false;
  SourceSet sources;
  for (const std::string& path : opts.files) {
    std::optional<std::string> text;
    if (path == "-") {
      text = std::string(std::istreambuf_iterator<char>(in), {});
    } else {
      DiskReader reader;
      text = reader.read(path);
    }
    if (!text) {
      err << fmt::format("custody fmt: cannot read file '{}'\n", printable(path));
      failed = true;
      continue;
    }
    FileId id = sources.add(path == "-" ? "<stdin>" : path, std::move(*text));
    const SourceFile& file = sources.file(id);
    Diagnostics diags;
    std::optional<std::string> formatted = format_source(file, id, diags);
    if (!formatted) {
      diags.sort();
      print_diagnostics(err, sources, diags, opts.format);
      failed = true;
      continue;
    }
    if (*formatted == file.text()) {
      if (path == "-" && !opts.check) out << *formatted;
      continue;
    }
    changed = true;
    if (opts.check) {
      out << printable(file.path()) << "\n";
    } else if (path == "-") {
      out << *formatted;
    } else if (write_file(path, *formatted)) {
      out << printable(path) << "\n";
    } else {
      err << fmt::format("custody fmt: cannot write file '{}'\n", printable(path));
      failed = true;
    }
  }
  if (failed) return kInvalid;
  return opts.check && changed ? kViolated : kOk;
}

}  // namespace custody::cli
