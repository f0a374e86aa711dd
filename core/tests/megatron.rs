//! flopcast's memory per accelerator against Megatron-LM's theoretical-memory
//! report (`megatron/training/theoretical_memory_usage.py`:
//! `compute_weight_and_optimizer_memory` and, with sequence parallelism and
//! selective recomputation, `compute_activation_memory`), re-derived here from
//! its published formulas:
//!
//! - weights and optimizer: the most loaded shard's parameters, `(P_layers /
//!   PP + embedding) / TP`, times 6 + 12 / DP bytes with the distributed
//!   optimizer (BF16 weights, FP32 gradients, FP32 Adam state sharded over
//!   DP); parameters counted as `2·h·(ffn·g + n) + attention` per layer
//!   (`g` 3/2 for SwiGLU, `n` 2 for LayerNorm and 1 for RMSNorm), no biases,
//!   no position embeddings, the vocabulary padded to a multiple of 128·TP;
//! - activations (Korthikanti et al. 2022, Table 2, with SP and selective
//!   recomputation): `s·b·h·(18 + 4·ffn/h)` per layer for every layer (PP
//!   micro-batches of L/PP layers on the first stage), plus `8·s·b·PP`
//!   for the input ids and `s·b·h·PP` for the embedding's dropout mask, times
//!   `min(1, m/PP)`, all ÷ TP; the output layer only without pipelining.
//!
//! The two agree where they model the same thing; the tests check each
//! known difference by its own term, so a change on either side shows.

use crate::close;
use flopcast_core::config::from_dims;
use flopcast_core::estimate::estimate;
use flopcast_core::hardware::AcceleratorInUse;
use flopcast_core::memory::activations::{AttnKernel, Kernels, Recompute};
use flopcast_core::memory::breakdown::{MemorySettings, Overhead, Stage};
use flopcast_core::memory::layout::{GlobalBatch, Layout, Zero};
use flopcast_core::memory::BytesPerParam;
use flopcast_core::model::{ActFn, Dims, ModelSpec, NormKind, TrainingTraits};
use flopcast_core::scenario::{ModelChoice, Scenario};

/// Megatron's inputs.
struct Megatron {
    layers: f64,
    h: f64,
    heads: f64,
    query_groups: f64,
    kv_channels: f64,
    ffn: f64,
    swiglu: bool,
    rms: bool,
    vocab: f64,
    untied: bool,
    s: f64,
    b: f64,
    tp: f64,
    pp: f64,
    dp: f64,
    m: f64,
}

impl Megatron {
    fn padded_vocab(&self) -> f64 {
        let multiple = 128.0 * self.tp;
        (self.vocab / multiple).ceil() * multiple
    }

    fn weights_and_optimizer(&self) -> f64 {
        let norm = if self.rms { 1.0 } else { 2.0 };
        let gated = if self.swiglu { 1.5 } else { 1.0 };
        let q = self.kv_channels * self.heads / self.h;
        let attention = 2.0 * self.h * self.h * ((1.0 + self.query_groups / self.heads) * q);
        let layer = 2.0 * self.h * (self.ffn * gated + norm) + attention;
        let embedding = self.h * self.padded_vocab();
        let block = layer * self.layers + norm * self.h;
        let mut shard = (block / self.pp + embedding) / self.tp;
        if self.untied && self.pp == 1.0 {
            shard += embedding / self.tp;
        }
        shard * (6.0 + 12.0 / self.dp)
    }

    fn activations(&self) -> f64 {
        let sbh = self.s * self.b * self.h;
        let mut a = sbh * (18.0 + 4.0 * self.ffn / self.h) * self.layers;
        a += 8.0 * self.s * self.b * self.pp;
        a += sbh * self.pp;
        if self.pp > 1.0 {
            a *= (self.m / self.pp).min(1.0);
        } else {
            a += sbh * 4.0 * (1.0 + self.padded_vocab() / self.h);
        }
        a / self.tp
    }
}

/// flopcast's settings for a Megatron run: fused kernels, FlashAttention, SP,
/// selective recomputation, FP32 gradients, the distributed optimizer (ZeRO
/// 1), and no overhead line (Megatron's report has none with SP).
fn scenario(model: ModelChoice, n: u64, s: u64, tp: u64, pp: u64, batch: u64) -> Scenario {
    Scenario {
        model,
        seq_len: Some(s),
        accelerator: AcceleratorInUse::from_catalog("h100-sxm5-80gb", None).expect("H100"),
        n_accelerators: n,
        layout: Layout {
            tp,
            pp,
            zero: Zero::Optimizer,
            recompute: Recompute::Selective,
            attention: AttnKernel::Sdpa,
            sequence_parallel: true,
            ..Layout::default()
        },
        auto_layout: false,
        global_batch: GlobalBatch::Tokens(batch),
        memory: MemorySettings {
            state: BytesPerParam::FP32_GRADIENTS,
            overhead: Overhead {
                runtime_bytes: 0.0,
                fragmentation: 0.0,
            },
            kernels: Kernels::Fused,
        },
        ..Scenario::default()
    }
}

