#!/usr/bin/env python
"""For each model type in flopcast's family table: the config attributes that
transformers' modeling code reads (`config.x`, `getattr(config, "x")`) but no
string literal in core/src/config/ names, minus names that never change a weight
(dropout, eps, RoPE, routing scores, …). A place to look for a miscount on a real
checkpoint whose config sets a key the defaults leave off (PhiMoE's
`lm_head_bias` was found this way), not a verdict: many listed keys belong to a
vision or audio tower flopcast does not count.

    .venv-gt/bin/python scripts/ground_truth/key_audit.py
"""
import re, os, sys, glob
import transformers
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TF = os.path.join(os.path.dirname(transformers.__file__), "models")
src = "".join(open(f).read() for f in glob.glob(f"{REPO}/core/src/config/**/*.rs", recursive=True))
read = set(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', src))
fam = open(f"{REPO}/core/src/config/families.rs").read()
types = set()
for m in re.finditer(r"types: &\[([^\]]*)\]", fam):
    types |= set(re.findall(r'"([^"]+)"', m.group(1)))
SKIP = re.compile(r"eps|dropout|init|rope|use_cache|output_|return_dict|pad_token|bos_|eos_|_attn_implementation|torchscript|"
                  r"pruned|chunk_size_feed|is_decoder|add_cross|tie_word|torch_dtype|dtype|scaling|scale|factor|temperature|"
                  r"theta|max_position|layer_norm_eps|rms_norm|hidden_act|activation|act_fn|initializer|gradient_checkpointing|"
                  r"router_aux|aux_loss|z_loss|jitter|capacity|norm_topk|routed_scaling|softcap|logit|_implementation|"
                  r"use_return|problem_type|num_labels|id2label|label2id|sliding_window_pattern|attn_logit|query_pre_attn|"
                  r"partial_rotary|rotary|attention_multiplier|embedding_multiplier|residual_multiplier|logits_scaling|"
                  r"qk_clip|clip_qkv|window|mup|multiplier|output_router|mask|_token_id|token_index|cache|experts_implementation")
rows = {}
for t in sorted(types):
    d = t.replace("-", "_")
    cands = [d, d.removesuffix("_text"), d.removesuffix("_text_model")]
    files = []
    for c in cands:
        files = glob.glob(f"{TF}/{c}/modeling_{c}.py")
        if files: break
    if not files:
        continue
    code = open(files[0]).read()
    attrs = set(re.findall(r"config\.([a-z_][a-z0-9_]*)", code)) | set(re.findall(r'getattr\(\s*config\s*,\s*"([a-z_0-9]+)"', code))
    miss = sorted(a for a in attrs if a not in read and not SKIP.search(a))
    if miss:
        rows[t] = miss
        print(f"{t:26s} {' '.join(miss)}")
