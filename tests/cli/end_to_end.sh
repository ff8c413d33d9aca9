#!/usr/bin/env bash
# End-to-end tests of the custody binary: exit codes, formats, and usage errors.
# usage: end_to_end.sh CUSTODY SOURCE_DIR
set -u
bin=$1
cd "$2" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

expect() {  # expect NAME CODE COMMAND...
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
    fails=$((fails + 1))
  else
    passes=$((passes + 1))
  fi
}
contains() {  # contains NAME TEXT (in the last command's stdout+stderr)
  if ! grep -qF -- "$2" "$tmp/out" "$tmp/err"; then
    echo "FAIL $1: output lacks '$2'"; sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
    fails=$((fails + 1))
  else
    passes=$((passes + 1))
  fi
}

printf 'actor a\nactor b\ndata d held by a\nassert q: b cannot read d\n' > "$tmp/holds.custody"
printf 'actor a\ndata d held by a\nassert q: a cannot read d\n' > "$tmp/violated.custody"
printf 'actor a\ncondition c\ndata d held by a when c\nassume c\nassume not c\nassert q: a cannot read d\n' > "$tmp/vacuous.custody"
printf 'actor a\nactor unused\ndata d held by a\nassert q: a can read d\n' > "$tmp/warning.custody"
printf 'actor a\ncondition c\ndata d held by a when c\nassert q: a cannot read d\n' > "$tmp/needs_solver.custody"
printf 'actor in\nkey k held by\n' > "$tmp/syntax.custody"

expect "no subcommand is a usage error" 2 "$bin"

# Version 2 through the whole pipeline: a fact retained into the next phase is a step of
# its own, every step names its phase, and a vacuous assertion is an error (exit 2) while
# the others are still decided.
printf 'phase before\nphase after\nactor a\nactor b\ncondition c\ndata d held by a during before\nflow a -> b : d from after\nassert q: b cannot read d in after\nassert v: b cannot read d when c and not c\n' > "$tmp/phases.custody"
expect "check: a vacuous assertion is exit 2" 2 "$bin" check "$tmp/phases.custody"
contains "check: a retained fact" "retain: retained from phase before"
contains "check: steps name their phase" "b holds d (stored unencrypted), in phase after"
contains "check: the vacuous assertion's error" "error: assertion 'v' is vacuous"
contains "check: the summary counts it" "2 assertions: 0 hold, 1 violated, 1 vacuous"
expect "check json: a vacuous assertion is exit 2" 2 "$bin" check --format json "$tmp/phases.custody"
contains "check json: phase of a step" '"phase":"after"'
contains "check json: the vacuous verdict" '"verdict":"vacuous"'
expect "who --in a phase" 0 "$bin" who "$tmp/phases.custody" read d --in before
contains "who --in: nobody but a in before" "2 actors: 1 can, 1 cannot"
expect "unknown flag is a usage error" 2 "$bin" lint --bogus "$tmp/holds.custody"
expect "lint without files is a usage error" 2 "$bin" lint
expect "unknown format is a usage error" 2 "$bin" check --format xml "$tmp/holds.custody"
expect "a missing file is exit 2" 2 "$bin" lint "$tmp/nope.custody"
contains "a missing file names the file" "cannot read file '$tmp/nope.custody'"
expect "a directory is exit 2" 2 "$bin" lint "$tmp"
contains "a directory is named as such" "(it is a directory)"
expect "--version" 0 "$bin" --version
expect "--help" 0 "$bin" --help

expect "lint of the example passes with no warnings" 0 "$bin" lint specs/icloud-china.custody
contains "lint summary" "1 file: 0 errors, 0 warnings"
expect "lint warnings are allowed" 0 "$bin" lint "$tmp/warning.custody"
if grep -q $'\x1b' "$tmp/out"; then echo "FAIL colour: escape codes when stdout is not a terminal"; fails=$((fails + 1)); else passes=$((passes + 1)); fi
if command -v script >/dev/null; then  # a pseudo-terminal: colour on, unless NO_COLOR
  script -qec "$bin lint $tmp/warning.custody" /dev/null > "$tmp/tty" 2>&1
  if grep -q $'\x1b\[' "$tmp/tty"; then passes=$((passes + 1)); else echo "FAIL colour: none on a terminal"; fails=$((fails + 1)); fi
  NO_COLOR=1 script -qec "$bin lint $tmp/warning.custody" /dev/null > "$tmp/tty" 2>&1
  if grep -q $'\x1b\[' "$tmp/tty"; then echo "FAIL colour: NO_COLOR ignored"; fails=$((fails + 1)); else passes=$((passes + 1)); fi
