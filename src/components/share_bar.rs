use flopcast_core::estimate::Estimate;
use flopcast_core::export;
use flopcast_core::scenario::Scenario;
use flopcast_core::tables::TableRow;
use leptos::prelude::*;

use crate::browser;

/// Share and export: copy the link, copy the tables as Markdown or CSV,
/// download the estimate as JSON (the CLI's `--json` schema).
#[component]
pub fn ShareBar(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    #[prop(into)] fragment: Signal<String>,
    #[prop(into)] by_gpu: Signal<Vec<TableRow>>,
    #[prop(into)] by_count: Signal<Vec<TableRow>>,
    #[prop(into)] assumptions: Signal<Vec<String>>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let link = move || {
        let url = browser::current_url();
        let base = url.split('#').next().unwrap_or_default().to_string();
        format!("{base}#{}", fragment.get())
    };
    let copy = move |text: String, what: &'static str| {
        browser::copy(&text);
        status.set(format!("{what} copied to the clipboard."));
    };
    view! {
        <div class="share" role="group" aria-label="Share and export">
            <button type="button" data-testid="share-button" on:click=move |_| copy(link(), "Link")>"Copy link"</button>
            <input class="share-url" type="text" readonly=true aria-label="Link to this scenario" data-testid="share-url" prop:value=link />
            <button type="button" on:click=move |_| copy(export::markdown(&by_gpu.get(), &by_count.get()), "Tables as Markdown")>"Copy tables (Markdown)"</button>
            <button type="button" on:click=move |_| copy(export::csv(&by_gpu.get(), &by_count.get()), "Tables as CSV")>"Copy tables (CSV)"</button>
            <button
                type="button"
                data-testid="download-json"
                on:click=move |_| {
                    let json = scenario.with(|s| estimate.with(|e| assumptions.with(|a| export::report_json(s, e, a))));
                    match browser::download("flopcast-estimate.json", "application/json", &json) {
                        Ok(()) => status.set("Estimate downloaded as JSON.".into()),
                        Err(e) => status.set(format!("Download failed: {e}.")),
                    }
                }
            >"Download JSON"</button>
            <p class="share-status" role="status">{move || status.get()}</p>
            <p class="field-hint">"The link holds the whole scenario after the #, which browsers never send to a server. A pasted config travels as its dimensions only."</p>
        </div>
    }
}
