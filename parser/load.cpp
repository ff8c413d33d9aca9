// Loading (imports) and meaning checks: syntax trees -> checked model.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "parser/detail/grammar.hpp"
#include "parser/detail/syntax.hpp"
#include "parser/parser.hpp"

namespace custody {
namespace {

namespace fs = std::filesystem;
using detail::span_of;

struct FileAst {
  FileId id;
  std::deque<ast::Statement> statements;
  std::size_t post = 0;  ///< rank in load order, imports before the files importing them
};

// ---------------------------------------------------------------------------------------
// Imports

// Whether `path` lies in the folder tree of `root` (both absolute and normal).
bool within(const fs::path& path, const fs::path& root) {
  auto r = root.begin(), p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// Absolute, normal, with symbolic links resolved as far as the path exists.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  if (ec) abs = fs::path(path);
  fs::path real = fs::weakly_canonical(abs, ec);
  return (ec ? abs : real).lexically_normal();
}

std::string size_limit() { return fmt::format("{} MiB", kMaxSpecBytes >> 20); }

class Importer {
 public:
  Importer(FileReader& reader, SourceSet& sources, Diagnostics& diags, const LoadOptions& options)
      : reader_(reader), sources_(sources), diags_(diags), options_(options) {
    for (const auto& dir : options.search) allowed_.push_back(resolved(dir));
    for (const auto& dir : options.allowed) allowed_.push_back(resolved(dir));
  }

  // A root file: its folder tree is one an import may reach.
  void allow_root(const std::string& path) {
    allowed_.push_back(resolved(path).parent_path());
  }

  // Loads a file (once) and what it imports; returns its id unless it could not be read
  // or closes a cycle.
  std::optional<FileId> load(const std::string& display, std::optional<Span> import_site) {
    std::error_code ec;
    fs::path abs = fs::absolute(fs::path(display), ec);
    std::string key = (ec ? fs::path(display) : abs).lexically_normal().string();

    for (std::size_t i = 0; i < stack_.size(); ++i) {
      if (stack_[i].first != key) continue;
      std::string chain;
      for (std::size_t j = i; j < stack_.size(); ++j) chain += stack_[j].second + " -> ";
      chain += display;
      diags_.error("import-cycle", import_site.value_or(Span{kNoFile, 0, 0}),
                   "import cycle: " + chain);
      return std::nullopt;
    }
    if (auto it = loaded_.find(key); it != loaded_.end()) return it->second;

    std::optional<std::string> text = reader_.read(display);
    if (text && text->size() > kMaxSpecBytes) text.reset();
    if (!text) {
      std::string reason = why_unreadable(display);
      if (import_site) {
        diags_.error("missing-import", *import_site,
                     fmt::format("cannot read imported file '{}'{}", display, reason));
      } else {
        diags_.error("missing-file", {kNoFile, 0, 0}, fmt::format("cannot read file '{}'{}", display, reason));
      }
      return std::nullopt;
    }
    FileId id = sources_.add(display, std::move(*text));
    loaded_.emplace(key, id);
    files_.push_back({id, detail::parse_statements(sources_.file(id), id, diags_)});
    std::size_t index = files_.size() - 1;

    stack_.emplace_back(key, display);
    // Copy the imports first: loading appends to files_, which may move the statements.
    std::vector<std::pair<std::string, Span>> imports;
    for (const auto& st : files_[index].statements) {
      if (const auto* imp = boost::get<ast::Import>(&st)) {
        Span at = span_of(id, *imp);
        if (auto target = admit(display, imp->path.value, at)) imports.emplace_back(*target, at);
      }
    }
    for (const auto& [path, span] : imports) {
      if (auto target = load(path, span)) edges_.push_back({span, *target});
    }
    files_[index].post = post_++;
    stack_.pop_back();
    return id;
  }

  std::vector<FileAst> take() { return std::move(files_); }
  std::vector<ImportEdge> take_edges() { return std::move(edges_); }

 private:
  // The file an import names: beside the importing file, else the first search folder
  // that has it; nullopt (after an error) when it is not a spec or leaves the allowed
  // folders. Nothing is read before this test passes.
  std::optional<std::string> admit(const std::string& importer, const std::string& named,
                                   const Span& at) {
    fs::path name(named);
    if (name.extension() != ".custody") {
      diags_.error("import-not-spec", at,
                   fmt::format("cannot import '{}': an import must name a .custody file", named));
      return std::nullopt;
    }
    std::string target = (fs::path(importer).parent_path() / name).lexically_normal().string();
    if (name.is_relative()) {
      std::error_code ec;
      for (std::size_t i = 0; !fs::exists(target, ec) && i < options_.search.size(); ++i) {
        std::string there = (fs::path(options_.search[i]) / name).lexically_normal().string();
        if (fs::exists(there, ec)) target = there;
      }
    }
    fs::path real = resolved(target);
    for (const auto& root : allowed_) {
      if (within(real, root)) return target;
    }
    diags_.error("import-outside", at,
                 fmt::format("cannot import '{}': it is outside the folders a spec may import "
                             "from (the root spec's folder tree and -I folders); to allow it, "
                             "pass --allow-import {}",
                             named, real.parent_path().string()));
    return std::nullopt;
  }

  static std::string why_unreadable(const std::string& path) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return "";
    if (fs::is_directory(st)) return " (it is a directory)";
    if (!fs::is_regular_file(st)) return " (it is not a regular file)";
    auto size = fs::file_size(path, ec);
    if (!ec && size > kMaxSpecBytes) return " (it is larger than the limit of " + size_limit() + ")";
    return " (permission denied or unreadable)";
  }

