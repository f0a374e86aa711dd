//! Published pre-training runs, and how flopcast's estimates compare with them:
//! the answer to "does it match reality?".
//!
//! This module owns the table of runs ([`RUNS`], copied from
//! `core/data/reference/training_runs.json` with a provenance tag on every
//! value and the source of every record), the mapping of each run onto a
//! catalog accelerator and a model flopcast can count, and the comparison:
//! flopcast's training FLOPs under every convention, the MFU the published
//! accelerator-hours imply, and, where the source states an MFU or a
//! throughput, the hours flopcast predicts at that figure and how far they
//! land from the published ones ([`compare`], [`summary`]). It also builds a
//! [`Scenario`] for a run ([`run_scenario`]), gives the median implied MFU per
//! accelerator generation ([`median_mfu_for`]), and checks the GPT-3
//! family's `12·n_layer·d_model²` heuristic ([`gpt3_checks`]). Its energy
//! part ([`ENERGY_RUNS`], from `energy_runs.json`) recomputes every published
//! energy and emissions figure by its source's own method
//! ([`energy_comparisons`], [`energy_summary`], [`energy_disagreements`]).
//!
//! It deliberately does not correct published figures: hours that include
//! restarts, distillation that 6·N·D does not see, or sources that disagree
//! stay as published and are flagged with a [`Caveat`]. It counts FLOPs,
//! peaks and time only through [`crate::flops`], [`crate::hardware`] and
//! [`crate::cost`].

mod compare;
mod data;
mod energy;
mod energy_data;
mod gpt3;

pub use compare::{
    compare, comparisons, flop_checks, median_mfu_for, summary, Comparison, ConventionFlops,
    CountBasis, FlopCheck, GenerationMfu, MfuSpread, RunParams, Summary,
};
pub use data::{FLOP_ONLY, GOODPUTS, MISSES, RUNS};
pub use energy::{
    check_other, compare_energy, energy_comparisons, energy_disagreements, energy_for_run,
    energy_summary, run_watts, Check, Disagreement, EmissionsBasis, EnergyComparison, EnergyRun,
    EnergySummary, Inferred, Method, Miss, OtherFigure, OtherFigureCheck, PowerBasis, Recompute,
    RunPower, StepSummary, TOLERANCE_PCT,
};
pub use energy_data::ENERGY_RUNS;
pub use gpt3::{gpt3_checks, Gpt3Check};

use serde::Serialize;

use crate::cost::MfuBand;
use crate::hardware::{AcceleratorInUse, Precision};
use crate::model::{Dims, DimsMoe, ModelSpec, NormKind};
use crate::papers;
use crate::scenario::{ModelChoice, Scenario, TokenSource, DEFAULT_ACCELERATORS};

/// How a value reached the reference data (the tags of `training_runs.json`),
/// plus flopcast's own assumptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Read in an official artefact: model card, official README, docs, blog.
    Primary,
    /// Verbatim text of the paper, read in a transcription or its LaTeX.
    PrimaryTranscript,
    /// A third party quoting the primary source.
    SecondaryQuote,
    /// Computed from stated numbers (the formula is in the reference data).
    Derived,
    /// Not in any source: flopcast's assumption, said where it is made.
    Assumed,
}

/// A value and how it is known.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub provenance: Provenance,
}

/// A parameter count stated by a source, for a model flopcast has no
/// dimensions for.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StatedCount {
    /// Every parameter; `None` when not published.
    pub total: Option<f64>,
    /// Parameters a token uses, for a mixture of experts; `None` for a dense
    /// model (all of them).
    pub active: Option<f64>,
    /// The count is exact (stated to the unit, or summed from exact parts),
    /// not a rounded "nominal" size.
    pub exact: bool,
    pub provenance: Provenance,
}

impl StatedCount {
    /// The parameters a token uses: `active`, else `total` (0 if neither).
    pub fn active_params(&self) -> f64 {
        self.active.or(self.total).unwrap_or(0.0)
    }
}

/// What flopcast knows of a run's model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunModel {
    /// A preset: the model's real `config.json`, so the count is exact.
    Preset {
        id: &'static str,
        /// Why this preset describes the run's model when the names differ.
        note: Option<&'static str>,
    },
    /// The paper's hyperparameters ([`crate::papers`]).
    Paper { id: &'static str },
    /// Only a parameter count is published.
    Count(StatedCount),
}

