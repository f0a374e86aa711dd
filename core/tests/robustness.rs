//! Robustness: no input breaks the core, and every valid input gives figures that
//! mean something.
//!
//! The regression tests pin what fuzzing and property testing found (see
//! `fuzz/README.md`).

use flopcast_core::config::parse_config;
use flopcast_core::cost::MfuBand;
use flopcast_core::estimate::estimate;
use flopcast_core::fields;
use flopcast_core::hardware::{prices_for, AcceleratorInUse, CATALOG};
use flopcast_core::link::{decode, encode, LinkError, MAX_FRAGMENT_BYTES, MAX_SPEC_CHARS};
use flopcast_core::model::{Dims, ModelSpec};
use flopcast_core::scenario::{ModelChoice, PriceChoice, Scenario};

// ---------------------------------------------------------------------------
// Regressions: each found by fuzzing or by the properties above.

/// A link could carry an MFU as small as 5e-324, which made time and cost
/// infinite. The decoder now applies the form's lower bound.
#[test]
fn a_link_with_a_vanishing_mfu_is_refused_rather_than_taking_forever() {
    for u in ["1e-300", "5e-324", "1e-9", "1e-9,0.5"] {
        let d = decode(&format!(
            "v=1&m=gpt2&t=1e18&s=8192&g=custom&pk=1&n=1&u={u}&usd=2&c=dense&r=0&b=16"
        ));
        assert!(
            d.notices.iter().any(|n| n.to_string().contains("`u=")),
            "{u}: {:?}",
            d.notices
        );
        assert_eq!(d.scenario.mfu, Scenario::default().mfu, "{u}");
        let e = estimate(&d.scenario);
        assert!(e.time_cost.at_low_mfu.wall_seconds.is_finite(), "{u}");
    }
    let d = decode("v=1&m=gpt2&u=1e-8");
    assert_eq!(d.scenario.mfu, MfuBand::point(fields::MIN_MFU));
}
/// The form accepted 0.5 tokens, 0.25 bytes per parameter and a 0.1 FLOP/s peak,
/// which the link decoder then refused: a shared link lost them. Both now use
/// the same bounds.
#[test]
fn the_form_refuses_what_a_link_could_not_carry() {
    for (what, result) in [
        ("tokens", fields::tokens("0.5").map(|_| ())),
        ("bytes", fields::bytes_per_param("0.25").map(|_| ())),
        ("peak", fields::peak_tflops("1e-13").map(|_| ())),
    ] {
        let message = result.expect_err(what).to_string();
        assert!(
            message.contains("is less than") && message.contains("type a larger number"),
            "{what}: {message}"
        );
    }
    assert_eq!(fields::tokens("1"), Ok(1.0));
    assert_eq!(fields::bytes_per_param("0.5"), Ok(0.5));
    assert_eq!(fields::peak_tflops("1e-12"), Ok(1.0));
}

/// Quotes of one SKU (on demand and spot, or a price and the one it
/// superseded) shared a link slug, so a link silently swapped the chosen quote
/// for the first one with that SKU. Slugs now name the pricing and the date.
#[test]
fn every_listed_quote_survives_a_link() {
    for accelerator in CATALOG {
        let Some(on) = AcceleratorInUse::from_catalog(accelerator.id, None) else {
            continue;
        };
        for quote in prices_for(accelerator.id) {
            let scenario = Scenario {
                accelerator: on,
                price: PriceChoice::Listed(quote),
                ..Scenario::default()
            };
            let fragment = encode(&scenario);
            let decoded = decode(&fragment);
            assert_eq!(decoded.notices, vec![], "{fragment}");
            assert_eq!(
                decoded.scenario.price, scenario.price,
                "{} {} {:?} {}: {fragment}",
                quote.provider, quote.sku, quote.pricing, quote.date
            );
        }
    }
}

