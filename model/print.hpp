#pragma once
/// The one canonical printer of the checked model, used by `custody lint --dump-model`
/// and by tests. Its output is valid custody text: printing, parsing and printing again
/// gives the same bytes.

#include <string>

#include "model/model.hpp"

namespace custody {

/// The whole model, one statement per line, grouped by kind in declaration order.
std::string print_model(const Model& m);

/// An expression with the fewest parentheses the precedence allows.
std::string print_expr(const Model& m, ExprId e);

/// A clause's TIME in its shortest equivalent form ("during a", "until b", "from a",
/// "from a until b"); "" when it covers every phase or the spec has none.
std::string print_time(const Model& m, const Time& t);

/// The items of a flow or a scoped law: "x, y, use k".
std::string print_items(const Model& m, const std::vector<ItemRef>& items, const std::vector<Index>& uses);

/// A string literal with `"` and `\` escaped.
std::string quote(const std::string& s);

}  // namespace custody
