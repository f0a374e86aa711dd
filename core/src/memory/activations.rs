//! Activation memory: the tensors a training step's forward pass keeps for
//! its backward pass, per layer and per token, by name.
//!
//! The accounting starts from Korthikanti et al. 2022 ("Reducing Activation
//! Recomputation in Large Transformer Models", arXiv 2205.05198, Table 2:
//! `s·b·h·(34 + 5·a·s/h)` bytes per layer without parallelism) and
//! generalises it tensor by tensor to what flopcast reads from a config:
//! grouped-query attention (keys and values at their own width), gated MLPs
//! of any width and activation, mixtures of experts (each token's top-k
//! copies, the router's tensors), MLA's low-rank projections and norms,
//! query/key norms, and dropout only where the config has it.
//!
//! Two sets of kernels decide what is kept ([`Kernels`]):
//! - **Eager**: PyTorch's eager kernels as transformers' implementations run
//!   them. RMSNorm keeps an FP32 copy of its input; eager attention keeps the
//!   FP32 softmax and its BF16 copy; GPT-2's Python GELU keeps four
//!   intermediates. This is the set checked against PyTorch: on every case of
//!   `core/data/activations.json` (transformers' real implementations,
//!   measured with `saved_tensors_hooks`) the sum here is within 1 % of the
//!   bytes autograd saved (`core/tests/activations.rs`).
//! - **Fused**: fused norm, SwiGLU, softmax and cross-entropy kernels as
//!   Megatron-Core with Transformer Engine runs them, which keep what
//!   Korthikanti et al. count: each norm's and matrix multiply's BF16 input,
//!   one-byte dropout masks, FP32 norm statistics and FP32 logits for the
//!   loss.
//!
//! Attention with [`AttnKernel::Eager`] keeps the `s × s` probabilities;
//! [`AttnKernel::Sdpa`] (FlashAttention or PyTorch's SDPA) keeps only its
//! inputs, its output and one FP32 log-sum-exp per query and head.
//!
//! Token mixers that are not softmax attention (Mamba, Mamba-2, the delta
//! rules, lightning attention, short convolutions, RG-LRU, RWKV, mLSTM) and
//! ZAYA's CCA are [`super::mixers`]'s: with eager kernels transformers'
//! PyTorch path (measured, as above), with fused kernels what `mamba_ssm`,
//! `causal-conv1d` and `fla` keep (read from their sources). flopcast
//! defaults to fused because large runs use those kernels; eager is the
//! path PyTorch runs without them, and the one that can be checked here.
//!
//! This module gives per-token figures for one layer, the embedding, the
//! final norm and the logits, each tensor tagged with how tensor parallelism
//! splits it and whether selective recomputation drops it. It deliberately
//! does not place layers on pipeline stages or multiply by micro-batches in
//! flight: that is [`super::breakdown`]. It counts what is kept between the
//! forward and the backward pass, not the transient working set of a kernel
//! (the FP32 copy of the logits inside the loss, a backward's temporary
//! gradients), which the overhead line covers.

use serde::{Deserialize, Serialize};

use crate::model::{ActFn, Attention, Ffn, Layer, Mlp, ModelSpec, Moe, NormKind, QkNorm};

/// Bytes of a BF16 (or FP16) activation.
pub(super) const HALF: f64 = 2.0;
/// Bytes of an FP32 value.
pub(super) const FP32: f64 = 4.0;
/// Bytes of an int64 index.
const INDEX: f64 = 8.0;

/// Which kernels the training code runs, which decides what it keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kernels {
    /// Fused kernels, as Megatron-Core with Transformer Engine (the default:
    /// what large runs use); for token mixers, `mamba_ssm`, `causal-conv1d`
    /// and `fla`.
    #[default]
    Fused,
    /// PyTorch's eager kernels, as transformers' implementations run them
    /// (checked against PyTorch); for token mixers, transformers' PyTorch
    /// scans and chunked loops.
    Eager,
}

impl Kernels {
    pub const ALL: [Kernels; 2] = [Kernels::Fused, Kernels::Eager];

    /// Stable id (links, CLI).
    pub fn id(self) -> &'static str {
        match self {
            Kernels::Fused => "fused",
            Kernels::Eager => "eager",
        }
    }

    pub fn from_id(id: &str) -> Option<Kernels> {
        Kernels::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// How attention is computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttnKernel {
    /// FlashAttention or PyTorch's `scaled_dot_product_attention`: no
    /// `s × s` tensor is kept.
    #[default]
    Sdpa,
    /// Written out: `softmax(QKᵀ)·V`, keeping the `s × s` probabilities.
    Eager,
}

impl AttnKernel {
    pub const ALL: [AttnKernel; 2] = [AttnKernel::Sdpa, AttnKernel::Eager];

    pub fn id(self) -> &'static str {
        match self {
            AttnKernel::Sdpa => "sdpa",
            AttnKernel::Eager => "eager",
        }
    }

    pub fn from_id(id: &str) -> Option<AttnKernel> {
        AttnKernel::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            AttnKernel::Sdpa => "SDPA / FlashAttention",
            AttnKernel::Eager => "eager (keeps s × s scores)",
        }
    }
}

/// Activation recomputation (checkpointing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recompute {
    /// Everything the forward pass keeps stays until the backward pass.
    #[default]
    None,
    /// The attention core (`QKᵀ`, softmax, dropout, `·V`) is recomputed
    /// (Korthikanti et al. 2022, §5): its `s × s` tensors are not kept.
    Selective,
    /// Each layer is recomputed from its input: only the inputs are kept, plus
    /// one layer's tensors while it is recomputed.
    Full,
}

