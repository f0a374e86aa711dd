//! The comparison of each run with flopcast's estimate, and its summary.
//!
//! For a run: flopcast's training FLOPs under every convention; the MFU the
//! published accelerator-hours imply,
//!
//! ```text
//! implied_mfu = 6·N_active·D / (accelerator_hours × 3600 × dense peak)
//! ```
//!
//! and, where the source states an MFU or a throughput, the accelerator-hours
//! flopcast predicts at it ([`crate::cost::time_and_cost`]) and their error,
//! `(predicted − published) / published × 100`.
//!
//! Before predicting, a stated hardware-FLOP rate (HFU: BLOOM's TFLOP/s count
//! the forward pass twice under full recomputation) is converted to tokens
//! per second with the formula that produced it, and a goodput the source
//! states (Llama 3's "over 90 % effective training time") divides the hours,
//! as the estimate's goodput line does. Both are reported with the result.

use serde::Serialize;

use super::{
    model_spec, Caveat, Counted, FlopReference, Run, RunModel, Sourced, StatedRate, FLOP_ONLY,
    GOODPUTS, MISSES, RUNS,
};
use crate::cost::{time_and_cost, MfuBand, TimeCostInputs};
use crate::flops::{self, Convention};
use crate::hardware::{self, Precision};
use crate::model::ModelSpec;
use crate::params::count_params;

/// Where a run's parameter count comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountBasis {
    /// Counted from the model's real `config.json` (a preset): exact.
    Config,
    /// Counted from the paper's hyperparameters, which may leave details out.
    PaperDims,
    /// Stated by a source; exact or nominal as [`RunParams::exact`] says.
    Stated,
}

/// The parameter counts flopcast uses for a run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RunParams {
    pub basis: CountBasis,
    /// The count is exact, not a rounded nominal size.
    pub exact: bool,
    /// Parameters a token uses (N in 6·N·D).
    pub active: f64,
    /// Every parameter, where known.
    pub total: Option<f64>,
    /// Kaplan's N, where known (only with dimensions).
    pub non_embedding: Option<f64>,
}

/// Training FLOPs under one convention; `None` when it needs dimensions
/// flopcast does not have (a bare count).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConventionFlops {
    /// The convention's stable key ([`Convention::key`]).
    pub convention: String,
    pub training_flops: Option<f64>,
}

/// A run next to flopcast's estimate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub run: &'static Run,
    pub generation: &'static str,
    pub precision: Precision,
    /// Dense peak of one accelerator at the run's precision, FLOP/s.
    pub peak_flops_per_s: f64,
    pub params: RunParams,
    /// The sequence length the attention-aware conventions use.
    pub seq_len: Option<u64>,
    pub conventions: Vec<ConventionFlops>,
    /// Training FLOPs under the default convention, 6·N_active·D.
    pub flops: f64,
    /// (flops − published) / published × 100, where a total is published.
    pub flops_vs_published_pct: Option<f64>,
    pub published_accelerator_hours: f64,
    /// flops / (published hours × 3600 × peak).
    pub implied_mfu: f64,
    /// The stated MFU or throughput as an MFU (a band where the source gives
    /// a range).
    pub stated_mfu: Option<MfuBand>,
    /// Hours flopcast predicts at the stated figure (its point value).
    pub predicted_accelerator_hours: Option<f64>,
    /// Hours at the stated band's high and low MFU (fast end first).
    pub predicted_accelerator_hours_range: Option<(f64, f64)>,
    /// (predicted − published) / published × 100.
    pub error_pct: Option<f64>,
    /// What the stated rate counted (hardware FLOPs are converted first).
    pub counted: Option<Counted>,
    /// The goodput the source states, which divides the prediction.
    pub goodput: Option<f64>,
    /// The prediction before dividing by the goodput.
    pub predicted_before_goodput: Option<f64>,
    /// Why the prediction misses by more than 10 %, where it does.
    pub miss: Option<&'static str>,
}

/// Implied MFU of the published runs on one accelerator generation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MfuSpread {
    pub generation: &'static str,
    pub n_runs: usize,
    pub median: f64,
    /// First and third quartiles (linear interpolation between ranks).
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
    pub run_ids: Vec<&'static str>,
}

