//! FLOPs: forward FLOPs per token under several counting conventions, training FLOPs
//! for a token budget, token-budget helpers, and the linear-layer example.
//!
//! A multiply-add is 2 FLOPs everywhere. Four conventions ([`Convention`]):
//! - `kaplan`: Kaplan et al. 2020, Table 1, generalised (see [`kaplan`]).
//! - `six_n`: `2·N` forward (`6·N` training) with N chosen by [`NBasis`].
//! - `dense`: every matrix multiply of the forward pass, attention over the full S×S:
//!   what `torch.utils.flop_counter` reports for the transformers model, divided by S.
//! - `causal`: `dense` with attention over the keys each query can see.
//!
//! Every convention counts MoE layers by their active experts (top-k and shared) plus
//! the router, MLA by its low-rank projections as computed, differential attention
//! as the two attention maps it computes, and the blocks beside attention and MLP
//! (per-layer inputs, AltUp, LAuReL, Doge's dynamic mask) by their matrix multiplies.
//! Sparse attention, one rule for all (DeepSeek's DSA and DeepSeek-V4's compressed
//! keys, Qwen4-Exp's QSA, MiniMax-M3's block indexer): `dense` counts QKᵀ and A·V
//! over all S keys, as transformers computes them (the indexer's choice is a mask),
//! while `causal` and `kaplan` count the keys each query actually attends to (DSA's
//! `top_k`; the blocks a block indexer keeps and the query's own partial block: see
//! [`attended_keys`]); every convention but `six_n` adds the indexer's own
//! projections and scoring.
//!
//! State-space and linear-attention layers ([`Mixer`]) have their own terms:
//! projections (`mixer_proj`), short convolutions (`mixer_conv`) and the scan
//! along the sequence (`mixer_scan`). `six_n` counts their parameters only;
//! `dense` counts what transformers' PyTorch path computes as matrix products
//! (exactly what PyTorch's counter sees) and, where the algorithm does more,
//! the rest (`mixer_scan_rest`, derived); `causal` and `kaplan` count the scan
//! as derived from the algorithm ([`FlopTerm::derived`]), since the fused
//! kernels are invisible to the counter. See `mamba_terms` and
//! `mamba2_terms` for the formulas.
//!
//! This module does not parse configs and holds no hardware, time or money.

use serde::{Deserialize, Serialize};

use crate::model::{
    Attention, CompressedKv, Decay, DeltaNet, Ffn, Layer, Lightning, MLstm, Mamba, Mamba2, Mixer,
    ModelSpec, RgLru, Rwkv, StackKind,
};
use crate::params::count_params;

/// Which parameter count goes into `six_n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NBasis {
    /// Kaplan's N: all parameters but the embeddings.
    NonEmbedding,
    /// Every parameter.
    Total,
    /// Parameters a token uses (total for dense models).
    Active,
}

impl NBasis {
    /// All bases, in display order.
    pub const ALL: [NBasis; 3] = [NBasis::Active, NBasis::Total, NBasis::NonEmbedding];

    /// Stable short id for URLs and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            NBasis::NonEmbedding => "non_embedding",
            NBasis::Total => "total",
            NBasis::Active => "active",
        }
    }

    /// The basis with this id.
    pub fn from_id(id: &str) -> Option<NBasis> {
        NBasis::ALL.into_iter().find(|b| b.id() == id)
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            NBasis::NonEmbedding => "non-embedding parameters (Kaplan's N)",
            NBasis::Total => "all parameters",
            NBasis::Active => "active parameters per token",
        }
    }
}

/// A FLOP-counting convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// Kaplan et al. 2020, Table 1.
    Kaplan,
    /// `2·N` per token forward.
    SixN(NBasis),
    /// Every matmul, full S×S attention.
    Dense,
    /// Every matmul, causal attention.
    Causal,
}

impl Convention {
    /// `six_n` with N = active parameters (= total for dense models): how GPT-3's
    /// 3.14e23 and Llama 3.1 405B's 3.8e25 were computed.
    pub const DEFAULT: Convention = Convention::SixN(NBasis::Active);

    /// Every convention, in display order.
    pub const ALL: [Convention; 6] = [
        Convention::SixN(NBasis::Active),
        Convention::SixN(NBasis::Total),
        Convention::SixN(NBasis::NonEmbedding),
        Convention::Kaplan,
        Convention::Dense,
        Convention::Causal,
    ];

    /// Stable short id for URLs and the CLI ("kaplan", "six_n", "dense", "causal").
    pub fn id(self) -> &'static str {
        match self {
            Convention::Kaplan => "kaplan",
            Convention::SixN(_) => "six_n",
            Convention::Dense => "dense",
            Convention::Causal => "causal",
        }
    }

    /// The N basis of `six_n`.
    pub fn basis(self) -> Option<NBasis> {
        match self {
            Convention::SixN(b) => Some(b),
            _ => None,
        }
    }

    /// Stable key in links, the CLI and reports: `kaplan`, `six_n.active`,
    /// `six_n.total`, `six_n.non_embedding`, `dense`, `causal`.
    pub fn key(self) -> String {
        match self {
            Convention::SixN(basis) => format!("six_n.{}", basis.id()),
            other => other.id().to_string(),
        }
    }

    /// The convention with this key ([`Convention::key`]); `six_n` alone
    /// means `six_n.active`.
    pub fn from_key(key: &str) -> Option<Convention> {
        if key == "six_n" {
            return Some(Convention::DEFAULT);
        }
        Convention::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The convention with this id; `six_n` takes a basis id (default `active`).
    pub fn from_ids(id: &str, basis: Option<&str>) -> Option<Convention> {
        match id {
            "kaplan" => Some(Convention::Kaplan),
            "dense" => Some(Convention::Dense),
            "causal" => Some(Convention::Causal),
            "six_n" => match basis {
                None => Some(Convention::DEFAULT),
                Some(b) => NBasis::from_id(b).map(Convention::SixN),
            },
            _ => None,
        }
    }

    /// Human label.
    pub fn label(self) -> String {
        match self {
            Convention::Kaplan => "Kaplan et al. (2020), Table 1".into(),
            Convention::SixN(b) => format!("6·N, N = {}", b.label()),
            Convention::Dense => {
                "every matmul, full attention (what PyTorch's FLOP counter reports)".into()
            }
            Convention::Causal => {
                "every matmul, causal attention (as Megatron-LM and MaxText count)".into()
            }
        }
    }
}

/// One term of a FLOP count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlopTerm {
    /// Stable key ("attention_core", "mlp", …).
    pub key: String,
    /// Human label.
    pub label: String,
    /// The formula with the numbers substituted.
    pub formula: String,
    /// FLOPs per token.
    pub flops: f64,
    /// Derived from the algorithm rather than counted from the implementation's
    /// matrix multiplies: PyTorch's FLOP counter does not see it, so no fixture
    /// checks it against the counter (a state-space scan in `causal` and
    /// `kaplan`). See [`FlopBreakdown::counter_visible`].
    #[serde(default, skip_serializing_if = "is_false")]
    pub derived: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Forward FLOPs per token under one convention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlopBreakdown {
    /// The convention.
    pub convention: Convention,
    /// Sequence length S the figures are for.
    pub seq_len: u64,
    /// Forward FLOPs per token (the sum of the terms).
    pub total: f64,
    /// The terms.
    pub terms: Vec<FlopTerm>,
    /// What the convention includes and leaves out for this model.
    pub notes: Vec<String>,
}

impl FlopBreakdown {
    /// The part of [`FlopBreakdown::total`] that PyTorch's FLOP counter can
    /// see: every term not marked [`FlopTerm::derived`]. Under `dense` this is
    /// what the family fixtures compare with the counter.
    pub fn counter_visible(&self) -> f64 {
        self.terms
            .iter()
            .filter(|t| !t.derived)
            .map(|t| t.flops)
            .sum()
    }
}

struct AccTerm {
    key: &'static str,
    label: &'static str,
    parts: Vec<String>,
    flops: f64,
    derived: bool,
}

#[derive(Default)]
struct Acc {
    terms: Vec<AccTerm>,
}

impl Acc {
    fn add(&mut self, key: &'static str, label: &'static str, value: f64, formula: String) {
        self.push(key, label, value, formula, false);
    }

    /// A term derived from the algorithm, which PyTorch's counter does not see.
    fn add_derived(&mut self, key: &'static str, label: &'static str, value: f64, formula: String) {
        self.push(key, label, value, formula, true);
    }

    fn push(
        &mut self,
        key: &'static str,
        label: &'static str,
        value: f64,
        formula: String,
        derived: bool,
    ) {
        match self.terms.iter_mut().find(|t| t.key == key) {
            Some(t) => {
                t.parts.push(formula);
                t.flops += value;
                t.derived |= derived;
            }
            None => self.terms.push(AccTerm {
                key,
                label,
                parts: vec![formula],
                flops: value,
                derived,
            }),
        }
    }

    fn finish(self, convention: Convention, seq_len: u64, notes: Vec<String>) -> FlopBreakdown {
        let terms: Vec<FlopTerm> = self
            .terms
            .into_iter()
            .map(|t| FlopTerm {
                key: t.key.into(),
                label: t.label.into(),
                formula: t.parts.join(" + "),
                flops: t.flops,
                derived: t.derived,
            })
            .collect();
        FlopBreakdown {
            convention,
            seq_len,
            total: terms.iter().map(|t| t.flops).sum(),
            terms,
            notes,
        }
    }
}

fn f(x: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let v = x as f64;
    v
}

/// A number for a formula: integers plainly, fractions with two decimals.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// Average number of keys a causal query sees with a window of `window` over a
/// sequence of `s`: `Σᵢ min(i, W) / S` for i = 1..S, which is `(S+1)/2` without a
/// window (or when S ≤ W).
pub fn causal_context(s: u64, window: Option<u64>) -> f64 {
    let s_f = f(s.max(1));
    match window {
        Some(w) if w < s => {
            let w_f = f(w);
            (w_f * (w_f + 1.0) / 2.0 + (s_f - w_f) * w_f) / s_f
        }
        _ => (s_f + 1.0) / 2.0,
    }
}

/// Widths of an attention block: `(q and k width per head, v width per head)`.
fn head_widths(a: &Attention) -> (u64, u64) {
    match &a.mla {
        Some(m) => (m.qk_nope_head_dim + m.qk_rope_head_dim, m.v_head_dim),
        None => (a.head_dim, a.v_head_dim.unwrap_or(a.head_dim)),
    }
}

/// The most keys a query of this block attends to: its sliding window, or the
/// keys a DSA indexer keeps, whichever is fewer.
fn key_cap(a: &Attention) -> Option<u64> {
    match (a.window, a.indexer.map(|ix| ix.top_k)) {
        (Some(w), Some(k)) => Some(w.min(k)),
        (w, k) => w.or(k),
    }
}

/// `Σ_{u=0..n} ⌊u/B⌋ = B·q(q−1)/2 + q·(r + 1)`, with `n = q·B + r`.
fn floor_sum(n: u64, b: u64) -> f64 {
    let b = b.max(1);
    let (q, r) = (n / b, n % b);
    f(b) * f(q) * (f(q) - 1.0) / 2.0 + f(q) * f(r + 1)
}

/// The keys a query of this block attends to, as sparse attention decides: the
/// rule of `causal` and `kaplan` for every sparse attention. A causal query at
/// position t (1-based) sees t keys and attends to
/// - `min(t, W)` under a window or a DSA indexer keeping `W = top_k` keys;
/// - under a block indexer of blocks of B keys keeping K of them
///   ([`crate::model::BlockIndexer`]): QSA its K best complete blocks and the
///   tail after the last complete one, `t − B·max(⌊t/B⌋ − K, 0)`; MiniMax-M3
///   its own block and its K − 1 best earlier ones, `t − B·max(⌊(t−1)/B⌋ −
///   (K − 1), 0)` (without local blocks the most it can keep, `min(t, K·B)`).
///
/// Returns the average over t = 1..S (`causal`), and the most any query of
/// the sequence attends to (Kaplan's `n_ctx`, and a bidirectional query).
fn attended_keys(s: u64, a: &Attention) -> (f64, f64) {
    let s = s.max(1);
    let s_f = f(s);
    let all = s_f * (s_f + 1.0) / 2.0;
    match &a.block_index {
        Some(x) if (x.per_key && x.local_blocks == 0) || x.top_blocks == 0 => {
            let cap = x.top_blocks.saturating_mul(x.block);
            (causal_context(s, Some(cap)), f(cap.min(s)))
        }
        Some(x) => {
            let (b, k) = (x.block.max(1), x.top_blocks);
            let (dropped, most) = if x.per_key {
                let before = (k - 1).saturating_mul(b);
                let dropped = match (s - 1).checked_sub(before) {
                    Some(n) => floor_sum(n, b),
                    None => 0.0,
                };
                (dropped, k.saturating_mul(b))
            } else {
                let kept = k.saturating_mul(b);
                let dropped = s.checked_sub(kept).map_or(0.0, |n| floor_sum(n, b));
                (dropped, kept.saturating_add(b - 1))
            };
            ((all - f(b) * dropped) / s_f, f(most.min(s)))
        }
        None => (
            causal_context(s, key_cap(a)),
            f(key_cap(a).map_or(s, |w| w.min(s))),
        ),
    }
}

