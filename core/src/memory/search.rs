//! The layouts that fit, and the fewest accelerators that fit at all.
//!
//! Candidates vary TP over 1, 2, 4 and 8 (within a node: [`NODE_SIZE`]), PP
//! over the degrees that divide what TP and CP leave of the count and either
//! divide the layers or are a power of two (at most the layer count), and the
//! ZeRO stage over 0 to 3; everything else (CP, EP,
//! micro-batch, interleaving, SP, recomputation, attention) stays as set.
//!
//! **Ranking rule**: the least model parallelism first (`TP · PP`), then the
//! fewer pipeline stages (so TP fills a node before PP starts), then the lower
//! ZeRO stage (less communication). The first fitting layout is what the
//! scenario uses when its layout is automatic.
//!
//! The fewest accelerators come from the same candidates: for each TP, PP
//! and ZeRO stage the memory per accelerator is `F + S / DP` (S the ZeRO-
//! sharded state, F the rest, with every pipeline stage's micro-batches in
//! flight), which gives the smallest DP at once; the count is checked against
//! the real layout before it is returned.

use serde::Serialize;

use super::breakdown::MemoryModel;
use super::layout::{check, GlobalBatch, Layout, Plan, Zero, NODE_SIZE};
use crate::model::ModelSpec;

/// TP degrees the search tries: powers of two within a node.
const TP_DEGREES: [u64; 4] = [1, 2, 4, NODE_SIZE];

/// Largest count the search for the fewest accelerators goes to: the most
/// accelerators a scenario may have (the form and the link take it as
/// [`crate::fields::MAX_ACCELERATORS`]).
pub const MAX_SEARCH_ACCELERATORS: u64 = 100_000_000;

/// A candidate layout at a count, with its memory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutRow {
    pub plan: Plan,
    /// Bytes per accelerator on the most loaded stage.
    pub total_bytes: f64,
    /// `capacity − total`; `None` when the capacity is unknown.
    pub free_bytes: Option<f64>,
    pub fits: bool,
    /// "TP 2 · PP 1 · DP 512 · ZeRO 1".
    pub text: String,
}

impl LayoutRow {
    /// Why the row is where it is, in a few words: its model parallelism
    /// (the first key of the ranking rule), what its ZeRO stage shards, and
    /// the memory it leaves: "1 accelerator per replica (TP 1 · PP 1); ZeRO
    /// 1 (optimizer state sharded); 61.2 GB per accelerator, 18.8 GB free".
    pub fn why(&self) -> String {
        let l = &self.plan.layout;
        let replica = crate::format::count_of(
            l.model_parallel(),
            "accelerator per replica",
            "accelerators per replica",
        );
        let room = match self.free_bytes {
            Some(free) if free >= 0.0 => format!("{} free", crate::format::bytes(free)),
            Some(free) => format!("over by {}", crate::format::bytes(-free)),
            None => "the accelerator's memory is unknown".to_string(),
        };
        format!(
            "{replica} (TP {} · PP {}{}); {}; {} per accelerator, {room}",
            l.tp,
            l.pp,
            if l.cp > 1 {
                format!(" · CP {}", l.cp)
            } else {
                String::new()
            },
            l.zero.label(),
            crate::format::bytes(self.total_bytes),
        )
    }
}

/// What the search holds fixed: the model, the sequence length, the batch
/// and the layout settings it does not vary.
#[derive(Clone, Copy, Debug)]
pub struct SearchInputs<'a> {
    pub spec: &'a ModelSpec,
    pub model: &'a MemoryModel,
    /// The layout whose CP, EP, micro-batch, interleaving, SP, recomputation
    /// and attention every candidate keeps.
    pub base: &'a Layout,
    pub seq_len: u64,
    pub batch: GlobalBatch,
    pub published_batch: Option<u64>,
}

