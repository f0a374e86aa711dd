use flopcast_core::format;
use flopcast_core::memory::breakdown::MemoryBreakdown;
use leptos::prelude::*;

/// One accelerator's memory as a stacked SVG bar: a segment per line of the
/// breakdown (weights, gradients, optimizer state, activations, logits,
/// overhead), against a mark where the accelerator's memory ends. The bar is
/// the memory, or the total when that is larger, so an overflow runs past the
/// mark. Positions are the core's fractions ([`MemoryBreakdown::bar`]), drawn
/// in a unit-wide box; colours come from CSS classes (`seg-{key}`), which the
/// table's swatches share as the legend.
#[component]
pub fn MemoryBar(#[prop(into)] breakdown: Signal<Option<MemoryBreakdown>>) -> impl IntoView {
    let bar = Memo::new(move |_| breakdown.with(|b| b.as_ref().map(MemoryBreakdown::bar)));
    let desc = move || {
        breakdown.with(|b| {
            b.as_ref().map_or_else(String::new, |b| {
                let parts: Vec<String> = b
                    .lines
                    .iter()
                    .map(|l| format!("{} {}", l.label, format::bytes(l.bytes)))
                    .collect();
                format!("{}: {}", parts.join(", "), b.fit_text)
            })
        })
    };
    view! {
        <figure class="memory-bar" data-testid="memory-bar" hidden=move || bar.with(Option::is_none)>
            <svg role="img" aria-labelledby="memory-bar-title memory-bar-desc" viewBox="0 0 1 1" preserveAspectRatio="none">
                <title id="memory-bar-title">"Memory per accelerator"</title>
                <desc id="memory-bar-desc">{desc}</desc>
                {move || {
                    bar.get()
                        .map(|(segments, capacity)| {
                            let rects = segments
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <rect class=format!("seg seg-{}", s.key) data-testid=format!("memory-bar-{}", s.key)
                                            x=s.start y="0" width=s.fraction height="1">
                                            <title>{format!("{}: {}", s.label, format::bytes(s.bytes))}</title>
                                        </rect>
                                    }
                                })
                                .collect_view();
                            let mark = capacity.map(|c| {
                                view! {
                                    <line class="capacity-mark" data-testid="memory-capacity" x1=c x2=c y1="0" y2="1" vector-effect="non-scaling-stroke"></line>
                                }
                            });
                            view! { {rects} {mark} }
                        })
                }}
            </svg>
            <figcaption>"Stacked: what one accelerator holds; the dark line is its memory."</figcaption>
        </figure>
    }
}