/// The output gate's projection: `(width, input)`, width `H` (per head) or `H·v`,
/// input `d_model` or, where it reads the query latent, that latent's width.
fn gate_width(d: u64, a: &Attention) -> Option<(u64, u64)> {
    a.gate.map(|g| {
        let width = if g.per_head {
            a.n_heads
        } else {
            a.n_heads.saturating_mul(head_widths(a).1)
        };
        let input = match (&a.mla, g.from_query_latent) {
            (Some(m), true) => crate::params::query_latent_width(m).unwrap_or(d),
            _ => d,
        };
        (width, input)
    })
}

/// Wraps a formula in parentheses when it is a sum at its top level.
fn paren(t: &str) -> String {
    let mut depth = 0i32;
    let mut top_level_sum = false;
    for ch in t.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            '+' if depth == 0 => top_level_sum = true,
            _ => {}
        }
    }
    if top_level_sum {
        format!("({t})")
    } else {
        t.to_string()
    }
}

/// Multiply-adds per token of the input projections (q, k, v or MLA's low-rank ones,
/// and an output gate's projection), with the formula.
fn qkv_macs(d: u64, a: &Attention) -> (f64, String) {
    let h = a.n_heads;
    let (macs, text) = match &a.mla {
        Some(m) => {
            let qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
            let (q, q_text) = match m.q_lora_rank {
                Some(r) => {
                    let rb = crate::params::query_latent_width(m).unwrap_or(r);
                    (
                        f(d) * f(r) + f(rb) * f(h) * f(qk),
                        format!("{d}·{r} + {rb}·{h}·{qk}"),
                    )
                }
                None => (f(d) * f(h) * f(qk), format!("{d}·{h}·{qk}")),
            };
            let kv_a = f(d) * f(m.kv_lora_rank + m.qk_rope_head_dim);
            let kv_b = f(m.kv_lora_rank) * f(h) * f(m.qk_nope_head_dim + m.v_head_dim);
            (
                q + kv_a + kv_b,
                format!(
                    "{q_text} + {d}·({} + {}) + {}·{h}·({} + {})",
                    m.kv_lora_rank,
                    m.qk_rope_head_dim,
                    m.kv_lora_rank,
                    m.qk_nope_head_dim,
                    m.v_head_dim
                ),
            )
        }
        None => {
            let (kv, hd) = (a.n_kv_heads, a.head_dim);
            // A layer that reuses another's keys and values projects queries only;
            // with `v_from_k` the keys serve as values.
            let (kv_mats, heads) = if a.kv_shared {
                (0, format!("{h}"))
            } else if a.v_from_k {
                (1, format!("({h} + {kv})"))
            } else {
                (2, format!("({h} + 2·{kv})"))
            };
            let hv = a.v_head_dim.unwrap_or(hd);
            let (mut macs, mut text) = if let (Some(r), true) = (a.q_lora_rank, hv == hd) {
                // Queries through a latent (DeepSeek-V4).
                (
                    f(d) * f(r) + f(r) * f(h) * f(hd) + f(d) * f(kv_mats) * f(kv) * f(hd),
                    format!("{d}·{r} + {r}·{h}·{hd} + {d}·{kv_mats}·{kv}·{hd}"),
                )
            } else if hv == hd {
                (
                    f(d) * f(hd) * (f(h) + f(kv_mats) * f(kv)),
                    format!("{d}·{heads}·{hd}"),
                )
            } else {
                // Values narrower than queries and keys (MiMo-V2-Flash).
                let v_mats = u64::from(kv_mats == 2);
                let k_mats = kv_mats - v_mats;
                (
                    f(d) * (f(hd) * (f(h) + f(k_mats) * f(kv)) + f(hv) * f(v_mats) * f(kv)),
                    format!("{d}·(({h} + {k_mats}·{kv})·{hd} + {v_mats}·{kv}·{hv})"),
                )
            };
            if a.dynamic_mask {
                // Doge's dt_proj: Linear(KV·hd, KV) on the values.
                macs += f(kv) * f(hd) * f(kv);
                text.push_str(&format!(" + {kv}·{hd}·{kv}"));
            }
            (macs, text)
        }
    };
    match gate_width(d, a) {
        Some((g, input)) => (macs + f(input) * f(g), format!("{text} + {input}·{g}")),
        None => (macs, text),
    }
}

/// The DSA indexer of a block (not on layers that reuse a selection): its
/// projections `2·(r_q·H_I·D_I + d·D_I + d·H_I)` per token and its scoring, a
/// `H_I·D_I` dot product with every one of `keys` keys and the head-weighted sum,
/// `2·keys·H_I·(D_I + 1)`; `kaplan` halves the scoring as it halves QKᵀ.
fn indexer_terms(acc: &mut Acc, d: u64, c: u64, a: &Attention, keys: f64, kaplan: bool) {
    let Some(ix) = a.indexer.filter(|ix| !ix.shared) else {
        return;
    };
    let (hi, di, r) = (ix.n_heads, ix.head_dim, ix.q_rank);
    let proj = f(r) * f(hi) * f(di) + f(d) * f(di) + f(d) * f(hi);
    let (scale, lead) = if kaplan { (1.0, "") } else { (2.0, "2·") };
    acc.add(
        "indexer",
        "sparse-attention indexer",
        2.0 * f(c) * proj + scale * f(c) * keys * f(hi) * f(di + 1),
        format!(
            "2·{c}·({r}·{hi}·{di} + {d}·{di} + {d}·{hi}) + {lead}{c}·{}·{hi}·({di} + 1)",
            num(keys)
        ),
    );
}

/// Compressed entries a query of a compressed key/value branch attends to:
/// `⌊S/m⌋` under `Full`; under `Causal` the average over positions `t = 1..S` of
/// the `⌊t/m⌋` entries already complete, capped at the indexer's `top_k` when
/// `kept` (the attention) and not (the indexer, which scores them all).
fn compressed_keys(span: Span, s: u64, c: &CompressedKv, kept: bool) -> f64 {
    let m = c.rate.max(1);
    let s = s.max(1);
    match span {
        Span::Full => f(s / m),
        Span::Causal => {
            // Σ_{t=1..n} ⌊t/m⌋ = m·q·(q − 1)/2 + q·(r + 1), q = ⌊n/m⌋, r = n mod m.
            let sum = |n: u64| {
                let (q, r) = (f(n / m), f(n % m));
                f(m) * q * (q - 1.0) / 2.0 + q * (r + 1.0)
            };
            let cap = c.indexer.filter(|_| kept).map(|ix| ix.top_k);
            let total = match cap {
                Some(0) => 0.0,
                // From t = cap·m on, every query keeps `cap` entries.
                Some(k) if k.saturating_mul(m) <= s => {
                    let from = k.saturating_mul(m);
                    sum(from - 1) + f(k) * f(s - from + 1)
                }
                _ => sum(s),
            };
            total / f(s)
        }
    }
}

/// Compressed entries a compressed branch's indexer scores (0 without one).
fn compressed_scored(span: Span, s: u64, a: &Attention) -> f64 {
    a.compressed
        .filter(|c| c.indexer.is_some())
        .map_or(0.0, |c| compressed_keys(span, s, &c, false))
}

/// A compressed key/value branch (DeepSeek-V4): its compressor's `kv_proj` and
/// `gate_proj`, `2·2·d·w` per token (`w = 2·hd` with overlapping windows, else
/// `hd`); its indexer's compressor `2·2·d·2·D_I`, query and weight projections
/// `2·(r_q·H_I·D_I + d·H_I)`, and scoring `2·T·H_I·D_I` against the `T`
/// compressed entries (`entries`); `kaplan` halves the scoring.
fn compressed_terms(acc: &mut Acc, d: u64, c: u64, a: &Attention, entries: f64, kaplan: bool) {
    let Some(cm) = &a.compressed else {
        return;
    };
    let width = if cm.overlap {
        a.head_dim.saturating_mul(2)
    } else {
        a.head_dim
    };
    acc.add(
        "compressor",
        "key/value compressors",
        2.0 * f(c) * 2.0 * f(d) * f(width),
        format!("2·{c}·2·{d}·{width}"),
    );
    if let Some(ix) = &cm.indexer {
        let (hi, di) = (ix.n_heads, ix.head_dim);
        let r = a.q_lora_rank.unwrap_or(0);
        let proj = 2.0 * f(d) * 2.0 * f(di) + f(r) * f(hi) * f(di) + f(d) * f(hi);
        let (scale, lead) = if kaplan { (1.0, "") } else { (2.0, "2·") };
        acc.add(
            "indexer",
            "sparse-attention indexer",
            2.0 * f(c) * proj + scale * f(c) * entries * f(hi) * f(di),
            format!(
                "2·{c}·(2·{d}·2·{di} + {r}·{hi}·{di} + {d}·{hi}) + {lead}{c}·{}·{hi}·{di}",
                num(entries)
            ),
        );
    }
}

/// Routers of mixture-of-attention-heads blocks: `2·d·E` per token.
fn attention_router_terms(acc: &mut Acc, d: u64, c: u64, a: &Attention) {
    if let Some(e) = &a.experts {
        acc.add(
            "router",
            "router",
            2.0 * f(c) * f(d) * f(e.n_experts),
            format!("2·{c}·{d}·{}", e.n_experts),
        );
    }
}

/// Gated norms' bottlenecks: `2·count·2·d·rank` per token.
fn norm_gate_terms(acc: &mut Acc, d: u64, c: u64, l: &Layer) {
    if let Some(g) = &l.norm_gates {
        acc.add(
            "norm_gates",
            "gated norms",
            2.0 * f(c) * f(g.count) * 2.0 * f(d) * f(g.rank),
            format!("2·{c}·{}·2·{d}·{}", g.count, g.rank),
        );
    }
}

/// Hyper-connections: two mixings `2·(n·d)·outputs` per layer and the final
/// collapse `2·(n·d)·n`; with a low-rank input mixing of rank r, each mixing adds
/// and the final collapse is its bottleneck, `2·2·(n·d)·r`; with a stream mix,
/// two `n×n` products over the streams per layer, `2·n·n·d` each.
fn hyper_terms(acc: &mut Acc, spec: &ModelSpec) {
    let Some(hc) = &spec.hyper_connections else {
        return;
    };
    let (d, n, o) = (spec.d_model, hc.streams, hc.outputs);
    let layers = spec.n_layers();
    let (value, formula) = match hc.low_rank {
        None => (
            2.0 * f(layers) * 2.0 * f(n) * f(d) * f(o) + 2.0 * f(n) * f(d) * f(n),
            format!("2·{layers}·2·{n}·{d}·{o} + 2·{n}·{d}·{n}"),
        ),
        Some(r) => (
            2.0 * f(layers) * 2.0 * f(n) * f(d) * (f(o) + 2.0 * f(r))
                + 2.0 * 2.0 * f(n) * f(d) * f(r),
            format!("2·{layers}·2·{n}·{d}·({o} + 2·{r}) + 2·2·{n}·{d}·{r}"),
        ),
    };
    acc.add("hyper_connections", "hyper-connections", value, formula);
    if hc.stream_mix {
        acc.add(
            "hyper_connections",
            "hyper-connections",
            2.0 * f(layers) * 2.0 * f(n) * f(n) * f(d),
            format!("2·{layers}·2·{n}·{n}·{d}"),
        );
    }
}

/// How many times the implementation computes QKᵀ and A·V: twice for
/// differential attention, else once.
fn attention_maps(a: &Attention) -> u64 {
    if a.differential {
        2
    } else {
        1
    }
}

/// Multiply-adds per token of the output projection.
/// A grouped low-rank projection (DeepSeek-V4) is `H·hv·rank + groups·rank·d`.
fn o_macs(d: u64, a: &Attention) -> (f64, String) {
    let (_, v) = head_widths(a);
    let h = a.n_heads;
    match &a.grouped_out {
        Some(g) => (
            f(h) * f(v) * f(g.rank) + f(g.groups) * f(g.rank) * f(d),
            format!("{h}·{v}·{} + {}·{}·{d}", g.rank, g.groups, g.rank),
        ),
        None => (f(h) * f(v) * f(d), format!("{h}·{v}·{d}")),
    }
}

