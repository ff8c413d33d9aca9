#pragma once
/// `custody graph`: the custody graph of a spec, or one access path, as Graphviz DOT (or
/// SVG through Graphviz's `dot` when it is installed).

#include <iosfwd>
#include <string>

#include "cli/lint.hpp"

namespace custody::cli {

struct GraphOptions {
  std::string file;
  std::string assertion;  ///< when set: the access path of this violated assertion
  bool svg = false;
  LoadOptions imports;
  Limits limits;
};

/// Exit 0, or 2 on invalid input, an unknown or unviolated assertion, or no `dot` for SVG.
int run_graph(const GraphOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace custody::cli