/// Every valid layout at `n` accelerators, ranked, each with its memory and
/// whether it fits in `capacity` bytes (unknown capacity: every one fits).
pub fn ranked_layouts(inputs: &SearchInputs, n: u64, capacity: Option<u64>) -> Vec<LayoutRow> {
    let mut rows = Vec::new();
    for tp in TP_DEGREES {
        let tp_cp = tp.saturating_mul(inputs.base.cp);
        if !n.is_multiple_of(tp_cp) {
            continue;
        }
        let layers = inputs.spec.n_layers();
        for pp in divisors(n / tp_cp, layers) {
            if !pipeline_degree(pp, layers) {
                continue;
            }
            for zero in Zero::ALL {
                let layout = Layout {
                    tp,
                    pp,
                    zero,
                    ..*inputs.base
                };
                let Ok(plan) = check(
                    inputs.spec,
                    &layout,
                    n,
                    inputs.seq_len,
                    inputs.batch,
                    inputs.published_batch,
                ) else {
                    continue;
                };
                rows.push(row(inputs.model, plan, capacity));
            }
        }
    }
    rows.sort_by_key(|r| rank(&r.plan.layout));
    rows
}

/// The layouts that fit at `n` accelerators of `capacity` bytes, ranked.
pub fn fitting_layouts(inputs: &SearchInputs, n: u64, capacity: Option<u64>) -> Vec<LayoutRow> {
    let mut rows = ranked_layouts(inputs, n, capacity);
    rows.retain(|r| r.fits);
    rows
}

/// The layout a scenario with an automatic layout uses: the best-ranked that
/// fits; when none fits, the one needing the least memory (so the shortfall
/// shown is the smallest); `None` when no layout is valid at `n`.
pub fn auto_layout(inputs: &SearchInputs, n: u64, capacity: Option<u64>) -> Option<LayoutRow> {
    let rows = ranked_layouts(inputs, n, capacity);
    if let Some(first) = rows.iter().find(|r| r.fits) {
        return Some(first.clone());
    }
    rows.into_iter()
        .min_by(|a, b| a.total_bytes.total_cmp(&b.total_bytes))
}

/// The sort key of the ranking rule.
pub fn rank(layout: &Layout) -> (u64, u64, u8) {
    (
        layout.tp.saturating_mul(layout.pp),
        layout.pp,
        layout.zero.stage(),
    )
}

fn row(model: &MemoryModel, plan: Plan, capacity: Option<u64>) -> LayoutRow {
    let total_bytes = model.total_bytes(&plan);
    let free_bytes = capacity.map(|c| c as f64 - total_bytes);
    LayoutRow {
        text: plan.layout.summary(plan.dp),
        plan,
        total_bytes,
        free_bytes,
        fits: free_bytes.is_none_or(|f| f >= 0.0),
    }
}

/// The PP degrees the search tries: those dividing the layers evenly, and
/// powers of two (uneven stages, as Llama 3 405B's 126 layers over 16).
fn pipeline_degree(pp: u64, layers: u64) -> bool {
    pp <= layers && (layers.is_multiple_of(pp) || pp.is_power_of_two())
}

/// Divisors of `x` that are at most `max`, ascending.
fn divisors(x: u64, max: u64) -> Vec<u64> {
    let mut small = Vec::new();
    let mut large = Vec::new();
    let mut i: u64 = 1;
    while i.saturating_mul(i) <= x {
        if x.is_multiple_of(i) {
            small.push(i);
            if i != x / i {
                large.push(x / i);
            }
        }
        i += 1;
    }
    small.extend(large.into_iter().rev());
    small.retain(|&d| d <= max);
    small
}

/// One TP/PP/ZeRO combination's memory as `F + S / DP`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Candidate {
    layout: Layout,
    /// Bytes per accelerator that do not shrink with DP.
    fixed_bytes: f64,
    /// Bytes per accelerator at DP = 1 that ZeRO shards over DP.
    sharded_bytes: f64,
}

/// The candidates for the fewest-accelerators search (computed once, then
/// solved for each accelerator's memory by [`min_accelerators`]).
pub fn candidates(inputs: &SearchInputs) -> Vec<Candidate> {
    let layers = inputs.spec.n_layers();
    let base = inputs.base;
    let pps: Vec<u64> = (1..=layers)
        .filter(|&p| pipeline_degree(p, layers))
        .collect();
    let mut out = Vec::new();
    for tp in TP_DEGREES {
        for &pp in &pps {
            for zero in Zero::ALL {
                let layout = Layout {
                    tp,
                    pp,
                    zero,
                    ..*base
                };
                // Structure only: a count of exactly one replica per expert rank.
                let probe = layout.model_parallel().saturating_mul(base.ep);
                let Ok(plan) = check(
                    inputs.spec,
                    &layout,
                    probe,
                    inputs.seq_len,
                    GlobalBatch::Auto,
                    None,
                ) else {
                    continue;
                };
                // At DP = 1 and at a very large DP. `check`'s automatic batch
                // has at least `pp` micro-batches, so every stage holds the
                // most a larger count can hold in flight.
                let at = |dp: u64| Plan { dp, ..plan };
                let big = 1u64 << 40;
                let one = inputs.model.total_bytes(&at(base.ep.max(1)));
                let many = inputs.model.total_bytes(&at(big.saturating_mul(base.ep)));
                let ep = base.ep.max(1) as f64;
                // total(dp) = F + S/dp, evaluated at dp = ep and dp = big·ep.
                let sharded = (one - many) * ep / (1.0 - 1.0 / big as f64);
                let fixed = one - sharded / ep;
                out.push(Candidate {
                    layout,
                    fixed_bytes: fixed,
                    sharded_bytes: sharded,
                });
            }
        }
    }
    out
}

