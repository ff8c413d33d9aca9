#include "cli/analyst.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/explain.hpp"
#include "parser/parser.hpp"
#include "solver/solver.hpp"

namespace custody::cli {
namespace {

/// A loaded model with its sources, or the exit code after reporting why there is none.
struct Loaded {
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model;
};

bool load_or_report(const std::string& file, Loaded& l, Format format, std::ostream& out) {
  l.model = load({file}, l.sources, l.diags);
  l.diags.sort();
  if (l.model) return true;
  if (format == Format::json) {
    nlohmann::json ds = nlohmann::json::array();
    for (const Diagnostic& d : l.diags.items()) ds.push_back(to_json(l.sources, d));
    out << nlohmann::json{{"version", 1}, {"diagnostics", ds}}.dump(2) << "\n";
  } else {
    print_diagnostics(out, l.sources, l.diags, format);
  }
  return false;
}

Assertion question(Index actor, Verb verb, ItemRef target) {
  Assertion a;
  a.subject = Assertion::Subject::listed;
  a.actors = {actor};
  a.can = false;
  a.verb = verb;
  a.target = target;
  return a;
}

SolverOptions solver_options(double timeout_seconds) {
  SolverOptions so;
  so.timeout_ms = static_cast<unsigned>(timeout_seconds * 1000);
  return so;
}

}  // namespace

int run_who(const WhoOptions& opts, std::ostream& out, std::ostream& err) {
  Loaded l;
  if (!load_or_report(opts.file, l, opts.format, out)) return kInvalid;
  const Model& m = *l.model;
  Verb verb = opts.verb == "read" ? Verb::read : opts.verb == "obtain" ? Verb::obtain : Verb::use;
  auto sym = m.find(opts.target);
  Kind want = verb == Verb::read ? Kind::data : Kind::key;
  if (!sym || sym->kind != want) {
    err << fmt::format("custody: error: '{}' is not {} in {}; '{}' takes {}\n", opts.target,
                       want == Kind::data ? "data" : "a key", opts.file, opts.verb,
                       want == Kind::data ? "data" : "a key");
    return kInvalid;
  }
  ItemRef target{want == Kind::data ? ItemRef::Type::data : ItemRef::Type::key, sym->index};

  Session session(m, solver_options(opts.timeout_seconds));
  Diagnostics vacuous = session.vacuity();
  if (vacuous.has_errors()) {
    print_diagnostics(out, l.sources, vacuous, opts.format == Format::json ? Format::gcc : opts.format);
    return kInvalid;
  }
  std::vector<AssertionResult> results;
  for (Index x = 0; x < m.actors.size(); ++x) results.push_back(session.decide(question(x, verb, target)));
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
    out << doc.dump(2) << "\n";
    return code;
  }

  print_diagnostics(out, l.sources, l.diags, opts.format);
  out << fmt::format("who can {} {}:\n", opts.verb, opts.target);
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
      std::string why = "in any scenario";
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
  if (!load_or_report(opts.file, l, diag_format, out)) return kInvalid;
  const Model& m = *l.model;
  Session session(m, solver_options(opts.timeout_seconds));
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
    for (Index k = 0; k < m.keys.size(); ++k) columns.push_back({m.keys[k].name, Verb::obtain, {ItemRef::Type::key, k}});
  }
  struct Cell {
    std::string reach;  // never, always, when, sometimes, inconclusive
    std::vector<Index> conditions;
  };
  std::vector<std::vector<Cell>> cells(m.actors.size());
  bool unknown = false;
  for (Index x = 0; x < m.actors.size(); ++x) {
    for (const Column& c : columns) {
      Assertion q = question(x, c.verb, c.item);
      AssertionResult r = session.decide(q);
      Cell cell;
      if (r.verdict == Verdict::holds) {
        cell.reach = "never";
      } else if (r.verdict == Verdict::inconclusive) {
        cell.reach = "inconclusive";
      } else if (!r.scenario.empty()) {
        cell.reach = "when";
        cell.conditions = r.scenario;
      } else {
        q.can = true;  // reached with no condition true: is it reached in every scenario?
        AssertionResult always = session.decide(q);
        cell.reach = always.verdict == Verdict::holds       ? "always"
                     : always.verdict == Verdict::violated ? "sometimes"
                                                            : "inconclusive";
      }
      unknown = unknown || cell.reach == "inconclusive";
      cells[x].push_back(std::move(cell));
    }
  }
  auto cell_text = [&](const Cell& c) {
    if (c.reach != "when") return c.reach;
    std::string s = "when ";
    for (std::size_t i = 0; i < c.conditions.size(); ++i) s += (i ? "+" : "") + m.conditions[c.conditions[i]].name;
    return s;
  };
  if (opts.format == TableFormat::json) {
    nlohmann::json cols = nlohmann::json::array();
    for (const Column& c : columns) cols.push_back({{"name", c.name}, {"verb", to_string(c.verb)}});
    nlohmann::json rows = nlohmann::json::array();
    for (Index x = 0; x < m.actors.size(); ++x) {
      nlohmann::json row = nlohmann::json::array();
      for (const Cell& c : cells[x]) {
        nlohmann::json j = {{"reach", c.reach}};
        if (c.reach == "when") j["conditions"] = conditions_json(m, c.conditions);
        row.push_back(j);
      }
      rows.push_back({{"actor", m.actors[x].name}, {"cells", row}});
    }
    out << nlohmann::json{{"version", 1}, {"columns", cols}, {"rows", rows}}.dump(2) << "\n";
  } else if (opts.format == TableFormat::csv) {
    auto csv = [](const std::string& s) {
      if (s.find_first_of(",\"\n") == std::string::npos) return s;
      std::string q = "\"";
      for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return q + "\"";
    };
    out << "actor";
    for (const Column& c : columns) out << "," << csv(c.verb == Verb::read ? c.name : "obtain " + c.name);
    out << "\n";
    for (Index x = 0; x < m.actors.size(); ++x) {
      out << csv(m.actors[x].name);
      for (const Cell& c : cells[x]) out << "," << csv(cell_text(c));
      out << "\n";
    }
  } else {
    std::vector<std::string> header{"actor"};
    for (const Column& c : columns) header.push_back(c.verb == Verb::read ? c.name : "obtain " + c.name);
    std::vector<std::vector<std::string>> table{header};
    for (Index x = 0; x < m.actors.size(); ++x) {
      std::vector<std::string> row{m.actors[x].name};
      for (const Cell& c : cells[x]) row.push_back(cell_text(c));
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
    out << fmt::format("{} x {}: never = in no scenario, always = in every scenario, when = with "
                       "those conditions true (fewest), sometimes = in some scenarios with no "
                       "condition true\n",
                       count_noun(m.actors.size(), "actor"), count_noun(columns.size(), "item"));
  }
  return unknown ? kInconclusive : kOk;
}

}  // namespace custody::cli
