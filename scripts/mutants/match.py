"""Map missed mutants of earlier runs onto the mutants of the current tree
(core/mutants.md, "Re-testing the misses").

usage:
  cargo mutants -p flopcast-core --list --json > now.json
  python3 scripts/mutants/match.py now.json OLD/mutants.out [...] > names.txt
  (--pairs prints "old<TAB>new" per miss instead)
A mutant is the same when its file, function, genre, replacement and the
diff's changed lines (the '-'/'+' lines) agree; the closest line wins.
"""
import json, sys, re

def key(m):
    d = m.get("diff", "")
    body = [l for l in d.splitlines()[3:] if l.startswith(("-", "+"))]
    fn = (m.get("function") or {}).get("function_name")
    return (m["file"], fn, m["genre"], m.get("replacement"), "\n".join(body))

pairs = "--pairs" in sys.argv
sys.argv = [a for a in sys.argv if a != "--pairs"]
new = json.load(open(sys.argv[1]))
index = {}
for m in new:
    index.setdefault(key(m), []).append(m)
out, lost = [], []
for d in sys.argv[2:]:
    old = {m["name"]: m for m in json.load(open(d + "/mutants.json"))}
    missed = [l.strip() for l in open(d + "/missed.txt") if l.strip()]
    timeouts = [l.strip() for l in open(d + "/timeout.txt") if l.strip()]
    for name in missed + timeouts:
        m = old.get(name)
        if m is None:
            lost.append(name); continue
        cands = index.get(key(m), [])
        if not cands:
            lost.append(name); continue
        line = m["span"]["start"]["line"]
        best = min(cands, key=lambda c: abs(c["span"]["start"]["line"] - line))
        out.append(best["name"])
        if pairs:
            print(f"{name}\t{best['name']}")
if not pairs:
    for n in sorted(set(out)):
        print(n)
print(f"{len(set(out))} matched, {len(lost)} not found (gone or changed):", file=sys.stderr)
for n in lost:
    print("  " + n, file=sys.stderr)