/// Multiply-adds per token of an MLP of width `d_ff`.
fn mlp_macs(d: u64, d_ff: u64, gated: bool) -> (f64, String) {
    let mats = if gated { 3 } else { 2 };
    (f(mats) * f(d) * f(d_ff), format!("{mats}·{d}·{d_ff}"))
}

/// How a convention counts attention over the context.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Span {
    /// Every query against all S keys.
    Full,
    /// Causal self-attention sees `causal_context` keys; bidirectional and cross see S
    /// (capped by a window).
    Causal,
}

/// Keys a query of this attention block sees.
fn context(span: Span, s: u64, stack: StackKind, a: &Attention, cross: bool) -> f64 {
    match span {
        Span::Full => f(s),
        Span::Causal if cross => f(s),
        Span::Causal => match stack {
            StackKind::Decoder => attended_keys(s, a).0,
            StackKind::Encoder => attended_keys(s, a).1,
        },
    }
}

/// `dense` and `causal`: every matmul of the forward pass (multiply-add = 2 FLOPs).
///
/// Per token and layer: input and output projections `2·(d·(H + 2·KV)·hd + H·hd·d)`
/// (MLA: its five projections); attention `2·ctx·H·(d_qk + d_v)` for QKᵀ and A·V,
/// with `ctx = S` (`dense`) or the average visible keys (`causal`); MLP `2·m·d·d_ff`
/// (m = 3 gated, 2 plain); MoE `2·d·E` router + `2·k·m·d·d_e` routed experts +
/// shared experts (and Qwen2-MoE's `2·d` shared gate). An output gate adds
/// `2·d·H·hv` or `2·d·H`; a mixture of attention heads runs `k` query/output
/// experts of `KV` heads each, which is `H = KV·k` heads, plus its router `2·d·E`;
/// `causal` counts the keys each query attends to under a window or sparse
/// attention ([`attended_keys`]: `Σᵢ min(i, top_k)/S` for a DSA indexer), and the
/// indexer adds its projections and its scoring of every visible key
/// ([`indexer_terms`], [`block_indexer_terms`]); MoE routers score `E + Z`
/// with zero-computation experts, which cost nothing when picked (so the routed
/// term is the most a token spends); hyper-connections ([`hyper_terms`]) and gated
/// norms ([`norm_gate_terms`]) add their bottlenecks. DeepSeek-V4's attention
/// projects queries through a latent (`2·(d·r + r·H·hd)`) and out through groups
/// (`2·(H·hv·rank + groups·rank·d)`); where it keeps a compressed copy of the keys
/// the queries also attend to its `⌊S/m⌋` entries (`causal`: those complete
/// before the query, at most the indexer's `top_k`), and the compressor and its
/// indexer add their terms ([`compressed_terms`]). A layer that reuses an
/// earlier layer's keys and values projects queries only (`2·d·H·hd`), one whose
/// values are its keys `2·d·(H + KV)·hd`; differential attention computes QKᵀ and
/// A·V twice; Doge's dynamic mask adds `2·KV·hd·KV`; LAuReL, per-layer inputs and
/// AltUp add the terms of `layer_extras` and `model_extras`. Once per token: the
/// head `2·w·R` (`R` its rows; a transform adds `2·d²`; OPT's projections `2·2·d·w`
/// when `w ≠ d`); once per sequence: a pooler `2·d²`, spread over S. Layers that
/// run only with images are skipped.
fn matmuls(spec: &ModelSpec, s: u64, span: Span, conv: Convention) -> FlopBreakdown {
    let d = spec.d_model;
    let mut acc = Acc::default();
    let mut notes = Vec::new();
    for stack in &spec.stacks {
        for g in &stack.groups {
            let c = g.count;
            let l = &g.layer;
            if l.needs_images {
                continue;
            }
            let blocks = l.attn.iter().map(|a| (a, false)).chain(
                l.cross_attn
                    .iter()
                    .filter(|_| !l.cross_needs_encoder)
                    .map(|a| (a, true)),
            );
            for (a, cross) in blocks {
                let (qkv, qkv_t) = qkv_macs(a.d_in.unwrap_or(d), a);
                let (o, o_t) = o_macs(d, a);
                acc.add(
                    "attention_proj",
                    "attention projections",
                    2.0 * f(c) * (qkv + o),
                    format!("2·{c}·({qkv_t} + {o_t})"),
                );
                let (qk, v) = head_widths(a);
                let ctx = context(span, s, stack.kind, a, cross)
                    + a.compressed
                        .map_or(0.0, |c| compressed_keys(span, s, &c, true));
                let maps = attention_maps(a);
                let times = if maps > 1 {
                    format!("{maps}·")
                } else {
                    String::new()
                };
                acc.add(
                    "attention_core",
                    "attention QKᵀ and A·V",
                    2.0 * f(maps) * f(c) * ctx * f(a.n_heads) * f(qk + v),
                    format!("2·{times}{c}·{}·{}·({qk} + {v})", num(ctx), a.n_heads),
                );
                // The indexer scores every key the query can see.
                let scored = match span {
                    Span::Full => f(s),
                    Span::Causal => causal_context(s, a.window),
                };
                indexer_terms(&mut acc, d, c, a, scored, false);
                compressed_terms(&mut acc, d, c, a, compressed_scored(span, s, a), false);
                attention_router_terms(&mut acc, d, c, a);
                block_indexer_terms(&mut acc, d, c, a, s, span == Span::Full);
                cca_terms(&mut acc, d, c, a, s, span == Span::Full);
            }
            if let Some(m) = &l.mixer {
                let count = match span {
                    Span::Full => ScanCount::AsComputed,
                    Span::Causal => ScanCount::Algorithm,
                };
                mixer_terms(&mut acc, d, c, m, s, count);
            }
            ffn_terms(&mut acc, d, c, l, Some(conv));
            norm_gate_terms(&mut acc, d, c, l);
            linear_terms(&mut acc, c, l);
            layer_extras(&mut acc, spec, c, l);
        }
    }
    hyper_terms(&mut acc, spec);
    head_terms(&mut acc, spec);
    model_extras(&mut acc, spec);
    if spec.pooler {
        let s_f = f(s.max(1));
        acc.add(
            "other",
            "pooler and embedding projections",
            2.0 * f(d) * f(d) / s_f,
            format!("2·{d}·{d} / {}", s.max(1)),
        );
        notes.push(format!(
            "The pooler runs once per sequence: its 2·d_model² FLOPs are spread over the {} tokens.",
            s.max(1)
        ));
    }
    match span {
        Span::Full => notes.insert(
            0,
            "Every matrix multiply of the forward pass, a multiply-add counted as 2 FLOPs, with \
             QKᵀ and A·V over the full S×S (no causal halving; sliding-window layers too, as the \
             implementation computes them): what torch.utils.flop_counter reports for the \
             transformers model, divided by S. Norms, activations, softmax and embedding \
             lookups are not counted."
                .into(),
        ),
        Span::Causal => notes.insert(
            0,
            "Every matrix multiply, with QKᵀ and A·V over the keys each query can see: on \
             average (S+1)/2 for causal self-attention, fewer where a sliding window caps it; \
             bidirectional (encoder) and cross-attention are not halved."
                .into(),
        ),
    }
    common_notes(spec, &mut notes);
    mixer_notes(spec, s, conv, &mut notes);
    acc.finish(conv, s, notes)
}

/// A block indexer's work, per token and layer: its projection
/// `2·d·(H_I + K_I)·D_I`, then the scores.
/// - Qwen4-Exp's QSA scores the complete blocks of `B` tokens each query can
///   see, `2·H_I·D_I·⌊t/B⌋` for the query at position t (1-based), averaged
///   over the sequence: `2·H_I·D_I·Σ⌊t/B⌋ / S`, in every convention (the
///   indexer computes only these, and the counter sees them as computed).
/// - With `per_key` (MiniMax-M3) it scores every key before pooling the
///   scores per block: `2·H_I·D_I·S` over the whole S×S as transformers
///   computes it (`dense`, `full`), `2·H_I·D_I·(S + 1)/2` over the keys each
///   query can see otherwise.
fn block_indexer_terms(acc: &mut Acc, d: u64, c: u64, a: &Attention, s: u64, full: bool) {
    let Some(x) = &a.block_index else { return };
    let (h, kv, hd, b) = (x.n_heads, x.n_kv_heads, x.head_dim, x.block.max(1));
    let keys = if x.per_key {
        if full {
            f(s) * f(s)
        } else {
            f(s) * f(s + 1) / 2.0
        }
    } else {
        floor_sum(s, b)
    };
    acc.add(
        "block_indexer",
        "block indexer (projection and block scores)",
        2.0 * f(c) * (f(d) * f(h + kv) * f(hd) + f(h) * f(hd) * keys / f(s.max(1))),
        format!(
            "2·{c}·({d}·({h} + {kv})·{hd} + {h}·{hd}·{} / {s})",
            num(keys)
        ),
    );
}

/// ZAYA's CCA convolutions over `C = (H + KV)·hd` channels, per token and
/// layer: the grouped one `2·C·hd·t₁`, the depthwise one `2·C·t₀`, computed
/// (as transformers pads it, `dense`) over `S + t₁ − 1` positions, so
/// `2·C·t₀·(S + t₁ − 1)/S`; `dense` also counts the delayed value projection
/// transformers runs on one zero token per sequence, `2·d·(KV·hd/2)/S`.
fn cca_terms(acc: &mut Acc, d: u64, c: u64, a: &Attention, s: u64, full: bool) {
    let Some(x) = &a.cca else { return };
    let (hd, t0, t1) = (a.head_dim, x.depthwise_kernel, x.grouped_kernel);
    let ch = (a.n_heads + a.n_kv_heads).saturating_mul(hd);
    let s = s.max(1);
    let half_v = a.n_kv_heads.saturating_mul(hd) / 2;
    let (value, formula) = if full {
        (
            2.0 * f(c)
                * (f(ch) * f(t0) * f(s + t1 - 1) / f(s)
                    + f(ch) * f(hd) * f(t1)
                    + f(d) * f(half_v) / f(s)),
            format!("2·{c}·({ch}·{t0}·({s} + {t1} − 1)/{s} + {ch}·{hd}·{t1} + {d}·{half_v}/{s})"),
        )
    } else {
        (
            2.0 * f(c) * (f(ch) * f(t0) + f(ch) * f(hd) * f(t1)),
            format!("2·{c}·({ch}·{t0} + {ch}·{hd}·{t1})"),
        )
    };
    acc.add(
        "cca",
        "CCA convolutions on queries and keys",
        value,
        formula,
    );
}

/// MLP, expert, shared-expert and router terms of one layer group.
fn ffn_terms(acc: &mut Acc, d: u64, c: u64, l: &Layer, conv: Option<Convention>) {
    let kaplan = conv == Some(Convention::Kaplan);
    let (mlp_key, mlp_label) = if kaplan {
        ("feedforward", "feedforward")
    } else {
        ("mlp", "MLP")
    };
    match &l.ffn {
        Ffn::None => {}
        Ffn::Dense(m) => {
            let (macs, t) = mlp_macs(d, m.d_ff, m.gated);
            acc.add(mlp_key, mlp_label, 2.0 * f(c) * macs, format!("2·{c}·{t}"));
        }
        Ffn::Moe(m) => {
            let (macs, t) = mlp_macs(m.expert_width(d), m.expert.d_ff, m.expert.gated);
            // transformers' Llama 4 runs every expert on every token: the
            // counter, and so `dense`, sees all of them.
            let all_run = m.every_expert_runs && conv == Some(Convention::Dense);
            let (key, label) = if kaplan {
                ("feedforward", "feedforward (active experts)")
            } else if all_run {
                (
                    "experts",
                    "routed experts (all run, as transformers computes them)",
                )
            } else {
                ("experts", "routed experts (top-k)")
            };
            let used = if all_run { m.n_experts } else { m.top_k };
            acc.add(
                key,
                label,
                2.0 * f(c) * f(used) * macs,
                format!("2·{c}·{used}·{t}"),
            );
            if let Some(l) = &m.latent {
                acc.add(
                    key,
                    label,
                    2.0 * f(c) * 2.0 * f(d) * f(l.dim),
                    format!("2·{c}·2·{d}·{}", l.dim),
                );
            }
            if let Some(sh) = &m.shared {
                let width = sh.count.saturating_mul(sh.d_ff);
                let (macs, t) = mlp_macs(d, width, sh.gated.unwrap_or(m.expert.gated));
                let (gate, gate_t) = if sh.gate {
                    (f(d), format!(" + {d}"))
                } else {
                    (0.0, String::new())
                };
                let (key, label) = if kaplan {
                    ("feedforward", "feedforward (active experts)")
                } else {
                    ("shared_experts", "shared experts")
                };
                acc.add(
                    key,
                    label,
                    2.0 * f(c) * (macs + gate),
                    format!("2·{c}·({t}{gate_t})"),
                );
            }
            let outputs = m.router_width().saturating_add(m.zero_experts);
            let outputs_t = if m.zero_experts > 0 {
                format!("({} + {})", m.router_width(), m.zero_experts)
            } else {
                format!("{outputs}")
            };
            match m.router_mlp {
                None => acc.add(
                    "router",
                    "router",
                    2.0 * f(c) * f(d) * f(outputs),
                    format!("2·{c}·{d}·{outputs_t}"),
                ),
                // ZAYA's router MLP: d → R → R → R → outputs.
                Some(r) => acc.add(
                    "router",
                    "router (an MLP)",
                    2.0 * f(c) * (f(d) * f(r) + 2.0 * f(r) * f(r) + f(r) * f(outputs)),
                    format!("2·{c}·({d}·{r} + 2·{r}² + {r}·{outputs_t})"),
                ),
            }
        }
    }
}

