// The canonical layout (format.hpp). Works on tokens and comments, after the parser has
// confirmed that the file has no syntax errors, so the token stream is known to be valid.

#include "parser/format.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "parser/detail/grammar.hpp"
#include "parser/detail/syntax.hpp"

namespace custody {
namespace {

struct Token {
  enum class Type { word, number, string, punct, comment };
  Type type = Type::word;
  std::string_view text;
  int newlines_before = 0;  ///< line breaks between the previous token and this one
};

using grammar::is_ident_char;
using detail::is_statement_keyword;

// Splits valid source into tokens. Whitespace other than line breaks is dropped.
std::vector<Token> lex(std::string_view t) {
  std::vector<Token> out;
  int newlines = 0;
  std::size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '\n') {
      ++newlines;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    Token tok;
    tok.newlines_before = newlines;
    newlines = 0;
    std::size_t j = i + 1;
    if (c == '#') {
      tok.type = Token::Type::comment;
      while (j < t.size() && t[j] != '\n') ++j;
      std::size_t e = j;
      while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) --e;
      tok.text = t.substr(i, e - i);
      out.push_back(tok);
      i = j;
      continue;
    }
    if (c == '"') {
      tok.type = Token::Type::string;
      while (j < t.size() && t[j] != '"') j += (t[j] == '\\' && j + 1 < t.size()) ? 2 : 1;
      j = std::min(j + 1, t.size());
    } else if (c >= '0' && c <= '9') {
      tok.type = Token::Type::number;
      while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
    } else if (is_ident_char(c)) {
      tok.type = Token::Type::word;
      while (j < t.size() && is_ident_char(t[j])) ++j;
    } else {
      tok.type = Token::Type::punct;
      if (c == '-' && j < t.size() && t[j] == '>') ++j;
    }
    tok.text = t.substr(i, j - i);
    out.push_back(tok);
    i = j;
  }
  return out;
}

// A key or data declaration longer than this is laid out one clause per line.
constexpr std::size_t kWidth = 100;

// Declarations whose one-line forms are aligned in columns.
bool is_alignable(std::string_view w) {
  return w == "phase" || w == "role" || w == "jurisdiction" || w == "actor" || w == "site" ||
         w == "condition" || w == "key" || w == "data";
}

bool starts_statement(const Token& t) {
  return t.type == Token::Type::word && is_statement_keyword(t.text);
}

// Display width: code points, not bytes.
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void append_token(std::string& line, std::string_view tok) {
  // `T[X]` is written without spaces.
  if (!line.empty() && line.back() != '(' && line.back() != '[' && tok != "," && tok != ":" &&
      tok != ")" && tok != "[" && tok != "]") {
    line += ' ';
  }
  line += tok;
}

std::string join(const std::vector<Token>& toks, std::size_t begin, std::size_t end) {
  std::string s;
  for (std::size_t i = begin; i < end; ++i) append_token(s, toks[i].text);
  return s;
}

/// One line of output.
struct Line {
  enum class Type { code, comment, blank };
  Type type = Type::code;
  int indent = 0;
  std::string code;     ///< code text, or the comment of a comment line
  std::string comment;  ///< trailing comment of a code line
  /// Set for a one-line alignable declaration: keyword, name, title, rest.
  bool alignable = false;
  std::string cells[4];
};

Line make_line(Line::Type type, int indent, std::string_view text = {}) {
  Line l;
  l.type = type;
  l.indent = indent;
  l.code = std::string(text);
  return l;
}

// The indices (into the statement's code tokens) where the clauses of a `key` or `data`
// declaration start. Inside `wrapped by W held by A stored at S`, the placements belong to
// the wrap until its `when`.
std::vector<std::size_t> clause_starts(const std::vector<Token>& code) {
  std::vector<std::size_t> starts;
  std::size_t i = 2;
  if (i < code.size() && code[i].type == Token::Type::string) ++i;
  bool in_wrap = false;
  for (; i < code.size(); ++i) {
    const Token& t = code[i];
    if (t.type != Token::Type::word) continue;
    std::string_view w = t.text;
    if (w == "when" || w == "from" || w == "until" || w == "during") {
      in_wrap = false;
    } else if (w == "wrapped" || w == "hsm" || w == "split" || w == "encrypted") {
      starts.push_back(i);
      in_wrap = w == "wrapped";
    } else if ((w == "held" || w == "stored") && !in_wrap) {
      starts.push_back(i);
    }
  }
  return starts;
}

class Formatter {
 public:
  explicit Formatter(std::vector<Token> toks) : toks_(std::move(toks)) {}

  std::string run() {
    std::size_t i = 0;
    while (i < toks_.size()) {
      if (!lines_.empty() && toks_[i].newlines_before >= 2) lines_.push_back(make_line(Line::Type::blank, 0));
      if (toks_[i].type == Token::Type::comment) {
        lines_.push_back(make_line(Line::Type::comment, 0, toks_[i].text));
        ++i;
        continue;
      }
      i = statement(i);
    }
    align_declarations();
    return render();
  }

