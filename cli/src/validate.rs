//! `flopcast validate`: flopcast's estimates next to published pre-training
//! runs, as text to read or as JSON.
//!
//! This module only lays out what `flopcast_core::runs` computes (the
//! per-run comparison, its summary, the published FLOP totals and the GPT-3
//! heuristic check); it computes nothing itself and does no I/O (the caller
//! prints the returned string).

use std::collections::BTreeMap;

use flopcast_core::format;
use flopcast_core::runs::{
    comparisons, energy_comparisons, energy_disagreements, energy_summary, flop_checks,
    gpt3_checks, summary, Caveat, Check, Comparison, CountBasis, Disagreement, EmissionsBasis,
    EnergyComparison, EnergySummary, FlopCheck, Gpt3Check, Method, PowerBasis, Provenance,
    RunModel, Summary,
};
use serde::Serialize;

/// The comparison as text (`json == false`) or as one JSON document
/// (`json == true`) with `runs`, `summary`, `flop_checks`, `gpt3`, and the
/// energy part: `energy` (one entry per published energy or emissions
/// record), `energy_summary` and `energy_disagreements`.
pub fn render(json: bool) -> String {
    let runs = comparisons();
    let summary = summary(&runs);
    let checks = flop_checks();
    let gpt3 = gpt3_checks();
    let energy = energy_comparisons();
    let energy_summary = energy_summary(&energy);
    let disagreements = energy_disagreements();
    let energy = EnergyPart {
        comparisons: &energy,
        summary: &energy_summary,
        disagreements: &disagreements,
    };
    if json {
        render_json(&runs, &summary, &checks, &gpt3, &energy)
    } else {
        let mut text = render_text(&runs, &summary, &checks, &gpt3);
        text.push_str(&render_energy_text(&energy));
        text
    }
}

/// What the energy part of `validate` shows.
struct EnergyPart<'a> {
    comparisons: &'a [EnergyComparison],
    summary: &'a EnergySummary,
    disagreements: &'a [Disagreement],
}

/// One published energy and emissions record in the JSON document.
#[derive(Serialize)]
struct EnergyEntry<'a> {
    id: &'static str,
    name: &'static str,
    organization: &'static str,
    accelerator: &'static str,
    accelerator_hours: Option<f64>,
    power_w: Option<f64>,
    power_basis: Option<PowerBasis>,
    pue: Option<f64>,
    grid_kg_per_kwh: Option<f64>,
    method: Method,
    published_mwh: Option<f64>,
    published_mwh_includes_pue: Option<bool>,
    predicted_mwh: Option<f64>,
    error_pct: Option<f64>,
    energy_check: &'a Check,
    energy_formula: Option<&'a str>,
    published_tco2e: Option<f64>,
    tco2e_basis: EmissionsBasis,
    published_tco2e_market_based: Option<f64>,
    predicted_tco2e: Option<f64>,
    co2_error_pct: Option<f64>,
    co2_check: &'a Check,
    co2_formula: Option<&'a str>,
    co2_from_published_energy: bool,
    /// Factors the source leaves out, and why the ones used reproduce it.
    inferred: Option<&'static str>,
    energy_arithmetic_only: Option<&'static str>,
    sources_disagree: bool,
    use_for_validation: UseForValidation,
    provenance: EnergyProvenance,
    training_runs_id: Option<&'static str>,
    source: &'static str,
}

#[derive(Serialize)]
struct UseForValidation {
    energy: bool,
    co2: bool,
    why: &'static str,
}

#[derive(Serialize)]
struct EnergyProvenance {
    accelerator_hours: Option<Provenance>,
    power: Option<Provenance>,
    pue: Option<Provenance>,
    grid: Option<Provenance>,
    energy: Option<Provenance>,
    tco2e: Option<Provenance>,
}

