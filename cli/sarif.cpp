#include "cli/sarif.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>

#include "cli/check.hpp"
#include "report/explain.hpp"
#include "report/render.hpp"
#include "report/version.hpp"

namespace custody::cli {
using namespace report;  // the shared wording of results
namespace {

struct RuleInfo {
  const char* code;  ///< the diagnostic code; the SARIF id is CUS + its position (append only)
  const char* level;
  const char* short_text;
  const char* full_text;
  const char* help;
};

// Every kind of diagnostic the front end and the checker produce. SARIF ids are opaque and
// stable (CUS001, ...): add new kinds at the end only.
constexpr RuleInfo kRules[] = {
    {"violated-assertion", "error", "An assertion is violated",
     "Some scenario the spec allows gives the subject the data or key the assertion protects "
     "(or, for 'can', leaves it without).",
     "Follow the access path: each step names the spec line that allowed it. Remove or "
     "restrict one of them, or add the assumption that rules the scenario out."},
    {"inconclusive-assertion", "warning", "An assertion could not be decided",
     "The solver reached its time limit before deciding the assertion.",
     "Raise --timeout, or split the spec so that the assertion's slice is smaller."},
    {"syntax", "error", "Syntax error", "The text does not follow the custody grammar.",
     "The message says what was expected and what was found."},
    {"unknown-name", "error", "Unknown name", "A name is used but never declared.",
     "Declare it, or fix the spelling (a close name is suggested)."},
    {"wrong-kind", "error", "Wrong kind of name", "A name of one kind is used where another is expected.",
     "The message says which kind was expected."},
    {"duplicate-name", "error", "Duplicate name", "A name is declared twice across the spec and its imports.",
     "Rename one of the declarations."},
    {"range", "error", "Count out of range", "A count in split, at most, at least or exactly is out of range.",
     "split K of N needs 1 <= K <= N; counts in expressions need 0 <= K <= N."},
    {"missing-import", "error", "Missing import", "An imported file cannot be read.",
     "Imports are resolved relative to the importing file."},
    {"missing-file", "error", "Missing file", "A spec file given on the command line cannot be read.",
     "Check the path."},
    {"import-cycle", "error", "Import cycle", "Files import each other in a cycle.", "Break the cycle."},
    {"invalid-utf8", "error", "Invalid UTF-8", "A string or comment holds bytes that are not UTF-8.",
     "Save the file as UTF-8."},
    {"vacuous-assumptions", "error", "Assumptions no scenario satisfies",
     "The assumptions contradict each other, so every assertion would hold vacuously.",
     "Remove or weaken one of the conflicting assumptions."},
    {"unknown-assertion", "error", "Unknown assertion", "--assert names no assertion.", "Check the name."},
    {"unused", "warning", "Unused declaration", "A declaration nothing uses.", "Remove it or use it."},
    {"condition-unused", "warning", "Condition named by no when",
     "A condition that no 'when' names changes nothing.", "Use it in a 'when' or remove it."},
    {"no-placement", "warning", "Item nobody can hold", "Data or a key with no placement.",
     "Add where it is held or stored."},
    {"no-operator", "warning", "Site without operator", "A site with no operator.",
     "Add 'operated by'."},
    {"no-jurisdiction", "warning", "Actor in no jurisdiction",
     "Laws that compel actors in a jurisdiction never reach this actor.", "Add 'in' jurisdictions."},
    {"self-wrap", "warning", "Key wrapped by itself",
     "A blob of a key under itself opens only for someone who already has the key.",
     "Wrap it under another key."},
    {"vacuous-assertion", "error", "Assertion whose 'when' no scenario satisfies",
     "The assertion's own 'when' holds in no scenario the assumptions allow, so it would hold "
     "(or fail) vacuously; the other assertions are still decided.",
     "Weaken the 'when', or the assumptions that rule it out."},
};

std::string rule_id(std::size_t i) { return fmt::format("CUS{:03d}", i + 1); }

// "violated-assertion" -> "ViolatedAssertion"
std::string rule_name(const char* code) {
  std::string out;
  bool up = true;
  for (const char* c = code; *c; ++c) {
    if (*c == '-') { up = true; continue; }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(*c))) : *c;
    up = false;
  }
  return out;
}

std::size_t rule_index(const std::string& code) {
  for (std::size_t i = 0; i < std::size(kRules); ++i) {
    if (code == kRules[i].code) return i;
  }
  return 2;  // syntax: the catch-all for a code this table does not know
}

