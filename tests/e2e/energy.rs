//! Energy and emissions on the page (issue 16): the settings section, the
//! headline's figures, the link, the tables' columns, the model-card block
//! and the published runs' energy checks.

use fantoccini::Locator;

use crate::harness::{Harness, TestResult};

/// Opens a `<details>` section by its class and waits for `testid` inside it.
async fn open_section(h: &Harness, class: &str, testid: &str) -> TestResult {
    h.client
        .find(Locator::Css(&format!("details.{class} summary")))
        .await?
        .click()
        .await?;
    h.wait_for_testid(testid).await?;
    Ok(())
}

/// FNV-1a (32-bit) in hex: the link's end mark (`core/src/link.rs`), so a
/// test can write a link as an earlier version of the page did.
fn end_mark(body: &str) -> String {
    let hash = body.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_the_region_updates_the_emissions_and_the_link_and_survives_a_reload() -> TestResult
{
    let h = Harness::start().await?;
    h.open("").await?;
    let before: f64 = h
        .wait_for_attr("headline-emissions", "data-value", |v| !v.is_empty())
        .await?
        .parse()?;
    let energy_before = h
        .wait_for_attr("headline-energy", "data-value", |v| !v.is_empty())
        .await?;
    open_section(&h, "energy", "grid-region-select").await?;
    h.wait_for_testid("grid-region-select")
        .await?
        .select_by_value("fr-2023")
        .await?;
    let after: f64 = h
        .wait_for_attr("headline-emissions", "data-value", |v| {
            v.parse::<f64>().is_ok_and(|x| x != before)
        })
        .await?
        .parse()?;
    let us = flopcast_core::energy::region("us-2023").ok_or("us-2023")?;
    let fr = flopcast_core::energy::region("fr-2023").ok_or("fr-2023")?;
    assert!(
        close(after / before, fr.kg_per_kwh / us.kg_per_kwh),
        "emissions scale with the grid: {before} → {after}"
    );
    // the energy does not depend on the grid
    assert_eq!(
        h.wait_for_attr("headline-energy", "data-value", |_| true)
            .await?,
        energy_before
    );
    h.wait_for_text("headline-emissions", |t| t.contains("t CO₂e"))
        .await?;
    let hint = h
        .client
        .find(Locator::Id("grid-hint"))
        .await?
        .text()
        .await?;
    assert!(
        hint.contains("France") && hint.contains("Source:"),
        "{hint}"
    );
    h.wait_for_url_fragment(|f| f.contains("&grid=fr-2023&"))
        .await?;
    // the link is the saved state: a reload opens the same scenario
    h.client.refresh().await?;
    h.wait_until_live().await?;
    h.wait_for_attr("headline-emissions", "data-value", |v| {
        v.parse::<f64>().is_ok_and(|x| close(x, after))
    })
    .await?;
    assert!(
        h.by_testid("link-notices").await.is_err(),
        "a link with energy settings gives no notice"
    );
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_out_of_range_pue_is_refused_by_name_and_the_page_keeps_working() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let energy: f64 = h
        .wait_for_attr("headline-energy", "data-value", |v| !v.is_empty())
        .await?
        .parse()?;
    open_section(&h, "energy", "pue-input").await?;
    // every prefix of these is refused too (typing "3.5" passes through a valid 3)
    for (bad, rule) in [("4", "above 3"), ("0.9", "below 1")] {
        h.type_into("pue-input", bad).await?;
        let error = h.wait_for_text("pue-error", |t| t.contains(rule)).await?;
        assert!(error.starts_with("PUE: `"), "{error}");
        h.client
            .wait()
            .for_element(Locator::Css("section.results.stale"))
            .await?;
        let shown: f64 = h
            .wait_for_attr("headline-energy", "data-value", |_| true)
            .await?
            .parse()?;
        assert!(close(shown, energy), "{bad} changed the energy");
    }
    // a grid below zero is refused too, by its name
    h.type_into("grid-input", "-0.1").await?;
    h.wait_for_text("grid-error", |t| {
        t.starts_with("Grid intensity") && t.contains("negative")
    })
    .await?;
    h.type_into("grid-input", "0.369").await?;
    // a good PUE clears the error and the page computes again
    h.type_into("pue-input", "1.65").await?;
    let after: f64 = h
        .wait_for_attr("headline-energy", "data-value", |v| {
            v.parse::<f64>().is_ok_and(|x| !close(x, energy))
        })
        .await?
        .parse()?;
    assert!(close(after / energy, 1.65 / 1.1), "{energy} → {after}");
    let hidden = h.by_testid("pue-error").await?.attr("hidden").await?;
    assert!(hidden.is_some(), "the error went away");
    assert!(h
        .client
        .find(Locator::Css("section.results.stale"))
        .await
        .is_err());
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_model_card_button_copies_a_block_with_emissions_in_plain_digits() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.client
        .execute(
            r#"
            window.__copied = [];
            navigator.clipboard.writeText = (text) => { window.__copied.push(text); return Promise.resolve(); };
            "#,
            vec![],
        )
        .await?;
    let tonnes: f64 = h
        .wait_for_attr("headline-emissions", "data-value", |v| !v.is_empty())
        .await?
        .parse()?;
    h.wait_for_testid("copy-co2-card").await?.click().await?;
    h.wait_for_text("share-status", |t| t.contains("Model-card block"))
        .await?;
    let copied = h.client.execute("return window.__copied;", vec![]).await?;
    let block = copied[0].as_str().ok_or("nothing copied")?;
    assert!(block.starts_with("co2_eq_emissions:\n"), "{block}");
    let grams = block
        .lines()
        .find_map(|l| l.strip_prefix("  emissions: "))
        .ok_or("no emissions line")?;
    assert!(
        !grams.is_empty() && grams.chars().all(|c| c.is_ascii_digit()),
        "emissions are plain digits: {grams:?}"
    );
    let grams: f64 = grams.parse()?;
    assert!(
        (grams - tonnes * 1e6).abs() <= 1.0,
        "{grams} g against the headline's {tonnes} t"
    );
    assert!(block.contains("training_type: pre-training"), "{block}");
    assert!(block.contains("hardware_used: \"1024 × "), "{block}");
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_published_runs_section_shows_every_energy_check_and_the_disagreements() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    open_section(&h, "validation", "table-energy-runs").await?;
    let rows = h
        .client
        .find_all(Locator::Css("[data-testid='table-energy-runs'] tbody tr"))
        .await?;
    assert_eq!(rows.len(), flopcast_core::runs::energy_comparisons().len());
    let table = h
        .wait_for_text("table-energy-runs", |t| t.contains("Published MWh"))
        .await?;
    assert!(
        table.contains("LLaMA") || table.contains("Llama"),
        "{table}"
    );
    h.wait_for_text("energy-runs-summary", |t| {
        t.starts_with("Energy:") && t.contains("within ±5 %")
    })
    .await?;
    let disagreements = h
        .wait_for_text("energy-disagreements", |t| !t.is_empty())
        .await?;
    for run in flopcast_core::runs::energy_disagreements() {
        assert!(disagreements.contains(run.name), "{} missing", run.name);
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_without_energy_settings_opens_with_the_defaults_and_a_notice() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let emissions = h
        .wait_for_attr("headline-emissions", "data-value", |v| !v.is_empty())
        .await?;
    let fragment = h.wait_for_url_fragment(|f| f.contains("&pue=")).await?;
    // the same link as the page wrote before it had energy settings
    let body = fragment
        .trim_start_matches('#')
        .rsplit_once("&k=")
        .map(|(body, _)| body)
        .ok_or("no end mark")?
        .split('&')
        .filter(|f| {
            !["pue=", "pw=", "grid=", "co2="]
                .iter()
                .any(|k| f.starts_with(k))
        })
        .collect::<Vec<_>>()
        .join("&");
    let old = format!("#{body}&k={}", end_mark(&body));
    h.finish().await?;

    let fresh = Harness::start().await?;
    fresh.open(&old).await?;
    fresh
        .wait_for_text("link-notices", |t| {
            t.contains("before energy and emissions settings") && t.contains("PUE 1.1")
        })
        .await?;
    fresh
        .wait_for_attr("headline-emissions", "data-value", |v| v == emissions)
        .await?;
    fresh.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_energy_section_gives_every_rows_energy_and_emissions() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let headline_energy = h
        .wait_for_text("headline-energy", |t| !t.is_empty())
        .await?;
    let headline_emissions = h
        .wait_for_text("headline-emissions", |t| !t.is_empty())
        .await?;
    open_section(&h, "energy", "energy-by-gpu").await?;
    let cell =
        |table: &str, row: &str, col: &str| format!("[data-testid='{table}'] tr[{row}] td.{col}");
    let client = &h.client;
    let text = |css: String| async move { client.find(Locator::Css(&css)).await?.text().await };
    // the scenario's own row gives the headline's figures, in both tables
    for (table, row) in [
        ("energy-by-gpu", "data-id='h100-sxm5-80gb'"),
        ("energy-by-count", "data-n='1024'"),
    ] {
        assert_eq!(text(cell(table, row, "energy")).await?, headline_energy);
        assert_eq!(
            text(cell(table, row, "emissions")).await?,
            headline_emissions
        );
    }
    // a TPU has no published board power: its row says so
    assert_eq!(
        text(cell("energy-by-gpu", "data-id='tpu-v4'", "energy")).await?,
        "no power figure"
    );
    // the rows follow the settings: market-based emissions are 0
    h.wait_for_testid("market-based-input")
        .await?
        .click()
        .await?;
    h.wait_for_text("headline-emissions", |t| t.contains("market-based"))
        .await?;
    assert_eq!(
        text(cell(
            "energy-by-gpu",
            "data-id='h100-sxm5-80gb'",
            "emissions"
        ))
        .await?,
        "0 t CO₂e (market-based)"
    );
    h.finish().await
}
