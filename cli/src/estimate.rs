//! `flopcast estimate`: one config (or preset) in, one estimate out, as a
//! short readable summary or as the JSON report the page also downloads.
//!
//! Every argument is checked with the same parsers as the page's fields, so a
//! bad value gives the page's message. This module builds a
//! [`Scenario`] and renders what `flopcast_core` computes; it computes nothing
//! itself.

use flopcast_core::config::parse_config;
use flopcast_core::cost::MfuBand;
use flopcast_core::energy;
use flopcast_core::estimate::{estimate, Estimate};
use flopcast_core::export::{report, Scope};
use flopcast_core::fields;
use flopcast_core::flops::Convention;
use flopcast_core::format;
use flopcast_core::hardware::{self, AcceleratorInUse, Precision};
use flopcast_core::memory::activations::{AttnKernel, Kernels, Recompute};
use flopcast_core::memory::layout::{GlobalBatch, Zero};
use flopcast_core::memory::state_preset;
use flopcast_core::notes;
use flopcast_core::scenario::{Change, ModelChoice, Scenario};

/// The arguments of `flopcast estimate`, as typed.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// A config.json path, or `-` for standard input.
    #[arg(required_unless_present = "preset")]
    pub config: Option<String>,
    /// A known model instead of a config (see the page's presets, e.g. llama-3.1-8b).
    #[arg(long, conflicts_with = "config")]
    pub preset: Option<String>,
    /// Print the estimate as JSON.
    #[arg(long)]
    pub json: bool,
    /// Sequence length S (default: the shorter of the model's context and 8,192, as on the page).
    #[arg(long)]
    pub seq_len: Option<String>,
    /// Training tokens: 2T, 15e12, 300B, 1,000,000 (default: the model's published count,
    /// else the Chinchilla-optimal 20 per parameter).
    #[arg(long)]
    pub tokens: Option<String>,
    /// The parallel layout and memory settings.
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Accelerator id (see `flopcast gpus`).
    #[arg(long)]
    pub gpu: Option<String>,
    /// Accelerator count.
    #[arg(long)]
    pub gpus: Option<String>,
    /// MFU: a fraction (0.4), a percentage (40 or 40%), or a band (30-50, 0.38-0.43);
    /// a band prints time, hours and cost as ranges (default: 30 %, see the summary).
    #[arg(long)]
    pub mfu: Option<String>,
    /// Price per accelerator-hour in USD (default: the accelerator's dated default quote).
    #[arg(long)]
    pub price: Option<String>,
    /// Precision: fp32, tf32, bf16, fp16, fp8, fp4 (default: the accelerator's training default).
    #[arg(long)]
    pub precision: Option<String>,
    /// Counting convention for training FLOPs: six_n (= six_n.active), six_n.total,
    /// six_n.non_embedding, kaplan, dense, causal.
    #[arg(long)]
    pub convention: Option<String>,
    /// Datacenter PUE, from 1 to 3, or a preset: hyperscale (1.1, the default),
    /// industry-average (1.58), accelerators-only (1.0).
    #[arg(long, allow_hyphen_values = true)]
    pub pue: Option<String>,
    /// Share of board power (TDP) the accelerators draw: tdp (the default), measured
    /// (the measured average for the accelerator), a fraction (0.8) or a percentage (80%).
    #[arg(long, allow_hyphen_values = true)]
    pub power_factor: Option<String>,
    /// Grid carbon intensity: a region id (us-2023, the default; fr-2022, de-2023, …)
    /// or kg CO2e per kWh (0.4, or 400g).
    #[arg(long, allow_hyphen_values = true)]
    pub grid: Option<String>,
    /// Report market-based emissions: 0 t, counting electricity matched by
    /// renewable-energy purchases as zero (the location-based figure is shown too).
    #[arg(long)]
    pub market_based: bool,
    /// Print only the Hugging Face model card's `co2_eq_emissions` block (YAML).
    #[arg(long)]
    pub co2_card: bool,
}

