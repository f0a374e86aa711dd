use flopcast_core::estimate::Estimate;
use leptos::prelude::*;

use super::headline::Figure;

/// The headline's energy and emissions (issue 16): the range the MFU band
/// (and a measured power band) gives (the MFU is the time figure's line), and what it assumes. Its texts come
/// from [`flopcast_core::energy::EnergyEstimate`]. Rendered inside the
/// headline's list of figures. The formulas, with their numbers, are in the
/// Energy & emissions section (lazy), not here: the first load carries this.
#[component]
pub fn EnergyFigures(#[prop(into)] estimate: Signal<Estimate>) -> impl IntoView {
    // No formula here: it is in the Energy & emissions section, with its numbers.
    let no_formula = Signal::derive(|| None::<String>);
    view! {
            <Figure
                testid="headline-energy"
                label="Energy"
                text=Signal::derive(move || estimate.with(|e| e.energy.energy_text()))
                raw=Signal::derive(move || estimate.with(|e| e.energy.kwh.map(|k| k.1.to_string()).unwrap_or_default()))
                detail=Signal::derive(move || estimate.with(|e| e.energy.unavailable().unwrap_or_else(|| e.energy.energy_basis())))
                formula=no_formula
            />
            <Figure
                testid="headline-emissions"
                label="Emissions"
                text=Signal::derive(move || estimate.with(|e| e.energy.emissions_text()))
                raw=Signal::derive(move || estimate.with(|e| e.energy.tco2e.map(|t| t.1.to_string()).unwrap_or_default()))
                detail=Signal::derive(move || estimate.with(|e| e.energy.emissions_basis()))
                formula=no_formula
            />
    }
}
