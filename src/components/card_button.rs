use flopcast_core::estimate::Estimate;
use leptos::prelude::*;

use crate::browser;
use crate::lazy_section;

lazy_section!(later:
/// The model card's `co2_eq_emissions` block for the estimate (emissions in
/// grams, plain digits), or why there is none. A lazy section, like the other
/// export formats.
fn card_block(estimate: Estimate) -> Result<String, String> {
    estimate.co2_card().ok_or_else(|| {
        estimate
            .energy
            .unavailable()
            .unwrap_or_else(|| "no emissions figure".to_string())
    })
});

/// "Copy model-card block": copies the Hugging Face model card's
/// `co2_eq_emissions` block for this run, and says so in the share bar's
/// status line (`status`).
#[component]
pub fn CardButton(
    #[prop(into)] estimate: Signal<Estimate>,
    status: RwSignal<String>,
) -> impl IntoView {
    let run = move |_| {
        let estimate = estimate.get_untracked();
        leptos::task::spawn_local(async move {
            match card_block(estimate).await {
                Ok(block) => {
                    browser::copy(&block);
                    status
                        .set("Model-card block (co2_eq_emissions) copied to the clipboard.".into());
                }
                Err(why) => status.set(format!("No model-card block: {why}")),
            }
        });
    };
    view! {
        <button type="button" data-testid="copy-co2-card" on:click=run>"Copy model-card block"</button>
    }
}
