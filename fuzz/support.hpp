#pragma once
/// What the fuzz targets share: files served from memory, the span invariant, and how a
/// finding is reported (a message on stderr, then abort, which libFuzzer records as a
/// crash with its reproducer).

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "model/diagnostic.hpp"
#include "model/source.hpp"

namespace custody::fuzz {

/// Serves files from a map keyed by normalized path; every other path cannot be read, so a
/// fuzz input never reaches the disk.
class MemoryReader : public FileReader {
 public:
  explicit MemoryReader(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::optional<std::string> read(const std::string& path) override {
    auto it = files_.find(std::filesystem::path(path).lexically_normal().string());
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
};

/// Reports a finding and aborts.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// A span lies in one of the loaded files (or in no file) and within its text.
inline bool span_ok(const SourceSet& sources, const Span& s) {
  if (s.file == kNoFile) return s.begin == 0 && s.end == 0;
  if (s.file >= sources.size()) return false;
  return s.begin <= s.end && s.end <= sources.file(s.file).text().size();
}

/// Aborts unless every diagnostic's span, and every note's, lies within its file.
inline void require_spans_in_files(const SourceSet& sources, const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items()) {
    auto where = [&](const Span& s) {
      return "[" + d.code + "] " + d.message + ": span file " + std::to_string(s.file) + " bytes " +
             std::to_string(s.begin) + ".." + std::to_string(s.end);
    };
    if (!span_ok(sources, d.span)) fail("diagnostic outside its file: " + where(d.span));
    for (const Note& n : d.notes) {
      if (!span_ok(sources, n.span)) fail("note outside its file: " + where(n.span));
    }
  }
}

}  // namespace custody::fuzz
