//! A keystroke to disk: the time from handing a note change to the saver until it is durable,
//! beside what the disk itself costs for one write and one fsync.
//!
//! Four figures, each for one keystroke appended to a note of about 2 KB, all in one temporary
//! directory under cargo's target directory (on the project's disk, not a tmpfs):
//!
//! - `saver`: `Saver::save(Change::Note(..))` then `Saver::sync()`, as the app does: the
//!   writer thread journals the change (write + fsync), writes it to sled, flushes and fsyncs.
//! - `write_batch`: the same through `Store::write_batch` on this thread: the thread's cost
//!   is the difference.
//! - `write_fsync`: the reference, a plain write of the same bytes to a small file and its
//!   `sync_all`: the least any durable keystroke can cost on this disk.
//! - `write_fsync_twice`: the same on two files, one after the other: the floor for a design
//!   that makes a keystroke durable in two places (the journal, then the store), as the saver
//!   does.
//! - `append_fdatasync`: the note's bytes appended to a file that grows, then `sync_data`, as
//!   the journal does: a file whose length changes costs the file system a journal commit at
//!   every sync, which an overwrite in place does not.
//!
//! Run with `cargo bench --bench keystroke`; medians are in
//! `target/criterion/keystroke_to_disk/*/new/estimates.json`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use rapporteur::domain::{InterventionId, SessionId, SessionRecord};
use rapporteur::store::{Change, Saver, Store};

const SESSION: SessionId = SessionId(1);
const INTERVENTION: InterventionId = InterventionId(1);

/// A rapporteur's note as it reads after a few minutes of a statement.
const PARAGRAPH: &str = "The representative of Austria thanked the Special Rapporteur for \
    the report and aligned herself with the statement of the European Union. She called for a \
    victim-centred approach — « à l'écoute des survivants » — and for data broken down by sex \
    and age. Le délégué du Sénégal a salué les progrès accomplis. وأكد ممثل مصر على أهمية \
    التعاون الدولي. 中国代表强调了能力建设的重要性。 R: publish the figures before the next \
    session 🙂 #cooperation #data\n";

/// About 2 KB: where a note stands after a few minutes of a statement.
const NOTE_BYTES: usize = 2048;
/// The note is cut back to its first 2 KB when it grows past this, so every keystroke writes
/// about as much, however many iterations criterion asks for.
const NOTE_MAX: usize = 2560;

/// One keystroke at a time into a note of about 2 KB.
struct Typist {
    base: String,
    note: String,
    next: std::iter::Cycle<std::str::Chars<'static>>,
}

impl Typist {
    fn new() -> Typist {
        let mut base = String::new();
        for c in PARAGRAPH.chars().cycle() {
            if base.len() >= NOTE_BYTES {
                break;
            }
            base.push(c);
        }
        Typist {
            note: base.clone(),
            base,
            next: PARAGRAPH.chars().cycle(),
        }
    }

    /// The note with one more character typed.
    fn keystroke(&mut self) -> &str {
        if self.note.len() > NOTE_MAX {
            self.note.clone_from(&self.base);
        }
        self.note
            .push(self.next.next().expect("a cycle never ends"));
        &self.note
    }

    fn change(&mut self) -> Change {
        Change::Note(SESSION, INTERVENTION, self.keystroke().to_owned())
    }
}

/// A store with a session in it, as the app opens it.
fn store_in(dir: &Path) -> Arc<Store> {
    let store = Store::open(&dir.join("store")).expect("the store opens");
    let record = SessionRecord::starter(SESSION, chrono::Utc::now(), "UTC");
    store.save_record(&record).expect("the session is saved");
    Arc::new(store)
}

/// A small file beside the store, written at its start and synced: the reference.
fn small_file(path: &Path) -> File {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .expect("the reference file opens")
}

fn write_and_sync(file: &File, bytes: &[u8]) {
    file.write_all_at(bytes, 0).expect("the reference write");
    file.sync_all().expect("the reference fsync");
}

fn keystroke_to_disk(c: &mut Criterion) {
    // Under target/, on the project's disk: /tmp may be a tmpfs, where an fsync costs nothing.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary directory");
    let mut group = c.benchmark_group("keystroke_to_disk");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    {
        let mut saver = Saver::start(store_in(&dir.path().join("saver")), |_| {});
        let mut typist = Typist::new();
        group.bench_function("saver", |b| {
            b.iter(|| {
                saver.save(typist.change());
                saver.sync().expect("the keystroke is durable");
            })
        });
        saver.finish().expect("the saver stops cleanly");
    }

    {
        let store = store_in(&dir.path().join("direct"));
        let mut typist = Typist::new();
        group.bench_function("write_batch", |b| {
            b.iter(|| {
                store
                    .write_batch(&[typist.change()])
                    .expect("the keystroke is durable")
            })
        });
    }

    {
        let file = small_file(&dir.path().join("reference"));
        let mut typist = Typist::new();
        group.bench_function("write_fsync", |b| {
            b.iter(|| write_and_sync(&file, typist.keystroke().as_bytes()))
        });
    }

    {
        let first = small_file(&dir.path().join("reference-1"));
        let second = small_file(&dir.path().join("reference-2"));
        let mut typist = Typist::new();
        group.bench_function("write_fsync_twice", |b| {
            b.iter(|| {
                let bytes = typist.keystroke().as_bytes();
                write_and_sync(&first, bytes);
                write_and_sync(&second, bytes);
            })
        });
    }

    {
        let mut file = small_file(&dir.path().join("appended"));
        let mut typist = Typist::new();
        group.bench_function("append_fdatasync", |b| {
            b.iter(|| {
                file.write_all(typist.keystroke().as_bytes())
                    .expect("the append");
                file.sync_data().expect("the fdatasync");
            })
        });
    }

    group.finish();
}

criterion_group!(benches, keystroke_to_disk);
criterion_main!(benches);
