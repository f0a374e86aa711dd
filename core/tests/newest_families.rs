//! The newest dense families and the odd dense designs: Gemma 3n and Gemma 4's
//! per-layer structure, composite configs, and the parts only one family has.
//! (Exactness against PyTorch is `family_checks.rs`; these pin the behaviour
//! each part has and the refusals.)

use flopcast_core::config::parse_config;
use flopcast_core::flops::{forward_flops_per_token, Convention, FlopBreakdown};
use flopcast_core::link::{decode, encode};
use flopcast_core::model::{Ffn, ModelSpec, NormKind, QkNorm, StackKind};
use flopcast_core::params::count_params;
use flopcast_core::scenario::{ModelChoice, Scenario};

fn spec(json: &str) -> ModelSpec {
    match parse_config(json) {
        Ok(p) => p.spec,
        Err(e) => panic!("{json}: {e}"),
    }
}

fn refusal(json: &str) -> String {
    match parse_config(json) {
        Ok(p) => panic!("{json} was accepted: {:?}", p.spec),
        Err(e) => e.to_string(),
    }
}

fn term(b: &FlopBreakdown, key: &str) -> f64 {
    b.terms
        .iter()
        .find(|t| t.key == key)
        .map_or(0.0, |t| t.flops)
}

/// The default config of a family, as `core/data/family_checks/<model_type>.json`
/// records it (the config PyTorch's counts there were measured on).
fn family_default(model_type: &str) -> ModelSpec {
    let file = format!("{model_type}__default.json");
    spec(&super::family_checks::case_config(model_type, &file).to_string())
}

const GEMMA4_SMALL: &str = r#""hidden_size": 256, "num_hidden_layers": 6, "num_attention_heads": 4,
    "num_key_value_heads": 2, "head_dim": 64, "intermediate_size": 512, "vocab_size": 4000,
    "vocab_size_per_layer_input": 3000, "hidden_size_per_layer_input": 32,
    "layer_types": ["sliding_attention", "sliding_attention", "full_attention",
                    "sliding_attention", "sliding_attention", "full_attention"]"#;

#[test]
fn gemma4_global_head_dim_and_per_layer_config_describe_the_same_model() {
    let global = spec(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "global_head_dim": 96}}"#
    ));
    let listed = spec(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL},
            "per_layer_config": {{"2": {{"head_dim": 96}}, "5": {{"head_dim": 96}}}}}}"#
    ));
    assert_eq!(count_params(&global).total, count_params(&listed).total);
    let heads: Vec<u64> = global.stacks[0]
        .groups
        .iter()
        .filter_map(|g| g.layer.attn.as_ref().map(|a| a.head_dim))
        .collect();
    assert!(heads.contains(&64) && heads.contains(&96), "{heads:?}");
}

/// Keys of `per_layer_config` other than the head width and key/value heads
/// change nothing: one note names each of them once.
#[test]
fn per_layer_config_keys_the_layers_do_not_read_are_named_once() {
    let plain = parse_config(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL},
            "per_layer_config": {{"2": {{"head_dim": 96}}, "5": {{"head_dim": 96}}}}}}"#
    ))
    .expect("parses");
    let extra = parse_config(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL},
            "per_layer_config": {{"2": {{"head_dim": 96, "rope_theta": 1e6, "window": 64}},
                                  "5": {{"head_dim": 96, "rope_theta": 1e6, "window": 64}}}}}}"#
    ))
    .expect("parses");
    assert_eq!(plain.spec, extra.spec);
    let notes: Vec<&str> = extra
        .assumptions
        .iter()
        .filter(|a| a.key.as_deref() == Some("per_layer_config"))
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("also sets `rope_theta`, `window`:"),
        "{}",
        notes[0]
    );
}

