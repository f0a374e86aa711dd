use flopcast_core::estimate::Estimate;
use flopcast_core::export;
use flopcast_core::scenario::Scenario;
use flopcast_core::tables::Table;
use leptos::prelude::*;

use crate::lazy_section;

use crate::browser;

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Markdown,
    Csv,
    Json,
    /// The model card's `co2_eq_emissions` block (issue 16).
    Co2Card,
}

/// Everything an export lays out.
struct Snapshot {
    scenario: Scenario,
    estimate: Estimate,
    by_gpu: Table,
    by_count: Table,
    assumptions: Vec<String>,
}

lazy_section!(later:
/// The export's text: the tables as Markdown or CSV, or the estimate as JSON
/// (the CLI's `--json` schema). The formats' code is a lazy section, loaded
/// with the rest of `later` when the browser is idle after the first view, so
/// a copy still counts as the click's (a browser lets a page write the
/// clipboard only right after a click).
fn export(format: Format, s: Snapshot) -> String {
    match format {
        Format::Markdown => export::tables_markdown(&s.by_gpu, &s.by_count),
        Format::Csv => export::csv(&s.by_gpu.rows, &s.by_count.rows),
        Format::Json => export::report_json(&s.scenario, &s.estimate, &s.assumptions),
        // The block, or why there is none (a text that is not a block).
        Format::Co2Card => s.estimate.co2_card().unwrap_or_else(|| {
            format!("No model-card block: {}", s.estimate.energy.energy_line())
        }),
    }
});

/// Share and export: copy the link, copy the tables as Markdown or CSV,
/// download the estimate as JSON (the CLI's `--json` schema).
#[component]
pub fn ShareBar(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    #[prop(into)] fragment: Signal<String>,
    #[prop(into)] by_gpu: Signal<Table>,
    #[prop(into)] by_count: Signal<Table>,
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
    let run = move |format: Format| {
        let snapshot = Snapshot {
            scenario: scenario.get_untracked(),
            estimate: estimate.get_untracked(),
            by_gpu: by_gpu.get_untracked(),
            by_count: by_count.get_untracked(),
            assumptions: assumptions.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let text = export(format, snapshot).await;
            match format {
                Format::Markdown => copy(text, "Tables as Markdown"),
                Format::Csv => copy(text, "Tables as CSV"),
                Format::Co2Card if text.starts_with("co2_eq_emissions:") => {
                    copy(text, "Model-card block (co2_eq_emissions)")
                }
                Format::Co2Card => status.set(text),
                Format::Json => {
                    match browser::download("flopcast-estimate.json", "application/json", &text) {
                        Ok(()) => status.set("Estimate downloaded as JSON.".into()),
                        Err(e) => status.set(format!("Download failed: {e}.")),
                    }
                }
            }
        });
    };
    view! {
        <div class="share" role="group" aria-label="Share and export">
            <button type="button" data-testid="share-button" on:click=move |_| copy(link(), "Link")>"Copy link"</button>
            <input class="share-url" type="text" readonly=true aria-label="Link to this scenario" data-testid="share-url" prop:value=link />
            <button type="button" data-testid="copy-markdown" on:click=move |_| run(Format::Markdown)>"Copy tables (Markdown)"</button>
            <button type="button" data-testid="copy-csv" on:click=move |_| run(Format::Csv)>"Copy tables (CSV)"</button>
            <button type="button" data-testid="download-json" on:click=move |_| run(Format::Json)>"Download JSON"</button>
            <button type="button" data-testid="copy-co2-card" on:click=move |_| run(Format::Co2Card)>"Copy model-card block"</button>
            <p class="share-status" role="status" data-testid="share-status">{move || status.get()}</p>
            <p class="field-hint">"The link holds the whole scenario after the #, which browsers never send to a server. A pasted config travels as its dimensions only."</p>
        </div>
    }
}
