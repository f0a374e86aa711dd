//! The structures the mixture-of-experts, MLA and sparse-attention families
//! brought (issue 12), from config snippets: how each changes the spec, the
//! parameter count and the FLOPs. Exactness against PyTorch is in
//! `family_checks.rs`; these pin the formulas and the refusals.

use flopcast_core::config::parse_config;
use flopcast_core::flops::{causal_context, forward_flops_per_token, Convention, FlopBreakdown};
use flopcast_core::model::{Ffn, ModelSpec};
use flopcast_core::params::count_params;

fn spec(json: &str) -> ModelSpec {
    match parse_config(json) {
        Ok(p) => p.spec,
        Err(e) => panic!("{json}: {e}"),
    }
}

fn term(b: &FlopBreakdown, key: &str) -> f64 {
    b.terms
        .iter()
        .find(|t| t.key == key)
        .map_or(0.0, |t| t.flops)
}

fn assert_close(a: f64, b: f64) {
    assert!(crate::close(a, b, 1e-12), "{a} != {b}");
}

/// A small DeepSeek-sparse-attention model: d 256, 4 layers, 4 heads, MLA with
/// a 96-wide query latent, an indexer of 4 heads of 32 keeping 16 keys.
fn dsa(model_type: &str, extra: &str) -> String {
    format!(
        r#"{{"model_type": "{model_type}", "hidden_size": 256, "num_hidden_layers": 4,
        "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 512,
        "moe_intermediate_size": 64, "n_routed_experts": 8, "num_experts_per_tok": 2,
        "n_shared_experts": 1, "first_k_dense_replace": 1, "q_lora_rank": 96,
        "kv_lora_rank": 64, "qk_nope_head_dim": 32, "qk_rope_head_dim": 16, "v_head_dim": 32,
        "vocab_size": 4000, "index_n_heads": 4, "index_head_dim": 32, "index_topk": 16{extra}}}"#
    )
}

/// A null `indexer_types` lists nothing: GLM-5 then runs its indexer on every
/// layer, as without the key.
#[test]
fn a_null_indexer_list_is_a_missing_one() {
    assert_eq!(
        spec(&dsa("glm_moe_dsa", r#", "indexer_types": null"#)).stacks,
        spec(&dsa("glm_moe_dsa", "")).stacks
    );
}

#[test]
fn a_sparse_attention_indexer_counts_its_projections_and_key_norm() {
    let with = count_params(&spec(&dsa("deepseek_v32", "")));
    let without = count_params(&spec(&dsa("deepseek_v3", "")));
    // wq_b 96→4·32, wk 256→32, a LayerNorm over 32 (scale and bias), weights 256→4.
    let per_layer = 96 * 4 * 32 + 256 * 32 + 2 * 32 + 256 * 4;
    assert_eq!(with.total - without.total, 4 * per_layer);
}

#[test]
fn layers_that_reuse_an_index_selection_hold_no_indexer() {
    let all = count_params(&spec(&dsa("glm_moe_dsa", "")));
    // "FSSF": the middle two layers reuse the first one's selection.
    let shared = count_params(&spec(&dsa(
        "glm_moe_dsa",
        r#", "index_topk_pattern": "FSSF""#,
    )));
    let per_layer = 96 * 4 * 32 + 256 * 32 + 2 * 32 + 256 * 4;
    assert_eq!(all.total - shared.total, 2 * per_layer);
}

#[test]
fn sparse_attention_is_full_under_dense_and_capped_at_top_k_when_causal() {
    let s = spec(&dsa("deepseek_v32", ""));
    let seq = 256;
    let dense = forward_flops_per_token(&s, seq, Convention::Dense);
    let causal = forward_flops_per_token(&s, seq, Convention::Causal);
    // QKᵀ and A·V: 4 layers, 4 heads, (48 + 32) per key.
    assert_close(
        term(&dense, "attention_core"),
        2.0 * 4.0 * 256.0 * 4.0 * 80.0,
    );
    let keys = causal_context(seq, Some(16));
    assert_close(
        term(&causal, "attention_core"),
        2.0 * 4.0 * keys * 4.0 * 80.0,
    );
    // The indexer itself scores every visible key: all S under `dense`.
    let proj = 96.0 * 4.0 * 32.0 + 256.0 * 32.0 + 256.0 * 4.0;
    assert_close(
        term(&dense, "indexer"),
        4.0 * (2.0 * proj + 2.0 * 256.0 * 4.0 * 33.0),
    );
}

#[test]
fn zero_computation_experts_widen_the_router_and_hold_only_unused_weights() {
    let longcat = |zero: u64| {
        spec(&format!(
            r#"{{"model_type": "longcat_flash", "hidden_size": 256, "num_layers": 2,
            "num_attention_heads": 4, "ffn_hidden_size": 512, "expert_ffn_hidden_size": 64,
            "n_routed_experts": 8, "zero_expert_num": {zero}, "moe_topk": 3, "q_lora_rank": 96,
            "kv_lora_rank": 64, "qk_nope_head_dim": 32, "qk_rope_head_dim": 16, "head_dim": 16,
            "v_head_dim": 32, "vocab_size": 4000}}"#
        ))
    };
    let (with, without) = (longcat(4), longcat(0));
    // The spec (as the report exports it) holds their weights only with some.
    let weights = |s: &ModelSpec| {
        s.stacks[0]
            .groups
            .iter()
            .any(|g| matches!(&g.layer.ffn, Ffn::Moe(m) if m.zero_expert_weights))
    };
    assert!(weights(&with) && !weights(&without));
    let (p, q) = (count_params(&with), count_params(&without));
    // Per MoE sublayer: 4 more router rows and transformers' gate/up rows for 4
    // zero experts, which no token uses.
    let zero_weights = 4 * 2 * 64 * 256;
    assert_eq!(p.total - q.total, 2 * (4 * 256 + zero_weights));
    assert_eq!(p.active - q.active, 2 * 4 * 256);
    // The note on those unused weights comes with them: a spec that keeps the
    // zero experts without weights (as a spec written by hand may) counts
    // fewer parameters and says nothing about weights it does not hold.
    let unused = |p: &flopcast_core::params::ParamCounts| {
        p.approximations
            .iter()
            .any(|a| a.contains("gate/up weights for the zero-computation experts"))
    };
    let mut bare = with.clone();
    for g in &mut bare.stacks[0].groups {
        if let Ffn::Moe(m) = &mut g.layer.ffn {
            m.zero_expert_weights = false;
        }
    }
    let r = count_params(&bare);
    assert_eq!(p.total - r.total, 2 * zero_weights);
    assert!(unused(&p) && !unused(&r) && !unused(&q));
    // Two sublayers a layer: the first holds the experts beside its dense MLP.
    let groups = &with.stacks[0].groups;
    assert_eq!(groups.len(), 2);
    assert!(groups.iter().all(|g| g.count == 2));
    let dense = forward_flops_per_token(&with, 64, Convention::Dense);
    assert_close(term(&dense, "router"), 2.0 * 2.0 * 256.0 * 12.0);
    // The formula shows the zero experts apart, and only when there are some.
    let formula = |s: &ModelSpec| {
        let b = forward_flops_per_token(s, 64, Convention::Dense);
        b.terms
            .into_iter()
            .find(|t| t.key == "router")
            .expect("a router")
            .formula
    };
    assert_eq!(formula(&with), "2·2·256·(8 + 4)");
    assert_eq!(formula(&without), "2·2·256·8");
    assert_close(
        term(&dense, "experts"),
        2.0 * 2.0 * 3.0 * 3.0 * 256.0 * 64.0,
    );
}

