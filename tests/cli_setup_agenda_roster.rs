//! `rapporteur agenda` and `rapporteur roster list|rename|merge|set` through the real binary:
//! the agenda and the roster kept true as the session goes, with errors that say what is
//! wrong and what to do.

mod common;

use std::path::{Path, PathBuf};

use common::{fails, rapporteur_in, succeeds};

/// A store with the demonstration session, which has interventions and lists of speakers.
fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("store");
    succeeds(rapporteur_in(dir, &db, &["demo"]));
    db
}

/// A store with a new session of three items and no one on its roster.
fn fresh(dir: &Path) -> PathBuf {
    let db = dir.join("store");
    succeeds(rapporteur_in(
        dir,
        &db,
        &[
            "new",
            "--body",
            "Conference of the Parties",
            "--item",
            "Opening of the session",
            "--item",
            "Adoption of the agenda",
            "--item",
            "Other matters",
        ],
    ));
    db
}

/// The agenda's items in order, as "NUMBER TITLE", from `agenda list`.
fn agenda(dir: &Path, db: &Path) -> Vec<String> {
    succeeds(rapporteur_in(dir, db, &["agenda", "list"]))
        .lines()
        .skip(2)
        .map(|l| {
            let cells: Vec<&str> = l
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            format!("{} {}", cells[1], cells[cells.len() - 1])
        })
        .collect()
}

#[test]
fn items_are_added_renamed_moved_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let added = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["agenda", "add", "4 (a)", "Adoption of the report"],
    ));
    assert!(
        added.starts_with("Added item 4 (a) (Adoption of the report)."),
        "{added}"
    );
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "agenda",
            "rename",
            "3",
            "--number",
            "5",
            "--title",
            "Any other business",
        ],
    ));
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["agenda", "move", "4(a)", "3"],
    ));
    assert_eq!(
        agenda(dir.path(), &db),
        [
            "1 Opening of the session",
            "2 Adoption of the agenda",
            "4 (a) Adoption of the report",
            "5 Any other business"
        ]
    );
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["agenda", "remove", "item 2"],
    ));
    assert_eq!(agenda(dir.path(), &db).len(), 3);

    // The order is the one the exports follow.
    let json = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["export", "--format", "json"],
    ));
    let report = json.find("Adoption of the report").unwrap();
    let other = json.find("Any other business").unwrap();
    assert!(report < other, "{json}");
}

#[test]
fn a_bad_agenda_command_says_what_is_wrong_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let before = agenda(dir.path(), &db);
    common::refused(
        dir.path(),
        &db,
        [
            (
                &["agenda", "add", "2", "Budget"][..],
                "item 2 is already on the agenda (Adoption of the agenda): choose another number",
            ),
            (
                &["agenda", "rename", "7", "--title", "X"],
                "no agenda item \"7\": the agenda has 1, 2, 3",
            ),
            (&["agenda", "move", "1", "9"], "give a place from 1 to 3"),
            (
                &["agenda", "move", "1", "up"],
                "\"up\" is not a place on the agenda: give the number of the place",
            ),
            (
                &["agenda", "merge", "1", "--into", "1"],
                "cannot be merged into itself",
            ),
            (&["agenda", "add", "4", " "], "needs a title"),
        ],
    );
    assert_eq!(agenda(dir.path(), &db), before);
}

#[test]
fn an_item_with_interventions_is_merged_not_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let list = succeeds(rapporteur_in(dir.path(), &db, &["agenda", "list"]));
    let err = fails(rapporteur_in(dir.path(), &db, &["agenda", "remove", "2"]));
    assert!(
        err.contains("item 2 has 14 interventions: rename it, or merge it into another item"),
        "{err}\n{list}"
    );
    let merged = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["agenda", "merge", "2", "--into", "1"],
    ));
    assert!(
        merged.contains("14 interventions and 0 waiting speakers moved"),
        "{merged}"
    );
    let log = succeeds(rapporteur_in(dir.path(), &db, &["log"]));
    assert!(!log.contains("item 2 "), "{log}");
    assert_eq!(log.matches("item 1 ").count(), 16, "{log}");
}

