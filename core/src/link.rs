//! The shareable link: a [`Scenario`] to and from a URL fragment.
//!
//! A fragment looks like
//! `v=3&m=llama-3.1-8b&t=1.5e13&ts=published:llama-3.1-8b&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.3&usd=default&c=six_n.active&r=none&b=2,2,12&al=1&tp=1&pp=1&cp=1&ep=1&z=1&mb=1&vpp=1&sp=1&at=sdpa&ker=fused&gb=auto&oh=2e9,0.05&gp=1&bub=1&sa=none&sc=none&pue=1.1&pw=tdp&grid=us-2023&co2=location&k=…`,
//! where `k` is a check of everything before it (so a cut link is noticed).
//! A typed price names the accelerator it was typed for (`usd=2@h100-sxm5-80gb`);
//! `ts` says where the token count comes from (`typed`,
//! `published:<preset id>`, `chinchilla`) and `sa`/`sc` how the two tables
//! are sorted (`none`, `time`, `cost.desc`, …). Links made before those
//! fields read as they always did: no `ts` is a typed count, no `sa`/`sc` the
//! tables' own order, and a bare `usd=2` is a price for the link's
//! accelerator (with a notice saying so). The energy settings follow:
//! `pue=1.1&pw=tdp&grid=us-2023&co2=location` (`pw` is `tdp`, `measured` or a
//! fraction of board power; `grid` a region id or kg CO₂e per kWh; `co2`
//! `location` or `market`); a link without any of them opens with the
//! defaults and one notice.
//! Every field is written explicitly, so a link keeps its meaning when a later
//! release changes a default. A preset travels as its id; any other model as
//! its validated [`ModelSpec`] in compact JSON, base64url-encoded (`spec=`):
//! never the pasted text, so nothing private in a config leaves with the link.
//!
//! Decoding never fails: a bad, missing or truncated field becomes a
//! [`LinkError`] notice and that field's default, and unknown keys are ignored
//! (they may come from a later version). Notices name settings as the page
//! does ("price", "FLOPs convention"), never the link's keys. A link of
//! version 1 or 2 (made before memory layouts) opens with its old meaning
//! (`r=1` is full recomputation, `b=16` the 16-byte mixed-precision Adam
//! table) and the layout, batch, memory and goodput settings at their
//! defaults, with one notice saying so ([`LinkError::MadeBeforeLayouts`]). It
//! deliberately knows nothing about `window.location`: the page hands it the
//! text after `#`.

use base64::Engine as _;

use crate::budgets::published_tokens;
use crate::cost::MfuBand;
use crate::energy::{
    self, EnergySettings, Grid, PowerFactor, MAX_GRID_KG_PER_KWH, MAX_POWER_FACTOR, MAX_PUE,
    MIN_POWER_FACTOR, MIN_PUE,
};
use crate::fields::{
    MAX_ACCELERATORS, MAX_BYTES_PER_PARAM, MAX_PEAK_FLOPS_PER_S, MAX_PRICE_USD, MAX_SEQ_LEN,
    MAX_TOKENS, MIN_BYTES_PER_PARAM, MIN_GOODPUT, MIN_MFU, MIN_PEAK_FLOPS_PER_S, MIN_TOKENS,
};
use crate::flops::Convention;
use crate::hardware::{self, AcceleratorInUse, CustomAccelerator, Precision};
use crate::memory::activations::{AttnKernel, Kernels, Recompute};
use crate::memory::breakdown::Overhead;
use crate::memory::layout::{GlobalBatch, Zero, MAX_DEGREE, MAX_INTERLEAVE, MAX_MICRO_BATCH};
use crate::memory::BytesPerParam;
use crate::model::ModelSpec;
use crate::params;
use crate::scenario::{published_for, ModelChoice, PriceChoice, Scenario, TokenSource, TypedPrice};
use crate::tables::{Sort, TableKind};

/// The link format this release writes. Version 2 is version 1's fields plus
/// a model read by today's rules (a `spec=` in a version-1 link was read by
/// the first release's family rules, see [`LEGACY_FAMILY_TYPES`]), the token
/// source and the sorts; version 3 adds the layout, the global batch, the
/// memory settings and goodput, and reads recomputation as none, selective
/// or full and bytes per parameter as three numbers.
pub const VERSION: &str = "3";

/// The `model_type`s the first release (link version 1) had a family for. A
/// version-1 `spec=` of any other type was read by the generic rules, which did
/// not yet mark their count approximate: such a spec is marked now.
const LEGACY_FAMILY_TYPES: &[&str] = &[
    "arcee",
    "bert",
    "bloom",
    "chatglm",
    "cohere",
    "cohere2",
    "deepseek_v2",
    "deepseek_v3",
    "ernie4_5",
    "exaone4",
    "falcon",
    "gemma",
    "gemma2",
    "gemma3",
    "gemma3_text",
    "glm",
    "glm4",
    "gpt2",
    "gpt_neox",
    "gpt_oss",
    "gptj",
    "granite",
    "helium",
    "hunyuan_v1_dense",
    "kimi_k2",
    "llama",
    "llama4_text",
    "mistral",
    "mixtral",
    "mllama",
    "mllama_text_model",
    "nemotron",
    "olmo",
    "olmo2",
    "olmoe",
    "opt",
    "phi",
    "phi3",
    "phimoe",
    "qwen2",
    "qwen2_moe",
    "qwen3",
    "qwen3_moe",
    "RefinedWeb",
    "RefinedWebModel",
    "seed_oss",
    "smollm3",
    "stablelm",
    "starcoder2",
    "t5",
];

