#include "cli/analyst.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>
#include <nlohmann/json.hpp>
#include <ostream>

#include "report/explain.hpp"
#include "parser/parser.hpp"
#include "solver/solver.hpp"

namespace custody::cli {
using namespace report;  // the shared wording of results
namespace {

/// A loaded model with its sources, or the exit code after reporting why there is none.
struct Loaded {
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model;
};

bool load_or_report(const std::string& file, const LoadOptions& imports, Loaded& l, Format format,
                    std::ostream& out) {
  l.model = load({file}, l.sources, l.diags, imports);
  l.diags.sort();
  if (l.model) return true;
  if (format == Format::json) {
    nlohmann::json ds = nlohmann::json::array();
    for (const Diagnostic& d : l.diags.items()) ds.push_back(to_json(l.sources, d));
    out << json_text(nlohmann::json{{"version", 1}, {"diagnostics", ds}}, 2) << "\n";
  } else {
    print_diagnostics(out, l.sources, l.diags, format);
  }
  return false;
}

// A matrix column's title: the datum's name (read), "obtain K", "use K".
std::string column_title(Verb verb, const std::string& name) {
  return verb == Verb::read ? name : fmt::format("{} {}", to_string(verb), name);
}

/// The phase `--in NAME` names (nullopt for no `--in`); false after reporting a name that
/// is not a phase of the spec.
bool phase_option(const Model& m, const std::string& name, const std::string& file, std::optional<Index>& phase,
                  std::ostream& err) {
  if (name.empty()) return true;
  auto sym = m.find(name);
  if (!sym || sym->kind != Kind::phase) {
    err << fmt::format("custody: error: '{}' is not a phase of {}{}\n", printable(name), printable(file),
                       m.phases.empty() ? " (it declares no phases)" : "");
    return false;
  }
  phase = sym->index;
  return true;
}

nlohmann::json exposure_json(const Model& m, const Exposure& e) {
  nlohmann::json j = {{"reach", e.reach}};
  if (e.reach == "when") j["conditions"] = conditions_json(m, e.conditions);
  return j;
}

}  // namespace

int run_who(const WhoOptions& opts, std::ostream& out, std::ostream& err) {
  Loaded l;
  if (!load_or_report(opts.file, opts.imports, l, opts.format, out)) return kInvalid;
  const Model& m = *l.model;
  Verb verb = opts.verb == "read" ? Verb::read : opts.verb == "obtain" ? Verb::obtain : Verb::use;
  auto sym = m.find(opts.target);
  Kind want = verb == Verb::read ? Kind::data : Kind::key;
  if (!sym || sym->kind != want) {
    err << fmt::format("custody: error: '{}' is not {} in {}; '{}' takes {}\n", printable(opts.target),
                       want == Kind::data ? "data" : "a key", printable(opts.file), printable(opts.verb),
                       want == Kind::data ? "data" : "a key");
    return kInvalid;
  }
  ItemRef target{want == Kind::data ? ItemRef::Type::data : ItemRef::Type::key, sym->index};
  std::optional<Index> phase;
  if (!phase_option(m, opts.phase, opts.file, phase, err)) return kInvalid;

  Session session(m, opts.limits.solver());
  Diagnostics vacuous = session.vacuity();
  if (vacuous.has_errors()) {
    print_diagnostics(out, l.sources, vacuous, opts.format == Format::json ? Format::gcc : opts.format);
    return kInvalid;
  }
  std::vector<AssertionResult> results;
  for (Index x = 0; x < m.actors.size(); ++x) results.push_back(session.decide(question(x, verb, target, phase)));
  std::size_t can = 0, cannot = 0, unknown = 0;
  for (const auto& r : results) {
    can += r.verdict == Verdict::violated;
    cannot += r.verdict == Verdict::holds;
    unknown += r.verdict == Verdict::inconclusive;
  }
  int code = unknown ? kInconclusive : kOk;

  if (opts.format == Format::json) {
    nlohmann::json actors = nlohmann::json::array();
    for (Index x = 0; x < m.actors.size(); ++x) {
      const auto& r = results[x];
      nlohmann::json j = {{"actor", m.actors[x].name},
                          {"verdict", r.verdict == Verdict::violated ? "can"
                                      : r.verdict == Verdict::holds  ? "cannot"
                                                                     : "inconclusive"}};
      if (r.verdict == Verdict::violated) {
        j["scenario"] = {{"conditions", conditions_json(m, r.scenario)}};
        j["minimal"] = r.minimal;
        nlohmann::json path = nlohmann::json::array();
        for (std::size_t i = 0; i < r.path.size(); ++i) path.push_back(path_json(m, l.sources, r.path, i));
        j["path"] = path;
      } else if (r.verdict == Verdict::holds) {
        j["relies_on"] = relies_json(m, l.sources, r.relies_on);
      } else {
        j["reason"] = r.reason;
      }
      actors.push_back(j);
    }
    nlohmann::json doc = {{"version", 1},
                          {"verb", opts.verb},
                          {"target", opts.target},
                          {"actors", actors},
                          {"summary", {{"can", can}, {"cannot", cannot}, {"inconclusive", unknown}}}};
    if (phase) doc["phase"] = m.phases[*phase].name;
    out << json_text(doc, 2) << "\n";
    return code;
  }

  print_diagnostics(out, l.sources, l.diags, opts.format);
  out << fmt::format("who can {} {}{}:\n", opts.verb, opts.target, phase ? " in " + m.phases[*phase].name : "");
  // Those who can first, fewest conditions then shortest path; then those who cannot.
  std::vector<Index> order(m.actors.size());
  for (Index x = 0; x < order.size(); ++x) order[x] = x;
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    auto rank = [&](Index x) {
      const auto& r = results[x];
      int v = r.verdict == Verdict::violated ? 0 : r.verdict == Verdict::inconclusive ? 1 : 2;
      return std::make_tuple(v, r.scenario.size(), r.path.size());
    };
    return rank(a) < rank(b);
  });
  for (Index x : order) {
    const auto& r = results[x];
    const std::string& name = m.actors[x].name;
    if (r.verdict == Verdict::violated) {
      out << fmt::format("  {} can: {} ({} steps)\n", name, scenario_text(m, r.scenario), r.path.size());
      write_path_text(out, m, l.sources, r.path, "    ");
    } else if (r.verdict == Verdict::holds) {
      std::string why = m.phases.empty() || phase ? "in any scenario" : "in any scenario and phase";
      if (!r.relies_on.empty()) {
        why = "given ";
        for (std::size_t i = 0; i < r.relies_on.size(); ++i) {
          why += (i ? "; " : "") + reliance_text(m, l.sources, r.relies_on[i]);
        }
      }
      out << fmt::format("  {} cannot ({})\n", name, why);
    } else {
      out << fmt::format("  {} inconclusive: {}\n", name, r.reason);
    }
  }
  out << fmt::format("{}: {} can, {} cannot", count_noun(m.actors.size(), "actor"), can, cannot);
  if (unknown) out << fmt::format(", {} inconclusive", unknown);
  out << "\n";
  return code;
}

