//! The JSON export read back with `rapporteur import`: the round trip gives the same file,
//! two rapporteurs' files of one session merge into it with nothing doubled and nothing
//! dropped, a second import changes nothing, and a broken file is refused with the file and
//! the place named, leaving the store as it was.

mod common;

use common::{stderr, stdout, succeeds};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, TimeZone, Utc};
use rapporteur::domain::conflict::Disputed;
use rapporteur::domain::{Intervention, InterventionId, ParticipantId, SessionId, SessionRecord};
use rapporteur::export::json;
use rapporteur::export::Scope;
use rapporteur::store::Store;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json")
}

fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap()
}

/// Runs the binary on the store at `db`, from `dir` so that files are named as a user would
/// name them, with no user configuration.
fn rapporteur(db: &Path, dir: &Path, args: &[&str]) -> Output {
    common::rapporteur_in(dir, db, args)
}

/// The store's session `id`, read as the app reads it.
fn load(db: &Path, id: u64) -> SessionRecord {
    Store::open(db).unwrap().load(SessionId(id)).unwrap()
}

fn session_count(db: &Path) -> usize {
    Store::open(db).unwrap().sessions().unwrap().len()
}

fn export(record: &SessionRecord) -> Vec<u8> {
    json::render(record, Scope::default()).unwrap()
}

/// The demonstration session, saved and read back from a store as an export reads it.
fn demo_in_store(db: &Path) -> SessionRecord {
    let store = Store::open(db).unwrap();
    store
        .save_record(&rapporteur::demo::demo_record(SessionId(1), fixed_now()))
        .unwrap();
    store.load(SessionId(1)).unwrap()
}

#[test]
fn export_import_export_gives_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = export(&demo_in_store(&dir.path().join("laptop")));
    std::fs::write(dir.path().join("session.json"), &first).unwrap();

    let db = dir.path().join("empty");
    let out = succeeds(rapporteur(&db, dir.path(), &["import", "session.json"]));
    assert!(
        out.starts_with("Imported session.json as session 1 (Working Group on Trafficking"),
        "{out}"
    );
    let second = export(&load(&db, 1));
    assert!(
        first == second,
        "the second export differs:\n{}",
        String::from_utf8_lossy(&second)
    );
}

#[test]
fn the_binary_exports_imports_and_exports_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    succeeds(rapporteur(&one, dir.path(), &["demo"]));
    let args = ["export", "--format", "json", "-o"];
    succeeds(rapporteur(
        &one,
        dir.path(),
        &[&args[..], &["first.json"]].concat(),
    ));
    let out = succeeds(rapporteur(&two, dir.path(), &["import", "first.json"]));
    assert!(
        out.starts_with("Imported first.json as session 1 ("),
        "{out}"
    );
    succeeds(rapporteur(
        &two,
        dir.path(),
        &[&args[..], &["second.json"]].concat(),
    ));
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert!(read("first.json") == read("second.json"));
}

#[test]
fn a_scoped_export_holds_only_its_interventions() {
    let dir = tempfile::tempdir().unwrap();
    let record = demo_in_store(&dir.path().join("laptop"));
    let scope = Scope {
        meeting: Some(1),
        agenda_item: None,
    };
    let bytes = json::render(&record, scope).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains("\"scope\": {\n    \"meeting\": 1\n  },"),
        "{text}"
    );
    let back = json::parse(&bytes, "m1.json").unwrap();
    assert!(back.interventions.iter().all(|iv| iv.meeting == 1));
    assert_eq!(
        back.interventions.len(),
        record
            .interventions
            .iter()
            .filter(|iv| iv.meeting == 1)
            .count()
    );
    assert_eq!(back.participants, record.participants);
    assert_eq!(back.meetings, record.meetings);
}