/// Links longer than this are refused before parsing (a real one is under
/// 2,000 characters).
pub const MAX_FRAGMENT_BYTES: usize = 16 * 1024;

/// The longest model (`spec=`) a link may carry. It leaves room for every
/// other field under [`MAX_FRAGMENT_BYTES`], so that a decoded scenario always
/// encodes to a link that opens again. A spec from a config is well under it
/// (DeepSeek-V3's, the largest among the fixtures, takes about 1,000).
pub const MAX_SPEC_CHARS: usize = 12 * 1024;

/// What was wrong with a link, one notice per field. The page shows each next
/// to the scenario; the field keeps its default.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkError {
    #[error("The link is {len} characters long, over the {max}-character limit: it was ignored and the default scenario is shown.", max = MAX_FRAGMENT_BYTES)]
    TooLong { len: usize },
    #[error("The link's end mark is missing, so it may have been cut short: its fields were read, check them.")]
    Unmarked,
    #[error("The link's end mark does not match, so it was cut short or edited by hand: its fields were read, check them.")]
    Damaged,
    #[error("The link has no version number: it was read as the version its settings look like (3 with layout settings, else 1).")]
    MissingVersion,
    #[error("The link is version “{0}”, which this page does not know: fields it recognises were used, the rest got defaults.")]
    UnknownVersion(String),
    /// A version-1 link's model (`spec=`), read by an earlier release's rules.
    #[error("This link was made by an earlier release of flopcast, which read the model's config with older rules: the counts follow the model as it was read then{}. Paste the config again to count it with today's rules.", if *.approximate { ", by generic rules, so they are approximate" } else { "" })]
    OlderModel { approximate: bool },
    #[error("The link was made before memory layouts: its settings keep their meaning, and the layout, global batch, memory settings and goodput take their defaults. Memory now counts activations, logits and overhead, so the fit may differ from when the link was made.")]
    MadeBeforeLayouts,
    #[error("The link has no {what}, perhaps because it was cut short: the default, {default}, is used.")]
    Missing {
        key: &'static str,
        what: &'static str,
        default: String,
    },
    /// Two or more fields missing (a link cut short, or written by hand such as
    /// `#m=gpt2`): one notice listing each with its default, not one apiece.
    #[error("The link leaves out {} settings, perhaps because it was cut short or written by hand; each takes its default: {}.", .0.len(), missing_list(.0))]
    MissingSeveral(Vec<MissingField>),
    #[error("The link's {what}, “{value}”, {rule}: the default, {default}, is used.")]
    Invalid {
        key: &'static str,
        what: &'static str,
        value: String,
        rule: String,
        default: String,
    },
    /// A link made before typed prices named their accelerator.
    #[error("This link was made before a typed price was tied to its accelerator: its {price} is read as your price for the {accelerator}.")]
    PriceFromEarlierLink { price: String, accelerator: String },
    /// A link made before energy and emissions settings travelled in links.
    #[error("This link was made before energy and emissions settings travelled with it: they take the defaults ({defaults}).")]
    EnergyFromEarlierLink { defaults: String },
    /// A typed price for another accelerator than the link's.
    #[error("The link's {price} was typed for the {typed_for}, not the {accelerator}: {now}")]
    PriceForAnother {
        price: String,
        typed_for: String,
        accelerator: String,
        now: String,
    },
}

/// A field a link left out, and the default that took its place.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingField {
    pub key: &'static str,
    pub what: &'static str,
    pub default: String,
}

fn missing_list(fields: &[MissingField]) -> String {
    fields
        .iter()
        .map(|f| format!("{} ({})", f.what, f.default))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Replaces two or more `Missing` notices by one `MissingSeveral`, where the
/// first of them stood; a single missing field keeps its own notice.
fn group_missing(notices: Vec<LinkError>) -> Vec<LinkError> {
    let n_missing = notices
        .iter()
        .filter(|n| matches!(n, LinkError::Missing { .. }))
        .count();
    if n_missing < 2 {
        return notices;
    }
    let mut grouped = Vec::with_capacity(notices.len() - n_missing + 1);
    let mut missing = Vec::with_capacity(n_missing);
    let mut slot = None;
    for notice in notices {
        match notice {
            LinkError::Missing { key, what, default } => {
                slot.get_or_insert(grouped.len());
                missing.push(MissingField { key, what, default });
            }
            other => grouped.push(other),
        }
    }
    grouped.insert(slot.unwrap_or(0), LinkError::MissingSeveral(missing));
    grouped
}

/// A decoded link: the scenario (every bad field replaced by its default) and
/// a notice for each field that was.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub scenario: Scenario,
    pub notices: Vec<LinkError>,
}

