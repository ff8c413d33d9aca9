#include "model/model.hpp"

#include <algorithm>

namespace custody {

const char* to_string(Kind k) {
  switch (k) {
    case Kind::jurisdiction: return "jurisdiction";
    case Kind::actor: return "actor";
    case Kind::site: return "site";
    case Kind::condition: return "condition";
    case Kind::key: return "key";
    case Kind::data: return "data";
    case Kind::law: return "law";
    case Kind::threat: return "threat";
    case Kind::assertion: return "assertion";
    case Kind::phase: return "phase";
    case Kind::role: return "role";
  }
  return "name";
}

const char* to_string(Verb v) {
  switch (v) {
    case Verb::read: return "read";
    case Verb::obtain: return "obtain";
    case Verb::use: return "use";
  }
  return "read";
}

std::optional<Symbol> Model::find(const std::string& name) const {
  auto it = symbols.find(name);
  if (it == symbols.end()) return std::nullopt;
  return it->second;
}

std::vector<Index> Model::subjects(const Assertion& a) const {
  std::vector<Index> out;
  switch (a.subject) {
    case Assertion::Subject::listed:
      out = a.actors;
      break;
    case Assertion::Subject::nobody:
      for (Index i = 0; i < actors.size(); ++i) {
        if (a.jurisdictions.empty()) {
          out.push_back(i);
          continue;
        }
        for (Index j : actors[i].in) {
          if (std::find(a.jurisdictions.begin(), a.jurisdictions.end(), j) !=
              a.jurisdictions.end()) {
            out.push_back(i);
            break;
          }
        }
      }
      break;
    case Assertion::Subject::only:
      for (Index i = 0; i < actors.size(); ++i) {
        if (std::find(a.actors.begin(), a.actors.end(), i) == a.actors.end()) out.push_back(i);
      }
      break;
  }
  return out;
}

const std::string& Model::name_of(ItemRef item) const {
  return item.type == ItemRef::Type::key ? keys[item.id].name : data[item.id].name;
}

Span Model::span_of(Symbol s) const {
  switch (s.kind) {
    case Kind::jurisdiction: return jurisdictions[s.index].span;
    case Kind::actor: return actors[s.index].span;
    case Kind::site: return sites[s.index].span;
    case Kind::condition: return conditions[s.index].span;
    case Kind::key: return keys[s.index].span;
    case Kind::data: return data[s.index].span;
    case Kind::law: return laws[s.index].span;
    case Kind::threat: return threats[s.index].span;
    case Kind::assertion: return assertions[s.index].span;
    case Kind::phase: return phases[s.index].span;
    case Kind::role: return roles[s.index].span;
  }
  return {};
}

}  // namespace custody
