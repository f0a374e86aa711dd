//! The error catalog: bad input at each of the three boundaries (config text, URL
//! fragment, form field), the message a person sees, and proof that nothing else
//! broke.
//!
//! One row per case: the input, and fragments the message must contain, which
//! together say what was wrong and what to do (or what was done instead).
//! - Config rows also check that the error leaves nothing behind: right after it,
//!   a real config parses and the scenario on the page still estimates.
//! - Link rows start from a real link whose every field differs from the
//!   default, spoil one field (and re-sign the end mark, so only that field's
//!   notice appears) and check the decoded scenario field by field: the spoiled
//!   field falls back to its default, every other field is kept.
//! - Field rows check the message names the field, quotes what was typed and
//!   says what to type. The parsers are pure, so an error changes nothing else.
//!
//! `config_errors.rs` pins more of the config parser's wording (line and column,
//! each structural rule); this catalog spans the three boundaries.

use flopcast_core::config::{parse_config, ConfigError, MAX_CONFIG_BYTES};
use flopcast_core::cost::MfuBand;
use flopcast_core::energy::{self, EnergySettings, Grid, PowerFactor};
use flopcast_core::estimate::estimate;
use flopcast_core::fields::{self, FieldError};
use flopcast_core::flops::Convention;
use flopcast_core::hardware::{AcceleratorInUse, CustomAccelerator, Precision};
use flopcast_core::link::{decode, encode, LinkError};
use flopcast_core::memory::activations::{AttnKernel, Kernels, Recompute};
use flopcast_core::memory::breakdown::{MemorySettings, Overhead};
use flopcast_core::memory::layout::{GlobalBatch, Layout, Zero};
use flopcast_core::memory::BytesPerParam;
use flopcast_core::params::count_params;
use flopcast_core::scenario::{
    ModelChoice, PriceChoice, Scenario, TableSorts, TokenSource, TypedPrice,
};
use flopcast_core::tables::{Sort, SortKey};
use serde_json::Value;

const LLAMA: &str = include_str!("../data/configs/meta-llama__Llama-3.1-8B.json");

// ---------------------------------------------------------------------------
// Config text.

enum Expect {
    /// Refused; the message contains each fragment.
    Refused(&'static [&'static str]),
    /// Accepted; the assumptions, together, contain each fragment.
    Accepted(&'static [&'static str]),
}

/// Llama 3.1 8B's config with `key` set to the JSON text `value`.
fn llama_with(key: &str, value: &str) -> String {
    let mut config: Value = serde_json::from_str(LLAMA).expect("fixture");
    config[key] = serde_json::from_str(value).expect("a JSON value");
    serde_json::to_string_pretty(&config).expect("serialisable")
}

/// Llama 3.1 8B's config with `key`'s value replaced by raw text (for literals
/// JSON cannot hold, such as `NaN`).
fn llama_raw(key: &str, raw: &str) -> String {
    let mut config: Value = serde_json::from_str(LLAMA).expect("fixture");
    config[key] = Value::String("@@".into());
    serde_json::to_string_pretty(&config)
        .expect("serialisable")
        .replace("\"@@\"", raw)
}

/// Llama 3.1 8B's config without `key`.
fn llama_without(key: &str) -> String {
    let mut config: Value = serde_json::from_str(LLAMA).expect("fixture");
    config.as_object_mut().expect("an object").remove(key);
    serde_json::to_string_pretty(&config).expect("serialisable")
}

fn nested(depth: usize) -> String {
    format!("{}1{}", "{\"a\": ".repeat(depth), "}".repeat(depth))
}

