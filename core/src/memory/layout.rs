//! The parallel layout of a training run and what it implies: how the
//! accelerators split into tensor (TP), pipeline (PP), context (CP) and data
//! (DP) parallel groups, how experts spread (EP), how much ZeRO shards, the
//! micro-batch and the global batch, and the pipeline bubble.
//!
//! DP is derived: `accelerators / (TP · PP · CP)`. The global batch is in
//! tokens; its micro-batches per step, `m = global / (DP · b · s)`, fix the
//! bubble `(PP − 1) / (m · v)` of the (interleaved) 1F1B schedule (Narayanan
//! et al. 2021, "Efficient Large-Scale Language Model Training on GPU Clusters
//! Using Megatron-LM", §2.2).
//!
//! [`check`] is the boundary: a layout that cannot run on the model and the
//! count gets a [`LayoutError`] naming the rule it breaks. It deliberately
//! computes no memory ([`super::breakdown`]) and searches nothing
//! ([`super::search`]).

use serde::{Deserialize, Serialize};

use super::activations::{AttnKernel, Recompute};
use crate::model::{Ffn, Mixer, ModelSpec};

/// Largest TP, PP, CP or EP a layout may hold.
pub const MAX_DEGREE: u64 = 1 << 16;
/// Largest micro-batch, in sequences.
pub const MAX_MICRO_BATCH: u64 = 1 << 16;
/// Largest interleaving factor `v`.
pub const MAX_INTERLEAVE: u64 = 64;
/// Accelerators in a node: TP stays within one (NVLink), as the layout search
/// keeps it.
pub const NODE_SIZE: u64 = 8;
/// The global batch when no paper states one: Llama 2's 4M tokens (Touvron et
/// al. 2023, §2.2: 4M tokens), rounded up to a whole micro-batch per replica.
pub const DEFAULT_GLOBAL_BATCH_TOKENS: u64 = 1 << 22;

/// ZeRO stage (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward
/// Training Trillion Parameter Models"): what data parallelism shards.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Zero {
    /// Nothing sharded: every replica holds everything (plain DDP).
    Off,
    /// Optimizer state sharded (P_os; Megatron's distributed optimizer).
    #[default]
    Optimizer,
    /// Optimizer state and gradients (P_os+g).
    Gradients,
    /// Optimizer state, gradients and weights (P_os+g+p; FSDP).
    Weights,
}

impl Zero {
    pub const ALL: [Zero; 4] = [Zero::Off, Zero::Optimizer, Zero::Gradients, Zero::Weights];

    /// The stage number, 0 to 3.
    pub fn stage(self) -> u8 {
        match self {
            Zero::Off => 0,
            Zero::Optimizer => 1,
            Zero::Gradients => 2,
            Zero::Weights => 3,
        }
    }

    pub fn from_stage(stage: u64) -> Option<Zero> {
        Zero::ALL
            .into_iter()
            .find(|z| u64::from(z.stage()) == stage)
    }

    pub fn label(self) -> &'static str {
        match self {
            Zero::Off => "ZeRO 0 (nothing sharded)",
            Zero::Optimizer => "ZeRO 1 (optimizer state sharded)",
            Zero::Gradients => "ZeRO 2 (optimizer state and gradients sharded)",
            Zero::Weights => "ZeRO 3 / FSDP (everything sharded)",
        }
    }
}

/// How a run is laid out on its accelerators. DP is not here: it is what the
/// count leaves, `N / (tp · pp · cp)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Layout {
    /// Tensor parallelism: each layer's matrices split over `tp` accelerators.
    pub tp: u64,
    /// Pipeline parallelism: the layers split into `pp` stages.
    pub pp: u64,
    /// Context parallelism: each sequence split over `cp` accelerators.
    pub cp: u64,
    /// Expert parallelism: each MoE layer's experts split over `ep`
    /// accelerators, taken from the data-parallel ones.
    pub ep: u64,
    pub zero: Zero,
    /// Sequences per micro-batch, `b`.
    pub micro_batch: u64,
    /// Model chunks per pipeline stage in the interleaved schedule, `v` (1:
    /// plain 1F1B).
    pub interleave: u64,
    /// Sequence parallelism with TP (Korthikanti et al. 2022): the
    /// `d_model`-wide activations are split over the TP group too.
    pub sequence_parallel: bool,
    pub recompute: Recompute,
    pub attention: AttnKernel,
}