int run_matrix(const MatrixOptions& opts, std::ostream& out, std::ostream& err) {
  Loaded l;
  Format diag_format = opts.format == TableFormat::json ? Format::json : Format::text;
  if (!load_or_report(opts.file, opts.imports, l, diag_format, out)) return kInvalid;
  const Model& m = *l.model;
  std::optional<Index> phase;
  if (!phase_option(m, opts.phase, opts.file, phase, err)) return kInvalid;
  Session session(m, opts.limits.solver());
  Diagnostics vacuous = session.vacuity();
  if (vacuous.has_errors()) {
    print_diagnostics(err, l.sources, vacuous, Format::text);
    return kInvalid;
  }
  struct Column {
    std::string name;
    Verb verb;
    ItemRef item;
  };
  std::vector<Column> columns;
  for (Index d = 0; d < m.data.size(); ++d) columns.push_back({m.data[d].name, Verb::read, {ItemRef::Type::data, d}});
  if (opts.keys) {
    // `obtain` of every key, then `use` of every key: an HSM key is never obtained, and
    // only its use column shows who can make it decrypt (use columns come last so that
    // the columns of earlier versions keep their places).
    for (Index k = 0; k < m.keys.size(); ++k) columns.push_back({m.keys[k].name, Verb::obtain, {ItemRef::Type::key, k}});
    for (Index k = 0; k < m.keys.size(); ++k) columns.push_back({m.keys[k].name, Verb::use, {ItemRef::Type::key, k}});
  }
  std::vector<std::vector<Exposure>> cells(m.actors.size());
  bool unknown = false;
  for (Index x = 0; x < m.actors.size(); ++x) {
    for (const Column& c : columns) {
      Exposure cell = exposure(session, x, c.verb, c.item, phase);
      unknown = unknown || cell.reach == "inconclusive";
      cells[x].push_back(std::move(cell));
    }
  }
  auto cell_text = [&](const Exposure& c) { return exposure_text(m, c); };
  if (opts.format == TableFormat::json) {
    nlohmann::json cols = nlohmann::json::array();
    for (const Column& c : columns) cols.push_back({{"name", c.name}, {"verb", to_string(c.verb)}});
    nlohmann::json rows = nlohmann::json::array();
    for (Index x = 0; x < m.actors.size(); ++x) {
      nlohmann::json row = nlohmann::json::array();
      for (const Exposure& c : cells[x]) {
        row.push_back(exposure_json(m, c));
      }
      rows.push_back({{"actor", m.actors[x].name}, {"cells", row}});
    }
    nlohmann::json doc{{"version", 1}, {"columns", cols}, {"rows", rows}};
    if (phase) doc["phase"] = m.phases[*phase].name;
    out << json_text(doc, 2) << "\n";
  } else if (opts.format == TableFormat::csv) {
    auto csv = [](const std::string& s) {
      if (s.find_first_of(",\"\n") == std::string::npos) return s;
      std::string q = "\"";
      for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return q + "\"";
    };
    out << "actor";
    for (const Column& c : columns) out << "," << csv(column_title(c.verb, c.name));
    out << "\n";
    for (Index x = 0; x < m.actors.size(); ++x) {
      out << csv(m.actors[x].name);
      for (const Exposure& c : cells[x]) out << "," << csv(cell_text(c));
      out << "\n";
    }
  } else {
    std::vector<std::string> header{"actor"};
    for (const Column& c : columns) header.push_back(column_title(c.verb, c.name));
    std::vector<std::vector<std::string>> table{header};
    for (Index x = 0; x < m.actors.size(); ++x) {
      std::vector<std::string> row{m.actors[x].name};
      for (const Exposure& c : cells[x]) row.push_back(cell_text(c));
      table.push_back(std::move(row));
    }
    std::vector<std::size_t> width(header.size(), 0);
    for (const auto& row : table) {
      for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    }
    for (const auto& row : table) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i) line += fmt::format("{:<{}}  ", row[i], width[i]);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
    out << fmt::format("{} x {}{}: never = in no scenario, always = in every scenario, when = with "
                       "those conditions true (fewest), sometimes = in some scenarios with no "
                       "condition true\n",
                       count_noun(m.actors.size(), "actor"), count_noun(columns.size(), "item"),
                       phase ? " in phase " + m.phases[*phase].name : "");
  }
  return unknown ? kInconclusive : kOk;
}

