//! Known models the page offers as one-click presets.
//!
//! Each preset is a real Hugging Face `config.json`, compiled in from
//! `core/data/configs/` (provenance in `core/data/configs/SOURCES.md`), and goes
//! through the same parser as a pasted config: a preset is a name for a text,
//! nothing more. Ids are kebab-case and never renamed, because shared links
//! contain them.
//!
//! It deliberately holds no hand-written dimensions: models known only from a
//! paper (GPT-3) are built from their published hyperparameters elsewhere.

/// A known model and its published `config.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable id used in links: never renamed.
    pub id: &'static str,
    /// The name shown on the page.
    pub name: &'static str,
    /// The model's id on the Hugging Face Hub.
    pub hf_id: &'static str,
    /// The `config.json` text, verbatim.
    pub config: &'static str,
}

/// Every preset, smallest families first.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "gpt2",
        name: "GPT-2 (124M)",
        hf_id: "openai-community/gpt2",
        config: include_str!("../data/configs/openai-community__gpt2.json"),
    },
    Preset {
        id: "gpt2-large",
        name: "GPT-2 Large (774M)",
        hf_id: "openai-community/gpt2-large",
        config: include_str!("../data/configs/openai-community__gpt2-large.json"),
    },
    Preset {
        id: "pythia-160m",
        name: "Pythia 160M",
        hf_id: "EleutherAI/pythia-160m",
        config: include_str!("../data/configs/EleutherAI__pythia-160m.json"),
    },
    Preset {
        id: "pythia-410m",
        name: "Pythia 410M",
        hf_id: "EleutherAI/pythia-410m",
        config: include_str!("../data/configs/EleutherAI__pythia-410m.json"),
    },
    Preset {
        id: "opt-125m",
        name: "OPT 125M",
        hf_id: "facebook/opt-125m",
        config: include_str!("../data/configs/facebook__opt-125m.json"),
    },
    Preset {
        id: "bert-base",
        name: "BERT base (uncased)",
        hf_id: "google-bert/bert-base-uncased",
        config: include_str!("../data/configs/google-bert__bert-base-uncased.json"),
    },
    Preset {
        id: "t5-base",
        name: "T5 base",
        hf_id: "google-t5/t5-base",
        config: include_str!("../data/configs/google-t5__t5-base.json"),
    },
    Preset {
        id: "phi-2",
        name: "Phi-2",
        hf_id: "microsoft/phi-2",
        config: include_str!("../data/configs/microsoft__phi-2.json"),
    },
    Preset {
        id: "mamba-2.8b",
        name: "Mamba 2.8B",
        hf_id: "state-spaces/mamba-2.8b-hf",
        config: include_str!("../data/configs/state-spaces__mamba-2.8b-hf.json"),
    },
    Preset {
        id: "jamba-1.5-mini",
        name: "Jamba 1.5 Mini (hybrid)",
        hf_id: "ai21labs/AI21-Jamba-1.5-Mini",
        config: include_str!("../data/configs/ai21labs__AI21-Jamba-1.5-Mini.json"),
    },
    Preset {
        id: "llama-2-7b",
        name: "Llama 2 7B",
        hf_id: "meta-llama/Llama-2-7b-hf",
        config: include_str!("../data/configs/meta-llama__Llama-2-7b-hf.json"),
    },
    Preset {
        id: "llama-2-13b",
        name: "Llama 2 13B",
        hf_id: "meta-llama/Llama-2-13b-hf",
        config: include_str!("../data/configs/meta-llama__Llama-2-13b-hf.json"),
    },
    Preset {
        id: "llama-2-70b",
        name: "Llama 2 70B",
        hf_id: "meta-llama/Llama-2-70b-hf",
        config: include_str!("../data/configs/meta-llama__Llama-2-70b-hf.json"),
    },
    Preset {
        id: "llama-3.1-8b",
        name: "Llama 3.1 8B",
        hf_id: "meta-llama/Llama-3.1-8B",
        config: include_str!("../data/configs/meta-llama__Llama-3.1-8B.json"),
    },
    Preset {
        id: "llama-3.1-70b",
        name: "Llama 3.1 70B",
        hf_id: "meta-llama/Llama-3.1-70B",
        config: include_str!("../data/configs/meta-llama__Llama-3.1-70B.json"),
    },
    Preset {
        id: "llama-3.1-405b",
        name: "Llama 3.1 405B",
        hf_id: "meta-llama/Llama-3.1-405B",
        config: include_str!("../data/configs/meta-llama__Llama-3.1-405B.json"),
    },
    Preset {
        id: "llama-3.2-1b",
        name: "Llama 3.2 1B",
        hf_id: "meta-llama/Llama-3.2-1B-Instruct",
        config: include_str!("../data/configs/meta-llama__Llama-3.2-1B-Instruct.json"),
    },
    Preset {
        id: "llama-3.2-3b",
        name: "Llama 3.2 3B",
        hf_id: "meta-llama/Llama-3.2-3B-Instruct",
        config: include_str!("../data/configs/meta-llama__Llama-3.2-3B-Instruct.json"),
    },
    Preset {
        id: "llama-3.2-90b-vision",
        name: "Llama 3.2 90B Vision (text model)",
        hf_id: "meta-llama/Llama-3.2-90B-Vision-Instruct",
        config: include_str!("../data/configs/meta-llama__Llama-3.2-90B-Vision-Instruct.json"),
    },
    Preset {
        id: "qwen2.5-1.5b",
        name: "Qwen2.5 1.5B",
        hf_id: "Qwen/Qwen2.5-1.5B",
        config: include_str!("../data/configs/Qwen__Qwen2.5-1.5B.json"),
    },
    Preset {
        id: "qwen2.5-7b",
        name: "Qwen2.5 7B",
        hf_id: "Qwen/Qwen2.5-7B",
        config: include_str!("../data/configs/Qwen__Qwen2.5-7B.json"),
    },
    Preset {
        id: "qwen2.5-32b",
        name: "Qwen2.5 32B",
        hf_id: "Qwen/Qwen2.5-32B",
        config: include_str!("../data/configs/Qwen__Qwen2.5-32B.json"),
    },
    Preset {
        id: "qwen2.5-72b",
        name: "Qwen2.5 72B",
        hf_id: "Qwen/Qwen2.5-72B",
        config: include_str!("../data/configs/Qwen__Qwen2.5-72B.json"),
    },
    Preset {
        id: "qwen3-0.6b",
        name: "Qwen3 0.6B",
        hf_id: "Qwen/Qwen3-0.6B",
        config: include_str!("../data/configs/Qwen__Qwen3-0.6B.json"),
    },
    Preset {
        id: "qwen3-1.7b",
        name: "Qwen3 1.7B",
        hf_id: "Qwen/Qwen3-1.7B",
        config: include_str!("../data/configs/Qwen__Qwen3-1.7B.json"),
    },
    Preset {
        id: "qwen3-8b",
        name: "Qwen3 8B",
        hf_id: "Qwen/Qwen3-8B",
        config: include_str!("../data/configs/Qwen__Qwen3-8B.json"),
    },
    Preset {
        id: "qwen3-32b",
        name: "Qwen3 32B",
        hf_id: "Qwen/Qwen3-32B",
        config: include_str!("../data/configs/Qwen__Qwen3-32B.json"),
    },
    Preset {
        id: "qwen3-30b-a3b",
        name: "Qwen3 30B-A3B (MoE)",
        hf_id: "Qwen/Qwen3-30B-A3B",
        config: include_str!("../data/configs/Qwen__Qwen3-30B-A3B.json"),
    },
    Preset {
        id: "qwen3-235b-a22b",
        name: "Qwen3 235B-A22B (MoE)",
        hf_id: "Qwen/Qwen3-235B-A22B",
        config: include_str!("../data/configs/Qwen__Qwen3-235B-A22B.json"),
    },
    Preset {
        id: "qwen3-next-80b-a3b",
        name: "Qwen3-Next 80B-A3B",
        hf_id: "Qwen/Qwen3-Next-80B-A3B-Instruct",
        config: include_str!("../data/configs/Qwen__Qwen3-Next-80B-A3B-Instruct.json"),
    },
    Preset {
        id: "starcoder2-15b",
        name: "StarCoder2 15B",
        hf_id: "bigcode/starcoder2-15b",
        config: include_str!("../data/configs/bigcode__starcoder2-15b.json"),
    },
    Preset {
        id: "mixtral-8x7b",
        name: "Mixtral 8x7B (MoE)",
        hf_id: "mistralai/Mixtral-8x7B-v0.1",
        config: include_str!("../data/configs/mistralai__Mixtral-8x7B-v0.1.json"),
    },
    Preset {
        id: "mixtral-8x22b",
        name: "Mixtral 8x22B (MoE)",
        hf_id: "mistralai/Mixtral-8x22B-v0.1",
        config: include_str!("../data/configs/mistralai__Mixtral-8x22B-v0.1.json"),
    },
    Preset {
        id: "dbrx-instruct",
        name: "DBRX Instruct (MoE)",
        hf_id: "databricks/dbrx-instruct",
        config: include_str!("../data/configs/databricks__dbrx-instruct.json"),
    },
    Preset {
        id: "deepseek-v3",
        name: "DeepSeek-V3 (MoE, MLA)",
        hf_id: "deepseek-ai/DeepSeek-V3",
        config: include_str!("../data/configs/deepseek-ai__DeepSeek-V3.json"),
    },
    Preset {
        id: "kimi-k2",
        name: "Kimi K2 (MoE, MLA)",
        hf_id: "moonshotai/Kimi-K2-Instruct",
        config: include_str!("../data/configs/moonshotai__Kimi-K2-Instruct.json"),
    },
    Preset {
        id: "gpt-oss-20b",
        name: "gpt-oss-20b (MoE)",
        hf_id: "openai/gpt-oss-20b",
        config: include_str!("../data/configs/openai__gpt-oss-20b.json"),
    },
    Preset {
        id: "gpt-oss-120b",
        name: "gpt-oss-120b (MoE)",
        hf_id: "openai/gpt-oss-120b",
        config: include_str!("../data/configs/openai__gpt-oss-120b.json"),
    },
    Preset {
        id: "chatglm2-6b",
        name: "ChatGLM2 6B",
        hf_id: "THUDM/chatglm2-6b",
        config: include_str!("../data/configs/THUDM__chatglm2-6b.json"),
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_ids_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for preset in PRESETS {
            assert!(seen.insert(preset.id), "duplicate id {}", preset.id);
            assert!(
                preset
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'),
                "{} is not kebab-case",
                preset.id
            );
        }
        assert!(PRESETS.len() >= 20);
    }

    #[test]
    fn find_returns_the_preset_or_nothing() {
        assert_eq!(
            find("llama-3.1-8b").map(|p| p.hf_id),
            Some("meta-llama/Llama-3.1-8B")
        );
        assert_eq!(find("no-such-model"), None);
    }
}
