#!/usr/bin/env python
"""Ground-truth parameter counts (torch meta device + transformers from_config)
compared with `flopcast estimate CONFIG --json`; it also writes the fixture
`core/data/family_checks/<model_type>.json` files that `core/tests/family_checks.rs` replays.

Not part of `make test` (it needs torch and transformers). Set up once:

    python3 -m venv .venv-gt && .venv-gt/bin/pip install torch==2.15.0 transformers==5.24.0
    cargo build -p flopcast-cli
    .venv-gt/bin/python scripts/ground_truth/family_checks.py [family ...]

Writes configs to $FLOPCAST_GT_DIR/configs (default /tmp/flopcast-gt), per-file
results to $FLOPCAST_GT_DIR/results.json, prints a summary, and rewrites
core/data/family_checks/<model_type>.json for every family it ran whose files
all match; then run family_flops.py (same family arguments), which adds the
measured FLOPs to those files.
"""
import json, os, re, subprocess, sys, warnings, logging, traceback
from collections import defaultdict

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoModel
transformers.logging.set_verbosity_error()

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GT = os.environ.get("FLOPCAST_GT_DIR", "/tmp/flopcast-gt")
CFG_DIR = os.path.join(GT, "configs")
TOOL = os.environ.get("FLOPCAST_BIN", os.path.join(REPO, "target", "debug", "flopcast"))
os.makedirs(CFG_DIR, exist_ok=True)

# --------------------------------------------------------------------------
# Variants: (name, overrides, also_write_minimal)
# --------------------------------------------------------------------------
V = {}
V["llama"] = [
    ("small", dict(hidden_size=512, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=8,
                   intermediate_size=1376, vocab_size=32000), True),
    ("gqa_tied", dict(hidden_size=512, num_hidden_layers=3, num_attention_heads=8, num_key_value_heads=2,
                      intermediate_size=1024, vocab_size=8000, tie_word_embeddings=True), False),
    ("headdim", dict(hidden_size=384, num_hidden_layers=2, num_attention_heads=8, num_key_value_heads=4,
                     head_dim=64, intermediate_size=1024, vocab_size=8000), True),
    ("bias", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=2,
                  intermediate_size=768, vocab_size=4000, attention_bias=True, mlp_bias=True), False),
    ("bias_tied", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                       intermediate_size=512, vocab_size=4000, attention_bias=True,
                       tie_word_embeddings=True), True),
]
V["deepseek_v3"] = [
    ("small", dict(hidden_size=512, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=8,
                   intermediate_size=1024, moe_intermediate_size=256, n_routed_experts=16, num_experts_per_tok=4,
                   n_shared_experts=1, first_k_dense_replace=1, q_lora_rank=256, kv_lora_rank=128,
                   qk_nope_head_dim=64, qk_rope_head_dim=32, v_head_dim=64, vocab_size=8000,
                   n_group=4, topk_group=2), False),
    ("noqlora_shared2_tied", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=4,
                                  intermediate_size=512, moe_intermediate_size=128, n_routed_experts=8,
                                  num_experts_per_tok=2, n_shared_experts=2, first_k_dense_replace=0,
                                  q_lora_rank=None, kv_lora_rank=64, qk_nope_head_dim=32, qk_rope_head_dim=16,
                                  v_head_dim=32, vocab_size=4000, n_group=1, topk_group=1,
                                  tie_word_embeddings=True), True),
    ("bias_dense2", dict(hidden_size=256, num_hidden_layers=5, num_attention_heads=4, num_key_value_heads=4,
                         intermediate_size=768, moe_intermediate_size=64, n_routed_experts=32,
                         num_experts_per_tok=6, n_shared_experts=1, first_k_dense_replace=2,
                         q_lora_rank=128, kv_lora_rank=64, qk_nope_head_dim=32, qk_rope_head_dim=32,
                         v_head_dim=48, vocab_size=4000, n_group=8, topk_group=4, attention_bias=True), True),
    ("allsparse_topk1", dict(hidden_size=384, num_hidden_layers=2, num_attention_heads=6,
                             intermediate_size=1024, moe_intermediate_size=192, n_routed_experts=4,
                             num_experts_per_tok=1, n_shared_experts=1, first_k_dense_replace=0,
                             q_lora_rank=192, kv_lora_rank=96, qk_nope_head_dim=64, qk_rope_head_dim=32,
                             v_head_dim=64, vocab_size=6000, n_group=1, topk_group=1), False),
]
V["gpt2"] = [
    ("small", dict(n_embd=256, n_layer=4, n_head=4, vocab_size=5000, n_positions=512), True),
    ("inner_untied", dict(n_embd=384, n_layer=3, n_head=6, n_inner=1024, vocab_size=6000, n_positions=256,
                          tie_word_embeddings=False), False),
    ("untied", dict(n_embd=256, n_layer=2, n_head=8, vocab_size=3000, n_positions=128,
                    tie_word_embeddings=False), True),
    ("crossattn", dict(n_embd=256, n_layer=2, n_head=4, vocab_size=3000, n_positions=128,
                       add_cross_attention=True), False),
]
V["gpt_neox"] = [
    ("small", dict(hidden_size=512, num_hidden_layers=3, num_attention_heads=8, intermediate_size=2048,
                   vocab_size=8000, max_position_embeddings=512), True),
    ("nobias", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4, intermediate_size=1024,
                    vocab_size=4000, attention_bias=False), False),
    ("tied_seq", dict(hidden_size=384, num_hidden_layers=4, num_attention_heads=6, intermediate_size=1000,
                      vocab_size=5000, tie_word_embeddings=True, use_parallel_residual=False), True),
]
V["gptj"] = [
    ("small", dict(n_embd=256, n_head=8, n_layer=3, rotary_dim=16, vocab_size=5000, n_positions=512), True),
    ("inner", dict(n_embd=512, n_head=8, n_layer=2, rotary_dim=32, n_inner=1000, vocab_size=8000), False),
    ("tied", dict(n_embd=256, n_head=4, n_layer=2, rotary_dim=32, vocab_size=4000,
                  tie_word_embeddings=True), True),
]
V["opt"] = [
    ("small", dict(hidden_size=256, ffn_dim=1024, num_hidden_layers=3, num_attention_heads=4, vocab_size=5000,
                   max_position_embeddings=512, pad_token_id=1), True),
    ("proj", dict(hidden_size=512, ffn_dim=2048, num_hidden_layers=2, num_attention_heads=8, vocab_size=6000,
                  word_embed_proj_dim=256, max_position_embeddings=256), False),
    ("nobias_postln", dict(hidden_size=256, ffn_dim=512, num_hidden_layers=2, num_attention_heads=4,
                           vocab_size=4000, enable_bias=False, do_layer_norm_before=False,
                           max_position_embeddings=128), True),
    ("noaffine_untied", dict(hidden_size=256, ffn_dim=512, num_hidden_layers=2, num_attention_heads=4,
                             vocab_size=4000, layer_norm_elementwise_affine=False, tie_word_embeddings=False,
                             max_position_embeddings=128), False),
]
V["bloom"] = [
    ("small", dict(hidden_size=256, n_head=8, n_layer=3, vocab_size=5000), True),
    ("untied", dict(hidden_size=512, n_head=8, n_layer=2, vocab_size=8000, tie_word_embeddings=False), False),
    ("wide", dict(hidden_size=1024, n_head=16, n_layer=2, vocab_size=3000), True),
]
V["falcon"] = [
    ("small_mqa", dict(hidden_size=512, num_attention_heads=8, num_hidden_layers=3, vocab_size=5000,
                       ffn_hidden_size=2048), True),
    ("newarch_gqa", dict(hidden_size=512, num_attention_heads=8, num_kv_heads=2, num_hidden_layers=3,
                         vocab_size=5000, new_decoder_architecture=True, ffn_hidden_size=2048), False),
    ("newarch_1ln", dict(hidden_size=256, num_attention_heads=4, num_kv_heads=2, num_hidden_layers=2,
                         vocab_size=4000, new_decoder_architecture=True, num_ln_in_parallel_attn=1,
                         ffn_hidden_size=1000), True),
    ("mha_bias_seq_untied", dict(hidden_size=256, num_attention_heads=4, num_hidden_layers=2, vocab_size=4000,
                                 multi_query=False, bias=True, parallel_attn=False, tie_word_embeddings=False,
                                 ffn_hidden_size=1024), False),
    ("alibi_default_ffn", dict(hidden_size=256, num_attention_heads=8, num_hidden_layers=2, vocab_size=4000,
                               alibi=True, ffn_hidden_size=None), True),
]
V["mistral"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=2, num_hidden_layers=3,
                   intermediate_size=1024, vocab_size=8000, head_dim=64), True),
    ("headdim128", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=4, num_hidden_layers=2,
                        intermediate_size=1024, vocab_size=8000, head_dim=128), False),
    ("tied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, num_hidden_layers=2,
                  intermediate_size=512, vocab_size=4000, head_dim=64, tie_word_embeddings=True), True),
    ("nohd", dict(hidden_size=384, num_attention_heads=6, num_key_value_heads=2, num_hidden_layers=2,
                  intermediate_size=512, vocab_size=4000), False),
]
V["mixtral"] = [
    ("small", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=2, num_hidden_layers=3,
                   intermediate_size=512, vocab_size=4000, num_local_experts=4, num_experts_per_tok=1), True),
    ("e16k4_tied", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=8, num_hidden_layers=2,
                        intermediate_size=256, vocab_size=8000, num_local_experts=16, num_experts_per_tok=4,
                        tie_word_embeddings=True), False),
    ("numexperts_key", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=1, num_hidden_layers=2,
                            intermediate_size=384, vocab_size=4000, num_experts=6, num_experts_per_tok=3), True),
    ("headdim", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
                     intermediate_size=384, vocab_size=4000, head_dim=128), False),
]
V["qwen2"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=2, num_hidden_layers=3,
                   intermediate_size=1024, vocab_size=8000), True),
    ("tied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, num_hidden_layers=2,
                  intermediate_size=512, vocab_size=4000, tie_word_embeddings=True), False),
    ("wide_mha", dict(hidden_size=1024, num_attention_heads=16, num_key_value_heads=16, num_hidden_layers=2,
                      intermediate_size=2816, vocab_size=16000), True),
]
V["qwen2_moe"] = [
    ("small", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=4, num_hidden_layers=4,
                   intermediate_size=512, moe_intermediate_size=128, shared_expert_intermediate_size=512,
                   num_experts=8, num_experts_per_tok=2, vocab_size=4000), True),
    ("sparse_step2", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=4,
                          intermediate_size=768, moe_intermediate_size=64, shared_expert_intermediate_size=256,
                          num_experts=16, num_experts_per_tok=4, decoder_sparse_step=2, vocab_size=4000), False),
    ("mlp_only", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, num_hidden_layers=4,
                      intermediate_size=640, moe_intermediate_size=96, shared_expert_intermediate_size=384,
                      num_experts=6, num_experts_per_tok=1, mlp_only_layers=[0, 2], vocab_size=4000), True),
    ("nobias_tied", dict(hidden_size=384, num_attention_heads=6, num_key_value_heads=2, num_hidden_layers=2,
                         intermediate_size=768, moe_intermediate_size=128, shared_expert_intermediate_size=256,
                         num_experts=8, num_experts_per_tok=2, qkv_bias=False, tie_word_embeddings=True,
                         vocab_size=5000), False),
]
V["qwen3"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=2, head_dim=64,
                   num_hidden_layers=3, intermediate_size=1024, vocab_size=8000), True),
    ("hd128_tied", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=4, head_dim=128,
                        num_hidden_layers=2, intermediate_size=1024, vocab_size=8000,
                        tie_word_embeddings=True), False),
    ("bias", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                  num_hidden_layers=2, intermediate_size=768, vocab_size=4000, attention_bias=True), True),
    ("nohd", dict(hidden_size=384, num_attention_heads=6, num_key_value_heads=3,
                  num_hidden_layers=2, intermediate_size=768, vocab_size=4000), False),
]
V["qwen3_moe"] = [
    # `mlp_bias` true: Qwen3-MoE's experts and dense MLPs have no biases whatever it says
    ("mlp_bias_ignored", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                              num_hidden_layers=2, intermediate_size=512, moe_intermediate_size=64, num_experts=4,
                              num_experts_per_tok=2, mlp_only_layers=[0], vocab_size=4000, mlp_bias=True), True),
    # a dense layer (`mlp_only_layers`) whose width is Qwen3MoeConfig's default `intermediate_size`
    ("mlp_only_default_ff", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                                 num_hidden_layers=2, moe_intermediate_size=64, num_experts=4,
                                 num_experts_per_tok=2, mlp_only_layers=[0], vocab_size=4000), True),
    ("small", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=2, head_dim=32, num_hidden_layers=3,
                   intermediate_size=512, moe_intermediate_size=128, num_experts=8, num_experts_per_tok=2,
                   vocab_size=4000), True),
    ("sparse_step2", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                          num_hidden_layers=4, intermediate_size=768, moe_intermediate_size=64,
                          num_local_experts=16, num_experts_per_tok=4, decoder_sparse_step=2,
                          vocab_size=4000), False),
    ("mlp_only_tied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, head_dim=64,
                           num_hidden_layers=3, intermediate_size=640, moe_intermediate_size=96, num_experts=6,
                           num_experts_per_tok=1, mlp_only_layers=[1], tie_word_embeddings=True,
                           vocab_size=4000), True),
    ("bias", dict(hidden_size=384, num_attention_heads=6, num_key_value_heads=2, head_dim=64, num_hidden_layers=2,
                  intermediate_size=768, moe_intermediate_size=128, num_experts=8, num_experts_per_tok=2,
                  attention_bias=True, vocab_size=5000), False),
]
V["gemma"] = [
    ("small", dict(hidden_size=512, num_attention_heads=4, num_key_value_heads=1, head_dim=128,
                   num_hidden_layers=3, intermediate_size=1024, vocab_size=8000), True),
    ("untied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, head_dim=64,
                    num_hidden_layers=2, intermediate_size=512, vocab_size=4000, tie_word_embeddings=False), False),
    ("bias", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=2, head_dim=32,
                  num_hidden_layers=2, intermediate_size=512, vocab_size=4000, attention_bias=True), True),
]
V["gemma2"] = [
    ("small", dict(hidden_size=512, num_attention_heads=4, num_key_value_heads=2, head_dim=128,
                   num_hidden_layers=4, intermediate_size=1024, vocab_size=8000), True),
    ("untied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, head_dim=64,
                    num_hidden_layers=2, intermediate_size=512, vocab_size=4000, tie_word_embeddings=False), False),
    ("bias", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=2, head_dim=32,
                  num_hidden_layers=3, intermediate_size=512, vocab_size=4000, attention_bias=True), True),
]
V["gemma3_text"] = [
    ("small", dict(hidden_size=512, num_attention_heads=4, num_key_value_heads=2, head_dim=128,
                   num_hidden_layers=6, intermediate_size=1024, vocab_size=8000), True),
    ("untied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, head_dim=64,
                    num_hidden_layers=2, intermediate_size=512, vocab_size=4000, tie_word_embeddings=False), False),
    ("bias", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=2, head_dim=32,
                  num_hidden_layers=3, intermediate_size=512, vocab_size=4000, attention_bias=True), True),
]
V["phi"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_hidden_layers=3, intermediate_size=1024,
                   vocab_size=8000), True),
    ("gqa_qkln", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
                      intermediate_size=1024, vocab_size=4000, qk_layernorm=True), False),
    ("tied", dict(hidden_size=256, num_attention_heads=8, num_hidden_layers=2, intermediate_size=512,
                  vocab_size=4000, tie_word_embeddings=True), True),
]
V["phi3"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=8, num_hidden_layers=3,
                   intermediate_size=1024, vocab_size=8000, pad_token_id=0), True),
    ("gqa", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=2, num_hidden_layers=2,
                 intermediate_size=1024, vocab_size=8000, pad_token_id=0), False),
    ("tied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, num_hidden_layers=2,
                  intermediate_size=512, vocab_size=4000, pad_token_id=0, tie_word_embeddings=True), True),
]
V["olmo"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=8, num_hidden_layers=3,
                   intermediate_size=1024, vocab_size=8000), True),
    ("gqa_bias", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
                      intermediate_size=512, vocab_size=4000, attention_bias=True), False),
    ("tied", dict(hidden_size=256, num_attention_heads=4, num_hidden_layers=2, intermediate_size=512,
                  vocab_size=4000, tie_word_embeddings=True), True),
    # transformers reads `head_dim` when a config gives it (getattr with the derived default).
    ("headdim", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
                     intermediate_size=512, vocab_size=4000, head_dim=96), True),
]
V["olmo2"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=8, num_hidden_layers=3,
                   intermediate_size=1024, vocab_size=8000), True),
    ("gqa", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
                 intermediate_size=512, vocab_size=4000), True),
    ("bias_tied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=1, num_hidden_layers=2,
                       intermediate_size=512, vocab_size=4000, attention_bias=True, tie_word_embeddings=True), False),
    ("headdim", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
                     intermediate_size=512, vocab_size=4000, head_dim=96), True),
]
V["starcoder2"] = [
    ("small", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=2, num_hidden_layers=3,
                   intermediate_size=2048, vocab_size=8000), True),
    ("nobias_untied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, num_hidden_layers=2,
                           intermediate_size=1024, vocab_size=4000, use_bias=False,
                           tie_word_embeddings=False), False),
    ("mqa", dict(hidden_size=384, num_attention_heads=6, num_key_value_heads=1, num_hidden_layers=2,
                 intermediate_size=1000, vocab_size=4000), True),
    ("headdim", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
                     intermediate_size=1024, vocab_size=4000, head_dim=96), True),
]
V["deepseek_v2"] = [
    ("lite", dict(hidden_size=512, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=8,
                  intermediate_size=1024, moe_intermediate_size=128, n_routed_experts=8, num_experts_per_tok=2,
                  n_shared_experts=2, first_k_dense_replace=1, q_lora_rank=None, kv_lora_rank=128,
                  qk_nope_head_dim=64, qk_rope_head_dim=32, v_head_dim=64, vocab_size=8000), True),
    ("qlora", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=4,
                   intermediate_size=512, moe_intermediate_size=64, n_routed_experts=16, num_experts_per_tok=4,
                   n_shared_experts=1, first_k_dense_replace=0, q_lora_rank=128, kv_lora_rank=64,
                   qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, vocab_size=4000), False),
    ("bias_tied", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=4,
                       intermediate_size=512, moe_intermediate_size=64, n_routed_experts=6, num_experts_per_tok=3,
                       n_shared_experts=1, first_k_dense_replace=2, q_lora_rank=None, kv_lora_rank=64,
                       qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, vocab_size=4000,
                       attention_bias=True, mlp_bias=True, tie_word_embeddings=True), True),
]
V["gpt_oss"] = [
    ("small", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64, num_hidden_layers=2,
                   intermediate_size=256, num_local_experts=8, num_experts_per_tok=2, vocab_size=4000), True),
    ("nobias_tied", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=1, head_dim=32,
                         num_hidden_layers=3, intermediate_size=384, num_local_experts=16, num_experts_per_tok=4,
                         vocab_size=4000, attention_bias=False, tie_word_embeddings=True), False),
    ("hd_wide", dict(hidden_size=384, num_attention_heads=4, num_key_value_heads=4, head_dim=128,
                     num_hidden_layers=2, intermediate_size=512, num_experts=4, num_experts_per_tok=1,
                     vocab_size=6000), True),
]
V["t5"] = [
    ("small", dict(d_model=256, d_kv=32, num_heads=8, d_ff=512, num_layers=2, vocab_size=4000), True),
    ("gated_untied_asym", dict(d_model=256, d_kv=64, num_heads=4, d_ff=640, num_layers=2, num_decoder_layers=3,
                               vocab_size=4000, feed_forward_proj="gated-gelu", tie_word_embeddings=False), False),
    ("kv_mismatch", dict(d_model=384, d_kv=32, num_heads=6, d_ff=1024, num_layers=3, num_decoder_layers=1,
                         vocab_size=5000), True),
    # `is_gated_act` in a config.json wins over what T5Config derives from feed_forward_proj (key audit)
    ("gated_flag_relu", dict(d_model=256, d_kv=32, num_heads=4, d_ff=512, num_layers=2, vocab_size=4000,
                             feed_forward_proj="relu", is_gated_act=True), True),
]
V["bert"] = [
    ("small", dict(hidden_size=256, num_attention_heads=4, num_hidden_layers=2, intermediate_size=512,
                   vocab_size=4000, max_position_embeddings=128), True),
    ("types", dict(hidden_size=384, num_attention_heads=6, num_hidden_layers=3, intermediate_size=1536,
                   vocab_size=5000, max_position_embeddings=256, type_vocab_size=4), False),
    ("untied_flag", dict(hidden_size=256, num_attention_heads=8, num_hidden_layers=2, intermediate_size=1024,
                         vocab_size=3000, tie_word_embeddings=False), True),
]
V["mllama_text_model"] = [
    ("small", dict(hidden_size=256, num_attention_heads=8, num_key_value_heads=2, num_hidden_layers=5,
                   cross_attention_layers=[1, 3], intermediate_size=512, vocab_size=1000, pad_token_id=0), True),
    ("nocross_tied", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, num_hidden_layers=3,
                          cross_attention_layers=[], intermediate_size=512, vocab_size=2000, pad_token_id=0,
                          tie_word_embeddings=True), False),
    ("wide", dict(hidden_size=512, num_attention_heads=8, num_key_value_heads=8, num_hidden_layers=4,
                  cross_attention_layers=[0], intermediate_size=1024, vocab_size=4000, pad_token_id=0), True),
]

