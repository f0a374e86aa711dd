//! The model description: what a transformer is made of, in the literature's names.
//!
//! [`ModelSpec`] is a plain structural description (`d_model`, `n_layers`, `n_heads`,
//! `n_kv_heads`, `d_ff`, `vocab_size`, …) from which [`crate::params`] and
//! [`crate::flops`] compute everything. Identical layers are grouped as
//! `(count, layer)` pairs, so a spec stays small enough for a shareable URL. It is
//! built by [`crate::config::parse_config`] from a Hugging Face `config.json`, or
//! by [`crate::config::from_dims`] from plain dimensions ([`Dims`]).
//!
//! This module owns the types, their structural rules
//! ([`ModelSpec::check_structure`]) and the error that names a broken one
//! ([`SpecError`]). It is the bottom layer: it imports nothing from the rest of
//! the crate, knows no Hugging Face key names (those live only in
//! [`crate::config`]) and computes no counts (whether a spec's parameters fit
//! in 64 bits is checked where they are counted, [`crate::params::validate`]).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Largest width, head count, vocabulary or expert count a spec may hold (2^24).
///
/// Real models stay far below (the widest `d_model` today is about 2^14, the largest
/// vocabulary about 2^18). The bound keeps every product in `u64` and every FLOP
/// figure finite.
pub const MAX_DIM: u64 = 1 << 24;
/// Largest number of layers a spec may hold (2^20).
pub const MAX_LAYERS: u64 = 1 << 20;
/// Largest context length a spec may hold (2^40 tokens).
pub const MAX_CONTEXT: u64 = 1 << 40;
/// Longest `model_type` a spec may hold, in characters. Real ones are short
/// names (`"llama"`, `"qwen3_moe"`); the bound keeps a spec, and so a link that
/// carries it, small.
pub const MAX_MODEL_TYPE_CHARS: usize = 64;

/// Why a [`ModelSpec`] is not a model flopcast can count: the structural
/// rule it breaks. `key` is the name the rule is about; a spec built from a
/// config uses the config's key names, a checked spec the literature's.
///
/// `Display` is the user-facing message; the config boundary shows it as it is
/// ([`crate::config::SpecError::Spec`]), and so does a link.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SpecError {
    /// A value that breaks a rule.
    #[error("`{key}` is {value}, but {rule}.")]
    InvalidValue {
        /// The key.
        key: String,
        /// The value, as text.
        value: String,
        /// The rule, with the fix when obvious.
        rule: String,
    },
    /// A value beyond the bounds a real model could have.
    #[error(
        "`{key}` is {value}, larger than the {max} flopcast accepts; no real model is that \
         large. Check for a typo."
    )]
    TooLargeValue {
        /// The key.
        key: String,
        /// The value.
        value: u64,
        /// The bound.
        max: u64,
    },
    /// Heads do not divide the width and no explicit head width is given.
    #[error(
        "`{width_key}` ({width}) is not divisible by `{heads_key}` ({heads}), so the head \
         width is not a whole number. Fix one of them, or give the head width explicitly \
         (`head_dim`)."
    )]
    HeadsDoNotDivide {
        /// Width key.
        width_key: String,
        /// Width.
        width: u64,
        /// Heads key.
        heads_key: String,
        /// Heads.
        heads: u64,
    },
    /// Key/value heads do not divide query heads.
    #[error(
        "`{heads_key}` ({heads}) is not divisible by `{kv_key}` ({kv}): each key/value head \
         must serve a whole group of query heads. Use a divisor of {heads}."
    )]
    KvHeadsDoNotDivide {
        /// Key/value heads key.
        kv_key: String,
        /// Key/value heads.
        kv: u64,
        /// Query heads key.
        heads_key: String,
        /// Query heads.
        heads: u64,
    },
    /// More experts per token than experts.
    #[error(
        "`{top_k_key}` ({top_k}) is larger than `{experts_key}` ({experts}): a token cannot \
         use more experts than exist. Use at most {experts}."
    )]
    TopKExceedsExperts {
        /// Top-k key.
        top_k_key: String,
        /// Top-k.
        top_k: u64,
        /// Experts key.
        experts_key: String,
        /// Experts.
        experts: u64,
    },
    /// The dimensions multiply to more parameters than 64 bits hold (found by
    /// [`crate::params::validate`], which counts them).
    #[error(
        "These dimensions give more than 1.8e19 parameters, beyond what flopcast can count \
         (and far beyond any real model). Check the widths, layers and expert counts."
    )]
    TooManyParams,
}

impl SpecError {
    /// A [`SpecError::InvalidValue`].
    pub(crate) fn invalid(key: &str, value: &str, rule: &str) -> SpecError {
        SpecError::InvalidValue {
            key: key.into(),
            value: value.into(),
            rule: rule.into(),
        }
    }

    /// The key the error is about, when there is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            SpecError::InvalidValue { key, .. } | SpecError::TooLargeValue { key, .. } => Some(key),
            SpecError::HeadsDoNotDivide { heads_key, .. } => Some(heads_key),
            SpecError::KvHeadsDoNotDivide { kv_key, .. } => Some(kv_key),
            SpecError::TopKExceedsExperts { top_k_key, .. } => Some(top_k_key),
            SpecError::TooManyParams => None,
        }
    }
}

/// A transformer, described by its structure.
///
/// The default is empty (no layers, no widths): not a model, but the base a
/// builder fills (`..ModelSpec::default()`), so that the model-wide extras
/// (pooler, hyper-connections, per-layer inputs, …) are named only where set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// The family, as Hugging Face's `model_type` names it (`"llama"`), or `"custom"`.
    pub model_type: String,
    /// Width of the residual stream.
    pub d_model: u64,
    /// Rows of the output head (and of the token embedding, before `embed.extra_rows`).
    pub vocab_size: u64,
    /// Longest context the model was built for (position table size or RoPE range).
    pub context_len: u64,
    /// Which normalisation every norm of the model uses.
    pub norm: NormKind,
    /// Token, position and token-type embeddings.
    pub embed: Embeddings,
    /// The output head; `None` for an encoder-only model without one (BERT's `BertModel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Head>,
    /// Layer stacks: one for decoder-only and encoder-only models, encoder then decoder
    /// for encoder-decoder models.
    pub stacks: Vec<Stack>,
    /// A pooler (`Linear(d_model, d_model)` with bias on the first token), as BERT's.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pooler: bool,
    /// Multi-token-prediction layers a real checkpoint carries but the counted model
    /// does not build (DeepSeek-V3's `num_nextn_predict_layers`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mtp_layers: u64,
    /// Hyper-connections: the residual stream is widened to several streams that
    /// every block reads and writes through small learned mixings (HY-V4,
    /// DeepSeek-V4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hyper_connections: Option<Box<HyperConnections>>,
    /// The config describes a vision tower that is not counted.
    #[serde(default, skip_serializing_if = "is_false")]
    pub vision_tower: bool,
    /// Rough size of that vision tower and its projector, from its config (0 when
    /// unknown).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub vision_params_estimate: u64,
    /// The architecture exists only as remote code (no in-library implementation to
    /// check the structure against).
    #[serde(default, skip_serializing_if = "is_false")]
    pub remote_code: bool,
    /// Per-layer input embeddings (Gemma 3n and Gemma 4's PLE): a second token
    /// table that feeds every decoder layer a small vector of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_layer_inputs: Option<PerLayerInputs>,
    /// AltUp (Gemma 3n): the residual stream is carried as this many copies of
    /// width `d_model`, one of which the layers compute on; 0 without AltUp.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub altup_inputs: u64,
    /// No family describes the model: generic (Llama-style) rules read it from the
    /// standard keys, so its count is approximate. `None` for a known family or
    /// hand-typed dimensions. Boxed: rare, and it would otherwise widen every spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generic: Option<Box<GenericReading>>,
    /// What training saves that the structure does not say: the MLP's
    /// activation function and where dropout runs. Read from the config;
    /// `None` for hand-typed dimensions and links made before it existed
    /// (then a gated MLP is taken as SiLU, a plain one as GELU, no dropout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<TrainingTraits>,
}

/// What a model's training saves for the backward pass beyond its structure:
/// the activation function (each implementation keeps different tensors) and
/// which dropouts run (each keeps a mask). Read by [`crate::memory`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingTraits {
    /// The MLP's activation function.
    pub act: ActFn,
    /// Dropout on the embeddings' output (GPT-2's `embd_pdrop`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub embed_dropout: bool,
    /// Dropout on the attention probabilities.
    #[serde(default, skip_serializing_if = "is_false")]
    pub attn_dropout: bool,
    /// Dropout on each block's output before the residual add (GPT-2's
    /// `resid_pdrop`, OPT's `dropout`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub resid_dropout: bool,
    /// Dropout between the MLP's activation and its down projection (OPT's
    /// `activation_dropout`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub act_dropout: bool,
}

