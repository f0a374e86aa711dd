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
"sdpa"; one forward on random `input_ids` of shape (batch, seq_len) with
`labels = input_ids` (so the loss, and its log-softmax over the vocabulary, is
part of the graph). Every tensor the pack hook receives is reduced to its
storage; a storage is counted once however many tensors (views) point at it,
and the model's parameters are not counted (they are the weights, not
activations). `saved_bytes` is the sum of those storages' sizes; `logits_bytes`
is the output logits tensor, which the forward returns to the caller and so
also stays alive until the backward, though autograd does not save it.

`--print` lists every saved storage (bytes per token, dtype, shape, the module
that was running) instead of writing the fixture.
"""
import json, os, sys, re, warnings, collections
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
}


def measure(model_type, overrides, attn, listing=False):
    cfg = AutoConfig.for_model(model_type, **overrides)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(cfg, dtype=torch.bfloat16, attn_implementation=attn)
    model.train()
    params = {p.untyped_storage().data_ptr() for p in model.parameters()}
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

    ids = torch.randint(0, cfg.vocab_size, (BATCH, SEQ), generator=torch.Generator().manual_seed(1))
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = model(input_ids=ids, labels=ids)
    saved = sum(v[0] for v in seen.values())
    logits = out.logits.untyped_storage().nbytes()
    if listing:
        for nbytes, shape, dtype, module in seen.values():
            print(f"{nbytes / (BATCH * SEQ):10.2f} B/token  {dtype:9s} {str(shape):24s} {module}")
        print(f"saved {saved}  logits {logits}")
    return cfg, saved, logits, len(seen)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    listing = "--print" in sys.argv
    cases = []
    for family, name, overrides in CASES:
        if args and family not in args and f"{family}__{name}" not in args:
            continue
        for attn in ATTENTION:
            if (f"{family}__{name}", attn) in SKIP and not listing:
                continue
            if listing:
                print(f"== {family}__{name} {attn}")
            cfg, saved, logits, n = measure(family, overrides, attn, listing)
            cases.append({
                "name": f"{family}__{name}",
                "model_type": family,
                "attention": attn,
                "batch": BATCH,
                "seq_len": SEQ,
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
