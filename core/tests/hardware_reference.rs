//! The catalog and the price list against the reference data they were copied
//! from, `core/data/reference/hardware.json`: every figure must match, or the
//! row must be in [`EXCEPTIONS`] citing a better source.

use std::collections::BTreeSet;

use flopcast_core::hardware::{Precision, Provenance, CATALOG, PRICES};
use serde_json::Value;

/// Catalog figures that deliberately differ from the reference file:
/// (accelerator id, reference field, the better source and why). Empty today:
/// every figure matches.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Reference accelerators left out of the catalog, and why.
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "b100",
        "no vendor datasheet; only sparse launch-coverage figures",
    ),
    ("a10g", "AWS-only part; NVIDIA publishes no compute figures"),
];

/// `cloud_prices[].accelerator` names that have no catalog row.
const UNPRICED_NAMES: &[&str] = &["B300", "GH200"];

/// How the price list names accelerators, mapped to catalog ids. "A100 40GB"
/// (GCP a2-highgpu, MosaicML) is the SXM4 part; "H200 141GB" (AWS p5en, GCP
/// a3-ultra, CoreWeave HGX) is the SXM part.
const PRICE_NAME_TO_ID: &[(&str, &str)] = &[
    ("A100 SXM 40GB", "a100-sxm4-40gb"),
    ("A100 40GB", "a100-sxm4-40gb"),
    ("A100 SXM 80GB", "a100-sxm4-80gb"),
    ("A100 80GB", "a100-sxm4-80gb"),
    ("A100 PCIe 80GB", "a100-pcie-80gb"),
    ("H100 SXM 80GB", "h100-sxm5-80gb"),
    ("H100 PCIe 80GB", "h100-pcie-80gb"),
    ("H100 NVL 94GB", "h100-nvl-94gb"),
    ("H800", "h800-sxm5-80gb"),
    ("H200 141GB", "h200-sxm-141gb"),
    ("B200", "b200-hgx"),
    ("GB200", "gb200-per-gpu"),
    ("L40S", "l40s"),
    ("L4", "l4"),
    ("T4", "t4"),
    ("A10", "a10"),
    ("RTX 4090", "rtx-4090"),
    ("V100 SXM2 16GB", "v100-sxm2"),
    ("V100 SXM2 32GB", "v100-sxm2"),
    ("V100 PCIe 16GB", "v100-pcie"),
    ("MI300X", "mi300x"),
    ("MI325X", "mi325x"),
    ("TPU v4", "tpu-v4"),
    ("TPU v5e", "tpu-v5e"),
    ("TPU v5p", "tpu-v5p"),
    ("TPU v6e", "tpu-v6e"),
];

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/reference/hardware.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

fn list<'a>(reference: &'a Value, key: &str) -> &'a [Value] {
    reference[key]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("`{key}` is not a list"))
}

fn close(a: f64, b: f64) -> bool {
    crate::close(a, b, 1e-9)
}

/// The reference fields holding the dense and the vendor's sparse figure.
fn fields(precision: Precision) -> (&'static str, Option<&'static str>) {
    match precision {
        Precision::Fp32 => ("fp32_tflops", None),
        Precision::Tf32 => ("tf32_tflops_dense", Some("tf32_tflops_sparse")),
        Precision::Bf16 => ("bf16_tflops_dense", Some("bf16_tflops_sparse")),
        Precision::Fp16 => ("fp16_tflops_dense", Some("fp16_tflops_sparse")),
        Precision::Fp8 => ("fp8_tflops_dense", Some("fp8_tflops_sparse")),
        Precision::Fp4 => ("fp4_tflops_dense", Some("fp4_tflops_sparse")),
    }
}

fn excepted(id: &str, field: &str) -> bool {
    EXCEPTIONS.iter().any(|&(i, f, _)| i == id && f == field)
}

/// Compares one optional catalog figure with the reference field (in the
/// reference's unit, scaled by `scale`), collecting a message on mismatch.
fn compare(
    problems: &mut Vec<String>,
    id: &str,
    field: &str,
    catalog: Option<f64>,
    reference: &Value,
    scale: f64,
) {
    if excepted(id, field) {
        return;
    }
    let expected = reference[field].as_f64().map(|v| v * scale);
    let same = match (catalog, expected) {
        (Some(c), Some(e)) => close(c, e),
        (None, None) => true,
        _ => false,
    };
    if !same {
        problems.push(format!(
            "{id}.{field}: catalog {catalog:?}, reference {expected:?}"
        ));
    }
}

