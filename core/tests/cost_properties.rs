//! Properties of time, cost and memory fit that must hold for every valid
//! input (finite, positive numbers; MFU in (0, 1]).

use flopcast_core::cost::{time_and_cost, time_and_cost_band, MfuBand, TimeCostInputs};
use flopcast_core::memory::{memory_fit, min_accelerators_fully_sharded};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    crate::close(a, b, 1e-12)
}

prop_compose! {
    fn valid_inputs()(
        total_flops in 1e15f64..1e27,
        peak_flops_per_s in 1e12f64..2e16,
        n_accelerators in 1u64..200_000,
        mfu in 0.01f64..=1.0,
        usd in 0.01f64..100.0,
    ) -> TimeCostInputs {
        TimeCostInputs {
            total_flops,
            peak_flops_per_s,
            n_accelerators,
            mfu,
            usd_per_accelerator_hour: Some(usd),
        }
    }
}

proptest! {
    #[test]
    fn every_output_is_finite_and_positive(inputs in valid_inputs()) {
        let tc = time_and_cost(&inputs);
        prop_assert!(tc.wall_seconds.is_finite() && tc.wall_seconds > 0.0);
        prop_assert!(tc.accelerator_hours.is_finite() && tc.accelerator_hours > 0.0);
        prop_assert!(tc.cost_usd.is_some_and(|c| c.is_finite() && c > 0.0));
    }

    #[test]
    fn more_accelerators_take_less_time_and_the_same_accelerator_hours(
        inputs in valid_inputs(),
        extra in 1u64..100_000,
    ) {
        let fewer = time_and_cost(&inputs);
        let more = time_and_cost(&TimeCostInputs {
            n_accelerators: inputs.n_accelerators + extra,
            ..inputs
        });
        prop_assert!(more.wall_seconds < fewer.wall_seconds);
        prop_assert!(close(more.accelerator_hours, fewer.accelerator_hours));
        prop_assert!(close(more.cost_usd.unwrap_or(0.0), fewer.cost_usd.unwrap_or(-1.0)));
    }

    #[test]
    fn cost_is_linear_in_price(inputs in valid_inputs(), factor in 0.01f64..100.0) {
        let base = time_and_cost(&inputs);
        let scaled = time_and_cost(&TimeCostInputs {
            usd_per_accelerator_hour: inputs.usd_per_accelerator_hour.map(|u| u * factor),
            ..inputs
        });
        prop_assert!(close(
            scaled.cost_usd.unwrap_or(0.0),
            base.cost_usd.unwrap_or(0.0) * factor
        ));
        prop_assert_eq!(scaled.wall_seconds, base.wall_seconds);
    }

    #[test]
    fn twice_the_flops_take_twice_the_time(inputs in valid_inputs()) {
        let once = time_and_cost(&inputs);
        let twice = time_and_cost(&TimeCostInputs {
            total_flops: 2.0 * inputs.total_flops,
            ..inputs
        });
        prop_assert!(close(twice.wall_seconds, 2.0 * once.wall_seconds));
        prop_assert!(close(twice.accelerator_hours, 2.0 * once.accelerator_hours));
    }

    #[test]
    fn a_wider_mfu_band_brackets_every_mfu_inside_it(
        inputs in valid_inputs(),
        a in 0.01f64..=1.0,
        b in 0.01f64..=1.0,
        t in 0.0f64..=1.0,
    ) {
        let band = time_and_cost_band(&inputs, MfuBand { low: a, high: b });
        let inside = a.min(b) + t * (a.max(b) - a.min(b));
        let mid = time_and_cost(&TimeCostInputs { mfu: inside, ..inputs });
        let slack = 1.0 + 1e-12;
        prop_assert!(mid.wall_seconds <= band.at_low_mfu.wall_seconds * slack);
        prop_assert!(mid.wall_seconds * slack >= band.at_high_mfu.wall_seconds);
    }

    #[test]
    fn min_accelerators_is_the_smallest_count_that_holds_the_state(
        n_params in 1u64..2_000_000_000_000,
        bytes_per_param in 1.0f64..32.0,
        memory_gb in 8u64..512,
    ) {
        let memory_bytes = memory_gb * 1_000_000_000;
        let state = n_params as f64 * bytes_per_param;
        let min = min_accelerators_fully_sharded(n_params, bytes_per_param, memory_bytes);
        prop_assert!(min >= 1);
        prop_assert!(min as f64 * memory_bytes as f64 >= state * (1.0 - 1e-12));
        prop_assert!(((min - 1) as f64 * memory_bytes as f64) < state * (1.0 + 1e-12));
        prop_assert!(memory_fit(n_params, bytes_per_param, memory_bytes, min).fits);
        prop_assert!(!memory_fit(n_params, bytes_per_param, memory_bytes, min - 1).fits);
    }
}

/// A hand-worked band: 3.6e21 FLOPs on 100 accelerators of 1 PFLOP/s at
/// 40–50 % MFU and $2 an hour is 20–25 hours, 2,000–2,500
/// accelerator-hours and $4k–$5k.
#[test]
fn a_hand_worked_band_gives_its_hours_and_cost_low_to_high() {
    let inputs = TimeCostInputs {
        total_flops: 3.6e21,
        peak_flops_per_s: 1e15,
        n_accelerators: 100,
        mfu: 0.5,
        usd_per_accelerator_hour: Some(2.0),
    };
    let band = time_and_cost_band(
        &inputs,
        MfuBand {
            low: 0.4,
            high: 0.5,
        },
    );
    assert_eq!(band.wall_seconds_range(), (72_000.0, 90_000.0));
    assert_eq!(band.accelerator_hours_range(), (2_000.0, 2_500.0));
    assert_eq!(band.cost_usd_range(), Some((4_000.0, 5_000.0)));
    assert_eq!(band.time_text(), "20–25 h");
    assert_eq!(band.hours_text(), "2,000–2,500");
    assert_eq!(band.cost_text().as_deref(), Some("$4k–$5k"));

    let unpriced = TimeCostInputs {
        usd_per_accelerator_hour: None,
        ..inputs
    };
    let band = time_and_cost_band(&unpriced, MfuBand::point(0.5));
    assert_eq!(band.cost_usd_range(), None);
    assert_eq!(band.cost_text(), None);
}

#[test]
fn goodput_presets_are_found_by_their_id() {
    use flopcast_core::cost::{goodput_preset, GOODPUT_PRESETS};
    for p in GOODPUT_PRESETS {
        assert_eq!(goodput_preset(p.id).map(|f| f.goodput), Some(p.goodput));
    }
    // Llama 3 405B: higher than 90 % effective training time (§3.3.4).
    assert_eq!(goodput_preset("llama-3").map(|p| p.goodput), Some(0.9));
    assert!(goodput_preset("llama-4").is_none());
}