fn energy_entry(c: &EnergyComparison) -> EnergyEntry<'_> {
    let r = c.run;
    EnergyEntry {
        id: r.id,
        name: r.name,
        organization: r.organization,
        accelerator: r.accelerator,
        accelerator_hours: r.accelerator_hours.map(|h| h.value),
        power_w: c.watts,
        power_basis: r.power.map(|p| p.basis),
        pue: r.pue.map(|p| p.value),
        grid_kg_per_kwh: r.grid_kg_per_kwh.map(|g| g.value),
        method: r.method,
        published_mwh: r.energy_mwh.map(|e| e.value),
        published_mwh_includes_pue: r.energy_includes_pue,
        predicted_mwh: c.predicted_mwh,
        error_pct: c.energy_error_pct,
        energy_check: &c.energy,
        energy_formula: c.energy_formula.as_deref(),
        published_tco2e: r.tco2e.map(|t| t.value),
        tco2e_basis: r.tco2e_basis,
        published_tco2e_market_based: r.tco2e_market_based.map(|t| t.value),
        predicted_tco2e: c.predicted_tco2e,
        co2_error_pct: c.co2_error_pct,
        co2_check: &c.co2,
        co2_formula: c.co2_formula.as_deref(),
        co2_from_published_energy: c.co2_from_published_energy,
        inferred: r.inferred.map(|i| i.why),
        energy_arithmetic_only: r.energy_arithmetic_only,
        sources_disagree: r.sources_disagree,
        use_for_validation: UseForValidation {
            energy: r.validate_energy,
            co2: r.validate_co2,
            why: r.why,
        },
        provenance: EnergyProvenance {
            accelerator_hours: r.accelerator_hours.map(|h| h.provenance),
            power: r.power.map(|p| p.watts.provenance),
            pue: r.pue.map(|p| p.provenance),
            grid: r.grid_kg_per_kwh.map(|g| g.provenance),
            energy: r.energy_mwh.map(|e| e.provenance),
            tco2e: r.tco2e.map(|t| t.provenance),
        },
        training_runs_id: r.training_runs_id,
        source: r.source,
    }
}

/// How each value of a run is known.
#[derive(Serialize)]
struct RunProvenance {
    n_tokens: Provenance,
    seq_len: Option<Provenance>,
    hardware: Provenance,
    precision: Provenance,
    n_accelerators: Option<Provenance>,
    accelerator_hours: Provenance,
    published_flops: Option<Provenance>,
    stated: Option<Provenance>,
}

/// One run in the JSON document. "GPU-hours" are accelerator-hours (TPU
/// chip-hours for TPU runs).
#[derive(Serialize)]
struct RunEntry<'a> {
    id: &'static str,
    name: &'static str,
    organization: &'static str,
    model: RunModel,
    params_basis: CountBasis,
    params_exact: bool,
    params_active: f64,
    params_total: Option<f64>,
    n_tokens: f64,
    seq_len: Option<u64>,
    hardware: &'static str,
    accelerator_id: &'static str,
    generation: &'static str,
    precision: &'static str,
    peak_flops_per_s: f64,
    n_accelerators: Option<u64>,
    published_gpu_hours: f64,
    hours_derivation: Option<&'static str>,
    /// Training FLOPs, 6·N_active·D.
    flops: f64,
    flops_by_convention: BTreeMap<&'a str, Option<f64>>,
    published_flops: Option<f64>,
    flops_vs_published_pct: Option<f64>,
    implied_mfu: f64,
    stated_mfu: Option<(f64, f64)>,
    stated_note: Option<&'static str>,
    predicted_gpu_hours: Option<f64>,
    predicted_gpu_hours_range: Option<(f64, f64)>,
    error_pct: Option<f64>,
    /// What the stated rate counted: `megatron_hardware_flops` (HFU) is
    /// converted to tokens per second before predicting.
    stated_counts: Option<flopcast_core::runs::Counted>,
    /// The goodput the source states, dividing the prediction.
    goodput: Option<f64>,
    predicted_gpu_hours_before_goodput: Option<f64>,
    /// Why the prediction misses by more than 10 %.
    miss: Option<&'static str>,
    caveats: &'static [Caveat],
    note: Option<&'static str>,
    provenance: RunProvenance,
    source: &'static str,
}

