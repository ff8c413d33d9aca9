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
/// The deepest an expression may nest operators (`not`, `implies`, `and`, `or`, counts and
/// parentheses on one path from the top to a name). Deeper is an error where it is parsed,
/// so that every later walk over an expression may recurse.
inline constexpr int kMaxExprDepth = 256;

/// Where imports may come from. A spec checked in CI can come from a stranger, so by
/// default an import must stay inside the folder tree of a root file (a file named on the
/// command line), of a search folder, or of an allowed folder; symbolic links are followed
/// before the test. An import must name a `.custody` file, so that no other file is ever
/// read, let alone quoted in a diagnostic.
struct LoadOptions {
  /// Folders searched, in order, for an import that is not found beside the importing
  /// file (`-I DIR`). Their trees are allowed.
  std::vector<std::string> search;
  /// More folders whose trees imports may reach (`--allow-import DIR`).
  std::vector<std::string> allowed;
};

/// Loads the given files and everything they import (resolved relative to the importing
/// file, then in `options.search`; each file loaded once), parses and checks them as one
/// model.
///
/// Every file read is added to `sources`. Returns the checked model when no error was
/// reported, nullopt otherwise; warnings do not stop it. A file that cannot be read, that
/// is not a regular file, or that is larger than kMaxSpecBytes is an error (at the import
/// statement for an import; without location for a root file), and so is an import that
/// leaves the allowed folders.
std::optional<Model> load(const std::vector<std::string>& paths, FileReader& reader,
                          SourceSet& sources, Diagnostics& diags,
                          const LoadOptions& options = {});

/// A name in the source and the declaration it resolves to.
struct NameUse {
  Span span;
  Symbol symbol;
  bool declaration = false;  ///< the name as declared, not a use of it
};

/// An `import` statement: where it is and the file it loaded.
struct ImportEdge {
  Span span;  ///< the statement, in the importing file
  FileId target = 0;
};

/// Everything the loader learned, for front ends that need more than the verdict-ready
/// model (the language server: outlines, go to definition, rename).
struct Analysis {
  /// The checked model when no error was reported; with errors, the part that could be
  /// checked (broken statements partly or wholly missing, a single reference that did not
  /// resolve set to kUnresolved), fit for naming things but not for verdicts.
  Model model;
  bool ok = false;
  /// Every declaration and every resolved use of a name, in source order per file. A use
  /// of the wrong kind still names what it resolves to.
  std::vector<NameUse> names;
  std::vector<ImportEdge> imports;
};

/// Like `load`, keeping the partial model, the names and the imports.
Analysis analyze(const std::vector<std::string>& paths, FileReader& reader, SourceSet& sources,
                 Diagnostics& diags, const LoadOptions& options = {});

/// Loads from the file system.
std::optional<Model> load(const std::vector<std::string>& paths, SourceSet& sources,
                          Diagnostics& diags, const LoadOptions& options = {});

/// Whether a word is reserved by the language.
bool is_keyword(const std::string& word);

}  // namespace custody