/// Writes the scenario as a fragment (without the leading `#`).
pub fn encode(scenario: &Scenario) -> String {
    let mut fields: Vec<(&str, String)> = vec![("v", VERSION.to_string())];
    match scenario.model.preset {
        Some(preset) => fields.push(("m", preset.id.to_string())),
        None => fields.push(("spec", encode_spec(&scenario.model.spec))),
    }
    fields.push(("t", number(scenario.n_tokens)));
    fields.push((
        "ts",
        match scenario.tokens_source {
            TokenSource::Typed => "typed".to_string(),
            TokenSource::Published(p) => format!("published:{}", p.preset_id),
            TokenSource::Chinchilla => "chinchilla".to_string(),
        },
    ));
    fields.push((
        "s",
        scenario
            .seq_len
            .map_or_else(|| "model".to_string(), |s| s.to_string()),
    ));
    match scenario.accelerator {
        AcceleratorInUse::Catalog {
            accelerator,
            precision,
        } => {
            fields.push(("g", accelerator.id.to_string()));
            fields.push(("p", precision.id().to_string()));
        }
        AcceleratorInUse::Custom(custom) => {
            fields.push(("g", "custom".to_string()));
            fields.push(("pk", number(custom.peak_flops_per_s)));
            if let Some(memory) = custom.memory_bytes {
                fields.push(("mem", memory.to_string()));
            }
        }
    }
    fields.push(("n", scenario.n_accelerators.to_string()));
    let band = scenario.mfu;
    fields.push((
        "u",
        if band.low == band.high {
            number(band.low)
        } else {
            format!("{},{}", number(band.low), number(band.high))
        },
    ));
    fields.push((
        "usd",
        match scenario.price {
            PriceChoice::Default => "default".to_string(),
            PriceChoice::Listed(price) => format!("q:{}", quote_slug(price)),
            PriceChoice::Custom(typed) => format!(
                "{}@{}",
                number(typed.usd_per_accelerator_hour),
                typed.accelerator_id
            ),
        },
    ));
    fields.push(("c", scenario.convention.key()));
    encode_layout(scenario, &mut fields);
    let sort = |s: Option<Sort>| s.map_or_else(|| "none".to_string(), Sort::id);
    fields.push(("sa", sort(scenario.sorts.by_accelerator)));
    fields.push(("sc", sort(scenario.sorts.by_count)));
    let energy = &scenario.energy;
    fields.push(("pue", number(energy.pue)));
    fields.push((
        "pw",
        match energy.power {
            PowerFactor::Custom(f) => number(f),
            other => other.id(),
        },
    ));
    fields.push((
        "grid",
        match energy.grid {
            Grid::Region(r) => r.id.to_string(),
            Grid::Custom(kg) => number(kg),
        },
    ));
    fields.push((
        "co2",
        if energy.market_based {
            "market"
        } else {
            "location"
        }
        .to_string(),
    ));
    let body = fields
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!("{body}&k={}", check(&body))
}

