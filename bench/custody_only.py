"""custody alone on the many-condition families (a quick before/after measure of a
solver change; bench/run.py gives the side-by-side with clingo). Run from the project root."""
import sys, subprocess, json, time, os
sys.path.insert(0, 'bench'); import families
rows = []
for fam in ["zones20","zones40","zones80","zones200","split10of20","split30of60","split60of120","insiders60","insiders120"]:
    for n in (1000, 10000, 100000):
        if n == 100000 and fam in ("split10of20", "split60of120"): continue
        spec, facts, q = families.FAMILIES[fam](n)
        path = "/tmp/bench_%s_%d.custody" % (fam, n)
        open(path, "w").write(spec)
        t = time.time()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "build/custody", "check", path, "--format", "json", "--timeout", "15"], capture_output=True, text=True)
        wall = time.time() - t
        rss = int(p.stderr.strip().splitlines()[-1]) / 1024
        d = json.loads(p.stdout)
        ans = []
        for a in d["assertions"]:
            if a["verdict"] == "violated":
                ans.append(str(len(a.get("scenario", {}).get("conditions", []))) + ("" if a.get("minimal", True) else "~"))
            else:
                ans.append(a["verdict"])
        print("| %s | %d | %.2f | %.0f | %s |" % (fam, n, wall, rss, " ".join(ans)), flush=True)
