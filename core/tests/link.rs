//! The shareable link: round trips, size, robustness and pinned literal links.

use flopcast_core::config::parse_config;
use flopcast_core::cost::MfuBand;
use flopcast_core::energy::{self, EnergySettings, Grid, PowerFactor};
use flopcast_core::flops::{Convention, NBasis};
use flopcast_core::hardware::{prices_for, AcceleratorInUse, CustomAccelerator, Precision};
use flopcast_core::link::{decode, decode_with, encode, LinkError, MAX_FRAGMENT_BYTES};
use flopcast_core::memory::activations::{AttnKernel, Kernels, Recompute};
use flopcast_core::memory::breakdown::{MemorySettings, Overhead};
use flopcast_core::memory::layout::{GlobalBatch, Layout, Zero};
use flopcast_core::memory::BytesPerParam;
use flopcast_core::scenario::{
    Change, ModelChoice, PriceChoice, Scenario, TableSorts, TokenSource, TypedPrice,
};
use flopcast_core::tables::{Sort, SortKey, TableKind};
use proptest::prelude::*;

/// The end mark, computed independently of the codec (FNV-1a, 32-bit).
fn fnv(body: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in body.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

fn fixture_texts() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/configs");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("configs folder") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).expect("readable")));
        }
    }
    out.sort();
    out
}

#[test]
fn the_default_scenario_round_trips() {
    let scenario = Scenario::default();
    let decoded = decode(&encode(&scenario));
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario, scenario);
}

/// A page opened without a scenario in its address (no fragment, a bare `#`,
/// or only separators) shows the default scenario and no notice.
#[test]
fn an_empty_fragment_is_the_default_scenario_without_a_notice() {
    for fragment in ["", "#", "#&&", "&"] {
        let d = decode(fragment);
        assert!(d.notices.is_empty(), "{fragment:?}: {:?}", d.notices);
        assert_eq!(d.scenario, Scenario::default(), "{fragment:?}");
    }
}

#[test]
fn every_fixture_as_a_pasted_config_round_trips_in_under_2000_characters() {
    for (name, text) in fixture_texts() {
        let spec = parse_config(&text).expect(&name).spec;
        let scenario = Scenario {
            model: ModelChoice::custom(spec),
            ..Scenario::default()
        };
        let fragment = encode(&scenario);
        let link = format!("https://flopcast.example/#{fragment}");
        assert!(
            link.len() < 2000,
            "{name}: link is {} characters",
            link.len()
        );
        let decoded = decode(&fragment);
        assert_eq!(decoded.notices, vec![], "{name}");
        assert_eq!(decoded.scenario, scenario, "{name}");
    }
}

#[test]
fn every_field_survives_the_round_trip() {
    let quote = prices_for("a100-sxm4-80gb").next().expect("an A100 quote");
    let scenario = Scenario {
        model: ModelChoice::preset("mixtral-8x7b").unwrap().0,
        n_tokens: 1.234_567e12,
        tokens_source: TokenSource::Typed,
        seq_len: None,
        accelerator: AcceleratorInUse::from_catalog("a100-sxm4-80gb", Some(Precision::Fp16))
            .unwrap(),
        n_accelerators: 777,
        mfu: MfuBand {
            low: 0.3,
            high: 0.523,
        },
        price: PriceChoice::Listed(quote),
        convention: Convention::SixN(NBasis::NonEmbedding),
        sorts: TableSorts {
            by_accelerator: Some(Sort {
                key: SortKey::Cost,
                descending: true,
            }),
            by_count: Some(Sort::ascending(SortKey::Memory)),
        },
        energy: EnergySettings {
            pue: 1.58,
            power: PowerFactor::Custom(0.85),
            grid: Grid::Custom(0.2),
            market_based: true,
        },
        layout: Layout {
            tp: 4,
            pp: 3,
            cp: 2,
            ep: 8,
            zero: Zero::Gradients,
            micro_batch: 3,
            interleave: 2,
            sequence_parallel: false,
            recompute: Recompute::Selective,
            attention: AttnKernel::Eager,
        },
        auto_layout: false,
        global_batch: GlobalBatch::Tokens(3_000_000),
        memory: MemorySettings {
            state: BytesPerParam {
                weights: 2.0,
                gradients: 4.0,
                optimizer: 12.5,
            },
            overhead: Overhead {
                runtime_bytes: 1.5e9,
                fragmentation: 0.125,
            },
            kernels: Kernels::Eager,
        },
        goodput: 0.875,
        mfu_includes_bubble: false,
    };
    let decoded = decode(&encode(&scenario));
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario, scenario);

    let custom = Scenario {
        accelerator: AcceleratorInUse::Custom(CustomAccelerator {
            peak_flops_per_s: 1.23e15,
            memory_bytes: Some(96_000_000_000),
        }),
        price: PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour: 3.33,
            accelerator_id: "custom",
        }),
        convention: Convention::Causal,
        ..Scenario::default()
    };
    let decoded = decode(&encode(&custom));
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario, custom);
}

/// The one notice every link made before energy settings travelled gets.
fn energy_defaults() -> LinkError {
    LinkError::EnergyFromEarlierLink {
        defaults: EnergySettings::default().describe(),
    }
}

