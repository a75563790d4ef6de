//! The journal in the store's folder: what a power cut can leave of a sled store is refused rather
//! than opened short, and `recover` brings back every session, intervention and note from the
//! journal, byte for byte.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::power_cut;
use rapporteur::domain::*;
use rapporteur::store::{journal_path, recover, Change, Saver, Store, StoreError};

/// Notes in the scripts and marks a rapporteur meets: Arabic, Chinese, Cyrillic, emoji,
/// combining marks (a decomposed é and a Devanagari conjunct), and a line break.
const NOTES: [&str; 4] = [
    "تؤيد المجموعة العربية مشروع القرار. #تمويل",
    "中国代表团支持秘书处的提案，并强调能力建设。",
    "Российская Федерация — против 🙂👍🏽 #vote",
    "Cafe\u{301} ; नमस्ते क्षमा\nR: renvoyer au groupe de travail",
];

fn session(id: u64) -> SessionRecord {
    let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
    let mut record = SessionRecord::starter(SessionId(id), now, "Europe/Vienna");
    record.session.body = format!("Working Group {id} on Trafficking in Persons");
    record.session.chairs = vec!["A. Chair".into()];
    for (n, name) in ["Egypt", "China", "Russian Federation", "India"]
        .iter()
        .enumerate()
    {
        record.participants.push(Participant {
            id: ParticipantId(n as u32 + 1),
            name: (*name).into(),
            category: Category::MemberState,
            attendance: Attendance::InRoom,
            organisation: None,
        });
    }
    let mut list = SpeakersList::new(AgendaItemId(1));
    list.inscribe(Inscription::statement(ParticipantId(4)))
        .unwrap();
    record.lists.push(list);
    record
}

/// An intervention of `speaker`, with its note still empty.
fn intervention(id: u64, speaker: u32) -> Intervention {
    let at = Utc.with_ymd_and_hms(2024, 7, 2, 8, id as u32, 0).unwrap();
    Intervention {
        ended_at: Some(at + chrono::TimeDelta::seconds(170)),
        time_limit_secs: Some(180),
        ..Intervention::new(
            InterventionId(id),
            1,
            AgendaItemId(1),
            ParticipantId(speaker),
            InterventionKind::Statement,
            at,
        )
    }
}

/// Two sessions written as the app writes them: through the saver, notes a keystroke at a
/// time, one intervention given by mistake and removed. Returns them as the store holds them.
fn write_through_saver(path: &Path) -> Vec<SessionRecord> {
    let store = Arc::new(Store::open(path).unwrap());
    let mut saver = Saver::start(store.clone(), |_| {});
    for id in [1, 2] {
        let record = session(id);
        let sid = record.session.id;
        saver.save(Change::Session(record.session.clone()));
        for m in &record.meetings {
            saver.save(Change::Meeting(sid, m.clone()));
        }
        for a in &record.agenda {
            saver.save(Change::AgendaItem(sid, a.clone()));
        }
        for p in &record.participants {
            saver.save(Change::Participant(sid, p.clone()));
        }
        for (n, text) in NOTES.iter().enumerate() {
            let iv = intervention(n as u64 + 1, n as u32 + 1);
            saver.save(Change::Intervention(sid, iv.clone()));
            let mut typed = String::new();
            for c in text.chars() {
                typed.push(c);
                saver.save(Change::Note(sid, iv.id, typed.clone()));
                // At typing pace each keystroke is written on its own.
                saver.sync().unwrap();
            }
        }
        let mistake = intervention(9, 1);
        saver.save(Change::Intervention(sid, mistake.clone()));
        saver.save(Change::Note(sid, mistake.id, "oops".into()));
        saver.save(Change::RemoveIntervention(sid, mistake.id));
        for l in &record.lists {
            saver.save(Change::List(sid, l.clone()));
        }
    }
    saver.save(Change::LastSession(SessionId(1)));
    saver.finish().unwrap();
    let written = vec![
        store.load(SessionId(1)).unwrap(),
        store.load(SessionId(2)).unwrap(),
    ];
    assert_eq!(written[0].interventions.len(), NOTES.len());
    for (iv, text) in written[0].interventions.iter().zip(NOTES) {
        assert_eq!(iv.note, text);
    }
    written
}

/// Checks that the store at `path` holds exactly `expected`, note bytes included.
fn assert_holds(path: &Path, expected: &[SessionRecord]) {
    let store = Store::open(path).expect("the recovered store opens");
    for record in expected {
        let found = store.load(record.session.id).unwrap();
        assert_eq!(&found, record);
        for (a, b) in found.interventions.iter().zip(&record.interventions) {
            assert_eq!(a.note.as_bytes(), b.note.as_bytes());
        }
    }
    assert_eq!(store.sessions().unwrap().len(), expected.len());
    assert_eq!(store.most_recent_session().unwrap(), Some(SessionId(1)));
}

