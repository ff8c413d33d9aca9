#include "parser/detail/syntax.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "parser/detail/grammar.hpp"
#include "parser/parser.hpp"

namespace custody::detail {
namespace x3 = boost::spirit::x3;

namespace {

bool is_ident_start(char c) { return grammar::is_ident_char(c) && !(c >= '0' && c <= '9'); }

// Length of the UTF-8 sequence starting at i, or 0 when it is not valid UTF-8.
std::size_t utf8_length(const std::string& t, std::size_t i) {
  auto u = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
  unsigned char c = u(i);
  std::size_t len;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) len = 3;
  else if (c >= 0xF0 && c <= 0xF4) len = 4;
  else return 0;
  if (i + len > t.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((u(i + k) & 0xC0) != 0x80) return 0;
  }
  if (len == 3 && c == 0xE0 && u(i + 1) < 0xA0) return 0;   // overlong
  if (len == 3 && c == 0xED && u(i + 1) >= 0xA0) return 0;  // surrogates
  if (len == 4 && c == 0xF0 && u(i + 1) < 0x90) return 0;   // overlong
  if (len == 4 && c == 0xF4 && u(i + 1) >= 0x90) return 0;  // past U+10FFFF
  return len;
}

bool starts_line(const std::string& t, std::size_t i) {
  while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t')) --i;
  return i == 0 || t[i - 1] == '\n' || t[i - 1] == '\r';
}

std::size_t skip_blank(const std::string& t, std::size_t i) {
  while (i < t.size()) {
    char c = t[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '#') {
      while (i < t.size() && t[i] != '\n') ++i;
    } else {
      break;
    }
  }
  return i;
}

// The next statement keyword at or after i that starts a word outside strings and
// comments; the end of the text when there is none.
std::size_t resync(const std::string& t, std::size_t i) {
  const std::size_t n = t.size();
  while (i < n) {
    char c = t[i];
    if (c == '#') {
      while (i < n && t[i] != '\n') ++i;
    } else if (c == '"') {
      ++i;
      while (i < n && t[i] != '"' && t[i] != '\n') i += (t[i] == '\\' && i + 1 < n) ? 2 : 1;
      if (i < n && t[i] == '"') ++i;
    } else if (is_ident_start(c) && (i == 0 || !grammar::is_ident_char(t[i - 1]))) {
      std::size_t j = i;
      while (j < n && grammar::is_ident_char(t[j])) ++j;
      if (is_statement_keyword(std::string_view(t).substr(i, j - i))) return i;
      i = j;
    } else {
      ++i;
    }
  }
  return n;
}

struct Prescan {
  std::vector<std::size_t> too_deep;  // offsets of '(' that exceed kMaxNesting
};

// One pass over the text: parentheses nested too deeply, and invalid UTF-8 inside strings
// and comments (outside them the parser itself reports the byte).
Prescan prescan(const std::string& t, FileId id, Diagnostics& diags) {
  Prescan out;
  int depth = 0;
  int utf8_errors = 0;
  const std::size_t n = t.size();
  auto check_utf8 = [&](std::size_t& i, const char* where) {
    std::size_t len = utf8_length(t, i);
    if (len == 0) {
      if (utf8_errors++ < 10) {
        diags.error("invalid-utf8", {id, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)},
                    fmt::format("invalid UTF-8 byte 0x{:02x} in {}", static_cast<unsigned char>(t[i]), where));
      }
      len = 1;
    }
    i += len;
  };
  std::size_t i = 0;
  while (i < n) {
    char c = t[i];
    if (c == '#') {
      while (i < n && t[i] != '\n') check_utf8(i, "comment");
    } else if (c == '"') {
      ++i;
      while (i < n && t[i] != '"' && t[i] != '\n') {
        if (t[i] == '\\' && i + 1 < n && t[i + 1] != '\n') ++i;
        check_utf8(i, "string");
      }
      if (i < n && t[i] == '"') ++i;
    } else if (c == '(') {
      if (++depth == kMaxNesting + 1) out.too_deep.push_back(i);
      ++i;
    } else if (c == ')') {
      if (depth > 0) --depth;
      ++i;
    } else if (is_ident_start(c) && (i == 0 || !grammar::is_ident_char(t[i - 1]))) {
      std::size_t j = i;
      while (j < n && grammar::is_ident_char(t[j])) ++j;
      // Unbalanced parentheses in one statement do not count against the next.
      if (is_statement_keyword(std::string_view(t).substr(i, j - i))) depth = 0;
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

bool starts_with_bom(const std::string& text) { return text.compare(0, 3, kByteOrderMark) == 0; }

bool is_statement_keyword(std::string_view w) {
  static constexpr std::string_view kWords[] = {"import", "phase", "role", "jurisdiction", "actor", "site",
                                                "condition", "key", "data", "flow",
                                                "law", "threat", "assume", "assert"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

std::string describe_token(const std::string& t, std::size_t i) {
  if (i >= t.size()) return "end of file";
  char c = t[i];
  if (grammar::is_ident_char(c)) {
    std::size_t j = i;
    while (j < t.size() && grammar::is_ident_char(t[j])) ++j;
    std::string word = t.substr(i, std::min<std::size_t>(j - i, 40));
    if (j - i > 40) word += "...";
    if (c >= '0' && c <= '9') return fmt::format("integer '{}'", word);
    if (grammar::is_keyword(word)) return fmt::format("keyword '{}'", word);
    return fmt::format("'{}'", word);
  }
  if (c == '"') return "string";
  auto uc = static_cast<unsigned char>(c);
  if (uc >= 0x80) {
    std::size_t len = utf8_length(t, i);
    if (len == 0) return fmt::format("invalid byte 0x{:02x}", uc);
    if (uc == 0xc2 && static_cast<unsigned char>(t[i + 1]) <= 0x9f) {
      return fmt::format("control character U+{:04X}", static_cast<unsigned char>(t[i + 1]));
    }
    return fmt::format("'{}'", t.substr(i, len));
  }
  if (uc < 0x20 || uc == 0x7f) return fmt::format("control byte 0x{:02x}", uc);
  if (c == '-' && i + 1 < t.size() && t[i + 1] == '>') return "'->'";
  return fmt::format("'{}'", c);
}

Span span_of(FileId file, const x3::position_tagged& node) {
  if (node.id_first < 0) return {file, 0, 0};
  return {file, static_cast<std::uint32_t>(node.id_first), static_cast<std::uint32_t>(node.id_last)};
}

std::deque<ast::Statement> parse_statements(const SourceFile& file, FileId id,
                                             Diagnostics& diags) {
  using It = grammar::iterator_type;
  const std::string& text = file.text();
  std::deque<ast::Statement> out;
  Prescan pre = prescan(text, id, diags);
  std::size_t next_deep = 0;  // index into pre.too_deep

  grammar::PositionSink sink{text.begin()};
  const auto parser = x3::with<x3::error_handler_tag>(std::ref(sink))[grammar::statement()];
  int errors = 0;
  auto report = [&](std::size_t at, std::string message) {
    auto off = static_cast<std::uint32_t>(at);
    diags.error("syntax", {id, off, off + (at < text.size() ? 1u : 0u)}, std::move(message));
    ++errors;
  };

  // A byte order mark, as some editors write at the start of UTF-8 files, is not text.
  std::size_t pos = skip_blank(text, starts_with_bom(text) ? kByteOrderMark.size() : 0);
  while (pos < text.size()) {
    if (errors >= kMaxSyntaxErrors) {
      report(pos, fmt::format("too many syntax errors ({}); the rest of this file is skipped",
                              errors));
      break;
    }
    // A statement holding parentheses nested too deeply is skipped before X3 recurses.
    while (next_deep < pre.too_deep.size() && pre.too_deep[next_deep] < pos) ++next_deep;
    if (next_deep < pre.too_deep.size()) {
      std::size_t end = resync(text, pos + 1);
      if (pre.too_deep[next_deep] < end) {
        report(pre.too_deep[next_deep],
               fmt::format("expression nested too deeply (more than {} parentheses)", kMaxNesting));
        pos = skip_blank(text, end);
        continue;
      }
    }
    It it = text.begin() + static_cast<std::ptrdiff_t>(pos);
    const It start = it;
    ast::Statement stmt;
    try {
      if (x3::phrase_parse(it, text.end(), parser, grammar::skipper, stmt)) {
        out.push_back(std::move(stmt));
        pos = skip_blank(text, static_cast<std::size_t>(it - text.begin()));
        continue;
      }
      std::string got = describe_token(text, pos);
      // `as ROLE` after anything but an actor ends up here, once the statement before it
      // has parsed.
      const char* hint = got == "keyword 'as'" ? "; roles ('as ROLE') are given to actors only" : "";
      report(pos, fmt::format("expected a statement (import, phase, role, jurisdiction, "
                              "actor, site, condition, key, data, flow, law, threat, assume or assert), got {}{}",
                              got, hint));
      pos = skip_blank(text, resync(text, pos + 1));
    } catch (const x3::expectation_failure<It>& e) {
      // X3 fails before skipping blanks; a lone carriage return is no blank but an error.
      auto at = static_cast<std::size_t>(e.where() - text.begin());
      bool lone_cr = at < text.size() && text[at] == '\r' && (at + 1 == text.size() || text[at + 1] != '\n');
      std::size_t where = lone_cr ? at : skip_blank(text, at);
      report(where, fmt::format("expected {}, got {}", e.which(), describe_token(text, where)));
      // Resume at the offending token when it starts its line (a statement cut short,
      // followed by the next one); otherwise past it, so that a keyword misused as a name
      // ("key data") does not start a statement of its own.
      std::size_t from = starts_line(text, where) ? where : where + 1;
      from = std::max(from, static_cast<std::size_t>(start - text.begin()) + 1);
      pos = skip_blank(text, resync(text, from));
    }
  }
  return out;
}

}  // namespace custody::detail
