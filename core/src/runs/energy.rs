//! Published energy and emissions of training runs, recomputed with
//! flopcast's formulas ([`crate::energy::energy_kwh`],
//! [`crate::energy::emissions_tco2e`]) by each source's own method.
//!
//! Sources differ in four choices (`core/data/reference/energy.md`): power
//! per accelerator (board power or measured), whether the energy includes
//! PUE, whether the emissions apply it, and the grid factor (location-based,
//! net of carbon-free energy, a deliberate US-average counterfactual). A
//! comparison only means something when it makes the same choices, so each
//! record says how its source computes ([`Method`]) and flopcast recomputes
//! its published figures so, from its published inputs:
//!
//! ```text
//! energy_MWh = accelerator_hours × W × (PUE if the energy includes it) / 1e6
//! tCO2e      = energy_MWh × (PUE if applied at this step) × grid_kg_per_kWh
//! ```
//!
//! where the energy is flopcast's where it has the hours, else the published
//! one. Board-power (TDP) rows take their watts from the catalog, so a wrong
//! catalog figure shows here. Error is `(predicted − published) / published`.
//! Every miss (beyond ±5 %) and every step a record cannot be computed for
//! carries its explanation in the data; sources that disagree with each
//! other are all shown, each recomputed by its own method where it can be,
//! and none is preferred ([`energy_disagreements`]).
//!
//! It deliberately corrects nothing and fills no gap with a guess: where a
//! source leaves a factor out, the factor that reproduces its sibling
//! figures is used and marked [`EnergyRun::inferred`].

use serde::Serialize;

use super::energy_data::ENERGY_RUNS;
use super::Sourced;
use crate::energy::{emissions_tco2e, energy_kwh};
use crate::format;

/// How a run's power per accelerator is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerBasis {
    /// The vendor's board power (TDP): an upper bound.
    Tdp,
    /// A per-GPU power cap the operator set (Llama 2 34B: 350 W).
    PowerCap,
    /// Measured average per accelerator of the whole system: host CPU,
    /// memory, network and fans included (Patterson et al.).
    MeasuredSystem,
    /// Measured average of the GPUs alone: a lower bound on the node.
    MeasuredGpu,
    /// Another run's measurement, borrowed (LaMDA uses Meena's).
    Borrowed,
    /// The average of other runs on the same chip (Gopher).
    CategoryAverage,
    /// An average the source chose below board power (StarCoder's 280 W).
    Assumed,
    /// The published energy ÷ the hours: agreement checks arithmetic only.
    DerivedFromEnergy,
}

impl PowerBasis {
    /// A short label for a table cell: "board", "meas. system".
    pub fn label(self) -> &'static str {
        match self {
            PowerBasis::Tdp => "board",
            PowerBasis::PowerCap => "cap",
            PowerBasis::MeasuredSystem => "meas. system",
            PowerBasis::MeasuredGpu => "meas. GPU",
            PowerBasis::Borrowed => "borrowed",
            PowerBasis::CategoryAverage => "chip avg.",
            PowerBasis::Assumed => "assumed",
            PowerBasis::DerivedFromEnergy => "energy ÷ h",
        }
    }
}

/// What a published tCO₂e counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmissionsBasis {
    /// The local grid's average mix.
    Location,
    /// Google's accounting net of 24/7 carbon-free energy bought.
    NetOfCfe,
    /// LLaMA's US average, on purpose not the real site's grid.
    CounterfactualUsAverage,
    /// A supplier's renewable claim (0 t).
    MarketLike,
    /// The source does not say.
    Unspecified,
}

impl EmissionsBasis {
    /// What the figure counts, in words.
    pub fn label(self) -> &'static str {
        match self {
            EmissionsBasis::Location => "location-based",
            EmissionsBasis::NetOfCfe => "net of carbon-free energy",
            EmissionsBasis::CounterfactualUsAverage => "US-average counterfactual",
            EmissionsBasis::MarketLike => "supplier's renewable claim",
            EmissionsBasis::Unspecified => "basis not stated",
        }
    }
}

/// A run's power per accelerator.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RunPower {
    /// W per accelerator, as the source states it.
    pub watts: Sourced<f64>,
    pub basis: PowerBasis,
    /// For board-power rows: the catalog accelerator whose board power it is;
    /// the comparison then reads the watts from the catalog.
    pub catalog_id: Option<&'static str>,
}

