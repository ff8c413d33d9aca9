#!/usr/bin/env python3
"""`custody fmt` keeps meaning and comments and is idempotent, on generated specs.

Each spec from the differential generator is re-laid out at random (tokens separated by
spaces, tabs, line breaks and blank lines, with comments dropped in between), then:
- `custody fmt -` must accept it, and the checked model of the result (`lint --dump-model`)
  must equal the original's;
- every comment must come out, in order, with its text unchanged;
- formatting the result again must change nothing, and `fmt --check` must agree.

usage: roundtrip.py CUSTODY_BINARY [--count N] [--seed S]
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "differential"))
import gen  # noqa: E402

TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|->|\w+|[^\s\w]')


def run(binary, args, text=None):
    return subprocess.run([binary] + args, input=text, capture_output=True, text=True, timeout=60)


def dump_model(binary, text, directory):
    path = os.path.join(directory, "spec.custody")
    with open(path, "w") as f:
        f.write(text)
    p = run(binary, ["lint", "--dump-model", path])
    if p.returncode != 0:
        raise RuntimeError("lint failed:\n" + p.stdout + p.stderr)
    return p.stdout


def scramble(rng, spec):
    """The same tokens, laid out at random, with comments inserted; returns the text and
    the comments in order (original ones included)."""
    out, comments = [], []
    for tok in TOKEN.findall(spec):
        if tok.startswith("#"):
            comments.append(tok.rstrip())
            out.append(" " + tok + "\n")
            continue
        r = rng.random()
        out.append(" " if r < 0.6 else "\t " if r < 0.7 else "\n" if r < 0.85 else "\n\n\n  ")
        out.append(tok)
        if rng.random() < 0.08:
            c = "# note %d: déjà vu  " % len(comments)
            comments.append(c.rstrip())
            out.append((" " if rng.random() < 0.5 else "\n") + c + "\n")
    return "".join(out).lstrip() + "\n", comments


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seed, args.seed + args.count):
            spec = gen.generate(seed)[0]
            rng = random.Random(seed)
            scrambled, comments = scramble(rng, spec)
            problems = []
            first = run(args.binary, ["fmt", "-"], scrambled)
            if first.returncode != 0:
                problems.append("fmt failed: " + first.stderr)
            else:
                formatted = first.stdout
                if dump_model(args.binary, formatted, tmp) != dump_model(args.binary, spec, tmp):
                    problems.append("the model changed")
                got = [t.rstrip() for t in TOKEN.findall(formatted) if t.startswith("#")]
                if got != comments:
                    problems.append("comments changed: %r -> %r" % (comments, got))
                again = run(args.binary, ["fmt", "-"], formatted)
                if again.stdout != formatted:
                    problems.append("not idempotent")
                check = run(args.binary, ["fmt", "--check", "-"], formatted)
                if check.returncode != 0:
                    problems.append("fmt --check rejects formatted text")
                if run(args.binary, ["fmt", "--check", "-"], scrambled).returncode != 1 and scrambled != formatted:
                    problems.append("fmt --check accepts unformatted text")
            if problems:
                failed += 1
                keep = os.path.join(tmp, "..", "fmt-failure-%d.custody" % seed)
                with open(keep, "w") as f:
                    f.write(scrambled)
                print("seed %d: %s (input kept in %s)" % (seed, "; ".join(problems), os.path.abspath(keep)))
    print("fmt round trip: %d passed, %d failed" % (args.count - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
