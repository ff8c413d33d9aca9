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

#include <cctype>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "lsp/server.hpp"

namespace {

constexpr std::string_view kInitialize =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":"file:///fuzz-lsp","capabilities":{}}})";
constexpr std::string_view kInitialized = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";

// KNOWN (being fixed in lsp/): the frame reader allocates the declared Content-Length
// (up to 10 digits) before reading the body, so a huge length exhausts memory. Inputs
// declaring more than this are skipped until the fix lands, so that the fuzzer gets past
// the known crash; remove this filter then.
constexpr unsigned long long kKnownHugeLength = 64ull << 20;

void frame(std::string& out, std::string_view body) {
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
}

bool declares_huge_length(std::string_view raw) {
  std::string lower(raw);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t at = lower.find("content-length"); at != std::string::npos;
       at = lower.find("content-length", at + 1)) {
    std::size_t i = lower.find(':', at);
    if (i == std::string::npos) break;
    unsigned long long n = 0;
    for (++i; i < lower.size() && (lower[i] == ' ' || lower[i] == '\t'); ++i) {
    }
    for (; i < lower.size() && std::isdigit(static_cast<unsigned char>(lower[i])) && n <= kKnownHugeLength; ++i) {
      n = n * 10 + static_cast<unsigned>(lower[i] - '0');
    }
    if (n > kKnownHugeLength) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string stream;
  frame(stream, kInitialize);
  frame(stream, kInitialized);
  if (data[0] % 2 == 0) {
    if (declares_huge_length(rest)) return 0;
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
