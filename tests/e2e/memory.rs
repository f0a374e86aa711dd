//! The "Memory & layout" section as a person plans a run with it: edit a
//! layout field, apply a suggested layout, share it, type a bad value.

use crate::harness::{Harness, TestResult};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The section's figures once it has loaded (a lazy section): the total per
/// accelerator in bytes, the layout in use and the fit sentence.
async fn memory(h: &Harness) -> Result<(String, String, String), Error> {
    let total = h
        .wait_for_attr("memory-total", "data-value", |v| !v.is_empty())
        .await?;
    let layout = h.wait_for_text("memory-layout", |t| !t.is_empty()).await?;
    let fit = h.wait_for_text("memory-fit", |t| !t.is_empty()).await?;
    Ok((total, layout, fit))
}

/// Clicks the element `id` as a person would once it stays put: the lazy
/// sections arriving above it can move it between the scroll and the click,
/// so a click another element intercepted is tried again.
async fn click(h: &Harness, id: &str) -> TestResult {
    for _ in 0..20 {
        let element = h.wait_for_testid(id).await?;
        h.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        match element.click().await {
            Ok(()) => return Ok(()),
            Err(e) if e.to_string().contains("intercepted") => {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(format!("[data-testid={id}] stayed covered").into())
}

async fn checked(h: &Harness, id: &str) -> Result<bool, Error> {
    let value = h.wait_for_testid(id).await?.prop("checked").await?;
    Ok(value.as_deref() == Some("true"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_default_run_shows_a_fitting_layout_with_its_breakdown() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let (total, layout, fit) = memory(&h).await?;
    assert!(total.parse::<f64>()? > 0.0, "{total}");
    assert!(layout.starts_with("TP "), "{layout}");
    assert!(fit.starts_with("fits"), "the default run fits: {fit}");
    for line in [
        "weights",
        "gradients",
        "optimizer",
        "activations",
        "logits",
        "overhead",
    ] {
        h.wait_for_testid(&format!("memory-line-{line}")).await?;
        h.wait_for_testid(&format!("memory-bar-{line}")).await?;
    }
    h.wait_for_testid("memory-capacity").await?;
    h.wait_for_testid("apply-layout-0").await?;
    // The headline's memory line is the same model's answer (the layout in
    // use), not the old state-only check.
    let note = h
        .client
        .find(fantoccini::Locator::Css(".memory-note"))
        .await?
        .text()
        .await?;
    assert!(
        note.contains(&layout) && !note.contains("not modelled"),
        "{note}"
    );
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn editing_a_layout_field_updates_the_breakdown_and_the_link() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let (total, layout, _) = memory(&h).await?;
    assert!(!layout.contains("b 2"), "{layout}");
    h.type_into("micro-batch-input", "2").await?;
    // Two sequences per micro-batch: more activations, and the search (still
    // on) may choose another TP, PP or ZeRO to fit them.
    h.wait_for_attr("memory-total", "data-value", |v| v != total)
        .await?;
    assert!(checked(&h, "auto-layout-input").await?);
    h.wait_for_text("memory-layout", |t| t.contains("b 2"))
        .await?;
    h.wait_for_url_fragment(|f| f.contains("&mb=2&")).await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn applying_a_suggested_layout_changes_the_fields_and_the_fit() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let (_, layout, fit) = memory(&h).await?;
    assert!(checked(&h, "auto-layout-input").await?);
    let option = h.wait_for_testid("layout-option-1").await?;
    let suggested = option.attr("data-text").await?.ok_or("no data-text")?;
    assert_ne!(suggested, layout);
    click(&h, "apply-layout-1").await?;
    h.wait_for_text("memory-layout", |t| t == suggested).await?;
    h.wait_for_text("memory-fit", |t| t != fit).await?;
    assert!(
        !checked(&h, "auto-layout-input").await?,
        "an applied layout is manual"
    );
    // The fields show the applied layout.
    let field = |name: &str| {
        suggested
            .split(" · ")
            .find_map(|part| part.strip_prefix(&format!("{name} ")))
            .map(str::to_string)
            .ok_or(format!("no {name} in {suggested}"))
    };
    h.wait_for_value("tp-input", |v| Ok(v.to_string()) == field("TP"))
        .await?;
    h.wait_for_value("pp-input", |v| Ok(v.to_string()) == field("PP"))
        .await?;
    h.wait_for_value("zero-select", |v| Ok(v.to_string()) == field("ZeRO"))
        .await?;
    h.wait_for_url_fragment(|f| f.contains("&al=0&")).await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_with_a_layout_round_trips() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    memory(&h).await?;
    h.type_into("tp-input", "2").await?;
    h.type_into("micro-batch-input", "2").await?;
    h.wait_for_testid("recompute-select")
        .await?
        .select_by_value("selective")
        .await?;
    let fragment = h
        .wait_for_url_fragment(|f| {
            f.contains("&tp=2&") && f.contains("&mb=2&") && f.contains("r=selective")
        })
        .await?;
    let (total, layout, fit) = memory(&h).await?;
    h.client.goto("about:blank").await?;
    h.open(&fragment).await?;
    let reopened = memory(&h).await?;
    assert_eq!(reopened, (total, layout, fit));
    h.wait_for_value("tp-input", |v| v == "2").await?;
    h.wait_for_value("micro-batch-input", |v| v == "2").await?;
    h.wait_for_value("recompute-select", |v| v == "selective")
        .await?;
    assert!(!checked(&h, "auto-layout-input").await?);
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_layout_value_names_the_field_and_the_page_keeps_working() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    memory(&h).await?;
    // Not a number: refused at the field, the scenario unchanged.
    h.type_into("tp-input", "two").await?;
    h.wait_for_text("tp-error", |t| {
        t.starts_with("TP:") && t.contains("not a number")
    })
    .await?;
    // A number that breaks a rule: the rule under the field.
    h.type_into("tp-input", "3").await?;
    h.wait_for_text("tp-error", str::is_empty).await?;
    h.wait_for_text("tp-rule", |t| t.contains("TP 3 does not divide"))
        .await?;
    h.wait_for_text("memory-error", |t| t.contains("TP 3"))
        .await?;
    // Fixing it brings the breakdown back; the rest of the page still works.
    h.type_into("tp-input", "2").await?;
    h.wait_for_text("tp-rule", str::is_empty).await?;
    h.wait_for_text("memory-layout", |t| t.starts_with("TP 2 "))
        .await?;
    h.type_into("overhead-input", "2 GB").await?;
    h.wait_for_text("overhead-error", |t| t.starts_with("Overhead"))
        .await?;
    h.type_into("overhead-input", "4 GB + 5 %").await?;
    h.wait_for_text("overhead-error", str::is_empty).await?;
    h.wait_for_attr("memory-line-overhead", "data-testid", |_| true)
        .await?;
    h.type_into("gpu-count-input", "512").await?;
    h.wait_for_text("memory-layout", |t| t.contains("DP 256"))
        .await?;
    h.finish().await
}
