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
    // One input change: dispatch, then wait for every effect (a macrotask later).
    let script = r#"
        const done = arguments[arguments.length - 1];
        const input = document.querySelector("[data-testid='gpu-count-input']");
        const times = [];
        let n = 0;
        function step() {
            input.value = String(1000 + n);
            const t0 = performance.now();
            input.dispatchEvent(new Event('input', { bubbles: true }));
            setTimeout(() => {
                times.push(performance.now() - t0);
                if (++n < 40) { step(); } else { done(times); }
            }, 0);
        }
        step();
    "#;
    let times = h.client.execute_async(script, vec![]).await?;
    let change: Vec<f64> = times
        .as_array()
        .ok_or("no timings")?
        .iter()
        .filter_map(|t| t.as_f64())
        .collect();
    println!(
        "default scenario on screen after navigation: median {:.0} ms, worst {:.0} ms over {RUNS} loads (budget 300 ms)",
        median(first.clone()),
        first.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "input change → recompute and render: median {:.1} ms, worst {:.1} ms over {} changes (budget 16 ms)",
        median(change.clone()),
        change.iter().cloned().fold(0.0, f64::max),
        change.len()
    );
    h.finish().await
}
