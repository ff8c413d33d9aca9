// Reading LSP frames (frame.hpp). The reader holds at most one header line, the body read
// so far, and the bytes it gives back to itself when a line turns out to hold the start
// of the next frame.

#include "lsp/frame.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <istream>
#include <optional>
#include <string_view>

namespace custody::lsp {
namespace {

constexpr std::string_view kContentLength = "content-length:";
// The body is read this many bytes at a time, so that it grows with what arrives.
constexpr std::size_t kChunk = 64 * 1024;
constexpr int kEof = std::char_traits<char>::eof();

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Where `Content-Length:` starts in a line, in any case; npos when it is not there.
std::size_t find_content_length(std::string_view line) {
  auto it = std::search(line.begin(), line.end(), kContentLength.begin(), kContentLength.end(),
                        [](char a, char b) { return lower(a) == b; });
  return it == line.end() ? std::string_view::npos : static_cast<std::size_t>(it - line.begin());
}

std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The count of a `Content-Length` value, nullopt when it is not a decimal count. Counts
// above kMaxFrameBytes come back as kMaxFrameBytes + 1: however many digits there are,
// nothing overflows.
std::optional<std::size_t> byte_count(std::string_view value) {
  if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::size_t n = 0;
  for (char c : value) {
    n = n * 10 + static_cast<std::size_t>(c - '0');
    if (n > kMaxFrameBytes) return kMaxFrameBytes + 1;
  }
  return n;
}

}  // namespace

struct FrameReader::Line {
  std::string text;       // without its line break (`\n` or `\r\n`)
  bool ended = false;     // a `\n` ended it; false when the input did
  bool too_long = false;  // it runs on past kMaxHeaderLine bytes, which are all it holds
};

FrameReader::FrameReader(std::istream& in) : in_(in.rdbuf()) {}

int FrameReader::get() {
  if (given_at_ < given_back_.size()) return static_cast<unsigned char>(given_back_[given_at_++]);
  return in_->sbumpc();
}

std::size_t FrameReader::read_some(char* out, std::size_t n) {
  if (given_at_ < given_back_.size()) {
    std::size_t k = std::min(n, given_back_.size() - given_at_);
    std::copy_n(given_back_.data() + given_at_, k, out);
    given_at_ += k;
    return k;
  }
  return static_cast<std::size_t>(
      std::max<std::streamsize>(0, in_->sgetn(out, static_cast<std::streamsize>(n))));
}

void FrameReader::unread(std::string bytes) {
  given_back_ = std::move(bytes) + given_back_.substr(given_at_);
  given_at_ = 0;
}

FrameReader::Line FrameReader::read_line() {
  Line line;
  while (true) {
    int c = get();
    if (c == kEof) return line;
    if (c == '\n') break;
    if (line.text.size() == kMaxHeaderLine) {
      unread(std::string(1, static_cast<char>(c)));
      line.too_long = true;
      return line;
    }
    line.text += static_cast<char>(c);
  }
  line.ended = true;
  if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
  return line;
}

bool FrameReader::skip_to_content_length() {
  std::string matched;
  while (true) {
    int c = get();
    if (c == kEof) return false;
    char ch = static_cast<char>(c);
    if (lower(ch) == kContentLength[matched.size()]) {
      matched += ch;
      if (matched.size() == kContentLength.size()) {
        unread(std::move(matched));
        return true;
      }
    } else {
      // The pattern's first letter occurs nowhere else in it, so a match that fails can
      // only start again at this byte.
      matched.clear();
      if (lower(ch) == kContentLength[0]) matched += ch;
    }
  }
}

Frame FrameReader::bad(std::string error, bool resync) {
  resync_ = resync;
  Frame f;
  f.status = Frame::Status::bad;
  f.error = std::move(error);
  return f;
}

Frame FrameReader::next() {
  if (resync_) {
    resync_ = false;
    if (!skip_to_content_length()) return {};  // the end
  }
  std::optional<std::size_t> length;
  bool invalid = false, any = false;
  while (true) {
    Line line = read_line();
    if (line.too_long) {
      std::size_t at = find_content_length(line.text);
      if (at != std::string_view::npos && at > 0) {
        unread(line.text.substr(at));
        return bad("invalid frame: bytes before its 'Content-Length' header", false);
      }
      // A `Content-Length:` may begin in the line's last bytes and end past them.
      unread(line.text.substr(line.text.size() - (kContentLength.size() - 1)));
      return bad(fmt::format("invalid header: a line longer than {} bytes", kMaxHeaderLine), true);
    }
    if (!line.ended) {
      if (!any && line.text.empty()) return {};  // the end, between frames
      return bad("truncated frame: the input ended inside its headers", false);
    }
    if (line.text.empty()) {
      if (!any) continue;  // stray blank lines between frames
      break;
    }
    any = true;
    std::size_t at = find_content_length(line.text);
    if (at == std::string_view::npos) continue;  // Content-Type, or no header at all
    if (at != line.text.find_first_not_of(" \t")) {
      // A body longer than its header said runs into the next frame's header: what comes
      // before `Content-Length:` is the rest of that body, and the next frame starts here.
      unread(line.text.substr(at) + "\n");
      return bad("invalid frame: bytes before its 'Content-Length' header", false);
    }
    std::optional<std::size_t> count =
        byte_count(trim(std::string_view(line.text).substr(at + kContentLength.size())));
    if (!count || (length && *length != *count)) invalid = true;
    length = count;
  }
  // Without a length, where this frame's body ends is unknown: the next frame is looked
  // for at the next `Content-Length:`.
  if (invalid)
    return bad("invalid header: 'Content-Length' must be one count of bytes in decimal", true);
  if (!length) return bad("invalid header: expected 'Content-Length: <bytes>'", true);
  if (*length > kMaxFrameBytes) {
    // Skipping the announced length instead could wait forever for bytes never sent.
    return bad(
        fmt::format("frame too large: 'Content-Length' is above the limit of {} bytes (64 MiB)",
                    kMaxFrameBytes),
        true);
  }
  return read_body(*length);
}

Frame FrameReader::read_body(std::size_t length) {
  Frame f;
  f.status = Frame::Status::ok;
  // Grown as bytes arrive, never to the announced length at once: a header may announce
  // far more than is ever sent.
  while (f.body.size() < length) {
    std::size_t have = f.body.size();
    std::size_t want = std::min(kChunk, length - have);
    f.body.resize(have + want);
    std::size_t got = read_some(f.body.data() + have, want);
    f.body.resize(have + got);
    if (got == 0) {
      return bad(
          fmt::format("truncated frame: the input ended after {} of the {} bytes of its body", have,
                      length),
          false);
    }
  }
  return f;
}

bool FrameReader::waiting() const { return given_at_ < given_back_.size() || in_->in_avail() > 0; }

}  // namespace custody::lsp
