//! Parameter counts: the exact integer PyTorch reports for the model a spec describes,
//! split by component and by layer kind, plus the per-token active count of a
//! mixture of experts.
//!
//! Every formula counts the tensors transformers builds (weights and biases; buffers
//! such as RoPE tables or DeepSeek's `e_score_correction_bias` are not parameters).
//! Tied weights count once. Arithmetic is done in `u128` with saturation, so no input
//! can overflow or panic; [`validate`] tells whether a spec can be counted (its
//! structure holds and the total fits in `u64`).
//!
//! This module does not parse configs and computes no FLOPs.

use serde::{Deserialize, Serialize};

use crate::model::{
    Attention, CompressedKv, Decay, DeltaNet, Ffn, Layer, Lightning, MLstm, Mamba, Mamba2, Mixer,
    Mla, Mlp, ModelSpec, Moe, NormKind, QkNorm, RgLru, Rwkv, ShortConv, SpecError, StackKind,
};

/// Parameters split by what they do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Components {
    /// Query/key/value/output projections (and MLA's low-rank ones), their biases,
    /// attention sinks and relative-position bias tables.
    pub attention: u64,
    /// State-space and linear-attention mixers ([`Mixer`]): their projections,
    /// convolutions, `A_log`, `D` and Δ biases (their norms are under `norms`).
    #[serde(default)]
    pub mixer: u64,
    /// Dense MLPs.
    pub mlp: u64,
    /// Routed experts (all of them), and the projections into and out of
    /// their latent width where they have one.
    pub experts: u64,
    /// Shared experts and their gate.
    pub shared_experts: u64,
    /// MoE routers.
    pub router: u64,
    /// Every norm (layer, query/key, MLA, embedding and final norms).
    pub norms: u64,
    /// Token, position and token-type embeddings.
    pub embeddings: u64,
    /// The output head (0 when tied, apart from a bias).
    pub head: u64,
    /// Everything else: poolers, embedding projections, scalar gates, plain
    /// per-layer linear maps and adapters.
    pub other: u64,
}

impl Components {
    /// Sum of all components.
    pub fn total(&self) -> u64 {
        [
            self.attention,
            self.mixer,
            self.mlp,
            self.experts,
            self.shared_experts,
            self.router,
            self.norms,
            self.embeddings,
            self.head,
            self.other,
        ]
        .iter()
        .fold(0u64, |a, &b| a.saturating_add(b))
    }

    fn from_wide(w: &Wide) -> Components {
        Components {
            attention: narrow(w.attention),
            mixer: narrow(w.mixer),
            mlp: narrow(w.mlp),
            experts: narrow(w.experts),
            shared_experts: narrow(w.shared_experts),
            router: narrow(w.router),
            norms: narrow(w.norms),
            embeddings: narrow(w.embeddings),
            head: narrow(w.head),
            other: narrow(w.other),
        }
    }
}

/// Parameters of one kind of layer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerParams {
    /// Which stack the layers are in.
    pub stack: StackKind,
    /// How many layers of this kind.
    pub count: u64,
    /// A short description ("decoder layer, MoE, sliding window 4096").
    pub label: String,
    /// Parameters of one such layer.
    pub per_layer: Components,
    /// Parameters of one such layer a token uses (routed experts: top-k only).
    pub active_per_layer: u64,
    /// Sets of weights these `count` layers hold when it is not one each
    /// (a shared block that several layers run, as Zamba's): the model holds
    /// `weight_sets × per_layer`; `None` when every layer has its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_sets: Option<u64>,
}

/// Parameter counts of a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamCounts {
    /// Every parameter, tied weights once.
    pub total: u64,
    /// Token, position and token-type embeddings.
    pub embedding: u64,
    /// The output head: 0 when tied (plus its bias, if any).
    pub head: u64,
    /// Kaplan et al.'s N: `total − embedding` (an untied head stays in).
    pub non_embedding: u64,
    /// Parameters one token uses: dense parts, shared experts and the top-k routed
    /// experts of each MoE layer. Equal to `total` for a dense model.
    pub active: u64,
    /// Totals by component.
    pub breakdown: Components,
    /// Per kind of layer.
    pub layers: Vec<LayerParams>,
    /// Parts of the real model this count leaves out or cannot verify, each with its
    /// rough size.
    pub approximations: Vec<String>,
    /// Why the total itself is approximate, in one sentence for the headline; `None`
    /// when the structure is a known family's (or typed by hand) and the count is
    /// exact for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate: Option<String>,
}

/// Components in `u128`, for exact sums without overflow.
#[derive(Clone, Copy, Debug, Default)]
struct Wide {
    attention: u128,
    mixer: u128,
    mlp: u128,
    experts: u128,
    shared_experts: u128,
    router: u128,
    norms: u128,
    embeddings: u128,
    head: u128,
    other: u128,
}

impl Wide {
    fn total(&self) -> u128 {
        [
            self.attention,
            self.mixer,
            self.mlp,
            self.experts,
            self.shared_experts,
            self.router,
            self.norms,
            self.embeddings,
            self.head,
            self.other,
        ]
        .iter()
        .fold(0u128, |a, &b| a.saturating_add(b))
    }

    fn add_times(&mut self, o: &Wide, times: u128) {
        let f = |a: &mut u128, b: u128| *a = a.saturating_add(b.saturating_mul(times));
        f(&mut self.attention, o.attention);
        f(&mut self.mixer, o.mixer);
        f(&mut self.mlp, o.mlp);
        f(&mut self.experts, o.experts);
        f(&mut self.shared_experts, o.shared_experts);
        f(&mut self.router, o.router);
        f(&mut self.norms, o.norms);
        f(&mut self.embeddings, o.embeddings);
        f(&mut self.head, o.head);
        f(&mut self.other, o.other);
    }
}

fn narrow(x: u128) -> u64 {
    u64::try_from(x).unwrap_or(u64::MAX)
}

fn w(x: u64) -> u128 {
    u128::from(x)
}

fn mul(a: u128, b: u128) -> u128 {
    a.saturating_mul(b)
}

fn add(a: u128, b: u128) -> u128 {
    a.saturating_add(b)
}

/// A linear layer `in → out`: `in·out` weights, plus `out` biases when it has them.
pub(crate) fn linear(d_in: u128, d_out: u128, bias: bool) -> u128 {
    add(mul(d_in, d_out), if bias { d_out } else { 0 })
}

/// One norm over `width` channels: `width` (RMSNorm, bias-free LayerNorm),
/// `2·width` (LayerNorm) or 0 (non-parametric).
fn norm(kind: NormKind, width: u128) -> u128 {
    match kind {
        NormKind::Rms | NormKind::LayerNormNoBias => width,
        NormKind::LayerNorm => mul(2, width),
        NormKind::NonParametric => 0,
    }
}

