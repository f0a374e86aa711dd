//! Robustness: no input breaks the core, and every valid input gives figures that
//! mean something.
//!
//! Property tests over random valid models (manual dimensions, presets) and random
//! scenarios, over real configs and real links with random damage, and over what
//! the form fields accept. The regression tests at the end pin what fuzzing and
//! these properties found (see `fuzz/README.md`).
//!
//! Invariants already covered elsewhere are not repeated: FLOP counts of generated
//! dimensions (`properties.rs`), time and cost formulas (`cost_properties.rs`),
//! default-model link round trips (`link.rs`), quantity round trips on
//! `[1, 1e17)` (`format.rs`).

use std::sync::OnceLock;

use crate::close;
use flopcast_core::config::{from_dims, parse_config};
use flopcast_core::cost::MfuBand;
use flopcast_core::energy::{EnergySettings, Grid, PowerFactor, GRID_REGIONS};
use flopcast_core::estimate::{estimate, table_by_accelerator, table_by_count, Estimate};
use flopcast_core::fields;
use flopcast_core::flops::Convention;
use flopcast_core::format::{count, flops, parse_quantity, MAX_QUANTITY};
use flopcast_core::hardware::{
    prices_for, AcceleratorInUse, CustomAccelerator, Precision, CATALOG,
};
use flopcast_core::link::{decode, encode, LinkError, MAX_FRAGMENT_BYTES, MAX_SPEC_CHARS};
use flopcast_core::memory::activations::{AttnKernel, Kernels, Recompute};
use flopcast_core::memory::breakdown::MemorySettings;
use flopcast_core::memory::layout::{GlobalBatch, Layout, Zero};
use flopcast_core::memory::BytesPerParam;
use flopcast_core::model::{Dims, DimsMoe, NormKind};
use flopcast_core::params::validate;
use flopcast_core::presets::PRESETS;
use flopcast_core::scenario::{
    ModelChoice, PriceChoice, Scenario, TableSorts, TokenSource, TypedPrice,
};
use flopcast_core::tables::{Sort, SortKey};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// The page's opening scenario, built once (it parses a preset config).
fn default_scenario() -> Scenario {
    static DEFAULT: OnceLock<Scenario> = OnceLock::new();
    DEFAULT.get_or_init(Scenario::default).clone()
}

/// Every preset, parsed once.
fn preset_models() -> &'static [ModelChoice] {
    static MODELS: OnceLock<Vec<ModelChoice>> = OnceLock::new();
    MODELS.get_or_init(|| {
        PRESETS
            .iter()
            .map(|p| ModelChoice::preset(p.id).expect("presets parse").0)
            .collect()
    })
}

/// `(file name, text)` of every fixture config, read once.
fn fixture_texts() -> &'static [(String, String)] {
    static TEXTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/configs");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("configs folder") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) == Some("json") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                out.push((name, std::fs::read_to_string(&path).expect("readable")));
            }
        }
        out.sort();
        out
    })
}

// ---------------------------------------------------------------------------
// What must hold for anything that got past a boundary.

fn finite_positive(what: &str, x: f64) -> Result<(), TestCaseError> {
    prop_assert!(x.is_finite() && x > 0.0, "{} = {}", what, x);
    Ok(())
}

/// Every figure of an estimate is finite and positive, or an explicit `None`.
fn check_estimate(e: &Estimate) -> Result<(), TestCaseError> {
    prop_assert!(e.params.total > 0 && e.params.active > 0);
    prop_assert!(e.params.active <= e.params.total);
    prop_assert!(e.seq_len >= 1);
    finite_positive("chosen forward", e.breakdown.total)?;
    finite_positive("kaplan forward", e.kaplan.total)?;
    for c in &e.conventions {
        finite_positive("forward per token", c.forward_per_token)?;
        finite_positive("training per token", c.training_per_token)?;
        finite_positive("training flops", c.training_flops)?;
        prop_assert!(c.vs_chosen.is_finite());
    }
    let t = &e.training;
    finite_positive("model flops", t.model_flops)?;
    finite_positive("hardware flops", t.hardware_flops)?;
    prop_assert!(t.hardware_flops >= t.model_flops);
    finite_positive("tokens per parameter", t.tokens_per_param)?;
    finite_positive("Chinchilla tokens", t.chinchilla_tokens)?;
    finite_positive("PF-days", t.landmarks.pf_days)?;
    finite_positive("GPT-3 multiple", t.landmarks.gpt3_multiple)?;
    finite_positive("peak", e.hardware.peak_flops_per_s)?;
    if let Some(price) = e.hardware.price {
        finite_positive("price", price.usd_per_accelerator_hour())?;
    }
    for tc in [e.time_cost.at_low_mfu, e.time_cost.at_high_mfu] {
        finite_positive("wall seconds", tc.wall_seconds)?;
        finite_positive("accelerator-hours", tc.accelerator_hours)?;
        prop_assert_eq!(tc.cost_usd.is_some(), e.hardware.price.is_some());
        if let Some(cost) = tc.cost_usd {
            finite_positive("cost", cost)?;
        }
    }
    if let Some(m) = &e.memory {
        finite_positive("training state", m.training_state_bytes)?;
        if m.layout.is_some() {
            finite_positive("bytes per accelerator", m.bytes_per_accelerator)?;
        }
        prop_assert!(m.min_accelerators >= 1);
        prop_assert!(!m.text().is_empty());
    }
    let energy = &e.energy;
    prop_assert_eq!(energy.kwh.is_some(), energy.board_power.is_some());
    if let Some((low, high)) = energy.kwh {
        finite_positive("energy, low end", low)?;
        finite_positive("energy, high end", high)?;
        prop_assert!(low <= high);
    }
    for (low, high) in energy.tco2e.into_iter().chain(energy.location_tco2e) {
        prop_assert!(low.is_finite() && high.is_finite() && 0.0 <= low && low <= high);
    }
    if let Ok(b) = &e.layout {
        let p = b.per_accelerator;
        for (what, x) in [
            ("weights", p.weights),
            ("gradients", p.gradients),
            ("optimizer", p.optimizer),
            ("activations", p.activations),
            ("logits", p.logits),
            ("overhead", p.overhead),
        ] {
            prop_assert!(x.is_finite() && x >= 0.0, "{} = {}", what, x);
        }
        finite_positive("memory per accelerator", p.total)?;
        prop_assert!((0.0..=1e9).contains(&b.plan.bubble_fraction));
    }
    finite_positive("time factor", e.time.factor)?;
    finite_positive("compute seconds", e.time.compute_seconds)?;
    for w in [
        &e.formulas.training_flops,
        &e.formulas.time,
        &e.formulas.accelerator_hours,
    ] {
        finite_positive(&w.formula, w.value)?;
    }
    Ok(())
}

