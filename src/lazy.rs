//! Sections whose code is not part of the first load.
//!
//! A lazy section is an `async fn` returning `AnyView`, marked
//! `#[cfg_attr(feature = "split", leptos::lazy)]`: in the release page it
//! lives in its own wasm file, fetched the first time it is called; in tests it
//! is a plain async function. [`deferred`] shows a placeholder (the same in the
//! prerendered HTML and the first mount) until the section's view arrives.
//! [`when_idle`] calls a section once the browser has nothing better to do, for
//! sections on screen; a section behind a disclosure is called when opened.

use std::future::Future;

use leptos::prelude::*;

/// `placeholder` until `load` resolves, then its view. `load` runs once,
/// with this component's reactive owner, when `start` calls it: at once on
/// [`Start::Now`], or when the browser is idle on [`Start::Idle`]. Nothing is
/// loaded while rendering to HTML.
pub fn deferred<F>(
    start: Start,
    placeholder: &'static str,
    load: impl FnOnce() -> F + 'static,
) -> impl IntoView
where
    F: Future<Output = AnyView> + 'static,
{
    let view = RwSignal::new_local(None::<AnyView>);
    let fetch = move || {
        leptos::task::spawn_local_scoped(async move {
            let loaded = load().await;
            view.set(Some(loaded));
        })
    };
    if cfg!(target_family = "wasm") {
        match start {
            Start::Now => fetch(),
            Start::Idle => when_idle(fetch),
        }
    }
    move || {
        view.track();
        // Taken without notifying: the view is mounted once, here.
        match view.try_update_untracked(Option::take).flatten() {
            Some(loaded) => loaded,
            None => {
                view! { <p class="lazy-placeholder" role="status">{placeholder}</p> }.into_any()
            }
        }
    }
}

/// When a [`deferred`] section starts loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// As soon as it is rendered (a disclosure just opened).
    Now,
    /// When the browser is idle after the first view (a section on screen).
    Idle,
}

/// Runs `f` once the browser is idle (`requestIdleCallback`, or a short
/// timeout where there is none), keeping the current reactive owner.
pub fn when_idle(f: impl FnOnce() + 'static) {
    #[cfg(target_family = "wasm")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let owner = Owner::current();
        let callback = Closure::once_into_js(move || match owner {
            Some(owner) => owner.with(f),
            None => f(),
        });
        let window = gloo::utils::window();
        if window
            .request_idle_callback(callback.unchecked_ref())
            .is_err()
        {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                200,
            );
        }
    }
    #[cfg(not(target_family = "wasm"))]
    drop(f);
}