/// An MLP `d → d_ff → d`: gated `3·d·d_ff` (+ `2·d_ff + d` biases), plain `2·d·d_ff`
/// (+ `d_ff + d` biases), plus the activation's learned parameters (xIELU's 2).
pub(crate) fn mlp(d: u128, m: &Mlp) -> u128 {
    let f = w(m.d_ff);
    let weights = if m.gated {
        add(
            mul(3, mul(d, f)),
            if m.bias { add(mul(2, f), d) } else { 0 },
        )
    } else {
        add(mul(2, mul(d, f)), if m.bias { add(f, d) } else { 0 })
    };
    add(weights, w(m.act_params))
}

/// Query/key norms: per head `norm(hd)` each for queries and keys, each head
/// `(H + KV)·norm(hd)`, full `norm(H·hd) + norm(KV·hd)`; a layer that reuses
/// another's keys has no key norm.
fn qk_norms(a: &Attention, kind: NormKind) -> u128 {
    let kind = a.qk_norm_kind.unwrap_or(kind);
    let (h, kv, hd) = (w(a.n_heads), w(a.n_kv_heads), w(a.head_dim));
    let keys = |x: u128| if a.kv_shared { 0 } else { x };
    match a.qk_norm {
        None => 0,
        Some(QkNorm::PerHead) => add(norm(kind, hd), keys(norm(kind, hd))),
        Some(QkNorm::EachHead) => add(mul(h, norm(kind, hd)), keys(mul(kv, norm(kind, hd)))),
        Some(QkNorm::Full) => add(norm(kind, mul(h, hd)), keys(norm(kind, mul(kv, hd)))),
        Some(QkNorm::KeyOnly) => keys(norm(kind, hd)),
    }
}

/// Attention projections: `(weights incl. biases and sinks, norms)`.
///
/// An output gate adds `Linear(d, H·hv)` (per channel, with `H·hv` biases where
/// it is part of a biased `q_proj`, as Qwen3-Next's) or `Linear(d, H)` (per head,
/// plus `H` biases where it has them); a block indexer (Qwen4-Exp's QSA,
/// MiniMax-M3) `d·(H_I + K_I)·D_I` and two `norm(D_I)`; ZAYA's CCA its
/// convolutions `C·t₀ + C` and `C·hd·t₁ + C` over `C = (H + KV)·hd` channels,
/// `KV` key scales, and `v` as two halves.
///
/// Standard: `q = Linear(d, H·hd)`, `k = Linear(d, KV·hd)`, `v = Linear(d, KV·hv)`
/// (from `d_in` instead of `d` where the block reads a wider input),
/// `o = Linear(H·hv, d)` (`hv` = `v_head_dim`, else `hd`), biases as flagged, `H` sink
/// logits (gpt-oss). A layer that reuses an earlier layer's keys and values has no
/// `k` or `v`; with `v_from_k` there is no `v`. Differential attention adds `4·hd` λ
/// parameters, Doge's dynamic mask `Linear(KV·hd, KV)` (bias as `qkv_bias`) and `KV`
/// values of `A`. Norms: the query/key norms ([`qk_norms`]) and BitNet's `norm(d)`
/// before `o`.
///
/// MLA (DeepSeek-V2/V3): `q_a = Linear(d, r_q)` (bias as `qkv_bias`), `norm(r_q)`,
/// `q_b = Linear(r_q, H·(nope+rope))` — or one `q_proj = Linear(d, H·(nope+rope))`
/// when `q_lora_rank` is null —, `kv_a = Linear(d, r_kv + rope)` (bias as `qkv_bias`),
/// `norm(r_kv)`, `kv_b = Linear(r_kv, H·(nope + v))`, `o = Linear(H·v, d)`, and
/// dots3's `norm(rope)` on the rotary key.
///
/// Mixture of attention heads (JetMoE): `E` query experts `Linear(d, KV·hd)` and `E`
/// output experts `Linear(KV·hd, d)` in place of `q` and `o`, a router `Linear(d, E)`
/// and an output bias `d`; `k` and `v` as standard.
///
/// Output gate: `Linear(d, H·hv)` (per channel) or `Linear(d, H)` (per head), plus
/// `H` biases where it has them; A.X-K2 computes it from the query latent
/// (`Linear(2·r_q, H·v)`, fused with its query up-projection `Linear(2·r_q, H·qk)`).
/// DSA indexer (not on shared layers): `Linear(r_q, H_I·D_I) + Linear(d, D_I) +
/// LayerNorm(D_I) + Linear(d, H_I)`.
///
/// DeepSeek-V4: queries through a latent (`Linear(d, r) + norm(r) + Linear(r, H·hd)`),
/// a grouped output projection (`rank·H·hv + Linear(groups·rank, d)`) and a
/// compressed key/value branch ([`compressed_kv`]).
fn attention(d: u128, a: &Attention, kind: NormKind) -> (u128, u128) {
    let h = w(a.n_heads);
    let (core, mut norms, v_width) = match &a.mla {
        Some(m) => {
            let (weights, norms) = mla(d, h, m, a, kind);
            (weights, norms, w(m.v_head_dim))
        }
        None => {
            let hd = w(a.head_dim);
            let hv = w(a.v_head_dim.unwrap_or(a.head_dim));
            let kv = w(a.n_kv_heads);
            // Zamba's shared block reads a wider input.
            let d_in = a.d_in.map_or(d, w);
            let k = if a.kv_shared {
                0
            } else {
                linear(d_in, mul(kv, hd), a.qkv_bias)
            };
            let v = if a.kv_shared || a.v_from_k {
                0
            } else if a.cca.is_some() {
                // ZAYA's current and delayed halves.
                mul(2, linear(d_in, mul(kv, hv) / 2, a.qkv_bias))
            } else {
                linear(d_in, mul(kv, hv), a.qkv_bias)
            };
            let (q, o) = match &a.experts {
                Some(e) => {
                    let n = w(e.n_experts);
                    let q = mul(n, linear(d, mul(kv, hd), a.qkv_bias));
                    let o = mul(n, linear(mul(kv, hv), d, false));
                    // Router and output bias.
                    (add(q, add(mul(d, n), d)), o)
                }
                None => {
                    let q = match a.q_lora_rank {
                        Some(r) => {
                            add(linear(d, w(r), a.qkv_bias), linear(w(r), mul(h, hd), false))
                        }
                        None => linear(d_in, mul(h, hd), a.qkv_bias),
                    };
                    let o = match &a.grouped_out {
                        Some(g) => add(
                            mul(w(g.rank), mul(h, hv)),
                            linear(mul(w(g.groups), w(g.rank)), d, a.o_bias),
                        ),
                        None => linear(mul(h, hv), d, a.o_bias),
                    };
                    (q, o)
                }
            };
            let lambdas = if a.differential { mul(4, hd) } else { 0 };
            let mask = if a.dynamic_mask {
                add(linear(mul(kv, hd), kv, a.qkv_bias), kv)
            } else {
                0
            };
            // ZAYA's CCA convolutions over C = (H + KV)·hd channels (depthwise
            // C·t0 + C, grouped C·hd·t1 + C) and its KV key scales.
            let cca = a.cca.map_or(0, |x| {
                let ch = mul(add(h, kv), hd);
                let depthwise = linear(w(x.depthwise_kernel), ch, true);
                let grouped = linear(mul(hd, w(x.grouped_kernel)), ch, true);
                add(add(depthwise, grouped), kv)
            });
            let norms = add(
                add(
                    qk_norms(a, kind),
                    if a.out_norm { norm(kind, d) } else { 0 },
                ),
                a.q_lora_rank.map_or(0, |r| norm(kind, w(r))),
            );
            let weights = [q, k, v, o, lambdas, mask, cca]
                .iter()
                .fold(0u128, |acc, &x| add(acc, x));
            (weights, norms, hv)
        }
    };
    let sinks = if a.sinks { h } else { 0 };
    let gate = a.gate.map_or(0, |g| {
        let width = if g.per_head { h } else { mul(h, v_width) };
        let input = if g.from_query_latent {
            a.mla.and_then(|m| query_latent_width(&m)).map_or(d, w)
        } else {
            d
        };
        let bias = if g.bias {
            width
        } else if g.head_bias {
            h
        } else {
            0
        };
        add(mul(input, width), bias)
    });
    let indexer = match &a.indexer {
        Some(ix) if !ix.shared => {
            let (hi, di) = (w(ix.n_heads), w(ix.head_dim));
            // The key norm is a LayerNorm with scale and bias, whatever the model's norms.
            norms = add(norms, norm(NormKind::LayerNorm, di));
            add(add(mul(w(ix.q_rank), mul(hi, di)), mul(d, di)), mul(d, hi))
        }
        _ => 0,
    };
    // A block indexer (Qwen4-Exp's QSA, MiniMax-M3): its projection and two
    // norms over D_I.
    let block_index = a.block_index.map_or(0, |x| {
        norms = add(norms, mul(2, norm(kind, w(x.head_dim))));
        mul(
            d,
            mul(w(x.n_heads.saturating_add(x.n_kv_heads)), w(x.head_dim)),
        )
    });
    let compressed = match &a.compressed {
        Some(c) => {
            let (weights, c_norms) = compressed_kv(d, a, c, kind);
            norms = add(norms, c_norms);
            weights
        }
        None => 0,
    };
    (
        add(
            add(core, sinks),
            add(add(gate, indexer), add(compressed, block_index)),
        ),
        norms,
    )
}

