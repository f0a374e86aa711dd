//! What a person types into the scenario form, checked field by field.
//!
//! Each parser takes the raw text of one input and returns the value in SI
//! units or a [`FieldError`] that says what was wrong and what to type. The
//! page shows the message next to the field; the CLI prints it and exits 2.
//! No NaN, no negative, no zero count, MFU in (0, 100 %].
//!
//! It deliberately knows nothing of the scenario as a whole (which accelerator
//! supports which precision is the link decoder's and the page's business).

use crate::cost::MfuBand;
use crate::energy::{
    self, Grid, PowerFactor, MAX_GRID_KG_PER_KWH, MAX_POWER_FACTOR, MAX_PUE, MIN_POWER_FACTOR,
    MIN_PUE,
};
use crate::format::{parse_quantity, QuantityError};

// The bounds below hold for the form and for the link decoder (`crate::link`)
// alike, so whatever the form accepts survives a shared link.

/// The fewest training tokens a scenario may have: one.
pub const MIN_TOKENS: f64 = 1.0;
/// The most training tokens a scenario may have: 1e18, about a thousand times
/// the text on the public web. Above it the figures stop meaning anything.
pub const MAX_TOKENS: f64 = 1e18;
/// The longest sequence length: 2^24 (about 16.8M) tokens.
pub const MAX_SEQ_LEN: u64 = 1 << 24;
/// The most accelerators: 100 million, as far as the layout search goes.
pub const MAX_ACCELERATORS: u64 = crate::memory::search::MAX_SEARCH_ACCELERATORS;
/// The lowest MFU: 1e-8 (0.000001 %, the form's resolution). Below it time and
/// cost overflow to infinity.
pub const MIN_MFU: f64 = 1e-8;
/// The highest price per accelerator-hour: $1M.
pub const MAX_PRICE_USD: f64 = 1e6;
/// The lowest custom peak: 1 FLOP/s (1e-12 TFLOP/s as typed).
pub const MIN_PEAK_FLOPS_PER_S: f64 = 1.0;
/// The highest custom peak: 1e21 FLOP/s (a zettaFLOP per second, per device).
pub const MAX_PEAK_FLOPS_PER_S: f64 = 1e21;
/// The lowest goodput a scenario takes (1 %: a run that trains an hour a
/// week is not a plan).
pub const MIN_GOODPUT: f64 = 0.01;
/// The smallest training state: half a byte per parameter (4-bit weights alone).
pub const MIN_BYTES_PER_PARAM: f64 = 0.5;
/// The largest training state: 1,000 bytes per parameter.
pub const MAX_BYTES_PER_PARAM: f64 = 1_000.0;

