//! Will the run fit, and how should it be laid out? Memory per accelerator
//! for a model, a parallel layout and a count.
//!
//! The pieces, each in its own file:
//! - [`activations`]: what the forward pass keeps for the backward, tensor by
//!   tensor (Korthikanti et al. 2022 generalised; checked against PyTorch).
//! - [`layout`]: TP, PP, CP, EP, ZeRO, micro-batch and global batch, checked
//!   against the model and the count ([`layout::LayoutError`]); DP, the
//!   micro-batches per step and the pipeline bubble.
//! - [`breakdown`]: weights, gradients, optimizer state, activations, logits
//!   and overhead on the most loaded pipeline stage, and the fit.
//! - [`search`]: the layouts that fit, ranked, and the fewest accelerators
//!   that fit at all.
//! - [`recurrent`]: what a sequence keeps to generate (inference): the
//!   recurrent state (conv window + SSM state) that state-space and
//!   linear-attention layers keep instead of a KV cache ([`mixer_state`],
//!   [`recurrent_state`]), the attention layers' KV cache ([`kv_per_token`]),
//!   and both by layer for hybrids ([`sequence_cache`]).
//!
//! This file keeps the bytes-per-parameter table ([`BytesPerParam`] and its
//! [`STATE_PRESETS`]), the fit summary the time & cost tables show
//! ([`MemoryFit`]), and the state-only lower bound of the first release
//! ([`min_accelerators_fully_sharded`]). Memory sizes are the vendors'
//! printed figures (see [`crate::hardware`]). Nothing here models
//! communication buffers beyond the overhead line, CPU offloading or
//! inference.

use serde::{Deserialize, Serialize};

pub mod activations;
pub mod breakdown;
pub mod layout;
mod mixers;
pub mod recurrent;
pub mod search;

pub use recurrent::{
    kv_per_token, mixer_state, recurrent_state, sequence_cache, RecurrentState, SequenceCache,
};

/// Bytes of training state kept per parameter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BytesPerParam {
    /// The weights the forward and backward passes read.
    pub weights: f64,
    /// Gradients.
    pub gradients: f64,
    /// Optimizer state, including any master copy of the weights.
    pub optimizer: f64,
}

impl BytesPerParam {
    /// Mixed-precision Adam (Rajbhandari et al. 2020, ZeRO, §3.1):
    /// 2 bytes of BF16/FP16 weights + 2 bytes of BF16/FP16 gradients + 12 bytes
    /// of FP32 optimizer state (4 master weights + 4 momentum + 4 variance)
    /// = 16 bytes per parameter.
    pub const MIXED_PRECISION_ADAM: BytesPerParam = BytesPerParam {
        weights: 2.0,
        gradients: 2.0,
        optimizer: 12.0,
    };

    /// Mixed precision with FP32 gradients: 2 + 4 + 12 = 18 bytes, as
    /// Megatron-LM keeps its main gradients in FP32
    /// (`--accumulate-allreduce-grads-in-fp32`; its theoretical-memory
    /// report counts 18 bytes without the distributed optimizer).
    pub const FP32_GRADIENTS: BytesPerParam = BytesPerParam {
        weights: 2.0,
        gradients: 4.0,
        optimizer: 12.0,
    };

    /// 8-bit Adam (Dettmers et al. 2022, "8-bit Optimizers via Block-wise
    /// Quantization"): both moments in one byte each, the FP32 master copy
    /// kept: 2 + 2 + (4 + 1 + 1) = 10 bytes (block-wise scales, about 0.1 %
    /// more, not counted).
    pub const ADAM_8BIT: BytesPerParam = BytesPerParam {
        weights: 2.0,
        gradients: 2.0,
        optimizer: 6.0,
    };

    /// BF16 everything: BF16 weights, gradients and both Adam moments, no
    /// FP32 master copy: 2 + 2 + 4 = 8 bytes (trades update precision for
    /// memory; usually with stochastic rounding or Kahan summation).
    pub const BF16_EVERYTHING: BytesPerParam = BytesPerParam {
        weights: 2.0,
        gradients: 2.0,
        optimizer: 4.0,
    };

    /// Bytes per parameter in all.
    pub fn total(self) -> f64 {
        self.weights + self.gradients + self.optimizer
    }

