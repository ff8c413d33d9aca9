// publishDiagnostics for version-2 verdicts: a vacuous assertion is an error at its own
// `when`, and the steps of a violated assertion's path name their phase. The verdicts are
// made by hand (the snapshot is parsed as the server would).
#include "lsp/diagnostics.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "lsp/worker.hpp"

using namespace custody;
using json = nlohmann::json;

TEST_CASE("diagnostics: a vacuous assertion is an error at its when, and steps name their phase", "[lsp]") {
  lsp::Documents docs({});
  const std::string uri = "file:///custody-test/spec.custody";
  docs.open({uri, "/custody-test/spec.custody", json(1),
             "phase before\n"
             "phase after\n"
             "actor gov\n"
             "actor host\n"
             "condition order\n"
             "data notes held by host\n"
             "flow host -> gov : notes from after\n"
             "assert a1: gov cannot read notes in after when order and not order\n"
             "assert a2: gov cannot read notes\n"});
  std::shared_ptr<lsp::Snapshot> snap = docs.analyze(uri);
  REQUIRE(snap->analysis.ok);
  const Model& m = snap->analysis.model;

  lsp::Verdicts v;
  AssertionResult vacuous;
  vacuous.assertion = 0;
  vacuous.verdict = Verdict::vacuous;
  AssertionResult violated;
  violated.assertion = 1;
  violated.verdict = Verdict::violated;
  violated.actor = m.find("gov")->index;
  Index host = m.find("host")->index, gov = *violated.actor, notes = m.find("notes")->index;
  Step held;
  held.fact = {Fact::Type::stored, host, notes, 0, 0};
  held.rule = RuleKind::custody;
  Step kept = held;
  kept.fact.phase = 1;
  kept.rule = RuleKind::retain;
  kept.premises = {0};
  Step flowed;
  flowed.fact = {Fact::Type::stored, gov, notes, 0, 1};
  flowed.rule = RuleKind::flow;
  flowed.flow = 0;
  flowed.from = host;
  flowed.premises = {1};
  violated.path = {held, kept, flowed};
  v.results = {vacuous, violated};

  json msg = json::parse(lsp::publish_diagnostics(*snap, &v));
  const json& ds = msg["params"]["diagnostics"];
  REQUIRE(ds.size() == 2);
  CHECK(ds[0]["code"] == "vacuous-assertion");
  CHECK(ds[0]["severity"] == 1);
  CHECK(ds[0]["range"]["start"] == json({{"line", 7}, {"character", 42}}));
  CHECK(ds[0]["message"] ==
        "assertion 'a1' is vacuous: no scenario the assumptions allow satisfies its 'when'");
  CHECK(ds[1]["code"] == "violated");
  CHECK(ds[1]["message"] ==
        "assertion 'a2' (gov cannot read notes) is violated\n"
        "scenario: no condition needs to be true\n"
        "access path of gov (3 steps):\n"
        "  1. host holds notes (stored unencrypted), in phase before; custody: held by host\n"
        "  2. host holds notes (stored unencrypted), in phase after; retain: retained from phase before\n"
        "  3. gov holds notes (stored unencrypted), in phase after; flow: flow host -> gov: notes");
}
