//! How the page arrives: the default scenario is in the HTML itself, a link's
//! own scenario never shows the default figures first, lazy sections load
//! when used, and what a visitor types before the wasm arrives is kept.

use fantoccini::Locator;

use crate::harness::{expected_total, Harness, TestResult};

/// The first wasm module, which a test can hold back on the server.
const FIRST_WASM: &str = "_bg.wasm";

#[tokio::test(flavor = "multi_thread")]
async fn the_prerendered_page_shows_the_default_figures_without_javascript() -> TestResult {
    let h = Harness::start_without_javascript().await?;
    h.client.goto(&h.page).await?;
    let total = h.wait_for_testid("params-total").await?;
    assert!(total.is_displayed().await?, "the figure is on screen");
    assert_eq!(
        total.attr("data-value").await?,
        Some(expected_total("meta-llama__Llama-3.1-8B.json").to_string())
    );
    assert_eq!(total.text().await?, "8.03B");
    let cost = h
        .wait_for_attr("training-cost", "data-value", |v| !v.is_empty())
        .await?;
    assert!(cost.parse::<f64>()? > 0.0);
    let rows = h
        .client
        .find_all(Locator::Css("[data-testid='table-by-gpu'] tbody tr"))
        .await?;
    assert!(
        rows.len() >= 25,
        "the accelerator table is there: {} rows",
        rows.len()
    );
    // Nothing ran: the page never went live.
    assert!(h
        .client
        .find(Locator::Css("html[data-live]"))
        .await
        .is_err());
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_link_opened_cold_shows_its_own_figures_and_never_the_default_ones() -> TestResult
{
    let h = Harness::start().await?;
    h.server.hold(FIRST_WASM);
    h.client
        .goto(&format!("{}#v=1&m=qwen3-8b&n=512", h.page))
        .await?;
    // Before the wasm has arrived, the prerendered default figures are hidden
    // and a note says the link's scenario is being computed.
    let note = h.wait_for_testid("params-total").await?;
    assert!(
        !note.is_displayed().await?,
        "the default figures are hidden"
    );
    let loading = h.client.find(Locator::Id("loading-link")).await?;
    assert!(loading.is_displayed().await?);
    assert!(loading.text().await?.contains("Computing"));
    h.server.release();
    h.wait_until_live().await?;
    let total = h.wait_for_testid("params-total").await?;
    assert!(total.is_displayed().await?);
    assert_eq!(
        total.attr("data-value").await?.as_deref(),
        Some("8190735360")
    );
    assert!(h.client.find(Locator::Id("loading-link")).await.is_err());
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn what_is_typed_before_the_wasm_arrives_is_kept() -> TestResult {
    let h = Harness::start().await?;
    h.server.hold(FIRST_WASM);
    h.client.goto(&h.page).await?;
    let before = h
        .wait_for_attr("training-time", "data-value", |v| !v.is_empty())
        .await?;
    // Typed into the prerendered page, and a choice made in a select.
    h.type_into("gpu-count-input", "2048").await?;
    h.wait_for_testid("convention-select")
        .await?
        .select_by_value("dense")
        .await?;
    h.server.release();
    h.wait_until_live().await?;
    h.wait_for_value("gpu-count-input", |v| v == "2048").await?;
    h.wait_for_value("convention-select", |v| v == "dense")
        .await?;
    let hash = h
        .wait_for_url_fragment(|f| f.contains("&n=2048&") && f.contains("&c=dense&"))
        .await?;
    assert!(hash.contains("m=llama-3.1-8b"), "{hash}");
    // The live figures follow both edits: the dense count differs from the
    // default 6·N, and twice the accelerators halve the time.
    let after = h
        .wait_for_attr("training-time", "data-value", |v| v != before)
        .await?;
    assert!(after.parse::<f64>()? > 0.0);
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_export_formats_load_when_first_used_and_work() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    // The stylesheet is inlined, and the policy lets it apply (by its hash).
    let display = h
        .client
        .execute(
            "return getComputedStyle(document.querySelector('main.layout')).display",
            vec![],
        )
        .await?;
    assert_eq!(display.as_str(), Some("grid"));
    // The clipboard and downloads are stood in for, so the test reads what
    // the page hands them.
    h.client
        .execute(
            r#"
            window.__copied = [];
            navigator.clipboard.writeText = (text) => { window.__copied.push(text); return Promise.resolve(); };
            window.__downloads = [];
            URL.createObjectURL = (blob) => { window.__downloads.push(blob); return 'blob:flopcast-test'; };
            URL.revokeObjectURL = () => {};
            HTMLAnchorElement.prototype.click = function () {};
            "#,
            vec![],
        )
        .await?;
    h.wait_for_testid("copy-markdown").await?.click().await?;
    h.wait_for_text("share-status", |t| t.contains("Markdown"))
        .await?;
    h.wait_for_testid("copy-csv").await?.click().await?;
    h.wait_for_text("share-status", |t| t.contains("CSV"))
        .await?;
    h.wait_for_testid("download-json").await?.click().await?;
    h.wait_for_text("share-status", |t| t.contains("JSON"))
        .await?;
    let out = h
        .client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            Promise.all(window.__downloads.map((b) => b.text())).then((json) => done([window.__copied, json]));
            "#,
            vec![],
        )
        .await?;
    let copied = out[0].as_array().ok_or("no copies")?;
    let markdown = copied[0].as_str().unwrap_or_default();
    assert!(
        markdown.contains("| Accelerator |") && markdown.contains("H100"),
        "{markdown}"
    );
    let csv = copied[1].as_str().unwrap_or_default();
    assert!(csv.contains(',') && csv.contains("H100"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(out[1][0].as_str().unwrap_or_default())?;
    assert_eq!(
        json["params"]["total"].as_u64(),
        Some(expected_total("meta-llama__Llama-3.1-8B.json"))
    );
    // Their code came in a lazy module, not with the first load.
    assert!(
        h.server
            .requests()
            .iter()
            .any(|r| r.contains("split_later")),
        "{:?}",
        h.server.requests()
    );
    h.finish().await
}