impl Recompute {
    pub const ALL: [Recompute; 3] = [Recompute::None, Recompute::Selective, Recompute::Full];

    pub fn id(self) -> &'static str {
        match self {
            Recompute::None => "none",
            Recompute::Selective => "selective",
            Recompute::Full => "full",
        }
    }

    pub fn from_id(id: &str) -> Option<Recompute> {
        Recompute::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Full recomputation when `on`, none otherwise (a yes/no input).
    pub fn full(on: bool) -> Recompute {
        if on {
            Recompute::Full
        } else {
            Recompute::None
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Recompute::None => "none",
            Recompute::Selective => "selective (attention core)",
            Recompute::Full => "full (every layer)",
        }
    }
}

/// Where the step runs. A few small tensors differ: PyTorch on a GPU keeps
/// dropout masks as one byte (`bool`) and LayerNorm statistics in FP32; on a
/// CPU, as the ground truth was measured, both are in the activations'
/// dtype.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Device {
    #[default]
    Gpu,
    /// Only for replaying the CPU ground truth.
    Cpu,
}

impl Device {
    fn mask_bytes(self) -> f64 {
        match self {
            Device::Gpu => 1.0,
            Device::Cpu => HALF,
        }
    }

    fn layer_norm_stat_bytes(self) -> f64 {
        match self {
            Device::Gpu => FP32,
            Device::Cpu => HALF,
        }
    }
}

/// What decides which tensors are kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Kept {
    pub kernels: Kernels,
    pub attention: AttnKernel,
    pub device: Device,
}

/// How tensor parallelism divides a tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Across heads or the MLP's width: ÷ TP.
    Sharded,
    /// `d_model` wide (norms, residual-stream inputs, dropout masks): every
    /// tensor-parallel rank holds it, unless sequence parallelism splits the
    /// sequence (÷ TP with SP).
    Replicated,
}

/// Whether a tensor is per token or per position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// One per token of the micro-batch (`b·s`).
    Token,
    /// One per position, shared by the sequences of a micro-batch (RoPE's
    /// cosines and sines, GPT-2's position ids): `s`, whatever `b`.
    Position,
}

/// One kept tensor (or several alike), in bytes per token of a full-length
/// sequence with no parallelism. A tensor over key positions (the `s × s`
/// probabilities) has its `s` folded in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeptTensor {
    pub what: String,
    pub bytes: f64,
    pub split: Split,
    pub per: Per,
    /// Part of the attention core that selective recomputation recomputes.
    pub core: bool,
    /// Returned by the forward (the logits) rather than saved by autograd;
    /// alive until the backward all the same.
    pub returned: bool,
}

impl KeptTensor {
    pub(super) fn token(what: impl Into<String>, bytes: f64, split: Split) -> KeptTensor {
        KeptTensor {
            what: what.into(),
            bytes,
            split,
            per: Per::Token,
            core: false,
            returned: false,
        }
    }

    fn core(what: impl Into<String>, bytes: f64) -> KeptTensor {
        KeptTensor {
            core: true,
            ..KeptTensor::token(what, bytes, Split::Sharded)
        }
    }

    fn position(what: impl Into<String>, bytes: f64) -> KeptTensor {
        KeptTensor {
            per: Per::Position,
            ..KeptTensor::token(what, bytes, Split::Replicated)
        }
    }
}

/// The kept tensors of one kind of layer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerKept {
    /// Layers of this kind.
    pub count: u64,
    pub tensors: Vec<KeptTensor>,
}

impl LayerKept {
    /// Bytes per token of one layer with no parallelism (per-position
    /// tensors excluded).
    pub fn bytes_per_token(&self) -> f64 {
        self.tensors
            .iter()
            .filter(|t| t.per == Per::Token)
            .map(|t| t.bytes)
            .sum()
    }
}

/// Everything a model keeps, by part.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelKept {
    /// Each kind of layer.
    pub layers: Vec<LayerKept>,
    /// The input embedding: token ids, position ids, the embedding dropout.
    pub embedding: Vec<KeptTensor>,
    /// Tensors computed once and read by every layer (RoPE's cosines and
    /// sines); held by every pipeline stage.
    pub shared: Vec<KeptTensor>,
    /// The final norm, the head's input and the labels.
    pub final_part: Vec<KeptTensor>,
    /// The `s·b·vocab` tensors: the loss's log-softmax (FP32) and, with eager
    /// kernels, the BF16 logits the forward returns (alive until the backward
    /// though autograd does not save them).
    pub logits: Vec<KeptTensor>,
    /// What cannot be derived from the config, in words.
    pub approximations: Vec<String>,
}

