//! What a token mixer that is not softmax attention keeps for the backward
//! pass ([`crate::model::Mixer`], and ZAYA's CCA beside its attention), per
//! token of one layer, tensor by tensor, for both sets of [`Kernels`]:
//!
//! - **Eager** is transformers' PyTorch path, the one that runs without the
//!   optional kernel packages (on a CPU, or a GPU without `mamba_ssm`,
//!   `causal-conv1d` or `fla`): Mamba's sequential scan, Mamba-2's chunked
//!   SSD in einsums, the delta rule's chunked UT transform, lightning
//!   attention's blocks, and so on. Each of these keeps far more than a
//!   kernel does (every step's state of Mamba's scan, the chunk-by-chunk
//!   `Q × Q` decay matrices in FP32), and this is what autograd keeps there.
//!   It is checked against PyTorch on every mixer case of
//!   `core/data/activations.json` (within 1 %).
//! - **Fused** is what the kernels the large runs use keep
//!   (`save_for_backward` of `mamba_ssm`'s `MambaInnerFn` and
//!   `MambaSplitConv1dScanCombinedFn` as Megatron-Core calls them,
//!   `causal-conv1d`, `fla`'s chunked delta-rule and linear-attention
//!   kernels): the kernels' inputs, their output and the chunk-boundary
//!   states they keep rather than recompute. Read from those sources, not
//!   measured (the kernels need a GPU).
//!
//! Per-layer constants (`A = −exp(A_log)` in FP32, triangular masks, decay
//! buffers) are not per token and are left out: together they are under
//! 0.3 % of a layer at the fixture's 256 tokens and vanish at a real
//! micro-batch. A tensor over a chunk's positions has the chunk length
//! folded in, as the attention probabilities have `s`; one per sequence
//! (a scan's initial state) has `1/s`.
//!
//! **Tensor parallelism** splits what runs over heads or channels
//! ([`Split::Sharded`]: a mixer's inner width, its heads' states and chunk
//! matrices, as `memory::layout::divided_by_tp` requires TP to divide its
//! heads, groups or channels) and not what is `d_model` wide (the mixer's
//! input: [`Split::Replicated`], split by sequence parallelism) nor what is
//! shared by every head (Mamba's Δ rank and state-wide B and C, the delta
//! rule's per-head-group keys when TP exceeds them: kept whole, also
//! [`Split::Replicated`]). **Context parallelism** splits every one of these
//! as it splits the sequence: each rank scans its own `s/CP` tokens and
//! passes the state on, so chunk matrices and chunk states stay per token.

use super::activations::{Ctx, KeptTensor, Kernels, Split, FP32, HALF};
use crate::model::{
    Attention, Decay, DeltaNet, Lightning, MLstm, Mamba, Mamba2, Mixer, ModelSpec, RgLru, Rwkv,
    ShortConv,
};

/// How transformers writes a family's mixer where families differ; the
/// families the ground truth does not cover take the closest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    /// Falcon-Mamba: weightless RMSNorms on Δ, B and C.
    FalconMamba,
    /// Jamba: learned RMSNorms on Δ, B and C.
    Jamba,
    /// Zamba: Mamba split into `n_mamba_heads` heads, scanned one at a time.
    Zamba,
    /// Falcon-H1: μP multipliers, and (without `mamba_rms_norm`) a plain
    /// SiLU gate instead of the gated norm.
    FalconH1,
    /// LaRA-mini: Gated DeltaNet whose gated norm stays in FP32 to the end.
    LaraMini,
    /// Every other family, its mixer read as `MambaMixer.slow_forward`
    /// (mamba: Δ, B and C straight from `x_proj`'s output) or
    /// `Mamba2Mixer.torch_forward` and its copies (mamba2, bamba, nemotron_h,
    /// granitemoehybrid, zamba2: a gated RMSNorm in FP32) write it.
    Other,
}

impl Flavour {
    pub(crate) fn of(model_type: &str) -> Flavour {
        match model_type {
            "falcon_mamba" => Flavour::FalconMamba,
            "jamba" => Flavour::Jamba,
            "zamba" => Flavour::Zamba,
            "falcon_h1" => Flavour::FalconH1,
            "lara_mini" => Flavour::LaraMini,
            _ => Flavour::Other,
        }
    }
}

/// Zamba's `n_mamba_heads` as transformers' `ZambaConfig` sets it by default
/// and Zamba-7B-v1 has it.
pub(crate) const ZAMBA_MAMBA_HEADS: f64 = 2.0;

fn f(x: u64) -> f64 {
    x as f64
}

/// Collects one mixer's tensors.
struct Out<'a> {
    t: &'a mut Vec<KeptTensor>,
    prefix: &'static str,
}

impl Out<'_> {
    /// Over heads or channels: ÷ TP.
    fn sh(&mut self, what: &str, bytes: f64) {
        self.t.push(KeptTensor::token(
            format!("{}: {what}", self.prefix),
            bytes,
            Split::Sharded,
        ));
    }

    /// `d_model` wide, or shared by every head: whole on each TP rank.
    fn rep(&mut self, what: &str, bytes: f64) {
        self.t.push(KeptTensor::token(
            format!("{}: {what}", self.prefix),
            bytes,
            Split::Replicated,
        ));
    }

    /// An eager RMSNorm over `width` channels in `groups` groups that keeps
    /// its FP32 input and statistics, and its output in `out` bytes a value
    /// (0: not kept).
    fn rms(&mut self, what: &str, width: f64, groups: f64, out: f64, split: Split) {
        let push = |o: &mut Self, w: String, b: f64| {
            o.t.push(KeptTensor::token(format!("{}: {w}", o.prefix), b, split))
        };
        push(self, format!("{what} (FP32 input)"), FP32 * width);
        push(self, format!("{what} (1/rms, FP32)"), FP32 * groups);
        if out > 0.0 {
            push(self, format!("{what} (output)"), out * width);
        }
    }
}

