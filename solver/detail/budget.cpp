#include "solver/detail/budget.hpp"

namespace custody::detail {

std::string unknown_reason(const Budget& b, const std::string& z3_reason) {
  if (b.stopped() || b.remaining_ms() == 0) return b.why();
  if (z3_reason == "canceled" || z3_reason == "timeout") return "timeout";
  if (z3_reason.find("memory") != std::string::npos) return "memory limit";
  return z3_reason;
}

z3::check_result run(z3::solver& s, const Budget& b, const z3::expr_vector& assumptions) {
  unsigned ms = b.remaining_ms();
  if (ms == 0) throw OutOfTime{b.why()};
  z3::params p(s.ctx());
  p.set("timeout", ms);
  s.set(p);
  z3::check_result r = s.check(assumptions);
  if (r == z3::unknown) throw OutOfTime{unknown_reason(b, s.reason_unknown())};
  return r;
}

}  // namespace custody::detail