/// How transformers' implementation of a family keeps tensors where families
/// differ (read from transformers 5.24's modeling code and checked against
/// the ground truth). Families not listed behave as Llama.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Family {
    /// RMSNorm keeps its normalised output in FP32 (Gemma's `(1 + w)·x`,
    /// OLMo 2's weight applied before the cast) rather than cast back.
    rms_fp32_out: bool,
    /// Eager attention's softmax runs in FP32 and is cast back (both kept).
    softmax_fp32: bool,
    /// RoPE is applied with a concatenation (partial rotary), so SDPA's
    /// output is not in the layout the output projection reads and is copied.
    rope_cat: bool,
    /// SDPA keeps the fused QKV projection's whole output (GPT-2: the keys
    /// are a view of it).
    sdpa_keeps_fused_qkv: bool,
    /// Learned position ids are kept per sequence (OPT), not once (GPT-2).
    position_ids_per_sequence: bool,
    /// The residual stream is FP32 (`residual_in_fp32`): the final norm reads
    /// FP32 and keeps its output in FP32 (Mamba, Mamba-2).
    residual_fp32: bool,
    /// RoPE's cosines and sines are kept in FP32 (OLMo-Hybrid).
    rope_fp32: bool,
    /// Bytes a vocabulary entry of the logits' soft cap keeps per token
    /// (`cap·tanh(x/cap)` keeps its tanh; RecurrentGemma in BF16, xLSTM in
    /// FP32 after upcasting), 0 without one. A family setting: the spec does
    /// not carry the cap.
    logit_softcap: f64,
    /// Bytes of an entry of the explicit `s × s` mask SDPA keeps when a
    /// sliding window is shorter than the sequence (a boolean; RecurrentGemma
    /// builds it in the activations' dtype).
    window_mask: f64,
    /// ZAYA: the embedding and both residual branches of every layer are
    /// shifted and scaled in a learned way, the residual in FP32.
    residual_scaling: bool,
    /// The router reads an FP32 copy of its input (LaRA-mini's softmax
    /// router; DeepSeek's sigmoid router always does).
    router_fp32_input: bool,
    /// With an explicit mask (a sliding window) SDPA is given keys and
    /// values repeated to every query head (LaRA-mini).
    sdpa_mask_repeats_kv: bool,
    /// The forward returns the logits in FP32 (`.float()` before the loss:
    /// Mamba, Mamba-2, Falcon-Mamba, Nemotron-H, xLSTM).
    logits_fp32: bool,
    router: Router,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Router {
    /// Softmax over experts; `renorm`: the top-k weights are renormalised
    /// (in FP32), otherwise cast to BF16.
    Softmax { renorm: bool },
    /// Sigmoid scores on an FP32 copy of the input, renormalised
    /// (DeepSeek-V3).
    SigmoidFp32,
}

const LLAMA: Family = Family {
    rms_fp32_out: false,
    softmax_fp32: true,
    rope_cat: false,
    sdpa_keeps_fused_qkv: false,
    position_ids_per_sequence: false,
    residual_fp32: false,
    rope_fp32: false,
    logit_softcap: 0.0,
    window_mask: 1.0,
    residual_scaling: false,
    router_fp32_input: false,
    sdpa_mask_repeats_kv: false,
    logits_fp32: false,
    router: Router::Softmax { renorm: true },
};

fn family(model_type: &str) -> Family {
    match model_type {
        "gemma" | "gemma2" | "gemma3_text" | "olmo2" | "olmo3" | "qwen3_next" | "qwen3_5_text"
        | "qwen3_5_moe_text" => Family {
            rms_fp32_out: true,
            ..LLAMA
        },
        "nemotron_h" => Family {
            rms_fp32_out: true,
            logits_fp32: true,
            ..LLAMA
        },
        "falcon_mamba" => Family {
            logits_fp32: true,
            ..LLAMA
        },
        "olmo_hybrid" => Family {
            rms_fp32_out: true,
            rope_fp32: true,
            ..LLAMA
        },
        "mamba" | "mamba2" => Family {
            residual_fp32: true,
            logits_fp32: true,
            ..LLAMA
        },
        "recurrent_gemma" => Family {
            rms_fp32_out: true,
            rope_cat: true,
            logit_softcap: HALF,
            window_mask: HALF,
            ..LLAMA
        },
        "lara_mini" => Family {
            rms_fp32_out: true,
            router_fp32_input: true,
            window_mask: HALF,
            sdpa_mask_repeats_kv: true,
            ..LLAMA
        },
        "xlstm" => Family {
            logit_softcap: FP32,
            logits_fp32: true,
            ..LLAMA
        },
        "zaya" => Family {
            residual_scaling: true,
            rope_cat: true,
            ..LLAMA
        },
        "gpt2" => Family {
            softmax_fp32: false,
            sdpa_keeps_fused_qkv: true,
            ..LLAMA
        },
        "gpt_bigcode" | "gpt_neo" | "gptj" | "codegen" => Family {
            softmax_fp32: false,
            ..LLAMA
        },
        "gpt_neox" | "phi3" | "phi" | "persimmon" | "stablelm" | "bamba" => Family {
            rope_cat: true,
            ..LLAMA
        },
        "opt" => Family {
            position_ids_per_sequence: true,
            ..LLAMA
        },
        "qwen2_moe" | "qwen3_moe" | "olmoe" => Family {
            router: Router::Softmax { renorm: false },
            ..LLAMA
        },
        "deepseek_v3" | "deepseek_v2" | "kimi_k2" | "kimi_linear" => Family {
            router: Router::SigmoidFp32,
            ..LLAMA
        },
        _ => LLAMA,
    }
}

/// The families whose transformers implementation the ground truth covers.
/// Others are read as Llama's where their structure is (named in
/// `approximations` with eager kernels).
const CHECKED_FAMILIES: &[&str] = &[
    "llama",
    "mistral",
    "qwen2",
    "qwen3",
    "gemma",
    "phi3",
    "gpt2",
    "gpt_neox",
    "opt",
    "starcoder2",
    "mixtral",
    "qwen2_moe",
    "deepseek_v3",
    // Token mixers that are not softmax attention (`super::mixers`).
    "mamba",
    "falcon_mamba",
    "mamba2",
    "jamba",
    "bamba",
    "falcon_h1",
    "nemotron_h",
    "granitemoehybrid",
    "zamba",
    "zamba2",
    "qwen3_next",
    "qwen3_5_text",
    "qwen3_5_moe_text",
    "olmo_hybrid",
    "lara_mini",
    "kimi_linear",
    "bailing_hybrid",
    "lfm2",
    "lfm2_moe",
    "lfm3",
    "minimax",
    "recurrent_gemma",
    "rwkv",
    "xlstm",
    "zaya",
];

