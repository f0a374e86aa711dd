//! DeepSeek-V4 (`deepseek_v4`), built by its own rules: every layer is
//! single-key/value-head attention over a sliding window whose keys are its values,
//! queries through a latent, a grouped low-rank output projection and a sink per
//! head; most layers add a compressed copy of the keys (CSA: every 4 tokens, two
//! overlapping windows, a lightning indexer keeping `index_topk` entries; HCA:
//! every 128 tokens). Every layer is a mixture of experts with one shared expert;
//! the residual stream is `hc_mult` copies mixed by hyper-connections.

use crate::model::{
    Attention, CompressedIndexer, CompressedKv, Ffn, GroupedOut, HyperConnections, Layer,
    LayerGroup, Mlp, ModelSpec, Moe, QkNorm, SharedExperts, Stack, StackKind, MAX_CONTEXT, MAX_DIM,
};

use super::{Builder, ConfigError, Opt, RawField};

/// `DeepseekV4Config`'s attention types, and the legacy `compress_ratios` that
/// name them.
const SLIDING: &str = "sliding_attention";
const CSA: &str = "compressed_sparse_attention";
const HCA: &str = "heavily_compressed_attention";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sliding,
    Csa,
    Hca,
}

impl Builder<'_> {
    pub(super) fn deepseek_v4(&mut self) -> Result<ModelSpec, ConfigError> {
        let d = self.d_model()?;
        let n_layers = self.n_layers()?;
        let h = self.n_heads()?;
        let head_dim = self.head_dim(self.fam.head_dim, d, h)?;
        let kv = self.raw.n_kv_heads.clone();
        if let Some(v) = kv.as_ref().map(RawField::uint).transpose()?.flatten() {
            if v != 1 {
                self.note(
                    "num_key_value_heads",
                    format!(
                        "`num_key_value_heads` is {v}, but DeepSeek-V4's attention always has one \
                         key/value head (its keys are its values): counted one"
                    ),
                );
            }
        }
        let f = self.raw.q_lora_rank.clone();
        let q_lora = self.count(&f, "q_lora_rank", Some(1024), 1, MAX_DIM)?;
        let f = self.raw.o_groups.clone();
        let groups = self.count(&f, "o_groups", Some(8), 1, MAX_DIM)?;
        let f = self.raw.o_lora_rank.clone();
        let rank = self.count(&f, "o_lora_rank", Some(1024), 1, MAX_DIM)?;
        if !h.saturating_mul(head_dim).is_multiple_of(groups) {
            let key = self.key_of(&self.raw.o_groups, "o_groups");
            return Err(ConfigError::invalid(
                &key,
                &groups.to_string(),
                &format!(
                    "the output projection splits the {} head channels (`num_attention_heads` × \
                     `head_dim`) into `o_groups` equal groups, so it must divide them",
                    h.saturating_mul(head_dim)
                ),
            ));
        }
        let f = self.raw.sliding_window.clone();
        let window = self.count(&f, "sliding_window", Some(128), 1, MAX_CONTEXT)?;
        let kinds = self.v4_layer_kinds(n_layers)?;
        let csa_rate = if kinds.contains(&Kind::Csa) {
            self.v4_rate(&self.raw.compress_rate_csa.clone(), CSA, 4)?
        } else {
            0
        };
        let hca_rate = if kinds.contains(&Kind::Hca) {
            self.v4_rate(&self.raw.compress_rate_hca.clone(), HCA, 128)?
        } else {
            0
        };
        let indexer = if kinds.contains(&Kind::Csa) {
            let f = self.raw.index_n_heads.clone();
            let n_heads = self.count(&f, "index_n_heads", Some(64), 1, MAX_DIM)?;
            let f = self.raw.index_head_dim.clone();
            let head_dim = self.count(&f, "index_head_dim", Some(128), 1, MAX_DIM)?;
            let f = self.raw.index_topk.clone();
            let top_k = self.count(&f, "index_topk", Some(512), 1, MAX_CONTEXT)?;
            Some(CompressedIndexer {
                n_heads,
                head_dim,
                top_k,
            })
        } else {
            None
        };
        let f = self.raw.hc_mult.clone();
        let streams = self.count(&f, "hc_mult", Some(4), 1, 64)?;

        let f = self.raw.n_experts.clone();
        let n_experts = self.count(&f, "n_routed_experts", Some(256), 1, MAX_DIM)?;
        let f = self.raw.top_k.clone();
        let top_k = self.count(&f, "num_experts_per_tok", Some(6), 1, MAX_DIM)?;
        if top_k > n_experts {
            let key = self.key_of(&self.raw.top_k, "num_experts_per_tok");
            return Err(ConfigError::invalid(
                &key,
                &top_k.to_string(),
                &format!("a token cannot pick more experts than there are ({n_experts})"),
            ));
        }
        // `intermediate_size` is an alias of `moe_intermediate_size` here.
        let f = self.raw.moe_d_ff.clone().or(self.raw.d_ff.clone());
        let width = self.count(&f, "moe_intermediate_size", Some(2048), 1, MAX_DIM)?;
        let f = self.raw.mlp_bias.clone();
        let shared_bias = self.flag(&f, "mlp_bias", false, " (no biases in the shared expert)")?;
        if let Some(n) = self
            .raw
            .n_shared_experts
            .as_ref()
            .map(RawField::uint)
            .transpose()?
            .flatten()
            .filter(|&n| n != 1)
        {
            self.note(
                "n_shared_experts",
                format!(
                    "`n_shared_experts` is {n}, but DeepSeek-V4's layers always build one shared \
                     expert: counted one"
                ),
            );
        }
        let vocab = self.vocab()?;
        let context = self.context()?;
        let tied = self.tied()?;
        let mtp_layers = Self::uint_or(&self.raw.mtp_layers, 1)?;

        let moe = Moe {
            shared: Some(SharedExperts {
                count: 1,
                d_ff: width,
                bias: shared_bias,
                gate: false,
                gated: None,
            }),
            ..Moe::new(n_experts, top_k, Mlp::new(width, true, false))
        };
        let base = Attention {
            n_heads: h,
            n_kv_heads: 1,
            head_dim,
            qk_norm: Some(QkNorm::KeyOnly),
            window: Some(window),
            sinks: true,
            v_from_k: true,
            q_lora_rank: Some(q_lora),
            grouped_out: Some(GroupedOut { groups, rank }),
            ..Attention::default()
        };
        let mut groups: Vec<LayerGroup> = Vec::new();
        for kind in kinds {
            let compressed = match kind {
                Kind::Sliding => None,
                Kind::Csa => Some(CompressedKv {
                    rate: csa_rate,
                    overlap: true,
                    indexer,
                }),
                Kind::Hca => Some(CompressedKv {
                    rate: hca_rate,
                    overlap: false,
                    indexer: None,
                }),
            };
            let layer = Layer {
                attn: Some(Attention {
                    compressed,
                    ..base.clone()
                }),
                ffn: Ffn::Moe(moe),
                norms: 2,
                ..Layer::default()
            };
            match groups.iter_mut().find(|g| g.layer == layer) {
                Some(g) => g.count += 1,
                None => groups.push(LayerGroup::new(1, layer)),
            }
        }
        Ok(ModelSpec {
            model_type: "deepseek_v4".into(),
            d_model: d,
            vocab_size: vocab,
            context_len: context,
            norm: self.fam.norm,
            head: Some(self.head(tied, vocab)?),
            stacks: vec![Stack {
                kind: StackKind::Decoder,
                groups,
                final_norm: true,
                rel_pos_buckets: 0,
            }],
            mtp_layers,
            hyper_connections: Some(Box::new(HyperConnections {
                streams,
                outputs: (2 + streams) * streams,
                scales: 3,
                stream_mix: true,
                low_rank: None,
            })),
            ..ModelSpec::default()
        })
    }

    /// Each layer's attention: `layer_types`, else the legacy `compress_ratios`
    /// (0, 4 or 128 per layer), else two HCA layers then CSA and HCA alternating
    /// (CSA on odd layers). A longer list is cut to the layers, as
    /// `DeepseekV4Config` does.
    fn v4_layer_kinds(&mut self, n_layers: u64) -> Result<Vec<Kind>, ConfigError> {
        let len = usize::try_from(n_layers).unwrap_or(usize::MAX);
        let too_short = |key: &str, got: usize| {
            ConfigError::invalid(
                key,
                &format!("a list of {got}"),
                &format!("it needs one entry per layer ({n_layers})"),
            )
        };
        if let Some(f) = &self.raw.layer_types {
            if let Some(list) = f.string_list()? {
                if list.len() < len {
                    return Err(too_short(f.key, list.len()));
                }
                return list
                    .iter()
                    .take(len)
                    .enumerate()
                    .map(|(i, t)| match *t {
                        SLIDING => Ok(Kind::Sliding),
                        CSA => Ok(Kind::Csa),
                        HCA => Ok(Kind::Hca),
                        other => Err(ConfigError::invalid(
                            &format!("{}[{i}]", f.key),
                            &format!("\"{other}\""),
                            &format!(
                                "DeepSeek-V4's layers are \"{SLIDING}\", \"{CSA}\" or \"{HCA}\""
                            ),
                        )),
                    })
                    .collect();
            }
        }
        if let Some(f) = &self.raw.compress_ratios {
            if let Some(list) = f.uint_list()? {
                if list.len() < len {
                    return Err(too_short(f.key, list.len()));
                }
                return list
                    .iter()
                    .take(len)
                    .enumerate()
                    .map(|(i, r)| match r {
                        0 => Ok(Kind::Sliding),
                        4 => Ok(Kind::Csa),
                        128 => Ok(Kind::Hca),
                        other => Err(ConfigError::invalid(
                            &format!("{}[{i}]", f.key),
                            &other.to_string(),
                            "the legacy `compress_ratios` name a layer's attention by 0 \
                             (sliding), 4 (compressed sparse) or 128 (heavily compressed); \
                             the rates themselves are `compress_rates`",
                        )),
                    })
                    .collect();
            }
        }
        Ok((0..n_layers)
            .map(|i| {
                if i >= 2 && i % 2 == 1 {
                    Kind::Csa
                } else {
                    Kind::Hca
                }
            })
            .collect())
    }

    /// A compression rate: the legacy top-level key, else `compress_rates[type]`,
    /// else the default when `compress_rates` is not given (a given dict
    /// replaces the defaults whole).
    fn v4_rate(
        &mut self,
        legacy: &Opt,
        kind: &'static str,
        default: u64,
    ) -> Result<u64, ConfigError> {
        let path: &'static str = if kind == CSA {
            "compress_rates.compressed_sparse_attention"
        } else {
            "compress_rates.heavily_compressed_attention"
        };
        if let Some(f) = &self.raw.compress_rates {
            if !matches!(
                f.value,
                serde_json::Value::Object(_) | serde_json::Value::Null
            ) {
                return Err(ConfigError::WrongType {
                    key: f.key.into(),
                    found: super::super::json::describe(&f.value),
                    expected: format!("an object such as {{\"{CSA}\": 4, \"{HCA}\": 128}}"),
                });
            }
        }
        let rate_check = |b: &mut Self, f: &Opt, name: &str| -> Result<Option<u64>, ConfigError> {
            match f.as_ref().map(RawField::uint).transpose()?.flatten() {
                Some(_) => b.count(f, name, None, 1, MAX_CONTEXT).map(Some),
                None => Ok(None),
            }
        };
        if let Some(v) = rate_check(self, legacy, kind)? {
            return Ok(v);
        }
        let dict_given = self
            .raw
            .compress_rates
            .as_ref()
            .is_some_and(|f| f.value.is_object());
        let nested = self.raw.nested("compress_rates", kind, path);
        if let Some(v) = rate_check(self, &nested, path)? {
            return Ok(v);
        }
        if dict_given {
            return Err(ConfigError::Missing {
                key: path.into(),
                why: format!(
                    "the config has \"{kind}\" layers and gives `compress_rates` without their \
                     rate (a given `compress_rates` replaces DeepseekV4Config's defaults whole)"
                ),
            });
        }
        let text = format!("`{path}` missing: used DeepseekV4Config's default, {default}");
        self.note(path, text);
        Ok(default)
    }
}
