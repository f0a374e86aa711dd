//! The `flopcast` binary end to end: keys, exit codes, bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn flopcast(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flopcast"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("the binary finishes")
}

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/data")
        .join(rel)
}

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn every_fixture_gives_the_exact_total_that_pytorch_reports() {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data("expected.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for record in expected["records"].as_array().unwrap() {
        if record["status"] == "config_error" {
            continue;
        }
        let file = record["file"].as_str().unwrap();
        let path = data(&format!("configs/{file}"));
        let out = json(&flopcast(
            &["estimate", path.to_str().unwrap(), "--json"],
            None,
        ));
        let want = record["params"]["total"].as_u64().unwrap();
        if out["params"]["total"].as_u64() != Some(want) {
            failures.push(format!("{file}: {} != {want}", out["params"]["total"]));
        }
        if out["params"]["active"].as_u64() != record["params"]["active_per_token"].as_u64() {
            failures.push(format!("{file}: active {}", out["params"]["active"]));
        }
        assert!(out["model"]["model_type"].is_string(), "{file}");
        assert!(out["assumptions"].is_array(), "{file}");
        for key in ["embedding", "non_embedding"] {
            assert!(out["params"][key].is_u64(), "{file}: params.{key}");
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let text = std::fs::read_to_string(data("configs/openai-community__gpt2.json")).unwrap();
    let out = json(&flopcast(&["estimate", "-", "--json"], Some(&text)));
    assert_eq!(out["params"]["total"], 124_439_808);
    assert_eq!(out["model"]["model_type"], "gpt2");
}

#[test]
fn flops_per_token_come_in_every_convention_with_the_sequence_length_used() {
    let path = data("configs/meta-llama__Llama-2-7b-hf.json");
    let out = json(&flopcast(
        &[
            "estimate",
            path.to_str().unwrap(),
            "--json",
            "--seq-len",
            "2048",
        ],
        None,
    ));
    assert_eq!(out["seq_len"], 2048);
    for key in ["kaplan", "six_n", "dense", "causal"] {
        let forward = out["flops_per_token"]["forward"][key].as_f64().unwrap();
        let training = out["flops_per_token"]["training"][key].as_f64().unwrap();
        assert!((training / forward - 3.0).abs() < 1e-12, "{key}");
    }
    // dense matches PyTorch's measurement: 29,261,612,187,648 FLOPs for S = 2048
    let dense = out["flops_per_token"]["forward"]["dense"].as_f64().unwrap() * 2048.0;
    assert!((dense / 29_261_612_187_648.0 - 1.0).abs() < 0.005);
    // six_n uses active parameters
    let six_n = out["flops_per_token"]["forward"]["six_n"].as_f64().unwrap();
    assert_eq!(six_n, 2.0 * 6_738_415_616.0);
    // without --seq-len, S is min(context, 8,192): Llama 2's context, 4,096
    let out = json(&flopcast(
        &["estimate", path.to_str().unwrap(), "--json"],
        None,
    ));
    assert_eq!(out["seq_len"], 4096);
}

#[test]
fn recompute_multiplies_the_forward_pass_by_four() {
    let path = data("configs/openai-community__gpt2.json");
    let out = json(&flopcast(
        &["estimate", path.to_str().unwrap(), "--json", "--recompute"],
        None,
    ));
    let forward = out["flops_per_token"]["forward"]["six_n"].as_f64().unwrap();
    let training = out["flops_per_token"]["training"]["six_n"]
        .as_f64()
        .unwrap();
    assert_eq!(training, 4.0 * forward);
}

#[test]
fn a_run_gives_time_hours_cost_memory_and_the_hardware_used() {
    let out = json(&flopcast(
        &[
            "estimate",
            "--preset",
            "llama-3.1-405b",
            "--json",
            "--tokens",
            "15.6T",
            "--gpu",
            "h100-sxm5-80gb",
            "--gpus",
            "16384",
            "--mfu",
            "0.4",
            "--price",
            "2",
            "--seq-len",
            "8192",
        ],
        None,
    ));
    let flops = out["training"]["flops"].as_f64().unwrap();
    assert!((flops / 3.8e25 - 1.0).abs() < 0.01);
    let peak = out["hardware"]["peak_flops_per_s"].as_f64().unwrap();
    assert_eq!(peak, 989.5e12);
    let seconds = out["time"]["seconds"].as_f64().unwrap();
    assert!((seconds - flops / (16384.0 * peak * 0.4)).abs() / seconds < 1e-12);
    let hours = out["time"]["gpu_hours"].as_f64().unwrap();
    assert!((hours - seconds * 16384.0 / 3600.0).abs() / hours < 1e-12);
    assert!((out["cost"]["usd"].as_f64().unwrap() - hours * 2.0).abs() < 1e-6 * hours);
    assert_eq!(out["hardware"]["usd_per_hour"], 2.0);
    assert!(out["memory"]["min_gpus"].as_u64().unwrap() >= 80);
}

#[test]
fn an_mfu_band_gives_time_hours_and_cost_as_bands() {
    let args = [
        "estimate",
        "--preset",
        "llama-3.1-405b",
        "--gpus",
        "16384",
        "--mfu",
        "38-43",
    ];
    let text = flopcast(&args, None);
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("at 38–43 % MFU"), "{text}");
    assert!(text.contains("time            63–71 days"), "{text}");
    assert!(text.contains("accel-hours     24.8M–28.1M"), "{text}");
    let out = json(&flopcast(&[&args[..], &["--json"]].concat(), None));
    assert_eq!(out["mfu"]["low"], 0.38);
    assert_eq!(out["mfu"]["high"], 0.43);
    let range = |part: &str, field: &str| {
        let r = &out[part][field];
        (
            r["min"].as_f64().unwrap_or(f64::NAN),
            r["max"].as_f64().unwrap_or(f64::NAN),
        )
    };
    let (lo, hi) = range("time", "range");
    assert!((hi / lo - 0.43 / 0.38).abs() < 1e-9, "{lo} {hi}");
    let (cost_lo, cost_hi) = range("cost", "range");
    assert!((cost_hi / cost_lo - 0.43 / 0.38).abs() < 1e-9);
    // a band written as fractions is the same band
    let fractions = json(&flopcast(
        &[&args[..6], &["0.38-0.43", "--json"]].concat(),
        None,
    ));
    assert_eq!(fractions["time"]["range"], out["time"]["range"]);
}

#[test]
fn the_cli_takes_its_defaults_from_the_same_place_as_the_page() {
    use flopcast_core::scenario::{Scenario, DEFAULT_MFU};
    let page = Scenario::default();
    let out = json(&flopcast(
        &[
            "estimate",
            "--preset",
            "llama-3.1-8b",
            "--gpus",
            "1024",
            "--json",
        ],
        None,
    ));
    assert_eq!(out["seq_len"].as_u64(), Some(page.seq_len()));
    assert_eq!(out["mfu"]["low"].as_f64(), Some(DEFAULT_MFU));
    assert_eq!(out["mfu"]["high"].as_f64(), Some(DEFAULT_MFU));
    assert_eq!(out["training"]["tokens"].as_f64(), Some(page.n_tokens));
    assert_eq!(out["hardware"]["id"], page.accelerator.id());
    assert_eq!(
        out["hardware"]["precision"].as_str(),
        page.accelerator.precision().map(|p| p.id())
    );
    let price = page.price_used().map(|p| p.usd_per_accelerator_hour());
    assert_eq!(out["hardware"]["usd_per_hour"].as_f64(), price);
    // a model with a short context runs at its context; one with a long
    // context at 8,192
    let gpt2 = json(&flopcast(&["estimate", "--preset", "gpt2", "--json"], None));
    assert_eq!(gpt2["seq_len"], 1024);
    let qwen = json(&flopcast(
        &["estimate", "--preset", "qwen2.5-7b", "--json"],
        None,
    ));
    assert_eq!(qwen["seq_len"], 8192);
}

#[test]
fn defaults_used_are_listed_with_their_sources() {
    let out = flopcast(&["estimate", "--preset", "gpt2", "--gpus", "8"], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "default used: MFU (--mfu): 30 %: flopcast's default.",
        "Published H100 runs imply a median of",
        "default used: training tokens (--tokens): 2.49B: Chinchilla-optimal",
        "default used: sequence length (--seq-len): 1,024: the default.",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
}

#[test]
fn a_sequence_longer_than_the_context_is_warned_about() {
    let out = flopcast(&["estimate", "--preset", "gpt2", "--seq-len", "4096"], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "warning: Sequence length 4,096 is longer than GPT-2 (124M)'s context of 1,024"
        ),
        "{text}"
    );
}

#[test]
fn a_comma_price_is_read_as_a_decimal() {
    let args = ["estimate", "--preset", "gpt2", "--gpus", "8", "--price"];
    let out = json(&flopcast(&[&args[..], &["2,50", "--json"]].concat(), None));
    assert_eq!(out["hardware"]["usd_per_hour"], 2.5);
    let refused = flopcast(&[&args[..], &["1,00,000"]].concat(), None);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn bad_input_exits_2_with_the_pages_message_and_no_panic() {
    let cases: [(&[&str], Option<&str>, &str); 8] = [
        (&["estimate", "-"], Some("{not json"), "line 1, column 2"),
        (&["estimate", "-"], Some("[]"), "object"),
        (&["estimate", "-"], Some(""), "empty"),
        (
            &["estimate", "-"],
            Some(r#"{"model_type":"llama","hidden_size":4095,"num_attention_heads":32}"#),
            "not divisible",
        ),
        (&["estimate", "/no/such/file.json"], None, "cannot read"),
        (
            &["estimate", "--preset", "gpt2", "--tokens", "abc"],
            None,
            "`abc`",
        ),
        (
            &[
                "estimate",
                "--preset",
                "gpt2",
                "--tokens",
                "1T",
                "--gpu",
                "quantum-9000",
            ],
            None,
            "flopcast gpus",
        ),
        (
            &[
                "estimate", "--preset", "gpt2", "--tokens", "1T", "--mfu", "150",
            ],
            None,
            "(0, 100 %]",
        ),
    ];
    for (args, stdin, needle) in cases {
        let out = flopcast(args, stdin);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn gpus_lists_the_catalog_as_json() {
    let out = json(&flopcast(&["gpus", "--json"], None));
    let rows = out.as_array().unwrap();
    assert!(rows.len() >= 25);
    assert!(rows.iter().any(|r| r["id"] == "a100-sxm4-80gb"));
}

#[test]
fn validate_reports_every_run_with_the_keys_external_checks_read() {
    let out = json(&flopcast(&["validate", "--json"], None));
    let runs = out["runs"].as_array().unwrap();
    assert!(runs.len() >= 20);
    for run in runs {
        for key in [
            "id",
            "published_gpu_hours",
            "flops",
            "implied_mfu",
            "predicted_gpu_hours",
            "error_pct",
        ] {
            assert!(run.get(key).is_some(), "{}: no {key}", run["id"]);
        }
    }
}

#[test]
fn energy_and_emissions_come_with_a_run_and_their_settings_are_flags() {
    let run = ["estimate", "--preset", "llama-3.1-8b", "--gpus", "1024"];
    let out = flopcast(&run, None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  energy          "), "{text}");
    assert!(
        text.contains("t CO₂e, location-based; grid: United States, 2023"),
        "{text}"
    );
    for default in ["default used: PUE (--pue)", "default used: grid (--grid)"] {
        assert!(text.contains(default), "{default:?} in {text}");
    }
    let out = json(&flopcast(
        &[
            &run[..],
            &[
                "--json",
                "--pue",
                "industry-average",
                "--power-factor",
                "80%",
                "--grid",
                "fr-2022",
            ],
        ]
        .concat(),
        None,
    ));
    assert_eq!(out["energy"]["pue"], 1.58);
    assert_eq!(out["energy"]["power_factor_range"]["max"], 0.8);
    assert_eq!(out["emissions"]["region"], "fr-2022");
    assert_eq!(out["emissions"]["grid_kg_per_kwh"], 0.057);
    let kwh = out["energy"]["kwh"].as_f64().expect("kWh");
    let hours = out["time"]["gpu_hours"].as_f64().expect("hours");
    assert!((kwh - hours * 700.0 * 0.8 * 1.58 / 1e3).abs() < 1e-9 * kwh);
    let t = out["emissions"]["tco2e"].as_f64().expect("t");
    assert!((t - kwh * 0.057 / 1e3).abs() < 1e-9 * t);
    let out = json(&flopcast(
        &[&run[..], &["--json", "--grid", "0.25", "--market-based"]].concat(),
        None,
    ));
    assert_eq!(out["emissions"]["tco2e"], 0.0);
    assert_eq!(out["emissions"]["basis"], "market");
    assert_eq!(out["emissions"]["region"], serde_json::Value::Null);
    assert!(out["emissions"]["location_tco2e"]
        .as_f64()
        .is_some_and(|t| t > 0.0));
}

#[test]
fn co2_card_prints_the_hub_block_with_grams_in_plain_digits() {
    let out = flopcast(
        &[
            "estimate",
            "--preset",
            "llama-3.1-8b",
            "--gpus",
            "1024",
            "--co2-card",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("co2_eq_emissions:\n  emissions: "),
        "{text}"
    );
    let grams = text
        .lines()
        .nth(1)
        .and_then(|l| l.trim_start().strip_prefix("emissions: "))
        .expect("an emissions line");
    assert!(grams.bytes().all(|b| b.is_ascii_digit()), "{grams}");
    assert!(
        text.contains("hardware_used: \"1024 × NVIDIA H100 SXM5 80GB\""),
        "{text}"
    );
    // no board power, no card: exit 2 with why
    let tpu = flopcast(
        &[
            "estimate",
            "--preset",
            "llama-3.1-8b",
            "--gpu",
            "tpu-v4",
            "--co2-card",
        ],
        None,
    );
    assert_eq!(tpu.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&tpu.stderr).contains("No board power is published"));
}

#[test]
fn bad_energy_settings_exit_2_naming_the_field() {
    let run = ["estimate", "--preset", "gpt2", "--gpus", "8"];
    for (flag, value, needle) in [
        ("--pue", "0.9", "PUE: `0.9` is below 1"),
        ("--pue", "3.5", "PUE: `3.5` is above 3"),
        ("--grid", "-0.1", "Grid intensity: `-0.1` is negative"),
        (
            "--grid",
            "atlantis",
            "Grid region: `atlantis` is not a region",
        ),
        ("--power-factor", "85", "Power: `85` is above 2"),
    ] {
        let out = flopcast(&[&run[..], &[flag, value]].concat(), None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {stderr}");
        assert!(stderr.contains(needle), "{flag} {value}: {stderr}");
    }
}

#[test]
fn validate_has_an_energy_list_with_the_keys_the_issue_names() {
    let out = json(&flopcast(&["validate", "--json"], None));
    let energy = out["energy"].as_array().expect("an energy list");
    assert_eq!(energy.len(), 44);
    for entry in energy {
        for key in [
            "id",
            "published_mwh",
            "predicted_mwh",
            "error_pct",
            "published_tco2e",
            "predicted_tco2e",
            "co2_error_pct",
        ] {
            assert!(entry.get(key).is_some(), "{}: no {key}", entry["id"]);
        }
    }
    let llama = energy
        .iter()
        .find(|e| e["id"] == "llama1-65b")
        .expect("LLaMA 65B");
    assert!(llama["error_pct"].as_f64().is_some_and(|e| e.abs() < 5.0));
    assert!(llama["co2_error_pct"]
        .as_f64()
        .is_some_and(|e| e.abs() < 5.0));
    let disagreements = out["energy_disagreements"]
        .as_array()
        .expect("disagreements");
    assert!(disagreements.iter().any(|d| d["id"] == "opt-175b"));
    let text = flopcast(&["validate"], None);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Published figures that disagree"), "{text}");
    assert!(text.contains("within ±5 %"), "{text}");
}

#[test]
fn a_run_reports_memory_per_accelerator_the_layout_and_the_bubble() {
    let out = json(&flopcast(
        &[
            "estimate",
            "--preset",
            "llama-3.1-405b",
            "--json",
            "--tokens",
            "15.6T",
            "--gpu",
            "h100-sxm5-80gb",
            "--gpus",
            "16384",
            "--seq-len",
            "8192",
            "--tp",
            "8",
            "--pp",
            "16",
            "--zero",
            "1",
            "--recompute",
            "selective",
        ],
        None,
    ));
    let layout = &out["layout"];
    for (key, value) in [
        ("tp", 8),
        ("pp", 16),
        ("dp", 128),
        ("cp", 1),
        ("ep", 1),
        ("zero", 1),
        ("micro_batch", 1),
    ] {
        assert_eq!(layout[key], value, "layout.{key}: {layout}");
    }
    let per = &out["memory"]["per_accelerator"];
    let mut sum = 0.0;
    for key in [
        "weights",
        "gradients",
        "optimizer",
        "activations",
        "logits",
        "overhead",
    ] {
        let bytes = per[key].as_f64().unwrap_or(-1.0);
        assert!(bytes >= 0.0, "memory.per_accelerator.{key}: {per}");
        sum += bytes;
    }
    let total = per["total"].as_f64().unwrap();
    assert!((sum - total).abs() < 1e-6 * total);
    assert!(out["memory"]["fits"].is_boolean());
    // 16M tokens (the paper's final batch) over DP 128 at 8,192: m = 16.
    let bubble = out["time"]["bubble_fraction"].as_f64().unwrap();
    assert!((bubble - 15.0 / 16.0).abs() < 1e-12, "{bubble}");
}

#[test]
fn a_layout_that_breaks_a_rule_exits_2_naming_it() {
    let run = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "estimate",
            "--preset",
            "llama-3.1-8b",
            "--tokens",
            "1T",
            "--gpus",
            "1024",
            "--seq-len",
            "8192",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect()
    };
    let cases: [(Vec<String>, &str); 7] = [
        (
            run(&["--tp", "3"]),
            "TP 3 does not divide the attention heads (32)",
        ),
        (run(&["--tp", "16"]), "key/value heads (8)"),
        (
            run(&["--pp", "33"]),
            "PP 33 is more than the model's 32 layers",
        ),
        (
            run(&["--tp", "8", "--pp", "3"]),
            "does not divide the 1024 accelerators",
        ),
        (run(&["--ep", "2"]), "the model has no experts"),
        (
            run(&["--tp", "1", "--global-batch", "1M"]),
            "larger than the per-replica batch",
        ),
        (
            vec![
                "estimate",
                "--preset",
                "mixtral-8x7b",
                "--tokens",
                "1T",
                "--gpus",
                "96",
                "--ep",
                "3",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            "EP 3 does not divide the 8 experts",
        ),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = flopcast(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    // The FFN width too: an MLP of 3,004 over TP 8.
    let config = r#"{"model_type": "llama", "hidden_size": 512, "num_attention_heads": 8,
        "num_hidden_layers": 2, "intermediate_size": 3004, "vocab_size": 1000}"#;
    let out = flopcast(
        &[
            "estimate", "-", "--tokens", "1B", "--gpus", "8", "--tp", "8",
        ],
        Some(config),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("MLP width (d_ff) (3004)"), "{stderr}");
}

#[test]
fn layouts_lists_the_fitting_layouts_ranked_and_the_fewest_accelerators() {
    let out = json(&flopcast(
        &[
            "layouts",
            "--preset",
            "llama-3.1-70b",
            "--gpu",
            "h100-sxm5-80gb",
            "--gpus",
            "64",
            "--json",
        ],
        None,
    ));
    let rows = out["layouts"].as_array().expect("a list");
    assert!(!rows.is_empty());
    let key = |r: &serde_json::Value| {
        let tp = r["tp"].as_u64().unwrap();
        let pp = r["pp"].as_u64().unwrap();
        (tp * pp, pp, r["zero"].as_u64().unwrap())
    };
    for pair in rows.windows(2) {
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "{} then {}",
            pair[0],
            pair[1]
        );
    }
    for r in rows {
        assert!(r["free_bytes"].as_f64().unwrap() >= 0.0);
        assert_eq!(
            r["tp"].as_u64().unwrap() * r["pp"].as_u64().unwrap() * r["dp"].as_u64().unwrap(),
            64
        );
    }
    let fewest = out["min_accelerators"].as_u64().expect("a count");
    assert!(fewest <= 64, "{fewest}");
    let text = flopcast(
        &[
            "layouts",
            "--preset",
            "llama-3.1-70b",
            "--gpu",
            "h100-sxm5-80gb",
            "--gpus",
            "64",
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("Ranked: least model parallelism"),
        "{stdout}"
    );
    assert!(stdout.contains("Fewest NVIDIA H100"), "{stdout}");
}

#[test]
fn the_overhead_line_is_editable_and_a_bad_one_is_refused() {
    let run = |overhead: &str| {
        flopcast(
            &[
                "estimate",
                "--preset",
                "llama-3.1-8b",
                "--gpus",
                "1024",
                "--json",
                "--overhead",
                overhead,
            ],
            None,
        )
    };
    let out = json(&run("0,0"));
    assert_eq!(out["memory"]["per_accelerator"]["overhead"], 0.0);
    let out = json(&run("3e9,0"));
    assert_eq!(out["memory"]["per_accelerator"]["overhead"], 3e9);
    let bad = run("3e9");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--overhead"));
}
