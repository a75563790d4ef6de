//! Abbreviations through the real binary in a pseudo-terminal: started with a file of short
//! forms, the rapporteur types them, one expansion is taken back, and the export holds the
//! expanded text. A bad file is said on the status line and the app works without it.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::{keys, PtyApp};
use common::{bin_path, give_floor_to, rapporteur_in, succeeds, WAIT};

const BODY: &str = "Working Group on Trafficking in Persons";

/// The app on the store at `db` (a session already there), with `file` as the
/// abbreviations.
fn start_with(db: &Path, file: &Path) -> PtyApp {
    let app = PtyApp::spawn(
        bin_path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--abbreviations",
            file.to_str().unwrap(),
        ],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        110,
        32,
    )
    .expect("the app starts in a pty");
    app.wait_for("List of speakers", WAIT).unwrap();
    app
}

#[test]
fn typed_short_forms_reach_the_export_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(dir.path(), &db, &["new", "--body", BODY]));
    let file = dir.path().join("mine.toml");
    std::fs::write(
        &file,
        "[abbreviations]\nms = \"Member States\"\ntip = \"trafficking in persons\"\n",
    )
    .unwrap();

    let mut app = start_with(&db, &file);
    give_floor_to(&mut app, "Kenya");
    app.type_slowly("ms agreed on tip.", Duration::from_millis(2));
    app.wait_for("Member States agreed on trafficking in persons.", WAIT)
        .unwrap();
    // One more, taken back with alt-u, then rubbed out.
    app.type_slowly(" tip ", Duration::from_millis(2));
    app.wait_for("persons. trafficking in", WAIT).unwrap();
    app.send("\x1bu");
    app.wait_for("taken back", WAIT).unwrap();
    app.wait_for("persons. tip", WAIT).unwrap();
    for _ in 0.." tip ".len() {
        app.send(keys::BACKSPACE);
    }
    app.wait_for_gone("persons. tip", WAIT).unwrap();
    common::end_and_quit(&mut app);

    let csv = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["export", "--format", "csv"],
    ));
    let notes: Vec<String> =
        csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .filter_map(|r| {
                let r = r.unwrap();
                r.iter()
                    .find(|field| field.contains("agreed"))
                    .map(str::to_string)
            })
            .collect();
    assert_eq!(
        notes,
        ["Member States agreed on trafficking in persons."],
        "{csv}"
    );
}

#[test]
fn a_bad_file_is_said_on_the_status_line_and_the_app_types_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(dir.path(), &db, &["new", "--body", BODY]));
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[abbreviations]\nms = \"\"\n").unwrap();

    let mut app = start_with(&db, &file);
    app.wait_for("Abbreviations from the file are off", WAIT)
        .unwrap();
    give_floor_to(&mut app, "Kenya");
    app.type_slowly("ms agreed.", Duration::from_millis(2));
    app.wait_for("ms agreed.", WAIT).unwrap();
    app.wait_for("✔ saved", WAIT).unwrap();
    app.send(keys::CTRL_E);
    app.wait_for("intervention ended", WAIT).unwrap();
    app.send(keys::CTRL_Q);
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(status.success(), "{}", app.screen());
}
