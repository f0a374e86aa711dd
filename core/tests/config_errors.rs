//! The error catalog: every way a pasted config can be wrong, with the message a user
//! sees. Each row is an input and the fragments its message must contain.

use flopcast_core::config::{parse_config, ConfigError, MAX_CONFIG_BYTES};

fn llama(extra: &str) -> String {
    format!("{{\"model_type\": \"llama\", {extra}}}")
}

/// `(what, input, fragments the message must contain)`.
fn cases() -> Vec<(&'static str, String, Vec<&'static str>)> {
    vec![
        ("empty text", String::new(), vec!["empty", "config.json"]),
        ("whitespace only", " \n\t  \r\n".into(), vec!["empty"]),
        (
            "over the size limit",
            format!("{{\"a\": \"{}\"}}", "x".repeat(MAX_CONFIG_BYTES)),
            vec!["1000009 bytes", "1000000-byte limit", "paste only the config file"],
        ),
        ("an array", "[1, 2]".into(), vec!["an array of 2 items", "JSON object"]),
        ("a string", "\"llama\"".into(), vec!["the string \"llama\"", "JSON object"]),
        ("a number", "42".into(), vec!["the number 42", "JSON object"]),
        (
            "a long string",
            format!("\"{}\"", "y".repeat(50)),
            vec!["the string \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy…\"", "JSON object"],
        ),
        (
            "a negative multiplier",
            "{\"model_type\": \"lfm2\", \"block_ffn_dim_multiplier\": -1.5}".into(),
            vec!["`block_ffn_dim_multiplier` is -1.5", "positive number"],
        ),
        ("null", "null".into(), vec!["is null", "JSON object"]),
        (
            "trailing comma",
            "{\"model_type\": \"llama\",\n}".into(),
            vec!["trailing comma", "line 2, column 1", "Remove the comma"],
        ),
        ("NaN as a size", "{\"hidden_size\": NaN}".into(), vec!["`hidden_size` is NaN", "finite number"]),
        ("Infinity as a size", "{\n  \"n_layer\": Infinity}".into(), vec!["`n_layer` is Infinity", "Python"]),
        ("-Infinity as a size", "{\"vocab_size\": -Infinity}".into(), vec!["`vocab_size` is -Infinity", "Replace it"]),
        (
            "missing comma",
            "{\"model_type\": \"llama\" \"hidden_size\": 1}".into(),
            vec!["expected `,` or `}`", "line 1, column 24"],
        ),
        (
            "single quotes",
            "{\n\"model_type\": 'llama'\n}".into(),
            vec!["line 2, column 15", "single quotes"],
        ),
        ("a comment", "{\"a\": 1, // no\n}".into(), vec!["key must be a string", "comments"]),
        ("cut short", "{\"model_type\": \"llama\"".into(), vec!["ends too early", "copied"]),
        ("two objects", "{} {}".into(), vec!["more text after the closing }"]),
        ("nested too deep", "[".repeat(10_000), vec!["nested more than 128 levels"]),
        ("1e400", llama("\"hidden_size\": 1e400"), vec!["too large to represent", "1e400"]),
        ("fraction", llama("\"hidden_size\": 2.5"), vec!["`hidden_size` is 2.5", "whole number"]),
        ("negative", llama("\"hidden_size\": -3"), vec!["`hidden_size` is -3", "positive whole number"]),
        ("negative float", llama("\"hidden_size\": -4096.0"), vec!["`hidden_size` is -4096.0", "positive whole number"]),
        (
            "number as string",
            llama("\"hidden_size\": \"4096\""),
            vec!["`hidden_size` is the string \"4096\"", "without quotes: 4096"],
        ),
        ("boolean as count", "{\"model_type\": \"gpt2\", \"n_embd\": true}".into(), vec!["`n_embd` is the boolean true", "whole number"]),
        ("huge float count", llama("\"num_hidden_layers\": 1e30"), vec!["`num_hidden_layers`", "far too large"]),
        ("float count at 9e15", llama("\"num_hidden_layers\": 9e15"), vec!["`num_hidden_layers`", "far too large"]),
        ("zero layers", llama("\"num_hidden_layers\": 0"), vec!["`num_hidden_layers` is 0", "at least 1 layer"]),
        ("negative layers", llama("\"num_hidden_layers\": -2"), vec!["`num_hidden_layers` is -2", "positive"]),
        ("T5 zero layers", "{\"model_type\": \"t5\", \"num_layers\": 0}".into(), vec!["`num_layers` is 0"]),
        (
            "heads do not divide",
            llama("\"hidden_size\": 4095, \"num_attention_heads\": 32"),
            vec!["`hidden_size` (4095) is not divisible by `num_attention_heads` (32)", "`head_dim`"],
        ),
        (
            "kv heads do not divide",
            llama("\"num_key_value_heads\": 5"),
            vec!["`num_attention_heads` (32) is not divisible by `num_key_value_heads` (5)", "divisor"],
        ),
        (
            "top-k above experts",
            "{\"model_type\": \"mixtral\", \"num_local_experts\": 8, \"num_experts_per_tok\": 9}".into(),
            vec!["`num_experts_per_tok` (9) is larger than `num_local_experts` (8)", "at most 8"],
        ),
        (
            "zero top-k",
            "{\"model_type\": \"mixtral\", \"num_experts_per_tok\": 0}".into(),
            vec!["`num_experts_per_tok` is 0", "at least 1"],
        ),
        (
            "zero experts where every layer has them",
            "{\"model_type\": \"mixtral\", \"num_local_experts\": 0}".into(),
            vec!["`num_local_experts` is 0"],
        ),
        (
            "zero sparse step",
            "{\"model_type\": \"qwen2_moe\", \"decoder_sparse_step\": 0}".into(),
            vec!["`decoder_sparse_step` is 0", "layer interval"],
        ),
        ("zero q_lora_rank", "{\"model_type\": \"deepseek_v3\", \"q_lora_rank\": 0}".into(), vec!["`q_lora_rank` is 0"]),
        (
            "absurd width",
            llama("\"hidden_size\": 1000000000, \"num_attention_heads\": 1000"),
            vec!["`hidden_size` is 1000000000", "16777216", "typo"],
        ),
        (
            "overflowing size",
            llama("\"hidden_size\": 16777216, \"num_attention_heads\": 1, \"num_hidden_layers\": 1048576, \"intermediate_size\": 16777216"),
            vec!["more than 1.8e19 parameters"],
        ),
        ("unknown type, nothing usable", "{\"model_type\": \"foo\"}".into(), vec!["\"foo\" is not a family flopcast knows", "nothing to count", "`hidden_size`"]),
        ("no model_type, nothing usable", "{\"torch_dtype\": \"bfloat16\"}".into(), vec!["names no `model_type`", "nothing to count"]),
        ("empty object", "{}".into(), vec!["names no `model_type`"]),
        ("only an empty text_config", "{\"text_config\": {}}".into(), vec!["`text_config` is empty"]),
        ("text_config not an object", "{\"text_config\": 3}".into(), vec!["`text_config` is the number 3", "an object"]),
        ("model_type not a string", "{\"model_type\": 7}".into(), vec!["`model_type` is the number 7", "a string"]),
        (
            "boolean as string",
            llama("\"tie_word_embeddings\": \"true\""),
            vec!["`tie_word_embeddings` is the string \"true\"", "without quotes: true"],
        ),
        (
            "false as string",
            llama("\"attention_bias\": \"false\""),
            vec!["`attention_bias` is the string \"false\"", "without quotes: false"],
        ),
        (
            "layer_types of the wrong length",
            llama("\"num_hidden_layers\": 4, \"layer_types\": [\"full_attention\", \"sliding_attention\"]"),
            vec!["`layer_types` lists 2 layers but `num_hidden_layers` is 4"],
        ),
        (
            "layer_types not strings",
            llama("\"layer_types\": [1, 2]"),
            vec!["`layer_types[0]` is the number 1"],
        ),
        (
            "cross_attention_layers not numbers",
            "{\"model_type\": \"mllama\", \"cross_attention_layers\": [\"a\"]}".into(),
            vec!["`cross_attention_layers[0]` is the string \"a\"", "layer index"],
        ),
        (
            "bad T5 feed_forward_proj",
            "{\"model_type\": \"t5\", \"feed_forward_proj\": \"gelu-relu\"}".into(),
            vec!["`feed_forward_proj` is \"gelu-relu\"", "gated-gelu"],
        ),
        (
            "a pruned head with no rows",
            "{\"model_type\": \"apertus1p5_text\", \"vocab_size\": 1000, \"output_vocab_size\": 0}".into(),
            vec!["`output_vocab_size` is 0", "from 1 to `vocab_size` (1000)"],
        ),
        (
            "a pruned head wider than the vocabulary",
            "{\"model_type\": \"apertus1p5_text\", \"vocab_size\": 1000, \"output_vocab_size\": 1001}".into(),
            vec!["`output_vocab_size` is 1001", "from 1 to `vocab_size` (1000)"],
        ),
        (
            "unknown family missing a size",
            "{\"model_type\": \"foo\", \"hidden_size\": 512, \"num_hidden_layers\": 2, \"num_attention_heads\": 8}".into(),
            vec!["`vocab_size` is missing", "the family is unknown, so there is no default"],
        ),
        (
            "unknown family missing its MLP width",
            "{\"model_type\": \"foo\", \"hidden_size\": 512, \"num_hidden_layers\": 2, \"num_attention_heads\": 8, \"vocab_size\": 1000}".into(),
            vec!["`intermediate_size` is missing", "the family is unknown, so there is no default"],
        ),
    ]
}

