//! The memory breakdown's terms checked on their own, against figures derived
//! by hand from the exact parameter counts.

use flopcast_core::estimate::estimate;
use flopcast_core::hardware::AcceleratorInUse;
use flopcast_core::memory::layout::{GlobalBatch, Layout, Zero};
use flopcast_core::params::count_params;
use flopcast_core::scenario::{ModelChoice, Scenario};

/// ZeRO-3 (FSDP) holds 1/DP of the weights plus two whole layers gathered (the
/// one computing and the one prefetched), and the layer it must make room for
/// is the largest one. In DeepSeek-V3 that is a MoE layer with its 256 experts
/// (about 11.9B parameters), not one of the three dense layers before them.
#[test]
fn zero3_makes_room_for_two_copies_of_the_largest_layer() {
    let model = ModelChoice::preset("deepseek-v3").expect("preset").0;
    let counts = count_params(&model.spec);
    let largest = counts
        .layers
        .iter()
        .map(|l| l.per_layer.total())
        .max()
        .expect("layers");
    let smallest = counts
        .layers
        .iter()
        .map(|l| l.per_layer.total())
        .min()
        .expect("layers");
    assert!(largest > 10 * smallest, "{largest} vs {smallest}");
    let weights = |zero| {
        let s = Scenario {
            model: model.clone(),
            seq_len: Some(4096),
            accelerator: AcceleratorInUse::from_catalog("h100-sxm5-80gb", None).expect("H100"),
            n_accelerators: 2048,
            layout: Layout {
                zero,
                ..Layout::default()
            },
            auto_layout: false,
            global_batch: GlobalBatch::Tokens(2048 * 4096),
            ..Scenario::default()
        };
        let e = estimate(&s);
        let b = e.layout.as_ref().expect("a layout");
        assert_eq!(b.plan.dp, 2048);
        b.per_accelerator.weights
    };
    let whole = weights(Zero::Optimizer);
    let fsdp = weights(Zero::Weights);
    let bytes_per_param = whole / counts.total as f64;
    let gathered = (fsdp - whole / 2048.0) / bytes_per_param;
    assert!(
        (gathered - 2.0 * largest as f64).abs() < 1.0,
        "ZeRO-3 gathers {gathered} parameters; two of the largest layer are {}",
        2 * largest
    );
}