/// The estimate and both tables of a scenario.
fn check_scenario(s: &Scenario) -> Result<Estimate, TestCaseError> {
    let e = estimate(s);
    check_estimate(&e)?;
    for row in table_by_accelerator(s, &e)
        .rows
        .iter()
        .chain(&table_by_count(s, &e).rows)
    {
        finite_positive("table time", row.wall_seconds())?;
    }
    Ok(e)
}

/// A scenario's link gives it back exactly, with no notice.
fn check_round_trip(s: &Scenario) -> Result<(), TestCaseError> {
    let fragment = encode(s);
    let back = decode(&fragment);
    prop_assert_eq!(back.notices, vec![], "{}", fragment);
    prop_assert_eq!(&back.scenario, s, "{}", fragment);
    Ok(())
}

/// What `parse_config` accepted: a valid spec that counts, estimates and travels.
fn check_parsed(text: &str) -> Result<(), TestCaseError> {
    let Ok(parsed) = parse_config(text) else {
        return Ok(());
    };
    prop_assert!(validate(&parsed.spec).is_ok());
    let scenario = Scenario {
        model: ModelChoice::custom(parsed.spec),
        ..default_scenario()
    };
    check_scenario(&scenario)?;
    check_round_trip(&scenario)
}

// ---------------------------------------------------------------------------
// Generators.

/// Log-uniform in `[lo, hi]`: every order of magnitude is as likely.
fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    (lo.log10()..=hi.log10()).prop_map(move |e| 10f64.powf(e).clamp(lo, hi))
}

prop_compose! {
    fn dims_moe()(n_experts in 1u64..=256, pick in any::<u64>(), n_shared in 0u64..4) -> DimsMoe {
        DimsMoe { n_experts, top_k: 1 + pick % n_experts, n_shared }
    }
}

prop_compose! {
    /// Valid manual dimensions: heads a whole multiple of key/value heads, and
    /// either a width the heads divide or an explicit head width.
    fn dims()(
        n_layers in 1u64..=2_000,
        n_kv_heads in 1u64..=16,
        group in 1u64..=16,
        head_dim in 1u64..=256,
        explicit_head_dim in proptest::option::of(1u64..=8_192),
        d_ff in 1u64..=65_536,
        vocab_size in 1u64..=300_000,
        context_len in 1u64..=(1 << 20),
        gated_mlp: bool,
        tied_embeddings: bool,
        biases: bool,
        learned_positions: bool,
        norm in prop::sample::select(vec![
            NormKind::Rms, NormKind::LayerNorm, NormKind::LayerNormNoBias, NormKind::NonParametric,
        ]),
        parallel: bool,
        moe in proptest::option::of(dims_moe()),
    ) -> Dims {
        let n_heads = n_kv_heads * group;
        Dims {
            n_layers,
            // with an explicit head width, the residual width is free
            d_model: explicit_head_dim.map_or(n_heads * head_dim, |_| head_dim * 7 + 1),
            n_heads,
            n_kv_heads: Some(n_kv_heads),
            head_dim: explicit_head_dim.map(|_| head_dim),
            d_ff,
            vocab_size,
            context_len,
            gated_mlp,
            tied_embeddings,
            biases,
            learned_positions,
            norm,
            parallel,
            moe,
        }
    }
}

