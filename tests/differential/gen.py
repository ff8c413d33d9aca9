"""Random valid custody specs, written both as custody text and as ASP facts.

The generator keeps its own structure and writes the two forms from it, so the ASP side
never depends on the C++ parser or model. Every construct of the language appears:
conditional clauses, sites that exist only under a condition, wraps (self-wraps and
mutual wraps included), HSM keys, splits, layered encryption, full and item-list flows,
laws by actor and by jurisdiction, seizures, threats, assumptions, and every assertion
form.
"""

import random


class Expr:
    """A boolean expression tree over condition names."""

    def __init__(self, op, args=(), k=0):
        self.op = op  # var not and or implies most least exactly
        self.args = list(args)
        self.k = k


def random_expr(rng, conds, depth=0):
    if not conds:
        return None
    r = rng.random()
    if depth >= 2 or r < 0.35:
        return Expr("var", [rng.choice(conds)])
    if r < 0.45:
        return Expr("not", [random_expr(rng, conds, depth + 1)])
    if r < 0.62:
        return Expr("and", [random_expr(rng, conds, depth + 1) for _ in range(rng.randint(2, 3))])
    if r < 0.79:
        return Expr("or", [random_expr(rng, conds, depth + 1) for _ in range(rng.randint(2, 3))])
    if r < 0.88:
        return Expr("implies", [random_expr(rng, conds, depth + 1), random_expr(rng, conds, depth + 1)])
    names = rng.sample(conds, rng.randint(1, len(conds)))
    op = rng.choice(["most", "least", "exactly"])
    return Expr(op, names, rng.randint(0, len(names)))


LEVEL = {"implies": 1, "or": 2, "and": 3, "not": 4}


def expr_text(rng, e, min_level=0):
    """Text with the fewest parentheses the precedence allows, plus some redundant ones."""
    if e.op == "var":
        s, lvl = e.args[0], 5
    elif e.op == "not":
        s, lvl = "not " + expr_text(rng, e.args[0], 4), 4
    elif e.op in ("and", "or"):
        lvl = LEVEL[e.op]
        s = (" %s " % e.op).join(expr_text(rng, a, lvl + 1 if rng.random() < 0.5 else lvl) for a in e.args)
        # a chain of the same operator is associative, so (a and b) and c == a and b and c
    elif e.op == "implies":
        s = expr_text(rng, e.args[0], 2) + " implies " + expr_text(rng, e.args[1], 1)
        lvl = 1
    else:
        word = {"most": "at most", "least": "at least", "exactly": "exactly"}[e.op]
        s = "%s %d of %s" % (word, e.k, ", ".join(e.args))
        return "(" + s + ")" if min_level > 1 or rng.random() < 0.3 else s
    if lvl < min_level or rng.random() < 0.1:
        return "(" + s + ")"
    return s


def atom(name):
    """The ASP constant of a condition: `t[x]` (threat t compromises x) is tc(t,x)."""
    if "[" in name:
        t, x = name.rstrip("]").split("[")
        return "tc(%s,%s)" % (t, x)
    return name


class Asp:
    """Collects ASP facts; expressions become numbered nodes."""

    def __init__(self):
        self.lines = []
        self.n = 0

    def fact(self, s):
        self.lines.append(s + ".")

    def expr(self, e):
        if e is None:
            return "always"
        self.n += 1
        me = "e(%d)" % self.n
        if e.op == "var":
            self.fact("var(%s,%s)" % (me, atom(e.args[0])))
        elif e.op == "not":
            self.fact("neg(%s,%s)" % (me, self.expr(e.args[0])))
        elif e.op == "and":
            for a in e.args:
                self.fact("conj(%s,%s)" % (me, self.expr(a)))
        elif e.op == "or":
            for a in e.args:
                self.fact("disj(%s,%s)" % (me, self.expr(a)))
        elif e.op == "implies":
            x, y = self.expr(e.args[0]), self.expr(e.args[1])
            self.fact("impl(%s,%s,%s)" % (me, x, y))
        else:
            name = {"most": "atmost", "least": "atleast", "exactly": "exactly"}[e.op]
            self.fact("%s(%s,%d)" % (name, me, e.k))
            for c in e.args:
                self.fact("member(%s,%s)" % (me, c))
        return me


