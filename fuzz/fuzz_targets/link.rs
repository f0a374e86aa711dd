//! `link::decode` on arbitrary text. It never panics, and whatever scenario it
//! gives (defaults standing in for bad fields) estimates with finite figures and
//! survives its own link: `decode(encode(decoded.scenario))` gives it back,
//! with no notice.

#![no_main]

use flopcast_core::link::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let decoded = decode(&text);
    flopcast_fuzz::check_scenario(&decoded.scenario);
    flopcast_fuzz::check_round_trip(&decoded.scenario);
});
