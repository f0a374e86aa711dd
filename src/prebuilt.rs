//! What the page knows before it runs, computed by `build.rs` with the core:
//! the presets' models (parsed from their configs at build time) and the
//! median MFU of published runs per accelerator. Opening the page or a link
//! reads these, so the first load carries neither the config parser nor the
//! published runs.

use flopcast_core::model::ModelSpec;
use flopcast_core::presets;
use flopcast_core::runs::GenerationMfu;
use flopcast_core::scenario::{ModelChoice, PresetSpecs, Scenario, DEFAULT_PRESET};

include!(concat!(env!("OUT_DIR"), "/prebuilt.rs"));

/// The preset `id` as a model, or `None` when there is no such preset.
pub fn preset(id: &str) -> Option<ModelChoice> {
    let (_, json, _) = PRESET_SPECS.iter().find(|(i, ..)| *i == id)?;
    let spec: ModelSpec = serde_json::from_slice(json.as_bytes()).ok()?;
    Some(ModelChoice {
        preset: presets::find(id),
        spec,
    })
}

/// Every preset with its spec, for the core's matching of a pasted config to
/// a preset (`scenario::give_preset_specs`).
pub fn preset_specs() -> PresetSpecs {
    PRESET_SPECS
        .iter()
        .filter_map(|(id, json, _)| {
            let spec = serde_json::from_slice(json.as_bytes()).ok()?;
            Some((presets::find(id)?, spec))
        })
        .collect()
}

/// What parsing the preset `id`'s config assumed (empty for an unknown id).
pub fn assumptions(id: &str) -> Vec<String> {
    PRESET_SPECS
        .iter()
        .find(|(i, ..)| *i == id)
        .map(|(_, _, a)| a.iter().map(|s| s.to_string()).collect())
        .unwrap_or_default()
}

/// The default scenario, with its preset as parsed at build time.
pub fn default_scenario() -> Scenario {
    // Built from the same config core's tests parse (default_scenario_is_valid);
    // the tests below check every preset decodes to what its config parses to.
    let model = preset(DEFAULT_PRESET).expect("the default preset was parsed at build time");
    Scenario::default_for(model)
}

/// The median MFU of published runs on the accelerator's generation.
pub fn published_mfu(accelerator_id: &str) -> Option<GenerationMfu> {
    PUBLISHED_MFU
        .iter()
        .find(|(id, ..)| *id == accelerator_id)
        .map(|&(_, generation, median_mfu, n_runs)| GenerationMfu {
            generation,
            median_mfu,
            n_runs,
        })
}

#[cfg(all(test, not(target_family = "wasm")))]
mod tests {
    use super::*;
    use flopcast_core::config::parse_config;
    use flopcast_core::hardware::CATALOG;
    use flopcast_core::presets::PRESETS;
    use flopcast_core::runs::median_mfu_for;

    #[test]
    fn every_preset_built_in_is_the_one_its_config_parses_to() {
        for p in PRESETS {
            let parsed = parse_config(p.config).unwrap();
            let built = preset(p.id).unwrap_or_else(|| panic!("{} was not built", p.id));
            assert_eq!(built.spec, parsed.spec, "{}", p.id);
            assert_eq!(built.preset, Some(p));
            let said: Vec<String> = parsed.assumptions.iter().map(ToString::to_string).collect();
            assert_eq!(assumptions(p.id), said, "{}", p.id);
        }
        assert_eq!(default_scenario(), Scenario::default());
        assert!(preset("no-such-model").is_none());
        assert_eq!(preset_specs().len(), PRESETS.len());
    }

    #[test]
    fn published_mfu_is_what_the_runs_give() {
        for a in CATALOG {
            assert_eq!(
                published_mfu(a.id).map(|g| (g.generation, g.median_mfu, g.n_runs)),
                median_mfu_for(a.id).map(|g| (g.generation, g.median_mfu, g.n_runs)),
                "{}",
                a.id
            );
        }
    }
}