/// Where each record of the journal's bytes ends (a record: a u32 length, a u32 checksum,
/// the payload), up to the zeros written ahead of the records to come.
fn record_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut pos = 0;
    while let Some(header) = bytes.get(pos..pos + 8) {
        let len = u32::from_le_bytes(header[..4].try_into().unwrap()) as usize;
        if len == 0 {
            break;
        }
        pos += 8 + len;
        ends.push(pos);
    }
    ends
}

/// The length of the journal's records, without the zeros written ahead of them.
fn records_len(journal: &Path) -> u64 {
    record_ends(&std::fs::read(journal).unwrap())
        .last()
        .map_or(0, |&end| end as u64)
}

fn files_beginning(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    found.sort();
    found
}

#[test]
fn a_store_cut_short_by_a_power_cut_is_refused_not_opened_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    write_through_saver(&path);
    power_cut(&path);

    let err = Store::open(&path)
        .err()
        .expect("a store that lost its changes is not opened as an empty one");
    assert!(
        matches!(&err, StoreError::BehindJournal { path: p, journal }
            if *p == path && *journal == journal_path(&path)),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("rapporteur recover"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    // Still refused the second time: refusing wrote nothing that would hide the loss.
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::BehindJournal { .. })
    ));
}

#[test]
fn recover_brings_back_every_session_intervention_and_note_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let written = write_through_saver(&path);
    power_cut(&path);

    let report = recover(&path).unwrap();
    assert_eq!(report.sessions, 2);
    assert_eq!(report.interventions, 2 * NOTES.len());
    assert_eq!(report.notes, 2 * NOTES.len());
    assert_eq!((report.torn_bytes, report.damaged_bytes), (0, 0));
    assert!(report.records_replayed > 100, "{report:?}");

    // The store as it was is moved aside, whole, never deleted.
    let old = report.moved_aside.clone().expect("the old store is kept");
    assert_eq!(
        files_beginning(dir.path(), "store.damaged-"),
        std::slice::from_ref(&old)
    );
    let name = old.file_name().unwrap().to_string_lossy().into_owned();
    let stamp = name.strip_prefix("store.damaged-").unwrap();
    assert_eq!(stamp.len(), "20240702T101500".len(), "{name}");
    assert_eq!(std::fs::metadata(old.join("db")).unwrap().len(), 100);
    let told = report.to_string();
    assert!(told.contains(&old.display().to_string()), "{told}");

    assert_holds(&path, &written);
    // And it goes on as a store like any other: reopened, it is not behind its journal.
    assert_holds(&path, &written);
}

#[test]
fn a_torn_last_record_is_left_out_and_everything_before_it_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let written = write_through_saver(&path);
    {
        // One more keystroke, alone in the last record of the journal.
        let store = Arc::new(Store::open(&path).unwrap());
        let mut saver = Saver::start(store, |_| {});
        let text = format!("{}!", NOTES[0]);
        saver.save(Change::Note(SessionId(1), InterventionId(1), text));
        saver.finish().unwrap();
    }
    let journal = journal_path(&path);
    // The journal ends with the keystroke's record, then the mark that the store was flushed
    // holding it: a cut inside the keystroke's record is what a power cut mid-append leaves.
    let ends = record_ends(&std::fs::read(&journal).unwrap());
    let len = ends[ends.len() - 2] as u64;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&journal)
        .unwrap()
        .set_len(len - 5)
        .unwrap();
    power_cut(&path);

    let report = recover(&path).unwrap();
    assert!(report.torn_bytes > 0, "{report:?}");
    assert_eq!(report.damaged_bytes, 0);
    // The journal as found goes aside with the store it was found in.
    let kept = journal_path(
        &report
            .moved_aside
            .clone()
            .expect("the store as found is kept"),
    );
    assert_eq!(std::fs::metadata(&kept).unwrap().len(), len - 5);
    assert!(report.to_string().contains("cut off"), "{report}");
    // Everything but the torn keystroke.
    assert_holds(&path, &written);
}

#[test]
fn a_store_with_flipped_bytes_is_refused_and_recovered_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let written = write_through_saver(&path);
    let db = path.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    // Bit rot through the whole log, past sled's header.
    for i in (64..bytes.len()).step_by(61) {
        bytes[i] ^= 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();

    match Store::open(&path) {
        Err(StoreError::Damaged { .. } | StoreError::BehindJournal { .. }) => {}
        Err(other) => panic!("refused, but for another reason: {other}"),
        Ok(_) => panic!("a store with flipped bytes opened as if sound"),
    }
    let report = recover(&path).unwrap();
    assert!(report.moved_aside.is_some());
    assert_holds(&path, &written);
}

