// JSON-RPC over the streams (transport.hpp).

#include "lsp/transport.hpp"

#include <istream>
#include <ostream>

namespace custody::lsp {

Transport::Transport(std::istream& in, std::ostream& out) : reader_(in), out_(out) {
  // The standard input is tied to the standard output: every read would flush the output
  // from this thread, outside the writer's lock, racing the worker's messages. Untie it.
  in.tie(nullptr);
}

int Transport::loop(MessageHandler& handler) {
  while (true) {
    Frame f = reader_.next();
    if (f.status == Frame::Status::end) return 1;
    if (f.status == Frame::Status::bad) {
      error(nullptr, kParseError, f.error);
      continue;
    }
    json msg = json::parse(f.body, nullptr, false);
    if (msg.is_discarded()) {
      error(nullptr, kParseError, "parse error: the message is not valid JSON");
      continue;
    }
    if (auto code = handler.handle(msg)) return *code;
    if (!reader_.waiting()) handler.idle();
  }
}

void Transport::send(const json& message) {
  // Replace invalid UTF-8 (from a file with bad bytes) rather than fail.
  send_text(message.dump(-1, ' ', false, json::error_handler_t::replace));
}

void Transport::send_text(const std::string& body) {
  std::lock_guard<std::mutex> lock(mu_);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

void Transport::notify(const std::string& method, json params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void Transport::reply(const json& id, json result) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Transport::error(const json& id, int code, const std::string& message) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Transport::log(const std::string& message) {
  notify("window/logMessage", {{"type", 3}, {"message", message}});
}

}  // namespace custody::lsp
