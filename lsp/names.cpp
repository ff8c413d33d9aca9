// Checked lookups of names in a model (names.hpp).

#include "lsp/names.hpp"

#include <type_traits>

namespace custody::lsp {
namespace {

// Calls `f` with the model's table of the entities of a kind, so that one lookup serves
// every kind.
template <class F>
auto with_table(const Model& m, Kind kind, F f) -> decltype(f(m.actors)) {
  switch (kind) {
    case Kind::jurisdiction:
      return f(m.jurisdictions);
    case Kind::actor:
      return f(m.actors);
    case Kind::site:
      return f(m.sites);
    case Kind::condition:
      return f(m.conditions);
    case Kind::key:
      return f(m.keys);
    case Kind::data:
      return f(m.data);
    case Kind::law:
      return f(m.laws);
    case Kind::threat:
      return f(m.threats);
    case Kind::assertion:
      return f(m.assertions);
    case Kind::phase:
      return f(m.phases);
    case Kind::role:
      return f(m.roles);
  }
  return nullptr;
}

}  // namespace

const std::string* name_of(const Model& m, Kind kind, Index i) {
  return with_table(m, kind, [i](const auto& table) -> const std::string* {
    const auto* e = entry(table, i);
    return e ? &e->name : nullptr;
  });
}

bool in_model(const Model& m, Symbol s) { return name_of(m, s.kind, s.index) != nullptr; }

const std::string& title_of(const Model& m, Symbol s) {
  static const std::string kNone;
  const std::string* title =
      with_table(m, s.kind, [i = s.index](const auto& table) -> const std::string* {
        using T = typename std::decay_t<decltype(table)>::value_type;
        if constexpr (requires(const T& e) { e.title; }) {  // assertions have none
          const T* e = entry(table, i);
          return e ? &e->title : nullptr;
        } else {
          return nullptr;
        }
      });
  return title ? *title : kNone;
}

}  // namespace custody::lsp