#[test]
fn every_catalog_figure_equals_the_reference_data() {
    let reference = reference();
    let accelerators = list(&reference, "accelerators");
    let mut problems = Vec::new();
    for a in CATALOG {
        let Some(r) = accelerators.iter().find(|r| r["id"] == a.id) else {
            problems.push(format!("{}: not in the reference file", a.id));
            continue;
        };
        for p in Precision::ALL {
            let (dense, _) = fields(p);
            compare(&mut problems, a.id, dense, a.peak_flops_per_s(p), r, 1e12);
        }
        compare(
            &mut problems,
            a.id,
            "memory_gb",
            Some(a.memory_bytes as f64),
            r,
            1e9,
        );
        compare(
            &mut problems,
            a.id,
            "memory_bandwidth_gb_s",
            a.memory_bandwidth_bytes_per_s,
            r,
            1e9,
        );
        compare(&mut problems, a.id, "tdp_w", a.board_power_w, r, 1.0);
        // Energy estimates name where the board power is printed, and say
        // when no vendor document was read for it.
        match (a.board_power_w, a.board_power_source) {
            (Some(watts), Some(source)) => {
                let secondary = r["provenance"]["tdp_w"] == "secondary_quote";
                let says_so = source.starts_with("Third-party") || source.starts_with("Secondary");
                if secondary != says_so {
                    problems.push(format!(
                        "{}: board power source {source:?} vs provenance {}",
                        a.id, r["provenance"]["tdp_w"]
                    ));
                }
                let shown = flopcast_core::format::grouped(watts as i64);
                if !source.contains(&format!("{shown} W")) {
                    problems.push(format!(
                        "{}: board power source does not print {shown} W",
                        a.id
                    ));
                }
            }
            (None, None) => {}
            _ => problems.push(format!(
                "{}: board power without its source, or the reverse",
                a.id
            )),
        }
        if r["name"] != a.name {
            problems.push(format!("{}: name {:?} vs {}", a.id, a.name, r["name"]));
        }
        if !r["vendor"]
            .as_str()
            .is_some_and(|v| v.starts_with(a.vendor.name()))
        {
            problems.push(format!(
                "{}: vendor {:?} vs {}",
                a.id, a.vendor, r["vendor"]
            ));
        }
        if r["source"] != a.source {
            problems.push(format!("{}: source differs from the reference", a.id));
        }
        if r["notes"].as_str() != a.notes {
            problems.push(format!("{}: notes differ from the reference", a.id));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn derived_peaks_are_exactly_the_reference_derivations() {
    let reference = reference();
    let accelerators = list(&reference, "accelerators");
    let mut problems = Vec::new();
    for a in CATALOG {
        let Some(r) = accelerators.iter().find(|r| r["id"] == a.id) else {
            continue;
        };
        for peak in a.peaks {
            let (dense, sparse) = fields(peak.precision);
            let derived_in_reference = r["provenance"][dense] == "derived";
            if peak.derived_from_sparse != derived_in_reference {
                problems.push(format!(
                    "{}.{dense}: catalog derived_from_sparse = {}, reference provenance {}",
                    a.id, peak.derived_from_sparse, r["provenance"][dense]
                ));
            }
            if peak.derived_from_sparse {
                let half = sparse.and_then(|s| r[s].as_f64()).map(|s| s * 1e12 / 2.0);
                if !half.is_some_and(|h| close(h, peak.peak_flops_per_s)) {
                    problems.push(format!("{}.{dense}: not the sparse figure ÷ 2", a.id));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn no_peak_is_a_with_sparsity_figure() {
    let reference = reference();
    let accelerators = list(&reference, "accelerators");
    for a in CATALOG {
        let Some(r) = accelerators.iter().find(|r| r["id"] == a.id) else {
            continue;
        };
        for peak in a.peaks {
            let (_, sparse) = fields(peak.precision);
            if let Some(s) = sparse.and_then(|s| r[s].as_f64()) {
                assert!(
                    peak.peak_flops_per_s <= s * 1e12 / 2.0 * (1.0 + 1e-9),
                    "{} {}: {} FLOP/s is more than half the sparse {} TFLOP/s",
                    a.id,
                    peak.precision.label(),
                    peak.peak_flops_per_s,
                    s
                );
            }
        }
    }
}

#[test]
fn third_party_rows_are_those_with_secondary_peak_figures() {
    let reference = reference();
    let accelerators = list(&reference, "accelerators");
    for a in CATALOG {
        let Some(r) = accelerators.iter().find(|r| r["id"] == a.id) else {
            continue;
        };
        let secondary = a.peaks.iter().any(|peak| {
            let (dense, sparse) = fields(peak.precision);
            let source_field = if peak.derived_from_sparse {
                sparse.unwrap_or(dense)
            } else {
                dense
            };
            r["provenance"][source_field] == "secondary_quote"
        });
        let expected = if secondary {
            Provenance::ThirdParty
        } else {
            Provenance::Vendor
        };
        assert_eq!(a.peaks_provenance, expected, "{}", a.id);
    }
}

#[test]
fn every_reference_accelerator_with_a_dense_figure_is_in_the_catalog() {
    let reference = reference();
    let mut missing = Vec::new();
    for r in list(&reference, "accelerators") {
        let id = r["id"].as_str().unwrap_or_default();
        let has_dense = Precision::ALL
            .into_iter()
            .any(|p| r[fields(p).0].as_f64().is_some());
        let in_catalog = CATALOG.iter().any(|a| a.id == id);
        let left_out = LEFT_OUT.iter().any(|&(i, _)| i == id);
        if has_dense && !in_catalog {
            missing.push(id.to_string());
        }
        assert!(
            !(left_out && (in_catalog || has_dense)),
            "{id} is listed as left out but is in the catalog or has a dense figure"
        );
        assert!(
            in_catalog || left_out,
            "{id}: neither in the catalog nor left out"
        );
    }
    assert!(missing.is_empty(), "missing from the catalog: {missing:?}");
}

#[test]
fn every_exception_names_a_real_row_and_field_and_a_source() {
    let reference = reference();
    let accelerators = list(&reference, "accelerators");
    for &(id, field, why) in EXCEPTIONS {
        let row = accelerators.iter().find(|r| r["id"] == id);
        assert!(row.is_some_and(|r| r.get(field).is_some()), "{id}.{field}");
        assert!(CATALOG.iter().any(|a| a.id == id), "{id}");
        assert!(!why.is_empty(), "{id}.{field}: cite the better source");
    }
}

fn price_id(name: &str) -> Option<&'static str> {
    PRICE_NAME_TO_ID
        .iter()
        .find(|&&(n, _)| n == name)
        .map(|&(_, id)| id)
}

#[test]
fn every_price_equals_a_reference_price_row() {
    let reference = reference();
    let rows = list(&reference, "cloud_prices");
    let mut problems = Vec::new();
    for p in PRICES {
        let pricing = serde_json::to_value(p.pricing).unwrap_or_default();
        let matched = rows.iter().find(|r| {
            r["provider"] == p.provider
                && r["sku"] == p.sku
                && r["pricing_model"] == pricing
                && r["price_date"] == p.date
                && r["accelerator"]
                    .as_str()
                    .and_then(price_id)
                    .is_some_and(|id| id == p.accelerator_id)
        });
        let Some(r) = matched else {
            problems.push(format!(
                "{} {} {} ({}): not in the reference",
                p.provider, p.sku, p.date, p.accelerator_id
            ));
            continue;
        };
        if !r["usd_per_accelerator_hour"]
            .as_f64()
            .is_some_and(|usd| close(usd, p.usd_per_accelerator_hour))
        {
            problems.push(format!("{} {}: price differs", p.provider, p.sku));
        }
        if r["region"].as_str() != p.region
            || r["source"] != p.source
            || r["notes"].as_str() != p.notes
        {
            problems.push(format!(
                "{} {}: region, source or notes differ",
                p.provider, p.sku
            ));
        }
        let historic = r["notes"]
            .as_str()
            .is_some_and(|n| n.contains("Historic price"));
        if historic != p.superseded {
            problems.push(format!(
                "{} {}: superseded should be {historic}",
                p.provider, p.sku
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_reference_price_is_listed_unless_its_accelerator_is_not_in_the_catalog() {
    let reference = reference();
    let rows = list(&reference, "cloud_prices");
    let mut unlisted = BTreeSet::new();
    let mut listed = 0;
    for r in rows {
        let name = r["accelerator"].as_str().unwrap_or_default();
        match price_id(name) {
            Some(_) => listed += 1,
            None => {
                unlisted.insert(name);
            }
        }
    }
    assert_eq!(unlisted, UNPRICED_NAMES.iter().copied().collect());
    assert_eq!(
        PRICES.len(),
        listed,
        "one catalog price per mapped reference row"
    );
    for &(_, id) in PRICE_NAME_TO_ID {
        assert!(CATALOG.iter().any(|a| a.id == id), "{id}");
    }
}
