//! The time & cost tables: the same workload across accelerators, and across
//! accelerator counts.
//!
//! This module owns the two tables' rows ([`TableRow`]), the "best" marks
//! (fastest, cheapest: ties marked as ties, a mark that would fall on every
//! row left out with the reason), the sort orders, and the words a table
//! shows about itself: a caption saying what each row assumes, and each
//! row's precision and price as text, and its energy and emissions cells
//! ([`crate::energy`]) under the settings passed in. Core computes them; the page and the
//! CLI only render. Each row is [`crate::cost::time_and_cost_band`] plus
//! [`crate::memory::memory_fit`] for one accelerator at one count, with the
//! peak and price it used. It deliberately knows nothing about models: the
//! workload arrives as total FLOPs and a parameter count.

use serde::Serialize;

use crate::cost::{time_and_cost_band, MfuBand, TimeCostBand, TimeCostInputs};
use crate::energy::{energy_estimate, EnergyEstimate, EnergySettings};
use crate::format;
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

/// Whether a row is the best in a table on one count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Best {
    /// Not the best (or the mark is left out of the table).
    #[default]
    No,
    /// The best, alone.
    Only,
    /// Tied for the best with other rows.
    Tied,
}

impl Best {
    pub fn is_best(self) -> bool {
        self != Best::No
    }
}

/// One row of either table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TableRow {
    /// The accelerator and the precision used.
    pub accelerator: AcceleratorInUse,
    /// The precision the scenario asked for where this accelerator has no
    /// figure for it and so uses its default; `None` when it uses what was
    /// asked (or nothing was: a custom accelerator).
    pub precision_fallback_from: Option<Precision>,
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
    /// The scenario's own row: exactly its accelerator, precision, count and
    /// price, so its figures are the headline's.
    pub yours: bool,
    /// Shortest wall-clock time among the rows that fit in memory.
    pub fastest: Best,
    /// Lowest cost among the priced rows that fit in memory.
    pub cheapest: Best,
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

    /// The precision column: "FP8", or "BF16 (no FP8)" where the scenario's
    /// precision is not supported; "custom" for a custom accelerator.
    pub fn precision_text(&self) -> String {
        match (self.accelerator.precision(), self.precision_fallback_from) {
            (None, _) => "custom".to_string(),
            (Some(used), None) => used.label().to_string(),
            (Some(used), Some(wanted)) => format!("{} (no {})", used.label(), wanted.label()),
        }
    }

    /// The price column: "$6.16/h CoreWeave", "$2.00/h yours", or
    /// "no public price".
    pub fn price_text(&self) -> String {
        match self.price {
            Some(PriceUsed::Listed(q)) => {
                format!(
                    "{} {}",
                    format::usd_per_hour(q.usd_per_accelerator_hour),
                    q.provider
                )
            }
            Some(PriceUsed::Custom {
                usd_per_accelerator_hour,
            }) => format!("{} yours", format::usd_per_hour(usd_per_accelerator_hour)),
            None => "no public price".to_string(),
        }
    }

    /// The time column, low to high in one unit: "63–71 days".
    pub fn time_text(&self) -> String {
        self.time_cost.time_text()
    }

    /// The accelerator-hours column: "1.2M–1.4M".
    pub fn hours_text(&self) -> String {
        self.time_cost.hours_text()
    }

    /// The cost column: "$507k–$571k", or "no price".
    pub fn cost_text(&self) -> String {
        self.time_cost
            .cost_text()
            .unwrap_or_else(|| "no price".to_string())
    }

    /// The memory column: "fits with TP 1 · PP 1 · DP 1,024 · ZeRO 1",
    /// "needs ≥ 14", or "not checked" (see [`MemoryFit::text`]).
    pub fn memory_text(&self) -> String {
        match self.memory {
            None => "not checked".to_string(),
            Some(m) => m.text(),
        }
    }

    /// The "Best" column: "fastest", "cheapest (tied)", "fastest, cheapest",
    /// or empty.
    pub fn marks(&self) -> String {
        let mut marks = Vec::new();
        for (best, word) in [(self.fastest, "fastest"), (self.cheapest, "cheapest")] {
            match best {
                Best::No => {}
                Best::Only => marks.push(word.to_string()),
                Best::Tied => marks.push(format!("{word} (tied)")),
            }
        }
        marks.join(", ")
    }
}