/// Who an intervention is and everything it holds but its id and what it interrupts.
fn content(record: &SessionRecord, iv: &Intervention) -> String {
    let mut iv = iv.clone();
    let speaker = record.speaker_name(iv.speaker).to_string();
    iv.id = InterventionId(0);
    iv.speaker = ParticipantId(0);
    iv.interrupts = None;
    format!("{speaker} {iv:?}")
}

/// The morning rapporteur's and the afternoon rapporteur's files of the demonstration
/// session: they overlap by four interventions, three identical and one whose note the
/// afternoon rapporteur wrote differently. The afternoon laptop numbered its interventions
/// from 1 and knew the participants under other ids. Returns the whole session too, and the
/// start of the conflicting intervention.
fn morning_and_afternoon() -> (SessionRecord, SessionRecord, SessionRecord, DateTime<Utc>) {
    let whole = rapporteur::demo::demo_record(SessionId(1), fixed_now());
    let n = whole.interventions.len();
    let split = n / 2;
    let mut morning = whole.clone();
    morning.interventions.truncate(split + 2);
    morning.lists.clear();
    let mut afternoon = whole.clone();
    afternoon.interventions.drain(..split - 2);

    let count = afternoon.participants.len() as u32;
    let other_id = |id: ParticipantId| ParticipantId(count + 1 - id.0);
    afternoon.participants.reverse();
    for p in &mut afternoon.participants {
        p.id = other_id(p.id);
    }
    let first = afternoon.interventions[0].id.0;
    for iv in &mut afternoon.interventions {
        iv.speaker = other_id(iv.speaker);
        iv.id = InterventionId(iv.id.0 - first + 1);
        iv.interrupts = iv
            .interrupts
            .filter(|i| i.0 >= first)
            .map(|i| InterventionId(i.0 - first + 1));
    }
    for list in &mut afternoon.lists {
        for i in list.speakers.iter_mut().chain(list.replies.iter_mut()) {
            i.speaker = other_id(i.speaker);
        }
    }
    // The last of the four in both files, written up differently in the afternoon.
    let conflicting = &mut afternoon.interventions[3];
    conflicting.set_note(format!(
        "Also stressed #data-protection. {}",
        conflicting.note
    ));
    let started = conflicting.started_at;
    (whole, morning, afternoon, started)
}