/// What the mixer terms of `spec` leave uncertain, in words: with fused
/// kernels, that they are read from the kernels rather than measured; for
/// Zamba, the head count the spec does not keep.
pub(super) fn approximations(spec: &ModelSpec, kernels: Kernels) -> Vec<String> {
    let mut out = Vec::new();
    let names: Vec<&str> = {
        let mut v: Vec<&str> = spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .filter_map(|g| g.layer.mixer.as_ref().map(Mixer::name))
            .collect();
        if spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .any(|g| g.layer.attn.as_ref().is_some_and(|a| a.cca.is_some()))
        {
            v.push("CCA");
        }
        v.dedup();
        v
    };
    if names.is_empty() {
        return out;
    }
    if kernels == Kernels::Fused {
        out.push(format!(
            "{} layers with fused kernels: what mamba_ssm, causal-conv1d and fla keep \
             (their save_for_backward), read from their sources, not measured; the eager \
             figures are the measured ones",
            names.join(", ")
        ));
    }
    if Flavour::of(spec.model_type()) == Flavour::Zamba {
        out.push(format!(
            "Zamba's Mamba heads (`n_mamba_heads`) are not in the spec: taken as {ZAMBA_MAMBA_HEADS} \
             (transformers' default), which sizes only their Δ, B and C (under 1 % of a layer)"
        ));
    }
    out
}

/// The tensors a mixer keeps, appended to `t`.
pub(super) fn mixer(ctx: &Ctx, m: &Mixer, t: &mut Vec<KeptTensor>) {
    let mut o = Out {
        t,
        prefix: m.name(),
    };
    o.rep("input (in-projection's input)", HALF * ctx.d);
    match (ctx.kept.kernels, m) {
        (Kernels::Eager, Mixer::Mamba(x)) => mamba_eager(ctx, x, &mut o),
        (Kernels::Fused, Mixer::Mamba(x)) => mamba_fused(ctx, x, &mut o),
        (Kernels::Eager, Mixer::Mamba2(x)) => mamba2_eager(ctx, x, &mut o),
        (Kernels::Fused, Mixer::Mamba2(x)) => mamba2_fused(x, &mut o),
        (Kernels::Eager, Mixer::DeltaNet(x)) => delta_eager(ctx, x, &mut o),
        (Kernels::Fused, Mixer::DeltaNet(x)) => delta_fused(x, &mut o),
        (Kernels::Eager, Mixer::Lightning(x)) => lightning_eager(ctx, x, &mut o),
        (Kernels::Fused, Mixer::Lightning(x)) => lightning_fused(x, &mut o),
        (k, Mixer::ShortConv(x)) => short_conv(ctx, k, x, &mut o),
        (k, Mixer::RgLru(x)) => rg_lru(ctx, k, x, &mut o),
        (k, Mixer::Rwkv(x)) => rwkv(ctx, k, x, &mut o),
        (Kernels::Eager, Mixer::MLstm(x)) => mlstm_eager(ctx, x, &mut o),
        (Kernels::Fused, Mixer::MLstm(x)) => mlstm_fused(x, &mut o),
    }
}

/// A depthwise causal convolution as PyTorch computes it: padded by `K − 1`
/// on both sides, its output (`s + K − 1` positions, trimmed afterwards by a
/// view) is what the activation after it keeps.
fn padded_conv_out(ctx: &Ctx, channels: f64, k: u64) -> f64 {
    HALF * channels * (ctx.seq_len + f(k) - 1.0) / ctx.seq_len
}

/// Mamba (E = `d_inner`, N = `d_state`, R = `dt_rank`, K = `d_conv`) through
/// transformers' sequential scan (`slow_forward`), per token:
/// - `in_proj`'s output `x‖z` (`4E`, kept by the convolution and `silu(z)`),
///   the padded convolution output ([`padded_conv_out`]), `x_proj`'s input
///   (`2E`);
/// - Δ, B and C: `x_proj`'s output `2(R + 2N)` (Mamba), or their norms
///   (Jamba: FP32 input, 1/rms and BF16 output of each, and `dt_proj`'s
///   input; Falcon-Mamba: FP32 input and 1/rms of each, `dt_proj`'s input
///   and C);
/// - the discretisation: `Δ + bias` and `softplus` (`2E` each), `exp(ΔA)` and
///   `ΔB` (`4EN` each, FP32), B and x in FP32 (`4N`, `4E`);
/// - the scan: every step's state, in FP32 for the next step (`4EN(s − 1)/s`)
///   and in BF16 for `C·h` (`2EN`), and the zero initial state (`2EN/s`);
/// - `y + D·x` in FP32 (`4E`), x and `silu(z)` (`2E` each), `out_proj`'s
///   input (`2E`).
fn mamba_eager(ctx: &Ctx, m: &Mamba, o: &mut Out) {
    if ctx.flavour == Flavour::Zamba {
        return zamba_eager(ctx, m, o);
    }
    let (e, n, r, s) = (f(m.d_inner), f(m.d_state), f(m.dt_rank), ctx.seq_len);
    o.sh("in_proj output x‖z", HALF * 2.0 * e);
    o.sh(
        "convolution output (padded)",
        padded_conv_out(ctx, e, m.d_conv),
    );
    o.sh("x_proj input", HALF * e);
    match ctx.flavour {
        Flavour::Jamba => {
            o.rms("Δ norm", r, 1.0, HALF, Split::Replicated);
            o.rep("dt_proj input", HALF * r);
            o.rms("B norm", n, 1.0, HALF, Split::Replicated);
            o.rms("C norm", n, 1.0, HALF, Split::Replicated);
            o.rep("C", HALF * n);
        }
        Flavour::FalconMamba => {
            o.rms("Δ norm", r, 1.0, 0.0, Split::Replicated);
            o.rep("dt_proj input", HALF * r);
            o.rms("B norm", n, 1.0, 0.0, Split::Replicated);
            o.rms("C norm", n, 1.0, 0.0, Split::Replicated);
            o.rep("C", HALF * n);
        }
        _ => o.rep("x_proj output Δ‖B‖C", HALF * (r + 2.0 * n)),
    }
    o.sh("Δ + bias, softplus(Δ + bias)", 2.0 * HALF * e);
    o.sh("exp(ΔA), ΔB (FP32)", 2.0 * FP32 * e * n);
    o.rep("B (FP32)", FP32 * n);
    o.sh("x (FP32)", FP32 * e);
    o.sh(
        "scan states: FP32 for the next step, BF16 for C·h, the initial zeros",
        FP32 * e * n * (s - 1.0) / s + HALF * e * n + HALF * e * n / s,
    );
    o.sh("y + D·x (FP32)", FP32 * e);
    o.sh("x, silu(z)", 2.0 * HALF * e);
    o.sh("out_proj input", HALF * e);
}