def generate(seed):
    """Returns (spec_text, asp_facts, assertions); each assertion is a dict with
    name, can (bool), verb, target, subjects (actor names)."""
    rng = random.Random(seed)
    asp = Asp()
    out = []
    J = ["j%d" % i for i in range(rng.randint(1, 3))]
    A = ["a%d" % i for i in range(rng.randint(2, 5))]
    S = ["s%d" % i for i in range(rng.randint(0, 3))]
    C = ["c%d" % i for i in range(rng.randint(0, 4))]
    K = ["k%d" % i for i in range(rng.randint(1, 5))]
    D = ["d%d" % i for i in range(rng.randint(1, 3))]

    def when(p=0.3):
        if C and rng.random() < p:
            e = random_expr(rng, C)
            return " when " + expr_text(rng, e), asp.expr(e)
        return "", "always"

    def some(xs, lo=1, hi=None):
        hi = min(hi or len(xs), len(xs))
        return rng.sample(xs, rng.randint(lo, hi)) if xs and hi >= lo else []

    for j in J:
        out.append("jurisdiction %s \"Jurisdiction %s\"" % (j, j))
    membership = {}
    for a in A:
        js = some(J, 0, 2)
        membership[a] = js
        asp.fact("actor(%s)" % a)
        for j in js:
            asp.fact("in(%s,%s)" % (a, j))
        out.append("actor %s%s" % (a, " in " + ", ".join(js) if js else ""))
    for c in C:
        asp.fact("cond(%s)" % c)
        out.append("condition %s \"condition \\\"%s\\\"\"" % (c, c))
    site_j = {}
    for s in S:
        j = rng.choice(J)
        site_j[s] = j
        ops = some(A, 0, 2)
        w, g = when(0.25)
        asp.fact("site(%s)" % s)
        asp.fact("site_in(%s,%s)" % (s, j))
        asp.fact("site_when(%s,%s)" % (s, g))
        for o in ops:
            asp.fact("operates(%s,%s)" % (s, o))
        out.append("site %s in %s%s%s" % (s, j, " operated by " + ", ".join(ops) if ops else "", w))

    split_id = 0
    for k in K:
        asp.fact("key(%s)" % k)
        clauses = []
        for _ in range(rng.randint(0, 3)):
            kind = rng.random()
            if kind < 0.25:
                who = some(A, 1, 2)
                w, g = when()
                clauses.append("held by %s%s" % (", ".join(who), w))
                for a in who:
                    asp.fact("held_key(%s,%s,%s)" % (k, a, g))
            elif kind < 0.4 and S:
                where = some(S, 1, 2)
                w, g = when()
                clauses.append("stored at %s%s" % (", ".join(where), w))
                for s in where:
                    asp.fact("stored_key(%s,%s,%s)" % (k, s, g))
            elif kind < 0.7:
                wrapper = rng.choice(K)
                parts = []
                holders, places = [], []
                for _ in range(rng.randint(1, 2)):
                    if S and rng.random() < 0.4:
                        ss = some(S, 1, 2)
                        places += ss
                        parts.append("stored at " + ", ".join(ss))
                    else:
                        aa = some(A, 1, 2)
                        holders += aa
                        parts.append("held by " + ", ".join(aa))
                w, g = when()
                clauses.append("wrapped by %s %s%s" % (wrapper, " ".join(parts), w))
                for a in set(holders):
                    asp.fact("blob_held(%s,%s,%s,%s)" % (k, wrapper, a, g))
                for s in set(places):
                    asp.fact("blob_stored(%s,%s,%s,%s)" % (k, wrapper, s, g))
            elif kind < 0.85 and S:
                s = rng.choice(S)
                users = some(A, 1, 2)
                w, g = when()
                clauses.append("hsm at %s used by %s%s" % (s, ", ".join(users), w))
                for a in users:
                    asp.fact("hsm(%s,%s,%s,%s)" % (k, s, a, g))
            else:
                shares = some(K, 1, 3)
                n = rng.randint(1, len(shares))
                split_id += 1
                clauses.append("split %d of %s" % (n, ", ".join(shares)))
                asp.fact("split(%s,%d,%d)" % (k, split_id, n))
                for sh in shares:
                    asp.fact("share(%s,%d,%s)" % (k, split_id, sh))
        # `wrapped by W held by ...` takes every following `held by`/`stored at` as part of
        # the blob (the grammar's `+`), so the key's own custody clauses come first.
        clauses.sort(key=lambda c: c.startswith("wrapped"))
        out.append("key %s \"key %s\"\n  %s" % (k, k, "\n  ".join(clauses)))

    for d in D:
        asp.fact("data(%s)" % d)
        clauses = []
        keys = some(K, 0, 2)
        if keys:
            if len(keys) == 2 and rng.random() < 0.5:
                clauses.append("encrypted by %s" % keys[0])
                clauses.append("encrypted by %s" % keys[1])
            else:
                clauses.append("encrypted by " + " and ".join(keys))
            for kk in keys:
                asp.fact("enc(%s,%s)" % (d, kk))
        for _ in range(rng.randint(1, 2)):
            w, g = when()
            if S and rng.random() < 0.5:
                where = some(S, 1, 2)
                clauses.append("stored at %s%s" % (", ".join(where), w))
                for s in where:
                    asp.fact("stored_data(%s,%s,%s)" % (d, s, g))
            else:
                who = some(A, 1, 2)
                clauses.append("held by %s%s" % (", ".join(who), w))
                for a in who:
                    asp.fact("held_data(%s,%s,%s)" % (d, a, g))
        out.append("data %s\n  %s" % (d, "\n  ".join(clauses)))

    for _ in range(rng.randint(0, 3)):
        src, dst = some(A, 1, 2), some(A, 1, 2)
        w, g = when()
        if rng.random() < 0.5:
            out.append("flow %s -> %s%s" % (", ".join(src), ", ".join(dst), w))
            for a in src:
                for b in dst:
                    asp.fact("flow_full(%s,%s,%s)" % (a, b, g))
        else:
            items = some(K + D, 1, 2)
            out.append("flow %s -> %s : %s%s" % (", ".join(src), ", ".join(dst), ", ".join(items), w))
            for a in src:
                for b in dst:
                    for x in items:
                        asp.fact("flow_item(%s,%s,%s,%s)" % (a, b, x, g))

    for li in range(rng.randint(0, 3)):
        auth = rng.choice(A)
        w, g = when()
        r = rng.random()
        if r < 0.35:
            js = some(J, 1, 2)
            out.append("law l%d \"law\": %s compels actors in %s%s" % (li, auth, ", ".join(js), w))
            for j in js:
                asp.fact("compel_jur(%s,%s,%s)" % (auth, j, g))
        elif r < 0.65:
            qs = some(A, 1, 2)
            out.append("law l%d: %s compels %s%s" % (li, auth, ", ".join(qs), w))
            for q in qs:
                asp.fact("compel_actor(%s,%s,%s)" % (auth, q, g))
        elif r < 0.85 or not S:
            js = some(J, 1, 2)
            out.append("law l%d: %s seizes sites in %s%s" % (li, auth, ", ".join(js), w))
            for j in js:
                asp.fact("seize_jur(%s,%s,%s)" % (auth, j, g))
        else:
            ss = some(S, 1, 2)
            out.append("law l%d: %s seizes %s%s" % (li, auth, ", ".join(ss), w))
            for s in ss:
                asp.fact("seize_site(%s,%s,%s)" % (auth, s, g))

    for ti in range(rng.randint(0, 2)):
        e = rng.choice(A)
        qs = some(A, 1, 3)
        k = rng.randint(0, len(qs))
        out.append("threat t%d \"threat\": %s compromises at most %d of %s" % (ti, e, k, ", ".join(qs)))
        asp.fact("threat(t%d,%s,%d)" % (ti, e, k))
        for q in qs:
            asp.fact("threat_target(t%d,%s)" % (ti, q))

    for _ in range(rng.randint(0, 2)):
        if not C:
            break
        e = random_expr(rng, C)
        out.append("assume " + expr_text(rng, e))
        asp.fact("assume(%s)" % asp.expr(e))

    assertions = []
    for qi in range(rng.randint(2, 4)):
        verb = rng.choice(["read", "read", "obtain", "use"])
        target = rng.choice(D if verb == "read" else K)
        r = rng.random()
        name = "q%d" % qi
        if r < 0.45:
            who = some(A, 1, 2)
            can = rng.random() < 0.3
            text = "%s %s %s %s" % (", ".join(who), "can" if can else "cannot", verb, target)
            subjects = who
        elif r < 0.75:
            can = False
            if rng.random() < 0.5:
                js = some(J, 1, 2)
                text = "nobody in %s can %s %s" % (", ".join(js), verb, target)
                subjects = [a for a in A if set(membership[a]) & set(js)]
            else:
                text = "nobody can %s %s" % (verb, target)
                subjects = list(A)
        else:
            can = False
            who = some(A, 1, 2)
            text = "only %s can %s %s" % (", ".join(who), verb, target)
            subjects = [a for a in A if a not in who]
        out.append("assert %s: %s" % (name, text))
        assertions.append({"name": name, "can": can, "verb": verb, "target": target,
                           "subjects": subjects})

    # Statements may come in any order; shuffle all but keep the text valid.
    rng.shuffle(out)
    spec = "# generated, seed %d\n" % seed + "\n".join(out) + "\n"
    return spec, "\n".join(asp.lines) + "\n", assertions