    /// The preset with these bytes, if any.
    pub fn preset(self) -> Option<&'static StatePreset> {
        STATE_PRESETS.iter().find(|p| p.bytes == self)
    }

    /// The table an old link's single figure stands for: the preset with that
    /// total, else 2 bytes of weights, 2 of gradients and the rest optimizer
    /// state (all three scaled down when the total is under 4).
    pub fn from_total(total: f64) -> BytesPerParam {
        if let Some(p) = STATE_PRESETS.iter().find(|p| p.bytes.total() == total) {
            return p.bytes;
        }
        if total >= 4.0 {
            BytesPerParam {
                weights: 2.0,
                gradients: 2.0,
                optimizer: total - 4.0,
            }
        } else {
            BytesPerParam {
                weights: total / 4.0,
                gradients: total / 4.0,
                optimizer: total / 2.0,
            }
        }
    }
}

/// A named bytes-per-parameter table and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StatePreset {
    /// Stable kebab-case id (links, CLI; never renamed).
    pub id: &'static str,
    pub label: &'static str,
    pub bytes: BytesPerParam,
}

/// The bytes-per-parameter presets; the first is the default.
pub const STATE_PRESETS: [StatePreset; 4] = [
    StatePreset {
        id: "mixed-adam",
        label: "Mixed-precision Adam: 2 + 2 + 12",
        bytes: BytesPerParam::MIXED_PRECISION_ADAM,
    },
    StatePreset {
        id: "fp32-grads",
        label: "Mixed precision, FP32 gradients: 2 + 4 + 12",
        bytes: BytesPerParam::FP32_GRADIENTS,
    },
    StatePreset {
        id: "adam-8bit",
        label: "8-bit Adam: 2 + 2 + 6",
        bytes: BytesPerParam::ADAM_8BIT,
    },
    StatePreset {
        id: "bf16",
        label: "BF16 everything: 2 + 2 + 4",
        bytes: BytesPerParam::BF16_EVERYTHING,
    },
];

/// The preset with this id.
pub fn state_preset(id: &str) -> Option<&'static StatePreset> {
    STATE_PRESETS.iter().find(|p| p.id == id)
}

/// The default budget: [`BytesPerParam::MIXED_PRECISION_ADAM`], 16 bytes per
/// parameter.
pub const DEFAULT_BYTES_PER_PARAM: f64 = 16.0;

/// Training-state bytes: `n_params × bytes_per_param`.
pub fn training_state_bytes(n_params: u64, bytes_per_param: f64) -> f64 {
    n_params as f64 * bytes_per_param
}

/// The fewest accelerators whose memory holds the training state fully
/// sharded (ZeRO-3 / FSDP: each holds 1/n of weights, gradients and
/// optimizer state):
///
/// ```text
/// min_accelerators = max(1, ⌈n_params × bytes_per_param / memory_bytes⌉)
/// ```
///
/// Exact integer arithmetic (in `u128`) when the state is a whole number of
/// bytes. Saturates at `u64::MAX` when nothing can hold it (zero memory).
pub fn min_accelerators_fully_sharded(
    n_params: u64,
    bytes_per_param: f64,
    memory_bytes_per_accelerator: u64,
) -> u64 {
    let state = training_state_bytes(n_params, bytes_per_param);
    let count = if memory_bytes_per_accelerator == 0 {
        u64::MAX
    } else if state.fract() == 0.0 {
        // Every whole f64 below 2^128 converts exactly; `as` saturates the
        // rest (a negative state to 0, 2^128 and up to u128::MAX), and
        // `try_from` a count beyond u64 to u64::MAX.
        let count = (state as u128).div_ceil(u128::from(memory_bytes_per_accelerator));
        u64::try_from(count).unwrap_or(u64::MAX)
    } else {
        // `as` saturates: NaN becomes 0, +∞ becomes u64::MAX.
        (state / memory_bytes_per_accelerator as f64).ceil() as u64
    };
    count.max(1)
}

/// Whether a run fits on its accelerators: the summary a table row and the
/// headline show.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MemoryFit {
    /// Training-state bytes of the whole model (weights, gradients,
    /// optimizer state, unsharded).
    pub training_state_bytes: f64,
    /// Bytes each accelerator holds with `layout` (with [`memory_fit`]: the
    /// training state fully sharded, nothing else).
    pub bytes_per_accelerator: f64,
    /// The fewest accelerators on which some layout fits; `u64::MAX` when
    /// none does up to [`search::MAX_SEARCH_ACCELERATORS`].
    pub min_accelerators: u64,
    /// Some layout fits at this count.
    pub fits: bool,
    /// The best-ranked layout that fits at this count (see
    /// [`search::fitting_layouts`]), or the one in use; `None` from
    /// [`memory_fit`].
    pub layout: Option<layout::Layout>,
    /// Its data-parallel degree.
    pub dp: u64,
    /// The count this fit is for.
    pub n_accelerators: u64,
}

