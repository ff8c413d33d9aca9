// Finding names (features.hpp): the name under the cursor, its declaration, its
// occurrences across the open documents, the document's symbols, and renaming.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lsp/features.hpp"
#include "lsp/names.hpp"
#include "lsp/request.hpp"

namespace custody::lsp {
namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_'; }) &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}

// The LSP SymbolKind shown for each kind of entity.
int symbol_kind(Kind k) {
  switch (k) {
    case Kind::jurisdiction:
      return 3;  // Namespace
    case Kind::actor:
      return 5;  // Class
    case Kind::site:
      return 2;  // Module
    case Kind::condition:
      return 13;  // Variable
    case Kind::key:
      return 20;  // Key
    case Kind::data:
      return 19;  // Object
    case Kind::law:
      return 12;  // Function
    case Kind::threat:
      return 24;  // Event
    case Kind::assertion:
      return 7;  // Property
    case Kind::phase:
      return 22;  // EnumMember: one step of the timeline
    case Kind::role:
      return 11;  // Interface: what an actor acts as
  }
  return 13;
}

// The symbol another snapshot's model gives the declaration at `decl` of the file at
// `decl_path`: the same file, the same offset.
std::optional<Symbol> same_declaration(const Snapshot& snap, const std::string& decl_path,
                                       const Span& decl) {
  for (const NameUse& n : snap.analysis.names) {
    if (n.declaration && normal_path(snap.sources.file(n.span.file).path()) == decl_path &&
        n.span.begin == decl.begin) {
      return n.symbol;
    }
  }
  return std::nullopt;
}

// Every occurrence of the symbol under the cursor, as (URI, Range), in this document's
// model and in the models of other open documents that load the file declaring it. An
// occurrence several models share is listed once.
std::vector<std::pair<std::string, json>> occurrences(const Worker& worker, const At& at,
                                                      bool include_declaration) {
  const Snapshot& s = *at.snap;
  Span decl = s.analysis.model.span_of(at.name->symbol);
  std::string decl_path = normal_path(s.sources.file(decl.file).path());
  std::vector<std::shared_ptr<const Snapshot>> snaps{at.snap};
  for (auto& other : worker.loading(decl_path)) {
    if (other->uri != s.uri) snaps.push_back(std::move(other));
  }
  std::set<std::pair<std::string, std::uint32_t>> seen;
  std::vector<std::pair<std::string, json>> out;
  for (const auto& snap : snaps) {
    std::optional<Symbol> other = same_declaration(*snap, decl_path, decl);
    if (!other) continue;
    for (const NameUse& n : snap->analysis.names) {
      if (n.symbol.kind != other->kind || n.symbol.index != other->index) continue;
      if (n.declaration && !include_declaration) continue;
      std::string uri = snap->uri_of(n.span.file);
      if (!seen.insert({normal_path(snap->sources.file(n.span.file).path()), n.span.begin}).second)
        continue;
      out.emplace_back(uri, snap->range(n.span));
    }
  }
  return out;
}

}  // namespace

At locate(const Worker& worker, const json& params, bool need_position) {
  std::string uri = document_uri(params);
  Latest latest = worker.latest(uri);
  if (!latest.snap) throw BadParams{"the document is not open: " + uri};
  At at{std::move(latest.snap), std::move(latest.verdicts)};
  if (need_position) {
    std::size_t offset =
        to_offset(at.snap->sources.file(0).text(), position(params.at("position")));
    at.name = at.snap->name_at(offset);
  }
  return at;
}

json definition(const Worker& worker, const json& params) {
  At at = locate(worker, params);
  if (!at.name) return nullptr;
  return at.snap->location(at.snap->analysis.model.span_of(at.name->symbol));
}

json references(const Worker& worker, const json& params) {
  At at = locate(worker, params);
  if (!at.name) return nullptr;
  bool decl = params.contains("context") && params["context"].value("includeDeclaration", false);
  json out = json::array();
  for (auto& [uri, range] : occurrences(worker, at, decl))
    out.push_back({{"uri", uri}, {"range", range}});
  return out;
}

json symbols(const Worker& worker, const json& params) {
  At at = locate(worker, params, false);
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

json prepare_rename(const Worker& worker, const json& params) {
  At at = locate(worker, params);
  if (!at.name) return nullptr;
  return {{"range", at.snap->range(at.name->span)},
          {"placeholder", std::string(at.snap->sources.text(at.name->span))}};
}

json rename(const Worker& worker, const json& params) {
  At at = locate(worker, params);
  std::string to = params.at("newName").get<std::string>();
  if (!at.name) throw RequestFailed{"there is no name to rename here"};
  if (!is_identifier(to)) throw RequestFailed{fmt::format("'{}' is not an identifier", to)};
  if (is_keyword(to)) throw RequestFailed{fmt::format("'{}' is a keyword", to)};
  if (at.snap->analysis.model.find(to))
    throw RequestFailed{fmt::format("'{}' is already declared", to)};
  json changes = json::object();
  for (auto& [uri, range] : occurrences(worker, at, true)) {
    changes[uri].push_back({{"range", range}, {"newText", to}});
  }
  return {{"changes", changes}};
}

}  // namespace custody::lsp
