//! Issue 14, "One story on every screen": the headline, the tables, the price
//! box, the notices and the exports tell the same story about one scenario.

use crate::close;
use flopcast_core::cost::{MfuBand, MFU_PRESETS};
use flopcast_core::estimate::{estimate, table_by_accelerator, table_by_count};
use flopcast_core::export::{csv, report_json, tables_markdown};
use flopcast_core::fields;
use flopcast_core::hardware::{AcceleratorInUse, Precision, PriceUsed, CATALOG};
use flopcast_core::notes::{mfu_choices, mfu_note, token_choices, tokens_note};
use flopcast_core::runs::median_mfu_for;
use flopcast_core::scenario::{
    Change, ModelChoice, PriceChoice, Scenario, TokenSource, DEFAULT_MFU,
};
use flopcast_core::tables::{by_accelerator, Best, Sort, SortKey, TableKind, Workload};

fn accelerator(id: &str) -> AcceleratorInUse {
    AcceleratorInUse::from_catalog(id, None).unwrap_or_else(|| panic!("{id} is in the catalog"))
}

fn preset(id: &str) -> ModelChoice {
    ModelChoice::preset(id)
        .unwrap_or_else(|| panic!("{id} is a preset"))
        .0
}

/// The default scenario on FP8 H100s at a typed $2.00 per hour.
fn fp8_at_two_dollars() -> Scenario {
    let mut scenario = Scenario::default();
    scenario.apply(Change::Precision(Precision::Fp8));
    scenario.apply(Change::TypedPrice(2.0));
    scenario
}

// Item 1: the user's row equals the headline.

#[test]
fn your_row_in_the_accelerator_table_is_the_headline() {
    let scenario = fp8_at_two_dollars();
    let e = estimate(&scenario);
    let table = table_by_accelerator(&scenario, &e);
    let yours = table.yours().expect("the table has your row");
    assert_eq!(yours.accelerator, scenario.accelerator);
    assert_eq!(yours.accelerator.precision(), Some(Precision::Fp8));
    assert_eq!(yours.time_cost, e.time_cost);
    assert_eq!(yours.time_text(), e.time_cost.time_text());
    assert_eq!(Some(yours.cost_text()), e.time_cost.cost_text());
    assert_eq!(
        yours.price,
        Some(PriceUsed::Custom {
            usd_per_accelerator_hour: 2.0
        })
    );
    assert_eq!(yours.price_text(), "$2.00/h yours");
    // exactly one row is yours, and the H100 has no second, default-priced row
    assert_eq!(table.rows.iter().filter(|r| r.yours).count(), 1);
    let h100_rows = table
        .rows
        .iter()
        .filter(|r| r.accelerator.id() == "h100-sxm5-80gb");
    assert_eq!(h100_rows.count(), 1);
}

#[test]
fn your_row_in_the_count_table_is_the_headline() {
    let scenario = fp8_at_two_dollars();
    let e = estimate(&scenario);
    let table = table_by_count(&scenario, &e);
    let yours = table.yours().expect("the table has your row");
    assert_eq!(yours.n_accelerators, scenario.n_accelerators);
    assert_eq!(yours.time_cost, e.time_cost);
}

#[test]
fn other_rows_use_your_precision_or_say_what_they_fall_back_to() {
    let scenario = fp8_at_two_dollars();
    let table = table_by_accelerator(&scenario, &estimate(&scenario));
    let row = |id: &str| {
        table
            .rows
            .iter()
            .find(|r| r.accelerator.id() == id)
            .unwrap_or_else(|| panic!("{id} has a row"))
    };
    let h200 = row("h200-sxm-141gb");
    assert_eq!(h200.accelerator.precision(), Some(Precision::Fp8));
    assert_eq!(h200.precision_text(), "FP8");
    let a100 = row("a100-sxm4-80gb");
    assert_eq!(a100.precision_fallback_from, Some(Precision::Fp8));
    assert_eq!(a100.precision_text(), "BF16 (no FP8)");
    // other rows are at their default quote, never at your typed price
    assert!(matches!(h200.price, Some(PriceUsed::Listed(_))));
}