/// A layer's plain linear maps (Zamba's per-layer `linear`, Zamba2's LoRA
/// adapters): `2·d_in·d_out` each, per token.
fn linear_terms(acc: &mut Acc, c: u64, l: &Layer) {
    for x in &l.linears {
        acc.add(
            "layer_linears",
            "per-layer linear maps and adapters",
            2.0 * f(c) * f(x.d_in) * f(x.d_out),
            format!("2·{c}·{}·{}", x.d_in, x.d_out),
        );
    }
}

/// How a convention counts a token mixer's work along the sequence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ScanCount {
    /// `dense`: what transformers' PyTorch path computes as matrix products, as
    /// PyTorch's counter sees them (padded convolution outputs, padded SSD
    /// chunks, full blocks); elementwise recurrence work is not counted.
    AsComputed,
    /// `causal` and `kaplan`: the algorithm's FLOPs, derived (causal blocks,
    /// no padding), marked [`FlopTerm::derived`].
    Algorithm,
}

/// Projection, convolution and scan terms of `c` layers with token mixer `m`.
fn mixer_terms(acc: &mut Acc, d: u64, c: u64, m: &Mixer, s: u64, count: ScanCount) {
    match m {
        Mixer::Mamba(x) => mamba_terms(acc, d, c, x, s, count),
        Mixer::Mamba2(x) => mamba2_terms(acc, d, c, x, s, count),
        Mixer::DeltaNet(x) => delta_net_terms(acc, d, c, x, s, count),
        Mixer::Lightning(x) => lightning_terms(acc, d, c, x, s, count),
        Mixer::ShortConv(x) => {
            let (ch, k) = (x.width, x.conv_kernel);
            proj_term(acc, c, 4.0 * f(d) * f(ch), format!("4·{d}·{ch}"));
            conv_term(acc, c, ch, k, s, count);
        }
        Mixer::RgLru(x) => rg_lru_terms(acc, d, c, x, s, count),
        Mixer::Rwkv(x) => rwkv_terms(acc, d, c, x, count),
        Mixer::MLstm(x) => mlstm_terms(acc, d, c, x, s, count),
    }
}

const MIXER_PROJ: (&str, &str) = ("mixer_proj", "state-space / linear-attention projections");
const MIXER_CONV: (&str, &str) = ("mixer_conv", "short causal convolutions");

/// A depthwise causal convolution of `channels` channels and kernel `k`:
/// `2·C·K` per token; as PyTorch computes it (`dense`) the convolution is
/// padded by `K − 1` on both sides and the extra outputs are dropped
/// afterwards, so the counter sees `2·C·K·(S + K − 1)/S` per token.
fn conv_term(acc: &mut Acc, c: u64, channels: u64, k: u64, s: u64, count: ScanCount) {
    let (key, label) = MIXER_CONV;
    match count {
        ScanCount::AsComputed => acc.add(
            key,
            label,
            2.0 * f(c) * f(channels) * f(k) * f(s + k - 1) / f(s),
            format!("2·{c}·{channels}·{k}·({s} + {k} − 1) / {s}"),
        ),
        ScanCount::Algorithm => acc.add(
            key,
            label,
            2.0 * f(c) * f(channels) * f(k),
            format!("2·{c}·{channels}·{k}"),
        ),
    }
}

/// A scan's FLOPs per token, two ways: what transformers' PyTorch path
/// computes as matrix products (what PyTorch's counter sees), and the
/// algorithm's count (derived), each with its formula.
struct Scan {
    label: &'static str,
    as_computed: (f64, String),
    algorithm: (f64, String),
}

/// The scan terms of a convention:
/// - `dense`: the matrix products as computed (`mixer_scan`, which the
///   counter sees), plus whatever the algorithm's count exceeds them by
///   (`mixer_scan_rest`, derived: the elementwise recurrence of Mamba's
///   sequential loop), so that `dense` is never below `causal`;
/// - `causal` and `kaplan`: the algorithm's count (`mixer_scan`, derived).
fn scan_terms(acc: &mut Acc, scan: Scan, count: ScanCount) {
    let (computed, computed_t) = scan.as_computed;
    let (algorithm, algorithm_t) = scan.algorithm;
    match count {
        ScanCount::AsComputed => {
            // A recurrence with no matrix product (RG-LRU, RWKV) has no
            // counted part, only the derived rest.
            if computed > 0.0 {
                acc.add(
                    "mixer_scan",
                    "scan: matrix products as transformers computes them",
                    computed,
                    computed_t.clone(),
                );
            }
            if algorithm > computed {
                acc.add_derived(
                    "mixer_scan_rest",
                    "scan: the rest of the algorithm (derived, not seen by the counter)",
                    algorithm - computed,
                    format!("{} − {}", paren(&algorithm_t), paren(&computed_t)),
                );
            }
        }
        ScanCount::Algorithm => acc.add_derived("mixer_scan", scan.label, algorithm, algorithm_t),
    }
}

/// Mamba (E = `d_inner`, N = `d_state`, R = `dt_rank`, K = `d_conv`), per
/// token and layer:
/// - projections `2·(d·2E + E·(R + 2N) + R·E + E·d)` (in, x, Δ, out);
/// - convolution over E channels ([`conv_term`]);
/// - the selective scan (Gu & Dao 2023, §3.3): `9·E·N`, derived (the
///   authors' count for the discretisation, the scan and the C readout,
///   state-spaces/mamba#110). Of it, transformers' sequential scan computes
///   one matrix product, the C·h readout `2·E·N`: `dense` counts that as
///   computed and the other `7·E·N` as derived ([`scan_terms`]).
fn mamba_terms(acc: &mut Acc, d: u64, c: u64, m: &Mamba, s: u64, count: ScanCount) {
    let (e, n, r) = (m.d_inner, m.d_state, m.dt_rank);
    let macs = f(d) * 2.0 * f(e) + f(e) * f(r + 2 * n) + f(r) * f(e) + f(e) * f(d);
    let (key, label) = MIXER_PROJ;
    acc.add(
        key,
        label,
        2.0 * f(c) * macs,
        format!("2·{c}·({d}·2·{e} + {e}·({r} + 2·{n}) + {r}·{e} + {e}·{d})"),
    );
    conv_term(acc, c, e, m.d_conv, s, count);
    let scan = Scan {
        label: "selective scan (derived, Mamba §3.3)",
        as_computed: (2.0 * f(c) * f(e) * f(n), format!("2·{c}·{e}·{n}")),
        algorithm: (9.0 * f(c) * f(e) * f(n), format!("9·{c}·{e}·{n}")),
    };
    scan_terms(acc, scan, count);
}

/// Mamba-2 (H heads of width P, E = H·P, G groups, state N, kernel K, chunk
/// Q), per token and layer:
/// - projections `2·(d·(2E + 2GN + H) + E·d)`;
/// - convolution over `E + 2GN` channels ([`conv_term`]);
/// - the SSD scan (Dao & Gu 2024, §6), over `n = ⌈S/Q⌉` chunks:
///   - as transformers' PyTorch path computes it (five einsums over chunks
///     padded to a whole Q, B and C repeated to all H heads, full Q×Q
///     blocks), per sequence:
///     `2·n·Q²·H·(N + P)` (C·Bᵀ and its product with x) `+ 4·n·Q·H·P·N`
///     (chunk states and C·states) `+ 2·(n + 1)²·H·P·N` (state passing), ÷ S;
///   - derived from the algorithm, per sequence:
///     `2·(G·N + H·P)·T` (C·Bᵀ per group, and its product with x, over the
///     `T = Σ q(q+1)/2` causal pairs of chunks of length q) `+ 4·H·P·N·S`
///     (chunk states, and outputs from the states) `+ 2·H·P·N·(n − 1)`
///     (passing the state from chunk to chunk), ÷ S.
///
///   The first is never below the second, so `dense` has no derived rest.
fn mamba2_terms(acc: &mut Acc, d: u64, c: u64, m: &Mamba2, s: u64, count: ScanCount) {
    let (h, p, g, n, q) = (m.n_heads, m.head_dim, m.n_groups, m.d_state, m.chunk.max(1));
    let e = m.d_inner();
    let gn = g.saturating_mul(n);
    let macs = f(d) * f(2 * e + 2 * gn + h) + f(e) * f(d);
    let (key, label) = MIXER_PROJ;
    acc.add(
        key,
        label,
        2.0 * f(c) * macs,
        format!("2·{c}·({d}·(2·{e} + 2·{g}·{n} + {h}) + {e}·{d})"),
    );
    conv_term(acc, c, m.conv_channels(), m.d_conv, s, count);
    let chunks = s.div_ceil(q);
    let hpn = f(h) * f(p) * f(n);
    let q_f = f(q);
    let computed = 2.0 * f(chunks) * q_f * q_f * f(h) * f(n + p)
        + 4.0 * f(chunks) * q_f * hpn
        + 2.0 * f(chunks + 1) * f(chunks + 1) * hpn;
    let (full, rest) = (s / q, s % q);
    let pairs = f(full) * f(q) * f(q + 1) / 2.0 + f(rest) * f(rest + 1) / 2.0;
    let algorithm =
        2.0 * (f(g) * f(n) + f(h) * f(p)) * pairs + 4.0 * hpn * f(s) + 2.0 * hpn * f(chunks - 1);
    let scan = Scan {
        label: "SSD scan (derived, Mamba-2 §6)",
        as_computed: (
            f(c) * computed / f(s),
            format!(
                "{c}·(2·{chunks}·{q}²·{h}·({n} + {p}) + 4·{chunks}·{q}·{h}·{p}·{n} + \
                 2·{}²·{h}·{p}·{n}) / {s}",
                chunks + 1
            ),
        ),
        algorithm: (
            f(c) * algorithm / f(s),
            format!(
                "{c}·(2·({g}·{n} + {h}·{p})·{} + 4·{h}·{p}·{n}·{s} + 2·{h}·{p}·{n}·{}) / {s}",
                num(pairs),
                chunks - 1
            ),
        ),
    };
    scan_terms(acc, scan, count);
}

/// `2·c·macs` FLOPs of projections.
fn proj_term(acc: &mut Acc, c: u64, macs: f64, formula: String) {
    let (key, label) = MIXER_PROJ;
    acc.add(
        key,
        label,
        2.0 * f(c) * macs,
        format!("2·{c}·{}", paren(&formula)),
    );
}

/// Causal pairs within chunks of `q` tokens over a sequence of `s`:
/// `Σ n(n+1)/2` over the chunks' lengths n (the last one may be shorter).
fn causal_pairs(s: u64, q: u64) -> f64 {
    let q = q.max(1);
    let (full, rest) = (s / q, s % q);
    f(full) * f(q) * f(q + 1) / 2.0 + f(rest) * f(rest + 1) / 2.0
}

/// A [`Scan`] per token of `c` layers from per-sequence counts (as computed,
/// and the algorithm's).
fn seq_scan(
    c: u64,
    s: u64,
    label: &'static str,
    computed: (f64, String),
    algorithm: (f64, String),
) -> Scan {
    let per_token =
        |(v, t): (f64, String)| (f(c) * v / f(s.max(1)), format!("{c}·{} / {s}", paren(&t)));
    Scan {
        label,
        as_computed: per_token(computed),
        algorithm: per_token(algorithm),
    }
}