/// A model: a preset, or a custom model from random dimensions.
fn model() -> impl Strategy<Value = ModelChoice> {
    prop_oneof![
        (0..PRESETS.len()).prop_map(|i| preset_models()[i].clone()),
        dims().prop_map(|d| ModelChoice::custom(
            from_dims(&d).expect("the generator makes valid dimensions")
        )),
    ]
}

/// An accelerator: a catalog row at one of its precisions, or a custom one.
fn accelerator() -> impl Strategy<Value = AcceleratorInUse> {
    prop_oneof![
        (0..CATALOG.len(), 0..Precision::ALL.len()).prop_map(|(a, p)| {
            let row = &CATALOG[a];
            let supported: Vec<Precision> = Precision::ALL
                .into_iter()
                .filter(|&p| row.supports(p))
                .collect();
            AcceleratorInUse::from_catalog(row.id, Some(supported[p % supported.len()]))
                .expect("a supported precision")
        }),
        (
            log_uniform(fields::MIN_PEAK_FLOPS_PER_S, fields::MAX_PEAK_FLOPS_PER_S),
            proptest::option::of(1u64..=u64::MAX),
        )
            .prop_map(|(peak_flops_per_s, memory_bytes)| {
                AcceleratorInUse::Custom(CustomAccelerator {
                    peak_flops_per_s,
                    memory_bytes,
                })
            }),
    ]
}

/// A price choice that makes sense on `accelerator`.
fn price(accelerator: AcceleratorInUse) -> impl Strategy<Value = PriceChoice> {
    let quotes: Vec<_> = prices_for(accelerator.id()).collect();
    let listed = if quotes.is_empty() {
        Just(PriceChoice::Default).boxed()
    } else {
        prop::sample::select(quotes)
            .prop_map(PriceChoice::Listed)
            .boxed()
    };
    prop_oneof![
        Just(PriceChoice::Default),
        listed,
        log_uniform(1e-6, fields::MAX_PRICE_USD).prop_map(move |usd_per_accelerator_hour| {
            PriceChoice::Custom(TypedPrice {
                usd_per_accelerator_hour,
                accelerator_id: accelerator.id(),
            })
        }),
    ]
}

prop_compose! {
    fn mfu_band()(a in log_uniform(fields::MIN_MFU, 1.0), b in log_uniform(fields::MIN_MFU, 1.0), point: bool) -> MfuBand {
        if point { MfuBand::point(a) } else { MfuBand { low: a, high: b }.ordered() }
    }
}

prop_compose! {
    fn hardware()(accelerator in accelerator())(
        price in price(accelerator),
        accelerator in Just(accelerator),
    ) -> (AcceleratorInUse, PriceChoice) {
        (accelerator, price)
    }
}

/// A sort of one table, or none.
fn table_sort() -> impl Strategy<Value = Option<Sort>> {
    proptest::option::of(
        (prop::sample::select(SortKey::ALL.to_vec()), any::<bool>())
            .prop_map(|(key, descending)| Sort { key, descending }),
    )
}

prop_compose! {
    fn table_sorts()(by_accelerator in table_sort(), by_count in table_sort()) -> TableSorts {
        TableSorts { by_accelerator, by_count }
    }
}

/// Valid energy settings: every field within what the form and the link accept.
fn energy_settings() -> impl Strategy<Value = EnergySettings> {
    let power = prop_oneof![
        Just(PowerFactor::Tdp),
        Just(PowerFactor::MeasuredAverage),
        (0.01..=2.0f64).prop_map(PowerFactor::Custom),
    ];
    let grid = prop_oneof![
        prop::sample::select(GRID_REGIONS.iter().collect::<Vec<_>>()).prop_map(Grid::Region),
        (0.0..=2.0f64).prop_map(Grid::Custom),
    ];
    (1.0..=3.0f64, power, grid, any::<bool>()).prop_map(|(pue, power, grid, market_based)| {
        EnergySettings {
            pue,
            power,
            grid,
            market_based,
        }
    })
}

prop_compose! {
    /// A valid scenario: every field within what the form and the link accept.
    fn scenario()(
        model in model(),
        n_tokens in log_uniform(fields::MIN_TOKENS, fields::MAX_TOKENS),
        seq_len in proptest::option::of(1u64..=fields::MAX_SEQ_LEN),
        (accelerator, price) in hardware(),
        n_accelerators in 1u64..=fields::MAX_ACCELERATORS,
        mfu in mfu_band(),
        convention in prop::sample::select(Convention::ALL.to_vec()),
        bytes_per_param in fields::MIN_BYTES_PER_PARAM..=fields::MAX_BYTES_PER_PARAM,
        sorts in table_sorts(),
        energy in energy_settings(),
        layout in layout(),
        auto_layout: bool,
        batch in proptest::option::of(1u64..(1u64 << 45)),
        goodput in 0.01f64..=1.0,
        mfu_includes_bubble: bool,
        eager: bool,
    ) -> Scenario {
        Scenario {
            model,
            n_tokens,
            tokens_source: TokenSource::Typed,
            seq_len,
            accelerator,
            n_accelerators,
            mfu,
            price,
            convention,
            layout,
            auto_layout,
            global_batch: batch.map_or(GlobalBatch::Auto, GlobalBatch::Tokens),
            memory: MemorySettings {
                state: BytesPerParam::from_total(bytes_per_param),
                kernels: if eager { Kernels::Eager } else { Kernels::Fused },
                ..MemorySettings::default()
            },
            goodput,
            mfu_includes_bubble,
            sorts,
            energy,
        }
    }
}