/// The end mark: FNV-1a (32-bit) of everything before `&k=`, in hex. A link
/// cut short or edited by hand no longer matches it, which is the only way to
/// tell `b=1` from a cut `b=16`.
fn check(body: &str) -> String {
    let hash = body.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

/// Reads a fragment (with or without the leading `#`). Never fails; see the
/// module doc.
pub fn decode(fragment: &str) -> Decoded {
    decode_with(fragment, Scenario::default(), |id| {
        ModelChoice::preset(id).map(|(model, _)| model)
    })
}

/// [`decode`], given the scenario a link starts from and how a preset id
/// becomes a model. The page passes presets it parsed at build time, so that
/// opening a link never needs the config parser.
pub fn decode_with(
    fragment: &str,
    default: Scenario,
    preset: impl Fn(&str) -> Option<ModelChoice>,
) -> Decoded {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut scenario = default;
    let mut notices = Vec::new();
    if fragment.len() > MAX_FRAGMENT_BYTES {
        notices.push(LinkError::TooLong {
            len: fragment.len(),
        });
        return Decoded { scenario, notices };
    }
    let fields = Fields::parse(fragment);
    if fields.is_empty() {
        return Decoded { scenario, notices };
    }
    match fragment.rsplit_once("&k=") {
        Some((body, mark)) if check(body) == mark => {}
        Some(_) => notices.push(LinkError::Damaged),
        None => notices.push(LinkError::Unmarked),
    }
    let legacy = match fields.get("v") {
        None => {
            notices.push(LinkError::MissingVersion);
            true
        }
        Some("1") => true,
        Some(VERSION) | Some("2") => false,
        Some(other) => {
            notices.push(LinkError::UnknownVersion(clip(other)));
            false
        }
    };
    let mut reader = Reader {
        fields: &fields,
        notices: &mut notices,
    };
    read_model(&mut reader, &mut scenario, legacy, preset);
    read_tokens(&mut reader, &mut scenario);
    read_seq_len(&mut reader, &mut scenario);
    read_accelerator(&mut reader, &mut scenario);
    read_count(&mut reader, &mut scenario);
    read_mfu(&mut reader, &mut scenario);
    read_price(&mut reader, &mut scenario);
    read_convention(&mut reader, &mut scenario);
    read_token_source(&mut reader, &mut scenario);
    read_sorts(&mut reader, &mut scenario);
    // Before version 3 (and a link without a version but without layout
    // settings): recomputation on/off and one bytes-per-parameter figure.
    let before_layouts = match fields.get("v") {
        Some("1" | "2") => true,
        None => fields.get("tp").is_none(),
        Some(_) => false,
    };
    if before_layouts {
        if fields.get("v").is_some() {
            reader.notices.push(LinkError::MadeBeforeLayouts);
        }
        read_recompute_v1(&mut reader, &mut scenario);
        read_bytes_per_param_v1(&mut reader, &mut scenario);
    } else {
        read_layout(&mut reader, &mut scenario);
    }
    read_energy(&mut reader, &mut scenario);
    Decoded {
        scenario,
        notices: group_missing(notices),
    }
}

/// The shortest text that parses back to exactly `x`.
fn number(x: f64) -> String {
    let plain = format!("{x}");
    let exp = format!("{x:e}");
    if exp.len() < plain.len() {
        exp
    } else {
        plain
    }
}

fn encode_spec(spec: &ModelSpec) -> String {
    let json = serde_json::to_string(spec).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

fn decode_spec(text: &str) -> Result<ModelSpec, String> {
    if text.len() > MAX_SPEC_CHARS {
        return Err(format!(
            "is {} characters long, over the {MAX_SPEC_CHARS}-character limit for a model",
            text.len()
        ));
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| "is not valid base64url, perhaps cut short".to_string())?;
    let spec: ModelSpec = serde_json::from_slice(&bytes)
        .map_err(|_| "is damaged or cut short and cannot be read".to_string())?;
    params::validate(&spec).map_err(|e| format!("describes an invalid model ({e})"))?;
    Ok(spec)
}

/// A stable text for a listed price: `provider/sku/pricing/date`, lower-case,
/// with every other character a `-`. It is unique among an accelerator's quotes
/// (the same SKU is often quoted on demand and as spot, and again when a new
/// price supersedes an old one), and a quote keeps it when a later one
/// supersedes it, so the link keeps meaning the price it was made with.
fn quote_slug(price: &hardware::CloudPrice) -> String {
    slug(&format!(
        "{}/{}/{}/{}",
        price.provider,
        price.sku,
        price.pricing.label(),
        price.date
    ))
}

/// The first release's slug, `provider/sku`. It is not unique, so links that
/// carry it are read as they always were: the first quote it matches.
fn legacy_quote_slug(price: &hardware::CloudPrice) -> String {
    slug(&format!("{}/{}", price.provider, price.sku))
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Shows at most 40 characters of a bad value.
fn clip(value: &str) -> String {
    let mut clipped: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        clipped.push('…');
    }
    clipped
}

/// The fragment's `key=value` pairs, percent-decoded; the first of a repeated
/// key wins.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(fragment: &str) -> Fields {
        Fields(
            fragment
                .split('&')
                .filter(|part| !part.is_empty())
                .map(|part| {
                    let (k, v) = part.split_once('=').unwrap_or((part, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect(),
        )
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes `%XX` escapes (chat apps add them); anything malformed stays as is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads one field at a time, recording a notice for each bad or missing one.
struct Reader<'a> {
    fields: &'a Fields,
    notices: &'a mut Vec<LinkError>,
}

impl Reader<'_> {
    /// The field's value, or a `Missing` notice.
    fn required(&mut self, key: &'static str, what: &'static str, default: String) -> Option<&str> {
        let value = self.fields.get(key);
        if value.is_none() {
            self.notices.push(LinkError::Missing { key, what, default });
        }
        value
    }

    fn invalid(
        &mut self,
        key: &'static str,
        what: &'static str,
        value: &str,
        rule: &str,
        default: String,
    ) {
        self.notices.push(LinkError::Invalid {
            key,
            what,
            value: clip(value),
            rule: rule.to_string(),
            default,
        });
    }

    /// A finite number in `[min, max]`, or a notice.
    fn number(
        &mut self,
        key: &'static str,
        what: &'static str,
        shown: &str,
        min: f64,
        max: f64,
    ) -> Option<f64> {
        let value = self.required(key, what, shown.to_string())?.to_string();
        match value.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= min && x <= max => Some(x),
            Ok(_) => {
                self.invalid(
                    key,
                    what,
                    &value,
                    &format!("is outside {}–{}", number(min), number(max)),
                    shown.to_string(),
                );
                None
            }
            Err(_) => {
                self.invalid(key, what, &value, "is not a number", shown.to_string());
                None
            }
        }
    }
}

fn read_model(
    reader: &mut Reader,
    scenario: &mut Scenario,
    legacy: bool,
    preset: impl Fn(&str) -> Option<ModelChoice>,
) {
    // The scenario is still the default one: its model is the fallback.
    let default_name = scenario.model.name();
    let default = || default_name.clone();
    if let Some(spec_text) = reader.fields.get("spec").map(str::to_string) {
        match decode_spec(&spec_text) {
            Ok(mut spec) => {
                if legacy && spec.model_type != "custom" {
                    let approximate = spec.generic.is_none()
                        && !LEGACY_FAMILY_TYPES.contains(&spec.model_type.as_str());
                    if approximate {
                        spec.generic = Some(Box::default());
                    }
                    reader.notices.push(LinkError::OlderModel { approximate });
                }
                scenario.model = ModelChoice::custom(spec);
            }
            Err(rule) => reader.invalid("spec", "model", &spec_text, &rule, default()),
        }
        return;
    }
    let Some(id) = reader.required("m", "model", default()).map(str::to_string) else {
        return;
    };
    match preset(&id) {
        Some(model) => scenario.model = model,
        None => reader.invalid("m", "model", &id, "is not a known preset", default()),
    }
}

fn read_tokens(reader: &mut Reader, scenario: &mut Scenario) {
    let shown = crate::format::count(scenario.n_tokens);
    if let Some(x) = reader.number("t", "token count", &shown, MIN_TOKENS, MAX_TOKENS) {
        scenario.n_tokens = x;
    }
}

fn read_seq_len(reader: &mut Reader, scenario: &mut Scenario) {
    let shown = scenario.seq_len().to_string();
    let Some(value) = reader
        .required("s", "sequence length", shown.clone())
        .map(str::to_string)
    else {
        return;
    };
    if value == "model" {
        scenario.seq_len = None;
        return;
    }
    match value.parse::<u64>() {
        Ok(s) if (1..=MAX_SEQ_LEN).contains(&s) => scenario.seq_len = Some(s),
        _ => reader.invalid(
            "s",
            "sequence length",
            &value,
            &format!("is not a whole number from 1 to {MAX_SEQ_LEN}"),
            shown,
        ),
    }
}

fn read_accelerator(reader: &mut Reader, scenario: &mut Scenario) {
    let shown = scenario.accelerator.name().to_string();
    let Some(id) = reader
        .required("g", "accelerator", shown.clone())
        .map(str::to_string)
    else {
        return;
    };
    if id == "custom" {
        // One notice, for the peak, naming what replaces the whole accelerator.
        let Some(peak) = reader.number(
            "pk",
            "peak for its custom accelerator",
            &shown,
            MIN_PEAK_FLOPS_PER_S,
            MAX_PEAK_FLOPS_PER_S,
        ) else {
            return;
        };
        let memory_bytes = match reader.fields.get("mem").map(str::to_string) {
            None => None,
            Some(text) => match text.parse::<u64>() {
                Ok(bytes) if bytes > 0 => Some(bytes),
                _ => {
                    reader.invalid(
                        "mem",
                        "memory for its custom accelerator",
                        &text,
                        "is not a positive whole number of bytes",
                        "no memory check".to_string(),
                    );
                    None
                }
            },
        };
        scenario.accelerator = AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: peak,
            memory_bytes,
        });
        return;
    }
    let Some(accelerator) = hardware::find(&id) else {
        reader.invalid("g", "accelerator", &id, "is not in the catalog", shown);
        return;
    };
    let default_precision = hardware::default_precision(accelerator);
    let precision = match reader.fields.get("p").map(str::to_string) {
        None => default_precision,
        Some(text) => match Precision::from_id(&text).filter(|p| accelerator.supports(*p)) {
            Some(p) => p,
            None => {
                reader.invalid(
                    "p",
                    "precision",
                    &text,
                    &format!("is not one {} supports", accelerator.name),
                    default_precision.label().to_string(),
                );
                default_precision
            }
        },
    };
    scenario.accelerator = AcceleratorInUse::Catalog {
        accelerator,
        precision,
    };
}

fn read_count(reader: &mut Reader, scenario: &mut Scenario) {
    let shown = scenario.n_accelerators.to_string();
    let Some(value) = reader
        .required("n", "accelerator count", shown.clone())
        .map(str::to_string)
    else {
        return;
    };
    match value.parse::<u64>() {
        Ok(n) if (1..=MAX_ACCELERATORS).contains(&n) => scenario.n_accelerators = n,
        _ => reader.invalid(
            "n",
            "accelerator count",
            &value,
            &format!("is not a whole number from 1 to {MAX_ACCELERATORS}"),
            shown,
        ),
    }
}

fn read_mfu(reader: &mut Reader, scenario: &mut Scenario) {
    let shown = crate::format::percent(scenario.mfu.low);
    let Some(value) = reader
        .required("u", "MFU", shown.clone())
        .map(str::to_string)
    else {
        return;
    };
    let parse = |s: &str| {
        s.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= MIN_MFU && *x <= 1.0)
    };
    let band = match value.split_once(',') {
        None => parse(&value).map(MfuBand::point),
        Some((low, high)) => match (parse(low), parse(high)) {
            (Some(low), Some(high)) => Some(MfuBand { low, high }.ordered()),
            _ => None,
        },
    };
    match band {
        Some(band) => scenario.mfu = band,
        None => reader.invalid(
            "u",
            "MFU",
            &value,
            "is not an MFU above 0 and up to 100 %, or a band of two",
            shown,
        ),
    }
}

