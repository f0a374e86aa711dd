//! The token budgets the presets were trained on, as their makers published
//! them, with the source of each.
//!
//! A scenario on a preset starts from its published budget (see
//! [`crate::scenario::TokenSource`]), so that GPT-2 does not inherit Llama's
//! 15T tokens. A preset with no published count is not given one here: the
//! scenario falls back on the Chinchilla rule (20 tokens per parameter) and
//! says so. Figures that runs in [`crate::runs`] also state are tested to
//! agree with them.
//!
//! It deliberately holds budgets only: hours, hardware and MFU of the same
//! runs are [`crate::runs`]'s.

use serde::Serialize;

/// One preset's published pre-training token count.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PublishedTokens {
    /// The preset ([`crate::presets::Preset::id`]).
    pub preset_id: &'static str,
    /// Pre-training tokens, D.
    pub n_tokens: f64,
    /// The source's own words where the figure is a bound or a round number
    /// ("over 15 trillion", "up to 9T"); `None` when it is stated as is.
    pub wording: Option<&'static str>,
    /// Where it is published.
    pub source: &'static str,
}

const LLAMA_2: &str = "Llama 2 model card (meta-llama/llama MODEL_CARD.md): 2.0T tokens";
const LLAMA_3_1: &str =
    "Llama 3.1 model card (meta-llama/llama-models, models/llama3_1/MODEL_CARD.md)";
const LLAMA_3_2: &str =
    "Llama 3.2 model card (meta-llama/llama-models, models/llama3_2/MODEL_CARD.md)";
const PYTHIA: &str = "EleutherAI/pythia README: 143,000 steps × 1,024 sequences × 2,048 tokens \
                      (Biderman et al. 2023, arXiv 2304.01373)";
const QWEN2_5: &str = "Qwen2.5 Technical Report, Qwen Team 2024, arXiv 2412.15115 (abstract: \
                       pre-training data scaled from 7 to 18 trillion tokens)";
const QWEN3: &str = "Qwen3 Technical Report, Qwen Team 2025, arXiv 2505.09388 (pre-training \
                     on about 36 trillion tokens in 119 languages)";