#[test]
fn longcat_counts_num_hidden_layers_as_sublayers() {
    let base = r#""model_type": "longcat_flash", "hidden_size": 256, "num_attention_heads": 4,
        "ffn_hidden_size": 512, "expert_ffn_hidden_size": 64, "n_routed_experts": 8,
        "zero_expert_num": 4, "moe_topk": 3, "q_lora_rank": 96, "kv_lora_rank": 64,
        "qk_nope_head_dim": 32, "qk_rope_head_dim": 16, "v_head_dim": 32, "vocab_size": 4000"#;
    let pairs = spec(&format!("{{{base}, \"num_layers\": 3}}"));
    let sublayers = spec(&format!("{{{base}, \"num_hidden_layers\": 6}}"));
    assert_eq!(pairs, sublayers);
    assert_eq!(pairs.n_layers(), 6);
    let odd = parse_config(&format!("{{{base}, \"num_hidden_layers\": 5}}")).unwrap_err();
    assert!(odd.to_string().contains("num_hidden_layers"), "{odd}");
    // Its forward splits each query head into the no-RoPE and RoPE widths.
    let same = format!("{{{base}, \"num_layers\": 3, \"qk_head_dim\": 48}}");
    assert_eq!(spec(&same), pairs);
    let other = parse_config(&format!(
        "{{{base}, \"num_layers\": 3, \"qk_head_dim\": 64}}"
    ));
    assert!(other.unwrap_err().to_string().contains("qk_head_dim"));
}

#[test]
fn attention_experts_hold_every_pair_but_a_token_uses_top_k() {
    let jet = |k: u64| {
        spec(&format!(
            r#"{{"model_type": "jetmoe", "hidden_size": 256, "num_hidden_layers": 2,
            "num_key_value_heads": 4, "kv_channels": 32, "intermediate_size": 128,
            "num_local_experts": 4, "num_experts_per_tok": {k}, "vocab_size": 4000}}"#
        ))
    };
    // Every expert a token (top-k = experts) is allowed, as in JetMoE's class.
    assert_eq!(jet(4).main_attention().map(|a| a.n_heads), Some(16));
    let s = jet(2);
    let attn = s.main_attention().expect("attention");
    // Query heads: key/value heads × experts per token.
    assert_eq!((attn.n_heads, attn.n_kv_heads), (8, 4));
    let p = count_params(&s);
    // Per layer: 2 of 4 query/output pairs (256→128 and back) and 2 of 4 MLP
    // experts (gated, 256→128) are unused.
    let unused = 2 * (2 * 256 * 128) + 2 * (3 * 256 * 128);
    assert_eq!(p.total - p.active, 2 * unused);
    // The FLOPs are those of 8 heads (plus two routers per layer).
    let dense = forward_flops_per_token(&s, 16, Convention::Dense);
    assert_close(
        term(&dense, "attention_proj"),
        2.0 * 2.0 * (256.0 * (8.0 + 2.0 * 4.0) * 32.0 + 8.0 * 32.0 * 256.0),
    );
    assert_close(term(&dense, "router"), 2.0 * 2.0 * 2.0 * 256.0 * 4.0);
}