/// Context shared by every term of a model.
pub(super) struct Ctx {
    pub(super) kept: Kept,
    fam: Family,
    norm: NormKind,
    pub(super) d: f64,
    pub(super) seq_len: f64,
    traits: crate::model::TrainingTraits,
    mask: f64,
    /// How transformers writes the family's token mixer, where it differs.
    pub(super) flavour: super::mixers::Flavour,
}

impl Ctx {
    fn eager(&self) -> bool {
        self.kept.kernels == Kernels::Eager
    }
}

/// Everything `spec` keeps for a sequence of `seq_len` tokens.
pub fn model_kept(spec: &ModelSpec, kept: Kept, seq_len: u64) -> ModelKept {
    let traits = spec.training.unwrap_or_else(|| {
        let gated = spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .any(|g| match &g.layer.ffn {
                Ffn::Dense(m) => m.gated,
                Ffn::Moe(m) => m.expert.gated,
                Ffn::None => false,
            });
        crate::model::TrainingTraits {
            act: if gated { ActFn::Silu } else { ActFn::Gelu },
            ..Default::default()
        }
    });
    let ctx = Ctx {
        kept,
        fam: family(spec.model_type()),
        norm: spec.norm,
        d: spec.d_model as f64,
        seq_len: seq_len.max(1) as f64,
        traits,
        mask: kept.device.mask_bytes(),
        flavour: super::mixers::Flavour::of(spec.model_type()),
    };
    let mut approximations = Vec::new();
    let layers = spec
        .stacks
        .iter()
        .flat_map(|s| &s.groups)
        .map(|g| LayerKept {
            count: g.count,
            tensors: layer(&ctx, &g.layer),
        })
        .collect();
    let mut shared = Vec::new();
    if ctx.eager() {
        if let Some(rot) = rope_width(spec) {
            let bytes = if ctx.fam.rope_fp32 { FP32 } else { HALF };
            shared.push(KeptTensor::position(
                "RoPE cosines and sines",
                2.0 * bytes * rot as f64,
            ));
        }
    }
    let mut embedding = vec![KeptTensor::token(
        "token ids (int64)",
        INDEX,
        Split::Replicated,
    )];
    if spec.embed.positions > 0 && ctx.eager() {
        if ctx.fam.position_ids_per_sequence {
            embedding.push(KeptTensor::token(
                "position ids (int64)",
                INDEX,
                Split::Replicated,
            ));
        } else {
            embedding.push(KeptTensor::position("position ids (int64)", INDEX));
        }
    }
    if spec.embed.norm {
        embedding.extend(norm(&ctx, "embedding norm", spec.d_model, 1));
    }
    if ctx.eager() && ctx.fam.residual_scaling {
        embedding.push(KeptTensor::token(
            "embedding shifted for its learned scale",
            HALF * ctx.d,
            Split::Replicated,
        ));
    }
    if ctx.traits.embed_dropout {
        embedding.push(KeptTensor::token(
            "embedding dropout mask",
            ctx.mask * ctx.d,
            Split::Replicated,
        ));
    }
    let mut final_part = Vec::new();
    for stack in &spec.stacks {
        if stack.final_norm {
            let mut n = norm(&ctx, "final norm", spec.d_model, 1);
            if ctx.eager() && ctx.fam.residual_fp32 {
                // It reads the FP32 residual itself, and keeps its output in FP32.
                for t in n.iter_mut().filter(|t| t.what.ends_with("(BF16)")) {
                    t.bytes *= FP32 / HALF;
                    t.what = "final norm: normalised (FP32, from the FP32 residual)".into();
                }
            }
            final_part.extend(n);
        }
    }
    let mut logits = Vec::new();
    if let Some(head) = &spec.head {
        let rows = head.rows(spec.vocab_size) as f64;
        final_part.push(KeptTensor::token(
            "output head input",
            HALF * spec.embed_dim() as f64,
            Split::Replicated,
        ));
        if head.transform.is_some() {
            approximations.push(
                "the output head's dense layer and norm (BERT-style transform) are not counted"
                    .to_string(),
            );
        }
        final_part.push(KeptTensor::token(
            "labels (int64)",
            INDEX,
            Split::Replicated,
        ));
        logits.push(KeptTensor::token(
            "log-softmax of the logits for the loss (FP32)",
            FP32 * rows,
            Split::Sharded,
        ));
        if ctx.eager() && ctx.fam.logit_softcap > 0.0 {
            logits.push(KeptTensor::token(
                "the logits' soft cap (its tanh)",
                ctx.fam.logit_softcap * rows,
                Split::Sharded,
            ));
        }
        if ctx.eager() {
            logits.push(KeptTensor {
                returned: true,
                ..KeptTensor::token(
                    if ctx.fam.logits_fp32 {
                        "logits the forward returns (FP32, alive until the backward)"
                    } else {
                        "logits the forward returns (BF16, alive until the backward)"
                    },
                    if ctx.fam.logits_fp32 { FP32 } else { HALF } * rows,
                    Split::Sharded,
                )
            });
        }
    }
    if ctx.eager() && !CHECKED_FAMILIES.contains(&spec.model_type()) {
        let mixers = spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .any(|g| g.layer.mixer.is_some());
        approximations.push(format!(
            "`{}`'s transformers implementation is not in the activation ground truth: its \
             kept tensors are taken as Llama's where the structure is the same{}",
            spec.model_type(),
            if mixers {
                ", and its token mixers' as the measured implementation of the same kind keeps them"
            } else {
                ""
            }
        ));
    }
    if spec.per_layer_inputs.is_some() || spec.altup_inputs > 0 {
        approximations.push(
            "per-layer inputs and AltUp (Gemma 3n, Gemma 4): their kept tensors are not counted"
                .to_string(),
        );
    }
    approximations.extend(super::mixers::approximations(spec, kept.kernels));
    if spec.is_encoder_decoder() {
        approximations.push(
            "encoder-decoder: the decoder's length and the cross-attention's keys are taken as \
             the sequence length"
                .to_string(),
        );
    }
    if spec.moe().is_some() {
        approximations.push(
            "mixture of experts: tokens are taken as spread evenly over experts (and over \
             expert-parallel ranks); a skewed router keeps more on the busiest rank"
                .to_string(),
        );
    }
    ModelKept {
        layers,
        embedding,
        shared,
        final_part,
        logits,
        approximations,
    }
}

