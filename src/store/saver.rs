//! The save path. The screen never waits on the disk: it hands each change to a writer
//! thread and goes on. The writer coalesces a burst of changes to the same record into the
//! last one, applies them and makes them durable at once, so a keystroke is on disk within a
//! few milliseconds (one fsync) of reaching the writer — far inside the 100 ms promise. A
//! failed write keeps every pending change and is retried; nothing is ever dropped.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::{Change, Store, StoreError, Target};

/// How long the writer waits before trying a failed write again.
pub const RETRY_AFTER: Duration = Duration::from_millis(500);

/// What the writer tells the app after each attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveReport {
    /// Every change numbered up to `through` is on disk.
    Durable { through: u64 },
    /// Changes after `through` could not be written; they are kept and retried.
    Failed { through: u64, error: String },
}

enum Message {
    Change(u64, Change),
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
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("rapporteur-saver".into())
            .spawn(move || write_loop(&store, &rx, &report))
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
        self.sent += 1;
        // The writer only stops when told to, so the channel is open while `self` lives.
        let _ = self.tx.send(Message::Change(self.sent, change));
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

/// Changes received but not yet durable, one per record (the latest wins).
#[derive(Default)]
struct Pending {
    by_target: BTreeMap<Target, Change>,
    /// Number of the latest change received.
    latest: u64,
    /// Number of the latest change known to be durable.
    durable: u64,
}

impl Pending {
    fn add(&mut self, number: u64, change: Change) {
        self.by_target.insert(change.target(), change);
        self.latest = self.latest.max(number);
    }

    /// Applies and flushes everything pending. On failure nothing is forgotten: changes
    /// already applied to sled are applied again next time, which is harmless.
    fn write(&mut self, store: &Store) -> Result<(), StoreError> {
        for change in self.by_target.values() {
            store.apply(change)?;
        }
        store.flush_durable()?;
        self.by_target.clear();
        self.durable = self.latest;
        Ok(())
    }
}

fn write_loop(
    store: &Store,
    rx: &mpsc::Receiver<Message>,
    report: &dyn Fn(SaveReport),
) -> Result<(), StoreError> {
    let mut pending = Pending::default();
    let mut failing = false;
    let mut shutting_down = false;
    loop {
        // Wait for work; while a write is failing, wake up to retry it.
        let first = if failing {
            rx.recv_timeout(RETRY_AFTER)
        } else {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        let mut syncs = Vec::new();
        let mut take = |message| match message {
            Message::Change(n, c) => pending.add(n, c),
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
        if pending.latest > pending.durable || failing {
            match pending.write(store) {
                Ok(()) => {
                    failing = false;
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

    #[test]
    fn a_burst_to_one_note_is_coalesced_into_its_last_state() {
        let mut p = Pending::default();
        p.add(1, note(1, "D"));
        p.add(2, note(1, "De"));
        p.add(3, note(2, "Other"));
        p.add(4, note(1, "Del"));
        assert_eq!(p.by_target.len(), 2);
        assert_eq!(p.latest, 4);
        assert!(p.by_target.values().any(|c| *c == note(1, "Del")));
    }

    #[test]
    fn every_change_is_durable_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(&dir.path().join("s")).unwrap());
        let reports = Arc::new(Mutex::new(Vec::new()));
        let sink = reports.clone();
        let mut saver = Saver::start(store.clone(), move |r| sink.lock().unwrap().push(r));
        let mut text = String::new();
        for c in "Délégation".chars() {
            text.push(c);
            saver.save(note(1, &text));
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
}
