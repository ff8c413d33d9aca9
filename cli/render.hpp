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

/// Escapes `s` for a workflow command, as GitHub's runner decodes it: `%`, CR and LF
/// become `%25`, `%0D` and `%0A` in the message (`property` false), and `:` and `,` also
/// become `%3A` and `%2C` in a property value, so a file name with any of them comes back
/// intact. Other control bytes and invalid UTF-8, which the runner has no escape for, are
/// shown as `\xNN` as by printable().
std::string github_escape(std::string_view s, bool property);

/// A diagnostic as a JSON object (see README, "JSON diagnostics").
nlohmann::json to_json(const SourceSet& sources, const Diagnostic& d);

/// A JSON object for a span: file, line, column, end_line, end_column.
nlohmann::json span_json(const SourceSet& sources, const Span& span);

/// Makes a byte string safe to show on a terminal: invalid UTF-8 and control bytes (tab
/// aside) become `\xNN`. For text, gcc and github output only: JSON and SARIF carry the
/// real bytes, escaped by their own rules (json_text(), sarif.hpp's artifact_uri()).
std::string printable(std::string_view s);

/// `j` serialized (pretty-printed with `indent` spaces when it is not negative). Strings
/// keep their control characters, escaped as JSON does (`\n`); an invalid UTF-8 sequence,
/// which JSON cannot carry (a file name's bytes, say), becomes U+FFFD. So the output is
/// always valid UTF-8 and serializing never throws.
std::string json_text(const nlohmann::json& j, int indent = -1);

/// "1 error", "2 warnings".
std::string count_noun(std::size_t n, const char* noun);

}  // namespace custody::cli
