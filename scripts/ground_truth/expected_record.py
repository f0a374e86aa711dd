#!/usr/bin/env python
"""The records of core/data/expected.json, the ground truth of core/data/configs/, in that
file's schema (core/data/FIXTURES.md): for each real config, the model transformers
builds on the meta device, its exact parameter count (by kind, by top module, by layer
stack with every shape), the routed experts a token leaves unused, and the forward FLOPs
torch.utils.flop_counter measures at every S of `settings.seq_lens`, by operator, by kind
and by stack.

    .venv-gt/bin/python scripts/ground_truth/expected_record.py FILE...   # add or replace
    .venv-gt/bin/python scripts/ground_truth/expected_record.py --check [FILE...]

FILE is a name in core/data/configs/. `--check` regenerates the records (all of them
without FILE) and prints every field that differs from expected.json, writing nothing:
it is how the file's records are shown to be this script's output.

Method and settings as expected.json's "settings" (the builder is family_flops.py's;
the measurement is its method, with hooks that also find the modules the forward does
not run): `AutoModelForCausalLM` (T5: `AutoModelForSeq2SeqLM`, BERT:
`AutoModel`), sdpa attention (eager where the class refuses it), batched_mm experts,
`input_ids` of shape (1, S), no mask, use_cache=False, fake tensors.

Labels. A parameter's kind comes from its module's name (norms first, then experts,
shared experts, routers, token mixers, attention, MLP); a FLOP's kind from the name of
the module that runs it (family_flops.kind_of), except inside a token mixer that is not
softmax attention (a module named `linear_attn`, `mixer`, `mamba` (the hybrids'),
`temporal_block`, `mlstm_layer`, or a `conv` block), where it comes from the operator: `mixer_conv`
(aten.convolution), `mixer_scan` (aten.bmm, the scan's or chunked kernel's matrix
products) and `mixer_proj` (aten.mm / addmm, its linear layers wherever they are
called, Mamba's dt_proj among them). Only the totals and the shapes are exact; the
labels are a reading of names and operators.
"""
import argparse
import hashlib
import json
import os
import re
import sys
import traceback
import warnings
from collections import defaultdict

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import family_flops as ff  # noqa: E402

CONFIGS = os.path.join(ff.REPO, "core", "data", "configs")
EXPECTED = ff.EXPECTED
MIXERS = ("linear_attn", "mixer", "mamba", "temporal_block", "conv", "mlstm_layer")
STACK_NAMES = ("layers", "layer", "h", "block", "blocks")
MADE_BY = "made by scripts/ground_truth/expected_record.py"


def collapse(path):
    return re.sub(r"\.\d+(?=\.|$)", ".*", path)


def in_mixer(path):
    return any(p in MIXERS for p in path.split("."))


# ---------------------------------------------------------------- building
def auto_class(cfg):
    return {"t5": "AutoModelForSeq2SeqLM", "bert": "AutoModel"}.get(cfg.model_type, "AutoModelForCausalLM")


def build(cfg):
    """The model, and whether it had to be built from the text sub-config."""
    try:
        return ff.build(cfg), False
    except ValueError:
        text = cfg.get_text_config()
        if text is cfg:
            raise
        return ff.build(text), True


def max_positions(cfg):
    text = cfg.get_text_config()
    for k in ff.POS_KEYS:
        v = getattr(text, k, None)
        if isinstance(v, int) and v > 0:
            return k, v
    return None


def learned_positions(model, mp):
    """An absolute position table (GPT-2's wpe, OPT's offset one, BERT's): an embedding
    named after positions."""
    torch = ff._imports()["torch"]
    return mp is not None and any(
        isinstance(m, torch.nn.Embedding) and re.search(r"pos|wpe", n.split(".")[-1])
        for n, m in model.named_modules())


# ---------------------------------------------------------------- parameters
def param_kind(path, mod, emb_in, emb_out):
    """A parameter's kind from the module that holds it."""
    torch = ff._imports()["torch"]
    leaf = path.split(".")[-1]
    low = path.lower()
    if mod is emb_in:
        return "embed_tokens"
    if emb_out is not None and mod is emb_out:
        return "lm_head"
    if isinstance(mod, torch.nn.Embedding) and not re.search(r"attn|attention", low):
        return "embed_positions" if re.search(r"pos|wpe", leaf.lower()) else "embed_other"
    if "norm" in type(mod).__name__.lower() or re.search(r"norm|^ln_", leaf.lower()):
        layers = re.search(r"\.(layers?|h|blocks?)\.\d+(\.|$)", "." + path) is not None
        return "layer_norms" if layers else "other_norms"
    if re.search(r"(^|\.)experts(\.|$)", path):
        return "experts"
    if "shared_expert" in low:
        return "shared_experts"
    if (leaf in ("gate", "router") or re.search(r"(^|\.)router(\.|$)", path)) \
            and not re.search(r"attn|attention", low):
        return "router"
    if in_mixer(path):
        return "mixer"
    if re.search(r"attn|attention", low):
        return "attention"
    if re.search(r"mlp|ffn|denserelu|intermediate|\.output\.dense|fc1|fc2|feed_forward|layer\.\*\.dense",
                 collapse(low)):
        return "mlp"
    return "other"