prop_compose! {
    /// Any layout the link accepts the degrees of (most will not fit the
    /// model or the count: the estimate must say so, not panic).
    fn layout()(
        tp in 1u64..=64,
        pp in 1u64..=128,
        cp in 1u64..=8,
        ep in 1u64..=16,
        zero in 0u64..4,
        micro_batch in 1u64..=16,
        interleave in 1u64..=4,
        sequence_parallel: bool,
        recompute in 0usize..3,
        attention: bool,
    ) -> Layout {
        Layout {
            tp,
            pp,
            cp,
            ep,
            zero: Zero::from_stage(zero).unwrap_or_default(),
            micro_batch,
            interleave,
            sequence_parallel,
            recompute: Recompute::ALL[recompute],
            attention: if attention { AttnKernel::Eager } else { AttnKernel::Sdpa },
        }
    }
}

// ---------------------------------------------------------------------------
// Properties of valid scenarios.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_figure_of_an_estimate_is_finite_and_positive(s in scenario()) {
        check_scenario(&s)?;
    }

    #[test]
    fn more_accelerators_take_less_time_and_the_same_accelerator_hours(
        s in scenario(),
        extra in 1u64..1_000_000,
    ) {
        // With an MFU that includes the pipeline bubble (the default); one that
        // does not adds the bubble of whatever layout each count gets.
        let s = Scenario { mfu_includes_bubble: true, ..s };
        let fewer = estimate(&s);
        let more = estimate(&Scenario {
            n_accelerators: (s.n_accelerators + extra).min(fields::MAX_ACCELERATORS),
            ..s.clone()
        });
        prop_assume!(s.n_accelerators < fields::MAX_ACCELERATORS);
        for (few, many) in [
            (fewer.time_cost.at_low_mfu, more.time_cost.at_low_mfu),
            (fewer.time_cost.at_high_mfu, more.time_cost.at_high_mfu),
        ] {
            prop_assert!(many.wall_seconds < few.wall_seconds);
            prop_assert!(close(many.accelerator_hours, few.accelerator_hours, 1e-12));
            prop_assert!(close(many.cost_usd.unwrap_or(1.0), few.cost_usd.unwrap_or(1.0), 1e-12));
        }
    }

    #[test]
    fn cost_is_linear_in_the_price(s in scenario(), usd in log_uniform(1e-3, 1e3), factor in log_uniform(1e-3, 1e3)) {
        let typed = |usd_per_accelerator_hour| PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour,
            accelerator_id: s.accelerator.id(),
        });
        let at = |usd: f64| estimate(&Scenario { price: typed(usd), ..s.clone() });
        let (base, scaled) = (at(usd), at(usd * factor));
        for (b, x) in [
            (base.time_cost.at_low_mfu, scaled.time_cost.at_low_mfu),
            (base.time_cost.at_high_mfu, scaled.time_cost.at_high_mfu),
        ] {
            let (b_cost, x_cost) = (b.cost_usd.expect("priced"), x.cost_usd.expect("priced"));
            prop_assert!(close(x_cost, b_cost * factor, 1e-12), "{} vs {} × {}", x_cost, b_cost, factor);
            prop_assert_eq!(x.wall_seconds, b.wall_seconds);
        }
    }

    #[test]
    fn twice_the_tokens_give_twice_the_flops_time_and_cost(s in scenario()) {
        let s = Scenario { n_tokens: s.n_tokens.min(fields::MAX_TOKENS / 2.0), ..s };
        let once = estimate(&s);
        let twice = estimate(&Scenario { n_tokens: 2.0 * s.n_tokens, ..s.clone() });
        prop_assert!(close(twice.training.model_flops, 2.0 * once.training.model_flops, 1e-12));
        prop_assert!(close(twice.training.hardware_flops, 2.0 * once.training.hardware_flops, 1e-12));
        for (a, b) in once.conventions.iter().zip(&twice.conventions) {
            prop_assert!(close(b.training_flops, 2.0 * a.training_flops, 1e-12));
            prop_assert_eq!(a.forward_per_token, b.forward_per_token);
        }
        let (a, b) = (once.time_cost.at_low_mfu, twice.time_cost.at_low_mfu);
        prop_assert!(close(b.wall_seconds, 2.0 * a.wall_seconds, 1e-12));
        prop_assert!(close(b.cost_usd.unwrap_or(1.0), 2.0 * a.cost_usd.unwrap_or(0.5), 1e-12));
    }

    #[test]
    fn causal_attention_never_costs_more_than_dense(s in scenario()) {
        let e = estimate(&s);
        let forward = |c: Convention| {
            e.conventions.iter().find(|f| f.convention == c).map(|f| f.forward_per_token)
        };
        let (causal, dense) = (forward(Convention::Causal), forward(Convention::Dense));
        prop_assert!(causal.is_some() && dense.is_some());
        prop_assert!(causal <= dense, "{:?} > {:?}", causal, dense);
    }

    #[test]
    fn every_valid_scenario_survives_its_link_exactly(s in scenario()) {
        check_round_trip(&s)?;
    }
}

