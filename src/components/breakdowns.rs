use flopcast_core::estimate::Estimate;
use flopcast_core::params::ParamCounts;
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

use crate::lazy_section;

use crate::components::{ConventionTable, FlopsBreakdown, ParamBreakdown};
use crate::lazy::{deferred, Start};

/// Where the parameters and the FLOPs are, and the counting conventions side
/// by side: below the tables, so their code loads when the browser is idle
/// after the first view.
#[component]
pub fn Breakdowns(
    #[prop(into)] params: Signal<ParamCounts>,
    #[prop(into)] estimate: Signal<Estimate>,
    #[prop(into)] scenario: Signal<Scenario>,
    edit: Callback<Change>,
) -> impl IntoView {
    deferred(Start::Idle, "Loading the breakdowns…", move || {
        sections(params, estimate, scenario, edit)
    })
}

lazy_section!(later:
/// The three sections (a lazy section).
fn sections(
    params: Signal<ParamCounts>,
    estimate: Signal<Estimate>,
    scenario: Signal<Scenario>,
    edit: Callback<Change>,
) -> AnyView {
    view! {
        <ParamBreakdown params=params />
        <FlopsBreakdown estimate=estimate />
        <ConventionTable estimate=estimate scenario=scenario edit=edit />
    }
    .into_any()
});
