//! Numbers to text, and text quantities back to numbers.
//!
//! This is the only place that decides how a figure reads: FLOPs in scientific
//! notation (`3.14e23`), durations that pick their own unit (`47 min`,
//! `18.5 days`), money (`$1.23M`), counts with SI-style suffixes (`8.03B`).
//! [`parse_quantity`] reads what people type for token budgets and counts (`2T`,
//! `15e12`, `300B`, `1,000,000`) and is the inverse of [`count`] and [`flops`]
//! within their shown precision.
//!
//! It deliberately knows nothing about models or hardware: it formats plain
//! `f64`/`u64` values in SI base units.

use std::fmt;

/// Seconds in a minute, hour, day, week, month (30.44 days) and year (365.25 days).
const MINUTE: f64 = 60.0;
const HOUR: f64 = 3_600.0;
const DAY: f64 = 86_400.0;
const WEEK: f64 = 7.0 * DAY;
const MONTH: f64 = 30.436_875 * DAY;
const YEAR: f64 = 365.242_5 * DAY;

/// The largest quantity [`parse_quantity`] accepts: a bound far above any real
/// token budget or accelerator count (1e30), so that later arithmetic stays finite.
pub const MAX_QUANTITY: f64 = 1e30;

/// Rounds `x` to `sig` significant digits and prints it without trailing zeros.
fn significant(x: f64, sig: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    trim_zeros(&text)
}

fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

/// FLOPs (or any large figure) in scientific notation with three significant
/// digits: `3.14e23`. Values below 1,000 print plainly.
pub fn flops(x: f64) -> String {
    scientific(x, 3)
}

/// Scientific notation with `sig` significant digits, `e` exponent, no `+`.
pub fn scientific(x: f64, sig: usize) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    if x.abs() < 1_000.0 {
        return significant(x, sig);
    }
    let text = format!("{:.*e}", sig.saturating_sub(1), x);
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{}", trim_zeros(mantissa), exponent),
        None => text,
    }
}

/// A count with a suffix: `124M`, `8.03B`, `1.5T`; three significant digits.
/// Below 10,000 it prints the integer with thousands separators, and below 1
/// three significant digits (`0.44`), so that no positive count reads `0`.
pub fn count(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    const SUFFIXES: [(f64, &str); 5] =
        [(1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];
    if x != 0.0 && x.abs() < 1.0 {
        return significant(x, 3);
    }
    if x.abs() < 10_000.0 {
        return grouped(x.round() as i64);
    }
    if x.abs() >= 1e18 {
        return scientific(x, 3);
    }
    for (scale, suffix) in SUFFIXES {
        if x.abs() >= scale {
            let scaled = x / scale;
            // 999.6M would round to "1000M": move to the next suffix instead.
            let shown = significant(scaled, 3);
            if shown.trim_start_matches('-').starts_with("1000") && scale < 1e15 {
                return format!("{}{}", significant(scaled / 1e3, 3), next_suffix(suffix));
            }
            return format!("{shown}{suffix}");
        }
    }
    grouped(x.round() as i64)
}

fn next_suffix(suffix: &str) -> &'static str {
    match suffix {
        "k" => "M",
        "M" => "B",
        "B" => "T",
        _ => "P",
    }
}

/// An integer with comma thousands separators: `8,030,261,248`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// [`grouped`] for unsigned counts such as parameter totals.
pub fn grouped_u64(n: u64) -> String {
    match i64::try_from(n) {
        Ok(v) => grouped(v),
        Err(_) => scientific(n as f64, 3),
    }
}

/// US dollars: `$0.45`, `$950`, `$12.3k`, `$1.23M`, `$4.56B`.
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    if x.abs() < 10.0 {
        return format!("${x:.2}");
    }
    if x.abs() < 1_000.0 {
        return format!("${}", x.round());
    }
    format!("${}", count(x))
}

