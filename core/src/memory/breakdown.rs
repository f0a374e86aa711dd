//! Memory per accelerator for a model, a layout and a count: weights,
//! gradients, optimizer state, activations, logits and overhead, on the most
//! loaded pipeline stage, against the accelerator's memory.
//!
//! - **Training state** (Rajbhandari et al. 2020, ZeRO, §3.1 and §5): the
//!   bytes per parameter of [`BytesPerParam`], on the parameters an
//!   accelerator holds. TP splits each layer's matrices, the embedding and
//!   the head (vocabulary-parallel); norms, routers and other vectors stay
//!   whole on every TP rank. EP splits the routed experts. PP gives the first
//!   stage the embedding and the last the head (and, when tied, a copy of the
//!   embedding, as Megatron-LM keeps one there). ZeRO shards over the
//!   `DP · CP` replicas that hold the same weights (`DP · CP / EP` for the
//!   experts): stage 1 the optimizer state, 2 the gradients too, 3 the
//!   weights too, plus two layers gathered whole (the one computing and the
//!   one prefetched).
//! - **Activations** ([`super::activations`]) of one micro-batch, TP-split
//!   (and SP-split where `d_model` wide), CP-split over the sequence, times
//!   the micro-batches in flight: one with no pipelining; `min(PP, m)` on
//!   the first stage of 1F1B, times `1 + (PP − 1)/(PP · v)` when
//!   interleaved (Korthikanti et al. 2022, §4.2.3); one on the last stage.
//!   Full recomputation keeps each layer's input and one layer's tensors.
//! - **Logits** on the last stage: the `s·b·vocab` tensors of the loss.
//! - **Overhead**: the runtime's own memory (CUDA context, communication
//!   buffers, library workspaces) plus the allocator's fragmentation, as a
//!   fraction of everything else. Stated, editable and shown as its own line.
//! - **Beside the total**, what one sequence keeps to generate
//!   ([`super::SequenceCache`]: a hybrid's mixer layers a recurrent state,
//!   its attention layers a KV cache), for inference planning; training
//!   keeps neither.
//!
//! The most loaded stage is whichever of the first and the last holds more;
//! both are computed. Layers of different kinds (DeepSeek's dense first
//! layers, Jamba's attention every eighth) are spread over stages in
//! proportion (the spec keeps counts per kind, not the order).

use serde::{Deserialize, Serialize};

use super::activations::{model_kept, AttnKernel, Device, Kept, Kernels, Per, Recompute, Split};
use super::layout::{Plan, Zero};
use super::BytesPerParam;
use crate::format;
use crate::model::ModelSpec;
use crate::params::{Components, ParamCounts};

/// Memory the runtime takes besides tensors, and the allocator's waste.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overhead {
    /// Bytes for the CUDA context, NCCL's buffers and library workspaces.
    pub runtime_bytes: f64,
    /// Fragmentation: memory the caching allocator reserves but cannot use,
    /// as a fraction of the other lines.
    pub fragmentation: f64,
}

impl Overhead {
    /// 2 GB of runtime (a CUDA context is 0.5–1 GB on recent GPUs; NCCL's
    /// buffers and cuBLAS/cuDNN workspaces about as much again) plus 5 % for
    /// fragmentation (the 5 % Megatron-LM's `report_theoretical_memory` adds
    /// to activations; long runs measure 5–15 % with PyTorch's caching
    /// allocator). Round figures: measure yours with
    /// `torch.cuda.memory_reserved()` after the first step.
    pub const DEFAULT: Overhead = Overhead {
        runtime_bytes: 2e9,
        fragmentation: 0.05,
    };
}

impl Default for Overhead {
    fn default() -> Overhead {
        Overhead::DEFAULT
    }
}

/// Everything about memory a person sets besides the layout.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemorySettings {
    /// Training-state bytes per parameter.
    pub state: BytesPerParam,
    pub overhead: Overhead,
    pub kernels: Kernels,
}

impl Default for MemorySettings {
    fn default() -> MemorySettings {
        MemorySettings {
            state: BytesPerParam::MIXED_PRECISION_ADAM,
            overhead: Overhead::DEFAULT,
            kernels: Kernels::default(),
        }
    }
}

