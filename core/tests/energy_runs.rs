//! The published energy and emissions records against the reference data
//! they were copied from (`core/data/reference/energy_runs.json`), the
//! presets against their reference rows, and the comparison's pinned
//! results: which records land within ±5 %, that every miss says why, and
//! that disagreeing sources are all shown.

use crate::close;
use flopcast_core::energy::{
    measured_power, GRID_REGIONS, MEASURED_POWER, MEASURED_RANGE, PUE_PRESETS,
};
use flopcast_core::hardware;
use flopcast_core::runs::{
    compare_energy, energy_comparisons, energy_disagreements, energy_for_run, energy_summary,
    run_watts, Check, EnergyRun, Method, PowerBasis, Provenance, Sourced, ENERGY_RUNS, RUNS,
    TOLERANCE_PCT,
};
use serde_json::Value;

fn reference(file: &str) -> Value {
    let path = format!("{}/data/reference/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

fn runs() -> Vec<Value> {
    reference("energy_runs.json")["runs"]
        .as_array()
        .expect("runs")
        .clone()
}

fn tag(provenance: Provenance) -> &'static str {
    match provenance {
        Provenance::Primary => "primary",
        Provenance::PrimaryTranscript => "primary_transcript",
        Provenance::SecondaryQuote => "secondary_quote",
        Provenance::Derived => "derived",
        Provenance::Assumed => "assumed",
    }
}

/// One sourced number against the reference field `{value, provenance}`. A
/// value the reference lacks must be flopcast's own: `assumed`, on a record
/// that says why ([`EnergyRun::inferred`]).
fn check(
    errors: &mut Vec<String>,
    run: &EnergyRun,
    r: &Value,
    field: &str,
    ours: Option<Sourced<f64>>,
) {
    let theirs = r[field]["value"].as_f64();
    match (ours, theirs) {
        (Some(s), Some(v)) => {
            if !close(s.value, v, 1e-12) {
                errors.push(format!("{}.{field}: {} vs reference {v}", run.id, s.value));
            }
            let expected = r[field]["provenance"].as_str().unwrap_or("(none)");
            if tag(s.provenance) != expected {
                errors.push(format!(
                    "{}.{field}: provenance {} vs reference {expected}",
                    run.id,
                    tag(s.provenance)
                ));
            }
        }
        (None, None) => {}
        (Some(s), None) => {
            if s.provenance != Provenance::Assumed || run.inferred.is_none() {
                errors.push(format!(
                    "{}.{field}: {} is not in the reference and not an explained assumption",
                    run.id, s.value
                ));
            }
        }
        (None, Some(v)) => errors.push(format!("{}.{field}: missing (reference {v})", run.id)),
    }
}

#[test]
fn every_record_equals_the_reference_field_by_field() {
    let reference = runs();
    let mut errors = Vec::new();
    for run in ENERGY_RUNS {
        let Some(r) = reference.iter().find(|r| r["id"] == run.id) else {
            errors.push(format!("{} is not in energy_runs.json", run.id));
            continue;
        };
        for (field, ours) in [
            ("accelerator_hours", run.accelerator_hours),
            ("pue", run.pue),
            ("grid_kgco2e_per_kwh", run.grid_kg_per_kwh),
            ("energy_mwh", run.energy_mwh),
            ("tco2e", run.tco2e),
            ("tco2e_market_based", run.tco2e_market_based),
            ("power_w_per_accelerator", run.power.map(|p| p.watts)),
        ] {
            check(&mut errors, run, r, field, ours);
        }
        let count = run.accelerator_count.map(|c| c.value as f64);
        if count != r["accelerator_count"]["value"].as_f64() {
            errors.push(format!("{}.accelerator_count: {count:?}", run.id));
        }
        if run.energy_includes_pue != r["energy_mwh"]["includes_pue"].as_bool() {
            errors.push(format!("{}.energy_includes_pue", run.id));
        }
        for (field, ours) in [
            ("model", Some(run.name)),
            ("organization", Some(run.organization)),
            ("accelerator", Some(run.accelerator)),
            ("training_runs_id", run.training_runs_id),
            ("location", run.location),
        ] {
            if r[field].as_str() != ours {
                errors.push(format!("{}.{field}: {ours:?} vs {}", run.id, r[field]));
            }
        }
        let uv = &r["use_for_validation"];
        if uv["energy"] != run.validate_energy
            || uv["co2"] != run.validate_co2
            || uv["why"] != run.why
        {
            errors.push(format!("{}: use_for_validation differs", run.id));
        }
        // The method agrees with what the source says of its energy.
        if let Some(includes) = run.energy_includes_pue {
            if includes != (run.method == Method::PueInEnergy) {
                errors.push(format!(
                    "{}: method {:?} but the published energy includes PUE: {includes}",
                    run.id, run.method
                ));
            }
        }
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

#[test]
fn every_record_fit_to_validate_is_in_the_table_and_llama_3_3_shows_its_contradiction() {
    let ids: Vec<&str> = ENERGY_RUNS.iter().map(|r| r.id).collect();
    let mut missing = Vec::new();
    for r in runs() {
        let uv = &r["use_for_validation"];
        let fit = uv["energy"] == true || uv["co2"] == true;
        let id = r["id"].as_str().unwrap_or_default();
        if fit && !ids.contains(&id) {
            missing.push(id.to_string());
        }
        if !fit && ids.contains(&id) && id != "llama3.3-70b" {
            missing.push(format!("{id} is in the table but fits no test"));
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
    assert_eq!(ENERGY_RUNS.len(), 45);
    assert_eq!(energy_comparisons().len(), 44, "Llama 3.3 tests nothing");
}

#[test]
fn board_power_rows_read_the_catalog_and_it_prints_the_sources_watts() {
    for run in ENERGY_RUNS {
        let Some(power) = run.power else { continue };
        match (power.basis, power.catalog_id) {
            (PowerBasis::Tdp, Some(id)) => {
                let catalog = hardware::find(id).and_then(|a| a.board_power_w);
                assert_eq!(catalog, Some(power.watts.value), "{}", run.id);
                assert_eq!(run_watts(run), catalog, "{}", run.id);
            }
            (PowerBasis::Tdp, None) => panic!("{}: a board-power row names no catalog row", run.id),
            (_, None) => assert_eq!(run_watts(run), Some(power.watts.value), "{}", run.id),
            (basis, Some(_)) => panic!("{}: {basis:?} is not the catalog's figure", run.id),
        }
    }
}

#[test]
fn each_rows_power_label_is_the_basis_its_source_states() {
    // The reference's words for how the watts are known, and the label the
    // page's and the CLI's power cell prints for each ("350 W cap").
    let expected = |basis: &str| {
        [
            ("tdp / per-GPU power cap", "cap"),
            ("tdp", "board"),
            ("measured_system_average (borrowed", "borrowed"),
            ("measured_system_average", "meas. system"),
            ("measured_gpu_average", "meas. GPU"),
            ("category_average", "chip avg."),
            ("assumed_average", "assumed"),
            ("measured_instance_average (derived)", "energy ÷ h"),
        ]
        .iter()
        .find(|(word, _)| basis.starts_with(word))
        .map(|(_, label)| *label)
    };
    let reference = reference("energy_runs.json");
    let rows = reference["runs"].as_array().expect("runs");
    let mut labels = std::collections::BTreeSet::new();
    for run in ENERGY_RUNS {
        let Some(power) = run.power else { continue };
        let row = rows
            .iter()
            .find(|r| r["id"] == run.id)
            .expect("a reference row");
        let stated = row["power_w_per_accelerator"]["basis"]
            .as_str()
            .unwrap_or("");
        // Llama 2 (§2.2.1): "TDP; RSC 400 W cap, production cluster 350 W
        // cap": a cap at the A100's board power is its board power.
        let a100 = hardware::find("a100-sxm4-80gb").and_then(|a| a.board_power_w);
        let want = match expected(stated) {
            Some("cap") if Some(power.watts.value) == a100 => Some("board"),
            other => other,
        };
        assert_eq!(
            Some(power.basis.label()),
            want,
            "{}: the source says {stated:?}",
            run.id
        );
        labels.insert(power.basis.label());
    }
    assert!(labels.len() >= 6, "{labels:?}");
}

/// What `flopcast validate` reports, pinned: change it only with a reason.
#[test]
fn every_step_whose_inputs_the_source_states_lands_within_five_percent() {
    let comparisons = energy_comparisons();
    let summary = energy_summary(&comparisons);
    let e = &summary.energy;
    assert_eq!(
        (e.n_records, e.n_computed, e.n_within_5_pct),
        (24, 17, 17),
        "{e:#?}"
    );
    assert_eq!((e.n_stated, e.n_stated_within_5_pct), (15, 15));
    assert_eq!(e.arithmetic_only, ["palm-540b", "dodge2022-6b-partial"]);
    let c = &summary.co2;
    assert_eq!(
        (c.n_records, c.n_computed, c.n_within_5_pct),
        (38, 37, 35),
        "{c:#?}"
    );
    assert_eq!((c.n_stated, c.n_stated_within_5_pct), (20, 20));
    assert_eq!(c.inferred.len(), 17);
    let beyond: Vec<&str> = c
        .misses
        .iter()
        .filter(|m| m.error_pct.is_some())
        .map(|m| m.id)
        .collect();
    assert_eq!(beyond, ["llama4-scout", "llama4-maverick"]);
    let text = summary.text();
    assert!(
        text.contains("of the 15 computed from inputs the source states, 15 within ±5 %"),
        "{text}"
    );
    // The energy step names its two arithmetic-only records; a step without
    // any says nothing of them.
    assert!(
        text.contains("2 check arithmetic only")
            && text.contains("palm-540b, dodge2022-6b-partial"),
        "{text}"
    );
    assert_eq!(
        text.matches("check arithmetic only").count(),
        usize::from(!c.arithmetic_only.is_empty()) + 1,
        "{text}"
    );
    // The emissions step names its 17 records with an inferred factor; the
    // energy step, which has none, says nothing of them.
    assert!(
        text.contains("17 use a factor the source does not state"),
        "{text}"
    );
    assert_eq!(text.matches("use a factor").count(), 1, "{text}");
}

#[test]
fn every_miss_and_every_step_that_cannot_be_computed_says_why() {
    for c in energy_comparisons() {
        for check in [&c.energy, &c.co2] {
            // What the page and the CLI print: the kind of outcome, then why.
            let (kind, why) = match check {
                Check::Within => ("within ±5 %", ""),
                Check::Miss { why } => ("miss: ", why.as_str()),
                Check::NotComputable { why } => ("not computable: ", why.as_str()),
                Check::NotATest { why } => ("not a test: ", why.as_str()),
            };
            let text = check.text();
            assert!(
                text.starts_with(kind) && text.ends_with(why),
                "{}: {text}",
                c.run.id
            );
            if let Check::Miss { why } | Check::NotComputable { why } = check {
                assert!(
                    c.run.miss_note.is_some() && why.len() > 40,
                    "{}: {why}",
                    c.run.id
                );
            }
        }
        // and a computed step is a miss exactly when it is beyond ±5 %
        for (check, error) in [(&c.energy, c.energy_error_pct), (&c.co2, c.co2_error_pct)] {
            if let Some(error) = error {
                assert_eq!(
                    matches!(check, Check::Miss { .. }),
                    error.abs() > TOLERANCE_PCT,
                    "{}",
                    c.run.id
                );
            }
        }
    }
}

/// Every other published figure a record quotes with its inputs (GLaM's
/// 1,024 TPU v4 × 574 h × 326 W × PUE 1.11 = 213 MWh) lands within ±5 % of
/// itself when recomputed from those inputs.
#[test]
fn every_quoted_figure_with_its_inputs_reproduces_itself() {
    let mut checked = 0;
    for run in ENERGY_RUNS {
        for figure in run.other_figures.iter().filter(|f| f.recompute.is_some()) {
            let check = flopcast_core::runs::check_other(figure);
            let error = check.error_pct.unwrap_or(f64::NAN);
            assert!(
                error.abs() <= TOLERANCE_PCT,
                "{}: {}: {error} %",
                run.id,
                figure.figure
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked}");
}

#[test]
fn pinned_records_reproduce_their_sources_arithmetic() {
    let of = |id: &str| {
        let run = ENERGY_RUNS
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("{id}"));
        compare_energy(run)
    };
    // Patterson et al., Table 4: 10,000 V100 × 14.8 d × 330 W × PUE 1.1.
    let gpt3 = of("gpt3-175b");
    assert!(close(
        gpt3.predicted_mwh.unwrap_or(0.0),
        3_552_000.0 * 330.0 * 1.1 / 1e6,
        1e-12
    ));
    assert!(close(gpt3.predicted_tco2e.unwrap_or(0.0), 553.1, 1e-3));
    assert!(
        gpt3.energy_formula
            .as_deref()
            .is_some_and(|f| f.starts_with("3,552,000 h × 330 W × PUE 1.1 = ")),
        "{:?}",
        gpt3.energy_formula
    );
    // LLaMA Table 15: 1,022,362 GPU-h × 400 W × 1.1; × 0.385.
    let llama = of("llama1-65b");
    assert!(close(llama.predicted_mwh.unwrap_or(0.0), 449.84, 1e-4));
    assert!(close(llama.predicted_tco2e.unwrap_or(0.0), 173.19, 1e-4));
    assert_eq!(
        llama.co2_formula.as_deref(),
        Some("450 MWh × 0.385 kg/kWh = 173 t")
    );
    // OLMo: 104 MWh before PUE × 1.1 × 0.61, from the published energy.
    let olmo = of("olmo-7b-a100");
    assert!(olmo.co2_from_published_energy);
    assert!(close(olmo.predicted_tco2e.unwrap_or(0.0), 69.784, 1e-4));
    assert_eq!(
        olmo.co2_formula.as_deref(),
        Some("104 MWh (published) × PUE 1.1 × 0.61 kg/kWh = 69.8 t")
    );
    assert!(matches!(olmo.energy, Check::NotComputable { .. }));
    // BLOOM's card: no PUE, 0.057 kg/kWh.
    let bloom = of("bloom-176b");
    assert!(close(bloom.predicted_tco2e.unwrap_or(0.0), 24.692, 1e-4));
    // Llama 2 34B ran at a 350 W cap, not the catalog's 400 W.
    assert_eq!(of("llama2-34b").watts, Some(350.0));
    assert_eq!(of("llama2-70b").watts, Some(400.0));
    // the published-runs section finds a run's energy record by its id
    let found = energy_for_run("llama1-65b").map(|c| c.run.id);
    assert_eq!(found, Some("llama1-65b"));
    assert!(RUNS.iter().any(|r| r.id == "llama1-65b"));
}

#[test]
fn disagreeing_sources_are_all_shown_and_none_is_preferred() {
    let disagreements = energy_disagreements();
    let ids: Vec<&str> = disagreements.iter().map(|d| d.id).collect();
    for id in ["opt-175b", "bloom-176b", "gpt3-175b", "llama3.3-70b"] {
        assert!(ids.contains(&id), "{id} not shown: {ids:?}");
    }
    for d in &disagreements {
        assert!(
            d.figures.len() >= 2,
            "{}: one figure is no disagreement",
            d.id
        );
        for f in &d.figures {
            // each figure is recomputed by its own method, or says why not
            match f.error_pct {
                Some(error) => assert!(error.abs() <= TOLERANCE_PCT, "{}: {}", d.id, f.text()),
                None => assert!(f.figure.not_recomputed.is_some(), "{}: {}", d.id, f.text()),
            }
        }
    }
    let opt = disagreements
        .iter()
        .find(|d| d.id == "opt-175b")
        .expect("OPT");
    let texts: Vec<String> = opt.figures.iter().map(|f| f.text()).collect();
    for figure in ["75 t", "82 t", "137 t", "70 t and 76.3 t"] {
        assert!(
            texts.iter().any(|t| t.starts_with(figure)),
            "{figure}: {texts:#?}"
        );
    }
}

#[test]
fn presets_equal_their_reference_rows() {
    let energy = reference("energy_runs.json");
    let hardware = reference("hardware.json");
    for r in GRID_REGIONS {
        let (file, region) = r.reference;
        let value = match file {
            "energy_runs.json" => energy["reference_factors"]["grid_kgco2e_per_kwh"]
                .as_array()
                .and_then(|rows| rows.iter().find(|row| row["region"] == region))
                .and_then(|row| row["value"].as_f64()),
            "hardware.json" => hardware["grid_carbon_intensity"]
                .as_array()
                .and_then(|rows| rows.iter().find(|row| row["region"] == region))
                .and_then(|row| row["gco2_per_kwh"].as_f64())
                .map(|g| g / 1000.0),
            other => panic!("{}: no reference file {other}", r.id),
        };
        assert!(
            value.is_some_and(|v| close(v, r.kg_per_kwh, 1e-9)),
            "{}: {} vs {value:?} ({file}: {region})",
            r.id,
            r.kg_per_kwh
        );
    }
    let pues: Vec<f64> = energy["reference_factors"]["pue"]
        .as_array()
        .expect("pue")
        .iter()
        .filter_map(|row| row["value"].as_f64())
        .collect();
    for p in PUE_PRESETS.iter().filter(|p| p.pue != 1.0) {
        assert!(
            pues.contains(&p.pue),
            "{}: {} is no reference PUE",
            p.id,
            p.pue
        );
    }
    // measured power: the runs' own watts over the catalog's board power
    let watts = |id: &str| {
        ENERGY_RUNS
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.power)
            .map(|p| p.watts.value)
    };
    let board = |id: &str| hardware::find(id).and_then(|a| a.board_power_w);
    let h100 = measured_power("h100-sxm5-80gb");
    assert_eq!(Some(h100.low * 700.0), watts("olmo3-7b"));
    assert!(close(
        h100.high * 700.0,
        watts("olmo3-32b").unwrap_or(0.0),
        1e-12
    ));
    let a100 = measured_power("a100-sxm4-80gb");
    assert!(close(
        a100.low * board("a100-sxm4-80gb").unwrap_or(0.0),
        watts("dodge2022-6b-partial").unwrap_or(0.0),
        1e-12
    ));
    let v100 = measured_power("v100-sxm2");
    assert!(close(
        v100.low * 300.0,
        watts("gpt3-175b").unwrap_or(0.0),
        1e-12
    ));
    assert!(close(
        v100.high * 300.0,
        watts("xlm-meta").unwrap_or(0.0),
        1e-12
    ));
    for m in MEASURED_POWER {
        for id in m.accelerator_ids {
            assert!(
                board(id).is_some(),
                "{id}: measured power without board power"
            );
        }
        // GPU and instance measurements lie in the range across runs; system
        // power (host included) may exceed board power
        if m.high <= 1.0 {
            assert!(
                MEASURED_RANGE.low <= m.low && m.high <= MEASURED_RANGE.high,
                "{}",
                m.label
            );
        }
    }
}

/// Each record's emissions basis, in the words the page and `validate` show,
/// is the one its reference row states ("location (gross = net)", "net
/// (hourly CFE-matched)", "market", …).
#[test]
fn each_records_emissions_basis_is_the_one_its_source_states() {
    let reference = reference("energy_runs.json");
    let rows = reference["runs"].as_array().expect("runs");
    let mut checked = 0;
    for run in ENERGY_RUNS.iter().filter(|r| r.tco2e.is_some()) {
        let row = rows
            .iter()
            .find(|r| r["id"] == run.id)
            .unwrap_or_else(|| panic!("{}: no reference row", run.id));
        let stated = row["tco2e"]["basis"].as_str().unwrap_or("unspecified");
        let label = run.tco2e_basis.label();
        let expected = [
            ("location", "location-based"),
            ("net", "net of carbon-free energy"),
            ("counterfactual", "US-average counterfactual"),
            ("market", "supplier's renewable claim"),
            ("unspecified", "basis not stated"),
        ]
        .iter()
        .find(|(word, _)| stated.starts_with(word))
        .map(|(_, l)| *l);
        assert_eq!(
            Some(label),
            expected,
            "{}: the source says {stated:?}",
            run.id
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} records with emissions");
}

/// Another source's figure, recomputed from its own inputs: LLaMA's Table 15
/// puts LLaMA-65B's 809,472 GPU-hours at 400 W and PUE 1.1 at 356 MWh and,
/// at the US average of 0.385 kg/kWh, 137 t.
#[test]
fn another_sources_figure_is_recomputed_from_its_inputs() {
    let figure = ENERGY_RUNS
        .iter()
        .flat_map(|r| r.other_figures)
        .find(|f| f.who == "LLaMA Table 15")
        .expect("LLaMA's Table 15 figure");
    let check = flopcast_core::runs::check_other(figure);
    // 809,472 × 400 W × 1.1 = 356.17 MWh; × 0.385 = 137.1 t.
    let mwh = check.predicted_mwh.expect("MWh");
    assert!(close(mwh, 809_472.0 * 400.0 * 1.1 / 1e6, 1e-12), "{mwh}");
    assert!(close(mwh, 356.0, 1e-3), "{mwh}");
    let t = check.predicted_tco2e.expect("tonnes");
    assert!(close(t, 137.0, 1e-3), "{t}");
    assert!(
        check.error_pct.is_some_and(|e| e.abs() < 0.1),
        "{:?}",
        check.error_pct
    );
    let text = check.text();
    assert!(
        text.starts_with("137 t (LLaMA Table 15: ") && text.contains("): flopcast 137"),
        "{text}"
    );
}

/// A source's energy figure recomputed without emissions is shown in MWh:
/// the recomputed megawatt-hours, not a thousand kilowatt-hours more.
#[test]
fn a_recomputed_energy_figure_reads_in_its_own_megawatt_hours() {
    let mut shown = 0;
    for figure in ENERGY_RUNS.iter().flat_map(|r| r.other_figures) {
        let check = flopcast_core::runs::check_other(figure);
        if let (Some(mwh), None, Some(_)) =
            (check.predicted_mwh, check.predicted_tco2e, check.error_pct)
        {
            let text = check.text();
            let ours = flopcast_core::format::energy_kwh(mwh * 1e3);
            assert!(ours.ends_with("MWh") || ours.ends_with("GWh"), "{ours}");
            assert!(text.contains(&format!(": flopcast {ours}, ")), "{text}");
            shown += 1;
        }
    }
    assert!(shown > 0, "no energy-only figure is recomputed");
}
