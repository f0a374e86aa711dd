//! State-space and hybrid families: Mamba, Falcon-Mamba and Mamba-2 (mixer
//! layers only), and the hybrids that mix Mamba or Mamba-2 layers with
//! attention following the config's own layer pattern.
//!
//! Each family reads its own spellings of the state-space keys (transformers'
//! config classes spell the state size `state_size`, `mamba_d_state` or
//! `ssm_state_size`, and read only theirs), listed here per family in the
//! order the config class gives them priority.

use std::collections::BTreeSet;

use crate::model::{
    Attention, Ffn, Head, Layer, LayerGroup, Linear, Mamba, Mamba2, Mixer, Mlp, ModelSpec, Moe,
    MoeLatent, SharedExperts, SpecError, Stack, StackKind, MAX_CONTEXT, MAX_DIM,
};

use super::super::error::ConfigError;
use super::super::families::{Id, SsmDefaults};
use super::super::raw::Opt;
use super::Builder;

/// The context length a state-space model gets when its config names none: it
/// has no position table or RoPE range, so this only sets the default S.
const SSM_DEFAULT_CONTEXT: u64 = 2048;

/// Which spellings of the state-space keys a family's config class reads,
/// each list in the class's order of priority.
struct SsmKeys {
    d_state: &'static [&'static str],
    d_conv: &'static [&'static str],
    expand: &'static [&'static str],
    dt_rank: &'static [&'static str],
    n_heads: &'static [&'static str],
    head_dim: &'static [&'static str],
    n_groups: &'static [&'static str],
    chunk: &'static [&'static str],
    conv_bias: &'static [&'static str],
}

/// `MambaConfig`, `FalconMambaConfig`, `Mamba2Config`.
const PLAIN_KEYS: SsmKeys = SsmKeys {
    d_state: &["state_size"],
    d_conv: &["conv_kernel"],
    expand: &["expand"],
    dt_rank: &["time_step_rank"],
    n_heads: &["num_heads"],
    head_dim: &["head_dim"],
    n_groups: &["n_groups"],
    chunk: &["chunk_size"],
    conv_bias: &["use_conv_bias"],
};

/// The `mamba_`-prefixed spellings of Bamba, Granite 4 and Falcon-H1.
const MAMBA_PREFIXED_KEYS: SsmKeys = SsmKeys {
    d_state: &["mamba_d_state"],
    d_conv: &["mamba_d_conv"],
    expand: &["mamba_expand"],
    dt_rank: &["mamba_dt_rank"],
    n_heads: &["mamba_n_heads"],
    head_dim: &["mamba_d_head"],
    n_groups: &["mamba_n_groups"],
    chunk: &["mamba_chunk_size"],
    conv_bias: &["mamba_conv_bias"],
};

/// `NemotronHConfig`: its plain spellings, with the `mamba_`-prefixed
/// aliases its `__post_init__` pops first where both exist.
const NEMOTRON_H_KEYS: SsmKeys = SsmKeys {
    d_state: &["ssm_state_size"],
    d_conv: &["mamba_d_conv", "conv_kernel"],
    expand: &["mamba_expand", "expand"],
    dt_rank: &[],
    n_heads: &["mamba_num_heads"],
    head_dim: &["mamba_head_dim"],
    n_groups: &["mamba_n_groups", "n_groups"],
    chunk: &["mamba_chunk_size", "chunk_size"],
    conv_bias: &["mamba_conv_bias", "use_conv_bias"],
};

/// NemotronHConfig's layer pattern when the config gives none.
const NEMOTRON_H_DEFAULT_PATTERN: &str = "ME*-";

/// What one layer of a hybrid pattern holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    /// A state-space mixer.
    Mamba,
    /// Softmax attention.
    Attention,
    /// A mixture of experts.
    Moe,
    /// A dense MLP.
    Mlp,
}