#[test]
fn the_caption_says_what_each_row_assumes() {
    let scenario = fp8_at_two_dollars();
    let e = estimate(&scenario);
    let by_accelerator = table_by_accelerator(&scenario, &e).caption;
    for part in [
        "1,024 of each at 30 % MFU",
        "the NVIDIA H100 SXM5 80GB, is your scenario exactly: FP8 and your $2.00 per hour",
        "Every other row: FP8 where the accelerator has a dense FP8 figure",
        "“no public price”",
    ] {
        assert!(
            by_accelerator.contains(part),
            "{part:?} in {by_accelerator}"
        );
    }
    let by_count = table_by_count(&scenario, &e).caption;
    assert!(by_count.contains("your row is 1,024"), "{by_count}");
}

// Item 2: the price in use is what the box shows; a typed price belongs to
// its accelerator.

#[test]
fn the_price_box_shows_the_price_in_use() {
    let mut scenario = Scenario::default();
    // the default: the H100's default quote, exactly
    assert_eq!(scenario.price_shown(), "6.155");
    let used = scenario.price_used().map(|p| p.usd_per_accelerator_hour());
    assert_eq!(used, Some(6.155));
    scenario.apply(Change::TypedPrice(2.5));
    assert_eq!(scenario.price_shown(), "2.50");
    assert!(scenario
        .price_echo()
        .starts_with("$2.50 per hour: your price for the NVIDIA H100"));
    // emptying the box goes back to the default quote, and the box says so
    scenario.apply(Change::Price(PriceChoice::Default));
    assert_eq!(scenario.price_shown(), "6.155");
    assert!(scenario.price_echo().ends_with("(the default quote)."));
}

#[test]
fn a_typed_price_stays_with_its_accelerator_and_the_change_says_so() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::TypedPrice(2.0));
    let notices = scenario.apply(Change::Accelerator(accelerator("gaudi3")));
    assert_eq!(scenario.price, PriceChoice::Default);
    assert_eq!(scenario.price_shown(), "");
    assert_eq!(notices.len(), 1, "{notices:#?}");
    let text = &notices[0].text;
    assert!(
        text.starts_with("Your $2.00 per hour was for the NVIDIA H100 SXM5 80GB;")
            && text.contains("has no public price — type one"),
        "{text}"
    );
    // one click carries the price over, now typed for the Gaudi 3
    let offer = notices[0]
        .offer
        .clone()
        .expect("an offer to keep the price");
    assert!(offer.label.starts_with("Use $2.00 per hour for the"));
    scenario.apply(offer.change);
    assert_eq!(scenario.price_shown(), "2.00");
    assert_eq!(
        scenario.price_used(),
        Some(PriceUsed::Custom {
            usd_per_accelerator_hour: 2.0
        })
    );
    // to a priced accelerator, the notice names the quote now in use
    let notices = scenario.apply(Change::Accelerator(accelerator("mi300x")));
    assert_eq!(scenario.price_shown(), "1.85");
    assert!(
        notices[0]
            .text
            .contains("uses its default quote, $1.85 per hour"),
        "{notices:#?}"
    );
}

#[test]
fn the_same_accelerator_at_another_precision_keeps_the_typed_price() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::TypedPrice(2.0));
    let notices = scenario.apply(Change::Precision(Precision::Fp8));
    assert_eq!(notices, vec![]);
    assert_eq!(scenario.price_shown(), "2.00");
}

#[test]
fn a_comma_price_is_a_decimal_and_echoed_as_read() {
    let usd = fields::price("2,50").expect("2,50 reads as a decimal");
    assert!(close(usd, 2.5, 1e-12), "{usd}");
    let mut scenario = Scenario::default();
    scenario.apply(Change::TypedPrice(usd));
    assert!(scenario.price_echo().starts_with("$2.50 per hour"));
    // never 250, and an ambiguous comma is refused with its reason
    assert!(fields::price("1,00,000").is_err());
    assert!(close(fields::tokens("1,000").unwrap_or(0.0), 1000.0, 1e-12));
    assert!(close(fields::tokens("2,5T").unwrap_or(0.0), 2.5e12, 1e-12));
}

