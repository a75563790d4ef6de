//! Helpers shared by the integration tests. Each test crate pulls this in with
//! `mod common;` and uses a subset of it.
#![allow(dead_code)]

pub mod pty;
pub mod typing;

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

/// How long a step of an end-to-end test may take before it is a failure.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The app started in a `cols`×`rows` pseudo-terminal on the store at `store`, once its screen
/// is up. No user keymap of the machine's may change the keys under test.
pub fn start_app(store: &std::path::Path, cols: u16, rows: u16) -> pty::PtyApp {
    let app = pty::PtyApp::spawn(
        bin_path(),
        &["--db", store.to_str().expect("a UTF-8 temporary path")],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        cols,
        rows,
    )
    .expect("the app starts in a pty");
    app.wait_for("List of speakers", WAIT).unwrap();
    app
}

/// Inscribes `name` through the finder, as a rapporteur would: ctrl-l, a few letters, enter.
pub fn inscribe(app: &mut pty::PtyApp, name: &str) {
    app.send(pty::keys::CTRL_L);
    app.wait_for("Inscribe on the list", WAIT).unwrap();
    app.send(name);
    app.wait_for(&format!("Speaker: {name}"), WAIT).unwrap();
    app.send(pty::keys::ENTER);
    app.wait_for_gone("Inscribe on the list", WAIT).unwrap();
}

/// What a power cut can leave of a sled store: the log cut short, no snapshot.
pub fn power_cut(store: &std::path::Path) {
    let db = std::fs::OpenOptions::new()
        .write(true)
        .open(store.join("db"))
        .unwrap();
    db.set_len(100).unwrap();
    for entry in std::fs::read_dir(store).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("snap.")
        {
            std::fs::remove_file(path).unwrap();
        }
    }
}

/// The note of the one intervention of the most recent session in the store at `store`.
pub fn saved_note(store: &std::path::Path) -> String {
    let store = rapporteur::store::Store::open(store).expect("the store opens");
    let record = store
        .load(store.most_recent_session().unwrap().unwrap())
        .unwrap();
    assert_eq!(record.interventions.len(), 1);
    record.interventions[0].note.clone()
}