fn entry(c: &Comparison) -> RunEntry<'_> {
    let run = c.run;
    RunEntry {
        id: run.id,
        name: run.name,
        organization: run.organization,
        model: run.model,
        params_basis: c.params.basis,
        params_exact: c.params.exact,
        params_active: c.params.active,
        params_total: c.params.total,
        n_tokens: run.n_tokens.value,
        seq_len: c.seq_len,
        hardware: run.hardware.stated,
        accelerator_id: run.hardware.accelerator_id,
        generation: c.generation,
        precision: c.precision.id(),
        peak_flops_per_s: c.peak_flops_per_s,
        n_accelerators: run.n_accelerators.map(|n| n.value),
        published_gpu_hours: c.published_accelerator_hours,
        hours_derivation: run.hours_derivation,
        flops: c.flops,
        flops_by_convention: c
            .conventions
            .iter()
            .map(|f| (f.convention.as_str(), f.training_flops))
            .collect(),
        published_flops: run.published_flops.map(|f| f.value),
        flops_vs_published_pct: c.flops_vs_published_pct,
        implied_mfu: c.implied_mfu,
        stated_mfu: c.stated_mfu.map(|band| (band.low, band.high)),
        stated_note: run.stated.map(|s| s.note),
        predicted_gpu_hours: c.predicted_accelerator_hours,
        predicted_gpu_hours_range: c.predicted_accelerator_hours_range,
        error_pct: c.error_pct,
        stated_counts: c.counted,
        goodput: c.goodput,
        predicted_gpu_hours_before_goodput: c.predicted_before_goodput,
        miss: c.miss,
        caveats: run.caveats,
        note: run.note,
        provenance: RunProvenance {
            n_tokens: run.n_tokens.provenance,
            seq_len: run.seq_len.map(|s| s.provenance),
            hardware: run.hardware.provenance,
            precision: run.hardware.precision_provenance,
            n_accelerators: run.n_accelerators.map(|n| n.provenance),
            accelerator_hours: run.accelerator_hours.provenance,
            published_flops: run.published_flops.map(|f| f.provenance),
            stated: run.stated.map(|s| s.provenance),
        },
        source: run.source,
    }
}

#[derive(Serialize)]
struct Document<'a> {
    runs: Vec<RunEntry<'a>>,
    summary: &'a Summary,
    flop_checks: &'a [FlopCheck],
    gpt3: &'a [Gpt3Check],
    energy: Vec<EnergyEntry<'a>>,
    energy_summary: &'a EnergySummary,
    energy_disagreements: &'a [Disagreement],
}

fn render_json(
    runs: &[Comparison],
    summary: &Summary,
    checks: &[FlopCheck],
    gpt3: &[Gpt3Check],
    energy: &EnergyPart,
) -> String {
    let document = Document {
        runs: runs.iter().map(entry).collect(),
        summary,
        flop_checks: checks,
        gpt3,
        energy: energy.comparisons.iter().map(energy_entry).collect(),
        energy_summary: energy.summary,
        energy_disagreements: energy.disagreements,
    };
    match serde_json::to_string_pretty(&document) {
        Ok(text) => text + "\n",
        Err(e) => format!("{{\"error\": \"cannot serialize the comparison: {e}\"}}\n"),
    }
}

fn basis(c: &Comparison) -> &'static str {
    match (c.params.basis, c.params.exact) {
        (CountBasis::Config, _) => "config",
        (CountBasis::PaperDims, _) => "paper",
        (CountBasis::Stated, true) => "stated",
        (CountBasis::Stated, false) => "nominal",
    }
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

/// A signed percentage: one decimal, two below 1 % so −0.03 % does not read
/// as "−0.0 %".
fn signed_pct(x: f64) -> String {
    if x.abs() < 1.0 {
        format!("{x:+.2} %")
    } else {
        format!("{x:+.1} %")
    }
}

