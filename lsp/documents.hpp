#pragma once
/// Open documents and their analyses (private to lsp/).
///
/// A document is the client's text of a file; it is analyzed as the root of a model,
/// with what it imports read from the other open documents first and the disk second
/// (OverlayReader). The result is a Snapshot: immutable once made, shared between the
/// reading thread and the worker through `std::shared_ptr<const Snapshot>`.
///
/// Threads: `Documents` belongs to the reading thread alone. A `const Snapshot` may be
/// read from any thread.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lsp/text.hpp"
#include "lsp/transport.hpp"
#include "parser/parser.hpp"

namespace custody::lsp {

/// A path made lexically normal, the key under which files are compared.
std::string normal_path(const std::string& path);

/// An open document as the client last sent it.
struct Document {
  std::string uri, path;  ///< `path`: normalized, from `uri`
  json version;           ///< as the client sent it (an integer, or null when absent)
  std::string text;
};

/// Serves open documents from memory and everything else from disk.
class OverlayReader : public FileReader {
 public:
  /// `open`: texts by normalized path; it must outlive the reader.
  explicit OverlayReader(const std::map<std::string, std::string>& open) : open_(open) {}
  std::optional<std::string> read(const std::string& path) override;

 private:
  const std::map<std::string, std::string>& open_;
  DiskReader disk_;
};

/// One document loaded as the root of a model, with what it imports.
struct Snapshot {
  std::string uri, path;
  json version;                  ///< the document's version when it was analyzed
  std::uint64_t generation = 0;  ///< increases with every analysis, of any document
  SourceSet sources;
  Diagnostics diags;
  Analysis analysis;
  std::set<std::string> files;  ///< normalized paths of every file loaded
  std::map<FileId, Span> via;   ///< for an imported file: the root's import that brings it

  std::vector<std::string> uris;  ///< by FileId: the root's as the client sent it, others made

  /// The URI of a file of the model (kNoFile: the root's).
  const std::string& uri_of(FileId f) const { return uris.at(f == kNoFile ? 0 : f); }
  /// The LSP start and end of a span; 0:0 for a span in no file.
  std::pair<Position, Position> positions(const Span& s) const;
  /// A span as an LSP Range, and as a Location.
  json range(const Span& s) const;
  json location(const Span& s) const;
  /// The name (declared or used) at a byte offset of the root file, if it names an entity
  /// of the model; nullptr otherwise.
  const NameUse* name_at(std::size_t offset) const;
};

/// The documents the client has open.
class Documents {
 public:
  /// `imports`: where imports may come from besides each document's folder tree.
  explicit Documents(LoadOptions imports) : imports_(std::move(imports)) {}

  /// Lets documents import from the tree at `folder` too (a workspace folder).
  void allow_imports_from(std::string folder) { imports_.allowed.push_back(std::move(folder)); }

  /// Opens a document, or replaces the one open under its URI.
  void open(Document d) { docs_[d.uri] = std::move(d); }
  /// The document open under a URI; nullptr when there is none.
  Document* find(const std::string& uri);
  const Document* find(const std::string& uri) const;
  /// Closes a document; nothing when it is not open.
  void close(const std::string& uri) { docs_.erase(uri); }
  /// Every open document, by URI.
  const std::map<std::string, Document>& all() const { return docs_; }

  /// Loads the open document `uri` (which must be open: std::out_of_range otherwise) as
  /// the root of a model, reading the other open documents from memory. Each call makes a
  /// snapshot of a new generation.
  std::shared_ptr<Snapshot> analyze(const std::string& uri);

 private:
  LoadOptions imports_;  // the server's options and the client's workspace folders
  std::map<std::string, Document> docs_;
  std::uint64_t generation_ = 0;
};

}  // namespace custody::lsp
