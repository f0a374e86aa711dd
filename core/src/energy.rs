//! Energy and emissions of a training run: kWh from accelerator-hours, and
//! tonnes of CO₂e from kWh.
//!
//! ```text
//! energy_kWh = accelerator_hours × board_W × power_factor × PUE / 1000
//! tCO2e      = energy_kWh × grid_kgCO2e_per_kWh / 1000
//! ```
//!
//! (Patterson et al. 2021, §2.5, write the recipe so; every published
//! estimate flopcast compares with is an instance of it, see
//! [`crate::runs::energy_comparisons`].) This module owns the settings a
//! person picks ([`EnergySettings`]: PUE, power factor, grid, market-based
//! switch) with their presets and sources ([`PUE_PRESETS`],
//! [`MEASURED_POWER`], [`GRID_REGIONS`]), the two formulas, the energy range
//! an MFU band (and a measured power band) gives ([`energy_estimate`]), every
//! text the page and the CLI show for them, and the Hugging Face model card's
//! `co2_eq_emissions` block ([`model_card_block`]).
//!
//! It deliberately does not model idle power, networking, storage, embodied
//! (manufacturing) emissions, water, or the run's time of day: only the
//! accelerators' draw, scaled by the facility's overhead. Board power comes
//! from the catalog ([`crate::hardware::Accelerator::board_power_w`], with its
//! source); an accelerator without one (Google publishes none for TPUs, a
//! custom accelerator has none) gets no energy and says why.

use serde::{Serialize, Serializer};

use crate::cost::TimeCostBand;
use crate::format::{self, Worked};
use crate::hardware::AcceleratorInUse;

// ---------------------------------------------------------------------------
// PUE.

/// The lowest PUE: 1, a facility that spends nothing beyond its IT load.
pub const MIN_PUE: f64 = 1.0;
/// The highest PUE accepted: 3, twice the industry average (Uptime 2023: 1.58).
pub const MAX_PUE: f64 = 3.0;
/// The PUE a scenario opens with: hyperscale, 1.1 (see [`PUE_PRESETS`]).
pub const DEFAULT_PUE: f64 = 1.1;

/// A named PUE with its source.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PuePreset {
    /// Stable kebab-case id (the CLI's `--pue` takes it; never renamed).
    pub id: &'static str,
    pub pue: f64,
    pub label: &'static str,
    pub source: &'static str,
    /// The year the figure describes.
    pub year: &'static str,
}

/// PUE presets, lowest first. Values from `core/data/reference/energy_runs.json`
/// (`reference_factors.pue`) and `energy.md`.
pub const PUE_PRESETS: [PuePreset; 3] = [
    PuePreset {
        id: "accelerators-only",
        pue: 1.0,
        label: "1.0 — the accelerators only",
        source: "No facility overhead: the accelerators' own draw, as BLOOM's 24.7 t \
                 (Luccioni et al. 2022) and CroissantLLM's 2.8 t (Faysse et al. 2024) count it.",
        year: "—",
    },
    PuePreset {
        id: "hyperscale",
        pue: 1.1,
        label: "1.1 — hyperscale datacenter",
        source: "Google's fleet ran at about 1.10 (Q2 2021; CNBC, 13 Apr 2022; \
                 DatacenterDynamics, Dec 2024: “around 1.1”); Meta about 1.08 and AWS 1.15 \
                 (DatacenterDynamics, Dec 2024). LLaMA and OLMo assumed 1.1 for their estimates.",
        year: "2021–2024",
    },
    PuePreset {
        id: "industry-average",
        pue: 1.58,
        label: "1.58 — industry average",
        source: "Uptime Institute's survey average: 1.58 in 2023, 1.55–1.59 since 2020 (Uptime \
                 Intelligence Update 221, Nov 2023); 1.56 in 2024 (Green Algorithms' default for \
                 an unknown provider).",
        year: "2023",
    },
];

/// The PUE preset with this id.
pub fn pue_preset(id: &str) -> Option<&'static PuePreset> {
    PUE_PRESETS.iter().find(|p| p.id == id)
}

// ---------------------------------------------------------------------------
// Power.

/// The smallest power factor accepted: 1 % of board power.
pub const MIN_POWER_FACTOR: f64 = 0.01;
/// The largest: twice board power (a node's whole draw per accelerator, host
/// included, can exceed the chip's TDP: V100 rows in Patterson et al. 2021
/// run at 1.10–1.14 × TDP).
pub const MAX_POWER_FACTOR: f64 = 2.0;

/// How much of its board power (TDP) an accelerator draws on average.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PowerFactor {
    /// 100 % of board power: an upper bound, and the basis of Meta's model
    /// cards (Llama 2–4) and LLaMA's estimates. The default.
    Tdp,
    /// The measured average for the accelerator's generation
    /// ([`MEASURED_POWER`]), or the range across measured runs where there is
    /// no measurement for it.
    MeasuredAverage,
    /// A fraction of board power the person typed.
    Custom(f64),
}

impl PowerFactor {
    /// The link's and the CLI's text: `tdp`, `measured`, or the fraction.
    pub fn id(self) -> String {
        match self {
            PowerFactor::Tdp => "tdp".to_string(),
            PowerFactor::MeasuredAverage => "measured".to_string(),
            PowerFactor::Custom(f) => format!("{f}"),
        }
    }
}

impl Serialize for PowerFactor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.id())
    }
}

/// A measured average power draw, as a fraction of board power, for some
/// catalog accelerators.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MeasuredPower {
    /// The catalog ids it applies to (the measured part and parts with the
    /// same chip and board power).
    pub accelerator_ids: &'static [&'static str],
    pub low: f64,
    pub high: f64,
    /// What was measured, in a few words: "H100 (Olmo 3)".
    pub label: &'static str,
    pub source: &'static str,
}

