#pragma once
/// Diagnostics: plain values that every front end renders in its own format.
///
/// A library never prints; it appends `Diagnostic`s to a `Diagnostics` sink, and the
/// front end sorts and renders them (text, gcc, json, LSP).

#include <string>
#include <vector>

#include "model/source.hpp"

namespace custody {

enum class Severity { error, warning, note };

const char* to_string(Severity s);

/// A secondary location with its own message ("first declared here").
struct Note {
  Span span;
  std::string message;
  friend bool operator==(const Note&, const Note&) = default;
};

struct Diagnostic {
  Severity severity = Severity::error;
  /// Stable identifier of the kind of problem, e.g. "syntax", "duplicate-name".
  std::string code;
  /// Lowercase, concrete, no trailing period: "expected identifier, got keyword 'in'".
  std::string message;
  Span span;
  std::vector<Note> notes;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// An append-only collection of diagnostics.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void error(std::string code, Span span, std::string message, std::vector<Note> notes = {});
  void warning(std::string code, Span span, std::string message, std::vector<Note> notes = {});

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  /// Orders by file, offset, then severity and message, so output is deterministic.
  void sort();
  /// Turns every warning into an error (`--werror`).
  void promote_warnings();

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace custody
