//! The page benchmark: how fast the default scenario appears after navigation,
//! and how long an input change takes to recompute and render. It prints the
//! figures against their budgets (300 ms, one 16 ms frame); it is a
//! measurement, not a pass/fail test. Run with `make bench`.

#[path = "harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::Harness;

const RUNS: usize = 15;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let h = Harness::start().await?;
    let mut first = Vec::new();
    for _ in 0..RUNS {
        h.open("").await?;
        let ms = h
            .client
            .execute(
                "const m = performance.getEntriesByName('flopcast-first-result')[0]; return m ? m.startTime : null;",
                vec![],
            )
            .await?;
        first.push(ms.as_f64().ok_or("no first-result mark")?);
    }
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
        ];
        (async () => {
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
    println!(
        "default scenario on screen after navigation: median {:.0} ms, worst {:.0} ms over {RUNS} loads (budget 300 ms)",
        median(first.clone()),
        first.iter().cloned().fold(0.0, f64::max)
    );
    println!("input change → recompute, render and layout (budget 16 ms), 30 changes each:");
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
        println!(
            "  {kind:<18} first {first_change:>5.1} ms; then median {:>5.1} ms (of which wasm and DOM {:>5.1} ms), worst {:>5.1} ms",
            median(total.clone()),
            median(script),
            total.iter().cloned().fold(0.0, f64::max),
        );
    }
    h.finish().await
}