impl ModelKept {
    /// Bytes kept for one micro-batch of `batch` sequences of `seq_len`
    /// tokens on one device with no parallelism and no recomputation;
    /// `(saved by autograd, returned by the forward)`.
    pub fn single_device_bytes(&self, batch: u64, seq_len: u64) -> (f64, f64) {
        let tokens = batch as f64 * seq_len as f64;
        let bytes = |t: &KeptTensor| match t.per {
            Per::Token => t.bytes * tokens,
            Per::Position => t.bytes * seq_len as f64,
        };
        let layers = self
            .layers
            .iter()
            .map(|l| l.count as f64 * l.tensors.iter().map(bytes).sum::<f64>());
        let parts = self
            .embedding
            .iter()
            .chain(&self.shared)
            .chain(&self.final_part)
            .chain(&self.logits);
        let saved = layers.sum::<f64>()
            + parts
                .clone()
                .filter(|t| !t.returned)
                .map(bytes)
                .sum::<f64>();
        let returned = parts.filter(|t| t.returned).map(bytes).sum();
        (saved, returned)
    }
}

/// RoPE's rotated width (cosines and sines are kept once per position); `None`
/// without RoPE (learned positions).
fn rope_width(spec: &ModelSpec) -> Option<u64> {
    if spec.embed.positions > 0 {
        return None;
    }
    let a = spec.main_attention()?;
    Some(match &a.mla {
        Some(m) => m.qk_rope_head_dim,
        None => a.head_dim,
    })
}

/// One norm over `width` channels with `groups` statistics (one per token,
/// or one per head for per-head query/key norms).
pub(super) fn norm(ctx: &Ctx, what: &str, width: u64, groups: u64) -> Vec<KeptTensor> {
    let w = width as f64;
    let g = groups as f64;
    let rep = |name: &str, bytes: f64| {
        KeptTensor::token(format!("{what}: {name}"), bytes, Split::Replicated)
    };
    let layer_norm = matches!(
        ctx.norm,
        NormKind::LayerNorm | NormKind::LayerNormNoBias | NormKind::NonParametric
    );
    match (ctx.kept.kernels, layer_norm) {
        (Kernels::Fused, false) => vec![rep("input", HALF * w), rep("1/rms (FP32)", FP32 * g)],
        (Kernels::Fused, true) => vec![
            rep("input", HALF * w),
            rep("mean and 1/σ (FP32)", 2.0 * FP32 * g),
        ],
        (Kernels::Eager, true) => vec![
            rep("input", HALF * w),
            rep(
                "mean and 1/σ",
                2.0 * ctx.kept.device.layer_norm_stat_bytes() * g,
            ),
        ],
        (Kernels::Eager, false) => vec![
            rep("FP32 copy of the input", FP32 * w),
            rep("1/rms (FP32)", FP32 * g),
            if ctx.fam.rms_fp32_out {
                rep("normalised (FP32)", FP32 * w)
            } else {
                rep("normalised (BF16)", HALF * w)
            },
        ],
    }
}

/// The tensors one layer keeps.
fn layer(ctx: &Ctx, l: &Layer) -> Vec<KeptTensor> {
    let mut t = Vec::new();
    let layer_norm = matches!(
        ctx.norm,
        NormKind::LayerNorm | NormKind::LayerNormNoBias | NormKind::NonParametric
    );
    for i in 0..l.norms {
        let mut n = norm(ctx, "layer norm", (ctx.d) as u64, 1);
        // In a parallel block both norms read the same input: kept once.
        if i > 0 && l.parallel && layer_norm {
            n.retain(|x| !x.what.ends_with(": input"));
        }
        t.extend(n);
    }
    let mut attn_input = false;
    if let Some(a) = &l.attn {
        attention(ctx, a, &mut t);
        super::mixers::cca(ctx, a, &mut t);
        attn_input = true;
    }
    if let Some(m) = &l.mixer {
        super::mixers::mixer(ctx, m, &mut t);
    }
    if let Some(a) = l
        .cross_attn
        .as_ref()
        .filter(|_| !l.cross_needs_encoder && !l.needs_images)
    {
        attention(ctx, a, &mut t);
    }
    // A parallel block with one norm feeds the MLP the attention's input.
    let mlp_reads_attn_input = l.parallel && l.norms <= 1 && attn_input;
    match &l.ffn {
        Ffn::Dense(m) => {
            if !mlp_reads_attn_input {
                t.push(KeptTensor::token(
                    "MLP input",
                    HALF * ctx.d,
                    Split::Replicated,
                ));
            }
            mlp(ctx, m, 1.0, "MLP", &mut t);
        }
        Ffn::Moe(m) => moe(ctx, m, mlp_reads_attn_input, &mut t),
        Ffn::None => {}
    }
    if ctx.eager() && ctx.fam.residual_scaling {
        // Twice a layer: the branch shifted (BF16) and the FP32 residual
        // shifted, each for its learned scale.
        t.push(KeptTensor::token(
            "residual scalings: shifted branch and FP32 residual, twice",
            2.0 * (HALF + FP32) * ctx.d,
            Split::Replicated,
        ));
    }
    // Plain linear maps (Zamba's per-layer `linear`, Zamba2's LoRA adapters)
    // keep their input, except an adapter reading the shared block's
    // normalised input (as wide as the model or wider), which is kept already.
    let adapters = l.attn.is_none() && l.mixer.is_none() && matches!(l.ffn, Ffn::None);
    for x in &l.linears {
        if adapters && x.d_in as f64 >= ctx.d {
            continue;
        }
        t.push(KeptTensor::token(
            "linear map input",
            HALF * x.d_in as f64,
            Split::Replicated,
        ));
    }
    if ctx.traits.resid_dropout {
        let blocks = if l.parallel { 1.0 } else { 2.0 };
        t.push(KeptTensor::token(
            "residual dropout masks",
            blocks * ctx.mask * ctx.d,
            Split::Replicated,
        ));
    }
    t
}

