use flopcast_core::energy::EnergySettings;
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

/// The time & cost tables' energy and emissions cells for one row, under the
/// scenario's settings (texts from [`TableRow::energy_text`] and
/// [`TableRow::emissions_text`]), when the table's "Energy & emissions"
/// toggle is on; nothing when it is off. Type-erased, so that the rows' own
/// view code stays as it was (the first load carries it).
pub fn energy_cells(row: &TableRow, settings: Option<&EnergySettings>) -> AnyView {
    match settings {
        Some(settings) => view! {
            <td class="num" data-col="energy">{row.energy_text(settings)}</td>
            <td class="num" data-col="emissions">{row.emissions_text(settings)}</td>
        }
        .into_any(),
        None => ().into_any(),
    }
}

/// The two headers the energy cells sit under, when shown.
pub fn energy_headers(shown: bool) -> AnyView {
    if shown {
        view! {
            <th scope="col">"Energy"</th>
            <th scope="col">"Emissions"</th>
        }
        .into_any()
    } else {
        ().into_any()
    }
}
