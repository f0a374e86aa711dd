//! The time & cost tables: the same workload across accelerators, and across
//! accelerator counts.
//!
//! This module owns the two tables' rows ([`TableRow`]), which rows are marked
//! fastest and cheapest, and the sort orders. Core computes them; the page and
//! the CLI only render. Each row is [`crate::cost::time_and_cost_band`] plus
//! [`crate::memory::memory_fit`] for one accelerator at one count, with the
//! peak and price it used. It deliberately does not format numbers
//! ([`crate::format`]) and knows nothing about models: the workload arrives as
//! total FLOPs and a parameter count.

use serde::Serialize;

use crate::cost::{time_and_cost_band, MfuBand, TimeCostBand, TimeCostInputs};
use crate::hardware::{default_precision, Accelerator, AcceleratorInUse, Precision, PriceUsed};
use crate::memory::{memory_fit, MemoryFit};

/// What is being trained, as the tables need it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Workload {
    /// Total training FLOPs.
    pub total_flops: f64,
    /// Parameters whose training state must be held in memory.
    pub n_params: u64,
    /// Training-state bytes per parameter (16 for mixed-precision Adam).
    pub bytes_per_param: f64,
    /// MFU assumed; [`MfuBand::point`] for a single value.
    pub mfu: MfuBand,
}

/// One row of either table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TableRow {
    /// The accelerator and the precision used.
    pub accelerator: AcceleratorInUse,
    /// The dense peak used, FLOP/s.
    pub peak_flops_per_s: f64,
    pub n_accelerators: u64,
    /// Time, accelerator-hours and cost at both ends of the MFU band (equal
    /// ends for a single MFU). Cost is `None` when there is no price.
    pub time_cost: TimeCostBand,
    /// The price used, with its provider and date when it is a listed one.
    pub price: Option<PriceUsed>,
    /// The memory check; `None` for a custom accelerator with no memory given.
    pub memory: Option<MemoryFit>,
    /// Shortest wall-clock time among the rows that fit in memory (ties all marked).
    pub fastest: bool,
    /// Lowest cost among the priced rows that fit in memory (ties all marked).
    pub cheapest: bool,
}

impl TableRow {
    /// Whether the training state fits; unknown memory counts as fitting.
    pub fn fits(&self) -> bool {
        self.memory.is_none_or(|m| m.fits)
    }

    /// Wall-clock seconds at the band's low MFU (the slow end).
    pub fn wall_seconds(&self) -> f64 {
        self.time_cost.at_low_mfu.wall_seconds
    }

    /// Cost in USD at the band's low MFU (the dear end), if priced.
    pub fn cost_usd(&self) -> Option<f64> {
        self.time_cost.at_low_mfu.cost_usd
    }
}

/// The accelerator counts the by-count table always shows.
pub const STANDARD_COUNTS: [u64; 6] = [8, 64, 256, 1_024, 4_096, 16_384];

/// One row: `accelerator` × `n_accelerators` on `workload`; `None` when the
/// accelerator has no peak (a catalog row built by hand at a precision it
/// lacks).
pub fn row(
    workload: &Workload,
    accelerator: AcceleratorInUse,
    price: Option<PriceUsed>,
    n_accelerators: u64,
) -> Option<TableRow> {
    let peak_flops_per_s = accelerator.peak_flops_per_s()?;
    let inputs = TimeCostInputs {
        total_flops: workload.total_flops,
        peak_flops_per_s,
        n_accelerators,
        mfu: workload.mfu.low,
        usd_per_accelerator_hour: price.map(|p| p.usd_per_accelerator_hour()),
    };
    Some(TableRow {
        accelerator,
        peak_flops_per_s,
        n_accelerators,
        time_cost: time_and_cost_band(&inputs, workload.mfu),
        price,
        memory: accelerator.memory_bytes().map(|memory_bytes| {
            memory_fit(
                workload.n_params,
                workload.bytes_per_param,
                memory_bytes,
                n_accelerators,
            )
        }),
        fastest: false,
        cheapest: false,
    })
}

