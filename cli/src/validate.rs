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
    comparisons, flop_checks, gpt3_checks, summary, Caveat, Comparison, CountBasis, FlopCheck,
    Gpt3Check, Provenance, RunModel, Summary,
};
use serde::Serialize;

/// The comparison as text (`json == false`) or as one JSON document
/// (`json == true`) with `runs`, `summary`, `flop_checks` and `gpt3`.
pub fn render(json: bool) -> String {
    let runs = comparisons();
    let summary = summary(&runs);
    let checks = flop_checks();
    let gpt3 = gpt3_checks();
    if json {
        render_json(&runs, &summary, &checks, &gpt3)
    } else {
        render_text(&runs, &summary, &checks, &gpt3)
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
}

fn render_json(
    runs: &[Comparison],
    summary: &Summary,
    checks: &[FlopCheck],
    gpt3: &[Gpt3Check],
) -> String {
    let document = Document {
        runs: runs.iter().map(entry).collect(),
        summary,
        flop_checks: checks,
        gpt3,
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
        let error = big["error_pct"].as_f64().expect("error");
        assert!((error - -15.66).abs() < 0.1, "{error}");
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