/// Every published budget flopcast knows, in preset order.
pub const PUBLISHED_TOKENS: &[PublishedTokens] = &[
    PublishedTokens {
        preset_id: "pythia-160m",
        n_tokens: 299_892_736_000.0,
        wording: None,
        source: PYTHIA,
    },
    PublishedTokens {
        preset_id: "pythia-410m",
        n_tokens: 299_892_736_000.0,
        wording: None,
        source: PYTHIA,
    },
    PublishedTokens {
        preset_id: "bert-base",
        n_tokens: 1.28e11,
        wording: Some(
            "256 sequences × 512 tokens = 128,000 tokens a batch for 1,000,000 steps; \
             90 % of the steps used 128-token sequences, so fewer were processed",
        ),
        source: "Devlin et al. 2019, arXiv 1810.04805, Appendix A.2",
    },
    PublishedTokens {
        preset_id: "t5-base",
        n_tokens: 1e12,
        wording: Some("about 1 trillion: 1 million steps of 2^11 sequences of 512 tokens"),
        source: "Raffel et al. 2020, arXiv 1910.10683, §3.7",
    },
    PublishedTokens {
        preset_id: "phi-2",
        n_tokens: 1.4e12,
        wording: None,
        source: "microsoft/phi-2 model card (Training)",
    },
    PublishedTokens {
        preset_id: "llama-2-7b",
        n_tokens: 2e12,
        wording: None,
        source: LLAMA_2,
    },
    PublishedTokens {
        preset_id: "llama-2-13b",
        n_tokens: 2e12,
        wording: None,
        source: LLAMA_2,
    },
    PublishedTokens {
        preset_id: "llama-2-70b",
        n_tokens: 2e12,
        wording: None,
        source: LLAMA_2,
    },
    PublishedTokens {
        preset_id: "llama-3.1-8b",
        n_tokens: 15e12,
        wording: Some("~15T tokens (Llama 3: 'over 15 trillion')"),
        source: LLAMA_3_1,
    },
    PublishedTokens {
        preset_id: "llama-3.1-70b",
        n_tokens: 15e12,
        wording: Some("~15T tokens (Llama 3: 'over 15 trillion')"),
        source: LLAMA_3_1,
    },
    PublishedTokens {
        preset_id: "llama-3.1-405b",
        n_tokens: 15.6e12,
        wording: None,
        source: "The Llama 3 Herd of Models, Llama Team 2024, arXiv 2407.21783, §3 \
                 (15.6T tokens)",
    },
    PublishedTokens {
        preset_id: "llama-3.2-1b",
        n_tokens: 9e12,
        wording: Some("up to 9T tokens"),
        source: LLAMA_3_2,
    },
    PublishedTokens {
        preset_id: "llama-3.2-3b",
        n_tokens: 9e12,
        wording: Some("up to 9T tokens"),
        source: LLAMA_3_2,
    },
    PublishedTokens {
        preset_id: "qwen2.5-1.5b",
        n_tokens: 18e12,
        wording: Some("up to 18 trillion tokens for the series"),
        source: QWEN2_5,
    },
    PublishedTokens {
        preset_id: "qwen2.5-7b",
        n_tokens: 18e12,
        wording: Some("up to 18 trillion tokens for the series"),
        source: QWEN2_5,
    },
    PublishedTokens {
        preset_id: "qwen2.5-32b",
        n_tokens: 18e12,
        wording: Some("up to 18 trillion tokens for the series"),
        source: QWEN2_5,
    },
    PublishedTokens {
        preset_id: "qwen2.5-72b",
        n_tokens: 18e12,
        wording: Some("up to 18 trillion tokens for the series"),
        source: QWEN2_5,
    },
    PublishedTokens {
        preset_id: "qwen3-0.6b",
        n_tokens: 36e12,
        wording: Some("about 36 trillion tokens for the series"),
        source: QWEN3,
    },
    PublishedTokens {
        preset_id: "qwen3-1.7b",
        n_tokens: 36e12,
        wording: Some("about 36 trillion tokens for the series"),
        source: QWEN3,
    },
    PublishedTokens {
        preset_id: "qwen3-8b",
        n_tokens: 36e12,
        wording: Some("about 36 trillion tokens for the series"),
        source: QWEN3,
    },
    PublishedTokens {
        preset_id: "qwen3-32b",
        n_tokens: 36e12,
        wording: Some("about 36 trillion tokens for the series"),
        source: QWEN3,
    },
    PublishedTokens {
        preset_id: "qwen3-30b-a3b",
        n_tokens: 36e12,
        wording: Some("about 36 trillion tokens for the series"),
        source: QWEN3,
    },
    PublishedTokens {
        preset_id: "qwen3-235b-a22b",
        n_tokens: 36e12,
        wording: Some("about 36 trillion tokens for the series"),
        source: QWEN3,
    },
    PublishedTokens {
        preset_id: "deepseek-v3",
        n_tokens: 14.8e12,
        wording: None,
        source: "DeepSeek-V3 Technical Report, DeepSeek-AI 2024, arXiv 2412.19437 \
                 (abstract: 14.8 trillion tokens)",
    },
    PublishedTokens {
        preset_id: "kimi-k2",
        n_tokens: 15.5e12,
        wording: None,
        source: "Kimi K2: Open Agentic Intelligence, Kimi Team 2025, arXiv 2507.20534 \
                 (abstract: 15.5 trillion tokens)",
    },
    PublishedTokens {
        preset_id: "chatglm2-6b",
        n_tokens: 1.4e12,
        wording: None,
        source: "THUDM/ChatGLM2-6B README (1.4T Chinese and English tokens)",
    },
];

/// The published budget of the preset with this id; `None` when its maker
/// published none (GPT-2, OPT, Mixtral, gpt-oss) or the id is unknown.
pub fn published_tokens(preset_id: &str) -> Option<&'static PublishedTokens> {
    PUBLISHED_TOKENS.iter().find(|p| p.preset_id == preset_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use crate::runs::{RunModel, RUNS};

    #[test]
    fn every_budget_names_a_preset_once_and_cites_a_source() {
        let mut seen = std::collections::BTreeSet::new();
        for p in PUBLISHED_TOKENS {
            assert!(presets::find(p.preset_id).is_some(), "{}", p.preset_id);
            assert!(seen.insert(p.preset_id), "{} twice", p.preset_id);
            assert!(!p.source.is_empty(), "{}", p.preset_id);
            assert!(p.n_tokens >= 1e9 && p.n_tokens <= 1e14, "{}", p.preset_id);
        }
    }

    #[test]
    fn budgets_agree_with_the_published_runs_of_the_same_model() {
        for run in RUNS {
            let RunModel::Preset { id, .. } = run.model else {
                continue;
            };
            if let Some(p) = published_tokens(id) {
                assert_eq!(p.n_tokens, run.n_tokens.value, "{} vs run {}", id, run.id);
            }
        }
    }

    #[test]
    fn models_without_a_published_count_have_none() {
        for id in [
            "gpt2",
            "gpt2-large",
            "opt-125m",
            "mixtral-8x7b",
            "gpt-oss-120b",
        ] {
            assert!(presets::find(id).is_some(), "{id}");
            assert_eq!(published_tokens(id), None, "{id}");
        }
        assert_eq!(
            published_tokens("llama-3.1-8b").map(|p| p.n_tokens),
            Some(15e12)
        );
    }
}
