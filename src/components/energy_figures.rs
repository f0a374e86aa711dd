use flopcast_core::estimate::Estimate;
use flopcast_core::format;
use flopcast_core::scenario::Scenario;
use leptos::prelude::*;

use super::headline::Figure;

/// The headline's energy and emissions (issue 16): the range the MFU band
/// (and a measured power band) gives, and what it assumes. Its texts come
/// from [`flopcast_core::energy::EnergyEstimate`]. Rendered inside the
/// headline's list of figures. The formulas, with their numbers, are in the
/// Energy & emissions section (lazy), not here: the first load carries this.
#[component]
pub fn EnergyFigures(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
) -> impl IntoView {
    let mfu = move || {
        let b = scenario.with(|s| s.mfu);
        let (low, high) = (format::percent(b.low), format::percent(b.high));
        if low == high {
            format!("at {low} MFU")
        } else {
            format!("at {low} – {high} MFU")
        }
    };
    view! {
            <Figure
                testid="headline-energy"
                label="Energy"
                text=Signal::derive(move || estimate.with(|e| e.energy.energy_text()))
                raw=Signal::derive(move || estimate.with(|e| e.energy.kwh.map(|k| k.1.to_string()).unwrap_or_default()))
                detail=Signal::derive(move || estimate.with(|e| match e.energy.unavailable() {
                    Some(why) => why,
                    None => format!("{} · {}", e.energy.energy_basis(), mfu()),
                }))
                formula=Signal::derive(|| None::<String>)
            />
            <Figure
                testid="headline-emissions"
                label="Emissions"
                text=Signal::derive(move || estimate.with(|e| e.energy.emissions_text()))
                raw=Signal::derive(move || estimate.with(|e| e.energy.tco2e.map(|t| t.1.to_string()).unwrap_or_default()))
                detail=Signal::derive(move || estimate.with(|e| e.energy.emissions_basis()))
                formula=Signal::derive(|| None::<String>)
            />
    }
}
