// Text and JSON for the solver's results, shared by check, who and matrix.
#include "report/explain.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "model/print.hpp"

namespace custody::report {

static std::string names(const Model& m, const std::vector<Index>& ids, const char* sep, bool keys) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += sep;
    out += keys ? m.keys[ids[i]].name : m.actors[ids[i]].name;
  }
  return out;
}

static std::string line_of(const SourceSet& sources, const Span& s) {
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

static std::string condition_label(const Model& m, Index c) {
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

std::string phase_name(const Model& m, Index phase) {
  return phase < m.phases.size() ? m.phases[phase].name : std::string();
}

std::string fact_at_text(const Model& m, const Fact& f) {
  if (m.phases.empty()) return fact_text(m, f);
  return fmt::format("{}, in phase {}", fact_text(m, f), phase_name(m, f.phase));
}


namespace {

// " for x, use k" of a scoped law ("" for a law that takes everything).
std::string scope_text(const Model& m, const Law& l) {
  if (!l.scoped) return "";
  return " for " + print_items(m, l.items, l.uses);
}

// Why `a` may use an HSM key at `site`: listed in `used by`, or holding the tokens the
// step names (rule 12: the grounder records them as the step's keys).
std::string hsm_reason(const Model& m, const Step& s, const std::string& a) {
  const std::string& site = m.sites[*s.site].name;
  if (!s.keys.empty()) {
    return fmt::format("the HSM at {} lets holders of {} use it", site, names(m, s.keys, " and ", true));
  }
  return fmt::format("the HSM at {} lets {} use it", site, a);
}

}  // namespace

std::string step_reason(const Model& m, const Step& s) {
  const std::string& a = m.actors[s.fact.actor].name;
  switch (s.rule) {
    case RuleKind::custody:
      if (s.site) return fmt::format("stored at {}, which {} operates", m.sites[*s.site].name, a);
      return fmt::format("held by {}", a);
    case RuleKind::seizes:
      return fmt::format("law {}: {} seizes site {}{}", m.laws[*s.law].name, a, m.sites[*s.site].name,
                         scope_text(m, m.laws[*s.law]));
    case RuleKind::use: return "it holds the key material";
    case RuleKind::hsm: return hsm_reason(m, s, a);
    case RuleKind::decrypt:
      if (s.keys.empty()) return "the stored form is the plaintext";
      return fmt::format("decrypts it with {}", names(m, s.keys, " and ", true));
    case RuleKind::unwrap: return fmt::format("unwraps it with {}", names(m, s.keys, ", ", true));
    case RuleKind::split: return fmt::format("rebuilds it from the shares {}", names(m, s.keys, ", ", true));
    case RuleKind::flow: {
      const Flow& f = m.flows[*s.flow];
      std::string items = f.full ? "" : ": " + print_items(m, f.items, f.uses);
      return fmt::format("flow {} -> {}{}", m.actors[*s.from].name, a, items);
    }
    case RuleKind::compels:
      return fmt::format("law {}: {} compels {}{}", m.laws[*s.law].name, a, m.actors[*s.from].name,
                         scope_text(m, m.laws[*s.law]));
    case RuleKind::threat:
      if (!s.from && s.site) {  // a compromised site (rule 13)
        return fmt::format("threat {}: {} compromises site {}", m.threats[*s.threat].name, a,
                           m.sites[*s.site].name);
      }
      return fmt::format("threat {}: {} compromises {}", m.threats[*s.threat].name, a,
                         m.actors[*s.from].name);
    case RuleKind::retain:
      // Rule 9: carried from the end of the phase before this one.
      return fmt::format("retained from phase {}",
                         s.fact.phase > 0 ? phase_name(m, s.fact.phase - 1) : std::string("?"));
    case RuleKind::publish:
      return "public holds it, and every actor holds what public holds";
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
  std::string out = fmt::format("{} {} {}", subject, to_string(a.verb), print_items(m, a.items, {}));
  if (a.phase) out += " in " + phase_name(m, *a.phase);
  if (a.when != kAlways) out += " when " + print_expr(m, a.when);
  return out;
}

std::optional<std::string> violated_item(const Model& m, const Assertion& a, const AssertionResult& r) {
  if (a.items.size() < 2 || !r.item) return std::nullopt;
  return m.name_of(*r.item);
}

std::string outcome_text(const Model& m, const Assertion& a, const AssertionResult& r) {
  if (!r.actor) return "";
  const std::string& who = m.actors[*r.actor].name;
  if (auto item = violated_item(m, a, r)) {
    return fmt::format("{} {} {}", who, a.can ? "does not get to" : "gets to", *item);
  }
  return fmt::format("{} {}", who, a.can ? "does not get there" : "gets there");
}

std::string vacuity_reason() { return "no scenario the assumptions allow satisfies its 'when'"; }

Diagnostic vacuity_diagnostic(const Model& m, const Assertion& a) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = "vacuous-assertion";
  d.span = a.when_span.end > a.when_span.begin ? a.when_span : a.span;
  d.message = fmt::format("assertion '{}' is vacuous: {}", a.name, vacuity_reason());
  (void)m;
  return d;
}

nlohmann::json path_json(const Model& m, const SourceSet& sources, const std::vector<Step>& path, std::size_t i) {
  const Step& st = path[i];
  nlohmann::json prem = nlohmann::json::array();
  for (std::size_t pi : st.premises) prem.push_back(pi + 1);
  nlohmann::json j = {{"step", i + 1},
                      {"fact", fact_text(m, st.fact)},
                      {"facts", fact_json(m, st.fact)},
                      {"rule", to_string(st.rule)},
                      {"reason", step_reason(m, st)},
                      {"premises", prem},
                      {"locations", spans_json(sources, st.locations)}};
  if (!m.phases.empty()) j["phase"] = phase_name(m, st.fact.phase);
  return j;
}

nlohmann::json relies_json(const Model& m, const SourceSet& sources, const std::vector<Reliance>& relies) {
  nlohmann::json rel = nlohmann::json::array();
  for (const auto& x : relies) {
    nlohmann::json o = span_json(sources, x.span);
    o["kind"] = x.assume ? "assume" : "threat";
    o["text"] = reliance_text(m, sources, x);
    rel.push_back(o);
  }
  return rel;
}

nlohmann::json conditions_json(const Model& m, const std::vector<Index>& conds) {
  nlohmann::json out = nlohmann::json::array();
  for (Index c : conds) out.push_back(m.conditions[c].name);
  return out;
}

void write_path_text(std::ostream& out, const Model& m, const SourceSet& sources,
                     const std::vector<Step>& path, const std::string& indent) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    const Step& s = path[i];
    out << fmt::format("{}{:>3}. {}\n{}     {}: {}  [{}]\n", indent, i + 1, fact_at_text(m, s.fact), indent,
                       to_string(s.rule), step_reason(m, s), locations_text(sources, s.locations));
  }
}

