#!/usr/bin/env python
"""For each model type in flopcast's family table: the config keys transformers'
modeling code reads (`config.x`, `getattr(config, "x")`) that no string literal in
core/src/config/ names, each with why it cannot change a weight or a FLOP flopcast
counts. A key read by the code but never named by the parser is a place a real
checkpoint's config can miscount (PhiMoE's `lm_head_bias` was found this way).

Left out before listing:
- names that never change a weight (dropout, eps, RoPE, initialisation, routing
  scores, …: SKIP below);
- keys of a vision, audio or VQ sub-config the modeling file also holds (a key of
  another config class of the family that the text config does not have);
- keys the config class derives from others and overwrites (a value set in a
  config.json does not survive: `attention_layers` from `attention_types`), and
  methods and properties of the config class.

Every remaining key needs a line in REVIEWED: the reason it does not matter, or
that flopcast now reads it. A key without one is printed as "not reviewed" and
the script exits 1.

    .venv-gt/bin/python scripts/ground_truth/key_audit.py > docs/key_audit.md
"""
import glob
import importlib
import inspect
import os
import re
import sys
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import transformers  # noqa: E402
from transformers.models.auto.configuration_auto import CONFIG_MAPPING  # noqa: E402

transformers.logging.set_verbosity_error()
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TF = os.path.join(os.path.dirname(transformers.__file__), "models")

SKIP = re.compile(r"eps|dropout|pdrop|init|rope|use_cache|output_|return_dict|pad_token|bos_|eos_|_attn_implementation|"
                  r"torchscript|pruned|chunk_size_feed|is_decoder|add_cross|tie_word|torch_dtype|dtype|scaling|scale|"
                  r"factor|temperature|theta|max_position|layer_norm_eps|rms_norm|hidden_act|activation|act_fn|"
                  r"initializer|gradient_checkpointing|router_aux|aux_loss|z_loss|jitter|capacity|norm_topk|"
                  r"routed_scaling|softcap|logit|_implementation|use_return|problem_type|num_labels|id2label|label2id|"
                  r"sliding_window_pattern|attn_logit|query_pre_attn|partial_rotary|rotary|attention_multiplier|"
                  r"embedding_multiplier|residual_multiplier|logits_scaling|qk_clip|clip_qkv|window|mup|multiplier|"
                  r"output_router|mask|_token_id|token_index|cache|experts_implementation")

