#!/usr/bin/env python3
"""Differential test: custody's verdicts against clingo on generated specs.

For every generated spec and assertion, both must agree on the verdict and, for a
violation, on the minimal number of true conditions. The scenario custody reports is
also replayed in clingo: with exactly those conditions true, the subject must reach the
target (violated cannot) or miss it (violated can).

With --v2, the specs use the version-2 constructs (gen.generate_v2, semantics_v2.lp) and
clingo also computes the shortest access path: custody's path for a violated `cannot` must
have exactly as many steps as the shortest one clingo finds among the scenarios with the
fewest true conditions. `--engine both` checks both engines against the same clingo
answers; `--v1-only` keeps the version-2 checker to version-1 constructs.

usage: run.py CUSTODY_BINARY [--count N] [--seed S] [--jobs J] [--keep DIR]
              [--engine auto|z3|both] [--v2 [--v1-only]]
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
with open(os.path.join(HERE, "semantics_v2.lp")) as f:
    SEMANTICS_V2 = f.read()


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
    binary, seed, keep, engine, cross, v2, v1only = args
    ENGINE[0] = engine
    CROSS[0] = cross
    try:
        if v2:
            return check_seed_v2(binary, seed, keep, v1only)
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


CLINGO_CACHE = {}


def clingo_costs(program):
    """Like clingo(), with every priority's cost: ('unsat', None) or ('sat', [c2, c1]).
    Answers are cached (both engines' replays of one scenario ask the same question)."""
    if program not in CLINGO_CACHE:
        CLINGO_CACHE[program] = clingo_costs_uncached(program)
    return CLINGO_CACHE[program]


def clingo_costs_uncached(program):
    p = subprocess.run(["clingo", "--outf=2", "--opt-mode=opt", "-q1", "-"], input=program,
                       capture_output=True, text=True, timeout=300)
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError:
        raise RuntimeError("clingo failed: " + p.stderr[:500])
    result = doc.get("Result")
    if result == "UNSATISFIABLE":
        return "unsat", None
    if result in ("SATISFIABLE", "OPTIMUM FOUND"):
        # the anchors (one at each priority, see COST_ANCHORS) keep both priorities in
        # the list even when one has nothing to minimise
        return "sat", [c - 1 for c in doc.get("Models", {}).get("Costs", [])]
    raise RuntimeError("clingo: unexpected result %r: %s" % (result, p.stderr[:500]))


COST_ANCHORS = "cost_anchor.\n#minimize{ 1@2,anchor : cost_anchor }.\n#minimize{ 1@1,anchor : cost_anchor }.\n"
FORM = {"read": "pl(%s)", "obtain": "mat(%s)", "use": "use(%s)"}
PATH_END = {"read": "plain", "obtain": "material", "use": "use"}


def phases_of(a):
    return "%d" % a["phase"] if a["phase"] else "P"


def want_rules(a, actors, items):
    """want(X,F,P): the facts that violate a `cannot` (at phase P, or any phase)."""
    lines = []
    for x in actors:
        for i in items:
            f = FORM[a["verb"]] % i
            if a["phase"]:
                lines.append("want(%s,%s,%d) :- fact(%s,%s,%d)." % (x, f, a["phase"], x, f, a["phase"]))
            else:
                lines.append("want(%s,%s,P) :- fact(%s,%s,P)." % (x, f, x, f))
    return "\n".join(lines) + "\n"


def miss_rules(a, actors, items):
    """`fail` when some (actor, item) pair misses (at phase P, or in every phase)."""
    lines = []
    for x in actors:
        for i in items:
            f = FORM[a["verb"]] % i
            if a["phase"]:
                lines.append("fail :- not fact(%s,%s,%d)." % (x, f, a["phase"]))
            else:
                lines.append("somewhen(%s,%s) :- fact(%s,%s,_)." % (x, f, x, f))
                lines.append("fail :- not somewhen(%s,%s)." % (x, f))
    return "\n".join(lines) + "\n"


def when_rule(a):
    return ":- not holds(%s).\n" % a["when"] if a["when"] else ""


def run_custody(binary, path, engine):
    p = subprocess.run([binary, "check", path, "--format", "json", "--timeout", "60", "--engine", engine],
                       capture_output=True, text=True, timeout=300)
    if p.returncode not in (0, 1, 2, 3):
        raise RuntimeError("custody (%s) crashed with exit code %d: %s" % (engine, p.returncode, p.stderr[:300]))
    return p.returncode, json.loads(p.stdout)


def check_seed_v2(binary, seed, keep, v1only):
    spec, facts, assertions = gen.generate_v2(seed, v1only)
    CLINGO_CACHE.clear()  # one spec at a time
    problems = []
    base = SEMANTICS_V2 + facts + "#minimize{ 1@2,C : true(C) }.\n" + COST_ANCHORS
    # clingo's answers, computed once for every engine
    expected = {}
    # without `assume`, the all-false scenario satisfies everything (threat bounds included)
    if "assume(" in facts and clingo_costs(base)[0] == "unsat":
        expected = None
    else:
        for a in assertions:
            if a["when"] and clingo_costs(base + when_rule(a))[0] == "unsat":
                expected[a["name"]] = ("vacuous", None)
                continue
            if a["can"]:
                status, cost = clingo_costs(base + when_rule(a) + miss_rules(a, a["subjects"], a["items"])
                                            + ":- not fail.\n")
            else:
                status, cost = clingo_costs(base + when_rule(a) + want_rules(a, a["subjects"], a["items"])
                                            + "prove.\n")
            expected[a["name"]] = ("holds", None) if status == "unsat" else ("violated", cost)
    engines = ["auto", "z3"] if ENGINE[0] == "both" else [ENGINE[0]]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(keep or tmp, "gen%d.custody" % seed)
        with open(path, "w") as f:
            f.write(spec)
        for engine in engines:
            code, doc = run_custody(binary, path, engine)
            tag = "" if len(engines) == 1 else "[%s] " % engine
            if expected is None:
                if code != 2:
                    problems.append("%sassumptions unsatisfiable per clingo, custody exit %d" % (tag, code))
                continue
            results = {r["name"]: r for r in doc.get("assertions", [])}
            if code == 2 and not any(v[0] == "vacuous" for v in expected.values()):
                problems.append("%scustody rejected the spec: %s" % (tag, json.dumps(doc.get("diagnostics"))[:400]))
                continue
            for a in assertions:
                problems += [tag + pr for pr in compare_v2(a, results.get(a["name"]), expected[a["name"]], facts)]
            if any(v[0] == "vacuous" for v in expected.values()) and code != 2:
                problems.append("%sa vacuous assertion, custody exit %d" % (tag, code))
    return seed, problems


def compare_v2(a, r, exp, facts):
    name = a["name"]
    if r is None:
        return ["%s: no result" % name]
    verdict, cost = exp
    if r["verdict"] != verdict:
        return ["%s: custody %s, clingo %s" % (name, r["verdict"], verdict)]
    if verdict != "violated":
        return []
    problems = []
    got = len(r["scenario"]["conditions"])
    if got != cost[0]:
        problems.append("%s: custody needs %d true conditions, clingo %d" % (name, got, cost[0]))
    actor = r.get("actor")
    if actor is None:
        return problems + ["%s: violated without an actor" % name]
    # the item the violation is about: reported, or where the path ends, or any of them
    items = a["items"]
    if r.get("item"):
        items = [r["item"]]
    elif r.get("path"):
        last = r["path"][-1]["facts"]
        items = [last.get("data", last.get("key"))]
    # Replay custody's scenario in clingo: it must satisfy the assumptions and `when` and
    # witness the violation for the reported actor (and item).
    chosen = [cond_atom(c) for c in r["scenario"]["conditions"]]
    fix = "".join("chosen(%s).\n" % c for c in chosen)
    fix += ":- true(C), not chosen(C).\n:- chosen(C), not true(C).\n" + when_rule(a)
    if a["can"]:
        fix += miss_rules(a, [actor], items) + ":- not fail.\n"
    else:
        fix += want_rules(a, [actor], items) + "seen :- want(_,_,_).\n:- not seen.\n"
    if clingo_costs(SEMANTICS_V2 + facts + fix)[0] != "sat":
        problems.append("%s: custody's scenario %s does not witness the violation" % (name, chosen))
    if not a["can"]:
        steps = len(r.get("path", []))
        if len(cost) < 2 or steps != cost[1]:
            problems.append("%s: custody's path has %d steps, clingo's shortest %s"
                            % (name, steps, cost[1] if len(cost) > 1 else "?"))
        if r.get("path"):
            last = r["path"][-1]["facts"]
            if last["type"] != PATH_END[a["verb"]] or last["actor"] != actor \
                    or last.get("data", last.get("key")) not in a["items"]:
                problems.append("%s: path ends with %s" % (name, last))
            step_phase = r["path"][-1].get("phase")
            if a.get("phase_name") and step_phase is not None and step_phase != a["phase_name"]:
                problems.append("%s: asked in %s, the path ends in %s" % (name, a["phase_name"], step_phase))
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", default=None, help="write the generated specs to this folder")
    ap.add_argument("--cross-engine", action="store_true",
                    help="also run the other engine and require the same path length and scenario size")
    ap.add_argument("--engine", default="auto", choices=["auto", "z3", "both"],
                    help="custody's engine: auto (enumeration where cheap), z3 (always) or both (--v2 only)")
    ap.add_argument("--v2", action="store_true", help="version-2 specs, and path lengths against clingo")
    ap.add_argument("--v1-only", action="store_true", help="with --v2: only version-1 constructs")
    opts = ap.parse_args()
    if opts.engine == "both" and not opts.v2:
        ap.error("--engine both needs --v2")
    if opts.keep:
        os.makedirs(opts.keep, exist_ok=True)
    seeds = range(opts.seed, opts.seed + opts.count)
    binary = os.path.abspath(opts.binary)
    passed = failed = 0
    with multiprocessing.Pool(opts.jobs) as pool:
        for seed, problems in pool.imap(check_seed, [(binary, s, opts.keep, opts.engine, opts.cross_engine, opts.v2, opts.v1_only)
                                                 for s in seeds]):
            if problems:
                failed += 1
                for pr in problems:
                    print("seed %d: %s" % (seed, pr))
            else:
                passed += 1
    print("differential%s (%s engine): %d passed, %d failed"
          % (" v2" if opts.v2 else "", opts.engine, passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