/// Which pipeline stage a breakdown is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// No pipelining: one stage holds everything.
    Only,
    /// The first stage: the embedding and the most micro-batches in flight.
    First,
    /// The last stage: the head, the loss and its logits.
    Last,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Only => "the only pipeline stage",
            Stage::First => "the first pipeline stage (embedding, most micro-batches in flight)",
            Stage::Last => "the last pipeline stage (head and logits)",
        }
    }
}

/// Bytes on one accelerator, by line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PerAccelerator {
    pub weights: f64,
    pub gradients: f64,
    pub optimizer: f64,
    pub activations: f64,
    pub logits: f64,
    pub overhead: f64,
    pub total: f64,
}

/// One line of the breakdown as the page and the CLI show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemoryLine {
    /// Stable key: `weights`, `gradients`, `optimizer`, `activations`,
    /// `logits`, `overhead`.
    pub key: &'static str,
    pub label: &'static str,
    pub bytes: f64,
    /// How the figure is made, with the numbers.
    pub detail: String,
}

/// The memory of one accelerator on the most loaded stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemoryBreakdown {
    pub plan: Plan,
    pub stage: Stage,
    /// Layers on that stage.
    pub stage_layers: u64,
    /// Micro-batches whose activations the stage holds at once.
    pub in_flight: f64,
    /// Parameters the accelerator holds before ZeRO shards them.
    pub params_held: f64,
    pub per_accelerator: PerAccelerator,
    /// The same lines with labels and formulas, in display order.
    pub lines: Vec<MemoryLine>,
    /// The accelerator's memory; `None` when unknown (a custom accelerator).
    pub capacity_bytes: Option<u64>,
    /// `total ≤ capacity`; `None` when the capacity is unknown.
    pub fits: Option<bool>,
    /// `capacity − total`: negative when over.
    pub free_bytes: Option<f64>,
    /// The layout in one line: "TP 2 · PP 1 · DP 512 · ZeRO 1".
    pub layout_text: String,
    /// "fits: 61.2 GB of 80 GB, 18.8 GB free" or "over by 12.3 GB (92.3 GB of 80 GB)".
    pub fit_text: String,
    /// What the figures leave out or assume.
    pub approximations: Vec<String>,
    /// What one sequence of the scenario's length keeps to generate
    /// (inference): the mixer layers' recurrent state and the attention
    /// layers' KV cache, in elements. Training keeps no cache: not in the
    /// total, carried alongside so that a hybrid shows both kinds.
    pub cache: super::SequenceCache,
}

/// One segment of the stacked bar the page draws: a line's share of the
/// bar's full length, which is the accelerator's memory or the total when
/// that is larger (so an overflow shows past the capacity mark).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BarSegment {
    pub key: &'static str,
    pub label: &'static str,
    pub bytes: f64,
    /// Where the segment starts, as a fraction of the bar (0 to 1).
    pub start: f64,
    /// Its length, as a fraction of the bar.
    pub fraction: f64,
}

impl MemoryBreakdown {
    /// The lines as segments of one bar, in display order, and where the
    /// accelerator's memory ends on it (1 when it fits, less when over;
    /// `None` when the memory is unknown).
    pub fn bar(&self) -> (Vec<BarSegment>, Option<f64>) {
        let total = self.per_accelerator.total;
        let full = self.capacity_bytes.map_or(total, |c| (c as f64).max(total));
        let full = if full > 0.0 { full } else { 1.0 };
        let mut start = 0.0;
        let segments = self
            .lines
            .iter()
            .map(|l| {
                let fraction = l.bytes / full;
                let s = BarSegment {
                    key: l.key,
                    label: l.label,
                    bytes: l.bytes,
                    start,
                    fraction,
                };
                start += fraction;
                s
            })
            .collect();
        (segments, self.capacity_bytes.map(|c| c as f64 / full))
    }
}