fn config_cases() -> Vec<(&'static str, String, Expect)> {
    use Expect::{Accepted, Refused};
    vec![
        (
            "not JSON at all",
            "model_type: llama\nhidden_size: 4096".into(),
            Refused(&[
                "not valid JSON",
                "line 1, column 1",
                "single quotes or a comment",
            ]),
        ),
        (
            "a JSON array",
            "[1, 2, 3]".into(),
            Refused(&[
                "an array of 3 items",
                "a config.json is a JSON object",
                "\"model_type\"",
            ]),
        ),
        (
            "a JSON string",
            "\"meta-llama/Llama-3.1-8B\"".into(),
            Refused(&["the string \"meta-llama/Llama-3.1-8B\"", "a JSON object"]),
        ),
        (
            "a JSON number",
            "4096".into(),
            Refused(&["the number 4096", "a JSON object"]),
        ),
        (
            "empty",
            String::new(),
            Refused(&["empty", "Paste the contents of a model's config.json"]),
        ),
        (
            "whitespace only",
            "  \n\t \r\n ".into(),
            Refused(&["empty", "Paste"]),
        ),
        (
            "a byte-order mark is accepted",
            format!("\u{feff}{LLAMA}"),
            Accepted(&[]),
        ),
        (
            "a trailing comma",
            LLAMA.replacen("\"vocab_size\": 128256", "\"vocab_size\": 128256,", 1),
            Refused(&[
                "trailing comma",
                "line",
                "Remove the comma before the closing }",
            ]),
        ),
        (
            "NaN where no weight depends on it is read as null, and said",
            llama_raw("rope_theta", "NaN"),
            Accepted(&["`rope_theta` is `NaN`", "Python writes", "read as null"]),
        ),
        (
            "Infinity in a list, as Mamba-2 configs carry it",
            llama_raw("time_step_limit", "[0.0, Infinity]"),
            Accepted(&["`time_step_limit[1]` is `Infinity`"]),
        ),
        (
            "Infinity as a size",
            llama_raw("num_hidden_layers", "Infinity"),
            Refused(&[
                "`num_hidden_layers` is Infinity",
                "finite number",
                "Replace it with a number",
            ]),
        ),
        (
            "-Infinity as a size",
            llama_raw("vocab_size", "-Infinity"),
            Refused(&["`vocab_size` is -Infinity", "finite number"]),
        ),
        (
            "duplicate keys are read as Python reads them, and said",
            LLAMA.replacen(
                "\"hidden_size\": 4096",
                "\"hidden_size\": 2048, \"hidden_size\": 4096",
                1,
            ),
            Accepted(&[
                "`hidden_size` appears more than once",
                "used the last value",
            ]),
        ),
        (
            "1e400 where a count belongs",
            llama_raw("num_hidden_layers", "1e400"),
            Refused(&[
                "too large to represent",
                "line",
                "Check for a typo such as 1e400",
            ]),
        ),
        (
            "1e30 where a count belongs",
            llama_raw("num_hidden_layers", "1e30"),
            Refused(&[
                "`num_hidden_layers` is 1e+30",
                "far too large to be a count",
            ]),
        ),
        (
            "a negative count",
            llama_with("num_attention_heads", "-3"),
            Refused(&[
                "`num_attention_heads` is -3",
                "must be a positive whole number",
            ]),
        ),
        (
            "a fractional count",
            llama_with("num_attention_heads", "2.5"),
            Refused(&[
                "`num_attention_heads` is 2.5",
                "a whole number, without a fractional part",
            ]),
        ),
        (
            "a number in quotes",
            llama_with("hidden_size", "\"4096\""),
            Refused(&[
                "`hidden_size` is the string \"4096\"",
                "written without quotes: 4096",
            ]),
        ),
        (
            "a word where a number belongs",
            llama_with("vocab_size", "\"large\""),
            Refused(&[
                "`vocab_size` is the string \"large\"",
                "must be a whole number",
            ]),
        ),
        (
            "a boolean where a number belongs",
            llama_with("intermediate_size", "true"),
            Refused(&["`intermediate_size` is the boolean true", "whole number"]),
        ),
        (
            "zero layers",
            llama_with("num_hidden_layers", "0"),
            Refused(&["`num_hidden_layers` is 0", "a model needs at least 1 layer"]),
        ),
        (
            "negative layers",
            llama_with("num_hidden_layers", "-32"),
            Refused(&["`num_hidden_layers` is -32", "positive whole number"]),
        ),
        (
            "heads that do not divide the hidden size",
            llama_with("hidden_size", "4095"),
            Refused(&[
                "`hidden_size` (4095) is not divisible by `num_attention_heads` (32)",
                "Fix one of them, or give the head width explicitly (`head_dim`)",
            ]),
        ),
        (
            "key/value heads that do not divide the heads",
            llama_with("num_key_value_heads", "5"),
            Refused(&[
                "`num_attention_heads` (32) is not divisible by `num_key_value_heads` (5)",
                "Use a divisor of 32",
            ]),
        ),
        (
            "top-k larger than the expert count",
            llama_with("num_local_experts", "8").replacen('{', "{\"num_experts_per_tok\": 9,", 1),
            Refused(&[
                "`num_experts_per_tok` (9) is larger than `num_local_experts` (8)",
                "Use at most 8",
            ]),
        ),
        (
            "a 5 MB paste is refused before parsing",
            format!("{{\"weights\": [{}", "0.1, ".repeat(1_000_000)),
            Refused(&[
                "5000013 bytes",
                "1000000-byte limit",
                "paste only the config file",
            ]),
        ),
        (
            "nesting 10,000 deep",
            nested(10_000),
            Refused(&[
                "nested more than 128 levels",
                "check that this is the right file",
            ]),
        ),
        (
            "an unknown model_type with nothing usable",
            "{\"model_type\": \"my_secret_net\", \"torch_dtype\": \"bfloat16\"}".into(),
            Refused(&[
                "\"my_secret_net\" is not a family flopcast knows",
                "nothing to count",
                "Paste a config.json of a transformer language model",
            ]),
        ),
        (
            "a transformers decoder family flopcast has no entry for",
            llama_with("model_type", "\"inkling_text\""),
            Refused(&[
                "`inkling_text` is a transformers family flopcast does not count yet",
                "relative-position biases",
                "Paste the config of a supported family, or enter the dimensions by hand",
            ]),
        ),
        (
            "an encoder-decoder model, with sizes a decoder would have",
            llama_with("model_type", "\"bart\""),
            Refused(&["`bart` is a transformers family", "encoder-decoder"]),
        ),
        (
            "an encoder-only model other than BERT",
            llama_with("model_type", "\"roberta\""),
            Refused(&["`roberta`", "encoder-only model (BERT-like)"]),
        ),
        (
            "a multimodal model whose language model has no family",
            format!(
                "{{\"model_type\": \"llava\", \"text_config\": {}}}",
                llama_with("model_type", "\"qwen2_vl_text\"")
            ),
            Refused(&["`qwen2_vl_text` is a transformers family", "Llama-style"]),
        ),
        (
            "an encoder-decoder of a family flopcast does not know",
            r#"{"model_type": "acme_seq2seq", "is_encoder_decoder": true, "d_model": 512,
                "num_layers": 6, "num_heads": 8, "d_ff": 2048, "vocab_size": 32000}"#
                .into(),
            Refused(&[
                "`is_encoder_decoder` is true",
                "\"acme_seq2seq\" is not a family flopcast knows",
                "decoder-only",
                "enter the dimensions by hand",
            ]),
        ),
        (
            "no model_type and nothing usable",
            "{\"torch_dtype\": \"bfloat16\", \"use_cache\": true}".into(),
            Refused(&["names no `model_type`", "nothing to count"]),
        ),
        (
            "only a text_config: its language model is counted",
            format!("{{\"text_config\": {LLAMA}}}"),
            Accepted(&["counted the language model only", "vision tower"]),
        ),
        (
            "only an empty text_config",
            "{\"text_config\": {}}".into(),
            Refused(&["`text_config` is empty", "Paste the full config.json"]),
        ),
        (
            "a text_config that is not an object",
            "{\"text_config\": \"llama\"}".into(),
            Refused(&["`text_config` is the string \"llama\"", "an object"]),
        ),
        (
            "cut short",
            LLAMA[..LLAMA.len() / 2].to_string(),
            Refused(&["ends too early", "check that the whole file was copied"]),
        ),
        (
            "a model_type as long as a page, architectures naming Llama",
            llama_with("model_type", &format!("\"{}\"", "x".repeat(5_000))),
            Accepted(&[
                "`model_type` \"xxxxxxxx",
                "…\" is not a family flopcast knows",
                "read as `llama`",
            ]),
        ),
        (
            "a model_type as long as a page, and nothing else to go by",
            llama_without("architectures").replacen(
                "\"llama\"",
                &format!("\"{}\"", "x".repeat(5_000)),
                1,
            ),
            Refused(&[
                "`model_type` is a 5000-character string",
                "check that this is the right file",
            ]),
        ),
    ]
}

