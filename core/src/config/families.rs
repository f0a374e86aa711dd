//! The families flopcast knows: each `model_type`'s transformers config-class defaults
//! and the structural facts its modeling code fixes (which linears carry biases, the
//! norm kind, gated or plain MLP, learned positions, parallel blocks, MoE placement,
//! sliding-window pattern).
//!
//! Defaults were read from transformers' `configuration_<family>.py` (the v5 dataclass
//! versions where they exist) and structure from `modeling_<family>.py`. This table is
//! data: [`super::build`] applies it. A family not listed is counted by the generic
//! rules of [`Id::Generic`].

use crate::model::{AttnGate, NormKind, QkNorm};

/// Which family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Id {
    Bamba,
    Gpt2,
    GptNeox,
    Gptj,
    Opt,
    Bloom,
    Falcon,
    FalconH1,
    FalconMamba,
    Llama,
    Mamba,
    Mamba2,
    Mistral,
    Mixtral,
    Qwen2,
    Qwen2Moe,
    Qwen3,
    Qwen3Moe,
    Gemma,
    Gemma2,
    Gemma3,
    Phi,
    Phi3,
    Olmo,
    Olmo2,
    Starcoder2,
    DeepseekV2,
    DeepseekV3,
    KimiK2,
    // Mixture-of-experts, MLA and sparse-attention families (issue 12).
    Afmoe,
    AriaText,
    Axk1,
    Axk2,
    Beam,
    Cohere2Moe,
    Dbrx,
    DeepseekV32,
    DeepseekV4,
    Dots1,
    Dots3,
    Ernie45Moe,
    ExaoneMoe,
    FlexOlmo,
    Glm4Moe,
    Glm4MoeLite,
    GlmMoeDsa,
    GraniteMoeShared,
    GraniteMoeSwa,
    HunyuanMoe,
    HyV3,
    HyV4,
    JetMoe,
    Kolibri1,
    Laguna,
    LongcatFlash,
    MimoV2Flash,
    MinimaxM2,
    SarvamMoe,
    GptOss,
    T5,
    Bert,
    Mllama,
    ChatGlm,
    Glm,
    Jamba,
    Glm4,
    Cohere,
    Cohere2,
    Helium,
    Ernie45,
    Exaone4,
    HunyuanDense,
    Arcee,
    Nemotron,
    NemotronH,
    Olmoe,
    Phimoe,
    StableLm,
    Granite,
    GraniteMoeHybrid,
    SmolLm3,
    Llama4,
    SeedOss,
    BailingHybrid,
    Dory,
    HrmText,
    KimiLinear,
    LaraMini,
    Lfm2,
    Lfm2Moe,
    Lfm3,
    MiniMax,
    MiniMaxM3,
    OlmoHybrid,
    Qwen35,
    Qwen35Moe,
    Qwen3Next,
    Qwen4Exp,
    RecurrentGemma,
    Rwkv,
    XLstm,
    Zaya,
    Zamba,
    Zamba2,
    Apertus,
    Apertus1p5,
    BitNet,
    CohereCompass,
    DiffLlama,
    Doge,
    Flint,
    Gemma3n,
    Gemma4,
    Gemma4Unified,
    GraniteSwa,
    HyperClovaX,
    Jais2,
    Mellum,
    Ministral,
    ModernBertDecoder,
    NanoChat,
    Olmo3,
    Persimmon,
    Biogpt,
    Codegen,
    Ctrl,
    Cwm,
    Emu3,
    Exaone,
    GptBigcode,
    GptNeo,
    GptNeoxJapanese,
    GraniteMoe,
    Internlm3,
    Iquestcoder,
    Minicpm3,
    Ministral3,
    Mpt,
    OpenaiGpt,
    SarvamMla,
    SolarOpen,
    VaultGemma,
    Xglm,
    Youtu,
    Generic,
}

/// A token mixer other than softmax attention, and the keys a family lays its
/// layers out with (`build` reads them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LinearMixer {
    /// Gated DeltaNet from the `linear_*` keys; `layer_types`, else softmax
    /// attention every `full_attention_interval`-th layer (Qwen3-Next, Qwen3.5).
    QwenDelta,
    /// OLMo-Hybrid's Gated DeltaNet: head counts default to the attention's,
    /// the key width to `0.75·d/H_k`, the value width to twice it; attention
    /// every 4th layer from index 3.
    OlmoDelta,
    /// Kimi Delta Attention (`linear_attn_config` or `linear_*`), low-rank
    /// decay and output gate; MLA every 4th layer from index 4.
    KimiDelta,
    /// Ling's Kimi Delta Attention with full-rank decay and output gate;
    /// MLA every `layer_group_size`-th layer.
    LingDelta,
    /// MiniMax's lightning attention, alternating with softmax attention.
    Lightning,
    /// LFM2's short convolution (`conv`) layers.
    ShortConv,
    /// Griffin's recurrent block, cycling with local attention by `block_types`.
    RgLru,
    /// RWKV-4 in every layer (no attention).
    Rwkv,
    /// xLSTM's mLSTM in every layer (no attention).
    MLstm,
}

impl LinearMixer {
    /// Every layer is the mixer: the model has no softmax attention.
    pub fn attention_free(self) -> bool {
        matches!(self, LinearMixer::Rwkv | LinearMixer::MLstm)
    }
}

/// Which boolean key switches a bias on, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BiasKey {
    AttentionBias,
    MlpBias,
    Bias,
    UseBias,
    QkvBias,
    EnableBias,
    AddQkvBias,
    AddBiasLinear,
    UseQkvBias,
    AttentionOutBias,
    LmHeadBias,
    /// `attention_bias`, or InternLM3's alias `qkv_bias`.
    AttentionOrQkvBias,
    /// `mlp_bias`, or InternLM3's alias `bias`.
    MlpOrBias,
}

/// A bias that is always there, never there, or switched by a key with a default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bias {
    Fixed(bool),
    Key(BiasKey, bool),
}

/// How the head width is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeadDim {
    /// Always `d_model / n_heads` (the config has no head width).
    Derived,
    /// `head_dim` if given, else `d_model / n_heads`.
    KeyOrDerived,
    /// `head_dim` if given, else this default.
    KeyOr(u64),
    /// `head_dim` if given, else `d_model // n_heads` rounded down, as
    /// `getattr(config, "head_dim", hidden_size // num_attention_heads)` does.
    KeyOrFloor,
}

/// The MLP width when the config does not give one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DFf {
    /// The config class's default.
    Value(u64),
    /// A multiple of `d_model` (GPT-2's `n_inner=None` means 4·d_model).
    TimesDModel(u64),
    /// Always a multiple of `d_model`, whatever the config says (BLOOM).
    AlwaysTimesDModel(u64),
    /// No default: the key is required.
    Required,
}

/// Which layers use sliding-window attention when `layer_types` is not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Window {
    /// None.
    Never,
    /// Every layer, when `sliding_window` is set (default given here).
    All(Option<u64>),
    /// Qwen2/Qwen3: with `use_sliding_window`, layers from `max_window_layers` on.
    QwenFrom,
    /// Qwen2-MoE: with `use_sliding_window`, even layers below `max_window_layers`.
    QwenMoeEven,
    /// Qwen3-MoE: with `use_sliding_window`, every layer.
    QwenAll,
    /// Even layers sliding, odd layers full (Gemma 2, gpt-oss); default window.
    Alternate(u64),
    /// All but every `pattern`-th layer sliding (Gemma 3); default window and pattern.
    Pattern(u64, u64),
    /// Full attention on layers `0, period, 2·period, …`, sliding elsewhere (Granite
    /// SWA; ModernBERT with `global_attn_every_n_layers`; CWM); default window and period.
    FullEvery(u64, u64),
    /// Flint: full attention on the first two layers, every fourth from layer 1 and
    /// the last; sliding elsewhere. Default window.
    Flint(u64),
    /// A pattern of the family's own (see `build::Builder::family_sliding`), with
    /// the default window.
    ByFamily(Option<u64>),
}

/// Which layers hold a mixture of experts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Every layer (Mixtral, gpt-oss).
    Every,
    /// Qwen-MoE: not in `mlp_only_layers`, experts > 0, `(i+1) % decoder_sparse_step == 0`.
    SparseStep,
    /// DeepSeek in transformers: from `first_k_dense_replace` on (`moe_layer_freq` ignored).
    FirstKDense,
    /// DeepSeek's remote code: from `first_k_dense_replace` on, where `i % moe_layer_freq == 0`.
    FirstKDenseFreq,
    /// As [`Placement::SparseStep`], with the first `n` layers dense when
    /// `mlp_only_layers` is not given (Flint's default `[0, 1]`).
    SparseStepDenseFirst(u64),
    /// The config lists each layer's MLP, `"dense"` or `"sparse"`
    /// (`mlp_layer_types`, Mellum); all sparse when it is not given.
    LayerTypes,
    /// The first `n` layers dense whatever the config says (GLM-4.7-Flash, MiMo-V2-Flash).
    Leading(u64),
    /// ERNIE 4.5: every `moe_layer_interval`-th layer from `moe_layer_start_index` to
    /// `moe_layer_end_index` (−1: the last).
    Interval,
}

/// Where a routed expert's width comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExpertWidth {
    /// `intermediate_size` (Mixtral, gpt-oss).
    Intermediate,
    /// `moe_intermediate_size`, default given.
    MoeKey(u64),
}

/// Mixture-of-experts defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MoeDefaults {
    pub n_experts: u64,
    /// `None`: the config class leaves it unset (DeepSeek-V2).
    pub top_k: Option<u64>,
    pub width: ExpertWidth,
    pub placement: Placement,
    pub first_k_dense: u64,
    /// Shared experts: `n_shared_experts` default (DeepSeek), width = expert width.
    pub n_shared: u64,
    /// One shared expert of its own width (`shared_expert_intermediate_size` and its
    /// spellings; none when 0), default given; Qwen2-MoE's has a sigmoid gate.
    pub qwen_shared: Option<u64>,
    pub router_bias: bool,
    pub expert_bias: bool,
}

/// DeepSeek sparse attention's indexer defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IndexerDefaults {
    pub n_heads: u64,
    pub head_dim: u64,
    pub top_k: u64,
}

/// Multi-head latent attention defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MlaDefaults {
    pub q_lora_rank: Option<u64>,
    pub kv_lora_rank: u64,
    pub qk_rope_head_dim: u64,
    pub qk_nope_head_dim: u64,
    pub v_head_dim: u64,
}

/// State-space defaults of a family's config class (its Mamba or Mamba-2
/// layers); the spellings of their keys are in `build::hybrid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SsmDefaults {
    /// State size N.
    pub d_state: u64,
    /// Convolution width K.
    pub d_conv: u64,
    /// Inner width as a multiple of `d_model`.
    pub expand: u64,
    /// Mamba-2 heads (0 for Mamba).
    pub n_heads: u64,
    /// Mamba-2 head width; `None` is "auto", `expand·d_model / n_heads`.
    pub head_dim: Option<u64>,
    /// Mamba-2 groups.
    pub n_groups: u64,
    /// Mamba-2 chunk length.
    pub chunk: u64,
    pub conv_bias: bool,
    pub proj_bias: bool,
}

/// The config keys a family's own config class uses, for messages about defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Names {
    pub d_model: &'static str,
    pub n_layers: &'static str,
    pub n_heads: &'static str,
    pub n_kv_heads: &'static str,
    pub d_ff: &'static str,
    pub vocab: &'static str,
    pub context: &'static str,
    pub head_dim: &'static str,
}

const HF: Names = Names {
    d_model: "hidden_size",
    n_layers: "num_hidden_layers",
    n_heads: "num_attention_heads",
    n_kv_heads: "num_key_value_heads",
    d_ff: "intermediate_size",
    vocab: "vocab_size",
    context: "max_position_embeddings",
    head_dim: "head_dim",
};

const GPT2_NAMES: Names = Names {
    d_model: "n_embd",
    n_layers: "n_layer",
    n_heads: "n_head",
    d_ff: "n_inner",
    context: "n_positions",
    ..HF
};

/// Keys a family's config class spells its own way, beyond [`Names`]: a note
/// about a key left out names it as the family's config.json does (DeepSeek's
/// `n_routed_experts`, not `num_experts`). Each row is (the generic name the
/// builder asks for, the family's spelling, the families). Found by
/// `a_key_left_out_is_named_as_the_family_spells_it` against the keys
/// transformers writes for each class's default config.
const SPELLINGS: &[(&str, &str, &[Id])] = &[
    (
        "num_experts",
        "n_routed_experts",
        &[
            Id::Axk1,
            Id::Axk2,
            Id::DeepseekV2,
            Id::DeepseekV3,
            Id::DeepseekV32,
            Id::Dots3,
            Id::Glm4Moe,
            Id::Glm4MoeLite,
            Id::GlmMoeDsa,
            Id::HyV4,
            Id::KimiK2,
            Id::LongcatFlash,
            Id::MimoV2Flash,
            Id::SarvamMla,
            Id::SarvamMoe,
            Id::SolarOpen,
        ],
    ),
    (
        "num_experts",
        "num_local_experts",
        &[
            Id::GptOss,
            Id::GraniteMoe,
            Id::GraniteMoeSwa,
            Id::GraniteMoeShared,
            Id::JetMoe,
            Id::Kolibri1,
            Id::Llama4,
            Id::Mellum,
            Id::MiniMax,
            Id::MinimaxM2,
            Id::MiniMaxM3,
            Id::Mixtral,
            Id::Phimoe,
            Id::Qwen3Moe,
        ],
    ),
    (
        "num_experts",
        "moe_num_experts",
        &[Id::AriaText, Id::Ernie45Moe],
    ),
    ("num_experts", "ffn_config.moe_num_experts", &[Id::Dbrx]),
    ("num_experts_per_tok", "ffn_config.moe_top_k", &[Id::Dbrx]),
    ("num_experts_per_tok", "moe_k", &[Id::Ernie45Moe]),
    (
        "num_experts_per_tok",
        "moe_topk",
        &[Id::AriaText, Id::LongcatFlash, Id::HunyuanMoe],
    ),
    (
        "num_experts_per_tok",
        "num_experts_per_token",
        &[Id::BailingHybrid, Id::KimiLinear],
    ),
    (
        "n_shared_experts",
        "moe_num_shared_experts",
        &[Id::AriaText, Id::Ernie45Moe],
    ),
    (
        "n_shared_experts",
        "num_shared_experts",
        &[
            Id::Afmoe,
            Id::BailingHybrid,
            Id::ExaoneMoe,
            Id::HyV3,
            Id::KimiLinear,
        ],
    ),
    (
        "moe_intermediate_size",
        "expert_ffn_hidden_size",
        &[Id::LongcatFlash],
    ),
    (
        "first_k_dense_replace",
        "mlp_layer_types",
        &[Id::Axk1, Id::Axk2, Id::Dots3, Id::KimiLinear],
    ),
    ("first_k_dense_replace", "num_dense_layers", &[Id::Afmoe]),
];

