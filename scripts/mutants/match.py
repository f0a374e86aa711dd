"""Map missed mutants of earlier runs onto the mutants of the current tree
(core/mutants.md, "Re-testing the misses").

usage:
  cargo mutants -p flopcast-core --list --json > now.json
  python3 scripts/mutants/match.py now.json OLD/mutants.out [...] > names.txt
  (--pairs prints "old<TAB>new" per miss instead)
  python3 scripts/mutants/match.py --caught now.json OLD/mutants.out [...] \
      [LIST.json=RETEST.json ...] > previously_caught.txt
  (the mutants those runs caught, and those retest.py found caught, under
  their current names: put the file in a new run's mutants.out/ and
  `--iterate` skips them, so runs at later commits add up to the whole core)
An input is a cargo-mutants output directory, or a mutant listing and the
retest.py results for it, joined by '='.
A mutant is the same when its file, function, genre, replacement and the
diff's changed lines (the '-'/'+' lines) agree; the closest line wins.
"""
import json, sys

# The ledger's key and placement: one definition of "the same mutant".
from ledger import Now, key

pairs = "--pairs" in sys.argv
caught = "--caught" in sys.argv
sys.argv = [a for a in sys.argv if a not in ("--pairs", "--caught")]

def lines(path):
    try:
        return [l.strip() for l in open(path) if l.strip()]
    except FileNotFoundError:
        return []

def outcomes(arg):
    """(mutants by name, the names wanted) for one input."""
    if "=" in arg:
        listing, results = arg.split("=", 1)
        old = {m["name"]: m for m in json.load(open(listing))}
        res = json.load(open(results))
        want = ("caught",) if caught else ("missed", "timeout")
        return old, [n for n, r in res.items() if r in want]
    old = {m["name"]: m for m in json.load(open(arg + "/mutants.json"))}
    if caught:
        return old, lines(arg + "/caught.txt") + lines(arg + "/previously_caught.txt")
    return old, lines(arg + "/missed.txt") + lines(arg + "/timeout.txt")

now = Now(sys.argv[1])
out, lost = [], []
for d in sys.argv[2:]:
    old, wanted = outcomes(d)
    for name in wanted:
        m = old.get(name)
        if m is None:
            lost.append(name); continue
        best = now.place(key(m), name, ())
        if best is None:
            lost.append(name); continue
        out.append(best)
        if pairs:
            print(f"{name}\t{best}")
if not pairs:
    for n in sorted(set(out)):
        print(n)
print(f"{len(set(out))} matched, {len(lost)} not found (gone or changed):", file=sys.stderr)
for n in lost:
    print("  " + n, file=sys.stderr)
