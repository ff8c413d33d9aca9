// Hand-written semantic cases, one per rule and per corner of shared/LANGUAGE.md "Meaning".
// Each is small and its answer is worked out by hand in the comment above it.
#include <catch2/catch.hpp>

#include "cli/check.hpp"
#include "model/print.hpp"
#include "solver/solver.hpp"
#include "support.hpp"

using custody::Verdict;
using custody::test::load_text;

namespace {

struct Outcome {
  Verdict verdict = Verdict::inconclusive;
  std::vector<std::string> scenario;  // true conditions
  std::vector<std::string> path;      // "rule: fact"
  std::vector<std::string> relies;    // printed assumptions
  std::string actor;
  std::vector<std::string> errors;
};

Outcome run(const std::string& spec, const std::string& assertion, unsigned timeout_ms = 30000) {
  auto r = load_text(spec);
  INFO(r.gcc());
  REQUIRE(r.model);
  const custody::Model& m = *r.model;
  std::vector<custody::Index> which;
  for (custody::Index i = 0; i < m.assertions.size(); ++i) {
    if (m.assertions[i].name == assertion) which.push_back(i);
  }
  REQUIRE(which.size() == 1);
  custody::SolverOptions opts;
  opts.timeout_ms = timeout_ms;
  auto report = custody::check(m, which, opts);
  Outcome out;
  for (const auto& d : report.errors.items()) out.errors.push_back(d.message);
  if (report.results.empty()) return out;
  const auto& res = report.results[0];
  out.verdict = res.verdict;
  for (auto c : res.scenario) out.scenario.push_back(m.conditions[c].name);
  for (const auto& s : res.path) {
    out.path.push_back(std::string(custody::to_string(s.rule)) + ": " + custody::report::fact_text(m, s.fact));
  }
  for (const auto& x : res.relies_on) {
    out.relies.push_back(x.assume ? "assume " + custody::print_expr(m, m.assumes[*x.assume].expr)
                                  : "threat " + m.threats[*x.threat].name);
  }
  if (res.actor) out.actor = m.actors[*res.actor].name;
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("semantics: custody gives the holder, and every operator of a site, the item", "[solver]") {
  const char* spec = R"(
jurisdiction J
actor op in J
actor other
site s in J operated by op
data d stored at s
assert q1: op cannot read d
assert q2: other cannot read d
)";
  auto q1 = run(spec, "q1");
  CHECK(q1.verdict == Verdict::violated);
  CHECK(q1.path == Strings{"custody: op holds d (stored unencrypted)"});
  CHECK(run(spec, "q2").verdict == Verdict::holds);
}

TEST_CASE("semantics: an HSM key is usable by its users without its material", "[solver]") {
  const char* spec = R"(
jurisdiction J
actor u in J
site s in J operated by u
key h hsm at s used by u
assert can_use: u cannot use h
assert no_material: u cannot obtain h
)";
  auto use = run(spec, "can_use");
  CHECK(use.verdict == Verdict::violated);
  CHECK(use.path == Strings{"hsm: u can use key h"});
  CHECK(run(spec, "no_material").verdict == Verdict::holds);
}

TEST_CASE("semantics: unwrapping an HSM key's blob gives use only, never material", "[solver]") {
  const char* spec = R"(
actor a
key w held by a
jurisdiction J
site s in J operated by a
key h hsm at s used by nobody_else wrapped by w held by a
actor nobody_else
assert use_h: a cannot use h
assert obtain_h: a cannot obtain h
)";
  auto use = run(spec, "use_h");
  CHECK(use.verdict == Verdict::violated);
  CHECK(use.path == Strings{"custody: a holds key h wrapped by w", "custody: a holds the material of key w",
                            "use: a can use key w", "unwrap: a can use key h"});
  CHECK(run(spec, "obtain_h").verdict == Verdict::holds);
}

