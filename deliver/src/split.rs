//! The wasm, split: cargo's module cut at the page's `#[lazy]` points into a
//! first module (what the default view and a shared link need) and one module
//! per lazy section, plus chunks that several sections share; then
//! wasm-bindgen's glue for the first module and wasm-opt for every module.
//!
//! It runs the same tools Trunk runs (wasm-bindgen at the version in
//! Cargo.lock, wasm-opt from `.tools/`), on cargo's output rather than
//! Trunk's, because a split must happen before wasm-bindgen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{fnv_hex, DeliverError};

/// The module name `#[lazy]` functions import their loaders from until the
/// split rewrites it (see `wasm_split_helpers`).
const PLACEHOLDER_MODULE: &[u8] = b"__wasm_split_placeholder__";

/// What the split wrote: file names relative to the output directory.
#[derive(Debug)]
pub struct Split {
    /// wasm-bindgen's glue, imported by the page's loader.
    pub glue_js: String,
    /// The first module.
    pub main_wasm: String,
    /// The loader of lazy modules (imported by the glue), when there are any.
    pub link_js: Option<String>,
    /// Lazy modules and shared chunks.
    pub lazy_wasm: Vec<String>,
}

/// Whether cargo's module has split points at all.
pub fn has_split_points(wasm: &[u8]) -> bool {
    wasm.windows(PLACEHOLDER_MODULE.len())
        .any(|w| w == PLACEHOLDER_MODULE)
}

/// Splits `input` (cargo's wasm for the page), runs wasm-bindgen on the first
/// module and, when `optimize`, wasm-opt on every module, and writes the
/// results into `out_dir`, each name carrying `stem` and a hash of the build.
pub fn split(
    input: &Path,
    work_dir: &Path,
    out_dir: &Path,
    stem: &str,
    optimize: bool,
) -> Result<Split, DeliverError> {
    let wasm = std::fs::read(input).map_err(|e| DeliverError::io(input, e))?;
    let build = fnv_hex(&wasm);
    let _ = std::fs::remove_dir_all(work_dir);
    std::fs::create_dir_all(work_dir).map_err(|e| DeliverError::io(work_dir, e))?;
    let glue = format!("{stem}-{build}");
    let link_name = format!("./{stem}-{build}-lazy.js");

    let (main_input, renames) = if has_split_points(&wasm) {
        let main_out = work_dir.join("main.wasm");
        let main_module = format!("./{glue}.js");
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = work_dir;
        opts.main_out_path = &main_out;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        let result = wasm_split_cli_support::transform(opts)
            .map_err(|e| DeliverError::Split(format!("{e:#}")))?;
        // The lazy files get the build's hash too, so a browser never pairs a
        // cached chunk with another build's first module.
        let mut renames = BTreeMap::new();
        for path in &result.split_modules {
            let name = file_name(path)?;
            let hashed = format!("{stem}-{build}-{name}");
            renames.insert(name, hashed);
        }
        (main_out, Some(renames))
    } else {
        // Nothing to split: the linker's relocations are dropped, as wasm-opt
        // cannot optimise a module that carries them.
        let plain = work_dir.join("main.wasm");
        std::fs::write(&plain, strip_link_sections(&wasm)?)
            .map_err(|e| DeliverError::io(&plain, e))?;
        (plain, None)
    };
    drop(wasm);

    std::fs::create_dir_all(out_dir).map_err(|e| DeliverError::io(out_dir, e))?;
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .arg("--target=web")
        .arg("--no-typescript")
        .arg(format!("--out-name={glue}"))
        .arg(format!("--out-dir={}", out_dir.display()));
    if renames.is_some() {
        // The lazy modules call into the first one by the linker's export
        // names, which wasm-bindgen would otherwise remove or rename.
        bindgen.arg("--keep-lld-exports").arg("--no-demangle");
    }
    bindgen.arg(&main_input);
    run(&mut bindgen)?;
    let main_wasm = format!("{glue}_bg.wasm");
    let mut wasm_files = vec![out_dir.join(&main_wasm)];

    let (link_js, lazy_wasm) = match renames {
        None => (None, Vec::new()),
        Some(renames) => {
            let link_file = link_name.trim_start_matches("./").to_string();
            let link_path = work_dir.join(&link_file);
            let mut js =
                std::fs::read_to_string(&link_path).map_err(|e| DeliverError::io(&link_path, e))?;
            let mut lazy = Vec::new();
            for (name, hashed) in &renames {
                let quoted = format!("\"./{name}\"");
                if js.matches(&quoted).count() != 1 {
                    return Err(DeliverError::Split(format!(
                        "the lazy loader names {name} {} times, not once",
                        js.matches(&quoted).count()
                    )));
                }
                js = js.replace(&quoted, &format!("\"./{hashed}\""));
                let from = work_dir.join(name);
                let to = out_dir.join(hashed);
                std::fs::copy(&from, &to).map_err(|e| DeliverError::io(&from, e))?;
                wasm_files.push(to);
                lazy.push(hashed.clone());
            }
            let out = out_dir.join(&link_file);
            std::fs::write(&out, js).map_err(|e| DeliverError::io(&out, e))?;
            (Some(link_file), lazy)
        }
    };

    if optimize {
        for file in &wasm_files {
            run(Command::new("wasm-opt")
                .arg("-Oz")
                .arg("--enable-bulk-memory")
                .arg("--enable-nontrapping-float-to-int")
                .arg(file)
                .arg("-o")
                .arg(file))?;
        }
    }
    Ok(Split {
        glue_js: format!("{glue}.js"),
        main_wasm,
        link_js,
        lazy_wasm,
    })
}