/// Links from the first release name a quote by `provider/sku` only; they keep
/// meaning the first quote of that SKU.
#[test]
fn first_release_quote_links_keep_their_meaning() {
    let body = "v=1&m=llama-3.1-8b&t=15000000000000&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.4&usd=q:aws/p5.48xlarge&c=six_n.active&r=0&b=16";
    let decoded = decode(body);
    assert_eq!(decoded.notices, vec![LinkError::Unmarked]);
    let first = prices_for("h100-sxm5-80gb")
        .find(|p| p.provider == "AWS" && p.sku == "p5.48xlarge")
        .expect("an AWS p5 quote");
    assert_eq!(decoded.scenario.price, PriceChoice::Listed(first));
}

/// A config's `model_type` went into the spec whole, so a 20,000-character one
/// made a link too long to open (and an error message as long). It is now
/// refused beyond 64 characters, and quoted at most 40 characters long.
#[test]
fn a_model_type_longer_than_a_name_is_refused() {
    let long = "x".repeat(20_000);
    let config = format!(
        "{{\"model_type\": \"{long}\", \"hidden_size\": 64, \"num_hidden_layers\": 2, \
         \"num_attention_heads\": 4, \"intermediate_size\": 128, \"vocab_size\": 100}}"
    );
    let message = parse_config(&config).unwrap_err().to_string();
    assert!(
        message.contains("`model_type` is a 20000-character string")
            && message.contains("short name")
            && message.contains("at most 64 characters"),
        "{message}"
    );
    let nothing = parse_config(&format!("{{\"model_type\": \"{long}\"}}"))
        .unwrap_err()
        .to_string();
    assert!(nothing.len() < 500, "{nothing}");
    // 64 characters are fine, and travel in a link
    let ok = config.replace(&long, &"y".repeat(64));
    let spec = parse_config(&ok).expect("a 64-character type").spec;
    let scenario = Scenario {
        model: ModelChoice::custom(spec),
        ..Scenario::default()
    };
    assert_eq!(decode(&encode(&scenario)).scenario, scenario);
}

/// A `spec=` just under the fragment limit decoded fine, but the scenario's own
/// link (every other field added) went over it and no longer opened. The model
/// a link carries is now bounded well inside the limit.
#[test]
fn a_model_too_long_to_re_link_is_refused_and_the_rest_survives() {
    use base64::Engine as _;
    let mut spec = ModelSpec::from_dims(&Dims {
        n_layers: 1,
        ..Dims::default()
    })
    .unwrap();
    // 75 one-layer groups that differ only in their window: valid, but no
    // config makes them
    let layer = spec.stacks[0].groups[0].clone();
    spec.stacks[0].groups = (1..=75)
        .map(|w| {
            let mut g = layer.clone();
            if let Some(a) = g.layer.attn.as_mut() {
                a.window = Some(w);
            }
            g
        })
        .collect();
    assert!(spec.validate().is_ok());
    let json = serde_json::to_string(&spec).unwrap();
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    let fragment = format!("v=1&spec={text}&n=64");
    assert!(
        text.len() > MAX_SPEC_CHARS && fragment.len() < MAX_FRAGMENT_BYTES,
        "{} {}",
        text.len(),
        fragment.len()
    );
    let decoded = decode(&fragment);
    assert!(
        decoded
            .notices
            .iter()
            .any(|n| n.to_string().contains("over the 12288-character limit")),
        "{:?}",
        decoded.notices
    );
    assert_eq!(decoded.scenario.model, Scenario::default().model);
    assert_eq!(decoded.scenario.n_accelerators, 64);
    let again = decode(&encode(&decoded.scenario));
    assert_eq!(again.notices, vec![]);
    assert_eq!(again.scenario, decoded.scenario);
}

/// The bound leaves real models plenty of room: every fixture's spec takes
/// under a sixth of it.
#[test]
fn every_real_model_fits_in_a_link_with_room_to_spare() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/configs");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let spec = parse_config(&std::fs::read_to_string(&path).unwrap())
                .unwrap()
                .spec;
            let fragment = encode(&Scenario {
                model: ModelChoice::custom(spec),
                ..Scenario::default()
            });
            let (_, rest) = fragment.split_once("spec=").unwrap();
            let spec_text = rest.split('&').next().unwrap();
            assert!(
                spec_text.len() < MAX_SPEC_CHARS / 6,
                "{}: {} characters",
                path.display(),
                spec_text.len()
            );
        }
    }
}