# ---- extra edge-case variants ----
V["bert"].append(("decoder_crossattn", dict(hidden_size=256, num_attention_heads=4, num_hidden_layers=2,
                  intermediate_size=512, vocab_size=3000, is_decoder=True, add_cross_attention=True), False))
V["opt"].append(("remove_final_ln", dict(hidden_size=256, ffn_dim=512, num_hidden_layers=2, num_attention_heads=4,
                 vocab_size=4000, _remove_final_layer_norm=True, max_position_embeddings=128), False))
V["qwen2_moe"].append(("step2_mlponly_combo", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2,
                       num_hidden_layers=6, intermediate_size=512, moe_intermediate_size=64,
                       shared_expert_intermediate_size=1024, num_experts=10, num_experts_per_tok=3,
                       decoder_sparse_step=2, mlp_only_layers=[3], vocab_size=4000), True))
V["qwen3_moe"].append(("step3_combo", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=48,
                       num_hidden_layers=6, intermediate_size=512, moe_intermediate_size=64, num_experts=12,
                       num_experts_per_tok=3, decoder_sparse_step=3, mlp_only_layers=[5], vocab_size=4000), True))
V["deepseek_v3"].append(("all_dense", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                         intermediate_size=512, moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2,
                         n_shared_experts=1, first_k_dense_replace=5, q_lora_rank=128, kv_lora_rank=64,
                         qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, vocab_size=4000,
                         n_group=1, topk_group=1), True))
V["falcon"].append(("newarch_mha", dict(hidden_size=256, num_attention_heads=4, num_kv_heads=4, num_hidden_layers=2,
                    vocab_size=4000, new_decoder_architecture=True, bias=True, ffn_hidden_size=1024), True))
V["phi"].append(("qkln_tied_nokv", dict(hidden_size=384, num_attention_heads=6, num_hidden_layers=2,
                 intermediate_size=768, vocab_size=4000, qk_layernorm=True, tie_word_embeddings=True), True))
V["t5"].append(("gated_silu_tied", dict(d_model=256, d_kv=64, num_heads=4, d_ff=512, num_layers=2,
                num_decoder_layers=2, vocab_size=4000, feed_forward_proj="gated-silu"), True))
V["gemma3_text"].append(("layer_types", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                         num_hidden_layers=4, intermediate_size=512, vocab_size=4000,
                         layer_types=["full_attention", "sliding_attention", "full_attention", "sliding_attention"]), True))
V["deepseek_v2"].append(("group_limited", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                         num_key_value_heads=4, intermediate_size=512, moe_intermediate_size=64, n_routed_experts=8,
                         num_experts_per_tok=2, n_shared_experts=0, first_k_dense_replace=0, q_lora_rank=None,
                         kv_lora_rank=64, qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, vocab_size=4000,
                         topk_method="group_limited_greedy", n_group=2, topk_group=1), True))

# Families added later, from transformers 5.24's modeling code. `small` is a
# small model; `alt` turns on the switches that are off by default.
_B = dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
          intermediate_size=512, vocab_size=4000, pad_token_id=0)


def _small(**kw):
    d = dict(_B)
    d.update(kw)
    return d


V["glm"] = [("small", _small(head_dim=64), True), ("alt", _small(head_dim=64, attention_bias=False), False)]
V["glm4"] = [("small", _small(head_dim=64), True), ("alt", _small(head_dim=64, attention_bias=False), False)]
V["cohere"] = [("small", _small(), True), ("alt", _small(use_qk_norm=True, attention_bias=True), True)]
V["cohere2"] = [("small", _small(head_dim=64), True), ("alt", _small(head_dim=64, attention_bias=True), False)]
V["helium"] = [("small", _small(head_dim=64), True),
               ("alt", _small(head_dim=64, attention_bias=True, mlp_bias=True), False),
               # no `num_key_value_heads`: HeliumConfig's own default (20), not "as many as the heads"
               ("kv_default", dict(hidden_size=1280, num_hidden_layers=2, num_attention_heads=40, head_dim=32,
                                   intermediate_size=512, vocab_size=4000), True)]
V["ernie4_5"] = [("small", _small(head_dim=64), True), ("alt", _small(head_dim=64, use_bias=True), True)]
V["exaone4"] = [("small", _small(), True), ("tied", _small(tie_word_embeddings=True), False)]
V["hunyuan_v1_dense"] = [("small", _small(head_dim=64), True),
                         ("alt", _small(head_dim=64, attention_bias=True), False)]
V["arcee"] = [("small", _small(head_dim=64), True), ("alt", _small(head_dim=64, mlp_bias=True), False)]
V["nemotron"] = [("small", _small(head_dim=64), True),
                 ("alt", _small(head_dim=64, attention_bias=True, mlp_bias=True), False)]
V["olmoe"] = [("small", _small(num_experts=8, num_experts_per_tok=2), True),
              ("alt", _small(num_experts=8, num_experts_per_tok=2, attention_bias=True), False)]
V["phimoe"] = [("small", _small(num_local_experts=4, num_experts_per_tok=2), True),
               ("alt", _small(num_local_experts=4, num_experts_per_tok=2, attention_bias=True), False),
              # Phi-3.5-MoE's released config sets lm_head_bias (and attention_bias).
              ("head_bias", _small(num_local_experts=4, num_experts_per_tok=2, attention_bias=True,
                                   lm_head_bias=True), True)]
V["stablelm"] = [("small", _small(), True), ("qkv_bias", _small(use_qkv_bias=True), True)]
V["granite"] = [("small", _small(), True),
                ("alt", _small(attention_bias=True, mlp_bias=True, tie_word_embeddings=True), False)]
V["smollm3"] = [("small", _small(), True), ("alt", _small(attention_bias=True, mlp_bias=True), False)]

_L4 = dict(head_dim=64, intermediate_size=256, intermediate_size_mlp=512, num_local_experts=4,
           num_experts_per_tok=2)
V["llama4_text"] = [
    ("small", _small(**_L4, interleave_moe_layer_step=2), True),
    ("every_layer", _small(**_L4, interleave_moe_layer_step=1), False),
    ("listed", _small(**_L4, moe_layers=[0, 3]), False),
]

V["seed_oss"] = [("small", _small(head_dim=64), True),
                 ("alt", _small(head_dim=64, attention_out_bias=True, mlp_bias=True), True),
                 ("no_qkv_bias", _small(head_dim=64, attention_bias=False), False)]

# ---- token mixers that are not softmax attention, and their hybrids ----
# Widths are scaled down; switches and ratios follow the released checkpoints.
_QN = dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
           intermediate_size=512, vocab_size=4000, linear_num_key_heads=2, linear_num_value_heads=4,
           linear_key_head_dim=32, linear_value_head_dim=32)
V["qwen3_next"] = [
    # Qwen3-Next-80B-A3B: 3 Gated DeltaNet : 1 gated attention, 512 experts top-10 + a gated shared expert.
    ("80b_a3b", dict(_QN, num_experts=16, num_experts_per_tok=4, moe_intermediate_size=64,
                     shared_expert_intermediate_size=64), True),
    ("dense_layers", dict(_QN, num_experts=8, num_experts_per_tok=2, moe_intermediate_size=64,
                          shared_expert_intermediate_size=128, mlp_only_layers=[0], decoder_sparse_step=2), True),
    ("interval2_bias_tied", dict(_QN, num_hidden_layers=4, full_attention_interval=2, attention_bias=True,
                                 tie_word_embeddings=True, num_experts=4, num_experts_per_tok=1,
                                 moe_intermediate_size=64, shared_expert_intermediate_size=64,
                                 linear_num_key_heads=4, linear_conv_kernel_dim=3), True),
    ("listed_no_experts", dict(_QN, num_hidden_layers=3, num_experts=0,
                               layer_types=["full_attention", "linear_attention", "linear_attention"],
                               linear_key_head_dim=16, linear_value_head_dim=48), False),
]
_Q35 = dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=4, num_key_value_heads=1, head_dim=64,
            intermediate_size=768, vocab_size=4000, linear_num_key_heads=2, linear_num_value_heads=4,
            linear_key_head_dim=32, linear_value_head_dim=32)
