//! The estimate: everything the page and the CLI show for one [`Scenario`].
//!
//! [`estimate`] is a total function: the scenario is valid by construction, so
//! nothing here can fail. It composes the other modules (parameters, FLOPs,
//! time and cost, memory, tables) and writes out each headline figure's
//! formula with the scenario's numbers substituted.
//!
//! It deliberately formats nothing but those formulas; the page and the CLI
//! choose how figures read through [`crate::format`].

use serde::Serialize;

use crate::cost::{time_and_cost_band, TimeCostBand, TimeCostInputs};
use crate::energy::{energy_estimate, model_card_block, EnergyEstimate};
use crate::flops::{self, Convention, FlopBreakdown, NBasis};
use crate::format::{self, Worked};
use crate::hardware::{AcceleratorInUse, PriceUsed, CATALOG};
use crate::memory::{memory_fit, MemoryFit};
use crate::params::{count_params, ParamCounts};
use crate::scenario::PriceChoice;
use crate::scenario::Scenario;
use crate::tables::{by_accelerator, by_count, Table, TableKind, Workload};

/// One PF-day: 10^15 FLOP/s for a day.
pub const PF_DAY_FLOP: f64 = 8.64e19;
/// GPT-3 175B's training compute (Brown et al. 2020): 3.14e23 FLOP.
pub const GPT3_TRAINING_FLOP: f64 = 3.14e23;
/// The EU AI Act's presumption of systemic risk (Art. 51(2)): 10^25 FLOP.
pub const EU_AI_ACT_THRESHOLD_FLOP: f64 = 1e25;
/// Chinchilla-optimal tokens per parameter (Hoffmann et al. 2022), about 20.
pub const CHINCHILLA_TOKENS_PER_PARAM: f64 = 20.0;

/// Every convention the page compares, in the order it shows them.
pub const CONVENTIONS: [Convention; 6] = [
    Convention::SixN(NBasis::Active),
    Convention::SixN(NBasis::Total),
    Convention::SixN(NBasis::NonEmbedding),
    Convention::Kaplan,
    Convention::Dense,
    Convention::Causal,
];

/// One convention's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConventionFigures {
    pub convention: Convention,
    /// Forward FLOPs per token.
    pub forward_per_token: f64,
    /// Training (model) FLOPs per token: forward × 3.
    pub training_per_token: f64,
    /// Training (model) FLOPs for the whole token budget.
    pub training_flops: f64,
    /// Relative difference from the chosen convention: 0.1 means 10 % more.
    pub vs_chosen: f64,
}

/// Where a FLOP total sits among familiar landmarks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Landmarks {
    pub pf_days: f64,
    pub gpt3_multiple: f64,
    /// At or above the EU AI Act's 10^25 FLOP presumption threshold.
    pub over_eu_ai_act_threshold: bool,
}

impl Landmarks {
    pub fn of(flops: f64) -> Landmarks {
        Landmarks {
            pf_days: flops / PF_DAY_FLOP,
            gpt3_multiple: flops / GPT3_TRAINING_FLOP,
            over_eu_ai_act_threshold: flops >= EU_AI_ACT_THRESHOLD_FLOP,
        }
    }
}

/// Training compute for the token budget under the chosen convention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Training {
    pub n_tokens: f64,
    /// Model FLOPs: forward × 3 per token. Time and MFU use these.
    pub model_flops: f64,
    /// Hardware FLOPs: forward × 4 per token with full recomputation, else
    /// equal to the model FLOPs.
    pub hardware_flops: f64,
    pub tokens_per_param: f64,
    pub chinchilla_tokens: f64,
    pub landmarks: Landmarks,
}

/// The hardware figures used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HardwareUsed {
    pub accelerator: AcceleratorInUse,
    pub peak_flops_per_s: f64,
    pub price: Option<PriceUsed>,
    pub n_accelerators: u64,
}

