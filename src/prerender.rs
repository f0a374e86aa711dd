//! The page's first view as HTML, rendered natively by Leptos for the default
//! scenario (an address without a fragment). `flopcast-deliver` writes it
//! into `index.html`, so the first result is on screen before any wasm has
//! arrived; the wasm then mounts the same view in its place (`crate::start`).

use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::prelude::*;

use crate::App;

/// The HTML of `<App/>` for the default scenario.
pub fn page() -> String {
    // A server's shared context tells Leptos it renders to text: effects,
    // window listeners and lazy loads stay off.
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    owner.with(|| view! { <App/> }.to_html())
}