fn read_price(reader: &mut Reader, scenario: &mut Scenario) {
    let Some(value) = reader
        .required(
            "usd",
            "price",
            "the accelerator's default quote".to_string(),
        )
        .map(str::to_string)
    else {
        return;
    };
    if value == "default" {
        scenario.price = PriceChoice::Default;
    } else if let Some(slug) = value.strip_prefix("q:") {
        let id = scenario.accelerator.id();
        let found = hardware::prices_for(id)
            .find(|p| quote_slug(p) == slug)
            .or_else(|| hardware::prices_for(id).find(|p| legacy_quote_slug(p) == slug));
        match found {
            Some(price) => scenario.price = PriceChoice::Listed(price),
            None => reader.invalid(
                "usd",
                "price",
                &value,
                "is not a quote known for this accelerator",
                "the accelerator's default quote".to_string(),
            ),
        }
    } else {
        let (amount, typed_for) = match value.split_once('@') {
            Some((amount, id)) => (amount, Some(id)),
            None => (value.as_str(), None),
        };
        let usd = match amount.parse::<f64>() {
            Ok(usd) if usd.is_finite() && usd > 0.0 && usd <= MAX_PRICE_USD => usd,
            _ => {
                reader.invalid(
                    "usd",
                    "price",
                    &value,
                    "is not a positive price per accelerator-hour",
                    "the accelerator's default quote".to_string(),
                );
                return;
            }
        };
        let here = scenario.accelerator;
        let price = crate::format::price_per_hour(usd);
        let typed_for = match typed_for {
            // A link from before prices named their accelerator: the price
            // was for the link's accelerator, as it always meant.
            None => {
                reader.notices.push(LinkError::PriceFromEarlierLink {
                    price,
                    accelerator: here.name().to_string(),
                });
                here.id()
            }
            Some(id) if id == here.id() => here.id(),
            Some(id) => {
                let name = match hardware::find(id) {
                    Some(a) => a.name,
                    None if id == "custom" => "Custom accelerator",
                    None => id,
                };
                reader.notices.push(LinkError::PriceForAnother {
                    price,
                    typed_for: clip(name),
                    accelerator: here.name().to_string(),
                    now: crate::scenario::now_priced(&here),
                });
                return;
            }
        };
        scenario.price = PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour: usd,
            accelerator_id: typed_for,
        });
    }
}

