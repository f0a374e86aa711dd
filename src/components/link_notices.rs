use flopcast_core::link::LinkError;
use leptos::prelude::*;

/// What was wrong with the link this page was opened with, one line per
/// field, each saying which default took its place.
#[component]
pub fn LinkNotices(
    #[prop(into)] notices: Signal<Vec<LinkError>>,
    on_dismiss: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || notices.with(|n| !n.is_empty())>
            <aside class="notices" role="alert" data-testid="link-notices">
                <p><strong>"Parts of this link could not be used:"</strong></p>
                <ul>
                    {move || notices.get().into_iter().map(|n| view! { <li>{n.to_string()}</li> }).collect_view()}
                </ul>
                <button type="button" on:click=move |_| on_dismiss.run(())>"Dismiss"</button>
            </aside>
        </Show>
    }
}