  FileReader& reader_;
  SourceSet& sources_;
  Diagnostics& diags_;
  const LoadOptions& options_;
  std::vector<fs::path> allowed_;
  std::vector<FileAst> files_;
  std::vector<ImportEdge> edges_;
  std::map<std::string, FileId> loaded_;
  std::vector<std::pair<std::string, std::string>> stack_;  // (key, display)
  std::size_t post_ = 0;
};

// ---------------------------------------------------------------------------------------
// Meaning checks

const char* article_kind(Kind k) {
  switch (k) {
    case Kind::jurisdiction: return "a jurisdiction";
    case Kind::actor: return "an actor";
    case Kind::site: return "a site";
    case Kind::condition: return "a condition";
    case Kind::key: return "a key";
    case Kind::data: return "data";
    case Kind::law: return "a law";
    case Kind::threat: return "a threat";
    case Kind::assertion: return "an assertion";
    case Kind::phase: return "a phase";
    case Kind::role: return "a role";
  }
  return "a name";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

class Checker {
 public:
  Checker(const SourceSet& sources, Diagnostics& diags) : sources_(sources), diags_(diags) {}

  std::vector<NameUse> take_names() { return std::move(names_); }

  Model run(const std::vector<FileAst>& files) {
    check_phase_files(files);
    for (const auto& f : files) {
      file_ = f.id;
      for (const auto& st : f.statements) declare(st);
    }
    used_.resize(11);
    used_[idx(Kind::jurisdiction)].assign(m_.jurisdictions.size(), false);
    used_[idx(Kind::actor)].assign(m_.actors.size(), false);
    used_[idx(Kind::site)].assign(m_.sites.size(), false);
    used_[idx(Kind::condition)].assign(m_.conditions.size(), false);
    used_[idx(Kind::key)].assign(m_.keys.size(), false);
    used_[idx(Kind::data)].assign(m_.data.size(), false);
    used_[idx(Kind::phase)].assign(m_.phases.size(), false);
    used_[idx(Kind::role)].assign(m_.roles.size(), false);
    // Threats first: their fresh conditions must exist before an expression names `T[X]`.
    for (const auto& f : files) {
      file_ = f.id;
      for (const auto& st : f.statements) {
        if (const auto* t = boost::get<ast::ThreatStmt>(&st)) define_threat(*t, st);
      }
    }
    finish_threats();
    in_when_.assign(m_.conditions.size(), false);
    for (const auto& f : files) {
      file_ = f.id;
      for (const auto& st : f.statements) define(st);
    }
    // Warnings about uses would be misleading when statements failed to parse or resolve.
    if (!diags_.has_errors()) warn();
    return std::move(m_);
  }

 private:
  static std::size_t idx(Kind k) { return static_cast<std::size_t>(k); }
  Span span(const boost::spirit::x3::position_tagged& n) const { return span_of(file_, n); }

  // --- pass 1: declarations -----------------------------------------------------------

  // The timeline is declared in one file: the first loaded (imports load before the files
  // that import them) that has a `phase`. Every other file with phases gets one error, at
  // its first `phase`.
  void check_phase_files(const std::vector<FileAst>& files) {
    std::vector<std::pair<std::size_t, std::pair<FileId, const ast::PhaseDecl*>>> firsts;
    for (const auto& f : files) {
      for (const auto& st : f.statements) {
        if (const auto* p = boost::get<ast::PhaseDecl>(&st)) {
          firsts.push_back({f.post, {f.id, p}});
          break;
        }
      }
    }
    std::sort(firsts.begin(), firsts.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < firsts.size(); ++i) {
      const auto& [file, decl] = firsts[i].second;
      const auto& [first_file, first_decl] = firsts[0].second;
      diags_.error("phases-in-two-files", span_of(file, *decl),
                   "phases are declared in two files; the whole timeline must be declared in "
                   "one file",
                   {{span_of(first_file, *first_decl),
                     fmt::format("the timeline starts here, with phase '{}'", first_decl->name.name)}});
    }
  }

  // Registers a name; returns false (after an error) for a duplicate.
  bool add_symbol(const ast::Ident& name, Kind kind, Index index) {
    if (name.name == "public") {
      diags_.error("builtin-name", span(name),
                   "'public' is the built-in actor that everyone can read from; it cannot be "
                   "declared");
      return false;
    }
    auto [it, fresh] = m_.symbols.emplace(name.name, Symbol{kind, index});
    if (fresh) {
      names_.push_back({span(name), it->second, true});
      return true;
    }
    Span first = m_.span_of(it->second);
    diags_.error("duplicate-name", span(name), fmt::format("'{}' is already declared", name.name),
                 {{first, fmt::format("first declared here as {}", article_kind(it->second.kind))}});
    return false;
  }

  static std::string title_of(const ast::Title& t) { return t ? t->value : std::string(); }

  // Each declaration is given its slot in pass 1 so that names resolve in any order; the
  // Statement pointer remembers which slot a statement filled (or that it was a duplicate).
  template <class Entity>
  void declare_in(std::vector<Entity>& table, Kind kind, const ast::Ident& name,
                  const ast::Title& title, const ast::Statement& st) {
    auto i = static_cast<Index>(table.size());
    if (!add_symbol(name, kind, i)) return;
    Entity e{};
    e.name = name.name;
    e.title = title_of(title);
    e.span = span(name);
    table.push_back(std::move(e));
    slot_[&st] = i;
  }

  void declare(const ast::Statement& st) {
    struct Visitor {
      Checker& c;
      const ast::Statement& st;
      void operator()(const ast::Import&) const {}
      void operator()(const ast::FlowStmt&) const {}
      void operator()(const ast::PhaseDecl& d) const { c.declare_in(c.m_.phases, Kind::phase, d.name, d.title, st); }
      void operator()(const ast::RoleDecl& d) const { c.declare_in(c.m_.roles, Kind::role, d.name, d.title, st); }
      void operator()(const ast::JurisdictionDecl& d) const {
        c.declare_in(c.m_.jurisdictions, Kind::jurisdiction, d.name, d.title, st);
      }
      void operator()(const ast::ActorDecl& d) const { c.declare_in(c.m_.actors, Kind::actor, d.name, d.title, st); }
      void operator()(const ast::SiteDecl& d) const { c.declare_in(c.m_.sites, Kind::site, d.name, d.title, st); }
      void operator()(const ast::ConditionDecl& d) const {
        c.declare_in(c.m_.conditions, Kind::condition, d.name, d.title, st);
      }
      void operator()(const ast::KeyDecl& d) const { c.declare_in(c.m_.keys, Kind::key, d.name, d.title, st); }
      void operator()(const ast::DataDecl& d) const { c.declare_in(c.m_.data, Kind::data, d.name, d.title, st); }
      void operator()(const ast::LawStmt& d) const { c.declare_in(c.m_.laws, Kind::law, d.name, d.title, st); }
      void operator()(const ast::ThreatStmt& d) const {
        c.declare_in(c.m_.threats, Kind::threat, d.name, d.title, st);
      }
      void operator()(const ast::AssumeStmt&) const {}
      void operator()(const ast::AssertStmt& d) const {
        auto i = static_cast<Index>(c.m_.assertions.size());
        Assertion a;
        a.span = c.span(d);
        if (d.name) {
          if (!c.add_symbol(*d.name, Kind::assertion, i)) return;
          a.name = d.name->name;
          a.named = true;
          a.span = c.span(*d.name);
        } else {
          const SourceFile& f = c.sources_.file(c.file_);
          a.name = fmt::format("{}:{}", f.path(), f.line_col(a.span.begin).line);
        }
        c.m_.assertions.push_back(std::move(a));
        c.slot_[&st] = i;
      }
    };
    boost::apply_visitor(Visitor{*this, st}, st);
  }

  // --- name resolution ----------------------------------------------------------------

  void mark(Symbol s) {
    auto& v = used_[idx(s.kind)];
    if (s.index < v.size()) v[s.index] = true;
  }

  std::string suggestion(const std::string& name, Kind a, std::optional<Kind> b) const {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const auto& [n, s] : m_.symbols) {
      if (s.kind != a && (!b || s.kind != *b)) continue;
      std::size_t d = edit_distance(name, n);
      if (d < best_d || (d == best_d && !best.empty() && n < best)) {  // ties: first by name
        best_d = d;
        best = n;
      }
    }
    return best.empty() ? std::string() : fmt::format("; did you mean '{}'?", best);
  }

  // The built-in actor `public`, declared on first mention (LANGUAGE.md rule 14).
  Symbol ensure_public(Span first_mention) {
    if (!m_.public_actor) {
      Actor a;
      a.name = "public";
      a.title = "everyone";
      a.span = first_mention;
      a.builtin = true;
      auto i = static_cast<Index>(m_.actors.size());
      m_.actors.push_back(std::move(a));
      m_.symbols.emplace("public", Symbol{Kind::actor, i});
      m_.public_actor = i;
      auto& used = used_[idx(Kind::actor)];
      used.resize(m_.actors.size(), false);
    }
    return Symbol{Kind::actor, *m_.public_actor};
  }

  // Resolves a name that must be of kind `a` (or `b`); reports and returns nullopt if not.
  std::optional<Symbol> resolve(const ast::Ident& id, Kind a, std::optional<Kind> b = {},
                                const std::string& hint = {}) {
    std::string expected = article_kind(a);
    if (b) expected += std::string(" or ") + article_kind(*b);
    if (id.name == "public") {
      if (a != Kind::actor && b != Kind::actor) {
        diags_.error("wrong-kind", span(id),
                     fmt::format("'public' is the built-in actor, expected {}{}", expected, hint));
        return std::nullopt;
      }
      Symbol s = ensure_public(span(id));
      names_.push_back({span(id), s, false});
      mark(s);
      return s;
    }
    auto s = m_.find(id.name);
    if (!s) {
      diags_.error("unknown-name", span(id),
                   fmt::format("unknown name '{}', expected {}{}", id.name, expected,
                               suggestion(id.name, a, b)));
      return std::nullopt;
    }
    names_.push_back({span(id), *s, false});
    if (s->kind != a && (!b || s->kind != *b)) {
      diags_.error("wrong-kind", span(id),
                   fmt::format("'{}' is {}, expected {}{}", id.name, article_kind(s->kind),
                               expected, hint),
                   {{m_.span_of(*s), fmt::format("'{}' declared here", id.name)}});
      return std::nullopt;
    }
    mark(*s);
    return s;
  }

  // Resolves a list of one kind; a name repeated in the list counts once.
  std::vector<Index> resolve_list(const ast::IdentList& ids, Kind kind, const std::string& hint = {}) {
    std::vector<Index> out;
    for (const auto& id : ids) {
      if (auto s = resolve(id, kind, std::nullopt, hint)) {
        if (std::find(out.begin(), out.end(), s->index) == out.end()) out.push_back(s->index);
      }
    }
    return out;
  }

  // A phase name (`TIME`, an assertion's `in P`). Without any `phase` declared every phase
  // name is an error of its own, whatever the name is declared as.
  std::optional<Index> phase(const ast::Ident& id) {
    if (m_.phases.empty()) {
      diags_.error("no-phases", span(id),
                   fmt::format("'{}' names a phase, but the spec declares no phase; declare the "
                               "timeline with 'phase NAME' statements, in order",
                               id.name));
      return std::nullopt;
    }
    auto s = resolve(id, Kind::phase);
    if (!s) return std::nullopt;
    return s->index;
  }

  // `from P [until Q]` / `until Q` / `during P` as phase indices; the default (every
  // phase) when absent or wrong.
  Time time(const ast::TimeOpt& t) {
    Time out;
    if (!t) return out;
    out.span = span(*t);
    auto p = phase(t->phase);
    if (!p) return out;
    if (t->kind == "until") {
      out.last = *p;
    } else if (t->kind == "during") {
      out.first = out.last = *p;
    } else {
      out.first = *p;
      if (t->until) {
        auto q = phase(*t->until);
        if (!q) return Time{0, kLastPhase, out.span};
        if (*q < *p) {
          Span at{file_, out.span.begin, out.span.begin + 4};
          diags_.error("time-order", at,
                       fmt::format("'from {} until {}' is empty: phase '{}' comes before '{}'",
                                   t->phase.name, t->until->name, t->until->name, t->phase.name));
          return Time{0, kLastPhase, out.span};
        }
        out.last = *q;
      }
    }
    return out;
  }

  std::optional<std::uint32_t> integer(const ast::Integer& n) {
    if (n.digits.size() > 9) {
      diags_.error("range", span(n), fmt::format("integer {} is too large", n.digits));
      return std::nullopt;
    }
    return static_cast<std::uint32_t>(std::stoul(n.digits));
  }

  // --- expressions ----------------------------------------------------------------------

  ExprId add_expr(Expr e) {
    // Depth: operators on the longest path from this node to a name. The first node past
    // the limit is remembered; the expression is refused when it is complete.
    int depth = e.op == Expr::Op::var ? 0 : 1;
    if (e.op == Expr::Op::not_ || e.op == Expr::Op::and_ || e.op == Expr::Op::or_ ||
        e.op == Expr::Op::implies) {
      for (Index child : e.args) depth = std::max(depth, expr_depth_[child] + 1);
    }
    if (depth > kMaxExprDepth && !too_deep_) too_deep_ = e.span;
    expr_depth_.push_back(depth);
    m_.exprs.push_back(std::move(e));
    return static_cast<ExprId>(m_.exprs.size() - 1);
  }

  // A whole expression (a `when` or an `assume`): nullopt when it had errors or nests too
  // deeply (every later walk over expressions may then recurse).
  std::optional<ExprId> expression(const ast::Expr& e) {
    too_deep_.reset();
    auto id = convert(e);
    if (id && too_deep_) {
      diags_.error("too-deep", *too_deep_,
                   fmt::format("expression nested too deeply (more than {} operators inside one "
                               "another); split it with conditions or assumptions",
                               kMaxExprDepth));
      return std::nullopt;
    }
    return id;
  }

  std::optional<ExprId> convert(const ast::Expr& e) {
    // implies is right-associative: a implies (b implies c)
    std::vector<std::optional<ExprId>> parts{convert(e.first)};
    for (const auto& p : e.rest) parts.push_back(convert(p));
    for (const auto& p : parts) {
      if (!p) return std::nullopt;
    }
    ExprId acc = *parts.back();
    for (std::size_t i = parts.size() - 1; i-- > 0;) {
      Expr x;
      x.op = Expr::Op::implies;
      x.args = {*parts[i], acc};
      x.span = {file_, m_.exprs[*parts[i]].span.begin, m_.exprs[acc].span.end};
      acc = add_expr(std::move(x));
    }
    return acc;
  }

  template <class Part>
  std::optional<ExprId> chain(const Part& first, const std::vector<Part>& rest, Expr::Op op) {
    std::vector<Index> args;
    bool ok = true;
    auto one = [&](const Part& p) {
      if (auto id = convert(p)) args.push_back(*id);
      else ok = false;
    };
    one(first);
    for (const auto& p : rest) one(p);
    if (!ok) return std::nullopt;
    if (args.size() == 1) return args[0];
    Expr x;
    x.op = op;
    x.span = {file_, m_.exprs[args.front()].span.begin, m_.exprs[args.back()].span.end};
    x.args = std::move(args);
    return add_expr(std::move(x));
  }

  std::optional<ExprId> convert(const ast::OrExpr& e) { return chain(e.first, e.rest, Expr::Op::or_); }
  std::optional<ExprId> convert(const ast::AndExpr& e) { return chain(e.first, e.rest, Expr::Op::and_); }

  std::optional<ExprId> convert(const ast::Unary& u) {
    std::optional<ExprId> inner;
    if (const auto* id = boost::get<ast::Ident>(&u.primary)) {
      if (auto s = resolve(*id, Kind::condition)) {
        in_when_[s->index] = in_when_[s->index] || collecting_when_;
        Expr x;
        x.op = Expr::Op::var;
        x.args = {s->index};
        x.span = span(*id);
        inner = add_expr(std::move(x));
      }
    } else if (const auto* ix = boost::get<ast::IndexExpr>(&u.primary)) {
      inner = threat_condition(*ix);
    } else if (const auto* c = boost::get<ast::CountExpr>(&u.primary)) {
      Expr x;
      x.op = c->quant == "most" ? Expr::Op::at_most
             : c->quant == "least" ? Expr::Op::at_least
                                   : Expr::Op::exactly;
      x.span = span(*c);
      auto k = integer(c->k);
      std::size_t before = diags_.items().size();
      x.args = resolve_list(c->names, Kind::condition);
      for (Index i : x.args) in_when_[i] = in_when_[i] || collecting_when_;
      if (diags_.items().size() != before || !k) return std::nullopt;
      if (*k > x.args.size()) {
        diags_.error("range", span(c->k),
                     fmt::format("count {} is larger than the {} condition{} listed", *k,
                                 x.args.size(), x.args.size() == 1 ? "" : "s"));
        return std::nullopt;
      }
      x.k = *k;
      inner = add_expr(std::move(x));
    } else {
      const auto& nested = boost::get<boost::spirit::x3::forward_ast<ast::Expr>>(u.primary);
      inner = convert(nested.get());
    }
    if (!inner) return std::nullopt;
    ExprId acc = *inner;
    for (std::size_t i = 0; i < u.nots.size(); ++i) {
      Expr x;
      x.op = Expr::Op::not_;
      x.args = {acc};
      x.span = span(u);
      acc = add_expr(std::move(x));
    }
    return acc;
  }

  // `T[X]`: the fresh condition of threat T for target X (rule 13).
  std::optional<ExprId> threat_condition(const ast::IndexExpr& ix) {
    auto t = resolve(ix.threat, Kind::threat);
    if (!t) return std::nullopt;
    const Threat& th = m_.threats[t->index];
    auto x_sym = resolve(ix.target, Kind::actor, Kind::site);
    if (!x_sym) return std::nullopt;
    for (Index cond : th.conditions) {
      const Condition& c = m_.conditions[cond];
      if (c.target != x_sym->index || c.target_site != (x_sym->kind == Kind::site)) continue;
      Expr x;
      x.op = Expr::Op::var;
      x.args = {cond};
      x.span = span(ix);
      return add_expr(std::move(x));
    }
    diags_.error("not-a-target", span(ix.target),
                 fmt::format("'{}' is not among the actors and sites that threat '{}' may compromise",
                             ix.target.name, ix.threat.name),
                 {{th.span, fmt::format("threat '{}' declared here", th.name)}});
    return std::nullopt;
  }

  // A `when` clause: kAlways when absent; nullopt when it had errors.
  std::optional<ExprId> when(const ast::When& w) {
    if (!w) return kAlways;
    collecting_when_ = true;
    auto id = expression(*w);
    collecting_when_ = false;
    return id;
  }

  // --- pass 2: definitions ------------------------------------------------------------

  std::optional<Index> slot(const ast::Statement& st) const {
    auto it = slot_.find(&st);
    if (it == slot_.end()) return std::nullopt;
    return it->second;
  }

  Custody custody(const ast::Placement& p, ExprId guard, Span sp, Time t = {}) {
    Custody c;
    c.when = guard;
    c.time = t;
    c.span = sp;
    if (p.how == "held") c.actors = resolve_list(p.names, Kind::actor);
    else c.sites = resolve_list(p.names, Kind::site);
    return c;
  }

  // An ITEM-list: `K` and `D` go to `items`, `use K` to `uses`. `allow_use` false (a
  // seizure): `use K` is an error.
  void item_list(const ast::ItemList& list, std::vector<ItemRef>& items, std::vector<Index>& uses,
                 bool allow_use) {
    for (const auto& it : list) {
      if (!it.use.empty()) {
        if (!allow_use) {
          diags_.error("use-in-seizure", span(it),
                       fmt::format("a seizure takes what is stored at the sites, not the use of a "
                                   "key; write '{}' for the forms of '{}'",
                                   it.name.name, it.name.name));
          continue;
        }
        auto s = resolve(it.name, Kind::key, std::nullopt,
                         "; 'use' gives the use of a key, and data has no use");
        if (s && std::find(uses.begin(), uses.end(), s->index) == uses.end()) uses.push_back(s->index);
        continue;
      }
      auto s = resolve(it.name, Kind::key, Kind::data);
      if (!s) continue;
      ItemRef r{s->kind == Kind::key ? ItemRef::Type::key : ItemRef::Type::data, s->index};
      if (std::find(items.begin(), items.end(), r) == items.end()) items.push_back(r);
    }
  }

  void define_threat(const ast::ThreatStmt& d, const ast::Statement& st) {
    auto i = slot(st);
    if (!i) return;
    Threat& t = m_.threats[*i];
    auto a = resolve(d.attacker, Kind::actor);
    t.attacker = a ? a->index : kUnresolved;
    auto k = integer(d.k);
    for (const auto& id : d.targets) {
      auto s = resolve(id, Kind::actor, Kind::site);
      if (!s) continue;
      auto& list = s->kind == Kind::actor ? t.targets : t.sites;
      if (std::find(list.begin(), list.end(), s->index) == list.end()) list.push_back(s->index);
    }
    std::size_t n = t.targets.size() + t.sites.size();
    if (k && *k > n) {
      if (t.sites.empty()) {
        diags_.error("range", span(d.k),
                     fmt::format("count {} is larger than the {} actor{} listed", *k, n, n == 1 ? "" : "s"));
      } else {
        diags_.error("range", span(d.k),
                     fmt::format("count {} is larger than the {} actors and sites listed", *k, n));
      }
    }
    t.k = k.value_or(0);
    t.time = time(d.time);
  }

  void define(const ast::Statement& st) {
    struct Visitor {
      Checker& c;
      const ast::Statement& st;
      void operator()(const ast::Import&) const {}
      void operator()(const ast::PhaseDecl&) const {}
      void operator()(const ast::RoleDecl&) const {}
      void operator()(const ast::JurisdictionDecl&) const {}
      void operator()(const ast::ConditionDecl&) const {}
      void operator()(const ast::ActorDecl& d) const {
        auto i = c.slot(st);
        if (!i) return;
        if (d.in) c.m_.actors[*i].in = c.resolve_list(*d.in, Kind::jurisdiction);
        if (d.as) c.m_.actors[*i].roles = c.resolve_list(*d.as, Kind::role);
        c.m_.actors[*i].forgets = d.forgets.has_value();
      }
      void operator()(const ast::SiteDecl& d) const {
        auto i = c.slot(st);
        if (!i) return;
        Site& s = c.m_.sites[*i];
        auto j = c.resolve(d.in, Kind::jurisdiction);
        s.in = j ? j->index : kUnresolved;
        s.operators_span = s.span;
        if (d.operators) {
          s.operators = c.resolve_list(*d.operators, Kind::actor);
          s.operators_span = c.span(d);
        }
        s.time = c.time(d.time);
        s.when = c.when(d.when).value_or(kAlways);
      }
      void operator()(const ast::KeyDecl& d) const {
        auto i = c.slot(st);
        if (!i) return;
        Key k = std::move(c.m_.keys[*i]);
        for (const auto& clause : d.clauses) {
          if (const auto* cc = boost::get<ast::CustodyClause>(&clause)) {
            Time t = c.time(cc->time);
            ExprId g = c.when(cc->when).value_or(kAlways);
            k.material.push_back(c.custody(cc->place, g, c.span(*cc), t));
          } else if (const auto* w = boost::get<ast::WrapClause>(&clause)) {
            auto wrapper = c.resolve(w->wrapper, Kind::key);
            Time t = c.time(w->time);
            ExprId g = c.when(w->when).value_or(kAlways);
            if (!wrapper) continue;
            if (wrapper->index == *i) {
              c.diags_.warning("self-wrap", c.span(w->wrapper),
                               fmt::format("key '{}' is wrapped by itself; its blob can only be "
                                           "opened by someone who already has the key",
                                           d.name.name));
            }
            Wrap wr;
            wr.wrapper = wrapper->index;
            wr.custody.when = g;
            wr.custody.time = t;
            wr.custody.span = c.span(*w);
            for (const auto& p : w->places) {
              Custody part = c.custody(p, g, wr.custody.span);
              for (Index a : part.actors) {
                if (std::find(wr.custody.actors.begin(), wr.custody.actors.end(), a) == wr.custody.actors.end())
                  wr.custody.actors.push_back(a);
              }
              for (Index s : part.sites) {
                if (std::find(wr.custody.sites.begin(), wr.custody.sites.end(), s) == wr.custody.sites.end())
                  wr.custody.sites.push_back(s);
              }
            }
            k.wraps.push_back(std::move(wr));
          } else if (const auto* h = boost::get<ast::HsmClause>(&clause)) {
            Hsm hsm;
            auto site = c.resolve(h->site, Kind::site);
            if (h->users.holders.empty()) {
              hsm.users = c.resolve_list(h->users.names, Kind::actor);
            } else {
              hsm.holders_of = c.resolve_list(h->users.names, Kind::key);
            }
            hsm.time = c.time(h->time);
            hsm.when = c.when(h->when).value_or(kAlways);
            hsm.span = c.span(*h);
            if (!site) continue;
            hsm.site = site->index;
            k.hsms.push_back(std::move(hsm));
          } else if (const auto* sp = boost::get<ast::SplitClause>(&clause)) {
            Split s;
            s.span = c.span(*sp);
            auto kk = c.integer(sp->k);
            std::size_t before = c.diags_.items().size();
            s.shares = c.resolve_list(sp->shares, Kind::key);
            if (!kk || c.diags_.items().size() != before) continue;
            if (*kk < 1 || *kk > s.shares.size()) {
              c.diags_.error("range", c.span(sp->k),
                             fmt::format("split needs 1 <= K <= {} (the number of share keys), got {}",
                                         s.shares.size(), *kk));
              continue;
            }
            s.k = *kk;
            k.splits.push_back(std::move(s));
          }
        }
        c.m_.keys[*i] = std::move(k);
      }
      void operator()(const ast::DataDecl& d) const {
        auto i = c.slot(st);
        if (!i) return;
        Data x = std::move(c.m_.data[*i]);
        for (const auto& clause : d.clauses) {
          if (const auto* e = boost::get<ast::EncryptedClause>(&clause)) {
            for (Index k : c.resolve_list(e->keys, Kind::key)) {
              if (std::find(x.encrypted_by.begin(), x.encrypted_by.end(), k) == x.encrypted_by.end()) {
                x.encrypted_by.push_back(k);
                x.encrypted_spans.push_back(c.span(*e));
              }
            }
          } else {
            const auto& cc = boost::get<ast::CustodyClause>(clause);
            Time t = c.time(cc.time);
            ExprId g = c.when(cc.when).value_or(kAlways);
            x.stored.push_back(c.custody(cc.place, g, c.span(cc), t));
          }
        }
        c.m_.data[*i] = std::move(x);
      }
      void operator()(const ast::FlowStmt& d) const {
        Flow f;
        f.span = c.span(d);
        f.from = c.resolve_list(d.from, Kind::actor);
        f.to = c.resolve_list(d.to, Kind::actor);
        if (d.items) {
          f.full = false;
          c.item_list(*d.items, f.items, f.uses, true);
        }
        f.time = c.time(d.time);
        auto g = c.when(d.when);
        if (g) f.when = *g;
        c.m_.flows.push_back(std::move(f));
      }
      void operator()(const ast::LawStmt& d) const {
        auto i = c.slot(st);
        if (!i) return;
        Law& l = c.m_.laws[*i];
        bool compels = d.action == "compels";
        l.action = compels ? Law::Action::compels : Law::Action::seizes;
        auto a = c.resolve(d.authority, Kind::actor);
        l.authority = a ? a->index : kUnresolved;
        const ast::LawTarget& target = d.target;
        if (!target.scope.empty()) {
          l.by_jurisdiction = true;
          bool fits = compels == (target.scope == "actors");
          if (!fits) {
            c.diags_.error("syntax", c.span(d),
                           fmt::format("'{}' takes '{} in', not '{} in'", d.action,
                                       compels ? "actors" : "sites", target.scope));
          }
          l.targets = c.resolve_list(target.names, Kind::jurisdiction);
        } else if (!target.role.name.empty()) {
          l.by_jurisdiction = true;
          if (compels) {
            auto r = c.resolve(target.role, Kind::role, std::nullopt,
                               "; 'compels R in J' takes a role (write 'compels actors in J' for "
                               "every actor in a jurisdiction)");
            if (r) l.role = r->index;
          } else {
            c.diags_.error("syntax", c.span(target.role),
                           fmt::format("'seizes' takes 'sites in', not '{} in'", target.role.name));
          }
          l.targets = c.resolve_list(target.names, Kind::jurisdiction);
        } else if (compels) {
          l.targets = c.resolve_list(target.names, Kind::actor,
                                     "; write 'compels actors in J' to compel every actor in a jurisdiction");
        } else {
          l.targets = c.resolve_list(target.names, Kind::site,
                                     "; write 'seizes sites in J' to seize every site in a jurisdiction");
        }
        if (d.items) {
          l.scoped = true;
          c.item_list(*d.items, l.items, l.uses, compels);
        }
        l.time = c.time(d.time);
        l.when = c.when(d.when).value_or(kAlways);
        if (l.by_jurisdiction && compels) c.jurisdiction_laws_.push_back(*i);
      }
      void operator()(const ast::ThreatStmt&) const {}  // define_threat, before the rest
      void operator()(const ast::AssumeStmt& d) const {
        if (auto e = c.expression(d.expr)) c.m_.assumes.push_back({*e, c.span(d)});
      }
      void operator()(const ast::AssertStmt& d) const {
        auto i = c.slot(st);
        if (!i) return;
        Assertion& a = c.m_.assertions[*i];
        if (const auto* l = boost::get<ast::ListedSubject>(&d.subject)) {
          a.subject = Assertion::Subject::listed;
          a.actors = c.resolve_list(l->actors, Kind::actor);
          a.can = l->modality == "can";
        } else if (const auto* n = boost::get<ast::NobodySubject>(&d.subject)) {
          a.subject = Assertion::Subject::nobody;
          if (n->in) a.jurisdictions = c.resolve_list(*n->in, Kind::jurisdiction);
          a.can = false;
        } else {
          const auto& o = boost::get<ast::OnlySubject>(d.subject);
          a.subject = Assertion::Subject::only;
          a.actors = c.resolve_list(o.actors, Kind::actor);
          a.can = false;
        }
        a.verb = d.verb == "read" ? Verb::read : d.verb == "obtain" ? Verb::obtain : Verb::use;
        Kind want = a.verb == Verb::read ? Kind::data : Kind::key;
        std::string hint = a.verb == Verb::read ? "; 'read' takes data ('obtain' and 'use' take keys)"
                                                : fmt::format("; '{}' takes a key ('read' takes data)", d.verb);
        auto type = want == Kind::key ? ItemRef::Type::key : ItemRef::Type::data;
        for (const auto& target : d.targets) {
          auto s = c.resolve(target, want, std::nullopt, hint);
          ItemRef r{type, s ? s->index : kUnresolved};
          if (s && std::find(a.items.begin(), a.items.end(), r) != a.items.end()) continue;
          a.items.push_back(r);
        }
        if (d.phase) a.phase = c.phase(*d.phase);
        if (d.when) {
          a.when_span = c.span(*d.when);
          a.when = c.when(ast::When(d.when->expr)).value_or(kAlways);
        }
      }
    };
    boost::apply_visitor(Visitor{*this, st}, st);
  }

  // A threat adds one fresh condition per compromised actor, then one per site.
  void finish_threats() {
    for (Index t = 0; t < m_.threats.size(); ++t) {
      Threat& th = m_.threats[t];
      // An attacker that did not resolve (a spec with errors) has no name to give.
      std::string attacker =
          th.attacker == kUnresolved ? fmt::format("threat '{}'", th.name) : m_.actors[th.attacker].name;
      auto add = [&](Index target, bool site) {
        const std::string& name = site ? m_.sites[target].name : m_.actors[target].name;
        Condition c;
        c.name = fmt::format("{}[{}]", th.name, name);
        c.title = fmt::format("{} compromises {}", attacker, name);
        c.span = th.span;
        c.threat = t;
        c.target = target;
        c.target_site = site;
        th.conditions.push_back(static_cast<Index>(m_.conditions.size()));
        m_.conditions.push_back(std::move(c));
      };
      for (Index a : th.targets) add(a, false);
      for (Index s : th.sites) add(s, true);
    }
  }

  // --- warnings -----------------------------------------------------------------------

  void warn() {
    auto unused = [&](Kind k, Index i, const std::string& name, Span sp) {
      if (!used_[idx(k)][i]) {
        diags_.warning("unused", sp, fmt::format("{} '{}' is declared but never used",
                                                 to_string(k), name));
      }
    };
    for (Index i = 0; i < m_.jurisdictions.size(); ++i)
      unused(Kind::jurisdiction, i, m_.jurisdictions[i].name, m_.jurisdictions[i].span);
    for (Index i = 0; i < m_.actors.size(); ++i) {
      if (!m_.actors[i].builtin) unused(Kind::actor, i, m_.actors[i].name, m_.actors[i].span);
    }
    for (Index i = 0; i < m_.sites.size(); ++i) unused(Kind::site, i, m_.sites[i].name, m_.sites[i].span);
    for (Index i = 0; i < m_.keys.size(); ++i) unused(Kind::key, i, m_.keys[i].name, m_.keys[i].span);
    for (Index i = 0; i < m_.data.size(); ++i) unused(Kind::data, i, m_.data[i].name, m_.data[i].span);

    for (Index i = 0; i < m_.conditions.size(); ++i) {
      const Condition& c = m_.conditions[i];
      if (c.threat || in_when_[i]) continue;
      diags_.warning("condition-unused", c.span,
                     fmt::format("condition '{}' is named by no 'when', so it changes nothing", c.name));
    }
    for (const Key& k : m_.keys) {
      if (k.material.empty() && k.wraps.empty() && k.hsms.empty() && k.splits.empty()) {
        diags_.warning("no-placement", k.span,
                       fmt::format("key '{}' is neither held, stored, wrapped, in an HSM nor split, "
                                   "so no one can ever hold or use it", k.name));
      }
    }
    for (const Data& d : m_.data) {
      if (d.stored.empty()) {
        diags_.warning("no-placement", d.span,
                       fmt::format("data '{}' is neither held nor stored, so no one can ever hold it",
                                   d.name));
      }
    }
    for (const Site& s : m_.sites) {
      if (s.operators.empty()) {
        diags_.warning("no-operator", s.span,
                       fmt::format("site '{}' has no operator, so what is stored there reaches no "
                                   "one but by seizure", s.name));
      }
    }
    warn_v2();
    for (const Actor& a : m_.actors) {
      if (!a.in.empty() || a.builtin) continue;
      // The first law that would compel this actor if it were in the law's jurisdictions:
      // `actors in J`, or `R in J` when the actor has role R.
      const Law* law = nullptr;
      for (Index i : jurisdiction_laws_) {
        const Law& cand = m_.laws[i];
        if (!cand.role || std::find(a.roles.begin(), a.roles.end(), *cand.role) != a.roles.end()) {
          law = &cand;
          break;
        }
      }
      if (law) {
        const Law& l = *law;
        diags_.warning("no-jurisdiction", a.span,
                       fmt::format("actor '{}' is in no jurisdiction, so laws that compel actors in "
                                   "a jurisdiction (such as '{}') never reach it", a.name, l.name),
                       {{l.span, fmt::format("law '{}' declared here", l.name)}});
      }
    }
  }

  static bool overlap(const Time& a, const Time& b) {
    return std::max(a.first, b.first) <= std::min(a.last, b.last);
  }

  // A clause that only stores at sites, none of which exists in any phase of the clause's
  // TIME, can never give anything. Deliberately narrow: only the site's own TIME is
  // compared (not its `when`, not what other clauses do).
  void warn_sites_absent(const Custody& c, const std::string& what) {
    if (c.time.always() || !c.actors.empty() || c.sites.empty()) return;
    for (Index s : c.sites) {
      if (overlap(c.time, m_.sites[s].time)) return;
    }
    diags_.warning("time-outside-site", c.time.span,
                   fmt::format("{} stores only at sites that do not exist in any phase of this "
                               "clause's time, so it never takes effect",
                               what),
                   {{m_.sites[c.sites.front()].span,
                     fmt::format("site '{}' declared here", m_.sites[c.sites.front()].name)}});
  }

  // Version-2 warnings: roles no actor has, `forgets` without a timeline, TIME clauses at
  // sites that do not exist then.
  void warn_v2() {
    for (Index r = 0; r < m_.roles.size(); ++r) {
      bool had = std::any_of(m_.actors.begin(), m_.actors.end(), [&](const Actor& a) {
        return std::find(a.roles.begin(), a.roles.end(), r) != a.roles.end();
      });
      if (!had) {
        diags_.warning("role-without-actor", m_.roles[r].span,
                       fmt::format("role '{}' is given to no actor (write 'as {}' on an actor), so "
                                   "a law that compels '{} in' a jurisdiction reaches no one",
                                   m_.roles[r].name, m_.roles[r].name, m_.roles[r].name));
      }
    }
    if (m_.phases.empty()) {
      for (const Actor& a : m_.actors) {
        if (!a.forgets) continue;
        diags_.warning("forgets-without-phases", a.span,
                       fmt::format("actor '{}' forgets, but the spec declares no phase, so there is "
                                   "no next phase to forget before",
                                   a.name));
      }
    }
    for (const Key& k : m_.keys) {
      for (const Custody& c : k.material) warn_sites_absent(c, fmt::format("this clause of key '{}'", k.name));
      for (const Wrap& w : k.wraps) warn_sites_absent(w.custody, fmt::format("this clause of key '{}'", k.name));
      for (const Hsm& h : k.hsms) {
        if (h.time.always() || overlap(h.time, m_.sites[h.site].time)) continue;
        diags_.warning("time-outside-site", h.time.span,
                       fmt::format("the HSM of key '{}' is at site '{}', which does not exist in any "
                                   "phase of this clause's time, so it never takes effect",
                                   k.name, m_.sites[h.site].name),
                       {{m_.sites[h.site].span, fmt::format("site '{}' declared here", m_.sites[h.site].name)}});
      }
    }
    for (const Data& d : m_.data) {
      for (const Custody& c : d.stored) warn_sites_absent(c, fmt::format("this clause of data '{}'", d.name));
    }
  }

  const SourceSet& sources_;
  Diagnostics& diags_;
  Model m_;
  FileId file_ = 0;
  std::unordered_map<const ast::Statement*, Index> slot_;
  std::vector<NameUse> names_;
  std::vector<std::vector<bool>> used_;
  std::vector<bool> in_when_;
  std::vector<int> expr_depth_;    // per expression of m_.exprs
  std::optional<Span> too_deep_;   // the first node past kMaxExprDepth in this expression
  bool collecting_when_ = false;
  std::vector<Index> jurisdiction_laws_;
};

}  // namespace

