//! A signal from outside (SIGTERM from a shutdown or a closing terminal, SIGHUP from an SSH
//! line dropping, SIGINT from `kill -INT`) ends the real binary cleanly: the terminal is given
//! back, what was typed is on disk, and the exit status says which signal it was.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::pty::{keys, PtyApp};
use common::{inscribe, WAIT};
use rapporteur::domain::SessionId;
use rapporteur::store::Store;

fn start(store: &Path) -> PtyApp {
    common::start_app(store, 110, 32)
}

/// Sends `signal` (its name, as `kill` takes it) to the app.
fn send_signal(app: &PtyApp, signal: &str) {
    let pid = app.pid().expect("the app has a process id");
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// France on the floor with `note` typed, then `signal`: the app ends with 128 + `number`, the
/// terminal given back and a line saying why after it, and France's note in the store.
fn ended_by(signal: &str, number: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    inscribe(&mut app, "France");
    app.send(keys::CTRL_N);
    app.wait_for("Note · France", WAIT).unwrap();
    let note = format!("Supported the draft until {signal}.");
    app.type_slowly(&note, Duration::from_millis(2));
    app.wait_for(&note, WAIT).unwrap();
    send_signal(&app, signal);

    let status = app.wait_exit(WAIT).expect("the app ends on the signal");
    app.wait_output_closed(WAIT).unwrap();
    assert_eq!(status.exit_code(), 128 + number, "{}", app.screen());
    let raw = app.raw_text();
    let given_back = raw
        .rfind("\x1b[?1049l")
        .expect("the main screen is given back");
    assert!(
        raw.contains("\x1b[?2004l"),
        "bracketed paste is turned off again"
    );
    let said = &raw[given_back..];
    assert!(
        said.contains(&format!("SIG{signal}")) && said.contains("saved"),
        "a line after the terminal is given back says why it ended: {said:?}"
    );

    let record = Store::open(&store)
        .expect("the store opens after the signal")
        .load(SessionId(1))
        .unwrap();
    assert_eq!(record.interventions.len(), 1);
    assert_eq!(record.interventions[0].note, note);
    assert!(
        record.interventions[0].has_floor(),
        "the clock is left running, as on leaving with the clock running"
    );
    dir
}

#[test]
fn sigterm_gives_the_terminal_back_and_keeps_the_note() {
    let dir = ended_by("TERM", 15);
    // The clock left running is pointed out at the next start.
    let app = start(&dir.path().join("store"));
    app.wait_for("the clock ran on while the app was closed", WAIT)
        .unwrap();
    let mut app = app;
    app.kill();
}

#[test]
fn sighup_gives_the_terminal_back_and_keeps_the_note() {
    ended_by("HUP", 1);
}

#[test]
fn sigint_from_outside_gives_the_terminal_back_and_keeps_the_note() {
    ended_by("INT", 2);
}

/// `rapporteur follow` on the room's screen, then `signal`: it ends as the app does, the
/// terminal given back, with 128 + `number` and a line after it saying why.
fn follower_ended_by(signal: &str, number: u32) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    Store::open(&store).expect("a store to follow");
    let mut follower = PtyApp::spawn(
        common::bin_path(),
        &[
            "follow",
            "--db",
            store.to_str().expect("a UTF-8 temporary path"),
        ],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        100,
        30,
    )
    .expect("the follower starts in a pty");
    follower.wait_for("Following", WAIT).unwrap();
    send_signal(&follower, signal);

    let status = follower
        .wait_exit(WAIT)
        .expect("the follower ends on the signal");
    follower.wait_output_closed(WAIT).unwrap();
    assert_eq!(status.exit_code(), 128 + number, "{}", follower.screen());
    let raw = follower.raw_text();
    let given_back = raw
        .rfind("\x1b[?1049l")
        .unwrap_or_else(|| panic!("the main screen is given back: {raw:?}"));
    let said = &raw[given_back..];
    assert!(
        said.contains(&format!("ended by SIG{signal}")) && said.contains("read-only"),
        "a line after the terminal is given back says why it ended: {said:?}"
    );
}

#[test]
fn sigterm_ends_the_follower_and_gives_the_terminal_back() {
    follower_ended_by("TERM", 15);
}

#[test]
fn sighup_ends_the_follower_and_gives_the_terminal_back() {
    follower_ended_by("HUP", 1);
}

#[test]
fn sigint_from_outside_ends_the_follower_and_gives_the_terminal_back() {
    follower_ended_by("INT", 2);
}
