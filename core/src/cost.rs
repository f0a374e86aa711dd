//! Turns a total FLOP count into wall-clock time, accelerator-hours and money.
//!
//! This module owns the three formulas, the MFU presets with their sources,
//! and MFU bands (a low–high range giving a time and cost range). It takes
//! plain numbers: total training FLOPs, a dense peak in FLOP/s, an accelerator
//! count, an MFU and a price. It deliberately does not count FLOPs
//! ([`crate::flops`]), pick a peak or a price ([`crate::hardware`]) or check
//! memory ([`crate::memory`]); and it does not model anything MFU does not
//! already absorb: restarts, failed nodes, queueing, storage or networking
//! charges, or discounts beyond the price given.
//!
//! Inputs are expected finite and positive (the form validates them). Outside
//! that domain the functions still return, following IEEE arithmetic (zero
//! MFU gives infinite time); nothing here panics.

use serde::Serialize;

/// Seconds in an hour.
const SECONDS_PER_HOUR: f64 = 3600.0;

/// What a run costs to compute.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TimeCostInputs {
    /// Total training FLOPs.
    pub total_flops: f64,
    /// Dense peak of one accelerator at the precision used, FLOP/s.
    pub peak_flops_per_s: f64,
    /// How many accelerators run in parallel.
    pub n_accelerators: u64,
    /// Model FLOPs utilization: achieved FLOP/s ÷ peak FLOP/s, in (0, 1].
    pub mfu: f64,
    /// USD per accelerator-hour; `None` when no price is known.
    pub usd_per_accelerator_hour: Option<f64>,
}

/// How long and how much.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TimeCost {
    /// Wall-clock time, s.
    pub wall_seconds: f64,
    /// Accelerator-hours: accelerators × wall-clock hours.
    pub accelerator_hours: f64,
    /// USD; `None` when no price was given.
    pub cost_usd: Option<f64>,
}

/// Time and cost of a training run.
///
/// ```text
/// wall_seconds      = total_flops / (n_accelerators × peak_flops_per_s × mfu)
/// accelerator_hours = n_accelerators × wall_seconds / 3600
/// cost_usd          = accelerator_hours × usd_per_accelerator_hour
/// ```
///
/// Accelerator-hours are computed as `total_flops / (peak × mfu) / 3600`, which
/// is the same quantity with the count cancelled, so they do not move by a
/// rounding error when only the count changes.
///
/// Example: GPT-3's 3.14e23 FLOPs on A100s at 312 TFLOP/s BF16 and 40 % MFU
/// take 2.52e9 A100-seconds ≈ 6.99e5 A100-hours.
pub fn time_and_cost(inputs: &TimeCostInputs) -> TimeCost {
    let accelerator_seconds = inputs.total_flops / (inputs.peak_flops_per_s * inputs.mfu);
    let wall_seconds = accelerator_seconds / inputs.n_accelerators as f64;
    let accelerator_hours = accelerator_seconds / SECONDS_PER_HOUR;
    TimeCost {
        wall_seconds,
        accelerator_hours,
        cost_usd: inputs
            .usd_per_accelerator_hour
            .map(|usd| accelerator_hours * usd),
    }
}

/// A range of MFU: the run is assumed to land somewhere between `low` and
/// `high`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MfuBand {
    pub low: f64,
    pub high: f64,
}

impl MfuBand {
    /// A band of one value: both ends equal.
    pub fn point(mfu: f64) -> MfuBand {
        MfuBand {
            low: mfu,
            high: mfu,
        }
    }

    /// The band with its ends in order (a band typed backwards is still a band).
    pub fn ordered(self) -> MfuBand {
        MfuBand {
            low: self.low.min(self.high),
            high: self.low.max(self.high),
        }
    }

