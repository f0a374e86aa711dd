#!/usr/bin/env python
"""Adds (or replaces) records of `core/data/expected.json` for real configs in
`core/data/configs/`, with the fields and method `core/data/FIXTURES.md` describes.

The generator that made the original 36 records is not in the repository; this one
reproduces its fields for the configs a test reads: `params.total`,
`active_per_token`, `non_embedding`, `embed_tokens`, `lm_head`, `lm_head_tied`,
`by_kind`, and for S in `settings.seq_lens` the FLOPs `total`, `by_op`, `by_kind`,
`by_stack` and `output_shape`. Parameter kinds are labelled from module names as
before, with one more kind, `mixer`, for state-space and linear-attention mixers (their
own norms stay `layer_norms`); FLOP kinds inside such a mixer are split by operator:
`mixer_conv` (aten.convolution), `mixer_scan` (aten.bmm: the scan's matrix products),
`mixer_proj` (aten.mm / addmm).

    .venv-gt/bin/python scripts/ground_truth/expected_entry.py state-spaces__mamba-2.8b-hf.json

Model building and measuring are those of family_flops.py (meta device, sdpa,
batched_mm experts, FakeTensorMode, FlopCounterMode, input_ids of shape (1, S), no
mask, use_cache=False).
"""
import hashlib, json, os, re, sys, warnings
from collections import defaultdict

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import family_flops as ff  # noqa: E402

REPO = ff.REPO
CONFIGS = os.path.join(REPO, "core", "data", "configs")
EXPECTED = os.path.join(REPO, "core", "data", "expected.json")

# Token mixers that are not softmax attention, by class-name ending.
MIXER_CLASSES = re.compile(r"(Mamba\d?Mixer|MambaLayer|Mamba2Mixer|H1Mixer|BambaMixer)$")


def is_mixer_module(mod):
    return bool(MIXER_CLASSES.search(type(mod).__name__))


def param_kind(path, mod, mixer_paths, head_name):
    leaf = path.split(".")[-1]
    cls = type(mod).__name__
    in_mixer = any(path == m or path.startswith(m + ".") for m in mixer_paths)
    if path == head_name:
        return "lm_head"
    if ff._imports()["torch"].nn.Embedding is type(mod) or isinstance(mod, ff._imports()["torch"].nn.Embedding):
        return "embed_tokens"
    normish = "norm" in cls.lower() or "norm" in leaf.lower()
    if normish:
        return "layer_norms" if ".layers." in path or in_mixer else "other_norms"
    if in_mixer:
        return "mixer"
    low = path.lower()
    if re.search(r"(^|\.)experts(\.|$)", path):
        return "experts"
    if "shared_expert" in low:
        return "shared_experts"
    if leaf in ("gate", "router"):
        return "router"
    if re.search(r"attn|attention", low):
        return "attention"
    if re.search(r"mlp|ffn|feed_forward", low):
        return "mlp"
    return "other"


def params_record(model):
    T = ff._imports()
    torch = T["torch"]
    head = getattr(model, "lm_head", None)
    head_name = "lm_head" if head is not None else None
    mixer_paths = [n for n, m in model.named_modules() if is_mixer_module(m)]
    seen = {}
    by_kind = defaultdict(int)
    by_top = defaultdict(int)
    total_twice = 0
    for mname, mod in model.named_modules():
        for pname, p in mod.named_parameters(recurse=False):
            total_twice += p.numel()
            full = f"{mname}.{pname}" if mname else pname
            if id(p) in seen:
                continue
            seen[id(p)] = full
            by_kind[param_kind(mname, mod, mixer_paths, head_name)] += p.numel()
            by_top[full.split(".")[0]] += p.numel()
    total = sum(p.numel() for p in model.parameters())
    assert total == sum(by_kind.values())
    embed = model.get_input_embeddings().weight
    tied = head is not None and head.weight is embed
    tied_aliases = ["lm_head.weight"] if tied else []
    # The tied head keeps its size in `lm_head` (as the original records do) but
    # holds no parameters of its own in `by_kind`.
    lm_head = head.weight.numel() if head is not None else 0
    return dict(
        total=total,
        total_counting_tied_twice=total_twice if not tied else total + embed.numel(),
        tied_aliases=tied_aliases,
        embed_tokens=embed.numel(),
        lm_head=lm_head,
        lm_head_tied=tied,
        lm_head_module=head_name,
        by_kind=dict(sorted(by_kind.items())),
        by_top_module=dict(sorted(by_top.items())),
        non_embedding=total - by_kind.get("embed_tokens", 0) - by_kind.get("embed_positions", 0),
        active_per_token=total,  # no routed experts in the configs this script was used for
        moe=None,
    )


