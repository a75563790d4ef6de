//! `rapporteur session edit`, `sessions remove|open` and `meeting add|edit|remove|list`: good
//! input changes the store, bad input is refused with what is wrong and what to do.

mod common;

use std::path::Path;

use common::{fails, rapporteur_in, succeeds};

/// A four-day session in Vienna, made by `rapporteur new`: far ahead, so that the usual slot
/// proposed after its meetings never depends on the day the tests run.
fn four_days(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("store");
    succeeds(rapporteur_in(
        dir,
        &db,
        &[
            "new",
            "--body",
            "Working Group on Trafficking in Persons",
            "--from",
            "2099-12-01",
            "--to",
            "2099-12-04",
            "--time-zone",
            "Europe/Vienna",
        ],
    ));
    db
}

#[test]
fn session_edit_changes_only_the_details_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = four_days(dir.path());
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "session",
            "edit",
            "--number",
            "Fourteenth session",
            "--venue",
            "Vienna",
            "--chair",
            "Ms. A. Mensah",
            "--chair",
            "Mr. K. Tanaka",
        ],
    ));
    assert!(
        out.contains("Working Group on Trafficking in Persons, Fourteenth session"),
        "{out}"
    );
    assert!(out.contains("2099-12-01 to 2099-12-04"), "{out}");
    assert!(out.contains("Ms. A. Mensah; Mr. K. Tanaka"), "{out}");
    let roster = succeeds(rapporteur_in(dir.path(), &db, &["roster", "show"]));
    assert!(
        roster.contains("Mr. K. Tanaka"),
        "the chairs join the roster: {roster}"
    );
}

#[test]
fn session_edit_refuses_bad_details_and_says_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = four_days(dir.path());
    let e = fails(rapporteur_in(
        dir.path(),
        &db,
        &["session", "edit", "--time-zone", "Europe/Viena"],
    ));
    assert!(e.contains("did you mean Europe/Vienna?"), "{e}");
    let e = fails(rapporteur_in(
        dir.path(),
        &db,
        &["session", "edit", "--last-day", "2099-11-30"],
    ));
    assert!(e.contains("before the first"), "{e}");
    let e = fails(rapporteur_in(
        dir.path(),
        &db,
        &["session", "edit", "--first-day", "1/12/2026"],
    ));
    assert!(e.contains("--first-day") && e.contains("YYYY-MM-DD"), "{e}");
    let e = fails(rapporteur_in(dir.path(), &db, &["session", "edit"]));
    assert!(e.contains("nothing to change"), "{e}");
    let listed = succeeds(rapporteur_in(dir.path(), &db, &["sessions"]));
    assert!(
        listed.contains("2099-12-01 – 2099-12-04"),
        "nothing changed: {listed}"
    );
}

#[test]
fn meetings_are_added_in_their_usual_slot_edited_listed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = four_days(dir.path());
    let run = |args: &[&str]| rapporteur_in(dir.path(), &db, args);
    succeeds(run(&[
        "meeting", "edit", "1", "--start", "10:00", "--end", "13:00",
    ]));
    let out = succeeds(run(&["meeting", "add"]));
    assert!(
        out.contains("2nd meeting, 1 Dec 2099, 15:00–18:00"),
        "{out}"
    );
    let out = succeeds(run(&[
        "meeting",
        "add",
        "--date",
        "2099-12-02",
        "--start",
        "10",
        "--end",
        "12:30",
    ]));
    assert!(
        out.contains("3rd meeting, 2 Dec 2099, 10:00–12:30"),
        "{out}"
    );
    let out = succeeds(run(&["meeting", "add", "--date", "2099-12-09"]));
    assert!(
        out.contains("outside the session's days"),
        "warned, not refused: {out}"
    );
    succeeds(run(&["meeting", "remove", "4"]));
    let listed = succeeds(run(&["meeting", "list"]));
    assert!(listed.contains("2099-12-02  10:00–12:30"), "{listed}");
    assert!(!listed.contains("2099-12-09"), "{listed}");
    let store_json = succeeds(run(&["export", "--format", "json", "--output", "-"]));
    assert!(
        !store_json.contains("\"10:00:00."),
        "to the second: {store_json}"
    );
}

