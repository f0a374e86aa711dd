//! The accelerator catalog and its prices: what each chip can do at peak, how
//! much memory it has, and what an hour of it costs to rent.
//!
//! This module owns the [`Precision`] ids, the `const` catalog of
//! [`Accelerator`]s (in `catalog.rs`), the dated [`CloudPrice`] list and the
//! default-price rule (in `prices.rs`), and [`AcceleratorInUse`]: a catalog
//! entry at a chosen precision, or a custom accelerator whose peak the user
//! typed. Every figure is in SI base units (FLOP/s, bytes, bytes/s, W, USD).
//!
//! It deliberately does not turn FLOPs into time or money ([`crate::cost`]),
//! check memory ([`crate::memory`]) or lay out tables ([`crate::tables`]), and
//! it knows nothing about models. Peaks are **dense** figures: a vendor's
//! "with sparsity" number is never a peak here. Where a vendor prints only the
//! sparse figure, the catalog stores it halved and the [`Peak`] says so.
//! Ids are kebab-case, reused from `core/data/reference/hardware.json`, and
//! never renamed: shared links contain them.

mod catalog;
mod prices;

pub use catalog::{CATALOG, CHECKED};
pub use prices::{
    default_price, prices_for, quote_age_months, CloudPrice, PriceUsed, Pricing,
    DEFAULT_PRICE_RULE, PRICES,
};

use serde::Serialize;

/// A number format an accelerator runs matrix multiplies in.
///
/// The ids (`"fp32"`, `"tf32"`, `"bf16"`, `"fp16"`, `"fp8"`, `"fp4"`) appear
/// in shared links and are never renamed. `Fp16` is FP16 with FP32
/// accumulate where the vendor distinguishes (GeForce parts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Fp32,
    Tf32,
    Bf16,
    Fp16,
    Fp8,
    Fp4,
}

impl Precision {
    /// Every precision, widest first.
    pub const ALL: [Precision; 6] = [
        Precision::Fp32,
        Precision::Tf32,
        Precision::Bf16,
        Precision::Fp16,
        Precision::Fp8,
        Precision::Fp4,
    ];

    /// The stable id used in links and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Precision::Fp32 => "fp32",
            Precision::Tf32 => "tf32",
            Precision::Bf16 => "bf16",
            Precision::Fp16 => "fp16",
            Precision::Fp8 => "fp8",
            Precision::Fp4 => "fp4",
        }
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Precision::Fp32 => "FP32",
            Precision::Tf32 => "TF32",
            Precision::Bf16 => "BF16",
            Precision::Fp16 => "FP16",
            Precision::Fp8 => "FP8",
            Precision::Fp4 => "FP4",
        }
    }

    /// The precision with this id, if any.
    pub fn from_id(id: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// Who makes the accelerator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Vendor {
    #[serde(rename = "NVIDIA")]
    Nvidia,
    #[serde(rename = "AMD")]
    Amd,
    #[serde(rename = "Google")]
    Google,
    #[serde(rename = "Intel")]
    Intel,
}

impl Vendor {
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Nvidia => "NVIDIA",
            Vendor::Amd => "AMD",
            Vendor::Google => "Google",
            Vendor::Intel => "Intel",
        }
    }
}

/// Where an accelerator's peak figures were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The vendor's own datasheet, product page, whitepaper or docs.
    Vendor,
    /// A third party quoting the vendor (reseller table, spec compilation);
    /// not re-read in a vendor document.
    ThirdParty,
}

/// One dense peak: the most FLOP/s the accelerator can do at one precision.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Peak {
    pub precision: Precision,
    /// Dense peak, FLOP/s.
    pub peak_flops_per_s: f64,
    /// True when the vendor printed only a "with 2:4 sparsity" figure and this
    /// peak is that figure ÷ 2.
    pub derived_from_sparse: bool,
}

/// One row of the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Accelerator {
    /// Stable kebab-case id (in shared links; never renamed).
    pub id: &'static str,
    pub name: &'static str,
    pub vendor: Vendor,
    /// Dense peaks, one per supported precision, in [`Precision::ALL`] order.
    pub peaks: &'static [Peak],
    pub peaks_provenance: Provenance,
    /// Memory per accelerator, bytes: the vendor's printed GB × 10⁹.
    pub memory_bytes: u64,
    /// Memory bandwidth, bytes/s; `None` where sources conflict.
    pub memory_bandwidth_bytes_per_s: Option<f64>,
    /// Board power (TDP), W; `None` where the vendor publishes none.
    pub board_power_w: Option<f64>,
    /// Where the board power is printed (and whether a vendor stands behind
    /// it); `None` exactly when `board_power_w` is. Energy estimates name it.
    pub board_power_source: Option<&'static str>,
    /// Where the figures come from.
    pub source: &'static str,
    /// The source's own date, where the reference data gives one.
    pub source_date: Option<&'static str>,
    /// When this row was last checked against `core/data/reference/hardware.json`.
    pub checked: &'static str,
    /// Caveats: conflicts between sources, what a figure means.
    pub notes: Option<&'static str>,
}