#[test]
fn the_sort_of_each_table_round_trips_and_old_links_keep_the_tables_own_order() {
    let mut scenario = Scenario::default();
    for sort in SortKey::ALL
        .into_iter()
        .flat_map(|key| [false, true].map(|descending| Sort { key, descending }))
    {
        scenario.apply(Change::Sort(TableKind::ByAccelerator, Some(sort)));
        scenario.apply(Change::Sort(TableKind::ByCount, Some(sort)));
        let fragment = encode(&scenario);
        assert!(
            fragment.contains(&format!("sa={}&", sort.id())),
            "{fragment}"
        );
        let decoded = decode(&fragment);
        assert_eq!(decoded.notices, vec![]);
        assert_eq!(decoded.scenario.sorts, scenario.sorts);
    }
    // A link from before sorts travelled: the tables' own order, and no
    // notice about them (its notices are about the layout and the energy
    // settings).
    let old = "v=1&m=llama-3.1-8b&t=15000000000000&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.4&usd=default&c=six_n.active&r=0&b=16&k=d997fc96";
    let d = decode(old);
    assert_eq!(
        d.notices,
        vec![LinkError::MadeBeforeLayouts, energy_defaults()]
    );
    assert_eq!(d.scenario.sorts, TableSorts::default());
}

#[test]
fn a_typed_price_travels_with_the_accelerator_it_was_typed_for() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::TypedPrice(2.0));
    let fragment = encode(&scenario);
    assert!(fragment.contains("&usd=2@h100-sxm5-80gb&"), "{fragment}");
    let decoded = decode(&fragment);
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario, scenario);
    // edited to name another accelerator: the price does not follow it
    let body = fragment
        .rsplit_once("&k=")
        .unwrap()
        .0
        .replace("usd=2@h100-sxm5-80gb", "usd=2@mi300x");
    let d = decode(&format!("{body}&k={}", fnv(&body)));
    assert_eq!(d.scenario.price, PriceChoice::Default);
    let text: Vec<String> = d.notices.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 1, "{text:#?}");
    assert!(
        text[0].contains("$2.00 per hour was typed for the AMD Instinct MI300X")
            && text[0].contains("the NVIDIA H100 SXM5 80GB uses its default quote"),
        "{text:#?}"
    );
}

#[test]
fn the_source_of_the_token_count_round_trips() {
    let mut scenario = Scenario::default();
    assert!(encode(&scenario).contains("&ts=published:llama-3.1-8b&"));
    scenario.apply(Change::ChinchillaTokens);
    let decoded = decode(&encode(&scenario));
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario.tokens_source, TokenSource::Chinchilla);
    assert_eq!(decoded.scenario, scenario);
    scenario.apply(Change::Tokens(2e12));
    let decoded = decode(&encode(&scenario));
    assert_eq!(decoded.scenario.tokens_source, TokenSource::Typed);
    // a pasted config keeps the previous model's published count, and says whose
    let gpt2 = ModelChoice::custom(ModelChoice::preset("gpt2").unwrap().0.spec);
    let mut pasted = Scenario::default();
    pasted.apply(Change::Model(ModelChoice::custom(
        parse_config(&fixture_texts()[0].1).unwrap().spec,
    )));
    pasted.apply(Change::Model(gpt2));
    assert_eq!(decode(&encode(&pasted)).scenario, pasted);
}