impl Default for Layout {
    /// No model parallelism, ZeRO 1, one sequence per micro-batch, sequence
    /// parallelism on (it only matters with TP), no recomputation, SDPA.
    fn default() -> Layout {
        Layout {
            tp: 1,
            pp: 1,
            cp: 1,
            ep: 1,
            zero: Zero::Optimizer,
            micro_batch: 1,
            interleave: 1,
            sequence_parallel: true,
            recompute: Recompute::None,
            attention: AttnKernel::Sdpa,
        }
    }
}

impl Layout {
    /// Model-parallel degree `tp · pp · cp`: the accelerators one replica spans.
    pub fn model_parallel(&self) -> u64 {
        self.tp.saturating_mul(self.pp).saturating_mul(self.cp)
    }

    /// "TP 2 · PP 4 · DP 128 · ZeRO 1", with CP, EP, `v` and `b` when not 1.
    pub fn summary(&self, dp: u64) -> String {
        let mut parts = vec![format!("TP {}", self.tp), format!("PP {}", self.pp)];
        if self.cp > 1 {
            parts.push(format!("CP {}", self.cp));
        }
        parts.push(format!("DP {}", crate::format::grouped_u64(dp)));
        if self.ep > 1 {
            parts.push(format!("EP {}", self.ep));
        }
        parts.push(format!("ZeRO {}", self.zero.stage()));
        if self.interleave > 1 {
            parts.push(format!("v {}", self.interleave));
        }
        if self.micro_batch > 1 {
            parts.push(format!("b {}", self.micro_batch));
        }
        parts.join(" · ")
    }
}

/// The global batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "tokens")]
pub enum GlobalBatch {
    /// The model's published batch (see [`published_global_batch`]), else
    /// [`DEFAULT_GLOBAL_BATCH_TOKENS`]; rounded up to a whole micro-batch on
    /// every replica, and to at least one micro-batch per pipeline stage.
    #[default]
    Auto,
    /// This many tokens per optimizer step.
    Tokens(u64),
}

/// A published global batch: tokens per step and where it is stated.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PublishedBatch {
    pub tokens: u64,
    pub source: &'static str,
}

/// Global batches stated in papers, by preset id.
const PUBLISHED: &[(&str, PublishedBatch)] = &[
    (
        "llama-3.1-405b",
        PublishedBatch {
            tokens: 16 * (1 << 20),
            source: "Llama Team 2024, arXiv 2407.21783, §3.4.1: 4M tokens at first, 8M after \
                     252M tokens, 16M after 2.87T tokens (the final value)",
        },
    ),
    (
        "llama-2-7b",
        PublishedBatch {
            tokens: 1 << 22,
            source: "Touvron et al. 2023, arXiv 2307.09288, §2.2: a global batch of 4M tokens",
        },
    ),
    (
        "gpt3-175b",
        PublishedBatch {
            tokens: 3_200_000,
            source: "Brown et al. 2020, arXiv 2005.14165, Table 2.1: 3.2M tokens",
        },
    ),
];

/// The global batch a paper states for the preset `id`.
pub fn published_global_batch(id: &str) -> Option<PublishedBatch> {
    PUBLISHED.iter().find(|(p, _)| *p == id).map(|(_, b)| *b)
}

/// A layout checked against a model, a count and a sequence length, with
/// what it implies.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub layout: Layout,
    /// Data-parallel replicas: `N / (tp · pp · cp)`.
    pub dp: u64,
    /// Micro-batches per step per replica, `m`.
    pub micro_batches: u64,
    /// Tokens per step as run: `m · dp · b · s`.
    pub global_batch_tokens: u64,
    /// The global batch asked for was not a whole number of micro-batches per
    /// replica and was rounded down to `global_batch_tokens`.
    pub global_batch_rounded: bool,
    /// Pipeline bubble as a fraction of the step's compute time:
    /// `(pp − 1) / (m · v)`; 0 without pipelining.
    pub bubble_fraction: f64,
}