/// An attention block: its input, query/key norms, Q, K, V, the core and the
/// output projection's input.
fn attention(ctx: &Ctx, a: &Attention, t: &mut Vec<KeptTensor>) {
    let h = a.n_heads as f64;
    let kv = a.n_kv_heads as f64;
    let s = ctx.seq_len;
    let eager = ctx.eager();
    t.push(KeptTensor::token(
        "attention input",
        HALF * a.d_in.map_or(ctx.d, |w| w as f64),
        Split::Replicated,
    ));
    // Widths of one query/key head and one value head, and the heads K and V
    // are kept with.
    let (qk_dim, v_dim) = match &a.mla {
        Some(m) => {
            if let Some(r) = m.q_lora_rank {
                t.extend(norm(ctx, "MLA query norm", r, 1));
                t.push(KeptTensor::token(
                    "MLA query up-projection input",
                    HALF * r as f64,
                    Split::Replicated,
                ));
            }
            t.extend(norm(ctx, "MLA key/value norm", m.kv_lora_rank, 1));
            t.push(KeptTensor::token(
                "MLA key/value up-projection input",
                HALF * m.kv_lora_rank as f64,
                Split::Replicated,
            ));
            (
                (m.qk_nope_head_dim + m.qk_rope_head_dim) as f64,
                m.v_head_dim as f64,
            )
        }
        None => (a.head_dim as f64, a.head_dim as f64),
    };
    // MLA expands keys and values to every head.
    let kv_heads = if a.mla.is_some() { h } else { kv };
    if let Some(q) = a.qk_norm {
        let hd = a.head_dim;
        let keys = !a.kv_shared;
        match q {
            QkNorm::PerHead | QkNorm::EachHead => {
                t.extend(norm(ctx, "query norm", a.n_heads * hd, a.n_heads));
                if keys {
                    t.extend(norm(ctx, "key norm", a.n_kv_heads * hd, a.n_kv_heads));
                }
            }
            QkNorm::Full => {
                t.extend(norm(ctx, "query norm", a.n_heads * hd, 1));
                if keys {
                    t.extend(norm(ctx, "key norm", a.n_kv_heads * hd, 1));
                }
            }
            QkNorm::KeyOnly => {
                if keys {
                    t.extend(norm(ctx, "key norm", a.n_kv_heads * hd, a.n_kv_heads));
                }
            }
        }
    }
    let maps = if a.differential { 2.0 } else { 1.0 };
    let sharded = |what: &str, bytes: f64| KeptTensor::token(what, bytes, Split::Sharded);
    match ctx.kept.attention {
        AttnKernel::Eager => {
            // Eager attention repeats grouped keys and values to every query
            // head before the products (transformers' repeat_kv); fused
            // kernels read them at their own width.
            let kv_kept = if eager { h } else { kv_heads };
            t.push(sharded("queries", HALF * h * qk_dim));
            t.push(sharded("keys", HALF * kv_kept * qk_dim));
            t.push(sharded("values", HALF * kv_kept * v_dim));
            let probs = maps * h * s;
            let fp32_softmax = eager && ctx.fam.softmax_fp32;
            if fp32_softmax {
                t.push(KeptTensor::core(
                    "attention probabilities (FP32 softmax)",
                    FP32 * probs,
                ));
            }
            if ctx.traits.attn_dropout {
                if !fp32_softmax {
                    t.push(KeptTensor::core("attention probabilities", HALF * probs));
                }
                t.push(KeptTensor::core("attention dropout mask", ctx.mask * probs));
                t.push(KeptTensor::core(
                    "attention probabilities after dropout",
                    HALF * probs,
                ));
            } else {
                t.push(KeptTensor::core(
                    "attention probabilities (BF16)",
                    HALF * probs,
                ));
            }
            t.push(sharded(
                "attention output (output projection input)",
                HALF * h * v_dim,
            ));
        }
        AttnKernel::Sdpa => {
            if eager && ctx.fam.sdpa_keeps_fused_qkv {
                t.push(sharded("queries", HALF * h * qk_dim));
                t.push(sharded(
                    "fused query/key/value projection output",
                    HALF * (h * qk_dim + kv_heads * (qk_dim + v_dim)),
                ));
                t.push(sharded("values", HALF * kv_heads * v_dim));
            } else {
                let masked = a.window.is_some_and(|w| (w as f64) < s);
                let kv_kept = if eager && masked && ctx.fam.sdpa_mask_repeats_kv {
                    h
                } else {
                    kv_heads
                };
                t.push(sharded("queries", HALF * h * qk_dim));
                t.push(sharded("keys", HALF * kv_kept * qk_dim));
                t.push(sharded("values", HALF * kv_kept * v_dim));
            }
            t.push(sharded("attention log-sum-exp (FP32)", FP32 * maps * h));
            if eager && a.window.is_some_and(|w| (w as f64) < s) {
                // transformers builds an explicit mask for a sliding window,
                // and SDPA keeps it: one entry per key position.
                t.push(KeptTensor::token(
                    "sliding-window mask SDPA reads",
                    ctx.fam.window_mask * s,
                    Split::Replicated,
                ));
            }
            t.push(sharded("attention output", HALF * h * v_dim));
            if eager && ctx.fam.rope_cat {
                t.push(sharded(
                    "attention output, copied for the output projection",
                    HALF * h * v_dim,
                ));
            }
        }
    }
    if let Some(g) = &a.gate {
        // `o_proj(attn · σ(x·W_g))`: the sigmoid, the product (the output
        // projection's input) and, after SDPA, the output made contiguous.
        let width = if g.per_head { h } else { h * v_dim };
        t.push(sharded("output gate σ(x·W_g)", HALF * width));
        t.push(sharded(
            "gated attention output (output projection input)",
            HALF * h * v_dim,
        ));
        if eager && ctx.kept.attention == AttnKernel::Sdpa && !ctx.fam.rope_cat {
            t.push(sharded(
                "attention output, made contiguous for the gate",
                HALF * h * v_dim,
            ));
        }
    }
    if a.out_norm {
        t.extend(norm(ctx, "attention output norm", ctx.d as u64, 1));
    }
}