#[test]
fn a_compacted_journal_rebuilds_the_same_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let written = write_through_saver(&path);
    let journal = journal_path(&path);
    let long = records_len(&journal);
    {
        let store = Store::open(&path).unwrap();
        store.compact_journal().unwrap();
        // The store goes on after compaction, through the journal as before.
        store.apply(&Change::LastSession(SessionId(1))).unwrap();
        store.flush_durable().unwrap();
    }
    let short = records_len(&journal);
    assert!(short < long / 4, "{short} bytes after, {long} before");

    power_cut(&path);
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::BehindJournal { .. })
    ));
    let report = recover(&path).unwrap();
    assert_eq!(report.interventions, 2 * NOTES.len());
    assert_holds(&path, &written);
}

/// A note of about 100 KB that differs from the one before it from its first line to its
/// last: journaled whole each time, not as an edit.
fn rewritten(n: usize) -> String {
    (0..3_500)
        .map(|line| format!("{n} {line} Égalité 中文 🙂\n"))
        .collect()
}

#[test]
fn a_long_journal_is_compacted_when_the_store_opens_sound() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let mut record = session(1);
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&record).unwrap();
        // A note of 100 KB rewritten throughout a hundred times: 10 MB of journal.
        let mut iv = intervention(1, 1);
        store
            .write_batch(&[Change::Intervention(SessionId(1), iv.clone())])
            .unwrap();
        for n in 0..100 {
            store
                .write_batch(&[Change::Note(SessionId(1), iv.id, rewritten(n))])
                .unwrap();
        }
        iv.set_note(rewritten(99));
        record.interventions.push(iv);
        store.apply(&Change::LastSession(SessionId(1))).unwrap();
        store.flush_durable().unwrap();
    }
    let journal = journal_path(&path);
    assert!(records_len(&journal) > 8 << 20);
    drop(Store::open(&path).unwrap());
    assert!(records_len(&journal) < 1 << 20);

    power_cut(&path);
    recover(&path).unwrap();
    assert_holds(&path, &[record]);
}

#[test]
fn a_long_journal_is_rewritten_in_short_while_the_app_runs_when_the_typing_pauses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let mut record = session(1);
    let store = Arc::new(Store::open(&path).unwrap());
    store.save_record(&record).unwrap();
    let mut saver = Saver::start(store.clone(), |_| {});
    // A long day: a 100 KB note rewritten throughout a hundred times, 10 MB of journal.
    let mut iv = intervention(1, 1);
    saver.save(Change::Intervention(SessionId(1), iv.clone()));
    for n in 0..100 {
        saver.save(Change::Note(SessionId(1), iv.id, rewritten(n)));
        saver.sync().unwrap();
    }
    let journal = journal_path(&path);
    let long = records_len(&journal);
    assert!(long > 8 << 20, "{long}");
    // The typing pauses: the writer flushes the store and shortens the journal.
    let started = std::time::Instant::now();
    while records_len(&journal) >= long {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the journal was not rewritten in short during a pause"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(records_len(&journal) < 1 << 20);
    // And the typing goes on into the short journal.
    let last = format!("{} Fin.", rewritten(99));
    saver.save(Change::Note(SessionId(1), iv.id, last.clone()));
    saver.finish().unwrap();
    drop(store);
    iv.set_note(last);
    record.interventions.push(iv);

    power_cut(&path);
    recover(&path).unwrap();
    assert_holds(&path, &[record]);
}

#[test]
fn a_session_saved_whole_goes_through_the_journal() {
    // What `rapporteur demo` and an import do.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let mut record = session(1);
    for (n, text) in NOTES.iter().enumerate() {
        let mut iv = intervention(n as u64 + 1, n as u32 + 1);
        iv.set_note(text.to_string());
        record.interventions.push(iv);
    }
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&record).unwrap();
        store.apply(&Change::LastSession(SessionId(1))).unwrap();
        store.flush_durable().unwrap();
    }
    power_cut(&path);
    recover(&path).unwrap();
    assert_holds(&path, &[record]);
}

