// Hand-written semantic cases for LANGUAGE.md "Version 2" (rules 9-14 and the assertion
// forms), one per rule or corner, each small with its answer worked out in the comment.
#include <catch2/catch.hpp>

#include "model/print.hpp"
#include "report/explain.hpp"
#include "solver/solver.hpp"
#include "support.hpp"

using custody::Verdict;
using custody::test::load_text;

namespace {

struct Outcome {
  Verdict verdict = Verdict::inconclusive;
  std::vector<std::string> scenario;  // true conditions
  std::vector<std::string> path;      // "rule@phase: fact"
  std::vector<std::string> relies;
  std::string actor, item;
};

Outcome run(const std::string& spec, const std::string& assertion, bool enumerate = true) {
  auto r = load_text(spec);
  INFO(r.gcc());
  REQUIRE(r.model);
  const custody::Model& m = *r.model;
  std::vector<custody::Index> which;
  for (custody::Index i = 0; i < m.assertions.size(); ++i) {
    if (m.assertions[i].name == "q_" + assertion) which.push_back(i);
  }
  REQUIRE(which.size() == 1);
  custody::SolverOptions opts;
  opts.enumerate = enumerate;
  auto report = custody::check(m, which, opts);
  REQUIRE(report.results.size() == 1);
  const auto& res = report.results[0];
  Outcome out;
  out.verdict = res.verdict;
  for (auto c : res.scenario) out.scenario.push_back(m.conditions[c].name);
  for (const auto& s : res.path) {
    std::string phase = m.phases.empty() ? "" : "@" + m.phases[s.fact.phase].name;
    out.path.push_back(std::string(custody::to_string(s.rule)) + phase + ": " +
                       custody::report::fact_text(m, s.fact));
  }
  for (const auto& x : res.relies_on) {
    out.relies.push_back(x.assume ? "assume " + custody::print_expr(m, m.assumes[*x.assume].expr)
                                  : "threat " + m.threats[*x.threat].name);
  }
  if (res.actor) out.actor = m.actors[*res.actor].name;
  if (res.item) out.item = m.name_of(*res.item);
  return out;
}

/// Both engines must give the same outcome.
Outcome both(const std::string& spec, const std::string& assertion) {
  Outcome en = run(spec, assertion, true);
  Outcome z3 = run(spec, assertion, false);
  CHECK(en.verdict == z3.verdict);
  CHECK(en.scenario == z3.scenario);
  CHECK(en.path.size() == z3.path.size());
  CHECK(en.actor == z3.actor);
  return en;
}

using Strings = std::vector<std::string>;

}  // namespace

// Rule 9: a holds k's material in p1 only; it keeps it in p2, where d's ciphertext comes.
// Five steps: custody of k in p1, retained into p2, use, custody of d, decrypt. Declared
// `forgets`, the same actor reads nothing.
TEST_CASE("semantics v2: an actor keeps what it held into the next phase, unless it forgets", "[solver][v2]") {
  const char* spec = R"(
phase p1
phase p2
actor a
actor f forgets
key k held by a, f during p1
data d encrypted by k held by a, f from p2
assert q_keeps: a cannot read d
assert q_forgets: f cannot read d
)";
  auto keeps = both(spec, "keeps");
  CHECK(keeps.verdict == Verdict::violated);
  CHECK(keeps.path == Strings{"custody@p2: a holds the ciphertext of d", "custody@p1: a holds the material of key k",
                              "retain@p2: a holds the material of key k", "use@p2: a can use key k",
                              "decrypt@p2: a reads the plaintext of d"});
  CHECK(both(spec, "forgets").verdict == Verdict::holds);
}

// Use is never carried: the HSM lets a use h in p1 only, and d's ciphertext is there in p2
// only. Without the TIME on the HSM, a reads d in p2.
TEST_CASE("semantics v2: use of a key is not retained, it is re-derived in each phase", "[solver][v2]") {
  const char* base = R"(
phase p1
phase p2
jurisdiction J
actor a in J
site s in J operated by a
data d encrypted by h held by a from p2
assert q_q: a cannot read d
)";
  auto timed = both(std::string(base) + "key h hsm at s used by a during p1\n", "q");
  CHECK(timed.verdict == Verdict::holds);
  auto always = both(std::string(base) + "key h hsm at s used by a\n", "q");
  CHECK(always.verdict == Verdict::violated);
  CHECK(always.path.size() == 3);
}

