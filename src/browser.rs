//! The few things the page asks of the browser: the URL fragment, the
//! clipboard, and a download. Every call is fallible in a browser and every
//! failure is reported as text, never a panic.
//!
//! What the page reads while rendering (the fragment, the date, the
//! performance mark) has a native stand-in for the prerender: no fragment,
//! the build machine's date, no mark.

use wasm_bindgen::JsCast;

/// The text after `#` in the page's address (empty when there is none, and
/// when prerendering).
#[cfg(not(target_family = "wasm"))]
pub fn fragment() -> String {
    String::new()
}

/// The text after `#` in the page's address (empty when there is none).
#[cfg(target_family = "wasm")]
pub fn fragment() -> String {
    gloo::utils::window()
        .location()
        .hash()
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Puts `fragment` after `#` without adding a history entry.
pub fn replace_fragment(fragment: &str) {
    let window = gloo::utils::window();
    let Ok(history) = window.history() else {
        return;
    };
    let url = format!("#{fragment}");
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// The page's full address, fragment included.
pub fn current_url() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// Copies `text` to the clipboard. The promise is not awaited: the caller
/// shows the text too, so a refused clipboard loses nothing.
pub fn copy(text: &str) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// Offers `contents` as a file download named `name`.
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let parts = js_sys_array(contents);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser refused to build the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser refused to offer the file".to_string())?;
    let anchor = gloo::utils::document()
        .create_element("a")
        .map_err(|_| "no document to download from".to_string())?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "no link element".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = web_sys::js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

/// Today's year and month (1–12), from the build machine's clock (UTC) when
/// prerendering.
#[cfg(not(target_family = "wasm"))]
pub fn year_month() -> (u32, u32) {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    civil_year_month(days)
}

/// The year and month of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
#[cfg(not(target_family = "wasm"))]
fn civil_year_month(days: u64) -> (u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year as u32, month as u32)
}

/// Today's year and month (1–12), from the browser's clock.
#[cfg(target_family = "wasm")]
pub fn year_month() -> (u32, u32) {
    let now = web_sys::js_sys::Date::new_0();
    (now.get_full_year(), now.get_month() + 1)
}

/// Marks a moment in the page's performance timeline (read by the page
/// benchmark: `make bench`).
#[cfg(target_family = "wasm")]
pub fn mark(name: &str) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(name);
    }
}

#[cfg(all(test, not(target_family = "wasm")))]
mod tests {
    use super::civil_year_month;

    #[test]
    fn days_since_1970_give_the_calendar_month() {
        assert_eq!(civil_year_month(0), (1970, 1));
        // 2024-02-29 is day 19,782; 2026-11-30 is day 20,787.
        assert_eq!(civil_year_month(19_782), (2024, 2));
        assert_eq!(civil_year_month(20_787), (2026, 11));
    }
}