#[test]
fn each_bad_config_gets_a_message_that_names_the_problem() {
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 25);
    for (what, input, fragments) in cases {
        match parse_config(&input) {
            Ok(_) => failures.push(format!("{what}: parsed, but should have failed")),
            Err(e) => {
                let msg = e.to_string();
                for frag in fragments {
                    if !msg.contains(frag) {
                        failures.push(format!("{what}: message lacks {frag:?}: {msg}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The size limit is inclusive: a config of exactly 1,000,000 bytes (a
/// Llama config padded with spaces) is read; one byte more is refused.
#[test]
fn a_config_of_exactly_the_size_limit_is_read() {
    let config = llama("\"hidden_size\": 4096");
    let padded = |n: usize| format!("{config}{}", " ".repeat(n - config.len()));
    assert!(parse_config(&padded(MAX_CONFIG_BYTES)).is_ok());
    assert!(matches!(
        parse_config(&padded(MAX_CONFIG_BYTES + 1)),
        Err(ConfigError::TooLarge { .. })
    ));
}

#[test]
fn syntax_errors_expose_line_and_column() {
    let err = parse_config("{\n  \"a\": 1,\n}").unwrap_err();
    assert_eq!(err.line_column(), Some((3, 1)));
    let err = parse_config(&llama("\"hidden_size\": 2.5")).unwrap_err();
    assert_eq!(err.line_column(), None);
    assert_eq!(err.key(), Some("hidden_size"));
}

#[test]
fn a_leading_byte_order_mark_is_accepted() {
    let parsed = parse_config("\u{feff}{\"model_type\": \"llama\"}").unwrap();
    assert_eq!(parsed.spec.model_type(), "llama");
}

#[test]
fn duplicate_keys_keep_the_last_value_and_say_so() {
    let parsed =
        parse_config("{\"model_type\": \"llama\", \"hidden_size\": 2048, \"hidden_size\": 4096}")
            .unwrap();
    assert_eq!(parsed.spec.d_model(), 4096);
    assert!(parsed
        .assumptions
        .iter()
        .any(
            |a| a.text.contains("`hidden_size` appears more than once") && a.text.contains("last")
        ));
}

#[test]
fn a_duplicate_key_deep_down_is_named_by_a_path_that_stops_growing() {
    // 30 objects deep, each key 50 characters: the path keeps each key's
    // first 40 and stops past 200 characters, where the note would otherwise
    // carry 30 · 41 of them.
    let key = |i: usize| format!("{i:0>50}");
    let mut inner = "{\"x\": 1, \"x\": 2}".to_string();
    for i in (0..30).rev() {
        inner = format!("{{\"{}\": {inner}}}", key(i));
    }
    let json = format!("{{\"model_type\": \"llama\", \"extra\": {inner}}}");
    let parsed = parse_config(&json).expect("a duplicate is only noted");
    let note = parsed
        .assumptions
        .iter()
        .find(|a| a.text.contains("appears more than once"))
        .expect("the duplicate is noted");
    assert!(note.text.contains(&key(0)[..40]), "{}", note.text);
    assert!(!note.text.contains(&key(0)), "{}", note.text);
    assert!(
        note.text.len() < 400,
        "{} characters: {}",
        note.text.len(),
        note.text
    );
    // A path of exactly 200 characters still takes one more key.
    let (a, e) = ("a".repeat(40), "e".repeat(36));
    let json = format!(
        r#"{{"model_type": "llama", "{a}": {{"{a}": {{"{a}": {{"{a}": {{"{e}": {{"x": 1, "x": 2}}}}}}}}}}}}"#
    );
    let parsed = parse_config(&json).expect("a duplicate is only noted");
    let full = format!("{a}.{a}.{a}.{a}.{e}.x");
    assert!(
        parsed.assumptions.iter().any(|n| n.text.contains(&full)),
        "{:?}",
        parsed.assumptions
    );
}

#[test]
fn whole_numbers_written_as_floats_are_accepted() {
    let parsed = parse_config(&llama("\"hidden_size\": 4096.0")).unwrap();
    assert_eq!(parsed.spec.d_model(), 4096);
}

#[test]
fn a_config_with_only_text_config_counts_that_model() {
    let parsed = parse_config(
        "{\"text_config\": {\"hidden_size\": 512, \"num_hidden_layers\": 2, \"num_attention_heads\": 8, \
         \"intermediate_size\": 1024, \"vocab_size\": 1000}}",
    )
    .unwrap();
    assert_eq!(parsed.spec.d_model(), 512);
    let text: Vec<&str> = parsed.assumptions.iter().map(|a| a.text.as_str()).collect();
    assert!(text.iter().any(|t| t.contains("`text_config`")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("vision tower")), "{text:?}");
}

#[test]
fn errors_are_values_that_compare() {
    assert_eq!(parse_config(""), Err(ConfigError::Empty));
}

/// Two spellings of one setting: a null beside a value is no conflict, two
/// different values are (the first spelling wins, and a note says so).
#[test]
fn a_null_alias_beside_a_value_is_no_conflict() {
    let base = r#""model_type": "mixtral", "hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 512,
        "vocab_size": 1000, "num_experts_per_tok": 2"#;
    let notes = |extra: &str| -> Vec<String> {
        parse_config(&format!("{{{base}, {extra}}}"))
            .expect("parses")
            .assumptions
            .into_iter()
            .map(|a| a.text)
            .collect()
    };
    let null = notes(r#""num_local_experts": 8, "num_experts": null"#);
    assert!(!null.iter().any(|n| n.contains("both")), "{null:?}");
    let clash = notes(r#""num_local_experts": 8, "num_experts": 4"#);
    assert!(
        clash
            .iter()
            .any(|n| n.contains("both `num_local_experts` (8) and `num_experts` (4)")),
        "{clash:?}"
    );
}

/// Only a config whose language model sits in `text_config` is told that the
/// top level names no model.
#[test]
fn the_text_config_note_is_for_nested_configs_only() {
    let dims = r#""hidden_size": 256, "num_hidden_layers": 2, "num_attention_heads": 4,
        "intermediate_size": 512, "vocab_size": 1000"#;
    let says_text_config = |json: String| {
        parse_config(&json)
            .expect("parses")
            .assumptions
            .iter()
            .any(|a| a.key.as_deref() == Some("text_config"))
    };
    assert!(says_text_config(format!("{{\"text_config\": {{{dims}}}}}")));
    assert!(!says_text_config(format!("{{{dims}}}")));
}

/// A refused config's error says which key it is about, so the page can point
/// at it: a value of the wrong type, a key a model cannot do without.
#[test]
fn a_wrong_type_or_a_missing_key_names_its_key() {
    let wrong = parse_config(r#"{"model_type": "llama", "hidden_size": "big"}"#)
        .expect_err("a string width");
    assert_eq!(wrong.key(), Some("hidden_size"), "{wrong}");
    let missing = parse_config(r#"{"model_type": "my_lm", "num_hidden_layers": 2}"#)
        .expect_err("an unknown family without a width");
    assert!(missing.key().is_some(), "{missing}");
    assert!(
        missing.to_string().contains(missing.key().unwrap_or("?")),
        "{missing}"
    );
}

/// Notes and refusals of the hybrid families, each only where it applies.
#[test]
fn hybrid_notes_and_refusals_apply_where_they_should() {
    let notes = |json: &str| -> Vec<String> {
        parse_config(json)
            .unwrap_or_else(|e| panic!("{json}: {e}"))
            .assumptions
            .into_iter()
            .map(|a| a.text)
            .collect()
    };
    // Zamba: untied, each hybrid layer has its own copy of the shared block,
    // which is worth a note only when there are several (9 layers: 2; 7: 1).
    let zamba = |layers: u64| {
        format!(
            r#"{{"model_type": "zamba", "hidden_size": 128, "num_hidden_layers": {layers},
                "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 512,
                "n_mamba_heads": 2, "vocab_size": 500, "tie_word_embeddings": false}}"#
        )
    };
    let has_tie_note = |n: &[String]| n.iter().any(|t| t.contains("do not share"));
    assert!(has_tie_note(&notes(&zamba(9))));
    assert!(!has_tie_note(&notes(&zamba(7))));
    // Zamba2 the same: one hybrid layer has nothing to share.
    let zamba2 = |types: &str| {
        format!(
            r#"{{"model_type": "zamba2", "hidden_size": 128, "num_hidden_layers": 3,
                "layers_block_type": {types}, "num_mem_blocks": 1,
                "num_attention_heads": 4, "n_mamba_heads": 4, "mamba_d_state": 16,
                "chunk_size": 64, "vocab_size": 500, "tie_word_embeddings": false}}"#
        )
    };
    assert!(has_tie_note(&notes(&zamba2(
        r#"["hybrid", "mamba", "hybrid"]"#
    ))));
    assert!(!has_tie_note(&notes(&zamba2(
        r#"["mamba", "mamba", "hybrid"]"#
    ))));
    // A layer type that is neither is refused by its place in the list.
    let odd = parse_config(&zamba2(r#"["mamba", "attention", "hybrid"]"#))
        .expect_err("no such layer")
        .to_string();
    assert!(odd.contains("layers_block_type[1]"), "{odd}");
    // ZambaConfig's pattern starts Mamba, Mamba, hybrid: 3 layers is the
    // least it derives one for (2 fails its own layer-type check).
    let three = parse_config(&zamba(3)).expect("3 layers");
    let hybrids: u64 = three.spec.stacks[0]
        .groups
        .iter()
        .filter(|g| g.layer.attn.is_some())
        .map(|g| g.count)
        .sum();
    assert_eq!(hybrids, 1);
    let err = parse_config(&zamba(2)).expect_err("2 layers").to_string();
    assert!(err.contains("at least 3 layers"), "{err}");
    // MPT: `alibi: false` is ignored by transformers, and said so; `true` is
    // what it does anyway.
    let mpt = |alibi: bool| {
        format!(
            r#"{{"model_type": "mpt", "d_model": 256, "n_layers": 2, "n_heads": 4,
                "vocab_size": 1000, "attn_config": {{"alibi": {alibi}}}}}"#
        )
    };
    assert!(notes(&mpt(false)).iter().any(|t| t.contains("alibi")));
    assert!(!notes(&mpt(true)).iter().any(|t| t.contains("alibi")));
    // And `qk_ln: true` asks for query/key norms transformers does not build.
    let qk_ln = |on: bool| {
        format!(
            r#"{{"model_type": "mpt", "d_model": 256, "n_layers": 2, "n_heads": 4,
                "vocab_size": 1000, "attn_config": {{"qk_ln": {on}}}}}"#
        )
    };
    assert!(notes(&qk_ln(true)).iter().any(|t| t.contains("qk_ln")));
    assert!(!notes(&qk_ln(false)).iter().any(|t| t.contains("qk_ln")));
    // Granite 4 hybrid: top-k may be every expert, not more.
    let granite = |k: u64| {
        parse_config(&format!(
            r#"{{"model_type": "granitemoehybrid", "hidden_size": 256, "num_hidden_layers": 2,
                "layer_types": ["mamba", "attention"], "num_attention_heads": 8,
                "num_key_value_heads": 2, "intermediate_size": 56, "num_local_experts": 4,
                "num_experts_per_tok": {k}, "mamba_n_heads": 8, "mamba_d_head": 64,
                "vocab_size": 1000}}"#
        ))
    };
    assert!(granite(4).is_ok());
    let err = granite(5).expect_err("5 of 4 experts").to_string();
    assert!(err.contains("num_experts_per_tok"), "{err}");
    // `mamba_d_head: "auto"` is 2 · 256 / 8 = 64, as the config class derives it.
    let auto = parse_config(
        r#"{"model_type": "granitemoehybrid", "hidden_size": 256, "num_hidden_layers": 2,
            "layer_types": ["mamba", "attention"], "num_attention_heads": 8,
            "num_key_value_heads": 2, "intermediate_size": 56, "num_local_experts": 4,
            "num_experts_per_tok": 2, "mamba_n_heads": 8, "mamba_d_head": "auto",
            "vocab_size": 1000}"#,
    )
    .expect("auto");
    assert_eq!(auto.spec.stacks, granite(2).expect("64").spec.stacks);
    // Gemma 3n: a shared layer needs an earlier layer to share with.
    let all_shared = parse_config(
        r#"{"model_type": "gemma3n_text", "hidden_size": 256, "num_hidden_layers": 6,
            "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 64,
            "intermediate_size": 512, "vocab_size": 4000, "vocab_size_per_layer_input": 3000,
            "hidden_size_per_layer_input": 32, "laurel_rank": 16, "num_kv_shared_layers": 6,
            "sliding_window": 64}"#,
    )
    .expect_err("every layer shared")
    .to_string();
    assert!(all_shared.contains("num_kv_shared_layers"), "{all_shared}");
    // Gemma 3n's per-layer MLP widths: each one from 1 to 2^24, named by index.
    let widths = |list: &str| {
        parse_config(&format!(
            r#"{{"model_type": "gemma3n_text", "hidden_size": 256, "num_hidden_layers": 2,
                "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 64,
                "intermediate_size": {list}, "vocab_size": 4000, "num_kv_shared_layers": 0}}"#
        ))
    };
    widths("[512, 1024]").expect("two widths");
    for bad in ["[512, 0]", "[512, 16777217]"] {
        let err = widths(bad).expect_err(bad).to_string();
        assert!(
            err.contains("`intermediate_size[1]`") && err.contains("a width from 1 to 16777216"),
            "{err}"
        );
    }
}

