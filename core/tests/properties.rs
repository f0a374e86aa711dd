//! Invariants over generated models and generated configs.

use crate::close;
use flopcast_core::config::{from_dims, parse_config};
use flopcast_core::flops::{forward_flops_per_token, training_flops, Convention, NBasis};
use flopcast_core::model::{Dims, DimsMoe, ModelSpec, NormKind};
use flopcast_core::params::{count_params, validate};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

prop_compose! {
    fn moe()(n_experts in 1u64..64, pick in 0u64..64, n_shared in 0u64..3) -> DimsMoe {
        DimsMoe { n_experts, top_k: 1 + pick % n_experts, n_shared }
    }
}

prop_compose! {
    fn dims()(
        n_layers in 1u64..48,
        heads_log in 0u32..6,
        kv_shift in 0u32..6,
        head_dim in prop::sample::select(vec![16u64, 64, 80, 128]),
        d_ff in 1u64..20_000,
        vocab_size in 1u64..300_000,
        context_len in 1u64..200_000,
        gated_mlp: bool,
        tied_embeddings: bool,
        biases: bool,
        learned_positions: bool,
        moe in proptest::option::of(moe()),
    ) -> Dims {
        let n_heads = 1u64 << heads_log;
        Dims {
            n_layers,
            d_model: n_heads * head_dim,
            n_heads,
            n_kv_heads: Some(n_heads >> kv_shift.min(heads_log)),
            head_dim: None,
            d_ff,
            vocab_size,
            context_len: if learned_positions { context_len.min(1 << 20) } else { context_len },
            gated_mlp,
            tied_embeddings,
            biases,
            learned_positions,
            norm: NormKind::LayerNorm,
            parallel: false,
            moe,
        }
    }
}

fn fixture_specs() -> Vec<ModelSpec> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/configs");
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(dir).expect("configs dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("readable");
            specs.push(parse_config(&text).expect("fixture parses").spec);
        }
    }
    specs
}

