"""Generators of large custody specs for the benchmarks, written both as custody text and
as facts for the ASP encoding in tests/differential/semantics.lp, so that custody and
clingo decide the same model.

Each family takes n, the number of declarations, and returns (spec, facts, queries) where
queries are ASP goal programs, one per assertion, in the same order as the spec's.
"""

import random


class Writer:
    def __init__(self):
        self.spec = []
        self.facts = []
        self.queries = []
        self.expr_n = 0

    def s(self, line):
        self.spec.append(line)

    def f(self, fact):
        self.facts.append(fact + ".")

    def var_guard(self, cond):
        """A `when c` guard as an expression node."""
        self.expr_n += 1
        node = "e(%d)" % self.expr_n
        self.f("var(%s,%s)" % (node, cond))
        return node

    def cannot(self, name, subjects, verb, target):
        self.s("assert %s: %s cannot %s %s" % (name, ", ".join(subjects), verb, target))
        rules = "".join("goal :- reach(%s,%s,%s).\n" % (x, verb, target) for x in subjects)
        self.queries.append(rules + ":- not goal.\n#minimize{ 1,C : true(C) }.\n")

    def done(self):
        return "\n".join(self.spec) + "\n", "\n".join(self.facts) + "\n", self.queries


def chain(n):
    """Deep wrap chains: key i is wrapped by key i+1, the last one sits in an HSM."""
    w = Writer()
    w.s("jurisdiction J")
    w.f("site(dc)"); w.f("site_in(dc,j)"); w.f("site_when(dc,always)"); w.f("operates(dc,owner)")
    for a in ("owner", "police", "outsider"):
        w.s("actor %s in J" % a); w.f("actor(%s)" % a); w.f("in(%s,j)" % a)
    w.s("site dc in J operated by owner")
    w.s("condition warrant"); w.f("cond(warrant)")
    depth = max(2, n - 10)
    w.s("key k%d hsm at dc used by owner" % depth)
    w.f("key(k%d)" % depth); w.f("hsm(k%d,dc,owner,always)" % depth)
    for i in range(depth - 1, -1, -1):
        w.s("key k%d wrapped by k%d stored at dc" % (i, i + 1))
        w.f("key(k%d)" % i); w.f("blob_stored(k%d,k%d,dc,always)" % (i, i + 1))
    w.s("data d encrypted by k0 stored at dc")
    w.f("data(d)"); w.f("enc(d,k0)"); w.f("stored_data(d,dc,always)")
    g = w.var_guard("warrant")
    w.s("law l: police compels owner when warrant")
    w.f("compel_actor(police,owner,%s)" % g)
    w.cannot("police_reads", ["police"], "read", "d")
    w.cannot("outsider_reads", ["outsider"], "read", "d")
    return w.done()