/// Where a source applies PUE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The published energy includes PUE; emissions are energy × grid.
    PueInEnergy,
    /// The published energy is before PUE; emissions are energy × PUE × grid.
    PueAtEmissions,
    /// No PUE anywhere: energy × grid.
    NoPue,
}

/// A factor a source leaves out, and why the one used is the one that
/// reproduces its figures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Inferred {
    pub why: &'static str,
}

/// How flopcast recomputes another published figure for the same run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Recompute {
    pub accelerator_hours: f64,
    pub watts: f64,
    pub pue: f64,
    /// For a figure in tonnes; `None` for an energy figure.
    pub kg_per_kwh: Option<f64>,
}

/// Another published figure for a record's run: a disagreement, or a check
/// of a related run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct OtherFigure {
    /// As published: "82 t".
    pub figure: &'static str,
    pub tco2e: Option<f64>,
    pub mwh: Option<f64>,
    /// Who publishes it, with the locator.
    pub who: &'static str,
    pub provenance: super::Provenance,
    /// How it is computed, in the source's terms.
    pub method: &'static str,
    /// How flopcast recomputes it; `None` with [`OtherFigure::not_recomputed`].
    pub recompute: Option<Recompute>,
    pub not_recomputed: Option<&'static str>,
}

/// One published record of a run's energy and/or emissions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EnergyRun {
    /// The id in `energy_runs.json`; stable.
    pub id: &'static str,
    pub name: &'static str,
    pub organization: &'static str,
    /// The source's words.
    pub accelerator: &'static str,
    /// The matching record in `training_runs.json`, if any.
    pub training_runs_id: Option<&'static str>,
    pub accelerator_count: Option<Sourced<u64>>,
    pub accelerator_hours: Option<Sourced<f64>>,
    pub hours_formula: Option<&'static str>,
    pub power: Option<RunPower>,
    pub pue: Option<Sourced<f64>>,
    pub grid_kg_per_kwh: Option<Sourced<f64>>,
    /// The published energy, MWh.
    pub energy_mwh: Option<Sourced<f64>>,
    /// Whether the published energy includes PUE (`None`: not said).
    pub energy_includes_pue: Option<bool>,
    /// The published emissions, t CO₂e.
    pub tco2e: Option<Sourced<f64>>,
    pub tco2e_basis: EmissionsBasis,
    pub tco2e_market_based: Option<Sourced<f64>>,
    pub location: Option<&'static str>,
    /// Whether the record can test the energy step, and the emissions step
    /// (the reference's `use_for_validation`), and why.
    pub validate_energy: bool,
    pub validate_co2: bool,
    pub why: &'static str,
    pub method: Method,
    /// PUE and grid the source leaves out, taken as the ones that reproduce
    /// its sibling figures (their provenance is `assumed`).
    pub inferred: Option<Inferred>,
    /// Why agreement on energy checks only arithmetic (a published figure
    /// derived from the same inputs).
    pub energy_arithmetic_only: Option<&'static str>,
    /// Why a step misses by more than 5 % or cannot be computed.
    pub miss_note: Option<&'static str>,
    pub other_figures: &'static [OtherFigure],
    /// Published figures for this run disagree with each other.
    pub sources_disagree: bool,
    pub note: &'static str,
    /// The reference record's source keys (`energy_runs.json` → `sources`).
    pub source: &'static str,
}

/// The tolerance the issue sets: ±5 %.
pub const TOLERANCE_PCT: f64 = 5.0;

/// The outcome of one step (energy, or emissions) for one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Check {
    /// Within ±5 % of the published figure.
    Within,
    /// Beyond ±5 %; `why` explains.
    Miss { why: String },
    /// The record can test this step, but an input is not published.
    NotComputable { why: String },
    /// The record cannot test this step (the reference says why).
    NotATest { why: String },
}

impl Check {
    /// "within ±5 %", "miss: …", "not computable: …", "not a test: …".
    pub fn text(&self) -> String {
        match self {
            Check::Within => "within ±5 %".to_string(),
            Check::Miss { why } => format!("miss: {why}"),
            Check::NotComputable { why } => format!("not computable: {why}"),
            Check::NotATest { why } => format!("not a test: {why}"),
        }
    }
}