/// The by-accelerator table: one row per accelerator in `accelerators` (pass
/// [`crate::hardware::CATALOG`] for all), each at `n_accelerators`, at
/// `precision` where it has a figure for it and at its
/// [`default_precision`] otherwise (or when `precision` is `None`), priced at
/// its default price (no price: cost `None`). Rows keep the input order;
/// fastest and cheapest are marked.
pub fn by_accelerator(
    workload: &Workload,
    n_accelerators: u64,
    precision: Option<Precision>,
    accelerators: impl IntoIterator<Item = &'static Accelerator>,
) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = accelerators
        .into_iter()
        .filter_map(|accelerator| {
            let precision = precision
                .filter(|&p| accelerator.supports(p))
                .unwrap_or_else(|| default_precision(accelerator));
            let in_use = AcceleratorInUse::Catalog {
                accelerator,
                precision,
            };
            row(workload, in_use, in_use.default_price(), n_accelerators)
        })
        .collect();
    mark_fastest_and_cheapest(&mut rows);
    rows
}

/// The counts of the by-count table: [`STANDARD_COUNTS`] plus the user's own,
/// sorted, without duplicates or zero.
pub fn table_counts(user_count: Option<u64>) -> Vec<u64> {
    let mut counts: Vec<u64> = STANDARD_COUNTS
        .into_iter()
        .chain(user_count)
        .filter(|&n| n > 0)
        .collect();
    counts.sort_unstable();
    counts.dedup();
    counts
}

/// The by-count table: `accelerator` at each of [`table_counts`], priced at
/// `price`. Rows are in ascending count; fastest and cheapest are marked
/// (cost does not depend on the count, so every priced row that fits is
/// cheapest).
pub fn by_count(
    workload: &Workload,
    accelerator: &AcceleratorInUse,
    price: Option<PriceUsed>,
    user_count: Option<u64>,
) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = table_counts(user_count)
        .into_iter()
        .filter_map(|n| row(workload, *accelerator, price, n))
        .collect();
    mark_fastest_and_cheapest(&mut rows);
    rows
}

/// How to order a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Shortest wall-clock time first.
    Time,
    /// Cheapest first; rows without a price last.
    Cost,
}

