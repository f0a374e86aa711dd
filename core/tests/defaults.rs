//! Each family's default configuration (`{"model_type": "…"}` and nothing else) gives
//! the model transformers builds from that config class's defaults.
//!
//! Each expected total is either a published parameter count of the checkpoint whose
//! shape the defaults reproduce, or the arithmetic over the tensor shapes the modeling
//! code creates, written out below so that it can be checked by hand.

use flopcast_core::config::parse_config;
use flopcast_core::params::count_params;

/// `(model_type, total, active, source)`.
const DEFAULTS: &[(&str, u64, u64, &str)] = &[
    ("gpt2", 124_439_808, 124_439_808, "openai-community/gpt2"),
    (
        "gpt_neox",
        20_554_567_680,
        20_554_567_680,
        "EleutherAI/gpt-neox-20b",
    ),
    ("gptj", GPTJ, GPTJ, "arithmetic below"),
    ("opt", 125_239_296, 125_239_296, "facebook/opt-125m"),
    ("bloom", BLOOM, BLOOM, "arithmetic below"),
    ("falcon", 6_921_720_704, 6_921_720_704, "tiiuae/falcon-7b"),
    (
        "llama",
        6_738_415_616,
        6_738_415_616,
        "meta-llama/Llama-2-7b-hf",
    ),
    (
        "mistral",
        7_241_732_096,
        7_241_732_096,
        "mistralai/Mistral-7B-v0.1",
    ),
    (
        "mixtral",
        46_702_792_704,
        12_879_925_248,
        "mistralai/Mixtral-8x7B-v0.1",
    ),
    ("qwen2", QWEN2, QWEN2, "arithmetic below"),
    (
        "qwen2_moe",
        14_315_784_192,
        QWEN2_MOE_ACTIVE,
        "Qwen/Qwen1.5-MoE-A2.7B",
    ),
    ("qwen3", QWEN3, QWEN3, "arithmetic below"),
    ("qwen3_moe", QWEN3_MOE, QWEN3_MOE_ACTIVE, "arithmetic below"),
    ("gemma", 8_537_680_896, 8_537_680_896, "google/gemma-7b"),
    ("gemma2", 2_614_341_888, 2_614_341_888, "google/gemma-2-2b"),
    ("gemma3_text", GEMMA3, GEMMA3, "arithmetic below"),
    ("phi", 1_418_270_720, 1_418_270_720, "microsoft/phi-1_5"),
    (
        "phi3",
        3_821_079_552,
        3_821_079_552,
        "microsoft/Phi-3-mini-4k-instruct",
    ),
    ("olmo", 6_888_095_744, 6_888_095_744, "allenai/OLMo-7B-hf"),
    ("olmo2", OLMO2, OLMO2, "arithmetic below"),
    (
        "starcoder2",
        3_030_371_328,
        3_030_371_328,
        "bigcode/starcoder2-3b",
    ),
    (
        "deepseek_v2",
        DEEPSEEK_V2,
        DEEPSEEK_V2_ACTIVE,
        "arithmetic below (top-6 assumed)",
    ),
    (
        "deepseek_v3",
        671_026_404_352,
        37_552_282_624,
        "deepseek-ai/DeepSeek-V3 (expected.json)",
    ),
    (
        "kimi_k2",
        671_026_404_352,
        37_552_282_624,
        "DeepseekV3Config defaults",
    ),
    (
        "gpt_oss",
        116_829_156_672,
        5_711_982_912,
        "openai/gpt-oss-120b (expected.json)",
    ),
    ("t5", 60_506_624, 60_506_624, "google-t5/t5-small"),
    (
        "bert",
        109_482_240,
        109_482_240,
        "google-bert/bert-base-uncased (BertModel)",
    ),
    ("mllama", MLLAMA, MLLAMA, "arithmetic below"),
    ("chatglm", CHATGLM, CHATGLM, "arithmetic below"),
];