fn read_convention(reader: &mut Reader, scenario: &mut Scenario) {
    let shown = scenario.convention.label();
    let Some(value) = reader
        .required("c", "FLOPs convention", shown.clone())
        .map(str::to_string)
    else {
        return;
    };
    match Convention::from_key(&value) {
        Some(c) => scenario.convention = c,
        None => reader.invalid(
            "c",
            "FLOPs convention",
            &value,
            "is not a counting convention flopcast knows",
            shown,
        ),
    }
}

fn read_recompute_v1(reader: &mut Reader, scenario: &mut Scenario) {
    let Some(value) = reader
        .required("r", "recomputation setting", "none".to_string())
        .map(str::to_string)
    else {
        return;
    };
    match value.as_str() {
        "0" => scenario.layout.recompute = Recompute::None,
        "1" => scenario.layout.recompute = Recompute::Full,
        _ => reader.invalid(
            "r",
            "recomputation setting",
            &value,
            "is neither on nor off",
            "none".to_string(),
        ),
    }
}

fn read_bytes_per_param_v1(reader: &mut Reader, scenario: &mut Scenario) {
    let shown = format!("{} bytes per parameter", scenario.memory.state.total());
    if let Some(x) = reader.number(
        "b",
        "training-state size",
        &shown,
        MIN_BYTES_PER_PARAM,
        MAX_BYTES_PER_PARAM,
    ) {
        scenario.memory.state = BytesPerParam::from_total(x);
    }
}

// ---------------------------------------------------------------------------
// Version 2: the layout, the batch, the memory settings and goodput.
// ---------------------------------------------------------------------------

/// Largest bytes per parameter for one of weights, gradients or optimizer.
const MAX_STATE_BYTES: f64 = 1_000.0;
/// Largest runtime overhead a link may carry (1 TB).
const MAX_RUNTIME_BYTES: f64 = 1e12;
/// Largest global batch a link may carry, in tokens.
const MAX_GLOBAL_BATCH: u64 = 1 << 50;

fn encode_layout(scenario: &Scenario, fields: &mut Vec<(&str, String)>) {
    let l = &scenario.layout;
    let m = &scenario.memory;
    let flag = |b: bool| if b { "1" } else { "0" }.to_string();
    fields.push(("r", l.recompute.id().to_string()));
    fields.push((
        "b",
        format!(
            "{},{},{}",
            number(m.state.weights),
            number(m.state.gradients),
            number(m.state.optimizer)
        ),
    ));
    fields.push(("al", flag(scenario.auto_layout)));
    fields.push(("tp", l.tp.to_string()));
    fields.push(("pp", l.pp.to_string()));
    fields.push(("cp", l.cp.to_string()));
    fields.push(("ep", l.ep.to_string()));
    fields.push(("z", l.zero.stage().to_string()));
    fields.push(("mb", l.micro_batch.to_string()));
    fields.push(("vpp", l.interleave.to_string()));
    fields.push(("sp", flag(l.sequence_parallel)));
    fields.push(("at", l.attention.id().to_string()));
    fields.push(("ker", m.kernels.id().to_string()));
    fields.push((
        "gb",
        match scenario.global_batch {
            GlobalBatch::Auto => "auto".to_string(),
            GlobalBatch::Tokens(t) => t.to_string(),
        },
    ));
    fields.push((
        "oh",
        format!(
            "{},{}",
            number(m.overhead.runtime_bytes),
            number(m.overhead.fragmentation)
        ),
    ));
    fields.push(("gp", number(scenario.goodput)));
    fields.push(("bub", flag(scenario.mfu_includes_bubble)));
}