Assertion question(Index actor, Verb verb, ItemRef target, std::optional<Index> phase) {
  Assertion a;
  a.subject = Assertion::Subject::listed;
  a.actors = {actor};
  a.can = false;
  a.verb = verb;
  a.items = {target};
  a.phase = phase;
  return a;
}

Exposure exposure(Session& session, Index actor, Verb verb, ItemRef item, std::optional<Index> phase) {
  Assertion q = question(actor, verb, item, phase);
  AssertionResult r = session.decide(q);
  Exposure e;
  e.path = r.path;
  if (r.verdict == Verdict::holds) {
    e.reach = "never";
  } else if (r.verdict == Verdict::inconclusive) {
    e.reach = "inconclusive";
  } else if (!r.scenario.empty()) {
    e.reach = "when";
    e.conditions = r.scenario;
  } else {
    q.can = true;  // reached with no condition true: is it reached in every scenario?
    AssertionResult always = session.decide(q);
    e.reach = always.verdict == Verdict::holds      ? "always"
              : always.verdict == Verdict::violated ? "sometimes"
                                                    : "inconclusive";
  }
  return e;
}

std::string exposure_text(const Model& m, const Exposure& e) {
  if (e.reach != "when") return e.reach;
  std::string s = "when ";
  for (std::size_t i = 0; i < e.conditions.size(); ++i) s += (i ? "+" : "") + m.conditions[e.conditions[i]].name;
  return s;
}

}  // namespace custody::report