#[test]
fn meeting_commands_refuse_what_cannot_be_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = four_days(dir.path());
    let run = |args: &[&str]| rapporteur_in(dir.path(), &db, args);
    let e = fails(run(&[
        "meeting", "add", "--start", "15:00", "--end", "10:00",
    ]));
    assert!(e.contains("before it starts"), "{e}");
    let e = fails(run(&["meeting", "add", "--start", "3pm"]));
    assert!(e.contains("--start") && e.contains("HH:MM"), "{e}");
    let e = fails(run(&["meeting", "edit", "7", "--date", "2099-12-02"]));
    assert!(
        e.contains("no meeting 7") && e.contains("its meetings are 1"),
        "{e}"
    );
    let e = fails(run(&["meeting", "remove", "1"]));
    assert!(e.contains("only meeting"), "{e}");

    let demo = dir.path().join("demo");
    succeeds(rapporteur_in(dir.path(), &demo, &["demo"]));
    let e = fails(rapporteur_in(
        dir.path(),
        &demo,
        &["meeting", "remove", "1"],
    ));
    assert!(
        e.contains("cannot be removed") && e.contains("intervention"),
        "{e}"
    );
}

#[test]
fn sessions_open_chooses_the_session_the_app_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = four_days(dir.path());
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["new", "--body", "Plenary"],
    ));
    let out = succeeds(rapporteur_in(dir.path(), &db, &["sessions", "open", "1"]));
    assert!(out.contains("now opens session 1"), "{out}");
    let listed = succeeds(rapporteur_in(dir.path(), &db, &["sessions"]));
    assert!(listed.contains("*   1"), "{listed}");
    let e = fails(rapporteur_in(dir.path(), &db, &["sessions", "open", "9"]));
    assert!(e.contains("no session 9") && e.contains("1, 2"), "{e}");
}

#[test]
fn sessions_remove_asks_and_keeps_interventions_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(dir.path(), &db, &["demo"]));
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["new", "--body", "New meeting body"],
    ));

    // Not on a terminal, nothing is removed unasked.
    let e = fails(rapporteur_in(dir.path(), &db, &["sessions", "remove", "2"]));
    assert!(e.contains("add --yes"), "{e}");
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["sessions", "remove", "2", "--yes"],
    ));
    assert!(
        out.contains("Removed session 2 (New meeting body)"),
        "{out}"
    );

    let e = fails(rapporteur_in(
        dir.path(),
        &db,
        &["sessions", "remove", "1", "--yes"],
    ));
    assert!(e.contains("--with-interventions"), "{e}");
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["sessions", "remove", "1", "--yes", "--with-interventions"],
    ));
    assert!(out.contains("Wrote its export to"), "{out}");
    let export = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("the export beside the store");
    assert!(out.contains(&export.display().to_string()), "{out}");
    let listed = succeeds(rapporteur_in(dir.path(), &db, &["sessions"]));
    assert!(listed.contains("holds no session"), "{listed}");

    // The export brings it all back.
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["import", export.to_str().unwrap()],
    ));
    let listed = succeeds(rapporteur_in(dir.path(), &db, &["sessions"]));
    assert!(!listed.contains("holds no session"), "{listed}");
}

#[test]
fn an_import_whose_times_differ_only_by_a_fraction_of_a_second_is_the_same_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let db = four_days(dir.path());
    let run = |args: &[&str]| rapporteur_in(dir.path(), &db, args);
    succeeds(run(&[
        "meeting", "edit", "1", "--start", "16:00", "--end", "19:00",
    ]));
    let json = succeeds(run(&["export", "--format", "json"]));
    assert!(json.contains("\"16:00:00\""), "kept to the second: {json}");
    // As an older version wrote it.
    let older = json
        .replace("\"16:00:00\"", "\"16:00:00.689233399\"")
        .replace("\"19:00:00\"", "\"19:00:00.689233399\"");
    let file = dir.path().join("older.json");
    std::fs::write(&file, older).unwrap();
    let out = succeeds(run(&["import", file.to_str().unwrap()]));
    assert!(!out.contains("scheduled"), "{out}");
    assert!(!out.contains("conflict"), "{out}");
    let listed = succeeds(run(&["meeting", "list"]));
    assert!(listed.contains("16:00–19:00"), "{listed}");
}

#[test]
fn a_session_set_up_ahead_opens_with_its_first_day_s_morning() {
    let dir = tempfile::tempdir().unwrap();
    let db = four_days(dir.path());
    let listed = succeeds(rapporteur_in(dir.path(), &db, &["meeting", "list"]));
    let first = listed
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(first.contains("2099-12-01  10:00–13:00"), "{listed}");
}