/// Why a layout cannot run. Each message names the setting, its value, the
/// rule and what to change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum LayoutError {
    #[error("{what} ({value}) must be from 1 to {max}.")]
    OutOfRange {
        what: &'static str,
        value: u64,
        max: u64,
    },
    #[error("TP {tp} does not divide the {what} ({count}): tensor parallelism splits them evenly. Choose a TP that divides {count}.")]
    TpDoesNotDivide {
        tp: u64,
        what: &'static str,
        count: u64,
    },
    #[error("PP {pp} is more than the model's {layers} layers: every pipeline stage needs at least one. Choose PP ≤ {layers}.")]
    PpOverLayers { pp: u64, layers: u64 },
    #[error("TP · PP · CP = {product} does not divide the {n} accelerators: data parallelism needs whole replicas. Choose a count that is a multiple of {product}, or other degrees.")]
    CountNotDivisible { product: u64, n: u64 },
    #[error("EP {ep} is set but the model has no experts: expert parallelism needs a mixture of experts. Set EP to 1.")]
    EpWithoutExperts { ep: u64 },
    #[error("EP {ep} does not divide the {experts} experts: each expert-parallel rank holds the same number. Choose an EP that divides {experts}.")]
    EpDoesNotDivideExperts { ep: u64, experts: u64 },
    #[error("EP {ep} does not divide DP · CP = {replicas}: expert-parallel ranks are taken from the data-parallel ones. Choose an EP that divides {replicas}.")]
    EpDoesNotDivideReplicas { ep: u64, replicas: u64 },
    #[error("CP {cp} does not divide the sequence length ({seq_len}): context parallelism splits each sequence evenly. Choose a CP that divides {seq_len}.")]
    CpDoesNotDivideSequence { cp: u64, seq_len: u64 },
    #[error("Interleaving v = {v} needs pipelining (PP > 1) and layers ({layers}) divisible by PP · v = {chunks}. Set v to 1 or choose PP and v whose product divides {layers}.")]
    Interleave { v: u64, layers: u64, chunks: u64 },
    #[error("The micro-batch ({micro_batch} sequence{}) is larger than the per-replica batch ({per_replica} sequences of {}: the global batch of {} tokens over DP {}). Lower the micro-batch or raise the global batch to at least {} tokens.", if *micro_batch == 1 { "" } else { "s" }, g(*seq_len), g(*global), g(*dp), g(*needed))]
    MicroBatchOverReplicaBatch {
        micro_batch: u64,
        per_replica: String,
        seq_len: u64,
        global: u64,
        dp: u64,
        needed: u64,
    },
}

impl LayoutError {
    /// The setting the rule is about, as the page names its input: `tp`,
    /// `pp`, `cp`, `ep`, `micro-batch` or `interleave`; `None` when it is
    /// about the degrees together (TP · PP · CP against the count).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            LayoutError::OutOfRange { what, .. } => match *what {
                "TP" => Some("tp"),
                "PP" => Some("pp"),
                "CP" => Some("cp"),
                "EP" => Some("ep"),
                "The micro-batch" => Some("micro-batch"),
                _ => Some("interleave"),
            },
            LayoutError::TpDoesNotDivide { .. } => Some("tp"),
            LayoutError::PpOverLayers { .. } => Some("pp"),
            LayoutError::CountNotDivisible { .. } => None,
            LayoutError::EpWithoutExperts { .. }
            | LayoutError::EpDoesNotDivideExperts { .. }
            | LayoutError::EpDoesNotDivideReplicas { .. } => Some("ep"),
            LayoutError::CpDoesNotDivideSequence { .. } => Some("cp"),
            LayoutError::Interleave { .. } => Some("interleave"),
            LayoutError::MicroBatchOverReplicaBatch { .. } => Some("micro-batch"),
        }
    }
}

