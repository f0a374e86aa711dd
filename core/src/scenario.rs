//! A scenario is everything a person sets: the model, the token budget, the
//! hardware, the utilisation, the price and the counting convention. It is
//! valid by construction (every field already checked at the edge: the config
//! parser, the form fields, the link decoder), so [`crate::estimate::estimate`]
//! is a total function of it.
//!
//! It deliberately holds no results and no UI state (raw text of fields, which
//! table is sorted how): those are derived or belong to the page.

use crate::config::{parse_config, Assumption};
use crate::cost::MfuBand;
use crate::flops::Convention;
use crate::hardware::{AcceleratorInUse, CloudPrice, PriceUsed};
use crate::memory::DEFAULT_BYTES_PER_PARAM;
use crate::model::ModelSpec;
use crate::presets::{self, Preset};

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

    /// The name the page shows: the preset's, or "Custom model (llama)".
    pub fn name(&self) -> String {
        match self.preset {
            Some(preset) => preset.name.to_string(),
            None => format!("Custom model ({})", self.spec.model_type()),
        }
    }
}

/// Which price per accelerator-hour to use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PriceChoice {
    /// The accelerator's default quote (none for a custom accelerator).
    Default,
    /// A specific listed quote for the accelerator.
    Listed(&'static CloudPrice),
    /// The user's own price, USD per accelerator-hour.
    Custom(f64),
}

impl PriceChoice {
    /// The price this choice resolves to on `accelerator`; `None` when there is
    /// no price (a custom accelerator, or one with no known quote).
    pub fn resolve(&self, accelerator: &AcceleratorInUse) -> Option<PriceUsed> {
        match *self {
            PriceChoice::Default => accelerator.default_price(),
            PriceChoice::Listed(price) => Some(PriceUsed::Listed(price)),
            PriceChoice::Custom(usd_per_accelerator_hour) => Some(PriceUsed::Custom {
                usd_per_accelerator_hour,
            }),
        }
    }
}

/// Everything the estimate needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub model: ModelChoice,
    /// Training tokens, D.
    pub n_tokens: f64,
    /// Sequence length S; `None` means the model's context length.
    pub seq_len: Option<u64>,
    pub accelerator: AcceleratorInUse,
    pub n_accelerators: u64,
    /// Model FLOPs utilisation, a single value or a band.
    pub mfu: MfuBand,
    pub price: PriceChoice,
    pub convention: Convention,
    /// Full activation recomputation: hardware FLOPs are forward × 4, not × 3.
    pub recompute: bool,
    /// Training-state bytes per parameter (16 for mixed-precision Adam).
    pub bytes_per_param: f64,
}

/// The preset the page opens with.
pub const DEFAULT_PRESET: &str = "llama-3.1-8b";
/// The accelerator the page opens with.
pub const DEFAULT_ACCELERATOR: &str = "h100-sxm5-80gb";
/// Llama 3.1's published budget: about 15T tokens.
pub const DEFAULT_TOKENS: f64 = 15e12;
/// Llama 3's pre-training sequence length.
pub const DEFAULT_SEQ_LEN: u64 = 8_192;
pub const DEFAULT_ACCELERATORS: u64 = 1_024;
pub const DEFAULT_MFU: f64 = 0.4;

