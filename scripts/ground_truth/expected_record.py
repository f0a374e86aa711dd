#!/usr/bin/env python
"""Adds (or replaces) one real config's record in core/data/expected.json, the ground
truth of core/data/configs/, in that file's schema (core/data/FIXTURES.md): the model
transformers builds for the config on the meta device, its exact parameter count split
by kind, and the forward FLOPs torch.utils.flop_counter measures at S = 1, 512 and 2048
(fewer where the model has fewer positions), split by kind.

    .venv-gt/bin/python scripts/ground_truth/expected_record.py core/data/configs/<file>.json

Decoder-only causal LMs only (the schema's other cases, T5 and BERT, were made by the
original oracle). Method and settings as expected.json's "settings".

Token mixers that are not softmax attention (modules named `linear_attn`, `mixer`,
`temporal_block`, `conv`, `mlstm_layer`) get their own kinds: parameters `mixer`, FLOPs
`mixer_proj` (their linear layers), `mixer_conv` (their convolutions) and `mixer_scan`
(the matrix products of their scan or chunked kernel, as transformers' PyTorch path
runs it). A mixture of experts' active parameters count the top-k routed experts.
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
MIXERS = ("linear_attn", "mixer", "temporal_block", "conv", "mlstm_layer")


def is_mixer(path):
    return any(p in MIXERS for p in path.split("."))


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
            elif is_mixer(full):
                k = "mixer"
            elif re.search(r"attn|attention", low):
                k = "attention"
            elif re.search(r"mlp|ffn|feed_forward", low):
                k = "mlp"
            else:
                k = "other"
            kinds[k] += p.numel()
    return dict(kinds), tied


def flop_kinds(per_mod):
    """FLOPs by kind: ff.by_kind's module kinds, and the token mixers' own kinds
    (each mixer module's own ops: convolutions, its linear layers, and the products
    it computes itself, which are its scan)."""
    mixer_mods = {m: d for m, d in per_mod.items() if m != "Global" and is_mixer(m.split(".", 1)[-1])}
    if not mixer_mods:
        return ff.by_kind(ff.module_breakdown(per_mod))
    names = [m for m in per_mod if m != "Global"]
    nameset = set(names)

    def parent(m):
        parts = m.split(".")
        for i in range(len(parts) - 1, 0, -1):
            q = ".".join(parts[:i])
            if q in nameset:
                return q
        return "Global"

    own = {m: dict(d) for m, d in per_mod.items()}
    for m in names:
        p = parent(m)
        for op, n in per_mod[m].items():
            own[p][op] = own[p].get(op, 0) - n
    kinds = defaultdict(int)
    for m, d in own.items():
        v = sum(d.values())
        if m in mixer_mods or not v:
            continue
        # the module's path as ff.module_breakdown names it
        key = "<outside modules>" if m == "Global" else (m.split(".", 1)[1] if "." in m else "<top module>")
        kinds[ff.kind_of(re.sub(r"\.\d+(?=\.|$)", ".*", key))] += v
    for m in mixer_mods:
        leaf = m.split(".")[-1]
        for op, n in own[m].items():
            if not n:
                continue
            if "convolution" in op:
                kinds["mixer_conv"] += n
            elif leaf in MIXERS:
                kinds["mixer_scan"] += n
            else:
                kinds["mixer_proj"] += n
    return dict(kinds)


def inactive_experts(model, cfg):
    """Parameters of the routed experts a token does not use."""
    top_k = getattr(cfg, "num_experts_per_tok", None)
    if not top_k:
        return 0
    out = 0
    for mname, mod in model.named_modules():
        if mname.split(".")[-1] == "experts":
            n = getattr(mod, "num_experts", None) or len(mod)
            out += (n - top_k) * (sum(p.numel() for p in mod.parameters()) // n)
    return out


def record(path):
    T = ff._imports()
    torch = T["torch"]
    text = open(path, "rb").read()
    cfg = T["AutoConfig"].from_pretrained(path)
    model = ff.build(cfg)
    total = sum(p.numel() for p in model.parameters())
    inactive = inactive_experts(model, cfg)
    kinds, tied = param_kinds(model)
    assert sum(kinds.values()) == total, (kinds, total)
    mp = ff.max_positions(cfg)
    flops = {}
    for s in SEQ_LENS:
        if mp and s > mp[1]:
            continue
        n, per_mod = ff.measure(model, cfg, s)
        flops[str(s)] = dict(total=n, by_kind=flop_kinds(per_mod),
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
            active_per_token=total - inactive,
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
