//! One story on every screen (issue 14): the tables agree with the headline,
//! the price box shows the price in use, ranges read low to high in one unit,
//! marks say something, the answer stays in view, the tables fit, the page
//! does not jump, the chart keeps its labels, and the defaults say where they
//! come from.

use std::path::Path;

use serde_json::Value;

use crate::harness::{Harness, TestResult};

type Error = Box<dyn std::error::Error + Send + Sync>;

async fn js(h: &Harness, script: &str) -> Result<Value, Error> {
    Ok(h.client.execute(script, vec![]).await?)
}

/// The text of the first element matching `selector`, or "".
async fn text_of(h: &Harness, selector: &str) -> Result<String, Error> {
    let script = format!(
        "const e = document.querySelector({selector:?}); return e ? e.textContent.trim() : '';"
    );
    Ok(js(h, &script)
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// Waits until the text of `selector` satisfies `ok`, and returns it.
async fn wait_text(
    h: &Harness,
    selector: &str,
    ok: impl Fn(&str) -> bool,
) -> Result<String, Error> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let t = text_of(h, selector).await?;
        if ok(&t) {
            return Ok(t);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{selector} never matched; last {t:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Moves the focus out of the field being typed in (as a person does when
/// they go on to the next one), so it shows the scenario's value again.
async fn leave_field(h: &Harness) -> TestResult {
    js(
        h,
        "document.activeElement && document.activeElement.blur(); return null;",
    )
    .await?;
    Ok(())
}

/// A duration range's ends and its one unit: "63–71 days" → (63, 71, "days").
fn range_parts(text: &str) -> Option<(f64, f64, String)> {
    let (numbers, unit) = text.rsplit_once(' ')?;
    let (low, high) = numbers.split_once('–').unwrap_or((numbers, numbers));
    let number = |s: &str| s.replace(',', "").parse::<f64>().ok();
    Some((number(low)?, number(high)?, unit.to_string()))
}

#[tokio::test(flavor = "multi_thread")]
async fn your_row_is_the_headline_under_fp8_and_a_typed_price() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.wait_for_testid("precision-select")
        .await?
        .select_by_value("fp8")
        .await?;
    h.type_into("price-input", "2").await?;
    h.wait_for_text("price-hint", |t| {
        t.starts_with("$2.00 per hour: your price")
    })
    .await?;
    let cost = h
        .wait_for_text("training-cost", |t| t.starts_with('$'))
        .await?;
    let time = h.wait_for_text("training-time", |t| !t.is_empty()).await?;
    let row = "[data-testid='table-by-gpu'] tr.current";
    wait_text(&h, &format!("{row} td.cost"), |t| t.contains("yours")).await?;
    assert_eq!(text_of(&h, &format!("{row} td.time")).await?, time);
    assert!(
        text_of(&h, &format!("{row} td.cost"))
            .await?
            .starts_with(&cost),
        "your row's cost is the headline's {cost}"
    );
    assert!(text_of(&h, &format!("{row} td.peak"))
        .await?
        .contains("FP8"));
    assert_eq!(
        js(
            &h,
            "return document.querySelectorAll(\"[data-testid='table-by-gpu'] tr.current\").length"
        )
        .await?,
        1
    );
    // every other row runs at FP8 or says it cannot
    let others = js(
        &h,
        "return [...document.querySelectorAll(\"[data-testid='table-by-gpu'] tbody tr:not(.current) td.peak small\")].map(e => e.textContent)",
    )
    .await?;
    let others: Vec<&str> = others
        .as_array()
        .ok_or("no rows")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(others.len() >= 20, "{others:?}");
    assert!(
        others
            .iter()
            .all(|p| *p == "FP8" || p.ends_with("(no FP8)")),
        "{others:?}"
    );
    // and the caption says what each row assumes
    let caption = h.wait_for_text("table-by-gpu-caption", |_| true).await?;
    assert!(
        caption.contains("FP8 and your $2.00 per hour") && caption.contains("Every other row"),
        "{caption}"
    );
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_price_box_shows_the_price_in_use_after_a_source_change_and_an_accelerator_change(
) -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let default = h.wait_for_value("price-input", |v| !v.is_empty()).await?;
    h.type_into("price-input", "2").await?;
    h.wait_for_text("price-hint", |t| t.starts_with("$2.00 per hour"))
        .await?;
    // back to the default quote: the box shows it again, not the 2 typed
    h.wait_for_testid("price-select")
        .await?
        .select_by_value("default")
        .await?;
    h.wait_for_value("price-input", |v| v == default).await?;
    let hint = h
        .wait_for_text("price-hint", |t| t.contains("(the default quote)"))
        .await?;
    assert!(hint.starts_with(&format!("${default} per hour")), "{hint}");
    // a typed price stays with its accelerator, and the change says so
    h.type_into("price-input", "2").await?;
    h.wait_for_text("price-hint", |t| t.starts_with("$2.00 per hour"))
        .await?;
    leave_field(&h).await?;
    h.wait_for_testid("gpu-select")
        .await?
        .select_by_value("mi300x")
        .await?;
    let notice = h
        .wait_for_text("edit-notices", |t| t.contains("MI300X"))
        .await?;
    assert!(
        notice.contains("Your $2.00 per hour was for the NVIDIA H100"),
        "{notice}"
    );
    let mi300x = h.wait_for_value("price-input", |v| v != "2.00").await?;
    let hint = h
        .wait_for_text("price-hint", |t| {
            t.contains("MI300X") || t.contains("per hour")
        })
        .await?;
    assert!(
        hint.starts_with(&format!("${mi300x} per hour")),
        "{mi300x} / {hint}"
    );
    // one click takes the typed price along
    h.wait_for_testid("notice-offer").await?.click().await?;
    h.wait_for_value("price-input", |v| v == "2.00").await?;
    h.wait_for_text("price-hint", |t| {
        t.starts_with("$2.00 per hour: your price for the") && t.contains("MI300X")
    })
    .await?;
    // an accelerator with no public price: an empty box, said in words
    h.wait_for_testid("gpu-select")
        .await?
        .select_by_value("gaudi3")
        .await?;
    h.wait_for_value("price-input", |v| v.is_empty()).await?;
    h.wait_for_text("price-hint", |t| t.starts_with("No public price for the"))
        .await?;
    h.wait_for_text("training-cost", |t| t == "no price")
        .await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_comma_decimal_price_is_read_as_a_decimal_and_echoed() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.type_into("price-input", "2,50").await?;
    h.wait_for_text("price-hint", |t| {
        t.starts_with("$2.50 per hour: your price")
    })
    .await?;
    let hours: f64 = h
        .wait_for_attr("training-gpu-hours", "data-value", |v| !v.is_empty())
        .await?
        .parse()?;
    let cost: f64 = h
        .wait_for_attr("training-cost", "data-value", |v| {
            v.parse::<f64>()
                .is_ok_and(|c| (c / hours - 2.5).abs() < 1e-6)
        })
        .await?
        .parse()?;
    assert!((cost / hours - 2.5).abs() < 1e-6, "{cost} / {hours}");
    leave_field(&h).await?;
    h.wait_for_value("price-input", |v| v == "2.50").await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn ranges_run_low_to_high_in_one_unit_in_the_headline_the_summary_and_the_tables(
) -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.type_into("mfu-input", "30-50").await?;
    let time = h
        .wait_for_text("training-time", |t| t.contains('–'))
        .await?;
    let (low, high, _) = range_parts(&time).ok_or(format!("not a range: {time}"))?;
    assert!(low < high, "{time}");
    assert_eq!(h.wait_for_text("summary-time", |t| t == time).await?, time);
    let cost = h
        .wait_for_text("training-cost", |t| t.contains('–'))
        .await?;
    let (a, b) = cost.split_once('–').ok_or("cost range")?;
    assert!(a.starts_with('$') && b.starts_with('$'), "{cost}");
    assert_eq!(h.wait_for_text("summary-cost", |t| t == cost).await?, cost);
    wait_text(&h, "[data-testid='table-by-gpu'] tr.current td.time", |t| {
        t == time
    })
    .await?;
    let times = js(
        &h,
        "return [...document.querySelectorAll('table.time-cost td.time')].map(e => e.textContent)",
    )
    .await?;
    let times: Vec<&str> = times
        .as_array()
        .ok_or("no cells")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(times.len() > 30, "{times:?}");
    for t in times {
        let (low, high, unit) = range_parts(t).ok_or(format!("not a range in one unit: {t}"))?;
        assert!(low < high, "{t}");
        assert!(unit.chars().all(|c| c.is_ascii_alphabetic()), "{t}");
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn marks_are_ties_or_left_out_with_the_reason_said_once() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    // the cost does not depend on the count: no row is "cheapest", and why is said
    let omitted = h
        .wait_for_text("table-by-count-omitted", |t| !t.is_empty())
        .await?;
    assert!(omitted.contains("cheapest"), "{omitted}");
    let count_marks = js(
        &h,
        "return [...document.querySelectorAll(\"[data-testid='table-by-count'] td.best\")].map(e => e.textContent).join('|')",
    )
    .await?;
    let count_marks = count_marks.as_str().unwrap_or_default();
    assert!(!count_marks.contains("cheapest"), "{count_marks}");
    assert!(count_marks.contains("fastest"), "{count_marks}");
    // the fastest accelerator, and a custom one with its peak and memory (the
    // page starts a custom accelerator from the one chosen): equal rows, and
    // both are marked as tied
    let fastest = js(
        &h,
        "return [...document.querySelectorAll(\"[data-testid='table-by-gpu'] tbody tr\")]
            .filter(r => r.querySelector('td.best')?.textContent.includes('fastest'))
            .map(r => r.dataset.id)",
    )
    .await?;
    assert_eq!(fastest.as_array().map(Vec::len), Some(1), "{fastest}");
    let fastest = fastest[0].as_str().unwrap_or_default().to_string();
    h.wait_for_testid("gpu-select")
        .await?
        .select_by_value(&fastest)
        .await?;
    wait_text(&h, "[data-testid='table-by-gpu'] tr.current th", |t| {
        !t.is_empty()
    })
    .await?;
    h.wait_for_testid("gpu-select")
        .await?
        .select_by_value("custom")
        .await?;
    let tied = "[data-testid='table-by-gpu'] tr.current td.best";
    wait_text(&h, tied, |t| t.contains("fastest (tied)")).await?;
    assert_eq!(
        text_of(
            &h,
            &format!("[data-testid='table-by-gpu'] tr[data-id='{fastest}'] td.best")
        )
        .await?,
        "fastest (tied)"
    );
    assert_eq!(
        text_of(
            &h,
            &format!("[data-testid='table-by-gpu'] tr[data-id='{fastest}'] td.time")
        )
        .await?,
        text_of(&h, "[data-testid='table-by-gpu'] tr.current td.time").await?
    );
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_column_header_sorts_the_table_and_the_link_keeps_it() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let order = "return [...document.querySelectorAll(\"[data-testid='table-by-gpu'] tbody tr\")].map(r => r.dataset.id)";
    let before = js(&h, order).await?;
    h.client
        .find(fantoccini::Locator::Css(
            "[data-testid='table-by-gpu'] button[data-sort='cost']",
        ))
        .await?
        .click()
        .await?;
    let hash = h.wait_for_url_fragment(|f| f.contains("&sa=cost&")).await?;
    let th = "[data-testid='table-by-gpu'] th[aria-sort='ascending'] button[data-sort='cost']";
    h.client
        .wait()
        .for_element(fantoccini::Locator::Css(th))
        .await?;
    let sorted = js(&h, order).await?;
    assert_ne!(sorted, before, "sorting by cost changed nothing");
    // cheapest first: the first row's cost is the lowest priced one
    let costs = js(
        &h,
        "return [...document.querySelectorAll(\"[data-testid='table-by-gpu'] tbody tr\")].map(r => r.querySelector('td.cost span').firstChild.textContent)",
    )
    .await?;
    let first = costs[0].as_str().unwrap_or_default().to_string();
    assert!(first.starts_with('$'), "{costs}");
    // a reload (the link opened again) keeps the sort
    h.client.goto(&format!("{}{hash}", h.page)).await?;
    h.client.refresh().await?;
    h.wait_until_live().await?;
    h.client
        .wait()
        .for_element(fantoccini::Locator::Css(th))
        .await?;
    assert_eq!(js(&h, order).await?, sorted);
    // a second click reverses it
    h.client
        .find(fantoccini::Locator::Css(
            "[data-testid='table-by-gpu'] button[data-sort='cost']",
        ))
        .await?
        .click()
        .await?;
    h.wait_for_url_fragment(|f| f.contains("&sa=cost.desc&"))
        .await?;
    h.client
        .wait()
        .for_element(fantoccini::Locator::Css(
            "[data-testid='table-by-gpu'] th[aria-sort='descending'] button[data-sort='cost']",
        ))
        .await?;
    h.finish().await
}

/// How far the page and each table box scroll sideways, and each table's display.
const OVERFLOW: &str = "return {
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll('table.time-cost')].map(t => t.parentElement.scrollWidth - t.parentElement.clientWidth),
    display: [...document.querySelectorAll('table.time-cost')].map(t => getComputedStyle(t).display),
}";

#[tokio::test(flavor = "multi_thread")]
async fn with_an_mfu_band_nothing_scrolls_sideways_at_1024_or_375_pixels() -> TestResult {
    let h = Harness::start().await?;
    for (width, display) in [(1024, "table"), (375, "block")] {
        h.client.set_window_size(width, 900).await?;
        h.open("").await?;
        h.type_into("mfu-input", "30-50").await?;
        h.wait_for_text("training-time", |t| t.contains('–'))
            .await?;
        wait_text(&h, "[data-testid='table-by-gpu'] td.memory", |t| {
            !t.is_empty()
        })
        .await?;
        let got = js(&h, OVERFLOW).await?;
        assert!(got["page"].as_i64().unwrap_or(1) <= 0, "{width} px: {got}");
        let tables = got["tables"].as_array().ok_or("no tables")?;
        assert_eq!(tables.len(), 2, "{got}");
        assert!(
            tables.iter().all(|t| t.as_i64().unwrap_or(1) <= 0),
            "{width} px: a table scrolls sideways: {got}"
        );
        // a real table on a desktop, a stack of cards on a phone
        assert!(
            got["display"]
                .as_array()
                .ok_or("display")?
                .iter()
                .all(|d| d == display),
            "{width} px: {got}"
        );
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_summary_stays_in_view_while_editing_the_price() -> TestResult {
    let h = Harness::start().await?;
    for width in [1280, 375] {
        h.client.set_window_size(width, 800).await?;
        h.open("").await?;
        let time = h.wait_for_text("training-time", |t| !t.is_empty()).await?;
        js(
            &h,
            "document.querySelector(\"[data-testid='price-input']\").scrollIntoView({block: 'center'}); return null;",
        )
        .await?;
        h.type_into("price-input", "3").await?;
        let cost = h
            .wait_for_text("training-cost", |t| t.starts_with('$'))
            .await?;
        h.wait_for_text("summary-cost", |t| t == cost).await?;
        let place = js(
            &h,
            "const s = document.querySelector(\"[data-testid='result-summary']\").getBoundingClientRect();
             const p = document.querySelector(\"[data-testid='price-input']\").getBoundingClientRect();
             return {top: s.top, bottom: s.bottom, scrolled: window.scrollY, price_top: p.top, height: window.innerHeight};",
        )
        .await?;
        let f = |k: &str| place[k].as_f64().unwrap_or(f64::NAN);
        assert!(
            f("scrolled") > 100.0,
            "{width} px: the page did not scroll: {place}"
        );
        assert!(
            f("top").abs() < 1.0,
            "{width} px: the summary is not at the top: {place}"
        );
        // it stays small and leaves the field visible
        assert!(f("bottom") < f("height") * 0.25, "{width} px: {place}");
        assert!(
            f("price_top") > f("bottom"),
            "{width} px: it covers the field: {place}"
        );
        assert_eq!(h.wait_for_text("summary-time", |_| true).await?, time);
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_height_does_not_jump_while_scrolling() -> TestResult {
    let h = Harness::start().await?;
    for width in [1280, 375] {
        h.client.set_window_size(width, 900).await?;
        h.open("").await?;
        // the lazy sections have arrived (the chart is one)
        h.wait_for_testid("chart-by-gpu").await?;
        let heights = js(
            &h,
            "const done = arguments[arguments.length - 1];
             return (async () => {
               const hs = [document.documentElement.scrollHeight];
               for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
                 window.scrollTo(0, y);
                 await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                 hs.push(document.documentElement.scrollHeight);
               }
               window.scrollTo(0, 0);
               await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
               hs.push(document.documentElement.scrollHeight);
               return hs;
             })();",
        )
        .await?;
        let hs: Vec<f64> = heights
            .as_array()
            .ok_or("no heights")?
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        let (min, max) = hs
            .iter()
            .fold((f64::MAX, 0.0_f64), |(a, b), &x| (a.min(x), b.max(x)));
        assert!(
            max / min < 1.05,
            "{width} px: the page height moved from {min} to {max} px while scrolling: {hs:?}"
        );
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chart_keeps_its_labels_inside_its_box_at_a_readable_size() -> TestResult {
    let h = Harness::start().await?;
    for width in [1280, 375] {
        h.client.set_window_size(width, 900).await?;
        h.open("").await?;
        h.wait_for_testid("chart-by-gpu").await?;
        let got = js(
            &h,
            "const fig = document.querySelector(\"[data-testid='chart-by-gpu']\");
             fig.scrollIntoView();
             const box = fig.getBoundingClientRect();
             const texts = [...fig.querySelectorAll('.chart-label, .chart-value')];
             return {
               n: texts.length,
               outside: texts.filter(t => { const r = t.getBoundingClientRect();
                 return r.left < box.left - 0.5 || r.right > box.right + 0.5; }).map(t => t.textContent),
               clipped: texts.filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent),
               smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize))),
               scrolls: fig.scrollWidth - fig.clientWidth,
             };",
        )
        .await?;
        assert!(got["n"].as_u64().unwrap_or(0) >= 20, "{width} px: {got}");
        assert_eq!(got["outside"], serde_json::json!([]), "{width} px: {got}");
        assert_eq!(got["clipped"], serde_json::json!([]), "{width} px: {got}");
        assert!(
            got["scrolls"].as_i64().unwrap_or(1) <= 0,
            "{width} px: {got}"
        );
        assert!(
            got["smallest"].as_f64().unwrap_or(0.0) >= 12.0,
            "{width} px: {got}"
        );
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mfu_starts_at_its_stated_default_with_the_published_median_one_click_away(
) -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.wait_for_value("mfu-input", |v| v == "30").await?;
    let note = h
        .wait_for_text("mfu-hint", |t| t.contains("flopcast's default"))
        .await?;
    assert!(
        note.contains("Published H100 runs imply a median of"),
        "{note}"
    );
    h.wait_for_testid("mfu-preset-select")
        .await?
        .select_by_value("generation-median")
        .await?;
    let mfu = h.wait_for_value("mfu-input", |v| v != "30").await?;
    let median: f64 = mfu.parse()?;
    assert!((15.0..30.0).contains(&median), "{mfu}");
    h.wait_for_text("mfu-hint", |t| !t.contains("flopcast's default"))
        .await?;
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_count_follows_the_model_until_typed() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.wait_for_text("tokens-hint", |t| t.contains("published count"))
        .await?;
    h.wait_for_testid("preset-select")
        .await?
        .select_by_value("gpt2")
        .await?;
    let gpt2 = h.wait_for_value("tokens-input", |v| v != "15T").await?;
    h.wait_for_text("tokens-hint", |t| t.starts_with(&gpt2))
        .await?;
    // a typed count stays when the model changes
    h.type_into("tokens-input", "1T").await?;
    leave_field(&h).await?;
    h.wait_for_testid("preset-select")
        .await?
        .select_by_value("qwen3-8b")
        .await?;
    h.wait_for_attr("params-total", "data-value", |v| v == "8190735360")
        .await?;
    assert_eq!(h.wait_for_value("tokens-input", |_| true).await?, "1T");
    h.wait_for_text("tokens-hint", |t| t.contains("typed"))
        .await?;
    // and the published count is one click away
    h.wait_for_testid("published-tokens-button")
        .await?
        .click()
        .await?;
    h.wait_for_value("tokens-input", |v| v != "1T").await?;
    h.finish().await
}

/// The screenshots: the default scenario at 375 px and 1280 px
/// (`target/after-375.png`, `target/after-1280.png`; copied to docs/).
#[tokio::test(flavor = "multi_thread")]
async fn screenshots_at_375_and_1280_pixels() -> TestResult {
    let h = Harness::start().await?;
    for (width, height) in [(375, 812), (1280, 900)] {
        h.client.set_window_size(width, height).await?;
        h.open("").await?;
        h.wait_for_text("training-cost", |t| t.starts_with('$'))
            .await?;
        h.wait_for_testid("chart-by-gpu").await?;
        let png = h.client.screenshot().await?;
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/after-{width}.png"));
        std::fs::write(path, png)?;
    }
    h.finish().await
}
