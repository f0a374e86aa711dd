//! A scenario is everything a person sets: the model, the token budget, the
//! hardware, the utilisation, the price, the counting convention, the energy
//! settings (PUE, power, grid, accounting), and how the
//! two time & cost tables are sorted (sorts travel in the link, so a shared
//! link shows the table as it was). It is valid by construction (every field
//! already checked at the edge: the config parser, the form fields, the link
//! decoder), so [`crate::estimate::estimate`] is a total function of it.
//!
//! [`Scenario::apply`] is the one place the rules for an edit live, for the
//! page and the CLI alike: the token count follows the model unless it was
//! typed, the sequence length follows the model unless it was typed, a new
//! accelerator keeps the precision only if it supports it, and a typed or
//! listed price stays with the accelerator it was given for. Each rule that
//! changes something the person set says so in a [`Notice`].
//!
//! It deliberately holds no results and no UI state beyond the sorts (raw text
//! of fields, which section is open): those are derived or belong to the page.

use std::sync::OnceLock;

use serde::Serialize;

use crate::budgets::{published_tokens, PublishedTokens};
use crate::config::{parse_config, Assumption};
use crate::cost::MfuBand;
use crate::energy::{EnergySettings, Grid, PowerFactor};
use crate::flops::Convention;
use crate::format;
use crate::hardware::{AcceleratorInUse, CloudPrice, Precision, PriceUsed};
use crate::memory::activations::Recompute;
use crate::memory::breakdown::MemorySettings;
use crate::memory::layout::{GlobalBatch, Layout};
use crate::memory::BytesPerParam;
use crate::model::ModelSpec;
use crate::params::count_params;
use crate::presets::{self, Preset};
use crate::tables::{Sort, TableKind};

pub use crate::defaults::{
    default_seq_len, DEFAULT_ACCELERATOR, DEFAULT_ACCELERATORS, DEFAULT_GOODPUT, DEFAULT_MFU,
    DEFAULT_PRESET, DEFAULT_SEQ_LEN, DEFAULT_TOKENS,
};

/// The model being trained: a validated spec, and the preset it came from
/// when it is an unedited preset (links then carry only the preset's id).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelChoice {
    pub preset: Option<&'static Preset>,
    pub spec: ModelSpec,
}

impl ModelChoice {
    /// The preset with this id, parsed, with the assumptions its config needed.
    /// `None` when no preset has that id.
    pub fn preset(id: &str) -> Option<(ModelChoice, Vec<Assumption>)> {
        let preset = presets::find(id)?;
        let parsed = parse_config(preset.config).ok()?;
        Some((
            ModelChoice {
                preset: Some(preset),
                spec: parsed.spec,
            },
            parsed.assumptions,
        ))
    }

    /// A model given by its spec (a pasted config, a link, manual dimensions).
    pub fn custom(spec: ModelSpec) -> ModelChoice {
        ModelChoice { preset: None, spec }
    }

    /// The preset this model is, or has the structure of: the preset itself,
    /// or for a pasted config the preset whose spec is identical apart from
    /// the family name and the context length (a pasted Qwen2.5-7B config,
    /// or its Instruct twin, is Qwen2.5 7B).
    pub fn matching_preset(&self) -> Option<&'static Preset> {
        self.preset.or_else(|| matching_preset(&self.spec))
    }

    /// The name the page shows: the preset's; for a pasted config with a
    /// preset's structure, "qwen2 config matching Qwen2.5 7B"; otherwise
    /// "Custom model (llama)".
    pub fn name(&self) -> String {
        match (self.preset, matching_preset(&self.spec)) {
            (Some(preset), _) => preset.name.to_string(),
            (None, Some(preset)) => {
                format!("{} config matching {}", self.spec.model_type(), preset.name)
            }
            (None, None) => format!("Custom model ({})", self.spec.model_type()),
        }
    }
}

/// Every preset with its spec.
pub type PresetSpecs = Vec<(&'static Preset, ModelSpec)>;

/// Every preset's spec: parsed once (feature `parse-presets`), or as given to
/// [`give_preset_specs`].
fn preset_specs() -> &'static [(&'static Preset, ModelSpec)] {
    static SPECS: OnceLock<PresetSpecs> = OnceLock::new();
    SPECS.get_or_init(|| match GIVEN_SPECS.get() {
        Some(given) => given(),
        #[cfg(feature = "parse-presets")]
        None => presets::PRESETS
            .iter()
            .filter_map(|p| parse_config(p.config).ok().map(|parsed| (p, parsed.spec)))
            .collect(),
        #[cfg(not(feature = "parse-presets"))]
        None => Vec::new(),
    })
}

/// Where the presets' specs come from when they are not parsed here.
static GIVEN_SPECS: OnceLock<fn() -> PresetSpecs> = OnceLock::new();

