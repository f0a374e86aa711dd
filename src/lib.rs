//! The flopcast page: Leptos components that show what `flopcast-core` computes.
//!
//! The crate is a library so that wasm-bindgen-test can mount components; the
//! binary in `main.rs` only calls [`start`].

pub mod app;
pub mod browser;
pub mod components;

pub use app::App;

/// Mounts the page on `<body>`. Called once by the binary.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
    // The first result is on screen: mount renders synchronously.
    browser::mark("flopcast-first-result");
}
