#include "cli/check.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "model/print.hpp"
#include "parser/parser.hpp"

namespace custody::cli {
namespace {

std::string names(const Model& m, const std::vector<Index>& ids, const char* sep, bool keys) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += sep;
    out += keys ? m.keys[ids[i]].name : m.actors[ids[i]].name;
  }
  return out;
}

std::string line_of(const SourceSet& sources, const Span& s) {
  if (s.file == kNoFile) return "";
  return fmt::format("{}:{}", printable(sources.file(s.file).path()), sources.line_col(s).line);
}

std::string locations_text(const SourceSet& sources, const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) {
    std::string l = line_of(sources, s);
    if (l.empty() || out.find(l) != std::string::npos) continue;
    if (!out.empty()) out += ", ";
    out += l;
  }
  return out;
}

std::string condition_label(const Model& m, Index c) {
  const Condition& cond = m.conditions[c];
  if (cond.title.empty()) return cond.name;
  return fmt::format("{} ({})", cond.name, cond.title);
}

std::string scenario_text(const Model& m, const std::vector<Index>& conds) {
  if (conds.empty()) return "no condition needs to be true";
  std::string out;
  for (std::size_t i = 0; i < conds.size(); ++i) {
    if (i) out += ", ";
    out += condition_label(m, conds[i]);
  }
  return out + (conds.size() == 1 ? " is true" : " are true") + "; all other conditions false";
}

std::string reliance_text(const Model& m, const SourceSet& sources, const Reliance& r) {
  if (r.assume) {
    return fmt::format("assume {} ({})", print_expr(m, m.assumes[*r.assume].expr),
                       line_of(sources, r.span));
  }
  const Threat& t = m.threats[*r.threat];
  return fmt::format("threat {}: {} compromises at most {} ({})", t.name,
                     m.actors[t.attacker].name, t.k, line_of(sources, r.span));
}

nlohmann::json fact_json(const Model& m, const Fact& f) {
  static const char* kTypes[] = {"stored", "plain", "material", "blob", "use"};
  nlohmann::json j = {{"type", kTypes[static_cast<int>(f.type)]},
                      {"actor", m.actors[f.actor].name}};
  bool data = f.type == Fact::Type::stored || f.type == Fact::Type::plain;
  j[data ? "data" : "key"] = data ? m.data[f.item].name : m.keys[f.item].name;
  if (f.type == Fact::Type::blob) j["wrapped_by"] = m.keys[f.wrapper].name;
  return j;
}

nlohmann::json spans_json(const SourceSet& sources, const std::vector<Span>& spans) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Span& s : spans) {
    if (s.file != kNoFile) arr.push_back(span_json(sources, s));
  }
  return arr;
}

}  // namespace

std::string fact_text(const Model& m, const Fact& f) {
  const std::string& a = m.actors[f.actor].name;
  switch (f.type) {
    case Fact::Type::stored:
      if (m.data[f.item].encrypted()) return fmt::format("{} holds the ciphertext of {}", a, m.data[f.item].name);
      return fmt::format("{} holds {} (stored unencrypted)", a, m.data[f.item].name);
    case Fact::Type::plain:
      if (!m.data[f.item].encrypted()) return fmt::format("{} holds {} (stored unencrypted)", a, m.data[f.item].name);
      return fmt::format("{} reads the plaintext of {}", a, m.data[f.item].name);
    case Fact::Type::material: return fmt::format("{} holds the material of key {}", a, m.keys[f.item].name);
    case Fact::Type::blob:
      return fmt::format("{} holds key {} wrapped by {}", a, m.keys[f.item].name, m.keys[f.wrapper].name);
    case Fact::Type::use: return fmt::format("{} can use key {}", a, m.keys[f.item].name);
  }
  return "";
}

std::string step_reason(const Model& m, const Step& s) {
  const std::string& a = m.actors[s.fact.actor].name;
  switch (s.rule) {
    case RuleKind::custody:
      if (s.site) return fmt::format("stored at {}, which {} operates", m.sites[*s.site].name, a);
      return fmt::format("held by {}", a);
    case RuleKind::seizes:
      return fmt::format("law {}: {} seizes site {}", m.laws[*s.law].name, a, m.sites[*s.site].name);
    case RuleKind::use: return "it holds the key material";
    case RuleKind::hsm: return fmt::format("the HSM at {} lets {} use it", m.sites[*s.site].name, a);
    case RuleKind::decrypt:
      if (s.keys.empty()) return "the stored form is the plaintext";
      return fmt::format("decrypts it with {}", names(m, s.keys, " and ", true));
    case RuleKind::unwrap: return fmt::format("unwraps it with {}", names(m, s.keys, ", ", true));
    case RuleKind::split: return fmt::format("rebuilds it from the shares {}", names(m, s.keys, ", ", true));
    case RuleKind::flow: {
      const Flow& f = m.flows[*s.flow];
      std::string items;
      if (!f.full) {
        for (std::size_t i = 0; i < f.items.size(); ++i) items += (i ? ", " : ": ") + m.name_of(f.items[i]);
      }
      return fmt::format("flow {} -> {}{}", m.actors[*s.from].name, a, items);
    }
    case RuleKind::compels:
      return fmt::format("law {}: {} compels {}", m.laws[*s.law].name, a, m.actors[*s.from].name);
    case RuleKind::threat:
      return fmt::format("threat {}: {} compromises {}", m.threats[*s.threat].name, a,
                         m.actors[*s.from].name);
  }
  return "";
}

