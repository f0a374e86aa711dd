"""The ledger of mutation testing: every mutant of the core any run has
tested, with its outcome and the commit it was tested at (core/mutants.md,
"The ledger"). It is committed (core/mutants-ledger.tsv), so runs on
different machines and in different sessions add up to the whole core.

usage (NOW.json: `cargo mutants -p flopcast-core --list --json` of the tree
the command is about; the ledger's mutants are carried onto it):
  ledger.py merge NOW.json COMMIT SOURCE...   add outcomes; a later one wins
      SOURCE: a cargo-mutants output directory (its mutants.out/), or a
      listing and retest.py's results for it, joined by '='
  ledger.py status NOW.json                   counts over the whole core
  ledger.py seed NOW.json > mutants.out/previously_caught.txt
      every mutant tested so far, whatever its outcome: `--iterate` then
      tests only the rest (in random order with --shuffle)
  ledger.py list NOW.json OUTCOME...          names with those outcomes
      (caught, missed, timeout, unviable, untested, unexplained: a miss or
      timeout without a reason)
  ledger.py markdown NOW.json                 every miss and timeout with its
      reason, grouped by category (core/mutants.md's list is this output)
  ledger.py explain NOW.json TRIAGE.tsv       attach reasons to misses
      TRIAGE.tsv: name, category, reason (tab-separated); categories:
      equivalent-restating, equivalent-id, equivalent-unread,
      equivalent-code, timeout, open (a real gap, named)
The ledger file defaults to core/mutants-ledger.tsv; --ledger PATH overrides.

A mutant is the same at two commits when its file, function, genre,
replacement and the diff's changed lines agree (the key, kept as a hash);
of several such, the closest line wins. A mutant whose code changed has a
new key, so it counts as untested until a run tests it again.
"""
import hashlib, json, os, re, sys

OUTCOMES = ("caught", "missed", "timeout", "unviable")
HEADER = ("# flopcast-core mutation-testing ledger (scripts/mutants/ledger.py, "
          "core/mutants.md).\n# outcome\tcommit tested at\tkey\tname at the "
          "ledger's last write\tcategory: reason (misses and timeouts)\n")


def key(m):
    body = [l for l in m.get("diff", "").splitlines()[3:] if l.startswith(("-", "+"))]
    fn = (m.get("function") or {}).get("function_name")
    raw = "\x1f".join([m["file"], fn or "", m["genre"], m.get("replacement") or "",
                       "\n".join(body)])
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def line_of(name):
    found = re.match(r"[^:]+:(\d+):", name)
    return int(found.group(1)) if found else 0


def read_ledger(path):
    rows = []
    if os.path.exists(path):
        for l in open(path):
            if l.startswith("#") or not l.strip():
                continue
            outcome, commit, k, name, *why = l.rstrip("\n").split("\t", 4)
            rows.append({"outcome": outcome, "commit": commit, "key": k, "name": name,
                         "why": why[0] if why else ""})
    return rows


def write_ledger(path, entries):
    with open(path, "w") as f:
        f.write(HEADER)
        for name in sorted(entries):
            e = entries[name]
            why = f"\t{e['why']}" if e.get("why") else ""
            f.write(f"{e['outcome']}\t{e['commit']}\t{e['key']}\t{name}{why}\n")


class Now:
    """The mutants of the tree in question, indexed by key."""

    def __init__(self, listing):
        self.mutants = json.load(open(listing))
        self.by_key = {}
        for m in self.mutants:
            self.by_key.setdefault(key(m), []).append(m)

    def place(self, k, name, taken):
        """The current name of a mutant known by key and an older name."""
        free = [m for m in self.by_key.get(k, []) if m["name"] not in taken]
        if not free:
            return None
        line = line_of(name)
        return min(free, key=lambda m: abs(m["span"]["start"]["line"] - line))["name"]


def carry(now, rows):
    """The ledger's rows under their current names; rows whose mutant is
    gone or changed are dropped. Twins (one key) keep their line order."""
    out, lost = {}, 0
    for r in rows:
        name = now.place(r["key"], r["name"], out)
        if name is None:
            lost += 1
            continue
        out[name] = r
    return out, lost


