#!/usr/bin/env python
"""Ground truth for activation memory: the bytes autograd keeps between the
forward and the backward pass of transformers' real implementations, measured
with torch.autograd.graph.saved_tensors_hooks, written to
core/data/activations.json and replayed by core/tests/activations.rs.

Not part of `make test` (it needs torch and transformers). Set up once:

    python3 -m venv .venv-gt && .venv-gt/bin/pip install torch==2.15.0 transformers==5.24.0
    .venv-gt/bin/python scripts/ground_truth/activations.py [--print] [family ...]

Method, per case: the family's transformers config with the case's overrides
(small widths, so it runs on a CPU in seconds); the causal-LM model built in
bfloat16 on the CPU, in training mode, with `attn_implementation` "eager" or
"sdpa"; one forward on random `input_ids` of shape (batch, seq_len) (2 × 128,
or SEQ_OF's length for a case whose last chunk is padded, whose last block
is short, or that fits one chunk) with
`labels = input_ids` (so the loss, and its log-softmax over the vocabulary, is
part of the graph). Every tensor the pack hook receives is reduced to its
storage; a storage is counted once however many tensors (views) point at it,
and the model's parameters and buffers are not counted (they are the model's
own state, not activations). `saved_bytes` is the sum of those storages' sizes; `logits_bytes`
is the output logits tensor, which the forward returns to the caller and so
also stays alive until the backward, though autograd does not save it.

The mixer cases (MIXER_CASES: state-space, linear-attention, recurrent and
convolution layers, and ZAYA's CCA) run transformers' PyTorch path, the one
that runs when the optional kernel packages (mamba_ssm, causal-conv1d, fla) are
absent, as on this CPU: Mamba's sequential scan, Mamba-2's chunked SSD einsums,
the delta rule's chunked UT transform, lightning attention's blocks, the RWKV
and RG-LRU loops, xLSTM's native chunkwise kernel. Families without attention
are measured once ("eager"; transformers refuses SDPA for them).

`--print` lists every saved storage (bytes per token, dtype, shape, the module
that was running) instead of writing the fixture.
"""
import importlib.util, json, os, sys, re, warnings, collections
warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM
transformers.logging.set_verbosity_error()
torch.set_num_threads(1)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "core", "data", "activations.json")

BATCH, SEQ = 2, 128

# (family, case name, overrides). Small widths; everything else is the
# family's transformers default, so the structure is the real one.
CASES = [
    ("llama", "gqa", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                          num_key_value_heads=2, intermediate_size=688, vocab_size=2000)),
    ("llama", "mha_tied", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4,
                               num_key_value_heads=4, intermediate_size=512, vocab_size=3000,
                               tie_word_embeddings=True)),
    ("mistral", "gqa", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                            num_key_value_heads=2, intermediate_size=688, vocab_size=2000)),
    ("qwen2", "bias", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                           num_key_value_heads=4, intermediate_size=704, vocab_size=2000)),
    ("qwen3", "qk_norm", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                              num_key_value_heads=2, head_dim=64, intermediate_size=640,
                              vocab_size=2000)),
    ("gemma", "gelu_gated", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                 num_key_value_heads=1, head_dim=64, intermediate_size=768,
                                 vocab_size=2000)),
    ("phi3", "fused", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                           num_key_value_heads=4, intermediate_size=688, vocab_size=2000,
                           pad_token_id=0)),
    ("gpt2", "dropout", dict(n_embd=256, n_layer=2, n_head=4, vocab_size=2000, n_positions=256)),
    ("gpt2", "no_dropout", dict(n_embd=256, n_layer=2, n_head=8, vocab_size=2000, n_positions=256,
                                resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)),
    ("gpt_neox", "parallel", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                                  intermediate_size=1024, vocab_size=2000)),
    ("opt", "dropout", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                            ffn_dim=1024, vocab_size=2000, word_embed_proj_dim=256,
                            max_position_embeddings=256)),
    # OPT's config has `activation_dropout`, but its layers never apply it.
    ("opt", "act_dropout", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                ffn_dim=1024, vocab_size=2000, word_embed_proj_dim=256,
                                max_position_embeddings=256, activation_dropout=0.1)),
    ("starcoder2", "gelu", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                                num_key_value_heads=2, intermediate_size=1024, vocab_size=2000)),
    ("mixtral", "moe", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                            num_key_value_heads=2, intermediate_size=512, vocab_size=2000,
                            num_local_experts=8, num_experts_per_tok=2)),
    ("qwen2_moe", "shared", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                                 num_key_value_heads=4, intermediate_size=688,
                                 moe_intermediate_size=256, shared_expert_intermediate_size=512,
                                 num_experts=8, num_experts_per_tok=2, vocab_size=2000)),
    ("deepseek_v3", "mla_moe", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=8,
                                    num_key_value_heads=8, intermediate_size=688,
                                    moe_intermediate_size=128, n_routed_experts=8,
                                    num_experts_per_tok=2, n_shared_experts=1,
                                    first_k_dense_replace=1, q_lora_rank=128, kv_lora_rank=64,
                                    qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32,
                                    vocab_size=2000, n_group=2, topk_group=1)),
]