# Why each key left does not change a weight or a FLOP flopcast counts. A bare key
# holds for every family that reads it; "type:key" for one family.
GROUPED_ROUTING = "group-limited routing: which experts a token may pick, not how many or how large"
KERNELS = "chooses a kernel or a numeric precision, not the operations counted"
TIME_STEP = "the range the Δ bias is initialised in; no weight's shape"
REVIEWED = {
    "n_group": GROUPED_ROUTING,
    "topk_group": GROUPED_ROUTING,
    "topk_method": GROUPED_ROUTING,
    "expert_selection_fn": "softmax or sigmoid over the router's scores: elementwise",
    "shared_expert_combination_strategy": "sums or averages the shared and routed outputs: elementwise",
    "moe_norm_min": "a floor in the normalisation of the routing weights: elementwise",
    "use_expert_bias": "the expert bias is a buffer (nn.Buffer), not a parameter",
    "scoring_func": "sigmoid or softmax routing scores: elementwise",
    "swiglu_limit": "a clamp inside the activation: elementwise",
    "swiglu_alpha": "a constant inside the activation: elementwise",
    "hc_sinkhorn_iters": "Sinkhorn normalisation of the n×n stream mix: elementwise over n² entries",
    "hc_magnitude": "a constant scale of the output mixing weights",
    "kda_lower_bound": "a constant inside KDA's safe gate: elementwise",
    "kda_safe_gate": "bounds KDA's decay gate with a sigmoid: elementwise",
    "lambda_std_dev": "the initialisation of differential attention's λ vectors",
    "linear_a_log_max": "the range A_log is initialised in",
    "linear_a_log_min": "the range A_log is initialised in",
    "linear_dt_max": TIME_STEP,
    "linear_dt_min": TIME_STEP,
    "linear_allow_neg_eigval": "doubles β (eigenvalues in (−1, 1)): elementwise",
    "time_step_floor": TIME_STEP,
    "time_step_max": TIME_STEP,
    "time_step_min": TIME_STEP,
    "residual_in_fp32": KERNELS,
    "use_associative_scan": KERNELS + " (the scan is elementwise either way)",
    "use_mambapy": KERNELS + " (the scan is elementwise either way)",
    "use_mamba_kernels": KERNELS + " (fake tensors run the PyTorch path)",
    "attention_softmax_in_fp32": KERNELS,
    "reorder_and_upcast_attn": KERNELS,
    "enable_moe_fp32_combine": KERNELS,
    "norm_reduction_force_float32": KERNELS,
    "slow_but_exact": KERNELS,
    "pretraining_tp": "splits each linear layer into slices that are summed: the same products",
    "apply_residual_connection_post_layernorm": "which tensor the residual adds: no weight",
    "mamba_norm_before_gate": "whether the gated RMSNorm normalises before or after the gate: the same norm",
    "hidden_mamba_act": "the mixer's activation: elementwise",
    "gate_soft_cap": "a soft cap on the gates: elementwise",
    "max_inference_chunksize": "in evaluation an input longer than it (16,384 by default) runs in pieces that "
                               "carry the state: the same chunkwise products when it is a multiple of chunk_size",
    "mode": "`train` computes what the default `inference` computes when S is a multiple of chunk_size (and "
            "refuses any other S); `train_with_padding` does not run in transformers' xLSTM",
    "return_last_states": "whether the mLSTM kernel returns its state: no weight",
    "layerdrop": "skips whole layers at random in training only",
    "prefix_lm": "a prefix attends to itself only when token_type_ids mark it; the counts use a causal mask, as a "
                 "forward on input_ids does",
    "seed": "the seed of the n-gram hashes: no weight's shape",
    "altup_active_idx": "which AltUp copy is the active one: no weight",
    "altup_coef_clip": "a clamp on AltUp's coefficients: elementwise",
    "relative_attention_max_distance": "where relative positions saturate: the bias table's size is "
                                       "relative_attention_num_buckets",
    "use_long_context": "rescales RoPE and extends the context: no weight, and the FLOPs at a given S are the same",
    "summary_type": "the sequence-summary head of GPT2DoubleHeadsModel, not of the causal LM",
    "summary_use_proj": "the sequence-summary head of GPT2DoubleHeadsModel, not of the causal LM",
    "summary_proj_to_labels": "the sequence-summary head of GPT2DoubleHeadsModel, not of the causal LM",
    "mm_tokens_per_image": "image tokens in a prompt: the vision tower, which flopcast does not count",
    "vocab_offset": "where the multimodal embedding's ids start: the vision and audio embedders",
    "L_bp_cycles": "which low-level cycles backpropagate (a training-time gradient trick); the forward runs every "
                   "cycle",
    "pooling": "how the score head pools positions (last token or mean): the same projection",
    "hop_length": "the audio tokenizer's stride (read from its own config): the audio tower",
    "model_patch_size": "the vision patch size (read from vision_config): the vision tower",
    "merged_hidden_size": "the vision-to-text projector, which flopcast does not count with the language model",
    "projector_hidden_size": "the vision-to-text projector, which flopcast does not count with the language model",
    "max_aspect_ratio_id": "the vision tower's aspect-ratio embedding (read from vision_config)",
}