/// The comparison in a few figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub n_runs: usize,
    /// By generation, most runs first.
    pub by_generation: Vec<MfuSpread>,
    /// Runs with a stated MFU or throughput, hence a prediction.
    pub n_predicted: usize,
    pub n_within_10_pct: usize,
    pub n_within_25_pct: usize,
    /// Shares of predicted runs within ±10 % and ±25 % (0 when none).
    pub share_within_10_pct: f64,
    pub share_within_25_pct: f64,
}

/// A published FLOP total next to 6·N·D.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlopCheck {
    pub id: &'static str,
    pub name: &'static str,
    pub params: RunParams,
    pub n_tokens: f64,
    pub published_flops: Sourced<f64>,
    /// 6·N_active·D.
    pub flops: f64,
    /// (flops − published) / published × 100.
    pub diff_pct: f64,
    pub conventions: Vec<ConventionFlops>,
    pub caveats: &'static [Caveat],
    pub note: Option<&'static str>,
    pub source: &'static str,
}

/// The median implied MFU on one generation, for the MFU presets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GenerationMfu {
    pub generation: &'static str,
    pub median_mfu: f64,
    pub n_runs: usize,
}

fn pct(value: f64, reference: f64) -> f64 {
    (value - reference) / reference * 100.0
}

/// The counts for a run's model: from the spec when there is one (a preset
/// or paper dimensions), else as stated. `None` when a preset or paper id
/// does not resolve (a data error).
fn run_params(model: &RunModel, spec: Option<&ModelSpec>) -> Option<RunParams> {
    let basis = match model {
        RunModel::Count(count) => {
            return Some(RunParams {
                basis: CountBasis::Stated,
                exact: count.exact,
                active: count.active_params(),
                total: count.total,
                non_embedding: None,
            })
        }
        RunModel::Preset { .. } => CountBasis::Config,
        RunModel::Paper { .. } => CountBasis::PaperDims,
    };
    let p = count_params(spec?);
    Some(RunParams {
        basis,
        exact: basis == CountBasis::Config,
        active: p.active as f64,
        total: Some(p.total as f64),
        non_embedding: Some(p.non_embedding as f64),
    })
}

/// Training FLOPs (3 × forward) under every convention at `seq_len`.
fn convention_flops(
    spec: Option<&ModelSpec>,
    params: &RunParams,
    seq_len: u64,
    n_tokens: f64,
) -> Vec<ConventionFlops> {
    Convention::ALL
        .iter()
        .map(|&convention| {
            let training_flops = match (spec, convention) {
                (Some(spec), _) => Some(
                    3.0 * flops::forward_flops_per_token(spec, seq_len, convention).total
                        * n_tokens,
                ),
                (None, Convention::SixN(flops::NBasis::Active)) => {
                    Some(6.0 * params.active * n_tokens)
                }
                (None, Convention::SixN(flops::NBasis::Total)) => {
                    params.total.map(|total| 6.0 * total * n_tokens)
                }
                (None, _) => None,
            };
            ConventionFlops {
                convention: convention.key(),
                training_flops,
            }
        })
        .collect()
}

/// The default convention's training FLOPs. It is 6·N·D by active
/// parameters, which even a run known only by its counts has.
fn default_flops(conventions: &[ConventionFlops]) -> Option<f64> {
    let key = Convention::DEFAULT.key();
    conventions
        .iter()
        .find(|c| c.convention == key)
        .and_then(|c| c.training_flops)
}

fn accelerator_hours(flops: f64, peak_flops_per_s: f64, mfu: f64) -> f64 {
    time_and_cost(&TimeCostInputs {
        total_flops: flops,
        peak_flops_per_s,
        n_accelerators: 1,
        mfu,
        usd_per_accelerator_hour: None,
    })
    .accelerator_hours
}