/// A wall-clock duration in the unit that reads best, three significant digits
/// at most: `45 s`, `47 min`, `18.5 h`, `18.5 days`, `6.1 weeks`, `4.2 months`,
/// `3.1 years`. Seconds switch to minutes after 90 s, minutes to hours after
/// 90 min, hours to days after 48 h, days to weeks after 14 days, weeks to
/// months after 8 weeks, months to years after 24 months.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "—".to_string();
    }
    let (value, unit) = duration_parts(seconds);
    format!("{} {unit}", significant(value, 3))
}

/// The value and unit [`duration`] shows.
pub fn duration_parts(seconds: f64) -> (f64, &'static str) {
    if seconds < 90.0 {
        (seconds, "s")
    } else if seconds < 90.0 * MINUTE {
        (seconds / MINUTE, "min")
    } else if seconds < 48.0 * HOUR {
        (seconds / HOUR, "h")
    } else if seconds < 14.0 * DAY {
        (seconds / DAY, "days")
    } else if seconds < 8.0 * WEEK {
        (seconds / WEEK, "weeks")
    } else if seconds < 24.0 * MONTH {
        (seconds / MONTH, "months")
    } else {
        (seconds / YEAR, "years")
    }
}

/// `x` with the largest decimal prefix it reaches, three significant digits
/// and the unit: `si(1.07e12, "B")` is `1.07 TB`.
fn si(x: f64, unit: &str) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    const PREFIXES: [(f64, &str); 6] = [
        (1e18, "E"),
        (1e15, "P"),
        (1e12, "T"),
        (1e9, "G"),
        (1e6, "M"),
        (1e3, "k"),
    ];
    match PREFIXES.iter().find(|(scale, _)| x.abs() >= *scale) {
        Some((scale, prefix)) => format!("{} {prefix}{unit}", significant(x / scale, 3)),
        None => format!("{} {unit}", significant(x, 3)),
    }
}

/// Bytes in decimal units: `16 GB`, `1.07 TB`.
pub fn bytes(x: f64) -> String {
    si(x, "B")
}

/// A FLOP rate in decimal units, as datasheets print peaks: `312 TFLOP/s`,
/// `1.98 PFLOP/s`.
pub fn flop_rate(flops_per_s: f64) -> String {
    si(flops_per_s, "FLOP/s")
}

/// A plain number with three significant digits and no exponent: `312`, `0.45`.
pub fn plain(x: f64) -> String {
    significant(x, 3)
}

/// A fraction as a percentage: `0.393` → `39.3 %`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    format!("{} %", significant(fraction * 100.0, 3))
}

/// Why a typed quantity could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("empty: type a number such as 2T, 300B, 15e12 or 1,000,000")]
    Empty,
    #[error("`{0}` is not a number: type a number such as 2T, 300B, 15e12 or 1,000,000")]
    NotANumber(String),
    #[error("`{0}` is negative: it must be greater than zero")]
    Negative(String),
    #[error("`{0}` is zero: it must be greater than zero")]
    Zero(String),
    #[error("`{0}` is too large: the limit is 1e30")]
    TooLarge(String),
}