#[test]
fn a_lost_journal_is_refused_then_written_again_from_the_store_by_recover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let written = write_through_saver(&path);
    std::fs::remove_file(journal_path(&path)).unwrap();
    // Changes saved after the store's last flush would be gone without a word.
    let err = Store::open(&path)
        .err()
        .expect("a store without its journal is refused");
    assert!(matches!(err, StoreError::MissingJournal { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("rapporteur recover"), "{message}");
    assert!(
        message.contains("keeps everything the store holds"),
        "{message}"
    );
    let report = recover(&path).unwrap();
    assert!(report.journal_unused.is_some(), "{report}");
    assert!(
        report.to_string().contains("from the store as found"),
        "{report}"
    );
    assert!(std::fs::metadata(journal_path(&path)).unwrap().len() > 0);

    power_cut(&path);
    recover(&path).unwrap();
    assert_holds(&path, &written);
}

#[test]
fn damage_before_the_stores_last_flush_opens_whole_and_recover_tells_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let written = write_through_saver(&path);
    let journal = journal_path(&path);
    let mut bytes = std::fs::read(&journal).unwrap();
    let middle = records_len(&journal) as usize / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&journal, &bytes).unwrap();

    // The store holds every change before its last flush mark: opening reads the journal
    // from that mark on, so the damage before it costs nothing and changes nothing.
    assert_holds(&path, &written);
    assert!(files_beginning(&path, "journal.damaged-").is_empty());
    let now = std::fs::read(&journal).unwrap();
    assert!(
        now[..=middle] == bytes[..=middle],
        "the journal is left as found"
    );

    // `recover` reads the journal whole: it finds the damage, says so, and keeps the store,
    // which holds more than the journal's rebuild.
    let report = recover(&path).unwrap();
    assert!(report.damaged_bytes > 0, "{report:?}");
    assert_holds(&path, &written);
}

/// A removal (the floor given by mistake and taken back) lost to damage in the journal
/// must not bring the removed intervention back: wherever the damage lands before the store's
/// last flush, opening and `recover` give the record as it was saved.
#[test]
fn damage_anywhere_before_the_stores_last_flush_brings_nothing_removed_back() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = dir.path().join("pristine");
    let saved = {
        let store = Store::open(&pristine).unwrap();
        let record = session(1);
        let sid = record.session.id;
        store.save_record(&record).unwrap();
        let mistake = intervention(9, 1);
        store
            .write_batch(&[
                Change::Intervention(sid, mistake.clone()),
                Change::Note(sid, mistake.id, "oops".into()),
            ])
            .unwrap();
        store
            .write_batch(&[Change::RemoveIntervention(sid, mistake.id)])
            .unwrap();
        let mut meeting = record.meetings[0].clone();
        meeting.note = "The Chair opened the meeting.".into();
        store.write_batch(&[Change::Meeting(sid, meeting)]).unwrap();
        store.flush_durable().unwrap();
        vec![store.load(sid).unwrap()]
    };
    let ends = record_ends(&std::fs::read(journal_path(&pristine)).unwrap());
    // A byte in the middle of each record but the first (the store's name) and the last.
    let middles: Vec<usize> = ends.windows(2).map(|w| (w[0] + w[1]) / 2).collect();
    for (k, &middle) in middles
        .iter()
        .enumerate()
        .take(middles.len().saturating_sub(1))
    {
        let path = dir.path().join(format!("store-{k}"));
        common::copy_tree(&pristine, &path);
        let journal = journal_path(&path);
        let mut bytes = std::fs::read(&journal).unwrap();
        bytes[middle] ^= 0x01;
        std::fs::write(&journal, &bytes).unwrap();
        assert_holds(&path, &saved);
        recover(&path).unwrap();
        assert_holds(&path, &saved);
    }
}

#[test]
fn recover_without_a_journal_says_so_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    write_through_saver(&path);
    std::fs::remove_file(journal_path(&path)).unwrap();
    power_cut(&path);

    let err = recover(&path).expect_err("nothing to rebuild from");
    assert!(matches!(err, StoreError::NoJournal { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&journal_path(&path).display().to_string()),
        "{message}"
    );
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(std::fs::metadata(path.join("db")).unwrap().len(), 100);
    assert!(files_beginning(dir.path(), "store.").is_empty());
}

#[test]
fn a_store_in_use_is_not_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    write_through_saver(&path);
    let open = Store::open(&path).unwrap();

    let err = recover(&path).expect_err("the store is in use");
    assert!(matches!(err, StoreError::InUse { .. }), "{err:?}");
    assert!(files_beginning(dir.path(), "store.damaged-").is_empty());
    assert!(files_beginning(dir.path(), "store.recovering-").is_empty());
    assert_eq!(open.sessions().unwrap().len(), 2);
}

#[test]
fn a_damaged_store_is_pointed_to_recover_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    write_through_saver(&path);
    std::fs::write(path.join("conf"), b"\xff\xfe not a sled config").unwrap();

    let err = Store::open(&path)
        .err()
        .expect("a damaged store is refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    let message = err.to_string();
    let recover_at = message.find("rapporteur recover").expect(&message);
    let move_at = message.find("mv ").expect(&message);
    assert!(recover_at < move_at, "{message}");
}