/// Links made by earlier releases. They must keep giving the same scenario in
/// every later release: change the decoder, never these strings. Links made
/// before memory layouts (versions 1 and 2) open with their old meaning, the
/// new settings at their defaults, and one notice saying so.
#[test]
fn pinned_links_keep_their_meaning() {
    // The first release's default link: 40 % MFU, then the default. Links
    // from before layouts and energy settings travelled open with their
    // defaults and one notice for each.
    let before = LinkError::MadeBeforeLayouts;
    let d = decode("v=1&m=llama-3.1-8b&t=15000000000000&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.4&usd=default&c=six_n.active&r=0&b=16&k=d997fc96");
    assert_eq!(d.notices, vec![before.clone(), energy_defaults()]);
    assert_eq!(
        d.notices[1].to_string(),
        "This link was made before energy and emissions settings travelled with it: they take \
         the defaults (PUE 1.1, power at board power (TDP), United States, 2023 (0.369 kg \
         CO₂e/kWh), location-based)."
    );
    assert_eq!(
        d.scenario,
        Scenario {
            mfu: MfuBand::point(0.4),
            tokens_source: TokenSource::Typed,
            ..Scenario::default()
        }
    );

    // A typed price from before prices named their accelerator: read as the
    // link's accelerator's, as it always was, with a notice saying so.
    let d = decode("v=1&m=gpt2&t=3e11&s=model&g=a100-sxm4-80gb&p=bf16&n=64&u=0.3,0.5&usd=1.5&c=dense&r=1&b=16&k=21a425da");
    let text: Vec<String> = d.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "This link was made before a typed price was tied to its accelerator: its $1.50 per hour is read as your price for the NVIDIA A100 80GB SXM4.".to_string(),
            before.to_string(),
            energy_defaults().to_string()
        ]
    );
    let s = d.scenario;
    assert_eq!(s.model.preset.map(|p| p.id), Some("gpt2"));
    assert_eq!(s.n_tokens, 3e11);
    assert_eq!(s.tokens_source, TokenSource::Typed);
    assert_eq!(s.seq_len, None);
    assert_eq!(s.accelerator.id(), "a100-sxm4-80gb");
    assert_eq!(s.n_accelerators, 64);
    assert_eq!(
        s.mfu,
        MfuBand {
            low: 0.3,
            high: 0.5
        }
    );
    assert_eq!(
        s.price,
        PriceChoice::Custom(TypedPrice {
            usd_per_accelerator_hour: 1.5,
            accelerator_id: "a100-sxm4-80gb"
        })
    );
    assert_eq!(
        s.price_used().map(|p| p.usd_per_accelerator_hour()),
        Some(1.5)
    );
    assert_eq!(s.convention, Convention::Dense);
    assert_eq!(s.layout.recompute, Recompute::Full);
    assert_eq!(s.memory.state, BytesPerParam::MIXED_PRECISION_ADAM);
    assert!(s.auto_layout);

    let d = decode("v=1&m=deepseek-v3&t=14.8e12&s=4096&g=custom&pk=9.89e14&mem=80000000000&n=2048&u=0.25&usd=2&c=kaplan&r=0&b=16&k=d7754140");
    assert_eq!(d.notices.len(), 3, "{:#?}", d.notices);
    assert_eq!(d.notices[1], before);
    assert_eq!(d.scenario.accelerator.peak_flops_per_s(), Some(9.89e14));
    assert_eq!(
        d.scenario
            .price_used()
            .map(|p| p.usd_per_accelerator_hour()),
        Some(2.0)
    );
    assert_eq!(d.scenario.convention, Convention::Kaplan);

    // The default link before energy settings travelled.
    let d = decode("v=2&m=llama-3.1-8b&t=1.5e13&ts=published:llama-3.1-8b&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.3&usd=default&c=six_n.active&r=0&b=16&sa=none&sc=none&k=369f83ac");
    assert_eq!(d.notices, vec![before.clone(), energy_defaults()]);
    assert_eq!(d.scenario, Scenario::default());
    // and its typed price, Chinchilla count and sorts
    let d = decode("v=2&m=gpt2&t=2488796160&ts=chinchilla&s=1024&g=a100-sxm4-80gb&p=bf16&n=64&u=0.3,0.5&usd=1.5@a100-sxm4-80gb&c=dense&r=0&b=16&sa=cost.desc&sc=time&k=82beba4a");
    assert_eq!(d.notices, vec![before.clone(), energy_defaults()]);
    let s = d.scenario;
    assert_eq!(s.tokens_source, TokenSource::Chinchilla);
    assert_eq!(s.n_tokens, 20.0 * 124_439_808.0);
    assert_eq!(
        s.price_used().map(|p| p.usd_per_accelerator_hour()),
        Some(1.5)
    );
    assert_eq!(
        s.sorts.by_accelerator,
        Some(Sort {
            key: SortKey::Cost,
            descending: true
        })
    );
    assert_eq!(s.sorts.by_count, Some(Sort::ascending(SortKey::Time)));

    // The second release's default link, with the energy settings.
    let d = decode("v=2&m=llama-3.1-8b&t=1.5e13&ts=published:llama-3.1-8b&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.3&usd=default&c=six_n.active&r=0&b=16&sa=none&sc=none&pue=1.1&pw=tdp&grid=us-2023&co2=location&k=515db17e");
    assert_eq!(d.notices, vec![before.clone()]);
    assert_eq!(d.scenario, Scenario::default());
    // every energy setting away from its default: a preset each
    let d = decode("v=2&m=llama-3.1-8b&t=1.5e13&ts=published:llama-3.1-8b&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.3&usd=default&c=six_n.active&r=0&b=16&sa=none&sc=none&pue=1.58&pw=measured&grid=fr-2022&co2=market&k=a5ce0578");
    assert_eq!(d.notices, vec![before.clone()]);
    assert_eq!(
        d.scenario.energy,
        EnergySettings {
            pue: 1.58,
            power: PowerFactor::MeasuredAverage,
            grid: Grid::Region(energy::region("fr-2022").expect("France 2022")),
            market_based: true,
        }
    );
    // and typed figures
    let d = decode("v=2&m=llama-3.1-8b&t=1.5e13&ts=published:llama-3.1-8b&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.3&usd=default&c=six_n.active&r=0&b=16&sa=none&sc=none&pue=1.1&pw=0.8&grid=0.25&co2=location&k=b8a25c33");
    assert_eq!(d.notices, vec![before.clone()]);
    assert_eq!(d.scenario.energy.power, PowerFactor::Custom(0.8));
    assert_eq!(d.scenario.energy.grid, Grid::Custom(0.25));
    // This release's default link, with the layout and memory settings.
    let d = decode(PINNED_V3_DEFAULT);
    assert_eq!(d.notices, vec![]);
    assert_eq!(d.scenario, Scenario::default());
    // and a manual layout with every memory setting off its default
    let d = decode(PINNED_V3_LAYOUT);
    assert_eq!(d.notices, vec![]);
    let s = d.scenario;
    assert!(!s.auto_layout);
    assert_eq!(
        (
            s.layout.tp,
            s.layout.pp,
            s.layout.zero,
            s.layout.micro_batch
        ),
        (8, 16, Zero::Weights, 2)
    );
    assert_eq!(s.layout.recompute, Recompute::Selective);
    assert_eq!(s.global_batch, GlobalBatch::Tokens(16_777_216));
    assert_eq!(s.memory.state, BytesPerParam::FP32_GRADIENTS);
    assert_eq!(s.goodput, 0.9);
    assert!(!s.mfu_includes_bubble);
}

