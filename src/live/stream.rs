//! `rapporteur stream`: the store's changes, as they are saved, on standard output (see
//! `wire`), from a given change on, following the journal through its rewrites in short.
//! Read-only, like `follow`: it runs beside the app, on the store the app has open.

use std::io::Write;
use std::path::Path;

use super::replica::{EditMisses, Replica};
use super::tail::{Batch, JournalTail, Polled};
use super::wire::{self, Frame, Hello};
use crate::store::{Change, JournalEntry};

/// Why streaming stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("there is no store at {0}: give the folder the app uses with --db PATH")]
    NoStore(String),
    #[error(
        "the journal at {0} does not name its store: open the store once with this version of \
         rapporteur, then stream it"
    )]
    Unnamed(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(
        "the copy stopped reading ({0}); nothing is lost: run the stream again with \
         --from-copy (or --from the copy's `rapporteur mirror --resume-point`)"
    )]
    Output(std::io::Error),
}

/// How long a stream goes on.
#[derive(Clone, Copy)]
pub enum Until<'a> {
    /// Once it has sent everything saved so far: for tests and one-off copies.
    Idle,
    /// Following the store until the output is closed: a write fails, or, while there is
    /// nothing to send, `gone()` says nobody reads it any more.
    ReaderGone(&'a dyn Fn() -> bool),
}

/// Streams the store at `store` to `out`, every change from the one numbered `from` on,
/// until `until`.
pub fn stream(
    store: &Path,
    from: u64,
    out: &mut impl Write,
    until: Until,
) -> Result<(), StreamError> {
    if !store.is_dir() {
        return Err(StreamError::NoStore(store.display().to_string()));
    }
    let mut tail = JournalTail::of_store(store);
    let mut streamer = Streamer {
        replica: Replica::default(),
        next: from.max(1),
        read_again: false,
    };
    let mut hello_sent = false;
    out.write_all(wire::MAGIC).map_err(StreamError::Output)?;
    loop {
        let polled = tail.poll()?;
        let read_records =
            matches!(&polled, Polled::Restarted(b) | Polled::Grown(b) if !b.is_empty());
        let frames = match polled {
            Polled::Nothing | Polled::Missing => Vec::new(),
            Polled::Restarted(batches) => {
                streamer.replica = Replica::default();
                streamer.restarted(batches)
            }
            Polled::Grown(batches) => streamer.grown(batches),
        };
        if std::mem::take(&mut streamer.read_again) {
            tail.read_again();
        }
        if !hello_sent {
            let Some(store_id) = tail.store_id() else {
                if read_records {
                    return Err(StreamError::Unnamed(tail.path().display().to_string()));
                }
                if let Until::ReaderGone(gone) = until {
                    if gone() {
                        return Err(reader_gone());
                    }
                }
                std::thread::sleep(super::follow::LOOK_EVERY);
                continue;
            };
            let hello = Frame::Hello(Hello {
                store_id: store_id.to_owned(),
                after: from.max(1) - 1,
            });
            wire::write_frame(out, &hello).map_err(StreamError::Output)?;
            hello_sent = true;
        }
        for frame in &frames {
            wire::write_frame(out, frame).map_err(StreamError::Output)?;
        }
        out.flush().map_err(StreamError::Output)?;
        if frames.is_empty() {
            match until {
                Until::Idle => return Ok(()),
                Until::ReaderGone(gone) if gone() => return Err(reader_gone()),
                Until::ReaderGone(_) => std::thread::sleep(super::follow::LOOK_EVERY),
            }
        }
    }
}

fn reader_gone() -> StreamError {
    StreamError::Output(std::io::Error::new(
        std::io::ErrorKind::BrokenPipe,
        "its end of the pipe is closed",
    ))
}

struct Streamer {
    /// Every note's whole text, to send in place of the journal's edit of it.
    replica: Replica,
    /// The number of the first change not sent yet.
    next: u64,
    /// An edit of a note did not apply to the text the journal read so far makes: the journal
    /// is to be read again from its start before anything more is sent.
    read_again: bool,
}

impl Streamer {
    /// A journal read from its start: its first batch is the whole record.
    fn restarted(&mut self, batches: Vec<Batch>) -> Vec<Frame> {
        let mut batches = batches.into_iter();
        let Some(first) = batches.next() else {
            return Vec::new();
        };
        let seq = first.last_seq();
        let (whole, missed) = self.notes_whole(first.changes);
        if let Some(missed) = missed {
            as_it_stood(&missed);
        }
        let mut frames = Vec::new();
        if seq >= self.next {
            frames.push(Frame::Whole {
                seq,
                changes: whole.into_iter().map(|e| e.change).collect(),
            });
            self.next = seq + 1;
        }
        frames.extend(self.batches(batches.collect(), Missed::StreamAsItStood));
        frames
    }