/// Per-token kept bytes, aggregated for fast evaluation of many layouts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
struct KeptSums {
    /// Per layer on average (over every layer of the model), by split and
    /// whether selective recomputation drops it.
    layer_rep: f64,
    layer_sharded: f64,
    layer_core_sharded: f64,
    /// The heaviest kind of layer, whole (the working set of full
    /// recomputation).
    max_layer_rep: f64,
    max_layer_sharded: f64,
    /// Per position, once per micro-batch (RoPE's tables).
    shared_position: f64,
    embedding_token: f64,
    embedding_position: f64,
    final_token: f64,
    logits_sharded: f64,
}

impl KeptSums {
    fn of(spec: &ModelSpec, kept: Kept, seq_len: u64) -> (KeptSums, Vec<String>) {
        let m = model_kept(spec, kept, seq_len);
        let layers = spec.n_layers().max(1) as f64;
        let mut s = KeptSums::default();
        for l in &m.layers {
            let (mut rep, mut sh) = (0.0, 0.0);
            for t in l.tensors.iter().filter(|t| t.per == Per::Token) {
                let share = l.count as f64 / layers;
                // The attention core is split by heads (`KeptTensor::core`):
                // no core tensor is replicated.
                match (t.split, t.core) {
                    (Split::Replicated, _) => s.layer_rep += share * t.bytes,
                    (Split::Sharded, false) => s.layer_sharded += share * t.bytes,
                    (Split::Sharded, true) => s.layer_core_sharded += share * t.bytes,
                }
                match t.split {
                    Split::Replicated => rep += t.bytes,
                    Split::Sharded => sh += t.bytes,
                }
            }
            if rep + sh > s.max_layer_rep + s.max_layer_sharded {
                s.max_layer_rep = rep;
                s.max_layer_sharded = sh;
            }
        }
        let sum = |v: &[super::activations::KeptTensor], per: Per| -> f64 {
            v.iter().filter(|t| t.per == per).map(|t| t.bytes).sum()
        };
        s.shared_position = sum(&m.shared, Per::Position);
        s.embedding_token = sum(&m.embedding, Per::Token);
        s.embedding_position = sum(&m.embedding, Per::Position);
        s.final_token = sum(&m.final_part, Per::Token);
        s.logits_sharded = sum(&m.logits, Per::Token);
        (s, m.approximations)
    }
}

/// Parameters by how the layout splits them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
struct ParamSums {
    /// In the layers: split by TP (attention, MLPs, shared experts).
    layers_sharded: f64,
    /// In the layers: whole on every TP rank (norms, routers, gates).
    layers_replicated: f64,
    /// Routed experts: split by TP and EP.
    layers_experts: f64,
    /// The largest layer, split as above, for ZeRO 3's gathered copies:
    /// (sharded, replicated, experts).
    max_layer: (f64, f64, f64),
    /// Token and position embeddings (first stage; TP-split).
    embedding: f64,
    /// The head (last stage; TP-split); 0 when tied.
    head: f64,
    /// Everything else outside the layers: final norms, pooler, projections
    /// (last stage, whole).
    outside_other: f64,
    tied: bool,
}

impl ParamSums {
    fn of(spec: &ModelSpec, params: &ParamCounts) -> ParamSums {
        let mut s = ParamSums::default();
        let split = |c: &Components| {
            (
                // A mixer's channels are split by TP like attention heads.
                (c.attention + c.mixer + c.mlp + c.shared_experts) as f64,
                // No layer holds embeddings or a head: `params` counts them
                // outside the layers (tests/memory.rs checks it).
                (c.norms + c.router + c.other) as f64,
                c.experts as f64,
            )
        };
        let mut in_layers: u64 = 0;
        for l in &params.layers {
            let (sh, rep, ex) = split(&l.per_layer);
            // Weights held: one set per layer, or fewer where layers share a block.
            let sets = l.weight_sets.unwrap_or(l.count);
            let n = sets as f64;
            s.layers_sharded += n * sh;
            s.layers_replicated += n * rep;
            s.layers_experts += n * ex;
            if sh + rep + ex > s.max_layer.0 + s.max_layer.1 + s.max_layer.2 {
                s.max_layer = (sh, rep, ex);
            }
            in_layers = in_layers.saturating_add(l.per_layer.total().saturating_mul(sets));
        }
        let b = &params.breakdown;
        s.embedding = b.embeddings as f64;
        s.head = b.head as f64;
        s.outside_other = b
            .total()
            .saturating_sub(in_layers)
            .saturating_sub(b.embeddings)
            .saturating_sub(b.head) as f64;
        s.tied = spec.head.is_some_and(|h| h.tied);
        s
    }
}