std::string assertion_text(const Model& m, const Assertion& a) {
  std::string subject;
  switch (a.subject) {
    case Assertion::Subject::listed:
      subject = names(m, a.actors, ", ", false) + (a.can ? " can" : " cannot");
      break;
    case Assertion::Subject::nobody: {
      subject = "nobody";
      if (!a.jurisdictions.empty()) {
        subject += " in ";
        for (std::size_t i = 0; i < a.jurisdictions.size(); ++i) {
          subject += (i ? ", " : "") + m.jurisdictions[a.jurisdictions[i]].name;
        }
      }
      subject += " can";
      break;
    }
    case Assertion::Subject::only: subject = "only " + names(m, a.actors, ", ", false) + " can"; break;
  }
  return fmt::format("{} {} {}", subject, to_string(a.verb), m.name_of(a.target));
}

int run_check(const CheckOptions& opts, std::ostream& out, std::ostream& err) {
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model = load(opts.files, sources, diags);

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
    SolverOptions so;
    so.timeout_ms = static_cast<unsigned>(opts.timeout_seconds * 1000);
    so.shortest_path = !opts.fast_path;
    so.enumerate = !opts.z3_only;
    report = check(*model, which, so);
    for (const Diagnostic& d : report.errors.items()) diags.add(d);
  }
  diags.sort();
  bool invalid = diags.has_errors();

  std::size_t holds = 0, violated = 0, inconclusive = 0;
  for (const auto& r : report.results) {
    holds += r.verdict == Verdict::holds;
    violated += r.verdict == Verdict::violated;
    inconclusive += r.verdict == Verdict::inconclusive;
  }
  int code = invalid ? kInvalid : violated ? kViolated : inconclusive ? kInconclusive : kOk;
  std::string summary = fmt::format("{}: {} hold, {} violated", count_noun(report.results.size(), "assertion"),
                                    holds, violated);
  if (inconclusive) summary += fmt::format(", {} inconclusive", inconclusive);
  if (invalid) summary = fmt::format("invalid input: {}", count_noun(diags.error_count(), "error"));

  if (opts.format == Format::json) {
    // Written piece by piece: an access path on a large spec has tens of thousands of
    // steps, and one JSON tree for all of it would cost more than the check.
    out << "{\n  \"version\": 1,\n  \"assertions\": [";
    for (std::size_t ri = 0; ri < report.results.size(); ++ri) {
      const auto& r = report.results[ri];
      const Assertion& a = model->assertions[r.assertion];
      LineCol lc = sources.line_col(a.span);
      nlohmann::json j = {{"name", a.name},
                          {"file", printable(sources.file(a.span.file).path())},
                          {"line", lc.line},
                          {"column", lc.column},
                          {"text", assertion_text(*model, a)},
                          {"verdict", to_string(r.verdict)}};
      if (r.actor) j["actor"] = model->actors[*r.actor].name;
      if (r.verdict == Verdict::violated) {
        nlohmann::json conds = nlohmann::json::array();
        for (Index c : r.scenario) conds.push_back(model->conditions[c].name);
        j["scenario"] = {{"conditions", conds}};
        j["minimal"] = r.minimal;
      }
      if (r.verdict == Verdict::violated && a.can) {
        nlohmann::json miss = nlohmann::json::array();
        for (const auto& ml : r.missing) {
          nlohmann::json lacking = nlohmann::json::array();
          for (const Fact& f : ml.lacking) lacking.push_back(fact_text(*model, f));
          miss.push_back({{"fact", fact_text(*model, ml.fact)},
                          {"rule", to_string(ml.rule)},
                          {"lacking", lacking},
                          {"guard_off", ml.guard_off},
                          {"locations", spans_json(sources, ml.locations)}});
        }
        j["missing"] = miss;
      }
      if (r.verdict == Verdict::holds) {
        nlohmann::json rel = nlohmann::json::array();
        for (const auto& x : r.relies_on) {
          nlohmann::json o = span_json(sources, x.span);
          o["kind"] = x.assume ? "assume" : "threat";
          o["text"] = reliance_text(*model, sources, x);
          rel.push_back(o);
        }
        j["relies_on"] = rel;
      }
      if (r.verdict == Verdict::inconclusive) j["reason"] = r.reason;
      std::string head = j.dump();
      out << (ri ? "," : "") << "\n    ";
      if (!(r.verdict == Verdict::violated && !a.can)) {
        out << head;
        continue;
      }
      head.pop_back();  // the closing brace: the path follows
      out << head << ",\"path\":[";
      for (std::size_t i = 0; i < r.path.size(); ++i) {
        const Step& st = r.path[i];
        nlohmann::json prem = nlohmann::json::array();
        for (std::size_t pi : st.premises) prem.push_back(pi + 1);
        nlohmann::json step = {{"step", i + 1},
                               {"fact", fact_text(*model, st.fact)},
                               {"facts", fact_json(*model, st.fact)},
                               {"rule", to_string(st.rule)},
                               {"reason", step_reason(*model, st)},
                               {"premises", prem},
                               {"locations", spans_json(sources, st.locations)}};
        out << (i ? "," : "") << "\n      " << step.dump();
      }
      out << "]}";
    }
    out << "\n  ],\n  \"diagnostics\": [";
    for (std::size_t i = 0; i < diags.items().size(); ++i) {
      out << (i ? "," : "") << "\n    " << to_json(sources, diags.items()[i]).dump();
    }
    nlohmann::json summary = {{"assertions", report.results.size()}, {"hold", holds},
                              {"violated", violated}, {"inconclusive", inconclusive}};
    out << "\n  ],\n  \"summary\": " << summary.dump() << ",\n  \"exit_code\": " << code << "\n}\n";
    return code;
  }

  print_diagnostics(out, sources, diags, opts.format);
  Style style{opts.format == Format::text && want_color()};
  auto paint = [&](const char* color, const std::string& s) {
    return style.color ? fmt::format("\x1b[{}m{}\x1b[0m", color, s) : s;
  };
  for (const auto& r : report.results) {
    const Assertion& a = model->assertions[r.assertion];
    std::string loc = location(sources, a.span);
    std::string label = a.named ? a.name : "assertion";
    std::string text = assertion_text(*model, a);
    if (opts.format == Format::gcc) {
      if (r.verdict == Verdict::violated) {
        out << fmt::format("{}: error: {} violated: {}", loc, label, text);
        if (r.actor) out << fmt::format(" ({} {})", model->actors[*r.actor].name, a.can ? "does not get there" : "gets there");
        out << fmt::format("; scenario: {}\n", scenario_text(*model, r.scenario));
        for (std::size_t i = 0; i < r.path.size(); ++i) {
          const Step& s = r.path[i];
          Span at = s.locations.empty() ? a.span : s.locations.front();
          out << fmt::format("{}: note: step {}: {} ({}: {})\n", location(sources, at), i + 1,
                             fact_text(*model, s.fact), to_string(s.rule), step_reason(*model, s));
        }
        for (const auto& ml : r.missing) {
          Span at = ml.locations.empty() ? a.span : ml.locations.front();
          std::string lacking;
          for (const Fact& f : ml.lacking) lacking += (lacking.empty() ? "" : "; ") + fact_text(*model, f);
          out << fmt::format("{}: note: missing: {} by {}{}{}\n", location(sources, at), fact_text(*model, ml.fact),
                             to_string(ml.rule), ml.guard_off ? " (its 'when' is false)" : "",
                             lacking.empty() ? "" : " (lacks: " + lacking + ")");
        }
      } else if (r.verdict == Verdict::inconclusive) {
        out << fmt::format("{}: warning: {} inconclusive: {} ({})\n", loc, label, text, r.reason);
      }
      continue;
    }
    const char* color = r.verdict == Verdict::holds ? "1;32" : r.verdict == Verdict::violated ? "1;31" : "1;33";
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
    } else {
      if (!a.can && r.actor && (a.subject != Assertion::Subject::listed || a.actors.size() > 1)) {
        out << fmt::format("  reached by: {}\n", model->actors[*r.actor].name);
      }
      out << fmt::format("  scenario: {}\n", scenario_text(*model, r.scenario));
      if (!r.minimal) {
        out << "  (not proven minimal: the search for a smaller scenario or a shorter path was cut "
               "short by a solver limit, or skipped on a slice this large)\n";
      }
      if (!a.can) {
        out << fmt::format("  access path ({} steps):\n", r.path.size());
        for (std::size_t i = 0; i < r.path.size(); ++i) {
          const Step& s = r.path[i];
          out << fmt::format("  {:>3}. {}\n       {}: {}  [{}]\n", i + 1, fact_text(*model, s.fact),
                             to_string(s.rule), step_reason(*model, s), locations_text(sources, s.locations));
        }
      } else {
        out << fmt::format("  {} does not get there:\n", model->actors[*r.actor].name);
        for (const auto& ml : r.missing) {
          out << fmt::format("    - {} by {}", fact_text(*model, ml.fact), to_string(ml.rule));
          if (ml.guard_off) out << " is off: its 'when' is false";
          if (!ml.lacking.empty()) {
            out << (ml.guard_off ? ", and lacks " : " lacks ");
            for (std::size_t i = 0; i < ml.lacking.size(); ++i) out << (i ? "; " : "") << fact_text(*model, ml.lacking[i]);
          }
          out << fmt::format("  [{}]\n", locations_text(sources, ml.locations));
        }
      }
    }
  }
  out << summary << "\n";
  (void)err;
  return code;
}

}  // namespace custody::cli