TEST_CASE("semantics: split rebuilds with K shares and not with K-1", "[solver]") {
  const char* spec = R"(
actor two
actor one
key s1 held by two, one
key s2 held by two
key s3
key k split 2 of s1, s2, s3
assert q2: two cannot obtain k
assert q1: one cannot obtain k
)";
  auto q2 = run(spec, "q2");
  CHECK(q2.verdict == Verdict::violated);
  CHECK(q2.path.size() == 3);
  CHECK(q2.path.back() == "split: two holds the material of key k");
  CHECK(run(spec, "q1").verdict == Verdict::holds);
}

TEST_CASE("semantics: data encrypted by two keys needs both", "[solver]") {
  const char* spec = R"(
actor both
actor half
key k1 held by both, half
key k2 held by both
data d encrypted by k1 encrypted by k2 held by both, half
assert q_both: both cannot read d
assert q_half: half cannot read d
)";
  auto b = run(spec, "q_both");
  CHECK(b.verdict == Verdict::violated);
  CHECK(b.path.size() == 6);  // ciphertext, 2 x (material, use), decrypt
  CHECK(run(spec, "q_half").verdict == Verdict::holds);
}

TEST_CASE("semantics: an item-list flow passes forms of the items but no use", "[solver]") {
  const char* spec = R"(
jurisdiction J
actor owner in J
actor peer
site s in J operated by owner
key h hsm at s used by owner
key k held by owner
data d encrypted by h held by peer
data e encrypted by h held by owner
flow owner -> peer : h, k, e
assert no_read: peer cannot read d
assert no_use_h: peer cannot use h
assert gets_k: peer cannot obtain k
assert gets_plain: peer cannot read e
)";
  CHECK(run(spec, "no_read").verdict == Verdict::holds);
  CHECK(run(spec, "no_use_h").verdict == Verdict::holds);
  auto k = run(spec, "gets_k");
  CHECK(k.verdict == Verdict::violated);
  CHECK(k.path == Strings{"custody: owner holds the material of key k", "flow: peer holds the material of key k"});
  // The owner reads e, and the plaintext is a form of e, so it flows.
  auto e = run(spec, "gets_plain");
  CHECK(e.path == Strings{"custody: owner holds the ciphertext of e", "hsm: owner can use key h",
                          "decrypt: owner reads the plaintext of e", "flow: peer reads the plaintext of e"});
}

TEST_CASE("semantics: a full flow passes use, so the receiver can make the sender decrypt", "[solver]") {
  const char* spec = R"(
jurisdiction J
actor owner in J
actor peer
site s in J operated by owner
key h hsm at s used by owner
data d encrypted by h held by owner
flow owner -> peer
assert q: peer cannot read d
)";
  auto q = run(spec, "q");
  CHECK(q.verdict == Verdict::violated);
  CHECK(q.path.size() == 4);  // owner: ciphertext, use h, plaintext; peer: plaintext
}

TEST_CASE("semantics: compels by jurisdiction reaches exactly the actors in it", "[solver]") {
  const char* spec = R"(
jurisdiction CN
jurisdiction US
actor police in CN
actor local in CN
actor dual in US, CN
actor foreign in US
data a held by local
data b held by dual
data c held by foreign
law l: police compels actors in CN
assert qa: police cannot read a
assert qb: police cannot read b
assert qc: police cannot read c
)";
  CHECK(run(spec, "qa").path == Strings{"custody: local holds a (stored unencrypted)",
                                        "compels: police holds a (stored unencrypted)"});
  CHECK(run(spec, "qb").verdict == Verdict::violated);
  CHECK(run(spec, "qc").verdict == Verdict::holds);
}

TEST_CASE("semantics: seizure takes what is stored at the site but no HSM key", "[solver]") {
  const char* spec = R"(
jurisdiction J
actor police in J
actor op in J
site dc in J operated by op
key h hsm at dc used by op
key k wrapped by h stored at dc
data d encrypted by k stored at dc
law l: police seizes sites in J
assert q_blob: police cannot read d
assert q_hsm: police cannot use h
)";
  CHECK(run(spec, "q_blob").verdict == Verdict::holds);
  CHECK(run(spec, "q_hsm").verdict == Verdict::holds);
  // The operator itself reads it: stored items and the HSM together.
  const char* op = R"(