#[test]
fn energy_settings_round_trip_and_a_cut_or_bad_one_is_named() {
    let mut scenario = Scenario::default();
    scenario.apply(Change::Pue(1.3));
    scenario.apply(Change::Power(PowerFactor::Custom(0.75)));
    scenario.apply(Change::Grid(Grid::Custom(0.0)));
    scenario.apply(Change::MarketBased(true));
    let fragment = encode(&scenario);
    assert!(
        fragment.contains("&pue=1.3&pw=0.75&grid=0&co2=market&"),
        "{fragment}"
    );
    let d = decode(&fragment);
    assert_eq!(d.notices, vec![]);
    assert_eq!(d.scenario, scenario);

    // one setting left out (of a link that has the others): its own notice
    let body = fragment.rsplit_once("&k=").expect("end mark").0;
    let without: Vec<&str> = body
        .split('&')
        .filter(|p| !p.starts_with("grid="))
        .collect();
    let d = decode(&without.join("&"));
    assert!(
        d.notices
            .iter()
            .any(|n| matches!(n, LinkError::Missing { key: "grid", .. })),
        "{:#?}",
        d.notices
    );
    assert_eq!(d.scenario.energy.grid, EnergySettings::default().grid);
    assert_eq!(d.scenario.energy.pue, 1.3, "the other settings are kept");

    // bad values: each named as the page names it, and its default used
    let bad = body
        .replace("pue=1.3", "pue=0.9")
        .replace("pw=0.75", "pw=80")
        .replace("grid=0", "grid=mars")
        .replace("co2=market", "co2=maybe");
    let d = decode(&bad);
    let text: Vec<String> = d.notices.iter().map(ToString::to_string).collect();
    for said in [
        "The link's PUE, “0.9”, is outside 1–3: the default, 1.1, is used.",
        "The link's power setting, “80”",
        "The link's grid, “mars”, is neither a region flopcast knows",
        "The link's emissions accounting, “maybe”",
    ] {
        assert!(
            text.iter().any(|t| t.starts_with(said)),
            "no notice {said:?}: {text:#?}"
        );
    }
    assert_eq!(d.scenario.energy, EnergySettings::default());
}

/// This release's default link (version 3).
const PINNED_V3_DEFAULT: &str = "v=3&m=llama-3.1-8b&t=1.5e13&ts=published:llama-3.1-8b&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.3&usd=default&c=six_n.active&r=none&b=2,2,12&al=1&tp=1&pp=1&cp=1&ep=1&z=1&mb=1&vpp=1&sp=1&at=sdpa&ker=fused&gb=auto&oh=2e9,0.05&gp=1&bub=1&sa=none&sc=none&pue=1.1&pw=tdp&grid=us-2023&co2=location&k=e55f6816";
/// Llama 3.1 405B on 16,384 H100s at TP 8, PP 16, ZeRO 3, b 2, selective
/// recomputation, 16M-token batches, FP32 gradients, 90 % goodput, the MFU
/// without the bubble.
const PINNED_V3_LAYOUT: &str = "v=3&m=llama-3.1-405b&t=1.56e13&ts=published:llama-3.1-405b&s=8192&g=h100-sxm5-80gb&p=bf16&n=16384&u=0.3&usd=default&c=six_n.active&r=selective&b=2,4,12&al=0&tp=8&pp=16&cp=1&ep=1&z=3&mb=2&vpp=1&sp=1&at=sdpa&ker=fused&gb=16777216&oh=2e9,0.05&gp=0.9&bub=0&sa=none&sc=none&pue=1.1&pw=tdp&grid=us-2023&co2=location&k=b1a56171";

#[test]
fn a_link_cut_at_any_position_still_gives_a_scenario_and_says_what_it_lost() {
    let spec = parse_config(&fixture_texts()[0].1).unwrap().spec;
    let scenario = Scenario {
        model: ModelChoice::custom(spec),
        ..Scenario::default()
    };
    let fragment = encode(&scenario);
    for cut in 0..fragment.len() {
        let decoded = decode(&fragment[..cut]);
        if cut > 0 {
            assert!(
                !decoded.notices.is_empty(),
                "cut at {cut} lost something silently"
            );
        }
    }
}

#[test]
fn a_hand_written_link_gets_one_notice_for_everything_it_left_out() {
    let d = decode("#m=gpt2");
    assert_eq!(d.scenario.model.preset.map(|p| p.id), Some("gpt2"));
    let defaults = Scenario::default();
    assert_eq!(d.scenario.n_tokens, defaults.n_tokens);
    assert_eq!(d.scenario.n_accelerators, defaults.n_accelerators);
    assert_eq!(d.scenario.mfu, defaults.mfu);
    // End mark, version, one list of the defaulted fields, and one for the
    // energy settings (as any link from before they travelled): four, not a
    // dozen.
    assert_eq!(d.notices.len(), 4, "{:#?}", d.notices);
    assert!(d.notices.contains(&energy_defaults()), "{:#?}", d.notices);
    let keys = grouped_missing_keys(&d.notices);
    for key in ["t", "s", "g", "n", "u", "usd", "c"] {
        assert!(keys.contains(&key), "{key} not listed in {keys:?}");
    }
    let text = d
        .notices
        .iter()
        .map(ToString::to_string)
        .collect::<String>();
    assert!(text.contains("written by hand"), "{text}");
    assert!(text.contains(&format!("{} settings", keys.len())), "{text}");
    // each field named as the page names it, with its default: Llama 3.1 8B's
    // 15T tokens in 8,192-token sequences (the Llama 3 paper), on the page's
    // 1,024 H100s at 30 % MFU
    assert!(
        text.contains(
            "each takes its default: token count (15T); sequence length (8192); \
             accelerator (NVIDIA H100 SXM5 80GB); accelerator count (1024); MFU (30 %);"
        ),
        "{text}"
    );

    // One field missing keeps its own notice.
    let full = encode(&defaults);
    let without_n: Vec<&str> = full.split('&').filter(|p| !p.starts_with("n=")).collect();
    let d = decode(&without_n.join("&"));
    assert!(
        d.notices
            .iter()
            .any(|n| matches!(n, LinkError::Missing { key: "n", .. })),
        "{:#?}",
        d.notices
    );
}