/// Kept `d_ff`-wide tensors of an MLP, in units of one BF16 tensor.
fn inner_tensors(ctx: &Ctx, gated: bool) -> f64 {
    if !ctx.eager() {
        // Fused: the first projection's output (gate and up) and the down
        // projection's input.
        return if gated { 3.0 } else { 2.0 };
    }
    match (ctx.traits.act, gated) {
        // act(x) keeps x; the down projection keeps act(x).
        (ActFn::Silu | ActFn::Gelu | ActFn::Other, false) => 2.0,
        // ReLU keeps its output, the same tensor the down projection keeps.
        (ActFn::Relu, false) => 1.0,
        // x, tanh(…), 0.5·x, 1 + tanh(…), and the output.
        (ActFn::GeluPython, false) => 5.0,
        // gate, act(gate), up, act(gate)·up.
        (ActFn::Silu | ActFn::Gelu | ActFn::Other, true) => 4.0,
        (ActFn::Relu, true) => 3.0,
        (ActFn::GeluPython, true) => 7.0,
    }
}

/// An MLP of width `m.d_ff` run on `copies` copies of each token (top-k for
/// routed experts).
fn mlp(ctx: &Ctx, m: &Mlp, copies: f64, what: &str, t: &mut Vec<KeptTensor>) {
    let f = m.d_ff as f64;
    t.push(KeptTensor::token(
        format!("{what} inner activations"),
        copies * inner_tensors(ctx, m.gated) * HALF * f,
        Split::Sharded,
    ));
    if m.inner_norm {
        t.extend(norm(ctx, "MLP inner norm", m.d_ff, 1));
    }
    if ctx.traits.act_dropout {
        t.push(KeptTensor::token(
            format!("{what} activation dropout mask and output"),
            copies * (ctx.mask + HALF) * f,
            Split::Sharded,
        ));
    }
}

