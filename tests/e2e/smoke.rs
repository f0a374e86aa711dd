use fantoccini::Locator;

use crate::harness::{Harness, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn page_loads_from_a_sub_path() -> TestResult {
    let h = Harness::start_under("/some/sub/path/").await?;
    h.client.goto(&h.page).await?;
    let title = h.client.wait().for_element(Locator::Css("h1")).await?.text().await?;
    assert_eq!(title, "flopcast");
    h.finish().await
}
