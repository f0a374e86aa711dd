//! Writes the link target's seed corpus, `seeds/link/`: real links made with
//! `link::encode` (presets, custom models from real configs, custom hardware,
//! a listed quote, an MFU band). Run from `fuzz/`:
//! `cargo +nightly run --example link_seeds`.

use flopcast_core::config::parse_config;
use flopcast_core::cost::MfuBand;
use flopcast_core::flops::{Convention, NBasis};
use flopcast_core::hardware::{prices_for, AcceleratorInUse, CustomAccelerator, Precision};
use flopcast_core::link::encode;
use flopcast_core::scenario::{ModelChoice, PriceChoice, Scenario};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("seeds/link");
    std::fs::create_dir_all(&out).expect("seeds/link");
    let configs = root.join("../core/data/configs");
    let custom = |name: &str| {
        let text = std::fs::read_to_string(configs.join(name)).expect("a fixture");
        ModelChoice::custom(parse_config(&text).expect("it parses").spec)
    };
    let quote = prices_for("h100-sxm5-80gb")
        .find(|p| p.superseded)
        .expect("a superseded H100 quote");
    let scenarios = [
        ("default", Scenario::default()),
        (
            "preset-band-listed",
            Scenario {
                model: ModelChoice::preset("mixtral-8x7b").expect("a preset").0,
                n_tokens: 1.234_567e12,
                seq_len: None,
                accelerator: AcceleratorInUse::from_catalog("h100-sxm5-80gb", Some(Precision::Fp8))
                    .expect("an H100"),
                n_accelerators: 777,
                mfu: MfuBand {
                    low: 0.3,
                    high: 0.523,
                },
                price: PriceChoice::Listed(quote),
                convention: Convention::SixN(NBasis::NonEmbedding),
                recompute: true,
                bytes_per_param: 18.5,
            },
        ),
        (
            "custom-accelerator",
            Scenario {
                model: ModelChoice::preset("gpt2").expect("a preset").0,
                accelerator: AcceleratorInUse::Custom(CustomAccelerator {
                    peak_flops_per_s: 1.23e15,
                    memory_bytes: Some(96_000_000_000),
                }),
                price: PriceChoice::Custom(3.33),
                convention: Convention::Causal,
                ..Scenario::default()
            },
        ),
        (
            "spec-deepseek-v3",
            Scenario {
                model: custom("deepseek-ai__DeepSeek-V3.json"),
                convention: Convention::Kaplan,
                ..Scenario::default()
            },
        ),
        (
            "spec-t5",
            Scenario {
                model: custom("google-t5__t5-base.json"),
                convention: Convention::Dense,
                ..Scenario::default()
            },
        ),
        (
            "spec-gpt-oss",
            Scenario {
                model: custom("openai__gpt-oss-20b.json"),
                ..Scenario::default()
            },
        ),
        (
            "spec-mllama",
            Scenario {
                model: custom("meta-llama__Llama-3.2-90B-Vision-Instruct.json"),
                ..Scenario::default()
            },
        ),
    ];
    for (name, scenario) in scenarios {
        std::fs::write(out.join(name), encode(&scenario)).expect("writable");
    }
}
