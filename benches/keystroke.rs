//! A keystroke to disk: the time from handing a note change to the saver until it is durable,
//! beside what the disk itself costs for one write and one fsync.
//!
//! Each figure is for one keystroke appended to a note of about 2 KB, in a temporary
//! directory under cargo's target directory (on the project's disk, not a tmpfs):
//!
//! - `saver`: `Saver::save(Change::Note(..))` then `Saver::sync()`, as the app does: the
//!   writer thread journals the change (one write into space the journal wrote ahead, one
//!   fdatasync) and writes it to sled in memory. sled's flush and the fsync of its log come
//!   every 5 s while the typing goes on (and at each pause): they are in the figure, spread
//!   over the keystrokes as they are when typing.
//! - `write_batch`: the keystroke through `Store::write_batch` on this thread, never
//!   flushing sled: the writer thread's cost and the flushes' are the difference.
//! - `write_fsync`: the reference, a plain write of the same bytes at the start of a small
//!   file and its `sync_all`: the least a durable keystroke can cost on this disk.
//! - `write_fsync_twice`: the same on two files, one after the other: what a design that
//!   made a keystroke durable in two places (the journal, then the store) could not go under.
//! - `append_fdatasync`: the bytes appended to a file that grows, then `sync_data`, as the
//!   journal does it: a file whose length changes costs the file system a commit of its own
//!   journal at every sync, which an overwrite in place does not.
//!
//! Run with `cargo bench --bench keystroke`. Criterion's medians are in
//! `target/criterion/keystroke_to_disk/*/new/estimates.json`. After criterion, the same
//! keystrokes are timed once more taking turns, one of each in every cycle: on a shared
//! machine the disk's speed drifts from second to second, and only measurements taken side
//! by side give a fair ratio.

mod common;

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
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

/// Cycles of the side-by-side timing, after a few to warm up.
const CYCLES: usize = 300;
const WARM_UP_CYCLES: usize = 20;

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

fn new_file(path: &Path) -> File {
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

/// A way of making one keystroke durable.
type Keystroke = Box<dyn FnMut()>;

/// Every way measured, by name, each with its own files in `dir`.
fn keystrokes(dir: &Path) -> Vec<(&'static str, Keystroke)> {
    let mut saver = Saver::start(store_in(&dir.join("saver")), |_| {});
    let mut for_saver = Typist::new();
    let store = store_in(&dir.join("direct"));
    let mut for_store = Typist::new();
    let reference = new_file(&dir.join("reference"));
    let mut for_reference = Typist::new();
    let (first, second) = (
        new_file(&dir.join("reference-1")),
        new_file(&dir.join("reference-2")),
    );
    let mut for_both = Typist::new();
    let mut appended = new_file(&dir.join("appended"));
    let mut for_appended = Typist::new();
    vec![
        (
            "saver",
            Box::new(move || {
                saver.save(for_saver.change());
                saver.sync().expect("the keystroke is durable");
            }),
        ),
        (
            "write_batch",
            Box::new(move || {
                store
                    .write_batch(&[for_store.change()])
                    .expect("the keystroke is durable");
            }),
        ),
        (
            "write_fsync",
            Box::new(move || write_and_sync(&reference, for_reference.keystroke().as_bytes())),
        ),
        (
            "write_fsync_twice",
            Box::new(move || {
                let bytes = for_both.keystroke().as_bytes();
                write_and_sync(&first, bytes);
                write_and_sync(&second, bytes);
            }),
        ),
        (
            "append_fdatasync",
            Box::new(move || {
                appended
                    .write_all(for_appended.keystroke().as_bytes())
                    .expect("the append");
                appended.sync_data().expect("the fdatasync");
            }),
        ),
    ]
}

/// Under target/, on the project's disk: /tmp may be a tmpfs, where an fsync costs nothing.
fn keystroke_to_disk(c: &mut Criterion) {
    let dir = common::temporary_dir();
    let mut group = c.benchmark_group("keystroke_to_disk");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, mut keystroke) in keystrokes(dir.path()) {
        group.bench_function(name, |b| b.iter(&mut keystroke));
    }
    group.finish();
}

/// Times every way once per cycle, taking turns (each cycle starts one further along), and
/// prints the median of each and the median ratio of the saver to a write + fsync taken in
/// the same cycle.
fn side_by_side() {
    let dir = common::temporary_dir();
    let mut ways = keystrokes(dir.path());
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(CYCLES); ways.len()];
    for cycle in 0..WARM_UP_CYCLES + CYCLES {
        for turn in 0..ways.len() {
            let i = (cycle + turn) % ways.len();
            let started = Instant::now();
            (ways[i].1)();
            let micros = started.elapsed().as_secs_f64() * 1e6;
            if cycle >= WARM_UP_CYCLES {
                times[i].push(micros);
            }
        }
    }
    let index = |name: &str| ways.iter().position(|(n, _)| *n == name).expect("measured");
    let (saver, reference) = (index("saver"), index("write_fsync"));
    let mut ratios: Vec<f64> = times[saver]
        .iter()
        .zip(&times[reference])
        .map(|(s, r)| s / r)
        .collect();
    println!("\nside by side, {CYCLES} cycles, one keystroke of each way per cycle:");
    for ((name, _), t) in ways.iter().zip(&mut times) {
        println!("  {name:<18} median {:>8.1} µs", common::median(t));
    }
    println!(
        "  saver / write_fsync: median of the per-cycle ratios {:.2}×",
        common::median(&mut ratios)
    );
}

criterion_group!(benches, keystroke_to_disk);

fn main() {
    benches();
    if common::measuring_side_by_side() {
        side_by_side();
    }
    Criterion::default().configure_from_args().final_summary();
}
