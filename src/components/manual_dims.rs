use flopcast_core::config::from_dims;
use flopcast_core::model::{Dims, NormKind};
use flopcast_core::papers;
use flopcast_core::scenario::{Change, ModelChoice};
use leptos::prelude::*;

use crate::lazy_section;

use crate::lazy::disclosure;

/// One whole-number dimension of [`Dims`].
#[derive(Clone, Copy)]
struct DimField {
    id: &'static str,
    label: &'static str,
    get: fn(&Dims) -> u64,
    set: fn(&mut Dims, u64),
}

const FIELDS: [DimField; 7] = [
    DimField {
        id: "dim-layers",
        label: "Layers",
        get: |d| d.n_layers,
        set: |d, v| d.n_layers = v,
    },
    DimField {
        id: "dim-d-model",
        label: "d_model",
        get: |d| d.d_model,
        set: |d, v| d.d_model = v,
    },
    DimField {
        id: "dim-heads",
        label: "Attention heads",
        get: |d| d.n_heads,
        set: |d, v| d.n_heads = v,
    },
    DimField {
        id: "dim-kv-heads",
        label: "Key/value heads",
        get: |d| d.n_kv_heads.unwrap_or(d.n_heads),
        set: |d, v| d.n_kv_heads = Some(v),
    },
    DimField {
        id: "dim-d-ff",
        label: "d_ff (MLP width)",
        get: |d| d.d_ff,
        set: |d, v| d.d_ff = v,
    },
    DimField {
        id: "dim-vocab",
        label: "Vocabulary",
        get: |d| d.vocab_size,
        set: |d, v| d.vocab_size = v,
    },
    DimField {
        id: "dim-context",
        label: "Context length",
        get: |d| d.context_len,
        set: |d, v| d.context_len = v,
    },
];

/// Dimensions typed by hand for a model without a config, or filled from a
/// paper (GPT-3 175B and others, with their published hyperparameters). Its
/// code and the papers' models load when it is first opened.
#[component]
pub fn ManualDims(edit: Callback<Change>) -> impl IntoView {
    disclosure(
        "manual-dims",
        "No config? Type the dimensions",
        "Loading the dimensions form…",
        move || dims_form(edit),
    )
}

lazy_section!(later:
/// The form (a lazy section).
fn dims_form(edit: Callback<Change>) -> AnyView {
    let dims = RwSignal::new(Dims::default());
    let error = RwSignal::new(None::<String>);
    let use_dims = move || match from_dims(&dims.get()) {
        Ok(spec) => {
            error.set(None);
            edit.run(Change::Model(ModelChoice::custom(spec)));
        }
        Err(e) => error.set(Some(e.to_string())),
    };
    let gpt_style = move || dims.with(|d| !d.gated_mlp);
    let set_dim = move |f: DimField, text: &str| match text.trim().parse::<u64>() {
        Ok(v) if v > 0 => {
            dims.update(|d| (f.set)(d, v));
            error.set(None);
        }
        _ => error.set(Some(format!(
            "{}: type a whole number of at least 1.",
            f.label
        ))),
    };
    view! {
            <label for="paper">"Fill from a paper"</label>
            <select
                id="paper"
                data-testid="paper-select"
                on:change=move |ev| {
                    if let Some(model) = papers::find(&event_target_value(&ev)) {
                        dims.set(model.dims);
                        use_dims();
                    }
                }
            >
                <option value="">"Choose…"</option>
                {papers::paper_models().into_iter().map(|m| view! { <option value=m.id>{m.name}</option> }).collect_view()}
            </select>
            <div class="dims-grid">
                {FIELDS.iter().map(|&f| view! {
                    <label for=f.id>{f.label}</label>
                    <input
                        id=f.id
                        type="number"
                        min="1"
                        step="1"
                        inputmode="numeric"
                        prop:value=move || dims.with(|d| (f.get)(d).to_string())
                        on:input=move |ev| set_dim(f, &event_target_value(&ev))
                    />
                }).collect_view()}
            </div>
            <label for="dim-style">"Architecture"</label>
            <select
                id="dim-style"
                prop:value=move || if gpt_style() { "gpt" } else { "llama" }
                on:change=move |ev| {
                    let gpt = event_target_value(&ev) == "gpt";
                    dims.update(|d| {
                        d.gated_mlp = !gpt;
                        d.biases = gpt;
                        d.learned_positions = gpt;
                        d.tied_embeddings = gpt;
                        d.norm = if gpt { NormKind::LayerNorm } else { NormKind::Rms };
                    });
                }
            >
                <option value="llama">"Llama style: gated MLP, RMSNorm, rotary positions, no biases"</option>
                <option value="gpt">"GPT style: plain MLP, LayerNorm, learned positions, biases"</option>
            </select>
            <label class="check">
                <input type="checkbox" prop:checked=move || dims.with(|d| d.tied_embeddings)
                    on:change=move |ev| dims.update(|d| d.tied_embeddings = event_target_checked(&ev)) />
                "Output head tied to the input embedding"
            </label>
            <p class="field-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
            <button type="button" data-testid="use-dims" on:click=move |_| use_dims()>"Use these dimensions"</button>
    }
    .into_any()
});
