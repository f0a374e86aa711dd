//! Does the training state fit? Bytes per parameter, and the fewest
//! accelerators whose memory holds the state when fully sharded.
//!
//! This module owns the per-parameter training-state budget (weights,
//! gradients, optimizer state; 16 bytes for mixed-precision Adam by default,
//! user-editable) and the ZeRO-3 / FSDP fit check. It deliberately does **not**
//! model activation memory (which depends on batch size, sequence length,
//! recomputation and parallelism layout), temporary buffers, communication
//! buckets, the framework's own overhead or fragmentation: a "fits" here is a
//! necessary condition, not a sufficient one. Memory sizes are the vendors'
//! printed figures (see [`crate::hardware`]).

use serde::Serialize;

pub mod activations;

/// Bytes of training state kept per parameter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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

    /// Bytes per parameter in all.
    pub fn total(self) -> f64 {
        self.weights + self.gradients + self.optimizer
    }
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
/// Exact integer arithmetic when the state is a whole number of bytes.
/// Saturates at `u64::MAX` when nothing can hold it (zero memory).
pub fn min_accelerators_fully_sharded(
    n_params: u64,
    bytes_per_param: f64,
    memory_bytes_per_accelerator: u64,
) -> u64 {
    let state = training_state_bytes(n_params, bytes_per_param);
    let count = if memory_bytes_per_accelerator == 0 {
        u64::MAX
    } else if state.fract() == 0.0 && state >= 0.0 && state < u64::MAX as f64 {
        (state as u64).div_ceil(memory_bytes_per_accelerator)
    } else {
        // `as` saturates: NaN becomes 0, +∞ becomes u64::MAX.
        (state / memory_bytes_per_accelerator as f64).ceil() as u64
    };
    count.max(1)
}

/// Whether `n_accelerators` hold the training state fully sharded.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MemoryFit {
    /// Training-state bytes in all.
    pub training_state_bytes: f64,
    /// Training-state bytes each accelerator holds at `n_accelerators`.
    pub bytes_per_accelerator: f64,
    /// The fewest accelerators that hold it.
    pub min_accelerators: u64,
    /// `n_accelerators ≥ min_accelerators`.
    pub fits: bool,
}

/// The fit check for `n_accelerators` accelerators of
/// `memory_bytes_per_accelerator` each. Activations are not counted.
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB80: u64 = 80_000_000_000;

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