/// A layer kind flopcast does not know is counted as full attention and named
/// once in a note, however many layers have it.
#[test]
fn an_unknown_layer_type_is_named_once_and_counted_as_full_attention() {
    let parsed = parse_config(&llama(
        "\"num_hidden_layers\": 4, \"layer_types\": [\"full_attention\", \"mystery_attention\", \
         \"mystery_attention\", \"full_attention\"]",
    ))
    .expect("parses");
    let notes: Vec<&str> = parsed
        .assumptions
        .iter()
        .filter(|a| a.key.as_deref() == Some("layer_types"))
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(
        notes,
        ["`layer_types` lists \"mystery_attention\": counted as full attention"]
    );
    let plain = parse_config(&llama("\"num_hidden_layers\": 4")).expect("parses");
    assert_eq!(parsed.spec, plain.spec);
}

#[test]
fn a_dory_split_that_does_not_add_up_to_its_layers_is_refused_by_name() {
    // DoryConfig.validate_architecture: input + recurrent + output layers
    // must be all the layers (2 + 4 + 2 of 8 here).
    let dory = |recurrent: &str| {
        format!(
            r#"{{"model_type": "dory", "hidden_size": 256, "num_attention_heads": 4,
                "num_key_value_heads": 2, "head_dim": 64, "intermediate_size": 512,
                "vocab_size": 4000, "num_hidden_layers": 8, "n_input_layers": 2,
                "n_output_layers": 2, "n_recurrent_layers": {recurrent}}}"#
        )
    };
    let given = parse_config(&dory("4")).expect("2 + 4 + 2 = 8");
    // A null count is DoryConfig's None: the layers the other two leave.
    let null = parse_config(&dory("null")).expect("null takes the 4 left");
    assert_eq!(null.spec, given.spec);
    let err = parse_config(&dory("2"))
        .expect_err("2 + 2 + 2 is not 8")
        .to_string();
    assert!(
        err.contains("n_recurrent_layers") && err.contains("DoryConfig"),
        "{err}"
    );
}