#[test]
fn hyper_connections_add_two_mixings_a_layer_and_one_collapse() {
    let hy = |n: u64| count_params(&spec(&dsa("hy_v4", &format!(r#", "hc_mult": {n}"#))));
    let (two, three) = (hy(2), hy(3));
    // A mixing: Linear(n·d, 2n) + 2n biases + 2 scales; the collapse
    // Linear(n·d, n) + n biases + 1 scale.
    let mix = |n: u64| n * 256 * 2 * n + 2 * n + 2;
    let collapse = |n: u64| n * 256 * n + n + 1;
    let hc = |n: u64| 4 * 2 * mix(n) + collapse(n);
    assert_eq!(three.total - two.total, hc(3) - hc(2));
}

#[test]
fn output_gates_project_per_head_or_per_channel() {
    let laguna = |gating: &str| {
        count_params(&spec(&format!(
            r#"{{"model_type": "laguna", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64,
            "intermediate_size": 512, "moe_intermediate_size": 64, "num_experts": 8,
            "num_experts_per_tok": 2, "vocab_size": 4000, "gating": {gating}}}"#
        )))
        .total
    };
    // Per layer: Linear(256, 4·64) against Linear(256, 4).
    assert_eq!(
        laguna(r#""per-element""#) - laguna("true"),
        2 * 256 * (256 - 4)
    );
    assert_eq!(laguna("false"), laguna(r#""per-element""#));
}

#[test]
fn mimo_sliding_layers_double_the_key_value_heads_and_add_sinks() {
    let s = spec(
        r#"{"model_type": "mimo_v2_flash", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 64, "v_head_dim": 32,
        "intermediate_size": 512, "vocab_size": 4000,
        "layer_types": ["full_attention", "sliding_attention"],
        "mlp_layer_types": ["dense", "dense"]}"#,
    );
    let attns: Vec<_> = s.stacks[0]
        .groups
        .iter()
        .filter_map(|g| g.layer.attn.clone())
        .collect();
    assert_eq!(attns.len(), 2);
    let (full, sliding) = (&attns[0], &attns[1]);
    assert_eq!((full.n_kv_heads, full.sinks), (1, false));
    assert_eq!((sliding.n_kv_heads, sliding.sinks), (2, true));
    assert_eq!(sliding.window, Some(129));
    assert_eq!(sliding.v_head_dim, Some(32));
    // The layer list names the heads only where they differ from the model's
    // (the first attention block's 4 query / 1 key-value heads).
    let labels: Vec<String> = count_params(&s)
        .layers
        .into_iter()
        .map(|l| l.label)
        .collect();
    assert_eq!(
        labels,
        [
            "decoder layer, dense MLP",
            "decoder layer, dense MLP, 4 query / 2 key-value heads, sliding window 129",
        ]
    );
}

#[test]
fn hunyuan_per_layer_top_k_sets_each_layers_active_experts() {
    let s = spec(
        r#"{"model_type": "hunyuan_v1_moe", "hidden_size": 256, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64,
        "intermediate_size": 128, "num_experts": 4, "moe_topk": [1, 2, 2],
        "vocab_size": 4000}"#,
    );
    let ks: Vec<(u64, u64)> = s.stacks[0]
        .groups
        .iter()
        .filter_map(|g| match &g.layer.ffn {
            Ffn::Moe(m) => Some((g.count, m.top_k)),
            Ffn::Dense(_) | Ffn::None => None,
        })
        .collect();
    assert_eq!(ks, vec![(1, 1), (2, 2)]);
}

/// HunYuan-A13B's config keys on a small model: per-layer `moe_topk`,
/// `moe_intermediate_size` and `num_shared_expert` lists, `use_mixed_mlp_moe`.
fn hunyuan_a13b_shape(extra: &str) -> String {
    format!(
        r#"{{"model_type": "hunyuan_v1_moe", "hidden_size": 256, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64,
        "intermediate_size": 128, "num_experts": 4, "moe_topk": [2, 2, 2],
        "moe_intermediate_size": [128, 128, 128], "num_shared_expert": [1, 1, 1],
        "use_mixed_mlp_moe": true, "vocab_size": 4000{extra}}}"#
    )
}

#[test]
fn hunyuan_builds_one_shared_mlp_whatever_the_config_says() {
    // PyTorch (transformers 5.24, HunYuanMoEV1ForCausalLM on the meta device)
    // builds 4,117,632 parameters for this config, and the same 4,117,632 with
    // `num_shared_experts: 2` or `n_shared_experts: 0` added: the layer's
    // `shared_mlp` is one HunYuanMoEV1MLP of `intermediate_size` whatever the
    // config says (3 layers · 3 · 256 · 128 = 294,912 of them).
    for extra in [
        "",
        r#", "num_shared_experts": 2"#,
        r#", "n_shared_experts": 0"#,
    ] {
        let parsed = parse_config(&hunyuan_a13b_shape(extra)).expect("parses");
        let counts = count_params(&parsed.spec);
        assert_eq!(counts.total, 4_117_632, "{extra}");
        // HunYuanMoEV1Config has no shared-expert count to default.
        assert!(
            parsed
                .assumptions
                .iter()
                .all(|a| !a.text.contains("shared_experts")),
            "{extra}: {:?}",
            parsed.assumptions
        );
    }
}

#[test]
fn ernie_moe_layers_follow_start_end_and_interval() {
    let ernie = |end: i64| {
        spec(&format!(
            r#"{{"model_type": "ernie4_5_moe", "hidden_size": 256, "num_hidden_layers": 6,
            "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
            "moe_intermediate_size": 64, "moe_num_experts": 8, "moe_k": 2,
            "moe_layer_start_index": 1, "moe_layer_end_index": {end}, "moe_layer_interval": 2,
            "vocab_size": 4000}}"#
        ))
    };
    let moe_layers = |s: &ModelSpec| -> u64 {
        s.stacks[0]
            .groups
            .iter()
            .filter(|g| matches!(g.layer.ffn, Ffn::Moe(_)))
            .map(|g| g.count)
            .sum()
    };
    // (i + 1) % 2 == 0 and 1 ≤ i ≤ 4: layers 1 and 3.
    let s = ernie(4);
    assert_eq!(moe_layers(&s), 2);
    // The learned score-correction bias is a parameter: E per MoE layer.
    assert_eq!(count_params(&s).breakdown.router, 2 * (256 * 8 + 8));
    // An end of −1 (Ernie4_5_MoeConfig's default) is the last layer: layers
    // 1, 3 and 5, as an end of 5.
    assert_eq!((moe_layers(&ernie(-1)), moe_layers(&ernie(5))), (3, 3));
}