/// A gated delta-rule layer ([`DeltaNet`]: `H_k` query/key heads of width
/// `d_k`, `H_v` value heads of width `d_v`, K = `H_k·d_k`, V = `H_v·d_v`,
/// chunk Q), per token and layer:
/// - projections `2·(d·(2K + V + H_v) + decay + gate + V·d)` (q, k, v, β; the
///   decay `d·H_v` per head, or `d·r + r·H_v·d_k` / `d·H_v·d_k` per channel;
///   the output gate `d·V` or `d·r + r·V`);
/// - the convolution over `2K + V` channels ([`conv_term`]);
/// - the chunked delta rule, per sequence:
///   - `dense`, as transformers' PyTorch path computes it (queries and keys
///     repeated to the `H_v` value heads, the sequence padded to
///     `L = ⌈S/Q⌉·Q`, full Q×Q blocks; its triangular solve is not a matrix
///     product the counter sees): Gated DeltaNet
///     `H_v·L·(4·Q·d_k + 2·Q·d_v + 6·d_k·d_v)` (β-weighted K·Kᵀ, Q·Kᵀ and
///     their product with the new values; per chunk the old state read by
///     keys and queries and the state update); Kimi Delta Attention, which
///     forms K·Kᵀ and Q·Kᵀ elementwise and applies its triangular inverse by
///     two matrix products, `H_v·L·(2·Q·d_k + 4·Q·d_v + 6·d_k·d_v)`;
///   - derived from the algorithm (`causal`, `kaplan`), per value head:
///     `2·(P₋·(2·d_k + d_v) + P₊·(d_k + d_v) + 3·S·d_k·d_v)`, with `P₋` the
///     strictly causal pairs within chunks (β·K·Kᵀ, and the unit-triangular
///     solve applied to values and keys) and `P₊ = P₋ + S` the causal pairs with
///     the diagonal (Q·Kᵀ, and its product with the new values); per token the
///     state is read by a key and a query and updated once (`3·d_k·d_v`
///     multiply-adds). Decays and gates are elementwise and not counted.
fn delta_net_terms(acc: &mut Acc, d: u64, c: u64, m: &DeltaNet, s: u64, count: ScanCount) {
    let (kw, vw, hv) = (m.key_width(), m.value_width(), m.value_heads);
    let (dk, dv, q) = (m.key_dim, m.value_dim, m.chunk.max(1));
    let (decay, decay_t) = match m.decay {
        Decay::PerHead => (f(d) * f(hv), format!("{d}·{hv}")),
        Decay::PerChannel { rank: Some(r) } => (
            f(d) * f(r) + f(r) * f(hv) * f(dk),
            format!("{d}·{r} + {r}·{hv}·{dk}"),
        ),
        Decay::PerChannel { rank: None } => (f(d) * f(hv) * f(dk), format!("{d}·{hv}·{dk}")),
    };
    let (gate, gate_t) = match m.gate_rank {
        Some(r) => (f(d) * f(r) + f(r) * f(vw), format!("{d}·{r} + {r}·{vw}")),
        None => (f(d) * f(vw), format!("{d}·{vw}")),
    };
    let macs = f(d) * f(2 * kw + vw + hv) + decay + gate + f(vw) * f(d);
    proj_term(
        acc,
        c,
        macs,
        format!("{d}·(2·{kw} + {vw} + {hv}) + {decay_t} + {gate_t} + {vw}·{d}"),
    );
    conv_term(acc, c, m.conv_channels(), m.conv_kernel, s, count);
    let l = s.div_ceil(q) * q;
    let (a, b) = match m.decay {
        Decay::PerHead => (4, 2),
        Decay::PerChannel { .. } => (2, 4),
    };
    let computed = f(hv) * f(l) * (f(a) * f(q) * f(dk) + f(b) * f(q) * f(dv) + 6.0 * f(dk) * f(dv));
    let plus = causal_pairs(s, q);
    let minus = plus - f(s);
    let algorithm =
        2.0 * f(hv) * (minus * f(2 * dk + dv) + plus * f(dk + dv) + 3.0 * f(s) * f(dk) * f(dv));
    let scan = seq_scan(
        c,
        s,
        "chunked delta rule (derived)",
        (
            computed,
            format!("{hv}·{l}·({a}·{q}·{dk} + {b}·{q}·{dv} + 6·{dk}·{dv})"),
        ),
        (
            algorithm,
            format!(
                "2·{hv}·({}·(2·{dk} + {dv}) + {}·({dk} + {dv}) + 3·{s}·{dk}·{dv})",
                num(minus),
                num(plus)
            ),
        ),
    );
    scan_terms(acc, scan, count);
}

/// Lightning attention ([`Lightning`]: H heads of width h, A = H·h, blocks of
/// B), per token and layer: projections `2·5·d·A` (q, k, v, the output gate,
/// out); per sequence and head, within blocks Q·Kᵀ and its product with V,
/// across blocks Q times the running K·V state and each block's Kᵀ·V:
/// - `dense` (full blocks, the last one shorter, no padding):
///   `4·h·Σb² + 4·S·h²` over the blocks' lengths b;
/// - derived (`causal`, `kaplan`): `4·h·P₊ + 4·S·h²`, with `P₊` the causal
///   pairs within blocks.
fn lightning_terms(acc: &mut Acc, d: u64, c: u64, m: &Lightning, s: u64, count: ScanCount) {
    let (h, hd, b) = (m.n_heads, m.head_dim, m.block.max(1));
    let a = h.saturating_mul(hd);
    proj_term(acc, c, 5.0 * f(d) * f(a), format!("5·{d}·{a}"));
    let (full, rest) = (s / b, s % b);
    let per_seq = |pairs: f64| {
        (
            f(h) * (4.0 * f(hd) * pairs + 4.0 * f(s) * f(hd) * f(hd)),
            format!("{h}·(4·{hd}·{} + 4·{s}·{hd}²)", num(pairs)),
        )
    };
    let scan = seq_scan(
        c,
        s,
        "lightning attention blocks (derived)",
        per_seq(f(full) * f(b) * f(b) + f(rest) * f(rest)),
        per_seq(causal_pairs(s, b)),
    );
    scan_terms(acc, scan, count);
}

/// Griffin's recurrent block ([`RgLru`]: width W, H heads, kernel K), per
/// token and layer: projections `2·(2·d·W + W·d + 2·W²/H)` (the two branches,
/// the output, and the block-diagonal input and recurrence gates); the
/// convolution over W channels ([`conv_term`]); the recurrence
/// `h = a·h + √(1 − a²)·(i·x)` is elementwise (no matrix product the counter
/// sees), and the derived count is its 4 FLOPs per channel, `4·W` (the gates'
/// sigmoid, softplus and square root are not counted, like activations):
/// `causal` and `kaplan` count it as the scan, `dense` as the derived rest
/// ([`scan_terms`]).
fn rg_lru_terms(acc: &mut Acc, d: u64, c: u64, m: &RgLru, s: u64, count: ScanCount) {
    let (wd, h) = (m.width, m.n_heads.max(1));
    let macs = 3.0 * f(d) * f(wd) + 2.0 * f(wd) * f(wd) / f(h);
    proj_term(acc, c, macs, format!("3·{d}·{wd} + 2·{wd}²/{h}"));
    conv_term(acc, c, wd, m.conv_kernel, s, count);
    let scan = Scan {
        label: "RG-LRU recurrence (derived)",
        as_computed: (0.0, "0".into()),
        algorithm: (4.0 * f(c) * f(wd), format!("4·{c}·{wd}")),
    };
    scan_terms(acc, scan, count);
}

/// RWKV-4 ([`Rwkv`]: time-mixing width A), per token and layer: projections
/// `2·(4·d·A + d·d)` (key, value, receptance, output; the channel mixing's
/// receptance); the WKV recurrence is elementwise (no matrix product the
/// counter sees), and its derived count is `9·A`: per channel the output
/// `(a + e^(u+k)·v)/(b + e^(u+k))` (4 FLOPs) and the updates
/// `a ← e^(−w)·a + e^k·v` (3) and `b ← e^(−w)·b + e^k` (2), exponentials not
/// counted; `causal` and `kaplan` count it as the scan, `dense` as the derived
/// rest ([`scan_terms`]).
fn rwkv_terms(acc: &mut Acc, d: u64, c: u64, m: &Rwkv, count: ScanCount) {
    let a = m.width;
    proj_term(
        acc,
        c,
        4.0 * f(d) * f(a) + f(d) * f(d),
        format!("4·{d}·{a} + {d}·{d}"),
    );
    let scan = Scan {
        label: "WKV recurrence (derived)",
        as_computed: (0.0, "0".into()),
        algorithm: (9.0 * f(c) * f(a), format!("9·{c}·{a}")),
    };
    scan_terms(acc, scan, count);
}

/// xLSTM's mLSTM ([`MLstm`]: H heads, query/key width Q, value width V, per
/// head `q = Q/H` and `v = V/H`, chunk C), per token and layer: projections
/// `2·(d·(2Q + 2V + 2H) + V·d)`; per sequence and head:
/// - `dense`, as transformers computes it (whole chunks by the chunkwise
///   form, the `S mod C` remaining tokens one step at a time):
///   `⌊S/C⌋·C·(4·q·v + 2·C·q + 2·C·v + 2·q) + (S mod C)·(4·q·v + 2·q)`
///   (within chunks Q·Kᵀ and its product with V over full C×C blocks; per token
///   the memory's update and readout and the normaliser's readout);
/// - derived (`causal`, `kaplan`): `2·P₊·(q + v) + S·(4·q·v + 2·q)`, with `P₊`
///   the causal pairs within chunks. Gates and stabilisers are elementwise.
fn mlstm_terms(acc: &mut Acc, d: u64, c: u64, m: &MLstm, s: u64, count: ScanCount) {
    let (h, qw, vw, ch) = (m.n_heads.max(1), m.qk_dim, m.v_dim, m.chunk.max(1));
    let (q, v) = (qw / h, vw / h);
    let macs = f(d) * f(2 * qw + 2 * vw + 2 * h) + f(vw) * f(d);
    proj_term(
        acc,
        c,
        macs,
        format!("{d}·(2·{qw} + 2·{vw} + 2·{h}) + {vw}·{d}"),
    );
    let step = 4.0 * f(q) * f(v) + 2.0 * f(q);
    let (full, rest) = (s / ch, s % ch);
    let pairs = causal_pairs(s, ch);
    let scan = seq_scan(
        c,
        s,
        "mLSTM cell (derived)",
        (
            f(h) * (f(full) * f(ch) * (step + 2.0 * f(ch) * f(q + v)) + f(rest) * step),
            format!(
                "{h}·({full}·{ch}·(4·{q}·{v} + 2·{ch}·({q} + {v}) + 2·{q}) + \
                 {rest}·(4·{q}·{v} + 2·{q}))"
            ),
        ),
        (
            f(h) * (2.0 * pairs * f(q + v) + f(s) * step),
            format!(
                "{h}·(2·{}·({q} + {v}) + {s}·(4·{q}·{v} + 2·{q}))",
                num(pairs)
            ),
        ),
    );
    scan_terms(acc, scan, count);
}

