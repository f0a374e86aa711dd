//! Estimates and tables as text to take away: the JSON report (the CLI's
//! `--json` and the page's download share this one schema), and the time &
//! cost tables as Markdown or CSV.
//!
//! It deliberately computes nothing: it lays out an [`Estimate`] and
//! [`TableRow`]s that the other modules made.

use serde::Serialize;

use crate::estimate::Estimate;
use crate::format;
use crate::hardware::PriceUsed;
use crate::memory::activations::Recompute;
use crate::scenario::Scenario;
use crate::tables::{Table, TableRow};

/// What the report covers: the model only (no token budget given), or the
/// whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Parameters and FLOPs per token.
    Model,
    /// Also training FLOPs, time, cost and memory.
    Run,
}

/// The report: the CLI's `--json` and the page's download. Stable keys
/// (external checks read them): `params.total`, `params.embedding`,
/// `params.non_embedding`, `params.active`, `params.exact` (false for a model of
/// no known family, with `params.approximate` saying why), `model.model_type`, `assumptions`,
/// `seq_len`, `flops_per_token.forward.{kaplan,six_n,dense,causal}` (six_n with
/// N = active), the same under `flops_per_token.training`, and for a run
/// `training.flops`, `time.seconds`, `time.gpu_hours`, `cost.usd`,
/// `memory.min_gpus`, `hardware.peak_flops_per_s`, `hardware.usd_per_hour`.
/// `time.seconds`, `time.gpu_hours` and `cost.usd` are the slow, dear end of
/// an MFU band (its low MFU); `time.range`, `time.gpu_hours_range` and
/// `cost.range` give both ends as numbers, `{"min", "max"}`, smallest first.
/// Energy and emissions: `energy.kwh` (the high end: low MFU, high power
/// factor), `energy.kwh_range`, `emissions.tco2e` (0 when market-based),
/// `emissions.tco2e_range`, `emissions.location_tco2e`,
/// `emissions.grid_kg_per_kwh` and `emissions.region` (the region id, `null`
/// for a typed figure); all `null` when the accelerator has no power figure,
/// with `energy.unavailable` saying why.
///
/// It is a plain serde structure borrowing from the estimate, so one
/// serializer writes it (no intermediate `serde_json::Value`).
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    model: ModelPart<'a>,
    assumptions: &'a [String],
    approximations: &'a [String],
    /// Warnings on the scenario (a sequence length beyond the context).
    warnings: &'a [String],
    params: ParamsPart<'a>,
    seq_len: u64,
    convention: String,
    flops_per_token: FlopsPart<'a>,
    /// Training, hardware, MFU, time, cost and memory: only for a whole run.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    run: Option<RunPart>,
}

#[derive(Debug, Serialize)]
struct ModelPart<'a> {
    model_type: &'a str,
    name: String,
    preset: Option<&'static str>,
    spec: &'a crate::model::ModelSpec,
    /// What the state-space and linear-attention layers keep per sequence in
    /// place of a KV cache, in elements; absent for a model without them.
    /// The same as `sequence_cache.state`.
    #[serde(skip_serializing_if = "Option::is_none")]
    recurrent_state: Option<crate::memory::RecurrentState>,
    /// What one sequence keeps to generate (inference), by kind of layer: the
    /// mixer layers' state and the attention layers' KV cache at `seq_len`,
    /// in elements (`memory::sequence_cache`).
    sequence_cache: crate::memory::SequenceCache,
}

#[derive(Debug, Serialize)]
struct ParamsPart<'a> {
    total: u64,
    embedding: u64,
    head: u64,
    non_embedding: u64,
    active: u64,
    /// False when the count is approximate (a model of no known family).
    exact: bool,
    /// Why it is approximate.
    #[serde(skip_serializing_if = "Option::is_none")]
    approximate: Option<&'a str>,
    breakdown: &'a crate::params::Components,
    layers: &'a [crate::params::LayerParams],
}

#[derive(Debug, Serialize)]
struct FlopsPart<'a> {
    forward: PerToken,
    training: PerToken,
    training_is: &'static str,
    breakdown: &'a crate::flops::FlopBreakdown,
}