/// Reads an unsigned LEB128 number at `*at`, moving past it.
fn leb128(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0_u32;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// `wasm` without its `linking` and `reloc.*` custom sections.
fn strip_link_sections(wasm: &[u8]) -> Result<Vec<u8>, DeliverError> {
    let bad = || DeliverError::Split("cargo's wasm is not a wasm module".into());
    let mut out = wasm.get(..8).ok_or_else(bad)?.to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let size = leb128(wasm, &mut at).ok_or_else(bad)? as usize;
        let end = at
            .checked_add(size)
            .filter(|&e| e <= wasm.len())
            .ok_or_else(bad)?;
        let keep = id != 0 || {
            let mut name_at = at;
            let len = leb128(wasm, &mut name_at).ok_or_else(bad)? as usize;
            let name = wasm.get(name_at..name_at + len).ok_or_else(bad)?;
            name != b"linking" && !name.starts_with(b"reloc.")
        };
        if keep {
            out.extend_from_slice(&wasm[start..end]);
        }
        at = end;
    }
    Ok(out)
}

fn file_name(path: &Path) -> Result<String, DeliverError> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| DeliverError::Split(format!("{} has no file name", path.display())))
}

fn run(command: &mut Command) -> Result<(), DeliverError> {
    let name = command.get_program().to_string_lossy().into_owned();
    let status = command.status().map_err(|e| DeliverError::Tool {
        name: name.clone(),
        detail: format!("cannot start it: {e} (make bootstrap installs it)"),
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(DeliverError::Tool {
            name,
            detail: format!("exited with {status}"),
        })
    }
}

/// Cargo's wasm for the page: `<target>/wasm32-unknown-unknown/<profile>/<bin>.wasm`.
pub fn cargo_wasm(workspace: &Path, profile: &str, bin: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    target
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join(format!("{bin}.wasm"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(name: &str, payload: &[u8]) -> Vec<u8> {
        let mut body = vec![name.len() as u8];
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(payload);
        let mut section = vec![0, body.len() as u8];
        section.extend(body);
        section
    }

    #[test]
    fn the_linkers_sections_are_dropped_and_the_rest_kept() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let type_section = [1_u8, 1, 0];
        wasm.extend_from_slice(&type_section);
        wasm.extend(custom("linking", &[2, 0]));
        wasm.extend(custom("reloc.CODE", &[0]));
        wasm.extend(custom("name", &[9]));
        let out = strip_link_sections(&wasm).unwrap();
        let mut want = b"\0asm\x01\0\0\0".to_vec();
        want.extend_from_slice(&type_section);
        want.extend(custom("name", &[9]));
        assert_eq!(out, want);
        assert!(strip_link_sections(&wasm[..12]).is_err());
        assert!(has_split_points(b"..__wasm_split_placeholder__.."));
        assert!(!has_split_points(&want));
    }
}
