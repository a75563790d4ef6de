//! `rapporteur roster import` on real files: a good list lands in the store whole, a bad one
//! is refused with every problem named and leaves the store as it was, and a second import of
//! the same list changes nothing.

use crate::common;

use common::{stderr, stdout, succeeds};

use std::path::{Path, PathBuf};
use std::process::Output;

use rapporteur::domain::{Attendance, Category, SessionId, SessionRecord};
use rapporteur::store::Store;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster")
}

/// Runs the binary on the store at `db`, from the fixtures directory so that files are named
/// as a user would name them.
fn rapporteur(db: &Path, args: &[&str]) -> Output {
    common::rapporteur_in(&fixtures(), db, args)
}

/// A store with one session, made by `rapporteur new`, as a user would.
fn store_with_a_session() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur(
        &db,
        &["new", "--body", "Working Group on Trafficking in Persons"],
    ));
    (dir, db)
}

/// Reads the session back; the binary has exited, so the store is free.
fn load(db: &Path) -> SessionRecord {
    Store::open(db).unwrap().load(SessionId(1)).unwrap()
}

/// What the import should make of both good fixtures: (name, category, attendance,
/// organisation), in the file's order.
fn expected_roster() -> Vec<(String, Category, Attendance, Option<String>)> {
    let row = |name: &str, c, a, o: Option<&str>| (name.to_string(), c, a, o.map(String::from));
    use Attendance::{InRoom, Online};
    vec![
        row("France", Category::MemberState, InRoom, None),
        row("Côte d'Ivoire", Category::MemberState, Online, None),
        row(
            "United Kingdom of Great Britain and Northern Ireland",
            Category::MemberState,
            InRoom,
            None,
        ),
        row(
            "Women, Peace and Justice Network",
            Category::Ngo,
            Online,
            None,
        ),
        row("La Strada International", Category::Ngo, InRoom, None),
        row(
            "Iran (Islamic Republic of)",
            Category::MemberState,
            Online,
            None,
        ),
        row(
            "Anne \"Annie\" Müller",
            Category::Panellist,
            InRoom,
            Some("Centre for Migration and Refugee Studies"),
        ),
        row(
            "United Nations Office on Drugs and Crime",
            Category::Secretariat,
            InRoom,
            None,
        ),
        row("Universidad de São Paulo", Category::Academia, Online, None),
    ]
}

fn roster_of(record: &SessionRecord) -> Vec<(String, Category, Attendance, Option<String>)> {
    record
        .participants
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.category,
                p.attendance,
                p.organisation.clone(),
            )
        })
        .collect()
}

#[test]
fn a_good_list_is_imported_whole_and_a_second_import_changes_nothing() {
    let (_dir, db) = store_with_a_session();
    let out = succeeds(rapporteur(&db, &["roster", "import", "good.csv"]));
    assert!(
        out.starts_with(
            "Imported good.csv into session 1 (Working Group on Trafficking in Persons): \
             9 added, 0 updated, 0 unchanged.\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("good.csv:1: ignored column \"E-mail\""),
        "{out}"
    );
    assert!(
        out.contains(
            "good.csv:4: \"UK\" is on the shipped roster as \"United Kingdom of Great Britain \
             and Northern Ireland\"; imported under that name"
        ),
        "{out}"
    );

    let record = load(&db);
    assert_eq!(roster_of(&record), expected_roster());
    let ids: Vec<u32> = record.participants.iter().map(|p| p.id.0).collect();
    assert_eq!(ids, (1..=9).collect::<Vec<_>>());

    let again = succeeds(rapporteur(&db, &["roster", "import", "good.csv"]));
    assert!(
        again.contains(": 0 added, 0 updated, 9 unchanged."),
        "{again}"
    );
    assert_eq!(load(&db), record);

    // The `;` variant (no byte order mark, CRLF, other column order) is the same list.
    let again = succeeds(rapporteur(&db, &["roster", "import", "good-semicolon.csv"]));
    assert!(
        again.contains(": 0 added, 0 updated, 9 unchanged."),
        "{again}"
    );
    assert_eq!(load(&db), record);

    let shown = succeeds(rapporteur(&db, &["roster", "show"]));
    assert!(
        shown.starts_with(
            "Session 1 (Working Group on Trafficking in Persons): 9 participants\n\nID  NAME"
        ),
        "{shown}"
    );
    assert!(shown.contains("Anne \"Annie\" Müller"), "{shown}");
    assert!(
        shown.contains("Centre for Migration and Refugee Studies"),
        "{shown}"
    );
}

#[test]
fn the_semicolon_list_imports_on_its_own_too() {
    let (_dir, db) = store_with_a_session();
    let out = succeeds(rapporteur(
        &db,
        &["roster", "import", "good-semicolon.csv", "--session", "1"],
    ));
    assert!(out.contains(": 9 added, 0 updated, 0 unchanged."), "{out}");
    assert_eq!(roster_of(&load(&db)), expected_roster());
}

#[test]
fn a_bad_list_names_every_problem_and_writes_nothing() {
    let (_dir, db) = store_with_a_session();
    succeeds(rapporteur(&db, &["roster", "import", "good.csv"]));
    let before = load(&db);

    let out = rapporteur(&db, &["roster", "import", "bad.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    let expected = [
        "bad.csv:3: field \"name\": empty; every row needs the name",
        "bad.csv:4: field \"category\": unknown category \"NGOs\"; did you mean \"NGO\"?",
        "bad.csv:5: field \"attendance\": unknown attendance \"hybrid\"",
        "bad.csv:6: 4 fields where the header has 3",
        "bad.csv:7: field \"category\": unknown category \"astronaut\"; use one of",
        "bad.csv:8: field \"attendance\": unknown attendance \"onlin\"; did you mean \"online\"?",
        "bad.csv:10: field \"category\": \"france\" is \"NGO\" here but \"Member State\" on line 2",
        "rapporteur: bad.csv: 7 problems found; nothing was imported.",
    ];
    assert_eq!(lines.len(), expected.len(), "{err}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "{line:?} should start with {want:?}\n{err}"
        );
    }

    assert_eq!(load(&db), before);
}

#[test]
fn an_empty_store_is_told_to_create_a_session_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let out = rapporteur(&db, &["roster", "import", "good.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("holds no session yet"), "{err}");
    assert!(err.contains("`rapporteur new"), "{err}");

    let out = rapporteur(&db, &["roster", "show"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("holds no session yet"));
    assert!(Store::open(&db).unwrap().sessions().unwrap().is_empty());
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_advice() {
    let (dir, db) = store_with_a_session();
    let file = dir.path().join("latin1.csv");
    std::fs::write(&file, b"name,category\nC\xf4te d'Ivoire,Member State\n").unwrap();
    let out = rapporteur(&db, &["roster", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("latin1.csv:2: the file is not UTF-8"), "{err}");
    assert!(err.contains("CSV UTF-8"), "{err}");
    assert!(load(&db).participants.is_empty());
}
