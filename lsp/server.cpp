// The language server (server.hpp). One thread reads and answers messages and lints on
// every change; one worker thread decides assertions and exposures in the background.
// Shared state (snapshots and verdicts) is guarded by one mutex; the solver runs outside it.

#include "lsp/server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <thread>

#include "cli/check.hpp"
#include "cli/explain.hpp"
#include "lsp/frame.hpp"
#include "lsp/text.hpp"
#include "model/print.hpp"
#include "parser/format.hpp"
#include "parser/parser.hpp"
#include "solver/solver.hpp"

namespace custody::lsp {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// JSON-RPC error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;
constexpr int kRequestFailed = -32803;

// Diagnostic severities.
constexpr int kError = 1, kWarning = 2, kInformation = 3;

std::string normal(const std::string& p) { return fs::path(p).lexically_normal().string(); }

/// Appends a JSON string literal; invalid UTF-8 becomes U+FFFD, as nlohmann's
/// error_handler_t::replace would do.
void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      }
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      bool ok = len != 0 && i + len <= s.size();
      for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok) {
        out.append(s.substr(i, len));
        i += len;
      } else {
        out += "\\ufffd";
        ++i;
      }
    }
  }
  out += '"';
}

// ---------------------------------------------------------------------------------------
// Writing

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void send(const json& message) {
    // Replace invalid UTF-8 (from a file with bad bytes) rather than fail.
    std::string s = message.dump(-1, ' ', false, json::error_handler_t::replace);
    std::lock_guard<std::mutex> lock(mu_);
    out_ << "Content-Length: " << s.size() << "\r\n\r\n" << s;
    out_.flush();
  }
  /// Sends a message already serialized.
  void send_text(const std::string& s) {
    std::lock_guard<std::mutex> lock(mu_);
    out_ << "Content-Length: " << s.size() << "\r\n\r\n" << s;
    out_.flush();
  }
  void notify(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  void reply(const json& id, json result) { send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}); }
  void error(const json& id, int code, const std::string& message) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }
  void log(const std::string& message) { notify("window/logMessage", {{"type", 3}, {"message", message}}); }

 private:
  std::ostream& out_;
  std::mutex mu_;
};

/// A request the client sent with wrong parameters.
struct BadParams {
  std::string message;
};

// ---------------------------------------------------------------------------------------
// Names from a model
//
// A snapshot's model is partial when its spec has errors (parser.hpp, `Analysis`): a single
// reference that did not resolve is kUnresolved, and lists leave out the names that did
// not resolve. The features read names through these lookups, which check every index
// before they use it: a broken statement shows "(unresolved)", never another entity's
// name, and never reads past a table.

constexpr std::string_view kUnresolvedText = "(unresolved)";

template <class T>
const T* entry(const std::vector<T>& table, Index i) {
  return i < table.size() ? &table[i] : nullptr;
}

template <class T>
const std::string* name_in(const std::vector<T>& table, Index i) {
  const T* e = entry(table, i);
  return e ? &e->name : nullptr;
}

template <class T>
const std::string* title_in(const std::vector<T>& table, Index i) {
  const T* e = entry(table, i);
  return e ? &e->title : nullptr;
}

// The name of entity `i` of a kind; nullptr when there is no such entity.
const std::string* name_of(const Model& m, Kind kind, Index i) {
  switch (kind) {
    case Kind::jurisdiction: return name_in(m.jurisdictions, i);
    case Kind::actor: return name_in(m.actors, i);
    case Kind::site: return name_in(m.sites, i);
    case Kind::condition: return name_in(m.conditions, i);
    case Kind::key: return name_in(m.keys, i);
    case Kind::data: return name_in(m.data, i);
    case Kind::law: return name_in(m.laws, i);
    case Kind::threat: return name_in(m.threats, i);
    case Kind::assertion: return name_in(m.assertions, i);
  }
  return nullptr;
}

// Whether a symbol names an entity of the model. The loader's names always do; the
// features check anyway before they index with one.
bool in_model(const Model& m, Symbol s) { return name_of(m, s.kind, s.index) != nullptr; }

// ---------------------------------------------------------------------------------------
// Documents and their analyses

struct Document {
  std::string uri, path;
  json version;
  std::string text;
};

/// Serves open documents from memory and everything else from disk.
class OverlayReader : public FileReader {
 public:
  explicit OverlayReader(const std::map<std::string, std::string>& open) : open_(open) {}
  std::optional<std::string> read(const std::string& path) override {
    if (auto it = open_.find(normal(path)); it != open_.end()) return it->second;
    return disk_.read(path);
  }

 private:
  const std::map<std::string, std::string>& open_;
  DiskReader disk_;
};

