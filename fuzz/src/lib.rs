//! Checks shared by the fuzz targets: what must hold for anything that got past
//! one of flopcast-core's input boundaries.

use flopcast_core::config::ParsedConfig;
use flopcast_core::estimate::{estimate, table_by_accelerator, table_by_count, Estimate};
use flopcast_core::flops::{forward_flops_per_token, Convention};
use flopcast_core::link::{decode, encode};
use flopcast_core::params::count_params;
use flopcast_core::scenario::{ModelChoice, Scenario};
use std::sync::OnceLock;

/// The page's opening scenario, built once (it parses a preset config).
pub fn default_scenario() -> Scenario {
    static DEFAULT: OnceLock<Scenario> = OnceLock::new();
    DEFAULT.get_or_init(Scenario::default).clone()
}

fn finite_positive(what: &str, x: f64) {
    assert!(x.is_finite() && x > 0.0, "{what} = {x}");
}

/// Every figure of an estimate is finite and positive, or an explicit `None`.
pub fn check_estimate(e: &Estimate) {
    assert!(e.params.total > 0 && e.params.active > 0);
    assert!(e.params.active <= e.params.total);
    assert!(e.seq_len >= 1);
    finite_positive("breakdown", e.breakdown.total);
    finite_positive("kaplan", e.kaplan.total);
    for c in &e.conventions {
        finite_positive("forward per token", c.forward_per_token);
        finite_positive("training per token", c.training_per_token);
        finite_positive("training flops", c.training_flops);
        assert!(c.vs_chosen.is_finite(), "vs_chosen = {}", c.vs_chosen);
    }
    let t = &e.training;
    finite_positive("model flops", t.model_flops);
    finite_positive("hardware flops", t.hardware_flops);
    finite_positive("tokens per param", t.tokens_per_param);
    finite_positive("chinchilla tokens", t.chinchilla_tokens);
    finite_positive("pf-days", t.landmarks.pf_days);
    finite_positive("peak", e.hardware.peak_flops_per_s);
    if let Some(p) = e.hardware.price {
        finite_positive("price", p.usd_per_accelerator_hour());
    }
    for tc in [e.time_cost.at_low_mfu, e.time_cost.at_high_mfu] {
        finite_positive("wall seconds", tc.wall_seconds);
        finite_positive("accelerator-hours", tc.accelerator_hours);
        if let Some(c) = tc.cost_usd {
            finite_positive("cost", c);
        }
    }
    if let Some(m) = &e.memory {
        finite_positive("training state", m.training_state_bytes);
        finite_positive("bytes per accelerator", m.bytes_per_accelerator);
        assert!(m.min_accelerators >= 1);
    }
}

/// A parsed config's model: counts, every convention, a full estimate with its
/// tables, and the link round trip of a scenario carrying it.
pub fn check_parsed(parsed: ParsedConfig) {
    let spec = parsed.spec;
    assert!(
        flopcast_core::params::validate(&spec).is_ok(),
        "parse_config returned an invalid spec"
    );
    let p = count_params(&spec);
    assert!(p.total > 0 && p.active <= p.total);
    for conv in Convention::ALL {
        for s in [1, 4096, spec.context_len()] {
            finite_positive("forward", forward_flops_per_token(&spec, s, conv).total);
        }
    }
    let scenario = Scenario {
        model: ModelChoice::custom(spec),
        ..default_scenario()
    };
    check_scenario(&scenario);
    check_round_trip(&scenario);
}

/// The estimate of a scenario and its two tables.
pub fn check_scenario(scenario: &Scenario) {
    let e = estimate(scenario);
    check_estimate(&e);
    for row in table_by_accelerator(scenario, &e)
        .iter()
        .chain(&table_by_count(scenario, &e))
    {
        finite_positive("table wall seconds", row.wall_seconds());
    }
}

/// A scenario's link decodes to the same scenario, with no notice.
pub fn check_round_trip(scenario: &Scenario) {
    let fragment = encode(scenario);
    let back = decode(&fragment);
    assert_eq!(back.notices, vec![], "{fragment}");
    assert_eq!(&back.scenario, scenario, "{fragment}");
}
