//! `flopcast layouts`: the parallel layouts on which a model trains on a
//! given accelerator and count, ranked by the layout search's rule, and the
//! fewest accelerators on which any fits. It renders what
//! `flopcast_core::memory::search` computes.

use flopcast_core::estimate::{estimate, fitting_layouts};
use flopcast_core::format;
use flopcast_core::hardware::AcceleratorInUse;
use flopcast_core::memory::layout::{check, Layout};
use flopcast_core::memory::search::{min_accelerators, LayoutRow, SearchInputs};
use flopcast_core::scenario::Scenario;
use serde::Serialize;

use crate::estimate::LayoutArgs;

/// The arguments of `flopcast layouts`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A config.json path, or `-` for standard input.
    #[arg(required_unless_present = "preset")]
    pub config: Option<String>,
    /// A known model instead of a config.
    #[arg(long, conflicts_with = "config")]
    pub preset: Option<String>,
    /// Accelerator id (see `flopcast gpus`).
    #[arg(long)]
    pub gpu: String,
    /// Accelerator count.
    #[arg(long)]
    pub gpus: String,
    /// Sequence length S (default: 8192, or the model's context when shorter).
    #[arg(long)]
    pub seq_len: Option<String>,
    /// Print the layouts as JSON.
    #[arg(long)]
    pub json: bool,
    /// CP, EP, micro-batch, recomputation and the rest stay as given here;
    /// TP, PP and ZeRO are what the search varies.
    #[command(flatten)]
    pub layout: LayoutArgs,
}

#[derive(Serialize)]
struct Report<'a> {
    model: String,
    accelerator: &'a str,
    count: u64,
    seq_len: u64,
    capacity_bytes: Option<u64>,
    rule: &'static str,
    layouts: Vec<Row>,
    /// The fewest accelerators of this kind on which some layout fits.
    min_accelerators: Option<u64>,
    min_layout: Option<String>,
}

#[derive(Serialize)]
struct Row {
    tp: u64,
    pp: u64,
    dp: u64,
    cp: u64,
    ep: u64,
    zero: u8,
    micro_batch: u64,
    total_bytes: f64,
    free_bytes: Option<f64>,
    bubble_fraction: f64,
    summary: String,
}

/// The ranking rule, as the output states it.
pub const RULE: &str = "least model parallelism (TP · PP) first, TP within a node of 8 before PP, then the lower ZeRO stage";

/// Runs the command: the text to print, or the message for standard error.
pub fn run(args: &Args, read: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    let (model, _) = crate::estimate::model(args.config.as_deref(), args.preset.as_deref(), read)?;
    let accelerator = AcceleratorInUse::from_catalog(&args.gpu, None).ok_or_else(|| {
        format!(
            "--gpu: `{}` is not in the catalog. `flopcast gpus` lists the ids.",
            args.gpu
        )
    })?;
    let n = flopcast_core::fields::accelerator_count(&args.gpus).map_err(|e| e.to_string())?;
    let seq_len = match &args.seq_len {
        Some(t) => Some(flopcast_core::fields::seq_len(t).map_err(|e| e.to_string())?),
        None => Scenario::default().seq_len,
    };
    let mut scenario = Scenario {
        model,
        accelerator,
        n_accelerators: n,
        seq_len,
        ..Scenario::default()
    };
    args.layout.apply(&mut scenario)?;
    scenario.auto_layout = true;
    let e = estimate(&scenario);
    let rows = fitting_layouts(&scenario, &e);
    if rows.is_empty() {
        // Say which rule the settings kept fixed break, if one does.
        let plain = Layout {
            tp: 1,
            pp: 1,
            ..scenario.layout
        };
        let published = scenario.published_global_batch();
        let one_replica = plain.model_parallel().saturating_mul(plain.ep);
        if let Err(err) = check(
            &scenario.model.spec,
            &plain,
            one_replica,
            e.seq_len,
            scenario.global_batch,
            published,
        ) {
            return Err(err.to_string());
        }
    }
    let inputs = SearchInputs {
        spec: &scenario.model.spec,
        model: &e.memory_model,
        base: &scenario.layout,
        seq_len: e.seq_len,
        batch: scenario.global_batch,
        published_batch: scenario.published_global_batch(),
    };
    let fewest = scenario
        .accelerator
        .memory_bytes()
        .and_then(|capacity| min_accelerators(&inputs, &e.candidates, capacity));
    let report = Report {
        model: scenario.model.name(),
        accelerator: scenario.accelerator.name(),
        count: n,
        seq_len: e.seq_len,
        capacity_bytes: scenario.accelerator.memory_bytes(),
        rule: RULE,
        layouts: rows.iter().map(row).collect(),
        min_accelerators: fewest
            .as_ref()
            .map(|r| r.plan.layout.model_parallel() * r.plan.dp),
        min_layout: fewest.map(|r| r.text),
    };
    if args.json {
        return serde_json::to_string_pretty(&report).map_err(|e| e.to_string());
    }
    Ok(text(&report, &rows))
}

fn row(r: &LayoutRow) -> Row {
    let l = &r.plan.layout;
    Row {
        tp: l.tp,
        pp: l.pp,
        dp: r.plan.dp,
        cp: l.cp,
        ep: l.ep,
        zero: l.zero.stage(),
        micro_batch: l.micro_batch,
        total_bytes: r.total_bytes,
        free_bytes: r.free_bytes,
        bubble_fraction: r.plan.bubble_fraction,
        summary: r.text.clone(),
    }
}

fn text(report: &Report, rows: &[LayoutRow]) -> String {
    let mut out = format!(
        "{} on {} × {} ({} each), sequences of {} tokens\n",
        report.model,
        format::grouped_u64(report.count),
        report.accelerator,
        report
            .capacity_bytes
            .map_or("unknown memory".to_string(), |c| format::bytes(c as f64)),
        format::grouped_u64(report.seq_len)
    );
    out.push_str(&format!("Ranked: {}.\n", report.rule));
    if rows.is_empty() {
        out.push_str("No layout fits at this count.\n");
    } else {
        out.push_str(&format!(
            "{:>3}  {:44} {:>10} {:>10} {:>8}\n",
            "#", "layout", "memory", "free", "bubble"
        ));
        for (i, r) in rows.iter().enumerate() {
            out.push_str(&format!(
                "{:>3}  {:44} {:>10} {:>10} {:>8}\n",
                i + 1,
                r.text,
                format::bytes(r.total_bytes),
                r.free_bytes.map_or("—".to_string(), format::bytes),
                format::percent(r.plan.bubble_fraction)
            ));
        }
    }
    match (report.min_accelerators, &report.min_layout) {
        (Some(n), Some(layout)) => out.push_str(&format!(
            "Fewest {} that fit: {} ({layout}).\n",
            report.accelerator,
            format::grouped_u64(n)
        )),
        _ => out.push_str(&format!(
            "No count of {} up to {} fits this model with these settings.\n",
            report.accelerator,
            format::grouped_u64(flopcast_core::memory::search::MAX_SEARCH_ACCELERATORS)
        )),
    }
    out
}