// SARIF columns here count Unicode code points (columnKind unicodeCodePoints).
std::uint32_t code_point_column(const SourceFile& f, std::uint32_t offset) {
  LineCol lc = f.line_col(offset);
  std::uint32_t start = f.line_start(lc.line), col = 1;
  for (std::uint32_t i = start; i < offset && i < f.text().size(); ++i) {
    if ((static_cast<unsigned char>(f.text()[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

nlohmann::json physical(const SourceSet& sources, const Span& s) {
  const SourceFile& f = sources.file(s.file);
  LineCol b = f.line_col(s.begin), e = f.line_col(std::max(s.end, s.begin));
  std::uint32_t end_col = code_point_column(f, std::max(s.end, s.begin));
  nlohmann::json region = {{"startLine", b.line}, {"startColumn", code_point_column(f, s.begin)}};
  region["endLine"] = e.line;
  region["endColumn"] = std::max<std::uint32_t>(end_col, e.line == b.line ? region["startColumn"].get<std::uint32_t>() : 1);
  return {{"artifactLocation", {{"uri", artifact_uri(f.path())}}}, {"region", region}};
}

nlohmann::json result(std::size_t rule, const std::string& level, const std::string& message) {
  return {{"ruleId", rule_id(rule)}, {"ruleIndex", rule}, {"level", level}, {"message", {{"text", message}}}};
}

}  // namespace

std::string artifact_uri(std::string_view path) {
  // RFC 3986 pchar: unreserved, sub-delims, ':' and '@' stay, '/' separates segments;
  // every other byte, each byte of a non-ASCII character included, is percent-encoded.
  auto plain = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != 0 && std::strchr("-._~!$&'()*+,;=:@/", c) != nullptr);
  };
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    out += plain(c) ? std::string(1, ch) : fmt::format("%{:02X}", c);
  }
  if (!path.empty() && path[0] == '/') return "file://" + out;
  // A relative reference whose first segment holds ':' would read as a scheme
  // (`we:ird.custody`), so it starts with "./" instead (RFC 3986, section 4.2).
  if (path.substr(0, path.find('/')).find(':') != std::string_view::npos) return "./" + out;
  return out;
}

std::string sarif_log(const SourceSet& sources, const Diagnostics& diags, const Model* model,
                      const CheckReport* report) {
  nlohmann::json rules = nlohmann::json::array();
  for (std::size_t i = 0; i < std::size(kRules); ++i) {
    const RuleInfo& r = kRules[i];
    rules.push_back({{"id", rule_id(i)},
                     {"name", rule_name(r.code)},
                     {"shortDescription", {{"text", r.short_text}}},
                     {"fullDescription", {{"text", r.full_text}}},
                     {"help", {{"text", r.help}}},
                     {"defaultConfiguration", {{"level", r.level}}}});
  }
  nlohmann::json results = nlohmann::json::array();
  for (const Diagnostic& d : diags.items()) {
    std::string level = d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note";
    nlohmann::json r = result(rule_index(d.code), level, d.message);
    if (d.span.file != kNoFile) r["locations"] = nlohmann::json::array({{{"physicalLocation", physical(sources, d.span)}}});
    nlohmann::json related = nlohmann::json::array();
    for (std::size_t i = 0; i < d.notes.size(); ++i) {
      if (d.notes[i].span.file == kNoFile) continue;
      related.push_back({{"id", i + 1},
                         {"physicalLocation", physical(sources, d.notes[i].span)},
                         {"message", {{"text", d.notes[i].message}}}});
    }
    if (!related.empty()) r["relatedLocations"] = related;
    results.push_back(r);
  }
  if (model && report) {
    for (const AssertionResult& ar : report->results) {
      const Assertion& a = model->assertions[ar.assertion];
      // A vacuous assertion is reported once, as its diagnostic (vacuous-assertion).
      if (ar.verdict == Verdict::holds || ar.verdict == Verdict::vacuous) continue;
      bool violated = ar.verdict == Verdict::violated;
      std::string text = assertion_text(*model, a);
      std::string message = violated ? fmt::format("{} ({}) is violated", a.name, text)
                                     : fmt::format("{} ({}) is inconclusive: {}", a.name, text, ar.reason);
      if (violated) {
        if (ar.actor) message += ": " + outcome_text(*model, a, ar);
        message += fmt::format(". Scenario: {}.", scenario_text(*model, ar.scenario));
        if (!a.can) message += fmt::format(" Access path: {} steps.", ar.path.size());
      }
      nlohmann::json r = result(violated ? 0 : 1, violated ? "error" : "warning", message);
      r["locations"] = nlohmann::json::array({{{"physicalLocation", physical(sources, a.span)}}});
      r["partialFingerprints"] = {{"assertion/v1", a.name}};
      if (violated && !ar.path.empty()) {
        nlohmann::json steps = nlohmann::json::array();
        for (std::size_t i = 0; i < ar.path.size(); ++i) {
          const Step& s = ar.path[i];
          Span at = s.locations.empty() ? a.span : s.locations.front();
          nlohmann::json step = {{"executionOrder", i + 1},
                           {"importance", i + 1 == ar.path.size() ? "essential" : "important"},
                           {"location",
                            {{"physicalLocation", physical(sources, at)},
                             {"message", {{"text", fmt::format("{}. {} ({}: {})", i + 1, fact_at_text(*model, s.fact),
                                                               to_string(s.rule), step_reason(*model, s))}}}}}};
          // The phase of the step, in a spec with phases (also in the message's text).
          if (!model->phases.empty()) step["properties"] = {{"phase", phase_name(*model, s.fact.phase)}};
          steps.push_back(step);
        }
        r["codeFlows"] = nlohmann::json::array(
            {{{"message", {{"text", "access path"}}}, {"threadFlows", nlohmann::json::array({{{"locations", steps}}})}}});
      }
      results.push_back(r);
    }
  }
  nlohmann::json log = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", nlohmann::json::array({{{"tool",
                                        {{"driver",
                                          {{"name", "custody"},
                                           {"version", kVersion},
                                           {"semanticVersion", kVersion},
                                           {"rules", rules}}}}},
                                       {"columnKind", "unicodeCodePoints"},
                                       {"results", results}}})}};
  // The project's public address, when the build is given one (CUSTODY_INFORMATION_URI).
  std::string info = CUSTODY_INFORMATION_URI;
  if (!info.empty()) log["runs"][0]["tool"]["driver"]["informationUri"] = info;
  return json_text(log, 2) + "\n";
}

}  // namespace custody::cli
