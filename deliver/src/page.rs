//! `index.html` as it ships: Trunk's loader for the unsplit wasm is replaced
//! by one for the split files, the page's first view, rendered natively for
//! the default scenario, goes into `<div id="app">`, the stylesheet is inlined
//! (the first paint then waits for no second request, which on a phone also
//! shares the line with the wasm), and the hash of every inline script and
//! style goes into the Content-Security-Policy.

use base64::Engine as _;
use sha2::Digest as _;

use crate::split::Split;
use crate::DeliverError;

/// The element the prerendered page goes into; the wasm replaces it with the
/// live page (`flopcast_web::start`).
const APP_SLOT: &str = r#"<div id="app"></div>"#;

/// What Trunk wrote for its own loader, found in its `index.html`.
#[derive(Debug)]
pub struct TrunkOutput {
    pub glue_js: String,
    pub main_wasm: String,
}

impl TrunkOutput {
    pub fn find(html: &str) -> Result<TrunkOutput, DeliverError> {
        let glue_js = attr_after(html, r#"<link rel="modulepreload" href="./"#)?;
        let main_wasm = attr_after(html, r#"<link rel="preload" href="./"#)?;
        if !glue_js.ends_with(".js") || !main_wasm.ends_with(".wasm") {
            return Err(DeliverError::Html(format!(
                "Trunk's preloads are {glue_js} and {main_wasm}, not a .js and a .wasm"
            )));
        }
        Ok(TrunkOutput { glue_js, main_wasm })
    }
}

/// The text between `prefix` and the next `"`.
fn attr_after(html: &str, prefix: &str) -> Result<String, DeliverError> {
    let start = html.find(prefix).ok_or_else(|| {
        DeliverError::Html(format!("no `{prefix}` (has Trunk's output changed?)"))
    })? + prefix.len();
    let len = html[start..]
        .find('"')
        .ok_or_else(|| DeliverError::Html(format!("`{prefix}` is not closed")))?;
    Ok(html[start..start + len].to_string())
}

/// Removes the one element that starts with `open` and contains `needle`,
/// through its `close`.
fn remove_element(
    html: &str,
    open: &str,
    close: &str,
    needle: &str,
) -> Result<String, DeliverError> {
    let mut from = 0;
    while let Some(offset) = html[from..].find(open) {
        let start = from + offset;
        let end = html[start..]
            .find(close)
            .map(|len| start + len + close.len())
            .ok_or_else(|| DeliverError::Html(format!("`{open}` is not closed")))?;
        if html[start..end].contains(needle) {
            return Ok(format!("{}{}", &html[..start], &html[end..]));
        }
        from = end;
    }
    Err(DeliverError::Html(format!(
        "no `{open}` element with `{needle}`"
    )))
}

/// Trunk's `index.html`, with the split loader and the prerendered `app`.
pub fn rewrite(
    html: &str,
    trunk: &TrunkOutput,
    split: &Split,
    app_html: &str,
) -> Result<String, DeliverError> {
    let html = remove_element(
        html,
        r#"<script type="module">"#,
        "</script>",
        &trunk.glue_js,
    )?;
    let html = remove_element(&html, "<link rel=\"modulepreload\"", ">", &trunk.glue_js)?;
    let html = remove_element(&html, "<link rel=\"preload\"", ">", &trunk.main_wasm)?;
    if !html.contains(APP_SLOT) {
        return Err(DeliverError::Html(format!(
            "no empty `{APP_SLOT}` to prerender into"
        )));
    }
    // The glue imports the lazy loader, so both are preloaded: no round trip
    // waits for another. The module script runs after the HTML is parsed.
    let mut head = String::new();
    head.push_str(&format!(
        r#"<link rel="modulepreload" href="./{}">"#,
        split.glue_js
    ));
    if let Some(link) = &split.link_js {
        head.push_str(&format!(r#"<link rel="modulepreload" href="./{link}">"#));
    }
    head.push_str(&format!(
        r#"<link rel="preload" href="./{}" as="fetch" type="application/wasm" crossorigin="anonymous">"#,
        split.main_wasm
    ));
    // Should the wasm not arrive, the note under the masthead says so
    // instead of "computing" forever (style/main.css, .load-failed).
    head.push_str(&format!(
        r#"<script type="module">import init from "./{}";init({{module_or_path:"./{}"}}).catch(()=>{{const n=document.getElementById("loading-link");if(n)n.textContent="The page's code could not be loaded: reload to try again.";document.documentElement.classList.add("load-failed")}});</script>"#,
        split.glue_js, split.main_wasm
    ));
    let Some(at) = html.rfind("</head>") else {
        return Err(DeliverError::Html("no </head>".into()));
    };
    let html = format!("{}{head}{}", &html[..at], &html[at..]);
    Ok(html.replacen(APP_SLOT, &format!(r#"<div id="app">{app_html}</div>"#), 1))
}

/// The markers in `index.html`'s Content-Security-Policy that become the
/// lists of inline scripts' and styles' hashes.
const SCRIPT_MARKER: &str = "'inline-script-hashes'";
const STYLE_MARKER: &str = "'inline-style-hashes'";

/// The SHA-256 of the body of every `<tag>` element without a `src`, as CSP
/// sources.
fn inline_hashes(html: &str, tag: &str) -> Result<Vec<String>, DeliverError> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let open_end = after
            .find('>')
            .ok_or_else(|| DeliverError::Html(format!("a {open}> tag is not closed")))?;
        let end = after
            .find(&close)
            .ok_or_else(|| DeliverError::Html(format!("a {open}> has no {close}")))?;
        if !after[..open_end].contains(" src=") {
            let digest = sha2::Sha256::digest(&after.as_bytes()[open_end + 1..end]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[end + close.len()..];
    }
    Ok(hashes)
}

/// Writes the SHA-256 of every inline `<script>` and `<style>` into the
/// policy in place of the markers, so the policy never needs
/// `'unsafe-inline'`. Fails when a marker is missing, so the page never
/// ships a policy that blocks its own loader or style.
pub fn apply_csp(html: &str) -> Result<String, DeliverError> {
    let mut html = html.to_string();
    for (marker, tag) in [(SCRIPT_MARKER, "script"), (STYLE_MARKER, "style")] {
        if !html.contains(marker) {
            return Err(DeliverError::Html(format!(
                "no {marker} marker in the Content-Security-Policy"
            )));
        }
        let hashes = inline_hashes(&html, tag)?;
        html = html.replacen(marker, &hashes.join(" "), 1);
    }
    Ok(html)
}

/// Replaces Trunk's `<link rel="stylesheet" href="./x.css" …>` by the
/// stylesheet itself, read through `read`; returns the page and the file that
/// is no longer referenced.
pub fn inline_css(
    html: &str,
    read: impl Fn(&str) -> Result<String, DeliverError>,
) -> Result<(String, String), DeliverError> {
    let file = attr_after(html, r#"<link rel="stylesheet" href="./"#)?;
    let css = read(&file)?;
    if css.contains("</style") {
        return Err(DeliverError::Html(format!("{file} contains </style")));
    }
    let html = remove_element(html, r#"<link rel="stylesheet""#, ">", &file)?;
    let Some(at) = html.find("<script") else {
        return Err(DeliverError::Html("no <script> in the head".into()));
    };
    // Before the first script, where the link was.
    let html = format!("{}<style>{css}</style>{}", &html[..at], &html[at..]);
    Ok((html, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<html><head><link rel="stylesheet" href="./main.css"/>
<script type="module">
import init, * as bindings from './app-1.js';
const wasm = await init({ module_or_path: './app-1_bg.wasm' });
</script>
<link rel="modulepreload" href="./app-1.js" crossorigin="anonymous" integrity="x"><link rel="preload" href="./app-1_bg.wasm" crossorigin="anonymous" integrity="y" as="fetch" type="application/wasm"></head>
<body><div id="app"></div></body></html>"#;

    #[test]
    fn trunks_loader_is_replaced_by_the_split_one_and_the_app_is_prerendered() {
        let trunk = TrunkOutput::find(TRUNK).unwrap();
        assert_eq!(trunk.glue_js, "app-1.js");
        assert_eq!(trunk.main_wasm, "app-1_bg.wasm");
        let split = Split {
            glue_js: "f-2.js".into(),
            main_wasm: "f-2_bg.wasm".into(),
            link_js: Some("f-2-lazy.js".into()),
            lazy_wasm: vec!["f-2-split_a.wasm".into()],
        };
        let html = rewrite(TRUNK, &trunk, &split, "<main>42</main>").unwrap();
        assert!(!html.contains("app-1"), "{html}");
        assert!(html.contains(r#"<link rel="modulepreload" href="./f-2-lazy.js">"#));
        assert!(html.contains(r#"import init from "./f-2.js""#));
        assert!(html.contains(r#"<div id="app"><main>42</main></div>"#));
        assert!(html.contains(r#"href="./main.css""#));
    }

    #[test]
    fn the_stylesheet_is_inlined_where_it_was() {
        let html = r#"<head><link rel="stylesheet" href="./m-1.css" integrity="x"/><script>a()</script></head>"#;
        let (out, file) = inline_css(html, |f| Ok(format!("/* {f} */ p{{}}"))).unwrap();
        assert_eq!(file, "m-1.css");
        assert_eq!(
            out,
            "<head><style>/* m-1.css */ p{}</style><script>a()</script></head>"
        );
    }

    #[test]
    fn every_inline_script_is_hashed_into_the_policy() {
        let html = r#"<meta content="script-src 'self' 'inline-script-hashes'; style-src 'self' 'inline-style-hashes'"><script>a()</script><script type="module" src="./x.js"></script><script type="module">b()</script>"#;
        let out = apply_csp(html).unwrap();
        // printf 'a()' | openssl dgst -sha256 -binary | base64
        assert!(
            out.contains("'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"),
            "{out}"
        );
        assert_eq!(out.matches("'sha256-").count(), 2, "{out}");
        assert!(!out.contains("inline-script-hashes"));
        assert!(
            out.contains("style-src 'self' \""),
            "no style, no hash: {out}"
        );
        assert!(apply_csp("<script>a()</script>").is_err());
    }

    #[test]
    fn a_page_without_the_app_slot_is_refused() {
        let trunk = TrunkOutput::find(TRUNK).unwrap();
        let split = Split {
            glue_js: "f.js".into(),
            main_wasm: "f_bg.wasm".into(),
            link_js: None,
            lazy_wasm: Vec::new(),
        };
        let html = TRUNK.replace(APP_SLOT, "");
        assert!(matches!(
            rewrite(&html, &trunk, &split, ""),
            Err(DeliverError::Html(_))
        ));
    }
}
