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
use crate::memory::activations::Recompute;
use crate::memory::breakdown::{MemoryBreakdown, MemoryModel};
use crate::memory::layout::{check, LayoutError};
use crate::memory::search::{self, Candidate, LayoutRow, SearchInputs};
use crate::memory::MemoryFit;
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
    /// Hardware FLOPs: model FLOPs plus what recomputation runs again: the
    /// whole forward with full recomputation (forward × 4), the attention
    /// core's forward with selective; equal to the model FLOPs without.
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
    /// Time and cost with the pipeline bubble and goodput applied (see
    /// `time`).
    pub time_cost: TimeCostBand,
    /// Energy and emissions of the run ([`crate::energy`]).
    pub energy: EnergyEstimate,
    /// How the time is made up: compute, bubble, time lost to failures.
    pub time: TimeDetail,
    /// Whether it fits and the fewest accelerators that would; `None` for an
    /// accelerator of unknown memory.
    pub memory: Option<MemoryFit>,
    /// The layout in use (the search's choice when automatic) and the memory
    /// per accelerator; the rule it breaks when it cannot run.
    pub layout: Result<MemoryBreakdown, LayoutError>,
    pub formulas: Formulas,
    /// What the page and the CLI show as warnings next to the figures: a
    /// sequence length beyond the model's context.
    pub warnings: Vec<String>,
    /// What the layout search needs, computed once per estimate.
    #[serde(skip)]
    pub memory_model: MemoryModel,
    #[serde(skip)]
    pub candidates: Vec<Candidate>,
}

impl Estimate {
    /// The model card's `co2_eq_emissions` block for this run, as YAML;
    /// `None` when the accelerator has no power figure
    /// ([`EnergyEstimate::unavailable`] says why).
    pub fn co2_card(&self) -> Option<String> {
        model_card_block(&self.energy, self.hardware.n_accelerators)
    }

    /// One line on whether the run fits in the accelerators' memory: "128 GB
    /// of training state; 78.7 GB per accelerator (weights, gradients,
    /// optimizer state, activations, logits, overhead): fits with TP 1 · PP 1
    /// · DP 1,024 · ZeRO 1." ([`MemoryFit::summary`]).
    pub fn memory_note(&self) -> String {
        match self.memory {
            None => "Memory not checked: the custom accelerator has no memory size.".to_string(),
            Some(m) => m.summary(),
        }
    }
}

