//! Linear-attention, convolution and recurrent token mixers (`Mixer::DeltaNet`,
//! `Lightning`, `ShortConv`, `RgLru`, `Rwkv`, `MLstm`) and their hybrids, read
//! from real configs: the Qwen3-Next-80B-A3B preset, composite Qwen3.5 configs,
//! the recurrent state that replaces a KV cache, the derived scan terms of the
//! conventions other than `dense`, and links that carry these mixers. (Each
//! family's exact counts against PyTorch are in `family_checks.rs`.)

use flopcast_core::config::parse_config;
use flopcast_core::flops::{forward_flops_per_token, Convention, FlopBreakdown, NBasis};
use flopcast_core::link::{decode, encode};
use flopcast_core::memory::recurrent_state;
use flopcast_core::model::{Decay, Mixer, ModelSpec};
use flopcast_core::params::count_params;
use flopcast_core::presets::PRESETS;
use flopcast_core::scenario::{ModelChoice, Scenario};
use serde_json::{json, Value};

fn preset(id: &str) -> ModelSpec {
    let p = PRESETS
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no preset {id}"));
    parse_config(p.config).expect("the preset parses").spec
}

/// The default config of a family, as its fixture file records it.
fn family_default(model_type: &str) -> Value {
    family_case(model_type, &format!("{model_type}__default.json"))
}

use super::family_checks::case_config as family_case;

fn spec_of(config: &Value) -> ModelSpec {
    parse_config(&config.to_string()).expect("parses").spec
}

fn mixers(spec: &ModelSpec) -> Vec<(u64, Mixer)> {
    spec.stacks
        .iter()
        .flat_map(|s| &s.groups)
        .filter_map(|g| g.layer.mixer.clone().map(|m| (g.count, m)))
        .collect()
}

fn scan(b: &FlopBreakdown) -> &flopcast_core::flops::FlopTerm {
    b.terms
        .iter()
        .find(|t| t.key == "mixer_scan")
        .expect("a scan term")
}

#[test]
fn qwen3_next_80b_is_36_gated_deltanet_and_12_gated_attention_layers() {
    let spec = preset("qwen3-next-80b-a3b");
    let p = count_params(&spec);
    // PyTorch's count for Qwen3NextForCausalLM (core/data/expected.json).
    assert_eq!(p.total, 79_674_391_296);
    let m = mixers(&spec);
    assert_eq!(m.iter().map(|(c, _)| c).sum::<u64>(), 36);
    let Mixer::DeltaNet(d) = &m[0].1 else {
        panic!("not a delta rule: {:?}", m[0].1)
    };
    assert_eq!(
        (d.key_heads, d.value_heads, d.key_dim, d.value_dim),
        (16, 32, 128, 128)
    );
    assert_eq!(d.decay, Decay::PerHead);
    // Per layer: in_proj_qkvz 2048·12288, in_proj_ba 2048·64, conv 8192·4,
    // dt_bias and A_log 2·32, out_proj 4096·2048.
    let per_layer = 2048 * 12288 + 2048 * 64 + 8192 * 4 + 64 + 4096 * 2048;
    assert_eq!(p.breakdown.mixer, 36 * per_layer);
    let attention_layers: u64 = spec
        .stacks
        .iter()
        .flat_map(|s| &s.groups)
        .filter(|g| g.layer.attn.is_some())
        .map(|g| g.count)
        .sum();
    assert_eq!(attention_layers, 12);
}

#[test]
fn a_linear_layer_keeps_a_fixed_state_instead_of_a_kv_cache() {
    let spec = preset("qwen3-next-80b-a3b");
    let state = recurrent_state(&spec);
    // 36 Gated DeltaNet layers: a 4-wide window over q, k and v (2·16·128 + 32·128
    // channels) and a 128 × 128 matrix per value head.
    assert_eq!(state.conv, 36 * (2 * 16 * 128 + 32 * 128) * 4);
    assert_eq!(state.ssm, 36 * 32 * 128 * 128);
}

#[test]
fn dense_counts_the_chunked_delta_rule_as_transformers_pads_it() {
    let spec = preset("qwen3-next-80b-a3b");
    // One token is padded to a whole 64-token chunk.
    let one = forward_flops_per_token(&spec, 1, Convention::Dense);
    let per_layer = 32.0 * 64.0 * (4.0 * 64.0 * 128.0 + 2.0 * 64.0 * 128.0 + 6.0 * 128.0 * 128.0);
    assert_eq!(scan(&one).flops, 36.0 * per_layer);
    assert!(!scan(&one).derived);
    assert_eq!(one.counter_visible(), one.total);
    assert!(
        one.notes.iter().any(|n| n.contains("padded")),
        "{:?}",
        one.notes
    );
}

