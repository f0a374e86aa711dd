//! Robustness: no input breaks the core, and every valid input gives figures that
//! mean something.
//!
//! The regression tests pin what fuzzing and property testing found (see
//! `fuzz/README.md`).

use flopcast_core::cost::MfuBand;
use flopcast_core::estimate::estimate;
use flopcast_core::fields;
use flopcast_core::link::decode;
use flopcast_core::scenario::Scenario;

// ---------------------------------------------------------------------------
// Regressions: each found by fuzzing or by the properties above.

/// A link could carry an MFU as small as 5e-324, which made time and cost
/// infinite. The decoder now applies the form's lower bound.
#[test]
fn a_link_with_a_vanishing_mfu_is_refused_rather_than_taking_forever() {
    for u in ["1e-300", "5e-324", "1e-9", "1e-9,0.5"] {
        let d = decode(&format!(
            "v=1&m=gpt2&t=1e18&s=8192&g=custom&pk=1&n=1&u={u}&usd=2&c=dense&r=0&b=16"
        ));
        assert!(
            d.notices.iter().any(|n| n.to_string().contains("`u=")),
            "{u}: {:?}",
            d.notices
        );
        assert_eq!(d.scenario.mfu, Scenario::default().mfu, "{u}");
        let e = estimate(&d.scenario);
        assert!(e.time_cost.at_low_mfu.wall_seconds.is_finite(), "{u}");
    }
    let d = decode("v=1&m=gpt2&u=1e-8");
    assert_eq!(d.scenario.mfu, MfuBand::point(fields::MIN_MFU));
}
