// publishDiagnostics (diagnostics.hpp). The message is written by hand rather than
// through nlohmann::json: with thousands of warnings in a large spec, building and
// dumping the JSON tree was two thirds of an edit's latency (bench/RESULTS.md).

#include "lsp/diagnostics.hpp"

#include <fmt/format.h>

#include <iterator>

#include "lsp/worker.hpp"
#include "report/explain.hpp"

namespace custody::lsp {
namespace {

// Diagnostic severities.
constexpr int kError = 1, kWarning = 2, kInformation = 3;

/// A diagnostic as LSP shows it: its range is in the root file (or an import of it).
struct LspDiagnostic {
  Span range;
  int severity = kError;
  std::string code, message;
  std::vector<Note> related;  ///< each becomes relatedInformation
};

LspDiagnostic diagnostic(const Snapshot& s, const Diagnostic& d) {
  LspDiagnostic out;
  out.severity = d.severity == Severity::error     ? kError
                 : d.severity == Severity::warning ? kWarning
                                                   : kInformation;
  out.code = d.code;
  if (d.span.file == 0 || d.span.file == kNoFile) {
    out.range = d.span;
    out.message = d.message;
    out.related = d.notes;
  } else {
    // In an imported file: shown at the root's import that brings it in.
    auto via = s.via.find(d.span.file);
    out.range = via != s.via.end() ? via->second : Span{0, 0, 0};
    out.message =
        fmt::format("in imported file '{}': {}", s.sources.file(d.span.file).path(), d.message);
    out.related.push_back({d.span, d.message});
    out.related.insert(out.related.end(), d.notes.begin(), d.notes.end());
  }
  return out;
}

LspDiagnostic verdict_diagnostic(const Snapshot& s, const AssertionResult& r) {
  const Model& m = s.analysis.model;
  const Assertion& a = m.assertions[r.assertion];
  LspDiagnostic out;
  out.range = a.span;
  std::string head = fmt::format("assertion '{}' ({})", a.name, report::assertion_text(m, a));
  if (r.verdict == Verdict::vacuous) {
    // An error on that assertion, at its `when` (the others are still decided).
    Diagnostic d = report::vacuity_diagnostic(m, a);
    out.range = d.span;
    out.code = d.code;
    out.message = d.message;
    out.related.push_back({a.span, "the assertion"});
    return out;
  }
  if (r.verdict == Verdict::inconclusive) {
    out.severity = kWarning;
    out.code = "inconclusive";
    out.message = fmt::format("{} is inconclusive: {}", head, r.reason);
    return out;
  }
  out.code = "violated";
  std::string who = r.actor ? m.actors[*r.actor].name : std::string("?");
  auto item = report::violated_item(m, a, r);
  if (item && !a.can) who += fmt::format(" to {}", *item);
  out.message =
      fmt::format("{} is violated\nscenario: {}", head, report::scenario_text(m, r.scenario));
  if (!a.can) {
    out.message += fmt::format("\naccess path of {} ({} step{}):", who, r.path.size(),
                               r.path.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < r.path.size(); ++i) {
      const Step& st = r.path[i];
      std::string text = fmt::format("{}. {}; {}: {}", i + 1, report::fact_at_text(m, st.fact),
                                     to_string(st.rule), report::step_reason(m, st));
      out.message += "\n  " + text;
      if (!st.locations.empty()) out.related.push_back({st.locations.front(), text});
    }
  } else {
    out.message += fmt::format("\n{} does not get {}:", who, item ? "to " + *item : "there");
    for (const MissingLink& l : r.missing) {
      std::string text =
          fmt::format("{} is missing ({})", report::fact_at_text(m, l.fact), to_string(l.rule));
      out.message += "\n  " + text;
      if (!l.locations.empty()) out.related.push_back({l.locations.front(), text});
    }
  }
  return out;
}

// The diagnostics to show, in order: the snapshot's, then the verdicts' errors, then the
// assertions of the root file that do not hold.
std::vector<LspDiagnostic> collect(const Snapshot& s, const Verdicts* v) {
  std::vector<LspDiagnostic> ds;
  for (const Diagnostic& d : s.diags.items()) ds.push_back(diagnostic(s, d));
  if (!v) return ds;
  for (const Diagnostic& d : v->errors.items()) ds.push_back(diagnostic(s, d));
  for (const AssertionResult& r : v->results) {
    if (r.verdict == Verdict::holds) continue;
    // Reported in the file that has the assertion.
    if (s.analysis.model.assertions[r.assertion].span.file != 0) continue;
    ds.push_back(verdict_diagnostic(s, r));
  }
  return ds;
}

/// Appends a JSON string literal; invalid UTF-8 becomes U+FFFD, as nlohmann's
/// error_handler_t::replace would do.
void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      }
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      bool ok = len != 0 && i + len <= s.size();
      for (std::size_t k = 1; ok && k < len; ++k)
        ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok) {
        out.append(s.substr(i, len));
        i += len;
      } else {
        out += "\\ufffd";
        ++i;
      }
    }
  }
  out += '"';
}

// Appends the LSP Range of a span, as Snapshot::range would give it.
void put_range(std::string& out, const Snapshot& s, const Span& span) {
  auto [b, e] = s.positions(span);
  fmt::format_to(std::back_inserter(out),
                 R"({{"start":{{"line":{},"character":{}}},"end":{{"line":{},"character":{}}}}})",
                 b.line, b.character, e.line, e.character);
}

void put_related(std::string& out, const Snapshot& s, const std::vector<Note>& related) {
  out += "[";
  bool first = true;
  for (const Note& n : related) {
    if (n.span.file == kNoFile) continue;
    out += first ? "" : ",";
    first = false;
    out += "{\"location\":{\"uri\":";
    put_string(out, s.uri_of(n.span.file));
    out += ",\"range\":";
    put_range(out, s, n.span);
    out += "},\"message\":";
    put_string(out, n.message);
    out += '}';
  }
  out += "]";
}

void put_diagnostic(std::string& out, const Snapshot& s, const LspDiagnostic& d) {
  out += "{\"range\":";
  put_range(out, s, d.range);
  fmt::format_to(std::back_inserter(out),
                 ",\"severity\":{},\"source\":\"custody\",\"code\":", d.severity);
  put_string(out, d.code);
  out += ",\"message\":";
  put_string(out, d.message);
  out += ",\"relatedInformation\":";
  put_related(out, s, d.related);
  out += "}";
}

}  // namespace

std::string publish_diagnostics(const Snapshot& s, const Verdicts* verdicts) {
  std::vector<LspDiagnostic> ds = collect(s, verdicts);
  std::string out =
      R"({"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":)";
  put_string(out, s.uri);
  if (s.version.is_number_integer()) out += ",\"version\":" + s.version.dump();
  out += ",\"diagnostics\":[";
  for (std::size_t i = 0; i < ds.size(); ++i) {
    if (i) out += ',';
    put_diagnostic(out, s, ds[i]);
  }
  out += "]}}";
  return out;
}

}  // namespace custody::lsp