#[test]
fn other_conventions_derive_the_scan_from_causal_pairs_and_mark_it() {
    let spec = preset("qwen3-next-80b-a3b");
    let causal = forward_flops_per_token(&spec, 100, Convention::Causal);
    let t = scan(&causal);
    assert!(t.derived);
    // Chunks of 64 and 36: 64·65/2 + 36·37/2 causal pairs with the diagonal.
    let plus = 2080.0 + 666.0;
    let minus = plus - 100.0;
    let (dk, dv) = (128.0, 128.0);
    let per_seq = 2.0 * 32.0 * (minus * (2.0 * dk + dv) + plus * (dk + dv) + 3.0 * 100.0 * dk * dv);
    assert!((t.flops - 36.0 * per_seq / 100.0).abs() < 1e-6 * t.flops);
    let kaplan = forward_flops_per_token(&spec, 100, Convention::Kaplan);
    assert_eq!(scan(&kaplan).flops, t.flops);
    // In JSON (the report, the CLI), only a derived term carries the mark.
    let json = serde_json::to_value(&causal).expect("serializes");
    for term in json["terms"].as_array().expect("terms") {
        let derived = term["key"] == "mixer_scan";
        assert_eq!(
            term.get("derived"),
            derived.then_some(&Value::Bool(true)),
            "{term}"
        );
    }
    let six = forward_flops_per_token(&spec, 100, Convention::SixN(NBasis::Active));
    assert!(six.terms.iter().all(|t| t.key != "mixer_scan"));
    assert!(six.notes.iter().any(|n| n.contains("Gated DeltaNet")));
}

#[test]
fn a_composite_qwen3_5_config_counts_its_text_model() {
    for (composite, text_type) in [
        ("qwen3_5", "qwen3_5_text"),
        ("qwen3_5_moe", "qwen3_5_moe_text"),
        ("qwen4_exp", "qwen4_exp_text"),
    ] {
        let text = family_default(text_type);
        let wrapped = json!({
            "model_type": composite,
            "architectures": ["Qwen3_5ForConditionalGeneration"],
            "text_config": text,
            "vision_config": {"depth": 27, "hidden_size": 1152, "num_heads": 16},
        });
        let parsed = parse_config(&wrapped.to_string()).expect("parses");
        let alone = spec_of(&text);
        assert!(parsed.spec.vision_tower);
        assert_eq!(parsed.spec.model_type, text_type);
        assert_eq!(parsed.spec.stacks, alone.stacks, "{composite}");
        assert_eq!(count_params(&parsed.spec).total, count_params(&alone).total);
        // Without a `model_type` inside, the top-level one names the family.
        let mut bare = text.clone();
        bare.as_object_mut().unwrap().remove("model_type");
        let nested = json!({"model_type": composite, "text_config": bare});
        assert_eq!(spec_of(&nested).stacks, alone.stacks, "{composite}");
    }
}

#[test]
fn every_mixer_kind_round_trips_through_a_link() {
    let mut kinds = Vec::new();
    for family in [
        "qwen3_next",
        "kimi_linear",
        "minimax",
        // LFM2's default has attention in every layer; LFM2-MoE's has short convolutions.
        "lfm2_moe",
        "recurrent_gemma",
        "rwkv",
        "xlstm",
    ] {
        let spec = spec_of(&family_default(family));
        kinds.push(mixers(&spec)[0].1.name());
        let scenario = Scenario {
            model: ModelChoice::custom(spec),
            ..Scenario::default()
        };
        let decoded = decode(&encode(&scenario));
        assert_eq!(decoded.notices, vec![], "{family}");
        assert_eq!(decoded.scenario, scenario, "{family}");
    }
    assert_eq!(
        kinds,
        [
            "Gated DeltaNet",
            "Kimi Delta Attention",
            "lightning attention",
            "short convolution",
            "RG-LRU",
            "RWKV",
            "mLSTM"
        ]
    );
}

#[test]
fn attention_free_families_have_no_attention_layer() {
    for family in ["rwkv", "xlstm"] {
        let spec = spec_of(&family_default(family));
        assert!(spec.main_attention().is_none(), "{family}");
        assert_eq!(count_params(&spec).breakdown.attention, 0, "{family}");
        let dense = forward_flops_per_token(&spec, 256, Convention::Dense);
        assert!(
            dense.terms.iter().all(|t| !t.key.starts_with("attention")),
            "{family}"
        );
    }
}

