#include "solver/detail/missing.hpp"

#include <cstddef>
#include <utility>

namespace custody::detail {

std::vector<MissingLink> explain(const Model& m, const Grounder& g, const SliceProgram& p,
                                 const SliceProgram::Result& r, std::uint32_t goal,
                                 const std::vector<char>& guard_on) {
  std::vector<MissingLink> out;
  std::vector<std::uint32_t> queue{goal};
  std::vector<char> seen(p.size(), 0);
  seen[goal] = 1;
  constexpr std::size_t kMaxLinks = 12;
  for (std::size_t qi = 0; qi < queue.size() && out.size() < kMaxLinks; ++qi) {
    std::uint32_t a = queue[qi];
    for (std::uint32_t ri : p.rules_for(a)) {
      if (out.size() >= kMaxLinks) break;
      const auto& rule = p.rule(ri);
      const GroundRule& gr = g.rule(rule.ground);
      MissingLink link;
      link.fact = g.fact(p.atom(a));
      Step st = make_step(link.fact, gr.proto);
      link.rule = st.rule;
      link.locations = st.locations;
      link.guard_off = rule.guard >= 0 && !guard_on.empty() && !guard_on[static_cast<std::size_t>(rule.guard)];
      for (std::uint32_t b : rule.body) {
        if (r.derived[b]) continue;
        link.lacking.push_back(g.fact(p.atom(b)));
        if (!seen[b] && queue.size() < 4) {
          seen[b] = 1;
          queue.push_back(b);
        }
      }
      out.push_back(std::move(link));
    }
  }
  (void)m;
  return out;
}

}  // namespace custody::detail