/// The time consequences of the layout and of failures, at the band's low
/// MFU (the high end scales alike).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeDetail {
    /// Pipeline bubble as a fraction of the compute time: `(PP − 1)/(m · v)`.
    pub bubble_fraction: f64,
    pub mfu_includes_bubble: bool,
    /// Wall-clock time of the compute alone (no bubble, no time lost), s.
    pub compute_seconds: f64,
    /// With the bubble, s.
    pub with_bubble_seconds: f64,
    /// The fraction of wall-clock time that trains.
    pub goodput: f64,
    /// Lost to failures, restarts and checkpoints: `with_bubble · (1/goodput − 1)`.
    pub lost_seconds: f64,
    /// Wall-clock time in all, s (what `time_cost` shows).
    pub wall_seconds: f64,
    /// `wall / (FLOPs / (N · peak · MFU))`: what the bubble (when not in the
    /// MFU) and goodput multiply the plain estimate by.
    pub factor: f64,
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
    let conventions = Convention::ALL
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
    let breakdown = flops::forward_flops_per_token(spec, seq_len, scenario.convention);
    let hardware_flops = match scenario.recompute() {
        Recompute::None => model_flops,
        Recompute::Selective => {
            let core = breakdown
                .terms
                .iter()
                .find(|t| t.key == "attention_core")
                .map_or(0.0, |t| t.flops);
            model_flops + core * scenario.n_tokens
        }
        Recompute::Full => 4.0 * chosen_forward * scenario.n_tokens,
    };
    let n_params = params.total;
    let training = Training {
        n_tokens: scenario.n_tokens,
        model_flops,
        hardware_flops,
        tokens_per_param: scenario.n_tokens / params.active.max(1) as f64,
        chinchilla_tokens: flops::chinchilla_tokens(params.active as f64),
        landmarks: Landmarks::of(model_flops),
    };
    let price = scenario.price_used();
    let peak_flops_per_s = scenario.accelerator.peak_flops_per_s().unwrap_or(f64::NAN);
    let capacity = scenario.accelerator.memory_bytes();
    let memory_model = MemoryModel::new(spec, &params, seq_len, scenario.memory);
    let search_inputs = search_inputs(scenario, &memory_model, seq_len);
    let plan = resolve_layout(scenario, &search_inputs, capacity);
    let layout = plan.map(|plan| memory_model.breakdown(&plan, capacity));
    let candidates = search::candidates(&search_inputs);
    let memory = capacity.map(|c| {
        let min = search::min_accelerators(&search_inputs, &candidates, c);
        let (bytes, fits, chosen, dp) = match &layout {
            Ok(b) => (
                b.per_accelerator.total,
                b.fits.unwrap_or(true),
                Some(b.plan.layout),
                b.plan.dp,
            ),
            Err(_) => (0.0, false, None, 0),
        };
        MemoryFit {
            training_state_bytes: n_params as f64 * scenario.memory.state.total(),
            bytes_per_accelerator: bytes,
            min_accelerators: min.map_or(u64::MAX, |r| r.plan.layout.model_parallel() * r.plan.dp),
            fits,
            layout: chosen,
            dp,
            n_accelerators: scenario.n_accelerators,
        }
    });
    let bubble_fraction = layout.as_ref().map_or(0.0, |b| b.plan.bubble_fraction);
    let bubble_factor = if scenario.mfu_includes_bubble {
        1.0
    } else {
        1.0 + bubble_fraction
    };
    let goodput = scenario.goodput;
    let factor = bubble_factor / goodput;
    let inputs = TimeCostInputs {
        total_flops: model_flops * factor,
        peak_flops_per_s,
        n_accelerators: scenario.n_accelerators,
        mfu: scenario.mfu.low,
        usd_per_accelerator_hour: price.map(|p| p.usd_per_accelerator_hour()),
    };
    let time_cost = time_and_cost_band(&inputs, scenario.mfu);
    let energy = energy_estimate(&scenario.energy, &scenario.accelerator, &time_cost);
    let wall_seconds = time_cost.at_low_mfu.wall_seconds;
    let plain_seconds = wall_seconds / factor;
    let (compute_seconds, with_bubble_seconds) = if scenario.mfu_includes_bubble {
        (plain_seconds / (1.0 + bubble_fraction), plain_seconds)
    } else {
        (plain_seconds, plain_seconds * (1.0 + bubble_fraction))
    };
    let time = TimeDetail {
        bubble_fraction,
        mfu_includes_bubble: scenario.mfu_includes_bubble,
        compute_seconds,
        with_bubble_seconds,
        goodput,
        lost_seconds: wall_seconds - with_bubble_seconds,
        wall_seconds,
        factor,
    };
    let mut formulas = formulas(
        scenario,
        &params,
        chosen_forward,
        model_flops,
        peak_flops_per_s,
        &time_cost,
        price,
    );
    if factor != 1.0 {
        let mut parts = Vec::new();
        if bubble_factor != 1.0 {
            parts.push(format!(
                "× (1 + {} bubble)",
                format::percent(bubble_fraction)
            ));
        }
        if goodput != 1.0 {
            parts.push(format!("÷ {} goodput", format::percent(goodput)));
        }
        formulas.time.formula = format!("{} {}", formulas.time.formula, parts.join(" "));
    }
    Estimate {
        breakdown,
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
        time,
        memory,
        layout,
        formulas,
        warnings: scenario.seq_len_warning().into_iter().collect(),
        memory_model,
        candidates,
    }
}

fn search_inputs<'a>(
    scenario: &'a Scenario,
    model: &'a MemoryModel,
    seq_len: u64,
) -> SearchInputs<'a> {
    SearchInputs {
        spec: &scenario.model.spec,
        model,
        base: &scenario.layout,
        seq_len,
        batch: scenario.global_batch,
        published_batch: scenario.published_global_batch(),
    }
}

/// The layout in use: the search's first fitting one when automatic (or the
/// least memory-hungry when none fits), else the one set, checked.
fn resolve_layout(
    scenario: &Scenario,
    inputs: &SearchInputs,
    capacity: Option<u64>,
) -> Result<crate::memory::layout::Plan, LayoutError> {
    let checked = || {
        check(
            &scenario.model.spec,
            &scenario.layout,
            scenario.n_accelerators,
            inputs.seq_len,
            scenario.global_batch,
            inputs.published_batch,
        )
    };
    if scenario.auto_layout {
        if let Some(row) = search::auto_layout(inputs, scenario.n_accelerators, capacity) {
            return Ok(row.plan);
        }
    }
    checked()
}