 private:
  // Lays out the statement starting at token `begin`; returns the index after it.
  std::size_t statement(std::size_t begin) {
    // The statement's tokens: up to the next statement keyword, plus a comment trailing its
    // last line. Comments before the next statement on lines of their own are not its.
    std::size_t end = begin + 1;
    while (end < toks_.size() && !starts_statement(toks_[end])) ++end;
    std::size_t last_code = end;
    while (last_code > begin && toks_[last_code - 1].type == Token::Type::comment) --last_code;
    std::size_t stop = last_code;
    if (stop < end && toks_[stop].newlines_before == 0) ++stop;  // trailing comment

    std::vector<Token> code;
    for (std::size_t i = begin; i < stop; ++i) {
      if (toks_[i].type != Token::Type::comment) code.push_back(toks_[i]);
    }
    std::vector<std::size_t> breaks;
    std::string_view keyword = toks_[begin].text;
    if (keyword == "key" || keyword == "data") {
      // Clauses go on lines of their own when the author broke the line before one of
      // them, or when the declaration would not fit on one line.
      breaks = clause_starts(code);
      bool broken = std::any_of(breaks.begin(), breaks.end(),
                                [&](std::size_t b) { return code[b].newlines_before > 0; });
      if (breaks.size() < 2 || (!broken && width(join(code, 0, code.size())) <= kWidth)) {
        breaks.clear();
      }
    }

    std::size_t first_line = lines_.size();
    Line cur = make_line(Line::Type::code, 0);
    std::size_t ci = 0;  // index into code
    auto flush = [&]() {
      if (!cur.code.empty() || !cur.comment.empty()) lines_.push_back(cur);
      cur = make_line(Line::Type::code, 2);
    };
    for (std::size_t i = begin; i < stop; ++i) {
      const Token& t = toks_[i];
      if (t.type == Token::Type::comment) {
        if (t.newlines_before == 0 && !cur.code.empty()) {
          cur.comment = std::string(t.text);
          flush();
        } else {
          flush();
          lines_.push_back(make_line(Line::Type::comment, 2, t.text));
        }
        continue;
      }
      if (std::find(breaks.begin(), breaks.end(), ci) != breaks.end()) flush();
      append_token(cur.code, t.text);
      ++ci;
    }
    flush();

    // A one-line declaration with no comment inside can be aligned with its neighbours.
    if (is_alignable(keyword) && lines_.size() == first_line + 1 && code.size() >= 2) {
      Line& l = lines_.back();
      l.alignable = true;
      std::size_t rest = 2;
      l.cells[0] = std::string(keyword);
      l.cells[1] = std::string(code[1].text);
      if (rest < code.size() && code[rest].type == Token::Type::string) {
        l.cells[2] = std::string(code[rest].text);
        ++rest;
      }
      l.cells[3] = join(code, rest, code.size());
    }
    return stop;
  }

  // Aligns runs of one-line declarations of the same kind, all with a title or all without:
  // name, title and rest columns. Comment lines between them do not end a run; blank lines
  // and other statements do.
  void align_declarations() {
    auto same_shape = [](const Line& a, const Line& b) {
      return b.alignable && a.cells[0] == b.cells[0] && a.cells[2].empty() == b.cells[2].empty();
    };
    std::size_t i = 0;
    while (i < lines_.size()) {
      if (!lines_[i].alignable) {
        ++i;
        continue;
      }
      std::vector<std::size_t> run{i};
      std::size_t j = i + 1;
      for (; j < lines_.size(); ++j) {
        if (lines_[j].type == Line::Type::comment && lines_[j].indent == 0) continue;
        if (!same_shape(lines_[i], lines_[j])) break;
        run.push_back(j);
      }
      j = run.back() + 1;
      std::size_t name_w = 0, title_w = 0;
      for (std::size_t k : run) {
        name_w = std::max(name_w, width(lines_[k].cells[1]));
        title_w = std::max(title_w, width(lines_[k].cells[2]));
      }
      for (std::size_t k : run) {
        Line& l = lines_[k];
        std::string s = l.cells[0] + ' ' + l.cells[1];
        s.append(name_w - width(l.cells[1]), ' ');
        if (title_w > 0) {
          s += ' ' + l.cells[2];
          s.append(title_w - width(l.cells[2]), ' ');
        }
        s += ' ' + l.cells[3];
        while (!s.empty() && s.back() == ' ') s.pop_back();
        l.code = std::move(s);
      }
      i = j;
    }
  }

  // Writes the lines; trailing comments of consecutive code lines share one column.
  std::string render() const {
    std::string out;
    std::size_t i = 0;
    while (i < lines_.size()) {
      const Line& l = lines_[i];
      if (l.type != Line::Type::code || l.comment.empty()) {
        if (l.type != Line::Type::blank) out.append(l.indent, ' ') += l.code;
        out += '\n';
        ++i;
        continue;
      }
      std::size_t j = i;
      std::size_t column = 0;
      while (j < lines_.size() && lines_[j].type == Line::Type::code && !lines_[j].comment.empty()) {
        column = std::max(column, lines_[j].indent + width(lines_[j].code));
        ++j;
      }
      for (std::size_t k = i; k < j; ++k) {
        const Line& c = lines_[k];
        out.append(c.indent, ' ') += c.code;
        if (!c.code.empty()) out.append(column + 2 - c.indent - width(c.code), ' ');
        out += c.comment;
        out += '\n';
      }
      i = j;
    }
    return out;
  }

  std::vector<Token> toks_;
  std::vector<Line> lines_;
};

}  // namespace

std::optional<std::string> format_source(const SourceFile& file, FileId id, Diagnostics& diags) {
  Diagnostics syntax;
  detail::parse_statements(file, id, syntax);
  if (syntax.has_errors()) {
    for (const Diagnostic& d : syntax.items()) diags.add(d);
    return std::nullopt;
  }
  // A byte order mark is kept as the author's editor wrote it; the layout starts after it.
  const std::string& text = file.text();
  if (!detail::starts_with_bom(text)) return Formatter(lex(text)).run();
  std::string_view rest = std::string_view(text).substr(detail::kByteOrderMark.size());
  return std::string(detail::kByteOrderMark) + Formatter(lex(rest)).run();
}

}  // namespace custody
