#pragma once
/// The front ends' shared steps: load specs, print diagnostics in a format.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "cli/render.hpp"
#include "model/model.hpp"
#include "parser/parser.hpp"

namespace custody::cli {

/// Exit codes (README, "Exit codes").
enum ExitCode { kOk = 0, kViolated = 1, kInvalid = 2, kInconclusive = 3 };

struct LintOptions {
  std::vector<std::string> files;
  Format format = Format::text;
  bool werror = false;
  bool dump_model = false;
  LoadOptions imports;  ///< -I and --allow-import
};

/// Whether text output should be coloured: stdout is a terminal and NO_COLOR is unset.
bool want_color();

/// Writes diagnostics in the chosen format (text and gcc: one after another; json is
/// written by the caller as part of its document).
void print_diagnostics(std::ostream& out, const SourceSet& sources, const Diagnostics& diags,
                       Format format);

/// `custody lint`. Returns the exit code.
int run_lint(const LintOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace custody::cli
