#!/usr/bin/env python3
"""The README's cookbook, run.

Each cookbook snippet in README.md follows a line `<!-- cookbook: NAME -->` and is a fenced
block that must equal tests/cookbook/NAME.custody byte for byte (and every file here must
appear in README). Each file must be in canonical layout, lint with no warnings, and every
assertion in it carries its expected verdict in a trailing comment:

    assert x: a cannot read d   # expect violated (c1, c2)
    assert y: a cannot read e   # expect holds

`(c1, c2)` lists the conditions of the minimal scenario of a violation (none: no
parentheses). `custody check --format json` must give exactly those verdicts and scenarios.

usage: run.py CUSTODY SOURCE_DIR
"""

import json
import os
import re
import subprocess
import sys

binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(root)
folder = os.path.join("tests", "cookbook")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def readme_snippets():
    snippets = {}
    lines = open("README.md", encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = re.fullmatch(r"<!-- cookbook: ([A-Za-z0-9_-]+) -->", lines[i].strip())
        i += 1
        if not m:
            continue
        name = m.group(1)
        if i >= len(lines) or not lines[i].startswith("```"):
            fail("README: the cookbook marker for %s is not followed by a fenced block" % name)
            continue
        end = i + 1
        while end < len(lines) and lines[end] != "```":
            end += 1
        if name in snippets:
            fail("README: cookbook snippet %s appears twice" % name)
        snippets[name] = "\n".join(lines[i + 1:end]) + "\n"
        i = end + 1
    return snippets


snippets = readme_snippets()
files = sorted(f[:-len(".custody")] for f in os.listdir(folder) if f.endswith(".custody"))
if not files:
    fail("no cookbook files in %s" % folder)
for name in sorted(set(snippets) - set(files)):
    fail("README snippet %s has no file %s/%s.custody" % (name, folder, name))
for name in files:
    before = len(failures)
    path = os.path.join(folder, name + ".custody")
    text = open(path, encoding="utf-8").read()
    if name not in snippets:
        fail("%s is not in README (add `<!-- cookbook: %s -->` before its block)" % (path, name))
    elif snippets[name] != text:
        fail("README's snippet %s differs from %s" % (name, path))

    p = subprocess.run([binary, "fmt", "--check", path], capture_output=True, text=True)
    if p.returncode != 0:
        fail("%s is not in canonical layout (custody fmt)" % path)
    p = subprocess.run([binary, "lint", "--werror", path], capture_output=True, text=True)
    if p.returncode != 0:
        fail("%s: lint --werror exited %d: %s" % (path, p.returncode, p.stdout + p.stderr))

    expected = {}
    for n, line in enumerate(text.split("\n"), 1):
        if not line.startswith("assert "):
            continue
        a = re.match(r"assert ([A-Za-z_][A-Za-z0-9_]*)\s*:", line)
        e = re.search(r"# expect (holds|violated|vacuous)(?: \(([^)]*)\))?", line)
        if not a or not e:
            fail("%s:%d: an assertion needs a name and a `# expect VERDICT` comment" % (path, n))
            continue
        conds = sorted(c.strip() for c in e.group(2).split(",")) if e.group(2) else []
        expected[a.group(1)] = (e.group(1), conds)

    p = subprocess.run([binary, "check", "--format", "json", path], capture_output=True, text=True, timeout=300)
    try:
        got = json.loads(p.stdout)
    except ValueError:
        fail("%s: check printed no JSON (exit %d): %s" % (path, p.returncode, p.stderr))
        continue
    seen = set()
    for a in got.get("assertions", []):
        name_a = a.get("name")
        seen.add(name_a)
        if name_a not in expected:
            fail("%s: assertion %s has no expectation" % (path, name_a))
            continue
        verdict, conds = expected[name_a]
        got_conds = sorted(a.get("scenario", {}).get("conditions", [])) if a["verdict"] == "violated" else []
        if a["verdict"] != verdict or (verdict == "violated" and got_conds != conds):
            fail("%s: %s is %s (%s), expected %s (%s)" % (path, name_a, a["verdict"], ", ".join(got_conds),
                                                          verdict, ", ".join(conds)))
    for name_a in sorted(set(expected) - seen):
        fail("%s: assertion %s was not reported" % (path, name_a))
    if len(failures) == before:
        print("ok %s: %d assertions" % (path, len(expected)))

print("cookbook: %d snippets, %d failures" % (len(files), len(failures)))
sys.exit(1 if failures else 0)
