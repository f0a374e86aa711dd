use flopcast_core::format;
use flopcast_core::scenario::Scenario;
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

use crate::lazy_section;

use crate::components::{Bar, BarChart, TimeCostTable};
use crate::lazy::{deferred, Start};

/// The time & cost table across the catalog, and its chart (whose code
/// loads when the browser is idle after the first view).
#[component]
pub fn GpuTable(
    #[prop(into)] rows: Signal<Vec<TableRow>>,
    #[prop(into)] scenario: Signal<Scenario>,
) -> impl IntoView {
    let current = Signal::derive(move || {
        scenario.with(|s| (s.accelerator.id().to_string(), s.n_accelerators))
    });
    view! {
        <section aria-labelledby="by-gpu-title">
            <h3 id="by-gpu-title">
                "By accelerator, at " {move || scenario.with(|s| format::grouped_u64(s.n_accelerators))} " of each"
            </h3>
            <TimeCostTable
                testid="table-by-gpu"
                caption="Every accelerator at its default precision and price, for this model, budget and MFU."
                first="Accelerator"
                rows=rows
                label=|r: &TableRow| r.accelerator.name().to_string()
                current=current
            />
            {deferred(Start::Idle, "Loading the chart…", move || chart(rows))}
        </section>
    }
}

lazy_section!(later:
/// Cost per accelerator as bars (a lazy section).
fn chart(rows: Signal<Vec<TableRow>>) -> AnyView {
    let bars = Signal::derive(move || {
        rows.get()
            .iter()
            .filter_map(|r| {
                r.cost_usd().map(|cost| Bar {
                    label: r.accelerator.name().to_string(),
                    value: cost,
                    text: format!(
                        "{} · {}",
                        format::usd(cost),
                        format::duration(r.wall_seconds())
                    ),
                })
            })
            .collect::<Vec<_>>()
    });
    view! {
        <BarChart id="chart-by-gpu" title="Cost and time per accelerator" legend="Bar length is cost (at the low end of the MFU band); the time is written beside it. Accelerators with no known price are left out." bars=bars />
    }
    .into_any()
});
