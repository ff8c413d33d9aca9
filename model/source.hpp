#pragma once
/// Source text and positions shared by every layer.
///
/// A `SourceSet` owns the text of every file loaded for one run. Everything else refers to
/// text by `Span` (file index plus byte offsets), so values stay small and copyable; line
/// and column are computed only when something is printed.

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace custody {

using FileId = std::uint32_t;
/// A span in no file, for errors about a file that could not be read at all.
inline constexpr FileId kNoFile = 0xffffffffu;

/// A half-open byte range [begin, end) in one file of a `SourceSet`.
struct Span {
  FileId file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  friend bool operator==(const Span&, const Span&) = default;
  friend auto operator<=>(const Span&, const Span&) = default;
};

/// A 1-based line and column. Columns count bytes.
struct LineCol {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// One loaded file: the path as given (or as resolved for imports) and its bytes.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  /// Line and column (both 1-based, column in bytes) of a byte offset; offsets past the
  /// end map to the end of the file.
  LineCol line_col(std::uint32_t offset) const;
  /// The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  /// Byte offset of the start of a 1-based line (clamped to the text).
  std::uint32_t line_start(std::uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

/// The largest spec file that is read (64 MiB): a bigger file, or a device that never ends,
/// is refused rather than read into memory.
inline constexpr std::size_t kMaxSpecBytes = std::size_t{64} << 20;

/// Reads files for the loader. A seam, so that the language server can serve unsaved
/// buffers and tests can serve text from memory.
class FileReader {
 public:
  virtual ~FileReader() = default;
  /// The file's bytes, or nullopt when it cannot be read.
  virtual std::optional<std::string> read(const std::string& path) = 0;
};

/// Reads from the file system: regular files only (a device or a named pipe is never
/// opened for reading, so it cannot block or stream forever), at most kMaxSpecBytes.
class DiskReader : public FileReader {
 public:
  std::optional<std::string> read(const std::string& path) override;
};

/// All files of one run, indexed by `FileId`.
class SourceSet {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }
  /// The id of a file already added under this exact path.
  std::optional<FileId> find(const std::string& path) const;

  LineCol line_col(const Span& s) const { return file(s.file).line_col(s.begin); }
  std::string_view text(const Span& s) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace custody
