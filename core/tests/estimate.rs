//! The estimate end to end: the article's and the papers' figures.

use crate::close;
use flopcast_core::cost::MfuBand;
use flopcast_core::estimate::{estimate, table_by_accelerator, table_by_count};
use flopcast_core::flops::{Convention, NBasis};
use flopcast_core::hardware::{AcceleratorInUse, Precision};
use flopcast_core::memory::layout::{GlobalBatch, Layout};
use flopcast_core::papers;
use flopcast_core::scenario::{ModelChoice, PriceChoice, Scenario, TokenSource, TypedPrice};

pub(crate) fn gpt3() -> Scenario {
    let spec = papers::find("gpt3-175b")
        .and_then(|m| m.spec())
        .expect("GPT-3 builds");
    Scenario {
        model: ModelChoice::custom(spec),
        n_tokens: 300e9,
        seq_len: Some(2048),
        accelerator: AcceleratorInUse::from_catalog("a100-sxm4-80gb", Some(Precision::Bf16))
            .unwrap(),
        n_accelerators: 1024,
        mfu: MfuBand::point(0.4),
        price: PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour: 2.0,
            accelerator_id: "a100-sxm4-80gb",
        }),
        tokens_source: TokenSource::Typed,
        ..Scenario::default()
    }
}

/// GPT-3 trained on 300B tokens with 175B parameters: 1.7 tokens each,
/// against Chinchilla's 20 (Hoffmann et al. 2022).
#[test]
fn gpt3_saw_under_two_tokens_per_parameter() {
    let e = estimate(&gpt3());
    let t = &e.training;
    assert!(
        close(t.tokens_per_param, 300e9 / 174.6e9, 0.01),
        "{}",
        t.tokens_per_param
    );
    assert!(close(
        t.chinchilla_tokens / t.n_tokens,
        20.0 / t.tokens_per_param,
        1e-9
    ));
}

#[test]
fn gpt3_175b_on_300b_tokens_is_3_14e23_flops() {
    let e = estimate(&gpt3());
    assert!(
        close(e.training.model_flops, 3.14e23, 0.01),
        "{}",
        e.training.model_flops
    );
    assert!(close(e.params.non_embedding as f64, 1.74e11, 0.01));
    assert!(close(e.params.total as f64, 1.75e11, 0.01));
}

#[test]
fn an_a100_at_40_percent_turns_3_14e23_flops_into_699k_hours() {
    let e = estimate(&gpt3());
    // 3.14e23 / (312e12 × 0.4) = 2.52e9 A100-seconds = 6.99e5 A100-hours
    let hours = e.time_cost.at_low_mfu.accelerator_hours * 3.14e23 / e.training.model_flops;
    assert!(close(hours, 6.99e5, 0.002), "{hours}");
    assert!(close(
        e.time_cost.at_low_mfu.wall_seconds * 1024.0 * 3.14e23 / e.training.model_flops,
        2.52e9,
        0.003
    ));
    let cost = e.time_cost.at_low_mfu.cost_usd.unwrap();
    assert!(close(
        cost,
        e.time_cost.at_low_mfu.accelerator_hours * 2.0,
        1e-12
    ));
}

#[test]
fn llama_3_1_405b_on_15_6t_tokens_is_3_8e25_flops() {
    let scenario = Scenario {
        model: ModelChoice::preset("llama-3.1-405b").unwrap().0,
        n_tokens: 15.6e12,
        ..Scenario::default()
    };
    let e = estimate(&scenario);
    assert!(
        close(e.training.model_flops, 3.8e25, 0.01),
        "{}",
        e.training.model_flops
    );
    assert!(e.training.landmarks.over_eu_ai_act_threshold);
}

#[test]
fn recomputation_adds_a_forward_pass_of_hardware_flops_but_not_model_flops() {
    let plain = estimate(&gpt3());
    let mut full = gpt3();
    full.layout.recompute = flopcast_core::memory::activations::Recompute::Full;
    let recompute = estimate(&full);
    assert_eq!(plain.training.model_flops, recompute.training.model_flops);
    assert!(close(
        recompute.training.hardware_flops,
        plain.training.model_flops * 4.0 / 3.0,
        1e-12
    ));
    // Selective recomputation runs the attention core's forward again only
    // (Korthikanti et al. 2022). Counted densely, GPT-3's core is
    // 2·96·2048·96·(128 + 128) = 9,663,676,416 FLOPs a token (96 layers, 96
    // heads of 128, 2,048 keys).
    let mut selective = gpt3();
    selective.convention = Convention::Dense;
    selective.layout.recompute = flopcast_core::memory::activations::Recompute::Selective;
    let e = estimate(&selective);
    let core = e
        .breakdown
        .terms
        .iter()
        .find(|t| t.key == "attention_core")
        .expect("an attention core")
        .flops;
    assert_eq!(core, 9_663_676_416.0);
    assert!(close(
        e.training.hardware_flops - e.training.model_flops,
        core * selective.n_tokens,
        1e-12
    ));
}

