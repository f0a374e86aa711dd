use flopcast_core::format;
use flopcast_core::runs::{comparisons, gpt3_checks, run_scenario, summary, Comparison, RunMfu};
use flopcast_core::scenario::Change;
use leptos::prelude::*;

use crate::lazy_section;

use crate::components::{energy_runs, Bar, BarChart};
use crate::lazy::disclosure;

/// How a run's row is sorted.
#[derive(Clone, Copy, PartialEq)]
enum SortBy {
    Mfu,
    Error,
    Hours,
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{v:+.1} %"))
}

fn row(c: &Comparison, edit: Callback<Change>) -> impl IntoView {
    let id = c.run.id;
    let caveats = c
        .run
        .caveats
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <tr data-run=id>
            <th scope="row">{c.run.name}<br/><small>{c.run.organization}</small></th>
            <td>{format!("{} × {}", c.run.n_accelerators.map_or("?".into(), |n| format::grouped_u64(n.value)), c.run.hardware.stated)}</td>
            <td class="num">{format::count(c.run.n_tokens.value)}</td>
            <td class="num">{format::flops(c.flops)}{c.flops_vs_published_pct.map(|d| view! { <br/><small>{pct(Some(d))}" vs published"</small> })}</td>
            <td class="num">{format::count(c.published_accelerator_hours)}</td>
            <td class="num">{format::percent(c.implied_mfu)}</td>
            <td class="num">{c.stated_mfu.map_or("—".into(), |b| format::percent(b.low))}</td>
            <td class="num">{c.predicted_accelerator_hours.map_or("—".into(), format::count)}</td>
            <td class="num">{pct(c.error_pct)}</td>
            <td class="run-source"><small>{caveats}</small><br/><small class="source">{c.run.source}</small></td>
            <td>
                <button type="button" class="link-button" data-testid=format!("load-run-{id}")
                    on:click=move |_| {
                        if let Some(s) = run_scenario(id, RunMfu::Implied) {
                            edit.run(Change::All(Box::new(s)));
                        }
                    }>"Load"</button>
            </td>
        </tr>
    }
}

/// "How good is this estimate?": flopcast next to published training runs,
/// with the MFU each run implies, predictions where a paper states its MFU,
/// and the article's GPT-3 check. A run loads into the calculator in a click.
///
/// Comparing the runs counts each run's model (parsing its config), so the
/// section is built the first time it is opened, not on page load, and its
/// code and data are a lazy wasm file.
#[component]
pub fn ValidationView(edit: Callback<Change>) -> impl IntoView {
    disclosure(
        "validation",
        view! { <h3>"How good is this estimate? Published training runs"</h3> },
        "Loading the published runs…",
        move || runs_section(edit),
    )
}

lazy_section!(later:
/// The section's content: the summary, the runs table and chart, the GPT-3 check.
fn runs_section(edit: Callback<Change>) -> AnyView {
    let runs = StoredValue::new(comparisons());
    let summary = summary(&runs.get_value());
    let sort = RwSignal::new(SortBy::Mfu);
    let sorted = move || {
        let mut rows = runs.get_value();
        let key = |c: &Comparison| match sort.get() {
            SortBy::Mfu => -c.implied_mfu,
            SortBy::Error => c.error_pct.map_or(f64::INFINITY, f64::abs),
            SortBy::Hours => -c.published_accelerator_hours,
        };
        rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
        rows
    };
    let bars = Signal::derive(move || {
        runs.get_value()
            .iter()
            .map(|c| Bar {
                label: c.run.name.to_string(),
                value: c.implied_mfu,
                text: format!("{} ({})", format::percent(c.implied_mfu), c.generation),
                yours: false,
            })
            .collect::<Vec<_>>()
    });
    let sort_button = move |key: SortBy, text: &'static str| {
        view! {
            <button type="button" class="sort" aria-pressed=move || (sort.get() == key).to_string() on:click=move |_| sort.set(key)>{text}</button>
        }
    };
    view! {
            <p>
                {format!(
                    "{} runs with published hours. Where the source states an MFU or throughput ({} runs), flopcast's predicted hours land within ±10 % for {} and within ±25 % for {}.",
                    summary.n_runs, summary.n_predicted, summary.n_within_10_pct, summary.n_within_25_pct
                )}
            </p>
            <ul class="notes">
                {summary.by_generation.iter().map(|g| view! {
                    <li>{format!(
                        "{}: median implied MFU {} over {} run{} (quartiles {}–{})",
                        g.generation,
                        format::percent(g.median),
                        g.n_runs,
                        if g.n_runs == 1 { "" } else { "s" },
                        format::percent(g.q1),
                        format::percent(g.q3)
                    )}</li>
                }).collect_view()}
            </ul>
            <p class="field-hint">
                "Implied MFU = 6·N·D / (published accelerator-hours × 3600 × dense peak). It folds in everything the published hours include: "
                "restarts and downtime, evaluation, multi-stage runs (long-context extension, annealing), distillation passes that 6·N·D does not see, "
                "and MoE routing overheads. Sources sometimes disagree; each row keeps its source and caveats."
            </p>
            <div class="table-wrap">
                <table data-testid="table-runs">
                    <caption>"Sort: " {sort_button(SortBy::Mfu, "implied MFU")} {sort_button(SortBy::Error, "prediction error")} {sort_button(SortBy::Hours, "hours")}</caption>
                    <thead><tr>
                        <th scope="col">"Run"</th><th scope="col">"Hardware"</th><th scope="col">"Tokens"</th><th scope="col">"FLOPs (6·N·D)"</th>
                        <th scope="col">"Published hours"</th><th scope="col">"Implied MFU"</th><th scope="col">"Stated MFU"</th>
                        <th scope="col">"Predicted hours"</th><th scope="col">"Error"</th><th scope="col">"Caveats, source"</th><th scope="col"></th>
                    </tr></thead>
                    <tbody>{move || sorted().iter().map(|c| row(c, edit)).collect_view()}</tbody>
                </table>
            </div>
            <BarChart id="chart-runs" title="Implied MFU per published run" legend="Bar length is the MFU the published hours imply." bars=bars />
            <div class="table-wrap">
                <table data-testid="table-gpt3">
                    <caption>"The article's check: Kaplan's 12·n_layer·d_model² against GPT-3's published sizes (Brown et al. 2020, Table 2.1)"</caption>
                    <thead><tr><th scope="col">"Model"</th><th scope="col">"Published"</th><th scope="col">"12·L·d²"</th><th scope="col">"Difference"</th><th scope="col">"flopcast exact"</th></tr></thead>
                    <tbody>
                        {gpt3_checks().into_iter().map(|g| view! {
                            <tr>
                                <th scope="row">{g.name}</th>
                                <td class="num">{format::count(g.published_params)}</td>
                                <td class="num">{format::count(g.heuristic_params)}</td>
                                <td class="num">{format!("{:+.1} %", g.heuristic_diff_pct)}</td>
                                <td class="num">{format::count(g.exact_params as f64)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {energy_runs()}
    }
    .into_any()
});