/// An MLP activation function, by what its implementation keeps for the
/// backward pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActFn {
    /// SiLU / swish: one kernel that keeps its input.
    #[default]
    Silu,
    /// GELU, exact or tanh-approximated by PyTorch's kernel: keeps its input.
    Gelu,
    /// GELU written out in Python with `tanh` (GPT-2's `gelu_new`): every
    /// intermediate is kept (input, `tanh`, `0.5·x`, `1 + tanh`).
    GeluPython,
    /// ReLU: keeps its output, which the next matrix multiply keeps anyway.
    Relu,
    /// Another activation: taken as keeping its input.
    Other,
}

/// Per-layer input embeddings (PLE), as Gemma 3n and Gemma 4 build them.
///
/// Once per model: a table of `vocab_size` rows and `n_layers·width` columns, a
/// projection `Linear(d_model, n_layers·width)` of the token embedding and a norm
/// over `width`. In every decoder layer: a gate `Linear(d_model, width)`, a
/// projection `Linear(width, d_model)` and a norm over `d_model`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerLayerInputs {
    /// Rows of the per-layer table.
    pub vocab_size: u64,
    /// Width of one layer's slice.
    pub width: u64,
}

/// Longest list of suspect keys a [`GenericReading`] holds.
pub const MAX_SUSPECT_KEYS: usize = 12;
/// Longest suspect key a [`GenericReading`] holds, in characters.
pub const MAX_SUSPECT_KEY_CHARS: usize = 48;

/// What a generic reading of an unknown family may have got wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenericReading {
    /// Config keys, as written, that point to a structure the generic rules do not
    /// model: another family's switches, other families' spellings of the sizes, and
    /// unknown keys that look structural (at most [`MAX_SUSPECT_KEYS`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspect_keys: Vec<String>,
}

/// The normalisation layers' kind, which fixes their parameter count per channel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NormKind {
    /// RMSNorm: a scale per channel.
    #[default]
    Rms,
    /// LayerNorm with scale and bias per channel.
    LayerNorm,
    /// LayerNorm with a scale and no bias.
    LayerNormNoBias,
    /// A norm with no learned parameters (OLMo's).
    NonParametric,
}

/// Input embeddings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embeddings {
    /// Token-embedding rows beyond `vocab_size` (Mllama adds 8 image tokens).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub extra_rows: u64,
    /// Width of the token embedding and the head when it differs from `d_model`;
    /// linear projections in and out then connect it to the residual stream (OPT's
    /// `word_embed_proj_dim`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dim: Option<u64>,
    /// Rows of a learned absolute-position table (0 for RoPE, ALiBi or relative
    /// positions). OPT's table is 2 rows longer than its context.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub positions: u64,
    /// Rows of a token-type table (BERT's segment embeddings).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub token_types: u64,
    /// A norm right after the embeddings (BERT, BLOOM).
    #[serde(default, skip_serializing_if = "is_false")]
    pub norm: bool,
}

/// The output head (the de-embedding).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The head's weight is the token embedding (counted once).
    #[serde(default, skip_serializing_if = "is_false")]
    pub tied: bool,
    /// The head has a bias of one per row (phi, GPT-J); it exists even when tied.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
    /// Rows of the head when fewer than `vocab_size` (Apertus 1.5's
    /// `output_vocab_size` prunes the rows of multimodal tokens); `None` means
    /// `vocab_size`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// A transform before the head: `Linear(d_model, d_model)` and a norm, as
    /// BERT's masked-LM head and ModernBERT's decoder have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transform: Option<HeadTransform>,
}

/// The dense layer and norm a head applies before projecting to the vocabulary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadTransform {
    /// The dense layer has a bias.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
}

impl Head {
    /// Rows the head projects to: `rows` if set, else `vocab_size`.
    pub fn rows(&self, vocab_size: u64) -> u64 {
        self.rows.unwrap_or(vocab_size)
    }
}

/// Whether a stack's self-attention is causal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StackKind {
    /// Causal self-attention.
    Decoder,
    /// Bidirectional self-attention.
    Encoder,
}

/// A stack of layers with its final norm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stack {
    /// Causal or bidirectional.
    pub kind: StackKind,
    /// Identical layers grouped; the order of groups is the order of first appearance,
    /// not the layer order (counts do not depend on it).
    pub groups: Vec<LayerGroup>,
    /// A norm after the last layer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub final_norm: bool,
    /// Buckets of a relative-position bias table (`buckets × n_heads`, held by the
    /// first layer only, as in T5).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rel_pos_buckets: u64,
}

/// `count` identical layers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerGroup {
    /// How many layers of this kind.
    pub count: u64,
    /// The layer.
    pub layer: Layer,
    /// The `count` layers hold this many sets of weights between them: fewer
    /// when they share them (Zamba's shared transformer blocks, used at
    /// several depths), more when the implementation builds sets it never runs
    /// (Zamba2's per-use adapters when nothing is tied). The parameters count
    /// `copies` times, the FLOPs `count` times. `None`: each layer has its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<u64>,
}

impl LayerGroup {
    /// `count` layers, each with its own weights.
    pub fn new(count: u64, layer: Layer) -> LayerGroup {
        LayerGroup {
            count,
            layer,
            copies: None,
        }
    }

    /// How many sets of weights the group holds: `copies`, else `count`.
    pub fn weight_sets(&self) -> u64 {
        self.copies.unwrap_or(self.count)
    }
}

/// One transformer layer (block).
///
/// The default is empty (no block at all, which [`ModelSpec::check_structure`]
/// refuses): the base a builder fills (`..Layer::default()`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    /// Self-attention (`None` in Mllama's cross-attention-only layers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attn: Option<Attention>,
    /// Cross-attention to another sequence (T5's decoder, Mllama's image layers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_attn: Option<Attention>,
    /// A token mixer that is not softmax attention: a state-space layer (Mamba,
    /// Mamba-2) or a linear-attention layer. It sits beside `attn`: hybrids that
    /// alternate (Jamba, Zamba, Nemotron-H, Granite 4) have layers with
    /// `attn: None` and a mixer; Falcon-H1 runs attention and Mamba-2 side by
    /// side in one layer, so it has both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mixer: Option<Mixer>,
    /// The feed-forward part ([`Ffn::None`] for layers without one: pure Mamba
    /// blocks, Nemotron-H's mixer-only layers).
    pub ffn: Ffn,
    /// Plain linear maps applied once per token besides the blocks above
    /// (Zamba's per-layer `linear`, Zamba2's LoRA adapters on a shared block).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linears: Vec<Linear>,
    /// Norms over `d_model` in this layer (2 for pre-norm, 4 for Gemma 2/3's sandwich).
    pub norms: u64,
    /// Attention and MLP read the same input and are summed (GPT-J, GPT-NeoX, Falcon,
    /// phi). Counts do not change; it is kept for display.
    #[serde(default, skip_serializing_if = "is_false")]
    pub parallel: bool,
    /// Gate and scale parameters outside the projections, counted as `other`
    /// (Mllama's cross-attention layers hold 2 scalar gates, Doge's layers two
    /// residual scales of `d_model`, Dory's nGPT layers their per-channel scales).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub gates: u64,
    /// Rank of a LAuReL block (Gemma 3n's learned augmented residual):
    /// `Linear(d_model, r)`, `Linear(r, d_model)` and a norm over `d_model`; 0 for none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub laurel_rank: u64,
    /// The layer only runs when images are given, so a text-only forward skips it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub needs_images: bool,
    /// The cross-attention block runs only when encoder states are given (GPT-2
    /// and BERT built with `add_cross_attention`), so a forward on tokens
    /// alone skips it; T5's decoder always has them.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cross_needs_encoder: bool,
    /// Norms followed by a low-rank sigmoid gate (A.X-K2's gated RMSNorm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub norm_gates: Option<NormGates>,
}

/// Gated norms: `y = norm(x)·σ(W₂·silu(W₁·norm(x)))` with `W₁: d_model → rank` and
/// `W₂: rank → d_model`, no biases. The norms themselves are in [`Layer::norms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormGates {
    /// How many of the layer's norms are gated.
    pub count: u64,
    /// Width of the gate's bottleneck.
    pub rank: u64,
}

/// A plain linear map `d_in → d_out`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Linear {
    /// Input width.
    pub d_in: u64,
    /// Output width.
    pub d_out: u64,
    /// It has a bias.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
}

