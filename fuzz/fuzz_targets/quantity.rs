//! `format::parse_quantity` and every form-field parser on arbitrary text. No
//! panic; anything accepted is finite, positive and within the field's limits,
//! and a scenario holding it estimates and round-trips through a link.

#![no_main]

use flopcast_core::fields;
use flopcast_core::format::{count, parse_quantity, MAX_QUANTITY};
use flopcast_core::hardware::{AcceleratorInUse, CustomAccelerator};
use flopcast_core::scenario::{PriceChoice, Scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(x) = parse_quantity(&text) {
        assert!(x.is_finite() && x > 0.0 && x <= MAX_QUANTITY, "{x}");
        // What count() shows parses back.
        assert!(parse_quantity(&count(x)).is_ok(), "{x} -> {}", count(x));
    }
    let base = flopcast_fuzz::default_scenario();
    let mut scenarios = Vec::new();
    if let Ok(n) = fields::tokens(&text) {
        scenarios.push(Scenario {
            n_tokens: n,
            ..base.clone()
        });
    }
    if let Ok(s) = fields::seq_len(&text) {
        scenarios.push(Scenario {
            seq_len: Some(s),
            ..base.clone()
        });
    }
    if let Ok(n) = fields::accelerator_count(&text) {
        scenarios.push(Scenario {
            n_accelerators: n,
            ..base.clone()
        });
    }
    if let Ok(usd) = fields::price(&text) {
        scenarios.push(Scenario {
            price: PriceChoice::Custom(usd),
            ..base.clone()
        });
    }
    if let Ok(peak) = fields::peak_tflops(&text) {
        let accelerator = AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: peak,
            memory_bytes: None,
        });
        scenarios.push(Scenario {
            accelerator,
            ..base.clone()
        });
    }
    if let Ok(b) = fields::bytes_per_param(&text) {
        scenarios.push(Scenario {
            bytes_per_param: b,
            ..base.clone()
        });
    }
    if let Ok(mfu) = fields::mfu(&text) {
        assert!(
            mfu.low > 0.0 && mfu.low <= mfu.high && mfu.high <= 1.0,
            "{mfu:?}"
        );
        scenarios.push(Scenario {
            mfu,
            ..base.clone()
        });
    }
    for scenario in &scenarios {
        flopcast_fuzz::check_scenario(scenario);
        flopcast_fuzz::check_round_trip(scenario);
    }
});
