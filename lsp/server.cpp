// The language server (server.hpp): the protocol dispatcher. It follows the LSP
// lifecycle (initialize, shutdown, exit), keeps the open documents as the client edits
// them, decides what to re-analyze, and routes each request to its feature.
//
// Threads: the reading thread runs everything here. It lints on every change; the worker
// (worker.hpp) decides assertions and exposures in the background. Shared state
// (snapshots and verdicts) lives in the worker, behind its one mutex.

#include "lsp/server.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lsp/documents.hpp"
#include "lsp/features.hpp"
#include "lsp/request.hpp"
#include "lsp/text.hpp"
#include "lsp/transport.hpp"
#include "lsp/worker.hpp"
#include "report/version.hpp"

namespace custody::lsp {
namespace {

// The requests answered from the latest snapshots (features.hpp), by method.
using Feature = json (*)(const Worker&, const json&);
const std::map<std::string, Feature, std::less<>> kFeatures = {
    {"textDocument/hover", hover},
    {"textDocument/definition", definition},
    {"textDocument/references", references},
    {"textDocument/documentSymbol", symbols},
    {"textDocument/prepareRename", prepare_rename},
    {"textDocument/rename", rename},
};

class Server final : public MessageHandler {
 public:
  Server(Transport& t, const ServerOptions& opts)
      : t_(t), documents_(opts.imports), worker_(t, opts) {}

  /// Handles one message; returns an exit code when the server must stop.
  std::optional<int> handle(const json& msg) override {
    if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
      if (msg.is_object() && (msg.contains("result") || msg.contains("error"))) return std::nullopt;
      t_.error(msg.is_object() && msg.contains("id") ? msg["id"] : json(), kInvalidRequest,
               "invalid request: expected an object with a \"method\" string");
      return std::nullopt;
    }
    const std::string method = msg["method"];
    const bool request = msg.contains("id");
    const json id = request ? msg["id"] : json();
    const json params = msg.value("params", json::object());

    if (method == "exit") return shutdown_ ? 0 : 1;
    if (!initialized_ && method != "initialize") {
      if (request) t_.error(id, kServerNotInitialized, "the server is not initialized");
      return std::nullopt;
    }
    if (shutdown_ && request) {
      t_.error(id, kInvalidRequest, "the server is shutting down");
      return std::nullopt;
    }
    dispatch(method, request, id, params);
    return std::nullopt;
  }

  /// Analyzes and publishes the documents changed since the last call.
  void idle() override { settle(); }

 private:
  // Runs a request or notification; what it throws becomes the client's error (for a
  // request) or a log message (for a notification).
  void dispatch(const std::string& method, bool request, const json& id, const json& params) {
    try {
      // Every message but a change sees the documents analyzed as they now are.
      if (method != "textDocument/didChange") settle();
      if (request) {
        answer(method, id, params);
      } else {
        notification(method, params);
      }
    } catch (const BadParams& e) {
      if (request)
        t_.error(id, kInvalidParams, e.message);
      else
        t_.log("custody: ignored " + method + ": " + e.message);
    } catch (const RequestFailed& e) {
      if (request)
        t_.error(id, kRequestFailed, e.message);
      else
        t_.log("custody: " + method + " failed: " + e.message);
    } catch (const json::exception& e) {
      if (request)
        t_.error(id, kInvalidParams, std::string("invalid params: ") + e.what());
      else
        t_.log("custody: ignored " + method + ": " + e.what());
    } catch (const std::exception& e) {
      if (request)
        t_.error(id, kInternalError, e.what());
      else
        t_.log("custody: " + method + " failed: " + e.what());
    }
  }

  // --- requests -------------------------------------------------------------------------

  void answer(const std::string& method, const json& id, const json& params) {
    if (method == "initialize") {
      t_.reply(id, initialize(params));
    } else if (method == "shutdown") {
      shutdown_ = true;
      t_.reply(id, nullptr);
    } else if (method == "textDocument/formatting") {
      t_.reply(id, formatting(documents_, params));
    } else if (auto f = kFeatures.find(method); f != kFeatures.end()) {
      t_.reply(id, f->second(worker_, params));
    } else {
      t_.error(id, kMethodNotFound, "method not found: " + method);
    }
  }