/// The hardware a run used, as stated and as flopcast maps it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RunHardware {
    /// The source's words.
    pub stated: &'static str,
    pub provenance: Provenance,
    /// The catalog accelerator it maps to. A100s and H100s are taken as the
    /// SXM parts (same dense peaks as PCIe for the A100).
    pub accelerator_id: &'static str,
    /// The precision whose dense peak MFU is measured against: BF16 unless
    /// the source says FP16 (same peak on A100).
    pub precision: Precision,
    pub precision_provenance: Provenance,
}

/// A throughput figure a source states for the run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StatedRate {
    /// Model FLOPs utilization; `low`..`high` is the range the source gives
    /// (equal to `mfu` when it gives one figure).
    Mfu { mfu: f64, low: f64, high: f64 },
    /// Achieved FLOP/s per accelerator; ÷ the dense peak gives an MFU.
    Throughput { flops_per_s_per_accelerator: f64 },
    /// Tokens per second per accelerator; × FLOPs per token ÷ peak gives an MFU.
    TokensPerSecond { tokens_per_s_per_accelerator: f64 },
}

/// A stated throughput, how it is known and what it counts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Stated {
    pub rate: StatedRate,
    pub provenance: Provenance,
    pub note: &'static str,
    /// What a stated FLOP rate counts; [`Counted::ModelFlops`] for MFUs and
    /// token rates.
    pub counted: Counted,
}

/// What a stated FLOP rate counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Model FLOPs (the rate is an MFU, or converts to one as it is).
    ModelFlops,
    /// Hardware FLOPs by Megatron-LM's formula with full activation
    /// recomputation: `96·l·h²·(1 + s/6h + V/16lh)` per token (Narayanan et
    /// al. 2021, eq. 3): the forward counted twice. It is converted to tokens
    /// per second with that formula before comparing, so it becomes
    /// convention-free.
    MegatronHardwareFlops,
}

/// The goodput a source states for a run: the share of its wall-clock time
/// that trained.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RunGoodput {
    pub run_id: &'static str,
    pub goodput: f64,
    pub provenance: Provenance,
    pub source: &'static str,
}

/// Why a run's published figures may not match a FLOPs-over-throughput
/// estimate. Flags, not corrections: nothing is adjusted for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Caveat {
    /// The published hours include downtime, restarts or repeated steps.
    DowntimeIncluded,
    /// The hours (or tokens) span several stages: a long-context extension,
    /// annealing, or phases on different hardware.
    MultiStage,
    /// Trained with distillation or pruning: teacher passes are not in 6·N·D.
    Distillation,
    /// Sources give different figures (see the note).
    SourcesDisagree,
    /// A mixture of experts: 6·N uses the active parameters.
    Moe,
    /// Trained with FP8 matrix multiplies; MFU is against the BF16 peak.
    Fp8,
    /// The token count is a bound or a round figure ("over 15T", "up to 9T").
    TokensApproximate,
    /// The hours are a round figure ("~7M").
    HoursApproximate,
    /// The hours are derived (count × days, or a per-token rate × tokens).
    HoursDerived,
    /// The hours look copied from another model's row.
    HoursReused,
}

impl Caveat {
    /// What the caveat means, for the page and the CLI.
    pub fn label(self) -> &'static str {
        match self {
            Caveat::DowntimeIncluded => "published hours include downtime or restarts",
            Caveat::MultiStage => "hours span several training stages",
            Caveat::Distillation => "distilled or pruned: 6·N·D is a floor",
            Caveat::SourcesDisagree => "sources disagree",
            Caveat::Moe => "mixture of experts",
            Caveat::Fp8 => "trained in FP8; MFU against the BF16 peak",
            Caveat::TokensApproximate => "token count is approximate",
            Caveat::HoursApproximate => "hours are approximate",
            Caveat::HoursDerived => "hours derived from days × count or a rate",
            Caveat::HoursReused => "hours look copied from another row",
        }
    }
}

/// One published pre-training run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Run {
    /// The id in `training_runs.json`; stable, never renamed.
    pub id: &'static str,
    pub name: &'static str,
    pub organization: &'static str,
    pub model: RunModel,
    /// Training tokens, D.
    pub n_tokens: Sourced<f64>,
    /// Pre-training sequence length, where known.
    pub seq_len: Option<Sourced<u64>>,
    pub hardware: RunHardware,
    /// Accelerators in parallel, where stated.
    pub n_accelerators: Option<Sourced<u64>>,
    /// Accelerator-hours (GPU-hours, or TPU chip-hours) as published.
    pub accelerator_hours: Sourced<f64>,
    /// How derived hours were computed.
    pub hours_derivation: Option<&'static str>,
    /// Total training FLOPs the source states, if any.
    pub published_flops: Option<Sourced<f64>>,
    /// MFU or throughput the source states, if any.
    pub stated: Option<Stated>,
    pub caveats: &'static [Caveat],
    /// flopcast's note on the caveats or the mapping.
    pub note: Option<&'static str>,
    /// The reference record's sources.
    pub source: &'static str,
}