/// What a convention means for state-space layers, when the model has any.
fn mixer_notes(spec: &ModelSpec, s: u64, conv: Convention, notes: &mut Vec<String>) {
    let mixers: Vec<&Mixer> = spec
        .stacks
        .iter()
        .flat_map(|st| &st.groups)
        .filter_map(|g| g.layer.mixer.as_ref())
        .collect();
    if mixers.is_empty() {
        return;
    }
    // The other mixers have their own notes (`linear_mixer_notes`).
    if !mixers
        .iter()
        .any(|m| matches!(m, Mixer::Mamba(_) | Mixer::Mamba2(_)))
    {
        notes.extend(linear_mixer_notes(&mixers, s, conv));
        return;
    }
    let has = |name: &str| mixers.iter().any(|m| m.name() == name);
    let note = match conv {
        Convention::SixN(_) => "State-space layers: 2·N covers their projections, convolutions \
            and per-channel A, D and Δ parameters; like attention over the context, the scan \
            along the sequence is not counted."
            .to_string(),
        Convention::Kaplan => "Kaplan et al.'s Table 1 has no row for a state-space layer: its \
            projections are counted as 2 FLOPs per weight like the attention rows, its \
            convolution as 2·C·K, and its scan as derived from the algorithm (as in `causal`, \
            marked derived)."
            .to_string(),
        Convention::Dense => {
            let mut t = "State-space layers as transformers' PyTorch path computes them, which \
                is what PyTorch's counter sees: projections; the depthwise convolution over \
                S + K − 1 positions (it pads both ends and drops the extra outputs); of the \
                scan, the matrix products as computed, and, where the algorithm does more \
                than they, the rest as its own derived term."
                .to_string();
            if has("Mamba") {
                t.push_str(
                    " Mamba's sequential scan has one, the C·h readout (2·E·N per token); the \
                        rest of the selective scan (discretisation and state update, 7·E·N of \
                        the algorithm's 9·E·N) is elementwise, which the counter does not see: \
                        it is added as its own term, derived, so that `dense` is never below \
                        `causal`.",
                );
            }
            if has("Mamba-2") {
                t.push_str(
                    " Mamba-2's SSD is five einsums over chunks of Q tokens: the last chunk \
                        is padded to a whole Q, C·Bᵀ is computed over full Q×Q blocks, and B and \
                        C are repeated to every head, which is more than the algorithm's work \
                        (so there is no derived rest).",
                );
                let padded = mixers.iter().any(|m| match m {
                    Mixer::Mamba2(x) => !s.is_multiple_of(x.chunk.max(1)),
                    _ => false,
                });
                if padded {
                    t.push_str(&format!(
                        " S = {s} is not a multiple of the chunk length, so the padding is \
                            counted too."
                    ));
                }
            }
            t.push_str(
                " The fused CUDA kernels (mamba_ssm), which the counter cannot see, do the \
                    algorithm's work instead: see `causal`.",
            );
            t
        }
        Convention::Causal => {
            let mut t = "State-space layers: projections and the convolution (2·C·K per \
                token) as in `dense`; the scan is derived from the algorithm, not counted \
                from an implementation (PyTorch's counter does not see the fused kernels), \
                and marked derived."
                .to_string();
            if has("Mamba") {
                t.push_str(
                    " Mamba's selective scan: 9·E·N per token (Gu & Dao 2023, §3.3; the \
                        authors' count of 9 FLOPs per state element for discretisation, scan and \
                        readout, state-spaces/mamba#110).",
                );
            }
            if has("Mamba-2") {
                t.push_str(
                    " Mamba-2's SSD (Dao & Gu 2024, §6), per sequence of S tokens in \
                        n = ⌈S/Q⌉ chunks: 2·(G·N + H·P)·T for C·Bᵀ (per group) and its product \
                        with x over the T = Σ q(q+1)/2 causal pairs within chunks, 4·H·P·N·S for \
                        the chunk states and the outputs from them, and 2·H·P·N·(n − 1) to pass \
                        the state between chunks.",
                );
            }
            t
        }
    };
    notes.push(note);
    notes.extend(linear_mixer_notes(&mixers, s, conv));
}

/// What each convention means for the linear-attention, convolution and
/// recurrent mixers (one note per kind present).
fn linear_mixer_notes(mixers: &[&Mixer], s: u64, conv: Convention) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for m in mixers {
        let name = m.name();
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let text = match (m, conv) {
            (Mixer::Mamba(_) | Mixer::Mamba2(_), _) => continue,
            (_, Convention::SixN(_)) => format!(
                "{name} layers: 2·N covers their projections and per-channel parameters; \
                 their work along the sequence (the recurrence or the chunked products) is \
                 not counted."
            ),
            (Mixer::DeltaNet(x), Convention::Dense) => format!(
                "{name} layers as transformers' PyTorch path runs them (the fla kernels \
                 are not used): the sequence is padded to a multiple of the {}-token chunk \
                 ({} positions at S = {s}), queries and keys are repeated to every value \
                 head, and the chunks' matrix products are full blocks; the triangular \
                 solve, decays and gates are not matrix products the counter sees. Where \
                 the algorithm's count exceeds these products, the rest is its own \
                 derived term.",
                x.chunk,
                s.div_ceil(x.chunk.max(1)) * x.chunk.max(1)
            ),
            (Mixer::Lightning(x), Convention::Dense) => format!(
                "{name} layers as transformers runs them: blocks of {} tokens (the last \
                 one shorter), Q·Kᵀ and its product with V over each full block, and the \
                 running K·V state read and updated once per block (never less than \
                 the algorithm's count, so there is no derived rest).",
                x.block
            ),
            (Mixer::MLstm(x), Convention::Dense) => format!(
                "{name} layers as transformers runs them: whole {}-token chunks in the \
                 chunkwise form (full C×C blocks), the remaining tokens one recurrent \
                 step at a time; gates and stabilisers are elementwise. Where the \
                 algorithm's count exceeds these products, the rest is its own derived \
                 term.",
                x.chunk
            ),
            (Mixer::ShortConv(_), Convention::Dense) => format!(
                "{name} layers: projections and the depthwise convolution over \
                 S + K − 1 positions; the B·x and C·y gates are elementwise."
            ),
            (Mixer::RgLru(_) | Mixer::Rwkv(_), Convention::Dense) => format!(
                "{name} layers: projections (and the convolution); the recurrence itself \
                 is elementwise, which the counter does not see: it is added as its own \
                 term, derived (as in `causal`), so that `dense` is never below `causal`."
            ),
            (Mixer::ShortConv(_), _) => format!(
                "{name} layers: projections and the convolution (2·C·K per token); \
                 there is no recurrence beyond the convolution window."
            ),
            (_, Convention::Kaplan | Convention::Causal) => format!(
                "{name} layers: projections and convolutions as in `dense` (the \
                 convolution 2·C·K per token, unpadded); the work along the sequence is \
                 derived from the algorithm (causal pairs within chunks, no padding, \
                 see the term's formula) and marked derived."
            ),
        };
        out.push(text);
    }
    out
}

/// The head (de-embedding, with its transform `2·d²` where it has one) and OPT's
/// embedding projections.
fn head_terms(acc: &mut Acc, spec: &ModelSpec) {
    let d = spec.d_model;
    let width = spec.embed_dim();
    if let Some(head) = &spec.head {
        let rows = head.rows(spec.vocab_size);
        let (t, t_text) = if head.transform.is_some() {
            (f(d) * f(d), format!(" + {d}·{d}"))
        } else {
            (0.0, String::new())
        };
        acc.add(
            "lm_head",
            "output head",
            2.0 * (f(width) * f(rows) + t),
            format!("2·({width}·{rows}{t_text})"),
        );
    }
    if spec.embed.dim.is_some_and(|x| x != d) {
        acc.add(
            "other",
            "pooler and embedding projections",
            2.0 * 2.0 * f(d) * f(width),
            format!("2·2·{d}·{width}"),
        );
    }
}

/// Per-layer blocks beside attention and MLP, as matrix multiplies: a LAuReL
/// block `2·2·d·r`, the per-layer-input gate and projection `2·2·d·p`, and
/// AltUp's predict and correct steps `2·(2·d·n + n³ + n² + d·n²)` (the modality
/// router twice, the coefficient maps, and the mix of the `n` copies).
fn layer_extras(acc: &mut Acc, spec: &ModelSpec, c: u64, l: &Layer) {
    let d = spec.d_model;
    if l.laurel_rank > 0 {
        let r = l.laurel_rank;
        acc.add(
            "laurel",
            "LAuReL low-rank residual",
            2.0 * f(c) * 2.0 * f(d) * f(r),
            format!("2·{c}·2·{d}·{r}"),
        );
    }
    if let Some(p) = &spec.per_layer_inputs {
        let p = p.width;
        acc.add(
            "per_layer_inputs",
            "per-layer input embeddings",
            2.0 * f(c) * 2.0 * f(d) * f(p),
            format!("2·{c}·2·{d}·{p}"),
        );
    }
    let n = spec.altup_inputs;
    if n > 0 {
        let macs = 2.0 * f(d) * f(n) + f(n).powi(3) + f(n) * f(n) + f(d) * f(n) * f(n);
        acc.add(
            "altup",
            "AltUp predict and correct",
            2.0 * f(c) * macs,
            format!("2·{c}·(2·{d}·{n} + {n}³ + {n}² + {d}·{n}²)"),
        );
    }
}

/// Model-wide blocks: the per-layer inputs' projection `2·d·L·p` and AltUp's
/// projections into and out of its copies `2·2·(n − 1)·d²`.
fn model_extras(acc: &mut Acc, spec: &ModelSpec) {
    let d = spec.d_model;
    if let Some(p) = &spec.per_layer_inputs {
        let (l, p) = (spec.n_layers(), p.width);
        acc.add(
            "per_layer_inputs",
            "per-layer input embeddings",
            2.0 * f(d) * f(l) * f(p),
            format!("2·{d}·{l}·{p}"),
        );
    }
    if spec.altup_inputs > 1 {
        let copies = spec.altup_inputs - 1;
        acc.add(
            "altup",
            "AltUp predict and correct",
            2.0 * 2.0 * f(copies) * f(d) * f(d),
            format!("2·2·{copies}·{d}·{d}"),
        );
    }
}

fn common_notes(spec: &ModelSpec, notes: &mut Vec<String>) {
    if spec.is_encoder_decoder() {
        notes.push(
            "Encoder-decoder: one forward runs S encoder tokens and S decoder tokens, so per \
             token means per encoder-and-decoder pair (the figure × S is one forward pass)."
                .into(),
        );
    }
    if spec
        .stacks
        .iter()
        .flat_map(|s| &s.groups)
        .any(|g| g.layer.needs_images)
    {
        notes.push(
            "The cross-attention layers run only with images; a text-only forward skips them \
             (their parameters are still in N)."
                .into(),
        );
    }
    if needs_encoder_states(spec) {
        notes.push(ENCODER_STATES_NOTE.into());
    }
    let attn = || {
        spec.stacks
            .iter()
            .flat_map(|s| &s.groups)
            .filter_map(|g| g.layer.attn.as_ref().map(|a| (g.count, a)))
    };
    let shared: u64 = attn().filter(|(_, a)| a.kv_shared).map(|(c, _)| c).sum();
    if shared > 0 {
        notes.push(format!(
            "{shared} layer{} reuse an earlier layer's keys and values: they compute no key or \
             value projection, but their queries still attend over the whole context.",
            if shared == 1 { "" } else { "s" }
        ));
    }
    if attn().any(|(_, a)| a.differential) {
        notes.push(
            "Differential attention computes two attention maps over the same queries and keys: \
             QKᵀ and A·V are counted twice."
                .into(),
        );
    }
}

/// Whether some layer's cross-attention runs only with encoder states.
fn needs_encoder_states(spec: &ModelSpec) -> bool {
    spec.stacks
        .iter()
        .flat_map(|s| &s.groups)
        .any(|g| g.layer.cross_attn.is_some() && g.layer.cross_needs_encoder)
}

const ENCODER_STATES_NOTE: &str = "The cross-attention blocks (`add_cross_attention`) run only \
     when encoder states are given; a forward on tokens alone skips them (their parameters are \
     still in N).";