/// Why a form field's text was refused. The message names the field, the value
/// and the rule, and says what to type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FieldError {
    #[error("{field}: {source}")]
    Quantity {
        field: &'static str,
        #[source]
        source: QuantityError,
    },
    #[error("{field}: empty; type {example}")]
    Empty {
        field: &'static str,
        example: &'static str,
    },
    #[error("{field}: `{value}` is not a number; type {example}")]
    NotANumber {
        field: &'static str,
        value: String,
        example: &'static str,
    },
    #[error("{field}: `{value}` is more than {max}; type a smaller number")]
    TooLarge {
        field: &'static str,
        value: String,
        max: &'static str,
    },
    #[error("{field}: `{value}` is less than {min}; type a larger number")]
    TooSmall {
        field: &'static str,
        value: String,
        min: &'static str,
    },
    #[error("{field}: `{value}` is not a whole number; type one such as {example}")]
    NotWhole {
        field: &'static str,
        value: String,
        example: &'static str,
    },
    #[error("MFU: `{value}` is not in (0, 100 %]; type a percentage such as 40, or a band such as 30-50")]
    Mfu { value: String },
    #[error("MFU: `{value}` could be {decimal} % or a band from {low} to {high} %; type {decimal} for the one, {low}-{high} for the other")]
    MfuComma {
        value: String,
        decimal: String,
        low: String,
        high: String,
    },
    #[error("PUE: `{value}` {rule}; type a PUE from 1 to 3, such as 1.1 (hyperscale) or 1.58 (industry average)")]
    Pue { value: String, rule: &'static str },
    #[error("Power: `{value}` {rule}; type tdp, measured, a fraction of board power such as 0.8, or a percentage such as 80 %")]
    Power { value: String, rule: &'static str },
    #[error("Grid intensity: `{value}` {rule}; type kg CO₂e per kWh such as 0.4 (g per kWh ÷ 1,000), or a region such as us-2023")]
    Grid { value: String, rule: &'static str },
    #[error("Grid region: `{value}` is not a region flopcast knows; type a figure in kg CO₂e per kWh such as 0.4, or one of: {regions}")]
    UnknownRegion { value: String, regions: String },
}

/// The text as a message quotes it: trimmed, at most 40 characters.
fn shown(text: &str) -> String {
    text.trim().chars().take(40).collect()
}

/// A field's range, with its ends as the message states them, in the unit the
/// field is typed in.
struct Range {
    /// What to type, for a message: "a number such as 8192 or 8k".
    example: &'static str,
    min: f64,
    max: f64,
    shown_min: &'static str,
    shown_max: &'static str,
}

/// A typed quantity times `scale`, within `range`.
fn bounded(field: &'static str, text: &str, scale: f64, range: Range) -> Result<f64, FieldError> {
    let too_large = || FieldError::TooLarge {
        field,
        value: shown(text),
        max: range.shown_max,
    };
    let value = match parse_quantity(text) {
        Ok(typed) => typed * scale,
        // beyond even the parser's limit: say the field's own
        Err(QuantityError::TooLarge(_)) => return Err(too_large()),
        // the parser's examples (2T, 300B) suit token counts, not every field
        Err(QuantityError::Empty) => {
            return Err(FieldError::Empty {
                field,
                example: range.example,
            })
        }
        Err(QuantityError::NotANumber(_)) => {
            return Err(FieldError::NotANumber {
                field,
                value: shown(text),
                example: range.example,
            })
        }
        Err(source) => return Err(FieldError::Quantity { field, source }),
    };
    if value > range.max {
        return Err(too_large());
    }
    if value < range.min {
        return Err(FieldError::TooSmall {
            field,
            value: shown(text),
            min: range.shown_min,
        });
    }
    Ok(value)
}

fn whole(
    field: &'static str,
    text: &str,
    range: Range,
    example: &'static str,
) -> Result<u64, FieldError> {
    let value = bounded(field, text, 1.0, range)?;
    if value.fract() != 0.0 {
        return Err(FieldError::NotWhole {
            field,
            value: shown(text),
            example,
        });
    }
    Ok(value as u64)
}

/// Training tokens: `2T`, `15e12`, `300B`, `1,000,000`.
pub fn tokens(text: &str) -> Result<f64, FieldError> {
    let range = Range {
        example: "a number such as 2T, 300B, 15e12 or 1,000,000",
        min: MIN_TOKENS,
        max: MAX_TOKENS,
        shown_min: "1",
        shown_max: "1e18",
    };
    bounded("Training tokens", text, 1.0, range)
}

/// Sequence length: a whole number of tokens, `8192` or `8k`.
pub fn seq_len(text: &str) -> Result<u64, FieldError> {
    let range = Range {
        example: "a whole number such as 8192 or 8k",
        min: 1.0,
        max: MAX_SEQ_LEN as f64,
        shown_min: "1",
        shown_max: "16,777,216",
    };
    whole("Sequence length", text, range, "8192")
}

/// Accelerator count: a whole number, at least 1.
pub fn accelerator_count(text: &str) -> Result<u64, FieldError> {
    let range = Range {
        example: "a whole number such as 1024 or 8k",
        min: 1.0,
        max: MAX_ACCELERATORS as f64,
        shown_min: "1",
        shown_max: "100,000,000",
    };
    whole("Accelerators", text, range, "1024")
}

/// Price per accelerator-hour in USD: `2.49`, `$2.49`, `2,49` (a decimal
/// comma: 2.49, never 249). Echo what was read with
/// [`crate::format::price_per_hour`].
pub fn price(text: &str) -> Result<f64, FieldError> {
    let range = Range {
        example: "a price per accelerator-hour such as 2.49 or $2.49",
        min: 0.0,
        max: MAX_PRICE_USD,
        shown_min: "$0",
        shown_max: "$1,000,000",
    };
    bounded("Price", text, 1.0, range)
}

/// Above this price per accelerator-hour a typed price reads as a slip (a
/// decimal comma taken for a thousands separator, an instance price typed for
/// one accelerator's).
const IMPLAUSIBLE_PRICE_USD: f64 = 100.0;

/// A warning for a valid price that no public quote comes near: over
/// $100 per accelerator-hour, several times the dearest listed price.
pub fn price_warning(usd_per_hour: f64) -> Option<String> {
    if usd_per_hour <= IMPLAUSIBLE_PRICE_USD {
        return None;
    }
    let dearest = crate::hardware::PRICES
        .iter()
        .filter(|p| !p.superseded)
        .map(|p| p.usd_per_accelerator_hour)
        .fold(0.0, f64::max);
    Some(format!(
        "{} is far above any public price (the dearest listed is {}). If you meant a \
         decimal, type it with a point; if you typed an instance's price, divide it by its \
         accelerators.",
        crate::format::price_per_hour(usd_per_hour),
        crate::format::price_per_hour(dearest)
    ))
}

/// A custom accelerator's dense peak, typed in TFLOP/s; returned in FLOP/s.
pub fn peak_tflops(text: &str) -> Result<f64, FieldError> {
    let range = Range {
        example: "a peak in TFLOP/s such as 989",
        min: MIN_PEAK_FLOPS_PER_S,
        max: MAX_PEAK_FLOPS_PER_S,
        shown_min: "1e-12 TFLOP/s",
        shown_max: "1e9 TFLOP/s",
    };
    bounded("Peak", text, 1e12, range)
}

/// Training-state bytes per parameter (16 for mixed-precision Adam).
pub fn bytes_per_param(text: &str) -> Result<f64, FieldError> {
    let range = Range {
        example: "a number such as 16",
        min: MIN_BYTES_PER_PARAM,
        max: MAX_BYTES_PER_PARAM,
        shown_min: "0.5",
        shown_max: "1,000",
    };
    bounded("Bytes per parameter", text, 1.0, range)
}

/// MFU in percent: `40`, `40 %`, `39.3%`, or a band `30-50` / `30–50 %`.
/// Every value must be in (0, 100].
pub fn mfu(text: &str) -> Result<MfuBand, FieldError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Empty {
            field: "MFU",
            example: "a percentage in (0, 100 %] such as 40, or a band such as 30-50",
        });
    }
    let bad = || FieldError::Mfu {
        value: shown(trimmed),
    };
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '%' | ' '))
        .collect();
    // One decimal after a comma is a decimal comma (40,5); more is ambiguous
    // with a band written as the link writes it (30,50).
    if let Some((low, high)) = cleaned.split_once(',') {
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if high.len() >= 2 && digits(high) && digits(low) {
            return Err(FieldError::MfuComma {
                value: shown(trimmed),
                decimal: format!("{low}.{high}"),
                low: low.to_string(),
                high: high.to_string(),
            });
        }
    }
    let cleaned = cleaned.replace(',', ".");
    let percent = |s: &str| -> Result<f64, FieldError> {
        match s.parse::<f64>() {
            // Rounded to 1e-8 so that 39.3 becomes exactly the double nearest 0.393.
            Ok(x) if x.is_finite() && x > 0.0 && x <= 100.0 => {
                let fraction = (x * 1e6).round() / 1e8;
                if fraction >= MIN_MFU {
                    Ok(fraction)
                } else {
                    Err(bad())
                }
            }
            _ => Err(bad()),
        }
    };
    // A band: "30-50" or "30–50"; a leading '-' is a negative number, not a band.
    let split = cleaned
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '-' || c == '–' || c == '—');
    match split {
        Some((i, dash)) => {
            let low = percent(&cleaned[..i])?;
            let high = percent(&cleaned[i + dash.len_utf8()..])?;
            Ok(MfuBand { low, high }.ordered())
        }
        None => Ok(MfuBand::point(percent(&cleaned)?)),
    }
}