V["qwen3_5_text"] = [
    # Qwen3.5-9B: 3 Gated DeltaNet : 1 gated attention, dense MLP, 16 key / 32 value linear heads.
    ("9b", dict(_Q35), True),
    ("interval2_bias_tied", dict(_Q35, num_hidden_layers=4, full_attention_interval=2, attention_bias=True,
                                 tie_word_embeddings=True, linear_conv_kernel_dim=2), True),
    ("listed", dict(_Q35, num_hidden_layers=3, linear_num_key_heads=4,
                    layer_types=["linear_attention", "full_attention", "linear_attention"]), False),
]
_Q35M = dict(_Q35, num_experts=16, num_experts_per_tok=4, moe_intermediate_size=64,
             shared_expert_intermediate_size=64)
V["qwen3_5_moe_text"] = [
    # Qwen3.5-35B-A3B: 256 experts top-8, 16/32 linear heads, 2 KV heads.
    ("35b_a3b", dict(_Q35M, num_key_value_heads=2), True),
    # Qwen3.5-397B-A17B: 512 experts top-10, 16/64 linear heads, 32 query heads.
    ("397b_a17b", dict(_Q35M, num_attention_heads=8, num_key_value_heads=1, linear_num_key_heads=1,
                       linear_num_value_heads=4, num_experts=32, num_experts_per_tok=5,
                       shared_expert_intermediate_size=128), False),
    ("interval2_bias_tied", dict(_Q35M, num_hidden_layers=4, full_attention_interval=2, attention_bias=True,
                                 tie_word_embeddings=True), True),
]
_KL = dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=4, kv_lora_rank=64, qk_nope_head_dim=32,
           qk_rope_head_dim=16, v_head_dim=32, intermediate_size=512, moe_intermediate_size=64,
           num_local_experts=8, num_experts_per_tok=2, vocab_size=4000, linear_num_heads=4, linear_head_dim=32, pad_token_id=0)
V["kimi_linear"] = [
    # Kimi-Linear-48B-A3B: 3 KDA : 1 MLA (1-indexed full_attn_layers in linear_attn_config), 256 experts
    # top-8 + 1 shared, the first layer dense.
    ("48b_a3b", dict(_KL, linear_attn_config=dict(head_dim=32, num_heads=4, short_conv_kernel_size=4,
                                                   full_attn_layers=[4, 8], kda_layers=[1, 2, 3, 5, 6, 7])), True),
    ("qlora_dense2_shared2", dict(_KL, q_lora_rank=96, first_k_dense_replace=2, n_shared_experts=2,
                                  linear_conv_kernel_dim=3, attention_bias=True), True),
    ("listed_tied", dict(_KL, num_hidden_layers=4, tie_word_embeddings=True,
                         layer_types=["full_attention", "linear_attention", "linear_attention", "full_attention"],
                         mlp_layer_types=["sparse", "dense", "sparse", "sparse"]), False),
]
_LF = dict(hidden_size=256, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=2,
           intermediate_size=1024, vocab_size=4000)
V["lfm2"] = [
    # LFM2-1.2B: 16 layers, attention at 2,5,8,10,12,14 (full_attn_idxs), block_ff_dim 12288 auto-adjusted.
    ("1_2b", dict(_LF, full_attn_idxs=[2, 5]), True),
    ("conv_bias_untied", dict(_LF, full_attn_idxs=[1], conv_bias=True, conv_L_cache=4,
                              tie_word_embeddings=False), True),
    ("no_adjust", dict(_LF, layer_types=["conv", "full_attention", "conv"], num_hidden_layers=3,
                       block_auto_adjust_ff_dim=False), False),
    ("multiplier", dict(_LF, full_attn_idxs=[0, 3], block_ffn_dim_multiplier=1.5, block_multiple_of=64), False),
]
_L8 = ["conv", "conv", "full_attention", "conv", "conv", "conv",
       "full_attention", "conv", "conv", "conv", "full_attention", "conv",
       "conv", "conv", "full_attention", "conv", "conv", "conv",
       "full_attention", "conv", "conv", "full_attention", "conv", "conv"]
V["lfm2_moe"] = [
    # LFM2-8B-A1B: 24 layers (18 conv, 6 attention), 2 dense layers, 32 experts top-4.
    ("8b_a1b", dict(hidden_size=256, num_hidden_layers=24, num_attention_heads=4, num_key_value_heads=2,
                    intermediate_size=512, moe_intermediate_size=128, num_experts=8, num_experts_per_tok=2,
                    vocab_size=4000, layer_types=_L8), True),
    ("alt", dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=4,
                 intermediate_size=512, moe_intermediate_size=64, num_experts=4, num_experts_per_tok=1,
                 num_dense_layers=0, conv_bias=True, conv_L_cache=5, tie_word_embeddings=False,
                 vocab_size=4000, layer_types=["full_attention", "conv", "conv", "full_attention"]), True),
]
V["lfm3"] = [
    ("small", dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                   intermediate_size=512, vocab_size=4000, sliding_window=64, pad_token_id=0), True),
    ("plain", dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=1, head_dim=32,
                   intermediate_size=512, vocab_size=4000, pad_token_id=0, use_sandwich_norm=False, use_attention_gate=False,
                   attention_bias=True, conv_bias=True, conv_L_cache=3, tie_word_embeddings=False,
                   layer_types=["conv", "full_attention", "sliding_attention", "conv"]), True),
]
V["olmo_hybrid"] = [
    # OLMo-Hybrid-7B: 3 Gated DeltaNet : 1 attention (OLMo 3 post-norm blocks), key width 0.75·d/heads.
    ("7b", dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=4, intermediate_size=512,
                vocab_size=4000, pad_token_id=0, eos_token_id=1), True),
    ("alt", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=2,
                 intermediate_size=512, vocab_size=4000, pad_token_id=0, eos_token_id=1, attention_bias=True,
                 tie_word_embeddings=True, linear_num_key_heads=2, linear_num_value_heads=4,
                 linear_key_head_dim=16, linear_value_head_dim=48, linear_conv_kernel_dim=3,
                 layer_types=["linear_attention", "full_attention", "linear_attention"]), True),
]
_BH = dict(hidden_size=256, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=4, kv_lora_rank=64,
           qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, head_dim=32, intermediate_size=512,
           moe_intermediate_size=64, num_local_experts=8, num_experts_per_tok=2, n_group=2, topk_group=1,
           vocab_size=4000, pad_token_id=0, eos_token_id=1)
V["bailing_hybrid"] = [
    # Ring/Ling-2.5 style: 5 KDA : 1 gated MLA (layer_group_size 6), 2 dense layers first.
    ("ling", dict(_BH), True),
    ("alt", dict(_BH, num_hidden_layers=4, layer_group_size=2, first_k_dense_replace=1, q_lora_rank=96,
                 n_shared_experts=2, short_conv_kernel_size=3, attention_bias=True, tie_word_embeddings=True), True),
]
_MM = dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
           intermediate_size=256, num_local_experts=4, num_experts_per_tok=2, vocab_size=4000, block_size=64)
V["minimax"] = [
    # MiniMax-Text-01: 7 lightning : 1 softmax layers, 32 experts top-2, head_dim 128.
    ("text_01", dict(_MM, num_hidden_layers=8, layer_types=["linear_attention"] * 7 + ["full_attention"]), True),
    ("alternate_nohd", dict(_MM, head_dim=None, tie_word_embeddings=True, num_experts_per_tok=1), True),
]
_M3 = dict(hidden_size=256, num_hidden_layers=6, num_attention_heads=8, num_key_value_heads=2, head_dim=32,
           intermediate_size=64, num_local_experts=8, num_experts_per_tok=2, shared_intermediate_size=64,
           dense_intermediate_size=512, vocab_size=4000, index_n_heads=2, index_head_dim=32, index_block_size=16,
           index_topk_blocks=4, rotary_dim=16)
V["minimax_m3_vl_text"] = [
    # MiniMax-M3: GQA 64/4 with per-head QK norms, lightning-indexer (block-sparse) layers among full ones,
    # 128 experts top-4 of 3072 + one shared expert of 3072, dense MLPs of 12288 where mlp_layer_types says so.
    ("m3", dict(_M3, layer_types=["full_attention", "minimax_m3_sparse"] * 3,
                mlp_layer_types=["dense"] + ["sparse"] * 5), True),
    ("all_sparse_tied", dict(_M3, num_hidden_layers=4, layer_types=["minimax_m3_sparse"] * 4, index_n_heads=4,
                             index_head_dim=16, index_block_size=32, tie_word_embeddings=True), True),
    # As released configs write it: moe_layer_freq and sparse_attention_config's own keys, the first 3 layers
    # dense with full attention, the rest MoE with the indexer.
    ("released_keys", dict(_M3, num_hidden_layers=8, moe_layer_freq=[0, 0, 0] + [1] * 5, n_shared_experts=1,
                           sparse_attention_config=dict(use_sparse_attention=True, sparse_index_dim=16,
                                                        sparse_num_index_heads=4, sparse_topk_blocks=4,
                                                        sparse_block_size=32, sparse_score_type="max",
                                                        sparse_local_block=1,
                                                        sparse_attention_freq=[0, 0, 0] + [1] * 5,
                                                        sparse_disable_index_value=[0, 0, 0] + [1] * 5)), True),
    ("full_dense_mix", dict(_M3, num_hidden_layers=4, shared_intermediate_size=128,
                            mlp_layer_types=["dense", "sparse", "dense", "sparse"]), False),
]
_ZY = dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=2, head_dim=32,
           moe_intermediate_size=128, num_experts=8, num_experts_per_tok=1, router_hidden_size=64, vocab_size=4000)
V["zaya"] = [
    # ZAYA1-8B: 40 layers of CCA attention (8 heads, 2 KV heads of 128, kernels 2 and 2) with 16 experts top-1
    # and an MLP router of 256 carrying its state across layers; tied embeddings.
    ("zaya1", dict(_ZY), True),
    ("sliding_bias_kernels", dict(_ZY, layer_types=["hybrid", "hybrid_sliding", "hybrid", "hybrid_sliding"],
                                  sliding_window=64, attention_bias=True, lm_head_bias=True, tie_word_embeddings=False,
                                  cca_time0=3, cca_time1=4), True),
    ("mha_wide_router", dict(_ZY, num_hidden_layers=3, num_key_value_heads=8, router_hidden_size=256,
                             num_experts=4), False),
]
V["recurrent_gemma"] = [
    # RecurrentGemma-2B: 2 RG-LRU : 1 local attention, lru_width = hidden, 10 heads, 1 KV head.
    ("2b", dict(hidden_size=256, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=1,
                intermediate_size=768, vocab_size=4000, attention_window_size=64), True),
    # RecurrentGemma-9B: wider LRU, MQA.
    ("9b", dict(hidden_size=256, num_hidden_layers=5, num_attention_heads=4, num_key_value_heads=1, lru_width=384,
                intermediate_size=1024, vocab_size=4000, conv1d_width=3), False),
    ("alt", dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=8, intermediate_size=512,
                 vocab_size=4000, attention_bias=True, tie_word_embeddings=False,
                 block_types=["recurrent", "attention"]), True),
]
V["rwkv"] = [
    # RWKV-4-169M/430M/1B5 shapes: attention width = hidden, FFN 4·hidden.
    ("169m", dict(hidden_size=256, num_hidden_layers=4, vocab_size=4000, context_length=256), True),
    ("widths_tied", dict(hidden_size=256, num_hidden_layers=3, vocab_size=4000, context_length=128,
                         attention_hidden_size=192, intermediate_size=640, tie_word_embeddings=True), True),
]
V["xlstm"] = [
    # xLSTM-7B: 32 mLSTM blocks, 8 heads, qk 0.5·d, v d, SwiGLU 2.667·d rounded up to 64.
    ("7b", dict(hidden_size=256, num_hidden_layers=4, num_heads=4, vocab_size=4000), True),
    ("bias_fused", dict(hidden_size=256, num_hidden_layers=3, num_heads=2, vocab_size=4000, use_bias=True,
                        weight_mode="fused", qk_dim_factor=0.25, v_dim_factor=0.75, ffn_proj_factor=2.0,
                        tie_word_embeddings=True), True),
    # xLSTM-7b's own keys: `embedding_dim` and `num_blocks` (it gives no hidden_size/num_hidden_layers).
    ("blocks_keys", dict(hidden_size=256, embedding_dim=256, num_blocks=3, num_heads=4, vocab_size=4000), True),
]

_LM = dict(hidden_size=256, num_hidden_layers=10, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
           vocab_size=4000, linear_num_key_heads=2, linear_num_value_heads=4, linear_key_head_dim=32,
           linear_value_head_dim=32, num_experts=8, num_experts_per_tok=2, moe_intermediate_size=64,
           shared_expert_intermediate_size=128, sliding_window=64)
V["lara_mini"] = [
    # Lara-4-Mini: period 5 (GDN, sliding, GDN, global without RoPE, sliding), 128 experts top-4 and an
    # ungated shared expert in every layer, tied embeddings.
    ("lara_4_mini", dict(_LM), True),
    ("listed_bias_untied", dict(_LM, num_hidden_layers=4, attention_bias=True, tie_word_embeddings=False,
                                layer_types=["full_attention", "linear_attention", "sliding_attention",
                                             "linear_attention"]), True),
]

# ---- state-space families and hybrids (Layer::mixer) ----
V["mamba"] = [
    # state-spaces/mamba-2.8b-hf's switches and ratios (expand 2, state 16, conv 4, auto dt rank, tied)
    ("2p8b_shape", dict(hidden_size=256, num_hidden_layers=4, vocab_size=1000, state_size=16, expand=2,
                        conv_kernel=4), True),
    ("switches", dict(hidden_size=192, num_hidden_layers=3, vocab_size=800, state_size=8, expand=3, conv_kernel=3,
                      time_step_rank=7, use_bias=True, use_conv_bias=False, tie_word_embeddings=False), True),
]
V["falcon_mamba"] = [
    # tiiuae/falcon-mamba-7b's switches (untied head, dt rank d/16)
    ("7b_shape", dict(hidden_size=256, num_hidden_layers=4, vocab_size=1000, tie_word_embeddings=False,
                      time_step_rank=16), True),
    ("switches", dict(hidden_size=128, num_hidden_layers=2, vocab_size=500, expand=4, state_size=32, use_bias=True,
                      use_conv_bias=False), False),
]
V["mamba2"] = [
    # state-spaces/mamba2-2.7b's switches: head width 64, one group, state 128, tied
    ("2p7b_shape", dict(hidden_size=256, num_heads=8, head_dim=64, state_size=32, n_groups=1, num_hidden_layers=4,
                        vocab_size=1000, tie_word_embeddings=True, chunk_size=64), True),
    ("switches", dict(hidden_size=128, expand=3, num_heads=6, head_dim=64, n_groups=2, state_size=16,
                      conv_kernel=3, chunk_size=96, use_bias=True, use_conv_bias=False, num_hidden_layers=2,
                      vocab_size=500), True),
]