/// Gives the presets' specs (from `specs`, called on first use) to
/// [`ModelChoice::matching_preset`] instead of parsing their configs: the page
/// brings them parsed at build time, so it links no config parser to start.
/// The first call wins; call it before the first use.
pub fn give_preset_specs(specs: fn() -> PresetSpecs) {
    let _ = GIVEN_SPECS.set(specs);
}

/// The spec with the fields that do not change the structure set aside: the
/// family name and the context length (which only the default sequence
/// length reads).
fn structure(spec: &ModelSpec) -> ModelSpec {
    ModelSpec {
        model_type: String::new(),
        context_len: 0,
        ..spec.clone()
    }
}

/// The first preset whose structure equals `spec`'s.
fn matching_preset(spec: &ModelSpec) -> Option<&'static Preset> {
    let wanted = structure(spec);
    preset_specs()
        .iter()
        .find(|(_, preset_spec)| {
            preset_spec.d_model == spec.d_model
                && preset_spec.vocab_size == spec.vocab_size
                && structure(preset_spec) == wanted
        })
        .map(|&(preset, _)| preset)
}

/// A price the user typed, with the accelerator it was typed for: a typed
/// price belongs to one accelerator and does not follow the user to another.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TypedPrice {
    pub usd_per_accelerator_hour: f64,
    /// The catalog id of the accelerator it was typed for, or `"custom"`.
    pub accelerator_id: &'static str,
}

/// Which price per accelerator-hour to use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PriceChoice {
    /// The accelerator's default quote (none for a custom accelerator).
    Default,
    /// A specific listed quote for the accelerator.
    Listed(&'static CloudPrice),
    /// The user's own price, for the accelerator it was typed for.
    Custom(TypedPrice),
}

impl PriceChoice {
    /// The price this choice resolves to on `accelerator`; `None` when there is
    /// no price (a custom accelerator, or one with no known quote). A typed
    /// price or a quote for another accelerator does not apply: the
    /// accelerator's default is used ([`Scenario::apply`] never leaves one
    /// there; this is the guard for a scenario built by hand).
    pub fn resolve(&self, accelerator: &AcceleratorInUse) -> Option<PriceUsed> {
        match *self {
            PriceChoice::Listed(price) if price.accelerator_id == accelerator.id() => {
                Some(PriceUsed::Listed(price))
            }
            PriceChoice::Custom(typed) if typed.accelerator_id == accelerator.id() => {
                Some(PriceUsed::Custom {
                    usd_per_accelerator_hour: typed.usd_per_accelerator_hour,
                })
            }
            _ => accelerator.default_price(),
        }
    }
}

/// Where the training-token count comes from. The count itself is
/// [`Scenario::n_tokens`]; the source says whether it follows the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TokenSource {
    /// Typed by the person (or given on the command line, or read from a link
    /// made before sources were recorded): it stays when the model changes.
    Typed,
    /// A preset's published count. It follows the model to another preset's
    /// published count; a pasted config keeps it and is offered Chinchilla's.
    Published(&'static PublishedTokens),
    /// 20 tokens per active parameter (Hoffmann et al. 2022): follows the model.
    Chinchilla,
}

/// How each time & cost table is sorted; `None` keeps the table's own order
/// (the catalog's, or ascending count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct TableSorts {
    pub by_accelerator: Option<Sort>,
    pub by_count: Option<Sort>,
}

impl TableSorts {
    /// The sort of one table.
    pub fn of(&self, table: TableKind) -> Option<Sort> {
        match table {
            TableKind::ByAccelerator => self.by_accelerator,
            TableKind::ByCount => self.by_count,
        }
    }
}

/// Everything the estimate needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub model: ModelChoice,
    /// Training tokens, D.
    pub n_tokens: f64,
    /// Where `n_tokens` comes from, and so whether it follows the model.
    pub tokens_source: TokenSource,
    /// Sequence length S; `None` means the model's context length.
    pub seq_len: Option<u64>,
    pub accelerator: AcceleratorInUse,
    pub n_accelerators: u64,
    /// Model FLOPs utilisation, a single value or a band.
    pub mfu: MfuBand,
    pub price: PriceChoice,
    pub convention: Convention,
    /// How the time & cost tables are sorted.
    pub sorts: TableSorts,
    /// PUE, power factor, grid and accounting for energy and emissions.
    pub energy: EnergySettings,
    /// The parallel layout: TP, PP, CP, EP, ZeRO, micro-batch, interleaving,
    /// sequence parallelism, recomputation and attention kernel. With
    /// `auto_layout`, TP, PP and ZeRO are the search's first fitting choice
    /// ([`crate::memory::search`]) and only the rest is read from here.
    pub layout: Layout,
    /// TP, PP and ZeRO are chosen by the layout search (the default).
    pub auto_layout: bool,
    /// Tokens per optimizer step.
    pub global_batch: GlobalBatch,
    /// Bytes per parameter, the overhead line and the kernels.
    pub memory: MemorySettings,
    /// Goodput: the fraction of wall-clock time that trains (failures,
    /// restarts and checkpoints take the rest); 1 means none lost.
    pub goodput: f64,
    /// The MFU typed already includes the pipeline bubble (it was measured
    /// over whole steps, as published MFUs are); otherwise the bubble is
    /// added to the time.
    pub mfu_includes_bubble: bool,
}

