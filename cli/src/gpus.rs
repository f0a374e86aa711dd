//! `flopcast gpus`: the accelerator catalog, as text to read or as JSON.
//!
//! This module only renders what `flopcast_core::hardware` holds; it computes
//! nothing beyond unit conversions for display and does no I/O (the caller
//! prints the returned string).

use flopcast_core::hardware::{
    default_precision, default_price, prices_for, Accelerator, CloudPrice, Precision, CATALOG,
    DEFAULT_PRICE_RULE,
};
use serde::Serialize;

/// The catalog as text (`json == false`) or as a JSON array (`json == true`).
///
/// Each JSON element is an accelerator (peaks in FLOP/s, memory in bytes, as
/// in core) plus its `default_precision`, its `default_price` (or `null`) and
/// every known `prices` quote.
pub fn render(json: bool) -> String {
    if json {
        render_json()
    } else {
        render_text()
    }
}

#[derive(Serialize)]
struct Entry {
    #[serde(flatten)]
    accelerator: &'static Accelerator,
    default_precision: Precision,
    default_price: Option<&'static CloudPrice>,
    prices: Vec<&'static CloudPrice>,
}

fn render_json() -> String {
    let entries: Vec<Entry> = CATALOG
        .iter()
        .map(|accelerator| Entry {
            accelerator,
            default_precision: default_precision(accelerator),
            default_price: default_price(accelerator.id),
            prices: prices_for(accelerator.id).collect(),
        })
        .collect();
    match serde_json::to_string_pretty(&entries) {
        Ok(text) => text + "\n",
        Err(e) => format!("{{\"error\": \"cannot serialize the catalog: {e}\"}}\n"),
    }
}

fn render_text() -> String {
    let mut out = format!(
        "{} accelerators. Peaks are dense TFLOP/s; * = the vendor printed only a \
         \"with sparsity\" figure, halved here; the default training precision is in [ ].\n\
         Default price: {DEFAULT_PRICE_RULE}\n",
        CATALOG.len()
    );
    for a in CATALOG {
        out.push('\n');
        out.push_str(&format!("{}  {} ({})\n", a.id, a.name, a.vendor.name()));
        out.push_str(&format!("  peaks:  {}\n", peaks(a)));
        out.push_str(&format!("  memory: {}\n", memory(a)));
        out.push_str(&format!("  price:  {}\n", price(a)));
    }
    out
}

fn peaks(a: &Accelerator) -> String {
    let default = default_precision(a);
    a.peaks
        .iter()
        .map(|p| {
            let figure = format!(
                "{} {}{}",
                p.precision.label(),
                trimmed(p.peak_flops_per_s / 1e12, 2),
                if p.derived_from_sparse { "*" } else { "" }
            );
            if p.precision == default {
                format!("[{figure}]")
            } else {
                figure
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

fn memory(a: &Accelerator) -> String {
    let mut parts = vec![format!("{} GB", trimmed(a.memory_bytes as f64 / 1e9, 1))];
    if let Some(bandwidth) = a.memory_bandwidth_bytes_per_s {
        parts.push(format!("{} GB/s", trimmed(bandwidth / 1e9, 1)));
    }
    if let Some(watts) = a.board_power_w {
        parts.push(format!("{} W", trimmed(watts, 0)));
    }
    parts.join(", ")
}

fn price(a: &Accelerator) -> String {
    let others = prices_for(a.id).count();
    match default_price(a.id) {
        Some(p) => {
            let more = match others.saturating_sub(1) {
                0 => String::new(),
                1 => " (+1 other quote)".to_string(),
                n => format!(" (+{n} other quotes)"),
            };
            format!(
                "${:.2}/accelerator-hour, {} {}, {}, dated {}{more}",
                p.usd_per_accelerator_hour,
                p.provider,
                p.sku,
                p.pricing.label(),
                p.date
            )
        }
        None if others > 0 => format!(
            "no on-demand price known ({others} other quote{}); give your own",
            if others == 1 { "" } else { "s" }
        ),
        None => "no public price; give your own".to_string(),
    }
}

/// `x` with at most `decimals` decimals and no trailing zeros: 989.5, 312, 362.05.
fn trimmed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str, id: &str) -> String {
        let start = format!("\n{id}  ");
        text.split("\n\n")
            .find(|b| format!("\n{b}").starts_with(&start))
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn text_lists_every_catalog_accelerator() {
        let text = render(false);
        for a in CATALOG {
            assert!(!block(&text, a.id).is_empty(), "{} missing", a.id);
        }
    }

    #[test]
    fn text_marks_halved_sparse_peaks_and_the_default_precision() {
        let h100 = block(&render(false), "h100-sxm5-80gb");
        assert!(h100.contains("[BF16 989.5*]"), "{h100}");
        assert!(h100.contains("FP32 67 "), "{h100}");
        let a100 = block(&render(false), "a100-sxm4-80gb");
        assert!(a100.contains("[BF16 312]"), "{a100}");
        let v100 = block(&render(false), "v100-sxm2");
        assert!(v100.contains("[FP16 125]"), "{v100}");
    }

    #[test]
    fn text_shows_memory_and_a_dated_default_price() {
        let h100 = block(&render(false), "h100-sxm5-80gb");
        assert!(h100.contains("80 GB, 3350 GB/s, 700 W"), "{h100}");
        assert!(h100.contains("$6.16/accelerator-hour, CoreWeave"), "{h100}");
        assert!(h100.contains("dated 2026-09-20"), "{h100}");
    }

    #[test]
    fn text_says_when_no_price_is_known() {
        let gaudi = block(&render(false), "gaudi3");
        assert!(gaudi.contains("no public price; give your own"), "{gaudi}");
        let h800 = block(&render(false), "h800-sxm5-80gb");
        assert!(
            h800.contains("no on-demand price known (1 other quote)"),
            "{h800}"
        );
    }

    #[test]
    fn json_is_an_array_of_the_catalog_with_prices() {
        let value: serde_json::Value =
            serde_json::from_str(&render(true)).unwrap_or(serde_json::Value::Null);
        let entries = value.as_array().map(Vec::as_slice).unwrap_or_default();
        assert_eq!(entries.len(), CATALOG.len());
        let h100 = entries.iter().find(|e| e["id"] == "h100-sxm5-80gb");
        let h100 = h100.cloned().unwrap_or_default();
        assert_eq!(h100["vendor"], "NVIDIA");
        assert_eq!(h100["memory_bytes"], 80_000_000_000u64);
        assert_eq!(h100["default_precision"], "bf16");
        assert_eq!(h100["peaks"][2]["precision"], "bf16");
        assert_eq!(h100["peaks"][2]["peak_flops_per_s"], 989.5e12);
        assert_eq!(h100["peaks"][2]["derived_from_sparse"], true);
        assert_eq!(h100["default_price"]["provider"], "CoreWeave");
        assert_eq!(h100["default_price"]["date"], "2026-09-20");
        assert!(h100["prices"].as_array().is_some_and(|p| p.len() > 5));
        let gaudi = entries.iter().find(|e| e["id"] == "gaudi3");
        assert_eq!(gaudi.map(|g| g["default_price"].is_null()), Some(true));
    }

    #[test]
    fn trimmed_drops_trailing_zeros_only() {
        assert_eq!(trimmed(989.5, 2), "989.5");
        assert_eq!(trimmed(312.0, 2), "312");
        assert_eq!(trimmed(362.05, 2), "362.05");
        assert_eq!(trimmed(700.0, 0), "700");
        assert_eq!(trimmed(1500.0, 1), "1500");
    }
}