fn render_text(
    runs: &[Comparison],
    summary: &Summary,
    checks: &[FlopCheck],
    gpt3: &[Gpt3Check],
) -> String {
    let mut out = format!(
        "{} published pre-training runs against flopcast.\n\
         FLOPs = 6·N_active·D. Implied MFU = FLOPs / (published accelerator-hours × 3600 × \
         dense peak). Where the source states an MFU or a throughput, \"predicted\" is the \
         accelerator-hours flopcast gives at it, and \"error\" is (predicted − published) / \
         published. Hours are GPU-hours, or TPU chip-hours. N: config = exact from the real config.json; paper = the paper's \
         dimensions; stated = an exact count from the source; nominal = a rounded size.\n\n",
        runs.len()
    );
    out.push_str(&format!(
        "{:<20} {:>7} {:<7} {:>6} {:<6} {:>8} {:>8} {:>7} {:>11} {:>9} {:>8}\n",
        "run",
        "N",
        "",
        "D",
        "accel",
        "pub. h",
        "FLOPs",
        "implied",
        "stated MFU",
        "predicted",
        "error"
    ));
    for c in runs {
        let stated = c.stated_mfu.map(|band| {
            if band.low == band.high {
                format::percent(band.low)
            } else {
                format!(
                    "{}–{} %",
                    format::plain(band.low * 100.0),
                    format::plain(band.high * 100.0)
                )
            }
        });
        out.push_str(&format!(
            "{:<20} {:>7} {:<7} {:>6} {:<6} {:>8} {:>8} {:>7} {:>11} {:>9} {:>8}\n",
            c.run.id,
            format::count(c.params.active),
            basis(c),
            format::count(c.run.n_tokens.value),
            c.generation,
            format::count(c.published_accelerator_hours),
            format::flops(c.flops),
            format::percent(c.implied_mfu),
            or_dash(stated),
            or_dash(c.predicted_accelerator_hours.map(format::count)),
            or_dash(c.error_pct.map(signed_pct)),
        ));
    }
    out.push_str("\nImplied MFU by accelerator generation (median, quartiles, range):\n");
    for g in &summary.by_generation {
        out.push_str(&format!(
            "  {:<7} {:>2} run{}  median {:>7}  quartiles {}–{}  range {}–{}\n",
            g.generation,
            g.n_runs,
            if g.n_runs == 1 { " " } else { "s" },
            format::percent(g.median),
            format::percent(g.q1),
            format::percent(g.q3),
            format::percent(g.min),
            format::percent(g.max),
        ));
    }
    out.push_str(&format!(
        "\nRuns with a stated MFU or throughput: {}. Predicted hours within ±10 %: {} ({}); \
         within ±25 %: {} ({}).\n",
        summary.n_predicted,
        summary.n_within_10_pct,
        format::percent(summary.share_within_10_pct),
        summary.n_within_25_pct,
        format::percent(summary.share_within_25_pct),
    ));
    out.push_str("How each prediction was made, and why it misses where it does:\n");
    for c in runs.iter().filter(|c| c.error_pct.is_some()) {
        let mut how = Vec::new();
        if c.counted == Some(flopcast_core::runs::Counted::MegatronHardwareFlops) {
            how.push(
                "the stated TFLOP/s are hardware FLOPs (HFU: full recomputation counted); \
                 converted to tokens per second with Megatron-LM's formula"
                    .to_string(),
            );
        }
        if let (Some(g), Some(before)) = (c.goodput, c.predicted_before_goodput) {
            how.push(format!(
                "the source's {} goodput divides the {} hours at the stated rate",
                format::percent(g),
                format::count(before)
            ));
        }
        if how.is_empty() {
            how.push("the stated rate as it is".to_string());
        }
        out.push_str(&format!(
            "  {:<16} {}: {}.",
            c.run.id,
            c.error_pct.map_or("—".to_string(), signed_pct),
            how.join("; ")
        ));
        if let Some(miss) = c.miss {
            out.push_str(&format!(" Miss: {miss}"));
        }
        out.push('\n');
    }
    out.push_str("\nPublished FLOP totals against 6·N·D:\n");
    for check in checks {
        out.push_str(&format!(
            "  {:<16} published {:>8} ({})  flopcast {:>8}  {}\n",
            check.id,
            format::flops(check.published_flops.value),
            provenance_label(check.published_flops.provenance),
            format::flops(check.flops),
            signed_pct(check.diff_pct),
        ));
    }
    out.push_str(
        "\nGPT-3 family: the heuristic N ≈ 12·n_layer·d_model² against the published size \
         (+ emb. adds (vocab + n_ctx)·d_model; exact is flopcast's count of the dimensions):\n",
    );
    out.push_str(&format!(
        "  {:<12} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n",
        "model", "published", "12·L·d²", "diff", "+ emb.", "diff", "exact", "diff"
    ));
    for row in gpt3 {
        out.push_str(&format!(
            "  {:<12} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n",
            row.name,
            format::count(row.published_params),
            format::count(row.heuristic_params),
            signed_pct(row.heuristic_diff_pct),
            format::count(row.with_embeddings_params),
            signed_pct(row.with_embeddings_diff_pct),
            format::count(row.exact_params as f64),
            signed_pct(row.exact_diff_pct),
        ));
    }
    out.push_str("\nCaveats (published figures are not corrected for them):\n");
    for c in runs.iter().filter(|c| !c.run.caveats.is_empty()) {
        let labels: Vec<&str> = c.run.caveats.iter().map(|cv| cv.label()).collect();
        out.push_str(&format!("  {}: {}.", c.run.id, labels.join("; ")));
        if let Some(note) = c.run.note {
            out.push_str(&format!(" {note}"));
        }
        out.push('\n');
    }
    out
}