    /// A warning when the band is valid but unlike any real run: at most 1 %
    /// (most likely a fraction typed where a percentage was meant: 0.4 for
    /// 40 %), or above 60 %, which published dense runs have not reached.
    pub fn implausible(self) -> Option<String> {
        let percent = crate::format::percent;
        if self.high <= FRACTION_TYPO_MFU {
            Some(format!(
                "{} is far below real runs (30–50 %). If you meant a fraction, type it as a percentage: {} for {}.",
                percent(self.high),
                crate::format::plain(self.high * 1e4),
                percent(self.high * 100.0)
            ))
        } else if self.high > VERY_HIGH_MFU {
            Some(format!(
                "{} is above any published training run (PaLM reached 46.2 %; 60 % is very high), so time and cost will read low.",
                percent(self.high)
            ))
        } else {
            None
        }
    }
}

/// At or below this MFU a value reads as a fraction typed as a percentage.
const FRACTION_TYPO_MFU: f64 = 0.01;
/// Above this MFU a run is beyond what published dense training has reached.
const VERY_HIGH_MFU: f64 = 0.6;

/// Time and cost at both ends of an MFU band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TimeCostBand {
    /// At the band's low MFU: the slow, expensive end.
    pub at_low_mfu: TimeCost,
    /// At the band's high MFU: the fast, cheap end.
    pub at_high_mfu: TimeCost,
}

impl TimeCostBand {
    /// Wall-clock seconds, smallest first (the high-MFU end first).
    pub fn wall_seconds_range(&self) -> (f64, f64) {
        (self.at_high_mfu.wall_seconds, self.at_low_mfu.wall_seconds)
    }

    /// Accelerator-hours, smallest first.
    pub fn accelerator_hours_range(&self) -> (f64, f64) {
        (
            self.at_high_mfu.accelerator_hours,
            self.at_low_mfu.accelerator_hours,
        )
    }

    /// Cost in USD, smallest first; `None` without a price.
    pub fn cost_usd_range(&self) -> Option<(f64, f64)> {
        self.at_high_mfu.cost_usd.zip(self.at_low_mfu.cost_usd)
    }

    /// The time as text, low to high in one unit: "63–71 days", or one
    /// duration for a single MFU.
    pub fn time_text(&self) -> String {
        let (low, high) = self.wall_seconds_range();
        crate::format::duration_range(low, high)
    }

    /// The accelerator-hours as text: "1.2M–1.4M".
    pub fn hours_text(&self) -> String {
        let (low, high) = self.accelerator_hours_range();
        crate::format::count_range(low, high)
    }

    /// The cost as text: "$507k–$571k"; `None` without a price.
    pub fn cost_text(&self) -> Option<String> {
        self.cost_usd_range()
            .map(|(low, high)| crate::format::usd_range(low, high))
    }
}

/// [`time_and_cost`] at each end of `band` (ends put in order first);
/// `inputs.mfu` is not read. Time and cost scale as 1 / MFU, so every value in
/// between lies between the two ends.
pub fn time_and_cost_band(inputs: &TimeCostInputs, band: MfuBand) -> TimeCostBand {
    let band = band.ordered();
    TimeCostBand {
        at_low_mfu: time_and_cost(&TimeCostInputs {
            mfu: band.low,
            ..*inputs
        }),
        at_high_mfu: time_and_cost(&TimeCostInputs {
            mfu: band.high,
            ..*inputs
        }),
    }
}

/// A named MFU to start from, with where the figure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MfuPreset {
    /// Stable kebab-case id (in links; never renamed).
    pub id: &'static str,
    pub mfu: f64,
    pub label: &'static str,
    pub source: &'static str,
}

