#pragma once
/// The language server's edge between LSP positions and the library's byte offsets.
///
/// LSP positions are 0-based lines and UTF-16 code units within the line (the protocol's
/// default; Neovim 0.7 and VS Code use it). Everything inside custody counts bytes, so
/// positions are converted here and nowhere else.

#include <cstdint>
#include <string>
#include <string_view>

#include "model/source.hpp"

namespace custody::lsp {

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;  ///< UTF-16 code units from the start of the line
  friend bool operator==(const Position&, const Position&) = default;
};

/// The byte offset of a position. A character past the end of its line means the end of
/// the line; a line past the last means the end of the text; a position inside a
/// surrogate pair or a multi-byte character moves to the character's end. Invalid UTF-8
/// counts one unit per byte.
std::size_t to_offset(std::string_view text, Position p);

/// The position of a byte offset (clamped to the text).
Position to_position(const SourceFile& file, std::uint32_t offset);

/// Replaces the range [begin, end) of a text, given as positions (an incremental
/// `didChange`). A range whose end is before its start is taken as empty at the start.
void apply_change(std::string& text, Position begin, Position end, std::string_view replacement);

/// The path of a `file://` URI, percent-decoded; other URIs are returned unchanged, so
/// that an unsaved buffer still has a unique name.
std::string uri_to_path(std::string_view uri);

/// A `file://` URI for an absolute path, with reserved characters percent-encoded.
std::string path_to_uri(std::string_view path);

}  // namespace custody::lsp
