//! `parse_config` on arbitrary bytes (read as UTF-8, lossily). Whatever it
//! accepts must count, estimate and travel in a link without a panic and with
//! finite figures.

#![no_main]

use flopcast_core::config::parse_config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(parsed) = parse_config(&text) {
        flopcast_fuzz::check_parsed(parsed);
    }
});
