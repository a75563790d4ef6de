//! The save path. The screen never waits on the disk: it hands each change to a writer
//! thread and goes on. The writer coalesces a burst of changes to the same record into the
//! last one and makes them durable at once in the journal (one write, one `fdatasync`), so a
//! keystroke is on disk well under a millisecond after reaching the writer on a quiet disk —
//! far inside the 100 ms promise. The store's own files are flushed later, when the typing
//! pauses or every few seconds, and when the writer stops: that costs the keystroke nothing,
//! and a stop before it costs nothing either, the journal holding every change. A failed
//! write keeps every pending change and is retried; nothing is ever dropped.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Change, Store, StoreError, Target};

/// How long the writer waits before trying a failed write again.
pub const RETRY_AFTER: Duration = Duration::from_millis(500);

/// The store's files are flushed once no change has come for this long…
pub const FLUSH_WHEN_IDLE: Duration = Duration::from_millis(500);
/// …and at least this often while changes keep coming, so that the journal's changes the
/// store would need to be given at its next opening stay few.
pub const FLUSH_AT_LEAST_EVERY: Duration = Duration::from_secs(5);

/// Where the writer writes: the store, or in tests a stand-in that can be made to fail.
pub trait Sink {
    /// Writes `changes` in order and makes them durable, or fails having made none of them
    /// reported durable; the writer then keeps them and hands them over again.
    fn write_batch(&mut self, changes: &[Change]) -> Result<(), StoreError>;

    /// Does the work the writes left for later (the store's flush; in a pause of the typing,
    /// `paused`, rewriting a long journal in short). A failure loses nothing written: it is
    /// tried again later.
    fn flush_later_work(&mut self, _paused: bool) -> Result<(), StoreError> {
        Ok(())
    }
}

impl Sink for Arc<Store> {
    fn write_batch(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        Store::write_batch(self, changes)
    }

    fn flush_later_work(&mut self, paused: bool) -> Result<(), StoreError> {
        Store::flush_durable(self)?;
        // A pause in the typing is also the time to shorten the journal of a long run, the
        // keystrokes that come meanwhile waiting for it. Only a matter of length: should it
        // fail, the journal as it is holds everything.
        if paused {
            let _ = Store::compact_journal_if_long(self);
        }
        Ok(())
    }
}

/// What the writer tells the app after each attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveReport {
    /// Every change numbered up to `through` is on disk.
    Durable { through: u64 },
    /// Changes after `through` could not be written; they are kept and retried.
    Failed { through: u64, error: String },
}

enum Message {
    /// The changes of one user action, numbered: written in one batch, never split.
    Changes(Vec<(u64, Change)>),
    /// Asks for everything received so far to be made durable, and for the outcome.
    Sync(mpsc::Sender<Result<(), String>>),
    Shutdown,
}

/// The app's handle on the writer thread.
pub struct Saver {
    tx: mpsc::Sender<Message>,
    sent: u64,
    thread: Option<JoinHandle<Result<(), StoreError>>>,
}

impl Saver {
    /// Starts the writer; `report` is called from the writer thread after every attempt.
    pub fn start(store: Arc<Store>, report: impl Fn(SaveReport) + Send + 'static) -> Saver {
        Saver::start_with_sink(store, report)
    }

    /// Starts the writer on any sink; `Saver::start` is this on the store.
    pub fn start_with_sink(
        mut sink: impl Sink + Send + 'static,
        report: impl Fn(SaveReport) + Send + 'static,
    ) -> Saver {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("rapporteur-saver".into())
            .spawn(move || write_loop(&mut sink, &rx, &report))
            .expect("the saver thread starts");
        Saver {
            tx,
            sent: 0,
            thread: Some(thread),
        }
    }

    /// Hands a change to the writer and returns its number, to be matched against the
    /// `through` of later reports.
    pub fn save(&mut self, change: Change) -> u64 {
        self.save_all(vec![change])
    }

    /// Hands the changes of one user action to the writer, to be made durable together or
    /// not at all (giving the floor: the list, the ended and the new intervention), and
    /// returns the number of the last.
    pub fn save_all(&mut self, changes: Vec<Change>) -> u64 {
        if changes.is_empty() {
            return self.sent;
        }
        let numbered = changes
            .into_iter()
            .map(|change| {
                self.sent += 1;
                (self.sent, change)
            })
            .collect();
        // The writer only stops when told to, so the channel is open while `self` lives.
        let _ = self.tx.send(Message::Changes(numbered));
        self.sent
    }