namespace {

struct Side {
  Loaded l;
  std::unique_ptr<Session> session;
  std::optional<Index> actor(const std::string& name) const {
    auto sym = l.model->find(name);
    return sym && sym->kind == Kind::actor ? std::optional<Index>(sym->index) : std::nullopt;
  }
  std::optional<ItemRef> item(const std::string& name, Verb verb) const {
    auto sym = l.model->find(name);
    Kind want = verb == Verb::read ? Kind::data : Kind::key;
    if (!sym || sym->kind != want) return std::nullopt;
    return ItemRef{want == Kind::data ? ItemRef::Type::data : ItemRef::Type::key, sym->index};
  }
};

std::vector<std::string> condition_names(const Model& m, const std::vector<Index>& conds) {
  std::vector<std::string> out;
  for (Index c : conds) out.push_back(m.conditions[c].name);
  std::sort(out.begin(), out.end());
  return out;
}

/// new: reachable now and not before; widened: reachable with fewer or weaker conditions;
/// changed: with other conditions, as many; narrowed; removed; "" for no change.
std::string classify(const Model& om, const Exposure& before, const Model& nm, const Exposure& after) {
  auto reachable = [](const Exposure& e) { return e.reach != "never" && e.reach != "inconclusive"; };
  // Undecided on either side: no claim that nothing changed (a CI gate must not pass on
  // two timeouts).
  if (after.reach == "inconclusive" || before.reach == "inconclusive") return "inconclusive";
  if (!reachable(after)) return reachable(before) ? "removed" : "";
  if (!reachable(before)) return "new";
  auto rank = [](const Exposure& e) { return e.reach == "always" ? 0 : e.reach == "sometimes" ? 1 : 2; };
  if (rank(after) != rank(before)) return rank(after) < rank(before) ? "widened" : "narrowed";
  if (after.reach != "when") return "";
  auto a = condition_names(nm, after.conditions), b = condition_names(om, before.conditions);
  if (a == b) return "";
  if (std::includes(b.begin(), b.end(), a.begin(), a.end()) || a.size() < b.size()) return "widened";
  if (std::includes(a.begin(), a.end(), b.begin(), b.end()) || a.size() > b.size()) return "narrowed";
  return "changed";
}

}  // namespace

