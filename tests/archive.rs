//! The archive: sessions not in use are moved out of the main sled at an opening, and read,
//! listed, exported, written to and recovered exactly as before.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use proptest::prelude::*;

use rapporteur::demo::large_record;
use rapporteur::domain::{InterventionId, SessionId, SessionRecord};
use rapporteur::export::{render, Format, Scope};
use rapporteur::store::{recover, Change, Store, StoreError};

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap()
}

/// A store of `sessions` sessions of `interventions` each, written through one opening (so
/// that nothing is archived yet), and each session as the store then reads it.
fn store_of(
    path: &Path,
    sessions: u64,
    interventions: usize,
) -> BTreeMap<SessionId, SessionRecord> {
    store_and_list(path, sessions, interventions).0
}

/// `store_of`, and the list `rapporteur sessions` prints of it.
fn store_and_list(
    path: &Path,
    sessions: u64,
    interventions: usize,
) -> (BTreeMap<SessionId, SessionRecord>, String) {
    let store = Store::open(path).unwrap();
    for s in 1..=sessions {
        store
            .save_record(&large_record(SessionId(s), at(), interventions, 12))
            .unwrap();
    }
    (
        everything(&store),
        rapporteur::cli::list_sessions(&store).unwrap(),
    )
}

fn everything(store: &Store) -> BTreeMap<SessionId, SessionRecord> {
    store
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| (s.session.id, store.load(s.session.id).unwrap()))
        .collect()
}

fn archived_files(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path.join("archive"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn exports(records: &BTreeMap<SessionId, SessionRecord>) -> Vec<Vec<u8>> {
    records
        .values()
        .flat_map(|r| {
            [Format::Md, Format::Csv, Format::Json]
                .map(|f| render(r, Scope::default(), f, at()).unwrap())
        })
        .collect()
}

#[test]
fn archived_sessions_load_export_and_list_exactly_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let (before, listed_before) = store_and_list(&path, 6, 40);
    drop(Store::open(&path).unwrap());
    assert_eq!(
        archived_files(&path),
        [
            "1.session",
            "2.session",
            "3.session",
            "4.session",
            "5.session"
        ],
        "every session but the one created last is moved to the archive"
    );
    let store = Store::open(&path).unwrap();
    assert!(store.notices().is_empty(), "{:?}", store.notices());
    assert_eq!(
        rapporteur::cli::list_sessions(&store).unwrap(),
        listed_before
    );
    let after = everything(&store);
    assert_eq!(after, before);
    assert_eq!(exports(&after), exports(&before));
    // The journal still holds every session: its rewrite in short reads the archive too.
    store.compact_journal().unwrap();
    drop(store);
    let rebuilt = dir.path().join("rebuilt");
    std::fs::create_dir(&rebuilt).unwrap();
    std::fs::copy(path.join("journal"), rebuilt.join("journal")).unwrap();
    recover(&rebuilt).unwrap();
    assert_eq!(everything(&Store::open(&rebuilt).unwrap()), before);
}

#[test]
fn a_write_to_an_archived_session_brings_it_back_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let mut model = store_of(&path, 5, 20);
    drop(Store::open(&path).unwrap());
    assert!(archived_files(&path).contains(&"2.session".to_owned()));
    {
        let store = Store::open(&path).unwrap();
        let first = model[&SessionId(2)].interventions[0].id;
        store
            .write_batch(&[Change::Note(SessionId(2), first, "Brazil, amended.".into())])
            .unwrap();
        store
            .apply(&Change::RemoveIntervention(SessionId(3), InterventionId(2)))
            .unwrap();
        model.get_mut(&SessionId(2)).unwrap().interventions[0].set_note("Brazil, amended.".into());
        model
            .get_mut(&SessionId(3))
            .unwrap()
            .interventions
            .retain(|iv| iv.id != InterventionId(2));
        assert_eq!(everything(&store), model);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(everything(&store), model);
    let counts: Vec<usize> = store
        .sessions()
        .unwrap()
        .iter()
        .map(|s| s.interventions)
        .collect();
    assert_eq!(counts, [20, 20, 19, 20, 20]);
}

#[test]
fn a_missing_archive_is_refused_and_recover_rebuilds_every_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let before = store_of(&path, 5, 20);
    drop(Store::open(&path).unwrap());
    std::fs::remove_dir_all(path.join("archive")).unwrap();
    let refused = Store::open(&path).err().expect("refused");
    let message = refused.to_string();
    assert!(matches!(refused, StoreError::Damaged { .. }), "{message}");
    assert!(message.contains("archive"), "{message}");
    assert!(message.contains("sessions 1, 2, 3, 4"), "{message}");
    assert!(message.contains("rapporteur recover"), "{message}");
    let report = recover(&path).unwrap();
    assert_eq!(report.sessions, 5, "{report}");
    assert_eq!(everything(&Store::open(&path).unwrap()), before);
}

