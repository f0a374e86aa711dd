#!/usr/bin/env python
"""Adds (or replaces) one real config's record in core/data/expected.json, the ground
truth of core/data/configs/, in that file's schema (core/data/FIXTURES.md): the model
transformers builds for the config on the meta device, its exact parameter count split
by kind, and the forward FLOPs torch.utils.flop_counter measures at S = 1, 512 and 2048
(fewer where the model has fewer positions), split by kind.

    .venv-gt/bin/python scripts/ground_truth/expected_record.py core/data/configs/<file>.json

Decoder-only causal LMs only (the schema's other cases, T5 and BERT, were made by the
original oracle). Method and settings as expected.json's "settings". For a mixture of
experts, `active_per_token` is the total minus the routed experts a token does not use
(`n − k` per MoE layer, k the router's own `top_k` where it has one). Where the forward
cannot run on fake tensors (an expert dispatch that depends on the data, as DBRX's), the
S entry holds the error and the status says so (`partial_flops`, `no_flops`).

Token mixers that are not softmax attention (modules named `linear_attn`, `mixer`,
`temporal_block`, `conv`, `mlstm_layer`) get their own kinds: parameters `mixer`, FLOPs
`mixer_proj` (their linear layers), `mixer_conv` (their convolutions) and `mixer_scan`
(the matrix products of their scan or chunked kernel, as transformers' PyTorch path
runs it).
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
            elif "norm" in type(mod).__name__.lower() or re.search(r"norm|^ln_", mname.split(".")[-1].lower()):
                # The module's own name: DBRX's `norm_attn_norm.attn` is attention.
                k = "layer_norms" if in_layers else "other_norms"
            elif re.search(r"(^|\.)experts(\.|$)", full):
                k = "experts"
            elif "shared_expert" in low:
                k = "shared_experts"
            elif (mname.split(".")[-1] in ("gate", "router") or re.search(r"(^|\.)router(\.|$)", mname)) \
                    and not re.search(r"attn|attention", low):
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


def moe_record(model, cfg, total):
    """The routed experts of each MoE layer (modules named `experts`), and what a
    token leaves unused: `(active, moe)`, `moe` None for a dense model."""
    layers = []
    for mname, mod in model.named_modules():
        if mname.split(".")[-1] != "experts":
            continue
        n = getattr(mod, "num_experts", None) or len(mod)
        owner = model.get_submodule(mname.rsplit(".", 1)[0])
        k, source = getattr(owner, "top_k", None), mname.rsplit(".", 1)[0] + ".top_k"
        if not isinstance(k, int):
            ffn = getattr(cfg, "ffn_config", None)  # DBRX
            k, source = getattr(ffn, "moe_top_k", None) or getattr(cfg, "num_experts_per_tok"), "config"
        layers.append(dict(path=mname, n=n, k=k, source=source, params=sum(p.numel() for p in mod.parameters())))
    if not layers:
        return total, None
    inactive = sum((m["n"] - m["k"]) * (m["params"] // m["n"]) for m in layers)
    first, last = layers[0], layers[-1]
    style = "stacked" if not isinstance(model.get_submodule(first["path"]), ff._imports()["torch"].nn.ModuleList) \
        else "module_list"
    return total - inactive, dict(
        num_moe_layers=len(layers), num_experts=sorted({m["n"] for m in layers}),
        top_k=sorted({m["k"] for m in layers}),
        top_k_source=sorted({re.sub(r"\.\d+\.", ".*.", m["source"]) for m in layers}),
        routed_expert_params=sum(m["params"] for m in layers),
        inactive_params_per_token=inactive, active_params_per_token=total - inactive,
        layers=[dict(style=style, num_experts=first["n"], top_k=first["k"], params=first["params"],
                     params_per_expert=first["params"] // first["n"], count=len(layers),
                     first_path=first["path"], last_path=last["path"])])


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
    active, moe = moe_record(model, cfg, total)
    flops = {}
    for s in SEQ_LENS:
        if mp and s > mp[1]:
            continue
        try:
            n, per_mod = ff.measure(model, cfg, s)
        except Exception as e:  # the forward cannot run on fake tensors
            flops[str(s)] = dict(error=f"{type(e).__name__}: {str(e)[:300]}")
            continue
        flops[str(s)] = dict(total=n, by_kind=flop_kinds(per_mod),
                             output_shape=[1, s])
    failed = [s for s, f in flops.items() if "error" in f]
    warnings = [f"made by scripts/ground_truth/expected_record.py (torch {torch.__version__}, "
                f"transformers {T['transformers'].__version__}), not by the original oracle"]
    if "auto_map" in json.loads(text):
        warnings.append("config.json has auto_map (remote code); the oracle uses trust_remote_code=False, "
                        "i.e. the in-library implementation of model_type")
    if failed:
        warnings.append("the forward could not run on fake tensors at S = " + ", ".join(failed) +
                        ": the FLOP entries hold the error (no measured figure)")
    status = "ok" if not failed else ("no_flops" if len(failed) == len(flops) else "partial_flops")
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
            active_per_token=active,
            moe=moe,
        ),
        flops=flops,
        warnings=warnings,
        status=status,
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
    print({s: v.get("total", v.get("error")) for s, v in rec["flops"].items()})


if __name__ == "__main__":
    main()