impl Default for Scenario {
    /// Llama 3.1 8B on its published 15T tokens, 1,024 H100s at the default
    /// MFU ([`DEFAULT_MFU`], with its source in [`crate::defaults`]): a
    /// real-sized run that the page can show a result for before anyone types
    /// anything.
    fn default() -> Scenario {
        let (model, _) = ModelChoice::preset(DEFAULT_PRESET)
            .expect("the default preset parses (tested: default_scenario_is_valid)");
        Scenario::default_for(model)
    }
}

impl Scenario {
    /// The default settings (the published token count, 1,024 H100s at the
    /// default MFU…) for `model`. With the default preset it is
    /// [`Scenario::default`]; the page passes that preset parsed at build
    /// time, so it never parses a config to start.
    pub fn default_for(model: ModelChoice) -> Scenario {
        let accelerator = AcceleratorInUse::from_catalog(DEFAULT_ACCELERATOR, None)
            .expect("the default accelerator is in the catalog (tested)");
        // The model's published budget when there is one (15T for Llama 3.1).
        let published = model.preset.and_then(|p| published_tokens(p.id));
        let (n_tokens, tokens_source) = match published {
            Some(p) => (p.n_tokens, TokenSource::Published(p)),
            None => (DEFAULT_TOKENS, TokenSource::Typed),
        };
        let seq_len = default_seq_len(model.spec.context_len());
        Scenario {
            model,
            n_tokens,
            tokens_source,
            seq_len: Some(seq_len),
            accelerator,
            n_accelerators: DEFAULT_ACCELERATORS,
            mfu: MfuBand::point(DEFAULT_MFU),
            price: PriceChoice::Default,
            convention: Convention::DEFAULT,
            sorts: TableSorts::default(),
            energy: EnergySettings::default(),
            layout: Layout::default(),
            auto_layout: true,
            global_batch: GlobalBatch::Auto,
            memory: MemorySettings::default(),
            goodput: DEFAULT_GOODPUT,
            mfu_includes_bubble: true,
        }
    }
}

impl Scenario {
    /// The sequence length in use: the one set, or the model's context length.
    pub fn seq_len(&self) -> u64 {
        self.seq_len
            .unwrap_or_else(|| self.model.spec.context_len())
            .max(1)
    }

    /// A warning when the sequence length is longer than the model's context.
    pub fn seq_len_warning(&self) -> Option<String> {
        let s = self.seq_len();
        let context = self.model.spec.context_len();
        (s > context).then(|| {
            format!(
                "Sequence length {} is longer than {}'s context of {}: the model as configured \
                 cannot train on it, and the attention terms (Kaplan, dense, causal) count it \
                 anyway.",
                format::grouped_u64(s),
                self.model.name(),
                format::grouped_u64(context)
            )
        })
    }

    /// The price in use, if any.
    pub fn price_used(&self) -> Option<PriceUsed> {
        self.price.resolve(&self.accelerator)
    }

    /// What the price box shows: always the price in use, exactly
    /// (`"2.00"`, `"6.155"`), or empty when there is none.
    pub fn price_shown(&self) -> String {
        self.price_used().map_or_else(String::new, |p| {
            format::price_input(p.usd_per_accelerator_hour())
        })
    }

    /// The line under the price box: the price in use in words and where it
    /// comes from, or that there is no public price.
    ///
    /// - "$2.50 per hour: your price for the H100 SXM5 80GB."
    /// - "$6.155 per hour: CoreWeave HGX H100 (8 GPU), on demand, quoted 2026-09-20 (the default quote)."
    /// - "No public price for the TPU v4: type one to see the cost."
    pub fn price_echo(&self) -> String {
        let default = match self.price {
            PriceChoice::Default => " (the default quote)",
            _ => "",
        };
        match self.price_used() {
            Some(PriceUsed::Custom {
                usd_per_accelerator_hour,
            }) => format!(
                "{}: your price for the {}.",
                format::price_per_hour(usd_per_accelerator_hour),
                self.accelerator.name()
            ),
            Some(PriceUsed::Listed(q)) => format!(
                "{}: {} {}{}, {}, quoted {}{default}.",
                format::price_per_hour(q.usd_per_accelerator_hour),
                q.provider,
                q.sku,
                q.region.map(|r| format!(" ({r})")).unwrap_or_default(),
                q.pricing.label(),
                q.date
            ),
            None => no_price_text(&self.accelerator),
        }
    }