#[test]
fn per_layer_config_that_differs_within_one_layer_kind_is_refused() {
    let err = refusal(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL},
            "per_layer_config": {{"2": {{"head_dim": 96}}, "5": {{"head_dim": 32}}}}}}"#
    ));
    assert!(err.contains("per_layer_config"), "{err}");
    assert!(err.contains("full-attention"), "{err}");
}

#[test]
fn per_layer_config_widths_and_head_counts_of_zero_are_refused_by_path() {
    for key in ["head_dim", "num_key_value_heads"] {
        let err = refusal(&format!(
            r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL},
                "per_layer_config": {{"2": {{"{key}": 0}}, "5": {{"{key}": 0}}}}}}"#
        ));
        assert!(err.contains(&format!("per_layer_config.2.{key}")), "{err}");
        assert!(err.contains("from 1 to"), "{err}");
    }
}

#[test]
fn per_layer_config_for_a_layer_past_the_last_is_refused() {
    // Six layers: "5" is the last one, "6" names no layer.
    let err = refusal(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL},
            "per_layer_config": {{"2": {{"head_dim": 96}}, "5": {{"head_dim": 96}},
                                  "6": {{"head_dim": 96}}}}}}"#
    ));
    assert!(err.contains("per_layer_config"), "{err}");
    assert!(err.contains("layer indices below 6"), "{err}");
}

#[test]
fn kv_shared_layers_have_no_key_or_value_projections() {
    let plain = spec(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "global_head_dim": 64}}"#
    ));
    let shared = spec(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "global_head_dim": 64,
            "num_kv_shared_layers": 2}}"#
    ));
    // Two layers lose k and v (256·2·64 each) and the key norm (64).
    let saved = 2 * (2 * 256 * 2 * 64 + 64);
    assert_eq!(
        count_params(&plain).total - count_params(&shared).total,
        saved
    );
    let attn = |s: &ModelSpec| {
        term(
            &forward_flops_per_token(s, 64, Convention::Dense),
            "attention_proj",
        )
    };
    assert_eq!(
        attn(&plain) - attn(&shared),
        2.0 * 2.0 * 256.0 * 2.0 * 2.0 * 64.0
    );
    // Gemma4TextConfig lets every layer share ("reuse" on all of them), and
    // PyTorch then builds no layer's k and v: 393,600 parameters fewer on the
    // meta device (5,295,136 and 4,901,536).
    let all = spec(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "global_head_dim": 64,
            "num_kv_shared_layers": 6}}"#
    ));
    assert_eq!(count_params(&plain).total, 5_295_136);
    assert_eq!(count_params(&all).total, 4_901_536);
}

#[test]
fn kv_sharing_without_an_earlier_layer_of_the_same_kind_is_refused() {
    let err = refusal(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "num_kv_shared_layers": 4}}"#
    ));
    assert!(err.contains("num_kv_shared_layers"), "{err}");
}

#[test]
fn global_key_value_heads_that_do_not_divide_the_heads_are_refused_by_name() {
    // 3 key/value heads cannot serve 4 query heads; 1 can.
    let with = |kv: u64| {
        format!(
            r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "attention_k_eq_v": true,
                "num_global_key_value_heads": {kv}}}"#
        )
    };
    let err = refusal(&with(3));
    assert!(err.contains("num_global_key_value_heads"), "{err}");
    let kv: Vec<u64> = spec(&with(1)).stacks[0]
        .groups
        .iter()
        .filter_map(|g| g.layer.attn.as_ref().map(|a| a.n_kv_heads))
        .collect();
    // The sliding layers keep `num_key_value_heads` (2); the full ones take 1.
    assert!(kv.contains(&2) && kv.contains(&1), "{kv:?}");
}

