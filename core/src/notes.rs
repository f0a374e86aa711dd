//! The words beside the scenario form's fields, and the one-click
//! alternatives offered there: what the MFU, token count and sequence length
//! in use are and where they come from ([`mfu_note`], [`tokens_note`],
//! [`seq_len_note`]), and the choices ([`mfu_choices`], [`token_choices`]).
//! The page and the CLI both show these texts, so they cannot disagree.
//!
//! It reads the scenario, the defaults with their sources
//! ([`crate::defaults`]) and the published runs ([`crate::runs`], for the
//! medians it offers); it deliberately computes no estimate.

use serde::Serialize;

use crate::cost::{MfuBand, MFU_PRESETS};
use crate::defaults::{default_seq_len, DEFAULT_MFU, DEFAULT_MFU_SOURCE, DEFAULT_SEQ_LEN_SOURCE};
use crate::format;
use crate::runs::{self, GenerationMfu, RunModel, RUNS};
use crate::scenario::{chinchilla_tokens, published_for, Change, Offer, Scenario, TokenSource};

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
    let mut choices = mfu_choices_given(runs::median_mfu_for(scenario.accelerator.id()));
    if let Some((run, implied)) = this_models_run(scenario) {
        let at = choices.len() - MFU_PRESETS.len();
        choices.insert(
            at,
            MfuChoice {
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
            },
        );
    }
    choices
}

/// [`mfu_choices`] with the generation's median given rather than computed
/// from the published runs, and without a run of this very model: what the
/// page offers in its first load, which carries the medians built in and not
/// the runs.
pub fn mfu_choices_given(generation: Option<GenerationMfu>) -> Vec<MfuChoice> {
    let mut choices = vec![MfuChoice {
        id: "default",
        band: MfuBand::point(DEFAULT_MFU),
        label: format!("{} — flopcast's default", format::percent(DEFAULT_MFU)),
        source: DEFAULT_MFU_SOURCE.to_string(),
    }];
    if let Some(g) = generation {
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
    mfu_note_given(scenario, runs::median_mfu_for(scenario.accelerator.id()))
}

/// [`mfu_note`] with the generation's median given (the page's first load
/// carries the medians built in, not the published runs).
pub fn mfu_note_given(scenario: &Scenario, generation: Option<GenerationMfu>) -> String {
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
    let comparison = generation.and_then(|g| {
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
    if let Some(warning) = scenario.seq_len_warning() {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // 6 · 8,030,261,248 · 15e12 = 7.2272e23 FLOPs in 1.46e6 H100-hours at
        // 989.5 TFLOP/s (BF16 dense): 7.2272e23 / (1.46e6 · 3600 · 989.5e12) = 13.9 %.
        assert!(own.is_some_and(|c| (c.band.low - 0.13896).abs() < 1e-4));
        // in the order the doc gives: the default, the generation's median, this
        // model's run, then the named presets
        let ids: Vec<&str> = choices.iter().map(|c| c.id).collect();
        let mut expected = vec!["default", "generation-median", "this-model"];
        expected.extend(MFU_PRESETS.iter().map(|p| p.id));
        assert_eq!(ids, expected);
    }

    #[test]
    fn the_page_gets_the_same_mfu_words_from_the_medians_it_carries() {
        let scenario = Scenario::default();
        let h100 = runs::median_mfu_for("h100-sxm5-80gb");
        assert_eq!(mfu_note_given(&scenario, h100), mfu_note(&scenario));
        // the same choices, without the run of this very model (it needs the runs)
        let full: Vec<_> = mfu_choices(&scenario)
            .into_iter()
            .filter(|c| c.id != "this-model")
            .collect();
        assert_eq!(mfu_choices_given(h100), full);
        // no median known: the default and the presets, and no comparison
        let none = mfu_choices_given(None);
        assert_eq!(none[0].id, "default");
        assert_eq!(none.len(), 1 + MFU_PRESETS.len());
        assert!(!mfu_note_given(&scenario, None).contains("Published"));
    }

    #[test]
    fn the_sequence_length_note_warns_beyond_the_context() {
        let mut scenario = Scenario::default();
        assert_eq!(scenario.seq_len_warning(), None);
        assert!(seq_len_note(&scenario).starts_with("8,192: the default."));
        scenario.apply(Change::SeqLen(Some(200_000)));
        let warning = scenario.seq_len_warning().expect("beyond 131,072");
        assert!(
            warning.contains("200,000") && warning.contains("131,072"),
            "{warning}"
        );
        assert_eq!(seq_len_note(&scenario), warning);
        // A typed length inside the context, other than the default.
        scenario.apply(Change::SeqLen(Some(4_096)));
        assert_eq!(
            seq_len_note(&scenario),
            "4,096; the model's context is 131,072."
        );
    }
}
