//! One test per architecture feature, from config snippets: how each one changes the
//! spec, the parameter count and the FLOPs.

use flopcast_core::config::parse_config;
use flopcast_core::flops::{forward_flops_per_token, Convention, FlopBreakdown};
use flopcast_core::model::{Ffn, ModelSpec, StackKind};
use flopcast_core::params::count_params;

fn spec(json: &str) -> ModelSpec {
    match parse_config(json) {
        Ok(p) => p.spec,
        Err(e) => panic!("{json}: {e}"),
    }
}

fn fixture(file: &str) -> ModelSpec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs")
        .join(file);
    spec(&std::fs::read_to_string(path).expect("fixture exists"))
}

/// Asserts two FLOP figures agree to 1e-12 relative (exact for representable integers).
fn assert_close(a: f64, b: f64) {
    assert!(crate::close(a, b, 1e-12), "{a} != {b}");
}

fn term(b: &FlopBreakdown, key: &str) -> f64 {
    b.terms
        .iter()
        .find(|t| t.key == key)
        .map_or(0.0, |t| t.flops)
}

/// `(count, window)` of every layer group.
pub(super) fn windows(s: &ModelSpec) -> Vec<(u64, Option<u64>)> {
    s.stacks[0]
        .groups
        .iter()
        .map(|g| (g.count, g.layer.attn.as_ref().and_then(|a| a.window)))
        .collect()
}

#[test]
fn grouped_query_attention_shrinks_key_and_value_projections() {
    let mha = count_params(&spec("{\"model_type\": \"llama\"}"));
    let gqa = count_params(&spec(
        "{\"model_type\": \"llama\", \"num_key_value_heads\": 8}",
    ));
    assert_eq!(mha.total - gqa.total, 32 * 2 * 4096 * (4096 - 1024));
}

#[test]
fn families_without_gqa_ignore_key_value_head_counts() {
    let parsed = parse_config("{\"model_type\": \"gpt2\", \"num_key_value_heads\": 4}").unwrap();
    assert_eq!(parsed.spec.n_kv_heads(), 12);
    assert!(parsed
        .assumptions
        .iter()
        .any(|a| a.text.contains("is ignored")));
}

#[test]
fn tied_embeddings_drop_the_head_matrix() {
    let untied = count_params(&spec("{\"model_type\": \"qwen2\"}"));
    let tied = count_params(&spec(
        "{\"model_type\": \"qwen2\", \"tie_word_embeddings\": true}",
    ));
    assert_eq!(untied.total - tied.total, 151936 * 4096);
    assert_eq!(tied.head, 0);
    assert_eq!(count_params(&fixture("Qwen__Qwen2.5-1.5B.json")).head, 0);
}

#[test]
fn qwen2_has_biases_on_query_key_value_only() {
    let s = fixture("Qwen__Qwen2.5-7B.json");
    let a = s.main_attention().unwrap();
    assert!(a.qkv_bias && !a.o_bias);
}

#[test]
fn gpt2_opt_and_bert_have_biases_on_every_linear() {
    for json in [
        "{\"model_type\": \"gpt2\"}",
        "{\"model_type\": \"opt\"}",
        "{\"model_type\": \"bert\"}",
    ] {
        let s = spec(json);
        let a = s.main_attention().unwrap();
        assert!(a.qkv_bias && a.o_bias, "{json}");
        match &s.stacks[0].groups[0].layer.ffn {
            Ffn::Dense(m) => assert!(m.bias && !m.gated, "{json}"),
            Ffn::Moe(_) | Ffn::None => panic!("dense expected"),
        }
    }
    let opt_no_bias = count_params(&spec("{\"model_type\": \"opt\", \"enable_bias\": false}"));
    assert_eq!(
        count_params(&spec("{\"model_type\": \"opt\"}")).total - opt_no_bias.total,
        12 * (4 * 768 + 3072 + 768)
    );
}

#[test]
fn learned_positions_follow_the_context_with_opt_offset_of_two() {
    assert_eq!(
        spec("{\"model_type\": \"gpt2\", \"n_positions\": 2048}")
            .embed
            .positions,
        2048
    );
    assert_eq!(spec("{\"model_type\": \"opt\"}").embed.positions, 2050);
    assert_eq!(spec("{\"model_type\": \"llama\"}").embed.positions, 0);
}

#[test]
fn opt_350m_projects_its_narrow_embedding() {
    let s = spec(
        "{\"model_type\": \"opt\", \"hidden_size\": 1024, \"num_hidden_layers\": 24, \
         \"num_attention_heads\": 16, \"ffn_dim\": 4096, \"word_embed_proj_dim\": 512, \
         \"do_layer_norm_before\": false}",
    );
    let p = count_params(&s);
    // Published size of facebook/opt-350m.
    assert_eq!(p.total, 331_196_416);
    assert_eq!(p.breakdown.other, 2 * 512 * 1024);
    assert!(!s.stacks[0].final_norm);
    let dense = forward_flops_per_token(&s, 1, Convention::Dense);
    assert_close(term(&dense, "lm_head"), 2.0 * 512.0 * 50272.0);
}

#[test]
fn bert_counts_token_types_and_the_pooler_but_no_head() {
    let s = fixture("google-bert__bert-base-uncased.json");
    assert_eq!(s.embed.token_types, 2);
    assert!(s.pooler && s.head.is_none());
    assert_eq!(s.stacks[0].kind, StackKind::Encoder);
    let p = count_params(&s);
    assert_eq!(p.breakdown.other, 768 * 768 + 768);
    assert_eq!(p.embedding, (30522 + 512 + 2) * 768);
    // Bidirectional attention is not halved.
    let dense = forward_flops_per_token(&s, 512, Convention::Dense);
    let causal = forward_flops_per_token(&s, 512, Convention::Causal);
    assert_close(dense.total, causal.total);
    assert_close(term(&dense, "lm_head"), 0.0);
}

#[test]
fn parallel_blocks_are_recorded_without_changing_counts() {
    let par = spec("{\"model_type\": \"gpt_neox\"}");
    let seq = spec("{\"model_type\": \"gpt_neox\", \"use_parallel_residual\": false}");
    assert!(par.stacks[0].groups[0].layer.parallel);
    assert!(!seq.stacks[0].groups[0].layer.parallel);
    assert_eq!(count_params(&par).total, count_params(&seq).total);
    assert!(
        spec("{\"model_type\": \"phi\"}").stacks[0].groups[0]
            .layer
            .parallel
    );
}

#[test]
fn falcon_layouts_follow_the_config_flags() {
    let mq = spec("{\"model_type\": \"falcon\"}");
    assert_eq!(
        (mq.n_kv_heads(), mq.stacks[0].groups[0].layer.norms),
        (1, 1)
    );
    let mha = spec("{\"model_type\": \"falcon\", \"multi_query\": false}");
    assert_eq!(mha.n_kv_heads(), 71);
    let new = spec(
        "{\"model_type\": \"falcon\", \"hidden_size\": 8192, \"num_attention_heads\": 128, \
         \"num_kv_heads\": 8, \"new_decoder_architecture\": true}",
    );
    assert_eq!(
        (new.n_kv_heads(), new.stacks[0].groups[0].layer.norms),
        (8, 2)
    );
    let serial = spec("{\"model_type\": \"falcon\", \"parallel_attn\": false}");
    assert_eq!(serial.stacks[0].groups[0].layer.norms, 2);
    // FalconConfig's `num_kv_heads` left out means one per query head, and
    // the note names Falcon's own key, not the usual `num_key_value_heads`.
    let unsaid = parse_config(
        "{\"model_type\": \"falcon\", \"hidden_size\": 8192, \"num_attention_heads\": 128, \
         \"new_decoder_architecture\": true}",
    )
    .expect("parses");
    assert_eq!(unsaid.spec.n_kv_heads(), 128);
    let note = unsaid
        .assumptions
        .iter()
        .find(|a| a.text.contains("no grouped-query attention"))
        .expect("a note on the key/value heads");
    assert_eq!(note.key.as_deref(), Some("num_kv_heads"), "{}", note.text);
    assert!(
        note.text.starts_with("`num_kv_heads` missing"),
        "{}",
        note.text
    );
}

