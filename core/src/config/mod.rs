//! Ingestion: a Hugging Face `config.json` becomes a validated [`ModelSpec`] plus the
//! assumptions made on the way, or a [`ConfigError`] that says what is wrong.
//!
//! Three steps, each in its own file:
//! 0. [`json`]: text to a JSON object (size limit, byte-order mark, duplicate keys,
//!    syntax errors with line and column).
//! 1. [`raw`]: the all-optional raw view; naming variants (`n_embd`, `d_model`, …)
//!    are absorbed here. A nested `text_config` is unwrapped before it.
//! 2. [`build`]: validation with the family's transformers defaults
//!    ([`families`]), giving the spec and the list of [`Assumption`]s.
//!
//! Hugging Face key names appear only in this module. It never panics on any input,
//! and it counts nothing: that is [`crate::params`] and [`crate::flops`].

mod build;
mod dims;
mod error;
mod families;
mod json;
mod model_types;
mod raw;
mod training;
mod unsupported;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use dims::from_dims;
pub use error::ConfigError;

use crate::model::ModelSpec;
use families::{Family, Id};
use raw::RawConfig;

/// Longest config text accepted (1 MB). Real configs are a few kilobytes; the
/// largest (with a full default-attribute dump) about 10 kB.
pub const MAX_CONFIG_BYTES: usize = 1_000_000;

/// The transformers release whose model types flopcast knows by name.
pub use model_types::TRANSFORMERS_VERSION;

/// Every `model_type` in transformers' `CONFIG_MAPPING` (release
/// [`TRANSFORMERS_VERSION`]). A config of one of them is counted by its family, or
/// refused by name ([`ConfigError::UnsupportedFamily`]) when flopcast has none.
pub fn transformers_model_types() -> impl Iterator<Item = &'static str> {
    model_types::MODEL_TYPES.iter().map(|(t, _)| *t)
}

/// The `model_type`s counted by the same family as `model_type`, or `None` when
/// flopcast has no family for it (it is then refused, or read by the generic rules
/// if transformers does not know it either).
pub fn family_types(model_type: &str) -> Option<&'static [&'static str]> {
    families::by_type(model_type).map(|f| f.types)
}

/// A parsed config: the model and what had to be assumed to describe it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedConfig {
    /// The model.
    pub spec: ModelSpec,
    /// Every default applied and every choice made, in the order made.
    pub assumptions: Vec<Assumption>,
}

/// Something flopcast assumed because the config did not say it (or said it twice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumption {
    /// The config key it is about, when there is one.
    pub key: Option<String>,
    /// The assumption in words, such as "`num_key_value_heads` missing: assumed equal
    /// to `num_attention_heads` (32), i.e. no grouped-query attention".
    pub text: String,
}

