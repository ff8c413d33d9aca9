#pragma once
/// publishDiagnostics: a snapshot's diagnostics, and its verdicts when it has some, as
/// the LSP message (private to lsp/).
///
/// A diagnostic in an imported file is shown at the root's import that brings it in, with
/// the diagnostic itself as related information; a violated assertion is an error on its
/// `assert` line with its access path (or the links it misses) in the message and as
/// related information; an inconclusive one is a warning. Plain functions of their
/// arguments: any thread.

#include <string>

#include "lsp/documents.hpp"

namespace custody::lsp {

struct Verdicts;

/// The whole publishDiagnostics notification for a snapshot (`verdicts` may be null),
/// serialized as JSON. Invalid UTF-8 in messages becomes U+FFFD.
std::string publish_diagnostics(const Snapshot& s, const Verdicts* verdicts);

}  // namespace custody::lsp