/// A published FLOP total for a model with no usable run (no hours, or
/// hardware outside the catalog).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FlopReference {
    pub id: &'static str,
    pub name: &'static str,
    pub organization: &'static str,
    pub model: RunModel,
    pub n_tokens: Sourced<f64>,
    pub seq_len: Option<Sourced<u64>>,
    pub published_flops: Sourced<f64>,
    pub caveats: &'static [Caveat],
    pub note: Option<&'static str>,
    pub source: &'static str,
}

/// The run with this id.
pub fn find(id: &str) -> Option<&'static Run> {
    RUNS.iter().find(|run| run.id == id)
}

/// Accelerator generations MFU is summarised by, as catalog-id prefixes.
/// H800 stays apart from H100: same compute, cut interconnect.
const GENERATIONS: &[(&str, &str)] = &[
    ("a100-", "A100"),
    ("h100-", "H100"),
    ("h800-", "H800"),
    ("h200-", "H200"),
    ("b200", "B200"),
    ("gb200", "GB200"),
    ("v100-", "V100"),
    ("tpu-v4", "TPU v4"),
    ("tpu-v5e", "TPU v5e"),
    ("tpu-v5p", "TPU v5p"),
    ("tpu-v6e", "TPU v6e"),
];

/// The generation of a catalog accelerator ("A100" for every A100 variant);
/// an accelerator of no listed generation (L4, MI300X, …) is its own, named as in
/// the catalog. `None` for an id that is not in the catalog.
pub fn generation(accelerator_id: &str) -> Option<&'static str> {
    let accelerator = crate::hardware::find(accelerator_id)?;
    Some(
        GENERATIONS
            .iter()
            .find(|(prefix, _)| accelerator.id.starts_with(prefix))
            .map_or(accelerator.name, |&(_, name)| name),
    )
}

/// The spec flopcast counts a run's model with; `None` for a bare count
/// (or a data error: an unknown preset or paper id, which the tests rule out).
fn model_spec(model: &RunModel) -> Option<ModelSpec> {
    match *model {
        RunModel::Preset { id, .. } => ModelChoice::preset(id).map(|(choice, _)| choice.spec),
        RunModel::Paper { id } => papers::find(id)?.spec(),
        RunModel::Count(_) => None,
    }
}

/// Which MFU a run's scenario gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunMfu {
    /// The MFU the published hours imply: the scenario reproduces them.
    Implied,
    /// The MFU (or band) the source states; the implied one when none is.
    Stated,
}

/// The scenario for a published run, for the page's "load this run" button:
/// its model, tokens, sequence length, accelerator at the run's precision,
/// accelerator count, the chosen MFU, the default price and convention.
///
/// Where the source gives no count, [`DEFAULT_ACCELERATORS`] is used (time
/// then means little; accelerator-hours and cost do not depend on it). A
/// model known only by its count loads as a stand-in: a Llama-shaped model of
/// that size (a mixture of experts keeps its total and active sizes), named
/// `stand-in`, whose count is within 0.1 % of the stated one. `None` for an
/// unknown id.
pub fn run_scenario(id: &str, mfu: RunMfu) -> Option<Scenario> {
    let run = find(id)?;
    let comparison = compare(run)?;
    let seq_len = run.seq_len.map(|s| s.value);
    let model = match run.model {
        RunModel::Preset { id, .. } => ModelChoice::preset(id)?.0,
        RunModel::Paper { .. } => ModelChoice::custom(model_spec(&run.model)?),
        RunModel::Count(count) => ModelChoice::custom(stand_in_spec(&count, seq_len)?),
    };
    // At the stated MFU the source's goodput applies; the implied MFU
    // already absorbs every hour lost.
    let (band, goodput) = match (mfu, comparison.stated_mfu) {
        (RunMfu::Stated, Some(stated)) => (
            stated,
            comparison
                .goodput
                .unwrap_or(crate::defaults::DEFAULT_GOODPUT),
        ),
        _ => (
            MfuBand::point(comparison.implied_mfu),
            crate::defaults::DEFAULT_GOODPUT,
        ),
    };
    Some(Scenario {
        model,
        n_tokens: run.n_tokens.value,
        // the run's own count: it stays if the model is changed afterwards
        tokens_source: TokenSource::Typed,
        seq_len,
        accelerator: AcceleratorInUse::from_catalog(
            run.hardware.accelerator_id,
            Some(run.hardware.precision),
        )?,
        n_accelerators: run
            .n_accelerators
            .map_or(DEFAULT_ACCELERATORS, |n| n.value.max(1)),
        mfu: band,
        goodput,
        // and the accelerator's default quote (`PriceChoice::Default`)
        ..Scenario::default()
    })
}