# Layers with a token mixer that is not softmax attention (state-space, linear
# attention, recurrences, short convolutions), through transformers' PyTorch
# path: the one that runs on a CPU and without the optional kernel packages
# (mamba_ssm, causal-conv1d, fla), as the fixture is measured. Chunk lengths
# shorter than the sequence, so that chunked algorithms run several chunks
# (one case pads the last chunk). Models without attention are measured once
# ("eager": transformers refuses SDPA for them, and nothing differs).
MIXER_CASES = [
    ("mamba", "ssm", dict(hidden_size=256, num_hidden_layers=2, vocab_size=2000, state_size=16,
                          expand=2, conv_kernel=4, time_step_rank=16)),
    ("falcon_mamba", "ssm", dict(hidden_size=192, num_hidden_layers=2, vocab_size=2000, state_size=8,
                                 expand=3, conv_kernel=3, time_step_rank=12)),
    ("mamba2", "ssd", dict(hidden_size=256, num_hidden_layers=2, vocab_size=2000, num_heads=8, head_dim=64,
                           n_groups=2, state_size=32, chunk_size=32, expand=2)),
    ("mamba2", "ssd_padded", dict(hidden_size=256, num_hidden_layers=2, vocab_size=2000, num_heads=4,
                                  head_dim=128, n_groups=1, state_size=16, chunk_size=48, expand=2,
                                  conv_kernel=3)),
    ("jamba", "moe", dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=2,
                          intermediate_size=512, num_experts=4, num_experts_per_tok=2, vocab_size=2000,
                          attn_layer_period=2, attn_layer_offset=1, expert_layer_period=2,
                          expert_layer_offset=1, mamba_d_state=16, mamba_dt_rank=16,
                          use_mamba_kernels=False)),
    ("bamba", "hybrid", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=8, num_key_value_heads=2,
                             intermediate_size=512, vocab_size=2000, attn_layer_indices=[1], mamba_n_heads=8,
                             mamba_d_head=64, mamba_d_state=32, mamba_n_groups=2, mamba_chunk_size=32)),
    ("falcon_h1", "parallel", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                                   num_key_value_heads=2, head_dim=32, intermediate_size=512, mamba_d_ssm=512,
                                   mamba_n_heads=8, mamba_d_head=64, mamba_d_state=32, mamba_n_groups=2,
                                   mamba_chunk_size=32, vocab_size=2000)),
    ("falcon_h1", "gated_norm", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8,
                                     num_key_value_heads=2, head_dim=32, intermediate_size=512,
                                     mamba_d_ssm=512, mamba_n_heads=8, mamba_d_head=64, mamba_d_state=32,
                                     mamba_n_groups=2, mamba_chunk_size=32, vocab_size=2000,
                                     mamba_rms_norm=True)),
    ("nemotron_h", "hybrid", dict(hidden_size=256, hybrid_override_pattern="M*-M", num_attention_heads=8,
                                  num_key_value_heads=2, head_dim=32, intermediate_size=512, mamba_num_heads=8,
                                  mamba_head_dim=64, ssm_state_size=32, n_groups=2, chunk_size=32,
                                  vocab_size=2000)),
    ("granitemoehybrid", "hybrid", dict(hidden_size=256, num_hidden_layers=2, layer_types=["mamba", "attention"],
                                        num_attention_heads=8, num_key_value_heads=2, intermediate_size=64,
                                        shared_intermediate_size=512, num_local_experts=4, num_experts_per_tok=2,
                                        mamba_n_heads=8, mamba_d_head=64, mamba_d_state=32, mamba_n_groups=2,
                                        mamba_chunk_size=32, vocab_size=2000)),
    ("zamba", "hybrid", dict(hidden_size=128, num_hidden_layers=5, num_attention_heads=4, num_key_value_heads=4,
                             intermediate_size=512, n_mamba_heads=2, mamba_dt_rank=8, vocab_size=2000,
                             attn_layer_period=2, attn_layer_offset=1)),
    ("zamba2", "shared", dict(hidden_size=128, num_hidden_layers=3, layers_block_type=["mamba", "hybrid", "mamba"],
                              num_mem_blocks=1, num_attention_heads=4, n_mamba_heads=4, mamba_d_state=16,
                              adapter_rank=8, chunk_size=32, vocab_size=2000)),
    ("qwen3_next", "gdn_moe", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                   num_key_value_heads=2, head_dim=64, intermediate_size=512, vocab_size=2000,
                                   linear_num_key_heads=2, linear_num_value_heads=4, linear_key_head_dim=32,
                                   linear_value_head_dim=32, num_experts=8, num_experts_per_tok=2,
                                   moe_intermediate_size=64, shared_expert_intermediate_size=128,
                                   layer_types=["linear_attention", "full_attention"])),
    # 100 tokens in chunks of 64: the last chunk is padded.
    ("qwen3_next", "padded_chunk", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                        num_key_value_heads=2, head_dim=64, intermediate_size=512,
                                        vocab_size=2000, linear_num_key_heads=2, linear_num_value_heads=4,
                                        linear_key_head_dim=32, linear_value_head_dim=32,
                                        layer_types=["linear_attention", "full_attention"])),
    # 48 tokens: one chunk, nothing read from a previous one.
    ("qwen3_next", "one_chunk", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                     num_key_value_heads=2, head_dim=64, intermediate_size=512,
                                     vocab_size=2000, linear_num_key_heads=2, linear_num_value_heads=4,
                                     linear_key_head_dim=32, linear_value_head_dim=32,
                                     layer_types=["linear_attention", "full_attention"])),
    ("qwen3_5_text", "gdn", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                 num_key_value_heads=1, head_dim=64, intermediate_size=768, vocab_size=2000,
                                 linear_num_key_heads=2, linear_num_value_heads=4, linear_key_head_dim=32,
                                 linear_value_head_dim=32, layer_types=["linear_attention", "full_attention"])),
    ("olmo_hybrid", "gdn", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                intermediate_size=512, vocab_size=2000, pad_token_id=0, eos_token_id=1,
                                linear_num_key_heads=2, linear_num_value_heads=4, linear_key_head_dim=32,
                                linear_value_head_dim=64, layer_types=["linear_attention", "full_attention"])),
    ("kimi_linear", "kda_mla", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                    num_key_value_heads=4, kv_lora_rank=64, qk_nope_head_dim=32,
                                    qk_rope_head_dim=16, v_head_dim=32, intermediate_size=512,
                                    moe_intermediate_size=64, num_local_experts=8, num_experts_per_tok=2,
                                    vocab_size=2000, pad_token_id=0,
                                    linear_attn_config=dict(head_dim=32, num_heads=4, short_conv_kernel_size=4,
                                                            full_attn_layers=[2], kda_layers=[1]))),
    # 100 tokens in chunks of 64: Kimi's per-channel delta rule on a padded chunk.
    ("kimi_linear", "padded_chunk", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                         num_key_value_heads=4, kv_lora_rank=64, qk_nope_head_dim=32,
                                         qk_rope_head_dim=16, v_head_dim=32, intermediate_size=512,
                                         moe_intermediate_size=64, num_local_experts=8,
                                         num_experts_per_tok=2, vocab_size=2000, pad_token_id=0,
                                         linear_attn_config=dict(head_dim=32, num_heads=4,
                                                                 short_conv_kernel_size=4,
                                                                 full_attn_layers=[2], kda_layers=[1]))),
    ("qwen3_5_moe_text", "gdn_moe", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                         num_key_value_heads=2, head_dim=64, intermediate_size=768,
                                         vocab_size=2000, linear_num_key_heads=2, linear_num_value_heads=4,
                                         linear_key_head_dim=32, linear_value_head_dim=32, num_experts=8,
                                         num_experts_per_tok=2, moe_intermediate_size=64,
                                         shared_expert_intermediate_size=64,
                                         layer_types=["linear_attention", "full_attention"])),
    ("lara_mini", "gdn_swa", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4,
                                  num_key_value_heads=2, head_dim=64, vocab_size=2000, linear_num_key_heads=2,
                                  linear_num_value_heads=4, linear_key_head_dim=32, linear_value_head_dim=32,
                                  num_experts=8, num_experts_per_tok=2, moe_intermediate_size=64,
                                  shared_expert_intermediate_size=128, sliding_window=64,
                                  layer_types=["linear_attention", "sliding_attention", "full_attention"])),
    ("bailing_hybrid", "kda_mla", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                       num_key_value_heads=4, kv_lora_rank=64, qk_nope_head_dim=32,
                                       qk_rope_head_dim=16, v_head_dim=32, head_dim=32, intermediate_size=512,
                                       moe_intermediate_size=64, num_local_experts=8, num_experts_per_tok=2,
                                       n_group=2, topk_group=1, vocab_size=2000, pad_token_id=0, eos_token_id=1,
                                       layer_types=["linear_attention", "full_attention"])),
    ("lfm2", "short_conv", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                num_key_value_heads=2, intermediate_size=1024, vocab_size=2000,
                                full_attn_idxs=[1])),
    ("lfm2_moe", "short_conv", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4,
                                    num_key_value_heads=2, intermediate_size=512, moe_intermediate_size=128,
                                    num_experts=4, num_experts_per_tok=2, vocab_size=2000, num_dense_layers=1,
                                    layer_types=["conv", "conv", "full_attention"])),
    ("lfm3", "short_conv_swa", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4,
                                    num_key_value_heads=2, head_dim=64, intermediate_size=512, vocab_size=2000,
                                    sliding_window=64, pad_token_id=0,
                                    layer_types=["conv", "sliding_attention", "full_attention"])),
    ("minimax", "lightning", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
                                  num_key_value_heads=2, head_dim=64, intermediate_size=256, num_local_experts=4,
                                  num_experts_per_tok=2, vocab_size=2000, block_size=32,
                                  layer_types=["linear_attention", "full_attention"])),
    ("minimax", "partial_block", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=16,
                                      num_key_value_heads=4, head_dim=16, intermediate_size=256,
                                      num_local_experts=4, num_experts_per_tok=2, vocab_size=2000,
                                      block_size=64, layer_types=["linear_attention", "full_attention"])),
    ("recurrent_gemma", "rg_lru", dict(hidden_size=256, num_hidden_layers=3, num_attention_heads=4,
                                       num_key_value_heads=1, intermediate_size=768, vocab_size=2000,
                                       attention_window_size=64)),
    ("rwkv", "wkv", dict(hidden_size=256, num_hidden_layers=2, vocab_size=2000, context_length=256)),
    ("xlstm", "mlstm", dict(hidden_size=256, num_hidden_layers=2, num_heads=4, vocab_size=2000, chunk_size=32)),
    ("zaya", "cca", dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=8, num_key_value_heads=2,
                         head_dim=32, moe_intermediate_size=128, num_experts=4, num_experts_per_tok=1,
                         router_hidden_size=64, vocab_size=2000)),
]