/// MFU presets, lowest first.
pub const MFU_PRESETS: [MfuPreset; 6] = [
    MfuPreset {
        id: "epoch-default",
        mfu: 0.30,
        label: "30 % (Epoch AI's default)",
        source: "Epoch AI's default utilization when estimating training compute from \
                 hardware and training time (epoch.ai, AI models documentation: estimation)",
    },
    MfuPreset {
        id: "gpt-sw3",
        mfu: 0.393,
        label: "39.3 % (GPT-SW3)",
        source: "GPT-SW3 training run, Ekgren et al. 2023, arXiv 2305.12987 \
                 (figure as given in the flopcast issue)",
    },
    MfuPreset {
        id: "typical",
        mfu: 0.40,
        label: "40 % (typical large run)",
        source: "Llama 3.1 405B pre-training reached 38–43 % on 8K–16K H100s \
                 (Llama Team 2024, arXiv 2407.21783, Table 4)",
    },
    MfuPreset {
        id: "palm",
        mfu: 0.462,
        label: "46.2 % (PaLM)",
        source: "PaLM 540B on 6,144 TPU v4, counting attention FLOPs \
                 (Chowdhery et al. 2022, arXiv 2204.02311, Table 3)",
    },
    MfuPreset {
        id: "high",
        mfu: 0.50,
        label: "50 % (high)",
        source: "Round figure between PaLM's 46.2 % and Megatron-LM's best benchmark (56.3 %): \
                 an optimistic target for a well-tuned run",
    },
    MfuPreset {
        id: "very-high",
        mfu: 0.60,
        label: "60 % (very high)",
        source: "Beyond what large runs report: Megatron-LM's README benchmarks reach 56.3 % \
                 MFU for a 1T-parameter model (NVIDIA Megatron-LM; MFU as defined by \
                 Korthikanti et al. 2022, arXiv 2205.05198)",
    },
];

/// The preset with this id.
pub fn mfu_preset(id: &str) -> Option<&'static MfuPreset> {
    MFU_PRESETS.iter().find(|p| p.id == id)
}

/// A goodput to start from: the share of wall-clock time that trains, the
/// rest lost to failures, restarts, checkpoints and repeated steps.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GoodputPreset {
    /// Stable kebab-case id (CLI; never renamed).
    pub id: &'static str,
    pub goodput: f64,
    pub label: &'static str,
    pub source: &'static str,
}

/// Goodput presets, highest first.
pub const GOODPUT_PRESETS: [GoodputPreset; 2] = [
    GoodputPreset {
        id: "none-lost",
        goodput: 1.0,
        label: "100 % (no time lost)",
        source: "The estimate's ideal: every hour trains. Published MFUs are measured over \
                 training steps, so they do not include time lost between them.",
    },
    GoodputPreset {
        id: "llama-3",
        goodput: 0.9,
        label: "90 % (Llama 3 405B)",
        source: "Llama Team 2024, arXiv 2407.21783, §3.3.4: higher than 90 % effective \
                 training time over a 54-day snapshot of pre-training with 466 job \
                 interruptions (47 planned, 419 unexpected) on 16,384 H100s",
    },
];

