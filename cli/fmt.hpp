#pragma once
/// `custody fmt`: rewrites spec files in the canonical layout (parser/format.hpp).

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/lint.hpp"

namespace custody::cli {

struct FmtOptions {
  std::vector<std::string> files;  ///< `-` reads standard input and writes standard output
  bool check = false;              ///< list files that would change; write nothing
  Format format = Format::text;    ///< for syntax errors: text or gcc
};

/// `custody fmt`. Each changed file is rewritten in place (rewrite_file.hpp: through a
/// symbolic link to its target, keeping the mode) and its path printed; with `check`, the
/// paths of files not in canonical layout are printed and nothing is written. Exit 2 when
/// a file cannot be read or rewritten (a read-only one is refused and left as it was) or
/// has syntax errors (the other files are still formatted), else 1 when `check` found a
/// file to change, else 0.
int run_fmt(const FmtOptions& opts, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace custody::cli
