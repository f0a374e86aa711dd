//! The page's weight as a phone downloads it: gzip bytes of the first load
//! (the HTML, the css, the js and the first wasm module, everything the
//! default view and a shared link need) and of each file loaded later.

use std::io::Write;
use std::path::Path;

use crate::DeliverError;

/// One file of the build and its weight.
struct Weighed {
    name: String,
    raw: u64,
    gzip: u64,
    first_load: bool,
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |v| v.len() as u64)
}

/// Whether `name` is part of the first load: `index.html`, its css and js,
/// and the wasm module it preloads. Other wasm files are lazy.
fn is_first_load(name: &str, index_html: &str) -> bool {
    name == "index.html"
        || name.ends_with(".css")
        || name.ends_with(".js")
        || (name.ends_with(".wasm") && index_html.contains(&format!("href=\"./{name}\"")))
}

/// What the weights are held against, in gzip bytes.
#[derive(Debug, Default)]
pub struct Limits {
    /// The first load's gate: over it, `weigh` fails.
    pub budget: Option<u64>,
    /// What the first load should weigh (printed).
    pub first_target: Option<u64>,
    /// What the whole page should weigh (printed).
    pub whole_target: Option<u64>,
}

fn against(weight: u64, limit: Option<u64>, what: &str) -> String {
    limit.map_or_else(String::new, |l| {
        let verdict = if weight <= l { "within" } else { "over" };
        format!("; {what} {} KB: {verdict}", l / 1024)
    })
}

/// Prints every file's raw and gzip size, the first load's total and the
/// whole page's, against `limits`; fails when the first load is over the
/// budget.
pub fn weigh(dir: &Path, limits: &Limits) -> Result<(), DeliverError> {
    let index = dir.join("index.html");
    let index_html = std::fs::read_to_string(&index).map_err(|e| DeliverError::io(&index, e))?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| DeliverError::io(dir, e))? {
        let path = entry.map_err(|e| DeliverError::io(dir, e))?.path();
        if !path.is_file() {
            continue;
        }
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if !(name.ends_with(".html")
            || name.ends_with(".css")
            || name.ends_with(".js")
            || name.ends_with(".wasm"))
        {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| DeliverError::io(&path, e))?;
        files.push(Weighed {
            first_load: is_first_load(&name, &index_html),
            name,
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes),
        });
    }
    files.sort_by(|a, b| b.first_load.cmp(&a.first_load).then(b.gzip.cmp(&a.gzip)));
    let first: u64 = files.iter().filter(|f| f.first_load).map(|f| f.gzip).sum();
    let whole: u64 = files.iter().map(|f| f.gzip).sum();
    println!("{:<52} {:>10} {:>10}", "file", "raw B", "gzip B");
    let mut heading = None;
    for f in &files {
        if heading != Some(f.first_load) {
            heading = Some(f.first_load);
            println!(
                "{}",
                if f.first_load {
                    "first load (before the first result and the first edit):"
                } else {
                    "loaded later (on demand or when the browser is idle):"
                }
            );
        }
        println!("  {:<50} {:>10} {:>10}", f.name, f.raw, f.gzip);
    }
    println!(
        "first load: {first} B gzip = {:.1} KB{}{}",
        first as f64 / 1024.0,
        against(first, limits.first_target, "target"),
        against(first, limits.budget, "gate"),
    );
    println!(
        "whole page: {whole} B gzip = {:.1} KB, in {} files{}",
        whole as f64 / 1024.0,
        files.len(),
        against(whole, limits.whole_target, "target"),
    );
    match limits.budget {
        Some(budget) if first > budget => Err(DeliverError::OverBudget {
            weight: first,
            budget,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_preloaded_wasm_is_part_of_the_first_load() {
        let html = r#"<link rel="preload" href="./f-1_bg.wasm" as="fetch">"#;
        assert!(is_first_load("f-1_bg.wasm", html));
        assert!(!is_first_load("f-1-split_runs.wasm", html));
        assert!(is_first_load("f-1.js", html));
        assert!(is_first_load("main.css", html));
    }

    #[test]
    fn gzip_of_repeated_text_is_small() {
        assert!(gzip_len(&[b'a'; 10_000]) < 100);
    }
}