fn g(n: u64) -> String {
    crate::format::grouped_u64(n)
}

/// Checks `layout` against the model, `n` accelerators and sequences of
/// `seq_len` tokens, and derives DP, the micro-batches and the bubble.
///
/// `published` is the model's published global batch, used when `batch` is
/// [`GlobalBatch::Auto`].
pub fn check(
    spec: &ModelSpec,
    layout: &Layout,
    n: u64,
    seq_len: u64,
    batch: GlobalBatch,
    published: Option<u64>,
) -> Result<Plan, LayoutError> {
    for (what, value, max) in [
        ("TP", layout.tp, MAX_DEGREE),
        ("PP", layout.pp, MAX_DEGREE),
        ("CP", layout.cp, MAX_DEGREE),
        ("EP", layout.ep, MAX_DEGREE),
        ("The micro-batch", layout.micro_batch, MAX_MICRO_BATCH),
        ("Interleaving v", layout.interleave, MAX_INTERLEAVE),
    ] {
        if value == 0 || value > max {
            return Err(LayoutError::OutOfRange { what, value, max });
        }
    }
    let tp = layout.tp;
    for (what, count) in divided_by_tp(spec) {
        if !count.is_multiple_of(tp) {
            return Err(LayoutError::TpDoesNotDivide { tp, what, count });
        }
    }
    let layers = spec.n_layers();
    if layout.pp > layers {
        return Err(LayoutError::PpOverLayers {
            pp: layout.pp,
            layers,
        });
    }
    if layout.interleave > 1 {
        let chunks = layout.pp.saturating_mul(layout.interleave);
        if layout.pp == 1 || !layers.is_multiple_of(chunks) {
            return Err(LayoutError::Interleave {
                v: layout.interleave,
                layers,
                chunks,
            });
        }
    }
    let product = layout.model_parallel();
    if !n.is_multiple_of(product) {
        return Err(LayoutError::CountNotDivisible { product, n });
    }
    let dp = n / product;
    if !seq_len.is_multiple_of(layout.cp) {
        return Err(LayoutError::CpDoesNotDivideSequence {
            cp: layout.cp,
            seq_len,
        });
    }
    if layout.ep > 1 {
        let Some(experts) = spec.moe().map(|m| m.n_experts) else {
            return Err(LayoutError::EpWithoutExperts { ep: layout.ep });
        };
        if !experts.is_multiple_of(layout.ep) {
            return Err(LayoutError::EpDoesNotDivideExperts {
                ep: layout.ep,
                experts,
            });
        }
        let replicas = dp.saturating_mul(layout.cp);
        if !replicas.is_multiple_of(layout.ep) {
            return Err(LayoutError::EpDoesNotDivideReplicas {
                ep: layout.ep,
                replicas,
            });
        }
    }
    let b = layout.micro_batch;
    let per_step_micro = dp.saturating_mul(b).saturating_mul(seq_len).max(1);
    let (micro_batches, rounded) = match batch {
        GlobalBatch::Auto => {
            let target = published.unwrap_or(DEFAULT_GLOBAL_BATCH_TOKENS);
            // At least one micro-batch per pipeline stage, so the pipeline fills.
            (target.div_ceil(per_step_micro).max(layout.pp), false)
        }
        GlobalBatch::Tokens(global) => {
            let m = global / per_step_micro;
            if m == 0 {
                let per_replica = global as f64 / seq_len as f64 / dp as f64;
                return Err(LayoutError::MicroBatchOverReplicaBatch {
                    micro_batch: b,
                    per_replica: crate::format::plain(per_replica),
                    seq_len,
                    global,
                    dp,
                    needed: per_step_micro,
                });
            }
            (m, m.saturating_mul(per_step_micro) != global)
        }
    };
    let bubble_fraction = if layout.pp > 1 {
        (layout.pp - 1) as f64 / (micro_batches as f64 * layout.interleave as f64)
    } else {
        0.0
    };
    Ok(Plan {
        layout: *layout,
        dp,
        micro_batches,
        global_batch_tokens: micro_batches.saturating_mul(per_step_micro),
        global_batch_rounded: rounded,
        bubble_fraction,
    })
}

