use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rapporteur::cli::Cli::parse();
    match rapporteur::cli::execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rapporteur: {e:#}");
            ExitCode::FAILURE
        }
    }
}
