#pragma once
/// The language server's transport (private to lsp/): JSON-RPC 2.0 messages over the pair
/// of streams `run_server` is given. Frames are read by frame.hpp's FrameReader; this file
/// adds the JSON: envelopes for replies, errors and notifications, and the loop that hands
/// each well-formed message to a handler.
///
/// Threads: the reading thread runs `loop`; any thread (the reading thread and the
/// background worker) may send, as every write is one locked, flushed frame.

#include <iosfwd>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "lsp/frame.hpp"

namespace custody::lsp {

using json = nlohmann::json;

/// JSON-RPC and LSP error codes.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestFailed = -32803;

/// What the transport hands each message to. Called on the reading thread only.
class MessageHandler {
 public:
  virtual ~MessageHandler() = default;
  /// Handles one message (a JSON value, not necessarily a valid JSON-RPC message);
  /// returns an exit code when the server must stop.
  virtual std::optional<int> handle(const json& message) = 0;
  /// Called after a message when no further input is waiting yet.
  virtual void idle() = 0;
};

class Transport {
 public:
  /// Reads from `in` and writes to `out`, which must outlive the transport. Unties `in`
  /// from its output stream (see the constructor).
  Transport(std::istream& in, std::ostream& out);

  /// Reads messages and hands them to `handler` until it returns an exit code, which is
  /// returned; returns 1 when the input ends first. Frames that cannot be read and bodies
  /// that are not JSON are answered with a parse error and skipped. Reading thread only.
  int loop(MessageHandler& handler);

  /// Sends a message. Invalid UTF-8 in its strings becomes U+FFFD. Any thread.
  void send(const json& message);
  /// Sends a message already serialized as JSON. Any thread.
  void send_text(const std::string& body);
  /// Envelopes around `send`. Any thread.
  void notify(const std::string& method, json params);
  void reply(const json& id, json result);
  void error(const json& id, int code, const std::string& message);
  /// A `window/logMessage` of type Info.
  void log(const std::string& message);

 private:
  FrameReader reader_;
  std::ostream& out_;
  std::mutex mu_;  // one frame at a time on out_
};

}  // namespace custody::lsp
