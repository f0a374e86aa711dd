//! Dated rental prices per accelerator-hour, and the rule that picks the
//! default one.
//!
//! Every row is copied from `cloud_prices` in
//! `core/data/reference/hardware.json` (provider, SKU, region, pricing model,
//! USD per accelerator-hour, date string, source, notes) and tested against
//! it. Dates stay the free-form strings the sources give, so the page can show
//! a stale default visibly dated. Two rows of the file are left out because
//! the catalog has no such accelerator: AWS `p6-b300.48xlarge` (B300) and
//! CoreWeave GH200.
//!
//! This module does not fetch prices (core does no I/O) and does not convert
//! currencies: every price is a USD list price.

use serde::Serialize;

/// How a price is sold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    /// Pay-as-you-go list price.
    OnDemand,
    /// A catalog rate for a shape that is not actually sold on demand (GCP
    /// 1-GPU A3).
    OnDemandEquivalent,
    /// Interruptible capacity; fluctuates.
    Spot,
    /// AWS EC2 Capacity Blocks (reserved ahead for a fixed window).
    CapacityBlock,
    /// Three-year committed-use discount.
    #[serde(rename = "committed_3yr")]
    Committed3yr,
    /// A reserved rate quoted by a platform (MosaicML).
    Reserved,
    /// A rental price a paper assumed for its cost figure (DeepSeek-V3).
    AssumedRental,
}

impl Pricing {
    pub fn label(self) -> &'static str {
        match self {
            Pricing::OnDemand => "on demand",
            Pricing::OnDemandEquivalent => "on-demand equivalent",
            Pricing::Spot => "spot",
            Pricing::CapacityBlock => "capacity block",
            Pricing::Committed3yr => "3-year commitment",
            Pricing::Reserved => "reserved",
            Pricing::AssumedRental => "assumed rental rate",
        }
    }
}

/// One dated price quote for one catalog accelerator.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CloudPrice {
    /// The catalog id this price is for.
    pub accelerator_id: &'static str,
    pub provider: &'static str,
    pub sku: &'static str,
    pub region: Option<&'static str>,
    pub pricing: Pricing,
    /// USD per accelerator-hour (instance price ÷ accelerators per instance).
    pub usd_per_accelerator_hour: f64,
    /// The date the source gives for the price, as it gives it.
    pub date: &'static str,
    /// True for a price the same provider has since replaced (kept as history).
    pub superseded: bool,
    pub source: &'static str,
    pub notes: Option<&'static str>,
}

/// The price a row of a table or an estimate uses.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceUsed {
    /// A quote from [`PRICES`], with its provider and date.
    Listed(&'static CloudPrice),
    /// A price the user typed, USD per accelerator-hour.
    Custom { usd_per_accelerator_hour: f64 },
}

impl PriceUsed {
    pub fn usd_per_accelerator_hour(&self) -> f64 {
        match self {
            PriceUsed::Listed(price) => price.usd_per_accelerator_hour,
            PriceUsed::Custom {
                usd_per_accelerator_hour,
            } => *usd_per_accelerator_hour,
        }
    }
}

/// The default-price rule, in words, for the page and the docs.
pub const DEFAULT_PRICE_RULE: &str = "The median of the current on-demand list prices \
known for the accelerator (one per SKU; superseded prices, spot, capacity blocks, \
commitments, reserved and on-demand-equivalent rates left out), taking the lower of \
the two middle prices when their number is even, so the default is always a real, \
dated quote from a named provider.";

/// Months from a quote's date to `year`-`month` (the caller's today: core reads
/// no clock). The quote's date is the last `YYYY-MM` in its date text, so
/// "2024-01 to 2025-05 price-list versions" dates from 2025-05. `None` when the
/// text holds no such date; 0 for a date in the future.
pub fn quote_age_months(date: &str, year: u32, month: u32) -> Option<u32> {
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = date.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (quote_year, quote_month) = (0..bytes.len().saturating_sub(6))
        .rev()
        .filter(|&i| bytes.get(i + 4) == Some(&b'-'))
        .find_map(|i| Some((digits(i..i + 4)?, digits(i + 5..i + 7)?)))
        .filter(|&(_, m)| (1..=12).contains(&m))?;
    let now = year * 12 + month;
    let then = quote_year * 12 + quote_month;
    Some(now.saturating_sub(then))
}