fi
expect "--werror turns warnings into errors" 2 "$bin" lint --werror "$tmp/warning.custody"
expect "syntax errors are exit 2" 2 "$bin" lint --format gcc "$tmp/syntax.custody"
contains "several errors in one run" "syntax.custody:3:1: error: expected identifier, got end of file"
contains "gcc format" "syntax.custody:1:7: error: expected identifier, got keyword 'in'"
expect "lint json" 2 "$bin" lint --format json "$tmp/syntax.custody"
python3 -m json.tool "$tmp/out" >/dev/null || { echo "FAIL lint json is not JSON"; fails=$((fails + 1)); }
expect "dump model" 0 "$bin" lint --dump-model "$tmp/holds.custody"
contains "dump model prints the canonical form" "assert q: b cannot read d"

expect "check: all hold is exit 0" 0 "$bin" check "$tmp/holds.custody"
contains "check summary" "1 assertion: 1 hold, 0 violated"
expect "check: a violation is exit 1" 1 "$bin" check "$tmp/violated.custody"
expect "check: the example is violated" 1 "$bin" check specs/icloud-china.custody
contains "the example's summary" "3 assertions: 1 hold, 2 violated"
contains "the example's path" "cn_police can use key hsm_key"
expect "check: vacuous assumptions are exit 2" 2 "$bin" check "$tmp/vacuous.custody"
contains "vacuity names the assume line" "vacuous.custody:4:1: error: no scenario satisfies the assumptions"
expect "check: invalid input is exit 2" 2 "$bin" check "$tmp/syntax.custody"
expect "check --assert picks one" 0 "$bin" check specs/icloud-china.custody --assert no_us_access
contains "check --assert summary" "1 assertion: 1 hold, 0 violated"
expect "check --assert unknown" 2 "$bin" check specs/icloud-china.custody --assert nope
contains "unknown assertion message" "no assertion named 'nope'"
expect "check: a solver limit is exit 3" 3 "$bin" check --timeout 0.0001 "$tmp/needs_solver.custody"
contains "inconclusive summary" "1 inconclusive"
expect "check gcc" 1 "$bin" check --format gcc specs/icloud-china.custody
contains "gcc error line" "specs/icloud-china.custody:37:8: error: no_cn_access violated"
contains "gcc note lines" "note: step 1: gcbd holds the ciphertext of backup"
expect "check json" 1 "$bin" check --format json specs/icloud-china.custody
python3 - "$tmp/out" <<'PY' || fails=$((fails + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1
a = doc["assertions"][0]
assert a["name"] == "no_cn_access" and a["verdict"] == "violated", a
assert a["scenario"]["conditions"] == []
assert a["path"][0]["rule"] == "custody" and a["path"][0]["step"] == 1
assert a["path"][-1]["rule"] == "decrypt"
assert doc["assertions"][2]["relies_on"] == []
PY

expect "who: exit 0" 0 "$bin" who specs/icloud-china.custody read backup
contains "who names the actor that can" "cn_police can: no condition needs to be true (9 steps)"
contains "who names the actors that cannot" "us_court cannot (in any scenario)"
contains "who summary" "5 actors: 1 can, 4 cannot"
expect "who: a key for read is a usage error" 2 "$bin" who specs/icloud-china.custody read hsm_key
expect "who: unknown verb" 2 "$bin" who specs/icloud-china.custody steal backup
expect "who json" 0 "$bin" who --format json specs/escrow-split.custody obtain root
python3 - "$tmp/out" <<'PY' || fails=$((fails + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
by = {a["actor"]: a for a in doc["actors"]}
assert by["court"]["verdict"] == "can" and by["court"]["scenario"]["conditions"] == ["court_order"], by["court"]
assert by["attacker"]["scenario"]["conditions"] == ["insiders[c1]", "insiders[escrow]"], by["attacker"]
assert by["bank"]["verdict"] == "cannot"
assert doc["summary"] == {"can": 2, "cannot": 6, "inconclusive": 0}, doc["summary"]
PY
expect "matrix csv" 0 "$bin" matrix --format csv --keys specs/escrow-split.custody
contains "matrix csv header" "actor,records,records_copy,obtain s1"
contains "matrix csv always and when" "court,never,never,never,never,when court_order,when court_order"
contains "matrix csv threat conditions" "attacker,never,when dr_drill+insiders[c1]+insiders[escrow]"
expect "matrix csv with use columns" 0 "$bin" matrix --format csv --keys specs/icloud-china.custody
contains "matrix: use columns after the obtain columns" "actor,backup,obtain hsm_key,obtain backup_key,use hsm_key,use backup_key"
contains "matrix: an HSM key is never obtained, but used" "apple,never,never,never,always,never"
contains "matrix: use under a condition" "us_court,never,never,never,when warrant,never"
expect "matrix --in without phases is a usage error" 2 "$bin" matrix --in after specs/icloud-china.custody
contains "matrix --in: the reason" "'after' is not a phase of specs/icloud-china.custody (it declares no phases)"
expect "matrix json" 0 "$bin" matrix --format json specs/icloud-china.custody
python3 - "$tmp/out" <<'PY' || fails=$((fails + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
rows = {r["actor"]: r["cells"] for r in doc["rows"]}
assert doc["columns"] == [{"name": "backup", "verb": "read"}]
assert rows["cn_police"] == [{"reach": "always"}], rows
assert rows["apple"] == [{"reach": "never"}], rows
PY
printf 'actor a\nactor b\ncondition c\ndata d held by a\nflow a -> b when not c\n' > "$tmp/sometimes.custody"
expect "matrix sometimes" 0 "$bin" matrix --format csv "$tmp/sometimes.custody"
contains "matrix: reached with no condition, not in every scenario" "b,sometimes"

expect "diff: a new exposure is exit 1" 1 "$bin" diff specs/icloud-before.custody specs/icloud-china.custody
contains "diff: the motivating move" "+ new: cn_police read backup, before never (now always)"
contains "diff: the new exposure's path" "cn_police can use key hsm_key"
contains "diff: removed" "- removed: us_court read backup, before when warrant (now never)"
contains "diff summary" "3 changes: 1 new exposure, 2 removed, 0 narrowed"
expect "diff: no change is exit 0" 0 "$bin" diff specs/icloud-china.custody specs/icloud-china.custody
expect "diff: the reverse move exposes to Apple and the US court" 1 "$bin" diff specs/icloud-china.custody specs/icloud-before.custody
contains "diff: reverse summary" "3 changes: 2 new exposures, 1 removed, 0 narrowed"
contains "diff: a conditional new exposure" "+ new: us_court read backup, before never (now when warrant)"
printf 'actor a\nactor b\ncondition w\ncondition x\ndata d held by a\nflow a -> b when w and x\n' > "$tmp/old.custody"
printf 'actor a\nactor b\ncondition w\ncondition x\ndata d held by a\nflow a -> b when w\n' > "$tmp/new.custody"
expect "diff: fewer conditions is a new exposure" 1 "$bin" diff --format json "$tmp/old.custody" "$tmp/new.custody"
python3 - "$tmp/out" <<'PY' || fails=$((fails + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
[c] = doc["changes"]
assert c["kind"] == "widened" and c["actor"] == "b", c
assert c["before"] == {"reach": "when", "conditions": ["w", "x"]}, c["before"]
assert c["after"] == {"reach": "when", "conditions": ["w"]}, c["after"]
assert len(c["path"]) == 2 and doc["exit_code"] == 1
PY
expect "diff: more conditions only narrows" 0 "$bin" diff "$tmp/new.custody" "$tmp/old.custody"
contains "diff: narrowed" "- narrowed: b read d, before when w (now when w+x)"

expect "graph: the custody graph as DOT" 0 "$bin" graph specs/icloud-china.custody
contains "graph: jurisdictions are clusters" 'subgraph "cluster_CN"'
contains "graph: a law by jurisdiction" '"actor:cn_police" -> "actors-in:CN" [label="compels (cn_csl)"'
contains "graph: wraps" '"key:hsm_key" -> "key:backup_key" [label="wraps"'
expect "graph: an access path" 0 "$bin" graph specs/icloud-china.custody --assert no_cn_access
contains "graph: numbered steps" 's9 [label="9. cn_police reads the plaintext of backup'
contains "graph: premises" 's8 -> s9;'
expect "graph: a holding assertion has no path" 2 "$bin" graph specs/icloud-china.custody --assert no_us_access
contains "graph: says why" "assertion 'no_us_access' has no access path to draw: it holds"
if command -v dot >/dev/null; then
  expect "graph: svg through dot" 0 "$bin" graph --format svg specs/escrow-split.custody
  contains "graph: svg output" "<svg"
fi

expect "github format for check" 1 "$bin" check --format github specs/icloud-china.custody
contains "github: an error at the assert line" "::error file=specs/icloud-china.custody,line=37,col=8,title=custody%3A no_cn_access violated::cn_police cannot read backup is violated"
contains "github: the path in the message, newlines escaped" "%0A9. cn_police reads the plaintext of backup"
expect "github format for lint" 2 "$bin" lint --format github "$tmp/syntax.custody"
contains "github: a syntax error" "line=1,col=7,endLine=1,endColumn=8,title=custody syntax::expected identifier, got keyword 'in'"
# The shipped workflow and pre-commit hooks run these commands: run them here too.
for file in examples/github-workflow.yml .pre-commit-hooks.yaml; do
  grep -oE '(run|entry): custody [a-z]+ --format [a-z]+' "$file" | sed -E 's/^(run|entry): custody //' | while read -r sub fmtflag fmt; do
    "$bin" "$sub" "$fmtflag" "$fmt" specs/escrow-split.custody > /dev/null
    code=$?
    if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then echo "FAIL $file: custody $sub $fmtflag $fmt exited $code"; exit 1; fi
  done || fails=$((fails + 1))
done
passes=$((passes + 1))
expect "the workflow's fmt step passes on the shipped specs" 0 "$bin" $(grep -oE 'run: custody fmt --check' examples/github-workflow.yml | sed 's/run: custody //') specs/*.custody

# custody fmt: the shipped specs are canonical; --check lists what would change; a
# rewrite is in place and idempotent; a file with syntax errors is left alone.
expect "fmt --check: the shipped specs are in canonical layout" 0 "$bin" fmt --check specs/*.custody
printf 'actor   a "A"  in J\njurisdiction J\nkey k held by a   # why\n' > "$tmp/messy.custody"
cp "$tmp/messy.custody" "$tmp/messy.orig"
expect "fmt --check: exit 1 when a file would change" 1 "$bin" fmt --check "$tmp/holds.custody" "$tmp/messy.custody"
contains "fmt --check: lists the file that would change" "$tmp/messy.custody"
if grep -qF "holds.custody" "$tmp/out"; then echo "FAIL fmt --check lists a canonical file"; fails=$((fails + 1)); fi
expect "fmt --check writes nothing" 0 cmp "$tmp/messy.custody" "$tmp/messy.orig"
expect "fmt rewrites in place" 0 "$bin" fmt "$tmp/messy.custody"
contains "fmt names the file it rewrote" "$tmp/messy.custody"
expect "fmt: the rewritten file" 0 diff - "$tmp/messy.custody" <<'TEXT'
actor a "A" in J
jurisdiction J
key k held by a  # why
TEXT
expect "fmt: a second run changes nothing" 0 "$bin" fmt --check "$tmp/messy.custody"
expect "fmt: syntax errors are exit 2" 2 "$bin" fmt "$tmp/syntax.custody"
contains "fmt: syntax errors are reported" "syntax.custody:1:7: error: expected identifier, got keyword 'in'"
expect "fmt: stdin to stdout" 0 "$bin" fmt - < "$tmp/messy.orig"
contains "fmt: stdin formatted" 'key k held by a  # why'

echo "end to end: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
