//! Component tests in headless Chromium (wasm-bindgen-test): each mounts a
//! component into a fresh element and asserts on the DOM.
#![cfg(target_arch = "wasm32")]

use flopcast_web::components::{applier, Bar, BarChart, NumberField};
use flopcast_web::App;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element on the page to mount into.
fn host() -> web_sys::HtmlElement {
    let document = gloo::utils::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn query(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

/// Lets effects that Leptos schedules run (one turn of the microtask queue).
async fn tick() {
    let resolved = web_sys::js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    let _ = wasm_bindgen_futures::JsFuture::from(resolved).await;
}

fn type_text(input: &web_sys::HtmlInputElement, text: &str) {
    input.set_value(text);
    let event = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
fn the_app_shows_the_default_scenario_at_once() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), App);
    let total = query(&host, "[data-testid='params-total']");
    assert_eq!(
        total.get_attribute("data-value").as_deref(),
        Some("8030261248")
    );
    let cost = query(&host, "[data-testid='training-cost']");
    assert!(
        cost.get_attribute("data-value")
            .unwrap()
            .parse::<f64>()
            .unwrap()
            > 0.0
    );
    assert!(query(&host, "[data-testid='table-by-gpu'] tbody").child_element_count() >= 25);
}

fn parse_count(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("`{text}` is not a count"))
}

#[wasm_bindgen_test]
async fn a_number_field_reports_errors_next_to_itself_and_values_upward() {
    let host = host();
    let got = RwSignal::new(None::<u64>);
    let valid = RwSignal::new(true);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <NumberField
                name="count"
                label="Count"
                value=Signal::derive(|| "8".to_string())
                apply=applier(parse_count, move |v| got.set(Some(v)))
                on_validity=Callback::new(move |(_, ok): (&'static str, bool)| valid.set(ok))
            />
        }
    });
    tick().await;
    let input: web_sys::HtmlInputElement = query(&host, "input").unchecked_into();
    assert_eq!(input.value(), "8");
    type_text(&input, "x1");
    tick().await;
    let error = query(&host, "[data-testid='count-error']");
    assert_eq!(error.text_content().as_deref(), Some("`x1` is not a count"));
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(!valid.get_untracked());
    assert_eq!(got.get_untracked(), None);
    type_text(&input, "12");
    tick().await;
    assert_eq!(got.get_untracked(), Some(12));
    assert!(valid.get_untracked());
    assert!(error.has_attribute("hidden"));
}

#[wasm_bindgen_test]
fn a_bar_chart_draws_one_bar_per_item_with_its_label_and_value_as_text() {
    let host = host();
    let bars = vec![
        Bar {
            label: "A".into(),
            value: 2.0,
            text: "two".into(),
            yours: false,
        },
        Bar {
            label: "B".into(),
            value: 1.0,
            text: "one".into(),
            yours: true,
        },
    ];
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! { <BarChart id="test-chart" title="Test" legend="Length is value." bars=Signal::derive(move || bars.clone()) /> }
    });
    let rects = host.query_selector_all("rect").unwrap();
    assert_eq!(rects.length(), 2);
    let widths: Vec<f64> = (0..2)
        .map(|i| {
            rects
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("width")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!((widths[0] / widths[1] - 2.0).abs() < 1e-9);
    // labels and values are text (they wrap rather than clip), in order
    let items = host.query_selector_all("li").unwrap();
    assert_eq!(items.length(), 2);
    let text = |i| items.item(i).unwrap().text_content().unwrap();
    assert!(
        text(0).contains('A') && text(0).contains("two"),
        "{}",
        text(0)
    );
    assert!(
        text(1).contains('B') && text(1).contains("one"),
        "{}",
        text(1)
    );
    assert!(query(&host, "li.yours")
        .text_content()
        .unwrap()
        .contains("one"));
    assert!(query(&host, "figcaption")
        .text_content()
        .unwrap()
        .contains("Length is value."));
}

/// A layout that does not fit: ZeRO 0 on Llama 3.1 8B keeps 128 GB of state
/// on every 80 GB accelerator.
fn over_capacity() -> flopcast_core::memory::breakdown::MemoryBreakdown {
    use flopcast_core::memory::layout::{Layout, Zero};
    use flopcast_core::scenario::{Change, Scenario};
    let mut s = Scenario::default();
    s.apply(Change::Layout(Layout {
        zero: Zero::Off,
        ..s.layout
    }));
    flopcast_core::estimate::estimate(&s)
        .layout
        .expect("a valid layout")
}

#[wasm_bindgen_test]
fn an_over_capacity_bar_runs_past_the_memory_mark_and_says_over() {
    use flopcast_web::components::{MemoryBar, MemoryTable};
    let host = host();
    let breakdown = over_capacity();
    let shown = Some(breakdown.clone());
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <MemoryBar breakdown=Signal::stored(shown.clone()) />
            <MemoryTable breakdown=Signal::stored(shown) error=Signal::stored(None) />
        }
    });
    let mark: f64 = query(&host, "[data-testid='memory-capacity']")
        .get_attribute("x1")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        mark > 0.0 && mark < 1.0,
        "the memory ends before the bar: {mark}"
    );
    let weights = query(&host, "[data-testid='memory-bar-weights']");
    assert_eq!(weights.get_attribute("x").as_deref(), Some("0"));
    let fit = query(&host, "[data-testid='memory-fit']");
    assert!(fit.class_list().contains("over"));
    let text = fit.text_content().unwrap();
    assert_eq!(text, breakdown.fit_text);
    assert!(text.starts_with("over"), "{text}");
}
