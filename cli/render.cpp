#include "cli/render.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace custody::cli {
namespace {

const char* color_of(Severity s) {
  switch (s) {
    case Severity::error: return "\x1b[1;31m";
    case Severity::warning: return "\x1b[1;35m";
    case Severity::note: return "\x1b[1;36m";
  }
  return "";
}

std::size_t utf8_len(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return len;
}

// `s` with invalid UTF-8 and control bytes as `\xNN`; tab stays, and so do CR and LF
// when `keep_breaks` (a workflow command escapes them its own way).
std::string escape_unprintable(std::string_view s, bool keep_breaks) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = utf8_len(s, i);
    auto c = static_cast<unsigned char>(s[i]);
    bool brk = c == '\n' || c == '\r';
    if (len == 0 || (c < 0x20 && c != '\t' && !(keep_breaks && brk)) || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

// The source line with a caret under [col, col+width), cut to a window around the caret
// when the line is long.
std::string snippet(const SourceSet& sources, const Span& span, Style style) {
  const SourceFile& f = sources.file(span.file);
  LineCol lc = f.line_col(span.begin);
  std::string_view line = f.line_text(lc.line);
  std::size_t col = lc.column - 1;
  std::size_t width = 1;
  if (span.end > span.begin) {
    std::size_t line_end = f.line_start(lc.line) + line.size();
    width = std::max<std::size_t>(1, std::min<std::size_t>(span.end, line_end) - span.begin);
  }
  constexpr std::size_t kWindow = 120;
  std::size_t from = 0;
  std::string prefix;
  if (line.size() > kWindow) {
    from = col > kWindow / 2 ? col - kWindow / 2 : 0;
    if (from > 0) prefix = "...";
    line = line.substr(from, kWindow);
    width = std::min(width, kWindow);
  }
  std::string shown = prefix, marks(prefix.size(), ' ');
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = utf8_len(line, i);
    unsigned char c = static_cast<unsigned char>(line[i]);
    bool before = from + i < col;
    bool under = from + i >= col && from + i < col + width;
    if (c == '\t') {
      shown += '\t';
      marks += before ? '\t' : (under ? '^' : ' ');
      ++i;
    } else if (len == 0 || c < 0x20 || c == 0x7f) {
      shown += '?';
      marks += before ? ' ' : (under ? '^' : ' ');
      ++i;
    } else {
      shown.append(line.substr(i, len));
      marks += before ? ' ' : (under ? '^' : ' ');
      i += len;
    }
  }
  if (from + line.size() <= col) marks += '^';  // caret at end of line or file
  while (!marks.empty() && marks.back() == ' ') marks.pop_back();
  std::string gutter = fmt::format("{:>5} | ", lc.line);
  std::string blank = "      | ";
  if (style.color) marks = "\x1b[1;32m" + marks + "\x1b[0m";
  return gutter + shown + "\n" + blank + marks + "\n";
}

}  // namespace

std::string count_noun(std::size_t n, const char* noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string printable(std::string_view s) { return escape_unprintable(s, false); }

std::string json_text(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string location(const SourceSet& sources, const Span& span) {
  if (span.file == kNoFile) return "custody";
  LineCol lc = sources.line_col(span);
  return fmt::format("{}:{}:{}", printable(sources.file(span.file).path()), lc.line, lc.column);
}

std::string render_text(const SourceSet& sources, const Diagnostic& d, Style style) {
  auto header = [&](Severity sev, const Span& sp, const std::string& msg) {
    std::string loc = location(sources, sp);
    if (!style.color) return fmt::format("{}: {}: {}\n", loc, to_string(sev), printable(msg));
    return fmt::format("\x1b[1m{}:\x1b[0m {}{}:\x1b[0m \x1b[1m{}\x1b[0m\n", loc, color_of(sev),
                       to_string(sev), printable(msg));
  };
  std::string out = header(d.severity, d.span, d.message);
  if (d.span.file != kNoFile) out += snippet(sources, d.span, style);
  for (const Note& n : d.notes) {
    out += header(Severity::note, n.span, n.message);
    if (n.span.file != kNoFile) out += snippet(sources, n.span, style);
  }
  return out;
}

std::string render_gcc(const SourceSet& sources, const Diagnostic& d) {
  std::string out = fmt::format("{}: {}: {}\n", location(sources, d.span), to_string(d.severity),
                                printable(d.message));
  for (const Note& n : d.notes) {
    out += fmt::format("{}: note: {}\n", location(sources, n.span), printable(n.message));
  }
  return out;
}

std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : escape_unprintable(s, true)) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_github(const SourceSet& sources, const Diagnostic& d) {
  const char* level = d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "notice";
  std::string message = d.message;
  for (const Note& n : d.notes) message += "\n" + location(sources, n.span) + ": " + n.message;
  std::string props;
  if (d.span.file != kNoFile) {
    const SourceFile& f = sources.file(d.span.file);
    LineCol b = f.line_col(d.span.begin), e = f.line_col(std::max(d.span.end, d.span.begin));
    props = fmt::format("file={},line={},col={},endLine={},endColumn={},", github_escape(f.path(), true),
                        b.line, b.column, e.line, e.column);
  }
  props += "title=" + github_escape("custody " + d.code, true);
  return fmt::format("::{} {}::{}\n", level, props, github_escape(message, false));
}

nlohmann::json span_json(const SourceSet& sources, const Span& span) {
  if (span.file == kNoFile) return nlohmann::json(nullptr);
  const SourceFile& f = sources.file(span.file);
  LineCol b = f.line_col(span.begin);
  LineCol e = f.line_col(std::max(span.end, span.begin));
  return {{"file", f.path()},
          {"line", b.line},
          {"column", b.column},
          {"end_line", e.line},
          {"end_column", e.column}};
}

nlohmann::json to_json(const SourceSet& sources, const Diagnostic& d) {
  nlohmann::json notes = nlohmann::json::array();
  for (const Note& n : d.notes) {
    notes.push_back({{"message", n.message}, {"location", span_json(sources, n.span)}});
  }
  return {{"severity", to_string(d.severity)},
          {"code", d.code},
          {"message", d.message},
          {"location", span_json(sources, d.span)},
          {"notes", notes}};
}

}  // namespace custody::cli
