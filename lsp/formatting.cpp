// textDocument/formatting (features.hpp): the canonical layout of parser/format.hpp, as
// one edit. It formats the client's text, not a snapshot, so it never waits on analysis.

#include <optional>
#include <string>

#include "lsp/features.hpp"
#include "lsp/request.hpp"
#include "parser/format.hpp"

namespace custody::lsp {

json formatting(const Documents& documents, const json& params) {
  std::string uri = document_uri(params);
  const Document* doc = documents.find(uri);
  if (!doc) throw BadParams{"the document is not open: " + uri};
  SourceFile file(doc->path, doc->text);
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

}  // namespace custody::lsp
