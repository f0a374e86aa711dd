//! `flopcast-deliver`: what happens to the page between Trunk's build and the
//! browser.
//!
//! - `flopcast-deliver hook`, Trunk's post-build hook (Trunk.toml), rewrites
//!   the staged build: the wasm is split at the page's lazy sections
//!   ([`split`]), and `index.html` gets the default scenario prerendered into
//!   it and a loader for the split files ([`page`]).
//! - `flopcast-deliver weigh DIST [--budget KB] [--first-target KB]
//!   [--whole-target KB]` prints the gzip weight of the first load (HTML, css,
//!   js and the first wasm) and of each lazy file, against the targets, and
//!   fails when the first load is over `--budget` ([`weigh`]).

mod page;
mod split;
mod weigh;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Everything that can stop a delivery step, one variant per kind of cause.
#[derive(Debug, thiserror::Error)]
pub enum DeliverError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{name} failed: {detail}")]
    Tool { name: String, detail: String },
    #[error("splitting the wasm failed: {0}")]
    Split(String),
    #[error("index.html: {0}")]
    Html(String),
    #[error("{0}")]
    Usage(String),
    #[error("the first load weighs {weight} B gzip, over its budget of {budget} B")]
    OverBudget { weight: u64, budget: u64 },
}

impl DeliverError {
    fn io(path: &Path, source: std::io::Error) -> DeliverError {
        DeliverError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// FNV-1a (64-bit) of `bytes` as 16 hex digits: names a build's files.
pub fn fnv_hex(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The workspace root (this crate sits one level below it).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn env(name: &str) -> Result<String, DeliverError> {
    std::env::var(name).map_err(|_| {
        DeliverError::Usage(format!(
            "{name} is not set: run `hook` as Trunk's post-build hook"
        ))
    })
}

/// Trunk's post-build hook: split, prerender, write the loader.
fn hook() -> Result<(), DeliverError> {
    let staging = PathBuf::from(env("TRUNK_STAGING_DIR")?);
    let profile = env("TRUNK_PROFILE")?;
    let workspace = workspace();
    let input = split::cargo_wasm(&workspace, &profile, "flopcast-web");
    let work = workspace.join("target").join("deliver");
    let html_path = staging.join("index.html");
    let html = std::fs::read_to_string(&html_path).map_err(|e| DeliverError::io(&html_path, e))?;
    let trunk = page::TrunkOutput::find(&html)?;
    let split = split::split(&input, &work, &staging, "flopcast", profile == "release")?;
    for old in [&trunk.glue_js, &trunk.main_wasm] {
        let path = staging.join(old);
        std::fs::remove_file(&path).map_err(|e| DeliverError::io(&path, e))?;
    }
    let html = page::rewrite(&html, &trunk, &split, &flopcast_web::prerender::page())?;
    let (html, css) = page::inline_css(&html, |file| {
        let path = staging.join(file);
        std::fs::read_to_string(&path).map_err(|e| DeliverError::io(&path, e))
    })?;
    let css_path = staging.join(css);
    std::fs::remove_file(&css_path).map_err(|e| DeliverError::io(&css_path, e))?;
    let html = page::apply_csp(&html)?;
    std::fs::write(&html_path, html).map_err(|e| DeliverError::io(&html_path, e))?;
    println!(
        "flopcast-deliver: {} lazy file(s); default scenario prerendered",
        split.lazy_wasm.len()
    );
    Ok(())
}

fn run(args: &[String]) -> Result<(), DeliverError> {
    match args {
        [cmd] if cmd == "hook" => hook(),
        [cmd, wasm, out] if cmd == "split" => {
            let out = Path::new(out);
            let split = split::split(
                Path::new(wasm),
                &workspace().join("target").join("deliver"),
                out,
                "flopcast",
                true,
            )?;
            println!("{split:#?}");
            Ok(())
        }
        [cmd, dir, rest @ ..] if cmd == "weigh" => {
            let mut limits = weigh::Limits::default();
            for pair in rest.chunks(2) {
                let [flag, kb] = pair else {
                    return Err(DeliverError::Usage(usage()));
                };
                let bytes = kb.parse::<u64>().map(|kb| kb * 1024).map_err(|_| {
                    DeliverError::Usage(format!("{flag} takes kilobytes, not `{kb}`"))
                })?;
                match flag.as_str() {
                    "--budget" => limits.budget = Some(bytes),
                    "--first-target" => limits.first_target = Some(bytes),
                    "--whole-target" => limits.whole_target = Some(bytes),
                    _ => return Err(DeliverError::Usage(usage())),
                }
            }
            weigh::weigh(Path::new(dir), &limits)
        }
        _ => Err(DeliverError::Usage(usage())),
    }
}

fn usage() -> String {
    "usage: flopcast-deliver hook | flopcast-deliver split WASM OUT_DIR | flopcast-deliver weigh DIST [--budget KB] [--first-target KB] [--whole-target KB]".to_string()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("flopcast-deliver: {e}");
            ExitCode::FAILURE
        }
    }
}