/// FLOPs per token under each convention (`None` where one does not apply).
#[derive(Debug, Serialize)]
struct PerToken {
    kaplan: Option<f64>,
    six_n: Option<f64>,
    six_n_total: Option<f64>,
    six_n_non_embedding: Option<f64>,
    dense: Option<f64>,
    causal: Option<f64>,
}

#[derive(Debug, Serialize)]
struct RunPart {
    training: TrainingPart,
    hardware: HardwarePart,
    mfu: crate::cost::MfuBand,
    time: TimePart,
    cost: CostPart,
    energy: EnergyPart,
    emissions: EmissionsPart,
    memory: MemoryPart,
    #[serde(skip_serializing_if = "Option::is_none")]
    layout: Option<LayoutPart>,
}

#[derive(Debug, Serialize)]
struct EnergyPart {
    kwh: Option<f64>,
    kwh_range: Option<Range>,
    /// As the page reads it: "3.52–4.1 GWh".
    text: String,
    board_power_w: Option<f64>,
    /// `tdp`, `measured` or the fraction typed.
    power: crate::energy::PowerFactor,
    power_factor_range: Range,
    pue: f64,
    formula: Option<String>,
    unavailable: Option<String>,
}

#[derive(Debug, Serialize)]
struct EmissionsPart {
    tco2e: Option<f64>,
    tco2e_range: Option<Range>,
    /// "location" or "market".
    basis: &'static str,
    location_tco2e: Option<f64>,
    location_tco2e_range: Option<Range>,
    grid_kg_per_kwh: f64,
    region: Option<&'static str>,
    /// The grid in words, with its year: "United States, 2023 (0.369 kg CO₂e/kWh)".
    grid: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct TrainingPart {
    tokens: f64,
    flops: f64,
    model_flops: f64,
    hardware_flops: f64,
    recompute: &'static str,
    tokens_per_param: f64,
    chinchilla_tokens: f64,
    pf_days: f64,
    gpt3_multiple: f64,
    over_eu_ai_act_threshold: bool,
}

#[derive(Debug, Serialize)]
struct HardwarePart {
    id: String,
    name: String,
    precision: Option<&'static str>,
    count: u64,
    peak_flops_per_s: f64,
    usd_per_hour: Option<f64>,
    price: Option<PriceUsed>,
}

/// Both ends of a figure's range, smallest first.
#[derive(Debug, Serialize)]
struct Range {
    min: f64,
    max: f64,
}

impl From<(f64, f64)> for Range {
    fn from((min, max): (f64, f64)) -> Range {
        Range { min, max }
    }
}

#[derive(Debug, Serialize)]
struct TimePart {
    seconds: f64,
    gpu_hours: f64,
    seconds_at_high_mfu: f64,
    gpu_hours_at_high_mfu: f64,
    range: Range,
    gpu_hours_range: Range,
    /// Pipeline bubble, a fraction of the compute time: `(PP − 1)/(m · v)`.
    bubble_fraction: f64,
    mfu_includes_bubble: bool,
    compute_seconds: f64,
    with_bubble_seconds: f64,
    goodput: f64,
    lost_seconds: f64,
}

#[derive(Debug, Serialize)]
struct CostPart {
    usd: Option<f64>,
    usd_at_high_mfu: Option<f64>,
    range: Option<Range>,
}

#[derive(Debug, Serialize)]
struct MemoryPart {
    bytes_per_param: f64,
    /// Weights, gradients and optimizer bytes per parameter.
    state: crate::memory::BytesPerParam,
    training_state_bytes: Option<f64>,
    min_gpus: Option<u64>,
    /// The layout in use fits the accelerator's memory (`null`: unknown
    /// memory or an invalid layout).
    fits: Option<bool>,
    /// Bytes on one accelerator of the most loaded stage.
    per_accelerator: Option<crate::memory::breakdown::PerAccelerator>,
    stage: Option<crate::memory::breakdown::Stage>,
    capacity_bytes: Option<u64>,
    free_bytes: Option<f64>,
    kernels: &'static str,
    overhead: crate::memory::breakdown::Overhead,
    /// Why the layout cannot run, when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    approximations: Vec<String>,
}

#[derive(Debug, Serialize)]
struct LayoutPart {
    tp: u64,
    pp: u64,
    dp: u64,
    cp: u64,
    ep: u64,
    zero: u8,
    micro_batch: u64,
    interleave: u64,
    sequence_parallel: bool,
    recompute: &'static str,
    attention: &'static str,
    /// TP, PP and ZeRO were chosen by the layout search.
    automatic: bool,
    micro_batches: u64,
    global_batch_tokens: u64,
    summary: String,
}

/// Lays out the report for a scenario and its estimate.
pub fn report<'a>(
    scenario: &'a Scenario,
    estimate: &'a Estimate,
    assumptions: &'a [String],
    scope: Scope,
) -> Report<'a> {
    let forward = |key: &str| {
        estimate
            .conventions
            .iter()
            .find(|c| c.convention.key() == key)
            .map(|c| c.forward_per_token)
    };
    let per_token = |factor: f64| PerToken {
        kaplan: forward("kaplan").map(|f| f * factor),
        six_n: forward("six_n.active").map(|f| f * factor),
        six_n_total: forward("six_n.total").map(|f| f * factor),
        six_n_non_embedding: forward("six_n.non_embedding").map(|f| f * factor),
        dense: forward("dense").map(|f| f * factor),
        causal: forward("causal").map(|f| f * factor),
    };
    let training_factor = match scenario.recompute() {
        Recompute::Full => 4.0,
        _ => 3.0,
    };
    let p = &estimate.params;
    Report {
        model: ModelPart {
            model_type: scenario.model.spec.model_type(),
            name: scenario.model.name(),
            preset: scenario.model.preset.map(|p| p.id),
            spec: &scenario.model.spec,
            recurrent_state: Some(crate::memory::recurrent_state(&scenario.model.spec))
                .filter(|r| r.total() > 0),
            sequence_cache: crate::memory::sequence_cache(&scenario.model.spec, estimate.seq_len),
        },
        assumptions,
        approximations: &p.approximations,
        warnings: &estimate.warnings,
        params: ParamsPart {
            total: p.total,
            embedding: p.embedding,
            head: p.head,
            non_embedding: p.non_embedding,
            active: p.active,
            exact: p.approximate.is_none(),
            approximate: p.approximate.as_deref(),
            breakdown: &p.breakdown,
            layers: &p.layers,
        },
        seq_len: estimate.seq_len,
        convention: estimate.convention.key(),
        flops_per_token: FlopsPart {
            forward: per_token(1.0),
            training: per_token(training_factor),
            training_is: match scenario.recompute() {
                Recompute::Full => "forward × 4 (full activation recomputation)",
                Recompute::Selective => {
                    "forward × 3 (selective recomputation adds the attention core's forward to hardware FLOPs only)"
                }
                Recompute::None => "forward × 3",
            },
            breakdown: &estimate.breakdown,
        },
        run: (scope == Scope::Run).then(|| run_part(scenario, estimate)),
    }
}

