//! sled's own I/O failure points (its `failpoints` feature, on for the tests only) fired in the
//! middle of typing, while a store opens and replays its journal, while it rewrites its
//! journal in short and while `recover` rebuilds it: whatever sled's writes do, every note
//! reported saved is there once the store is opened again, or rebuilt by `recover`.
//!
//! A failure point puts sled in an error state of its own: every later write to that store
//! fails until it is opened again. The journal, written and synced before sled is touched,
//! goes on taking every change, so typing goes on saved, quitting works, and the store is
//! given the changes it missed when it next opens. The figures each case prints show it
//! (`cargo test --test failpoints -- --nocapture`).
//!
//! The failure points are shared by the whole process, so the cases take turns (`turn`), and
//! all of them are off when a turn begins and when it ends.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::Duration;

mod common;

use common::power_cut;
use common::typing::{four_delegations, speech, statement, NOTES, SID};
use rapporteur::domain::*;
use rapporteur::store::{journal_path, recover, Change, SaveReport, Saver, Store, StoreError};

/// Longer than the pause in the typing after which the saver flushes the store (500 ms), so
/// that a flush happens meanwhile.
const PAUSE: Duration = Duration::from_millis(1200);

/// sled's failure points these cases cannot reach, said in the output of every run so that
/// no one takes them for tested: a store of a few sessions never zeroes, frees or truncates
/// a segment of its log.
const NOT_REACHED: &str = "failure points not covered (a store this small never reaches \
    them): \"zero garbage segment SA\", \"segment initial free zero\", \"file truncation\"";

/// How long one step may take before it counts as hung.
const LIMIT: Duration = Duration::from_secs(60);

static TURNS: Mutex<()> = Mutex::new(());

/// A case's hold on sled's failure points, which the whole process shares.
struct Turn {
    _held: MutexGuard<'static, ()>,
}

/// Waits for the other cases to be done with the failure points, and switches them all off.
fn turn() -> Turn {
    let held = TURNS.lock().unwrap_or_else(|p| p.into_inner());
    sled::fail::reset();
    Turn { _held: held }
}

impl Drop for Turn {
    fn drop(&mut self) {
        // Even when the case failed: the next one starts with none armed.
        sled::fail::reset();
    }
}

#[derive(Clone, Copy, Debug)]
enum Fault {
    /// The next write that reaches the point fails; the disk is sound again after it.
    Once,
    /// Every write that reaches the point fails until the points are reset.
    Lasting,
}

impl Fault {
    fn arm(self, point: &'static str) {
        // Bit i of the set: the i-th time the point is reached, it fails.
        let bits = match self {
            Fault::Once => 1,
            Fault::Lasting => u64::MAX,
        };
        sled::fail::set(point, bits);
    }
}

/// Whether a point armed `Fault::Once` has fired: sled forgets a point once it has used up
/// its failures. (Asking uses up a failure not yet used; the point is then off.)
fn fired_once(point: &'static str) -> bool {
    !sled::fail::is_active(point)
}

/// Runs `f` on a thread of its own and gives up after `limit`: a failing write must neither
/// hang the app nor crash it. A panic is reported with its message.
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => panic!(
            "{what}: panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        ),
        Err(_) => panic!("{what}: did not finish within {LIMIT:?}: hung"),
    }
}

/// A text pasted whole, longer than sled keeps in its log (a quarter of its 512 KB segment):
/// sled writes each state of that note to a file of its own.
fn long_text(id: u64, bytes: usize) -> String {
    let mut text = String::new();
    while text.len() < bytes {
        text.push_str(&speech(id));
        text.push('\n');
    }
    text
}

/// (change number, intervention, note) of every note handed over, in order.
type Log = Vec<(u64, u64, String)>;

/// Types notes through the saver, as the app hands it each keystroke.
struct Typist {
    saver: Saver,
    log: Log,
    keystrokes: usize,
    sync_errors: usize,
}

/// What the saver reported, in order.
type Reports = Arc<Mutex<Vec<SaveReport>>>;

impl Typist {
    /// A typist on `store`, through a saver of its own whose reports are kept.
    fn start(store: Arc<Store>) -> (Typist, Reports) {
        let reports: Reports = Arc::default();
        let saver = {
            let reports = reports.clone();
            Saver::start(store, move |r| reports.lock().unwrap().push(r))
        };
        let typist = Typist {
            saver,
            log: Log::new(),
            keystrokes: 0,
            sync_errors: 0,
        };
        (typist, reports)
    }

