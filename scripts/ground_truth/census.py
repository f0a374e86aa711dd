#!/usr/bin/env python
"""The census of issue 12: every model type with a causal-LM class in transformers,
what kind of model it is, and what flopcast does with its default config.

For each type in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES:
- its kind, from model_types.py's rules: decoder-only text; composite (a multimodal
  model with a text decoder inside); encoder-only; encoder-decoder; other modality;
- PyTorch's parameter count of transformers' default config (family_checks.py's
  ground truth, with its DEFAULT_PATCH where transformers cannot build its own
  default), and flopcast's (`flopcast estimate --json` on the same config);
- a status:
  - `exact`: flopcast's total and active counts equal PyTorch's, and flopcast marks
    the count exact; the number of ground-truth cases is read from
    core/data/family_checks/ (every model type of the family);
  - `refused`: flopcast refuses the config (exit 2), with its reason;
  - `mismatch`: flopcast gives a number that is not PyTorch's, or marks it approximate;
  - `language model` (composites): flopcast counts the language model inside, exactly
    as its family's cases check, and says the vision or audio tower is not counted;
  - `no ground truth`: transformers cannot build its own default config.

Run from the worktree with the ground-truth venv and a built CLI:

    cargo build -p flopcast-cli
    .venv-gt/bin/python scripts/ground_truth/census.py

Prints the counts (families and cases) and writes docs/families.md.
"""
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import family_checks as fc  # noqa: E402  (sets up torch/transformers quietly)
import model_types  # noqa: E402
import transformers  # noqa: E402
from transformers import AutoConfig  # noqa: E402
from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES as CAUSAL  # noqa: E402

REPO = fc.REPO
FIXTURES = os.path.join(REPO, "core", "data", "family_checks")
OUT_MD = os.path.join(REPO, "docs", "families.md")
CFG_DIR = os.path.join(fc.GT, "census")
os.makedirs(CFG_DIR, exist_ok=True)

KIND_LABEL = {
    "decoder": "decoder-only text",
    "composite": "composite (text decoder inside)",
    "encoder": "encoder-only",
    "encoder_decoder": "encoder-decoder",
    "speech": "other modality (speech/audio)",
    "vision": "other modality (vision)",
    "part": "other (part of a model)",
    "other": "other",
}


def fixture_cases():
    """Ground-truth cases per family, keyed by every name the family goes by: the
    fixture file's model type, and the model type flopcast's spec gives its default
    case (`mllama_text_model`'s family writes `mllama`)."""
    out = defaultdict(int)
    for fn in sorted(os.listdir(FIXTURES)):
        if not fn.endswith(".json") or fn.startswith("_"):
            continue
        with open(os.path.join(FIXTURES, fn)) as f:
            d = json.load(f)
        n = len(d["cases"])
        names = {d["model_type"]}
        default = next((c for c in d["cases"] if c["file"].endswith("__default.json")), d["cases"][0])
        path = os.path.join(CFG_DIR, "_fixture_" + fn)
        with open(path, "w") as f:
            json.dump(default["config"], f)
        tool, _ = run_tool(path)
        if tool is not None:
            names.add(tool["model"]["model_type"])
        for name in names:
            out[name] += n
    return out


