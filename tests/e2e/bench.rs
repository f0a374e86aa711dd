//! The page benchmark (`make bench`): how soon the page shows its first result
//! and takes its first edit, on a throttled phone and on this machine, and how
//! long an edit takes to recompute and render. It prints the figures against
//! their budgets; it is a measurement, not a pass/fail test.
//!
//! The phone is Lighthouse's mobile profile, set through Chromium's DevTools
//! protocol: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, the CPU 4×
//! slower. The server gzips as a static host does. Each load is cold: the
//! browser's cache is cleared and off.

#[path = "harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::Harness;
use serde_json::json;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Cold loads per figure on the phone (the median is reported).
const PHONE_LOADS: usize = 5;
/// Loads on this machine.
const DESKTOP_LOADS: usize = 15;
/// A shared link: another model, count and MFU than the default.
const SHARED_LINK: &str = "#v=1&m=qwen3-8b&n=512&u=0.35";

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// When a load showed its first result and when it took its first edit, in
/// ms after navigation.
struct Load {
    first_result: f64,
    live: f64,
}

/// Sets the network and CPU: a throttled phone, or this machine as it is.
async fn emulate(h: &Harness, phone: bool) -> Result<(), Error> {
    h.cdp("Network.enable", json!({})).await?;
    h.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await?;
    let network = if phone {
        json!({
            "offline": false,
            "latency": 150,
            "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8,
        })
    } else {
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })
    };
    h.cdp("Network.emulateNetworkConditions", network).await?;
    h.cdp(
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": if phone { 4 } else { 1 } }),
    )
    .await?;
    Ok(())
}

/// One cold load of the page with `fragment`. The first result is the first
/// paint when the page has no fragment (the default scenario is in the HTML)
/// and the largest paint after the wasm has mounted a link's own scenario
/// otherwise; the first edit works once the live page has replaced the
/// prerendered one (the `flopcast-first-result` mark).
async fn cold_load(h: &Harness, fragment: &str) -> Result<Load, Error> {
    h.client.goto("about:blank").await?;
    h.cdp("Network.clearBrowserCache", json!({})).await?;
    h.client.goto(&format!("{}{fragment}", h.page)).await?;
    h.wait_until_live().await?;
    let times = h
        .client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            const start = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
            new PerformanceObserver((list) => {
                const paints = list.getEntries().map((e) => e.startTime);
                done([start('first-contentful-paint'), paints, start('flopcast-first-result')]);
            }).observe({ type: 'largest-contentful-paint', buffered: true });
            "#,
            vec![],
        )
        .await?;
    let at = |i: usize| times.get(i).and_then(|t| t.as_f64());
    let live = at(2).ok_or("no flopcast-first-result mark")?;
    let first_result = if fragment.is_empty() {
        at(0).ok_or("no first contentful paint")?
    } else {
        // The link's figures are painted after the mount: the first largest
        // paint after the mark (later ones are the lazy sections), or the mark
        // itself when no later paint is reported.
        times
            .get(1)
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_f64())
            .filter(|&t| t >= live)
            .fold(None, |first: Option<f64>, t| {
                Some(first.map_or(t, |f| f.min(t)))
            })
            .unwrap_or(live)
    };
    Ok(Load { first_result, live })
}

async fn loads(h: &Harness, fragment: &str, n: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
    let mut first = Vec::new();
    let mut live = Vec::new();
    for _ in 0..n {
        let load = cold_load(h, fragment).await?;
        first.push(load.first_result);
        live.push(load.live);
    }
    Ok((first, live))
}

