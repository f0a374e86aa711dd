//! End-to-end tests: the release build of the page in real headless Chromium,
//! driven over WebDriver the way a person would use it.
//!
//! Run with `make e2e-test` (it builds `dist/` first). Each test starts its own
//! server and browser through [`harness::Harness`] and stops them at the end.

mod delivery;
mod energy;
mod harness;
mod memory;
mod page;
mod screenshot;
mod smoke;
mod story;
