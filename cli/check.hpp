#pragma once
/// `custody check`: verdicts for every assertion, with scenarios and access paths.

#include <iosfwd>
#include <string>
#include <vector>

#include "report/explain.hpp"
#include "report/version.hpp"
#include "cli/lint.hpp"
#include "model/model.hpp"
#include "solver/solver.hpp"

namespace custody::cli {

struct CheckOptions {
  std::vector<std::string> files;
  std::vector<std::string> assertions;  ///< names; empty = all
  Format format = Format::text;
  LoadOptions imports;
  Limits limits;
  bool fast_path = false;   ///< skip proving the path is the shortest
  bool z3_only = false;     ///< never decide by enumerating scenarios (cross-checks)
};

/// `custody check`. Returns the exit code.
int run_check(const CheckOptions& opts, std::ostream& out, std::ostream& err);

/// The second half of `custody check`: writes the diagnostics of loading (`diags`) and the
/// verdicts of `report` in `format`, and returns the exit code. A vacuous assertion adds
/// its error (report::vacuity_diagnostic) and makes the code 2, while the other verdicts
/// are still written. `model` is null when loading failed (then `report` is empty).
int write_check(std::ostream& out, const SourceSet& sources, Diagnostics diags, const Model* model,
                const CheckReport& report, Format format);


}  // namespace custody::cli