/// `kaplan`: Kaplan et al. 2020, Table 1 (forward, per token), generalised.
///
/// The paper: Embed `4·d_model`; QKV `2·n_layer·d_model·3·d_attn`; mask
/// `2·n_layer·n_ctx·d_attn`; project `2·n_layer·d_attn·d_model`; feedforward
/// `2·n_layer·2·d_model·d_ff`; de-embed `2·d_model·n_vocab`. Generalisations:
/// `d_attn = n_heads·head_dim`; with GQA the K and V projections are
/// `2·d_model·n_kv_heads·head_dim` each (QKV becomes `2·d·(H + 2·KV)·hd`); MLA uses its
/// low-rank projections; the mask term is `n_ctx·H·(d_qk + d_v)`, which is the paper's
/// `2·n_ctx·d_attn` when query/key and value widths agree, with `n_ctx = S` capped by a
/// sliding window; a gated MLP has 3 matrices (`2·n_layer·3·d·d_ff`); MoE layers count
/// the active experts (top-k plus shared) and a router term `2·d·E`; cross-attention
/// is counted like self-attention; the Embed term is counted once per embedding stack
/// (twice for encoder-decoder); differential attention doubles the mask term; the
/// blocks beyond the paper's (per-layer inputs, AltUp, LAuReL, a head transform)
/// count their matrix multiplies as `dense` does. The paper's mask term already
/// averages over a causal context (it is half of the full S×S count). Newer parts
/// count as `dense` counts them, with the same halving where they scan the
/// context: a DSA indexer's projections `2·(r_q·H_I·D_I + d·D_I + d·H_I)` and its
/// scoring `n_ctx·H_I·(D_I + 1)` (the mask term then caps `n_ctx` at the most keys
/// a query attends to, [`attended_keys`], for DSA and block indexers alike), output
/// gates in QKV, routers of attention experts,
/// hyper-connections and gated norms; DeepSeek-V4's compressed keys add
/// `⌊S/m⌋` (at most the indexer's `top_k`) to `n_ctx`, its compressors and
/// indexer count as `dense` counts them, with the scoring halved.
fn kaplan(spec: &ModelSpec, s: u64) -> FlopBreakdown {
    let d = spec.d_model;
    let mut acc = Acc::default();
    let embeds = spec.stacks.len().max(1);
    for _ in 0..embeds {
        acc.add("embed", "embed", 4.0 * f(d), format!("4·{d}"));
    }
    for stack in &spec.stacks {
        for g in &stack.groups {
            let c = g.count;
            let l = &g.layer;
            if l.needs_images {
                continue;
            }
            let cross = l.cross_attn.iter().filter(|_| !l.cross_needs_encoder);
            for a in l.attn.iter().chain(cross) {
                let (qkv, t) = qkv_macs(a.d_in.unwrap_or(d), a);
                acc.add(
                    "attn_qkv",
                    "attention QKV",
                    2.0 * f(c) * qkv,
                    format!("2·{c}·{}", paren(&t)),
                );
                let (qk, v) = head_widths(a);
                let n_ctx = attended_keys(s, a).1
                    + a.compressed.map_or(0.0, |c| {
                        let kept = f(s / c.rate.max(1));
                        c.indexer.map_or(kept, |ix| kept.min(f(ix.top_k)))
                    });
                let maps = attention_maps(a);
                let times = if maps > 1 {
                    format!("{maps}·")
                } else {
                    String::new()
                };
                acc.add(
                    "attn_mask",
                    "attention mask (QKᵀ, A·V)",
                    f(maps) * f(c) * n_ctx * f(a.n_heads) * f(qk + v),
                    format!("{times}{c}·{}·{}·({qk} + {v})", num(n_ctx), a.n_heads),
                );
                let scored = f(a.window.map_or(s, |w| w.min(s)));
                indexer_terms(&mut acc, d, c, a, scored, true);
                let compressed = a.compressed.map_or(0.0, |cm| f(s / cm.rate.max(1)));
                compressed_terms(&mut acc, d, c, a, compressed, true);
                attention_router_terms(&mut acc, d, c, a);
                let (o, t) = o_macs(d, a);
                acc.add(
                    "attn_project",
                    "attention project",
                    2.0 * f(c) * o,
                    format!("2·{c}·{}", paren(&t)),
                );
                block_indexer_terms(&mut acc, d, c, a, s, false);
                cca_terms(&mut acc, d, c, a, s, false);
            }
            if let Some(m) = &l.mixer {
                mixer_terms(&mut acc, d, c, m, s, ScanCount::Algorithm);
            }
            ffn_terms(&mut acc, d, c, l, Some(Convention::Kaplan));
            norm_gate_terms(&mut acc, d, c, l);
            linear_terms(&mut acc, c, l);
            layer_extras(&mut acc, spec, c, l);
        }
    }
    hyper_terms(&mut acc, spec);
    model_extras(&mut acc, spec);
    if let Some(head) = &spec.head {
        let width = spec.embed_dim();
        let rows = head.rows(spec.vocab_size);
        let (t, t_text) = if head.transform.is_some() {
            (f(d) * f(d), format!(" + {d}·{d}"))
        } else {
            (0.0, String::new())
        };
        acc.add(
            "de_embed",
            "de-embed",
            2.0 * (f(width) * f(rows) + t),
            format!("2·({width}·{rows}{t_text})"),
        );
    }
    let mut notes = vec![
        "Kaplan et al. (2020), Table 1, generalised: d_attn = n_heads·head_dim, smaller K/V \
         projections under grouped-query attention, a third matrix for gated MLPs, active \
         experts and the router for MoE. The paper's mask term 2·n_layer·n_ctx·d_attn is \
         half the full S×S count; its C_forward ≈ 2N + 2·n_layer·n_ctx·d_attn leaves out \
         the embed and de-embed rows listed here."
            .into(),
    ];
    common_notes(spec, &mut notes);
    mixer_notes(spec, s, Convention::Kaplan, &mut notes);
    acc.finish(Convention::Kaplan, s, notes)
}

/// `six_n`: `2·N` forward FLOPs per token (`6·N` for training), with N from `basis`.
/// It ignores attention over the context, so it is flat in S.
fn six_n(spec: &ModelSpec, s: u64, basis: NBasis) -> FlopBreakdown {
    let p = count_params(spec);
    let (n, name) = match basis {
        NBasis::NonEmbedding => (p.non_embedding, "N_non_embedding"),
        NBasis::Total => (p.total, "N_total"),
        NBasis::Active => (p.active, "N_active"),
    };
    let mut acc = Acc::default();
    acc.add("two_n", "2·N", 2.0 * f(n), format!("2·{name} = 2·{n}"));
    let mut notes = vec![format!(
        "2·N forward (6·N for training) with N = {}; attention over the context is not \
         counted, so the figure does not depend on S.",
        basis.label()
    )];
    if spec.is_encoder_decoder() {
        notes.push(
            "Encoder-decoder: every parameter is used once per encoder-and-decoder token pair."
                .into(),
        );
    }
    if spec
        .stacks
        .iter()
        .flat_map(|st| &st.groups)
        .any(|g| g.layer.needs_images)
    {
        notes.push(
            "N includes the cross-attention layers, which a text-only forward skips (the \
             dense and causal counts leave them out)."
                .into(),
        );
    }
    if needs_encoder_states(spec) {
        notes.push(ENCODER_STATES_NOTE.into());
    }
    let groups = || spec.stacks.iter().flat_map(|st| &st.groups);
    if groups().any(|g| g.copies.is_some_and(|c| c < g.count)) {
        notes.push(
            "Some weights run at several depths (shared transformer blocks, looped layers): N \
             counts them once, so 2·N undercounts their FLOPs; the dense and causal counts charge \
             every use."
                .into(),
        );
    }
    if groups().any(|g| g.copies.is_some_and(|c| c > g.count)) {
        notes.push(
            "N includes weights the implementation builds but never runs (untied adapter \
             slots), so 2·N overcounts; the dense and causal counts leave them out."
                .into(),
        );
    }
    mixer_notes(spec, s, Convention::SixN(basis), &mut notes);
    acc.finish(Convention::SixN(basis), s, notes)
}

/// Forward FLOPs per token for a sequence of `seq_len` tokens (0 is read as 1).
pub fn forward_flops_per_token(spec: &ModelSpec, seq_len: u64, conv: Convention) -> FlopBreakdown {
    let s = seq_len.max(1);
    match conv {
        Convention::Kaplan => kaplan(spec, s),
        Convention::SixN(b) => six_n(spec, s, b),
        Convention::Dense => matmuls(spec, s, Span::Full, conv),
        Convention::Causal => matmuls(spec, s, Span::Causal, conv),
    }
}

/// Training FLOPs per token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingPerToken {
    /// The forward count it is built on.
    pub forward: FlopBreakdown,
    /// Model FLOPs: forward + backward (twice the forward) = 3 × forward.
    pub model_flops: f64,
    /// Hardware FLOPs: model FLOPs plus a second forward when every activation is
    /// recomputed (4 × forward), else equal to model FLOPs.
    pub hardware_flops: f64,
    /// Full activation recomputation.
    pub recompute: bool,
}

/// Training FLOPs per token: model FLOPs `3 × forward` (the backward pass costs twice
/// the forward) and hardware FLOPs `4 × forward` with full activation recomputation.
pub fn training_flops_per_token(
    spec: &ModelSpec,
    seq_len: u64,
    conv: Convention,
    recompute: bool,
) -> TrainingPerToken {
    let forward = forward_flops_per_token(spec, seq_len, conv);
    let model_flops = 3.0 * forward.total;
    let hardware_flops = if recompute {
        4.0 * forward.total
    } else {
        model_flops
    };
    TrainingPerToken {
        forward,
        model_flops,
        hardware_flops,
        recompute,
    }
}

/// Training FLOPs for a token budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingFlops {
    /// Per token.
    pub per_token: TrainingPerToken,
    /// Tokens trained on.
    pub n_tokens: f64,
    /// Model FLOPs for the run.
    pub model_flops: f64,
    /// Hardware FLOPs for the run.
    pub hardware_flops: f64,
}

/// Training FLOPs for `n_tokens` tokens (negative or non-finite budgets count as 0).
pub fn training_flops(
    spec: &ModelSpec,
    seq_len: u64,
    conv: Convention,
    recompute: bool,
    n_tokens: f64,
) -> TrainingFlops {
    let per_token = training_flops_per_token(spec, seq_len, conv, recompute);
    let n_tokens = if n_tokens.is_finite() && n_tokens > 0.0 {
        n_tokens
    } else {
        0.0
    };
    TrainingFlops {
        model_flops: per_token.model_flops * n_tokens,
        hardware_flops: per_token.hardware_flops * n_tokens,
        n_tokens,
        per_token,
    }
}

/// Tokens per parameter in Hoffmann et al. (2022)'s compute-optimal ("Chinchilla") fit.
pub const CHINCHILLA_TOKENS_PER_PARAM: f64 = 20.0;

/// Compute-optimal training tokens for `n_params` parameters: about 20 per parameter.
pub fn chinchilla_tokens(n_params: f64) -> f64 {
    CHINCHILLA_TOKENS_PER_PARAM * n_params.max(0.0)
}

/// Tokens per parameter of a run (0 when there are no parameters).
pub fn tokens_per_param(n_tokens: f64, n_params: f64) -> f64 {
    if n_params > 0.0 {
        n_tokens / n_params
    } else {
        0.0
    }
}

/// Tokens a FLOP budget buys at `flops_per_token` training FLOPs per token (0 when the
/// cost per token is not positive).
pub fn tokens_for_budget(budget_flops: f64, flops_per_token: f64) -> f64 {
    if flops_per_token > 0.0 && budget_flops > 0.0 {
        budget_flops / flops_per_token
    } else {
        0.0
    }
}

/// FLOPs of one linear layer `y = x·Wᵀ (+ b)` on a batch: the article's example.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearLayerFlops {
    /// Rows of the input (tokens).
    pub batch: u64,
    /// Input width.
    pub d_in: u64,
    /// Output width.
    pub d_out: u64,
    /// The layer has a bias.
    pub bias: bool,
    /// `batch·d_out·d_in` multiplications.
    pub multiplications: u128,
    /// `batch·d_out·(d_in − 1)` additions inside the dot products.
    pub additions: u128,
    /// `batch·d_out` bias additions (0 without a bias).
    pub bias_additions: u128,
    /// Exactly: multiplications + additions + bias additions.
    pub exact: u128,
    /// Simplified: `2·batch·d_in·d_out` (equal to `exact` when there is a bias).
    pub simplified: u128,
    /// Parameters: `d_in·d_out` (+ `d_out`).
    pub params: u128,
    /// Exact FLOPs per parameter per row: `→ 2` as `d_in` grows.
    pub flops_per_param: f64,
}

