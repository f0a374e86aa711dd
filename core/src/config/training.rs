//! What training saves that the structure does not say: the activation
//! function and the dropouts, read from the config's own keys into a
//! [`TrainingTraits`]. Parameter counts do not depend on them; activation
//! memory ([`crate::memory`]) does.
//!
//! A key the config leaves out takes transformers' config-class default for
//! the family (GPT-2 and OPT drop out by default, most newer families do not).
//! A value of the wrong type is treated as absent: nothing here can refuse a
//! config whose parameters count fine.

use serde_json::{Map, Value};

use crate::model::{ActFn, TrainingTraits};

/// Keys naming the MLP's activation function, in the order transformers'
/// families use them.
const ACT_KEYS: &[&str] = &[
    "hidden_act",
    "hidden_activation",
    "activation_function",
    "afn",
];
/// Dropout on the embeddings' output.
const EMBED_KEYS: &[&str] = &["embd_pdrop", "embedding_dropout", "embed_dropout"];
/// Dropout on the attention probabilities.
const ATTN_KEYS: &[&str] = &[
    "attn_pdrop",
    "attention_dropout",
    "attention_probs_dropout_prob",
    "attention_dropout_prob",
];
/// Dropout on a block's output before the residual add.
const RESID_KEYS: &[&str] = &[
    "resid_pdrop",
    "residual_dropout",
    "hidden_dropout",
    "hidden_dropout_prob",
    "dropout",
];
/// Dropout between the MLP's activation and its down projection.
const ACT_DROPOUT_KEYS: &[&str] = &["activation_dropout"];
/// The families whose layers apply `activation_dropout`.
const ACT_DROPOUT_FAMILIES: &[&str] = &["xglm", "biogpt"];

/// The traits of the language model whose settings are `lm`, of family
/// `model_type` (as the spec names it).
pub(crate) fn traits(lm: &Map<String, Value>, model_type: &str) -> TrainingTraits {
    let defaults = family_defaults(model_type);
    let act = ACT_KEYS
        .iter()
        .find_map(|k| lm.get(*k).and_then(Value::as_str))
        .map_or(defaults.act, act_fn);
    let rate = |keys: &[&str], default: bool| {
        keys.iter()
            .find_map(|k| lm.get(*k).and_then(Value::as_f64))
            .map_or(default, |p| p > 0.0)
    };
    TrainingTraits {
        act,
        embed_dropout: rate(EMBED_KEYS, defaults.embed_dropout),
        attn_dropout: rate(ATTN_KEYS, defaults.attn_dropout),
        resid_dropout: rate(RESID_KEYS, defaults.resid_dropout),
        // Only where the layers apply it: OPT's configs carry the key, but its
        // layers never read it (transformers 5.24).
        act_dropout: ACT_DROPOUT_FAMILIES.contains(&model_type)
            && rate(ACT_DROPOUT_KEYS, defaults.act_dropout),
    }
}

/// An activation name as transformers' `ACT2FN` spells it.
fn act_fn(name: &str) -> ActFn {
    match name {
        "silu" | "swish" => ActFn::Silu,
        "gelu" | "gelu_pytorch_tanh" | "gelu_fast" | "gelu_10" => ActFn::Gelu,
        "gelu_new" | "gelu_accurate" | "gelu_python_tanh" => ActFn::GeluPython,
        "relu" => ActFn::Relu,
        _ => ActFn::Other,
    }
}

/// transformers' config-class defaults, for keys a config leaves out.
fn family_defaults(model_type: &str) -> TrainingTraits {
    let act = match model_type {
        "gpt2" | "gpt_bigcode" | "gptj" | "codegen" | "gpt_neo" | "phi" | "imagegpt" => {
            ActFn::GeluPython
        }
        "opt" | "xglm" | "biogpt" | "ctrl" => ActFn::Relu,
        "gpt_neox" | "gpt_neox_japanese" | "falcon" | "bloom" | "gemma" | "gemma2"
        | "gemma3_text" | "starcoder2" | "persimmon" | "stablelm" | "bert" | "mpt" => ActFn::Gelu,
        _ => ActFn::Silu,
    };
    let gpt2_like = matches!(model_type, "gpt2" | "gpt_bigcode" | "imagegpt");
    TrainingTraits {
        act,
        embed_dropout: gpt2_like,
        attn_dropout: gpt2_like,
        resid_dropout: gpt2_like || model_type == "opt",
        act_dropout: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).expect("test JSON")
    }

    #[test]
    fn llama_style_configs_use_silu_without_dropout() {
        let t = traits(
            &map(r#"{"hidden_act": "silu", "attention_dropout": 0.0}"#),
            "llama",
        );
        assert_eq!(t, TrainingTraits::default());
    }

    #[test]
    fn gpt2_drops_out_everywhere_by_default_and_its_gelu_is_python() {
        let t = traits(&map("{}"), "gpt2");
        assert_eq!(t.act, ActFn::GeluPython);
        assert!(t.embed_dropout && t.attn_dropout && t.resid_dropout);
        let off = traits(
            &map(r#"{"resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0}"#),
            "gpt2",
        );
        assert!(!off.embed_dropout && !off.attn_dropout && !off.resid_dropout);
    }

    #[test]
    fn opt_reads_its_activation_and_dropout_keys() {
        let t = traits(
            &map(r#"{"activation_function": "relu", "dropout": 0.1, "attention_dropout": 0.0}"#),
            "opt",
        );
        assert_eq!(t.act, ActFn::Relu);
        assert!(t.resid_dropout && !t.attn_dropout);
    }

    #[test]
    fn each_act2fn_spelling_is_read_as_its_implementation() {
        // transformers' ACT2FN names, against a family whose default is SiLU,
        // so every row is read from the config and not from the family.
        for (name, act) in [
            ("silu", ActFn::Silu),
            ("swish", ActFn::Silu),
            ("gelu", ActFn::Gelu),
            ("gelu_pytorch_tanh", ActFn::Gelu),
            ("gelu_fast", ActFn::Gelu),
            ("gelu_10", ActFn::Gelu),
            ("gelu_new", ActFn::GeluPython),
            ("gelu_accurate", ActFn::GeluPython),
            ("gelu_python_tanh", ActFn::GeluPython),
            ("relu", ActFn::Relu),
            ("relu2", ActFn::Other),
        ] {
            let t = traits(&map(&format!(r#"{{"hidden_act": "{name}"}}"#)), "llama");
            assert_eq!(t.act, act, "{name}");
        }
    }

    #[test]
    fn a_value_of_the_wrong_type_is_the_default() {
        let t = traits(&map(r#"{"hidden_act": 3, "resid_pdrop": "x"}"#), "gemma");
        assert_eq!(t.act, ActFn::Gelu);
        assert!(!t.resid_dropout);
    }
}