    /// The recomputation in use.
    pub fn recompute(&self) -> Recompute {
        self.layout.recompute
    }

    /// The global batch a paper states for this model, in tokens (unedited
    /// presets only).
    pub fn published_global_batch(&self) -> Option<u64> {
        self.model
            .preset
            .and_then(|p| crate::memory::layout::published_global_batch(p.id))
            .map(|b| b.tokens)
    }
}

/// "No public price for the TPU v4: type one to see the cost."
fn no_price_text(accelerator: &AcceleratorInUse) -> String {
    match accelerator {
        AcceleratorInUse::Custom(_) => {
            "A custom accelerator has no public price: type one to see the cost.".to_string()
        }
        AcceleratorInUse::Catalog { accelerator, .. } => format!(
            "No public price for the {}: type one to see the cost.",
            accelerator.name
        ),
    }
}

/// One edit to a scenario, as the page's inputs and the CLI's flags make
/// them. [`Scenario::apply`] keeps the scenario valid.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Model(ModelChoice),
    /// A typed token count (it stays when the model changes).
    Tokens(f64),
    /// The Chinchilla-optimal count, 20 per active parameter, following the model.
    ChinchillaTokens,
    /// The preset's published count, following the model (nothing happens
    /// for a model without one).
    PublishedTokens,
    SeqLen(Option<u64>),
    Accelerator(AcceleratorInUse),
    Precision(Precision),
    Count(u64),
    Mfu(MfuBand),
    /// A price choice as is (a typed price keeps the accelerator it names).
    Price(PriceChoice),
    /// A price typed now, for the accelerator in use.
    TypedPrice(f64),
    Convention(Convention),
    /// How one table is sorted; `None` for its own order.
    Sort(TableKind, Option<Sort>),
    /// The datacenter's PUE (checked by [`crate::fields::pue`]).
    Pue(f64),
    /// How much of board power the accelerators draw.
    Power(PowerFactor),
    /// The grid the run draws from.
    Grid(Grid),
    /// Market-based (0 with renewable matching) or location-based emissions.
    MarketBased(bool),
    /// Recomputation (a layout setting the search keeps).
    Recompute(Recompute),
    /// A layout typed or applied: the layout becomes manual.
    Layout(Layout),
    /// Let the search choose TP, PP and ZeRO again (or stop).
    AutoLayout(bool),
    /// A layout setting the search keeps (CP, EP, micro-batch, interleaving,
    /// sequence parallelism, attention kernel) edited: the layout becomes
    /// this one, and stays automatic if it was (the search then chooses TP,
    /// PP and ZeRO around the new setting).
    LayoutKept(Layout),
    GlobalBatch(GlobalBatch),
    /// Bytes per parameter (one of the presets or typed).
    State(BytesPerParam),
    Memory(MemorySettings),
    Goodput(f64),
    MfuIncludesBubble(bool),
    /// Replace everything (loading a published run, say).
    All(Box<Scenario>),
}

/// What an edit did beyond what was asked, in words, with a one-click way to
/// get what the person may have wanted instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub offer: Option<Offer>,
}

/// A one-click choice: a label for its button and the change it makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub label: String,
    pub change: Change,
}

impl Notice {
    fn text(text: String) -> Notice {
        Notice { text, offer: None }
    }
}

/// The Chinchilla-optimal count for a spec: 20 tokens per active parameter.
pub fn chinchilla_tokens(spec: &ModelSpec) -> f64 {
    crate::flops::chinchilla_tokens(count_params(spec).active.max(1) as f64)
}

/// The published count that goes with a model: its preset's, or the
/// preset's whose structure it has.
pub fn published_for(model: &ModelChoice) -> Option<&'static PublishedTokens> {
    model
        .matching_preset()
        .and_then(|preset| published_tokens(preset.id))
}

