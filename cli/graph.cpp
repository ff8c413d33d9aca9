#include "cli/graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>
#include <sstream>

#include "report/explain.hpp"
#include "model/print.hpp"
#include "parser/parser.hpp"
#include "solver/solver.hpp"

namespace custody::cli {
using namespace report;  // the shared wording of results
namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string label(const std::string& name, const std::string& title) {
  return title.empty() ? esc(name) : esc(name) + "\\n" + esc(title);
}

// A law by jurisdiction points at a stand-in node: every actor (site, actor with the role)
// in J.
std::string stand_in(const Model& m, const Law& l, Index j);

// Node ids by kind, so that an actor and a key of the same name never collide (they
// cannot share a name, but keep ids readable anyway).
std::string id(const char* kind, const std::string& name) { return fmt::format("\"{}:{}\"", kind, esc(name)); }

// The timeline as a graph label ("phases: before -> after"), "" without phases.
std::string timeline(const Model& m) {
  if (m.phases.empty()) return "";
  std::string out = "phases: ";
  for (std::size_t i = 0; i < m.phases.size(); ++i) out += (i ? " -> " : "") + esc(m.phases[i].name);
  return out;
}

std::string custody_graph(const Model& m) {
  std::ostringstream g;
  std::string phases = timeline(m);
  g << "digraph custody {\n"
       "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.35, ranksep=0.6"
    << (phases.empty() ? "" : ", labelloc=t, label=\"" + phases + "\"") << "];\n"
       "  node [fontname=\"Helvetica\", fontsize=10];\n"
       "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  // Jurisdictions as clusters holding their actors (by first jurisdiction) and sites.
  std::map<Index, std::vector<std::string>> members;
  std::vector<std::string> loose;
  for (const Actor& a : m.actors) {
    std::string extra;
    for (std::size_t i = 1; i < a.in.size(); ++i) extra += (i > 1 ? ", " : "\\nalso in ") + m.jurisdictions[a.in[i]].name;
    for (std::size_t i = 0; i < a.roles.size(); ++i) extra += (i ? ", " : "\\nas ") + esc(m.roles[a.roles[i]].name);
    if (a.forgets) extra += "\\n(forgets)";
    if (a.builtin) extra += "\\n(every actor holds what it holds)";
    std::string node = fmt::format("{} [label=\"{}{}\", shape=ellipse, style=filled, fillcolor=\"#e8f0fe\"];",
                                   id("actor", a.name), label(a.name, a.title), extra);
    if (a.in.empty()) loose.push_back(node);
    else members[a.in[0]].push_back(node);
  }
  for (const Site& s : m.sites) {
    std::string when = s.when == kAlways ? "" : "\\n(exists when a condition holds)";
    if (!s.time.always()) when += "\\n(exists " + esc(print_time(m, s.time)) + ")";
    members[s.in].push_back(fmt::format("{} [label=\"{}{}\", shape=box3d, style=filled, fillcolor=\"#fff4e0\"];",
                                        id("site", s.name), label(s.name, s.title), when));
  }
  // A law by jurisdiction points at a stand-in node for "every actor (site) in J".
  for (const Law& l : m.laws) {
    if (!l.by_jurisdiction) continue;
    bool compels = l.action == Law::Action::compels;
    for (Index j : l.targets) {
      std::string node = fmt::format("{} [label=\"every {} in {}\", shape=box, style=\"dashed,rounded\", color=\"#6a1b9a\", fontcolor=\"#6a1b9a\"];",
                                     stand_in(m, l, j), l.role ? esc(m.roles[*l.role].name) : compels ? "actor" : "site",
                                     esc(m.jurisdictions[j].name));
      if (std::find(members[j].begin(), members[j].end(), node) == members[j].end()) members[j].push_back(node);
    }
  }
  for (Index j = 0; j < m.jurisdictions.size(); ++j) {
    g << fmt::format("  subgraph \"cluster_{}\" {{\n    label=\"{}\"; style=rounded; color=\"#888888\";\n",
                     esc(m.jurisdictions[j].name), label(m.jurisdictions[j].name, m.jurisdictions[j].title));
    for (const auto& n : members[j]) g << "    " << n << "\n";
    g << "  }\n";
  }
  for (const auto& n : loose) g << "  " << n << "\n";
  for (const Key& k : m.keys) {
    g << fmt::format("  {} [label=\"{}{}\", shape=note, style=filled, fillcolor=\"{}\"];\n", id("key", k.name),
                     label(k.name, k.title), k.is_hsm() ? "\\n(HSM)" : "", k.is_hsm() ? "#fde2e2" : "#fdf6d8");
  }
  for (const Data& d : m.data) {
    g << fmt::format("  {} [label=\"{}\", shape=folder, style=filled, fillcolor=\"#e3f5e1\"];\n", id("data", d.name),
                     label(d.name, d.title));
  }
  // An edge's guard: its time (in a spec with phases) and its `when`.
  auto when = [&](ExprId e, const Time& t = Time{}) {
    std::string out = t.always() ? std::string() : "\\n" + esc(print_time(m, t));
    return e == kAlways ? out : out + "\\nwhen " + esc(print_expr(m, e));
  };
  auto place = [&](const Custody& c, const std::string& target, const char* verb) {
    for (Index a : c.actors) g << fmt::format("  {} -> {} [label=\"holds{}{}\"];\n", id("actor", m.actors[a].name), target, verb, when(c.when, c.time));
    for (Index s : c.sites) g << fmt::format("  {} -> {} [label=\"stores{}{}\"];\n", id("site", m.sites[s].name), target, verb, when(c.when, c.time));
  };
  for (const Site& s : m.sites) {
    for (Index a : s.operators) {
      g << fmt::format("  {} -> {} [label=\"operates\", style=dashed, arrowhead=odot];\n", id("actor", m.actors[a].name), id("site", s.name));
    }
  }
  for (const Key& k : m.keys) {
    std::string kid = id("key", k.name);
    for (const Custody& c : k.material) place(c, kid, "");
    for (const Wrap& w : k.wraps) {
      g << fmt::format("  {} -> {} [label=\"wraps\", color=\"#b8860b\", fontcolor=\"#b8860b\"];\n", id("key", m.keys[w.wrapper].name), kid);
      place(w.custody, kid, fmt::format(" blob\\n(under {})", esc(m.keys[w.wrapper].name)).c_str());
    }
    for (const Hsm& h : k.hsms) {
      g << fmt::format("  {} -> {} [label=\"HSM{}\", color=\"#c0392b\"];\n", id("site", m.sites[h.site].name), kid, when(h.when, h.time));
      for (Index a : h.users) g << fmt::format("  {} -> {} [label=\"used by\", style=dotted, color=\"#c0392b\"];\n", kid, id("actor", m.actors[a].name));
      // `used by holders of T1 and T2`: each token opens the HSM together with the others.
      for (Index t : h.holders_of) {
        g << fmt::format("  {} -> {} [label=\"token ({} needed)\", style=dotted, color=\"#c0392b\"];\n", id("key", m.keys[t].name), kid,
                         h.holders_of.size());
      }
    }
    for (const Split& s : k.splits) {
      for (Index sh : s.shares) {
        g << fmt::format("  {} -> {} [label=\"share ({} of {})\", style=dotted];\n", id("key", m.keys[sh].name), kid, s.k, s.shares.size());
      }
    }
  }
  for (const Data& d : m.data) {
    std::string did = id("data", d.name);
    for (Index k : d.encrypted_by) g << fmt::format("  {} -> {} [label=\"encrypts\", color=\"#2e7d32\"];\n", id("key", m.keys[k].name), did);
    for (const Custody& c : d.stored) place(c, did, "");
  }
  for (const Flow& f : m.flows) {
    std::string items = f.full ? "" : ": " + esc(print_items(m, f.items, f.uses));
    for (Index a : f.from) {
      for (Index b : f.to) {
        g << fmt::format("  {} -> {} [label=\"flow{}{}\", color=\"#1565c0\", penwidth=1.5];\n", id("actor", m.actors[a].name),
                         id("actor", m.actors[b].name), items, when(f.when, f.time));
      }
    }
  }
  // A law is an edge from the authority to what it reaches: actors, sites, or a whole
  // jurisdiction (an edge ending at its cluster).
  for (const Law& l : m.laws) {
    bool compels = l.action == Law::Action::compels;
    std::string scope = l.scoped ? "\\nfor " + esc(print_items(m, l.items, l.uses)) : "";
    std::string style = fmt::format("label=\"{} ({}){}{}\", color=\"#6a1b9a\", fontcolor=\"#6a1b9a\", style=bold",
                                    compels ? "compels" : "seizes", esc(l.name), scope, when(l.when, l.time));
    std::string from = id("actor", m.actors[l.authority].name);
    if (!l.by_jurisdiction) {
      for (Index t : l.targets) {
        g << fmt::format("  {} -> {} [{}];\n", from, compels ? id("actor", m.actors[t].name) : id("site", m.sites[t].name), style);
      }
      continue;
    }
    for (Index j : l.targets) g << fmt::format("  {} -> {} [{}];\n", from, stand_in(m, l, j), style);
  }
  for (const Threat& t : m.threats) {
    std::size_t n = t.targets.size() + t.sites.size();
    std::string time = t.time.always() ? "" : "\\n" + esc(print_time(m, t.time));
    for (Index a : t.targets) {
      g << fmt::format("  {} -> {} [label=\"compromises\\n(at most {} of {}){}\", color=\"#d32f2f\", style=dashed];\n",
                       id("actor", m.actors[t.attacker].name), id("actor", m.actors[a].name), t.k, n, time);
    }
    for (Index s : t.sites) {
      g << fmt::format("  {} -> {} [label=\"compromises\\n(at most {} of {}){}\", color=\"#d32f2f\", style=dashed];\n",
                       id("actor", m.actors[t.attacker].name), id("site", m.sites[s].name), t.k, n, time);
    }
  }
  g << "}\n";
  return g.str();
}

std::string path_graph(const Model& m, const SourceSet& sources, const Assertion& a, const AssertionResult& r) {
  std::ostringstream g;
  g << "digraph access_path {\n"
       "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11, labelloc=t, label=\""
    << esc(a.name + ": " + assertion_text(m, a)) << "\\nscenario: " << esc(scenario_text(m, r.scenario)) << "\"];\n"
       "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\"];\n"
       "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  auto node = [&](std::size_t i, const char* indent) {
    const Step& s = r.path[i];
    bool last = i + 1 == r.path.size();
    g << fmt::format("{}s{} [label=\"{}. {}\\n{}: {}\\n{}\"{}];\n", indent, i + 1, i + 1, esc(fact_text(m, s.fact)),
                     to_string(s.rule), esc(step_reason(m, s)), esc(locations_text(sources, s.locations)),
                     last ? ", fillcolor=\"#fde2e2\", penwidth=2" : "");
  };
  auto edges = [&](std::size_t i) {
    const Step& s = r.path[i];
    const char* style = s.rule == RuleKind::retain ? " [style=dashed, label=\"retained\"]" : "";
    for (std::size_t p : s.premises) g << fmt::format("  s{} -> s{}{};\n", p + 1, i + 1, style);
  };
  if (m.phases.empty()) {
    for (std::size_t i = 0; i < r.path.size(); ++i) {
      node(i, "  ");
      edges(i);
    }
  } else {
    // One cluster per phase, in timeline order, holding the steps of that phase; a
    // retained fact's arrow crosses from one cluster into the next.
    for (Index p = 0; p < m.phases.size(); ++p) {
      bool any = false;
      for (const Step& s : r.path) any = any || s.fact.phase == p;
      if (!any) continue;
      g << fmt::format("  subgraph \"cluster_phase_{}\" {{\n    label=\"phase {}\"; style=\"rounded,dashed\"; color=\"#888888\";\n",
                       esc(m.phases[p].name), label(m.phases[p].name, m.phases[p].title));
      for (std::size_t i = 0; i < r.path.size(); ++i) {
        if (r.path[i].fact.phase == p) node(i, "    ");
      }
      g << "  }\n";
    }
    for (std::size_t i = 0; i < r.path.size(); ++i) edges(i);
  }
  g << "}\n";
  return g.str();
}