/// How `family` spells the key the builder calls `generic`.
pub(crate) fn spelling(family: Id, generic: &str) -> Option<&'static str> {
    SPELLINGS
        .iter()
        .find(|(g, _, ids)| *g == generic && ids.contains(&family))
        .map(|(_, spelled, _)| *spelled)
}

/// One family's defaults and structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Family {
    pub id: Id,
    /// `model_type` values (and `architectures` prefixes are in [`ARCHITECTURES`]).
    pub types: &'static [&'static str],
    /// The transformers config class whose defaults apply.
    pub class: &'static str,
    pub names: Names,
    pub d_model: Option<u64>,
    pub n_layers: Option<u64>,
    pub n_heads: Option<u64>,
    /// `None`: equal to `n_heads`.
    pub n_kv_heads: Option<u64>,
    pub head_dim: HeadDim,
    pub d_ff: DFf,
    pub vocab: Option<u64>,
    pub context: Option<u64>,
    pub tied: bool,
    pub norm: NormKind,
    pub qkv_bias: Bias,
    pub o_bias: Bias,
    pub mlp_bias: Bias,
    pub head_bias: Bias,
    pub gated: bool,
    /// Learned absolute positions: rows = context + this offset.
    pub learned_positions: Option<u64>,
    pub norms_per_layer: u64,
    pub parallel: bool,
    /// The modeling code reads a key/value head count (grouped-query attention).
    pub gqa: bool,
    pub qk_norm: Option<QkNorm>,
    pub window: Window,
    pub moe: Option<MoeDefaults>,
    pub mla: Option<MlaDefaults>,
    pub sinks: bool,
    pub embed_norm: bool,
    /// Only remote code implements it (no in-library model to check against).
    pub remote_code: bool,
    /// A DeepSeek-sparse-attention indexer on the attention layers.
    pub indexer: Option<IndexerDefaults>,
    /// A sigmoid gate on every attention output.
    pub attn_gate: Option<AttnGate>,
    /// The modeling code reads `mlp_layer_types` ("dense"/"sparse" per layer) before
    /// falling back to `moe.placement`.
    pub mlp_layer_types: bool,
    /// The token mixer of the layers that are not softmax attention.
    pub linear: Option<LinearMixer>,
    /// A state-space or hybrid family, built by `build::hybrid`.
    pub ssm: Option<SsmDefaults>,
}

const BASE: Family = Family {
    id: Id::Generic,
    types: &[],
    class: "",
    names: HF,
    d_model: None,
    n_layers: None,
    n_heads: None,
    n_kv_heads: None,
    head_dim: HeadDim::KeyOrDerived,
    d_ff: DFf::Required,
    vocab: None,
    context: None,
    tied: false,
    norm: NormKind::Rms,
    qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
    o_bias: Bias::Key(BiasKey::AttentionBias, false),
    mlp_bias: Bias::Key(BiasKey::MlpBias, false),
    head_bias: Bias::Fixed(false),
    gated: true,
    learned_positions: None,
    norms_per_layer: 2,
    parallel: false,
    gqa: true,
    qk_norm: None,
    window: Window::Never,
    moe: None,
    mla: None,
    sinks: false,
    embed_norm: false,
    remote_code: false,
    indexer: None,
    attn_gate: None,
    mlp_layer_types: false,
    linear: None,
    ssm: None,
};

/// Mamba (`MambaConfig`): Mamba blocks only (a norm and a mixer, no MLP).
const MAMBA: Family = Family {
    id: Id::Mamba,
    types: &["mamba"],
    class: "MambaConfig",
    d_model: Some(768),
    n_layers: Some(32),
    vocab: Some(50280),
    tied: true,
    ssm: Some(SsmDefaults {
        d_state: 16,
        d_conv: 4,
        expand: 2,
        n_heads: 0,
        head_dim: None,
        n_groups: 1,
        chunk: 0,
        conv_bias: true,
        proj_bias: false,
    }),
    ..BASE
};

/// Llama-style decoders share these; each family overrides what differs.
const LLAMA: Family = Family {
    id: Id::Llama,
    types: &["llama"],
    class: "LlamaConfig",
    d_model: Some(4096),
    n_layers: Some(32),
    n_heads: Some(32),
    d_ff: DFf::Value(11008),
    vocab: Some(32000),
    context: Some(2048),
    ..BASE
};

/// GLM: Llama-style, with `attention_bias` on q, k and v only; GLM-4 adds
/// sandwich norms.
const GLM: Family = Family {
    id: Id::Glm,
    types: &["glm"],
    class: "GlmConfig",
    d_model: Some(4096),
    n_layers: Some(40),
    n_heads: Some(32),
    n_kv_heads: Some(2),
    head_dim: HeadDim::KeyOr(128),
    d_ff: DFf::Value(13696),
    vocab: Some(151552),
    context: Some(131072),
    // `attention_bias` covers q, k and v; the output projection has none.
    qkv_bias: Bias::Key(BiasKey::AttentionBias, true),
    o_bias: Bias::Fixed(false),
    mlp_bias: Bias::Fixed(false),
    ..LLAMA
};

/// Cohere (Command R): parallel attention and MLP behind one norm; Cohere2
/// differs only in its head width default.
const COHERE: Family = Family {
    id: Id::Cohere,
    types: &["cohere"],
    class: "CohereConfig",
    d_model: Some(8192),
    n_layers: Some(40),
    n_heads: Some(64),
    // CohereConfig: as many key/value heads as query heads (LLAMA's `None`).
    d_ff: DFf::Value(22528),
    vocab: Some(256000),
    context: Some(8192),
    tied: true,
    // CohereLayerNorm: a scale, no bias; one input norm for the parallel block.
    norm: NormKind::LayerNormNoBias,
    norms_per_layer: 1,
    parallel: true,
    // CohereConfig has no `mlp_bias`: the MLP never has biases.
    mlp_bias: Bias::Fixed(false),
    ..LLAMA
};

/// Mistral: Llama's structure without biases, every layer sliding when
/// `sliding_window` is set; Ministral shares it.
const MISTRAL: Family = Family {
    id: Id::Mistral,
    types: &["mistral"],
    class: "MistralConfig",
    n_kv_heads: Some(8),
    d_ff: DFf::Value(14336),
    context: Some(131072),
    qkv_bias: Bias::Fixed(false),
    o_bias: Bias::Fixed(false),
    mlp_bias: Bias::Fixed(false),
    window: Window::All(Some(4096)),
    ..LLAMA
};

/// Apertus: Llama attention with query/key RMSNorms, a plain up/down MLP with
/// xIELU (two learned scalars per MLP), no MLP biases.
const APERTUS: Family = Family {
    id: Id::Apertus,
    types: &["apertus"],
    class: "ApertusConfig",
    d_model: Some(4096),
    n_layers: Some(32),
    n_heads: Some(32),
    n_kv_heads: None,
    d_ff: DFf::Value(14336),
    vocab: Some(131072),
    context: Some(65536),
    mlp_bias: Bias::Fixed(false),
    gated: false,
    qk_norm: Some(QkNorm::PerHead),
    ..LLAMA
};

/// Gemma 4's language model: sandwich norms, query/key norms, sliding layers with
/// full ones every sixth (the last always full) and wider heads there, optional
/// per-layer inputs, KV sharing and a mixture of experts beside the MLP.
const GEMMA4: Family = Family {
    id: Id::Gemma4,
    types: &["gemma4_text", "gemma4"],
    class: "Gemma4TextConfig",
    d_model: Some(2304),
    n_layers: Some(30),
    n_heads: Some(8),
    n_kv_heads: Some(4),
    head_dim: HeadDim::KeyOr(256),
    d_ff: DFf::Value(9216),
    vocab: Some(262144),
    context: Some(131072),
    tied: true,
    mlp_bias: Bias::Fixed(false),
    norms_per_layer: 4,
    qk_norm: Some(QkNorm::PerHead),
    window: Window::Pattern(512, 6),
    ..LLAMA
};

const DEEPSEEK_V3_MOE: MoeDefaults = MoeDefaults {
    n_experts: 256,
    top_k: Some(8),
    width: ExpertWidth::MoeKey(2048),
    placement: Placement::FirstKDense,
    first_k_dense: 3,
    n_shared: 1,
    qwen_shared: None,
    router_bias: false,
    expert_bias: false,
};

const DEEPSEEK_V3: Family = Family {
    id: Id::DeepseekV3,
    types: &["deepseek_v3"],
    class: "DeepseekV3Config",
    d_model: Some(7168),
    n_layers: Some(61),
    n_heads: Some(128),
    n_kv_heads: Some(128),
    d_ff: DFf::Value(18432),
    vocab: Some(129280),
    context: Some(4096),
    mlp_bias: Bias::Fixed(false),
    moe: Some(DEEPSEEK_V3_MOE),
    mla: Some(MlaDefaults {
        q_lora_rank: Some(1536),
        kv_lora_rank: 512,
        qk_rope_head_dim: 64,
        qk_nope_head_dim: 128,
        v_head_dim: 128,
    }),
    ..LLAMA
};

/// Qwen3-Next: Gated DeltaNet layers and gated softmax attention (3:1 by
/// default), a Qwen-MoE block with a gated shared expert; Qwen3.5 derives
/// from it.
const QWEN3_NEXT: Family = Family {
    id: Id::Qwen3Next,
    types: &["qwen3_next"],
    class: "Qwen3NextConfig",
    d_model: Some(2048),
    n_layers: Some(48),
    n_heads: Some(16),
    n_kv_heads: Some(2),
    head_dim: HeadDim::KeyOr(256),
    d_ff: DFf::Value(5632),
    vocab: Some(151936),
    context: Some(32768),
    mlp_bias: Bias::Fixed(false),
    qk_norm: Some(QkNorm::PerHead),
    attn_gate: Some(QPROJ_GATE),
    moe: Some(MoeDefaults {
        n_experts: 512,
        top_k: Some(10),
        width: ExpertWidth::MoeKey(512),
        placement: Placement::SparseStep,
        first_k_dense: 0,
        n_shared: 0,
        qwen_shared: Some(512),
        router_bias: false,
        expert_bias: false,
    }),
    linear: Some(LinearMixer::QwenDelta),
    ..LLAMA
};

/// LFM2: gated short convolutions and GQA attention with query/key norms,
/// the final norm named `embedding_norm`; LFM2-MoE and LFM3 derive from it.
const LFM2: Family = Family {
    id: Id::Lfm2,
    types: &["lfm2"],
    class: "Lfm2Config",
    d_model: Some(2560),
    n_layers: Some(32),
    n_heads: Some(32),
    n_kv_heads: Some(8),
    d_ff: DFf::Value(12288),
    vocab: Some(65536),
    context: Some(128000),
    tied: true,
    qkv_bias: Bias::Fixed(false),
    o_bias: Bias::Fixed(false),
    mlp_bias: Bias::Fixed(false),
    qk_norm: Some(QkNorm::PerHead),
    linear: Some(LinearMixer::ShortConv),
    ..LLAMA
};

/// GPT-2: learned positions, LayerNorm, biases everywhere, a plain MLP.
const GPT2: Family = Family {
    id: Id::Gpt2,
    gqa: false,
    types: &["gpt2", "gpt-sw3"],
    class: "GPT2Config",
    names: GPT2_NAMES,
    d_model: Some(768),
    n_layers: Some(12),
    n_heads: Some(12),
    head_dim: HeadDim::Derived,
    d_ff: DFf::TimesDModel(4),
    vocab: Some(50257),
    context: Some(1024),
    tied: true,
    norm: NormKind::LayerNorm,
    qkv_bias: Bias::Fixed(true),
    o_bias: Bias::Fixed(true),
    mlp_bias: Bias::Fixed(true),
    gated: false,
    learned_positions: Some(0),
    ..BASE
};

/// GPT-J: parallel attention and MLP behind one LayerNorm, an output head with a bias.
const GPTJ: Family = Family {
    id: Id::Gptj,
    gqa: false,
    types: &["gptj"],
    class: "GPTJConfig",
    names: GPT2_NAMES,
    d_model: Some(4096),
    n_layers: Some(28),
    n_heads: Some(16),
    head_dim: HeadDim::Derived,
    d_ff: DFf::TimesDModel(4),
    vocab: Some(50400),
    context: Some(2048),
    norm: NormKind::LayerNorm,
    qkv_bias: Bias::Fixed(false),
    o_bias: Bias::Fixed(false),
    mlp_bias: Bias::Fixed(true),
    head_bias: Bias::Fixed(true),
    gated: false,
    norms_per_layer: 1,
    parallel: true,
    ..BASE
};

