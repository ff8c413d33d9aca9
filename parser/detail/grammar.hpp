#pragma once
// Declaration of the top rule: one statement. The definitions live in grammar_def.hpp and
// are compiled once, in grammar.cpp.

#include <algorithm>
#include <array>
#include <string_view>

#include "parser/detail/config.hpp"

namespace custody::grammar {

struct statement_class;
using statement_type = x3::rule<statement_class, ast::Statement>;
BOOST_SPIRIT_DECLARE(statement_type)

/// Parses one statement; throws x3::expectation_failure once its keyword has matched.
const statement_type& statement();

/// True for bytes that may continue an identifier.
inline bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// True for the reserved words of the language. Called for every identifier, so it
/// rejects by length and first letter before comparing.
inline bool is_keyword(std::string_view w) {
  static constexpr std::array<std::string_view, 54> kWords = {
      "actor",   "actors",  "and",      "as",      "assert",  "assume",      "at",
      "by",      "can",     "cannot",   "compels", "compromises", "condition", "data",
      "during",  "encrypted", "exactly", "flow",   "for",     "forgets",     "from",
      "held",    "holders", "hsm",      "implies", "import",  "in",          "jurisdiction",
      "key",     "law",     "least",    "most",    "nobody",  "not",         "obtain",
      "of",      "only",    "operated", "or",      "phase",   "public",      "read",
      "role",    "seizes",  "site",     "sites",   "split",   "stored",      "threat",
      "until",   "use",     "used",     "when",    "wrapped"};
  if (w.size() < 2 || w.size() > 12 || w[0] < 'a' || w[0] > 'w') return false;
  for (std::string_view k : kWords) {
    if (k.size() == w.size() && k[0] == w[0] && k == w) return true;
  }
  return false;
}

}  // namespace custody::grammar