/// Measured average power per accelerator, as fractions of board power.
/// Values from `core/data/reference/energy_runs.json` (runs `olmo3-7b`,
/// `olmo3-32b`, `dodge2022-6b-partial`, `gpt3-175b`, `xlm-meta`).
pub const MEASURED_POWER: [MeasuredPower; 3] = [
    MeasuredPower {
        accelerator_ids: &["h100-sxm5-80gb", "h800-sxm5-80gb", "h200-sxm-141gb"],
        low: 621.0 / 700.0,
        high: 649.0 / 700.0,
        label: "H100 (Olmo 3)",
        source: "Olmo 3: average GPU power 621 W (7B) and 649 W (32B) on H100s of 700 W board \
                 power, GPU only (Ai2, quoted by muxup.com, 2025-12-01).",
    },
    MeasuredPower {
        accelerator_ids: &["a100-sxm4-40gb", "a100-sxm4-80gb"],
        low: 281.0 / 400.0,
        high: 281.0 / 400.0,
        label: "A100 (Dodge et al.)",
        source: "Dodge et al. 2022 (FAccT): 13,812 kWh measured over 49,152 A100-hours, 281 W \
                 per A100 of 400 W board power, the cloud instance's share included.",
    },
    MeasuredPower {
        accelerator_ids: &["v100-sxm2"],
        low: 330.0 / 300.0,
        high: 342.0 / 300.0,
        label: "V100 system (Patterson et al.)",
        source: "Patterson et al. 2021, Table 4: 330 W per V100 for GPT-3, and Wu et al. 2022: \
                 342 W for XLM, measured system power (host CPU, memory, network and fans \
                 included) per V100 of 300 W board power.",
    },
];

/// The range across every measured run, for an accelerator with no
/// measurement of its own: 0.54–0.93 of board power.
pub const MEASURED_RANGE: MeasuredPower = MeasuredPower {
    accelerator_ids: &[],
    low: 0.54,
    high: 0.93,
    label: "measured runs on A100, H100 and TPU",
    source: "Measured averages put power at 0.54–0.93 of board power: TPU v3 0.54–0.69 and \
             TPU v2 0.74 (Patterson et al. 2021, system power), A100 0.70 (Dodge et al. 2022), \
             H100 0.89–0.93 (Olmo 3).",
};

/// The measured power for a catalog accelerator, or [`MEASURED_RANGE`].
pub fn measured_power(accelerator_id: &str) -> &'static MeasuredPower {
    MEASURED_POWER
        .iter()
        .find(|m| m.accelerator_ids.contains(&accelerator_id))
        .unwrap_or(&MEASURED_RANGE)
}

/// The power factor in use, as a band (equal ends for one figure).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PowerBand {
    pub low: f64,
    pub high: f64,
}

impl PowerFactor {
    /// The band this setting gives on `accelerator`.
    pub fn band(self, accelerator: &AcceleratorInUse) -> PowerBand {
        match self {
            PowerFactor::Tdp => PowerBand {
                low: 1.0,
                high: 1.0,
            },
            PowerFactor::MeasuredAverage => {
                let m = measured_power(accelerator.id());
                PowerBand {
                    low: m.low,
                    high: m.high,
                }
            }
            PowerFactor::Custom(f) => PowerBand { low: f, high: f },
        }
    }
}

// ---------------------------------------------------------------------------
// Grid.

/// The highest grid intensity accepted, kg CO₂e per kWh: about twice a
/// coal-only grid's.
pub const MAX_GRID_KG_PER_KWH: f64 = 2.0;

/// A grid's carbon intensity for one place and year, with its source.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GridRegion {
    /// Stable kebab-case id (in links and the CLI's `--grid`; never renamed:
    /// a new year's figure gets a new id).
    pub id: &'static str,
    /// The place, as the model card's `geographical_location` gives it.
    pub place: &'static str,
    pub kg_per_kwh: f64,
    /// The year the figure describes (or the source's, where it gives none).
    pub year: &'static str,
    /// Location-based unless said otherwise.
    pub basis: &'static str,
    pub source: &'static str,
    /// The reference row it is copied from: `energy_runs.json` or
    /// `hardware.json`, and that row's region text.
    pub reference: (&'static str, &'static str),
}

impl GridRegion {
    /// The choice's label: "United States, 2023 — 0.369 kg/kWh".
    pub fn label(&self) -> String {
        format!(
            "{}, {} — {} kg/kWh",
            self.place,
            self.year,
            format::plain(self.kg_per_kwh)
        )
    }
}

const EUR: &str = "energy_runs.json";
const HW: &str = "hardware.json";
const OWID: &str = "Our World in Data / Ember, 2023 values (as imported by CodeCarbon, \
                    global_energy_mix.json)";
const GCP: &str =
    "Google Cloud's region carbon data (as imported by CodeCarbon, cloud/impact.csv, 2024)";

/// The grid a scenario opens with: the United States, 2023.
pub const DEFAULT_REGION: &str = "us-2023";