/// The lines of `rapporteur log` naming a speaker.
fn spoke(dir: &Path, db: &Path, name: &str) -> usize {
    succeeds(rapporteur_in(dir, db, &["log"]))
        .lines()
        .filter(|l| l.trim_end().ends_with(name) || l.contains(&format!(" {name} ")))
        .count()
}

#[test]
fn a_participant_entered_twice_is_merged_with_everything_they_did() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let brazil = spoke(dir.path(), &db, "Brazil");
    let argentina = spoke(dir.path(), &db, "Argentina");
    assert!(brazil > 0);
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "merge", "brazil", "--into", "Argentina"],
    ));
    assert!(
        out.starts_with(&format!(
            "Merged Brazil into Argentina: {brazil} intervention"
        )),
        "{out}"
    );
    let listed: Vec<&str> = out.lines().skip(1).take(brazil).collect();
    assert!(
        listed.len() == brazil && listed.iter().all(|l| l.contains(" Argentina")),
        "the interventions moved are listed under the surviving name:\n{out}"
    );
    assert_eq!(spoke(dir.path(), &db, "Brazil"), 0);
    assert_eq!(spoke(dir.path(), &db, "Argentina"), argentina + brazil);
    let roster = succeeds(rapporteur_in(dir.path(), &db, &["roster", "list"]));
    let (entries, merges) = roster.split_once("\nMerged").unwrap_or((&roster, ""));
    assert!(!entries.contains("Brazil"), "{roster}");
    assert!(merges.contains("\n  Brazil into Argentina, "), "{roster}");
}

#[test]
fn a_participant_is_renamed_recategorised_and_moved_online() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "roster",
            "rename",
            "Brazil",
            "Federative Republic of Brazil",
        ],
    ));
    assert!(
        out.starts_with("Renamed Brazil: now Federative Republic of Brazil."),
        "{out}"
    );
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "roster",
            "set",
            "Federative Republic of Brazil",
            "--category",
            "observer state",
            "--online",
        ],
    ));
    assert!(
        out.starts_with("Federative Republic of Brazil: observer State, online."),
        "{out}"
    );
    let roster = succeeds(rapporteur_in(dir.path(), &db, &["roster", "list"]));
    let line = roster
        .lines()
        .find(|l| l.contains("Federative Republic of Brazil"))
        .unwrap();
    assert!(
        line.contains("observer State") && line.contains("online"),
        "{line}"
    );
}

#[test]
fn a_bad_roster_command_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let err = fails(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "rename", "Brazil", "argentina"],
    ));
    assert!(
        err.contains("Argentina is already on the roster: if Brazil and Argentina are the same, merge them with `rapporteur roster merge \"Brazil\" --into \"Argentina\"`"),
        "{err}"
    );
    let err = fails(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "merge", "Atlantis", "--into", "Brazil"],
    ));
    assert!(err.contains("no one named \"Atlantis\" on the roster of session 1: `rapporteur roster list` shows who is on it"), "{err}");
    let err = fails(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "set", "Brazil", "--category", "astronaut"],
    ));
    assert!(
        err.contains("unknown category \"astronaut\": choose one of Member State"),
        "{err}"
    );
    let err = fails(rapporteur_in(dir.path(), &db, &["roster", "set", "Brazil"]));
    assert!(err.contains("say what to set"), "{err}");
    let err = fails(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "merge", "Brazil", "--into", "brazil"],
    ));
    assert!(err.contains("Brazil cannot be merged into itself"), "{err}");
}

#[test]
fn agenda_list_prints_a_long_title_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let title = "Victim-centred and trauma-informed approaches in criminal justice responses";
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["agenda", "add", "4", title],
    ));
    let list = succeeds(rapporteur_in(dir.path(), &db, &["agenda", "list"]));
    assert!(
        list.lines().any(|l| l.trim_end().ends_with(title)),
        "{list}"
    );
}
