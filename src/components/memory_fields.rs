use flopcast_core::estimate::Estimate;
use flopcast_core::fields::{self, FieldError};
use flopcast_core::format;
use flopcast_core::memory::activations::{AttnKernel, Recompute};
use flopcast_core::memory::breakdown::MemorySettings;
use flopcast_core::memory::layout::{GlobalBatch, Layout};
use flopcast_core::memory::STATE_PRESETS;
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

use crate::components::memory_section::changed;
use crate::components::{applier, NumberField};

/// Empty or `auto`: the published (or default) batch; else tokens.
fn global_batch(text: &str) -> Result<GlobalBatch, FieldError> {
    match text.trim() {
        "" | "auto" => Ok(GlobalBatch::Auto),
        t => fields::global_batch(t).map(GlobalBatch::Tokens),
    }
}

/// A `<select>` over `options` (id, label), showing `current`.
fn choice(
    id: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str)>,
    current: Signal<&'static str>,
    on_pick: impl Fn(&str) + 'static,
) -> impl IntoView {
    let first = current.get_untracked();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=format!("{id}-select") prop:value=move || current.get() on:change=move |ev| on_pick(&event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=value == first>{text}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// What memory depends on besides the degrees: recomputation, the attention
/// kernel, the global batch, bytes per parameter and the overhead line.
#[component]
pub fn MemoryFields(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    #[prop(into)] in_use: Signal<Layout>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    let settings = move || scenario.with(|s| s.memory);
    let set_memory = move |f: &dyn Fn(&mut MemorySettings)| {
        let mut m = scenario.with_untracked(|s| s.memory);
        f(&mut m);
        edit.run(Change::Memory(m));
    };
    let recompute = Signal::derive(move || in_use.with(|l| l.recompute.id()));
    let attention = Signal::derive(move || in_use.with(|l| l.attention.id()));
    let preset = Signal::derive(move || settings().state.preset().map_or("custom", |p| p.id));
    let mut presets: Vec<_> = STATE_PRESETS.iter().map(|p| (p.id, p.label)).collect();
    presets.push(("custom", "Custom (typed below)"));
    let batch_value = Signal::derive(move || {
        scenario.with(|s| match s.global_batch {
            GlobalBatch::Auto => String::new(),
            GlobalBatch::Tokens(n) => format::grouped_u64(n),
        })
    });
    let batch_echo = Signal::derive(move || {
        let auto = scenario.with(|s| s.global_batch == GlobalBatch::Auto);
        estimate.with(|e| match &e.layout {
            Ok(b) => format!(
                "{}{} tokens per step: {} per replica; pipeline bubble {}",
                if auto {
                    "Empty: the model's published batch, else 4M tokens. "
                } else {
                    ""
                },
                format::grouped_u64(b.plan.global_batch_tokens),
                format::count_of(b.plan.micro_batches, "micro-batch", "micro-batches"),
                format::percent(b.plan.bubble_fraction)
            ),
            Err(_) => String::new(),
        })
    });
    view! {
        <fieldset class="memory-fields">
            <legend>"Activations and state"</legend>
            {choice("recompute", "Activation recomputation", Recompute::ALL.iter().map(|r| (r.id(), r.label())).collect(), recompute, move |id| {
                if let Some(r) = Recompute::from_id(id) {
                    edit.run(Change::Recompute(r));
                }
            })}
            {choice("attention", "Attention kernel", AttnKernel::ALL.iter().map(|a| (a.id(), a.label())).collect(), attention, move |id| {
                if let Some(a) = AttnKernel::from_id(id) {
                    edit.run(Change::LayoutKept(changed(in_use, |l| l.attention = a)));
                }
            })}
            <NumberField name="global-batch" label="Global batch (tokens)" value=batch_value echo=batch_echo
                apply=applier(global_batch, move |b| edit.run(Change::GlobalBatch(b))) on_validity=on_validity />
            {choice("state-preset", "Bytes per parameter", presets, preset, move |id| {
                if let Some(p) = STATE_PRESETS.iter().find(|p| p.id == id) {
                    edit.run(Change::State(p.bytes));
                }
            })}
            <NumberField name="state-bytes" label="Weights + gradients + optimizer (bytes per parameter)" inputmode="text"
                value=Signal::derive(move || fields::state_bytes_input(settings().state))
                apply=applier(fields::state_bytes, move |b| edit.run(Change::State(b))) on_validity=on_validity />
            <NumberField name="overhead" label="Overhead (runtime GB + fragmentation %)" inputmode="text"
                value=Signal::derive(move || fields::overhead_input(settings().overhead))
                echo=Signal::derive(|| "CUDA context, communication buffers and workspaces, plus the allocator's fragmentation: measure yours with torch.cuda.memory_reserved() after the first step.".to_string())
                apply=applier(fields::overhead, move |o| set_memory(&|m| m.overhead = o)) on_validity=on_validity />
        </fieldset>
    }
}