# ---- language version 2 ----------------------------------------------------------------
#
# generate_v2 writes specs with the version-2 constructs (phases and TIME on every clause
# that takes it, `forgets`, `public`, roles, use-only items, scoped laws, gated HSMs, site
# threats and T[X] atoms, assertions with item lists, `in P` and `when`), as facts for
# semantics_v2.lp. Sizes stay small (at most four conditions, threat conditions included)
# so that clingo enumerates fast. With v1only, it writes only version-1 constructs, in the
# same fact format (useful to compare path lengths against a version-1 checker).


def random_expr_v2(rng, conds, atoms, depth=0):
    """Like random_expr, with threat atoms `t[x]` as leaves (never inside a count)."""
    leaves = conds + atoms
    if not leaves:
        return None
    r = rng.random()
    if depth >= 2 or r < 0.4:
        return Expr("var", [rng.choice(leaves)])
    if r < 0.5:
        return Expr("not", [random_expr_v2(rng, conds, atoms, depth + 1)])
    if r < 0.65:
        return Expr("and", [random_expr_v2(rng, conds, atoms, depth + 1) for _ in range(2)])
    if r < 0.8:
        return Expr("or", [random_expr_v2(rng, conds, atoms, depth + 1) for _ in range(2)])
    if r < 0.88 or not conds:
        return Expr("implies", [random_expr_v2(rng, conds, atoms, depth + 1),
                                random_expr_v2(rng, conds, atoms, depth + 1)])
    names = rng.sample(conds, rng.randint(1, len(conds)))
    op = rng.choice(["most", "least", "exactly"])
    return Expr(op, names, rng.randint(0, len(names)))


