//! The walking skeleton: the default scenario is on screen at once, a pasted
//! config is counted exactly, and invalid JSON is answered next to the input.

use crate::harness::{expected_total, fixture, Harness, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn the_first_thing_a_visitor_sees_is_a_result() -> TestResult {
    let h = Harness::start_under("/some/sub/path/").await?;
    h.open("").await?;
    let total = h
        .wait_for_attr("params-total", "data-value", |v| !v.is_empty())
        .await?;
    assert_eq!(
        total,
        expected_total("meta-llama__Llama-3.1-8B.json").to_string()
    );
    let cost = h
        .wait_for_attr("training-cost", "data-value", |v| !v.is_empty())
        .await?;
    assert!(cost.parse::<f64>()? > 0.0);
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_config_is_counted_exactly() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    for name in [
        "openai-community__gpt2.json",
        "meta-llama__Llama-2-7b-hf.json",
    ] {
        h.type_into("config-input", &fixture(name)).await?;
        let want = expected_total(name).to_string();
        h.wait_for_attr("params-total", "data-value", |v| v == want)
            .await?;
    }
    h.finish().await
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_json_shows_an_error_with_its_position_and_the_page_keeps_working() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    let before = h
        .wait_for_attr("params-total", "data-value", |v| !v.is_empty())
        .await?;
    h.type_into(
        "config-input",
        "{\"hidden_size\": 4096,\n \"num_hidden_layers\": }",
    )
    .await?;
    let error = h.wait_for_text("error", |t| t.contains("line 2")).await?;
    assert!(error.contains("column"), "{error}");
    // the last valid result stays
    let after = h
        .wait_for_attr("params-total", "data-value", |v| !v.is_empty())
        .await?;
    assert_eq!(before, after);
    // and the page still works
    h.type_into("config-input", &fixture("openai-community__gpt2.json"))
        .await?;
    let want = expected_total("openai-community__gpt2.json").to_string();
    h.wait_for_attr("params-total", "data-value", |v| v == want)
        .await?;
    h.finish().await
}