    fn grown(&mut self, batches: Vec<Batch>) -> Vec<Frame> {
        self.batches(batches, Missed::ReadAgain)
    }

    fn batches(&mut self, batches: Vec<Batch>, missed: Missed) -> Vec<Frame> {
        let mut frames = Vec::new();
        for batch in batches {
            let seq = batch.last_seq();
            let (entries, edit_missed) = self.notes_whole(batch.changes);
            match (edit_missed, missed) {
                (None, _) => {}
                (Some(_), Missed::ReadAgain) => {
                    self.read_again = true;
                    break;
                }
                (Some(edit), Missed::StreamAsItStood) => as_it_stood(&edit),
            }
            if seq >= self.next {
                frames.push(Frame::Batch(entries));
                self.next = seq + 1;
            }
        }
        frames
    }

    /// Applies the changes to the replica, each note's edit turned into its whole text: a
    /// copy that resumes after a stop is then given changes that stand on their own, whatever
    /// text it holds. With the first edit that did not apply, if one did not: its note is
    /// as it stood before it.
    fn notes_whole(
        &mut self,
        entries: Vec<JournalEntry>,
    ) -> (Vec<JournalEntry>, Option<EditMisses>) {
        let mut first_missed = None;
        let whole = entries
            .into_iter()
            .map(|mut entry| {
                if let Err(missed) = self.replica.apply(&entry.change) {
                    first_missed.get_or_insert(missed);
                }
                if let Change::NoteEdit(s, i, _) = &entry.change {
                    let text = self.replica.note(*s, i.0).unwrap_or_default().to_owned();
                    entry.change = Change::Note(*s, *i, text);
                }
                entry
            })
            .collect();
        (whole, first_missed)
    }
}

fn as_it_stood(missed: &EditMisses) {
    crate::tell!("rapporteur: {missed}; the note is streamed as it stood before it");
}

/// What an edit of a note that does not apply calls for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Missed {
    /// Read from where the journal was last read: the text it was read from may be another
    /// file's (a rewrite the look did not tell), so the journal is read again from its start.
    ReadAgain,
    /// Read from the journal's start: the record is missing from the journal itself, and the
    /// note is sent as the journal makes it, which is what the original opens with too.
    StreamAsItStood,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InterventionId, SessionId};
    use crate::store::NoteEdit;

    const S: SessionId = SessionId(1);
    const I: InterventionId = InterventionId(4);

    fn batch(seq: u64, change: Change) -> Batch {
        Batch {
            changes: vec![JournalEntry {
                seq,
                batch: seq,
                at: chrono::Utc::now(),
                change,
            }],
        }
    }

    fn edit(from: &str, to: &str) -> Change {
        let edit = NoteEdit::between(from, crc32fast::hash(from.as_bytes()), to).unwrap();
        Change::NoteEdit(S, I, edit)
    }

    fn sent_notes(frames: &[Frame]) -> Vec<(u64, String)> {
        frames
            .iter()
            .flat_map(|frame| match frame {
                Frame::Batch(entries) => entries.clone(),
                _ => Vec::new(),
            })
            .filter_map(|e| match e.change {
                Change::Note(_, _, text) => Some((e.seq, text)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_edit_that_misses_is_not_sent_until_the_journal_is_read_again_from_its_start() {
        let journal = [
            batch(1, Change::Note(S, I, "Kenya".into())),
            batch(2, edit("Kenya", "Kenya supported")),
            batch(3, edit("Kenya supported", "Kenya supported the draft")),
            batch(
                4,
                edit("Kenya supported the draft", "Kenya supported the draft."),
            ),
        ];
        let mut streamer = Streamer {
            replica: Replica::default(),
            next: 1,
            read_again: false,
        };
        let frames = streamer.restarted(journal[..2].to_vec());
        assert_eq!(
            sent_notes(&frames),
            [(2, "Kenya supported".to_string())],
            "an edit goes as the note's whole text"
        );
        // A look that lost its place: the edit of change 3 is read without change 2's text.
        streamer.replica = Replica::default();
        let frames = streamer.grown(journal[2..].to_vec());
        assert!(frames.is_empty(), "nothing stale is sent");
        assert!(streamer.read_again);
        assert_eq!(streamer.next, 3, "change 3 is still to be sent");

        streamer.read_again = false;
        streamer.replica = Replica::default();
        let frames = streamer.restarted(journal.to_vec());
        assert_eq!(
            sent_notes(&frames),
            [
                (3, "Kenya supported the draft".to_string()),
                (4, "Kenya supported the draft.".to_string())
            ]
        );
        assert!(!streamer.read_again);
    }
}
