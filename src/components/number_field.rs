use leptos::prelude::*;

/// A field's `apply` callback: parse the text with `parse`; hand a valid value
/// to `on_value`, or return the parser's message. Generic here, so that the
/// field component itself is not (one copy of its view in the page).
pub fn applier<T: 'static, E: ToString + 'static>(
    parse: fn(&str) -> Result<T, E>,
    on_value: impl Fn(T) + Send + Sync + 'static,
) -> Callback<String, Option<String>> {
    Callback::new(move |text: String| match parse(&text) {
        Ok(value) => {
            on_value(value);
            None
        }
        Err(e) => Some(e.to_string()),
    })
}

/// A text input for one number (or band) of the scenario.
///
/// It shows `value` (the scenario's figure, formatted) until the person types;
/// then it shows what they typed, parses it on every keystroke with `parse`,
/// and either hands the value to `on_change` or shows the error next to the
/// field (`role="alert"`) and reports the field invalid through `on_validity`.
/// Leaving a valid field puts the formatted value back.
#[component]
pub fn NumberField(
    /// Stable field name: the `id` of the input, `{name}-input` its test id.
    name: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    /// Parses the text and applies the value; returns the message when the
    /// text is not valid (see [`applier`]).
    apply: Callback<String, Option<String>>,
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
                value=value.get_untracked()
                prop:value=shown
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let message = apply.run(text.clone());
                    on_validity.run((name, message.is_none()));
                    error.set(message);
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
            <p id=hint_id class="field-hint" data-testid=format!("{name}-hint")>{move || echo.map(|e| e.get())}</p>
        </div>
    }
}