/// Grid intensities for common training places, each with its year and
/// source, from `core/data/reference/energy_runs.json` (`reference_factors`)
/// and `hardware.json` (`grid_carbon_intensity`).
pub const GRID_REGIONS: &[GridRegion] = &[
    GridRegion {
        id: "us-2023",
        place: "United States",
        kg_per_kwh: 0.369,
        year: "2023",
        basis: "location",
        source: OWID,
        reference: (EUR, "United States (OWID/Ember)"),
    },
    GridRegion {
        id: "us-egrid-2020",
        place: "United States",
        kg_per_kwh: 0.429,
        year: "2020",
        basis: "location",
        source: "Patterson et al. 2021, §2.4 and Table 1 (eGRID; the figure used for GPT-3)",
        reference: (
            EUR,
            "United States, national average (eGRID, used for 2020)",
        ),
    },
    GridRegion {
        id: "us-llama",
        place: "United States",
        kg_per_kwh: 0.385,
        year: "2023 (paper)",
        basis: "location",
        source: "LLaMA (Touvron et al. 2023), §6: the US national average LLaMA assumed, and \
                 Llama 2's table implies",
        reference: (EUR, "United States, national average (LLaMA assumption)"),
    },
    GridRegion {
        id: "us-eia-2022",
        place: "United States",
        kg_per_kwh: 0.39,
        year: "2022",
        basis: "location, CO₂ only, utility-scale generation",
        source: "U.S. EIA FAQ: 0.86 lb CO₂ per kWh of utility-scale generation",
        reference: (EUR, "United States, utility-scale generation"),
    },
    GridRegion {
        id: "us-iowa",
        place: "Iowa, United States",
        kg_per_kwh: 0.352,
        year: "2024 (paper)",
        basis: "location, state average",
        source: "OLMo 2 (2025), §6.5: EIA state average, used for OLMo 2 13B",
        reference: (EUR, "Iowa, state average (EIA, used for OLMo 2 13B)"),
    },
    GridRegion {
        id: "us-texas-austin",
        place: "Austin, Texas, United States",
        kg_per_kwh: 0.332,
        year: "2024 (paper)",
        basis: "location, utility-reported",
        source: "OLMo 2 (2025), §6.5: Austin Energy, used for OLMo 2 7B",
        reference: (EUR, "Texas, Austin Energy (used for OLMo 2 7B)"),
    },
    GridRegion {
        id: "us-oregon",
        place: "Oregon, United States",
        kg_per_kwh: 0.163,
        year: "2020 data",
        basis: "location, state average",
        source: "Green Algorithms calculator data (CI_aggregated.csv, US-OR)",
        reference: (EUR, "Oregon, state"),
    },
    GridRegion {
        id: "gcp-us-central1",
        place: "Council Bluffs, Iowa, United States (Google Cloud us-central1)",
        kg_per_kwh: 0.43,
        year: "Google data, 2024",
        basis: "location, the cloud region's grid",
        source: GCP,
        reference: (EUR, "Iowa, GCP us-central1 (Council Bluffs)"),
    },
    GridRegion {
        id: "google-council-bluffs-gross",
        place: "Council Bluffs, Iowa, United States (Google datacenter)",
        kg_per_kwh: 0.478,
        year: "Dec 2020",
        basis: "location, gross (0.080 net of Google's 24/7 carbon-free energy)",
        source: "Patterson et al. 2021, §2.4",
        reference: (
            EUR,
            "Iowa, Google Council Bluffs datacenter, gross / net of 24/7 CFE",
        ),
    },
    GridRegion {
        id: "gcp-us-west1",
        place: "The Dalles, Oregon, United States (Google Cloud us-west1)",
        kg_per_kwh: 0.094,
        year: "Google data, 2024",
        basis: "location, the cloud region's grid",
        source: GCP,
        reference: (EUR, "Oregon, GCP us-west1 (The Dalles)"),
    },
    GridRegion {
        id: "ca-2023",
        place: "Canada",
        kg_per_kwh: 0.17,
        year: "2023",
        basis: "location",
        source: "Our World in Data / Ember, 2023",
        reference: (HW, "Canada"),
    },
    GridRegion {
        id: "ca-quebec",
        place: "Quebec, Canada",
        kg_per_kwh: 0.0015,
        year: "2019 data",
        basis: "location",
        source: "Green Algorithms calculator data (CI_aggregated.csv, CA-QC)",
        reference: (EUR, "Quebec, Canada"),
    },
    GridRegion {
        id: "gcp-northamerica-northeast1",
        place: "Montreal, Canada (Google Cloud northamerica-northeast1)",
        kg_per_kwh: 0.002,
        year: "Google data, 2024",
        basis: "location, the cloud region's grid",
        source: GCP,
        reference: (EUR, "Montreal, GCP northamerica-northeast1"),
    },
    GridRegion {
        id: "br-2023",
        place: "Brazil",
        kg_per_kwh: 0.098,
        year: "2023",
        basis: "location",
        source: "Our World in Data / Ember, 2023",
        reference: (HW, "Brazil"),
    },
    GridRegion {
        id: "fr-2022",
        place: "France",
        kg_per_kwh: 0.057,
        year: "2022",
        basis: "location",
        source: "Luccioni et al. 2022, Table 1 (RTE): the figure used for BLOOM and CroissantLLM",
        reference: (EUR, "France (RTE, used for BLOOM)"),
    },
    GridRegion {
        id: "fr-2023",
        place: "France",
        kg_per_kwh: 0.056,
        year: "2023",
        basis: "location",
        source: OWID,
        reference: (EUR, "France (OWID/Ember)"),
    },
    GridRegion {
        id: "de-2023",
        place: "Germany",
        kg_per_kwh: 0.381,
        year: "2023",
        basis: "location",
        source: OWID,
        reference: (EUR, "Germany (OWID/Ember)"),
    },
    GridRegion {
        id: "fi-2023",
        place: "Finland",
        kg_per_kwh: 0.079,
        year: "2023",
        basis: "location",
        source: "Our World in Data / Ember, 2023",
        reference: (HW, "Finland"),
    },
    GridRegion {
        id: "gcp-europe-north1",
        place: "Hamina, Finland (Google Cloud europe-north1)",
        kg_per_kwh: 0.046,
        year: "Google data, 2024",
        basis: "location, the cloud region's grid",
        source: GCP,
        reference: (EUR, "Finland, GCP europe-north1"),
    },
    GridRegion {
        id: "gcp-europe-west4",
        place: "Netherlands (Google Cloud europe-west4)",
        kg_per_kwh: 0.236,
        year: "Google data, 2024",
        basis: "location, the cloud region's grid",
        source: GCP,
        reference: (EUR, "Netherlands, GCP europe-west4"),
    },
    GridRegion {
        id: "eu27-2018",
        place: "European Union (EU-27)",
        kg_per_kwh: 0.281,
        year: "2018",
        basis: "location",
        source: "European Environment Agency, indicator IND-353 (Dec 2020); the EEA says 2023 \
                 was 19 % below 2022",
        reference: (EUR, "EU-27 average (EEA)"),
    },
    GridRegion {
        id: "cn-2023",
        place: "China",
        kg_per_kwh: 0.582,
        year: "2023",
        basis: "location",
        source: "Our World in Data / Ember, 2023",
        reference: (HW, "China"),
    },
    GridRegion {
        id: "in-2023",
        place: "India",
        kg_per_kwh: 0.713,
        year: "2023",
        basis: "location",
        source: "Our World in Data / Ember, 2023",
        reference: (HW, "India"),
    },
    GridRegion {
        id: "sg-2023",
        place: "Singapore",
        kg_per_kwh: 0.471,
        year: "2023",
        basis: "location",
        source: OWID,
        reference: (EUR, "Singapore (OWID/Ember)"),
    },
    GridRegion {
        id: "au-2022",
        place: "Australia",
        kg_per_kwh: 0.61,
        year: "2022",
        basis: "location",
        source: "OLMo (Groeneveld et al. 2024), §4.4: the national average, used for OLMo 7B",
        reference: (
            EUR,
            "Australia, national average (used for OLMo 7B A100 run)",
        ),
    },
    GridRegion {
        id: "au-2023",
        place: "Australia",
        kg_per_kwh: 0.549,
        year: "2023",
        basis: "location",
        source: OWID,
        reference: (EUR, "Australia (OWID/Ember)"),
    },
    GridRegion {
        id: "world-2022",
        place: "World",
        kg_per_kwh: 0.436,
        year: "2022",
        basis: "location",
        source: "Ember, Global Electricity Review",
        reference: (HW, "World (2022)"),
    },
    GridRegion {
        id: "world-iea-2019",
        place: "World",
        kg_per_kwh: 0.475,
        year: "2019",
        basis: "location",
        source: "IEA, the world fallback of CodeCarbon and Green Algorithms",
        reference: (EUR, "World average fallback (IEA)"),
    },
];

