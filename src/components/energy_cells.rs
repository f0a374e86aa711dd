use flopcast_core::energy::EnergySettings;
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

/// The time & cost tables' energy and emissions cells for one row, under the
/// scenario's settings (texts from [`TableRow::energy_text`] and
/// [`TableRow::emissions_text`]), when the table's "Energy & emissions"
/// toggle is on; nothing when it is off. The cells have the types of the
/// table's other cells, so the first load carries little new view code.
pub fn energy_cells(row: &TableRow, settings: Option<&EnergySettings>) -> impl IntoView {
    settings.map(|settings| {
        view! {
            <td class="num energy">{row.energy_text(settings)}</td>
            <td class="num emissions">{row.emissions_text(settings)}</td>
        }
    })
}

/// The two headers the energy cells sit under, when shown.
pub fn energy_headers(shown: bool) -> impl IntoView {
    shown.then(|| {
        view! {
            <th scope="col">"Energy"</th>
            <th scope="col">"Emissions"</th>
        }
    })
}
