//! Pinned figures: what the core computes for a fixed set of inputs, kept in
//! `core/data/pins/*.json`, so that no change to a formula without an
//! independent truth goes unnoticed. A pin is not a truth: where a measurement
//! exists (PyTorch's counts, FLOPs and saved tensors, Megatron's formulas,
//! published runs) the other tests check against it. The pins cover what no
//! measurement reaches (fused kernels, parallel layouts) and the small terms
//! that hide inside a measurement's tolerance; mutation testing found both
//! (`core/mutants.md`).
//!
//! A deliberate change rewrites the pins with
//! `FLOPCAST_PIN=1 cargo test -p flopcast-core --test core pinned`, and the
//! file's diff shows every figure it moved.

use serde_json::Value;

fn path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/pins")
        .join(format!("{name}.json"))
}

/// Compares `now` with the pins in `core/data/pins/{name}.json` (numbers to
/// 1e-9 relative, everything else exactly), or rewrites them when
/// `FLOPCAST_PIN` is set.
pub fn check(name: &str, about: &str, now: serde_json::Map<String, Value>) {
    let file = path(name);
    if std::env::var_os("FLOPCAST_PIN").is_some() {
        let json = serde_json::json!({ "about": about, "pins": now });
        let text = serde_json::to_string_pretty(&json).expect("JSON") + "\n";
        std::fs::create_dir_all(file.parent().expect("a directory")).expect("writable");
        std::fs::write(&file, text).expect("writable");
        return;
    }
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e} (write it with FLOPCAST_PIN=1)", file.display()));
    let pinned: Value = serde_json::from_str(&text).expect("JSON");
    let pinned = pinned["pins"].as_object().expect("pins");
    let mut failures = Vec::new();
    for (key, got) in &now {
        match pinned.get(key) {
            Some(want) => failures.extend(
                json_differences(got, want, 1e-9)
                    .into_iter()
                    .map(|(path, got, want)| format!("{key}{path}: {got} (pinned {want})")),
            ),
            None => failures.push(format!("{key}: not pinned")),
        }
    }
    for key in pinned.keys().filter(|k| !now.contains_key(*k)) {
        failures.push(format!("{key}: pinned but no longer computed"));
    }
    let shown = failures.len().min(40);
    assert!(
        failures.is_empty(),
        "{} pinned figures moved:\n{}\n(rewrite {} with FLOPCAST_PIN=1 if the change is meant)",
        failures.len(),
        failures[..shown].join("\n"),
        file.display()
    );
}

/// Where two JSON values differ, as `(path, got, want)`: objects key by key,
/// arrays of one length item by item, numbers within `relative` of each other
/// (0: exactly), anything else exactly.
pub fn json_differences(got: &Value, want: &Value, relative: f64) -> Vec<(String, Value, Value)> {
    fn walk(
        path: &str,
        got: &Value,
        want: &Value,
        relative: f64,
        out: &mut Vec<(String, Value, Value)>,
    ) {
        match (got, want) {
            (Value::Number(a), Value::Number(b)) => {
                let (a, b) = (
                    a.as_f64().unwrap_or(f64::NAN),
                    b.as_f64().unwrap_or(f64::NAN),
                );
                if (a - b).abs() > relative * a.abs().max(b.abs()) {
                    out.push((path.to_string(), got.clone(), want.clone()));
                }
            }
            (Value::Object(a), Value::Object(b)) => {
                let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                for k in keys {
                    walk(
                        &format!("{path}.{k}"),
                        a.get(k).unwrap_or(&Value::Null),
                        b.get(k).unwrap_or(&Value::Null),
                        relative,
                        out,
                    );
                }
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    walk(&format!("{path}[{i}]"), x, y, relative, out);
                }
            }
            _ if got != want => out.push((path.to_string(), got.clone(), want.clone())),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", got, want, relative, &mut out);
    out
}
