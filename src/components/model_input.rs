use flopcast_core::config::{parse_config, MAX_CONFIG_BYTES};
use flopcast_core::model::ModelSpec;
use flopcast_core::presets::PRESETS;
use flopcast_core::scenario::{Change, ModelChoice};
use gloo::file::callbacks::FileReader;
use leptos::prelude::*;

use crate::lazy_section;
use wasm_bindgen::JsCast;

use crate::components::ManualDims;
use crate::prebuilt;

/// What the person typed or dropped, and what it parsed to.
#[derive(Clone, PartialEq)]
struct Draft {
    text: String,
    /// The spec it produced; `None` while it does not parse.
    spec: Option<ModelSpec>,
    error: Option<String>,
    assumptions: Vec<String>,
}

lazy_section!(later:
/// Parses a config: the config parser is a lazy section, loaded with the rest
/// of `later` when the browser is idle after the first view, or at the first
/// keystroke if that comes first (presets come parsed: `prebuilt`).
fn read(text: String) -> Draft {
    match parse_config(&text) {
        Ok(parsed) => Draft {
            text,
            spec: Some(parsed.spec),
            error: None,
            assumptions: parsed.assumptions.iter().map(|a| a.to_string()).collect(),
        },
        Err(e) => Draft {
            text,
            spec: None,
            error: Some(e.to_string()),
            assumptions: Vec::new(),
        },
    }
});

/// Whether a drag carries files (not text or a link).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| {
        d.types()
            .includes(&wasm_bindgen::JsValue::from_str("Files"), 0)
    })
}

/// The model: a preset, a pasted / dropped / picked `config.json`, or
/// dimensions typed by hand. Parses as you type; an error shows next to the
/// input and the last valid model stays in use.
#[component]
pub fn ModelInput(
    /// The model in use (a memo: it changes only when the model does).
    #[prop(into)]
    model: Signal<ModelChoice>,
    on_validity: Callback<(&'static str, bool)>,
    edit: Callback<Change>,
    /// The assumptions behind the model in use, for the JSON download.
    on_assumptions: Callback<Vec<String>>,
) -> impl IntoView {
    let draft = RwSignal::new(None::<Draft>);
    let reader = StoredValue::new_local(None::<FileReader>);

    let use_draft = move |next: Draft| {
        if let Some(spec) = &next.spec {
            on_assumptions.run(next.assumptions.clone());
            let preset = PRESETS.iter().find(|p| p.config == next.text);
            edit.run(Change::Model(ModelChoice {
                preset,
                spec: spec.clone(),
            }));
        }
        on_validity.run(("config", next.error.is_none()));
        draft.set(Some(next));
    };
    // Only the latest text counts: one typed while the parser was loading
    // replaces the earlier one.
    let latest = StoredValue::new(0_u64);
    let accept = move |text: String| {
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        leptos::task::spawn_local(async move {
            let next = read(text).await;
            if latest.try_get_value() == Some(ticket) {
                use_draft(next);
            }
        });
    };
    let pick = move |id: String| {
        if let Some(model) = prebuilt::preset(&id) {
            use_draft(Draft {
                text: model
                    .preset
                    .map(|p| p.config.to_string())
                    .unwrap_or_default(),
                spec: Some(model.spec),
                error: None,
                assumptions: prebuilt::assumptions(&id),
            });
        }
    };
    let refuse = move |message: String| {
        on_validity.run(("config", false));
        draft.set(Some(Draft {
            text: String::new(),
            spec: None,
            error: Some(message),
            assumptions: Vec::new(),
        }));
    };
    let load_file = move |file: web_sys::File| {
        let file = gloo::file::File::from(file);
        if file.size() > MAX_CONFIG_BYTES as u64 {
            refuse(format!(
                "{} is {} bytes, more than the {MAX_CONFIG_BYTES}-byte limit: choose the model's config.json.",
                file.name(),
                file.size()
            ));
            return;
        }
        let name = file.name();
        let task = gloo::file::callbacks::read_as_text(&file, move |result| match result {
            Ok(text) => accept(text),
            Err(_) => refuse(format!("{name} could not be read as text.")),
        });
        reader.set_value(Some(task));
    };

    // The draft shows while it is what the scenario uses (or is invalid);
    // otherwise the scenario's model comes from a preset, a link or manual
    // dimensions, and the preset's text (or nothing) is shown.
    let current_draft = move || {
        let d = draft.get()?;
        let in_use = match &d.spec {
            None => true,
            Some(spec) => model.with(|m| &m.spec == spec),
        };
        in_use.then_some(d)
    };
    let shown_text = move || match current_draft() {
        Some(d) => d.text,
        None => model.with(|m| m.preset.map(|p| p.config.to_string()).unwrap_or_default()),
    };
    let error = move || current_draft().and_then(|d| d.error);
    let preset_assumptions = Memo::new(move |_| {
        model.with(|m| {
            m.preset
                .map(|p| prebuilt::assumptions(p.id))
                .unwrap_or_default()
        })
    });
    let assumptions = move || match current_draft() {
        Some(d) => d.assumptions,
        None => preset_assumptions.get(),
    };
    let preset_id = move || model.with(|m| m.preset.map_or("custom", |p| p.id));
    // The first render's choice and text as markup too (the prerendered page
    // has no properties); `prop:` keeps them current afterwards.
    let first_preset = untrack(preset_id);
    let first_text = untrack(shown_text);

    // A file dropped anywhere on the page is read as the config (the browser
    // would otherwise open it in place of the page). Text dragged into the
    // textarea keeps the browser's own behaviour.
    let dragging = RwSignal::new(false);
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let left = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let dropped = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        if carries_files(&ev) {
            ev.prevent_default();
            if let Some(file) = ev
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                load_file(file);
            }
        }
    });
    on_cleanup(move || {
        over.remove();
        left.remove();
        dropped.remove();
    });

    view! {
        <fieldset class="model-input" class:drop-target=move || dragging.get()>
            <legend>"Model"</legend>
            <label for="preset">"Known model"</label>
            <select
                id="preset"
                data-testid="preset-select"
                prop:value=preset_id
                on:change=move |ev| pick(event_target_value(&ev))
            >
                <option value="custom" selected=first_preset == "custom">"Custom (pasted or typed)"</option>
                {PRESETS
                    .iter()
                    .map(|p| view! { <option value=p.id selected=p.id == first_preset>{p.name}</option> })
                    .collect_view()}
            </select>
            <label for="config">"config.json: paste it, drop the file on the page, or "
                <input
                    type="file"
                    accept=".json,application/json"
                    data-testid="config-file"
                    aria-label="Choose a config.json file"
                    on:change=move |ev| {
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
                            load_file(file);
                        }
                    }
                />
            </label>
            <textarea
                id="config"
                data-testid="config-input"
                rows="12"
                spellcheck="false"
                placeholder="Paste a Hugging Face config.json here. The model in use came from a link or from dimensions typed by hand."
                aria-invalid=move || error().is_some().to_string()
                aria-describedby="config-error"
                prop:value=shown_text
                on:input=move |ev| accept(event_target_value(&ev))
            >{first_text}</textarea>
            <p id="config-error" class="field-error" role="alert" data-testid="error" hidden=move || error().is_none()>
                {error}
            </p>
            <details class="assumptions" open=move || !assumptions().is_empty()>
                <summary>"Assumptions (" {move || assumptions().len()} ")"</summary>
                <ul data-testid="assumptions">
                    {move || assumptions().into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}
                </ul>
            </details>
            <ManualDims edit=edit />
        </fieldset>
    }
}
