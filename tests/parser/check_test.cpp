// Meaning checks: names, kinds, counts, and the warnings a careful user wants. Each test
// pins the exact rendered diagnostic.
#include <catch2/catch.hpp>

#include "support.hpp"

using custody::test::load_text;

TEST_CASE("check: a duplicate name is an error at the second declaration", "[parser]") {
  auto r = load_text("actor a\nkey a held by a\n");
  CHECK_FALSE(r.model);
  CHECK(r.gcc() ==
        "spec.custody:2:5: error: 'a' is already declared\n"
        "spec.custody:1:7: note: first declared here as an actor\n");
}

TEST_CASE("check: names are one namespace across imports", "[parser]") {
  auto r = load_text("import \"other.custody\"\nactor a\n", {{"other.custody", "condition a\n"}});
  CHECK(r.gcc() ==
        "other.custody:1:11: error: 'a' is already declared\n"
        "spec.custody:2:7: note: first declared here as an actor\n");
}

TEST_CASE("check: a use of the wrong kind says what was expected and found", "[parser]") {
  auto r = load_text("actor a\ncondition c\ndata d held by c\n");
  CHECK(r.gcc() ==
        "spec.custody:3:16: error: 'c' is a condition, expected an actor\n"
        "spec.custody:2:11: note: 'c' declared here\n");
}

TEST_CASE("check: an unknown name suggests a close one of the right kind", "[parser]") {
  auto r = load_text("actor alice\ndata d held by alcie\n");
  CHECK(r.gcc() == "spec.custody:2:16: error: unknown name 'alcie', expected an actor; did you mean 'alice'?\n");
}

TEST_CASE("check: a when names conditions only", "[parser]") {
  auto r = load_text("actor a\ndata d held by a when a\n");
  CHECK(r.gcc() ==
        "spec.custody:2:23: error: 'a' is an actor, expected a condition\n"
        "spec.custody:1:7: note: 'a' declared here\n");
}

TEST_CASE("check: flow items are keys or data", "[parser]") {
  auto r = load_text("actor a\nactor b\nflow a -> b : a\n");
  CHECK(r.gcc() ==
        "spec.custody:3:15: error: 'a' is an actor, expected a key or data\n"
        "spec.custody:1:7: note: 'a' declared here\n");
}

TEST_CASE("check: split needs 1 <= K <= N after duplicates count once", "[parser]") {
  auto r = load_text("actor a\nkey s held by a\nkey k split 2 of s, s\n");
  CHECK(r.gcc() == "spec.custody:3:13: error: split needs 1 <= K <= 1 (the number of share keys), got 2\n");
  CHECK(load_text("actor a\nkey s held by a\nkey t held by a\nkey k split 2 of s, t\nassert q: a cannot obtain k\n").model);
}

TEST_CASE("check: counts in expressions and threats are in range", "[parser]") {
  auto r = load_text("condition c\ndata d held by a when at least 2 of c, c\nactor a\n");
  CHECK(r.gcc() == "spec.custody:2:32: error: count 2 is larger than the 1 condition listed\n");
  auto t = load_text("actor e\nactor a\nthreat t: e compromises at most 2 of a\n");
  CHECK(t.gcc() == "spec.custody:3:33: error: count 2 is larger than the 1 actor listed\n");
  CHECK(load_text("actor e\nactor a\nthreat t: e compromises at most 0 of a\n").model);
}

TEST_CASE("check: verbs take the right kind of target", "[parser]") {
  auto r = load_text("actor a\nkey k held by a\nassert q: a cannot read k\n");
  CHECK(r.gcc() ==
        "spec.custody:3:25: error: 'k' is a key, expected data; 'read' takes data ('obtain' and "
        "'use' take keys)\n"
        "spec.custody:2:5: note: 'k' declared here\n");
}

TEST_CASE("check: a missing import is an error at the import line", "[parser]") {
  auto r = load_text("actor a\nimport \"nowhere.custody\"\n");
  CHECK(r.gcc() == "spec.custody:2:1: error: cannot read imported file 'nowhere.custody'\n");
}

TEST_CASE("check: an import cycle names the chain", "[parser]") {
  auto r = load_text("import \"b.custody\"\n", {{"b.custody", "import \"c.custody\"\n"},
                                                {"c.custody", "import \"spec.custody\"\n"}});
  CHECK(r.gcc() ==
        "c.custody:1:1: error: import cycle: spec.custody -> b.custody -> c.custody -> spec.custody\n");
}

TEST_CASE("check: warnings for what a careful user wants to know", "[parser]") {
  auto r = load_text(R"(jurisdiction J
jurisdiction unused_j
actor p in J
actor loner
actor idle in J
condition never
site s in J
key k wrapped by k held by p
key ghost
data d encrypted by k stored at s
data lost
law l: p compels actors in J
assert q1: loner cannot read d
assert q2: p cannot use ghost
assert q3: p cannot read lost
assume never
)");
  REQUIRE(r.model);  // warnings do not stop the model
  CHECK(r.gcc() ==
        "spec.custody:2:14: warning: jurisdiction 'unused_j' is declared but never used\n"
        "spec.custody:4:7: warning: actor 'loner' is in no jurisdiction, so laws that compel "
        "actors in a jurisdiction (such as 'l') never reach it\n"
        "spec.custody:12:5: note: law 'l' declared here\n"
        "spec.custody:5:7: warning: actor 'idle' is declared but never used\n"
        "spec.custody:6:11: warning: condition 'never' is named by no 'when', so it changes nothing\n"
        "spec.custody:7:6: warning: site 's' has no operator, so what is stored there reaches no "
        "one but by seizure\n"
        "spec.custody:8:18: warning: key 'k' is wrapped by itself; its blob can only be opened by "
        "someone who already has the key\n"
        "spec.custody:9:5: warning: key 'ghost' is neither held, stored, wrapped, in an HSM nor "
        "split, so no one can ever hold or use it\n"
        "spec.custody:11:6: warning: data 'lost' is neither held nor stored, so no one can ever "
        "hold it\n");
}