#[test]
fn two_rapporteurs_files_merge_with_nothing_doubled_and_the_conflict_kept() {
    let (whole, morning, afternoon, conflict_start) = morning_and_afternoon();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("morning.json"), export(&morning)).unwrap();
    std::fs::write(dir.path().join("afternoon.json"), export(&afternoon)).unwrap();
    let db = dir.path().join("store");

    let out = succeeds(rapporteur(
        &db,
        dir.path(),
        &["import", "morning.json", "afternoon.json"],
    ));
    // The four the two files share are not added: three the same, one kept in conflict.
    let added = afternoon.interventions.len() - 4;
    let lists = match whole.lists.len() {
        1 => "1 list of speakers".to_string(),
        n => format!("{n} lists of speakers"),
    };
    let headline = format!(
        "Merged afternoon.json into session 1 (Working Group on Trafficking in Persons, \
         Thirteenth session): {added} interventions added, 3 already there, {lists} added, \
         1 conflict kept for a decision.\n"
    );
    assert!(out.contains(&headline), "{out}");
    let local = conflict_start
        .with_timezone(&chrono_tz::Europe::Vienna)
        .format("%H:%M:%S")
        .to_string();
    let line = out
        .lines()
        .find(|l| l.starts_with("  conflict 1: meeting "))
        .unwrap_or_else(|| panic!("no conflict line in:\n{out}"));
    assert!(
        line.contains(&format!("at {local}: note (store: \"")),
        "{line}"
    );
    assert!(line.contains("Also stressed #data-protection."), "{line}");
    assert_eq!(session_count(&db), 1, "one session, not two");

    let merged = load(&db, 1);
    // Every intervention once; the conflicting one in the store's version, the file's kept
    // beside it.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for iv in &merged.interventions {
        *seen.entry(content(&merged, iv)).or_default() += 1;
    }
    for iv in &whole.interventions {
        assert_eq!(seen.get(&content(&whole, iv)), Some(&1), "{iv:?}");
    }
    assert_eq!(merged.interventions.len(), whole.interventions.len());
    let at_conflict: Vec<&Intervention> = merged
        .interventions
        .iter()
        .filter(|iv| iv.started_at == conflict_start)
        .collect();
    assert_eq!(at_conflict.len(), 1);
    let [conflict] = merged.session.conflicts.as_slice() else {
        panic!("one conflict: {:?}", merged.session.conflicts)
    };
    let Disputed::Intervention { id, other } = &conflict.disputed else {
        panic!("about the intervention: {conflict:?}")
    };
    assert_eq!(*id, at_conflict[0].id);
    assert!(other.note.starts_with("Also stressed #data-protection."));
    assert_eq!(conflict.from, "afternoon.json");

    // Ids are the order the floor was given, from 1 without a gap.
    for (i, iv) in merged.interventions.iter().enumerate() {
        assert_eq!(iv.id, InterventionId(i as u64 + 1));
    }
    assert!(merged
        .interventions
        .windows(2)
        .all(|w| w[0].started_at <= w[1].started_at));
    // A point of order still interrupts the statement it interrupted.
    for (iv, original) in merged
        .interventions
        .iter()
        .filter(|iv| iv.interrupts.is_some())
        .zip(
            whole
                .interventions
                .iter()
                .filter(|iv| iv.interrupts.is_some()),
        )
    {
        let target = |r: &SessionRecord, iv: &Intervention| {
            let id = iv.interrupts.unwrap();
            r.interventions
                .iter()
                .find(|t| t.id == id)
                .unwrap()
                .started_at
        };
        assert_eq!(target(&merged, iv), target(&whole, original));
    }
    assert_eq!(merged.participants.len(), whole.participants.len());
    assert_eq!(merged.lists.len(), whole.lists.len());
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let (_, morning, afternoon, _) = morning_and_afternoon();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("morning.json"), export(&morning)).unwrap();
    std::fs::write(dir.path().join("afternoon.json"), export(&afternoon)).unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur(
        &db,
        dir.path(),
        &["import", "morning.json", "afternoon.json"],
    ));
    let before = load(&db, 1);
    let journal = std::fs::metadata(rapporteur::store::journal_path(&db))
        .unwrap()
        .len();

    for file in ["afternoon.json", "morning.json"] {
        let out = succeeds(rapporteur(&db, dir.path(), &["import", file]));
        assert!(
            out.starts_with(&format!("Nothing new in {file}: session 1 (")),
            "{out}"
        );
    }
    assert_eq!(load(&db, 1), before);
    assert_eq!(session_count(&db), 1);
    let after = std::fs::metadata(rapporteur::store::journal_path(&db))
        .unwrap()
        .len();
    assert_eq!(after, journal, "nothing was written");
}

#[test]
fn a_merge_in_memory_reports_what_it_did() {
    let (whole, morning, afternoon, _) = morning_and_afternoon();
    let first = rapporteur::import::merge::merge(&morning, &afternoon, "afternoon.json");
    assert_eq!(first.report.already_there, 3);
    assert_eq!(first.report.conflicts.len(), 1);
    // Written up differently live: the note and the live record differ, nothing else.
    let (_, differences) = first.report.conflicts[0].split_once(" at ").unwrap();
    let differences: Vec<&str> = differences.split("; ").collect();
    assert_eq!(differences.len(), 2, "{differences:?}");
    assert!(differences[0].contains(": note (store: \""));
    assert_eq!(differences[1], "the note as written live");
    assert_eq!(first.report.lists_taken, whole.lists.len());
    let again = rapporteur::import::merge::merge(&first.record, &afternoon, "afternoon.json");
    assert!(again.report.nothing_new());
    assert!(rapporteur::import::merge::changes(Some(&first.record), &again.record).is_empty());
}