/// Zamba's Mamba: the same in `H = n_mamba_heads` heads of `E/H` channels,
/// each with its own Δ, B and C (`x_proj` per head), scanned one head after
/// the other. The spec does not keep H (the parameters do not depend on
/// it): it is taken as transformers' default and Zamba-7B's, 2
/// ([`ZAMBA_MAMBA_HEADS`]; named in the approximations).
///
/// Per token: `x‖z` (`4E`) and x made contiguous for the convolution
/// (`2E`), the padded convolution output, its activation (`2E`, `x_proj`'s
/// input) and again per head for `D·x` (`2E`); the per-head `x_proj` output
/// Δ‖B‖C twice (`4H(R + 2N)`) and Δ made contiguous for `dt_proj` (`2HR`);
/// then Mamba's scan terms over all E channels, with B in FP32 per head
/// (`4HN`); `out_proj`'s input (`2E`).
fn zamba_eager(ctx: &Ctx, m: &Mamba, o: &mut Out) {
    let (e, n, r, s) = (f(m.d_inner), f(m.d_state), f(m.dt_rank), ctx.seq_len);
    let h = ZAMBA_MAMBA_HEADS;
    o.sh("in_proj output x‖z, x made contiguous", HALF * 3.0 * e);
    o.sh(
        "convolution output (padded)",
        padded_conv_out(ctx, e, m.d_conv),
    );
    o.sh("x (x_proj input, and per head for D·x)", 2.0 * HALF * e);
    o.sh(
        "x_proj output Δ‖B‖C per head, twice, and Δ for dt_proj",
        HALF * h * (2.0 * (r + 2.0 * n) + r),
    );
    o.sh("Δ + bias, softplus(Δ + bias)", 2.0 * HALF * e);
    o.sh("exp(ΔA), ΔB (FP32)", 2.0 * FP32 * e * n);
    o.sh("B per head (FP32)", FP32 * h * n);
    o.sh("x (FP32)", FP32 * e);
    o.sh(
        "scan states: FP32 for the next step, BF16 for C·h, the initial zeros",
        FP32 * e * n * (s - 1.0) / s + HALF * e * n + HALF * e * n / s,
    );
    o.sh("y + D·x (FP32)", FP32 * e);
    o.sh("silu(z)", HALF * e);
    o.sh("out_proj input", HALF * e);
}

/// Mamba through `mamba_ssm`'s `MambaInnerFn` (checkpoint level 1: the
/// convolution's output and Δ are recomputed in the backward pass), per
/// token: `x‖z` (`4E`), `x_proj`'s output `2(R + 2N)`, B and C made
/// contiguous (`4N`), the scan's chunk states (`E × 2N` in FP32 every 2048
/// tokens: `8EN·⌈s/2048⌉/s`) and its output before the gate (`2E`; the
/// gated output and `out_proj`, inside the same function, are recomputed).
fn mamba_fused(ctx: &Ctx, m: &Mamba, o: &mut Out) {
    let (e, n, r, s) = (f(m.d_inner), f(m.d_state), f(m.dt_rank), ctx.seq_len);
    o.sh("x‖z", HALF * 2.0 * e);
    o.rep(
        "x_proj output Δ‖B‖C, B and C contiguous",
        HALF * (r + 4.0 * n),
    );
    o.sh(
        "scan chunk states (FP32, every 2048 tokens)",
        FP32 * 2.0 * e * n * (s / 2048.0).ceil() / s,
    );
    o.sh("scan output before the gate", HALF * e);
}

/// Mamba-2 (H heads of width P, E = H·P, G groups, state N, kernel K,
/// chunk Q; the sequence padded to `s′ = ⌈s/Q⌉·Q`, `c = s′/Q` chunks, `ρ =
/// s′/s`) through transformers' `torch_forward`, per token:
/// - `in_proj`'s output `2(2E + 2GN + H)` (kept by the convolution), the
///   padded convolution output over `E + 2GN` channels;
/// - Δ: `Δ + bias` and `softplus` (`2H` each), in FP32 twice (`4H` each);
///   x in FP32 (`4E`), padded for `D·x` (`4Eρ`);
/// - the SSD einsums in FP32 (B and C repeated to every head): `L =
///   exp(segsum)`, `C·Bᵀ` and the masked scores' copy (`4HQρ` each),
///   B and C copies (`4HNρ`, four of them, and the padded B), x copies
///   (`4Eρ`, two), the decays (`4Hρ` twice), the chunk states (`4EN(c +
///   1)/s` and `4ENc/s`), the state decay between chunks (`4H(c + 1)²/s`),
///   the off-diagonal output (`4Eρ`);
/// - the gated RMSNorm in FP32 (Mamba-2): y (`4Eρ`), the gate, `silu`, their
///   product and the normalised output (`4E` each), 1/rms per group; or
///   Falcon-H1's plain gate: y (`4Eρ`) and `silu(z)` (`2E`);
/// - `out_proj`'s input (`2E`).
fn mamba2_eager(ctx: &Ctx, m: &Mamba2, o: &mut Out) {
    let (h, g, n, e) = (f(m.n_heads), f(m.n_groups), f(m.d_state), f(m.d_inner()));
    let s = ctx.seq_len;
    let q = f(m.chunk.max(1));
    let c = (s / q).ceil();
    let rho = c * q / s;
    o.sh(
        "in_proj output z‖x‖B‖C‖Δ",
        HALF * (2.0 * e + 2.0 * g * n + h),
    );
    o.sh(
        "convolution output (padded)",
        padded_conv_out(ctx, f(m.conv_channels()), m.d_conv),
    );
    o.sh(
        "Δ + bias, softplus (BF16), twice in FP32",
        2.0 * HALF * h + 2.0 * FP32 * h,
    );
    o.sh("x (FP32), padded x for D·x", FP32 * e * (1.0 + rho));
    o.sh(
        "L = exp(segsum(A)), C·Bᵀ, the masked scores' copy (FP32)",
        3.0 * FP32 * h * q * rho,
    );
    o.sh(
        "B and C repeated to every head, padded, copied for the einsums (FP32)",
        5.0 * FP32 * h * n * rho,
    );
    o.sh("x·Δ copied for the einsums (FP32)", 2.0 * FP32 * e * rho);
    o.sh("decays within chunks (FP32)", 2.0 * FP32 * h * rho);
    o.sh(
        "chunk states, with and without the initial one (FP32)",
        FP32 * e * n * (2.0 * c + 1.0) / s,
    );
    o.sh(
        "decay between chunks (FP32)",
        FP32 * h * (c + 1.0) * (c + 1.0) / s,
    );
    o.sh("off-diagonal output C·states (FP32)", FP32 * e * rho);
    o.sh("y (FP32)", FP32 * e * rho);
    if ctx.flavour == Flavour::FalconH1 && !m.norm {
        o.sh("silu(z)", HALF * e);
    } else {
        o.sh(
            "gated norm: z, silu(z), y·silu(z), normalised (FP32)",
            4.0 * FP32 * e,
        );
        o.sh("gated norm: 1/rms per group (FP32)", FP32 * g);
    }
    o.sh("out_proj input", HALF * e);
}

