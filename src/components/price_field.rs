use flopcast_core::fields;
use flopcast_core::format;
use flopcast_core::hardware::{prices_for, quote_age_months, PriceUsed};
use flopcast_core::scenario::{Change, PriceChoice, Scenario};
use leptos::prelude::*;

use crate::components::{applier, NumberField};

/// A quote older than this many months is flagged as possibly stale.
const STALE_AFTER_MONTHS: u32 = 6;

/// The price per accelerator-hour: the default quote, another listed quote,
/// or the person's own. The box always shows the price in use (core's
/// `price_shown`) and the line under it says it in words with its source
/// (`price_echo`: "$2.50 per hour: your price for the H100 SXM5 80GB.").
#[component]
pub fn PriceField(
    #[prop(into)] scenario: Signal<Scenario>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
) -> impl IntoView {
    // The quote list changes with the accelerator only.
    let quotes =
        Memo::new(move |_| scenario.with(|s| prices_for(s.accelerator.id()).collect::<Vec<_>>()));
    let quotes = move || quotes.get();
    let value = Signal::derive(move || scenario.with(Scenario::price_shown));
    let selected = move || {
        scenario.with(|s| match s.price {
            PriceChoice::Default => "default".to_string(),
            PriceChoice::Listed(p) => quote_key(p),
            PriceChoice::Custom(_) => "custom".to_string(),
        })
    };
    let first = untrack(selected);
    let (now_year, now_month) = crate::browser::year_month();
    let echo = Signal::derive(move || {
        scenario.with(|s| {
            let used = s.price_used();
            let warning = match used {
                Some(PriceUsed::Custom {
                    usd_per_accelerator_hour,
                }) => fields::price_warning(usd_per_accelerator_hour),
                Some(PriceUsed::Listed(p)) => quote_age_months(p.date, now_year, now_month)
                    .filter(|&months| months > STALE_AFTER_MONTHS)
                    .map(|months| {
                        format!("{months} months old: prices fall, check a current one.")
                    }),
                None => None,
            };
            match warning {
                Some(w) => format!("{} {w}", s.price_echo()),
                None => s.price_echo(),
            }
        })
    });

    view! {
        <div class="field">
            <label for="price-source">"Price source"</label>
            <select
                id="price-source"
                data-testid="price-select"
                prop:value=selected
                on:change=move |ev| {
                    let key = event_target_value(&ev);
                    let choice = match key.as_str() {
                        "default" => Some(PriceChoice::Default),
                        _ => quotes().into_iter().find(|p| quote_key(p) == key).map(PriceChoice::Listed),
                    };
                    if let Some(c) = choice {
                        edit.run(Change::Price(c));
                    }
                }
            >
                <option value="default" selected=first == "default">"Default quote (median on-demand)"</option>
                {let first = first.clone(); move || quotes()
                    .into_iter()
                    .map(|p| {
                        let key = quote_key(p);
                        view! {
                            <option value=key.clone() selected=key == first>
                                {format!("{} {} — {} ({})", p.provider, p.sku, format::usd_per_hour(p.usd_per_accelerator_hour), p.date)}
                            </option>
                        }
                    })
                    .collect_view()}
                <option value="custom" disabled=true selected=first == "custom">"Your own (type it below)"</option>
            </select>
        </div>
        <NumberField
            name="price"
            label="Price per accelerator-hour, USD"
            value=value
            apply=applier(fields::price, move |usd| edit.run(Change::TypedPrice(usd)))
            on_validity=on_validity
            echo=echo
        />
    }
}

fn quote_key(p: &flopcast_core::hardware::CloudPrice) -> String {
    format!("{}|{}|{}", p.provider, p.sku, p.usd_per_accelerator_hour)
}
