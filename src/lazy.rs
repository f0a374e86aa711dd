//! Sections whose code is not part of the first load.
//!
//! A lazy section is a function declared with [`lazy_section!`]: in the
//! release page (`feature = "split"`) its code lives in a wasm module of its
//! own, fetched the first time one of the module's functions is called, and
//! calling it is `async`; without the split (tests) it is a plain async
//! function. One module today, `later`: everything on screen below the first
//! view, the export formats, the config parser, the explainer, the manual
//! dimensions and the published runs, fetched when the browser is idle after
//! the first view (or at once when a section that needs it is opened first).
//! One module rather than one per section: the sections share most of their
//! code, and wasm-split would otherwise put what two of them share into extra
//! chunks, heavier in all (measured: 8 KB gzip more with `runs` apart).
//!
//! [`deferred`] shows a placeholder (the same in the prerendered HTML and the
//! first mount) until a section's view arrives, asking for it when the browser
//! is idle ([`Start::Idle`]) or at once; [`disclosure`] does so when a
//! `<details>` is first opened.

use std::future::Future;

use leptos::prelude::*;

/// Declares a lazy section: `lazy_section!(later: fn name(args) -> T { … })`
/// puts the function's code into the wasm module `later`; calling it returns
/// a future of `T` (the module is fetched on the first call). Its arguments
/// and result cross between modules by value.
#[macro_export]
macro_rules! lazy_section {
    ($module:ident: $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split)]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> $ret $body
    };
}

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

/// A `<details>` whose content is a lazy section, loaded the first time it
/// is opened (the prerendered page and the first mount show the summary).
pub fn disclosure<F>(
    class: &'static str,
    summary: impl IntoView + 'static,
    placeholder: &'static str,
    load: impl Fn() -> F + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    F: Future<Output = AnyView> + 'static,
{
    let opened = RwSignal::new(false);
    view! {
        <details class=class data-testid=class on:toggle=move |_| opened.set(true)>
            <summary>{summary}</summary>
            <Show when=move || opened.get()>{move || deferred(Start::Now, placeholder, load)}</Show>
        </details>
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
