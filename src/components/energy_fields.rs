use flopcast_core::energy::{
    grid_note, power_choices, power_note, pue_note, Grid, PowerFactor, GRID_REGIONS,
    MARKET_BASED_MEANING, PUE_PRESETS,
};
use flopcast_core::estimate::Estimate;
use flopcast_core::fields;
use flopcast_core::format;
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

use crate::components::{applier, NumberField};

/// The PUE preset in use, or `custom`.
fn pue_choice(pue: f64) -> &'static str {
    PUE_PRESETS
        .iter()
        .find(|p| p.pue == pue)
        .map_or("custom", |p| p.id)
}

/// The power setting's choice id (`tdp`, `measured`, `custom`) and its text
/// in the field.
fn power_choice(power: PowerFactor) -> (&'static str, String) {
    match power {
        PowerFactor::Tdp => ("tdp", "100 %".to_string()),
        PowerFactor::MeasuredAverage => ("measured", "measured".to_string()),
        PowerFactor::Custom(f) => ("custom", format::percent(f)),
    }
}

/// The region preset in use, or `custom`.
fn grid_choice(grid: Grid) -> &'static str {
    grid.region().map_or("custom", |r| r.id)
}

/// The energy and emissions settings: PUE, power factor, grid region and the
/// market-based switch, each a preset (with its source) or the person's own
/// figure; errors next to the field that caused them. Below, the energy and
/// emissions with their formulas.
#[component]
pub fn EnergyFields(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    let settings = Signal::derive(move || scenario.with(|s| s.energy));
    let accelerator = Memo::new(move |_| scenario.with(|s| s.accelerator));
    let first = settings.get_untracked();
    let first_power = power_choice(first.power).0;
    let first_grid = grid_choice(first.grid);
    let first_pue = pue_choice(first.pue);
    let on_select = move |id: String, change: Option<Change>| {
        if let (false, Some(change)) = (id == "custom", change) {
            edit.run(change);
        }
    };
    view! {
        <fieldset class="energy-form">
            <legend>"Energy & emissions"</legend>
            <div class="field">
                <label for="pue-preset">"PUE preset"</label>
                <select id="pue-preset" data-testid="pue-preset-select"
                    prop:value=move || pue_choice(settings.get().pue)
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        let change = PUE_PRESETS.iter().find(|p| p.id == id).map(|p| Change::Pue(p.pue));
                        on_select(id, change);
                    }>
                    {PUE_PRESETS.iter().map(|p| view! { <option value=p.id selected=p.id == first_pue>{format!("{} ({})", p.label, p.year)}</option> }).collect_view()}
                    <option value="custom" selected=first_pue == "custom">"Your own PUE (type it below)"</option>
                </select>
            </div>
            <NumberField
                name="pue"
                label="PUE (facility energy ÷ IT energy, 1 to 3)"
                value=Signal::derive(move || format::plain(settings.get().pue))
                apply=applier(fields::pue, move |pue| edit.run(Change::Pue(pue)))
                on_validity=on_validity
                echo=Signal::derive(move || pue_note(&settings.get()))
            />
            <div class="field">
                <label for="power-preset">"Power draw"</label>
                <select id="power-preset" data-testid="power-preset-select"
                    prop:value=move || power_choice(settings.get().power).0
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        let change = power_choices(&accelerator.get()).into_iter().find(|c| c.id == id).map(|c| Change::Power(c.power));
                        on_select(id, change);
                    }>
                    {move || power_choices(&accelerator.get()).into_iter().map(|c| view! {
                        <option value=c.id selected=c.id == first_power title=c.source>{c.label}</option>
                    }).collect_view()}
                    <option value="custom" selected=first_power == "custom">"Your own fraction of board power (type it below)"</option>
                </select>
            </div>
            <NumberField
                name="power-factor"
                label="Power, share of board power (80 %, 0.8, tdp, measured)"
                value=Signal::derive(move || power_choice(settings.get().power).1)
                apply=applier(fields::power, move |power| edit.run(Change::Power(power)))
                on_validity=on_validity
                echo=Signal::derive(move || power_note(&settings.get(), &accelerator.get()))
            />
            <div class="field">
                <label for="grid-region">"Grid region"</label>
                <select id="grid-region" data-testid="grid-region-select"
                    prop:value=move || grid_choice(settings.get().grid)
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        let change = GRID_REGIONS.iter().find(|r| r.id == id).map(|r| Change::Grid(Grid::Region(r)));
                        on_select(id, change);
                    }>
                    {GRID_REGIONS.iter().map(|r| view! { <option value=r.id selected=r.id == first_grid title=r.source>{r.label()}</option> }).collect_view()}
                    <option value="custom" selected=first_grid == "custom">"Your own grid figure (type it below)"</option>
                </select>
            </div>
            <NumberField
                name="grid"
                label="Grid intensity, kg CO₂e per kWh (or a region id)"
                value=Signal::derive(move || format::plain(settings.get().grid.kg_per_kwh()))
                apply=applier(fields::grid, move |grid| edit.run(Change::Grid(grid)))
                on_validity=on_validity
                echo=Signal::derive(move || grid_note(&settings.get()))
            />
            <label class="check">
                <input type="checkbox" data-testid="market-based-input"
                    checked=first.market_based
                    prop:checked=move || settings.get().market_based
                    on:change=move |ev| edit.run(Change::MarketBased(event_target_checked(&ev)))
                />
                "Market-based emissions (0 t with renewable matching)"
            </label>
            <p class="field-hint">{MARKET_BASED_MEANING}</p>
            <p class="energy-line" data-testid="energy-line">{move || estimate.with(|e| e.energy.energy_line())}</p>
            <p class="energy-line" data-testid="emissions-line">{move || estimate.with(|e| e.energy.emissions_line())}</p>
        </fieldset>
    }
}