/// The layout and memory options `estimate` and `layouts` share.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct LayoutArgs {
    /// Tensor parallelism (with --pp or --zero: the layout is fixed; without,
    /// the layout search chooses TP, PP and ZeRO).
    #[arg(long)]
    pub tp: Option<String>,
    /// Pipeline parallelism.
    #[arg(long)]
    pub pp: Option<String>,
    /// Context parallelism (splits each sequence).
    #[arg(long)]
    pub cp: Option<String>,
    /// Expert parallelism (splits a mixture of experts' experts).
    #[arg(long)]
    pub ep: Option<String>,
    /// ZeRO stage: 0, 1, 2 or 3 (3 = FSDP).
    #[arg(long)]
    pub zero: Option<String>,
    /// Sequences per micro-batch.
    #[arg(long)]
    pub micro_batch: Option<String>,
    /// Tokens per optimizer step: 4M, 16,777,216 (default: the paper's, else 4M).
    #[arg(long)]
    pub global_batch: Option<String>,
    /// Model chunks per pipeline stage (interleaved 1F1B).
    #[arg(long)]
    pub interleave: Option<String>,
    /// Activation recomputation: none, selective or full (bare --recompute: full).
    #[arg(long, num_args = 0..=1, default_missing_value = "full")]
    pub recompute: Option<String>,
    /// Attention kernel: sdpa (FlashAttention) or eager (keeps s × s scores).
    #[arg(long)]
    pub attention: Option<String>,
    /// Kernels: fused (Megatron-Core, Transformer Engine) or eager (PyTorch as transformers runs it).
    #[arg(long)]
    pub kernels: Option<String>,
    /// Turn sequence parallelism off (it splits d_model-wide activations over TP).
    #[arg(long)]
    pub no_sequence_parallel: bool,
    /// Bytes per parameter: mixed-adam, fp32-grads, adam-8bit, bf16, or three numbers 2,2,12.
    #[arg(long)]
    pub state: Option<String>,
    /// Goodput in percent (share of wall-clock that trains), or llama-3 (90 %).
    #[arg(long)]
    pub goodput: Option<String>,
    /// The memory overhead line: runtime bytes and fragmentation fraction,
    /// as `2e9,0.05` (the default: 2 GB and 5 %).
    #[arg(long)]
    pub overhead: Option<String>,
    /// The MFU given does not include the pipeline bubble: add it to the time.
    #[arg(long)]
    pub bubble_not_in_mfu: bool,
}

impl LayoutArgs {
    /// Whether any option fixes TP, PP or ZeRO (the layout is then manual).
    fn fixes_layout(&self) -> bool {
        self.tp.is_some() || self.pp.is_some() || self.zero.is_some()
    }

    /// Whether any layout option was given at all.
    fn any(&self) -> bool {
        self.fixes_layout()
            || self.cp.is_some()
            || self.ep.is_some()
            || self.micro_batch.is_some()
            || self.global_batch.is_some()
            || self.interleave.is_some()
    }

    /// Applies the options to `scenario`.
    pub fn apply(&self, scenario: &mut Scenario) -> Result<(), String> {
        let err = |e: fields::FieldError| e.to_string();
        let l = &mut scenario.layout;
        for (text, field, slot) in [
            (&self.tp, "--tp", &mut l.tp),
            (&self.pp, "--pp", &mut l.pp),
            (&self.cp, "--cp", &mut l.cp),
            (&self.ep, "--ep", &mut l.ep),
            (&self.interleave, "--interleave", &mut l.interleave),
        ] {
            if let Some(t) = text {
                *slot = fields::degree(field, t).map_err(err)?;
            }
        }
        if let Some(t) = &self.zero {
            l.zero = t
                .trim()
                .parse::<u64>()
                .ok()
                .and_then(Zero::from_stage)
                .ok_or_else(|| format!("--zero: `{t}` is not a ZeRO stage; type 0, 1, 2 or 3."))?;
        }
        if let Some(t) = &self.micro_batch {
            l.micro_batch = fields::micro_batch(t).map_err(err)?;
        }
        if let Some(t) = &self.recompute {
            l.recompute = Recompute::from_id(t.trim())
                .ok_or_else(|| format!("--recompute: `{t}` is not none, selective or full."))?;
        }
        if let Some(t) = &self.attention {
            l.attention = AttnKernel::from_id(t.trim())
                .ok_or_else(|| format!("--attention: `{t}` is not sdpa or eager."))?;
        }
        if self.no_sequence_parallel {
            l.sequence_parallel = false;
        }
        if let Some(t) = &self.kernels {
            scenario.memory.kernels = Kernels::from_id(t.trim())
                .ok_or_else(|| format!("--kernels: `{t}` is not fused or eager."))?;
        }
        if let Some(t) = &self.global_batch {
            scenario.global_batch = GlobalBatch::Tokens(fields::global_batch(t).map_err(err)?);
        }
        if let Some(t) = &self.state {
            scenario.memory.state = match state_preset(t.trim()) {
                Some(p) => p.bytes,
                None => fields::state_bytes(t).map_err(|e| {
                    format!("--state: {e} (or a preset: mixed-adam, fp32-grads, adam-8bit, bf16)")
                })?,
            };
        }
        if let Some(t) = &self.goodput {
            scenario.goodput = match flopcast_core::cost::goodput_preset(t.trim()) {
                Some(p) => p.goodput,
                None => fields::goodput(t).map_err(err)?,
            };
        }
        if let Some(t) = &self.overhead {
            let bad = || {
                format!(
                    "--overhead: `{t}` is not a runtime size in bytes and a fragmentation \
                     fraction from 0 to 1; type them as 2e9,0.05."
                )
            };
            let (runtime, fraction) = t.split_once(',').ok_or_else(bad)?;
            let runtime = runtime
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && (0.0..=1e12).contains(x))
                .ok_or_else(bad)?;
            let fraction = fraction
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && (0.0..=1.0).contains(x))
                .ok_or_else(bad)?;
            scenario.memory.overhead = flopcast_core::memory::breakdown::Overhead {
                runtime_bytes: runtime,
                fragmentation: fraction,
            };
        }
        if self.bubble_not_in_mfu {
            scenario.mfu_includes_bubble = false;
        }
        scenario.auto_layout = !self.fixes_layout();
        Ok(())
    }
}