/// An attention block. `Attention::default()` has no heads (it does not
/// validate); it is the base for struct updates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    /// Query heads.
    pub n_heads: u64,
    /// Key/value heads (`n_heads` for MHA, fewer for GQA, 1 for MQA).
    pub n_kv_heads: u64,
    /// Width of one head (for MLA: the query/key width `qk_nope + qk_rope`).
    pub head_dim: u64,
    /// Biases on the query, key and value projections.
    #[serde(default, skip_serializing_if = "is_false")]
    pub qkv_bias: bool,
    /// Bias on the output projection.
    #[serde(default, skip_serializing_if = "is_false")]
    pub o_bias: bool,
    /// Norms on queries and keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qk_norm: Option<QkNorm>,
    /// Sliding-window length: each query sees at most this many keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<u64>,
    /// Multi-head latent attention (DeepSeek-V2/V3) instead of plain projections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mla: Option<Mla>,
    /// One learned attention-sink logit per head (gpt-oss).
    #[serde(default, skip_serializing_if = "is_false")]
    pub sinks: bool,
    /// A block indexer that picks the keys each query attends to (Qwen4-Exp's
    /// QSA): the attention itself still runs over the whole masked S×S.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_index: Option<BlockIndexer>,
    /// ZAYA's compressed convolutional attention (CCA) projection: queries and
    /// keys through two causal convolutions, values half from the current and
    /// half from the previous token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cca: Option<Cca>,
    /// The kind of the query/key norms when it differs from the model's (StableLM
    /// 2's per-head LayerNorms have no bias); `None` means the model's kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qk_norm_kind: Option<NormKind>,
    /// The layer has no key or value projections (and no key norm): it reuses the
    /// keys and values of an earlier layer of the same kind (Gemma 3n and Gemma
    /// 4's KV sharing). Its queries still attend over the whole context.
    #[serde(default, skip_serializing_if = "is_false")]
    pub kv_shared: bool,
    /// The values are the keys: no value projection (Gemma 4's `attention_k_eq_v`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub v_from_k: bool,
    /// A norm over the attention output before the output projection (BitNet's
    /// `attn_sub_norm`, `d_model` wide as transformers builds it).
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_norm: bool,
    /// Differential attention (DiffLlama): two attention maps share the queries and
    /// keys, so QKᵀ and A·V run twice, and 4 learned vectors of `head_dim` (the
    /// λ parameters) combine them.
    #[serde(default, skip_serializing_if = "is_false")]
    pub differential: bool,
    /// Doge's dynamic mask: `Linear(n_kv_heads·head_dim, n_kv_heads)` on the values
    /// (bias as `qkv_bias`) and one learned `A` per key/value head.
    #[serde(default, skip_serializing_if = "is_false")]
    pub dynamic_mask: bool,
    /// Per-head value width when it differs from `head_dim` (MiMo-V2-Flash's 192
    /// query/key against 128 value); `None` means `head_dim`. MLA keeps its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v_head_dim: Option<u64>,
    /// A sigmoid gate on the attention output, computed from the layer's input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<AttnGate>,
    /// DeepSeek sparse attention (DSA): a lightning indexer picks the keys each
    /// query attends to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexer: Option<Indexer>,
    /// Mixture of attention heads (JetMoE): the query and output projections are
    /// routed experts; `n_heads` is then `n_kv_heads × top_k`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experts: Option<AttnExperts>,
    /// Queries through a low-rank latent without MLA's key/value compression
    /// (DeepSeek-V4): `Linear(d_model, r)`, a norm over `r`, `Linear(r, n_heads·head_dim)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q_lora_rank: Option<u64>,
    /// A grouped low-rank output projection (DeepSeek-V4) instead of one
    /// `Linear(n_heads·head_dim, d_model)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grouped_out: Option<GroupedOut>,
    /// A compressed copy of the key/value sequence the queries attend to beside
    /// the (windowed) keys themselves (DeepSeek-V4's CSA and HCA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compressed: Option<CompressedKv>,
    /// Width of the query/key/value projections' input when it is not
    /// `d_model` (Zamba's shared block reads the concatenation of the layer
    /// input and the embeddings, `2·d_model`); the output projection still
    /// writes `d_model`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d_in: Option<u64>,
}

/// A sigmoid gate on the attention output: `o_proj(attn · σ(x·W_g))`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttnGate {
    /// One gate value per head (`W_g: d_model → n_heads`) rather than one per
    /// output channel (`d_model → n_heads·v_head_dim`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub per_head: bool,
    /// A learned bias per head added to the gate (Beam).
    #[serde(default, skip_serializing_if = "is_false")]
    pub head_bias: bool,
    /// The gate is computed from the MLA query latent, fused with the query
    /// up-projection, rather than from the layer input (A.X-K2).
    #[serde(default, skip_serializing_if = "is_false")]
    pub from_query_latent: bool,
    /// A bias per gate output: Qwen3-Next's gate is half of its `q_proj`, so it
    /// has the query's bias (`attention_bias`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
}

/// DeepSeek sparse attention's lightning indexer (DeepSeek-V3.2, GLM-5):
/// `wq_b: q_rank → H_I·D_I` from the query's low-rank latent, `wk: d_model → D_I`,
/// a LayerNorm over `D_I` and `weights_proj: d_model → H_I`. It scores every
/// visible key and keeps the `top_k` best for the attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indexer {
    /// Indexer heads `H_I`.
    pub n_heads: u64,
    /// Indexer head width `D_I`.
    pub head_dim: u64,
    /// Keys each query keeps.
    pub top_k: u64,
    /// Width of the query latent the indexer reads (the MLA `q_lora_rank`).
    pub q_rank: u64,
    /// The layer reuses an earlier layer's selection and holds no indexer of its
    /// own (GLM-5's and HY-V4's "shared" layers).
    #[serde(default, skip_serializing_if = "is_false")]
    pub shared: bool,
}

/// JetMoE's mixture of attention heads: `n_experts` query/output projection
/// pairs (`d_model → n_kv_heads·head_dim` and back), `top_k` per token, a router
/// `Linear(d_model, n_experts)` and an output bias of `d_model`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttnExperts {
    /// Query/output projection pairs.
    pub n_experts: u64,
    /// Pairs each token uses.
    pub top_k: u64,
}

/// A grouped low-rank output projection: the heads' output is split into
/// `groups` groups, each projected to `rank` (`Linear(n_heads·hv/groups, rank)`
/// per group, one block-diagonal weight of `rank·n_heads·hv`), then
/// `Linear(groups·rank, d_model)` mixes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupedOut {
    /// Head groups.
    pub groups: u64,
    /// Each group's intermediate width.
    pub rank: u64,
}

/// DeepSeek-V4's compressed key/value branch: every `rate` tokens are pooled into
/// one entry (`kv_proj` and `gate_proj: d_model → c·head_dim`, a learned position
/// bias of `rate × c·head_dim` and a norm over `head_dim`, with `c = 2` where
/// windows overlap, CSA, else 1, HCA), and the queries attend to the
/// `⌊S/rate⌋` entries beside the keys themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompressedKv {
    /// Tokens pooled into one entry.
    pub rate: u64,
    /// Each entry pools two overlapping windows (CSA), so the projections are
    /// twice as wide.
    #[serde(default, skip_serializing_if = "is_false")]
    pub overlap: bool,
    /// A lightning indexer that keeps `top_k` entries for each query (CSA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexer: Option<CompressedIndexer>,
}

/// The indexer of a compressed branch: its own compressor over `2·head_dim`
/// (overlapping windows) and norm, `q_b: q_lora_rank → n_heads·head_dim` from the
/// query latent, `weights_proj: d_model → n_heads`; it scores every compressed
/// entry and keeps `top_k`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompressedIndexer {
    /// Indexer heads.
    pub n_heads: u64,
    /// Indexer head width.
    pub head_dim: u64,
    /// Entries each query keeps.
    pub top_k: u64,
}

/// Hyper-connections (DeepSeek-V4's mHC, HY-V4, Qwen4-Exp's gated residuals): the
/// residual stream is `n = streams` copies of `d_model`. Around each attention (or
/// mixer) and each MLP block a mixing reads all streams and gives the block's
/// input and the weights that write its output back; a final one collapses the
/// streams before the last norm.
/// - Without `low_rank` (DeepSeek-V4, HY-V4): the mixing is `Linear(n·d, outputs)`
///   with `outputs` biases and `scales` scalars (n of the outputs weigh the
///   streams into the block's input); the final one `Linear(n·d, n)` with `n`
///   biases and 1 scale.
/// - With `low_rank = r` (Qwen4-Exp): the block's input weighs every channel of
///   every stream, by weights from a bottleneck `Linear(n·d, r)`, `Linear(r, n·d)`
///   over the streams normalised by an RMSNorm of `n·d`; `Linear(n·d, outputs)`
///   gives only the write-back weights, and nothing has a bias (`scales` is 0).
///   The final one is the normalised bottleneck alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HyperConnections {
    /// Parallel residual streams.
    pub streams: u64,
    /// Outputs of each block's mixing.
    pub outputs: u64,
    /// Learned scalars of each block's mixing.
    pub scales: u64,
    /// The block's output is written back through an `n×n` mixing of the
    /// streams (DeepSeek-V4's `comb`), a matrix product over the streams.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stream_mix: bool,
    /// Rank of the per-channel input mixing (Qwen4-Exp's `hc_lowrank`), see above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_rank: Option<u64>,
}