/// A store holding the demonstration session, and what it holds.
fn store_with_demo(dir: &Path) -> (PathBuf, SessionRecord) {
    let db = dir.join("store");
    let record = demo_in_store(&db);
    (db, record)
}

/// Imports a broken fixture: refused with exit code 1, the store as it was. Returns stderr.
fn refused(file: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (db, before) = store_with_demo(dir.path());
    let out = rapporteur(&db, &fixtures(), &["import", file]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert_eq!(load(&db, 1), before);
    assert_eq!(session_count(&db), 1);
    // Nor is a store created where there was none.
    let fresh = dir.path().join("fresh");
    let out = rapporteur(&fresh, &fixtures(), &["import", file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!fresh.exists());
    stderr(&out)
}

#[test]
fn the_good_fixture_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let out = succeeds(rapporteur(&db, &fixtures(), &["import", "good.json"]));
    assert_eq!(
        out,
        "Imported good.json as session 1 (Working Group on Trafficking in Persons, Thirteenth \
         session): 1 meeting, 2 agenda items, 2 participants, 3 interventions.\n"
    );
}

#[test]
fn a_truncated_file_is_refused_with_its_line_and_column() {
    assert_eq!(
        refused("truncated.json"),
        "rapporteur: truncated.json:90:38: the file ends too soon (EOF while parsing a string): \
         it was cut short, perhaps while being copied; export it again\nNothing was imported.\n"
    );
}

#[test]
fn a_file_that_is_not_json_is_refused() {
    assert_eq!(
        refused("not_json.json"),
        "rapporteur: not_json.json:1:2: the file is not JSON (expected ident); is it a \
         rapporteur export?\nNothing was imported.\n"
    );
}

#[test]
fn a_file_of_another_format_is_refused() {
    assert_eq!(
        refused("wrong_format.json"),
        "rapporteur: wrong_format.json: not a rapporteur export (its \"format\" is \
         \"minutes-taker\", not \"rapporteur\"); only files written by `rapporteur export \
         --format json` can be imported\nNothing was imported.\n"
    );
}

#[test]
fn a_file_of_a_newer_schema_is_refused_naming_both_versions() {
    assert_eq!(
        refused("newer_schema.json"),
        "rapporteur: newer_schema.json: written by a newer rapporteur (JSON schema version 2); \
         this one reads version 1. Update rapporteur to import it\nNothing was imported.\n"
    );
}

#[test]
fn a_field_of_the_wrong_type_is_refused_with_its_line_and_column() {
    assert_eq!(
        refused("wrong_type.json"),
        "rapporteur: wrong_type.json:98:26: invalid type: string \"first\", expected u32\n\
         Nothing was imported.\n"
    );
}

#[test]
fn an_unknown_speaker_is_refused_naming_the_intervention_and_the_id() {
    assert_eq!(
        refused("unknown_speaker.json"),
        "rapporteur: unknown_speaker.json: intervention 3 (meeting 1, started \
         2026-11-23T09:17:10Z) names speaker id 9, who is not among the file's participants\n\
         Nothing was imported.\n"
    );
}

#[test]
fn a_duplicate_id_is_refused() {
    assert_eq!(
        refused("duplicate_id.json"),
        "rapporteur: duplicate_id.json: intervention 1 appears twice\nNothing was imported.\n"
    );
}

#[test]
fn one_broken_file_among_several_stops_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let out = rapporteur(
        &db,
        &fixtures(),
        &["import", "good.json", "wrong_type.json", "missing.json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("wrong_type.json:98:26: "), "{err}");
    assert!(
        err.contains("missing.json: cannot read the file ("),
        "{err}"
    );
    assert!(
        err.ends_with("rapporteur: 2 of the 3 files cannot be imported; nothing was imported.\n"),
        "{err}"
    );
    assert!(!db.exists(), "the store was not even opened");
}