impl MemoryFit {
    /// "fits with TP 1 · PP 1 · DP 1,024 · ZeRO 2", "needs ≥ 24", or "does
    /// not fit on any count".
    pub fn text(&self) -> String {
        let min = crate::format::grouped_u64(self.min_accelerators);
        match (self.fits, self.layout) {
            (true, Some(layout)) => format!("fits with {}", layout.summary(self.dp)),
            (true, None) => "fits".to_string(),
            (false, _) if self.min_accelerators == u64::MAX => {
                "does not fit on any count".to_string()
            }
            (false, _) if self.min_accelerators > self.n_accelerators => format!("needs ≥ {min}"),
            (false, Some(layout)) => format!(
                "over with {}; other layouts fit (from {min} accelerators)",
                layout.summary(self.dp)
            ),
            (false, None) => format!("no layout fits at this count; fits on {min}"),
        }
    }
}

impl MemoryFit {
    /// One sentence for a headline: "128 GB of training state; 78.7 GB per
    /// accelerator (weights, gradients, optimizer state, activations,
    /// logits, overhead): fits with TP 1 · PP 1 · DP 1,024 · ZeRO 1; 8
    /// accelerators are the fewest that fit."
    pub fn summary(&self) -> String {
        let state = crate::format::bytes(self.training_state_bytes);
        let fewest = if self.fits && self.min_accelerators != u64::MAX {
            let verb = if self.min_accelerators == 1 {
                "is"
            } else {
                "are"
            };
            format!(
                "; {} {verb} the fewest that fit",
                crate::format::count_of(self.min_accelerators, "accelerator", "accelerators")
            )
        } else {
            String::new()
        };
        if self.layout.is_none() && !self.fits {
            return format!("{state} of training state: {}.", self.text());
        }
        format!(
            "{state} of training state; {} per accelerator (weights, gradients, optimizer \
             state, activations, logits, overhead): {}{fewest}.",
            crate::format::bytes(self.bytes_per_accelerator),
            self.text()
        )
    }
}

