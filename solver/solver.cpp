// The names of the rules and verdicts of solver.hpp. The checker itself: session.cpp (the
// checking job), cannot.cpp and can.cpp (the two assertion checks), detail/ (their parts).

#include "solver/solver.hpp"

namespace custody {

Fact::Type fact_type(Verb v) {
  switch (v) {
    case Verb::read: return Fact::Type::plain;
    case Verb::obtain: return Fact::Type::material;
    case Verb::use: return Fact::Type::use;
  }
  return Fact::Type::plain;
}

const char* to_string(RuleKind r) {
  switch (r) {
    case RuleKind::custody: return "custody";
    case RuleKind::use: return "use";
    case RuleKind::hsm: return "hsm";
    case RuleKind::decrypt: return "decrypt";
    case RuleKind::unwrap: return "unwrap";
    case RuleKind::split: return "split";
    case RuleKind::flow: return "flow";
    case RuleKind::compels: return "compels";
    case RuleKind::seizes: return "seizes";
    case RuleKind::threat: return "threat";
    case RuleKind::retain: return "retain";
    case RuleKind::publish: return "public";
  }
  return "rule";
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::holds: return "holds";
    case Verdict::violated: return "violated";
    case Verdict::inconclusive: return "inconclusive";
    case Verdict::vacuous: return "vacuous";
  }
  return "inconclusive";
}

}  // namespace custody