#[test]
fn wrong_or_missing_versions_are_noticed() {
    let d = decode("m=gpt2");
    assert!(d.notices.contains(&LinkError::MissingVersion));
    assert!(d.notices.contains(&LinkError::Unmarked));
    assert_eq!(d.scenario.model.preset.map(|p| p.id), Some("gpt2"));
    let d = decode("v=9&m=gpt2");
    assert!(d
        .notices
        .iter()
        .any(|n| matches!(n, LinkError::UnknownVersion(_))));
}

#[test]
fn bad_values_fall_back_to_defaults_with_a_notice_each() {
    let d = decode("v=1&m=no-such-model&t=abc&s=0&g=h100-sxm5-80gb&p=fp4&n=0&u=1.5&usd=-3&c=ten_n&r=2&b=nan&spec=");
    let defaults = Scenario::default();
    // spec= (empty) wins over m= and is damaged: the default model stays
    assert_eq!(d.scenario.model, defaults.model);
    assert_eq!(d.scenario.n_tokens, defaults.n_tokens);
    assert_eq!(d.scenario.n_accelerators, defaults.n_accelerators);
    assert_eq!(d.scenario.mfu, defaults.mfu);
    let text: Vec<String> = d.notices.iter().map(|n| n.to_string()).collect();
    for said in [
        "The link's model, “”",
        "The link's token count, “abc”",
        "The link's sequence length, “0”",
        "The link's precision, “fp4”",
        "The link's accelerator count, “0”",
        "The link's MFU, “1.5”",
        "The link's price, “-3”",
        "The link's FLOPs convention, “ten_n”",
        "The link's recomputation setting, “2”",
        "The link's training-state size, “nan”",
    ] {
        assert!(
            text.iter().any(|t| t.contains(said)),
            "no notice {said:?}: {text:#?}"
        );
    }
}

/// A linked overhead is refused when its runtime bytes are outside 0–1 TB or
/// its fragmentation outside 0–1, and taken at the bounds themselves.
#[test]
fn a_linked_overhead_out_of_bounds_falls_back_with_a_notice() {
    for bad in ["-5,0.05", "2e12,0.05", "2e9,1.5", "2e9,-0.1"] {
        let d = decode(&format!("v=3&oh={bad}"));
        let text: Vec<String> = d.notices.iter().map(|n| n.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains(&format!("The link's memory overhead, “{bad}”"))),
            "{bad}: {text:#?}"
        );
        assert_eq!(d.scenario.memory, Scenario::default().memory, "{bad}");
    }
    let d = decode("v=3&oh=1e12,1");
    assert_eq!(d.scenario.memory.overhead.runtime_bytes, 1e12);
    assert_eq!(d.scenario.memory.overhead.fragmentation, 1.0);
}

/// A price of $0 is no price: the link's falls back with a notice.
#[test]
fn a_linked_price_of_zero_falls_back_with_a_notice() {
    let d = decode("v=1&m=gpt2&usd=0");
    let text: Vec<String> = d.notices.iter().map(|n| n.to_string()).collect();
    assert!(
        text.iter().any(|t| t.contains("The link's price, “0”")),
        "{text:#?}"
    );
}

#[test]
fn link_notices_name_settings_as_the_page_does_never_the_links_keys() {
    let d = decode("v=1&m=no-such-model&t=abc&s=0&g=h100-sxm5-80gb&p=fp4&n=0&u=1.5&usd=-3&c=ten_n&r=2&b=nan&sa=sideways");
    let cut = decode("v=1&m=gpt2");
    let text: String = d
        .notices
        .iter()
        .chain(&cut.notices)
        .map(|n| format!("{n}\n"))
        .collect();
    for internal in [
        "usd=", "t=", "u=", "c=", "k=", "v=1", "sa=", "six_n", "(`", "`",
    ] {
        assert!(!text.contains(internal), "{internal:?} in:\n{text}");
    }
    assert!(text.contains("the default, 6·N"), "{text}");
    assert!(
        text.contains("The link's by-accelerator sort, “sideways”"),
        "{text}"
    );
}

#[test]
fn unknown_keys_are_ignored() {
    // a later release may add keys anywhere before the end mark
    let fragment = encode(&Scenario::default()).replace("&k=", "&future=1&x=y&k=");
    let d = decode(&fragment);
    assert_eq!(d.notices, vec![LinkError::Damaged]);
    let body = fragment.rsplit_once("&k=").unwrap().0.to_string();
    let fragment = format!("{body}&k={}", fnv(&body));
    let d = decode(&fragment);
    assert_eq!(d.notices, vec![]);
    assert_eq!(d.scenario, Scenario::default());
}

#[test]
fn garbage_in_the_compact_model_is_a_notice_not_a_crash() {
    for garbage in ["%%%", "AAAA", "eyJ4IjoxfQ", "____", "e30"] {
        let d = decode(&format!("v=1&spec={garbage}"));
        assert!(
            d.notices
                .iter()
                .any(|n| n.to_string().starts_with("The link's model, “")),
            "{garbage}"
        );
    }
}

#[test]
fn an_unknown_accelerator_is_noticed() {
    let d = decode("v=1&g=quantum-9000");
    assert!(d
        .notices
        .iter()
        .any(|n| n.to_string().contains("quantum-9000")));
    assert_eq!(d.scenario.accelerator, Scenario::default().accelerator);
}