/// Mamba-2 through `mamba_ssm`'s `mamba_split_conv1d_scan_combined` as
/// Megatron-Core's `MambaMixer` calls it (the gate inside the kernel, the
/// group RMSNorm and the output projection after it), per token: `in_proj`'s
/// output (`2(2E + 2GN + H)`, from which the kernel recomputes the
/// convolution and the scan's inputs), the scan's output before the gate
/// (`2E`), the gated output the norm reads (`2E`) with 1/rms per group
/// (`4G`), and `out_proj`'s input (`2E`).
fn mamba2_fused(m: &Mamba2, o: &mut Out) {
    let (h, g, n, e) = (f(m.n_heads), f(m.n_groups), f(m.d_state), f(m.d_inner()));
    o.sh(
        "in_proj output z‖x‖B‖C‖Δ",
        HALF * (2.0 * e + 2.0 * g * n + h),
    );
    o.sh("scan output before the gate", HALF * e);
    o.sh("gated output (the norm's input)", HALF * e);
    o.sh("norm: 1/rms per group (FP32)", FP32 * g);
    o.sh("out_proj input", HALF * e);
}

/// A gated delta rule through transformers' chunked PyTorch path
/// (`torch_chunk_gated_delta_rule`, Kimi's `chunk_kimi_delta_attention`),
/// with `H_k` key heads of width `d_k` repeated to the `H_v` value heads
/// (`K = H_v·d_k`), `V = H_v·d_v`, chunk Q (the sequence padded to whole
/// chunks, `ρ = s′/s`, `c` chunks), per token:
/// - the convolution's input and padded output over `C = 2H_k·d_k + V`
///   channels, β (`2H_v`), the decay (Gated DeltaNet: `a + Δ bias` and its
///   softplus, `4H_v` each in FP32; Kimi: the low-rank projection's middle
///   `2r`, then `exp`, `1 + exp`, the overflow mask and softplus over `K`);
/// - queries and keys in FP32 before their L2 norm (`4K` each, with
///   `4H_v` norms), and after it padded (`4Kρ` each), values and β padded;
/// - the chunk's matrices in FP32: Gated DeltaNet keeps five `Q × Q` per
///   value head (`4H_vQρ` each: the pairwise decay, `k_β·kᵀ`, `q·kᵀ`, the UT
///   system, the intra-chunk attention); Kimi keeps per key channel
///   (`4H_vQd_kρ`: the decay mask, `k_β ⊙ k`, and `q ⊙ k` per chunk) and its
///   forward substitution's clones (`4H_v·Σᵢ(i² + i)·ρ/Q` for i < Q), with
///   two `Q × Q` (the solved system and the intra-chunk attention);
/// - `k_β`, the decayed keys twice and the decayed queries, the UT
///   transform's outputs (the new values `4Vρ`, `k_cumdecay` `4Kρ`), the
///   corrected values per chunk (`4Vρ`), the per-chunk decays, and the state
///   before each chunk (`4H_v·d_k·d_v·c/s`);
/// - the gated RMSNorm per value head (Gated DeltaNet: FP32 input, 1/rms,
///   BF16 output, FP32 gate and `silu`, weighted output; Kimi: all FP32,
///   sigmoid gate, with its low-rank projection's middle `2r`);
/// - the output projection's input (`2V`).
fn delta_eager(ctx: &Ctx, m: &DeltaNet, o: &mut Out) {
    let s = ctx.seq_len;
    let hv = f(m.value_heads);
    let k = hv * f(m.key_dim);
    let v = f(m.value_width());
    let q = f(m.chunk.max(1));
    let c = (s / q).ceil();
    let rho = c * q / s;
    let later = if c > 1.0 { 1.0 } else { 0.0 };
    o.sh("convolution input q‖k‖v", HALF * f(m.conv_channels()));
    o.sh(
        "convolution output (padded)",
        padded_conv_out(ctx, f(m.conv_channels()), m.conv_kernel),
    );
    o.sh("β", HALF * hv);
    let kimi = matches!(m.decay, Decay::PerChannel { .. });
    match m.decay {
        Decay::PerHead => o.sh("a + Δ bias, softplus (FP32)", 2.0 * FP32 * hv),
        Decay::PerChannel { rank } => {
            if let Some(r) = rank {
                o.rep("decay projection's middle", HALF * f(r));
            }
            o.sh(
                "decay: exp, 1 + exp, softplus (FP32), overflow mask",
                3.0 * FP32 * k + k,
            );
        }
    }
    o.sh(
        "queries and keys before the L2 norm, and the norms (FP32)",
        2.0 * FP32 * (k + hv),
    );
    o.sh(
        "keys, values and β padded (FP32)",
        FP32 * (k + v + hv) * rho,
    );
    if kimi {
        o.sh(
            "decay mask, k_β ⊙ k and q ⊙ k per key channel (FP32)",
            3.0 * FP32 * k * q * rho,
        );
        let sum: f64 = (1..m.chunk.max(1)).map(|i| f(i * i + i)).sum();
        o.sh(
            "forward substitution's row and block clones (FP32)",
            FP32 * hv * sum * rho / q,
        );
        o.sh(
            "solved system, intra-chunk attention (FP32)",
            2.0 * FP32 * hv * q * rho,
        );
        o.sh(
            "k_β, exp(g), k_β·exp(g), decayed keys and their copy, queries (FP32)",
            6.0 * FP32 * k * rho,
        );
        o.sh(
            "exp(g) for the queries, decayed queries after the first chunk (FP32)",
            FP32 * k * (rho + (c - 1.0) * q / s),
        );
    } else {
        o.sh(
            "pairwise decay, k_β·kᵀ, q·kᵀ, UT system, intra-chunk attention (FP32)",
            5.0 * FP32 * hv * q * rho,
        );
        o.sh("k_β, queries, decayed keys (FP32)", 3.0 * FP32 * k * rho);
        o.sh(
            "decayed queries (FP32, read from the second chunk on)",
            later * FP32 * k * rho,
        );
        o.sh("decays within chunks (FP32)", 3.0 * FP32 * hv * rho);
        o.sh("decay per chunk (FP32)", FP32 * hv * c / s);
    }
    o.sh(
        "k_cumdecay (FP32, read from the second chunk on)",
        later * FP32 * k * rho,
    );
    if kimi {
        o.sh("decay per chunk (FP32)", FP32 * k * c / s);
    }
    o.sh(
        "new values, corrected values per chunk (FP32)",
        2.0 * FP32 * v * rho,
    );
    o.sh(
        "state before each chunk (FP32)",
        FP32 * hv * f(m.key_dim) * f(m.value_dim) * c / s,
    );
    if kimi {
        if let Some(r) = m.gate_rank {
            o.rep("output gate projection's middle", HALF * f(r));
        }
        o.rms("output norm", v, hv, 0.0, Split::Sharded);
        o.sh(
            "output norm: normalised, sigmoid(gate), weighted (FP32)",
            3.0 * FP32 * v,
        );
    } else {
        // LaRA-mini's norm keeps its normalised and weighted outputs in FP32.
        let out = if ctx.flavour == Flavour::LaraMini {
            FP32
        } else {
            HALF
        };
        o.rms("output norm", v, hv, out, Split::Sharded);
        o.sh(
            "output norm: gate and silu(gate) (FP32), weighted output",
            2.0 * FP32 * v + out * v,
        );
    }
    o.sh("out_proj input", HALF * v);
}

