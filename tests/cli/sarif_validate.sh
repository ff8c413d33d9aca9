#!/usr/bin/env bash
# Validates custody's SARIF with Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool),
# installed on first use into the build folder. Any result of level "error" fails the test.
# usage: sarif_validate.sh CUSTODY SOURCE_DIR TOOL_DIR
set -u
bin=$(realpath "$1")
cd "$2" || exit 2
tooldir=$3
tool="$tooldir/node_modules/.bin/sarif-multitool"
if [ ! -x "$tool" ]; then
  command -v npm >/dev/null || { echo "sarif: npm is needed to install @microsoft/sarif-multitool"; exit 1; }
  mkdir -p "$tooldir"
  npm install --prefix "$tooldir" --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@5.7.0 >/dev/null || exit 1
fi
# npm may skip install scripts, which would have made the native tool executable.
chmod u+x "$tooldir"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" check --format sarif specs/icloud-china.custody > "$tmp/icloud.sarif"
"$bin" check --format sarif specs/escrow-split.custody > "$tmp/escrow.sarif"
"$bin" lint --format sarif tests/bad/several_errors.custody > "$tmp/lint.sarif"
"$bin" lint --format sarif tests/bad/duplicate_name.custody > "$tmp/notes.sarif"
# Version 2: steps with phases, a vacuous assertion (the golden of tests/cli/check_phases_test.cpp).
cp tests/cli/phases/check.sarif "$tmp/phases.sarif"
# File names that must become valid URIs: a colon that would read as a scheme, quotes and
# angle brackets, a newline, a byte that is not UTF-8; relative and absolute. Each log's
# .name file holds the path it must decode to.
mkdir "$tmp/names"
odd() {  # odd LABEL NAME
  printf 'actor a\ndata d held by a\nassert q: a cannot read d\n' > "$tmp/names/$2"
  (cd "$tmp/names" && "$bin" check --format sarif "$2") > "$tmp/odd-$1.sarif"
  printf '%s' "$2" > "$tmp/odd-$1.sarif.name"
  "$bin" check --format sarif "$tmp/names/$2" > "$tmp/odd-$1-absolute.sarif"
  printf '%s' "$tmp/names/$2" > "$tmp/odd-$1-absolute.sarif.name"
}
odd scheme 'we:ird "q" <x>.custody'
odd newline $'nl\nname.custody'
odd bytes $'bad\xffname.custody'
fails=0
total=0
for f in "$tmp"/*.sarif; do
  total=$((total + 1))
  "$tool" validate "$f" -o "$f.log" --log ForceOverwrite >/dev/null 2>&1
  python3 - "$f" "$f.log" <<'PY' || fails=$((fails + 1))
import json, sys
log, report = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
errors = [r for r in report["runs"][0].get("results", []) if r.get("level") == "error"]
for e in errors:
    print("sarif: %s: %s %s" % (sys.argv[1], e["ruleId"], e["message"]))
run = log["runs"][0]
assert run["tool"]["driver"]["name"] == "custody" and run["columnKind"] == "unicodeCodePoints"
results = run["results"]
assert results, "no results"
if "icloud" in sys.argv[1]:
    flows = results[0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert len(flows) == 9 and flows[-1]["location"]["message"]["text"].startswith("9. cn_police reads"), flows[-1]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 37
try:
    want = open(sys.argv[1] + ".name", "rb").read()
except FileNotFoundError:
    want = None
if want is not None:
    import urllib.parse
    def uris(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "uri" and isinstance(v, str): yield v
                yield from uris(v)
        elif isinstance(x, list):
            for v in x: yield from uris(v)
    found = set(uris(run["results"]))
    assert found, "no uri"
    for uri in found:
        parts = urllib.parse.urlsplit(uri)
        got = urllib.parse.unquote_to_bytes(parts.path)
        assert parts.scheme == ("file" if want.startswith(b"/") else ""), uri
        assert (got[2:] if got.startswith(b"./") else got) == want, (uri, want)
sys.exit(1 if errors else 0)
PY
done
echo "sarif: $((total - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
