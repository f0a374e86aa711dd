//! The memory breakdown's terms checked on their own, against figures derived
//! by hand from the exact parameter counts.

use flopcast_core::config::parse_config;
use flopcast_core::estimate::estimate;
use flopcast_core::hardware::AcceleratorInUse;
use flopcast_core::memory::activations::{AttnKernel, Kernels, Recompute};
use flopcast_core::memory::breakdown::MemorySettings;
use flopcast_core::memory::layout::{GlobalBatch, Layout, Zero};
use flopcast_core::params::count_params;
use flopcast_core::scenario::{ModelChoice, Scenario};
use serde_json::Value;

/// ZeRO-3 (FSDP) holds 1/DP of the weights plus two whole layers gathered (the
/// one computing and the one prefetched), and the layer it must make room for
/// is the largest one. In DeepSeek-V3 that is a MoE layer with its 256 experts
/// (about 11.9B parameters), not one of the three dense layers before them.
#[test]
fn zero3_makes_room_for_two_copies_of_the_largest_layer() {
    let model = ModelChoice::preset("deepseek-v3").expect("preset").0;
    let counts = count_params(&model.spec);
    let sizes: Vec<u64> = counts.layers.iter().map(|l| l.per_layer.total()).collect();
    let largest = *sizes.iter().max().expect("layers");
    let smallest = *sizes.iter().min().expect("layers");
    assert!(largest > 10 * smallest, "{largest} vs {smallest}");
    let weights = |zero| {
        let s = Scenario {
            model: model.clone(),
            seq_len: Some(4096),
            accelerator: AcceleratorInUse::from_catalog("h100-sxm5-80gb", None).expect("H100"),
            n_accelerators: 2048,
            layout: Layout {
                zero,
                ..Layout::default()
            },
            auto_layout: false,
            global_batch: GlobalBatch::Tokens(2048 * 4096),
            ..Scenario::default()
        };
        let e = estimate(&s);
        let b = e.layout.as_ref().expect("a layout");
        assert_eq!(b.plan.dp, 2048);
        b.per_accelerator.weights
    };
    let whole = weights(Zero::Optimizer);
    let fsdp = weights(Zero::Weights);
    let bytes_per_param = whole / counts.total as f64;
    let gathered = (fsdp - whole / 2048.0) / bytes_per_param;
    assert!(
        (gathered - 2.0 * largest as f64).abs() < 1.0,
        "ZeRO-3 gathers {gathered} parameters; two of the largest layer are {}",
        2 * largest
    );
}

/// The layouts the pins cover: every parallelism, ZeRO stage, recomputation,
/// attention kernel and kernel kind at least once. `(name, accelerators,
/// layout, kernels)`.
fn pinned_layouts() -> Vec<(&'static str, u64, Layout, Kernels)> {
    vec![
        ("dp8", 8, Layout::default(), Kernels::Fused),
        (
            "tp2_sp_eager_nozero",
            4,
            Layout {
                tp: 2,
                sequence_parallel: true,
                zero: Zero::Off,
                attention: AttnKernel::Eager,
                ..Layout::default()
            },
            Kernels::Eager,
        ),
        (
            "tp2_pp2_full_zero3_mb2",
            8,
            Layout {
                tp: 2,
                pp: 2,
                micro_batch: 2,
                sequence_parallel: true,
                zero: Zero::Weights,
                recompute: Recompute::Full,
                ..Layout::default()
            },
            Kernels::Fused,
        ),
        (
            "pp4_v2_mb1_sdpa",
            4,
            Layout {
                pp: 4,
                interleave: 2,
                ..Layout::default()
            },
            Kernels::Fused,
        ),
        (
            "pp2_cp2_selective_zero2",
            16,
            Layout {
                pp: 2,
                cp: 2,
                zero: Zero::Gradients,
                recompute: Recompute::Selective,
                ..Layout::default()
            },
            Kernels::Eager,
        ),
        // Experts over 4 ranks (refused for dense models).
        (
            "ep4_tp2_zero3",
            16,
            Layout {
                tp: 2,
                ep: 4,
                zero: Zero::Weights,
                ..Layout::default()
            },
            Kernels::Fused,
        ),
    ]
}