/// GPTJConfig: 4096 wide, 28 layers, MLP 4·4096, vocabulary 50400, untied head with a
/// bias. Per layer: q, k, v, out without bias, fc_in and fc_out with bias, one LayerNorm.
const GPTJ: u64 = 2 * 50400 * 4096
    + 50400
    + 28 * (4 * 4096 * 4096 + 2 * 4096 * 16384 + 16384 + 4096 + 2 * 4096)
    + 2 * 4096;
/// BloomConfig: 64 wide, 2 layers, vocabulary 250880, tied, embedding LayerNorm.
const BLOOM: u64 = 250880 * 64
    + 2 * 64
    + 2 * (2 * 2 * 64 + (64 * 192 + 192) + (64 * 64 + 64) + (64 * 256 + 256) + (256 * 64 + 64))
    + 2 * 64;
/// Qwen2Config: 4096 wide, 32 layers, 32 heads (MHA), MLP 22016, vocabulary 151936,
/// untied; biases on q, k and v only.
const QWEN2: u64 = 2 * 151936 * 4096
    + 32 * (3 * (4096 * 4096 + 4096) + 4096 * 4096 + 3 * 4096 * 22016 + 2 * 4096)
    + 4096;
/// Qwen3Config: as Qwen2 without biases, head_dim 128, q/k norms of 128.
const QWEN3: u64 =
    2 * 151936 * 4096 + 32 * (4 * 4096 * 4096 + 2 * 128 + 3 * 4096 * 22016 + 2 * 4096) + 4096;
/// Qwen3MoeConfig: 2048 wide, 24 layers, 32 heads of 2048/32 = 64, 4 KV heads,
/// 128 experts of 768, top-8, all layers MoE.
const QWEN3_MOE_LAYER_DENSE_PART: u64 =
    2 * 2048 * 2048 + 2 * 2048 * 256 + 2 * 64 + 128 * 2048 + 2 * 2048;
const QWEN3_MOE_EXPERT: u64 = 3 * 2048 * 768;
const QWEN3_MOE: u64 =
    2 * 151936 * 2048 + 24 * (QWEN3_MOE_LAYER_DENSE_PART + 128 * QWEN3_MOE_EXPERT) + 2048;
const QWEN3_MOE_ACTIVE: u64 = QWEN3_MOE - 24 * 120 * QWEN3_MOE_EXPERT;
/// Qwen1.5-MoE-A2.7B: 60 experts of 1408, top-4, one shared expert of 5632.
const QWEN2_MOE_ACTIVE: u64 = 14_315_784_192 - 24 * 56 * 3 * 2048 * 1408;
/// Gemma3TextConfig: 2304 wide, 26 layers, 8 heads and 4 KV heads of 256, MLP 9216,
/// vocabulary 262208, tied, four norms per layer, q/k norms.
const GEMMA3: u64 = 262208 * 2304
    + 26 * (2 * 2304 * 2048 + 2 * 2304 * 1024 + 2 * 256 + 3 * 2304 * 9216 + 4 * 2304)
    + 2304;
/// Olmo2Config: OLMo-7B's shapes with RMSNorm after attention and MLP, and q/k norms
/// over all heads (4096 each).
const OLMO2: u64 = 6_888_095_744 + 32 * 4 * 4096 + 4096;
/// DeepseekV2Config: 4096 wide, 32 layers, 32 heads, MLA (q rank 1536, kv rank 512,
/// rope 64, nope 128, v 128), 64 experts of 1407 with 2 shared, every layer MoE,
/// vocabulary 102400, untied (transformers 5.24; PyTorch counts 38,612,307,968 for
/// this default, `family_checks/deepseek_v2.json`). Top-k is unset in the class; 6
/// is assumed.
const DSV2_ATTN: u64 =
    4096 * 1536 + 1536 + 1536 * 32 * 192 + 4096 * 576 + 512 + 512 * 32 * 256 + 32 * 128 * 4096;
