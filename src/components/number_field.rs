use leptos::prelude::*;

/// A text input for one number (or band) of the scenario.
///
/// It shows `value` (the scenario's figure, formatted) until the person types;
/// then it shows what they typed, parses it on every keystroke with `parse`,
/// and either hands the value to `on_change` or shows the error next to the
/// field (`role="alert"`) and reports the field invalid through `on_validity`.
/// Leaving a valid field puts the formatted value back.
#[component]
pub fn NumberField<T: Send + Sync + 'static>(
    /// Stable field name: the `id` of the input, `{name}-input` its test id.
    name: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    parse: fn(&str) -> Result<T, String>,
    on_change: Callback<T>,
    on_validity: Callback<(&'static str, bool)>,
    /// Shown under the field: what was understood, a hint, a source.
    #[prop(optional, into)]
    echo: Option<Signal<String>>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let draft = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let shown = move || draft.get().unwrap_or_else(|| value.get());
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described = format!("{error_id} {hint_id}");
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=name>{label}</label>
            <input
                id=name
                type="text"
                inputmode=inputmode.unwrap_or("decimal")
                autocomplete="off"
                data-testid=format!("{name}-input")
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described
                prop:value=shown
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    match parse(&text) {
                        Ok(v) => {
                            error.set(None);
                            on_validity.run((name, true));
                            on_change.run(v);
                        }
                        Err(message) => {
                            error.set(Some(message));
                            on_validity.run((name, false));
                        }
                    }
                    draft.set(Some(text));
                }
                on:blur=move |_| {
                    if error.with(Option::is_none) {
                        draft.set(None);
                    }
                }
            />
            <p id=error_id class="field-error" role="alert" data-testid=format!("{name}-error") hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <p id=hint_id class="field-hint">{move || echo.map(|e| e.get())}</p>
        </div>
    }
}