V["bamba"] = [
    # ibm-ai-platform/Bamba-9B's switches: attention at 3 of 32 layers, GQA 4:1, d_ff 3.5·d, head width 64,
    # one group, untied
    ("9b_shape", dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=8, num_key_value_heads=2,
                      intermediate_size=896, vocab_size=1000, attn_layer_indices=[2, 5], mamba_n_heads=8,
                      mamba_d_head=64, mamba_d_state=32, mamba_n_groups=1, mamba_chunk_size=64), True),
    ("switches", dict(hidden_size=128, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=4,
                      head_dim=48, intermediate_size=256, vocab_size=500, attn_layer_indices=[0, 7],
                      mamba_n_heads=4, mamba_n_groups=2, mamba_d_state=16, mamba_d_conv=3, mamba_expand=3,
                      mamba_conv_bias=False, mamba_proj_bias=True, attention_bias=True, mlp_bias=True,
                      tie_word_embeddings=True, mamba_chunk_size=100), True),
    ("no_attention", dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
                          intermediate_size=256, mamba_n_heads=4, mamba_d_state=16, mamba_chunk_size=64), False),
]

V["nemotron_h"] = [
    # nvidia/Nemotron-H-8B-Base-8K's switches: Mamba-2 / relu² MLP alternation with attention every ~10
    # layers (hybrid_override_pattern), head width 64, 8 groups, d_ff 5.25·d, no biases, untied
    ("8b_shape", dict(hidden_size=256, hybrid_override_pattern="M-M-M-M*-M-M-", num_attention_heads=8,
                      num_key_value_heads=2, head_dim=32, intermediate_size=1344, mamba_num_heads=8,
                      mamba_head_dim=64, ssm_state_size=32, n_groups=4, chunk_size=64, vocab_size=1000), True),
    # Nemotron-3-Nano-30B-A3B's switches: Mamba-2 / MoE alternation (MoE with a shared expert), a few
    # attention layers
    ("nano_moe", dict(hidden_size=128, hybrid_override_pattern="MEM*EM-E", num_attention_heads=4,
                      num_key_value_heads=2, head_dim=32, intermediate_size=256, mamba_num_heads=4,
                      mamba_head_dim=64, ssm_state_size=16, n_groups=2, chunk_size=32, vocab_size=500,
                      n_routed_experts=16, num_experts_per_tok=4, moe_intermediate_size=64,
                      moe_shared_expert_intermediate_size=128), True),
    # latent MoE (moe_latent_size), every bias switch, a tie that transformers ignores, the mamba_ aliases
    ("latent_switches", dict(hidden_size=128, layers_block_type=["mamba", "moe", "attention", "mlp", "moe"],
                             num_attention_heads=4, num_key_value_heads=4, intermediate_size=192,
                             mamba_num_heads=2, mamba_head_dim=96, ssm_state_size=16, n_groups=2,
                             mamba_n_groups=1, mamba_d_conv=3, mamba_chunk_size=48, vocab_size=500,
                             n_routed_experts=8, num_experts_per_tok=2, moe_intermediate_size=96,
                             moe_shared_expert_intermediate_size=80, moe_latent_size=48, mlp_bias=True,
                             use_bias=True, use_conv_bias=False, tie_word_embeddings=True), True),
]

V["granitemoehybrid"] = [
    # ibm-granite/granite-4.0-h-small's switches: Mamba-2 with attention every 10th layer, 72 experts top-10 of
    # width 0.22·d plus a shared gated MLP, head width 64, one group, tied, NoPE
    ("h_small_shape", dict(hidden_size=256, num_hidden_layers=8,
                           layer_types=["mamba"] * 3 + ["attention"] + ["mamba"] * 3 + ["attention"],
                           num_attention_heads=8, num_key_value_heads=2, intermediate_size=56,
                           shared_intermediate_size=512, num_local_experts=18, num_experts_per_tok=3,
                           mamba_n_heads=8, mamba_d_head=64, mamba_d_state=32, mamba_n_groups=1,
                           mamba_chunk_size=64, vocab_size=1000, tie_word_embeddings=True,
                           position_embedding_type="nope"), True),
    # granite-4.0-h-micro: no experts, only the shared MLP
    ("h_micro_dense", dict(hidden_size=128, num_hidden_layers=4,
                           layer_types=["mamba", "attention", "mamba", "mamba"], num_attention_heads=4,
                           num_key_value_heads=4, num_local_experts=0, shared_intermediate_size=384,
                           mamba_n_heads=4, mamba_d_state=16, mamba_chunk_size=32, vocab_size=500), True),
    ("switches", dict(hidden_size=128, num_hidden_layers=3,
                      layer_types=["full_attention", "linear_attention", "linear_attention"],
                      num_attention_heads=4, num_key_value_heads=2, head_dim=48, attention_bias=True,
                      intermediate_size=64, shared_intermediate_size=96, num_local_experts=4,
                      num_experts_per_tok=2, mamba_n_heads=4, mamba_expand=3, mamba_n_groups=2,
                      mamba_d_state=16, mamba_d_conv=3, mamba_conv_bias=False, mamba_proj_bias=True,
                      mamba_chunk_size=100, vocab_size=500, tie_word_embeddings=False), True),
]

V["falcon_h1"] = [
    # tiiuae/Falcon-H1-7B-Base's switches: attention and Mamba-2 side by side in every layer, attention half as
    # wide as d (head_dim given), GQA 6:1, Mamba-2 width mamba_d_ssm = d in heads of 128, state 256, d_ff 4·d
    ("7b_shape", dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=6, num_key_value_heads=1,
                      head_dim=32, intermediate_size=1024, mamba_d_ssm=256, mamba_n_heads=2, mamba_d_head=128,
                      mamba_d_state=64, mamba_n_groups=1, mamba_chunk_size=64, vocab_size=1000,
                      tie_word_embeddings=False), True),
    ("switches", dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                      intermediate_size=256, mamba_d_ssm=None, mamba_n_heads=4, mamba_n_groups=2, mamba_d_state=16,
                      mamba_d_conv=3, mamba_chunk_size=100, mamba_conv_bias=False, mamba_proj_bias=True,
                      projectors_bias=True, mamba_rms_norm=True, attention_bias=True, mlp_bias=True,
                      vocab_size=500, tie_word_embeddings=True), True),
]

V["jamba"] = [
    # ai21labs/Jamba-v0.1's switches: attention every 8th layer (offset 4), a MoE of 16 experts top-2 every
    # other layer (offset 1), GQA 4:1, d_ff 3.5·d, state 16, dt rank d/16, untied
    ("v0_1_shape", dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=8, num_key_value_heads=2,
                        intermediate_size=896, num_experts=16, num_experts_per_tok=2, vocab_size=1000), True),
    ("switches", dict(hidden_size=128, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=4,
                      head_dim=48, intermediate_size=256, attn_layer_period=3, attn_layer_offset=0,
                      expert_layer_period=3, expert_layer_offset=2, num_experts=4, num_experts_per_tok=1,
                      mamba_d_state=8, mamba_d_conv=3, mamba_expand=3, mamba_dt_rank=5, mamba_conv_bias=False,
                      mamba_proj_bias=True, vocab_size=500, tie_word_embeddings=True), True),
    ("no_moe", dict(hidden_size=128, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
                    intermediate_size=256, attn_layer_period=2, attn_layer_offset=1, num_experts=1,
                    vocab_size=500), False),
    # fewer layers than the first attention layer's offset: every layer is Mamba
    ("all_mamba", dict(hidden_size=128, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
                       intermediate_size=256, attn_layer_period=8, attn_layer_offset=4, num_experts=4,
                       num_experts_per_tok=2, vocab_size=500), True),
]

_DO = dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64, intermediate_size=512,
           vocab_size=4000, sliding_window=64)
V["dory"] = [
    # Released layout: attention and MLP listed as separate blocks (DoryConfig pairs them and halves the
    # counts), a looped middle section.
    ("released", dict(_DO, num_hidden_layers=16, n_input_layers=4, n_output_layers=4, n_recurrent_loops=3,
                      layer_types=["sliding_attention", "mlp", "sliding_attention", "mlp", "sliding_attention",
                                   "mlp", "full_attention", "mlp"] * 2), True),
    ("small", dict(_DO, num_hidden_layers=8, n_input_layers=2, n_output_layers=2), True),
    ("alt", dict(_DO, num_hidden_layers=6, n_input_layers=1, n_output_layers=1, n_recurrent_layers=2,
                 n_recurrent_loops=4, attention_bias=True, mlp_bias=True, tie_word_embeddings=True), True),
]
V["hrm_text"] = [
    # Two stacks of num_hidden_layers layers, run H_cycles·L_cycles (low) and H_cycles (high) times.
    ("small", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4, head_dim=64,
                   intermediate_size=512, vocab_size=4000, H_cycles=2, L_cycles=2), True),
    ("alt", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=8, head_dim=32, intermediate_size=768,
                 vocab_size=4000, H_cycles=1, L_cycles=3, attention_bias=True, mlp_bias=True,
                 tie_word_embeddings=True), True),
]

V["zamba"] = [
    # Zyphra/Zamba-7B-v1's switches: ZambaConfig's pattern (hybrid every 6th layer), one shared block over
    # [input, embeddings], 2 Mamba heads, MHA, d_ff 4·d, tied
    ("7b_shape", dict(hidden_size=128, num_hidden_layers=9, num_attention_heads=4, num_key_value_heads=4,
                      intermediate_size=512, n_mamba_heads=2, vocab_size=500), True),
    ("switches", dict(hidden_size=128, num_hidden_layers=4, layers_block_type=["mamba", "hybrid", "mamba", "hybrid"],
                      num_attention_heads=4, num_key_value_heads=2, attention_head_dim=24, intermediate_size=256,
                      n_mamba_heads=3, mamba_d_state=8, mamba_d_conv=3, mamba_expand=3, mamba_dt_rank=6,
                      mamba_conv_bias=False, mamba_proj_bias=True, vocab_size=500, tie_word_embeddings=False), True),
]
V["zamba2"] = [
    # Zyphra/Zamba2-2.7B's switches: two shared blocks used in turn, LoRA adapters on the shared MLP, Mamba-2
    # heads of 64, one group, d_ff 4·d, tied
    ("2p7b_shape", dict(hidden_size=128, num_hidden_layers=12,
                        layers_block_type=["mamba", "mamba", "hybrid", "mamba", "mamba", "hybrid", "mamba", "mamba",
                                           "hybrid", "mamba", "hybrid", "mamba"],
                        num_mem_blocks=2, num_attention_heads=4, n_mamba_heads=4, mamba_d_state=16,
                        adapter_rank=8, chunk_size=64, vocab_size=500), True),
    # Zamba2-7B's further switches: attention adapters (which need MHA), RoPE; plus biases, groups, more blocks
    # than uses
    ("7b_switches", dict(hidden_size=128, num_hidden_layers=5,
                         layers_block_type=["hybrid", "mamba", "mamba", "hybrid", "mamba"], num_mem_blocks=3,
                         use_shared_attention_adapter=True, use_mem_rope=True, adapter_rank=16,
                         add_bias_linear=True, mamba_ngroups=2, n_mamba_heads=2, mamba_d_state=16,
                         mamba_d_conv=3, intermediate_size=200, num_attention_heads=4, num_key_value_heads=4,
                         chunk_size=100, vocab_size=500, tie_word_embeddings=False), True),
    ("no_hybrid", dict(hidden_size=128, num_hidden_layers=2, layers_block_type=["mamba", "mamba"],
                       n_mamba_heads=4, mamba_d_state=16, chunk_size=64, vocab_size=500), False),
    # untied: transformers then ties nothing, so every hybrid layer builds its block and an adapter slot per use
    # of its block
    ("untied_blocks", dict(hidden_size=128, num_hidden_layers=6,
                           layers_block_type=["hybrid", "hybrid", "mamba", "hybrid", "hybrid", "hybrid"],
                           num_mem_blocks=2, use_shared_attention_adapter=True, adapter_rank=8, num_attention_heads=4,
                           n_mamba_heads=4, mamba_d_state=16, chunk_size=64, vocab_size=500,
                           tie_word_embeddings=False), False),
    ("tied_spare_blocks", dict(hidden_size=128, num_hidden_layers=3, layers_block_type=["hybrid", "mamba", "hybrid"],
                               num_mem_blocks=3, adapter_rank=8, num_attention_heads=4, num_key_value_heads=2,
                               n_mamba_heads=4,
                               mamba_d_state=16, chunk_size=64, vocab_size=500), False),
    # `hybrid_layer_ids` in a config.json (as the released ones carry it) wins over what Zamba2Config derives; the
    # listed ids match the layer types (key audit; a list that does not is refused)
    ("listed_hybrid_ids", dict(hidden_size=128, num_hidden_layers=4, layers_block_type=["mamba", "hybrid", "mamba",
                                                                                       "hybrid"],
                               hybrid_layer_ids=[1, 3], num_mem_blocks=2, adapter_rank=8, num_attention_heads=4,
                               n_mamba_heads=4, mamba_d_state=16, chunk_size=64, vocab_size=500), True),
]

_Q4 = dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=4, num_key_value_heads=1, head_dim=64,
           vocab_size=4000, linear_num_key_heads=2, linear_num_value_heads=6, linear_key_head_dim=32,
           linear_value_head_dim=32, num_experts=16, num_experts_per_tok=4, moe_intermediate_size=64,
           shared_expert_intermediate_size=64, hc_count=4, hc_lowrank=40, indexer_n_heads=2, indexer_kv_heads=1,
           indexer_head_dim=64, indexer_budget=16, indexer_compress_ratio=4, eos_token_id=1)