/// A block indexer (Qwen4-Exp's QSA, MiniMax-M3's lightning indexer):
/// `Linear(d, (H_I + K_I)·D_I)` gives `H_I` query heads and `K_I` key heads of
/// width `D_I`, each with an RMSNorm over `D_I`; each query scores blocks of
/// `block` keys (QSA: the mean-pooled complete blocks it can see; with
/// `per_key`, every key, max-pooled per block) and attends to the best
/// `top_blocks` of them and to its own partial block:
/// - QSA: the `top_blocks = indexer_budget / block` best complete blocks, and
///   the tail after the last complete one;
/// - MiniMax-M3: `top_blocks = index_topk_blocks` blocks, among them (with
///   `local_blocks` ≥ 1) the block holding the query itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockIndexer {
    /// Query heads `H_I`.
    pub n_heads: u64,
    /// Key heads `K_I`.
    pub n_kv_heads: u64,
    /// Head width `D_I`.
    pub head_dim: u64,
    /// Tokens pooled into one scored block (`indexer_compress_ratio`).
    pub block: u64,
    /// The indexer scores every key and max-pools the scores per block
    /// (MiniMax-M3's lightning indexer) instead of scoring mean-pooled keys:
    /// its scores run over the keys each query can see, computed (as
    /// transformers does) over the whole S×S.
    #[serde(default, skip_serializing_if = "is_false")]
    pub per_key: bool,
    /// Blocks each query keeps for attention (see above).
    pub top_blocks: u64,
    /// Blocks just before a query that it always keeps, within `top_blocks`
    /// (MiniMax-M3's `index_local_blocks`; 0 for QSA).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub local_blocks: u64,
}

/// ZAYA's CCA projection over `C = (H + KV)·head_dim` query and key channels:
/// a depthwise causal convolution of `depthwise_kernel` taps, then a grouped
/// one of `grouped_kernel` taps with one group per head (`head_dim` inputs per
/// output), both with biases, added to the projections themselves; the value
/// projection is split into a current and a delayed half (`KV·head_dim/2`
/// each, so its size is a plain `v`'s), and the keys get one learned scale per
/// key/value head. The cache keeps the convolutions' last
/// `depthwise_kernel + grouped_kernel − 2` inputs and one delayed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cca {
    /// Taps of the depthwise convolution (`cca_time0`).
    pub depthwise_kernel: u64,
    /// Taps of the grouped convolution (`cca_time1`).
    pub grouped_kernel: u64,
}

/// Where query/key norms sit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QkNorm {
    /// One norm over `head_dim`, shared by all heads, for queries and one for keys
    /// (Qwen3, Gemma 3, Mllama cross-attention, phi's `qk_layernorm`).
    PerHead,
    /// One norm over `head_dim` for each query head and each key/value head
    /// (StableLM 2's `qk_layernorm`): `(n_heads + n_kv_heads)` norms.
    EachHead,
    /// One norm over all query heads (`n_heads·head_dim`) and one over all key heads
    /// (`n_kv_heads·head_dim`), as OLMo 2.
    Full,
    /// One norm over `head_dim` on the keys only (DeepSeek-V4, whose query norm
    /// has no weights).
    KeyOnly,
}

/// Multi-head latent attention: low-rank query and key/value projections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mla {
    /// Rank of the query compression; `None` means a plain `q_proj`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q_lora_rank: Option<u64>,
    /// Rank of the joint key/value compression.
    pub kv_lora_rank: u64,
    /// Per-head query/key width that carries RoPE (shared by all heads for keys).
    pub qk_rope_head_dim: u64,
    /// Per-head query/key width without RoPE.
    pub qk_nope_head_dim: u64,
    /// Per-head value width.
    pub v_head_dim: u64,
    /// A norm over the shared rotary key (dots3's `k_rope_only_layernorm`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub rope_key_norm: bool,
    /// The query up-projection reads the normed and the raw query latent side
    /// by side, `2·q_lora_rank` wide (A.X-K2).
    #[serde(default, skip_serializing_if = "is_false")]
    pub q_b_reads_raw_latent: bool,
}

/// The feed-forward part of a layer.
///
/// Serialized as `{"dense": {…}}`, `{"moe": {…}}` or `"none"`, so specs in
/// links made before `None` existed still decode.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ffn {
    /// One MLP.
    Dense(Mlp),
    /// A mixture of experts.
    Moe(Moe),
    /// No feed-forward part: the layer is its token mixer alone (a Mamba
    /// block, a Nemotron-H `M` or `*` layer).
    #[default]
    None,
}

/// A token mixer that is not softmax attention (see [`Layer::mixer`]).
///
/// Each variant is one layer design as transformers builds it; its parameters
/// are in [`crate::params`], its FLOPs per convention in [`crate::flops`], its
/// recurrent state (what replaces a KV cache) in [`crate::memory`].
///
/// A new variant needs an arm in each of: [`Mixer::name`],
/// `validate_mixer` (here), `params::mixer` (exact parameters, norms apart),
/// `flops::mixer_terms` (the `mixer_proj`/`mixer_conv` terms, and the scan
/// through `flops::scan_terms`, given what transformers' PyTorch path computes
/// as matrix products and the algorithm's count), `flops::mixer_notes`,
/// [`crate::memory::mixer_state`], and `memory::layout::divided_by_tp` (what
/// tensor parallelism splits).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mixer {
    /// Mamba (Gu & Dao 2023): a selective SSM with a diagonal state per channel.
    Mamba(Mamba),
    /// Mamba-2 (Dao & Gu 2024): a scalar-decay SSM per head, computed by the
    /// chunked SSD algorithm.
    Mamba2(Mamba2),
    /// A gated delta-rule linear attention: Gated DeltaNet (Qwen3-Next, Qwen3.5,
    /// OLMo-Hybrid) and Kimi Delta Attention (Kimi Linear, Ling/Ring hybrids).
    DeltaNet(DeltaNet),
    /// MiniMax's lightning attention: linear attention with a fixed per-head
    /// decay, computed in blocks.
    Lightning(Lightning),
    /// LFM2's gated short convolution (`B·x`, a depthwise causal convolution,
    /// `C·y`), with no state beyond the convolution window.
    ShortConv(ShortConv),
    /// Griffin's recurrent block (RecurrentGemma): two branches, a causal
    /// convolution and the RG-LRU, a gated diagonal linear recurrence.
    RgLru(RgLru),
    /// RWKV-4's time mixing (the WKV recurrence) and the parts of its channel
    /// mixing that are not a plain MLP.
    Rwkv(Rwkv),
    /// xLSTM's mLSTM layer: a matrix-memory LSTM with exponential gates,
    /// computed chunkwise.
    MLstm(MLstm),
}

/// How a [`DeltaNet`] decays its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decay {
    /// One decay per value head and token (Gated DeltaNet): `a = Linear(d, H_v)`,
    /// a Δ bias and `A_log` per head.
    PerHead,
    /// One decay per key channel and token (Kimi Delta Attention): a projection
    /// to `H_v·d_k` (low-rank `d → r → H_v·d_k` when `rank` is set), a Δ bias
    /// per channel and `A_log` per head.
    PerChannel {
        /// Rank of the low-rank decay projection; `None` for a full one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rank: Option<u64>,
    },
}

/// A gated delta-rule layer (Yang, Kautz & Hatamizadeh 2024; Kimi Team 2025):
/// queries and keys (`H_k` heads of width `d_k`), values (`H_v` heads of width
/// `d_v`, `H_v` a multiple of `H_k`), a write strength β per value head, a
/// decay, a depthwise causal convolution over q, k and v, an output gate
/// through a gated RMSNorm over `d_v`, and `out = Linear(H_v·d_v, d)`. The
/// state is a `d_k × d_v` matrix per value head.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeltaNet {
    /// Query/key heads `H_k`.
    pub key_heads: u64,
    /// Value heads `H_v` (each query/key head serves `H_v/H_k` of them).
    pub value_heads: u64,
    /// Width `d_k` of a query/key head.
    pub key_dim: u64,
    /// Width `d_v` of a value head.
    pub value_dim: u64,
    /// Width K of the causal convolution.
    pub conv_kernel: u64,
    /// Per-head or per-channel decay.
    pub decay: Decay,
    /// Rank of a low-rank output-gate projection (`d → r → H_v·d_v`); `None`
    /// for a full `Linear(d, H_v·d_v)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate_rank: Option<u64>,
    /// Chunk length Q of the chunked algorithm (64 in transformers and fla).
    pub chunk: u64,
}