/// Reads a positive quantity as people type it: `2T`, `2 T`, `15e12`,
/// `300B`, `1.5k`, `1,000,000`, `8.03B`, `3.14e23`, `1_000`, `1.5 trillion`.
/// Suffixes: k/K (1e3), M (1e6), B or G (1e9), T (1e12), P (1e15),
/// case-insensitive except `m` which is read as M (nobody trains on
/// milli-tokens); and the words thousand, million, billion (bn), trillion (tn).
pub fn parse_quantity(text: &str) -> Result<f64, QuantityError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(QuantityError::Empty);
    }
    let shown = || trimmed.chars().take(40).collect::<String>();
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let cleaned = cleaned.strip_prefix('$').unwrap_or(&cleaned);
    let lower = cleaned.to_ascii_lowercase();
    let word = SCALE_WORDS
        .iter()
        .find(|(word, _)| lower.len() > word.len() && lower.ends_with(word));
    let (number, scale) = match (word, cleaned.char_indices().last()) {
        (Some(&(word, scale)), _) => (&cleaned[..cleaned.len() - word.len()], scale),
        (None, Some((idx, last))) if last.is_ascii_alphabetic() => {
            let scale = match last.to_ascii_uppercase() {
                'K' => 1e3,
                'M' => 1e6,
                'B' | 'G' => 1e9,
                'T' => 1e12,
                'P' => 1e15,
                _ => return Err(QuantityError::NotANumber(shown())),
            };
            (&cleaned[..idx], scale)
        }
        _ => (cleaned, 1.0),
    };
    let is_numeric = !number.is_empty()
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !is_numeric {
        return Err(QuantityError::NotANumber(shown()));
    }
    let value: f64 = number
        .parse::<f64>()
        .map_err(|_| QuantityError::NotANumber(shown()))?
        * scale;
    if value.is_nan() {
        return Err(QuantityError::NotANumber(shown()));
    }
    if value < 0.0 {
        return Err(QuantityError::Negative(shown()));
    }
    if value == 0.0 {
        return Err(QuantityError::Zero(shown()));
    }
    if value > MAX_QUANTITY {
        return Err(QuantityError::TooLarge(shown()));
    }
    Ok(value)
}

/// Scale words a quantity may end with: `1.5 trillion`, `300 billion`, `2bn`.
const SCALE_WORDS: [(&str, f64); 6] = [
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
    ("bn", 1e9),
    ("tn", 1e12),
];

/// A figure and the formula that produced it, with the user's numbers in it,
/// e.g. `6 × 8.03e9 × 1.5e13 = 7.23e23`. Used by every "show the formula" view.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Worked {
    pub formula: String,
    pub value: f64,
}