/// A plain decimal as typed: `1.1`, `1,1` (a decimal comma); `None` for
/// anything else (suffixes, separators, NaN, infinities).
fn decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = if text.matches(',').count() == 1 && !text.contains('.') {
        text.replace(',', ".")
    } else {
        text.to_string()
    };
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The datacenter's PUE: `1.1`, `1,58`; from 1 (no overhead) to 3.
pub fn pue(text: &str) -> Result<f64, FieldError> {
    let err = |rule| FieldError::Pue {
        value: shown(text),
        rule,
    };
    if text.trim().is_empty() {
        return Err(err("is empty"));
    }
    match decimal(text) {
        None => Err(err("is not a number")),
        Some(x) if x < MIN_PUE => Err(err(
            "is below 1, and no datacenter uses less energy than its IT load",
        )),
        Some(x) if x > MAX_PUE => Err(err(
            "is above 3, about twice the industry average (1.58 in 2023)",
        )),
        Some(x) => Ok(x),
    }
}

/// How much of board power the accelerators draw: `tdp`, `measured`, a
/// fraction (`0.8`) or a percentage (`80 %`), from 1 % to 200 %.
pub fn power(text: &str) -> Result<PowerFactor, FieldError> {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        "tdp" | "board" | "100%" | "100 %" => return Ok(PowerFactor::Tdp),
        "measured" | "measured-average" => return Ok(PowerFactor::MeasuredAverage),
        _ => {}
    }
    let err = |rule| FieldError::Power {
        value: shown(text),
        rule,
    };
    if trimmed.is_empty() {
        return Err(err("is empty"));
    }
    let fraction = match trimmed.strip_suffix('%') {
        Some(percent) => decimal(percent).map(|p| p / 100.0),
        None => decimal(trimmed),
    };
    match fraction {
        None => Err(err("is not a number")),
        Some(f) if f < MIN_POWER_FACTOR => Err(err("is below 1 % of board power")),
        Some(f) if f > MAX_POWER_FACTOR => Err(err(
            "is above 2 (200 % of board power); a percentage needs its % sign",
        )),
        Some(1.0) => Ok(PowerFactor::Tdp),
        Some(f) => Ok(PowerFactor::Custom(f)),
    }
}