    /// Types `text` into the note of intervention `id` a keystroke at a time, after what it
    /// holds already (`before`; an empty note opens the intervention first). Waits for the
    /// disk every few keystrokes, as a typist's pace lets each keystroke be written alone.
    fn type_note(&mut self, id: u64, before: &str, text: &str) {
        if before.is_empty() {
            self.saver.save(Change::Intervention(SID, statement(id)));
        }
        let mut typed = before.to_string();
        for (n, c) in text.chars().enumerate() {
            typed.push(c);
            self.note(id, &typed);
            self.keystrokes += 1;
            if n % 8 == 7 {
                self.sync();
            }
        }
        self.sync();
    }

    /// Pastes `text` whole as the note of a new intervention `id`.
    fn paste(&mut self, id: u64, text: &str) {
        self.saver.save(Change::Intervention(SID, statement(id)));
        self.note(id, text);
        self.keystrokes += 1;
        self.sync();
    }

    fn note(&mut self, id: u64, text: &str) {
        let seq = self
            .saver
            .save(Change::Note(SID, InterventionId(id), text.to_string()));
        self.log.push((seq, id, text.to_string()));
    }

    fn sync(&mut self) {
        if self.saver.sync().is_err() {
            self.sync_errors += 1;
        }
    }
}

/// What a typing session saw of its saves.
struct Session {
    keystrokes: usize,
    /// Keystrokes among them reported durable.
    durable_keystrokes: usize,
    sent: u64,
    /// The last change reported durable.
    durable: u64,
    failed_reports: usize,
    first_error: Option<String>,
    sync_errors: usize,
    /// The answer to the sync the app makes when asked to quit: an error keeps it open.
    at_quit: Result<(), String>,
    finish: Result<(), String>,
    /// Whether the failure point fired during the session.
    fired: bool,
    log: Log,
}

