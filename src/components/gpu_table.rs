use flopcast_core::format;
use flopcast_core::scenario::{Change, Scenario};
use flopcast_core::tables::{Table, TableKind, TableRow};
use leptos::prelude::*;

use crate::lazy_section;

use crate::components::{Bar, BarChart, TimeCostTable};
use crate::lazy::{deferred, Start};

/// The time & cost table across the catalog, and its chart (whose code
/// loads when the browser is idle after the first view).
#[component]
pub fn GpuTable(
    #[prop(into)] table: Signal<Table>,
    #[prop(into)] scenario: Signal<Scenario>,
    edit: Callback<Change>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="by-gpu-title" class="by-gpu">
            <h3 id="by-gpu-title">
                "By accelerator, at " {move || scenario.with(|s| format::grouped_u64(s.n_accelerators))} " of each"
            </h3>
            <TimeCostTable
                testid="table-by-gpu"
                kind=TableKind::ByAccelerator
                first="Accelerator"
                table=table
                label=|r: &TableRow| r.accelerator.name().to_string()
                edit=edit
            />
            {deferred(Start::Idle, "Loading the chart…", move || chart(table))}
        </section>
    }
}

lazy_section!(later:
/// Cost per accelerator as bars, in the table's order (a lazy section).
fn chart(table: Signal<Table>) -> AnyView {
    let bars = Signal::derive(move || {
        table.with(|t| {
            t.rows
                .iter()
                .filter_map(|r| {
                    r.cost_usd().map(|cost| Bar {
                        label: r.accelerator.name().to_string(),
                        value: cost,
                        text: format!("{} · {}", r.cost_text(), r.time_text()),
                        yours: r.yours,
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <BarChart id="chart-by-gpu" title="Cost and time per accelerator" legend="Bar length is the cost at the low end of the MFU band; the text gives cost and time low to high. Accelerators with no public price are left out." bars=bars />
    }
    .into_any()
});
