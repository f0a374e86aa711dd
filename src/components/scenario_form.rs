use flopcast_core::fields;
use flopcast_core::flops::Convention;
use flopcast_core::format;
use flopcast_core::memory::activations::Recompute;
use flopcast_core::notes::{seq_len_note, token_choices, tokens_note};
use flopcast_core::scenario::{Change, Notice, Scenario};
use leptos::prelude::*;

use crate::components::{applier, EditNotices, HardwareFields, NumberField};

fn seq_len(text: &str) -> Result<Option<u64>, String> {
    if text.trim().is_empty() || text.trim() == "model" {
        return Ok(None);
    }
    fields::seq_len(text).map(Some).map_err(|e| e.to_string())
}

/// Training tokens, sequence length, hardware, utilisation, price and the
/// counting convention.
#[component]
pub fn ScenarioForm(
    #[prop(into)] scenario: Signal<Scenario>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
    /// What the last edit did beyond what was asked, shown at the form's top.
    #[prop(into)]
    notices: Signal<Vec<Notice>>,
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let tokens_value = Signal::derive(move || format::count(scenario.with(|s| s.n_tokens)));
    let tokens_echo = Signal::derive(move || scenario.with(tokens_note));
    // The published count and Chinchilla's, each one click away (unless in use).
    let offers = move || scenario.with(token_choices);
    let seq_value = Signal::derive(move || {
        scenario.with(|s| s.seq_len.map_or_else(String::new, |n| n.to_string()))
    });
    let seq_echo = Signal::derive(move || scenario.with(seq_len_note));
    let convention_id = move || scenario.with(|s| s.convention.key());
    let first_convention = untrack(convention_id);
    let first_recompute = scenario.with_untracked(|s| s.recompute() == Recompute::Full);

    view! {
        <fieldset class="scenario-form">
            <legend>"Training run"</legend>
            <EditNotices notices=notices edit=edit on_dismiss=on_dismiss />
            <NumberField
                name="tokens"
                label="Training tokens"
                value=tokens_value
                apply=applier(fields::tokens, move |n| edit.run(Change::Tokens(n)))
                on_validity=on_validity
                echo=tokens_echo
            />
            <div class="offers">
                {move || offers().into_iter().map(|offer| {
                    let testid = match offer.change {
                        Change::PublishedTokens => "published-tokens-button",
                        _ => "chinchilla-button",
                    };
                    let change = offer.change;
                    view! {
                        <button type="button" class="link-button" data-testid=testid
                            on:click=move |_| edit.run(change.clone())>{offer.label}</button>
                    }
                }).collect_view()}
            </div>
            <NumberField
                name="seq-len"
                label="Sequence length"
                value=seq_value
                apply=applier(seq_len, move |s| edit.run(Change::SeqLen(s)))
                on_validity=on_validity
                echo=seq_echo
                inputmode="numeric"
            />
            <HardwareFields scenario=scenario on_validity=on_validity edit=edit />
            <div class="field">
                <label for="convention">"FLOPs convention"</label>
                <select
                    id="convention"
                    data-testid="convention-select"
                    prop:value=convention_id
                    on:change=move |ev| {
                        if let Some(c) = Convention::from_key(&event_target_value(&ev)) {
                            edit.run(Change::Convention(c));
                        }
                    }
                >
                    {Convention::ALL
                        .iter()
                        .map(|&c| view! { <option value=c.key() selected=c.key() == first_convention>{if c == Convention::DEFAULT { format!("{} (default)", c.label()) } else { c.label() }}</option> })
                        .collect_view()}
                </select>
                <p class="field-hint">
                    "Default: 6·N with N = active parameters (total for dense models), as GPT-3's "
                    "3.14e23 and Llama 3.1 405B's 3.8e25 were computed."
                </p>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="recompute-input"
                    checked=first_recompute
                    prop:checked=move || scenario.with(|s| s.recompute() == Recompute::Full)
                    on:change=move |ev| edit.run(Change::Recompute(Recompute::full(event_target_checked(&ev))))
                />
                "Full activation recomputation (hardware does forward × 4 per token)"
            </label>
            <p class="field-hint">
                "MFU counts model FLOPs only, so at a given MFU the time does not change; "
                "recomputation shows as hardware FLOPs (4/3 of the model's) and in the MFU a run can reach."
            </p>
        </fieldset>
    }
}