#[test]
fn gemma4_experts_run_beside_the_mlp_every_token_uses() {
    let moe = spec(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "hidden_size_per_layer_input": 0,
            "enable_moe_block": true, "num_experts": 8, "top_k_experts": 2,
            "moe_intermediate_size": 64}}"#
    ));
    assert!(moe.per_layer_inputs.is_none());
    let Ffn::Moe(m) = &moe.stacks[0].groups[0].layer.ffn else {
        panic!("no experts")
    };
    assert!(m.router_scales);
    assert_eq!(m.shared.map(|s| s.d_ff), Some(512));
    let p = count_params(&moe);
    // Six layers keep 2 of 8 experts of 3·256·64.
    assert_eq!(p.total - p.active, 6 * 6 * 3 * 256 * 64);
}

#[test]
fn gemma3n_lists_one_mlp_width_per_layer() {
    let base = r#""model_type": "gemma3n_text", "hidden_size": 256, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 64, "vocab_size": 4000,
        "num_kv_shared_layers": 0, "layer_types": ["sliding_attention", "sliding_attention", "full_attention"]"#;
    let listed = spec(&format!(
        r#"{{{base}, "intermediate_size": [512, 768, 512]}}"#
    ));
    let widths: Vec<u64> = listed.stacks[0]
        .groups
        .iter()
        .map(|g| match &g.layer.ffn {
            Ffn::Dense(m) => m.d_ff,
            Ffn::Moe(_) | Ffn::None => 0,
        })
        .collect();
    assert!(widths.contains(&512) && widths.contains(&768), "{widths:?}");
    assert_eq!(listed.altup_inputs, 4);
    assert_eq!(listed.stacks[0].groups[0].layer.laurel_rank, 64);
    let err = refusal(&format!(r#"{{{base}, "intermediate_size": [512, 768]}}"#));
    assert!(
        err.contains("intermediate_size") && err.contains('3'),
        "{err}"
    );
}

#[test]
fn gemma3n_laurel_and_altup_cost_what_pytorchs_counter_sees() {
    // Gemma 3n's default: d 2048, 35 layers, LAuReL rank 64, AltUp over n = 4
    // copies. PyTorch's counter per module, S = 1 (the module breakdown of
    // scripts/ground_truth/family_flops.py):
    // - laurel.linear_left and linear_right 9,175,040 each = 35·2·2048·64;
    // - AltUp in the layers: modality_router 1,146,880 = 35·2·(2·2048·4) (run
    //   by predict and correct), prediction_coefs 4,480 = 35·2·4·16,
    //   correction_coefs 1,120 = 35·2·4·4, and the mix of the copies in the
    //   layer itself 2,293,760 = 35·2·2048·16;
    // - the model's altup_projections and altup_unembed_projections
    //   25,165,824 each = 2·3·2048².
    let b = forward_flops_per_token(&family_default("gemma3n_text"), 1, Convention::Dense);
    assert_eq!(term(&b, "laurel"), 2.0 * 9_175_040.0);
    assert_eq!(
        term(&b, "altup"),
        1_146_880.0 + 4_480.0 + 1_120.0 + 2_293_760.0 + 2.0 * 25_165_824.0
    );
}

#[test]
fn a_composite_config_counts_its_language_model_as_the_text_config_does() {
    let text = format!(r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}}}"#);
    let composite = format!(
        r#"{{"model_type": "gemma4", "tie_word_embeddings": true,
            "vision_config": {{"model_type": "gemma4_vision", "hidden_size": 64,
                               "num_hidden_layers": 2}},
            "text_config": {text}}}"#
    );
    let parsed = parse_config(&composite).expect("the composite parses");
    assert_eq!(
        count_params(&parsed.spec).total,
        count_params(&spec(&text)).total
    );
    assert!(parsed.spec.vision_tower);
}

#[test]
fn a_composite_ties_its_head_by_the_outer_config() {
    let text = r#"{"model_type": "cohere_compass_text", "hidden_size": 256,
        "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 4,
        "head_dim": 64, "intermediate_size": 512, "vocab_size": 4000,
        "tie_word_embeddings": true}"#;
    let untied = parse_config(&format!(
        r#"{{"model_type": "cohere_compass", "tie_word_embeddings": false, "text_config": {text}}}"#
    ))
    .expect("the composite parses");
    assert_eq!(
        count_params(&untied.spec).total - count_params(&spec(text)).total,
        4000 * 256
    );
    assert!(untied
        .assumptions
        .iter()
        .any(|a| a.text.contains("outer model")));
}