def source_outcomes(src):
    """(listing by name, {name: outcome}) for one source."""
    if "=" in src:
        listing, results = src.split("=", 1)
        old = {m["name"]: m for m in json.load(open(listing))}
        res = {n: r for n, r in json.load(open(results)).items() if r in OUTCOMES}
        return old, res
    d = src if os.path.exists(os.path.join(src, "mutants.json")) else os.path.join(src, "mutants.out")
    old = {m["name"]: m for m in json.load(open(os.path.join(d, "mutants.json")))}
    res = {}
    for o in OUTCOMES:
        p = os.path.join(d, o + ".txt")
        if os.path.exists(p):
            for l in open(p):
                if l.strip():
                    res[l.strip()] = o
    return old, res


def main(argv):
    path = "core/mutants-ledger.tsv"
    if "--ledger" in argv:
        i = argv.index("--ledger")
        path = argv[i + 1]
        del argv[i:i + 2]
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, now = argv[0], Now(argv[1])
    entries, lost = carry(now, read_ledger(path))
    if cmd == "merge":
        commit, added, gone = argv[2], 0, 0
        for src in argv[3:]:
            old, res = source_outcomes(src)
            placed = set()
            for n, o in res.items():
                m = old.get(n)
                name = now.place(key(m), n, placed) if m else None
                if name is None:
                    gone += 1
                    continue
                placed.add(name)
                # A miss found again keeps its reason; a catch needs none.
                why = entries.get(name, {}).get("why", "") if o in ("missed", "timeout") else ""
                entries[name] = {"outcome": o, "commit": commit, "key": key(m), "why": why}
                added += 1
        write_ledger(path, entries)
        print(f"merged {added} outcomes ({gone} of mutants no longer in the tree); "
              f"{lost} ledger rows dropped (code changed or gone)", file=sys.stderr)
        cmd = "status"
    if cmd == "explain":
        cats = ("equivalent-restating", "equivalent-id", "equivalent-unread",
                "equivalent-code", "timeout", "open")
        done = 0
        for l in open(argv[2]):
            if not l.strip() or l.startswith("#"):
                continue
            name, cat, why = l.rstrip("\n").split("\t", 2)
            if cat not in cats:
                sys.exit(f"{argv[2]}: unknown category {cat!r} for {name}")
            e = entries.get(name)
            if e is None or e["outcome"] not in ("missed", "timeout"):
                print(f"not a miss in the ledger: {name}", file=sys.stderr)
                continue
            e["why"] = f"{cat}: {why}"
            done += 1
        write_ledger(path, entries)
        print(f"{done} reasons attached", file=sys.stderr)
        cmd = "status"
    if cmd == "status":
        counts = {o: 0 for o in OUTCOMES}
        for e in entries.values():
            counts[e["outcome"]] += 1
        total = len(now.mutants)
        tested = sum(counts.values())
        viable = counts["caught"] + counts["missed"] + counts["timeout"]
        print(f"{total} mutants; {tested} tested ({100 * tested / total:.1f} %): "
              + ", ".join(f"{counts[o]} {o}" for o in OUTCOMES)
              + f"; {total - tested} untested; caught {100 * counts['caught'] / max(viable, 1):.1f} % of viable"
              + (f"; {lost} ledger rows no longer match" if lost else ""))
        unexplained = sum(1 for e in entries.values()
                          if e["outcome"] in ("missed", "timeout") and not e.get("why"))
        print(f"misses and timeouts without a reason: {unexplained}")
    elif cmd == "seed":
        for n in sorted(entries):
            print(n)
    elif cmd == "list":
        want = set(argv[2:])
        for m in sorted(now.mutants, key=lambda m: m["name"]):
            e = entries.get(m["name"])
            o = e["outcome"] if e else "untested"
            if o in want or ("unexplained" in want and o in ("missed", "timeout")
                             and not e.get("why")):
                print(m["name"])
    elif cmd == "markdown":
        groups = {}
        for name, e in entries.items():
            if e["outcome"] in ("missed", "timeout"):
                cat, _, why = (e.get("why") or "unexplained: no reason yet").partition(": ")
                groups.setdefault(cat, []).append((name, why, e["commit"]))
        for cat in sorted(groups):
            rows = sorted(groups[cat])
            print(f"#### {cat} ({len(rows)})\n")
            for name, why, commit in rows:
                print(f"- `{name}` (at `{commit}`): {why}")
            print()
    elif cmd not in ("merge", "explain"):
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
