// Open documents and their analyses (documents.hpp).

#include "lsp/documents.hpp"

#include <algorithm>
#include <deque>
#include <filesystem>

#include "lsp/names.hpp"

namespace custody::lsp {
namespace {

namespace fs = std::filesystem;

// The URI of every file the snapshot loaded, by FileId, and their normalized paths. The
// root keeps the URI the client sent, so that replies name the document as it knows it.
void record_files(Snapshot& s) {
  for (FileId f = 0; f < s.sources.size(); ++f) {
    std::string path = normal_path(s.sources.file(f).path());
    s.files.insert(path);
    s.uris.push_back(f == 0 ? s.uri : path_to_uri(fs::absolute(path).lexically_normal().string()));
  }
  if (s.uris.empty()) s.uris.push_back(s.uri);
}

// Each imported file is reported at the root's import that first brings it in: a
// breadth-first walk of the import edges from the root's own imports.
void record_import_sites(Snapshot& s) {
  std::deque<FileId> todo;
  for (const ImportEdge& e : s.analysis.imports) {
    if (e.span.file == 0 && !s.via.count(e.target) && e.target != 0) {
      s.via[e.target] = e.span;
      todo.push_back(e.target);
    }
  }
  while (!todo.empty()) {
    FileId f = todo.front();
    todo.pop_front();
    for (const ImportEdge& e : s.analysis.imports) {
      if (e.span.file == f && e.target != 0 && !s.via.count(e.target)) {
        s.via[e.target] = s.via[f];
        todo.push_back(e.target);
      }
    }
  }
}

}  // namespace

std::string normal_path(const std::string& p) { return fs::path(p).lexically_normal().string(); }

std::optional<std::string> OverlayReader::read(const std::string& path) {
  if (auto it = open_.find(normal_path(path)); it != open_.end()) return it->second;
  return disk_.read(path);
}

std::pair<Position, Position> Snapshot::positions(const Span& s) const {
  if (s.file == kNoFile || s.file >= sources.size()) return {};
  const SourceFile& f = sources.file(s.file);
  return {to_position(f, s.begin), to_position(f, std::max(s.begin, s.end))};
}

json Snapshot::range(const Span& s) const {
  auto [b, e] = positions(s);
  return {{"start", {{"line", b.line}, {"character", b.character}}},
          {"end", {{"line", e.line}, {"character", e.character}}}};
}

json Snapshot::location(const Span& s) const {
  return {{"uri", uri_of(s.file)}, {"range", range(s)}};
}

const NameUse* Snapshot::name_at(std::size_t offset) const {
  for (const NameUse& n : analysis.names) {
    if (n.span.file == 0 && n.span.begin <= offset && offset <= n.span.end &&
        in_model(analysis.model, n.symbol)) {
      return &n;
    }
    if (n.span.file > 0) break;
  }
  return nullptr;
}

Document* Documents::find(const std::string& uri) {
  return const_cast<Document*>(std::as_const(*this).find(uri));
}

const Document* Documents::find(const std::string& uri) const {
  auto it = docs_.find(uri);
  return it != docs_.end() ? &it->second : nullptr;
}

std::shared_ptr<Snapshot> Documents::analyze(const std::string& uri) {
  const Document& d = docs_.at(uri);
  std::map<std::string, std::string> open;
  for (const auto& [_, doc] : docs_) open[doc.path] = doc.text;
  auto s = std::make_shared<Snapshot>();
  s->uri = d.uri;
  s->path = d.path;
  s->version = d.version;
  s->generation = ++generation_;
  OverlayReader reader(open);
  s->analysis = custody::analyze({d.path}, reader, s->sources, s->diags, imports_);
  s->diags.sort();
  record_files(*s);
  record_import_sites(*s);
  return s;
}

}  // namespace custody::lsp