/// What TP must divide: every attention block's query and key/value heads,
/// every Mamba mixer's channels (Mamba-2: heads and groups), the heads of the
/// linear-attention and recurrent mixers (a convolution's or RWKV's channels),
/// every MLP's, shared experts' and routed expert's width.
fn divided_by_tp(spec: &ModelSpec) -> Vec<(&'static str, u64)> {
    let mut out = Vec::new();
    for g in spec.stacks.iter().flat_map(|s| &s.groups) {
        for a in g.layer.attn.iter().chain(g.layer.cross_attn.iter()) {
            out.push(("attention heads", a.n_heads));
            if a.mla.is_none() {
                out.push(("key/value heads", a.n_kv_heads));
            }
        }
        match &g.layer.mixer {
            // Megatron-Core splits a Mamba mixer's channels (Mamba-2: its heads
            // and groups) across TP ranks.
            Some(Mixer::Mamba(m)) => out.push(("Mamba inner width", m.d_inner)),
            Some(Mixer::Mamba2(m)) => {
                out.push(("Mamba-2 heads", m.n_heads));
                out.push(("Mamba-2 groups", m.n_groups));
            }
            // Linear attention and recurrences split by head (vLLM, Megatron
            // for Gated DeltaNet), convolutions and RWKV by channel.
            Some(Mixer::DeltaNet(m)) => {
                out.push(("linear-attention key heads", m.key_heads));
                out.push(("linear-attention value heads", m.value_heads));
            }
            Some(Mixer::Lightning(m)) => out.push(("lightning-attention heads", m.n_heads)),
            Some(Mixer::ShortConv(m)) => out.push(("short-convolution channels", m.width)),
            Some(Mixer::RgLru(m)) => out.push(("RG-LRU heads", m.n_heads)),
            Some(Mixer::Rwkv(m)) => out.push(("RWKV attention width", m.width)),
            Some(Mixer::MLstm(m)) => out.push(("mLSTM heads", m.n_heads)),
            None => {}
        }
        match &g.layer.ffn {
            Ffn::None => {}
            Ffn::Dense(m) => out.push(("MLP width (d_ff)", m.d_ff)),
            Ffn::Moe(m) => {
                out.push(("expert width (d_ff)", m.expert.d_ff));
                if let Some(s) = &m.shared {
                    out.push(("shared experts' width", s.count.saturating_mul(s.d_ff)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ModelChoice;

    #[test]
    fn zero_stages_round_trip_and_their_labels_say_what_is_sharded() {
        let labels: Vec<&str> = Zero::ALL.iter().map(|z| z.label()).collect();
        assert_eq!(
            labels,
            [
                "ZeRO 0 (nothing sharded)",
                "ZeRO 1 (optimizer state sharded)",
                "ZeRO 2 (optimizer state and gradients sharded)",
                "ZeRO 3 / FSDP (everything sharded)",
            ]
        );
        for (n, z) in Zero::ALL.into_iter().enumerate() {
            assert_eq!(u64::from(z.stage()), n as u64);
            assert_eq!(Zero::from_stage(n as u64), Some(z));
        }
        assert_eq!(Zero::from_stage(4), None);
    }

    fn spec(id: &str) -> ModelSpec {
        ModelChoice::preset(id).expect("a preset").0.spec
    }

    fn layout(tp: u64, pp: u64) -> Layout {
        Layout {
            tp,
            pp,
            ..Layout::default()
        }
    }

    #[test]
    fn a_summary_names_context_parallelism_only_when_it_is_used() {
        let plain = Layout::default();
        assert!(!plain.summary(8).contains("CP"), "{}", plain.summary(8));
        let cp = Layout {
            cp: 2,
            ..Layout::default()
        };
        assert_eq!(cp.summary(8), "TP 1 · PP 1 · CP 2 · DP 8 · ZeRO 1");
        // Micro-batches of one are the default and go unsaid.
        let b = Layout {
            micro_batch: 4,
            ..Layout::default()
        };
        assert_eq!(b.summary(8), "TP 1 · PP 1 · DP 8 · ZeRO 1 · b 4");
        let v = Layout {
            pp: 4,
            interleave: 2,
            ..Layout::default()
        };
        assert_eq!(v.summary(8), "TP 1 · PP 4 · DP 8 · ZeRO 1 · v 2");
    }

    #[test]
    fn a_refused_layout_names_the_setting_to_change() {
        let s = spec("llama-3.1-8b");
        let err = |l: Layout| {
            check(&s, &l, 1024, 8192, GlobalBatch::Auto, None)
                .expect_err("refused")
                .field()
        };
        assert_eq!(err(layout(3, 1)), Some("tp"));
        assert_eq!(err(layout(1, 33)), Some("pp"));
        assert_eq!(
            err(Layout {
                ep: 2,
                ..Layout::default()
            }),
            Some("ep")
        );
        // 4M tokens over DP 1,024 is half a sequence of 8,192 per replica.
        let batch = check(
            &s,
            &Layout::default(),
            1024,
            8192,
            GlobalBatch::Tokens(1 << 22),
            None,
        );
        assert_eq!(batch.expect_err("refused").field(), Some("micro-batch"));
        // TP 8 · PP 3 = 24 does not divide 1,000 accelerators.
        let product = check(&s, &layout(8, 3), 1000, 8192, GlobalBatch::Auto, None);
        assert!(matches!(
            product,
            Err(LayoutError::CountNotDivisible { .. })
        ));
        assert_eq!(product.expect_err("refused").field(), None);
    }

    #[test]
    fn each_degree_is_refused_only_above_its_limit() {
        let s = spec("llama-3.1-8b");
        let out_of_range = |l: Layout| {
            matches!(
                check(&s, &l, 1024, 8192, GlobalBatch::Auto, None),
                Err(LayoutError::OutOfRange { .. })
            )
        };
        let base = Layout::default();
        let field = |l: Layout| {
            check(&s, &l, 1024, 8192, GlobalBatch::Auto, None)
                .expect_err("refused")
                .field()
        };
        for (what, set) in [
            ("TP", (|l: &mut Layout, v| l.tp = v) as fn(&mut Layout, u64)),
            ("PP", |l, v| l.pp = v),
            ("CP", |l, v| l.cp = v),
            ("EP", |l, v| l.ep = v),
        ] {
            let at = |v: u64| {
                let mut l = base;
                set(&mut l, v);
                l
            };
            // At the limit the degree is judged on the model (refused for
            // other reasons here), never as out of range; above it, it is.
            assert!(!out_of_range(at(MAX_DEGREE)), "{what} at the limit");
            assert!(out_of_range(at(MAX_DEGREE + 1)), "{what} above the limit");
            assert!(out_of_range(at(0)), "{what} 0");
            // The message points at the page's input for that degree.
            assert_eq!(field(at(0)), Some(what.to_lowercase().as_str()), "{what}");
        }
        let micro = |micro_batch| Layout {
            micro_batch,
            ..base
        };
        assert!(!out_of_range(micro(MAX_MICRO_BATCH)));
        assert!(out_of_range(micro(MAX_MICRO_BATCH + 1)));
        assert_eq!(field(micro(0)), Some("micro-batch"));
        let interleave = |interleave| Layout { interleave, ..base };
        assert!(!out_of_range(interleave(MAX_INTERLEAVE)));
        assert!(out_of_range(interleave(MAX_INTERLEAVE + 1)));
        assert_eq!(field(interleave(0)), Some("interleave"));
    }

    #[test]
    fn data_parallelism_is_what_the_count_leaves() {
        let plan = check(
            &spec("llama-3.1-8b"),
            &layout(2, 4),
            1024,
            8192,
            GlobalBatch::Auto,
            None,
        )
        .expect("valid");
        assert_eq!(plan.dp, 128);
    }

    #[test]
    fn tp_that_does_not_divide_the_kv_heads_is_refused_naming_the_rule() {
        // Llama 3.1 8B: 32 heads, 8 key/value heads.
        let err = check(
            &spec("llama-3.1-8b"),
            &layout(16, 1),
            1024,
            8192,
            GlobalBatch::Auto,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("TP 16") && err.contains("key/value heads (8)"),
            "{err}"
        );
    }

    #[test]
    fn pp_beyond_the_layers_is_refused() {
        let err = check(
            &spec("llama-3.1-8b"),
            &layout(1, 64),
            1024,
            8192,
            GlobalBatch::Auto,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("PP 64") && err.contains("32 layers"), "{err}");
    }

    #[test]
    fn a_count_the_model_parallel_degree_does_not_divide_is_refused() {
        let err = check(
            &spec("llama-3.1-8b"),
            &layout(8, 2),
            1000,
            8192,
            GlobalBatch::Auto,
            None,
        )
        .unwrap_err();
        assert_eq!(
            err,
            LayoutError::CountNotDivisible {
                product: 16,
                n: 1000
            }
        );
    }

    #[test]
    fn ep_must_divide_the_experts_and_a_dense_model_has_none() {
        let moe = Layout {
            ep: 3,
            ..Layout::default()
        };
        let err = check(
            &spec("mixtral-8x7b"),
            &moe,
            96,
            4096,
            GlobalBatch::Auto,
            None,
        )
        .unwrap_err();
        assert_eq!(
            err,
            LayoutError::EpDoesNotDivideExperts { ep: 3, experts: 8 }
        );
        let dense = Layout {
            ep: 2,
            ..Layout::default()
        };
        let err = check(
            &spec("llama-3.1-8b"),
            &dense,
            96,
            4096,
            GlobalBatch::Auto,
            None,
        )
        .unwrap_err();
        assert_eq!(err, LayoutError::EpWithoutExperts { ep: 2 });
    }

    #[test]
    fn a_micro_batch_larger_than_the_replica_batch_is_refused_with_the_batch_needed() {
        // 1M tokens over DP 1024 at 8K: 0.125 sequences per replica.
        let err = check(
            &spec("llama-3.1-8b"),
            &Layout::default(),
            1024,
            8192,
            GlobalBatch::Tokens(1 << 20),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("0.125") && err.contains("8,388,608"), "{err}");
    }

    #[test]
    fn auto_batch_is_4m_tokens_rounded_up_to_a_micro_batch_per_replica() {
        let s = spec("llama-3.1-8b");
        let plan = check(&s, &layout(1, 1), 1024, 8192, GlobalBatch::Auto, None).expect("valid");
        assert_eq!(plan.micro_batches, 1);
        assert_eq!(plan.global_batch_tokens, 1024 * 8192);
        let plan = check(&s, &layout(8, 4), 64, 8192, GlobalBatch::Auto, None).expect("valid");
        // DP 2 × 8,192 tokens: 4M needs 256 micro-batches per replica.
        assert_eq!(plan.micro_batches, 256);
        assert_eq!(plan.global_batch_tokens, 1 << 22);
    }

    #[test]
    fn bubble_is_p_minus_one_over_m_v() {
        let s = spec("llama-3.1-8b");
        let l = Layout {
            tp: 8,
            pp: 4,
            interleave: 2,
            ..Layout::default()
        };
        let plan =
            check(&s, &l, 256, 8192, GlobalBatch::Tokens(8 * 8 * 8192), None).expect("valid");
        // DP 8, m = 8: (4 − 1) / (8 · 2).
        assert_eq!(plan.micro_batches, 8);
        assert!((plan.bubble_fraction - 3.0 / 16.0).abs() < 1e-12);
    }

    #[test]
    fn interleaving_needs_layers_divisible_by_pp_times_v() {
        let l = Layout {
            pp: 4,
            interleave: 3,
            ..Layout::default()
        };
        let err = check(&spec("llama-3.1-8b"), &l, 64, 8192, GlobalBatch::Auto, None).unwrap_err();
        assert_eq!(
            err,
            LayoutError::Interleave {
                v: 3,
                layers: 32,
                chunks: 12
            }
        );
    }
}