impl Assumption {
    pub(crate) fn new(key: Option<&str>, text: String) -> Assumption {
        Assumption {
            key: key.map(str::to_string),
            text,
        }
    }
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Parses a `config.json` text into a model description.
///
/// Absent keys take the family's transformers config-class default; each one applied
/// is listed in [`ParsedConfig::assumptions`]. Unknown `model_type`s are read with
/// generic rules from the standard keys. Never panics.
pub fn parse_config(text: &str) -> Result<ParsedConfig, ConfigError> {
    let parsed = json::parse_object(text)?;
    let mut notes: Vec<Assumption> = parsed
        .duplicates
        .iter()
        .map(|path| {
            Assumption::new(
                Some(path),
                format!(
                    "`{path}` appears more than once: used the last value, as Python's json \
                     module (and so transformers) does"
                ),
            )
        })
        .collect();
    for (path, literal) in &parsed.non_finite {
        // A key flopcast reads (at the top or in `text_config`) cannot be
        // non-finite; any other (`time_step_limit`, …) sets no weight.
        let key = path.strip_prefix("text_config.").unwrap_or(path);
        if raw::RawConfig::spellings()
            .iter()
            .any(|names| names.contains(&key))
        {
            return Err(ConfigError::invalid(
                key,
                literal,
                "it must be a finite number (Python writes `NaN` and `Infinity`, JSON does not \
                 allow them). Replace it with a number",
            ));
        }
        notes.push(Assumption::new(
            Some(path),
            format!(
                "`{path}` is `{literal}`, which Python writes but JSON does not allow: read as \
                 null (no weight depends on it)"
            ),
        ));
    }
    let top = &parsed.object;
    let top_type = string_at(top, "model_type")?;
    // A wrapper that is not a language model of its own is refused before its
    // `text_config` could be counted as if it were the whole.
    if let Some(refused) = top_type.as_deref().and_then(unsupported::wrapper_refusal) {
        return Err(refused);
    }
    let text_config = match top.get("text_config") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m),
        Some(other) => {
            return Err(ConfigError::WrongType {
                key: "text_config".into(),
                found: json::describe(other),
                expected: "an object holding the language model's settings".into(),
            })
        }
    };
    let lm = text_config.unwrap_or(top);
    let mut raw = RawConfig::from_map(lm, &mut notes);
    if text_config.is_some() {
        outer_tying(top, &mut raw, &mut notes);
    }
    let lm_type = string_at(lm, "model_type")?;
    let family = resolve(
        top,
        top_type.as_deref(),
        lm_type.as_deref(),
        &raw,
        text_config.is_some(),
        &mut notes,
    )?;
    let mut spec = build::build(&raw, family, &mut notes)?;
    if family.id == Id::Generic {
        spec.model_type = lm_type
            .or(top_type.clone())
            .unwrap_or_else(|| "custom".into());
        crate::model::check_model_type(&spec.model_type)?;
        let suspects = suspects(lm);
        notes.extend(suspects.notes());
        spec.generic = Some(Box::new(crate::model::GenericReading {
            suspect_keys: suspects.keys(),
        }));
    }

    spec.training = Some(training::traits(lm, &spec.model_type));

    let multimodal_type = matches!(top_type.as_deref(), Some("mllama" | "gemma3"));
    if text_config.is_some() || top.contains_key("vision_config") || multimodal_type {
        spec.vision_tower = true;
        spec.vision_params_estimate = top
            .get("vision_config")
            .and_then(Value::as_object)
            .and_then(|v| vision_estimate(v, spec.d_model))
            .unwrap_or(0);
        notes.push(Assumption::new(
            Some("vision_config"),
            "counted the language model only: the vision tower (and the projector that feeds \
             it into the language model) is not counted"
                .into(),
        ));
    }
    if let Some(q) = top.get("quantization_config").filter(|v| !v.is_null()) {
        let method = q
            .get("quant_method")
            .and_then(Value::as_str)
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        notes.push(Assumption::new(
            Some("quantization_config"),
            format!(
                "the config is for a quantized checkpoint{method}: counts are for the \
                 unquantized modules (the same number of weights; a checkpoint's scales and \
                 packing are not counted)"
            ),
        ));
    }
    if family.remote_code {
        notes.push(Assumption::new(
            Some("model_type"),
            format!(
                "`{}` exists only as remote code (its authors' modeling file), not in \
                 transformers: the count follows that code's structure and is not verified \
                 against PyTorch",
                spec.model_type
            ),
        ));
    } else if top.contains_key("auto_map") && family.id != Id::Generic {
        notes.push(Assumption::new(
            Some("auto_map"),
            format!(
                "the config also names remote code (`auto_map`): counted transformers' \
                 built-in `{}` implementation",
                spec.model_type
            ),
        ));
    }
    Ok(ParsedConfig {
        spec,
        assumptions: notes,
    })
}