jurisdiction J
actor police in J
actor op in J
site dc in J operated by op
key h hsm at dc used by op
key k wrapped by h stored at dc
data d encrypted by k stored at dc
law l: police seizes dc
assert q: police cannot read d
assert q_stored: police cannot obtain k
)";
  CHECK(run(op, "q").verdict == Verdict::holds);
  CHECK(run(op, "q_stored").verdict == Verdict::holds);
}

TEST_CASE("semantics: seizure does give stored key material", "[solver]") {
  const char* spec = R"(
jurisdiction J
actor police in J
actor op in J
site dc in J operated by op
key k stored at dc
law l: police seizes dc
assert q: police cannot obtain k
)";
  auto q = run(spec, "q");
  CHECK(q.path == Strings{"seizes: police holds the material of key k"});
}

TEST_CASE("semantics: a threat bounded at most 1 cannot take two insiders", "[solver]") {
  const char* spec = R"(
actor attacker
actor a
actor b
key s1 held by a
key s2 held by b
key k split 2 of s1, s2
key single split 1 of s1, s2
threat t: attacker compromises at most 1 of a, b
assert both: attacker cannot obtain k
assert one: attacker cannot obtain single
)";
  auto both = run(spec, "both");
  CHECK(both.verdict == Verdict::holds);
  CHECK(both.relies == Strings{"threat t"});
  auto one = run(spec, "one");
  CHECK(one.verdict == Verdict::violated);
  CHECK(one.scenario.size() == 1);
  CHECK(one.path.size() == 3);
}

TEST_CASE("semantics: only and nobody in quantify over the right actors", "[solver]") {
  const char* spec = R"(
jurisdiction J
jurisdiction K
actor a in J
actor b in K
actor c in K
data d held by a, b
assert only_ab: only a, b can read d
assert nobody_k: nobody in K can read d
assert nobody_j: nobody in J can read d
)";
  CHECK(run(spec, "only_ab").verdict == Verdict::holds);
  auto k = run(spec, "nobody_k");
  CHECK(k.verdict == Verdict::violated);
  CHECK(k.actor == "b");
  CHECK(run(spec, "nobody_j").actor == "a");
}

TEST_CASE("semantics: cycles never support themselves", "[solver]") {
  const char* spec = R"(
actor a
actor b
key self wrapped by self held by a
key k1 wrapped by k2 held by a
key k2 wrapped by k1 held by a
data d encrypted by self held by a
flow a -> b
flow b -> a
key lone
data e encrypted by lone held by b
assert q_self: a cannot obtain self
assert q_mutual: b cannot obtain k1
assert q_data: b cannot read d
assert q_loop: a cannot read e
)";
  for (const char* q : {"q_self", "q_mutual", "q_data", "q_loop"}) {
    INFO(q);
    auto o = run(spec, q);
    CHECK(o.verdict == Verdict::holds);
    CHECK(o.relies.empty());
  }
}

TEST_CASE("semantics: a cycle is fine once something outside feeds it", "[solver]") {
  const char* spec = R"(
actor a
actor b
key k1 wrapped by k2 held by a
key k2 wrapped by k1 held by a held by b
condition leak
key seed held by b when leak
key k3 wrapped by seed held by b
key k4 split 1 of k3, k2
flow a -> b
flow b -> a
assert q: a cannot obtain k1
)";
  // k1 <- unwrap(k2 blob? no: blob of k1 under k2) needs k2; k2 <- blob of k2 under k1
  // needs k1: a closed loop, only broken by split 1 of k3 (k3 from seed, when leak) for k4,
  // which feeds neither. So the loop stays closed: holds.
  CHECK(run(spec, "q").verdict == Verdict::holds);
  const char* fed = R"(
actor a
key k1 wrapped by k2 held by a
key k2 wrapped by k1 held by a split 1 of k3
condition leak
key k3 held by a when leak
assert q: a cannot obtain k1
)";
  auto o = run(fed, "q");
  CHECK(o.verdict == Verdict::violated);
  CHECK(o.scenario == Strings{"leak"});
  CHECK(o.path == Strings{"custody: a holds key k1 wrapped by k2", "custody: a holds the material of key k3",
                          "split: a holds the material of key k2", "use: a can use key k2",
                          "unwrap: a holds the material of key k1"});
}