proptest! {
    #[test]
    fn dense_flops_grow_with_sequence_length(d in dims(), s in 1u64..100_000, extra in 1u64..100_000) {
        let spec = from_dims(&d).unwrap();
        let short = forward_flops_per_token(&spec, s, Convention::Dense).total;
        let long = forward_flops_per_token(&spec, s + extra, Convention::Dense).total;
        prop_assert!(long > short);
    }

    #[test]
    fn six_n_is_flat_in_sequence_length(d in dims(), s in 1u64..100_000, t in 1u64..100_000) {
        let spec = from_dims(&d).unwrap();
        for basis in NBasis::ALL {
            let c = Convention::SixN(basis);
            prop_assert_eq!(forward_flops_per_token(&spec, s, c).total, forward_flops_per_token(&spec, t, c).total);
        }
    }

    #[test]
    fn causal_never_exceeds_dense(d in dims(), s in 1u64..200_000, window in proptest::option::of(1u64..10_000)) {
        let mut spec = from_dims(&d).unwrap();
        if let Some(a) = spec.stacks[0].groups[0].layer.attn.as_mut() {
            a.window = window;
        }
        let dense = forward_flops_per_token(&spec, s, Convention::Dense).total;
        let causal = forward_flops_per_token(&spec, s, Convention::Causal).total;
        prop_assert!(causal <= dense * (1.0 + 1e-12));
    }

    #[test]
    fn every_figure_is_finite_and_positive(d in dims(), s in 1u64..1_000_000) {
        let spec = from_dims(&d).unwrap();
        let p = count_params(&spec);
        prop_assert!(p.total > 0 && p.active > 0 && p.active <= p.total);
        prop_assert_eq!(p.breakdown.total(), p.total);
        prop_assert_eq!(p.non_embedding + p.embedding, p.total);
        for conv in Convention::ALL {
            let b = forward_flops_per_token(&spec, s, conv);
            prop_assert!(b.total.is_finite() && b.total > 0.0, "{:?}: {}", conv, b.total);
            for t in &b.terms {
                prop_assert!(t.flops.is_finite() && t.flops >= 0.0, "{:?} {}", conv, t.key);
            }
            let sum: f64 = b.terms.iter().map(|t| t.flops).sum();
            prop_assert!(close(sum, b.total, 1e-12));
        }
    }

    #[test]
    fn twice_the_tokens_cost_twice_the_flops(d in dims(), tokens in 1.0f64..1e15, recompute: bool) {
        let spec = from_dims(&d).unwrap();
        for conv in Convention::ALL {
            let once = training_flops(&spec, 2048, conv, recompute, tokens);
            let twice = training_flops(&spec, 2048, conv, recompute, 2.0 * tokens);
            prop_assert!(close(twice.model_flops, 2.0 * once.model_flops, 1e-12));
            prop_assert!(close(twice.hardware_flops, 2.0 * once.hardware_flops, 1e-12));
            prop_assert!(once.hardware_flops >= once.model_flops);
        }
    }

    #[test]
    fn specs_round_trip_through_json(d in dims()) {
        let spec = from_dims(&d).unwrap();
        let text = serde_json::to_string(&spec).unwrap();
        let back: ModelSpec = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, spec);
    }

    #[test]
    fn fixture_models_keep_their_invariants_at_any_length(s in 1u64..300_000) {
        for spec in fixture_specs() {
            let dense = forward_flops_per_token(&spec, s, Convention::Dense).total;
            let causal = forward_flops_per_token(&spec, s, Convention::Causal).total;
            let kaplan = forward_flops_per_token(&spec, s, Convention::Kaplan).total;
            prop_assert!(causal <= dense && causal > 0.0 && kaplan > 0.0, "{}", spec.model_type);
            prop_assert!(dense.is_finite());
        }
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let _ = parse_config(&text);
    }

    #[test]
    fn parsing_arbitrary_values_for_known_keys_never_panics(
        model_type in prop::sample::select(vec![
            "llama", "gpt2", "opt", "falcon", "qwen2_moe", "qwen3_moe", "deepseek_v3", "deepseek_v2",
            "gpt_oss", "t5", "bert", "mllama", "chatglm", "gemma3_text", "phi", "bloom", "unknown_lm",
        ]),
        entries in prop::collection::vec((key(), value()), 0..12),
    ) {
        let mut map = Map::new();
        map.insert("model_type".into(), Value::String(model_type.into()));
        for (k, v) in entries {
            map.insert(k.into(), v);
        }
        let text = Value::Object(map).to_string();
        if let Ok(parsed) = parse_config(&text) {
            prop_assert!(validate(&parsed.spec).is_ok());
            let p = count_params(&parsed.spec);
            prop_assert!(p.total > 0 && p.active <= p.total);
            for conv in Convention::ALL {
                let b = forward_flops_per_token(&parsed.spec, 4096, conv);
                prop_assert!(b.total.is_finite() && b.total >= 0.0);
            }
        }
    }
}

fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "hidden_size",
        "n_embd",
        "d_model",
        "num_hidden_layers",
        "num_layers",
        "num_attention_heads",
        "num_key_value_heads",
        "multi_query_group_num",
        "multi_query_attention",
        "head_dim",
        "kv_channels",
        "intermediate_size",
        "n_inner",
        "ffn_hidden_size",
        "vocab_size",
        "padded_vocab_size",
        "max_position_embeddings",
        "tie_word_embeddings",
        "attention_bias",
        "num_local_experts",
        "num_experts",
        "n_routed_experts",
        "num_experts_per_tok",
        "moe_intermediate_size",
        "n_shared_experts",
        "shared_expert_intermediate_size",
        "first_k_dense_replace",
        "moe_layer_freq",
        "decoder_sparse_step",
        "mlp_only_layers",
        "q_lora_rank",
        "kv_lora_rank",
        "qk_rope_head_dim",
        "qk_nope_head_dim",
        "v_head_dim",
        "sliding_window",
        "layer_types",
        "use_sliding_window",
        "max_window_layers",
        "sliding_window_pattern",
        "cross_attention_layers",
        "num_decoder_layers",
        "feed_forward_proj",
        "type_vocab_size",
        "word_embed_proj_dim",
        "new_decoder_architecture",
        "num_ln_in_parallel_attn",
        "text_config",
        "vision_config",
    ])
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u64..8).prop_map(Value::from),
        (1u64..5000).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        "[a-z_]{0,12}".prop_map(Value::String),
        Just(json!([0, 1, 2])),
        Just(json!(["sliding_attention", "full_attention"])),
        Just(json!({"hidden_size": 64, "num_hidden_layers": 2})),
        Just(json!({})),
    ]
}