/// `model` on `n` H100s laid out as `layout`, at 512 tokens a sequence and a
/// global batch of 32,768 tokens: the scenario of [`pinned_layouts`].
fn pinned_scenario(model: ModelChoice, n: u64, layout: Layout, kernels: Kernels) -> Scenario {
    Scenario {
        model,
        seq_len: Some(512),
        accelerator: AcceleratorInUse::from_catalog("h100-sxm5-80gb", None).expect("H100"),
        n_accelerators: n,
        layout,
        auto_layout: false,
        global_batch: GlobalBatch::Tokens(64 * 512),
        memory: MemorySettings {
            kernels,
            ..MemorySettings::default()
        },
        ..Scenario::default()
    }
}

/// Every figure of the memory breakdown, pinned (`super::pins`) for the
/// activation fixture's models (every kind of token mixer) and presets of each
/// kind (dense, MoE, MLA, hybrid, encoder, encoder-decoder, vision, state
/// space) and four families' defaults with parallel blocks, under each of
/// [`pinned_layouts`]. Megatron's
/// formulas (`megatron.rs`) and PyTorch's saved tensors (`activations.rs`)
/// check the terms they measure; this catches a change to any other.
#[test]
fn every_memory_figure_is_pinned() {
    let mut models: Vec<(String, ModelChoice)> = Vec::new();
    // Each model of the activation fixture once (it has eager and SDPA cases).
    for (name, spec) in super::activations::specs() {
        if !models.iter().any(|(n, _)| *n == name) {
            models.push((name, ModelChoice::custom(spec)));
        }
    }
    for id in [
        "llama-3.1-8b",
        "mixtral-8x7b",
        "deepseek-v3",
        "jamba-1.5-mini",
        "qwen3-next-80b-a3b",
        "gpt2",
        "bert-base",
        "t5-base",
        "mamba-2.8b",
        "llama-3.2-90b-vision",
        "gpt-oss-20b",
        "chatglm2-6b",
    ] {
        models.push((id.to_string(), ModelChoice::preset(id).expect("preset").0));
    }
    // Parallel blocks (attention beside the MLP), which no preset above has,
    // and query/key norms over all heads (OLMo 2) or on the keys only
    // (DeepSeek-V4).
    let defaults = super::family_checks::default_cases();
    for family in ["cohere", "gptj", "falcon", "phi", "olmo2", "deepseek_v4"] {
        let case = defaults
            .iter()
            .find(|c| c["model_type"] == family)
            .expect("a default case");
        let spec = parse_config(&case["config"].to_string())
            .expect("parses")
            .spec;
        models.push((format!("{family} (default)"), ModelChoice::custom(spec)));
    }
    let mut now = serde_json::Map::new();
    for (name, model) in &models {
        for (layout_name, n, layout, kernels) in pinned_layouts() {
            let s = pinned_scenario(model.clone(), n, layout, kernels);
            let figures = match &estimate(&s).layout {
                Ok(b) => serde_json::json!({
                    "plan": b.plan,
                    "stage": b.stage,
                    "stage_layers": b.stage_layers,
                    "in_flight": b.in_flight,
                    "params_held": b.params_held,
                    "per_accelerator": b.per_accelerator,
                    "lines": b.lines.iter().map(|l| (l.key, l.bytes)).collect::<Vec<_>>(),
                    "fits": b.fits,
                    "cache": b.cache,
                }),
                Err(e) => Value::String(format!("refused: {e}")),
            };
            now.insert(format!("{name} / {layout_name}"), figures);
        }
    }
    super::pins::check(
        "memory",
        "Per model and layout (core/tests/memory.rs): the memory breakdown's figures on H100s \
         at 512 tokens a sequence and a global batch of 32,768 tokens.",
        now,
    );
}