impl DeltaNet {
    /// Query/key width `H_k·d_k`.
    pub fn key_width(&self) -> u64 {
        self.key_heads.saturating_mul(self.key_dim)
    }

    /// Value width `H_v·d_v`.
    pub fn value_width(&self) -> u64 {
        self.value_heads.saturating_mul(self.value_dim)
    }

    /// Channels of the convolution over q, k and v: `2·H_k·d_k + H_v·d_v`.
    pub fn conv_channels(&self) -> u64 {
        self.key_width()
            .saturating_mul(2)
            .saturating_add(self.value_width())
    }
}

/// MiniMax's lightning attention (Qin et al. 2024): `qkv = Linear(d, 3·H·h)`
/// (SiLU), linear attention with a fixed decay per head computed in blocks of
/// B tokens, an RMSNorm over `H·h`, a sigmoid output gate `Linear(d, H·h)` and
/// `out = Linear(H·h, d)`. The state is an `h × h` matrix per head.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lightning {
    /// Heads H.
    pub n_heads: u64,
    /// Width h of a head.
    pub head_dim: u64,
    /// Block length B (`block_size`).
    pub block: u64,
}

/// LFM2's gated short convolution: `in_proj = Linear(d, 3·d)` gives B, C and
/// x; `B·x` goes through a depthwise causal convolution of kernel K, is
/// multiplied by C, and `out_proj = Linear(d, d)` maps it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortConv {
    /// Channels of the convolution (`d_model` in LFM2).
    pub width: u64,
    /// Width K of the causal convolution (`conv_L_cache`).
    pub conv_kernel: u64,
    /// Every projection and the convolution have biases (`conv_bias`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
}

/// Griffin's recurrent block (De et al. 2024), as RecurrentGemma builds it:
/// `linear_y` and `linear_x = Linear(d, W)` (with biases), a depthwise causal
/// convolution over W channels (kernel K, with bias), the RG-LRU (input and
/// recurrence gates block-diagonal over H heads, `W²/H` weights and W biases
/// each, and a recurrence parameter per channel), and `linear_out =
/// Linear(W, d)`. The state is one vector of W.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RgLru {
    /// Recurrence width W (`lru_width`).
    pub width: u64,
    /// Heads H of the block-diagonal gates.
    pub n_heads: u64,
    /// Width K of the causal convolution.
    pub conv_kernel: u64,
}

/// RWKV-4 (Peng et al. 2023): time mixing with key, value and receptance
/// `Linear(d, A)`, `output = Linear(A, d)`, a decay and a bonus per channel
/// (`time_decay`, `time_first`) and three token-shift mixing vectors; the
/// channel mixing's `receptance = Linear(d, d)` and its two mixing vectors
/// also count here (its key and value are the layer's plain MLP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rwkv {
    /// Time-mixing width A (`attention_hidden_size`).
    pub width: u64,
    /// Width of the token shift, the previous token's input kept by time and
    /// channel mixing (`d_model`).
    pub shift_width: u64,
}

/// xLSTM's mLSTM layer (Beck et al. 2024), as transformers' `xLSTMLayer`:
/// q and k `Linear(d, Q)`, v and the output gate `Linear(d, V)`, input and
/// forget gates `Linear(d, H)` with biases, a multi-head LayerNorm over V and
/// `out_proj = Linear(V, d)`; the state per head is a `Q/H × V/H` matrix, a
/// normaliser of `Q/H` and a stabiliser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MLstm {
    /// Heads H.
    pub n_heads: u64,
    /// Query/key width Q (all heads).
    pub qk_dim: u64,
    /// Value width V (all heads).
    pub v_dim: u64,
    /// Chunk length of the chunkwise algorithm (`chunk_size`).
    pub chunk: u64,
    /// Biases on the projections and the norms (`use_bias`); with them, the
    /// block's two RMSNorms over `d_model` carry a bias each, counted here.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
}

/// A Mamba (selective SSM) mixer, as transformers' `MambaMixer`:
/// `in_proj = Linear(d, 2·E)` (x and the gate z), a depthwise causal
/// `conv1d` over the E channels (kernel K), `x_proj = Linear(E, R + 2·N)`
/// (Δ, B, C), `dt_proj = Linear(R, E)` with bias, `A_log` (E×N), `D` (E),
/// `out_proj = Linear(E, d)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mamba {
    /// Inner width E (`expand·d_model`), the number of scanned channels.
    pub d_inner: u64,
    /// State size N per channel.
    pub d_state: u64,
    /// Rank R of the Δ projection.
    pub dt_rank: u64,
    /// Width K of the causal convolution.
    pub d_conv: u64,
    /// The convolution has a bias.
    #[serde(default, skip_serializing_if = "is_false")]
    pub conv_bias: bool,
    /// `in_proj` and `out_proj` have biases.
    #[serde(default, skip_serializing_if = "is_false")]
    pub proj_bias: bool,
    /// Learned RMSNorms on Δ (width R), B and C (width N each) before the scan
    /// (Jamba's `dt_layernorm`, `b_layernorm`, `c_layernorm`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bcdt_norms: bool,
}

/// A Mamba-2 mixer, as transformers' `Mamba2Mixer`: `in_proj = Linear(d,
/// 2·E + 2·G·N + H)` (the gate z, x, B, C and Δ), a depthwise causal `conv1d`
/// over x, B and C (`E + 2·G·N` channels, kernel K), `dt_bias`, `A_log` and
/// `D` (H each), a gated RMSNorm over E, `out_proj = Linear(E, d)`; with
/// `E = H·P`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mamba2 {
    /// SSM heads H.
    pub n_heads: u64,
    /// Width P of one head (`E = H·P`).
    pub head_dim: u64,
    /// Groups G sharing one B and one C (as key/value groups in GQA).
    pub n_groups: u64,
    /// State size N per head channel.
    pub d_state: u64,
    /// Width K of the causal convolution.
    pub d_conv: u64,
    /// Chunk length Q of the SSD algorithm (`chunk_size`).
    pub chunk: u64,
    /// The convolution has a bias.
    #[serde(default, skip_serializing_if = "is_false")]
    pub conv_bias: bool,
    /// `in_proj` has a bias.
    #[serde(default, skip_serializing_if = "is_false")]
    pub in_bias: bool,
    /// `out_proj` has a bias.
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_bias: bool,
    /// The gated RMSNorm over E before `out_proj` (Falcon-H1 can switch it off
    /// with `mamba_rms_norm`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub norm: bool,
}

impl Mamba2 {
    /// Inner width `E = H·P`.
    pub fn d_inner(&self) -> u64 {
        self.n_heads.saturating_mul(self.head_dim)
    }

    /// Channels of the convolution: `E + 2·G·N` (x, B and C).
    pub fn conv_channels(&self) -> u64 {
        self.d_inner().saturating_add(
            2u64.saturating_mul(self.n_groups)
                .saturating_mul(self.d_state),
        )
    }
}

impl Mixer {
    /// A short name for labels ("Mamba", "Mamba-2").
    pub fn name(&self) -> &'static str {
        match self {
            Mixer::Mamba(_) => "Mamba",
            Mixer::Mamba2(_) => "Mamba-2",
            Mixer::DeltaNet(m) => match m.decay {
                Decay::PerHead => "Gated DeltaNet",
                Decay::PerChannel { .. } => "Kimi Delta Attention",
            },
            Mixer::Lightning(_) => "lightning attention",
            Mixer::ShortConv(_) => "short convolution",
            Mixer::RgLru(_) => "RG-LRU",
            Mixer::Rwkv(_) => "RWKV",
            Mixer::MLstm(_) => "mLSTM",
        }
    }
}

/// An MLP: `d_model → d_ff → d_model`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mlp {
    /// Inner width.
    pub d_ff: u64,
    /// Gated (three matrices: gate, up, down, as SwiGLU/GeGLU) rather than two.
    #[serde(default, skip_serializing_if = "is_false")]
    pub gated: bool,
    /// Biases on every matrix.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
    /// Learned parameters of the activation function (xIELU's `alpha_p` and
    /// `alpha_n`: 2).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub act_params: u64,
    /// A norm over `d_ff` before the down projection (BitNet's `ffn_sub_norm`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub inner_norm: bool,
}

