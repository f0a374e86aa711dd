//! `flopcast`: the core from a terminal.

fn main() {
    println!("flopcast {}", env!("CARGO_PKG_VERSION"));
}