/// A paper's global batch is offered only for the unedited preset it was
/// published for (Llama 3.1 405B: 16M tokens, its final value).
#[test]
fn the_published_global_batch_belongs_to_the_unedited_preset() {
    let preset = |id| Scenario {
        model: ModelChoice::preset(id).expect("preset").0,
        ..Scenario::default()
    };
    assert_eq!(
        preset("llama-3.1-405b").published_global_batch(),
        Some(16 << 20)
    );
    assert_eq!(preset("qwen3-8b").published_global_batch(), None);
    // Llama 2's 4M tokens (Touvron et al. 2023, §2.2) and GPT-3's 3.2M
    // (Brown et al. 2020, Table 2.1).
    assert_eq!(preset("llama-2-7b").published_global_batch(), Some(4 << 20));
    let gpt3 = flopcast_core::memory::layout::published_global_batch("gpt3-175b");
    assert_eq!(gpt3.map(|b| b.tokens), Some(3_200_000));
    let custom = Scenario {
        model: ModelChoice::custom(
            ModelChoice::preset("llama-3.1-405b")
                .expect("preset")
                .0
                .spec,
        ),
        ..Scenario::default()
    };
    assert_eq!(custom.published_global_batch(), None);
}

/// An old link's single bytes-per-parameter figure becomes a table with that
/// total, whatever the figure.
#[test]
fn an_old_links_bytes_figure_keeps_its_total() {
    use flopcast_core::memory::BytesPerParam;
    for total in [0.5, 2.0, 3.0, 4.0, 6.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0] {
        let b = BytesPerParam::from_total(total);
        assert_eq!(b.weights + b.gradients + b.optimizer, total, "{total}");
        assert!(
            b.weights > 0.0 && b.gradients > 0.0 && b.optimizer >= 0.0,
            "{b:?}"
        );
    }
}

/// What the fit says: short of the smallest fitting count, "needs ≥ N";
/// at a count where other layouts fit but the chosen one does not, that.
#[test]
fn the_fit_text_tells_a_short_count_from_a_wrong_layout() {
    use flopcast_core::memory::MemoryFit;
    let fit = |min_accelerators, n_accelerators| MemoryFit {
        training_state_bytes: 1e12,
        bytes_per_accelerator: 1e11,
        min_accelerators,
        fits: false,
        layout: Some(Layout::default()),
        dp: n_accelerators,
        n_accelerators,
    };
    assert_eq!(fit(16, 8).text(), "needs ≥ 16");
    let wrong_layout = fit(4, 8).text();
    assert!(
        wrong_layout.starts_with("over with ") && wrong_layout.contains("from 4 accelerators"),
        "{wrong_layout}"
    );
}

/// The layout search, pinned (`super::pins`): for dense, MoE, MLA and hybrid
/// presets, with and without expert parallelism, the fewest H100s on which
/// some layout fits and the three best layouts on 256 of them, each with its
/// bytes. `search.rs`'s own tests check the rules (no layout fits on one
/// fewer, each row's reason); this catches a change to any figure.
#[test]
fn the_layout_search_is_pinned() {
    use flopcast_core::memory::breakdown::MemoryModel;
    use flopcast_core::memory::search::{
        candidates, fitting_layouts, min_accelerators, SearchInputs,
    };
    const H100: u64 = 80_000_000_000;
    let mut now = serde_json::Map::new();
    for id in [
        "llama-3.1-8b",
        "llama-3.1-70b",
        "mixtral-8x7b",
        "deepseek-v3",
        "jamba-1.5-mini",
        "qwen3-next-80b-a3b",
        "gpt-oss-120b",
    ] {
        let spec = ModelChoice::preset(id).expect("preset").0.spec;
        let model = MemoryModel::new(&spec, &count_params(&spec), 8192, MemorySettings::default());
        for (name, base) in [
            ("default", Layout::default()),
            (
                "ep8_selective",
                Layout {
                    ep: 8,
                    recompute: Recompute::Selective,
                    ..Layout::default()
                },
            ),
        ] {
            let inputs = SearchInputs {
                spec: &spec,
                model: &model,
                base: &base,
                seq_len: 8192,
                batch: GlobalBatch::Auto,
                published_batch: None,
            };
            let row = |r: &flopcast_core::memory::search::LayoutRow| {
                serde_json::json!({
                    "n": r.plan.layout.model_parallel() * r.plan.dp,
                    "text": r.text,
                    "total_bytes": r.total_bytes,
                    "fits": r.fits,
                })
            };
            let min = min_accelerators(&inputs, &candidates(&inputs), H100);
            let best: Vec<Value> = fitting_layouts(&inputs, 256, Some(H100))
                .iter()
                .take(3)
                .map(row)
                .collect();
            now.insert(
                format!("{id} / {name}"),
                serde_json::json!({ "min": min.as_ref().map(row), "best_on_256": best }),
            );
        }
    }
    super::pins::check(
        "search",
        "The layout search on H100s at 8,192 tokens (core/tests/memory.rs): the fewest \
         accelerators on which a layout fits, and the three best layouts on 256.",
        now,
    );
}

