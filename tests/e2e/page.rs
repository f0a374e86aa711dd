//! The page as a person uses it: presets, file pick, field edits, links, and
//! what it refuses to do (load anything from another origin).

use std::time::Duration;

use fantoccini::Locator;

use crate::harness::{expected_total, fixture, Harness, StaticServer, TestResult};

const HEADLINE: [&str; 6] = [
    "params-total",
    "params-active",
    "training-flops",
    "training-time",
    "training-gpu-hours",
    "training-cost",
];

async fn headline(h: &Harness) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let mut values = Vec::new();
    for id in HEADLINE {
        values.push(h.wait_for_attr(id, "data-value", |_| true).await?);
    }
    Ok(values)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_preset_gives_its_exact_counts() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.wait_for_testid("preset-select")
        .await?
        .select_by_value("mixtral-8x7b")
        .await?;
    h.wait_for_attr("params-total", "data-value", |v| v == "46702792704")
        .await?;
    h.wait_for_attr("params-active", "data-value", |v| v == "12879925248")
        .await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_picked_file_is_counted() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let name = "Qwen__Qwen3-30B-A3B.json";
    let path = std::env::temp_dir().join(format!("flopcast-e2e-{}-{name}", std::process::id()));
    std::fs::write(&path, fixture(name))?;
    h.wait_for_testid("config-file")
        .await?
        .send_keys(&path.to_string_lossy())
        .await?;
    let want = expected_total(name).to_string();
    h.wait_for_attr("params-total", "data-value", |v| v == want)
        .await?;
    let _ = std::fs::remove_file(&path);
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_dropped_anywhere_on_the_page_is_counted() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.wait_for_testid("params-total").await?;
    let name = "mistralai__Mixtral-8x7B-v0.1.json";
    // A real drop: a DragEvent whose DataTransfer holds a File, dispatched on
    // the results (outside the model's fieldset), as a drag from the desktop does.
    let prevented = h
        .client
        .execute(
            r#"
            const [text, name] = arguments;
            const dt = new DataTransfer();
            dt.items.add(new File([text], name, { type: 'application/json' }));
            const target = document.querySelector("[data-testid='table-by-gpu']");
            const over = new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
            target.dispatchEvent(over);
            const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
            target.dispatchEvent(drop);
            return [over.defaultPrevented, drop.defaultPrevented];
            "#,
            vec![fixture(name).into(), name.into()],
        )
        .await?;
    assert_eq!(
        prevented,
        serde_json::json!([true, true]),
        "the page takes the file instead of the browser opening it"
    );
    let want = expected_total(name).to_string();
    h.wait_for_attr("params-total", "data-value", |v| v == want)
        .await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_the_count_updates_the_figures_and_the_tables() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let before = h
        .wait_for_attr("training-time", "data-value", |v| !v.is_empty())
        .await?;
    let hours_before = h
        .wait_for_attr("training-gpu-hours", "data-value", |v| !v.is_empty())
        .await?;
    h.type_into("gpu-count-input", "2048").await?;
    let after = h
        .wait_for_attr("training-time", "data-value", |v| v != before)
        .await?;
    let ratio = before.parse::<f64>()? / after.parse::<f64>()?;
    assert!(
        (ratio - 2.0).abs() < 1e-9,
        "twice the accelerators, half the time: {ratio}"
    );
    // accelerator-hours stay the same
    let hours_after = h
        .wait_for_attr("training-gpu-hours", "data-value", |v| !v.is_empty())
        .await?;
    let drift = hours_before.parse::<f64>()? / hours_after.parse::<f64>()? - 1.0;
    assert!(drift.abs() < 1e-9);
    // the address already holds the new count: no wait after the figures
    let hash = h
        .client
        .execute("return window.location.hash;", vec![])
        .await?;
    assert!(
        hash.as_str().is_some_and(|f| f.contains("&n=2048&")),
        "the address follows the edit at once: {hash}"
    );
    // the by-count table now has a row for the user's own count
    h.wait_for_text("table-by-count", |t| t.contains("2,048"))
        .await?;
    // a different accelerator moves the highlighted row of the catalog table
    h.wait_for_testid("gpu-select")
        .await?
        .select_by_value("a100-sxm4-80gb")
        .await?;
    h.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(
            "[data-testid='table-by-gpu'] tr.current[data-id='a100-sxm4-80gb']",
        ))
        .await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_field_keeps_the_last_result_marked_stale() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let before = headline(&h).await?;
    for (field, bad, needle) in [
        ("tokens-input", "abc", "`abc`"),
        ("gpu-count-input", "0", "zero"),
        // every prefix of these is invalid too (typing "150" passes through a valid 15 %)
        ("mfu-input", "-5", "(0, 100 %]"),
    ] {
        h.type_into(field, bad).await?;
        let error_id = field.replace("-input", "-error");
        h.wait_for_text(&error_id, |t| t.contains(needle)).await?;
        h.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("section.results.stale"))
            .await?;
        assert_eq!(
            headline(&h).await?,
            before,
            "{field}={bad} changed the figures"
        );
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_copied_link_opened_in_a_fresh_page_gives_identical_figures() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.wait_for_testid("preset-select")
        .await?
        .select_by_value("qwen3-8b")
        .await?;
    h.wait_for_attr("params-total", "data-value", |v| v == "8190735360")
        .await?;
    h.type_into("tokens-input", "36T").await?;
    h.type_into("gpu-count-input", "512").await?;
    h.type_into("mfu-input", "30-50").await?;
    h.wait_for_testid("convention-select")
        .await?
        .select_by_value("dense")
        .await?;
    h.wait_for_testid("share-button").await?.click().await?;
    let link = h
        .wait_for_value("share-url", |v| {
            v.contains(&format!("#v={}", flopcast_core::link::VERSION))
        })
        .await?;
    let figures = headline(&h).await?;
    h.finish().await?;

    let fresh = Harness::start().await?;
    let fragment = link
        .split_once('#')
        .map(|(_, f)| format!("#{f}"))
        .unwrap_or_default();
    fresh.open(&fragment).await?;
    fresh
        .wait_for_attr("params-total", "data-value", |v| v == "8190735360")
        .await?;
    assert_eq!(headline(&fresh).await?, figures);
    assert!(
        fresh.by_testid("link-notices").await.is_err(),
        "a good link gives no notice"
    );
    fresh.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_link_gives_a_notice_and_defaults() -> TestResult {
    let h = Harness::start().await?;
    h.open("#v=1&m=no-such-model&n=0").await?;
    let notice = h
        .wait_for_text("link-notices", |t| t.contains("no-such-model"))
        .await?;
    assert!(notice.contains("accelerator count, “0”"), "{notice}");
    let want = expected_total("meta-llama__Llama-3.1-8B.json").to_string();
    h.wait_for_attr("params-total", "data-value", |v| v == want)
        .await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_a_pasted_config_stays_text_and_nothing_leaves_the_origin() -> TestResult {
    // A second server on another port is another origin: it must see nothing.
    let elsewhere = StaticServer::start(std::env::temp_dir(), "/")?;
    let bait = elsewhere.origin();
    let h = Harness::start().await?;
    h.open("").await?;
    let config = format!(
        r#"{{"model_type": "<script>fetch('{bait}/script')</script>",
            "architectures": ["<img src=x onerror=\"fetch('{bait}/onerror')\">", "<img src='{bait}/img.png'>"],
            "hidden_size": 512, "num_hidden_layers": 2, "num_attention_heads": 8, "intermediate_size": 1024, "vocab_size": 1000}}"#
    );
    h.type_into("config-input", &config).await?;
    // the model type is shown as text, not run as markup
    h.wait_for_attr("params-total", "data-value", |v| v != "8030261248")
        .await?;
    let heading = h
        .client
        .find(Locator::Css(".headline h2"))
        .await?
        .text()
        .await?;
    assert!(heading.contains("<script>"), "{heading}");
    let injected = h
        .client
        .execute(
            "return document.querySelectorAll('img, main script').length",
            vec![],
        )
        .await?;
    assert_eq!(injected.as_u64(), Some(0));
    // every resource the page loaded came from its own origin
    let origins = h
        .client
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)",
            vec![],
        )
        .await?;
    for origin in origins.as_array().into_iter().flatten() {
        assert_eq!(origin.as_str(), Some(h.server.origin().as_str()));
    }
    assert!(!h.server.requests().is_empty());
    assert_eq!(
        elsewhere.requests(),
        Vec::<String>::new(),
        "a request reached another origin"
    );
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_published_run_loads_into_the_calculator_in_one_click() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.client
        .find(Locator::Css("details.validation summary"))
        .await?
        .click()
        .await?;
    h.wait_for_testid("load-run-llama2-7b")
        .await?
        .click()
        .await?;
    let want = expected_total("meta-llama__Llama-2-7b-hf.json").to_string();
    h.wait_for_attr("params-total", "data-value", |v| v == want)
        .await?;
    // 184,320 A100-hours published: loaded at the MFU they imply, the page gives them back
    let hours = h
        .wait_for_attr("training-gpu-hours", "data-value", |v| !v.is_empty())
        .await?;
    let hours: f64 = hours.parse()?;
    assert!((hours / 184_320.0 - 1.0).abs() < 0.001, "{hours}");
    h.wait_for_value("mfu-input", |v| v.starts_with("39"))
        .await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_fits_a_375_pixel_phone_and_every_input_is_labelled() -> TestResult {
    let h = Harness::start().await?;
    h.client.set_window_size(375, 800).await?;
    h.open("").await?;
    // wide tables scroll inside their own boxes; the page itself does not
    let overflow = h
        .client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await?;
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "page is wider than the screen by {overflow}"
    );
    let png = h.client.screenshot().await?;
    std::fs::write(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshot-375.png"),
        png,
    )?;
    // every input, select and textarea has a label (or an aria-label)
    let unlabelled = h
        .client
        .execute(
            "return [...document.querySelectorAll('input, select, textarea')]
                .filter(e => !e.labels?.length && !e.getAttribute('aria-label'))
                .map(e => e.outerHTML.slice(0, 80))",
            vec![],
        )
        .await?;
    assert_eq!(unlabelled.as_array().map(Vec::len), Some(0), "{unlabelled}");
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_linear_layer_explainer_works_the_articles_example() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.client
        .find(Locator::Css("details.explainer summary"))
        .await?
        .click()
        .await?;
    // the article's figure: in 3, out 2: 2 outputs × (3 + 2 + 1) = 12 FLOPs for 6 weights
    let text = h
        .wait_for_text("linear-explainer", |t| t.contains("12 FLOPs exactly"))
        .await?;
    assert!(
        text.contains("gives 12")
            && text.contains("6 weights")
            && text.contains("costs 2 FLOPs per weight"),
        "{text}"
    );
    h.finish().await
}
