use flopcast_core::estimate::Estimate;
use flopcast_core::format::{self, Worked};
use flopcast_core::scenario::Scenario;
use leptos::prelude::*;

use super::energy_figures::EnergyFigures;

/// One headline figure: its label, its value as it reads, the unrounded
/// value in `data-value`, and a "show the formula" view.
#[component]
pub(crate) fn Figure(
    testid: &'static str,
    label: &'static str,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] raw: Signal<String>,
    #[prop(into)] detail: Signal<String>,
    #[prop(into)] formula: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="figure">
            <dt>{label}</dt>
            <dd>
                <output data-testid=testid data-value=move || raw.get()>{move || text.get()}</output>
                <span class="figure-detail">{move || detail.get()}</span>
                <Show when=move || formula.with(Option::is_some)>
                    <details class="formula">
                        <summary>"Show the formula"</summary>
                        <code>{move || formula.get()}</code>
                    </details>
                </Show>
            </dd>
        </div>
    }
}

fn worked(w: &Worked, value_text: String) -> String {
    format!("{} = {value_text}", w.formula)
}

/// The answer: parameters, training FLOPs, time, accelerator-hours and cost.
#[component]
pub fn Headline(
    #[prop(into)] scenario: Signal<Scenario>,
    #[prop(into)] estimate: Signal<Estimate>,
) -> impl IntoView {
    let band = move || scenario.with(|s| format::percent_range(s.mfu.low, s.mfu.high));
    view! {
        <section class="headline" aria-label="Headline figures">
            <h2>{move || scenario.with(|s| s.model.name())}</h2>
            <dl class="figures">
                <Figure
                    testid="params-total"
                    label="Parameters"
                    text=Signal::derive(move || estimate.with(|e| count_text(e, e.params.total)))
                    raw=Signal::derive(move || estimate.with(|e| e.params.total.to_string()))
                    detail=Signal::derive(move || estimate.with(|e| count_detail(e, e.params.total)))
                    formula=Signal::derive(|| None::<String>)
                />
                <Figure
                    testid="params-active"
                    label="Active per token"
                    text=Signal::derive(move || estimate.with(|e| count_text(e, e.params.active)))
                    raw=Signal::derive(move || estimate.with(|e| e.params.active.to_string()))
                    detail=Signal::derive(move || estimate.with(|e| count_detail(e, e.params.active)))
                    formula=Signal::derive(|| None::<String>)
                />
                <Figure
                    testid="training-flops"
                    label="Training FLOPs"
                    text=Signal::derive(move || format::flops(estimate.with(|e| e.training.model_flops)))
                    raw=Signal::derive(move || estimate.with(|e| e.training.model_flops.to_string()))
                    detail=Signal::derive(move || estimate.with(|e| {
                        let l = e.training.landmarks;
                        let eu = if l.over_eu_ai_act_threshold { " · over the EU AI Act's 10²⁵ FLOP threshold" } else { "" };
                        let hw = if e.training.hardware_flops != e.training.model_flops {
                            format!(" · hardware FLOPs with recomputation {}", format::flops(e.training.hardware_flops))
                        } else { String::new() };
                        format!("{} · {} PF-days · {}× GPT-3{eu}{hw}", e.convention.label(), format::scientific(l.pf_days, 3), format::scientific(l.gpt3_multiple, 3))
                    }))
                    formula=Signal::derive(move || estimate.with(|e| Some(worked(&e.formulas.training_flops, format::flops(e.training.model_flops)))))
                />
                <Figure
                    testid="training-time"
                    label="Wall-clock time"
                    text=Signal::derive(move || estimate.with(|e| e.time_cost.time_text()))
                    raw=Signal::derive(move || estimate.with(|e| e.time_cost.at_low_mfu.wall_seconds.to_string()))
                    detail=Signal::derive(move || format!("at {} MFU", band()))
                    formula=Signal::derive(move || estimate.with(|e| Some(worked(&e.formulas.time, format!("{} s", format::flops(e.time_cost.at_low_mfu.wall_seconds))))))
                />
                <Figure
                    testid="training-gpu-hours"
                    label="Accelerator-hours"
                    text=Signal::derive(move || estimate.with(|e| e.time_cost.hours_text()))
                    raw=Signal::derive(move || estimate.with(|e| e.time_cost.at_low_mfu.accelerator_hours.to_string()))
                    detail=Signal::derive(move || estimate.with(|e| e.hardware.accelerator.name().to_string()))
                    formula=Signal::derive(move || estimate.with(|e| Some(worked(&e.formulas.accelerator_hours, format::flops(e.time_cost.at_low_mfu.accelerator_hours)))))
                />
                <Figure
                    testid="training-cost"
                    label="Cost"
                    text=Signal::derive(move || estimate.with(|e| e.time_cost.cost_text()).unwrap_or_else(|| "no price".to_string()))
                    raw=Signal::derive(move || estimate.with(|e| e.time_cost.at_low_mfu.cost_usd.map(|c| c.to_string()).unwrap_or_default()))
                    detail=Signal::derive(move || scenario.with(Scenario::price_echo))
                    formula=Signal::derive(move || estimate.with(|e| e.formulas.cost.as_ref().map(|w| worked(w, format::usd(w.value)))))
                />
                <EnergyFigures estimate=estimate />
            </dl>
            <p class="memory-note">
                {move || estimate.with(memory_note)}
            </p>
        </section>
    }
}

/// A parameter count as the headline shows it: marked "≈" when approximate.
fn count_text(e: &Estimate, n: u64) -> String {
    let mark = if e.params.approximate.is_some() {
        "≈ "
    } else {
        ""
    };
    format!("{mark}{}", format::count(n as f64))
}

/// "… exactly", or "approximate: why".
fn count_detail(e: &Estimate, n: u64) -> String {
    match &e.params.approximate {
        None => format!("{} exactly", format::grouped_u64(n)),
        Some(why) => format!("approximate: {why}"),
    }
}

/// One line on whether the training state fits in the accelerators' memory.
fn memory_note(e: &Estimate) -> String {
    match e.memory {
        None => "Memory not checked: the custom accelerator has no memory size.".to_string(),
        Some(m) => m.summary(),
    }
}
