use flopcast_core::format;
use flopcast_core::memory::breakdown::MemoryBreakdown;
use flopcast_core::memory::layout::LayoutError;
use leptos::prelude::*;

/// The breakdown's lines with how each is made, the total against the
/// accelerator's memory (free or over), the layout and stage it is for, and
/// what the figures leave out. When the layout breaks a rule, the rule.
#[component]
pub fn MemoryTable(
    #[prop(into)] breakdown: Signal<Option<MemoryBreakdown>>,
    #[prop(into)] error: Signal<Option<LayoutError>>,
) -> impl IntoView {
    let rows = move || {
        breakdown.with(|b| {
            b.as_ref()
                .map(|b| b.lines.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|l| {
                    view! {
                        <tr data-testid=format!("memory-line-{}", l.key) data-value=l.bytes.to_string()>
                            <th scope="row"><span class=format!("swatch seg-{}", l.key) aria-hidden="true"></span>{l.label}</th>
                            <td class="num">{format::bytes(l.bytes)}</td>
                            <td class="detail">{l.detail}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let read = move |f: fn(&MemoryBreakdown) -> String| {
        move || breakdown.with(|b| b.as_ref().map(f).unwrap_or_default())
    };
    let fits = move || breakdown.with(|b| b.as_ref().and_then(|b| b.fits));
    let approximations = move || {
        breakdown.with(|b| {
            b.as_ref()
                .map(|b| b.approximations.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|a| view! { <li>{a}</li> })
                .collect_view()
        })
    };
    view! {
        <p class="field-error" role="alert" data-testid="memory-error" hidden=move || error.with(Option::is_none)>
            "This layout cannot run: " {move || error.with(|e| e.as_ref().map(ToString::to_string))}
        </p>
        <div class="memory-table" hidden=move || breakdown.with(Option::is_none)>
            <p class="memory-fit" class:over=move || fits() == Some(false) data-testid="memory-fit">
                {read(|b| b.fit_text.clone())}
            </p>
            <p class="field-hint">
                <span data-testid="memory-layout">{read(|b| b.layout_text.clone())}</span>
                "; " {read(|b| b.stage.label().to_string())} ", "
                {read(|b| format::count_of(b.stage_layers, "layer", "layers"))}
                ", micro-batches in flight: " {read(|b| format::plain(b.in_flight))}
            </p>
            <table class="memory-lines" data-testid="memory-table">
                <caption>"Bytes per accelerator"</caption>
                <thead>
                    <tr><th scope="col">"Line"</th><th scope="col">"Bytes"</th><th scope="col">"How"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Total"</th>
                        <td class="num" data-testid="memory-total" data-value=read(|b| b.per_accelerator.total.to_string())>
                            {read(|b| format::bytes(b.per_accelerator.total))}
                        </td>
                        <td class="detail">{read(|b| b.capacity_bytes.map(|c| format!("of {}", format::bytes(c as f64))).unwrap_or_default())}</td>
                    </tr>
                </tfoot>
            </table>
            <details class="memory-approximations">
                <summary>"What these figures assume"</summary>
                <ul>{approximations}</ul>
            </details>
        </div>
    }
}