/// The energy cells of a row, from [`crate::energy`]. The rows do not carry
/// the energy settings: the page and the CLI pass the scenario's. The
/// scenario's own row gives exactly the headline's figures (same accelerator,
/// same time and cost band).
impl TableRow {
    /// Energy and emissions for this row under `settings`.
    pub fn energy(&self, settings: &EnergySettings) -> EnergyEstimate {
        energy_estimate(settings, &self.accelerator, &self.time_cost)
    }

    /// The energy column: "3.52–4.1 GWh", or "no power figure".
    pub fn energy_text(&self, settings: &EnergySettings) -> String {
        self.energy(settings).energy_text()
    }

    /// The emissions column: "1,300–1,510 t CO₂e", "0 t CO₂e (market-based)",
    /// or "no power figure".
    pub fn emissions_text(&self, settings: &EnergySettings) -> String {
        self.energy(settings).emissions_text()
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
        precision_fallback_from: None,
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
        yours: false,
        fastest: Best::No,
        cheapest: Best::No,
    })
}

/// The by-accelerator table: one row per accelerator in `accelerators` (pass
/// [`crate::hardware::CATALOG`] for all), each at `n_accelerators`, at
/// `precision` where it has a figure for it and at its [`default_precision`]
/// otherwise (the row then says so), priced at its default price (no price:
/// cost `None`). `yours` replaces the row of the same accelerator (or, for a
/// custom accelerator, comes first): it is the scenario's own row, at its own
/// precision and price. Rows keep the input order; the marks are set.
pub fn by_accelerator(
    workload: &Workload,
    n_accelerators: u64,
    precision: Option<Precision>,
    accelerators: impl IntoIterator<Item = &'static Accelerator>,
    yours: Option<(AcceleratorInUse, Option<PriceUsed>)>,
) -> Table {
    let your_row = yours.and_then(|(accelerator, price)| {
        row(workload, accelerator, price, n_accelerators).map(|r| TableRow { yours: true, ..r })
    });
    let mut rows: Vec<TableRow> = Vec::new();
    if let Some(r) = your_row.filter(|r| matches!(r.accelerator, AcceleratorInUse::Custom(_))) {
        rows.push(r);
    }
    for accelerator in accelerators {
        if let Some(r) = your_row.filter(|r| r.accelerator.id() == accelerator.id) {
            rows.push(r);
            continue;
        }
        let supported = precision.filter(|&p| accelerator.supports(p));
        let used = supported.unwrap_or_else(|| default_precision(accelerator));
        let in_use = AcceleratorInUse::Catalog {
            accelerator,
            precision: used,
        };
        if let Some(r) = row(workload, in_use, in_use.default_price(), n_accelerators) {
            rows.push(TableRow {
                precision_fallback_from: precision.filter(|&p| p != used),
                ..r
            });
        }
    }
    let omitted = mark(&mut rows, TableKind::ByAccelerator);
    Table {
        kind: TableKind::ByAccelerator,
        rows,
        caption: String::new(),
        omitted_marks: omitted,
        sort: None,
    }
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
/// `price`; the row at `user_count` is marked as yours. Rows are in ascending
/// count. Cost does not depend on the count, so "cheapest" would fall on
/// every row that fits: it is left out, with the reason in
/// [`Table::omitted_marks`].
pub fn by_count(
    workload: &Workload,
    accelerator: &AcceleratorInUse,
    price: Option<PriceUsed>,
    user_count: Option<u64>,
) -> Table {
    let mut rows: Vec<TableRow> = table_counts(user_count)
        .into_iter()
        .filter_map(|n| row(workload, *accelerator, price, n))
        .map(|r| TableRow {
            yours: Some(r.n_accelerators) == user_count,
            ..r
        })
        .collect();
    let omitted = mark(&mut rows, TableKind::ByCount);
    Table {
        kind: TableKind::ByCount,
        rows,
        caption: String::new(),
        omitted_marks: omitted,
        sort: None,
    }
}

/// Which of the two tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Every accelerator at the scenario's count.
    ByAccelerator,
    /// The scenario's accelerator at several counts.
    ByCount,
}