fn spread(xs: &[f64]) -> String {
    let lo = xs.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().cloned().fold(0.0, f64::max);
    format!("{lo:.0}–{hi:.0}")
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let h = Harness::start().await?;

    emulate(&h, true).await?;
    println!("phone (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower), median of {PHONE_LOADS} cold loads:");
    for (what, fragment) in [("default page", ""), ("shared link ", SHARED_LINK)] {
        let (first, live) = loads(&h, fragment, PHONE_LOADS).await?;
        println!(
            "  {what}: first result on screen {:>5.0} ms (range {}; budget 550 ms), an edit works {:>5.0} ms (range {}; budget 1,100 ms)",
            median(first.clone()),
            spread(&first),
            median(live.clone()),
            spread(&live),
        );
    }

    emulate(&h, false).await?;
    let (first, live) = loads(&h, "", DESKTOP_LOADS).await?;
    println!(
        "this machine, median of {DESKTOP_LOADS} cold loads: first result on screen {:.0} ms (worst {:.0}; budget 300 ms), an edit works {:.0} ms (worst {:.0})",
        median(first.clone()),
        first.iter().cloned().fold(0.0, f64::max),
        median(live.clone()),
        live.iter().cloned().fold(0.0, f64::max),
    );

    // Input changes of several kinds. Each dispatches one `input` or `change`
    // event, waits for every reactive effect (a MessageChannel message runs after
    // the microtasks Leptos schedules, without setTimeout's 4 ms clamp), then
    // forces style and layout, so the figure is recompute + DOM + layout.
    let script = r#"
        const done = arguments[arguments.length - 1];
        const q = (id) => document.querySelector(`[data-testid='${id}']`);
        const settle = () => new Promise((resolve) => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => resolve();
            ch.port2.postMessage(0);
        });
        const kinds = [
            ['gpu count', 'gpu-count-input', 'input', (i) => String(1000 + i)],
            ['MFU', 'mfu-input', 'input', (i) => String(30 + (i % 20))],
            ['tokens', 'tokens-input', 'input', (i) => `${1 + (i % 9)}T`],
            ['accelerator', 'gpu-select', 'change', (i, el) => el.options[i % el.options.length].value],
            ['preset', 'preset-select', 'change', (i, el) => el.options[1 + (i % (el.options.length - 1))].value],
            // The same edit with the accelerator table on screen, so it is laid out.
            ['MFU, table in view', 'mfu-input', 'input', (i) => String(30 + (i % 20)), 'table-by-gpu'],
            // A layout field of the memory section (its breakdown and search in view).
            ['TP, memory in view', 'tp-input', 'input', (i) => String([1, 2, 4, 8][i % 4]), 'memory-section'],
        ];
        (async () => {
            // Every edit is timed with the memory section (a lazy section,
            // with its layout search) on the page.
            while (!q('tp-input')) { await new Promise((r) => setTimeout(r, 50)); }
            const out = {};
            for (const [name, id, type, value, inView] of kinds) {
                window.scrollTo(0, 0);
                if (inView) { q(inView).scrollIntoView(); }
                const el = q(id);
                const times = [];
                for (let i = 0; i < 30; i++) {
                    el.value = value(i, el);
                    const t0 = performance.now();
                    el.dispatchEvent(new Event(type, { bubbles: true }));
                    await settle();
                    const t1 = performance.now();
                    void document.body.offsetHeight;
                    times.push([performance.now() - t0, t1 - t0]);
                }
                out[name] = times;
            }
            done(out);
        })();
    "#;
    let timings = h.client.execute_async(script, vec![]).await?;
    println!("input change → recompute, render and layout (budget 16 ms at the median), 30 changes each:");
    let mut all = Vec::new();
    for (kind, times) in timings.as_object().ok_or("no timings")? {
        // Each entry is [total, before layout].
        let pairs: Vec<(f64, f64)> = times
            .as_array()
            .ok_or("no timings")?
            .iter()
            .filter_map(|t| Some((t.get(0)?.as_f64()?, t.get(1)?.as_f64()?)))
            .collect();
        let Some((&(first_change, _), rest)) = pairs.split_first() else {
            continue;
        };
        let total: Vec<f64> = rest.iter().map(|p| p.0).collect();
        let script: Vec<f64> = rest.iter().map(|p| p.1).collect();
        all.extend(total.iter().copied());
        println!(
            "  {kind:<18} first {first_change:>5.1} ms; then median {:>5.1} ms (of which wasm and DOM {:>5.1} ms), worst {:>5.1} ms",
            median(total.clone()),
            median(script),
            total.iter().cloned().fold(0.0, f64::max),
        );
    }
    if !all.is_empty() {
        println!("  every edit: median {:.1} ms", median(all));
    }
    h.finish().await
}