// An operator keeps what it got from a site after the site is gone.
TEST_CASE("semantics v2: an operator keeps what a site gave it after the site is gone", "[solver][v2]") {
  const char* spec = R"(
phase before
phase after
jurisdiction J
actor op in J
site s in J operated by op until before
data d stored at s
assert q_later: op cannot read d in after
)";
  auto later = both(spec, "later");
  CHECK(later.verdict == Verdict::violated);
  CHECK(later.path == Strings{"custody@before: op holds d (stored unencrypted)",
                              "retain@after: op holds d (stored unencrypted)"});
}

// Rule 10: a use-only flow passes use of k, never its material.
TEST_CASE("semantics v2: a use-only flow gives use of the key and no material", "[solver][v2]") {
  const char* spec = R"(
actor provider
actor police
key k held by provider
data d encrypted by k held by police
flow provider -> police : use k
assert q_use: police cannot use k
assert q_material: police cannot obtain k
assert q_reads: police cannot read d
)";
  auto use = both(spec, "use");
  CHECK(use.verdict == Verdict::violated);
  CHECK(use.path == Strings{"custody: provider holds the material of key k", "use: provider can use key k",
                            "flow: police can use key k"});
  CHECK(both(spec, "material").verdict == Verdict::holds);
  CHECK(both(spec, "reads").verdict == Verdict::violated);
}

// Rule 11: a warrant `for d1` gives the court d1 (plaintext included, as the provider holds
// it) and nothing of d2, and no use of the provider's key.
TEST_CASE("semantics v2: a scoped compulsion gives only the listed items", "[solver][v2]") {
  const char* spec = R"(
jurisdiction US
actor provider in US
actor court
key k held by provider
data d1 held by provider
data d2 held by provider
data d3 encrypted by k held by court
law sca: court compels actors in US for d1
assert q_d1: court cannot read d1
assert q_d2: court cannot read d2
assert q_d3: court cannot read d3
)";
  CHECK(both(spec, "d1").verdict == Verdict::violated);
  CHECK(both(spec, "d2").verdict == Verdict::holds);
  CHECK(both(spec, "d3").verdict == Verdict::holds);
}

// Rule 11: `compels provider in US` reaches the provider, not the user in the US.
TEST_CASE("semantics v2: a law aimed at a role compels only the actors with that role", "[solver][v2]") {
  const char* spec = R"(
role provider
jurisdiction US
actor cloud in US as provider
actor user in US
actor court
data mail held by cloud
data diary held by user
law sca: court compels provider in US
assert q_mail: court cannot read mail
assert q_diary: court cannot read diary
)";
  auto mail = both(spec, "mail");
  CHECK(mail.verdict == Verdict::violated);
  CHECK(mail.path == Strings{"custody: cloud holds mail (stored unencrypted)", "compels: court holds mail (stored unencrypted)"});
  CHECK(both(spec, "diary").verdict == Verdict::holds);
}

// Rule 11: a seizure `for d1` takes only d1 from the site.
TEST_CASE("semantics v2: a scoped seizure takes only the listed items from the site", "[solver][v2]") {
  const char* spec = R"(
jurisdiction J
actor op in J
actor police in J
site s in J operated by op
key k stored at s
data d1 stored at s
data d2 encrypted by k stored at s
law search: police seizes s for d1, d2
assert q_d1: police cannot read d1
assert q_d2: police cannot read d2
)";
  CHECK(both(spec, "d1").verdict == Verdict::violated);
  CHECK(both(spec, "d2").verdict == Verdict::holds);  // the key was not listed
}

// Rule 12: an HSM used by holders of t1 and t2 answers whoever holds both tokens.
TEST_CASE("semantics v2: a gated HSM answers only an actor holding every token", "[solver][v2]") {
  const char* spec = R"(
jurisdiction J
actor both_tokens
actor one_token
actor op in J
site s in J operated by op
key t1 held by both_tokens, one_token
key t2 held by both_tokens
key h hsm at s used by holders of t1 and t2
assert q_both: both_tokens cannot use h
assert q_one: one_token cannot use h
)";
  auto two = both(spec, "both");
  CHECK(two.verdict == Verdict::violated);
  CHECK(two.path == Strings{"custody: both_tokens holds the material of key t1",
                            "custody: both_tokens holds the material of key t2", "hsm: both_tokens can use key h"});
  CHECK(both(spec, "one").verdict == Verdict::holds);
}

