//! The core's integration tests, one module per file, built as one test binary
//! (`autotests = false` in `core/Cargo.toml`): a change to the core relinks
//! one binary instead of one per file. Run one file's tests with its module
//! path: `cargo test -p flopcast-core --test core family_checks::`.

use std::io::Write;

/// With `FLOPCAST_TEST_FAIL_FAST` set (`make mutants` sets it), the first
/// failing assertion ends the whole binary with libtest's failure code, 101:
/// a caught mutant costs the tests up to its first failure, not all of them.
/// libtest's own `--fail-fast` is nightly-only and waits for running tests.
/// The message goes straight to stderr, past libtest's output capture.
#[ctor::ctor(unsafe)]
fn fail_fast_when_asked() {
    if std::env::var_os("FLOPCAST_TEST_FAIL_FAST").is_some() {
        std::panic::set_hook(Box::new(|info| {
            let _ = writeln!(std::io::stderr().lock(), "fail-fast: {info}");
            std::process::exit(101);
        }));
    }
}

/// Whether `a` and `b` agree to within `rel` of the larger. Both must be
/// finite: by the formula alone an infinity is within any tolerance of every
/// finite number, so a figure that blew up to ∞ would pass.
pub fn close(a: f64, b: f64, rel: f64) -> bool {
    a.is_finite() && b.is_finite() && (a - b).abs() <= rel * a.abs().max(b.abs())
}

mod activations;
mod config_errors;
mod cost_properties;
mod defaults;
mod energy;
mod energy_runs;
mod error_catalog;
mod estimate;
mod export;
mod family_checks;
mod features;
mod fixtures;
mod format;
mod hardware_catalog;
mod hardware_reference;
mod linear_mixers;
mod link;
mod megatron;
mod memory;
mod mixers;
mod model_types;
mod moe_families;
mod mutants_ledger;
mod newest_families;
mod one_story;
mod pins;
mod properties;
mod robustness;
mod runs;
