//! Every model type transformers knows (the list compiled into the core from its
//! `CONFIG_MAPPING`) is counted by a family that has ground truth in
//! `core/data/family_checks/`, or refused by name with a reason. A family added to the
//! table without ground truth fails here; so does a transformers type that slips
//! through to the generic rules.

use std::collections::BTreeSet;

use flopcast_core::config::{
    family_types, parse_config, transformers_model_types, ConfigError, TRANSFORMERS_VERSION,
};

/// The model types that have a ground-truth file (`<model_type>.json`).
fn fixture_types() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/family_checks");
    std::fs::read_dir(&dir)
        .expect("core/data/family_checks/ is readable")
        .filter_map(|e| {
            let name = e.expect("a directory entry").file_name();
            let name = name.to_string_lossy();
            name.strip_suffix(".json")
                .filter(|stem| !stem.starts_with('_'))
                .map(str::to_string)
        })
        .collect()
}

/// A config of `model_type` with every size a decoder needs, so that only the
/// family decides whether it is counted.
fn sized_config(model_type: &str) -> String {
    format!(
        r#"{{"model_type": "{model_type}", "hidden_size": 256, "num_hidden_layers": 2,
            "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 512,
            "vocab_size": 1000}}"#
    )
}

#[test]
fn every_transformers_model_type_is_counted_with_ground_truth_or_refused_by_name() {
    let fixtures = fixture_types();
    let mut failures = Vec::new();
    let mut counted = 0;
    let mut refused = 0;
    for t in transformers_model_types() {
        match family_types(t) {
            Some(types) => {
                counted += 1;
                if !types.iter().any(|x| fixtures.contains(*x)) {
                    failures.push(format!(
                        "`{t}` has a family ({types:?}) but no ground truth in \
                         core/data/family_checks/ (run scripts/ground_truth/family_checks.py)"
                    ));
                }
            }
            None => {
                refused += 1;
                match parse_config(&sized_config(t)) {
                    Err(ConfigError::UnsupportedFamily { model_type, reason }) => {
                        if model_type != t || reason.trim().is_empty() {
                            failures.push(format!("`{t}`: refused as `{model_type}`: {reason:?}"));
                        }
                    }
                    Err(other) => failures.push(format!("`{t}`: refused, not by name: {other}")),
                    Ok(_) => failures.push(format!(
                        "`{t}` has no family but was counted (by the generic rules)"
                    )),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        counted + refused,
        822,
        "transformers {TRANSFORMERS_VERSION} has 822 model types; regenerate the list with \
         scripts/ground_truth/model_types.py when it changes"
    );
    assert!(counted > 50, "only {counted} types have a family");
}

#[test]
fn every_ground_truth_file_is_for_a_family_flopcast_has() {
    for t in fixture_types() {
        assert!(
            family_types(&t).is_some(),
            "core/data/family_checks/{t}.json is for a model type with no family"
        );
    }
}

#[test]
fn a_refusal_names_the_family_the_reason_and_what_to_do() {
    let e = parse_config(&sized_config("whisper")).expect_err("no family for Whisper");
    let text = e.to_string();
    assert!(text.starts_with("`whisper` is a transformers family flopcast does not count yet: "));
    assert!(
        text.ends_with("Paste the config of a supported family, or enter the dimensions by hand.")
    );
    assert_eq!(e.key(), Some("model_type"));
}

#[test]
fn starcoder_is_counted_as_its_own_family_not_as_a_llama() {
    // bigcode/starcoder's published sizes: 15.5B with multi-query attention and a
    // plain 4x MLP; the generic (Llama-style) reading gave 24.5B.
    let config = r#"{"model_type": "gpt_bigcode", "n_embd": 6144, "n_head": 48,
        "n_layer": 40, "n_inner": 24576, "n_positions": 8192, "multi_query": true,
        "vocab_size": 49152}"#;
    let spec = parse_config(config).expect("a known family").spec;
    let counts = flopcast_core::params::count_params(&spec);
    assert_eq!(counts.approximate, None);
    // PyTorch (transformers 5.24, meta device) reports 15,517,456,384.
    assert_eq!(counts.total, 15_517_456_384);
}

/// A wrapper whose `text_config` names no type: a multimodal one (LLaVA) is
/// read by the generic rules from its text config, any other kind (Whisper,
/// an encoder-decoder) is refused by its own name.
#[test]
fn a_wrapper_without_a_text_type_is_read_or_refused_by_its_kind() {
    let text = r#""text_config": {"hidden_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 1000}"#;
    let whisper = parse_config(&format!(r#"{{"model_type": "whisper", {text}}}"#))
        .expect_err("Whisper is refused");
    let message = whisper.to_string();
    assert!(message.contains("whisper"), "{message}");
    assert!(message.contains("encoder-decoder"), "{message}");
    let llava = parse_config(&format!(r#"{{"model_type": "llava", {text}}}"#));
    assert!(llava.is_ok(), "{:?}", llava.err().map(|e| e.to_string()));
}
