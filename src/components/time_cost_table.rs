use flopcast_core::format;
use flopcast_core::tables::{sort_rows, SortKey, TableRow};
use leptos::prelude::*;

/// The columns both time & cost tables share, for one row.
fn cells(row: &TableRow) -> impl IntoView {
    let fast = row.time_cost.at_high_mfu;
    let slow = row.time_cost.at_low_mfu;
    let range = |a: String, b: String| if a == b { a } else { format!("{a} – {b}") };
    let time = range(
        format::duration(fast.wall_seconds),
        format::duration(slow.wall_seconds),
    );
    let hours = range(
        format::count(fast.accelerator_hours),
        format::count(slow.accelerator_hours),
    );
    let cost = match (fast.cost_usd, slow.cost_usd) {
        (Some(a), Some(b)) => range(format::usd(a), format::usd(b)),
        _ => "no price".into(),
    };
    let fit = match row.memory {
        None => "not checked".to_string(),
        Some(m) => m.text(),
    };
    // The cell says the rate and who quotes it; the tooltip adds the SKU and date.
    let (price_note, price_title) = match row.price {
        Some(flopcast_core::hardware::PriceUsed::Listed(q)) => (
            Some(format!(
                "${:.2}/h {}",
                q.usd_per_accelerator_hour, q.provider
            )),
            format!(
                "${:.2} per hour: {} {}, {}, quoted {}",
                q.usd_per_accelerator_hour,
                q.provider,
                q.sku,
                q.pricing.label(),
                q.date
            ),
        ),
        Some(flopcast_core::hardware::PriceUsed::Custom {
            usd_per_accelerator_hour,
        }) => (
            Some(format!("${usd_per_accelerator_hour:.2}/h yours")),
            "Your own price".to_string(),
        ),
        None => (None, String::new()),
    };
    let precision = row.accelerator.precision().map_or("custom", |p| p.label());
    view! {
        <td class="num">{format!("{} {precision}", format::flop_rate(row.peak_flops_per_s))}</td>
        <td class="num" data-seconds=slow.wall_seconds.to_string()>{time}</td>
        <td class="num">{hours}</td>
        <td class="num" title=price_title>{cost}<br/><small>{price_note}</small></td>
        <td class:no-fit=!row.fits()>{fit}</td>
    }
}

fn marks(row: &TableRow) -> String {
    row.marks()
}

/// A sortable time & cost table: one row per accelerator or per count.
#[component]
pub fn TimeCostTable(
    testid: &'static str,
    caption: &'static str,
    /// Header of the first column ("Accelerator" or "Count").
    first: &'static str,
    #[prop(into)] rows: Signal<Vec<TableRow>>,
    /// The first cell's text for a row.
    label: fn(&TableRow) -> String,
    /// The row to highlight as the scenario's own.
    #[prop(into)]
    current: Signal<(String, u64)>,
) -> impl IntoView {
    let sort = RwSignal::new(None::<SortKey>);
    let sorted = move || {
        let mut rows = rows.get();
        if let Some(key) = sort.get() {
            sort_rows(&mut rows, key);
        }
        rows
    };
    let sort_button = move |key: SortKey, text: &'static str| {
        view! {
            <button type="button" class="sort" aria-pressed=move || (sort.get() == Some(key)).to_string()
                on:click=move |_| sort.set(Some(key))>{text}</button>
        }
    };
    view! {
        <div class="table-wrap">
            <table data-testid=testid>
                <caption>{caption} " " {sort_button(SortKey::Time, "Sort by time")} {sort_button(SortKey::Cost, "Sort by cost")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        <th scope="col">"Peak used"</th>
                        <th scope="col">"Time"</th>
                        <th scope="col">"Accelerator-hours"</th>
                        <th scope="col">"Cost"</th>
                        <th scope="col">"Memory"</th>
                        <th scope="col">"Best"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let (id, n) = current.get();
                        sorted()
                            .iter()
                            .map(|row| {
                                let is_current = row.accelerator.id() == id && row.n_accelerators == n;
                                view! {
                                    <tr class:current=is_current class:no-fit=!row.fits() data-id=row.accelerator.id()>
                                        <th scope="row">{label(row)}</th>
                                        {cells(row)}
                                        <td>{marks(row)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
