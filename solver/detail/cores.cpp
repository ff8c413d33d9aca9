#include "solver/detail/cores.hpp"

#include <cstddef>

namespace custody::detail {

std::vector<unsigned> core_indices(z3::solver& s, const Encoder& enc) {
  z3::expr_vector core = s.unsat_core();
  std::vector<unsigned> out;
  for (unsigned i = 0; i < enc.trackers.size(); ++i) {
    for (unsigned j = 0; j < core.size(); ++j) {
      if (z3::eq(core[j], enc.trackers[i])) {
        out.push_back(i);
        break;
      }
    }
  }
  return out;
}

std::vector<unsigned> minimize_core(z3::solver& s, const Budget& budget, const Encoder& enc,
                                    std::vector<unsigned> core, const z3::expr& goal) {
  for (std::size_t i = 0; i < core.size();) {
    z3::expr_vector a(s.ctx());
    a.push_back(goal);
    for (std::size_t j = 0; j < core.size(); ++j) {
      if (j != i) a.push_back(enc.trackers[core[j]]);
    }
    z3::check_result r;
    try {
      r = run(s, budget, a);
    } catch (const OutOfTime&) {
      return core;  // still a correct (if not minimal) set
    }
    if (r == z3::unsat) {
      core.erase(core.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  return core;
}

std::vector<Reliance> reliances_of(const Encoder& enc, const std::vector<unsigned>& core) {
  std::vector<Reliance> out;
  for (unsigned i : core) out.push_back(enc.reliances[i]);
  return out;
}

}  // namespace custody::detail