/// A run next to flopcast's estimate. `None` only on a data error (an
/// accelerator, preset or paper id that does not resolve), which the tests
/// rule out for every row of [`RUNS`].
pub fn compare(run: &'static Run) -> Option<Comparison> {
    let accelerator = hardware::find(run.hardware.accelerator_id)?;
    let peak_flops_per_s = accelerator.peak_flops_per_s(run.hardware.precision)?;
    let spec = model_spec(&run.model);
    let params = run_params(&run.model, spec.as_ref())?;
    let seq_len = run
        .seq_len
        .map(|s| s.value)
        .or_else(|| spec.as_ref().map(ModelSpec::context_len));
    let n_tokens = run.n_tokens.value;
    let conventions = convention_flops(spec.as_ref(), &params, seq_len.unwrap_or(1), n_tokens);
    let flops = default_flops(&conventions)?;
    let published_hours = run.accelerator_hours.value;
    let implied_mfu = flops / (published_hours * 3600.0 * peak_flops_per_s);
    let tokens_rate =
        |tokens_per_s: f64| MfuBand::point(flops / n_tokens * tokens_per_s / peak_flops_per_s);
    let stated_mfu = run
        .stated
        .map(|stated| match (stated.rate, stated.counted) {
            (StatedRate::Mfu { low, high, .. }, _) => MfuBand { low, high },
            (
                StatedRate::Throughput {
                    flops_per_s_per_accelerator,
                },
                Counted::MegatronHardwareFlops,
            ) => match spec.as_ref().zip(seq_len) {
                Some((spec, s)) => tokens_rate(
                    flops_per_s_per_accelerator / megatron_hardware_flops_per_token(spec, s),
                ),
                // Without dimensions: drop the recomputed forward (× 3/4).
                None => MfuBand::point(0.75 * flops_per_s_per_accelerator / peak_flops_per_s),
            },
            (
                StatedRate::Throughput {
                    flops_per_s_per_accelerator,
                },
                Counted::ModelFlops,
            ) => MfuBand::point(flops_per_s_per_accelerator / peak_flops_per_s),
            (
                StatedRate::TokensPerSecond {
                    tokens_per_s_per_accelerator,
                },
                _,
            ) => tokens_rate(tokens_per_s_per_accelerator),
        });
    let stated_point = run
        .stated
        .zip(stated_mfu)
        .map(|(stated, band)| match stated.rate {
            StatedRate::Mfu { mfu, .. } => mfu,
            _ => band.low,
        });
    let goodput = GOODPUTS
        .iter()
        .find(|g| g.run_id == run.id)
        .map(|g| g.goodput);
    let lost = goodput.unwrap_or(1.0);
    let before_goodput = stated_point.map(|mfu| accelerator_hours(flops, peak_flops_per_s, mfu));
    let predicted = before_goodput.map(|hours| hours / lost);
    let error_pct = predicted.map(|hours| pct(hours, published_hours));
    Some(Comparison {
        run,
        generation: super::generation(accelerator.id)?,
        precision: run.hardware.precision,
        peak_flops_per_s,
        params,
        seq_len,
        conventions,
        flops,
        flops_vs_published_pct: run.published_flops.map(|p| pct(flops, p.value)),
        published_accelerator_hours: published_hours,
        implied_mfu,
        stated_mfu,
        predicted_accelerator_hours: predicted,
        predicted_accelerator_hours_range: stated_mfu.map(|band| {
            (
                accelerator_hours(flops, peak_flops_per_s, band.high) / lost,
                accelerator_hours(flops, peak_flops_per_s, band.low) / lost,
            )
        }),
        error_pct,
        counted: run.stated.map(|s| s.counted),
        goodput,
        predicted_before_goodput: before_goodput,
        miss: error_pct.filter(|e| e.abs() > 10.0).and_then(|_| {
            MISSES
                .iter()
                .find(|(id, _)| *id == run.id)
                .map(|(_, why)| *why)
        }),
    })
}

/// Hardware FLOPs per token by Megatron-LM's throughput formula with full
/// recomputation (Narayanan et al. 2021, eq. 3, per token):
/// `96·l·h²·(1 + s/(6h) + V/(16·l·h))`, from the spec's layers `l`, width
/// `h` and vocabulary `V` at sequence length `s`.
fn megatron_hardware_flops_per_token(spec: &ModelSpec, s: u64) -> f64 {
    let l = spec.n_layers() as f64;
    let h = spec.d_model as f64;
    let v = spec.vocab_size as f64;
    96.0 * l * h * h * (1.0 + s as f64 / (6.0 * h) + v / (16.0 * l * h))
}

/// Every run of [`RUNS`] compared, in table order.
pub fn comparisons() -> Vec<Comparison> {
    RUNS.iter().filter_map(compare).collect()
}

/// The `q`-quantile of sorted values, interpolating linearly between ranks.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n => {
            let rank = q * (n - 1) as f64;
            let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
            sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64)
        }
    }
}

fn spread(generation: &'static str, comparisons: &[&Comparison]) -> MfuSpread {
    let mut mfus: Vec<f64> = comparisons.iter().map(|c| c.implied_mfu).collect();
    mfus.sort_by(f64::total_cmp);
    MfuSpread {
        generation,
        n_runs: mfus.len(),
        median: quantile(&mfus, 0.5),
        q1: quantile(&mfus, 0.25),
        q3: quantile(&mfus, 0.75),
        min: mfus.first().copied().unwrap_or(f64::NAN),
        max: mfus.last().copied().unwrap_or(f64::NAN),
        run_ids: comparisons.iter().map(|c| c.run.id).collect(),
    }
}