// Item 3: ranges low to high in one unit, everywhere.

fn band_scenario() -> Scenario {
    let mut scenario = Scenario::default();
    scenario.apply(Change::Model(preset("llama-3.1-405b")));
    scenario.apply(Change::Count(16_384));
    scenario.apply(Change::Mfu(MfuBand {
        low: 0.43,
        high: 0.38,
    }));
    scenario
}

#[test]
fn a_band_reads_low_to_high_in_one_unit_in_headline_tables_and_exports() {
    let scenario = band_scenario();
    let e = estimate(&scenario);
    let headline = e.time_cost.time_text();
    assert_eq!(headline, "63–71 days");
    let (lo, hi) = e.time_cost.wall_seconds_range();
    assert!(lo < hi && close(hi / lo, 0.43 / 0.38, 1e-9));
    let by_accelerator = table_by_accelerator(&scenario, &e);
    let by_count = table_by_count(&scenario, &e);
    let yours = by_accelerator.yours().expect("your row");
    assert_eq!(yours.time_text(), headline);
    let md = tables_markdown(&by_accelerator, &by_count);
    assert!(md.contains(&format!("| {headline} |")), "{md}");
    let cost = e.time_cost.cost_text().expect("the H100 is priced");
    assert!(md.contains(&cost), "{cost} in the Markdown");
    let table_csv = csv(&by_accelerator.rows, &by_count.rows);
    assert!(table_csv.contains(&format!(",{headline},")), "{table_csv}");
    // JSON keeps numbers, smallest first
    let json: serde_json::Value =
        serde_json::from_str(&report_json(&scenario, &e, &[])).expect("JSON");
    let min = json["time"]["range"]["min"].as_f64().unwrap_or(f64::NAN);
    let max = json["time"]["range"]["max"].as_f64().unwrap_or(f64::NAN);
    assert!(close(min, lo, 1e-12) && close(max, hi, 1e-12), "{json:#}");
    let cost_min = json["cost"]["range"]["min"].as_f64().unwrap_or(f64::NAN);
    let cost_max = json["cost"]["range"]["max"].as_f64().unwrap_or(f64::NAN);
    assert!(cost_min < cost_max, "{json:#}");
}

// Item 4: best marks.

#[test]
fn equal_rows_are_marked_as_tied() {
    // The H100 SXM5 and the H200 have the same dense BF16 peak.
    let scenario = Scenario::default();
    let e = estimate(&scenario);
    let workload = Workload {
        total_flops: e.training.model_flops,
        n_params: e.params.total,
        bytes_per_param: scenario.memory.state.total(),
        mfu: scenario.mfu,
    };
    let subset = CATALOG
        .iter()
        .filter(|a| ["a100-sxm4-80gb", "h100-sxm5-80gb", "h200-sxm-141gb"].contains(&a.id));
    let table = by_accelerator(&workload, 1_024, Some(Precision::Bf16), subset, None);
    let marks: Vec<(&str, Best, String)> = table
        .rows
        .iter()
        .map(|r| (r.accelerator.id(), r.fastest, r.marks()))
        .collect();
    assert_eq!(marks[0].1, Best::No, "{marks:#?}");
    assert_eq!(marks[1].1, Best::Tied, "{marks:#?}");
    assert_eq!(marks[2].1, Best::Tied, "{marks:#?}");
    assert!(marks[1].2.contains("fastest (tied)"), "{marks:#?}");
}

