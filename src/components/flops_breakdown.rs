use flopcast_core::estimate::Estimate;
use flopcast_core::flops::FlopBreakdown;
use flopcast_core::format;
use leptos::prelude::*;

use crate::components::{Bar, BarChart};

/// The rows of one breakdown: each term, its formula with the model's
/// numbers, its FLOPs per token and its share.
fn rows(b: &FlopBreakdown) -> impl IntoView {
    let total = b.total.max(f64::MIN_POSITIVE);
    b.terms
        .iter()
        .map(|t| {
            view! {
                <tr>
                    <th scope="row">{t.label.clone()}</th>
                    <td><code>{t.formula.clone()}</code></td>
                    <td class="num">{format::flops(t.flops)}</td>
                    <td class="num">{format::percent(t.flops / total)}</td>
                </tr>
            }
        })
        .collect_view()
}

/// Forward FLOPs per token: Kaplan et al.'s Table 1 rows with this model's
/// numbers, the chosen convention's breakdown, and a chart of it.
#[component]
pub fn FlopsBreakdown(#[prop(into)] estimate: Signal<Estimate>) -> impl IntoView {
    // Per-token FLOPs depend on the model, S and the convention only, so a new
    // MFU, count or price leaves these memos, and the tables, as they are.
    let kaplan = Memo::new(move |_| estimate.with(|e| (e.kaplan.clone(), e.seq_len)));
    let chosen = Memo::new(move |_| estimate.with(|e| (e.convention, e.breakdown.clone())));
    let bars = Signal::derive(move || {
        chosen.with(|(_, breakdown)| {
            breakdown
                .terms
                .iter()
                .filter(|t| t.flops > 0.0)
                .map(|t| Bar {
                    label: t.label.clone(),
                    value: t.flops,
                    text: format!("{} FLOP/token", format::flops(t.flops)),
                    yours: false,
                })
                .collect::<Vec<_>>()
        })
    });
    let table = move |b: FlopBreakdown, testid: &'static str, caption: String| {
        view! {
            <div class="table-wrap">
                <table data-testid=testid>
                    <caption>{caption}</caption>
                    <thead><tr><th scope="col">"Operation"</th><th scope="col">"Formula"</th><th scope="col">"FLOPs per token"</th><th scope="col">"Share"</th></tr></thead>
                    <tbody>{rows(&b)}</tbody>
                    <tfoot><tr><th scope="row">"Total (forward)"</th><td></td><td class="num">{format::flops(b.total)}</td><td></td></tr></tfoot>
                </table>
            </div>
            <ul class="notes">{b.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
        }
    };
    view! {
        <section aria-labelledby="flops-title">
            <h3 id="flops-title">"FLOPs per token (forward)"</h3>
            {move || {
                let (breakdown, seq_len) = kaplan.get();
                let caption = format!(
                    "Kaplan et al. 2020, Table 1, with this model's numbers at S = {}. Training is 3× forward.",
                    format::grouped_u64(seq_len)
                );
                table(breakdown, "table-kaplan", caption)
            }}
            {move || {
                let (convention, breakdown) = chosen.get();
                (convention != flopcast_core::flops::Convention::Kaplan).then(|| {
                    table(breakdown, "table-breakdown", format!("The chosen convention: {}", convention.label()))
                })
            }}
            <BarChart id="chart-flops" title="Forward FLOPs per token by component" legend="Bar length is FLOPs per token under the chosen convention." bars=bars />
        </section>
    }
}
