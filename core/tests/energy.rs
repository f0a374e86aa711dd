//! Energy and emissions of a scenario end to end: the headline, the tables'
//! cells, the JSON report, the link, and the model card block a Hub-style
//! parser reads.

use crate::close;
use flopcast_core::cost::MfuBand;
use flopcast_core::energy::{
    self, EnergySettings, Grid, PowerFactor, GRID_REGIONS, MARKET_BASED_MEANING,
};
use flopcast_core::estimate::{estimate, table_by_accelerator, table_by_count};
use flopcast_core::export::{report, Scope};
use flopcast_core::hardware::AcceleratorInUse;
use flopcast_core::link::{decode, encode};
use flopcast_core::scenario::{Change, Scenario};

/// The default scenario with a 30–40 % MFU band and the measured power band.
fn banded() -> Scenario {
    let mut s = Scenario::default();
    s.apply(Change::Mfu(MfuBand {
        low: 0.3,
        high: 0.4,
    }));
    s.apply(Change::Power(PowerFactor::MeasuredAverage));
    s
}

/// How the Hub reads `emissions`: the first number in the value, digits with
/// at most one decimal point (huggingface_hub keeps the first match of a
/// number pattern, so `2.04e9` reads 2.04 and `2_040_000_000` reads 2).
fn hub_emissions(yaml: &str) -> Option<f64> {
    let value = yaml
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("emissions:"))?;
    let start = value.find(|c: char| c.is_ascii_digit())?;
    let rest = &value[start..];
    let mut seen_point = false;
    let end = rest
        .char_indices()
        .find(|&(_, c)| {
            if c == '.' && !seen_point {
                seen_point = true;
                false
            } else {
                !c.is_ascii_digit()
            }
        })
        .map_or(rest.len(), |(i, _)| i);
    rest[..end].trim_end_matches('.').parse().ok()
}

#[test]
fn the_hub_style_parser_reads_the_cards_grams_and_would_misread_other_notations() {
    // the parser itself, so the test below can fail
    assert_eq!(hub_emissions("  emissions: 2.04e9\n"), Some(2.04));
    assert_eq!(hub_emissions("  emissions: 2_040_000_000\n"), Some(2.0));
    assert_eq!(hub_emissions("  emissions: 24700000\n"), Some(24_700_000.0));

    for scenario in [Scenario::default(), banded()] {
        let e = estimate(&scenario);
        let card = e.co2_card().expect("the H100 has a board power");
        let (_, high_t) = e.energy.tco2e.expect("emissions");
        let grams = hub_emissions(&card).expect("a number after emissions:");
        assert_eq!(grams, (high_t * 1e6).round(), "{card}");
        assert!(grams > 1e8, "hundreds of tonnes: {grams}");
    }
}

#[test]
fn the_card_block_has_the_hubs_keys_and_says_its_method() {
    let scenario = banded();
    let e = estimate(&scenario);
    let card = e.co2_card().expect("a card");
    let lines: Vec<&str> = card.lines().collect();
    assert_eq!(lines[0], "co2_eq_emissions:");
    let keys: Vec<&str> = lines[1..]
        .iter()
        .filter_map(|l| l.trim_start().split_once(':').map(|(k, _)| k))
        .collect();
    assert_eq!(
        keys,
        [
            "emissions",
            "source",
            "training_type",
            "geographical_location",
            "hardware_used"
        ]
    );
    assert!(card.contains("  training_type: pre-training\n"), "{card}");
    assert!(
        card.contains("  hardware_used: \"1024 × NVIDIA H100 SXM5 80GB\"\n"),
        "{card}"
    );
    assert!(
        card.contains("  geographical_location: \"United States\"\n"),
        "{card}"
    );
    assert!(
        card.contains("  source: \"flopcast estimate: ") && card.contains("location-based"),
        "{card}"
    );
    assert!(
        card.contains("the high end of the estimate's range"),
        "{card}"
    );
    let grams = lines[1]
        .trim_start()
        .strip_prefix("emissions: ")
        .expect("grams");
    assert!(
        grams.bytes().all(|b| b.is_ascii_digit()),
        "plain digits: {grams}"
    );

    // market-based: 0 g, and the source says what that means
    let mut market = scenario;
    market.apply(Change::MarketBased(true));
    let card = estimate(&market).co2_card().expect("a card");
    assert_eq!(hub_emissions(&card), Some(0.0), "{card}");
    assert!(card.contains("market-based (renewable purchases count as zero"));
}

