//! The exports: the JSON report's figures and the tables' Markdown and CSV cells.

use crate::close;
use flopcast_core::estimate::{estimate, table_by_accelerator, table_by_count};
use flopcast_core::export::{csv, report_json, tables_markdown};
use flopcast_core::scenario::Scenario;
use flopcast_core::tables::Table;

/// The JSON report of a scenario, as the page's export and the CLI write it.
fn report_of(scenario: &Scenario) -> serde_json::Value {
    serde_json::from_str(&report_json(scenario, &estimate(scenario), &[])).expect("JSON")
}

/// GPT-3 175B on 300B tokens of 2,048, on 1,024 A100s of 80 GB at 40 % MFU
/// (`estimate.rs`'s scenario), at the default price.
fn gpt3() -> Scenario {
    Scenario {
        price: Scenario::default().price,
        ..crate::estimate::gpt3()
    }
}

#[test]
fn the_reports_dense_training_flops_per_token_are_megatrons_formula() {
    let json = report_of(&gpt3());
    let at = |pass: &str| {
        json["flops_per_token"][pass]["dense"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    // Narayanan et al. 2021 (arXiv 2104.04473, §5.1), training FLOPs per token without
    // recomputation: 72·l·h²·(1 + s/(6h) + V/(12·l·h)). GPT-3: l = 96, h = 12,288,
    // s = 2,048, V = 50,257:
    //   72 × 96 × 12,288² = 1.043677e12; 1 + 2,048/73,728 + 50,257/14,155,776 = 1.031328
    //   → 1.07637e12 per token, a third of it forward (3.5879e11).
    assert!(
        close(at("training"), 1.07637e12, 0.005),
        "{}",
        at("training")
    );
    assert!(close(at("forward"), 3.5879e11, 0.005), "{}", at("forward"));
}

#[test]
fn the_tables_fits_column_says_no_where_the_training_state_does_not_fit() {
    let scenario = gpt3();
    let e = estimate(&scenario);
    let by_accelerator = table_by_accelerator(&scenario, &e);
    let by_count = table_by_count(&scenario, &e);
    // 2.8e12 bytes of training state (16 bytes × 1.75e11 parameters) need at least
    // 2.8e12 / 80e9 = 35 A100s of 80 GB: 8 cannot hold it, 1,024 (yours) can.
    let md = tables_markdown(&by_accelerator, &by_count);
    // Each table's caption (what every row assumes) sits under its heading.
    for (title, table) in [("By accelerator", &by_accelerator), ("By count", &by_count)] {
        assert!(!table.caption.is_empty(), "{title}");
        let head = format!("### {title}\n\n{}\n\n| Accelerator |", table.caption);
        assert!(md.contains(&head), "{head}\n{md}");
    }
    let uncaptioned = Table {
        caption: String::new(),
        ..by_count.clone()
    };
    assert!(tables_markdown(&uncaptioned, &uncaptioned)
        .starts_with("### By accelerator\n\n| Accelerator |"));
    let counts = md.split("### By count").nth(1).expect("the count table");
    let row = |count: &str| {
        counts
            .lines()
            .find(|l| l.contains(&format!(" | {count} | ")))
            .unwrap_or_else(|| panic!("a row of {count}: {counts}"))
    };
    assert!(row("8").contains(" | no (needs ≥ "), "{}", row("8"));
    assert!(row("1,024").contains(" | yes | "), "{}", row("1,024"));
    // Yours (1,024) repeats the headline's time, hours and cost.
    for cell in [
        e.time_cost.time_text(),
        e.time_cost.hours_text(),
        e.time_cost.cost_text().expect("a default price"),
    ] {
        assert!(
            row("1,024").contains(&format!(" | {cell} | ")),
            "{cell}: {}",
            row("1,024")
        );
    }
    let table_csv = csv(&by_accelerator.rows, &by_count.rows);
    let eight = table_csv
        .lines()
        .find(|l| l.starts_with("by_count,") && l.contains(",false,BF16,8,"))
        .unwrap_or_else(|| panic!("a CSV row of 8: {table_csv}"));
    assert!(eight.contains(",no (needs ≥ "), "{eight}");
}

/// Full recomputation runs each layer's forward pass twice: the report's
/// training FLOPs per token are 4 forward passes, not 3 (Korthikanti et al.
/// 2022, §5: "an extra forward pass"), and say so.
#[test]
fn full_recomputation_makes_training_four_forward_passes() {
    let mut scenario = gpt3();
    let ratio = |j: &serde_json::Value| {
        j["flops_per_token"]["training"]["dense"]
            .as_f64()
            .unwrap_or(f64::NAN)
            / j["flops_per_token"]["forward"]["dense"]
                .as_f64()
                .unwrap_or(f64::NAN)
    };
    assert!(close(ratio(&report_of(&scenario)), 3.0, 1e-12));
    scenario.layout.recompute = flopcast_core::memory::activations::Recompute::Full;
    let full = report_of(&scenario);
    assert!(close(ratio(&full), 4.0, 1e-12), "{}", ratio(&full));
    assert!(
        full["flops_per_token"]["training_is"]
            .as_str()
            .is_some_and(|t| t.contains("× 4")),
        "{}",
        full["flops_per_token"]["training_is"]
    );
}

/// The report's 6·N figures are 2·N a token forward and 6·N in training, for
/// each N: GPT-3's 175B parameters (all active), with and without the
/// embeddings, as Kaplan et al. 2020 (Table 1) count them.
#[test]
fn the_reports_six_n_figures_are_two_and_six_times_each_parameter_count() {
    let scenario = gpt3();
    let e = estimate(&scenario);
    let json = report_of(&scenario);
    let p = &e.params;
    assert!(close(p.total as f64, 1.75e11, 0.005), "{}", p.total);
    for (key, n) in [
        ("six_n", p.active),
        ("six_n_total", p.total),
        ("six_n_non_embedding", p.non_embedding),
    ] {
        let at = |pass: &str| json["flops_per_token"][pass][key].as_f64();
        assert_eq!(at("forward"), Some(2.0 * n as f64), "{key} forward");
        assert_eq!(at("training"), Some(6.0 * n as f64), "{key} training");
    }
    assert!(p.non_embedding < p.total);
    // Every convention's training figure is three forward passes.
    for key in ["kaplan", "dense", "causal"] {
        let at = |pass: &str| {
            json["flops_per_token"][pass][key]
                .as_f64()
                .unwrap_or(f64::NAN)
        };
        assert!(close(at("training"), 3.0 * at("forward"), 1e-12), "{key}");
    }
}

#[test]
fn the_report_gives_a_recurrent_state_exactly_for_models_that_keep_one() {
    use flopcast_core::scenario::ModelChoice;
    // Mamba 2.8B: 64 layers, each a conv window of 5,120 channels (2 · 2,560) × 4
    // and a state of 5,120 channels × 16.
    let mamba = Scenario {
        model: ModelChoice::preset("mamba-2.8b").expect("preset").0,
        ..Scenario::default()
    };
    let state = &report_of(&mamba)["model"]["recurrent_state"];
    assert_eq!(state["conv"], 64 * 5_120 * 4, "{state}");
    assert_eq!(state["ssm"], 64 * 5_120 * 16, "{state}");
    // GPT-3 keeps a KV cache only: no such field.
    let gpt3 = report_of(&gpt3());
    assert!(
        gpt3["model"].get("recurrent_state").is_none(),
        "{}",
        gpt3["model"]
    );
    assert!(gpt3["model"].get("sequence_cache").is_some());
}

/// The report's fewest accelerators: GPT-3's 2.79e12 bytes of training state
/// alone need ⌈2.79e12 / 80e9⌉ = 35 A100s of 80 GB; the activations and the
/// runtime's overheads raise that, and the report gives the estimate's figure.
#[test]
fn the_report_gives_the_fewest_accelerators_the_training_state_needs() {
    let scenario = gpt3();
    let json = report_of(&scenario);
    let min = json["memory"]["min_gpus"].as_u64().expect("a count");
    assert!((35..1024).contains(&min), "{min}");
    assert_eq!(
        Some(min),
        estimate(&scenario).memory.map(|m| m.min_accelerators)
    );
}
