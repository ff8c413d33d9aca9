// textDocument/hover (features.hpp): what the spec says of the entity under the cursor,
// worded from the model, and what the worker found about it.

#include <fmt/format.h>

#include <string>
#include <vector>

#include "lsp/features.hpp"
#include "lsp/names.hpp"
#include "model/print.hpp"
#include "report/explain.hpp"

namespace custody::lsp {
namespace {

// A name in backquotes, or "(unresolved)".
std::string quoted(const Model& m, Kind kind, Index i) {
  const std::string* name = name_of(m, kind, i);
  return name ? "`" + *name + "`" : std::string(kUnresolvedText);
}

// A list of names. Every list a hover shows is one the language requires to be non-empty,
// so an empty one is a list none of whose names resolved.
std::string names(const Model& m, Kind kind, const std::vector<Index>& ids) {
  if (ids.empty()) return std::string(kUnresolvedText);
  std::string s;
  for (Index i : ids) s += (s.empty() ? "" : ", ") + quoted(m, kind, i);
  return s;
}

std::string guard(const Model& m, ExprId when) {
  if (when == kAlways || when >= m.exprs.size()) return std::string();
  return " when `" + print_expr(m, when) + "`";
}

// " `from a until b`" for a clause limited in time; "" for one in every phase.
std::string period(const Model& m, const Time& t) {
  if (t.always()) return std::string();
  bool known = t.first < m.phases.size() && (t.last == kLastPhase || t.last < m.phases.size());
  return known ? " `" + print_time(m, t) + "`" : " " + std::string(kUnresolvedText);
}

// A guard with its time first, as the clause is written.
std::string guard(const Model& m, ExprId when, const Time& t) { return period(m, t) + guard(m, when); }

// "x, use k" with each name quoted; items whose names did not resolve are left out.
std::string items_list(const Model& m, const std::vector<ItemRef>& items, const std::vector<Index>& uses) {
  std::string s;
  for (const ItemRef& i : items) {
    s += (s.empty() ? "" : ", ") + quoted(m, i.type == ItemRef::Type::key ? Kind::key : Kind::data, i.id);
  }
  for (Index k : uses) s += (s.empty() ? "use " : ", use ") + quoted(m, Kind::key, k);
  return s.empty() ? std::string(kUnresolvedText) : s;
}

std::string custody_text(const Model& m, const Custody& c) {
  // The language requires names after `held by` and `stored at`: none left means none
  // of them resolved.
  if (c.actors.empty() && c.sites.empty()) return std::string(kUnresolvedText) + guard(m, c.when, c.time);
  std::string s;
  if (!c.actors.empty()) s += "held by " + names(m, Kind::actor, c.actors);
  if (!c.sites.empty()) {
    if (!s.empty()) s += ", ";
    s += "stored at " + names(m, Kind::site, c.sites);
    for (Index site : c.sites) {
      const Site* x = entry(m.sites, site);
      if (x && !x->operators.empty()) {
        s += fmt::format(" ({} operated by {})", x->name, names(m, Kind::actor, x->operators));
      }
    }
  }
  return s + guard(m, c.when, c.time);
}

// "**kind** `name` — title", and where it is declared.
std::string heading(const Snapshot& s, const NameUse& name) {
  const Model& m = s.analysis.model;
  Symbol sym = name.symbol;
  std::string md =
      fmt::format("**{}** `{}`", to_string(sym.kind), std::string(s.sources.text(name.span)));
  const std::string& title = title_of(m, sym);
  if (!title.empty()) md += " — " + title;
  Span decl = m.span_of(sym);
  md += fmt::format("\n\ndeclared at {}:{}", s.sources.file(decl.file).path(),
                    s.sources.line_col(decl).line);
  return md;
}

// --- the facts of each kind of entity, one bullet each ---------------------------------

void site_facts(const Model& m, const Site& x, std::vector<std::string>& facts) {
  facts.push_back("in " + quoted(m, Kind::jurisdiction, x.in));
  facts.push_back(x.operators.empty() ? "no operator"
                                      : "operated by " + names(m, Kind::actor, x.operators));
  if (x.when != kAlways || !x.time.always()) facts.push_back("exists only" + guard(m, x.when, x.time));
}

void key_facts(const Model& m, const Key& k, std::vector<std::string>& facts) {
  for (const Custody& c : k.material) facts.push_back("material " + custody_text(m, c));
  for (const Wrap& w : k.wraps) {
    facts.push_back(fmt::format("wrapped by {}, {}", quoted(m, Kind::key, w.wrapper),
                                custody_text(m, w.custody)));
  }
  for (const Hsm& h : k.hsms) {
    std::string users;
    if (!h.users.empty()) users = names(m, Kind::actor, h.users);
    if (!h.holders_of.empty()) {
      std::string tokens;
      for (Index t : h.holders_of) tokens += (tokens.empty() ? "" : " and ") + quoted(m, Kind::key, t);
      users += (users.empty() ? "" : ", and ") + std::string("whoever holds ") + tokens;
    }
    if (users.empty()) users = std::string(kUnresolvedText);
    facts.push_back(fmt::format("in an HSM at {}, usable by {}{}", quoted(m, Kind::site, h.site), users,
                                guard(m, h.when, h.time)));
  }
  for (const Split& sp : k.splits) {
    facts.push_back(fmt::format("rebuilt from any {} of {}", sp.k, names(m, Kind::key, sp.shares)));
  }
}

void data_facts(const Model& m, const Data& d, std::vector<std::string>& facts) {
  if (d.encrypted()) {
    std::string ks;
    for (Index k : d.encrypted_by) ks += (ks.empty() ? "" : " and ") + quoted(m, Kind::key, k);
    facts.push_back("encrypted by " + ks);
  } else {
    facts.push_back("not encrypted");
  }
  for (const Custody& c : d.stored) facts.push_back("stored form " + custody_text(m, c));
}

void law_facts(const Model& m, const Law& l, std::vector<std::string>& facts) {
  bool compels = l.action == Law::Action::compels;
  std::string who = l.role ? quoted(m, Kind::role, *l.role) : compels ? "actors" : "sites";
  std::string targets = l.by_jurisdiction
                            ? fmt::format("{} in {}", who, names(m, Kind::jurisdiction, l.targets))
                            : names(m, compels ? Kind::actor : Kind::site, l.targets);
  std::string scope = l.scoped ? " for " + items_list(m, l.items, l.uses) : "";
  facts.push_back(fmt::format("{} {} {}{}{}", quoted(m, Kind::actor, l.authority),
                              compels ? "compels" : "seizes", targets, scope, guard(m, l.when, l.time)));
}

void actor_facts(const Model& m, Index index, std::vector<std::string>& facts) {
  const Actor& a = m.actors[index];
  if (a.builtin) {
    facts.push_back("built in: in no jurisdiction; every actor holds every item form it holds "
                    "(not its uses); it counts in `nobody can` and `only L can`");
  }
  if (!a.in.empty()) facts.push_back("subject to " + names(m, Kind::jurisdiction, a.in));
  if (!a.roles.empty()) facts.push_back("acts as " + names(m, Kind::role, a.roles));
  if (a.forgets) facts.push_back("forgets: carries nothing into the next phase");
  else if (!m.phases.empty() && !a.builtin) facts.push_back("retains what it holds from one phase to the next");
}

void phase_facts(const Model& m, Index index, std::vector<std::string>& facts) {
  std::string timeline;
  for (Index p = 0; p < m.phases.size(); ++p) {
    timeline += (p ? " → " : "") + (p == index ? "**" + m.phases[p].name + "**" : m.phases[p].name);
  }
  facts.push_back(fmt::format("phase {} of {}: {}", index + 1, m.phases.size(), timeline));
  if (index > 0) {
    facts.push_back(fmt::format("starts with what every actor that does not forget held at the end of `{}`",
                                m.phases[index - 1].name));
  }
}

void role_facts(const Model& m, Index index, std::vector<std::string>& facts) {
  std::vector<Index> who;
  for (Index a = 0; a < m.actors.size(); ++a) {
    for (Index r : m.actors[a].roles) {
      if (r == index) who.push_back(a);
    }
  }
  facts.push_back(who.empty() ? "no actor has it" : "actors: " + names(m, Kind::actor, who));
}

void assertion_facts(const Model& m, Index index, const Verdicts* verdicts,
                     std::vector<std::string>& facts) {
  const Assertion& a = m.assertions[index];
  bool lost = a.items.empty() || (a.subject != Assertion::Subject::nobody && a.actors.empty());
  for (const ItemRef& i : a.items) {
    lost = lost || !name_of(m, i.type == ItemRef::Type::key ? Kind::key : Kind::data, i.id);
  }
  if (a.phase) lost = lost || !name_of(m, Kind::phase, *a.phase);
  if (a.when != kAlways) lost = lost || a.when >= m.exprs.size();
  if (lost) {
    // Its wording needs every name it has (the shared wording indexes them unchecked).
    facts.push_back(fmt::format("names in it are {}", kUnresolvedText));
  } else {
    facts.push_back(report::assertion_text(m, a));
  }
  if (!verdicts) return;
  for (const AssertionResult& r : verdicts->results) {
    if (r.assertion != index) continue;
    std::string verdict = to_string(r.verdict);
    if (r.verdict == Verdict::violated) {
      // Which item, when the assertion has several.
      if (report::violated_item(m, a, r)) verdict += " (" + report::outcome_text(m, a, r) + ")";
      verdict += ": " + report::scenario_text(m, r.scenario);
    }
    if (r.verdict == Verdict::vacuous) verdict += ": " + report::vacuity_reason();
    facts.push_back("verdict: " + verdict);
  }
}

std::vector<std::string> facts_of(const At& at) {
  const Model& m = at.snap->analysis.model;
  Symbol sym = at.name->symbol;
  std::vector<std::string> facts;
  switch (sym.kind) {
    case Kind::actor:
      actor_facts(m, sym.index, facts);
      break;
    case Kind::phase:
      phase_facts(m, sym.index, facts);
      break;
    case Kind::role:
      role_facts(m, sym.index, facts);
      break;
    case Kind::site:
      site_facts(m, m.sites[sym.index], facts);
      break;
    case Kind::key:
      key_facts(m, m.keys[sym.index], facts);
      break;
    case Kind::data:
      data_facts(m, m.data[sym.index], facts);
      break;
    case Kind::law:
      law_facts(m, m.laws[sym.index], facts);
      break;
    case Kind::threat: {
      const Threat& t = m.threats[sym.index];
      std::string targets;
      if (!t.targets.empty()) targets = names(m, Kind::actor, t.targets);
      if (!t.sites.empty()) targets += (targets.empty() ? "" : ", ") + std::string("sites ") + names(m, Kind::site, t.sites);
      if (targets.empty()) targets = std::string(kUnresolvedText);
      facts.push_back(fmt::format("{} compromises at most {} of {}{}",
                                  quoted(m, Kind::actor, t.attacker), t.k, targets, period(m, t.time)));
      if (!t.time.always()) facts.push_back("the bound covers the whole timeline; the time limits only what it takes");
      break;
    }
    case Kind::assertion:
      assertion_facts(m, sym.index, at.verdicts.get(), facts);
      break;
    default:
      break;
  }
  return facts;
}

// Who can read a datum or obtain a key, as the worker found it.
std::string reach_text(const At& at, Symbol sym) {
  const Snapshot& s = *at.snap;
  const Model& m = s.analysis.model;
  bool hsm = sym.kind == Kind::key && sym.index < m.keys.size() && m.keys[sym.index].is_hsm();
  const char* verb = sym.kind == Kind::data ? "read" : hsm ? "use" : "obtain";
  if (!s.analysis.ok)
    return fmt::format("\n\nwho can {} it: not computed (the spec has errors)", verb);
  if (!at.verdicts || !at.verdicts->reach_done) {
    return fmt::format(
        "\n\nwho can {} it: not computed yet (it is, in the background, after a save)", verb);
  }
  ItemRef item{sym.kind == Kind::data ? ItemRef::Type::data : ItemRef::Type::key, sym.index};
  auto it = at.verdicts->reach.find(item);
  if (it == at.verdicts->reach.end() || it->second.empty())
    return fmt::format("\n\nnobody can {} it", verb);
  std::string out = fmt::format("\n\nwho can {} it:", verb);
  for (const auto& [actor, e] : it->second) {
    out += fmt::format("\n- {}: {}", quoted(m, Kind::actor, actor), report::exposure_text(m, e));
  }
  return out;
}

}  // namespace

json hover(const Worker& worker, const json& params) {
  At at = locate(worker, params);
  if (!at.name) return nullptr;
  const Snapshot& s = *at.snap;
  Symbol sym = at.name->symbol;
  std::string md = heading(s, *at.name);
  for (const std::string& f : facts_of(at)) md += "\n- " + f;
  if (sym.kind == Kind::data || sym.kind == Kind::key) md += reach_text(at, sym);
  // Lists leave out the names that did not resolve, and a clause may have lost all of
  // its names (`encrypted by` a typo reads "not encrypted"): say so.
  if (!s.analysis.ok) md += "\n\n(the spec has errors: names that did not resolve are left out)";
  return {{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", s.range(at.name->span)}};
}

}  // namespace custody::lsp
