//! Stage 1 of ingestion: the raw, all-optional view of a `config.json`.
//!
//! [`RawConfig`] has one field per quantity flopcast reads, each filled from the first
//! of its Hugging Face spellings that is present (`hidden_size`, `n_embd`, `d_model`,
//! `n_embed` all fill `d_model`). A field keeps the key it came from and the JSON value
//! as found, so that stage 2 ([`super::build`]) can check its type only when the family
//! actually uses it, and name the key in any error. When two spellings disagree the
//! first wins and the disagreement is reported as an assumption.
//!
//! This is the only place, with [`super::families`] and [`super::build`], where
//! Hugging Face key names appear. It applies no defaults and checks no rules.

use serde_json::{Map, Value};

use super::error::ConfigError;
use super::json::describe;
use super::Assumption;

/// One value as found in the config, with the key it was found under.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawField {
    pub key: &'static str,
    pub value: Value,
}

/// A field that may be absent (`None`), null (`Some` holding `Value::Null`) or set.
pub(crate) type Opt = Option<RawField>;

impl RawField {
    /// The value as a count: a non-negative whole number. `None` for null.
    pub fn uint(&self) -> Result<Option<u64>, ConfigError> {
        match &self.value {
            Value::Null => Ok(None),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    return Ok(Some(u));
                }
                if let Some(i) = n.as_i64() {
                    return Err(ConfigError::invalid(
                        self.key,
                        &i.to_string(),
                        "it must be a positive whole number",
                    ));
                }
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < 9.0e15 {
                    // Whole numbers written as floats (4096.0) are read as integers.
                    return Ok(Some(f as u64));
                }
                let rule = if f < 0.0 {
                    "it must be a positive whole number"
                } else if f.fract() != 0.0 {
                    "it must be a whole number, without a fractional part"
                } else {
                    "it is far too large to be a count"
                };
                Err(ConfigError::invalid(self.key, &n.to_string(), rule))
            }
            Value::String(s) => {
                let expected = if s.trim().parse::<u64>().is_ok() {
                    format!("a number, written without quotes: {}", s.trim())
                } else {
                    "a whole number".to_string()
                };
                Err(self.wrong_type(expected))
            }
            other => Err(ConfigError::WrongType {
                key: self.key.into(),
                found: describe(other),
                expected: "a whole number".into(),
            }),
        }
    }

    /// The value as a non-negative number, whole or not (`2.667`). `None` for null.
    pub fn number(&self) -> Result<Option<f64>, ConfigError> {
        match &self.value {
            Value::Null => Ok(None),
            Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(ConfigError::invalid(
                    self.key,
                    &n.to_string(),
                    "it must be a positive number",
                )),
            },
            _ => Err(self.wrong_type("a number".into())),
        }
    }

    /// The value as an object (a nested settings block). `None` for null.
    pub fn object(&self) -> Result<Option<&Map<String, Value>>, ConfigError> {
        match &self.value {
            Value::Null => Ok(None),
            Value::Object(m) => Ok(Some(m)),
            _ => Err(self.wrong_type("an object in braces".into())),
        }
    }

    /// The value as a boolean. `None` for null.
    pub fn boolean(&self) -> Result<Option<bool>, ConfigError> {
        match &self.value {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(*b)),
            Value::String(s) if s == "true" || s == "false" => {
                Err(self.wrong_type(format!("true or false, written without quotes: {s}")))
            }
            _ => Err(self.wrong_type("true or false".into())),
        }
    }

    /// The value as a string. `None` for null.
    pub fn string(&self) -> Result<Option<&str>, ConfigError> {
        match &self.value {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            _ => Err(self.wrong_type("a string in double quotes".into())),
        }
    }

    /// The value as a list whose items `item` reads; `None` for null. A bad
    /// item is named by its index, a non-list by the whole key.
    fn list<'v, T>(
        &'v self,
        item: impl Fn(&'v Value) -> Option<T>,
        expected_item: &str,
        expected_list: &str,
    ) -> Result<Option<Vec<T>>, ConfigError> {
        match &self.value {
            Value::Null => Ok(None),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    item(v).ok_or_else(|| ConfigError::WrongType {
                        key: format!("{}[{i}]", self.key),
                        found: describe(v),
                        expected: expected_item.into(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            _ => Err(self.wrong_type(expected_list.into())),
        }
    }

    /// The value as a list of counts. `None` for null.
    pub fn uint_list(&self) -> Result<Option<Vec<u64>>, ConfigError> {
        self.list(
            Value::as_u64,
            "a layer index (a whole number from 0)",
            "a list of whole numbers, such as [0, 1]",
        )
    }

    /// The value as a list of strings. `None` for null.
    pub fn string_list(&self) -> Result<Option<Vec<&str>>, ConfigError> {
        self.list(
            Value::as_str,
            "a string such as \"full_attention\"",
            "a list of strings, such as [\"sliding_attention\", \"full_attention\"]",
        )
    }

    fn wrong_type(&self, expected: String) -> ConfigError {
        ConfigError::WrongType {
            key: self.key.into(),
            found: describe(&self.value),
            expected,
        }
    }
}

/// Spellings of each quantity, in priority order.
pub(crate) mod keys {
    pub const MODEL_TYPE: &[&str] = &["model_type"];
    pub const D_MODEL: &[&str] = &["hidden_size", "n_embd", "d_model", "n_embed"];
    pub const N_LAYERS: &[&str] = &["num_hidden_layers", "n_layer", "num_layers", "n_layers"];
    pub const N_DECODER_LAYERS: &[&str] = &["num_decoder_layers"];
    pub const N_HEADS: &[&str] = &[
        "num_attention_heads",
        "n_head",
        "num_heads",
        "n_heads",
        "attention_heads",
    ];
    pub const N_KV_HEADS: &[&str] = &[
        "num_key_value_heads",
        "num_kv_heads",
        "n_head_kv",
        "n_kv_heads",
    ];
    pub const HEAD_DIM: &[&str] = &["head_dim", "kv_channels", "d_kv"];
    pub const D_FF: &[&str] = &[
        "intermediate_size",
        "n_inner",
        "ffn_dim",
        "d_ff",
        "ffn_hidden_size",
        "inner_hidden_size",
        "dff",
    ];
    pub const VOCAB: &[&str] = &["vocab_size"];
    pub const PADDED_VOCAB: &[&str] = &["padded_vocab_size"];
    pub const CONTEXT: &[&str] = &[
        "max_position_embeddings",
        "n_positions",
        "n_ctx",
        "seq_length",
        "max_sequence_length",
        "max_seq_len",
    ];
    pub const N_EXPERTS: &[&str] = &[
        "num_local_experts",
        "num_experts",
        "n_routed_experts",
        "moe_num_experts",
    ];
    pub const TOP_K: &[&str] = &[
        "num_experts_per_tok",
        "experts_per_token",
        "num_experts_per_token",
        "moe_top_k",
        "moe_k",
        "moe_topk",
    ];
    pub const MOE_D_FF: &[&str] = &["moe_intermediate_size", "expert_ffn_hidden_size"];
    pub const N_SHARED: &[&str] = &[
        "n_shared_experts",
        "num_shared_experts",
        "moe_num_shared_experts",
    ];
    pub const SHARED_D_FF: &[&str] = &[
        "shared_expert_intermediate_size",
        "shared_experts_intermediate_size",
        "moe_shared_expert_intermediate_size",
        "shared_intermediate_size",
    ];
    pub const FIRST_K_DENSE: &[&str] = &["first_k_dense_replace", "num_dense_layers"];
    pub const MTP_LAYERS: &[&str] = &["num_nextn_predict_layers", "num_mtp_layers"];
    pub const ARCHITECTURES: &[&str] = &["architectures"];
    pub const TIED: &[&str] = &["tie_word_embeddings"];
    pub const ATTENTION_BIAS: &[&str] = &["attention_bias"];
    pub const MLP_BIAS: &[&str] = &["mlp_bias"];
    pub const IS_MOE: &[&str] = &["is_moe"];
    pub const MOE_LAYER_FREQ: &[&str] = &["moe_layer_freq"];
    pub const SPARSE_STEP: &[&str] = &["decoder_sparse_step", "interleave_moe_layer_step"];
    pub const MLP_ONLY_LAYERS: &[&str] = &["mlp_only_layers"];
    pub const Q_LORA_RANK: &[&str] = &["q_lora_rank"];
    pub const KV_LORA_RANK: &[&str] = &["kv_lora_rank"];
    pub const QK_ROPE_HEAD_DIM: &[&str] = &["qk_rope_head_dim"];
    pub const QK_NOPE_HEAD_DIM: &[&str] = &["qk_nope_head_dim"];
    pub const V_HEAD_DIM: &[&str] = &["v_head_dim"];
    pub const SLIDING_WINDOW: &[&str] = &["sliding_window"];
    pub const LAYER_TYPES: &[&str] = &["layer_types"];
    pub const QUANTIZATION: &[&str] = &["quantization_config"];
    pub const AUTO_MAP: &[&str] = &["auto_map"];
    pub const VISION: &[&str] = &["vision_config"];
    pub const ACTIVATION: &[&str] = &["hidden_act", "hidden_activation"];

    /// The quantities the generic rules (a model of no known family) read, as
    /// Llama-style decoders write them. Every other key this module picks is read
    /// only by some family; set in an unknown family's config, it marks a structure
    /// the generic rules do not model.
    pub const GENERIC: &[&[&str]] = &[
        MODEL_TYPE,
        ARCHITECTURES,
        D_MODEL,
        N_LAYERS,
        N_HEADS,
        N_KV_HEADS,
        HEAD_DIM,
        D_FF,
        VOCAB,
        CONTEXT,
        TIED,
        ATTENTION_BIAS,
        MLP_BIAS,
        IS_MOE,
        N_EXPERTS,
        TOP_K,
        MOE_D_FF,
        N_SHARED,
        SHARED_D_FF,
        FIRST_K_DENSE,
        MOE_LAYER_FREQ,
        SPARSE_STEP,
        MLP_ONLY_LAYERS,
        Q_LORA_RANK,
        KV_LORA_RANK,
        QK_ROPE_HEAD_DIM,
        QK_NOPE_HEAD_DIM,
        V_HEAD_DIM,
        SLIDING_WINDOW,
        LAYER_TYPES,
        QUANTIZATION,
        AUTO_MAP,
        VISION,
    ];

    /// Sizes whose first spelling is the Llama-style one. The others are other
    /// families' spellings (GPT-2's `n_embd`, `n_inner` and `n_positions`, T5's and
    /// MPT's `d_model`): the generic rules read them, but a config written that way
    /// comes from a family whose structure is probably not Llama-style.
    pub const SIZES: &[&[&str]] = &[
        D_MODEL, N_LAYERS, N_HEADS, N_KV_HEADS, HEAD_DIM, D_FF, CONTEXT,
    ];
    /// Keys of linear-attention, convolution and recurrent mixers and their
    /// hybrids' layouts (and of MiniMax-M3's block indexer and MLP widths,
    /// ZAYA's CCA and router),
    /// each read under its exact spelling by the families that use it (see
    /// `build`'s token mixers).
    pub const LINEAR: &[&str] = &[
        "H_cycles",
        "L_cycles",
        "attention_hidden_size",
        "attention_window_size",
        "block_auto_adjust_ff_dim",
        "block_ff_dim",
        "block_ffn_dim_multiplier",
        "block_multiple_of",
        "block_size",
        "block_types",
        "cca_time0",
        "cca_time1",
        "chunk_size",
        "context_length",
        "conv1d_width",
        "conv_L_cache",
        "conv_bias",
        "dense_intermediate_size",
        "embedding_dim",
        "ffn_proj_factor",
        "ffn_round_up_to_multiple_of",
        "full_attention_interval",
        "full_attn_idxs",
        "hc_count",
        "hc_lowrank",
        "heads_per_ngram",
        "index_block_size",
        "index_head_dim",
        "index_local_blocks",
        "index_n_heads",
        "index_topk_blocks",
        "indexer_budget",
        "indexer_compress_ratio",
        "indexer_head_dim",
        "indexer_kv_heads",
        "indexer_n_heads",
        "layer_group_size",
        "linear_attn_config",
        "linear_conv_kernel_dim",
        "linear_head_dim",
        "linear_key_head_dim",
        "linear_num_heads",
        "linear_num_key_heads",
        "linear_num_value_heads",
        "linear_value_head_dim",
        "lru_width",
        "make_ngram_vocab_size_divisible_by",
        "mlp_layer_types",
        "model_max_length",
        "n_input_layers",
        "n_output_layers",
        "n_recurrent_layers",
        "n_recurrent_loops",
        "ngram_size",
        "ngram_vocab_size_base",
        "num_blocks",
        "num_dense_layers",
        "num_layers_per_stack",
        "ple_conv_kernel_size",
        "ple_embed_dim",
        "ple_layer_ids",
        "qk_dim_factor",
        "router_hidden_size",
        "shared_intermediate_size",
        "short_conv_kernel_size",
        "sparse_attention_config",
        "tie_embedding",
        "use_attention_gate",
        "use_sandwich_norm",
        "v_dim_factor",
        "weight_mode",
    ];
    /// State-space and hybrid keys, each read under its exact spelling: the
    /// families spell the same quantity differently (`state_size`,
    /// `mamba_d_state`, `ssm_state_size`) and a family reads only its own, so
    /// the builder picks the spellings per family (see `build::hybrid`).
    pub const SSM: &[&str] = &[
        "adapter_rank",
        "attention_head_dim",
        "attention_hidden_size",
        "attn_layer_indices",
        "attn_layer_offset",
        "attn_layer_period",
        "chunk_size",
        "conv_kernel",
        "expand",
        "expert_layer_offset",
        "expert_layer_period",
        "hybrid_layer_ids",
        "hybrid_override_pattern",
        "layers_block_type",
        "mamba_chunk_size",
        "mamba_conv_bias",
        "mamba_d_conv",
        "mamba_d_head",
        "mamba_d_ssm",
        "mamba_d_state",
        "mamba_dt_rank",
        "mamba_expand",
        "mamba_head_dim",
        "mamba_headdim",
        "mamba_n_groups",
        "mamba_n_heads",
        "mamba_ngroups",
        "mamba_num_heads",
        "mamba_proj_bias",
        "mamba_rms_norm",
        "moe_latent_size",
        "moe_shared_expert_intermediate_size",
        "n_groups",
        "n_mamba_heads",
        "num_heads",
        "num_mem_blocks",
        "position_embedding_type",
        "projectors_bias",
        "shared_intermediate_size",
        "ssm_state_size",
        "state_size",
        "time_step_rank",
        "use_conv_bias",
        "use_shared_attention_adapter",
        "use_shared_mlp_adapter",
    ];
}

/// The quantities flopcast reads, as found. See the module documentation.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawConfig {
    pub model_type: Opt,
    pub architectures: Opt,
    pub d_model: Opt,
    pub n_layers: Opt,
    pub n_decoder_layers: Opt,
    pub n_heads: Opt,
    pub n_kv_heads: Opt,
    pub multi_query: Opt,
    pub multi_query_attention: Opt,
    pub multi_query_group_num: Opt,
    pub head_dim: Opt,
    pub d_ff: Opt,
    pub vocab_size: Opt,
    pub padded_vocab_size: Opt,
    pub context: Opt,
    pub tie_word_embeddings: Opt,
    pub attention_bias: Opt,
    pub mlp_bias: Opt,
    pub bias: Opt,
    pub use_bias: Opt,
    pub qkv_bias: Opt,
    pub enable_bias: Opt,
    pub add_qkv_bias: Opt,
    pub add_bias_linear: Opt,
    pub new_decoder_architecture: Opt,
    pub parallel_attn: Opt,
    pub use_parallel_residual: Opt,
    pub num_ln_in_parallel_attn: Opt,
    pub word_embed_proj_dim: Opt,
    pub do_layer_norm_before: Opt,
    pub remove_final_layer_norm: Opt,
    pub layer_norm_elementwise_affine: Opt,
    pub qk_layernorm: Opt,
    pub rmsnorm: Opt,
    pub post_layer_norm: Opt,
    pub position_encoding_2d: Opt,
    pub feed_forward_proj: Opt,
    pub is_gated_act: Opt,
    pub relative_attention_num_buckets: Opt,
    pub type_vocab_size: Opt,
    pub cross_attention_layers: Opt,
    pub add_cross_attention: Opt,
    pub use_qkv_bias: Opt,
    pub attention_out_bias: Opt,
    pub lm_head_bias: Opt,
    pub use_qk_norm: Opt,
    pub is_moe: Opt,
    pub moe_layers: Opt,
    pub intermediate_size_mlp: Opt,
    pub n_experts: Opt,
    pub top_k: Opt,
    pub moe_d_ff: Opt,
    pub n_shared_experts: Opt,
    pub shared_expert_d_ff: Opt,
    pub first_k_dense_replace: Opt,
    pub moe_layer_freq: Opt,
    pub decoder_sparse_step: Opt,
    pub mlp_only_layers: Opt,
    pub q_lora_rank: Opt,
    pub kv_lora_rank: Opt,
    pub qk_rope_head_dim: Opt,
    pub qk_nope_head_dim: Opt,
    pub v_head_dim: Opt,
    pub mtp_layers: Opt,
    pub sliding_window: Opt,
    pub layer_types: Opt,
    pub use_sliding_window: Opt,
    pub max_window_layers: Opt,
    pub sliding_window_pattern: Opt,
    pub attention_types: Opt,
    pub attention_layers: Opt,
    pub window_size: Opt,
    pub expansion_ratio: Opt,
    pub no_bias: Opt,
    pub attn_config: Opt,
    pub intermediate_multiple_size: Opt,
    pub quantization_config: Opt,
    pub auto_map: Opt,
    pub vision_config: Opt,
    pub is_encoder_decoder: Opt,
    /// The [`keys::LINEAR`] keys present in the config, each under its own name.
    pub linear: Vec<RawField>,
    /// The [`keys::SSM`] keys present in the config, each under its own name.
    pub ssm: Vec<RawField>,
    pub hidden_act: Opt,
    pub output_vocab_size: Opt,
    pub use_post_norm: Opt,
    pub global_head_dim: Opt,
    pub num_global_key_value_heads: Opt,
    pub attention_k_eq_v: Opt,
    pub num_kv_shared_layers: Opt,
    pub enable_moe_block: Opt,
    pub use_double_wide_mlp: Opt,
    pub top_k_experts: Opt,
    pub hidden_size_per_layer_input: Opt,
    pub vocab_size_per_layer_input: Opt,
    pub per_layer_config: Opt,
    pub use_bidirectional_attention: Opt,
    pub altup_num_inputs: Opt,
    pub laurel_rank: Opt,
    pub mlp_layer_types: Opt,
    pub local_attention: Opt,
    pub global_attn_every_n_layers: Opt,
    pub norm_bias: Opt,
    pub decoder_bias: Opt,
    pub classifier_bias: Opt,
    // Mixture-of-experts and sparse-attention families (issue 12).
    pub index_n_heads: Opt,
    pub index_head_dim: Opt,
    pub index_topk: Opt,
    pub indexer_types: Opt,
    pub index_topk_pattern: Opt,
    pub index_topk_freq: Opt,
    pub index_skip_topk_offset: Opt,
    pub zero_expert_num: Opt,
    pub router_bias: Opt,
    pub moe_layer_start_index: Opt,
    pub moe_layer_end_index: Opt,
    pub moe_layer_interval: Opt,
    pub gating: Opt,
    pub heads_per_layer: Opt,
    pub hc_mult: Opt,
    pub use_dsa: Opt,
    pub sliding_window_size: Opt,
    pub prefix_dense_d_ff: Opt,
    pub prefix_dense_window_pattern: Opt,
    pub gated_norm_rank: Opt,
    pub qk_head_dim: Opt,
    pub o_groups: Opt,
    pub o_lora_rank: Opt,
    pub compress_ratios: Opt,
    pub compress_rates: Opt,
    pub compress_rate_csa: Opt,
    pub compress_rate_hca: Opt,
    /// Nested sections (DBRX's `attn_config` and `ffn_config`, DeepSeek-V4's
    /// `compress_rates`), read by [`Self::nested`].
    pub sections: Vec<(&'static str, Map<String, Value>)>,
    /// dots3's `swa_*` keys (its sliding layers' sizes), read by [`Self::swa`].
    pub swa_keys: Map<String, Value>,
}

impl RawConfig {
    /// Reads the quantities from one JSON object. Disagreeing spellings become
    /// assumptions in `notes`.
    pub fn from_map(map: &Map<String, Value>, notes: &mut Vec<Assumption>) -> RawConfig {
        let mut raw = RawConfig::read(|names| pick(map, names, notes));
        raw.sections = ["attn_config", "ffn_config", "compress_rates"]
            .into_iter()
            .filter_map(|name| match map.get(name) {
                Some(Value::Object(m)) => Some((name, m.clone())),
                _ => None,
            })
            .collect();
        raw.swa_keys = map
            .iter()
            .filter(|(k, _)| k.starts_with("swa_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        raw
    }

    /// Every key this module reads, each quantity's spellings in priority order.
    /// Derived from [`RawConfig::read`] itself, so it cannot drift from it.
    pub fn spellings() -> Vec<&'static [&'static str]> {
        let mut all = Vec::new();
        RawConfig::read(|names| {
            all.push(names);
            None
        });
        all
    }

    /// One field per quantity, each filled by `pick` from its spellings.
    fn read(mut pick: impl FnMut(&'static [&'static str]) -> Opt) -> RawConfig {
        RawConfig {
            model_type: pick(keys::MODEL_TYPE),
            architectures: pick(keys::ARCHITECTURES),
            d_model: pick(keys::D_MODEL),
            n_layers: pick(keys::N_LAYERS),
            n_decoder_layers: pick(keys::N_DECODER_LAYERS),
            n_heads: pick(keys::N_HEADS),
            n_kv_heads: pick(keys::N_KV_HEADS),
            multi_query: pick(&["multi_query"]),
            multi_query_attention: pick(&["multi_query_attention"]),
            multi_query_group_num: pick(&["multi_query_group_num"]),
            head_dim: pick(keys::HEAD_DIM),
            d_ff: pick(keys::D_FF),
            vocab_size: pick(keys::VOCAB),
            padded_vocab_size: pick(keys::PADDED_VOCAB),
            context: pick(keys::CONTEXT),
            tie_word_embeddings: pick(keys::TIED),
            attention_bias: pick(keys::ATTENTION_BIAS),
            mlp_bias: pick(keys::MLP_BIAS),
            bias: pick(&["bias"]),
            use_bias: pick(&["use_bias"]),
            qkv_bias: pick(&["qkv_bias"]),
            enable_bias: pick(&["enable_bias"]),
            add_qkv_bias: pick(&["add_qkv_bias"]),
            add_bias_linear: pick(&["add_bias_linear"]),
            new_decoder_architecture: pick(&["new_decoder_architecture"]),
            parallel_attn: pick(&["parallel_attn"]),
            use_parallel_residual: pick(&["use_parallel_residual"]),
            num_ln_in_parallel_attn: pick(&["num_ln_in_parallel_attn"]),
            word_embed_proj_dim: pick(&["word_embed_proj_dim"]),
            do_layer_norm_before: pick(&["do_layer_norm_before"]),
            remove_final_layer_norm: pick(&["_remove_final_layer_norm"]),
            layer_norm_elementwise_affine: pick(&["layer_norm_elementwise_affine"]),
            qk_layernorm: pick(&["qk_layernorm"]),
            rmsnorm: pick(&["rmsnorm"]),
            post_layer_norm: pick(&["post_layer_norm"]),
            position_encoding_2d: pick(&["position_encoding_2d"]),
            feed_forward_proj: pick(&["feed_forward_proj"]),
            is_gated_act: pick(&["is_gated_act"]),
            relative_attention_num_buckets: pick(&["relative_attention_num_buckets"]),
            type_vocab_size: pick(&["type_vocab_size"]),
            cross_attention_layers: pick(&["cross_attention_layers"]),
            add_cross_attention: pick(&["add_cross_attention"]),
            use_qkv_bias: pick(&["use_qkv_bias"]),
            attention_out_bias: pick(&["attention_out_bias"]),
            lm_head_bias: pick(&["lm_head_bias"]),
            use_qk_norm: pick(&["use_qk_norm"]),
            is_moe: pick(keys::IS_MOE),
            moe_layers: pick(&["moe_layers"]),
            intermediate_size_mlp: pick(&["intermediate_size_mlp"]),
            n_experts: pick(keys::N_EXPERTS),
            top_k: pick(keys::TOP_K),
            moe_d_ff: pick(keys::MOE_D_FF),
            n_shared_experts: pick(keys::N_SHARED),
            shared_expert_d_ff: pick(keys::SHARED_D_FF),
            first_k_dense_replace: pick(keys::FIRST_K_DENSE),
            moe_layer_freq: pick(keys::MOE_LAYER_FREQ),
            decoder_sparse_step: pick(keys::SPARSE_STEP),
            mlp_only_layers: pick(keys::MLP_ONLY_LAYERS),
            q_lora_rank: pick(keys::Q_LORA_RANK),
            kv_lora_rank: pick(keys::KV_LORA_RANK),
            qk_rope_head_dim: pick(keys::QK_ROPE_HEAD_DIM),
            qk_nope_head_dim: pick(keys::QK_NOPE_HEAD_DIM),
            v_head_dim: pick(keys::V_HEAD_DIM),
            mtp_layers: pick(keys::MTP_LAYERS),
            sliding_window: pick(keys::SLIDING_WINDOW),
            layer_types: pick(keys::LAYER_TYPES),
            use_sliding_window: pick(&["use_sliding_window"]),
            max_window_layers: pick(&["max_window_layers"]),
            sliding_window_pattern: pick(&["sliding_window_pattern", "_sliding_window_pattern"]),
            attention_types: pick(&["attention_types"]),
            attention_layers: pick(&["attention_layers"]),
            window_size: pick(&["window_size"]),
            expansion_ratio: pick(&["expansion_ratio"]),
            no_bias: pick(&["no_bias"]),
            attn_config: pick(&["attn_config"]),
            intermediate_multiple_size: pick(&["intermediate_multiple_size"]),
            quantization_config: pick(keys::QUANTIZATION),
            auto_map: pick(keys::AUTO_MAP),
            vision_config: pick(keys::VISION),
            is_encoder_decoder: pick(&["is_encoder_decoder"]),
            linear: keys::LINEAR
                .iter()
                .filter_map(|key| pick(std::slice::from_ref(key)))
                .collect(),
            ssm: keys::SSM
                .iter()
                .filter_map(|key| pick(std::slice::from_ref(key)))
                .collect(),
            hidden_act: pick(keys::ACTIVATION),
            output_vocab_size: pick(&["output_vocab_size"]),
            use_post_norm: pick(&["use_post_norm"]),
            global_head_dim: pick(&["global_head_dim"]),
            num_global_key_value_heads: pick(&["num_global_key_value_heads"]),
            attention_k_eq_v: pick(&["attention_k_eq_v"]),
            num_kv_shared_layers: pick(&["num_kv_shared_layers"]),
            enable_moe_block: pick(&["enable_moe_block"]),
            use_double_wide_mlp: pick(&["use_double_wide_mlp"]),
            top_k_experts: pick(&["top_k_experts"]),
            hidden_size_per_layer_input: pick(&["hidden_size_per_layer_input"]),
            vocab_size_per_layer_input: pick(&["vocab_size_per_layer_input"]),
            per_layer_config: pick(&["per_layer_config"]),
            use_bidirectional_attention: pick(&["use_bidirectional_attention"]),
            altup_num_inputs: pick(&["altup_num_inputs"]),
            laurel_rank: pick(&["laurel_rank"]),
            mlp_layer_types: pick(&["mlp_layer_types"]),
            local_attention: pick(&["local_attention"]),
            global_attn_every_n_layers: pick(&["global_attn_every_n_layers"]),
            norm_bias: pick(&["norm_bias"]),
            decoder_bias: pick(&["decoder_bias"]),
            classifier_bias: pick(&["classifier_bias"]),
            index_n_heads: pick(&["index_n_heads"]),
            index_head_dim: pick(&["index_head_dim"]),
            index_topk: pick(&["index_topk"]),
            indexer_types: pick(&["indexer_types"]),
            index_topk_pattern: pick(&["index_topk_pattern"]),
            index_topk_freq: pick(&["index_topk_freq"]),
            index_skip_topk_offset: pick(&["index_skip_topk_offset"]),
            zero_expert_num: pick(&["zero_expert_num"]),
            router_bias: pick(&["router_bias"]),
            moe_layer_start_index: pick(&["moe_layer_start_index"]),
            moe_layer_end_index: pick(&["moe_layer_end_index"]),
            moe_layer_interval: pick(&["moe_layer_interval"]),
            gating: pick(&["gating"]),
            heads_per_layer: pick(&["num_attention_heads_per_layer"]),
            hc_mult: pick(&["hc_mult"]),
            use_dsa: pick(&["use_dsa"]),
            sliding_window_size: pick(&["sliding_window_size"]),
            prefix_dense_d_ff: pick(&["prefix_dense_intermediate_size"]),
            prefix_dense_window_pattern: pick(&["prefix_dense_sliding_window_pattern"]),
            gated_norm_rank: pick(&["gated_norm_rank"]),
            qk_head_dim: pick(&["qk_head_dim"]),
            o_groups: pick(&["o_groups"]),
            o_lora_rank: pick(&["o_lora_rank"]),
            compress_ratios: pick(&["compress_ratios"]),
            compress_rates: pick(&["compress_rates"]),
            compress_rate_csa: pick(&["compress_rate_csa"]),
            compress_rate_hca: pick(&["compress_rate_hca"]),
            sections: Vec::new(),
            swa_keys: Map::new(),
        }
    }

    /// A [`keys::LINEAR`] key under its exact spelling; `None` when absent.
    pub fn linear_key(&self, key: &str) -> Opt {
        self.linear.iter().find(|f| f.key == key).cloned()
    }

    /// A [`keys::SSM`] key under its exact spelling; `None` when absent.
    pub fn ssm_key(&self, key: &str) -> Opt {
        self.ssm.iter().find(|f| f.key == key).cloned()
    }

    /// A `swa_*` key's value, if present.
    pub fn swa(&self, key: &str) -> Option<Value> {
        self.swa_keys.get(key).cloned()
    }

    /// A key inside a nested section (`ffn_config.moe_num_experts`), with the
    /// dotted path as its name; `None` when the section or the key is absent.
    pub fn nested(&self, section: &str, key: &'static str, path: &'static str) -> Opt {
        self.sections
            .iter()
            .find(|(name, _)| *name == section)
            .and_then(|(_, m)| m.get(key))
            .map(|value| RawField {
                key: path,
                value: value.clone(),
            })
    }

    /// Whether any quantity that describes a model's size is present.
    pub fn has_dimensions(&self) -> bool {
        [
            &self.d_model,
            &self.n_layers,
            &self.n_heads,
            &self.d_ff,
            &self.vocab_size,
            &self.padded_vocab_size,
        ]
        .iter()
        .any(|f| f.as_ref().is_some_and(|f| !f.value.is_null()))
    }
}

/// The first present spelling of a quantity. A later spelling with a different
/// non-null value is reported.
fn pick(
    map: &Map<String, Value>,
    names: &'static [&'static str],
    notes: &mut Vec<Assumption>,
) -> Opt {
    let mut found: Option<RawField> = None;
    for &key in names {
        let Some(value) = map.get(key) else { continue };
        match &found {
            None => {
                found = Some(RawField {
                    key,
                    value: value.clone(),
                })
            }
            Some(first) => {
                if !value.is_null() && !first.value.is_null() && *value != first.value {
                    notes.push(Assumption::new(
                        Some(first.key),
                        format!(
                            "both `{}` ({}) and `{key}` ({}) are set: used `{}`",
                            first.key, first.value, value, first.key
                        ),
                    ));
                }
            }
        }
    }
    found
}
