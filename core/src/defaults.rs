//! Every default a scenario starts with, where each comes from, and the
//! figures offered beside it: the one place the page and the CLI take them
//! from, so that the two shells agree.
//!
//! The defaults are constants ([`DEFAULT_MFU`], [`DEFAULT_SEQ_LEN`], …) with
//! their sources as text; the rules that make a default follow an edit (the
//! token count follows the model, the sequence length follows the context)
//! live in [`crate::scenario::Scenario::apply`]. What this module adds is the
//! words: what the MFU, token count and sequence length in use are and where
//! they come from ([`mfu_note`], [`tokens_note`], [`seq_len_note`]), and the
//! one-click alternatives ([`mfu_choices`], [`token_choices`]).
//!
//! It deliberately computes no estimate; it reads the published runs
//! ([`crate::runs`]) only for the medians it offers.

use serde::Serialize;

use crate::cost::{MfuBand, MFU_PRESETS};
use crate::format;
use crate::runs::{self, RunModel, RUNS};
use crate::scenario::{chinchilla_tokens, published_for, Change, Offer, Scenario, TokenSource};

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
/// ([`mfu_choices`]), and the note beside the field says how far the default
/// is from it ([`mfu_note`]).
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

/// One MFU the page offers as a one-click choice, with its source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MfuChoice {
    /// Stable kebab-case id: `default`, `generation-median`, `this-model`,
    /// or an [`MFU_PRESETS`] id.
    pub id: &'static str,
    pub band: MfuBand,
    /// "23 % — median of 14 published H100 runs".
    pub label: String,
    /// Where the figure comes from.
    pub source: String,
}

impl MfuChoice {
    /// The change that picks it.
    pub fn change(&self) -> Change {
        Change::Mfu(self.band)
    }
}

/// The MFU the published hours of a run of this model imply, on this
/// scenario's accelerator generation: "Llama 3.1 8B (Meta): 14 %".
fn this_models_run(scenario: &Scenario) -> Option<(&'static runs::Run, f64)> {
    let preset = scenario.model.matching_preset()?;
    let generation = runs::generation(scenario.accelerator.id())?;
    let of_this_model = |exact: bool| {
        RUNS.iter()
            .filter(move |run| {
                matches!(run.model, RunModel::Preset { id, note } if id == preset.id && note.is_none() == exact)
            })
            .filter(|run| runs::generation(run.hardware.accelerator_id) == Some(generation))
    };
    // a run of exactly this model first, then one of a model with its dimensions
    of_this_model(true)
        .chain(of_this_model(false))
        .find_map(|run| runs::compare(run).map(|c| (run, c.implied_mfu)))
}

/// The MFUs offered for this scenario, the default first: the default with
/// its source; the median the published runs on this accelerator's
/// generation imply, where there are any; the MFU a published run of this
/// very model implies, where there is one; then the named presets.
pub fn mfu_choices(scenario: &Scenario) -> Vec<MfuChoice> {
    let mut choices = vec![MfuChoice {
        id: "default",
        band: MfuBand::point(DEFAULT_MFU),
        label: format!("{} — flopcast's default", format::percent(DEFAULT_MFU)),
        source: DEFAULT_MFU_SOURCE.to_string(),
    }];
    if let Some(g) = runs::median_mfu_for(scenario.accelerator.id()) {
        choices.push(MfuChoice {
            id: "generation-median",
            band: MfuBand::point(g.median_mfu),
            label: format!(
                "{} — median of {} on {}",
                format::percent(g.median_mfu),
                format::count_of(g.n_runs as u64, "published run", "published runs"),
                g.generation
            ),
            source: format!(
                "The median MFU implied by the published accelerator-hours of {} on {}, \
                 downtime included (see the published runs).",
                format::count_of(g.n_runs as u64, "run", "runs"),
                g.generation
            ),
        });
    }
    if let Some((run, implied)) = this_models_run(scenario) {
        choices.push(MfuChoice {
            id: "this-model",
            band: MfuBand::point(implied),
            label: format!("{} — {} as published", format::percent(implied), run.name),
            source: format!(
                "The MFU implied by {}'s published {} {}-hours ({}).",
                run.name,
                format::count(run.accelerator_hours.value),
                runs::generation(run.hardware.accelerator_id).unwrap_or("accelerator"),
                run.source
            ),
        });
    }
    choices.extend(MFU_PRESETS.iter().map(|p| MfuChoice {
        id: p.id,
        band: MfuBand::point(p.mfu),
        label: format!("{} — {}", format::percent(p.mfu), p.label),
        source: p.source.to_string(),
    }));
    choices
}