#[test]
fn the_count_table_never_marks_cheapest_and_says_why_once() {
    let scenario = Scenario::default();
    let table = table_by_count(&scenario, &estimate(&scenario));
    assert!(table.rows.iter().all(|r| r.cheapest == Best::No));
    assert_eq!(table.omitted_marks.len(), 1, "{:#?}", table.omitted_marks);
    assert!(table.omitted_marks[0].starts_with("No row is marked cheapest"));
    // the fastest is still marked: the largest count that fits
    assert!(table.rows.iter().any(|r| r.fastest == Best::Only));
}

// Item 6: the sort is part of the scenario.

#[test]
fn the_scenarios_sort_orders_the_table() {
    let mut scenario = Scenario::default();
    let sort = Sort::toggled(None, SortKey::Cost);
    scenario.apply(Change::Sort(TableKind::ByAccelerator, Some(sort)));
    let table = table_by_accelerator(&scenario, &estimate(&scenario));
    assert_eq!(table.sort, Some(sort));
    let costs: Vec<f64> = table.rows.iter().filter_map(|r| r.cost_usd()).collect();
    assert!(costs.len() > 10);
    assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
    // unpriced rows last
    let first_unpriced = table.rows.iter().position(|r| r.cost_usd().is_none());
    assert_eq!(first_unpriced, Some(costs.len()));
    // a second click on the same column reverses it
    let reversed = Sort::toggled(Some(sort), SortKey::Cost);
    assert!(reversed.descending);
    // a click on another column sorts by it ascending, whatever the old order
    for from in [sort, reversed] {
        let other = Sort::toggled(Some(from), SortKey::Time);
        assert_eq!((other.key, other.descending), (SortKey::Time, false));
    }
    scenario.apply(Change::Sort(TableKind::ByAccelerator, Some(reversed)));
    let table = table_by_accelerator(&scenario, &estimate(&scenario));
    let down: Vec<f64> = table.rows.iter().filter_map(|r| r.cost_usd()).collect();
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    assert!(down.first() > down.last(), "{down:?}");
    // and the unpriced rows stay last
    let first_unpriced = table.rows.iter().position(|r| r.cost_usd().is_none());
    assert_eq!(first_unpriced, Some(down.len()));
}

// Item 9: the MFU default and its source.

#[test]
fn the_default_mfu_says_where_it_comes_from_and_how_it_compares() {
    let scenario = Scenario::default();
    assert_eq!(scenario.mfu, MfuBand::point(DEFAULT_MFU));
    let note = mfu_note(&scenario);
    assert!(note.starts_with("30 %: flopcast's default."), "{note}");
    let h100 = median_mfu_for("h100-sxm5-80gb").expect("published H100 runs");
    assert!(h100.median_mfu < DEFAULT_MFU);
    // the note says how much more optimistic than the published median it is
    assert!(
        note.contains("Published H100 runs imply a median of"),
        "{note}"
    );
    let choices = mfu_choices(&scenario);
    assert_eq!(choices[0].id, "default");
    let median = choices
        .iter()
        .find(|c| c.id == "generation-median")
        .expect("the generation's median is offered");
    assert!(close(median.band.low, h100.median_mfu, 1e-12));
    assert!(!median.source.is_empty());
}

#[test]
fn a_named_mfu_says_which_preset_it_is_and_any_other_says_it_is_yours() {
    for p in MFU_PRESETS.iter().filter(|p| p.mfu != DEFAULT_MFU) {
        let mut scenario = Scenario::default();
        scenario.apply(Change::Mfu(MfuBand::point(p.mfu)));
        let note = mfu_note(&scenario);
        // its own label and source, and no other preset's
        assert!(
            note.contains(p.label) && note.contains(p.source),
            "{}: {note}",
            p.id
        );
        for q in MFU_PRESETS.iter().filter(|q| q.id != p.id) {
            assert!(!note.contains(q.label), "{} names {}: {note}", p.id, q.id);
        }
    }
    let mut scenario = Scenario::default();
    scenario.apply(Change::Mfu(MfuBand::point(0.35)));
    assert!(mfu_note(&scenario).starts_with("35 %: your MFU."));
}

// Item 10: tokens follow the model.

