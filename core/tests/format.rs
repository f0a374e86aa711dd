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

/// Each unit starts exactly at its threshold: 90 s is 1.5 min, 90 min is
/// 1.5 h, 48 h is 2 days, 14 days is 2 weeks, 8 weeks is 1.84 months (a month
/// is a twelfth of the Gregorian year, 365.2425 days), 24 months is 2 years; a
/// second less stays in the smaller unit.
#[test]
fn each_duration_unit_starts_at_its_threshold() {
    use flopcast_core::format::duration_parts;
    const MIN: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86_400.0;
    const MONTH: f64 = 30.436_875 * DAY;
    for (at, unit, below) in [
        (90.0, "min", "s"),
        (90.0 * MIN, "h", "min"),
        (48.0 * HOUR, "days", "h"),
        (14.0 * DAY, "weeks", "days"),
        (56.0 * DAY, "months", "weeks"),
        (24.0 * MONTH, "years", "months"),
    ] {
        assert_eq!(duration_parts(at).1, unit, "{at} s");
        assert_eq!(duration_parts(at - 1.0).1, below, "{} s", at - 1.0);
    }
    assert_eq!(duration(90.0), "1.5 min");
    assert_eq!(duration(24.0 * MONTH), "2 years");
}
