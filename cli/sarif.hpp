#pragma once
/// SARIF 2.1.0 for `lint` and `check`: one rule per kind of diagnostic and one for
/// violated assertions; results at the offending spec lines; each access path a codeFlow
/// whose thread-flow locations are the spec lines of its steps.

#include <string>
#include <string_view>

#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "solver/solver.hpp"

namespace custody::cli {

/// The SARIF log. `model` and `report` are null for lint (diagnostics only).
std::string sarif_log(const SourceSet& sources, const Diagnostics& diags, const Model* model,
                      const CheckReport* report);

/// A file path as an artifactLocation uri (RFC 3986). Each segment is percent-encoded
/// except for unreserved characters, sub-delims, ':' and '@'; bytes of non-ASCII
/// characters (or of invalid UTF-8) are encoded one by one, so decoding gives the path's
/// bytes back. An absolute path becomes `file:///...`; a relative one stays a relative
/// reference, led by `./` when its first segment holds ':' (which would read as a scheme).
std::string artifact_uri(std::string_view path);

}  // namespace custody::cli
