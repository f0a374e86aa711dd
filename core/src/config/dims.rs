//! Plain dimensions ([`Dims`]) to a [`ModelSpec`]: the other way a spec is
//! built, for a model without a `config.json` (typed by hand, or from a paper).
//!
//! It reads no Hugging Face keys; its errors name the dimensions as [`Dims`]
//! does (`d_model`, `n_heads`).

use crate::model::{
    positive, Attention, Dims, Embeddings, Ffn, Head, Layer, LayerGroup, Mlp, ModelSpec, Moe,
    SharedExperts, SpecError, Stack, StackKind,
};
use crate::params;

use super::ConfigError;

/// Builds a decoder-only spec from plain dimensions, validated like a config
/// (the manual-dimensions form, the models known from papers).
///
/// Each layer has pre-attention and pre-MLP norms and the stack a final norm
/// (two per layer plus one, as GPT-2/GPT-3 and Llama).
pub fn from_dims(d: &Dims) -> Result<ModelSpec, ConfigError> {
    let n_heads = d.n_heads;
    positive("n_heads", n_heads)?;
    positive("d_model", d.d_model)?;
    let head_dim = match d.head_dim {
        Some(h) => h,
        None => {
            if !d.d_model.is_multiple_of(n_heads) {
                return Err(SpecError::HeadsDoNotDivide {
                    width_key: "d_model".into(),
                    width: d.d_model,
                    heads_key: "n_heads".into(),
                    heads: n_heads,
                }
                .into());
            }
            d.d_model / n_heads
        }
    };
    let mlp = Mlp::new(d.d_ff, d.gated_mlp, d.biases);
    let ffn = match d.moe {
        None => Ffn::Dense(mlp),
        Some(m) => Ffn::Moe(Moe {
            shared: (m.n_shared > 0).then_some(SharedExperts {
                count: m.n_shared,
                d_ff: d.d_ff,
                bias: d.biases,
                gate: false,
                gated: None,
            }),
            ..Moe::new(m.n_experts, m.top_k, mlp)
        }),
    };
    let layer = Layer {
        attn: Some(Attention {
            n_heads,
            n_kv_heads: d.n_kv_heads.unwrap_or(n_heads),
            head_dim,
            qkv_bias: d.biases,
            o_bias: d.biases,
            ..Attention::default()
        }),
        ffn,
        norms: 2,
        parallel: d.parallel,
        ..Layer::default()
    };
    let spec = ModelSpec {
        model_type: "custom".into(),
        d_model: d.d_model,
        vocab_size: d.vocab_size,
        context_len: d.context_len,
        norm: d.norm,
        embed: Embeddings {
            positions: if d.learned_positions {
                d.context_len
            } else {
                0
            },
            ..Embeddings::default()
        },
        head: Some(Head {
            tied: d.tied_embeddings,
            ..Head::default()
        }),
        stacks: vec![Stack {
            kind: StackKind::Decoder,
            groups: vec![LayerGroup::new(d.n_layers, layer)],
            final_norm: true,
            rel_pos_buckets: 0,
        }],
        ..ModelSpec::default()
    };
    params::validate(&spec)?;
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::DimsMoe;

    fn gpt3() -> Dims {
        crate::papers::find("gpt3-175b")
            .expect("GPT-3 175B is a paper model")
            .dims
    }

    #[test]
    fn from_dims_fills_head_dim_and_kv_heads() {
        let spec = from_dims(&gpt3()).unwrap();
        assert_eq!(spec.head_dim(), 128);
        assert_eq!(spec.n_kv_heads(), 96);
        assert_eq!(spec.n_layers(), 96);
        assert_eq!(spec.d_ff(), 49152);
        assert_eq!(spec.embed.positions, 2048);
    }

    #[test]
    fn from_dims_rejects_heads_that_do_not_divide_d_model() {
        let dims = Dims {
            d_model: 4095,
            ..Dims::default()
        };
        let err = from_dims(&dims).unwrap_err().to_string();
        assert!(err.contains("`d_model` (4095)"), "{err}");
        assert!(err.contains("`n_heads` (32)"), "{err}");
    }

    #[test]
    fn from_dims_rejects_zero_layers_and_absurd_widths() {
        let zero = Dims {
            n_layers: 0,
            ..Dims::default()
        };
        assert!(from_dims(&zero)
            .unwrap_err()
            .to_string()
            .contains("n_layers"));
        let huge = Dims {
            d_model: 1 << 30,
            n_heads: 1 << 10,
            ..Dims::default()
        };
        assert!(from_dims(&huge)
            .unwrap_err()
            .to_string()
            .contains("d_model"));
    }

    #[test]
    fn from_dims_rejects_top_k_above_experts() {
        let dims = Dims {
            moe: Some(DimsMoe {
                n_experts: 8,
                top_k: 9,
                n_shared: 0,
            }),
            ..Dims::default()
        };
        let err = from_dims(&dims).unwrap_err().to_string();
        assert!(err.contains("9") && err.contains("8"), "{err}");
    }

    #[test]
    fn spec_round_trips_through_json() {
        let spec = from_dims(&gpt3()).unwrap();
        let text = serde_json::to_string(&spec).unwrap();
        let back: ModelSpec = serde_json::from_str(&text).unwrap();
        assert_eq!(back, spec);
    }
}