#[test]
fn lfm2_moe_without_layer_types_is_refused_by_name() {
    let err = parse_config(r#"{"model_type": "lfm2_moe"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("layer_types"), "{err}");
}

#[test]
fn an_unknown_layer_type_in_a_hybrid_is_refused_with_the_ones_it_builds() {
    let err = parse_config(
        r#"{"model_type": "qwen3_next", "num_hidden_layers": 2,
            "layer_types": ["linear_attention", "mamba"]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("layer_types[1]") && err.contains("\"mamba\""),
        "{err}"
    );
    assert!(err.contains("\"linear_attention\""), "{err}");
}

#[test]
fn kimi_linear_reads_its_checkpoints_linear_attn_config() {
    let spec = spec_of(&json!({
        "model_type": "kimi_linear",
        "num_hidden_layers": 8,
        "linear_attn_config": {
            "head_dim": 64, "num_heads": 8, "short_conv_kernel_size": 3,
            "full_attn_layers": [4, 8], "kda_layers": [1, 2, 3, 5, 6, 7]
        }
    }));
    let m = mixers(&spec);
    assert_eq!(m.iter().map(|(c, _)| c).sum::<u64>(), 6);
    let Mixer::DeltaNet(d) = &m[0].1 else {
        panic!("{:?}", m[0].1)
    };
    assert_eq!((d.value_heads, d.key_dim, d.conv_kernel), (8, 64, 3));
    assert_eq!(d.decay, Decay::PerChannel { rank: Some(64) });
    // A null block is no block: the class's own keys and layout apply.
    let plain = json!({"model_type": "kimi_linear", "num_hidden_layers": 8});
    let mut null_block = plain.clone();
    null_block["linear_attn_config"] = Value::Null;
    assert_eq!(spec_of(&null_block), spec_of(&plain));
}

#[test]
fn looped_layers_count_every_pass_in_flops_and_once_in_parameters() {
    // HRM: two stacks of 16 layers; the low-level one runs H·L = 6 times, the
    // high-level one H = 2 times.
    let looped = spec_of(&family_default("hrm_text"));
    let uses: Vec<(u64, Option<u64>)> = looped.stacks[0]
        .groups
        .iter()
        .map(|g| (g.count, g.copies))
        .collect();
    assert_eq!(uses, [(96, Some(16)), (32, Some(16))]);
    let mut once = looped.clone();
    for g in &mut once.stacks[0].groups {
        g.count = 16;
        g.copies = None;
    }
    assert_eq!(count_params(&looped).total, count_params(&once).total);
    let mlp = |spec: &ModelSpec| {
        forward_flops_per_token(spec, 64, Convention::Dense)
            .terms
            .iter()
            .find(|t| t.key == "mlp")
            .expect("an MLP term")
            .flops
    };
    assert_eq!(mlp(&looped), 4.0 * mlp(&once));
    let six = forward_flops_per_token(&looped, 64, Convention::SixN(NBasis::Total));
    assert!(
        six.notes.iter().any(|n| n.contains("looped")),
        "{:?}",
        six.notes
    );
    let scenario = Scenario {
        model: ModelChoice::custom(looped),
        ..Scenario::default()
    };
    assert_eq!(decode(&encode(&scenario)).scenario, scenario);
}

/// A small Qwen4-Exp with one n-gram layer (the second, 1-based), with
/// `extra` keys added or replaced.
fn qwen4_exp(extra: Value) -> Value {
    let mut config = json!({
        "model_type": "qwen4_exp_text", "hidden_size": 256, "num_hidden_layers": 4,
        "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 64,
        "linear_num_key_heads": 2, "linear_num_value_heads": 4, "linear_key_head_dim": 32,
        "linear_value_head_dim": 32, "num_experts": 4, "num_experts_per_tok": 2,
        "moe_intermediate_size": 64, "shared_expert_intermediate_size": 64, "vocab_size": 1000,
        "ple_layer_ids": [2], "ple_embed_dim": 128, "ngram_vocab_size_base": 1000,
        "indexer_n_heads": 2, "indexer_kv_heads": 1, "indexer_head_dim": 64,
        "indexer_budget": 16, "indexer_compress_ratio": 4
    });
    for (key, value) in extra.as_object().expect("an object") {
        config[key] = value.clone();
    }
    config
}

/// Qwen4-Exp's layers all route to experts (Qwen3.5-MoE's): Qwen3-Next's
/// `decoder_sparse_step` and `mlp_only_layers` are not its keys and leave the
/// count alone.
#[test]
fn qwen4_exp_routes_every_layer_whatever_qwen3_nexts_keys_say() {
    let total = |extra: Value| count_params(&spec_of(&qwen4_exp(extra))).total;
    let every = total(json!({}));
    assert_eq!(total(json!({"decoder_sparse_step": 2})), every);
    assert_eq!(total(json!({"mlp_only_layers": [0]})), every);
}

#[test]
fn qwen4_exp_counts_its_indexer_and_prime_sized_n_gram_tables() {
    // One n-gram layer (layer 2, 1-based) with 2·8 = 16 tables: the 16 primes
    // after 999, summed and padded to 128, by 128 / 16 = 8 columns.
    let config = qwen4_exp(json!({"hc_count": 4, "hc_lowrank": 40}));
    let spec = spec_of(&config);
    let primes: [u64; 16] = [
        1009, 1013, 1019, 1021, 1031, 1033, 1039, 1049, 1051, 1061, 1063, 1069, 1087, 1091, 1093,
        1097,
    ];
    let rows = primes.iter().sum::<u64>().div_ceil(128) * 128;
    let ple_layer = spec.stacks[0]
        .groups
        .iter()
        .find(|g| g.layer.gates > 0)
        .expect("the n-gram layer");
    assert_eq!(ple_layer.layer.gates, rows * 8);
    // The indexer scores 2·2·64 per complete block of 4 a query sees:
    // Σ⌊t/4⌋ for t = 1..8 is 0+0+0+1+1+1+1+2 = 6.
    let b = forward_flops_per_token(&spec, 8, Convention::Dense);
    let indexer = b
        .terms
        .iter()
        .find(|t| t.key == "block_indexer")
        .expect("an indexer term");
    let per_layer = 2.0 * (256.0 * 3.0 * 64.0 + 2.0 * 64.0 * 6.0 / 8.0);
    assert!(
        (indexer.flops - per_layer).abs() < 1e-9 * per_layer,
        "{}",
        indexer.flops
    );
    // Its gated residuals are hyper-connections, as HY-V4's and DeepSeek-V4's:
    // per layer two mixings (an RMSNorm over the 4·256 streams, a rank-40
    // bottleneck, 4 write-back weights), and the final bottleneck with its norm.
    let hc = spec
        .hyper_connections
        .as_deref()
        .expect("hyper-connections");
    assert_eq!((hc.streams, hc.outputs, hc.low_rank), (4, 4, Some(40)));
    let wide = 4 * 256;
    let mixing = 2 * wide * 40 + wide * 4;
    let counts = count_params(&spec);
    let plain = {
        let mut s = spec.clone();
        s.hyper_connections = None;
        count_params(&s)
    };
    assert_eq!(
        counts.total - plain.total,
        4 * 2 * (mixing + wide) + 2 * wide * 40 + wide
    );
    assert_eq!(
        counts.breakdown.norms - plain.breakdown.norms,
        (4 * 2 + 1) * wide
    );
    let hc_flops = b
        .terms
        .iter()
        .find(|t| t.key == "hyper_connections")
        .expect("a hyper-connection term");
    let want = (4 * 2 * 2 * mixing + 2 * 2 * wide * 40) as f64;
    assert!(
        (hc_flops.flops - want).abs() < 1e-9 * want,
        "{}",
        hc_flops.flops
    );
}

/// `ngram_vocab_size_base` null or left out is the class's 20,000,000.
#[test]
fn qwen4_exp_reads_a_null_n_gram_base_as_its_default() {
    let gates = |config: &Value| {
        spec_of(config)
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .map(|g| g.layer.gates)
            .sum::<u64>()
    };
    let default = gates(&qwen4_exp(json!({"ngram_vocab_size_base": 20_000_000})));
    assert_ne!(default, gates(&qwen4_exp(json!({}))));
    assert_eq!(
        gates(&qwen4_exp(json!({"ngram_vocab_size_base": null}))),
        default
    );
    let mut left_out = qwen4_exp(json!({}));
    left_out
        .as_object_mut()
        .expect("an object")
        .remove("ngram_vocab_size_base");
    assert_eq!(gates(&left_out), default);
    // The QSA indexer's settings have no default: null is refused as missing,
    // with why, as a key left out is.
    for key in ["indexer_budget", "indexer_compress_ratio"] {
        let err = flopcast_core::config::parse_config(&qwen4_exp(json!({key: null})).to_string())
            .expect_err("no default")
            .to_string();
        assert!(
            err.contains(key)
                && err.contains("Qwen4ExpTextConfig has no default")
                && err.contains("QSA indexer's settings"),
            "{err}"
        );
    }
}

#[test]
fn qwen4_exp_refuses_more_n_gram_tables_than_its_limit_in_one_layer() {
    // (3 − 1)·2049 = 4098 tables in the only n-gram layer: over the 4,096 a
    // layer may have, though the running total (0 before it) is far below
    // 65,536. 2048 per n-gram, 4096 tables, is still counted.
    let config = |per: u64| qwen4_exp(json!({"heads_per_ngram": per})).to_string();
    let err = parse_config(&config(2049)).expect_err("4098 tables in one layer");
    assert_eq!(err.key(), Some("heads_per_ngram"), "{err}");
    assert!(
        err.to_string().contains("65536 prime-sized tables"),
        "{err}"
    );
    assert!(parse_config(&config(2048)).is_ok());
}

#[test]
fn qwen4_exp_refuses_more_n_gram_tables_than_its_limit_in_all() {
    // 4,096 tables a layer (2048 per n-gram), on the first k of the 18
    // linear_attention layers of 24: the layer that starts past 65,536
    // tables taken (the 18th, at 17·4096 = 69,632) is refused; at 17 layers
    // the last starts exactly at 16·4096 = 65,536 and is counted. The
    // primes start at 2 (base 1), so this takes 73,728 of them, not millions.
    let linear: Vec<u64> = (1..=24u64).filter(|i| i % 4 != 0).collect();
    let config = |k: usize| {
        qwen4_exp(json!({
            "num_hidden_layers": 24, "heads_per_ngram": 2048, "ngram_vocab_size_base": 1,
            "ple_layer_ids": linear[..k], "ple_embed_dim": 4096
        }))
        .to_string()
    };
    let spec = parse_config(&config(17))
        .expect("65,536 tables before the last layer")
        .spec;
    let tables: u64 = spec.stacks[0]
        .groups
        .iter()
        .map(|g| g.count * g.layer.gates)
        .sum();
    assert!(tables > 0);
    let err = parse_config(&config(18)).expect_err("69,632 tables before the last layer");
    assert_eq!(err.key(), Some("heads_per_ngram"), "{err}");
    assert!(
        err.to_string().contains("65536 prime-sized tables"),
        "{err}"
    );
}

#[test]
fn minimax_m3_indexes_only_its_sparse_layers_and_reads_released_keys() {
    let flat = json!({
        "model_type": "minimax_m3_vl_text", "hidden_size": 256, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 32,
        "intermediate_size": 64, "num_local_experts": 8, "num_experts_per_tok": 2,
        "shared_intermediate_size": 64, "dense_intermediate_size": 512, "vocab_size": 1000,
        "index_n_heads": 4, "index_head_dim": 16, "index_block_size": 32,
        "layer_types": ["full_attention", "full_attention", "minimax_m3_sparse", "minimax_m3_sparse"],
        "mlp_layer_types": ["dense", "dense", "sparse", "sparse"]
    });
    // A released config's spelling of the same model (its nested keys win).
    let released = json!({
        "model_type": "minimax_m3_vl",
        "text_config": {
            "model_type": "minimax_m3_vl_text", "hidden_size": 256, "num_hidden_layers": 4,
            "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 32,
            "intermediate_size": 64, "num_local_experts": 8, "num_experts_per_tok": 2,
            "shared_intermediate_size": 64, "dense_intermediate_size": 512, "vocab_size": 1000,
            "index_n_heads": 99, "moe_layer_freq": [0, 0, 1, 1],
            "sparse_attention_config": {
                "sparse_num_index_heads": 4, "sparse_index_dim": 16, "sparse_block_size": 32,
                "sparse_attention_freq": [0, 0, 1, 1]
            }
        },
        "vision_config": {"hidden_size": 32}
    });
    let a = spec_of(&flat);
    let b = spec_of(&released);
    assert_eq!(a.stacks, b.stacks);
    // The two spellings of a layout other than the default one agree too, and
    // the class's own `mlp_layer_types` wins over a released `moe_layer_freq`.
    let mut alternating = flat.clone();
    alternating["mlp_layer_types"] = json!(["sparse", "dense", "sparse", "dense"]);
    alternating["moe_layer_freq"] = json!([0, 0, 1, 1]);
    let mut alternating_released = released.clone();
    alternating_released["text_config"]["moe_layer_freq"] = json!([1, 0, 1, 0]);
    let (c, d) = (spec_of(&alternating), spec_of(&alternating_released));
    assert_eq!(c.stacks, d.stacks);
    assert_ne!(c.stacks, a.stacks);
    // Only a list is a layout: a number there is not one
    // (MiniMaxM3VLTextConfig has no `moe_layer_freq` of its own).
    let mut scalar = flat.clone();
    scalar
        .as_object_mut()
        .expect("an object")
        .remove("mlp_layer_types");
    let without = spec_of(&scalar);
    scalar["moe_layer_freq"] = json!(1);
    assert_eq!(spec_of(&scalar).stacks, without.stacks);
    let indexed: Vec<u64> = a.stacks[0]
        .groups
        .iter()
        .filter(|g| {
            g.layer
                .attn
                .as_ref()
                .is_some_and(|x| x.block_index.is_some())
        })
        .map(|g| g.count)
        .collect();
    assert_eq!(indexed, vec![2]);
    // Scores over every key: the whole S×S in `dense`, the visible keys in `causal`.
    let s = 64.0;
    let term = |conv| {
        forward_flops_per_token(&a, 64, conv)
            .terms
            .iter()
            .find(|t| t.key == "block_indexer")
            .expect("an indexer term")
            .flops
    };
    let proj = 2.0 * 256.0 * 5.0 * 16.0;
    assert_eq!(term(Convention::Dense), 2.0 * (proj + 2.0 * 4.0 * 16.0 * s));
    assert_eq!(
        term(Convention::Causal),
        2.0 * (proj + 2.0 * 4.0 * 16.0 * (s + 1.0) / 2.0)
    );
}

/// Each extra tap of CCA's depthwise convolution pads its BF16 input by one
/// more position of the (8 + 2)·128 query and key channels, in each of the
/// 40 layers, whatever the grouped convolution's kernel. (PyTorch's cases all
/// have both kernels 2, where a sum and a product of them agree.)
#[test]
fn each_depthwise_tap_pads_ccas_saved_input_by_one_position() {
    use flopcast_core::memory::activations::{model_kept, AttnKernel, Device, Kept, Kernels};
    let saved = |t0: u64, t1: u64| {
        let mut config = family_default("zaya");
        config["cca_time0"] = t0.into();
        config["cca_time1"] = t1.into();
        let kept = Kept {
            kernels: Kernels::Eager,
            attention: AttnKernel::Eager,
            device: Device::Cpu,
        };
        model_kept(&spec_of(&config), kept, 64)
            .single_device_bytes(1, 64)
            .0
    };
    for t1 in [2, 3] {
        assert_eq!(
            saved(3, t1) - saved(2, t1),
            2.0 * 1280.0 * 40.0,
            "t1 = {t1}"
        );
    }
}

#[test]
fn zaya_keeps_its_convolution_state_beside_the_kv_cache() {
    let spec = spec_of(&family_default("zaya"));
    // 40 layers of C = (8 + 2)·128 channels: conv state C·(2 + 2 − 2), and the
    // delayed value half 2·128/2.
    let state = recurrent_state(&spec);
    assert_eq!(state.conv, 40 * 1280 * 2);
    assert_eq!(state.ssm, 40 * 128);
    // Every layer is still attention, with a KV cache.
    assert!(spec.stacks[0].groups.iter().all(|g| g.layer.attn.is_some()));
    // The convolutions: padded (and the zero token's delayed value) in
    // `dense`, per token otherwise.
    let cca = |conv, s| {
        forward_flops_per_token(&spec, s, conv)
            .terms
            .iter()
            .find(|t| t.key == "cca")
            .expect("a CCA term")
            .flops
    };
    let per_token = 2.0 * 40.0 * (1280.0 * 2.0 + 1280.0 * 128.0 * 2.0);
    assert_eq!(cca(Convention::Causal, 8), per_token);
    let dense =
        2.0 * 40.0 * (1280.0 * 2.0 * 9.0 / 8.0 + 1280.0 * 128.0 * 2.0 + 2048.0 * 128.0 / 8.0);
    assert!((cca(Convention::Dense, 8) - dense).abs() < 1e-9 * dense);
}

#[test]
fn zaya_router_mlp_costs_what_pytorchs_counter_sees() {
    // ZAYA's default (d 2048, router width R = 256, 16 experts, 40 layers):
    // the router is down_proj d→R, then fc1 and fc2 R→R and out_proj R→17 (the
    // experts and the skip class). PyTorch's counter per module, S = 1 (the
    // module breakdown of scripts/ground_truth/family_flops.py):
    // down_proj 41,943,040 = 40·2·2048·256, fc1 and fc2 5,242,880 = 40·2·256²
    // each, out_proj 348,160 = 40·2·256·17.
    let spec = spec_of(&family_default("zaya"));
    let router = forward_flops_per_token(&spec, 1, Convention::Dense)
        .terms
        .iter()
        .find(|t| t.key == "router")
        .expect("a router term")
        .flops;
    assert_eq!(router, 41_943_040.0 + 2.0 * 5_242_880.0 + 348_160.0);
}

#[test]
fn dense_lightning_attention_counts_a_short_last_block_unpadded() {
    // MiniMax, alternate_nohd case: layers 1 and 3 of 4 are lightning
    // attention, 4 heads of h = 64, blocks of 64. At S = 100 one full block
    // and one of 36 tokens: per layer 4·(4·64·(64² + 36²) + 4·100·64²) =
    // 4·(1,380,352 + 1,638,400) = 12,075,008, which is what PyTorch's counter
    // gives each of those layers' attention (its own bmm, the method of
    // scripts/ground_truth/family_flops.py); the whole forward is 617,250,816.
    let spec = spec_of(&family_case("minimax", "minimax__alternate_nohd.json"));
    let dense = forward_flops_per_token(&spec, 100, Convention::Dense);
    let t = scan(&dense);
    assert!(!t.derived);
    assert!((t.flops * 100.0 - 2.0 * 12_075_008.0).abs() < 1e-9 * t.flops * 100.0);
    let total = dense.counter_visible() * 100.0;
    assert!((total - 617_250_816.0).abs() < 1e-12 * total, "{total}");
}

#[test]
fn the_derived_mlstm_cell_counts_causal_pairs_within_chunks() {
    // xLSTM, 7b case: d 256, 4 heads, Q = 0.5·256 = 128 and V = 256, so per
    // head q = 32 and v = 64; chunks of 64; 4 blocks. At S = 100 the chunks
    // hold 64 and 36 tokens: P₊ = 64·65/2 + 36·37/2 = 2,746 causal pairs, each
    // costing 2·q (Q·Kᵀ) + 2·v (its product with V); per token the memory's
    // update and readout 4·q·v and the normaliser's readout 2·q. Per layer
    // and sequence 4·(2·2746·96 + 100·(4·32·64 + 2·32)) = 4·(527,232 +
    // 825,600) = 5,411,328.
    let spec = spec_of(&family_case("xlstm", "xlstm__7b.json"));
    let causal = forward_flops_per_token(&spec, 100, Convention::Causal);
    let t = scan(&causal);
    assert!(t.derived);
    let want = 4.0 * 5_411_328.0 / 100.0;
    assert!(
        (t.flops - want).abs() < 1e-9 * want,
        "{} != {want}",
        t.flops
    );
    let kaplan = forward_flops_per_token(&spec, 100, Convention::Kaplan);
    assert_eq!(scan(&kaplan).flops, t.flops);
}

#[test]
fn mlstm_heads_must_divide_the_value_width_as_well_as_the_query_width() {
    // d 256, 4 heads: queries and keys 0.5·256 = 128 wide (32 a head); values
    // 254 wide cannot be cut into 4 heads, and 252 can.
    let xlstm = |v_factor: f64| {
        json!({"model_type": "xlstm", "hidden_size": 256, "embedding_dim": 256,
               "num_heads": 4, "num_blocks": 2, "qk_dim_factor": 0.5,
               "v_dim_factor": v_factor, "vocab_size": 1000})
        .to_string()
    };
    let err = parse_config(&xlstm(254.0 / 256.0)).expect_err("254 values in 4 heads");
    let text = err.to_string();
    assert!(
        text.contains("mLSTM heads") && text.contains("254"),
        "{text}"
    );
    // A null factor is a missing one: the class's 1.0.
    let null = xlstm(1.0).replace("\"v_dim_factor\":1.0", "\"v_dim_factor\":null");
    assert_ne!(null, xlstm(1.0));
    assert_eq!(
        parse_config(&null).expect("null").spec.stacks,
        parse_config(&xlstm(1.0)).expect("1.0").spec.stacks
    );
    let ok = parse_config(&xlstm(252.0 / 256.0)).expect("252 values in 4 heads");
    assert!(ok.spec.stacks[0].groups.iter().any(|g| matches!(
        &g.layer.mixer,
        Some(Mixer::MLstm(m)) if (m.qk_dim, m.v_dim) == (128, 252)
    )));
}

/// LFM2 without `layer_types`: a null `full_attn_idxs` lists nothing, and
/// Lfm2Config then makes every layer attention, as without the key.
#[test]
fn lfm2_with_a_null_full_attention_list_is_all_attention() {
    let mut config = family_default("lfm2");
    let object = config.as_object_mut().expect("an object");
    object.remove("layer_types");
    object.remove("full_attn_idxs");
    let without = parse_config(&config.to_string()).expect("no list");
    config["full_attn_idxs"] = Value::Null;
    let null = parse_config(&config.to_string()).expect("a null list");
    assert_eq!(null.spec.stacks, without.spec.stacks);
    assert!(null.spec.stacks[0]
        .groups
        .iter()
        .all(|g| g.layer.attn.is_some() && g.layer.mixer.is_none()));
}

/// `ple_layer_ids` counts layers from 1: listing the fourth (full attention,
/// every fourth layer by default) is refused by that number.
#[test]
fn qwen4_exp_names_the_attention_layer_an_n_gram_table_was_put_on() {
    let config = qwen4_exp(json!({"ple_layer_ids": [4]}));
    let err = parse_config(&config.to_string()).expect_err("an attention layer");
    assert_eq!(err.key(), Some("ple_layer_ids"), "{err}");
    assert!(
        err.to_string().starts_with("`ple_layer_ids` is 4,"),
        "{err}"
    );
}

#[test]
fn olmo_hybrid_without_layer_types_puts_attention_where_its_config_class_does() {
    // OlmoHybridConfig: full attention at every i % 4 == 3, and at the last
    // layer only when that gives none; it refuses a model with no linear
    // attention layer (one layer).
    let with_layers = |n: u64| {
        let mut c = family_default("olmo_hybrid");
        let o = c.as_object_mut().expect("an object");
        o.remove("layer_types");
        o.insert("num_hidden_layers".into(), json!(n));
        c
    };
    // Layers are grouped by kind, not kept in order: count the attention ones.
    let attention_layers = |n: u64| -> (u64, u64) {
        let spec = spec_of(&with_layers(n));
        let groups = spec.stacks.iter().flat_map(|s| &s.groups);
        let all: u64 = groups.clone().map(|g| g.count).sum();
        let attention = groups.filter(|g| g.layer.attn.is_some()).map(|g| g.count);
        (attention.sum(), all)
    };
    assert_eq!(attention_layers(2), (1, 2));
    assert_eq!(attention_layers(3), (1, 3));
    assert_eq!(attention_layers(6), (1, 6));
    assert_eq!(attention_layers(8), (2, 8));
    let err = parse_config(&with_layers(1).to_string()).expect_err("no linear layer");
    assert_eq!(err.key(), Some("num_hidden_layers"), "{err}");
    assert!(err.to_string().contains("at least 2 layers"), "{err}");
    // A list must hold both kinds too.
    for (kind, missing) in [
        ("full_attention", "linear_attention"),
        ("linear_attention", "full_attention"),
    ] {
        let mut c = with_layers(4);
        c["layer_types"] = json!(vec![kind; 4]);
        let err = parse_config(&c.to_string()).expect_err("one kind only");
        assert_eq!(err.key(), Some("layer_types"), "{err}");
        assert!(err.to_string().contains(missing), "{err}");
    }
}

/// MiniMaxLightningAttention takes the config's `head_dim` when it has one
/// (`hidden_size // num_attention_heads` only without it): 4 heads of 32 on a
/// width of 256, not of 64.
#[test]
fn minimax_lightning_attention_takes_the_configs_head_dim() {
    let config = |head_dim: &str| {
        json!({
            "model_type": "minimax", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 256,
            "num_local_experts": 4, "num_experts_per_tok": 2, "vocab_size": 4000,
            "block_size": 64, "head_dim": serde_json::from_str::<Value>(head_dim).unwrap(),
        })
    };
    let head_dims = |v: &Value| -> Vec<u64> {
        mixers(&spec_of(v))
            .into_iter()
            .map(|(_, m)| match m {
                Mixer::Lightning(l) => l.head_dim,
                other => panic!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(head_dims(&config("32")), [32]);
    assert_eq!(head_dims(&config("null")), [64]);
}

/// A family whose class builds no sliding-window layers refuses a
/// `"sliding_attention"` entry by its index, naming the kinds it builds.
#[test]
fn a_sliding_entry_is_refused_where_the_family_has_no_sliding_layers() {
    let config = json!({
        "model_type": "minimax", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 256,
        "num_local_experts": 4, "num_experts_per_tok": 2, "vocab_size": 4000,
        "layer_types": ["linear_attention", "sliding_attention"],
    });
    let err = parse_config(&config.to_string())
        .expect_err("MiniMax builds no sliding layers")
        .to_string();
    assert!(
        err.contains("`layer_types[1]`")
            && err.contains("\"full_attention\", \"linear_attention\" layers only"),
        "{err}"
    );
}

/// RwkvConfig's context is `context_length` and KimiLinearConfig's
/// `model_max_length`; neither class defines `max_position_embeddings`, so a
/// config carrying one as well is read by the class's own key.
#[test]
fn a_family_reads_its_own_context_key_over_max_position_embeddings() {
    for (family, own) in [
        ("rwkv", "context_length"),
        ("kimi_linear", "model_max_length"),
    ] {
        let mut config = family_default(family);
        config[own] = json!(4096);
        assert_eq!(spec_of(&config).context_len, 4096, "{family}");
        config["max_position_embeddings"] = json!(1024);
        assert_eq!(spec_of(&config).context_len, 4096, "{family}");
        config.as_object_mut().unwrap().remove(own);
        assert_eq!(spec_of(&config).context_len, 1024, "{family}");
    }
}
