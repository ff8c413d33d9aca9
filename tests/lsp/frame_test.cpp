// Reading LSP frames: bodies, limits, and where reading resumes after a bad frame.
#include "lsp/frame.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using custody::lsp::Frame;
using custody::lsp::FrameReader;
using custody::lsp::kMaxFrameBytes;
using custody::lsp::kMaxHeaderLine;

namespace {

// Every frame of the input, as "ok BODY" or "bad ERROR", up to the end.
std::vector<std::string> frames(const std::string& input) {
  std::istringstream in(input);
  FrameReader reader(in);
  std::vector<std::string> out;
  while (true) {
    Frame f = reader.next();
    if (f.status == Frame::Status::end) return out;
    out.push_back(f.status == Frame::Status::ok ? "ok " + f.body : "bad " + f.error);
  }
}

}  // namespace

TEST_CASE("frame: bodies are read whole, one after another, to the end", "[lsp]") {
  CHECK(frames("Content-Length: 2\r\n\r\n{}Content-Length: 5\r\n\r\n[1,2]") ==
        std::vector<std::string>{"ok {}", "ok [1,2]"});
  CHECK(frames("Content-Length: 0\r\n\r\n") == std::vector<std::string>{"ok "});
  CHECK(frames("").empty());
  // A body may hold anything, header-like text included.
  CHECK(frames("Content-Length: 21\r\n\r\nContent-Length: 9\r\n\r\n") ==
        std::vector<std::string>{"ok Content-Length: 9\r\n\r\n"});
}

TEST_CASE("frame: the cap is on the announced length, inclusive", "[lsp]") {
  std::string cap = std::to_string(kMaxFrameBytes);
  std::string above = std::to_string(kMaxFrameBytes + 1);
  CHECK(frames("Content-Length: " + cap + "\r\n\r\nab") ==
        std::vector<std::string>{
            "bad truncated frame: the input ended after 2 of the 67108864 bytes of its body"});
  CHECK(frames("Content-Length: " + above + "\r\n\r\nab") ==
        std::vector<std::string>{
            "bad frame too large: 'Content-Length' is above the limit of 67108864 bytes (64 MiB)"});
  CHECK(frames("Content-Length: 000000000000000000000000002\r\n\r\n{}") ==
        std::vector<std::string>{"ok {}"});
}

TEST_CASE("frame: after a frame of unknown extent, reading resumes at the next Content-Length",
          "[lsp]") {
  // In any case, wherever it is on its line, past a false start ("content-le" then "c").
  CHECK(
      frames("X: y\r\n\r\nbody content-lecCONTENT-LENGTH: 2\r\n\r\n{}") ==
      std::vector<std::string>{"bad invalid header: expected 'Content-Length: <bytes>'", "ok {}"});
  // And nowhere, when there is none.
  CHECK(frames("Content-Length: x\r\n\r\n{}") ==
        std::vector<std::string>{
            "bad invalid header: 'Content-Length' must be one count of bytes in decimal"});
}

TEST_CASE("frame: a header line of the longest length is read, one byte more is not", "[lsp]") {
  std::string longest = "X-Padding: " + std::string(kMaxHeaderLine - 11, 'p');
  CHECK(frames(longest + "\nContent-Length: 2\n\n{}") == std::vector<std::string>{"ok {}"});
  CHECK(frames(longest + "p\nContent-Length: 2\n\n{}") ==
        std::vector<std::string>{"bad invalid header: a line longer than 4096 bytes", "ok {}"});
}

TEST_CASE("frame: bytes given back are waiting to be read", "[lsp]") {
  std::istringstream in("junk}Content-Length: 2\r\n\r\n{}");
  FrameReader reader(in);
  CHECK(reader.next().status == Frame::Status::bad);
  CHECK(reader.waiting());
  Frame f = reader.next();
  CHECK(f.status == Frame::Status::ok);
  CHECK(f.body == "{}");
  CHECK(reader.next().status == Frame::Status::end);
}
