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
    // Each form up to where its rounding would reach the next one's: $9.996
    // reads $10, not $10.00, and $999.6 reads $1,000, not $1000.
    if x.abs() < 9.995 {
        return format!("${x:.2}");
    }
    if x.abs() < 999.5 {
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

/// `n` followed by the noun in the right number: `1 accelerator`,
/// `1,024 accelerators`, `0 runs`.
pub fn count_of(n: u64, singular: &str, plural: &str) -> String {
    let noun = if n == 1 { singular } else { plural };
    format!("{} {noun}", grouped_u64(n))
}

/// A price per accelerator-hour as a form box shows it: the exact figure in
/// use, with at least two decimals (`2.00`, `2.50`, `6.155`, `14.2416`), so
/// the box never shows a rounded price that differs from the one used.
pub fn price_input(usd_per_hour: f64) -> String {
    if !usd_per_hour.is_finite() {
        return String::new();
    }
    let exact = format!("{usd_per_hour}");
    match exact.split_once('.') {
        Some((_, decimals)) if decimals.len() >= 2 => exact,
        _ => format!("{usd_per_hour:.2}"),
    }
}

/// A price per accelerator-hour in words, as typed prices are echoed:
/// `$2.50 per hour`, `$6.155 per hour`.
pub fn price_per_hour(usd_per_hour: f64) -> String {
    if !usd_per_hour.is_finite() {
        return "—".to_string();
    }
    let text = price_input(usd_per_hour);
    let text = match text.split_once('.') {
        Some((whole, decimals)) if whole.len() > 3 => match whole.parse::<i64>() {
            Ok(n) => format!("{}.{decimals}", grouped(n)),
            Err(_) => text,
        },
        _ => text,
    };
    format!("${text} per hour")
}

/// A price per accelerator-hour in a table cell: `$2.50/h`, `$6.16/h`.
pub fn usd_per_hour(usd_per_hour: f64) -> String {
    if !usd_per_hour.is_finite() {
        return "—".to_string();
    }
    format!("${usd_per_hour:.2}/h")
}

/// The units a duration range may be written in, largest first.
const RANGE_UNITS: [(f64, &str); 7] = [
    (YEAR, "years"),
    (MONTH, "months"),
    (WEEK, "weeks"),
    (DAY, "days"),
    (HOUR, "h"),
    (MINUTE, "min"),
    (1.0, "s"),
];

/// Two figures of one range as text, already in their common unit: whole
/// numbers when the low end is at least 10 (three significant digits below),
/// with as many more decimals (up to three) as it takes to tell the ends
/// apart. `None` when they read the same even then.
fn range_ends(low: f64, high: f64, min_decimals: usize) -> Option<(String, String)> {
    range_ends_from(low, high, min_decimals, 10.0)
}

/// [`range_ends`] with whole numbers from `whole_from` up: 10 for durations
/// (their unit is chosen so the low end reaches it), 100 for suffixed counts
/// and money (three significant digits: `24.7M–27.9M`).
fn range_ends_from(
    low: f64,
    high: f64,
    min_decimals: usize,
    whole_from: f64,
) -> Option<(String, String)> {
    let start = if low.abs() >= whole_from {
        0
    } else if low == 0.0 {
        min_decimals
    } else {
        ((2 - low.abs().log10().floor() as i32).max(0) as usize).max(min_decimals)
    };
    let fixed = |x: f64, decimals: usize| -> String {
        if decimals == 0 {
            let rounded = x.round();
            if rounded.abs() < 9e15 {
                return grouped(rounded as i64);
            }
            return scientific(x, 3);
        }
        let text = format!("{x:.decimals$}");
        if decimals > min_decimals {
            let trimmed = trim_zeros(&text);
            // keep at least `min_decimals` (money keeps its cents)
            match trimmed.split_once('.') {
                Some((_, d)) if d.len() >= min_decimals => trimmed,
                _ => format!("{x:.min_decimals$}"),
            }
        } else {
            text
        }
    };
    (start..=start + 3).find_map(|decimals| {
        let (a, b) = (fixed(low, decimals), fixed(high, decimals));
        (a != b).then_some((a, b))
    })
}

/// Both ends of a range, smallest first.
fn ordered(a: f64, b: f64) -> (f64, f64) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// A range of durations, low to high, in one unit chosen for the pair: the
/// largest unit in which the low end is at least 10, so both ends read as
/// whole numbers (`63–71 days`, `20–24 h`, `14–16 months`). Equal ends (a
/// single MFU) read as [`duration`] does.
pub fn duration_range(a_seconds: f64, b_seconds: f64) -> String {
    if !(a_seconds.is_finite() && b_seconds.is_finite()) || a_seconds < 0.0 || b_seconds < 0.0 {
        return "—".to_string();
    }
    let (low, high) = ordered(a_seconds, b_seconds);
    let (scale, unit) = RANGE_UNITS
        .iter()
        .copied()
        .find(|&(scale, _)| low / scale >= 10.0)
        .unwrap_or((1.0, "s"));
    match range_ends(low / scale, high / scale, 0) {
        Some((a, b)) => format!("{a}–{b} {unit}"),
        None => duration(low),
    }
}

/// The suffix (and its scale) [`count`] would give `x`: `("M", 1e6)`.
fn suffix_of(x: f64) -> (f64, &'static str) {
    const SUFFIXES: [(f64, &str); 5] =
        [(1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];
    SUFFIXES
        .iter()
        .copied()
        .find(|&(scale, _)| x.abs() >= scale)
        .unwrap_or((1.0, ""))
}

/// A range of counts, low to high, with the suffix of the low end on both and
/// three significant digits: `24.7M–27.9M`, `950k–1,200k`. Equal ends read as
/// [`count`] does.
pub fn count_range(a: f64, b: f64) -> String {
    if !(a.is_finite() && b.is_finite()) {
        return "—".to_string();
    }
    let (low, high) = ordered(a, b);
    if low.abs() < 10_000.0 {
        return match range_ends(low, high, 0) {
            Some((x, y)) => format!("{x}–{y}"),
            None => count(low),
        };
    }
    if low.abs() >= 1e18 {
        let (x, y) = (scientific(low, 3), scientific(high, 3));
        return if x == y {
            count(low)
        } else {
            format!("{x}–{y}")
        };
    }
    let (scale, suffix) = suffix_of(low);
    match range_ends_from(low / scale, high / scale, 0, 100.0) {
        Some((x, y)) => format!("{x}{suffix}–{y}{suffix}"),
        None => count(low),
    }
}

/// A range of US dollars, low to high, with the suffix of the low end on both:
/// `$507k–$571k`, `$2.50–$3.10`, `$1.23M–$1.41M`. Equal ends read as [`usd`].
pub fn usd_range(a: f64, b: f64) -> String {
    if !(a.is_finite() && b.is_finite()) {
        return "—".to_string();
    }
    let (low, high) = ordered(a, b);
    if low.abs() < 10.0 {
        return match range_ends(low, high, 2) {
            Some((x, y)) => format!("${x}–${y}"),
            None => usd(low),
        };
    }
    if low.abs() < 1_000.0 {
        return match range_ends(low, high, 0) {
            Some((x, y)) => format!("${x}–${y}"),
            None => usd(low),
        };
    }
    if low.abs() >= 1e18 {
        let (x, y) = (scientific(low, 3), scientific(high, 3));
        return if x == y {
            usd(low)
        } else {
            format!("${x}–${y}")
        };
    }
    let (scale, suffix) = suffix_of(low);
    match range_ends_from(low / scale, high / scale, 0, 100.0) {
        Some((x, y)) => format!("${x}{suffix}–${y}{suffix}"),
        None => usd(low),
    }
}

/// A range of fractions as percentages, low to high: `38–43 %`. Equal ends
/// read as [`percent`] does.
pub fn percent_range(a: f64, b: f64) -> String {
    if !(a.is_finite() && b.is_finite()) {
        return "—".to_string();
    }
    let (low, high) = ordered(a, b);
    let (x, y) = (significant(low * 100.0, 3), significant(high * 100.0, 3));
    if x == y {
        percent(low)
    } else {
        format!("{x}–{y} %")
    }
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
    #[error("`{0}`: a comma must either separate thousands (1,000,000) or mark the decimals (2,5), and this one does neither; type the number without commas, such as 1000000 or 2.5")]
    Comma(String),
}

/// Reads a positive quantity as people type it: `2T`, `2 T`, `15e12`,
/// `300B`, `1.5k`, `1,000,000`, `8.03B`, `3.14e23`, `1_000`, `1.5 trillion`.
/// Suffixes: k/K (1e3), M (1e6), B or G (1e9), T (1e12), P (1e15),
/// case-insensitive except `m` which is read as M (nobody trains on
/// milli-tokens); and the words thousand, million, billion (bn), trillion (tn).
///
/// Commas (see [`decimal_commas`]): `1,000` and `12,345.6` are thousands
/// separators; `2,5` and `2,50` are a decimal comma, read as 2.5 (never 25 or
/// 250); anything else (`1,00,000`, `1.000,5`) is refused with the reason.
pub fn parse_quantity(text: &str) -> Result<f64, QuantityError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(QuantityError::Empty);
    }
    let shown = || trimmed.chars().take(40).collect::<String>();
    let spaced: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '_' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let cleaned = decimal_commas(&spaced).ok_or_else(|| QuantityError::Comma(shown()))?;
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

/// A number's commas made plain, or `None` when they are ambiguous.
///
/// - Thousands separators are removed: every group after a comma is exactly
///   three digits, the first group is one to three digits and not a lone `0`,
///   and no comma follows the decimal point (`1,000`, `2,500`, `12,345.67`).
/// - One comma that cannot be a thousands separator is a decimal comma
///   (`2,5`, `2,50`, `0,125`, `2,5T`): it becomes the decimal point.
/// - Anything else (`1,00,000`, `1.000,5`, `2,5,0`, `2,`) is `None`, and the
///   caller refuses the text with the reason rather than guess.
///
/// So `2,500` is two thousand five hundred, as in the form's own examples;
/// the fields echo every value they read, so a reader who meant 2.5 sees it.
pub fn decimal_commas(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_string());
    }
    // The digits the commas sit among: everything up to a decimal point, an
    // exponent or a suffix.
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '$' || c == '-' || c == '+'))
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(end);
    if rest.contains(',') {
        // a comma after the decimal point or the exponent (`1.000,5`)
        return None;
    }
    let groups: Vec<&str> = number.split(',').collect();
    let digits = |g: &str| g.trim_start_matches(['$', '-', '+']).len();
    let first = groups[0].trim_start_matches(['$', '-', '+']);
    let thousands = groups.len() >= 2
        && (1..=3).contains(&digits(groups[0]))
        && first != "0"
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if thousands {
        return Some(format!("{}{rest}", groups.concat()));
    }
    match groups.as_slice() {
        [whole, decimals] if !rest.starts_with('.') && !decimals.is_empty() => {
            Some(format!("{whole}.{decimals}{rest}"))
        }
        _ => None,
    }
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