/// What memory depends on that no layout changes, computed once per
/// scenario so that many layouts can be evaluated quickly.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemoryModel {
    n_layers: u64,
    d_model: u64,
    seq_len: u64,
    settings: MemorySettings,
    /// By attention kernel: [SDPA, eager].
    kept: [KeptSums; 2],
    params: ParamSums,
    approximations: Vec<String>,
    cache: super::SequenceCache,
}

impl MemoryModel {
    /// The model of `spec` (with its counts) at sequences of `seq_len`.
    pub fn new(
        spec: &ModelSpec,
        params: &ParamCounts,
        seq_len: u64,
        settings: MemorySettings,
    ) -> MemoryModel {
        let kept = |attention| Kept {
            kernels: settings.kernels,
            attention,
            device: Device::Gpu,
        };
        let (sdpa, approximations) = KeptSums::of(spec, kept(AttnKernel::Sdpa), seq_len);
        let (eager, _) = KeptSums::of(spec, kept(AttnKernel::Eager), seq_len);
        MemoryModel {
            n_layers: spec.n_layers().max(1),
            d_model: spec.d_model,
            seq_len: seq_len.max(1),
            settings,
            kept: [sdpa, eager],
            params: ParamSums::of(spec, params),
            approximations,
            cache: super::sequence_cache(spec, seq_len.max(1)),
        }
    }

    /// The breakdown of a checked plan on an accelerator of `capacity` bytes.
    pub fn breakdown(&self, plan: &Plan, capacity: Option<u64>) -> MemoryBreakdown {
        let l = &plan.layout;
        let (first, last) = if l.pp == 1 {
            (self.stage(plan, Stage::Only), None)
        } else {
            (
                self.stage(plan, Stage::First),
                Some(self.stage(plan, Stage::Last)),
            )
        };
        let chosen = match last {
            Some(last) if last.per.total > first.per.total => last,
            _ => first,
        };
        self.finish(plan, chosen, capacity)
    }

    /// Only the total per accelerator on the most loaded stage (for the
    /// search).
    pub fn total_bytes(&self, plan: &Plan) -> f64 {
        let first = if plan.layout.pp == 1 {
            self.stage(plan, Stage::Only)
        } else {
            self.stage(plan, Stage::First)
        };
        if plan.layout.pp == 1 {
            return first.per.total;
        }
        first.per.total.max(self.stage(plan, Stage::Last).per.total)
    }