/// Each headline figure's formula with the scenario's numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Formulas {
    pub training_flops: Worked,
    pub time: Worked,
    pub accelerator_hours: Worked,
    pub cost: Option<Worked>,
}

/// Everything shown for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub params: ParamCounts,
    pub seq_len: u64,
    pub convention: Convention,
    /// The chosen convention's forward breakdown per token.
    pub breakdown: FlopBreakdown,
    /// Kaplan et al.'s Table 1 rows with the model's numbers.
    pub kaplan: FlopBreakdown,
    pub conventions: Vec<ConventionFigures>,
    pub training: Training,
    pub hardware: HardwareUsed,
    pub time_cost: TimeCostBand,
    /// Energy and emissions of the run ([`crate::energy`]).
    pub energy: EnergyEstimate,
    pub memory: Option<MemoryFit>,
    pub formulas: Formulas,
    /// What the page and the CLI show as warnings next to the figures: a
    /// sequence length beyond the model's context.
    pub warnings: Vec<String>,
}

impl Estimate {
    /// The model card's `co2_eq_emissions` block for this run, as YAML;
    /// `None` when the accelerator has no power figure
    /// ([`EnergyEstimate::unavailable`] says why).
    pub fn co2_card(&self) -> Option<String> {
        model_card_block(&self.energy, self.hardware.n_accelerators)
    }

    /// One line on whether the training state fits in the accelerators'
    /// memory: "Training state 128 GB (125 MB per accelerator when fully
    /// sharded): fits; at least 2 accelerators are needed. Activation memory
    /// is not modelled."
    pub fn memory_note(&self) -> String {
        let Some(m) = self.memory else {
            return "Memory not checked: the custom accelerator has no memory size.".to_string();
        };
        let needed = format::count_of(m.min_accelerators, "accelerator", "accelerators");
        let verb = if m.min_accelerators == 1 { "is" } else { "are" };
        format!(
            "Training state {} ({} per accelerator when fully sharded): {}. Activation memory \
             is not modelled.",
            format::bytes(m.training_state_bytes),
            format::bytes(m.bytes_per_accelerator),
            if m.fits {
                format!("fits; at least {needed} {verb} needed")
            } else {
                format!("does not fit; it needs at least {needed}")
            }
        )
    }
}

/// The estimate for a scenario. Total: every input is already valid.
pub fn estimate(scenario: &Scenario) -> Estimate {
    let spec = &scenario.model.spec;
    let params = count_params(spec);
    let seq_len = scenario.seq_len();
    let figures = |convention: Convention| {
        let forward = flops::forward_flops_per_token(spec, seq_len, convention).total;
        (forward, 3.0 * forward)
    };
    let (chosen_forward, chosen_training) = figures(scenario.convention);
    let model_flops = chosen_training * scenario.n_tokens;
    let conventions = CONVENTIONS
        .iter()
        .map(|&convention| {
            let (forward, training) = figures(convention);
            ConventionFigures {
                convention,
                forward_per_token: forward,
                training_per_token: training,
                training_flops: training * scenario.n_tokens,
                vs_chosen: training / chosen_training - 1.0,
            }
        })
        .collect();
    let hardware_flops = if scenario.recompute {
        4.0 * chosen_forward * scenario.n_tokens
    } else {
        model_flops
    };
    let n_params = params.total;
    let training = Training {
        n_tokens: scenario.n_tokens,
        model_flops,
        hardware_flops,
        tokens_per_param: scenario.n_tokens / params.active.max(1) as f64,
        chinchilla_tokens: CHINCHILLA_TOKENS_PER_PARAM * params.active as f64,
        landmarks: Landmarks::of(model_flops),
    };
    let price = scenario.price_used();
    let peak_flops_per_s = scenario.accelerator.peak_flops_per_s().unwrap_or(f64::NAN);
    let inputs = TimeCostInputs {
        total_flops: model_flops,
        peak_flops_per_s,
        n_accelerators: scenario.n_accelerators,
        mfu: scenario.mfu.low,
        usd_per_accelerator_hour: price.map(|p| p.usd_per_accelerator_hour()),
    };
    let time_cost = time_and_cost_band(&inputs, scenario.mfu);
    let energy = energy_estimate(&scenario.energy, &scenario.accelerator, &time_cost);
    let memory = scenario.accelerator.memory_bytes().map(|bytes| {
        memory_fit(
            n_params,
            scenario.bytes_per_param,
            bytes,
            scenario.n_accelerators,
        )
    });
    let formulas = formulas(
        scenario,
        &params,
        chosen_forward,
        model_flops,
        peak_flops_per_s,
        &time_cost,
        price,
    );
    Estimate {
        breakdown: flops::forward_flops_per_token(spec, seq_len, scenario.convention),
        kaplan: flops::forward_flops_per_token(spec, seq_len, Convention::Kaplan),
        params,
        seq_len,
        convention: scenario.convention,
        conventions,
        training,
        hardware: HardwareUsed {
            accelerator: scenario.accelerator,
            peak_flops_per_s,
            price,
            n_accelerators: scenario.n_accelerators,
        },
        time_cost,
        energy,
        memory,
        formulas,
        warnings: crate::defaults::seq_len_warning(scenario)
            .into_iter()
            .collect(),
    }
}

