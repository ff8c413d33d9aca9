#pragma once
/// `custody check`: verdicts for every assertion, with scenarios and access paths.

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/explain.hpp"
#include "cli/lint.hpp"
#include "model/model.hpp"
#include "solver/solver.hpp"

namespace custody::cli {

inline constexpr const char* kVersion = "0.1.0";

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


}  // namespace custody::cli