/// A scenario as a page might hold it when the paste fails: not the default.
fn page_scenario() -> Scenario {
    Scenario {
        model: ModelChoice::preset("gpt2").expect("gpt2").0,
        n_tokens: 3e11,
        ..Scenario::default()
    }
}

#[test]
fn each_bad_config_is_named_and_leaves_everything_else_working() {
    let llama = parse_config(LLAMA).expect("the fixture parses");
    let page = page_scenario();
    let mut failures = Vec::new();
    let cases = config_cases();
    for (what, input, expect) in &cases {
        match (parse_config(input), expect) {
            (Err(e), Expect::Refused(fragments)) => {
                let message = e.to_string();
                for f in *fragments {
                    if !message.contains(f) {
                        failures.push(format!("{what}: message lacks {f:?}: {message}"));
                    }
                }
            }
            (Ok(parsed), Expect::Accepted(fragments)) => {
                let notes: Vec<String> =
                    parsed.assumptions.iter().map(|a| a.text.clone()).collect();
                let notes = notes.join("\n");
                for f in *fragments {
                    if !notes.contains(f) {
                        failures.push(format!("{what}: assumptions lack {f:?}: {notes}"));
                    }
                }
                if count_params(&parsed.spec).total != count_params(&llama.spec).total {
                    failures.push(format!("{what}: counted a different model"));
                }
            }
            (Ok(_), Expect::Refused(_)) => failures.push(format!("{what}: accepted")),
            (Err(e), Expect::Accepted(_)) => failures.push(format!("{what}: refused: {e}")),
        }
        // nothing else broke: a real config parses, the page's scenario estimates
        // and survives its link
        if parse_config(LLAMA).as_ref() != Ok(&llama) {
            failures.push(format!("{what}: the next paste parsed differently"));
        }
        let e = estimate(&page);
        if !(e.training.model_flops.is_finite() && e.time_cost.at_low_mfu.wall_seconds.is_finite())
        {
            failures.push(format!("{what}: the page's scenario no longer estimates"));
        }
        if decode(&encode(&page)).scenario != page {
            failures.push(format!("{what}: the page's link broke"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 30, "{} config cases", cases.len());
}

#[test]
fn a_paste_over_the_limit_is_refused_by_its_size_alone() {
    // Not JSON at all, and still the size is what is reported: nothing was parsed.
    let text = "x".repeat(MAX_CONFIG_BYTES + 1);
    assert_eq!(
        parse_config(&text),
        Err(ConfigError::TooLarge {
            bytes: MAX_CONFIG_BYTES + 1,
            limit: MAX_CONFIG_BYTES
        })
    );
}

#[test]
fn a_config_with_only_a_text_config_counts_the_language_model_as_if_pasted_alone() {
    let alone = parse_config(LLAMA).unwrap();
    let wrapped = parse_config(&format!("{{\"text_config\": {LLAMA}}}")).unwrap();
    assert_eq!(wrapped.spec.stacks, alone.spec.stacks);
    assert_eq!(wrapped.spec.model_type, "llama");
    // the wrapper says a multimodal model is around it, whose tower is not counted
    assert!(wrapped.spec.vision_tower && !alone.spec.vision_tower);
    assert_eq!(wrapped.spec.vision_params_estimate, 0);
    // and says that its size is not given, not that it is roughly 0
    let notes = flopcast_core::params::count_params(&wrapped.spec).approximations;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("the config does not give its size")),
        "{notes:?}"
    );
}

// ---------------------------------------------------------------------------
// URL fragments.

/// The end mark, computed independently of the codec (FNV-1a, 32-bit).
fn fnv(body: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in body.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// A scenario whose every field differs from the default.
fn base() -> Scenario {
    Scenario {
        model: ModelChoice::preset("gpt2").expect("gpt2").0,
        n_tokens: 3e11,
        tokens_source: TokenSource::Typed,
        seq_len: Some(2048),
        accelerator: AcceleratorInUse::from_catalog("a100-sxm4-80gb", Some(Precision::Fp16))
            .expect("an A100"),
        n_accelerators: 64,
        mfu: MfuBand {
            low: 0.3,
            high: 0.5,
        },
        price: PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour: 1.5,
            accelerator_id: "a100-sxm4-80gb",
        }),
        convention: Convention::Dense,
        sorts: TableSorts {
            by_accelerator: Some(Sort {
                key: SortKey::Cost,
                descending: true,
            }),
            by_count: Some(Sort::ascending(SortKey::Time)),
        },
        energy: EnergySettings {
            pue: 1.58,
            power: PowerFactor::MeasuredAverage,
            grid: Grid::Region(energy::region("fr-2022").expect("a region")),
            market_based: true,
        },
        layout: Layout {
            tp: 2,
            pp: 2,
            cp: 2,
            ep: 1,
            zero: Zero::Weights,
            micro_batch: 2,
            interleave: 3,
            sequence_parallel: false,
            recompute: Recompute::Full,
            attention: AttnKernel::Eager,
        },
        auto_layout: false,
        global_batch: GlobalBatch::Tokens(1 << 21),
        memory: MemorySettings {
            state: BytesPerParam::FP32_GRADIENTS,
            overhead: Overhead {
                runtime_bytes: 3e9,
                fragmentation: 0.1,
            },
            kernels: Kernels::Eager,
        },
        goodput: 0.9,
        mfu_includes_bubble: false,
    }
}