/// A record next to flopcast's recomputation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnergyComparison {
    pub run: &'static EnergyRun,
    /// The watts used: the catalog's board power for board-power rows, else
    /// the source's.
    pub watts: Option<f64>,
    /// Energy in the published figure's scope (with or without PUE), MWh.
    pub predicted_mwh: Option<f64>,
    /// `(predicted − published) / published × 100`, when the record tests
    /// the energy step and both exist.
    pub energy_error_pct: Option<f64>,
    pub energy: Check,
    pub predicted_tco2e: Option<f64>,
    pub co2_error_pct: Option<f64>,
    pub co2: Check,
    /// The emissions start from the published energy (no hours to compute
    /// it from).
    pub co2_from_published_energy: bool,
    /// The arithmetic with the numbers: "245,760 h × 310 W × PUE 1.12 = 85.3 MWh".
    pub energy_formula: Option<String>,
    pub co2_formula: Option<String>,
}

/// Another figure recomputed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OtherFigureCheck {
    pub figure: &'static OtherFigure,
    pub predicted_mwh: Option<f64>,
    pub predicted_tco2e: Option<f64>,
    /// Against the figure's tonnes where it has them, else its MWh.
    pub error_pct: Option<f64>,
}

/// A run whose published figures disagree: every figure, none preferred.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    pub id: &'static str,
    pub name: &'static str,
    /// The record's own figure first (if it has one), then the others.
    pub figures: Vec<OtherFigureCheck>,
    pub note: &'static str,
}

fn pct(value: f64, reference: f64) -> f64 {
    (value - reference) / reference * 100.0
}

/// The watts flopcast computes a record with: the catalog's board power for
/// a board-power row, else the source's figure.
pub fn run_watts(run: &EnergyRun) -> Option<f64> {
    let power = run.power?;
    match power.catalog_id {
        Some(id) => crate::hardware::find(id).and_then(|a| a.board_power_w),
        None => Some(power.watts.value),
    }
}

fn grouped(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        format::grouped(x as i64)
    } else {
        format!("{}", (x * 10.0).round() / 10.0)
    }
}

/// Recomputes one record.
pub fn compare_energy(run: &'static EnergyRun) -> EnergyComparison {
    let watts = run_watts(run);
    let pue_in_energy = run.method == Method::PueInEnergy;
    let energy_pue = if pue_in_energy {
        run.pue.map(|p| p.value)
    } else {
        Some(1.0)
    };
    let predicted_kwh = match (run.accelerator_hours, watts, energy_pue) {
        (Some(h), Some(w), Some(pue)) => Some(energy_kwh(h.value, w, 1.0, pue)),
        _ => None,
    };
    let predicted_mwh = predicted_kwh.map(|kwh| kwh / 1e3);
    let energy_formula = match (run.accelerator_hours, watts, predicted_mwh) {
        (Some(h), Some(w), Some(mwh)) => Some(format!(
            "{} h × {} W{} = {} MWh",
            grouped(h.value),
            grouped(w),
            match (pue_in_energy, energy_pue) {
                (true, Some(p)) => format!(" × PUE {}", format::plain(p)),
                _ => String::new(),
            },
            format::plain(mwh)
        )),
        _ => None,
    };
    let published_mwh = run.energy_mwh.map(|e| e.value);
    let energy_error_pct = if run.validate_energy {
        predicted_mwh.zip(published_mwh).map(|(p, q)| pct(p, q))
    } else {
        None
    };
    let miss = |error: f64| -> Check {
        if error.abs() <= TOLERANCE_PCT {
            Check::Within
        } else {
            Check::Miss {
                why: run
                    .miss_note
                    .unwrap_or("no explanation recorded")
                    .to_string(),
            }
        }
    };
    // A figure the run does not test, one an input is missing for, or the
    // error against it.
    let check = |validated: bool, error: Option<f64>| match (validated, error) {
        (false, _) => Check::NotATest {
            why: run.why.to_string(),
        },
        (true, Some(error)) => miss(error),
        (true, None) => Check::NotComputable {
            why: run
                .miss_note
                .unwrap_or("an input is not published")
                .to_string(),
        },
    };
    let energy = check(run.validate_energy, energy_error_pct);
    // Emissions: from flopcast's energy where it has the hours, else from the
    // published energy.
    let base_kwh = predicted_kwh.or(published_mwh.map(|m| m * 1e3));
    let co2_from_published_energy = predicted_kwh.is_none() && published_mwh.is_some();
    let emissions_pue = match run.method {
        Method::PueAtEmissions => run.pue.map(|p| p.value),
        _ => Some(1.0),
    };
    let kg = run.grid_kg_per_kwh.map(|g| g.value);
    let predicted_tco2e = match (base_kwh, emissions_pue, kg) {
        (Some(kwh), Some(pue), Some(kg)) => Some(emissions_tco2e(kwh * pue, kg)),
        _ => None,
    };
    let co2_formula = match (base_kwh, emissions_pue, kg, predicted_tco2e) {
        (Some(kwh), Some(pue), Some(kg), Some(t)) => Some(format!(
            "{} MWh{}{} × {} kg/kWh = {} t",
            format::plain(kwh / 1e3),
            if co2_from_published_energy {
                " (published)"
            } else {
                ""
            },
            if run.method == Method::PueAtEmissions {
                format!(" × PUE {}", format::plain(pue))
            } else {
                String::new()
            },
            format::plain(kg),
            format::plain(t)
        )),
        _ => None,
    };
    let published_t = run.tco2e.map(|t| t.value);
    let co2_error_pct = if run.validate_co2 {
        predicted_tco2e.zip(published_t).map(|(p, q)| pct(p, q))
    } else {
        None
    };
    let co2 = check(run.validate_co2, co2_error_pct);
    EnergyComparison {
        run,
        watts,
        predicted_mwh,
        energy_error_pct,
        energy,
        predicted_tco2e,
        co2_error_pct,
        co2,
        co2_from_published_energy,
        energy_formula,
        co2_formula,
    }
}