/// A composite (vision-language) model ties its output head by its own config's
/// `tie_word_embeddings`, not the language model's: transformers reads the flag
/// from the model it builds, which is the outer one. When the top level sets it,
/// it decides.
fn outer_tying(top: &Map<String, Value>, raw: &mut RawConfig, notes: &mut Vec<Assumption>) {
    let Some(outer) = top.get("tie_word_embeddings").filter(|v| !v.is_null()) else {
        return;
    };
    let inner = raw
        .tie_word_embeddings
        .as_ref()
        .map(|f| f.value.clone())
        .filter(|v| !v.is_null());
    if inner.as_ref().is_some_and(|v| v != outer) {
        notes.push(Assumption::new(
            Some("tie_word_embeddings"),
            format!(
                "the top level's `tie_word_embeddings` ({outer}) decides whether the output head \
                 is tied, as transformers reads it from the outer model; `text_config`'s ({}) \
                 is not used",
                inner.unwrap_or(Value::Null)
            ),
        ));
    }
    raw.tie_word_embeddings = Some(raw::RawField {
        key: "tie_word_embeddings",
        value: outer.clone(),
    });
}

/// A rough size of a vision tower and its projector from its config: `L` layers
/// (plus global layers) of `4·h² + 2·h·ff` weights, a patch embedding `c·p²·h` and a
/// projector `out·d_model` into the language model. `None` without width and depth.
fn vision_estimate(v: &Map<String, Value>, d_model: u64) -> Option<u64> {
    let get = |k: &str| v.get(k).and_then(Value::as_u64);
    let h = get("hidden_size").filter(|&h| h <= crate::model::MAX_DIM)?;
    let layers = get("num_hidden_layers")?.saturating_add(get("num_global_layers").unwrap_or(0));
    let ff = get("intermediate_size").unwrap_or(4 * h);
    let per_layer = (4 * h * h).saturating_add(2u64.saturating_mul(h).saturating_mul(ff));
    let patch = get("patch_size").map_or(0, |p| {
        get("num_channels")
            .unwrap_or(3)
            .saturating_mul(p.saturating_mul(p))
            .saturating_mul(h)
    });
    let out = get("vision_output_dim").unwrap_or(h);
    Some(
        layers
            .saturating_mul(per_layer)
            .saturating_add(patch)
            .saturating_add(out.saturating_mul(d_model)),
    )
}

/// Words that mark a key flopcast does not know as possibly adding or removing
/// weights. The keys flopcast knows are classified from [`raw`]'s own pick lists
/// ([`suspects`]); this list is only the guess for keys no family reads.
const STRUCTURAL_WORDS: &[&str] = &[
    "bias",
    "norm",
    "parallel",
    "expert",
    "moe",
    "shared",
    "interleave",
    "dense",
    "lora",
    "sparse",
    "nextn",
    "mtp",
    "cross",
    "adapter",
    "conv",
    "ssm",
    "mamba",
    "state_size",
    "hybrid",
    "embed",
    "tie",
    "layers",
    "proj",
    "intermediate",
    "mlp",
    "ffn",
    "attn",
    "query",
    "expansion",
    "ratio",
];

/// Activations with learned parameters (`hidden_act` is otherwise weightless).
const LEARNED_ACTIVATIONS: &[&str] = &["xielu"];

/// Words that mark a structural-looking key as carrying no weights.
const NO_WEIGHT_WORDS: &[&str] = &[
    "eps",
    "epsilon",
    "dropout",
    "aux_loss",
    "z_loss",
    "router_logits",
    "topk_prob",
    "initializer",
    "_std",
    "scale",
    "scaling",
    "factor",
    "jitter",
    "capacity",
    "token_id",
    "multiplier",
    "_act",
    "activation",
    "use_cache",
    "_dtype",
    "chunk",
    "softmax",
    "pdrop",
];

/// The keys of an unknown family's config that point to a structure the generic
/// rules do not model, in three groups, each key with its value as written.
#[derive(Debug, Default)]
struct Suspects {
    /// Other families' spellings of the sizes (`n_embd`, `n_inner`, `d_model`): read,
    /// but a sign that the model is not Llama-style.
    spellings: Vec<(String, String)>,
    /// Keys some family reads as structure and the generic rules do not (`multi_query`,
    /// `parallel_attn`, `use_qkv_bias`, …).
    switches: Vec<(String, String)>,
    /// Keys no family reads that look structural.
    unknown: Vec<(String, String)>,
}

