//! rapporteur: keep the record of a live meeting — the list of speakers, speaking time and
//! what each speaker said, saved as it is typed.

pub mod abbreviations;
pub mod action;
pub mod app;
pub mod cli;
pub mod config_file;
pub mod demo;
pub mod domain;
pub mod durable;
pub mod export;
pub mod import;
pub mod keymap;
pub mod live;
pub mod roster;
pub mod stats;
pub mod store;
pub mod ui;

/// `eprintln!` that never panics: with standard error closed under it (a dropped SSH
/// connection, a pager quit early), the line is lost and the work goes on to its own end.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