/// A figure in a table cell: three significant digits, or a dash.
fn figure(x: Option<f64>) -> String {
    or_dash(x.map(format::plain))
}

/// The status of one step, as a table cell.
fn status(check: &Check, error: Option<f64>) -> String {
    match (check, error) {
        (Check::NotATest { .. }, _) => "·".to_string(),
        (Check::NotComputable { .. }, _) => "n/c".to_string(),
        (_, Some(error)) => signed_pct(error),
        (_, None) => "—".to_string(),
    }
}

fn render_energy_text(energy: &EnergyPart) -> String {
    let mut out = format!(
        "\nEnergy and emissions: {} published records, recomputed by each source's own method.\n\
         energy = accelerator-hours × W × (PUE, where the published energy includes it); \
         tCO2e = MWh × (PUE, where applied at this step) × grid kg/kWh. W is the catalog's board \
         power for board-power rows, else the source's (measured, capped or assumed). Where a \
         record has no hours, emissions start from its published energy (marked *). Error is \
         (flopcast − published) / published; · = not a test for this record, n/c = an input is \
         not published (explained below).\n\n",
        energy.comparisons.len()
    );
    out.push_str(&format!(
        "{:<26} {:>9} {:<20} {:>5} {:>6} {:<15} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8}\n",
        "record",
        "acc-h",
        "power",
        "PUE",
        "grid",
        "PUE applied",
        "pub. MWh",
        "flopcast",
        "error",
        "pub. t",
        "flopcast",
        "error"
    ));
    for c in energy.comparisons {
        let r = c.run;
        let power = match (c.watts, r.power) {
            (Some(w), Some(p)) => format!("{w} W {}", p.basis.label()),
            _ => "—".to_string(),
        };
        let method = match r.method {
            Method::PueInEnergy => "in energy",
            Method::PueAtEmissions => "at emissions",
            Method::NoPue => "none",
        };
        let marks = format!(
            "{}{}",
            if r.inferred.is_some() { "†" } else { "" },
            if r.energy_arithmetic_only.is_some() {
                "‡"
            } else {
                ""
            }
        );
        out.push_str(&format!(
            "{:<26} {:>9} {:<20} {:>5} {:>6} {:<15} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8}\n",
            format!("{}{marks}", r.id),
            or_dash(r.accelerator_hours.map(|h| format::count(h.value))),
            power,
            figure(r.pue.map(|p| p.value)),
            figure(r.grid_kg_per_kwh.map(|g| g.value)),
            method,
            figure(r.energy_mwh.map(|e| e.value)),
            figure(c.predicted_mwh),
            status(&c.energy, c.energy_error_pct),
            figure(r.tco2e.map(|t| t.value)),
            format!(
                "{}{}",
                figure(c.predicted_tco2e),
                if c.co2_from_published_energy && c.predicted_tco2e.is_some() {
                    "*"
                } else {
                    ""
                }
            ),
            status(&c.co2, c.co2_error_pct),
        ));
    }
    out.push_str(
        "\n† A factor the source does not state: for Meta's cards PUE 1.1 × 0.385 kg/kWh, \
         which reproduce Llama 2 exactly; for Morrison et al.'s rows 0.332 kg/kWh, which the \
         reference's note gives. ‡ Agreement checks arithmetic only.\n",
    );
    out.push_str("\nMisses, and steps that cannot be computed, with why:\n");
    for (step, summary) in [
        ("energy", &energy.summary.energy),
        ("emissions", &energy.summary.co2),
    ] {
        for miss in &summary.misses {
            out.push_str(&format!(
                "  {} ({step}{}): {}\n",
                miss.id,
                miss.error_pct
                    .map(|e| format!(", {}", signed_pct(e)))
                    .unwrap_or_default(),
                miss.why
            ));
        }
    }
    out.push_str(
        "\nPublished figures that disagree (each recomputed by its own method where it can be; \
         none is preferred):\n",
    );
    for d in energy.disagreements {
        out.push_str(&format!("  {} ({}):\n", d.name, d.id));
        for f in &d.figures {
            out.push_str(&format!("    {}\n", f.text()));
        }
    }
    for c in energy.comparisons {
        if !c.run.sources_disagree && !c.run.other_figures.is_empty() {
            out.push_str(&format!(
                "  Also checked for {} ({}):\n",
                c.run.name, c.run.id
            ));
            for f in c.run.other_figures {
                out.push_str(&format!(
                    "    {}\n",
                    flopcast_core::runs::check_other(f).text()
                ));
            }
        }
    }
    out.push('\n');
    out.push_str(&energy.summary.text());
    out.push('\n');
    out
}

