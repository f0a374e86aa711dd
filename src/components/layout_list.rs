use flopcast_core::format;
use flopcast_core::memory::layout::Layout;
use flopcast_core::memory::search::LayoutRow;
use flopcast_core::scenario::Change;
use leptos::prelude::*;

/// How many fitting layouts the list shows (the best-ranked).
const SHOWN: usize = 8;

/// The layouts that fit at the scenario's count, best-ranked first, each
/// with why it ranks there and a button that applies it (the layout becomes
/// manual). When none fits, the fit note says how many accelerators would.
#[component]
pub fn LayoutList(
    #[prop(into)] rows: Signal<Vec<LayoutRow>>,
    #[prop(into)] in_use: Signal<Layout>,
    /// The headline's memory sentence: what fits, or the fewest that would.
    #[prop(into)]
    fit_note: Signal<String>,
    edit: Callback<Change>,
) -> impl IntoView {
    let items = move || {
        rows.with(|rows| {
            rows.iter()
                .take(SHOWN)
                .enumerate()
                .map(|(i, row)| {
                    let layout = row.plan.layout;
                    let current = move || in_use.get() == layout;
                    view! {
                        <li data-testid=format!("layout-option-{i}") data-text=row.text.clone() class:current=current>
                            <strong>{row.text.clone()}</strong>
                            <span class="layout-why">{row.why()}</span>
                            <button
                                type="button"
                                class="link-button"
                                data-testid=format!("apply-layout-{i}")
                                disabled=current
                                on:click=move |_| edit.run(Change::Layout(layout))
                            >
                                {move || if current() { "In use" } else { "Use this layout" }}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let count = move || {
        rows.with(|r| match r.len() {
            0 => String::new(),
            n if n <= SHOWN => format!(
                "{} that fit, best-ranked first.",
                format::count_of(n as u64, "layout", "layouts")
            ),
            n => format!(
                "The {SHOWN} best-ranked of {} layouts that fit.",
                format::grouped_u64(n as u64)
            ),
        })
    };
    view! {
        <div class="layout-list" data-testid="layout-list">
            <h3>"Layouts that fit"</h3>
            <p class="field-hint">
                {count}
                " Ranked by the least model parallelism (TP · PP), then the fewer pipeline stages "
                "(TP fills a node of 8 first), then the lower ZeRO stage (less communication). "
                "CP, EP, the micro-batch and recomputation stay as set."
            </p>
            <p class="memory-none" role="status" data-testid="layout-none" hidden=move || rows.with(|r| !r.is_empty())>
                "No layout fits at this count. " {move || fit_note.get()}
            </p>
            <ol>{items}</ol>
        </div>
    }
}
