use flopcast_core::fields;
use flopcast_core::memory::layout::{Layout, LayoutError, Zero};
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

use crate::components::memory_section::changed;
use crate::components::{applier, NumberField};

/// The rule the layout breaks, under the input it names (`field`), or under
/// the degrees when it is about them together (`None`).
fn rule(field: Option<&'static str>, error: Signal<Option<LayoutError>>) -> impl IntoView {
    let message = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.field() == field)
                .map(|e| e.to_string())
        })
    };
    let testid = format!("{}-rule", field.unwrap_or("layout"));
    view! {
        <p class="field-error" role="alert" data-testid=testid hidden=move || message().is_none()>
            {message}
        </p>
    }
}

/// The parallel layout: whether the search chooses it, TP, PP, CP, EP, ZeRO,
/// the micro-batch, interleaving and sequence parallelism. TP, PP and ZeRO
/// typed make the layout manual; the others keep the search on.
#[component]
pub fn LayoutFields(
    #[prop(into)] scenario: Signal<Scenario>,
    /// The layout in use (the search's choice when automatic).
    #[prop(into)]
    in_use: Signal<Layout>,
    /// The rule the layout breaks, if it breaks one.
    #[prop(into)]
    error: Signal<Option<LayoutError>>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    let value = move |get: fn(&Layout) -> u64| Signal::derive(move || in_use.with(get).to_string());
    let manual = move |set: fn(&mut Layout, u64)| {
        move |v: u64| edit.run(Change::Layout(changed(in_use, |l| set(l, v))))
    };
    let kept = move |set: fn(&mut Layout, u64)| {
        move |v: u64| edit.run(Change::LayoutKept(changed(in_use, |l| set(l, v))))
    };
    let auto = move || scenario.with(|s| s.auto_layout);
    let first_auto = untrack(auto);
    let zero = move || in_use.with(|l| l.zero.stage().to_string());
    let first_zero = untrack(zero);
    let sp = move || in_use.with(|l| l.sequence_parallel);
    let first_sp = untrack(sp);
    view! {
        <fieldset class="layout-fields">
            <legend>"Parallel layout"</legend>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="auto-layout-input"
                    checked=first_auto
                    prop:checked=auto
                    on:change=move |ev| edit.run(Change::AutoLayout(event_target_checked(&ev)))
                />
                "Let the search choose TP, PP and ZeRO (the best-ranked layout that fits)"
            </label>
            <NumberField name="tp" label="Tensor parallel (TP)" value=value(|l| l.tp) inputmode="numeric"
                apply=applier(|t| fields::degree("TP", t), manual(|l, v| l.tp = v)) on_validity=on_validity />
            {rule(Some("tp"), error)}
            <NumberField name="pp" label="Pipeline parallel (PP)" value=value(|l| l.pp) inputmode="numeric"
                apply=applier(|t| fields::degree("PP", t), manual(|l, v| l.pp = v)) on_validity=on_validity />
            {rule(Some("pp"), error)}
            <NumberField name="cp" label="Context parallel (CP)" value=value(|l| l.cp) inputmode="numeric"
                apply=applier(|t| fields::degree("CP", t), kept(|l, v| l.cp = v)) on_validity=on_validity />
            {rule(Some("cp"), error)}
            <NumberField name="ep" label="Expert parallel (EP)" value=value(|l| l.ep) inputmode="numeric"
                apply=applier(|t| fields::degree("EP", t), kept(|l, v| l.ep = v)) on_validity=on_validity />
            {rule(Some("ep"), error)}
            <div class="field">
                <label for="zero">"ZeRO stage"</label>
                <select
                    id="zero"
                    data-testid="zero-select"
                    prop:value=zero
                    on:change=move |ev| {
                        let stage = event_target_value(&ev).parse::<u64>().ok().and_then(Zero::from_stage);
                        if let Some(z) = stage {
                            edit.run(Change::Layout(changed(in_use, |l| l.zero = z)));
                        }
                    }
                >
                    {Zero::ALL
                        .iter()
                        .map(|z| {
                            let id = z.stage().to_string();
                            let selected = id == first_zero;
                            view! { <option value=id selected=selected>{z.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <NumberField name="micro-batch" label="Micro-batch (sequences)" value=value(|l| l.micro_batch) inputmode="numeric"
                apply=applier(fields::micro_batch, kept(|l, v| l.micro_batch = v)) on_validity=on_validity />
            {rule(Some("micro-batch"), error)}
            <NumberField name="interleave" label="Interleaved stages per accelerator (v)" value=value(|l| l.interleave) inputmode="numeric"
                apply=applier(|t| fields::degree("Interleaving v", t), kept(|l, v| l.interleave = v)) on_validity=on_validity />
            {rule(Some("interleave"), error)}
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="sequence-parallel-input"
                    checked=first_sp
                    prop:checked=sp
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit.run(Change::LayoutKept(changed(in_use, |l| l.sequence_parallel = on)))
                    }
                />
                "Sequence parallelism (splits the d_model-wide activations over TP too)"
            </label>
            {rule(None, error)}
        </fieldset>
    }
}
