//! `flopcast estimate`: one config (or preset) in, one estimate out, as a
//! short readable summary or as the JSON report the page also downloads.
//!
//! Every argument is checked with the same parsers as the page's fields, so a
//! bad value gives the page's message. This module builds a
//! [`Scenario`] and renders what `flopcast_core` computes; it computes nothing
//! itself.

use flopcast_core::config::parse_config;
use flopcast_core::cost::MfuBand;
use flopcast_core::estimate::{convention_from_key, convention_key, estimate, Estimate};
use flopcast_core::export::{report, Scope};
use flopcast_core::fields;
use flopcast_core::format;
use flopcast_core::hardware::{self, AcceleratorInUse, Precision};
use flopcast_core::scenario::{ModelChoice, PriceChoice, Scenario};

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
    /// Sequence length S (default: the model's context length).
    #[arg(long)]
    pub seq_len: Option<String>,
    /// Training tokens: 2T, 15e12, 300B, 1,000,000.
    #[arg(long)]
    pub tokens: Option<String>,
    /// Full activation recomputation (hardware FLOPs are forward × 4).
    #[arg(long)]
    pub recompute: bool,
    /// Accelerator id (see `flopcast gpus`).
    #[arg(long)]
    pub gpu: Option<String>,
    /// Accelerator count.
    #[arg(long)]
    pub gpus: Option<String>,
    /// MFU: a fraction (0.4), a percentage (40 or 40%), or a band (30-50).
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
}

/// Runs the command: the text to print, or the message for standard error.
pub fn run(args: &Args, read: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    let (model, assumptions) = model(args, read)?;
    let (scenario, defaults) = scenario(args, model)?;
    let estimate = estimate(&scenario);
    let scope = if args.tokens.is_some() {
        Scope::Run
    } else {
        Scope::Model
    };
    if args.json {
        let mut value = serde_json::to_value(report(&scenario, &estimate, &assumptions, scope))
            .map_err(|e| e.to_string())?;
        if let Some(map) = value.as_object_mut() {
            map.insert("defaults_used".into(), defaults.clone().into());
        }
        serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
    } else {
        Ok(summary(
            &scenario,
            &estimate,
            &assumptions,
            &defaults,
            scope,
        ))
    }
}

fn model(
    args: &Args,
    read: impl Fn(&str) -> Result<String, String>,
) -> Result<(ModelChoice, Vec<String>), String> {
    if let Some(id) = &args.preset {
        let (model, assumptions) = ModelChoice::preset(id).ok_or_else(|| {
            format!(
                "`{id}` is not a known preset. The presets are: {}.",
                preset_ids()
            )
        })?;
        return Ok((model, assumptions.iter().map(ToString::to_string).collect()));
    }
    let path = args.config.as_deref().unwrap_or("-");
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

/// The scenario the arguments describe, and the defaults it fell back on.
fn scenario(args: &Args, model: ModelChoice) -> Result<(Scenario, Vec<String>), String> {
    let base = Scenario::default();
    let mut defaults = Vec::new();
    let seq_len = match &args.seq_len {
        Some(text) => Some(fields::seq_len(text).map_err(|e| e.to_string())?),
        None => None,
    };
    let n_tokens = match &args.tokens {
        Some(text) => fields::tokens(text).map_err(|e| e.to_string())?,
        None => base.n_tokens,
    };
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
            if args.tokens.is_some() {
                defaults.push(format!(
                    "accelerator: {} (give --gpu)",
                    base.accelerator.id()
                ));
            }
            match precision {
                Some(p) => AcceleratorInUse::from_catalog(base.accelerator.id(), Some(p))
                    .ok_or_else(|| {
                        format!(
                            "--precision: {} has no dense figure at {}.",
                            base.accelerator.name(),
                            p.id()
                        )
                    })?,
                None => base.accelerator,
            }
        }
    };
    let n_accelerators = match &args.gpus {
        Some(text) => fields::accelerator_count(text).map_err(|e| e.to_string())?,
        None => {
            if args.tokens.is_some() {
                defaults.push(format!(
                    "accelerator count: {} (give --gpus)",
                    base.n_accelerators
                ));
            }
            base.n_accelerators
        }
    };
    let mfu = match &args.mfu {
        Some(text) => mfu(text)?,
        None => {
            if args.tokens.is_some() {
                defaults.push(format!(
                    "MFU: {} (give --mfu)",
                    format::percent(base.mfu.low)
                ));
            }
            base.mfu
        }
    };
    let price = match &args.price {
        Some(text) => PriceChoice::Custom(fields::price(text).map_err(|e| e.to_string())?),
        None => PriceChoice::Default,
    };
    let convention = match &args.convention {
        Some(key) => convention_from_key(key).ok_or_else(|| {
            format!("--convention: `{key}` is not one of six_n, six_n.total, six_n.non_embedding, kaplan, dense, causal.")
        })?,
        None => base.convention,
    };
    let scenario = Scenario {
        model,
        n_tokens,
        seq_len,
        accelerator,
        n_accelerators,
        mfu,
        price,
        convention,
        recompute: args.recompute,
        bytes_per_param: base.bytes_per_param,
    };
    Ok((scenario, defaults))
}