/// Gemma 2: sandwich norms, alternating sliding and full attention.
const GEMMA2: Family = Family {
    id: Id::Gemma2,
    types: &["gemma2"],
    class: "Gemma2Config",
    d_model: Some(2304),
    n_layers: Some(26),
    n_heads: Some(8),
    n_kv_heads: Some(4),
    head_dim: HeadDim::KeyOr(256),
    d_ff: DFf::Value(9216),
    vocab: Some(256000),
    context: Some(8192),
    tied: true,
    mlp_bias: Bias::Fixed(false),
    norms_per_layer: 4,
    window: Window::Alternate(4096),
    ..LLAMA
};

/// DeepSeek-V3.2: DeepSeek-V3 with a sparse-attention indexer on every layer and
/// `mlp_layer_types`; GLM-5 and HY-V4 share its indexer.
const DEEPSEEK_V32: Family = Family {
    id: Id::DeepseekV32,
    types: &["deepseek_v32"],
    class: "DeepseekV32Config",
    context: Some(163840),
    indexer: Some(IndexerDefaults {
        n_heads: 64,
        head_dim: 128,
        top_k: 2048,
    }),
    mlp_layer_types: true,
    ..DEEPSEEK_V3
};

/// GLM-4.5 (`glm4_moe`): GQA with `attention_bias` on q, k and v, optional
/// per-head query/key norms, DeepSeek-style shared experts after
/// `first_k_dense_replace` dense layers. Sarvam-M derives from it.
const GLM4_MOE: Family = Family {
    id: Id::Glm4Moe,
    types: &["glm4_moe"],
    class: "Glm4MoeConfig",
    d_model: Some(4096),
    n_layers: Some(46),
    n_heads: Some(96),
    n_kv_heads: Some(8),
    head_dim: HeadDim::KeyOrFloor,
    d_ff: DFf::Value(10944),
    vocab: Some(151552),
    context: Some(131072),
    qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
    o_bias: Bias::Fixed(false),
    mlp_bias: Bias::Fixed(false),
    moe: Some(MoeDefaults {
        n_experts: 128,
        top_k: Some(8),
        width: ExpertWidth::MoeKey(1408),
        placement: Placement::FirstKDense,
        first_k_dense: 1,
        n_shared: 1,
        qwen_shared: None,
        router_bias: false,
        expert_bias: false,
    }),
    ..LLAMA
};

/// GraniteMoE-Shared: Mixtral-style experts of `intermediate_size`, `attention_bias`
/// on all four projections, and a shared MLP of `shared_intermediate_size` (none
/// when 0). GraniteMoE-SWA adds sinks and sliding windows.
const GRANITE_MOE_SHARED: Family = Family {
    id: Id::GraniteMoeShared,
    types: &["granitemoeshared"],
    class: "GraniteMoeSharedConfig",
    d_model: Some(4096),
    n_layers: Some(32),
    n_heads: Some(32),
    n_kv_heads: None,
    d_ff: DFf::Value(11008),
    vocab: Some(32000),
    context: Some(2048),
    mlp_bias: Bias::Fixed(false),
    moe: Some(MoeDefaults {
        n_experts: 8,
        top_k: Some(2),
        width: ExpertWidth::Intermediate,
        placement: Placement::Every,
        first_k_dense: 0,
        n_shared: 0,
        qwen_shared: Some(0),
        router_bias: false,
        expert_bias: false,
    }),
    ..LLAMA
};

/// A DeepSeek-style mixture of experts: `n_experts` routed experts of
/// `moe_intermediate_size`, top-k, `n_shared` shared experts of the same width.
const fn deepseek_style_moe(
    n_experts: u64,
    top_k: u64,
    width: u64,
    placement: Placement,
    first_k_dense: u64,
    n_shared: u64,
) -> MoeDefaults {
    MoeDefaults {
        n_experts,
        top_k: Some(top_k),
        width: ExpertWidth::MoeKey(width),
        placement,
        first_k_dense,
        n_shared,
        qwen_shared: None,
        router_bias: false,
        expert_bias: false,
    }
}

/// Multi-head latent attention with a query LoRA.
const fn mla_defaults(
    q_lora_rank: u64,
    kv_lora_rank: u64,
    qk_rope_head_dim: u64,
    qk_nope_head_dim: u64,
    v_head_dim: u64,
) -> MlaDefaults {
    MlaDefaults {
        q_lora_rank: Some(q_lora_rank),
        kv_lora_rank,
        qk_rope_head_dim,
        qk_nope_head_dim,
        v_head_dim,
    }
}

/// A gate per output channel, no bias.
const CHANNEL_GATE: AttnGate = AttnGate {
    per_head: false,
    head_bias: false,
    from_query_latent: false,
    bias: false,
};

/// A gate per output channel that is the second half of `q_proj` (Qwen3-Next,
/// Qwen3.5, Qwen4-Exp, HRM): it shares the query's bias, so `build` keeps
/// `bias` only where `attention_bias` is set.
const QPROJ_GATE: AttnGate = AttnGate {
    bias: true,
    ..CHANNEL_GATE
};

/// A gate per head from its own `Linear(d, H)` without bias (LFM3, Ling).
const HEAD_GATE: AttnGate = AttnGate {
    per_head: true,
    ..CHANNEL_GATE
};