V["qwen4_exp_text"] = [
    # The released Qwen4-Exp's switches: 3 Gated DeltaNet : 1 QSA-indexed attention, 4 residual streams with
    # low-rank mixings, 512 experts top-10 + a gated shared expert, an n-gram embedding (PLE) on layer 2.
    ("released", dict(_Q4, ple_layer_ids=[2], ngram_vocab_size_base=1000, ple_embed_dim=128,
                      output_gate_type="sigmoid"), True),
    ("two_ple_layers", dict(_Q4, ple_layer_ids=[5, 1], ngram_vocab_size_base=500, ngram_size=2, heads_per_ngram=4,
                            ple_conv_kernel_size=3, make_ngram_vocab_size_divisible_by=64, hc_count=2,
                            hc_lowrank=24, tie_word_embeddings=True), True),
    ("listed_bias", dict(_Q4, num_hidden_layers=4, attention_bias=True,
                         layer_types=["linear_attention", "full_attention", "linear_attention",
                                      "indexed_attention"], indexer_compress_ratio=3, indexer_budget=15), False),
]
# ---- the newest dense families, the Gemma line and the odd dense designs ----
# `released` variants follow a released checkpoint's switches and ratios with
# smaller widths and depths.
V["apertus"] = [
    ("released", _small(num_key_value_heads=2, intermediate_size=1344), True),   # Apertus-8B: GQA 32/8, ff 5.25·d
    ("gelu", _small(hidden_act="gelu"), True),                                    # no learned activation
    ("bias_tied", _small(attention_bias=True, tie_word_embeddings=True), False),
]
V["apertus1p5_text"] = [
    ("released", _small(num_key_value_heads=2, vocab_size=6000, output_vocab_size=4000), True),
    ("unpruned", _small(), True),
    ("full_head", _small(output_vocab_size=4000), False),
]
V["bitnet"] = [
    ("released", _small(num_key_value_heads=1, intermediate_size=688), True),   # bitnet-b1.58-2B-4T: 20/5 heads
    ("bias_tied", _small(attention_bias=True, tie_word_embeddings=True), False),
]
V["cohere_compass_text"] = [
    ("small", _small(head_dim=64, rope_parameters={"full_attention": {"rope_type": "default", "rope_theta": 10000.0}}), True),
    ("sliding", _small(head_dim=64, sliding_window=64,
                       layer_types=["sliding_attention", "sliding_attention", "sliding_attention", "full_attention"],
                       rope_parameters={"full_attention": {"rope_type": "default", "rope_theta": 10000.0},
                                        "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0}}), True),
    ("bias_untied", _small(head_dim=64, attention_bias=True, tie_word_embeddings=False,
                           rope_parameters={"full_attention": {"rope_type": "default", "rope_theta": 10000.0}}), False),
]
V["diffllama"] = [
    ("small", _small(head_dim=64), True),
    ("mha_bias", _small(num_key_value_heads=4, attention_bias=True), True),
    ("tied", _small(head_dim=32, num_key_value_heads=4, tie_word_embeddings=True), False),
]
V["doge"] = [
    ("released", _small(num_key_value_heads=4, keep_window_size=128), True),     # Doge-160M: MHA, dense
    ("moe", _small(num_key_value_heads=4, is_moe=True, num_experts=64, num_experts_per_tok=8), True),
    ("moe_nonsquare_bias", _small(is_moe=True, num_experts=50, num_experts_per_tok=4, mlp_bias=True,
                                  attention_bias=True), True),
    ("tied", _small(tie_word_embeddings=True), False),
]
V["flint"] = [
    ("released", _small(num_hidden_layers=6, head_dim=64, num_experts=16, num_experts_per_tok=4,
                        moe_intermediate_size=64, shared_expert_intermediate_size=128), True),
    ("mlp_only", _small(num_hidden_layers=5, head_dim=64, num_experts=8, num_experts_per_tok=2,
                        moe_intermediate_size=64, shared_expert_intermediate_size=96, mlp_only_layers=[2],
                        decoder_sparse_step=1), True),
    ("step2_bias", _small(num_hidden_layers=4, head_dim=64, num_experts=8, num_experts_per_tok=2,
                          moe_intermediate_size=64, decoder_sparse_step=2, attention_bias=True,
                          tie_word_embeddings=True), False),
]
_G4 = dict(hidden_size=256, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
           global_head_dim=128, intermediate_size=512, vocab_size=4000, vocab_size_per_layer_input=3000,
           hidden_size_per_layer_input=32, sliding_window=64)
_G4_TYPES = ["sliding_attention", "sliding_attention", "full_attention",
             "sliding_attention", "sliding_attention", "full_attention"]
V["gemma4_text"] = [
    # every layer reuses keys and values (transformers accepts it for Gemma 4)
    ("all_shared", dict(_G4, num_kv_shared_layers=6), True),
    # `layer_types: null`: the default pattern (a full layer every sixth, the last forced full)
    ("types_null", dict(_G4, num_hidden_layers=8, layer_types=None), True),
    # gemma-4-E2B: one key/value head, double-wide MLPs in the KV-shared last layers, per-layer inputs
    ("e2b", dict(_G4, num_key_value_heads=1, num_kv_shared_layers=3, use_double_wide_mlp=True,
                 layer_types=_G4_TYPES), True),
    # gemma-4-26B-A4B: experts beside the MLP, keys as values on full layers, no per-layer inputs
    ("a4b_moe", dict(_G4, hidden_size_per_layer_input=0, enable_moe_block=True, num_experts=8, top_k_experts=2,
                     moe_intermediate_size=64, attention_k_eq_v=True, num_global_key_value_heads=1), True),
    # gemma-4-31B: dense, keys as values on full layers
    ("dense_keqv", dict(_G4, hidden_size_per_layer_input=0, attention_k_eq_v=True,
                        num_global_key_value_heads=1, layer_types=_G4_TYPES), True),
    ("bias_untied", dict(_G4, attention_bias=True, tie_word_embeddings=False), True),
    ("per_layer_config", dict(_G4, layer_types=_G4_TYPES,
                              per_layer_config={"2": {"head_dim": 96, "num_key_value_heads": 4},
                                                "5": {"head_dim": 96, "num_key_value_heads": 4}}), False),
    ("bidirectional", dict(_G4, use_bidirectional_attention="all"), False),
]
V["gemma4_unified_text"] = [
    ("small", dict(_G4), True),
    ("keqv_shared", dict(_G4, attention_k_eq_v=True, num_global_key_value_heads=1, num_kv_shared_layers=2,
                         use_double_wide_mlp=True, layer_types=_G4_TYPES), True),
    ("bias_untied", dict(_G4, attention_bias=True, tie_word_embeddings=False, layer_types=_G4_TYPES), False),
]
_G3N = dict(hidden_size=256, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=1, head_dim=64,
            intermediate_size=[512, 512, 768, 768, 512, 512], vocab_size=4000, vocab_size_per_layer_input=3000,
            hidden_size_per_layer_input=32, laurel_rank=16, num_kv_shared_layers=2, sliding_window=64,
            layer_types=["sliding_attention", "sliding_attention", "full_attention",
                         "sliding_attention", "sliding_attention", "full_attention"])
V["gemma3n_text"] = [
    # gemma-3n-E2B/E4B: AltUp with 4 copies, LAuReL, per-layer inputs, the last layers KV-shared
    ("e2b", dict(_G3N), True),
    ("one_width_altup2", dict(_G3N, intermediate_size=640, altup_num_inputs=2, num_kv_shared_layers=0,
                              num_key_value_heads=2), True),
    ("bias_untied", dict(_G3N, attention_bias=True, tie_word_embeddings=False, laurel_rank=8), False),
]
V["granite_swa"] = [
    ("released", _small(num_hidden_layers=8, sliding_window=64), True),
    ("bias_untied", _small(attention_bias=True, mlp_bias=True, tie_word_embeddings=False), True),
    ("layer_types", _small(layer_types=["sliding_attention", "full_attention"] * 2), False),
]
V["hyperclovax"] = [
    ("released", _small(head_dim=64), True),
    ("no_post_norm", _small(use_post_norm=False), True),
    ("bias_tied", _small(attention_bias=True, mlp_bias=True, tie_word_embeddings=True), False),
]
V["jais2"] = [
    ("released", _small(num_key_value_heads=4, head_dim=64), True),      # Jais-2-8B: MHA, biases, ReLU² MLP
    ("gqa_nobias", _small(attention_bias=False, mlp_bias=False), True),
    ("tied", _small(num_key_value_heads=4, tie_word_embeddings=True), False),
]
V["mellum"] = [
    ("released", _small(head_dim=64, num_local_experts=8, num_experts_per_tok=2, moe_intermediate_size=96,
                        mlp_layer_types=["dense", "sparse", "sparse", "sparse"],
                        layer_types=["full_attention", "sliding_attention", "sliding_attention", "full_attention"],
                        sliding_window=64), True),
    ("all_sparse", _small(head_dim=64, num_local_experts=4, num_experts_per_tok=1, moe_intermediate_size=64), True),
    ("bias_tied", _small(head_dim=32, num_local_experts=4, num_experts_per_tok=2, moe_intermediate_size=64,
                         attention_bias=True, tie_word_embeddings=True,
                         mlp_layer_types=["sparse", "dense", "sparse", "dense"]), False),
]
V["ministral"] = [
    ("released", _small(head_dim=64, sliding_window=128), True),    # Ministral-8B: GQA, head_dim given
    ("layer_types", _small(head_dim=64, sliding_window=64,
                           layer_types=["full_attention", "sliding_attention"] * 2), False),
    ("tied_hd32", _small(head_dim=32, tie_word_embeddings=True), True),
]
V["modernbert-decoder"] = [
    ("released", dict(hidden_size=256, intermediate_size=384, num_hidden_layers=4, num_attention_heads=4,
                      vocab_size=4000, pad_token_id=0), True),
    ("biases", dict(hidden_size=256, intermediate_size=384, num_hidden_layers=3, num_attention_heads=4,
                    vocab_size=4000, pad_token_id=0, norm_bias=True, attention_bias=True, mlp_bias=True,
                    classifier_bias=True), True),
    ("nodecoderbias_untied", dict(hidden_size=256, intermediate_size=512, num_hidden_layers=2,
                                  num_attention_heads=8, vocab_size=4000, pad_token_id=0, decoder_bias=False,
                                  tie_word_embeddings=False, local_attention=64), True),
]
V["nanochat"] = [
    ("released", _small(num_key_value_heads=4), True),      # nanochat d20: MHA, untied
    ("gqa_bias", _small(attention_bias=True), True),
    ("tied", _small(tie_word_embeddings=True), False),
]
V["olmo3"] = [
    ("released", _small(num_key_value_heads=4, intermediate_size=688), True),      # OLMo-3-7B: MHA
    ("gqa", _small(num_hidden_layers=8, sliding_window=64), True),                 # OLMo-3-32B: GQA
    ("bias_tied", _small(attention_bias=True, tie_word_embeddings=True), False),
]
V["persimmon"] = [
    ("released", dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024,
                      vocab_size=4000), True),
    ("no_qk_ln", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8, intermediate_size=512,
                      vocab_size=4000, qk_layernorm=False), True),
    ("tied", dict(hidden_size=384, num_hidden_layers=2, num_attention_heads=6, intermediate_size=1536,
                  vocab_size=4000, tie_word_embeddings=True), False),
]
V["stablelm"] += [
    ("stablelm2_12b", _small(qk_layernorm=True, use_parallel_residual=True), True),   # StableLM-2-12B
    ("qk_ln", _small(qk_layernorm=True), False),
    ("parallel_qkv_bias", _small(use_parallel_residual=True, use_qkv_bias=True), True),
]

# Families that read their own keys (issue 12's classics), and families that were
# exact only because the generic rules happened to fit them. One variant each is
# shaped like a released checkpoint (its switches and ratios; widths scaled down).
V["biogpt"] = [
    ("biogpt", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, intermediate_size=1024,
                    vocab_size=4000, max_position_embeddings=512), True),
    ("untied", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8, intermediate_size=512,
                    vocab_size=3000, max_position_embeddings=128, tie_word_embeddings=False), False),
]
V["codegen"] = [
    ("codegen_350m", dict(n_embd=256, n_layer=3, n_head=4, rotary_dim=32, vocab_size=5000, n_positions=512), True),
    ("inner_tied", dict(n_embd=256, n_layer=2, n_head=8, rotary_dim=16, n_inner=1000, vocab_size=4000,
                        tie_word_embeddings=True), True),
]
V["ctrl"] = [
    ("ctrl", dict(n_embd=256, dff=1024, n_layer=2, n_head=4, vocab_size=4000, n_positions=128), True),
    ("untied", dict(n_embd=384, dff=768, n_layer=3, n_head=6, vocab_size=3000, n_positions=64,
                    tie_word_embeddings=False), False),
]
V["cwm"] = [
    ("cwm", _small(head_dim=64, num_hidden_layers=8, sliding_window=128), True),
    ("layer_types", _small(head_dim=64, sliding_window=64,
                           layer_types=["sliding_attention", "full_attention", "sliding_attention",
                                        "sliding_attention"]), True),
    ("mlp_bias_tied", _small(head_dim=64, mlp_bias=True, tie_word_embeddings=True), False),
]
V["emu3_text_model"] = [
    ("emu3", _small(), True),
    ("headdim_tied", _small(head_dim=32, tie_word_embeddings=True), True),
]
V["exaone"] = [
    # EXAONE 3's configs write `num_layers`.
    ("exaone3", dict(hidden_size=256, num_layers=4, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                     intermediate_size=512, vocab_size=4000, pad_token_id=0), True),
    ("tied_bias", _small(tie_word_embeddings=True, attention_bias=True, mlp_bias=True), False),
]
V["gpt_bigcode"] = [
    # StarCoder: multi-query attention, a 4x MLP written as n_inner.
    ("starcoder", dict(n_embd=512, n_head=4, n_layer=3, n_inner=2048, n_positions=512, multi_query=True,
                       vocab_size=4000), True),
    ("santacoder", dict(n_embd=256, n_head=8, n_layer=2, n_positions=256, vocab_size=3000), True),
    ("mha_untied", dict(n_embd=256, n_head=4, n_layer=2, n_inner=768, n_positions=128, multi_query=False,
                        vocab_size=3000, tie_word_embeddings=False), True),
    ("mha_crossattn", dict(n_embd=256, n_head=4, n_layer=2, n_positions=128, multi_query=False,
                           vocab_size=3000, add_cross_attention=True), False),
]
V["gpt_neo"] = [
    ("neo_125m", dict(hidden_size=256, num_layers=4, num_heads=4, vocab_size=4000, max_position_embeddings=512,
                      attention_types=[[["global", "local"], 2]]), True),
    ("global_inner", dict(hidden_size=256, num_layers=3, num_heads=8, vocab_size=3000, intermediate_size=1000,
                          window_size=64, attention_types=[[["global"], 3]]), True),
    ("mixed_untied", dict(hidden_size=384, num_layers=3, num_heads=6, vocab_size=3000,
                          attention_types=[[["local"], 1], [["global", "local"], 1]],
                          tie_word_embeddings=False), False),
    # `attention_layers` in a config.json wins over what GPTNeoConfig expands attention_types to (key audit)
    ("listed_layers", dict(hidden_size=256, num_layers=4, num_heads=4, vocab_size=4000, window_size=32,
                           attention_types=[[["global", "local"], 2]],
                           attention_layers=["local", "local", "local", "global"]), True),
]
V["gpt_neox_japanese"] = [
    ("neox_ja", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, vocab_size=4000,
                     max_position_embeddings=512), True),
    ("mult2_untied", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8, vocab_size=3000,
                          intermediate_multiple_size=2, tie_word_embeddings=False), True),
    ("one_layer", dict(hidden_size=384, num_hidden_layers=1, num_attention_heads=6, vocab_size=3000), False),
]
V["gpt-sw3"] = [
    ("gpt_sw3", dict(n_embd=256, n_layer=3, n_head=4, vocab_size=4000, n_positions=512), True),
]
V["granitemoe"] = [
    # Granite 3.0 MoE: tied, GQA, narrow experts.
    ("granite3_moe", _small(num_local_experts=8, num_experts_per_tok=4, intermediate_size=128,
                            tie_word_embeddings=True, embedding_multiplier=12.0, logits_scaling=6.0,
                            residual_multiplier=0.22, attention_multiplier=0.0156), True),
    ("bias_mha", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256,
                      vocab_size=3000, num_local_experts=4, num_experts_per_tok=1, attention_bias=True), True),
    # GraniteMoE's attention reads `head_dim` when a config carries it.
    ("headdim", _small(head_dim=32, num_local_experts=4, num_experts_per_tok=2), False),
]
V["internlm3"] = [
    # InternLM3's configs write `qkv_bias` and `bias`.
    ("internlm3", _small(head_dim=64, qkv_bias=False, bias=False), True),
    ("aliases_on", _small(head_dim=64, qkv_bias=True, bias=True), True),
    ("bias", _small(head_dim=64, attention_bias=True, mlp_bias=True, tie_word_embeddings=True), False),
]
V["iquestcoder"] = [
    ("iquestcoder", _small(head_dim=64), True),
    ("alt", _small(head_dim=64, attention_bias=True, mlp_bias=True, tie_word_embeddings=True), False),
]
V["minicpm3"] = [
    ("minicpm3_4b", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=4,
                         q_lora_rank=96, kv_lora_rank=64, qk_nope_head_dim=32, qk_rope_head_dim=16,
                         intermediate_size=640, vocab_size=4000), True),
    ("noqlora_v_untied", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8, q_lora_rank=None,
                              kv_lora_rank=32, qk_nope_head_dim=16, qk_rope_head_dim=16, v_head_dim=48,
                              intermediate_size=512, vocab_size=3000, tie_word_embeddings=False), True),
    ("bias", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4, q_lora_rank=64, kv_lora_rank=32,
                  qk_nope_head_dim=32, qk_rope_head_dim=16, intermediate_size=512, vocab_size=3000,
                  attention_bias=True, mlp_bias=True), False),
]
V["ministral3"] = [
    ("ministral3", _small(head_dim=64), True),
    ("window_tied", _small(head_dim=64, sliding_window=128, tie_word_embeddings=True), True),
]
V["mpt"] = [
    # MPT-7B: ALiBi, no biases, a 4x MLP, tied.
    ("mpt_7b", dict(d_model=512, n_heads=8, n_layers=3, expansion_ratio=4, max_seq_len=512, vocab_size=4000,
                    no_bias=True, attn_config=dict(alibi=True)), True),
    ("untied", dict(d_model=256, n_heads=4, n_layers=2, vocab_size=3000, tie_word_embeddings=False), True),
    # Settings transformers' MPT does not honour: the count must not change.
    ("ignored_switches", dict(d_model=256, n_heads=4, n_layers=2, vocab_size=3000, expansion_ratio=2,
                              no_bias=False, attn_config=dict(alibi=False, qk_ln=True)), True),
]
V["openai-gpt"] = [
    ("gpt1", dict(n_embd=256, n_layer=3, n_head=4, vocab_size=4000, n_positions=128), True),
    ("untied", dict(n_embd=384, n_layer=2, n_head=6, vocab_size=3000, n_positions=64,
                    tie_word_embeddings=False), False),
]
V["sarvam_mla"] = [
    ("sarvam", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, intermediate_size=512,
                    moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2, n_shared_experts=1,
                    first_k_dense_replace=1, q_lora_rank=None, kv_lora_rank=64, qk_nope_head_dim=32,
                    qk_rope_head_dim=16, v_head_dim=32, vocab_size=4000, n_group=1, topk_group=1), True),
    ("qlora_tied", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4, intermediate_size=512,
                        moe_intermediate_size=64, num_local_experts=6, num_experts_per_tok=3,
                        first_k_dense_replace=0, q_lora_rank=128, kv_lora_rank=64, qk_nope_head_dim=32,
                        qk_rope_head_dim=16, v_head_dim=32, vocab_size=3000, tie_word_embeddings=True), True),
]
V["solar_open"] = [
    # `mlp_bias` true: Solar Open's MLPs and experts have no biases whatever it says
    ("mlp_bias_ignored", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                              num_hidden_layers=2, moe_intermediate_size=64, n_routed_experts=8,
                              num_experts_per_tok=2, n_shared_experts=1, vocab_size=4000, mlp_bias=True), True),
    ("solar_open", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                        num_hidden_layers=2, moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2,
                        n_shared_experts=1, vocab_size=4000), True),
    ("bias_shared2", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, head_dim=32,
                          num_hidden_layers=2, moe_intermediate_size=96, num_local_experts=6, num_experts_per_tok=1,
                          n_shared_experts=2, vocab_size=3000, attention_bias=True, tie_word_embeddings=True),
     True),
]
V["vaultgemma"] = [
    ("vaultgemma", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=1, head_dim=64,
                        num_hidden_layers=4, intermediate_size=1024, vocab_size=4000), True),
    ("untied_bias", dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, head_dim=64,
                         num_hidden_layers=2, intermediate_size=512, vocab_size=4000, tie_word_embeddings=False,
                         attention_bias=True), False),
]
V["xglm"] = [
    ("xglm_564m", dict(d_model=256, ffn_dim=1024, num_layers=3, attention_heads=4, vocab_size=4000,
                       max_position_embeddings=512), True),
    ("untied", dict(d_model=256, ffn_dim=512, num_layers=2, attention_heads=8, vocab_size=3000,
                    tie_word_embeddings=False), False),
    ("crossattn", dict(d_model=256, ffn_dim=512, num_layers=2, attention_heads=4, vocab_size=3000,
                       add_cross_attention=True), False),
]
V["youtu"] = [
    ("youtu_2b", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=4,
                      q_lora_rank=128, kv_lora_rank=64, qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32,
                      intermediate_size=512, vocab_size=4000), True),
    ("noqlora_untied_bias", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                                 num_key_value_heads=8, q_lora_rank=None, kv_lora_rank=32, qk_nope_head_dim=16,
                                 qk_rope_head_dim=16, v_head_dim=16, intermediate_size=512, vocab_size=3000,
                                 tie_word_embeddings=False, attention_bias=True), True),
]