/// A table as the page and the exports show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    pub kind: TableKind,
    /// In the sort order asked for (the table's own order without one).
    pub rows: Vec<TableRow>,
    /// What each row assumes, in a sentence or two.
    pub caption: String,
    /// Marks left out because they would fall on every row, each with why:
    /// said once, under the table.
    pub omitted_marks: Vec<String>,
    /// The sort applied, if any.
    pub sort: Option<Sort>,
}

impl Table {
    /// Sorts the rows and records the sort.
    pub fn sorted(mut self, sort: Option<Sort>) -> Table {
        if let Some(sort) = sort {
            sort_by(&mut self.rows, sort);
        }
        self.sort = sort;
        self
    }

    /// The scenario's own row, if the table has it.
    pub fn yours(&self) -> Option<&TableRow> {
        self.rows.iter().find(|r| r.yours)
    }

    /// Replaces each row's memory check by `fit` (the layout search's, which
    /// the tables' workload cannot make on its own) and sets the marks again
    /// among the rows that now fit. Call before [`Table::sorted`].
    pub fn with_memory(mut self, fit: impl Fn(&TableRow) -> Option<MemoryFit>) -> Table {
        for r in self.rows.iter_mut() {
            r.memory = fit(r);
        }
        self.omitted_marks = mark(&mut self.rows, self.kind);
        self
    }
}

/// What a table can be sorted by: one key per column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Shortest wall-clock time first.
    Time,
    /// Cheapest first; rows without a price last.
    Cost,
    /// The first column: the accelerator's name, or the count.
    Label,
    /// Dense peak used.
    Peak,
    /// Accelerator-hours.
    AcceleratorHours,
    /// The fewest accelerators the training state needs (unknown last).
    Memory,
}

impl SortKey {
    /// Every key, in column order.
    pub const ALL: [SortKey; 6] = [
        SortKey::Label,
        SortKey::Peak,
        SortKey::Time,
        SortKey::AcceleratorHours,
        SortKey::Cost,
        SortKey::Memory,
    ];