/// The fewest accelerators of `capacity` bytes on which some candidate fits,
/// with the layout (best-ranked among the candidates reaching that count);
/// `None` when none fits up to [`MAX_SEARCH_ACCELERATORS`].
pub fn min_accelerators(
    inputs: &SearchInputs,
    candidates: &[Candidate],
    capacity: u64,
) -> Option<LayoutRow> {
    let cap = capacity as f64;
    let mut best: Option<(u64, (u64, u64, u8), Layout)> = None;
    for c in candidates {
        if c.fixed_bytes >= cap {
            continue;
        }
        let dp_min = if c.sharded_bytes <= 0.0 {
            1.0
        } else {
            (c.sharded_bytes / (cap - c.fixed_bytes)).ceil().max(1.0)
        };
        if !dp_min.is_finite() || dp_min > MAX_SEARCH_ACCELERATORS as f64 {
            continue;
        }
        let mut dp = dp_min as u64;
        // EP ranks come from DP · CP.
        let l = &c.layout;
        while !(dp * l.cp).is_multiple_of(l.ep) {
            dp += 1;
        }
        let n = l.model_parallel().saturating_mul(dp);
        if n > MAX_SEARCH_ACCELERATORS {
            continue;
        }
        let key = (n, rank(l));
        if best.is_none_or(|(bn, br, _)| key < (bn, br)) {
            best = Some((n, rank(l), *l));
        }
    }
    let (n, _, layout) = best?;
    // Confirm with the real plan (its micro-batches in flight, its batch),
    // stepping up a replica at a time if rounding left it short.
    let step = layout.model_parallel().saturating_mul(layout.ep);
    first_confirmed(n, step, MAX_SEARCH_ACCELERATORS, |count| {
        let plan = check(
            inputs.spec,
            &layout,
            count,
            inputs.seq_len,
            inputs.batch,
            inputs.published_batch,
        )
        .ok()?;
        let r = row(inputs.model, plan, Some(capacity));
        r.fits.then_some(r)
    })
}