# ---- Mixture-of-experts, MLA and sparse-attention families (issue 12) ----
# `small` is shaped like the released checkpoint (its switches and ratios,
# widths scaled down); the others flip one switch each.
_MLA = dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=4,
            intermediate_size=512, moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2,
            n_shared_experts=1, q_lora_rank=96, kv_lora_rank=64, qk_nope_head_dim=32,
            qk_rope_head_dim=16, v_head_dim=32, vocab_size=4000, pad_token_id=0)
_DSA = dict(_MLA, index_n_heads=4, index_head_dim=32, index_topk=16, n_group=2, topk_group=1)


def _mla(**kw):
    d = dict(_MLA)
    d.update(kw)
    return d


def _dsa(**kw):
    d = dict(_DSA)
    d.update(kw)
    return d


V["deepseek_v32"] = [
    ("small", _dsa(num_hidden_layers=5, first_k_dense_replace=2), True),
    ("mlp_types", _dsa(mlp_layer_types=["dense", "sparse", "dense", "sparse"]), True),
    ("bias_wide_index", _dsa(attention_bias=True, index_n_heads=8, index_head_dim=48, index_topk=64,
                             n_shared_experts=2), False),
]
# DeepSeek-V4-Flash's shape scaled down: a latent query, a single key/value head,
# grouped output, two HCA layers then CSA/HCA alternating, hash-routed first layers.
_V4 = dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, head_dim=64, q_lora_rank=96,
           moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2, vocab_size=4000,
           o_groups=2, o_lora_rank=32, index_n_heads=4, index_head_dim=32, index_topk=8, sliding_window=16,
           hc_mult=2, compress_rates={"compressed_sparse_attention": 4, "heavily_compressed_attention": 16},
           partial_rotary_factor=0.25)
V["deepseek_v4"] = [
    ("small", dict(_V4), True),
    ("layer_types_hc3_bias", dict(_V4, num_hidden_layers=5, hc_mult=3, mlp_bias=True, o_groups=4,
                                  layer_types=["sliding_attention", "compressed_sparse_attention",
                                               "heavily_compressed_attention", "sliding_attention",
                                               "compressed_sparse_attention"]), True),
    # The legacy spellings: per-layer ratios name the types, scalar rates override.
    ("legacy_ratios", dict({k: v for k, v in _V4.items() if k != "compress_rates"}, num_hidden_layers=5,
                           compress_ratios=[0, 4, 128, 4, 0], compress_rate_csa=2, compress_rate_hca=8,
                           index_topk=4, tie_word_embeddings=True), True),
]
V["glm_moe_dsa"] = [
    ("small", _dsa(num_hidden_layers=5, first_k_dense_replace=2, qk_nope_head_dim=48, v_head_dim=64), True),
    ("pattern", _dsa(num_hidden_layers=6, index_topk_pattern="FFSSFS"), True),
    ("freq_offset", _dsa(num_hidden_layers=7, index_topk_freq=3, index_skip_topk_offset=2), True),
    ("indexer_types", _dsa(indexer_types=["full", "shared", "full", "shared"], attention_bias=True), False),
]
_G45 = dict(_B, head_dim=64, moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2,
            n_shared_experts=1, first_k_dense_replace=1)
V["glm4_moe"] = [
    ("small", dict(_G45, partial_rotary_factor=0.5), True),
    ("qknorm_bias", dict(_G45, use_qk_norm=True, attention_bias=True, first_k_dense_replace=2), True),
    # No head_dim: transformers uses hidden_size // heads, rounded down (256 // 6 = 42).
    ("floor_head_dim", dict({k: v for k, v in _G45.items() if k != "head_dim"}, num_attention_heads=6,
                            num_key_value_heads=2, n_shared_experts=0), True),
]
V["sarvam_moe"] = [
    ("small", dict(_G45, num_key_value_heads=1, num_attention_heads=4), True),
    # sarvam-30b's own spellings: use_qkv_bias, num_experts, num_shared_experts.
    ("qkv_bias_alias", dict({k: v for k, v in _G45.items() if k not in ("n_shared_experts", "n_routed_experts")},
                            use_qkv_bias=True, use_qk_norm=False, num_shared_experts=2, num_experts=6), True),
]
V["glm4_moe_lite"] = [
    ("small", _mla(num_hidden_layers=5, qk_nope_head_dim=48, v_head_dim=64), True),
    ("no_q_lora", _mla(q_lora_rank=None, mlp_layer_types=["dense", "dense", "sparse", "sparse"]), True),
    ("bias_tied", _mla(attention_bias=True, tie_word_embeddings=True), False),
]
# head_dim is what LongCat's rotary embedding reads: the rotary width, as in the release.
_LC = dict(hidden_size=256, num_layers=2, num_attention_heads=4, ffn_hidden_size=512, expert_ffn_hidden_size=64,
           n_routed_experts=8, zero_expert_num=4, moe_topk=3, q_lora_rank=96, kv_lora_rank=64, qk_nope_head_dim=32,
           qk_rope_head_dim=16, head_dim=16, v_head_dim=32, vocab_size=4000, pad_token_id=0)
V["longcat_flash"] = [
    ("small", dict(_LC), True),
    ("no_zero_experts", dict(_LC, zero_expert_num=0, num_layers=3), True),
    ("router_bias_attn_bias", dict(_LC, router_bias=True, attention_bias=True), False),
]
_MM = dict(_B, head_dim=64, intermediate_size=128, num_local_experts=8, num_experts_per_tok=2)
V["minimax_m2"] = [
    ("small", dict(_MM, rotary_dim=32), True),
    ("tied_mha", dict(_MM, num_key_value_heads=4, tie_word_embeddings=True), False),
]
_C2M = dict(_B, head_dim=64, intermediate_size=128, num_experts=8, num_experts_per_tok=2)
V["cohere2_moe"] = [
    ("small", dict(_C2M, num_hidden_layers=6, first_k_dense_replace=2, prefix_dense_intermediate_size=512,
                   num_shared_experts=1), True),
    ("bias_layernorm", dict(_C2M, attention_bias=True, rms_norm_eps=None), True),
    ("mlp_types", dict(_C2M, mlp_layer_types=["dense", "sparse", "sparse", "dense"],
                       shared_expert_combination_strategy="sum", num_shared_experts=2), False),
]
_EXM = dict(_B, moe_intermediate_size=64, num_experts=8, num_experts_per_tok=2, num_shared_experts=1)
V["exaone_moe"] = [
    ("small", dict(_EXM, num_hidden_layers=5), True),
    ("pattern_noshared", dict(_EXM, sliding_window_pattern=2, num_shared_experts=0, first_k_dense_replace=2), True),
    ("mlp_types", dict(_EXM, mlp_layer_types=["sparse", "dense", "sparse", "sparse"]), False),
]
V["flex_olmo"] = [
    ("small", dict(_B, num_experts=4, num_experts_per_tok=2), True),
    ("bias", dict(_B, num_experts=4, num_experts_per_tok=1, attention_bias=True), True),
    # `mlp_bias` true: FlexOlmo's experts have no biases whatever it says
    ("mlp_bias_ignored", dict(_B, num_experts=4, num_experts_per_tok=2, mlp_bias=True), True),
]
_MIMO = dict(_B, num_hidden_layers=7, head_dim=64, v_head_dim=32, moe_intermediate_size=64, n_routed_experts=8,
             num_experts_per_tok=2)
V["mimo_v2_flash"] = [
    ("small", dict(_MIMO), True),
    ("bias_window_size", dict(_MIMO, attention_bias=True, sliding_window_size=64), True),
    ("listed", dict(_MIMO, num_hidden_layers=4,
                    layer_types=["sliding_attention", "full_attention", "sliding_attention", "sliding_attention"],
                    mlp_layer_types=["sparse", "dense", "sparse", "dense"]), False),
]
_D1 = dict(_B, moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2, n_shared_experts=2,
           first_k_dense_replace=1)