#[test]
fn a_preset_brings_its_published_tokens_unless_a_count_was_typed() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::Model(preset("qwen2.5-7b")));
    assert!(close(scenario.n_tokens, 18e12, 1e-12));
    assert!(
        matches!(scenario.tokens_source, TokenSource::Published(p) if p.preset_id == "qwen2.5-7b")
    );
    let note = tokens_note(&scenario);
    assert!(
        note.starts_with("18T: Qwen2.5 7B's published count"),
        "{note}"
    );
    assert!(!note.contains("kept from the previous model"), "{note}");
    // A pasted config keeps the count, and the note says whose it was.
    let mut pasted = scenario.clone();
    pasted.apply(Change::Model(ModelChoice::custom(
        ModelChoice::preset("gpt2").expect("gpt2").0.spec,
    )));
    let note = tokens_note(&pasted);
    assert!(
        note.starts_with("18T: Qwen2.5 7B's published count, kept from the previous model"),
        "{note}"
    );
    scenario.apply(Change::Tokens(2e12));
    scenario.apply(Change::Model(preset("llama-3.1-70b")));
    assert!(close(scenario.n_tokens, 2e12, 1e-12));
}

#[test]
fn a_published_source_whose_figure_is_not_the_count_reads_as_typed() {
    // A scenario built by hand: Llama 3.1 8B's published source (~15T) but 2T
    // tokens. The note does not call 2T the published count; it is typed:
    // 2e12 / 8,030,261,248 active parameters = 249.06 tokens per parameter,
    // and Chinchilla's 20 × 8,030,261,248 = 1.606e11 shows as "161B".
    let scenario = Scenario {
        n_tokens: 2e12,
        ..Scenario::default()
    };
    assert!(matches!(
        scenario.tokens_source,
        TokenSource::Published(p) if p.preset_id == "llama-3.1-8b" && p.n_tokens == 15e12
    ));
    assert_eq!(
        tokens_note(&scenario),
        "2T, typed: 249 tokens per active parameter; Chinchilla-optimal is 161B."
    );
}

#[test]
fn a_preset_without_a_published_count_gets_chinchilla_and_says_so() {
    let mut scenario = Scenario::default();
    let notices = scenario.apply(Change::Model(preset("gpt2")));
    assert_eq!(scenario.tokens_source, TokenSource::Chinchilla);
    let active = flopcast_core::params::count_params(&scenario.model.spec).active as f64;
    assert!(close(scenario.n_tokens, 20.0 * active, 1e-12));
    assert!(
        notices
            .iter()
            .any(|n| n.text.contains("Chinchilla-optimal") && n.text.contains("Hoffmann")),
        "{notices:#?}"
    );
    let note = tokens_note(&scenario);
    assert!(
        note.contains(": Chinchilla-optimal, 20 tokens per active parameter"),
        "{note}"
    );
    // Another count under the same source is a typed one, and says so.
    let typed = Scenario {
        n_tokens: 1e12,
        ..scenario
    };
    let note = tokens_note(&typed);
    assert!(note.starts_with("1T, typed: "), "{note}");
}

#[test]
fn a_pasted_config_is_offered_chinchilla_not_forced() {
    let mut scenario = Scenario::default();
    let mut spec = preset("gpt2").spec;
    spec.d_model += 64;
    let notices = scenario.apply(Change::Model(ModelChoice::custom(spec)));
    assert!(close(scenario.n_tokens, 15e12, 1e-12), "kept");
    let offer = notices
        .iter()
        .find_map(|n| n.offer.clone())
        .expect("Chinchilla offered");
    assert_eq!(offer.change, Change::ChinchillaTokens);
    assert!(token_choices(&scenario)
        .iter()
        .any(|o| o.change == Change::ChinchillaTokens));
    scenario.apply(offer.change);
    assert_eq!(scenario.tokens_source, TokenSource::Chinchilla);
}

