// fuzz_checker: bytes -> a valid spec (spec_gen.hpp) -> every assertion decided by both
// engines: scenario enumeration with plain fixpoints (`enumerate = true`) and the Z3
// search alone (`enumerate = false`).
//
// Aborts when the generated spec does not load, or when, for an assertion both engines
// decide (inconclusive on either side is no comparison):
// - the verdicts differ, or the engines disagree on whether the assumptions are vacuous;
// - for a violation: the number of true conditions of the minimal scenario differs, or
//   (when both say minimal) the length of the access path of a `cannot` differs;
// - a violation's scenario is no witness: in the least model of that scenario the actor
//   does not reach the item in any phase the assertion looks at (a `cannot`), or does (a
//   `can`).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "parser/parser.hpp"
#include "solver/solver.hpp"
#include "spec_gen.hpp"
#include "support.hpp"

namespace {

using namespace custody;

constexpr unsigned kTimeoutMs = 2000;

void require_witness(const Model& m, const Assertion& a, const AssertionResult& r, const std::string& spec,
                     const char* engine) {
  if (!r.actor || !r.item) fuzz::fail(std::string(engine) + ": violated without an actor and item: " + a.name + "\n" + spec);
  std::vector<Fact> facts = least_model(m, r.scenario);
  std::set<Fact> model(facts.begin(), facts.end());
  // The pair is reached when it is in some phase the assertion looks at.
  Index first = a.phase ? *a.phase : 0, last = a.phase ? *a.phase : m.phase_count() - 1;
  bool reached = false;
  for (Index p = first; p <= last; ++p) {
    reached = reached || model.count({fact_type(a.verb), *r.actor, r.item->id, 0, p}) > 0;
  }
  if (reached == a.can) {
    fuzz::fail(std::string(engine) + ": the scenario of " + a.name + " does not witness the violation (" +
               m.actors[*r.actor].name + (reached ? " reaches" : " does not reach") + " the target)\n" + spec);
  }
}

void compare(const Model& m, const AssertionResult& p, const AssertionResult& q, const std::string& spec) {
  const Assertion& a = m.assertions[p.assertion];
  auto why = [&](const std::string& what) { return a.name + ": " + what + "\n" + spec; };
  if (p.assertion != q.assertion) fuzz::fail(why("the engines' results are in different orders"));
  if (p.verdict == Verdict::inconclusive || q.verdict == Verdict::inconclusive) return;
  if (p.verdict != q.verdict) {
    fuzz::fail(why(std::string("verdicts differ: enumeration ") + to_string(p.verdict) + ", z3 " + to_string(q.verdict)));
  }
  if (p.verdict != Verdict::violated) return;
  require_witness(m, a, p, spec, "enumeration");
  require_witness(m, a, q, spec, "z3");
  if (p.scenario.size() != q.scenario.size()) {
    fuzz::fail(why("scenario sizes differ: enumeration " + std::to_string(p.scenario.size()) + ", z3 " +
                   std::to_string(q.scenario.size())));
  }
  if (!a.can && p.minimal && q.minimal && p.path.size() != q.path.size()) {
    fuzz::fail(why("minimal path lengths differ: enumeration " + std::to_string(p.path.size()) + ", z3 " +
                   std::to_string(q.path.size())));
  }
}

// Both engines decide every assertion (one check job each, sharing its ground rules).
void compare_engines(const Model& m, const std::string& spec) {
  SolverOptions enumerating, z3_only;
  enumerating.timeout_ms = z3_only.timeout_ms = kTimeoutMs;
  z3_only.enumerate = false;
  CheckReport x = check(m, {}, enumerating), y = check(m, {}, z3_only);
  if (x.errors.has_errors() != y.errors.has_errors()) fuzz::fail("the engines disagree on vacuity\n" + spec);
  if (x.errors.has_errors()) return;
  if (x.results.size() != m.assertions.size() || y.results.size() != m.assertions.size()) {
    fuzz::fail("not one result per assertion\n" + spec);
  }
  for (std::size_t i = 0; i < x.results.size(); ++i) compare(m, x.results[i], y.results[i], spec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ByteSource in(data, size);
  std::string spec = fuzz::generate_spec(in);
  // To see the spec behind a reproducer: CUSTODY_FUZZ_PRINT=1 build-fuzz/fuzz/fuzz_checker FILE
  if (std::getenv("CUSTODY_FUZZ_PRINT")) std::fprintf(stderr, "%s", spec.c_str());

  fuzz::MemoryReader reader({{"/fuzz/generated.custody", spec}});
  SourceSet sources;
  Diagnostics diags;
  std::optional<Model> model = load({"/fuzz/generated.custody"}, reader, sources, diags);
  if (!model) {
    std::string first = diags.items().empty() ? "" : diags.items()[0].message;
    fuzz::fail("a generated spec does not load: " + first + "\n" + spec);
  }
  compare_engines(*model, spec);
  return 0;
}