// ---------------------------------------------------------------------------
// Formatting: what is shown parses back within its shown precision, across
// every magnitude the parser accepts (`format.rs` covers counts below 1e17).

proptest! {
    #[test]
    fn shown_counts_parse_back_at_every_magnitude(x in log_uniform(1e-12, MAX_QUANTITY)) {
        let shown = count(x);
        let back = parse_quantity(&shown).map_err(|e| TestCaseError::fail(format!("{x} → {shown}: {e}")))?;
        // three significant digits (half a unit in the third), or whole below 10,000
        prop_assert!(close(back, x, 5.1e-3) || (back - x).abs() <= 0.5, "{} → {} → {}", x, shown, back);
    }

    #[test]
    fn shown_flops_parse_back_at_every_magnitude(x in log_uniform(1e-9, MAX_QUANTITY)) {
        let shown = flops(x);
        let back = parse_quantity(&shown).map_err(|e| TestCaseError::fail(format!("{x} → {shown}: {e}")))?;
        prop_assert!(close(back, x, 5.1e-3), "{} → {} → {}", x, shown, back);
    }
}

// ---------------------------------------------------------------------------
// Form fields: whatever a field accepts is in range and survives a link.

fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // numbers as people type them, with suffixes, separators and units
        (
            log_uniform(1e-15, 1e32),
            prop::sample::select(vec!["", "k", "M", "B", "T", "P", " %", "%"]),
            prop::sample::select(vec!["", "$", " "]),
        )
            .prop_map(|(x, suffix, prefix)| format!("{prefix}{x}{suffix}")),
        (1u64..=u64::MAX).prop_map(|n| n.to_string()),
        (log_uniform(1e-3, 200.0), log_uniform(1e-3, 200.0)).prop_map(|(a, b)| format!("{a}-{b}")),
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn values_the_form_accepts_survive_a_link(text in field_text()) {
        let base = default_scenario();
        let mut accepted = Vec::new();
        if let Ok(n) = fields::tokens(&text) {
            accepted.push(Scenario { n_tokens: n, tokens_source: TokenSource::Typed, ..base.clone() });
        }
        if let Ok(s) = fields::seq_len(&text) {
            accepted.push(Scenario { seq_len: Some(s), ..base.clone() });
        }
        if let Ok(n) = fields::accelerator_count(&text) {
            accepted.push(Scenario { n_accelerators: n, ..base.clone() });
        }
        if let Ok(usd) = fields::price(&text) {
            let price = PriceChoice::Custom(TypedPrice {
                usd_per_accelerator_hour: usd,
                accelerator_id: base.accelerator.id(),
            });
            accepted.push(Scenario { price, ..base.clone() });
        }
        if let Ok(peak_flops_per_s) = fields::peak_tflops(&text) {
            let accelerator = AcceleratorInUse::Custom(CustomAccelerator { peak_flops_per_s, memory_bytes: None });
            accepted.push(Scenario { accelerator, price: PriceChoice::Default, ..base.clone() });
        }
        if let Ok(b) = fields::bytes_per_param(&text) {
            let mut s = base.clone();
            s.memory.state = BytesPerParam::from_total(b);
            accepted.push(s);
        }
        if let Ok(pue) = fields::pue(&text) {
            prop_assert!((1.0..=3.0).contains(&pue));
            accepted.push(Scenario { energy: EnergySettings { pue, ..base.energy }, ..base.clone() });
        }
        if let Ok(power) = fields::power(&text) {
            accepted.push(Scenario { energy: EnergySettings { power, ..base.energy }, ..base.clone() });
        }
        if let Ok(grid) = fields::grid(&text) {
            prop_assert!((0.0..=2.0).contains(&grid.kg_per_kwh()));
            accepted.push(Scenario { energy: EnergySettings { grid, ..base.energy }, ..base.clone() });
        }
        if let Ok(mfu) = fields::mfu(&text) {
            prop_assert!(fields::MIN_MFU <= mfu.low && mfu.low <= mfu.high && mfu.high <= 1.0);
            accepted.push(Scenario { mfu, ..base.clone() });
        }
        for s in &accepted {
            check_scenario(s)?;
            check_round_trip(s)?;
        }
    }
}

// ---------------------------------------------------------------------------
// Damaged real input: configs and links with random edits never panic, and
// whatever is accepted behaves.

