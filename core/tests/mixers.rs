//! State-space token mixers (`Layer::mixer`): parameters and `dense` FLOPs
//! against what PyTorch reports for transformers' `MambaForCausalLM` and
//! `Mamba2ForCausalLM` on small hand-checked shapes, the derived scan terms of
//! the other conventions, the recurrent state, and links that carry mixers.
//!
//! The PyTorch figures were measured with the method of
//! `scripts/ground_truth/family_flops.py` (meta device, FlopCounterMode,
//! input of shape (1, S)):
//! - Mamba: d_model 64, 2 layers, vocab 100, state 16, expand 2, conv 4
//!   (dt_rank 4), tied: 71,872 parameters; 1,140,736 FLOPs at S = 8.
//! - Mamba-2: d_model 64, 2 layers, vocab 100, 4 heads of 32, 2 groups, state
//!   16, conv 4, chunk 16, untied: 73,048 parameters; 1,553,408 FLOPs at S = 8
//!   and 6,779,904 at S = 40.

use flopcast_core::flops::{forward_flops_per_token, Convention, FlopBreakdown, NBasis};
use flopcast_core::link::{decode, encode};
use flopcast_core::memory::breakdown::{MemoryBreakdown, MemoryModel, MemorySettings};
use flopcast_core::memory::layout::{check, GlobalBatch, Layout, LayoutError};
use flopcast_core::memory::{mixer_state, recurrent_state};
use flopcast_core::model::{
    Head, Layer, LayerGroup, Mamba, Mamba2, Mixer, ModelSpec, NormKind, Stack, StackKind,
};
use flopcast_core::params::count_params;
use flopcast_core::scenario::{ModelChoice, Scenario};

use super::family_checks::case_config;

fn ssm_model(model_type: &str, mixer: Mixer, tied: bool) -> ModelSpec {
    let layer = Layer {
        mixer: Some(mixer),
        norms: 1,
        ..Layer::default()
    };
    let spec = ModelSpec {
        model_type: model_type.into(),
        d_model: 64,
        vocab_size: 100,
        context_len: 2048,
        norm: NormKind::Rms,
        head: Some(Head {
            tied,
            ..Head::default()
        }),
        stacks: vec![Stack {
            kind: StackKind::Decoder,
            groups: vec![LayerGroup::new(2, layer)],
            final_norm: true,
            rel_pos_buckets: 0,
        }],
        ..ModelSpec::default()
    };
    flopcast_core::params::validate(&spec).expect("a valid spec");
    spec
}

fn mamba() -> ModelSpec {
    let m = Mamba {
        d_inner: 128,
        d_state: 16,
        dt_rank: 4,
        d_conv: 4,
        conv_bias: true,
        proj_bias: false,
        bcdt_norms: false,
    };
    ssm_model("mamba", Mixer::Mamba(m), true)
}

fn mamba2() -> ModelSpec {
    let m = Mamba2 {
        n_heads: 4,
        head_dim: 32,
        n_groups: 2,
        d_state: 16,
        d_conv: 4,
        chunk: 16,
        conv_bias: true,
        in_bias: false,
        out_bias: false,
        norm: true,
    };
    ssm_model("mamba2", Mixer::Mamba2(m), false)
}

/// Equal up to floating-point rounding (per-token figures are divided by S).
fn assert_close(a: f64, b: f64) {
    assert!(crate::close(a, b, 1e-12), "{a} != {b}");
}

fn term(b: &FlopBreakdown, key: &str) -> f64 {
    b.terms
        .iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("no term {key}"))
        .flops
}

#[test]
fn a_mamba_model_has_the_parameters_pytorch_counts() {
    let p = count_params(&mamba());
    assert_eq!(p.total, 71_872);
    // in_proj 64·256, conv 128·4 + 128, x_proj 128·36, dt_proj 4·128 + 128,
    // A_log 128·16, D 128, out_proj 128·64, per layer.
    assert_eq!(p.breakdown.mixer, 2 * 32_640);
    assert_eq!(p.breakdown.attention, 0);
    assert_eq!(p.breakdown.mlp, 0);
    assert_eq!(p.active, p.total);
    assert!(
        p.layers[0].label.starts_with("Mamba layer"),
        "{}",
        p.layers[0].label
    );
}