/// The grid: a region id (`us-2023`), or an intensity in kg CO₂e per kWh
/// (`0.4`, `0.4 kg/kWh`) or in grams (`400 g/kWh`), from 0 to 2 kg.
pub fn grid(text: &str) -> Result<Grid, FieldError> {
    let trimmed = text.trim();
    if let Some(region) = energy::region(&trimmed.to_ascii_lowercase()) {
        return Ok(Grid::Region(region));
    }
    let err = |rule| FieldError::Grid {
        value: shown(text),
        rule,
    };
    if trimmed.is_empty() {
        return Err(err("is empty"));
    }
    let lower = trimmed.to_ascii_lowercase();
    let (number, scale) = [("kg/kwh", 1.0), ("kg", 1.0), ("g/kwh", 1e-3), ("g", 1e-3)]
        .into_iter()
        .find_map(|(unit, scale)| lower.strip_suffix(unit).map(|n| (n.to_string(), scale)))
        .unwrap_or((lower.clone(), 1.0));
    let looks_numeric = number
        .trim()
        .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'));
    match decimal(&number) {
        None if looks_numeric => Err(err("is not a number")),
        None => Err(FieldError::UnknownRegion {
            value: shown(text),
            regions: energy::region_ids(),
        }),
        Some(kg) if kg < 0.0 => Err(err("is negative; a grid emits 0 kg CO₂e per kWh or more")),
        Some(kg) if kg * scale > MAX_GRID_KG_PER_KWH => Err(err(
            "is above 2 kg CO₂e per kWh, over twice a coal-only grid",
        )),
        Some(kg) => Ok(Grid::Custom(kg * scale)),
    }
}

// ---------------------------------------------------------------------------
// The layout and memory fields (issue 15).

/// A parallel degree (TP, PP, CP, EP) or the interleaving `v`: a whole
/// number from 1 to [`crate::memory::layout::MAX_DEGREE`]. `field` names the
/// input ("TP").
pub fn degree(field: &'static str, text: &str) -> Result<u64, FieldError> {
    let range = Range {
        example: "a whole number such as 1, 2, 4 or 8",
        min: 1.0,
        max: crate::memory::layout::MAX_DEGREE as f64,
        shown_min: "1",
        shown_max: "65,536",
    };
    whole(field, text, range, "8")
}

/// Sequences per micro-batch: a whole number, at least 1.
pub fn micro_batch(text: &str) -> Result<u64, FieldError> {
    let range = Range {
        example: "a whole number of sequences such as 1 or 2",
        min: 1.0,
        max: crate::memory::layout::MAX_MICRO_BATCH as f64,
        shown_min: "1",
        shown_max: "65,536",
    };
    whole("Micro-batch", text, range, "1")
}

/// The global batch in tokens: `4M`, `16,777,216`, `2^22` typed as 4194304.
pub fn global_batch(text: &str) -> Result<u64, FieldError> {
    let range = Range {
        example: "a number of tokens such as 4M or 16M",
        min: 1.0,
        max: (1u64 << 50) as f64,
        shown_min: "1",
        shown_max: "1.13e15",
    };
    whole("Global batch", text, range, "4M")
}

