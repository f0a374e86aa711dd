//! Stage 2 of ingestion: a [`RawConfig`] and its [`Family`] become a validated
//! [`ModelSpec`], with every default applied recorded as an [`Assumption`].
//!
//! The rules are general and driven by the config: a family contributes defaults and
//! structural facts ([`super::families`]), the config's keys override them. Values are
//! type-checked here, when used, so that an error names the key as written. It does
//! no parsing of text and counts nothing.

mod hybrid;

use std::collections::BTreeSet;

use crate::model::{
    Attention, AttnExperts, AttnGate, BlockIndexer, Cca, Decay, DeltaNet, Embeddings, Ffn, Head,
    HeadTransform, HyperConnections, Indexer, Layer, LayerGroup, Lightning, MLstm, Mixer, Mla, Mlp,
    ModelSpec, Moe, NormGates, NormKind, PerLayerInputs, QkNorm, RgLru, Rwkv, SharedExperts,
    ShortConv, SpecError, Stack, StackKind, MAX_CONTEXT, MAX_DIM, MAX_LAYERS,
};
use crate::params;

use super::error::ConfigError;
use super::families::{
    self, Bias, BiasKey, DFf, ExpertWidth, Family, HeadDim, Id, LinearMixer, Placement, Window,
};
use super::raw::{Opt, RawConfig, RawField};
use super::Assumption;

mod deepseek_v4;

/// Mllama's token embedding has 8 rows beyond the vocabulary (image tokens).
const MLLAMA_EXTRA_ROWS: u64 = 8;
/// MllamaTextConfig's default cross-attention layers.
const MLLAMA_CROSS_LAYERS: [u64; 8] = [3, 8, 13, 18, 23, 28, 33, 38];
/// ChatGLM-6B (v1) defaults from THUDM's `configuration_chatglm.py`.
const CHATGLM_V1_VOCAB: u64 = 150528;
const CHATGLM_V1_D_FF: u64 = 16384;

/// Builds the spec for `raw`, read as `fam`.
pub(crate) fn build(
    raw: &RawConfig,
    fam: &'static Family,
    notes: &mut Vec<Assumption>,
) -> Result<ModelSpec, ConfigError> {
    let nested;
    let raw = if fam.id == Id::Dbrx {
        nested = dbrx_view(raw);
        &nested
    } else {
        raw
    };
    let mut b = Builder { raw, fam, notes };
    let spec = match fam.id {
        Id::T5 => b.t5()?,
        Id::Gemma3n | Id::Gemma4 | Id::Gemma4Unified => b.gemma()?,
        Id::Bert => b.bert()?,
        _ if fam.ssm.is_some() => b.hybrid()?,
        Id::DeepseekV4 => b.deepseek_v4()?,
        _ => b.decoder()?,
    };
    params::validate(&spec)?;
    Ok(spec)
}

/// DBRX keeps its attention and feed-forward sizes in nested sections
/// (`attn_config`, `ffn_config`); transformers reads only those.
fn dbrx_view(raw: &RawConfig) -> RawConfig {
    RawConfig {
        n_kv_heads: raw.nested("attn_config", "kv_n_heads", "attn_config.kv_n_heads"),
        d_ff: raw.nested(
            "ffn_config",
            "ffn_hidden_size",
            "ffn_config.ffn_hidden_size",
        ),
        n_experts: raw.nested(
            "ffn_config",
            "moe_num_experts",
            "ffn_config.moe_num_experts",
        ),
        top_k: raw.nested("ffn_config", "moe_top_k", "ffn_config.moe_top_k"),
        moe_d_ff: None,
        n_shared_experts: None,
        shared_expert_d_ff: None,
        ..raw.clone()
    }
}

struct Builder<'a> {
    raw: &'a RawConfig,
    fam: &'static Family,
    notes: &'a mut Vec<Assumption>,
}

/// A layer's attention type, from `layer_types` or the family's pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AttnType {
    Full,
    Sliding,
    /// Full attention with a DeepSeek-sparse-attention indexer (dots3).
    Indexed,
}

/// Attention settings shared by a model's layers.
#[derive(Clone, Copy)]
struct AttnParts {
    n_heads: u64,
    n_kv_heads: u64,
    head_dim: u64,
    qkv_bias: bool,
    o_bias: bool,
    qk_norm: Option<QkNorm>,
    /// The query/key norms' kind when it is not the model's.
    qk_norm_kind: Option<NormKind>,
    mla: Option<Mla>,
    v_head_dim: Option<u64>,
    gate: Option<AttnGate>,
}

impl AttnParts {
    /// Placeholder attention for a model whose layers are all token mixers
    /// (RWKV, xLSTM): no layer uses it.
    fn none() -> AttnParts {
        AttnParts {
            n_heads: 1,
            n_kv_heads: 1,
            head_dim: 1,
            qkv_bias: false,
            o_bias: false,
            qk_norm: None,
            qk_norm_kind: None,
            mla: None,
            v_head_dim: None,
            gate: None,
        }
    }
}

/// What a few families add to a Llama-style layer.
#[derive(Clone, Copy, Debug, Default)]
struct Extras {
    /// DiffLlama's differential attention.
    differential: bool,
    /// Doge's dynamic mask and residual scales.
    doge: bool,
    /// BitNet's sub-norms before the output and down projections.
    sub_norms: bool,
    /// Learned parameters of the MLP's activation (Apertus's xIELU: 2).
    act_params: u64,
}

