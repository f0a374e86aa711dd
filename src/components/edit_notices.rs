use flopcast_core::scenario::{Change, Notice};
use leptos::prelude::*;

use crate::lazy::{deferred, Start};
use crate::lazy_section;

/// What the last edit did beyond what was asked (core's notices: a typed
/// price that stayed with its accelerator, tokens that followed the model),
/// each with its one-click offer. The default view has none, so the list is a
/// lazy section (it arrives with `later`, when the browser is idle).
#[component]
pub fn EditNotices(
    #[prop(into)] notices: Signal<Vec<Notice>>,
    edit: Callback<Change>,
    on_dismiss: Callback<()>,
) -> impl IntoView {
    deferred(Start::Idle, "", move || list(notices, edit, on_dismiss))
}

lazy_section!(later:
/// The notices with their offers (a lazy section).
fn list(notices: Signal<Vec<Notice>>, edit: Callback<Change>, on_dismiss: Callback<()>) -> AnyView {
    view! {
        <div role="status" aria-live="polite" class="edit-notices-live">
            <Show when=move || notices.with(|n| !n.is_empty())>
                <div class="edit-notices" data-testid="edit-notices">
                    <ul>
                        {move || notices.get().into_iter().map(|n| view! {
                            <li>
                                {n.text}
                                {n.offer.map(|offer| {
                                    let change = offer.change;
                                    view! {
                                        " "
                                        <button type="button" class="link-button" data-testid="notice-offer"
                                            on:click=move |_| edit.run(change.clone())>{offer.label}</button>
                                    }
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <button type="button" class="link-button" on:click=move |_| on_dismiss.run(())>"Dismiss"</button>
                </div>
            </Show>
        </div>
    }
    .into_any()
});