// Rule 13: a compromised site gives the attacker what is stored there; `T[X]` names the
// condition, and `assume not T[X]` rules it out.
TEST_CASE("semantics v2: a site threat gives what the site stores, and T[X] names it", "[solver][v2]") {
  const char* spec = R"(
jurisdiction J
actor op in J
actor hacker
site s in J operated by op
site t in J operated by op
data d stored at s
data e stored at t
threat breach: hacker compromises at most 1 of s, t
assume not breach[t]
assert q_d: hacker cannot read d
assert q_e: hacker cannot read e
)";
  auto d = both(spec, "d");
  CHECK(d.verdict == Verdict::violated);
  CHECK(d.scenario == Strings{"breach[s]"});
  CHECK(d.path == Strings{"threat: hacker holds d (stored unencrypted)"});
  auto e = both(spec, "e");
  CHECK(e.verdict == Verdict::holds);
  CHECK(e.relies == Strings{"assume not breach[t]"});
}

// Rule 14: what `public` holds everyone holds; what it can use nobody else can.
TEST_CASE("semantics v2: public shares every item form it holds but not its uses", "[solver][v2]") {
  const char* spec = R"(
jurisdiction J
actor a in J
actor b in J
site s in J operated by a
key h hsm at s used by a
data leaked held by public
data d encrypted by h held by b, public
flow a -> public
assert q_leaked: b cannot read leaked
assert q_pub_reads: public cannot read d
assert q_use: b cannot read d
assert q_nobody_j: nobody in J can read leaked
)";
  auto leaked = both(spec, "leaked");
  CHECK(leaked.verdict == Verdict::violated);
  CHECK(leaked.path == Strings{"custody: public holds leaked (stored unencrypted)", "public: b holds leaked (stored unencrypted)"});
  CHECK(both(spec, "pub_reads").verdict == Verdict::violated);
  // b would need public's use of h; the plaintext public reads is shared, though: one way.
  auto use = both(spec, "use");
  CHECK(use.verdict == Verdict::violated);
  CHECK(use.path.back() == "public: b reads the plaintext of d");
  CHECK(both(spec, "nobody_j").verdict == Verdict::violated);  // a and b are in J
}

TEST_CASE("semantics v2: public is counted by `nobody can` but not by `nobody in J`", "[solver][v2]") {
  const char* spec = R"(
jurisdiction J
actor a in J
data d held by public
flow public -> a : d
assert q_everyone: nobody can read d
assert q_only_a: only a can read d
assert q_in_j: nobody in J can read d
)";
  // public itself reaches d in one step, before a does in two.
  auto everyone = both(spec, "everyone");
  CHECK(everyone.verdict == Verdict::violated);
  CHECK(everyone.actor == "public");
  CHECK(both(spec, "only_a").actor == "public");
  CHECK(both(spec, "in_j").actor == "a");
}

// Assertions: `can` without `in P` needs some phase; `in P` pins the phase; a `cannot`
// without it covers every phase. Item lists: every item on its own.
TEST_CASE("semantics v2: assertions over phases and item lists", "[solver][v2]") {
  const char* spec = R"(
phase p1
phase p2
actor a forgets
data d1 held by a during p1
data d2 held by a during p2
assert q_some_phase: a can read d1, d2
assert q_at_p2: a can read d1 in p2
assert q_never: a cannot read d2, d1
assert q_not_p1: a cannot read d2 in p1
)";
  CHECK(both(spec, "some_phase").verdict == Verdict::holds);
  auto p2 = both(spec, "at_p2");
  CHECK(p2.verdict == Verdict::violated);
  CHECK(p2.item == "d1");
  auto never = both(spec, "never");
  CHECK(never.verdict == Verdict::violated);
  CHECK(never.item == "d2");  // first in the assertion's list among equally short paths
  CHECK(both(spec, "not_p1").verdict == Verdict::holds);
}

// `when EXPR` restricts the scenarios; its forced conditions count; none: vacuous.
TEST_CASE("semantics v2: an assertion's when restricts scenarios and can be vacuous", "[solver][v2]") {
  const char* spec = R"(
actor a
actor b
condition c
condition x
data d held by a
flow a -> b when c
assume not x
assert q_only_when_c: b cannot read d when c
assert q_unless_c: b cannot read d when not c
assert q_forced: b cannot read d when c and x or c
assert q_impossible: b cannot read d when x
)";
  auto when_c = both(spec, "only_when_c");
  CHECK(when_c.verdict == Verdict::violated);
  CHECK(when_c.scenario == Strings{"c"});
  auto unless = both(spec, "unless_c");
  CHECK(unless.verdict == Verdict::holds);
  CHECK(unless.relies.empty());  // the assertion's own `when` is not an assumption
  CHECK(both(spec, "forced").scenario == Strings{"c"});
  CHECK(both(spec, "impossible").verdict == Verdict::vacuous);
}
