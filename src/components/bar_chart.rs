use leptos::prelude::*;

/// One bar: its label, the value that sets its length, and the text beside it.
#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    /// The scenario's own (highlighted).
    pub yours: bool,
}

/// A horizontal bar chart: a list whose labels and values are text (they
/// wrap, so nothing is clipped at any width, and read at the page's own
/// size), each with its bar drawn as a small SVG stretched to its track.
/// Colours come from CSS classes, so it reads in light and dark mode.
#[component]
pub fn BarChart(
    /// Prefix for the element ids (unique per chart on the page).
    id: &'static str,
    title: &'static str,
    /// What bar length means, for the caption.
    legend: &'static str,
    #[prop(into)] bars: Signal<Vec<Bar>>,
) -> impl IntoView {
    // Callers pass derived signals; one memo computes the bars once per change.
    let bars = Memo::new(move |_| bars.get());
    let max = move || bars.with(|b| b.iter().map(|bar| bar.value).fold(0.0_f64, f64::max));
    let title_id = format!("{id}-title");
    let labelledby = title_id.clone();
    view! {
        <figure class="chart" data-testid=id aria-labelledby=labelledby>
            <figcaption id=title_id><strong>{title}</strong> ". " {legend}</figcaption>
            <ul class="chart-rows">
                {move || {
                    let max = max();
                    bars.get()
                        .into_iter()
                        .map(|bar| {
                            // the bar's share of the longest, in the track's 100 units
                            let w = if max > 0.0 { (bar.value / max * 100.0).max(0.5) } else { 0.5 };
                            view! {
                                <li class="chart-row" class:yours=bar.yours>
                                    <span class="chart-label">{bar.label}</span>
                                    <svg class="chart-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                        <rect class="chart-bar" x="0" y="0" width=w height="10"></rect>
                                    </svg>
                                    <span class="chart-value">{bar.text}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </figure>
    }
}