/// A compressed key/value branch: `(weights, norms)`. Its compressor
/// `2·d·c·hd + rate·c·hd` (`kv_proj`, `gate_proj`, position bias; `c = 2` with
/// overlapping windows) and `norm(hd)`; its indexer's compressor
/// `2·d·2·D_I + rate·2·D_I` and `norm(D_I)`, `Linear(r_q, H_I·D_I)` and
/// `Linear(d, H_I)`.
fn compressed_kv(d: u128, a: &Attention, c: &CompressedKv, kind: NormKind) -> (u128, u128) {
    let hd = w(a.head_dim);
    let width = if c.overlap { mul(2, hd) } else { hd };
    let rate = w(c.rate);
    let mut weights = add(mul(2, mul(d, width)), mul(rate, width));
    let mut norms = norm(kind, hd);
    if let Some(ix) = &c.indexer {
        let (hi, di) = (w(ix.n_heads), w(ix.head_dim));
        let r = w(a.q_lora_rank.unwrap_or(0));
        weights = add(
            weights,
            add(
                add(mul(2, mul(d, mul(2, di))), mul(rate, mul(2, di))),
                add(mul(r, mul(hi, di)), mul(d, hi)),
            ),
        );
        norms = add(norms, norm(kind, di));
    }
    (weights, norms)
}

/// Width of what an MLA query up-projection reads: `r_q`, or `2·r_q` where it
/// reads the normed and the raw latent side by side; `None` without a query LoRA.
pub(crate) fn query_latent_width(m: &Mla) -> Option<u64> {
    m.q_lora_rank.map(|r| {
        if m.q_b_reads_raw_latent {
            r.saturating_mul(2)
        } else {
            r
        }
    })
}

fn mla(d: u128, h: u128, m: &Mla, a: &Attention, kind: NormKind) -> (u128, u128) {
    let qk = add(w(m.qk_nope_head_dim), w(m.qk_rope_head_dim));
    let (q, q_norm) = match m.q_lora_rank {
        Some(r) => (
            add(
                linear(d, w(r), a.qkv_bias),
                linear(w(query_latent_width(m).unwrap_or(r)), mul(h, qk), false),
            ),
            norm(kind, w(r)),
        ),
        None => (linear(d, mul(h, qk), false), 0),
    };
    let kv_a = linear(d, add(w(m.kv_lora_rank), w(m.qk_rope_head_dim)), a.qkv_bias);
    let kv_b = linear(
        w(m.kv_lora_rank),
        mul(h, add(w(m.qk_nope_head_dim), w(m.v_head_dim))),
        false,
    );
    let o = linear(mul(h, w(m.v_head_dim)), d, a.o_bias);
    let rope_norm = if m.rope_key_norm {
        norm(kind, w(m.qk_rope_head_dim))
    } else {
        0
    };
    let norms = add(add(q_norm, norm(kind, w(m.kv_lora_rank))), rope_norm);
    (add(add(q, kv_a), add(kv_b, o)), norms)
}

/// A token mixer's parameters: `(weights, norms)`.
fn mixer(d: u128, m: &Mixer) -> (u128, u128) {
    match m {
        Mixer::Mamba(x) => mamba(d, x),
        Mixer::Mamba2(x) => mamba2(d, x),
        Mixer::DeltaNet(x) => delta_net(d, x),
        Mixer::Lightning(x) => lightning(d, x),
        Mixer::ShortConv(x) => short_conv(d, x),
        Mixer::RgLru(x) => rg_lru(d, x),
        Mixer::Rwkv(x) => rwkv(d, x),
        Mixer::MLstm(x) => mlstm(d, x),
    }
}

/// Mamba (transformers' `MambaMixer`), with E = `d_inner`, N = `d_state`,
/// R = `dt_rank`, K = `d_conv`:
/// `in_proj` `d·2E` (+ `2E` biases), `conv1d` `E·K` (+ `E`), `x_proj`
/// `E·(R + 2N)`, `dt_proj` `R·E + E`, `A_log` `E·N`, `D` `E`, `out_proj` `E·d`
/// (+ `d`); Jamba's RMSNorms on Δ, B and C add `R + 2N` norm weights.
fn mamba(d: u128, m: &Mamba) -> (u128, u128) {
    let (e, n, r, k) = (w(m.d_inner), w(m.d_state), w(m.dt_rank), w(m.d_conv));
    let in_proj = linear(d, mul(2, e), m.proj_bias);
    let conv = linear(k, e, m.conv_bias);
    let x_proj = mul(e, add(r, mul(2, n)));
    let dt_proj = linear(r, e, true);
    let a_log_d = add(mul(e, n), e);
    let out_proj = linear(e, d, m.proj_bias);
    let weights = [in_proj, conv, x_proj, dt_proj, a_log_d, out_proj]
        .iter()
        .fold(0u128, |a, &b| add(a, b));
    let norms = if m.bcdt_norms { add(r, mul(2, n)) } else { 0 };
    (weights, norms)
}

