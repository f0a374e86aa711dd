//! How long an edit's core work takes with the memory model and the layout
//! search on: the estimate (memory per accelerator, the automatic layout and
//! the fewest accelerators that fit), both time & cost tables with their
//! Memory column, and the list of fitting layouts. Run with
//! `cargo bench -p flopcast-core --bench memory`; prints the median and the
//! 95th percentile per edit. The page recomputes all of it on every edit,
//! inside a 16 ms budget for the whole page.

use std::hint::black_box;
use std::time::Instant;

use flopcast_core::estimate::{estimate, fitting_layouts, table_by_accelerator, table_by_count};
use flopcast_core::hardware::AcceleratorInUse;
use flopcast_core::scenario::{ModelChoice, Scenario};

const RUNS: usize = 200;

fn edit(scenario: &Scenario) -> usize {
    let e = estimate(scenario);
    let a = table_by_accelerator(scenario, &e);
    let c = table_by_count(scenario, &e);
    let l = fitting_layouts(scenario, &e);
    a.rows.len() + c.rows.len() + l.len()
}

fn measure(name: &str, scenario: &Scenario) {
    for _ in 0..RUNS / 10 {
        black_box(edit(black_box(scenario)));
    }
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(edit(black_box(scenario)));
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[RUNS / 2];
    let p95 = times[RUNS * 95 / 100];
    println!("{name}: median {median:.3} ms, p95 {p95:.3} ms per edit ({RUNS} edits)");
}

fn main() {
    let default = Scenario::default();
    measure("default (Llama 3.1 8B, 1,024 H100)", &default);
    let big = Scenario {
        model: ModelChoice::preset("llama-3.1-405b").expect("preset").0,
        n_accelerators: 16_384,
        ..Scenario::default()
    };
    measure("Llama 3.1 405B, 16,384 H100", &big);
    let moe = Scenario {
        model: ModelChoice::preset("mixtral-8x22b").expect("preset").0,
        accelerator: AcceleratorInUse::from_catalog("a100-sxm4-80gb", None).expect("A100"),
        n_accelerators: 2_048,
        ..Scenario::default()
    };
    measure("Mixtral 8x22B, 2,048 A100", &moe);
}