impl Suspects {
    fn keys(&self) -> Vec<String> {
        [&self.spellings, &self.switches, &self.unknown]
            .into_iter()
            .flatten()
            .map(|(k, _)| {
                k.chars()
                    .take(crate::model::MAX_SUSPECT_KEY_CHARS)
                    .collect()
            })
            .take(crate::model::MAX_SUSPECT_KEYS)
            .collect()
    }

    fn notes(&self) -> Vec<Assumption> {
        let list = |keys: &[(String, String)]| {
            keys.iter()
                .map(|(k, v)| format!("`{k}` ({v})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        if !self.spellings.is_empty() {
            out.push(Assumption::new(
                None,
                format!(
                    "written in other families' spellings: {}. Families that write their sizes \
                     this way are rarely Llama-style (GPT-2-style models have LayerNorm, biases, \
                     learned positions and a plain MLP), so the count may be far off.",
                    list(&self.spellings)
                ),
            ));
        }
        if !self.switches.is_empty() {
            out.push(Assumption::new(
                None,
                format!(
                    "set, and read as structure by other families but not by the generic rules: \
                     {}. The count ignores them.",
                    list(&self.switches)
                ),
            ));
        }
        if !self.unknown.is_empty() {
            out.push(Assumption::new(
                None,
                format!(
                    "unknown keys that look structural, not read: {}. Compare the total with the \
                     model card.",
                    list(&self.unknown)
                ),
            ));
        }
        out
    }
}

/// Classifies an unknown family's keys against [`raw`]'s pick lists: other
/// spellings of the sizes ([`raw::keys::SIZES`] beyond the first), keys the generic
/// rules read ([`raw::keys::GENERIC`], skipped), keys only some family reads, and
/// unknown keys that look structural. `false`, `null`, `0` and empty settings switch
/// nothing on and are left out.
fn suspects(lm: &Map<String, Value>) -> Suspects {
    let picked = raw::RawConfig::spellings();
    let generic = |key: &str| raw::keys::GENERIC.iter().any(|l| l.contains(&key));
    let other_spelling = |key: &str| {
        raw::keys::SIZES
            .iter()
            .any(|l| l.iter().skip(1).any(|s| *s == key))
    };
    let switches_something = |value: &Value| match value {
        Value::Null | Value::Bool(false) => false,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::String(s) => !s.is_empty(),
        Value::Bool(true) => true,
    };
    let looks_structural = |key: &str| {
        let lower = key.to_ascii_lowercase();
        STRUCTURAL_WORDS.iter().any(|w| lower.contains(w))
            && !NO_WEIGHT_WORDS.iter().any(|w| lower.contains(w))
    };
    let shown = |value: &Value| match value {
        Value::Object(_) => "{…}".to_string(),
        other => {
            let text = other.to_string();
            let short: String = text.chars().take(24).collect();
            if short.len() < text.len() {
                format!("{short}…")
            } else {
                short
            }
        }
    };
    let mut out = Suspects::default();
    for (key, value) in lm {
        if !switches_something(value) {
            continue;
        }
        // An activation carries weights only when it is learned (Apertus's xIELU).
        let weightless_activation = raw::keys::ACTIVATION.contains(&key.as_str())
            && !value
                .as_str()
                .is_some_and(|a| LEARNED_ACTIVATIONS.contains(&a));
        let group = if other_spelling(key) {
            &mut out.spellings
        } else if generic(key) || weightless_activation {
            continue;
        } else if picked.iter().any(|l| l.contains(&key.as_str())) {
            &mut out.switches
        } else if looks_structural(key) {
            &mut out.unknown
        } else {
            continue;
        };
        if group.len() < crate::model::MAX_SUSPECT_KEYS {
            group.push((key.chars().take(40).collect(), shown(value)));
        }
    }
    out
}

/// A string-valued key, or `None` when absent or null.
fn string_at(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ConfigError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ConfigError::WrongType {
            key: key.into(),
            found: json::describe(other),
            expected: "a string such as \"llama\"".into(),
        }),
    }
}

