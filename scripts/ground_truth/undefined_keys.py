#!/usr/bin/env python
"""Does a key the config class does not define change the model PyTorch builds?

For every family's default config in core/data/family_checks/ and each common
bias key (and `num_key_value_heads`, and a `head_dim` of 32) the class does not write, builds the model
on the meta device with that key set and prints the change in parameters
against the same config without it. `core/tests/family_checks.rs`
(`a_key_set_or_changed_counts_as_pytorch_builds_it`) replays the pairs it writes
to core/data/undefined_keys.json: flopcast must see the same change. transformers 5.24.0: 985
pairs without change, SarvamMoE's `use_qkv_bias` (an `attribute_map` alias of
`attention_bias`, +87,552), and configs transformers cannot load from their own
JSON (Bamba's `time_step_limit`, ...). Not part of `make test` (needs torch):

    .venv-gt/bin/python scripts/ground_truth/undefined_keys.py
"""
import glob, json, os, warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
import transformers
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM

transformers.logging.set_verbosity_error()
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = [("attention_bias", True), ("mlp_bias", True), ("bias", True), ("use_bias", True),
        ("qkv_bias", True), ("use_qkv_bias", True), ("add_bias_linear", True), ("add_qkv_bias", True),
        ("num_key_value_heads", 1), ("head_dim", 32)]
# `UNDEFINED_KEYS=head_dim,mlp_bias` checks only those keys.
if os.environ.get("UNDEFINED_KEYS"):
    KEYS = [kv for kv in KEYS if kv[0] in os.environ["UNDEFINED_KEYS"].split(",")]
SKIP = ("model_type", "transformers_version", "_name_or_path")


def finite(v):
    """The fixtures write an infinite float as {"__float__": "Infinity"}."""
    if isinstance(v, dict) and set(v) == {"__float__"}:
        return float(v["__float__"])
    if isinstance(v, list):
        return [finite(x) for x in v]
    return v


def params(model_type, config, model_class=None):
    cfg = AutoConfig.for_model(
        model_type, **{k: finite(v) for k, v in config.items() if k not in SKIP}
    )
    with torch.device("meta"):
        if model_class and hasattr(transformers, model_class):
            # Text models of multimodal families (Emu3, Mllama) are not in the
            # auto mappings: build the class the fixture names.
            model = getattr(transformers, model_class)._from_config(cfg)
        else:
            try:
                model = AutoModelForCausalLM.from_config(cfg)
            except Exception:
                model = AutoModel.from_config(cfg)
    return sum(p.numel() for p in model.parameters())


HALVED = [
    "intermediate_size", "moe_intermediate_size", "ffn_hidden_size", "n_inner",
    "shared_expert_intermediate_size", "n_routed_experts", "num_local_experts",
    "num_experts", "num_experts_per_tok", "moe_topk", "n_shared_experts",
    "kv_lora_rank", "q_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim",
    "num_hidden_layers", "vocab_size",
    # Other spellings and structures: GPT-2, T5, the linear mixers, state spaces.
    "hidden_size", "n_embd", "d_model", "num_attention_heads", "n_head", "num_heads",
    "n_layer", "num_layers", "max_position_embeddings", "n_positions", "d_ff", "d_kv",
    "linear_num_key_heads", "linear_num_value_heads", "linear_key_head_dim",
    "linear_value_head_dim", "state_size", "mamba_d_state", "conv_kernel", "mamba_d_conv",
    "mamba_expand", "expand", "n_groups", "mamba_n_groups", "num_key_value_heads_per_layer",
    # Where the experts are and how many: the MoE families' own spellings.
    "first_k_dense_replace", "decoder_sparse_step", "moe_layer_freq", "num_dense_layers",
    "moe_num_shared_experts", "num_shared_experts", "moe_num_experts", "expert_ffn_hidden_size",
    "moe_k", "num_experts_per_token", "moe_topk", "zero_expert_num", "hidden_act_dim",
]