/// The goodput preset with this id.
pub fn goodput_preset(id: &str) -> Option<&'static GoodputPreset> {
    GOODPUT_PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::close;

    fn a100(total_flops: f64, n_accelerators: u64) -> TimeCostInputs {
        TimeCostInputs {
            total_flops,
            peak_flops_per_s: 312e12,
            n_accelerators,
            mfu: 0.40,
            usd_per_accelerator_hour: Some(2.0),
        }
    }

    #[test]
    fn gpt3_on_a100s_at_40_percent_takes_699_thousand_a100_hours() {
        let tc = time_and_cost(&a100(3.14e23, 1));
        assert!(close(tc.accelerator_hours, 6.99e5, 1e-3), "{tc:?}");
        assert!(close(tc.accelerator_hours * 3600.0, 2.52e9, 2e-3), "{tc:?}");
        assert!(close(tc.wall_seconds, 2.516e9, 1e-3), "{tc:?}");
    }

    #[test]
    fn wall_seconds_is_flops_over_count_times_peak_times_mfu() {
        let tc = time_and_cost(&a100(3.14e23, 1024));
        let expected = 3.14e23 / (1024.0 * 312e12 * 0.40);
        assert!(close(tc.wall_seconds, expected, 1e-12));
    }

    #[test]
    fn accelerator_hours_is_count_times_wall_hours() {
        let tc = time_and_cost(&a100(1e22, 64));
        assert!(close(
            tc.accelerator_hours,
            64.0 * tc.wall_seconds / 3600.0,
            1e-12
        ));
    }

    #[test]
    fn cost_is_accelerator_hours_times_price() {
        let tc = time_and_cost(&a100(1e22, 64));
        assert_eq!(tc.cost_usd, Some(tc.accelerator_hours * 2.0));
    }

    #[test]
    fn cost_is_none_without_a_price() {
        let inputs = TimeCostInputs {
            usd_per_accelerator_hour: None,
            ..a100(1e22, 8)
        };
        assert_eq!(time_and_cost(&inputs).cost_usd, None);
    }

    #[test]
    fn zero_accelerators_give_infinite_time_not_a_panic() {
        let tc = time_and_cost(&a100(1e22, 0));
        assert!(tc.wall_seconds.is_infinite());
    }

    #[test]
    fn band_low_end_is_slower_and_dearer_than_high_end() {
        let band = time_and_cost_band(
            &a100(1e22, 8),
            MfuBand {
                low: 0.3,
                high: 0.5,
            },
        );
        assert!(band.at_low_mfu.wall_seconds > band.at_high_mfu.wall_seconds);
        assert!(band.at_low_mfu.cost_usd > band.at_high_mfu.cost_usd);
        let ratio = band.at_low_mfu.wall_seconds / band.at_high_mfu.wall_seconds;
        assert!(close(ratio, 0.5 / 0.3, 1e-12));
    }

    #[test]
    fn implausible_mfu_is_flagged_and_realistic_mfu_is_not() {
        let typo = MfuBand::point(0.004)
            .implausible()
            .expect("0.4 % is flagged");
        assert!(
            typo.contains("0.4 %") && typo.contains("40 for 40 %"),
            "{typo}"
        );
        assert!(MfuBand::point(0.01).implausible().is_some());
        assert!(MfuBand::point(0.02).implausible().is_none());
        assert!(MfuBand {
            low: 0.3,
            high: 0.5
        }
        .implausible()
        .is_none());
        assert!(MfuBand::point(0.6).implausible().is_none());
        let high = MfuBand {
            low: 0.4,
            high: 0.9,
        }
        .implausible()
        .expect("90 % is flagged");
        assert!(high.contains("90 %"), "{high}");
    }

    #[test]
    fn band_typed_backwards_is_put_in_order() {
        let inputs = a100(1e22, 8);
        let forwards = time_and_cost_band(
            &inputs,
            MfuBand {
                low: 0.3,
                high: 0.5,
            },
        );
        let backwards = time_and_cost_band(
            &inputs,
            MfuBand {
                low: 0.5,
                high: 0.3,
            },
        );
        assert_eq!(forwards, backwards);
    }

    #[test]
    fn point_band_has_equal_ends_matching_the_single_estimate() {
        let inputs = a100(1e22, 8);
        let band = time_and_cost_band(&inputs, MfuBand::point(0.40));
        assert_eq!(band.at_low_mfu, band.at_high_mfu);
        assert_eq!(band.at_low_mfu, time_and_cost(&inputs));
    }

    #[test]
    fn mfu_presets_are_ascending_fractions_with_unique_ids_and_sources() {
        for pair in MFU_PRESETS.windows(2) {
            assert!(pair[0].mfu < pair[1].mfu);
        }
        for (i, p) in MFU_PRESETS.iter().enumerate() {
            assert!(p.mfu > 0.0 && p.mfu < 1.0);
            assert!(!p.source.is_empty());
            assert_eq!(mfu_preset(p.id).map(|q| q.mfu), Some(p.mfu));
            assert!(MFU_PRESETS[..i].iter().all(|q| q.id != p.id));
        }
        let mfus: Vec<f64> = MFU_PRESETS.iter().map(|p| p.mfu).collect();
        assert_eq!(mfus, [0.30, 0.393, 0.40, 0.462, 0.50, 0.60]);
    }
}