/// Energy units, largest first: (kWh in one unit, its symbol).
const ENERGY_UNITS: [(f64, &str); 4] = [(1e9, "TWh"), (1e6, "GWh"), (1e3, "MWh"), (1.0, "kWh")];

/// The largest energy unit in which `kwh` is at least 1 (kWh below 1 kWh).
fn energy_unit(kwh: f64) -> (f64, &'static str) {
    ENERGY_UNITS
        .iter()
        .copied()
        .find(|&(scale, _)| kwh.abs() >= scale)
        .unwrap_or((1.0, "kWh"))
}

/// Energy, given in kWh, in the unit that suits it, three significant
/// digits: `850 kWh`, `12.3 MWh`, `3.52 GWh`.
pub fn energy_kwh(kwh: f64) -> String {
    if !kwh.is_finite() {
        return "—".to_string();
    }
    let (scale, unit) = energy_unit(kwh);
    format!("{} {unit}", significant(kwh / scale, 3))
}

/// A range of energies (kWh), low to high, in the unit of the low end:
/// `3.52–4.1 GWh`, `850–990 kWh`, `980–1,140 MWh`. Equal ends read as
/// [`energy_kwh`] does.
pub fn energy_range(a_kwh: f64, b_kwh: f64) -> String {
    if !(a_kwh.is_finite() && b_kwh.is_finite()) {
        return "—".to_string();
    }
    let (low, high) = ordered(a_kwh, b_kwh);
    let (scale, unit) = energy_unit(low);
    match range_ends_from(low / scale, high / scale, 0, 100.0) {
        Some((x, y)) => format!("{x}–{y} {unit}"),
        None => energy_kwh(low),
    }
}