/// The page's yes/no recomputation box: yes is full recomputation, no is none.
#[test]
fn the_recompute_box_means_full_or_none() {
    assert_eq!(Recompute::full(true), Recompute::Full);
    assert_eq!(Recompute::full(false), Recompute::None);
}

/// A run that does not fit is never told how few accelerators "fit".
#[test]
fn a_summary_claims_the_fewest_only_when_it_fits() {
    use flopcast_core::memory::MemoryFit;
    let over = MemoryFit {
        training_state_bytes: 1e12,
        bytes_per_accelerator: 1e11,
        min_accelerators: 4,
        fits: false,
        layout: Some(Layout::default()),
        dp: 8,
        n_accelerators: 8,
    };
    assert!(
        !over.summary().contains("the fewest that fit"),
        "{}",
        over.summary()
    );
    // Without a layout that fits anywhere, the summary is the state and the
    // shortfall alone.
    let nowhere = MemoryFit {
        layout: None,
        ..over
    };
    assert_eq!(
        nowhere.summary(),
        format!("1 TB of training state: {}.", nowhere.text()),
    );
    let fits = MemoryFit { fits: true, ..over };
    assert!(
        fits.summary()
            .contains("4 accelerators are the fewest that fit"),
        "{}",
        fits.summary()
    );
}

/// The search ranks layouts by `total_bytes`, the page shows `breakdown`: for
/// every pinned layout they give the same bytes, the heavier of the first and
/// the last pipeline stage (the last holds the head, the logits and, tied, a
/// second copy of the embedding).
#[test]
fn the_search_and_the_breakdown_agree_on_the_most_loaded_stage() {
    use flopcast_core::memory::breakdown::MemoryModel;
    use flopcast_core::memory::layout::check;
    let mut last_heavier = 0;
    for id in [
        "llama-3.1-8b",
        "gpt2",
        "mixtral-8x7b",
        "deepseek-v3",
        "t5-base",
    ] {
        let spec = ModelChoice::preset(id).expect("preset").0.spec;
        let params = count_params(&spec);
        for (layout_name, n, layout, kernels) in pinned_layouts() {
            let Ok(plan) = check(&spec, &layout, n, 512, GlobalBatch::Tokens(64 * 512), None)
            else {
                continue;
            };
            let settings = MemorySettings {
                kernels,
                ..MemorySettings::default()
            };
            let model = MemoryModel::new(&spec, &params, 512, settings);
            let shown = model.breakdown(&plan, None);
            let ranked = model.total_bytes(&plan);
            assert!(
                (ranked - shown.per_accelerator.total).abs() <= 1e-9 * ranked,
                "{id} / {layout_name}: the search {ranked}, the breakdown {}",
                shown.per_accelerator.total
            );
            last_heavier += usize::from(format!("{:?}", shown.stage) == "Last");
        }
    }
    assert!(last_heavier > 0, "no layout has its last stage heaviest");
}

/// ZeRO shards over every data-parallel copy, DP · CP of them, and the
/// breakdown says by how many: 16 accelerators at PP 2 and CP 2 are 4 · 2.
#[test]
fn zero_divides_by_dp_times_cp_and_says_so() {
    let (_, n, layout, kernels) = pinned_layouts()
        .into_iter()
        .find(|(name, ..)| *name == "pp2_cp2_selective_zero2")
        .expect("the pinned layout");
    let s = pinned_scenario(Scenario::default().model, n, layout, kernels);
    let b = estimate(&s).layout.expect("the layout fits the checks");
    assert_eq!((b.plan.dp, b.plan.layout.cp), (4, 2));
    let gradients = b
        .lines
        .iter()
        .find(|l| l.key == "gradients")
        .expect("a gradients line");
    assert!(
        gradients.detail.contains("÷ 8 (ZeRO 2 over DP · CP)"),
        "{}",
        gradients.detail
    );
}