#[test]
fn the_published_count_is_offered_only_when_not_in_use() {
    // The default: Llama 3.1 8B on its published 15T tokens, so only
    // Chinchilla is offered.
    let mut scenario = Scenario::default();
    assert!(matches!(scenario.tokens_source, TokenSource::Published(_)));
    let offered =
        |s: &Scenario| -> Vec<Change> { token_choices(s).into_iter().map(|o| o.change).collect() };
    assert_eq!(offered(&scenario), [Change::ChinchillaTokens]);
    scenario.apply(Change::ChinchillaTokens);
    let choices = token_choices(&scenario);
    assert_eq!(offered(&scenario), [Change::PublishedTokens]);
    assert_eq!(choices[0].label, "Use the published 15T tokens");
    scenario.apply(Change::PublishedTokens);
    assert_eq!(offered(&scenario), [Change::ChinchillaTokens]);
}

// Item 12: grammar, names and the context warning.

#[test]
fn a_single_accelerator_is_singular() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::Model(preset("gpt2")));
    let note = estimate(&scenario).memory_note();
    assert!(
        note.contains("1 accelerator is the fewest that fit"),
        "{note}"
    );
}

#[test]
fn a_layout_that_does_not_fit_still_says_what_each_accelerator_would_hold() {
    // Llama 3.1 8B on one 80 GB H100: 8,030,261,248 parameters × 16 bytes =
    // 128,484,179,968 B ("128 GB") of training state, all of it on the one
    // accelerator, which cannot hold it. The note keeps the per-accelerator
    // bytes of the layout in use (at least the whole state) before "needs ≥".
    let mut scenario = Scenario::default();
    scenario.apply(Change::Count(1));
    let e = estimate(&scenario);
    let fit = e.memory.expect("the H100 has a memory size");
    assert!(!fit.fits && fit.layout.is_some(), "{fit:?}");
    assert!(fit.bytes_per_accelerator >= 128_484_179_968.0, "{fit:?}");
    let note = e.memory_note();
    assert!(
        note.starts_with("128 GB of training state; ")
            && note.contains(" per accelerator (weights, gradients, optimizer state, ")
            && note.contains("): needs ≥ "),
        "{note}"
    );
}

#[test]
fn a_pasted_presets_config_is_named_after_the_preset() {
    let pasted = ModelChoice::custom(preset("qwen2.5-7b").spec);
    assert_eq!(pasted.name(), "qwen2 config matching Qwen2.5 7B");
}

#[test]
fn a_sequence_longer_than_the_context_is_warned_about() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::Model(preset("gpt2")));
    assert!(estimate(&scenario).warnings.is_empty());
    scenario.apply(Change::SeqLen(Some(4_096)));
    let warnings = estimate(&scenario).warnings;
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("4,096 is longer than") && warnings[0].contains("context of 1,024"),
        "{warnings:#?}"
    );
}

// Item 13: one set of defaults.

#[test]
fn the_default_sequence_length_is_the_shorter_of_context_and_8192() {
    let mut scenario = Scenario::default();
    assert_eq!(scenario.seq_len(), 8_192);
    scenario.apply(Change::Model(preset("gpt2")));
    assert_eq!(scenario.seq_len(), 1_024);
    scenario.apply(Change::Model(preset("llama-3.1-70b")));
    assert_eq!(scenario.seq_len(), 8_192);
}

/// Without a public price the line under the price box says so and asks for
/// one, naming the accelerator (or that it is a custom one).
#[test]
fn the_price_line_asks_for_a_price_where_there_is_none() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::Accelerator(accelerator("gaudi3")));
    assert_eq!(scenario.price_used(), None);
    assert_eq!(
        scenario.price_echo(),
        "No public price for the Intel Gaudi 3 (OAM HL-325L): type one to see the cost."
    );
    scenario.accelerator = AcceleratorInUse::Custom(flopcast_core::hardware::CustomAccelerator {
        peak_flops_per_s: 1e15,
        memory_bytes: None,
    });
    scenario.price = PriceChoice::Default;
    assert_eq!(
        scenario.price_echo(),
        "A custom accelerator has no public price: type one to see the cost."
    );
}
