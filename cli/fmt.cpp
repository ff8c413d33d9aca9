#include "cli/fmt.hpp"

#include <fmt/format.h>

#include <iostream>
#include <iterator>

#include "cli/rewrite_file.hpp"
#include "parser/format.hpp"

namespace custody::cli {

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
      continue;
    }
    if (path == "-") {
      out << *formatted;
      continue;
    }
    std::string why;
    if (rewrite_file(path, *formatted, &why)) {
      out << printable(path) << "\n";
    } else {
      err << fmt::format("custody fmt: cannot rewrite file '{}': {}; it is left as it was\n",
                         printable(path), printable(why));
      failed = true;
    }
  }
  if (failed) return kInvalid;
  return opts.check && changed ? kViolated : kOk;
}

}  // namespace custody::cli
