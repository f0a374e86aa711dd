//! Every family's default config and variants of it (widths, depths, heads,
//! GQA, tying, biases, experts, family switches), against the parameter counts
//! PyTorch reports for transformers' implementation. The cases are in
//! `core/data/family_checks/<model_type>.json`, one file a family, and how they
//! were made in `core/data/family_checks/_about.json`
//! (`scripts/ground_truth/family_checks.py` regenerates a family's file).

use flopcast_core::config::parse_config;
use flopcast_core::flops::{forward_flops_per_token, Convention};
use flopcast_core::model::ModelSpec;
use flopcast_core::params::count_params;
use serde_json::Value;

/// Every case of every family file, in file-name order.
fn cases() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/family_checks");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("core/data/family_checks/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_none_or(|n| n != "_about.json")
        })
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a family file is readable");
        let json: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        let family = json["model_type"].as_str().expect("model_type").to_owned();
        for case in json["cases"].as_array().expect("a list of cases") {
            assert_eq!(case["model_type"], family.as_str(), "{}", path.display());
            cases.push(case.clone());
        }
    }
    cases
}

#[test]
fn every_family_default_and_variant_matches_pytorch_exactly() {
    let cases = cases();
    assert!(cases.len() >= 250, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let file = case["file"].as_str().unwrap_or("?");
        let config = case["config"].to_string();
        let parsed = match parse_config(&config) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{file}: does not parse: {e}"));
                continue;
            }
        };
        let counts = count_params(&parsed.spec);
        let total = case["total"].as_u64().expect("total");
        if counts.total != total {
            failures.push(format!(
                "{file}: total {} but PyTorch reports {total} ({:+})",
                counts.total,
                counts.total as i128 - total as i128
            ));
        }
        // The spec keeps the model type (the report and the link carry it);
        // GPT-SW3 runs GPT-2's implementation, Mllama's text model is Mllama's.
        let family = case["model_type"].as_str().unwrap_or("?");
        let model_type = match family {
            "gpt-sw3" => "gpt2",
            "mllama_text_model" => "mllama",
            other => other,
        };
        if parsed.spec.model_type() != model_type {
            failures.push(format!(
                "{file}: model type {:?}, not {model_type:?}",
                parsed.spec.model_type()
            ));
        }
        // The memory model splits each layer's weights by kind and counts
        // embeddings and heads once, outside the layers.
        if let Some(l) = counts
            .layers
            .iter()
            .find(|l| l.per_layer.embeddings + l.per_layer.head > 0)
        {
            failures.push(format!("{file}: {} holds embeddings or a head", l.label));
        }
        if let Some(active) = case["active"].as_u64() {
            if counts.active != active {
                failures.push(format!(
                    "{file}: active {} but PyTorch's structure gives {active}",
                    counts.active
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The project's promise for `dense` is within 0.5 % of PyTorch's FLOP counter;
/// every case is in fact exact (to floating-point rounding), so the test pins
/// that: a term that drifts by any amount, however small beside a layer's
/// matmuls, fails here rather than hiding inside the 0.5 % (mutation testing
/// found such drifts passing, `core/mutants.md`).
const FLOP_TOLERANCE: f64 = 1e-9;

#[test]
fn dense_flops_match_pytorchs_counter_on_every_case() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut points = 0;
    for case in &cases {
        let file = case["file"].as_str().unwrap_or("?");
        let Ok(parsed) = parse_config(&case["config"].to_string()) else {
            failures.push(format!("{file}: does not parse"));
            continue;
        };
        for point in case["flops"].as_array().into_iter().flatten() {
            let s = point["seq_len"].as_u64().expect("seq_len");
            let want = point["forward_flops"].as_f64().expect("forward_flops");
            // The FLOP counter measures one forward over (1, S): per token × S,
            // of the terms it can see (not a scan derived from the algorithm).
            let got = forward_flops_per_token(&parsed.spec, s, Convention::Dense).counter_visible()
                * s as f64;
            points += 1;
            if (got - want).abs() > FLOP_TOLERANCE * want {
                failures.push(format!(
                    "{file} at S={s}: {got:.6e} vs PyTorch {want:.6e} ({:+.3} %)",
                    (got / want - 1.0) * 100.0
                ));
            }
        }
    }
    assert!(points >= 500, "only {points} measured points");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_cases_cover_every_family_with_an_implementation_in_transformers() {
    let cases = cases();
    let types: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| c["model_type"].as_str())
        .collect();
    for family in [
        "llama",
        "deepseek_v3",
        "gpt2",
        "gpt_neox",
        "gptj",
        "opt",
        "bloom",
        "falcon",
        "falcon_h1",
        "falcon_mamba",
        "mamba",
        "mamba2",
        "mistral",
        "mixtral",
        "qwen2",
        "qwen2_moe",
        "qwen3",
        "qwen3_moe",
        "gemma",
        "gemma2",
        "gemma3_text",
        "phi",
        "phi3",
        "olmo",
        "olmo2",
        "starcoder2",
        "deepseek_v2",
        "gpt_oss",
        "t5",
        "bert",
        "mllama_text_model",
        "glm",
        "glm4",
        "cohere",
        "cohere2",
        "helium",
        "ernie4_5",
        "exaone4",
        "hunyuan_v1_dense",
        "arcee",
        "bamba",
        "nemotron",
        "nemotron_h",
        "olmoe",
        "phimoe",
        "stablelm",
        "granite",
        "granitemoehybrid",
        "jamba",
        "smollm3",
        "llama4_text",
        "seed_oss",
        "bailing_hybrid",
        "dory",
        "hrm_text",
        "kimi_linear",
        "lara_mini",
        "lfm2",
        "lfm2_moe",
        "lfm3",
        "minimax",
        "minimax_m3_vl_text",
        "olmo_hybrid",
        "qwen3_5_moe_text",
        "qwen3_5_text",
        "qwen3_next",
        "qwen4_exp_text",
        "recurrent_gemma",
        "rwkv",
        "xlstm",
        "zaya",
        "zamba",
        "zamba2",
        "apertus",
        "apertus1p5_text",
        "bitnet",
        "cohere_compass_text",
        "diffllama",
        "doge",
        "flint",
        "gemma3n_text",
        "gemma4_text",
        "gemma4_unified_text",
        "granite_swa",
        "hyperclovax",
        "jais2",
        "mellum",
        "ministral",
        "modernbert-decoder",
        "nanochat",
        "olmo3",
        "persimmon",
        "biogpt",
        "codegen",
        "ctrl",
        "cwm",
        "emu3_text_model",
        "exaone",
        "gpt-sw3",
        "gpt_bigcode",
        "gpt_neo",
        "gpt_neox_japanese",
        "granitemoe",
        "internlm3",
        "iquestcoder",
        "minicpm3",
        "ministral3",
        "mpt",
        "openai-gpt",
        "sarvam_mla",
        "solar_open",
        "vaultgemma",
        "xglm",
        "youtu",
        // Mixture-of-experts, MLA and sparse-attention families (issue 12).
        "afmoe",
        "aria_text",
        "axk1",
        "axk2",
        "beam",
        "cohere2_moe",
        "dbrx",
        "deepseek_v32",
        "deepseek_v4",
        "dots1",
        "dots3_note_text",
        "ernie4_5_moe",
        "exaone_moe",
        "flex_olmo",
        "glm4_moe",
        "glm4_moe_lite",
        "glm_moe_dsa",
        "granitemoe_swa",
        "granitemoeshared",
        "hunyuan_v1_moe",
        "hy_v3",
        "hy_v4",
        "jetmoe",
        "kolibri1",
        "laguna",
        "longcat_flash",
        "mimo_v2_flash",
        "minimax_m2",
        "sarvam_moe",
        "zamba",
        "zamba2",
    ] {
        assert!(types.contains(family), "no case for {family}");
        let defaults = cases
            .iter()
            .filter(|c| {
                c["model_type"] == family
                    && c["file"]
                        .as_str()
                        .is_some_and(|f| f.ends_with("__default.json"))
            })
            .count();
        assert_eq!(defaults, 1, "{family} has no default-config case");
    }
}

/// Each family's default config as transformers writes it (`<type>__default.json`;
/// a class without a default for a key the model needs was measured with it
/// patched in, listed in `overrides`).
pub(super) fn default_cases() -> Vec<Value> {
    cases()
        .into_iter()
        .filter(|c| {
            c["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("__default.json"))
        })
        .collect()
}

/// The config of one case of a family's file (`core/data/family_checks/<family>.json`),
/// `file` as the case records it.
pub(super) fn case_config(family: &str, file: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/family_checks")
        .join(format!("{family}.json"));
    let text = std::fs::read_to_string(&path).expect("the family file is readable");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["file"] == file)
        .unwrap_or_else(|| panic!("{file} in {}", path.display()))["config"]
        .clone()
}

/// transformers' config class of each model type (`core/data/config_classes.json`,
/// made by `scripts/ground_truth/config_classes.py`).
pub(super) fn config_classes() -> serde_json::Map<String, Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/config_classes.json");
    let text = std::fs::read_to_string(&path).expect("core/data/config_classes.json is readable");
    let json: Value = serde_json::from_str(&text).expect("config_classes.json is JSON");
    json["classes"]
        .as_object()
        .expect("a map of classes")
        .clone()
}

/// A config that sets the attention heads and leaves the key/value heads and
/// head width out gets what the config class derives for it: a fixed default
/// (MiniCPM3's 40 key/value heads) or one that follows the heads (Cohere's,
/// as many as the query heads; Cohere 2's head width, `hidden_size / heads`).
/// The truth is the class itself (`core/data/head_defaults.json`, made by
/// `scripts/ground_truth/head_defaults.py`), which reaches the families whose
/// default model is too large for a PyTorch probe. MLA attention has no
/// key/value heads and names a different width `head_dim`, so it is skipped.
#[test]
fn head_defaults_follow_the_config_class() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/head_defaults.json");
    let text = std::fs::read_to_string(&path).expect("core/data/head_defaults.json is readable");
    let json: Value = serde_json::from_str(&text).expect("head_defaults.json is JSON");
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in json["cases"].as_array().expect("a list of cases") {
        let family = case["model_type"].as_str().unwrap_or("?");
        let spec = match parse_config(&case["config"].to_string()) {
            Ok(p) => p.spec,
            Err(e) => {
                failures.push(format!("{family}: refused: {e}"));
                continue;
            }
        };
        let Some(attn) = spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .find_map(|g| g.layer.attn.as_ref())
        else {
            failures.push(format!("{family}: no attention layer"));
            continue;
        };
        if attn.mla.is_some() {
            continue;
        }
        compared += 1;
        for (what, want, got) in [
            (
                "key/value heads",
                &case["num_key_value_heads"],
                attn.n_kv_heads,
            ),
            ("head width", &case["head_dim"], attn.head_dim),
        ] {
            if want.as_u64().is_some_and(|w| w != got) {
                failures.push(format!("{family}: {what} {got}, the class gives {want}"));
            }
        }
    }
    assert!(compared >= 90, "only {compared} families compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A config without `layer_types` gets the sliding layers its config class
/// derives: every fourth layer full (Dory), a pattern after leading dense
/// layers (Cohere 2 MoE), even layers below `max_window_layers` (Qwen2-MoE),
/// the last layer full (Gemma 3n)... transformers writes `layer_types` into
/// every full config, so the family checks never reach these rules. The truth
/// is the classes themselves (`core/data/layer_types.json`, made by
/// `scripts/ground_truth/layer_types.py`: depths of 6, 7, 12 and 20 and a
/// changed pattern, dense prefix and window limit where a class has them),
/// and each sliding layer attends to the class's `sliding_window`.
/// Layers are counted by their weights (a looped layer is one layer).
#[test]
fn derived_layer_types_follow_the_config_class() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/layer_types.json");
    let text = std::fs::read_to_string(&path).expect("core/data/layer_types.json is readable");
    let json: Value = serde_json::from_str(&text).expect("layer_types.json is JSON");
    let cases = json["cases"].as_array().expect("a list of cases");
    let mut failures = Vec::new();
    let mut families = std::collections::BTreeSet::new();
    for case in cases {
        let config = &case["config"];
        let what = format!("{} at {} layers", case["model_type"], config);
        let spec = match parse_config(&config.to_string()) {
            Ok(p) => p.spec,
            Err(e) => {
                failures.push(format!("{what}: refused: {e}"));
                continue;
            }
        };
        let sliding: u64 = spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .filter(|g| g.layer.attn.as_ref().is_some_and(|a| a.window.is_some()))
            .map(|g| g.weight_sets())
            .sum();
        let want = case["sliding"].as_u64().expect("a count");
        if sliding != want {
            failures.push(format!(
                "{what}: {sliding} sliding layers, the class {want}"
            ));
        }
        // And each attends to the class's `sliding_window`.
        if let Some(width) = case["window"].as_u64().filter(|_| want > 0) {
            let widths: std::collections::BTreeSet<u64> = spec
                .stacks
                .iter()
                .flat_map(|s| &s.groups)
                .filter_map(|g| g.layer.attn.as_ref().and_then(|a| a.window))
                .collect();
            if widths != std::collections::BTreeSet::from([width]) {
                failures.push(format!("{what}: windows {widths:?}, the class {width}"));
            }
        }
        families.insert(case["model_type"].as_str().unwrap_or("?"));
    }
    assert!(
        cases.len() >= 200 && families.len() >= 50,
        "{} cases",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A config.json that gives only its `model_type` is read with the config
/// class's defaults, as transformers reads it: for every family whose default
/// config PyTorch measured, the count of `{"model_type": …}` alone must equal
/// PyTorch's count of that default (parameters, and the forward FLOPs its
/// counter measured), and the notes that say a default was used name
/// transformers' config class. This pins every default in the family
/// table (widths, depth, heads, head size, biases, windows, experts…), which
/// the full configs above never reach because they spell every key out.
#[test]
fn a_config_with_only_its_model_type_counts_as_transformers_defaults() {
    let classes = config_classes();
    let mut failures = Vec::new();
    let mut matched = Vec::new();
    let mut refused = Vec::new();
    for case in default_cases().iter() {
        let file = case["file"].as_str().unwrap_or("?");
        let model_type = case["model_type"].as_str().expect("model_type");
        // A class without a default for a key the model needs (Dots1's expert
        // counts) was measured with that key patched in: the bare config has it too.
        let mut bare = case["overrides"].as_object().cloned().unwrap_or_default();
        bare.insert("model_type".into(), model_type.into());
        let bare = Value::Object(bare).to_string();
        let parsed = match parse_config(&bare) {
            Ok(p) => p,
            Err(e) => {
                refused.push(format!("{model_type}: {e}"));
                continue;
            }
        };
        // And the model itself, beyond what the counts see (context, windows
        // longer than the measured sequences, …): transformers' default config
        // written out in full describes the same model.
        // The training traits (activation, dropout) are not compared: the
        // family table has no defaults for them yet (`core/mutants.md`).
        let full = parse_config(&case["config"].to_string()).expect("the default parses");
        let model_of = |spec: &ModelSpec| ModelSpec {
            training: None,
            ..spec.clone()
        };
        if model_of(&full.spec) != model_of(&parsed.spec) {
            failures.push(format!(
                "{file}: only model_type gives another model than the default config written out: {}",
                spec_diff(&full.spec, &parsed.spec)
            ));
        }
        let class = classes[model_type].as_str().expect("a class name");
        for note in &parsed.assumptions {
            if note.text.contains("Config's default") && !note.text.contains(class) {
                failures.push(format!(
                    "{model_type}: a note does not name {class}: {}",
                    note.text
                ));
            }
        }
        for point in case["flops"].as_array().into_iter().flatten() {
            let s = point["seq_len"].as_u64().expect("seq_len");
            let want = point["forward_flops"].as_f64().expect("forward_flops");
            let got = forward_flops_per_token(&parsed.spec, s, Convention::Dense).counter_visible()
                * s as f64;
            if (got - want).abs() > FLOP_TOLERANCE * want {
                failures.push(format!(
                    "{file}: only model_type gives {got:.6e} FLOPs at S={s}, PyTorch {want:.6e}"
                ));
            }
        }
        let counts = count_params(&parsed.spec);
        let total = case["total"].as_u64().expect("total");
        if counts.total == total {
            matched.push(model_type.to_owned());
        } else {
            failures.push(format!(
                "{file}: only model_type gives {} but PyTorch's default is {total} ({:+})",
                counts.total,
                counts.total as i128 - total as i128
            ));
        }
    }
    failures.extend(
        refused
            .iter()
            .map(|r| format!("only model_type is refused: {r}")),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every family with a measured default (134 in transformers 5.24).
    assert!(
        matched.len() >= 130,
        "only {} defaults compared",
        matched.len()
    );
}

/// A key left out of a config is named as the family's config.json spells it.
/// For each family's default config (as transformers writes it) and each key
/// in it, the config without that key may give notes the whole config does not
/// give; each such "`key` missing" note must name the key that was left out
/// (GPT-2's `n_positions`, not the generic `max_position_embeddings`). And
/// since the whole config holds the class's defaults, the model stays the same:
/// each family's table defaults are the class's, key by key.
#[test]
fn a_key_left_out_is_named_as_the_family_spells_it_and_defaults_to_its_value() {
    let classes = config_classes();
    let class_of = |t: &str| classes[t].as_str().unwrap_or("?").to_string();
    let mut failures = Vec::new();
    let mut checked = 0;
    // Each family's default config (a few were measured with a key or two
    // patched in, which stay).
    for case in cases().iter().filter(|c| {
        c["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("__default.json"))
    }) {
        let model_type = case["model_type"].as_str().expect("model_type");
        let full = case["config"].as_object().expect("the default config");
        let patched = case["overrides"].as_object().cloned().unwrap_or_default();
        let Ok(whole) = parse_config(&case["config"].to_string()) else {
            continue;
        };
        let before: std::collections::BTreeSet<&str> =
            whole.assumptions.iter().map(|a| a.text.as_str()).collect();
        // Without `model_type` it is another (unknown) family.
        for key in full
            .keys()
            .filter(|k| *k != "model_type" && !patched.contains_key(*k))
        {
            let mut cut = full.clone();
            cut.remove(key);
            let Ok(parsed) = parse_config(&Value::Object(cut).to_string()) else {
                continue;
            };
            checked += 1;
            // transformers wrote the class's own default for every key, so
            // leaving one out describes the same model, except where the class
            // derives the key from others, and without it derives another
            // model (checked against the classes in transformers 5.24):
            // - BailingHybridConfig writes `linear_head_dim` 128 and defaults
            //   to 64;
            // - HrmTextConfig's `num_layers_per_stack` defaults to 128, not 16;
            // - DoryConfig halves its layer counts only when `layer_types`
            //   lists attention and MLP blocks in pairs (72 layers without it).
            const DERIVED: [(&str, &str); 3] = [
                ("bailing_hybrid", "linear_head_dim"),
                ("hrm_text", "num_layers_per_stack"),
                ("dory", "layer_types"),
            ];
            let model_of = |spec: &ModelSpec| ModelSpec {
                training: None,
                ..spec.clone()
            };
            let derived = DERIVED.contains(&(model_type, key.as_str()));
            if derived == (model_of(&parsed.spec) == model_of(&whole.spec)) {
                failures.push(format!(
                    "{model_type} without `{key}`: {}",
                    if derived {
                        "the same model, where the class derives another".to_string()
                    } else {
                        format!("another model: {}", spec_diff(&whole.spec, &parsed.spec))
                    }
                ));
            }
            for note in &parsed.assumptions {
                let named = note.key.as_deref().unwrap_or("");
                if !before.contains(note.text.as_str())
                    && note.text.contains("missing")
                    && named != key.as_str()
                    && !named.starts_with(&format!("{key}."))
                {
                    failures.push(format!(
                        "{model_type} without `{key}`: the note names `{named}`: {}",
                        note.text
                    ));
                }
                // And where the default comes from: the family's class.
                if !before.contains(note.text.as_str())
                    && named == key.as_str()
                    && !note.text.contains(&class_of(model_type))
                {
                    failures.push(format!(
                        "{model_type} without `{key}`: the note does not name {}: {}",
                        class_of(model_type),
                        note.text
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 3000, "only {checked} configs with a key left out");
}

/// The fields where two specs differ, as `path: written-out vs bare`.
fn spec_diff(a: &ModelSpec, b: &ModelSpec) -> String {
    let json = |s: &ModelSpec| serde_json::to_value(s).expect("a spec serializes");
    super::pins::json_differences(&json(a), &json(b), 0.0)
        .into_iter()
        .take(6)
        .map(|(path, a, b)| format!("{path}: {a} vs {b}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The layer groups of a stack, in a fixed order (the spec lists them in order
/// of first appearance, which a config may legitimately change).
fn sorted_groups(spec: &flopcast_core::model::ModelSpec) -> Vec<Vec<String>> {
    spec.stacks
        .iter()
        .map(|stack| {
            let mut groups: Vec<String> = stack
                .groups
                .iter()
                .map(|g| serde_json::to_string(g).expect("a layer group serialises"))
                .collect();
            groups.sort();
            groups
        })
        .collect()
}

/// Each `…__minimal.json` case is only `model_type` plus a variant's overrides;
/// its sibling `….json` is the same config as transformers' config class writes
/// it out (`to_json_string(use_diff=False)`), with every derived key filled in,
/// `layer_types` among them. So flopcast's own derivation (which layers slide,
/// which are dense, indexed or MoE, their windows) must build the same layers
/// from the minimal config as from transformers' derived one. The parameter
/// counts cannot see this (a sliding layer has a full layer's weights) and the
/// FLOP cases cannot either (the counter sees a sliding layer's masked product
/// as a full one, and the cases stop at S = 256, under every window).
#[test]
fn minimal_configs_derive_the_layers_transformers_derives() {
    let cases = cases();
    let by_file: std::collections::BTreeMap<&str, &Value> = cases
        .iter()
        .filter_map(|c| c["file"].as_str().map(|f| (f, c)))
        .collect();
    let mut failures = Vec::new();
    let mut pairs = 0;
    for (file, minimal) in &by_file {
        let Some(stem) = file.strip_suffix("__minimal.json") else {
            continue;
        };
        let full = by_file
            .get(format!("{stem}.json").as_str())
            .unwrap_or_else(|| panic!("{file} has no full sibling"));
        let spec = |case: &Value| {
            parse_config(&case["config"].to_string())
                .expect("every case parses")
                .spec
        };
        pairs += 1;
        let same = sorted_groups(&spec(minimal)) == sorted_groups(&spec(full));
        if !same {
            failures.push(format!(
                "{file}: builds other layers than transformers' derived config"
            ));
        }
    }
    assert!(pairs >= 250, "only {pairs} minimal/full pairs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A remote-code model built like DeepSeek-V3 (a `model_type` and an
/// architecture no family knows, nor resembles) is read by the generic rules,
/// which see MLA in its `kv_lora_rank`: every full DeepSeek-V3 case, renamed
/// so, still gives the parameter counts PyTorch reports for it (the generic
/// rules count the same MLA projections, routed and shared experts and dense
/// prefix).
#[test]
fn an_unknown_family_with_deepseek_v3s_keys_is_counted_with_mla() {
    let mut checked = 0;
    for case in cases() {
        let file = case["file"].as_str().unwrap_or("?");
        if case["model_type"] != "deepseek_v3" || file.ends_with("__minimal.json") {
            continue;
        }
        let mut config = case["config"].clone();
        config["model_type"] = "acme_lm".into();
        config["architectures"] = serde_json::json!(["AcmeForCausalLM"]);
        let parsed = parse_config(&config.to_string()).expect("a fork parses");
        assert!(
            parsed.spec.generic.is_some(),
            "{file}: not read generically"
        );
        let counts = count_params(&parsed.spec);
        assert_eq!(
            counts.total,
            case["total"].as_u64().expect("total"),
            "{file}"
        );
        assert_eq!(
            counts.active,
            case["active"].as_u64().expect("active"),
            "{file}"
        );
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} DeepSeek-V3 cases");
}

/// A `kv_lora_rank` turns MLA on for the generic rules only. The config
/// class of every family in the table without MLA has no such key (no default
/// config here writes it), so its modeling code builds the family's own
/// attention whatever the config says: in every such family's default case,
/// adding one builds no MLA and changes no count.
#[test]
fn a_kv_lora_rank_is_ignored_by_families_without_mla() {
    let mut checked = 0;
    for case in cases() {
        let file = case["file"].as_str().unwrap_or("?");
        let Some(config) = case["config"].as_object() else {
            continue;
        };
        if !file.ends_with("__default.json") || config.contains_key("kv_lora_rank") {
            continue;
        }
        let Ok(plain) = parse_config(&Value::Object(config.clone()).to_string()) else {
            continue;
        };
        let mut with = config.clone();
        with.insert("kv_lora_rank".into(), 256.into());
        let parsed = parse_config(&Value::Object(with).to_string())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            count_params(&parsed.spec).total,
            count_params(&plain.spec).total,
            "{file}"
        );
        for g in parsed.spec.stacks.iter().flat_map(|s| &s.groups) {
            assert!(
                g.layer.attn.as_ref().is_none_or(|a| a.mla.is_none()),
                "{file}: MLA"
            );
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} families");
    // Where the family's attention would read it, a note says so.
    let llama = parse_config(r#"{"model_type": "llama", "kv_lora_rank": 512}"#).expect("parses");
    assert!(llama
        .assumptions
        .iter()
        .any(|a| a.key.as_deref() == Some("kv_lora_rank")
            && a.text
                == "`kv_lora_rank` is ignored: LlamaConfig has no multi-head latent attention"));
}

/// A window of 0 is no window (how configs switch it off), never a window
/// that sees nothing and never a refusal: in every case with a window
/// (`sliding_window`, or RecurrentGemma's `attention_window_size`), setting
/// it to 0 leaves no attention layer with a zero-width window.
#[test]
fn a_sliding_window_of_zero_is_no_window() {
    let mut checked = Vec::new();
    let mut refused = Vec::new();
    for case in cases() {
        let Some(config) = case["config"].as_object() else {
            continue;
        };
        for key in ["sliding_window", "attention_window_size"] {
            if config
                .get(key)
                .and_then(Value::as_u64)
                .is_none_or(|w| w == 0)
            {
                continue;
            }
            let mut zero = config.clone();
            zero.insert(key.into(), 0.into());
            let file = case["file"].as_str().unwrap_or("?");
            let parsed = match parse_config(&Value::Object(zero).to_string()) {
                Ok(p) => p,
                // Two families need a window and say so: DeepSeek-V4's
                // compressed attention is built around it, and ZayaConfig
                // refuses `hybrid_sliding` layers without one.
                Err(e)
                    if ["deepseek_v4", "zaya"]
                        .contains(&case["model_type"].as_str().unwrap_or(""))
                        && e.to_string().contains(key) =>
                {
                    continue;
                }
                Err(e) => {
                    refused.push(format!("{file} ({key}): {e}"));
                    continue;
                }
            };
            checked.push(key);
            for g in parsed.spec.stacks.iter().flat_map(|s| &s.groups) {
                if let Some(a) = &g.layer.attn {
                    assert_ne!(
                        a.window,
                        Some(0),
                        "{file}: {key} 0 gave a zero-width window"
                    );
                }
            }
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
    let n = |k| checked.iter().filter(|&&c| c == k).count();
    assert!(
        n("sliding_window") > 50,
        "only {} cases with a sliding_window",
        n("sliding_window")
    );
    assert!(
        n("attention_window_size") >= 1,
        "no case with an attention_window_size"
    );
}

/// A key the family's config class does not write changes what PyTorch
/// builds, or not, and flopcast agrees: for every family's default config,
/// each common bias key the class does not write, set to `true`, one
/// key/value head, and a head width of 32; and where the default does write
/// them, half its head width, one key/value head, half each size it writes
/// (widths, heads, experts, ranks, layers, context, vocabulary, in every
/// spelling; top-k 1), a `false` bias key made `true` and the head's tying
/// flipped. Mostly nothing changes (Gemma 3 has
/// no MLP biases whatever `mlp_bias` says; GPT-J has no grouped-query
/// attention), but some modeling code reads a key its class never writes
/// (`getattr(config, "head_dim", …)` in OLMo, Qwen2, Phi-3…), and some classes
/// map one onto another (`attribute_map`: Sarvam-MoE's `use_qkv_bias` is
/// `attention_bias`, Zamba's `head_dim` is `attention_head_dim`). The truth is
/// `core/data/undefined_keys.json` (`scripts/ground_truth/undefined_keys.py`,
/// 2,497 pairs built on PyTorch's meta device); for the few families
/// transformers cannot load from their own default JSON, no change.
#[test]
fn a_key_set_or_changed_counts_as_pytorch_builds_it() {
    const KEYS: [(&str, u64); 10] = [
        ("attention_bias", 1),
        ("mlp_bias", 1),
        ("bias", 1),
        ("use_bias", 1),
        ("qkv_bias", 1),
        ("use_qkv_bias", 1),
        ("add_bias_linear", 1),
        ("add_qkv_bias", 1),
        // One key/value head: a class without the key has no grouped-query
        // attention (GPT-J, OPT, BLOOM).
        ("num_key_value_heads", 1),
        ("head_dim", 32),
    ];
    // Left apart, each for its reason (core/mutants.md):
    // - OLMoE's query norm is `hidden_size` wide whatever the head width, so
    //   transformers builds a model it cannot run; flopcast counts the norm as
    //   wide as the queries (49,152 parameters fewer).
    // - Zamba 2 keeps whichever of `attention_head_dim` and its alias
    //   `head_dim` comes last in the file; flopcast, which does not keep the
    //   order of keys, reads `attention_head_dim` when both are there.
    // - Helium's output projection is `hidden_size` square whatever the head
    //   width, so with heads × head_dim ≠ hidden_size transformers builds a
    //   model it cannot run; flopcast counts heads × head_dim.
    // - T5Config of transformers 5.24 ties the head whatever
    //   `tie_word_embeddings` says (it reads `false` as "do not scale the
    //   decoder output"); T5 v1.1, whose configs say `false`, has "no parameter
    //   sharing between embedding and classifier layer" (its release notes),
    //   and its checkpoints hold a separate `lm_head`, which flopcast counts.
    // - LongCat-Flash with `qk_head_dim` beside a changed `qk_nope_head_dim` or
    //   `qk_rope_head_dim` that no longer sum to it: transformers builds the
    //   query projection `qk_head_dim` wide and cannot split it in a forward
    //   pass; flopcast refuses the config and says why.
    // - HY-V3 with fewer layers than its `mlp_layer_types` lists: transformers
    //   reads the first entries; flopcast refuses the mismatch and names both.
    // - Half the width where the config also writes a width derived from it
    //   (Helium's square output projection, xLSTM's `embedding_dim`, Zamba's
    //   and Zamba 2's `attention_hidden_size`): transformers builds a model
    //   whose parts no longer fit together; flopcast refuses Zamba's and
    //   xLSTM's, and counts Helium's and Zamba 2's as their heads give.
    const APART: [(&str, &str); 11] = [
        ("olmoe", "head_dim"),
        ("zamba2", "head_dim"),
        ("helium", "head_dim"),
        ("helium", "hidden_size"),
        ("xlstm", "hidden_size"),
        ("zamba", "hidden_size"),
        ("zamba2", "hidden_size"),
        ("t5", "tie_word_embeddings"),
        ("longcat_flash", "qk_nope_head_dim"),
        ("longcat_flash", "qk_rope_head_dim"),
        ("hy_v3", "num_hidden_layers"),
    ];
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/undefined_keys.json");
    let text = std::fs::read_to_string(&path).expect("core/data/undefined_keys.json is readable");
    let truth: Value = serde_json::from_str(&text).expect("undefined_keys.json is JSON");
    let pairs = truth["pairs"].as_array().expect("a list of pairs");
    let changed: Vec<&Value> = pairs.iter().filter(|p| p["written"] == true).collect();
    let pytorch: std::collections::BTreeMap<(String, String), i64> = pairs
        .iter()
        .filter(|p| p["written"] != true)
        .map(|p| {
            let at = |k: &str| p[k].as_str().expect("a string").to_owned();
            (
                (at("model_type"), at("key")),
                p["delta"].as_i64().expect("a delta"),
            )
        })
        .collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in default_cases().iter() {
        let file = case["file"].as_str().unwrap_or("?");
        let family = case["model_type"].as_str().unwrap_or("?");
        let config = case["config"].as_object().expect("config");
        let Ok(whole) = parse_config(&case["config"].to_string()) else {
            continue;
        };
        let total = count_params(&whole.spec).total;
        // (key, value, PyTorch's change): the keys the default does not write,
        // set (no PyTorch pair: a family transformers cannot load, no change
        // assumed), then the keys it writes, changed.
        let unwritten =
            KEYS.iter()
                .filter(|(k, _)| !config.contains_key(*k))
                .map(|(key, value)| {
                    let value = if key.starts_with("num_") || key.ends_with("_dim") {
                        Value::from(*value)
                    } else {
                        Value::Bool(*value == 1)
                    };
                    let want = pytorch
                        .get(&(family.to_owned(), (*key).to_owned()))
                        .copied()
                        .unwrap_or(0);
                    (*key, value, want)
                });
        let written = changed
            .iter()
            .filter(|p| p["model_type"] == family)
            .map(|p| {
                (
                    p["key"].as_str().expect("a key"),
                    p["value"].clone(),
                    p["delta"].as_i64().expect("a delta"),
                )
            });
        for (key, value, want) in unwritten.chain(written) {
            if APART.contains(&(family, key)) {
                continue;
            }
            let mut with = config.clone();
            with.insert(key.into(), value.clone());
            checked += 1;
            match parse_config(&Value::Object(with).to_string()) {
                Ok(p) => {
                    let got = count_params(&p.spec).total as i64 - total as i64;
                    if got != want {
                        failures.push(format!(
                            "{file} with `{key}` {value}: {got:+} parameters, PyTorch {want:+}"
                        ));
                    }
                }
                Err(e) => failures.push(format!("{file} with `{key}` {value}: refused: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(changed.len() > 100, "only {} changed keys", changed.len());
    assert!(pytorch.len() > 1000, "only {} PyTorch pairs", pytorch.len());
    assert!(checked > 500, "only {checked} checked");
    // The alias, against PyTorch: Sarvam-MoE's default with `use_qkv_bias`
    // true beside `attention_bias` false has 87,552 more parameters.
    let sarvam = cases()
        .into_iter()
        .find(|c| c["file"] == "sarvam_moe__default.json")
        .expect("sarvam_moe's default");
    let mut with = sarvam["config"].as_object().expect("config").clone();
    with.insert("use_qkv_bias".into(), true.into());
    let biased = parse_config(&Value::Object(with).to_string()).expect("parses");
    assert_eq!(
        count_params(&biased.spec).total,
        sarvam["total"].as_u64().expect("total") + 87_552
    );
}

/// FLOPs per token under every convention, pinned (`super::pins`) for every
/// ground-truth config written out in full (each family's default and
/// variants) and every real config, at 1 and 8,192 tokens. Only
/// `dense` has a measurement (PyTorch's counter, above); `causal`, `kaplan`
/// and the 6·N variants are formulas, and this catches a change to any of them.
#[test]
fn flops_under_every_convention_are_pinned() {
    let mut now = serde_json::Map::new();
    let mut empty = Vec::new();
    for (name, text) in pinned_configs() {
        let Ok(parsed) = parse_config(&text) else {
            continue;
        };
        let mut per = serde_json::Map::new();
        for convention in Convention::ALL {
            for s in [1u64, 8192] {
                let f = forward_flops_per_token(&parsed.spec, s, convention);
                per.insert(format!("{} S={s}", convention.key()), Value::from(f.total));
                // A term the page lists is work the model does: never a row of 0.
                for t in f.terms.iter().filter(|t| t.flops <= 0.0) {
                    empty.push(format!(
                        "{name} {} S={s}: {} is {}",
                        convention.key(),
                        t.key,
                        t.flops
                    ));
                }
            }
        }
        now.insert(name, Value::Object(per));
    }
    assert!(empty.is_empty(), "{}", empty.join("\n"));
    assert!(now.len() > 150, "only {} configs", now.len());
    super::pins::check(
        "flops",
        "Forward FLOPs per token under every convention at 1 and 8,192 tokens, for every \
         ground-truth config written out in full (core/data/family_checks) and every real \
         config (core/data/configs): core/tests/family_checks.rs.",
        now,
    );
}

/// The notes beside the FLOPs (what each convention counts, and what the model
/// does that changes it: shared keys and values, images-only layers, …), pinned
/// for the configs `flops_under_every_convention_are_pinned` covers. Each
/// distinct note once per config, after the conventions and lengths that show
/// it; the notes every config shows are pinned once, as "(every config)".
#[test]
fn flop_notes_are_pinned() {
    let mut per_config = Vec::new();
    for (name, text) in pinned_configs() {
        let Ok(parsed) = parse_config(&text) else {
            continue;
        };
        let mut seen: Vec<(String, Vec<String>)> = Vec::new();
        for convention in Convention::ALL {
            for s in [1u64, 8192] {
                let f = forward_flops_per_token(&parsed.spec, s, convention);
                for note in f.notes {
                    let at = format!("{} S={s}", convention.key());
                    match seen.iter_mut().find(|(n, _)| *n == note) {
                        Some((_, ats)) => ats.push(at),
                        None => seen.push((note, vec![at])),
                    }
                }
            }
        }
        let notes: Vec<String> = seen
            .into_iter()
            .map(|(note, ats)| format!("[{}] {note}", ats.join(", ")))
            .collect();
        per_config.push((name, notes));
    }
    assert!(per_config.len() > 150, "only {} configs", per_config.len());
    // The conventions' own notes, which every config shows, are pinned once.
    let every: Vec<String> = per_config[0]
        .1
        .iter()
        .filter(|n| per_config.iter().all(|(_, ns)| ns.contains(n)))
        .cloned()
        .collect();
    assert!(every.len() >= Convention::ALL.len(), "{every:#?}");
    let mut now = serde_json::Map::new();
    now.insert("(every config)".into(), Value::from(every.clone()));
    for (name, notes) in per_config {
        let own: Vec<String> = notes.into_iter().filter(|n| !every.contains(n)).collect();
        now.insert(name, Value::from(own));
    }
    super::pins::check(
        "flop_notes",
        "The notes beside the forward FLOPs, each once per config after the conventions and \
         lengths that show it, for every ground-truth config written out in full and every \
         real config; the notes every config shows are under \"(every config)\": \
         core/tests/family_checks.rs.",
        now,
    );
}

/// Each FLOP term's formula, as the page and the CLI print it, evaluates to the
/// figure printed beside it, for every pinned config, convention and length:
/// a reader who checks the arithmetic finds the same number.
#[test]
fn every_flop_formula_evaluates_to_its_figure() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    // The pinned configs, each family's defaults, and edge cases.
    let mut configs = pinned_configs();
    for family in config_classes().keys() {
        configs.push((family.clone(), format!(r#"{{"model_type": "{family}"}}"#)));
    }
    configs.push((
        "gemma3n_text, one AltUp input".into(),
        r#"{"model_type": "gemma3n_text", "altup_num_inputs": 1}"#.into(),
    ));
    for (name, text) in configs {
        let Ok(parsed) = parse_config(&text) else {
            continue;
        };
        for convention in Convention::ALL {
            for s in [1u64, 8192] {
                for t in forward_flops_per_token(&parsed.spec, s, convention).terms {
                    checked += 1;
                    // A formula may start with what it computes ("2·N_active = 2·…").
                    let expr = t.formula.rsplit('=').next().unwrap_or_default();
                    // A summand worth 0 over a long sequence is a part for work
                    // the model does not do (at S = 1 some are: no block is full).
                    if s > 1 && summands(expr).iter().any(|p| arithmetic(p) == Some(0.0)) {
                        wrong.push(format!(
                            "{name} S={s} {}: {} has a part of 0",
                            t.key, t.formula
                        ));
                    }
                    match arithmetic(expr) {
                        Some(v) if (v - t.flops).abs() <= rounding(expr) * t.flops.abs() => {}
                        got => wrong.push(format!(
                            "{name} {} S={s} {}: {} = {got:?}, printed {}",
                            convention.key(),
                            t.key,
                            t.formula,
                            t.flops
                        )),
                    }
                }
            }
        }
    }
    assert!(checked > 10_000, "only {checked} terms");
    assert!(
        wrong.is_empty(),
        "{} of {checked}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The relative error a formula's printed numbers allow: each one printed with
/// two decimals is off by up to 0.005, counted three times over (a cube).
fn rounding(expr: &str) -> f64 {
    let decimals = expr
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|n| n.contains('.'))
        .filter_map(|n| n.parse::<f64>().ok());
    1e-9 + decimals.map(|x| 3.0 * 0.005 / x).sum::<f64>()
}

/// The top-level summands of a formula (`a + b·(c + d)` → `a`, `b·(c + d)`).
fn summands(expr: &str) -> Vec<String> {
    let (mut parts, mut depth, mut current) = (Vec::new(), 0i32, String::new());
    for c in expr.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '+' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
}

/// The value of a printed formula: numbers, `·` `×` `/` `÷` `+` `−` `-`,
/// parentheses and the powers `²` `³`. `None` for anything else.
fn arithmetic(text: &str) -> Option<f64> {
    fn sum(t: &[char], i: &mut usize) -> Option<f64> {
        let mut v = product(t, i)?;
        while let Some(&c) = t.get(*i) {
            match c {
                '+' => {
                    *i += 1;
                    v += product(t, i)?;
                }
                '−' | '-' => {
                    *i += 1;
                    v -= product(t, i)?;
                }
                _ => break,
            }
        }
        Some(v)
    }
    fn product(t: &[char], i: &mut usize) -> Option<f64> {
        let mut v = power(t, i)?;
        while let Some(&c) = t.get(*i) {
            match c {
                '·' | '×' => {
                    *i += 1;
                    v *= power(t, i)?;
                }
                '/' | '÷' => {
                    *i += 1;
                    v /= power(t, i)?;
                }
                _ => break,
            }
        }
        Some(v)
    }
    fn power(t: &[char], i: &mut usize) -> Option<f64> {
        let v = atom(t, i)?;
        match t.get(*i) {
            Some('²') => {
                *i += 1;
                Some(v * v)
            }
            Some('³') => {
                *i += 1;
                Some(v * v * v)
            }
            _ => Some(v),
        }
    }
    fn atom(t: &[char], i: &mut usize) -> Option<f64> {
        if t.get(*i) == Some(&'(') {
            *i += 1;
            let v = sum(t, i)?;
            (t.get(*i) == Some(&')')).then_some(())?;
            *i += 1;
            return Some(v);
        }
        let start = *i;
        while t.get(*i).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
            *i += 1;
        }
        t[start..*i].iter().collect::<String>().parse().ok()
    }
    let t: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut i = 0;
    let v = sum(&t, &mut i)?;
    (i == t.len()).then_some(v)
}

/// Every ground-truth config written out in full (core/data/family_checks) and
/// every real config (core/data/configs), by name.
fn pinned_configs() -> Vec<(String, String)> {
    let mut configs: Vec<(String, String)> = cases()
        .iter()
        .filter(|c| c["kind"] == "full")
        .map(|c| {
            (
                c["file"].as_str().unwrap_or("?").to_string(),
                c["config"].to_string(),
            )
        })
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/configs");
    let mut real: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/configs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
        .collect();
    real.sort();
    for path in real {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        configs.push((name, std::fs::read_to_string(&path).expect("readable")));
    }
    configs
}

/// Each kind of layer's label ("decoder layer, MoE, sliding window 4096"),
/// pinned (`super::pins`) for every ground-truth config written out in full:
/// the label is what the page and the CLI show beside each count.
#[test]
fn layer_labels_are_pinned() {
    let mut now = serde_json::Map::new();
    for case in cases().iter().filter(|c| c["kind"] == "full") {
        let Ok(parsed) = parse_config(&case["config"].to_string()) else {
            continue;
        };
        let labels: Vec<Value> = count_params(&parsed.spec)
            .layers
            .iter()
            .map(|l| Value::from(format!("{} × {}", l.count, l.label)))
            .collect();
        now.insert(
            case["file"].as_str().unwrap_or("?").to_string(),
            Value::Array(labels),
        );
    }
    super::pins::check(
        "labels",
        "Each kind of layer's count and label for every ground-truth config written out in \
         full (core/tests/family_checks.rs).",
        now,
    );
}

/// The notes a reader sees for each ground-truth config written out in full,
/// and for each family's `{"model_type": …}` alone: every assumption (with its key) and every
/// approximation of the count. A note that appears, changes or vanishes
/// shows in the diff (`FLOPCAST_PIN=1` rewrites the pins; core/tests/pins.rs).
#[test]
fn notes_are_pinned() {
    let mut now = serde_json::Map::new();
    let mut pin = |name: String, config: &str| {
        let Ok(parsed) = parse_config(config) else {
            return;
        };
        let mut notes: Vec<Value> = parsed
            .assumptions
            .iter()
            .map(|a| Value::from(format!("{}: {}", a.key.as_deref().unwrap_or("-"), a.text)))
            .collect();
        notes.extend(
            count_params(&parsed.spec)
                .approximations
                .into_iter()
                .map(|a| Value::from(format!("approximation: {a}"))),
        );
        now.insert(name, Value::Array(notes));
    };
    for case in cases().iter().filter(|c| c["kind"] == "full") {
        pin(
            case["file"].as_str().unwrap_or("?").to_string(),
            &case["config"].to_string(),
        );
    }
    for case in default_cases() {
        let family = case["model_type"].as_str().unwrap_or("?");
        pin(
            format!("{family} (model_type alone)"),
            &format!("{{\"model_type\": \"{family}\"}}"),
        );
    }
    super::pins::check(
        "notes",
        "The assumptions and approximations for every ground-truth config written out in \
         full and for each family's model_type alone (core/tests/family_checks.rs).",
        now,
    );
}