impl Reader<'_> {
    /// A field that must be one of `ids`; `None` (with a notice) otherwise.
    fn choice<T: Copy>(
        &mut self,
        key: &'static str,
        what: &'static str,
        shown: &str,
        parse: impl Fn(&str) -> Option<T>,
        rule: &str,
    ) -> Option<T> {
        let value = self.required(key, what, shown.to_string())?.to_string();
        let parsed = parse(&value);
        if parsed.is_none() {
            self.invalid(key, what, &value, rule, shown.to_string());
        }
        parsed
    }

    /// A whole number in `[min, max]`.
    fn whole(
        &mut self,
        key: &'static str,
        what: &'static str,
        shown: u64,
        min: u64,
        max: u64,
    ) -> Option<u64> {
        self.choice(
            key,
            what,
            &shown.to_string(),
            |v| v.parse::<u64>().ok().filter(|x| (min..=max).contains(x)),
            &format!("is not a whole number from {min} to {max}"),
        )
    }

    fn flag(&mut self, key: &'static str, what: &'static str, shown: bool) -> Option<bool> {
        self.choice(
            key,
            what,
            if shown { "on" } else { "off" },
            |v| match v {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
            "is not 0 or 1",
        )
    }
}

fn read_layout(reader: &mut Reader, scenario: &mut Scenario) {
    let d = scenario.clone();
    let l = &mut scenario.layout;
    if let Some(r) = reader.choice(
        "r",
        "recomputation setting",
        d.layout.recompute.id(),
        Recompute::from_id,
        "is not none, selective or full",
    ) {
        l.recompute = r;
    }
    let state = d.memory.state;
    let shown_state = format!(
        "{} + {} + {} bytes per parameter",
        state.weights, state.gradients, state.optimizer
    );
    if let Some(b) = reader.choice(
        "b",
        "bytes per parameter",
        &shown_state,
        |v| {
            let parts: Vec<f64> = v
                .split(',')
                .map(|x| {
                    x.parse::<f64>()
                        .ok()
                        .filter(|b| b.is_finite() && (0.0..=MAX_STATE_BYTES).contains(b))
                })
                .collect::<Option<Vec<f64>>>()?;
            match parts[..] {
                [weights, gradients, optimizer] if weights + gradients + optimizer > 0.0 => {
                    Some(BytesPerParam {
                        weights,
                        gradients,
                        optimizer,
                    })
                }
                _ => None,
            }
        },
        "is not three byte counts (weights, gradients, optimizer) such as 2,2,12",
    ) {
        scenario.memory.state = b;
    }
    let l = &mut scenario.layout;
    if let Some(on) = reader.flag("al", "automatic layout", d.auto_layout) {
        scenario.auto_layout = on;
    }
    for (key, what, slot, max) in [
        ("tp", "TP", &mut l.tp, MAX_DEGREE),
        ("pp", "PP", &mut l.pp, MAX_DEGREE),
        ("cp", "CP", &mut l.cp, MAX_DEGREE),
        ("ep", "EP", &mut l.ep, MAX_DEGREE),
        ("mb", "micro-batch", &mut l.micro_batch, MAX_MICRO_BATCH),
        ("vpp", "interleaving (v)", &mut l.interleave, MAX_INTERLEAVE),
    ] {
        if let Some(x) = reader.whole(key, what, *slot, 1, max) {
            *slot = x;
        }
    }
    if let Some(z) = reader.choice(
        "z",
        "ZeRO stage",
        &d.layout.zero.stage().to_string(),
        |v| v.parse::<u64>().ok().and_then(Zero::from_stage),
        "is not 0, 1, 2 or 3",
    ) {
        l.zero = z;
    }
    if let Some(on) = reader.flag("sp", "sequence parallelism", d.layout.sequence_parallel) {
        l.sequence_parallel = on;
    }
    if let Some(a) = reader.choice(
        "at",
        "attention kernel",
        d.layout.attention.id(),
        AttnKernel::from_id,
        "is not sdpa or eager",
    ) {
        l.attention = a;
    }
    if let Some(k) = reader.choice(
        "ker",
        "kernels",
        d.memory.kernels.id(),
        Kernels::from_id,
        "is not fused or eager",
    ) {
        scenario.memory.kernels = k;
    }
    if let Some(b) = reader.choice(
        "gb",
        "global batch",
        "auto",
        |v| match v {
            "auto" => Some(GlobalBatch::Auto),
            _ => v
                .parse::<u64>()
                .ok()
                .filter(|t| (1..=MAX_GLOBAL_BATCH).contains(t))
                .map(GlobalBatch::Tokens),
        },
        &format!("is not auto or a whole number of tokens from 1 to {MAX_GLOBAL_BATCH}"),
    ) {
        scenario.global_batch = b;
    }
    let o = d.memory.overhead;
    if let Some(overhead) = reader.choice(
        "oh",
        "memory overhead",
        &format!("{} bytes and {} fragmentation", o.runtime_bytes, o.fragmentation),
        |v| {
            let (runtime, fraction) = v.split_once(',')?;
            let runtime = runtime.parse::<f64>().ok().filter(|x| x.is_finite() && (0.0..=MAX_RUNTIME_BYTES).contains(x))?;
            let fraction = fraction.parse::<f64>().ok().filter(|x| x.is_finite() && (0.0..=1.0).contains(x))?;
            Some(Overhead {
                runtime_bytes: runtime,
                fragmentation: fraction,
            })
        },
        "is not a runtime size in bytes and a fragmentation fraction from 0 to 1, such as 2000000000,0.05",
    ) {
        scenario.memory.overhead = overhead;
    }
    if let Some(g) = reader.number(
        "gp",
        "goodput",
        &crate::format::percent(d.goodput),
        MIN_GOODPUT,
        1.0,
    ) {
        scenario.goodput = g;
    }
    if let Some(on) = reader.flag(
        "bub",
        "whether the MFU includes the pipeline bubble",
        d.mfu_includes_bubble,
    ) {
        scenario.mfu_includes_bubble = on;
    }
}