/// Mamba-2 (transformers' `Mamba2Mixer`), with H heads of width P (E = H·P),
/// G groups, state N, kernel K and C = E + 2·G·N convolution channels:
/// `in_proj` `d·(2E + 2GN + H)` (+ as many biases), `conv1d` `C·K` (+ `C`),
/// `dt_bias`, `A_log` and `D` `3H`, `out_proj` `E·d` (+ `d`); the gated
/// RMSNorm adds `E` norm weights.
fn mamba2(d: u128, m: &Mamba2) -> (u128, u128) {
    let e = w(m.d_inner());
    let gn = mul(w(m.n_groups), w(m.d_state));
    let h = w(m.n_heads);
    let in_proj = linear(d, add(add(mul(2, e), mul(2, gn)), h), m.in_bias);
    let conv = linear(w(m.d_conv), w(m.conv_channels()), m.conv_bias);
    let out_proj = linear(e, d, m.out_bias);
    let weights = add(add(in_proj, conv), add(mul(3, h), out_proj));
    (weights, if m.norm { e } else { 0 })
}

/// A projection `d_in → d_out`, low-rank (`d_in → r → d_out`, no biases) when
/// `rank` is set.
fn low_rank(d_in: u128, d_out: u128, rank: Option<u64>) -> u128 {
    match rank {
        Some(r) => add(mul(d_in, w(r)), mul(w(r), d_out)),
        None => mul(d_in, d_out),
    }
}

/// A gated delta-rule layer ([`DeltaNet`]), with `K = H_k·d_k`, `V = H_v·d_v`
/// and convolution kernel k, no biases anywhere:
/// q and k `2·d·K`, v `d·V`, β `d·H_v`, the decay (per head: `a = d·H_v`, a Δ
/// bias and `A_log` `2·H_v`; per channel: a projection to `H_v·d_k`, low-rank
/// `d·r + r·H_v·d_k` or full `d·H_v·d_k`, a Δ bias `H_v·d_k` and `A_log` `H_v`),
/// the output gate (`d·V`, or low-rank `d·r + r·V`), the convolution
/// `(2K + V)·k`, `out` `V·d`; the gated RMSNorm adds `d_v` norm weights.
fn delta_net(d: u128, m: &DeltaNet) -> (u128, u128) {
    let (kw, vw, hv) = (w(m.key_width()), w(m.value_width()), w(m.value_heads));
    let qkv_beta = mul(d, add(add(mul(2, kw), vw), hv));
    let decay = match m.decay {
        Decay::PerHead => add(mul(d, hv), mul(2, hv)),
        Decay::PerChannel { rank } => {
            let channels = mul(hv, w(m.key_dim));
            add(add(low_rank(d, channels, rank), channels), hv)
        }
    };
    let gate = low_rank(d, vw, m.gate_rank);
    let conv = mul(w(m.conv_channels()), w(m.conv_kernel));
    let out = mul(vw, d);
    let weights = [qkv_beta, decay, gate, conv, out]
        .iter()
        .fold(0u128, |a, &b| add(a, b));
    (weights, w(m.value_dim))
}

/// Lightning attention ([`Lightning`]), with `A = H·h`: `qkv` `3·d·A`, the
/// output gate `d·A`, `out` `A·d`; its RMSNorm over A adds A norm weights.
fn lightning(d: u128, m: &Lightning) -> (u128, u128) {
    let a = mul(w(m.n_heads), w(m.head_dim));
    (mul(5, mul(d, a)), a)
}

/// LFM2's short convolution ([`ShortConv`]) over C channels (C = d in LFM2):
/// `in_proj` `d·3C`, the convolution `C·k`, `out_proj` `C·d`, and with
/// `conv_bias` `3C + C + d` biases.
fn short_conv(d: u128, m: &ShortConv) -> (u128, u128) {
    let c = w(m.width);
    let weights = add(
        add(linear(d, mul(3, c), m.bias), linear(c, d, m.bias)),
        linear(w(m.conv_kernel), c, m.bias),
    );
    (weights, 0)
}

/// Griffin's recurrent block ([`RgLru`]), with width W, H heads and kernel k:
/// `linear_x`, `linear_y` `2·(d·W + W)`, the convolution `W·k + W`, the two
/// block-diagonal gates `2·(W²/H + W)`, the recurrence parameter W,
/// `linear_out` `W·d + d`.
fn rg_lru(d: u128, m: &RgLru) -> (u128, u128) {
    let width = w(m.width);
    let heads = w(m.n_heads.max(1));
    let branches = mul(2, linear(d, width, true));
    let conv = linear(w(m.conv_kernel), width, true);
    let gates = mul(2, add(mul(width, width) / heads, width));
    let out = linear(width, d, true);
    let weights = [branches, conv, gates, width, out]
        .iter()
        .fold(0u128, |a, &b| add(a, b));
    (weights, 0)
}

/// RWKV-4 ([`Rwkv`]), with time-mixing width A: key, value, receptance
/// `3·d·A`, output `A·d`, `time_decay` and `time_first` `2·A`, three mixing
/// vectors `3·d`; from the channel mixing, `receptance` `d·d` and two mixing
/// vectors `2·d`.
fn rwkv(d: u128, m: &Rwkv) -> (u128, u128) {
    let a = w(m.width);
    let time = add(add(mul(4, mul(d, a)), mul(2, a)), mul(3, d));
    let channel = add(mul(d, d), mul(2, d));
    (add(time, channel), 0)
}

/// xLSTM's mLSTM layer ([`MLstm`]), with query/key width Q, value width V and H
/// heads: q, k `2·d·Q`, v and the output gate `2·d·V`, input and forget gates
/// `2·(d·H + H)`, `out_proj` `V·d`; with `use_bias`, `2Q + 2V + d` projection
/// biases. Norms: the multi-head LayerNorm's V weights (and V biases), and with
/// `use_bias` the block RMSNorms' `2·d` biases.
fn mlstm(d: u128, m: &MLstm) -> (u128, u128) {
    let (q, v, h) = (w(m.qk_dim), w(m.v_dim), w(m.n_heads));
    let b = m.bias;
    let weights = [
        mul(2, linear(d, q, b)),
        mul(2, linear(d, v, b)),
        mul(2, linear(d, h, true)),
        linear(v, d, b),
    ]
    .iter()
    .fold(0u128, |a, &x| add(a, x));
    let norms = if b { add(mul(2, v), mul(2, d)) } else { v };
    (weights, norms)
}

/// A routed expert's parameters (over the latent width when there is one).
fn expert(d: u128, m: &Moe) -> u128 {
    let width = m.latent.map_or(d, |l| w(l.dim));
    mlp(width, &m.expert)
}

/// The latent projections of a mixture of experts: `d·L` and `L·d`, with
/// `L` and `d` biases when flagged.
fn latent(d: u128, m: &Moe) -> u128 {
    m.latent.map_or(0, |l| {
        add(linear(d, w(l.dim), l.bias), linear(w(l.dim), d, l.bias))
    })
}