/// The linear-layer example: each of the `batch·d_out` outputs takes `d_in`
/// multiplications and `d_in − 1` additions, plus one bias addition.
pub fn linear_layer(batch: u64, d_in: u64, d_out: u64, bias: bool) -> LinearLayerFlops {
    let outputs = u128::from(batch).saturating_mul(u128::from(d_out));
    let multiplications = outputs.saturating_mul(u128::from(d_in));
    let additions = outputs.saturating_mul(u128::from(d_in.saturating_sub(1)));
    let bias_additions = if bias { outputs } else { 0 };
    let exact = multiplications
        .saturating_add(additions)
        .saturating_add(bias_additions);
    let simplified = multiplications.saturating_mul(2);
    let params = u128::from(d_in)
        .saturating_mul(u128::from(d_out))
        .saturating_add(if bias { u128::from(d_out) } else { 0 });
    #[allow(clippy::cast_precision_loss)]
    let flops_per_param = if params > 0 && batch > 0 {
        exact as f64 / (params as f64 * batch as f64)
    } else {
        0.0
    };
    LinearLayerFlops {
        batch,
        d_in,
        d_out,
        bias,
        multiplications,
        additions,
        bias_additions,
        exact,
        simplified,
        params,
        flops_per_param,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::from_dims;
    use crate::model::{Dims, DimsMoe};

    #[test]
    fn values_narrower_than_keys_cost_nothing_where_keys_serve_as_values_or_are_shared() {
        // MiMo-V2-Flash's narrower values, in a spec that also reuses keys as
        // values (Gemma 4's `attention_k_eq_v`) or another layer's keys and
        // values: only the projections the layer holds are counted.
        let a = Attention {
            n_heads: 4,
            n_kv_heads: 2,
            head_dim: 64,
            v_head_dim: Some(32),
            ..Attention::default()
        };
        let macs = |a: &Attention| qkv_macs(256, a).0;
        assert_eq!(macs(&a), 256.0 * (64.0 * (4.0 + 2.0) + 32.0 * 2.0));
        let k_as_v = Attention {
            v_from_k: true,
            ..a.clone()
        };
        assert_eq!(macs(&k_as_v), 256.0 * 64.0 * (4.0 + 2.0));
        let shared = Attention {
            kv_shared: true,
            ..a.clone()
        };
        assert_eq!(macs(&shared), 256.0 * 64.0 * 4.0);
        // Queries through a latent of rank 32 (DeepSeek-V4's q_lora_rank),
        // beside separate keys and values, or keys that serve as values.
        let latent = Attention {
            v_head_dim: None,
            q_lora_rank: Some(32),
            ..a
        };
        let queries = 256.0 * 32.0 + 32.0 * 4.0 * 64.0;
        assert_eq!(macs(&latent), queries + 256.0 * 2.0 * 2.0 * 64.0);
        let latent_k_as_v = Attention {
            v_from_k: true,
            ..latent
        };
        assert_eq!(macs(&latent_k_as_v), queries + 256.0 * 2.0 * 64.0);
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(f64::MIN_POSITIVE)
    }

    fn assert_close(a: f64, b: f64) {
        assert!(close(a, b, 1e-12), "{a} != {b}");
    }

    fn gpt3() -> ModelSpec {
        from_dims(
            &crate::papers::find("gpt3-175b")
                .expect("GPT-3 175B is a paper model")
                .dims,
        )
        .unwrap()
    }

    #[test]
    fn a_budget_that_is_no_count_of_tokens_trains_on_none() {
        for tokens in [-300e9, f64::INFINITY, f64::NAN] {
            let run = training_flops(&gpt3(), 2048, Convention::DEFAULT, false, tokens);
            assert_eq!(
                (run.n_tokens, run.model_flops, run.hardware_flops),
                (0.0, 0.0, 0.0)
            );
        }
    }

    #[test]
    fn gpt3_training_compute_is_3_14e23_for_300b_tokens() {
        let run = training_flops(&gpt3(), 2048, Convention::DEFAULT, false, 300e9);
        assert!(
            close(run.model_flops, 3.14e23, 0.01),
            "{:e}",
            run.model_flops
        );
        let kaplan_n = training_flops(
            &gpt3(),
            2048,
            Convention::SixN(NBasis::NonEmbedding),
            false,
            300e9,
        );
        assert!(
            close(kaplan_n.model_flops, 3.14e23, 0.01),
            "{:e}",
            kaplan_n.model_flops
        );
    }

    #[test]
    fn recomputation_adds_a_forward_to_hardware_flops_only() {
        let t = training_flops_per_token(&gpt3(), 2048, Convention::Dense, true);
        assert!(close(t.model_flops, 3.0 * t.forward.total, 1e-12));
        assert!(close(t.hardware_flops, 4.0 * t.forward.total, 1e-12));
        let plain = training_flops_per_token(&gpt3(), 2048, Convention::Dense, false);
        assert_close(plain.hardware_flops, plain.model_flops);
    }

    #[test]
    fn kaplan_matches_table_1_for_a_plain_transformer() {
        let spec = gpt3();
        let k = forward_flops_per_token(&spec, 2048, Convention::Kaplan);
        let (l, d, ff, v, ctx) = (96.0, 12288.0, 49152.0, 50257.0, 2048.0);
        let term = |key: &str| {
            k.terms
                .iter()
                .find(|t| t.key == key)
                .map(|t| t.flops)
                .unwrap()
        };
        assert_close(term("embed"), 4.0 * d);
        assert_close(term("attn_qkv"), 2.0 * l * d * 3.0 * d);
        assert_close(term("attn_mask"), 2.0 * l * ctx * d);
        assert_close(term("attn_project"), 2.0 * l * d * d);
        assert_close(term("feedforward"), 2.0 * l * 2.0 * d * ff);
        assert_close(term("de_embed"), 2.0 * d * v);
    }

    #[test]
    fn causal_halves_attention_to_the_average_context() {
        assert_close(causal_context(1, None), 1.0);
        assert_close(causal_context(4, None), 2.5);
        // Window 2 over 4 tokens: 1 + 2 + 2 + 2 keys.
        assert_close(causal_context(4, Some(2)), 7.0 / 4.0);
        let spec = gpt3();
        let dense = forward_flops_per_token(&spec, 2048, Convention::Dense);
        let causal = forward_flops_per_token(&spec, 2048, Convention::Causal);
        let core = |b: &FlopBreakdown| {
            b.terms
                .iter()
                .find(|t| t.key == "attention_core")
                .unwrap()
                .flops
        };
        assert!(close(core(&causal), core(&dense) * 2049.0 / 4096.0, 1e-12));
    }

    #[test]
    fn sparse_attention_counts_the_keys_each_query_attends_to() {
        use crate::model::BlockIndexer;
        // query by query, as transformers selects (t: 1-based position)
        for (b, k) in [(1, 1), (2, 1), (2, 3), (4, 2), (3, 5)] {
            for per_key in [false, true] {
                let a = Attention {
                    block_index: Some(BlockIndexer {
                        n_heads: 1,
                        n_kv_heads: 1,
                        head_dim: 8,
                        block: b,
                        per_key,
                        top_blocks: k,
                        local_blocks: u64::from(per_key),
                    }),
                    ..Attention::default()
                };
                for s in 1..40u64 {
                    let keys = |t: u64| {
                        if per_key {
                            // MiniMax-M3: its own block (up to itself) and the
                            // k − 1 best before it, or all it sees
                            if (t - 1) / b < k {
                                t
                            } else {
                                (k - 1) * b + (t - 1) % b + 1
                            }
                        } else {
                            // QSA: the k best complete blocks and the tail
                            (t / b).min(k) * b + t % b
                        }
                    };
                    let sum: u64 = (1..=s).map(keys).sum();
                    let most = (1..=s).map(keys).max().unwrap_or(0);
                    let (avg, max) = attended_keys(s, &a);
                    assert_close(avg * s as f64, sum as f64);
                    assert_close(max, most as f64);
                }
            }
        }
        // MiniMax-M3 without local blocks (`index_local_blocks: 0`): a query
        // keeps its k best blocks among those it sees, block j holding
        // min(b, t − j·b) of its keys; the most it can keep is the k fullest,
        // min(t, k·b) (its own partial block need not be among them).
        for (b, k) in [(2, 1), (4, 2), (3, 3)] {
            let a = Attention {
                block_index: Some(BlockIndexer {
                    n_heads: 1,
                    n_kv_heads: 1,
                    head_dim: 8,
                    block: b,
                    per_key: true,
                    top_blocks: k,
                    local_blocks: 0,
                }),
                ..Attention::default()
            };
            for s in 1..40u64 {
                let keys = |t: u64| {
                    let mut sizes: Vec<u64> =
                        (0..t.div_ceil(b)).map(|j| b.min(t - j * b)).collect();
                    sizes.sort_unstable_by(|x, y| y.cmp(x));
                    sizes.iter().take(k as usize).sum::<u64>()
                };
                let sum: u64 = (1..=s).map(keys).sum();
                let most = (1..=s).map(keys).max().unwrap_or(0);
                let (avg, max) = attended_keys(s, &a);
                assert_close(avg * s as f64, sum as f64);
                assert_close(max, most as f64);
            }
        }
        // DSA: min(t, top_k)
        let dsa = Attention {
            indexer: Some(crate::model::Indexer {
                n_heads: 1,
                head_dim: 8,
                top_k: 3,
                q_rank: 8,
                shared: false,
            }),
            ..Attention::default()
        };
        assert_close(attended_keys(5, &dsa).0 * 5.0, (1 + 2 + 3 + 3 + 3) as f64);
        assert_close(attended_keys(5, &dsa).1, 3.0);
    }

    #[test]
    fn sliding_window_caps_causal_attention() {
        let mut spec = from_dims(&Dims::default()).unwrap();
        let full = forward_flops_per_token(&spec, 32768, Convention::Causal);
        if let Some(a) = spec.stacks[0].groups[0].layer.attn.as_mut() {
            a.window = Some(4096);
        }
        let windowed = forward_flops_per_token(&spec, 32768, Convention::Causal);
        let dense = forward_flops_per_token(&spec, 32768, Convention::Dense);
        let core = |b: &FlopBreakdown| {
            b.terms
                .iter()
                .find(|t| t.key == "attention_core")
                .unwrap()
                .flops
        };
        assert!(core(&windowed) < core(&full) / 3.0);
        // Dense is what the implementation computes: the window does not change it.
        let unwindowed = from_dims(&Dims::default()).unwrap();
        assert_eq!(
            dense.total,
            forward_flops_per_token(&unwindowed, 32768, Convention::Dense).total
        );
    }

    #[test]
    fn moe_flops_count_active_experts_and_router() {
        let spec = from_dims(&Dims {
            n_kv_heads: Some(8),
            d_ff: 14336,
            moe: Some(DimsMoe {
                n_experts: 8,
                top_k: 2,
                n_shared: 0,
            }),
            ..Dims::default()
        })
        .unwrap();
        let dense = forward_flops_per_token(&spec, 1, Convention::Dense);
        let term = |key: &str| dense.terms.iter().find(|t| t.key == key).unwrap().flops;
        assert_close(term("experts"), 2.0 * 32.0 * 2.0 * 3.0 * 4096.0 * 14336.0);
        assert_close(term("router"), 2.0 * 32.0 * 4096.0 * 8.0);
        let six = forward_flops_per_token(&spec, 1, Convention::DEFAULT);
        assert_close(six.total, 2.0 * 12_879_925_248.0);
    }

    #[test]
    fn formula_numbers_are_whole_below_1e16_and_keep_two_decimals_from_it() {
        // From 1e16 on, f64 no longer holds every whole number.
        assert_eq!(num(9_999_999_999_999_998.0), "9999999999999998");
        assert_eq!(num(1e16), "10000000000000000.00");
        assert_eq!(num(1024.5), "1024.50");
    }

    #[test]
    fn linear_layer_example_counts_multiplies_adds_and_bias() {
        let ex = linear_layer(1, 4096, 4096, true);
        assert_eq!(ex.multiplications, 4096 * 4096);
        assert_eq!(ex.additions, 4096 * 4095);
        assert_eq!(ex.bias_additions, 4096);
        assert_eq!(ex.exact, 2 * 4096 * 4096);
        assert_eq!(ex.exact, ex.simplified);
        assert!(close(ex.flops_per_param, 2.0, 1e-3));
        let no_bias = linear_layer(8, 3, 2, false);
        assert_eq!(no_bias.exact, 8 * 2 * (3 + 2));
        assert_eq!(no_bias.simplified, 8 * 2 * 2 * 3);
        // Per parameter and per token: 80 FLOPs over 6 weights and 8 tokens.
        assert_close(no_bias.flops_per_param, 80.0 / 48.0);
        assert_close(linear_layer(0, 0, 0, true).flops_per_param, 0.0);
        // No tokens, or no weights: no FLOPs per parameter, not 0/0.
        assert_close(linear_layer(0, 4096, 4096, true).flops_per_param, 0.0);
        assert_close(linear_layer(8, 0, 0, false).flops_per_param, 0.0);
    }

    #[test]
    fn token_helpers_follow_chinchilla_and_invert_budgets() {
        assert_close(chinchilla_tokens(70e9), 1.4e12);
        assert_close(tokens_per_param(1.4e12, 70e9), 20.0);
        assert_close(tokens_per_param(1.0, 0.0), 0.0);
        assert_close(tokens_for_budget(6e23, 6e11), 1e12);
        assert_close(tokens_for_budget(1.0, 0.0), 0.0);
    }

    #[test]
    fn formulas_parenthesise_top_level_sums_only() {
        assert_eq!(paren("a + b"), "(a + b)");
        assert_eq!(paren("4096·(32 + 2·8)·128"), "4096·(32 + 2·8)·128");
        assert_eq!(paren("3·4096·11008"), "3·4096·11008");
    }

    #[test]
    fn convention_ids_round_trip() {
        for c in Convention::ALL {
            assert_eq!(
                Convention::from_ids(c.id(), c.basis().map(NBasis::id)),
                Some(c)
            );
        }
        assert_eq!(
            Convention::from_ids("six_n", None),
            Some(Convention::DEFAULT)
        );
        assert_eq!(Convention::from_ids("nope", None), None);
        assert_eq!(Convention::from_ids("six_n", Some("nope")), None);
    }

    #[test]
    fn a_formula_is_wrapped_only_when_a_sum_is_at_its_top_level() {
        assert_eq!(paren("a + b"), "(a + b)");
        assert_eq!(paren("2·(a + b)"), "2·(a + b)");
        // A group closed before the top-level sum does not hide it.
        assert_eq!(paren("(a + b)·c + d"), "((a + b)·c + d)");
        assert_eq!(paren("a·b"), "a·b");
    }
}
