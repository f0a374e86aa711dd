use flopcast_core::estimate::Estimate;
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

use crate::lazy_section;

use crate::components::EnergyFields;
use crate::lazy::disclosure;

/// "Energy & emissions": the PUE, power, grid and accounting settings behind
/// the headline's energy and emissions (issue 16). A disclosure: its fields
/// are a lazy section, loaded when it is first opened (the headline shows the
/// defaults' figures without it).
#[component]
pub fn EnergySection(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    disclosure(
        "energy",
        view! { <h3>"Energy & emissions: PUE, power draw, grid"</h3> },
        "Loading the energy settings…",
        move || energy_section(scenario, estimate, on_validity, edit),
    )
}

lazy_section!(later:
/// The section's content: the settings' fields and the energy and emissions lines.
fn energy_section(
    scenario: Signal<Scenario>,
    estimate: Signal<Estimate>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> AnyView {
    view! { <EnergyFields scenario=scenario estimate=estimate on_validity=on_validity edit=edit /> }.into_any()
});
