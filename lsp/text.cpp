#include "lsp/text.hpp"

#include <algorithm>

namespace custody::lsp {

namespace {

// Bytes of the UTF-8 sequence at `i` and its UTF-16 length; one byte and one unit for an
// invalid or truncated sequence.
std::pair<std::size_t, std::uint32_t> code_point(std::string_view t, std::size_t i) {
  auto c = static_cast<unsigned char>(t[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > t.size()) return {1, 1};
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(t[i + k]) & 0xC0) != 0x80) return {1, 1};
  }
  return {len, len == 4 ? 2u : 1u};
}

std::size_t line_start(std::string_view text, std::uint32_t line) {
  std::size_t at = 0;
  for (std::uint32_t l = 0; l < line; ++l) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) return text.size();
    at = nl + 1;
  }
  return at;
}

// Advances from `at` (a line start) by `units` UTF-16 units, stopping at the line's end.
std::size_t advance(std::string_view text, std::size_t at, std::uint32_t units) {
  std::uint32_t done = 0;
  while (at < text.size() && done < units && text[at] != '\n') {
    if (text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n') break;
    auto [bytes, u] = code_point(text, at);
    at += bytes;
    done += u;
  }
  return at;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::size_t to_offset(std::string_view text, Position p) {
  std::size_t start = line_start(text, p.line);
  return advance(text, start, p.character);
}

Position to_position(const SourceFile& file, std::uint32_t offset) {
  std::string_view text = file.text();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  LineCol lc = file.line_col(offset);
  std::size_t at = file.line_start(lc.line);
  std::uint32_t units = 0;
  while (at < offset) {
    auto [bytes, u] = code_point(text, at);
    at += bytes;
    units += u;
  }
  return {lc.line - 1, units};
}

void apply_change(std::string& text, Position begin, Position end, std::string_view replacement) {
  std::size_t b = to_offset(text, begin);
  std::size_t e = std::max(b, to_offset(text, end));
  text.replace(b, e - b, replacement);
}

std::string uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.substr(0, kScheme.size()) != kScheme) return std::string(uri);
  std::string_view rest = uri.substr(kScheme.size());
  // file://host/path: keep only the path (a host other than localhost is not served).
  std::size_t slash = rest.find('/');
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  std::string out;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) >= 0 && hex(rest[i + 2]) >= 0) {
      out += static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2]));
      i += 2;
    } else {
      out += rest[i];
    }
  }
  return out;
}

std::string path_to_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace custody::lsp