fn run_part(scenario: &Scenario, estimate: &Estimate) -> RunPart {
    let t = &estimate.training;
    let low = estimate.time_cost.at_low_mfu;
    let high = estimate.time_cost.at_high_mfu;
    let price = estimate.hardware.price;
    let accelerator = &estimate.hardware.accelerator;
    let layout = estimate.layout.as_ref().ok();
    RunPart {
        training: TrainingPart {
            tokens: t.n_tokens,
            flops: t.model_flops,
            model_flops: t.model_flops,
            hardware_flops: t.hardware_flops,
            recompute: scenario.recompute().id(),
            tokens_per_param: t.tokens_per_param,
            chinchilla_tokens: t.chinchilla_tokens,
            pf_days: t.landmarks.pf_days,
            gpt3_multiple: t.landmarks.gpt3_multiple,
            over_eu_ai_act_threshold: t.landmarks.over_eu_ai_act_threshold,
        },
        hardware: HardwarePart {
            id: accelerator.id().to_string(),
            name: accelerator.name().to_string(),
            precision: accelerator.precision().map(|p| p.id()),
            count: estimate.hardware.n_accelerators,
            peak_flops_per_s: estimate.hardware.peak_flops_per_s,
            usd_per_hour: price.map(|p| p.usd_per_accelerator_hour()),
            price,
        },
        mfu: scenario.mfu,
        time: TimePart {
            seconds: low.wall_seconds,
            gpu_hours: low.accelerator_hours,
            seconds_at_high_mfu: high.wall_seconds,
            gpu_hours_at_high_mfu: high.accelerator_hours,
            range: estimate.time_cost.wall_seconds_range().into(),
            gpu_hours_range: estimate.time_cost.accelerator_hours_range().into(),
            bubble_fraction: estimate.time.bubble_fraction,
            mfu_includes_bubble: estimate.time.mfu_includes_bubble,
            compute_seconds: estimate.time.compute_seconds,
            with_bubble_seconds: estimate.time.with_bubble_seconds,
            goodput: estimate.time.goodput,
            lost_seconds: estimate.time.lost_seconds,
        },
        cost: CostPart {
            usd: low.cost_usd,
            usd_at_high_mfu: high.cost_usd,
            range: estimate.time_cost.cost_usd_range().map(Range::from),
        },
        energy: energy_part(&estimate.energy),
        emissions: emissions_part(&estimate.energy),
        memory: MemoryPart {
            bytes_per_param: scenario.memory.state.total(),
            state: scenario.memory.state,
            training_state_bytes: estimate.memory.map(|m| m.training_state_bytes),
            min_gpus: estimate
                .memory
                .map(|m| m.min_accelerators)
                .filter(|&n| n != u64::MAX),
            fits: layout.and_then(|b| b.fits),
            per_accelerator: layout.map(|b| b.per_accelerator),
            stage: layout.map(|b| b.stage),
            capacity_bytes: layout.and_then(|b| b.capacity_bytes),
            free_bytes: layout.and_then(|b| b.free_bytes),
            kernels: scenario.memory.kernels.id(),
            overhead: scenario.memory.overhead,
            error: estimate.layout.as_ref().err().map(ToString::to_string),
            approximations: layout.map(|b| b.approximations.clone()).unwrap_or_default(),
        },
        layout: layout.map(|b| {
            let l = &b.plan.layout;
            LayoutPart {
                tp: l.tp,
                pp: l.pp,
                dp: b.plan.dp,
                cp: l.cp,
                ep: l.ep,
                zero: l.zero.stage(),
                micro_batch: l.micro_batch,
                interleave: l.interleave,
                sequence_parallel: l.sequence_parallel,
                recompute: l.recompute.id(),
                attention: l.attention.id(),
                automatic: scenario.auto_layout,
                micro_batches: b.plan.micro_batches,
                global_batch_tokens: b.plan.global_batch_tokens,
                summary: b.layout_text.clone(),
            }
        }),
    }
}