# Families without attention: transformers has no SDPA path for them.
ATTENTION_FREE = {"mamba", "falcon_mamba", "mamba2", "rwkv", "xlstm"}

ATTENTION = ["eager", "sdpa"]

# Cases PyTorch's CPU kernels cannot show as a GPU runs them: with attention
# dropout, or value heads narrower than query/key heads (MLA), CPU SDPA falls
# back to its math path in FP32, which keeps the s x s probabilities; on a GPU
# FlashAttention or the memory-efficient kernel runs them without. Measured
# under eager attention only.
SKIP = {
    ("gpt2__dropout", "sdpa"): "attention dropout: CPU SDPA falls back to its FP32 math path",
    ("deepseek_v3__mla_moe", "sdpa"): "MLA's value heads differ from its query/key heads: CPU SDPA "
                                      "falls back to its FP32 math path",
    ("kimi_linear__kda_mla", "sdpa"): "MLA's value heads differ from its query/key heads: CPU SDPA "
                                      "falls back to its FP32 math path",
    ("kimi_linear__padded_chunk", "sdpa"): "MLA's value heads differ from its query/key heads: CPU "
                                           "SDPA falls back to its FP32 math path",
    ("bailing_hybrid__kda_mla", "sdpa"): "MLA's value heads differ from its query/key heads: CPU SDPA "
                                         "falls back to its FP32 math path",
}


