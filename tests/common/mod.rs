//! Helpers shared by the integration tests. Each test crate pulls this in with
//! `mod common;` and uses a subset of it.
#![allow(dead_code)]

pub mod pty;

use std::path::PathBuf;

/// The `rapporteur` binary built by cargo for this test run.
pub fn bin_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rapporteur"))
}

/// Runs the binary on the store at `db`, from `dir` so that files are named as a user would
/// name them, with no user configuration and no store chosen by the environment.
pub fn rapporteur_in(
    dir: &std::path::Path,
    db: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    std::process::Command::new(bin_path())
        .args(args)
        .arg("--db")
        .arg(db)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", db.with_file_name("no-config-here"))
        .env_remove("RAPPORTEUR_DB")
        .output()
        .expect("the binary runs")
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The standard output of a run that must succeed; both outputs shown if it did not.
pub fn succeeds(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}
