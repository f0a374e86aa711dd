#!/usr/bin/env python
"""One `core/data/expected.json` record for a real config, made the way
`core/data/FIXTURES.md` describes: the model built by transformers on the meta
device, parameters counted once per tensor, forward FLOPs measured by
torch.utils.flop_counter.FlopCounterMode inside FakeTensorMode on input_ids of
shape (1, S) for S = 1, 512 and 2048 (no cache, no attention mask, eval,
no_grad, sdpa attention, batched_mm experts).

    .venv-gt/bin/python scripts/ground_truth/expected_record.py core/data/configs/X.json [--write]

Prints the record; with --write, adds it to core/data/expected.json (replacing
a record of the same file). Kinds are labelled from module names, as in the
existing records, with the token mixers that are not softmax attention
(`linear_attn`, `mixer`, ...) under their own kind: parameters `mixer`, FLOPs
`mixer_proj` (their linear layers), `mixer_conv` (their convolutions) and
`mixer_scan` (the matrix products of their scan or chunked kernel).
"""
import hashlib, json, os, re, sys, warnings
from collections import defaultdict

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM
from torch.utils.flop_counter import FlopCounterMode
from torch._subclasses.fake_tensor import FakeTensorMode

transformers.logging.set_verbosity_error()
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPECTED = os.path.join(REPO, "core", "data", "expected.json")
SEQ_LENS = [1, 512, 2048]
MIXERS = ("linear_attn", "mixer", "temporal_block", "conv", "mlstm_layer")


def is_mixer(path):
    return any(p in MIXERS for p in path.split("."))


def param_kind(path, module):
    leaf = path.split(".")[-2] if "." in path else ""
    low = path.lower()
    if isinstance(module, torch.nn.Embedding):
        return "embed_tokens"
    if path.startswith("lm_head"):
        return "lm_head"
    if "norm" in type(module).__name__.lower() or "norm" in leaf.lower():
        return "layer_norms" if ".layers." in path else "other_norms"
    if re.search(r"(^|\.)experts(\.|$)", path):
        return "experts"
    if "shared_expert" in low:
        return "shared_experts"
    if leaf == "gate":
        return "router"
    if is_mixer(path):
        return "mixer"
    if re.search(r"attn|attention", low):
        return "attention"
    if re.search(r"mlp|ffn|feed_forward", low):
        return "mlp"
    return "other"


def flop_kind(module_path, op):
    path = module_path.split(".", 1)[1] if "." in module_path else module_path
    leaf = path.split(".")[-1]
    if leaf == "lm_head":
        return "lm_head"
    if re.search(r"(^|\.)experts(\.|$)", path):
        return "experts"
    if "shared_expert" in path:
        return "shared_experts"
    if leaf == "gate":
        return "router"
    if is_mixer(path):
        if "convolution" in op:
            return "mixer_conv"
        if leaf in MIXERS:
            return "mixer_scan"
        return "mixer_proj"
    if re.search(r"attn|attention", path):
        return "attention_core" if leaf in ("self_attn", "attention", "attn") else "attention_proj"
    if re.search(r"mlp|ffn|feed_forward", path):
        return "mlp"
    return "other"


def exclusive(per_mod):
    """Each module's own FLOPs per op (minus those of its called descendants)."""
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
    return own


def record(path):
    text = open(path, "rb").read()
    cfg = AutoConfig.from_pretrained(path)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(cfg, attn_implementation="sdpa",
                                                 experts_implementation="batched_mm")
    model.eval()
    seen, by_kind, total = set(), defaultdict(int), 0
    for mname, mod in model.named_modules():
        for pname, p in mod.named_parameters(recurse=False):
            if id(p) in seen:
                continue
            seen.add(id(p))
            total += p.numel()
            by_kind[param_kind(mname + "." + pname, mod)] += p.numel()
    head = model.get_output_embeddings()
    embed = model.get_input_embeddings()
    tied = head is not None and head.weight is embed.weight
    top_k = getattr(cfg, "num_experts_per_tok", None)
    inactive = 0
    for mname, mod in model.named_modules():
        if mname.split(".")[-1] == "experts":
            n = getattr(mod, "num_experts", None) or len(mod)
            numel = sum(p.numel() for p in mod.parameters())
            inactive += (n - top_k) * (numel // n)
    flops = {}
    for s in SEQ_LENS:
        with torch.no_grad(), FakeTensorMode(allow_non_fake_inputs=True):
            ids = torch.zeros((1, s), dtype=torch.long, device="meta")
            fc = FlopCounterMode(display=False)
            with fc:
                out = model(input_ids=ids, use_cache=False)
        counts = {m: {str(op): int(n) for op, n in d.items()} for m, d in fc.get_flop_counts().items()}
        kinds, ops = defaultdict(int), defaultdict(int)
        for m, d in exclusive(counts).items():
            for op, n in d.items():
                if n and m != "Global":
                    kinds[flop_kind(m, op)] += n
        for op, n in counts.get("Global", {}).items():
            ops[op.split(".")[-1] and op] += n
        flops[str(s)] = dict(total=int(fc.get_total_flops()), by_op=dict(sorted(ops.items())),
                             by_kind=dict(sorted(kinds.items())), output_shape=list(out.logits.shape))
    embed_n = by_kind.get("embed_tokens", 0)
    return dict(
        file=os.path.basename(path),
        sha256=hashlib.sha256(text).hexdigest(),
        model_type=cfg.model_type,
        config_class=type(cfg).__name__,
        auto_class="AutoModelForCausalLM",
        used_text_sub_config=False,
        model_class=type(model).__name__,
        attn_implementation=model.config._attn_implementation,
        experts_implementation=getattr(model.config, "_experts_implementation", None),
        dtype_in_config=str(getattr(cfg, "dtype", None) or getattr(cfg, "torch_dtype", None)).replace("torch.", ""),
        max_positions=dict(key="max_position_embeddings", value=cfg.max_position_embeddings),
        params=dict(total=total, embed_tokens=embed_n, lm_head=by_kind.get("lm_head", 0), lm_head_tied=tied,
                    lm_head_module="lm_head", by_kind=dict(sorted(by_kind.items())),
                    non_embedding=total - embed_n, active_per_token=total - inactive),
        flops=flops,
        warnings=["token mixers that are not softmax attention are labelled `mixer` (parameters) and "
                  "`mixer_proj`/`mixer_conv`/`mixer_scan` (FLOPs); their chunked kernels run as "
                  "transformers' PyTorch fallback (no fla or causal-conv1d kernels)"],
        status="ok",
    )


def main():
    path = sys.argv[1]
    rec = record(path)
    print(json.dumps(rec, indent=1))
    if "--write" in sys.argv:
        data = json.load(open(EXPECTED))
        data["records"] = [r for r in data["records"] if r["file"] != rec["file"]] + [rec]
        with open(EXPECTED, "w") as f:
            json.dump(data, f, indent=1)


if __name__ == "__main__":
    main()
