#!/usr/bin/env python3
"""Differential test: custody's verdicts against clingo on generated specs.

For every generated spec and assertion, both must agree on the verdict and, for a
violation, on the minimal number of true conditions. The scenario custody reports is
also replayed in clingo: with exactly those conditions true, the subject must reach the
target (violated cannot) or miss it (violated can).

usage: run.py CUSTODY_BINARY [--count N] [--seed S] [--jobs J] [--keep DIR] [--engine auto|z3]
Prints one line per disagreement and a closing line 'N passed, M failed'.
"""

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

with open(os.path.join(HERE, "semantics.lp")) as f:
    SEMANTICS = f.read()


def clingo(program):
    """Runs clingo with optimisation; returns ('unsat', None) or ('sat', cost)."""
    p = subprocess.run(["clingo", "--outf=2", "--opt-mode=opt", "-q1", "-"], input=program,
                       capture_output=True, text=True, timeout=120)
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError:
        raise RuntimeError("clingo failed: " + p.stderr[:500])
    result = doc.get("Result")
    if result == "UNSATISFIABLE":
        return "unsat", None
    if result in ("SATISFIABLE", "OPTIMUM FOUND"):
        costs = doc.get("Models", {}).get("Costs", [0])
        return "sat", costs[0] if costs else 0
    raise RuntimeError("clingo: unexpected result %r: %s" % (result, p.stderr[:500]))


def goal_rules(a):
    lines = []
    for x in a["subjects"]:
        if a["can"]:
            lines.append("fail :- not reach(%s,%s,%s)." % (x, a["verb"], a["target"]))
        else:
            lines.append("goal :- reach(%s,%s,%s)." % (x, a["verb"], a["target"]))
    lines.append(":- not fail." if a["can"] else ":- not goal.")
    return "\n".join(lines) + "\n"


def cond_atom(name):
    m = re.fullmatch(r"(\w+)\[(\w+)\]", name)
    return "tc(%s,%s)" % (m.group(1), m.group(2)) if m else name


ENGINE = ["auto"]
CROSS = [False, {}]  # compare with the other engine; its results for the current seed


def check_seed(args):
    binary, seed, keep, engine, cross = args
    ENGINE[0] = engine
    CROSS[0] = cross
    try:
        return check_seed_unguarded(binary, seed, keep)
    except Exception as e:  # a crash of either side is a failure of this seed
        return seed, ["exception: %r" % (e,)]


def check_seed_unguarded(binary, seed, keep):
    spec, facts, assertions = gen.generate(seed)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(keep or tmp, "gen%d.custody" % seed)
        with open(path, "w") as f:
            f.write(spec)
        p = subprocess.run([binary, "check", path, "--format", "json", "--timeout", "60",
                            "--engine", ENGINE[0]],
                           capture_output=True, text=True, timeout=300)
        base = SEMANTICS + facts + "#minimize{ 1,C : true(C) }.\n"
        vacuous = clingo(base)[0] == "unsat"
        if p.returncode not in (0, 1, 2, 3):
            return seed, ["custody crashed with exit code %d: %s" % (p.returncode, p.stderr[:300])]
        doc = json.loads(p.stdout)
        if CROSS[0]:
            # The other engine on the same spec, to compare path lengths (clingo has none).
            q = subprocess.run([binary, "check", path, "--format", "json", "--timeout", "60",
                                "--engine", "z3" if ENGINE[0] == "auto" else "auto"],
                               capture_output=True, text=True, timeout=300)
            CROSS[1] = {x["name"]: x for x in json.loads(q.stdout)["assertions"]} if q.returncode in (0, 1) else {}
        if vacuous:
            if p.returncode != 2:
                problems.append("assumptions unsatisfiable per clingo, custody exit %d" % p.returncode)
            return seed, problems
        if p.returncode == 2:
            return seed, ["custody rejected the spec: %s" % json.dumps(doc["diagnostics"])[:400]]
        results = {r["name"]: r for r in doc["assertions"]}
        for a in assertions:
            r = results.get(a["name"])
            if r is None:
                problems.append("%s: no result" % a["name"])
                continue
            status, cost = clingo(base + goal_rules(a))
            expected = "holds" if status == "unsat" else "violated"
            if r["verdict"] != expected:
                problems.append("%s: custody %s, clingo %s" % (a["name"], r["verdict"], expected))
                continue
            if expected != "violated":
                continue
            got = len(r["scenario"]["conditions"])
            if got != cost:
                problems.append("%s: custody needs %d true conditions, clingo %d" % (a["name"], got, cost))
            # Replay custody's scenario in clingo.
            chosen = [cond_atom(c) for c in r["scenario"]["conditions"]]
            fix = "".join("chosen(%s).\n" % c for c in chosen)
            fix += ":- true(C), not chosen(C).\n:- chosen(C), not true(C).\n"
            actor = r.get("actor")
            if actor is None:
                problems.append("%s: violated without an actor" % a["name"])
                continue
            if a["can"]:
                fix += ":- reach(%s,%s,%s).\n" % (actor, a["verb"], a["target"])
            else:
                fix += ":- not reach(%s,%s,%s).\n" % (actor, a["verb"], a["target"])
            if clingo(SEMANTICS + facts + fix)[0] != "sat":
                problems.append("%s: custody's scenario %s does not witness the violation" % (a["name"], chosen))
            if CROSS[0] and not a["can"]:
                other = CROSS[1].get(a["name"])
                if other is None or len(other.get("path", [])) != len(r["path"]) \
                        or len(other["scenario"]["conditions"]) != got:
                    problems.append("%s: the engines disagree on the path length or scenario size" % a["name"])
            if not a["can"] and r["path"]:
                last = r["path"][-1]["facts"]
                want = {"read": "plain", "obtain": "material", "use": "use"}[a["verb"]]
                if last["type"] != want or last["actor"] != actor:
                    problems.append("%s: path ends with %s" % (a["name"], last))
    return seed, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", default=None, help="write the generated specs to this folder")
    ap.add_argument("--cross-engine", action="store_true",
                    help="also run the other engine and require the same path length and scenario size")
    ap.add_argument("--engine", default="auto", choices=["auto", "z3"],
                    help="custody's engine: auto (enumeration where cheap) or z3 (always)")
    opts = ap.parse_args()
    if opts.keep:
        os.makedirs(opts.keep, exist_ok=True)
    seeds = range(opts.seed, opts.seed + opts.count)
    binary = os.path.abspath(opts.binary)
    passed = failed = 0
    with multiprocessing.Pool(opts.jobs) as pool:
        for seed, problems in pool.imap(check_seed, [(binary, s, opts.keep, opts.engine, opts.cross_engine) for s in seeds]):
            if problems:
                failed += 1
                for pr in problems:
                    print("seed %d: %s" % (seed, pr))
            else:
                passed += 1
    print("differential (%s engine): %d passed, %d failed" % (opts.engine, passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