/// The region with this id.
pub fn region(id: &str) -> Option<&'static GridRegion> {
    GRID_REGIONS.iter().find(|r| r.id == id)
}

/// Every region id, comma-separated, for messages.
pub fn region_ids() -> String {
    GRID_REGIONS
        .iter()
        .map(|r| r.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The grid the run draws from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Grid {
    /// A region preset.
    Region(&'static GridRegion),
    /// A figure the person typed, kg CO₂e per kWh.
    Custom(f64),
}

impl Grid {
    /// kg CO₂e per kWh.
    pub fn kg_per_kwh(self) -> f64 {
        match self {
            Grid::Region(r) => r.kg_per_kwh,
            Grid::Custom(kg) => kg,
        }
    }

    /// The region preset, if it is one.
    pub fn region(self) -> Option<&'static GridRegion> {
        match self {
            Grid::Region(r) => Some(r),
            Grid::Custom(_) => None,
        }
    }

    /// "United States, 2023 (0.369 kg CO₂e/kWh)" or "your grid, 0.2 kg CO₂e/kWh".
    pub fn describe(self) -> String {
        match self {
            Grid::Region(r) => format!(
                "{}, {} ({} kg CO₂e/kWh)",
                r.place,
                r.year,
                format::plain(r.kg_per_kwh)
            ),
            Grid::Custom(kg) => format!("your grid, {} kg CO₂e/kWh", format::plain(kg)),
        }
    }
}

impl Serialize for Grid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Grid::Region(r) => serializer.serialize_str(r.id),
            Grid::Custom(kg) => serializer.serialize_f64(*kg),
        }
    }
}

// ---------------------------------------------------------------------------
// Settings.

/// What a person sets for energy and emissions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EnergySettings {
    /// Power usage effectiveness: facility energy ÷ IT energy, in [1, 3].
    pub pue: f64,
    pub power: PowerFactor,
    pub grid: Grid,
    /// Report market-based emissions: 0 t, counting renewable energy bought
    /// to match the run's use (as Meta's cards do) instead of the grid's mix.
    pub market_based: bool,
}

impl Default for EnergySettings {
    /// PUE 1.1 (hyperscale), board power (TDP), the US grid of 2023,
    /// location-based.
    fn default() -> EnergySettings {
        EnergySettings {
            pue: DEFAULT_PUE,
            power: PowerFactor::Tdp,
            grid: Grid::Region(&GRID_REGIONS[0]),
            market_based: false,
        }
    }
}

impl EnergySettings {
    /// The settings in a few words, for notices: "PUE 1.1, power at board
    /// power (TDP), United States, 2023 (0.369 kg CO₂e/kWh), location-based".
    pub fn describe(&self) -> String {
        format!(
            "PUE {}, power at {}, {}, {}",
            format::plain(self.pue),
            match self.power {
                PowerFactor::Tdp => "board power (TDP)".to_string(),
                PowerFactor::MeasuredAverage => "the measured average".to_string(),
                PowerFactor::Custom(f) => format!("{} of board power", format::percent(f)),
            },
            self.grid.describe(),
            if self.market_based {
                "market-based"
            } else {
                "location-based"
            }
        )
    }
}

