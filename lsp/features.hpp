#pragma once
/// The language features (private to lsp/): each takes a request's parameters and returns
/// its result as JSON, or throws BadParams / RequestFailed (request.hpp) or nlohmann's
/// exceptions for the dispatcher (server.cpp) to answer with an error.
///
/// They read the latest snapshots and verdicts through the worker (worker.hpp), never
/// holding its lock while they work, so a feature sees one consistent snapshot even while
/// the worker replaces its verdicts. Reading thread.
///
/// hover.cpp: hover. navigation.cpp: locate, definition, references, documentSymbol,
/// prepareRename, rename. formatting.cpp: formatting.

#include <memory>

#include "lsp/documents.hpp"
#include "lsp/transport.hpp"
#include "lsp/worker.hpp"

namespace custody::lsp {

/// What a request about a place in a document sees.
struct At {
  std::shared_ptr<const Snapshot> snap;
  std::shared_ptr<const Verdicts> verdicts;  ///< nullptr until decided
  const NameUse* name = nullptr;             ///< the name under the position, if any
};

/// The latest snapshot of the document a request names (`textDocument.uri`) and, when
/// `need_position`, the name under its `position`. Throws BadParams when the document is
/// not open.
At locate(const Worker& worker, const json& params, bool need_position = true);

/// textDocument/hover: markdown about the entity named under the cursor (its facts; for
/// a datum or key who can reach it; for an assertion its verdict), or null.
json hover(const Worker& worker, const json& params);

/// textDocument/definition: the Location of the declaration, or null.
json definition(const Worker& worker, const json& params);

/// textDocument/references: every occurrence, across the open documents whose models load
/// the declaring file, or null when there is no name under the cursor.
json references(const Worker& worker, const json& params);

/// textDocument/documentSymbol: the root file's declarations, as DocumentSymbols without
/// children.
json symbols(const Worker& worker, const json& params);

/// textDocument/prepareRename: the range and text of the name under the cursor, or null.
json prepare_rename(const Worker& worker, const json& params);

/// textDocument/rename: a WorkspaceEdit of every occurrence. Throws RequestFailed when
/// there is no name, or the new name is not an identifier, a keyword, or already declared.
json rename(const Worker& worker, const json& params);

/// textDocument/formatting: one edit replacing the whole document with its canonical
/// layout (none when it already has it). Throws BadParams when the document is not open
/// or has syntax errors.
json formatting(const Documents& documents, const json& params);

}  // namespace custody::lsp
