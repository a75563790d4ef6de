//! Helpers shared by the integration tests. Each test crate pulls this in with
//! `mod common;` and uses a subset of it.
#![allow(dead_code)]

pub mod pty;

use std::path::PathBuf;

/// The `rapporteur` binary built by cargo for this test run.
pub fn bin_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rapporteur"))
}