/// Every known price for the accelerator with this catalog id, in table order.
pub fn prices_for(accelerator_id: &str) -> impl Iterator<Item = &'static CloudPrice> + '_ {
    PRICES
        .iter()
        .filter(move |p| p.accelerator_id == accelerator_id)
}

/// The default price for the accelerator with this catalog id (see
/// [`DEFAULT_PRICE_RULE`]); `None` when no on-demand price is known, and the
/// page asks the user for one.
///
/// With candidates sorted by price (ties kept in table order), the default is
/// the one at index ⌊(n − 1) / 2⌋.
pub fn default_price(accelerator_id: &str) -> Option<&'static CloudPrice> {
    let mut candidates: Vec<&'static CloudPrice> = prices_for(accelerator_id)
        .filter(|p| p.pricing == Pricing::OnDemand && !p.superseded)
        .collect();
    // A stable sort keeps equal prices in table order.
    candidates.sort_by(|a, b| {
        a.usd_per_accelerator_hour
            .total_cmp(&b.usd_per_accelerator_hour)
    });
    let middle = candidates.len().checked_sub(1)? / 2;
    candidates.get(middle).copied()
}

/// Every price quote flopcast knows, in the reference file's order.
pub const PRICES: &[CloudPrice] = &[
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "AWS",
        sku: "p5.48xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 12.29,
        date: "2024-01 to 2025-05 price-list versions",
        superseded: true,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: Some("Historic price; AWS cut P5 prices in June 2025."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "AWS",
        sku: "p5.48xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 6.88,
        date: "2025-06 to 2026-07 price-list versions",
        superseded: false,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: Some("Post-June-2025 price."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "AWS",
        sku: "p5.4xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 6.88,
        date: "2026-07 price-list version",
        superseded: false,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "AWS",
        sku: "p4d.24xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 4.0966,
        date: "pre-June-2025 price-list versions",
        superseded: true,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: Some("Historic price."),
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "AWS",
        sku: "p4d.24xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.7447,
        date: "2025-06 onward price-list versions",
        superseded: false,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-80gb",
        provider: "AWS",
        sku: "p4de.24xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.4309,
        date: "2026-07 price-list version",
        superseded: false,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h200-sxm-141gb",
        provider: "AWS",
        sku: "p5en.48xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 7.912,
        date: "2026-07 price-list version (same in dstack catalog 2026-08)",
        superseded: false,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h200-sxm-141gb",
        provider: "AWS",
        sku: "p5en.48xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::Spot,
        usd_per_accelerator_hour: 3.3998,
        date: "2026-08",
        superseded: false,
        source: "dstack GPU catalog snapshot (third party)",
        notes: Some("Spot prices fluctuate."),
    },
    CloudPrice {
        accelerator_id: "h200-sxm-141gb",
        provider: "AWS",
        sku: "p5e.48xlarge",
        region: Some("us-east-2"),
        pricing: Pricing::CapacityBlock,
        usd_per_accelerator_hour: 5.4075,
        date: "Capacity Blocks table valid until 2025-01-01 update",
        superseded: false,
        source: "AWS EC2 Capacity Blocks for ML pricing table (via third-party verification doc)",
        notes: Some("No on-demand SKU for p5e in us-east-1 was found in the price list."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "AWS",
        sku: "p5.48xlarge",
        region: Some("us-east-1 / us-east-2"),
        pricing: Pricing::CapacityBlock,
        usd_per_accelerator_hour: 4.9162,
        date: "Capacity Blocks table valid until 2025-01-01 update",
        superseded: false,
        source: "AWS EC2 Capacity Blocks for ML pricing table (via third-party verification doc)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "AWS",
        sku: "p4d.24xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::CapacityBlock,
        usd_per_accelerator_hour: 1.8438,
        date: "Capacity Blocks table valid until 2025-01-01 update",
        superseded: false,
        source: "AWS EC2 Capacity Blocks for ML pricing table (via third-party verification doc)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "b200-hgx",
        provider: "AWS",
        sku: "p6-b200.48xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 14.2416,
        date: "price-list version in the same compilation (~2026-07)",
        superseded: false,
        source: "AWS Price List (Bulk API, AmazonEC2 offer file versions) as collected in a third-party price-verification document; Linux, shared tenancy, on-demand",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "GCP",
        sku: "a3-highgpu-1g",
        region: Some("us-central1"),
        pricing: Pricing::OnDemandEquivalent,
        usd_per_accelerator_hour: 10.9791,
        date: "2026-09-26",
        superseded: false,
        source: "Cloud Billing catalog snapshot in a third-party benchmark repo (silybench-data gpu_prices)",
        notes: Some("1-GPU A3 shapes are sold as Spot/Flex-start only; this is the catalog's on-demand-equivalent SKU rate."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "GCP",
        sku: "a3-highgpu-1g",
        region: Some("us-central1"),
        pricing: Pricing::Spot,
        usd_per_accelerator_hour: 6.571,
        date: "2026-09-26",
        superseded: false,
        source: "Cloud Billing catalog snapshot (silybench-data gpu_prices)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h200-sxm-141gb",
        provider: "GCP",
        sku: "a3-ultragpu-8g",
        region: Some("us-central1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 10.4365,
        date: "2026-10-13",
        superseded: false,
        source: "tanod/cloud-gpu-list-prices (HF dataset snapshot)",
        notes: Some("Per-GPU-hour rate."),
    },
    CloudPrice {
        accelerator_id: "h200-sxm-141gb",
        provider: "GCP",
        sku: "a3-ultragpu-8g",
        region: Some("us-central1"),
        pricing: Pricing::Spot,
        usd_per_accelerator_hour: 6.2607,
        date: "2026-10-13",
        superseded: false,
        source: "tanod/cloud-gpu-list-prices (HF dataset snapshot)",
        notes: Some("Per-GPU-hour rate."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "GCP",
        sku: "a3-highgpu-8g",
        region: Some("asia-southeast1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 11.06,
        date: "2026-09",
        superseded: false,
        source: "Third-party price compilation",
        notes: Some("Per-GPU-hour rate; same source lists $4.86/GPU-h with 3-year CUD."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "GCP",
        sku: "a3-highgpu-8g",
        region: Some("asia-southeast1"),
        pricing: Pricing::Committed3yr,
        usd_per_accelerator_hour: 4.86,
        date: "2026-09",
        superseded: false,
        source: "Third-party price compilation",
        notes: Some("Per-GPU-hour rate with 3-year committed-use discount."),
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "GCP",
        sku: "a2-highgpu-1g",
        region: Some("us-central1 (assumed)"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.67,
        date: "'as of 2024' (secondary)",
        superseded: false,
        source: "Third-party compilation quoting GCP pricing",
        notes: Some("Approximate (secondary); a2-highgpu-8g ~$29.39/h in the same source. a2-ultragpu (A100 80GB) prices conflicted between sources -> omitted."),
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "GCP",
        sku: "a2-highgpu-8g",
        region: Some("us-central1 (assumed)"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.6738,
        date: "'as of 2024' (secondary)",
        superseded: false,
        source: "Third-party compilation quoting GCP pricing",
        notes: Some("Approximate (secondary)."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "Azure",
        sku: "Standard_ND96isr_H100_v5",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 12.29,
        date: "2026-11-09",
        superseded: false,
        source: "Azure Retail Prices API snapshot, eastus, Linux pay-as-you-go (datareceipts/data-receipts GPU-pricing notebook, read 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "Azure",
        sku: "Standard_ND96asr_v4 (ND A100 v4)",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.3996,
        date: "2026-11-09",
        superseded: false,
        source: "Azure Retail Prices API snapshot, eastus, Linux pay-as-you-go (datareceipts/data-receipts GPU-pricing notebook, read 2026-11-09)",
        notes: Some("ND96amsr_A100_v4 (A100 80GB) not captured."),
    },
    CloudPrice {
        accelerator_id: "a100-pcie-80gb",
        provider: "Azure",
        sku: "Standard_NC24ads_A100_v4",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.673,
        date: "2026-11-09",
        superseded: false,
        source: "Azure Retail Prices API snapshot, eastus, Linux pay-as-you-go (datareceipts/data-receipts GPU-pricing notebook, read 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-nvl-94gb",
        provider: "Azure",
        sku: "Standard_NC40ads_H100_v5",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 6.98,
        date: "2026-11-09",
        superseded: false,
        source: "Azure Retail Prices API snapshot, eastus, Linux pay-as-you-go (datareceipts/data-receipts GPU-pricing notebook, read 2026-11-09)",
        notes: Some("Multi-GPU NC sizes (NC48ads/NC96ads A100, NC80adis H100) omitted: captured figures were inconsistent with per-VM vs per-GPU units."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "Lambda",
        sku: "1x H100 SXM",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 4.29,
        date: "2026-09-25",
        superseded: false,
        source: "Lambda public pricing page snapshot (silybench-data gpu_prices, 2026-09-25)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "Lambda",
        sku: "8x H100 SXM",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.99,
        date: "2026-09-25",
        superseded: false,
        source: "Lambda public pricing page snapshot (silybench-data gpu_prices, 2026-09-25)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-pcie-80gb",
        provider: "Lambda",
        sku: "1x H100 PCIe",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.29,
        date: "2026-09-25",
        superseded: false,
        source: "Lambda public pricing page snapshot (silybench-data gpu_prices, 2026-09-25)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "Lambda",
        sku: "A100 SXM 40GB",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.99,
        date: "effective 2026-11-16",
        superseded: false,
        source: "Lambda pricing snapshot (third party)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "CoreWeave",
        sku: "HGX H100 (8 GPU)",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 6.155,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: Some("Reserved capacity advertised as 'up to 60%' off on-demand."),
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "CoreWeave",
        sku: "HGX H100 (8 GPU)",
        region: None,
        pricing: Pricing::Spot,
        usd_per_accelerator_hour: 2.4638,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h200-sxm-141gb",
        provider: "CoreWeave",
        sku: "HGX H200 (8 GPU)",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 6.305,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: Some("Reserved capacity advertised as 'up to 60%' off on-demand."),
    },
    CloudPrice {
        accelerator_id: "h200-sxm-141gb",
        provider: "CoreWeave",
        sku: "HGX H200 (8 GPU)",
        region: None,
        pricing: Pricing::Spot,
        usd_per_accelerator_hour: 2.6162,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "b200-hgx",
        provider: "CoreWeave",
        sku: "HGX B200 (8 GPU)",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 8.6,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: Some("Reserved capacity advertised as 'up to 60%' off on-demand."),
    },
    CloudPrice {
        accelerator_id: "b200-hgx",
        provider: "CoreWeave",
        sku: "HGX B200 (8 GPU)",
        region: None,
        pricing: Pricing::Spot,
        usd_per_accelerator_hour: 4.2637,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-80gb",
        provider: "CoreWeave",
        sku: "A100 80GB (8 GPU)",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.7,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: Some("Reserved capacity advertised as 'up to 60%' off on-demand."),
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-80gb",
        provider: "CoreWeave",
        sku: "A100 80GB (8 GPU)",
        region: None,
        pricing: Pricing::Spot,
        usd_per_accelerator_hour: 1.2063,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "l40s",
        provider: "CoreWeave",
        sku: "L40S (8 GPU)",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.25,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: Some("Reserved capacity advertised as 'up to 60%' off on-demand."),
    },
    CloudPrice {
        accelerator_id: "gb200-per-gpu",
        provider: "CoreWeave",
        sku: "GB200 NVL72 (priced per 4-GPU node)",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 10.5,
        date: "2026-09-20",
        superseded: false,
        source: "CoreWeave pricing page snapshot (api-evangelist/coreweave plans, 2026-09-20)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "RunPod",
        sku: "Secure Cloud H100 SXM",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.99,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: Some("CONFLICT: a 2026-09-25 snapshot listed Secure H100 SXM at $3.49."),
    },
    CloudPrice {
        accelerator_id: "h100-pcie-80gb",
        provider: "RunPod",
        sku: "Secure Cloud H100 PCIe",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.89,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-nvl-94gb",
        provider: "RunPod",
        sku: "Secure Cloud H100 NVL",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.19,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-80gb",
        provider: "RunPod",
        sku: "Secure Cloud A100 SXM 80GB",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.79,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-pcie-80gb",
        provider: "RunPod",
        sku: "Secure Cloud A100 PCIe 80GB",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.79,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-sxm5-80gb",
        provider: "RunPod",
        sku: "Community Cloud H100 SXM",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.69,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-pcie-80gb",
        provider: "RunPod",
        sku: "Community Cloud H100 PCIe",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.99,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h100-nvl-94gb",
        provider: "RunPod",
        sku: "Community Cloud H100 NVL",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.59,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-80gb",
        provider: "RunPod",
        sku: "Community Cloud A100 SXM 80GB",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.39,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-pcie-80gb",
        provider: "RunPod",
        sku: "Community Cloud A100 PCIe 80GB",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.19,
        date: "2026-11-09",
        superseded: false,
        source: "RunPod pricing page snapshot (datareceipts GPU-pricing, 2026-11-09)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "h800-sxm5-80gb",
        provider: "Reference rate (paper)",
        sku: "DeepSeek-V3 cost basis",
        region: None,
        pricing: Pricing::AssumedRental,
        usd_per_accelerator_hour: 2.0,
        date: "2024-12",
        superseded: false,
        source: "DeepSeek-V3 tech report arXiv 2412.19437 Table 1 ('rental price of the H800 is $2 per GPU hour')",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-40gb",
        provider: "Reference rate (blog)",
        sku: "MosaicML platform",
        region: None,
        pricing: Pricing::Reserved,
        usd_per_accelerator_hour: 2.0,
        date: "2023-05",
        superseded: false,
        source: "MosaicML 'Introducing MPT-7B' blog ($2/A100-40GB-h; $2.50/A100-80GB-h)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a100-sxm4-80gb",
        provider: "Reference rate (blog)",
        sku: "MosaicML platform",
        region: None,
        pricing: Pricing::Reserved,
        usd_per_accelerator_hour: 2.5,
        date: "2023-05",
        superseded: false,
        source: "MosaicML 'Introducing MPT-7B' blog",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "tpu-v4",
        provider: "GCP",
        sku: "TPU v4 slice v4-8 (4 chips)",
        region: Some("us-central2"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.22,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Google Cloud TPU on-demand list price (Cloud Billing catalog) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv at commit 017e2502",
        notes: Some("Per-chip rate: the slice's hourly price divided by its chips. v4 slices are named by TensorCores, two per chip."),
    },
    CloudPrice {
        accelerator_id: "tpu-v5e",
        provider: "GCP",
        sku: "TPU v5e slice v5litepod-1 (1 chip)",
        region: Some("us-central1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.2,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Google Cloud TPU on-demand list price (Cloud Billing catalog) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv at commit 017e2502",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "tpu-v5p",
        provider: "GCP",
        sku: "TPU v5p slice v5p-8 (4 chips)",
        region: Some("us-central1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 4.2,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Google Cloud TPU on-demand list price (Cloud Billing catalog) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv at commit 017e2502",
        notes: Some("Per-chip rate: the slice's hourly price divided by its chips. v5p slices are named by TensorCores, two per chip."),
    },
    CloudPrice {
        accelerator_id: "tpu-v6e",
        provider: "GCP",
        sku: "TPU v6e slice v6e-1 (1 chip)",
        region: Some("us-central1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.7,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Google Cloud TPU on-demand list price (Cloud Billing catalog) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv at commit 017e2502",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "l4",
        provider: "AWS",
        sku: "g6.48xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.6688,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "AWS EC2 on-demand list price (Linux, shared tenancy) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v7/aws/vms.csv at commit 001367d2",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "t4",
        provider: "AWS",
        sku: "g4dn.metal",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 0.978,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "AWS EC2 on-demand list price (Linux, shared tenancy) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v7/aws/vms.csv at commit 001367d2",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "t4",
        provider: "Azure",
        sku: "Standard_NC64as_T4_v3",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.088,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Azure pay-as-you-go list price (Linux) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v6/azure/vms.csv at commit 098741e7",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "v100-sxm2",
        provider: "AWS",
        sku: "p3.16xlarge",
        region: Some("us-east-1"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.06,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "AWS EC2 on-demand list price (Linux, shared tenancy) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v7/aws/vms.csv at commit 001367d2",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "v100-sxm2",
        provider: "Azure",
        sku: "Standard_ND40rs_v2",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 2.754,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Azure pay-as-you-go list price (Linux) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v6/azure/vms.csv at commit 098741e7",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "v100-pcie",
        provider: "Azure",
        sku: "Standard_NC24s_v3",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.06,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Azure pay-as-you-go list price (Linux) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v6/azure/vms.csv at commit 098741e7",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a10",
        provider: "Lambda",
        sku: "1x A10",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.29,
        date: "2026-09-25",
        superseded: false,
        source: "Lambda public pricing page snapshot (silybench-data gpu_prices, 2026-09-25)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "a10",
        provider: "Azure",
        sku: "Standard_NV36ads_A10_v5",
        region: Some("eastus"),
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 3.2,
        date: "snapshot read 2026-11-30",
        superseded: false,
        source: "Azure pay-as-you-go list price (Linux) as collected in the SkyPilot catalog, skypilot-org/skypilot-catalog catalogs/v6/azure/vms.csv at commit 098741e7",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "rtx-4090",
        provider: "RunPod",
        sku: "Community Cloud RTX 4090",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 0.34,
        date: "2026-09-25",
        superseded: false,
        source: "RunPod public pricing page snapshot (silybench-data gpu_prices, 2026-09-25)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "rtx-4090",
        provider: "RunPod",
        sku: "Secure Cloud RTX 4090",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 0.74,
        date: "2026-09-25",
        superseded: false,
        source: "RunPod public pricing page snapshot (silybench-data gpu_prices, 2026-09-25)",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "mi300x",
        provider: "Vultr",
        sku: "MI300X",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.85,
        date: "2026-05-18",
        superseded: false,
        source: "Cliff Center research note 'AMD inference economics' (cliffcenter.com/research/amd-inference-economics, 2026-05-18), quoting the providers' listed rates",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "mi300x",
        provider: "TensorWave",
        sku: "MI300X",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.5,
        date: "2026-05-18",
        superseded: false,
        source: "Cliff Center research note 'AMD inference economics' (cliffcenter.com/research/amd-inference-economics, 2026-05-18), quoting the providers' listed rates",
        notes: Some("CONFLICT: gpu.blog's MI300X page lists TensorWave at $1.71."),
    },
    CloudPrice {
        accelerator_id: "mi300x",
        provider: "Azure",
        sku: "MI300X",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 6.0,
        date: "2026-05-18",
        superseded: false,
        source: "Cliff Center research note 'AMD inference economics' (cliffcenter.com/research/amd-inference-economics, 2026-05-18), quoting the providers' listed rates",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "mi300x",
        provider: "Oracle",
        sku: "MI300X",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 6.0,
        date: "2026-05-18",
        superseded: false,
        source: "Cliff Center research note 'AMD inference economics' (cliffcenter.com/research/amd-inference-economics, 2026-05-18), quoting the providers' listed rates",
        notes: None,
    },
    CloudPrice {
        accelerator_id: "mi325x",
        provider: "TensorWave",
        sku: "MI325X",
        region: None,
        pricing: Pricing::OnDemand,
        usd_per_accelerator_hour: 1.95,
        date: "2026-05-18",
        superseded: false,
        source: "Cliff Center research note 'AMD inference economics' (cliffcenter.com/research/amd-inference-economics, 2026-05-18), quoting the providers' listed rates",
        notes: None,
    },
];

#[cfg(test)]
mod age_tests {
    use super::quote_age_months;

    #[test]
    fn quote_age_counts_months_from_the_latest_date_in_the_text() {
        assert_eq!(quote_age_months("2026-11-09", 2026, 11), Some(0));
        assert_eq!(
            quote_age_months("2024-01 to 2025-05 price-list versions", 2026, 11),
            Some(18)
        );
        assert_eq!(quote_age_months("2027-01", 2026, 11), Some(0));
        assert_eq!(quote_age_months("mid 2024", 2026, 11), None);
        assert_eq!(quote_age_months("2025-13", 2026, 11), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_usd(id: &str) -> Option<f64> {
        default_price(id).map(|p| p.usd_per_accelerator_hour)
    }

    #[test]
    fn default_price_is_the_lower_median_of_current_on_demand_quotes() {
        // A100 SXM 40GB on demand, current: 1.99, 2.7447, 3.3996, 3.67, 3.6738.
        assert_eq!(default_usd("a100-sxm4-40gb"), Some(3.3996));
        // H100 SXM: nine current quotes from 2.69 to 12.29; the fifth is 6.155.
        assert_eq!(default_usd("h100-sxm5-80gb"), Some(6.155));
        // B200: 8.6 and 14.2416; the lower middle is 8.6.
        assert_eq!(default_usd("b200-hgx"), Some(8.6));
    }

    #[test]
    fn default_price_ignores_superseded_spot_and_reserved_quotes() {
        let h100 = default_price("h100-sxm5-80gb");
        assert!(h100.is_some_and(|p| p.pricing == Pricing::OnDemand && !p.superseded));
        // The H800's only quote is DeepSeek-V3's assumed rental rate.
        assert_eq!(default_price("h800-sxm5-80gb"), None);
        assert_eq!(prices_for("h800-sxm5-80gb").count(), 1);
    }

    #[test]
    fn accelerators_without_quotes_have_no_default_price() {
        for id in [
            "gaudi3",
            "gaudi2",
            "mi250x",
            "h200-nvl-141gb",
            "no-such-chip",
        ] {
            assert_eq!(default_price(id), None, "{id}");
        }
    }

    #[test]
    fn accelerators_priced_from_public_lists_get_the_lower_median() {
        // MI300X on demand: 1.50 (TensorWave), 1.85 (Vultr), 6.00 (Azure), 6.00 (Oracle).
        assert_eq!(default_usd("mi300x"), Some(1.85));
        // One TPU v4 chip: a v4-8 slice is $12.88 per hour for 4 chips.
        assert_eq!(default_usd("tpu-v4"), Some(3.22));
        assert_eq!(default_usd("l4"), Some(1.6688));
    }

    #[test]
    fn custom_price_is_what_the_user_typed() {
        let price = PriceUsed::Custom {
            usd_per_accelerator_hour: 1.5,
        };
        assert_eq!(price.usd_per_accelerator_hour(), 1.5);
    }
}
