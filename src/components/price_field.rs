use flopcast_core::fields;
use flopcast_core::format;
use flopcast_core::hardware::{prices_for, quote_age_months, PriceUsed};
use flopcast_core::scenario::{Change, PriceChoice, Scenario};
use leptos::prelude::*;

use crate::components::{applier, NumberField};

/// A quote older than this many months is flagged as possibly stale.
const STALE_AFTER_MONTHS: u32 = 6;

/// The price per accelerator-hour: the default quote, another listed quote,
/// or the person's own. The date of the quote in use is always shown.
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
    let used = move || scenario.with(Scenario::price_used);
    let value = Signal::derive(move || {
        used().map_or_else(String::new, |p| {
            format!("{:.2}", p.usd_per_accelerator_hour())
        })
    });
    let selected = move || {
        scenario.with(|s| match s.price {
            PriceChoice::Default => "default".to_string(),
            PriceChoice::Listed(p) => quote_key(p),
            PriceChoice::Custom(_) => "custom".to_string(),
        })
    };
    let first = untrack(selected);
    let (now_year, now_month) = crate::browser::year_month();
    let provenance = Signal::derive(move || match used() {
        None => "No price is known for this accelerator: type your own to see costs.".to_string(),
        Some(PriceUsed::Custom { .. }) => "Your own price.".to_string(),
        Some(PriceUsed::Listed(p)) => {
            let age = quote_age_months(p.date, now_year, now_month);
            let stale = match age {
                Some(months) if months > STALE_AFTER_MONTHS => {
                    format!(" — {months} months old: prices fall, check a current one")
                }
                _ => String::new(),
            };
            format!(
                "{} {} ({}), {}, quoted {}{stale}",
                p.provider,
                p.sku,
                p.region.unwrap_or("any region"),
                p.pricing.label(),
                p.date
            )
        }
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
                {move || quotes()
                    .into_iter()
                    .map(|p| view! {
                        <option value=quote_key(p) selected=quote_key(p) == first>
                            {format!("{} {} — {} ({})", p.provider, p.sku, format::usd(p.usd_per_accelerator_hour), p.date)}
                        </option>
                    })
                    .collect_view()}
                <option value="custom" disabled=true>"Your own (type it below)"</option>
            </select>
        </div>
        <NumberField
            name="price"
            label="Price per accelerator-hour, USD"
            value=value
            apply=applier(fields::price, move |usd| edit.run(Change::TypedPrice(usd)))
            on_validity=on_validity
            echo=provenance
        />
    }
}

fn quote_key(p: &flopcast_core::hardware::CloudPrice) -> String {
    format!("{}|{}|{}", p.provider, p.sku, p.usd_per_accelerator_hour)
}
