#pragma once
/// The language server's transport: reading the frames of the LSP base protocol, a block
/// of `Name: value` header lines ended by an empty line, then `Content-Length` bytes of
/// body.
///
/// The bytes come from another process and are not trusted. Memory grows with the bytes
/// that actually arrive, never with the length a header announces; a frame that cannot be
/// read is reported (the server answers it with a JSON-RPC error) and reading goes on
/// with the next frame, so one bad frame costs one error, not the session.

#include <cstddef>
#include <iosfwd>
#include <string>

namespace custody::lsp {

/// The largest body accepted, in bytes (64 MiB). A 10,000-line spec is about 400 KB, and
/// a `didOpen` carries one document, so this is far above any real message and far below
/// what would hurt the machine.
inline constexpr std::size_t kMaxFrameBytes = std::size_t{64} << 20;

/// The longest header line read, in bytes. The protocol has two short headers
/// (`Content-Length` and `Content-Type`); a longer line is taken as garbage.
inline constexpr std::size_t kMaxHeaderLine = 4096;

/// What one read found.
struct Frame {
  enum class Status {
    ok,   ///< `body` holds a whole body (not yet parsed: it may not be JSON)
    bad,  ///< a frame could not be read; `error` says why, for the JSON-RPC error
    end,  ///< the input ended between frames (or after a `bad` frame that it cut short)
  };
  Status status = Status::end;
  std::string body;
  std::string error;
};

/// Reads frames from a stream. Lenient in what is harmless: names are matched without
/// regard to case, spaces and tabs before a name and around a value are ignored (not
/// between a name and its colon, which RFC 9112 forbids), lines may end with `\n` as well
/// as `\r\n`, blank lines between frames and header lines other than `Content-Length`
/// (`Content-Type`, or lines without a colon) are skipped.
///
/// A frame is `bad` when its header block has no `Content-Length`; when the value is not
/// a decimal byte count (empty, signed, other characters, two different values); when it
/// is above kMaxFrameBytes; when a header line is longer than kMaxHeaderLine; when bytes
/// precede `Content-Length:` on its line (the tail of a body longer than its header
/// said); and when the input ends inside the headers or the body. When the extent of a
/// bad frame is unknown, reading resumes at the next `Content-Length:` in the input
/// (wherever it is on its line, as a body runs straight into the next header), so the
/// following well-formed message is read normally.
class FrameReader {
 public:
  /// Reads from `in`'s stream buffer, which must outlive the reader.
  explicit FrameReader(std::istream& in);

  /// Reads the next frame; blocks until it has arrived or the input ends.
  Frame next();

  /// Whether input is already waiting to be read (bytes given back by the reader or in
  /// the stream's buffer), that is whether another message is most likely on its way.
  bool waiting() const;

 private:
  struct Line;

  int get();
  std::size_t read_some(char* out, std::size_t n);
  void unread(std::string bytes);
  Line read_line();
  bool skip_to_content_length();
  Frame read_body(std::size_t length);
  Frame bad(std::string error, bool resync);

  std::streambuf* in_;
  std::string given_back_;    // bytes to read again before the stream's
  std::size_t given_at_ = 0;  // the next of them
  bool resync_ = false;       // skip to the next `Content-Length:` before the next frame
};

}  // namespace custody::lsp