/// A gated delta rule through `fla`'s chunked kernels
/// (`chunk_gated_delta_rule`, `chunk_kda`, with the L2 norm in the kernel),
/// per token: the convolution's input (`causal-conv1d` recomputes its
/// output), the normalised queries and keys at their own `H_k` heads with
/// their norms, the values, β, the cumulated decay in FP32 (per head, or per
/// key channel for Kimi, which also keeps its input), the chunk's solved
/// `Q × Q` system per value head (Kimi: two), the decay's inputs computed
/// outside the kernel as in eager, the gated norm's input, gate and 1/rms
/// (`fla`'s `FusedRMSNormGated`), and the output projection's input.
fn delta_fused(m: &DeltaNet, o: &mut Out) {
    let hv = f(m.value_heads);
    let kq = f(m.key_width());
    let k = hv * f(m.key_dim);
    let v = f(m.value_width());
    let q = f(m.chunk.max(1));
    o.sh("convolution input q‖k‖v", HALF * f(m.conv_channels()));
    o.sh(
        "normalised queries and keys, their norms (FP32)",
        2.0 * (HALF * kq + FP32 * f(m.key_heads)),
    );
    o.sh("values", HALF * v);
    o.sh("β", HALF * hv);
    match m.decay {
        Decay::PerHead => {
            o.sh("a + Δ bias, softplus (FP32)", 2.0 * FP32 * hv);
            o.sh("cumulated decay (FP32)", FP32 * hv);
            o.sh("solved UT system", HALF * hv * q);
        }
        Decay::PerChannel { rank } => {
            if let Some(r) = rank {
                o.rep("decay projection's middle", HALF * f(r));
            }
            o.sh("decay and its cumulated sum (FP32)", 2.0 * FP32 * k);
            o.sh("A_qk and A_kk (FP32)", 2.0 * FP32 * hv * q);
            if let Some(r) = m.gate_rank {
                o.rep("output gate projection's middle", HALF * f(r));
            }
        }
    }
    o.sh("gated norm: input and gate", 2.0 * HALF * v);
    o.sh("gated norm: 1/rms per head (FP32)", FP32 * hv);
    o.sh("out_proj input", HALF * v);
}

/// MiniMax's lightning attention (H heads of width h, `W = H·h`, blocks of
/// B tokens) through transformers' block loop, per token: `qkv_proj`'s
/// output (`6W`, kept by its SiLU); each block's queries and keys copied for
/// `q·kᵀ`, values copied twice, the decayed keys' copy (`2W` each, five in
/// all), the decayed `q·kᵀ` (`2H·Σ Bᵢ²/s`), the decayed queries of every
/// block but the first (`2W(s − B)/s`), the `h × h` state before each block
/// (`2H·h²` per block and sequence, BF16); the RMSNorm over W (eager), its
/// weighted output, the sigmoid gate (`2W` each) and `out_proj`'s input.
fn lightning_eager(ctx: &Ctx, m: &Lightning, o: &mut Out) {
    let (h, hd, s) = (f(m.n_heads), f(m.head_dim), ctx.seq_len);
    let w = h * hd;
    let block = f(m.block.max(1)).min(s);
    let full = (s / block).floor();
    let rest = s - full * block;
    let blocks = (s / block).ceil();
    o.sh("qkv_proj output (SiLU's input)", 3.0 * HALF * w);
    o.sh(
        "per block: queries and keys for q·kᵀ, values twice, decayed keys",
        5.0 * HALF * w,
    );
    o.sh(
        "per block: decayed q·kᵀ",
        HALF * h * (full * block * block + rest * rest) / s,
    );
    o.sh(
        "decayed queries (from the second block on)",
        HALF * w * (s - block) / s,
    );
    o.sh("state before each block", HALF * h * hd * hd * blocks / s);
    o.rms("norm", w, 1.0, HALF, Split::Sharded);
    o.sh("norm output, sigmoid gate", 2.0 * HALF * w);
    o.sh("out_proj input", HALF * w);
}