impl Mlp {
    /// A plain or gated MLP with nothing else.
    pub fn new(d_ff: u64, gated: bool, bias: bool) -> Mlp {
        Mlp {
            d_ff,
            gated,
            bias,
            act_params: 0,
            inner_norm: false,
        }
    }
}

/// A mixture-of-experts block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moe {
    /// Routed experts.
    pub n_experts: u64,
    /// Routed experts each token uses.
    pub top_k: u64,
    /// One routed expert.
    pub expert: Mlp,
    /// Experts every token uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<SharedExperts>,
    /// The router (`Linear(d_model, n_experts)`) has a bias (gpt-oss).
    #[serde(default, skip_serializing_if = "is_false")]
    pub router_bias: bool,
    /// transformers' implementation runs every routed expert on every token
    /// and zeroes the unused outputs (Llama 4), so PyTorch's FLOP counter, and
    /// the `dense` convention, count all of them; the other conventions count
    /// the top-k.
    #[serde(default, skip_serializing_if = "is_false")]
    pub every_expert_runs: bool,
    /// The router scales its input per channel and its weights per expert with
    /// learned vectors (`d_model + n_experts` parameters, Gemma 4).
    #[serde(default, skip_serializing_if = "is_false")]
    pub router_scales: bool,
    /// Outputs of the router when it is not one logit per expert (Doge's
    /// product-key router scores `2·⌊√E⌋` keys); `None` means `n_experts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router_outputs: Option<u64>,
    /// The router is an MLP of this width (ZAYA): `Linear(d_model, R)` with a
    /// bias, a norm over R, two `Linear(R, R)` with biases and
    /// `Linear(R, outputs)`; `None` means one `Linear(d_model, outputs)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router_mlp: Option<u64>,
    /// Zero-computation (identity) experts the router may pick besides the
    /// routed ones (LongCat-Flash): the router scores `n_experts +
    /// zero_experts`, and a token that picks one costs nothing.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub zero_experts: u64,
    /// transformers' LongCat-Flash allocates the gate/up half of an expert for
    /// each zero-computation expert too (`(E + Z)·2·d_ff·d_model`), weights no
    /// token uses.
    #[serde(default, skip_serializing_if = "is_false")]
    pub zero_expert_weights: bool,
    /// A learned per-expert routing bias stored as a parameter (ERNIE 4.5's
    /// `e_score_correction_bias`, AFMoE's `expert_bias`); where it is a buffer
    /// it is not a parameter and is not set.
    #[serde(default, skip_serializing_if = "is_false")]
    pub score_bias: bool,
    /// A norm over the block's output (A.X K1's `post_mlp_layernorm`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_norm: bool,
    /// A bias of `d_model` added to the block's output (JetMoE).
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_bias: bool,
    /// The routed experts work in a narrower width: `Linear(d_model, dim)`
    /// before them and `Linear(dim, d_model)` after, run for every token
    /// (Nemotron-H's latent MoE, `moe_latent_size`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latent: Option<MoeLatent>,
}

/// The latent width of a mixture of experts (see [`Moe::latent`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoeLatent {
    /// The experts' input and output width.
    pub dim: u64,
    /// Biases on the two projections.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
}

impl Moe {
    /// `n_experts` routed experts, `top_k` a token, each `expert`, behind a
    /// plain `Linear(d_model, n_experts)` router, with nothing else.
    pub fn new(n_experts: u64, top_k: u64, expert: Mlp) -> Moe {
        Moe {
            n_experts,
            top_k,
            expert,
            shared: None,
            router_bias: false,
            every_expert_runs: false,
            router_scales: false,
            router_outputs: None,
            router_mlp: None,
            zero_experts: 0,
            zero_expert_weights: false,
            score_bias: false,
            out_norm: false,
            out_bias: false,
            latent: None,
        }
    }

    /// The width the routed experts read and write: the latent width, else
    /// `d_model`.
    pub fn expert_width(&self, d_model: u64) -> u64 {
        self.latent.map_or(d_model, |l| l.dim)
    }

    /// Outputs of the router: `router_outputs`, else one per expert.
    pub fn router_width(&self) -> u64 {
        self.router_outputs.unwrap_or(self.n_experts)
    }
}

/// Shared experts, built as one MLP of width `count·d_ff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedExperts {
    /// How many shared experts.
    pub count: u64,
    /// Inner width of one shared expert.
    pub d_ff: u64,
    /// Biases on the shared MLP (DeepSeek-V2's `mlp_bias`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bias: bool,
    /// A sigmoid gate `Linear(d_model, 1)` scales the shared output (Qwen2-MoE).
    #[serde(default, skip_serializing_if = "is_false")]
    pub gate: bool,
    /// Whether the shared MLP is gated when that differs from the routed experts
    /// (Doge's routed experts are single plain units, its shared MLP is gated);
    /// `None` means as the routed experts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gated: Option<bool>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Plain dimensions for a model without a `config.json`.
///
/// Defaults ([`Dims::default`]) are a Llama-style decoder; set what you know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dims {
    /// Layers.
    pub n_layers: u64,
    /// Residual width.
    pub d_model: u64,
    /// Query heads.
    pub n_heads: u64,
    /// Key/value heads; `None` means `n_heads` (MHA).
    pub n_kv_heads: Option<u64>,
    /// Head width; `None` means `d_model / n_heads`.
    pub head_dim: Option<u64>,
    /// MLP inner width (for MoE: one expert's width).
    pub d_ff: u64,
    /// Vocabulary.
    pub vocab_size: u64,
    /// Context length.
    pub context_len: u64,
    /// Gated MLP (three matrices) rather than plain (two).
    pub gated_mlp: bool,
    /// Output head tied to the token embedding.
    pub tied_embeddings: bool,
    /// Biases on every linear layer (GPT-2/GPT-3 style).
    pub biases: bool,
    /// A learned absolute-position table of `context_len` rows.
    pub learned_positions: bool,
    /// Norm kind.
    pub norm: NormKind,
    /// Attention and MLP in parallel (display only).
    pub parallel: bool,
    /// Mixture of experts in every layer, if any.
    pub moe: Option<DimsMoe>,
}

/// Mixture-of-experts dimensions for [`Dims`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimsMoe {
    /// Routed experts.
    pub n_experts: u64,
    /// Routed experts per token.
    pub top_k: u64,
    /// Shared experts (0 for none).
    pub n_shared: u64,
}

impl Default for Dims {
    /// Llama-2-7B's dimensions.
    fn default() -> Self {
        Dims {
            n_layers: 32,
            d_model: 4096,
            n_heads: 32,
            n_kv_heads: None,
            head_dim: None,
            d_ff: 11008,
            vocab_size: 32000,
            context_len: 4096,
            gated_mlp: true,
            tied_embeddings: false,
            biases: false,
            learned_positions: false,
            norm: NormKind::Rms,
            parallel: false,
            moe: None,
        }
    }
}

impl ModelSpec {
    /// Checks every structural rule the counts rely on: dimensions positive and within
    /// bounds ([`MAX_DIM`], [`MAX_LAYERS`], [`MAX_CONTEXT`]), key/value heads dividing
    /// query heads, top-k within the experts.
    ///
    /// It does not count, so it cannot tell whether the parameters fit in `u64`:
    /// [`crate::params::validate`] runs it and then counts, and is the check a spec
    /// arriving any other way than through [`crate::config`] (a URL) must pass.
    pub fn check_structure(&self) -> Result<(), SpecError> {
        check_model_type(&self.model_type)?;
        if let Some(g) = &self.generic {
            let keys = &g.suspect_keys;
            check_le(
                "generic.suspect_keys",
                keys.len() as u64,
                MAX_SUSPECT_KEYS as u64,
            )?;
            if let Some(long) = keys
                .iter()
                .find(|k| k.is_empty() || k.chars().count() > MAX_SUSPECT_KEY_CHARS)
            {
                return Err(SpecError::invalid(
                    "generic.suspect_keys",
                    &format!("\"{}…\"", long.chars().take(16).collect::<String>()),
                    &format!("each key must be 1 to {MAX_SUSPECT_KEY_CHARS} characters"),
                ));
            }
        }
        bounded("d_model", self.d_model, MAX_DIM)?;
        bounded("vocab_size", self.vocab_size, MAX_DIM)?;
        bounded("context_len", self.context_len, MAX_CONTEXT)?;
        check_le("embed.extra_rows", self.embed.extra_rows, MAX_DIM)?;
        if let Some(dim) = self.embed.dim {
            bounded("embed.dim", dim, MAX_DIM)?;
        }
        check_le(
            "embed.positions",
            self.embed.positions,
            MAX_CONTEXT.min(MAX_DIM),
        )?;
        check_le("embed.token_types", self.embed.token_types, MAX_DIM)?;
        if let Some(rows) = self.head.and_then(|h| h.rows) {
            bounded("head rows", rows, MAX_DIM)?;
        }
        if let Some(p) = &self.per_layer_inputs {
            bounded("per-layer input vocab_size", p.vocab_size, MAX_DIM)?;
            bounded("per-layer input width", p.width, MAX_DIM)?;
        }
        check_le("altup inputs", self.altup_inputs, 64)?;
        if self.stacks.is_empty() {
            return Err(SpecError::invalid(
                "n_layers",
                "0",
                "there must be at least one layer",
            ));
        }
        let mut layers: u64 = 0;
        for stack in &self.stacks {
            check_le("rel_pos_buckets", stack.rel_pos_buckets, MAX_DIM)?;
            if stack.groups.is_empty() {
                return Err(SpecError::invalid(
                    "n_layers",
                    "0",
                    "every stack needs at least one layer",
                ));
            }
            for group in &stack.groups {
                bounded("n_layers", group.count, MAX_LAYERS)?;
                if let Some(copies) = group.copies {
                    bounded("weight copies", copies, MAX_LAYERS)?;
                }
                layers = layers.saturating_add(group.count);
                validate_layer(&group.layer)?;
            }
        }
        check_le("n_layers", layers, MAX_LAYERS)?;
        if let Some(hc) = &self.hyper_connections {
            bounded("hyper-connection streams", hc.streams, 64)?;
            if let Some(r) = hc.low_rank {
                bounded("hyper-connection rank", r, MAX_DIM)?;
            }
            bounded("hyper-connection outputs", hc.outputs, 64 * 66)?;
            check_le("hyper-connection scales", hc.scales, 64)?;
        }
        Ok(())
    }