#[test]
fn dbrx_reads_its_nested_attention_and_ffn_sections() {
    let s = spec(
        r#"{"model_type": "dbrx", "d_model": 256, "n_heads": 8, "n_layers": 2,
        "vocab_size": 4000, "max_seq_len": 512,
        "attn_config": {"kv_n_heads": 2, "clip_qkv": 8, "rope_theta": 500000},
        "ffn_config": {"ffn_hidden_size": 128, "moe_num_experts": 4, "moe_top_k": 2}}"#,
    );
    assert_eq!(s.n_kv_heads(), 2);
    assert_eq!(s.context_len(), 512);
    let m = s.moe().expect("experts");
    assert_eq!((m.n_experts, m.top_k, m.expert.d_ff), (4, 2, 128));
    // Other families' expert keys at the top are not DbrxConfig's: no shared
    // expert, no other width.
    let stray = spec(
        r#"{"model_type": "dbrx", "d_model": 256, "n_heads": 8, "n_layers": 2,
        "vocab_size": 4000, "max_seq_len": 512, "n_shared_experts": 2,
        "moe_intermediate_size": 64, "shared_expert_intermediate_size": 512,
        "attn_config": {"kv_n_heads": 2, "clip_qkv": 8, "rope_theta": 500000},
        "ffn_config": {"ffn_hidden_size": 128, "moe_num_experts": 4, "moe_top_k": 2}}"#,
    );
    assert_eq!(stray.stacks, s.stacks);
}

#[test]
fn dots1_without_its_expert_count_is_refused_by_name() {
    let err = parse_config(
        r#"{"model_type": "dots1", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
        "vocab_size": 4000,
        "n_routed_experts": null, "num_experts_per_tok": 2, "n_shared_experts": 1}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("`n_routed_experts`"), "{err}");
    assert!(err.contains("Dots1Config"), "{err}");
    // Nor a top-k: Dots1Config has no default (DeepSeek-V2's 6 is its own).
    let err = parse_config(
        r#"{"model_type": "dots1", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
        "vocab_size": 4000, "n_routed_experts": 8, "n_shared_experts": 1}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("`num_experts_per_tok`"), "{err}");
    // An unknown family with experts and no top-k: refused by name too
    // (DeepSeek-V2's assumed 6 is its own).
    let err = parse_config(
        r#"{"model_type": "acme_moe", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 4000,
        "num_experts": 8, "moe_intermediate_size": 64}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("num_experts_per_tok"), "{err}");
}

#[test]
fn a_dots3_checkpoint_with_its_text_settings_at_the_top_counts_the_language_model() {
    let text = r#""hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4,
        "num_key_value_heads": 4, "intermediate_size": 512, "moe_intermediate_size": 64,
        "n_routed_experts": 8, "num_experts_per_tok": 2, "n_shared_experts": 1,
        "q_lora_rank": 64, "kv_lora_rank": 32, "qk_nope_head_dim": 32, "qk_rope_head_dim": 16,
        "v_head_dim": 32, "vocab_size": 4000, "index_n_heads": 4, "index_head_dim": 32"#;
    let top = parse_config(&format!(
        r#"{{"model_type": "dots3_note", {text}, "vision_config": {{"hidden_size": 64}}}}"#
    ))
    .expect("parses");
    let nested = parse_config(&format!(
        r#"{{"model_type": "dots3_note", "text_config": {{"model_type": "dots3_note_text", {text}}},
        "vision_config": {{"hidden_size": 64}}}}"#
    ))
    .expect("parses");
    assert!(top.spec.vision_tower && nested.spec.vision_tower);
    assert_eq!(
        count_params(&top.spec).total,
        count_params(&nested.spec).total
    );
    assert_eq!(top.spec.stacks, nested.spec.stacks);
}

#[test]
fn gated_norms_add_a_low_rank_bottleneck_each() {
    let axk2 = |rank: u64| {
        count_params(&spec(&dsa(
            "axk2",
            &format!(r#", "gated_norm_rank": {rank}"#),
        )))
        .total
    };
    // Layer 0 is dense (one gated norm), layers 1–3 MoE (two): 7 gates of 2·256·rank.
    assert_eq!(axk2(8) - axk2(4), 7 * 2 * 256 * 4);
}

/// DeepSeek-V4-Flash's shape scaled down: d 256, 4 heads of 64 through a 96-wide
/// query latent, one key/value head, output in 2 groups of 32, a window of 16,
/// CSA every 4 tokens (indexer of 4 heads of 32 keeping 8), HCA every 16, 2
/// residual streams.
fn v4(extra: &str) -> String {
    format!(
        r#"{{"model_type": "deepseek_v4", "hidden_size": 256, "num_hidden_layers": 4,
        "num_attention_heads": 4, "head_dim": 64, "q_lora_rank": 96,
        "moe_intermediate_size": 64, "n_routed_experts": 8, "num_experts_per_tok": 2,
        "vocab_size": 4000, "o_groups": 2, "o_lora_rank": 32, "index_n_heads": 4,
        "index_head_dim": 32, "index_topk": 8, "sliding_window": 16, "hc_mult": 2,
        "compress_rates": {{"compressed_sparse_attention": 4,
        "heavily_compressed_attention": 16}}{extra}}}"#
    )
}

