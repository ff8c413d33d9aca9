// The wording of version-2 results: phases on facts, retained and published facts, scoped
// laws, gated HSMs, site threats, assertions with item lists, `in P` and `when`, and
// vacuous assertions. Models are built in C++ (tests/phased_model.cpp), so these tests do
// not depend on the parser or the solver.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "phased_model.hpp"
#include "model/print.hpp"
#include "report/explain.hpp"

using namespace custody;
using namespace custody::report;
using T = Fact::Type;

TEST_CASE("explain: a fact names its phase only when the spec has phases", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  Fact f{T::stored, 1, 0, 0, 1};
  CHECK(fact_at_text(p.model, f) == "host holds the ciphertext of notes, in phase after");
  Model v1 = p.model;
  v1.phases.clear();
  f.phase = 0;
  CHECK(fact_at_text(v1, f) == fact_text(v1, f));
}

TEST_CASE("explain: a retained fact says the phase it was carried from", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  const Step& retained = p.report.results[0].path[1];
  CHECK(step_reason(p.model, retained) == "retained from phase before");
}

TEST_CASE("explain: a published fact says public holds it", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  Step s = test::step({T::material, 0, 4, 0, 0}, RuleKind::publish, {});
  CHECK(step_reason(p.model, s) == "public holds it, and every actor holds what public holds");
}

TEST_CASE("explain: scoped laws, use-only flows, gated HSMs and site threats", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  const Step& compelled = p.report.results[0].path[5];
  CHECK(step_reason(p.model, compelled) == "law cloud: gov compels host for notes, use k");

  Step flow = test::step({T::use, 2, 0, 0, 1}, RuleKind::flow, {});
  flow.flow = 0;
  flow.from = 1;
  CHECK(step_reason(p.model, flow) == "flow host -> relay: notes, use k");

  // As the grounder builds it: the tokens the holder showed are the step's keys.
  Step gated = test::step({T::use, 1, 1, 0, 0}, RuleKind::hsm, {});
  gated.site = 0;
  gated.keys = {2, 3};  // t1, t2
  CHECK(step_reason(p.model, gated) == "the HSM at dc lets holders of t1 and t2 use it");
  Step listed = test::step({T::use, 1, 1, 0, 0}, RuleKind::hsm, {});
  listed.site = 0;
  CHECK(step_reason(p.model, listed) == "the HSM at dc lets host use it");

  Step site = test::step({T::stored, 0, 0, 0, 0}, RuleKind::threat, {});
  site.threat = 0;
  site.site = 0;
  CHECK(step_reason(p.model, site) == "threat leak: gov compromises site dc");
}

TEST_CASE("explain: assertions with item lists, in P and when", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  CHECK(assertion_text(p.model, p.model.assertions[0]) == "gov cannot read mail, notes in after when order");
  CHECK(assertion_text(p.model, p.model.assertions[1]) == "gov cannot read notes when order and not order");
  CHECK(assertion_text(p.model, p.model.assertions[2]) == "gov can read mail, notes");
}

TEST_CASE("explain: the violated item is named when an assertion has several", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  const Model& m = p.model;
  CHECK(outcome_text(m, m.assertions[0], p.report.results[0]) == "gov gets to notes");
  CHECK(outcome_text(m, m.assertions[2], p.report.results[2]) == "gov does not get to mail");
  Assertion one = m.assertions[0];
  one.items = {one.items[1]};
  CHECK(outcome_text(m, one, p.report.results[0]) == "gov gets there");
  CHECK_FALSE(violated_item(m, one, p.report.results[0]));
}

TEST_CASE("explain: a vacuous assertion is an error at its when", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  Diagnostic d = vacuity_diagnostic(p.model, p.model.assertions[1]);
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "vacuous-assertion");
  CHECK(d.span == p.span("when order and not order"));
  CHECK(d.message == "assertion 'a2' is vacuous: no scenario the assumptions allow satisfies its 'when'");
}

TEST_CASE("explain: times in their shortest form", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  const Model& m = p.model;
  CHECK(print_time(m, Time{}) == "");
  CHECK(print_time(m, Time{1, kLastPhase, {}}) == "from after");
  CHECK(print_time(m, Time{0, 0, {}}) == "during before");
  CHECK(print_time(m, Time{1, 1, {}}) == "during after");
  CHECK(print_time(m, Time{0, 1, {}}) == "until after");
  Model three = m;
  three.phases.push_back({"later", "", {}});
  CHECK(print_time(three, Time{1, 2, {}}) == "from after until later");
}

TEST_CASE("explain: path steps carry a phase in JSON only when the spec has phases", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  const auto& path = p.report.results[0].path;
  nlohmann::json j = path_json(p.model, p.sources, path, 1);
  CHECK(j["phase"] == "after");
  CHECK(j["rule"] == "retain");
  CHECK(j["reason"] == "retained from phase before");
  CHECK(j["premises"] == nlohmann::json::array({1}));
  Model v1 = p.model;
  v1.phases.clear();
  CHECK_FALSE(path_json(v1, p.sources, path, 0).contains("phase"));
}

TEST_CASE("explain: the text of a path names the phase of every step", "[report]") {
  test::PhasedSpec p = test::phased_spec();
  std::ostringstream out;
  const auto& path = p.report.results[0].path;
  write_path_text(out, p.model, p.sources, {path[0], path[1]}, "");
  CHECK(out.str() ==
        "  1. host holds the ciphertext of notes, in phase before\n"
        "     custody: stored at dc, which host operates  [spec.custody:15, spec.custody:9]\n"
        "  2. host holds the ciphertext of notes, in phase after\n"
        "     retain: retained from phase before  [spec.custody:6]\n");
}
