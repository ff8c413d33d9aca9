#pragma once
/// SARIF 2.1.0 for `lint` and `check`: one rule per kind of diagnostic and one for
/// violated assertions; results at the offending spec lines; each access path a codeFlow
/// whose thread-flow locations are the spec lines of its steps.

#include <string>

#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "solver/solver.hpp"

namespace custody::cli {

/// The SARIF log. `model` and `report` are null for lint (diagnostics only).
std::string sarif_log(const SourceSet& sources, const Diagnostics& diags, const Model* model,
                      const CheckReport* report);

}  // namespace custody::cli
