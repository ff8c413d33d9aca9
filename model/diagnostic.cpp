#include "model/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace custody {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

void Diagnostics::error(std::string code, Span span, std::string message,
                        std::vector<Note> notes) {
  items_.push_back({Severity::error, std::move(code), std::move(message), span, std::move(notes)});
}

void Diagnostics::warning(std::string code, Span span, std::string message,
                          std::vector<Note> notes) {
  items_.push_back(
      {Severity::warning, std::move(code), std::move(message), span, std::move(notes)});
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warning_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::warning;
  }));
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.file, a.span.begin, a.severity, a.message) <
           std::tie(b.span.file, b.span.begin, b.severity, b.message);
  });
  items_.erase(std::unique(items_.begin(), items_.end()), items_.end());
}

void Diagnostics::promote_warnings() {
  for (auto& d : items_) {
    if (d.severity == Severity::warning) d.severity = Severity::error;
  }
}

}  // namespace custody