/// Tonnes of CO₂-equivalent: three significant digits below 1,000 t
/// (`2.8 t CO₂e`, `552 t CO₂e`), whole tonnes up to a million (`8,930 t
/// CO₂e`, as model cards write them), megatonnes above (`1.25 Mt CO₂e`).
pub fn tonnes_co2e(tco2e: f64) -> String {
    if !tco2e.is_finite() {
        return "—".to_string();
    }
    if tco2e.abs() >= 1e6 {
        return format!("{} Mt CO₂e", significant(tco2e / 1e6, 3));
    }
    if tco2e.abs() >= 1_000.0 {
        return format!("{} t CO₂e", grouped(tco2e.round() as i64));
    }
    format!("{} t CO₂e", significant(tco2e, 3))
}

/// A range of tonnes of CO₂e, low to high, in one unit: `1,300–1,510 t
/// CO₂e`, `2.8–3.3 t CO₂e`, `1.2–1.4 Mt CO₂e`. Equal ends read as
/// [`tonnes_co2e`] does.
pub fn tonnes_co2e_range(a: f64, b: f64) -> String {
    if !(a.is_finite() && b.is_finite()) {
        return "—".to_string();
    }
    let (low, high) = ordered(a, b);
    let (scale, unit) = if low.abs() >= 1e6 {
        (1e6, "Mt")
    } else {
        (1.0, "t")
    };
    match range_ends(low / scale, high / scale, 0) {
        Some((x, y)) => format!("{x}–{y} {unit} CO₂e"),
        None => tonnes_co2e(low),
    }
}

