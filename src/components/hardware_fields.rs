use crate::prebuilt;
use flopcast_core::fields;
use flopcast_core::format;
use flopcast_core::hardware::{AcceleratorInUse, CustomAccelerator, Precision, Vendor, CATALOG};
use flopcast_core::notes::{mfu_choices_given, mfu_note_given};
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

use crate::components::{applier, NumberField, PriceField};

const VENDORS: [Vendor; 4] = [Vendor::Nvidia, Vendor::Amd, Vendor::Google, Vendor::Intel];

/// Which accelerator, at which precision, how many, at what MFU and price.
#[component]
pub fn HardwareFields(
    #[prop(into)] scenario: Signal<Scenario>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    // Everything below that depends on the accelerator alone reads this memo,
    // so a new count, MFU or price does not rebuild the option lists.
    let accelerator = Memo::new(move |_| scenario.with(|s| s.accelerator));
    let accelerator = move || accelerator.get();
    let published = Memo::new(move |_| prebuilt::published_mfu(accelerator().id()));
    let is_custom = move || matches!(accelerator(), AcceleratorInUse::Custom(_));
    let precisions = move || match accelerator() {
        AcceleratorInUse::Catalog { accelerator, .. } => Precision::ALL
            .into_iter()
            .filter(|p| accelerator.supports(*p))
            .collect(),
        AcceleratorInUse::Custom(_) => Vec::new(),
    };
    let mfu_text = Signal::derive(move || {
        let band = scenario.with(|s| s.mfu);
        let pct = |x: f64| format::percent(x).trim_end_matches(" %").to_string();
        if band.low == band.high {
            pct(band.low)
        } else {
            format!("{}-{}", pct(band.low), pct(band.high))
        }
    });
    // The default with its source, the published median for the accelerator's
    // generation, and the named figures: core's choices, with the medians the
    // page carries built in (the published runs load later).
    let choices = Memo::new(move |_| mfu_choices_given(published.get()));
    let mfu = move || scenario.with(|s| s.mfu);
    let chosen = move || {
        let band = mfu();
        choices.with(|c| c.iter().find(|c| c.band == band).map_or("own", |c| c.id))
    };
    let first_choice = untrack(chosen);
    let mfu_echo = Signal::derive(move || scenario.with(|s| mfu_note_given(s, published.get())));
    let first_id = untrack(accelerator).id();
    let custom_peak = Signal::derive(move || match accelerator() {
        AcceleratorInUse::Custom(c) => format::plain(c.peak_flops_per_s / 1e12),
        AcceleratorInUse::Catalog { .. } => String::new(),
    });

    view! {
        <div class="field">
            <label for="gpu">"Accelerator"</label>
            <select
                id="gpu"
                data-testid="gpu-select"
                prop:value=move || accelerator().id()
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let chosen = if id == "custom" {
                        let peak = accelerator().peak_flops_per_s().unwrap_or(1e15);
                        Some(AcceleratorInUse::Custom(CustomAccelerator { peak_flops_per_s: peak, memory_bytes: accelerator().memory_bytes() }))
                    } else {
                        AcceleratorInUse::from_catalog(&id, None)
                    };
                    if let Some(a) = chosen {
                        edit.run(Change::Accelerator(a));
                    }
                }
            >
                {VENDORS
                    .iter()
                    .map(|&vendor| view! {
                        <optgroup label=vendor.name()>
                            {CATALOG
                                .iter()
                                .filter(move |a| a.vendor == vendor)
                                .map(move |a| view! { <option value=a.id selected=a.id == first_id>{a.name}</option> })
                                .collect_view()}
                        </optgroup>
                    })
                    .collect_view()}
                <option value="custom" selected=first_id == "custom">"Custom accelerator (type its peak)"</option>
            </select>
        </div>
        <Show when=is_custom>
            <NumberField
                name="peak"
                label="Dense peak, TFLOP/s"
                value=custom_peak
                apply=applier(fields::peak_tflops, move |peak_flops_per_s| {
                    let memory_bytes = accelerator().memory_bytes();
                    edit.run(Change::Accelerator(AcceleratorInUse::Custom(CustomAccelerator { peak_flops_per_s, memory_bytes })))
                })
                on_validity=on_validity
            />
        </Show>
        <Show when=move || !is_custom()>
            <div class="field">
                <label for="precision">"Precision"</label>
                <select
                    id="precision"
                    data-testid="precision-select"
                    prop:value=move || accelerator().precision().map_or("", |p| p.id())
                    on:change=move |ev| {
                        if let Some(p) = Precision::from_id(&event_target_value(&ev)) {
                            edit.run(Change::Precision(p));
                        }
                    }
                >
                    {move || {
                        let current = accelerator().precision();
                        precisions()
                            .into_iter()
                            .map(|p| view! { <option value=p.id() selected=Some(p) == current>{p.label()} " (dense)"</option> })
                            .collect_view()
                    }}
                </select>
                <p class="field-hint">
                    {move || accelerator().peak_flops_per_s().map(|p| format!("Dense peak {}", format::flop_rate(p)))}
                </p>
            </div>
        </Show>
        <NumberField
            name="gpu-count"
            label="Accelerators"
            value=Signal::derive(move || format::grouped_u64(scenario.with(|s| s.n_accelerators)))
            apply=applier(fields::accelerator_count, move |n| edit.run(Change::Count(n)))
            on_validity=on_validity
            inputmode="numeric"
        />
        <div class="field">
            <label for="mfu-preset">"MFU (model FLOPs utilization)"</label>
            <select
                id="mfu-preset"
                data-testid="mfu-preset-select"
                prop:value=chosen
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if let Some(change) = choices.with(|c| c.iter().find(|c| c.id == id).map(|c| c.change())) {
                        edit.run(change);
                    }
                }
            >
                {move || choices.get()
                    .into_iter()
                    .map(|c| {
                        let id = c.id;
                        view! { <option value=id selected=id == first_choice>{c.label}</option> }
                    })
                    .collect_view()}
                <option value="own" selected=first_choice == "own" disabled=true>"Your own (type it below)"</option>
            </select>
        </div>
        <NumberField
            name="mfu"
            label="MFU, % (or a band: 30-50)"
            value=mfu_text
            apply=applier(fields::mfu, move |band| edit.run(Change::Mfu(band)))
            on_validity=on_validity
            echo=mfu_echo
        />
        <PriceField scenario=scenario on_validity=on_validity edit=edit />
    }
}
