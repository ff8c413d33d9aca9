// SARIF artifact URIs of file names: RFC 3986 relative references and file URIs.
#include <catch2/catch.hpp>

#include <string>

#include "cli/sarif.hpp"

using custody::cli::artifact_uri;

namespace {

// Percent-decoding, as a SARIF consumer does before it opens the file.
std::string decoded(const std::string& uri) {
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size()) {
      out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("sarif: a plain relative path is its own uri", "[cli]") {
  CHECK(artifact_uri("specs/icloud-china.custody") == "specs/icloud-china.custody");
  CHECK(artifact_uri("a_b~c/x+y,z;w=v@h!$&'()*.custody") == "a_b~c/x+y,z;w=v@h!$&'()*.custody");
}

TEST_CASE("sarif: a colon in the first segment cannot read as a scheme", "[cli]") {
  // Regression: `we:ird "q" <x>.custody` came out as `we:ird%20"q"%20<x>.custody`, a URI
  // with scheme `we` and the raw characters `"<>`, which URIs may not hold.
  std::string uri = artifact_uri("we:ird \"q\" <x>.custody");
  CHECK(uri == "./we:ird%20%22q%22%20%3Cx%3E.custody");
  CHECK(decoded(uri) == "./we:ird \"q\" <x>.custody");
  // A later segment may hold ':'.
  CHECK(artifact_uri("dir/we:ird.custody") == "dir/we:ird.custody");
}

TEST_CASE("sarif: reserved, control and non-ASCII bytes are percent-encoded", "[cli]") {
  CHECK(artifact_uri("a%b#c?d[e]f\\g`h{i}j|k^l.custody") ==
        "a%25b%23c%3Fd%5Be%5Df%5Cg%60h%7Bi%7Dj%7Ck%5El.custody");
  // Regression: a newline came out as the four characters `\x0a`, a file that does not exist.
  CHECK(artifact_uri("nl\nname.custody") == "nl%0Aname.custody");
  CHECK(artifact_uri("caf\xc3\xa9.custody") == "caf%C3%A9.custody");  // UTF-8 octets
  CHECK(artifact_uri("bad\xff.custody") == "bad%FF.custody");         // not UTF-8: the byte
  std::string odd = "x\x01\x7f y\xe4\xb8\xad\xff:@.custody";
  CHECK(decoded(artifact_uri(odd)) == "./" + odd);  // "./" because of the ':'
  CHECK(decoded(artifact_uri("sub/" + odd)) == "sub/" + odd);
}

TEST_CASE("sarif: an absolute path is a file uri, encoded the same way", "[cli]") {
  CHECK(artifact_uri("/tmp/specs/a.custody") == "file:///tmp/specs/a.custody");
  std::string uri = artifact_uri("/tmp/we:ird \"q\" <x>.custody");
  CHECK(uri == "file:///tmp/we:ird%20%22q%22%20%3Cx%3E.custody");
  CHECK(decoded(uri.substr(7)) == "/tmp/we:ird \"q\" <x>.custody");
}