/// One document loaded as the root of a model, with what it imports.
struct Snapshot {
  std::string uri, path;
  json version;  ///< the document's version when it was analyzed
  std::uint64_t generation = 0;
  SourceSet sources;
  Diagnostics diags;
  Analysis analysis;
  std::set<std::string> files;  ///< normalized paths of every file loaded
  std::map<FileId, Span> via;   ///< for an imported file: the root's import that brings it

  std::vector<std::string> uris;  ///< by FileId: the root's as the client sent it, others made

  const std::string& uri_of(FileId f) const { return uris.at(f == kNoFile ? 0 : f); }
  /// The LSP start and end of a span; 0:0 for a span in no file.
  std::pair<Position, Position> positions(const Span& s) const {
    if (s.file == kNoFile || s.file >= sources.size()) return {};
    const SourceFile& f = sources.file(s.file);
    return {to_position(f, s.begin), to_position(f, std::max(s.begin, s.end))};
  }
  void put_range(std::string& out, const Span& s) const {
    auto [b, e] = positions(s);
    fmt::format_to(std::back_inserter(out), R"({{"start":{{"line":{},"character":{}}},"end":{{"line":{},"character":{}}}}})",
                   b.line, b.character, e.line, e.character);
  }
  json range(const Span& s) const {
    auto [b, e] = positions(s);
    return {{"start", {{"line", b.line}, {"character", b.character}}},
            {"end", {{"line", e.line}, {"character", e.character}}}};
  }
  json location(const Span& s) const {
    return {{"uri", uri_of(s.file)}, {"range", range(s)}};
  }
  /// The name (declared or used) at a byte offset of the root file.
  const NameUse* name_at(std::size_t offset) const {
    for (const NameUse& n : analysis.names) {
      if (n.span.file == 0 && n.span.begin <= offset && offset <= n.span.end && in_model(analysis.model, n.symbol)) {
        return &n;
      }
      if (n.span.file > 0) break;
    }
    return nullptr;
  }
};

/// What the background worker found for one snapshot.
struct Verdicts {
  std::uint64_t generation = 0;
  Diagnostics errors;  ///< assumptions no scenario satisfies
  std::vector<AssertionResult> results;
  /// Who can read each datum / obtain each key, once computed (for hovers).
  bool reach_done = false;
  std::map<ItemRef, std::vector<std::pair<Index, cli::Exposure>>> reach;
};

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; }) &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}

int symbol_kind(Kind k) {
  switch (k) {
    case Kind::jurisdiction: return 3;  // Namespace
    case Kind::actor: return 5;         // Class
    case Kind::site: return 2;          // Module
    case Kind::condition: return 13;    // Variable
    case Kind::key: return 20;          // Key
    case Kind::data: return 19;         // Object
    case Kind::law: return 12;          // Function
    case Kind::threat: return 24;       // Event
    case Kind::assertion: return 7;     // Property
  }
  return 13;
}

const std::string& title_of(const Model& m, Symbol s) {
  static const std::string kNone;
  const std::string* title = nullptr;
  switch (s.kind) {
    case Kind::jurisdiction: title = title_in(m.jurisdictions, s.index); break;
    case Kind::actor: title = title_in(m.actors, s.index); break;
    case Kind::site: title = title_in(m.sites, s.index); break;
    case Kind::condition: title = title_in(m.conditions, s.index); break;
    case Kind::key: title = title_in(m.keys, s.index); break;
    case Kind::data: title = title_in(m.data, s.index); break;
    case Kind::law: title = title_in(m.laws, s.index); break;
    case Kind::threat: title = title_in(m.threats, s.index); break;
    case Kind::assertion: break;
  }
  return title ? *title : kNone;
}

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

std::string custody_text(const Model& m, const Custody& c) {
  // The language requires names after `held by` and `stored at`: none left means none
  // of them resolved.
  if (c.actors.empty() && c.sites.empty()) return std::string(kUnresolvedText) + guard(m, c.when);
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
  return s + guard(m, c.when);
}

// ---------------------------------------------------------------------------------------
// The server