def laws(n, seed=7):
    """Many actors, sites and jurisdictions under several conditional laws."""
    rng = random.Random(seed)
    w = Writer()
    nj = max(2, n // 100)
    na = max(4, n // 3)
    ns = max(2, n // 10)
    nd = max(2, n // 5)
    nc = 8
    js = ["j%d" % i for i in range(nj)]
    for j in js:
        w.s("jurisdiction %s" % j)
    conds = ["c%d" % i for i in range(nc)]
    for c in conds:
        w.s("condition %s" % c); w.f("cond(%s)" % c)
    actors = ["a%d" % i for i in range(na)]
    for a in actors:
        mine = rng.sample(js, rng.randint(1, 2))
        w.s("actor %s in %s" % (a, ", ".join(mine)))
        w.f("actor(%s)" % a)
        for j in mine:
            w.f("in(%s,%s)" % (a, j))
    sites = ["s%d" % i for i in range(ns)]
    for s in sites:
        j = rng.choice(js)
        ops = rng.sample(actors, 2)
        w.s("site %s in %s operated by %s" % (s, j, ", ".join(ops)))
        w.f("site(%s)" % s); w.f("site_in(%s,%s)" % (s, j)); w.f("site_when(%s,always)" % s)
        for o in ops:
            w.f("operates(%s,%s)" % (s, o))
        w.s("key hk_%s hsm at %s used by %s" % (s, s, ops[0]))
        w.f("key(hk_%s)" % s); w.f("hsm(hk_%s,%s,%s,always)" % (s, s, ops[0]))
    for i in range(nd):
        s = rng.choice(sites)
        w.s("key dk%d wrapped by hk_%s stored at %s" % (i, s, s))
        w.f("key(dk%d)" % i); w.f("blob_stored(dk%d,hk_%s,%s,always)" % (i, s, s))
        s2 = rng.choice(sites)
        w.s("data d%d encrypted by dk%d stored at %s" % (i, i, s2))
        w.f("data(d%d)" % i); w.f("enc(d%d,dk%d)" % (i, i)); w.f("stored_data(d%d,%s,always)" % (i, s2))
    police = actors[:len(js)]
    for i, j in enumerate(js[:min(len(js), 6)]):
        c = conds[i % nc]
        g = w.var_guard(c)
        w.s("law compel_%s: %s compels actors in %s when %s" % (j, police[i], j, c))
        w.f("compel_jur(%s,%s,%s)" % (police[i], j, g))
        g2 = w.var_guard(conds[(i + 1) % nc])
        w.s("law seize_%s: %s seizes sites in %s when %s" % (j, police[i], j, conds[(i + 1) % nc]))
        w.f("seize_jur(%s,%s,%s)" % (police[i], j, g2))
    w.cannot("p0_reads_d0", [police[0]], "read", "d0")
    w.cannot("p1_reads_d1", [police[1]], "read", "d1")
    w.cannot("outsider_reads", [actors[-1]], "read", "d%d" % (nd - 1))
    return w.done()


def threshold(n, seed=11):
    """Splits over custodians and insider threats bounded by `at most K of N`."""
    rng = random.Random(seed)
    w = Writer()
    groups = max(1, n // 12)
    w.s("actor attacker"); w.f("actor(attacker)")
    for gi in range(groups):
        cust = ["g%d_c%d" % (gi, i) for i in range(5)]
        for c in cust:
            w.s("actor %s" % c); w.f("actor(%s)" % c)
        shares = []
        for i, c in enumerate(cust):
            sh = "g%d_s%d" % (gi, i)
            shares.append(sh)
            w.s("key %s held by %s" % (sh, c)); w.f("key(%s)" % sh); w.f("held_key(%s,%s,always)" % (sh, c))
        need = 3
        w.s("key g%d_root split %d of %s" % (gi, need, ", ".join(shares)))
        w.f("key(g%d_root)" % gi); w.f("split(g%d_root,%d,%d)" % (gi, gi, need))
        for sh in shares:
            w.f("share(g%d_root,%d,%s)" % (gi, gi, sh))
        k = rng.choice([2, 3])
        w.s("threat t%d: attacker compromises at most %d of %s" % (gi, k, ", ".join(cust)))
        w.f("threat(t%d,attacker,%d)" % (gi, k))
        for c in cust:
            w.f("threat_target(t%d,%s)" % (gi, c))
        w.s("data g%d_vault encrypted by g%d_root held by %s" % (gi, gi, cust[0]))
        w.f("data(g%d_vault)" % gi); w.f("enc(g%d_vault,g%d_root)" % (gi, gi)); w.f("held_data(g%d_vault,%s,always)" % (gi, cust[0]))
    w.cannot("vault0", ["attacker"], "read", "g0_vault")
    w.cannot("vault_last", ["attacker"], "read", "g%d_vault" % (groups - 1))
    return w.done()


def composite(n):
    """A realistic mix: a third each of the three families, in one model."""
    parts = [chain(max(12, n // 3)), laws(max(30, n // 3)), threshold(max(12, n // 3))]
    spec, facts, queries = "", "", []
    for i, (s, f, q) in enumerate(parts):
        # Give each part its own names so that they can share one file.
        prefix = "p%d_" % i
        spec += rename(s, prefix, custody=True)
        facts += rename(f, prefix, custody=False)
        queries += [rename(x, prefix, custody=False) for x in q]
    return spec, facts, queries


KEYWORDS = set("""import jurisdiction actor site condition key data flow law threat assume assert
in operated by when held stored at wrapped hsm used split of encrypted and or not implies
compels seizes actors sites compromises most least exactly nobody only can cannot read obtain
use always goal reach var cond actor site site_in site_when operates key hsm data enc
stored_data held_data blob_stored held_key split share threat threat_target compel_jur
compel_actor seize_jur in e true minimize C""".split())


def rename(text, prefix, custody):
    import re

    def sub(m):
        w = m.group(0)
        if w in KEYWORDS or w[0].isdigit():
            return w
        if not custody and w in ("j",):
            return prefix + w
        return prefix + w
    # Lowercase identifiers in ASP; custody names are the same words.
    return re.sub(r"\b[A-Za-z_][A-Za-z0-9_]*\b", sub, text)


def phased_laws(n, phases, seed=13):
    """The `laws` family on a timeline of `phases` phases (language version 2, facts for
    tests/differential/semantics_v2.lp): blobs and data stored at sites only in some
    phases, laws that apply from a phase on, operators of which half forget between
    phases. Retention then decides what a later order reaches."""
    rng = random.Random(seed)
    w = Writer()
    nj = max(2, n // 100)
    na = max(4, n // 3)
    ns = max(2, n // 10)
    nd = max(2, n // 5)
    nc = 8
    ph = ["p%d" % i for i in range(1, phases + 1)]

    def span():
        lo = rng.randint(1, phases)
        hi = rng.randint(lo, phases)
        text = " during %s" % ph[lo - 1] if lo == hi else " from %s until %s" % (ph[lo - 1], ph[hi - 1])
        return text, lo, hi

    for i, p in enumerate(ph):
        w.s("phase %s" % p); w.f("phase(%d)" % (i + 1))
    js = ["j%d" % i for i in range(nj)]
    for j in js:
        w.s("jurisdiction %s" % j)
    conds = ["c%d" % i for i in range(nc)]
    for c in conds:
        w.s("condition %s" % c); w.f("cond(%s)" % c)
    actors = ["a%d" % i for i in range(na)]
    for i, a in enumerate(actors):
        mine = rng.sample(js, rng.randint(1, 2))
        forgets = i % 2 == 1
        w.s("actor %s in %s%s" % (a, ", ".join(mine), " forgets" if forgets else ""))
        w.f("actor(%s)" % a)
        if forgets:
            w.f("forgets(%s)" % a)
        for j in mine:
            w.f("in(%s,%s)" % (a, j))
    sites = ["s%d" % i for i in range(ns)]
    for s in sites:
        j = rng.choice(js)
        ops = rng.sample(actors, 2)
        w.s("site %s in %s operated by %s" % (s, j, ", ".join(ops)))
        w.f("site(%s)" % s); w.f("site_in(%s,%s)" % (s, j)); w.f("site_when(%s,always)" % s)
        w.f("site_time(%s,1,%d)" % (s, phases))
        for o in ops:
            w.f("operates(%s,%s)" % (s, o))
        w.s("key hk_%s hsm at %s used by %s" % (s, s, ops[0]))
        w.f("key(hk_%s)" % s); w.f("hsm(hk_%s,%s,%s,always,1,%d)" % (s, s, ops[0], phases))
    for i in range(nd):
        s = rng.choice(sites)
        text, lo, hi = span()
        w.s("key dk%d wrapped by hk_%s stored at %s%s" % (i, s, s, text))
        w.f("key(dk%d)" % i); w.f("blob_stored(dk%d,hk_%s,%s,always,%d,%d)" % (i, s, s, lo, hi))
        s2 = rng.choice(sites)
        text, lo, hi = span()
        w.s("data d%d encrypted by dk%d stored at %s%s" % (i, i, s2, text))
        w.f("data(d%d)" % i); w.f("enc(d%d,dk%d)" % (i, i)); w.f("stored_data(d%d,%s,always,%d,%d)" % (i, s2, lo, hi))
    police = actors[:len(js)]
    for i, j in enumerate(js[:min(len(js), 6)]):
        c = conds[i % nc]
        g = w.var_guard(c)
        start = 1 + (i % phases)
        w.s("law compel_%s: %s compels actors in %s from %s when %s" % (j, police[i], j, ph[start - 1], c))
        w.f("compel_jur(%s,%s,full,%s,%d,%d)" % (police[i], j, g, start, phases))
        g2 = w.var_guard(conds[(i + 1) % nc])
        w.s("law seize_%s: %s seizes sites in %s until %s when %s" % (j, police[i], j, ph[start - 1],
                                                                        conds[(i + 1) % nc]))
        w.f("seize_jur(%s,%s,full,%s,1,%d)" % (police[i], j, g2, start))
    for name, x, d in (("p0_reads_d0", police[0], "d0"), ("p1_reads_d1", police[1], "d1"),
                       ("outsider_reads", actors[-1], "d%d" % (nd - 1))):
        w.s("assert %s: %s cannot read %s" % (name, x, d))
        w.queries.append("goal :- reach(%s,read,%s,_).\n:- not goal.\n#minimize{ 1,C : true(C) }.\n" % (x, d))
    return w.done()


FAMILIES = {"chain": chain, "laws": laws, "threshold": threshold, "composite": composite,
            "phases2": lambda n: phased_laws(n, 2), "phases4": lambda n: phased_laws(n, 4),
            "phases8": lambda n: phased_laws(n, 8)}
# Families in language version 2, checked by clingo with semantics_v2.lp.
VERSION2 = {"phases2", "phases4", "phases8"}