/// Only a quoted `"true"` or `"false"` is told to drop its quotes; another
/// string where a boolean belongs is told what a boolean is.
#[test]
fn only_a_quoted_boolean_is_told_to_drop_its_quotes() {
    let message = |value: &str| {
        parse_config(&llama(&format!("\"tie_word_embeddings\": {value}")))
            .expect_err("not a boolean")
            .to_string()
    };
    assert!(message("\"false\"").contains("without quotes: false"));
    let yes = message("\"yes\"");
    assert!(
        yes.contains("`tie_word_embeddings` is the string \"yes\"")
            && yes.contains("true or false")
            && !yes.contains("without quotes"),
        "{yes}"
    );
}

/// Apertus 1.5's output head may have as many rows as the vocabulary (no
/// more, above): each row is one `d_model`-wide vector.
#[test]
fn apertus_output_rows_may_be_as_many_as_the_vocabulary() {
    let parsed = |rows: u64| {
        parse_config(&format!(
            r#"{{"model_type": "apertus1p5_text", "vocab_size": 1000, "output_vocab_size": {rows}}}"#
        ))
        .expect("accepted")
        .spec
    };
    let (all, one_fewer) = (parsed(1000), parsed(999));
    let total = |s| flopcast_core::params::count_params(s).total;
    assert_eq!(total(&all) - total(&one_fewer), all.d_model);
}

/// A `layer_types` of the wrong length names the key the page marks.
#[test]
fn a_layer_types_of_the_wrong_length_marks_layer_types() {
    let err = parse_config(&llama(
        "\"num_hidden_layers\": 4, \"layer_types\": [\"full_attention\", \"sliding_attention\"]",
    ))
    .expect_err("2 entries for 4 layers");
    assert_eq!(err.key(), Some("layer_types"));
}

/// An empty `text_config` names the key the page marks: the nested block.
#[test]
fn an_empty_text_config_marks_text_config() {
    let err = parse_config("{\"text_config\": {}}").expect_err("nothing to count");
    assert!(matches!(err, ConfigError::EmptyTextConfig), "{err}");
    assert_eq!(err.key(), Some("text_config"));
}