/// A session on a new store at `path`: a note typed on a sound disk, the failure point armed,
/// a second note typed (or pasted long and typed on), a pause in which the saver flushes the
/// store, a third note typed, then the app quits. The store is closed at the end, as the app
/// closes it; the failure point is still armed if it has not fired.
fn typing_session(path: PathBuf, point: &'static str, fault: Fault, long: bool) -> Session {
    let store = Arc::new(Store::open(&path).unwrap());
    store.save_record(&four_delegations()).unwrap();
    let (mut typist, reports) = Typist::start(store.clone());
    // Durable in the journal, not yet flushed to the store's files.
    typist.type_note(1, "", &speech(1));
    fault.arm(point);
    if long {
        let text = long_text(2, 160 << 10);
        typist.paste(2, &text);
        typist.type_note(2, &text, " R: adopted");
    } else {
        typist.type_note(2, "", &speech(2));
    }
    // The typing pauses: the saver flushes the store.
    std::thread::sleep(PAUSE);
    typist.type_note(3, "", &speech(3));
    let at_quit = typist.saver.sync();
    let Typist {
        saver,
        log,
        keystrokes,
        sync_errors,
    } = typist;
    let sent = saver.sent();
    let finish = saver.finish().map_err(|e| e.to_string());
    // A store that met the failure can no longer flush its files: it says so, while every
    // change it took is in the journal.
    let flushed = store.flush_durable();
    drop(store);
    let reports = reports.lock().unwrap();
    let durable = reports
        .iter()
        .map(|r| match r {
            SaveReport::Durable { through } | SaveReport::Failed { through, .. } => *through,
        })
        .max()
        .unwrap_or(0);
    let failures: Vec<&String> = reports
        .iter()
        .filter_map(|r| match r {
            SaveReport::Failed { error, .. } => Some(error),
            SaveReport::Durable { .. } => None,
        })
        .collect();
    let fired = match fault {
        Fault::Once => fired_once(point),
        Fault::Lasting => flushed.is_err(),
    };
    Session {
        keystrokes,
        durable_keystrokes: log.iter().filter(|(seq, ..)| *seq <= durable).count(),
        sent,
        durable,
        failed_reports: failures.len(),
        first_error: failures.first().map(|e| first_line(e)),
        sync_errors,
        at_quit,
        finish,
        fired,
        log,
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").to_string()
}

/// Opens the store at `path` as the app would after the session, failure points off: as it
/// is, or, refused as damaged or behind its journal, once `recover` has rebuilt it. Says which.
fn reopen(path: &Path, label: &str) -> (Store, String) {
    match Store::open(path) {
        Ok(store) => (store, "opened as it was".into()),
        Err(e) => {
            let why = match e {
                StoreError::BehindJournal { .. } => "behind its journal",
                StoreError::Damaged { .. } => "damaged",
                other => panic!("{label}: reopening refused with an unexpected error: {other}"),
            };
            let report = recover(path).unwrap_or_else(|e| panic!("{label}: recover failed: {e}"));
            let store = Store::open(path)
                .unwrap_or_else(|e| panic!("{label}: recovered, yet not opened: {e}"));
            let how = format!(
                "refused ({why}), recovered ({} changes replayed)",
                report.records_replayed
            );
            (store, how)
        }
    }
}

/// What the store holds of the notes typed.
struct Held {
    /// Notes reported durable that the store lacks, or holds short of what was durable.
    lost: usize,
    /// Notes the store holds as they were last typed, out of the notes typed.
    as_last_typed: usize,
    typed: usize,
}

/// Compares the store with the notes typed: every note reported durable (through change
/// `durable`) must be there, each exactly as it was typed at that moment or at a later one;
/// no note may hold text that was never typed into it.
fn held(store: &Store, log: &Log, durable: u64, label: &str) -> Held {
    let record = store
        .load(SID)
        .unwrap_or_else(|e| panic!("{label}: the session loads: {e}"));
    assert_eq!(record.participants.len(), 4, "{label}: the participants");
    let mut was_durable = BTreeMap::new();
    let mut last_typed = BTreeMap::new();
    for (seq, id, text) in log {
        if *seq <= durable {
            was_durable.insert(*id, text.as_str());
        }
        last_typed.insert(*id, text.as_str());
    }
    let note_of = |id: u64| {
        record
            .interventions
            .iter()
            .find(|iv| iv.id.0 == id)
            .map(|iv| iv.note.as_str())
    };
    let mut lost = 0;
    for (id, text) in &was_durable {
        match note_of(*id) {
            Some(note) if note.starts_with(text) => {}
            Some(note) => {
                lost += 1;
                eprintln!(
                    "{label}: intervention {id} lost text: {} characters durable, {} held",
                    text.chars().count(),
                    note.chars().count()
                );
            }
            None => {
                lost += 1;
                eprintln!("{label}: intervention {id}, reported durable, is missing");
            }
        }
    }
    for (id, text) in &last_typed {
        if let Some(note) = note_of(*id) {
            assert!(
                text.starts_with(note),
                "{label}: intervention {id} holds a note never typed ({} characters)",
                note.chars().count()
            );
        }
    }
    Held {
        lost,
        as_last_typed: last_typed
            .iter()
            .filter(|(id, text)| note_of(**id) == Some(**text))
            .count(),
        typed: last_typed.len(),
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

#[test]
fn a_sled_write_failing_while_notes_are_typed_loses_nothing_reported_saved() {
    // (failure point, fault, a note over sled's inline limit pasted and typed on, whether
    // this session's writes reach the point: every flush writes sled's buffer, every state of
    // a long note written at a flush goes to a file of its own). A store this small never
    // truncates its log: "file truncation" is never reached here, and is not listed as if it
    // were tested.
    eprintln!("{NOT_REACHED}");
    let cases: [(&'static str, Fault, bool, bool); 6] = [
        ("buffer write", Fault::Once, false, true),
        ("buffer write post", Fault::Once, false, true),
        ("buffer write", Fault::Lasting, false, true),
        ("write_blob write buf", Fault::Once, true, true),
        ("blob blob write", Fault::Once, true, true),
        ("buffer write", Fault::Once, true, true),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut lost_total = 0;
    for (n, (point, fault, long, reached)) in cases.into_iter().enumerate() {
        let _turn = turn();
        let label = format!(
            "{point:?} ({fault:?}{})",
            if long { ", a long note" } else { "" }
        );
        let path = dir.path().join(format!("typing-{n}")).join("store");
        let session = {
            let path = path.clone();
            within(&label, move || typing_session(path, point, fault, long))
        };
        sled::fail::reset();
        let (log, durable) = (session.log.clone(), session.durable);
        let (how, held) = {
            let label = label.clone();
            within(&label.clone(), move || {
                let (store, how) = reopen(&path, &label);
                let held = held(&store, &log, durable, &label);
                (how, held)
            })
        };
        lost_total += held.lost;
        eprintln!(
            "{label}: fired {}; {}/{} keystrokes reported durable (changes {}/{}); Failed \
             reported {} times{}; syncs failed {}; sync at quit: {}; finish: {}; reopened: {}; \
             notes lost: {}; notes as last typed: {}/{}",
            yes(session.fired),
            session.durable_keystrokes,
            session.keystrokes,
            session.durable,
            session.sent,
            session.failed_reports,
            session
                .first_error
                .as_ref()
                .map(|e| format!(" (\"{e}\")"))
                .unwrap_or_default(),
            session.sync_errors,
            match &session.at_quit {
                Ok(()) => "ok".to_string(),
                Err(e) => format!("failed (\"{}\")", first_line(e)),
            },
            match &session.finish {
                Ok(()) => "ok".to_string(),
                Err(e) => format!("failed (\"{}\")", first_line(e)),
            },
            how,
            held.lost,
            held.as_last_typed,
            held.typed,
        );
        if reached {
            assert!(session.fired, "{label}: the failure point was reached");
        }
        if !session.fired {
            // Reached by no write in this session: nothing to learn from it but that.
            assert!(session.finish.is_ok(), "{label}: {:?}", session.finish);
        }
    }
    assert_eq!(lost_total, 0, "nothing reported durable may be lost");
}

/// Stores whose last keystrokes are durable in their journal but not in their files: what a
/// rapporteur stopped before the store's flush leaves, and what `Store::open` completes from
/// the journal. The store at `path` is written, each of `copies` taken of it before its
/// flush, and it is closed. Returns each note as typed.
fn unflushed_stores(path: &Path, copies: &[PathBuf]) -> BTreeMap<u64, String> {
    let store = Store::open(path).unwrap();
    store.save_record(&four_delegations()).unwrap();
    let mut notes = BTreeMap::new();
    for id in 1..=2 {
        store
            .write_batch(&[Change::Intervention(SID, statement(id))])
            .unwrap();
        let mut typed = String::new();
        for c in speech(id).chars() {
            typed.push(c);
            store
                .write_batch(&[Change::Note(SID, InterventionId(id), typed.clone())])
                .unwrap();
        }
        notes.insert(id, typed);
    }
    for copy in copies {
        common::copy_tree(path, copy);
    }
    notes
}

/// Checks that the store holds each of `notes` exactly.
/// Opens the store at `path` again (recovering it if refused), with a limit on the time it
/// may take; says how, and how many of `notes` it lost.
fn reopen_and_count_lost(
    path: PathBuf,
    label: &str,
    notes: &BTreeMap<u64, String>,
) -> (String, usize) {
    let (label, notes) = (label.to_string(), notes.clone());
    within(&label.clone(), move || {
        let (store, how) = reopen(&path, &label);
        (how, holds_exactly(&store, &notes, &label))
    })
}

fn holds_exactly(store: &Store, notes: &BTreeMap<u64, String>, label: &str) -> usize {
    let record = store
        .load(SID)
        .unwrap_or_else(|e| panic!("{label}: the session loads: {e}"));
    assert_eq!(record.participants.len(), 4, "{label}: the participants");
    let mut lost = 0;
    for (id, text) in notes {
        let note = record
            .interventions
            .iter()
            .find(|iv| iv.id.0 == *id)
            .map(|iv| iv.note.as_str());
        if note != Some(text.as_str()) {
            lost += 1;
            eprintln!(
                "{label}: intervention {id}: {:?} characters held of {} typed",
                note.map(|n| n.chars().count()),
                text.chars().count()
            );
        }
    }
    lost
}

/// How an opening under a failure point ended, for the figures.
fn outcome(opened: &Result<(), StoreError>, path: &Path, label: &str) -> String {
    match opened {
        Ok(()) => "opened".into(),
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains(&path.display().to_string()),
                "{label}: the message names the store: {message}"
            );
            format!("refused: \"{}\"", first_line(&message))
        }
    }
}

#[test]
fn a_sled_write_failing_while_a_store_opens_and_replays_its_journal_loses_nothing() {
    // (failure point, whether the opening reaches it: the replayed changes are flushed, and
    // sled writes a snapshot of a log that went on since its last one). A store this small
    // has no segment to zero or truncate: those points are never reached here, and are not
    // listed as if they were tested (see `NOT_REACHED`).
    eprintln!("{NOT_REACHED}");
    let points = [
        ("buffer write", true),
        ("buffer write post", true),
        ("snap write", true),
        ("snap write mv", true),
    ];
    let dir = tempfile::tempdir().unwrap();
    let copies: Vec<PathBuf> = (0..points.len())
        .map(|n| dir.path().join(format!("open-{n}")).join("store"))
        .collect();
    let notes = {
        let _turn = turn();
        unflushed_stores(&dir.path().join("original").join("store"), &copies)
    };
    let mut lost_total = 0;
    for ((point, reached), path) in points.into_iter().zip(copies) {
        let _turn = turn();
        let label = format!("opening, {point:?}");
        Fault::Once.arm(point);
        let opened = {
            let path = path.clone();
            within(&label, move || Store::open(&path).map(drop))
        };
        let fired = fired_once(point);
        sled::fail::reset();
        assert!(fired || !reached, "{label}: the failure point was reached");
        let told = outcome(&opened, &path, &label);
        let (how, lost) = reopen_and_count_lost(path, &label, &notes);
        lost_total += lost;
        eprintln!(
            "{label}: fired {}; {told}; then {how}; notes lost: {lost}",
            yes(fired)
        );
    }
    assert_eq!(lost_total, 0, "nothing durable may be lost");
}

/// The names in `dir` beginning with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect();
    found.sort();
    found
}

#[test]
fn a_sled_write_failing_while_recover_rebuilds_a_store_leaves_it_to_try_again() {
    let points = ["buffer write", "buffer write post", "write_config bytes"];
    let dir = tempfile::tempdir().unwrap();
    let copies: Vec<PathBuf> = (0..points.len())
        .map(|n| dir.path().join(format!("recover-{n}")).join("store"))
        .collect();
    let notes = {
        let _turn = turn();
        unflushed_stores(&dir.path().join("original").join("store"), &copies)
    };
    let mut lost_total = 0;
    for (point, path) in points.into_iter().zip(copies) {
        let _turn = turn();
        let label = format!("recover, {point:?}");
        power_cut(&path);
        let journal_before = std::fs::read(journal_path(&path)).unwrap();
        Fault::Once.arm(point);
        let rebuilt = {
            let path = path.clone();
            within(&label, move || recover(&path).map(drop))
        };
        let fired = fired_once(point);
        sled::fail::reset();
        assert!(fired, "{label}: the failure point was reached");
        let told = outcome(&rebuilt, &path, &label);
        let parent = path.parent().unwrap();
        if rebuilt.is_err() {
            // Refused half-way: nothing of the attempt is left, the store and the journal are
            // as they were.
            assert!(path.join("db").exists(), "{label}: the store is in place");
            assert_eq!(
                named(parent, "store.recovering"),
                Vec::<String>::new(),
                "{label}"
            );
            assert_eq!(
                std::fs::read(journal_path(&path)).unwrap(),
                journal_before,
                "{label}: the journal is untouched"
            );
        }
        let (how, lost) = reopen_and_count_lost(path, &label, &notes);
        lost_total += lost;
        eprintln!(
            "{label}: fired {}; {told}; then {how}; notes lost: {lost}",
            yes(fired)
        );
    }
    assert_eq!(lost_total, 0, "nothing durable may be lost");
}

#[test]
fn a_sled_write_failing_while_the_journal_is_rewritten_in_short_at_opening_loses_nothing() {
    // A journal over 8 MB is rewritten in short when the store opens: the store is flushed
    // first, and that flush meets the failure point.
    let points = ["buffer write", "buffer write post"];
    let dir = tempfile::tempdir().unwrap();
    let mut lost_total = 0;
    for (n, point) in points.into_iter().enumerate() {
        let _turn = turn();
        let label = format!("opening to rewrite the journal, {point:?}");
        let path = dir.path().join(format!("compact-{n}")).join("store");
        let long = long_text(1, 17 << 19);
        {
            let store = Store::open(&path).unwrap();
            store.save_record(&four_delegations()).unwrap();
            store
                .write_batch(&[
                    Change::Intervention(SID, statement(1)),
                    Change::Note(SID, InterventionId(1), long.clone()),
                ])
                .unwrap();
            store.flush_durable().unwrap();
        }
        let journal_len = std::fs::metadata(journal_path(&path)).unwrap().len();
        assert!(journal_len > 8 << 20, "{label}: {journal_len} bytes");
        Fault::Once.arm(point);
        let session = {
            let path = path.clone();
            within(&label, move || {
                let opened = Store::open(&path);
                let fired = fired_once(point);
                let store = Arc::new(opened.map_err(|e| (fired, e))?);
                // The app goes on to type, and quits.
                let (mut typist, reports) = Typist::start(store.clone());
                typist.type_note(2, "", NOTES[0]);
                let at_quit = typist.saver.sync();
                let finish = typist.saver.finish().map_err(|e| e.to_string());
                let reports = reports.lock().unwrap().clone();
                Ok::<_, (bool, StoreError)>((fired, typist.log, reports, at_quit, finish))
            })
        };
        sled::fail::reset();
        // The long note, durable before this opening, and what was typed after it.
        let mut log: Log = vec![(0, 1, long)];
        let mut durable = 0;
        let fired = match &session {
            Ok((fired, ..)) | Err((fired, _)) => *fired,
        };
        assert!(fired, "{label}: the failure point was reached");
        let told = match session {
            Err((fired, e)) => format!("fired {}; {}", yes(fired), outcome(&Err(e), &path, &label)),
            Ok((fired, typed, reports, at_quit, finish)) => {
                durable = reports
                    .iter()
                    .map(|r| match r {
                        SaveReport::Durable { through } | SaveReport::Failed { through, .. } => {
                            *through
                        }
                    })
                    .max()
                    .unwrap_or(0);
                let failed = reports
                    .iter()
                    .filter(|r| matches!(r, SaveReport::Failed { .. }))
                    .count();
                let told = format!(
                    "opened, fired {}; then {} keystrokes, {durable}/{} reported durable, \
                     Failed reported {failed} times; sync at quit: {}; finish: {}",
                    yes(fired),
                    typed.len(),
                    typed.last().map_or(0, |(seq, ..)| *seq),
                    match at_quit {
                        Ok(()) => "ok".to_string(),
                        Err(e) => format!("failed (\"{}\")", first_line(&e)),
                    },
                    match finish {
                        Ok(()) => "ok".to_string(),
                        Err(e) => format!("failed (\"{}\")", first_line(&e)),
                    },
                );
                log.extend(typed);
                told
            }
        };
        let (how, held) = {
            let label = label.clone();
            within(&label.clone(), move || {
                let (store, how) = reopen(&path, &label);
                (how, held(&store, &log, durable, &label))
            })
        };
        let lost = held.lost;
        lost_total += lost;
        eprintln!(
            "{label}: {told}; then {how}; notes lost: {lost}; notes as last typed: {}/{}",
            held.as_last_typed, held.typed
        );
    }
    assert_eq!(lost_total, 0, "nothing durable may be lost");
}

/// Not a failure of sled's: the journal's rewrite in short at opening fails (a full disk; here
/// a directory stands where its new file goes), after the store's mark was set to the number
/// the rewritten journal was to start from. The journal kept as it was must not give that
/// number to the next change, or a stop before the next flush would lose it: the store, on
/// opening, would take it for one it holds.
#[test]
fn a_change_saved_after_the_journal_could_not_be_rewritten_survives_a_stop() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&four_delegations()).unwrap();
        store
            .write_batch(&[
                Change::Intervention(SID, statement(1)),
                Change::Note(SID, InterventionId(1), long_text(1, 17 << 19)),
            ])
            .unwrap();
        store.flush_durable().unwrap();
    }
    let mut in_the_way = journal_path(&path).into_os_string();
    in_the_way.push(".new");
    std::fs::create_dir(&in_the_way).unwrap();
    let store = Store::open(&path).expect("opens; the journal's rewrite is only worth doing");
    let saved = "Egypt: point of order";
    store
        .write_batch(&[Change::Note(SID, InterventionId(1), saved.into())])
        .unwrap();
    store.flush_durable().unwrap();
    // A stop now: the store's files as they are, and the journal.
    let copy = dir.path().join("copy").join("store");
    common::copy_tree(&path, &copy);
    drop(store);
    let notes = BTreeMap::from([(1, saved.to_string())]);
    let (store, how) = reopen(&copy, "stopped after a failed rewrite");
    let lost = holds_exactly(&store, &notes, "stopped after a failed rewrite");
    eprintln!("stopped after a failed rewrite of the journal: {how}; notes lost: {lost}");
    assert_eq!(lost, 0, "the note reported saved is there");
}
