#pragma once
/// Reading the parameters of requests and notifications (private to lsp/), and the two
/// ways a request ends in an error that is the client's to see. The dispatcher
/// (server.cpp) turns them into JSON-RPC errors; for a notification, into a log message.
/// Plain functions of their arguments: any thread.

#include <string>

#include "lsp/text.hpp"
#include "lsp/transport.hpp"

namespace custody::lsp {

/// Thrown when a message's parameters are wrong (kInvalidParams). Other exceptions of
/// nlohmann::json (a missing member, a wrong type) are answered the same way.
struct BadParams {
  std::string message;
};

/// Thrown when a request is well formed but cannot be done (kRequestFailed), such as a
/// rename to a keyword.
struct RequestFailed {
  std::string message;
};

/// `params.textDocument.uri`. Throws nlohmann::json's exceptions when it is missing.
std::string document_uri(const json& params);

/// An LSP position. Throws BadParams when a coordinate is negative; coordinates past
/// 2^32 - 1 are clamped (to_offset takes them as the end of the line or text).
Position position(const json& p);

}  // namespace custody::lsp
