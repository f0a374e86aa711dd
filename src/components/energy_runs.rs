use flopcast_core::format;
use flopcast_core::runs::{
    energy_comparisons, energy_disagreements, energy_summary, Check, EnergyComparison,
};
use leptos::prelude::*;

/// A figure, or a dash.
fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), format::plain)
}

/// One step's outcome as a cell: the error, or why there is none; the
/// check's explanation goes in the cell's note when it misses.
fn status(check: &Check, error: Option<f64>) -> (String, Option<String>) {
    let error = error.map(|e| format!("{e:+.1} %"));
    match check {
        Check::Within => (error.unwrap_or_default(), None),
        Check::Miss { why } => (error.unwrap_or_default(), Some(why.clone())),
        Check::NotComputable { why } => ("not computable".to_string(), Some(why.clone())),
        Check::NotATest { .. } => ("·".to_string(), None),
    }
}

fn step(check: &Check, error: Option<f64>) -> impl IntoView {
    let (text, why) = status(check, error);
    let miss = matches!(check, Check::Miss { .. });
    view! {
        <td class="num" class:miss=miss title=check.text()>
            {text}{why.map(|w| view! { <br/><small>{w}</small> })}
        </td>
    }
}

fn row(c: &EnergyComparison) -> impl IntoView {
    let r = c.run;
    let power = match (c.watts, r.power) {
        (Some(w), Some(p)) => format!("{} W {}", format::plain(w), p.basis.label()),
        _ => "—".to_string(),
    };
    let method = format!(
        "{} · PUE {} · grid {}",
        power,
        figure(r.pue.map(|p| p.value)),
        figure(r.grid_kg_per_kwh.map(|g| g.value))
    );
    view! {
        <tr data-energy-run=r.id>
            <th scope="row">{r.name}<br/><small>{r.organization}</small></th>
            <td><small>{method}</small></td>
            <td class="num">{figure(r.energy_mwh.map(|e| e.value))}</td>
            <td class="num">{figure(c.predicted_mwh)}</td>
            {step(&c.energy, c.energy_error_pct)}
            <td class="num">{figure(r.tco2e.map(|t| t.value))}</td>
            <td class="num">{figure(c.predicted_tco2e)}{c.co2_from_published_energy.then_some("*")}</td>
            {step(&c.co2, c.co2_error_pct)}
            <td class="run-source"><small class="source">{r.source}</small></td>
        </tr>
    }
}

/// The published energy and emissions next to flopcast's, each recomputed by
/// its source's own method (power basis, PUE, grid), with the closing note
/// and every case where published figures disagree, none preferred. Part of
/// the published-runs section (a lazy section).
pub fn energy_runs() -> impl IntoView {
    let comparisons = energy_comparisons();
    let summary = energy_summary(&comparisons).text();
    view! {
        <h4>"Energy and emissions: published figures against flopcast"</h4>
        <p class="field-hint">
            "Each record is recomputed by its source's own method: energy = accelerator-hours × W × PUE (where the published energy includes it); "
            "t CO₂e = MWh × grid kg/kWh (× PUE where the source applies it there). * emissions from the published energy (no hours published); "
            "· not a test for this record."
        </p>
        <div class="table-wrap">
            <table data-testid="table-energy-runs">
                <thead><tr>
                    <th scope="col">"Run"</th><th scope="col">"Source's method"</th>
                    <th scope="col">"Published MWh"</th><th scope="col">"flopcast MWh"</th><th scope="col">"Error"</th>
                    <th scope="col">"Published t CO₂e"</th><th scope="col">"flopcast t CO₂e"</th><th scope="col">"Error"</th>
                    <th scope="col">"Source"</th>
                </tr></thead>
                <tbody>{comparisons.iter().map(row).collect_view()}</tbody>
            </table>
        </div>
        <p class="energy-summary" data-testid="energy-runs-summary">{summary}</p>
        <h4>"Where published figures disagree"</h4>
        <ul class="notes" data-testid="energy-disagreements">
            {energy_disagreements().into_iter().map(|d| view! {
                <li data-disagreement=d.id>
                    <strong>{d.name}</strong>
                    <ul>{d.figures.iter().map(|f| view! { <li>{f.text()}</li> }).collect_view()}</ul>
                    <small>{d.note}</small>
                </li>
            }).collect_view()}
        </ul>
    }
}