def flop_kinds(per_mod, mixer_paths):
    """Exclusive FLOPs per module and operator, labelled."""
    ops = {m: dict(d) for m, d in per_mod.items()}
    names = [m for m in ops if m != "Global"]
    nameset = set(names)

    def parent(m):
        parts = m.split(".")
        for i in range(len(parts) - 1, 0, -1):
            q = ".".join(parts[:i])
            if q in nameset:
                return q
        return "Global"

    excl = {m: dict(d) for m, d in ops.items()}
    for m in names:
        p = parent(m)
        for op, n in ops[m].items():
            excl[p][op] = excl[p].get(op, 0) - n
    kinds = defaultdict(int)
    stacks = defaultdict(int)
    for m, d in excl.items():
        path = m.split(".", 1)[1] if "." in m else ""
        in_mixer = any(path == x or path.startswith(x + ".") for x in mixer_paths)
        for op, n in d.items():
            if not n:
                continue
            if in_mixer:
                if "convolution" in op:
                    kind = "mixer_conv"
                elif "bmm" in op:
                    kind = "mixer_scan"
                else:
                    kind = "mixer_proj"
            else:
                kind = ff.kind_of(re.sub(r"\.\d+(?=\.|$)", ".*", path or "<top module>"))
            kinds[kind] += n
            layers = re.match(r"(.*\.layers)\.\d+", path)
            if layers:
                stacks[layers.group(1)] += n
    return dict(sorted(kinds.items())), dict(sorted(stacks.items()))


def record(file, seq_lens):
    T = ff._imports()
    torch = T["torch"]
    path = os.path.join(CONFIGS, file)
    raw = open(path, "rb").read()
    cfg = T["AutoConfig"].from_pretrained(path)
    model = ff.build(cfg)
    mixer_paths = [n for n, m in model.named_modules() if is_mixer_module(m)]
    rec = dict(
        file=file,
        sha256=hashlib.sha256(raw).hexdigest(),
        model_type=cfg.model_type,
        config_class=type(cfg).__name__,
        auto_class="AutoModelForCausalLM",
        used_text_sub_config=False,
        model_class=type(model).__name__,
        attn_implementation=getattr(model.config, "_attn_implementation", None),
        experts_implementation=getattr(model.config, "_experts_implementation", None),
        dtype_in_config=json.loads(raw).get("torch_dtype"),
        max_positions=(lambda mp: dict(key=mp[0], value=mp[1]) if mp else None)(ff.max_positions(cfg)),
        params=params_record(model),
        flops={},
        warnings=[],
        status="ok",
    )
    for S in seq_lens:
        total, per_mod = ff.measure(model, cfg, S)
        by_op = defaultdict(int)
        for op, n in per_mod.get("Global", {}).items():
            by_op[op] += n
        kinds, stacks = flop_kinds(per_mod, mixer_paths)
        rec["flops"][str(S)] = dict(total=total, by_op=dict(sorted(by_op.items())), by_kind=kinds,
                                    by_stack=stacks, output_shape=[1, S, cfg.vocab_size])
        print(f"{file} S={S}: {total}", flush=True)
    return rec


def main():
    files = sys.argv[1:]
    if not files:
        sys.exit("give config file names from core/data/configs/")
    exp = json.load(open(EXPECTED))
    seq_lens = exp["settings"]["seq_lens"]
    for file in files:
        rec = record(file, seq_lens)
        exp["records"] = [r for r in exp["records"] if r["file"] != file] + [rec]
        print(json.dumps(rec["params"]["by_kind"]), rec["params"]["total"])
    # The file's own layout: records sorted by file name, one-space indent, no
    # trailing newline.
    exp["records"].sort(key=lambda r: r["file"])
    with open(EXPECTED, "w") as f:
        json.dump(exp, f, indent=1)


if __name__ == "__main__":
    main()
