// fuzz_lsp: bytes -> the language server's frame reader and dispatcher
// (lsp/server.hpp `run_server`), over string streams. Must never crash or hang.
//
// The first byte picks how the rest is sent, after a valid `initialize` request and
// `initialized` notification (so that the fuzzer reaches the document handling at once):
// - even: raw, exactly as given (the frame reader: headers, lengths, broken frames);
// - odd: one message body per line, each framed here with its correct Content-Length
//   (the dispatcher: JSON-RPC, documents, hover, rename, formatting, ...).
// Documents should use file:///fuzz-lsp/ URIs: that folder does not exist, so imports that
// are not open documents fail to read rather than reach real files.

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "lsp/server.hpp"

namespace {

constexpr std::string_view kInitialize =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":"file:///fuzz-lsp","capabilities":{}}})";
constexpr std::string_view kInitialized = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";

void frame(std::string& out, std::string_view body) {
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string stream;
  frame(stream, kInitialize);
  frame(stream, kInitialized);
  if (data[0] % 2 == 0) {
    stream += rest;
  } else {
    while (!rest.empty()) {
      std::size_t nl = rest.find('\n');
      frame(stream, rest.substr(0, nl));
      rest = nl == rest.npos ? std::string_view() : rest.substr(nl + 1);
    }
  }

  std::istringstream in(stream);
  std::ostringstream out;
  custody::lsp::ServerOptions opts;
  opts.timeout_ms = 300;
  opts.max_exposure_questions = 50;
  custody::lsp::run_server(in, out, opts);
  return 0;
}