# Cases measured at another length than SEQ (a padded last chunk).
SEQ_OF = {"qwen3_next__padded_chunk": 100, "qwen3_next__one_chunk": 48,
          "kimi_linear__padded_chunk": 100, "minimax__partial_block": 100}


def measure(model_type, overrides, attn, listing=False, seq=SEQ):
    cfg = AutoConfig.for_model(model_type, **overrides)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(cfg, dtype=torch.bfloat16, attn_implementation=attn)
    model.train()
    # Parameters and buffers (MiniMax's lightning decay masks, RoPE's inverse
    # frequencies) are the model's own state, resident whether or not
    # autograd keeps a reference: they are not activations.
    params = {p.untyped_storage().data_ptr() for p in model.parameters()}
    params |= {b.untyped_storage().data_ptr() for b in model.buffers()}
    current = ["(model)"]
    for name, module in model.named_modules():
        module.register_forward_pre_hook(lambda m, a, name=name: current.__setitem__(0, name))
    seen = collections.OrderedDict()

    def pack(t):
        storage = t.untyped_storage()
        ptr = storage.data_ptr()
        if ptr not in params and ptr not in seen:
            seen[ptr] = (storage.nbytes(), tuple(t.shape), str(t.dtype).replace("torch.", ""), current[0])
        return t

    ids = torch.randint(0, cfg.vocab_size, (BATCH, seq), generator=torch.Generator().manual_seed(1))
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = model(input_ids=ids, labels=ids)
    saved = sum(v[0] for v in seen.values())
    logits = out.logits.untyped_storage().nbytes()
    if listing:
        for nbytes, shape, dtype, module in seen.values():
            print(f"{nbytes / (BATCH * seq):10.2f} B/token  {dtype:9s} {str(shape):24s} {module}")
        print(f"saved {saved}  logits {logits}")
    return cfg, saved, logits, len(seen)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    listing = "--print" in sys.argv
    cases = []
    for family, name, overrides in CASES + MIXER_CASES:
        if args and family not in args and f"{family}__{name}" not in args:
            continue
        for attn in (["eager"] if family in ATTENTION_FREE else ATTENTION):
            if (f"{family}__{name}", attn) in SKIP and not listing:
                continue
            if listing:
                print(f"== {family}__{name} {attn}")
            seq = SEQ_OF.get(f"{family}__{name}", SEQ)
            cfg, saved, logits, n = measure(family, overrides, attn, listing, seq)
            cases.append({
                "name": f"{family}__{name}",
                "model_type": family,
                "attention": attn,
                "batch": BATCH,
                "seq_len": seq,
                "saved_bytes": saved,
                "saved_storages": n,
                "logits_bytes": logits,
                "overrides": overrides,
                "config": json.loads(cfg.to_json_string(use_diff=False)),
            })
            print(f"{family}__{name:12s} {attn:6s} saved {saved:>10d} B  ({n} storages)  logits {logits:>9d} B",
                  file=sys.stderr)
    if listing:
        return
    about = {
        "what": "Bytes autograd saves for the backward pass (activations), per case, as PyTorch "
                "measures them on transformers' implementations",
        "method": __doc__.strip(),
        "torch": torch.__version__.split("+")[0],
        "transformers": transformers.__version__,
        "device": "cpu",
        "dtype": "bfloat16",
        "generator": "scripts/ground_truth/activations.py",
        "mixer_path": "transformers' PyTorch path (no mamba_ssm, causal-conv1d or fla installed: "
                      + ", ".join(f"{m} {'present' if importlib.util.find_spec(m) else 'absent'}"
                                  for m in ("mamba_ssm", "causal_conv1d", "fla")) + ")",
        "not_measured": [f"{n} ({a}): {why}" for (n, a), why in SKIP.items()],
    }
    if args:
        old = json.load(open(OUT))
        keep = [c for c in old["cases"] if c["model_type"] not in args and c["name"] not in args]
        cases = keep + cases
    with open(OUT, "w") as f:
        json.dump({"about": about, "cases": cases}, f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