V["dots1"] = [
    ("small", dict(_D1), True),
    ("sliding_bias", dict(_D1, max_window_layers=2, attention_bias=True, n_shared_experts=1), True),
]
_D3 = dict(hidden_size=256, num_hidden_layers=8, num_attention_heads=4, num_key_value_heads=4,
           intermediate_size=512, moe_intermediate_size=64, n_routed_experts=8, num_experts_per_tok=2,
           n_shared_experts=1, shared_experts_intermediate_size=96, q_lora_rank=64, kv_lora_rank=32,
           qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, head_dim=48, vocab_size=4000,
           index_n_heads=4, index_head_dim=32, index_topk=16, pad_token_id=0,
           swa_num_attention_heads=2, swa_num_key_value_heads=2, swa_q_lora_rank=48, swa_kv_lora_rank=40,
           swa_head_dim=40, swa_qk_nope_head_dim=24, swa_v_head_dim=24)
V["dots3_note_text"] = [
    ("small", dict(_D3), True),
    # Without `swa_*` keys the sliding layers take the config class's sizes (64 heads, …).
    ("swa_defaults_freq", dict({k: v for k, v in _D3.items() if not k.startswith("swa_")},
                               moe_layer_freq=2), True),
    ("no_dsa_no_swa", dict(_D3, use_dsa=False, use_sliding_window=False, n_shared_experts=2), True),
    # The legacy keys the config class still reads: `sliding_window_size` standing in
    # for a missing `sliding_window`, `moe_layer_freq` as a per-layer 0/1 list (a
    # listed 1 before `first_k_dense_replace` stays dense).
    ("legacy_window_freq_list", dict(_D3, sliding_window_size=128, first_k_dense_replace=1,
                                     moe_layer_freq=[1, 1, 0, 1, 1, 0, 1, 1]), True),
]
_E45 = dict(_B, moe_intermediate_size=64, moe_num_experts=8, moe_k=2, moe_num_shared_experts=1)
V["ernie4_5_moe"] = [
    ("small", dict(_E45), True),
    ("interval_bias", dict(_E45, num_hidden_layers=6, moe_layer_interval=2, moe_layer_end_index=4,
                           use_bias=True, moe_num_shared_experts=2), True),
    ("start_noshared", dict(_E45, moe_layer_start_index=2, moe_num_shared_experts=0, tie_word_embeddings=False), False),
]
_HY1 = dict(_B, head_dim=64, intermediate_size=128, num_experts=4, moe_topk=2)
V["hunyuan_v1_moe"] = [
    ("small", dict(_HY1), True),
    ("topk_list_bias", dict(_HY1, moe_topk=[1, 2, 2, 1], attention_bias=True), True),
]
_AF = dict(_B, head_dim=64, moe_intermediate_size=64, num_experts=8, num_experts_per_tok=2,
           num_shared_experts=1, global_attn_every_n_layers=2)
V["afmoe"] = [
    ("small", dict(_AF), True),
    ("dense2_noshared_bias", dict(_AF, num_dense_layers=2, num_shared_experts=0, attention_bias=True,
                                  global_attn_every_n_layers=3), True),
]
_ARIA = dict(_B, intermediate_size=128, moe_num_experts=4, moe_topk=2, moe_num_shared_experts=1)
V["aria_text"] = [
    ("small", dict(_ARIA), True),
    ("biases_shared2", dict(_ARIA, mlp_bias=True, attention_bias=True, moe_num_shared_experts=2), True),
]
_LAG = dict(_B, head_dim=64, moe_intermediate_size=64, shared_expert_intermediate_size=96, num_experts=8,
            num_experts_per_tok=2)
V["laguna"] = [
    ("small", dict(_LAG, num_attention_heads_per_layer=[4, 8, 4, 8],
                   layer_types=["full_attention", "sliding_attention", "sliding_attention", "full_attention"]), True),
    ("per_element_gate", dict(_LAG, gating="per-element", attention_bias=True), True),
    ("mlp_types", dict(_LAG, mlp_layer_types=["sparse", "sparse", "dense", "sparse"], gating=False), False),
]
_HY3 = dict(_B, head_dim=64, moe_intermediate_size=64, num_experts=8, num_experts_per_tok=2, num_shared_experts=1)
V["hy_v3"] = [
    ("small", dict(_HY3), True),
    ("noshared_bias", dict(_HY3, num_shared_experts=0, attention_bias=True, mlp_bias=True), True),
    ("mlp_types", dict(_HY3, mlp_layer_types=["dense", "dense", "sparse", "sparse"]), False),
]
_HY4 = dict(_DSA, num_hidden_layers=6, hc_mult=2)
V["hy_v4"] = [
    ("small", dict(_HY4), True),
    ("indexer_types_hc3", dict(_HY4, indexer_types=["full", "shared", "full", "shared", "shared", "full"],
                               hc_mult=3), True),
    ("mlp_types_bias", dict(_HY4, mlp_layer_types=["sparse"] * 6, attention_bias=True), False),
]
# AXK1's grouped routing defaults to 8 groups: 2 groups fit 8 experts.
V["axk1"] = [
    ("small", _mla(num_hidden_layers=5, first_k_dense_replace=1, n_group=2, topk_group=1), True),
    ("freq2", _mla(num_hidden_layers=6, first_k_dense_replace=1, moe_layer_freq=2, attention_bias=True,
                   n_group=2, topk_group=1), True),
    ("mlp_types", _mla(mlp_layer_types=["sparse", "dense", "sparse", "sparse"], n_shared_experts=2,
                       n_group=4, topk_group=2), False),
]
V["axk2"] = [
    ("small", _dsa(num_hidden_layers=5, first_k_dense_replace=1, gated_norm_rank=8), True),
    ("freq2_bias", _dsa(num_hidden_layers=6, first_k_dense_replace=1, moe_layer_freq=2, attention_bias=True,
                        n_group=None, topk_group=None), True),
    ("mlp_types", _dsa(mlp_layer_types=["sparse", "dense", "sparse", "sparse"], gated_norm_rank=4), False),
]
_BEAM = dict(_B, num_hidden_layers=7, head_dim=64, moe_intermediate_size=64, num_experts=8,
             num_experts_per_tok=2, n_group=2, topk_group=1)
V["beam"] = [
    ("small", dict(_BEAM), True),
    ("mlp_types_bias", dict(_BEAM, num_hidden_layers=4, mlp_layer_types=["dense", "sparse", "sparse", "sparse"],
                            attention_bias=True), True),
]
_KOL = dict(_B, num_hidden_layers=5, head_dim=64, moe_intermediate_size=64, num_experts=8,
            num_experts_per_tok=2, shared_expert_intermediate_size=96)
V["kolibri1"] = [
    ("small", dict(_KOL), True),
    ("noshared_tied", dict(_KOL, shared_expert_intermediate_size=0, tie_word_embeddings=True), False),
]
_GMS = dict(_B, intermediate_size=128, num_local_experts=4, num_experts_per_tok=2, shared_intermediate_size=192)
V["granitemoeshared"] = [
    ("small", dict(_GMS), True),
    ("noshared_bias", dict(_GMS, shared_intermediate_size=0, attention_bias=True), True),
    ("tied", dict(_GMS, tie_word_embeddings=True, num_local_experts=6), False),
]
V["granitemoe_swa"] = [
    ("small", dict(_GMS, num_hidden_layers=5), True),
    ("noshared_bias", dict(_GMS, shared_intermediate_size=0, attention_bias=True), True),
]
_JET = dict(hidden_size=256, num_hidden_layers=3, num_key_value_heads=4, kv_channels=32, intermediate_size=128,
            num_local_experts=4, num_experts_per_tok=2, vocab_size=4000, pad_token_id=0)
V["jetmoe"] = [
    ("small", dict(_JET), True),
    ("k1_untied", dict(_JET, num_experts_per_tok=1, tie_word_embeddings=False), True),
    ("k3_wide", dict(_JET, num_local_experts=6, num_experts_per_tok=3, kv_channels=64, num_key_value_heads=2), False),
]
V["dbrx"] = [
    ("small", dict(d_model=256, n_heads=4, n_layers=2, vocab_size=4000, max_seq_len=512,
                   attn_config=dict(kv_n_heads=2, rope_theta=10000.0, clip_qkv=8),
                   ffn_config=dict(ffn_hidden_size=128, moe_num_experts=4, moe_top_k=2)), True),
    ("mha_top1", dict(d_model=256, n_heads=8, n_layers=3, vocab_size=4000,
                      attn_config=dict(kv_n_heads=8, rope_theta=10000.0, clip_qkv=6),
                      ffn_config=dict(ffn_hidden_size=96, moe_num_experts=6, moe_top_k=1)), False),
]

# Default configs that transformers cannot build as written: the key it needs,
# set to the value it would take (no parameter changes).
# Qwen4-Exp's attention layers need the QSA indexer's settings, which the config leaves unset: the released
# checkpoint's (4 heads of 128, one key head, 2048-token budget, blocks of 4), and its partial rotary factor
# 0.25 (the config's validation wants the rotary part within the indexer's head; no parameter depends on it).
_QSA = dict(indexer_n_heads=4, indexer_kv_heads=1, indexer_head_dim=128, indexer_budget=2048, indexer_compress_ratio=4,
            partial_rotary_factor=0.25)
DEFAULT_PATCH = {
    "qwen4_exp_text": dict(_QSA),
    # the composite: the same patch on its text_config (the vision tower is not counted)
    "qwen4_exp": dict(text_config=dict(_QSA)),
    "nemotron": dict(num_key_value_heads=48),   # null; GQA off means as many as heads
    "hunyuan_v1_dense": dict(head_dim=128),     # null; hidden_size / heads
    # null layer_types: Lfm2MoeConfig has no rule for it; LFM2-8B-A1B's pattern
    # (attention at 2, 6, 10, 14, 18, 21), conv layers elsewhere.
    "lfm2_moe": dict(layer_types=["full_attention" if i in (2, 6, 10, 14, 18, 21) else "conv"
                                  for i in range(32)]),
    "ministral": dict(head_dim=128),            # null, and MinistralConfig never derives it
    # {}: the text model looks up RoPE by layer type; every default layer is full
    "cohere_compass_text": dict(rope_parameters={"full_attention": {"rope_type": "default", "rope_theta": 10000.0}}),
    "hunyuan_v1_moe": dict(head_dim=128),       # null; hidden_size / heads
    # Dots1Config has no default expert count, top-k or shared count: dots.llm1's.
    "dots1": dict(n_routed_experts=128, num_experts_per_tok=6, n_shared_experts=2),
    # DbrxAttention reads attn_config.rope_theta, which DbrxAttentionConfig lacks, and its
    # forward clamps q/k/v with clip_qkv, which it cannot leave null; neither is a weight
    # (DBRX's own values).
    "dbrx": dict(attn_config=dict(rope_theta=500000.0, clip_qkv=8)),
}

# Probes of the config classes' own defaults for the attention's shape: each
# family's first variant without its key/value-head and head-width keys, so
# the class's defaults apply (HeliumConfig's 20 key/value heads, GlmConfig's
# head_dim 128, ...). Mutation testing found these defaults unexercised: every
# other variant spells them out. A class whose default does not fit the
# variant's heads fails to build, and its probe is dropped when it runs.
PROBE_DROP = ("num_key_value_heads", "head_dim", "num_kv_heads", "n_head_kv", "multi_query_group_num",
              "kv_channels", "d_kv", "num_global_key_value_heads", "global_head_dim")
PROBE_SKIP = set()
for _mt, _vs in list(V.items()):
    if not _vs:
        continue
    _ov = _vs[0][1]
    _probe = {k: v for k, v in _ov.items() if k not in PROBE_DROP}
    # 64 query heads: a multiple of most classes' default key/value heads.
    if "num_attention_heads" in _probe:
        _probe["num_attention_heads"] = 64
    if _probe != _ov and _mt not in PROBE_SKIP:
        _vs.append(("probe_attention_defaults", _probe, True))

FAMILIES = list(V.keys())

# --------------------------------------------------------------------------
# Ground truth
# --------------------------------------------------------------------------
def build(cfg):
    mt = cfg.model_type
    with torch.device("meta"):
        if mt == "t5":
            return AutoModelForSeq2SeqLM.from_config(cfg)
        if mt == "bert":
            return AutoModel.from_config(cfg)
        if mt == "emu3_text_model":
            # Emu3TextConfig is not registered for AutoModelForCausalLM; the
            # causal-LM mapping builds Emu3ForCausalLM (the text model) for "emu3".
            from transformers import Emu3ForCausalLM
            return Emu3ForCausalLM._from_config(cfg)
        if mt == "mllama_text_model":
            # MllamaTextConfig is not registered for AutoModelForCausalLM; use the
            # class the causal-LM mapping uses for "mllama".
            try:
                return AutoModelForCausalLM.from_config(cfg)
            except ValueError:
                from transformers import MllamaForCausalLM
                return MllamaForCausalLM._from_config(cfg)
        return AutoModelForCausalLM.from_config(cfg)


def top_k_of(cfg):
    for k in ("num_experts_per_tok", "experts_per_token", "top_k", "moe_topk", "top_k_experts", "moe_k"):
        v = getattr(cfg, k, None)
        if v is not None:
            return v
    ffn = getattr(cfg, "ffn_config", None)  # DBRX
    if ffn is not None and getattr(ffn, "moe_top_k", None) is not None:
        return ffn.moe_top_k
    return None


def layer_top_k(model, experts_name, k):
    """The top-k of the MoE block that owns `experts_name`: its router's own `top_k`
    where it has one (HunYuan's per-layer `moe_topk`), else the config's."""
    parent = model.get_submodule(experts_name.rsplit(".", 1)[0]) if "." in experts_name else model
    for owner in (getattr(parent, "gate", None), getattr(parent, "router", None), parent):
        v = getattr(owner, "top_k", None)
        if isinstance(v, int):
            return v
    return k


def category(name, mod, p_name):
    full = name + "." + p_name if name else p_name
    leaf = name.split(".")[-1] if name else ""
    cls = type(mod).__name__
    low = full.lower()
    if re.search(r"(^|\.)experts(\.|$)", full):
        return "experts"
    if "shared_expert" in low:
        return "shared_experts"
    if leaf in ("gate", "router"):
        return "router"
    if leaf == "lm_head":
        return "head"
    if "relative_attention_bias" in full:
        return "attention(rel_pos_bias)"
    if isinstance(mod, torch.nn.Embedding):
        return "embeddings"
    if "norm" in cls.lower() or "norm" in leaf.lower() or leaf.startswith("ln_") or leaf in ("ln_f",):
        return "norms"
    if re.search(r"attn|attention|selfattention|encdecattention", low) and "gate" not in leaf and \
            "cross_attn_mlp_gate" not in p_name and "cross_attn_attn_gate" not in p_name:
        return "attention"
    if re.search(r"mlp|ffn|denserelu|\.intermediate\.|\.output\.dense|fc1|fc2|feed_forward", low):
        return "mlp"
    return "other"


