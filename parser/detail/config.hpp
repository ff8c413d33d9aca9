#pragma once
// Iterator, skipper and context types shared by the grammar's declaration, its single
// instantiation (grammar.cpp) and the call site (syntax.cpp). They must agree exactly.

#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/utility/annotate_on_success.hpp>
#include <boost/spirit/home/x3/support/utility/error_reporting.hpp>
#include <functional>
#include <string>

#include "parser/detail/ast.hpp"

namespace custody::grammar {
namespace x3 = boost::spirit::x3;

using iterator_type = std::string::const_iterator;

/// Records node positions as byte offsets directly in the position_tagged ids, so no
/// iterator cache has to outlive parsing.
struct PositionSink {
  iterator_type begin;
  template <class T>
  void tag(T& node, iterator_type first, iterator_type last) {
    if constexpr (std::is_base_of_v<x3::position_tagged, T>) {
      node.id_first = static_cast<int>(first - begin);
      node.id_last = static_cast<int>(last - begin);
    }
  }
};

// Whitespace and `#` comments to the end of the line.
inline const auto skipper =
    x3::char_(" \t\r\n\f\v") | (x3::lit('#') >> *(x3::char_ - x3::eol));
using skipper_type = std::remove_const_t<decltype(skipper)>;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type =
    x3::context<x3::error_handler_tag, std::reference_wrapper<PositionSink>, phrase_context_type>;

}  // namespace custody::grammar