/// The result `confirm` gives at the first of `first`, `first + step`, … (up
/// to 64 counts, none above `max`) at which it gives one.
fn first_confirmed<R>(
    first: u64,
    step: u64,
    max: u64,
    mut confirm: impl FnMut(u64) -> Option<R>,
) -> Option<R> {
    let mut count = first;
    for _ in 0..64 {
        if let Some(r) = confirm(count) {
            return Some(r);
        }
        count = count.saturating_add(step);
        if count > max {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::breakdown::MemorySettings;
    use crate::params::count_params;
    use crate::scenario::ModelChoice;

    const H100: u64 = 80_000_000_000;

    fn setup(id: &str) -> (ModelSpec, MemoryModel) {
        let spec = ModelChoice::preset(id).expect("preset").0.spec;
        let model = MemoryModel::new(&spec, &count_params(&spec), 8192, MemorySettings::default());
        (spec, model)
    }

    fn inputs<'a>(
        spec: &'a ModelSpec,
        model: &'a MemoryModel,
        base: &'a Layout,
    ) -> SearchInputs<'a> {
        SearchInputs {
            spec,
            model,
            base,
            seq_len: 8192,
            batch: GlobalBatch::Auto,
            published_batch: None,
        }
    }

    #[test]
    fn divisors_are_ascending_and_bounded() {
        assert_eq!(divisors(12, 100), [1, 2, 3, 4, 6, 12]);
        assert_eq!(divisors(16, 4), [1, 2, 4]);
        assert_eq!(divisors(1, 1), [1]);
    }

    #[test]
    fn layouts_are_ranked_least_model_parallelism_then_pp_then_zero() {
        let (spec, model) = setup("llama-3.1-70b");
        let base = Layout::default();
        let rows = ranked_layouts(&inputs(&spec, &model, &base), 64, Some(H100));
        let keys: Vec<_> = rows.iter().map(|r| rank(&r.plan.layout)).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert_eq!(rows[0].plan.layout.tp, 1);
        // TP 8 · PP 1 comes before TP 4 · PP 2.
        let pos = |tp, pp| {
            rows.iter()
                .position(|r| r.plan.layout.tp == tp && r.plan.layout.pp == pp)
                .expect("present")
        };
        assert!(pos(8, 1) < pos(4, 2));
    }

    /// Pipeline stages divide the layers evenly or are a power of two: for
    /// Llama 3.1 8B's 32 layers on 96 accelerators, 3, 6, 12 and 24 stages
    /// divide the count but not the layers, so they are not tried.
    #[test]
    fn pipeline_degrees_divide_the_layers_or_are_powers_of_two() {
        let (spec, model) = setup("llama-3.1-8b");
        let base = Layout::default();
        let rows = ranked_layouts(&inputs(&spec, &model, &base), 96, None);
        let mut pps: Vec<u64> = rows.iter().map(|r| r.plan.layout.pp).collect();
        pps.sort_unstable();
        pps.dedup();
        assert_eq!(pps, [1, 2, 4, 8, 16, 32]);
        let tried: Vec<u64> = candidates(&inputs(&spec, &model, &base))
            .iter()
            .map(|c| c.layout.pp)
            .filter(|pp| !pp.is_power_of_two())
            .collect();
        assert!(tried.is_empty(), "{tried:?}");
        assert!(!pipeline_degree(3, 32) && pipeline_degree(3, 9));
        assert!(pipeline_degree(16, 126) && !pipeline_degree(64, 32));
    }

    #[test]
    fn the_default_8b_run_fits_without_model_parallelism() {
        let (spec, model) = setup("llama-3.1-8b");
        let base = Layout::default();
        let best = auto_layout(&inputs(&spec, &model, &base), 1024, Some(H100)).expect("a layout");
        assert!(best.fits, "{best:?}");
        assert_eq!(
            (best.plan.layout.tp, best.plan.layout.pp),
            (1, 1),
            "{}",
            best.text
        );
    }

    #[test]
    fn fewest_accelerators_fit_and_one_replica_fewer_does_not() {
        let (spec, model) = setup("llama-3.1-70b");
        let base = Layout::default();
        let inputs = inputs(&spec, &model, &base);
        let c = candidates(&inputs);
        let best = min_accelerators(&inputs, &c, H100).expect("70B fits somewhere");
        assert!(best.fits);
        let n = best.plan.layout.model_parallel() * best.plan.dp;
        // Mixed-precision Adam keeps 16 bytes a parameter: 70.6e9 · 16 B over
        // 80 GB needs 15 accelerators before any activation. The search finds
        // 24 (TP 8, ZeRO-3, 3 replicas); a count far off is wrong, and checked
        // here before the loop below tries every smaller one.
        assert!((15..=64).contains(&n), "{n}: {}", best.text);
        // No layout at all fits on fewer.
        for fewer in 1..n {
            assert!(
                fitting_layouts(&inputs, fewer, Some(H100)).is_empty(),
                "{fewer} accelerators fit but the minimum said {n}"
            );
        }
    }

    #[test]
    fn nothing_fits_when_one_layer_alone_is_too_big() {
        let (spec, model) = setup("llama-3.1-8b");
        let base = Layout::default();
        let inputs = inputs(&spec, &model, &base);
        assert!(min_accelerators(&inputs, &candidates(&inputs), 1_000_000).is_none());
    }

    #[test]
    fn a_layout_that_does_not_fit_says_by_how_much() {
        // Llama 3.1 70B on 8 H100s without ZeRO-3 does not fit.
        let (spec, model) = setup("llama-3.1-70b");
        let base = Layout::default();
        let rows = ranked_layouts(&inputs(&spec, &model, &base), 8, Some(H100));
        let over = rows
            .iter()
            .find(|r| !r.fits)
            .expect("a layout that does not fit");
        let why = over.why();
        assert!(why.contains("over by ") && !why.contains(" free"), "{why}");
    }

    #[test]
    fn a_fitting_layout_says_why_in_its_own_numbers() {
        let (spec, model) = setup("llama-3.1-8b");
        let base = Layout::default();
        let rows = fitting_layouts(&inputs(&spec, &model, &base), 1024, Some(H100));
        let first = rows.first().expect("Llama 3.1 8B fits on 1,024 H100s");
        let why = first.why();
        assert!(
            why.contains(&format!("TP {}", first.plan.layout.tp)),
            "{why}"
        );
        assert!(why.contains("per replica") && why.contains("free"), "{why}");
        assert!(
            why.contains(&crate::format::bytes(first.total_bytes)),
            "{why}"
        );
    }

    /// One candidate by hand: `fixed + sharded / DP` bytes per accelerator,
    /// on accelerators of a terabyte, where the real plan it is confirmed
    /// with fits at any of the counts below.
    fn alone(
        inputs: &SearchInputs,
        layout: Layout,
        sharded_in_accelerators: f64,
    ) -> Option<(u64, u64)> {
        const TB: u64 = 1_000_000_000_000;
        let c = Candidate {
            layout,
            fixed_bytes: 0.0,
            sharded_bytes: sharded_in_accelerators * TB as f64,
        };
        min_accelerators(inputs, &[c], TB)
            .map(|r| (r.plan.layout.model_parallel() * r.plan.dp, r.plan.dp))
    }

    #[test]
    fn the_search_reaches_its_limit_of_accelerators_and_no_further() {
        let (spec, model) = setup("llama-3.1-8b");
        let base = Layout::default();
        let inputs = inputs(&spec, &model, &base);
        let max = MAX_SEARCH_ACCELERATORS;
        // Exactly 10^8 replicas of one accelerator is the last count searched.
        assert_eq!(alone(&inputs, base, max as f64), Some((max, max)));
        assert_eq!(alone(&inputs, base, max as f64 + 1.0), None);
        // With TP 2, 5·10^7 replicas reach it and 6·10^7 (1.2·10^8) are beyond.
        let tp2 = Layout { tp: 2, ..base };
        assert_eq!(alone(&inputs, tp2, 5e7), Some((max, max / 2)));
        assert_eq!(alone(&inputs, tp2, 6e7), None);
        // Far beyond: more replicas than a u64 counts are out of reach, not
        // an overflow while rounding them to the CP and EP ranks.
        let cp2 = Layout {
            cp: 2,
            ep: 2,
            ..base
        };
        assert_eq!(alone(&inputs, cp2, 1e30), None);
        assert_eq!(alone(&inputs, cp2, f64::INFINITY), None);
    }

    /// The real plan is confirmed a step at a time from the analytic count, up
    /// to 64 steps, and the cap itself is the last count tried.
    #[test]
    fn confirming_steps_up_to_the_cap_and_no_further() {
        let max = MAX_SEARCH_ACCELERATORS;
        let at = |target: u64| move |count: u64| (count == target).then_some(count);
        assert_eq!(first_confirmed(max - 4, 2, max, at(max)), Some(max));
        assert_eq!(first_confirmed(max - 4, 2, max, at(max + 2)), None);
        assert_eq!(first_confirmed(max - 3, 2, max, at(max + 1)), None);
        assert_eq!(first_confirmed(10, 3, max, at(10)), Some(10));
        // The 64th count is tried, the 65th is not.
        assert_eq!(first_confirmed(1, 1, max, at(64)), Some(64));
        assert_eq!(first_confirmed(1, 1, max, at(65)), None);
    }

    #[test]
    fn expert_parallelism_rounds_replicas_up_to_a_multiple_of_ep_over_cp() {
        // EP 4 takes its ranks from DP · CP = DP · 2: the 3 replicas memory
        // asks for become 4 (8 ranks), on 2 · 4 = 8 accelerators.
        let (spec, model) = setup("qwen3-30b-a3b");
        let base = Layout {
            cp: 2,
            ep: 4,
            ..Layout::default()
        };
        let inputs = inputs(&spec, &model, &base);
        assert_eq!(alone(&inputs, base, 2.5), Some((8, 4)));
        // 4 asked for are already 8 ranks.
        assert_eq!(alone(&inputs, base, 4.0), Some((8, 4)));
    }
}