/// Lightning attention through a fused linear-attention kernel (`fla`'s
/// `chunk_simple_gla` with the fixed decay: queries, keys and values kept,
/// states recomputed): `qkv_proj`'s output (the SiLU's input) and the SiLU's
/// output (the kernel's q, k, v), the kernel's output with its norm's 1/rms,
/// the norm's output, the gate and `out_proj`'s input.
fn lightning_fused(m: &Lightning, o: &mut Out) {
    let w = f(m.n_heads) * f(m.head_dim);
    o.sh(
        "qkv_proj output, and after SiLU (the kernel's q, k, v)",
        2.0 * 3.0 * HALF * w,
    );
    o.sh("kernel output (the norm's input)", HALF * w);
    o.sh("norm: 1/rms (FP32)", FP32);
    o.sh("norm output, sigmoid gate, out_proj input", 3.0 * HALF * w);
}

/// Griffin's recurrent block (RecurrentGemma; width W, kernel K), per token:
/// `linear_y`'s output (GELU's input) and output, `linear_x`'s output (the
/// convolution's input), the convolution's output (eager: padded), its copy
/// for the gates' block-diagonal products, the input and recurrence gates'
/// sigmoids, `−8·σ·softplus(Λ)`, its two `exp`s, `√(1 − a²)`'s input and the
/// normaliser, the gated input (`2W` each); eager, the sequential scan's
/// FP32 gate and state at every step (`4W(2s − 1)/s`) and the reset masks;
/// fused, the scan's input and gate; the scan's output and the product
/// `linear_out` reads (`2W` each).
fn rg_lru(ctx: &Ctx, k: Kernels, m: &RgLru, o: &mut Out) {
    let (w, s) = (f(m.width), ctx.seq_len);
    o.sh(
        "linear_y output (GELU's input) and GELU's output",
        2.0 * HALF * w,
    );
    o.sh("linear_x output (the convolution's input)", HALF * w);
    match k {
        Kernels::Eager => {
            o.sh(
                "convolution output (padded)",
                padded_conv_out(ctx, w, m.conv_kernel),
            );
            o.sh("convolution output copied for the gates", HALF * w);
        }
        Kernels::Fused => o.sh("convolution output", HALF * w),
    }
    o.sh(
        "input and recurrence gates, −8·σ·softplus(Λ), a and a², 1 − a², normaliser, gated input",
        8.0 * HALF * w,
    );
    match k {
        Kernels::Eager => {
            o.sh(
                "scan: each step's FP32 gate and state",
                FP32 * w * (2.0 * s - 1.0) / s,
            );
            o.rep("document-reset masks", 1.0);
        }
        Kernels::Fused => o.sh("scan input and gate", 2.0 * HALF * w),
    }
    o.sh(
        "scan output, gated product (linear_out's input)",
        2.0 * HALF * w,
    );
}

/// RWKV-4 (model width d, time-mixing width A; the channel mixing's key and
/// value are the layer's MLP), per token: time mixing's token shift (`2d`),
/// the three mixed inputs of key, value and receptance (`2d` each), the
/// values, `σ(r)`, the WKV output and `output`'s input (`2A` each); eager,
/// the CPU loop's FP32 tensors at every step (the key, `k + u`, four `exp`s,
/// numerator, denominator, `max + w`, the running maximum and both states:
/// `48A` a token); fused, the CUDA kernel's key (`2A`); channel mixing's
/// token shift and the mixed inputs of its key and receptance, `σ(r)` and
/// the value output (`2d` each, its input and squared ReLU counted with the
/// MLP).
fn rwkv(_ctx: &Ctx, k: Kernels, m: &Rwkv, o: &mut Out) {
    let (d, a) = (f(m.shift_width), f(m.width));
    o.rep("time mixing: token shift", HALF * d);
    o.rep(
        "time mixing: key, value and receptance inputs",
        3.0 * HALF * d,
    );
    o.sh(
        "values, σ(receptance), WKV output, output's input",
        4.0 * HALF * a,
    );
    match k {
        Kernels::Eager => o.sh("WKV loop: FP32 tensors of every step", 48.0 * a),
        Kernels::Fused => o.sh("WKV kernel: keys", HALF * a),
    }
    o.rep(
        "channel mixing: token shift, key and receptance inputs, σ(receptance), value output",
        5.0 * HALF * d,
    );
}

