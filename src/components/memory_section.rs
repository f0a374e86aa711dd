use flopcast_core::estimate::{fitting_layouts, Estimate};
use flopcast_core::memory::breakdown::MemoryBreakdown;
use flopcast_core::memory::layout::{Layout, LayoutError};
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

use crate::components::{LayoutFields, LayoutList, MemoryBar, MemoryFields, MemoryTable};
use crate::lazy::{deferred, Start};
use crate::lazy_section;

/// "Memory & layout": will the run fit, and how to lay it out. A lazy
/// section: its code and the layout search's list load when the browser is
/// idle after the first view.
#[component]
pub fn MemorySection(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    view! {
        <section class="memory-section" aria-labelledby="memory-heading">
            <h2 id="memory-heading">"Memory & layout"</h2>
            {deferred(Start::Idle, "Loading memory and layout…", move || {
                section(scenario, estimate, on_validity, edit)
            })}
        </section>
    }
}

lazy_section!(later:
/// The section's inputs, the breakdown of the layout in use and the layouts
/// that fit (a lazy section).
fn section(
    scenario: Signal<Scenario>,
    estimate: Signal<Estimate>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> AnyView {
    let breakdown: Memo<Result<MemoryBreakdown, LayoutError>> =
        Memo::new(move |_| estimate.with(|e| e.layout.clone()));
    // The layout in use: the search's choice when automatic, else the one
    // set (also when it breaks a rule, so that its fields show what was typed).
    let in_use = Signal::derive(move || {
        breakdown.with(|b| match b {
            Ok(b) => b.plan.layout,
            Err(_) => scenario.with(|s| s.layout),
        })
    });
    let layout_error = Signal::derive(move || breakdown.with(|b| b.as_ref().err().cloned()));
    let shown = Signal::derive(move || breakdown.with(|b| b.as_ref().ok().cloned()));
    // The search runs again only when what it reads changes (not on an MFU,
    // token or price edit).
    let searched = Memo::new(move |_| {
        scenario.with(|s| {
            (
                s.model.clone(),
                s.seq_len(),
                s.layout,
                s.global_batch,
                s.n_accelerators,
                s.accelerator.memory_bytes(),
                s.memory,
            )
        })
    });
    let rows = Memo::new(move |_| {
        searched.track();
        scenario.with_untracked(|s| estimate.with_untracked(|e| fitting_layouts(s, e)))
    });
    let fit_note = Signal::derive(move || estimate.with(|e| e.memory_note()));
    view! {
        <div class="memory-body" data-testid="memory-section">
            <p class="field-hint">
                "Bytes on one accelerator of the most loaded pipeline stage: weights, gradients and "
                "optimizer state as the layout splits them, the activations of the micro-batches in "
                "flight, the logits of the loss, and the runtime's overhead."
            </p>
            <div class="memory-inputs">
                <LayoutFields scenario=scenario in_use=in_use error=layout_error on_validity=on_validity edit=edit />
                <MemoryFields scenario=scenario estimate=estimate in_use=in_use on_validity=on_validity edit=edit />
            </div>
            <MemoryBar breakdown=shown />
            <MemoryTable breakdown=shown error=layout_error />
            <LayoutList rows=rows in_use=in_use fit_note=fit_note edit=edit />
        </div>
    }
    .into_any()
});

/// The layout in use with one setting changed (the fields' handlers).
pub fn changed(in_use: Signal<Layout>, set: impl FnOnce(&mut Layout)) -> Layout {
    let mut layout = in_use.get_untracked();
    set(&mut layout);
    layout
}
