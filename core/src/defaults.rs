//! Every default a scenario starts with and where each comes from: the one
//! place the page and the CLI take them from, so that the two shells agree.
//!
//! The defaults are constants ([`DEFAULT_MFU`], [`DEFAULT_SEQ_LEN`], …) with
//! their sources as text. The rules that make a default follow an edit (the
//! token count follows the model, the sequence length follows the context)
//! live in [`crate::scenario::Scenario::apply`]; the words beside the fields
//! (what the MFU, token count and sequence length in use are, and the
//! one-click alternatives) in [`crate::notes`].
//!
//! It deliberately reads nothing above it: no scenario, no published run
//! (a test checks the default MFU against them).

/// The energy defaults (PUE 1.1, board power, the United States grid of 2023)
/// live with their presets and sources in [`crate::energy`]; they are named
/// here too, so every default can be found from this module.
pub use crate::energy::{DEFAULT_PUE, DEFAULT_REGION};

/// The preset a scenario opens with.
pub const DEFAULT_PRESET: &str = "llama-3.1-8b";
/// The accelerator a scenario opens with.
pub const DEFAULT_ACCELERATOR: &str = "h100-sxm5-80gb";
/// Llama 3.1 8B's published budget: about 15T tokens.
pub const DEFAULT_TOKENS: f64 = 15e12;
/// The longest default sequence length: Llama 3's pre-training length. A
/// model with a shorter context starts at its context ([`default_seq_len`]).
pub const DEFAULT_SEQ_LEN: u64 = 8_192;
/// The accelerator count a scenario opens with.
pub const DEFAULT_ACCELERATORS: u64 = 1_024;

/// No time lost to failures unless a goodput preset is chosen.
pub const DEFAULT_GOODPUT: f64 = 1.0;

/// The MFU a scenario opens with: 30 %. See [`DEFAULT_MFU_SOURCE`].
///
/// Why 30 % and not the 40 % that steady-state figures suggest (Llama 3.1
/// 405B: 38–43 %), nor the H100 median of 23 %: a time and cost estimate is
/// about the hours a run is billed for, and the published runs' GPU-hours
/// (restarts, failures, evaluation and every stage included) imply a median
/// MFU of 29 % over all 40 runs flopcast compares with. Stated steady-state
/// MFUs measure throughput between interruptions and read 1.3–1.7× short.
/// The H100 median is lower (23 % over 14 runs) because two of those runs
/// were distilled (their teachers' passes are not in 6·N·D, so their implied
/// MFU is not an MFU) and several count hours of long-context stages against
/// a lower-bound token count; it is offered in one click
/// ([`crate::notes::mfu_choices`]), and the note beside the field says how
/// far the default is from it ([`crate::notes::mfu_note`]).
pub const DEFAULT_MFU: f64 = 0.30;

/// Where the default MFU comes from, in words for the page and the CLI.
pub const DEFAULT_MFU_SOURCE: &str = "30 % is about the median MFU that the published \
GPU-hours of 40 training runs imply (29 %, restarts and downtime included; see the published \
runs), and Epoch AI's default utilization. Steady-state figures are higher (Llama 3.1 405B: \
38–43 %) but leave out the hours a run is billed for and does not compute.";

/// Where the default sequence length comes from.
pub const DEFAULT_SEQ_LEN_SOURCE: &str = "The shorter of the model's context and 8,192, \
Llama 3's pre-training sequence length: most pre-training runs at a few thousand tokens and \
extends the context in a short stage at the end.";

/// The sequence length a model starts with: [`DEFAULT_SEQ_LEN`], or its
/// context when that is shorter (GPT-2's 1,024, BERT's 512).
pub fn default_seq_len(context_len: u64) -> u64 {
    DEFAULT_SEQ_LEN.min(context_len.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::{comparisons, summary};

    #[test]
    fn the_default_mfu_is_the_median_that_published_runs_imply_within_two_points() {
        let all = comparisons();
        let mut implied: Vec<f64> = all.iter().map(|c| c.implied_mfu).collect();
        implied.sort_by(f64::total_cmp);
        let n = implied.len();
        let median = (implied[(n - 1) / 2] + implied[n / 2]) / 2.0;
        assert!(
            (median - DEFAULT_MFU).abs() <= 0.02,
            "median of {n} runs is {median}"
        );
        // the source text states the count and the rounded median
        assert!(DEFAULT_MFU_SOURCE.contains(&format!("{n} training runs")));
        assert!(DEFAULT_MFU_SOURCE.contains(&format!("({:.0} %", median * 100.0)));
        assert_eq!(summary(&all).n_runs, n);
    }
}