#[test]
fn an_oversized_fragment_is_refused_whole() {
    let huge = format!("v=1&m=gpt2&pad={}", "x".repeat(100_000));
    let d = decode(&huge);
    assert!(matches!(d.notices[..], [LinkError::TooLong { .. }]));
    assert!(huge.len() > MAX_FRAGMENT_BYTES);
    assert_eq!(d.scenario, Scenario::default());
}

#[test]
fn a_fragment_of_exactly_the_limit_is_read() {
    let head = "v=1&m=gpt2&pad=";
    let at_limit = format!("{head}{}", "x".repeat(MAX_FRAGMENT_BYTES - head.len()));
    assert_eq!(at_limit.len(), MAX_FRAGMENT_BYTES);
    let d = decode(&at_limit);
    assert!(
        !d.notices
            .iter()
            .any(|n| matches!(n, LinkError::TooLong { .. })),
        "{:?}",
        d.notices
    );
    assert_eq!(d.scenario.model.preset.map(|p| p.id), Some("gpt2"));
    let over = decode(&format!("{at_limit}x"));
    assert!(matches!(over.notices[..], [LinkError::TooLong { .. }]));
}

#[test]
fn percent_escapes_from_chat_apps_are_understood() {
    let d = decode("v%3D1&m=gpt2&u=0.3%2C0.5");
    // the first field is mangled beyond the key, the rest decode
    assert_eq!(
        d.scenario.mfu,
        MfuBand {
            low: 0.3,
            high: 0.5
        }
    );
    assert_eq!(d.scenario.model.preset.map(|p| p.id), Some("gpt2"));
}

proptest! {
    #[test]
    fn scenarios_round_trip_exactly(
        tokens in 1.0f64..1e18,
        seq in proptest::option::of(1u64..1_000_000),
        n in 1u64..100_000_000,
        low in 0.0001f64..1.0,
        high in 0.0001f64..1.0,
        usd in proptest::option::of(0.01f64..1e6),
        recompute in 0usize..3,
        convention in 0usize..6,
        tp in 1u64..64,
        zero in 0u64..4,
        micro_batch in 1u64..64,
        batch in proptest::option::of(1u64..(1u64 << 40)),
        goodput in 0.01f64..=1.0,
        fragmentation in 0.0f64..=1.0,
        auto: bool,
    ) {
        let scenario = Scenario {
            n_tokens: tokens,
            seq_len: seq,
            n_accelerators: n,
            mfu: MfuBand { low, high }.ordered(),
            price: usd.map_or(PriceChoice::Default, |usd_per_accelerator_hour| {
                PriceChoice::Custom(TypedPrice {
                    usd_per_accelerator_hour,
                    accelerator_id: "h100-sxm5-80gb",
                })
            }),
            tokens_source: TokenSource::Typed,
            convention: flopcast_core::flops::Convention::ALL[convention],
            layout: Layout {
                tp,
                zero: Zero::from_stage(zero).unwrap_or_default(),
                micro_batch,
                recompute: Recompute::ALL[recompute],
                ..Layout::default()
            },
            auto_layout: auto,
            global_batch: batch.map_or(GlobalBatch::Auto, GlobalBatch::Tokens),
            memory: MemorySettings {
                overhead: Overhead { runtime_bytes: 2e9, fragmentation },
                ..MemorySettings::default()
            },
            goodput,
            ..Scenario::default()
        };
        let decoded = decode(&encode(&scenario));
        prop_assert_eq!(decoded.notices, vec![]);
        prop_assert_eq!(decoded.scenario, scenario);
    }

    #[test]
    fn decoding_never_panics(fragment in "\\PC{0,300}") {
        let _ = decode(&fragment);
    }
}

#[test]
fn an_approximate_model_stays_approximate_through_a_link() {
    let text = r#"{"model_type": "acme_coder", "n_embd": 512, "n_head": 8, "n_layer": 2,
        "n_inner": 2048, "multi_query": true, "vocab_size": 1000}"#;
    let spec = parse_config(text).expect("read by the generic rules").spec;
    let suspects = spec
        .generic
        .clone()
        .expect("a generic reading")
        .suspect_keys;
    assert!(
        suspects.contains(&"multi_query".to_string()),
        "{suspects:?}"
    );
    let scenario = Scenario {
        model: ModelChoice::custom(spec),
        ..Scenario::default()
    };
    let decoded = decode(&encode(&scenario));
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario, scenario);
}

#[test]
fn a_link_whose_suspect_keys_are_out_of_bounds_is_a_notice() {
    let mut spec = parse_config(
        r#"{"model_type": "acme", "hidden_size": 64,
        "num_hidden_layers": 1, "num_attention_heads": 4, "intermediate_size": 128,
        "vocab_size": 100}"#,
    )
    .expect("generic")
    .spec;
    let mut link = |key: String| {
        spec.generic = Some(Box::new(flopcast_core::model::GenericReading {
            suspect_keys: vec![key],
        }));
        let json = serde_json::to_string(&spec).expect("serialisable");
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, json);
        decode(&format!("v=1&spec={b64}")).notices
    };
    let out_of_bounds = |notices: &[_]| {
        notices.iter().any(|n: &flopcast_core::link::LinkError| {
            n.to_string().starts_with("The link's model,") && n.to_string().contains("suspect_keys")
        })
    };
    // Keys of 1 to MAX_SUSPECT_KEY_CHARS (48) characters.
    let max = flopcast_core::model::MAX_SUSPECT_KEY_CHARS;
    for len in [0, max + 1, 500] {
        let d = link("k".repeat(len));
        assert!(out_of_bounds(&d), "{len}: {d:?}");
    }
    for len in [1, max] {
        let d = link("k".repeat(len));
        assert!(!out_of_bounds(&d), "{len}: {d:?}");
    }
}

