use flopcast_core::energy::EnergySettings;
use flopcast_core::format;
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

/// The time & cost tables' rows again, with their energy and emissions
/// (texts from [`TableRow::energy_text`] and [`TableRow::emissions_text`]),
/// in the Energy & emissions section. The columns are here, not in the time &
/// cost tables themselves: those are in the first load, and the two columns
/// cost it 2.5 KB gzip there (measured); here they are in the lazy section.
#[component]
pub fn EnergyTable(
    testid: &'static str,
    caption: &'static str,
    /// Header of the first column ("Accelerator" or "Accelerators").
    first: &'static str,
    #[prop(into)] rows: Signal<Vec<TableRow>>,
    /// The first cell's text for a row.
    label: fn(&TableRow) -> String,
    #[prop(into)] settings: Signal<EnergySettings>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table data-testid=testid>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        <th scope="col">"Time"</th>
                        <th scope="col">"Energy"</th>
                        <th scope="col">"Emissions"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let settings = settings.get();
                        rows.get()
                            .iter()
                            .map(|row| view! {
                                <tr data-id=row.accelerator.id() data-n=row.n_accelerators.to_string()>
                                    <th scope="row">{label(row)}</th>
                                    <td class="num">{format::duration(row.wall_seconds())}</td>
                                    <td class="num energy">{row.energy_text(&settings)}</td>
                                    <td class="num emissions">{row.emissions_text(&settings)}</td>
                                </tr>
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
