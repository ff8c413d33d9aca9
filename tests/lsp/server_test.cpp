// The language server over string streams: what a client sends and what it gets back.
// Regression tests for hovers on names that do not resolve and for hostile frames.
#include "lsp/server.hpp"

#include <malloc.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <streambuf>

using json = nlohmann::json;

namespace {

std::string frame(const json& message) {
  std::string body = message.dump();
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

json request(int id, const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

const std::string kInitialize = frame(request(1, "initialize", {{"capabilities", json::object()}}));
const std::string kUri = "file:///custody-test/spec.custody";

std::string open(const std::string& text) {
  json params = {
      {"textDocument", {{"uri", kUri}, {"languageId", "custody"}, {"version", 1}, {"text", text}}}};
  return frame({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"}, {"params", params}});
}

json at(std::uint32_t line, std::uint32_t character) {
  return {{"textDocument", {{"uri", kUri}}},
          {"position", {{"line", line}, {"character", character}}}};
}

// The messages in the server's output, in order.
std::vector<json> messages(const std::string& out) {
  std::vector<json> all;
  std::size_t pos = 0;
  while (true) {
    std::size_t head = out.find("Content-Length: ", pos);
    if (head == std::string::npos) return all;
    std::size_t body = out.find("\r\n\r\n", head);
    std::size_t length = std::stoul(out.substr(head + 16, body - head - 16));
    all.push_back(json::parse(out.substr(body + 4, length)));
    pos = body + 4 + length;
  }
}

struct Session {
  int exit_code = 0;
  std::vector<json> out;

  // The answer to request `id`; fails the test when there is none.
  const json& response(int id) const {
    for (const json& m : out) {
      if (m.contains("id") && m["id"] == id && !m.contains("method")) return m;
    }
    FAIL("no response to request " << id);
    static const json kNone;
    return kNone;
  }
  bool answered(int id) const {
    for (const json& m : out) {
      if (m.contains("id") && m["id"] == id && !m.contains("method")) return true;
    }
    return false;
  }
  // The messages of errors answering no request (bad frames and bad JSON).
  std::vector<std::string> frame_errors() const {
    std::vector<std::string> errors;
    for (const json& m : out) {
      if (m.contains("id") && m["id"].is_null() && m.contains("error")) {
        errors.push_back(std::to_string(m["error"]["code"].get<int>()) + " " +
                         m["error"]["message"].get<std::string>());
      }
    }
    return errors;
  }
  std::string hover(int id) const {
    const json& r = response(id);
    REQUIRE(r.contains("result"));
    return r["result"]["contents"]["value"].get<std::string>();
  }
};

// Serves the input to its end.
Session serve(std::istream& in) {
  std::ostringstream out;
  custody::lsp::ServerOptions opts;
  Session s;
  s.exit_code = custody::lsp::run_server(in, out, opts);
  s.out = messages(out.str());
  return s;
}

Session serve(const std::string& input) {
  std::istringstream in(input);
  return serve(in);
}

constexpr const char* kErrors =
    "\n\n(the spec has errors: names that did not resolve are left out)";

}  // namespace

// --- partial models ---------------------------------------------------------------------

TEST_CASE("server: hovers on a law, threat, site and assertion whose names are not declared at all",
          "[lsp]") {
  // The partial model kept index 0 for each unresolved name, and the tables were empty:
  // the first hover was a segmentation fault.
  Session s = serve(kInitialize +
                    open("law l: x compels y\n"
                         "threat t: x compromises at most 1 of y\n"
                         "site s in J\n"
                         "assert q: nobody can read d\n") +
                    frame(request(2, "textDocument/hover", at(0, 4))) +
                    frame(request(3, "textDocument/hover", at(1, 7))) +
                    frame(request(4, "textDocument/hover", at(2, 5))) +
                    frame(request(5, "textDocument/hover", at(3, 7))));
  CHECK(s.hover(2) == std::string("**law** `l`\n\ndeclared at /custody-test/spec.custody:1\n"
                                  "- (unresolved) compels (unresolved)") +
                          kErrors);
  CHECK(s.hover(3) == std::string("**threat** `t`\n\ndeclared at /custody-test/spec.custody:2\n"
                                  "- (unresolved) compromises at most 1 of (unresolved)") +
                          kErrors);
  CHECK(s.hover(4) == std::string("**site** `s`\n\ndeclared at /custody-test/spec.custody:3\n"
                                  "- in (unresolved)\n- no operator") +
                          kErrors);
  CHECK(s.hover(5) == std::string("**assertion** `q`\n\ndeclared at /custody-test/spec.custody:4\n"
                                  "- names in it are (unresolved)") +
                          kErrors);
}

TEST_CASE("server: hovers on names that do not resolve never show the first entity of their kind",
          "[lsp]") {
  // With the tables not empty, index 0 named their first entry: `site s in J` showed
  // "in `X`", the law and threat `a`, the assertion `k`.
  Session s = serve(kInitialize +
                    open("jurisdiction X\n"
                         "actor a in X\n"
                         "key k held by a\n"
                         "site s in J operated by a\n"
                         "law l: x compels a\n"
                         "threat t: x compromises at most 1 of a\n"
                         "assert q: a cannot read nothing\n"
                         "data d encrypted by nokey stored at s\n") +
                    frame(request(2, "textDocument/hover", at(3, 5))) +
                    frame(request(3, "textDocument/hover", at(4, 4))) +
                    frame(request(4, "textDocument/hover", at(5, 7))) +
                    frame(request(5, "textDocument/hover", at(6, 7))) +
                    frame(request(6, "textDocument/hover", at(7, 5))));
  CHECK(s.hover(2) == std::string("**site** `s`\n\ndeclared at /custody-test/spec.custody:4\n"
                                  "- in (unresolved)\n- operated by `a`") +
                          kErrors);
  CHECK(s.hover(3) == std::string("**law** `l`\n\ndeclared at /custody-test/spec.custody:5\n"
                                  "- (unresolved) compels `a`") +
                          kErrors);
  CHECK(s.hover(4) == std::string("**threat** `t`\n\ndeclared at /custody-test/spec.custody:6\n"
                                  "- (unresolved) compromises at most 1 of `a`") +
                          kErrors);
  CHECK(s.hover(5) == std::string("**assertion** `q`\n\ndeclared at /custody-test/spec.custody:7\n"
                                  "- names in it are (unresolved)") +
                          kErrors);
  // The key that did not resolve is left out; the note says so.
  CHECK(s.hover(6) ==
        std::string("**data** `d`\n\ndeclared at /custody-test/spec.custody:8\n"
                    "- not encrypted\n- stored form stored at `s` (s operated by `a`)\n\n"
                    "who can read it: not computed (the spec has errors)") +
            kErrors);
}

TEST_CASE("server: definition, references, symbols and rename on a spec whose names do not resolve",
          "[lsp]") {
  json rename = at(0, 4);
  rename["newName"] = "law2";
  json references = at(2, 5);
  references["context"] = {{"includeDeclaration", true}};
  Session s =
      serve(kInitialize +
            open("law l: x compels y\n"
                 "threat t: x compromises at most 1 of y\n"
                 "site s in J\n") +
            frame(request(2, "textDocument/definition", at(1, 7))) +
            frame(request(3, "textDocument/references", references)) +
            frame(request(4, "textDocument/documentSymbol", {{"textDocument", {{"uri", kUri}}}})) +
            frame(request(5, "textDocument/prepareRename", at(2, 5))) +
            frame(request(6, "textDocument/rename", rename)));
  CHECK(s.response(2)["result"]["range"]["start"] == json{{"line", 1}, {"character", 7}});
  CHECK(s.response(3)["result"].size() == 1);
  std::vector<std::string> symbols;
  for (const json& sym : s.response(4)["result"]) symbols.push_back(sym["name"]);
  CHECK(symbols == std::vector<std::string>{"l", "t", "s"});
  CHECK(s.response(5)["result"]["placeholder"] == "s");
  CHECK(s.response(6)["result"]["changes"][kUri].size() == 1);
}

// --- frames -----------------------------------------------------------------------------

namespace {

// The heap in use, as glibc counts it. Under AddressSanitizer, whose allocator glibc does
// not see, it stays near zero and the checks below hold trivially.
std::size_t heap_in_use() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// Input that arrives 4 KiB at a time, noting the heap in use whenever more is asked for:
// that is, while the server waits for bytes.
class WatchedInput : public std::streambuf {
 public:
  explicit WatchedInput(std::string data) : data_(std::move(data)) {}
  std::size_t peak = 0;

 protected:
  int_type underflow() override {
    peak = std::max(peak, heap_in_use());
    if (at_ >= data_.size()) return traits_type::eof();
    std::size_t n = std::min<std::size_t>(4096, data_.size() - at_);
    setg(data_.data() + at_, data_.data() + at_, data_.data() + at_ + n);
    at_ += n;
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string data_;
  std::size_t at_ = 0;
};

}  // namespace

TEST_CASE("server: a Content-Length of 9999999999 is refused, and the next message is answered",
          "[lsp]") {
  // The whole announced length was allocated before a byte of the body was read.
  Session s = serve(kInitialize + "Content-Length: 9999999999\r\n\r\n{}" +
                    frame(request(2, "no/such/method")));
  REQUIRE(s.frame_errors().size() == 1);
  CHECK(s.frame_errors()[0] ==
        "-32700 frame too large: 'Content-Length' is above the limit of 67108864 bytes (64 MiB)");
  CHECK(s.response(2)["error"]["code"] == -32601);
}

TEST_CASE("server: a body announced larger than what arrives takes memory only for what arrives",
          "[lsp]") {
  // 60 MB is under the cap: the frame is read, and it ends two bytes in.
  WatchedInput input(kInitialize + "Content-Length: 60000000\r\n\r\n{}");
  std::istream in(&input);
  std::size_t before = heap_in_use();
  Session s = serve(in);
  CHECK(input.peak - std::min(input.peak, before) < (std::size_t{8} << 20));
  REQUIRE(s.frame_errors().size() == 1);
  CHECK(s.frame_errors()[0] ==
        "-32700 truncated frame: the input ended after 2 of the 60000000 bytes of its body");
  CHECK(s.exit_code == 1);
}

TEST_CASE("server: after a header block without Content-Length, the next message is answered",
          "[lsp]") {
  SECTION("a block with a body") {
    // The body ran into the next frame's header line, which was then not seen as one.
    Session s =
        serve(kInitialize + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" +
              request(90, "no/such/method").dump() + frame(request(2, "no/such/method")));
    REQUIRE(s.frame_errors().size() == 1);
    CHECK(s.frame_errors()[0] == "-32700 invalid header: expected 'Content-Length: <bytes>'");
    CHECK_FALSE(s.answered(90));
    CHECK(s.response(2)["error"]["code"] == -32601);
  }
  SECTION("a block of garbage") {
    Session s = serve(kInitialize + "garbage\r\n\r\n" + frame(request(2, "no/such/method")));
    CHECK(s.frame_errors() ==
          std::vector<std::string>{"-32700 invalid header: expected 'Content-Length: <bytes>'"});
    CHECK(s.response(2)["error"]["code"] == -32601);
  }
  SECTION("garbage with no blank line before the next frame") {
    Session s = serve(kInitialize + "garbage" + frame(request(2, "no/such/method")));
    CHECK(
        s.frame_errors() ==
        std::vector<std::string>{"-32700 invalid frame: bytes before its 'Content-Length' header"});
    CHECK(s.response(2)["error"]["code"] == -32601);
  }
}

TEST_CASE(
    "server: a Content-Length that is not a count of bytes is answered, and the next message is "
    "read",
    "[lsp]") {
  auto value = GENERATE(as<std::string>{}, "abc", "-2", "+2", "2x", "",
                        "99999999999999999999999999", "0x10");
  CAPTURE(value);
  Session s = serve(kInitialize + "Content-Length: " + value + "\r\n\r\n{}" +
                    frame(request(2, "no/such/method")));
  REQUIRE(s.frame_errors().size() == 1);
  if (value.size() > 20) {
    CHECK(s.frame_errors()[0] ==
          "-32700 frame too large: 'Content-Length' is above the limit of 67108864 bytes (64 MiB)");
  } else {
    CHECK(s.frame_errors()[0] ==
          "-32700 invalid header: 'Content-Length' must be one count of bytes in decimal");
  }
  CHECK(s.response(2)["error"]["code"] == -32601);
}

TEST_CASE("server: two different Content-Length values in one block are refused", "[lsp]") {
  Session s = serve(kInitialize + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}" +
                    frame(request(2, "no/such/method")));
  CHECK(s.frame_errors() ==
        std::vector<std::string>{
            "-32700 invalid header: 'Content-Length' must be one count of bytes in decimal"});
  CHECK(s.response(2)["error"]["code"] == -32601);
}

TEST_CASE("server: headers with spaces around values, any case, other headers, and \\n line ends",
          "[lsp]") {
  std::string body = request(2, "no/such/method").dump();
  std::string n = std::to_string(body.size());
  std::string header = GENERATE_COPY(
      as<std::string>{}, "Content-Length: " + n + "\r\n\r\n", "Content-Length:" + n + "\r\n\r\n",
      "Content-Length: \t" + n + " \t\r\n\r\n", "  content-LENGTH: " + n + "\r\n\r\n",
      "Content-Length: " + n + "\n\n", "Content-Length: " + n + "\r\n\n",
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: " + n +
          "\r\n\r\n",
      "Content-Length: " + n + "\r\nContent-Length: " + n + "\r\n\r\n",
      "\r\n\n\r\nContent-Length: " + n + "\r\n\r\n");
  CAPTURE(header);
  Session s = serve(kInitialize + header + body);
  CHECK(s.frame_errors().empty());
  CHECK(s.response(2)["error"]["code"] == -32601);
}

TEST_CASE("server: a space before the colon is not a Content-Length header (RFC 9112)", "[lsp]") {
  Session s =
      serve(kInitialize + "Content-Length : 2\r\n\r\n{}" + frame(request(2, "no/such/method")));
  CHECK(s.frame_errors() ==
        std::vector<std::string>{"-32700 invalid header: expected 'Content-Length: <bytes>'"});
  CHECK(s.response(2)["error"]["code"] == -32601);
}

TEST_CASE("server: a frame cut short by the end of the input is answered with an error", "[lsp]") {
  SECTION("in the body") {
    Session s = serve(kInitialize + "Content-Length: 100\r\n\r\n{\"jsonrpc\"");
    CHECK(s.frame_errors() ==
          std::vector<std::string>{
              "-32700 truncated frame: the input ended after 10 of the 100 bytes of its body"});
    CHECK(s.exit_code == 1);
  }
  SECTION("in the headers") {
    Session s = serve(kInitialize + "Content-Length: 100\r\n");
    CHECK(s.frame_errors() ==
          std::vector<std::string>{"-32700 truncated frame: the input ended inside its headers"});
    CHECK(s.exit_code == 1);
  }
  SECTION("between frames, it is just the end") {
    Session s = serve(kInitialize + "\r\n");
    CHECK(s.frame_errors().empty());
    CHECK(s.exit_code == 1);
  }
}

TEST_CASE(
    "server: a body longer than its Content-Length costs one error, and the next message is read",
    "[lsp]") {
  // `{}` is read as the body (an invalid request); the rest runs into the next header.
  Session s =
      serve(kInitialize + "Content-Length: 2\r\n\r\n{}xyz" + frame(request(2, "no/such/method")));
  CHECK(s.frame_errors() ==
        std::vector<std::string>{
            "-32600 invalid request: expected an object with a \"method\" string",
            "-32700 invalid frame: bytes before its 'Content-Length' header"});
  CHECK(s.response(2)["error"]["code"] == -32601);
}

TEST_CASE("server: a header line longer than 4096 bytes is refused, and the next message is read",
          "[lsp]") {
  SECTION("garbage running into the next frame") {
    Session s = serve(kInitialize + std::string(100000, 'x') + frame(request(2, "no/such/method")));
    CHECK(s.frame_errors() ==
          std::vector<std::string>{"-32700 invalid header: a line longer than 4096 bytes"});
    CHECK(s.response(2)["error"]["code"] == -32601);
  }
  SECTION("the next frame's header straddling the limit") {
    Session s = serve(kInitialize + std::string(4090, 'x') + frame(request(2, "no/such/method")));
    CHECK(s.frame_errors().size() == 1);
    CHECK(s.response(2)["error"]["code"] == -32601);
  }
}

// --- version 2 ---------------------------------------------------------------------------

TEST_CASE("server: hovers show phases, roles, forgets, public, times, scoped laws and gates",
          "[lsp]") {
  Session s = serve(kInitialize +
                    open("phase before \"Before the switch\"\n"                            // 0
                         "phase after\n"                                                  // 1
                         "role provider\n"                                                // 2
                         "jurisdiction US\n"                                              // 3
                         "actor user in US forgets\n"                                     // 4
                         "actor svc in US as provider\n"                                  // 5
                         "actor court in US\n"                                            // 6
                         "site dc in US operated by svc until before\n"                   // 7
                         "key token held by user\n"                                       // 8
                         "key k hsm at dc used by holders of token during before\n"       // 9
                         "key s held by public\n"                                         // 10
                         "data d encrypted by k held by user\n"                           // 11
                         "law cl: court compels provider in US for d, use k from after\n" // 12
                         "threat t: court compromises at most 1 of svc, dc from after\n"  // 13
                         "assert a1: court cannot read d in after when t[dc]\n") +        // 14
                    frame(request(2, "textDocument/hover", at(1, 7))) +
                    frame(request(3, "textDocument/hover", at(2, 6))) +
                    frame(request(4, "textDocument/hover", at(4, 7))) +
                    frame(request(5, "textDocument/hover", at(5, 7))) +
                    frame(request(6, "textDocument/hover", at(7, 5))) +
                    frame(request(7, "textDocument/hover", at(9, 4))) +
                    frame(request(8, "textDocument/hover", at(12, 4))) +
                    frame(request(9, "textDocument/hover", at(13, 7))) +
                    frame(request(10, "textDocument/hover", at(14, 8))) +
                    frame(request(11, "textDocument/hover", at(10, 16))));
  CHECK(s.hover(2) == "**phase** `after`\n\ndeclared at /custody-test/spec.custody:2\n"
                      "- phase 2 of 2: before → **after**\n"
                      "- starts with what every actor that does not forget held at the end of `before`");
  CHECK(s.hover(3) == "**role** `provider`\n\ndeclared at /custody-test/spec.custody:3\n"
                      "- actors: `svc`");
  CHECK(s.hover(4) == "**actor** `user`\n\ndeclared at /custody-test/spec.custody:5\n"
                      "- subject to `US`\n- forgets: carries nothing into the next phase");
  CHECK(s.hover(5) == "**actor** `svc`\n\ndeclared at /custody-test/spec.custody:6\n"
                      "- subject to `US`\n- acts as `provider`\n"
                      "- retains what it holds from one phase to the next");
  CHECK(s.hover(6) == "**site** `dc`\n\ndeclared at /custody-test/spec.custody:8\n"
                      "- in `US`\n- operated by `svc`\n- exists only `during before`");  // the only phase up to `before`
  CHECK(s.hover(7).rfind("**key** `k`\n\ndeclared at /custody-test/spec.custody:10\n"
                         "- in an HSM at `dc`, usable by whoever holds `token` `during before`", 0) == 0);
  CHECK(s.hover(8) == "**law** `cl`\n\ndeclared at /custody-test/spec.custody:13\n"
                      "- `court` compels `provider` in `US` for `d`, use `k` `from after`");
  CHECK(s.hover(9) == "**threat** `t`\n\ndeclared at /custody-test/spec.custody:14\n"
                      "- `court` compromises at most 1 of `svc`, sites `dc` `from after`\n"
                      "- the bound covers the whole timeline; the time limits only what it takes");
  CHECK(s.hover(10).rfind("**assertion** `a1`\n\ndeclared at /custody-test/spec.custody:15\n"
                          "- court cannot read d in after when t[dc]", 0) == 0);
  CHECK(s.hover(11).find("built in: in no jurisdiction") != std::string::npos);
}