fn energy_part(e: &crate::energy::EnergyEstimate) -> EnergyPart {
    EnergyPart {
        kwh: e.kwh.map(|(_, high)| high),
        kwh_range: e.kwh.map(Range::from),
        text: e.energy_text(),
        board_power_w: e.board_power.map(|b| b.watts),
        power: e.settings.power,
        power_factor_range: (e.power.low, e.power.high).into(),
        pue: e.settings.pue,
        formula: e.energy_formula().map(|w| w.formula),
        unavailable: e.unavailable(),
    }
}

fn emissions_part(e: &crate::energy::EnergyEstimate) -> EmissionsPart {
    let grid = e.settings.grid;
    EmissionsPart {
        tco2e: e.tco2e.map(|(_, high)| high),
        tco2e_range: e.tco2e.map(Range::from),
        basis: if e.settings.market_based {
            "market"
        } else {
            "location"
        },
        location_tco2e: e.location_tco2e.map(|(_, high)| high),
        location_tco2e_range: e.location_tco2e.map(Range::from),
        grid_kg_per_kwh: grid.kg_per_kwh(),
        region: grid.region().map(|r| r.id),
        grid: grid.describe(),
        text: e.emissions_text(),
    }
}

/// The report as pretty JSON text, for the page's download.
pub fn report_json(scenario: &Scenario, estimate: &Estimate, assumptions: &[String]) -> String {
    serde_json::to_string_pretty(&report(scenario, estimate, assumptions, Scope::Run))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One row's cells, as both text exports write them.
struct Columns {
    accelerator: String,
    yours: bool,
    precision: String,
    count: u64,
    peak_flops_per_s: f64,
    seconds: (f64, f64),
    accelerator_hours: (f64, f64),
    cost_usd: Option<(f64, f64)>,
    usd_per_hour: Option<f64>,
    price_source: String,
    fits_in_memory: String,
    best: String,
}

fn columns(row: &TableRow) -> Columns {
    Columns {
        accelerator: row.accelerator.name().to_string(),
        yours: row.yours,
        precision: row.precision_text(),
        count: row.n_accelerators,
        peak_flops_per_s: row.peak_flops_per_s,
        seconds: row.time_cost.wall_seconds_range(),
        accelerator_hours: row.time_cost.accelerator_hours_range(),
        cost_usd: row.time_cost.cost_usd_range(),
        usd_per_hour: row.price.map(|p| p.usd_per_accelerator_hour()),
        price_source: match row.price {
            Some(PriceUsed::Listed(q)) => format!("{} {} ({})", q.provider, q.sku, q.date),
            Some(PriceUsed::Custom { .. }) => "yours".to_string(),
            None => "no public price".to_string(),
        },
        fits_in_memory: match row.memory {
            None => "not checked".to_string(),
            Some(m) if m.fits => "yes".to_string(),
            Some(m) => format!("no ({})", m.text()),
        },
        best: row.marks(),
    }
}

/// Both tables as Markdown, each with its caption (what every row assumes)
/// above it and the marks left out, with why, below it: what the page shows.
pub fn tables_markdown(by_accelerator: &Table, by_count: &Table) -> String {
    let mut out = String::new();
    for (title, table) in [("By accelerator", by_accelerator), ("By count", by_count)] {
        markdown_table(
            &mut out,
            title,
            &table.rows,
            &table.caption,
            &table.omitted_marks,
        );
    }
    out
}

fn markdown_table(
    out: &mut String,
    title: &str,
    rows: &[TableRow],
    caption: &str,
    omitted_marks: &[String],
) {
    out.push_str(&format!("### {title}\n\n"));
    if !caption.is_empty() {
        out.push_str(&format!("{caption}\n\n"));
    }
    out.push_str("| Accelerator | Precision | Count | Peak FLOP/s | Time | Accelerator-hours | Cost | Price | Fits | Best |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|---|---|---|\n");
    for row in rows {
        let c = columns(row);
        let yours = if c.yours { " (yours)" } else { "" };
        out.push_str(&format!(
            "| {}{yours} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            c.accelerator,
            c.precision,
            format::grouped_u64(c.count),
            format::flop_rate(c.peak_flops_per_s),
            row.time_text(),
            row.hours_text(),
            row.cost_text(),
            match c.usd_per_hour {
                Some(usd) => format!("{} {}", format::usd_per_hour(usd), c.price_source),
                None => c.price_source,
            },
            c.fits_in_memory,
            c.best
        ));
    }
    out.push('\n');
    for note in omitted_marks {
        out.push_str(&format!("{note}\n\n"));
    }
}

/// Both tables as CSV (one header, a `table` column telling them apart).
/// Figures are numbers, each range as a `_min` and a `_max` column (equal
/// for a single MFU), with the time also as the page reads it (`time`).
/// Fields with commas or quotes are quoted.
pub fn csv(by_accelerator: &[TableRow], by_count: &[TableRow]) -> String {
    let mut out = String::from(
        "table,accelerator,yours,precision,count,peak_flops_per_s,time,seconds_min,seconds_max,accelerator_hours_min,accelerator_hours_max,cost_usd_min,cost_usd_max,usd_per_hour,price_source,fits_in_memory,best\n",
    );
    for (table, rows) in [("by_accelerator", by_accelerator), ("by_count", by_count)] {
        for row in rows {
            let c = columns(row);
            let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
            let fields = [
                table.to_string(),
                c.accelerator,
                c.yours.to_string(),
                c.precision,
                c.count.to_string(),
                c.peak_flops_per_s.to_string(),
                row.time_text(),
                c.seconds.0.to_string(),
                c.seconds.1.to_string(),
                c.accelerator_hours.0.to_string(),
                c.accelerator_hours.1.to_string(),
                number(c.cost_usd.map(|r| r.0)),
                number(c.cost_usd.map(|r| r.1)),
                number(c.usd_per_hour),
                c.price_source,
                c.fits_in_memory,
                c.best,
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
    }
    out
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