def run_tool(path):
    """flopcast's JSON report for a config, or None and its error."""
    r = subprocess.run([fc.TOOL, "estimate", path, "--json"], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return json.loads(r.stdout), None


def refusal_reason(err):
    m = re.search(r"does not count yet: (.*?)\. Paste the config", err, re.S)
    if m:
        return m.group(1).strip()
    return err.replace("flopcast: ", "").strip()


def main():
    kinds = model_types.classify()
    cases = fixture_cases()
    rows = []
    for mt in sorted(CAUSAL):
        kind = kinds.get(mt, "other")
        rec = dict(model_type=mt, kind=kind, status=None, detail="", cases=0)
        try:
            cfg = AutoConfig.for_model(mt, **fc.DEFAULT_PATCH.get(mt, {}))
            path = os.path.join(CFG_DIR, f"{mt}.json")
            with open(path, "w") as f:
                f.write(cfg.to_json_string(use_diff=False))
        except Exception as e:  # transformers cannot even make the config
            rec.update(status="no ground truth", detail=f"{type(e).__name__}: {str(e)[:120]}")
            rows.append(rec)
            continue
        tool, err = run_tool(path)
        try:
            gt = fc.ground_truth(cfg)
        except Exception as e:
            gt = None
            gt_err = f"{type(e).__name__}: {str(e)[:120]}"
        if tool is None:
            rec.update(status="refused", detail=refusal_reason(err))
        elif gt is None:
            rec.update(status="no ground truth", detail=gt_err)
        else:
            p = tool["params"]
            same = p["total"] == gt["total"] and (gt["active"] is None or p["active"] == gt["active"])
            spec_type = tool["model"]["model_type"]
            rec["family"] = spec_type
            rec["cases"] = cases.get(mt) or cases.get(spec_type) or 0
            lm_only = any("vision tower" in a for a in tool.get("approximations") or [])
            if same and p.get("exact", True):
                rec.update(status="exact", detail=f"{gt['total']:,} parameters")
            elif lm_only and p.get("exact", True):
                rec.update(status="language model",
                           detail=f"counts the `{spec_type}` language model, {p['total']:,} parameters, "
                                  f"and says the other towers are not counted (PyTorch's whole model: "
                                  f"{gt['total']:,})")
            elif same:
                rec.update(status="mismatch", detail="right total, but marked approximate")
            else:
                rec.update(status="mismatch",
                           detail=f"PyTorch {gt['total']:,}, flopcast {p['total']:,} "
                                  f"({(p['total'] - gt['total']) / gt['total']:+.2%})")
        rows.append(rec)
        print(f"{rec['status']:16s} {mt:28s} {KIND_LABEL[kind]:32s} {rec['cases']:3d}  {rec['detail'][:90]}",
              flush=True)

    dec = [r for r in rows if r["kind"] == "decoder"]
    by_status = Counter(r["status"] for r in dec)
    exact_cases = sum(r["cases"] for r in dec if r["status"] == "exact")
    all_cases = sum(cases.values())
    kinds_count = Counter(r["kind"] for r in rows)
    summary = [
        f"transformers {transformers.__version__}: {len(rows)} model types with a causal-LM class",
        "  by kind: " + ", ".join(f"{KIND_LABEL[k]} {n}" for k, n in sorted(kinds_count.items())),
        f"decoder-only text families: {len(dec)}",
        "  " + ", ".join(f"{s} {n}" for s, n in sorted(by_status.items())),
        f"  ground-truth cases of the exact ones: {exact_cases}",
        f"ground-truth cases in core/data/family_checks/: {all_cases} in {len(cases)} files",
    ]
    print("\n" + "\n".join(summary))
    write_markdown(rows, summary)


def write_markdown(rows, summary):
    lines = [
        "# Families: what flopcast does with each transformers model type",
        "",
        "Generated by `scripts/ground_truth/census.py` (do not edit by hand). For every model type",
        "with a causal-LM class in transformers, its kind and what flopcast does with transformers'",
        "default config for it, against the parameter count PyTorch reports for that config:",
        "`exact` (every ground-truth case in `core/data/family_checks/` matches; the number of cases",
        "is given), `refused` (by name, with the reason flopcast gives), `language model` (a",
        "composite whose language model flopcast counts, saying the other towers are not counted),",
        "`mismatch`, or `no ground truth` (transformers cannot build its own default).",
        "",
        "```",
        *summary,
        "```",
        "",
    ]
    for kind in ["decoder", "composite", "encoder", "encoder_decoder", "speech", "vision", "part", "other"]:
        sel = [r for r in rows if r["kind"] == kind]
        if not sel:
            continue
        lines += [f"## {KIND_LABEL[kind][0].upper() + KIND_LABEL[kind][1:]} ({len(sel)})", "",
                  "| model type | status | cases | detail |", "|---|---|---|---|"]
        for r in sel:
            detail = r["detail"].replace("|", "\\|").replace("\n", " ")
            cases = str(r["cases"]) if r["status"] in ("exact", "language model") else ""
            lines.append(f"| `{r['model_type']}` | {r['status']} | {cases} | {detail} |")
        lines.append("")
    os.makedirs(os.path.dirname(OUT_MD), exist_ok=True)
    with open(OUT_MD, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {OUT_MD}")


if __name__ == "__main__":
    main()