/// Goodput in percent (`90`, `90 %`): the share of wall-clock time that
/// trains; returned as a fraction in [0.01, 1].
pub fn goodput(text: &str) -> Result<f64, FieldError> {
    let cleaned: String = text.trim().trim_end_matches('%').trim().to_string();
    let range = Range {
        example: "a percentage such as 90",
        min: MIN_GOODPUT * 100.0,
        max: 100.0,
        shown_min: "1 %",
        shown_max: "100 %",
    };
    Ok(bounded("Goodput", &cleaned, 1.0, range)? / 100.0)
}

/// Bytes per parameter of weights, gradients and optimizer state, typed as
/// three numbers (`2,4,12` or `2 + 4 + 12`).
pub fn state_bytes(text: &str) -> Result<crate::memory::BytesPerParam, FieldError> {
    let parts: Vec<&str> = text
        .split([',', '+'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let bad = || FieldError::NotANumber {
        field: "Bytes per parameter",
        value: shown(text),
        example: "three numbers for weights, gradients and optimizer, such as 2,2,12",
    };
    let [w, g, o] = parts[..] else {
        return Err(bad());
    };
    let one = |t: &str| {
        t.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && (0.0..=MAX_BYTES_PER_PARAM).contains(x))
            .ok_or_else(bad)
    };
    let state = crate::memory::BytesPerParam {
        weights: one(w)?,
        gradients: one(g)?,
        optimizer: one(o)?,
    };
    if state.total() < MIN_BYTES_PER_PARAM {
        return Err(FieldError::TooSmall {
            field: "Bytes per parameter",
            value: shown(text),
            min: "0.5 in all",
        });
    }
    Ok(state)
}

/// The largest runtime overhead typed: 1 TB (as a link carries).
const MAX_RUNTIME_OVERHEAD_GB: f64 = 1_000.0;

/// The overhead line typed as `runtime GB + fragmentation %`: `2 GB + 5 %`,
/// `2 + 5`, `1.5GB+10%`. The runtime is from 0 to 1,000 GB, the
/// fragmentation from 0 to 100 %.
pub fn overhead(text: &str) -> Result<crate::memory::breakdown::Overhead, FieldError> {
    let bad = || FieldError::NotANumber {
        field: "Overhead",
        value: shown(text),
        example: "runtime GB + fragmentation %, such as 2 GB + 5 %",
    };
    let Some((runtime, fragmentation)) = text.split_once('+') else {
        return Err(bad());
    };
    let runtime = runtime.trim();
    let runtime = runtime
        .strip_suffix("GB")
        .or_else(|| runtime.strip_suffix("gb"))
        .unwrap_or(runtime);
    let fragmentation = fragmentation.trim().trim_end_matches('%');
    let runtime_gb = bounded(
        "Overhead (runtime GB)",
        runtime,
        1.0,
        Range {
            example: "a number of GB such as 2",
            min: 0.0,
            max: MAX_RUNTIME_OVERHEAD_GB,
            shown_min: "0 GB",
            shown_max: "1,000 GB",
        },
    )?;
    let percent = bounded(
        "Overhead (fragmentation %)",
        fragmentation,
        1.0,
        Range {
            example: "a percentage such as 5",
            min: 0.0,
            max: 100.0,
            shown_min: "0 %",
            shown_max: "100 %",
        },
    )?;
    Ok(crate::memory::breakdown::Overhead {
        runtime_bytes: runtime_gb * 1e9,
        fragmentation: percent / 100.0,
    })
}

/// The overhead line as its field shows it, in the form [`overhead`] reads:
/// `2 GB + 5 %`.
pub fn overhead_input(o: crate::memory::breakdown::Overhead) -> String {
    format!(
        "{} GB + {} %",
        trimmed(o.runtime_bytes / 1e9),
        trimmed(o.fragmentation * 100.0)
    )
}

/// Bytes per parameter as their field shows them, in the form
/// [`state_bytes`] reads: `2 + 2 + 12`.
pub fn state_bytes_input(b: crate::memory::BytesPerParam) -> String {
    format!(
        "{} + {} + {}",
        trimmed(b.weights),
        trimmed(b.gradients),
        trimmed(b.optimizer)
    )
}

/// A number with at most four decimals and no trailing zeros: `2`, `1.5`,
/// `0.0625`.
fn trimmed(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_accept_what_people_type() {
        assert_eq!(tokens("2T"), Ok(2e12));
        assert_eq!(tokens("15e12"), Ok(15e12));
        assert_eq!(tokens("300B"), Ok(3e11));
        assert_eq!(tokens("1,000,000"), Ok(1e6));
    }

    #[test]
    fn absurd_token_counts_are_refused_with_the_limit() {
        let message = tokens("1e30").unwrap_err().to_string();
        assert!(
            message.contains("Training tokens") && message.contains("more than"),
            "{message}"
        );
    }

    #[test]
    fn counts_must_be_whole_and_positive() {
        assert_eq!(accelerator_count("1,024"), Ok(1024));
        assert_eq!(accelerator_count("8k"), Ok(8000));
        let zero = accelerator_count("0").unwrap_err().to_string();
        assert!(
            zero.contains("Accelerators") && zero.contains("zero"),
            "{zero}"
        );
        let half = accelerator_count("2.5").unwrap_err().to_string();
        assert!(half.contains("not a whole number"), "{half}");
        assert!(accelerator_count("")
            .unwrap_err()
            .to_string()
            .contains("empty"));
        assert!(accelerator_count("abc")
            .unwrap_err()
            .to_string()
            .contains("`abc`"));
    }

    #[test]
    fn mfu_is_a_percentage_in_zero_to_a_hundred() {
        assert_eq!(mfu("40"), Ok(MfuBand::point(0.4)));
        assert_eq!(mfu("39.3 %"), Ok(MfuBand::point(0.393)));
        assert_eq!(mfu("100"), Ok(MfuBand::point(1.0)));
        for bad in [
            "0", "-5", "150", "1e-9", "abc", "", "NaN", "inf", "30-", "-",
        ] {
            let message = mfu(bad).unwrap_err().to_string();
            assert!(
                message.starts_with("MFU:") && message.contains("(0, 100 %]"),
                "{bad}: {message}"
            );
        }
    }

    #[test]
    fn a_decimal_comma_in_a_price_is_a_decimal() {
        assert_eq!(price("2,50"), Ok(2.5));
        assert_eq!(price("$2,5"), Ok(2.5));
        assert_eq!(price("1,000"), Ok(1_000.0));
        let refused = price("1,00,000").unwrap_err().to_string();
        assert!(
            refused.starts_with("Price: `1,00,000`: a comma"),
            "{refused}"
        );
    }

    #[test]
    fn counts_and_tokens_read_commas_the_same_way() {
        assert_eq!(tokens("2,5T"), Ok(2.5e12));
        assert_eq!(tokens("15,000,000,000,000"), Ok(15e12));
        assert_eq!(seq_len("8,192"), Ok(8_192));
        // 1,5 is one and a half, not fifteen: refused as not whole
        let half = accelerator_count("1,5").unwrap_err().to_string();
        assert!(half.contains("not a whole number"), "{half}");
    }

    #[test]
    fn prices_no_quote_comes_near_are_flagged() {
        assert_eq!(price_warning(2.5), None);
        assert_eq!(price_warning(100.0), None);
        let warning = price_warning(2_500.0).expect("$2,500/h is flagged");
        assert!(
            warning.contains("$2,500.00 per hour") && warning.contains("dearest listed"),
            "{warning}"
        );
        // The dearest quote in use, not a superseded one (those are cheaper).
        let current = crate::hardware::PRICES
            .iter()
            .filter(|p| !p.superseded)
            .map(|p| p.usd_per_accelerator_hour)
            .fold(0.0, f64::max);
        let dearest = crate::format::price_per_hour(current);
        assert!(warning.contains(&format!("is {dearest})")), "{warning}");
    }

    #[test]
    fn mfu_takes_a_decimal_comma_and_refuses_an_ambiguous_one() {
        assert_eq!(mfu("40,5"), Ok(MfuBand::point(0.405)));
        assert_eq!(
            mfu("38,5-43"),
            Ok(MfuBand {
                low: 0.385,
                high: 0.43
            })
        );
        let message = mfu("30,50").unwrap_err().to_string();
        assert!(
            message.contains("30.50 %") && message.contains("30-50"),
            "{message}"
        );
    }

    #[test]
    fn mfu_bands_are_ordered() {
        assert_eq!(
            mfu("50-30"),
            Ok(MfuBand {
                low: 0.3,
                high: 0.5
            })
        );
        assert_eq!(
            mfu("30 – 50 %"),
            Ok(MfuBand {
                low: 0.3,
                high: 0.5
            })
        );
    }

    #[test]
    fn the_limits_a_message_states_are_themselves_accepted() {
        type Parser = fn(&str) -> Result<(), FieldError>;
        let cases: [(Parser, &str, &str, &str); 9] = [
            (|t| tokens(t).map(drop), "1e18", "1.01e18", "1e18"),
            (|t| tokens(t).map(drop), "1", "0.99", "less than 1"),
            (
                |t| seq_len(t).map(drop),
                "16,777,216",
                "16,777,217",
                "16,777,216",
            ),
            (
                |t| accelerator_count(t).map(drop),
                "100,000,000",
                "100,000,001",
                "100,000,000",
            ),
            (
                |t| price(t).map(drop),
                "$1,000,000",
                "1000001",
                "$1,000,000",
            ),
            (|t| peak_tflops(t).map(drop), "1e9", "1.01e9", "1e9 TFLOP/s"),
            (
                |t| peak_tflops(t).map(drop),
                "1e-12",
                "9e-13",
                "1e-12 TFLOP/s",
            ),
            (|t| bytes_per_param(t).map(drop), "1,000", "1001", "1,000"),
            (|t| bytes_per_param(t).map(drop), "0.5", "0.49", "0.5"),
        ];
        for (parse, limit, beyond, stated) in cases {
            assert_eq!(parse(limit), Ok(()), "{limit}");
            let message = parse(beyond).unwrap_err().to_string();
            assert!(message.contains(stated), "{beyond}: {message}");
        }
    }

    #[test]
    fn beyond_the_parser_limit_the_field_states_its_own() {
        let message = tokens("1e31").unwrap_err().to_string();
        assert_eq!(
            message,
            "Training tokens: `1e31` is more than 1e18; type a smaller number"
        );
    }

    #[test]
    fn each_field_suggests_what_suits_it() {
        let price = price("abc").unwrap_err().to_string();
        assert_eq!(
            price,
            "Price: `abc` is not a number; type a price per accelerator-hour such as 2.49 or $2.49"
        );
        let count = accelerator_count("").unwrap_err().to_string();
        assert_eq!(
            count,
            "Accelerators: empty; type a whole number such as 1024 or 8k"
        );
        let mfu = mfu(" ").unwrap_err().to_string();
        assert!(mfu.starts_with("MFU: empty; type a percentage"), "{mfu}");
    }

    #[test]
    fn peaks_are_typed_in_teraflops() {
        assert_eq!(peak_tflops("312"), Ok(312e12));
        assert!(peak_tflops("1e12").is_err());
    }

    #[test]
    fn pue_outside_one_to_three_is_refused_with_the_reason() {
        assert_eq!(pue("1.1"), Ok(1.1));
        assert_eq!(pue("1,58"), Ok(1.58));
        // Both ends are allowed: no overhead at all, and three times the load.
        assert_eq!(pue("1"), Ok(1.0));
        assert_eq!(pue("3"), Ok(3.0));
        let low = pue("0.9").unwrap_err().to_string();
        assert!(
            low.starts_with("PUE: `0.9` is below 1") && low.contains("type a PUE from 1 to 3"),
            "{low}"
        );
        let high = pue("3.5").unwrap_err().to_string();
        assert!(high.contains("`3.5` is above 3"), "{high}");
        assert!(pue("abc").unwrap_err().to_string().contains("not a number"));
        assert!(pue("NaN").is_err());
    }

    #[test]
    fn power_takes_presets_fractions_and_percentages() {
        assert_eq!(power("tdp"), Ok(PowerFactor::Tdp));
        assert_eq!(power("Measured"), Ok(PowerFactor::MeasuredAverage));
        assert_eq!(power("0.8"), Ok(PowerFactor::Custom(0.8)));
        assert_eq!(power("80 %"), Ok(PowerFactor::Custom(0.8)));
        assert_eq!(power("1"), Ok(PowerFactor::Tdp));
        let bare = power("80").unwrap_err().to_string();
        assert!(
            bare.starts_with("Power: `80` is above 2") && bare.contains("% sign"),
            "{bare}"
        );
        assert!(power("0").is_err());
    }

    #[test]
    fn grid_takes_a_region_or_a_figure_and_refuses_negatives_and_unknown_regions() {
        assert_eq!(
            grid("fr-2022").map(|g| g.kg_per_kwh()),
            Ok(0.057),
            "a region id"
        );
        assert_eq!(grid("0.2"), Ok(Grid::Custom(0.2)));
        assert_eq!(grid("0"), Ok(Grid::Custom(0.0)));
        assert_eq!(grid("57 g/kWh").map(|g| g.kg_per_kwh()), Ok(0.057));
        let negative = grid("-0.1").unwrap_err().to_string();
        assert!(
            negative.starts_with("Grid intensity: `-0.1` is negative"),
            "{negative}"
        );
        let unknown = grid("mars").unwrap_err().to_string();
        assert!(
            unknown.starts_with("Grid region: `mars` is not a region")
                && unknown.contains("us-2023"),
            "{unknown}"
        );
        assert!(grid("5").unwrap_err().to_string().contains("above 2"));
        // 2 kg per kWh is the last intensity taken, in either unit.
        assert_eq!(grid("2"), Ok(Grid::Custom(2.0)));
        assert_eq!(grid("2000 g/kWh"), Ok(Grid::Custom(2.0)));
        assert!(grid("2001 g/kWh")
            .unwrap_err()
            .to_string()
            .contains("above 2"));
        // A number that does not parse is no region either: it says so.
        let mangled = grid("0.2.1 kg").unwrap_err().to_string();
        assert!(
            mangled.starts_with("Grid intensity: `0.2.1 kg` is not a number"),
            "{mangled}"
        );
    }

    #[test]
    fn layout_fields_take_whole_degrees_and_refuse_zero() {
        assert_eq!(degree("TP", "8"), Ok(8));
        assert!(degree("TP", "0")
            .unwrap_err()
            .to_string()
            .starts_with("TP:"));
        assert!(degree("PP", "2.5").is_err());
        assert_eq!(micro_batch("2"), Ok(2));
        assert_eq!(global_batch("4M"), Ok(4_000_000));
        assert_eq!(global_batch("16,777,216"), Ok(16_777_216));
    }

    #[test]
    fn goodput_is_typed_in_percent() {
        assert_eq!(goodput("90"), Ok(0.9));
        assert_eq!(goodput("90 %"), Ok(0.9));
        assert!(goodput("0").is_err());
        assert!(goodput("120").is_err());
        // From 1 %: less is refused, not read as a fraction of a percent.
        assert_eq!(goodput("1"), Ok(0.01));
        assert!(goodput("0.5").is_err());
    }

    #[test]
    fn state_bytes_are_three_numbers() {
        let s = state_bytes("2 + 4 + 12").expect("valid");
        assert_eq!((s.weights, s.gradients, s.optimizer), (2.0, 4.0, 12.0));
        assert!(state_bytes("16").is_err());
        assert!(state_bytes("0,0,0.1").is_err());
        // 0.5 bytes in all is the least taken (4-bit weights, frozen).
        assert!(state_bytes("0.5,0,0").is_ok());
        // Each part from 0 to 1,000 bytes: a negative or larger one is refused.
        assert!(state_bytes("2,2,1000").is_ok());
        for text in ["-1,2,12", "2,2,1001", "2,2,inf"] {
            assert!(state_bytes(text).is_err(), "{text}");
        }
    }

    #[test]
    fn overhead_reads_runtime_gb_plus_fragmentation_percent_and_shows_back() {
        let o = overhead("2 GB + 5 %").expect("valid");
        assert_eq!(o.runtime_bytes, 2e9);
        assert!((o.fragmentation - 0.05).abs() < 1e-12);
        assert_eq!(overhead_input(o), "2 GB + 5 %");
        assert_eq!(overhead(&overhead_input(o)), Ok(o));
        assert_eq!(overhead("1.5gb+10%").map(|o| o.runtime_bytes), Ok(1.5e9));
        let missing = overhead("2").unwrap_err().to_string();
        assert!(
            missing.contains("Overhead") && missing.contains("2 GB + 5 %"),
            "{missing}"
        );
        let over = overhead("2 + 150").unwrap_err().to_string();
        assert!(
            over.contains("fragmentation") && over.contains("100 %"),
            "{over}"
        );
    }

    #[test]
    fn state_bytes_show_in_the_form_they_are_typed() {
        let b = crate::memory::BytesPerParam::FP32_GRADIENTS;
        assert_eq!(state_bytes_input(b), "2 + 4 + 12");
        assert_eq!(state_bytes(&state_bytes_input(b)), Ok(b));
    }
}
