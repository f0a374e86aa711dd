//! The page: one scenario signal, everything else derived from it.
//!
//! `App` owns the single source of truth (`RwSignal<Scenario>`), the link
//! notices, and the set of fields that are currently invalid (while one is,
//! the last valid result stays on screen, marked stale). The one `Effect`
//! mirrors the scenario into the URL fragment with `history.replaceState`.

use std::collections::BTreeSet;

use flopcast_core::estimate::{estimate, table_by_accelerator, table_by_count};
use flopcast_core::link;
use flopcast_core::scenario::{Change, Notice};
use leptos::prelude::*;

use crate::browser;
use crate::components::EnergySection;
use crate::components::MemorySection;
use crate::components::{
    Breakdowns, CountTable, Explainer, GpuTable, Headline, LinkNotices, ModelInput, ResultSummary,
    ScenarioForm, ShareBar, ValidationView,
};
use crate::prebuilt;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    // The core matches a pasted config to a preset with these, rather than
    // parsing every preset's config (which would put the parser in the first
    // load).
    flopcast_core::scenario::give_preset_specs(prebuilt::preset_specs);
    let decoded = link::decode_with(
        &browser::fragment(),
        prebuilt::default_scenario(),
        prebuilt::preset,
    );
    let scenario = RwSignal::new(decoded.scenario);
    let notices = RwSignal::new(decoded.notices);
    let invalid = RwSignal::new(BTreeSet::<&'static str>::new());
    // What parsing the model's config assumed (a preset's, until one is typed).
    let assumptions = RwSignal::new(scenario.with_untracked(|s| {
        s.model
            .preset
            .map_or_else(Vec::new, |p| prebuilt::assumptions(p.id))
    }));

    // Memos cut recomputation to what changed: a new accelerator count does not
    // re-render the model's text or its parameter tables.
    let model = Memo::new(move |_| scenario.with(|s| s.model.clone()));
    let estimate = Memo::new(move |_| scenario.with(estimate));
    let params = Memo::new(move |_| estimate.with(|e| e.params.clone()));
    // The tables come sorted as the scenario (and so the link) says.
    let by_gpu =
        Memo::new(move |_| scenario.with(|s| estimate.with(|e| table_by_accelerator(s, e))));
    let by_count = Memo::new(move |_| scenario.with(|s| estimate.with(|e| table_by_count(s, e))));
    // The energy section's tables read the same rows.
    let gpu_rows = Signal::derive(move || by_gpu.with(|t| t.rows.clone()));
    let count_rows = Signal::derive(move || by_count.with(|t| t.rows.clone()));
    let fragment = Memo::new(move |_| scenario.with(link::encode));
    // The address follows every edit at once, so a link copied from the
    // address bar, or read by a script, is always current.
    Effect::new(move |_| browser::replace_fragment(&fragment.get()));

    let stale = Signal::derive(move || invalid.with(|set| !set.is_empty()));
    let on_validity = Callback::new(move |(field, ok): (&'static str, bool)| {
        invalid.update(|set| {
            if ok {
                set.remove(field);
            } else {
                set.insert(field);
            }
        })
    });
    // What the last edit did beyond what was asked (a typed price left behind
    // on another accelerator, tokens following the model), with its offers.
    let edit_notices = RwSignal::new(Vec::<Notice>::new());
    let edit = Callback::new(move |change: Change| {
        let mut said = Vec::new();
        scenario.update(|s| said = s.apply(change));
        if !(said.is_empty() && edit_notices.with_untracked(Vec::is_empty)) {
            edit_notices.set(said);
        }
    });

    view! {
        <header class="masthead">
            <h1>"flopcast"</h1>
            <p class="tagline">
                "What it takes to train a transformer: exact parameters, FLOPs per token, "
                "time and cost. Everything is computed in your browser; nothing you paste leaves it."
            </p>
        </header>
        <LinkNotices notices=notices on_dismiss=Callback::new(move |_| notices.set(Vec::new())) />
        <ResultSummary scenario=scenario estimate=estimate stale=stale />
        <main class="layout">
            <section class="inputs" aria-label="Scenario">
                <ModelInput model=model on_validity=on_validity edit=edit on_assumptions=Callback::new(move |a| assumptions.set(a)) />
                <ScenarioForm scenario=scenario on_validity=on_validity edit=edit notices=edit_notices on_dismiss=Callback::new(move |_| edit_notices.set(Vec::new())) />
                <EnergySection scenario=scenario estimate=estimate by_gpu=gpu_rows by_count=count_rows on_validity=on_validity edit=edit />
            </section>
            <section class="results" id="results" class:stale=stale aria-label="Results" aria-live="polite">
                <Show when=move || stale.get()>
                    <p class="stale-note" role="status">
                        "A field is invalid (it says why beside it): these are the last valid results."
                    </p>
                </Show>
                <Headline scenario=scenario estimate=estimate />
                <ShareBar scenario=scenario estimate=estimate fragment=fragment by_gpu=by_gpu by_count=by_count assumptions=assumptions />
                <GpuTable table=by_gpu scenario=scenario edit=edit />
                <CountTable table=by_count scenario=scenario edit=edit />
                <MemorySection scenario=scenario estimate=estimate on_validity=on_validity edit=edit />
                <Breakdowns params=params estimate=estimate scenario=scenario edit=edit />
                <Explainer estimate=estimate />
                <ValidationView edit=edit />
            </section>
        </main>
        <footer class="footer">
            <p>
                "The scenario lives in this page's address after the #, which browsers never send "
                "to a server: a shared link carries the model's dimensions, never your pasted text. "
                "Method: Kaplan et al. 2020 (Table 1) and 6·N·D; time = FLOPs / (accelerators × "
                "dense peak × MFU)."
            </p>
        </footer>
    }
}