TEST_CASE("semantics: the scenario has the fewest true conditions, forced ones included", "[solver]") {
  const char* spec = R"(
actor a
condition one
condition two
condition three
condition forced
data d held by a when two and three
data d2 held by a when one
flow a -> b when one or two and three
actor b
assume forced
assert q: b cannot read d
assert q2: b cannot read d2
)";
  auto q = run(spec, "q");
  CHECK(q.verdict == Verdict::violated);
  std::vector<std::string> sorted = q.scenario;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == Strings{"forced", "three", "two"});
  auto q2 = run(spec, "q2");
  std::vector<std::string> s2 = q2.scenario;
  std::sort(s2.begin(), s2.end());
  CHECK(s2 == Strings{"forced", "one"});
}

TEST_CASE("semantics: a holding cannot reports the assumptions it relies on, minimally", "[solver]") {
  const char* spec = R"(
actor a
actor b
condition leak
condition noise
data d held by a
flow a -> b when leak
assume not leak
assume noise or not noise
assume not noise
assert q: b cannot read d
assert q0: a cannot read d
)";
  auto q = run(spec, "q");
  CHECK(q.verdict == Verdict::holds);
  CHECK(q.relies == Strings{"assume not leak"});
}

TEST_CASE("semantics: a holding cannot with no assumption holds unconditionally", "[solver]") {
  auto q = run("actor a\nactor b\ndata d held by a\nassert q: b cannot read d\n", "q");
  CHECK(q.verdict == Verdict::holds);
  CHECK(q.relies.empty());
}

TEST_CASE("semantics: assumptions no scenario satisfies are an error, not a verdict", "[solver]") {
  auto q = run(R"(
actor a
condition c
data d held by a when c
assume c
assume not c
assert q: a cannot read d
)",
               "q");
  REQUIRE(q.errors.size() == 1);
  CHECK(q.errors[0].find("no scenario satisfies the assumptions") != std::string::npos);
}

TEST_CASE("semantics: a can is violated by a scenario that breaks it", "[solver]") {
  const char* spec = R"(
actor a
actor b
condition outage
data d held by a
flow a -> b when not outage
assert q: b can read d
assert q_always: a can read d
)";
  auto q = run(spec, "q");
  CHECK(q.verdict == Verdict::violated);
  CHECK(q.scenario == Strings{"outage"});
  CHECK(q.actor == "b");
  CHECK(run(spec, "q_always").verdict == Verdict::holds);
}

TEST_CASE("semantics: a can that holds relies on the assumption that keeps it", "[solver]") {
  const char* spec = R"(
actor a
actor b
condition outage
data d held by a
flow a -> b when not outage
assume not outage
assert q: b can read d
)";
  auto q = run(spec, "q");
  CHECK(q.verdict == Verdict::holds);
  CHECK(q.relies == Strings{"assume not outage"});
}

TEST_CASE("semantics: a site under a when takes its operators, storage and HSMs with it", "[solver]") {
  const char* spec = R"(
jurisdiction J
actor op in J
condition online
site s in J operated by op when online
key h hsm at s used by op
data d stored at s
assert q_store: op cannot read d
assert q_hsm: op cannot use h
)";
  CHECK(run(spec, "q_store").scenario == Strings{"online"});
  CHECK(run(spec, "q_hsm").scenario == Strings{"online"});
}

TEST_CASE("semantics: the path is the shortest among minimal scenarios", "[solver]") {
  const char* spec = R"(
actor a
actor b
actor c
actor d
data x held by a
flow a -> b
flow b -> c
flow c -> d
flow a -> d
assert q: d cannot read x
)";
  auto q = run(spec, "q");
  CHECK(q.path == Strings{"custody: a holds x (stored unencrypted)", "flow: d holds x (stored unencrypted)"});
}