/// A spec as the first release wrote it into a link: no `generic` field.
fn version_1_link(spec: &flopcast_core::model::ModelSpec) -> String {
    let mut spec = spec.clone();
    spec.generic = None;
    let json = serde_json::to_string(&spec).expect("serialisable");
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, json);
    format!("v=1&spec={b64}")
}

#[test]
fn a_version_1_link_of_a_family_then_read_by_generic_rules_is_approximate() {
    // GPT-BigCode had no family in the first release: its link holds a
    // generic (Llama-style) reading, which must not now look exact.
    let spec = parse_config(
        r#"{"model_type": "gpt_bigcode", "n_embd": 64, "n_layer": 2, "n_head": 4,
        "vocab_size": 100, "multi_query": true}"#,
    )
    .expect("StarCoder's family")
    .spec;
    assert!(spec.generic.is_none(), "a family reading is exact");
    let d = decode(&version_1_link(&spec));
    let model = &d.scenario.model;
    assert!(model.spec.generic.is_some(), "{:?}", d.notices);
    assert!(d
        .notices
        .iter()
        .any(|n| matches!(n, LinkError::OlderModel { approximate: true })
            && n.to_string().contains("approximate")));
}

#[test]
fn a_version_1_link_of_a_first_release_family_keeps_its_count_with_a_notice() {
    let spec = parse_config(
        r#"{"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2,
        "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100}"#,
    )
    .expect("llama")
    .spec;
    let d = decode(&version_1_link(&spec));
    assert_eq!(d.scenario.model.spec, spec);
    assert!(d
        .notices
        .contains(&LinkError::OlderModel { approximate: false }));
    // Today's links carry no such notice.
    let today = decode(&encode(&d.scenario));
    assert!(today.notices.is_empty(), "{:?}", today.notices);
}

/// A model typed as dimensions is "custom", not a family a first-release link
/// could have read differently: its version-1 link decodes without a notice
/// about the model.
#[test]
fn a_version_1_link_of_typed_dimensions_keeps_them_without_a_model_notice() {
    let dims = flopcast_core::model::Dims::default();
    let spec = flopcast_core::config::from_dims(&dims).expect("valid");
    assert_eq!(spec.model_type(), "custom");
    let d = decode(&version_1_link(&spec));
    assert_eq!(d.scenario.model.spec, spec);
    assert!(
        !d.notices
            .iter()
            .any(|n| matches!(n, LinkError::OlderModel { .. })),
        "{:?}",
        d.notices
    );
}

/// A family-check case's config text (`core/data/family_checks/<family>.json`).
fn family_case(family: &str, file: &str) -> String {
    super::family_checks::case_config(family, file).to_string()
}

#[test]
fn specs_with_sparse_attention_gates_experts_and_hyper_connections_round_trip() {
    // Each holds structure older links never carried: a DSA indexer (own and
    // shared), output gates, per-layer MLA and heads, attention experts, zero-
    // computation experts, score biases, hyper-connections and gated norms,
    // DeepSeek-V4's grouped output and compressed keys.
    for (family, file) in [
        ("glm_moe_dsa", "glm_moe_dsa__pattern.json"),
        ("hy_v4", "hy_v4__indexer_types_hc3.json"),
        ("dots3_note_text", "dots3_note_text__small.json"),
        ("laguna", "laguna__small.json"),
        ("jetmoe", "jetmoe__small.json"),
        ("longcat_flash", "longcat_flash__small.json"),
        ("axk2", "axk2__small.json"),
        ("mimo_v2_flash", "mimo_v2_flash__small.json"),
        ("ernie4_5_moe", "ernie4_5_moe__small.json"),
        ("beam", "beam__small.json"),
        ("deepseek_v4", "deepseek_v4__layer_types_hc3_bias.json"),
    ] {
        let spec = parse_config(&family_case(family, file))
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .spec;
        let scenario = Scenario {
            model: ModelChoice::custom(spec),
            ..Scenario::default()
        };
        let fragment = encode(&scenario);
        // Several distinct layer kinds each carry their whole description: longer
        // than a uniform model's link, still far below what browsers accept.
        assert!(
            fragment.len() < 8000,
            "{file}: {} characters",
            fragment.len()
        );
        let decoded = decode(&fragment);
        assert_eq!(decoded.notices, vec![], "{file}");
        assert_eq!(decoded.scenario, scenario, "{file}");
    }
}

