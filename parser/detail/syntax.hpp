#pragma once
// Parsing one file into statements, with recovery at the next statement keyword.

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/source.hpp"
#include "parser/detail/ast.hpp"

namespace custody::detail {

/// Parses every statement of a file. Syntax errors go to `diags`; the statements that did
/// parse are returned, so that meaning checks can still run on them. A deque, so that
/// statements never move (the checker keeps pointers to them) and are never copied.
std::deque<ast::Statement> parse_statements(const SourceFile& file, FileId id,
                                             Diagnostics& diags);

/// The UTF-8 byte order mark, skipped at the start of a file.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
bool starts_with_bom(const std::string& text);

/// Whether a word starts a statement (`import`, `actor`, ... `assert`).
bool is_statement_keyword(std::string_view w);

/// Describes the token at `offset` for "got ..." in messages: "end of file",
/// "keyword 'in'", "'foo'", "invalid byte 0xff".
std::string describe_token(const std::string& text, std::size_t offset);

/// The span of a tagged node; the start of the file for a node that was never tagged.
Span span_of(FileId file, const boost::spirit::x3::position_tagged& node);

}  // namespace custody::detail