// ---------------------------------------------------------------------------
// The formulas.

/// Energy of a run, kWh: `accelerator_hours × watts × power_factor × pue / 1000`.
///
/// Example: LLaMA 65B's 1,022,362 A100-hours at 400 W, full power, PUE 1.1:
/// 449,839 kWh (LLaMA, Table 15: 449 MWh).
pub fn energy_kwh(accelerator_hours: f64, watts: f64, power_factor: f64, pue: f64) -> f64 {
    accelerator_hours * watts * power_factor * pue / 1000.0
}

/// Emissions, tonnes CO₂e: `energy_kwh × kg_per_kwh / 1000`.
///
/// Example: 449,839 kWh at LLaMA's 0.385 kg/kWh: 173.2 t (Table 15: 173).
pub fn emissions_tco2e(energy_kwh: f64, kg_per_kwh: f64) -> f64 {
    energy_kwh * kg_per_kwh / 1000.0
}

// ---------------------------------------------------------------------------
// The estimate.

/// The board power used, W, and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BoardPower {
    pub watts: f64,
    /// Where the catalog's figure is printed.
    pub source: &'static str,
}

/// Energy and emissions for one accelerator at one count: the headline's,
/// or one table row's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnergyEstimate {
    /// The accelerator's catalog id (`custom` for a custom one) and name.
    pub accelerator_id: &'static str,
    pub accelerator: &'static str,
    /// `None` where the catalog has no board power (TPUs) or the accelerator
    /// is custom: then there is no energy, and [`EnergyEstimate::unavailable`] says why.
    pub board_power: Option<BoardPower>,
    pub settings: EnergySettings,
    /// The power factor band in use on this accelerator.
    pub power: PowerBand,
    /// Accelerator-hours, smallest first (the high-MFU end first).
    pub accelerator_hours: (f64, f64),
    /// Energy, kWh, smallest first: the high-MFU end at the low power factor,
    /// then the low-MFU end at the high one.
    pub kwh: Option<(f64, f64)>,
    /// Location-based emissions, t CO₂e, smallest first.
    pub location_tco2e: Option<(f64, f64)>,
    /// The emissions reported: the location-based ones, or 0 when
    /// market-based.
    pub tco2e: Option<(f64, f64)>,
}

/// Energy and emissions for a run of `time_cost` on `accelerator`.
pub fn energy_estimate(
    settings: &EnergySettings,
    accelerator: &AcceleratorInUse,
    time_cost: &TimeCostBand,
) -> EnergyEstimate {
    let board_power = match accelerator {
        AcceleratorInUse::Catalog { accelerator, .. } => accelerator
            .board_power_w
            .zip(accelerator.board_power_source)
            .map(|(watts, source)| BoardPower { watts, source }),
        AcceleratorInUse::Custom(_) => None,
    };
    let power = settings.power.band(accelerator);
    let hours = time_cost.accelerator_hours_range();
    let kwh = board_power.map(|b| {
        (
            energy_kwh(hours.0, b.watts, power.low, settings.pue),
            energy_kwh(hours.1, b.watts, power.high, settings.pue),
        )
    });
    let kg = settings.grid.kg_per_kwh();
    let location_tco2e =
        kwh.map(|(low, high)| (emissions_tco2e(low, kg), emissions_tco2e(high, kg)));
    let tco2e = if settings.market_based {
        location_tco2e.map(|_| (0.0, 0.0))
    } else {
        location_tco2e
    };
    EnergyEstimate {
        accelerator_id: accelerator.id(),
        accelerator: accelerator.name(),
        board_power,
        settings: *settings,
        power,
        accelerator_hours: hours,
        kwh,
        location_tco2e,
        tco2e,
    }
}

impl EnergyEstimate {
    /// Why there is no energy: "No board power is published for the Google
    /// TPU v4 (per chip), so energy and emissions are not estimated."; `None`
    /// when there is.
    pub fn unavailable(&self) -> Option<String> {
        if self.board_power.is_some() {
            return None;
        }
        Some(if self.accelerator_id == "custom" {
            "A custom accelerator has no board power in the catalog: energy and emissions are \
             not estimated."
                .to_string()
        } else {
            format!(
                "No board power is published for the {}, so energy and emissions are not \
                 estimated.",
                self.accelerator
            )
        })
    }

    /// The energy, low to high in one unit: "3.52–4.1 GWh"; "no power figure"
    /// without one.
    pub fn energy_text(&self) -> String {
        match self.kwh {
            Some((low, high)) => format::energy_range(low, high),
            None => "no power figure".to_string(),
        }
    }

    /// The emissions reported, low to high: "1,300–1,510 t CO₂e", or
    /// "0 t CO₂e (market-based)"; "no power figure" without power.
    pub fn emissions_text(&self) -> String {
        match (self.tco2e, self.settings.market_based) {
            (Some(_), true) => "0 t CO₂e (market-based)".to_string(),
            (Some((low, high)), false) => format::tonnes_co2e_range(low, high),
            (None, _) => "no power figure".to_string(),
        }
    }

    /// The location-based emissions, low to high, whatever the switch says.
    pub fn location_text(&self) -> String {
        match self.location_tco2e {
            Some((low, high)) => format::tonnes_co2e_range(low, high),
            None => "no power figure".to_string(),
        }
    }

    /// The energy line: "391–521 MWh (high end: 6.76e5 h × 700 W × 100 % ×
    /// PUE 1.1 / 1000 = 521 MWh)", or why there is none.
    pub fn energy_line(&self) -> String {
        match (self.unavailable(), self.energy_formula()) {
            (Some(why), _) => why,
            (None, Some(w)) => {
                let end = if self.kwh.is_some_and(|(low, high)| low != high) {
                    "high end: "
                } else {
                    ""
                };
                format!(
                    "{} ({end}{} = {})",
                    self.energy_text(),
                    w.formula,
                    format::energy_kwh(w.value)
                )
            }
            (None, None) => self.energy_text(),
        }
    }