const DSV2_EXPERT: u64 = 3 * 4096 * 1407;
const DEEPSEEK_V2: u64 = 2 * 102400 * 4096
    + 32 * (DSV2_ATTN + 64 * 4096 + 64 * DSV2_EXPERT + 3 * 4096 * 2 * 1407 + 2 * 4096)
    + 4096;
const DEEPSEEK_V2_ACTIVE: u64 = DEEPSEEK_V2 - 32 * 58 * DSV2_EXPERT;
/// MllamaTextConfig: Llama-3.1-8B's shapes over 40 layers, of which 8 are
/// cross-attention layers (q/k norms of 128, two scalar gates), 8 extra embedding rows.
const MLLAMA: u64 = 128264 * 4096
    + 128256 * 4096
    + 32 * (2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336 + 2 * 4096)
    + 8 * (2 * 4096 * 4096 + 2 * 4096 * 1024 + 2 * 128 + 2 + 3 * 4096 * 14336 + 2 * 4096)
    + 4096;
/// THUDM's ChatGLM2 config class: 4096 wide, 28 layers, 32 heads of 128 (no
/// multi-query by default), SwiGLU of 13696, padded vocabulary 65024, untied.
const CHATGLM: u64 =
    2 * 65024 * 4096 + 28 * (4096 * (3 * 4096) + 4096 * 4096 + 3 * 4096 * 13696 + 2 * 4096) + 4096;

#[test]
fn each_family_default_config_counts_what_transformers_builds() {
    let mut failures = Vec::new();
    for &(model_type, total, active, source) in DEFAULTS {
        let text = format!("{{\"model_type\": \"{model_type}\"}}");
        match parse_config(&text) {
            Err(e) => failures.push(format!("{model_type}: {e}")),
            Ok(parsed) => {
                let p = count_params(&parsed.spec);
                if p.total != total {
                    failures.push(format!(
                        "{model_type}: total {} != {total} ({source})",
                        p.total
                    ));
                }
                if p.active != active {
                    failures.push(format!(
                        "{model_type}: active {} != {active} ({source})",
                        p.active
                    ));
                }
                if parsed.assumptions.is_empty() {
                    failures.push(format!(
                        "{model_type}: no assumptions listed for a bare config"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_bare_llama_config_lists_the_llama_config_defaults_it_used() {
    let parsed = parse_config("{\"model_type\": \"llama\"}").unwrap();
    let texts: Vec<&str> = parsed.assumptions.iter().map(|a| a.text.as_str()).collect();
    for expected in [
        "`hidden_size` missing: used LlamaConfig's default, 4096",
        "`num_hidden_layers` missing: used LlamaConfig's default, 32",
        "`num_attention_heads` missing: used LlamaConfig's default, 32",
        "`num_key_value_heads` missing: LlamaConfig uses as many as `num_attention_heads` (32)",
        "`intermediate_size` missing: used LlamaConfig's default, 11008",
        "`vocab_size` missing: used LlamaConfig's default, 32000",
        "`tie_word_embeddings` missing: LlamaConfig's default is false",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(expected)),
            "missing {expected:?} in {texts:#?}"
        );
    }
}

#[test]
fn defaults_fill_only_what_is_missing() {
    let parsed = parse_config(
        "{\"model_type\": \"llama\", \"hidden_size\": 2048, \"num_hidden_layers\": 16, \
         \"num_key_value_heads\": 8, \"tie_word_embeddings\": true}",
    )
    .unwrap();
    let s = &parsed.spec;
    assert_eq!(
        (
            s.d_model(),
            s.n_layers(),
            s.n_heads(),
            s.n_kv_heads(),
            s.head_dim()
        ),
        (2048, 16, 32, 8, 64)
    );
    assert_eq!(s.d_ff(), 11008);
    assert_eq!(count_params(s).head, 0);
    assert!(!parsed
        .assumptions
        .iter()
        .any(|a| a.text.contains("`hidden_size`")));
}