fn gpt3_175b() -> ModelSpec {
    let dims = Dims {
        n_layers: 96,
        d_model: 12288,
        n_heads: 96,
        d_ff: 4 * 12288,
        vocab_size: 51200,
        context_len: 2048,
        gated_mlp: false,
        tied_embeddings: true,
        biases: true,
        learned_positions: true,
        norm: NormKind::LayerNorm,
        ..Dims::default()
    };
    let mut spec = from_dims(&dims).expect("GPT-3 175B");
    // Megatron's GPT defaults: dropout 0.1 on the hidden states and attention.
    spec.training = Some(TrainingTraits {
        act: ActFn::Gelu,
        embed_dropout: true,
        attn_dropout: true,
        resid_dropout: true,
        act_dropout: false,
    });
    spec
}

const GB: f64 = 1e9;

/// GPT-3 175B as Megatron trains it: TP 8, PP 8, DP 16 (1,024 GPUs), 2,048
/// tokens, micro-batch 1, 1,536 sequences a step (GPT-3's 3.2M tokens).
#[test]
fn gpt3_175b_agrees_with_megatrons_formula_term_for_term() {
    let s = scenario(
        ModelChoice::custom(gpt3_175b()),
        1024,
        2048,
        8,
        8,
        1536 * 2048,
    );
    let e = estimate(&s);
    let b = e.layout.as_ref().expect("a valid layout");
    assert_eq!(b.plan.dp, 16);
    assert_eq!(b.stage, Stage::First);
    let meg = Megatron {
        layers: 96.0,
        h: 12288.0,
        heads: 96.0,
        query_groups: 96.0,
        kv_channels: 128.0,
        ffn: 49152.0,
        swiglu: false,
        rms: false,
        vocab: 51200.0,
        untied: false,
        s: 2048.0,
        b: 1.0,
        tp: 8.0,
        pp: 8.0,
        dp: 16.0,
        m: 96.0,
    };
    let per = b.per_accelerator;
    let state = per.weights + per.gradients + per.optimizer;
    let activations = per.activations + per.logits;
    println!(
        "GPT-3 175B, TP 8 PP 8 DP 16: weights+optimizer flopcast {:.3} GB, Megatron {:.3} GB; activations flopcast {:.3} GB, Megatron {:.3} GB",
        state / GB,
        meg.weights_and_optimizer() / GB,
        activations / GB,
        meg.activations() / GB
    );
    // State: flopcast also counts the biases and the position table, and
    // keeps the norms whole on every TP rank (Megatron divides them by TP).
    assert!(close(state, meg.weights_and_optimizer(), 0.005));
    // Activations: the same 34·s·b·h a layer; flopcast adds the FP32
    // LayerNorm statistics (16 bytes a token) and FlashAttention's FP32
    // log-sum-exp (4·a bytes a token) that the paper leaves out.
    // 12 layers × 8 micro-batches in flight × 2,048 tokens, ÷ TP 8.
    let extra = 12.0 * 8.0 * 2048.0 * (16.0 + 4.0 * 96.0) / 8.0;
    assert!(
        close(activations, meg.activations() + extra, 1e-9),
        "{activations} vs {} + {extra}",
        meg.activations()
    );
}

/// Selective recomputation drops the attention core and nothing else:
/// Korthikanti et al. 2022, Table 2, give a layer `s·b·h·(34 + 5·a·s/h) / t`
/// without recomputation and `34·s·b·h / t` with it (both with SP), so with
/// eager attention the two differ by `5·a·s²·b / t` a layer: the softmax's
/// BF16 output (2), its dropout mask (1) and the dropped probabilities (2).
#[test]
fn selective_recomputation_drops_korthikantis_five_a_s_squared_b_a_layer() {
    let at = |recompute| {
        let mut s = scenario(
            ModelChoice::custom(gpt3_175b()),
            1024,
            2048,
            8,
            8,
            1536 * 2048,
        );
        s.layout.recompute = recompute;
        s.layout.attention = AttnKernel::Eager;
        let e = estimate(&s);
        e.layout
            .expect("a valid layout")
            .per_accelerator
            .activations
    };
    let (a, s, b, t) = (96.0, 2048.0, 1.0, 8.0);
    // 12 layers a stage, 8 micro-batches in flight on the first stage.
    let core = 12.0 * 8.0 * 5.0 * a * s * s * b / t;
    let (none, selective) = (at(Recompute::None), at(Recompute::Selective));
    assert!(
        close(none - selective, core, 1e-9),
        "{none} − {selective} vs {core}"
    );
}