/// Runs the command: the text to print, or the message for standard error.
pub fn run(args: &Args, read: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    let (model, assumptions) = model(args.config.as_deref(), args.preset.as_deref(), read)?;
    let (scenario, said) = scenario(args, model)?;
    let estimate = estimate(&scenario);
    if args.layout.any() || is_run(args) {
        if let Err(e) = &estimate.layout {
            return Err(e.to_string());
        }
    }
    let scope = if is_run(args) {
        Scope::Run
    } else {
        Scope::Model
    };
    if args.co2_card {
        return estimate.co2_card().ok_or_else(|| {
            format!(
                "--co2-card: {}",
                estimate
                    .energy
                    .unavailable()
                    .unwrap_or_else(|| "no energy estimate".to_string())
            )
        });
    }
    if args.json {
        let mut value = serde_json::to_value(report(&scenario, &estimate, &assumptions, scope))
            .map_err(|e| e.to_string())?;
        if let Some(map) = value.as_object_mut() {
            map.insert("defaults_used".into(), said.defaults.clone().into());
        }
        serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
    } else {
        Ok(summary(&scenario, &estimate, &assumptions, &said, scope))
    }
}

/// The model from a config path (or `-`) or a preset id.
pub fn model(
    config: Option<&str>,
    preset: Option<&str>,
    read: impl Fn(&str) -> Result<String, String>,
) -> Result<(ModelChoice, Vec<String>), String> {
    if let Some(id) = preset {
        let (model, assumptions) = ModelChoice::preset(id).ok_or_else(|| {
            format!(
                "`{id}` is not a known preset. The presets are: {}.",
                preset_ids()
            )
        })?;
        return Ok((model, assumptions.iter().map(ToString::to_string).collect()));
    }
    let path = config.unwrap_or("-");
    let text = read(path)?;
    let parsed = parse_config(&text).map_err(|e| e.to_string())?;
    let preset = flopcast_core::presets::PRESETS
        .iter()
        .find(|p| p.config == text);
    let model = ModelChoice {
        preset,
        spec: parsed.spec,
    };
    Ok((
        model,
        parsed.assumptions.iter().map(ToString::to_string).collect(),
    ))
}