    /// The stable id used in links: never renamed.
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Time => "time",
            SortKey::Cost => "cost",
            SortKey::Label => "label",
            SortKey::Peak => "peak",
            SortKey::AcceleratorHours => "hours",
            SortKey::Memory => "memory",
        }
    }

    pub fn from_id(id: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Sort {
    pub key: SortKey,
    /// Largest first (rows without a value stay last either way).
    pub descending: bool,
}

impl Sort {
    pub fn ascending(key: SortKey) -> Sort {
        Sort {
            key,
            descending: false,
        }
    }

    /// The link's text: `time`, `cost.desc`.
    pub fn id(self) -> String {
        if self.descending {
            format!("{}.desc", self.key.id())
        } else {
            self.key.id().to_string()
        }
    }

    /// Reads [`Sort::id`]'s text back.
    pub fn from_id(text: &str) -> Option<Sort> {
        let (key, descending) = match text.strip_suffix(".desc") {
            Some(key) => (key, true),
            None => (text.strip_suffix(".asc").unwrap_or(text), false),
        };
        SortKey::from_id(key).map(|key| Sort { key, descending })
    }

    /// What a click on a column header gives: that column ascending, or the
    /// other way round when it is already sorted by it.
    pub fn toggled(current: Option<Sort>, key: SortKey) -> Sort {
        match current {
            Some(s) if s.key == key => Sort {
                key,
                descending: !s.descending,
            },
            _ => Sort::ascending(key),
        }
    }
}

/// Sorts rows in place by `key`, smallest first; equal rows keep their
/// order (ties in cost fall back to time, ties in time to cost).
pub fn sort_rows(rows: &mut [TableRow], key: SortKey) {
    sort_by(rows, Sort::ascending(key));
}

/// Sorts rows in place by a column and direction. Rows without a value
/// (no price, no memory check) stay last in either direction; equal rows keep
/// their order.
pub fn sort_by(rows: &mut [TableRow], sort: Sort) {
    use std::cmp::Ordering;
    let missing_last = |a: Option<f64>, b: Option<f64>, descending: bool| match (a, b) {
        (Some(x), Some(y)) if descending => y.total_cmp(&x),
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let value = |r: &TableRow, key: SortKey| -> Option<f64> {
        match key {
            SortKey::Time => Some(r.wall_seconds()),
            SortKey::Cost => r.cost_usd(),
            SortKey::Label => Some(r.n_accelerators as f64),
            SortKey::Peak => Some(r.peak_flops_per_s),
            SortKey::AcceleratorHours => Some(r.time_cost.at_low_mfu.accelerator_hours),
            SortKey::Memory => r.memory.map(|m| m.min_accelerators as f64),
        }
    };
    let d = sort.descending;
    rows.sort_by(|a, b| {
        let primary = if sort.key == SortKey::Label && a.accelerator.id() != b.accelerator.id() {
            let order = a.accelerator.name().cmp(b.accelerator.name());
            if d {
                order.reverse()
            } else {
                order
            }
        } else {
            missing_last(value(a, sort.key), value(b, sort.key), d)
        };
        let tie = match sort.key {
            SortKey::Cost => missing_last(value(a, SortKey::Time), value(b, SortKey::Time), d),
            _ => missing_last(value(a, SortKey::Cost), value(b, SortKey::Cost), d),
        };
        primary.then(tie)
    });
}

/// Relative tolerance within which two rows tie for fastest or cheapest.
const TIE_TOLERANCE: f64 = 1e-9;

fn within_tolerance_of(value: f64, best: f64) -> bool {
    value <= best + TIE_TOLERANCE * best.abs()
}

/// Marks the rows best on `value` among the candidates (rows that fit, with
/// a value): ties as ties. When two or more candidates all tie, the mark
/// would fall on every one of them and tell nothing: none is set and `false`
/// is returned.
fn mark_best(
    rows: &mut [TableRow],
    value: impl Fn(&TableRow) -> Option<f64>,
    set: impl Fn(&mut TableRow, Best),
) -> bool {
    let candidates: Vec<f64> = rows
        .iter()
        .filter(|r| r.fits())
        .filter_map(&value)
        .collect();
    let Some(best) = candidates.iter().copied().reduce(f64::min) else {
        return true;
    };
    let n_best = candidates
        .iter()
        .filter(|&&v| within_tolerance_of(v, best))
        .count();
    if n_best == candidates.len() && n_best > 1 {
        return false;
    }
    let mark = if n_best > 1 { Best::Tied } else { Best::Only };
    for r in rows.iter_mut() {
        let best_here = r.fits() && value(r).is_some_and(|v| within_tolerance_of(v, best));
        set(r, if best_here { mark } else { Best::No });
    }
    true
}

/// Why "cheapest" is never marked in the by-count table.
pub const COST_DOES_NOT_DEPEND_ON_COUNT: &str = "No row is marked cheapest: at a fixed MFU \
the cost is the same at every count (more accelerators finish sooner on the same \
accelerator-hours).";

/// Marks the fastest and the cheapest rows among those that fit in memory,
/// and returns why a mark was left out. A mark that every candidate would get
/// says nothing; in the by-count table "cheapest" never says anything, since
/// cost does not depend on the count.
fn mark(rows: &mut [TableRow], kind: TableKind) -> Vec<String> {
    let mut omitted = Vec::new();
    if !mark_best(rows, |r| Some(r.wall_seconds()), |r, b| r.fastest = b) {
        omitted
            .push("No row is marked fastest: every row that fits takes the same time.".to_string());
    }
    let priced = rows.iter().filter(|r| r.cost_usd().is_some()).count();
    if kind == TableKind::ByCount && priced > 1 {
        omitted.push(COST_DOES_NOT_DEPEND_ON_COUNT.to_string());
    } else if !mark_best(rows, TableRow::cost_usd, |r, b| r.cheapest = b) {
        omitted.push(
            "No row is marked cheapest: every priced row that fits costs the same.".to_string(),
        );
    }
    omitted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hardware::{find, CustomAccelerator, CATALOG};

    use crate::testing::close;

    /// Llama-2-7B-ish: 6.7e9 params, 2T tokens, 6ND FLOPs.
    fn seven_b(mfu: MfuBand) -> Workload {
        Workload {
            total_flops: 6.0 * 6.7e9 * 2e12,
            n_params: 6_700_000_000,
            bytes_per_param: 16.0,
            mfu,
        }
    }

    /// The by-accelerator rows without a row of the scenario's own.
    fn catalog_rows(
        workload: &Workload,
        n: u64,
        precision: Option<Precision>,
        accelerators: impl IntoIterator<Item = &'static Accelerator>,
    ) -> Vec<TableRow> {
        by_accelerator(workload, n, precision, accelerators, None).rows
    }

    fn ids(rows: &[TableRow]) -> Vec<&'static str> {
        rows.iter().map(|r| r.accelerator.id()).collect()
    }

    #[test]
    fn by_accelerator_has_one_row_per_catalog_entry_in_order() {
        let rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        let expected: Vec<&str> = CATALOG.iter().map(|a| a.id).collect();
        assert_eq!(ids(&rows), expected);
    }

    #[test]
    fn by_accelerator_uses_each_default_precision_and_price() {
        let rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
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
        let rows = catalog_rows(
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
        let rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, a100);
        let expected = 6.0 * 6.7e9 * 2e12 / (64.0 * 312e12 * 0.4);
        assert!(close(rows[0].wall_seconds(), expected, 1e-12));
    }

    #[test]
    fn fastest_row_is_the_highest_peak_that_fits() {
        let rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        let fastest: Vec<_> = rows
            .iter()
            .filter(|r| r.fastest.is_best())
            .map(|r| r.accelerator.id())
            .collect();
        // GB200: 2.5 PFLOP/s dense BF16, the highest in the catalog.
        assert_eq!(fastest, ["gb200-per-gpu"]);
    }

    #[test]
    fn cheapest_row_is_the_lowest_cost_among_priced_rows() {
        let rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        let cheapest: Vec<&TableRow> = rows.iter().filter(|r| r.cheapest.is_best()).collect();
        assert_eq!(cheapest.len(), 1);
        let best = cheapest[0].cost_usd();
        assert!(rows
            .iter()
            .filter_map(TableRow::cost_usd)
            .all(|c| Some(c) >= best));
    }

    #[test]
    fn a_lone_row_that_fits_is_the_fastest_and_the_cheapest() {
        let a100 = find("a100-sxm4-80gb").into_iter();
        let rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, a100);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].fastest, rows[0].cheapest),
            (Best::Only, Best::Only)
        );
    }

    #[test]
    fn rows_that_all_tie_get_no_mark_and_the_table_says_why() {
        // The same accelerator twice: every row that fits takes the same time
        // at the same cost, so a mark would fall on every row and say nothing.
        let a100 = find("a100-sxm4-80gb").expect("in the catalog");
        let table = by_accelerator(&seven_b(MfuBand::point(0.4)), 64, None, [a100, a100], None);
        assert_eq!(table.rows.len(), 2);
        assert!(table.rows.iter().all(|r| r.fits()
            && r.cost_usd().is_some()
            && r.fastest == Best::No
            && r.cheapest == Best::No));
        assert_eq!(
            table.omitted_marks,
            [
                "No row is marked fastest: every row that fits takes the same time.",
                "No row is marked cheapest: every priced row that fits costs the same.",
            ]
        );
    }

    #[test]
    fn rows_a_rounding_error_apart_tie() {
        // Your accelerator 10^-12 slower than the A100 it stands for: the two
        // rows take the same time to every digit shown, so neither is fastest.
        let a100 = find("a100-sxm4-80gb").expect("in the catalog");
        let peak = a100.peak_flops_per_s(Precision::Bf16).expect("a BF16 peak");
        let yours = AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: peak * (1.0 - 1e-12),
            memory_bytes: Some(80_000_000_000),
        });
        let workload = seven_b(MfuBand::point(0.4));
        let table = by_accelerator(&workload, 64, None, [a100], Some((yours, None)));
        assert_eq!(table.rows.len(), 2);
        assert!(table.rows[0].wall_seconds() > table.rows[1].wall_seconds());
        assert!(table.rows.iter().all(|r| r.fits() && r.fastest == Best::No));
        assert_eq!(
            table.omitted_marks[0],
            "No row is marked fastest: every row that fits takes the same time."
        );
    }

    #[test]
    fn rows_that_do_not_fit_are_never_marked() {
        // 70B params × 16 B = 1.12 TB; 4 accelerators of ≤ 256 GB cannot hold it.
        let workload = Workload {
            n_params: 70_000_000_000,
            ..seven_b(MfuBand::point(0.4))
        };
        let rows = catalog_rows(&workload, 4, None, CATALOG);
        assert!(rows
            .iter()
            .all(|r| !r.fits() && !r.fastest.is_best() && !r.cheapest.is_best()));
        let rows = catalog_rows(&workload, 16, None, CATALOG);
        let h100 = rows.iter().find(|r| r.accelerator.id() == "h100-sxm5-80gb");
        assert_eq!(
            h100.and_then(|r| r.memory).map(|m| m.min_accelerators),
            Some(14)
        );
        assert!(rows
            .iter()
            .filter(|r| r.fastest.is_best() || r.cheapest.is_best())
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
                .rows
            })
            .unwrap_or_default();
        assert_eq!(rows.len(), 7);
        for pair in rows.windows(2) {
            assert!(pair[0].n_accelerators < pair[1].n_accelerators);
            assert!(pair[0].wall_seconds() > pair[1].wall_seconds());
            assert_eq!(pair[0].cost_usd(), pair[1].cost_usd());
        }
        // cost does not depend on the count: "cheapest" would fall on every row
        assert!(rows.iter().all(|r| r.cheapest == Best::No));
        let table = |price| {
            h100.map(|a| by_count(&seven_b(MfuBand::point(0.4)), &a, price, Some(100)))
                .expect("H100")
        };
        let priced = table(h100.and_then(|a| a.default_price()));
        assert!(
            priced
                .omitted_marks
                .contains(&COST_DOES_NOT_DEPEND_ON_COUNT.to_string()),
            "{:?}",
            priced.omitted_marks
        );
        // Without a price there is no cost to explain.
        let unpriced = table(None);
        assert!(
            !unpriced
                .omitted_marks
                .iter()
                .any(|m| m.contains("cheapest")),
            "{:?}",
            unpriced.omitted_marks
        );
        let fastest: Vec<u64> = rows
            .iter()
            .filter(|r| r.fastest.is_best())
            .map(|r| r.n_accelerators)
            .collect();
        assert_eq!(fastest, [16_384]);
    }

    /// A custom accelerator of 1 PFLOP/s, unknown memory, at a typed $3 an hour.
    fn custom_at_3_usd() -> (AcceleratorInUse, PriceUsed) {
        let custom = AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: 1e15,
            memory_bytes: None,
        });
        let price = PriceUsed::Custom {
            usd_per_accelerator_hour: 3.0,
        };
        (custom, price)
    }

    #[test]
    fn by_count_works_for_a_custom_accelerator_with_a_typed_price() {
        let (custom, price) = custom_at_3_usd();
        let rows = by_count(&seven_b(MfuBand::point(0.5)), &custom, Some(price), None).rows;
        assert_eq!(rows.len(), STANDARD_COUNTS.len());
        assert!(rows.iter().all(|r| r.memory.is_none() && r.fits()));
        let hours = 6.0 * 6.7e9 * 2e12 / (1e15 * 0.5) / 3600.0;
        assert!(close(rows[0].cost_usd().unwrap_or(0.0), hours * 3.0, 1e-12));
    }

    #[test]
    fn mfu_band_gives_a_time_and_cost_range_per_row() {
        let rows = catalog_rows(
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
        let mut rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        sort_rows(&mut rows, SortKey::Time);
        assert!(rows
            .windows(2)
            .all(|w| w[0].wall_seconds() <= w[1].wall_seconds()));
        assert_eq!(rows[0].accelerator.id(), "gb200-per-gpu");
    }

    #[test]
    fn sort_by_label_orders_names_and_one_accelerator_by_count() {
        let label = |descending| Sort {
            key: SortKey::Label,
            descending,
        };
        // Every catalog row has the same count: only the name can order them,
        // and the cost (the tie-break) does not follow the alphabet.
        let mut rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        sort_by(&mut rows, label(false));
        let names: Vec<&str> = rows.iter().map(|r| r.accelerator.name()).collect();
        let mut alphabetical = names.clone();
        alphabetical.sort();
        assert_eq!(names, alphabetical);
        sort_by(&mut rows, label(true));
        alphabetical.reverse();
        let names: Vec<&str> = rows.iter().map(|r| r.accelerator.name()).collect();
        assert_eq!(names, alphabetical);
        // Rows of one accelerator order by count, largest first when descending.
        let h100 = AcceleratorInUse::from_catalog("h100-sxm5-80gb", None).expect("H100");
        let mut rows = by_count(&seven_b(MfuBand::point(0.4)), &h100, None, Some(100)).rows;
        sort_by(&mut rows, label(true));
        let counts: Vec<u64> = rows.iter().map(|r| r.n_accelerators).collect();
        assert!(counts.windows(2).all(|w| w[0] > w[1]), "{counts:?}");
    }

    #[test]
    fn equal_costs_sort_by_time() {
        // On one accelerator at one price the cost does not depend on the
        // count (exactly: time_and_cost cancels it), so sorted by cost a
        // by-count table is sorted by time: the most accelerators (the
        // fastest) first, and last when descending.
        let (custom, price) = custom_at_3_usd();
        let mut rows = by_count(&seven_b(MfuBand::point(0.37)), &custom, Some(price), None).rows;
        for descending in [false, true] {
            sort_by(
                &mut rows,
                Sort {
                    key: SortKey::Cost,
                    descending,
                },
            );
            let counts: Vec<u64> = rows.iter().map(|r| r.n_accelerators).collect();
            let by_time = counts.windows(2).all(|w| (w[0] > w[1]) != descending);
            assert!(by_time, "{counts:?}");
        }
    }

    #[test]
    fn sort_by_cost_puts_unpriced_rows_last() {
        let mut rows = catalog_rows(&seven_b(MfuBand::point(0.4)), 64, None, CATALOG);
        sort_rows(&mut rows, SortKey::Cost);
        let first_unpriced = rows.iter().position(|r| r.cost_usd().is_none());
        let priced = first_unpriced.unwrap_or(rows.len());
        assert!(rows[priced..].iter().all(|r| r.cost_usd().is_none()));
        assert!(rows[..priced]
            .windows(2)
            .all(|w| w[0].cost_usd() <= w[1].cost_usd()));
        assert!(rows[0].cheapest.is_best());
    }
}
