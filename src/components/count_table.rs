use flopcast_core::format;
use flopcast_core::scenario::Scenario;
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

use crate::components::TimeCostTable;

/// The time & cost table across accelerator counts for the chosen accelerator.
#[component]
pub fn CountTable(
    #[prop(into)] rows: Signal<Vec<TableRow>>,
    #[prop(into)] scenario: Signal<Scenario>,
) -> impl IntoView {
    let current = Signal::derive(move || {
        scenario.with(|s| (s.accelerator.id().to_string(), s.n_accelerators))
    });
    view! {
        <section aria-labelledby="by-count-title">
            <h3 id="by-count-title">"By count: " {move || scenario.with(|s| s.accelerator.name())}</h3>
            <TimeCostTable
                testid="table-by-count"
                caption="The same run on more or fewer accelerators: time falls, accelerator-hours and cost stay (at a fixed MFU)."
                first="Accelerators"
                rows=rows
                label=|r: &TableRow| format::grouped_u64(r.n_accelerators)
                current=current
            />
            <p class="field-hint">"Memory: the best-ranked parallel layout that fits at each count (weights, gradients, optimizer state, activations, logits and overhead per accelerator), or the fewest accelerators on which one fits."</p>
        </section>
    }
}
