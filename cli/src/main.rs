//! `flopcast`: the core from a terminal.
//!
//! `flopcast estimate CONFIG.json` prints what training it takes (with
//! `--co2-card`, only the model card's `co2_eq_emissions` block);
//! `flopcast layouts CONFIG.json --gpu ID --gpus N` lists the parallel
//! layouts that fit; `flopcast gpus` lists the accelerator catalog;
//! `flopcast validate` compares the estimates with published training runs.
//! Bad input prints the same message the page shows and exits with code 2.

mod estimate;
mod gpus;
mod layouts;
mod validate;

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "flopcast",
    version,
    about = "What it takes to train a transformer."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Count a model's parameters and FLOPs; with --tokens, --gpu, --gpus, --mfu or --price, time, cost, energy and emissions too.
    Estimate(Box<estimate::Args>),
    /// List the parallel layouts that fit a model on an accelerator and count,
    /// ranked, and the fewest accelerators that fit at all.
    Layouts(Box<layouts::Args>),
    /// List the accelerator catalog with dense peaks and dated prices.
    Gpus {
        /// Print the catalog as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compare flopcast's estimates with published training runs.
    Validate {
        /// Print the comparison as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Reads a config: a path, or `-` for standard input, refusing anything over
/// the config size limit before reading it all.
fn read_config(path: &str) -> Result<String, String> {
    let limit = flopcast_core::config::MAX_CONFIG_BYTES as u64;
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().take(limit + 1).read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_string(&mut text))
    };
    result.map_err(|e| format!("{path}: cannot read it as text ({e})."))?;
    Ok(text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let output = match cli.command {
        Command::Estimate(args) => estimate::run(&args, read_config),
        Command::Layouts(args) => layouts::run(&args, read_config),
        Command::Gpus { json } => Ok(gpus::render(json)),
        Command::Validate { json } => Ok(validate::render(json)),
    };
    match output {
        // A closed pipe (`| head`) is not an error worth a panic.
        Ok(text) => {
            let _ = writeln!(std::io::stdout(), "{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "flopcast: {message}");
            ExitCode::from(2)
        }
    }
}
