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


# ---- Many conditions (issue 11) ---------------------------------------------------------
# Families where the number of conditions, not the number of declarations, is what grows:
# every law gated by its own condition, threats over many actors, thresholds over many
# shares. All in language version 1 (checked by clingo with semantics.lp).

def guard_expr(w, node_facts):
    """An expression node built from (kind, args) facts; returns its name."""
    w.expr_n += 1
    node = "e(%d)" % w.expr_n
    for kind, args in node_facts:
        w.f("%s(%s)" % (kind, ",".join([node] + [str(a) for a in args])))
    return node


def zones(n, conds, seed=17):
    """Five zones z0..z4 (jurisdictions) joined by laws, each law gated by its own
    condition: hop h (h = 0..3) has conds/4 laws `X compels actors in z(h+1) when c_h_k`,
    where X is the attacker for h = 0 and a zone-h actor otherwise. What zone-4 actors
    hold reaches the attacker only with one law of every hop true: the minimal scenario
    has 4 conditions and (conds/4)^4 ties. The rest of the n declarations are actors in
    the zones, sites with HSM keys, wrapped data keys and data, as in `laws`.
    Assertions: the attacker reads a zone-4 vault (violated, 4 conditions), reads a zone-2
    record (violated, 2), and a zone-3 authority reads a zone-0 record (holds: laws only
    pull from higher zones to lower ones)."""
    assert conds % 4 == 0
    rng = random.Random(seed)
    w = Writer()
    per = conds // 4
    zs = ["z%d" % i for i in range(5)]
    for z in zs:
        w.s("jurisdiction %s" % z)
    cn = [["c%d_%d" % (h, k) for k in range(per)] for h in range(4)]
    for h in range(4):
        for c in cn[h]:
            w.s("condition %s" % c); w.f("cond(%s)" % c)
    w.s("actor attacker"); w.f("actor(attacker)")
    # Authorities: per hop h >= 1, `per` actors in zone h (one law each).
    auth = {h: ["auth%d_%d" % (h, k) for k in range(per)] for h in range(1, 4)}
    zone_actors = {z: [] for z in zs}
    for h in range(1, 4):
        for a in auth[h]:
            w.s("actor %s in %s" % (a, zs[h])); w.f("actor(%s)" % a); w.f("in(%s,%s)" % (a, zs[h]))
            zone_actors[zs[h]].append(a)
    for h in range(4):
        for k in range(per):
            x = "attacker" if h == 0 else auth[h][k]
            g = w.var_guard(cn[h][k])
            w.s("law l%d_%d: %s compels actors in %s when %s" % (h, k, x, zs[h + 1], cn[h][k]))
            w.f("compel_jur(%s,%s,%s)" % (x, zs[h + 1], g))
    # Fixed targets of the assertions.
    keeper = {z: "keeper_%s" % z for z in zs}
    for z in zs:
        w.s("actor %s in %s" % (keeper[z], z)); w.f("actor(%s)" % keeper[z]); w.f("in(%s,%s)" % (keeper[z], z))
        zone_actors[z].append(keeper[z])
    w.s("site vault_site in z4 operated by %s" % keeper["z4"])
    w.f("site(vault_site)"); w.f("site_in(vault_site,z4)"); w.f("site_when(vault_site,always)")
    w.f("operates(vault_site,%s)" % keeper["z4"])
    w.s("key vault_hsm hsm at vault_site used by %s" % keeper["z4"])
    w.f("key(vault_hsm)"); w.f("hsm(vault_hsm,vault_site,%s,always)" % keeper["z4"])
    w.s("key vault_key wrapped by vault_hsm stored at vault_site")
    w.f("key(vault_key)"); w.f("blob_stored(vault_key,vault_hsm,vault_site,always)")
    w.s("data vault encrypted by vault_key stored at vault_site")
    w.f("data(vault)"); w.f("enc(vault,vault_key)"); w.f("stored_data(vault,vault_site,always)")
    for z, d in (("z2", "record2"), ("z0", "record0")):
        w.s("data %s held by %s" % (d, keeper[z]))
        w.f("data(%s)" % d); w.f("held_data(%s,%s,always)" % (d, keeper[z]))
    # Filler up to n declarations: actors, sites with an HSM, wrapped keys and data.
    used = len(w.spec) + 3
    budget = max(0, n - used)
    na, ns = budget // 3, max(1, budget // 12)
    nd = max(0, (budget - na - 2 * ns) // 2)
    for i in range(na):
        z = zs[i % 5]
        a = "a%d" % i
        w.s("actor %s in %s" % (a, z)); w.f("actor(%s)" % a); w.f("in(%s,%s)" % (a, z))
        zone_actors[z].append(a)
    sites = []
    for i in range(ns):
        z = zs[i % 5]
        s = "s%d" % i
        op = rng.choice(zone_actors[z])
        sites.append(s)
        w.s("site %s in %s operated by %s" % (s, z, op))
        w.f("site(%s)" % s); w.f("site_in(%s,%s)" % (s, z)); w.f("site_when(%s,always)" % s); w.f("operates(%s,%s)" % (s, op))
        w.s("key hk_%s hsm at %s used by %s" % (s, s, op))
        w.f("key(hk_%s)" % s); w.f("hsm(hk_%s,%s,%s,always)" % (s, s, op))
    for i in range(nd):
        s = rng.choice(sites)
        w.s("key dk%d wrapped by hk_%s stored at %s" % (i, s, s))
        w.f("key(dk%d)" % i); w.f("blob_stored(dk%d,hk_%s,%s,always)" % (i, s, s))
        s2 = rng.choice(sites)
        w.s("data d%d encrypted by dk%d stored at %s" % (i, i, s2))
        w.f("data(d%d)" % i); w.f("enc(d%d,dk%d)" % (i, i)); w.f("stored_data(d%d,%s,always)" % (i, s2))
    w.cannot("attacker_reads_vault", ["attacker"], "read", "vault")
    w.cannot("attacker_reads_record2", ["attacker"], "read", "record2")
    w.cannot("auth3_reads_record0", [auth[3][0]], "read", "record0")
    return w.done()


def split_threat(n, k, total, seed=19):
    """Thresholds over many shares and actors, decided by counting. With K = k and
    N = total:
    - root_a is `split K+1 of` N shares, share i held by the attacker when c_i, and
      `assume at most K of` c_1..c_N: the attacker cannot read vault_a (holds);
    - root_b is `split K+1 of` N shares, share i reachable by insider u_i (wrapped by an
      HSM key at u_i's site), and `threat insiders: attacker compromises at most K of`
      u_1..u_N: the attacker cannot read vault_b (holds);
    - root_c is `split K of` the same N shares as root_b: vault_c is violated, minimal
      scenario K compromised insiders (C(N, K) ties).
    2N conditions in all. The rest of the n declarations are data stored at the insiders'
    sites (in the slice of nothing asserted)."""
    rng = random.Random(seed)
    w = Writer()
    w.s("jurisdiction j")
    w.s("actor attacker"); w.f("actor(attacker)")
    cs = ["c%d" % i for i in range(total)]
    for c in cs:
        w.s("condition %s" % c); w.f("cond(%s)" % c)
    sa = ["sa%d" % i for i in range(total)]
    for i, s in enumerate(sa):
        g = w.var_guard(cs[i])
        w.s("key %s held by attacker when %s" % (s, cs[i]))
        w.f("key(%s)" % s); w.f("held_key(%s,attacker,%s)" % (s, g))
    w.s("key root_a split %d of %s" % (k + 1, ", ".join(sa)))
    w.f("key(root_a)"); w.f("split(root_a,1,%d)" % (k + 1))
    for s in sa:
        w.f("share(root_a,1,%s)" % s)
    w.s("assume at most %d of %s" % (k, ", ".join(cs)))
    g = guard_expr(w, [("atmost", [k])] + [("member", [c]) for c in cs])
    w.f("assume(%s)" % g)
    us = ["u%d" % i for i in range(total)]
    sb = ["sb%d" % i for i in range(total)]
    for i, u in enumerate(us):
        w.s("actor %s" % u); w.f("actor(%s)" % u)
        w.s("site site_%s in j operated by %s" % (u, u))
        w.f("site(site_%s)" % u); w.f("site_in(site_%s,j)" % u); w.f("site_when(site_%s,always)" % u); w.f("operates(site_%s,%s)" % (u, u))
        w.s("key hk_%s hsm at site_%s used by %s" % (u, u, u))
        w.f("key(hk_%s)" % u); w.f("hsm(hk_%s,site_%s,%s,always)" % (u, u, u))
        w.s("key %s wrapped by hk_%s stored at site_%s" % (sb[i], u, u))
        w.f("key(%s)" % sb[i]); w.f("blob_stored(%s,hk_%s,site_%s,always)" % (sb[i], u, u))
    for root, need, idx in (("root_b", k + 1, 2), ("root_c", k, 3)):
        w.s("key %s split %d of %s" % (root, need, ", ".join(sb)))
        w.f("key(%s)" % root); w.f("split(%s,%d,%d)" % (root, idx, need))
        for s in sb:
            w.f("share(%s,%d,%s)" % (root, idx, s))
    w.s("threat insiders: attacker compromises at most %d of %s" % (k, ", ".join(us)))
    w.f("threat(insiders,attacker,%d)" % k)
    for u in us:
        w.f("threat_target(insiders,%s)" % u)
    for v, root in (("vault_a", "root_a"), ("vault_b", "root_b"), ("vault_c", "root_c")):
        w.s("data %s encrypted by %s held by attacker" % (v, root))
        w.f("data(%s)" % v); w.f("enc(%s,%s)" % (v, root)); w.f("held_data(%s,attacker,always)" % v)
    for i in range(max(0, n - len(w.spec) - 3)):
        u = rng.choice(us)
        w.s("data f%d encrypted by hk_%s stored at site_%s" % (i, u, u))
        w.f("data(f%d)" % i); w.f("enc(f%d,hk_%s)" % (i, u)); w.f("stored_data(f%d,site_%s,always)" % (i, u))
    w.cannot("threshold_a", ["attacker"], "read", "vault_a")
    w.cannot("threshold_b", ["attacker"], "read", "vault_b")
    w.cannot("threshold_c", ["attacker"], "read", "vault_c")
    return w.done()


def insiders(n, targets, k=3, seed=23):
    """A threat over many actors: `threat insiders: attacker compromises at most K of` the
    operators of `targets` sites (one condition per operator). Data are encrypted by two
    keys (`encrypted by A and B`), each wrapped by the HSM key of a different site, so
    reading one takes two compromised operators; a record under K+1 such keys holds.
    The rest of the n declarations are such data over random pairs of sites, plus 8 laws
    gated by their own conditions that let a regulator compel the operators of a
    jurisdiction (the regulator is not the attacker: these conditions are in the model,
    not in the minimal scenarios). Assertions: attacker reads d0 (violated, 2 conditions,
    many ties through the other pairs), attacker reads the K+1-key record (holds),
    regulator reads d0 (violated: one law condition per jurisdiction of the two sites)."""
    rng = random.Random(seed)
    w = Writer()
    js = ["j%d" % i for i in range(4)]
    for j in js:
        w.s("jurisdiction %s" % j)
    w.s("actor attacker"); w.f("actor(attacker)")
    w.s("actor regulator"); w.f("actor(regulator)")
    ops = ["op%d" % i for i in range(targets)]
    sites = ["s%d" % i for i in range(targets)]
    for i, (o, s) in enumerate(zip(ops, sites)):
        j = js[i % 4]
        w.s("actor %s in %s" % (o, j)); w.f("actor(%s)" % o); w.f("in(%s,%s)" % (o, j))
        w.s("site %s in %s operated by %s" % (s, j, o))
        w.f("site(%s)" % s); w.f("site_in(%s,%s)" % (s, j)); w.f("site_when(%s,always)" % s); w.f("operates(%s,%s)" % (s, o))
        w.s("key hk_%s hsm at %s used by %s" % (s, s, o))
        w.f("key(hk_%s)" % s); w.f("hsm(hk_%s,%s,%s,always)" % (s, s, o))
    w.s("threat insiders: attacker compromises at most %d of %s" % (k, ", ".join(ops)))
    w.f("threat(insiders,attacker,%d)" % k)
    for o in ops:
        w.f("threat_target(insiders,%s)" % o)
    conds = ["c%d" % i for i in range(8)]
    for i, c in enumerate(conds):
        w.s("condition %s" % c); w.f("cond(%s)" % c)
        g = w.var_guard(c)
        w.s("law l%d: regulator compels actors in %s when %s" % (i, js[i % 4], c))
        w.f("compel_jur(regulator,%s,%s)" % (js[i % 4], g))
    nkeys = [0]

    def wrapped_key(s):
        kname = "dk%d" % nkeys[0]
        nkeys[0] += 1
        w.s("key %s wrapped by hk_%s stored at %s" % (kname, s, s))
        w.f("key(%s)" % kname); w.f("blob_stored(%s,hk_%s,%s,always)" % (kname, s, s))
        return kname

    def data(name, keys, at):
        w.s("data %s encrypted by %s stored at %s" % (name, " and ".join(keys), at))
        w.f("data(%s)" % name); w.f("stored_data(%s,%s,always)" % (name, at))
        for kk in keys:
            w.f("enc(%s,%s)" % (name, kk))

    data("record", [wrapped_key(s) for s in sites[:k + 1]], sites[0])
    i = 0
    while len(w.spec) + 3 < n or i == 0:
        a, b = rng.sample(sites, 2)
        data("d%d" % i, [wrapped_key(a), wrapped_key(b)], rng.choice((a, b)))
        i += 1
    w.cannot("attacker_reads_d0", ["attacker"], "read", "d0")
    w.cannot("attacker_reads_record", ["attacker"], "read", "record")
    w.cannot("regulator_reads_d0", ["regulator"], "read", "d0")
    return w.done()


for _c in (20, 40, 80, 200):
    FAMILIES["zones%d" % _c] = (lambda c: lambda n: zones(n, c))(_c)
for _k, _t in ((10, 20), (30, 60), (60, 120)):
    FAMILIES["split%dof%d" % (_k, _t)] = (lambda k, t: lambda n: split_threat(n, k, t))(_k, _t)
for _t in (60, 120):
    FAMILIES["insiders%d" % _t] = (lambda t: lambda n: insiders(n, t))(_t)
