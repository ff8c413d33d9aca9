#!/usr/bin/env python3
"""Benchmark: custody check and clingo side by side on the same generated models, and
custody lint on large specs. Prints markdown tables (see RESULTS.md).

usage: bench/run.py CUSTODY [--sizes 100,1000,10000,100000] [--families chain,laws,...]
                    [--timeout SECONDS] [--lint]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import families  # noqa: E402

SEMANTICS = open(os.path.join(HERE, "..", "tests", "differential", "semantics.lp")).read()
SEMANTICS_V2 = open(os.path.join(HERE, "..", "tests", "differential", "semantics_v2.lp")).read()
OUT = os.path.join(HERE, "out")


def measure_rss(cmd, stdin_text=None, timeout=600):
    """Wall seconds, peak RSS in MiB, exit code and stdout of one run. Peak memory comes
    from GNU time (package `time`), which forks from a small process, so the figure is the
    command's own and not a copy of this Python process."""
    import tempfile
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        start = time.monotonic()
        try:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd, input=stdin_text,
                               capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None, None, None
        wall = time.monotonic() - start
        lines = [l for l in open(tf.name).read().split("\n") if l.strip().isdigit()]
        rss = int(lines[-1]) / 1024.0 if lines else float("nan")
    return wall, rss, p.returncode, p.stdout


def bench_check(binary, family, n, timeout):
    spec, facts, queries = families.FAMILIES[family](n)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "%s_%d.custody" % (family, n))
    with open(path, "w") as f:
        f.write(spec)
    decls = sum(1 for line in spec.splitlines() if line and not line.startswith(" "))
    wall, rss, code, out = measure_rss([binary, "check", path, "--format", "json", "--timeout", str(timeout)],
                                       timeout=timeout * 4)
    fast, fast_rss, _, _ = measure_rss([binary, "check", path, "--format", "json", "--fast-path",
                                        "--timeout", str(timeout)], timeout=timeout * 4)
    verdicts = []
    if out:
        doc = json.loads(out)
        verdicts = [(a["verdict"], len(a.get("scenario", {}).get("conditions", []))) for a in doc["assertions"]]
    c_wall, c_rss, c_verdicts = 0.0, 0.0, []
    for q in queries:
        w, r, code_c, out_c = measure_rss(["clingo", "--outf=2", "--opt-mode=opt", "-q1", "-"],
                                          (SEMANTICS_V2 if family in families.VERSION2 else SEMANTICS) + facts + q,
                                          timeout=timeout * 4)
        if w is None:
            c_wall = None
            break
        c_wall += w
        c_rss = max(c_rss, r)
        doc = json.loads(out_c)
        if doc["Result"] == "UNSATISFIABLE":
            c_verdicts.append(("holds", 0))
        else:
            c_verdicts.append(("violated", doc["Models"].get("Costs", [0])[0]))
    agree = verdicts == c_verdicts if c_wall is not None and wall is not None else None
    return decls, wall, rss, fast, fast_rss, c_wall, c_rss, agree


def bench_lint(binary, lines_wanted, runs=7):
    # A composite spec sized to the wanted number of lines.
    n = lines_wanted
    spec = ""
    while True:
        spec, _, _ = families.composite(n)
        count = spec.count("\n")
        if count >= lines_wanted * 0.95:
            break
        n = int(n * lines_wanted / max(count, 1) * 1.05) + 10
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "lint_%d.custody" % lines_wanted)
    with open(path, "w") as f:
        f.write(spec)
    times = []
    for _ in range(runs):
        w, rss, code, _ = measure_rss([binary, "lint", path, "--format", "gcc"])
        times.append(w)
    return spec.count("\n"), statistics.median(times), rss


def fmt(x, unit=""):
    return "timeout" if x is None else ("%.3f%s" % (x, unit) if x < 10 else "%.1f%s" % (x, unit))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--sizes", default="100,1000,10000,100000")
    ap.add_argument("--families", default="chain,laws,threshold,composite")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--lint", action="store_true", help="also benchmark lint on 10k and 100k lines")
    opts = ap.parse_args()
    binary = os.path.abspath(opts.binary)
    if opts.lint:
        print("| lint | lines | median wall (s) of 7 | peak RSS (MiB) |")
        print("| --- | ---: | ---: | ---: |")
        for lines in (10000, 100000):
            count, wall, rss = bench_lint(binary, lines)
            print("| composite | %d | %s | %.0f |" % (count, fmt(wall), rss))
        print()
    print("| family | n | declarations | custody (s) | RSS (MiB) | custody --fast-path (s) | RSS (MiB) "
          "| clingo (s) | RSS (MiB) | clingo / fast-path | verdicts agree |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for fam in opts.families.split(","):
        for n in [int(x) for x in opts.sizes.split(",")]:
            decls, wall, rss, fast, fast_rss, c_wall, c_rss, agree = bench_check(binary, fam, n, opts.timeout)
            ratio = "" if not fast or c_wall is None else "%.1f" % (c_wall / fast)
            print("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                fam, n, decls, fmt(wall), fmt(rss), fmt(fast), fmt(fast_rss), fmt(c_wall),
                fmt(c_rss) if c_wall is not None else "", ratio,
                {True: "yes", False: "NO", None: "n/a"}[agree]), flush=True)


if __name__ == "__main__":
    main()
