#pragma once
/// The canonical layout of a spec file (`custody fmt`, the language server's formatting).
///
/// The layout:
/// - one statement per line, tokens separated by one space, none before `,` and `:` or
///   inside parentheses, none around the brackets of `T[X]`;
/// - a `key` or `data` declaration with two or more clauses puts each clause on its own
///   line, indented by two spaces;
/// - consecutive one-line declarations of the same kind (no blank line or comment line
///   between them) are aligned in columns: name, title, the rest;
/// - comments are kept where they are: a comment on its own line stays on its own line
///   (indented by two spaces inside a statement), a comment after code stays after it, and
///   trailing comments of consecutive lines are aligned; a comment inside a statement ends
///   the line, and the statement goes on on the next line, indented by two spaces;
/// - at most one blank line in a row, none inside a statement, none at the start or end,
///   and the file ends with one newline.
///
/// The layout depends only on the tokens, the comments and where blank lines are, so
/// formatting is idempotent: formatting canonical text returns it unchanged.

#include <optional>
#include <string>

#include "model/diagnostic.hpp"
#include "model/source.hpp"

namespace custody {

/// The file's text in canonical layout, or nullopt when it has syntax errors (appended to
/// `diags`; a file that does not parse is never rewritten). Meaning errors (unknown names
/// and such) do not stop formatting.
std::optional<std::string> format_source(const SourceFile& file, FileId id, Diagnostics& diags);

}  // namespace custody