    /// The family name (`"llama"`, `"custom"` for manual dimensions).
    pub fn model_type(&self) -> &str {
        &self.model_type
    }

    /// Longest context the model was built for.
    pub fn context_len(&self) -> u64 {
        self.context_len
    }

    /// Width of the residual stream.
    pub fn d_model(&self) -> u64 {
        self.d_model
    }

    /// Vocabulary size (rows of the output head).
    pub fn vocab_size(&self) -> u64 {
        self.vocab_size
    }

    /// Layers in all stacks (encoder plus decoder for T5).
    pub fn n_layers(&self) -> u64 {
        self.stacks
            .iter()
            .flat_map(|s| &s.groups)
            .fold(0u64, |acc, g| acc.saturating_add(g.count))
    }

    /// The main attention block: the first layer's self-attention (or cross-attention
    /// when a layer has only that).
    pub fn main_attention(&self) -> Option<&Attention> {
        self.stacks
            .iter()
            .flat_map(|s| &s.groups)
            .find_map(|g| g.layer.attn.as_ref().or(g.layer.cross_attn.as_ref()))
    }

    /// Query heads of the main attention block.
    pub fn n_heads(&self) -> u64 {
        self.main_attention().map_or(0, |a| a.n_heads)
    }

    /// Key/value heads of the main attention block.
    pub fn n_kv_heads(&self) -> u64 {
        self.main_attention().map_or(0, |a| a.n_kv_heads)
    }

    /// Head width of the main attention block.
    pub fn head_dim(&self) -> u64 {
        self.main_attention().map_or(0, |a| a.head_dim)
    }

    /// The dense MLP width if any layer has a dense MLP, else one routed expert's width.
    pub fn d_ff(&self) -> u64 {
        let groups = || self.stacks.iter().flat_map(|s| &s.groups);
        groups()
            .find_map(|g| match &g.layer.ffn {
                Ffn::Dense(m) => Some(m.d_ff),
                Ffn::Moe(_) | Ffn::None => None,
            })
            .or_else(|| {
                groups().find_map(|g| match &g.layer.ffn {
                    Ffn::Moe(m) => Some(m.expert.d_ff),
                    Ffn::Dense(_) | Ffn::None => None,
                })
            })
            .unwrap_or(0)
    }

    /// The first mixture-of-experts block, if the model has one.
    pub fn moe(&self) -> Option<&Moe> {
        self.stacks
            .iter()
            .flat_map(|s| &s.groups)
            .find_map(|g| match &g.layer.ffn {
                Ffn::Moe(m) => Some(m),
                Ffn::Dense(_) | Ffn::None => None,
            })
    }

    /// Whether the model is encoder-decoder (two stacks).
    pub fn is_encoder_decoder(&self) -> bool {
        self.stacks.len() > 1
    }

    /// Width of the token embedding and of the head's input.
    pub fn embed_dim(&self) -> u64 {
        self.embed.dim.unwrap_or(self.d_model)
    }
}

fn validate_layer(layer: &Layer) -> Result<(), SpecError> {
    // Up to MAX_DIM² (Qwen4-Exp's n-gram tables hold tens of billions).
    check_le("gates", layer.gates, MAX_DIM.saturating_mul(MAX_DIM))?;
    check_le("laurel_rank", layer.laurel_rank, MAX_DIM)?;
    check_le("norms per layer", layer.norms, 64)?;
    if let Some(g) = &layer.norm_gates {
        check_le("gated norms", g.count, layer.norms)?;
        bounded("gated_norm_rank", g.rank, MAX_DIM)?;
    }
    if layer.attn.is_none()
        && layer.cross_attn.is_none()
        && layer.mixer.is_none()
        && layer.ffn == Ffn::None
        && layer.linears.is_empty()
    {
        return Err(SpecError::invalid(
            "layer",
            "empty",
            "every layer needs an attention block, a token mixer or a feed-forward part",
        ));
    }
    if let Some(m) = &layer.mixer {
        validate_mixer(m)?;
    }
    check_le("linear maps per layer", layer.linears.len() as u64, 64)?;
    for l in &layer.linears {
        bounded("linear d_in", l.d_in, MAX_DIM)?;
        bounded("linear d_out", l.d_out, MAX_DIM)?;
    }
    for attn in layer.attn.iter().chain(layer.cross_attn.iter()) {
        bounded("n_heads", attn.n_heads, MAX_DIM)?;
        bounded("n_kv_heads", attn.n_kv_heads, MAX_DIM)?;
        bounded("head_dim", attn.head_dim, MAX_DIM)?;
        if !attn.n_heads.is_multiple_of(attn.n_kv_heads) {
            return Err(SpecError::KvHeadsDoNotDivide {
                kv_key: "n_kv_heads".into(),
                kv: attn.n_kv_heads,
                heads_key: "n_heads".into(),
                heads: attn.n_heads,
            });
        }
        if let Some(x) = &attn.block_index {
            bounded("indexer heads", x.n_heads, MAX_DIM)?;
            bounded("indexer key heads", x.n_kv_heads, MAX_DIM)?;
            bounded("indexer head width", x.head_dim, MAX_DIM)?;
            bounded("indexer block", x.block, MAX_CONTEXT)?;
            bounded("indexer top blocks", x.top_blocks, MAX_CONTEXT)?;
            check_le("indexer local blocks", x.local_blocks, MAX_DIM)?;
        }
        if let Some(w) = attn.window {
            bounded("window", w, MAX_CONTEXT)?;
        }
        if let Some(c) = &attn.cca {
            bounded("CCA depthwise kernel", c.depthwise_kernel, MAX_CONTEXT)?;
            bounded("CCA grouped kernel", c.grouped_kernel, MAX_CONTEXT)?;
        }
        if let Some(w) = attn.d_in {
            bounded("attention input width", w, MAX_DIM)?;
        }
        if let Some(v) = attn.v_head_dim {
            bounded("v_head_dim", v, MAX_DIM)?;
        }
        if let Some(ix) = &attn.indexer {
            bounded("index_n_heads", ix.n_heads, MAX_DIM)?;
            bounded("index_head_dim", ix.head_dim, MAX_DIM)?;
            bounded("index_topk", ix.top_k, MAX_CONTEXT)?;
            bounded("q_lora_rank", ix.q_rank, MAX_DIM)?;
        }
        if let Some(r) = attn.q_lora_rank {
            bounded("q_lora_rank", r, MAX_DIM)?;
        }
        if let Some(g) = &attn.grouped_out {
            bounded("o_groups", g.groups, MAX_DIM)?;
            bounded("o_lora_rank", g.rank, MAX_DIM)?;
        }
        if let Some(c) = &attn.compressed {
            bounded("compress rate", c.rate, MAX_CONTEXT)?;
            if let Some(ix) = &c.indexer {
                bounded("index_n_heads", ix.n_heads, MAX_DIM)?;
                bounded("index_head_dim", ix.head_dim, MAX_DIM)?;
                bounded("index_topk", ix.top_k, MAX_CONTEXT)?;
            }
        }
        if let Some(e) = &attn.experts {
            bounded("attention experts", e.n_experts, MAX_DIM)?;
            bounded("attention experts per token", e.top_k, MAX_DIM)?;
            if e.top_k > e.n_experts {
                return Err(SpecError::TopKExceedsExperts {
                    top_k_key: "top_k".into(),
                    top_k: e.top_k,
                    experts_key: "attention experts".into(),
                    experts: e.n_experts,
                });
            }
        }
        if let Some(m) = &attn.mla {
            if let Some(r) = m.q_lora_rank {
                bounded("q_lora_rank", r, MAX_DIM)?;
            }
            bounded("kv_lora_rank", m.kv_lora_rank, MAX_DIM)?;
            check_le("qk_rope_head_dim", m.qk_rope_head_dim, MAX_DIM)?;
            check_le("qk_nope_head_dim", m.qk_nope_head_dim, MAX_DIM)?;
            bounded("v_head_dim", m.v_head_dim, MAX_DIM)?;
            bounded(
                "qk_nope_head_dim + qk_rope_head_dim",
                m.qk_nope_head_dim.saturating_add(m.qk_rope_head_dim),
                MAX_DIM,
            )?;
        }
    }
    match &layer.ffn {
        Ffn::None => {}
        Ffn::Dense(m) => {
            bounded("d_ff", m.d_ff, MAX_DIM)?;
            check_le("activation parameters", m.act_params, MAX_DIM)?;
        }
        Ffn::Moe(m) => {
            check_le("activation parameters", m.expert.act_params, MAX_DIM)?;
            if let Some(r) = m.router_mlp {
                bounded("router width", r, MAX_DIM)?;
            }
            if let Some(r) = m.router_outputs {
                bounded("router outputs", r, MAX_DIM)?;
            }
            bounded("n_experts", m.n_experts, MAX_DIM)?;
            bounded("top_k", m.top_k, MAX_DIM)?;
            bounded("expert d_ff", m.expert.d_ff, MAX_DIM)?;
            if let Some(l) = &m.latent {
                bounded("moe latent dim", l.dim, MAX_DIM)?;
            }
            check_le("zero-computation experts", m.zero_experts, MAX_DIM)?;
            if m.top_k > m.n_experts.saturating_add(m.zero_experts) {
                return Err(SpecError::TopKExceedsExperts {
                    top_k_key: "top_k".into(),
                    top_k: m.top_k,
                    experts_key: "n_experts".into(),
                    experts: m.n_experts,
                });
            }
            if let Some(s) = &m.shared {
                bounded("shared experts", s.count, MAX_DIM)?;
                bounded("shared expert d_ff", s.d_ff, MAX_DIM)?;
                bounded(
                    "shared experts × d_ff",
                    s.count.saturating_mul(s.d_ff),
                    MAX_DIM.saturating_mul(64),
                )?;
            }
        }
    }
    Ok(())
}

