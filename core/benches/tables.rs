//! How long the two time & cost tables take to compute. Run with
//! `cargo bench -p flopcast-core --bench tables`; prints nanoseconds per table.
//! The page recomputes them on every keystroke, so they must stay well under a
//! millisecond.

use std::hint::black_box;
use std::time::Instant;

use flopcast_core::cost::MfuBand;
use flopcast_core::hardware::{AcceleratorInUse, CATALOG};
use flopcast_core::tables::{by_accelerator, by_count, sort_rows, SortKey, Workload};

const ITERATIONS: u32 = 200_000;

fn time_per_call(name: &str, mut f: impl FnMut() -> usize) -> f64 {
    // Warm up, then time many calls and report the mean.
    for _ in 0..ITERATIONS / 10 {
        black_box(f());
    }
    let start = Instant::now();
    let mut rows = 0;
    for _ in 0..ITERATIONS {
        rows += black_box(f());
    }
    let ns = start.elapsed().as_nanos() as f64 / f64::from(ITERATIONS);
    println!(
        "{name}: {ns:.0} ns per table ({} rows, {ITERATIONS} iterations)",
        rows / ITERATIONS as usize
    );
    ns
}

fn main() {
    // Llama-2-70B-like: 6.9e10 params, 2T tokens, 6ND FLOPs, MFU 30–50 %.
    let workload = Workload {
        total_flops: 6.0 * 6.9e10 * 2e12,
        n_params: 69_000_000_000,
        bytes_per_param: 16.0,
        mfu: MfuBand {
            low: 0.30,
            high: 0.50,
        },
    };
    let h100 = AcceleratorInUse::from_catalog("h100-sxm5-80gb", None);

    let by_acc = time_per_call("by accelerator (all, sorted by cost)", || {
        let mut table = by_accelerator(
            black_box(&workload),
            black_box(1_024),
            None,
            CATALOG,
            h100.map(|a| (a, a.default_price())),
        );
        sort_rows(&mut table.rows, SortKey::Cost);
        table.rows.len()
    });
    let by_n = time_per_call("by count (H100 SXM, user count 2,000)", || {
        h100.map(|a| {
            by_count(black_box(&workload), &a, a.default_price(), Some(2_000))
                .rows
                .len()
        })
        .unwrap_or(0)
    });
    let worst = by_acc.max(by_n);
    println!(
        "slowest table: {:.1} µs ({:.4} % of a millisecond)",
        worst / 1e3,
        worst / 1e6 * 100.0
    );
}
