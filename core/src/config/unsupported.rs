//! Refusal by name: a config whose `model_type` is a transformers model type that
//! has no family in [`super::families`] is refused with
//! [`ConfigError::UnsupportedFamily`], naming the type and the reason, instead of
//! being read by the generic Llama-style rules (which would show a wrong count as if
//! it were exact).
//!
//! The list of transformers' model types is generated
//! ([`super::model_types`], by `scripts/ground_truth/model_types.py`); the only list
//! of supported types is the family table itself, so a family added there stops being
//! refused with no other change. Types transformers does not know (remote code:
//! ChatGLM, InternLM2, Baichuan, …) are not refused here: the generic rules read them
//! and the count is marked approximate.

use super::error::ConfigError;
use super::families;
use super::model_types::MODEL_TYPES;

/// What kind of model a transformers model type is, which decides the reason a
/// type without a family is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A decoder-only text language model (or the language model inside a
    /// multimodal one).
    Decoder,
    /// A model that reads images or audio and writes text with a language model
    /// inside (`text_config`).
    Composite,
    /// An encoder-only model (BERT-likes).
    Encoder,
    /// An encoder-decoder model (BART, Marian, Whisper, …).
    EncoderDecoder,
    /// A speech or audio model.
    Speech,
    /// A vision or video model.
    Vision,
    /// One part of a larger model (a vision tower, an audio encoder, a q-former).
    Part,
    /// Anything else (time series, codecs, retrieval wrappers).
    Other,
}

impl Kind {
    /// The reason a type of this kind is refused, when [`REASONS`] has none.
    fn reason(self) -> &'static str {
        match self {
            Kind::Decoder => {
                "its modeling code has not been checked against flopcast's rules, and reading \
                 it as a Llama-style decoder could give a wrong count that looks exact"
            }
            Kind::Composite => {
                "it is a multimodal model, and flopcast counts the language model inside one \
                 only when its `text_config` names a family flopcast knows"
            }
            Kind::Encoder => {
                "it is an encoder-only model (BERT-like) that encodes text rather than \
                 generating it, and flopcast counts decoder language models (and BERT itself)"
            }
            Kind::EncoderDecoder => {
                "it is an encoder-decoder model (as BART, Marian and Whisper are), and \
                 flopcast counts decoder-only language models (and T5)"
            }
            Kind::Speech => {
                "it is a speech or audio model, and flopcast counts text language models"
            }
            Kind::Vision => "it is a vision model, and flopcast counts text language models",
            Kind::Part => {
                "it is one part of a larger model (a vision tower, an audio encoder, a text \
                 encoder or a projector), not a language model flopcast counts"
            }
            Kind::Other => "it is not a text language model, which is what flopcast counts",
        }
    }
}

/// Model types with more to say than their kind's reason, in byte order.
const REASONS: &[(&str, &str)] = &[
    (
        "blt",
        "the Byte Latent Transformer patches bytes with a small entropy model and runs local \
         byte encoders and decoders around a global transformer, a structure flopcast's layer \
         model does not describe",
    ),
    (
        "cpmant",
        "CPM-Ant prepends `prompt_length` learned prompt tokens (32 by default) to every \
         sequence and runs every layer over them with bidirectional attention, so a token's \
         FLOPs depend on the sequence length in a way flopcast's model cannot express yet",
    ),
    (
        "gemma4_assistant",
        "it is a draft model for Gemma 4's assisted decoding: it runs on the target model's \
         hidden states and key/value cache rather than on tokens, so it is not a language \
         model of its own (paste the target model's config instead)",
    ),
    (
        "gemma4_unified_assistant",
        "it is a draft model for Gemma 4 unified's assisted decoding: it runs on the target \
         model's hidden states and key/value cache rather than on tokens, so it is not a \
         language model of its own (paste the target model's config instead)",
    ),
    (
        "inkling2_loop_text",
        "it has Inkling 2's structure (see inkling2_text) with a looped section whose \
         passes exchange messages through learned queries and gates: structures flopcast's \
         layer model does not describe yet",
    ),
    (
        "inkling2_text",
        "besides Inkling's relative-position biases and short convolutions (some \
         input-dependent), its layers clip queries, keys and biases to an L2 norm, gate \
         the attention output, softcap the MLP activation and mix block-level attention \
         residuals: structures flopcast's layer model does not describe yet",
    ),
    (
        "inkling_text",
        "each attention layer adds relative-position biases from a projection and a \
         learned bank (a matrix product of its own) and short convolutions on its keys and \
         values, each layer short convolutions on the attention and MLP outputs, and its \
         router also weights the shared experts: structures flopcast's layer model does \
         not describe yet",
    ),
    (
        "reformer",
        "it is an encoder-style model with LSH attention and reversible layers, not a \
         decoder flopcast counts",
    ),
];

/// Wrappers around a language model flopcast knows (their `text_config`) that are not
/// language models of their own: refused by their top-level type, before the
/// `text_config` could be counted as if it were the whole.
const WRAPPERS: &[&str] = &["gemma4_assistant", "gemma4_unified_assistant"];

/// The refusal of a top-level `model_type` that wraps a language model without
/// being one.
pub(crate) fn wrapper_refusal(model_type: &str) -> Option<ConfigError> {
    if WRAPPERS.contains(&model_type) {
        refusal(model_type)
    } else {
        None
    }
}

/// The kind of a transformers model type, or `None` when transformers does not know it.
pub(crate) fn kind_of(model_type: &str) -> Option<Kind> {
    MODEL_TYPES
        .binary_search_by(|(t, _)| (*t).cmp(model_type))
        .ok()
        .and_then(|i| MODEL_TYPES.get(i))
        .map(|(_, k)| *k)
}

/// Why `model_type` is refused: `Some` for a transformers model type with no family.
pub(crate) fn refusal(model_type: &str) -> Option<ConfigError> {
    if families::by_type(model_type).is_some() {
        return None;
    }
    let kind = kind_of(model_type)?;
    let reason = REASONS
        .binary_search_by(|(t, _)| (*t).cmp(model_type))
        .ok()
        .and_then(|i| REASONS.get(i))
        .map_or(kind.reason(), |(_, r)| r);
    Some(ConfigError::UnsupportedFamily {
        model_type: model_type.to_string(),
        reason: reason.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_type_list_is_in_byte_order_without_repeats() {
        assert!(MODEL_TYPES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(REASONS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn every_listed_reason_is_for_a_transformers_type_without_a_family() {
        for (t, _) in REASONS {
            assert!(kind_of(t).is_some(), "{t} is not a transformers model type");
            assert!(
                families::by_type(t).is_none(),
                "{t} has a family: drop its reason"
            );
        }
    }

    #[test]
    fn a_type_with_a_family_is_not_refused() {
        assert!(refusal("llama").is_none());
        assert!(refusal("bert").is_none());
    }

    #[test]
    fn a_type_transformers_does_not_know_is_left_to_the_generic_rules() {
        assert!(refusal("internlm2").is_none());
        assert!(refusal("chatglm").is_none());
    }

    #[test]
    fn an_encoder_decoder_is_refused_as_one() {
        let e = refusal("marian").expect("refused").to_string();
        assert!(
            e.contains("`marian`") && e.contains("encoder-decoder"),
            "{e}"
        );
    }

    #[test]
    fn a_listed_type_gets_its_own_reason() {
        let e = refusal("reformer").expect("refused").to_string();
        assert!(e.contains("LSH"), "{e}");
        let e = refusal("inkling_text").expect("refused").to_string();
        assert!(e.contains("relative-position biases"), "{e}");
    }
}