std::string stand_in(const Model& m, const Law& l, Index j) {
  const std::string& where = m.jurisdictions[j].name;
  if (l.role) return id("role-in", m.roles[*l.role].name + " in " + where);
  return id(l.action == Law::Action::compels ? "actors-in" : "sites-in", where);
}

}  // namespace

int run_graph(const GraphOptions& opts, std::ostream& out, std::ostream& err) {
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model = load({opts.file}, sources, diags, opts.imports);
  diags.sort();
  if (!model) {
    print_diagnostics(err, sources, diags, Format::text);
    return kInvalid;
  }
  std::string dot;
  if (opts.assertion.empty()) {
    dot = custody_graph(*model);
  } else {
    std::optional<Index> which;
    for (Index i = 0; i < model->assertions.size(); ++i) {
      if (model->assertions[i].name == opts.assertion) which = i;
    }
    if (!which) {
      err << fmt::format("custody: error: no assertion named '{}'\n", printable(opts.assertion));
      return kInvalid;
    }
    SolverOptions so = opts.limits.solver();
    CheckReport report = check(*model, {*which}, so);
    if (report.errors.has_errors()) {
      print_diagnostics(err, sources, report.errors, Format::text);
      return kInvalid;
    }
    const Assertion& a = model->assertions[*which];
    const AssertionResult& r = report.results.at(0);
    if (a.can || r.verdict != Verdict::violated) {
      err << fmt::format("custody: error: assertion '{}' has no access path to draw: {}\n", printable(a.name),
                         a.can                          ? "it is a 'can' assertion"
                         : r.verdict == Verdict::holds ? std::string("it holds")
                                                       : fmt::format("it is {}", to_string(r.verdict)));
      return kInvalid;
    }
    dot = path_graph(*model, sources, a, r);
  }
  if (!opts.svg) {
    out << dot;
    return kOk;
  }
  // Render through Graphviz's dot, fed through a temporary file.
  char tmpl[] = "/tmp/custody-graph-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) {
    err << "custody: error: cannot create a temporary file for dot\n";
    return kInvalid;
  }
  FILE* f = fdopen(fd, "w");
  std::fwrite(dot.data(), 1, dot.size(), f);
  std::fclose(f);
  std::string cmd = fmt::format("dot -Tsvg '{}' 2>/dev/null", tmpl);
  FILE* p = popen(cmd.c_str(), "r");
  std::string svg;
  if (p) {
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) svg.append(buf, n);
  }
  int status = p ? pclose(p) : -1;
  std::remove(tmpl);
  if (status != 0 || svg.empty()) {
    err << "custody: error: rendering SVG needs Graphviz's dot, which is not installed or failed "
           "(apt-get install graphviz); without --format svg, custody prints DOT\n";
    return kInvalid;
  }
  out << svg;
  return kOk;
}

}  // namespace custody::cli