fn validate_mixer(mixer: &Mixer) -> Result<(), SpecError> {
    match mixer {
        Mixer::Mamba(m) => {
            bounded("mamba d_inner", m.d_inner, MAX_DIM)?;
            bounded("mamba d_state", m.d_state, MAX_DIM)?;
            bounded("mamba dt_rank", m.dt_rank, MAX_DIM)?;
            bounded("mamba d_conv", m.d_conv, MAX_DIM)?;
        }
        Mixer::Mamba2(m) => {
            bounded("mamba2 n_heads", m.n_heads, MAX_DIM)?;
            bounded("mamba2 head_dim", m.head_dim, MAX_DIM)?;
            bounded("mamba2 d_inner", m.d_inner(), MAX_DIM)?;
            bounded("mamba2 n_groups", m.n_groups, MAX_DIM)?;
            bounded("mamba2 d_state", m.d_state, MAX_DIM)?;
            bounded("mamba2 conv channels", m.conv_channels(), MAX_DIM)?;
            bounded("mamba2 d_conv", m.d_conv, MAX_DIM)?;
            bounded("mamba2 chunk", m.chunk, MAX_CONTEXT)?;
            if !m.n_heads.is_multiple_of(m.n_groups) {
                return Err(SpecError::invalid(
                    "mamba2 n_groups",
                    &m.n_groups.to_string(),
                    &format!(
                        "it must divide the {} SSM heads (each group's B and C serve a \
                         whole number of heads)",
                        m.n_heads
                    ),
                ));
            }
        }
        Mixer::DeltaNet(m) => {
            bounded("delta-net key heads", m.key_heads, MAX_DIM)?;
            bounded("delta-net value heads", m.value_heads, MAX_DIM)?;
            bounded("delta-net key head width", m.key_dim, MAX_DIM)?;
            bounded("delta-net value head width", m.value_dim, MAX_DIM)?;
            bounded("delta-net conv channels", m.conv_channels(), MAX_DIM)?;
            bounded("delta-net conv kernel", m.conv_kernel, MAX_DIM)?;
            bounded("delta-net chunk", m.chunk, MAX_CONTEXT)?;
            if let Decay::PerChannel { rank: Some(r) } = m.decay {
                bounded("delta-net decay rank", r, MAX_DIM)?;
            }
            if let Some(r) = m.gate_rank {
                bounded("delta-net gate rank", r, MAX_DIM)?;
            }
            if !m.value_heads.is_multiple_of(m.key_heads) {
                return Err(SpecError::invalid(
                    "delta-net key heads",
                    &m.key_heads.to_string(),
                    &format!(
                        "it must divide the {} value heads (each query/key head serves a \
                         whole number of value heads)",
                        m.value_heads
                    ),
                ));
            }
        }
        Mixer::Lightning(m) => {
            bounded("lightning heads", m.n_heads, MAX_DIM)?;
            bounded("lightning head width", m.head_dim, MAX_DIM)?;
            bounded(
                "lightning width",
                m.n_heads.saturating_mul(m.head_dim),
                MAX_DIM,
            )?;
            bounded("lightning block", m.block, MAX_CONTEXT)?;
        }
        Mixer::ShortConv(m) => {
            bounded("short conv width", m.width, MAX_DIM)?;
            bounded("short conv kernel", m.conv_kernel, MAX_DIM)?;
        }
        Mixer::RgLru(m) => {
            bounded("RG-LRU width", m.width, MAX_DIM)?;
            bounded("RG-LRU heads", m.n_heads, MAX_DIM)?;
            bounded("RG-LRU conv kernel", m.conv_kernel, MAX_DIM)?;
            if !m.width.is_multiple_of(m.n_heads) {
                return Err(SpecError::invalid(
                    "RG-LRU heads",
                    &m.n_heads.to_string(),
                    &format!("it must divide the recurrence width {}", m.width),
                ));
            }
        }
        Mixer::Rwkv(m) => {
            bounded("RWKV attention width", m.width, MAX_DIM)?;
            bounded("RWKV shift width", m.shift_width, MAX_DIM)?;
        }
        Mixer::MLstm(m) => {
            bounded("mLSTM heads", m.n_heads, MAX_DIM)?;
            bounded("mLSTM qk width", m.qk_dim, MAX_DIM)?;
            bounded("mLSTM v width", m.v_dim, MAX_DIM)?;
            bounded("mLSTM chunk", m.chunk, MAX_CONTEXT)?;
            if !m.qk_dim.is_multiple_of(m.n_heads) || !m.v_dim.is_multiple_of(m.n_heads) {
                return Err(SpecError::invalid(
                    "mLSTM heads",
                    &m.n_heads.to_string(),
                    &format!(
                        "it must divide the query/key width {} and the value width {}",
                        m.qk_dim, m.v_dim
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A `model_type` of at most [`MAX_MODEL_TYPE_CHARS`] characters.
pub(crate) fn check_model_type(model_type: &str) -> Result<(), SpecError> {
    let chars = model_type.chars().count();
    if chars > MAX_MODEL_TYPE_CHARS {
        return Err(SpecError::invalid(
            "model_type",
            &format!("a {chars}-character string"),
            &format!(
                "a model type is a short name such as \"llama\" (at most \
                 {MAX_MODEL_TYPE_CHARS} characters): check that this is the right file"
            ),
        ));
    }
    Ok(())
}

pub(crate) fn positive(key: &str, value: u64) -> Result<(), SpecError> {
    if value == 0 {
        return Err(SpecError::invalid(key, "0", "it must be at least 1"));
    }
    Ok(())
}

fn bounded(key: &str, value: u64, max: u64) -> Result<(), SpecError> {
    positive(key, value)?;
    check_le(key, value, max)
}

fn check_le(key: &str, value: u64, max: u64) -> Result<(), SpecError> {
    if value > max {
        return Err(SpecError::TooLargeValue {
            key: key.into(),
            value,
            max,
        });
    }
    Ok(())
}