    fn stage(&self, plan: &Plan, stage: Stage) -> StageFigures {
        let l = &plan.layout;
        let pp = l.pp;
        let layers_total = self.n_layers;
        let base = layers_total / pp;
        let extra = layers_total % pp;
        let stage_layers = match stage {
            Stage::Only => layers_total,
            // Leftover layers go to the earliest stages (fewer than PP of
            // them, so the last stage never gets one).
            Stage::First => base + u64::from(extra > 0),
            Stage::Last => base,
        };
        let share = stage_layers as f64 / layers_total as f64;
        let tp = l.tp as f64;
        let p = &self.params;
        let ep = l.ep as f64;
        // Parameters held before ZeRO: dense (÷ TP for matrices) and experts.
        let mut dense = share * (p.layers_sharded / tp + p.layers_replicated);
        let experts = share * p.layers_experts / (tp * ep);
        let has_first = matches!(stage, Stage::Only | Stage::First);
        let has_last = matches!(stage, Stage::Only | Stage::Last);
        if has_first {
            dense += p.embedding / tp;
        }
        if has_last {
            dense += p.head / tp + p.outside_other;
            if p.tied && stage == Stage::Last {
                dense += p.embedding / tp;
            }
        }
        let state = self.settings.state;
        let replicas = (plan.dp * l.cp) as f64;
        let expert_replicas = replicas / ep;
        let shard = |bytes: f64, on: bool| {
            let d = if on { replicas } else { 1.0 };
            let e = if on { expert_replicas } else { 1.0 };
            bytes * (dense / d + experts / e)
        };
        let mut weights = shard(state.weights, l.zero == Zero::Weights);
        if l.zero == Zero::Weights {
            // Two layers gathered whole: the one computing, the one prefetched.
            let (sh, rep, ex) = p.max_layer;
            weights += 2.0 * state.weights * (sh / tp + rep + ex / (tp * ep));
        }
        let gradients = shard(state.gradients, l.zero >= Zero::Gradients);
        let optimizer = shard(state.optimizer, l.zero >= Zero::Optimizer);

        // Activations of one micro-batch.
        let k = &self.kept[match l.attention {
            AttnKernel::Sdpa => 0,
            AttnKernel::Eager => 1,
        }];
        let s = self.seq_len as f64;
        let cp = l.cp as f64;
        let tokens = l.micro_batch as f64 * s / cp;
        let positions = s / cp;
        let rep_div = if l.sequence_parallel { tp } else { 1.0 };
        let per_layer = match l.recompute {
            Recompute::None => {
                k.layer_rep / rep_div + (k.layer_sharded + k.layer_core_sharded) / tp
            }
            Recompute::Selective => k.layer_rep / rep_div + k.layer_sharded / tp,
            // Only the layer's input (BF16, d_model wide).
            Recompute::Full => 0.0,
        };
        let layer_input = match l.recompute {
            Recompute::Full => self.layer_input_bytes() / rep_div,
            _ => 0.0,
        };
        let stage_layers_f = stage_layers as f64;
        let mut micro =
            tokens * stage_layers_f * (per_layer + layer_input) + positions * k.shared_position;
        if has_first {
            micro += tokens * k.embedding_token / rep_div + positions * k.embedding_position;
        }
        let mut logits = 0.0;
        if has_last {
            micro += tokens * k.final_token / rep_div;
            logits = tokens * k.logits_sharded / tp;
        }
        let in_flight = match stage {
            Stage::Only | Stage::Last => 1.0,
            Stage::First => {
                let plain = pp.min(plan.micro_batches) as f64;
                if l.interleave > 1 {
                    plain * (1.0 + (pp as f64 - 1.0) / (pp as f64 * l.interleave as f64))
                } else {
                    plain
                }
            }
        };
        let mut activations = in_flight * micro;
        if l.recompute == Recompute::Full {
            // One layer recomputed at a time, for one micro-batch.
            activations += tokens * (k.max_layer_rep / rep_div + k.max_layer_sharded / tp);
        }
        let o = self.settings.overhead;
        let tensors = weights + gradients + optimizer + activations + logits;
        let overhead = o.runtime_bytes + o.fragmentation * tensors;
        StageFigures {
            stage,
            stage_layers,
            in_flight,
            params_held: dense + experts,
            per: PerAccelerator {
                weights,
                gradients,
                optimizer,
                activations,
                logits,
                overhead,
                total: tensors + overhead,
            },
        }
    }

    /// A layer's input, kept by full recomputation: `2·d_model` bytes a
    /// token (BF16).
    fn layer_input_bytes(&self) -> f64 {
        2.0 * self.d_model as f64
    }