impl Default for Scenario {
    /// Llama 3.1 8B on 15T tokens, 1,024 H100s at 40 % MFU: a real-sized run
    /// that the page can show a result for before anyone types anything.
    fn default() -> Scenario {
        let (model, _) = ModelChoice::preset(DEFAULT_PRESET)
            .expect("the default preset parses (tested: default_scenario_is_valid)");
        let accelerator = AcceleratorInUse::from_catalog(DEFAULT_ACCELERATOR, None)
            .expect("the default accelerator is in the catalog (tested)");
        Scenario {
            model,
            n_tokens: DEFAULT_TOKENS,
            seq_len: Some(DEFAULT_SEQ_LEN),
            accelerator,
            n_accelerators: DEFAULT_ACCELERATORS,
            mfu: MfuBand::point(DEFAULT_MFU),
            price: PriceChoice::Default,
            convention: Convention::DEFAULT,
            recompute: false,
            bytes_per_param: DEFAULT_BYTES_PER_PARAM,
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

    /// The price in use, if any.
    pub fn price_used(&self) -> Option<PriceUsed> {
        self.price.resolve(&self.accelerator)
    }
}

/// One edit to a scenario, as the page's inputs make them. Applying a change
/// keeps the scenario valid: a new accelerator keeps the precision only if it
/// supports it, and drops a listed price that belongs to another accelerator.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Model(ModelChoice),
    Tokens(f64),
    SeqLen(Option<u64>),
    Accelerator(AcceleratorInUse),
    Precision(crate::hardware::Precision),
    Count(u64),
    Mfu(MfuBand),
    Price(PriceChoice),
    Convention(Convention),
    Recompute(bool),
    BytesPerParam(f64),
    /// Replace everything (loading a published run, say).
    All(Box<Scenario>),
}

/// The sequence length a model starts with: [`DEFAULT_SEQ_LEN`], or its
/// context when that is shorter (GPT-2's 1,024, BERT's 512).
pub fn default_seq_len(context_len: u64) -> u64 {
    DEFAULT_SEQ_LEN.min(context_len.max(1))
}

impl Scenario {
    /// Applies one change.
    pub fn apply(&mut self, change: Change) {
        match change {
            Change::Model(model) => {
                // S follows the model unless it was typed: a sequence length
                // that was the old model's default becomes the new model's, and
                // one longer than the new model's context is cut to it.
                let old_default = default_seq_len(self.model.spec.context_len());
                self.model = model;
                let context = self.model.spec.context_len().max(1);
                if let Some(s) = self.seq_len {
                    if s == old_default {
                        self.seq_len = Some(default_seq_len(context));
                    } else if s > context {
                        self.seq_len = Some(context);
                    }
                }
            }
            Change::Tokens(n) => self.n_tokens = n,
            Change::SeqLen(s) => self.seq_len = s,
            Change::Accelerator(accelerator) => {
                let precision = self.accelerator.precision();
                self.accelerator = match (accelerator, precision) {
                    (AcceleratorInUse::Catalog { accelerator: a, .. }, Some(p))
                        if a.supports(p) =>
                    {
                        AcceleratorInUse::Catalog {
                            accelerator: a,
                            precision: p,
                        }
                    }
                    _ => accelerator,
                };
                if let PriceChoice::Listed(price) = self.price {
                    if price.accelerator_id != self.accelerator.id() {
                        self.price = PriceChoice::Default;
                    }
                }
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
            Change::Convention(convention) => self.convention = convention,
            Change::Recompute(on) => self.recompute = on,
            Change::BytesPerParam(b) => self.bytes_per_param = b,
            Change::All(scenario) => *self = *scenario,
        }
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn custom_models_are_named_by_their_type() {
        let (choice, _) = ModelChoice::preset("gpt2").unwrap();
        let custom = ModelChoice::custom(choice.spec);
        assert_eq!(custom.name(), "Custom model (gpt2)");
    }

    #[test]
    fn switching_accelerator_keeps_a_supported_precision_and_drops_a_foreign_quote() {
        use crate::hardware::{prices_for, Precision};
        let mut scenario = Scenario::default();
        scenario.apply(Change::Precision(Precision::Fp8));
        let quote = prices_for(DEFAULT_ACCELERATOR).next().unwrap();
        scenario.apply(Change::Price(PriceChoice::Listed(quote)));
        let a100 = AcceleratorInUse::from_catalog("a100-sxm4-80gb", None).unwrap();
        scenario.apply(Change::Accelerator(a100));
        // the A100 has no FP8: its default precision is used
        assert_eq!(scenario.accelerator.precision(), Some(Precision::Bf16));
        assert_eq!(scenario.price, PriceChoice::Default);
        let h200 = AcceleratorInUse::from_catalog("h200-sxm-141gb", None).unwrap();
        scenario.apply(Change::Precision(Precision::Fp16));
        scenario.apply(Change::Accelerator(h200));
        assert_eq!(scenario.accelerator.precision(), Some(Precision::Fp16));
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
            price: PriceChoice::Custom(2.5),
            ..Scenario::default()
        };
        assert_eq!(
            scenario.price_used().map(|p| p.usd_per_accelerator_hour()),
            Some(2.5)
        );
    }
}