/// What every layer of a model shares: the width, the norm kind and the
/// model-wide parts each layer holds a piece of (per-layer inputs, AltUp).
#[derive(Clone, Copy)]
struct Ctx {
    d: u128,
    kind: NormKind,
    /// Width of the per-layer inputs (0 without them).
    ple: u128,
    /// AltUp copies of the residual stream (0 without AltUp).
    altup: u128,
    /// Each layer's hyper-connection weights and norms (0 without them).
    hyper: (u128, u128),
}

impl Ctx {
    fn of(spec: &ModelSpec) -> Ctx {
        Ctx {
            d: w(spec.d_model),
            kind: spec.norm,
            ple: spec.per_layer_inputs.map_or(0, |p| w(p.width)),
            altup: w(spec.altup_inputs),
            hyper: hyper_connections(spec)[0],
        }
    }
}

/// One layer's components: attention (self and cross), a token mixer, MLP or
/// experts (router `Linear(d, E)` — or Doge's `Linear(d, 2·⌊√E⌋)`, or ZAYA's MLP
/// `Linear(d, R) + norm(R) + 2·Linear(R, R) + R·outputs` — with Gemma 4's `d + E` scales,
/// `E` experts, a shared MLP of width `count·d_ff` and its optional `Linear(d, 1)`
/// gate), BitNet's `norm(d_ff)` inside the MLP, `norms·norm(d)`, gates and scales,
/// a LAuReL block `2·d·r + norm(d)`, the layer's per-layer-input gate and
/// projection `2·d·p + norm(d)`, and AltUp's `d + n² + n³ + d·n + norm(d)`
/// (output scale, correction and prediction coefficients, modality router and
/// its norm). Mixture-of-experts additions: `Z` zero-computation experts widen the
/// router (and transformers' LongCat-Flash gives each the gate/up half of an
/// expert), learned score biases add `E + Z`, an output norm `norm(d)` and bias `d`.
/// Gated norms add `count·2·d·rank`, hyper-connections their per-layer mixings; plain linear maps
/// count under `other`.
fn layer(ctx: Ctx, l: &Layer) -> Wide {
    let (d, kind) = (ctx.d, ctx.kind);
    let mut c = Wide::default();
    for a in l.attn.iter().chain(l.cross_attn.iter()) {
        let (weights, norms) = attention(d, a, kind);
        c.attention = add(c.attention, weights);
        c.norms = add(c.norms, norms);
    }
    if let Some(m) = &l.mixer {
        let (weights, norms) = mixer(d, m);
        c.mixer = weights;
        c.norms = add(c.norms, norms);
    }
    match &l.ffn {
        Ffn::None => {}
        Ffn::Dense(m) => {
            c.mlp = mlp(d, m);
            if m.inner_norm {
                c.norms = add(c.norms, norm(kind, w(m.d_ff)));
            }
        }
        Ffn::Moe(m) => {
            let scored = add(w(m.router_width()), w(m.zero_experts));
            let router = match m.router_mlp {
                None => linear(d, scored, m.router_bias),
                Some(r) => {
                    let r = w(r);
                    c.norms = add(c.norms, norm(kind, r));
                    add(
                        add(linear(d, r, true), mul(2, linear(r, r, true))),
                        linear(r, scored, m.router_bias),
                    )
                }
            };
            c.router = add(
                add(router, if m.score_bias { scored } else { 0 }),
                if m.router_scales {
                    add(d, w(m.n_experts))
                } else {
                    0
                },
            );
            c.experts = add(
                add(mul(w(m.n_experts), expert(d, m)), latent(d, m)),
                if m.zero_expert_weights {
                    mul(w(m.zero_experts), zero_expert(d, m))
                } else {
                    0
                },
            );
            if let Some(s) = &m.shared {
                let gated = s.gated.unwrap_or(m.expert.gated);
                let fused = Mlp::new(s.count.saturating_mul(s.d_ff), gated, s.bias);
                c.shared_experts = add(mlp(d, &fused), if s.gate { d } else { 0 });
            }
            if m.out_norm {
                c.norms = add(c.norms, norm(kind, d));
            }
            if m.out_bias {
                c.mlp = add(c.mlp, d);
            }
        }
    }
    c.norms = add(add(c.norms, mul(w(l.norms), norm(kind, d))), ctx.hyper.1);
    c.other = add(
        add(w(l.gates), ctx.hyper.0),
        l.norm_gates
            .map_or(0, |g| mul(w(g.count), mul(2, mul(d, w(g.rank))))),
    );
    c.other = l.linears.iter().fold(c.other, |acc, x| {
        add(acc, linear(w(x.d_in), w(x.d_out), x.bias))
    });
    if l.laurel_rank > 0 {
        c.other = add(c.other, mul(2, mul(d, w(l.laurel_rank))));
        c.norms = add(c.norms, norm(kind, d));
    }
    if ctx.ple > 0 {
        c.other = add(c.other, mul(2, mul(d, ctx.ple)));
        c.norms = add(c.norms, norm(kind, d));
    }
    if ctx.altup > 0 {
        let n = ctx.altup;
        let coefs = add(mul(n, n), mul(n, mul(n, n)));
        c.other = add(c.other, add(add(d, coefs), mul(d, n)));
        c.norms = add(c.norms, norm(kind, d));
    }
    c
}

/// The gate/up weights transformers allocates for one zero-computation expert:
/// `2·d·d_ff` (gated) or `d·d_ff` (plain), no biases.
fn zero_expert(d: u128, m: &Moe) -> u128 {
    let halves = if m.expert.gated { 2 } else { 1 };
    mul(halves, mul(d, w(m.expert.d_ff)))
}

/// Routed-expert parameters of one layer a token does not use: `(E − k)·expert`
/// (a token's `k` picks counted as real experts, the most it can use), the unused
/// zero-expert weights, and `(E_a − k_a)` query/output pairs of a mixture of
/// attention heads.
fn inactive(d: u128, l: &Layer) -> u128 {
    let moa: u128 = l
        .attn
        .iter()
        .filter_map(|a| a.experts.map(|e| (a, e)))
        .map(|(a, e)| {
            let kv_width = mul(w(a.n_kv_heads), w(a.head_dim));
            let v_width = mul(w(a.n_kv_heads), w(a.v_head_dim.unwrap_or(a.head_dim)));
            let pair = add(linear(d, kv_width, a.qkv_bias), mul(v_width, d));
            mul(w(e.n_experts.saturating_sub(e.top_k)), pair)
        })
        .fold(0, add);
    let ffn = match &l.ffn {
        Ffn::Moe(m) => add(
            mul(w(m.n_experts.saturating_sub(m.top_k)), expert(d, m)),
            if m.zero_expert_weights {
                mul(w(m.zero_experts), zero_expert(d, m))
            } else {
                0
            },
        ),
        Ffn::Dense(_) | Ffn::None => 0,
    };
    add(moa, ffn)
}

