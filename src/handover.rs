//! The hand-over from the prerendered page to the live one.
//!
//! `index.html` holds the default scenario's page, rendered at build time, so
//! a visitor reads and types before the wasm has arrived. The wasm mounts the
//! same view into a detached element and swaps it in with one DOM operation,
//! so nothing visibly moves; what the visitor did meanwhile is carried over:
//! text typed and choices made are replayed into the live inputs as the input
//! and change events a person makes, disclosures stay open, and focus and the
//! caret stay where they were.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The controls and disclosures carried over, in document order. The
/// prerendered page and the first mount have the same structure, so the
/// n-th of one is the n-th of the other (checked by tag and id).
const CARRIED: &str = "input, select, textarea, details";

/// Something the visitor changed on the prerendered page.
enum Edit {
    /// New text in a text input or textarea: replayed as `input`.
    Text(String),
    /// A new choice in a select: replayed as `change`.
    Choice(String),
    /// A checkbox flipped: replayed as `change`.
    Checked(bool),
    /// A disclosure opened.
    Opened,
}

/// What the visitor changed in `el`, if anything.
fn edit_of(el: &Element) -> Option<Edit> {
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "checkbox" {
            return (input.checked() != input.default_checked())
                .then(|| Edit::Checked(input.checked()));
        }
        if input.type_() == "file" {
            return None;
        }
        return (input.value() != input.default_value()).then(|| Edit::Text(input.value()));
    }
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        let default = area.default_value().unwrap_or_default();
        return (area.value() != default).then(|| Edit::Text(area.value()));
    }
    if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        // The markup's choice: the option marked `selected`, else the first.
        let options: Vec<web_sys::HtmlOptionElement> = {
            let list = select.options();
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|o| o.dyn_into().ok())
                .collect()
        };
        let default = options
            .iter()
            .find(|o| o.default_selected())
            .or(options.first())
            .map(|o| o.value());
        let value = select.value();
        return (default.as_deref() != Some(value.as_str())).then_some(Edit::Choice(value));
    }
    (el.tag_name() == "DETAILS" && el.has_attribute("open")).then_some(Edit::Opened)
}

/// Puts `edit` into `el` and fires the event a person's edit fires.
fn replay(el: &Element, edit: Edit) {
    let event = match edit {
        Edit::Text(text) => {
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                input.set_value(&text);
            } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
                area.set_value(&text);
            }
            "input"
        }
        Edit::Choice(value) => {
            if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
                select.set_value(&value);
            }
            "change"
        }
        Edit::Checked(checked) => {
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                input.set_checked(checked);
            }
            "change"
        }
        Edit::Opened => {
            // Opening fires `toggle`, which loads a lazy section's code.
            let _ = el.set_attribute("open", "");
            return;
        }
    };
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(event, &init) {
        let _ = el.dispatch_event(&event);
    }
}

fn carried(root: &Element) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(CARRIED) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Where the caret was in a focused text field.
fn selection(el: &Element) -> Option<(u32, u32)> {
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        return Some((input.selection_start().ok()??, input.selection_end().ok()??));
    }
    let area = el.dyn_ref::<HtmlTextAreaElement>()?;
    Some((area.selection_start().ok()??, area.selection_end().ok()??))
}

fn focus(el: &Element, caret: Option<(u32, u32)>) {
    if let Some(html) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = html.focus();
    }
    let Some((start, end)) = caret else { return };
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        let _ = input.set_selection_range(start, end);
    } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        let _ = area.set_selection_range(start, end);
    }
}

/// Replaces the prerendered `old` by the live `new`, carrying over the
/// visitor's edits, open disclosures and focus when `carry` (the prerendered
/// page was on screen: the address had no scenario of its own).
pub fn replace(old: &Element, new: &Element, carry: bool) {
    let before = carried(old);
    let after = carried(new);
    let same_shape = carry
        && before.len() == after.len()
        && before
            .iter()
            .zip(&after)
            .all(|(a, b)| a.tag_name() == b.tag_name() && a.id() == b.id());
    let active = gloo::utils::document().active_element();
    let focused = active
        .as_ref()
        .and_then(|a| before.iter().position(|el| el == a));
    let caret = active.as_ref().and_then(selection);
    let edits: Vec<(usize, Edit)> = if same_shape {
        before
            .iter()
            .enumerate()
            .filter_map(|(i, el)| edit_of(el).map(|e| (i, e)))
            .collect()
    } else {
        Vec::new()
    };
    let _ = old.replace_with_with_node_1(new);
    for (i, edit) in edits {
        replay(&after[i], edit);
    }
    if let (true, Some(i)) = (same_shape, focused) {
        focus(&after[i], caret);
    }
}