/// Every family flopcast knows.
pub(crate) const FAMILIES: &[Family] = &[
    Family {
        id: Id::Biogpt,
        gqa: false,
        types: &["biogpt"],
        class: "BioGptConfig",
        d_model: Some(1024),
        n_layers: Some(24),
        n_heads: Some(16),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(4096),
        vocab: Some(42384),
        context: Some(1024),
        tied: true,
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Fixed(true),
        o_bias: Bias::Fixed(true),
        mlp_bias: Bias::Fixed(true),
        gated: false,
        // OPT's learned positions: two rows beyond the context.
        learned_positions: Some(2),
        ..BASE
    },
    Family {
        id: Id::Codegen,
        types: &["codegen"],
        class: "CodeGenConfig",
        // GPT-J's structure and defaults.
        ..GPTJ
    },
    Family {
        id: Id::Ctrl,
        types: &["ctrl"],
        class: "CTRLConfig",
        names: Names {
            d_ff: "dff",
            ..GPT2_NAMES
        },
        d_model: Some(1280),
        n_layers: Some(48),
        n_heads: Some(16),
        d_ff: DFf::Value(8192),
        vocab: Some(246534),
        context: Some(256),
        // Sinusoidal positions (no weights); the tied head keeps its own bias.
        learned_positions: None,
        head_bias: Bias::Fixed(true),
        ..GPT2
    },
    Family {
        id: Id::Cwm,
        types: &["cwm"],
        class: "CwmConfig",
        d_model: Some(6144),
        n_layers: Some(64),
        n_heads: Some(48),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(21504),
        vocab: Some(128256),
        context: Some(131072),
        // Qwen2's attention with the q/k/v biases removed.
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        window: Window::FullEvery(8192, 4),
        ..LLAMA
    },
    Family {
        id: Id::Emu3,
        types: &["emu3_text_model", "emu3"],
        class: "Emu3TextConfig",
        n_kv_heads: Some(8),
        d_ff: DFf::Value(14336),
        vocab: Some(184622),
        context: Some(9216),
        // Emu3TextConfig's `attention_bias` and `mlp_bias` are class attributes
        // (False), not fields it writes, but a config that sets them gets the
        // biases, as Llama's (PyTorch: +327,680 and +1,048,576 on the default).
        ..LLAMA
    },
    Family {
        id: Id::Exaone,
        types: &["exaone"],
        class: "ExaoneConfig",
        // transformers runs EXAONE 3 with the Llama implementation.
        n_kv_heads: Some(8),
        d_ff: DFf::Value(14336),
        vocab: Some(102400),
        context: Some(4096),
        ..LLAMA
    },
    GPT2,
    Family {
        id: Id::GptBigcode,
        types: &["gpt_bigcode"],
        class: "GPTBigCodeConfig",
        // GPT-2 with multi-query attention (`multi_query`, on by default).
        ..GPT2
    },
    Family {
        id: Id::GptNeo,
        types: &["gpt_neo"],
        class: "GPTNeoConfig",
        names: Names {
            n_layers: "num_layers",
            n_heads: "num_heads",
            ..HF
        },
        d_model: Some(2048),
        n_layers: Some(24),
        n_heads: Some(16),
        vocab: Some(50257),
        context: Some(2048),
        // q, k and v have no bias; the output projection does. Layers are global
        // or local (a window of `window_size`) as `attention_types` lists them.
        qkv_bias: Bias::Fixed(false),
        ..GPT2
    },
    Family {
        id: Id::GptNeox,
        gqa: false,
        types: &["gpt_neox"],
        class: "GPTNeoXConfig",
        d_model: Some(6144),
        n_layers: Some(44),
        n_heads: Some(64),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(24576),
        vocab: Some(50432),
        context: Some(2048),
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Key(BiasKey::AttentionBias, true),
        o_bias: Bias::Key(BiasKey::AttentionBias, true),
        mlp_bias: Bias::Fixed(true),
        gated: false,
        parallel: true,
        ..BASE
    },
    Family {
        id: Id::GptNeoxJapanese,
        gqa: false,
        types: &["gpt_neox_japanese"],
        class: "GPTNeoXJapaneseConfig",
        names: Names {
            d_ff: "intermediate_multiple_size",
            ..HF
        },
        d_model: Some(2560),
        n_layers: Some(32),
        n_heads: Some(32),
        head_dim: HeadDim::Derived,
        // `intermediate_multiple_size` × d_model.
        d_ff: DFf::TimesDModel(4),
        vocab: Some(32000),
        context: Some(2048),
        tied: true,
        norm: NormKind::LayerNorm,
        // No biases, except the last layer's attention output.
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        gated: false,
        ..BASE
    },
    GPTJ,
    Family {
        id: Id::GraniteMoe,
        types: &["granitemoe"],
        class: "GraniteMoeConfig",
        // Llama's attention (`attention_bias` on q, k, v and o), experts of
        // `intermediate_size` in every layer, no dense MLP; the multipliers carry no
        // weights.
        n_kv_heads: None,
        mlp_bias: Bias::Fixed(false),
        moe: Some(MoeDefaults {
            n_experts: 8,
            top_k: Some(2),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Internlm3,
        types: &["internlm3"],
        class: "InternLM3Config",
        // The Llama implementation; InternLM3's configs write `qkv_bias` and `bias`
        // for `attention_bias` and `mlp_bias`.
        d_model: Some(4096),
        n_layers: Some(48),
        n_heads: Some(32),
        n_kv_heads: Some(2),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(10240),
        vocab: Some(128512),
        context: Some(32768),
        qkv_bias: Bias::Key(BiasKey::AttentionOrQkvBias, false),
        o_bias: Bias::Key(BiasKey::AttentionOrQkvBias, false),
        mlp_bias: Bias::Key(BiasKey::MlpOrBias, false),
        ..LLAMA
    },
    Family {
        id: Id::Iquestcoder,
        types: &["iquestcoder"],
        class: "IQuestCoderConfig",
        // The Llama implementation.
        d_model: Some(5120),
        n_layers: Some(80),
        n_heads: Some(40),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(27648),
        vocab: Some(76800),
        context: Some(131072),
        ..LLAMA
    },
    Family {
        id: Id::Minicpm3,
        types: &["minicpm3"],
        class: "MiniCPM3Config",
        d_model: Some(2560),
        n_layers: Some(62),
        n_heads: Some(40),
        n_kv_heads: Some(40),
        d_ff: DFf::Value(6400),
        vocab: Some(73448),
        context: Some(32768),
        tied: true,
        // DeepSeek-V2's latent attention; `v_head_dim` defaults to d_model / heads.
        mla: Some(MlaDefaults {
            q_lora_rank: Some(768),
            kv_lora_rank: 256,
            qk_rope_head_dim: 32,
            qk_nope_head_dim: 64,
            v_head_dim: 0,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Ministral3,
        types: &["ministral3"],
        class: "Ministral3Config",
        // Mistral's structure, with no window unless `sliding_window` sets one.
        n_layers: Some(34),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(14336),
        vocab: Some(131072),
        context: Some(262144),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        window: Window::All(None),
        ..LLAMA
    },
    Family {
        id: Id::Mpt,
        gqa: false,
        types: &["mpt"],
        class: "MptConfig",
        names: Names {
            d_model: "d_model",
            n_layers: "n_layers",
            n_heads: "n_heads",
            d_ff: "expansion_ratio",
            context: "max_seq_len",
            ..HF
        },
        d_model: Some(2048),
        n_layers: Some(24),
        n_heads: Some(16),
        head_dim: HeadDim::Derived,
        // transformers' MPT: a 4·d_model MLP, no biases, LayerNorms without bias,
        // ALiBi (no position table) and multi-head attention, whatever
        // `expansion_ratio`, `no_bias`, `learned_pos_emb` and `attn_config` say.
        d_ff: DFf::AlwaysTimesDModel(4),
        vocab: Some(50368),
        context: Some(2048),
        tied: true,
        norm: NormKind::LayerNormNoBias,
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        gated: false,
        ..BASE
    },
    Family {
        id: Id::OpenaiGpt,
        types: &["openai-gpt"],
        class: "OpenAIGPTConfig",
        d_model: Some(768),
        n_layers: Some(12),
        n_heads: Some(12),
        // GPT-1: post-norm blocks with no final norm, and always a 4·d_model MLP.
        d_ff: DFf::AlwaysTimesDModel(4),
        vocab: Some(40478),
        context: Some(512),
        ..GPT2
    },
    Family {
        id: Id::Opt,
        gqa: false,
        types: &["opt"],
        class: "OPTConfig",
        names: Names {
            d_ff: "ffn_dim",
            ..HF
        },
        d_model: Some(768),
        n_layers: Some(12),
        n_heads: Some(12),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(3072),
        vocab: Some(50272),
        context: Some(2048),
        tied: true,
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Key(BiasKey::EnableBias, true),
        o_bias: Bias::Key(BiasKey::EnableBias, true),
        mlp_bias: Bias::Key(BiasKey::EnableBias, true),
        gated: false,
        learned_positions: Some(2),
        ..BASE
    },
    Family {
        id: Id::Bamba,
        types: &["bamba"],
        class: "BambaConfig",
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: Some(8),
        d_ff: DFf::Value(14336),
        vocab: Some(128000),
        context: Some(262144),
        // Mamba-2 layers, with attention where `attn_layer_indices` says;
        // every layer has a gated MLP.
        ssm: Some(SsmDefaults {
            d_state: 256,
            d_conv: 4,
            expand: 2,
            n_heads: 128,
            head_dim: None,
            n_groups: 1,
            chunk: 256,
            conv_bias: true,
            proj_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Bloom,
        gqa: false,
        types: &["bloom"],
        class: "BloomConfig",
        names: Names {
            n_layers: "n_layer",
            n_heads: "n_head",
            context: "seq_length",
            ..HF
        },
        d_model: Some(64),
        n_layers: Some(2),
        n_heads: Some(8),
        head_dim: HeadDim::Derived,
        d_ff: DFf::AlwaysTimesDModel(4),
        vocab: Some(250880),
        context: Some(2048),
        tied: true,
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Fixed(true),
        o_bias: Bias::Fixed(true),
        mlp_bias: Bias::Fixed(true),
        gated: false,
        embed_norm: true,
        ..BASE
    },
    Family {
        id: Id::BailingHybrid,
        types: &["bailing_hybrid"],
        class: "BailingHybridConfig",
        names: Names {
            context: "model_max_length",
            ..HF
        },
        d_model: Some(2560),
        n_layers: Some(42),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        d_ff: DFf::Value(6144),
        vocab: Some(157184),
        context: Some(262144),
        // MLA with a sigmoid gate per head on its output, every
        // `layer_group_size`-th layer; Kimi Delta Attention elsewhere.
        attn_gate: Some(HEAD_GATE),
        moe: Some(MoeDefaults {
            n_experts: 512,
            top_k: Some(8),
            width: ExpertWidth::MoeKey(768),
            placement: Placement::FirstKDense,
            first_k_dense: 2,
            n_shared: 1,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        mla: Some(MlaDefaults {
            q_lora_rank: None,
            kv_lora_rank: 512,
            qk_rope_head_dim: 64,
            qk_nope_head_dim: 128,
            v_head_dim: 128,
        }),
        linear: Some(LinearMixer::LingDelta),
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::Falcon,
        types: &["falcon", "RefinedWeb", "RefinedWebModel"],
        class: "FalconConfig",
        names: Names {
            n_kv_heads: "num_kv_heads",
            d_ff: "ffn_hidden_size",
            ..HF
        },
        d_model: Some(4544),
        n_layers: Some(32),
        n_heads: Some(71),
        head_dim: HeadDim::Derived,
        d_ff: DFf::TimesDModel(4),
        vocab: Some(65024),
        context: Some(2048),
        tied: true,
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Key(BiasKey::Bias, false),
        o_bias: Bias::Key(BiasKey::Bias, false),
        mlp_bias: Bias::Key(BiasKey::Bias, false),
        gated: false,
        parallel: true,
        ..BASE
    },
    LLAMA,
    MAMBA,
    Family {
        id: Id::FalconH1,
        types: &["falcon_h1"],
        class: "FalconH1Config",
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: Some(8),
        d_ff: DFf::Value(14336),
        vocab: Some(128000),
        context: Some(8192),
        // Every layer runs attention and a Mamba-2 mixer side by side on the
        // same normed input, then a gated MLP.
        ssm: Some(SsmDefaults {
            d_state: 256,
            d_conv: 4,
            expand: 2,
            n_heads: 128,
            head_dim: None,
            n_groups: 1,
            chunk: 256,
            conv_bias: true,
            proj_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::FalconMamba,
        types: &["falcon_mamba"],
        class: "FalconMambaConfig",
        // Mamba's structure; its RMSNorms on Δ, B and C have no weights.
        ..MAMBA
    },
    Family {
        id: Id::Mamba2,
        types: &["mamba2"],
        class: "Mamba2Config",
        d_model: Some(4096),
        n_layers: Some(64),
        vocab: Some(32768),
        ssm: Some(SsmDefaults {
            d_state: 128,
            d_conv: 4,
            expand: 2,
            n_heads: 128,
            head_dim: Some(64),
            n_groups: 8,
            chunk: 256,
            conv_bias: true,
            proj_bias: false,
        }),
        ..BASE
    },
    MISTRAL,
    Family {
        id: Id::Mixtral,
        types: &["mixtral"],
        class: "MixtralConfig",
        n_kv_heads: Some(8),
        d_ff: DFf::Value(14336),
        context: Some(131072),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        window: Window::All(None),
        moe: Some(MoeDefaults {
            n_experts: 8,
            top_k: Some(2),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::MiniMax,
        types: &["minimax"],
        class: "MiniMaxConfig",
        n_kv_heads: Some(8),
        d_ff: DFf::Value(14336),
        context: Some(131072),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        window: Window::All(None),
        moe: Some(MoeDefaults {
            n_experts: 8,
            top_k: Some(2),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        linear: Some(LinearMixer::Lightning),
        ..LLAMA
    },
    Family {
        id: Id::Zaya,
        types: &["zaya"],
        class: "ZayaConfig",
        // CCA attention (convolved queries and keys, a delayed value half,
        // learned key scales), an MoE in every layer routed by an MLP that
        // carries its state from layer to layer (a skip expert among its
        // outputs), residual scales and biases around both blocks (see `build`).
        d_model: Some(2048),
        n_layers: Some(40),
        n_heads: Some(8),
        n_kv_heads: Some(2),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Required,
        vocab: Some(262272),
        context: Some(131072),
        tied: true,
        qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
        o_bias: Bias::Key(BiasKey::AttentionBias, false),
        mlp_bias: Bias::Fixed(false),
        head_bias: Bias::Key(BiasKey::LmHeadBias, false),
        moe: Some(MoeDefaults {
            n_experts: 16,
            top_k: Some(1),
            width: ExpertWidth::MoeKey(2048),
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::MiniMaxM3,
        types: &["minimax_m3_vl_text", "minimax_m3_vl"],
        class: "MiniMaxM3VLTextConfig",
        // GQA with per-head query/key norms, no biases; `layer_types` puts a
        // lightning indexer on its `minimax_m3_sparse` layers (see `build`);
        // `mlp_layer_types` picks a MoE (experts of `intermediate_size`, one
        // shared expert of `shared_intermediate_size`, a sigmoid router whose
        // correction bias is a buffer) or a dense MLP of `dense_intermediate_size`.
        d_model: Some(6144),
        n_layers: Some(60),
        n_heads: Some(64),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(3072),
        vocab: Some(200064),
        context: Some(524288),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        moe: Some(MoeDefaults {
            n_experts: 128,
            top_k: Some(4),
            width: ExpertWidth::Intermediate,
            placement: Placement::LayerTypes,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Qwen2,
        types: &["qwen2"],
        class: "Qwen2Config",
        n_kv_heads: Some(32),
        d_ff: DFf::Value(22016),
        vocab: Some(151936),
        context: Some(32768),
        qkv_bias: Bias::Fixed(true),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        window: Window::QwenFrom,
        ..LLAMA
    },
    Family {
        id: Id::Qwen2Moe,
        types: &["qwen2_moe"],
        class: "Qwen2MoeConfig",
        d_model: Some(2048),
        n_layers: Some(24),
        n_heads: Some(16),
        n_kv_heads: Some(16),
        d_ff: DFf::Value(5632),
        vocab: Some(151936),
        context: Some(32768),
        qkv_bias: Bias::Key(BiasKey::QkvBias, true),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        window: Window::QwenMoeEven,
        moe: Some(MoeDefaults {
            n_experts: 60,
            top_k: Some(4),
            width: ExpertWidth::MoeKey(1408),
            placement: Placement::SparseStep,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: Some(5632),
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Qwen3,
        types: &["qwen3"],
        class: "Qwen3Config",
        n_kv_heads: Some(32),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(22016),
        vocab: Some(151936),
        context: Some(32768),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        window: Window::QwenFrom,
        ..LLAMA
    },
    Family {
        id: Id::Qwen3Moe,
        types: &["qwen3_moe"],
        class: "Qwen3MoeConfig",
        d_model: Some(2048),
        n_layers: Some(24),
        n_heads: Some(32),
        n_kv_heads: Some(4),
        d_ff: DFf::Value(6144),
        vocab: Some(151936),
        context: Some(32768),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        window: Window::QwenAll,
        moe: Some(MoeDefaults {
            n_experts: 128,
            top_k: Some(8),
            width: ExpertWidth::MoeKey(768),
            placement: Placement::SparseStep,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    QWEN3_NEXT,
    Family {
        id: Id::Qwen35,
        types: &["qwen3_5_text", "qwen3_5"],
        class: "Qwen3_5TextConfig",
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(16),
        n_kv_heads: Some(4),
        d_ff: DFf::Value(12288),
        vocab: Some(248320),
        moe: None,
        ..QWEN3_NEXT
    },
    Family {
        id: Id::Qwen35Moe,
        types: &["qwen3_5_moe_text", "qwen3_5_moe"],
        class: "Qwen3_5MoeTextConfig",
        n_layers: Some(40),
        // No dense layers: every layer holds the experts.
        d_ff: DFf::Required,
        vocab: Some(248320),
        moe: Some(MoeDefaults {
            n_experts: 256,
            top_k: Some(8),
            width: ExpertWidth::MoeKey(512),
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: Some(512),
            router_bias: false,
            expert_bias: false,
        }),
        ..QWEN3_NEXT
    },
    Family {
        id: Id::Qwen4Exp,
        types: &["qwen4_exp_text", "qwen4_exp"],
        class: "Qwen4ExpTextConfig",
        n_layers: Some(40),
        // Qwen3.5-MoE's layers under hyper-connections (`hc_count` residual
        // streams mixed by low-rank gated residuals, no layer norms, no final
        // norm), a QSA indexer on every attention layer and optional per-layer
        // n-gram embeddings (see `build`).
        d_ff: DFf::Required,
        vocab: Some(248320),
        norms_per_layer: 0,
        moe: Some(MoeDefaults {
            n_experts: 512,
            top_k: Some(10),
            width: ExpertWidth::MoeKey(512),
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: Some(512),
            router_bias: false,
            expert_bias: false,
        }),
        ..QWEN3_NEXT
    },
    Family {
        id: Id::LaraMini,
        types: &["lara_mini"],
        class: "LaraMiniConfig",
        d_model: Some(1024),
        n_layers: Some(34),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(128),
        // Every layer holds the experts, with an ungated shared expert; the
        // attention (sliding, or global without RoPE) has no output gate.
        d_ff: DFf::Required,
        context: Some(131072),
        tied: true,
        attn_gate: None,
        window: Window::All(Some(512)),
        moe: Some(MoeDefaults {
            n_experts: 128,
            top_k: Some(4),
            width: ExpertWidth::MoeKey(512),
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: Some(512),
            router_bias: false,
            expert_bias: false,
        }),
        ..QWEN3_NEXT
    },
    Family {
        id: Id::Gemma,
        types: &["gemma"],
        class: "GemmaConfig",
        d_model: Some(3072),
        n_layers: Some(28),
        n_heads: Some(16),
        n_kv_heads: Some(16),
        head_dim: HeadDim::KeyOr(256),
        d_ff: DFf::Value(24576),
        vocab: Some(256000),
        context: Some(8192),
        tied: true,
        mlp_bias: Bias::Fixed(false),
        ..LLAMA
    },
    GEMMA2,
    Family {
        id: Id::Gemma3,
        types: &["gemma3_text", "gemma3"],
        class: "Gemma3TextConfig",
        d_model: Some(2304),
        n_layers: Some(26),
        n_heads: Some(8),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(256),
        d_ff: DFf::Value(9216),
        vocab: Some(262208),
        context: Some(131072),
        tied: true,
        mlp_bias: Bias::Fixed(false),
        norms_per_layer: 4,
        qk_norm: Some(QkNorm::PerHead),
        window: Window::Pattern(4096, 6),
        ..LLAMA
    },
    Family {
        id: Id::Dory,
        types: &["dory"],
        class: "DoryConfig",
        d_model: Some(2560),
        n_layers: Some(36),
        n_heads: Some(16),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(256),
        d_ff: DFf::Value(7168),
        vocab: Some(131072),
        context: Some(8192),
        // nGPT on the unit sphere: L2 norms without weights (sandwich), a
        // gate projection on the attention output, per-channel scales (see
        // `build`), and a logit scale per vocabulary entry on the head.
        norm: NormKind::NonParametric,
        norms_per_layer: 4,
        head_bias: Bias::Fixed(true),
        window: Window::All(Some(1024)),
        attn_gate: Some(CHANNEL_GATE),
        ..LLAMA
    },
    Family {
        id: Id::RecurrentGemma,
        types: &["recurrent_gemma"],
        class: "RecurrentGemmaConfig",
        d_model: Some(2560),
        n_layers: Some(26),
        n_heads: Some(10),
        n_kv_heads: None,
        // `head_dim` when given (PyTorch builds it: 128 instead of 256 is
        // 104,857,600 parameters fewer), else d_model / heads.
        head_dim: HeadDim::KeyOrDerived,
        // The MLP is `intermediate_size // 2` wide (gated, with biases).
        d_ff: DFf::Value(7680),
        vocab: Some(256000),
        context: None,
        tied: true,
        qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
        o_bias: Bias::Fixed(true),
        mlp_bias: Bias::Fixed(true),
        window: Window::All(Some(2048)),
        linear: Some(LinearMixer::RgLru),
        ..LLAMA
    },
    Family {
        id: Id::Phi,
        types: &["phi"],
        class: "PhiConfig",
        d_model: Some(2048),
        n_layers: Some(24),
        n_heads: Some(32),
        d_ff: DFf::Value(8192),
        vocab: Some(51200),
        context: Some(2048),
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Fixed(true),
        o_bias: Bias::Fixed(true),
        mlp_bias: Bias::Fixed(true),
        head_bias: Bias::Fixed(true),
        gated: false,
        norms_per_layer: 1,
        parallel: true,
        ..BASE
    },
    Family {
        id: Id::Phi3,
        types: &["phi3"],
        class: "Phi3Config",
        d_model: Some(3072),
        n_layers: Some(32),
        n_heads: Some(32),
        d_ff: DFf::Value(8192),
        vocab: Some(32064),
        context: Some(4096),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        window: Window::All(None),
        ..BASE
    },
    Family {
        id: Id::Olmo,
        types: &["olmo"],
        class: "OlmoConfig",
        head_dim: HeadDim::KeyOrDerived,
        vocab: Some(50304),
        norm: NormKind::NonParametric,
        mlp_bias: Bias::Fixed(false),
        ..LLAMA
    },
    Family {
        id: Id::Olmo2,
        types: &["olmo2"],
        class: "Olmo2Config",
        head_dim: HeadDim::KeyOrDerived,
        vocab: Some(50304),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::Full),
        ..LLAMA
    },
    Family {
        id: Id::OlmoHybrid,
        types: &["olmo_hybrid"],
        class: "OlmoHybridConfig",
        d_model: Some(3840),
        n_layers: Some(32),
        n_heads: Some(30),
        d_ff: DFf::Value(11008),
        vocab: Some(100352),
        context: Some(65536),
        mlp_bias: Bias::Fixed(false),
        // OLMo 3's attention (norms over all query and all key heads,
        // after attention and MLP) every 4th layer, Gated DeltaNet elsewhere.
        qk_norm: Some(QkNorm::Full),
        linear: Some(LinearMixer::OlmoDelta),
        ..LLAMA
    },
    Family {
        id: Id::SarvamMla,
        types: &["sarvam_mla"],
        class: "SarvamMLAConfig",
        // DeepSeek-V3's implementation with its own defaults.
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(64),
        n_kv_heads: None,
        d_ff: DFf::Value(16384),
        vocab: Some(262144),
        moe: Some(MoeDefaults {
            n_experts: 128,
            first_k_dense: 1,
            ..DEEPSEEK_V3_MOE
        }),
        mla: Some(MlaDefaults {
            q_lora_rank: None,
            kv_lora_rank: 512,
            qk_rope_head_dim: 64,
            qk_nope_head_dim: 128,
            v_head_dim: 128,
        }),
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::SolarOpen,
        types: &["solar_open"],
        class: "SolarOpenConfig",
        d_model: Some(4096),
        n_layers: Some(48),
        n_heads: Some(64),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        vocab: Some(196608),
        context: Some(131072),
        // Llama's attention with an unbiased output projection; GLM-4-MoE's experts in
        // every layer with `n_shared_experts` shared ones, and no dense MLP.
        qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        moe: Some(MoeDefaults {
            n_experts: 128,
            top_k: Some(8),
            width: ExpertWidth::MoeKey(1280),
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 1,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Starcoder2,
        types: &["starcoder2"],
        class: "Starcoder2Config",
        d_model: Some(3072),
        n_layers: Some(30),
        n_heads: Some(24),
        n_kv_heads: Some(2),
        head_dim: HeadDim::KeyOrDerived,
        d_ff: DFf::Value(12288),
        vocab: Some(49152),
        context: Some(4096),
        tied: true,
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Key(BiasKey::UseBias, true),
        o_bias: Bias::Key(BiasKey::UseBias, true),
        mlp_bias: Bias::Key(BiasKey::UseBias, true),
        gated: false,
        window: Window::All(None),
        ..BASE
    },
    Family {
        id: Id::DeepseekV2,
        types: &["deepseek_v2"],
        class: "DeepseekV2Config",
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: None,
        d_ff: DFf::Value(11008),
        vocab: Some(102400),
        context: Some(2048),
        mlp_bias: Bias::Key(BiasKey::MlpBias, false),
        moe: Some(MoeDefaults {
            n_experts: 64,
            top_k: None,
            width: ExpertWidth::MoeKey(1407),
            placement: Placement::FirstKDense,
            first_k_dense: 0,
            n_shared: 2,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..DEEPSEEK_V3
    },
    DEEPSEEK_V3,
    // Mixture-of-experts, MLA and sparse-attention families (issue 12), by model type.
    Family {
        id: Id::Afmoe,
        types: &["afmoe"],
        class: "AfmoeConfig",
        d_model: Some(2048),
        n_layers: Some(32),
        n_heads: Some(16),
        n_kv_heads: None,
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(6144),
        vocab: Some(200192),
        context: Some(16384),
        mlp_bias: Bias::Fixed(false),
        // Sandwich norms, per-head query/key norms, a gate per output channel.
        norms_per_layer: 4,
        qk_norm: Some(QkNorm::PerHead),
        attn_gate: Some(CHANNEL_GATE),
        window: Window::ByFamily(Some(1024)),
        // `num_dense_layers` dense layers, then MoE with an `expert_bias` parameter.
        moe: Some(deepseek_style_moe(
            64,
            6,
            1408,
            Placement::FirstKDense,
            1,
            2,
        )),
        ..LLAMA
    },
    Family {
        id: Id::AriaText,
        types: &["aria_text"],
        class: "AriaTextConfig",
        n_kv_heads: None,
        d_ff: DFf::Value(4096),
        context: Some(2048),
        // Experts of `intermediate_size`; the shared experts are one MLP of
        // `intermediate_size × moe_num_shared_experts` with `mlp_bias`.
        moe: Some(MoeDefaults {
            n_experts: 8,
            top_k: Some(2),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 2,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Axk1,
        types: &["axk1"],
        class: "AXK1Config",
        n_heads: Some(64),
        n_kv_heads: Some(64),
        vocab: Some(163840),
        context: Some(32768),
        // DeepSeek-V3 with a norm on each MoE block's output.
        moe: Some(deepseek_style_moe(
            192,
            8,
            2048,
            Placement::FirstKDenseFreq,
            1,
            1,
        )),
        mlp_layer_types: true,
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::Axk2,
        types: &["axk2"],
        class: "AXK2Config",
        d_model: Some(2048),
        n_layers: Some(48),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        d_ff: DFf::Value(5120),
        vocab: Some(163840),
        context: Some(131072),
        // MLA whose query up-projection reads the normed and the raw latent and
        // also yields an output gate; a sparse-attention indexer on every layer;
        // gated norms (see `build`).
        attn_gate: Some(AttnGate {
            per_head: false,
            head_bias: false,
            from_query_latent: true,
            bias: false,
        }),
        indexer: Some(IndexerDefaults {
            n_heads: 16,
            head_dim: 128,
            top_k: 2048,
        }),
        mla: Some(mla_defaults(384, 128, 32, 64, 64)),
        moe: Some(deepseek_style_moe(
            128,
            8,
            512,
            Placement::FirstKDenseFreq,
            1,
            1,
        )),
        mlp_layer_types: true,
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::Beam,
        types: &["beam"],
        class: "BeamConfig",
        d_model: Some(5120),
        n_layers: Some(52),
        n_heads: Some(48),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(20480),
        vocab: Some(151936),
        context: Some(8192),
        mlp_bias: Bias::Fixed(false),
        norms_per_layer: 4,
        qk_norm: Some(QkNorm::PerHead),
        // A gate per output channel with a learned bias per head.
        attn_gate: Some(AttnGate {
            per_head: false,
            head_bias: true,
            from_query_latent: false,
            bias: false,
        }),
        window: Window::ByFamily(Some(512)),
        moe: Some(deepseek_style_moe(
            256,
            8,
            2560,
            Placement::Leading(3),
            0,
            0,
        )),
        mlp_layer_types: true,
        ..LLAMA
    },
    Family {
        id: Id::Cohere2Moe,
        types: &["cohere2_moe"],
        class: "Cohere2MoeConfig",
        head_dim: HeadDim::KeyOr(128),
        // RMSNorm or a bias-free LayerNorm (`rms_norm_eps` null): one scale each.
        norm: NormKind::Rms,
        qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
        o_bias: Bias::Key(BiasKey::AttentionBias, false),
        mlp_bias: Bias::Fixed(false),
        window: Window::ByFamily(Some(4096)),
        moe: Some(MoeDefaults {
            n_experts: 8,
            top_k: Some(2),
            width: ExpertWidth::Intermediate,
            placement: Placement::FirstKDense,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        mlp_layer_types: true,
        ..COHERE
    },
    Family {
        id: Id::Dbrx,
        gqa: true,
        types: &["dbrx"],
        class: "DbrxConfig",
        names: Names {
            d_model: "d_model",
            n_layers: "n_layers",
            n_heads: "n_heads",
            n_kv_heads: "attn_config.kv_n_heads",
            d_ff: "ffn_config.ffn_hidden_size",
            context: "max_seq_len",
            ..HF
        },
        d_model: Some(2048),
        n_layers: Some(24),
        n_heads: Some(16),
        n_kv_heads: Some(1),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(3584),
        vocab: Some(32000),
        context: Some(2048),
        // LayerNorm without bias; a fused Wqkv and out_proj without biases.
        norm: NormKind::LayerNormNoBias,
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        moe: Some(MoeDefaults {
            n_experts: 4,
            top_k: Some(1),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..BASE
    },
    DEEPSEEK_V32,
    // DeepSeek-V4 is built by its own builder (`build::deepseek_v4`): these are
    // the defaults it shares with the others, the rest are in the builder.
    Family {
        id: Id::DeepseekV4,
        types: &["deepseek_v4"],
        class: "DeepseekV4Config",
        d_model: Some(4096),
        n_layers: Some(43),
        n_heads: Some(64),
        n_kv_heads: Some(1),
        head_dim: HeadDim::KeyOr(512),
        d_ff: DFf::Value(2048),
        vocab: Some(129280),
        context: Some(1048576),
        sinks: true,
        moe: Some(deepseek_style_moe(256, 6, 2048, Placement::Every, 0, 1)),
        ..LLAMA
    },
    Family {
        id: Id::Dots1,
        types: &["dots1"],
        class: "Dots1Config",
        d_model: Some(4608),
        n_layers: Some(62),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        head_dim: HeadDim::KeyOrFloor,
        d_ff: DFf::Value(10944),
        vocab: Some(152064),
        context: Some(2048),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        window: Window::ByFamily(Some(4096)),
        // Dots1Config has no default expert count, top-k or shared count: a
        // config must give them (see `build`).
        moe: Some(MoeDefaults {
            top_k: None,
            ..deepseek_style_moe(0, 0, 1408, Placement::FirstKDense, 0, 0)
        }),
        ..LLAMA
    },
    Family {
        id: Id::Dots3,
        types: &["dots3_note_text", "dots3_note"],
        class: "Dots3NoteTextConfig",
        d_model: Some(5120),
        n_layers: Some(46),
        n_heads: Some(128),
        n_kv_heads: Some(128),
        d_ff: DFf::Value(13824),
        vocab: Some(152064),
        context: Some(524288),
        // A per-head output gate, an indexer on the "indexed_attention" layers and
        // smaller MLA on the sliding ones (see `build`).
        attn_gate: Some(AttnGate {
            per_head: true,
            head_bias: false,
            from_query_latent: false,
            bias: false,
        }),
        indexer: Some(IndexerDefaults {
            n_heads: 64,
            head_dim: 128,
            top_k: 2048,
        }),
        window: Window::ByFamily(Some(512)),
        mla: Some(mla_defaults(1024, 512, 64, 128, 128)),
        // Shared experts of `shared_experts_intermediate_size` each (see `build`).
        moe: Some(deepseek_style_moe(
            256,
            8,
            1536,
            Placement::FirstKDenseFreq,
            1,
            1,
        )),
        mlp_layer_types: true,
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::Ernie45Moe,
        types: &["ernie4_5_moe"],
        class: "Ernie4_5_MoeConfig",
        d_model: Some(2560),
        n_layers: Some(28),
        n_heads: Some(20),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOrFloor,
        d_ff: DFf::Value(12288),
        vocab: Some(103424),
        context: Some(131072),
        tied: true,
        qkv_bias: Bias::Key(BiasKey::UseBias, false),
        o_bias: Bias::Key(BiasKey::UseBias, false),
        mlp_bias: Bias::Key(BiasKey::UseBias, false),
        // The head takes `use_bias` too.
        head_bias: Bias::Key(BiasKey::UseBias, false),
        moe: Some(deepseek_style_moe(64, 6, 1536, Placement::Interval, 0, 2)),
        ..LLAMA
    },
    Family {
        id: Id::ExaoneMoe,
        types: &["exaone_moe"],
        class: "ExaoneMoeConfig",
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        head_dim: HeadDim::KeyOrFloor,
        d_ff: DFf::Value(16384),
        vocab: Some(102400),
        context: Some(2048),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        window: Window::Pattern(4096, 4),
        moe: Some(deepseek_style_moe(
            64,
            8,
            1024,
            Placement::FirstKDense,
            1,
            1,
        )),
        mlp_layer_types: true,
        ..LLAMA
    },
    Family {
        id: Id::FlexOlmo,
        types: &["flex_olmo"],
        class: "FlexOlmoConfig",
        n_kv_heads: None,
        head_dim: HeadDim::KeyOrFloor,
        vocab: Some(100352),
        context: Some(4096),
        mlp_bias: Bias::Fixed(false),
        // Norms on all query and all key heads; post-norms (two per layer).
        qk_norm: Some(QkNorm::Full),
        moe: Some(MoeDefaults {
            n_experts: 7,
            top_k: Some(5),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    GLM4_MOE,
    Family {
        id: Id::Glm4MoeLite,
        types: &["glm4_moe_lite"],
        class: "Glm4MoeLiteConfig",
        d_model: Some(2048),
        n_layers: Some(47),
        n_heads: Some(20),
        n_kv_heads: Some(20),
        d_ff: DFf::Value(10240),
        vocab: Some(154880),
        context: Some(202752),
        mla: Some(mla_defaults(768, 512, 64, 192, 256)),
        moe: Some(deepseek_style_moe(64, 4, 1536, Placement::Leading(1), 0, 1)),
        mlp_layer_types: true,
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::GlmMoeDsa,
        types: &["glm_moe_dsa"],
        class: "GlmMoeDsaConfig",
        d_model: Some(6144),
        n_layers: Some(78),
        n_heads: Some(64),
        n_kv_heads: Some(64),
        d_ff: DFf::Value(12288),
        vocab: Some(154880),
        context: Some(202752),
        indexer: Some(IndexerDefaults {
            n_heads: 32,
            head_dim: 128,
            top_k: 2048,
        }),
        mla: Some(mla_defaults(2048, 512, 64, 192, 256)),
        ..DEEPSEEK_V32
    },
    GRANITE_MOE_SHARED,
    Family {
        id: Id::GraniteMoeSwa,
        types: &["granitemoe_swa"],
        class: "GraniteMoeSWAConfig",
        // A sink logit per head on every layer; sliding windows but on every 4th layer.
        sinks: true,
        window: Window::FullEvery(128, 4),
        ..GRANITE_MOE_SHARED
    },
    Family {
        id: Id::HunyuanMoe,
        types: &["hunyuan_v1_moe"],
        class: "HunYuanMoEV1Config",
        n_kv_heads: None,
        mlp_bias: Bias::Fixed(false),
        vocab: Some(290943),
        qk_norm: Some(QkNorm::PerHead),
        // Experts and the always-on shared MLP both have `intermediate_size`.
        moe: Some(MoeDefaults {
            n_experts: 1,
            top_k: Some(1),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 1,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::HyV3,
        types: &["hy_v3"],
        class: "HYV3Config",
        d_model: Some(4096),
        n_layers: Some(80),
        n_heads: Some(64),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(13312),
        vocab: Some(120832),
        context: Some(131072),
        qk_norm: Some(QkNorm::PerHead),
        moe: Some(deepseek_style_moe(
            192,
            8,
            1536,
            Placement::Leading(1),
            0,
            1,
        )),
        mlp_layer_types: true,
        ..LLAMA
    },
    Family {
        id: Id::HyV4,
        types: &["hy_v4"],
        class: "HYV4Config",
        d_model: Some(2816),
        n_layers: Some(34),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        d_ff: DFf::Value(6912),
        vocab: Some(120832),
        context: Some(262144),
        sinks: true,
        attn_gate: Some(CHANNEL_GATE),
        indexer: Some(IndexerDefaults {
            n_heads: 16,
            head_dim: 128,
            top_k: 2048,
        }),
        mla: Some(mla_defaults(1536, 512, 64, 192, 256)),
        moe: Some(deepseek_style_moe(256, 8, 768, Placement::Leading(1), 0, 1)),
        ..DEEPSEEK_V32
    },
    Family {
        id: Id::JetMoe,
        types: &["jetmoe"],
        class: "JetMoeConfig",
        names: Names {
            head_dim: "kv_channels",
            ..HF
        },
        d_model: Some(2048),
        n_layers: Some(12),
        // JetMoeConfig has no query-head count: it is `num_key_value_heads ×
        // num_experts_per_tok` (see `build`).
        n_heads: None,
        n_kv_heads: Some(16),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(5632),
        vocab: Some(32000),
        context: Some(4096),
        tied: true,
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        moe: Some(MoeDefaults {
            n_experts: 8,
            top_k: Some(2),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Kolibri1,
        types: &["kolibri1"],
        class: "Kolibri1Config",
        d_model: Some(2560),
        n_layers: Some(50),
        n_heads: Some(48),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(128),
        // No dense MLP: only the shared expert's width is needed.
        d_ff: DFf::Required,
        vocab: Some(128000),
        context: Some(262144),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        norms_per_layer: 4,
        qk_norm: Some(QkNorm::PerHead),
        window: Window::ByFamily(Some(513)),
        moe: Some(MoeDefaults {
            n_experts: 384,
            top_k: Some(6),
            width: ExpertWidth::MoeKey(512),
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: Some(512),
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Laguna,
        types: &["laguna"],
        class: "LagunaConfig",
        d_model: Some(2048),
        n_layers: Some(40),
        n_heads: Some(48),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(8192),
        vocab: Some(100352),
        context: Some(131072),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        // `gating`: true or "per-head" gives one gate per head (see `build`).
        attn_gate: Some(AttnGate {
            per_head: true,
            head_bias: false,
            from_query_latent: false,
            bias: false,
        }),
        // Full attention unless `layer_types` says otherwise.
        window: Window::ByFamily(Some(512)),
        moe: Some(MoeDefaults {
            n_experts: 256,
            top_k: Some(8),
            width: ExpertWidth::MoeKey(512),
            placement: Placement::Leading(1),
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: Some(512),
            router_bias: false,
            expert_bias: false,
        }),
        mlp_layer_types: true,
        ..LLAMA
    },
    Family {
        id: Id::LongcatFlash,
        types: &["longcat_flash"],
        class: "LongcatFlashConfig",
        names: Names {
            n_layers: "num_layers",
            d_ff: "ffn_hidden_size",
            ..HF
        },
        d_model: Some(6144),
        n_layers: Some(28),
        n_heads: Some(64),
        n_kv_heads: None,
        d_ff: DFf::Value(12288),
        vocab: Some(131072),
        context: Some(131072),
        mla: Some(mla_defaults(1536, 512, 64, 128, 128)),
        moe: Some(deepseek_style_moe(512, 12, 2048, Placement::Every, 0, 0)),
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::MimoV2Flash,
        types: &["mimo_v2_flash"],
        class: "MiMoV2FlashConfig",
        d_model: Some(4096),
        n_layers: Some(48),
        n_heads: Some(64),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(192),
        d_ff: DFf::Value(16384),
        vocab: Some(152576),
        context: Some(131072),
        qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        window: Window::ByFamily(Some(129)),
        moe: Some(deepseek_style_moe(
            256,
            8,
            2048,
            Placement::Leading(1),
            0,
            0,
        )),
        mlp_layer_types: true,
        ..LLAMA
    },
    Family {
        id: Id::MinimaxM2,
        types: &["minimax_m2"],
        class: "MiniMaxM2Config",
        d_model: Some(3072),
        n_layers: Some(62),
        n_heads: Some(48),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(1536),
        vocab: Some(200064),
        context: Some(196608),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::Full),
        moe: Some(MoeDefaults {
            n_experts: 256,
            top_k: Some(8),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::SarvamMoe,
        types: &["sarvam_moe"],
        class: "SarvamMoEConfig",
        n_layers: Some(19),
        n_heads: Some(64),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(64),
        d_ff: DFf::Value(8192),
        vocab: Some(262144),
        // `attention_bias`, which sarvam-30b's own config spells `use_qkv_bias` (see `build`).
        qk_norm: Some(QkNorm::PerHead),
        moe: Some(deepseek_style_moe(
            128,
            6,
            1024,
            Placement::FirstKDense,
            1,
            1,
        )),
        ..GLM4_MOE
    },
    Family {
        id: Id::KimiK2,
        types: &["kimi_k2"],
        class: "DeepseekV3Config",
        moe: Some(MoeDefaults {
            placement: Placement::FirstKDenseFreq,
            ..DEEPSEEK_V3_MOE
        }),
        remote_code: true,
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::KimiLinear,
        types: &["kimi_linear"],
        class: "KimiLinearConfig",
        names: Names {
            context: "model_max_length",
            ..HF
        },
        d_model: Some(2304),
        n_layers: Some(27),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        d_ff: DFf::Value(9216),
        vocab: Some(163840),
        context: Some(1048576),
        moe: Some(MoeDefaults {
            n_experts: 256,
            top_k: Some(8),
            width: ExpertWidth::MoeKey(1024),
            placement: Placement::FirstKDense,
            first_k_dense: 1,
            n_shared: 1,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        mla: Some(MlaDefaults {
            q_lora_rank: None,
            kv_lora_rank: 512,
            qk_rope_head_dim: 64,
            qk_nope_head_dim: 128,
            v_head_dim: 128,
        }),
        linear: Some(LinearMixer::KimiDelta),
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::GptOss,
        types: &["gpt_oss"],
        class: "GptOssConfig",
        d_model: Some(2880),
        n_layers: Some(36),
        n_heads: Some(64),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(64),
        d_ff: DFf::Value(2880),
        vocab: Some(201088),
        context: Some(131072),
        qkv_bias: Bias::Key(BiasKey::AttentionBias, true),
        o_bias: Bias::Key(BiasKey::AttentionBias, true),
        mlp_bias: Bias::Fixed(true),
        sinks: true,
        window: Window::Alternate(128),
        moe: Some(MoeDefaults {
            n_experts: 128,
            top_k: Some(4),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: true,
            expert_bias: true,
        }),
        ..BASE
    },
    Family {
        id: Id::T5,
        gqa: false,
        types: &["t5"],
        class: "T5Config",
        names: Names {
            d_model: "d_model",
            n_layers: "num_layers",
            n_heads: "num_heads",
            d_ff: "d_ff",
            context: "n_positions",
            head_dim: "d_kv",
            ..HF
        },
        d_model: Some(512),
        n_layers: Some(6),
        n_heads: Some(8),
        head_dim: HeadDim::KeyOr(64),
        d_ff: DFf::Value(2048),
        vocab: Some(32128),
        context: Some(512),
        tied: true,
        // No biases: the T5 builder (`build::t5`) reads none of the bias rules.
        gated: false,
        ..BASE
    },
    Family {
        id: Id::Bert,
        gqa: false,
        types: &["bert"],
        class: "BertConfig",
        d_model: Some(768),
        n_layers: Some(12),
        n_heads: Some(12),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(3072),
        vocab: Some(30522),
        context: Some(512),
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Fixed(true),
        o_bias: Bias::Fixed(true),
        mlp_bias: Bias::Fixed(true),
        gated: false,
        learned_positions: Some(0),
        embed_norm: true,
        ..BASE
    },
    Family {
        id: Id::Mllama,
        types: &["mllama", "mllama_text_model"],
        class: "MllamaTextConfig",
        n_layers: Some(40),
        n_kv_heads: Some(8),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(14336),
        vocab: Some(128256),
        context: Some(131072),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        ..LLAMA
    },
    Family {
        id: Id::ChatGlm,
        types: &["chatglm"],
        class: "ChatGLMConfig",
        names: Names {
            n_layers: "num_layers",
            n_kv_heads: "multi_query_group_num",
            d_ff: "ffn_hidden_size",
            vocab: "padded_vocab_size",
            context: "seq_length",
            head_dim: "kv_channels",
            ..HF
        },
        d_model: Some(4096),
        n_layers: Some(28),
        n_heads: Some(32),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(13696),
        vocab: Some(65024),
        context: Some(2048),
        qkv_bias: Bias::Key(BiasKey::AddQkvBias, false),
        o_bias: Bias::Key(BiasKey::AddBiasLinear, false),
        mlp_bias: Bias::Key(BiasKey::AddBiasLinear, false),
        remote_code: true,
        ..BASE
    },
    // Families added from transformers 5.24's modeling code and checked against
    // PyTorch on the meta device (core/data/family_checks/).
    APERTUS,
    Family {
        id: Id::Apertus1p5,
        types: &["apertus1p5_text", "apertus1p5"],
        class: "Apertus1p5TextConfig",
        // The vocabulary covers text, image and audio codes; `output_vocab_size`
        // may prune the head's rows.
        vocab: Some(266752),
        ..APERTUS
    },
    Family {
        id: Id::BitNet,
        types: &["bitnet"],
        class: "BitNetConfig",
        d_model: Some(2560),
        n_layers: Some(30),
        n_heads: Some(20),
        n_kv_heads: Some(5),
        d_ff: DFf::Value(6912),
        vocab: Some(128256),
        context: Some(2048),
        // Sub-norms before the output and down projections (in build).
        mlp_bias: Bias::Fixed(false),
        ..LLAMA
    },
    Family {
        id: Id::CohereCompass,
        types: &["cohere_compass_text", "cohere_compass"],
        class: "CohereCompassTextConfig",
        // Cohere 2's layers; every layer full unless `layer_types` says otherwise.
        head_dim: HeadDim::KeyOrDerived,
        ..COHERE
    },
    Family {
        id: Id::DiffLlama,
        types: &["diffllama"],
        class: "DiffLlamaConfig",
        d_model: Some(2048),
        n_layers: Some(16),
        n_heads: Some(32),
        n_kv_heads: None,
        d_ff: DFf::Value(8192),
        vocab: Some(32000),
        context: Some(2048),
        // Differential attention (in build); a bias-free gated MLP.
        mlp_bias: Bias::Fixed(false),
        ..LLAMA
    },
    Family {
        id: Id::Doge,
        types: &["doge"],
        class: "DogeConfig",
        d_model: Some(1024),
        n_layers: Some(32),
        n_heads: Some(8),
        // DogeConfig: `num_key_value_heads` None means as many as the heads.
        n_kv_heads: None,
        d_ff: DFf::Value(2048),
        vocab: Some(32768),
        context: Some(2048),
        // Query/key norms, the dynamic mask, residual scales and, with `is_moe`,
        // the cross-domain MoE are added in build.
        qk_norm: Some(QkNorm::PerHead),
        ..LLAMA
    },
    Family {
        id: Id::Flint,
        types: &["flint"],
        class: "FlintConfig",
        d_model: Some(2048),
        n_layers: Some(49),
        n_heads: Some(32),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(6144),
        vocab: Some(150144),
        context: Some(262144),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        sinks: true,
        window: Window::Flint(513),
        // Experts with an always-on shared expert (no gate) after two dense layers.
        moe: Some(MoeDefaults {
            n_experts: 256,
            top_k: Some(6),
            width: ExpertWidth::MoeKey(512),
            placement: Placement::SparseStepDenseFirst(2),
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: Some(1024),
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Gemma3n,
        types: &["gemma3n_text", "gemma3n"],
        class: "Gemma3nTextConfig",
        d_model: Some(2048),
        n_layers: Some(35),
        n_heads: Some(8),
        n_kv_heads: Some(2),
        head_dim: HeadDim::KeyOr(256),
        // One width for every layer, or a list of widths.
        d_ff: DFf::Value(16384),
        vocab: Some(262400),
        context: Some(32768),
        tied: true,
        mlp_bias: Bias::Fixed(false),
        norms_per_layer: 4,
        qk_norm: Some(QkNorm::PerHead),
        window: Window::Pattern(512, 5),
        ..LLAMA
    },
    GEMMA4,
    Family {
        id: Id::Gemma4Unified,
        types: &["gemma4_unified_text", "gemma4_unified"],
        class: "Gemma4UnifiedTextConfig",
        // Gemma 4's attention and MLP without per-layer inputs or experts.
        context: Some(262144),
        window: Window::Pattern(1024, 6),
        ..GEMMA4
    },
    Family {
        id: Id::GraniteSwa,
        types: &["granite_swa"],
        class: "GraniteSWAConfig",
        d_model: Some(2560),
        n_layers: Some(24),
        n_heads: Some(20),
        n_kv_heads: Some(4),
        d_ff: DFf::Value(8192),
        vocab: Some(100352),
        context: Some(8192),
        tied: true,
        // Granite with a learned sink per head; full attention every fourth layer.
        sinks: true,
        window: Window::FullEvery(128, 4),
        ..LLAMA
    },
    Family {
        id: Id::HyperClovaX,
        types: &["hyperclovax"],
        class: "HyperCLOVAXConfig",
        // Granite's defaults; `use_post_norm` adds a norm after attention and MLP.
        norms_per_layer: 4,
        ..LLAMA
    },
    Family {
        id: Id::Jais2,
        types: &["jais2"],
        class: "Jais2Config",
        d_model: Some(3328),
        n_heads: Some(26),
        n_kv_heads: None,
        d_ff: DFf::Value(26624),
        vocab: Some(150272),
        context: Some(8192),
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Key(BiasKey::AttentionBias, true),
        o_bias: Bias::Key(BiasKey::AttentionBias, true),
        mlp_bias: Bias::Key(BiasKey::MlpBias, true),
        // A plain up/down MLP with ReLU².
        gated: false,
        ..LLAMA
    },
    Family {
        id: Id::Mellum,
        types: &["mellum"],
        class: "MellumConfig",
        d_model: Some(2304),
        n_layers: Some(28),
        n_heads: Some(32),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(7168),
        vocab: Some(98304),
        context: Some(131072),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        moe: Some(MoeDefaults {
            n_experts: 64,
            top_k: Some(8),
            width: ExpertWidth::MoeKey(896),
            placement: Placement::LayerTypes,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Ministral,
        types: &["ministral"],
        class: "MinistralConfig",
        ..MISTRAL
    },
    Family {
        id: Id::ModernBertDecoder,
        gqa: false,
        types: &["modernbert-decoder"],
        class: "ModernBertDecoderConfig",
        d_model: Some(768),
        n_layers: Some(22),
        n_heads: Some(12),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(1152),
        vocab: Some(50368),
        context: Some(8192),
        tied: true,
        // LayerNorm with a bias only when `norm_bias` says (in build), a norm on
        // the embeddings, a GLU MLP, no attention norm in layer 0, and a head with
        // a dense transform and a bias (`decoder_bias`).
        norm: NormKind::LayerNormNoBias,
        mlp_bias: Bias::Key(BiasKey::MlpBias, false),
        embed_norm: true,
        window: Window::FullEvery(64, 3),
        ..LLAMA
    },
    Family {
        id: Id::NanoChat,
        types: &["nanochat"],
        class: "NanoChatConfig",
        d_model: Some(768),
        n_layers: Some(12),
        n_heads: Some(6),
        n_kv_heads: None,
        d_ff: DFf::Value(8192),
        vocab: Some(50304),
        context: Some(2048),
        // Every norm is a weightless L2 norm; a plain MLP with ReLU².
        norm: NormKind::NonParametric,
        mlp_bias: Bias::Fixed(false),
        gated: false,
        qk_norm: Some(QkNorm::PerHead),
        ..LLAMA
    },
    Family {
        id: Id::Olmo3,
        types: &["olmo3"],
        class: "Olmo3Config",
        // OLMo 2's layers, three sliding layers to one full.
        n_kv_heads: None,
        vocab: Some(50304),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::Full),
        window: Window::Pattern(4096, 4),
        ..LLAMA
    },
    Family {
        id: Id::Persimmon,
        gqa: false,
        types: &["persimmon"],
        class: "PersimmonConfig",
        d_model: Some(4096),
        n_layers: Some(36),
        n_heads: Some(64),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(16384),
        vocab: Some(262144),
        context: Some(16384),
        norm: NormKind::LayerNorm,
        qkv_bias: Bias::Fixed(true),
        o_bias: Bias::Fixed(true),
        mlp_bias: Bias::Fixed(true),
        // A plain MLP with ReLU²; `qk_layernorm` (default on) is read in build.
        gated: false,
        ..BASE
    },
    GLM,
    Family {
        id: Id::Glm4,
        types: &["glm4"],
        class: "Glm4Config",
        // Sandwich norms: before and after both attention and MLP.
        norms_per_layer: 4,
        ..GLM
    },
    COHERE,
    Family {
        id: Id::Cohere2,
        types: &["cohere2"],
        class: "Cohere2Config",
        // `hidden_size / num_attention_heads` when `head_dim` is absent (128 by default).
        head_dim: HeadDim::KeyOrDerived,
        // Without `layer_types`, three sliding layers to one full.
        window: Window::Pattern(4096, 4),
        ..COHERE
    },
    Family {
        id: Id::Helium,
        types: &["helium"],
        class: "HeliumConfig",
        d_model: Some(2560),
        n_layers: Some(24),
        n_heads: Some(20),
        n_kv_heads: Some(20),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(7040),
        vocab: Some(48000),
        context: Some(4096),
        o_bias: Bias::Fixed(false),
        ..LLAMA
    },
    Family {
        id: Id::Ernie45,
        types: &["ernie4_5"],
        class: "Ernie4_5Config",
        d_model: Some(1024),
        n_layers: Some(18),
        n_heads: Some(16),
        n_kv_heads: Some(2),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(3072),
        vocab: Some(103424),
        context: Some(131072),
        tied: true,
        qkv_bias: Bias::Key(BiasKey::UseBias, false),
        o_bias: Bias::Key(BiasKey::UseBias, false),
        mlp_bias: Bias::Key(BiasKey::UseBias, false),
        ..LLAMA
    },
    Family {
        id: Id::Exaone4,
        types: &["exaone4"],
        class: "Exaone4Config",
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        d_ff: DFf::Value(16384),
        vocab: Some(102400),
        context: Some(2048),
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        // Without `layer_types`, three sliding layers to one full.
        window: Window::Pattern(4096, 4),
        ..LLAMA
    },
    Family {
        id: Id::HunyuanDense,
        types: &["hunyuan_v1_dense"],
        class: "HunYuanDenseV1Config",
        d_model: Some(4096),
        n_layers: Some(32),
        // As many key/value heads as query heads (LLAMA's `None`).
        n_heads: Some(32),
        d_ff: DFf::Value(11008),
        vocab: Some(290943),
        context: Some(2048),
        mlp_bias: Bias::Fixed(false),
        qk_norm: Some(QkNorm::PerHead),
        ..LLAMA
    },
    Family {
        id: Id::Arcee,
        types: &["arcee"],
        class: "ArceeConfig",
        d_model: Some(2560),
        n_layers: Some(32),
        n_heads: Some(32),
        // ArceeConfig: `num_key_value_heads` None means as many as the heads.
        n_kv_heads: None,
        d_ff: DFf::Value(18432),
        vocab: Some(32000),
        context: Some(4096),
        // A plain up/down MLP with ReLU².
        gated: false,
        ..LLAMA
    },
    Family {
        id: Id::Jamba,
        types: &["jamba"],
        class: "JambaConfig",
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: Some(8),
        d_ff: DFf::Value(14336),
        vocab: Some(65536),
        context: Some(262144),
        // Mamba layers with attention every `attn_layer_period`-th layer,
        // a MoE every `expert_layer_period`-th layer (a gated MLP
        // elsewhere); no biases on attention or MLPs.
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        ssm: Some(SsmDefaults {
            d_state: 16,
            d_conv: 4,
            expand: 2,
            n_heads: 0,
            head_dim: None,
            n_groups: 1,
            chunk: 0,
            conv_bias: true,
            proj_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Nemotron,
        types: &["nemotron"],
        class: "NemotronConfig",
        d_model: Some(6144),
        n_layers: Some(32),
        n_heads: Some(48),
        n_kv_heads: None,
        head_dim: HeadDim::KeyOrDerived,
        d_ff: DFf::Value(24576),
        vocab: Some(256000),
        context: Some(4096),
        gated: false,
        // NemotronLayerNorm1P: a LayerNorm with scale and bias.
        norm: NormKind::LayerNorm,
        ..LLAMA
    },
    Family {
        id: Id::NemotronH,
        types: &["nemotron_h"],
        class: "NemotronHConfig",
        d_model: Some(4096),
        n_heads: Some(32),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(21504),
        vocab: Some(131072),
        context: Some(4096),
        // One block per entry of the layer pattern, each a norm and one of a
        // Mamba-2 mixer, attention (no biases), a plain relu² MLP or a MoE.
        gated: false,
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        ssm: Some(SsmDefaults {
            d_state: 128,
            d_conv: 4,
            expand: 2,
            n_heads: 128,
            head_dim: Some(64),
            n_groups: 8,
            chunk: 128,
            conv_bias: true,
            proj_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Olmoe,
        types: &["olmoe"],
        class: "OlmoeConfig",
        d_model: Some(2048),
        n_layers: Some(16),
        n_heads: Some(16),
        // OlmoeConfig: `num_key_value_heads` None means as many as the heads.
        n_kv_heads: None,
        d_ff: DFf::Value(2048),
        vocab: Some(50304),
        context: Some(4096),
        mlp_bias: Bias::Fixed(false),
        // q_norm and k_norm span all query and all key heads.
        qk_norm: Some(QkNorm::Full),
        moe: Some(MoeDefaults {
            n_experts: 64,
            top_k: Some(8),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Phimoe,
        types: &["phimoe"],
        class: "PhimoeConfig",
        head_bias: Bias::Key(BiasKey::LmHeadBias, false),
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: Some(8),
        d_ff: DFf::Value(6400),
        vocab: Some(32064),
        context: Some(131072),
        mlp_bias: Bias::Fixed(false),
        norm: NormKind::LayerNorm,
        moe: Some(MoeDefaults {
            n_experts: 16,
            top_k: Some(2),
            width: ExpertWidth::Intermediate,
            placement: Placement::Every,
            first_k_dense: 0,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Granite,
        types: &["granite"],
        class: "GraniteConfig",
        // Llama's defaults and structure; the multipliers carry no weights.
        ..LLAMA
    },
    Family {
        id: Id::GraniteMoeHybrid,
        types: &["granitemoehybrid"],
        class: "GraniteMoeHybridConfig",
        // Mamba-2 or attention layers as `layer_types` says, each with a
        // MoE of `intermediate_size` experts (when `num_local_experts` > 0)
        // and an always-on gated MLP of `shared_intermediate_size`.
        ssm: Some(SsmDefaults {
            d_state: 256,
            d_conv: 4,
            expand: 2,
            n_heads: 128,
            head_dim: None,
            n_groups: 1,
            chunk: 256,
            conv_bias: true,
            proj_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::SmolLm3,
        types: &["smollm3"],
        class: "SmolLM3Config",
        d_model: Some(2048),
        n_layers: Some(36),
        n_heads: Some(16),
        n_kv_heads: Some(4),
        d_ff: DFf::Value(11008),
        vocab: Some(128256),
        context: Some(32768),
        tied: true,
        ..LLAMA
    },
    Family {
        id: Id::Llama4,
        types: &["llama4_text"],
        class: "Llama4TextConfig",
        d_model: Some(5120),
        n_layers: Some(48),
        n_heads: Some(40),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        // The experts' width; dense layers use `intermediate_size_mlp`.
        d_ff: DFf::Value(8192),
        vocab: Some(202048),
        context: Some(131072),
        // Llama4TextConfig has no `mlp_bias`: no MLP biases.
        mlp_bias: Bias::Fixed(false),
        // MoE every `interleave_moe_layer_step`-th layer (or the listed
        // `moe_layers`), each with one always-on shared expert of the experts'
        // width and no gate; the query/key norm is an L2 norm with no weights.
        moe: Some(MoeDefaults {
            n_experts: 16,
            top_k: Some(1),
            width: ExpertWidth::Intermediate,
            placement: Placement::SparseStep,
            first_k_dense: 0,
            n_shared: 1,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::HrmText,
        gqa: false,
        types: &["hrm_text"],
        class: "HrmTextConfig",
        d_model: Some(1536),
        n_layers: Some(16),
        n_heads: Some(12),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(4096),
        vocab: Some(151808),
        // Two stacks (low and high level) of parameter-free RMSNorm layers with
        // MHA and a sigmoid gate on the attention output, run in H and L cycles.
        norm: NormKind::NonParametric,
        attn_gate: Some(QPROJ_GATE),
        ..LLAMA
    },
    LFM2,
    Family {
        id: Id::Lfm2Moe,
        types: &["lfm2_moe"],
        class: "Lfm2MoeConfig",
        d_model: Some(2048),
        d_ff: DFf::Value(7168),
        // The first `num_dense_layers` layers are dense, the rest MoE; the
        // router's expert bias is a buffer.
        moe: Some(MoeDefaults {
            n_experts: 32,
            top_k: Some(4),
            width: ExpertWidth::MoeKey(1792),
            placement: Placement::FirstKDense,
            first_k_dense: 2,
            n_shared: 0,
            qwen_shared: None,
            router_bias: false,
            expert_bias: false,
        }),
        ..LFM2
    },
    Family {
        id: Id::Lfm3,
        types: &["lfm3"],
        class: "Lfm3Config",
        d_model: Some(2048),
        n_layers: Some(24),
        n_heads: Some(16),
        n_kv_heads: Some(4),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(7680),
        vocab: Some(128000),
        qkv_bias: Bias::Key(BiasKey::AttentionBias, false),
        o_bias: Bias::Key(BiasKey::AttentionBias, false),
        window: Window::All(Some(256)),
        // Its attention gate is `use_attention_gate` (build.rs, `attn_gate`).
        ..LFM2
    },
    Family {
        id: Id::SeedOss,
        types: &["seed_oss"],
        class: "SeedOssConfig",
        d_model: Some(4096),
        n_layers: Some(64),
        n_heads: Some(80),
        n_kv_heads: Some(8),
        head_dim: HeadDim::KeyOr(128),
        d_ff: DFf::Value(27648),
        vocab: Some(155136),
        context: Some(524288),
        // `attention_bias` covers q, k and v; the output projection has its own key.
        qkv_bias: Bias::Key(BiasKey::AttentionBias, true),
        o_bias: Bias::Key(BiasKey::AttentionOutBias, false),
        ..LLAMA
    },
    Family {
        id: Id::VaultGemma,
        types: &["vaultgemma"],
        class: "VaultGemmaConfig",
        // Gemma 2 without the post-attention and post-MLP norms.
        norms_per_layer: 2,
        ..GEMMA2
    },
    Family {
        id: Id::Xglm,
        gqa: false,
        types: &["xglm"],
        class: "XGLMConfig",
        names: Names {
            d_model: "d_model",
            n_layers: "num_layers",
            n_heads: "attention_heads",
            d_ff: "ffn_dim",
            ..HF
        },
        d_model: Some(1024),
        n_layers: Some(24),
        n_heads: Some(16),
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(4096),
        vocab: Some(256008),
        context: Some(2048),
        tied: true,
        norm: NormKind::LayerNorm,
        // Sinusoidal positions (no weights).
        qkv_bias: Bias::Fixed(true),
        o_bias: Bias::Fixed(true),
        mlp_bias: Bias::Fixed(true),
        gated: false,
        ..BASE
    },
    Family {
        id: Id::Youtu,
        types: &["youtu"],
        class: "YoutuConfig",
        // DeepSeek-V3's latent attention with a dense (Qwen3) MLP in every layer.
        d_model: Some(2048),
        n_layers: Some(32),
        n_heads: Some(16),
        n_kv_heads: Some(16),
        d_ff: DFf::Value(6144),
        vocab: Some(128256),
        context: Some(131072),
        tied: true,
        moe: None,
        ..DEEPSEEK_V3
    },
    Family {
        id: Id::StableLm,
        types: &["stablelm"],
        class: "StableLmConfig",
        d_model: Some(2560),
        n_layers: Some(32),
        n_heads: Some(32),
        n_kv_heads: Some(32),
        // StableLmConfig has no `head_dim`: the width is d_model / heads.
        head_dim: HeadDim::Derived,
        d_ff: DFf::Value(6912),
        vocab: Some(50304),
        context: Some(4096),
        // `use_qkv_bias` biases q, k and v; the output projection never has one.
        qkv_bias: Bias::Key(BiasKey::UseQkvBias, false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        norm: NormKind::LayerNorm,
        ..LLAMA
    },
    Family {
        id: Id::Rwkv,
        gqa: false,
        types: &["rwkv"],
        class: "RwkvConfig",
        names: Names {
            context: "context_length",
            ..HF
        },
        d_model: Some(4096),
        n_layers: Some(32),
        d_ff: DFf::TimesDModel(4),
        vocab: Some(50277),
        context: Some(1024),
        // LayerNorms with biases; the first block's `pre_ln` normalises the
        // embeddings; the channel mixing's key and value are a plain MLP.
        norm: NormKind::LayerNorm,
        mlp_bias: Bias::Fixed(false),
        gated: false,
        embed_norm: true,
        linear: Some(LinearMixer::Rwkv),
        ..BASE
    },
    Family {
        id: Id::XLstm,
        types: &["xlstm"],
        class: "xLSTMConfig",
        names: Names {
            n_heads: "num_heads",
            ..HF
        },
        d_model: Some(4096),
        n_layers: Some(32),
        n_heads: Some(8),
        // `up_proj_dim`: `ffn_proj_factor·d` rounded up to a multiple of
        // `ffn_round_up_to_multiple_of`.
        d_ff: DFf::Required,
        vocab: Some(50304),
        mlp_bias: Bias::Key(BiasKey::UseBias, false),
        linear: Some(LinearMixer::MLstm),
        ..BASE
    },
    Family {
        id: Id::Zamba,
        types: &["zamba"],
        class: "ZambaConfig",
        d_model: Some(3712),
        n_layers: Some(76),
        n_heads: Some(16),
        n_kv_heads: Some(16),
        d_ff: DFf::Value(14848),
        vocab: Some(32000),
        context: Some(4096),
        tied: true,
        // Mamba layers; at the hybrid layers one shared transformer block
        // (attention over [layer input, embeddings], a gated MLP) and a
        // per-layer linear map run before the Mamba layer.
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Fixed(false),
        ssm: Some(SsmDefaults {
            d_state: 16,
            d_conv: 4,
            expand: 2,
            n_heads: 0,
            head_dim: None,
            n_groups: 1,
            chunk: 0,
            conv_bias: true,
            proj_bias: false,
        }),
        ..LLAMA
    },
    Family {
        id: Id::Zamba2,
        types: &["zamba2"],
        class: "Zamba2Config",
        d_model: Some(2560),
        n_layers: Some(54),
        n_heads: Some(32),
        d_ff: DFf::TimesDModel(4),
        vocab: Some(32000),
        context: Some(4096),
        tied: true,
        // Mamba-2 layers; at the hybrid layers one of `num_mem_blocks`
        // shared transformer blocks (with per-use LoRA adapters) and a
        // per-layer linear map run before the Mamba-2 layer.
        qkv_bias: Bias::Fixed(false),
        o_bias: Bias::Fixed(false),
        mlp_bias: Bias::Key(BiasKey::AddBiasLinear, false),
        ssm: Some(SsmDefaults {
            d_state: 64,
            d_conv: 4,
            expand: 2,
            n_heads: 8,
            head_dim: None,
            n_groups: 1,
            chunk: 256,
            conv_bias: true,
            proj_bias: false,
        }),
        ..LLAMA
    },
];

/// The generic family for unknown `model_type`s: every size key required, Llama-style
/// structure (gated MLP, RMSNorm, biases only where `attention_bias`/`mlp_bias` say).
pub(crate) const GENERIC: Family = Family {
    class: "no config class (unknown family)",
    context: None,
    tied: true,
    ..BASE
};

/// `architectures` class-name prefixes, longest first where one prefixes another.
pub(crate) const ARCHITECTURES: &[(&str, &str)] = &[
    ("GPT2", "gpt2"),
    ("GPTNeoX", "gpt_neox"),
    ("GPTJ", "gptj"),
    ("OPT", "opt"),
    ("Bamba", "bamba"),
    ("Bloom", "bloom"),
    ("FalconH1", "falcon_h1"),
    ("FalconMamba", "falcon_mamba"),
    ("Falcon", "falcon"),
    ("GraniteMoeHybrid", "granitemoehybrid"),
    ("Jamba", "jamba"),
    ("Llama", "llama"),
    ("Mamba2", "mamba2"),
    ("Mamba", "mamba"),
    ("Mistral", "mistral"),
    ("Mixtral", "mixtral"),
    ("Qwen2Moe", "qwen2_moe"),
    ("Qwen2", "qwen2"),
    ("Qwen3Moe", "qwen3_moe"),
    ("Qwen3", "qwen3"),
    ("Gemma3", "gemma3_text"),
    ("Gemma2", "gemma2"),
    ("Gemma", "gemma"),
    ("Phi3", "phi3"),
    ("Phi", "phi"),
    ("NemotronH", "nemotron_h"),
    ("Olmo2", "olmo2"),
    ("Olmo", "olmo"),
    ("Starcoder2", "starcoder2"),
    ("DeepseekV2", "deepseek_v2"),
    ("DeepseekV3", "deepseek_v3"),
    ("AfmoeFor", "afmoe"),
    ("AriaTextFor", "aria_text"),
    ("AXK1For", "axk1"),
    ("AXK2For", "axk2"),
    ("BeamFor", "beam"),
    ("Cohere2MoeFor", "cohere2_moe"),
    ("DbrxFor", "dbrx"),
    ("DeepseekV32For", "deepseek_v32"),
    ("DeepseekV4For", "deepseek_v4"),
    ("Dots1For", "dots1"),
    ("Dots3NoteFor", "dots3_note_text"),
    ("Ernie4_5_MoeFor", "ernie4_5_moe"),
    ("ExaoneMoeFor", "exaone_moe"),
    ("FlexOlmoFor", "flex_olmo"),
    ("Glm4MoeFor", "glm4_moe"),
    ("Glm4MoeLiteFor", "glm4_moe_lite"),
    ("GlmMoeDsaFor", "glm_moe_dsa"),
    ("GraniteMoeSharedFor", "granitemoeshared"),
    ("GraniteMoeSWAFor", "granitemoe_swa"),
    ("HunYuanMoEV1For", "hunyuan_v1_moe"),
    ("HYV3For", "hy_v3"),
    ("HYV4For", "hy_v4"),
    ("JetMoeFor", "jetmoe"),
    ("Kolibri1For", "kolibri1"),
    ("LagunaFor", "laguna"),
    ("LongcatFlashFor", "longcat_flash"),
    ("MiMoV2FlashFor", "mimo_v2_flash"),
    ("MiniMaxM2For", "minimax_m2"),
    ("SarvamMoEFor", "sarvam_moe"),
    ("GptOss", "gpt_oss"),
    ("T5", "t5"),
    ("Bert", "bert"),
    ("Mllama", "mllama"),
    ("ChatGLM", "chatglm"),
    ("Zamba2", "zamba2"),
    ("Zamba", "zamba"),
    ("Apertus1p5", "apertus1p5_text"),
    ("Apertus", "apertus"),
    ("BitNet", "bitnet"),
    ("CohereCompass", "cohere_compass_text"),
    ("DiffLlama", "diffllama"),
    ("Doge", "doge"),
    ("Flint", "flint"),
    ("Gemma3n", "gemma3n_text"),
    ("Gemma4Unified", "gemma4_unified_text"),
    ("Gemma4", "gemma4_text"),
    ("GraniteSWA", "granite_swa"),
    ("HyperCLOVAX", "hyperclovax"),
    ("Jais2", "jais2"),
    ("Mellum", "mellum"),
    ("Ministral", "ministral"),
    ("ModernBertDecoder", "modernbert-decoder"),
    ("NanoChat", "nanochat"),
    ("Olmo3", "olmo3"),
    ("Persimmon", "persimmon"),
];

/// The family of a `model_type`.
pub(crate) fn by_type(model_type: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.types.contains(&model_type))
}

/// The family named by an `architectures` entry such as `"MistralForCausalLM"`.
pub(crate) fn by_architecture(class: &str) -> Option<&'static Family> {
    ARCHITECTURES
        .iter()
        .filter(|(prefix, _)| class.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .and_then(|(_, t)| by_type(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_model_type_resolves_to_one_family() {
        for fam in FAMILIES {
            for t in fam.types {
                assert_eq!(by_type(t).map(|f| f.id), Some(fam.id), "{t}");
            }
        }
    }

    #[test]
    fn architecture_prefixes_pick_the_longest_match() {
        assert_eq!(
            by_architecture("Qwen2MoeForCausalLM").map(|f| f.id),
            Some(Id::Qwen2Moe)
        );
        assert_eq!(
            by_architecture("Qwen2ForCausalLM").map(|f| f.id),
            Some(Id::Qwen2)
        );
        assert_eq!(
            by_architecture("Phi3ForCausalLM").map(|f| f.id),
            Some(Id::Phi3)
        );
        assert_eq!(
            by_architecture("Olmo2ForCausalLM").map(|f| f.id),
            Some(Id::Olmo2)
        );
        assert_eq!(by_architecture("Unknown"), None);
    }
}
