//! The one error type of the config boundary: everything that can be wrong with a
//! pasted `config.json` or with hand-entered dimensions.
//!
//! Every message names the key, the value and the rule it broke, and says what to do.

use thiserror::Error;

use crate::model::SpecError;

/// Why a config (or a set of dimensions) could not become a [`crate::model::ModelSpec`].
///
/// `Display` is the user-facing message. [`ConfigError::line_column`] gives the
/// position of a JSON syntax error, [`ConfigError::key`] the offending key.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ConfigError {
    /// The text is longer than [`super::MAX_CONFIG_BYTES`].
    #[error(
        "The text is {bytes} bytes, more than the {limit}-byte limit. A config.json is a few \
         kilobytes: paste only the config file, not the weights or an index."
    )]
    TooLarge {
        /// Size of the text.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Nothing but whitespace.
    #[error("The config is empty. Paste the contents of a model's config.json.")]
    Empty,
    /// A JSON syntax error.
    #[error("The config is not valid JSON: {detail} at line {line}, column {column}. {hint}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        detail: String,
        /// What to do about it.
        hint: String,
    },
    /// A number too large for a 64-bit float (such as `1e400`).
    #[error(
        "A number at line {line}, column {column} is too large to represent. Check for a \
         typo such as 1e400."
    )]
    NumberOutOfRange {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Nested deeper than the parser allows.
    #[error(
        "The JSON is nested more than 128 levels deep (at line {line}, column {column}). A \
         config.json is nested only a few levels: check that this is the right file."
    )]
    TooDeep {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Valid JSON, but not an object.
    #[error(
        "The config is {found}, but a config.json is a JSON object: text between {{ and }} \
         with keys such as \"model_type\" and \"hidden_size\"."
    )]
    NotAnObject {
        /// What was found instead ("an array", "a string", …).
        found: String,
    },
    /// A key holds the wrong kind of value.
    #[error("`{key}` is {found}, but it must be {expected}.")]
    WrongType {
        /// The key.
        key: String,
        /// The value found, described.
        found: String,
        /// What it must be, with the fix when obvious.
        expected: String,
    },
    /// A key the model cannot be counted without.
    #[error("`{key}` is missing, and {why}. Add it to the config.")]
    Missing {
        /// The key (the usual Hugging Face name).
        key: String,
        /// Why there is no default.
        why: String,
    },
    /// `layer_types` does not list one entry per layer.
    #[error(
        "`layer_types` lists {len} layers but `{layers_key}` is {n_layers}. List one type \
         per layer, or remove `layer_types`."
    )]
    LayerTypesLength {
        /// Entries listed.
        len: u64,
        /// The layers key.
        layers_key: String,
        /// Layers.
        n_layers: u64,
    },
    /// An unknown family with too little to go on.
    #[error(
        "{what} and the config lacks {missing}, so there is nothing to count. Paste a \
         config.json of a transformer language model (it names `model_type`, \
         `hidden_size`, `num_hidden_layers`, `num_attention_heads`, `vocab_size`)."
    )]
    NothingUsable {
        /// What is known about the family.
        what: String,
        /// The keys that are missing, listed.
        missing: String,
    },
    /// A transformers model type with no family in flopcast's table: refused by name
    /// rather than read with the generic rules.
    #[error(
        "`{model_type}` is a transformers family flopcast does not count yet: {reason}. \
         Paste the config of a supported family, or enter the dimensions by hand."
    )]
    UnsupportedFamily {
        /// The `model_type`.
        model_type: String,
        /// Why it is not counted.
        reason: String,
    },
    /// A `text_config` that is present but empty.
    #[error(
        "`text_config` is empty and the top level names no model either. Paste the full \
         config.json, including the language model's settings."
    )]
    EmptyTextConfig,
    /// A structural rule the counts rely on (a value out of bounds, heads or
    /// experts that do not divide or fit, more parameters than 64 bits hold):
    /// the model's own error, shown as it is.
    #[error(transparent)]
    Spec(#[from] SpecError),
}

impl ConfigError {
    /// A [`SpecError::InvalidValue`]: a value that breaks a rule.
    pub(crate) fn invalid(key: &str, value: &str, rule: &str) -> ConfigError {
        ConfigError::Spec(SpecError::invalid(key, value, rule))
    }

    /// Line and column (1-based) of a JSON syntax problem.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            ConfigError::Syntax { line, column, .. }
            | ConfigError::NumberOutOfRange { line, column }
            | ConfigError::TooDeep { line, column } => Some((*line, *column)),
            _ => None,
        }
    }

    /// The key the error is about, when there is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::WrongType { key, .. } | ConfigError::Missing { key, .. } => Some(key),
            ConfigError::Spec(e) => e.key(),
            ConfigError::LayerTypesLength { .. } => Some("layer_types"),
            ConfigError::EmptyTextConfig => Some("text_config"),
            ConfigError::UnsupportedFamily { .. } => Some("model_type"),
            _ => None,
        }
    }
}
