#pragma once
/// The language front end: text -> syntax tree -> checked model.
///
/// Nothing here exposes Spirit types. Errors and warnings are appended to the sink; the
/// functions never print and never throw.

#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "model/source.hpp"

namespace custody {

/// The deepest nesting of parentheses an expression may have.
inline constexpr int kMaxNesting = 64;
/// After this many syntax errors in one file the rest of the file is skipped.
inline constexpr int kMaxSyntaxErrors = 50;

/// Loads the given files and everything they import (resolved relative to the importing
/// file; each file loaded once), parses and checks them as one model.
///
/// Every file read is added to `sources`. Returns the checked model when no error was
/// reported, nullopt otherwise; warnings do not stop it. A file that cannot be read is an
/// error (at the import statement for an import; without location for a root file).
std::optional<Model> load(const std::vector<std::string>& paths, FileReader& reader,
                          SourceSet& sources, Diagnostics& diags);

/// Loads from the file system.
std::optional<Model> load(const std::vector<std::string>& paths, SourceSet& sources,
                          Diagnostics& diags);

/// Whether a word is reserved by the language.
bool is_keyword(const std::string& word);

}  // namespace custody
