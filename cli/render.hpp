#pragma once
/// Rendering diagnostics for people (text), for editors and compilers' tooling (gcc), and
/// for scripts (json). Formatting lives here, not in the libraries.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "model/diagnostic.hpp"
#include "model/source.hpp"

namespace custody::cli {

enum class Format { text, gcc, json, github, sarif };

struct Style {
  bool color = false;
};

/// `file:line:col` of a span; just the message prefix for a span in no file.
std::string location(const SourceSet& sources, const Span& span);

/// A diagnostic in clang's layout: header line, the source line, a caret under the span,
/// then each note the same way.
std::string render_text(const SourceSet& sources, const Diagnostic& d, Style style);

/// `file:line:col: severity: message`, plus one `note:` line per note.
std::string render_gcc(const SourceSet& sources, const Diagnostic& d);

/// A GitHub Actions workflow command (`::error file=...,line=...::message`), escaped as
/// GitHub requires; notes follow in the message on their own lines.
std::string render_github(const SourceSet& sources, const Diagnostic& d);

/// Escapes for a workflow command: `data` for the message, or a property value.
std::string github_escape(std::string_view s, bool property);

/// A diagnostic as a JSON object (see README, "JSON diagnostics").
nlohmann::json to_json(const SourceSet& sources, const Diagnostic& d);

/// A JSON object for a span: file, line, column, end_line, end_column.
nlohmann::json span_json(const SourceSet& sources, const Span& span);

/// Makes a byte string safe to show: invalid UTF-8 and control bytes become `\xNN`.
std::string printable(std::string_view s);

/// "1 error", "2 warnings".
std::string count_noun(std::size_t n, const char* noun);

}  // namespace custody::cli