/// `ts=`: where the token count comes from (`typed`, `chinchilla`, or
/// `published:<preset>`, the preset whose published count it is). A link
/// without it (made before sources were recorded) has a typed count, as it
/// always meant. The count is always the link's own: a published figure
/// revised since does not change it (the notes then call it typed, see
/// [`crate::notes::tokens_note`]).
fn read_token_source(reader: &mut Reader, scenario: &mut Scenario) {
    let Some(value) = reader.fields.get("ts").map(str::to_string) else {
        scenario.tokens_source = TokenSource::Typed;
        return;
    };
    scenario.tokens_source = match value.as_str() {
        "typed" => TokenSource::Typed,
        text if text.starts_with("published") => {
            let published = match text.strip_prefix("published:") {
                Some(id) => published_tokens(id),
                None => published_for(&scenario.model),
            };
            published.map_or(TokenSource::Typed, TokenSource::Published)
        }
        "chinchilla" => TokenSource::Chinchilla,
        _ => {
            reader.invalid(
                "ts",
                "token source",
                &value,
                "is not typed, published or Chinchilla",
                "typed".to_string(),
            );
            TokenSource::Typed
        }
    };
}

/// `sa=` and `sc=`: how the two tables are sorted. A link without them (made
/// before sorts travelled) shows the tables in their own order.
fn read_sorts(reader: &mut Reader, scenario: &mut Scenario) {
    for (key, what, table) in [
        ("sa", "by-accelerator sort", TableKind::ByAccelerator),
        ("sc", "by-count sort", TableKind::ByCount),
    ] {
        let Some(value) = reader.fields.get(key).map(str::to_string) else {
            continue;
        };
        let sort = match value.as_str() {
            "none" => None,
            text => match Sort::from_id(text) {
                Some(sort) => Some(sort),
                None => {
                    reader.invalid(
                        key,
                        what,
                        &value,
                        "is not a column to sort by",
                        "the table's own order".to_string(),
                    );
                    None
                }
            },
        };
        scenario.apply(crate::scenario::Change::Sort(table, sort));
    }
}

/// `pue=`, `pw=`, `grid=` and `co2=`: the energy and emissions settings. A
/// link with none of them was made before they travelled: it opens with the
/// defaults and one notice saying so. A link with some of them was cut or
/// edited: each missing one gets its own notice, as any other field.
fn read_energy(reader: &mut Reader, scenario: &mut Scenario) {
    let defaults = EnergySettings::default();
    if ["pue", "pw", "grid", "co2"]
        .iter()
        .all(|key| reader.fields.get(key).is_none())
    {
        scenario.energy = defaults;
        reader.notices.push(LinkError::EnergyFromEarlierLink {
            defaults: defaults.describe(),
        });
        return;
    }
    let shown_pue = crate::format::plain(defaults.pue);
    if let Some(pue) = reader.number("pue", "PUE", &shown_pue, MIN_PUE, MAX_PUE) {
        scenario.energy.pue = pue;
    }
    if let Some(value) = reader
        .required("pw", "power setting", "board power (TDP)".to_string())
        .map(str::to_string)
    {
        let power = match value.as_str() {
            "tdp" => Some(PowerFactor::Tdp),
            "measured" => Some(PowerFactor::MeasuredAverage),
            text => text
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && (MIN_POWER_FACTOR..=MAX_POWER_FACTOR).contains(f))
                .map(PowerFactor::Custom),
        };
        match power {
            Some(power) => scenario.energy.power = power,
            None => reader.invalid(
                "pw",
                "power setting",
                &value,
                "is not board power, the measured average, or a fraction of board power from 0.01 to 2",
                "board power (TDP)".to_string(),
            ),
        }
    }
    let shown_grid = defaults.grid.describe();
    if let Some(value) = reader
        .required("grid", "grid", shown_grid.clone())
        .map(str::to_string)
    {
        let grid = match energy::region(&value) {
            Some(region) => Some(Grid::Region(region)),
            None => value
                .parse::<f64>()
                .ok()
                .filter(|kg| kg.is_finite() && (0.0..=MAX_GRID_KG_PER_KWH).contains(kg))
                .map(Grid::Custom),
        };
        match grid {
            Some(grid) => scenario.energy.grid = grid,
            None => reader.invalid(
                "grid",
                "grid",
                &value,
                "is neither a region flopcast knows nor an intensity from 0 to 2 kg CO₂e per kWh",
                shown_grid,
            ),
        }
    }
    if let Some(value) = reader
        .required("co2", "emissions accounting", "location-based".to_string())
        .map(str::to_string)
    {
        match value.as_str() {
            "location" => scenario.energy.market_based = false,
            "market" => scenario.energy.market_based = true,
            _ => reader.invalid(
                "co2",
                "emissions accounting",
                &value,
                "is neither location- nor market-based",
                "location-based".to_string(),
            ),
        }
    }
}