#[test]
fn a_mamba2_model_has_the_parameters_pytorch_counts() {
    let p = count_params(&mamba2());
    assert_eq!(p.total, 73_048);
    // The gated RMSNorm over E = 128 is a norm; the layer norm another 64.
    assert_eq!(p.breakdown.norms, 2 * (128 + 64) + 64);
    assert_eq!(p.breakdown.mixer, 2 * (64 * 324 + 192 * 5 + 12 + 128 * 64));
}

#[test]
fn dense_mamba_flops_equal_pytorchs_counter() {
    let b = forward_flops_per_token(&mamba(), 8, Convention::Dense);
    assert_close(b.counter_visible() * 8.0, 1_140_736.0);
    // The rest of the selective scan, 7·E·N of its 9·E·N, is elementwise: derived.
    let rest = b
        .terms
        .iter()
        .find(|t| t.key == "mixer_scan_rest")
        .expect("a derived rest");
    assert!(rest.derived);
    assert_close(rest.flops, 2.0 * 7.0 * 128.0 * 16.0);
    assert_close(b.total, b.counter_visible() + rest.flops);
    // The convolution as computed: 2 layers · 2·128·4 taps over 8 + 3 positions.
    assert_close(term(&b, "mixer_conv") * 8.0, 2.0 * 2.0 * 128.0 * 4.0 * 11.0);
    // Of the scan, only the C·h readout is a matrix product.
    assert_eq!(term(&b, "mixer_scan"), 2.0 * 2.0 * 128.0 * 16.0);
}

#[test]
fn dense_mamba2_flops_equal_pytorchs_counter_with_padded_chunks() {
    let spec = mamba2();
    let at_8 = forward_flops_per_token(&spec, 8, Convention::Dense);
    assert_close(at_8.total * 8.0, 1_553_408.0);
    let at_40 = forward_flops_per_token(&spec, 40, Convention::Dense);
    assert_close(at_40.total * 40.0, 6_779_904.0);
    // The SSD as computed is more than the algorithm: no derived rest.
    assert_eq!(at_40.counter_visible(), at_40.total);
    assert!(at_40.notes.iter().any(|n| n.contains("padding is counted")));
}

#[test]
fn causal_and_kaplan_count_the_derived_scan_and_say_so() {
    let spec = mamba();
    let causal = forward_flops_per_token(&spec, 8, Convention::Causal);
    let scan = causal
        .terms
        .iter()
        .find(|t| t.key == "mixer_scan")
        .expect("a scan term");
    assert!(scan.derived);
    assert_eq!(scan.flops, 9.0 * 2.0 * 128.0 * 16.0);
    assert_eq!(causal.counter_visible(), causal.total - scan.flops);
    let dense = forward_flops_per_token(&spec, 8, Convention::Dense);
    assert!(causal.total <= dense.total);
    assert_eq!(term(&causal, "mixer_conv"), 2.0 * 2.0 * 128.0 * 4.0);
    let kaplan = forward_flops_per_token(&spec, 8, Convention::Kaplan);
    assert_eq!(term(&kaplan, "mixer_scan"), scan.flops);
    assert!(kaplan.notes.iter().any(|n| n.contains("no row")));
    let six = forward_flops_per_token(&spec, 8, Convention::SixN(NBasis::Total));
    assert_eq!(six.total, 2.0 * 71_872.0);
}

#[test]
fn the_derived_ssd_scan_counts_causal_pairs_without_padding() {
    // One full chunk of 16 and a partial one of 8: 16·17/2 + 8·9/2 = 172 pairs.
    let b = forward_flops_per_token(&mamba2(), 24, Convention::Causal);
    let (g, n, h, p) = (2.0, 16.0, 4.0, 32.0);
    let per_seq = 2.0 * (g * n + h * p) * 172.0 + 4.0 * h * p * n * 24.0 + 2.0 * h * p * n;
    let scan = b.terms.iter().find(|t| t.key == "mixer_scan").unwrap();
    assert!(scan.derived);
    assert_close(scan.flops, 2.0 * per_seq / 24.0);
}

#[test]
fn the_recurrent_state_is_the_conv_window_and_the_ssm_state() {
    let one = mixer_state(&mamba().stacks[0].groups[0].layer.mixer.clone().unwrap());
    assert_eq!((one.conv, one.ssm), (128 * 4, 128 * 16));
    let all = recurrent_state(&mamba2());
    // (E + 2·G·N)·K and H·P·N, in 2 layers.
    assert_eq!(all.conv, 2 * (128 + 2 * 2 * 16) * 4);
    assert_eq!(all.ssm, 2 * 4 * 32 * 16);
    assert_eq!(all.total(), all.conv + all.ssm);
}