impl Accelerator {
    /// The dense peak at `precision`, if the accelerator has a figure for it.
    pub fn peak(&self, precision: Precision) -> Option<&'static Peak> {
        self.peaks.iter().find(|p| p.precision == precision)
    }

    /// Dense peak FLOP/s at `precision`, if known.
    pub fn peak_flops_per_s(&self, precision: Precision) -> Option<f64> {
        self.peak(precision).map(|p| p.peak_flops_per_s)
    }

    pub fn supports(&self, precision: Precision) -> bool {
        self.peak(precision).is_some()
    }
}

/// The catalog row with this id.
pub fn find(id: &str) -> Option<&'static Accelerator> {
    CATALOG.iter().find(|a| a.id == id)
}

/// The precision a training run on `accelerator` uses unless the user picks
/// another: BF16 where the accelerator has a BF16 figure, else FP16 (V100,
/// T4, RTX 3090), else FP32.
pub fn default_precision(accelerator: &Accelerator) -> Precision {
    [Precision::Bf16, Precision::Fp16]
        .into_iter()
        .find(|&p| accelerator.supports(p))
        .unwrap_or(Precision::Fp32)
}

/// An accelerator the user typed in: their own dense peak, and optionally
/// memory per accelerator (without it the memory check is skipped). The price
/// is chosen separately ([`PriceUsed::Custom`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CustomAccelerator {
    pub peak_flops_per_s: f64,
    pub memory_bytes: Option<u64>,
}

/// The accelerator a scenario runs on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AcceleratorInUse {
    /// A catalog row at one of its precisions.
    Catalog {
        #[serde(serialize_with = "serialize_id")]
        accelerator: &'static Accelerator,
        precision: Precision,
    },
    /// A peak (and maybe memory) the user typed.
    Custom(CustomAccelerator),
}

impl AcceleratorInUse {
    /// The catalog accelerator `id` at `precision`, or at its
    /// [`default_precision`] when `precision` is `None`. `None` when the id is
    /// unknown or the accelerator has no figure at that precision.
    pub fn from_catalog(id: &str, precision: Option<Precision>) -> Option<AcceleratorInUse> {
        let accelerator = find(id)?;
        let precision = precision.unwrap_or_else(|| default_precision(accelerator));
        accelerator
            .supports(precision)
            .then_some(AcceleratorInUse::Catalog {
                accelerator,
                precision,
            })
    }

    /// The catalog id, or `"custom"`.
    pub fn id(&self) -> &'static str {
        match self {
            AcceleratorInUse::Catalog { accelerator, .. } => accelerator.id,
            AcceleratorInUse::Custom(_) => "custom",
        }
    }

    /// The catalog name, or `"Custom accelerator"`.
    pub fn name(&self) -> &'static str {
        match self {
            AcceleratorInUse::Catalog { accelerator, .. } => accelerator.name,
            AcceleratorInUse::Custom(_) => "Custom accelerator",
        }
    }

    /// The precision in use; `None` for a custom accelerator (its peak is
    /// whatever the user typed).
    pub fn precision(&self) -> Option<Precision> {
        match self {
            AcceleratorInUse::Catalog { precision, .. } => Some(*precision),
            AcceleratorInUse::Custom(_) => None,
        }
    }

    /// Dense peak FLOP/s; `None` only for a catalog row built by hand at a
    /// precision it has no figure for.
    pub fn peak_flops_per_s(&self) -> Option<f64> {
        match self {
            AcceleratorInUse::Catalog {
                accelerator,
                precision,
            } => accelerator.peak_flops_per_s(*precision),
            AcceleratorInUse::Custom(custom) => Some(custom.peak_flops_per_s),
        }
    }

    /// Memory per accelerator, bytes; `None` for a custom accelerator without it.
    pub fn memory_bytes(&self) -> Option<u64> {
        match self {
            AcceleratorInUse::Catalog { accelerator, .. } => Some(accelerator.memory_bytes),
            AcceleratorInUse::Custom(custom) => custom.memory_bytes,
        }
    }

    /// The catalog's default price for this accelerator; `None` for a custom
    /// one or where no price is known.
    pub fn default_price(&self) -> Option<PriceUsed> {
        match self {
            AcceleratorInUse::Catalog { accelerator, .. } => {
                default_price(accelerator.id).map(PriceUsed::Listed)
            }
            AcceleratorInUse::Custom(_) => None,
        }
    }
}