/// xLSTM's mLSTM (H heads, query/key width Q, value width V, chunk L,
/// `Q/H` and `V/H` per head) through the chunkwise native-autograd kernel
/// transformers runs, per token: q, k and v (`2Q`, `2Q`, `2V`); the gates'
/// soft caps and log-sigmoids (`8H`), the max indices (`8H + 8H/L`); between
/// chunks, each chunk's `Q/H × V/H` memory and normaliser (`2H·(Q/H)·(V/H +
/// 1)/L`, twice: as carried and copied for the queries), the gated keys
/// (`2Q`), the key gates (`2H`); within chunks, the decay matrix, `q·kᵀ` and
/// their product (`2HL` each), the gated queries (`2Q`), the stabilisers and
/// denominators (`14H`), the numerator (`2V`); the multi-head LayerNorm in
/// FP32 (`4V` twice, `4H`) and its BF16 output, its weighted output and the
/// output gate, `out_proj`'s input (`2V` each).
fn mlstm_eager(ctx: &Ctx, m: &MLstm, o: &mut Out) {
    let (h, q, v) = (f(m.n_heads.max(1)), f(m.qk_dim), f(m.v_dim));
    let l = f(m.chunk.max(1)).min(ctx.seq_len);
    o.sh("q, k, v", HALF * (2.0 * q + v));
    o.sh(
        "gates: soft caps, log-sigmoid and its buffer",
        4.0 * HALF * h,
    );
    o.sh("max indices (int64)", 8.0 * h * (1.0 + 1.0 / l));
    o.sh(
        "memory and normaliser per chunk, carried and copied",
        2.0 * 2.0 * h * (q / h) * (v / h + 1.0) / l,
    );
    o.sh("gated keys, gated queries", 2.0 * HALF * q);
    o.sh("decay matrix, q·kᵀ, their product", 3.0 * HALF * h * l);
    o.sh("key gates, stabilisers, denominators", 8.0 * HALF * h);
    o.sh("numerator", HALF * v);
    o.rms("multi-head norm", v, h, 0.0, Split::Sharded);
    o.sh("multi-head norm: normalised (FP32)", FP32 * v);
    o.sh(
        "norm output, weighted, output gate, out_proj input",
        4.0 * HALF * v,
    );
}

/// mLSTM through `mlstm_kernels`' fused chunkwise kernels (Triton): q, k, v
/// and the gates kept, the chunk states recomputed (their default), the
/// output with the norm's statistics, the output gate and `out_proj`'s
/// input.
fn mlstm_fused(m: &MLstm, o: &mut Out) {
    let (h, q, v) = (f(m.n_heads.max(1)), f(m.qk_dim), f(m.v_dim));
    o.sh("q, k, v", HALF * (2.0 * q + v));
    o.sh("input and forget gates (FP32)", 2.0 * FP32 * h);
    o.sh(
        "kernel output (the norm's input), with 1/σ per head (FP32)",
        HALF * v + FP32 * h,
    );
    o.sh("norm output, output gate, out_proj input", 3.0 * HALF * v);
}

/// ZAYA's CCA projection beside attention (H query and KV key/value heads
/// of width h, `C = (H + KV)·h`, kernels `t₀` and `t₁`), per token, before
/// the attention core counted as attention: the two convolutions' inputs
/// (`2C(s + t₀ + t₁ − 2)/s` padded, and `2C(s + t₁ − 1)/s`), the queries and
/// keys before their L2 norm (`2Hh`, `2KVh`) with norm, clamp and reciprocal
/// per head (`6H + 6KV`), the normalised keys before their learned scale
/// (`2KVh`), and the zero row the delayed value projection reads (`2d/s`).
pub(super) fn cca(ctx: &Ctx, a: &Attention, t: &mut Vec<KeptTensor>) {
    let Some(x) = &a.cca else { return };
    let mut o = Out { t, prefix: "CCA" };
    let (h, kv, hd, s) = (f(a.n_heads), f(a.n_kv_heads), f(a.head_dim), ctx.seq_len);
    let c = (h + kv) * hd;
    let (t0, t1) = (f(x.depthwise_kernel), f(x.grouped_kernel));
    o.sh(
        "depthwise convolution input (padded)",
        HALF * c * (s + t0 + t1 - 2.0) / s,
    );
    o.sh("grouped convolution input", HALF * c * (s + t1 - 1.0) / s);
    o.sh(
        "queries and keys before the L2 norm, norms, clamps, reciprocals",
        HALF * (h + kv) * (hd + 3.0),
    );
    o.sh("normalised keys before their scale", HALF * kv * hd);
    o.rep("delayed value projection's zero row", HALF * ctx.d / s);
}

