use flopcast_core::estimate::Estimate;
use flopcast_core::format;
use flopcast_core::scenario::Scenario;
use leptos::prelude::*;

/// The answer in one line that stays in view while the form is edited: the
/// model, the time and the cost (ranges as the headline gives them), and what
/// they assume. Sticky at the top of the window on every screen; on a phone
/// it is the first thing above the form.
#[component]
pub fn ResultSummary(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
    #[prop(into)] stale: Signal<bool>,
) -> impl IntoView {
    let time = move || estimate.with(|e| e.time_cost.time_text());
    let cost = move || {
        estimate
            .with(|e| e.time_cost.cost_text())
            .unwrap_or_else(|| "no price".to_string())
    };
    let terms = move || {
        scenario.with(|s| {
            let precision = s.accelerator.precision().map_or("", |p| p.label());
            let price = s
                .price_used()
                .map(|p| format!(" · {}", format::usd_per_hour(p.usd_per_accelerator_hour())))
                .unwrap_or_default();
            format!(
                "{} × {} {precision} · {} MFU{price}",
                format::grouped_u64(s.n_accelerators),
                s.accelerator.name(),
                format::percent_range(s.mfu.low, s.mfu.high)
            )
        })
    };
    view! {
        <aside class="summary" class:stale=stale aria-label="Result summary" data-testid="result-summary">
            <div class="summary-inner">
                <span class="summary-model">{move || scenario.with(|s| s.model.name())}</span>
                <span class="summary-figures">
                    <output data-testid="summary-time">{time}</output>
                    " · "
                    <output data-testid="summary-cost">{cost}</output>
                </span>
                <span class="summary-terms" data-testid="summary-terms">{terms}</span>
            </div>
        </aside>
    }
}
