//! Invariants of the catalog and the price list that need no reference file:
//! ids, units, plausibility, coverage.

use std::collections::HashSet;

use flopcast_core::hardware::{
    default_precision, default_price, find, prices_for, Precision, Pricing, CATALOG, PRICES,
};

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_iso_date(date: &str) -> bool {
    let bytes = date.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

fn finite_positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

#[test]
fn ids_are_unique_and_kebab_case() {
    let mut seen = HashSet::new();
    for a in CATALOG {
        assert!(is_kebab_case(a.id), "{:?} is not kebab-case", a.id);
        assert!(seen.insert(a.id), "{} appears twice", a.id);
    }
}

#[test]
fn names_are_unique() {
    let mut seen = HashSet::new();
    for a in CATALOG {
        assert!(seen.insert(a.name), "{} appears twice", a.name);
    }
}

#[test]
fn catalog_holds_every_accelerator_the_page_promises() {
    let promised = [
        "a100-sxm4-40gb",
        "a100-sxm4-80gb",
        "a100-pcie-40gb",
        "a100-pcie-80gb",
        "h100-sxm5-80gb",
        "h100-pcie-80gb",
        "h100-nvl-94gb",
        "h800-sxm5-80gb",
        "h200-sxm-141gb",
        "h200-nvl-141gb",
        "b200-hgx",
        "gb200-per-gpu",
        "l40s",
        "l4",
        "a10",
        "rtx-4090",
        "mi250x",
        "mi300x",
        "mi325x",
        "tpu-v4",
        "tpu-v5e",
        "tpu-v5p",
        "tpu-v6e",
        "gaudi2",
        "gaudi3",
    ];
    for id in promised {
        let a = find(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(a.supports(Precision::Bf16), "{id} has no dense BF16");
    }
    for id in ["v100-sxm2", "v100-pcie", "t4"] {
        let a = find(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(a.supports(Precision::Fp16), "{id} has no FP16");
        assert!(!a.supports(Precision::Bf16), "{id} has no BF16 hardware");
    }
}

#[test]
fn every_figure_is_finite_and_positive() {
    for a in CATALOG {
        assert!(!a.peaks.is_empty(), "{} has no peak", a.id);
        for p in a.peaks {
            assert!(finite_positive(p.peak_flops_per_s), "{} {:?}", a.id, p);
        }
        assert!(a.memory_bytes > 0, "{}", a.id);
        for x in [a.memory_bandwidth_bytes_per_s, a.board_power_w]
            .into_iter()
            .flatten()
        {
            assert!(finite_positive(x), "{}: {x}", a.id);
        }
    }
}

#[test]
fn peaks_are_listed_once_each_in_precision_order() {
    for a in CATALOG {
        for pair in a.peaks.windows(2) {
            assert!(pair[0].precision < pair[1].precision, "{}", a.id);
        }
    }
}

#[test]
fn narrower_precisions_are_never_slower() {
    use Precision::*;
    // (wider, narrower): the narrower format's peak is at least the wider's.
    let pairs = [
        (Fp32, Tf32),
        (Fp32, Bf16),
        (Fp32, Fp16),
        (Tf32, Bf16),
        (Tf32, Fp16),
        (Bf16, Fp8),
        (Fp16, Fp8),
        (Fp8, Fp4),
    ];
    for a in CATALOG {
        for (wider, narrower) in pairs {
            if let (Some(w), Some(n)) = (a.peak_flops_per_s(wider), a.peak_flops_per_s(narrower)) {
                assert!(
                    w <= n,
                    "{}: {} {w} > {} {n}",
                    a.id,
                    wider.label(),
                    narrower.label()
                );
            }
        }
    }
}

#[test]
fn peaks_and_memory_are_plausible() {
    for a in CATALOG {
        for p in a.peaks {
            // 1 TFLOP/s to 20 PFLOP/s dense: anything outside is a unit slip
            // (or a sparse figure) in the table.
            assert!(
                (1e12..=2e16).contains(&p.peak_flops_per_s),
                "{} {}: {}",
                a.id,
                p.precision.label(),
                p.peak_flops_per_s
            );
        }
        let sixteen_bit = a.peak_flops_per_s(default_precision(a)).unwrap_or(0.0);
        assert!(
            (5e13..=5e15).contains(&sixteen_bit),
            "{}: {sixteen_bit}",
            a.id
        );
        assert!(
            (8e9..=1e12).contains(&(a.memory_bytes as f64)),
            "{}: {} bytes",
            a.id,
            a.memory_bytes
        );
    }
}

#[test]
fn every_row_has_a_source_and_a_checked_date() {
    for a in CATALOG {
        assert!(!a.source.trim().is_empty(), "{}", a.id);
        assert!(is_iso_date(a.checked), "{}: {:?}", a.id, a.checked);
        assert!(
            a.source_date.is_none_or(|d| !d.trim().is_empty()),
            "{}",
            a.id
        );
    }
}

#[test]
fn every_price_maps_to_a_catalog_id_and_is_finite_positive_and_dated() {
    for p in PRICES {
        assert!(
            find(p.accelerator_id).is_some(),
            "{}: unknown id",
            p.accelerator_id
        );
        assert!(
            finite_positive(p.usd_per_accelerator_hour) && p.usd_per_accelerator_hour < 100.0,
            "{} {}: {}",
            p.provider,
            p.sku,
            p.usd_per_accelerator_hour
        );
        assert!(
            !p.date.trim().is_empty(),
            "{} {}: no date",
            p.provider,
            p.sku
        );
        assert!(!p.provider.trim().is_empty() && !p.source.trim().is_empty());
    }
}

#[test]
fn default_prices_are_current_on_demand_quotes_for_that_accelerator() {
    for a in CATALOG {
        if let Some(p) = default_price(a.id) {
            assert_eq!(p.accelerator_id, a.id);
            assert_eq!(p.pricing, Pricing::OnDemand, "{}", a.id);
            assert!(!p.superseded, "{}", a.id);
        }
    }
}

#[test]
fn default_price_lies_within_the_on_demand_range() {
    for a in CATALOG {
        let on_demand: Vec<f64> = prices_for(a.id)
            .filter(|p| p.pricing == Pricing::OnDemand && !p.superseded)
            .map(|p| p.usd_per_accelerator_hour)
            .collect();
        let default = default_price(a.id).map(|p| p.usd_per_accelerator_hour);
        assert_eq!(default.is_some(), !on_demand.is_empty(), "{}", a.id);
        if let Some(d) = default {
            let below = on_demand.iter().filter(|&&x| x < d).count();
            let above = on_demand.iter().filter(|&&x| x > d).count();
            // The lower median: no more than half below it, no more than half above.
            assert!(
                below <= (on_demand.len() - 1) / 2,
                "{}: {d} in {on_demand:?}",
                a.id
            );
            assert!(
                above <= on_demand.len() / 2,
                "{}: {d} in {on_demand:?}",
                a.id
            );
        }
    }
}

#[test]
fn major_training_gpus_have_a_default_price() {
    for id in [
        "a100-sxm4-80gb",
        "h100-sxm5-80gb",
        "h200-sxm-141gb",
        "b200-hgx",
    ] {
        assert!(default_price(id).is_some(), "{id}");
    }
}