/// The time & cost table across the catalog for this scenario, in its sort
/// order, with its caption. The scenario's own accelerator is its own row,
/// exactly as in the headline (its precision, its price); every other row
/// runs at the scenario's precision where it supports it (else its default,
/// marked) and at its default quote.
pub fn table_by_accelerator(scenario: &Scenario, estimate: &Estimate) -> Table {
    let table = by_accelerator(
        &workload(scenario, estimate),
        scenario.n_accelerators,
        scenario.accelerator.precision(),
        CATALOG.iter(),
        Some((scenario.accelerator, estimate.hardware.price)),
    );
    Table {
        caption: caption(scenario, TableKind::ByAccelerator),
        ..table
    }
    .sorted(scenario.sorts.of(TableKind::ByAccelerator))
}

/// The time & cost table across accelerator counts for the chosen
/// accelerator, at its precision and price, in its sort order, with its
/// caption.
pub fn table_by_count(scenario: &Scenario, estimate: &Estimate) -> Table {
    let table = by_count(
        &workload(scenario, estimate),
        &scenario.accelerator,
        estimate.hardware.price,
        Some(scenario.n_accelerators),
    );
    Table {
        caption: caption(scenario, TableKind::ByCount),
        ..table
    }
    .sorted(scenario.sorts.of(TableKind::ByCount))
}

/// The scenario's precision and price in words: "FP8 and your $2.00 per
/// hour", "BF16 and the default quote, $6.155 per hour (CoreWeave)", "BF16
/// and no price".
fn your_terms(scenario: &Scenario) -> String {
    let precision = scenario
        .accelerator
        .precision()
        .map_or("its typed peak", |p| p.label());
    let price = match (scenario.price_used(), scenario.price) {
        (
            Some(PriceUsed::Custom {
                usd_per_accelerator_hour,
            }),
            _,
        ) => {
            format!("your {}", format::price_per_hour(usd_per_accelerator_hour))
        }
        (Some(PriceUsed::Listed(q)), PriceChoice::Listed(_)) => format!(
            "the {} quote, {}",
            q.provider,
            format::price_per_hour(q.usd_per_accelerator_hour)
        ),
        (Some(PriceUsed::Listed(q)), _) => format!(
            "its default quote, {} ({})",
            format::price_per_hour(q.usd_per_accelerator_hour),
            q.provider
        ),
        (None, _) => "no price".to_string(),
    };
    format!("{precision} and {price}")
}