/// Implied MFU by generation, and how often stated figures predict the
/// published hours within ±10 % and ±25 %.
pub fn summary(comparisons: &[Comparison]) -> Summary {
    let mut generations: Vec<&'static str> = Vec::new();
    for c in comparisons {
        if !generations.contains(&c.generation) {
            generations.push(c.generation);
        }
    }
    let mut by_generation: Vec<MfuSpread> = generations
        .into_iter()
        .map(|g| {
            let runs: Vec<&Comparison> = comparisons.iter().filter(|c| c.generation == g).collect();
            spread(g, &runs)
        })
        .collect();
    by_generation.sort_by_key(|g| std::cmp::Reverse(g.n_runs));
    let errors: Vec<f64> = comparisons.iter().filter_map(|c| c.error_pct).collect();
    let within = |limit: f64| errors.iter().filter(|e| e.abs() <= limit).count();
    let share = |n: usize| {
        if errors.is_empty() {
            0.0
        } else {
            n as f64 / errors.len() as f64
        }
    };
    let (n10, n25) = (within(10.0), within(25.0));
    Summary {
        n_runs: comparisons.len(),
        by_generation,
        n_predicted: errors.len(),
        n_within_10_pct: n10,
        n_within_25_pct: n25,
        share_within_10_pct: share(n10),
        share_within_25_pct: share(n25),
    }
}

/// The median implied MFU of the published runs on the generation of this
/// catalog accelerator, with their count; `None` for an unknown id or a
/// generation with no published run.
pub fn median_mfu_for(accelerator_id: &str) -> Option<GenerationMfu> {
    let generation = super::generation(accelerator_id)?;
    // Only this generation's runs are compared: comparing one counts its model,
    // which for a preset means parsing its config.
    let same: Vec<Comparison> = RUNS
        .iter()
        .filter(|run| super::generation(run.hardware.accelerator_id) == Some(generation))
        .filter_map(compare)
        .collect();
    let runs: Vec<&Comparison> = same.iter().collect();
    if runs.is_empty() {
        return None;
    }
    let spread = spread(generation, &runs);
    Some(GenerationMfu {
        generation,
        median_mfu: spread.median,
        n_runs: spread.n_runs,
    })
}

fn flop_check(reference: &FlopReference) -> Option<FlopCheck> {
    let spec = model_spec(&reference.model);
    let params = run_params(&reference.model, spec.as_ref())?;
    let n_tokens = reference.n_tokens.value;
    let seq_len = reference
        .seq_len
        .map(|s| s.value)
        .or_else(|| spec.as_ref().map(ModelSpec::context_len))
        .unwrap_or(1);
    let conventions = convention_flops(spec.as_ref(), &params, seq_len, n_tokens);
    let flops = default_flops(&conventions)?;
    Some(FlopCheck {
        id: reference.id,
        name: reference.name,
        params,
        n_tokens,
        published_flops: reference.published_flops,
        flops,
        diff_pct: pct(flops, reference.published_flops.value),
        conventions,
        caveats: reference.caveats,
        note: reference.note,
        source: reference.source,
    })
}

/// Every published FLOP total next to 6·N·D: the runs of [`RUNS`] that state
/// one, then [`FLOP_ONLY`].
pub fn flop_checks() -> Vec<FlopCheck> {
    let runs = RUNS.iter().filter_map(|run| {
        Some(FlopReference {
            id: run.id,
            name: run.name,
            organization: run.organization,
            model: run.model,
            n_tokens: run.n_tokens,
            seq_len: run.seq_len,
            published_flops: run.published_flops?,
            caveats: run.caveats,
            note: run.note,
            source: run.source,
        })
    });
    runs.chain(FLOP_ONLY.iter().copied())
        .filter_map(|reference| flop_check(&reference))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert_eq!(quantile(&[7.0], 0.5), 7.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn a_summary_of_nothing_has_zero_shares() {
        let s = summary(&[]);
        assert_eq!((s.n_runs, s.n_predicted), (0, 0));
        assert_eq!((s.share_within_10_pct, s.share_within_25_pct), (0.0, 0.0));
    }
}
