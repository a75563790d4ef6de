//! The session set up from a first run, in the real binary in a pseudo-terminal: the form a
//! new store opens on names the session and its days, a statement is given, the next sitting
//! opens at the hour chosen, and the CSV export shows all of it.

mod common;

use chrono::{Days, Utc};
use common::pty::{keys, PtyApp};
use common::{inscribe, rapporteur_in, succeeds, FIRST_RUN_FORM, WAIT};

const ALT_END: &str = "\x1b[1;3F";
const ALT_S: &str = "\x1bs";

/// Replaces the text of the field being typed in.
fn retype(app: &mut PtyApp, text: &str) {
    app.send(keys::CTRL_U);
    app.send(text);
}

fn statement(app: &mut PtyApp, name: &str, note: &str) {
    inscribe(app, name);
    app.send(keys::CTRL_N);
    app.wait_for(&format!("Note · {name}"), WAIT).unwrap();
    app.send(note);
    app.wait_for(note, WAIT).unwrap();
    app.send(keys::CTRL_E);
    app.wait_for("No one has the floor", WAIT).unwrap();
}

#[test]
fn a_first_run_sets_up_the_session_and_its_next_sitting_and_the_export_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = PtyApp::spawn(
        common::bin_path(),
        &["--db", store.to_str().unwrap()],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        120,
        40,
    )
    .expect("the app starts in a pty");
    app.wait_for(FIRST_RUN_FORM, WAIT).unwrap();

    let today = Utc::now().date_naive();
    let last = today + Days::new(3);
    // The body is empty, to be typed: the placeholder's name is not kept by mistake.
    app.send("Working Group on Trafficking in Persons");
    app.send(keys::TAB);
    retype(&mut app, "Fourteenth session");
    app.send(keys::TAB);
    retype(&mut app, "Vienna");
    app.send(keys::TAB);
    retype(&mut app, &today.to_string());
    app.send(keys::TAB);
    retype(&mut app, &last.to_string());
    app.send(keys::TAB);
    // A slip first: the form says what was meant, and keeps what was typed.
    retype(&mut app, "Etc/UTX");
    app.send(keys::ENTER);
    app.wait_for("did you mean Etc/UTC?", WAIT).unwrap();
    retype(&mut app, "UTC");
    app.send(keys::ENTER);
    app.wait_for_gone(FIRST_RUN_FORM, WAIT).unwrap();
    app.wait_for("The session's details changed", WAIT).unwrap();
    app.wait_for(
        "Working Group on Trafficking in Persons, Fourteenth session",
        WAIT,
    )
    .unwrap();

    statement(&mut app, "Kenya", "Kenya opened the debate.");

    // The next sitting is asked for: the hour is chosen, and Enter opens it.
    app.send(ALT_END);
    app.wait_for("The 2nd meeting", WAIT).unwrap();
    app.send(keys::TAB);
    retype(&mut app, "16:30");
    app.send(keys::TAB);
    retype(&mut app, "19:00");
    app.send(keys::ENTER);
    app.wait_for("2nd meeting, 16:30–19:00", WAIT).unwrap();

    statement(&mut app, "France", "France supported the draft.");

    // The session form opens again at any time, with what was saved.
    app.send(ALT_S);
    app.wait_for("Fourteenth session", WAIT).unwrap();
    app.wait_for(&last.to_string(), WAIT).unwrap();
    app.send(keys::ESC);
    app.wait_for_gone(" The session ", WAIT).unwrap();

    app.send(keys::CTRL_Q);
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(status.success(), "{}", app.screen());

    let meetings = succeeds(rapporteur_in(dir.path(), &store, &["meeting", "list"]));
    assert!(meetings.contains("16:30–19:00"), "{meetings}");
    assert!(
        meetings.contains(&format!("({today} to {last}, UTC)")),
        "{meetings}"
    );

    let csv = succeeds(rapporteur_in(
        dir.path(),
        &store,
        &["export", "--format", "csv"],
    ));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    let title = "Working Group on Trafficking in Persons, Fourteenth session";
    assert!(
        rows[0].starts_with(&format!("\"{title}\",1,")) && rows[0].contains("Kenya"),
        "{csv}"
    );
    assert!(
        rows[1].starts_with(&format!("\"{title}\",2,")) && rows[1].contains("France"),
        "{csv}"
    );
}