/// [`base`] with a custom model (so the link carries `spec=`).
fn base_spec() -> Scenario {
    Scenario {
        model: ModelChoice::custom(base().model.spec),
        ..base()
    }
}

/// [`base`] on a custom accelerator (so the link carries `pk=` and `mem=`),
/// with a price typed for it.
fn base_custom_hardware() -> Scenario {
    Scenario {
        accelerator: AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: 1.23e15,
            memory_bytes: Some(96_000_000_000),
        }),
        price: PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour: 1.5,
            accelerator_id: "custom",
        }),
        ..base()
    }
}

/// The link of `s` without its end mark.
fn body(s: &Scenario) -> String {
    encode(s)
        .rsplit_once("&k=")
        .expect("an end mark")
        .0
        .to_string()
}

/// The link of `s` with each `(key, value)` set (a `None` value removes the
/// field), re-signed so that only the spoiled fields are noticed.
fn spoil_all(s: &Scenario, edits: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = body(s)
        .split('&')
        .filter_map(|part| {
            let key = part.split_once('=').map_or(part, |(k, _)| k);
            match edits.iter().find(|(k, _)| *k == key) {
                Some((k, value)) => value.map(|v| format!("{k}={v}")),
                None => Some(part.to_string()),
            }
        })
        .collect();
    let body = parts.join("&");
    format!("{body}&k={}", fnv(&body))
}

fn spoil(s: &Scenario, key: &str, value: Option<&str>) -> String {
    spoil_all(s, &[(key, value)])
}

/// `s` with the fields of `keys` taken from the default scenario.
fn fallback(s: &Scenario, keys: &[&str]) -> Scenario {
    let d = Scenario::default();
    let mut out = s.clone();
    for key in keys {
        match *key {
            "model" => out.model = d.model.clone(),
            "t" => out.n_tokens = d.n_tokens,
            "s" => out.seq_len = d.seq_len,
            "g" => out.accelerator = d.accelerator,
            "n" => out.n_accelerators = d.n_accelerators,
            "u" => out.mfu = d.mfu,
            "usd" => out.price = d.price,
            "c" => out.convention = d.convention,
            "ts" => out.tokens_source = TokenSource::Typed,
            "sa" => out.sorts.by_accelerator = d.sorts.by_accelerator,
            "sc" => out.sorts.by_count = d.sorts.by_count,
            "pue" => out.energy.pue = d.energy.pue,
            "pw" => out.energy.power = d.energy.power,
            "grid" => out.energy.grid = d.energy.grid,
            "co2" => out.energy.market_based = d.energy.market_based,
            "r" => out.layout.recompute = d.layout.recompute,
            "b" => out.memory.state = d.memory.state,
            "tp" => out.layout.tp = d.layout.tp,
            "z" => out.layout.zero = d.layout.zero,
            "gb" => out.global_batch = d.global_batch,
            "oh" => out.memory.overhead = d.memory.overhead,
            "gp" => out.goodput = d.goodput,
            other => panic!("no field {other}"),
        }
    }
    out
}

struct LinkCase {
    what: &'static str,
    fragment: String,
    /// Fragments the notices, together, must contain.
    says: &'static [&'static str],
    /// How many notices.
    notices: usize,
    /// The scenario it must decode to.
    expected: Scenario,
}

fn link(
    what: &'static str,
    fragment: String,
    says: &'static [&'static str],
    expected: Scenario,
) -> LinkCase {
    LinkCase {
        what,
        fragment,
        says,
        notices: 1,
        expected,
    }
}

