//! The recurrent state of state-space and linear-attention layers: what such
//! a layer keeps per sequence in place of a KV cache, for inference and
//! layout estimates. It does not grow with the sequence.

use serde::Serialize;

use crate::model::{Mixer, ModelSpec};

/// The state a token mixer carries from one token to the next, per sequence,
/// in elements (multiply by the bytes per element of the cache's dtype). It
/// does not grow with the sequence, unlike a KV cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecurrentState {
    /// The causal convolution's window: `channels × K`.
    pub conv: u64,
    /// The SSM (or linear-attention) state.
    pub ssm: u64,
}

impl RecurrentState {
    /// Both parts.
    pub fn total(&self) -> u64 {
        self.conv.saturating_add(self.ssm)
    }
}

/// One layer's recurrent state, per sequence:
/// - Mamba (E channels, state N, kernel K): conv `E·K`, SSM `E·N`;
/// - Mamba-2 (H heads of width P, G groups, state N, kernel K): conv
///   `(H·P + 2·G·N)·K` (x, B and C), SSM `H·P·N`;
/// - delta rule (`H_k` key heads of width `d_k`, `H_v` value heads of width
///   `d_v`, kernel K): conv `(2·H_k·d_k + H_v·d_v)·K` (q, k and v), state
///   `H_v·d_k·d_v` (a `d_k × d_v` matrix per value head);
/// - lightning attention (H heads of width h): state `H·h²`, no convolution;
/// - LFM2's short convolution (C channels, kernel K): conv `C·K`, nothing else;
/// - RG-LRU (width W, kernel K): conv `W·(K − 1)` (as transformers'
///   RecurrentGemma keeps it), state W;
/// - RWKV-4 (time-mixing width A, residual width d): the token shifts of time
///   and channel mixing `2·d` (under `conv`), the WKV numerator, denominator
///   and running maximum `3·A`;
/// - mLSTM (H heads, query/key width Q, value width V): per head a
///   `Q/H × V/H` memory, a normaliser of `Q/H` and a stabiliser,
///   `H·((Q/H)·(V/H) + Q/H + 1)`.
///
/// The convolution window is K columns wide, as transformers' cache and
/// mamba_ssm's inference cache hold it (K − 1 would suffice; the newest
/// column is overwritten on every step).
pub fn mixer_state(mixer: &Mixer) -> RecurrentState {
    match mixer {
        Mixer::Mamba(m) => RecurrentState {
            conv: m.d_inner.saturating_mul(m.d_conv),
            ssm: m.d_inner.saturating_mul(m.d_state),
        },
        Mixer::Mamba2(m) => RecurrentState {
            conv: m.conv_channels().saturating_mul(m.d_conv),
            ssm: m.d_inner().saturating_mul(m.d_state),
        },
        Mixer::DeltaNet(m) => RecurrentState {
            conv: m.conv_channels().saturating_mul(m.conv_kernel),
            ssm: m
                .value_heads
                .saturating_mul(m.key_dim)
                .saturating_mul(m.value_dim),
        },
        Mixer::Lightning(m) => RecurrentState {
            conv: 0,
            ssm: m
                .n_heads
                .saturating_mul(m.head_dim)
                .saturating_mul(m.head_dim),
        },
        Mixer::ShortConv(m) => RecurrentState {
            conv: m.width.saturating_mul(m.conv_kernel),
            ssm: 0,
        },
        Mixer::RgLru(m) => RecurrentState {
            conv: m.width.saturating_mul(m.conv_kernel.saturating_sub(1)),
            ssm: m.width,
        },
        Mixer::Rwkv(m) => RecurrentState {
            conv: m.shift_width.saturating_mul(2),
            ssm: m.width.saturating_mul(3),
        },
        Mixer::MLstm(m) => {
            let (h, q, v) = (m.n_heads.max(1), m.qk_dim, m.v_dim);
            RecurrentState {
                conv: 0,
                ssm: (q / h)
                    .saturating_mul(v / h)
                    .saturating_add(q / h)
                    .saturating_add(1)
                    .saturating_mul(h),
            }
        }
    }
}

/// The state ZAYA's CCA attention keeps beside its KV cache, per layer and
/// sequence: the convolutions' last `t₀ + t₁ − 2` inputs over
/// `C = (H + KV)·hd` channels (under `conv`) and the previous token's delayed
/// value half, `KV·hd/2`.
pub fn attention_state(a: &crate::model::Attention) -> RecurrentState {
    match &a.cca {
        None => RecurrentState::default(),
        Some(x) => RecurrentState {
            conv: a
                .n_heads
                .saturating_add(a.n_kv_heads)
                .saturating_mul(a.head_dim)
                .saturating_mul(
                    (x.depthwise_kernel.saturating_sub(1))
                        .saturating_add(x.grouped_kernel.saturating_sub(1)),
                ),
            ssm: a.n_kv_heads.saturating_mul(a.head_dim) / 2,
        },
    }
}

/// The recurrent state of every mixer layer of the model, per sequence
/// (0 for a model without mixers), and what attention layers keep beside
/// their KV cache ([`attention_state`]). The KV cache itself is not counted.
pub fn recurrent_state(spec: &ModelSpec) -> RecurrentState {
    spec.stacks
        .iter()
        .flat_map(|s| &s.groups)
        .map(|g| {
            let mut one = g.layer.mixer.as_ref().map(mixer_state).unwrap_or_default();
            if let Some(a) = &g.layer.attn {
                let extra = attention_state(a);
                one.conv = one.conv.saturating_add(extra.conv);
                one.ssm = one.ssm.saturating_add(extra.ssm);
            }
            (g.count, one)
        })
        .fold(RecurrentState::default(), |acc, (count, one)| {
            RecurrentState {
                conv: acc.conv.saturating_add(one.conv.saturating_mul(count)),
                ssm: acc.ssm.saturating_add(one.ssm.saturating_mul(count)),
            }
        })
}