#[test]
fn gated_mlps_have_three_matrices_and_plain_ones_two() {
    let t5 = count_params(&spec("{\"model_type\": \"t5\"}"));
    let gated = count_params(&spec(
        "{\"model_type\": \"t5\", \"feed_forward_proj\": \"gated-gelu\"}",
    ));
    assert_eq!(gated.total - t5.total, (6 + 6) * 512 * 2048);
}

#[test]
fn t5_v1_1_base_matches_its_published_size() {
    let s = spec(
        "{\"model_type\": \"t5\", \"d_model\": 768, \"d_ff\": 2048, \"num_layers\": 12, \
         \"num_heads\": 12, \"feed_forward_proj\": \"gated-gelu\", \"tie_word_embeddings\": false}",
    );
    assert_eq!(count_params(&s).total, 247_577_856);
    assert_eq!(s.stacks.len(), 2);
    assert_eq!(s.stacks[0].rel_pos_buckets, 32);
}

#[test]
fn t5_decoder_depth_can_differ_from_the_encoder() {
    let s = spec("{\"model_type\": \"t5\", \"num_layers\": 6, \"num_decoder_layers\": 2}");
    assert_eq!(s.stacks[0].groups[0].count, 6);
    assert_eq!(s.stacks[1].groups[0].count, 2);
    assert!(s.stacks[1].groups[0].layer.cross_attn.is_some());
    // T5Config reads a null `num_decoder_layers` as `num_layers`.
    let null = spec("{\"model_type\": \"t5\", \"num_layers\": 6, \"num_decoder_layers\": null}");
    assert_eq!(null.stacks[1].groups[0].count, 6);
}

#[test]
fn t5_flops_cover_encoder_and_decoder_tokens_with_causal_decoder_only() {
    let s = fixture("google-t5__t5-base.json");
    let dense = forward_flops_per_token(&s, 512, Convention::Dense);
    let causal = forward_flops_per_token(&s, 512, Convention::Causal);
    let core = |b: &FlopBreakdown| term(b, "attention_core");
    // Encoder self and decoder cross stay full; decoder self drops to (S+1)/2.
    let per_block = 12.0 * 2.0 * 512.0 * 12.0 * 128.0;
    assert_close(core(&dense), 3.0 * per_block);
    assert_close(core(&causal), 2.0 * per_block + per_block * 513.0 / 1024.0);
    assert!(dense.notes.iter().any(|n| n.contains("Encoder-decoder")));
}

#[test]
fn moe_counts_top_k_shared_experts_and_the_router() {
    let s = spec("{\"model_type\": \"qwen2_moe\"}");
    let p = count_params(&s);
    assert_eq!(p.breakdown.router, 24 * 60 * 2048);
    assert_eq!(p.breakdown.shared_experts, 24 * (3 * 2048 * 5632 + 2048));
    let dense = forward_flops_per_token(&s, 1, Convention::Dense);
    assert_eq!(
        term(&dense, "experts"),
        24.0 * 2.0 * 4.0 * 3.0 * 2048.0 * 1408.0
    );
    assert_eq!(
        term(&dense, "shared_experts"),
        24.0 * 2.0 * (3.0 * 2048.0 * 5632.0 + 2048.0)
    );
    let gpt_oss = fixture("openai__gpt-oss-20b.json");
    let moe = gpt_oss.moe().unwrap();
    assert!(moe.router_bias && moe.expert.bias);
}

#[test]
fn dense_layers_before_and_between_moe_layers_follow_the_config() {
    let count_moe = |s: &ModelSpec| -> u64 {
        s.stacks[0]
            .groups
            .iter()
            .filter(|g| matches!(g.layer.ffn, Ffn::Moe(_)))
            .map(|g| g.count)
            .sum()
    };
    assert_eq!(
        count_moe(&spec(
            "{\"model_type\": \"deepseek_v3\", \"first_k_dense_replace\": 5}"
        )),
        56
    );
    assert_eq!(
        count_moe(&spec(
            "{\"model_type\": \"qwen2_moe\", \"decoder_sparse_step\": 2}"
        )),
        12
    );
    assert_eq!(
        count_moe(&spec(
            "{\"model_type\": \"qwen3_moe\", \"mlp_only_layers\": [0, 1, 2]}"
        )),
        21
    );
    assert_eq!(
        count_moe(&spec(
            "{\"model_type\": \"kimi_k2\", \"moe_layer_freq\": 2, \"first_k_dense_replace\": 1}"
        )),
        30
    );
    // The last layer of every `decoder_sparse_step` (as Qwen2-MoE places
    // them), for a family flopcast does not know too: 2 of 5 layers at a step
    // of 2 (layers 1 and 3), not 3 (0, 2 and 4).
    let unknown = spec(
        r#"{"model_type": "acme_moe", "hidden_size": 256, "num_hidden_layers": 5,
        "num_attention_heads": 4, "intermediate_size": 512, "moe_intermediate_size": 64,
        "num_experts": 4, "num_experts_per_tok": 2, "decoder_sparse_step": 2,
        "vocab_size": 1000}"#,
    );
    assert_eq!(count_moe(&unknown), 2);
    // transformers' DeepSeek ignores moe_layer_freq; the assumption says so.
    let parsed = parse_config("{\"model_type\": \"deepseek_v3\", \"moe_layer_freq\": 2}").unwrap();
    assert_eq!(count_moe(&parsed.spec), 58);
    assert!(parsed
        .assumptions
        .iter()
        .any(|a| a.text.contains("ignores it")));
}

#[test]
fn mla_without_query_lora_uses_a_plain_query_projection() {
    let lora = count_params(&spec("{\"model_type\": \"deepseek_v3\"}"));
    let plain = count_params(&spec(
        "{\"model_type\": \"deepseek_v3\", \"q_lora_rank\": null}",
    ));
    let per_layer_lora = 7168 * 1536 + 1536 + 1536 * 128 * 192;
    let per_layer_plain = 7168 * 128 * 192;
    assert_eq!(
        plain.total + 61 * per_layer_lora,
        lora.total + 61 * per_layer_plain
    );
    let s = spec("{\"model_type\": \"deepseek_v3\"}");
    let dense = forward_flops_per_token(&s, 1, Convention::Dense);
    // QKᵀ over 192-wide heads and A·V over 128-wide values.
    assert_eq!(
        term(&dense, "attention_core"),
        61.0 * 2.0 * 128.0 * (192.0 + 128.0)
    );
}

