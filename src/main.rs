use std::process::ExitCode;

use clap::Parser;
use rapporteur::app::run::EndedBySignal;

fn main() -> ExitCode {
    let cli = rapporteur::cli::Cli::parse();
    match rapporteur::cli::execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // Said after the terminal is given back, so that it stays on the screen; the status
        // tells a script or a service manager which signal it was.
        Err(e) => match e.downcast_ref::<EndedBySignal>() {
            Some(ended) => {
                rapporteur::tell!("rapporteur: {ended}");
                ExitCode::from(ended.exit_status())
            }
            None => {
                rapporteur::tell!("rapporteur: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}