    /// The emissions line: "144–192 t CO₂e, location-based; grid: United
    /// States, 2023 (0.369 kg CO₂e/kWh)"; when market-based, the 0 t with
    /// what it means and the location-based figure beside it.
    pub fn emissions_line(&self) -> String {
        if let Some(why) = self.unavailable() {
            return why;
        }
        let grid = self.settings.grid.describe();
        if self.settings.market_based {
            format!(
                "0 t CO₂e market-based (electricity matched by renewable-energy purchases counts \
                 as zero); location-based {}; grid: {grid}",
                self.location_text()
            )
        } else {
            format!("{}, location-based; grid: {grid}", self.emissions_text())
        }
    }

    /// The headline: "Energy 391–521 MWh at board power, PUE 1.1. Emissions
    /// 144–192 t CO₂e, location-based; grid: United States, 2023 (0.369 kg
    /// CO₂e/kWh)." or why there is none.
    pub fn headline(&self) -> String {
        if let Some(why) = self.unavailable() {
            return why;
        }
        format!(
            "Energy {} {}. Emissions {}.",
            self.energy_text(),
            self.energy_basis(),
            self.emissions_line()
        )
    }

    /// What the energy assumes, for the line under the page's headline
    /// figure: "at board power, PUE 1.1" or "at 89–93 % of board power, PUE 1.1".
    pub fn energy_basis(&self) -> String {
        let power = match self.settings.power {
            PowerFactor::Tdp => "at board power".to_string(),
            _ => format!(
                "at {} of board power",
                format::percent_range(self.power.low, self.power.high)
            ),
        };
        format!("{power}, PUE {}", format::plain(self.settings.pue))
    }

    /// How the emissions are counted, for the line under the page's headline
    /// figure: "location-based; grid: United States, 2023 (0.369 kg
    /// CO₂e/kWh)", or, market-based, what that means with the location-based
    /// figure beside it; why there is none without power.
    pub fn emissions_basis(&self) -> String {
        if let Some(why) = self.unavailable() {
            return why;
        }
        let grid = self.settings.grid.describe();
        if self.settings.market_based {
            format!(
                "market-based: renewable-energy purchases count as zero; location-based {}; \
                 grid: {grid}",
                self.location_text()
            )
        } else {
            format!("location-based; grid: {grid}")
        }
    }

    /// The energy formula at the slow end (low MFU, high power factor), with
    /// the numbers: "6.76e5 h × 700 W × 100 % × PUE 1.1 / 1000" kWh.
    pub fn energy_formula(&self) -> Option<Worked> {
        let (b, (_, high)) = self.board_power.zip(self.kwh)?;
        Some(Worked {
            formula: format!(
                "{} h × {} W × {} × PUE {} / 1000",
                format::flops(self.accelerator_hours.1),
                format::plain(b.watts),
                format::percent(self.power.high),
                format::plain(self.settings.pue)
            ),
            value: high,
        })
    }

    /// The emissions formula at the slow end: "5.21e5 kWh × 0.369 kg/kWh / 1000" t.
    pub fn emissions_formula(&self) -> Option<Worked> {
        let ((_, kwh), (_, t)) = self.kwh.zip(self.location_tco2e)?;
        Some(Worked {
            formula: format!(
                "{} kWh × {} kg/kWh / 1000",
                format::flops(kwh),
                format::plain(self.settings.grid.kg_per_kwh())
            ),
            value: t,
        })
    }
}

// ---------------------------------------------------------------------------
// Texts beside the fields, and the choices offered.

/// The line beside the PUE field: "1.1: hyperscale datacenter. Google's
/// fleet ran at about 1.10 (…)" or "1.3: your PUE."
pub fn pue_note(settings: &EnergySettings) -> String {
    let shown = format::plain(settings.pue);
    match PUE_PRESETS.iter().find(|p| p.pue == settings.pue) {
        Some(p) => format!("{}. {}", p.label, p.source),
        None => format!(
            "{shown}: your PUE. Hyperscale datacenters run at about 1.1, the industry average \
             is 1.58 (Uptime Institute, 2023)."
        ),
    }
}

/// The line beside the power field, for the scenario's accelerator.
pub fn power_note(settings: &EnergySettings, accelerator: &AcceleratorInUse) -> String {
    match settings.power {
        PowerFactor::Tdp => "100 % of board power (TDP): an upper bound, and the basis of \
                             Meta's model cards and LLaMA's estimates. Measured runs draw \
                             0.54–0.93 of it."
            .to_string(),
        PowerFactor::MeasuredAverage => {
            let m = measured_power(accelerator.id());
            let band = format::percent_range(m.low, m.high);
            if m.accelerator_ids.is_empty() {
                format!(
                    "{band} of board power: no measurement is published for the {}, so the \
                     range across {} is used. {}",
                    accelerator.name(),
                    m.label,
                    m.source
                )
            } else {
                format!(
                    "{band} of board power, measured on {}. {}",
                    m.label, m.source
                )
            }
        }
        PowerFactor::Custom(f) => format!("{} of board power: your figure.", format::percent(f)),
    }
}

/// The line beside the grid field: the figure, its year, basis and source.
pub fn grid_note(settings: &EnergySettings) -> String {
    match settings.grid {
        Grid::Region(r) => format!(
            "{} kg CO₂e per kWh: {}, {} ({}). Source: {}.",
            format::plain(r.kg_per_kwh),
            r.place,
            r.year,
            r.basis,
            r.source
        ),
        Grid::Custom(kg) => format!("{} kg CO₂e per kWh: your figure.", format::plain(kg)),
    }
}