/// One edit to a JSON object.
#[derive(Clone, Debug)]
enum Edit {
    Remove(usize),
    Set(usize, Value),
    Rename(usize, &'static str),
    Insert(&'static str, Value),
}

fn known_key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "model_type",
        "architectures",
        "hidden_size",
        "num_hidden_layers",
        "num_attention_heads",
        "num_key_value_heads",
        "head_dim",
        "intermediate_size",
        "vocab_size",
        "max_position_embeddings",
        "tie_word_embeddings",
        "num_local_experts",
        "num_experts_per_tok",
        "moe_intermediate_size",
        "n_shared_experts",
        "first_k_dense_replace",
        "kv_lora_rank",
        "q_lora_rank",
        "qk_rope_head_dim",
        "qk_nope_head_dim",
        "v_head_dim",
        "sliding_window",
        "layer_types",
        "text_config",
        "vision_config",
        "quantization_config",
        "torch_dtype",
    ])
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (0u64..10).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z_ ]{0,12}".prop_map(Value::String),
        Just(Value::String("llama".into())),
        Just(Value::String("sliding_attention".into())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((known_key(), inner), 0..6).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), json_value()).prop_map(|(i, v)| Edit::Set(i, v)),
        (any::<usize>(), known_key()).prop_map(|(i, k)| Edit::Rename(i, k)),
        (known_key(), json_value()).prop_map(|(k, v)| Edit::Insert(k, v)),
    ]
}

fn apply(map: &mut Map<String, Value>, edit: Edit) {
    let key_at = |map: &Map<String, Value>, i: usize| {
        (!map.is_empty())
            .then(|| map.keys().nth(i % map.len()).cloned())
            .flatten()
    };
    match edit {
        Edit::Remove(i) => {
            if let Some(k) = key_at(map, i) {
                map.remove(&k);
            }
        }
        Edit::Set(i, v) => {
            if let Some(k) = key_at(map, i) {
                map.insert(k, v);
            }
        }
        Edit::Rename(i, to) => {
            if let Some(k) = key_at(map, i) {
                if let Some(v) = map.remove(&k) {
                    map.insert(to.to_string(), v);
                }
            }
        }
        Edit::Insert(k, v) => {
            map.insert(k.to_string(), v);
        }
    }
}

/// One edit to a text, at a byte position (moved to a character boundary).
#[derive(Clone, Debug)]
enum TextEdit {
    Cut(usize),
    Delete(usize, usize),
    Insert(usize, String),
    Digit(usize, char),
}

fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        any::<usize>().prop_map(TextEdit::Cut),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| TextEdit::Delete(at, n)),
        (any::<usize>(), "\\PC{1,4}|[{}\\[\\],:\"%&=]").prop_map(|(at, s)| TextEdit::Insert(at, s)),
        (any::<usize>(), prop::char::range('0', '9')).prop_map(|(at, c)| TextEdit::Digit(at, c)),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply_text(text: &mut String, edit: TextEdit) {
    match edit {
        TextEdit::Cut(at) => {
            let at = boundary(text, at);
            text.truncate(at);
        }
        TextEdit::Delete(at, n) => {
            let start = boundary(text, at);
            let end = boundary(text, start.saturating_add(n).min(text.len()));
            if start < end {
                text.replace_range(start..end, "");
            }
        }
        TextEdit::Insert(at, s) => {
            let at = boundary(text, at);
            text.insert_str(at, &s);
        }
        TextEdit::Digit(at, c) => {
            // replace the next digit at or after `at`, if any
            let start = boundary(text, at);
            if let Some(i) = text[start..].find(|ch: char| ch.is_ascii_digit()) {
                let i = start + i;
                text.replace_range(i..i + 1, &c.to_string());
            }
        }
    }
}

