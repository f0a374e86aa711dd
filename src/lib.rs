//! The flopcast page: Leptos components that show what `flopcast-core` computes.
//!
//! The crate is a library so that wasm-bindgen-test can mount components; the
//! binary in `main.rs` only calls [`start`].

pub mod app;
pub mod browser;
pub mod components;
#[cfg(target_family = "wasm")]
mod handover;
pub mod lazy;
pub mod prebuilt;
#[cfg(feature = "ssr")]
pub mod prerender;

pub use app::App;

/// Mounts the live page in place of the prerendered one (`<div id="app">`,
/// see `handover`), or on `<body>` when there is none. Called once by the
/// binary.
#[cfg(target_family = "wasm")]
pub fn start() {
    use wasm_bindgen::JsCast;
    console_error_panic_hook::set_once();
    let document = gloo::utils::document();
    let Some(live) = document
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    live.set_id("app");
    // Mounted while detached: the swap below is the one DOM change a visitor sees.
    leptos::mount::mount_to(live.clone(), App).forget();
    let root = document.document_element();
    // A link's own scenario: the prerendered default page stayed hidden.
    let from_link = root
        .as_ref()
        .is_some_and(|r| r.class_list().contains("from-link"));
    match document.get_element_by_id("app") {
        Some(prerendered) => handover::replace(&prerendered, &live, !from_link),
        None => {
            if let Some(body) = document.body() {
                let _ = body.append_child(&live);
            }
        }
    }
    // The note shown instead of the prerendered figures while a link's own
    // scenario was computed (index.html) has done its job.
    if let Some(note) = document.get_element_by_id("loading-link") {
        note.remove();
    }
    if let Some(root) = root {
        let _ = root.class_list().remove_1("from-link");
        let _ = root.set_attribute("data-live", "");
    }
    // The first result is on screen: mount renders synchronously.
    browser::mark("flopcast-first-result");
}
