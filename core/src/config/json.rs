//! Stage 0 of ingestion: text to a JSON object, or a precise syntax error.
//!
//! Owns the size limit, the byte-order mark, duplicate keys (kept last, as Python's
//! `json` does, and reported), Python's `NaN`/`Infinity` literals (read as null, as
//! no weight depends on them, and reported) and the translation of `serde_json`
//! errors into [`ConfigError`]s with line and column. It knows nothing about what
//! the keys mean.

use std::borrow::Cow;

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::error::ConfigError;
use super::MAX_CONFIG_BYTES;

/// A parsed top-level object, the duplicate keys met on the way (as paths), and
/// the values that were Python's non-finite literals (path and literal).
pub(crate) struct Parsed {
    pub object: Map<String, Value>,
    pub duplicates: Vec<String>,
    pub non_finite: Vec<(String, &'static str)>,
}

/// Python's literals for non-finite floats, which its `json` module writes
/// (transformers' `to_json_string` among them: Mamba-2 configs carry
/// `"time_step_limit": [0.0, Infinity]`) and reads, but JSON forbids.
const PYTHON_LITERALS: [&str; 3] = ["-Infinity", "Infinity", "NaN"];

/// The start of a string no real config holds (written `"\u0001…"` in the
/// rewritten text), standing for a Python literal until the value tree is built.
const SENTINEL: char = '\u{1}';

/// Rewrites each Python literal that stands where a value may (after `:`, `,`
/// or `[`, outside strings) as a sentinel string; the text is borrowed when
/// there is none. Other text, strings included, is left as it is.
fn python_literals_to_sentinels(text: &str) -> Cow<'_, str> {
    if !PYTHON_LITERALS.iter().any(|w| text.contains(w)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    let mut last_token = ' ';
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                last_token = '"';
            }
        } else if let Some(word) = PYTHON_LITERALS
            .iter()
            .find(|w| matches!(last_token, ':' | ',' | '[') && rest.starts_with(**w))
        {
            out.push_str("\"\\u0001");
            out.push_str(word);
            out.push('"');
            rest = &rest[word.len()..];
            last_token = '"';
            continue;
        } else if c == '"' {
            in_string = true;
        } else if !c.is_whitespace() {
            last_token = c;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Parses `text` into a JSON object.
pub(crate) fn parse_object(text: &str) -> Result<Parsed, ConfigError> {
    if text.len() > MAX_CONFIG_BYTES {
        return Err(ConfigError::TooLarge {
            bytes: text.len(),
            limit: MAX_CONFIG_BYTES,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ConfigError::Empty);
    }
    let duplicates = RefCell::new(Vec::new());
    let non_finite = RefCell::new(Vec::new());
    let rewritten = python_literals_to_sentinels(text);
    let mut de = serde_json::Deserializer::from_str(&rewritten);
    let value = DedupSeed {
        path: String::new(),
        duplicates: &duplicates,
        non_finite: &non_finite,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| syntax_error(&e))?;
    match value {
        Value::Object(object) => Ok(Parsed {
            object,
            duplicates: duplicates.into_inner(),
            non_finite: non_finite.into_inner(),
        }),
        other => Err(ConfigError::NotAnObject {
            found: describe(&other),
        }),
    }
}

/// Describes a JSON value's kind for messages ("an array", "the string \"x\"").
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("the string \"{short}{more}\"")
        }
        Value::Array(a) => format!("an array of {} items", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

fn syntax_error(e: &serde_json::Error) -> ConfigError {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let detail = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    if detail.starts_with("recursion limit exceeded") {
        return ConfigError::TooDeep { line, column };
    }
    if detail.starts_with("number out of range") {
        return ConfigError::NumberOutOfRange { line, column };
    }
    let hint = if detail.starts_with("trailing comma") {
        "Remove the comma before the closing } or ]."
    } else if detail.starts_with("key must be a string") {
        "Keys need double quotes, and JSON allows no comments."
    } else if detail.starts_with("expected value") {
        "A value is missing there, or it uses single quotes or a comment, which JSON does not allow."
    } else if detail.starts_with("EOF") {
        "The text ends too early: check that the whole file was copied (a closing } may be missing)."
    } else if detail.starts_with("trailing characters") {
        "There is more text after the closing }: paste a single JSON object."
    } else if detail.starts_with("control character") {
        "A string contains a raw line break or tab; write it as \\n or \\t."
    } else {
        "Check the JSON around that position."
    };
    ConfigError::Syntax {
        line,
        column,
        detail,
        hint: hint.into(),
    }
}

/// The path of a child for messages, kept short whatever the input: each key is cut
/// to 40 characters and paths stop growing past 200.
fn child_path(parent: &str, key: &str) -> String {
    if parent.len() > 200 {
        return parent.to_string();
    }
    let short: String = key.chars().take(40).collect();
    match (parent.is_empty(), key.starts_with('[')) {
        (true, _) => short,
        (false, true) => format!("{parent}{short}"),
        (false, false) => format!("{parent}.{short}"),
    }
}

/// Builds a [`Value`], keeping the last of duplicate keys and recording their
/// paths, and turning the sentinels of Python literals into nulls (recorded).
struct DedupSeed<'a> {
    path: String,
    duplicates: &'a RefCell<Vec<String>>,
    non_finite: &'a RefCell<Vec<(String, &'static str)>>,
}

impl DedupSeed<'_> {
    fn string(self, v: &str) -> Value {
        let literal = v
            .strip_prefix(SENTINEL)
            .and_then(|w| PYTHON_LITERALS.iter().find(|l| **l == w));
        match literal {
            Some(literal) => {
                self.non_finite.borrow_mut().push((self.path, literal));
                Value::Null
            }
            None => Value::String(v.to_owned()),
        }
    }
}

impl<'de> DeserializeSeed<'de> for DedupSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DedupSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(self.string(v))
    }

    // `null`. serde_json's `deserialize_any` reports it as a unit, never as an
    // option, so `visit_none`/`visit_some` are not needed.
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = DedupSeed {
                path: child_path(&self.path, &format!("[{}]", items.len())),
                duplicates: self.duplicates,
                non_finite: self.non_finite,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let path = child_path(&self.path, &key);
            let value = access.next_value_seed(DedupSeed {
                path: path.clone(),
                duplicates: self.duplicates,
                non_finite: self.non_finite,
            })?;
            if map.insert(key, value).is_some() {
                self.duplicates.borrow_mut().push(path);
            }
        }
        Ok(Value::Object(map))
    }
}