/// Hyper-connection weights ([`crate::model::HyperConnections`]), per layer and
/// once for the final collapse, each as `(weights, norms)`. Per layer two
/// mixings `Linear(n·d, outputs)`, with `outputs` biases and `scales` scalars;
/// the final collapse `Linear(n·d, n)` with `n` biases and one scale. With a
/// low-rank input mixing of rank r each mixing and the final collapse are
/// instead `Linear(n·d, r) + Linear(r, n·d)` and an RMSNorm over `n·d` (the
/// mixings adding `Linear(n·d, outputs)`, without biases).
fn hyper_connections(spec: &ModelSpec) -> [(u128, u128); 2] {
    let Some(hc) = &spec.hyper_connections else {
        return [(0, 0); 2];
    };
    let wide = mul(w(hc.streams), w(spec.d_model));
    let mixing = mul(wide, w(hc.outputs));
    match hc.low_rank {
        None => [
            (mul(2, add(mixing, add(w(hc.outputs), w(hc.scales)))), 0),
            (add(mul(wide, w(hc.streams)), add(w(hc.streams), 1)), 0),
        ],
        Some(r) => {
            let bottleneck = mul(2, mul(wide, w(r)));
            let norm = norm(NormKind::Rms, wide);
            [
                (
                    mul(2, add(bottleneck, add(mixing, w(hc.scales)))),
                    mul(2, norm),
                ),
                (bottleneck, norm),
            ]
        }
    }
}

/// Everything outside the layers: embeddings `(V + extra)·w + positions·d +
/// token_types·d` (with `w` the embedding width), their norm, OPT's projections
/// `2·d·w` when `w ≠ d`, the head `R·w` unless tied (plus `R` biases, `R` its rows,
/// and a transform `d² (+ d) + norm(d)` where it has one), final norms,
/// relative-position tables `buckets·H` per stack, a pooler `d² + d`, the
/// per-layer-input table `V_p·L·p`, its projection `d·L·p` and `norm(p)`, and
/// AltUp's `2·(n − 1)·d²` projections into and out of its copies, and the
/// hyper-connections' final collapse.
fn outside(spec: &ModelSpec) -> Wide {
    let d = w(spec.d_model);
    let width = w(spec.embed_dim());
    let v = w(spec.vocab_size);
    let kind = spec.norm;
    let mut c = Wide {
        embeddings: add(
            mul(add(v, w(spec.embed.extra_rows)), width),
            mul(add(w(spec.embed.positions), w(spec.embed.token_types)), d),
        ),
        ..Wide::default()
    };
    if spec.embed.norm {
        c.norms = norm(kind, d);
    }
    if spec.embed.dim.is_some_and(|x| x != spec.d_model) {
        c.other = mul(2, mul(d, width));
    }
    if let Some(head) = &spec.head {
        let rows = w(head.rows(spec.vocab_size));
        c.head = add(
            if head.tied { 0 } else { mul(rows, width) },
            if head.bias { rows } else { 0 },
        );
        if let Some(t) = &head.transform {
            c.head = add(c.head, linear(d, d, t.bias));
            c.norms = add(c.norms, norm(kind, d));
        }
    }
    if let Some(p) = &spec.per_layer_inputs {
        let cols = mul(w(spec.n_layers()), w(p.width));
        c.embeddings = add(c.embeddings, mul(w(p.vocab_size), cols));
        c.other = add(c.other, mul(d, cols));
        c.norms = add(c.norms, norm(kind, w(p.width)));
    }
    if spec.altup_inputs > 1 {
        let copies = w(spec.altup_inputs - 1);
        c.other = add(c.other, mul(2, mul(copies, mul(d, d))));
    }
    for stack in &spec.stacks {
        if stack.final_norm {
            c.norms = add(c.norms, norm(kind, d));
        }
        let heads = stack
            .groups
            .first()
            .and_then(|g| g.layer.attn.as_ref().or(g.layer.cross_attn.as_ref()))
            .map_or(0, |a| w(a.n_heads));
        c.attention = add(c.attention, mul(w(stack.rel_pos_buckets), heads));
    }
    if spec.pooler {
        c.other = add(c.other, linear(d, d, true));
    }
    let (weights, norms) = hyper_connections(spec)[1];
    c.other = add(c.other, weights);
    c.norms = add(c.norms, norms);
    c
}

/// Checks that a spec is one flopcast can count: its structure
/// ([`ModelSpec::check_structure`]) and a total that fits in `u64`. Every spec
/// [`crate::config`] builds has passed it; a spec that arrives any other way (a
/// link) must pass it before anything is computed from it.
pub fn validate(spec: &ModelSpec) -> Result<(), SpecError> {
    spec.check_structure()?;
    if checked_total(spec).is_none() {
        return Err(SpecError::TooManyParams);
    }
    Ok(())
}

/// The total in `u64`, or `None` if it does not fit.
pub(crate) fn checked_total(spec: &ModelSpec) -> Option<u64> {
    let ctx = Ctx::of(spec);
    let mut all = outside(spec);
    for stack in &spec.stacks {
        for g in &stack.groups {
            all.add_times(&layer(ctx, &g.layer), w(g.weight_sets()));
        }
    }
    let total = all.total();
    (total < u128::from(u64::MAX)).then(|| narrow(total))
}

/// Counts a spec's parameters.
pub fn count_params(spec: &ModelSpec) -> ParamCounts {
    let ctx = Ctx::of(spec);
    let d = ctx.d;
    let mut all = outside(spec);
    let mut inactive_total: u128 = 0;
    let mut layers = Vec::new();
    for stack in &spec.stacks {
        for g in &stack.groups {
            let per = layer(ctx, &g.layer);
            all.add_times(&per, w(g.weight_sets()));
            let off = inactive(d, &g.layer);
            inactive_total = add(inactive_total, mul(off, w(g.weight_sets())));
            let mut label = label(stack.kind, &g.layer, spec.main_attention());
            if let Some(copies) = g.copies.filter(|&c| c != g.count) {
                label.push_str(&format!(
                    ", {copies} set{} of weights for its {} uses",
                    if copies == 1 { "" } else { "s" },
                    g.count
                ));
            }
            layers.push(LayerParams {
                stack: stack.kind,
                count: g.count,
                label,
                per_layer: Components::from_wide(&per),
                active_per_layer: narrow(per.total().saturating_sub(off)),
                weight_sets: g.copies.filter(|&c| c != g.count),
            });
        }
    }
    let total = all.total();
    let embedding = all.embeddings;
    ParamCounts {
        total: narrow(total),
        embedding: narrow(embedding),
        head: narrow(all.head),
        non_embedding: narrow(total.saturating_sub(embedding)),
        active: narrow(total.saturating_sub(inactive_total)),
        breakdown: Components::from_wide(&all),
        layers,
        approximations: approximations(spec),
        approximate: approximate(spec),
    }
}