/// What the market-based switch means, as the page shows it beside the switch.
pub const MARKET_BASED_MEANING: &str = "Market-based accounting counts electricity matched by \
renewable-energy purchases (certificates, power purchase agreements) as zero emissions, as \
Meta's Llama 3.1–4 cards report 0 t. Location-based accounting, the default, counts the \
grid's average mix where the run draws its power. The page shows both when the switch is on.";

/// One power setting offered as a choice, with its source, for the
/// scenario's accelerator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PowerChoice {
    /// `tdp` or `measured`.
    pub id: &'static str,
    pub power: PowerFactor,
    /// "100 % of board power (TDP)", "89–93 % — measured on H100 (Olmo 3)".
    pub label: String,
    pub source: String,
}

/// The two power presets, for the scenario's accelerator.
pub fn power_choices(accelerator: &AcceleratorInUse) -> Vec<PowerChoice> {
    let m = measured_power(accelerator.id());
    vec![
        PowerChoice {
            id: "tdp",
            power: PowerFactor::Tdp,
            label: "100 % of board power (TDP)".to_string(),
            source: "The vendor's board power; Meta's model cards and LLaMA count so.".to_string(),
        },
        PowerChoice {
            id: "measured",
            power: PowerFactor::MeasuredAverage,
            label: format!(
                "{} — measured average ({})",
                format::percent_range(m.low, m.high),
                m.label
            ),
            source: m.source.to_string(),
        },
    ]
}

// ---------------------------------------------------------------------------
// The model card block.

/// The Hugging Face model card's `co2_eq_emissions` block (hub-docs
/// `model-cards-co2.md`) for this estimate, run on `n_accelerators`; `None`
/// without a power figure.
///
/// Emissions are in grams, written as plain digits: the Hub keeps only the
/// first number it reads, so `2.04e9` would be read as 2.04 and
/// `2_040_000_000` as 2. The figure is the high end of a range (low MFU,
/// high power factor), and `source` says the method.
pub fn model_card_block(energy: &EnergyEstimate, n_accelerators: u64) -> Option<String> {
    let (_, high_t) = energy.tco2e?;
    let (_, high_kwh) = energy.kwh?;
    let board = energy.board_power?;
    let grams = format::plain_digits(high_t * 1e6);
    let grid = energy.settings.grid;
    let basis = if energy.settings.market_based {
        format!(
            "market-based (renewable purchases count as zero; location-based {} g)",
            format::plain_digits(energy.location_tco2e.map_or(0.0, |t| t.1) * 1e6)
        )
    } else {
        "location-based".to_string()
    };
    let grid_source = match grid {
        Grid::Region(r) => format!(" ({}, {}; {})", r.place, r.year, r.source),
        Grid::Custom(_) => " (the user's figure)".to_string(),
    };
    let high_end = if energy.kwh.is_some_and(|(low, high)| low != high) {
        "; the high end of the estimate's range"
    } else {
        ""
    };
    let method = format!(
        "{} accelerator-hours × {} W × {} of board power × PUE {} = {}; × {} kg CO2e/kWh{grid_source}, {basis}{high_end}",
        format::count(energy.accelerator_hours.1),
        format::plain(board.watts),
        format::percent(energy.power.high),
        format::plain(energy.settings.pue),
        format::energy_kwh(high_kwh),
        format::plain(grid.kg_per_kwh()),
    );
    let location = match grid {
        Grid::Region(r) => r.place.to_string(),
        Grid::Custom(_) => "not stated".to_string(),
    };
    Some(format!(
        "co2_eq_emissions:\n  emissions: {grams}\n  source: {}\n  training_type: pre-training\n  \
         geographical_location: {}\n  hardware_used: {}\n",
        yaml_string(&format!("flopcast estimate: {method}")),
        yaml_string(&location),
        yaml_string(&format!("{n_accelerators} × {}", energy.accelerator)),
    ))
}