/// Vocabulary of the stand-in shape (Llama 1/2's).
const STAND_IN_VOCAB: u64 = 32_000;
/// Head width of the stand-in shape, and its width-to-depth ratio.
const STAND_IN_HEAD_DIM: u64 = 128;

/// A Llama-shaped model with about the stated number of parameters: width
/// from `N ≈ 12·d³/128` (depth = width / 128, as Llama 2 7B), rounded to a
/// multiple of 128, then the MLP width solved so the active count lands on
/// the stated one. A mixture of experts gets top-1 routing over as many
/// experts as bring the total to its stated size.
fn stand_in_spec(count: &StatedCount, seq_len: Option<u64>) -> Option<ModelSpec> {
    let active = count.active_params();
    if !(active.is_finite() && active >= 1e6) {
        return None;
    }
    let head = STAND_IN_HEAD_DIM as f64;
    let d_model = ((active * head / 12.0).cbrt() / head).round().max(2.0) * head;
    let d = d_model as u64;
    let v = STAND_IN_VOCAB as f64;
    // Tied embeddings, RMSNorm: V·d + L·(4d² + 3·d·d_ff + 2d) + d.
    let mut n_layers = (d / STAND_IN_HEAD_DIM).max(1);
    let d_ff_for = |layers: u64| {
        let l = layers as f64;
        (active - v * d_model - d_model - l * (4.0 * d_model * d_model + 2.0 * d_model))
            / (3.0 * l * d_model)
    };
    while n_layers > 1 && d_ff_for(n_layers) < d_model {
        n_layers -= 1;
    }
    // Below about 22M parameters even one layer leaves no MLP: the stand-in's
    // embeddings alone outweigh the count, so no Llama shape stands for it.
    let d_ff = d_ff_for(n_layers).round();
    if d_ff.is_nan() || d_ff < 1.0 {
        return None;
    }
    let moe = match count.total {
        Some(total) if count.active.is_some() && total > active * 1.05 => {
            let expert = n_layers as f64 * 3.0 * d_model * d_ff;
            let n_experts = ((total - active) / expert + 1.0).round().max(2.0);
            Some(DimsMoe {
                n_experts: n_experts as u64,
                top_k: 1,
                n_shared: 0,
            })
        }
        _ => None,
    };
    let dims = Dims {
        n_layers,
        d_model: d,
        n_heads: d / STAND_IN_HEAD_DIM,
        n_kv_heads: None,
        head_dim: Some(STAND_IN_HEAD_DIM),
        d_ff: d_ff as u64,
        vocab_size: STAND_IN_VOCAB,
        context_len: seq_len.unwrap_or(4_096),
        gated_mlp: true,
        tied_embeddings: true,
        biases: false,
        learned_positions: false,
        norm: NormKind::Rms,
        parallel: false,
        moe,
    };
    let mut spec = crate::config::from_dims(&dims).ok()?;
    spec.model_type = "stand-in".into();
    Some(spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::count_params;

    #[test]
    fn generations_group_variants_and_refuse_unknown_ids() {
        assert_eq!(generation("a100-sxm4-40gb"), Some("A100"));
        assert_eq!(generation("a100-pcie-80gb"), Some("A100"));
        assert_eq!(generation("h100-nvl-94gb"), Some("H100"));
        assert_eq!(generation("h800-sxm5-80gb"), Some("H800"));
        assert_eq!(generation("tpu-v4"), Some("TPU v4"));
        assert_eq!(
            generation("l4"),
            crate::hardware::find("l4").map(|a| a.name)
        );
        assert_eq!(generation("no-such-chip"), None);
    }

    #[test]
    fn stand_ins_land_within_a_tenth_of_a_percent_of_the_stated_count() {
        for (active, total) in [
            (70e6, None),
            (1.3e9, None),
            (34e9, None),
            (180e9, None),
            (1_414_647_808.0, None),
            (17e9, Some(109e9)),
            (21e9, Some(236e9)),
        ] {
            let count = StatedCount {
                total: total.or(Some(active)),
                active: total.map(|_| active),
                exact: false,
                provenance: Provenance::Primary,
            };
            let spec = stand_in_spec(&count, Some(2048)).expect("stand-in builds");
            // The usual shape: an MLP at least as wide as the model.
            assert!(
                spec.d_ff() >= spec.d_model,
                "{active:e}: d_ff {}",
                spec.d_ff()
            );
            let p = count_params(&spec);
            let off = (p.active as f64 / active - 1.0).abs();
            assert!(off < 1e-3, "{active:e}: active {} ({off:e} off)", p.active);
            if let Some(total) = total {
                let off = (p.total as f64 / total - 1.0).abs();
                assert!(off < 0.10, "{total:e}: total {} ({off:e} off)", p.total);
            } else {
                // A dense count stays dense: every parameter is active.
                assert_eq!(p.total, p.active, "{active:e}");
                // One more unit of d_ff adds 3·d parameters to each of the L
                // layers (gate, up, down): the nearest whole d_ff lands within
                // half that, 1.5·L·d, of the stated count.
                let layers: u64 = p.layers.iter().map(|l| l.count).sum();
                let half_step = 1.5 * layers as f64 * spec.d_model as f64;
                let off = (p.active as f64 - active).abs();
                assert!(
                    off <= half_step,
                    "{active:e}: {off} off, half a step is {half_step}"
                );
            }
        }
    }

    /// A dense model's stated count.
    fn dense(total: f64) -> StatedCount {
        StatedCount {
            total: Some(total),
            active: None,
            exact: false,
            provenance: Provenance::Primary,
        }
    }

    #[test]
    fn a_stand_in_keeps_its_depth_when_the_mlp_comes_out_exactly_as_wide_as_the_model() {
        // d = 768 (the width 49,358,592 parameters give), 6 layers of
        // 4·d² + 3·d·768 + 2·d, and 32,000 · d + d outside them: the MLP
        // solves to exactly d, the narrowest the depth search accepts.
        let spec = stand_in_spec(&dense(49_358_592.0), None).expect("stand-in builds");
        assert_eq!((spec.d_model, spec.n_layers(), spec.d_ff()), (768, 6, 768));
        assert_eq!(count_params(&spec).total, 49_358_592);
    }

    #[test]
    fn a_stand_in_gives_up_layers_until_its_mlp_is_as_wide_as_the_model() {
        // 49M parameters: d = 768, so 6 layers to start; with 6 the MLP would
        // be narrower than the model (d_ff 742), with 5 it is 1,095 wide:
        // 32,000·768 + 768 + 5·(4·768² + 3·768·1,095 + 2·768) = 48,995,328.
        let spec = stand_in_spec(&dense(49e6), None).expect("stand-in builds");
        assert_eq!((spec.d_model, spec.n_layers(), spec.d_ff()), (768, 5, 1095));
        assert_eq!(count_params(&spec).total, 48_995_328);
    }

    #[test]
    fn a_stand_in_is_a_mixture_of_experts_only_beyond_five_percent_more_in_total() {
        // 1.05e9 in total for 1e9 active: exactly 5 % more, still dense.
        let count = |total: f64| StatedCount {
            total: Some(total),
            active: Some(1e9),
            exact: false,
            provenance: Provenance::Primary,
        };
        let at = stand_in_spec(&count(1.05e9), None).expect("stand-in builds");
        assert!(at.moe().is_none());
        let beyond = stand_in_spec(&count(1.2e9), None).expect("stand-in builds");
        assert!(beyond.moe().is_some());
    }

    #[test]
    fn a_stand_in_goes_down_to_one_layer_and_no_further() {
        // 23M parameters: d = 640 (5 layers to start), and only one layer
        // leaves a positive MLP: 23e6 − 32,000·640 − 640 − (4·640² + 2·640)
        // = 879,680 = 3·640·458.2.
        let spec = stand_in_spec(&dense(23e6), None).expect("stand-in builds");
        assert_eq!((spec.d_model, spec.n_layers(), spec.d_ff()), (640, 1, 458));
        // At 10M the embeddings alone (32,000 × 512) outweigh the count.
        assert_eq!(stand_in_spec(&dense(1e7), None), None);
        // The narrowest MLP is one wide: 32,000·640 + 640 + (4·640² + 2·640) +
        // 3·640·1 = 22,122,240 gives it; 1,920 fewer leave none.
        let narrowest = stand_in_spec(&dense(22_122_240.0), None).expect("stand-in builds");
        assert_eq!(
            (narrowest.d_model, narrowest.n_layers(), narrowest.d_ff()),
            (640, 1, 1)
        );
        assert_eq!(count_params(&narrowest).total, 22_122_240);
        assert_eq!(stand_in_spec(&dense(22_120_320.0), None), None);
    }

    #[test]
    fn stand_ins_refuse_a_missing_count() {
        let count = StatedCount {
            total: None,
            active: None,
            exact: false,
            provenance: Provenance::Primary,
        };
        assert_eq!(stand_in_spec(&count, None), None);
    }
}
