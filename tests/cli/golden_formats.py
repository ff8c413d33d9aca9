#!/usr/bin/env python3
"""Golden outputs of every command and format over specs/, and the JSON outputs checked
against the schemas in schema/.

The goldens live beside the specs, in specs/golden/NAME.COMMAND.FORMAT (the exit code is
the last line). CUSTODY_UPDATE_GOLDEN=1 rewrites them.

usage: golden_formats.py CUSTODY SOURCE_DIR
"""

import json
import os
import subprocess
import sys

binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(root)
update = os.environ.get("CUSTODY_UPDATE_GOLDEN") == "1"

import jsonschema  # noqa: E402

schemas = {}
for name in os.listdir("schema"):
    with open(os.path.join("schema", name)) as f:
        schemas[name] = json.load(f)


def validator(name):
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            [(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
        return jsonschema.Draft7Validator(schemas[name], registry=registry)
    except ImportError:  # Debian 12's jsonschema 4.10
        resolver = jsonschema.RefResolver("", schemas[name], store={s["$id"]: s for s in schemas.values()})
        return jsonschema.Draft7Validator(schemas[name], resolver=resolver)


specs = sorted(f[:-len(".custody")] for f in os.listdir("specs") if f.endswith(".custody"))
runs = []  # (golden name, argv, schema or None)
for spec in specs:
    path = "specs/%s.custody" % spec
    for fmt in ("text", "gcc", "json", "github", "sarif"):
        runs.append(("%s.check.%s" % (spec, fmt), ["check", "--format", fmt, path],
                     "check.schema.json" if fmt == "json" else None))
    runs.append(("%s.lint.json" % spec, ["lint", "--format", "json", path], "lint.schema.json"))
    for fmt in ("text", "json", "csv"):
        runs.append(("%s.matrix.%s" % (spec, fmt), ["matrix", "--keys", "--format", fmt, path],
                     "matrix.schema.json" if fmt == "json" else None))
    runs.append(("%s.graph.dot" % spec, ["graph", path], None))
runs += [
    ("icloud-china.who.text", ["who", "specs/icloud-china.custody", "read", "backup"], None),
    ("icloud-china.who.json", ["who", "--format", "json", "specs/icloud-china.custody", "read", "backup"], "who.schema.json"),
    ("escrow-split.who.json", ["who", "--format", "json", "specs/escrow-split.custody", "obtain", "root"], "who.schema.json"),
    ("icloud-move.diff.text", ["diff", "specs/icloud-before.custody", "specs/icloud-china.custody"], None),
    ("icloud-move.diff.json", ["diff", "--format", "json", "specs/icloud-before.custody", "specs/icloud-china.custody"],
     "diff.schema.json"),
    ("icloud-china.path.dot", ["graph", "specs/icloud-china.custody", "--assert", "no_cn_access"], None),
]

os.makedirs("specs/golden", exist_ok=True)
passed = failed = 0
for name, argv, schema in runs:
    p = subprocess.run([binary] + argv, capture_output=True, text=True, timeout=300)
    got = p.stdout + "exit code %d\n" % p.returncode
    golden = os.path.join("specs/golden", name)
    problems = []
    if schema:
        errors = list(validator(schema).iter_errors(json.loads(p.stdout)))
        problems += ["schema: %s at %s" % (e.message, list(e.absolute_path)) for e in errors[:3]]
    if update:
        with open(golden, "w") as f:
            f.write(got)
    elif not os.path.exists(golden) or open(golden).read() != got:
        problems.append("output differs from %s (CUSTODY_UPDATE_GOLDEN=1 rewrites it)" % golden)
    if problems:
        failed += 1
        print("FAIL %s: %s" % (name, "; ".join(problems)))
    else:
        passed += 1
print("golden formats: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