  json initialize(const json& params) {
    if (initialized_) throw BadParams{"initialize was already received"};
    initialized_ = true;
    allow_workspace(params);
    return {{"capabilities",
             {{"positionEncoding", "utf-16"},
              {"textDocumentSync",
               {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
              {"hoverProvider", true},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"documentSymbolProvider", true},
              {"renameProvider", {{"prepareProvider", true}}},
              {"documentFormattingProvider", true}}},
            {"serverInfo", {{"name", "custody"}, {"version", report::kVersion}}}};
  }

  // The client's workspace folders are trees a document may import from, as a root
  // spec's folder is on the command line. Malformed entries are ignored.
  void allow_workspace(const json& params) {
    auto add = [&](const json& uri) {
      if (!uri.is_string() || uri.get<std::string>().rfind("file:", 0) != 0) return;
      std::string path = uri_to_path(uri.get<std::string>());
      if (!path.empty()) documents_.allow_imports_from(path);
    };
    if (!params.is_object()) return;
    if (auto it = params.find("rootUri"); it != params.end()) add(*it);
    if (auto it = params.find("rootPath"); it != params.end() && it->is_string()) {
      documents_.allow_imports_from(it->get<std::string>());
    }
    if (auto it = params.find("workspaceFolders"); it != params.end() && it->is_array()) {
      for (const auto& f : *it) {
        if (f.is_object() && f.contains("uri")) add(f["uri"]);
      }
    }
  }

  // --- notifications --------------------------------------------------------------------

  void notification(const std::string& method, const json& params) {
    if (method == "textDocument/didOpen") {
      did_open(params);
    } else if (method == "textDocument/didChange") {
      did_change(params);
    } else if (method == "textDocument/didSave") {
      did_save(params);
    } else if (method == "textDocument/didClose") {
      did_close(params);
    }
    // initialized, $/cancelRequest, $/setTrace and anything unknown: nothing to do.
  }

  void did_open(const json& params) {
    const json& td = params.at("textDocument");
    Document d;
    d.uri = td.at("uri").get<std::string>();
    d.path = normal_path(uri_to_path(d.uri));
    d.version = td.value("version", json());
    d.text = td.at("text").get<std::string>();
    std::string path = d.path;
    documents_.open(std::move(d));
    refresh(affected(path), true);
  }

  void did_change(const json& params) {
    std::string uri = document_uri(params);
    Document* d = documents_.find(uri);
    if (!d) throw BadParams{"didChange for a document that is not open: " + uri};
    for (const json& c : params.at("contentChanges")) {
      if (c.contains("range")) {
        const json& r = c["range"];
        apply_change(d->text, position(r.at("start")), position(r.at("end")),
                     c.at("text").get<std::string>());
      } else {
        d->text = c.at("text").get<std::string>();
      }
    }
    d->version = params["textDocument"].value("version", json());
    // Analyzed when no more input is waiting (or before anything that needs it), so a
    // burst of keystrokes costs one analysis, not one each.
    dirty_.insert(d->path);
  }

  void did_save(const json& params) {
    std::string uri = document_uri(params);
    const Document* d = documents_.find(uri);
    refresh(affected(d ? d->path : normal_path(uri_to_path(uri))), true);
  }

  void did_close(const json& params) {
    std::string uri = document_uri(params);
    const Document* d = documents_.find(uri);
    if (!d) return;
    std::string path = d->path;
    documents_.close(uri);
    worker_.close(uri);
    t_.notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
    refresh(affected(path), true);  // importers now read the file from disk
  }

  // --- what to analyze ------------------------------------------------------------------

  // Open documents to re-analyze when the file at `path` changes: itself if open, and
  // every open document whose model loaded it.
  std::vector<std::string> affected(const std::string& path) const {
    std::set<std::string> loaders;
    for (const auto& snap : worker_.loading(path)) loaders.insert(snap->uri);
    std::vector<std::string> out;
    for (const auto& [uri, d] : documents_.all()) {
      if (d.path == path || loaders.count(uri)) out.push_back(uri);
    }
    return out;
  }

  // Re-analyzes documents, publishes their diagnostics, and (`check`) queues their
  // assertions for the worker. Work under way for them is cancelled.
  void refresh(const std::vector<std::string>& uris, bool check) {
    for (const std::string& uri : uris) worker_.update(documents_.analyze(uri), check);
  }

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

  Transport& t_;
  bool initialized_ = false, shutdown_ = false;
  Documents documents_;
  std::set<std::string> dirty_;  // paths changed and not yet analyzed
  Worker worker_;                // last: its thread stops before the rest goes
};

}  // namespace

int run_server(std::istream& in, std::ostream& out, const ServerOptions& opts) {
  Transport transport(in, out);
  Server server(transport, opts);
  return transport.loop(server);
}

}  // namespace custody::lsp