/// A mixture of experts: the router's tensors, each token's `k` copies
/// through the routed experts, the shared experts.
fn moe(ctx: &Ctx, m: &Moe, input_shared: bool, t: &mut Vec<KeptTensor>) {
    let k = m.top_k as f64;
    let e = m.router_width() as f64;
    let d = ctx.d;
    let rep = |what: &str, bytes: f64| KeptTensor::token(what, bytes, Split::Replicated);
    if !input_shared {
        t.push(rep("MoE input", HALF * d));
    }
    if let Some(r) = m.router_mlp {
        // ZAYA's router MLP: the norm over R, and the inputs of its two
        // GELUs and three linear maps after the first.
        let r = r as f64;
        t.extend(norm(ctx, "router MLP norm", r as u64, 1));
        t.push(rep(
            "router MLP: inner linear and GELU inputs",
            5.0 * HALF * r,
        ));
    }
    let routed = if m.every_expert_runs {
        m.n_experts as f64
    } else {
        k
    };
    if ctx.eager() {
        match ctx.fam.router {
            Router::Softmax { renorm } => {
                if ctx.fam.router_fp32_input {
                    t.push(rep("router input (FP32 copy)", FP32 * d));
                }
                t.push(rep(
                    "router probabilities (FP32) and top-k ids",
                    FP32 * e + INDEX * k,
                ));
                if renorm {
                    t.push(rep("router renormalisation (FP32)", FP32 + FP32 * k));
                }
                let weights = if renorm { FP32 } else { HALF };
                t.push(rep("routing weight per routed token", weights * routed));
            }
            Router::SigmoidFp32 => {
                t.push(rep("router input (FP32 copy)", FP32 * d));
                t.push(rep(
                    "router scores (FP32), top-k ids, renormalisation",
                    FP32 * e + INDEX * k + FP32 + FP32 * k,
                ));
                t.push(rep("routing weight per routed token (FP32)", FP32 * routed));
            }
        }
        t.push(rep(
            "token order for the experts (int64)",
            3.0 * INDEX * routed,
        ));
        t.push(rep("tokens gathered for the experts", HALF * d * routed));
        t.push(rep("expert outputs before weighting", HALF * d * routed));
    } else {
        t.push(rep(
            "router logits and probabilities (FP32)",
            2.0 * FP32 * e,
        ));
        t.push(rep(
            "token order and routing weights",
            (INDEX + FP32) * routed,
        ));
        t.push(rep("tokens permuted to the experts", HALF * d * routed));
        t.push(rep("expert outputs before unpermuting", HALF * d * routed));
    }
    mlp(ctx, &m.expert, routed, "routed experts'", t);
    if let Some(s) = &m.shared {
        let gated = s.gated.unwrap_or(m.expert.gated);
        let shared = Mlp::new(s.count.saturating_mul(s.d_ff), gated, s.bias);
        mlp(ctx, &shared, 1.0, "shared experts'", t);
        if s.gate {
            t.push(rep("shared-expert gate and output", HALF + HALF * d));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::from_dims;
    use crate::model::{Dims, ModelSpec};

    /// The page's recomputation menu: each label starts with its link id and
    /// says what is recomputed.
    #[test]
    fn each_recompute_label_names_its_mode() {
        for r in Recompute::ALL {
            assert!(r.label().starts_with(r.id()), "{}", r.label());
        }
        assert!(Recompute::Selective.label().contains("attention core"));
        assert!(Recompute::Full.label().contains("every layer"));
    }

    #[test]
    fn each_attention_kernel_names_what_it_keeps() {
        // What the page's attention-kernel choice offers.
        assert_eq!(AttnKernel::Sdpa.label(), "SDPA / FlashAttention");
        assert!(AttnKernel::Eager.label().contains("s × s"));
        for k in AttnKernel::ALL {
            assert_eq!(AttnKernel::from_id(k.id()), Some(k));
        }
    }

    fn gpt3_like() -> ModelSpec {
        // GPT-3 175B's shape with the plain GELU MLP.
        let dims = Dims {
            n_layers: 96,
            d_model: 12288,
            n_heads: 96,
            d_ff: 4 * 12288,
            vocab_size: 51200,
            context_len: 2048,
            gated_mlp: false,
            biases: true,
            learned_positions: true,
            norm: NormKind::LayerNorm,
            ..Dims::default()
        };
        from_dims(&dims).expect("valid dims")
    }

    fn fused(attention: AttnKernel) -> Kept {
        Kept {
            kernels: Kernels::Fused,
            attention,
            device: Device::Gpu,
        }
    }

    /// Korthikanti et al. 2022, Table 2, no parallelism: `s·b·h·(34 +
    /// 5·a·s/h)` per layer, with dropout everywhere. Fused kernels add the
    /// FP32 LayerNorm statistics (16 bytes a token) that the paper leaves out.
    #[test]
    fn fused_eager_attention_with_dropout_is_korthikantis_table_2() {
        let mut spec = gpt3_like();
        spec.training = Some(crate::model::TrainingTraits {
            act: ActFn::Gelu,
            embed_dropout: true,
            attn_dropout: true,
            resid_dropout: true,
            act_dropout: false,
        });
        let s = 2048.0;
        let (h, a) = (12288.0, 96.0);
        let kept = model_kept(&spec, fused(AttnKernel::Eager), 2048);
        let per_token = kept.layers[0].bytes_per_token();
        let paper = h * (34.0 + 5.0 * a * s / h);
        assert!(
            (per_token - paper - 16.0).abs() < 1e-6,
            "{per_token} vs {paper}"
        );
    }

    /// Only a family whose head soft-caps its logits keeps the cap's tanh: a
    /// spec typed by hand has no cap, so no line for one, not a line of 0 bytes.
    #[test]
    fn only_a_soft_capped_head_keeps_its_tanh() {
        let eager = Kept {
            kernels: Kernels::Eager,
            ..fused(AttnKernel::Eager)
        };
        let kept = model_kept(&gpt3_like(), eager, 2048);
        let caps: Vec<&str> = kept
            .logits
            .iter()
            .map(|t| t.what.as_str())
            .filter(|w| w.contains("soft cap"))
            .collect();
        assert_eq!(caps, Vec::<&str>::new());
        assert!(!kept.logits.is_empty());
        // RecurrentGemma's head soft-caps its logits (logits_soft_cap): one line.
        let rg = crate::config::parse_config(r#"{"model_type": "recurrent_gemma"}"#)
            .expect("RecurrentGemmaConfig's defaults")
            .spec;
        let kept = model_kept(&rg, eager, 2048);
        let caps = kept.logits.iter().filter(|t| t.what.contains("soft cap"));
        assert_eq!(caps.count(), 1);
    }

    #[test]
    fn flash_attention_drops_the_s_squared_terms() {
        let spec = gpt3_like();
        let kept = model_kept(&spec, fused(AttnKernel::Sdpa), 2048);
        assert!(kept.layers[0].tensors.iter().all(|t| !t.core));
        // No dropout in a spec typed by hand: 34 − 2 masks − the attention
        // mask = 32·h... minus nothing else; plus the log-sum-exp and stats.
        let per_token = kept.layers[0].bytes_per_token();
        let h = 12288.0;
        assert!(
            (per_token - (32.0 * h + 4.0 * 96.0 + 16.0)).abs() < 1e-6,
            "{per_token}"
        );
    }
}