class Server {
 public:
  Server(Writer& w, const ServerOptions& opts) : w_(w), opts_(opts) {
    worker_ = std::thread([this] { work(); });
  }
  ~Server() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      if (running_) running_->interrupt();
    }
    cv_.notify_all();
    worker_.join();
  }

  /// Analyzes and publishes the documents changed since the last call.
  void settle() {
    if (dirty_.empty()) return;
    std::vector<std::string> uris;
    for (const std::string& path : dirty_) {
      for (std::string& uri : affected(path)) {
        if (std::find(uris.begin(), uris.end(), uri) == uris.end()) uris.push_back(std::move(uri));
      }
    }
    dirty_.clear();
    refresh(uris, false);
  }

  /// Handles one message; returns an exit code when the server must stop.
  std::optional<int> handle(const json& msg) {
    if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
      if (msg.is_object() && (msg.contains("result") || msg.contains("error"))) return std::nullopt;
      w_.error(msg.is_object() && msg.contains("id") ? msg["id"] : json(), kInvalidRequest,
               "invalid request: expected an object with a \"method\" string");
      return std::nullopt;
    }
    const std::string method = msg["method"];
    const bool request = msg.contains("id");
    const json id = request ? msg["id"] : json();
    const json params = msg.value("params", json::object());

    if (method == "exit") return shutdown_ ? 0 : 1;
    if (!initialized_ && method != "initialize") {
      if (request) w_.error(id, kServerNotInitialized, "the server is not initialized");
      return std::nullopt;
    }
    if (shutdown_ && request) {
      w_.error(id, kInvalidRequest, "the server is shutting down");
      return std::nullopt;
    }
    try {
      // Every message but a change sees the documents analyzed as they now are.
      if (method != "textDocument/didChange") settle();
      if (request) {
        answer(method, id, params);
      } else {
        notification(method, params);
      }
    } catch (const BadParams& e) {
      if (request) w_.error(id, kInvalidParams, e.message);
      else w_.log("custody: ignored " + method + ": " + e.message);
    } catch (const json::exception& e) {
      if (request) w_.error(id, kInvalidParams, std::string("invalid params: ") + e.what());
      else w_.log("custody: ignored " + method + ": " + e.what());
    } catch (const std::exception& e) {
      if (request) w_.error(id, kInternalError, e.what());
      else w_.log("custody: " + method + " failed: " + e.what());
    }
    return std::nullopt;
  }

 private:
  // --- requests -------------------------------------------------------------------------

  void answer(const std::string& method, const json& id, const json& params) {
    if (method == "initialize") {
      if (initialized_) throw BadParams{"initialize was already received"};
      initialized_ = true;
      w_.reply(id, {{"capabilities",
                     {{"positionEncoding", "utf-16"},
                      {"textDocumentSync",
                       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
                      {"hoverProvider", true},
                      {"definitionProvider", true},
                      {"referencesProvider", true},
                      {"documentSymbolProvider", true},
                      {"renameProvider", {{"prepareProvider", true}}},
                      {"documentFormattingProvider", true}}},
                    {"serverInfo", {{"name", "custody"}, {"version", cli::kVersion}}}});
    } else if (method == "shutdown") {
      shutdown_ = true;
      w_.reply(id, nullptr);
    } else if (method == "textDocument/hover") {
      w_.reply(id, hover(params));
    } else if (method == "textDocument/definition") {
      w_.reply(id, definition(params));
    } else if (method == "textDocument/references") {
      w_.reply(id, references(params));
    } else if (method == "textDocument/documentSymbol") {
      w_.reply(id, symbols(params));
    } else if (method == "textDocument/prepareRename") {
      w_.reply(id, prepare_rename(params));
    } else if (method == "textDocument/rename") {
      rename(id, params);
    } else if (method == "textDocument/formatting") {
      w_.reply(id, formatting(params));
    } else {
      w_.error(id, kMethodNotFound, "method not found: " + method);
    }
  }

  // --- notifications --------------------------------------------------------------------

  void notification(const std::string& method, const json& params) {
    if (method == "textDocument/didOpen") {
      const json& td = params.at("textDocument");
      Document d;
      d.uri = td.at("uri").get<std::string>();
      d.path = normal(uri_to_path(d.uri));
      d.version = td.value("version", json());
      d.text = td.at("text").get<std::string>();
      docs_[d.uri] = d;
      refresh(affected(d.path), true);
    } else if (method == "textDocument/didChange") {
      std::string uri = params.at("textDocument").at("uri").get<std::string>();
      auto it = docs_.find(uri);
      if (it == docs_.end()) throw BadParams{"didChange for a document that is not open: " + uri};
      for (const json& c : params.at("contentChanges")) {
        if (c.contains("range")) {
          const json& r = c["range"];
          apply_change(it->second.text, position(r.at("start")), position(r.at("end")),
                       c.at("text").get<std::string>());
        } else {
          it->second.text = c.at("text").get<std::string>();
        }
      }
      it->second.version = params["textDocument"].value("version", json());
      // Analyzed when no more input is waiting (or before anything that needs it), so a
      // burst of keystrokes costs one analysis, not one each.
      dirty_.insert(it->second.path);
    } else if (method == "textDocument/didSave") {
      std::string uri = params.at("textDocument").at("uri").get<std::string>();
      auto it = docs_.find(uri);
      refresh(affected(it != docs_.end() ? it->second.path : normal(uri_to_path(uri))), true);
    } else if (method == "textDocument/didClose") {
      std::string uri = params.at("textDocument").at("uri").get<std::string>();
      auto it = docs_.find(uri);
      if (it == docs_.end()) return;
      std::string path = it->second.path;
      docs_.erase(it);
      {
        std::lock_guard<std::mutex> lock(mu_);
        snaps_.erase(uri);
        verdicts_.erase(uri);
        cancel_locked(uri);
      }
      w_.notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
      refresh(affected(path), true);  // importers now read the file from disk
    }
    // initialized, $/cancelRequest, $/setTrace and anything unknown: nothing to do.
  }

  static Position position(const json& p) {
    auto line = p.at("line").get<long long>(), ch = p.at("character").get<long long>();
    if (line < 0 || ch < 0) throw BadParams{"negative position"};
    return {static_cast<std::uint32_t>(std::min<long long>(line, UINT32_MAX)),
            static_cast<std::uint32_t>(std::min<long long>(ch, UINT32_MAX))};
  }

  // Open documents to re-analyze when the file at `path` changes: itself if open, and
  // every open document whose model loaded it.
  std::vector<std::string> affected(const std::string& path) {
    std::vector<std::string> out;
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [uri, d] : docs_) {
      auto s = snaps_.find(uri);
      if (d.path == path || (s != snaps_.end() && s->second->files.count(path))) out.push_back(uri);
    }
    return out;
  }

  std::shared_ptr<Snapshot> analyze(const Document& d) {
    std::map<std::string, std::string> open;
    for (const auto& [uri, doc] : docs_) open[doc.path] = doc.text;
    auto s = std::make_shared<Snapshot>();
    s->uri = d.uri;
    s->path = d.path;
    s->version = d.version;
    s->generation = ++generation_;
    OverlayReader reader(open);
    s->analysis = custody::analyze({d.path}, reader, s->sources, s->diags);
    s->diags.sort();
    for (FileId f = 0; f < s->sources.size(); ++f) {
      std::string path = normal(s->sources.file(f).path());
      s->files.insert(path);
      s->uris.push_back(f == 0 ? d.uri : path_to_uri(fs::absolute(path).lexically_normal().string()));
    }
    if (s->uris.empty()) s->uris.push_back(d.uri);
    // Each imported file is reported at the root's import that first brings it in.
    std::deque<FileId> todo;
    for (const ImportEdge& e : s->analysis.imports) {
      if (e.span.file == 0 && !s->via.count(e.target) && e.target != 0) {
        s->via[e.target] = e.span;
        todo.push_back(e.target);
      }
    }
    while (!todo.empty()) {
      FileId f = todo.front();
      todo.pop_front();
      for (const ImportEdge& e : s->analysis.imports) {
        if (e.span.file == f && e.target != 0 && !s->via.count(e.target)) {
          s->via[e.target] = s->via[f];
          todo.push_back(e.target);
        }
      }
    }
    return s;
  }

  // Re-analyzes documents, publishes their diagnostics, and (`check`) queues their
  // assertions for the worker. Work under way for them is cancelled.
  void refresh(const std::vector<std::string>& uris, bool check) {
    for (const std::string& uri : uris) {
      auto snap = analyze(docs_.at(uri));
      std::lock_guard<std::mutex> lock(mu_);
      snaps_[uri] = snap;
      verdicts_.erase(uri);
      cancel_locked(uri);
      publish_locked(*snap, nullptr);
      if (check && snap->analysis.ok) {
        queue_.push_back(uri);
        cv_.notify_all();
      }
    }
  }

  void cancel_locked(const std::string& uri) {
    queue_.erase(std::remove(queue_.begin(), queue_.end(), uri), queue_.end());
    if (running_ && running_uri_ == uri) running_->interrupt();
  }

  // --- diagnostics ----------------------------------------------------------------------

  /// A diagnostic as LSP shows it: its range is in the root file (or an import of it).
  struct LspDiagnostic {
    Span range;
    int severity = kError;
    std::string code, message;
    std::vector<Note> related;  ///< each becomes relatedInformation
  };

  LspDiagnostic diagnostic(const Snapshot& s, const Diagnostic& d) const {
    LspDiagnostic out;
    out.severity = d.severity == Severity::error ? kError : d.severity == Severity::warning ? kWarning : kInformation;
    out.code = d.code;
    if (d.span.file == 0 || d.span.file == kNoFile) {
      out.range = d.span;
      out.message = d.message;
      out.related = d.notes;
    } else {
      // In an imported file: shown at the root's import that brings it in.
      auto via = s.via.find(d.span.file);
      out.range = via != s.via.end() ? via->second : Span{0, 0, 0};
      out.message = fmt::format("in imported file '{}': {}", s.sources.file(d.span.file).path(), d.message);
      out.related.push_back({d.span, d.message});
      out.related.insert(out.related.end(), d.notes.begin(), d.notes.end());
    }
    return out;
  }

  LspDiagnostic verdict_diagnostic(const Snapshot& s, const AssertionResult& r) const {
    const Model& m = s.analysis.model;
    const Assertion& a = m.assertions[r.assertion];
    LspDiagnostic out;
    out.range = a.span;
    std::string head = fmt::format("assertion '{}' ({})", a.name, cli::assertion_text(m, a));
    if (r.verdict == Verdict::inconclusive) {
      out.severity = kWarning;
      out.code = "inconclusive";
      out.message = fmt::format("{} is inconclusive: {}", head, r.reason);
      return out;
    }
    out.code = "violated";
    std::string who = r.actor ? m.actors[*r.actor].name : std::string("?");
    out.message = fmt::format("{} is violated\nscenario: {}", head, cli::scenario_text(m, r.scenario));
    if (!a.can) {
      out.message += fmt::format("\naccess path of {} ({} step{}):", who, r.path.size(), r.path.size() == 1 ? "" : "s");
      for (std::size_t i = 0; i < r.path.size(); ++i) {
        const Step& st = r.path[i];
        std::string text = fmt::format("{}. {}; {}: {}", i + 1, cli::fact_text(m, st.fact),
                                       to_string(st.rule), cli::step_reason(m, st));
        out.message += "\n  " + text;
        if (!st.locations.empty()) out.related.push_back({st.locations.front(), text});
      }
    } else {
      out.message += fmt::format("\n{} does not get there:", who);
      for (const MissingLink& l : r.missing) {
        std::string text = fmt::format("{} is missing ({})", cli::fact_text(m, l.fact), to_string(l.rule));
        out.message += "\n  " + text;
        if (!l.locations.empty()) out.related.push_back({l.locations.front(), text});
      }
    }
    return out;
  }

  // Publishes a snapshot's diagnostics, with the verdicts when there are some. The message
  // is written by hand rather than through nlohmann::json: with thousands of warnings in a
  // large spec, building and dumping the JSON tree was two thirds of an edit's latency.
  void publish_locked(const Snapshot& s, const Verdicts* v) {
    std::vector<LspDiagnostic> ds;
    for (const Diagnostic& d : s.diags.items()) ds.push_back(diagnostic(s, d));
    if (v) {
      for (const Diagnostic& d : v->errors.items()) ds.push_back(diagnostic(s, d));
      for (const AssertionResult& r : v->results) {
        if (r.verdict == Verdict::holds) continue;
        // Reported in the file that has the assertion.
        if (s.analysis.model.assertions[r.assertion].span.file != 0) continue;
        ds.push_back(verdict_diagnostic(s, r));
      }
    }
    std::string out = R"({"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":)";
    put_string(out, s.uri);
    if (s.version.is_number_integer()) out += ",\"version\":" + s.version.dump();
    out += ",\"diagnostics\":[";
    for (std::size_t i = 0; i < ds.size(); ++i) {
      const LspDiagnostic& d = ds[i];
      if (i) out += ',';
      out += "{\"range\":";
      s.put_range(out, d.range);
      fmt::format_to(std::back_inserter(out), ",\"severity\":{},\"source\":\"custody\",\"code\":", d.severity);
      put_string(out, d.code);
      out += ",\"message\":";
      put_string(out, d.message);
      out += ",\"relatedInformation\":[";
      bool first = true;
      for (const Note& n : d.related) {
        if (n.span.file == kNoFile) continue;
        out += first ? "" : ",";
        first = false;
        out += "{\"location\":{\"uri\":";
        put_string(out, s.uri_of(n.span.file));
        out += ",\"range\":";
        s.put_range(out, n.span);
        out += "},\"message\":";
        put_string(out, n.message);
        out += '}';
      }
      out += "]}";
    }
    out += "]}}";
    w_.send_text(out);
  }

  // --- the worker -----------------------------------------------------------------------

  void work() {
    while (true) {
      std::shared_ptr<const Snapshot> snap;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        std::string uri = queue_.front();
        queue_.pop_front();
        auto it = snaps_.find(uri);
        if (it == snaps_.end() || !it->second->analysis.ok) continue;
        snap = it->second;
      }
      decide(snap);
    }
  }

  // True when the snapshot is no longer the document's latest (an edit came in).
  bool stale(const Snapshot& s) {
    std::lock_guard<std::mutex> lock(mu_);
    return stale_locked(s);
  }

  void decide(const std::shared_ptr<const Snapshot>& snap) {
    const Model& m = snap->analysis.model;
    SolverOptions so;
    so.timeout_ms = opts_.timeout_ms;
    Session session(m, so);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) return;
      running_ = &session;
      running_uri_ = snap->uri;
    }
    // However this ends, the session is no longer there to interrupt.
    struct Done {
      Server& server;
      ~Done() {
        std::lock_guard<std::mutex> lock(server.mu_);
        server.running_ = nullptr;
        server.running_uri_.clear();
      }
    } done{*this};
    auto v = std::make_shared<Verdicts>();
    v->generation = snap->generation;
    v->errors = session.vacuity();
    if (!v->errors.has_errors()) {
      for (Index i = 0; i < m.assertions.size(); ++i) {
        if (stale(*snap)) return;
        AssertionResult r = session.decide(m.assertions[i]);
        r.assertion = i;
        v->results.push_back(std::move(r));
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stale_locked(*snap)) return;
      verdicts_[snap->uri] = v;
      publish_locked(*snap, v.get());
    }
    // Then who can reach each item, for hovers; skipped for very large specs.
    if (v->errors.has_errors() ||
        m.actors.size() * (m.data.size() + m.keys.size()) > opts_.max_exposure_questions) {
      return;
    }
    std::map<ItemRef, std::vector<std::pair<Index, cli::Exposure>>> reach;
    auto item = [&](ItemRef target, Verb verb) {
      auto& row = reach[target];
      for (Index a = 0; a < m.actors.size(); ++a) {
        // Verdicts waiting for another document come first: the exposures give way.
        if (stale(*snap) || pending()) return false;
        cli::Exposure e = cli::exposure(session, a, verb, target);
        if (e.reach != "never") row.emplace_back(a, std::move(e));
      }
      return true;
    };
    for (Index d = 0; d < m.data.size(); ++d) {
      if (!item({ItemRef::Type::data, d}, Verb::read)) return;
    }
    for (Index k = 0; k < m.keys.size(); ++k) {
      if (!item({ItemRef::Type::key, k}, Verb::obtain)) return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (!stale_locked(*snap)) {
      // A new value: hovers may be reading the old one.
      auto with_reach = std::make_shared<Verdicts>(*v);
      with_reach->reach = std::move(reach);
      with_reach->reach_done = true;
      verdicts_[snap->uri] = with_reach;
    }
  }

  bool pending() {
    std::lock_guard<std::mutex> lock(mu_);
    return !queue_.empty();
  }

  bool stale_locked(const Snapshot& s) const {
    auto it = snaps_.find(s.uri);
    return stop_ || it == snaps_.end() || it->second->generation != s.generation;
  }

  // --- language features ----------------------------------------------------------------

  struct At {
    std::shared_ptr<const Snapshot> snap;
    std::shared_ptr<const Verdicts> verdicts;
    const NameUse* name = nullptr;
  };

  // The snapshot of the document a request names, and the name under its position.
  At locate(const json& params, bool need_position = true) {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    At at;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = snaps_.find(uri);
      if (it == snaps_.end()) throw BadParams{"the document is not open: " + uri};
      at.snap = it->second;
      auto v = verdicts_.find(uri);
      if (v != verdicts_.end()) at.verdicts = v->second;
    }
    if (need_position) {
      std::size_t offset = to_offset(at.snap->sources.file(0).text(), position(params.at("position")));
      at.name = at.snap->name_at(offset);
    }
    return at;
  }

  json hover(const json& params) {
    At at = locate(params);
    if (!at.name) return nullptr;
    const Snapshot& s = *at.snap;
    const Model& m = s.analysis.model;
    Symbol sym = at.name->symbol;
    std::string name(s.sources.text(at.name->span));
    std::string md = fmt::format("**{}** `{}`", to_string(sym.kind), name);
    const std::string& title = title_of(m, sym);
    if (!title.empty()) md += " — " + title;
    Span decl = m.span_of(sym);
    md += fmt::format("\n\ndeclared at {}:{}", s.sources.file(decl.file).path(), s.sources.line_col(decl).line);
    std::vector<std::string> facts;
    switch (sym.kind) {
      case Kind::actor: {
        const Actor& a = m.actors[sym.index];
        if (!a.in.empty()) facts.push_back("subject to " + names(m, Kind::jurisdiction, a.in));
        break;
      }
      case Kind::site: {
        const Site& x = m.sites[sym.index];
        facts.push_back("in " + quoted(m, Kind::jurisdiction, x.in));
        facts.push_back(x.operators.empty() ? "no operator" : "operated by " + names(m, Kind::actor, x.operators));
        if (x.when != kAlways) facts.push_back("exists only" + guard(m, x.when));
        break;
      }
      case Kind::key: {
        const Key& k = m.keys[sym.index];
        for (const Custody& c : k.material) facts.push_back("material " + custody_text(m, c));
        for (const Wrap& w : k.wraps) {
          facts.push_back(
              fmt::format("wrapped by {}, {}", quoted(m, Kind::key, w.wrapper), custody_text(m, w.custody)));
        }
        for (const Hsm& h : k.hsms) {
          facts.push_back(fmt::format("in an HSM at {}, usable by {}{}", quoted(m, Kind::site, h.site),
                                      names(m, Kind::actor, h.users), guard(m, h.when)));
        }
        for (const Split& sp : k.splits) {
          facts.push_back(fmt::format("rebuilt from any {} of {}", sp.k, names(m, Kind::key, sp.shares)));
        }
        break;
      }
      case Kind::data: {
        const Data& d = m.data[sym.index];
        if (d.encrypted()) {
          std::string ks;
          for (Index k : d.encrypted_by) ks += (ks.empty() ? "" : " and ") + quoted(m, Kind::key, k);
          facts.push_back("encrypted by " + ks);
        } else {
          facts.push_back("not encrypted");
        }
        for (const Custody& c : d.stored) facts.push_back("stored form " + custody_text(m, c));
        break;
      }
      case Kind::law: {
        const Law& l = m.laws[sym.index];
        std::string targets = l.by_jurisdiction
                                  ? fmt::format("{} in {}", l.action == Law::Action::compels ? "actors" : "sites",
                                                names(m, Kind::jurisdiction, l.targets))
                                  : names(m, l.action == Law::Action::compels ? Kind::actor : Kind::site, l.targets);
        facts.push_back(fmt::format("{} {} {}{}", quoted(m, Kind::actor, l.authority),
                                    l.action == Law::Action::compels ? "compels" : "seizes", targets, guard(m, l.when)));
        break;
      }
      case Kind::threat: {
        const Threat& t = m.threats[sym.index];
        facts.push_back(fmt::format("{} compromises at most {} of {}", quoted(m, Kind::actor, t.attacker), t.k,
                                    names(m, Kind::actor, t.targets)));
        break;
      }
      case Kind::assertion: {
        const Assertion& a = m.assertions[sym.index];
        Kind target = a.target.type == ItemRef::Type::key ? Kind::key : Kind::data;
        bool actors_lost = a.subject != Assertion::Subject::nobody && a.actors.empty();
        if (!name_of(m, target, a.target.id) || actors_lost) {
          // Its wording needs every name it has (the shared wording indexes them unchecked).
          facts.push_back(fmt::format("names in it are {}", kUnresolvedText));
        } else {
          facts.push_back(cli::assertion_text(m, a));
        }
        if (at.verdicts) {
          for (const AssertionResult& r : at.verdicts->results) {
            if (r.assertion != sym.index) continue;
            std::string verdict = to_string(r.verdict);
            if (r.verdict == Verdict::violated) verdict += ": " + cli::scenario_text(m, r.scenario);
            facts.push_back("verdict: " + verdict);
          }
        }
        break;
      }
      default: break;
    }
    for (const std::string& f : facts) md += "\n- " + f;
    if (sym.kind == Kind::data || sym.kind == Kind::key) md += reach_text(at, sym);
    // Lists leave out the names that did not resolve, and a clause may have lost all of
    // its names (`encrypted by` a typo reads "not encrypted"): say so.
    if (!s.analysis.ok) md += "\n\n(the spec has errors: names that did not resolve are left out)";
    return {{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", s.range(at.name->span)}};
  }

  std::string reach_text(const At& at, Symbol sym) const {
    const Snapshot& s = *at.snap;
    const Model& m = s.analysis.model;
    const char* verb = sym.kind == Kind::data ? "read" : "obtain";
    if (!s.analysis.ok) return fmt::format("\n\nwho can {} it: not computed (the spec has errors)", verb);
    if (!at.verdicts || !at.verdicts->reach_done) {
      return fmt::format("\n\nwho can {} it: not computed yet (it is, in the background, after a save)", verb);
    }
    ItemRef item{sym.kind == Kind::data ? ItemRef::Type::data : ItemRef::Type::key, sym.index};
    auto it = at.verdicts->reach.find(item);
    if (it == at.verdicts->reach.end() || it->second.empty()) return fmt::format("\n\nnobody can {} it", verb);
    std::string out = fmt::format("\n\nwho can {} it:", verb);
    for (const auto& [actor, e] : it->second) {
      out += fmt::format("\n- {}: {}", quoted(m, Kind::actor, actor), cli::exposure_text(m, e));
    }
    return out;
  }

  json definition(const json& params) {
    At at = locate(params);
    if (!at.name) return nullptr;
    return at.snap->location(at.snap->analysis.model.span_of(at.name->symbol));
  }

  // Every occurrence of the symbol under the cursor, in this document's model and in the
  // models of other open documents that load the file declaring it.
  std::vector<std::pair<std::string, json>> occurrences(const At& at, bool include_declaration) {
    const Snapshot& s = *at.snap;
    Symbol sym = at.name->symbol;
    Span decl = s.analysis.model.span_of(sym);
    std::string decl_path = normal(s.sources.file(decl.file).path());
    std::vector<std::shared_ptr<const Snapshot>> snaps{at.snap};
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& [uri, other] : snaps_) {
        if (uri != s.uri && other->files.count(decl_path)) snaps.push_back(other);
      }
    }
    std::set<std::pair<std::string, std::uint32_t>> seen;
    std::vector<std::pair<std::string, json>> out;
    std::string name(s.sources.text(decl));
    for (const auto& snap : snaps) {
      // The same declaration in that model: same file, same offset.
      std::optional<Symbol> other;
      for (const NameUse& n : snap->analysis.names) {
        if (n.declaration && normal(snap->sources.file(n.span.file).path()) == decl_path &&
            n.span.begin == decl.begin) {
          other = n.symbol;
          break;
        }
      }
      if (!other) continue;
      for (const NameUse& n : snap->analysis.names) {
        if (n.symbol.kind != other->kind || n.symbol.index != other->index) continue;
        if (n.declaration && !include_declaration) continue;
        std::string uri = snap->uri_of(n.span.file);
        if (!seen.insert({normal(snap->sources.file(n.span.file).path()), n.span.begin}).second) continue;
        out.emplace_back(uri, snap->range(n.span));
      }
    }
    return out;
  }

  json references(const json& params) {
    At at = locate(params);
    if (!at.name) return nullptr;
    bool decl = params.contains("context") && params["context"].value("includeDeclaration", false);
    json out = json::array();
    for (auto& [uri, range] : occurrences(at, decl)) out.push_back({{"uri", uri}, {"range", range}});
    return out;
  }

  json symbols(const json& params) {
    At at = locate(params, false);
    const Snapshot& s = *at.snap;
    json out = json::array();
    for (const NameUse& n : s.analysis.names) {
      if (n.span.file != 0 || !n.declaration || !in_model(s.analysis.model, n.symbol)) continue;
      json range = s.range(n.span);
      json sym = {{"name", std::string(s.sources.text(n.span))},
                  {"kind", symbol_kind(n.symbol.kind)},
                  {"range", range},
                  {"selectionRange", range}};
      std::string detail = title_of(s.analysis.model, n.symbol);
      sym["detail"] = detail.empty() ? std::string(to_string(n.symbol.kind)) : detail;
      out.push_back(sym);
    }
    return out;
  }

  json prepare_rename(const json& params) {
    At at = locate(params);
    if (!at.name) return nullptr;
    return {{"range", at.snap->range(at.name->span)},
            {"placeholder", std::string(at.snap->sources.text(at.name->span))}};
  }

  void rename(const json& id, const json& params) {
    At at = locate(params);
    std::string to = params.at("newName").get<std::string>();
    if (!at.name) return w_.error(id, kRequestFailed, "there is no name to rename here");
    if (!is_identifier(to)) return w_.error(id, kRequestFailed, fmt::format("'{}' is not an identifier", to));
    if (is_keyword(to)) return w_.error(id, kRequestFailed, fmt::format("'{}' is a keyword", to));
    if (at.snap->analysis.model.find(to)) {
      return w_.error(id, kRequestFailed, fmt::format("'{}' is already declared", to));
    }
    json changes = json::object();
    for (auto& [uri, range] : occurrences(at, true)) {
      changes[uri].push_back({{"range", range}, {"newText", to}});
    }
    w_.reply(id, {{"changes", changes}});
  }

  json formatting(const json& params) {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    auto it = docs_.find(uri);
    if (it == docs_.end()) throw BadParams{"the document is not open: " + uri};
    SourceFile file(it->second.path, it->second.text);
    Diagnostics diags;
    std::optional<std::string> formatted = format_source(file, 0, diags);
    if (!formatted) throw BadParams{"the document has syntax errors; fix them to format it"};
    json edits = json::array();
    if (*formatted != file.text()) {
      Position end = to_position(file, static_cast<std::uint32_t>(file.text().size()));
      edits.push_back({{"range",
                        {{"start", {{"line", 0}, {"character", 0}}},
                         {"end", {{"line", end.line}, {"character", end.character}}}}},
                       {"newText", *formatted}});
    }
    return edits;
  }

  Writer& w_;
  ServerOptions opts_;
  bool initialized_ = false, shutdown_ = false;
  std::map<std::string, Document> docs_;  // the reading thread's alone
  std::set<std::string> dirty_;           // paths changed and not yet analyzed
  std::uint64_t generation_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<const Snapshot>> snaps_;
  std::map<std::string, std::shared_ptr<const Verdicts>> verdicts_;
  std::deque<std::string> queue_;
  Session* running_ = nullptr;
  std::string running_uri_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace

int run_server(std::istream& in, std::ostream& out, const ServerOptions& opts) {
  // The standard input is tied to the standard output: every read would flush the output
  // from this thread, outside the writer's lock, racing the worker's messages. Untie it.
  in.tie(nullptr);
  Writer w(out);
  Server server(w, opts);
  FrameReader reader(in);
  while (true) {
    Frame f = reader.next();
    if (f.status == Frame::Status::end) return 1;
    if (f.status == Frame::Status::bad) {
      w.error(nullptr, kParseError, f.error);
      continue;
    }
    json msg = json::parse(f.body, nullptr, false);
    if (msg.is_discarded()) {
      w.error(nullptr, kParseError, "parse error: the message is not valid JSON");
      continue;
    }
    if (auto code = server.handle(msg)) return *code;
    if (!reader.waiting()) server.settle();
  }
}

}  // namespace custody::lsp
