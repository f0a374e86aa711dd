//! What one sequence keeps between tokens when it generates (inference), by
//! kind of layer: the recurrent state of state-space, linear-attention,
//! recurrent and convolution layers ([`mixer_state`], [`recurrent_state`]),
//! which does not grow with the sequence, and the KV cache of attention layers
//! ([`kv_per_token`]), which does. A hybrid has both: its mixer layers keep a
//! state *instead of* a KV cache, its attention layers a KV cache, and ZAYA's
//! CCA layers both ([`sequence_cache`] gathers them, counted by layer).
//!
//! Training keeps no cache, so none of this is in the memory breakdown's
//! total; the breakdown and the JSON report carry it alongside
//! ([`super::breakdown::MemoryBreakdown::cache`], `model.sequence_cache`).

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

/// KV-cache elements one attention block keeps per token of context: keys
/// and values of its key/value heads, `2·KV·h` (MLA: the compressed latent
/// and the shared RoPE key, `r_kv + d_rope`, as inference engines keep it
/// rather than transformers' expanded keys and values); 0 for a block that
/// reads another layer's cache (Gemma 3n's KV-shared layers).
pub fn kv_per_token(a: &crate::model::Attention) -> u64 {
    if a.kv_shared {
        return 0;
    }
    match &a.mla {
        Some(m) => m.kv_lora_rank.saturating_add(m.qk_rope_head_dim),
        None => a.n_kv_heads.saturating_mul(a.head_dim).saturating_mul(2),
    }
}

/// What one sequence keeps to generate its next token, by kind of layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SequenceCache {
    /// Layers whose token mixer keeps a state instead of a KV cache.
    pub state_layers: u64,
    /// Their state (and CCA's beside its KV cache), elements, whatever the
    /// length.
    pub state: RecurrentState,
    /// Layers with a self-attention KV cache.
    pub kv_layers: u64,
    /// KV-cache elements per token of context, summed over those layers
    /// (sliding-window layers included in full).
    pub kv_per_token: u64,
    /// The sequence length the KV cache below is for.
    pub seq_len: u64,
    /// KV-cache elements at `seq_len`: each layer's keys and values for
    /// `min(seq_len, window)` tokens.
    pub kv_at_seq_len: u64,
}

impl SequenceCache {
    /// Both parts at `seq_len`, elements.
    pub fn total_at_seq_len(&self) -> u64 {
        self.state.total().saturating_add(self.kv_at_seq_len)
    }
}

/// The state and the KV cache one sequence of `seq_len` tokens keeps:
/// per mixer layer its [`mixer_state`], per self-attention layer
/// [`kv_per_token`] × `min(seq_len, window)` (and CCA's [`attention_state`]).
/// Cross-attention (to an encoder or images) is left out: its keys are not
/// the sequence's.
pub fn sequence_cache(spec: &ModelSpec, seq_len: u64) -> SequenceCache {
    let mut c = SequenceCache {
        seq_len,
        state: recurrent_state(spec),
        ..SequenceCache::default()
    };
    for g in spec.stacks.iter().flat_map(|s| &s.groups) {
        if g.layer.mixer.is_some() {
            c.state_layers = c.state_layers.saturating_add(g.count);
        }
        if let Some(a) = &g.layer.attn {
            let per = kv_per_token(a);
            if per > 0 {
                c.kv_layers = c.kv_layers.saturating_add(g.count);
            }
            let tokens = a.window.map_or(seq_len, |w| w.min(seq_len));
            c.kv_per_token = c.kv_per_token.saturating_add(per.saturating_mul(g.count));
            c.kv_at_seq_len = c
                .kv_at_seq_len
                .saturating_add(per.saturating_mul(tokens).saturating_mul(g.count));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ModelChoice;

    fn preset(id: &str) -> ModelSpec {
        ModelChoice::preset(id).expect("a preset").0.spec
    }

    #[test]
    fn a_hybrid_keeps_a_state_for_its_mixer_layers_and_a_kv_cache_for_its_attention_layers() {
        // Qwen3-Next-80B-A3B: 48 layers, every fourth full attention (2 KV
        // heads of 256), the others Gated DeltaNet (16 key heads of 128,
        // 32 value heads of 128, kernel 4).
        let c = sequence_cache(&preset("qwen3-next-80b-a3b"), 4096);
        assert_eq!((c.state_layers, c.kv_layers), (36, 12));
        assert_eq!(c.kv_per_token, 12 * 2 * 2 * 256);
        assert_eq!(c.kv_at_seq_len, 4096 * c.kv_per_token);
        let conv = (2 * 16 * 128 + 32 * 128) * 4;
        let ssm = 32 * 128 * 128;
        assert_eq!(
            c.state,
            RecurrentState {
                conv: 36 * conv,
                ssm: 36 * ssm
            }
        );
        assert_eq!(c.total_at_seq_len(), c.state.total() + c.kv_at_seq_len);
    }

    #[test]
    fn a_model_without_attention_keeps_no_kv_cache_and_its_state_does_not_grow() {
        let spec = preset("mamba-2.8b");
        let short = sequence_cache(&spec, 1024);
        let long = sequence_cache(&spec, 65536);
        assert_eq!((short.kv_layers, short.kv_at_seq_len), (0, 0));
        assert_eq!(short.state, long.state);
        assert_eq!(short.state_layers, 64);
    }

    /// Gemma 3n's last `num_kv_shared_layers` reuse the KV of earlier layers:
    /// by Gemma3nTextConfig's defaults 15 of its 35 layers keep no cache.
    #[test]
    fn layers_that_share_another_layers_kv_keep_no_cache_of_their_own() {
        let spec = crate::config::parse_config(r#"{"model_type": "gemma3n_text"}"#)
            .expect("Gemma3nTextConfig's defaults")
            .spec;
        let c = sequence_cache(&spec, 4096);
        assert_eq!(c.kv_layers, 35 - 15);
        let own: u64 = spec
            .stacks
            .iter()
            .flat_map(|s| &s.groups)
            .filter_map(|g| g.layer.attn.as_ref().map(|a| (g.count, a)))
            .filter(|(_, a)| !a.kv_shared)
            .map(|(n, a)| n * 2 * a.n_kv_heads * a.head_dim)
            .sum();
        assert_eq!(c.kv_per_token, own);
    }

    #[test]
    fn an_attention_model_keeps_only_a_kv_cache_growing_with_the_sequence() {
        // Llama 3.1 8B: 32 layers of 8 KV heads of 128.
        let c = sequence_cache(&preset("llama-3.1-8b"), 8192);
        assert_eq!(c.state.total(), 0);
        assert_eq!(c.state_layers, 0);
        assert_eq!(c.kv_per_token, 32 * 2 * 8 * 128);
        assert_eq!(c.kv_at_seq_len, 8192 * 32 * 2 * 8 * 128);
    }
}