/// Llama 3.1 405B as Meta trained it (Llama Team 2024, §3.3.2): 16,384 H100s,
/// TP 8, PP 16, DP 128, 8,192 tokens, micro-batch 1, 16M tokens a step
/// (m = 16).
#[test]
fn llama_405b_agrees_with_megatron_where_both_model_the_same_tensors() {
    let model = ModelChoice::preset("llama-3.1-405b").expect("preset").0;
    let s = scenario(model, 16_384, 8192, 8, 16, 2048 * 8192);
    let e = estimate(&s);
    let b = e.layout.as_ref().expect("a valid layout");
    assert_eq!((b.plan.dp, b.plan.micro_batches), (128, 16));
    let (h, ffn, heads, kv, hd, layers) = (16384.0, 53248.0, 128.0, 8.0, 128.0, 126.0);
    let meg = Megatron {
        layers,
        h,
        heads,
        query_groups: kv,
        kv_channels: hd,
        ffn,
        swiglu: true,
        rms: true,
        vocab: 128256.0,
        untied: true,
        s: 8192.0,
        b: 1.0,
        tp: 8.0,
        pp: 16.0,
        dp: 128.0,
        m: 16.0,
    };
    let per = b.per_accelerator;
    let state = per.weights + per.gradients + per.optimizer;
    println!(
        "Llama 3.1 405B, TP 8 PP 16 DP 128: {} stage, weights+optimizer flopcast {:.3} GB, Megatron {:.3} GB; activations flopcast {:.3} GB, Megatron {:.3} GB; total flopcast {:.3} GB",
        match b.stage { Stage::First => "first", Stage::Last => "last", Stage::Only => "only" },
        state / GB,
        meg.weights_and_optimizer() / GB,
        (per.activations + per.logits) / GB,
        meg.activations() / GB,
        per.total / GB
    );
    // State: 126 layers over 16 stages put 8 on the first stage where
    // Megatron's average gives 7.875; the vocabulary is padded to 129,024
    // there. Per layer and for the embedding the two agree.
    let layer_params = 2.0 * h * (ffn * 1.5 + 1.0) + 2.0 * h * h * (1.0 + kv / heads);
    let embedding_params = 16384.0 * 128256.0;
    let bytes = 6.0 + 12.0 / 128.0;
    let first_stage = (8.0 * layer_params + embedding_params) / 8.0 * bytes;
    assert!(close(state, first_stage, 0.001), "{state} vs {first_stage}");
    let megatron_first =
        ((layers * layer_params + h) / 16.0 + h * meg.padded_vocab()) / 8.0 * bytes;
    assert!(close(megatron_first, meg.weights_and_optimizer(), 1e-12));
    // Activations: Megatron's per-layer 18 + 4·ffn/h assumes GPT-3's layer.
    // Llama's differs in three tensors, each derivable from the config:
    // no dropout masks (−2 bytes·h), keys and values at 8 of 128 heads
    // (−4·h + 4·8·128), and SwiGLU's three ffn-wide tensors (+2·ffn); plus
    // RMSNorm's FP32 1/rms (8 bytes) and the log-sum-exp (4·a) flopcast keeps.
    let per_token_layer_megatron = 18.0 * h + 4.0 * ffn;
    let per_token_layer_flopcast = per_token_layer_megatron - 2.0 * h - (4.0 * h - 4.0 * kv * hd)
        + 2.0 * ffn
        + 8.0
        + 4.0 * heads;
    let tokens = 8192.0;
    // Both hold 16 micro-batches of the first stage's layers (Megatron: 126/16).
    let flopcast_layers = 8.0 * 16.0 * tokens * per_token_layer_flopcast / 8.0;
    let megatron_layers = layers * tokens * per_token_layer_megatron / 8.0;
    let embedding_flopcast = 16.0 * tokens * 8.0 / 8.0; // ids; no dropout
    let shared = 0.0; // RoPE tables are not kept by fused kernels
    let expected = flopcast_layers + embedding_flopcast + shared;
    assert!(
        close(per.activations + per.logits, expected, 1e-9),
        "{} vs {expected}",
        per.activations + per.logits
    );
    let megatron_embedding = (8.0 * tokens * 16.0 + tokens * h * 16.0) / 8.0;
    assert!(close(
        meg.activations(),
        megatron_layers + megatron_embedding,
        1e-12
    ));
}
