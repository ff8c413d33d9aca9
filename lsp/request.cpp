// Reading request parameters (request.hpp).

#include "lsp/request.hpp"

#include <algorithm>
#include <cstdint>

namespace custody::lsp {

std::string document_uri(const json& params) {
  return params.at("textDocument").at("uri").get<std::string>();
}

Position position(const json& p) {
  auto line = p.at("line").get<long long>(), ch = p.at("character").get<long long>();
  if (line < 0 || ch < 0) throw BadParams{"negative position"};
  return {static_cast<std::uint32_t>(std::min<long long>(line, UINT32_MAX)),
          static_cast<std::uint32_t>(std::min<long long>(ch, UINT32_MAX))};
}

}  // namespace custody::lsp