/// What each row of a table assumes.
pub fn caption(scenario: &Scenario, table: TableKind) -> String {
    let count = format::grouped_u64(scenario.n_accelerators);
    let mfu = format::percent_range(scenario.mfu.low, scenario.mfu.high);
    let name = scenario.accelerator.name();
    match table {
        TableKind::ByAccelerator => {
            let others = match scenario.accelerator.precision() {
                Some(p) => format!(
                    "{} where the accelerator has a dense {} figure (else its default \
                     precision, as marked)",
                    p.label(),
                    p.label()
                ),
                None => "its default precision".to_string(),
            };
            format!(
                "{count} of each at {mfu} MFU. Your row, the {name}, is your scenario \
                 exactly: {}. Every other row: {others}, at its default quote (the median \
                 on-demand list price) or “no public price”.",
                your_terms(scenario)
            )
        }
        TableKind::ByCount => format!(
            "The {name} at {}, at {mfu} MFU, on each count; your row is {count}. Time falls \
             as the count rises; accelerator-hours and cost stay the same.",
            your_terms(scenario)
        ),
    }
}

fn workload(scenario: &Scenario, estimate: &Estimate) -> Workload {
    Workload {
        total_flops: estimate.training.model_flops,
        n_params: estimate.params.total,
        bytes_per_param: scenario.bytes_per_param,
        mfu: scenario.mfu,
    }
}

fn formulas(
    scenario: &Scenario,
    params: &ParamCounts,
    forward_per_token: f64,
    model_flops: f64,
    peak: f64,
    time_cost: &TimeCostBand,
    price: Option<PriceUsed>,
) -> Formulas {
    let tokens = format::flops(scenario.n_tokens);
    let training_flops = match scenario.convention {
        Convention::SixN(basis) => {
            let n = match basis {
                NBasis::Active => params.active,
                NBasis::Total => params.total,
                NBasis::NonEmbedding => params.non_embedding,
            };
            Worked {
                formula: format!("6 × {} × {tokens}", format::flops(n as f64)),
                value: model_flops,
            }
        }
        _ => Worked {
            formula: format!(
                "3 × {} FLOP/token (forward, S = {}) × {tokens}",
                format::flops(forward_per_token),
                scenario.seq_len()
            ),
            value: model_flops,
        },
    };
    let at = time_cost.at_low_mfu;
    let time = Worked {
        formula: format!(
            "{} / ({} × {} FLOP/s × {}) s",
            format::flops(model_flops),
            format::grouped_u64(scenario.n_accelerators),
            format::flops(peak),
            format::percent(scenario.mfu.low)
        ),
        value: at.wall_seconds,
    };
    let accelerator_hours = Worked {
        formula: format!(
            "{} × {} s / 3600",
            format::grouped_u64(scenario.n_accelerators),
            format::flops(at.wall_seconds)
        ),
        value: at.accelerator_hours,
    };
    let cost = price.zip(at.cost_usd).map(|(price, cost)| Worked {
        formula: format!(
            "{} h × ${}/h",
            format::flops(at.accelerator_hours),
            price.usd_per_accelerator_hour()
        ),
        value: cost,
    });
    Formulas {
        training_flops,
        time,
        accelerator_hours,
        cost,
    }
}

/// A convention's stable key in links, the CLI and reports: `kaplan`,
/// `six_n.active`, `six_n.total`, `six_n.non_embedding`, `dense`, `causal`.
pub fn convention_key(convention: Convention) -> String {
    match convention {
        Convention::SixN(basis) => format!("six_n.{}", basis.id()),
        other => other.id().to_string(),
    }
}

/// The convention with this key; `six_n` alone means `six_n.active`.
pub fn convention_from_key(key: &str) -> Option<Convention> {
    if key == "six_n" {
        return Some(Convention::SixN(NBasis::Active));
    }
    CONVENTIONS
        .iter()
        .copied()
        .find(|&c| convention_key(c) == key)
}