impl fmt::Display for Worked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.formula, flops(self.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs())
    }

    #[test]
    fn flops_print_three_significant_digits() {
        assert_eq!(flops(3.14e23), "3.14e23");
        assert_eq!(flops(3.1415e23), "3.14e23");
        assert_eq!(flops(7.2e23), "7.2e23");
        assert_eq!(flops(1e25), "1e25");
        assert_eq!(flops(12.0), "12");
    }

    #[test]
    fn duration_switches_to_days_after_48_hours() {
        assert_eq!(duration(47.0 * HOUR), "47 h");
        assert_eq!(duration(49.0 * HOUR), "2.04 days");
    }

    #[test]
    fn duration_picks_minutes_weeks_months_and_years() {
        assert_eq!(duration(45.0), "45 s");
        assert_eq!(duration(47.0 * MINUTE), "47 min");
        assert_eq!(duration(18.5 * DAY), "2.64 weeks");
        assert_eq!(duration(10.0 * DAY), "10 days");
        assert_eq!(duration(4.0 * MONTH), "4 months");
        assert_eq!(duration(3.0 * YEAR), "3 years");
    }

    #[test]
    fn money_reads_in_thousands_millions_and_billions() {
        assert_eq!(usd(0.45), "$0.45");
        assert_eq!(usd(950.0), "$950");
        assert_eq!(usd(12_345.0), "$12.3k");
        assert_eq!(usd(1_234_567.0), "$1.23M");
        assert_eq!(usd(4.56e9), "$4.56B");
    }

    #[test]
    fn counts_take_suffixes_and_carry_over_at_a_thousand() {
        assert_eq!(count(124_439_808.0), "124M");
        assert_eq!(count(8_030_261_248.0), "8.03B");
        assert_eq!(count(999_600_000.0), "1B");
        assert_eq!(count(9_999.0), "9,999");
        assert_eq!(count(15e12), "15T");
    }

    #[test]
    fn flop_rates_read_as_datasheets_print_them() {
        assert_eq!(flop_rate(312e12), "312 TFLOP/s");
        assert_eq!(flop_rate(989.4e12), "989 TFLOP/s");
        assert_eq!(flop_rate(2.25e15), "2.25 PFLOP/s");
        assert_eq!(flop_rate(19.5e12), "19.5 TFLOP/s");
        assert_eq!(flop_rate(f64::NAN), "—");
    }

    #[test]
    fn bytes_use_decimal_units() {
        assert_eq!(bytes(128.48e9), "128 GB");
        assert_eq!(bytes(6.4e12), "6.4 TB");
        assert_eq!(bytes(512.0), "512 B");
    }

    #[test]
    fn grouped_inserts_thousands_separators() {
        assert_eq!(grouped(8_030_261_248), "8,030,261,248");
        assert_eq!(grouped(-1_000), "-1,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped_u64(405_853_388_800), "405,853,388,800");
    }

    #[test]
    fn quantities_read_suffixes_exponents_and_separators() {
        assert_eq!(parse_quantity("2T"), Ok(2e12));
        assert_eq!(parse_quantity("15e12"), Ok(15e12));
        assert_eq!(parse_quantity("300B"), Ok(300e9));
        assert_eq!(parse_quantity("1,000,000"), Ok(1e6));
        assert_eq!(parse_quantity(" 2 t "), Ok(2e12));
        assert_eq!(parse_quantity("1.5 trillion"), Ok(1.5e12));
        assert_eq!(parse_quantity("300 Billion"), Ok(300e9));
        assert_eq!(parse_quantity("2bn"), Ok(2e9));
        assert_eq!(parse_quantity("5 million"), Ok(5e6));
        assert_eq!(parse_quantity("1 thousand"), Ok(1e3));
        assert!(parse_quantity("trillion").is_err());
        assert!(parse_quantity("1.5 zillion").is_err());
        assert_eq!(parse_quantity("1.5k"), Ok(1500.0));
        assert_eq!(parse_quantity("$1.23M"), Ok(1.23e6));
    }

    #[test]
    fn quantities_reject_what_is_not_a_positive_number() {
        assert_eq!(parse_quantity(""), Err(QuantityError::Empty));
        assert_eq!(parse_quantity("   "), Err(QuantityError::Empty));
        assert!(matches!(
            parse_quantity("abc"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            parse_quantity("2X"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            parse_quantity("NaN"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            parse_quantity("inf"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            parse_quantity("-5"),
            Err(QuantityError::Negative(_))
        ));
        assert!(matches!(parse_quantity("0"), Err(QuantityError::Zero(_))));
        assert!(matches!(
            parse_quantity("1e31"),
            Err(QuantityError::TooLarge(_))
        ));
        assert!(matches!(
            parse_quantity("1e400"),
            Err(QuantityError::TooLarge(_))
        ));
        assert!(matches!(
            parse_quantity("B"),
            Err(QuantityError::NotANumber(_))
        ));
    }

    #[test]
    fn quantity_messages_say_what_to_type() {
        let message = parse_quantity("abc").unwrap_err().to_string();
        assert!(
            message.contains("`abc`") && message.contains("2T"),
            "{message}"
        );
    }

    proptest! {
        #[test]
        fn formatted_counts_parse_back_within_shown_precision(x in 1.0f64..1e17) {
            let back = parse_quantity(&count(x)).unwrap();
            // three significant digits: half a unit in the third digit, relative
            // integers below 10,000 print whole: half a unit absolute
            prop_assert!(close(back, x, 5.1e-3) || (back - x).abs() <= 0.5, "{x} -> {} -> {back}", count(x));
        }

        #[test]
        fn formatted_flops_parse_back_within_shown_precision(x in 1.0f64..1e29) {
            let back = parse_quantity(&flops(x)).unwrap();
            prop_assert!(close(back, x, 5.1e-3), "{x} -> {} -> {back}", flops(x));
        }

        #[test]
        fn parse_quantity_never_panics(s in "\\PC{0,40}") {
            let _ = parse_quantity(&s);
        }
    }
}
