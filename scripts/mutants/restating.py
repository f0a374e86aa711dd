"""The family table's fields that restate their base's value
(core/mutants.md, "Equivalent by construction").

A `Family { …, ..BASE }` literal in core/src/config/families.rs that writes a
field with the same text its base (or the base's base) has: deleting it, as
cargo-mutants' "delete field" mutants do, leaves the table as it was, so no
test can catch it. They are kept on purpose: each row transcribes its own
config class's defaults, and the model_type-only test compares every row
with transformers, so a base changed later cannot drag a family along.

usage: python3 scripts/mutants/restating.py [families.rs] > restating.tsv
(line, field, family, base, value; tab-separated)
"""
import re, sys


def literal_end(src, start):
    """Index just past the `}` closing the literal whose body starts at `start`."""
    depth, j = 1, start
    while depth:
        c = src[j]
        if src.startswith("//", j):
            j = src.index("\n", j)
            continue
        if c == '"':
            j += 1
            while src[j] != '"':
                j += 2 if src[j] == "\\" else 1
        elif c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        j += 1
    return j


def top_level_fields(src, start, end):
    """(text, offset) of each comma-separated part of a literal's body."""
    parts, cur, depth, seg, k = [], [], 0, start, start
    while k < end:
        if src.startswith("//", k):
            e = src.find("\n", k, end)
            e = end if e < 0 else e
            cur.append(" " * (e - k))  # keep offsets: lines are counted from them
            k = e
            continue
        c = src[k]
        if c == '"':
            e = k + 1
            while src[e] != '"':
                e += 2 if src[e] == "\\" else 1
            cur.append(src[k : e + 1])
            k = e + 1
            continue
        depth += c in "{(["
        depth -= c in "})]"
        if c == "," and depth == 0:
            parts.append(("".join(cur), seg))
            cur, seg = [], k + 1
        else:
            cur.append(c)
        k += 1
    if "".join(cur).strip():
        parts.append(("".join(cur), seg))
    return parts


def literals(src):
    """(const name or None, fields {name: (value, line)}, base) per literal."""
    out = []
    for m in re.finditer(r"(?:const ([A-Z0-9_]+): Family = )?Family \{", src):
        end = literal_end(src, m.end())
        fields, base = {}, None
        for text, off in top_level_fields(src, m.end(), end - 1):
            t = text.strip()
            if t.startswith(".."):
                base = t[2:].strip()
            elif ":" in t:
                name, value = t.split(":", 1)
                lead = len(text) - len(text.lstrip())
                line = src.count("\n", 0, off + lead) + 1
                fields[name.strip()] = (re.sub(r"\s+", " ", value.strip()), line)
        out.append((m.group(1), fields, base))
    return out


def restating(src):
    lits = literals(src)
    consts = {name: (fields, base) for name, fields, base in lits if name}

    def inherited(base, field):
        while base:
            fields, base_of = consts[base]
            if field in fields:
                return fields[field][0]
            base = base_of
        return None

    rows = []
    for _, fields, base in lits:
        for field, (value, line) in fields.items() if base else ():
            if inherited(base, field) == value:
                family = fields.get("id", ("?",))[0]
                rows.append((line, field, family, base, value))
    return sorted(rows)


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "core/src/config/families.rs"
    rows = restating(open(path).read())
    for row in rows:
        print(*row, sep="\t")
    print(f"{len(rows)} fields restate their base", file=sys.stderr)
