//! The estimate end to end: the article's and the papers' figures.

use flopcast_core::cost::MfuBand;
use flopcast_core::estimate::estimate;
use flopcast_core::flops::{Convention, NBasis};
use flopcast_core::hardware::{AcceleratorInUse, Precision};
use flopcast_core::papers;
use flopcast_core::scenario::{ModelChoice, PriceChoice, Scenario, TokenSource, TypedPrice};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs())
}

fn gpt3() -> Scenario {
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
