#include "cli/check.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "report/explain.hpp"
#include "cli/sarif.hpp"
#include "model/print.hpp"
#include "parser/parser.hpp"

namespace custody::cli {
using namespace report;  // the shared wording of results

int run_check(const CheckOptions& opts, std::ostream& out, std::ostream& err) {
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model = load(opts.files, sources, diags, opts.imports);

  std::vector<Index> which;
  if (model) {
    for (const std::string& name : opts.assertions) {
      bool found = false;
      for (Index i = 0; i < model->assertions.size(); ++i) {
        if (model->assertions[i].name == name) {
          which.push_back(i);
          found = true;
        }
      }
      if (!found) diags.error("unknown-assertion", {kNoFile, 0, 0}, fmt::format("no assertion named '{}'", name));
    }
  }

  CheckReport report;
  if (model && !diags.has_errors()) {
    SolverOptions so = opts.limits.solver();
    so.shortest_path = !opts.fast_path;
    so.enumerate = !opts.z3_only;
    report = check(*model, which, so);
    for (const Diagnostic& d : report.errors.items()) diags.add(d);
  }
  (void)err;
  return write_check(out, sources, diags, model ? &*model : nullptr, report, opts.format);
}

int write_check(std::ostream& out, const SourceSet& sources, Diagnostics diags, const Model* model,
                const CheckReport& report, Format format) {
  bool invalid = diags.has_errors();

  std::size_t holds = 0, violated = 0, inconclusive = 0, vacuous = 0;
  for (const auto& r : report.results) {
    holds += r.verdict == Verdict::holds;
    violated += r.verdict == Verdict::violated;
    inconclusive += r.verdict == Verdict::inconclusive;
    vacuous += r.verdict == Verdict::vacuous;
    // A vacuous assertion is an error on that assertion (LANGUAGE.md, Version 2); the
    // others are still decided and reported.
    if (r.verdict == Verdict::vacuous) diags.add(vacuity_diagnostic(*model, model->assertions[r.assertion]));
  }
  diags.sort();
  int code = invalid || vacuous ? kInvalid : violated ? kViolated : inconclusive ? kInconclusive : kOk;
  std::string summary = fmt::format("{}: {} hold, {} violated", count_noun(report.results.size(), "assertion"),
                                    holds, violated);
  if (inconclusive) summary += fmt::format(", {} inconclusive", inconclusive);
  if (vacuous) summary += fmt::format(", {} vacuous", vacuous);
  if (invalid) summary = fmt::format("invalid input: {}", count_noun(diags.error_count(), "error"));

  if (format == Format::sarif) {
    out << sarif_log(sources, diags, model, &report);
    return code;
  }
  if (format == Format::json) {
    // Written piece by piece: an access path on a large spec has tens of thousands of
    // steps, and one JSON tree for all of it would cost more than the check.
    out << "{\n  \"version\": 1,\n  \"assertions\": [";
    for (std::size_t ri = 0; ri < report.results.size(); ++ri) {
      const auto& r = report.results[ri];
      const Assertion& a = model->assertions[r.assertion];
      LineCol lc = sources.line_col(a.span);
      nlohmann::json j = {{"name", a.name},
                          {"file", sources.file(a.span.file).path()},
                          {"line", lc.line},
                          {"column", lc.column},
                          {"text", assertion_text(*model, a)},
                          {"verdict", to_string(r.verdict)}};
      if (r.actor) j["actor"] = model->actors[*r.actor].name;
      if (auto item = violated_item(*model, a, r); item && r.verdict == Verdict::violated) j["item"] = *item;
      if (r.verdict == Verdict::violated) {
        j["scenario"] = {{"conditions", conditions_json(*model, r.scenario)}};
        j["minimal"] = r.minimal;
      }
      if (r.verdict == Verdict::violated && a.can) {
        nlohmann::json miss = nlohmann::json::array();
        for (const auto& ml : r.missing) {
          nlohmann::json lacking = nlohmann::json::array();
          for (const Fact& f : ml.lacking) lacking.push_back(fact_at_text(*model, f));
          nlohmann::json link = {{"fact", fact_text(*model, ml.fact)},
                                 {"rule", to_string(ml.rule)},
                                 {"lacking", lacking},
                                 {"guard_off", ml.guard_off},
                                 {"locations", spans_json(sources, ml.locations)}};
          if (!model->phases.empty()) link["phase"] = phase_name(*model, ml.fact.phase);
          miss.push_back(link);
        }
        j["missing"] = miss;
      }
      if (r.verdict == Verdict::holds) j["relies_on"] = relies_json(*model, sources, r.relies_on);
      if (r.verdict == Verdict::inconclusive) j["reason"] = r.reason;
      if (r.verdict == Verdict::vacuous) j["reason"] = vacuity_reason();
      std::string head = json_text(j);
      out << (ri ? "," : "") << "\n    ";
      if (!(r.verdict == Verdict::violated && !a.can)) {
        out << head;
        continue;
      }
      head.pop_back();  // the closing brace: the path follows
      out << head << ",\"path\":[";
      for (std::size_t i = 0; i < r.path.size(); ++i) {
        out << (i ? "," : "") << "\n      " << json_text(path_json(*model, sources, r.path, i));
      }
      out << "]}";
    }
    out << "\n  ],\n  \"diagnostics\": [";
    for (std::size_t i = 0; i < diags.items().size(); ++i) {
      out << (i ? "," : "") << "\n    " << json_text(to_json(sources, diags.items()[i]));
    }
    nlohmann::json summary = {{"assertions", report.results.size()}, {"hold", holds},
                              {"violated", violated}, {"inconclusive", inconclusive}};
    if (vacuous) summary["vacuous"] = vacuous;  // absent when 0: version-1 documents stay as they were
    out << "\n  ],\n  \"summary\": " << json_text(summary) << ",\n  \"exit_code\": " << code << "\n}\n";
    return code;
  }

  print_diagnostics(out, sources, diags, format);
  Style style{format == Format::text && want_color()};
  auto paint = [&](const char* color, const std::string& s) {
    return style.color ? fmt::format("\x1b[{}m{}\x1b[0m", color, s) : s;
  };
  for (const auto& r : report.results) {
    const Assertion& a = model->assertions[r.assertion];
    std::string loc = location(sources, a.span);
    std::string label = a.named ? a.name : "assertion";
    std::string text = assertion_text(*model, a);
    if (format == Format::github) {
      if (r.verdict == Verdict::holds || r.verdict == Verdict::vacuous) continue;  // vacuous: its error is above
      const SourceFile& f = sources.file(a.span.file);
      LineCol lc = f.line_col(a.span.begin);
      std::string props = fmt::format("file={},line={},col={},title={}", github_escape(f.path(), true), lc.line,
                                      lc.column, github_escape(fmt::format("custody: {} {}", label, to_string(r.verdict)), true));
      std::string msg;
      if (r.verdict == Verdict::inconclusive) {
        msg = fmt::format("{} is inconclusive: {}", text, r.reason);
      } else {
        msg = fmt::format("{} is violated", text);
        if (r.actor) msg += ": " + outcome_text(*model, a, r);
        msg += fmt::format("\nScenario: {}", scenario_text(*model, r.scenario));
        for (std::size_t i = 0; i < r.path.size(); ++i) {
          const Step& st = r.path[i];
          msg += fmt::format("\n{}. {} ({}: {}; {})", i + 1, fact_at_text(*model, st.fact), to_string(st.rule),
                             step_reason(*model, st), locations_text(sources, st.locations));
        }
        for (const auto& ml : r.missing) {
          msg += fmt::format("\nMissing: {} by {}{}", fact_at_text(*model, ml.fact), to_string(ml.rule),
                             ml.guard_off ? " (its 'when' is false)" : "");
        }
      }
      out << fmt::format("::{} {}::{}\n", r.verdict == Verdict::violated ? "error" : "warning", props,
                         github_escape(msg, false));
      continue;
    }
    if (format == Format::gcc) {
      if (r.verdict == Verdict::violated) {
        out << fmt::format("{}: error: {} violated: {}", loc, label, text);
        if (r.actor) out << fmt::format(" ({})", outcome_text(*model, a, r));
        out << fmt::format("; scenario: {}\n", scenario_text(*model, r.scenario));
        for (std::size_t i = 0; i < r.path.size(); ++i) {
          const Step& s = r.path[i];
          Span at = s.locations.empty() ? a.span : s.locations.front();
          out << fmt::format("{}: note: step {}: {} ({}: {})\n", location(sources, at), i + 1,
                             fact_at_text(*model, s.fact), to_string(s.rule), step_reason(*model, s));
        }
        for (const auto& ml : r.missing) {
          Span at = ml.locations.empty() ? a.span : ml.locations.front();
          std::string lacking;
          for (const Fact& f : ml.lacking) lacking += (lacking.empty() ? "" : "; ") + fact_at_text(*model, f);
          out << fmt::format("{}: note: missing: {} by {}{}{}\n", location(sources, at), fact_at_text(*model, ml.fact),
                             to_string(ml.rule), ml.guard_off ? " (its 'when' is false)" : "",
                             lacking.empty() ? "" : " (lacks: " + lacking + ")");
        }
      } else if (r.verdict == Verdict::inconclusive) {
        out << fmt::format("{}: warning: {} inconclusive: {} ({})\n", loc, label, text, r.reason);
      }
      continue;
    }
    const char* color = r.verdict == Verdict::holds      ? "1;32"
                        : r.verdict == Verdict::violated ? "1;31"
                        : r.verdict == Verdict::vacuous  ? "1;35"
                                                         : "1;33";
    out << fmt::format("{}: {}: {}: {}\n", loc, paint(color, to_string(r.verdict)), label, text);
    if (r.verdict == Verdict::holds) {
      if (r.relies_on.empty()) {
        out << "  holds unconditionally\n";
      } else {
        out << "  relies on:\n";
        for (const auto& x : r.relies_on) out << "    " << reliance_text(*model, sources, x) << "\n";
      }
    } else if (r.verdict == Verdict::inconclusive) {
      out << fmt::format("  solver limit reached: {}\n", r.reason);
    } else if (r.verdict == Verdict::vacuous) {
      out << fmt::format("  {}: the assertion says nothing (an error)\n", vacuity_reason());
    } else {
      if (!a.can && r.actor && (a.subject != Assertion::Subject::listed || a.actors.size() > 1)) {
        out << fmt::format("  reached by: {}\n", model->actors[*r.actor].name);
      }
      if (auto item = violated_item(*model, a, r); item && !a.can) out << fmt::format("  item reached: {}\n", *item);
      out << fmt::format("  scenario: {}\n", scenario_text(*model, r.scenario));
      if (!r.minimal) {
        out << "  (not proven minimal: the search for a smaller scenario or a shorter path was cut "
               "short by a solver limit, or skipped on a slice this large)\n";
      }
      if (!a.can) {
        out << fmt::format("  access path ({} steps):\n", r.path.size());
        write_path_text(out, *model, sources, r.path, "  ");
      } else {
        auto item = violated_item(*model, a, r);
        out << fmt::format("  {} does not get {}:\n", model->actors[*r.actor].name, item ? "to " + *item : "there");
        for (const auto& ml : r.missing) {
          out << fmt::format("    - {} by {}", fact_at_text(*model, ml.fact), to_string(ml.rule));
          if (ml.guard_off) out << " is off: its 'when' is false";
          if (!ml.lacking.empty()) {
            out << (ml.guard_off ? ", and lacks " : " lacks ");
            for (std::size_t i = 0; i < ml.lacking.size(); ++i) out << (i ? "; " : "") << fact_at_text(*model, ml.lacking[i]);
          }
          out << fmt::format("  [{}]\n", locations_text(sources, ml.locations));
        }
      }
    }
  }
  out << summary << "\n";
  return code;
}

}  // namespace custody::cli