def stacks_of(model):
    """The top-level ModuleLists of layers: (path, [layer modules])."""
    torch = ff._imports()["torch"]
    found = []
    for name, mod in model.named_modules():
        if not isinstance(mod, torch.nn.ModuleList) or name.split(".")[-1] not in STACK_NAMES:
            continue
        if any(name.startswith(p + ".") for p, _ in found):
            continue
        found.append((name, list(mod)))
    return found


def params_record(model, kinds_of):
    emb_in = model.get_input_embeddings()
    emb_out = model.get_output_embeddings()
    tied = emb_out is not None and emb_out.weight is emb_in.weight
    by_kind = defaultdict(int)
    by_top = defaultdict(int)
    for full, p in model.named_parameters():
        by_kind[kinds_of[full]] += p.numel()
        by_top[full.split(".")[0]] += p.numel()
    total = sum(p.numel() for p in model.parameters())
    assert total == sum(by_kind.values()), (total, by_kind)
    seen, aliases, twice = set(), [], 0
    for full, p in model.named_parameters(remove_duplicate=False):
        twice += p.numel()
        if id(p) in seen:
            aliases.append(full)
        seen.add(id(p))
    out_name = next((n for n, m in model.named_modules() if emb_out is not None and m is emb_out), None)
    stacks = []
    for path, layers in stacks_of(model):
        types, groups = [], []
        for i, layer in enumerate(layers):
            shapes = {n: list(p.shape) for n, p in sorted(layer.named_parameters())}
            sig = (type(layer).__name__, json.dumps(shapes))
            t = next((t for t in types if t["_sig"] == sig), None)
            if t is None:
                lk = defaultdict(int)
                for n, p in layer.named_parameters():
                    lk[kinds_of[f"{path}.{i}.{n}"]] += p.numel()
                t = dict(_sig=sig, type=len(types), **{"class": type(layer).__name__},
                         params_per_layer=sum(p.numel() for p in layer.parameters()),
                         by_kind=dict(sorted(lk.items())), shapes=shapes, num_layers=0)
                types.append(t)
            t["num_layers"] += 1
            if groups and groups[-1]["type"] == t["type"]:
                groups[-1]["last"] = i
                groups[-1]["count"] += 1
            else:
                groups.append(dict(first=i, last=i, count=1, type=t["type"]))
        stacks.append(dict(path=path, num_layers=len(layers),
                           params=sum(t["params_per_layer"] * t["num_layers"] for t in types),
                           layer_types=[{k: v for k, v in t.items() if k != "_sig"} for t in types],
                           layer_groups=groups))
    embeds = by_kind.get("embed_tokens", 0)
    return dict(
        total=total,
        total_counting_tied_twice=twice,
        tied_aliases=sorted(aliases),
        embed_tokens=emb_in.weight.numel(),
        lm_head=emb_out.weight.numel() if emb_out is not None else None,
        lm_head_tied=tied if emb_out is not None else None,
        lm_head_module=out_name,
        by_kind=dict(sorted(by_kind.items())),
        by_top_module=dict(sorted(by_top.items())),
        non_embedding=total - embeds - by_kind.get("embed_positions", 0),
        stacks=stacks,
    )