    fn finish(&self, plan: &Plan, f: StageFigures, capacity: Option<u64>) -> MemoryBreakdown {
        let l = &plan.layout;
        let per = f.per;
        let state = self.settings.state;
        let zero = l.zero;
        let replicas = plan.dp * l.cp;
        let sharded = |on: bool| {
            if on {
                format!(
                    " ÷ {} (ZeRO {} over DP · CP)",
                    format::grouped_u64(replicas),
                    zero.stage()
                )
            } else {
                String::new()
            }
        };
        let held = format!(
            "{} parameters held (÷ TP {}{})",
            format::count(f.params_held),
            l.tp,
            if l.ep > 1 {
                format!(", experts ÷ EP {}", l.ep)
            } else {
                String::new()
            }
        );
        let o = self.settings.overhead;
        let tokens = format!(
            "b {} × s {}{}",
            l.micro_batch,
            format::grouped_u64(self.seq_len),
            if l.cp > 1 {
                format!(" ÷ CP {}", l.cp)
            } else {
                String::new()
            }
        );
        let lines = vec![
            MemoryLine {
                key: "weights",
                label: "Weights",
                bytes: per.weights,
                detail: format!(
                    "{held} × {} B{}{}",
                    format::plain(state.weights),
                    sharded(zero == Zero::Weights),
                    if zero == Zero::Weights {
                        " + two layers gathered whole"
                    } else {
                        ""
                    }
                ),
            },
            MemoryLine {
                key: "gradients",
                label: "Gradients",
                bytes: per.gradients,
                detail: format!(
                    "{held} × {} B{}",
                    format::plain(state.gradients),
                    sharded(zero >= Zero::Gradients)
                ),
            },
            MemoryLine {
                key: "optimizer",
                label: "Optimizer state",
                bytes: per.optimizer,
                detail: format!(
                    "{held} × {} B{}",
                    format::plain(state.optimizer),
                    sharded(zero >= Zero::Optimizer)
                ),
            },
            MemoryLine {
                key: "activations",
                label: "Activations",
                bytes: per.activations,
                detail: format!(
                    "{} layers × ({tokens}) tokens, {} kernels, {} attention, recompute {}{}; {} micro-batch{} in flight",
                    f.stage_layers,
                    self.settings.kernels.id(),
                    l.attention.id(),
                    l.recompute.id(),
                    if l.tp > 1 {
                        format!(
                            ", ÷ TP {}{}",
                            l.tp,
                            if l.sequence_parallel { " with SP" } else { " (d_model-wide tensors whole: no SP)" }
                        )
                    } else {
                        String::new()
                    },
                    format::plain(f.in_flight),
                    if f.in_flight == 1.0 { "" } else { "es" }
                ),
            },
            MemoryLine {
                key: "logits",
                label: "Logits and loss",
                bytes: per.logits,
                detail: if per.logits > 0.0 {
                    format!("s·b·vocab tensors of the loss ({tokens}), ÷ TP {}", l.tp)
                } else {
                    "on the last pipeline stage".to_string()
                },
            },
            MemoryLine {
                key: "overhead",
                label: "Overhead",
                bytes: per.overhead,
                detail: format!(
                    "{} runtime (CUDA context, NCCL buffers, workspaces) + {} fragmentation of the rest",
                    format::bytes(o.runtime_bytes),
                    format::percent(o.fragmentation)
                ),
            },
        ];
        let free_bytes = capacity.map(|c| c as f64 - per.total);
        let fits = free_bytes.map(|free| free >= 0.0);
        let fit_text = match (capacity, free_bytes) {
            (Some(c), Some(free)) if free >= 0.0 => format!(
                "fits: {} of {}, {} free",
                format::bytes(per.total),
                format::bytes(c as f64),
                format::bytes(free)
            ),
            (Some(c), Some(free)) => format!(
                "over by {} ({} of {})",
                format::bytes(-free),
                format::bytes(per.total),
                format::bytes(c as f64)
            ),
            _ => format!(
                "{} per accelerator (memory size unknown)",
                format::bytes(per.total)
            ),
        };
        let mut approximations = self.approximations.clone();
        if plan.layout.pp > 1 {
            approximations.push(
                "pipeline stages hold each kind of layer in proportion to its count".to_string(),
            );
        }
        MemoryBreakdown {
            plan: *plan,
            stage: f.stage,
            stage_layers: f.stage_layers,
            in_flight: f.in_flight,
            params_held: f.params_held,
            per_accelerator: per,
            lines,
            capacity_bytes: capacity,
            fits,
            free_bytes,
            layout_text: plan.layout.summary(plan.dp),
            fit_text,
            approximations,
            cache: self.cache,
        }
    }
}

