use flopcast_core::format;
use flopcast_core::scenario::{Change, Scenario};
use flopcast_core::tables::{Table, TableKind, TableRow};
use leptos::prelude::*;

use crate::components::TimeCostTable;

/// The time & cost table across accelerator counts for the chosen accelerator.
#[component]
pub fn CountTable(
    #[prop(into)] table: Signal<Table>,
    #[prop(into)] scenario: Signal<Scenario>,
    edit: Callback<Change>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="by-count-title" class="by-count">
            <h3 id="by-count-title">"By count: " {move || scenario.with(|s| s.accelerator.name())}</h3>
            <TimeCostTable
                testid="table-by-count"
                kind=TableKind::ByCount
                first="Accelerators"
                table=table
                label=|r: &TableRow| format::grouped_u64(r.n_accelerators)
                edit=edit
            />
            <p class="field-hint">"Memory: the best-ranked parallel layout that fits at each count (weights, gradients, optimizer state, activations, logits and overhead per accelerator), or the fewest accelerators on which one fits."</p>
        </section>
    }
}