def evaluate(e, true):
    """The value of an expression when exactly the names in `true` hold."""
    if e.op == "var":
        return e.args[0] in true
    if e.op == "not":
        return not evaluate(e.args[0], true)
    if e.op == "and":
        return all(evaluate(a, true) for a in e.args)
    if e.op == "or":
        return any(evaluate(a, true) for a in e.args)
    if e.op == "implies":
        return not evaluate(e.args[0], true) or evaluate(e.args[1], true)
    n = sum(1 for c in e.args if c in true)
    return {"most": n <= e.k, "least": n >= e.k, "exactly": n == e.k}[e.op]


def satisfiable(exprs, conds, threats, bounds):
    names = conds + ["%s[%s]" % (t, x) for t, _, ts in threats for x in ts]
    for bits in range(1 << len(names)):
        true = {n for i, n in enumerate(names) if bits >> i & 1}
        if any(sum(1 for x in ts if "%s[%s]" % (t, x) in true) > k
               for (t, _, ts), (k, _) in zip(threats, bounds)):
            continue
        if all(evaluate(e, true) for e in exprs):
            return True
    return False


def generate_v2(seed, v1only=False):
    """Returns (spec_text, asp_facts, assertions); each assertion is a dict with name,
    can (bool), verb, items (names), subjects (actor names, `public` included where the
    subject covers it), phase (1-based index or None) and when (an expression node or
    None)."""
    rng = random.Random(seed)
    asp = Asp()
    out = []
    v2 = not v1only
    P = ["p%d" % i for i in range(rng.choice([0, 1, 2, 2, 3, 3, 3]))] if v2 else []
    NP = max(1, len(P))
    J = ["j%d" % i for i in range(rng.randint(1, 2))]
    R = ["r%d" % i for i in range(rng.randint(0, 2))] if v2 else []
    A = ["a%d" % i for i in range(rng.randint(2, 4))]
    S = ["s%d" % i for i in range(rng.randint(0, 2))]
    C = ["c%d" % i for i in range(rng.randint(0, 2))]
    K = ["k%d" % i for i in range(rng.randint(1, 4))]
    D = ["d%d" % i for i in range(rng.randint(1, 2))]
    # threats first: their conditions count towards the budget of four
    threats = []
    budget = 4 - len(C)
    for ti in range(rng.randint(0, 2)):
        if budget <= 0:
            break
        pool = A + (S if v2 else [])
        targets = rng.sample(pool, min(len(pool), rng.randint(1, min(2, budget))))
        budget -= len(targets)
        threats.append(("t%d" % ti, rng.choice(A), targets))
    atoms = ["%s[%s]" % (t, x) for t, _, ts in threats for x in ts] if v2 else []

    def some(xs, lo=1, hi=None):
        hi = min(hi if hi is not None else len(xs), len(xs))
        return rng.sample(xs, rng.randint(lo, hi)) if xs and hi >= lo else []

    def expr_node(p):
        if (C or atoms) and rng.random() < p:
            e = random_expr_v2(rng, C, atoms)
            return e
        return None

    def when(p=0.3):
        e = expr_node(p)
        if e is None:
            return "", "always"
        return " when " + expr_text(rng, e), asp.expr(e)

    def time(p=0.45):
        """A TIME suffix and its phases L,H (1-based, inclusive)."""
        if not P or rng.random() >= p:
            return "", "1,%d" % NP
        lo = rng.randint(1, NP)
        hi = rng.randint(lo, NP)
        r = rng.random()
        if r < 0.25:
            return " from %s" % P[lo - 1], "%d,%d" % (lo, NP)
        if r < 0.55:
            return " from %s until %s" % (P[lo - 1], P[hi - 1]), "%d,%d" % (lo, hi)
        if r < 0.8:
            return " until %s" % P[hi - 1], "1,%d" % hi
        return " during %s" % P[lo - 1], "%d,%d" % (lo, lo)

    asp.fact("phase(1..%d)" % NP)
    # Probes: (actor, verb, item, phase) questions where a rule of version 2 decides the
    # answer (use not carried, `forgets`, public's uses not shared, use-only flows, scoped
    # and role-targeted laws); some assertions ask them.
    probes, forgetful = [], set()

    def later(actors, verb, item, lh):
        hi = int(lh.split(",")[1])
        for a in actors:
            if a != "public" and hi < NP:
                probes.append((a, verb, item, rng.randint(hi + 1, NP)))
    for j in J:
        out.append("jurisdiction %s \"Jurisdiction %s\"" % (j, j))
    for r in R:
        out.append("role %s \"Role %s\"" % (r, r))
    membership, roles = {}, {}
    for a in A:
        js = some(J, 0, 2)
        rs = some(R, 0, 1) if R else []
        membership[a], roles[a] = js, rs
        forgets = v2 and rng.random() < 0.2
        asp.fact("actor(%s)" % a)
        for j in js:
            asp.fact("in(%s,%s)" % (a, j))
        for r in rs:
            asp.fact("role_of(%s,%s)" % (a, r))
        if forgets:
            asp.fact("forgets(%s)" % a)
            forgetful.add(a)
        out.append("actor %s%s%s%s" % (a, " in " + ", ".join(js) if js else "",
                                       " as " + ", ".join(rs) if rs else "",
                                       " forgets" if forgets else ""))
    for c in C:
        asp.fact("cond(%s)" % c)
        out.append("condition %s \"condition %s\"" % (c, c))
    for s in S:
        j = rng.choice(J)
        ops = some(A, 0, 2)
        t, lh = time(0.25)
        w, g = when(0.25)
        asp.fact("site(%s)" % s)
        asp.fact("site_in(%s,%s)" % (s, j))
        asp.fact("site_when(%s,%s)" % (s, g))
        asp.fact("site_time(%s,%s)" % (s, lh))
        for o in ops:
            asp.fact("operates(%s,%s)" % (s, o))
        out.append("site %s in %s%s%s%s" % (s, j, " operated by " + ", ".join(ops) if ops else "", t, w))

    holders = A + (["public"] if v2 else [])  # every actor `nobody` and `only` cover

    def holder_list():
        who = some(A, 1, 2)
        if v2 and rng.random() < 0.08:
            who = who[:1] + ["public"]
        return who

    split_id = gate_id = 0
    for k in K:
        asp.fact("key(%s)" % k)
        clauses = []
        for _ in range(rng.randint(0, 3)):
            kind = rng.random()
            if kind < 0.25:
                who = holder_list()
                t, lh = time()
                w, g = when()
                clauses.append("held by %s%s%s" % (", ".join(who), t, w))
                for a in who:
                    asp.fact("held_key(%s,%s,%s,%s)" % (k, a, g, lh))
                later([a for a in who if a in forgetful], "obtain", k, lh)
            elif kind < 0.38 and S:
                where = some(S, 1, 2)
                t, lh = time()
                w, g = when()
                clauses.append("stored at %s%s%s" % (", ".join(where), t, w))
                for s in where:
                    asp.fact("stored_key(%s,%s,%s,%s)" % (k, s, g, lh))
            elif kind < 0.6:
                wrapper = rng.choice(K)
                parts, hs, places = [], [], []
                for _ in range(rng.randint(1, 2)):
                    if S and rng.random() < 0.4:
                        ss = some(S, 1, 2)
                        places += ss
                        parts.append("stored at " + ", ".join(ss))
                    else:
                        aa = holder_list()
                        hs += aa
                        parts.append("held by " + ", ".join(aa))
                t, lh = time()
                w, g = when()
                clauses.append("wrapped by %s %s%s%s" % (wrapper, " ".join(parts), t, w))
                for a in set(hs):
                    asp.fact("blob_held(%s,%s,%s,%s,%s)" % (k, wrapper, a, g, lh))
                for s in set(places):
                    asp.fact("blob_stored(%s,%s,%s,%s,%s)" % (k, wrapper, s, g, lh))
            elif kind < 0.75 and S:
                s = rng.choice(S)
                users = some(A, 1, 2)
                if v2 and rng.random() < 0.1:
                    users.append("public")  # an oracle anyone may call: its use is not shared
                t, lh = time(0.6)
                w, g = when()
                clauses.append("hsm at %s used by %s%s%s" % (s, ", ".join(users), t, w))
                for a in users:
                    asp.fact("hsm(%s,%s,%s,%s,%s)" % (k, s, a, g, lh))
                later(users, "use", k, lh)
                if "public" in users:
                    probes.append((rng.choice(A), "use", k, None))
            elif kind < 0.87 and S and v2:
                s = rng.choice(S)
                toks = some(K, 1, 2)
                t, lh = time(0.6)
                w, g = when()
                gate_id += 1
                clauses.append("hsm at %s used by holders of %s%s%s" % (s, " and ".join(toks), t, w))
                asp.fact("hsm_gate(%s,%s,%d,%s,%s)" % (k, s, gate_id, g, lh))
                for tok in toks:
                    asp.fact("gate_tok(%d,%s)" % (gate_id, tok))
            else:
                shares = some(K, 1, 3)
                n = rng.randint(1, len(shares))
                split_id += 1
                clauses.append("split %d of %s" % (n, ", ".join(shares)))
                asp.fact("split(%s,%d,%d)" % (k, split_id, n))
                for sh in shares:
                    asp.fact("share(%s,%d,%s)" % (k, split_id, sh))
        clauses.sort(key=lambda c: c.startswith("wrapped"))
        out.append("key %s \"key %s\"\n  %s" % (k, k, "\n  ".join(clauses)))

    for d in D:
        asp.fact("data(%s)" % d)
        clauses = []
        keys = some(K, 0, 2)
        if keys:
            clauses.append("encrypted by " + " and ".join(keys))
            for kk in keys:
                asp.fact("enc(%s,%s)" % (d, kk))
        for _ in range(rng.randint(1, 2)):
            t, lh = time()
            w, g = when()
            if S and rng.random() < 0.5:
                where = some(S, 1, 2)
                clauses.append("stored at %s%s%s" % (", ".join(where), t, w))
                for s in where:
                    asp.fact("stored_data(%s,%s,%s,%s)" % (d, s, g, lh))
            else:
                who = holder_list()
                clauses.append("held by %s%s%s" % (", ".join(who), t, w))
                for a in who:
                    asp.fact("held_data(%s,%s,%s,%s)" % (d, a, g, lh))
                later([a for a in who if a in forgetful], "read", d, lh)
        out.append("data %s\n  %s" % (d, "\n  ".join(clauses)))

    scope_id = [0]

    def item_list(with_use):
        """An ITEM-list: its text and the ASP scope constant."""
        names = some(K + D, 1, 2)
        uses = some(K, 1, 1) if with_use and v2 and rng.random() < 0.4 else []
        if with_use and v2 and rng.random() < 0.15:
            names = []
            uses = some(K, 1, 2)
        items = names + ["use " + k for k in uses]
        rng.shuffle(items)
        scope_id[0] += 1
        sc = "s(%d)" % scope_id[0]
        for x in names:
            asp.fact("scope_item(%s,%s)" % (sc, x))
        for k in uses:
            asp.fact("scope_use(%s,%s)" % (sc, k))
        return ", ".join(items), sc, names, uses

    for _ in range(rng.randint(0, 3)):
        src, dst = some(A, 1, 2), some(A, 1, 2)
        if v2 and rng.random() < 0.15:  # rule 14 through flows: publishing, or reading from public
            (src if rng.random() < 0.5 else dst).append("public")
        t, lh = time()
        w, g = when()
        if rng.random() < 0.45:
            out.append("flow %s -> %s%s%s" % (", ".join(src), ", ".join(dst), t, w))
            for a in src:
                for b in dst:
                    asp.fact("flow_full(%s,%s,%s,%s)" % (a, b, g, lh))
        else:
            text, _, names, uses = item_list(True)
            out.append("flow %s -> %s : %s%s%s" % (", ".join(src), ", ".join(dst), text, t, w))
            for a in src:
                for b in dst:
                    for x in names:
                        asp.fact("flow_item(%s,%s,%s,%s,%s)" % (a, b, x, g, lh))
                    for k in uses:
                        asp.fact("flow_use(%s,%s,%s,%s,%s)" % (a, b, k, g, lh))
            for k in uses:
                later(dst, "use", k, lh)
                probes.append((rng.choice(dst), "obtain", k, None))

    for li in range(rng.randint(0, 3)):
        auth = rng.choice(A)
        t, lh = time()
        w, g = when()
        r = rng.random()
        scoped = v2 and rng.random() < 0.4
        if r < 0.6:
            if scoped:
                text, sc, _, _ = item_list(True)
                for_text = " for " + text
            else:
                sc, for_text = "full", ""
            r2 = rng.random()
            if r2 < 0.35 or (r2 < 0.6 and not R):
                js = some(J, 1, 2)
                out.append("law l%d \"law\": %s compels actors in %s%s%s%s" % (li, auth, ", ".join(js), for_text, t, w))
                for j in js:
                    asp.fact("compel_jur(%s,%s,%s,%s,%s)" % (auth, j, sc, g, lh))
            elif r2 < 0.6:
                role = rng.choice(R)
                js = some(J, 1, 2)
                probes.append((auth, rng.choice(["read", "obtain"]), None, None))
                out.append("law l%d: %s compels %s in %s%s%s%s" % (li, auth, role, ", ".join(js), for_text, t, w))
                for j in js:
                    asp.fact("compel_role(%s,%s,%s,%s,%s,%s)" % (auth, role, j, sc, g, lh))
            else:
                qs = some(A, 1, 2)
                if scoped:
                    probes.append((auth, "obtain", rng.choice(K), None))
                    probes.append((auth, "read", rng.choice(D), None))
                out.append("law l%d: %s compels %s%s%s%s" % (li, auth, ", ".join(qs), for_text, t, w))
                for q in qs:
                    asp.fact("compel_actor(%s,%s,%s,%s,%s)" % (auth, q, sc, g, lh))
        else:
            if scoped:
                text, sc, _, _ = item_list(False)
                for_text = " for " + text
            else:
                sc, for_text = "full", ""
            if rng.random() < 0.6 or not S:
                js = some(J, 1, 2)
                out.append("law l%d: %s seizes sites in %s%s%s%s" % (li, auth, ", ".join(js), for_text, t, w))
                for j in js:
                    asp.fact("seize_jur(%s,%s,%s,%s,%s)" % (auth, j, sc, g, lh))
            else:
                ss = some(S, 1, 2)
                out.append("law l%d: %s seizes %s%s%s%s" % (li, auth, ", ".join(ss), for_text, t, w))
                for s in ss:
                    asp.fact("seize_site(%s,%s,%s,%s,%s)" % (auth, s, sc, g, lh))

    bounds = [(rng.randint(0, len(ts)), ts) for _, _, ts in threats]
    for (name, e, targets), (k, _) in zip(threats, bounds):
        t, lh = time(0.3)
        out.append("threat %s \"threat\": %s compromises at most %d of %s%s" % (name, e, k, ", ".join(targets), t))
        asp.fact("threat(%s,%s,%d,%s)" % (name, e, k, lh))
        for x in targets:
            asp.fact("threat_%s(%s,%s)" % ("site" if x in S else "actor", name, x))

    # Assumptions no scenario satisfies make the whole spec an error: keep a few such
    # specs, and otherwise draw again (the generator evaluates its own expressions).
    assumed = []
    for _ in range(rng.choice([0, 0, 1, 1, 2]) if v2 else rng.randint(0, 2)):
        for attempt in range(10):
            e = random_expr_v2(rng, C, atoms)
            if e is None or not v2 or rng.random() < 0.03 or satisfiable(assumed + [e], C, threats, bounds):
                break
        if e is None:
            break
        assumed.append(e)
        out.append("assume " + expr_text(rng, e))
        asp.fact("assume(%s)" % asp.expr(e))

    assertions = []
    for qi, (who, verb, item, phase) in enumerate(rng.sample(probes, min(len(probes), rng.randint(1, 2)))):
        item = item or rng.choice(D if verb == "read" else K)
        can = rng.random() < 0.3
        name = "probe%d" % qi
        text = "%s %s %s %s" % (who, "can" if can else "cannot", verb, item)
        if phase:
            text += " in %s" % P[phase - 1]
        out.append("assert %s: %s" % (name, text))
        assertions.append({"name": name, "can": can, "verb": verb, "items": [item],
                           "subjects": [who], "phase": phase, "when": None,
                           "phase_name": P[phase - 1] if phase else None})
    for qi in range(rng.randint(2, 4)):
        verb = rng.choice(["read", "read", "obtain", "use", "use"] if v2 else ["read", "read", "obtain", "use"])
        pool = D if verb == "read" else K
        items = some(pool, 1, 2) if v2 and rng.random() < 0.3 else [rng.choice(pool)]
        r = rng.random()
        name = "q%d" % qi
        if r < 0.45:
            who = some(A, 1, 2)
            can = rng.random() < 0.35
            subj = ", ".join(who)
            subjects = who
        elif r < 0.75:
            can = False
            if rng.random() < 0.5:
                js = some(J, 1, 2)
                subj = "nobody in %s" % ", ".join(js)
                subjects = [a for a in A if set(membership[a]) & set(js)]
            else:
                subj = "nobody"
                subjects = holders[:]
        else:
            can = False
            who = some(A, 1, 2)
            subj = "only %s" % ", ".join(who)
            subjects = [a for a in holders if a not in who]
        # `nobody` and `only` take `can` alone and mean "cannot"
        word = "can" if can or subj.startswith(("nobody", "only")) else "cannot"
        text = "%s %s %s %s" % (subj, word, verb, ", ".join(items))
        phase = None
        if P and rng.random() < 0.45:
            # later phases more often: that is where retention shows
            phase = max(rng.randint(1, NP), rng.randint(1, NP))
            text += " in %s" % P[phase - 1]
        cond = None
        if v2 and rng.random() < 0.25:
            # mostly satisfiable with the assumptions; a vacuous one now and then
            for attempt in range(10):
                e = random_expr_v2(rng, C, atoms)
                if e is None or rng.random() < 0.2 or satisfiable(assumed + [e], C, threats, bounds):
                    break
            if e is not None:
                text += " when " + expr_text(rng, e)
                cond = asp.expr(e)
        out.append("assert %s: %s" % (name, text))
        assertions.append({"name": name, "can": can, "verb": verb, "items": items,
                           "subjects": subjects, "phase": phase, "when": cond,
                           "phase_name": P[phase - 1] if phase else None})

    # Any order, but the phases keep theirs (declaration order is the timeline).
    rng.shuffle(out)
    slots = sorted(rng.randint(0, len(out)) for _ in P)
    for i, (slot, p) in enumerate(zip(slots, P)):
        out.insert(slot + i, "phase %s \"Phase %s\"" % (p, p))
    spec = "# generated (version %d), seed %d\n" % (1 if v1only else 2, seed) + "\n".join(out) + "\n"
    return spec, "\n".join(asp.lines) + "\n", assertions