    /// The number of the last change handed over.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// Waits until every change handed over so far is on disk (a few milliseconds), or for
    /// the error that keeps it off. The changes stay with the writer either way.
    pub fn sync(&self) -> Result<(), String> {
        let (tx, rx) = mpsc::channel();
        if self.tx.send(Message::Sync(tx)).is_err() {
            return Err("the saver has stopped".into());
        }
        rx.recv()
            .unwrap_or_else(|_| Err("the saver has stopped".into()))
    }

    /// Writes everything still pending and stops the writer. An error means some changes
    /// could not be made durable: the caller must not pretend they were.
    pub fn finish(mut self) -> Result<(), StoreError> {
        self.stop()
    }

    fn stop(&mut self) -> Result<(), StoreError> {
        let _ = self.tx.send(Message::Shutdown);
        match self.thread.take() {
            Some(t) => t.join().unwrap_or_else(|_| {
                Err(StoreError::Write {
                    path: Default::default(),
                    detail: "the saver stopped unexpectedly".into(),
                })
            }),
            None => Ok(()),
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Changes received but not yet durable, one per record (the latest wins), with its number.
#[derive(Default)]
struct Pending {
    by_target: BTreeMap<Target, (u64, Change)>,
    /// Number of the latest change received.
    latest: u64,
    /// Number of the latest change known to be durable.
    durable: u64,
}

impl Pending {
    fn add(&mut self, number: u64, change: Change) {
        self.by_target.insert(change.target(), (number, change));
        self.latest = self.latest.max(number);
    }

    /// Writes everything pending, in the order it arrived, so that the journal and the store
    /// see what the app did in the order it did it (a note, then the removal of its
    /// intervention, must not bring the note back). On failure nothing is forgotten: a change
    /// written again next time is harmless, being the whole new state of its record.
    ///
    /// Returns what was written: letting go of a note of a megabyte costs the allocator tens
    /// of microseconds, which the caller spends once the keystroke is reported saved.
    fn write(&mut self, sink: &mut dyn Sink) -> Result<Vec<Change>, StoreError> {
        let mut batch: Vec<(u64, Change)> =
            std::mem::take(&mut self.by_target).into_values().collect();
        batch.sort_by_key(|(number, _)| *number);
        let (numbers, changes): (Vec<u64>, Vec<Change>) = batch.into_iter().unzip();
        match sink.write_batch(&changes) {
            Ok(()) => {
                self.durable = self.latest;
                Ok(changes)
            }
            Err(e) => {
                // Nothing arrived meanwhile (this thread is the one that takes changes in),
                // so putting the batch back restores exactly what was pending.
                for (number, change) in numbers.into_iter().zip(changes) {
                    self.by_target.insert(change.target(), (number, change));
                }
                Err(e)
            }
        }
    }
}

fn write_loop(
    sink: &mut dyn Sink,
    rx: &mpsc::Receiver<Message>,
    report: &dyn Fn(SaveReport),
) -> Result<(), StoreError> {
    let mut pending = Pending::default();
    let mut failing = false;
    let mut shutting_down = false;
    // Since when the sink has work left for later, if it has.
    let mut unflushed_since: Option<Instant> = None;
    loop {
        // Wait for work; while a write is failing, wake up to retry it; with work left for
        // later, wake up when the typing pauses or it has waited long enough.
        let wait = match (failing, unflushed_since) {
            (true, _) => Some(RETRY_AFTER),
            (false, Some(since)) => {
                Some(FLUSH_WHEN_IDLE.min(FLUSH_AT_LEAST_EVERY.saturating_sub(since.elapsed())))
            }
            (false, None) => None,
        };
        let first = match wait {
            Some(wait) => rx.recv_timeout(wait),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let idle = matches!(first, Err(RecvTimeoutError::Timeout));
        let mut syncs = Vec::new();
        let mut take = |message| match message {
            Message::Changes(changes) => {
                for (n, c) in changes {
                    pending.add(n, c);
                }
            }
            Message::Sync(reply) => syncs.push(reply),
            Message::Shutdown => shutting_down = true,
        };
        match first {
            Ok(message) => take(message),
            Err(RecvTimeoutError::Disconnected) => take(Message::Shutdown),
            Err(RecvTimeoutError::Timeout) => {}
        }
        // Take in everything that arrived meanwhile, so a burst costs one flush.
        while let Ok(message) = rx.try_recv() {
            take(message);
        }
        let mut outcome = Ok(());
        let mut written = Vec::new();
        if pending.latest > pending.durable || failing {
            match pending.write(sink) {
                Ok(changes) => {
                    written = changes;
                    failing = false;
                    unflushed_since.get_or_insert_with(Instant::now);
                    report(SaveReport::Durable {
                        through: pending.durable,
                    });
                }
                Err(e) => {
                    failing = true;
                    report(SaveReport::Failed {
                        through: pending.durable,
                        error: e.to_string(),
                    });
                    outcome = Err(e);
                }
            }
        }
        for reply in syncs {
            let _ = reply.send(outcome.as_ref().map(drop).map_err(ToString::to_string));
        }
        drop(written);
        if let Some(since) = unflushed_since {
            if !failing && (idle || shutting_down || since.elapsed() >= FLUSH_AT_LEAST_EVERY) {
                // A failure here is tried again at the next pause: what was written is
                // durable in the journal already.
                if sink.flush_later_work(idle).is_ok() {
                    unflushed_since = None;
                }
            }
        }
        if shutting_down {
            return outcome;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InterventionId, SessionId};
    use std::sync::Mutex;

    fn note(n: u64, text: &str) -> Change {
        Change::Note(SessionId(1), InterventionId(n), text.into())
    }

    /// Collects the writer's reports.
    fn reports() -> (
        Arc<Mutex<Vec<SaveReport>>>,
        impl Fn(SaveReport) + Send + 'static,
    ) {
        let reports = Arc::new(Mutex::new(Vec::new()));
        let sink = reports.clone();
        (reports, move |r| sink.lock().unwrap().push(r))
    }

    /// A disk that fails while told to, and otherwise keeps the latest state of each record.
    #[derive(Clone, Default)]
    struct FakeDisk(Arc<Mutex<DiskState>>);

    #[derive(Default)]
    struct DiskState {
        failing: bool,
        attempts: usize,
        records: BTreeMap<Target, Change>,
        batches: Vec<Vec<Change>>,
        /// Batches written when the work left for later was last done.
        flushed_at: Vec<usize>,
    }

    impl FakeDisk {
        fn failing() -> FakeDisk {
            let disk = FakeDisk::default();
            disk.0.lock().unwrap().failing = true;
            disk
        }

        fn heal(&self) {
            self.0.lock().unwrap().failing = false;
        }

        fn records(&self) -> BTreeMap<Target, Change> {
            self.0.lock().unwrap().records.clone()
        }
    }

    impl Sink for FakeDisk {
        fn write_batch(&mut self, changes: &[Change]) -> Result<(), StoreError> {
            let mut disk = self.0.lock().unwrap();
            disk.attempts += 1;
            if disk.failing {
                return Err(StoreError::Write {
                    path: "/fake/store".into(),
                    detail: "No space left on device".into(),
                });
            }
            for change in changes {
                disk.records.insert(change.target(), change.clone());
            }
            disk.batches.push(changes.to_vec());
            Ok(())
        }

        fn flush_later_work(&mut self, _paused: bool) -> Result<(), StoreError> {
            let mut disk = self.0.lock().unwrap();
            let written = disk.batches.len();
            disk.flushed_at.push(written);
            Ok(())
        }
    }

    /// The latest state of each record among `changes`: what must end up written.
    fn latest(changes: &[Change]) -> BTreeMap<Target, Change> {
        changes.iter().map(|c| (c.target(), c.clone())).collect()
    }

    /// Types `text` into the note of intervention `n`, a keystroke at a time.
    fn typing(n: u64, text: &str) -> Vec<Change> {
        let mut typed = String::new();
        text.chars()
            .map(|c| {
                typed.push(c);
                note(n, &typed)
            })
            .collect()
    }

    #[test]
    fn a_burst_to_one_note_is_coalesced_into_its_last_state() {
        let mut p = Pending::default();
        p.add(1, note(1, "D"));
        p.add(2, note(1, "De"));
        p.add(3, note(2, "Other"));
        p.add(4, note(1, "Del"));
        assert_eq!(p.by_target.len(), 2);
        assert_eq!(p.latest, 4);
        assert!(p.by_target.values().any(|(_, c)| *c == note(1, "Del")));
    }

    #[test]
    fn a_batch_is_written_in_the_order_its_changes_arrived() {
        // In the order of their records, the removal would come first and the note after
        // it, bringing back the note of an intervention that is gone.
        let mut p = Pending::default();
        p.add(1, note(7, "Withdrawn"));
        p.add(
            2,
            Change::RemoveIntervention(SessionId(1), InterventionId(7)),
        );
        let mut disk = FakeDisk::default();
        p.write(&mut disk).unwrap();
        let batches = disk.0.lock().unwrap().batches.clone();
        assert_eq!(
            batches,
            [vec![
                note(7, "Withdrawn"),
                Change::RemoveIntervention(SessionId(1), InterventionId(7))
            ]]
        );
        assert_eq!(p.durable, 2);
    }

    #[test]
    fn the_changes_of_one_action_are_written_in_one_batch_however_the_writer_is_busy() {
        // A disk slow enough that the writer is always mid-write when the next action comes.
        #[derive(Clone, Default)]
        struct SlowDisk(FakeDisk);
        impl Sink for SlowDisk {
            fn write_batch(&mut self, changes: &[Change]) -> Result<(), StoreError> {
                std::thread::sleep(Duration::from_millis(2));
                self.0.write_batch(changes)
            }
        }
        let disk = SlowDisk::default();
        let (_reports, report) = reports();
        let mut saver = Saver::start_with_sink(disk.clone(), report);
        let floor = |n: u64| {
            vec![
                note(n, "ended"),
                Change::RemoveIntervention(SessionId(2), InterventionId(n)),
                note(500 + n, "the next speaker"),
            ]
        };
        for n in 1..=40 {
            saver.save_all(floor(n));
            saver.save(note(1000 + n, "typing"));
        }
        saver.finish().unwrap();
        let batches = disk.0 .0.lock().unwrap().batches.clone();
        for n in 1..=40 {
            let action = floor(n);
            let holding: Vec<usize> = action
                .iter()
                .map(|c| batches.iter().filter(|b| b.contains(c)).count())
                .collect();
            // Each change of the action is in exactly the batches the others are in.
            let together = batches
                .iter()
                .filter(|b| action.iter().any(|c| b.contains(c)))
                .all(|b| action.iter().all(|c| b.contains(c)));
            assert!(together, "action {n} split: {holding:?}");
        }
    }

    #[test]
    fn every_change_is_durable_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(&dir.path().join("s")).unwrap());
        let (reports, report) = reports();
        let mut saver = Saver::start(store.clone(), report);
        for change in typing(1, "Délégation") {
            saver.save(change);
        }
        let last = saver.sent();
        saver.finish().unwrap();
        let reports = reports.lock().unwrap();
        assert_eq!(
            reports.last(),
            Some(&SaveReport::Durable { through: last }),
            "{reports:?}"
        );
        let tree = store.db.open_tree("notes").unwrap();
        let key = super::super::keys::in_session_u64(SessionId(1), 1);
        assert_eq!(
            tree.get(key).unwrap().unwrap().as_ref(),
            "Délégation".as_bytes()
        );
    }

    #[test]
    fn a_thousand_changes_handed_over_at_once_are_all_reported_durable() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(&dir.path().join("s")).unwrap());
        let (reports, report) = reports();
        let mut saver = Saver::start(store.clone(), report);
        let text = "Le Président a ouvert la séance et donné la parole à l'Autriche. ".repeat(2);
        let changes: Vec<Change> = (1..=10)
            .flat_map(|n| typing(n, &text).into_iter().take(100))
            .collect();
        assert_eq!(changes.len(), 1000);
        for change in changes.iter().cloned() {
            saver.save(change);
        }
        let last = saver.sent();
        assert_eq!(last, 1000);
        saver.sync().unwrap();
        {
            let reports = reports.lock().unwrap();
            // Reports come before the answer to `sync`, so the last one is in.
            assert_eq!(reports.last(), Some(&SaveReport::Durable { through: last }));
            let mut through = 0;
            for r in reports.iter() {
                match r {
                    SaveReport::Durable { through: t } => {
                        assert!(*t > through, "reports go forward: {reports:?}");
                        through = *t;
                    }
                    failed => panic!("no write failed, yet: {failed:?}"),
                }
            }
        }
        // Notes reach sled's trees when the store is flushed; the journal has them already.
        store.flush_durable().unwrap();
        for n in 1..=10u64 {
            let record = store
                .db
                .open_tree("notes")
                .unwrap()
                .get(super::super::keys::in_session_u64(SessionId(1), n))
                .unwrap()
                .unwrap();
            let typed: String = text.chars().take(100).collect();
            assert_eq!(record.as_ref(), typed.as_bytes(), "note {n}");
        }
        saver.finish().unwrap();
    }

    #[test]
    fn a_failed_write_is_reported_and_everything_written_once_the_disk_recovers() {
        let disk = FakeDisk::failing();
        let (reports, report) = reports();
        let mut saver = Saver::start_with_sink(disk.clone(), report);
        let mut saved = typing(1, "Austria aligned itself");
        for change in saved.iter().cloned() {
            saver.save(change);
        }
        let error = saver
            .sync()
            .expect_err("the write fails while the disk does");
        assert!(error.contains("No space left on device"), "{error}");
        {
            let reports = reports.lock().unwrap();
            assert!(
                matches!(
                    reports.first(),
                    Some(SaveReport::Failed { through: 0, error }) if error.contains("No space left")
                ),
                "{reports:?}"
            );
            assert!(
                !reports
                    .iter()
                    .any(|r| matches!(r, SaveReport::Durable { .. })),
                "{reports:?}"
            );
        }

        // Typing goes on while the disk fails: these are kept too.
        let more = [
            typing(1, "Austria aligned itself with the EU")
                .pop()
                .unwrap(),
            note(2, "Brazil: point of order"),
            Change::LastSession(SessionId(1)),
        ];
        for change in more.iter().cloned() {
            saver.save(change);
        }
        saved.extend(more);
        assert!(saver.sync().is_err(), "still failing");
        assert!(disk.records().is_empty());

        disk.heal();
        saver.sync().expect("written once the disk is back");
        assert_eq!(disk.records(), latest(&saved));
        assert_eq!(
            reports.lock().unwrap().last(),
            Some(&SaveReport::Durable {
                through: saver.sent()
            })
        );
        assert!(disk.0.lock().unwrap().attempts >= 3);
        saver.finish().unwrap();
    }

    #[test]
    fn finish_fails_while_the_disk_still_fails() {
        let disk = FakeDisk::failing();
        let (_reports, report) = reports();
        let mut saver = Saver::start_with_sink(disk.clone(), report);
        saver.save(note(1, "Kenya"));
        let err = saver
            .finish()
            .expect_err("unwritten changes are not passed off as saved");
        assert!(err.to_string().contains("No space left on device"), "{err}");
        assert!(disk.records().is_empty());
    }

    #[test]
    fn finish_writes_everything_once_the_disk_has_recovered() {
        let disk = FakeDisk::failing();
        let (reports, report) = reports();
        let mut saver = Saver::start_with_sink(disk.clone(), report);
        let mut saved = typing(3, "Mexico");
        for change in saved.iter().cloned() {
            saver.save(change);
        }
        assert!(saver.sync().is_err());
        disk.heal();
        let last = Change::Session(
            crate::domain::SessionRecord::starter(SessionId(1), chrono::Utc::now(), "UTC").session,
        );
        saver.save(last.clone());
        saved.push(last);
        let sent = saver.sent();
        saver.finish().expect("everything written");
        assert_eq!(disk.records(), latest(&saved));
        assert_eq!(
            reports.lock().unwrap().last(),
            Some(&SaveReport::Durable { through: sent })
        );
    }

    #[test]
    fn the_store_is_flushed_when_the_typing_pauses_not_at_every_keystroke() {
        let disk = FakeDisk::default();
        let (_reports, report) = reports();
        let mut saver = Saver::start_with_sink(disk.clone(), report);
        for change in typing(1, "The delegation of Norway") {
            saver.save(change);
            saver.sync().unwrap();
        }
        let during = disk.0.lock().unwrap().flushed_at.len();
        // Each keystroke was made durable on its own, and none waited for a flush (a pause of
        // FLUSH_WHEN_IDLE in the middle of this loop could give one, never one per keystroke).
        assert!(disk.0.lock().unwrap().batches.len() >= 20);
        assert!(during <= 2, "{during} flushes while typing");
        std::thread::sleep(FLUSH_WHEN_IDLE * 3);
        let after_pause = disk.0.lock().unwrap().flushed_at.clone();
        assert_eq!(
            after_pause.last(),
            Some(&disk.0.lock().unwrap().batches.len()),
            "flushed after the last write once the typing paused"
        );
        // Nothing new written: no flush for nothing.
        std::thread::sleep(FLUSH_WHEN_IDLE * 2);
        assert_eq!(disk.0.lock().unwrap().flushed_at, after_pause);
        saver.save(note(1, "The delegation of Norway."));
        saver.finish().unwrap();
        let disk = disk.0.lock().unwrap();
        assert_eq!(
            disk.flushed_at.last(),
            Some(&disk.batches.len()),
            "and at the end"
        );
    }
}