impl Scenario {
    /// Applies one change and says what it did beyond what was asked (an
    /// empty list when nothing).
    ///
    /// - **Model**: a token count that was not typed follows the model (its
    ///   published count; Chinchilla's for a preset with none; a pasted config
    ///   keeps the count and is offered Chinchilla's). A sequence length that
    ///   was the old model's default becomes the new one's; a typed one longer
    ///   than the new context is cut to it.
    /// - **Accelerator**: the precision stays if the new accelerator supports
    ///   it, else its default is used. A typed price or a listed quote stays
    ///   only on the accelerator it was given for; on another, the new
    ///   accelerator's default quote is used (or none), and the notice offers
    ///   the typed price for the new accelerator too.
    pub fn apply(&mut self, change: Change) -> Vec<Notice> {
        let mut notices = Vec::new();
        match change {
            Change::Model(model) => {
                self.model_changed(model, &mut notices);
            }
            Change::Tokens(n) => {
                self.n_tokens = n;
                self.tokens_source = TokenSource::Typed;
            }
            Change::ChinchillaTokens => {
                self.n_tokens = chinchilla_tokens(&self.model.spec);
                self.tokens_source = TokenSource::Chinchilla;
            }
            Change::PublishedTokens => {
                if let Some(published) = published_for(&self.model) {
                    self.n_tokens = published.n_tokens;
                    self.tokens_source = TokenSource::Published(published);
                }
            }
            Change::SeqLen(s) => self.seq_len = s,
            Change::Accelerator(accelerator) => {
                self.accelerator_changed(accelerator, &mut notices);
            }
            Change::Precision(precision) => {
                if let AcceleratorInUse::Catalog { accelerator, .. } = self.accelerator {
                    if accelerator.supports(precision) {
                        self.accelerator = AcceleratorInUse::Catalog {
                            accelerator,
                            precision,
                        };
                    }
                }
            }
            Change::Count(n) => self.n_accelerators = n.max(1),
            Change::Mfu(band) => self.mfu = band.ordered(),
            Change::Price(price) => self.price = price,
            Change::TypedPrice(usd_per_accelerator_hour) => {
                self.price = PriceChoice::Custom(TypedPrice {
                    usd_per_accelerator_hour,
                    accelerator_id: self.accelerator.id(),
                });
            }
            Change::Convention(convention) => self.convention = convention,
            Change::Sort(table, sort) => match table {
                TableKind::ByAccelerator => self.sorts.by_accelerator = sort,
                TableKind::ByCount => self.sorts.by_count = sort,
            },
            Change::Pue(pue) => self.energy.pue = pue,
            Change::Power(power) => self.energy.power = power,
            Change::Grid(grid) => self.energy.grid = grid,
            Change::MarketBased(on) => self.energy.market_based = on,
            Change::Recompute(r) => self.layout.recompute = r,
            Change::Layout(layout) => {
                self.layout = layout;
                self.auto_layout = false;
            }
            Change::AutoLayout(on) => self.auto_layout = on,
            Change::LayoutKept(layout) => self.layout = layout,
            Change::GlobalBatch(batch) => self.global_batch = batch,
            Change::State(state) => self.memory.state = state,
            Change::Memory(settings) => self.memory = settings,
            Change::Goodput(g) => self.goodput = g,
            Change::MfuIncludesBubble(on) => self.mfu_includes_bubble = on,
            Change::All(scenario) => *self = *scenario,
        }
        notices
    }

    fn model_changed(&mut self, model: ModelChoice, notices: &mut Vec<Notice>) {
        // S follows the model unless it was typed: a sequence length that was
        // the old model's default becomes the new model's, and one longer than
        // the new model's context is cut to it.
        let old_default = default_seq_len(self.model.spec.context_len());
        self.model = model;
        let context = self.model.spec.context_len().max(1);
        if let Some(s) = self.seq_len {
            if s == old_default {
                self.seq_len = Some(default_seq_len(context));
            } else if s > context {
                self.seq_len = Some(context);
                notices.push(Notice::text(format!(
                    "Sequence length {} is longer than {}'s context: cut to {}.",
                    format::grouped_u64(s),
                    self.model.name(),
                    format::grouped_u64(context)
                )));
            }
        }
        let chinchilla = chinchilla_tokens(&self.model.spec);
        let use_chinchilla = Offer {
            label: format!(
                "Use the Chinchilla-optimal {} tokens (20 per parameter)",
                format::count(chinchilla)
            ),
            change: Change::ChinchillaTokens,
        };
        match self.tokens_source {
            TokenSource::Typed => {}
            TokenSource::Chinchilla => self.n_tokens = chinchilla,
            TokenSource::Published(_) => match published_for(&self.model) {
                Some(published) => {
                    self.n_tokens = published.n_tokens;
                    self.tokens_source = TokenSource::Published(published);
                }
                None if self.model.preset.is_some() => {
                    self.n_tokens = chinchilla;
                    self.tokens_source = TokenSource::Chinchilla;
                    notices.push(Notice::text(format!(
                        "{} has no published token count: training tokens are the \
                         Chinchilla-optimal {} (20 per parameter, Hoffmann et al. 2022).",
                        self.model.name(),
                        format::count(chinchilla)
                    )));
                }
                None => notices.push(Notice {
                    text: format!(
                        "Training tokens stay at {}, the previous model's published count; \
                         the Chinchilla-optimal count for this model is {} (20 per parameter, \
                         Hoffmann et al. 2022).",
                        format::count(self.n_tokens),
                        format::count(chinchilla)
                    ),
                    offer: Some(use_chinchilla),
                }),
            },
        }
    }