fn label(stack: StackKind, l: &Layer, main: Option<&Attention>) -> String {
    let kind = match (&l.mixer, l.attn.is_some(), l.cross_attn.is_some()) {
        (Some(m), false, _) => format!("{} layer", m.name()),
        (Some(m), true, _) => format!("attention + {} layer (side by side)", m.name()),
        (None, false, false) => match l.ffn {
            Ffn::Moe(_) => "MoE-only layer".to_string(),
            Ffn::Dense(_) => "MLP-only layer".to_string(),
            Ffn::None => "linear maps".to_string(),
        },
        (None, true, false) if l.ffn == Ffn::None => "attention-only layer".to_string(),
        (None, true, false) if l.attn.as_ref().is_some_and(|a| a.d_in.is_some()) => format!(
            "transformer block reading a {}-wide input",
            l.attn.as_ref().and_then(|a| a.d_in).unwrap_or(0)
        ),
        _ => match (stack, l.attn.is_some(), l.cross_attn.is_some()) {
            (StackKind::Encoder, _, _) => "encoder layer".to_string(),
            (StackKind::Decoder, false, true) => "cross-attention layer".to_string(),
            (StackKind::Decoder, true, true) => "decoder layer with cross-attention".to_string(),
            _ => "decoder layer".to_string(),
        },
    };
    let mut parts = vec![kind];
    match &l.ffn {
        Ffn::None if l.attn.is_none() && l.mixer.is_none() => {}
        Ffn::None => parts.push("no MLP".into()),
        Ffn::Moe(m) => {
            let shared = m
                .shared
                .map_or(String::new(), |s| format!(" + {} shared", s.count));
            let zero = if m.zero_experts > 0 {
                format!(" + {} zero-computation", m.zero_experts)
            } else {
                String::new()
            };
            parts.push(format!(
                "MoE {} experts{zero}, top-{}{shared}",
                m.n_experts, m.top_k
            ));
        }
        Ffn::Dense(_) => parts.push("dense MLP".into()),
    }
    if let Some(a) = l.attn.as_ref() {
        if main.is_some_and(|m| (m.n_heads, m.n_kv_heads) != (a.n_heads, a.n_kv_heads)) {
            parts.push(format!(
                "{} query / {} key-value heads",
                a.n_heads, a.n_kv_heads
            ));
        }
        if let Some(e) = &a.experts {
            parts.push(format!(
                "{} attention experts, top-{} ({} heads)",
                e.n_experts, e.top_k, a.n_heads
            ));
        }
        if let Some(win) = a.window {
            parts.push(format!("sliding window {win}"));
        }
        match &a.indexer {
            Some(ix) if ix.shared => parts.push(format!(
                "sparse attention (top-{}, reusing an earlier layer's selection)",
                ix.top_k
            )),
            Some(ix) => parts.push(format!("sparse attention (indexer, top-{})", ix.top_k)),
            None => {}
        }
        if let Some(c) = &a.compressed {
            parts.push(match &c.indexer {
                Some(ix) => format!(
                    "keys compressed every {} tokens, sparse (indexer, top-{})",
                    c.rate, ix.top_k
                ),
                None => format!("keys compressed every {} tokens", c.rate),
            });
        }
        if a.gate.is_some() {
            parts.push("gated output".into());
        }
        if a.kv_shared {
            parts.push("reuses an earlier layer's keys and values".into());
        } else if a.v_from_k {
            parts.push("keys serve as values".into());
        }
        if a.differential {
            parts.push("differential attention".into());
        }
    }
    if !l.linears.is_empty() {
        let maps: Vec<String> = l
            .linears
            .iter()
            .map(|x| format!("{}→{}", x.d_in, x.d_out))
            .collect();
        let only_maps = l.attn.is_none() && l.mixer.is_none() && l.ffn == Ffn::None;
        if only_maps {
            parts[0] = format!("linear maps {}", maps.join(", "));
        } else {
            parts.push(format!("linear maps {}", maps.join(", ")));
        }
    }
    if l.needs_images {
        parts.push("runs only with images".into());
    }
    parts.join(", ")
}

/// Rough size of a number, for messages ("13.5B").
fn rough(n: u128) -> String {
    #[allow(clippy::cast_precision_loss)]
    let x = n as f64;
    if x >= 1e9 {
        format!("{:.1}B", x / 1e9)
    } else if x >= 1e6 {
        format!("{:.0}M", x / 1e6)
    } else {
        format!("{n}")
    }
}

/// The headline's reason, for a model of no known family.
fn approximate(spec: &ModelSpec) -> Option<String> {
    let g = spec.generic.as_ref()?;
    let keys = if g.suspect_keys.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = g.suspect_keys.iter().map(|k| format!("`{k}`")).collect();
        format!("; it may be off where the config says {}", list.join(", "))
    };
    Some(format!(
        "`{}` is not a family flopcast knows: counted by generic Llama-style rules, not \
         checked against PyTorch{keys}",
        spec.model_type
    ))
}