/// Every record fit to test the energy or the emissions step, recomputed,
/// in the reference's order.
pub fn energy_comparisons() -> Vec<EnergyComparison> {
    ENERGY_RUNS
        .iter()
        .filter(|r| r.validate_energy || r.validate_co2)
        .map(compare_energy)
        .collect()
}

/// The energy comparison of the record that describes a published run of
/// `training_runs.json` (a run of [`super::RUNS`]), for the published-runs
/// section; `None` when no energy record matches it.
pub fn energy_for_run(training_runs_id: &str) -> Option<EnergyComparison> {
    ENERGY_RUNS
        .iter()
        .find(|r| r.training_runs_id == Some(training_runs_id))
        .map(compare_energy)
}

/// Recomputes another figure.
pub fn check_other(figure: &'static OtherFigure) -> OtherFigureCheck {
    let kwh = figure
        .recompute
        .map(|r| energy_kwh(r.accelerator_hours, r.watts, 1.0, r.pue));
    let predicted_mwh = kwh.map(|k| k / 1e3);
    let predicted_tco2e = figure
        .recompute
        .and_then(|r| r.kg_per_kwh)
        .zip(kwh)
        .map(|(kg, kwh)| emissions_tco2e(kwh, kg));
    let error_pct = match (predicted_tco2e, figure.tco2e, predicted_mwh, figure.mwh) {
        (Some(p), Some(q), _, _) => Some(pct(p, q)),
        (_, _, Some(p), Some(q)) => Some(pct(p, q)),
        _ => None,
    };
    OtherFigureCheck {
        figure,
        predicted_mwh,
        predicted_tco2e,
        error_pct,
    }
}

/// The runs whose published figures disagree (OPT-175B, BLOOM, GPT-3,
/// Llama 3.3, OLMo 2 13B), each figure recomputed by its own method where
/// it can be. No figure is picked as the right one.
pub fn energy_disagreements() -> Vec<Disagreement> {
    ENERGY_RUNS
        .iter()
        .filter(|r| r.sources_disagree)
        .map(|r| Disagreement {
            id: r.id,
            name: r.name,
            figures: r.other_figures.iter().map(check_other).collect(),
            note: r.note,
        })
        .collect()
}

/// One step's results over every record.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StepSummary {
    /// Records fit to test the step.
    pub n_records: usize,
    /// Of those, with every input published, so recomputed.
    pub n_computed: usize,
    pub n_within_5_pct: usize,
    /// Computed from inputs the source states (no inferred factor, not
    /// arithmetic only): the issue's goal is every one of these within ±5 %.
    pub n_stated: usize,
    pub n_stated_within_5_pct: usize,
    /// Records whose agreement checks arithmetic only, and those with an
    /// inferred factor.
    pub arithmetic_only: Vec<&'static str>,
    pub inferred: Vec<&'static str>,
    /// Every record beyond ±5 % or not computable, with why.
    pub misses: Vec<Miss>,
}

/// A record that misses, or cannot be computed, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Miss {
    pub id: &'static str,
    pub error_pct: Option<f64>,
    pub why: String,
}