fn serialize_id<S: serde::Serializer>(
    accelerator: &&'static Accelerator,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(accelerator.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page groups the catalog by vendor under `Vendor::name`, and each
    /// accelerator's own name starts with it.
    #[test]
    fn every_accelerator_is_named_after_its_vendor() {
        for a in CATALOG {
            assert!(a.name.starts_with(a.vendor.name()), "{}", a.name);
        }
        let vendors: std::collections::BTreeSet<&str> =
            CATALOG.iter().map(|a| a.vendor.name()).collect();
        assert_eq!(
            vendors.into_iter().collect::<Vec<_>>(),
            ["AMD", "Google", "Intel", "NVIDIA"]
        );
    }

    #[test]
    fn precision_ids_round_trip() {
        for p in Precision::ALL {
            assert_eq!(Precision::from_id(p.id()), Some(p));
        }
        assert_eq!(Precision::from_id("int8"), None);
    }

    #[test]
    fn precision_serializes_as_its_id() {
        for p in Precision::ALL {
            assert_eq!(
                serde_json::to_string(&p).ok(),
                Some(format!("\"{}\"", p.id()))
            );
        }
    }

    #[test]
    fn default_precision_is_bf16_where_supported_else_fp16() {
        let of = |id: &str| find(id).map(default_precision);
        assert_eq!(of("h100-sxm5-80gb"), Some(Precision::Bf16));
        assert_eq!(of("tpu-v4"), Some(Precision::Bf16));
        assert_eq!(of("v100-sxm2"), Some(Precision::Fp16));
        assert_eq!(of("v100-pcie"), Some(Precision::Fp16));
        assert_eq!(of("t4"), Some(Precision::Fp16));
    }

    #[test]
    fn every_catalog_row_has_a_peak_at_its_default_precision() {
        for a in CATALOG {
            assert!(a.supports(default_precision(a)), "{}", a.id);
        }
    }

    #[test]
    fn from_catalog_uses_default_precision_when_none_is_chosen() {
        let chosen = AcceleratorInUse::from_catalog("a100-sxm4-80gb", None);
        assert_eq!(chosen.and_then(|a| a.precision()), Some(Precision::Bf16));
        assert_eq!(
            chosen.and_then(|a| a.peak_flops_per_s()),
            Some(312.0e12),
            "A100 dense BF16 is 312 TFLOP/s"
        );
    }

    #[test]
    fn from_catalog_refuses_unknown_ids_and_unsupported_precisions() {
        assert_eq!(AcceleratorInUse::from_catalog("no-such-chip", None), None);
        assert_eq!(
            AcceleratorInUse::from_catalog("a100-sxm4-80gb", Some(Precision::Fp8)),
            None
        );
    }

    #[test]
    fn custom_accelerator_uses_the_typed_peak_and_has_no_default_price() {
        let custom = AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: 5.0e14,
            memory_bytes: None,
        });
        assert_eq!(custom.peak_flops_per_s(), Some(5.0e14));
        assert_eq!(custom.memory_bytes(), None);
        assert_eq!(custom.default_price(), None);
        assert_eq!(custom.id(), "custom");
    }

    #[test]
    fn h100_bf16_peak_is_half_the_sparse_figure() {
        let h100 = find("h100-sxm5-80gb");
        let peak = h100.and_then(|a| a.peak(Precision::Bf16));
        assert_eq!(peak.map(|p| p.peak_flops_per_s), Some(989.5e12));
        assert_eq!(peak.map(|p| p.derived_from_sparse), Some(true));
    }

    #[test]
    fn accelerator_in_use_serializes_the_catalog_id_only() {
        let chosen = AcceleratorInUse::from_catalog("l4", None);
        let json = chosen.and_then(|c| serde_json::to_string(&c).ok());
        assert_eq!(
            json.as_deref(),
            Some(r#"{"kind":"catalog","accelerator":"l4","precision":"bf16"}"#)
        );
    }
}