bool is_keyword(const std::string& word) { return grammar::is_keyword(word); }

Analysis analyze(const std::vector<std::string>& paths, FileReader& reader, SourceSet& sources,
                 Diagnostics& diags, const LoadOptions& options) {
  Importer importer(reader, sources, diags, options);
  for (const auto& p : paths) importer.allow_root(p);
  for (const auto& p : paths) importer.load(p, std::nullopt);
  std::vector<FileAst> files = importer.take();
  Analysis out;
  out.imports = importer.take_edges();
  Checker checker(sources, diags);
  out.model = checker.run(files);
  out.names = checker.take_names();
  std::stable_sort(out.names.begin(), out.names.end(),
                   [](const NameUse& a, const NameUse& b) { return a.span < b.span; });
  out.ok = !diags.has_errors();
  return out;
}

std::optional<Model> load(const std::vector<std::string>& paths, FileReader& reader,
                          SourceSet& sources, Diagnostics& diags, const LoadOptions& options) {
  Analysis a = analyze(paths, reader, sources, diags, options);
  if (!a.ok) return std::nullopt;
  return std::move(a.model);
}

std::optional<Model> load(const std::vector<std::string>& paths, SourceSet& sources,
                          Diagnostics& diags, const LoadOptions& options) {
  DiskReader reader;
  return load(paths, reader, sources, diags, options);
}

}  // namespace custody