/// A non-negative amount as a whole number in plain digits: no separators,
/// no exponent, no underscores (`2040000000`). What a metadata parser that
/// keeps only the first number it sees reads correctly; negative or
/// non-finite amounts read `0`.
pub fn plain_digits(x: f64) -> String {
    if x.is_finite() && x > 0.0 {
        format!("{:.0}", x.round())
    } else {
        "0".to_string()
    }
}

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

    use crate::testing::close;

    /// Whole range ends are grouped up to 9·10¹⁵, where an `i64` still holds
    /// them with room to spare, and scientific from there on.
    #[test]
    fn range_ends_turn_scientific_at_nine_quadrillion() {
        assert_eq!(
            range_ends(8.5e15, 1e16, 0),
            Some(("8,500,000,000,000,000".to_string(), "1e16".to_string()))
        );
        assert_eq!(
            range_ends(9e15, 1e16, 0),
            Some(("9e15".to_string(), "1e16".to_string()))
        );
    }

    /// 1,000 is the first figure each of them writes the long way.
    #[test]
    fn a_thousand_is_where_scientific_and_usd_ranges_change_form() {
        assert_eq!(scientific(999.0, 3), "999");
        assert_eq!(scientific(1000.0, 3), "1e3");
        assert_eq!(usd_range(999.0, 1999.0), "$999–$1,999");
        assert_eq!(usd_range(1000.0, 2000.0), "$1k–$2k");
        // Cents below $10, whole dollars from it.
        assert_eq!(
            (usd(9.99), usd(10.0)),
            ("$9.99".to_string(), "$10".to_string())
        );
        // Each form holds up to where its rounding reaches the next form.
        assert_eq!(usd(9.994), "$9.99");
        assert_eq!(usd(9.996), "$10");
        // $9.995 is where whole dollars begin, as $999.5 is where $1,000 does.
        assert_eq!(usd(9.995), "$10");
        assert_eq!(usd(999.4), "$999");
        assert_eq!(usd(999.6), "$1,000");
        assert_eq!(usd(999.5), "$1,000");
        assert_eq!(usd(1000.0), "$1,000");
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
        // exactly 8 weeks is past "8 weeks": 56 days / 30.436875 = 1.8399 months
        assert_eq!(duration(8.0 * WEEK), "1.84 months");
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
        assert_eq!(count(999_600_000_000.0), "1T");
        assert_eq!(count(999_600.0), "1M");
        // The largest suffix has none after it: 999.6P stays in petas.
        assert_eq!(count(999.6e15), "1000P");
        assert_eq!(count(9_999.0), "9,999");
        // "below 10,000" is strict: 10,000 itself is 10 thousands
        assert_eq!(count(10_000.0), "10k");
        assert_eq!(count(15e12), "15T");
        // Below 1, up to three significant digits; 1 itself is a whole count.
        assert_eq!(count(0.25), "0.25");
        assert_eq!(count(1.0), "1");
        assert_eq!(count(-1.0), "-1");
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
        // Nor before a scale: Rust would read "inf" as infinity.
        assert!(matches!(
            parse_quantity("infT"),
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
        // The limit itself is allowed.
        assert_eq!(parse_quantity("1e30"), Ok(1e30));
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

    #[test]
    fn a_decimal_comma_is_read_as_a_decimal_never_as_hundreds() {
        assert_eq!(parse_quantity("2,50"), Ok(2.5));
        assert_eq!(parse_quantity("2,5"), Ok(2.5));
        assert_eq!(parse_quantity("$2,50"), Ok(2.5));
        assert_eq!(parse_quantity("0,125"), Ok(0.125));
        assert_eq!(parse_quantity("2,5T"), Ok(2.5e12));
        assert_eq!(parse_quantity("1,5 trillion"), Ok(1.5e12));
    }

    #[test]
    fn commas_in_groups_of_three_separate_thousands() {
        assert_eq!(parse_quantity("1,000"), Ok(1_000.0));
        assert_eq!(parse_quantity("2,500"), Ok(2_500.0));
        assert_eq!(parse_quantity("8,192"), Ok(8_192.0));
        assert_eq!(parse_quantity("1,000,000"), Ok(1e6));
        assert_eq!(parse_quantity("12,345.67"), Ok(12_345.67));
        assert_eq!(parse_quantity("$1,000,000"), Ok(1e6));
        // A sign belongs to the number (the fields refuse it later, by name).
        assert_eq!(decimal_commas("-1,000").as_deref(), Some("-1000"));
        assert_eq!(decimal_commas("+2,5").as_deref(), Some("+2.5"));
    }

    #[test]
    fn commas_that_are_neither_are_refused_with_the_reason() {
        for text in ["1,00,000", "1.000,5", "2,5,0", "2,", "1,0000,000", "1e3,5"] {
            let error = parse_quantity(text);
            assert!(
                matches!(error, Err(QuantityError::Comma(_))),
                "{text}: {error:?}"
            );
        }
        let message = parse_quantity("1,00,000").unwrap_err().to_string();
        assert!(
            message.contains("`1,00,000`")
                && message.contains("thousands")
                && message.contains("2,5"),
            "{message}"
        );
    }

    #[test]
    fn duration_ranges_run_low_to_high_in_one_unit() {
        // Llama 3.1 405B at 38-43 % MFU: 63 and 71 days, not "2.34 months – 2.07 months"
        assert_eq!(duration_range(71.2 * DAY, 62.9 * DAY), "63–71 days");
        assert_eq!(duration_range(62.9 * DAY, 71.2 * DAY), "63–71 days");
        // 6.86 weeks and 2.03 months (48 and 62 days) share one unit
        assert_eq!(duration_range(6.86 * WEEK, 2.03 * MONTH), "48–62 days");
        assert_eq!(duration_range(20.0 * HOUR, 24.4 * HOUR), "20–24 h");
        assert_eq!(duration_range(14.0 * MONTH, 16.0 * MONTH), "14–16 months");
        assert_eq!(duration_range(5.0, 8.0), "5–8 s");
        // ends that round alike get a decimal
        assert_eq!(duration_range(63.0 * DAY, 63.4 * DAY), "63–63.4 days");
        // equal ends read as a single duration
        assert_eq!(duration_range(18.5 * DAY, 18.5 * DAY), duration(18.5 * DAY));
        assert_eq!(duration_range(f64::NAN, 1.0), "—");
        // a negative end, first or second, is no duration; zero is one
        assert_eq!(duration_range(-1.0, 5.0), "—");
        assert_eq!(duration_range(5.0, -1.0), "—");
        assert_eq!(duration_range(0.0, 30.0), "0–30 s");
        assert_eq!(duration_range(30.0, 0.0), "0–30 s");
    }

    #[test]
    fn money_and_count_ranges_share_the_low_ends_suffix() {
        assert_eq!(usd_range(571_000.0, 507_000.0), "$507k–$571k");
        assert_eq!(usd_range(1.23e6, 1.41e6), "$1.23M–$1.41M");
        assert_eq!(usd_range(950.0, 1_200.0), "$950–$1,200");
        assert_eq!(usd_range(2.5, 3.1), "$2.50–$3.10");
        // Ends told apart only by a third decimal: the one that trims to fewer
        // than two keeps its cents.
        assert_eq!(usd_range(2.5, 2.501), "$2.50–$2.501");
        // from $10 to $1,000 whole dollars, as usd prints each end ($25, $26)
        assert_eq!(usd_range(25.4, 25.6), "$25–$26");
        assert_eq!(usd_range(10.0, 12.4), "$10–$12");
        // from 1e18 on, scientific, as usd prints each end ($1e18, $2e18)
        assert_eq!(usd_range(1e18, 2e18), "$1e18–$2e18");
        // Either end not finite: no range.
        assert_eq!(usd_range(f64::INFINITY, 5.0), "—");
        assert_eq!(usd_range(5.0, f64::NAN), "—");
        assert_eq!(count_range(f64::INFINITY, 5.0), "—");
        assert_eq!(count_range(5.0, f64::NAN), "—");
        // Ends that look the same read as one figure, as equal ends do.
        assert_eq!(usd_range(1.0001e18, 1.0002e18), usd(1.0001e18));
        assert_eq!(count_range(1.0001e18, 1.0002e18), count(1.0001e18));
        assert_eq!(count_range(1e18, 2e18), "1e18–2e18");
        assert_eq!(usd_range(4.0e6, 4.0e6), usd(4.0e6));
        assert_eq!(count_range(1.4e6, 1.2e6), "1.2M–1.4M");
        assert_eq!(count_range(24.7e6, 27.9e6), "24.7M–27.9M");
        assert_eq!(usd_range(15.3e6, 17.3e6), "$15.3M–$17.3M");
        assert_eq!(count_range(950_000.0, 1.2e6), "950k–1,200k");
        assert_eq!(count_range(64.0, 128.0), "64–128");
        // 10,000 is the first count with a suffix.
        assert_eq!(count_range(10_000.0, 12_000.0), "10k–12k");
        assert_eq!(count_range(9_999.0, 12_000.0), "9,999–12,000");
        assert_eq!(percent_range(0.43, 0.38), "38–43 %");
        assert_eq!(percent_range(0.3, 0.3), "30 %");
        // One end that is not a number is no range at all.
        assert_eq!(percent_range(0.3, f64::NAN), "—");
        assert_eq!(percent_range(f64::INFINITY, 0.3), "—");
    }

    #[test]
    fn prices_show_the_exact_figure_in_use() {
        assert_eq!(price_input(2.0), "2.00");
        assert_eq!(price_input(2.5), "2.50");
        assert_eq!(price_input(6.155), "6.155");
        assert_eq!(price_input(14.2416), "14.2416");
        assert_eq!(price_per_hour(2.5), "$2.50 per hour");
        assert_eq!(price_per_hour(2_500.0), "$2,500.00 per hour");
        assert_eq!(usd_per_hour(6.155), "$6.16/h");
        // what the box shows parses back to the price used
        for usd in [2.0, 2.5, 6.155, 14.2416, 0.39, 1_234.5] {
            assert_eq!(parse_quantity(&price_input(usd)), Ok(usd));
        }
    }

    #[test]
    fn counts_of_one_take_the_singular() {
        assert_eq!(count_of(1, "accelerator", "accelerators"), "1 accelerator");
        assert_eq!(count_of(0, "run", "runs"), "0 runs");
        assert_eq!(
            count_of(1_024, "accelerator", "accelerators"),
            "1,024 accelerators"
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
        fn duration_ranges_put_the_smaller_end_first(a in 1.0f64..1e10, b in 1.0f64..1e10) {
            let text = duration_range(a, b);
            let (low, high) = ordered(a, b);
            prop_assert_eq!(text.clone(), duration_range(b, a));
            if let Some((first, rest)) = text.split_once('–') {
                let (second, _unit) = rest.split_once(' ').unwrap_or((rest, ""));
                let x: f64 = first.replace(',', "").parse().unwrap();
                let y: f64 = second.replace(',', "").parse().unwrap();
                prop_assert!(x <= y, "{text}");
                prop_assert!(low < high, "{text}");
            }
        }

        #[test]
        fn parse_quantity_never_panics(s in "\\PC{0,40}") {
            let _ = parse_quantity(&s);
        }
    }

    #[test]
    fn energy_picks_the_unit_where_the_figure_is_at_least_one() {
        assert_eq!(energy_kwh(850.0), "850 kWh");
        assert_eq!(energy_kwh(12_345.0), "12.3 MWh");
        assert_eq!(energy_kwh(3.52e6), "3.52 GWh");
        assert_eq!(energy_kwh(0.5), "0.5 kWh");
        assert_eq!(energy_kwh(f64::NAN), "—");
    }

    #[test]
    fn an_energy_range_reads_low_to_high_in_the_unit_of_its_low_end() {
        assert_eq!(energy_range(4.1e6, 3.52e6), "3.52–4.1 GWh");
        assert_eq!(energy_range(980e3, 1.14e6), "980–1,140 MWh");
        assert_eq!(energy_range(2.5e6, 2.5e6), "2.5 GWh");
        // Below 100 in its unit, three significant figures at the low end.
        assert_eq!(energy_range(35.24e3, 41.1e3), "35.2–41.1 MWh");
        assert_eq!(energy_range(0.5234, 0.61), "0.523–0.61 kWh");
        // Either end not a number: no range, not a half-made one.
        for (a, b) in [(f64::NAN, 1e3), (1e3, f64::INFINITY), (f64::NAN, f64::NAN)] {
            assert_eq!(energy_range(a, b), "—", "{a} {b}");
        }
    }

    #[test]
    fn tonnes_read_as_model_cards_write_them() {
        assert_eq!(tonnes_co2e(2.8), "2.8 t CO₂e");
        assert_eq!(tonnes_co2e(552.1), "552 t CO₂e");
        assert_eq!(tonnes_co2e(8_930.0), "8,930 t CO₂e");
        assert_eq!(tonnes_co2e(1.25e6), "1.25 Mt CO₂e");
        assert_eq!(tonnes_co2e(0.0), "0 t CO₂e");
        assert_eq!(tonnes_co2e_range(1_510.0, 1_300.0), "1,300–1,510 t CO₂e");
        assert_eq!(tonnes_co2e_range(2.8, 3.3), "2.8–3.3 t CO₂e");
        assert_eq!(tonnes_co2e_range(59.1, 59.1), "59.1 t CO₂e");
        assert_eq!(tonnes_co2e_range(1.2e6, 1.4e6), "1.2–1.4 Mt CO₂e");
        // one end that is not a number is enough to show no range
        assert_eq!(tonnes_co2e_range(f64::NAN, 1.0), "—");
        assert_eq!(tonnes_co2e_range(1.0, f64::INFINITY), "—");
    }

    #[test]
    fn a_worked_figure_reads_as_its_formula_and_its_value() {
        let worked = Worked {
            formula: "6 × 8.03e9 × 1.5e13".to_string(),
            value: 7.227e23,
        };
        assert_eq!(worked.to_string(), "6 × 8.03e9 × 1.5e13 = 7.23e23");
    }

    #[test]
    fn plain_digits_never_use_an_exponent_or_separators() {
        assert_eq!(plain_digits(2.04e9), "2040000000");
        assert_eq!(plain_digits(24_700_000.4), "24700000");
        assert_eq!(plain_digits(1e21), "1000000000000000000000");
        assert_eq!(plain_digits(-3.0), "0");
        assert_eq!(plain_digits(-0.0), "0");
        assert_eq!(plain_digits(f64::INFINITY), "0");
    }
}