/// MLA's query/key heads are `qk_nope_head_dim` + `qk_rope_head_dim` wide:
/// either part may be 0 alone (QKᵀ then runs over the other), not both.
#[test]
fn mla_heads_take_their_width_from_either_part() {
    let core = |extra: &str| {
        let s = spec(&format!(r#"{{"model_type": "deepseek_v3"{extra}}}"#));
        term(
            &forward_flops_per_token(&s, 1, Convention::Dense),
            "attention_core",
        )
    };
    // 61 layers, 128 heads, values 128 wide; queries and keys 128 + 0 and 0 + 64.
    assert_eq!(
        core(r#", "qk_rope_head_dim": 0"#),
        61.0 * 2.0 * 128.0 * (128.0 + 128.0)
    );
    assert_eq!(
        core(r#", "qk_nope_head_dim": 0"#),
        61.0 * 2.0 * 128.0 * (64.0 + 128.0)
    );
    let err = parse_config(
        r#"{"model_type": "deepseek_v3", "qk_nope_head_dim": 0, "qk_rope_head_dim": 0}"#,
    )
    .expect_err("heads of no width");
    assert_eq!(err.key(), Some("qk_nope_head_dim"), "{err}");
}

#[test]
fn sliding_window_patterns_follow_each_family() {
    assert_eq!(
        windows(&spec("{\"model_type\": \"mistral\"}")),
        vec![(32, Some(4096))]
    );
    assert_eq!(
        windows(&spec("{\"model_type\": \"mixtral\"}")),
        vec![(32, None)]
    );
    // MixtralConfig has no default window, but MixtralAttention reads the one
    // a config sets, as MistralAttention does.
    assert_eq!(
        windows(&spec(
            r#"{"model_type": "mixtral", "sliding_window": 4096}"#
        )),
        vec![(32, Some(4096))]
    );
    // So do Ministral3's, MiniMax's full-attention layers and Starcoder2's
    // (their classes' default is no window or a window of their own).
    for family in ["ministral3", "minimax", "starcoder2"] {
        let with = spec(&format!(
            r#"{{"model_type": "{family}", "sliding_window": 1000}}"#
        ));
        let w: Vec<_> = with.stacks[0]
            .groups
            .iter()
            .filter_map(|g| g.layer.attn.as_ref().map(|a| a.window))
            .collect();
        assert!(
            !w.is_empty() && w.iter().all(|&w| w == Some(1000)),
            "{family}: {w:?}"
        );
    }
    assert_eq!(
        windows(&spec("{\"model_type\": \"gemma3_text\"}")),
        vec![(22, Some(4096)), (4, None)]
    );
    assert_eq!(
        windows(&spec("{\"model_type\": \"gemma2\"}")),
        vec![(13, Some(4096)), (13, None)]
    );
    assert_eq!(
        windows(&fixture("openai__gpt-oss-20b.json")),
        vec![(12, Some(128)), (12, None)]
    );
    assert_eq!(
        windows(&spec("{\"model_type\": \"qwen2\"}")),
        vec![(32, None)]
    );
    assert_eq!(
        windows(&spec(
            "{\"model_type\": \"qwen2\", \"use_sliding_window\": true, \"max_window_layers\": 28}"
        )),
        vec![(28, None), (4, Some(4096))]
    );
    assert_eq!(
        windows(&spec(
            "{\"model_type\": \"llama\", \"num_hidden_layers\": 3, \"sliding_window\": 512, \
             \"layer_types\": [\"sliding_attention\", \"full_attention\", \"sliding_attention\"]}"
        )),
        vec![(2, Some(512)), (1, None)]
    );
    // Phi3Config has no default window, and every Phi3Attention reads the one
    // a config sets (transformers 5.24, `modeling_phi3.py`).
    assert_eq!(
        windows(&spec(r#"{"model_type": "phi3"}"#)),
        vec![(32, None)]
    );
    assert_eq!(
        windows(&spec(r#"{"model_type": "phi3", "sliding_window": 2047}"#)),
        vec![(32, Some(2047))]
    );
}

#[test]
fn sliding_windows_cap_causal_but_not_dense_attention() {
    let s = fixture("openai__gpt-oss-20b.json");
    let dense = forward_flops_per_token(&s, 2048, Convention::Dense);
    let causal = forward_flops_per_token(&s, 2048, Convention::Causal);
    let per_layer_full = 2.0 * 2048.0 * 64.0 * 128.0;
    assert_close(term(&dense, "attention_core"), 24.0 * per_layer_full);
    let window_ctx = (128.0 * 129.0 / 2.0 + (2048.0 - 128.0) * 128.0) / 2048.0;
    let expected =
        12.0 * per_layer_full * 2049.0 / 2.0 / 2048.0 + 12.0 * 2.0 * window_ctx * 64.0 * 128.0;
    assert!((term(&causal, "attention_core") - expected).abs() < 1e-6 * expected);
}

#[test]
fn qk_norms_add_two_small_norms_per_layer() {
    let plain = count_params(&spec("{\"model_type\": \"phi\"}"));
    let normed = count_params(&spec("{\"model_type\": \"phi\", \"qk_layernorm\": true}"));
    assert_eq!(normed.total - plain.total, 24 * 2 * 2 * 64);
    let olmo2 = spec("{\"model_type\": \"olmo2\"}");
    assert_eq!(count_params(&olmo2).breakdown.norms, 32 * 4 * 4096 + 4096);
}

#[test]
fn mllama_cross_attention_layers_count_as_parameters_but_not_text_flops() {
    let s = fixture("meta-llama__Llama-3.2-90B-Vision-Instruct.json");
    let p = count_params(&s);
    assert_eq!(p.total, 87_666_865_192);
    assert!(p.approximations.iter().any(|a| a.contains("vision tower")));
    let llama70 = fixture("meta-llama__Llama-3.1-70B.json");
    let f = |s: &ModelSpec| forward_flops_per_token(s, 512, Convention::Dense).total;
    assert_eq!(f(&s), f(&llama70));
    let six = forward_flops_per_token(&s, 512, Convention::DEFAULT);
    assert_close(six.total, 2.0 * p.active as f64);
}

#[test]
fn mllama_vision_tower_is_estimated_near_what_transformers_builds() {
    let s = fixture("meta-llama__Llama-3.2-90B-Vision-Instruct.json");
    // The fixture's `vision_config`: hidden 1280, 32 + 8 global layers, intermediate 5120,
    // patch 14 on 3 channels, output 7680 into the language model's d_model 8192. The
    // rough formula (`vision_estimate`) by hand:
    //   layers     40 × (4 × 1280² + 2 × 1280 × 5120) = 40 × 19,660,800 = 786,432,000
    //   patch      3 × 14² × 1280                                          =     752,640
    //   projector  7680 × 8192                                             =  62,914,560
    //   total                                                              = 850,099,200
    assert_eq!(s.vision_params_estimate, 850_099_200);
    // What transformers' MllamaVisionModel + projector allocate for this config, by hand:
    // 40 layers of q/k/v/o (no bias) 4 × 1280², fc1/fc2 with biases 2 × 1280 × 5120 + 5120
    // + 1280, two LayerNorms 4 × 1280 (786.9M); the tile position embedding
    // 9 × 4 × 1601 × 1280 = 73.8M (1601 = (560/14)² + 1 patches, 9 aspect ratios, 4 tiles);
    // the position embedding 1601 × 1280 = 2.0M; the patch conv 0.75M; the projector
    // Linear(7680, 8192) with bias 62.9M: about 0.926B ("about 0.9B" in the note). The
    // estimate leaves out the position embeddings, so it is 8 % under.
    let transformers = 926e6;
    let got = s.vision_params_estimate as f64;
    assert!(
        (got - transformers).abs() < 0.1 * transformers,
        "{got} vs {transformers}"
    );
    // Without `intermediate_size` the MLP is taken as 4 × 1280 = 5120 wide,
    // which this tower has: the same estimate.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs/meta-llama__Llama-3.2-90B-Vision-Instruct.json");
    let text = std::fs::read_to_string(path).expect("fixture");
    let unstated = text.replacen("\"intermediate_size\": 5120,", "", 1);
    assert_ne!(unstated, text);
    assert_eq!(spec(&unstated).vision_params_estimate, 850_099_200);
    // The count says what it leaves out, and how much.
    let p = count_params(&s);
    assert!(
        p.approximations
            .iter()
            .any(|a| a.starts_with("Not counted: the vision tower") && a.contains("roughly 850M")),
        "{:?}",
        p.approximations
    );
}

/// The assumption a config's key `key` produced, if any.
fn note_on(json: &str, key: &str) -> Option<String> {
    let parsed = parse_config(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    parsed
        .assumptions
        .iter()
        .find(|a| a.key.as_deref() == Some(key))
        .map(ToString::to_string)
}

#[test]
fn a_quantized_checkpoint_is_noted_and_a_null_quantization_config_is_not() {
    // DeepSeek-V3 ships FP8 weights: `"quantization_config": {"quant_method": "fp8", ...}`.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs/deepseek-ai__DeepSeek-V3.json");
    let v3 = std::fs::read_to_string(path).expect("fixture exists");
    let note = note_on(&v3, "quantization_config").expect("the FP8 checkpoint is noted");
    assert!(
        note.starts_with("the config is for a quantized checkpoint (fp8)"),
        "{note}"
    );
    // `null` (as transformers writes an unquantized model's) says nothing is quantized.
    let plain = r#"{"model_type": "llama", "quantization_config": null}"#;
    assert_eq!(note_on(plain, "quantization_config"), None);
}

#[test]
fn an_unknown_familys_string_setting_is_listed_unless_empty() {
    let base = r#""model_type": "acme_lm", "hidden_size": 2048, "num_hidden_layers": 24,
        "num_attention_heads": 32, "intermediate_size": 5632, "vocab_size": 100352"#;
    // A string names something switched on; an empty one switches nothing on.
    let note = suspect_notes(&format!(
        r#"{{{base}, "acme_expert_layout": "interleaved", "acme_adapter_kind": ""}}"#
    ));
    assert!(
        note.contains("`acme_expert_layout` (\"interleaved\")"),
        "{note}"
    );
    assert!(!note.contains("acme_adapter_kind"), "{note}");
}

/// Mamba's config class has no context length; a config that sets one is
/// read (and none gets the state-space default, with a note).
#[test]
fn a_state_space_model_reads_a_context_length_it_is_given() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs/state-spaces__mamba-2.8b-hf.json");
    let text = std::fs::read_to_string(path).expect("fixture");
    let given = text.replacen('{', r#"{"max_position_embeddings": 4096, "#, 1);
    assert_eq!(spec(&given).context_len, 4096);
    assert_ne!(spec(&text).context_len, 4096);
}

/// A key left out is named as the family spells it: ChatGLM's layer count is
/// `num_layers`, and the note on its default says so.
#[test]
fn chatglm_names_its_own_layer_key_when_it_is_missing() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs/THUDM__chatglm2-6b.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    let removed = config.as_object_mut().and_then(|o| o.remove("num_layers"));
    assert_eq!(removed, Some(28.into()));
    let parsed = parse_config(&config.to_string()).expect("parses");
    assert_eq!(parsed.spec.n_layers(), 28);
    let note = parsed
        .assumptions
        .iter()
        .find(|a| a.key.as_deref() == Some("num_layers"))
        .unwrap_or_else(|| panic!("no note on num_layers: {:?}", parsed.assumptions));
    assert!(note.text.contains("`num_layers`"), "{}", note.text);
}

#[test]
fn chatglm2_reads_multi_query_groups_and_kv_channels() {
    let s = fixture("THUDM__chatglm2-6b.json");
    assert_eq!(
        (s.n_heads(), s.n_kv_heads(), s.head_dim(), s.d_ff()),
        (32, 2, 128, 13696)
    );
    assert!(s.remote_code);
    let v1 = fixture("THUDM__chatglm-6b.json");
    assert_eq!(
        (v1.n_kv_heads(), v1.d_ff(), v1.vocab_size()),
        (32, 16384, 130528)
    );
    // Any one of ChatGLM-6B's own keys tells it from ChatGLM2/3.
    let path1 = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs/THUDM__chatglm-6b.json");
    let text1 = std::fs::read_to_string(path1).expect("fixture");
    let one_key = text1
        .replace("\"max_sequence_length\"", "\"seq_length\"")
        .replace("\"position_encoding_2d\": true,", "");
    assert_ne!(one_key, text1);
    assert_eq!(count_params(&spec(&one_key)).total, count_params(&v1).total);
    // Without `vocab_size`, ChatGLM-6B's class default (150,528), not ChatGLM2's.
    let mut no_vocab: serde_json::Value = serde_json::from_str(&text1).expect("JSON");
    let removed = no_vocab
        .as_object_mut()
        .and_then(|o| o.remove("vocab_size"));
    assert_eq!(removed, Some(130_528.into()));
    assert_eq!(spec(&no_vocab.to_string()).vocab_size(), 150_528);
    // ChatGLM-6B's code always ends in a LayerNorm (`final_layernorm`); only
    // ChatGLM2/3 read `post_layer_norm`.
    let said_off = text1.replacen('{', "{\"post_layer_norm\": false, ", 1);
    assert_eq!(
        count_params(&spec(&said_off)).total,
        count_params(&v1).total
    );
    // `add_bias_linear` puts a bias on every linear map but the query/key/value
    // one (THUDM's modeling_chatglm.py: `dense`, `dense_h_to_4h`, `dense_4h_to_h`):
    // 2·13,696 + 4,096 + 4,096 more parameters in each of the 28 layers.
    let path2 = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs/THUDM__chatglm2-6b.json");
    let text = std::fs::read_to_string(path2).expect("fixture");
    let biased = text.replace("\"add_bias_linear\": false", "\"add_bias_linear\": true");
    assert_ne!(text, biased);
    assert_eq!(
        count_params(&spec(&biased)).total - count_params(&s).total,
        28 * (2 * 13_696 + 4_096 + 4_096)
    );
    // `kv_channels` is the head width, read as given: 64 is not 4,096 / 32.
    let narrow = spec(&text.replace("\"kv_channels\": 128", "\"kv_channels\": 64"));
    assert_eq!((narrow.n_heads(), narrow.head_dim()), (32, 64));
    // Left out, it is ChatGLMConfig's default of 128 whatever the heads.
    let unsaid_text = text
        .replace("\"kv_channels\": 128,", "")
        .replace("\"num_attention_heads\": 32", "\"num_attention_heads\": 16");
    let unsaid = spec(&unsaid_text);
    assert_eq!((unsaid.n_heads(), unsaid.head_dim()), (16, 128));
    // and the note names ChatGLM's own key for it.
    let notes = parse_config(&unsaid_text).expect("parses").assumptions;
    assert!(
        notes.iter().any(|n| n.key.as_deref() == Some("kv_channels")
            && n.text.starts_with("`kv_channels` missing")),
        "{notes:?}"
    );
    // The MLP width is ChatGLM's `ffn_hidden_size` (13,696 is also the
    // class's default, so a different width tells them apart).
    // `rmsnorm` false: LayerNorms with a bias, 4,096 more parameters in each of
    // the 28 layers' two norms and in the final one.
    let layer_norms = text.replace("\"rmsnorm\": true", "\"rmsnorm\": false");
    assert_ne!(layer_norms, text);
    assert_eq!(
        count_params(&spec(&layer_norms)).total - count_params(&s).total,
        (28 * 2 + 1) * 4_096
    );
    // THUDM's ChatGLM2 never ties its output layer, whatever the config says.
    let tied = text.replace(
        "\"tie_word_embeddings\": false",
        "\"tie_word_embeddings\": true",
    );
    assert_ne!(tied, text);
    assert_eq!(count_params(&spec(&tied)).total, count_params(&s).total);
    let narrow = text.replace("\"ffn_hidden_size\": 13696", "\"ffn_hidden_size\": 8192");
    assert_ne!(narrow, text);
    assert_eq!(spec(&narrow).d_ff(), 8192);
    // The vocabulary is ChatGLM's `padded_vocab_size` (65,024 is also the
    // class's default); another family's config with that key ignores it.
    let small = text.replace(
        "\"padded_vocab_size\": 65024",
        "\"padded_vocab_size\": 32000",
    );
    assert_ne!(small, text);
    assert_eq!(spec(&small).vocab_size, 32_000);
    let llama = r#"{"model_type": "llama", "vocab_size": 32000, "padded_vocab_size": 65024}"#;
    assert_eq!(spec(llama).vocab_size, 32_000);
    // `post_layer_norm` false drops the final LayerNorm (THUDM's
    // `if self.post_layer_norm: self.final_layernorm = …`): 4,096 weights,
    // RMSNorm has no bias.
    let no_final = text.replace("\"post_layer_norm\": true", "\"post_layer_norm\": false");
    assert_ne!(no_final, text);
    assert_eq!(
        count_params(&s).total - count_params(&spec(&no_final)).total,
        4_096
    );
    // A key left out gets ChatGLM's own default, named as ChatGLM spells it
    // and with its class.
    for (entry, key) in [
        ("\"padded_vocab_size\": 65024,", "padded_vocab_size"),
        ("\"ffn_hidden_size\": 13696,", "ffn_hidden_size"),
        ("\"seq_length\": 32768,", "seq_length"),
        ("\"multi_query_group_num\": 2,", "multi_query_group_num"),
    ] {
        let short = text.replace(entry, "");
        assert_ne!(short, text, "{key}");
        let notes = parse_config(&short).expect("parses").assumptions;
        assert!(
            notes.iter().any(|n| n.key.as_deref() == Some(key)
                && n.text.starts_with(&format!("`{key}` missing"))
                && n.text.contains("ChatGLMConfig")),
            "{notes:?}"
        );
    }
    // ChatGLM-6B (v1) has no multi-query attention at all: no note offers a
    // default for the v2 keys it lacks.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/configs/THUDM__chatglm-6b.json");
    let parsed = parse_config(&std::fs::read_to_string(path).expect("fixture")).expect("parses");
    for note in &parsed.assumptions {
        assert!(
            !note.text.contains("multi_query"),
            "a v2 key in a v1 note: {}",
            note.text
        );
    }
    // Any one of v1's own keys tells it apart: `position_encoding_2d` alone
    // still reads as ChatGLM-6B (no multi-query note, the same model).
    let v1: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data/configs/THUDM__chatglm-6b.json"),
        )
        .expect("fixture"),
    )
    .expect("JSON");
    let mut pe_only = v1.clone();
    for key in ["inner_hidden_size", "max_sequence_length"] {
        pe_only.as_object_mut().expect("an object").remove(key);
    }
    let alone = parse_config(&pe_only.to_string()).expect("parses");
    assert!(!alone
        .assumptions
        .iter()
        .any(|n| n.text.contains("multi_query")));
    assert_eq!(alone.spec.stacks, parsed.spec.stacks);
}

#[test]
fn unknown_families_are_read_from_standard_keys_or_their_architecture() {
    let parsed = parse_config(
        "{\"model_type\": \"my_lm\", \"hidden_size\": 1024, \"num_hidden_layers\": 4, \
         \"num_attention_heads\": 8, \"intermediate_size\": 4096, \"vocab_size\": 1000, \
         \"tie_word_embeddings\": false}",
    )
    .unwrap();
    assert_eq!(parsed.spec.model_type(), "my_lm");
    assert!(parsed
        .assumptions
        .iter()
        .any(|a| a.text.contains("not a family flopcast knows")));
    let total = 2 * 1000 * 1024 + 4 * (4 * 1024 * 1024 + 3 * 1024 * 4096 + 2 * 1024) + 1024;
    assert_eq!(count_params(&parsed.spec).total, total);

    let by_arch = parse_config(
        "{\"model_type\": \"my_mistral\", \"architectures\": [\"MistralForCausalLM\"]}",
    )
    .unwrap();
    assert_eq!(by_arch.spec.model_type(), "mistral");
    assert_eq!(count_params(&by_arch.spec).total, 7_241_732_096);
}

#[test]
fn dense_flops_per_token_are_the_forward_over_s() {
    let s = fixture("meta-llama__Llama-2-7b-hf.json");
    let b = forward_flops_per_token(&s, 2048, Convention::Dense);
    assert_close(b.total * 2048.0, 29_261_612_187_648.0);
    assert!(b
        .terms
        .iter()
        .all(|t| !t.formula.is_empty() && !t.label.is_empty()));
    let attn = b.terms.iter().find(|t| t.key == "attention_core").unwrap();
    assert_eq!(attn.formula, "2·32·2048·32·(128 + 128)");
    // Causally a query sees (S + 1)/2 keys on average: a fraction, written
    // with its decimals.
    let causal = forward_flops_per_token(&s, 2048, Convention::Causal);
    let attn = causal
        .terms
        .iter()
        .find(|t| t.key == "attention_core")
        .unwrap();
    assert_eq!(attn.formula, "2·32·1024.50·32·(128 + 128)");
    assert_close(attn.flops, 2.0 * 32.0 * 1024.5 * 32.0 * 256.0);
    // Kaplan et al. 2020, Table 1: the context term is 2·n_layer·n_ctx·d_attn
    // a token. One attention map, so no count in front of it.
    let kaplan = forward_flops_per_token(&s, 2048, Convention::Kaplan);
    let mask = kaplan.terms.iter().find(|t| t.key == "attn_mask").unwrap();
    assert_eq!(mask.formula, "32·2048·32·(128 + 128)");
    assert_close(mask.flops, 2.0 * 32.0 * 2048.0 * 4096.0);
}

#[test]
fn only_blocks_built_with_cross_attention_say_they_need_encoder_states() {
    let gpt2 = |cross: bool| {
        spec(&format!(
            r#"{{"model_type": "gpt2", "n_embd": 256, "n_layer": 2, "n_head": 4,
                "vocab_size": 1000, "add_cross_attention": {cross}}}"#
        ))
    };
    let says = |s: &ModelSpec| {
        forward_flops_per_token(s, 128, Convention::Dense)
            .notes
            .iter()
            .any(|n| n.contains("`add_cross_attention`"))
    };
    assert!(says(&gpt2(true)));
    assert!(!says(&gpt2(false)));
    assert!(!says(&fixture("meta-llama__Llama-2-7b-hf.json")));
    // CTRL shares GPT-2's table row but its blocks never build one: the key
    // is not read there.
    let ctrl = |cross: bool| {
        spec(&format!(
            r#"{{"model_type": "ctrl", "n_embd": 256, "n_layer": 2, "n_head": 4,
                "dff": 512, "vocab_size": 1000, "add_cross_attention": {cross}}}"#
        ))
    };
    assert_eq!(ctrl(true), ctrl(false));
}

#[test]
fn refined_web_configs_imply_falcons_new_architecture() {
    let s = spec(
        "{\"model_type\": \"RefinedWeb\", \"n_embed\": 8192, \"n_layer\": 60, \"n_head\": 128, \
         \"n_head_kv\": 8, \"vocab_size\": 65024, \"parallel_attn\": true, \"bias\": false}",
    );
    assert_eq!(s.model_type(), "falcon");
    assert_eq!((s.d_model(), s.n_layers(), s.n_kv_heads()), (8192, 60, 8));
    assert_eq!(s.stacks[0].groups[0].layer.norms, 2);
    // Falcon-40B: qkv (128 + 2·8)·64, dense, 4× MLP, two LayerNorms, tied head.
    let per_layer = 8192 * (144 * 64) + 8192 * 8192 + 2 * 8192 * 32768 + 2 * 2 * 8192;
    assert_eq!(
        count_params(&s).total,
        65024 * 8192 + 60 * per_layer + 2 * 8192
    );
}

/// Falcon's attention derives its head width, `hidden_size / num_heads`
/// (FalconAttention), whatever `head_dim` a config carries.
#[test]
fn falcon_derives_its_head_width_whatever_head_dim_says() {
    let falcon = |extra: &str| {
        spec(&format!(
            "{{\"model_type\": \"falcon\", \"hidden_size\": 512, \"num_attention_heads\": 8{extra}}}"
        ))
    };
    let plain = falcon("");
    assert_eq!(plain.head_dim(), 64);
    assert_eq!(falcon(", \"head_dim\": 32"), plain);
}

/// Whether parsing `config` (which must count `total` parameters) says its
/// `key` is ignored.
fn says_key_ignored(config: &str, key: &str, total: u64) -> bool {
    let parsed = parse_config(config).expect("parses");
    assert_eq!(count_params(&parsed.spec).total, total);
    let start = format!("`{key}` (");
    parsed
        .assumptions
        .iter()
        .any(|a| a.text.starts_with(&start) && a.text.contains("is ignored"))
}

/// GPT-1 always builds a 4·d_model MLP (PyTorch: 116,534,784 parameters at the
/// defaults whatever `n_inner` says): an `n_inner` other than 4·768 is said
/// to be ignored, and one equal to it needs no word.
#[test]
fn a_width_the_class_ignores_is_said_only_when_it_differs() {
    let says_ignored = |n_inner: u64| {
        says_key_ignored(
            &format!("{{\"model_type\": \"openai-gpt\", \"n_embd\": 768, \"n_inner\": {n_inner}}}"),
            "n_inner",
            116_534_784,
        )
    };
    assert!(says_ignored(1000));
    assert!(!says_ignored(3072));
}

/// Apertus 1.5 prunes its head only below the vocabulary: an
/// `output_vocab_size` equal to `vocab_size` is the unpruned model itself
/// (PyTorch's 3,885,832).
#[test]
fn an_output_vocabulary_as_large_as_the_input_one_prunes_nothing() {
    use super::family_checks::case_config;
    let unpruned = case_config("apertus1p5_text", "apertus1p5_text__unpruned__minimal.json");
    let mut same = unpruned.clone();
    same["output_vocab_size"] = 4000.into();
    let (a, b) = (spec(&unpruned.to_string()), spec(&same.to_string()));
    assert_eq!(count_params(&a).total, 3_885_832);
    assert_eq!(a, b);
}

/// Mamba2Config has no `intermediate_size`: one a config gives is said to be
/// ignored when it differs from `expand × hidden_size`, and needs no word
/// when it agrees (PyTorch's 1,917,536 either way).
#[test]
fn mamba2_says_its_ignored_inner_width_only_when_it_differs() {
    use super::family_checks::case_config;
    let says_ignored = |width: u64| {
        let mut config = case_config("mamba2", "mamba2__2p7b_shape__minimal.json").clone();
        config["intermediate_size"] = width.into();
        says_key_ignored(&config.to_string(), "intermediate_size", 1_917_536)
    };
    assert!(says_ignored(1000));
    assert!(!says_ignored(512));
}

/// Glm4MoeLiteConfig maps `head_dim` onto `qk_rope_head_dim`; `kv_channels`,
/// another family's spelling of a head width, is no alias there and is not
/// read (PyTorch's 5,041,696 either way).
#[test]
fn only_head_dim_itself_is_glm4_moe_lites_alias() {
    use super::family_checks::case_config;
    let small = case_config("glm4_moe_lite", "glm4_moe_lite__small__minimal.json");
    let mut with = small.clone();
    with["kv_channels"] = 32.into();
    let total = |c: &serde_json::Value| count_params(&spec(&c.to_string())).total;
    assert_eq!(total(&small), 5_041_696);
    assert_eq!(total(&with), 5_041_696);
}

#[test]
fn an_explicit_head_dim_lifts_the_divisibility_rule() {
    let s = spec("{\"model_type\": \"llama\", \"hidden_size\": 4095, \"head_dim\": 128}");
    assert_eq!((s.d_model(), s.head_dim()), (4095, 128));
    assert!(parse_config("{\"model_type\": \"llama\", \"hidden_size\": 4095}").is_err());
}

/// The assumptions that list keys an unknown family's count may have got wrong,
/// joined.
fn suspect_notes(json: &str) -> String {
    let parsed = parse_config(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    parsed
        .assumptions
        .iter()
        .map(ToString::to_string)
        .filter(|a| {
            a.starts_with("written in other families' spellings")
                || a.starts_with("set, and read as structure by other families")
                || a.starts_with("unknown keys that look structural")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_unknown_family_names_the_structural_keys_its_count_did_not_read() {
    let base = r#""hidden_size": 2048, "num_hidden_layers": 24, "num_attention_heads": 32,
        "intermediate_size": 5632, "vocab_size": 100352, "max_position_embeddings": 4096,
        "layer_norm_eps": 1e-5, "attention_dropout": 0.0, "rope_theta": 10000,
        "bos_token_id": 0, "hidden_act": "silu""#;
    let note = suspect_notes(&format!(
        r#"{{"model_type": "acme_lm", {base}, "use_qkv_bias": true, "qk_layernorm": false,
            "acme_expert_bias": 1}}"#
    ));
    // A key some family reads as structure, and an unknown one that looks it.
    assert!(note.contains("`use_qkv_bias` (true)"), "{note}");
    assert!(
        note.contains("unknown keys that look structural, not read: `acme_expert_bias` (1)"),
        "{note}"
    );
    assert!(
        !note.contains("qk_layernorm"),
        "false switches nothing on: {note}"
    );
    // At most 12 keys a group, however many there are.
    let many: Vec<String> = (0..14)
        .map(|i| format!(r#""acme_expert_{i:02}": 1"#))
        .collect();
    let listed = suspect_notes(&format!(
        r#"{{"model_type": "acme_lm", {base}, {}}}"#,
        many.join(", ")
    ));
    assert_eq!(listed.matches("`acme_expert_").count(), 12, "{listed}");
    // A long value is cut to 24 characters, and says so.
    let long = suspect_notes(&format!(
        r#"{{"model_type": "acme_lm", {base}, "acme_expert_layers": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]}}"#
    ));
    assert!(
        long.contains("`acme_expert_layers` ([1,2,3,4,5,6,7,8,9,10,11…)"),
        "{long}"
    );
    assert!(
        note.contains("`acme_expert_bias` (1)") && !note.contains("(1…)"),
        "{note}"
    );
    assert!(
        !note.contains("layer_norm_eps"),
        "epsilons carry no weights: {note}"
    );
    // Nothing structural left unread: no note.
    assert_eq!(
        suspect_notes(&format!(r#"{{"model_type": "acme_lm", {base}}}"#)),
        ""
    );
    // Keys the generic rules read (experts, top-k, biases, MoE interleave) are not listed.
    assert_eq!(
        suspect_notes(&format!(
            r#"{{"model_type": "acme_moe", {base}, "num_experts": 64, "num_experts_per_tok": 8,
                "attention_bias": true, "norm_topk_prob": false, "router_aux_loss_coef": 0.01,
                "interleave_moe_layer_step": 2}}"#
        )),
        ""
    );
    // A known family never gets the note, whatever it holds.
    assert_eq!(
        suspect_notes(&format!(
            r#"{{"model_type": "llama", {base}, "use_qkv_bias": true}}"#
        )),
        ""
    );
}

/// An empty object switches nothing on, as `false`, `null`, `0`, `""` and `[]`
/// do; an object with something in it may, and is listed.
#[test]
fn an_unknown_familys_empty_settings_are_not_suspects() {
    let base = r#""model_type": "acme_lm", "hidden_size": 2048, "num_hidden_layers": 24,
        "num_attention_heads": 32, "intermediate_size": 5632, "vocab_size": 100352"#;
    for empty in ["{}", "[]", "\"\"", "0", "null", "false"] {
        assert_eq!(
            suspect_notes(&format!(r#"{{{base}, "acme_expert_config": {empty}}}"#)),
            "",
            "{empty}"
        );
    }
    let set = suspect_notes(&format!(r#"{{{base}, "acme_expert_config": {{"n": 2}}}}"#));
    assert!(set.contains("`acme_expert_config`"), "{set}");
}

/// StarCoder's config under a name flopcast does not know (a fine-tune's remote
/// code, say): GPT-2 spellings, multi-query attention, a plain MLP four times wide.
const STARCODER_AS_UNKNOWN: &str = r#"{"model_type": "acme_coder", "n_embd": 6144,
    "n_head": 48, "n_layer": 40, "n_inner": 24576, "n_positions": 8192,
    "multi_query": true, "vocab_size": 49152, "activation_function": "gelu_pytorch_tanh",
    "layer_norm_epsilon": 1e-05, "scale_attn_weights": true}"#;

#[test]
fn an_unknown_family_is_never_shown_as_exact() {
    let parsed = parse_config(STARCODER_AS_UNKNOWN).expect("read by the generic rules");
    let counts = flopcast_core::params::count_params(&parsed.spec);
    let why = counts.approximate.expect("the count is marked approximate");
    assert!(
        why.contains("`acme_coder` is not a family flopcast knows"),
        "{why}"
    );
    for key in ["n_embd", "n_inner", "multi_query", "n_positions"] {
        assert!(why.contains(&format!("`{key}`")), "{key} not named: {why}");
    }
    assert!(counts
        .approximations
        .iter()
        .any(|a| a.starts_with("Approximate:")));
    let notes = suspect_notes(STARCODER_AS_UNKNOWN);
    assert!(
        notes.contains("other families' spellings: `n_embd` (6144)"),
        "{notes}"
    );
    assert!(notes.contains("`multi_query` (true)"), "{notes}");
    // The approximation survives a link: it travels in the spec.
    let spec: flopcast_core::model::ModelSpec =
        serde_json::from_str(&serde_json::to_string(&parsed.spec).expect("serialisable"))
            .expect("decodes");
    assert!(flopcast_core::params::count_params(&spec)
        .approximate
        .is_some());
}

#[test]
fn a_known_family_and_typed_dimensions_are_exact() {
    let llama = parse_config(include_str!(
        "../data/configs/meta-llama__Llama-3.1-8B.json"
    ))
    .expect("a known family");
    assert_eq!(
        flopcast_core::params::count_params(&llama.spec).approximate,
        None
    );
    let typed =
        flopcast_core::config::from_dims(&flopcast_core::model::Dims::default()).expect("valid");
    assert_eq!(
        flopcast_core::params::count_params(&typed).approximate,
        None
    );
}

// Keys the config class derives from others, but which a config.json's own value
// replaces (found by scripts/ground_truth/key_audit.py).

#[test]
fn t5_follows_is_gated_act_over_feed_forward_proj() {
    let plain = r#"{"model_type": "t5", "feed_forward_proj": "relu""#;
    let gated = parse_config(&format!("{plain}, \"is_gated_act\": true}}")).expect("valid");
    let relu = count_params(&spec(&format!("{plain}}}")));
    // T5Config's defaults: 6 + 6 layers, one more d_model × d_ff matrix each
    assert_eq!(
        count_params(&gated.spec).total - relu.total,
        12 * 512 * 2048
    );
    assert!(
        gated
            .assumptions
            .iter()
            .any(|a| a.key.as_deref() == Some("is_gated_act")
                && a.text.contains("gated three-matrix"))
    );
}

#[test]
fn gpt_neo_follows_attention_layers_over_attention_types() {
    let base = r#"{"model_type": "gpt_neo", "num_layers": 2, "window_size": 16,
        "attention_types": [[["global", "local"], 1]]"#;
    let listed = spec(&format!(
        "{base}, \"attention_layers\": [\"local\", \"local\"]}}"
    ));
    assert_eq!(windows(&listed), vec![(2, Some(16))]);
    assert_eq!(
        windows(&spec(&format!("{base}}}"))),
        vec![(1, None), (1, Some(16))]
    );
    let err = parse_config(&format!("{base}, \"attention_layers\": [\"local\"]}}"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`attention_layers`") && err.contains("one kind per layer"),
        "{err}"
    );
}

#[test]
fn zamba2_refuses_hybrid_layer_ids_that_are_not_its_hybrid_layers() {
    let base = r#"{"model_type": "zamba2", "hidden_size": 128, "num_hidden_layers": 4,
        "layers_block_type": ["mamba", "hybrid", "mamba", "hybrid"], "num_attention_heads": 4,
        "n_mamba_heads": 4, "vocab_size": 500"#;
    let same = spec(&format!("{base}, \"hybrid_layer_ids\": [1, 3]}}"));
    assert_eq!(same, spec(&format!("{base}}}")));
    let err = parse_config(&format!("{base}, \"hybrid_layer_ids\": [1, 2]}}"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`hybrid_layer_ids` is [1, 2]") && err.contains("[1, 3]"),
        "{err}"
    );
}

/// DeepSeek-V3's checkpoint carries one multi-token-prediction module that
/// transformers does not build. DeepSeek's model card: 685B on Hugging Face, "671B
/// of the Main Model weights and 14B of the Multi-Token Prediction (MTP) Module
/// weights". The count is the main model's, and a note gives the module's size:
/// its MoE layer, the 2·7168→7168 projection, three norms and copies of the
/// 129,280 × 7,168 embedding and head, 13.5B (the card's 14B, rounded).
#[test]
fn deepseek_v3s_mtp_module_is_named_with_its_size_and_not_counted() {
    let spec = fixture("deepseek-ai__DeepSeek-V3.json");
    assert_eq!(spec.mtp_layers, 1);
    let counts = count_params(&spec);
    assert!(
        (670e9..672e9).contains(&(counts.total as f64)),
        "{}",
        counts.total
    );
    let note = counts
        .approximations
        .iter()
        .find(|n| n.contains("multi-token-prediction"))
        .expect("a note on the MTP module");
    assert!(
        note.starts_with("Not counted: 1 multi-token-prediction module "),
        "{note}"
    );
    assert!(note.contains("about 13.5B more parameters"), "{note}");
}

/// MPT's notes (transformers' MPT ignores `expansion_ratio` and `no_bias`) are
/// for MPT configs only.
#[test]
fn only_mpt_configs_get_mpts_notes() {
    let notes = |json: &str| -> Vec<String> {
        parse_config(json)
            .expect("parses")
            .assumptions
            .into_iter()
            .map(|n| n.text)
            .collect()
    };
    let mpt = notes(
        r#"{"model_type": "mpt", "d_model": 256, "n_layers": 2, "n_heads": 4,
            "vocab_size": 1000, "expansion_ratio": 2}"#,
    );
    assert!(mpt.iter().any(|n| n.contains("expansion_ratio")), "{mpt:?}");
    let llama = notes(
        r#"{"model_type": "llama", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 1000,
            "expansion_ratio": 2}"#,
    );
    assert!(!llama.iter().any(|n| n.contains("MPT")), "{llama:?}");
}

/// Manual dimensions keep a parallel block (GPT-J's attention beside the MLP).
#[test]
fn manual_dimensions_keep_a_parallel_block() {
    let dims = flopcast_core::model::Dims {
        parallel: true,
        ..flopcast_core::model::Dims::default()
    };
    let spec = flopcast_core::config::from_dims(&dims).expect("a model");
    assert!(spec.stacks[0].groups.iter().all(|g| g.layer.parallel));
}

/// ModernBertDecoderConfig derives its layer types from
/// `global_attn_every_n_layers` (3 by default): layer i is full where i is a
/// multiple of it, and the others attend to `local_attention / 2` = 64 keys.
#[test]
fn modernbert_decoder_makes_every_nth_layer_global() {
    let s = spec(
        r#"{"model_type": "modernbert-decoder", "hidden_size": 256, "num_hidden_layers": 6,
            "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 1000,
            "global_attn_every_n_layers": 2}"#,
    );
    // transformers 5.24: full, sliding, full, sliding, full, sliding (3 by
    // default would make 2 full and 4 sliding).
    let layers_with = |window: Option<u64>| -> u64 {
        s.stacks[0]
            .groups
            .iter()
            .filter(|g| g.layer.attn.as_ref().is_some_and(|a| a.window == window))
            .map(|g| g.count)
            .sum()
    };
    assert_eq!((layers_with(None), layers_with(Some(64))), (3, 3));
    // A `local_attention` of 1 halves to no window at all, never a window of 0.
    let narrow = spec(
        r#"{"model_type": "modernbert-decoder", "hidden_size": 256, "num_hidden_layers": 6,
            "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 1000,
            "local_attention": 1}"#,
    );
    assert!(narrow.stacks[0].groups.iter().all(|g| g
        .layer
        .attn
        .as_ref()
        .is_some_and(|a| a.window.is_none())));
}

/// A key written as null is the key left out: a boolean (`tie_word_embeddings`),
/// RecurrentGemma's `lru_width`.
#[test]
fn a_null_key_is_read_as_the_key_left_out() {
    let total = |json: &str| count_params(&spec(json)).total;
    assert_eq!(
        total(r#"{"model_type": "llama", "tie_word_embeddings": null}"#),
        total(r#"{"model_type": "llama"}"#)
    );
    assert_eq!(
        total(r#"{"model_type": "recurrent_gemma", "lru_width": null}"#),
        total(r#"{"model_type": "recurrent_gemma"}"#)
    );
}

/// An unknown family ties its head as transformers' PretrainedConfig does by
/// default (`tie_word_embeddings` true).
#[test]
fn an_unknown_family_ties_its_head_unless_told_otherwise() {
    let acme = |tie: &str| {
        count_params(&spec(&format!(
            r#"{{"model_type": "acme", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 1000{tie}}}"#
        )))
        .total
    };
    assert_eq!(acme(""), acme(r#", "tie_word_embeddings": true"#));
    assert_eq!(
        acme(r#", "tie_word_embeddings": false"#) - acme(""),
        256 * 1000
    );
}

/// Mamba's `time_step_rank` "auto" is ⌈d_model / 16⌉, the class's default.
#[test]
fn mamba_time_step_rank_auto_is_its_default() {
    let total = |json: &str| count_params(&spec(json)).total;
    assert_eq!(
        total(r#"{"model_type": "mamba", "time_step_rank": "auto"}"#),
        total(r#"{"model_type": "mamba"}"#)
    );
    assert_ne!(
        total(r#"{"model_type": "mamba", "time_step_rank": 7}"#),
        total(r#"{"model_type": "mamba"}"#)
    );
    // Any other text is refused, naming the two forms it may take.
    let err = parse_config(r#"{"model_type": "mamba", "time_step_rank": "automatic"}"#)
        .expect_err("not a rank");
    assert_eq!(err.key(), Some("time_step_rank"), "{err}");
    assert!(
        err.to_string().contains("a whole number or \"auto\""),
        "{err}"
    );
}

/// The expansion of `attention_types` stops a list that grows past the layer limit
/// (2²⁰), but a list of exactly the limit is a model's layers, not too many.
#[test]
fn gpt_neo_attention_types_may_reach_the_layer_limit_but_not_pass_it() {
    let limit = 1u64 << 20;
    let config = |types: String| {
        format!(
            r#"{{"model_type": "gpt_neo", "num_layers": {limit}, "hidden_size": 64,
            "num_heads": 4, "vocab_size": 100, "window_size": 16, "attention_types": {types}}}"#
        )
    };
    let half = limit / 2;
    let at = parse_config(&config(format!(r#"[[["global", "local"], {half}]]"#)))
        .expect("2^20 layers is within the limit");
    let layers: u64 = windows(&at.spec).iter().map(|(count, _)| count).sum();
    assert_eq!(layers, limit);
    let err = parse_config(&config(format!(
        r#"[[["global", "local"], {half}], [["local"], 1]]"#
    )))
    .unwrap_err()
    .to_string();
    assert!(err.contains("more layers than a model can have"), "{err}");
}

/// Dory's released configs list attention and MLP as separate blocks, which
/// DoryConfig folds into pairs, halving the counts. A list already in the folded
/// form (no `"mlp"` entries) names one layer per entry and is not halved again:
/// both forms of the same layout build the same model.
#[test]
fn dory_reads_a_folded_layer_types_list_as_one_layer_per_entry() {
    let dory = |layers: u64, ends: u64, types: &str| {
        spec(&format!(
            r#"{{"model_type": "dory", "hidden_size": 256, "num_attention_heads": 4,
                "num_key_value_heads": 2, "head_dim": 64, "intermediate_size": 512,
                "vocab_size": 4000, "sliding_window": 64, "num_hidden_layers": {layers},
                "n_input_layers": {ends}, "n_output_layers": {ends}, "n_recurrent_loops": 1,
                "layer_types": {types}}}"#
        ))
    };
    let (s, f, m) = ("\"sliding_attention\"", "\"full_attention\"", "\"mlp\"");
    let released = dory(
        16,
        4,
        &format!(
            "[{s}, {m}, {s}, {m}, {s}, {m}, {f}, {m}, {s}, {m}, {s}, {m}, {s}, {m}, {f}, {m}]"
        ),
    );
    let folded = dory(8, 2, &format!("[{s}, {s}, {s}, {f}, {s}, {s}, {s}, {f}]"));
    assert_eq!(folded, released);
    let full: u64 = windows(&folded)
        .iter()
        .filter(|(_, w)| w.is_none())
        .map(|(count, _)| count)
        .sum();
    let layers: u64 = windows(&folded).iter().map(|(count, _)| count).sum();
    assert_eq!(
        (layers, full),
        (8, 2),
        "layers 4 and 8 of 8 are full attention"
    );
}

/// A known family's config that also names remote code (`auto_map`) is counted
/// with transformers' built-in class, and says so; an unknown family has no
/// built-in class to name.
#[test]
fn a_known_familys_auto_map_is_noted_as_the_built_in_class_counted() {
    let auto_map = |json: &str| {
        parse_config(json)
            .expect("parses")
            .assumptions
            .into_iter()
            .filter(|a| a.key.as_deref() == Some("auto_map"))
            .map(|a| a.text)
            .collect::<Vec<_>>()
    };
    let map = r#""auto_map": {"AutoModelForCausalLM": "modeling_acme.AcmeForCausalLM"}"#;
    let noted = auto_map(&format!(r#"{{"model_type": "llama", {map}}}"#));
    assert_eq!(noted.len(), 1, "{noted:?}");
    assert!(
        noted[0].contains("built-in `llama` implementation"),
        "{noted:?}"
    );
    assert!(auto_map(r#"{"model_type": "llama"}"#).is_empty());
    let unknown = format!(
        r#"{{"model_type": "acme_lm", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 1000, {map}}}"#
    );
    assert!(auto_map(&unknown).is_empty());
}
