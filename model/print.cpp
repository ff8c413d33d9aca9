#include "model/print.hpp"

#include <fmt/format.h>

namespace custody {
namespace {

std::string join_names(const std::vector<Index>& ids, const auto& table) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ", ";
    out += table[ids[i]].name;
  }
  return out;
}

// Precedence levels: implies 1, or 2, and 3, not 4, atoms 5.
int level(const Expr& e) {
  switch (e.op) {
    case Expr::Op::implies: return 1;
    case Expr::Op::or_: return 2;
    case Expr::Op::and_: return 3;
    case Expr::Op::not_: return 4;
    default: return 5;
  }
}

std::string expr_text(const Model& m, ExprId id, int min_level) {
  const Expr& e = m.exprs[id];
  std::string s;
  auto child = [&](std::size_t i, int lvl) { return expr_text(m, e.args[i], lvl); };
  switch (e.op) {
    case Expr::Op::var: s = m.conditions[e.args[0]].name; break;
    case Expr::Op::not_: s = "not " + child(0, 4); break;
    case Expr::Op::and_:
    case Expr::Op::or_: {
      int l = level(e);
      const char* op = e.op == Expr::Op::and_ ? " and " : " or ";
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) s += op;
        s += child(i, l);
      }
      break;
    }
    case Expr::Op::implies:  // right-associative
      s = child(0, 2) + " implies " + child(1, 1);
      break;
    case Expr::Op::at_most:
    case Expr::Op::at_least:
    case Expr::Op::exactly: {
      const char* word = e.op == Expr::Op::at_most    ? "at most"
                         : e.op == Expr::Op::at_least ? "at least"
                                                      : "exactly";
      s = fmt::format("{} {} of {}", word, e.k, join_names(e.args, m.conditions));
      // A count list is greedy, so it needs parentheses unless it ends the expression.
      if (min_level > 1) return "(" + s + ")";
      return s;
    }
  }
  if (level(e) < min_level) return "(" + s + ")";
  return s;
}

std::string when_text(const Model& m, ExprId e) {
  return e == kAlways ? std::string() : " when " + print_expr(m, e);
}

// A clause's TIME after the clause: " during a", or nothing.
std::string time_text(const Model& m, const Time& t) {
  std::string s = print_time(m, t);
  return s.empty() ? s : " " + s;
}

std::string title_text(const std::string& t) { return t.empty() ? std::string() : " " + quote(t); }

std::string custody_text(const Model& m, const Custody& c) {
  std::string s;
  if (!c.actors.empty()) s += " held by " + join_names(c.actors, m.actors);
  if (!c.sites.empty()) s += " stored at " + join_names(c.sites, m.sites);
  return s;
}

}  // namespace

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string print_expr(const Model& m, ExprId e) { return expr_text(m, e, 0); }

std::string print_time(const Model& m, const Time& t) {
  if (t.always() || m.phases.empty()) return std::string();
  if (t.first == t.last) return "during " + m.phases[t.first].name;
  if (t.first == 0) return "until " + m.phases[t.last].name;
  if (t.last == kLastPhase) return "from " + m.phases[t.first].name;
  return "from " + m.phases[t.first].name + " until " + m.phases[t.last].name;
}

std::string print_items(const Model& m, const std::vector<ItemRef>& items, const std::vector<Index>& uses) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + m.name_of(i);
  for (Index k : uses) s += (s.empty() ? "use " : ", use ") + m.keys[k].name;
  return s;
}

