//! `flopcast`: the core from a terminal.
//!
//! `flopcast estimate CONFIG.json` prints what training it takes;
//! `flopcast gpus` lists the accelerator catalog. Bad input prints the same
//! message the page shows and exits with code 2.

mod gpus;

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
    /// List the accelerator catalog with dense peaks and dated prices.
    Gpus {
        /// Print the catalog as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Gpus { json } => {
            println!("{}", gpus::render(json));
            ExitCode::SUCCESS
        }
    }
}