/// The memory breakdown of the layout in use (what the page's "Memory &
/// layout" section draws), or the rule the layout breaks.
pub fn memory_breakdown(estimate: &Estimate) -> Result<&MemoryBreakdown, &LayoutError> {
    estimate.layout.as_ref()
}

/// Every valid layout at the scenario's count, ranked (the fitting ones
/// first in rank order are what the page lists; one click applies
/// `row.plan.layout` with [`crate::scenario::Change::Layout`]).
pub fn fitting_layouts(scenario: &Scenario, estimate: &Estimate) -> Vec<LayoutRow> {
    let inputs = search_inputs(scenario, &estimate.memory_model, estimate.seq_len);
    search::fitting_layouts(
        &inputs,
        scenario.n_accelerators,
        scenario.accelerator.memory_bytes(),
    )
}

/// The fit of the best layout at `n` accelerators of `capacity` bytes, with
/// the fewest accelerators that fit at all.
fn fit_at(
    scenario: &Scenario,
    estimate: &Estimate,
    n: u64,
    capacity: u64,
    ranked: &[LayoutRow],
) -> MemoryFit {
    let inputs = search_inputs(scenario, &estimate.memory_model, estimate.seq_len);
    let cap = capacity as f64;
    let best = ranked.iter().find(|r| r.total_bytes <= cap);
    let least = ranked.iter().map(|r| r.total_bytes).min_by(f64::total_cmp);
    let min = search::min_accelerators(&inputs, &estimate.candidates, capacity);
    MemoryFit {
        training_state_bytes: estimate.params.total as f64 * scenario.memory.state.total(),
        bytes_per_accelerator: best.map(|r| r.total_bytes).or(least).unwrap_or(0.0),
        min_accelerators: min.map_or(u64::MAX, |r| r.plan.layout.model_parallel() * r.plan.dp),
        fits: best.is_some(),
        layout: best.map(|r| r.plan.layout),
        dp: best.map_or(0, |r| r.plan.dp),
        n_accelerators: n,
    }
}

/// The time & cost table across the catalog for this scenario, in its sort
/// order, with its caption. The scenario's own accelerator is its own row,
/// exactly as in the headline (its precision, its price); every other row
/// runs at the scenario's precision where it supports it (else its default,
/// marked) and at its default quote.
///
/// The Memory column is the layout search's: "fits with" the best-ranked
/// layout at the count, or "needs ≥ N" (the fewest accelerators of that kind
/// with a fitting layout).
pub fn table_by_accelerator(scenario: &Scenario, estimate: &Estimate) -> Table {
    let table = by_accelerator(
        &workload(scenario, estimate),
        scenario.n_accelerators,
        scenario.accelerator.precision(),
        CATALOG.iter(),
        Some((scenario.accelerator, estimate.hardware.price)),
    );
    let inputs = search_inputs(scenario, &estimate.memory_model, estimate.seq_len);
    let ranked = search::ranked_layouts(&inputs, scenario.n_accelerators, None);
    Table {
        caption: caption(scenario, TableKind::ByAccelerator),
        ..table
    }
    .with_memory(|row| {
        row.accelerator
            .memory_bytes()
            .map(|c| fit_at(scenario, estimate, row.n_accelerators, c, &ranked))
    })
    .sorted(scenario.sorts.of(TableKind::ByAccelerator))
}

/// The time & cost table across accelerator counts for the chosen
/// accelerator, at its precision and price, in its sort order, with its
/// caption; the Memory column as in [`table_by_accelerator`].
pub fn table_by_count(scenario: &Scenario, estimate: &Estimate) -> Table {
    let table = by_count(
        &workload(scenario, estimate),
        &scenario.accelerator,
        estimate.hardware.price,
        Some(scenario.n_accelerators),
    );
    let inputs = search_inputs(scenario, &estimate.memory_model, estimate.seq_len);
    Table {
        caption: caption(scenario, TableKind::ByCount),
        ..table
    }
    .with_memory(|row| {
        let capacity = row.accelerator.memory_bytes()?;
        let ranked = search::ranked_layouts(&inputs, row.n_accelerators, None);
        Some(fit_at(
            scenario,
            estimate,
            row.n_accelerators,
            capacity,
            &ranked,
        ))
    })
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

/// The workload of the tables: FLOPs scaled by the time factor (the bubble
/// when the MFU does not include it, and goodput) so each row's time and
/// cost match the headline's.
fn workload(scenario: &Scenario, estimate: &Estimate) -> Workload {
    Workload {
        total_flops: estimate.training.model_flops * estimate.time.factor,
        n_params: estimate.params.total,
        bytes_per_param: scenario.memory.state.total(),
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