impl Builder<'_> {
    fn note(&mut self, key: &str, text: String) {
        self.notes.push(Assumption::new(Some(key), text));
    }

    /// `name` as this family's config.json spells it ([`families::spelling`]).
    fn spelled<'a>(&self, name: &'a str) -> &'a str {
        families::spelling(self.fam.id, name).unwrap_or(name)
    }

    /// Where a default comes from: the family's config class, or nothing
    /// (an unknown family) in which case it is an assumption.
    fn default_source(&self) -> String {
        if self.fam.id == Id::Generic {
            "assumed".to_string()
        } else {
            format!("used {}'s default,", self.fam.class)
        }
    }

    /// A count from `field`, else the family default (noted), else an error.
    fn count(
        &mut self,
        field: &Opt,
        name: &str,
        default: Option<u64>,
        min: u64,
        max: u64,
    ) -> Result<u64, ConfigError> {
        let value = match field {
            Some(f) => f.uint()?,
            None => None,
        };
        let key = field.as_ref().map_or(self.spelled(name), |f| f.key);
        match value {
            Some(v) => {
                if v < min {
                    let rule = if name == self.fam.names.n_layers {
                        "a model needs at least 1 layer".to_string()
                    } else {
                        format!("it must be at least {min}")
                    };
                    return Err(ConfigError::invalid(key, &v.to_string(), &rule));
                }
                if v > max {
                    return Err(SpecError::TooLargeValue {
                        key: key.into(),
                        value: v,
                        max,
                    }
                    .into());
                }
                Ok(v)
            }
            None => match default {
                Some(d) => {
                    let how = if field.is_some() {
                        "is null"
                    } else {
                        "missing"
                    };
                    let text = format!("`{key}` {how}: {} {d}", self.default_source());
                    self.note(key, text);
                    Ok(d)
                }
                None => Err(self.missing(key)),
            },
        }
    }

    fn missing(&self, name: &str) -> ConfigError {
        let why = if self.fam.id == Id::Generic {
            "the family is unknown, so there is no default".to_string()
        } else {
            format!("{} has no default for it", self.fam.class)
        };
        ConfigError::Missing {
            key: name.into(),
            why,
        }
    }

    /// A boolean from `field`, else `default` (noted with what it means).
    fn flag(
        &mut self,
        field: &Opt,
        name: &str,
        default: bool,
        meaning: &str,
    ) -> Result<bool, ConfigError> {
        let value = match field {
            Some(f) => f.boolean()?,
            None => None,
        };
        Ok(match value {
            Some(v) => v,
            None => {
                let key = field.as_ref().map_or(self.spelled(name), |f| f.key);
                let how = if field.is_some() {
                    "is null"
                } else {
                    "missing"
                };
                let text = if self.fam.id == Id::Generic {
                    format!("`{key}` {how}: assumed {default}{meaning}")
                } else {
                    format!(
                        "`{key}` {how}: {}'s default is {default}{meaning}",
                        self.fam.class
                    )
                };
                self.note(key, text);
                default
            }
        })
    }

    /// The config's `head_dim` key itself (not `kv_channels` or `d_kv`), when
    /// set: an `attribute_map` alias in some families.
    fn head_dim_alias(&self) -> Opt {
        self.raw
            .head_dim
            .clone()
            .filter(|f| f.key == "head_dim" && !f.value.is_null())
    }

    /// A boolean that only matters when set; absent means `default`, silently.
    fn quiet_flag(field: &Opt, default: bool) -> Result<bool, ConfigError> {
        Ok(match field {
            Some(f) => f.boolean()?.unwrap_or(default),
            None => default,
        })
    }

    fn bias(&mut self, rule: Bias, what: &str) -> Result<bool, ConfigError> {
        match rule {
            Bias::Fixed(b) => Ok(b),
            Bias::Key(key, default) => {
                let raw = self.raw;
                let (field, name) = match key {
                    // Sarvam's config maps `use_qkv_bias` onto `attention_bias`
                    // (an `attribute_map` alias): when a config has both, the
                    // alias is set last and wins, as in transformers.
                    BiasKey::AttentionBias
                        if self.fam.id == Id::SarvamMoe
                            && raw
                                .use_qkv_bias
                                .as_ref()
                                .is_some_and(|f| !f.value.is_null()) =>
                    {
                        (&raw.use_qkv_bias, "use_qkv_bias")
                    }
                    BiasKey::AttentionBias => (&raw.attention_bias, "attention_bias"),
                    BiasKey::MlpBias => (&raw.mlp_bias, "mlp_bias"),
                    BiasKey::Bias => (&raw.bias, "bias"),
                    BiasKey::UseBias => (&raw.use_bias, "use_bias"),
                    BiasKey::UseQkvBias => (&raw.use_qkv_bias, "use_qkv_bias"),
                    BiasKey::AttentionOutBias => (&raw.attention_out_bias, "attention_out_bias"),
                    BiasKey::QkvBias => (&raw.qkv_bias, "qkv_bias"),
                    BiasKey::EnableBias => (&raw.enable_bias, "enable_bias"),
                    BiasKey::AddQkvBias => (&raw.add_qkv_bias, "add_qkv_bias"),
                    BiasKey::AddBiasLinear => (&raw.add_bias_linear, "add_bias_linear"),
                    BiasKey::LmHeadBias => (&raw.lm_head_bias, "lm_head_bias"),
                    // InternLM3's aliases, read when the standard key is absent.
                    BiasKey::AttentionOrQkvBias => match &raw.attention_bias {
                        None => (&raw.qkv_bias, "attention_bias"),
                        some => (some, "attention_bias"),
                    },
                    BiasKey::MlpOrBias => match &raw.mlp_bias {
                        None => (&raw.bias, "mlp_bias"),
                        some => (some, "mlp_bias"),
                    },
                };
                let what = match key {
                    BiasKey::AttentionBias | BiasKey::AttentionOrQkvBias => {
                        format!("{what} projections")
                    }
                    BiasKey::MlpBias | BiasKey::MlpOrBias => "MLP projections".to_string(),
                    BiasKey::QkvBias | BiasKey::AddQkvBias | BiasKey::UseQkvBias => {
                        "query/key/value projections".to_string()
                    }
                    BiasKey::AddBiasLinear => "output and MLP projections".to_string(),
                    BiasKey::AttentionOutBias => "attention output projection".to_string(),
                    BiasKey::LmHeadBias => "output head".to_string(),
                    BiasKey::Bias | BiasKey::UseBias | BiasKey::EnableBias => {
                        "linear layers".to_string()
                    }
                };
                let meaning = if default {
                    format!(" (the {what} have biases)")
                } else {
                    format!(" (no biases on the {what})")
                };
                // One note per key, even when it switches several biases.
                let already = self.notes.iter().any(|n| n.key.as_deref() == Some(name));
                if already {
                    return Self::quiet_flag(field, default);
                }
                let field = field.clone();
                self.flag(&field, name, default, &meaning)
            }
        }
    }

    fn d_model(&mut self) -> Result<u64, ConfigError> {
        let name = self.fam.names.d_model;
        self.count(
            &self.raw.d_model.clone(),
            name,
            self.fam.d_model,
            1,
            MAX_DIM,
        )
    }

    fn n_layers(&mut self) -> Result<u64, ConfigError> {
        let name = self.fam.names.n_layers;
        match self.fam.id {
            Id::Dory => return self.dory_layers(),
            Id::HrmText => return self.hrm_layers().map(|n| n.saturating_mul(2)),
            _ => {}
        }
        // xLSTM builds `num_blocks` blocks (its checkpoints give only that).
        if self.fam.id == Id::XLstm {
            if let Some(f) = self.raw.linear_key("num_blocks") {
                if f.uint()?.is_some() {
                    return self.count(&Some(f), "num_blocks", None, 1, MAX_LAYERS);
                }
            }
        }
        self.count(
            &self.raw.n_layers.clone(),
            name,
            self.fam.n_layers,
            1,
            MAX_LAYERS,
        )
    }

    fn n_heads(&mut self) -> Result<u64, ConfigError> {
        let name = self.fam.names.n_heads;
        self.count(
            &self.raw.n_heads.clone(),
            name,
            self.fam.n_heads,
            1,
            MAX_DIM,
        )
    }

    fn key_of(&self, field: &Opt, name: &'static str) -> String {
        field
            .as_ref()
            .map_or(self.spelled(name), |f| f.key)
            .to_string()
    }

    /// `d_model / n_heads`, or an error naming both keys.
    fn derived_head_dim(&mut self, d: u64, h: u64) -> Result<u64, ConfigError> {
        if !d.is_multiple_of(h) {
            return Err(SpecError::HeadsDoNotDivide {
                width_key: self.key_of(&self.raw.d_model, self.fam.names.d_model),
                width: d,
                heads_key: self.key_of(&self.raw.n_heads, self.fam.names.n_heads),
                heads: h,
            }
            .into());
        }
        Ok(d / h)
    }

    fn head_dim(&mut self, rule: HeadDim, d: u64, h: u64) -> Result<u64, ConfigError> {
        let given = match (&self.raw.head_dim, rule) {
            (_, HeadDim::Derived) => None,
            (Some(f), _) => f.uint()?,
            (None, _) => None,
        };
        let name = self.fam.names.head_dim;
        match (given, rule) {
            (Some(v), _) => {
                let field = self.raw.head_dim.clone();
                self.count(&field, name, None, 1, MAX_DIM).map(|_| v)
            }
            (None, HeadDim::KeyOr(default)) => {
                let field = self.raw.head_dim.clone();
                self.count(&field, name, Some(default), 1, MAX_DIM)
            }
            (None, HeadDim::KeyOrFloor) if !d.is_multiple_of(h) => {
                let hd = d / h;
                if hd == 0 {
                    return self.derived_head_dim(d, h);
                }
                let d_key = self.key_of(&self.raw.d_model, self.fam.names.d_model);
                let h_key = self.key_of(&self.raw.n_heads, self.fam.names.n_heads);
                self.note(
                    name,
                    format!(
                        "`{name}` missing: {}'s implementation uses `{d_key}` // `{h_key}` = \
                         {d} // {h} = {hd}, rounded down (the heads do not fill `{d_key}`)",
                        self.fam.class.trim_end_matches("Config")
                    ),
                );
                Ok(hd)
            }
            (None, _) => {
                if self.fam.id == Id::Ministral {
                    self.note(
                        name,
                        format!(
                            "`{name}` is not set: assumed `hidden_size / num_attention_heads`, as \
                             Mistral does (transformers' MinistralConfig leaves it unset and then \
                             cannot build the model)"
                        ),
                    );
                }
                self.derived_head_dim(d, h)
            }
        }
    }

    /// Key/value heads: the key, else the family default, else `n_heads`.
    fn n_kv_heads(&mut self, h: u64, default: Option<u64>) -> Result<u64, ConfigError> {
        let field = self.raw.n_kv_heads.clone();
        let given = match &field {
            Some(f) => f.uint()?,
            None => None,
        };
        let name = self.fam.names.n_kv_heads;
        let kv = match (given, default) {
            (Some(_), _) | (None, Some(_)) => self.count(&field, name, default, 1, MAX_DIM)?,
            (None, None) => {
                let heads_key = self.key_of(&self.raw.n_heads, self.fam.names.n_heads);
                let how = if field.is_some() {
                    "is null"
                } else {
                    "missing"
                };
                let key = self.key_of(&field, name);
                let source = if self.fam.id == Id::Generic {
                    "assumed equal to".to_string()
                } else {
                    format!("{} uses as many as", self.fam.class)
                };
                self.note(
                    &key,
                    format!(
                        "`{key}` {how}: {source} `{heads_key}` ({h}), i.e. no grouped-query \
                         attention"
                    ),
                );
                h
            }
        };
        self.check_kv(h, kv, &field, name)?;
        Ok(kv)
    }

    fn check_kv(
        &self,
        h: u64,
        kv: u64,
        field: &Opt,
        name: &'static str,
    ) -> Result<(), ConfigError> {
        if !h.is_multiple_of(kv) {
            return Err(SpecError::KvHeadsDoNotDivide {
                kv_key: self.key_of(field, name),
                kv,
                heads_key: self.key_of(&self.raw.n_heads, self.fam.names.n_heads),
                heads: h,
            }
            .into());
        }
        Ok(())
    }

    fn context(&mut self) -> Result<u64, ConfigError> {
        let name = self.fam.names.context;
        // RWKV's `context_length`, Kimi Linear's and Ling's `model_max_length`:
        // their classes' own key, which wins over a `max_position_embeddings`
        // they do not define.
        if matches!(name, "context_length" | "model_max_length") {
            let f = self.raw.linear_key(name);
            if f.is_some() {
                return self.count(&f, name, self.fam.context, 1, MAX_CONTEXT);
            }
        }
        let default = self.fam.context.or(Some(2048));
        if self.fam.context.is_none() && self.raw.context.is_none() {
            self.note(
                name,
                format!("no context length given (`{name}`): assumed 2048 tokens"),
            );
            return Ok(2048);
        }
        self.count(&self.raw.context.clone(), name, default, 1, MAX_CONTEXT)
    }

    fn vocab(&mut self) -> Result<u64, ConfigError> {
        let name = self.fam.names.vocab;
        let field = if self.fam.id == Id::ChatGlm {
            self.raw
                .padded_vocab_size
                .clone()
                .or(self.raw.vocab_size.clone())
        } else {
            self.raw.vocab_size.clone()
        };
        let default = if self.fam.id == Id::ChatGlm && self.chatglm_v1() {
            Some(CHATGLM_V1_VOCAB)
        } else {
            self.fam.vocab
        };
        self.count(&field, name, default, 1, MAX_DIM)
    }

    /// The MLP width, or `None` when no default exists (only an error if it is used).
    fn d_ff(&mut self, d: u64) -> Result<Option<u64>, ConfigError> {
        let name = self.fam.names.d_ff;
        let field = self.raw.d_ff.clone();
        let given = match &field {
            Some(f) => f.uint()?,
            None => None,
        };
        match self.fam.d_ff {
            DFf::AlwaysTimesDModel(k) => {
                let v = d.saturating_mul(k);
                if let (Some(g), Some(f)) = (given, &field) {
                    if g != v {
                        self.note(
                            f.key,
                            format!(
                                "`{}` ({g}) is ignored: {}'s implementation always uses {k} × {} = {v}",
                                f.key, self.fam.class, self.fam.names.d_model
                            ),
                        );
                    }
                }
                Ok(Some(v))
            }
            DFf::TimesDModel(k) if given.is_none() => {
                let v = d.saturating_mul(k);
                let key = self.key_of(&field, name);
                let how = if field.is_some() {
                    "is null"
                } else {
                    "missing"
                };
                self.note(
                    &key,
                    format!(
                        "`{key}` {how}: {} uses {k} × {} = {v}",
                        self.fam.class, self.fam.names.d_model
                    ),
                );
                Ok(Some(v))
            }
            DFf::Value(default) => self
                .count(&field, name, Some(default), 1, MAX_DIM)
                .map(Some),
            DFf::Required | DFf::TimesDModel(_) => match given {
                Some(_) => self.count(&field, name, None, 1, MAX_DIM).map(Some),
                None => Ok(None),
            },
        }
    }

    /// Falcon's new decoder architecture (grouped key/value heads, two norms). The
    /// original `RefinedWeb` configs (Falcon-40B) imply it without the key.
    fn falcon_new_arch(&self) -> Result<bool, ConfigError> {
        let refined_web = self
            .raw
            .model_type
            .as_ref()
            .is_some_and(|f| f.value.as_str() == Some("RefinedWeb"));
        Self::quiet_flag(&self.raw.new_decoder_architecture, refined_web)
    }

    fn chatglm_v1(&self) -> bool {
        self.fam.id == Id::ChatGlm
            && (self.raw.position_encoding_2d.is_some()
                || self
                    .raw
                    .d_ff
                    .as_ref()
                    .is_some_and(|f| f.key == "inner_hidden_size")
                || self
                    .raw
                    .context
                    .as_ref()
                    .is_some_and(|f| f.key == "max_sequence_length"))
    }

    fn tied(&mut self) -> Result<bool, ConfigError> {
        if self.fam.id == Id::Dbrx && Self::quiet_flag(&self.raw.tie_word_embeddings, false)? {
            return Err(ConfigError::invalid(
                "tie_word_embeddings",
                "true",
                "DBRX has no tied embeddings (transformers refuses this config): set it to false",
            ));
        }

        let default = if self.fam.id == Id::ChatGlm {
            self.chatglm_v1()
        } else {
            self.fam.tied
        };
        let never_tied = match self.fam.id {
            Id::ChatGlm if !self.chatglm_v1() => {
                Some("ChatGLM2/3's output layer is never tied to the embedding in THUDM's code")
            }
            Id::Mllama => Some(
                "transformers' Mllama models never tie the output head to the embedding \
                 (which has 8 more rows than the head)",
            ),
            Id::KimiLinear | Id::BailingHybrid | Id::XLstm => Some(
                "transformers' implementation of this family never ties the output head to \
                 the embedding",
            ),
            _ => None,
        };
        if let Some(why) = never_tied {
            if Self::quiet_flag(&self.raw.tie_word_embeddings, false)? {
                self.note(
                    "tie_word_embeddings",
                    format!(
                        "`tie_word_embeddings` is true, but {why}: counted it as its own matrix"
                    ),
                );
            }
            return Ok(false);
        }
        let meaning = if default {
            ", so the output head shares the token embedding's weights"
        } else {
            ", so the output head is its own matrix"
        };
        // Lfm2Config reads `tie_embedding` before `tie_word_embeddings`.
        if matches!(self.fam.id, Id::Lfm2 | Id::Lfm2Moe) {
            if let Some(f) = self.raw.linear_key("tie_embedding") {
                if let Some(v) = f.boolean()? {
                    return Ok(v);
                }
            }
        }
        let field = self.raw.tie_word_embeddings.clone();
        self.flag(&field, "tie_word_embeddings", default, meaning)
    }

    /// GPT-2 and BERT built with `add_cross_attention`: every block also
    /// attends to an encoder's output, through a second attention block of the
    /// same shape and one more LayerNorm (transformers' `crossattention` with
    /// `ln_cross_attn`, or BERT's attention output norm).
    fn added_cross_attention(&mut self) -> Result<bool, ConfigError> {
        if !matches!(self.fam.id, Id::Gpt2 | Id::Bert | Id::GptBigcode | Id::Xglm) {
            return Ok(false);
        }
        let on = Self::quiet_flag(&self.raw.add_cross_attention, false)?;
        if on && self.fam.id == Id::GptBigcode && Self::quiet_flag(&self.raw.multi_query, true)? {
            return Err(ConfigError::invalid(
                "add_cross_attention",
                "true",
                "GPTBigCode's cross-attention needs multi-head attention, and `multi_query` is \
                 true (or missing, which means true): set `multi_query` to false, or remove \
                 `add_cross_attention`",
            ));
        }
        if on {
            self.note(
                "add_cross_attention",
                "`add_cross_attention` is true: every layer also has a cross-attention block and \
                 its LayerNorm (counted); its FLOPs assume encoder states as long as S, and a \
                 forward without encoder states skips it"
                    .into(),
            );
        }
        Ok(on)
    }

    fn norm_kind(&mut self) -> Result<NormKind, ConfigError> {
        match self.fam.id {
            Id::Opt => {
                let affine = Self::quiet_flag(&self.raw.layer_norm_elementwise_affine, true)?;
                Ok(if affine {
                    self.fam.norm
                } else {
                    NormKind::NonParametric
                })
            }
            Id::ChatGlm if self.chatglm_v1() => Ok(NormKind::LayerNorm),
            // A bias only when `norm_bias` says; else the table's bias-free LayerNorm.
            Id::ModernBertDecoder => Ok(if Self::quiet_flag(&self.raw.norm_bias, false)? {
                NormKind::LayerNorm
            } else {
                self.fam.norm
            }),
            Id::ChatGlm => {
                let field = self.raw.rmsnorm.clone();
                let rms = self.flag(&field, "rmsnorm", true, " (RMSNorm rather than LayerNorm)")?;
                Ok(if rms {
                    NormKind::Rms
                } else {
                    NormKind::LayerNorm
                })
            }
            _ => Ok(self.fam.norm),
        }
    }

    /// Each layer's attention type and sliding window.
    fn windows(&mut self, n_layers: u64) -> Result<(Vec<Option<u64>>, Vec<AttnType>), ConfigError> {
        let len = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let window_value =
            |b: &mut Self, default: Option<u64>| -> Result<Option<u64>, ConfigError> {
                // ModernBERT's config class derives the window from
                // `local_attention` (half of it), whatever `sliding_window` says.
                if b.fam.id == Id::ModernBertDecoder {
                    let local = Self::uint_or(&b.raw.local_attention, 128)?;
                    return Ok(Some(local / 2).filter(|&w| w > 0));
                }
                let v = match &b.raw.sliding_window {
                    Some(f) => f.uint()?,
                    None => default,
                };
                Ok(v.filter(|&w| w > 0))
            };
        let family_default = match self.fam.window {
            Window::All(d) | Window::ByFamily(d) => d,
            Window::Alternate(w)
            | Window::Pattern(w, _)
            | Window::FullEvery(w, _)
            | Window::Flint(w) => Some(w),
            _ => Some(4096),
        };
        // MiMo-V2-Flash and dots3 give the window as `sliding_window_size`, one
        // short of what they attend to.
        // MiMo's `sliding_window_size` wins over `sliding_window`; dots3's only
        // stands in for a missing one.
        let size_plus_one = match (&self.raw.sliding_window_size, self.fam.id) {
            (Some(f), Id::MimoV2Flash) => f.uint()?.map(|w| w.saturating_add(1)),
            (Some(f), Id::Dots3) if self.raw.sliding_window.is_none() => f.uint()?,
            _ => None,
        };
        let default = size_plus_one.or(family_default);
        let window_value = |b: &mut Self, default: Option<u64>| match size_plus_one {
            // `sliding_window_size + 1` is never 0, so MiMo always has its window.
            Some(w) if b.fam.id == Id::MimoV2Flash => Ok(Some(w)),
            _ => window_value(b, default),
        };
        if let Some(field) = self.raw.layer_types.clone() {
            if let Some(types) = field.string_list()? {
                self.check_layer_count(types.len(), n_layers)?;
                let w = window_value(self, default)?;
                let mut unknown = Vec::new();
                let mut kinds = Vec::with_capacity(types.len());
                for t in &types {
                    match *t {
                        "sliding_attention" => kinds.push(AttnType::Sliding),
                        "full_attention" => kinds.push(AttnType::Full),
                        "indexed_attention" => kinds.push(AttnType::Indexed),
                        other => {
                            if !unknown.contains(&other) {
                                unknown.push(other);
                            }
                            kinds.push(AttnType::Full);
                        }
                    }
                }
                if !unknown.is_empty() {
                    self.note(
                        "layer_types",
                        format!(
                            "`layer_types` lists {}: counted as full attention",
                            unknown
                                .iter()
                                .map(|u| format!("\"{u}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
                if w.is_none() && types.contains(&"sliding_attention") {
                    self.note(
                        "sliding_window",
                        "`layer_types` lists sliding layers but `sliding_window` is not set: \
                         counted them as full attention"
                            .into(),
                    );
                }
                let windows = kinds
                    .iter()
                    .map(|k| if *k == AttnType::Sliding { w } else { None })
                    .collect();
                return Ok((windows, kinds));
            }
        }
        if self.fam.id == Id::GptNeo {
            let windows = self.gpt_neo_windows(n_layers)?;
            let types = windows
                .iter()
                .map(|w| {
                    if w.is_some() {
                        AttnType::Sliding
                    } else {
                        AttnType::Full
                    }
                })
                .collect();
            return Ok((windows, types));
        }
        let qwen_enabled = |b: &mut Self| -> Result<bool, ConfigError> {
            Self::quiet_flag(&b.raw.use_sliding_window, false)
        };
        let out = match self.fam.window {
            Window::Never => vec![None; len],
            Window::All(default) => vec![window_value(self, default)?; len],
            Window::QwenFrom | Window::QwenMoeEven | Window::QwenAll => {
                if !qwen_enabled(self)? {
                    vec![None; len]
                } else {
                    let w = window_value(self, Some(4096))?;
                    let max_window_layers = match &self.raw.max_window_layers {
                        Some(f) => f.uint()?.unwrap_or(28),
                        None => 28,
                    };
                    (0..n_layers)
                        .map(|i| {
                            let sliding = match self.fam.window {
                                Window::QwenFrom => i >= max_window_layers,
                                Window::QwenMoeEven => i % 2 == 0 && i < max_window_layers,
                                _ => true,
                            };
                            if sliding {
                                w
                            } else {
                                None
                            }
                        })
                        .collect()
                }
            }
            Window::Alternate(default) => {
                let w = window_value(self, Some(default))?;
                (0..n_layers)
                    .map(|i| if i % 2 == 0 { w } else { None })
                    .collect()
            }
            Window::Pattern(default, pattern_default) => {
                let w = window_value(self, Some(default))?;
                let pattern = match &self.raw.sliding_window_pattern {
                    Some(f) => f.uint()?.unwrap_or(pattern_default),
                    None => pattern_default,
                }
                .max(1);
                (0..n_layers)
                    .map(|i| if (i + 1) % pattern != 0 { w } else { None })
                    .collect()
            }
            Window::FullEvery(default, period_default) => {
                let w = window_value(self, Some(default))?;
                let period = if self.fam.id == Id::ModernBertDecoder {
                    Self::uint_or(&self.raw.global_attn_every_n_layers, period_default)?
                } else {
                    period_default
                }
                .max(1);
                (0..n_layers)
                    .map(|i| if i % period != 0 { w } else { None })
                    .collect()
            }
            Window::Flint(default) => {
                let w = window_value(self, Some(default))?;
                (0..n_layers)
                    .map(|i| {
                        let full = i < 2 || i % 4 == 1 || i + 1 == n_layers;
                        if full {
                            None
                        } else {
                            w
                        }
                    })
                    .collect()
            }
            Window::ByFamily(_) => {
                let w = window_value(self, default)?;
                let kinds = self.family_layer_types(n_layers)?;
                let windows = kinds
                    .iter()
                    .map(|k| if *k == AttnType::Sliding { w } else { None })
                    .collect();
                return Ok((windows, kinds));
            }
        };
        let kinds = out
            .iter()
            .map(|w| {
                if w.is_some() {
                    AttnType::Sliding
                } else {
                    AttnType::Full
                }
            })
            .collect();
        Ok((out, kinds))
    }

    /// The attention types a family's config class derives when `layer_types` is
    /// not given.
    fn family_layer_types(&mut self, n_layers: u64) -> Result<Vec<AttnType>, ConfigError> {
        let every = |field: &Opt, name: &str, default: u64| -> Result<u64, ConfigError> {
            Self::nonzero_step(field, name).map(|v| if field.is_some() { v } else { default })
        };
        let sliding: Box<dyn Fn(u64) -> bool> = match self.fam.id {
            Id::Afmoe => {
                let n = every(
                    &self.raw.global_attn_every_n_layers,
                    "global_attn_every_n_layers",
                    4,
                )?;
                Box::new(move |i| (i + 1) % n != 0)
            }
            Id::Beam => Box::new(move |i| (i + 1) % 6 != 0 && i + 1 != n_layers),
            Id::Cohere2Moe => {
                let first_k = Self::uint_or(&self.raw.first_k_dense_replace, 0)?;
                let prefix = every(
                    &self.raw.prefix_dense_window_pattern,
                    "prefix_dense_sliding_window_pattern",
                    1,
                )?;
                let rest = every(
                    &self.raw.sliding_window_pattern,
                    "sliding_window_pattern",
                    4,
                )?;
                Box::new(move |i| {
                    if i < first_k {
                        (i + 1) % prefix != 0
                    } else {
                        (i - first_k + 1) % rest != 0
                    }
                })
            }
            Id::Dots1 => {
                let has_window = match &self.raw.sliding_window {
                    Some(f) => f.uint()?.is_some(),
                    None => true,
                };
                let from = Self::uint_or(&self.raw.max_window_layers, 62)?;
                Box::new(move |i| has_window && i >= from)
            }
            Id::Dots3 => {
                let on = Self::quiet_flag(&self.raw.use_sliding_window, true)?;
                Box::new(move |i| on && !(i < 2 || i % 4 == 1))
            }
            Id::Kolibri1 => Box::new(|i| (i + 1) % 5 != 0),
            Id::MimoV2Flash => Box::new(|i| !(i == 0 || (i + 1) % 6 == 0)),
            _ => Box::new(|_| false),
        };
        let dots3_dsa = self.fam.id == Id::Dots3 && Self::quiet_flag(&self.raw.use_dsa, true)?;
        Ok((0..n_layers)
            .map(|i| {
                if sliding(i) {
                    AttnType::Sliding
                } else if dots3_dsa {
                    AttnType::Indexed
                } else {
                    AttnType::Full
                }
            })
            .collect())
    }

    /// GPT-Neo's layers, global or local as `attention_types` lists them
    /// (`[[["global", "local"], 12]]`: the pair repeated 12 times); local layers see
    /// `window_size` tokens.
    fn gpt_neo_windows(&mut self, n_layers: u64) -> Result<Vec<Option<u64>>, ConfigError> {
        const DEFAULT: &str = "[[[\"global\", \"local\"], 12]]";
        let f = self.raw.window_size.clone();
        let window = self.count(&f, "window_size", Some(256), 1, MAX_CONTEXT)?;
        let listed = self
            .raw
            .attention_types
            .clone()
            .filter(|f| !f.value.is_null());
        let value = match &listed {
            Some(f) => f.value.clone(),
            None => {
                self.note(
                    "attention_types",
                    format!("`attention_types` missing: used GPTNeoConfig's default, {DEFAULT}"),
                );
                serde_json::json!([[["global", "local"], 12]])
            }
        };
        let shown = |v: &serde_json::Value| v.to_string().chars().take(60).collect::<String>();
        let bad = |rule: &str| ConfigError::invalid("attention_types", &shown(&value), rule);
        let rule = "it must list [kinds, repeats] pairs, such as [[[\"global\", \"local\"], 12]], \
                    each kind \"global\" or \"local\"";
        let mut kinds = Vec::new();
        for item in value.as_array().ok_or_else(|| bad(rule))? {
            let pair = item
                .as_array()
                .filter(|p| p.len() == 2)
                .ok_or_else(|| bad(rule))?;
            let names = pair[0].as_array().ok_or_else(|| bad(rule))?;
            let repeats = pair[1].as_u64().ok_or_else(|| bad(rule))?;
            for _ in 0..repeats.min(MAX_LAYERS) {
                for name in names {
                    kinds.push(match name.as_str() {
                        Some("global") => None,
                        Some("local") => Some(window),
                        _ => return Err(bad(rule)),
                    });
                    if kinds.len() as u64 > MAX_LAYERS {
                        return Err(bad("it lists more layers than a model can have"));
                    }
                }
            }
        }
        // GPTNeoConfig expands `attention_types` into `attention_layers`, but a
        // list in the config.json replaces it, and the layers follow it.
        if let Some(field) = self.raw.attention_layers.clone() {
            if let Some(list) = field.string_list()? {
                let layers_key = self.key_of(&self.raw.n_layers, self.fam.names.n_layers);
                if list.len() as u64 != n_layers {
                    return Err(ConfigError::invalid(
                        field.key,
                        &format!("a list of {}", list.len()),
                        &format!(
                            "it must name one kind per layer, and `{layers_key}` is {n_layers} \
                             (transformers refuses the config otherwise)"
                        ),
                    ));
                }
                let listed = list
                    .iter()
                    .enumerate()
                    .map(|(i, name)| match *name {
                        "global" => Ok(None),
                        "local" => Ok(Some(window)),
                        other => Err(ConfigError::invalid(
                            &format!("{}[{i}]", field.key),
                            &format!("\"{other}\""),
                            "each layer is \"global\" or \"local\"",
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if listed != kinds {
                    self.note(
                        "attention_layers",
                        "`attention_layers` differs from what `attention_types` expands to: \
                         transformers' GPT-Neo follows `attention_layers`, and so does the count"
                            .into(),
                    );
                }
                return Ok(listed);
            }
        }
        if kinds.len() as u64 != n_layers {
            let layers_key = self.key_of(&self.raw.n_layers, self.fam.names.n_layers);
            return Err(bad(&format!(
                "it expands to {} layers and `{layers_key}` is {n_layers}: list one kind per \
                 layer (transformers refuses the config otherwise)",
                kinds.len()
            )));
        }
        Ok(kinds)
    }

    fn uint_or(field: &Opt, default: u64) -> Result<u64, ConfigError> {
        Ok(match field {
            Some(f) => f.uint()?.unwrap_or(default),
            None => default,
        })
    }

    fn nonzero_step(field: &Opt, name: &str) -> Result<u64, ConfigError> {
        let v = Self::uint_or(field, 1)?;
        if v == 0 {
            let key = field.as_ref().map_or(name, |f| f.key);
            return Err(ConfigError::invalid(
                key,
                "0",
                "it is a layer interval and must be at least 1 (1 means every layer)",
            ));
        }
        Ok(v)
    }

    /// Which layers are mixture-of-experts layers (all false for a dense model).
    fn moe_layers(&mut self, n_layers: u64, n_experts: u64) -> Result<Vec<bool>, ConfigError> {
        let len = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let placement = match self.fam.moe {
            Some(m) => Some(m.placement),
            None if n_experts > 0 => None,
            None => return Ok(vec![false; len]),
        };
        if n_experts == 0 {
            return Ok(vec![false; len]);
        }
        if let Some(flags) = self.linear_family_moe_layers(n_layers)? {
            return Ok(flags);
        }
        let mlp_only: BTreeSet<u64> = match &self.raw.mlp_only_layers {
            Some(f) => f.uint_list()?.unwrap_or_default().into_iter().collect(),
            None => BTreeSet::new(),
        };
        // A per-layer list ("dense"/"sparse") wins where the family reads one.
        if self.fam.mlp_layer_types && self.raw.mlp_layer_types.is_some() {
            return self.mlp_layer_types(n_layers);
        }
        let step = Self::nonzero_step(&self.raw.decoder_sparse_step, "decoder_sparse_step")?;
        let freq_listed = self
            .raw
            .moe_layer_freq
            .as_ref()
            .is_some_and(|f| f.value.is_array());
        let freq = if freq_listed {
            1
        } else {
            Self::nonzero_step(&self.raw.moe_layer_freq, "moe_layer_freq")?
        };
        let first_k_default = self.fam.moe.map_or(0, |m| m.first_k_dense);
        let first_k = match &self.raw.first_k_dense_replace {
            Some(f) => f.uint()?.unwrap_or(first_k_default),
            None => {
                if first_k_default > 0 {
                    let key = self.spelled("first_k_dense_replace");
                    self.note(
                        key,
                        format!(
                            "`{key}` missing: {} {first_k_default} dense layers before the MoE layers",
                            self.default_source()
                        ),
                    );
                }
                first_k_default
            }
        };
        if placement == Some(Placement::FirstKDense) && freq != 1 {
            self.note(
                "moe_layer_freq",
                format!(
                    "`moe_layer_freq` is {freq}: transformers' {} implementation ignores it (every \
                     layer from `first_k_dense_replace` on is MoE), and so does this count",
                    self.fam.class.trim_end_matches("Config")
                ),
            );
        }
        // dots3's `moe_layer_freq` may be a per-layer list of 0/1.
        if self.fam.id == Id::Dots3 {
            if let Some(listed) = match &self.raw.moe_layer_freq {
                Some(f) if f.value.is_array() => f.uint_list()?,
                _ => None,
            } {
                return Ok((0..n_layers)
                    .map(|i| {
                        i >= first_k
                            && usize::try_from(i)
                                .ok()
                                .and_then(|i| listed.get(i))
                                .is_some_and(|&v| v != 0)
                    })
                    .collect());
            }
        }
        let (start, end, interval) = if placement == Some(Placement::Interval) {
            let start = Self::uint_or(&self.raw.moe_layer_start_index, 1)?;
            let interval = Self::nonzero_step(&self.raw.moe_layer_interval, "moe_layer_interval")?;
            // −1 (the default) means the last layer.
            let end = match &self.raw.moe_layer_end_index {
                Some(f) if f.value.as_i64() == Some(-1) => n_layers.saturating_sub(1),
                Some(f) => f.uint()?.unwrap_or(n_layers.saturating_sub(1)),
                None => n_layers.saturating_sub(1),
            };
            (start, end, interval)
        } else {
            (0, 0, 1)
        };
        // An explicit list of MoE layers (Llama 4's `moe_layers`) wins.
        if self.fam.id == Id::Llama4 {
            if let Some(listed) = match &self.raw.moe_layers {
                Some(f) => f.uint_list()?,
                None => None,
            } {
                let listed: BTreeSet<u64> = listed.into_iter().collect();
                return Ok((0..n_layers).map(|i| listed.contains(&i)).collect());
            }
        }
        if placement == Some(Placement::LayerTypes) {
            return self.mlp_layer_types(n_layers);
        }
        let dense_first = match placement {
            Some(Placement::SparseStepDenseFirst(n)) if self.raw.mlp_only_layers.is_none() => n,
            _ => 0,
        };
        Ok((0..n_layers)
            .map(|i| match placement {
                Some(Placement::Every) => true,
                Some(Placement::SparseStep | Placement::SparseStepDenseFirst(_)) => {
                    !mlp_only.contains(&i) && i >= dense_first && (i + 1) % step == 0
                }
                // Handled above.
                Some(Placement::LayerTypes) => true,
                Some(Placement::FirstKDense) => i >= first_k,
                Some(Placement::FirstKDenseFreq) => i >= first_k && i % freq == 0,
                Some(Placement::Leading(n)) => i >= n,
                Some(Placement::Interval) => (i + 1) % interval == 0 && i >= start && i <= end,
                None => {
                    !mlp_only.contains(&i) && i >= first_k && i % freq == 0 && (i + 1) % step == 0
                }
            })
            .collect())
    }

    /// Doge's cross-domain MoE (`is_moe`, off by default): a gated MLP every token
    /// uses, and `num_experts` single-unit experts (a row of `down_embed` and of
    /// `up_embed` each) chosen through a product-key router
    /// `Linear(d_model, 2·⌊√E⌋)`.
    fn doge_moe(&mut self, d_ff: Option<u64>) -> Result<Option<Moe>, ConfigError> {
        let f = self.raw.is_moe.clone();
        if !self.flag(&f, "is_moe", false, " (a dense MLP)")? {
            return Ok(None);
        }
        let field = self.raw.n_experts.clone();
        let n_experts = self.count(&field, "num_experts", Some(16384), 1, MAX_DIM)?;
        let top_field = self.raw.top_k.clone();
        let top_k = self.count(&top_field, "num_experts_per_tok", Some(64), 1, MAX_DIM)?;
        if top_k > n_experts {
            return Err(SpecError::TopKExceedsExperts {
                top_k_key: self.key_of(&top_field, "num_experts_per_tok"),
                top_k,
                experts_key: self.key_of(&field, "num_experts"),
                experts: n_experts,
            }
            .into());
        }
        let width = d_ff.ok_or_else(|| self.missing("intermediate_size"))?;
        let bias = self.bias(self.fam.mlp_bias, "MLP")?;
        // ⌊√E⌋ keys, as Python's math.floor(math.sqrt(E)).
        let keys = n_experts.isqrt();
        Ok(Some(Moe {
            shared: Some(SharedExperts {
                count: 1,
                d_ff: width,
                bias,
                gate: false,
                gated: Some(true),
            }),
            router_outputs: Some(keys.saturating_mul(2).max(1)),
            ..Moe::new(n_experts, top_k, Mlp::new(1, false, false))
        }))
    }

    /// Mellum's `mlp_layer_types`: `"sparse"` layers hold experts, `"dense"`
    /// ones an MLP; all sparse when the key is absent.
    fn mlp_layer_types(&mut self, n_layers: u64) -> Result<Vec<bool>, ConfigError> {
        let len = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let Some(field) = self.raw.mlp_layer_types.clone() else {
            return Ok(vec![true; len]);
        };
        let Some(types) = field.string_list()? else {
            return Ok(vec![true; len]);
        };
        if types.len() as u64 != n_layers {
            return Err(ConfigError::invalid(
                field.key,
                &format!("a list of {} items", types.len()),
                &format!(
                    "it must name the MLP of each of the {n_layers} layers (`{}`)",
                    self.key_of(&self.raw.n_layers, self.fam.names.n_layers)
                ),
            ));
        }
        types
            .iter()
            .enumerate()
            .map(|(i, t)| match *t {
                "sparse" => Ok(true),
                "dense" => Ok(false),
                other => Err(ConfigError::invalid(
                    &format!("{}[{i}]", field.key),
                    &format!("\"{other}\""),
                    "each entry must be \"dense\" or \"sparse\"",
                )),
            })
            .collect()
    }

    /// The MoE block, if the family or the config has experts.
    fn moe_block(&mut self, d_ff: Option<u64>, gated: bool) -> Result<Option<Moe>, ConfigError> {
        if self.fam.id == Id::Doge {
            return self.doge_moe(d_ff);
        }
        // Doge keeps its expert settings in every config and switches them on
        // with `is_moe`: when that says false, the MLP is dense.
        if self.raw.n_experts.is_some() && !Self::quiet_flag(&self.raw.is_moe, true)? {
            self.note(
                "is_moe",
                "`is_moe` is false: the expert settings in the config are not used, the MLP is dense"
                    .into(),
            );
            return Ok(None);
        }
        let defaults = self.fam.moe;
        let field = self.raw.n_experts.clone();
        let given = match &field {
            Some(f) => Some(f.uint()?),
            None => None,
        };
        if self.fam.id == Id::Dots1 {
            self.require_given(&field, "n_routed_experts")?;
            self.require_given(&self.raw.top_k.clone(), "num_experts_per_tok")?;
            self.require_given(&self.raw.n_shared_experts.clone(), "n_shared_experts")?;
        }
        let n_experts = match (given, defaults) {
            // An explicit null: no routed experts (DeepSeek's "None means dense").
            (Some(None), _) => return Ok(None),
            (Some(Some(0)), Some(m)) if m.placement == Placement::Every => {
                return Err(ConfigError::invalid(
                    &self.key_of(&field, "num_local_experts"),
                    "0",
                    "this family has experts in every layer: it needs at least 1",
                ))
            }
            (Some(Some(0)), _) => return Ok(None),
            (Some(Some(_)), _) => self.count(&field, "num_experts", None, 1, MAX_DIM)?,
            (None, Some(m)) => self.count(&field, "num_experts", Some(m.n_experts), 1, MAX_DIM)?,
            (None, None) => return Ok(None),
        };
        let experts_key = self.key_of(&field, "num_experts");
        let mut top_field = self.raw.top_k.clone();
        // HunYuan's `moe_topk` may be a list, one per layer (see `per_layer_top_k`).
        if let Some(f) = top_field.as_mut().filter(|f| f.value.is_array()) {
            let first = self.per_layer_top_k()?.and_then(|l| l.first().copied());
            f.value = first.map_or(serde_json::Value::Null, serde_json::Value::from);
        }
        let top_k = match (&top_field, defaults.and_then(|m| m.top_k)) {
            (Some(f), _) if f.uint()?.is_some() => {
                self.count(&top_field, "num_experts_per_tok", None, 1, MAX_DIM)?
            }
            (_, Some(d)) => self.count(&top_field, "num_experts_per_tok", Some(d), 1, MAX_DIM)?,
            (_, None) if self.fam.id == Id::DeepseekV2 => {
                self.note(
                    "num_experts_per_tok",
                    "`num_experts_per_tok` missing: DeepseekV2Config leaves it unset (transformers \
                     cannot run the model without it); assumed 6, as DeepSeek-V2 and V2-Lite"
                        .into(),
                );
                6
            }
            (_, None) => return Err(self.missing("num_experts_per_tok")),
        };
        let zero_experts = if self.fam.id == Id::LongcatFlash {
            let f = self.raw.zero_expert_num.clone();
            Self::uint_or(&f, 256)?
        } else {
            0
        };
        if top_k > n_experts.saturating_add(zero_experts) {
            return Err(SpecError::TopKExceedsExperts {
                top_k_key: self.key_of(&top_field, "num_experts_per_tok"),
                top_k,
                experts_key,
                experts: n_experts,
            }
            .into());
        }
        let width = match defaults.map(|m| m.width) {
            Some(ExpertWidth::Intermediate) => {
                d_ff.ok_or_else(|| self.missing("intermediate_size"))?
            }
            Some(ExpertWidth::MoeKey(default)) => {
                let f = self.raw.moe_d_ff.clone();
                self.count(&f, "moe_intermediate_size", Some(default), 1, MAX_DIM)?
            }
            None => {
                let f = self.raw.moe_d_ff.clone();
                if f.as_ref().is_some_and(|f| !f.value.is_null()) {
                    self.count(&f, "moe_intermediate_size", None, 1, MAX_DIM)?
                } else {
                    d_ff.ok_or_else(|| self.missing("moe_intermediate_size"))?
                }
            }
        };
        let expert_bias = defaults.is_some_and(|m| m.expert_bias);
        let mut shared = self.shared_experts(width, d_ff)?;
        let router_bias = match self.fam.id {
            Id::LongcatFlash => Self::quiet_flag(&self.raw.router_bias, false)?,
            _ => defaults.is_some_and(|m| m.router_bias),
        };
        let (mut router_outputs, mut router_mlp) = (None, None);
        if self.fam.id == Id::Zaya {
            // An MLP router whose outputs include a skip expert.
            router_outputs = Some(n_experts.saturating_add(1));
            router_mlp = Some(self.lin_count("router_hidden_size", Some(256), 1)?);
        }
        if self.fam.id == Id::MiniMaxM3 {
            // One shared expert of `shared_intermediate_size`, added in full.
            let w = self.lin_count("shared_intermediate_size", Some(3072), 0)?;
            shared = (w > 0).then_some(SharedExperts {
                count: 1,
                d_ff: w,
                bias: false,
                gate: false,
                gated: None,
            });
        }
        if self.fam.id == Id::LaraMini {
            // Lara-Mini adds its shared expert in full, without a gate.
            if let Some(s) = shared.as_mut() {
                s.gate = false;
            }
        }
        Ok(Some(Moe {
            shared,
            router_bias,
            every_expert_runs: self.fam.id == Id::Llama4,
            router_outputs,
            router_mlp,
            zero_experts,
            zero_expert_weights: zero_experts > 0,
            // A parameter (not a buffer) in these implementations.
            score_bias: matches!(self.fam.id, Id::Afmoe | Id::Ernie45Moe | Id::Laguna),
            out_norm: self.fam.id == Id::Axk1,
            out_bias: self.fam.id == Id::JetMoe,
            ..Moe::new(n_experts, top_k, Mlp::new(width, gated, expert_bias))
        }))
    }

    /// A key the family's config class has no default for, and that
    /// transformers needs to build the model: missing or null is an error.
    fn require_given(&self, field: &Opt, name: &'static str) -> Result<(), ConfigError> {
        let given = match field {
            Some(f) => f.uint()?.is_some(),
            None => false,
        };
        if given {
            Ok(())
        } else {
            Err(ConfigError::Missing {
                key: self.key_of(field, name),
                why: format!(
                    "{} has no default for it, and transformers cannot build the model without it",
                    self.fam.class
                ),
            })
        }
    }

    /// HunYuan-MoE's `moe_topk` as a per-layer list, if it is one.
    fn per_layer_top_k(&self) -> Result<Option<Vec<u64>>, ConfigError> {
        if self.fam.id != Id::HunyuanMoe {
            return Ok(None);
        }
        match &self.raw.top_k {
            Some(f) if f.value.is_array() => {
                let list = f.uint_list()?.unwrap_or_default();
                if list.is_empty() {
                    return Err(ConfigError::invalid(
                        f.key,
                        "[]",
                        "it needs the experts each token uses, one number or one per layer",
                    ));
                }
                Ok(Some(list))
            }
            _ => Ok(None),
        }
    }

    fn shared_experts(
        &mut self,
        expert_width: u64,
        d_ff: Option<u64>,
    ) -> Result<Option<SharedExperts>, ConfigError> {
        let defaults = self.fam.moe;
        let shared_bias = match self.fam.mlp_bias {
            Bias::Key(BiasKey::MlpBias, d) => Self::quiet_flag(&self.raw.mlp_bias, d)?,
            Bias::Key(BiasKey::UseBias, d) => Self::quiet_flag(&self.raw.use_bias, d)?,
            _ => false,
        };
        if let Some(default_width) = defaults.and_then(|m| m.qwen_shared) {
            let f = self.raw.shared_expert_d_ff.clone();
            let given = match &f {
                Some(x) => x.uint()?,
                None => None,
            };
            if given == Some(0) || (given.is_none() && default_width == 0) {
                return Ok(None);
            }
            let width = self.count(
                &f,
                "shared_expert_intermediate_size",
                Some(default_width),
                1,
                MAX_DIM,
            )?;
            return Ok(Some(SharedExperts {
                count: 1,
                d_ff: width,
                bias: false,
                // Qwen2-MoE gates its shared expert (and so do Qwen3-Next, Qwen3.5
                // and Qwen4-Exp); the others do not.
                gate: matches!(
                    self.fam.id,
                    Id::Qwen2Moe | Id::Qwen3Next | Id::Qwen35Moe | Id::Qwen4Exp
                ),
                gated: None,
            }));
        }
        match self.fam.id {
            // LongCat-Flash: the first sublayer's dense MLP runs beside the
            // experts on the same input (see `decoder`).
            Id::LongcatFlash => {
                return Ok(d_ff.map(|w| SharedExperts {
                    count: 1,
                    d_ff: w,
                    bias: false,
                    gate: false,
                    gated: None,
                }))
            }
            // One shared MLP of `intermediate_size`, whatever the config says.
            Id::HunyuanMoe => {
                return Ok(Some(SharedExperts {
                    count: 1,
                    d_ff: expert_width,
                    bias: false,
                    gate: false,
                    gated: None,
                }))
            }
            _ => {}
        }
        let f = self.raw.n_shared_experts.clone();
        let default = defaults.map(|m| m.n_shared).filter(|&n| n > 0);
        let count = match &f {
            Some(x) => x.uint()?.unwrap_or(0),
            None => match default {
                Some(n) => self.count(&f, "n_shared_experts", Some(n), 0, MAX_DIM)?,
                None => 0,
            },
        };
        if count > MAX_DIM {
            return Err(SpecError::TooLargeValue {
                key: self.key_of(&f, "n_shared_experts"),
                value: count,
                max: MAX_DIM,
            }
            .into());
        }
        if count == 0 {
            // HY-V3 builds its shared MLP of `moe_intermediate_size × 0` as one of
            // `intermediate_size` (`intermediate_size or config.intermediate_size`).
            if self.fam.id == Id::HyV3 {
                return Ok(d_ff.map(|w| SharedExperts {
                    count: 1,
                    d_ff: w,
                    bias: shared_bias,
                    gate: false,
                    gated: None,
                }));
            }
            // Qwen-style shared expert given on its own (unknown families).
            if defaults.is_none() {
                let w = self.raw.shared_expert_d_ff.clone();
                if let Some(width) = match &w {
                    Some(x) => x.uint()?,
                    None => None,
                } {
                    if width > 0 {
                        return Ok(Some(SharedExperts {
                            count: 1,
                            d_ff: width,
                            bias: false,
                            gate: false,
                            gated: None,
                        }));
                    }
                }
            }
            return Ok(None);
        }
        // dots3: shared experts of `shared_experts_intermediate_size` each.
        let width = if self.fam.id == Id::Dots3 {
            let w = self.raw.shared_expert_d_ff.clone();
            self.count(
                &w,
                "shared_experts_intermediate_size",
                Some(1536),
                1,
                MAX_DIM,
            )?
        } else {
            expert_width
        };
        Ok(Some(SharedExperts {
            count,
            d_ff: width,
            bias: shared_bias,
            gate: false,
            gated: None,
        }))
    }

    fn mla(&mut self, d_model: u64, n_heads: u64) -> Result<Option<Mla>, ConfigError> {
        let defaults = self.fam.mla;
        let kv_field = self.raw.kv_lora_rank.clone();
        let has_kv = kv_field.as_ref().is_some_and(|f| !f.value.is_null());
        // A `kv_lora_rank` means MLA to the generic rules only: a known
        // family's class without MLA never writes the key, so its modeling
        // code builds its own attention whatever the config says.
        let Some(d) = defaults.or(if has_kv && self.fam.id == Id::Generic {
            Some(super::families::MlaDefaults {
                q_lora_rank: None,
                kv_lora_rank: 0,
                qk_rope_head_dim: 0,
                qk_nope_head_dim: 0,
                v_head_dim: 0,
            })
        } else {
            None
        }) else {
            if let Some(f) = kv_field.as_ref().filter(|_| has_kv) {
                self.note(
                    f.key,
                    format!(
                        "`{}` is ignored: {} has no multi-head latent attention",
                        f.key, self.fam.class
                    ),
                );
            }
            return Ok(None);
        };
        let opt_default = |v: u64| if v == 0 { None } else { Some(v) };
        let q_field = self.raw.q_lora_rank.clone();
        let q_lora_rank = match &q_field {
            Some(f) => match f.uint()? {
                None => None,
                Some(_) => Some(self.count(&q_field, "q_lora_rank", None, 1, MAX_DIM)?),
            },
            None => match d.q_lora_rank {
                Some(r) => Some(self.count(&q_field, "q_lora_rank", Some(r), 1, MAX_DIM)?),
                None => None,
            },
        };
        let kv_lora_rank = self.count(
            &kv_field,
            "kv_lora_rank",
            opt_default(d.kv_lora_rank),
            1,
            MAX_DIM,
        )?;
        // Glm4MoeLiteConfig maps `head_dim` onto `qk_rope_head_dim` (its
        // `attribute_map`), and the alias wins when both are given.
        let f = match self.head_dim_alias() {
            Some(alias) if self.fam.id == Id::Glm4MoeLite => Some(alias),
            _ => self.raw.qk_rope_head_dim.clone(),
        };
        let qk_rope_head_dim = self.count(
            &f,
            "qk_rope_head_dim",
            opt_default(d.qk_rope_head_dim),
            0,
            MAX_DIM,
        )?;
        let f = self.raw.qk_nope_head_dim.clone();
        let qk_nope_head_dim = self.count(
            &f,
            "qk_nope_head_dim",
            opt_default(d.qk_nope_head_dim),
            0,
            MAX_DIM,
        )?;
        let f = self.raw.v_head_dim.clone();
        let v_given = f.as_ref().is_some_and(|x| !x.value.is_null());
        let v_head_dim = if self.fam.id == Id::Minicpm3 && !v_given {
            // MiniCPM3Config: `v_head_dim` defaults to d_model / heads.
            let v = self.derived_head_dim(d_model, n_heads)?;
            self.note(
                "v_head_dim",
                format!(
                    "`v_head_dim` missing: MiniCPM3Config uses {} / {} = {v}",
                    self.fam.names.d_model, self.fam.names.n_heads
                ),
            );
            v
        } else {
            self.count(&f, "v_head_dim", opt_default(d.v_head_dim), 1, MAX_DIM)?
        };
        // LongCat-Flash lets `qk_head_dim` be set apart, but its forward splits the
        // queries into the no-RoPE and RoPE widths: any other value cannot run.
        if self.fam.id == Id::LongcatFlash {
            let f = self.raw.qk_head_dim.clone();
            if let Some(v) = match &f {
                Some(x) => x.uint()?,
                None => None,
            } {
                if v != qk_nope_head_dim + qk_rope_head_dim {
                    return Err(ConfigError::invalid(
                        "qk_head_dim",
                        &v.to_string(),
                        &format!(
                            "it must be `qk_nope_head_dim` + `qk_rope_head_dim` ({}): \
                             LongCat-Flash's attention splits its queries into those two parts",
                            qk_nope_head_dim + qk_rope_head_dim
                        ),
                    ));
                }
            }
        }
        if self.fam.id == Id::Dots3 && q_lora_rank.is_none() {
            return Err(ConfigError::invalid(
                q_field.as_ref().map_or("q_lora_rank", |f| f.key),
                "null",
                "dots3 always compresses its queries (transformers refuses a null `q_lora_rank`): \
                 give the rank",
            ));
        }
        if qk_rope_head_dim + qk_nope_head_dim == 0 {
            return Err(ConfigError::invalid(
                "qk_nope_head_dim",
                "0",
                "`qk_nope_head_dim` + `qk_rope_head_dim` must be at least 1",
            ));
        }
        Ok(Some(Mla {
            q_lora_rank,
            kv_lora_rank,
            qk_rope_head_dim,
            qk_nope_head_dim,
            v_head_dim,
            rope_key_norm: self.fam.id == Id::Dots3,
            q_b_reads_raw_latent: self.fam.id == Id::Axk2,
        }))
    }

    /// Attention settings for decoder families.
    fn attention_parts(&mut self, d: u64, h: u64) -> Result<AttnParts, ConfigError> {
        let fam = self.fam;
        let v1 = self.chatglm_v1();
        let qkv_bias = v1 || self.bias(fam.qkv_bias, "attention")?;
        let o_bias = v1 || self.bias(fam.o_bias, "attention")?;
        let qk_norm = match fam.id {
            Id::Phi => {
                let f = self.raw.qk_layernorm.clone();
                self.flag(&f, "qk_layernorm", false, " (no query/key norms)")?
                    .then_some(QkNorm::PerHead)
            }
            // Command R+: one scale per query head channel and per key head channel.
            Id::Cohere => {
                let f = self.raw.use_qk_norm.clone();
                self.flag(&f, "use_qk_norm", false, " (no query/key norms)")?
                    .then_some(QkNorm::Full)
            }
            // StableLM 2: a LayerNorm without bias for each query and each key head.
            Id::StableLm => {
                let f = self.raw.qk_layernorm.clone();
                self.flag(&f, "qk_layernorm", false, " (no query/key norms)")?
                    .then_some(QkNorm::EachHead)
            }
            // Persimmon: one LayerNorm over the head width for queries, one for keys.
            Id::Persimmon => {
                let f = self.raw.qk_layernorm.clone();
                self.flag(
                    &f,
                    "qk_layernorm",
                    true,
                    " (LayerNorms on queries and keys)",
                )?
                .then_some(QkNorm::PerHead)
            }
            // GLM-4.5 and Sarvam: per-head norms where `use_qk_norm` says.
            Id::Glm4Moe | Id::SarvamMoe => {
                let f = self.raw.use_qk_norm.clone();
                let on = fam.qk_norm.is_some();
                let meaning = if on {
                    " (per-head query/key norms)"
                } else {
                    " (no query/key norms)"
                };
                self.flag(&f, "use_qk_norm", on, meaning)?
                    .then_some(QkNorm::PerHead)
            }
            _ => fam.qk_norm,
        };
        let qk_norm_kind = (fam.id == Id::StableLm).then_some(NormKind::LayerNormNoBias);
        let gate = match (fam.id, fam.attn_gate) {
            // Laguna: `gating` true or "per-head" gates each head, anything else
            // each output channel; the gate projection is always there.
            (Id::Laguna, Some(g)) => {
                let per_head = match &self.raw.gating {
                    None => true,
                    Some(f) => match &f.value {
                        serde_json::Value::Bool(b) => *b,
                        serde_json::Value::String(t) => t == "per-head",
                        serde_json::Value::Null => false,
                        other => {
                            return Err(ConfigError::WrongType {
                                key: f.key.into(),
                                found: super::json::describe(other),
                                expected: "true, false, \"per-head\" or \"per-element\"".into(),
                            })
                        }
                    },
                };
                Some(AttnGate { per_head, ..g })
            }
            _ => self.attn_gate()?,
        };
        // A gate that is half of `q_proj` has its bias only with `attention_bias`.
        let gate = gate.map(|g| AttnGate {
            bias: g.bias && qkv_bias,
            ..g
        });

        if let Some(mla) = self.mla(d, h)? {
            return Ok(AttnParts {
                n_heads: h,
                n_kv_heads: h,
                head_dim: mla.qk_nope_head_dim + mla.qk_rope_head_dim,
                qkv_bias,
                o_bias,
                qk_norm,
                qk_norm_kind,
                mla: Some(mla),
                v_head_dim: None,
                gate,
            });
        }
        let (n_kv_heads, head_dim) = match fam.id {
            Id::Falcon => {
                let new_arch = self.falcon_new_arch()?;
                let kv = if new_arch {
                    self.n_kv_heads(h, None)?
                } else {
                    let f = self.raw.multi_query.clone();
                    let mq = self.flag(
                        &f,
                        "multi_query",
                        true,
                        " (one key/value head shared by all query heads)",
                    )?;
                    if mq {
                        1
                    } else {
                        h
                    }
                };
                (kv, self.derived_head_dim(d, h)?)
            }
            Id::ChatGlm if !self.chatglm_v1() => {
                let f = self.raw.multi_query_attention.clone();
                let mq = self.flag(
                    &f,
                    "multi_query_attention",
                    false,
                    " (plain multi-head attention)",
                )?;
                let kv = if mq {
                    let g = self.raw.multi_query_group_num.clone();
                    let kv = self.count(&g, "multi_query_group_num", Some(1), 1, MAX_DIM)?;
                    self.check_kv(h, kv, &g, "multi_query_group_num")?;
                    kv
                } else {
                    h
                };
                (kv, self.head_dim(self.fam.head_dim, d, h)?)
            }
            Id::ChatGlm => (h, self.derived_head_dim(d, h)?),
            Id::GptBigcode => {
                let f = self.raw.multi_query.clone();
                let mq = self.flag(
                    &f,
                    "multi_query",
                    true,
                    " (one key/value head shared by all query heads)",
                )?;
                (if mq { 1 } else { h }, self.derived_head_dim(d, h)?)
            }
            _ if !fam.gqa => {
                if let Some(f) = &self.raw.n_kv_heads {
                    if f.uint()?.is_some_and(|kv| kv != h) {
                        self.note(
                            f.key,
                            format!(
                                "`{}` is ignored: {}'s attention has one key/value head per query head",
                                f.key,
                                fam.class.trim_end_matches("Config")
                            ),
                        );
                    }
                }
                (h, self.head_dim(fam.head_dim, d, h)?)
            }
            _ => {
                let kv = self.n_kv_heads(h, fam.n_kv_heads)?;
                (kv, self.head_dim(fam.head_dim, d, h)?)
            }
        };
        // MiMo-V2-Flash: values narrower than queries and keys.
        let v_head_dim = if fam.id == Id::MimoV2Flash {
            let f = self.raw.v_head_dim.clone();
            Some(self.count(&f, "v_head_dim", Some(128), 1, MAX_DIM)?).filter(|&v| v != head_dim)
        } else {
            None
        };
        Ok(AttnParts {
            n_heads: h,
            n_kv_heads,
            head_dim,
            qkv_bias,
            o_bias,
            qk_norm,
            qk_norm_kind,
            mla: None,
            v_head_dim,
            gate,
        })
    }

    fn decoder(&mut self) -> Result<ModelSpec, ConfigError> {
        let fam = self.fam;
        let d = self.d_model()?;
        let n_layers = self.decoder_layers()?;
        let attention_free = fam.linear.is_some_and(LinearMixer::attention_free);
        let (h, attn) = if attention_free {
            (1, AttnParts::none())
        } else {
            let h = if fam.id == Id::JetMoe {
                self.jetmoe_heads()?
            } else {
                self.n_heads()?
            };
            (h, self.attention_parts(d, h)?)
        };
        let d_ff = if fam.id == Id::ChatGlm && self.chatglm_v1() {
            let f = self.raw.d_ff.clone();
            Some(self.count(&f, "inner_hidden_size", Some(CHATGLM_V1_D_FF), 1, MAX_DIM)?)
        } else if fam.id == Id::GptNeoxJapanese {
            // `intermediate_multiple_size` × d_model.
            let f = self.raw.intermediate_multiple_size.clone();
            let m = self.count(&f, "intermediate_multiple_size", Some(4), 1, MAX_DIM)?;
            Some(d.saturating_mul(m))
        } else {
            let d_ff = self.d_ff(d)?;
            self.linear_family_d_ff(d, d_ff)?
        };
        if fam.id == Id::Mpt {
            self.mpt_notes()?;
        }
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let norm = self.norm_kind()?;
        let v1 = self.chatglm_v1();
        let gated = fam.gated && !v1;
        let mlp_bias = if v1 {
            true
        } else {
            self.bias(fam.mlp_bias, "MLP")?
        };
        let (qkv_bias, o_bias) = if v1 {
            (true, true)
        } else {
            (attn.qkv_bias, attn.o_bias)
        };
        let moe = self.moe_block(d_ff, gated)?;
        let moe_flags = self.moe_layers(n_layers, moe.map_or(0, |m| m.n_experts))?;
        let plan = self.mixer_plan(n_layers, d, &attn)?;
        let (windows, mut types) = match &plan {
            Some(p) => (p.windows.clone(), Vec::new()),
            None => self.windows(n_layers)?,
        };
        if fam.id == Id::Dots3 {
            self.dots3_dsa_types(&mut types)?;
        }
        let cross = self.cross_layers(n_layers)?;
        let indexer = self.indexer(&attn)?;
        let shared_index = self.shared_indexer_layers(n_layers, indexer.is_some())?;
        let heads = self.heads_per_layer(n_layers, h)?;
        let top_ks = self.per_layer_top_k()?;
        let dots3_sliding = if fam.id == Id::Dots3 && types.contains(&AttnType::Sliding) {
            Some(self.dots3_sliding_attention(d, &attn)?)
        } else {
            None
        };
        let needs_dense = fam.id == Id::LongcatFlash || moe_flags.iter().any(|m| !m);
        let dense_d_ff = match d_ff {
            // Llama 4's dense layers have their own width.
            Some(_) if fam.id == Id::Llama4 => {
                let f = self.raw.intermediate_size_mlp.clone();
                self.count(&f, "intermediate_size_mlp", Some(16384), 1, MAX_DIM)?
            }
            // Cohere2-MoE's leading dense layers may have their own width.
            Some(v) if fam.id == Id::Cohere2Moe => {
                let f = self.raw.prefix_dense_d_ff.clone();
                match &f {
                    Some(x) if x.uint()?.is_some() => {
                        self.count(&f, "prefix_dense_intermediate_size", None, 1, MAX_DIM)?
                    }
                    _ => v,
                }
            }
            // MiniMax-M3's dense layers too (`intermediate_size` is the experts').
            Some(_) if fam.id == Id::MiniMaxM3 => {
                self.lin_count("dense_intermediate_size", Some(12288), 1)?
            }
            Some(v) => v,
            None if needs_dense => return Err(self.missing(fam.names.d_ff)),
            None => 0,
        };
        let parallel = match fam.id {
            // Their keys switch it; the table holds their classes' defaults (true).
            Id::GptNeox => Self::quiet_flag(&self.raw.use_parallel_residual, fam.parallel)?,
            Id::Falcon => Self::quiet_flag(&self.raw.parallel_attn, fam.parallel)?,
            Id::StableLm => {
                let f = self.raw.use_parallel_residual.clone();
                self.flag(
                    &f,
                    "use_parallel_residual",
                    false,
                    " (attention, then the MLP, each behind its own norm)",
                )?
            }
            _ => fam.parallel,
        };
        let cross_everywhere = self.added_cross_attention()?;
        let norms = self.norms_per_layer(parallel)? + u64::from(cross_everywhere);
        let layer_gates = self.layer_scales(&attn, dense_d_ff, d);
        let extras = self.extras(attn.n_kv_heads)?;
        let hyper_connections = self.hyper_connections()?;
        let norm_gate_rank = if fam.id == Id::Axk2 {
            let f = self.raw.gated_norm_rank.clone();
            Some(self.count(&f, "gated_norm_rank", Some(16), 1, MAX_DIM)?)
        } else {
            None
        };

        let base = Attention {
            n_heads: attn.n_heads,
            n_kv_heads: attn.n_kv_heads,
            head_dim: attn.head_dim,
            qkv_bias,
            o_bias,
            qk_norm: attn.qk_norm,
            mla: attn.mla,
            sinks: fam.sinks,
            qk_norm_kind: attn.qk_norm_kind,
            differential: extras.differential,
            dynamic_mask: extras.doge,
            out_norm: extras.sub_norms,
            v_head_dim: attn.v_head_dim,
            gate: attn.gate,
            cca: plan.as_ref().and_then(|p| p.cca),
            experts: (fam.id == Id::JetMoe)
                .then(|| {
                    moe.map(|m| AttnExperts {
                        n_experts: m.n_experts,
                        top_k: m.top_k,
                    })
                })
                .flatten(),
            ..Attention::default()
        };
        let dense = Ffn::Dense(Mlp {
            act_params: extras.act_params,
            inner_norm: extras.sub_norms,
            ..Mlp::new(dense_d_ff, gated, mlp_bias)
        });
        let gates = if extras.doge { d.saturating_mul(2) } else { 0 };
        // Identical layers are grouped as they are built, so a deep model never
        // holds one entry per layer.
        // A looped layer (recurrent depth) runs `passes` times on one set of
        // weights: its group counts every pass and each set once (`copies`).
        let mut groups: Vec<LayerGroup> = Vec::new();
        let mut push_passes = |layer: Layer, passes: u64| match groups
            .iter_mut()
            .find(|g| g.layer == layer && g.count / g.copies.unwrap_or(g.count).max(1) == passes)
        {
            Some(g) => {
                g.count += passes;
                if passes > 1 {
                    g.copies = Some(g.copies.unwrap_or(0) + 1);
                }
            }
            None => groups.push(LayerGroup {
                count: passes,
                layer,
                copies: (passes > 1).then_some(1),
            }),
        };
        for i in 0..n_layers {
            let at = usize::try_from(i).unwrap_or(usize::MAX);
            let kind = types.get(at).copied().unwrap_or(AttnType::Full);
            let mut self_attn = base.clone();
            self_attn.window = windows.get(at).copied().flatten();
            // GPT-NeoX-Japanese biases only the last layer's attention output.
            self_attn.o_bias |= fam.id == Id::GptNeoxJapanese && i + 1 == n_layers;
            if let Some(n) = heads.as_ref().and_then(|l| l.get(at)) {
                self_attn.n_heads = *n;
            }
            // DSA families index every layer; dots3 only its "indexed_attention" ones.
            let indexed = fam.id != Id::Dots3 || kind == AttnType::Indexed;
            self_attn.indexer = indexer.filter(|_| indexed).map(|ix| Indexer {
                shared: shared_index.get(at).copied().unwrap_or(false),
                ..ix
            });
            // A block indexer (Qwen4-Exp's QSA, MiniMax-M3's sparse layers).
            self_attn.block_index = plan.as_ref().and_then(|p| {
                p.block_index
                    .filter(|_| p.indexed.get(at).copied().unwrap_or(true))
            });
            if kind == AttnType::Sliding {
                match (fam.id, &dots3_sliding) {
                    // MiMo-V2-Flash: twice the key/value heads and a sink per head.
                    (Id::MimoV2Flash, _) => {
                        self_attn.n_kv_heads = self_attn.n_kv_heads.saturating_mul(2);
                        self_attn.sinks = true;
                    }
                    // dots3: a smaller MLA of its own on sliding layers.
                    (Id::Dots3, Some(sw)) => {
                        self_attn.n_heads = sw.n_heads;
                        self_attn.n_kv_heads = sw.n_kv_heads;
                        self_attn.head_dim = sw.head_dim;
                        self_attn.mla = sw.mla;
                    }
                    _ => {}
                }
            }
            let sparse = moe_flags.get(at).copied().unwrap_or(false);
            // A.X-K2: the input norm is gated, and so is the post-attention norm
            // of MoE layers.
            let norm_gates = norm_gate_rank.map(|rank| NormGates {
                count: 1 + u64::from(sparse),
                rank,
            });
            let ffn = match (moe_flags.get(at).copied().unwrap_or(false), moe) {
                (true, Some(mut m)) => {
                    if let Some(k) = top_ks.as_ref().and_then(|l| l.get(at)) {
                        m.top_k = *k;
                    }
                    Ffn::Moe(m)
                }
                _ => dense.clone(),
            };
            // ModernBERT's first layer reads the embedding norm's output: it has
            // no attention norm of its own.
            let norms = norms - u64::from(fam.id == Id::ModernBertDecoder && i == 0);
            // The family's token mixer instead of attention, and what a layer of
            // the plan holds beyond its blocks.
            let is_mixer = plan
                .as_ref()
                .is_some_and(|p| p.is_mixer.get(at).copied().unwrap_or(false));
            let extra = plan
                .as_ref()
                .and_then(|p| p.extra_of.get(at).and_then(|&e| p.extras.get(e)))
                .cloned()
                .unwrap_or_default();
            let passes = plan
                .as_ref()
                .and_then(|p| p.passes.get(at).copied())
                .unwrap_or(1);
            let layer = if cross.get(at).copied().unwrap_or(false) {
                Layer {
                    cross_attn: Some(Attention {
                        qk_norm: Some(QkNorm::PerHead),
                        window: None,
                        sinks: false,
                        ..self_attn
                    }),
                    ffn,
                    norms,
                    parallel,
                    gates: 2,
                    needs_images: true,
                    ..Layer::default()
                }
            } else {
                Layer {
                    cross_attn: cross_everywhere.then(|| Attention {
                        window: None,
                        sinks: false,
                        ..self_attn.clone()
                    }),
                    attn: (!is_mixer).then_some(self_attn),
                    mixer: plan
                        .as_ref()
                        .filter(|_| is_mixer)
                        .and_then(|p| p.mixer.clone()),
                    ffn,
                    norms: norms.saturating_add(extra.norms),
                    parallel,
                    gates: gates
                        .saturating_add(layer_gates)
                        .saturating_add(extra.gates),
                    cross_needs_encoder: cross_everywhere,
                    norm_gates,
                    linears: extra.linears,
                    ..Layer::default()
                }
            };
            if fam.id == Id::LongcatFlash {
                // Two sublayers: attention and the dense MLP, with the experts
                // reading the first sublayer's MLP input (a shared expert's place);
                // then attention and the second dense MLP.
                let second = Layer {
                    ffn: dense.clone(),
                    ..layer.clone()
                };
                push_passes(layer, 1);
                push_passes(second, 1);
            } else {
                push_passes(layer, passes);
            }
        }
        if top_ks.as_ref().is_some_and(|l| l.len() as u64 != n_layers) {
            if let Some(f) = &self.raw.top_k {
                return Err(ConfigError::invalid(
                    f.key,
                    "a list",
                    &format!("a per-layer list needs one entry per layer ({n_layers})"),
                ));
            }
        }

        let embed_dim = if fam.id == Id::Opt {
            let f = self.raw.word_embed_proj_dim.clone();
            let p = match &f {
                Some(x) => x.uint()?,
                None => None,
            };
            match p {
                Some(_) => Some(self.count(&f, "word_embed_proj_dim", None, 1, MAX_DIM)?)
                    .filter(|&p| p != d),
                None => None,
            }
        } else {
            None
        };
        let final_norm = match fam.id {
            Id::Opt => {
                Self::quiet_flag(&self.raw.do_layer_norm_before, true)?
                    && !Self::quiet_flag(&self.raw.remove_final_layer_norm, false)?
            }
            Id::ChatGlm if !v1 => Self::quiet_flag(&self.raw.post_layer_norm, true)?,
            // GPT-1's blocks end in their own norm; the model adds none.
            Id::OpenaiGpt => false,
            // Qwen4-Exp ends with the hyper-connections' final mixing instead
            // (its norm over the streams is counted with them).
            Id::Qwen4Exp => false,
            _ => true,
        };
        let positions = fam
            .learned_positions
            .map_or(0, |offset| context.saturating_add(offset));
        let mtp_layers = match fam.id {
            Id::DeepseekV3 | Id::KimiK2 | Id::Glm4Moe => Self::uint_or(&self.raw.mtp_layers, 1)?,
            // Counted only where the config names them (transformers builds none).
            Id::DeepseekV32
            | Id::GlmMoeDsa
            | Id::Glm4MoeLite
            | Id::SarvamMoe
            | Id::Dots3
            | Id::Axk1
            | Id::ExaoneMoe
            | Id::MimoV2Flash
            | Id::HyV3
            | Id::HyV4
            | Id::LongcatFlash
            | Id::MinimaxM2 => Self::uint_or(&self.raw.mtp_layers, 0)?,
            _ => 0,
        };
        Ok(ModelSpec {
            model_type: fam.types.first().copied().unwrap_or("custom").to_string(),
            d_model: d,
            vocab_size: vocab,
            context_len: context,
            norm,
            embed: Embeddings {
                extra_rows: match fam.id {
                    Id::Mllama => MLLAMA_EXTRA_ROWS,
                    // HRM's learned initial low-level state `z_L_init`, one
                    // d_model-wide vector (a parameter, unused by the lookup).
                    Id::HrmText => 1,
                    _ => 0,
                },
                dim: embed_dim,
                positions,
                token_types: 0,
                norm: fam.embed_norm,
            },
            head: Some(self.head(tied, vocab)?),
            stacks: vec![Stack {
                kind: StackKind::Decoder,
                groups,
                final_norm,
                rel_pos_buckets: 0,
            }],
            mtp_layers,
            hyper_connections,
            remote_code: fam.remote_code,
            ..ModelSpec::default()
        })
    }

    /// What DiffLlama, Doge, BitNet and Apertus add to a Llama-style layer.
    fn extras(&mut self, n_kv_heads: u64) -> Result<Extras, ConfigError> {
        let mut e = Extras::default();
        match self.fam.id {
            Id::DiffLlama => {
                // The two attention maps split the values by key/value head.
                if !n_kv_heads.is_multiple_of(2) {
                    let key = self.key_of(&self.raw.n_kv_heads, "num_key_value_heads");
                    return Err(ConfigError::invalid(
                        &key,
                        &n_kv_heads.to_string(),
                        "DiffLlama splits the values into two halves by key/value head, so it \
                         must be even (transformers refuses an odd count)",
                    ));
                }
                e.differential = true;
            }
            Id::Doge => e.doge = true,
            Id::BitNet => e.sub_norms = true,
            Id::Apertus | Id::Apertus1p5 => {
                let act = match &self.raw.hidden_act {
                    Some(f) => f.string()?.map(str::to_string),
                    None => None,
                };
                if act.is_none() {
                    self.note(
                        "hidden_act",
                        format!(
                            "`hidden_act` missing: {}'s default is \"xielu\" (two learned \
                             parameters in each MLP)",
                            self.fam.class
                        ),
                    );
                }
                if act.as_deref().is_none_or(|a| a == "xielu") {
                    e.act_params = 2;
                }
            }
            _ => {}
        }
        Ok(e)
    }

    /// The output head: tied or not, its bias, the rows Apertus 1.5 may prune
    /// (`output_vocab_size`) and ModernBERT's dense transform and bias.
    fn head(&mut self, tied: bool, vocab: u64) -> Result<Head, ConfigError> {
        let mut head = Head {
            tied,
            bias: self.bias(self.fam.head_bias, "output head")?,
            ..Head::default()
        };
        match self.fam.id {
            Id::Apertus1p5 => {
                let f = self.raw.output_vocab_size.clone();
                if let Some(rows) = match &f {
                    Some(x) => x.uint()?,
                    None => None,
                } {
                    if rows == 0 || rows > vocab {
                        return Err(ConfigError::invalid(
                            "output_vocab_size",
                            &rows.to_string(),
                            &format!("it must be from 1 to `vocab_size` ({vocab})"),
                        ));
                    }
                    if rows < vocab {
                        head.rows = Some(rows);
                    }
                }
            }
            Id::ModernBertDecoder => {
                head.bias = Self::quiet_flag(&self.raw.decoder_bias, true)?;
                head.transform = Some(HeadTransform {
                    bias: Self::quiet_flag(&self.raw.classifier_bias, false)?,
                });
            }
            _ => {}
        }
        Ok(head)
    }

    /// Decoder layers. LongCat-Flash counts pairs of sublayers (`num_layers`;
    /// `num_hidden_layers` is twice that).
    fn decoder_layers(&mut self) -> Result<u64, ConfigError> {
        if self.fam.id == Id::LongcatFlash {
            if let Some(f) = self
                .raw
                .n_layers
                .clone()
                .filter(|f| f.key == "num_hidden_layers")
            {
                if let Some(v) = f.uint()? {
                    let pairs = v / 2;
                    if pairs == 0 || v % 2 != 0 {
                        return Err(ConfigError::invalid(
                            f.key,
                            &v.to_string(),
                            "LongCat-Flash's layers come in pairs: it must be even and at least 2 \
                             (or give `num_layers`, the number of pairs)",
                        ));
                    }
                    return Ok(pairs);
                }
            }
        }
        self.n_layers()
    }

    /// JetMoE's query heads: `num_key_value_heads × num_experts_per_tok` (its
    /// config class derives them; a `num_attention_heads` in the file is ignored).
    fn jetmoe_heads(&mut self) -> Result<u64, ConfigError> {
        let f = self.raw.n_kv_heads.clone();
        let kv = self.count(&f, "num_key_value_heads", self.fam.n_kv_heads, 1, MAX_DIM)?;
        let f = self.raw.top_k.clone();
        let k = self.count(
            &f,
            "num_experts_per_tok",
            self.fam.moe.and_then(|m| m.top_k),
            1,
            MAX_DIM,
        )?;
        let h = kv.saturating_mul(k);
        if let Some(f) = &self.raw.n_heads {
            if f.uint()?.is_some_and(|given| given != h) {
                self.note(
                    f.key,
                    format!(
                        "`{}` is ignored: JetMoE has `num_key_value_heads` × `num_experts_per_tok` \
                         = {kv} × {k} = {h} query heads",
                        f.key
                    ),
                );
            }
        }
        Ok(h)
    }

    /// dots3's `use_dsa`: true (the default without `per_layer_config`) makes
    /// "full_attention" layers indexed, as legacy checkpoints name them; false
    /// makes indexed layers plain full attention.
    fn dots3_dsa_types(&mut self, types: &mut [AttnType]) -> Result<(), ConfigError> {
        let use_dsa = match &self.raw.use_dsa {
            Some(f) => f.boolean()?,
            None if self.raw.per_layer_config.is_some() => None,
            None => Some(true),
        };
        let (from, to) = match use_dsa {
            Some(true) => (AttnType::Full, AttnType::Indexed),
            Some(false) => (AttnType::Indexed, AttnType::Full),
            None => return Ok(()),
        };
        for t in types.iter_mut().filter(|t| **t == from) {
            *t = to;
        }
        Ok(())
    }

    /// The DSA indexer the family puts on its attention layers, if any.
    fn indexer(&mut self, attn: &AttnParts) -> Result<Option<Indexer>, ConfigError> {
        let Some(defaults) = self.fam.indexer else {
            return Ok(None);
        };
        let Some(q_rank) = attn.mla.and_then(|m| m.q_lora_rank) else {
            let key = self.key_of(&self.raw.q_lora_rank, "q_lora_rank");
            return Err(ConfigError::invalid(
                &key,
                "null",
                &format!(
                    "{}'s sparse-attention indexer reads the query latent, so the queries must be \
                     compressed: give `q_lora_rank`",
                    self.fam.class.trim_end_matches("Config")
                ),
            ));
        };
        let f = self.raw.index_n_heads.clone();
        let n_heads = self.count(&f, "index_n_heads", Some(defaults.n_heads), 1, MAX_DIM)?;
        let f = self.raw.index_head_dim.clone();
        let head_dim = self.count(&f, "index_head_dim", Some(defaults.head_dim), 1, MAX_DIM)?;
        let f = self.raw.index_topk.clone();
        let top_k = self.count(&f, "index_topk", Some(defaults.top_k), 1, MAX_CONTEXT)?;
        Ok(Some(Indexer {
            n_heads,
            head_dim,
            top_k,
            q_rank,
            shared: false,
        }))
    }

    /// Layers that reuse an earlier layer's index selection instead of running
    /// an indexer ("shared" in GLM-5's and HY-V4's `indexer_types`).
    fn shared_indexer_layers(
        &mut self,
        n_layers: u64,
        indexed: bool,
    ) -> Result<Vec<bool>, ConfigError> {
        let len = usize::try_from(n_layers).unwrap_or(usize::MAX);
        if !indexed || !matches!(self.fam.id, Id::GlmMoeDsa | Id::HyV4) {
            return Ok(vec![false; len]);
        }
        let listed = |b: &mut Self, field: Opt| -> Result<Option<Vec<bool>>, ConfigError> {
            let Some(f) = field else { return Ok(None) };
            let types: Vec<String> = match &f.value {
                serde_json::Value::Null => return Ok(None),
                // "FSSF…": F runs the indexer, S reuses.
                serde_json::Value::String(p) => p
                    .chars()
                    .map(|c| match c {
                        'F' => "full".to_string(),
                        'S' => "shared".to_string(),
                        other => other.to_string(),
                    })
                    .collect(),
                _ => f
                    .string_list()?
                    .unwrap_or_default()
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            };
            if types.len() as u64 != n_layers {
                return Err(ConfigError::invalid(
                    f.key,
                    &format!("{} entries", types.len()),
                    &format!(
                        "it needs one entry per layer ({n_layers}, `{}`)",
                        b.key_of(&b.raw.n_layers, b.fam.names.n_layers)
                    ),
                ));
            }
            if let Some(bad) = types.iter().find(|t| *t != "full" && *t != "shared") {
                return Err(ConfigError::invalid(
                    f.key,
                    &format!("\"{bad}\""),
                    "each layer is \"full\" (runs the indexer) or \"shared\" (reuses the last one)",
                ));
            }
            Ok(Some(types.iter().map(|t| t == "shared").collect()))
        };
        if let Some(l) = listed(self, self.raw.indexer_types.clone())? {
            return Ok(l);
        }
        if self.fam.id == Id::GlmMoeDsa {
            if let Some(l) = listed(self, self.raw.index_topk_pattern.clone())? {
                return Ok(l);
            }
            let freq = Self::nonzero_step(&self.raw.index_topk_freq, "index_topk_freq")?;
            let offset = Self::uint_or(&self.raw.index_skip_topk_offset, 2)?;
            return Ok((0..n_layers)
                .map(|i| (i + 1).saturating_sub(offset) % freq != 0)
                .collect());
        }
        // HY-V4: the first layer and every fourth from the second run the indexer.
        Ok((0..n_layers)
            .map(|i| !(i == 0 || (i - 1) % 4 == 0))
            .collect())
    }

    /// Laguna's query heads per layer (`num_attention_heads_per_layer`).
    fn heads_per_layer(&mut self, n_layers: u64, h: u64) -> Result<Option<Vec<u64>>, ConfigError> {
        if self.fam.id != Id::Laguna {
            return Ok(None);
        }
        let Some(f) = self.raw.heads_per_layer.clone() else {
            return Ok(None);
        };
        let Some(list) = f.uint_list()? else {
            return Ok(None);
        };
        if list.len() as u64 != n_layers {
            return Err(ConfigError::invalid(
                f.key,
                &format!("{} entries", list.len()),
                &format!("it needs one entry per layer ({n_layers})"),
            ));
        }
        let kv = self.raw.n_kv_heads.clone();
        for (i, &n) in list.iter().enumerate() {
            if n == 0 || n > MAX_DIM {
                return Err(ConfigError::invalid(
                    &format!("{}[{i}]", f.key),
                    &n.to_string(),
                    &format!("a layer needs from 1 to {MAX_DIM} query heads"),
                ));
            }
            let kv_heads = match &kv {
                Some(x) => x.uint()?.unwrap_or(h),
                None => self.fam.n_kv_heads.unwrap_or(h),
            };
            // (0 key/value heads were refused before; `is_multiple_of(0)`
            // would refuse them here too, without dividing by zero.)
            if !n.is_multiple_of(kv_heads) {
                return Err(SpecError::KvHeadsDoNotDivide {
                    kv_key: self.key_of(&kv, "num_key_value_heads"),
                    kv: kv_heads,
                    heads_key: format!("{}[{i}]", f.key),
                    heads: n,
                }
                .into());
            }
        }
        Ok(Some(list))
    }

    /// dots3's sliding layers: their own heads and MLA sizes, from
    /// `per_layer_config` (the overrides of the first sliding layer) or the
    /// released checkpoint's `swa_*` keys (with the config class's defaults).
    fn dots3_sliding_attention(
        &mut self,
        d: u64,
        base: &AttnParts,
    ) -> Result<AttnParts, ConfigError> {
        let _ = d;
        let mla = base.mla.ok_or_else(|| self.missing("kv_lora_rank"))?;
        let overrides: Option<serde_json::Map<String, serde_json::Value>> =
            match &self.raw.per_layer_config {
                Some(f) => match &f.value {
                    serde_json::Value::Object(m) => {
                        // The overrides of every layer that has some are the sliding ones'.
                        m.values().find_map(|v| v.as_object().cloned())
                    }
                    serde_json::Value::Null => None,
                    other => {
                        return Err(ConfigError::WrongType {
                            key: f.key.into(),
                            found: super::json::describe(other),
                            expected: "an object of per-layer overrides".into(),
                        })
                    }
                },
                None => None,
            };
        let from_overrides = overrides.is_some();
        let read = |key: &'static str, swa: &'static str, base_value: u64, default: u64| {
            let (name, value) = match &overrides {
                Some(m) => (key, m.get(key).cloned()),
                None => (swa, self.raw.swa(swa)),
            };
            match value {
                None | Some(serde_json::Value::Null) => {
                    Ok(if from_overrides { base_value } else { default })
                }
                Some(v) => RawField {
                    key: name,
                    value: v,
                }
                .uint()
                .and_then(|x| {
                    x.filter(|&x| x > 0 && x <= MAX_DIM).ok_or_else(|| {
                        ConfigError::invalid(
                            name,
                            &x.map_or("null".into(), |x| x.to_string()),
                            "it must be a positive width or head count",
                        )
                    })
                }),
            }
        };
        let n_heads = read(
            "num_attention_heads",
            "swa_num_attention_heads",
            base.n_heads,
            64,
        )?;
        let n_kv_heads = read(
            "num_key_value_heads",
            "swa_num_key_value_heads",
            base.n_kv_heads,
            64,
        )?;
        let q_lora = read(
            "q_lora_rank",
            "swa_q_lora_rank",
            mla.q_lora_rank.unwrap_or(1024),
            1024,
        )?;
        let kv_lora = read("kv_lora_rank", "swa_kv_lora_rank", mla.kv_lora_rank, 1024)?;
        let head_dim = read("head_dim", "swa_head_dim", 256, 256)?;
        let nope = read(
            "qk_nope_head_dim",
            "swa_qk_nope_head_dim",
            mla.qk_nope_head_dim,
            192,
        )?;
        let v = read("v_head_dim", "swa_v_head_dim", mla.v_head_dim, 128)?;
        let rope = read(
            "qk_rope_head_dim",
            "swa_qk_rope_head_dim",
            mla.qk_rope_head_dim,
            head_dim.saturating_sub(nope).max(1),
        )?;
        Ok(AttnParts {
            n_heads,
            n_kv_heads,
            head_dim: nope + rope,
            mla: Some(Mla {
                q_lora_rank: Some(q_lora),
                kv_lora_rank: kv_lora,
                qk_rope_head_dim: rope,
                qk_nope_head_dim: nope,
                v_head_dim: v,
                rope_key_norm: true,
                q_b_reads_raw_latent: false,
            }),
            ..*base
        })
    }

    /// Hyper-connections (DeepSeek-V4's are built with its attention):
    /// - HY-V4: `hc_mult` streams, mixings of `2·hc_mult` outputs with 2 scales;
    /// - Qwen4-Exp: `hc_count` streams behind gated residuals, each a norm over
    ///   the streams, a per-channel input mixing through a bottleneck of rank
    ///   `hc_lowrank` (`Linear(hc·d, r)`, `Linear(r, hc·d)`) and the write-back
    ///   weights `Linear(hc·d, hc)`; the final mixing is the normalised
    ///   bottleneck alone.
    fn hyper_connections(&mut self) -> Result<Option<Box<HyperConnections>>, ConfigError> {
        match self.fam.id {
            Id::HyV4 => {
                let f = self.raw.hc_mult.clone();
                let streams = self.count(&f, "hc_mult", Some(4), 1, 64)?;
                Ok(Some(Box::new(HyperConnections {
                    streams,
                    outputs: 2 * streams,
                    scales: 2,
                    stream_mix: false,
                    low_rank: None,
                })))
            }
            Id::Qwen4Exp => {
                let f = self.raw.linear_key("hc_count");
                let streams = self.count(&f, "hc_count", Some(4), 2, 64)?;
                Ok(Some(Box::new(HyperConnections {
                    streams,
                    outputs: streams,
                    scales: 0,
                    stream_mix: false,
                    low_rank: Some(self.lin_count("hc_lowrank", Some(320), 1)?),
                })))
            }
            _ => Ok(None),
        }
    }

    /// MPT settings transformers' implementation does not honour, each said when
    /// set to something it would change: the count follows transformers.
    fn mpt_notes(&mut self) -> Result<(), ConfigError> {
        if let Some(f) = self.raw.expansion_ratio.clone() {
            if let Some(r) = f.value.as_f64().filter(|&r| r != 4.0) {
                self.note(
                    "expansion_ratio",
                    format!(
                        "`expansion_ratio` is {r}, but transformers' MPT always builds a \
                         4·d_model MLP: counted 4·d_model, as PyTorch does (MosaicML's own code \
                         would use {r}·d_model)"
                    ),
                );
            }
        }
        if !Self::quiet_flag(&self.raw.no_bias, true)? {
            self.note(
                "no_bias",
                "`no_bias` is false, but transformers' MPT has no biases whatever it says: \
                 counted none, as PyTorch does"
                    .into(),
            );
        }
        let attn = self.raw.attn_config.clone();
        let get = |k: &str| attn.as_ref().and_then(|f| f.value.get(k).cloned());
        let mut ignored = Vec::new();
        if get("alibi").and_then(|v| v.as_bool()) == Some(false) {
            ignored.push("`alibi` false (transformers always uses ALiBi: no position table)");
        }
        if get("attn_type")
            .and_then(|v| v.as_str().map(str::to_string))
            .is_some_and(|t| t != "multihead_attention")
        {
            ignored.push("`attn_type` (transformers always builds multi-head attention)");
        }
        if get("qk_ln").and_then(|v| v.as_bool()) == Some(true) {
            ignored.push("`qk_ln` true (transformers builds no query/key norms)");
        }
        if !ignored.is_empty() {
            self.note(
                "attn_config",
                format!(
                    "`attn_config` sets {}: counted transformers' MPT, as PyTorch builds it",
                    ignored.join(", ")
                ),
            );
        }
        Ok(())
    }

    fn norms_per_layer(&mut self, parallel: bool) -> Result<u64, ConfigError> {
        match self.fam.id {
            Id::Falcon => {}
            // LFM3's sandwich norms: one more on the mixer's and on the MLP's output.
            Id::Lfm3 => {
                return Ok(if self.lin_flag("use_sandwich_norm", true)? {
                    4
                } else {
                    2
                })
            }
            // StableLM's parallel block reads one norm.
            Id::StableLm => return Ok(if parallel { 1 } else { 2 }),
            // HyperCLOVA X's peri-layer norms after attention and MLP.
            Id::HyperClovaX => {
                let f = self.raw.use_post_norm.clone();
                let post = self.flag(
                    &f,
                    "use_post_norm",
                    true,
                    " (a norm after attention and after the MLP besides the two before)",
                )?;
                return Ok(if post { 4 } else { 2 });
            }
            _ => return Ok(self.fam.norms_per_layer),
        }
        if !parallel {
            return Ok(2);
        }
        let new_arch = self.falcon_new_arch()?;
        let n = match &self.raw.num_ln_in_parallel_attn {
            Some(f) => f.uint()?,
            None => None,
        };
        Ok(match n {
            Some(2) => 2,
            Some(_) => 1,
            None if new_arch => 2,
            None => 1,
        })
    }

    /// Mllama's cross-attention layers (all false for other families).
    fn cross_layers(&mut self, n_layers: u64) -> Result<Vec<bool>, ConfigError> {
        let len = usize::try_from(n_layers).unwrap_or(usize::MAX);
        if self.fam.id != Id::Mllama {
            return Ok(vec![false; len]);
        }
        let listed = match &self.raw.cross_attention_layers {
            Some(f) => f.uint_list()?,
            None => None,
        };
        let listed = match listed {
            Some(l) => l,
            None => {
                self.note(
                    "cross_attention_layers",
                    format!(
                        "`cross_attention_layers` missing: used MllamaTextConfig's default, {MLLAMA_CROSS_LAYERS:?}"
                    ),
                );
                MLLAMA_CROSS_LAYERS.to_vec()
            }
        };
        let listed: BTreeSet<u64> = listed.into_iter().collect();
        Ok((0..n_layers).map(|i| listed.contains(&i)).collect())
    }

    fn t5(&mut self) -> Result<ModelSpec, ConfigError> {
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let f = self.raw.n_decoder_layers.clone();
        let n_dec = match &f {
            Some(x) if x.uint()?.is_some() => {
                self.count(&f, "num_decoder_layers", None, 1, MAX_LAYERS)?
            }
            _ => {
                self.note(
                    "num_decoder_layers",
                    format!(
                        "`num_decoder_layers` missing: {} gives the decoder as many layers as the \
                         encoder ({n_layers})",
                        self.fam.class
                    ),
                );
                n_layers
            }
        };
        let h = self.n_heads()?;
        let d_kv = self.head_dim(self.fam.head_dim, d, h)?;
        let d_ff = self.d_ff(d)?.unwrap_or(2048);
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let f = self.raw.relative_attention_num_buckets.clone();
        let buckets = self.count(&f, "relative_attention_num_buckets", Some(32), 0, MAX_DIM)?;
        let gated = match &self.raw.feed_forward_proj {
            Some(field) => match field.string()? {
                Some(proj) => {
                    let parts: Vec<&str> = proj.split('-').collect();
                    match parts.as_slice() {
                        [_] => false,
                        ["gated", _] => true,
                        _ => {
                            return Err(ConfigError::invalid(
                                field.key,
                                &format!("\"{proj}\""),
                                "it must be an activation such as \"relu\", or \"gated-\" and an activation such as \"gated-gelu\"",
                            ))
                        }
                    }
                }
                None => false,
            },
            None => {
                self.note(
                    "feed_forward_proj",
                    "`feed_forward_proj` missing: T5Config's default is \"relu\" (a plain two-matrix MLP)".into(),
                );
                false
            }
        };
        // T5Config derives `is_gated_act` from `feed_forward_proj`, but a value
        // in the config.json replaces it, and the MLP follows it.
        let gated = match self.raw.is_gated_act.clone() {
            Some(f) => {
                let said = Self::quiet_flag(&Some(f), gated)?;
                if said != gated {
                    self.note(
                        "is_gated_act",
                        format!(
                            "`is_gated_act` is {said}, which transformers' T5 follows over \
                             `feed_forward_proj`: counted a {} MLP",
                            if said {
                                "gated three-matrix"
                            } else {
                                "plain two-matrix"
                            }
                        ),
                    );
                }
                said
            }
            None => gated,
        };
        let attn = Attention {
            n_heads: h,
            n_kv_heads: h,
            head_dim: d_kv,
            ..Attention::default()
        };
        let ffn = Ffn::Dense(Mlp::new(d_ff, gated, false));
        let encoder = Layer {
            attn: Some(attn.clone()),
            ffn: ffn.clone(),
            norms: 2,
            ..Layer::default()
        };
        let decoder = Layer {
            attn: Some(attn.clone()),
            cross_attn: Some(attn),
            ffn,
            norms: 3,
            ..Layer::default()
        };
        Ok(ModelSpec {
            model_type: "t5".into(),
            d_model: d,
            vocab_size: vocab,
            context_len: context,
            // T5LayerNorm scales without a bias or a mean: the default RMSNorm.
            head: Some(Head {
                tied,
                ..Head::default()
            }),
            stacks: vec![
                Stack {
                    kind: StackKind::Encoder,
                    groups: vec![LayerGroup::new(n_layers, encoder)],
                    final_norm: true,
                    rel_pos_buckets: buckets,
                },
                Stack {
                    kind: StackKind::Decoder,
                    groups: vec![LayerGroup::new(n_dec, decoder)],
                    final_norm: true,
                    rel_pos_buckets: buckets,
                },
            ],
            ..ModelSpec::default()
        })
    }

    fn bert(&mut self) -> Result<ModelSpec, ConfigError> {
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let h = self.n_heads()?;
        let head_dim = self.head_dim(self.fam.head_dim, d, h)?;
        let d_ff = self.d_ff(d)?.unwrap_or(3072);
        let vocab = self.vocab()?;
        let context = self.context()?;
        let f = self.raw.type_vocab_size.clone();
        let token_types = self.count(&f, "type_vocab_size", Some(2), 0, MAX_DIM)?;
        // The table's biases (all there: BERT has no key for them).
        let attn = Attention {
            n_heads: h,
            n_kv_heads: h,
            head_dim,
            qkv_bias: self.bias(self.fam.qkv_bias, "attention")?,
            o_bias: self.bias(self.fam.o_bias, "attention")?,
            ..Attention::default()
        };
        let mlp_bias = self.bias(self.fam.mlp_bias, "MLP")?;
        let cross = self.added_cross_attention()?;
        let layer = Layer {
            cross_attn: cross.then(|| attn.clone()),
            attn: Some(attn),
            ffn: Ffn::Dense(Mlp::new(d_ff, self.fam.gated, mlp_bias)),
            norms: 2 + u64::from(cross),
            cross_needs_encoder: cross,
            ..Layer::default()
        };
        self.note(
            "architectures",
            "counted `BertModel` with its pooler and no masked-LM head (as transformers' AutoModel builds it)".into(),
        );
        Ok(ModelSpec {
            model_type: "bert".into(),
            d_model: d,
            vocab_size: vocab,
            context_len: context,
            norm: NormKind::LayerNorm,
            embed: Embeddings {
                extra_rows: 0,
                dim: None,
                positions: context,
                token_types,
                norm: true,
            },
            stacks: vec![Stack {
                kind: StackKind::Encoder,
                groups: vec![LayerGroup::new(n_layers, layer)],
                final_norm: false,
                rel_pos_buckets: 0,
            }],
            pooler: true,
            ..ModelSpec::default()
        })
    }
}

/// Where a layer of a hybrid sits: softmax attention (full or sliding) or the
/// family's token mixer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Full,
    Sliding,
    Mixer,
}

/// The token-mixer layout of a family with a [`LinearMixer`] mixer: the mixer (the
/// same in every mixer layer), which layers use it, and the attention layers'
/// windows.
struct MixerPlan {
    mixer: Option<Mixer>,
    is_mixer: Vec<bool>,
    windows: Vec<Option<u64>>,
    /// Passes per layer (empty: one each).
    passes: Vec<u64>,
    /// Per layer, an index into `extras` (empty: none).
    extra_of: Vec<usize>,
    /// Parts a layer holds beyond its blocks; entry 0 is none.
    extras: Vec<LayerExtras>,
    /// The attention layers' block indexer.
    block_index: Option<BlockIndexer>,
    /// Per layer, whether its attention holds `block_index` (empty: every
    /// attention layer does).
    indexed: Vec<bool>,
    /// ZAYA's CCA projection on every attention layer.
    cca: Option<Cca>,
}

/// Linear maps, norms over `d_model` and other parameters a layer holds
/// beyond its attention or mixer and its MLP (Qwen4-Exp's hyper-connection
/// mixings and per-layer n-gram embeddings).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct LayerExtras {
    linears: Vec<crate::model::Linear>,
    norms: u64,
    gates: u64,
}

/// Chunk length of transformers' chunked delta-rule kernels (`chunk_size=64`
/// in `torch_chunk_gated_delta_rule` and `chunk_kimi_delta_attention`).
const DELTA_CHUNK: u64 = 64;

/// Token mixers other than softmax attention: linear attention, short
/// convolutions and recurrences, and the layer layouts of their hybrids.
impl Builder<'_> {
    /// A count from a [`super::raw::keys::LINEAR`] key, else `default` (noted).
    fn lin_count(
        &mut self,
        key: &'static str,
        default: Option<u64>,
        min: u64,
    ) -> Result<u64, ConfigError> {
        let field = self.raw.linear_key(key);
        self.count(&field, key, default, min, MAX_DIM)
    }

    /// How often a hybrid has a full-attention layer when `layer_types` does
    /// not list them: `full_attention_interval`, else every 4th layer. The
    /// config classes write `layer_types` (derived from the interval), so a
    /// config without either is told about `layer_types`.
    fn full_attention_interval(&mut self) -> Result<u64, ConfigError> {
        const DEFAULT: u64 = 4;
        let field = self.raw.linear_key("full_attention_interval");
        if field.is_none() {
            self.note(
                "layer_types",
                format!(
                    "`layer_types` missing: {} full attention every {DEFAULT}th layer \
                     (`full_attention_interval` {DEFAULT})",
                    self.default_source()
                ),
            );
            return Ok(DEFAULT);
        }
        self.count(&field, "full_attention_interval", Some(DEFAULT), 1, MAX_DIM)
    }

    /// A boolean from a [`super::raw::keys::LINEAR`] key, else `default`.
    fn lin_flag(&self, key: &'static str, default: bool) -> Result<bool, ConfigError> {
        Self::quiet_flag(&self.raw.linear_key(key), default)
    }

    /// A number (whole or not) from a [`super::raw::keys::LINEAR`] key.
    fn lin_number(&self, key: &'static str) -> Result<Option<f64>, ConfigError> {
        match self.raw.linear_key(key) {
            Some(f) => f.number(),
            None => Ok(None),
        }
    }

    /// A list of strings from a key, checked against the number of layers.
    fn layer_list(&self, field: &Opt, n_layers: u64) -> Result<Option<Vec<String>>, ConfigError> {
        let Some(f) = field else { return Ok(None) };
        let Some(list) = f.string_list()? else {
            return Ok(None);
        };
        self.check_layer_count(list.len(), n_layers)?;
        Ok(Some(list.into_iter().map(str::to_string).collect()))
    }

    /// A per-layer list must hold one entry per layer.
    fn check_layer_count(&self, len: usize, n_layers: u64) -> Result<(), ConfigError> {
        if len as u64 != n_layers {
            return Err(ConfigError::LayerTypesLength {
                len: len as u64,
                layers_key: self.key_of(&self.raw.n_layers, self.fam.names.n_layers),
                n_layers,
            });
        }
        Ok(())
    }

    /// `layer_types` read as slots: `full_attention`, `sliding_attention` (where
    /// `sliding` allows it) and the family's mixer names.
    fn slots_from_layer_types(
        &self,
        n_layers: u64,
        mixer_names: &[&str],
        sliding: bool,
    ) -> Result<Option<Vec<Slot>>, ConfigError> {
        let field = self.raw.layer_types.clone();
        let Some(list) = self.layer_list(&field, n_layers)? else {
            return Ok(None);
        };
        let mut allowed = vec!["\"full_attention\"".to_string()];
        if sliding {
            allowed.push("\"sliding_attention\"".into());
        }
        allowed.extend(mixer_names.iter().map(|n| format!("\"{n}\"")));
        list.iter()
            .enumerate()
            .map(|(i, t)| match t.as_str() {
                "full_attention" => Ok(Slot::Full),
                "sliding_attention" if sliding => Ok(Slot::Sliding),
                other if mixer_names.contains(&other) => Ok(Slot::Mixer),
                other => Err(ConfigError::invalid(
                    &format!("layer_types[{i}]"),
                    &format!("\"{other}\""),
                    &format!(
                        "{} builds {} layers only",
                        self.fam.class.trim_end_matches("Config"),
                        allowed.join(", ")
                    ),
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A sigmoid gate on the attention output (LFM3 switches it with
    /// `use_attention_gate`).
    fn attn_gate(&mut self) -> Result<Option<AttnGate>, ConfigError> {
        if self.fam.id == Id::Lfm3 {
            let field = self.raw.linear_key("use_attention_gate");
            let on = self.flag(
                &field,
                "use_attention_gate",
                true,
                " (a sigmoid gate per head on the attention output)",
            )?;
            return Ok(on.then_some(AttnGate {
                per_head: true,
                head_bias: false,
                from_query_latent: false,
                bias: false,
            }));
        }
        Ok(self.fam.attn_gate)
    }

    /// The MLP width of the families that derive it: LFM2's `block_ff_dim` and
    /// its automatic adjustment, RecurrentGemma's half width, xLSTM's rounded
    /// `ffn_proj_factor·d`.
    fn linear_family_d_ff(
        &mut self,
        d: u64,
        d_ff: Option<u64>,
    ) -> Result<Option<u64>, ConfigError> {
        match self.fam.id {
            Id::Lfm2 => {
                let given = match self.raw.linear_key("block_ff_dim") {
                    Some(f) => f.uint()?,
                    None => None,
                };
                let ff = given.or(d_ff).unwrap_or(0);
                if !self.lin_flag("block_auto_adjust_ff_dim", true)? {
                    return Ok(Some(ff));
                }
                // `int(2·ff/3)`, then `int(multiplier·ff)` rounded up to a
                // multiple of `block_multiple_of` (Lfm2MLP).
                let mut ff = ff.saturating_mul(2) / 3;
                let multiplier = match self.raw.linear_key("block_ffn_dim_multiplier") {
                    None => Some(1.0),
                    Some(f) => f.number()?,
                };
                if let Some(m) = multiplier {
                    let multiple = self.lin_count("block_multiple_of", Some(256), 1)?;
                    #[allow(
                        clippy::cast_precision_loss,
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss
                    )]
                    let scaled = (m * ff as f64).floor().min(MAX_DIM as f64) as u64;
                    ff = scaled.div_ceil(multiple).saturating_mul(multiple);
                }
                self.note(
                    "block_auto_adjust_ff_dim",
                    format!(
                        "the MLP width is derived from the feed-forward size as Lfm2MLP does: {ff}"
                    ),
                );
                Ok(Some(ff))
            }
            Id::RecurrentGemma => Ok(d_ff.map(|ff| ff / 2)),
            Id::XLstm => {
                let factor = self.lin_number("ffn_proj_factor")?.unwrap_or(2.667);
                let multiple = self.lin_count("ffn_round_up_to_multiple_of", Some(64), 1)?;
                #[allow(
                    clippy::cast_precision_loss,
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss
                )]
                let ff = {
                    let x = d as f64 * factor;
                    let m = multiple as f64;
                    (((x + m - 1.0) / m).floor() * m).min(MAX_DIM as f64) as u64
                };
                Ok(Some(ff))
            }
            _ => Ok(d_ff),
        }
    }

    /// The layout and mixer of a family with a [`LinearMixer`] mixer; `None` for
    /// the others.
    fn mixer_plan(
        &mut self,
        n_layers: u64,
        d: u64,
        attn: &AttnParts,
    ) -> Result<Option<MixerPlan>, ConfigError> {
        match self.fam.id {
            Id::Qwen4Exp => return self.qwen4_plan(n_layers, d).map(Some),
            Id::Dory => return self.dory_plan(n_layers).map(Some),
            Id::HrmText => return self.hrm_plan(n_layers).map(Some),
            Id::MiniMaxM3 => return self.minimax_m3_plan(n_layers).map(Some),
            Id::Zaya => return self.zaya_plan(n_layers, d).map(Some),
            _ => {}
        }
        let Some(kind) = self.fam.linear else {
            return Ok(None);
        };
        let n = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let (mixer, slots) = match kind {
            LinearMixer::QwenDelta => (self.qwen_delta()?, self.qwen_slots(n_layers)?),
            LinearMixer::OlmoDelta => (self.olmo_delta(d, attn)?, self.olmo_slots(n_layers)?),
            LinearMixer::KimiDelta => self.kimi_delta(n_layers)?,
            LinearMixer::LingDelta => (self.ling_delta(attn)?, self.ling_slots(n_layers)?),
            LinearMixer::Lightning => {
                let block = self.lin_count("block_size", Some(256), 1)?;
                let head_dim = match &self.raw.head_dim {
                    Some(f) if f.uint()?.is_some() => attn.head_dim,
                    _ => d / attn.n_heads.max(1),
                };
                let mixer = Mixer::Lightning(Lightning {
                    n_heads: attn.n_heads,
                    head_dim,
                    block,
                });
                let slots =
                    match self.slots_from_layer_types(n_layers, &["linear_attention"], false)? {
                        Some(s) => s,
                        None => (0..n_layers)
                            .map(|i| if i % 2 == 0 { Slot::Full } else { Slot::Mixer })
                            .collect(),
                    };
                (mixer, slots)
            }
            LinearMixer::ShortConv => self.short_conv(n_layers, d)?,
            LinearMixer::RgLru => self.rg_lru(n_layers, d, attn)?,
            LinearMixer::Rwkv => {
                let width = self.lin_count("attention_hidden_size", Some(d), 1)?;
                (
                    Mixer::Rwkv(Rwkv {
                        width,
                        shift_width: d,
                    }),
                    vec![Slot::Mixer; n],
                )
            }
            LinearMixer::MLstm => (self.mlstm(d)?, vec![Slot::Mixer; n]),
        };
        let sliding = match &self.raw.sliding_window {
            Some(f) => f.uint()?.filter(|&w| w > 0),
            None => match self.fam.window {
                Window::All(w) => w,
                _ => None,
            },
        };
        let windows = slots
            .iter()
            .map(|s| match (s, kind) {
                (Slot::Mixer, _) => None,
                (Slot::Sliding, _) => sliding,
                (Slot::Full, LinearMixer::Lightning) => sliding,
                (Slot::Full, LinearMixer::RgLru) => self.rg_window(),
                (Slot::Full, _) => None,
            })
            .collect();
        Ok(Some(MixerPlan {
            mixer: Some(mixer),
            is_mixer: slots.iter().map(|s| *s == Slot::Mixer).collect(),
            windows,
            passes: Vec::new(),
            extra_of: Vec::new(),
            extras: Vec::new(),
            block_index: None,
            indexed: Vec::new(),
            cca: None,
        }))
    }

    /// Qwen3-Next and Qwen3.5's Gated DeltaNet (LaRA-mini's config class has
    /// half the heads by default: 8 key and 16 value).
    fn qwen_delta(&mut self) -> Result<Mixer, ConfigError> {
        let (key_default, value_default) = match self.fam.id {
            Id::LaraMini => (8, 16),
            _ => (16, 32),
        };
        let key_heads = self.lin_count("linear_num_key_heads", Some(key_default), 1)?;
        let value_heads = self.lin_count("linear_num_value_heads", Some(value_default), 1)?;
        let key_dim = self.lin_count("linear_key_head_dim", Some(128), 1)?;
        let value_dim = self.lin_count("linear_value_head_dim", Some(128), 1)?;
        let conv_kernel = self.lin_count("linear_conv_kernel_dim", Some(4), 1)?;
        Ok(Mixer::DeltaNet(DeltaNet {
            key_heads,
            value_heads,
            key_dim,
            value_dim,
            conv_kernel,
            decay: Decay::PerHead,
            gate_rank: None,
            chunk: DELTA_CHUNK,
        }))
    }

    /// Qwen's layout: `layer_types`, else softmax attention every
    /// `full_attention_interval`-th layer (default 4).
    fn qwen_slots(&mut self, n_layers: u64) -> Result<Vec<Slot>, ConfigError> {
        let lara = self.fam.id == Id::LaraMini;
        if let Some(s) = self.slots_from_layer_types(n_layers, &["linear_attention"], lara)? {
            return Ok(s);
        }
        if lara {
            // Lara-Mini's released pattern, period 5.
            const PATTERN: [Slot; 5] = [
                Slot::Mixer,
                Slot::Sliding,
                Slot::Mixer,
                Slot::Full,
                Slot::Sliding,
            ];
            return Ok((0..n_layers)
                .map(|i| PATTERN[usize::try_from(i % 5).unwrap_or(0)])
                .collect());
        }
        let interval = self.full_attention_interval()?;
        Ok((0..n_layers)
            .map(|i| {
                if (i + 1) % interval == 0 {
                    Slot::Full
                } else {
                    Slot::Mixer
                }
            })
            .collect())
    }

    /// OLMo-Hybrid's Gated DeltaNet: head counts default to the attention's,
    /// the key width to `int(0.75·d/H_k)`, the value width to twice it.
    fn olmo_delta(&mut self, d: u64, attn: &AttnParts) -> Result<Mixer, ConfigError> {
        let h = attn.n_heads;
        let key_heads = self.lin_count("linear_num_key_heads", Some(h), 1)?;
        let value_heads = self.lin_count("linear_num_value_heads", Some(h), 1)?;
        let derived = d.saturating_mul(3) / 4 / key_heads.max(1);
        let key_dim = self.lin_count("linear_key_head_dim", Some(derived.max(1)), 1)?;
        let value_dim =
            self.lin_count("linear_value_head_dim", Some(key_dim.saturating_mul(2)), 1)?;
        let conv_kernel = self.lin_count("linear_conv_kernel_dim", Some(4), 1)?;
        Ok(Mixer::DeltaNet(DeltaNet {
            key_heads,
            value_heads,
            key_dim,
            value_dim,
            conv_kernel,
            decay: Decay::PerHead,
            gate_rank: None,
            chunk: DELTA_CHUNK,
        }))
    }

    /// OLMo-Hybrid's layout: `layer_types`, else attention at every index
    /// `i % 4 == 3` (the last layer when there is none). Like
    /// OlmoHybridConfig, it refuses a layout without a linear attention
    /// layer or without a full attention one.
    fn olmo_slots(&mut self, n_layers: u64) -> Result<Vec<Slot>, ConfigError> {
        let listed = self.slots_from_layer_types(n_layers, &["linear_attention"], false)?;
        let from_list = listed.is_some();
        let slots = listed.unwrap_or_else(|| {
            let mut slots: Vec<Slot> = (0..n_layers)
                .map(|i| if i % 4 == 3 { Slot::Full } else { Slot::Mixer })
                .collect();
            if !slots.contains(&Slot::Full) {
                if let Some(last) = slots.last_mut() {
                    *last = Slot::Full;
                }
            }
            slots
        });
        for (kind, name) in [
            (Slot::Mixer, "linear_attention"),
            (Slot::Full, "full_attention"),
        ] {
            if slots.contains(&kind) {
                continue;
            }
            return Err(if from_list {
                ConfigError::invalid(
                    "layer_types",
                    &format!("a list without \"{name}\""),
                    &format!("OlmoHybridConfig needs at least one \"{name}\" layer: list one"),
                )
            } else {
                // Derived, only the linear layer can be missing: one layer,
                // which is then full attention.
                ConfigError::invalid(
                    &self.key_of(&self.raw.n_layers, self.fam.names.n_layers),
                    &n_layers.to_string(),
                    "OlmoHybridConfig makes a single layer full attention and needs a \
                     \"linear_attention\" layer too: give at least 2 layers",
                )
            });
        }
        Ok(slots)
    }

    /// Kimi Linear's Kimi Delta Attention and layout. `linear_attn_config`
    /// (as checkpoints write it) overrides `linear_head_dim`,
    /// `linear_num_heads` and `linear_conv_kernel_dim`, and its 1-indexed
    /// `full_attn_layers`/`kda_layers` give the layout when `layer_types` does
    /// not; otherwise MLA is at every index `i % 4 == 0` but the first.
    fn kimi_delta(&mut self, n_layers: u64) -> Result<(Mixer, Vec<Slot>), ConfigError> {
        let block = match self.raw.linear_key("linear_attn_config") {
            Some(f) => f.object()?.cloned(),
            None => None,
        };
        let sub = |name: &'static str, key: &'static str| -> Opt {
            block
                .as_ref()
                .and_then(|b| b.get(name))
                .map(|v| super::raw::RawField {
                    key,
                    value: v.clone(),
                })
        };
        let pick = |b: &mut Self, inner: Opt, key: &'static str, default: u64| match inner {
            Some(f) => b.count(&Some(f), key, None, 1, MAX_DIM),
            None => b.lin_count(key, Some(default), 1),
        };
        let head_dim = pick(
            self,
            sub("head_dim", "linear_attn_config.head_dim"),
            "linear_head_dim",
            128,
        )?;
        let heads = pick(
            self,
            sub("num_heads", "linear_attn_config.num_heads"),
            "linear_num_heads",
            32,
        )?;
        let conv_kernel = pick(
            self,
            sub(
                "short_conv_kernel_size",
                "linear_attn_config.short_conv_kernel_size",
            ),
            "linear_conv_kernel_dim",
            4,
        )?;
        let mixer = Mixer::DeltaNet(DeltaNet {
            key_heads: heads,
            value_heads: heads,
            key_dim: head_dim,
            value_dim: head_dim,
            conv_kernel,
            decay: Decay::PerChannel {
                rank: Some(head_dim),
            },
            gate_rank: Some(head_dim),
            chunk: DELTA_CHUNK,
        });
        if let Some(s) = self.slots_from_layer_types(n_layers, &["linear_attention"], false)? {
            return Ok((mixer, s));
        }
        let full = sub("full_attn_layers", "linear_attn_config.full_attn_layers");
        let kda = sub("kda_layers", "linear_attn_config.kda_layers");
        if let (Some(full), Some(_)) = (full, kda) {
            let listed: BTreeSet<u64> = full.uint_list()?.unwrap_or_default().into_iter().collect();
            return Ok((
                mixer,
                (1..=n_layers)
                    .map(|i| {
                        if listed.contains(&i) {
                            Slot::Full
                        } else {
                            Slot::Mixer
                        }
                    })
                    .collect(),
            ));
        }
        Ok((
            mixer,
            (0..n_layers)
                .map(|i| {
                    if i > 0 && i % 4 == 0 {
                        Slot::Full
                    } else {
                        Slot::Mixer
                    }
                })
                .collect(),
        ))
    }

    /// Ling's Kimi Delta Attention (full-rank decay and output gate) over
    /// `num_attention_heads` heads of `head_dim`, as transformers' saved
    /// configs also record them (`linear_num_heads`, `linear_head_dim`,
    /// `linear_conv_kernel_dim`, which win: `head_dim` is then MLA's).
    fn ling_delta(&mut self, attn: &AttnParts) -> Result<Mixer, ConfigError> {
        let heads = match self.raw.linear_key("linear_num_heads") {
            Some(f) => self.count(&Some(f), "linear_num_heads", None, 1, MAX_DIM)?,
            None => attn.n_heads,
        };
        let head_dim = match self.raw.linear_key("linear_head_dim") {
            Some(f) => self.count(&Some(f), "linear_head_dim", None, 1, MAX_DIM)?,
            None => {
                let f = self.raw.head_dim.clone();
                self.count(&f, "head_dim", Some(128), 1, MAX_DIM)?
            }
        };
        let conv_kernel = match self.raw.linear_key("linear_conv_kernel_dim") {
            Some(f) => self.count(&Some(f), "linear_conv_kernel_dim", None, 1, MAX_DIM)?,
            None => self.lin_count("short_conv_kernel_size", Some(4), 1)?,
        };
        Ok(Mixer::DeltaNet(DeltaNet {
            key_heads: heads,
            value_heads: heads,
            key_dim: head_dim,
            value_dim: head_dim,
            conv_kernel,
            decay: Decay::PerChannel { rank: None },
            gate_rank: None,
            chunk: DELTA_CHUNK,
        }))
    }

    /// Ling's layout: `layer_types`, else MLA every `layer_group_size`-th layer
    /// (default 6).
    fn ling_slots(&mut self, n_layers: u64) -> Result<Vec<Slot>, ConfigError> {
        if let Some(s) = self.slots_from_layer_types(n_layers, &["linear_attention"], false)? {
            return Ok(s);
        }
        let group = self.lin_count("layer_group_size", Some(6), 1)?;
        Ok((0..n_layers)
            .map(|i| {
                if (i + 1) % group == 0 {
                    Slot::Full
                } else {
                    Slot::Mixer
                }
            })
            .collect())
    }

    /// LFM2, LFM2-MoE and LFM3's short convolution and layout: `layer_types`
    /// (`conv`, `full_attention`, and for LFM3 `sliding_attention`); without
    /// it LFM2 puts attention at `full_attn_idxs` (default every layer), LFM3
    /// at `i % 4 == 2` with sliding attention at `i % 4 == 0` but the first,
    /// and LFM2-MoE cannot be built.
    fn short_conv(&mut self, n_layers: u64, d: u64) -> Result<(Mixer, Vec<Slot>), ConfigError> {
        let lfm3 = self.fam.id == Id::Lfm3;
        let conv_kernel = self.lin_count("conv_L_cache", Some(if lfm3 { 7 } else { 3 }), 1)?;
        let bias = self.lin_flag("conv_bias", false)?;
        let mixer = Mixer::ShortConv(ShortConv {
            width: d,
            conv_kernel,
            bias,
        });
        if let Some(s) = self.slots_from_layer_types(n_layers, &["conv"], lfm3)? {
            return Ok((mixer, s));
        }
        let slots = match self.fam.id {
            Id::Lfm3 => (0..n_layers)
                .map(|i| match i % 4 {
                    2 => Slot::Full,
                    0 if i > 0 => Slot::Sliding,
                    _ => Slot::Mixer,
                })
                .collect(),
            Id::Lfm2Moe => {
                return Err(ConfigError::Missing {
                    key: "layer_types".into(),
                    why: "Lfm2MoeConfig has no default for it (transformers cannot build the \
                          model without it): list each layer as \"conv\" or \"full_attention\""
                        .into(),
                })
            }
            _ => match self.raw.linear_key("full_attn_idxs") {
                Some(f) if f.uint_list()?.is_some() => {
                    let listed: BTreeSet<u64> =
                        f.uint_list()?.unwrap_or_default().into_iter().collect();
                    (0..n_layers)
                        .map(|i| {
                            if listed.contains(&i) {
                                Slot::Full
                            } else {
                                Slot::Mixer
                            }
                        })
                        .collect()
                }
                _ => {
                    self.note(
                        "full_attn_idxs",
                        "neither `layer_types` nor `full_attn_idxs` is given: Lfm2Config makes \
                         every layer attention"
                            .into(),
                    );
                    vec![Slot::Full; usize::try_from(n_layers).unwrap_or(usize::MAX)]
                }
            },
        };
        Ok((mixer, slots))
    }

    /// RecurrentGemma's recurrent block and layout: `block_types` repeated
    /// over the layers (default recurrent, recurrent, attention).
    fn rg_lru(
        &mut self,
        n_layers: u64,
        d: u64,
        attn: &AttnParts,
    ) -> Result<(Mixer, Vec<Slot>), ConfigError> {
        let width = match self.raw.linear_key("lru_width") {
            Some(f) if f.uint()?.is_some() => {
                self.count(&Some(f), "lru_width", None, 1, MAX_DIM)?
            }
            _ => d,
        };
        let conv_kernel = self.lin_count("conv1d_width", Some(4), 1)?;
        let mixer = Mixer::RgLru(RgLru {
            width,
            n_heads: attn.n_heads,
            conv_kernel,
        });
        let types: Vec<String> = match self.raw.linear_key("block_types") {
            Some(f) => f
                .string_list()?
                .map(|l| l.into_iter().map(str::to_string).collect())
                .unwrap_or_default(),
            None => vec!["recurrent".into(), "recurrent".into(), "attention".into()],
        };
        if types.is_empty() {
            return Err(ConfigError::invalid(
                "block_types",
                "[]",
                "it must name at least one block: \"recurrent\" or \"attention\"",
            ));
        }
        let slots = (0..n_layers)
            .map(|i| {
                let t = &types[usize::try_from(i).unwrap_or(0) % types.len()];
                match t.as_str() {
                    "recurrent" => Ok(Slot::Mixer),
                    "attention" => Ok(Slot::Full),
                    other => Err(ConfigError::invalid(
                        "block_types",
                        &format!("\"{other}\""),
                        "each block is \"recurrent\" or \"attention\"",
                    )),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((mixer, slots))
    }

    /// RecurrentGemma's local-attention window (`attention_window_size`),
    /// else its table row's.
    fn rg_window(&self) -> Option<u64> {
        let f = self
            .raw
            .linear_key("attention_window_size")
            .or(self.raw.sliding_window.clone());
        match f {
            Some(f) => f.uint().ok().flatten().filter(|&w| w > 0),
            None => self.table_window(),
        }
    }

    /// The window the family's table row gives every sliding layer, for the
    /// builders that place sliding layers themselves (RecurrentGemma, Dory).
    fn table_window(&self) -> Option<u64> {
        match self.fam.window {
            Window::All(w) => w,
            _ => None,
        }
    }

    /// xLSTM's mLSTM: query/key width `int(qk_dim_factor·d)`, value width
    /// `int(v_dim_factor·d)` (transformers' `xLSTMLayer` truncates; it does
    /// not round them as the config's `qk_dim` property does).
    fn mlstm(&mut self, d: u64) -> Result<Mixer, ConfigError> {
        // The embedding is `embedding_dim` wide, the blocks `hidden_size`:
        // transformers cannot run a model where they differ.
        if let Some(f) = self.raw.linear_key("embedding_dim") {
            if let Some(e) = f.uint()? {
                if e != d {
                    return Err(ConfigError::invalid(
                        "embedding_dim",
                        &e.to_string(),
                        &format!(
                            "xLSTM's blocks are `hidden_size` ({d}) wide and take the embedding \
                             as it is: set `hidden_size` and `embedding_dim` to the same width"
                        ),
                    ));
                }
            }
        }
        let n_heads = self.n_heads()?;
        let qk_factor = self.lin_number("qk_dim_factor")?.unwrap_or(0.5);
        let v_factor = self.lin_number("v_dim_factor")?.unwrap_or(1.0);
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let width = |factor: f64| (d as f64 * factor).floor().min(MAX_DIM as f64) as u64;
        let chunk = self.lin_count("chunk_size", Some(64), 1)?;
        let bias = {
            let f = self.raw.use_bias.clone();
            Self::quiet_flag(&f, false)?
        };
        Ok(Mixer::MLstm(MLstm {
            n_heads,
            qk_dim: width(qk_factor),
            v_dim: width(v_factor),
            chunk,
            bias,
        }))
    }
}

impl Builder<'_> {
    /// MoE placement of the hybrids that give it their own way: Kimi Linear's
    /// and Ling's `mlp_layer_types` (`"dense"`/`"sparse"`, else the first
    /// `first_k_dense_replace` layers dense), LFM2-MoE's first
    /// `num_dense_layers` dense. `None` for the other families.
    fn linear_family_moe_layers(
        &mut self,
        n_layers: u64,
    ) -> Result<Option<Vec<bool>>, ConfigError> {
        match self.fam.id {
            Id::MiniMaxM3 if self.raw.linear_key("mlp_layer_types").is_none() => {
                // Released configs give `moe_layer_freq` as a 0/1 list instead.
                let field = self.raw.moe_layer_freq.clone();
                let Some(list) = (match &field {
                    Some(f) if f.value.is_array() => f.uint_list()?,
                    _ => None,
                }) else {
                    return Ok(None);
                };
                self.check_layer_count(list.len(), n_layers)?;
                Ok(Some(list.into_iter().map(|x| x != 0).collect()))
            }
            Id::KimiLinear | Id::BailingHybrid | Id::MiniMaxM3 => {
                let field = self.raw.linear_key("mlp_layer_types");
                let Some(list) = self.layer_list(&field, n_layers)? else {
                    return Ok(None);
                };
                list.iter()
                    .enumerate()
                    .map(|(i, t)| match t.as_str() {
                        "sparse" => Ok(true),
                        "dense" => Ok(false),
                        other => Err(ConfigError::invalid(
                            &format!("mlp_layer_types[{i}]"),
                            &format!("\"{other}\""),
                            "each layer's MLP is \"dense\" or \"sparse\" (MoE)",
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Some)
            }
            Id::Lfm2Moe => {
                let dense = self.lin_count("num_dense_layers", Some(2), 0)?;
                Ok(Some((0..n_layers).map(|i| i >= dense).collect()))
            }
            _ => Ok(None),
        }
    }

    /// MiniMax-M3's layout: `layer_types` (`full_attention`,
    /// `minimax_m3_sparse`), or a released config's
    /// `sparse_attention_config.sparse_attention_freq` (0/1 per layer), else
    /// full attention everywhere; the sparse layers' lightning indexer from the
    /// `index_*` keys, which `sparse_attention_config`'s own spellings
    /// override as MiniMaxM3VLTextConfig does.
    fn minimax_m3_plan(&mut self, n_layers: u64) -> Result<MixerPlan, ConfigError> {
        let n = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let sparse_cfg = match self.raw.linear_key("sparse_attention_config") {
            Some(f) => match f.value {
                serde_json::Value::Object(m) => Some(m),
                serde_json::Value::Null => None,
                other => {
                    return Err(ConfigError::WrongType {
                        key: "sparse_attention_config".into(),
                        found: super::json::describe(&other),
                        expected: "an object of sparse-attention settings".into(),
                    })
                }
            },
            None => None,
        };
        let field = self.raw.layer_types.clone();
        let sparse: Vec<bool> = if let Some(list) = self.layer_list(&field, n_layers)? {
            list.iter()
                .enumerate()
                .map(|(i, t)| match t.as_str() {
                    "full_attention" => Ok(false),
                    "minimax_m3_sparse" => Ok(true),
                    other => Err(ConfigError::invalid(
                        &format!("layer_types[{i}]"),
                        &format!("\"{other}\""),
                        "MiniMaxM3VLText builds \"full_attention\" and \"minimax_m3_sparse\" \
                         layers only",
                    )),
                })
                .collect::<Result<_, _>>()?
        } else if let Some(freq) = sparse_cfg
            .as_ref()
            .and_then(|m| m.get("sparse_attention_freq"))
        {
            let f = super::raw::RawField {
                key: "sparse_attention_config",
                value: freq.clone(),
            };
            let list = f.uint_list()?.unwrap_or_default();
            self.check_layer_count(list.len(), n_layers)?;
            list.into_iter().map(|x| x != 0).collect()
        } else {
            vec![false; n]
        };
        // A setting under its flat name, or its legacy one inside
        // `sparse_attention_config`; at least `min`.
        let index = |b: &mut Self, flat: &'static str, legacy: &str, default: u64, min: u64| {
            if let Some(v) = sparse_cfg.as_ref().and_then(|m| m.get(legacy)) {
                let f = Some(super::raw::RawField {
                    key: "sparse_attention_config",
                    value: v.clone(),
                });
                return b.count(&f, flat, None, min, MAX_DIM);
            }
            b.lin_count(flat, Some(default), min)
        };
        let block_index = if sparse.contains(&true) {
            Some(BlockIndexer {
                n_heads: index(self, "index_n_heads", "sparse_num_index_heads", 4, 1)?,
                n_kv_heads: 1,
                head_dim: index(self, "index_head_dim", "sparse_index_dim", 128, 1)?,
                block: index(self, "index_block_size", "sparse_block_size", 128, 1)?,
                per_key: true,
                top_blocks: index(self, "index_topk_blocks", "sparse_topk_blocks", 16, 1)?,
                local_blocks: index(self, "index_local_blocks", "sparse_local_block", 1, 0)?,
            })
        } else {
            None
        };
        Ok(MixerPlan {
            mixer: None,
            is_mixer: vec![false; n],
            windows: vec![None; n],
            passes: Vec::new(),
            extra_of: Vec::new(),
            extras: Vec::new(),
            block_index,
            indexed: sparse,
            cca: None,
        })
    }
}

/// ZAYA: CCA attention on every layer, full (`hybrid`) or sliding
/// (`hybrid_sliding`) as `layer_types` says.
impl Builder<'_> {
    /// ZAYA's layout: `layer_types`' windows, the CCA kernels, and per layer
    /// its residual scalings (`4·d` around attention and `4·d` around the
    /// MoE); layer 0 also holds the model's input scale and bias (`2·d`), the
    /// others their router-state scale (`router_hidden_size`).
    fn zaya_plan(&mut self, n_layers: u64, d: u64) -> Result<MixerPlan, ConfigError> {
        let n = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let field = self.raw.layer_types.clone();
        let sliding: Vec<bool> = match self.layer_list(&field, n_layers)? {
            Some(list) => list
                .iter()
                .enumerate()
                .map(|(i, t)| match t.as_str() {
                    "hybrid" => Ok(false),
                    "hybrid_sliding" => Ok(true),
                    other => Err(ConfigError::invalid(
                        &format!("layer_types[{i}]"),
                        &format!("\"{other}\""),
                        "ZAYA builds \"hybrid\" and \"hybrid_sliding\" layers only",
                    )),
                })
                .collect::<Result<_, _>>()?,
            None => vec![false; n],
        };
        let window = match &self.raw.sliding_window {
            Some(f) => f.uint()?.filter(|&w| w > 0),
            None => None,
        };
        if sliding.contains(&true) && window.is_none() {
            return Err(ConfigError::Missing {
                key: "sliding_window".into(),
                why: "ZayaConfig refuses `hybrid_sliding` layers without it".into(),
            });
        }
        let cca = Cca {
            depthwise_kernel: self.lin_count("cca_time0", Some(2), 1)?,
            grouped_kernel: self.lin_count("cca_time1", Some(2), 1)?,
        };
        let router = self.lin_count("router_hidden_size", Some(256), 1)?;
        let scales = d.saturating_mul(8);
        let first = LayerExtras {
            gates: scales.saturating_add(d.saturating_mul(2)),
            ..LayerExtras::default()
        };
        let rest = LayerExtras {
            gates: scales.saturating_add(router),
            ..LayerExtras::default()
        };
        Ok(MixerPlan {
            mixer: None,
            is_mixer: vec![false; n],
            windows: sliding
                .iter()
                .map(|&s| if s { window } else { None })
                .collect(),
            passes: Vec::new(),
            extra_of: (0..n).map(|i| if i == 0 { 1 } else { 2 }).collect(),
            extras: vec![LayerExtras::default(), first, rest],
            block_index: None,
            indexed: Vec::new(),
            cca: Some(cca),
        })
    }
}

/// Recurrent-depth families: Dory's looped middle section, HRM's two stacks run
/// in H and L cycles.
impl Builder<'_> {
    /// Dory's `layer_types`: released configs list attention and MLP as
    /// separate blocks (`"mlp"` entries), which DoryConfig folds into pairs,
    /// halving the layer counts.
    fn dory_listed(&self) -> Result<Option<Vec<String>>, ConfigError> {
        match &self.raw.layer_types {
            Some(f) => Ok(f
                .string_list()?
                .map(|l| l.into_iter().map(str::to_string).collect())),
            None => Ok(None),
        }
    }

    fn dory_pairs(&self) -> Result<bool, ConfigError> {
        Ok(self
            .dory_listed()?
            .is_some_and(|l| l.iter().any(|t| t == "mlp")))
    }

    fn dory_layers(&mut self) -> Result<u64, ConfigError> {
        let f = self.raw.n_layers.clone();
        let n = self.count(
            &f,
            self.fam.names.n_layers,
            self.fam.n_layers,
            1,
            MAX_LAYERS,
        )?;
        Ok(if self.dory_pairs()? {
            (n / 2).max(1)
        } else {
            n
        })
    }

    /// Dory's layout: sliding or full attention per layer, the middle
    /// `n_recurrent_layers` (default: those not among the first
    /// `n_input_layers` and last `n_output_layers`) run `n_recurrent_loops`
    /// times.
    fn dory_plan(&mut self, n_layers: u64) -> Result<MixerPlan, ConfigError> {
        let pairs = self.dory_pairs()?;
        let halve = |v: u64| if pairs { v / 2 } else { v };
        let types: Vec<String> = match self.dory_listed()? {
            Some(l) => {
                let l: Vec<String> = if pairs {
                    l.into_iter().step_by(2).collect()
                } else {
                    l
                };
                self.check_layer_count(l.len(), n_layers)?;
                l
            }
            None => (0..n_layers)
                .map(|i| {
                    if (i + 1) % 4 == 0 {
                        "full_attention".to_string()
                    } else {
                        "sliding_attention".to_string()
                    }
                })
                .collect(),
        };
        let window = match &self.raw.sliding_window {
            Some(f) => f.uint()?.filter(|&w| w > 0),
            None => self.table_window(),
        };
        let windows = types
            .iter()
            .enumerate()
            .map(|(i, t)| match t.as_str() {
                "sliding_attention" => Ok(window),
                "full_attention" => Ok(None),
                other => Err(ConfigError::invalid(
                    &format!("layer_types[{i}]"),
                    &format!("\"{other}\""),
                    "Dory builds \"full_attention\" and \"sliding_attention\" layers only",
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let input = halve(self.lin_count("n_input_layers", Some(8), 0)?);
        let output = halve(self.lin_count("n_output_layers", Some(8), 0)?);
        let derived = n_layers.saturating_sub(input).saturating_sub(output);
        let recurrent = match self.raw.linear_key("n_recurrent_layers") {
            Some(f) if f.uint()?.is_some() => {
                let given = self.count(&Some(f), "n_recurrent_layers", None, 0, MAX_LAYERS)?;
                // DoryConfig.validate_architecture refuses any other split.
                if halve(given) != derived {
                    return Err(ConfigError::invalid(
                        "n_recurrent_layers",
                        &given.to_string(),
                        "`n_input_layers` + `n_recurrent_layers` + `n_output_layers` must equal \
                         `num_hidden_layers` (DoryConfig refuses any other split): remove \
                         `n_recurrent_layers` to take the layers the other two leave",
                    ));
                }
                derived
            }
            _ => derived,
        };
        let loops = self.lin_count("n_recurrent_loops", Some(2), 1)?;
        let passes = (0..n_layers)
            .map(|i| {
                if i >= input && i < input.saturating_add(recurrent) {
                    loops
                } else {
                    1
                }
            })
            .collect();
        Ok(MixerPlan {
            mixer: None,
            is_mixer: Vec::new(),
            windows,
            passes,
            extra_of: Vec::new(),
            extras: Vec::new(),
            block_index: None,
            indexed: Vec::new(),
            cca: None,
        })
    }

    /// HRM's layers per stack: `num_layers_per_stack`, else
    /// `num_hidden_layers` (HrmTextConfig then rewrites `num_hidden_layers` to
    /// its cache-slot count, so saved configs carry both).
    fn hrm_layers(&mut self) -> Result<u64, ConfigError> {
        if let Some(f) = self.raw.linear_key("num_layers_per_stack") {
            if f.uint()?.is_some() {
                return self.count(&Some(f), "num_layers_per_stack", None, 1, MAX_LAYERS);
            }
        }
        let f = self.raw.n_layers.clone();
        self.count(
            &f,
            self.fam.names.n_layers,
            self.fam.n_layers,
            1,
            MAX_LAYERS,
        )
    }

    /// HRM's two stacks of identical layers: the low-level one runs
    /// `H_cycles·L_cycles` times, the high-level one `H_cycles` times.
    fn hrm_plan(&mut self, n_layers: u64) -> Result<MixerPlan, ConfigError> {
        let per_stack = n_layers / 2;
        let high = self.lin_count("H_cycles", Some(2), 1)?;
        let low = self.lin_count("L_cycles", Some(3), 1)?;
        let passes = (0..n_layers)
            .map(|i| {
                if i < per_stack {
                    high.saturating_mul(low)
                } else {
                    high
                }
            })
            .collect();
        Ok(MixerPlan {
            mixer: None,
            is_mixer: Vec::new(),
            windows: vec![None; usize::try_from(n_layers).unwrap_or(0)],
            passes,
            extra_of: Vec::new(),
            extras: Vec::new(),
            block_index: None,
            indexed: Vec::new(),
            cca: None,
        })
    }

    /// Per-channel scales a layer holds outside its projections: Dory's nGPT
    /// `sqk` and `s_gate` (`H·hd` each), `suv_gate` and `suv_up` (`d_ff` each),
    /// `lambda_1` and `lambda_2` (`d` each).
    fn layer_scales(&self, attn: &AttnParts, d_ff: u64, d: u64) -> u64 {
        if self.fam.id != Id::Dory {
            return 0;
        }
        let width = attn.n_heads.saturating_mul(attn.head_dim);
        width
            .saturating_add(d_ff)
            .saturating_add(d)
            .saturating_mul(2)
    }
}

/// Qwen4-Exp: hyper-connections, QSA indexer, per-layer n-gram embeddings.
impl Builder<'_> {
    /// Qwen4-Exp's layout and the parts its layers hold beyond their blocks:
    /// Gated DeltaNet or indexed (QSA) attention per `layer_types` (else
    /// attention every `full_attention_interval`-th layer), and in the layers
    /// `ple_layer_ids` lists (1-based) an n-gram embedding with its key and
    /// value projections, three norms over the `hc_count` streams and a
    /// depthwise convolution over them (counted as the `K → hc·d` linear map it
    /// equals per token). Its gated residuals are the model's
    /// hyper-connections ([`Builder::hyper_connections`]).
    fn qwen4_plan(&mut self, n_layers: u64, d: u64) -> Result<MixerPlan, ConfigError> {
        let mixer = self.qwen_delta()?;
        let slots = match self.slots_from_layer_types(n_layers, &["linear_attention"], false) {
            Ok(Some(s)) => s,
            Ok(None) => {
                let interval = self.full_attention_interval()?;
                (0..n_layers)
                    .map(|i| {
                        if (i + 1) % interval == 0 {
                            Slot::Full
                        } else {
                            Slot::Mixer
                        }
                    })
                    .collect()
            }
            // "indexed_attention" is Qwen4-Exp's name for its attention layers.
            Err(_) => self.qwen4_layer_types(n_layers)?,
        };
        let hc = self.lin_count("hc_count", Some(4), 2)?;
        let base = LayerExtras::default();
        let ple_ids: BTreeSet<u64> = match self.raw.linear_key("ple_layer_ids") {
            Some(f) => f.uint_list()?.unwrap_or_default().into_iter().collect(),
            None => BTreeSet::new(),
        };
        let mut extras = vec![LayerExtras::default()];
        let mut extra_of = Vec::new();
        let mut ple_index = 0u64;
        let mut last_prime = None;
        for i in 0..n_layers {
            let mut e = base.clone();
            if ple_ids.contains(&(i + 1)) {
                if slots.get(usize::try_from(i).unwrap_or(usize::MAX)) != Some(&Slot::Mixer) {
                    return Err(ConfigError::invalid(
                        "ple_layer_ids",
                        &(i + 1).to_string(),
                        "Qwen4-Exp puts n-gram embeddings (PLE) on linear_attention layers only",
                    ));
                }
                let (maps, norms, table) = self.qwen4_ple(d, hc, ple_index, &mut last_prime)?;
                e.linears.extend(maps);
                e.norms = e.norms.saturating_add(norms);
                e.gates = e.gates.saturating_add(table);
                ple_index += 1;
            }
            let at = match extras.iter().position(|x| *x == e) {
                Some(at) => at,
                None => {
                    extras.push(e);
                    extras.len() - 1
                }
            };
            extra_of.push(at);
        }
        let block_index = if slots.contains(&Slot::Full) {
            Some(self.qwen4_indexer()?)
        } else {
            None
        };
        Ok(MixerPlan {
            mixer: Some(mixer),
            is_mixer: slots.iter().map(|s| *s == Slot::Mixer).collect(),
            windows: vec![None; slots.len()],
            passes: Vec::new(),
            extra_of,
            extras,
            block_index,
            indexed: Vec::new(),
            cca: None,
        })
    }

    /// `layer_types` with Qwen4-Exp's names: `linear_attention`, and
    /// `indexed_attention` (or `full_attention`, which it reads the same way).
    fn qwen4_layer_types(&self, n_layers: u64) -> Result<Vec<Slot>, ConfigError> {
        let field = self.raw.layer_types.clone();
        let list = self.layer_list(&field, n_layers)?.unwrap_or_default();
        list.iter()
            .enumerate()
            .map(|(i, t)| match t.as_str() {
                "linear_attention" => Ok(Slot::Mixer),
                "indexed_attention" | "full_attention" => Ok(Slot::Full),
                other => Err(ConfigError::invalid(
                    &format!("layer_types[{i}]"),
                    &format!("\"{other}\""),
                    "Qwen4ExpText builds \"linear_attention\" and \"indexed_attention\" layers only",
                )),
            })
            .collect()
    }

    /// The QSA indexer every attention layer holds; transformers cannot build
    /// one without its settings.
    fn qwen4_indexer(&mut self) -> Result<BlockIndexer, ConfigError> {
        let need = |b: &mut Self, key: &'static str| -> Result<u64, ConfigError> {
            match b.raw.linear_key(key) {
                Some(f) if f.uint()?.is_some() => b.count(&Some(f), key, None, 1, MAX_DIM),
                _ => Err(ConfigError::Missing {
                    key: key.into(),
                    why: "Qwen4ExpTextConfig has no default for it, and every indexed_attention \
                          layer needs it (transformers cannot build the model without the QSA \
                          indexer's settings)"
                        .into(),
                }),
            }
        };
        let block = need(self, "indexer_compress_ratio")?;
        let budget = need(self, "indexer_budget")?;
        if !budget.is_multiple_of(block) {
            return Err(ConfigError::invalid(
                "indexer_budget",
                &budget.to_string(),
                &format!(
                    "Qwen4-Exp's QSA keeps whole blocks, so it must be a multiple of \
                     indexer_compress_ratio ({block})"
                ),
            ));
        }
        Ok(BlockIndexer {
            n_heads: need(self, "indexer_n_heads")?,
            n_kv_heads: need(self, "indexer_kv_heads")?,
            head_dim: need(self, "indexer_head_dim")?,
            block,
            per_key: false,
            top_blocks: budget / block,
            local_blocks: 0,
        })
    }

    /// The `ple_index`-th n-gram embedding (PLE) layer: its key and value
    /// projections and the convolution (as maps), its three norms over the
    /// streams (in units of `d_model`), and its embedding table: for each of
    /// the `(ngram_size − 1)·heads_per_ngram` heads a prime number of rows (the
    /// next primes after `ngram_vocab_size_base`, counted across all PLE
    /// layers), their sum rounded up to `make_ngram_vocab_size_divisible_by`,
    /// of `ple_embed_dim / heads` columns. `last_prime` carries the last
    /// prime the earlier PLE layers took (`None` before the first).
    fn qwen4_ple(
        &mut self,
        d: u64,
        hc: u64,
        ple_index: u64,
        last_prime: &mut Option<u64>,
    ) -> Result<(Vec<crate::model::Linear>, u64, u64), ConfigError> {
        use crate::model::Linear as Map;
        let ple = self.lin_count("ple_embed_dim", Some(d), 1)?;
        let kernel = self.lin_count("ple_conv_kernel_size", Some(4), 1)?;
        let ngram = self.lin_count("ngram_size", Some(3), 2)?;
        let per = self.lin_count("heads_per_ngram", Some(8), 1)?;
        let base = match self.raw.linear_key("ngram_vocab_size_base") {
            Some(f) if f.uint()?.is_some() => {
                self.count(&Some(f), "ngram_vocab_size_base", None, 1, 1 << 40)?
            }
            _ => 20_000_000,
        };
        let divisor = self.lin_count("make_ngram_vocab_size_divisible_by", Some(128), 1)?;
        let heads = (ngram - 1).saturating_mul(per);
        if heads > 1 << 12 || ple_index.saturating_mul(heads) > 1 << 16 {
            return Err(ConfigError::invalid(
                "heads_per_ngram",
                &per.to_string(),
                "the n-gram embeddings would need more than 65536 prime-sized tables",
            ));
        }
        let streams = hc.saturating_mul(d);
        let maps = vec![
            Map {
                d_in: ple,
                d_out: streams,
                bias: false,
            },
            Map {
                d_in: ple,
                d_out: d,
                bias: false,
            },
            Map {
                d_in: kernel,
                d_out: streams,
                bias: false,
            },
        ];
        // Go on after the primes earlier PLE layers took, summing this layer's.
        let mut p = last_prime.unwrap_or(base.saturating_sub(1));
        let mut rows: u64 = 0;
        for _ in 0..heads {
            p = next_prime(p);
            rows = rows.saturating_add(p);
        }
        *last_prime = Some(p);
        let padded = rows.div_ceil(divisor).saturating_mul(divisor);
        let table = padded.saturating_mul(ple / heads.max(1));
        Ok((maps, 3u64.saturating_mul(hc), table))
    }
}

/// The smallest prime above `n` (Miller–Rabin with the bases that decide every
/// 64-bit number).
fn next_prime(n: u64) -> u64 {
    let mut p = n.saturating_add(1);
    while p < u64::MAX && !is_prime(p) {
        p += 1;
    }
    p
}

fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    for q in [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
        if n.is_multiple_of(q) {
            return n == q;
        }
    }
    let (mut m, mut s) = (n - 1, 0);
    while m.is_multiple_of(2) {
        m /= 2;
        s += 1;
    }
    let mul = |a: u64, b: u64| (u128::from(a) * u128::from(b) % u128::from(n)) as u64;
    let pow = |mut b: u64, mut e: u64| {
        let mut r = 1u64;
        while e > 0 {
            if e & 1 == 1 {
                r = mul(r, b);
            }
            b = mul(b, b);
            e >>= 1;
        }
        r
    };
    'witness: for a in [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
        let mut x = pow(a, m);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul(x, x);
            if x == n - 1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

/// One Gemma 3n or Gemma 4 layer's attention shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct GemmaAttn {
    head_dim: u64,
    n_kv_heads: u64,
}

/// Gemma 3n and Gemma 4: layers that differ one from another (head widths and
/// key/value heads per layer type or `per_layer_config`, MLP widths per layer,
/// KV sharing in the last layers), per-layer input embeddings, AltUp and LAuReL
/// (3n), and Gemma 4's experts beside the MLP.
impl Builder<'_> {
    fn gemma(&mut self) -> Result<ModelSpec, ConfigError> {
        let fam = self.fam;
        let is_3n = fam.id == Id::Gemma3n;
        let is_4 = fam.id == Id::Gemma4;
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let h = self.n_heads()?;
        let kv = self.n_kv_heads(h, fam.n_kv_heads)?;
        let hd = self.head_dim(fam.head_dim, d, h)?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        // `attention_bias` covers q, k, v and o.
        let bias = self.bias(fam.qkv_bias, "attention")?;
        let mlp_bias = self.bias(fam.mlp_bias, "MLP")?;
        let widths = self.gemma_widths(n_layers)?;
        let sliding = self.gemma_sliding(n_layers)?;
        let window = {
            let default = match fam.window {
                Window::Pattern(w, _) => w,
                _ => 512,
            };
            Self::uint_or(&self.raw.sliding_window, default)?
        };
        let shared = self.gemma_kv_shared(&sliding)?;
        let attn = self.gemma_attention(
            &sliding,
            h,
            GemmaAttn {
                head_dim: hd,
                n_kv_heads: kv,
            },
        )?;
        let k_eq_v = if is_4 || fam.id == Id::Gemma4Unified {
            let f = self.raw.attention_k_eq_v.clone();
            Self::quiet_flag(&f, false)?
        } else {
            false
        };
        let double_wide = !is_3n && Self::quiet_flag(&self.raw.use_double_wide_mlp, false)?;
        let moe = if is_4 { self.gemma4_moe()? } else { None };
        let bidirectional = match &self.raw.use_bidirectional_attention {
            Some(f) if !is_3n => f.string()? == Some("all"),
            _ => false,
        };
        let laurel_rank = if is_3n {
            let f = self.raw.laurel_rank.clone();
            self.count(&f, "laurel_rank", Some(64), 1, MAX_DIM)?
        } else {
            0
        };

        let mut layers: Vec<Layer> = Vec::with_capacity(sliding.len());
        for (i, &is_sliding) in sliding.iter().enumerate() {
            let a = attn[i];
            let self_attn = Attention {
                n_heads: h,
                n_kv_heads: a.n_kv_heads,
                head_dim: a.head_dim,
                qkv_bias: bias,
                o_bias: bias,
                qk_norm: fam.qk_norm,
                window: is_sliding.then_some(window).filter(|&w| w > 0),
                kv_shared: shared[i],
                v_from_k: k_eq_v && !is_sliding && !shared[i],
                ..Attention::default()
            };
            let width = widths[i].saturating_mul(if double_wide && shared[i] { 2 } else { 1 });
            let mlp = Mlp::new(width, fam.gated, mlp_bias);
            let (ffn, norms) = match moe {
                // Gemma 4's experts run beside the MLP, which every token uses,
                // with three more norms around them.
                Some(m) => (
                    Ffn::Moe(Moe {
                        shared: Some(SharedExperts {
                            count: 1,
                            d_ff: width,
                            bias: false,
                            gate: false,
                            gated: None,
                        }),
                        ..m
                    }),
                    fam.norms_per_layer + 3,
                ),
                None => (Ffn::Dense(mlp), fam.norms_per_layer),
            };
            layers.push(Layer {
                attn: Some(self_attn),
                ffn,
                norms,
                laurel_rank,
                ..Layer::default()
            });
        }
        let mut groups: Vec<LayerGroup> = Vec::new();
        for layer in layers {
            match groups.iter_mut().find(|g| g.layer == layer) {
                Some(g) => g.count += 1,
                None => groups.push(LayerGroup::new(1, layer)),
            }
        }
        let per_layer_inputs = self.gemma_per_layer_inputs()?;
        let altup_inputs = if is_3n {
            let f = self.raw.altup_num_inputs.clone();
            self.count(&f, "altup_num_inputs", Some(4), 1, 64)?
        } else {
            0
        };
        Ok(ModelSpec {
            model_type: fam.types.first().copied().unwrap_or("custom").to_string(),
            d_model: d,
            vocab_size: vocab,
            context_len: context,
            norm: NormKind::Rms,
            head: Some(Head {
                tied,
                ..Head::default()
            }),
            stacks: vec![Stack {
                kind: if bidirectional {
                    StackKind::Encoder
                } else {
                    StackKind::Decoder
                },
                groups,
                final_norm: true,
                rel_pos_buckets: 0,
            }],
            per_layer_inputs,
            altup_inputs,
            ..ModelSpec::default()
        })
    }

    /// MLP widths: one `intermediate_size` for every layer, or Gemma 3n's list of
    /// one width per layer.
    fn gemma_widths(&mut self, n_layers: u64) -> Result<Vec<u64>, ConfigError> {
        let len = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let field = self.raw.d_ff.clone();
        if let Some(f) = field.as_ref().filter(|f| f.value.is_array()) {
            if self.fam.id != Id::Gemma3n {
                return Err(ConfigError::WrongType {
                    key: f.key.into(),
                    found: "a list".into(),
                    expected: format!(
                        "one whole number ({} has one MLP width for every layer)",
                        self.fam.class
                    ),
                });
            }
            let items = f.value.as_array().map_or(&[][..], Vec::as_slice);
            if items.len() as u64 != n_layers {
                return Err(ConfigError::invalid(
                    f.key,
                    &format!("a list of {} widths", items.len()),
                    &format!(
                        "it must give one width for each of the {n_layers} layers \
                         (`num_hidden_layers`), or a single number for all"
                    ),
                ));
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let one = super::raw::RawField {
                    key: f.key,
                    value: item.clone(),
                };
                match one.uint() {
                    Ok(Some(v)) if (1..=MAX_DIM).contains(&v) => out.push(v),
                    _ => {
                        return Err(ConfigError::WrongType {
                            key: format!("{}[{i}]", f.key),
                            found: super::json::describe(item),
                            expected: format!("a width from 1 to {MAX_DIM}"),
                        })
                    }
                }
            }
            return Ok(out);
        }
        let width = self.d_ff(0)?.unwrap_or(0);
        Ok(vec![width; len])
    }

    /// Which layers slide: `layer_types`, else the family's pattern (Gemma 3n a full
    /// layer every fifth, Gemma 4 every sixth). Gemma 4 forces its last layer full.
    fn gemma_sliding(&mut self, n_layers: u64) -> Result<Vec<bool>, ConfigError> {
        let pattern = match self.fam.window {
            Window::Pattern(_, p) => p.max(1),
            _ => 6,
        };
        let mut sliding: Vec<bool> = match self.raw.layer_types.clone() {
            Some(field) => match field.string_list()? {
                Some(types) => {
                    self.check_layer_count(types.len(), n_layers)?;
                    types.iter().map(|t| *t == "sliding_attention").collect()
                }
                None => (0..n_layers).map(|i| (i + 1) % pattern != 0).collect(),
            },
            None => (0..n_layers).map(|i| (i + 1) % pattern != 0).collect(),
        };
        if self.fam.id != Id::Gemma3n && sliding.last() == Some(&true) {
            self.note(
                "layer_types",
                format!(
                    "the last layer is listed as sliding: {} forces it to full attention, and so \
                     does this count",
                    self.fam.class
                ),
            );
            if let Some(last) = sliding.last_mut() {
                *last = false;
            }
        }
        Ok(sliding)
    }

    /// Which layers reuse an earlier layer's keys and values: the last
    /// `num_kv_shared_layers`. transformers refuses a sharing layer whose kind
    /// (sliding or full) no earlier layer produces.
    fn gemma_kv_shared(&mut self, sliding: &[bool]) -> Result<Vec<bool>, ConfigError> {
        let n = sliding.len() as u64;
        let default = if self.fam.id == Id::Gemma3n { 15 } else { 0 };
        let f = self.raw.num_kv_shared_layers.clone();
        let k = self.count(&f, "num_kv_shared_layers", Some(default), 0, MAX_LAYERS)?;
        let key = self.key_of(&f, "num_kv_shared_layers");
        let all_allowed = self.fam.id != Id::Gemma3n;
        if k > n || (k == n && k > 0 && !all_allowed) {
            return Err(ConfigError::invalid(
                &key,
                &k.to_string(),
                &format!(
                    "it must be less than `num_hidden_layers` ({n}): the shared layers reuse the \
                     keys and values of earlier ones"
                ),
            ));
        }
        let first = usize::try_from(n - k).unwrap_or(usize::MAX);
        if k > 0 && k < n {
            let (producers, consumers) = sliding.split_at(first.min(sliding.len()));
            for kind in [true, false] {
                if consumers.contains(&kind) && !producers.contains(&kind) {
                    let what = if kind { "sliding" } else { "full" };
                    return Err(ConfigError::invalid(
                        &key,
                        &k.to_string(),
                        &format!(
                            "a shared {what}-attention layer needs an earlier {what}-attention \
                             layer whose keys and values it reuses (transformers refuses this \
                             config)"
                        ),
                    ));
                }
            }
        }
        Ok((0..sliding.len()).map(|i| i >= first).collect())
    }

    /// Each layer's head width and key/value heads. Gemma 4's full-attention layers
    /// take `global_head_dim` (default 512) and, with `attention_k_eq_v`,
    /// `num_global_key_value_heads`; a `per_layer_config` (as transformers writes
    /// the same thing) overrides `head_dim` and `num_key_value_heads` per layer
    /// instead.
    fn gemma_attention(
        &mut self,
        sliding: &[bool],
        h: u64,
        base: GemmaAttn,
    ) -> Result<Vec<GemmaAttn>, ConfigError> {
        let mut out = vec![base; sliding.len()];
        if self.fam.id == Id::Gemma3n {
            return Ok(out);
        }
        let per_layer = self.raw.per_layer_config.clone();
        match per_layer.as_ref().map(|f| &f.value) {
            Some(serde_json::Value::Object(map)) => {
                self.gemma_overrides_homogeneous(map, sliding)?;
                let mut ignored: Vec<String> = Vec::new();
                for (index, overrides) in map {
                    let i = index
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|&i| i < sliding.len());
                    let (Some(i), Some(overrides)) = (i, overrides.as_object()) else {
                        return Err(ConfigError::invalid(
                            "per_layer_config",
                            &format!("an entry \"{index}\""),
                            &format!(
                                "its keys must be layer indices below {} holding objects of \
                                 settings",
                                sliding.len()
                            ),
                        ));
                    };
                    for (key, value) in overrides {
                        let path = format!("per_layer_config.{index}.{key}");
                        let field = super::raw::RawField {
                            key: "per_layer_config",
                            value: value.clone(),
                        };
                        let read = |what: &str| -> Result<u64, ConfigError> {
                            match field.uint() {
                                Ok(Some(v)) if (1..=MAX_DIM).contains(&v) => Ok(v),
                                _ => Err(ConfigError::WrongType {
                                    key: path.clone(),
                                    found: super::json::describe(value),
                                    expected: format!("{what} from 1 to {MAX_DIM}"),
                                }),
                            }
                        };
                        match key.as_str() {
                            "head_dim" => out[i].head_dim = read("a head width")?,
                            "num_key_value_heads" => out[i].n_kv_heads = read("a head count")?,
                            other => {
                                if !ignored.iter().any(|k| k == other) {
                                    ignored.push(other.to_string());
                                }
                            }
                        }
                    }
                }
                if !ignored.is_empty() {
                    self.note(
                        "per_layer_config",
                        format!(
                            "`per_layer_config` also sets {}: {}'s layers read only `head_dim` \
                             and `num_key_value_heads` from it, so these change nothing here",
                            ignored
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            self.fam.class.trim_end_matches("Config")
                        ),
                    );
                }
            }
            Some(serde_json::Value::Null) | None => {
                let f = self.raw.global_head_dim.clone();
                // transformers writes the full layers' width into
                // `per_layer_config`; older configs say `global_head_dim`.
                let global_hd = if f.is_none() {
                    const DEFAULT: u64 = 512;
                    self.note(
                        "per_layer_config",
                        format!(
                            "`per_layer_config` missing: {} a head width of {DEFAULT} in the \
                             full-attention layers (`global_head_dim` {DEFAULT})",
                            self.default_source()
                        ),
                    );
                    DEFAULT
                } else {
                    self.count(&f, "global_head_dim", Some(512), 1, MAX_DIM)?
                };
                let k_eq_v = Self::quiet_flag(&self.raw.attention_k_eq_v, false)?;
                let global_kv = if k_eq_v {
                    let g = self.raw.num_global_key_value_heads.clone();
                    match &g {
                        Some(x) => x.uint()?,
                        None => None,
                    }
                } else {
                    None
                };
                for (a, &s) in out.iter_mut().zip(sliding) {
                    if !s {
                        a.head_dim = global_hd;
                        if let Some(kv) = global_kv {
                            a.n_kv_heads = kv;
                        }
                    }
                }
            }
            Some(other) => {
                return Err(ConfigError::WrongType {
                    key: "per_layer_config".into(),
                    found: super::json::describe(other),
                    expected: "an object from layer indices to settings".into(),
                })
            }
        }
        for a in &out {
            if a.n_kv_heads == 0 || !h.is_multiple_of(a.n_kv_heads) {
                return Err(SpecError::KvHeadsDoNotDivide {
                    kv_key: "num_global_key_value_heads".into(),
                    kv: a.n_kv_heads,
                    heads_key: "num_attention_heads".into(),
                    heads: h,
                }
                .into());
            }
        }
        Ok(out)
    }

    /// transformers builds each layer kind's rotary embedding from one layer's
    /// settings, so it refuses a `per_layer_config` whose overrides differ between
    /// two layers of the same kind (sliding or full).
    fn gemma_overrides_homogeneous(
        &self,
        map: &serde_json::Map<String, serde_json::Value>,
        sliding: &[bool],
    ) -> Result<(), ConfigError> {
        let empty = serde_json::Value::Object(serde_json::Map::new());
        let mut by_index: Vec<&serde_json::Value> = vec![&empty; sliding.len()];
        for (index, overrides) in map {
            if let Some(i) = index
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&i| i < sliding.len())
            {
                by_index[i] = overrides;
            }
        }
        for kind in [true, false] {
            let mut layers = (0..sliding.len()).filter(|&i| sliding[i] == kind);
            let Some(first) = layers.next() else { continue };
            if let Some(other) = layers.find(|&i| by_index[i] != by_index[first]) {
                let what = if kind { "sliding" } else { "full" };
                return Err(ConfigError::invalid(
                    "per_layer_config",
                    &format!("different settings for layers {first} and {other}"),
                    &format!(
                        "every {what}-attention layer must have the same overrides (transformers \
                         refuses a config whose layers of one kind differ)"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Gemma 4's mixture of experts (`enable_moe_block`): `num_experts` gated
    /// experts of `moe_intermediate_size`, the top `top_k_experts` per token,
    /// a router with learned input and per-expert scales.
    fn gemma4_moe(&mut self) -> Result<Option<Moe>, ConfigError> {
        let f = self.raw.enable_moe_block.clone();
        if !Self::quiet_flag(&f, false)? {
            return Ok(None);
        }
        let e = self.raw.n_experts.clone();
        let n_experts = self.count(&e, "num_experts", None, 1, MAX_DIM)?;
        let k = self.raw.top_k_experts.clone();
        let top_k = self.count(&k, "top_k_experts", None, 1, MAX_DIM)?;
        if top_k > n_experts {
            return Err(SpecError::TopKExceedsExperts {
                top_k_key: "top_k_experts".into(),
                top_k,
                experts_key: self.key_of(&e, "num_experts"),
                experts: n_experts,
            }
            .into());
        }
        let w = self.raw.moe_d_ff.clone();
        let width = self.count(&w, "moe_intermediate_size", None, 1, MAX_DIM)?;
        Ok(Some(Moe {
            router_scales: true,
            ..Moe::new(n_experts, top_k, Mlp::new(width, true, false))
        }))
    }

    /// Per-layer input embeddings: always in Gemma 3n, in Gemma 4 when
    /// `hidden_size_per_layer_input` is not 0; never in Gemma 4 unified.
    fn gemma_per_layer_inputs(&mut self) -> Result<Option<PerLayerInputs>, ConfigError> {
        match self.fam.id {
            Id::Gemma3n => {}
            Id::Gemma4 => {
                let f = self.raw.hidden_size_per_layer_input.clone();
                if matches!(&f, Some(x) if matches!(x.uint()?, None | Some(0))) {
                    return Ok(None);
                }
            }
            _ => return Ok(None),
        }
        let f = self.raw.hidden_size_per_layer_input.clone();
        let width = self.count(&f, "hidden_size_per_layer_input", Some(256), 1, MAX_DIM)?;
        let v = self.raw.vocab_size_per_layer_input.clone();
        let vocab_size = self.count(&v, "vocab_size_per_layer_input", Some(262144), 1, MAX_DIM)?;
        Ok(Some(PerLayerInputs { vocab_size, width }))
    }
}

#[cfg(test)]
mod prime_tests {
    use super::{is_prime, next_prime};

    /// Primes and composites past the trial divisors: 41² (the first composite
    /// with no factor up to 37), 3,215,031,751 (a strong pseudoprime to bases
    /// 2, 3, 5 and 7), and Mersenne primes 2³¹ − 1 and 2⁶¹ − 1.
    #[test]
    fn is_prime_tells_primes_from_composites_past_its_trial_divisors() {
        for n in [
            2,
            37,
            41,
            1_009,
            1_000_000_007,
            2_147_483_647,
            2_305_843_009_213_693_951,
        ] {
            assert!(is_prime(n), "{n} is prime");
        }
        for n in [0, 1, 4, 1_681, 1_763, 3_215_031_751, 2_147_483_649] {
            assert!(!is_prime(n), "{n} is composite");
        }
        // Qwen4-Exp's n-gram tables start after 20,000,000 by default.
        assert_eq!(next_prime(20_000_000), 20_000_003);
        assert_eq!(next_prime(1_680), 1_693);
    }
}