/// The line beside the MFU field: what the MFU in use is, where it comes
/// from, and how it compares with what published runs on this accelerator's
/// generation imply, so that an optimistic figure says so.
///
/// "30 %: flopcast's default (…). Published H100 runs imply a median of
/// 23 % (14 runs): this MFU reads 1.3× faster and cheaper than they ran."
pub fn mfu_note(scenario: &Scenario) -> String {
    let band = scenario.mfu;
    if let Some(warning) = band.implausible() {
        return warning;
    }
    let shown = format::percent_range(band.low, band.high);
    let what = if band == MfuBand::point(DEFAULT_MFU) {
        format!("{shown}: flopcast's default. {DEFAULT_MFU_SOURCE}")
    } else if let Some(p) = MFU_PRESETS.iter().find(|p| band == MfuBand::point(p.mfu)) {
        format!("{shown}: {}. {}.", p.label, p.source)
    } else {
        format!("{shown}: your MFU.")
    };
    let comparison = runs::median_mfu_for(scenario.accelerator.id()).and_then(|g| {
        let ratio = band.high / g.median_mfu;
        (ratio >= 1.1).then(|| {
            format!(
                " Published {} runs imply a median of {} ({}): at {} this estimate is \
                 {}× faster and cheaper than they ran.",
                g.generation,
                format::percent(g.median_mfu),
                format::count_of(g.n_runs as u64, "run", "runs"),
                format::percent(band.high),
                format::plain((ratio * 10.0).round() / 10.0)
            )
        })
    });
    format!("{what}{}", comparison.unwrap_or_default())
}

/// The line beside the token field: where the count in use comes from.
///
/// - "15T: Llama 3.1 8B's published count, ~15T tokens (Llama 3.1 model card)."
/// - "160.6B: Chinchilla-optimal, 20 tokens per active parameter (Hoffmann et al. 2022)."
/// - "15T, typed: 1,868 tokens per parameter; Chinchilla-optimal is 160.6B."
pub fn tokens_note(scenario: &Scenario) -> String {
    let n = format::count(scenario.n_tokens);
    let chinchilla = chinchilla_tokens(&scenario.model.spec);
    // A source whose figure is not the count (a link from before a revision,
    // a scenario built by hand) is described as what it is: a typed count.
    let source = match scenario.tokens_source {
        TokenSource::Published(p) if p.n_tokens != scenario.n_tokens => TokenSource::Typed,
        TokenSource::Chinchilla if chinchilla != scenario.n_tokens => TokenSource::Typed,
        source => source,
    };
    match source {
        TokenSource::Published(p) => {
            let preset_name = crate::presets::find(p.preset_id).map_or(p.preset_id, |x| x.name);
            let wording = p.wording.map(|w| format!(", {w}")).unwrap_or_default();
            let ours = published_for(&scenario.model).is_some_and(|q| q.preset_id == p.preset_id);
            if ours {
                format!(
                    "{n}: {preset_name}'s published count{wording} ({}).",
                    p.source
                )
            } else {
                format!(
                    "{n}: {preset_name}'s published count, kept from the previous model; \
                     Chinchilla-optimal for this model is {} (20 tokens per parameter).",
                    format::count(chinchilla)
                )
            }
        }
        TokenSource::Chinchilla => format!(
            "{n}: Chinchilla-optimal, 20 tokens per active parameter (Hoffmann et al. 2022){}.",
            match scenario.model.matching_preset() {
                Some(preset) if published_for(&scenario.model).is_none() =>
                    format!("; {} has no published count", preset.name),
                _ => String::new(),
            }
        ),
        TokenSource::Typed => format!(
            "{n}, typed: {} tokens per active parameter; Chinchilla-optimal is {}.",
            format::count(scenario.n_tokens / (chinchilla / 20.0)),
            format::count(chinchilla)
        ),
    }
}