int run_diff(const DiffOptions& opts, std::ostream& out, std::ostream& err) {
  Side old_side, new_side;
  std::optional<Index> old_phase, new_phase;
  Format diag_format = opts.format == Format::json ? Format::gcc : opts.format;
  bool ok = load_or_report(opts.old_file, opts.imports, old_side.l, diag_format, out);
  ok = load_or_report(opts.new_file, opts.imports, new_side.l, diag_format, out) && ok;
  if (!ok) return kInvalid;
  if (!phase_option(*old_side.l.model, opts.phase, opts.old_file, old_phase, err) ||
      !phase_option(*new_side.l.model, opts.phase, opts.new_file, new_phase, err)) {
    return kInvalid;
  }
  for (Side* side : {&old_side, &new_side}) {
    side->session = std::make_unique<Session>(*side->l.model, opts.limits.solver());
    Diagnostics vacuous = side->session->vacuity();
    if (vacuous.has_errors()) {
      print_diagnostics(err, side->l.sources, vacuous, Format::text);
      return kInvalid;
    }
  }
  const Model& om = *old_side.l.model;
  const Model& nm = *new_side.l.model;

  // Every (actor, verb, item) named in either version.
  struct Question {
    std::string actor;
    Verb verb;
    std::string item;
    bool operator<(const Question& o) const {
      return std::tie(item, verb, actor) < std::tie(o.item, o.verb, o.actor);
    }
  };
  std::set<Question> questions;
  for (const Model* m : {&om, &nm}) {
    for (const Actor& a : m->actors) {
      for (const Data& d : m->data) questions.insert({a.name, Verb::read, d.name});
      if (!opts.keys) continue;
      for (const Key& k : m->keys) {
        questions.insert({a.name, Verb::obtain, k.name});
        questions.insert({a.name, Verb::use, k.name});
      }
    }
  }
  struct Change {
    Question q;
    std::string kind;
    Exposure before, after;
  };
  std::vector<Change> changes;
  auto ask = [&](Side& side, const Question& q, std::optional<Index> phase) {
    auto x = side.actor(q.actor);
    auto item = side.item(q.item, q.verb);
    if (!x || !item) return Exposure{"never", {}, {}};  // not in this version
    return exposure(*side.session, *x, q.verb, *item, phase);
  };
  for (const Question& q : questions) {
    Exposure before = ask(old_side, q, old_phase), after = ask(new_side, q, new_phase);
    std::string kind = classify(om, before, nm, after);
    if (!kind.empty()) changes.push_back({q, kind, std::move(before), std::move(after)});
  }
  auto is_exposure = [](const std::string& k) { return k == "new" || k == "widened" || k == "changed"; };
  std::size_t exposures = 0, removed = 0, narrowed = 0, unknown = 0;
  for (const auto& c : changes) {
    exposures += is_exposure(c.kind);
    removed += c.kind == "removed";
    narrowed += c.kind == "narrowed";
    unknown += c.kind == "inconclusive";
  }
  int code = exposures ? kViolated : unknown ? kInconclusive : kOk;

  if (opts.format == Format::json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& c : changes) {
      nlohmann::json j = {{"kind", c.kind},
                          {"actor", c.q.actor},
                          {"verb", to_string(c.q.verb)},
                          {"item", c.q.item},
                          {"before", exposure_json(om, c.before)},
                          {"after", exposure_json(nm, c.after)}};
      if (is_exposure(c.kind)) {
        nlohmann::json path = nlohmann::json::array();
        for (std::size_t i = 0; i < c.after.path.size(); ++i) {
          path.push_back(path_json(nm, new_side.l.sources, c.after.path, i));
        }
        j["path"] = path;
      }
      arr.push_back(j);
    }
    nlohmann::json doc = {{"version", 1},
                          {"old", opts.old_file},
                          {"new", opts.new_file},
                          {"changes", arr},
                          {"summary",
                           {{"new_exposures", exposures}, {"removed", removed}, {"narrowed", narrowed},
                            {"inconclusive", unknown}}},
                          {"exit_code", code}};
    if (!opts.phase.empty()) doc["phase"] = opts.phase;
    out << json_text(doc, 2) << "\n";
    return code;
  }
  static const char* kOrder[] = {"new", "widened", "changed", "narrowed", "removed", "inconclusive"};
  static const char* kMark[] = {"+", "+", "~", "-", "-", "?"};
  for (std::size_t k = 0; k < 6; ++k) {
    for (const auto& c : changes) {
      if (c.kind != kOrder[k]) continue;
      std::string what = fmt::format("{} {} {}", c.q.actor, to_string(c.q.verb), c.q.item);
      out << fmt::format("{} {}: {}, before {} (now {})\n", kMark[k], c.kind, what,
                         exposure_text(om, c.before), exposure_text(nm, c.after));
      if (is_exposure(c.kind)) write_path_text(out, nm, new_side.l.sources, c.after.path, "    ");
    }
  }
  out << fmt::format("{}: {}, {} removed, {} narrowed", count_noun(changes.size(), "change"),
                     count_noun(exposures, "new exposure"), removed, narrowed);
  if (unknown) out << fmt::format(", {} inconclusive", unknown);
  out << "\n";
  return code;
}

}  // namespace custody::cli
