#pragma once
/// Names from a model, read safely (private to lsp/).
///
/// A snapshot's model is partial when its spec has errors (parser.hpp, `Analysis`): a
/// single reference that did not resolve is kUnresolved, and lists leave out the names
/// that did not resolve. The features read names through these lookups, which check every
/// index before they use it: a broken statement shows "(unresolved)", never another
/// entity's name, and never reads past a table. Plain functions of their arguments: any
/// thread.

#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace custody::lsp {

/// What the features show for a name that did not resolve.
inline constexpr std::string_view kUnresolvedText = "(unresolved)";

/// Entry `i` of a table; nullptr when there is no such entry.
template <class T>
const T* entry(const std::vector<T>& table, Index i) {
  return i < table.size() ? &table[i] : nullptr;
}

/// The name of entity `i` of a kind; nullptr when there is no such entity.
const std::string* name_of(const Model& m, Kind kind, Index i);

/// Whether a symbol names an entity of the model. The loader's names always do; the
/// features check anyway before they index with one.
bool in_model(const Model& m, Symbol s);

/// The title of an entity (the quoted text after its name); empty when it has none, for
/// an assertion, and for a symbol not in the model.
const std::string& title_of(const Model& m, Symbol s);

}  // namespace custody::lsp
