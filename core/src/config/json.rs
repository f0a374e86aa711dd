//! Stage 0 of ingestion: text to a JSON object, or a precise syntax error.
//!
//! Owns the size limit, the byte-order mark, duplicate keys (kept last, as Python's
//! `json` does, and reported) and the translation of `serde_json` errors into
//! [`ConfigError`]s with line and column. It knows nothing about what the keys mean.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::error::ConfigError;
use super::MAX_CONFIG_BYTES;

/// A parsed top-level object and the duplicate keys met on the way (as paths).
pub(crate) struct Parsed {
    pub object: Map<String, Value>,
    pub duplicates: Vec<String>,
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
    let mut de = serde_json::Deserializer::from_str(text);
    let value = DedupSeed {
        path: String::new(),
        duplicates: &duplicates,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| syntax_error(text, &e))?;
    match value {
        Value::Object(object) => Ok(Parsed {
            object,
            duplicates: duplicates.into_inner(),
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

fn syntax_error(text: &str, e: &serde_json::Error) -> ConfigError {
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
    if let Some(literal) = non_finite_literal(text, line, column) {
        return ConfigError::NonFiniteNumber {
            literal,
            line,
            column,
        };
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

/// `NaN`, `Infinity` or `-Infinity` at a 1-based (line, byte column), if that is what
/// the parser stumbled on.
fn non_finite_literal(text: &str, line: usize, column: usize) -> Option<String> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let at = line_start.checked_add(column.checked_sub(1)?)?;
    let rest = text.get(at..)?;
    let negative = at > 0 && text.get(at - 1..at) == Some("-");
    for word in ["NaN", "Infinity"] {
        if rest.starts_with(word) {
            let sign = if negative && word == "Infinity" {
                "-"
            } else {
                ""
            };
            return Some(format!("{sign}{word}"));
        }
    }
    None
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

/// Builds a [`Value`], keeping the last of duplicate keys and recording their paths.
struct DedupSeed<'a> {
    path: String,
    duplicates: &'a RefCell<Vec<String>>,
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
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = DedupSeed {
                path: child_path(&self.path, &format!("[{}]", items.len())),
                duplicates: self.duplicates,
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
            })?;
            if map.insert(key, value).is_some() {
                self.duplicates.borrow_mut().push(path);
            }
        }
        Ok(Value::Object(map))
    }
}
