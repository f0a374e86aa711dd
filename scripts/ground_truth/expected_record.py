#!/usr/bin/env python
"""Adds (or replaces) one real config's record in core/data/expected.json, the ground
truth of core/data/configs/, in that file's schema (core/data/FIXTURES.md): the model
transformers builds for the config on the meta device, its exact parameter count split
by kind, and the forward FLOPs torch.utils.flop_counter measures at S = 1, 512 and 2048
(fewer where the model has fewer positions), split by kind.

    .venv-gt/bin/python scripts/ground_truth/expected_record.py core/data/configs/<file>.json

Decoder-only causal LMs only (the schema's other cases, T5 and BERT, were made by the
original oracle). Method and settings as expected.json's "settings".
"""
import hashlib
import json
import os
import re
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import family_flops as ff  # noqa: E402

REPO = ff.REPO
EXPECTED = ff.EXPECTED
SEQ_LENS = (1, 512, 2048)


def param_kinds(model):
    """Parameters (tied ones once) by kind, with expected.json's names."""
    import torch
    emb_in = model.get_input_embeddings()
    emb_out = model.get_output_embeddings()
    tied = emb_out is not None and emb_out.weight is emb_in.weight
    seen = set()
    kinds = defaultdict(int)
    for mname, mod in model.named_modules():
        for pname, p in mod.named_parameters(recurse=False):
            if id(p) in seen:
                continue
            seen.add(id(p))
            full = f"{mname}.{pname}" if mname else pname
            low = full.lower()
            in_layers = re.search(r"\.layers?\.\d+\.|\.h\.\d+\.|\.blocks?\.\d+\.", "." + full) is not None
            if mod is emb_in:
                k = "embed_tokens"
            elif emb_out is not None and mod is emb_out:
                k = "lm_head"
            elif isinstance(mod, torch.nn.Embedding):
                k = "embed_positions" if re.search(r"pos|wpe", low) else "embed_other"
            elif "norm" in type(mod).__name__.lower() or re.search(r"norm|(^|\.)ln_", low):
                k = "layer_norms" if in_layers else "other_norms"
            elif re.search(r"(^|\.)experts(\.|$)", full):
                k = "experts"
            elif "shared_expert" in low:
                k = "shared_experts"
            elif mname.split(".")[-1] in ("gate", "router") and not re.search(r"attn|attention", low):
                k = "router"
            elif re.search(r"attn|attention", low):
                k = "attention"
            elif re.search(r"mlp|ffn|feed_forward", low):
                k = "mlp"
            else:
                k = "other"
            kinds[k] += p.numel()
    return dict(kinds), tied


def record(path):
    T = ff._imports()
    torch = T["torch"]
    text = open(path, "rb").read()
    cfg = T["AutoConfig"].from_pretrained(path)
    model = ff.build(cfg)
    total = sum(p.numel() for p in model.parameters())
    kinds, tied = param_kinds(model)
    assert sum(kinds.values()) == total, (kinds, total)
    mp = ff.max_positions(cfg)
    flops = {}
    for s in SEQ_LENS:
        if mp and s > mp[1]:
            continue
        n, per_mod = ff.measure(model, cfg, s)
        flops[str(s)] = dict(total=n, by_kind=ff.by_kind(ff.module_breakdown(per_mod)),
                             output_shape=[1, s])
    return dict(
        file=os.path.basename(path),
        sha256=hashlib.sha256(text).hexdigest(),
        model_type=cfg.model_type,
        config_class=type(cfg).__name__,
        auto_class="AutoModelForCausalLM",
        used_text_sub_config=False,
        model_class=type(model).__name__,
        attn_implementation=getattr(model.config, "_attn_implementation", None),
        experts_implementation="batched_mm",
        dtype_in_config=str(getattr(cfg, "dtype", None) or getattr(cfg, "torch_dtype", None)).replace("torch.", ""),
        max_positions=dict(key=mp[0], value=mp[1]) if mp else None,
        params=dict(
            total=total,
            embed_tokens=kinds.get("embed_tokens", 0),
            lm_head=kinds.get("lm_head", 0) if not tied else kinds.get("embed_tokens", 0),
            lm_head_tied=tied,
            by_kind=kinds,
            non_embedding=total - kinds.get("embed_tokens", 0) - kinds.get("embed_positions", 0),
            active_per_token=total,
            moe=None,
        ),
        flops=flops,
        warnings=[f"made by scripts/ground_truth/expected_record.py (torch {torch.__version__}, "
                  f"transformers {T['transformers'].__version__}), not by the original oracle"],
        status="ok",
    )


def main():
    path = sys.argv[1]
    rec = record(path)
    with open(EXPECTED) as f:
        exp = json.load(f)
    exp["records"] = [r for r in exp["records"] if r["file"] != rec["file"]] + [rec]
    exp["records"].sort(key=lambda r: r["file"])
    with open(EXPECTED, "w") as f:
        json.dump(exp, f, indent=1)  # as the file is written: indent 1, no final newline
    print(json.dumps({k: rec[k] for k in ("file", "model_class", "params")}, indent=1))
    print({s: v["total"] for s, v in rec["flops"].items()})


if __name__ == "__main__":
    main()