def text_configs(t):
    """The config class of model type `t` the language model reads, and the family's
    other config classes (vision, audio, VQ)."""
    cls = CONFIG_MAPPING[t]
    module = importlib.import_module(cls.__module__)
    family = [c for _, c in inspect.getmembers(module, inspect.isclass)
              if issubclass(c, transformers.PretrainedConfig) and c.__module__ == module.__name__]
    text = type(cls().get_text_config())
    return text, [c for c in family if c is not text]


def fields(cls):
    try:
        return set(cls().to_dict())
    except Exception:
        return set()


def derived(cls, key):
    """A key the config class computes (a method, a property, or a value it
    overwrites after reading it from a config.json)."""
    if callable(getattr(cls, key, None)) or isinstance(getattr(cls, key, None), property):
        return True
    sentinel = "flopcast-sentinel"
    try:
        return getattr(cls(**{key: sentinel}), key, sentinel) != sentinel
    except Exception:
        return False


def main():
    src = "".join(open(f).read() for f in glob.glob(f"{REPO}/core/src/config/**/*.rs", recursive=True))
    read = set(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', src))
    fam = open(f"{REPO}/core/src/config/families.rs").read()
    types = set()
    for m in re.finditer(r"types: &\[([^\]]*)\]", fam):
        types |= set(re.findall(r'"([^"]+)"', m.group(1)))
    rows, unreviewed, families = [], [], 0
    for t in sorted(types):
        if t not in CONFIG_MAPPING:
            continue
        d = t.replace("-", "_")
        files = []
        for c in (d, d.removesuffix("_text"), d.removesuffix("_text_model"), CONFIG_MAPPING[t].__module__.split(".")[-2]):
            files = glob.glob(f"{TF}/{c}/modeling_{c}.py")
            if files:
                break
        if not files:
            continue
        families += 1
        code = open(files[0]).read()
        attrs = set(re.findall(r"config\.([A-Za-z_][A-Za-z0-9_]*)", code)) | \
            set(re.findall(r'getattr\(\s*(?:self\.)?config\s*,\s*"([A-Za-z_0-9]+)"', code))
        text, others = text_configs(t)
        mine = fields(text)
        theirs = set().union(*(fields(c) for c in others)) if others else set()
        for a in sorted(attrs):
            if a in read or SKIP.search(a) or (a in theirs and a not in mine) or derived(text, a):
                continue
            why = REVIEWED.get(f"{t}:{a}") or REVIEWED.get(a)
            rows.append((t, a, why))
            if why is None:
                unreviewed.append(f"{t}:{a}")
    by_key = {}
    for t, a, why in rows:
        by_key.setdefault((a, why), []).append(t)
    print("# Config keys transformers reads and flopcast does not\n")
    print("Made by `scripts/ground_truth/key_audit.py` (transformers "
          f"{transformers.__version__}) over the {families} families of flopcast's table whose modeling "
          "code it finds. It lists every config key the modeling code reads that flopcast's parser never "
          "names, after leaving out names that never change a weight (dropout, eps, RoPE, initialisation, "
          "routing scores), the keys of vision, audio and VQ sub-configs, and the keys the config class "
          "computes itself (a property, which transformers refuses in a config.json, or a value it "
          "overwrites). Each is a key a real checkpoint's config could set; the reason says why it changes "
          "no weight and no FLOP flopcast counts. Keys a config.json's value can change the model through "
          "are read: PhiMoE's `lm_head_bias`, and T5's `is_gated_act`, GPT-Neo's `attention_layers` and "
          "Zamba2's `hybrid_layer_ids` (which the config class derives, but a value in the file replaces).\n")
    print("| key | families | why it does not matter |")
    print("|---|---|---|")
    for (a, why), ts in sorted(by_key.items(), key=lambda kv: kv[0][0].lower()):
        print(f"| `{a}` | {', '.join(f'`{t}`' for t in ts)} | {why or '**not reviewed**'} |")
    if unreviewed:
        print("\nnot reviewed: " + ", ".join(unreviewed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
