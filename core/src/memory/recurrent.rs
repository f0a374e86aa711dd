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
///   `(H·P + 2·G·N)·K` (x, B and C), SSM `H·P·N`.
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
    }
}

/// The recurrent state of every mixer layer of the model, per sequence
/// (0 for a model without mixers). Attention layers keep a KV cache instead,
/// which this does not count.
pub fn recurrent_state(spec: &ModelSpec) -> RecurrentState {
    spec.stacks
        .iter()
        .flat_map(|s| &s.groups)
        .filter_map(|g| g.layer.mixer.as_ref().map(|m| (g.count, mixer_state(m))))
        .fold(RecurrentState::default(), |acc, (count, one)| {
            RecurrentState {
                conv: acc.conv.saturating_add(one.conv.saturating_mul(count)),
                ssm: acc.ssm.saturating_add(one.ssm.saturating_mul(count)),
            }
        })
}
