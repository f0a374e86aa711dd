use flopcast_core::estimate::Estimate;
use flopcast_core::flops::{linear_layer, tokens_for_budget};
use flopcast_core::format;
use leptos::prelude::*;

use crate::lazy_section;

use crate::lazy::disclosure;

/// The article's linear layer, worked: (batch, in, out) → FLOPs exactly and
/// simplified, and FLOPs per parameter; and the reverse question of the token
/// budget: how many tokens a FLOP budget buys under the chosen convention.
/// Its code loads when it is first opened.
#[component]
pub fn Explainer(#[prop(into)] estimate: Signal<Estimate>) -> impl IntoView {
    disclosure(
        "explainer",
        view! { <h3>"How FLOPs are counted: a linear layer, and what a budget buys"</h3> },
        "Loading the worked example…",
        move || worked_example(estimate),
    )
}

lazy_section!(later:
/// The explainer's content (a lazy section).
fn worked_example(estimate: Signal<Estimate>) -> AnyView {
    let dims = RwSignal::new((1_u64, 3_u64, 2_u64));
    let per_token = Memo::new(move |_| {
        estimate.with(|e| e.training.model_flops / e.training.n_tokens.max(1.0))
    });
    let budget = RwSignal::new(1e24_f64);
    let layer = move || {
        let (batch, d_in, d_out) = dims.get();
        linear_layer(batch, d_in, d_out, true)
    };
    let set = move |i: usize, text: String| {
        if let Ok(v) = text.trim().parse::<u64>() {
            if (1..=1_000_000).contains(&v) {
                dims.update(|d| match i {
                    0 => d.0 = v,
                    1 => d.1 = v,
                    _ => d.2 = v,
                });
            }
        }
    };
    let input = move |i: usize, id: &'static str, label: &'static str, value: u64| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="number" min="1" step="1" value=value.to_string() on:input=move |ev| set(i, event_target_value(&ev)) />
        }
    };
    view! {
            <div class="dims-grid">
                {input(0, "lin-batch", "batch", 1)}
                {input(1, "lin-in", "in", 3)}
                {input(2, "lin-out", "out", 2)}
            </div>
            <p data-testid="linear-explainer">
                {move || {
                    let l = layer();
                    format!(
                        "Each of the batch·out = {} outputs takes in = {} multiplications and in − 1 = {} additions, plus one bias addition: {} FLOPs exactly. \
                         The simplification batch·out·2·in gives {}. The layer has {} weights (and {} parameters with its bias), so a forward pass costs {} FLOPs per weight per row: \
                         two, as 6·N assumes (2 forward + 4 backward). Counting the bias as a parameter too gives {:.2}.",
                        format::grouped_u64(l.batch.saturating_mul(l.d_out)),
                        l.d_in,
                        l.d_in.saturating_sub(1),
                        l.exact,
                        l.simplified,
                        l.d_in * l.d_out,
                        l.params,
                        l.simplified / (u128::from(l.d_in) * u128::from(l.d_out) * u128::from(l.batch)).max(1),
                        l.flops_per_param
                    )
                }}
            </p>
            <label for="budget">"A FLOP budget"</label>
            <input id="budget" type="text" inputmode="decimal" value="1e24"
                on:input=move |ev| if let Ok(v) = format::parse_quantity(&event_target_value(&ev)) { budget.set(v) } />
            <p data-testid="budget-tokens">
                {move || {
                    let per_token = per_token.get();
                    format!(
                        "{} FLOPs buy {} tokens of this model ({} FLOPs per token under the chosen convention).",
                        format::flops(budget.get()),
                        format::count(tokens_for_budget(budget.get(), per_token)),
                        format::flops(per_token)
                    )
                }}
            </p>
    }
    .into_any()
});