std::string print_model(const Model& m) {
  std::string out;
  for (const auto& p : m.phases) out += fmt::format("phase {}{}\n", p.name, title_text(p.title));
  for (const auto& r : m.roles) out += fmt::format("role {}{}\n", r.name, title_text(r.title));
  for (const auto& j : m.jurisdictions) out += fmt::format("jurisdiction {}{}\n", j.name, title_text(j.title));
  for (const auto& a : m.actors) {
    if (a.builtin) continue;  // `public`, declared by the checker
    out += fmt::format("actor {}{}", a.name, title_text(a.title));
    if (!a.in.empty()) out += " in " + join_names(a.in, m.jurisdictions);
    if (!a.roles.empty()) out += " as " + join_names(a.roles, m.roles);
    if (a.forgets) out += " forgets";
    out += "\n";
  }
  for (const auto& s : m.sites) {
    out += fmt::format("site {}{} in {}", s.name, title_text(s.title), m.jurisdictions[s.in].name);
    if (!s.operators.empty()) out += " operated by " + join_names(s.operators, m.actors);
    out += time_text(m, s.time) + when_text(m, s.when) + "\n";
  }
  for (const auto& c : m.conditions) {
    if (c.threat) continue;  // printed through its threat
    out += fmt::format("condition {}{}\n", c.name, title_text(c.title));
  }
  for (const auto& k : m.keys) {
    out += fmt::format("key {}{}\n", k.name, title_text(k.title));
    for (const auto& c : k.material) {
      out += "  " + custody_text(m, c).substr(1) + time_text(m, c.time) + when_text(m, c.when) + "\n";
    }
    for (const auto& w : k.wraps) {
      out += fmt::format("  wrapped by {}{}{}{}\n", m.keys[w.wrapper].name, custody_text(m, w.custody),
                         time_text(m, w.custody.time), when_text(m, w.custody.when));
    }
    for (const auto& h : k.hsms) {
      std::string users;
      if (h.holders_of.empty()) {
        users = join_names(h.users, m.actors);
      } else {
        users = "holders of ";
        for (std::size_t i = 0; i < h.holders_of.size(); ++i) {
          if (i) users += " and ";
          users += m.keys[h.holders_of[i]].name;
        }
      }
      out += fmt::format("  hsm at {} used by {}{}{}\n", m.sites[h.site].name, users,
                         time_text(m, h.time), when_text(m, h.when));
    }
    for (const auto& s : k.splits) {
      out += fmt::format("  split {} of {}\n", s.k, join_names(s.shares, m.keys));
    }
  }
  for (const auto& d : m.data) {
    out += fmt::format("data {}{}\n", d.name, title_text(d.title));
    if (!d.encrypted_by.empty()) {
      out += "  encrypted by ";
      for (std::size_t i = 0; i < d.encrypted_by.size(); ++i) {
        if (i) out += " and ";
        out += m.keys[d.encrypted_by[i]].name;
      }
      out += "\n";
    }
    for (const auto& c : d.stored) {
      out += "  " + custody_text(m, c).substr(1) + time_text(m, c.time) + when_text(m, c.when) + "\n";
    }
  }
  for (const auto& f : m.flows) {
    out += fmt::format("flow {} -> {}", join_names(f.from, m.actors), join_names(f.to, m.actors));
    if (!f.full) out += " : " + print_items(m, f.items, f.uses);
    out += time_text(m, f.time) + when_text(m, f.when) + "\n";
  }
  for (const auto& l : m.laws) {
    bool compels = l.action == Law::Action::compels;
    out += fmt::format("law {}{}: {} {} ", l.name, title_text(l.title), m.actors[l.authority].name,
                       compels ? "compels" : "seizes");
    if (l.role) {
      out += m.roles[*l.role].name + " in " + join_names(l.targets, m.jurisdictions);
    } else if (l.by_jurisdiction) {
      out += (compels ? "actors in " : "sites in ") + join_names(l.targets, m.jurisdictions);
    } else {
      out += compels ? join_names(l.targets, m.actors) : join_names(l.targets, m.sites);
    }
    if (l.scoped) out += " for " + print_items(m, l.items, l.uses);
    out += time_text(m, l.time) + when_text(m, l.when) + "\n";
  }
  for (const auto& t : m.threats) {
    std::string targets = join_names(t.targets, m.actors);
    if (!t.sites.empty()) targets += (targets.empty() ? "" : ", ") + join_names(t.sites, m.sites);
    out += fmt::format("threat {}{}: {} compromises at most {} of {}{}\n", t.name, title_text(t.title),
                       m.actors[t.attacker].name, t.k, targets, time_text(m, t.time));
  }
  for (const auto& a : m.assumes) out += "assume " + print_expr(m, a.expr) + "\n";
  for (const auto& a : m.assertions) {
    out += "assert ";
    if (a.named) out += a.name + ": ";
    switch (a.subject) {
      case Assertion::Subject::listed:
        out += join_names(a.actors, m.actors) + (a.can ? " can " : " cannot ");
        break;
      case Assertion::Subject::nobody:
        out += "nobody ";
        if (!a.jurisdictions.empty()) out += "in " + join_names(a.jurisdictions, m.jurisdictions) + " ";
        out += "can ";
        break;
      case Assertion::Subject::only:
        out += "only " + join_names(a.actors, m.actors) + " can ";
        break;
    }
    out += to_string(a.verb);
    for (std::size_t i = 0; i < a.items.size(); ++i) out += (i ? ", " : " ") + m.name_of(a.items[i]);
    if (a.phase) out += " in " + m.phases[*a.phase].name;
    out += when_text(m, a.when) + "\n";
  }
  return out;
}

}  // namespace custody