/// Sorts rows in place by `key`; equal rows keep their order (ties in cost
/// fall back to time, ties in time to cost).
pub fn sort_rows(rows: &mut [TableRow], key: SortKey) {
    let by_time = |a: &TableRow, b: &TableRow| a.wall_seconds().total_cmp(&b.wall_seconds());
    let by_cost = |a: &TableRow, b: &TableRow| match (a.cost_usd(), b.cost_usd()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    match key {
        SortKey::Time => rows.sort_by(|a, b| by_time(a, b).then_with(|| by_cost(a, b))),
        SortKey::Cost => rows.sort_by(|a, b| by_cost(a, b).then_with(|| by_time(a, b))),
    }
}

/// Relative tolerance within which two rows tie for fastest or cheapest.
const TIE_TOLERANCE: f64 = 1e-9;

fn within_tolerance_of(value: f64, best: f64) -> bool {
    value <= best + TIE_TOLERANCE * best.abs()
}

/// Marks the fastest and the cheapest rows among those that fit in memory.
/// No row is marked when none fits.
fn mark_fastest_and_cheapest(rows: &mut [TableRow]) {
    let fitting = || rows.iter().filter(|r| r.fits());
    let best_time = fitting().map(TableRow::wall_seconds).reduce(f64::min);
    let best_cost = fitting().filter_map(TableRow::cost_usd).reduce(f64::min);
    for r in rows.iter_mut() {
        let fits = r.fits();
        r.fastest =
            fits && best_time.is_some_and(|best| within_tolerance_of(r.wall_seconds(), best));
        r.cheapest = fits
            && best_cost
                .zip(r.cost_usd())
                .is_some_and(|(best, cost)| within_tolerance_of(cost, best));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hardware::{find, CustomAccelerator, CATALOG};

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs())
    }

    /// Llama-2-7B-ish: 6.7e9 params, 2T tokens, 6ND FLOPs.
    fn seven_b(mfu: MfuBand) -> Workload {
        Workload {
            total_flops: 6.0 * 6.7e9 * 2e12,
            n_params: 6_700_000_000,
            bytes_per_param: 16.0,
            mfu,
        }
    }

    fn ids(rows: &[TableRow]) -> Vec<&'static str> {
        rows.iter().map(|r| r.accelerator.id()).collect()
    }

    #[test]
    fn by_accelerator_has_one_row_per_catalog_entry_in_order() {
        let rows = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        let expected: Vec<&str> = CATALOG.iter().map(|a| a.id).collect();
        assert_eq!(ids(&rows), expected);
    }

    #[test]
    fn by_accelerator_uses_each_default_precision_and_price() {
        let rows = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        for r in &rows {
            let AcceleratorInUse::Catalog {
                accelerator,
                precision,
            } = r.accelerator
            else {
                panic!("catalog table has a custom row");
            };
            assert_eq!(precision, default_precision(accelerator));
            assert_eq!(
                r.price.map(|p| p.usd_per_accelerator_hour()),
                crate::hardware::default_price(accelerator.id).map(|p| p.usd_per_accelerator_hour)
            );
            assert_eq!(
                r.cost_usd().is_some(),
                r.price.is_some(),
                "{}",
                accelerator.id
            );
        }
    }

    #[test]
    fn chosen_precision_is_used_only_where_supported() {
        let chosen = [find("h100-sxm5-80gb"), find("a100-sxm4-80gb")];
        let rows = by_accelerator(
            &seven_b(MfuBand::point(0.4)),
            8,
            Some(Precision::Fp8),
            chosen.into_iter().flatten(),
        );
        let precisions: Vec<_> = rows.iter().map(|r| r.accelerator.precision()).collect();
        assert_eq!(precisions, [Some(Precision::Fp8), Some(Precision::Bf16)]);
        assert_eq!(rows[0].peak_flops_per_s, 1979e12);
    }

    #[test]
    fn time_in_a_row_matches_the_formula() {
        let a100 = find("a100-sxm4-80gb").into_iter();
        let rows = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, a100);
        let expected = 6.0 * 6.7e9 * 2e12 / (64.0 * 312e12 * 0.4);
        assert!(close(rows[0].wall_seconds(), expected, 1e-12));
    }

    #[test]
    fn fastest_row_is_the_highest_peak_that_fits() {
        let rows = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        let fastest: Vec<_> = rows
            .iter()
            .filter(|r| r.fastest)
            .map(|r| r.accelerator.id())
            .collect();
        // GB200: 2.5 PFLOP/s dense BF16, the highest in the catalog.
        assert_eq!(fastest, ["gb200-per-gpu"]);
    }

    #[test]
    fn cheapest_row_is_the_lowest_cost_among_priced_rows() {
        let rows = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        let cheapest: Vec<&TableRow> = rows.iter().filter(|r| r.cheapest).collect();
        assert_eq!(cheapest.len(), 1);
        let best = cheapest[0].cost_usd();
        assert!(rows
            .iter()
            .filter_map(TableRow::cost_usd)
            .all(|c| Some(c) >= best));
    }

    #[test]
    fn rows_that_do_not_fit_are_never_marked() {
        // 70B params × 16 B = 1.12 TB; 4 accelerators of ≤ 256 GB cannot hold it.
        let workload = Workload {
            n_params: 70_000_000_000,
            ..seven_b(MfuBand::point(0.4))
        };
        let rows = by_accelerator(&workload, 4, None, CATALOG);
        assert!(rows.iter().all(|r| !r.fits() && !r.fastest && !r.cheapest));
        let rows = by_accelerator(&workload, 16, None, CATALOG);
        let h100 = rows.iter().find(|r| r.accelerator.id() == "h100-sxm5-80gb");
        assert_eq!(
            h100.and_then(|r| r.memory).map(|m| m.min_accelerators),
            Some(14)
        );
        assert!(rows
            .iter()
            .filter(|r| r.fastest || r.cheapest)
            .all(TableRow::fits));
    }

    #[test]
    fn table_counts_add_the_users_count_sorted_and_deduplicated() {
        assert_eq!(table_counts(None), STANDARD_COUNTS);
        assert_eq!(table_counts(Some(64)), STANDARD_COUNTS);
        assert_eq!(table_counts(Some(0)), STANDARD_COUNTS);
        assert_eq!(
            table_counts(Some(2_048)),
            [8, 64, 256, 1_024, 2_048, 4_096, 16_384]
        );
        assert_eq!(table_counts(Some(1))[0], 1);
    }

    #[test]
    fn by_count_time_falls_as_count_rises_and_cost_stays() {
        let h100 = AcceleratorInUse::from_catalog("h100-sxm5-80gb", None);
        let rows: Vec<TableRow> = h100
            .map(|a| {
                by_count(
                    &seven_b(MfuBand::point(0.4)),
                    &a,
                    a.default_price(),
                    Some(100),
                )
            })
            .unwrap_or_default();
        assert_eq!(rows.len(), 7);
        for pair in rows.windows(2) {
            assert!(pair[0].n_accelerators < pair[1].n_accelerators);
            assert!(pair[0].wall_seconds() > pair[1].wall_seconds());
            assert_eq!(pair[0].cost_usd(), pair[1].cost_usd());
        }
        assert!(rows.iter().all(|r| r.cheapest));
        let fastest: Vec<u64> = rows
            .iter()
            .filter(|r| r.fastest)
            .map(|r| r.n_accelerators)
            .collect();
        assert_eq!(fastest, [16_384]);
    }

    #[test]
    fn by_count_works_for_a_custom_accelerator_with_a_typed_price() {
        let custom = AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: 1e15,
            memory_bytes: None,
        });
        let price = PriceUsed::Custom {
            usd_per_accelerator_hour: 3.0,
        };
        let rows = by_count(&seven_b(MfuBand::point(0.5)), &custom, Some(price), None);
        assert_eq!(rows.len(), STANDARD_COUNTS.len());
        assert!(rows.iter().all(|r| r.memory.is_none() && r.fits()));
        let hours = 6.0 * 6.7e9 * 2e12 / (1e15 * 0.5) / 3600.0;
        assert!(close(rows[0].cost_usd().unwrap_or(0.0), hours * 3.0, 1e-12));
    }

    #[test]
    fn mfu_band_gives_a_time_and_cost_range_per_row() {
        let rows = by_accelerator(
            &seven_b(MfuBand {
                low: 0.3,
                high: 0.5,
            }),
            64,
            None,
            find("h100-sxm5-80gb"),
        );
        let tc = rows[0].time_cost;
        assert!(close(
            tc.at_low_mfu.wall_seconds / tc.at_high_mfu.wall_seconds,
            0.5 / 0.3,
            1e-12
        ));
    }

    #[test]
    fn sort_by_time_puts_fastest_first() {
        let mut rows = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        sort_rows(&mut rows, SortKey::Time);
        assert!(rows
            .windows(2)
            .all(|w| w[0].wall_seconds() <= w[1].wall_seconds()));
        assert_eq!(rows[0].accelerator.id(), "gb200-per-gpu");
    }

    #[test]
    fn sort_by_cost_puts_unpriced_rows_last() {
        let mut rows = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        sort_rows(&mut rows, SortKey::Cost);
        let first_unpriced = rows.iter().position(|r| r.cost_usd().is_none());
        let priced = first_unpriced.unwrap_or(rows.len());
        assert!(rows[priced..].iter().all(|r| r.cost_usd().is_none()));
        assert!(rows[..priced]
            .windows(2)
            .all(|w| w[0].cost_usd() <= w[1].cost_usd()));
        assert!(rows[0].cheapest);
    }
}