/// A few real links: presets, custom models from configs, custom hardware.
fn real_links() -> &'static [String] {
    static LINKS: OnceLock<Vec<String>> = OnceLock::new();
    LINKS.get_or_init(|| {
        let mut scenarios = vec![default_scenario()];
        for (i, (_, text)) in fixture_texts().iter().enumerate().step_by(5) {
            let spec = parse_config(text).expect("fixture parses").spec;
            scenarios.push(Scenario {
                model: ModelChoice::custom(spec),
                seq_len: if i % 2 == 0 { None } else { Some(4096) },
                convention: Convention::ALL[i % Convention::ALL.len()],
                ..default_scenario()
            });
        }
        scenarios.push(Scenario {
            accelerator: AcceleratorInUse::Custom(CustomAccelerator {
                peak_flops_per_s: 1.23e15,
                memory_bytes: Some(96_000_000_000),
            }),
            price: PriceChoice::Custom(TypedPrice {
                usd_per_accelerator_hour: 3.33,
                accelerator_id: "custom",
            }),
            mfu: MfuBand {
                low: 0.3,
                high: 0.55,
            },
            layout: Layout {
                recompute: Recompute::Full,
                ..Layout::default()
            },
            ..default_scenario()
        });
        scenarios.iter().map(encode).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn real_configs_with_random_key_and_value_edits_never_panic(
        which in any::<usize>(),
        edits in prop::collection::vec(edit(), 1..6),
        nested: bool,
    ) {
        let texts = fixture_texts();
        let (_, text) = &texts[which % texts.len()];
        let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(text) else {
            return Err(TestCaseError::fail("a fixture is not an object"));
        };
        // edit the language model's settings when they are nested
        match map.get_mut("text_config") {
            Some(Value::Object(inner)) if nested => edits.into_iter().for_each(|e| apply(inner, e)),
            _ => edits.into_iter().for_each(|e| apply(&mut map, e)),
        }
        check_parsed(&Value::Object(map).to_string())?;
    }

    #[test]
    fn real_configs_with_random_text_edits_never_panic(
        which in any::<usize>(),
        edits in prop::collection::vec(text_edit(), 1..4),
    ) {
        let texts = fixture_texts();
        let mut text = texts[which % texts.len()].1.clone();
        for e in edits {
            apply_text(&mut text, e);
        }
        check_parsed(&text)?;
    }

    #[test]
    fn real_links_with_random_edits_decode_to_a_scenario_that_survives_its_own_link(
        which in any::<usize>(),
        edits in prop::collection::vec(text_edit(), 1..4),
    ) {
        let links = real_links();
        let mut fragment = links[which % links.len()].clone();
        for e in edits {
            apply_text(&mut fragment, e);
        }
        let decoded = decode(&fragment);
        check_scenario(&decoded.scenario)?;
        check_round_trip(&decoded.scenario)?;
    }
}

// ---------------------------------------------------------------------------
// Regressions: each found by fuzzing or by the properties above.

/// A link could carry an MFU as small as 5e-324, which made time and cost
/// infinite. The decoder now applies the form's lower bound.
#[test]
fn a_link_with_a_vanishing_mfu_is_refused_rather_than_taking_forever() {
    for u in ["1e-300", "5e-324", "1e-9", "1e-9,0.5"] {
        let d = decode(&format!(
            "v=1&m=gpt2&t=1e18&s=8192&g=custom&pk=1&n=1&u={u}&usd=2&c=dense&r=0&b=16"
        ));
        assert!(
            d.notices
                .iter()
                .any(|n| n.to_string().contains(&format!("The link's MFU, “{u}”"))),
            "{u}: {:?}",
            d.notices
        );
        assert_eq!(d.scenario.mfu, Scenario::default().mfu, "{u}");
        let e = estimate(&d.scenario);
        assert!(e.time_cost.at_low_mfu.wall_seconds.is_finite(), "{u}");
    }
    let d = decode("v=1&m=gpt2&u=1e-8");
    assert_eq!(d.scenario.mfu, MfuBand::point(fields::MIN_MFU));
}
/// The form accepted 0.5 tokens, 0.25 bytes per parameter and a 0.1 FLOP/s peak,
/// which the link decoder then refused: a shared link lost them. Both now use
/// the same bounds.
#[test]
fn the_form_refuses_what_a_link_could_not_carry() {
    for (what, result) in [
        ("tokens", fields::tokens("0.5").map(|_| ())),
        ("bytes", fields::bytes_per_param("0.25").map(|_| ())),
        ("peak", fields::peak_tflops("1e-13").map(|_| ())),
    ] {
        let message = result.expect_err(what).to_string();
        assert!(
            message.contains("is less than") && message.contains("type a larger number"),
            "{what}: {message}"
        );
    }
    assert_eq!(fields::tokens("1"), Ok(1.0));
    assert_eq!(fields::bytes_per_param("0.5"), Ok(0.5));
    assert_eq!(fields::peak_tflops("1e-12"), Ok(1.0));
}

/// Quotes of one SKU (on demand and spot, or a price and the one it
/// superseded) shared a link slug, so a link silently swapped the chosen quote
/// for the first one with that SKU. Slugs now name the pricing and the date.
#[test]
fn every_listed_quote_survives_a_link() {
    for accelerator in CATALOG {
        let Some(on) = AcceleratorInUse::from_catalog(accelerator.id, None) else {
            continue;
        };
        for quote in prices_for(accelerator.id) {
            let scenario = Scenario {
                accelerator: on,
                price: PriceChoice::Listed(quote),
                ..Scenario::default()
            };
            let fragment = encode(&scenario);
            let decoded = decode(&fragment);
            assert_eq!(decoded.notices, vec![], "{fragment}");
            assert_eq!(
                decoded.scenario.price, scenario.price,
                "{} {} {:?} {}: {fragment}",
                quote.provider, quote.sku, quote.pricing, quote.date
            );
        }
    }
}

/// Links from the first release name a quote by `provider/sku` only; they keep
/// meaning the first quote of that SKU.
#[test]
fn first_release_quote_links_keep_their_meaning() {
    let body = "v=1&m=llama-3.1-8b&t=15000000000000&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.4&usd=q:aws/p5.48xlarge&c=six_n.active&r=0&b=16";
    let decoded = decode(body);
    // made before energy settings and layouts travelled: they take the defaults
    assert_eq!(
        decoded.notices,
        vec![
            LinkError::Unmarked,
            LinkError::MadeBeforeLayouts,
            LinkError::EnergyFromEarlierLink {
                defaults: EnergySettings::default().describe()
            }
        ]
    );
    let first = prices_for("h100-sxm5-80gb")
        .find(|p| p.provider == "AWS" && p.sku == "p5.48xlarge")
        .expect("an AWS p5 quote");
    assert_eq!(decoded.scenario.price, PriceChoice::Listed(first));
}

/// A config's `model_type` went into the spec whole, so a 20,000-character one
/// made a link too long to open (and an error message as long). It is now
/// refused beyond 64 characters, and quoted at most 40 characters long.
#[test]
fn a_model_type_longer_than_a_name_is_refused() {
    let long = "x".repeat(20_000);
    let config = format!(
        "{{\"model_type\": \"{long}\", \"hidden_size\": 64, \"num_hidden_layers\": 2, \
         \"num_attention_heads\": 4, \"intermediate_size\": 128, \"vocab_size\": 100}}"
    );
    let message = parse_config(&config).unwrap_err().to_string();
    assert!(
        message.contains("`model_type` is a 20000-character string")
            && message.contains("short name")
            && message.contains("at most 64 characters"),
        "{message}"
    );
    let nothing = parse_config(&format!("{{\"model_type\": \"{long}\"}}"))
        .unwrap_err()
        .to_string();
    assert!(nothing.len() < 500, "{nothing}");
    // 64 characters are fine, and travel in a link
    let ok = config.replace(&long, &"y".repeat(64));
    let spec = parse_config(&ok).expect("a 64-character type").spec;
    let scenario = Scenario {
        model: ModelChoice::custom(spec),
        ..Scenario::default()
    };
    assert_eq!(decode(&encode(&scenario)).scenario, scenario);
}

/// A `spec=` just under the fragment limit decoded fine, but the scenario's own
/// link (every other field added) went over it and no longer opened. The model
/// a link carries is now bounded well inside the limit.
#[test]
fn a_model_too_long_to_re_link_is_refused_and_the_rest_survives() {
    use base64::Engine as _;
    let mut spec = from_dims(&Dims {
        n_layers: 1,
        ..Dims::default()
    })
    .unwrap();
    // 75 one-layer groups that differ only in their window: valid, but no
    // config makes them
    let layer = spec.stacks[0].groups[0].clone();
    spec.stacks[0].groups = (1..=75)
        .map(|w| {
            let mut g = layer.clone();
            if let Some(a) = g.layer.attn.as_mut() {
                a.window = Some(w);
            }
            g
        })
        .collect();
    assert!(validate(&spec).is_ok());
    let json = serde_json::to_string(&spec).unwrap();
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    let fragment = format!("v=1&spec={text}&n=64");
    assert!(
        text.len() > MAX_SPEC_CHARS && fragment.len() < MAX_FRAGMENT_BYTES,
        "{} {}",
        text.len(),
        fragment.len()
    );
    let decoded = decode(&fragment);
    assert!(
        decoded
            .notices
            .iter()
            .any(|n| n.to_string().contains("over the 12288-character limit")),
        "{:?}",
        decoded.notices
    );
    assert_eq!(decoded.scenario.model, Scenario::default().model);
    assert_eq!(decoded.scenario.n_accelerators, 64);
    let again = decode(&encode(&decoded.scenario));
    assert_eq!(again.notices, vec![]);
    assert_eq!(again.scenario, decoded.scenario);
}

/// The model's limit is inclusive: a spec of exactly 12,288 base64 characters
/// (9,216 bytes of JSON, here padded with spaces) is read, one more is not.
#[test]
fn a_spec_of_exactly_the_character_limit_is_read() {
    use base64::Engine as _;
    let spec = from_dims(&Dims::default()).expect("valid");
    let json = serde_json::to_string(&spec).unwrap();
    let link = |bytes: usize| {
        let padded = format!("{json:<bytes$}");
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(padded);
        (text.len(), decode(&format!("v=1&spec={text}&n=64")))
    };
    let (len, at) = link(MAX_SPEC_CHARS / 4 * 3);
    assert_eq!(len, MAX_SPEC_CHARS);
    assert_eq!(at.scenario.model.spec, spec, "{:?}", at.notices);
    let (len, over) = link(MAX_SPEC_CHARS / 4 * 3 + 1);
    assert!(len > MAX_SPEC_CHARS);
    assert!(
        over.notices
            .iter()
            .any(|n| n.to_string().contains("over the 12288-character limit")),
        "{:?}",
        over.notices
    );
}

/// The bound leaves real models plenty of room: every fixture's spec takes
/// under a sixth of it.
#[test]
fn every_real_model_fits_in_a_link_with_room_to_spare() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/configs");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let spec = parse_config(&std::fs::read_to_string(&path).unwrap())
                .unwrap()
                .spec;
            let fragment = encode(&Scenario {
                model: ModelChoice::custom(spec),
                ..Scenario::default()
            });
            let (_, rest) = fragment.split_once("spec=").unwrap();
            let spec_text = rest.split('&').next().unwrap();
            assert!(
                spec_text.len() < MAX_SPEC_CHARS / 6,
                "{}: {} characters",
                path.display(),
                spec_text.len()
            );
        }
    }
}

/// `count` printed any count below 0.5 as `0` (0.44 accelerator-hours read
/// "0"), which `parse_quantity` then refused: found by the quantity fuzz target
/// on `$.44`.
#[test]
fn a_count_below_one_is_not_shown_as_zero() {
    assert_eq!(count(0.44), "0.44");
    assert_eq!(count(0.001234), "0.00123");
    assert_eq!(count(0.0), "0");
    let typed = parse_quantity("$.44").expect("a price");
    assert_eq!(parse_quantity(&count(typed)), Ok(0.44));
}
