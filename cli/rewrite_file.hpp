#pragma once
/// Rewriting a user's file in place without exposing or endangering it, for `custody fmt`.

#include <string>
#include <string_view>

namespace custody::cli {

/// Replaces the contents of the file at `path` with `text`, or leaves it untouched.
///
/// A symbolic link is resolved: its target gets the new text and the link stays a link.
/// The text goes to a new file beside the target, created with a random name and
/// `O_EXCL` (mkostemp), so nothing planted at a predictable name is followed or reused.
/// Before the first byte is written the new file gets the target's owner (where allowed:
/// a user may not give a file away) and mode, so it is never readable by more people
/// than the target is. It is written, synced, renamed over the target, and the folder is
/// synced. On any failure the new file is removed.
///
/// A file whose mode has no write bit for its owner is refused even when the user could
/// write it (as root can): read-only says "do not change me". So is a file the user may
/// not write, and anything but a regular file.
///
/// Returns true when the file holds `text`; else false, with `*err` saying why in
/// lowercase words ("it is read-only (mode 0444)").
bool rewrite_file(const std::string& path, std::string_view text, std::string* err);

}  // namespace custody::cli