TEST_CASE("semantics: a solver limit gives inconclusive, never a verdict", "[solver]") {
  const char* spec = R"(
actor a
actor b
condition c
data d held by a when c
assert q: a cannot read d
)";
  auto q = run(spec, "q", 0);
  CHECK(q.verdict == Verdict::inconclusive);
}

TEST_CASE("semantics: a file and its imports form one model", "[solver]") {
  auto r = load_text(R"(
import "parties.custody"
import "laws/cn.custody"
data backup encrypted by k stored at dc
assert q: police cannot read backup
)",
                     {{"parties.custody", "jurisdiction CN\nactor police in CN\nactor op in CN\n"
                                          "site dc in CN operated by op\nkey k stored at dc\n"},
                      {"laws/cn.custody", "import \"../parties.custody\"\n"
                                          "law csl: police compels actors in CN\n"}});
  INFO(r.gcc());
  REQUIRE(r.model);
  auto report = custody::check(*r.model, {}, custody::SolverOptions{});
  REQUIRE(report.results.size() == 1);
  CHECK(report.results[0].verdict == Verdict::violated);
  CHECK(report.results[0].path.size() == 5);  // op: ciphertext, key, use, plaintext; police: plaintext
}

TEST_CASE("semantics: both engines agree on scenario size and path length", "[solver]") {
  const char* spec = R"(
actor a
actor b
actor c
condition x
condition y
key k1 held by a when x
key k2 held by b when y
key k3 split 1 of k1, k2
data d encrypted by k3 held by c
flow a -> c when not y
flow b -> c
assert q: c cannot read d
)";
  auto r = load_text(spec);
  REQUIRE(r.model);
  custody::SolverOptions z3_only;
  z3_only.enumerate = false;
  auto e = custody::check(*r.model, {}, custody::SolverOptions{});
  auto z = custody::check(*r.model, {}, z3_only);
  REQUIRE(e.results.size() == 1);
  CHECK(e.results[0].scenario == z.results[0].scenario);
  CHECK(e.results[0].path.size() == z.results[0].path.size());
  CHECK(e.results[0].scenario.size() == 1);
  CHECK(e.results[0].path.size() == 6);  // c: d; b: k2 (when y); flow; split k3; use; decrypt
}

TEST_CASE("semantics: the least model of one scenario lists every derived fact", "[solver]") {
  auto r = load_text(R"(
actor a
actor b
condition c
key k held by a
data d encrypted by k held by a
flow a -> b : d when c
assert q: b cannot read d
)");
  REQUIRE(r.model);
  auto text = [&](const std::vector<custody::Fact>& facts) {
    std::vector<std::string> out;
    for (const auto& f : facts) out.push_back(custody::report::fact_text(*r.model, f));
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(text(custody::least_model(*r.model, {})) ==
        Strings{"a can use key k", "a holds the ciphertext of d", "a holds the material of key k",
                "a reads the plaintext of d"});
  CHECK(text(custody::least_model(*r.model, {0})) ==
        Strings{"a can use key k", "a holds the ciphertext of d", "a holds the material of key k",
                "a reads the plaintext of d", "b holds the ciphertext of d", "b reads the plaintext of d"});
}

TEST_CASE("semantics: many scenarios tie on the fewest conditions and the path stays minimal", "[solver]") {
  // 924 scenarios have six of twelve conditions true; each allows the same two steps.
  auto r = load_text(R"(
actor a
actor b
condition c1
condition c2
condition c3
condition c4
condition c5
condition c6
condition c7
condition c8
condition c9
condition c10
condition c11
condition c12
data d held by a
flow a -> b when at least 6 of c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12
assert q: b cannot read d
)");
  REQUIRE(r.model);
  auto report = custody::check(*r.model, {}, custody::SolverOptions{});
  REQUIRE(report.results.size() == 1);
  const auto& res = report.results[0];
  CHECK(res.verdict == Verdict::violated);
  CHECK(res.scenario.size() == 6);
  CHECK(res.path.size() == 2);
  CHECK(res.minimal);
}
