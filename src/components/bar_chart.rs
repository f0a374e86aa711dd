use leptos::prelude::*;

const ROW: f64 = 22.0;
const LABEL_W: f64 = 220.0;
const BAR_W: f64 = 290.0;
const WIDTH: f64 = 640.0;

/// One bar: its label, the value that sets its length, and the text beside it.
#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// A horizontal bar chart drawn as SVG. Colours come from CSS classes, so it
/// reads in light and dark mode; its title and a description listing every
/// bar's text give it a text alternative.
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
    let height = move || bars.with(|b| b.len() as f64 * ROW + 8.0);
    let desc = move || {
        bars.with(|b| {
            b.iter()
                .map(|bar| format!("{}: {}", bar.label, bar.text))
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelledby = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart" data-testid=id>
            <svg
                role="img"
                aria-labelledby=labelledby
                viewBox=move || format!("0 0 {WIDTH} {}", height())
                preserveAspectRatio="xMinYMin meet"
            >
                <title id=title_id>{title}</title>
                <desc id=desc_id>{desc}</desc>
                {move || {
                    let max = max();
                    bars.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, bar)| {
                            let y = i as f64 * ROW + 4.0;
                            let w = if max > 0.0 { (bar.value / max * BAR_W).max(1.0) } else { 1.0 };
                            view! {
                                <text class="chart-label" x=LABEL_W - 6.0 y=y + 14.0 text-anchor="end">{bar.label}</text>
                                <rect class="chart-bar" x=LABEL_W y=y width=w height=ROW - 6.0 rx="2"></rect>
                                <text class="chart-value" x=LABEL_W + w + 6.0 y=y + 14.0>{bar.text}</text>
                            }
                        })
                        .collect_view()
                }}
            </svg>
            <figcaption>{title} ". " {legend}</figcaption>
        </figure>
    }
}