fn preset_ids() -> String {
    flopcast_core::presets::PRESETS
        .iter()
        .map(|p| p.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What building the scenario said: the defaults it fell back on, with
/// their sources.
#[derive(Debug, Default)]
struct Said {
    defaults: Vec<String>,
}

/// Whether the arguments describe a training run (tokens, hardware, MFU or
/// price given), not only a model.
fn is_run(args: &Args) -> bool {
    args.tokens.is_some()
        || args.gpu.is_some()
        || args.gpus.is_some()
        || args.mfu.is_some()
        || args.price.is_some()
        || args.pue.is_some()
        || args.power_factor.is_some()
        || args.grid.is_some()
        || args.market_based
        || args.co2_card
}

/// The scenario the arguments describe. It starts from the core's default
/// scenario and applies one [`Change`] per argument, as the page does for
/// each edit, so the two shells share every default and every rule: the
/// sequence length is min(context, 8,192) unless given, the token count is
/// the model's published one (or Chinchilla's) unless given, the MFU is the
/// core's default.
fn scenario(args: &Args, model: ModelChoice) -> Result<(Scenario, Said), String> {
    let mut scenario = Scenario::default();
    let mut said = Said::default();
    let run = is_run(args);
    // The notices `apply` returns describe an edit on the page (a price left
    // behind, a precision the new accelerator lacks); building a scenario from
    // arguments edits nothing the person set, so they are not printed.
    let apply = |scenario: &mut Scenario, change: Change, _: &mut Said| {
        scenario.apply(change);
    };
    apply(&mut scenario, Change::Model(model), &mut said);
    match &args.seq_len {
        Some(text) => {
            let s = fields::seq_len(text).map_err(|e| e.to_string())?;
            apply(&mut scenario, Change::SeqLen(Some(s)), &mut said);
        }
        None => said.defaults.push(format!(
            "sequence length (--seq-len): {}",
            notes::seq_len_note(&scenario)
        )),
    }
    match &args.tokens {
        Some(text) => {
            let n = fields::tokens(text).map_err(|e| e.to_string())?;
            apply(&mut scenario, Change::Tokens(n), &mut said);
        }
        None if run => said.defaults.push(format!(
            "training tokens (--tokens): {}",
            notes::tokens_note(&scenario)
        )),
        None => {}
    }
    let precision = match &args.precision {
        Some(text) => Some(Precision::from_id(text).ok_or_else(|| {
            format!("--precision: `{text}` is not one of fp32, tf32, bf16, fp16, fp8, fp4.")
        })?),
        None => None,
    };
    let accelerator = match &args.gpu {
        Some(id) => {
            let found = hardware::find(id).ok_or_else(|| {
                format!("--gpu: `{id}` is not in the catalog. `flopcast gpus` lists the ids.")
            })?;
            AcceleratorInUse::from_catalog(id, precision).ok_or_else(|| {
                let supported: Vec<&str> = Precision::ALL
                    .into_iter()
                    .filter(|p| found.supports(*p))
                    .map(Precision::id)
                    .collect();
                format!(
                    "--precision: {} has no dense figure at that precision; it supports {}.",
                    found.name,
                    supported.join(", ")
                )
            })?
        }
        None => {
            let base = scenario.accelerator;
            if run {
                said.defaults
                    .push(format!("accelerator (--gpu): {}", base.id()));
            }
            match precision {
                Some(p) => AcceleratorInUse::from_catalog(base.id(), Some(p)).ok_or_else(|| {
                    format!(
                        "--precision: {} has no dense figure at {}.",
                        base.name(),
                        p.id()
                    )
                })?,
                None => base,
            }
        }
    };
    apply(&mut scenario, Change::Accelerator(accelerator), &mut said);
    if let Some(p) = precision {
        apply(&mut scenario, Change::Precision(p), &mut said);
    }
    match &args.gpus {
        Some(text) => {
            let n = fields::accelerator_count(text).map_err(|e| e.to_string())?;
            apply(&mut scenario, Change::Count(n), &mut said);
        }
        None if run => said.defaults.push(format!(
            "accelerator count (--gpus): {}",
            scenario.n_accelerators
        )),
        None => {}
    }
    match &args.mfu {
        Some(text) => apply(&mut scenario, Change::Mfu(mfu(text)?), &mut said),
        None if run => said
            .defaults
            .push(format!("MFU (--mfu): {}", notes::mfu_note(&scenario))),
        None => {}
    }
    if let Some(text) = &args.price {
        let usd = fields::price(text).map_err(|e| e.to_string())?;
        apply(&mut scenario, Change::TypedPrice(usd), &mut said);
    }
    if let Some(key) = &args.convention {
        let convention = Convention::from_key(key).ok_or_else(|| {
            format!("--convention: `{key}` is not one of six_n, six_n.total, six_n.non_embedding, kaplan, dense, causal.")
        })?;
        apply(&mut scenario, Change::Convention(convention), &mut said);
    }
    match &args.pue {
        Some(text) => {
            let pue = match energy::pue_preset(text.trim()) {
                Some(preset) => preset.pue,
                None => fields::pue(text).map_err(|e| e.to_string())?,
            };
            apply(&mut scenario, Change::Pue(pue), &mut said);
        }
        None if run => said.defaults.push(format!(
            "PUE (--pue): {}",
            energy::pue_note(&scenario.energy)
        )),
        None => {}
    }
    match &args.power_factor {
        Some(text) => {
            let power = fields::power(text).map_err(|e| e.to_string())?;
            apply(&mut scenario, Change::Power(power), &mut said);
        }
        None if run => said.defaults.push(format!(
            "power (--power-factor): {}",
            energy::power_note(&scenario.energy, &scenario.accelerator)
        )),
        None => {}
    }
    match &args.grid {
        Some(text) => {
            let grid = fields::grid(text).map_err(|e| e.to_string())?;
            apply(&mut scenario, Change::Grid(grid), &mut said);
        }
        None if run => said.defaults.push(format!(
            "grid (--grid): {}",
            energy::grid_note(&scenario.energy)
        )),
        None => {}
    }
    apply(
        &mut scenario,
        Change::MarketBased(args.market_based),
        &mut said,
    );
    args.layout.apply(&mut scenario)?;
    Ok((scenario, said))
}

/// `--mfu`: a fraction up to 1 (0.4) or a band of fractions (0.38-0.43), else
/// a percentage or band as on the page (40, 38-43).
fn mfu(text: &str) -> Result<MfuBand, String> {
    let fraction = |t: &str| {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x > 0.0 && *x <= 1.0)
    };
    if let Some(x) = fraction(text) {
        return Ok(MfuBand::point(x));
    }
    if let Some((low, high)) = text.split_once('-') {
        if let (Some(low), Some(high)) = (fraction(low), fraction(high)) {
            if low.max(high) < 1.0 {
                return Ok(MfuBand { low, high }.ordered());
            }
        }
    }
    fields::mfu(text).map_err(|e| e.to_string())
}

fn summary(
    scenario: &Scenario,
    e: &Estimate,
    assumptions: &[String],
    said: &Said,
    scope: flopcast_core::export::Scope,
) -> String {
    let p = &e.params;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    // A custom model's name already gives its family.
    line(match scenario.model.preset {
        Some(_) => format!(
            "{} ({})",
            scenario.model.name(),
            scenario.model.spec.model_type()
        ),
        None => scenario.model.name(),
    });
    match &p.approximate {
        None => line(format!(
            "  parameters      {} ({})",
            format::grouped_u64(p.total),
            format::count(p.total as f64)
        )),
        Some(why) => line(format!(
            "  parameters      ≈ {} ({}), APPROXIMATE: {why}",
            format::grouped_u64(p.total),
            format::count(p.total as f64)
        )),
    }
    line(format!(
        "  active/token    {}",
        format::grouped_u64(p.active)
    ));
    line(format!(
        "  embedding       {}",
        format::grouped_u64(p.embedding)
    ));
    line(format!(
        "  non-embedding   {}",
        format::grouped_u64(p.non_embedding)
    ));
    let cache = flopcast_core::memory::sequence_cache(&scenario.model.spec, e.seq_len);
    let state = cache.state;
    if state.total() > 0 {
        // A hybrid or state-space model: say which layers mix tokens how, and
        // what each kind keeps per sequence: mixer layers a state in place of
        // a KV cache, attention layers a KV cache (ZAYA's CCA both).
        for l in &p.layers {
            line(format!("  {:>4} × {}", l.count, l.label));
        }
        let kind = if cache.state_layers > 0 {
            format!(
                "in {} mixer layers, in place of a KV cache",
                cache.state_layers
            )
        } else {
            "beside the attention layers' KV cache".to_string()
        };
        line(format!(
            "  recurrent state {} elements per sequence (conv {} + SSM {}), {kind}",
            format::grouped_u64(state.total()),
            format::grouped_u64(state.conv),
            format::grouped_u64(state.ssm),
        ));
        if cache.kv_layers > 0 {
            line(format!(
                "  KV cache        {} elements per token in {} attention layers ({} at S = {})",
                format::grouped_u64(cache.kv_per_token),
                cache.kv_layers,
                format::grouped_u64(cache.kv_at_seq_len),
                format::grouped_u64(cache.seq_len),
            ));
        }
    }
    for a in &p.approximations {
        line(format!("  note: {a}"));
    }
    line(format!(
        "FLOPs per token (forward) at S = {}:",
        format::grouped_u64(e.seq_len)
    ));
    for c in &e.conventions {
        let chosen = if c.convention == e.convention {
            "  <- used"
        } else {
            ""
        };
        line(format!(
            "  {:22} {}{chosen}",
            c.convention.key(),
            format::flops(c.forward_per_token)
        ));
    }
    if scope == flopcast_core::export::Scope::Run {
        let t = &e.training;
        let band = scenario.mfu;
        line(format!("Training on {} tokens:", format::count(t.n_tokens)));
        line(format!(
            "  FLOPs           {} ({})",
            format::flops(t.model_flops),
            e.formulas.training_flops.formula
        ));
        if t.hardware_flops != t.model_flops {
            line(format!(
                "  hardware FLOPs  {} ({} recomputation)",
                format::flops(t.hardware_flops),
                scenario.recompute().id()
            ));
        }
        line(format!(
            "  on {} × {} at {} MFU ({} dense {} peak):",
            format::grouped_u64(e.hardware.n_accelerators),
            e.hardware.accelerator.name(),
            format::percent_range(band.low, band.high),
            format::flop_rate(e.hardware.peak_flops_per_s),
            e.hardware
                .accelerator
                .precision()
                .map_or("custom", |p| p.label())
        ));
        line(format!("  time            {}", e.time_cost.time_text()));
        let time = &e.time;
        if time.bubble_fraction > 0.0 {
            line(format!(
                "    pipeline bubble {} of the compute ({}): {} without it, {} with it",
                format::percent(time.bubble_fraction),
                if time.mfu_includes_bubble {
                    "already in the MFU"
                } else {
                    "added to the MFU's time"
                },
                format::duration(time.compute_seconds),
                format::duration(time.with_bubble_seconds)
            ));
        }
        if time.goodput < 1.0 {
            line(format!(
                "    goodput {}: {} lost to failures, restarts and checkpoints",
                format::percent(time.goodput),
                format::duration(time.lost_seconds)
            ));
        }
        line(format!("  accel-hours     {}", e.time_cost.hours_text()));
        match e.time_cost.cost_text() {
            Some(cost) => line(format!(
                "  cost            {cost}; {}",
                scenario.price_echo()
            )),
            None => line(format!(
                "  cost            no price: {} Give --price.",
                scenario.price_echo()
            )),
        }
        line(format!("  energy          {}", e.energy.energy_line()));
        if e.energy.unavailable().is_none() {
            line(format!("  emissions       {}", e.energy.emissions_line()));
        }
        match &e.layout {
            Ok(b) => {
                line(format!(
                    "Memory per accelerator ({}{}), on {}:",
                    b.layout_text,
                    if scenario.auto_layout {
                        ", chosen by the layout search"
                    } else {
                        ""
                    },
                    b.stage.label()
                ));
                for l in &b.lines {
                    line(format!(
                        "  {:16}{:>10}  {}",
                        l.label,
                        format::bytes(l.bytes),
                        l.detail
                    ));
                }
                line(format!(
                    "  {:16}{:>10}  {}",
                    "total",
                    format::bytes(b.per_accelerator.total),
                    b.fit_text
                ));
                if let Some(m) = e.memory {
                    if !m.fits || m.min_accelerators < e.hardware.n_accelerators {
                        line(format!("  {}", m.text()));
                    }
                }
                for a in &b.approximations {
                    line(format!("  note: {a}"));
                }
            }
            Err(err) => line(format!("Memory: the layout cannot run: {err}")),
        }
        if let Some(warning) = band.implausible() {
            line(format!("warning: {warning}"));
        }
        if let Some(warning) = e
            .hardware
            .price
            .and_then(|p| fields::price_warning(p.usd_per_accelerator_hour()))
        {
            line(format!("warning: {warning}"));
        }
    }
    for w in &e.warnings {
        line(format!("warning: {w}"));
    }
    for d in &said.defaults {
        line(format!("default used: {d}"));
    }
    for a in assumptions {
        line(format!("assumed: {a}"));
    }
    out
}