def moe_record(model, cfg, total):
    """The routed experts of each MoE layer (modules named `experts`) and what a token
    leaves unused: `(active, moe)`, `moe` None for a dense model. k is the router's own
    `top_k` (the block's, its gate's or its router's), else the config's."""
    torch = ff._imports()["torch"]
    layers = []
    for mname, mod in model.named_modules():
        if mname.split(".")[-1] != "experts":
            continue
        owner_path = mname.rsplit(".", 1)[0]
        owner = model.get_submodule(owner_path)
        n = getattr(mod, "num_experts", None) or len(mod)
        k, source = None, None
        for sub in ("", ".gate", ".router"):
            holder = owner if not sub else getattr(owner, sub[1:], None)
            if isinstance(getattr(holder, "top_k", None), int):
                k, source = holder.top_k, f"{owner_path}{sub}.top_k"
                break
        if k is None:
            ffn = getattr(cfg, "ffn_config", None)  # DBRX
            k, source = getattr(ffn, "moe_top_k", None) or cfg.num_experts_per_tok, "config"
        style = "module_list" if isinstance(mod, torch.nn.ModuleList) else "fused_3d"
        layers.append(dict(path=mname, n=n, k=k, source=collapse(source), style=style,
                           params=sum(p.numel() for p in mod.parameters())))
    if not layers:
        return total, None
    inactive = sum((m["n"] - m["k"]) * (m["params"] // m["n"]) for m in layers)
    groups = []
    for m in layers:
        key = (m["style"], m["n"], m["k"], m["params"])
        if groups and groups[-1]["_key"] == key:
            groups[-1]["count"] += 1
            groups[-1]["last_path"] = m["path"]
        else:
            groups.append(dict(_key=key, style=m["style"], num_experts=m["n"], top_k=m["k"],
                               params=m["params"], params_per_expert=m["params"] // m["n"],
                               count=1, first_path=m["path"], last_path=m["path"]))
    return total - inactive, dict(
        num_moe_layers=len(layers), num_experts=sorted({m["n"] for m in layers}),
        top_k=sorted({m["k"] for m in layers}), top_k_source=sorted({m["source"] for m in layers}),
        routed_expert_params=sum(m["params"] for m in layers),
        inactive_params_per_token=inactive, active_params_per_token=total - inactive,
        layers=[{k: v for k, v in g.items() if k != "_key"} for g in groups])


def multimodal_record(cfg):
    """A config with a vision or audio part beside its text model: the full model's size."""
    T = ff._imports()
    torch = T["torch"]
    subs = [k for k in getattr(cfg, "sub_configs", {}) if re.search(r"vision|audio|speech|image", k)]
    if not subs:
        return None
    from transformers import AutoModelForImageTextToText
    with torch.device("meta"):
        full = AutoModelForImageTextToText.from_config(cfg, **ff.KW)
    by_top = defaultdict(int)
    for name, mod in full.named_modules():
        for _, p in mod.named_parameters(recurse=False):
            by_top[".".join(name.split(".")[:2])] += p.numel()
    return dict(sub_configs=subs, auto_class="AutoModelForImageTextToText",
                model_class=type(full).__name__, total=sum(p.numel() for p in full.parameters()),
                by_top_module=dict(sorted(by_top.items())))


# ---------------------------------------------------------------- FLOPs
def measure(model, cfg, S):
    """FLOPs per module and operator, the output's shape, and the modules with
    parameters that the forward did not run."""
    T = ff._imports()
    torch = T["torch"]
    from torch.utils.flop_counter import FlopCounterMode
    from torch._subclasses.fake_tensor import FakeTensorMode
    called = set()
    hooks = [m.register_forward_pre_hook(lambda mod, args: called.add(id(mod))) for m in model.modules()]
    try:
        model.eval()
        with torch.no_grad(), FakeTensorMode(allow_non_fake_inputs=True):
            ids = torch.zeros((1, S), dtype=torch.long, device="meta")
            kwargs = dict(input_ids=ids, use_cache=False)
            if cfg.model_type == "t5":
                kwargs["decoder_input_ids"] = torch.zeros((1, S), dtype=torch.long, device="meta")
            if cfg.model_type == "bert":
                kwargs.pop("use_cache")
            fc = FlopCounterMode(display=False)
            with fc:
                out = model(**kwargs)
    finally:
        for h in hooks:
            h.remove()
    per_mod = {m: {str(op): int(n) for op, n in d.items()} for m, d in fc.get_flop_counts().items()}
    shape = out.logits.shape if getattr(out, "logits", None) is not None else out.last_hidden_state.shape
    # A module's parameters did not run if neither it nor the module that owns it was
    # called (an owner may use a child's weight itself, as Mamba's mixer does with
    # conv1d and dt_proj; a list of layers is never called, so it vouches for none),
    # and no called module holds them too (T5's `shared` runs as encoder.embed_tokens).
    containers = (torch.nn.ModuleList, torch.nn.ModuleDict)
    modules = dict(model.named_modules())
    ran = {id(p) for m in model.modules() if id(m) in called for p in m.parameters(recurse=False)}
    not_called = defaultdict(int)
    for name, mod in modules.items():
        owner = modules.get(name.rsplit(".", 1)[0] if "." in name else "", model)
        if id(mod) in called or (id(owner) in called and not isinstance(owner, containers)):
            continue
        for _, p in mod.named_parameters(recurse=False):
            if id(p) not in ran:
                not_called[collapse(name)] += p.numel()
    return int(fc.get_total_flops()), per_mod, list(shape), dict(sorted(not_called.items()))


def flop_kinds(per_mod, stack_paths):
    """Exclusive FLOPs (a module's own operators, its called descendants' taken out) by
    kind, and each stack's FLOPs."""
    own = ff.exclusive_ops(per_mod)
    kinds, stacks = defaultdict(int), defaultdict(int)
    for m, d in own.items():
        path = m.split(".", 1)[1] if "." in m else ""
        for op, n in d.items():
            if not n:
                continue
            if path and in_mixer(path):
                kind = "mixer_conv" if "convolution" in op else "mixer_scan" if "bmm" in op else "mixer_proj"
            else:
                key = "<outside modules>" if m == "Global" else (path or "<top module>")
                kind = ff.kind_of(collapse(key))
            kinds[kind] += n
            for s in stack_paths:
                if path.startswith(s + "."):
                    stacks[s] += n
    return dict(sorted(kinds.items())), dict(sorted(stacks.items()))


def where(exc):
    """The innermost frame of transformers' code in a traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        i = frame.filename.find("transformers/")
        if i >= 0:
            return f"{frame.filename[i:]}:{frame.lineno} in {frame.name}"
    return None


# ---------------------------------------------------------------- one record
def record(file, seq_lens):
    T = ff._imports()
    path = os.path.join(CONFIGS, file)
    text = open(path, "rb").read()
    raw = json.loads(text)
    sha = hashlib.sha256(text).hexdigest()
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING
    if raw.get("model_type") not in CONFIG_MAPPING:
        why = (" (config.json has auto_map: the model exists only as remote code, which the oracle "
               "does not run: trust_remote_code=False)") if "auto_map" in raw else ""
        return dict(file=file, status="config_error", sha256=sha, model_type=raw.get("model_type"),
                    error=f"model_type '{raw.get('model_type')}' is not implemented in transformers "
                          f"{T['transformers'].__version__}{why}",
                    architectures=raw.get("architectures"))
    cfg = T["AutoConfig"].from_pretrained(path)
    model, from_text = build(cfg)
    mp = max_positions(cfg)
    emb_in, emb_out = model.get_input_embeddings(), model.get_output_embeddings()
    kinds_of = {}
    for mname, mod in model.named_modules():
        for pname, _ in mod.named_parameters(recurse=False):
            full = f"{mname}.{pname}" if mname else pname
            kinds_of.setdefault(full, param_kind(mname, mod, emb_in, emb_out))
    params = params_record(model, kinds_of)
    params["active_per_token"], params["moe"] = moe_record(model, cfg, params["total"])
    stack_paths = [s["path"] for s in params["stacks"]]
    if not params["stacks"]:
        del params["stacks"]
    learned = learned_positions(model, mp)
    flops, failed, unrun, beyond = {}, [], None, []
    for S in seq_lens:
        exceeds = mp is not None and S > mp[1]
        try:
            total, per_mod, shape, not_called = measure(model, cfg, S)
        except Exception as e:  # the forward cannot run on fake tensors
            entry = dict(error=f"{type(e).__name__}: {str(e)[:300]}")
            if where(e):
                entry["error_at"] = where(e)
            if exceeds:
                entry["exceeds_max_positions"] = True
            flops[str(S)] = entry
            failed.append(str(S))
            continue
        by_op = defaultdict(int)
        for op, n in per_mod.get("Global", {}).items():
            by_op[op] += n
        kinds, stacks = flop_kinds(per_mod, stack_paths)
        entry = dict(total=total, by_op=dict(sorted(by_op.items())), by_kind=kinds, by_stack=stacks,
                     output_shape=shape)
        if not_called:
            entry["params_in_modules_not_called"] = sum(not_called.values())
            entry["modules_not_called"] = not_called
            unrun = not_called
        if exceeds:
            entry["exceeds_max_positions"] = True
            if learned:
                entry["real_forward_would_fail"] = (
                    f"learned position embeddings cover {mp[1]} positions ({mp[0]}); this S needs {S}")
                beyond.append(str(S))
        flops[str(S)] = entry
    notes = []
    if "quantization_config" in raw:
        notes.append("config.json has a quantization_config; from_config ignores it, so parameters are "
                     "counted as the unquantized modules (quantization does not change numel of the dense "
                     "weights, but packed formats and scales of a real checkpoint are not modelled)")
    if raw.get("num_nextn_predict_layers"):
        notes.append(f"config.json has num_nextn_predict_layers={raw['num_nextn_predict_layers']}, but "
                     f"transformers {T['transformers'].__version__} builds no multi-token-prediction module "
                     "for it: those weights of a real checkpoint are not counted here")
    if "auto_map" in raw:
        notes.append("config.json has auto_map (remote code); the oracle uses trust_remote_code=False, "
                     "i.e. the in-library implementation of model_type")
    if beyond:
        notes.append(f"S={', '.join(beyond)} exceeds {mp[0]}={mp[1]} and the model has learned absolute "
                     "position embeddings: a real forward would index past the table and fail; the FLOPs "
                     "shown for those S are what the same shapes cost (fake tensors do not check indices)")
    if unrun:
        names = list(unrun)
        shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
        notes.append(f"the forward with input_ids only did not run modules holding {sum(unrun.values())} "
                     f"parameters ({shown}); their FLOPs are not in the totals (see "
                     "flops.*.modules_not_called)")
    # A forward that fails beyond the model's positions says so in its entry.
    failed_within = [s for s in failed if not flops[s].get("exceeds_max_positions")]
    if failed_within:
        notes.append("the forward could not run on fake tensors at S = " + ", ".join(failed_within) +
                     ": the FLOP entries hold the error (no measured figure)")
    status = "ok" if not failed else "no_flops" if len(failed) == len(flops) else "partial_flops"
    rec = dict(
        file=file,
        sha256=sha,
        model_type=cfg.model_type,
        config_class=type(cfg).__name__,
        auto_class=auto_class(cfg),
        used_text_sub_config=from_text,
        model_class=type(model).__name__,
        attn_implementation=getattr(model.config, "_attn_implementation", None),
        experts_implementation=getattr(model.config, "_experts_implementation", None),
        dtype_in_config=raw.get("torch_dtype", raw.get("dtype")),
        max_positions=dict(key=mp[0], value=mp[1]) if mp else None,
        params=params,
    )
    mm = multimodal_record(cfg)
    if mm:
        rec["multimodal_full_model"] = mm
    rec.update(flops=flops, warnings=notes, status=status)
    return rec


# ---------------------------------------------------------------- the file
def diff(a, b, path=""):
    """Every leaf where a and b differ, as `path: a != b`."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"{path}.{k}: missing in the file, regenerated {json.dumps(b[k])[:120]}")
            elif k not in b:
                out.append(f"{path}.{k}: {json.dumps(a[k])[:120]}, not regenerated")
            else:
                out += diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="config file names in core/data/configs/")
    ap.add_argument("--check", action="store_true", help="regenerate and diff, write nothing")
    a = ap.parse_args()
    with open(EXPECTED) as f:
        exp = json.load(f)
    old = {r["file"]: r for r in exp["records"]}
    files = a.files or (sorted(old) if a.check else [])
    if not files:
        sys.exit("give config file names from core/data/configs/ (or --check)")
    T = ff._imports()
    made_by = (f"{MADE_BY} (torch {T['torch'].__version__}, transformers {T['transformers'].__version__}), "
               "not by the original oracle")
    differences = 0
    for file in files:
        rec = record(file, exp["settings"]["seq_lens"])
        prev = old.get(file)
        # Records the original oracle did not make say who did.
        if rec.get("status") != "config_error" and (prev is None or any(
                w.startswith(MADE_BY) for w in prev.get("warnings", []))):
            rec["warnings"].insert(0, made_by)
        if a.check:
            d = diff(prev, rec) if prev else ["not in expected.json"]
            differences += len(d)
            print(f"{file}: {'identical' if not d else f'{len(d)} differences'}", flush=True)
            for line in d:
                print("   ", line)
        else:
            old[file] = rec
            print(f"{file}: {rec['status']}, {rec.get('params', {}).get('total')} parameters", flush=True)
    if a.check:
        print(f"{len(files)} records regenerated, {differences} differences")
        return
    # The file's own layout: records sorted by file name, one-space indent, no final newline.
    exp["records"] = [old[f] for f in sorted(old)]
    with open(EXPECTED, "w") as f:
        json.dump(exp, f, indent=1)


if __name__ == "__main__":
    main()
