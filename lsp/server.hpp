#pragma once
/// `custody lsp`: the language server, over a pair of streams (stdio in production, pipes
/// or string streams in tests).
///
/// Protocol: JSON-RPC 2.0 with `Content-Length` framing (LSP 3.17), UTF-16 positions.
/// - On every open and change, the document and everything it imports are loaded again
///   and its syntax and meaning diagnostics are published at once (no solving).
/// - On open and save, the assertions are checked on a background thread; a violated
///   assertion becomes an error on its `assert` line, with its access path as related
///   information. An edit cancels the check under way; verdicts are only computed for a
///   spec (with its imports) that has no errors.
/// - Hover, go to definition, find references, document symbols, rename and whole-document
///   formatting (parser/format.hpp).
/// - A change to a file re-checks every open file that imports it.
/// - Malformed frames and JSON get JSON-RPC errors; the server never exits on bad input.
///   Frames are read by frame.hpp's FrameReader: capped at kMaxFrameBytes, and after a
///   bad frame reading resumes at the next `Content-Length` header.

#include <iosfwd>

namespace custody::lsp {

struct ServerOptions {
  /// The solver's time limit per question, in milliseconds.
  unsigned timeout_ms = 30000;
  /// After the assertions, who can reach each datum and key is computed for hovers, unless
  /// the spec has more actor-item pairs than this.
  unsigned max_exposure_questions = 20000;
};

/// Serves one client until `exit` or the end of the input. Returns the process exit code:
/// 0 after `shutdown` then `exit`, 1 otherwise (LSP's rule).
int run_server(std::istream& in, std::ostream& out, const ServerOptions& opts);

}  // namespace custody::lsp