impl Builder<'_> {
    /// The state-space and hybrid families.
    pub(super) fn hybrid(&mut self) -> Result<ModelSpec, ConfigError> {
        match self.fam.id {
            Id::Mamba | Id::FalconMamba => self.mamba_model(),
            Id::Mamba2 => self.mamba2_model(),
            Id::Bamba => self.bamba(),
            Id::NemotronH => self.nemotron_h(),
            Id::GraniteMoeHybrid => self.granite_hybrid(),
            Id::FalconH1 => self.falcon_h1(),
            Id::Jamba => self.jamba(),
            Id::Zamba => self.zamba(),
            Id::Zamba2 => self.zamba2(),
            _ => Err(ConfigError::invalid(
                "model_type",
                self.fam.types.first().copied().unwrap_or("?"),
                "it is listed as a state-space family but has no builder",
            )),
        }
    }

    fn ssm_defaults(&self) -> SsmDefaults {
        self.fam.ssm.unwrap_or(SsmDefaults {
            d_state: 16,
            d_conv: 4,
            expand: 2,
            n_heads: 0,
            head_dim: None,
            n_groups: 1,
            chunk: 256,
            conv_bias: true,
            proj_bias: false,
        })
    }

    /// The first of `spellings` present in the config.
    fn ssm_field(&self, spellings: &[&'static str]) -> Opt {
        spellings.iter().find_map(|k| self.raw.ssm_key(k))
    }

    /// A count under one of `spellings` (the first present wins), else the
    /// family's default, noted under the last spelling: the class's own, where
    /// the earlier ones are legacy aliases (Nemotron-H's `mamba_` keys).
    fn ssm_count(
        &mut self,
        spellings: &[&'static str],
        default: u64,
        max: u64,
    ) -> Result<u64, ConfigError> {
        let field = self.ssm_field(spellings);
        let name = spellings.last().copied().unwrap_or("?");
        self.count(&field, name, Some(default), 1, max)
    }

    /// A boolean under one of `spellings`, else `default`, noted with `meaning`.
    fn ssm_flag(
        &mut self,
        spellings: &[&'static str],
        default: bool,
        meaning: &str,
    ) -> Result<bool, ConfigError> {
        let field = self.ssm_field(spellings);
        let name = spellings.last().copied().unwrap_or("?");
        self.flag(&field, name, default, meaning)
    }

    /// The rank of Mamba's Δ projection: a number, or `"auto"` for
    /// `⌈d_model / 16⌉`.
    fn dt_rank(&mut self, spellings: &[&'static str], d: u64) -> Result<u64, ConfigError> {
        let auto = d.div_ceil(16);
        let field = self.ssm_field(spellings);
        let name = spellings.first().copied().unwrap_or("time_step_rank");
        match &field {
            Some(f) if f.value.as_str() == Some("auto") => Ok(auto),
            Some(f) if f.value.is_string() => Err(ConfigError::WrongType {
                key: f.key.into(),
                found: format!("\"{}\"", f.value.as_str().unwrap_or("")),
                expected: "a whole number or \"auto\" (⌈hidden_size / 16⌉)".into(),
            }),
            _ => self.count(&field, name, Some(auto), 1, MAX_DIM),
        }
    }

    /// The context length: the config's, else [`SSM_DEFAULT_CONTEXT`] (noted:
    /// a pure state-space model has no limit).
    fn ssm_context(&mut self) -> Result<u64, ConfigError> {
        let field = self.raw.context.clone();
        if field.as_ref().is_some_and(|f| !f.value.is_null()) {
            let name = self.fam.names.context;
            return self.count(&field, name, None, 1, MAX_CONTEXT);
        }
        self.note(
            "max_position_embeddings",
            format!(
                "{} has no context length (a state-space model has no position limit): the \
                 sequence length defaults to {SSM_DEFAULT_CONTEXT}",
                self.fam.class.trim_end_matches("Config")
            ),
        );
        Ok(SSM_DEFAULT_CONTEXT)
    }

    /// The inner width: `expand·d_model`, or where the class keeps it, a
    /// config's `intermediate_size`. MambaConfig and FalconMambaConfig
    /// compute `expand × hidden_size` and then apply the config's own keys, so
    /// a given `intermediate_size` wins (transformers 5.24: half of it is
    /// 60,334,080 parameters fewer on Mamba's default); Mamba2 has no such
    /// key, and one a config gives is noted and ignored.
    fn ssm_inner(&mut self, keys: &SsmKeys, d: u64) -> Result<u64, ConfigError> {
        let expand = self.ssm_count(keys.expand, self.ssm_defaults().expand, MAX_DIM)?;
        let inner = expand.saturating_mul(d);
        let Some(f) = self
            .raw
            .d_ff
            .clone()
            .filter(|f| f.key == "intermediate_size")
        else {
            return Ok(inner);
        };
        let Some(given) = f.uint()? else {
            return Ok(inner);
        };
        if matches!(self.fam.id, Id::Mamba | Id::FalconMamba) {
            return self.count(&Some(f), "intermediate_size", None, 1, MAX_DIM);
        }
        if given != inner {
            self.note(
                f.key,
                format!(
                    "`{}` ({given}) is ignored: {} recomputes it as `{}` × `hidden_size` \
                     = {inner}",
                    f.key,
                    self.fam.class,
                    keys.expand.first().copied().unwrap_or("expand")
                ),
            );
        }
        Ok(inner)
    }

    /// A layer interval (`attn_layer_period`) and the offset within it
    /// (`attn_layer_offset`), which must be smaller.
    fn period_offset(
        &mut self,
        period_key: &'static str,
        period_default: u64,
        offset_key: &'static str,
        offset_default: u64,
    ) -> Result<(u64, u64), ConfigError> {
        let f = self.raw.ssm_key(period_key);
        let period = self.count(&f, period_key, Some(period_default), 1, MAX_DIM)?;
        let f = self.raw.ssm_key(offset_key);
        let offset = self.count(&f, offset_key, Some(offset_default), 0, MAX_DIM)?;
        if offset >= period {
            return Err(ConfigError::invalid(
                offset_key,
                &offset.to_string(),
                &format!(
                    "it must be smaller than `{period_key}` ({period}): layer i is chosen when \
                     i % {period_key} == {offset_key}"
                ),
            ));
        }
        Ok((period, offset))
    }

    /// A Mamba mixer from the `mamba_`-prefixed keys (Jamba, Zamba).
    fn prefixed_mamba(&mut self, d: u64, bcdt_norms: bool) -> Result<Mamba, ConfigError> {
        let keys = MAMBA_PREFIXED_KEYS;
        let defaults = self.ssm_defaults();
        let expand = self.ssm_count(keys.expand, defaults.expand, MAX_DIM)?;
        let d_state = self.ssm_count(keys.d_state, defaults.d_state, MAX_DIM)?;
        let d_conv = self.ssm_count(keys.d_conv, defaults.d_conv, MAX_DIM)?;
        let dt_rank = self.dt_rank(keys.dt_rank, d)?;
        let conv_bias = self.ssm_flag(
            keys.conv_bias,
            defaults.conv_bias,
            " (the convolution has a bias)",
        )?;
        let proj_bias = self.ssm_flag(
            &["mamba_proj_bias"],
            defaults.proj_bias,
            " (no biases on in_proj and out_proj)",
        )?;
        Ok(Mamba {
            d_inner: expand.saturating_mul(d),
            d_state,
            dt_rank,
            d_conv,
            conv_bias,
            proj_bias,
            bcdt_norms,
        })
    }

    /// Jamba: layer i is attention when `i % attn_layer_period ==
    /// attn_layer_offset`, else Mamba (with RMSNorms on Δ, B and C); its FFN
    /// is a MoE when `i % expert_layer_period == expert_layer_offset` and
    /// `num_experts` > 1, else a gated MLP; two norms a layer.
    fn jamba(&mut self) -> Result<ModelSpec, ConfigError> {
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let (attn_period, attn_offset) =
            self.period_offset("attn_layer_period", 8, "attn_layer_offset", 4)?;
        let (moe_period, moe_offset) =
            self.period_offset("expert_layer_period", 2, "expert_layer_offset", 1)?;
        let field = self
            .raw
            .ssm_key("layers_block_type")
            .or(self.raw.layer_types.clone());
        let listed = self.attention_layer_types(field.clone(), n_layers)?;
        if let (Some(_), Some(f)) = (&listed, &field) {
            self.note(
                f.key,
                format!(
                    "`{}` lists the layers: counted them as listed (transformers' JambaConfig \
                     cannot load a config with this key; it derives the pattern from \
                     `attn_layer_period` and `attn_layer_offset`)",
                    f.key
                ),
            );
        }
        let is_attn = |i: u64| match &listed {
            Some(l) => usize::try_from(i)
                .ok()
                .and_then(|i| l.get(i))
                .copied()
                .unwrap_or(false),
            None => i % attn_period == attn_offset,
        };
        let attention = if (0..n_layers).any(is_attn) {
            Some(self.hybrid_attention(d)?)
        } else {
            None
        };
        let mixer = if (0..n_layers).any(|i| !is_attn(i)) {
            Some(Mixer::Mamba(self.prefixed_mamba(d, true)?))
        } else {
            None
        };
        let mlp = self.hybrid_mlp(d)?;
        let f = self.raw.n_experts.clone();
        let n_experts = self.count(&f, "num_experts", Some(16), 1, MAX_DIM)?;
        let moe = if n_experts > 1 {
            let f = self.raw.top_k.clone();
            let top_k = self.count(&f, "num_experts_per_tok", Some(2), 1, MAX_DIM)?;
            if top_k > n_experts {
                return Err(SpecError::TopKExceedsExperts {
                    top_k_key: self.key_of(&self.raw.top_k, "num_experts_per_tok"),
                    top_k,
                    experts_key: self.key_of(&self.raw.n_experts, "num_experts"),
                    experts: n_experts,
                }
                .into());
            }
            Some(Moe {
                ..Moe::new(n_experts, top_k, mlp)
            })
        } else {
            None
        };
        let layers = (0..n_layers)
            .map(|i| {
                let ffn = match &moe {
                    Some(m) if i % moe_period == moe_offset => Ffn::Moe(*m),
                    _ => Ffn::Dense(mlp),
                };
                Layer {
                    attn: attention.clone().filter(|_| is_attn(i)),
                    mixer: mixer.clone().filter(|_| !is_attn(i)),
                    ffn,
                    ..bare_layer(2)
                }
            })
            .collect();
        Ok(self.ssm_spec(d, vocab, context, tied, grouped(layers)))
    }

    /// Which layers are hybrid (a shared transformer block before the mixer)
    /// under `layers_block_type` (or `layer_types`): `"hybrid"`, or
    /// `"mamba"`/`"linear_attention"`. `None` when the config has no list.
    fn hybrid_layer_types(&mut self, n_layers: u64) -> Result<Option<Vec<bool>>, ConfigError> {
        let field = self
            .raw
            .ssm_key("layers_block_type")
            .or(self.raw.layer_types.clone());
        self.mixer_or(
            field,
            n_layers,
            &["hybrid"],
            "a layer here is \"mamba\" (or \"linear_attention\") or \"hybrid\" (a shared \
             transformer block before the Mamba layer)",
        )
    }

    /// A per-layer list of mixer layers (`"mamba"`, `"linear_attention"`:
    /// `false`) and layers named in `others` (`true`), one entry per layer;
    /// `None` when the config has no list. Any other name breaks `rule`.
    fn mixer_or(
        &self,
        field: Opt,
        n_layers: u64,
        others: &[&str],
        rule: &str,
    ) -> Result<Option<Vec<bool>>, ConfigError> {
        let Some(types) = self.layer_list(&field, n_layers)? else {
            return Ok(None);
        };
        let key = field.map_or("layer_types", |f| f.key);
        types
            .iter()
            .enumerate()
            .map(|(i, t)| match t.as_str() {
                "mamba" | "linear_attention" => Ok(false),
                t if others.contains(&t) => Ok(true),
                other => Err(ConfigError::invalid(
                    &format!("{key}[{i}]"),
                    &format!("\"{other}\""),
                    rule,
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// transformers ties every shared weight through `tie_word_embeddings`:
    /// without it each hybrid layer builds its own block.
    fn untied_blocks_note(&mut self, n_hybrid: u64) {
        self.note(
            "tie_word_embeddings",
            format!(
                "`tie_word_embeddings` is false: transformers then ties no weights at all, so the \
                 {n_hybrid} hybrid layers do not share their transformer blocks; each has its own \
                 copy (counted), unlike the released checkpoints, whose configs tie them"
            ),
        );
    }

    /// The shared transformer block of Zamba and Zamba2: attention whose
    /// query/key/value projections read the concatenation of the layer input
    /// and the embeddings (`2·d_model`), `head_dim` wide heads, output back to
    /// `d_model`; a gated MLP; an RMSNorm over `2·d_model` and one over
    /// `d_model` (three `d_model` norms' worth of weights).
    fn shared_block(
        &mut self,
        d: u64,
        n_heads: u64,
        head_dim: u64,
        mlp: Mlp,
    ) -> Result<Layer, ConfigError> {
        let kv = self.n_kv_heads(n_heads, self.fam.n_kv_heads)?;
        let attention = Attention {
            n_heads,
            n_kv_heads: kv,
            head_dim,
            d_in: Some(d.saturating_mul(2)),
            ..Attention::default()
        };
        Ok(Layer {
            attn: Some(attention),
            ffn: Ffn::Dense(mlp),
            ..bare_layer(3)
        })
    }

    /// Zamba: a Mamba layer (multi-head Mamba, counted as one: the heads split
    /// the channels without changing a weight or a FLOP) at every depth; at
    /// the hybrid layers (`layers_block_type`, else two Mamba layers, a hybrid
    /// one, then hybrid where `i % attn_layer_period == attn_layer_offset`)
    /// one shared transformer block and a per-layer `Linear(d, d)` run first.
    fn zamba(&mut self) -> Result<ModelSpec, ConfigError> {
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let hybrid = match self.hybrid_layer_types(n_layers)? {
            Some(h) => h,
            None => {
                let (period, offset) =
                    self.period_offset("attn_layer_period", 6, "attn_layer_offset", 4)?;
                if n_layers < 3 {
                    return Err(ConfigError::invalid(
                        self.fam.names.n_layers,
                        &n_layers.to_string(),
                        "without `layers_block_type`, ZambaConfig's pattern starts with three \
                         layers (Mamba, Mamba, hybrid): give at least 3 layers or the list",
                    ));
                }
                [false, false, true]
                    .into_iter()
                    .chain((0..n_layers - 3).map(|i| i % period == offset))
                    .collect()
            }
        };
        let mamba = Mixer::Mamba(self.prefixed_mamba(d, false)?);
        let n_hybrid = hybrid.iter().filter(|&&h| h).count() as u64;
        let mut groups = grouped(
            hybrid
                .iter()
                .map(|&h| Layer {
                    mixer: Some(mamba.clone()),
                    linears: if h {
                        vec![Linear {
                            d_in: d,
                            d_out: d,
                            bias: false,
                        }]
                    } else {
                        Vec::new()
                    },
                    ..bare_layer(1)
                })
                .collect(),
        );
        if n_hybrid > 0 {
            let f = self.raw.ssm_key("attention_hidden_size");
            let width = self.count(&f, "attention_hidden_size", Some(2 * d), 1, MAX_DIM)?;
            if width != 2 * d {
                return Err(ConfigError::invalid(
                    "attention_hidden_size",
                    &width.to_string(),
                    &format!(
                        "Zamba's shared block reads the layer input and the embeddings side by \
                         side, 2 × `hidden_size` = {} wide: transformers cannot run another \
                         width, so remove the key or set it to {}",
                        2 * d,
                        2 * d
                    ),
                ));
            }
            let h = self.n_heads()?;
            // `head_dim` is an alias of `attention_head_dim` (the classes'
            // `attribute_map`). Given both, ZambaConfig keeps the alias and
            // Zamba2Config the key itself (transformers 5.24).
            let own = self.raw.ssm_key("attention_head_dim");
            let alias = self.head_dim_alias();
            let f = if self.fam.id == Id::Zamba {
                alias.or(own)
            } else {
                own.or(alias)
            };
            let head_dim = self.count(&f, "attention_head_dim", Some(2 * d / h), 1, MAX_DIM)?;
            let mlp = self.hybrid_mlp(d)?;
            let block = self.shared_block(d, h, head_dim, mlp)?;
            groups.push(LayerGroup {
                count: n_hybrid,
                layer: block,
                copies: Some(if tied { 1 } else { n_hybrid }),
            });
            if !tied && n_hybrid > 1 {
                self.untied_blocks_note(n_hybrid);
            }
        }
        Ok(self.ssm_spec(d, vocab, context, tied, groups))
    }

    /// Zamba2: a Mamba-2 layer at every depth; at the hybrid layers
    /// (`layers_block_type`, else Zamba2Config's 54-layer pattern) one of
    /// `num_mem_blocks` shared transformer blocks, in turn, and a per-layer
    /// `Linear(d, d)` run first. Each use of a block has its own LoRA
    /// adapters: on the MLP's fused gate/up projection always, on the query,
    /// key and value projections with `use_shared_attention_adapter`.
    fn zamba2(&mut self) -> Result<ModelSpec, ConfigError> {
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let hybrid = match self.hybrid_layer_types(n_layers)? {
            Some(h) => h,
            None => {
                let default: Vec<bool> = std::iter::once(false)
                    .chain((0..7).flat_map(|_| [false, false, false, false, false, true]))
                    .chain([false, false, false, false, true, false, false, false, true])
                    .chain([false, false])
                    .collect();
                if default.len() as u64 != n_layers {
                    return Err(ConfigError::invalid(
                        self.fam.names.n_layers,
                        &n_layers.to_string(),
                        &format!(
                            "without `layers_block_type`, Zamba2Config uses its {}-layer \
                             pattern, so transformers refuses any other depth: give the list",
                            default.len()
                        ),
                    ));
                }
                self.note(
                    "layers_block_type",
                    "`layers_block_type` missing: used Zamba2Config's default pattern (hybrid \
                     layers 6, 12, …, 42, 47 and 51)"
                        .into(),
                );
                default
            }
        };
        let defaults = self.ssm_defaults();
        let expand = self.ssm_count(&["mamba_expand"], defaults.expand, MAX_DIM)?;
        let d_inner = expand.saturating_mul(d);
        let n_heads = self.ssm_count(&["n_mamba_heads"], defaults.n_heads, MAX_DIM)?;
        if !d_inner.is_multiple_of(n_heads) {
            return Err(ConfigError::invalid(
                "n_mamba_heads",
                &n_heads.to_string(),
                &format!(
                    "it must divide the Mamba-2 width `mamba_expand` × `hidden_size` = {d_inner} \
                     (Zamba2 splits it into heads of equal width)"
                ),
            ));
        }
        let bias_field = self.raw.add_bias_linear.clone();
        let bias = self.flag(
            &bias_field,
            "add_bias_linear",
            false,
            " (no biases on the Mamba-2 and MLP projections)",
        )?;
        let mixer = Mamba2 {
            n_heads,
            head_dim: d_inner / n_heads,
            n_groups: self.ssm_count(&["mamba_ngroups"], defaults.n_groups, MAX_DIM)?,
            d_state: self.ssm_count(&["mamba_d_state"], defaults.d_state, MAX_DIM)?,
            d_conv: self.ssm_count(&["mamba_d_conv"], defaults.d_conv, MAX_DIM)?,
            chunk: self.ssm_count(&["chunk_size"], defaults.chunk, MAX_CONTEXT)?,
            // Zamba2's convolution always has a bias (`use_conv_bias` is not read).
            conv_bias: true,
            in_bias: bias,
            out_bias: bias,
            norm: true,
        };
        let n_hybrid = hybrid.iter().filter(|&&h| h).count() as u64;
        // Zamba2Config derives `hybrid_layer_ids` from the layer types, but a
        // list in the config.json replaces it: the shared blocks hold one
        // adapter slot per entry, and a hybrid layer it leaves out cannot run.
        if let Some(field) = self.raw.ssm_key("hybrid_layer_ids") {
            let derived: Vec<u64> = (0..n_layers).filter(|&i| hybrid[i as usize]).collect();
            if let Some(listed) = field.uint_list()? {
                if listed != derived {
                    return Err(ConfigError::invalid(
                        field.key,
                        &format!("{listed:?}"),
                        &format!(
                            "it must list the hybrid layers of `layers_block_type`, {derived:?}: \
                             transformers gives the shared blocks one adapter per entry and \
                             cannot run a hybrid layer the list leaves out"
                        ),
                    ));
                }
            }
        }
        let mut adapters = Vec::new();
        let mut block = None;
        if n_hybrid > 0 {
            let h = self.n_heads()?;
            let mlp = self.hybrid_mlp(d)?;
            let f = self.raw.ssm_key("adapter_rank");
            let rank = self.count(&f, "adapter_rank", Some(128), 1, MAX_DIM)?;
            let f = self.raw.ssm_key("use_shared_attention_adapter");
            let attn_adapters = self.flag(
                &f,
                "use_shared_attention_adapter",
                false,
                " (no LoRA adapters on the shared attention)",
            )?;
            let lin = |d_in, d_out| Linear {
                d_in,
                d_out,
                bias: false,
            };
            adapters.push(lin(d, rank));
            adapters.push(lin(rank, 2 * mlp.d_ff));
            if attn_adapters {
                for _ in 0..3 {
                    adapters.push(lin(2 * d, rank));
                    adapters.push(lin(rank, 2 * d));
                }
            }
            // The head width is fixed at 2·d_model / heads, whatever the config says.
            block = Some(self.shared_block(d, h, 2 * d / h, mlp)?);
        }
        let mut groups = grouped(
            hybrid
                .iter()
                .map(|&h| Layer {
                    mixer: Some(Mixer::Mamba2(mixer)),
                    linears: if h {
                        vec![Linear {
                            d_in: d,
                            d_out: d,
                            bias: false,
                        }]
                    } else {
                        Vec::new()
                    },
                    ..bare_layer(1)
                })
                .collect(),
        );
        if let Some(layer) = block {
            let f = self.raw.ssm_key("num_mem_blocks");
            let blocks = self.count(&f, "num_mem_blocks", Some(1), 1, MAX_DIM)?;
            // Each block instance holds an adapter slot for every use of its
            // block (`i % num_mem_blocks`): tied, one set per use; untied
            // (transformers ties nothing without `tie_word_embeddings`), each
            // of a block's n uses builds n sets and runs one.
            let uses = |b: u64| (n_hybrid + blocks - 1 - b) / blocks;
            let (copies, adapter_sets) = if tied {
                (blocks.min(n_hybrid), n_hybrid)
            } else {
                if n_hybrid > 1 {
                    self.untied_blocks_note(n_hybrid);
                }
                (
                    n_hybrid,
                    (0..blocks.min(n_hybrid)).map(|b| uses(b) * uses(b)).sum(),
                )
            };
            groups.push(LayerGroup {
                count: n_hybrid,
                layer,
                copies: Some(copies),
            });
            groups.push(LayerGroup {
                count: n_hybrid,
                layer: Layer {
                    linears: adapters,
                    ..bare_layer(0)
                },
                copies: Some(adapter_sets),
            });
        }
        Ok(self.ssm_spec(d, vocab, context, tied, groups))
    }

    /// Mamba and Falcon-Mamba: `n_layers` blocks of a norm and a Mamba mixer.
    fn mamba_model(&mut self) -> Result<ModelSpec, ConfigError> {
        let keys = PLAIN_KEYS;
        let defaults = self.ssm_defaults();
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.ssm_context()?;
        let tied = self.tied()?;
        let d_inner = self.ssm_inner(&keys, d)?;
        let d_state = self.ssm_count(keys.d_state, defaults.d_state, MAX_DIM)?;
        let d_conv = self.ssm_count(keys.d_conv, defaults.d_conv, MAX_DIM)?;
        let dt_rank = self.dt_rank(keys.dt_rank, d)?;
        let conv_bias = self.ssm_flag(
            keys.conv_bias,
            defaults.conv_bias,
            " (the convolution has a bias)",
        )?;
        let use_bias = self.raw.use_bias.clone();
        let proj_bias = self.flag(
            &use_bias,
            "use_bias",
            defaults.proj_bias,
            " (no biases on in_proj and out_proj)",
        )?;
        let mixer = Mixer::Mamba(Mamba {
            d_inner,
            d_state,
            dt_rank,
            d_conv,
            conv_bias,
            proj_bias,
            bcdt_norms: false,
        });
        let layer = mixer_only(mixer, 1);
        Ok(self.ssm_spec(
            d,
            vocab,
            context,
            tied,
            vec![LayerGroup::new(n_layers, layer)],
        ))
    }

    /// Mamba-2: `n_layers` blocks of a norm and a Mamba-2 mixer.
    fn mamba2_model(&mut self) -> Result<ModelSpec, ConfigError> {
        let keys = PLAIN_KEYS;
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.ssm_context()?;
        let tied = self.tied()?;
        let d_inner = self.ssm_inner(&keys, d)?;
        let mixer = self.mamba2_mixer(&keys, Some(d_inner), "use_bias")?;
        let layer = mixer_only(Mixer::Mamba2(mixer), 1);
        Ok(self.ssm_spec(
            d,
            vocab,
            context,
            tied,
            vec![LayerGroup::new(n_layers, layer)],
        ))
    }

    /// The family's softmax attention block, from its standard keys (none of
    /// these families has MLA).
    fn hybrid_attention(&mut self, d: u64) -> Result<Attention, ConfigError> {
        let h = self.n_heads()?;
        let a = self.attention_parts(d, h)?;
        Ok(Attention {
            n_heads: a.n_heads,
            n_kv_heads: a.n_kv_heads,
            head_dim: a.head_dim,
            qkv_bias: a.qkv_bias,
            o_bias: a.o_bias,
            qk_norm: a.qk_norm,
            ..Attention::default()
        })
    }

    /// The family's dense MLP of `intermediate_size`.
    fn hybrid_mlp(&mut self, d: u64) -> Result<Mlp, ConfigError> {
        let d_ff = match self.d_ff(d)? {
            Some(v) => v,
            None => return Err(self.missing(self.fam.names.d_ff)),
        };
        let bias = self.bias(self.fam.mlp_bias, "MLP")?;
        Ok(Mlp::new(d_ff, self.fam.gated, bias))
    }

    /// A list of layer indices (`attn_layer_indices`); `None` when absent or
    /// null. Indices past the last layer are ignored, as transformers does.
    fn layer_indices(&mut self, key: &'static str) -> Result<Option<BTreeSet<u64>>, ConfigError> {
        Ok(match self.raw.ssm_key(key) {
            Some(f) => f.uint_list()?.map(|l| l.into_iter().collect()),
            None => None,
        })
    }

    /// Bamba: Mamba-2 layers, attention at `attn_layer_indices`; every layer
    /// has two norms and a gated MLP.
    fn bamba(&mut self) -> Result<ModelSpec, ConfigError> {
        let keys = MAMBA_PREFIXED_KEYS;
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let attn_at = self
            .layer_indices("attn_layer_indices")?
            .unwrap_or_default();
        let attention = if attn_at.iter().any(|&i| i < n_layers) {
            Some(self.hybrid_attention(d)?)
        } else {
            None
        };
        let mlp = self.hybrid_mlp(d)?;
        let expand = self.ssm_count(keys.expand, self.ssm_defaults().expand, MAX_DIM)?;
        let mixer = self.mamba2_mixer(&keys, Some(expand.saturating_mul(d)), "mamba_proj_bias")?;
        let layers = (0..n_layers)
            .map(|i| {
                let attn = attention.clone().filter(|_| attn_at.contains(&i));
                Layer {
                    mixer: attn.is_none().then_some(Mixer::Mamba2(mixer)),
                    attn,
                    ffn: Ffn::Dense(mlp),
                    norms: 2,
                    ..Layer::default()
                }
            })
            .collect();
        Ok(self.ssm_spec(d, vocab, context, tied, grouped(layers)))
    }

    /// Which layers are attention under `layer_types` (values `"mamba"` or
    /// `"linear_attention"`, `"attention"` or `"full_attention"`); `None`
    /// when the config has no list. Its length must be the number of layers.
    fn attention_layer_types(
        &mut self,
        field: Opt,
        n_layers: u64,
    ) -> Result<Option<Vec<bool>>, ConfigError> {
        self.mixer_or(
            field,
            n_layers,
            &["attention", "full_attention"],
            "a layer here is \"mamba\" (or \"linear_attention\") or \"attention\" (or \
             \"full_attention\")",
        )
    }

    /// Granite 4 (`granitemoehybrid`): Mamba-2 or attention per `layer_types`
    /// (all Mamba-2 by default), two norms, and an FFN of a MoE over
    /// `intermediate_size` experts plus an always-on gated MLP of
    /// `shared_intermediate_size` (just that MLP when `num_local_experts` is 0).
    fn granite_hybrid(&mut self) -> Result<ModelSpec, ConfigError> {
        let keys = MAMBA_PREFIXED_KEYS;
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let field = self.raw.layer_types.clone();
        let attn_at = match self.attention_layer_types(field, n_layers)? {
            Some(a) => a,
            None => {
                self.note(
                    "layer_types",
                    "`layer_types` missing: GraniteMoeHybridConfig makes every layer a Mamba-2 \
                     layer"
                        .into(),
                );
                vec![false; usize::try_from(n_layers).unwrap_or(0)]
            }
        };
        let attention = if attn_at.contains(&true) {
            Some(self.hybrid_attention(d)?)
        } else {
            None
        };
        let mixer = if attn_at.contains(&false) {
            let expand = self.ssm_count(keys.expand, self.ssm_defaults().expand, MAX_DIM)?;
            Some(Mixer::Mamba2(self.mamba2_mixer(
                &keys,
                Some(expand.saturating_mul(d)),
                "mamba_proj_bias",
            )?))
        } else {
            None
        };
        let f = self.raw.ssm_key("shared_intermediate_size");
        let shared = self.count(&f, "shared_intermediate_size", Some(1024), 1, MAX_DIM)?;
        let f = self.raw.n_experts.clone();
        let n_experts = self.count(&f, "num_local_experts", Some(8), 0, MAX_DIM)?;
        let ffn = if n_experts == 0 {
            Ffn::Dense(Mlp::new(shared, true, false))
        } else {
            let f = self.raw.top_k.clone();
            let top_k = self.count(&f, "num_experts_per_tok", Some(2), 1, MAX_DIM)?;
            if top_k > n_experts {
                return Err(SpecError::TopKExceedsExperts {
                    top_k_key: self.key_of(&self.raw.top_k, "num_experts_per_tok"),
                    top_k,
                    experts_key: self.key_of(&self.raw.n_experts, "num_local_experts"),
                    experts: n_experts,
                }
                .into());
            }
            let width = match self.d_ff(d)? {
                Some(v) => v,
                None => return Err(self.missing(self.fam.names.d_ff)),
            };
            Ffn::Moe(Moe {
                shared: Some(SharedExperts {
                    count: 1,
                    d_ff: shared,
                    bias: false,
                    gate: false,
                    gated: None,
                }),
                ..Moe::new(n_experts, top_k, Mlp::new(width, true, false))
            })
        };
        let layers = attn_at
            .iter()
            .map(|&is_attn| Layer {
                attn: attention.clone().filter(|_| is_attn),
                mixer: mixer.clone().filter(|_| !is_attn),
                ffn: ffn.clone(),
                ..bare_layer(2)
            })
            .collect();
        Ok(self.ssm_spec(d, vocab, context, tied, grouped(layers)))
    }

    /// Falcon-H1: every layer runs attention and a Mamba-2 mixer side by
    /// side, then a gated MLP, with two norms. The mixer's inner width is
    /// `mamba_d_ssm` (null: `mamba_expand·d_model`); `out_proj`'s bias is
    /// `projectors_bias`, `in_proj`'s `mamba_proj_bias`; the gated RMSNorm
    /// exists only with `mamba_rms_norm`.
    fn falcon_h1(&mut self) -> Result<ModelSpec, ConfigError> {
        let keys = MAMBA_PREFIXED_KEYS;
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let attention = self.hybrid_attention(d)?;
        let mlp = self.hybrid_mlp(d)?;
        let d_inner = match self.raw.ssm_key("mamba_d_ssm") {
            Some(f) if f.value.is_null() => {
                let expand = self.ssm_count(keys.expand, self.ssm_defaults().expand, MAX_DIM)?;
                expand.saturating_mul(d)
            }
            f => self.count(&f, "mamba_d_ssm", Some(1024), 1, MAX_DIM)?,
        };
        let mut mixer = self.mamba2_mixer(&keys, Some(d_inner), "mamba_proj_bias")?;
        let f = self.raw.ssm_key("projectors_bias");
        mixer.out_bias = self.flag(
            &f,
            "projectors_bias",
            false,
            " (no bias on the Mamba-2 out_proj)",
        )?;
        let f = self.raw.ssm_key("mamba_rms_norm");
        mixer.norm = self.flag(
            &f,
            "mamba_rms_norm",
            false,
            " (no gated RMSNorm before the Mamba-2 out_proj)",
        )?;
        let layer = Layer {
            attn: Some(attention),
            mixer: Some(Mixer::Mamba2(mixer)),
            ffn: Ffn::Dense(mlp),
            ..bare_layer(2)
        };
        Ok(self.ssm_spec(
            d,
            vocab,
            context,
            tied,
            vec![LayerGroup::new(n_layers, layer)],
        ))
    }

    /// Nemotron-H's layer pattern: `layers_block_type` (or `layer_types`),
    /// else the `hybrid_override_pattern` string (`M` Mamba-2, `*` attention,
    /// `-` MLP, `E` MoE), else NemotronHConfig's default. Its length is the
    /// number of layers (`num_hidden_layers` is ignored, as transformers does).
    fn nemotron_pattern(&mut self) -> Result<Vec<Block>, ConfigError> {
        let listed = self
            .raw
            .ssm_key("layers_block_type")
            .or(self.raw.layer_types.clone());
        if let Some(field) = listed {
            if let Some(types) = field.string_list()? {
                return types
                    .iter()
                    .enumerate()
                    .map(|(i, t)| match *t {
                        "linear_attention" | "mamba" => Ok(Block::Mamba),
                        "full_attention" | "attention" => Ok(Block::Attention),
                        "moe" => Ok(Block::Moe),
                        "mlp" => Ok(Block::Mlp),
                        other => Err(ConfigError::invalid(
                            &format!("{}[{i}]", field.key),
                            &format!("\"{other}\""),
                            "a Nemotron-H layer is \"mamba\" (or \"linear_attention\"), \
                             \"attention\" (or \"full_attention\"), \"moe\" or \"mlp\"",
                        )),
                    })
                    .collect();
            }
        }
        let (key, pattern) = match self.raw.ssm_key("hybrid_override_pattern") {
            Some(f) if !f.value.is_null() => {
                (f.key, f.string()?.map(str::to_string).unwrap_or_default())
            }
            _ => {
                self.note(
                    "hybrid_override_pattern",
                    format!(
                        "no layer pattern (`layers_block_type` or `hybrid_override_pattern`): \
                         used NemotronHConfig's default, \"{NEMOTRON_H_DEFAULT_PATTERN}\""
                    ),
                );
                (
                    "hybrid_override_pattern",
                    NEMOTRON_H_DEFAULT_PATTERN.to_string(),
                )
            }
        };
        pattern
            .chars()
            .map(|c| match c {
                'M' => Ok(Block::Mamba),
                '*' => Ok(Block::Attention),
                'E' => Ok(Block::Moe),
                '-' => Ok(Block::Mlp),
                other => Err(ConfigError::invalid(
                    key,
                    &format!("\"{}\"", pattern.chars().take(40).collect::<String>()),
                    &format!(
                        "it holds '{other}': each character is one layer, `M` (Mamba-2), `*` \
                         (attention), `-` (MLP) or `E` (MoE)"
                    ),
                )),
            })
            .collect()
    }

    /// Nemotron-H: one block per pattern entry, each a norm and one of a
    /// Mamba-2 mixer, attention, a plain MLP or a (latent) MoE.
    fn nemotron_h(&mut self) -> Result<ModelSpec, ConfigError> {
        let blocks = self.nemotron_pattern()?;
        if blocks.is_empty() {
            return Err(ConfigError::invalid(
                "layers_block_type",
                "[]",
                "a model needs at least 1 layer",
            ));
        }
        let n_layers = blocks.len() as u64;
        if let Some(f) = self.raw.n_layers.clone() {
            if f.uint()?.is_some_and(|n| n != n_layers) {
                self.note(
                    f.key,
                    format!(
                        "`{}` is ignored: NemotronHConfig takes the number of layers from the \
                         layer pattern ({n_layers})",
                        f.key
                    ),
                );
            }
        }
        let d = self.d_model()?;
        let vocab = self.vocab()?;
        let context = self.context()?;
        if Self::quiet_flag(&self.raw.tie_word_embeddings, false)? {
            self.note(
                "tie_word_embeddings",
                "`tie_word_embeddings` is true, but transformers' Nemotron-H never ties the \
                 output head to the embedding: counted it as its own matrix"
                    .into(),
            );
        }
        let has = |b: Block| blocks.contains(&b);
        let mixer = if has(Block::Mamba) {
            let keys = NEMOTRON_H_KEYS;
            Some(Mixer::Mamba2(self.mamba2_mixer(&keys, None, "use_bias")?))
        } else {
            None
        };
        let attention = if has(Block::Attention) {
            Some(self.hybrid_attention(d)?)
        } else {
            None
        };
        let mlp = if has(Block::Mlp) {
            Some(self.hybrid_mlp(d)?)
        } else {
            None
        };
        let moe = if has(Block::Moe) {
            Some(self.nemotron_moe()?)
        } else {
            None
        };
        let layers = blocks
            .iter()
            .map(|b| {
                let mut layer = bare_layer(1);
                match b {
                    Block::Mamba => layer.mixer = mixer.clone(),
                    Block::Attention => layer.attn = attention.clone(),
                    Block::Mlp => layer.ffn = mlp.map_or(Ffn::None, Ffn::Dense),
                    Block::Moe => layer.ffn = moe.map_or(Ffn::None, Ffn::Moe),
                }
                layer
            })
            .collect();
        Ok(self.ssm_spec(d, vocab, context, false, grouped(layers)))
    }

    /// Nemotron-H's MoE: `n_routed_experts` plain (up, down) experts of
    /// `moe_intermediate_size`, top-k routing by a bias-free router, one
    /// shared plain MLP of `moe_shared_expert_intermediate_size`, and with
    /// `moe_latent_size` the projections into and out of that width.
    fn nemotron_moe(&mut self) -> Result<Moe, ConfigError> {
        let f = self.raw.n_experts.clone();
        let n_experts = self.count(&f, "n_routed_experts", Some(8), 1, MAX_DIM)?;
        let f = self.raw.top_k.clone();
        let top_k = self.count(&f, "num_experts_per_tok", Some(2), 1, MAX_DIM)?;
        if top_k > n_experts {
            return Err(SpecError::TopKExceedsExperts {
                top_k_key: self.key_of(&self.raw.top_k, "num_experts_per_tok"),
                top_k,
                experts_key: self.key_of(&self.raw.n_experts, "n_routed_experts"),
                experts: n_experts,
            }
            .into());
        }
        let f = self.raw.moe_d_ff.clone();
        let width = self.count(&f, "moe_intermediate_size", Some(7688), 1, MAX_DIM)?;
        let f = self.raw.ssm_key("moe_shared_expert_intermediate_size");
        let shared = self.count(
            &f,
            "moe_shared_expert_intermediate_size",
            Some(7688),
            1,
            MAX_DIM,
        )?;
        let mlp_bias = self.bias(self.fam.mlp_bias, "MLP")?;
        let latent = match self.raw.ssm_key("moe_latent_size") {
            Some(f) if f.uint()?.is_some() => {
                let f = Some(f);
                let dim = self.count(&f, "moe_latent_size", None, 1, MAX_DIM)?;
                Some(MoeLatent {
                    dim,
                    bias: mlp_bias,
                })
            }
            _ => None,
        };
        Ok(Moe {
            shared: Some(SharedExperts {
                count: 1,
                d_ff: shared,
                bias: mlp_bias,
                gate: false,
                gated: None,
            }),
            latent,
            ..Moe::new(n_experts, top_k, Mlp::new(width, false, false))
        })
    }

    /// A Mamba-2 mixer of inner width `d_inner`, its projections' biases under
    /// `bias_key` (in and out alike).
    fn mamba2_mixer(
        &mut self,
        keys: &SsmKeys,
        d_inner: Option<u64>,
        bias_key: &'static str,
    ) -> Result<Mamba2, ConfigError> {
        let defaults = self.ssm_defaults();
        let n_heads = self.ssm_count(keys.n_heads, defaults.n_heads.max(1), MAX_DIM)?;
        let head_dim = self.ssm_head_dim(keys, defaults, d_inner.unwrap_or(0), n_heads)?;
        let d_inner = d_inner.unwrap_or(n_heads.saturating_mul(head_dim));
        if n_heads.saturating_mul(head_dim) != d_inner {
            let heads_key = keys.n_heads.first().copied().unwrap_or("num_heads");
            let dim_key = keys.head_dim.first().copied().unwrap_or("head_dim");
            return Err(ConfigError::invalid(
                heads_key,
                &n_heads.to_string(),
                &format!(
                    "`{heads_key}` × `{dim_key}` ({n_heads} × {head_dim}) must equal the inner \
                     width ({d_inner}), as the SSD views it as heads of that width: fix one of \
                     them (or the expansion factor)"
                ),
            ));
        }
        let n_groups = self.ssm_count(keys.n_groups, defaults.n_groups, MAX_DIM)?;
        let d_state = self.ssm_count(keys.d_state, defaults.d_state, MAX_DIM)?;
        let d_conv = self.ssm_count(keys.d_conv, defaults.d_conv, MAX_DIM)?;
        let chunk = self.ssm_count(keys.chunk, defaults.chunk, MAX_CONTEXT)?;
        let conv_bias = self.ssm_flag(
            keys.conv_bias,
            defaults.conv_bias,
            " (the convolution has a bias)",
        )?;
        let field = match bias_key {
            "use_bias" => self.raw.use_bias.clone(),
            other => self.raw.ssm_key(other),
        };
        let bias = self.flag(
            &field,
            bias_key,
            defaults.proj_bias,
            " (no biases on in_proj and out_proj)",
        )?;
        Ok(Mamba2 {
            n_heads,
            head_dim,
            n_groups,
            d_state,
            d_conv,
            chunk,
            conv_bias,
            in_bias: bias,
            out_bias: bias,
            norm: true,
        })
    }

    /// The Mamba-2 head width: the key, or `"auto"` (`d_inner / n_heads`).
    fn ssm_head_dim(
        &mut self,
        keys: &SsmKeys,
        defaults: SsmDefaults,
        d_inner: u64,
        n_heads: u64,
    ) -> Result<u64, ConfigError> {
        let auto = d_inner / n_heads.max(1);
        let field = if keys.head_dim == ["head_dim"] {
            self.raw.head_dim.clone().filter(|f| f.key == "head_dim")
        } else {
            self.ssm_field(keys.head_dim)
        };
        let name = keys.head_dim.first().copied().unwrap_or("head_dim");
        match &field {
            Some(f) if f.value.as_str() == Some("auto") => Ok(auto),
            _ => self.count(
                &field,
                name,
                Some(defaults.head_dim.unwrap_or(auto)),
                1,
                MAX_DIM,
            ),
        }
    }

    /// A decoder of the given layer groups with RMSNorm, a final norm and a
    /// plain token embedding.
    fn ssm_spec(
        &self,
        d: u64,
        vocab: u64,
        context: u64,
        tied: bool,
        groups: Vec<LayerGroup>,
    ) -> ModelSpec {
        ModelSpec {
            model_type: self
                .fam
                .types
                .first()
                .copied()
                .unwrap_or("custom")
                .to_string(),
            d_model: d,
            vocab_size: vocab,
            context_len: context,
            head: Some(Head {
                tied,
                ..Head::default()
            }),
            stacks: vec![Stack {
                kind: StackKind::Decoder,
                groups,
                final_norm: true,
                rel_pos_buckets: 0,
            }],
            ..ModelSpec::default()
        }
    }
}

/// A layer of `norms` norms and nothing else yet.
fn bare_layer(norms: u64) -> Layer {
    Layer {
        norms,
        ..Layer::default()
    }
}

/// A layer that is a token mixer and `norms` norms, nothing else.
fn mixer_only(mixer: Mixer, norms: u64) -> Layer {
    Layer {
        mixer: Some(mixer),
        norms,
        ..Layer::default()
    }
}

/// Identical layers merged into groups, in order of first appearance.
fn grouped(layers: Vec<Layer>) -> Vec<LayerGroup> {
    let mut groups: Vec<LayerGroup> = Vec::new();
    for layer in layers {
        match groups.iter_mut().find(|g| g.layer == layer) {
            Some(g) => g.count += 1,
            None => groups.push(LayerGroup::new(1, layer)),
        }
    }
    groups
}