#[test]
fn every_convention_is_compared_against_the_chosen_one() {
    let scenario = Scenario {
        convention: Convention::Dense,
        ..gpt3()
    };
    let e = estimate(&scenario);
    let dense = e
        .conventions
        .iter()
        .find(|c| c.convention == Convention::Dense)
        .unwrap();
    assert_eq!(dense.vs_chosen, 0.0);
    let six_n = e
        .conventions
        .iter()
        .find(|c| c.convention == Convention::SixN(NBasis::Active))
        .unwrap();
    assert!(
        six_n.vs_chosen < 0.0,
        "6N has no attention term, so it is below dense"
    );
    assert_eq!(e.training.model_flops, dense.training_flops);
}

#[test]
fn an_mfu_band_gives_a_time_range() {
    let e = estimate(&Scenario {
        mfu: MfuBand {
            low: 0.3,
            high: 0.5,
        },
        ..gpt3()
    });
    let slow = e.time_cost.at_low_mfu.wall_seconds;
    let fast = e.time_cost.at_high_mfu.wall_seconds;
    assert!(close(slow / fast, 0.5 / 0.3, 1e-12));
}

#[test]
fn gpt3s_compute_is_one_gpt3_and_3_64e3_pf_days() {
    let e = estimate(&gpt3());
    let l = e.training.landmarks;
    // Brown et al. 2020, Table D.1: GPT-3 175B, 3.14e23 FLOPs = 3.64e3 PF-days.
    assert!(close(l.gpt3_multiple, 1.0, 0.01), "{}", l.gpt3_multiple);
    assert!(close(l.pf_days, 3.64e3, 0.01), "{}", l.pf_days);
    assert!(!l.over_eu_ai_act_threshold, "3.14e23 < 1e25");
}

#[test]
fn gpt3s_training_state_is_16_bytes_a_parameter() {
    let e = estimate(&gpt3());
    let m = e.memory.expect("the A100 has a memory size");
    // Mixed-precision Adam (ZeRO, Rajbhandari et al. 2020, §3.1): 2 + 2 + 12 = 16 bytes
    // per parameter: 1.75e11 × 16 = 2.8e12 bytes.
    assert!(
        close(m.training_state_bytes, 2.8e12, 0.01),
        "{}",
        m.training_state_bytes
    );
}

/// GPT-3 on 1,024 A100s laid out by hand: TP 8 · PP 8 · DP 16, a global batch of
/// 1,536 sequences of 2,048 (3,145,728 tokens), one sequence per micro-batch: 96
/// micro-batches per replica, a bubble of (8 − 1)/96. The MFU of 40 % is of the
/// compute alone, so the bubble adds to the time.
fn gpt3_pipelined() -> Scenario {
    Scenario {
        layout: Layout {
            tp: 8,
            pp: 8,
            ..Layout::default()
        },
        auto_layout: false,
        global_batch: GlobalBatch::Tokens(1536 * 2048),
        mfu_includes_bubble: false,
        ..gpt3()
    }
}

#[test]
fn a_bubble_outside_the_mfu_lengthens_the_compute_time() {
    let e = estimate(&gpt3_pipelined());
    assert_eq!(e.time.bubble_fraction, 7.0 / 96.0);
    // compute: 3.14e23 / (1,024 × 312e12 × 0.4) = 3.14e23 / 1.277952e17 = 2.457e6 s;
    // with the bubble: 2.457e6 × (1 + 7/96) = 2.636e6 s.
    assert!(
        close(e.time.compute_seconds, 2.457e6, 0.01),
        "{}",
        e.time.compute_seconds
    );
    assert!(
        close(e.time.with_bubble_seconds, 2.636e6, 0.01),
        "{}",
        e.time.with_bubble_seconds
    );
    // Nothing lost to failures (goodput 1): the time with the bubble is the headline's.
    assert!(close(
        e.time.with_bubble_seconds,
        e.time.wall_seconds,
        1e-12
    ));
    assert!(close(
        e.time_cost.at_low_mfu.wall_seconds,
        e.time.wall_seconds,
        1e-12
    ));
}

/// With the bubble inside the MFU (the default), the headline's 3.14e23 /
/// (1,024 × 312e12 × 0.4) = 2.457e6 s already holds it: the compute alone is
/// 2.457e6 / (1 + 7/96) = 2.290e6 s.
#[test]
fn a_bubble_inside_the_mfu_is_part_of_the_time_not_added_to_it() {
    let e = estimate(&Scenario {
        mfu_includes_bubble: true,
        ..gpt3_pipelined()
    });
    assert!(
        close(e.time.with_bubble_seconds, 2.457e6, 0.01),
        "{}",
        e.time.with_bubble_seconds
    );
    assert!(close(
        e.time.wall_seconds,
        e.time.with_bubble_seconds,
        1e-12
    ));
    assert!(
        close(e.time.compute_seconds, 2.290e6, 0.01),
        "{}",
        e.time.compute_seconds
    );
}

