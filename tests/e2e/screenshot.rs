//! Takes the README's screenshot of the default scenario. It writes
//! `target/screenshot.png`; `make screenshot` copies it to `docs/`.

use crate::harness::{Harness, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn screenshot_of_the_default_scenario() -> TestResult {
    let h = Harness::start().await?;
    h.open("").await?;
    h.wait_for_attr("training-cost", "data-value", |v| !v.is_empty())
        .await?;
    let png = h.client.screenshot().await?;
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshot.png");
    std::fs::write(&path, png)?;
    h.finish().await
}