struct StageFigures {
    stage: Stage,
    stage_layers: u64,
    in_flight: f64,
    params_held: f64,
    per: PerAccelerator,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::layout::{check, GlobalBatch, Layout};
    use crate::params::count_params;
    use crate::scenario::ModelChoice;

    fn breakdown(id: &str, layout: Layout, n: u64, capacity: u64) -> MemoryBreakdown {
        let spec = ModelChoice::preset(id).expect("preset").0.spec;
        let model = MemoryModel::new(&spec, &count_params(&spec), 8192, MemorySettings::default());
        let plan = check(&spec, &layout, n, 8192, GlobalBatch::Auto, None).expect("valid");
        model.breakdown(&plan, Some(capacity))
    }

    #[test]
    fn the_lines_add_up_to_the_total_and_the_bar_to_its_length() {
        let b = breakdown("llama-3.1-8b", Layout::default(), 1024, 80_000_000_000);
        let sum: f64 = b.lines.iter().map(|l| l.bytes).sum();
        assert!((sum - b.per_accelerator.total).abs() < 1e-6 * sum);
        let (segments, capacity) = b.bar();
        let last = segments.last().expect("segments");
        let used = last.start + last.fraction;
        assert!((used - b.per_accelerator.total / 80e9).abs() < 1e-12);
        assert_eq!(capacity, Some(1.0));
        assert_eq!(b.fits, Some(true));
        // "fits: X of 80 GB, Y free", with X + Y = 80 GB.
        let free = crate::format::bytes(80e9 - b.per_accelerator.total);
        let want = format!(
            "fits: {} of 80 GB, {free} free",
            crate::format::bytes(b.per_accelerator.total)
        );
        assert_eq!(b.fit_text, want);
    }

    #[test]
    fn only_a_pipeline_says_its_stages_hold_layers_in_proportion() {
        let note = "pipeline stages hold each kind of layer in proportion to its count";
        let says = |pp: u64| {
            let layout = Layout {
                pp,
                ..Layout::default()
            };
            breakdown("llama-3.1-8b", layout, 64, 80_000_000_000)
                .approximations
                .iter()
                .any(|a| a == note)
        };
        assert!(!says(1));
        assert!(says(2));
    }

    #[test]
    fn an_overflowing_bar_puts_the_capacity_mark_inside_it() {
        let b = breakdown("llama-3.1-70b", Layout::default(), 8, 80_000_000_000);
        assert_eq!(b.fits, Some(false));
        let (segments, capacity) = b.bar();
        let last = segments.last().expect("segments");
        assert!((last.start + last.fraction - 1.0).abs() < 1e-12);
        assert!(capacity.is_some_and(|c| c < 1.0));
        assert!(b.fit_text.starts_with("over by"), "{}", b.fit_text);
    }

    #[test]
    fn zero_3_shards_the_weights_and_zero_1_does_not() {
        let one = breakdown("llama-3.1-8b", Layout::default(), 64, 80_000_000_000);
        let three = breakdown(
            "llama-3.1-8b",
            Layout {
                zero: Zero::Weights,
                ..Layout::default()
            },
            64,
            80_000_000_000,
        );
        assert!(three.per_accelerator.weights < one.per_accelerator.weights / 4.0);
        assert_eq!(one.per_accelerator.weights, one.params_held * 2.0);
    }

    #[test]
    fn the_first_stage_holds_pp_micro_batches_and_the_last_one() {
        let layout = Layout {
            tp: 8,
            pp: 4,
            ..Layout::default()
        };
        let b = breakdown("llama-3.1-70b", layout, 64, 80_000_000_000);
        assert_eq!(b.stage, Stage::First);
        assert_eq!(b.in_flight, 4.0);
    }

    /// The memory table names the stage it shows (`src/components/memory_table.rs`).
    #[test]
    fn each_stage_label_names_its_stage_and_what_it_holds() {
        assert_eq!(Stage::Only.label(), "the only pipeline stage");
        assert!(Stage::First.label().starts_with("the first pipeline stage"));
        assert!(Stage::First.label().contains("embedding"));
        assert!(Stage::Last.label().starts_with("the last pipeline stage"));
        assert!(Stage::Last.label().contains("head"));
    }
}