fn provenance_label(provenance: Provenance) -> &'static str {
    match provenance {
        Provenance::Primary => "primary",
        Provenance::PrimaryTranscript => "paper",
        Provenance::SecondaryQuote => "secondary",
        Provenance::Derived => "derived",
        Provenance::Assumed => "assumed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn document() -> Value {
        serde_json::from_str(&render(true)).expect("render(true) is JSON")
    }

    #[test]
    fn json_runs_carry_the_fields_the_issue_asks_for() {
        let doc = document();
        let runs = doc["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), flopcast_core::runs::RUNS.len());
        for run in runs {
            for key in [
                "id",
                "published_gpu_hours",
                "flops",
                "implied_mfu",
                "predicted_gpu_hours",
                "error_pct",
                "source",
                "provenance",
                "params_exact",
                "params_basis",
            ] {
                assert!(run.get(key).is_some(), "{} lacks {key}", run["id"]);
            }
            // no stated figure, no prediction
            assert_eq!(
                run["predicted_gpu_hours"].is_null(),
                run["stated_mfu"].is_null()
            );
            assert_eq!(run["error_pct"].is_null(), run["stated_mfu"].is_null());
        }
    }

    #[test]
    fn json_pins_llama_2_7b_and_llama_3_1_405b() {
        let doc = document();
        let run = |id: &str| {
            doc["runs"]
                .as_array()
                .and_then(|runs| runs.iter().find(|r| r["id"] == id))
                .cloned()
                .unwrap_or_else(|| panic!("{id}"))
        };
        let llama2 = run("llama2-7b");
        assert_eq!(llama2["published_gpu_hours"], 184_320.0);
        assert!(llama2["predicted_gpu_hours"].is_null());
        let mfu = llama2["implied_mfu"].as_f64().expect("mfu");
        assert!((mfu - 0.3906).abs() < 5e-4, "{mfu}");
        let big = run("llama3.1-405b");
        // 41 % MFU gives 26.0M hours; the paper's 90 % goodput makes 28.9M.
        let before = big["predicted_gpu_hours_before_goodput"]
            .as_f64()
            .expect("hours");
        assert!((before / 30.84e6 - 1.0 - -0.1566).abs() < 0.001, "{before}");
        assert_eq!(big["goodput"], 0.9);
        let error = big["error_pct"].as_f64().expect("error");
        assert!((error - -6.29).abs() < 0.1, "{error}");
        assert_eq!(big["params_basis"], "config");
        assert_eq!(big["provenance"]["accelerator_hours"], "primary");
    }

    #[test]
    fn json_has_the_summary_and_the_gpt3_table() {
        let doc = document();
        let share = doc["summary"]["share_within_25_pct"]
            .as_f64()
            .expect("share");
        assert!((0.0..=1.0).contains(&share));
        assert!(!doc["summary"]["by_generation"]
            .as_array()
            .expect("generations")
            .is_empty());
        assert_eq!(doc["gpt3"].as_array().map(Vec::len), Some(8));
        assert!(doc["flop_checks"]
            .as_array()
            .expect("checks")
            .iter()
            .any(|c| c["id"] == "gpt3-175b"));
    }

    #[test]
    fn text_lists_every_run_and_the_summary() {
        let text = render(false);
        for run in flopcast_core::runs::RUNS {
            assert!(text.contains(run.id), "{} missing", run.id);
        }
        assert!(text.contains("within ±25 %"));
        assert!(text.contains("GPT-3 175B"));
        assert!(text.contains("Implied MFU by accelerator generation"));
    }
}
