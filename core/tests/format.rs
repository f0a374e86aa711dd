//! The public number formats at their edges.

use flopcast_core::format::duration;

#[test]
fn a_duration_that_is_not_a_time_shows_a_dash() {
    for seconds in [-1.0, -1e-9, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(duration(seconds), "—", "{seconds}");
    }
    assert_eq!(duration(0.0), "0 s");
    assert_eq!(duration(45.0), "45 s");
}
