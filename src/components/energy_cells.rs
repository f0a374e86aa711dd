use flopcast_core::energy::EnergySettings;
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

/// The time & cost tables' energy and emissions cells for one row, under the
/// scenario's settings (texts from [`TableRow::energy_text`] and
/// [`TableRow::emissions_text`]). Shown when the table's "Energy" toggle is on.
pub fn energy_cells(row: &TableRow, settings: &EnergySettings) -> impl IntoView {
    view! {
        <td class="num" data-col="energy">{row.energy_text(settings)}</td>
        <td class="num" data-col="emissions">{row.emissions_text(settings)}</td>
    }
}

/// The two headers the energy cells sit under.
pub fn energy_headers() -> impl IntoView {
    view! {
        <th scope="col">"Energy"</th>
        <th scope="col">"Emissions"</th>
    }
}
