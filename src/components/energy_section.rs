use flopcast_core::estimate::Estimate;
use flopcast_core::format;
use flopcast_core::scenario::{Change, Scenario};
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

use crate::lazy_section;

use crate::components::{EnergyFields, EnergyTable};
use crate::lazy::{deferred, Start};

/// "Energy & emissions": the PUE, power, grid and accounting settings behind
/// the headline's energy and emissions (issue 16), and the time & cost
/// tables' rows with their energy and emissions. Closed at first; its
/// content is a lazy section (the headline shows the figures without it).
#[component]
pub fn EnergySection(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    #[prop(into)] by_gpu: Signal<Vec<TableRow>>,
    #[prop(into)] by_count: Signal<Vec<TableRow>>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    // A plain <details> around a deferred section (loaded when the browser is
    // idle, with the rest of `later`), rather than `lazy::disclosure`: the
    // first load carries this shell, and the disclosure's is heavier.
    view! {
        <details class="energy" data-testid="energy">
            <summary><h3>"Energy & emissions settings"</h3></summary>
            {deferred(Start::Idle, "Loading…", move || {
                energy_section(scenario, estimate, by_gpu, by_count, on_validity, edit)
            })}
        </details>
    }
}

lazy_section!(later:
/// The section's content: the settings' fields, the energy and emissions
/// lines, and the tables' rows with their energy and emissions.
fn energy_section(
    scenario: Signal<Scenario>,
    estimate: Signal<Estimate>,
    by_gpu: Signal<Vec<TableRow>>,
    by_count: Signal<Vec<TableRow>>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> AnyView {
    let settings = Signal::derive(move || scenario.with(|s| s.energy));
    view! {
        <EnergyFields scenario=scenario estimate=estimate on_validity=on_validity edit=edit />
        <EnergyTable
            testid="energy-by-gpu"
            caption="Energy and emissions of this run on every accelerator (the time & cost table by accelerator), low to high across the MFU band."
            first="Accelerator"
            rows=by_gpu
            label=|r: &TableRow| r.accelerator.name().to_string()
            settings=settings
        />
        <EnergyTable
            testid="energy-by-count"
            caption="Energy and emissions on more or fewer accelerators (the time & cost table by count): at a fixed MFU they stay."
            first="Accelerators"
            rows=by_count
            label=|r: &TableRow| format::grouped_u64(r.n_accelerators)
            settings=settings
        />
    }
    .into_any()
});