/// `--mfu`: a fraction up to 1 (0.4), else a percentage or band as on the page.
fn mfu(text: &str) -> Result<MfuBand, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 1.0 => Ok(MfuBand::point(x)),
        _ => fields::mfu(text).map_err(|e| e.to_string()),
    }
}

fn summary(
    scenario: &Scenario,
    e: &Estimate,
    assumptions: &[String],
    defaults: &[String],
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
    let state = flopcast_core::memory::recurrent_state(&scenario.model.spec);
    if state.total() > 0 {
        // A hybrid or state-space model: say which layers mix tokens how.
        for l in &p.layers {
            line(format!("  {:>4} × {}", l.count, l.label));
        }
        line(format!(
            "  recurrent state {} elements per sequence (conv {} + SSM {}), in place of a KV cache",
            format::grouped_u64(state.total()),
            format::grouped_u64(state.conv),
            format::grouped_u64(state.ssm)
        ));
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
            convention_key(c.convention),
            format::flops(c.forward_per_token)
        ));
    }
    if scope == flopcast_core::export::Scope::Run {
        let t = &e.training;
        let low = e.time_cost.at_low_mfu;
        line(format!("Training on {} tokens:", format::count(t.n_tokens)));
        line(format!(
            "  FLOPs           {} ({})",
            format::flops(t.model_flops),
            e.formulas.training_flops.formula
        ));
        if t.hardware_flops != t.model_flops {
            line(format!(
                "  hardware FLOPs  {} (full recomputation)",
                format::flops(t.hardware_flops)
            ));
        }
        line(format!(
            "  on {} × {} at {} MFU ({} FLOP/s peak):",
            format::grouped_u64(e.hardware.n_accelerators),
            e.hardware.accelerator.name(),
            format::percent(scenario.mfu.low),
            format::flops(e.hardware.peak_flops_per_s)
        ));
        line(format!(
            "  time            {}",
            format::duration(low.wall_seconds)
        ));
        line(format!(
            "  accel-hours     {}",
            format::count(low.accelerator_hours)
        ));
        match (low.cost_usd, e.hardware.price) {
            (Some(cost), Some(price)) => line(format!(
                "  cost            {} at ${:.2}/h",
                format::usd(cost),
                price.usd_per_accelerator_hour()
            )),
            _ => line("  cost            no price known: give --price".to_string()),
        }
        if let Some(m) = e.memory {
            line(format!(
                "  memory          training state {}; needs at least {} accelerators{}",
                format::bytes(m.training_state_bytes),
                format::grouped_u64(m.min_accelerators),
                if m.fits { "" } else { " (does NOT fit)" }
            ));
        }
    }
    for d in defaults {
        line(format!("default used: {d}"));
    }
    for a in assumptions {
        line(format!("assumed: {a}"));
    }
    out
}