fn spec_text(json: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

fn link_cases() -> Vec<LinkCase> {
    let (b, bs, bc) = (base(), base_spec(), base_custom_hardware());
    let real_spec = body(&bs)
        .split('&')
        .find_map(|p| p.strip_prefix("spec=").map(str::to_string))
        .expect("spec=");
    let zero_width = serde_json::to_string(&bs.model.spec)
        .expect("json")
        .replacen("\"d_model\":768", "\"d_model\":0", 1);
    let long_type = serde_json::to_string(&bs.model.spec)
        .expect("json")
        .replacen("\"gpt2\"", &format!("\"{}\"", "g".repeat(100)), 1);
    let mut a100_bf16 = b.clone();
    a100_bf16.accelerator =
        AcceleratorInUse::from_catalog("a100-sxm4-80gb", None).expect("an A100 at BF16");
    let mut no_memory = bc.clone();
    no_memory.accelerator = AcceleratorInUse::Custom(CustomAccelerator {
        peak_flops_per_s: 1.23e15,
        memory_bytes: None,
    });
    let mut edited = b.clone();
    edited.n_accelerators = 65;
    vec![
        link(
            "a version from the future",
            spoil(&b, "v", Some("9")),
            &[
                "version “9”",
                "fields it recognises were used, the rest got defaults",
            ],
            b.clone(),
        ),
        link(
            "no version",
            spoil(&b, "v", None),
            &[
                "no version number",
                "read as the version its settings look like",
            ],
            b.clone(),
        ),
        link(
            "no end mark",
            body(&b),
            &["end mark is missing", "check them"],
            b.clone(),
        ),
        link(
            "edited by hand",
            encode(&b).replace("&n=64&", "&n=65&"),
            &["does not match", "edited by hand", "check them"],
            edited,
        ),
        link(
            "garbage in spec=",
            spoil(&bs, "spec", Some("%%%!!")),
            &[
                "“%%%!!”",
                "not valid base64url",
                "the default, Llama 3.1 8B, is used",
            ],
            fallback(&bs, &["model"]),
        ),
        link(
            "spec= that is base64 of something else",
            spoil(&bs, "spec", Some(&spec_text("hello, world"))),
            &[
                "damaged or cut short and cannot be read",
                "the default, Llama 3.1 8B",
            ],
            fallback(&bs, &["model"]),
        ),
        link(
            "spec= cut in half",
            spoil(&bs, "spec", Some(&real_spec[..real_spec.len() / 2])),
            &["model, “", "cut short"],
            fallback(&bs, &["model"]),
        ),
        link(
            "spec= describing an impossible model",
            spoil(&bs, "spec", Some(&spec_text(&zero_width))),
            &["describes an invalid model", "`d_model` is 0", "at least 1"],
            fallback(&bs, &["model"]),
        ),
        link(
            "spec= with a model_type as long as a paragraph",
            spoil(&bs, "spec", Some(&spec_text(&long_type))),
            &[
                "describes an invalid model",
                "`model_type` is a 100-character string",
            ],
            fallback(&bs, &["model"]),
        ),
        link(
            "an unknown preset",
            spoil(&b, "m", Some("gpt-9-ultra")),
            &[
                "“gpt-9-ultra”",
                "is not a known preset",
                "the default, Llama 3.1 8B, is used",
            ],
            fallback(&b, &["model"]),
        ),
        LinkCase {
            what: "an unknown accelerator (and so a price typed for another)",
            fragment: spoil(&b, "g", Some("quantum-9000")),
            says: &[
                "“quantum-9000”",
                "is not in the catalog",
                "the default, NVIDIA H100 SXM5 80GB, is used",
                "$1.50 per hour was typed for the NVIDIA A100 80GB SXM4",
                "the NVIDIA H100 SXM5 80GB uses its default quote",
            ],
            notices: 2,
            expected: fallback(&b, &["g", "usd"]),
        },
        LinkCase {
            what: "a price typed for an accelerator no catalog knows",
            fragment: spoil(&b, "usd", Some("1.5@quantum-9000")),
            says: &[
                "$1.50 per hour was typed for the quantum-9000",
                "uses its default quote",
            ],
            notices: 1,
            expected: fallback(&b, &["usd"]),
        },
        link(
            "a precision the accelerator lacks",
            spoil(&b, "p", Some("fp4")),
            &[
                "“fp4”",
                "is not one NVIDIA A100",
                "the default, BF16, is used",
            ],
            a100_bf16,
        ),
        link(
            "tokens out of range",
            spoil(&b, "t", Some("1e30")),
            &["“1e30”", "is outside 1–1e18", "the default, 15T, is used"],
            fallback(&b, &["t"]),
        ),
        link(
            "tokens not a number",
            spoil(&b, "t", Some("lots")),
            &["“lots”", "is not a number"],
            fallback(&b, &["t"]),
        ),
        link(
            "a zero sequence length",
            spoil(&b, "s", Some("0")),
            &[
                "“0”",
                "is not a whole number from 1 to 16777216",
                "the default, 8192",
            ],
            fallback(&b, &["s"]),
        ),
        link(
            "zero accelerators",
            spoil(&b, "n", Some("0")),
            &["“0”", "from 1 to 100000000", "the default, 1024, is used"],
            fallback(&b, &["n"]),
        ),
        link(
            "a billion accelerators",
            spoil(&b, "n", Some("1000000000")),
            &["“1000000000”", "from 1 to 100000000"],
            fallback(&b, &["n"]),
        ),
        link(
            "an MFU over 1",
            spoil(&b, "u", Some("1.5")),
            &[
                "“1.5”",
                "is not an MFU above 0 and up to 100 %, or a band of two",
                "the default, 30 %",
            ],
            fallback(&b, &["u"]),
        ),
        link(
            "a zero MFU",
            spoil(&b, "u", Some("0")),
            &["“0”", "is not an MFU above 0"],
            fallback(&b, &["u"]),
        ),
        link(
            "half an MFU band",
            spoil(&b, "u", Some("0.3,")),
            &["“0.3,”", "or a band of two"],
            fallback(&b, &["u"]),
        ),
        link(
            "a negative price",
            spoil(&b, "usd", Some("-3")),
            &["“-3”", "is not a positive price per accelerator-hour"],
            fallback(&b, &["usd"]),
        ),
        link(
            "a quote nobody lists",
            spoil(&b, "usd", Some("q:nowhere/nothing")),
            &[
                "“q:nowhere/nothing”",
                "is not a quote known for this accelerator",
            ],
            fallback(&b, &["usd"]),
        ),
        link(
            "an unknown convention",
            spoil(&b, "c", Some("ten_n")),
            &["“ten_n”", "is not a counting convention flopcast knows"],
            fallback(&b, &["c"]),
        ),
        link(
            "an unknown recomputation",
            spoil(&b, "r", Some("yes")),
            &[
                "“yes”",
                "is not none, selective or full",
                "the default, none, is used",
            ],
            fallback(&b, &["r"]),
        ),
        link(
            "a training state of one number",
            spoil(&b, "b", Some("16")),
            &[
                "“16”",
                "is not three byte counts",
                "the default, 2 + 2 + 12 bytes per parameter, is used",
            ],
            fallback(&b, &["b"]),
        ),
        link(
            "a training state of no bytes at all",
            spoil(&b, "b", Some("0,0,0")),
            &[
                "“0,0,0”",
                "is not three byte counts",
                "the default, 2 + 2 + 12 bytes per parameter, is used",
            ],
            fallback(&b, &["b"]),
        ),
        link(
            "a TP of zero",
            spoil(&b, "tp", Some("0")),
            &["“0”", "is not a whole number from 1 to 65536"],
            fallback(&b, &["tp"]),
        ),
        link(
            "a ZeRO stage of 4",
            spoil(&b, "z", Some("4")),
            &["“4”", "is not 0, 1, 2 or 3"],
            fallback(&b, &["z"]),
        ),
        link(
            "a global batch of no tokens",
            spoil(&b, "gb", Some("0")),
            &["“0”", "is not auto or a whole number of tokens"],
            fallback(&b, &["gb"]),
        ),
        link(
            "an overhead fraction over 1",
            spoil(&b, "oh", Some("2e9,1.5")),
            &["“2e9,1.5”", "fragmentation fraction from 0 to 1"],
            fallback(&b, &["oh"]),
        ),
        link(
            "a goodput of zero",
            spoil(&b, "gp", Some("0")),
            &["“0”", "is outside 0.01–1"],
            fallback(&b, &["gp"]),
        ),
        LinkCase {
            what: "a link made before layouts",
            fragment: {
                let body = "v=1&m=gpt2&t=3e11&s=2048&g=a100-sxm4-80gb&p=fp16&n=64&u=0.3,0.5&usd=1.5&c=dense&r=1&b=18";
                format!("{body}&k={}", fnv(body))
            },
            says: &[
                "made before memory layouts",
                "take their defaults",
                "read as your price for the",
                "energy and emissions settings",
            ],
            notices: 3,
            expected: Scenario {
                layout: Layout {
                    recompute: Recompute::Full,
                    ..Layout::default()
                },
                memory: MemorySettings {
                    state: BytesPerParam::FP32_GRADIENTS,
                    ..MemorySettings::default()
                },
                auto_layout: true,
                global_batch: GlobalBatch::Auto,
                goodput: 1.0,
                mfu_includes_bubble: true,
                sorts: TableSorts::default(),
                tokens_source: TokenSource::Typed,
                energy: EnergySettings::default(),
                ..b.clone()
            },
        },
        LinkCase {
            what: "an absurd custom peak",
            fragment: spoil(&bc, "pk", Some("1e30")),
            says: &[
                "“1e30”",
                "is outside 1–1e21",
                "the default, NVIDIA H100 SXM5 80GB, is used",
                "was typed for the Custom accelerator, not",
            ],
            notices: 2,
            expected: fallback(&bc, &["g", "usd"]),
        },
        LinkCase {
            what: "a custom accelerator without its peak",
            fragment: spoil(&bc, "pk", None),
            says: &[
                "no peak for its custom accelerator",
                "the default, NVIDIA H100 SXM5 80GB, is used",
                "was typed for the Custom accelerator, not",
            ],
            notices: 2,
            expected: fallback(&bc, &["g", "usd"]),
        },
        link(
            "zero custom memory",
            spoil(&bc, "mem", Some("0")),
            &["“0”", "is not a positive whole number of bytes"],
            no_memory,
        ),
        LinkCase {
            what: "a fragment of 100 KB",
            fragment: format!("{}&pad={}", encode(&b), "x".repeat(100_000)),
            says: &[
                "100",
                "over the 16384-character limit",
                "the default scenario is shown",
            ],
            notices: 1,
            expected: Scenario::default(),
        },
        LinkCase {
            what: "several bad fields at once",
            fragment: spoil_all(&b, &[("n", Some("0")), ("u", Some("7"))]),
            says: &["“0”", "“7”"],
            notices: 2,
            expected: fallback(&b, &["n", "u"]),
        },
        link(
            "a PUE below 1",
            spoil(&b, "pue", Some("0.9")),
            &[
                "The link's PUE, “0.9”, is outside 1–3",
                "the default, 1.1, is used",
            ],
            fallback(&b, &["pue"]),
        ),
        link(
            "a negative grid",
            spoil(&b, "grid", Some("-0.2")),
            &[
                "The link's grid, “-0.2”",
                "an intensity from 0 to 2 kg CO₂e per kWh",
                "the default, United States, 2023",
            ],
            fallback(&b, &["grid"]),
        ),
        link(
            "an unknown region",
            spoil(&b, "grid", Some("atlantis-2023")),
            &["“atlantis-2023”", "neither a region flopcast knows"],
            fallback(&b, &["grid"]),
        ),
        link(
            "a power setting of 300 %",
            spoil(&b, "pw", Some("3")),
            &["The link's power setting, “3”", "board power (TDP)"],
            fallback(&b, &["pw"]),
        ),
        link(
            "an unknown accounting",
            spoil(&b, "co2", Some("offset")),
            &["emissions accounting, “offset”", "location-based"],
            fallback(&b, &["co2"]),
        ),
        LinkCase {
            what: "a link from before energy settings travelled",
            fragment: spoil_all(
                &b,
                &[("pue", None), ("pw", None), ("grid", None), ("co2", None)],
            ),
            says: &[
                "made before energy and emissions settings travelled",
                "PUE 1.1",
                "location-based",
            ],
            notices: 1,
            expected: fallback(&b, &["pue", "pw", "grid", "co2"]),
        },
    ]
}

#[test]
fn each_bad_link_field_gets_a_notice_and_the_other_fields_are_kept() {
    let mut failures = Vec::new();
    let cases = link_cases();
    for case in &cases {
        let decoded = decode(&case.fragment);
        let said: Vec<String> = decoded.notices.iter().map(LinkError::to_string).collect();
        let said = said.join("\n");
        for f in case.says {
            if !said.contains(f) {
                failures.push(format!("{}: notices lack {f:?}:\n{said}", case.what));
            }
        }
        if decoded.notices.len() != case.notices {
            failures.push(format!(
                "{}: {} notices, expected {}:\n{said}",
                case.what,
                decoded.notices.len(),
                case.notices
            ));
        }
        if decoded.scenario != case.expected {
            failures.push(format!(
                "{}: decoded {:#?}\nexpected {:#?}",
                case.what, decoded.scenario, case.expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(cases.len() >= 25, "{} link cases", cases.len());
}

#[test]
fn a_real_link_cut_at_every_position_keeps_every_field_before_the_cut() {
    for s in [base(), base_spec(), base_custom_hardware()] {
        let fragment = encode(&s);
        let full = decode(&fragment);
        assert_eq!(full.notices, vec![]);
        for cut in 1..fragment.len() {
            let decoded = decode(&fragment[..cut]);
            assert!(
                !decoded.notices.is_empty(),
                "cut at {cut} lost something silently"
            );
            // Every field whose `&` separator survived was read in full.
            let kept = &fragment[..cut];
            let complete: Vec<&str> = kept.split('&').rev().skip(1).collect();
            for part in complete {
                let whole = format!("{}&", part);
                assert!(fragment.contains(&whole));
                let (key, _) = part.split_once('=').expect("key=value");
                let field_of = |sc: &Scenario| -> String {
                    match key {
                        "m" | "spec" => format!("{:?}", sc.model),
                        "t" => format!("{:?}", sc.n_tokens),
                        "s" => format!("{:?}", sc.seq_len),
                        "g" | "p" | "pk" | "mem" => String::new(), // read with later fields
                        "n" => format!("{:?}", sc.n_accelerators),
                        "u" => format!("{:?}", sc.mfu),
                        "usd" => String::new(), // depends on the accelerator
                        "c" => format!("{:?}", sc.convention),
                        "r" => format!("{:?}", sc.layout.recompute),
                        "b" => format!("{:?}", sc.memory.state),
                        _ => String::new(),
                    }
                };
                assert_eq!(
                    field_of(&decoded.scenario),
                    field_of(&s),
                    "cut at {cut}: `{key}=` was complete but not kept"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Form fields.

type Parser = fn(&str) -> Result<(), FieldError>;

fn field_cases() -> Vec<(&'static str, Parser, &'static str, &'static [&'static str])> {
    let tokens: Parser = |t| fields::tokens(t).map(drop);
    let seq_len: Parser = |t| fields::seq_len(t).map(drop);
    let count: Parser = |t| fields::accelerator_count(t).map(drop);
    let mfu: Parser = |t| fields::mfu(t).map(drop);
    let price: Parser = |t| fields::price(t).map(drop);
    let peak: Parser = |t| fields::peak_tflops(t).map(drop);
    let bytes: Parser = |t| fields::bytes_per_param(t).map(drop);
    let pue: Parser = |t| fields::pue(t).map(drop);
    let power: Parser = |t| fields::power(t).map(drop);
    let grid: Parser = |t| fields::grid(t).map(drop);
    vec![
        (
            "a PUE below 1",
            pue,
            "0.95",
            &["PUE: `0.95` is below 1", "type a PUE from 1 to 3"],
        ),
        (
            "a PUE above 3",
            pue,
            "4",
            &["PUE: `4` is above 3", "such as 1.1 (hyperscale)"],
        ),
        (
            "a power factor typed as a bare percentage",
            power,
            "85",
            &["Power: `85` is above 2", "a percentage such as 80 %"],
        ),
        (
            "a negative grid intensity",
            grid,
            "-0.3",
            &["Grid intensity: `-0.3` is negative", "such as 0.4"],
        ),
        (
            "an unknown grid region",
            grid,
            "moon-2030",
            &[
                "Grid region: `moon-2030` is not a region",
                "us-2023",
                "fr-2022",
            ],
        ),
        (
            "0 accelerators",
            count,
            "0",
            &["Accelerators: `0` is zero", "greater than zero"],
        ),
        (
            "no accelerators typed",
            count,
            "",
            &["Accelerators: empty", "type a whole number such as 1024"],
        ),
        (
            "accelerators as a word",
            count,
            "abc",
            &["Accelerators: `abc` is not a number", "1024"],
        ),
        (
            "half an accelerator",
            count,
            "2.5",
            &["`2.5` is not a whole number", "type one such as 1024"],
        ),
        (
            "a billion accelerators",
            count,
            "1e9",
            &["`1e9` is more than 100,000,000", "type a smaller number"],
        ),
        (
            "an MFU of 0",
            mfu,
            "0",
            &[
                "MFU: `0` is not in (0, 100 %]",
                "type a percentage such as 40",
            ],
        ),
        (
            "an MFU of -5 %",
            mfu,
            "-5 %",
            &["MFU: `-5 %`", "(0, 100 %]"],
        ),
        (
            "an MFU of 150 %",
            mfu,
            "150%",
            &["MFU: `150%`", "(0, 100 %]", "or a band such as 30-50"],
        ),
        (
            "an empty MFU",
            mfu,
            "",
            &["MFU: empty", "type a percentage in (0, 100 %] such as 40"],
        ),
        (
            "an MFU as a word",
            mfu,
            "abc",
            &["MFU: `abc`", "type a percentage"],
        ),
        (
            "an MFU band with a bad end",
            mfu,
            "30-150",
            &["MFU: `30-150`", "(0, 100 %]"],
        ),
        (
            "1e30 tokens",
            tokens,
            "1e30",
            &[
                "Training tokens: `1e30` is more than 1e18",
                "type a smaller number",
            ],
        ),
        (
            "tokens beyond the parser's limit",
            tokens,
            "1e400",
            &["`1e400` is more than 1e18"],
        ),
        (
            "no tokens typed",
            tokens,
            "   ",
            &["Training tokens: empty", "type a number such as 2T"],
        ),
        (
            "tokens as a word",
            tokens,
            "abc",
            &["Training tokens: `abc` is not a number", "such as 2T"],
        ),
        (
            "negative tokens",
            tokens,
            "-5",
            &["`-5` is negative", "greater than zero"],
        ),
        (
            "half a token",
            tokens,
            "0.5",
            &["`0.5` is less than 1", "type a larger number"],
        ),
        (
            "tokens with an unknown suffix",
            tokens,
            "2X",
            &["`2X` is not a number"],
        ),
        (
            "a fractional sequence length",
            seq_len,
            "8192.5",
            &[
                "Sequence length: `8192.5` is not a whole number",
                "such as 8192",
            ],
        ),
        (
            "a sequence length of a billion",
            seq_len,
            "1e9",
            &["`1e9` is more than 16,777,216"],
        ),
        (
            "a negative price",
            price,
            "-3",
            &["Price: `-3` is negative", "greater than zero"],
        ),
        (
            "a price as a word",
            price,
            "cheap",
            &["Price: `cheap` is not a number", "such as 2.49 or $2.49"],
        ),
        (
            "a price over $1M an hour",
            price,
            "$2M",
            &["`$2M` is more than $1,000,000"],
        ),
        (
            "a peak typed in FLOP/s instead of TFLOP/s",
            peak,
            "1e15",
            &["Peak: `1e15` is more than 1e9 TFLOP/s"],
        ),
        (
            "a peak of nothing",
            peak,
            "1e-20",
            &["Peak: `1e-20` is less than 1e-12 TFLOP/s"],
        ),
        (
            "a quarter byte per parameter",
            bytes,
            "0.25",
            &["Bytes per parameter: `0.25` is less than 0.5"],
        ),
        (
            "a kilobyte per parameter and more",
            bytes,
            "1001",
            &["`1001` is more than 1,000"],
        ),
    ]
}

#[test]
fn each_bad_field_names_itself_quotes_the_text_and_says_what_to_type() {
    let mut failures = Vec::new();
    let cases = field_cases();
    for (what, parse, text, fragments) in &cases {
        match parse(text) {
            Ok(()) => failures.push(format!("{what}: `{text}` was accepted")),
            Err(e) => {
                let message = e.to_string();
                for f in *fragments {
                    if !message.contains(f) {
                        failures.push(format!("{what}: message lacks {f:?}: {message}"));
                    }
                }
                let says_what_to_do = ["type", "greater than zero"]
                    .iter()
                    .any(|w| message.contains(w));
                if !says_what_to_do {
                    failures.push(format!("{what}: says nothing to do: {message}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 20, "{} field cases", cases.len());
}

#[test]
fn the_catalog_has_at_least_forty_cases() {
    let total = config_cases().len() + link_cases().len() + field_cases().len();
    assert!(total >= 40, "{total} cases");
}
