// Checked lookups of names in a model (names.hpp).

#include "lsp/names.hpp"

namespace custody::lsp {
namespace {

template <class T>
const std::string* name_in(const std::vector<T>& table, Index i) {
  const T* e = entry(table, i);
  return e ? &e->name : nullptr;
}

template <class T>
const std::string* title_in(const std::vector<T>& table, Index i) {
  const T* e = entry(table, i);
  return e ? &e->title : nullptr;
}

}  // namespace

const std::string* name_of(const Model& m, Kind kind, Index i) {
  switch (kind) {
    case Kind::jurisdiction: return name_in(m.jurisdictions, i);
    case Kind::actor: return name_in(m.actors, i);
    case Kind::site: return name_in(m.sites, i);
    case Kind::condition: return name_in(m.conditions, i);
    case Kind::key: return name_in(m.keys, i);
    case Kind::data: return name_in(m.data, i);
    case Kind::law: return name_in(m.laws, i);
    case Kind::threat: return name_in(m.threats, i);
    case Kind::assertion: return name_in(m.assertions, i);
  }
  return nullptr;
}

bool in_model(const Model& m, Symbol s) { return name_of(m, s.kind, s.index) != nullptr; }

const std::string& title_of(const Model& m, Symbol s) {
  static const std::string kNone;
  const std::string* title = nullptr;
  switch (s.kind) {
    case Kind::jurisdiction: title = title_in(m.jurisdictions, s.index); break;
    case Kind::actor: title = title_in(m.actors, s.index); break;
    case Kind::site: title = title_in(m.sites, s.index); break;
    case Kind::condition: title = title_in(m.conditions, s.index); break;
    case Kind::key: title = title_in(m.keys, s.index); break;
    case Kind::data: title = title_in(m.data, s.index); break;
    case Kind::law: title = title_in(m.laws, s.index); break;
    case Kind::threat: title = title_in(m.threats, s.index); break;
    case Kind::assertion: break;
  }
  return title ? *title : kNone;
}

}  // namespace custody::lsp