def ground_truth(cfg):
    model = build(cfg)
    total = sum(p.numel() for p in model.parameters())
    # map each unique parameter to its owning module
    seen = set()
    cats = defaultdict(int)
    per_param = []
    for mname, mod in model.named_modules():
        for pname, p in mod.named_parameters(recurse=False):
            if id(p) in seen:
                continue
            seen.add(id(p))
            c = category(mname, mod, pname)
            cats[c] += p.numel()
            per_param.append((mname + "." + pname, tuple(p.shape), c))
    assert sum(cats.values()) == total, (sum(cats.values()), total)
    # active
    k = top_k_of(cfg)
    inactive = 0
    n_moe_layers = 0
    active_note = None
    # Extensions of the rule, for structures that are routed experts too:
    # - JetMoE: the routed experts are its `JetMoeParallelExperts` weights, in the
    #   MLP and in the mixture of attention heads (query/output projections);
    #   `experts` there names the whole attention-experts block (router included).
    # - LongCat-Flash: a token's k picks are counted as real experts (the most it
    #   can use); the gate/up rows transformers allocates for the zero-computation
    #   experts are used by no token.
    parallel = [(n, m) for n, m in model.named_modules() if type(m).__name__ == "JetMoeParallelExperts"]
    for mname, mod in parallel:
        n_moe_layers += 1
        per = sum(p.numel() for p in mod.parameters()) // mod.num_experts
        inactive += (mod.num_experts - k) * per
    for mname, mod in model.named_modules():
        if mname.split(".")[-1] != "experts" or parallel:
            continue
        n_moe_layers += 1
        if isinstance(mod, torch.nn.ModuleList):
            n = len(mod)
        elif type(mod).__name__ == "LongcatFlashExperts":
            n = mod.num_routed_experts
            zero_rows = mod.zero_expert_num * mod.gate_up_proj.shape[1] * mod.gate_up_proj.shape[2]
            routed = sum(p.numel() for p in mod.parameters()) - zero_rows
            inactive += zero_rows + (n - layer_top_k(model, mname, k)) * (routed // n)
            continue
        else:
            n = getattr(mod, "num_experts", None)
        numel = sum(p.numel() for p in mod.parameters())
        assert numel % n == 0
        if k is None:
            active_note = "top_k is None in config"
            continue
        inactive += (n - layer_top_k(model, mname, k)) * (numel // n)
    # Doge's cross-domain MoE: each routed expert is one row of down_embed and of up_embed.
    for mname, mod in model.named_modules():
        if type(mod).__name__ == "DogeCDMoE":
            n_moe_layers += 1
            per_expert = mod.down_embed.weight.shape[1] + mod.up_embed.weight.shape[1]
            inactive += (mod.num_experts - mod.top_k) * per_expert
    active = None if active_note else total - inactive
    return dict(total=total, active=active, cats=dict(cats), per_param=per_param,
                n_moe_layers=n_moe_layers, active_note=active_note, model_class=type(model).__name__)


# --------------------------------------------------------------------------
# Tool
# --------------------------------------------------------------------------
def run_tool(path):
    r = subprocess.run([TOOL, "estimate", path, "--json"], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return dict(error=f"exit {r.returncode}: {r.stderr.strip()[:500]}")
    d = json.loads(r.stdout)
    p = d["params"]
    return dict(total=p["total"], active=p["active"], embedding=p.get("embedding"),
                breakdown=p.get("breakdown"), layers=p.get("layers"),
                assumptions=d.get("assumptions"), approximations=d.get("approximations"),
                defaults_used=d.get("defaults_used"))


# --------------------------------------------------------------------------
def write_configs(mt):
    files = []
    patch = DEFAULT_PATCH.get(mt, {})
    cfg = AutoConfig.for_model(mt, **patch)
    fn = os.path.join(CFG_DIR, f"{mt}__default.json")
    with open(fn, "w") as f:
        f.write(cfg.to_json_string(use_diff=False))
    files.append((fn, mt, patch, "full"))
    for name, ov, minimal in V[mt]:
        fn = os.path.join(CFG_DIR, f"{mt}__{name}.json")
        try:
            cfg = AutoConfig.for_model(mt, **ov)
        except Exception as e:
            print(f"CONFIG_ERROR {mt}__{name}: {type(e).__name__}: {str(e)[:200]}")
            continue
        with open(fn, "w") as f:
            f.write(cfg.to_json_string(use_diff=False))
        files.append((fn, mt, ov, "full"))
        if minimal:
            fn2 = os.path.join(CFG_DIR, f"{mt}__{name}__minimal.json")
            with open(fn2, "w") as f:
                json.dump(dict(model_type=mt, **ov), f, indent=2)
            files.append((fn2, mt, ov, "minimal"))
    return files


def main():
    fams = sys.argv[1:] or FAMILIES
    results = []
    gt_cache = {}
    for mt in fams:
        try:
            files = write_configs(mt)
        except Exception as e:
            print(f"[{mt}] config error: {e}")
            traceback.print_exc()
            continue
        for fn, mt_, ov, kind in files:
            key = (mt_, json.dumps(ov, sort_keys=True))
            if key not in gt_cache:
                try:
                    cfg = AutoConfig.for_model(mt_, **ov)
                    gt_cache[key] = ground_truth(cfg)
                except Exception as e:
                    gt_cache[key] = dict(error=f"{type(e).__name__}: {e}")
            gt = gt_cache[key]
            tool = run_tool(fn)
            rec = dict(file=os.path.basename(fn), model_type=mt_, kind=kind, overrides=ov,
                       gt={k: v for k, v in gt.items() if k != "per_param"}, tool=tool)
            status = "OK"
            if "error" in gt:
                status = "GT_ERROR"
            elif "error" in tool:
                status = "TOOL_ERROR"
            else:
                bad = []
                if tool["total"] != gt["total"]:
                    bad.append(f"total gt={gt['total']} tool={tool['total']} diff(tool-gt)={tool['total'] - gt['total']}")
                if gt["active"] is None:
                    rec["active_note"] = gt["active_note"]
                elif tool["active"] != gt["active"]:
                    bad.append(f"active gt={gt['active']} tool={tool['active']} diff(tool-gt)={tool['active'] - gt['active']}")
                if bad:
                    status = "MISMATCH"
                    rec["mismatch"] = bad
                    # category diff
                    tb = dict(tool.get("breakdown") or {})
                    gc = dict(gt["cats"])
                    gc["attention"] = gc.get("attention", 0) + gc.pop("attention(rel_pos_bias)", 0)
                    if gt["model_class"] and "lm_head" not in [n.split(".")[0] for n, _, _ in gt["per_param"]]:
                        pass
                    rec["cat_diff"] = {c: (gc.get(c, 0), tb.get(c, 0)) for c in sorted(set(gc) | set(tb))
                                       if gc.get(c, 0) != tb.get(c, 0)}
                    rec["gt_params"] = gt["per_param"]
            rec["status"] = status
            if "__probe_" in fn and status in ("GT_ERROR", "TOOL_ERROR"):
                # A probe whose class defaults do not fit its heads: transformers
                # cannot build it, or builds a model whose forward pass cannot run
                # (query heads not a multiple of the key/value heads), which
                # flopcast refuses. Nothing to compare.
                print(f"SKIP       {os.path.basename(fn)}  {status}", flush=True)
                continue
            results.append(rec)
            line = f"{status:10s} {os.path.basename(fn)}"
            if status == "MISMATCH":
                line += "  " + "; ".join(rec["mismatch"]) + f"  catdiff(gt,tool)={rec['cat_diff']}"
            elif status == "GT_ERROR":
                line += "  " + gt["error"][:300]
            elif status == "TOOL_ERROR":
                line += "  " + tool["error"][:300]
            elif rec.get("active_note"):
                line += f"  (active not compared: {rec['active_note']}; tool active={tool['active']})"
            print(line, flush=True)
    # ---- bonus: the real configs shipped in core/data/configs, for in-scope model types ----
    real_dir = os.path.join(REPO, "core", "data", "configs")
    if not sys.argv[1:] and os.path.isdir(real_dir):
        print("\n-- bonus: real configs in", real_dir)
        for fn in sorted(os.listdir(real_dir)):
            if not fn.endswith(".json"):
                continue
            path = os.path.join(real_dir, fn)
            mt = json.load(open(path)).get("model_type")
            if mt not in V:
                print(f"SKIP       {fn} (model_type {mt} not in scope)")
                continue
            try:
                gt = ground_truth(AutoConfig.from_pretrained(path))
            except Exception as e:
                print(f"GT_ERROR   {fn}: {e}")
                continue
            tool = run_tool(path)
            rec = dict(file="REAL:" + fn, model_type=mt, kind="real", overrides=None,
                       gt={k: v for k, v in gt.items() if k != "per_param"}, tool=tool)
            if "error" in tool:
                rec["status"] = "TOOL_ERROR"
            else:
                bad = []
                if tool["total"] != gt["total"]:
                    bad.append(f"total gt={gt['total']} tool={tool['total']} diff(tool-gt)={tool['total'] - gt['total']}")
                if gt["active"] is not None and tool["active"] != gt["active"]:
                    bad.append(f"active gt={gt['active']} tool={tool['active']} diff(tool-gt)={tool['active'] - gt['active']}")
                rec["status"] = "MISMATCH" if bad else "OK"
                if bad:
                    rec["mismatch"] = bad
            print(f"{rec['status']:10s} {fn}  gt total={gt['total']} active={gt['active']}" +
                  ("  " + "; ".join(rec.get("mismatch", [])) if rec.get("mismatch") else ""), flush=True)
            results.append(rec)
    out = os.path.join(GT, "results.json" if not sys.argv[1:] else "results_partial.json")
    with open(out, "w") as f:
        json.dump(results, f, indent=1, default=str)
    # summary
    by = defaultdict(lambda: defaultdict(int))
    for r in results:
        by[r["model_type"]][r["status"]] += 1
    print("\n==== SUMMARY  torch", torch.__version__, "transformers", transformers.__version__)
    print(f"files checked: {len(results)} (of which real configs: {sum(1 for r in results if r['kind'] == 'real')})")
    for s in ("OK", "MISMATCH", "TOOL_ERROR", "GT_ERROR"):
        print(f"  {s}: {sum(1 for r in results if r['status'] == s)}")
    for mt in fams:
        print(f"  {mt:20s} " + ", ".join(f"{k}={v}" for k, v in sorted(by[mt].items())))
    clean = [mt for mt in fams if set(by[mt]) == {"OK"}]
    print("families matching on every file:", ", ".join(clean))
    write_fixture([r for r in results if r["kind"] != "real" and r["model_type"] in clean])


FIXTURE_DIR = os.path.join(REPO, "core", "data", "family_checks")


def write_fixture(results):
    """core/data/family_checks/<model_type>.json: each synthetic config of a family
    whose files all match, with PyTorch's counts (FLOPs are added by family_flops.py).
    The real configs have their own ground truth (expected.json)."""
    by = defaultdict(list)
    for r in results:
        gt = r["gt"]
        with open(os.path.join(CFG_DIR, r["file"])) as f:
            config = json.load(f)
        by[r["model_type"]].append({
            "file": r["file"],
            "model_type": r["model_type"],
            "kind": r["kind"],
            "overrides": r["overrides"],
            "model_class": gt.get("model_class"),
            "total": gt["total"],
            "active": gt["active"] if gt.get("active_note") is None else None,
            "config": config,
        })
    os.makedirs(FIXTURE_DIR, exist_ok=True)
    about = {
        "about": FIXTURE_ABOUT,
        "versions": {"python": sys.version.split()[0], "torch": torch.__version__,
                     "transformers": transformers.__version__},
        "generator": "scripts/ground_truth/family_checks.py",
        "flops_generator": "scripts/ground_truth/family_flops.py",
    }
    with open(os.path.join(FIXTURE_DIR, "_about.json"), "w") as f:
        json.dump(about, f, indent=1)
    for mt, cases in sorted(by.items()):
        path = os.path.join(FIXTURE_DIR, f"{mt}.json")
        with open(path, "w") as f:
            json.dump({"model_type": mt, "cases": cases}, f, separators=(",", ":"))
        print(f"wrote {path} ({len(cases)} cases; run family_flops.py {mt} to add FLOPs)")


FIXTURE_ABOUT = (
    "Parameter counts PyTorch reports for transformers' default config of each family and "
    "variants of it (width, depth, heads, GQA, tying, biases, experts, family switches). Each "
    "config is AutoConfig.for_model(model_type, **overrides) written with "
    "to_json_string(use_diff=False) ('full'), or only model_type plus the overrides ('minimal', "
    "to exercise the defaults). Ground truth: model built by from_config under "
    "torch.device('meta') (AutoModelForCausalLM; T5: AutoModelForSeq2SeqLM; BERT: AutoModel; "
    "mllama_text_model: MllamaForCausalLM), total = sum of p.numel() over model.parameters() "
    "(tied weights once), active = total minus (n_experts - top_k) routed experts in every MoE "
    "layer (top_k from the layer's router where it has its own, as HunYuan's per-layer moe_topk; "
    "JetMoE's attention experts count as routed experts; LongCat-Flash's k picks count as real "
    "experts, and the gate/up rows transformers allocates for its zero-computation experts as "
    "unused); null where the config leaves top-k unset. Default configs transformers cannot build "
    "are patched with the key it needs (DEFAULT_PATCH in the generator: dots1's expert counts are "
    "dots.llm1's, a null head_dim is hidden_size / heads, DBRX's attn_config gets a rope_theta and a clip_qkv)."
    " Forward FLOPs: torch.utils.flop_counter.FlopCounterMode around the real forward on input_ids of "
    "shape (1, S) (T5: also decoder_input_ids), no attention mask, use_cache=False, eval, no_grad, sdpa attention "
    "(eager where transformers refuses sdpa: bloom, gemma2, gpt_oss), batched_mm experts, meta-backed fake tensors; "
    "S = 1 and 256 (128 where a model has fewer positions); absent where PyTorch cannot run the config "
    "(DeepSeek-V2's default leaves top-k unset). It counts every matmul (the dense convention). A forward "
    "that fake tensors cannot run (Qwen4-Exp's QSA indexer calls torch.nonzero) is measured on real CPU "
    "tensors with zero input ids when the model is small enough (its cost depends only on shapes)."
)


if __name__ == "__main__":
    main()