#[test]
fn deepseek_v4_defaults_to_two_hca_layers_then_csa_on_odd_layers() {
    let s = spec(&v4(r#", "num_hidden_layers": 6"#));
    let rates: Vec<(u64, Option<u64>)> = s.stacks[0]
        .groups
        .iter()
        .map(|g| {
            let a = g.layer.attn.as_ref().expect("attention");
            (g.count, a.compressed.map(|c| c.rate))
        })
        .collect();
    // Layers 0, 1, 2, 4 HCA (16); 3 and 5 CSA (4).
    assert_eq!(rates, vec![(4, Some(16)), (2, Some(4))]);
    let legacy = spec(&v4(
        r#", "compress_ratios": [0, 4, 128, 0], "compress_rate_hca": 8"#,
    ));
    let kinds: Vec<Option<u64>> = legacy.stacks[0]
        .groups
        .iter()
        .map(|g| {
            g.layer
                .attn
                .as_ref()
                .and_then(|a| a.compressed.map(|c| c.rate))
        })
        .collect();
    assert_eq!(kinds, vec![None, Some(4), Some(8)]);
}

#[test]
fn deepseek_v4_attention_counts_its_latent_query_grouped_output_and_compressors() {
    let sliding = count_params(&spec(&v4(
        r#", "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention"]"#,
    )));
    let hca = count_params(&spec(&v4(
        r#", "layer_types": ["heavily_compressed_attention", "sliding_attention", "sliding_attention", "sliding_attention"]"#,
    )));
    let csa = count_params(&spec(&v4(
        r#", "layer_types": ["compressed_sparse_attention", "sliding_attention", "sliding_attention", "sliding_attention"]"#,
    )));
    // A sliding layer: q_a 256→96 and its norm, q_b 96→4·64, one key/value head
    // 256→64 and its norm, o_a 64·4·32 (block-diagonal), o_b 2·32→256, 4 sinks.
    let attn = 256 * 96 + 96 + 96 * 4 * 64 + 256 * 64 + 64 + 32 * 4 * 64 + 2 * 32 * 256 + 4;
    assert_eq!(
        sliding.breakdown.attention + sliding.breakdown.norms - 4 * 2 * 256 - 256,
        4 * attn
    );
    // HCA: kv and gate 256→64, a position bias 16×64 and a norm over 64.
    assert_eq!(hca.total - sliding.total, 2 * 256 * 64 + 16 * 64 + 64);
    // CSA: twice as wide (overlapping windows) at rate 4, and the indexer's own
    // compressor (256→2·32 twice, 4×2·32, norm 32), q_b 96→4·32 and weights 256→4.
    let indexer = 2 * 256 * 64 + 4 * 64 + 32 + 96 * 4 * 32 + 256 * 4;
    assert_eq!(
        csa.total - sliding.total,
        2 * 256 * 128 + 4 * 128 + 64 + indexer
    );
}

#[test]
fn deepseek_v4_queries_attend_to_the_window_and_the_compressed_entries() {
    let s = spec(&v4(
        r#", "layer_types": ["heavily_compressed_attention", "compressed_sparse_attention", "sliding_attention", "sliding_attention"]"#,
    ));
    let seq = 64;
    let dense = forward_flops_per_token(&s, seq, Convention::Dense);
    let causal = forward_flops_per_token(&s, seq, Convention::Causal);
    // The implementation scores all S keys and the ⌊S/m⌋ entries: 64/16 and 64/4.
    let per_key = 2.0 * 4.0 * 128.0;
    assert_close(
        term(&dense, "attention_core"),
        per_key * (4.0 * 64.0 + 4.0 + 16.0),
    );
    // Causal: the window, plus on average Σₜ⌊t/m⌋/S entries (100/64 for HCA;
    // CSA keeps at most 8: Σ_{t<32}⌊t/4⌋ + 8·33 = 376).
    let window = causal_context(seq, Some(16));
    assert_close(
        term(&causal, "attention_core"),
        per_key * (4.0 * window + 100.0 / 64.0 + 376.0 / 64.0),
    );
    // The indexer scores every complete entry it can see: 16 under dense.
    let proj = 2.0 * 256.0 * 64.0 + 96.0 * 128.0 + 256.0 * 4.0;
    assert_close(term(&dense, "indexer"), 2.0 * proj + 2.0 * 16.0 * 128.0);
    assert_close(
        term(&dense, "compressor"),
        2.0 * 2.0 * 256.0 * 64.0 + 2.0 * 2.0 * 256.0 * 128.0,
    );
    // Two n×n stream mixes a layer beside the mixings of (2 + n)·n outputs.
    let n = 2.0;
    assert_close(
        term(&dense, "hyper_connections"),
        2.0 * 4.0 * 2.0 * n * 256.0 * 8.0 + 2.0 * n * 256.0 * n + 2.0 * 4.0 * 2.0 * n * n * 256.0,
    );
}

/// mHC at its widest: 64 streams mix into (2 + 64)·64 outputs a block, the
/// largest mixing a spec may hold; 65 streams are refused by name.
#[test]
fn deepseek_v4_reads_up_to_64_residual_streams() {
    let hc = |n: u64| spec(&v4(&format!(r#", "hc_mult": {n}"#)));
    let widest = hc(64);
    let h = widest
        .hyper_connections
        .as_deref()
        .expect("hyper-connections");
    assert_eq!((h.streams, h.outputs), (64, 64 * 66));
    // Per layer, an attention and an MLP mixing: Linear(n·256, (2+n)·n) with
    // (2+n)·n biases and 3 scales; the collapse Linear(n·256, n), n biases, 1 scale.
    let mix = |n: u64| n * 256 * (2 + n) * n + (2 + n) * n + 3;
    let all = |n: u64| 4 * 2 * mix(n) + n * 256 * n + n + 1;
    assert_eq!(
        count_params(&widest).total - count_params(&hc(2)).total,
        all(64) - all(2)
    );
    let err = parse_config(&v4(r#", "hc_mult": 65"#)).unwrap_err();
    assert!(err.to_string().contains("hc_mult"), "{err}");
}

#[test]
fn deepseek_v4_refuses_what_its_config_class_refuses() {
    for (extra, key) in [
        (
            r#", "compress_ratios": [0, 4, 64, 0]"#,
            "compress_ratios[2]",
        ),
        (r#", "layer_types": ["sliding_attention"]"#, "layer_types"),
        (r#", "compress_ratios": [0, 4, 128]"#, "compress_ratios"),
        (r#", "o_groups": 3"#, "o_groups"),
        (r#", "num_experts_per_tok": 9"#, "num_experts_per_tok"),
    ] {
        let err = parse_config(&v4(extra)).unwrap_err();
        assert!(err.to_string().contains(key), "{extra}: {err}");
    }
    // A longer list (real checkpoints add the MTP layer's rate) is read for
    // the layers there are.
    assert!(parse_config(&v4(r#", "compress_ratios": [0, 4, 128, 0, 4]"#)).is_ok());
    // A given `compress_rates` replaces the defaults whole: HCA layers then
    // have no rate.
    let json = v4("").replace(
        r#",
        "heavily_compressed_attention": 16"#,
        "",
    );
    let err = parse_config(&json).unwrap_err();
    assert!(
        err.to_string()
            .contains("compress_rates.heavily_compressed_attention"),
        "{err}"
    );
}

/// Doge's MoE may route every token to every expert, but not to more experts
/// than it has.
#[test]
fn doge_routes_to_at_most_all_of_its_experts() {
    let doge = |k: u64| {
        parse_config(&format!(
            r#"{{"model_type": "doge", "hidden_size": 256, "num_hidden_layers": 2,
                "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 512,
                "vocab_size": 4000, "is_moe": true, "num_experts": 64, "num_experts_per_tok": {k}}}"#
        ))
    };
    assert!(doge(64).is_ok());
    let err = doge(65).expect_err("65 of 64 experts").to_string();
    assert!(err.contains("num_experts_per_tok"), "{err}");
}

/// Qwen2MoeConfig slides every other layer from the first, below
/// `max_window_layers` (transformers 5.24: layers 0, 2 and 4 of 8 with
/// `max_window_layers` 6).
#[test]
fn qwen2_moe_slides_even_layers_below_max_window_layers() {
    let s = spec(
        r#"{"model_type": "qwen2_moe", "hidden_size": 256, "num_hidden_layers": 8,
        "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 512,
        "moe_intermediate_size": 64, "shared_expert_intermediate_size": 128,
        "num_experts": 8, "num_experts_per_tok": 2, "vocab_size": 4000,
        "use_sliding_window": true, "sliding_window": 1024, "max_window_layers": 6}"#,
    );
    // Layers are grouped by kind, so count them: 3 sliding, 5 full.
    let count = |window: Option<u64>| -> u64 {
        s.stacks
            .iter()
            .flat_map(|st| &st.groups)
            .filter(|g| g.layer.attn.as_ref().and_then(|a| a.window) == window)
            .map(|g| g.count)
            .sum()
    };
    assert_eq!((count(Some(1024)), count(None)), (3, 5));
}

/// Qwen3MoeConfig keeps `sliding_window` only with `use_sliding_window`, and
/// every Qwen3MoeAttention reads it (transformers 5.24,
/// `modeling_qwen3_moe.py`): all layers slide, `max_window_layers` aside.
#[test]
fn qwen3_moe_slides_every_layer_with_use_sliding_window() {
    let config = |on: bool| {
        spec(&format!(
            r#"{{"model_type": "qwen3_moe", "hidden_size": 256, "num_hidden_layers": 8,
            "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 512,
            "moe_intermediate_size": 64, "num_experts": 8, "num_experts_per_tok": 2,
            "vocab_size": 4000, "use_sliding_window": {on}, "sliding_window": 1024,
            "max_window_layers": 6}}"#
        ))
    };
    let windows = super::features::windows;
    assert_eq!(windows(&config(true)), [(8, Some(1024))]);
    assert_eq!(windows(&config(false)), [(8, None)]);
}

/// An unknown family with Qwen's `shared_expert_intermediate_size` and no
/// `n_shared_experts` has one shared expert of that width, and none when the
/// width is 0.
#[test]
fn an_unknown_family_reads_a_qwen_style_shared_expert() {
    let with = |width: u64| {
        spec(&format!(
            r#"{{"model_type": "acme_moe", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 4000,
            "num_experts": 8, "num_experts_per_tok": 2, "moe_intermediate_size": 64,
            "shared_expert_intermediate_size": {width}}}"#
        ))
    };
    let shared = |s: &ModelSpec| {
        s.moe()
            .expect("a MoE layer")
            .shared
            .as_ref()
            .map(|x| (x.count, x.d_ff))
    };
    assert_eq!(shared(&with(128)), Some((1, 128)));
    assert_eq!(shared(&with(0)), None);
}

/// DeepSeek-V4 checkpoints carry `num_nextn_predict_layers` multi-token
/// prediction modules (DeepseekV4Config: 1 by default) that transformers does
/// not build: they are not counted, and the count says so.
#[test]
fn deepseek_v4_notes_its_uncounted_mtp_modules() {
    let mtp_note = |s: &ModelSpec| {
        count_params(s)
            .approximations
            .into_iter()
            .find(|n| n.contains("multi-token-prediction"))
    };
    let plain = spec(&v4(""));
    assert_eq!(plain.mtp_layers, 1);
    let two = spec(&v4(r#", "num_nextn_predict_layers": 2"#));
    assert_eq!(two.mtp_layers, 2);
    assert!(
        mtp_note(&two).is_some_and(|n| n.contains("2 multi-token-prediction modules")),
        "{:?}",
        mtp_note(&two)
    );
    let none = spec(&v4(r#", "num_nextn_predict_layers": 0"#));
    assert_eq!(mtp_note(&none), None);
    assert_eq!(count_params(&plain).total, count_params(&two).total);
}

/// DeepSeek-V4 may route a token to every expert, and no more.
#[test]
fn deepseek_v4_routes_at_most_every_expert() {
    let all = spec(&v4(r#", "num_experts_per_tok": 8"#));
    assert_eq!(all.moe().map(|m| m.top_k), Some(8));
    let over = parse_config(&v4(r#", "num_experts_per_tok": 9"#)).expect_err("9 of 8");
    assert_eq!(over.key(), Some("num_experts_per_tok"), "{over}");
}

/// dots3's small case as the released checkpoint spells it (`swa_*` keys,
/// no `per_layer_config`).
fn dots3_small() -> serde_json::Value {
    super::family_checks::case_config("dots3_note_text", "dots3_note_text__small__minimal.json")
}

/// Legacy dots3 checkpoints name their indexed layers "full_attention" and
/// leave `use_dsa` to its default, true: those layers get the indexer.
/// `use_dsa` false makes every such layer plain full attention.
#[test]
fn dots3_use_dsa_turns_full_attention_layers_into_indexed_ones() {
    let with_types = |name: &str, use_dsa: Option<bool>| {
        let mut c = dots3_small();
        let kinds = [
            name,
            name,
            "sliding_attention",
            "sliding_attention",
            "sliding_attention",
            name,
            "sliding_attention",
            "sliding_attention",
        ];
        c["layer_types"] = serde_json::json!(kinds);
        if let Some(u) = use_dsa {
            c["use_dsa"] = u.into();
        }
        spec(&c.to_string())
    };
    let indexed_layers = |s: &ModelSpec| -> u64 {
        s.stacks[0]
            .groups
            .iter()
            .filter(|g| g.layer.attn.as_ref().is_some_and(|a| a.indexer.is_some()))
            .map(|g| g.count)
            .sum()
    };
    let legacy = with_types("full_attention", None);
    assert_eq!(indexed_layers(&legacy), 3);
    // Every layer's query/key width is its MLA split's, sliding ones too.
    for g in &legacy.stacks[0].groups {
        let a = g.layer.attn.as_ref().expect("attention");
        let m = a.mla.expect("MLA");
        assert_eq!(a.head_dim, m.qk_nope_head_dim + m.qk_rope_head_dim);
    }
    assert_eq!(legacy.stacks, with_types("indexed_attention", None).stacks);
    assert_eq!(
        indexed_layers(&with_types("full_attention", Some(false))),
        0
    );
    assert_eq!(
        indexed_layers(&with_types("indexed_attention", Some(false))),
        0
    );
    // Without `layer_types`, Dots3Config's derived pattern (layers 0, 1 and
    // every fourth from 1 full, the rest sliding) is read the same way.
    let derived = |use_dsa: Option<bool>| {
        let mut c = dots3_small();
        c.as_object_mut().expect("an object").remove("layer_types");
        if let Some(u) = use_dsa {
            c["use_dsa"] = u.into();
        }
        indexed_layers(&spec(&c.to_string()))
    };
    assert_eq!(derived(None), indexed_layers(&legacy));
    assert_eq!(derived(Some(false)), 0);
}

#[test]
fn dots3_sliding_layer_settings_must_be_positive() {
    let case = dots3_small();
    parse_config(&case.to_string()).expect("the case parses");
    let mut zero = case;
    zero["swa_num_attention_heads"] = 0.into();
    let err = parse_config(&zero.to_string()).unwrap_err().to_string();
    assert!(
        err.contains("swa_num_attention_heads") && err.contains("positive"),
        "{err}"
    );
}

/// The families whose checkpoints carry multi-token-prediction modules that
/// transformers does not build count them only where the config names them
/// (DeepSeek-V3's own default is 1; theirs is none).
#[test]
fn mtp_modules_beyond_deepseek_v3_are_counted_where_the_config_names_them() {
    for model_type in ["deepseek_v32", "glm_moe_dsa"] {
        let none = spec(&dsa(model_type, ""));
        let one = spec(&dsa(model_type, r#", "num_nextn_predict_layers": 1"#));
        assert_eq!((none.mtp_layers, one.mtp_layers), (0, 1), "{model_type}");
    }
}

/// MiMoV2FlashConfig: a `sliding_window_size` sets the window to one more,
/// whatever `sliding_window` says.
#[test]
fn mimo_sliding_window_size_wins_over_sliding_window() {
    let mut config =
        super::family_checks::case_config("mimo_v2_flash", "mimo_v2_flash__bias_window_size.json");
    config["sliding_window"] = 129.into();
    let s = spec(&config.to_string());
    let windows: Vec<u64> = s.stacks[0]
        .groups
        .iter()
        .filter_map(|g| g.layer.attn.as_ref().and_then(|a| a.window))
        .collect();
    assert!(
        !windows.is_empty() && windows.iter().all(|&w| w == 65),
        "{windows:?}"
    );
}

/// Ernie4_5_MoE's, Dots1's and FlexOlmo's attention take `hidden_size //
/// num_attention_heads` when no `head_dim` is given, rounded down where the
/// heads do not fill the width.
#[test]
fn moe_heads_that_do_not_fill_the_width_are_rounded_down() {
    for json in [
        r#"{"model_type": "ernie4_5_moe", "hidden_size": 250, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
        "moe_intermediate_size": 64, "moe_num_experts": 8, "moe_k": 2, "vocab_size": 4000}"#,
        r#"{"model_type": "dots1", "hidden_size": 250, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
        "moe_intermediate_size": 64, "n_routed_experts": 8, "num_experts_per_tok": 2,
        "n_shared_experts": 1, "vocab_size": 4000}"#,
        r#"{"model_type": "flex_olmo", "hidden_size": 250, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
        "num_experts": 8, "num_experts_per_tok": 2, "vocab_size": 4000}"#,
    ] {
        let parsed = parse_config(json).expect("250 // 4 = 62");
        let attn = parsed.spec.stacks[0].groups[0]
            .layer
            .attn
            .clone()
            .expect("attention");
        assert_eq!(attn.head_dim, 62, "{json}");
        assert!(
            parsed
                .assumptions
                .iter()
                .any(|a| a.text.contains("250 // 4 = 62, rounded down")),
            "{:?}",
            parsed.assumptions
        );
    }
}

/// Laguna's per-layer query heads must each be a multiple of the key/value
/// heads; no key/value heads at all is refused by name, not divided by.
#[test]
fn laguna_heads_per_layer_are_checked_against_the_key_value_heads() {
    let laguna = |kv: u64, heads: &str| {
        parse_config(&format!(
            r#"{{"model_type": "laguna", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "num_key_value_heads": {kv}, "head_dim": 64,
            "intermediate_size": 512, "moe_intermediate_size": 64, "num_experts": 8,
            "num_experts_per_tok": 2, "vocab_size": 4000,
            "num_attention_heads_per_layer": {heads}}}"#
        ))
    };
    laguna(2, "[4, 8]").expect("4 and 8 heads over 2");
    let odd = laguna(2, "[4, 3]").expect_err("3 heads over 2").to_string();
    assert!(odd.contains("num_attention_heads_per_layer[1]"), "{odd}");
    // Past the largest width flopcast takes (2^24), an entry is refused by
    // its index, before anything is divided by it.
    let huge = laguna(2, &format!("[4, {}]", (1u64 << 24) + 2))
        .expect_err("2^24 + 2 heads")
        .to_string();
    assert!(
        huge.contains("num_attention_heads_per_layer[1]")
            && huge.contains("from 1 to 16777216 query heads"),
        "{huge}"
    );
    // 2^24 itself is read: that layer's query and output projections of
    // 2^24 heads of 64, and its per-head gate Linear(256, 2^24), against 4 heads.
    let total = |heads: &str| count_params(&laguna(2, heads).expect(heads).spec).total;
    assert_eq!(
        total(&format!("[4, {}]", 1u64 << 24)) - total("[4, 4]"),
        (2 * 64 + 1) * 256 * ((1 << 24) - 4)
    );
    let none = laguna(0, "[4, 8]")
        .expect_err("no key/value heads")
        .to_string();
    assert!(none.contains("num_key_value_heads"), "{none}");
}

/// dots3's `sliding_window_size` stands in for a missing `sliding_window` only
/// (MiMo's wins over it, above).
#[test]
fn dots3_sliding_window_size_only_stands_in_for_a_missing_window() {
    let windows = |c: &serde_json::Value| -> Vec<u64> {
        spec(&c.to_string()).stacks[0]
            .groups
            .iter()
            .filter_map(|g| g.layer.attn.as_ref().and_then(|a| a.window))
            .collect()
    };
    let mut both = dots3_small();
    both["sliding_window"] = 512.into();
    both["sliding_window_size"] = 128.into();
    let w = windows(&both);
    assert!(!w.is_empty() && w.iter().all(|&w| w == 512), "{w:?}");
    let mut size_only = dots3_small();
    size_only
        .as_object_mut()
        .expect("an object")
        .remove("sliding_window");
    size_only["sliding_window_size"] = 128.into();
    let w = windows(&size_only);
    assert!(!w.is_empty() && w.iter().all(|&w| w == 128), "{w:?}");
    // A window of 0 is none, as a `sliding_window` of 0 is.
    size_only["sliding_window_size"] = 0.into();
    assert_eq!(windows(&size_only), Vec::<u64>::new());
}

#[test]
fn shared_experts_past_the_dimension_limit_are_refused_by_name() {
    let with = |n: u64| {
        parse_config(&dsa(
            "deepseek_v32",
            &format!(r#", "n_shared_experts": {n}"#),
        ))
    };
    let max = flopcast_core::model::MAX_DIM;
    assert!(with(max).is_ok());
    let err = with(max + 1).expect_err("past the limit");
    assert_eq!(err.key(), Some("n_shared_experts"), "{err}");
    assert!(err.to_string().contains(&max.to_string()), "{err}");
}

#[test]
fn dots1_dense_layers_default_to_its_config_class_width() {
    // Dots1Config's `intermediate_size` defaults to 10,944 (Llama's is
    // 11,008); only the first_k_dense_replace dense layers use it.
    let s = spec(
        r#"{"model_type": "dots1", "hidden_size": 256, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 4000,
        "n_routed_experts": 8, "num_experts_per_tok": 2, "n_shared_experts": 1,
        "moe_intermediate_size": 64, "first_k_dense_replace": 1}"#,
    );
    let dense: Vec<(u64, u64)> = s
        .stacks
        .iter()
        .flat_map(|st| &st.groups)
        .filter_map(|g| match &g.layer.ffn {
            Ffn::Dense(m) => Some((g.count, m.d_ff)),
            _ => None,
        })
        .collect();
    assert_eq!(dense, [(1, 10_944)]);
}