#[test]
fn your_rows_energy_is_the_headlines_in_both_tables() {
    let scenario = banded();
    let e = estimate(&scenario);
    for table in [
        table_by_accelerator(&scenario, &e),
        table_by_count(&scenario, &e),
    ] {
        let yours = table.yours().expect("your row");
        assert_eq!(yours.energy(&scenario.energy), e.energy);
        assert_eq!(yours.energy_text(&scenario.energy), e.energy.energy_text());
        assert_eq!(
            yours.emissions_text(&scenario.energy),
            e.energy.emissions_text()
        );
    }
    // accelerator-hours, hence energy, do not depend on the count
    let by_count = table_by_count(&scenario, &e);
    let texts: Vec<String> = by_count
        .rows
        .iter()
        .map(|r| r.energy_text(&scenario.energy))
        .collect();
    assert!(texts.windows(2).all(|w| w[0] == w[1]), "{texts:?}");
    // a row without board power says so instead of a number
    let by_accelerator = table_by_accelerator(&scenario, &e);
    let tpu = by_accelerator
        .rows
        .iter()
        .find(|r| r.accelerator.id() == "tpu-v4")
        .expect("a TPU v4 row");
    assert_eq!(tpu.energy_text(&scenario.energy), "no power figure");
}

#[test]
fn the_mfu_band_gives_an_energy_range_read_low_to_high_in_one_unit() {
    let e = estimate(&banded());
    let (low, high) = e.energy.kwh.expect("energy");
    let hours = e.time_cost.accelerator_hours_range();
    let h100 = energy::measured_power("h100-sxm5-80gb");
    assert!(close(low, hours.0 * 700.0 * h100.low * 1.1 / 1e3, 1e-12));
    assert!(close(high, hours.1 * 700.0 * h100.high * 1.1 / 1e3, 1e-12));
    assert_eq!(e.energy.energy_text(), "346–483 MWh");
    assert_eq!(e.energy.emissions_text(), "128–178 t CO₂e");
    let line = e.energy.energy_line();
    assert!(line.starts_with("346–483 MWh (high end: "), "{line}");
}

#[test]
fn the_pue_and_the_grid_scale_energy_and_emissions_as_the_formula_says() {
    let base = Scenario::default();
    let e = estimate(&base);
    let (_, kwh) = e.energy.kwh.expect("energy");
    let (_, t) = e.energy.tco2e.expect("emissions");
    let mut more = base.clone();
    more.apply(Change::Pue(2.2));
    more.apply(Change::Grid(Grid::Custom(0.738)));
    let m = estimate(&more);
    let (_, kwh2) = m.energy.kwh.expect("energy");
    let (_, t2) = m.energy.tco2e.expect("emissions");
    assert!(close(kwh2, 2.0 * kwh, 1e-12));
    assert!(close(t2, 4.0 * t, 1e-12));
    // the time and cost do not move
    assert_eq!(m.time_cost, e.time_cost);
}

#[test]
fn changing_the_region_changes_the_emissions_and_the_link() {
    let mut scenario = Scenario::default();
    let before = estimate(&scenario).energy;
    let link_before = encode(&scenario);
    let france = energy::region("fr-2022").expect("France 2022");
    scenario.apply(Change::Grid(Grid::Region(france)));
    let after = estimate(&scenario).energy;
    assert_eq!(after.kwh, before.kwh, "energy does not depend on the grid");
    let ratio = after.tco2e.expect("t").1 / before.tco2e.expect("t").1;
    assert!(close(ratio, 0.057 / 0.369, 1e-12));
    let link = encode(&scenario);
    assert_ne!(link, link_before);
    assert!(link.contains("&grid=fr-2022&"), "{link}");
    assert_eq!(decode(&link).scenario, scenario);
    assert!(after.emissions_line().contains("France, 2022"));
}

#[test]
fn the_json_report_has_the_keys_the_issue_names() {
    let scenario = banded();
    let e = estimate(&scenario);
    let json = serde_json::to_value(report(&scenario, &e, &[], Scope::Run)).expect("JSON");
    let (low, high) = e.energy.kwh.expect("energy");
    assert_eq!(json["energy"]["kwh"], high);
    assert_eq!(json["energy"]["kwh_range"]["min"], low);
    assert_eq!(json["energy"]["kwh_range"]["max"], high);
    assert_eq!(json["energy"]["power"], "measured");
    assert_eq!(json["emissions"]["tco2e"], e.energy.tco2e.expect("t").1);
    assert_eq!(json["emissions"]["grid_kg_per_kwh"], 0.369);
    assert_eq!(json["emissions"]["region"], "us-2023");
    assert_eq!(json["emissions"]["basis"], "location");

    let mut custom = scenario;
    custom.apply(Change::Grid(Grid::Custom(0.2)));
    custom.apply(Change::Accelerator(
        AcceleratorInUse::from_catalog("tpu-v5p", None).expect("TPU v5p"),
    ));
    let e = estimate(&custom);
    let json = serde_json::to_value(report(&custom, &e, &[], Scope::Run)).expect("JSON");
    assert_eq!(json["emissions"]["region"], serde_json::Value::Null);
    assert_eq!(json["emissions"]["grid_kg_per_kwh"], 0.2);
    assert_eq!(json["energy"]["kwh"], serde_json::Value::Null);
    assert!(json["energy"]["unavailable"]
        .as_str()
        .is_some_and(|t| t.contains("TPU v5p")));
}