    fn accelerator_changed(&mut self, accelerator: AcceleratorInUse, notices: &mut Vec<Notice>) {
        let old = self.accelerator;
        let precision = old.precision();
        self.accelerator = match (accelerator, precision) {
            (AcceleratorInUse::Catalog { accelerator: a, .. }, Some(p)) if a.supports(p) => {
                AcceleratorInUse::Catalog {
                    accelerator: a,
                    precision: p,
                }
            }
            _ => accelerator,
        };
        if let (Some(wanted), Some(used)) = (precision, self.accelerator.precision()) {
            if wanted != used && old.id() != self.accelerator.id() {
                notices.push(Notice::text(format!(
                    "The {} has no dense {} figure: {} is used.",
                    self.accelerator.name(),
                    wanted.label(),
                    used.label()
                )));
            }
        }
        if old.id() == self.accelerator.id() {
            return;
        }
        let what = match self.price {
            PriceChoice::Default => return,
            PriceChoice::Listed(q) if q.accelerator_id == self.accelerator.id() => return,
            PriceChoice::Custom(t) if t.accelerator_id == self.accelerator.id() => return,
            PriceChoice::Listed(q) => format!(
                "The {} {} quote ({}) was for the {}",
                q.provider,
                q.sku,
                format::price_per_hour(q.usd_per_accelerator_hour),
                old.name()
            ),
            PriceChoice::Custom(t) => format!(
                "Your {} was for the {}",
                format::price_per_hour(t.usd_per_accelerator_hour),
                old.name()
            ),
        };
        let carried = match self.price {
            PriceChoice::Listed(q) => q.usd_per_accelerator_hour,
            PriceChoice::Custom(t) => t.usd_per_accelerator_hour,
            PriceChoice::Default => return,
        };
        self.price = PriceChoice::Default;
        notices.push(Notice {
            text: format!("{what}; {}", now_priced(&self.accelerator)),
            offer: Some(Offer {
                label: format!(
                    "Use {} for the {} too",
                    format::price_per_hour(carried),
                    self.accelerator.name()
                ),
                change: Change::TypedPrice(carried),
            }),
        });
    }
}