fn approximations(spec: &ModelSpec) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(why) = approximate(spec) {
        out.push(format!(
            "Approximate: {why}. The generic rules assume a gated MLP, RMSNorm, rotary \
             positions, and biases, experts and latent attention only where the standard keys \
             say; compare the total with the model card."
        ));
    }
    let d = w(spec.d_model);
    if spec.mtp_layers > 0 {
        let last = spec
            .stacks
            .last()
            .and_then(|s| {
                s.groups
                    .iter()
                    .find(|g| matches!(g.layer.ffn, Ffn::Moe(_)))
                    .or(s.groups.last())
            })
            .map_or(0, |g| layer(Ctx::of(spec), &g.layer).total());
        let width = w(spec.embed_dim());
        let v = w(spec.vocab_size);
        // Per MTP module: a decoder layer, eh_proj Linear(2d, d), enorm, hnorm and the
        // shared head's norm, and the checkpoint's copies of the embedding and head.
        let per = add(
            add(last, mul(2, mul(d, d))),
            add(mul(3, norm(spec.norm, d)), mul(2, mul(v, width))),
        );
        let n = spec.mtp_layers;
        out.push(format!(
            "Not counted: {n} multi-token-prediction module{} (`num_nextn_predict_layers`) that \
             real checkpoints carry but transformers does not build, about {} more parameters \
             (a decoder layer, a 2·d_model→d_model projection, norms and copies of the \
             embedding and head per module).",
            if n == 1 { "" } else { "s" },
            rough(mul(per, w(n)))
        ));
    }
    let zero_weights: u128 = spec
        .stacks
        .iter()
        .flat_map(|s| &s.groups)
        .filter_map(|g| match &g.layer.ffn {
            Ffn::Moe(m) if m.zero_expert_weights => {
                Some(mul(w(g.count), mul(w(m.zero_experts), zero_expert(d, m))))
            }
            _ => None,
        })
        .fold(0, add);
    if zero_weights > 0 {
        let total = checked_total(spec).map_or(0, w);
        out.push(format!(
            "Counted as transformers builds it: its implementation allocates gate/up weights for \
             the zero-computation experts too, {} parameters that compute nothing, that no token \
             uses and that a checkpoint holds no weights for. Without them the model has {} \
             parameters.",
            rough(zero_weights),
            rough(total.saturating_sub(zero_weights))
        ));
    }
    if spec.vision_tower {
        out.push(if spec.vision_params_estimate > 0 {
            format!(
                "Not counted: the vision tower and its projector into the language model, \
                 roughly {} parameters (estimated from `vision_config`'s width and depth).",
                rough(w(spec.vision_params_estimate))
            )
        } else {
            "Not counted: the vision tower and its projector into the language model (the \
             config does not give its size; Llama-3.2-Vision's adds about 0.9B parameters, \
             Gemma 3's about 0.4B)."
                .into()
        });
    }
    if spec.remote_code {
        out.push(format!(
            "`{}` exists only as remote code, so no PyTorch count checks this one: it follows \
             the authors' modeling code (expected to be exact if that code is what runs; \
             unverified).",
            spec.model_type
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::from_dims;
    use crate::model::{Dims, DimsMoe, NormKind};

    fn llama2_7b() -> Dims {
        Dims::default()
    }

    #[test]
    fn llama_2_7b_from_dims_counts_6_738_415_616() {
        let p = count_params(&from_dims(&llama2_7b()).unwrap());
        assert_eq!(p.total, 6_738_415_616);
        assert_eq!(p.embedding, 131_072_000);
        assert_eq!(p.head, 131_072_000);
        assert_eq!(p.non_embedding, 6_738_415_616 - 131_072_000);
        assert_eq!(p.active, p.total);
    }

    #[test]
    fn gqa_shrinks_only_the_key_and_value_projections() {
        let mha = count_params(&from_dims(&llama2_7b()).unwrap());
        let gqa = count_params(
            &from_dims(&Dims {
                n_kv_heads: Some(8),
                ..llama2_7b()
            })
            .unwrap(),
        );
        // k and v lose 4096·(4096 − 1024) each, per layer.
        assert_eq!(mha.total - gqa.total, 32 * 2 * 4096 * (4096 - 1024));
        assert_eq!(mha.breakdown.mlp, gqa.breakdown.mlp);
    }

    #[test]
    fn tying_removes_the_head_but_not_the_embedding() {
        let untied = count_params(&from_dims(&llama2_7b()).unwrap());
        let tied = count_params(
            &from_dims(&Dims {
                tied_embeddings: true,
                ..llama2_7b()
            })
            .unwrap(),
        );
        assert_eq!(untied.total - tied.total, 32000 * 4096);
        assert_eq!(tied.head, 0);
        assert_eq!(tied.embedding, untied.embedding);
    }

    #[test]
    fn gated_mlp_has_a_third_matrix() {
        let gated = count_params(&from_dims(&llama2_7b()).unwrap());
        let plain = count_params(
            &from_dims(&Dims {
                gated_mlp: false,
                ..llama2_7b()
            })
            .unwrap(),
        );
        assert_eq!(gated.breakdown.mlp - plain.breakdown.mlp, 32 * 4096 * 11008);
    }

    #[test]
    fn biases_add_one_per_output_channel() {
        let plain = Dims {
            gated_mlp: false,
            norm: NormKind::LayerNorm,
            ..llama2_7b()
        };
        let without = count_params(&from_dims(&plain).unwrap());
        let with = count_params(
            &from_dims(&Dims {
                biases: true,
                ..plain
            })
            .unwrap(),
        );
        // q, k, v, o: 4·d; MLP: d_ff + d.
        assert_eq!(with.total - without.total, 32 * (4 * 4096 + 11008 + 4096));
    }

    #[test]
    fn learned_positions_count_as_embedding() {
        let base = count_params(&from_dims(&llama2_7b()).unwrap());
        let learned = count_params(
            &from_dims(&Dims {
                learned_positions: true,
                ..llama2_7b()
            })
            .unwrap(),
        );
        assert_eq!(learned.embedding - base.embedding, 4096 * 4096);
        assert_eq!(learned.non_embedding, base.non_embedding);
    }

    #[test]
    fn moe_active_counts_top_k_and_shared_experts_only() {
        let dims = Dims {
            n_kv_heads: Some(8),
            d_ff: 14336,
            moe: Some(DimsMoe {
                n_experts: 8,
                top_k: 2,
                n_shared: 0,
            }),
            ..llama2_7b()
        };
        let p = count_params(&from_dims(&dims).unwrap());
        // Mixtral-8x7B's published shapes with Llama-2's 32000 vocabulary.
        assert_eq!(p.total, 46_702_792_704);
        assert_eq!(p.active, 12_879_925_248);
        assert_eq!(p.breakdown.router, 32 * 4096 * 8);
        let shared = count_params(
            &from_dims(&Dims {
                moe: Some(DimsMoe {
                    n_experts: 8,
                    top_k: 2,
                    n_shared: 1,
                }),
                ..dims
            })
            .unwrap(),
        );
        let one_expert = 3 * 4096 * 14336;
        assert_eq!(shared.total - p.total, 32 * one_expert);
        assert_eq!(shared.active - p.active, 32 * one_expert);
    }

    #[test]
    fn gpt3_175b_has_the_published_size() {
        let dims = crate::papers::find("gpt3-175b")
            .expect("GPT-3 175B is a paper model")
            .dims;
        let p = count_params(&from_dims(&dims).unwrap());
        let approx = 12.0 * 96.0 * 12288f64.powi(2);
        let rel = |a: u64, b: f64| (a as f64 - b).abs() / b;
        assert!(rel(p.non_embedding, approx) < 0.002, "{}", p.non_embedding);
        assert!(rel(p.non_embedding, 1.74e11) < 0.005);
        assert!(rel(p.total, 1.75e11) < 0.005, "{}", p.total);
        assert_eq!(p.embedding, (50257 + 2048) * 12288);
    }

    #[test]
    fn absurd_specs_saturate_instead_of_overflowing() {
        let mut spec = from_dims(&llama2_7b()).unwrap();
        spec.d_model = u64::MAX;
        spec.vocab_size = u64::MAX;
        let p = count_params(&spec);
        assert_eq!(p.total, u64::MAX);
        assert!(validate(&spec).is_err());
    }

    /// `u64::MAX` is what a count that overflows saturates to, so a total of
    /// exactly `u64::MAX` is refused as too many, and one parameter fewer is not.
    #[test]
    fn a_total_of_exactly_u64_max_is_refused_as_the_saturated_value() {
        // 2^64 − 1 = 65,535 · (2^48 + 2^32 + 2^16 + 1): an embedding alone.
        let d = 65_535;
        let rows = (1u64 << 48) + (1 << 32) + (1 << 16) + 1;
        let spec = |vocab: u64| ModelSpec {
            d_model: d,
            vocab_size: vocab,
            ..ModelSpec::default()
        };
        assert_eq!(count_params(&spec(rows)).total, u64::MAX);
        assert_eq!(checked_total(&spec(rows)), None);
        assert_eq!(checked_total(&spec(rows - 1)), Some(u64::MAX - d));
    }

    #[test]
    fn a_spec_within_every_bound_can_still_have_too_many_parameters() {
        // 32 layers of 2^24 experts of 3·2^12·2^24 weights: 3·2^65
        let dims = Dims {
            d_ff: crate::model::MAX_DIM,
            moe: Some(crate::model::DimsMoe {
                n_experts: crate::model::MAX_DIM,
                top_k: 1,
                n_shared: 0,
            }),
            ..llama2_7b()
        };
        let err = from_dims(&dims).unwrap_err();
        assert_eq!(err, SpecError::TooManyParams.into());
    }
}