/// Which family describes the language model.
fn resolve(
    top: &Map<String, Value>,
    top_type: Option<&str>,
    lm_type: Option<&str>,
    raw: &RawConfig,
    nested: bool,
    notes: &mut Vec<Assumption>,
) -> Result<&'static Family, ConfigError> {
    if let Some(f) = lm_type.and_then(families::by_type) {
        return Ok(f);
    }
    if nested {
        if let Some(f) = top_type.and_then(families::by_type) {
            return Ok(f);
        }
    }
    // A transformers model type with no family is refused by name. A multimodal
    // wrapper whose `text_config` names no type falls through to the generic rules.
    let named_type = lm_type.or(top_type
        .filter(|t| unsupported::kind_of(t).is_some_and(|k| k != unsupported::Kind::Composite)));
    if let Some(refused) = named_type.and_then(unsupported::refusal) {
        return Err(refused);
    }
    let architectures = raw
        .architectures
        .as_ref()
        .and_then(|f| f.value.as_array())
        .or_else(|| top.get("architectures").and_then(Value::as_array));
    // A type is quoted in messages: at most 40 characters of it.
    let clipped = lm_type.or(top_type).map(|t| {
        let short: String = t.chars().take(40).collect();
        let more = if short.len() < t.len() { "…" } else { "" };
        format!("{short}{more}")
    });
    let named = clipped.as_deref();
    if let Some((class, f)) = architectures
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find_map(|c| families::by_architecture(c).map(|f| (c, f)))
    {
        let what = match named {
            Some(t) => format!("`model_type` \"{t}\" is not a family flopcast knows"),
            None => "the config names no `model_type`".to_string(),
        };
        notes.push(Assumption::new(
            Some("model_type"),
            format!(
                "{what}; `architectures` names {class}, so it was read as `{}`",
                f.types.first().copied().unwrap_or(f.class)
            ),
        ));
        return Ok(f);
    }
    if !raw.has_dimensions() {
        if nested && lm_type.is_none() && top_type.is_none() {
            return Err(ConfigError::EmptyTextConfig);
        }
        let what = match named {
            Some(t) => format!("`model_type` \"{t}\" is not a family flopcast knows"),
            None => "The config names no `model_type`".to_string(),
        };
        return Err(ConfigError::NothingUsable {
            what,
            missing: "`hidden_size`, `num_hidden_layers`, `num_attention_heads` and `vocab_size`"
                .into(),
        });
    }
    let what = match named {
        Some(t) => format!("`model_type` \"{t}\" is not a family flopcast knows"),
        None => "the config names no `model_type`".to_string(),
    };
    // Too little is known to count an unknown encoder-decoder: the generic rules
    // describe decoder-only models, and would miss the encoder.
    if let Some(f) = &raw.is_encoder_decoder {
        if f.boolean()? == Some(true) {
            return Err(ConfigError::invalid(
                "is_encoder_decoder",
                "true",
                &format!(
                    "{what}, and flopcast's generic rules count decoder-only models, so an \
                     encoder-decoder of an unknown family cannot be counted. Paste the config \
                     of a supported family, or enter the dimensions by hand"
                ),
            ));
        }
    }
    notes.push(Assumption::new(
        Some("model_type"),
        format!(
            "{what}: counted it as a Llama-style decoder from the standard keys (gated MLP, \
             RMSNorm, biases only where `attention_bias`/`mlp_bias` say, experts and MLA \
             where their keys appear)"
        ),
    ));
    if nested && top_type.is_none() {
        notes.push(Assumption::new(
            Some("text_config"),
            "the top level names no model: counted the language model described by `text_config`"
                .into(),
        ));
    }
    Ok(&families::GENERIC)
}