/// LFM2's gated short convolution (C channels, kernel K), per token:
/// `in_proj`'s output B‖C‖x (`6C`, kept by `B·x` and `C·y`), `B·x` (`2C`,
/// the convolution's input), the convolution's output (padded by eager
/// PyTorch, exact with `causal-conv1d`), and `out_proj`'s input (`2C`).
fn short_conv(ctx: &Ctx, k: Kernels, m: &ShortConv, o: &mut Out) {
    let c = f(m.width);
    o.sh("in_proj output B‖C‖x", 3.0 * HALF * c);
    o.sh("B·x (convolution input)", HALF * c);
    match k {
        Kernels::Eager => o.sh(
            "convolution output (padded)",
            padded_conv_out(ctx, c, m.conv_kernel),
        ),
        Kernels::Fused => o.sh("convolution output", HALF * c),
    }
    o.sh("out_proj input", HALF * c);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::activations::{model_kept, AttnKernel, Device, Kept};
    use crate::memory::breakdown::{MemoryModel, MemorySettings};
    use crate::memory::layout::{check, GlobalBatch, Layout};
    use crate::params::count_params;
    use crate::scenario::ModelChoice;

    fn preset(id: &str) -> ModelSpec {
        ModelChoice::preset(id).expect("a preset").0.spec
    }

    fn kept(kernels: Kernels) -> Kept {
        Kept {
            kernels,
            attention: AttnKernel::Sdpa,
            device: Device::Gpu,
        }
    }

    /// Bytes per token of the layers that have a mixer, its own tensors only.
    fn mixer_bytes(spec: &ModelSpec, kernels: Kernels, seq_len: u64) -> f64 {
        let m = model_kept(spec, kept(kernels), seq_len);
        let name = spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .find_map(|g| g.layer.mixer.as_ref().map(Mixer::name))
            .expect("a mixer");
        m.layers
            .iter()
            .flat_map(|l| &l.tensors)
            .filter(|t| t.what.starts_with(name))
            .map(|t| t.bytes)
            .sum::<f64>()
            / m.layers.len() as f64
    }

    fn activations(spec: &ModelSpec, kernels: Kernels, layout: Layout) -> f64 {
        let settings = MemorySettings {
            kernels,
            ..MemorySettings::default()
        };
        let model = MemoryModel::new(spec, &count_params(spec), 4096, settings);
        let plan = check(spec, &layout, 64, 4096, GlobalBatch::Auto, None).expect("a valid layout");
        model.breakdown(&plan, None).per_accelerator.activations
    }

    fn close(a: f64, b: f64) -> bool {
        crate::testing::close(a, b, 1e-9)
    }

    #[test]
    fn tensor_parallelism_with_sp_halves_every_mixer_tensor() {
        // Mamba-2.8B has no attention and no per-position tables: with SP,
        // TP 2 halves everything a layer keeps, the mixer's channels (÷ TP)
        // and its d_model-wide input (÷ TP by SP) alike.
        let spec = preset("mamba-2.8b");
        for kernels in Kernels::ALL {
            let one = activations(&spec, kernels, Layout::default());
            let two = activations(
                &spec,
                kernels,
                Layout {
                    tp: 2,
                    ..Layout::default()
                },
            );
            assert!(close(two, one / 2.0), "{kernels:?}: {two} vs {one}");
            let no_sp = activations(
                &spec,
                kernels,
                Layout {
                    tp: 2,
                    sequence_parallel: false,
                    ..Layout::default()
                },
            );
            assert!(no_sp > two, "{kernels:?}: without SP the inputs stay whole");
        }
    }

    #[test]
    fn context_parallelism_splits_mixer_activations_with_the_sequence() {
        let spec = preset("qwen3-next-80b-a3b");
        for kernels in Kernels::ALL {
            let one = activations(&spec, kernels, Layout::default());
            let two = activations(
                &spec,
                kernels,
                Layout {
                    cp: 2,
                    ..Layout::default()
                },
            );
            // The per-position RoPE tables of the attention layers are halved
            // too: CP splits positions.
            assert!(close(two, one / 2.0), "{kernels:?}: {two} vs {one}");
        }
    }

    #[test]
    fn a_mixer_keeps_its_channels_sharded_and_its_input_whole() {
        for id in ["mamba-2.8b", "qwen3-next-80b-a3b"] {
            let spec = preset(id);
            for kernels in Kernels::ALL {
                let m = model_kept(&spec, kept(kernels), 4096);
                let mixer: Vec<_> = m
                    .layers
                    .iter()
                    .flat_map(|l| &l.tensors)
                    .filter(|t| t.what.contains(": "))
                    .filter(|t| {
                        ["Mamba", "Gated DeltaNet"]
                            .iter()
                            .any(|n| t.what.starts_with(n))
                    })
                    .collect();
                assert!(!mixer.is_empty(), "{id}");
                let input = mixer
                    .iter()
                    .find(|t| t.what.ends_with("input (in-projection's input)"))
                    .expect("the mixer's input");
                assert_eq!(input.split, Split::Replicated);
                let sharded: f64 = mixer
                    .iter()
                    .filter(|t| t.split == Split::Sharded)
                    .map(|t| t.bytes)
                    .sum();
                let all: f64 = mixer.iter().map(|t| t.bytes).sum();
                assert!(sharded > 0.8 * all, "{id} {kernels:?}: {sharded} of {all}");
            }
        }
    }

    #[test]
    fn mambas_sequential_scan_keeps_far_more_than_its_kernel() {
        // Every step's state (E·N in FP32 and BF16) and exp(ΔA), ΔB in FP32:
        // about 14·E·N a token, against mamba_ssm's few E-wide tensors.
        let spec = preset("mamba-2.8b");
        let eager = mixer_bytes(&spec, Kernels::Eager, 2048);
        let fused = mixer_bytes(&spec, Kernels::Fused, 2048);
        let Some(Mixer::Mamba(m)) = spec.stacks[0].groups[0].layer.mixer else {
            panic!("Mamba-2.8B is a Mamba");
        };
        let (e, en) = (m.d_inner as f64, (m.d_inner * m.d_state) as f64);
        // 14·E·N for the scan, and some thirty E-wide tensors beside it.
        assert!(
            eager > 14.0 * en && eager < 14.0 * en + 30.0 * e,
            "{eager} vs {en}"
        );
        assert!(fused < eager / 10.0, "{fused} vs {eager}");
    }

    #[test]
    fn megatron_mamba2_keeps_what_its_kernel_saves() {
        // mamba_ssm's MambaSplitConv1dScanCombinedFn as Megatron-Core calls
        // it: in_proj's input and output, the scan's output before the gate,
        // the gated output the group norm reads with 1/rms per group, and
        // out_proj's input.
        let json = r#"{"model_type": "mamba2", "hidden_size": 2048, "num_heads": 64,
            "head_dim": 64, "n_groups": 8, "state_size": 128, "num_hidden_layers": 4,
            "vocab_size": 32000, "expand": 2, "chunk_size": 256}"#;
        let spec = crate::config::parse_config(json).expect("a Mamba-2").spec;
        let (d, e, g, n, h) = (2048.0, 4096.0, 8.0, 128.0, 64.0);
        let expected = HALF * d + HALF * (2.0 * e + 2.0 * g * n + h) + 3.0 * HALF * e + FP32 * g;
        let got = mixer_bytes(&spec, Kernels::Fused, 4096);
        assert!(close(got, expected), "{got} vs {expected}");
    }

    #[test]
    fn fused_and_eager_name_what_is_not_measured() {
        let spec = preset("mamba-2.8b");
        let fused = model_kept(&spec, kept(Kernels::Fused), 2048).approximations;
        assert!(
            fused.iter().any(|a| a.contains("not measured")),
            "{fused:?}"
        );
        let eager = model_kept(&spec, kept(Kernels::Eager), 2048).approximations;
        assert!(
            eager.iter().all(|a| !a.contains("not counted")),
            "{eager:?}"
        );
        // The head count Zamba's spec does not keep is Zamba's note alone.
        let heads_note = |spec: &ModelSpec| {
            model_kept(spec, kept(Kernels::Eager), 2048)
                .approximations
                .iter()
                .any(|a| a.contains("`n_mamba_heads`"))
        };
        assert!(!heads_note(&spec));
        let zamba = crate::config::parse_config(
            r#"{"model_type": "zamba", "hidden_size": 128, "num_hidden_layers": 7,
                "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 512,
                "n_mamba_heads": 2, "vocab_size": 500}"#,
        )
        .expect("a Zamba config")
        .spec;
        assert!(heads_note(&zamba));
    }
}
