//! Putting right an earlier intervention from the command line, through the real binary and
//! the real store: the correction is kept, as a version beside the live record, after the
//! store is closed and opened again, and every export uses it.

mod common;

use common::{rapporteur_in, succeeds};

#[test]
fn an_earlier_intervention_is_corrected_and_the_store_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(dir.path(), &db, &["demo"]));
    let log = succeeds(rapporteur_in(dir.path(), &db, &["log"]));
    let second = log
        .lines()
        .find(|l| l.trim_start().starts_with("2 "))
        .unwrap_or_else(|| panic!("no intervention 2 in the log:\n{log}"))
        .to_string();
    assert!(second.contains("statement"), "{second}");

    let said = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "correct",
            "--intervention",
            "2",
            "--speaker",
            "UK",
            "--kind",
            "q",
            "--on-behalf-of",
            "European Union",
            "--start",
            "-20s",
        ],
    ));
    assert!(said.contains("United Kingdom"), "{said}");

    // Read again by a new process, from the store as it is on disk.
    let log = succeeds(rapporteur_in(dir.path(), &db, &["log"]));
    let corrected = log
        .lines()
        .find(|l| l.trim_start().starts_with("2 "))
        .unwrap()
        .to_string();
    assert!(corrected.contains("question"), "{corrected}");
    assert!(corrected.contains("United Kingdom"), "{corrected}");
    assert!(
        corrected.contains("on behalf of European Union"),
        "{corrected}"
    );
    assert!(corrected.contains("[corrected 1×]"), "{corrected}");

    // The JSON export holds the live facts and the version; the CSV the record as it stands.
    let json = dir.path().join("s.json");
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "export",
            "--format",
            "json",
            "--output",
            json.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(text.contains("\"live_facts\""), "the live record is kept");
    assert!(text.contains("\"fact_corrections\""));
    let csv = dir.path().join("s.csv");
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--output",
            csv.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("United Kingdom") && l.contains("question")),
        "{text}"
    );

    // Struck: kept and flagged.
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["correct", "2", "--strike"],
    ));
    let log = succeeds(rapporteur_in(dir.path(), &db, &["log"]));
    assert!(log.contains("[struck]"), "{log}");
}

#[test]
fn a_correction_that_cannot_be_read_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(dir.path(), &db, &["demo"]));
    let before = succeeds(rapporteur_in(dir.path(), &db, &["log"]));
    common::refused(
        dir.path(),
        &db,
        [
            (
                vec!["correct", "--intervention", "999", "--kind", "q"],
                "no intervention 999",
            ),
            (
                vec!["correct", "--intervention", "2", "--kind", "song"],
                "not a kind",
            ),
            // A shift, not a clock time: the demonstration is laid out from the time it is made,
            // so a fixed "01:00:00" came after the start when the tests ran just after 1 a.m.
            (
                vec!["correct", "--intervention", "2", "--end", "-90m"],
                "before the start",
            ),
            (
                vec!["correct", "--intervention", "2", "--item", "77"],
                "no agenda item",
            ),
            (
                vec!["correct", "--intervention", "2", "--start", "soon"],
                "is not a time",
            ),
            (vec!["correct", "--intervention", "2"], "nothing to correct"),
            // The id as `meeting edit` takes its number, without the flag.
            (vec!["correct", "999", "--kind", "q"], "no intervention 999"),
        ],
    );
    assert_eq!(succeeds(rapporteur_in(dir.path(), &db, &["log"])), before);
    let err = common::fails(rapporteur_in(dir.path(), &db, &["log", "--meeting", "70"]));
    assert!(
        err.contains("there is no meeting 70 in this session: its meetings are 1, 2"),
        "{err}"
    );
    let log = succeeds(rapporteur_in(dir.path(), &db, &["log", "--meeting", "8"]));
    assert_eq!(log, "No interventions in meeting 8 yet.\n");
}

#[test]
fn a_corrected_intervention_imported_over_its_uncorrected_self_takes_the_correction() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    let (before, after) = (
        dir.path().join("before.json"),
        dir.path().join("after.json"),
    );
    let export = |to: &std::path::Path| {
        succeeds(rapporteur_in(
            dir.path(),
            &first,
            &["export", "--format", "json", "-o", to.to_str().unwrap()],
        ));
    };
    succeeds(rapporteur_in(dir.path(), &first, &["demo"]));
    export(&before);
    succeeds(rapporteur_in(
        dir.path(),
        &first,
        &[
            "correct",
            "--intervention",
            "2",
            "--speaker",
            "UK",
            "--start",
            "-20s",
        ],
    ));
    export(&after);
    succeeds(rapporteur_in(
        dir.path(),
        &second,
        &["import", before.to_str().unwrap()],
    ));
    let said = succeeds(rapporteur_in(
        dir.path(),
        &second,
        &["import", after.to_str().unwrap()],
    ));
    // Recognised by who spoke when as recorded live: the correction, made on one side only,
    // is taken, and reported; neither a conflict nor a second intervention.
    assert!(said.contains("0 interventions added"), "{said}");
    assert!(said.contains("1 intervention brought up to date"), "{said}");
    assert!(!said.contains("conflict"), "{said}");
    assert!(
        said.contains("the file's correction of the speaker, kind, item or times"),
        "{said}"
    );
    // The version imported names the store's participants, in every version of its facts.
    let log = succeeds(rapporteur_in(dir.path(), &second, &["log"]));
    assert!(
        log.lines()
            .any(|l| l.contains("United Kingdom") && l.contains("[corrected 1×]")),
        "{log}"
    );
}