/// Both steps' results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnergySummary {
    pub energy: StepSummary,
    pub co2: StepSummary,
}

/// The comparison in a few counts, with every miss explained.
pub fn energy_summary(comparisons: &[EnergyComparison]) -> EnergySummary {
    let step = |check: fn(&EnergyComparison) -> (&Check, Option<f64>),
                arithmetic_only: fn(&EnergyRun) -> bool,
                inferred: fn(&EnergyRun) -> bool| {
        let mut s = StepSummary::default();
        for c in comparisons {
            let (result, error) = check(c);
            if matches!(result, Check::NotATest { .. }) {
                continue;
            }
            s.n_records += 1;
            let within = matches!(result, Check::Within);
            if error.is_some() {
                s.n_computed += 1;
                s.n_within_5_pct += usize::from(within);
                if arithmetic_only(c.run) {
                    s.arithmetic_only.push(c.run.id);
                } else if inferred(c.run) {
                    s.inferred.push(c.run.id);
                } else {
                    s.n_stated += 1;
                    s.n_stated_within_5_pct += usize::from(within);
                }
            }
            if let Check::Miss { why } | Check::NotComputable { why } = result {
                s.misses.push(Miss {
                    id: c.run.id,
                    error_pct: error,
                    why: why.clone(),
                });
            }
        }
        s
    };
    EnergySummary {
        energy: step(
            |c| (&c.energy, c.energy_error_pct),
            |r| r.energy_arithmetic_only.is_some(),
            |_| false,
        ),
        co2: step(
            |c| (&c.co2, c.co2_error_pct),
            |_| false,
            |r| r.inferred.is_some(),
        ),
    }
}

impl EnergySummary {
    /// The closing note: counts within ±5 %, what the rest are.
    pub fn text(&self) -> String {
        let part = |what: &str, s: &StepSummary| {
            let mut text = format!(
                "{what}: {} of {} records recomputed, {} within ±5 %; of the {} computed from \
                 inputs the source states, {} within ±5 %.",
                s.n_computed, s.n_records, s.n_within_5_pct, s.n_stated, s.n_stated_within_5_pct
            );
            if !s.arithmetic_only.is_empty() {
                text.push_str(&format!(
                    " {} check arithmetic only (a published figure derived from the same \
                     inputs): {}.",
                    s.arithmetic_only.len(),
                    s.arithmetic_only.join(", ")
                ));
            }
            if !s.inferred.is_empty() {
                text.push_str(&format!(
                    " {} use a factor the source does not state, each saying why (Meta's cards: \
                     PUE 1.1 × 0.385 kg/kWh, which reproduce Llama 2 exactly): {}.",
                    s.inferred.len(),
                    s.inferred.join(", ")
                ));
            }
            text
        };
        format!(
            "{}\n{}",
            part("Energy", &self.energy),
            part("Emissions", &self.co2)
        )
    }
}

impl OtherFigureCheck {
    /// "82 t (LLaMA §6; OLMo Table 6: 324 MWh × PUE 1.1 × 0.231): flopcast
    /// 82.3 t, +0.3 %" or "70 t (…): not recomputed, …".
    pub fn text(&self) -> String {
        let f = self.figure;
        let head = format!("{} ({}: {})", f.figure, f.who, f.method);
        let ours = self
            .predicted_tco2e
            .map(format::tonnes_co2e)
            .or(self.predicted_mwh.map(|m| format::energy_kwh(m * 1e3)));
        match (ours, self.error_pct) {
            (Some(ours), Some(error)) => format!("{head}: flopcast {ours}, {error:+.1} %"),
            _ => format!(
                "{head}: not recomputed, {}",
                f.not_recomputed.unwrap_or("its inputs are not published")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn a_formulas_inputs_are_grouped_when_whole_and_kept_to_a_tenth_otherwise() {
        assert_eq!(grouped(3_300_000.0), "3,300,000");
        assert_eq!(grouped(700.0), "700");
        assert_eq!(grouped(0.25), "0.3");
        assert_eq!(grouped(1_234.56), "1234.6");
        // Whole figures group up to 9e15, short of where f64 stops holding
        // every whole number (2^53 ≈ 9.007e15); from there they read plain.
        assert_eq!(grouped(8.9e15), "8,900,000,000,000,000");
        assert_eq!(grouped(9e15), "9000000000000000");
    }
}