#[test]
fn stablelm_qk_layernorm_is_one_bias_free_norm_per_head() {
    let base = r#""model_type": "stablelm", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
        "vocab_size": 4000"#;
    let plain = spec(&format!("{{{base}}}"));
    let normed = spec(&format!(r#"{{{base}, "qk_layernorm": true}}"#));
    let attn = normed.stacks[0].groups[0]
        .layer
        .attn
        .clone()
        .expect("attention");
    assert_eq!(attn.qk_norm, Some(QkNorm::EachHead));
    assert_eq!(attn.qk_norm_kind, Some(NormKind::LayerNormNoBias));
    // (4 query + 2 key heads) · 64 scales, in each of 2 layers.
    assert_eq!(
        count_params(&normed).total - count_params(&plain).total,
        2 * 6 * 64
    );
    let parallel = spec(&format!(r#"{{{base}, "use_parallel_residual": true}}"#));
    assert!(parallel.stacks[0].groups[0].layer.parallel);
    // One LayerNorm (scale and bias) fewer per layer.
    assert_eq!(
        count_params(&plain).total - count_params(&parallel).total,
        2 * 2 * 256
    );
}

#[test]
fn differential_attention_computes_two_attention_maps() {
    let base = r#""model_type": "diffllama", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 4000"#;
    let s = spec(&format!(r#"{{{base}, "num_key_value_heads": 2}}"#));
    let llama = spec(
        r#"{"model_type": "llama", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
            "vocab_size": 4000}"#,
    );
    // The λ vectors: 4 of head_dim (64) per layer.
    assert_eq!(
        count_params(&s).total - count_params(&llama).total,
        2 * 4 * 64
    );
    let core = |m: &ModelSpec| {
        term(
            &forward_flops_per_token(m, 128, Convention::Dense),
            "attention_core",
        )
    };
    assert_eq!(core(&s), 2.0 * core(&llama));
    let err = refusal(&format!(r#"{{{base}, "num_key_value_heads": 1}}"#));
    assert!(
        err.contains("num_key_value_heads") && err.contains("even"),
        "{err}"
    );
}

#[test]
fn bidirectional_gemma4_attends_without_a_causal_mask() {
    let s = spec(&format!(
        r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "use_bidirectional_attention": "all"}}"#
    ));
    assert_eq!(s.stacks[0].kind, StackKind::Encoder);
}

/// Gemma3nTextConfig has no `use_bidirectional_attention` (Gemma 3's and 4's
/// classes do), and Gemma 3n's text model always builds a causal mask: the key
/// changes nothing there.
#[test]
fn gemma3n_stays_causal_whatever_use_bidirectional_attention_says() {
    let plain = spec(r#"{"model_type": "gemma3n_text"}"#);
    let keyed = spec(r#"{"model_type": "gemma3n_text", "use_bidirectional_attention": "all"}"#);
    assert_eq!(keyed.stacks[0].kind, StackKind::Decoder);
    assert_eq!(keyed, plain);
}

#[test]
fn specs_with_the_new_structure_survive_a_link() {
    let configs = [
        format!(
            r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "num_kv_shared_layers": 2,
                "use_double_wide_mlp": true, "attention_k_eq_v": true, "num_global_key_value_heads": 1,
                "enable_moe_block": true, "num_experts": 8, "top_k_experts": 2,
                "moe_intermediate_size": 64}}"#
        ),
        r#"{"model_type": "gemma3n_text"}"#.to_string(),
        r#"{"model_type": "modernbert-decoder"}"#.to_string(),
        r#"{"model_type": "doge", "is_moe": true, "num_experts": 50, "num_experts_per_tok": 4}"#
            .to_string(),
        r#"{"model_type": "bitnet"}"#.to_string(),
        r#"{"model_type": "diffllama"}"#.to_string(),
        r#"{"model_type": "stablelm", "qk_layernorm": true}"#.to_string(),
        r#"{"model_type": "apertus1p5_text", "output_vocab_size": 131072}"#.to_string(),
        r#"{"model_type": "apertus"}"#.to_string(),
    ];
    for config in configs {
        let scenario = Scenario {
            model: ModelChoice::custom(spec(&config)),
            ..Scenario::default()
        };
        let decoded = decode(&encode(&scenario));
        assert_eq!(decoded.notices, vec![], "{config}");
        assert_eq!(decoded.scenario, scenario, "{config}");
    }
}

#[test]
fn gemma4_draft_models_are_refused_rather_than_counted_as_their_text_model() {
    let err = refusal(&format!(
        r#"{{"model_type": "gemma4_assistant", "backbone_hidden_size": 1536,
            "text_config": {{"model_type": "gemma4_text", {GEMMA4_SMALL},
                             "hidden_size_per_layer_input": 0, "num_kv_shared_layers": 6}}}}"#
    ));
    assert!(
        err.contains("gemma4_assistant") && err.contains("draft"),
        "{err}"
    );
}

#[test]
fn the_byte_latent_transformer_is_refused_not_counted() {
    // Its four sub-networks sit in sub-configs; nothing is read as a decoder.
    assert!(parse_config(r#"{"model_type": "blt", "vocab_size": 260}"#).is_err());
}

/// EXAONE-MoE's attention takes `getattr(config, "head_dim", hidden_size //
/// num_attention_heads)` (ExaoneMoeConfig writes no `head_dim`): a width the
/// heads do not divide is floored.
#[test]
fn exaone_moe_floors_its_head_width_when_the_config_gives_none() {
    let s = spec(
        r#"{"model_type": "exaone_moe", "hidden_size": 250, "num_attention_heads": 4, "num_key_value_heads": 2}"#,
    );
    assert_eq!((s.n_heads(), s.head_dim()), (4, 62));
    let given = spec(
        r#"{"model_type": "exaone_moe", "hidden_size": 250, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64}"#,
    );
    assert_eq!(given.head_dim(), 64);
}

/// GPT-NeoX-Japanese's MLP is `int(hidden_size × intermediate_multiple_size)`
/// wide (GPTNeoXJapaneseMLP), read under that key.
#[test]
fn gpt_neox_japanese_reads_its_mlp_width_as_a_multiple_of_the_model() {
    let s = spec(
        r#"{"model_type": "gpt_neox_japanese", "hidden_size": 256, "num_attention_heads": 4,
        "num_hidden_layers": 2, "intermediate_multiple_size": 2, "vocab_size": 1000}"#,
    );
    assert_eq!(s.d_ff(), 512);
    // Left out, the default (4) is named under the same key.
    let bare = parse_config(r#"{"model_type": "gpt_neox_japanese"}"#).expect("parses");
    assert!(
        bare.assumptions
            .iter()
            .any(|a| a.key.as_deref() == Some("intermediate_multiple_size")),
        "{:?}",
        bare.assumptions
    );
}

/// Gemma 4's experts may all be routed to (top-k = experts), not more.
#[test]
fn gemma4_may_route_to_every_expert_but_not_to_more() {
    let gemma4 = |top_k: u64| {
        parse_config(&format!(
            r#"{{"model_type": "gemma4_text", {GEMMA4_SMALL}, "enable_moe_block": true,
            "num_experts": 4, "top_k_experts": {top_k}, "moe_intermediate_size": 64}}"#
        ))
    };
    let all = gemma4(4).expect("top-4 of 4");
    let p = count_params(&all.spec);
    assert_eq!(p.active, p.total);
    let err = gemma4(5).expect_err("top-5 of 4").to_string();
    assert!(err.contains("top_k_experts"), "{err}");
}
