#!/usr/bin/env python3
"""Hand-written cases for semantics_v2.lp, checked with clingo alone.

Each case is a small spec written directly as facts, one assertion, and what LANGUAGE.md
says about it: the verdict and, for a violation, the fewest true conditions and (for a
`cannot`) the fewest steps of the access path. The differential test trusts the encoding;
these cases are what the encoding is trusted on.

usage: selftest_v2.py       prints one line per case and exits 1 if any case fails
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402

# (name, facts, assertion, expected): assertion is (can, verb, subjects, items, phase, when)
# and expected is ("holds",), ("vacuous",) or ("violated", conditions[, steps]).
CASES = [
    ("retention carries material into the next phase",
     "phase(1..2). actor(a). key(k). held_key(k,a,always,1,1).",
     (False, "obtain", ["a"], ["k"], 2, None), ("violated", 0, 2)),
    ("an actor that forgets carries nothing",
     "phase(1..2). actor(a). forgets(a). key(k). held_key(k,a,always,1,1).",
     (False, "obtain", ["a"], ["k"], 2, None), ("holds",)),
    ("a forgetting actor receives again what its active clauses give",
     "phase(1..2). actor(a). forgets(a). key(k). held_key(k,a,always,1,2).",
     (False, "obtain", ["a"], ["k"], 2, None), ("violated", 0, 1)),
    ("use is never carried",
     "phase(1..2). actor(a). site(s). site_in(s,j). site_when(s,always). site_time(s,1,2)."
     "key(k). hsm(k,s,a,always,1,1).",
     (False, "use", ["a"], ["k"], 2, None), ("holds",)),
    ("what was unwrapped with a use in phase 1 is retained as material",
     "phase(1..2). actor(a). site(s). site_in(s,j). site_when(s,always). site_time(s,1,2)."
     "key(k). key(k2). hsm(k,s,a,always,1,1). blob_held(k2,k,a,always,1,2).",
     (False, "obtain", ["a"], ["k2"], 2, None), ("violated", 0, 4)),
    ("the shortest path may lie in an earlier phase",
     "phase(1..3). actor(a). key(k). key(w). held_key(w,a,always,1,1). blob_held(k,w,a,always,1,3)."
     "held_key(k,a,always,3,3).",
     (False, "obtain", ["a"], ["k"], None, None), ("violated", 0, 1)),
    ("an operator keeps what it got from a site after the site is gone",
     "phase(1..2). actor(a). site(s). site_in(s,j). site_when(s,always). site_time(s,1,1)."
     "operates(s,a). data(d). stored_data(d,s,always,1,2).",
     (False, "read", ["a"], ["d"], 2, None), ("violated", 0, 2)),
    ("public shares the plaintext it holds",
     "phase(1). actor(a). data(d). held_data(d,public,always,1,1).",
     (False, "read", ["a"], ["d"], None, None), ("violated", 0, 2)),
    ("public does not share its uses",
     "phase(1). actor(a). site(s). site_in(s,j). site_when(s,always). site_time(s,1,1)."
     "key(k). hsm(k,s,public,always,1,1).",
     (False, "use", ["a"], ["k"], None, None), ("holds",)),
    ("public's material becomes everyone's use",
     "phase(1). actor(a). key(k). held_key(k,public,always,1,1).",
     (False, "use", ["a"], ["k"], None, None), ("violated", 0, 3)),
    ("public retains across phases",
     "phase(1..2). actor(a). forgets(a). key(k). held_key(k,public,always,1,1).",
     (False, "obtain", ["a"], ["k"], 2, None), ("violated", 0, 3)),
    ("a use-only flow gives use",
     "phase(1). actor(a). actor(b). key(k). held_key(k,a,always,1,1). flow_use(a,b,k,always,1,1).",
     (False, "use", ["b"], ["k"], None, None), ("violated", 0, 3)),
    ("a use-only flow gives no material",
     "phase(1). actor(a). actor(b). key(k). held_key(k,a,always,1,1). flow_use(a,b,k,always,1,1).",
     (False, "obtain", ["b"], ["k"], None, None), ("holds",)),
    ("use passes along a flow only within one phase",
     "phase(1..2). actor(a). actor(b). key(k). held_key(k,a,always,1,1). flow_use(a,b,k,always,2,2).",
     (False, "use", ["b"], ["k"], None, None), ("violated", 0, 4)),
    ("a use flowing in phase 1 is not there in phase 2",
     "phase(1..2). actor(a). actor(b). forgets(a). key(k). held_key(k,a,always,1,1)."
     "flow_use(a,b,k,always,1,2).",
     (False, "use", ["b"], ["k"], 2, None), ("holds",)),
    ("a scoped compulsion gives only the listed items",
     "phase(1). actor(g). actor(q). key(k). data(d). enc(d,k). held_key(k,q,always,1,1)."
     "held_data(d,q,always,1,1). compel_actor(g,q,s(1),always,1,1). scope_item(s(1),d).",
     (False, "obtain", ["g"], ["k"], None, None), ("holds",)),
    ("a scoped compulsion passes the plaintext the target holds",
     "phase(1). actor(g). actor(q). key(k). data(d). enc(d,k). held_key(k,q,always,1,1)."
     "held_data(d,q,always,1,1). compel_actor(g,q,s(1),always,1,1). scope_item(s(1),d).",
     (False, "read", ["g"], ["d"], None, None), ("violated", 0, 5)),
    ("a compulsion for `use k` lets the authority run the key",
     "phase(1). actor(g). actor(q). key(k). data(d). enc(d,k). held_key(k,q,always,1,1)."
     "held_data(d,g,always,1,1). compel_actor(g,q,s(1),always,1,1). scope_use(s(1),k).",
     (False, "read", ["g"], ["d"], None, None), ("violated", 0, 5)),
    ("compels R in J reaches only actors with that role",
     "phase(1). actor(g). actor(u). actor(p). in(u,j). in(p,j). role_of(p,provider). key(k)."
     "held_key(k,u,always,1,1). compel_role(g,provider,j,full,always,1,1).",
     (False, "obtain", ["g"], ["k"], None, None), ("holds",)),
    ("compels actors in J reaches every actor in J",
     "phase(1). actor(g). actor(u). actor(p). in(u,j). in(p,j). role_of(p,provider). key(k)."
     "held_key(k,u,always,1,1). compel_jur(g,j,full,always,1,1).",
     (False, "obtain", ["g"], ["k"], None, None), ("violated", 0, 2)),
    ("a scoped seizure takes only the listed items' stored forms",
     "phase(1). actor(g). site(s). site_in(s,j). site_when(s,always). site_time(s,1,1). key(k). key(w)."
     "stored_key(w,s,always,1,1). blob_stored(w,k,s,always,1,1). held_key(k,g,always,1,1)."
     "seize_site(g,s,s(1),always,1,1). scope_item(s(1),k).",
     (False, "obtain", ["g"], ["w"], None, None), ("holds",)),
    ("a gated HSM answers holders of both tokens",
     "phase(1). actor(a). site(s). site_in(s,j). site_when(s,always). site_time(s,1,1)."
     "key(k). key(t1). key(t2). held_key(t1,a,always,1,1). held_key(t2,a,always,1,1)."
     "hsm_gate(k,s,1,always,1,1). gate_tok(1,t1). gate_tok(1,t2).",
     (False, "use", ["a"], ["k"], None, None), ("violated", 0, 3)),
    ("a gated HSM does not answer a holder of one token",
     "phase(1). actor(a). site(s). site_in(s,j). site_when(s,always). site_time(s,1,1)."
     "key(k). key(t1). key(t2). held_key(t1,a,always,1,1)."
     "hsm_gate(k,s,1,always,1,1). gate_tok(1,t1). gate_tok(1,t2).",
     (False, "use", ["a"], ["k"], None, None), ("holds",)),
    ("a compromised site gives what is stored there, at one condition",
     "phase(1). actor(e). site(s). site_in(s,j). site_when(s,always). site_time(s,1,1). data(d)."
     "stored_data(d,s,always,1,1). threat(t,e,1,1,1). threat_site(t,s).",
     (False, "read", ["e"], ["d"], None, None), ("violated", 1, 1)),
    ("a threat's TIME limits its seizure, not its condition",
     "phase(1..2). actor(e). forgets(e). site(s). site_in(s,j). site_when(s,always). site_time(s,1,2)."
     "data(d). stored_data(d,s,always,1,2). threat(t,e,1,1,1). threat_site(t,s).",
     (False, "read", ["e"], ["d"], 2, None), ("holds",)),
    ("T[X] in an assumption",
     "phase(1). actor(e). actor(a). key(k). held_key(k,a,always,1,1). threat(t,e,1,1,1)."
     "threat_actor(t,a). var(e(1),tc(t,a)). neg(e(2),e(1)). assume(e(2)).",
     (False, "obtain", ["e"], ["k"], None, None), ("holds",)),
    ("an assertion's when forces its conditions into the count",
     "phase(1). cond(c). actor(a). key(k). held_key(k,a,always,1,1). var(e(1),c).",
     (False, "obtain", ["a"], ["k"], None, "e(1)"), ("violated", 1, 1)),
    ("an assertion's when that no scenario satisfies is vacuous",
     "phase(1). cond(c). actor(a). key(k). var(e(1),c). neg(e(2),e(1)). assume(e(2)).",
     (False, "obtain", ["a"], ["k"], None, "e(1)"), ("vacuous",)),
    ("can without in P: each item in some phase of its own",
     "phase(1..2). actor(a). forgets(a). key(k1). key(k2). held_key(k1,a,always,1,1). held_key(k2,a,always,2,2).",
     (True, "obtain", ["a"], ["k1", "k2"], None, None), ("holds",)),
    ("can in P: every item at that phase",
     "phase(1..2). actor(a). forgets(a). key(k1). key(k2). held_key(k1,a,always,1,1). held_key(k2,a,always,2,2).",
     (True, "obtain", ["a"], ["k1", "k2"], 2, None), ("violated", 0)),
    ("a site exists only in its phases: no HSM use outside them",
     "phase(1..2). actor(a). site(s). site_in(s,j). site_when(s,always). site_time(s,2,2)."
     "key(k). hsm(k,s,a,always,1,2).",
     (False, "use", ["a"], ["k"], 1, None), ("holds",)),
    ("least sets: a self-wrapped key stays out of reach in every phase",
     "phase(1..3). actor(a). key(k). blob_held(k,k,a,always,1,3).",
     (False, "obtain", ["a"], ["k"], None, None), ("holds",)),
    ("a split step names exactly N shares",
     "phase(1). actor(a). key(k). key(x). key(y). key(z). held_key(x,a,always,1,1). held_key(y,a,always,1,1)."
     "held_key(z,a,always,1,1). split(k,1,2). share(k,1,x). share(k,1,y). share(k,1,z).",
     (False, "obtain", ["a"], ["k"], None, None), ("violated", 0, 3)),
]


def decide(facts, can, verb, subjects, items, phase, when):
    a = {"can": can, "verb": verb, "subjects": subjects, "items": items, "phase": phase, "when": when}
    base = run.SEMANTICS_V2 + facts + "\n#minimize{ 1@2,C : true(C) }.\n" + run.COST_ANCHORS
    if when and run.clingo_costs(base + run.when_rule(a))[0] == "unsat":
        return ("vacuous",)
    if can:
        status, cost = run.clingo_costs(base + run.when_rule(a) + run.miss_rules(a, subjects, items)
                                        + ":- not fail.\n")
        return ("holds",) if status == "unsat" else ("violated", cost[0])
    status, cost = run.clingo_costs(base + run.when_rule(a) + run.want_rules(a, subjects, items) + "prove.\n")
    return ("holds",) if status == "unsat" else ("violated", cost[0], cost[1])


def main():
    failed = 0
    for name, facts, assertion, expected in CASES:
        got = decide(facts, *assertion)
        ok = got == expected
        failed += not ok
        print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else ": got %s, want %s" % (got, expected)))
    print("%d cases, %d failed" % (len(CASES), failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