#[test]
fn a_damaged_archive_file_is_refused_when_read_and_recover_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let before = store_of(&path, 5, 20);
    drop(Store::open(&path).unwrap());
    let file = path.join("archive").join("2.session");
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&file, &bytes).unwrap();
    {
        let store = Store::open(&path).expect("the sessions in use open");
        assert_eq!(store.load(SessionId(5)).unwrap(), before[&SessionId(5)]);
        let message = store.load(SessionId(2)).unwrap_err().to_string();
        assert!(message.contains("2.session"), "{message}");
        assert!(message.contains("is damaged"), "{message}");
        assert!(message.contains("rapporteur recover"), "{message}");
        // Never written to as if it were empty.
        assert!(store
            .apply(&Change::RemoveIntervention(SessionId(2), InterventionId(1)))
            .is_err());
    }
    let report = recover(&path).unwrap();
    let told = report.to_string();
    let file = path.join("archive").join("2.session");
    assert!(told.contains(&file.display().to_string()), "{told}");
    assert_eq!(everything(&Store::open(&path).unwrap()), before);
}

#[test]
fn recover_rebuilds_a_store_with_an_archive_whole_after_a_power_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let before = store_of(&path, 5, 20);
    drop(Store::open(&path).unwrap());
    assert!(!archived_files(&path).is_empty());
    common::power_cut(&path);
    assert!(Store::open(&path).is_err(), "a store cut short is refused");
    recover(&path).unwrap();
    assert_eq!(everything(&Store::open(&path).unwrap()), before);
}

#[test]
fn an_older_rapporteur_is_told_the_store_is_newer_not_shown_it_short() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    store_of(&path, 5, 5);
    drop(Store::open(&path).unwrap());
    let db = sled::open(&path).unwrap();
    let schema = db.open_tree("meta").unwrap().get("schema_version").unwrap();
    assert_eq!(schema.as_deref(), Some(&2u32.to_be_bytes()[..]));
}

/// A step of the property test below.
#[derive(Debug, Clone)]
enum Step {
    Note {
        session: u64,
        nth: usize,
        text: String,
    },
    Remove {
        session: u64,
        nth: usize,
    },
    OpenSession(u64),
    Reopen,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1..=7u64, 0..6usize, "[a-zé中 ]{0,30}").prop_map(|(session, nth, text)| Step::Note {
            session,
            nth,
            text
        }),
        (1..=7u64, 0..6usize).prop_map(|(session, nth)| Step::Remove { session, nth }),
        (1..=7u64).prop_map(Step::OpenSession),
        Just(Step::Reopen),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// Random writes to sessions in and out of the archive, with openings between them that
    /// move sessions to the archive and back: every session reads as a model of the same
    /// writes, kept in memory, says it should.
    #[test]
    fn every_session_reads_as_the_writes_made_to_it_wherever_it_is_kept(
        steps in prop::collection::vec(step(), 1..20)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let mut model = store_of(&path, 7, 6);
        let mut store = Store::open(&path).unwrap();
        for step in steps {
            match step {
                Step::Note { session, nth, text } => {
                    let record = model.get_mut(&SessionId(session)).unwrap();
                    if let Some(iv) = record.interventions.get_mut(nth) {
                        store.write_batch(&[Change::Note(SessionId(session), iv.id, text.clone())]).unwrap();
                        iv.set_note(text);
                    }
                }
                Step::Remove { session, nth } => {
                    let record = model.get_mut(&SessionId(session)).unwrap();
                    if nth < record.interventions.len() {
                        let id = record.interventions.remove(nth).id;
                        store.apply(&Change::RemoveIntervention(SessionId(session), id)).unwrap();
                    }
                }
                Step::OpenSession(session) => {
                    store.apply(&Change::LastSession(SessionId(session))).unwrap();
                }
                Step::Reopen => {
                    drop(store);
                    store = Store::open(&path).unwrap();
                }
            }
        }
        let counts: Vec<usize> = store.sessions().unwrap().iter().map(|s| s.interventions).collect();
        let model_counts: Vec<usize> = model.values().map(|r| r.interventions.len()).collect();
        prop_assert_eq!(counts, model_counts);
        prop_assert_eq!(&everything(&store), &model);
        drop(store);
        prop_assert_eq!(&everything(&Store::open(&path).unwrap()), &model);
    }
}
