use flopcast_core::format;
use flopcast_core::scenario::Change;
use flopcast_core::tables::{Sort, SortKey, Table, TableKind, TableRow};
use leptos::prelude::*;

/// The sortable columns after the first, with their headers.
const COLUMNS: [(SortKey, &str); 5] = [
    (SortKey::Peak, "Peak used"),
    (SortKey::Time, "Time"),
    (SortKey::AcceleratorHours, "Accelerator-hours"),
    (SortKey::Cost, "Cost"),
    (SortKey::Memory, "Memory"),
];

/// One row's cells after its header cell, every text from core. (The stacked
/// layout of a narrow screen names each cell's column from the stylesheet.)
fn cells(row: &TableRow) -> impl IntoView {
    view! {
        <td class="num peak">
            <span>{format::flop_rate(row.peak_flops_per_s)}<br/><small>{row.precision_text()}</small></span>
        </td>
        <td class="num time" data-seconds=row.wall_seconds().to_string()>{row.time_text()}</td>
        <td class="num hours">{row.hours_text()}</td>
        <td class="num cost"><span>{row.cost_text()}<br/><small>{row.price_text()}</small></span></td>
        <td class="memory" class:no-fit=!row.fits()>{row.memory_text()}</td>
        <td class="best">{Some(row.marks()).filter(|m| !m.is_empty())}</td>
    }
}

/// `aria-sort` of a column under `sort`.
fn aria_sort(sort: Option<Sort>, key: SortKey) -> &'static str {
    match sort {
        Some(s) if s.key == key && s.descending => "descending",
        Some(s) if s.key == key => "ascending",
        _ => "none",
    }
}

/// A time & cost table (one row per accelerator, or per count) as core lays
/// it out: its caption says what each row assumes, the scenario's own row is
/// highlighted, a click on a column header sorts by it (again: the other way)
/// through the scenario, so the sort is kept in the link; marks core left out
/// are said once below.
#[component]
pub fn TimeCostTable(
    testid: &'static str,
    kind: TableKind,
    /// Header of the first column ("Accelerator" or "Accelerators").
    first: &'static str,
    #[prop(into)] table: Signal<Table>,
    /// The first cell's text for a row.
    label: fn(&TableRow) -> String,
    edit: Callback<Change>,
) -> impl IntoView {
    let sort = move || table.with(|t| t.sort);
    let header = move |key: SortKey, text: &'static str| {
        view! {
            <th scope="col" aria-sort=move || aria_sort(sort(), key)>
                <button type="button" class="sort" data-sort=key.id()
                    on:click=move |_| edit.run(Change::Sort(kind, Some(Sort::toggled(sort(), key)))) >
                    {text}
                    <span class="sort-mark" aria-hidden="true"></span>
                </button>
            </th>
        }
    };
    view! {
        <div class="table-wrap">
            <table data-testid=testid class="time-cost">
                <caption data-testid=format!("{testid}-caption")>{move || table.with(|t| t.caption.clone())}</caption>
                <thead>
                    <tr>
                        {header(SortKey::Label, first)}
                        {COLUMNS.map(|(key, text)| header(key, text))}
                        <th scope="col">"Best"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || table.with(|t| {
                        t.rows
                            .iter()
                            .map(|row| view! {
                                <tr class:current=row.yours class:no-fit=!row.fits() data-id=row.accelerator.id()>
                                    <th scope="row">
                                        {label(row)}
                                    </th>
                                    {cells(row)}
                                </tr>
                            })
                            .collect_view()
                    })}
                </tbody>
            </table>
        </div>
        <p class="field-hint omitted-marks" data-testid=format!("{testid}-omitted")>
            {move || table.with(|t| t.omitted_marks.join(" "))}
        </p>
    }
}