#[test]
fn a_link_made_before_token_mixers_existed_still_decodes() {
    // A custom Llama-3.1-8B spec as links wrote it before `Layer::mixer` and
    // `Ffn::None` existed (no "mixer" key).
    let d = decode("v=1&spec=eyJjb250ZXh0X2xlbiI6MTMxMDcyLCJkX21vZGVsIjo0MDk2LCJlbWJlZCI6e30sImhlYWQiOnt9LCJtb2RlbF90eXBlIjoibGxhbWEiLCJub3JtIjoicm1zIiwic3RhY2tzIjpbeyJmaW5hbF9ub3JtIjp0cnVlLCJncm91cHMiOlt7ImNvdW50IjozMiwibGF5ZXIiOnsiYXR0biI6eyJoZWFkX2RpbSI6MTI4LCJuX2hlYWRzIjozMiwibl9rdl9oZWFkcyI6OH0sImZmbiI6eyJkZW5zZSI6eyJkX2ZmIjoxNDMzNiwiZ2F0ZWQiOnRydWV9fSwibm9ybXMiOjJ9fV0sImtpbmQiOiJkZWNvZGVyIn1dLCJ2b2NhYl9zaXplIjoxMjgyNTZ9&t=15000000000000&s=8192&g=h100-sxm5-80gb&p=bf16&n=1024&u=0.4&usd=default&c=six_n.active&r=0&b=16&k=f14af513");
    // Read by today's rules with the notice every version-1 model gets (and
    // those about the layout and energy settings it predates).
    assert_eq!(
        d.notices,
        vec![
            LinkError::OlderModel { approximate: false },
            LinkError::MadeBeforeLayouts,
            energy_defaults()
        ]
    );
    // The same structure as the preset; the link also predates the training
    // traits read from a config, so it has none.
    let mut preset = ModelChoice::preset("llama-3.1-8b").unwrap().0.spec;
    preset.training = None;
    assert_eq!(d.scenario.model.spec, preset);
    assert!(d.scenario.model.spec.stacks[0].groups[0]
        .layer
        .mixer
        .is_none());
}

#[test]
fn decoding_with_given_presets_reads_links_as_decode_does() {
    let presets = |id: &str| ModelChoice::preset(id).map(|(model, _)| model);
    let default_link = encode(&Scenario::default());
    for fragment in [
        "",
        "v=1&m=qwen3-8b&n=512",
        "v=1&m=no-such-model&n=0",
        default_link.as_str(),
    ] {
        assert_eq!(
            decode_with(fragment, Scenario::default(), presets),
            decode(fragment),
            "{fragment}"
        );
    }
    // The presets given are the ones used.
    let only_gpt2 = |id: &str| (id == "gpt2").then(|| presets(id)).flatten();
    let decoded = decode_with("v=1&m=qwen3-8b", Scenario::default(), only_gpt2);
    assert_eq!(decoded.scenario.model, Scenario::default().model);
    assert!(decoded
        .notices
        .iter()
        .any(|n| n.to_string().contains("qwen3-8b")));
}

/// A state of weights alone (no gradients, no optimizer: a frozen model's
/// bytes) is a state; only one of no bytes at all is refused.
#[test]
fn a_state_of_weights_alone_round_trips_and_one_of_no_bytes_is_refused() {
    let mut scenario = Scenario::default();
    scenario.memory.state = BytesPerParam {
        weights: 2.0,
        gradients: 0.0,
        optimizer: 0.0,
    };
    let link = encode(&scenario);
    assert!(link.contains("&b=2,0,0&"), "{link}");
    let decoded = decode(&link);
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario, scenario);
    // Gradients alone are bytes too; a count past 1,000 bytes is not.
    let mut grads_only = Scenario::default();
    grads_only.memory.state = BytesPerParam {
        weights: 0.0,
        gradients: 2.0,
        optimizer: 0.0,
    };
    let decoded = decode(&encode(&grads_only));
    assert_eq!(decoded.notices, vec![]);
    assert_eq!(decoded.scenario, grads_only);
    let too_many = decode(&link.replace("&b=2,0,0&", "&b=2,2,1e9&"));
    assert_eq!(
        too_many.scenario.memory.state,
        Scenario::default().memory.state
    );
    let refused = decode(&link.replace("&b=2,0,0&", "&b=0,0,0&"));
    // (the edit also breaks the link's checksum, which is said apart)
    assert!(
        refused
            .notices
            .iter()
            .any(|n| matches!(n, LinkError::Invalid { key, value, .. } if *key == "b" && value == "0,0,0")),
        "{:?}",
        refused.notices
    );
    assert_eq!(
        refused.scenario.memory.state,
        Scenario::default().memory.state
    );
}

/// Exactly two fields left out of a link are listed in one notice, as more are.
#[test]
fn two_missing_fields_share_one_notice() {
    let link = encode(&Scenario::default());
    let cut = link.replace("&n=1024", "").replace("&u=0.3", "");
    assert_eq!(cut.len(), link.len() - "&n=1024&u=0.3".len(), "{link}");
    let d = decode(&cut);
    assert!(
        !d.notices
            .iter()
            .any(|n| matches!(n, LinkError::Missing { .. })),
        "{:#?}",
        d.notices
    );
    let keys = grouped_missing_keys(&d.notices);
    assert_eq!(keys, ["n", "u"]);
}

/// The keys the one notice for fields left out lists.
fn grouped_missing_keys(notices: &[LinkError]) -> Vec<&'static str> {
    notices
        .iter()
        .find_map(|n| match n {
            LinkError::MissingSeveral(fields) => Some(fields.iter().map(|f| f.key).collect()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no grouped notice: {notices:#?}"))
}

/// A bad value is shown whole up to 40 characters, and cut with "…" beyond.
#[test]
fn a_bad_value_is_shown_whole_up_to_forty_characters() {
    let shown = |value: &str| {
        let d = decode(&format!("v=3&m=llama-3.1-8b&t={value}"));
        d.notices
            .iter()
            .find_map(|n| match n {
                LinkError::Invalid {
                    key: "t", value, ..
                } => Some(value.clone()),
                _ => None,
            })
            .expect("the token count is refused")
    };
    let forty = "x".repeat(40);
    assert_eq!(shown(&forty), forty);
    assert_eq!(shown(&"x".repeat(41)), format!("{forty}…"));
}
