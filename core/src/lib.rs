//! flopcast-core: everything flopcast computes, and nothing else.
//!
//! The pipeline, in order:
//! 1. [`config`] parses a Hugging Face `config.json` in two stages: a raw,
//!    all-optional view (filled by hand from the JSON) that absorbs naming
//!    variants, then validation into a [`model::ModelSpec`] plus the
//!    assumptions that were made. Hugging Face key names appear only there.
//! 2. [`params`] counts the spec's parameters exactly, by component.
//! 3. [`flops`] gives forward FLOPs per token under each counting convention, and
//!    training FLOPs for a token budget.
//! 4. [`hardware`] is the accelerator catalog and its prices; [`cost`] turns FLOPs
//!    into wall-clock time, accelerator-hours and money; [`energy`] turns
//!    accelerator-hours into kWh and tonnes of CO₂e; [`memory`] gives the
//!    memory per accelerator for a parallel layout (weights, gradients,
//!    optimizer state, activations, logits, overhead), checks the layout, and
//!    searches for the layouts that fit; [`tables`] lays those out across
//!    accelerators and counts.
//! 5. [`scenario`] holds everything a person sets (checked at the edges by
//!    [`fields`], [`link`] and [`config`]), starting from the defaults in
//!    [`defaults`] (each with its source; a preset's published token count
//!    comes from [`budgets`]); `Scenario::apply` makes each edit and says what
//!    it changed beyond what was asked. [`estimate`] computes every figure for
//!    it; [`export`] lays an estimate out as JSON, Markdown or CSV.
//! 6. [`mod@format`] turns numbers into text and parses quantities such as `2T` back.
//! 7. [`runs`] compares estimates with published pre-training runs, and the
//!    energy step with every published energy and emissions figure.
//!
//! Everything after step 1 is a total function of already-validated input: it
//! cannot fail and never panics. The crate does no I/O and reads no clock.

pub mod budgets;
pub mod config;
pub mod cost;
pub mod defaults;
pub mod energy;
pub mod estimate;
pub mod export;
pub mod fields;
pub mod flops;
pub mod format;
pub mod hardware;
pub mod link;
pub mod memory;
pub mod model;
pub mod notes;
pub mod papers;
pub mod params;
pub mod presets;
pub mod runs;
pub mod scenario;
pub mod tables;

/// Helpers for the unit tests.
#[cfg(test)]
pub(crate) mod testing {
    /// Whether `a` and `b` agree to within `rel` of the larger. Both must be
    /// finite: by the formula alone an infinity is within any tolerance of
    /// every finite number.
    pub fn close(a: f64, b: f64, rel: f64) -> bool {
        a.is_finite() && b.is_finite() && (a - b).abs() <= rel * a.abs().max(b.abs())
    }
}