/// How an accelerator is priced once a price given for another is dropped:
/// "the MI300X uses its default quote, $2.00 per hour (…)" or "the MI300X has
/// no public price — type one."
pub(crate) fn now_priced(accelerator: &AcceleratorInUse) -> String {
    match accelerator.default_price() {
        Some(p) => {
            let detail = match p {
                PriceUsed::Listed(q) => format!(" ({} {}, {})", q.provider, q.sku, q.date),
                PriceUsed::Custom { .. } => String::new(),
            };
            format!(
                "the {} uses its default quote, {}{detail}.",
                accelerator.name(),
                format::price_per_hour(p.usd_per_accelerator_hour())
            )
        }
        None => format!(
            "the {} has no public price — type one to see the cost.",
            accelerator.name()
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_scenario_is_the_default_settings_for_the_default_preset() {
        let (model, _) = ModelChoice::preset(DEFAULT_PRESET).unwrap();
        assert_eq!(Scenario::default_for(model), Scenario::default());
        let (gpt2, _) = ModelChoice::preset("gpt2").unwrap();
        assert_eq!(Scenario::default_for(gpt2).seq_len(), 1_024);
    }

    use super::*;

    #[test]
    fn default_scenario_is_valid() {
        let scenario = Scenario::default();
        assert_eq!(scenario.model.preset.map(|p| p.id), Some(DEFAULT_PRESET));
        assert_eq!(scenario.accelerator.id(), DEFAULT_ACCELERATOR);
        assert!(scenario.price_used().is_some());
        assert_eq!(scenario.seq_len(), DEFAULT_SEQ_LEN);
    }

    #[test]
    fn every_preset_parses() {
        for preset in presets::PRESETS {
            assert!(
                ModelChoice::preset(preset.id).is_some(),
                "preset {} does not parse",
                preset.id
            );
        }
    }

    /// A typed sequence length exactly the new model's context fits it: it
    /// stays, with no notice; one token more is cut, with one.
    #[test]
    fn a_typed_sequence_length_is_cut_only_when_longer_than_the_new_context() {
        let (llama2, _) = ModelChoice::preset("llama-2-7b").unwrap();
        let context = llama2.spec.context_len();
        for (typed, cut) in [(context, false), (context + 1, true)] {
            let mut s = Scenario {
                seq_len: Some(typed),
                ..Scenario::default()
            };
            let notices = s.apply(Change::Model(llama2.clone()));
            assert_eq!(s.seq_len, Some(typed.min(context)));
            assert_eq!(
                notices.iter().any(|n| n.text.contains("is longer than")),
                cut,
                "{typed}: {notices:?}"
            );
        }
    }

    /// `give_preset_specs` is process-wide and its first call wins, so it
    /// is tested in a process of its own: this test runs itself again as a
    /// child, which gives the specs before anything reads them.
    #[test]
    fn given_preset_specs_replace_the_parsed_ones() {
        const CHILD: &str = "FLOPCAST_GIVEN_SPECS_CHILD";
        if std::env::var_os(CHILD).is_some() {
            // Qwen2.5 7B's structure, given under GPT-2's preset.
            fn given() -> PresetSpecs {
                let qwen = presets::find("qwen2.5-7b").expect("the preset");
                let spec = parse_config(qwen.config).expect("it parses").spec;
                vec![(presets::find("gpt2").expect("the preset"), spec)]
            }
            fn nothing() -> PresetSpecs {
                Vec::new()
            }
            give_preset_specs(given);
            give_preset_specs(nothing); // too late: the first call wins
            let (qwen, _) = ModelChoice::preset("qwen2.5-7b").unwrap();
            let pasted = ModelChoice::custom(qwen.spec);
            assert_eq!(pasted.matching_preset().map(|p| p.id), Some("gpt2"));
            assert_eq!(pasted.name(), "qwen2 config matching GPT-2 (124M)");
            return;
        }
        let name = concat!(
            module_path!(),
            "::given_preset_specs_replace_the_parsed_ones"
        );
        let name = name.split_once("::").expect("a crate name").1;
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([name, "--exact", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .expect("the test binary runs again");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "the child failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn custom_models_are_named_by_their_type() {
        let (choice, _) = ModelChoice::preset("gpt2").unwrap();
        let mut spec = choice.spec;
        spec.d_model += 64;
        let custom = ModelChoice::custom(spec);
        assert_eq!(custom.name(), "Custom model (gpt2)");
        assert_eq!(custom.matching_preset(), None);
        // Another family name over the same structure is still the preset.
        let (llama, _) = ModelChoice::preset("llama-3.1-8b").unwrap();
        let mut renamed = llama.spec.clone();
        renamed.model_type = "mistral".into();
        let renamed = ModelChoice::custom(renamed);
        assert_eq!(
            renamed.matching_preset().map(|p| p.id),
            Some("llama-3.1-8b")
        );
        // The preset's width and vocabulary with half its layers is not it.
        let (choice, _) = ModelChoice::preset("llama-3.1-8b").unwrap();
        let mut spec = choice.spec;
        spec.stacks[0].groups[0].count /= 2;
        assert_eq!(ModelChoice::custom(spec).matching_preset(), None);
    }

    #[test]
    fn a_pasted_config_with_a_presets_structure_is_named_after_it() {
        let (qwen, _) = ModelChoice::preset("qwen2.5-7b").unwrap();
        let pasted = ModelChoice::custom(qwen.spec.clone());
        assert_eq!(pasted.name(), "qwen2 config matching Qwen2.5 7B");
        assert_eq!(pasted.matching_preset().map(|p| p.id), Some("qwen2.5-7b"));
        // the Instruct twin differs only in its context length: same structure
        let mut instruct = qwen.spec;
        instruct.context_len = 32_768;
        let twin = ModelChoice::custom(instruct);
        assert_eq!(twin.matching_preset().map(|p| p.id), Some("qwen2.5-7b"));
        // and it brings the preset's published count
        assert_eq!(published_for(&twin).map(|p| p.n_tokens), Some(18e12));
    }

    #[test]
    fn switching_accelerator_keeps_a_supported_precision_and_drops_a_foreign_quote() {
        use crate::hardware::{prices_for, Precision};
        let mut scenario = Scenario::default();
        scenario.apply(Change::Precision(Precision::Fp8));
        let quote = prices_for(DEFAULT_ACCELERATOR).next().unwrap();
        scenario.apply(Change::Price(PriceChoice::Listed(quote)));
        let a100 = AcceleratorInUse::from_catalog("a100-sxm4-80gb", None).unwrap();
        let notices = scenario.apply(Change::Accelerator(a100));
        // the A100 has no FP8: its default precision is used, and that is said
        assert_eq!(scenario.accelerator.precision(), Some(Precision::Bf16));
        let said = |n: &[Notice]| n.iter().any(|n| n.text.contains("has no dense FP8 figure"));
        assert!(said(&notices), "{notices:?}");
        assert_eq!(scenario.price, PriceChoice::Default);
        let h200 = AcceleratorInUse::from_catalog("h200-sxm-141gb", None).unwrap();
        scenario.apply(Change::Precision(Precision::Fp16));
        scenario.apply(Change::Accelerator(h200));
        assert_eq!(scenario.accelerator.precision(), Some(Precision::Fp16));
    }

    #[test]
    fn a_price_typed_for_the_accelerator_switched_to_is_kept() {
        // Built by hand, as a link or a page may hold it: the H100 scenario with
        // a price typed for the A100 (which `resolve` sets aside) or a quote for
        // it. Switching to the A100 puts either to use, with no notice.
        let a100 = AcceleratorInUse::from_catalog("a100-sxm4-80gb", None).unwrap();
        let quote = crate::hardware::default_price("a100-sxm4-80gb").expect("an A100 quote");
        let typed = PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour: 1.0,
            accelerator_id: "a100-sxm4-80gb",
        });
        for price in [typed, PriceChoice::Listed(quote)] {
            let mut scenario = Scenario {
                price,
                ..Scenario::default()
            };
            let notices = scenario.apply(Change::Accelerator(a100));
            assert!(notices.is_empty(), "{notices:?}");
            assert_eq!(scenario.price, price);
            assert_eq!(
                scenario.price_used().map(|p| p.usd_per_accelerator_hour()),
                Some(match price {
                    PriceChoice::Custom(_) => 1.0,
                    _ => quote.usd_per_accelerator_hour,
                })
            );
        }
    }

    #[test]
    fn the_sequence_length_follows_the_model_unless_typed() {
        let preset = |id: &str| ModelChoice::preset(id).unwrap().0;
        let mut scenario = Scenario::default();
        assert_eq!(scenario.seq_len(), 8_192);
        // GPT-2 has 1,024 positions: the default follows it down...
        scenario.apply(Change::Model(preset("gpt2")));
        assert_eq!(scenario.seq_len(), 1_024);
        // ...and back up for a long-context model.
        scenario.apply(Change::Model(preset("llama-3.1-8b")));
        assert_eq!(scenario.seq_len(), 8_192);
        // A typed length stays, unless the new model cannot take it.
        scenario.apply(Change::SeqLen(Some(4_096)));
        scenario.apply(Change::Model(preset("qwen3-8b")));
        assert_eq!(scenario.seq_len(), 4_096);
        scenario.apply(Change::Model(preset("bert-base")));
        assert_eq!(scenario.seq_len(), 512);
        // "The model's context" stays what it says.
        scenario.apply(Change::SeqLen(None));
        scenario.apply(Change::Model(preset("gpt2")));
        assert_eq!(scenario.seq_len, None);
        assert_eq!(scenario.seq_len(), 1_024);
    }

    #[test]
    fn a_custom_price_overrides_the_default() {
        let scenario = Scenario {
            price: PriceChoice::Custom(TypedPrice {
                usd_per_accelerator_hour: 2.5,
                accelerator_id: DEFAULT_ACCELERATOR,
            }),
            ..Scenario::default()
        };
        assert_eq!(
            scenario.price_used().map(|p| p.usd_per_accelerator_hour()),
            Some(2.5)
        );
    }

    #[test]
    fn a_quote_chosen_for_the_accelerator_in_use_prices_it() {
        let quotes: Vec<_> = crate::hardware::prices_for(DEFAULT_ACCELERATOR).collect();
        let default = crate::hardware::default_price(DEFAULT_ACCELERATOR).expect("a quote");
        let other = quotes
            .iter()
            .copied()
            .find(|q| q.usd_per_accelerator_hour != default.usd_per_accelerator_hour)
            .expect("two H100 quotes that differ");
        let scenario = Scenario {
            price: PriceChoice::Listed(other),
            ..Scenario::default()
        };
        assert_eq!(scenario.price_used(), Some(PriceUsed::Listed(other)));
    }

    #[test]
    fn a_quote_or_a_price_for_another_accelerator_gives_way_to_the_default() {
        // Built by hand (`apply` never leaves one there): the default H100 scenario
        // with the A100's default quote, or with a price typed for the A100.
        // Neither prices an H100-hour, so the H100's default quote is used.
        let a100 = crate::hardware::default_price("a100-sxm4-80gb").expect("an A100 quote");
        let h100 = crate::hardware::default_price(DEFAULT_ACCELERATOR).expect("an H100 quote");
        assert_ne!(a100.usd_per_accelerator_hour, h100.usd_per_accelerator_hour);
        for price in [
            PriceChoice::Listed(a100),
            PriceChoice::Custom(TypedPrice {
                usd_per_accelerator_hour: 1.0,
                accelerator_id: "a100-sxm4-80gb",
            }),
        ] {
            let scenario = Scenario {
                price,
                ..Scenario::default()
            };
            assert_eq!(scenario.price_used(), Some(PriceUsed::Listed(h100)));
        }
    }

    #[test]
    fn a_setting_the_search_keeps_leaves_the_layout_automatic() {
        let mut s = Scenario::default();
        let layout = Layout {
            micro_batch: 2,
            ..s.layout
        };
        s.apply(Change::LayoutKept(layout));
        assert!(s.auto_layout);
        assert_eq!(s.layout.micro_batch, 2);
        s.apply(Change::Layout(Layout { tp: 2, ..layout }));
        assert!(!s.auto_layout);
        s.apply(Change::LayoutKept(Layout { cp: 2, ..s.layout }));
        assert!(!s.auto_layout, "a manual layout stays manual");
        assert_eq!((s.layout.tp, s.layout.cp), (2, 2));
    }
}