/// The state-only check of the first release, kept as a lower bound: the
/// training state fully sharded (ZeRO 3) over `n_accelerators`, no
/// activations, no overhead.
pub fn memory_fit(
    n_params: u64,
    bytes_per_param: f64,
    memory_bytes_per_accelerator: u64,
    n_accelerators: u64,
) -> MemoryFit {
    let training_state_bytes = training_state_bytes(n_params, bytes_per_param);
    let min_accelerators =
        min_accelerators_fully_sharded(n_params, bytes_per_param, memory_bytes_per_accelerator);
    MemoryFit {
        training_state_bytes,
        bytes_per_accelerator: training_state_bytes / n_accelerators as f64,
        min_accelerators,
        fits: n_accelerators >= min_accelerators,
        layout: None,
        dp: n_accelerators,
        n_accelerators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB80: u64 = 80_000_000_000;

    #[test]
    fn a_fit_says_which_way_it_misses() {
        let fit = |fits: bool, min: u64| MemoryFit {
            training_state_bytes: 1e12,
            bytes_per_accelerator: 1e11,
            min_accelerators: min,
            fits,
            layout: None,
            dp: 8,
            n_accelerators: 8,
        };
        assert_eq!(fit(true, 4).text(), "fits");
        assert_eq!(fit(false, u64::MAX).text(), "does not fit on any count");
        assert_eq!(fit(false, 24).text(), "needs ≥ 24");
        // Missing at the very count that would fit is a layout miss.
        assert_eq!(
            fit(false, 8).text(),
            "no layout fits at this count; fits on 8"
        );
        assert_eq!(
            fit(false, 4).text(),
            "no layout fits at this count; fits on 4"
        );
    }

    #[test]
    fn each_state_preset_is_found_by_its_id() {
        for p in STATE_PRESETS {
            let found = state_preset(p.id).expect(p.id);
            assert_eq!((found.id, found.bytes.total()), (p.id, p.bytes.total()));
        }
        assert!(state_preset("adam-9bit").is_none());
        // A table is named after the preset with its bytes, and only then.
        for p in STATE_PRESETS {
            assert_eq!(p.bytes.preset().map(|q| q.id), Some(p.id));
        }
        let odd = BytesPerParam {
            optimizer: 11.0,
            ..STATE_PRESETS[0].bytes
        };
        assert!(odd.preset().is_none());
    }

    #[test]
    fn mixed_precision_adam_is_16_bytes_per_param() {
        assert_eq!(BytesPerParam::MIXED_PRECISION_ADAM.total(), 16.0);
        assert_eq!(DEFAULT_BYTES_PER_PARAM, 16.0);
    }

    #[test]
    fn seven_billion_params_need_two_80gb_accelerators() {
        // 7e9 × 16 = 112e9 bytes: one 80 GB card is not enough, two are.
        assert_eq!(min_accelerators_fully_sharded(7_000_000_000, 16.0, GB80), 2);
    }

    #[test]
    fn exact_multiple_of_memory_does_not_round_up() {
        // 5e9 × 16 = 80e9 bytes exactly: one 80 GB card.
        assert_eq!(min_accelerators_fully_sharded(5_000_000_000, 16.0, GB80), 1);
        // 405e9 × 16 = 6.48e12 = 81 × 80e9.
        assert_eq!(
            min_accelerators_fully_sharded(405_000_000_000, 16.0, GB80),
            81
        );
    }

    #[test]
    fn whole_byte_states_beyond_f64_precision_are_divided_exactly() {
        // 2^59 parameters at 16 bytes: 2^63 bytes, a whole number f64 holds
        // exactly. On (absurd) 999-byte cards the quotient is
        // 9,232,604,641,496,272.3…: f64 division rounds it to the whole number
        // below, so ceil() in floating point would say one card too few.
        let n = 1u64 << 59;
        let exact = (u128::from(n) * 16).div_ceil(999);
        assert_eq!(exact, 9_232_604_641_496_273);
        assert_eq!(
            u128::from(min_accelerators_fully_sharded(n, 16.0, 999)),
            exact
        );
    }

    #[test]
    fn whole_byte_states_beyond_u64_are_divided_exactly() {
        // 2^62 parameters at 4 bytes: 2^64 bytes, one more than a u64 holds.
        // On 3-byte cards that is 6,148,914,691,236,517,205.3…, so …206
        // cards. f64 division rounds the quotient down to …516,864, and a
        // u64 saturated to 2^64 − 1 gives …205: both too few.
        let n = 1u64 << 62;
        assert_eq!(
            min_accelerators_fully_sharded(n, 4.0, 3),
            6_148_914_691_236_517_206
        );
        // A state no u64 count of cards holds saturates.
        assert_eq!(min_accelerators_fully_sharded(n, 4.0, 1), u64::MAX);
        assert_eq!(
            min_accelerators_fully_sharded(u64::MAX, 1e30, 1 << 40),
            u64::MAX
        );
    }

    #[test]
    fn one_more_byte_needs_one_more_accelerator() {
        assert_eq!(min_accelerators_fully_sharded(GB80 + 1, 1.0, GB80), 2);
    }

    #[test]
    fn fractional_bytes_per_param_round_up() {
        // 1e9 × 12.5 = 12.5e9 bytes on 10 GB cards: 2.
        assert_eq!(
            min_accelerators_fully_sharded(1_000_000_000, 12.5, 10_000_000_000),
            2
        );
    }

    #[test]
    fn a_fraction_of_a_byte_over_still_needs_one_more_accelerator() {
        // 3 × 2.5 = 7.5 bytes on 7-byte cards: 2, not the 1 that 7 whole
        // bytes would need.
        assert_eq!(min_accelerators_fully_sharded(3, 2.5, 7), 2);
        // Beyond u64 bytes: 1e18 × 1e12 is f64's 1e30, 19,884,624,838,656
        // bytes above 10^30 (2e-17 of it), so 80 GB cards need
        // 12,500,000,000,000,000,249 of them (still a u64), 249 more than
        // 10^30 bytes would.
        assert_eq!(
            min_accelerators_fully_sharded(1_000_000_000_000_000_000, 1e12, GB80),
            12_500_000_000_000_000_249
        );
    }

    #[test]
    fn tiny_models_still_need_one_accelerator() {
        assert_eq!(min_accelerators_fully_sharded(0, 16.0, GB80), 1);
        assert_eq!(min_accelerators_fully_sharded(1, 16.0, GB80), 1);
    }

    #[test]
    fn zero_memory_saturates_instead_of_panicking() {
        assert_eq!(min_accelerators_fully_sharded(1, 16.0, 0), u64::MAX);
        assert!(!memory_fit(1, 16.0, 0, 1_000_000).fits);
    }

    #[test]
    fn fit_is_flagged_below_the_minimum_count() {
        let below = memory_fit(70_000_000_000, 16.0, GB80, 13);
        let at = memory_fit(70_000_000_000, 16.0, GB80, 14);
        assert_eq!(below.min_accelerators, 14);
        assert!(!below.fits);
        assert!(at.fits);
        assert_eq!(at.training_state_bytes, 1.12e12);
        assert_eq!(at.bytes_per_accelerator, 8.0e10);
    }
}
