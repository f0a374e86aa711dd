//! The core's integration tests, one module per file, built as one test binary
//! (`autotests = false` in `core/Cargo.toml`): a change to the core relinks
//! one binary instead of one per file. Run one file's tests with its module
//! path: `cargo test -p flopcast-core --test core family_checks::`.

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
mod newest_families;
mod one_story;
mod pins;
mod properties;
mod robustness;
mod runs;