#[test]
fn the_market_based_switch_says_what_it_means_and_keeps_the_location_figure() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::MarketBased(true));
    let e = estimate(&scenario).energy;
    assert_eq!(e.tco2e, Some((0.0, 0.0)));
    let line = e.emissions_line();
    assert!(line.starts_with("0 t CO₂e market-based"), "{line}");
    // The location-based figure stays beside it: the default scenario's
    // emissions under the switch off.
    let location = e.location_text();
    let mut off = Scenario::default();
    off.apply(Change::MarketBased(false));
    assert_eq!(location, estimate(&off).energy.emissions_text());
    assert!(location.contains("t CO₂e"), "{location}");
    assert!(line.contains(&location), "{line}");
    assert!(MARKET_BASED_MEANING.contains("renewable-energy purchases"));
    assert!(MARKET_BASED_MEANING.contains("Location-based"));
}

#[test]
fn every_region_is_offered_with_its_year_and_figure() {
    for r in GRID_REGIONS {
        let label = r.label();
        assert!(label.contains(r.year), "{label}");
        assert!(label.contains("kg/kWh"), "{label}");
        let note = energy::grid_note(&EnergySettings {
            grid: Grid::Region(r),
            ..EnergySettings::default()
        });
        assert!(note.contains(r.source), "{note}");
    }
    let choices = energy::power_choices(&Scenario::default().accelerator);
    assert_eq!(choices.len(), 2);
    assert!(choices[1].label.contains("Olmo 3"), "{}", choices[1].label);
}

#[test]
fn pue_presets_are_found_by_their_id_and_an_unknown_id_by_none() {
    for p in energy::PUE_PRESETS {
        let found = energy::pue_preset(p.id).expect("every preset is found by its id");
        assert_eq!(found.id, p.id);
        assert_eq!(found.pue, p.pue);
    }
    // The figures the sources give (energy.md): hyperscale 1.1, industry 1.58.
    assert_eq!(energy::pue_preset("hyperscale").map(|p| p.pue), Some(1.1));
    assert_eq!(
        energy::pue_preset("industry-average").map(|p| p.pue),
        Some(1.58)
    );
    assert!(energy::pue_preset("hyperscale ").is_none());
    assert!(energy::pue_preset("1.2").is_none());
}

#[test]
fn measured_power_factors_are_the_published_watts_over_board_power() {
    // Dodge et al. 2022: 13,812 kWh over 49,152 A100-hours, boards of 400 W.
    let a100 = energy::measured_power("a100-sxm4-80gb");
    let watts = 13_812.0 * 1000.0 / 49_152.0;
    assert!(close(a100.low, watts / 400.0, 0.002), "{}", a100.low);
    assert_eq!(a100.low, a100.high);
    // Olmo 3: 621 W (7B) and 649 W (32B) on H100s of 700 W.
    let h100 = energy::measured_power("h100-sxm5-80gb");
    assert!(close(h100.low, 0.887, 0.001) && close(h100.high, 0.927, 0.001));
    // Patterson et al. 2021: 330 W per V100 of 300 W for GPT-3 (a system share).
    let v100 = energy::measured_power("v100-sxm2");
    assert!(close(v100.low, 1.1, 0.001), "{}", v100.low);
    assert!(v100.high > v100.low);
}

#[test]
fn the_headline_names_the_power_basis_and_the_emissions_formula_multiplies_out() {
    let e = estimate(&Scenario::default()).energy;
    let headline = e.headline();
    assert!(headline.contains("at board power, PUE 1.1"), "{headline}");
    let banded = estimate(&banded()).energy.headline();
    assert!(banded.contains("% of board power"), "{banded}");

    // tCO₂e = kWh × kg/kWh / 1000, at the slow end, for the location basis.
    let w = e.emissions_formula().expect("a GPU with a board power");
    let (_, kwh) = e.kwh.expect("energy");
    assert!(close(w.value, kwh * 0.369 / 1000.0, 1e-9), "{}", w.value);
    assert_eq!(Some(w.value), e.location_tco2e.map(|(_, high)| high));
    assert!(
        w.formula.ends_with("kWh × 0.369 kg/kWh / 1000"),
        "{}",
        w.formula
    );
}

/// The power factor box takes 1 % to 200 % of board power, both ends included.
#[test]
fn the_power_factor_is_taken_from_1_to_200_percent_of_board_power() {
    use flopcast_core::energy::PowerFactor;
    use flopcast_core::fields::power;
    assert_eq!(power("1%"), Ok(PowerFactor::Custom(0.01)));
    assert_eq!(power("200%"), Ok(PowerFactor::Custom(2.0)));
    assert_eq!(power("100%"), Ok(PowerFactor::Tdp));
    for outside in ["0.99%", "201%", "0"] {
        assert!(power(outside).is_err(), "{outside}");
    }
}