/// The token counts offered for this scenario: the model's published count
/// (where it has one and it is not in use) and the Chinchilla-optimal count
/// (unless in use).
pub fn token_choices(scenario: &Scenario) -> Vec<Offer> {
    let mut offers = Vec::new();
    if let Some(p) = published_for(&scenario.model) {
        if !matches!(scenario.tokens_source, TokenSource::Published(q) if q == p) {
            offers.push(Offer {
                label: format!("Use the published {} tokens", format::count(p.n_tokens)),
                change: Change::PublishedTokens,
            });
        }
    }
    if scenario.tokens_source != TokenSource::Chinchilla {
        offers.push(Offer {
            label: format!(
                "Use the Chinchilla-optimal {} tokens (20 per parameter)",
                format::count(chinchilla_tokens(&scenario.model.spec))
            ),
            change: Change::ChinchillaTokens,
        });
    }
    offers
}

/// The line beside the sequence-length field: the length in use and where it
/// comes from, or a warning when it is longer than the model's context.
pub fn seq_len_note(scenario: &Scenario) -> String {
    let s = scenario.seq_len();
    let context = scenario.model.spec.context_len();
    if let Some(warning) = seq_len_warning(scenario) {
        return warning;
    }
    match scenario.seq_len {
        None => format!(
            "{}: the model's full context. The default is {} ({DEFAULT_SEQ_LEN_SOURCE})",
            format::grouped_u64(s),
            format::grouped_u64(default_seq_len(context))
        ),
        Some(typed) if typed == default_seq_len(context) => format!(
            "{}: the default. {DEFAULT_SEQ_LEN_SOURCE}",
            format::grouped_u64(typed)
        ),
        Some(typed) => format!(
            "{}; the model's context is {}.",
            format::grouped_u64(typed),
            format::grouped_u64(context)
        ),
    }
}

/// A warning when the sequence length is longer than the model's context.
pub fn seq_len_warning(scenario: &Scenario) -> Option<String> {
    let s = scenario.seq_len();
    let context = scenario.model.spec.context_len();
    (s > context).then(|| {
        format!(
            "Sequence length {} is longer than {}'s context of {}: the model as configured \
             cannot train on it, and the attention terms (Kaplan, dense, causal) count it anyway.",
            format::grouped_u64(s),
            scenario.model.name(),
            format::grouped_u64(context)
        )
    })
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

    #[test]
    fn the_first_view_says_how_far_its_mfu_is_from_published_h100_runs() {
        let note = mfu_note(&Scenario::default());
        assert!(note.starts_with("30 %: flopcast's default."), "{note}");
        let h100 = runs::median_mfu_for("h100-sxm5-80gb").expect("H100 runs");
        assert!(
            note.contains(&format!("median of {}", format::percent(h100.median_mfu))),
            "{note}"
        );
        assert!(note.contains("1.3× faster and cheaper"), "{note}");
    }

    #[test]
    fn the_published_median_for_the_generation_is_one_click_away() {
        let choices = mfu_choices(&Scenario::default());
        assert_eq!(choices[0].id, "default");
        assert_eq!(choices[0].band, MfuBand::point(DEFAULT_MFU));
        let median = choices
            .iter()
            .find(|c| c.id == "generation-median")
            .expect("an H100 median");
        assert!(
            median.label.contains("14 published runs on H100"),
            "{}",
            median.label
        );
        let mut scenario = Scenario::default();
        scenario.apply(median.change());
        assert_eq!(scenario.mfu, median.band);
        // Llama 3.1 8B has a published H100 run of its own
        let own = choices.iter().find(|c| c.id == "this-model");
        assert!(
            own.is_some_and(|c| c.label.contains("Llama 3.1 8B")),
            "{choices:#?}"
        );
    }

    #[test]
    fn the_sequence_length_note_warns_beyond_the_context() {
        let mut scenario = Scenario::default();
        assert_eq!(seq_len_warning(&scenario), None);
        assert!(seq_len_note(&scenario).starts_with("8,192: the default."));
        scenario.apply(Change::SeqLen(Some(200_000)));
        let warning = seq_len_warning(&scenario).expect("beyond 131,072");
        assert!(
            warning.contains("200,000") && warning.contains("131,072"),
            "{warning}"
        );
        assert_eq!(seq_len_note(&scenario), warning);
    }
}