#[test]
fn a_spec_with_mixers_round_trips_through_a_link() {
    for spec in [mamba(), mamba2()] {
        let scenario = Scenario {
            model: ModelChoice::custom(spec),
            ..Scenario::default()
        };
        let decoded = decode(&encode(&scenario));
        assert_eq!(decoded.notices, vec![]);
        assert_eq!(decoded.scenario, scenario);
    }
}

#[test]
fn a_layer_without_a_feed_forward_part_serializes_as_none() {
    let text = serde_json::to_string(&mamba()).unwrap();
    assert!(text.contains(r#""ffn":"none""#), "{text}");
    assert!(text.contains(r#""mixer":{"mamba":"#), "{text}");
    let back: ModelSpec = serde_json::from_str(&text).unwrap();
    assert_eq!(back, mamba());
}

#[test]
fn an_empty_layer_is_refused() {
    let mut spec = mamba();
    spec.stacks[0].groups[0].layer.mixer = None;
    let err = flopcast_core::params::validate(&spec)
        .unwrap_err()
        .to_string();
    assert!(err.contains("token mixer"), "{err}");
}

#[test]
fn every_state_space_family_case_round_trips_through_a_link() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/family_checks");
    let mut checked = 0;
    for family in [
        "bamba",
        "falcon_h1",
        "falcon_mamba",
        "granitemoehybrid",
        "jamba",
        "mamba",
        "mamba2",
        "nemotron_h",
        "zamba",
        "zamba2",
    ] {
        let text = std::fs::read_to_string(dir.join(format!("{family}.json")))
            .unwrap_or_else(|e| panic!("{family}: {e}"));
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        for case in json["cases"].as_array().expect("cases") {
            let spec = flopcast_core::config::parse_config(&case["config"].to_string())
                .expect("the fixture parses")
                .spec;
            let scenario = Scenario {
                model: ModelChoice::custom(spec),
                ..Scenario::default()
            };
            let decoded = decode(&encode(&scenario));
            assert_eq!(decoded.notices, vec![], "{}", case["file"]);
            assert_eq!(decoded.scenario, scenario, "{}", case["file"]);
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} cases");
}

#[test]
fn a_jamba_config_that_lists_its_layers_is_counted_as_listed_and_says_so() {
    let config = r#"{"model_type": "jamba", "hidden_size": 128, "num_hidden_layers": 4,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 256,
        "vocab_size": 500, "num_experts": 1,
        "layers_block_type": ["attention", "mamba", "mamba", "attention"]}"#;
    let parsed = flopcast_core::config::parse_config(config).expect("parses");
    let attention_layers: u64 = parsed.spec.stacks[0]
        .groups
        .iter()
        .filter(|g| g.layer.attn.is_some())
        .map(|g| g.count)
        .sum();
    assert_eq!(attention_layers, 2);
    assert!(parsed
        .assumptions
        .iter()
        .any(|a| a.text.contains("cannot load a config with this key")));
}

#[test]
fn a_jamba_config_may_route_to_every_expert_but_not_to_more() {
    let jamba = |top_k: u64| {
        flopcast_core::config::parse_config(&format!(
            r#"{{"model_type": "jamba", "hidden_size": 128, "num_hidden_layers": 4,
            "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 256,
            "vocab_size": 500, "num_experts": 4, "num_experts_per_tok": {top_k}}}"#
        ))
    };
    let all = jamba(4).expect("top-4 of 4 experts is a dense choice, but a valid one");
    let p = count_params(&all.spec);
    assert_eq!(p.active, p.total);
    let err = jamba(5).expect_err("top-5 of 4 experts").to_string();
    assert!(
        err.contains("num_experts_per_tok") && err.contains("num_experts"),
        "{err}"
    );
}

/// A family-check case's parsed spec (`core/data/family_checks/<family>.json`).
fn family_case(family: &str, file: &str) -> ModelSpec {
    flopcast_core::config::parse_config(&case_config(family, file).to_string())
        .expect("the fixture parses")
        .spec
}

/// Memory on one accelerator with no model parallelism.
fn memory_on_one(spec: &ModelSpec) -> MemoryBreakdown {
    let params = count_params(spec);
    let model = MemoryModel::new(spec, &params, 2048, MemorySettings::default());
    let plan = check(spec, &Layout::default(), 1, 2048, GlobalBatch::Auto, None).expect("valid");
    model.breakdown(&plan, None)
}

#[test]
fn a_mamba_models_memory_holds_every_mixer_weight() {
    let spec = ModelChoice::preset("mamba-2.8b").expect("preset").0.spec;
    let b = memory_on_one(&spec);
    assert_eq!(b.params_held, count_params(&spec).total as f64);
    // The mixer's activations are counted; with the default fused kernels,
    // read from mamba_ssm rather than measured, as the approximations say.
    assert!(b.per_accelerator.activations > 0.0);
    assert!(b
        .approximations
        .iter()
        .any(|a| a.contains("Mamba layers with fused kernels") && a.contains("not measured")));
}

#[test]
fn shared_blocks_hold_one_set_of_weights_for_all_their_uses() {
    // Zamba2-2.7B's shape: two shared transformer blocks run by four hybrid
    // layers; memory holds what PyTorch counts, not a block per use.
    let spec = family_case("zamba2", "zamba2__2p7b_shape.json");
    let params = count_params(&spec);
    assert!(params.layers.iter().any(|l| l.weight_sets.is_some()));
    assert_eq!(memory_on_one(&spec).params_held, params.total as f64);
}

/// Zamba2's shared attention builds its projections with `bias=False`
/// whatever the config says: an `attention_bias` there counts nothing.
#[test]
fn zamba2_attention_has_no_biases_whatever_attention_bias_says() {
    let mut config = case_config("zamba2", "zamba2__2p7b_shape.json").clone();
    config["attention_bias"] = serde_json::Value::Bool(true);
    let parsed = flopcast_core::config::parse_config(&config.to_string()).expect("parses");
    let plain = family_case("zamba2", "zamba2__2p7b_shape.json");
    assert_eq!(count_params(&parsed.spec).total, count_params(&plain).total);
}

/// Bamba places attention only at the indices below its depth: an index
/// past the last layer builds nothing, so the case's attention settings (8
/// key/value heads over 4 query heads, which no attention could use) are not
/// read, and the count stays PyTorch's 534,488.
#[test]
fn bamba_ignores_attention_indices_past_its_last_layer() {
    let mut config = case_config("bamba", "bamba__no_attention.json").clone();
    config["attn_layer_indices"] = serde_json::json!([2]);
    let parsed =
        flopcast_core::config::parse_config(&config.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count_params(&parsed.spec).total, 534_488);
}

#[test]
fn six_n_says_when_n_holds_adapter_slots_that_never_run() {
    // Zamba2 untied, 5 hybrid layers sharing 2 blocks: block 0 runs 3 times and
    // block 1 twice, and transformers builds an adapter for every use in each
    // instance of a block, 3² + 2² = 13 adapter sets (in PyTorch's 3,249,928
    // parameters) of which 5 run: 2·N counts 8 that never do.
    let note = "never runs";
    let untied = family_case("zamba2", "zamba2__untied_blocks.json");
    let six = forward_flops_per_token(&untied, 64, Convention::SixN(NBasis::Total));
    assert!(
        six.notes.iter().any(|n| n.contains(note)),
        "{:?}",
        six.notes
    );
    // Tied, 2 hybrid layers and 2 blocks: one adapter set per use, each runs.
    let tied = family_case("zamba2", "zamba2__listed_hybrid_ids.json");
    let six = forward_flops_per_token(&tied, 64, Convention::SixN(NBasis::Total));
    assert!(
        !six.notes.iter().any(|n| n.contains(note)),
        "{:?}",
        six.notes
    );
}

#[test]
fn tensor_parallelism_must_divide_the_mamba2_heads_and_groups() {
    let spec = mamba2(); // 4 heads, 2 groups
    let tp = |tp: u64| Layout {
        tp,
        ..Layout::default()
    };
    assert!(check(&spec, &tp(2), 2, 2048, GlobalBatch::Auto, None).is_ok());
    let err = check(&spec, &tp(4), 4, 2048, GlobalBatch::Auto, None).expect_err("4 ∤ 2 groups");
    assert!(
        matches!(
            err,
            LayoutError::TpDoesNotDivide {
                what: "Mamba-2 groups",
                count: 2,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn nemotron_h_layers_are_named_after_the_one_block_each_holds() {
    // transformers' NemotronH default: `layers_block_type` ["linear_attention",
    // "moe", "full_attention", "mlp"], each layer one block (a Mamba-2 mixer, 8
    // routed experts top-2 with 1 shared, attention with 32 query / 8 key-value
    // heads, a dense MLP) and nothing else; 1,968,355,712 parameters in PyTorch.
    let default = case_config("nemotron_h", "nemotron_h__default.json");
    let spec = flopcast_core::config::parse_config(&default.to_string())
        .expect("the fixture parses")
        .spec;
    let p = count_params(&spec);
    assert_eq!(p.total, 1_968_355_712);
    // Without a pattern, or with a null one, NemotronHConfig uses that default.
    for pattern in [None, Some(serde_json::Value::Null)] {
        let mut config = default.clone();
        let map = config.as_object_mut().expect("an object");
        map.remove("layers_block_type");
        if let Some(v) = pattern.clone() {
            map.insert("hybrid_override_pattern".into(), v);
        }
        let parsed = flopcast_core::config::parse_config(&config.to_string())
            .unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
        assert_eq!(count_params(&parsed.spec).total, p.total, "{pattern:?}");
    }
    // NemotronHConfig takes the depth from the pattern: a `num_hidden_layers`
    // of 6 beside 4 entries still builds 4 layers, and only a differing one is
    // said to be ignored.
    let ignored = |n: u64| {
        let mut config = default.clone();
        config["num_hidden_layers"] = n.into();
        let parsed = flopcast_core::config::parse_config(&config.to_string()).expect("parses");
        assert_eq!(count_params(&parsed.spec).total, p.total);
        parsed
            .assumptions
            .iter()
            .any(|a| a.text.starts_with("`num_hidden_layers` is ignored"))
    };
    assert!(ignored(6));
    assert!(!ignored(4));
    // Every expert routed to (top-k = 8 of 8) is a valid, if dense, choice.
    let mut all = default.clone();
    all["num_experts_per_tok"] = 8.into();
    assert!(flopcast_core::config::parse_config(&all.to_string()).is_ok());
    let labels: Vec<&str> = p.layers.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Mamba-2 layer, no MLP",
            "MoE-only layer, MoE 8 experts, top-2 + 1 shared",
            // its heads are the model's, so they go unsaid
            "attention-only layer, no MLP",
            "MLP-only layer, dense MLP",
        ]
    );
}

/// A spec leaves out what is at its default: Mamba-2's gated norm (on unless
/// Falcon-H1 switches it off) is written only when it is off, so links stay
/// short.
#[test]
fn a_mamba2_spec_writes_its_gated_norm_only_when_it_is_off() {
    let on = serde_json::to_string(&mamba2()).expect("JSON");
    assert!(!on.contains(r#""norm":true"#), "{on}");
    let mut off = mamba2();
    for g in &mut off.stacks[0].groups {
        if let Some(Mixer::Mamba2(m)) = &mut g.layer.mixer {
            m.norm = false;
        }
    }
    let text = serde_json::to_string(&off).expect("JSON");
    assert!(text.contains(r#""norm":false"#), "{text}");
    let back: ModelSpec = serde_json::from_str(&on).expect("reads back");
    assert_eq!(back, mamba2());
}

/// Zamba's attention is `2·hidden_size` wide (its shared block reads the
/// concatenated input and embeddings), so another `attention_hidden_size` is
/// refused, but only where a hybrid layer uses it: an all-Mamba Zamba builds
/// no attention and reads no width.
#[test]
fn zamba_checks_its_attention_width_only_where_a_layer_uses_it() {
    let mut config = case_config("zamba", "zamba__switches__minimal.json");
    config["attention_hidden_size"] = 128.into();
    let err = flopcast_core::config::parse_config(&config.to_string())
        .expect_err("128 is not 2 × 128")
        .to_string();
    assert!(err.contains("attention_hidden_size"), "{err}");
    config["layers_block_type"] = serde_json::json!(["mamba", "mamba", "mamba", "mamba"]);
    let parsed = flopcast_core::config::parse_config(&config.to_string()).expect("no attention");
    assert!(parsed.spec.stacks[0]
        .groups
        .iter()
        .all(|g| g.layer.attn.is_none()));
}