/// A YAML double-quoted scalar.
fn yaml_string(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' => vec!['\\', 'n'],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::{time_and_cost_band, MfuBand, TimeCostInputs};

    use crate::testing::close;

    fn h100() -> AcceleratorInUse {
        AcceleratorInUse::from_catalog("h100-sxm5-80gb", None).expect("H100 in the catalog")
    }

    /// 1e24 FLOPs on 1,024 H100s (989.5 TFLOP/s dense BF16).
    fn band(mfu: MfuBand) -> TimeCostBand {
        time_and_cost_band(
            &TimeCostInputs {
                total_flops: 1e24,
                peak_flops_per_s: 989.5e12,
                n_accelerators: 1024,
                mfu: mfu.low,
                usd_per_accelerator_hour: None,
            },
            mfu,
        )
    }

    #[test]
    fn llama_65b_reproduces_its_table_15_row() {
        let kwh = energy_kwh(1_022_362.0, 400.0, 1.0, 1.1);
        assert!(close(kwh, 449_839.3, 1e-6), "{kwh}");
        let t = emissions_tco2e(kwh, 0.385);
        assert!(close(t, 173.19, 1e-4), "{t}");
    }

    #[test]
    fn energy_is_hours_times_board_power_times_factor_times_pue() {
        let settings = EnergySettings::default();
        let tc = band(MfuBand::point(0.4));
        let e = energy_estimate(&settings, &h100(), &tc);
        let hours = tc.at_low_mfu.accelerator_hours;
        let (low, high) = e.kwh.expect("the H100 has a board power");
        assert_eq!(low, high);
        assert!(close(high, hours * 700.0 * 1.1 / 1000.0, 1e-12));
        let (t, _) = e.tco2e.expect("emissions");
        assert!(close(t, high * 0.369 / 1000.0, 1e-12));
    }

    #[test]
    fn the_mfu_band_and_a_measured_band_widen_the_energy_range_low_to_high() {
        let settings = EnergySettings {
            power: PowerFactor::MeasuredAverage,
            ..EnergySettings::default()
        };
        let tc = band(MfuBand {
            low: 0.3,
            high: 0.5,
        });
        let e = energy_estimate(&settings, &h100(), &tc);
        let (low, high) = e.kwh.expect("energy");
        let expected_low = tc.at_high_mfu.accelerator_hours * 700.0 * (621.0 / 700.0) * 1.1 / 1e3;
        let expected_high = tc.at_low_mfu.accelerator_hours * 700.0 * (649.0 / 700.0) * 1.1 / 1e3;
        assert!(close(low, expected_low, 1e-12) && close(high, expected_high, 1e-12));
        assert!(low < high);
        let text = e.energy_text();
        assert!(text.contains('–') && text.ends_with("Wh"), "{text}");
    }

    #[test]
    fn market_based_reports_zero_and_keeps_the_location_figure() {
        let settings = EnergySettings {
            market_based: true,
            ..EnergySettings::default()
        };
        let e = energy_estimate(&settings, &h100(), &band(MfuBand::point(0.4)));
        assert_eq!(e.tco2e, Some((0.0, 0.0)));
        assert!(e.location_tco2e.is_some_and(|(t, _)| t > 0.0));
        assert_eq!(e.emissions_text(), "0 t CO₂e (market-based)");
        let headline = e.headline();
        assert!(
            headline.contains("renewable-energy purchases"),
            "{headline}"
        );
        assert!(headline.contains(&e.location_text()), "{headline}");
    }

    #[test]
    fn the_headline_bases_name_power_pue_grid_and_accounting() {
        let e = energy_estimate(
            &EnergySettings::default(),
            &h100(),
            &band(MfuBand::point(0.4)),
        );
        assert_eq!(e.energy_basis(), "at board power, PUE 1.1");
        assert_eq!(
            e.emissions_basis(),
            "location-based; grid: United States, 2023 (0.369 kg CO₂e/kWh)"
        );
        let measured = EnergySettings {
            power: PowerFactor::MeasuredAverage,
            market_based: true,
            ..EnergySettings::default()
        };
        let e = energy_estimate(&measured, &h100(), &band(MfuBand::point(0.4)));
        assert!(
            e.energy_basis().contains("% of board power, PUE 1.1"),
            "{}",
            e.energy_basis()
        );
        let basis = e.emissions_basis();
        assert!(
            basis.starts_with("market-based") && basis.contains(&e.location_text()),
            "{basis}"
        );
    }

    #[test]
    fn an_accelerator_without_board_power_says_so_instead_of_guessing() {
        let tpu = AcceleratorInUse::from_catalog("tpu-v4", None).expect("TPU v4");
        let e = energy_estimate(&EnergySettings::default(), &tpu, &band(MfuBand::point(0.4)));
        assert_eq!(e.kwh, None);
        assert_eq!(e.tco2e, None);
        let why = e.unavailable().expect("a reason");
        assert!(
            why.contains("TPU v4") && why.contains("No board power"),
            "{why}"
        );
        assert_eq!(e.headline(), why);
        assert_eq!(e.emissions_basis(), why);
        assert_eq!(model_card_block(&e, 8), None);
    }

    #[test]
    fn measured_power_falls_back_to_the_range_across_runs() {
        assert_eq!(measured_power("h100-sxm5-80gb").label, "H100 (Olmo 3)");
        let mi300 = measured_power("mi300x");
        assert_eq!((mi300.low, mi300.high), (0.54, 0.93));
        let note = power_note(
            &EnergySettings {
                power: PowerFactor::MeasuredAverage,
                ..EnergySettings::default()
            },
            &AcceleratorInUse::from_catalog("mi300x", None).expect("MI300X"),
        );
        assert!(note.contains("no measurement is published"), "{note}");
    }

    #[test]
    fn presets_and_regions_have_unique_ids_and_sources() {
        for (i, p) in PUE_PRESETS.iter().enumerate() {
            assert!((MIN_PUE..=MAX_PUE).contains(&p.pue) && !p.source.is_empty());
            assert!(PUE_PRESETS[..i]
                .iter()
                .all(|q| q.id != p.id && q.pue < p.pue));
        }
        for (i, r) in GRID_REGIONS.iter().enumerate() {
            assert!(r.kg_per_kwh >= 0.0 && r.kg_per_kwh <= MAX_GRID_KG_PER_KWH);
            assert!(!r.source.is_empty() && !r.year.is_empty(), "{}", r.id);
            assert!(GRID_REGIONS[..i].iter().all(|q| q.id != r.id), "{}", r.id);
            assert_eq!(region(r.id).map(|q| q.kg_per_kwh), Some(r.kg_per_kwh));
        }
        assert_eq!(region(DEFAULT_REGION).map(|r| r.id), Some("us-2023"));
        assert_eq!(
            EnergySettings::default().grid.region().map(|r| r.id),
            Some(DEFAULT_REGION)
        );
    }

    #[test]
    fn notes_say_where_each_figure_comes_from() {
        let s = EnergySettings::default();
        assert!(pue_note(&s).contains("hyperscale"), "{}", pue_note(&s));
        assert!(grid_note(&s).contains("2023"), "{}", grid_note(&s));
        let custom = EnergySettings {
            pue: 1.3,
            grid: Grid::Custom(0.2),
            ..s
        };
        assert!(pue_note(&custom).starts_with("1.3: your PUE"));
        assert_eq!(grid_note(&custom), "0.2 kg CO₂e per kWh: your figure.");
    }
}