#[test]
fn with_a_bubble_and_goodput_your_table_rows_are_still_the_headline() {
    let scenario = Scenario {
        goodput: 0.9,
        ..gpt3_pipelined()
    };
    let e = estimate(&scenario);
    // 2.636e6 s with the bubble (above) ÷ 0.9 goodput = 2.929e6 s.
    assert!(
        close(e.time.wall_seconds, 2.929e6, 0.01),
        "{}",
        e.time.wall_seconds
    );
    // A tenth of the wall-clock is lost to failures: 2.929e6 − 2.636e6 s.
    assert!(
        close(e.time.lost_seconds, 0.1 * e.time.wall_seconds, 1e-9),
        "{}",
        e.time.lost_seconds
    );
    // The time formula says both, and only what applies.
    let formula = &e.formulas.time.formula;
    assert!(formula.ends_with("bubble) ÷ 90 % goodput"), "{formula}");
    let full = estimate(&gpt3_pipelined()).formulas.time.formula;
    assert!(
        full.ends_with("bubble)") && !full.contains("goodput"),
        "{full}"
    );
    let by_accelerator = table_by_accelerator(&scenario, &e);
    let yours = by_accelerator.yours().expect("the table has your row");
    assert_eq!(yours.time_cost, e.time_cost);
    let by_count = table_by_count(&scenario, &e);
    let yours = by_count.yours().expect("the table has your row");
    assert_eq!(yours.time_cost, e.time_cost);
}

#[test]
fn the_tables_memory_column_is_the_layout_searchs() {
    let scenario = gpt3();
    let e = estimate(&scenario);
    let headline = e.memory.expect("the A100 has a memory size");
    assert!(headline.fits, "{headline:?}");
    // Your row's fit is the headline's: the first-ranked layout that fits.
    let by_accelerator = table_by_accelerator(&scenario, &e);
    let yours = by_accelerator.yours().expect("the table has your row");
    assert_eq!(yours.memory, Some(headline));
    assert_eq!(yours.memory_text(), headline.text());
    assert!(
        yours.memory_text().starts_with("fits"),
        "{}",
        yours.memory_text()
    );
    assert!(headline.bytes_per_accelerator <= 80e9);
    // 2.8e12 bytes of training state need at least 2.8e12 / 80e9 = 35 A100s of 80 GB:
    // the count table's row of 8 cannot fit; its row of 1,024 (yours) does.
    let by_count = table_by_count(&scenario, &e);
    let fits_at = |n: u64| {
        by_count
            .rows
            .iter()
            .find(|r| r.n_accelerators == n)
            .and_then(|r| r.memory)
            .map(|m| m.fits)
    };
    assert_eq!(fits_at(8), Some(false));
    assert_eq!(fits_at(1024), Some(true));
}

/// The training-FLOPs formula shows the count each convention multiplies:
/// 6·N·D with the N the convention names, else 3 × the forward pass per token.
#[test]
fn the_training_flops_formula_names_the_conventions_count() {
    let mut scenario = Scenario::default();
    for (basis, n) in [
        (NBasis::Active, "8.03e9"),
        // 8,030,261,248 less the 128,256 × 4,096 input embedding
        (NBasis::NonEmbedding, "7.5e9"),
    ] {
        scenario.convention = Convention::SixN(basis);
        let e = estimate(&scenario);
        assert_eq!(
            e.formulas.training_flops.formula,
            format!("6 × {n} × 1.5e13"),
            "{basis:?}"
        );
        assert_eq!(e.formulas.training_flops.value, e.training.model_flops);
    }
    scenario.convention = Convention::Dense;
    let dense = estimate(&scenario).formulas.training_flops.formula;
    assert!(
        dense.starts_with("3 × ") && dense.contains("FLOP/token (forward, S = 8192)"),
        "{dense}"
    );
}

/// The page's list of layouts is the search at the scenario's own count and
/// accelerator: the default 8B on 1,024 H100s fits, first in rank order, and
/// every row uses all 1,024.
#[test]
fn the_layouts_listed_are_the_scenarios_own_count_and_fit_first() {
    let scenario = Scenario::default();
    let e = estimate(&scenario);
    let rows = flopcast_core::estimate::fitting_layouts(&scenario, &e);
    assert!(!rows.is_empty());
    assert!(rows[0].fits, "{}", rows[0].text);
    for r in &rows {
        assert_eq!(
            r.plan.layout.model_parallel() * r.plan.dp,
            scenario.n_accelerators,
            "{}",
            r.text
        );
    }
}