def CHANGED(config):
    out = []
    hd = config.get("head_dim")
    if isinstance(hd, int) and not isinstance(hd, bool) and hd >= 32 and hd % 2 == 0:
        out.append(("head_dim", hd // 2))
    kv = config.get("num_key_value_heads")
    if isinstance(kv, int) and not isinstance(kv, bool) and kv > 1:
        out.append(("num_key_value_heads", 1))
    # Sizes the default writes, halved (top-k to 1): widths, experts, ranks.
    for key in dict.fromkeys(HALVED):
        v = config.get(key)
        if isinstance(v, int) and not isinstance(v, bool) and v >= 2 and v % 2 == 0:
            top_k = ("num_experts_per_tok", "moe_topk", "moe_k", "num_experts_per_token")
            new = 1 if key in top_k else v // 2
            # Not where the halved heads no longer hold whole groups of the
            # key/value heads the config writes: a model that cannot run.
            groups = {"num_attention_heads": "num_key_value_heads",
                      "linear_num_value_heads": "linear_num_key_heads"}
            kv = config.get(groups.get(key, ""))
            if isinstance(kv, int) and kv > 0 and new % kv != 0:
                continue
            out.append((key, new))
    # Each bias key the default writes as false, made true; tying flipped.
    for key, _ in KEYS:
        if config.get(key) is False:
            out.append((key, True))
    tie = config.get("tie_word_embeddings")
    if isinstance(tie, bool):
        out.append(("tie_word_embeddings", not tie))
    if os.environ.get("UNDEFINED_KEYS"):
        out = [kv for kv in out if kv[0] in os.environ["UNDEFINED_KEYS"].split(",")]
    return out


OUT = os.path.join(REPO, "core/data/undefined_keys.json")
changed, same, errors, pairs = [], 0, [], []
for path in sorted(glob.glob(os.path.join(REPO, "core/data/family_checks/*.json"))):
    fixture = json.load(open(path))
    cases = [c for c in fixture.get("cases", []) if c["file"].endswith("__default.json")]
    if not cases:
        continue
    mt, config = cases[0]["model_type"], dict(cases[0]["config"])
    model_class = cases[0].get("model_class")
    try:
        base = params(mt, config, model_class)
    except Exception as e:
        errors.append(f"{mt}: {str(e)[:120]}")
        continue
    trials = [(k, v) for k, v in KEYS if k not in config]
    # Keys the default does write, changed: half the head width, one
    # key/value head, a bias key made true, tying flipped. Every case spells these out at one value, so a rule
    # that ignores them (or reads them where the class does not) is
    # invisible there (RecurrentGemma's `head_dim`, a property written out).
    for key, value in CHANGED(config):
        trials.append((key, value))
    for key, value in trials:
        try:
            delta = params(mt, dict(config, **{key: value}), model_class) - base
        except Exception as e:
            errors.append(f"{mt} with {key}: {str(e)[:120]}")
            continue
        pairs.append({"model_type": mt, "key": key, "value": value, "delta": delta,
                      "written": key in config})
        if delta:
            changed.append(f"{mt} with {key}: {delta:+,}")
        else:
            same += 1
if not os.environ.get("UNDEFINED_KEYS"):
    about = {
        "what": "each family's default config with one key its config class does not write "
        "set (written: false), or with a key it writes changed (written: true: head_dim "
        "halved, one key/value head, sizes halved (top-k set to 1), a false bias key made "
        "true, tie_word_embeddings flipped), and the change in the parameters PyTorch "
        "builds (meta device)",
        "made_by": "scripts/ground_truth/undefined_keys.py",
        "transformers": transformers.__version__,
        "not_loadable": errors,
    }
    with open(OUT, "w") as f:
        json.dump({"about": about, "pairs": pairs}, f, indent=0, sort_keys=True)
        f.write("\n")
print(f"{same} pairs without change")
for line in changed:
    print("CHANGES", line)
for line in errors:
    print("ERROR  ", line)
