#!/usr/bin/env python3
"""Benchmark: custody check and clingo side by side on the same generated models, and
custody lint on large specs. Prints markdown tables (see RESULTS.md).

usage: bench/run.py CUSTODY [--sizes 100,1000,10000,100000] [--families chain,laws,...]
                    [--timeout SECONDS] [--no-fast-path] [--per-assertion]
                    [--clingo-strategy bb|usc] [--json FILE] [--lint]

--timeout is per assertion on both sides: custody's own --timeout, and each clingo run is
interrupted at that many seconds and reported as "timeout" (with the peak memory it had
reached). Families: see families.FAMILIES (e.g. zones20..zones200, split30of60, insiders60).
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
_V2 = os.path.join(HERE, "..", "tests", "differential", "semantics_v2.lp")
SEMANTICS_V2 = open(_V2).read() if os.path.exists(_V2) else None  # on the version-2 branches
OUT = os.path.join(HERE, "out")


def measure_rss(cmd, stdin_text=None, timeout=600):
    """Wall seconds, peak RSS in MiB, exit code and stdout of one run. Peak memory comes
    from GNU time (package `time`), which forks from a small process, so the figure is the
    command's own and not a copy of this Python process.

    Past `timeout` seconds the command is interrupted (SIGINT to its process group: GNU
    time ignores it and still reports the peak memory, clingo stops its search and prints
    what it has), then killed if it does not stop; the wall time is then None (reported as
    "timeout") and the peak memory is the one reached until then, when known."""
    import signal
    import tempfile
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        start = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd, text=True,
                             stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        timed_out = False
        try:
            out, _ = p.communicate(stdin_text, timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(p.pid, signal.SIGINT)
            try:
                out, _ = p.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                # Kill the command, not GNU time, so that time still reports its peak.
                try:
                    kids = open("/proc/%d/task/%d/children" % (p.pid, p.pid)).read().split()
                except OSError:
                    kids = []
                for kid in kids:
                    os.kill(int(kid), signal.SIGKILL)
                try:
                    out, _ = p.communicate(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    out, _ = p.communicate()
        wall = time.monotonic() - start
        lines = [l for l in open(tf.name).read().split("\n") if l.strip().isdigit()]
        rss = int(lines[-1]) / 1024.0 if lines else None
    return (None if timed_out else wall), rss, p.returncode, out


def custody_verdicts(out):
    """(verdict, number of conditions in the minimal scenario) per assertion, or None."""
    if not out:
        return None
    try:
        doc = json.loads(out)
    except ValueError:
        return None
    return [(a["verdict"], len(a.get("scenario", {}).get("conditions", [])), a.get("minimal", True))
            for a in doc["assertions"]]


def run_custody(binary, path, timeout, extra, nqueries):
    # custody's --timeout is per assertion; the outer limit only catches a hang.
    wall, rss, code, out = measure_rss([binary, "check", path, "--format", "json", "--timeout", str(timeout)]
                                       + extra, timeout=timeout * (nqueries + 1) + 30)
    return wall, rss, custody_verdicts(out)


def run_clingo(program, queries, timeout, strategy="bb"):
    """clingo once per assertion, each killed at `timeout` seconds. Returns the total wall
    time (None if any query timed out), the peak RSS over the queries, and the verdicts
    (("timeout", None) for a query that timed out)."""
    total, peak, verdicts, times = 0.0, None, [], []
    for q in queries:
        w, r, code, out = measure_rss(["clingo", "--outf=2", "--opt-mode=opt", "--opt-strategy=" + strategy, "-q1", "-"],
                                      program + q,
                                      timeout=timeout)
        if r is not None:
            peak = max(peak or 0.0, r)
        times.append(w)
        if w is None:
            total = None
            verdicts.append(("timeout", None))
            continue
        if total is not None:
            total += w
        doc = json.loads(out)
        if doc["Result"] == "UNSATISFIABLE":
            verdicts.append(("holds", 0))
        elif doc["Models"].get("Optimum") == "yes":
            verdicts.append(("violated", doc["Models"].get("Costs", [0])[0]))
        else:
            verdicts.append(("unknown", None))
    return total, peak, verdicts, times


def compare(mine, theirs):
    """'yes' when every assertion agrees on verdict and minimal condition count; 'NO' on a
    disagreement between two answers; otherwise which side did not answer."""
    if not mine and theirs:
        return "custody failed"
    if len(mine) != len(theirs):
        return "NO (%d vs %d assertions)" % (len(mine), len(theirs))
    notes = []
    for i, (a, b) in enumerate(zip(mine, theirs)):
        if a[0] == "inconclusive" or b[0] in ("timeout", "unknown"):
            who = []
            if a[0] == "inconclusive":
                who.append("custody inconclusive")
            if b[0] in ("timeout", "unknown"):
                who.append("clingo timeout")
            notes.append("#%d: %s" % (i + 1, ", ".join(who)))
        elif a[:2] != b:
            return "NO (#%d: custody %s/%d, clingo %s/%d)" % (i + 1, a[0], a[1], b[0], b[1])
    return "yes" if not notes else "n/a (" + "; ".join(notes) + ")"


def bench_check(binary, family, n, timeout, fast_path=True, per_assertion=False, clingo_strategy="bb"):
    spec, facts, queries = families.FAMILIES[family](n)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "%s_%d.custody" % (family, n))
    with open(path, "w") as f:
        f.write(spec)
    decls = sum(1 for line in spec.splitlines() if line and not line.startswith(" "))
    wall, rss, verdicts = run_custody(binary, path, timeout, [], len(queries))
    fast, fast_rss = None, None
    if fast_path:
        fast, fast_rss, _ = run_custody(binary, path, timeout, ["--fast-path"], len(queries))
    if family in families.VERSION2 and SEMANTICS_V2 is None:
        sys.exit("%s needs tests/differential/semantics_v2.lp, which this checkout lacks" % family)
    program = (SEMANTICS_V2 if family in families.VERSION2 else SEMANTICS) + facts
    c_wall, c_rss, c_verdicts, c_times = run_clingo(program, queries, timeout, clingo_strategy)
    times = []
    if per_assertion:
        # custody once per assertion (--assert NAME), to set its times beside clingo's.
        import re
        names = re.findall(r"^assert (\w+):", spec, re.M)
        for name, q in zip(names, queries):
            w, _, v = run_custody(binary, path, timeout, ["--assert", name, "--fast-path"], 1)
            if v and v[0][0] == "inconclusive":
                times.append("inconclusive (%s)" % fmt(w))
            else:
                times.append(fmt(w) + ("" if not v or v[0][2] else " (not proven minimal)"))
    # A violated assertion shows its number of conditions, with "~" when custody ran out of
    # time before proving the scenario (or path) minimal ("minimal": false in its JSON).
    conds = [(str(v[1]) + ("" if v[2] else "~")) if v[0] == "violated" else v[0] for v in (verdicts or [])]
    return {"decls": decls, "wall": wall, "rss": rss, "fast": fast, "fast_rss": fast_rss, "c_wall": c_wall,
            "c_rss": c_rss, "agree": compare(verdicts, c_verdicts), "verdicts": verdicts,
            "c_verdicts": c_verdicts, "answers": " ".join(conds),
            "per_assertion": " / ".join(times), "c_per_assertion": " / ".join(fmt(t) for t in c_times)}


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


def fmt_mib(x):
    return "?" if x is None else "%.0f" % x if x >= 100 else "%.1f" % x


def inconclusive(verdicts):
    return verdicts is not None and any(v[0] == "inconclusive" for v in verdicts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--sizes", default="100,1000,10000,100000")
    ap.add_argument("--families", default="chain,laws,threshold,composite")
    ap.add_argument("--timeout", type=int, default=120,
                    help="seconds: custody's --timeout (per assertion) and clingo's limit per assertion")
    ap.add_argument("--no-fast-path", action="store_true", help="skip the custody --fast-path run")
    ap.add_argument("--per-assertion", action="store_true",
                    help="also run custody --fast-path once per assertion and print both sides' times per assertion")
    ap.add_argument("--clingo-strategy", default="bb", choices=["bb", "usc"],
                    help="clingo's optimisation: bb (branch and bound, clingo's default, used for the older "
                         "tables) or usc (core-guided, much faster when the optimum has many ties)")
    ap.add_argument("--json", help="append one JSON line per row to this file")
    ap.add_argument("--lint", action="store_true", help="also benchmark lint on 10k and 100k lines")
    opts = ap.parse_args()
    binary = os.path.abspath(opts.binary)
    if opts.lint:
        print("| lint | lines | median wall (s) of 7 | peak RSS (MiB) |")
        print("| --- | ---: | ---: | ---: |")
        for lines in (10000, 100000):
            count, wall, rss = bench_lint(binary, lines)
            print("| %s | %d | %s | %.0f |" % ("composite", count, fmt(wall), rss))
        print()
    fast_cols = "" if opts.no_fast_path else " custody --fast-path (s) | RSS (MiB) |"
    print("| family | n | declarations | custody (s) | RSS (MiB) |%s clingo (s) | RSS (MiB) "
          "| clingo / custody | custody answers | verdicts agree |" % fast_cols)
    print("| --- | ---: | ---: | ---: | ---: |%s ---: | ---: | ---: | --- | --- |" % (
        "" if opts.no_fast_path else " ---: | ---: |"))
    per = []
    for fam in opts.families.split(","):
        for n in [int(x) for x in opts.sizes.split(",")]:
            r = bench_check(binary, fam, n, opts.timeout, not opts.no_fast_path, opts.per_assertion,
                            opts.clingo_strategy)
            best = r["wall"] if opts.no_fast_path else (r["fast"] or r["wall"])
            ratio = "" if not best or r["c_wall"] is None or inconclusive(r["verdicts"]) else "%.1f" % (r["c_wall"] / best)
            wall = "inconclusive (%s)" % fmt(r["wall"]) if inconclusive(r["verdicts"]) and r["wall"] else fmt(r["wall"])
            fast = "" if opts.no_fast_path else " %s | %s |" % (fmt(r["fast"]), fmt_mib(r["fast_rss"]))
            print("| %s | %d | %d | %s | %s |%s %s | %s | %s | %s | %s |" % (
                fam, n, r["decls"], wall, fmt_mib(r["rss"]), fast, fmt(r["c_wall"]), fmt_mib(r["c_rss"]),
                ratio, r["answers"], r["agree"]), flush=True)
            if opts.json:
                with open(opts.json, "a") as f:
                    f.write(json.dumps(dict(r, family=fam, n=n)) + "\n")
            if opts.per_assertion:
                per.append("| %s | %d | %s | %s |" % (fam, n, r["per_assertion"], r["c_per_assertion"]))
    if per:
        print()
        print("| family | n | custody --fast-path per assertion (s) | clingo per assertion (s) |")
        print("| --- | ---: | --- | --- |")
        print("\n".join(per))

if __name__ == "__main__":
    main()
