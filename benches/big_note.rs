//! A keystroke to disk in a note of a megabyte against one in a note of 2 KB, side by side
//! in one run: the time from handing the note to the saver until it is durable, as the app
//! does it (`Saver::save(Change::Note(..))`, then `Saver::sync()`). The store journals what
//! the keystroke changed, not the note, so the two should cost about the same.
//!
//! The note handed over is built before the clock starts: the copy of the note the app makes
//! for each keystroke is the app's cost, not the save path's; `copy_1mb` measures it beside.
//!
//! Run with `cargo bench --bench big_note`. After criterion, the keystrokes are timed once
//! more taking turns, one of each in every cycle, and the median ratio printed: on a shared
//! machine the disk's speed drifts from second to second, and only measurements taken side by
//! side give a fair ratio.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, BatchSize, Criterion};
use rapporteur::domain::{InterventionId, SessionId, SessionRecord};
use rapporteur::store::{Change, Saver, Store};

const SESSION: SessionId = SessionId(1);
const INTERVENTION: InterventionId = InterventionId(1);

const LINE: &str = "Le représentant a souligné — العربية — 中文记录 — русский — 🙂 #cooperation\n";
const TYPED: &str = "Austria aligned itself with the statement of the European Union. ";

const CYCLES: usize = 1_000;
const WARM_UP_CYCLES: usize = 50;

/// One keystroke at a time at the end of a note of `size` bytes.
struct Typist {
    base: String,
    note: String,
    next: std::iter::Cycle<std::str::Chars<'static>>,
}

impl Typist {
    fn new(size: usize) -> Typist {
        let base = LINE.repeat(size / LINE.len() + 1);
        Typist {
            note: base.clone(),
            base,
            next: TYPED.chars().cycle(),
        }
    }

    /// The note with one more character typed, as the app hands it over; cut back to its
    /// first size now and then, so every keystroke is into a note of about the same size.
    fn change(&mut self) -> Change {
        if self.note.len() > self.base.len() + 512 {
            self.note.clone_from(&self.base);
        }
        self.note
            .push(self.next.next().expect("a cycle never ends"));
        Change::Note(SESSION, INTERVENTION, self.note.clone())
    }
}

/// A saver on a store with a session in it, the note already saved whole once.
fn saver_in(dir: &Path, typist: &mut Typist) -> Saver {
    let store = Store::open(&dir.join("store")).expect("the store opens");
    let record = SessionRecord::starter(SESSION, chrono::Utc::now(), "UTC");
    store.save_record(&record).expect("the session is saved");
    let mut saver = Saver::start(Arc::new(store), |_| {});
    saver.save(typist.change());
    saver.sync().expect("the note is saved");
    saver
}

/// Under target/, on the project's disk: /tmp may be a tmpfs, where an fsync costs nothing.
fn keystroke(saver: &mut Saver, change: Change) {
    saver.save(change);
    saver.sync().expect("the keystroke is durable");
}

fn keystroke_by_note_size(c: &mut Criterion) {
    let dir = common::temporary_dir();
    let mut group = c.benchmark_group("keystroke_by_note_size");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, size) in [("note_2kb", 2 << 10), ("note_1mb", 1 << 20)] {
        let mut typist = Typist::new(size);
        let mut saver = saver_in(&dir.path().join(name), &mut typist);
        group.bench_function(name, |b| {
            b.iter_batched(
                || typist.change(),
                |change| keystroke(&mut saver, change),
                BatchSize::SmallInput,
            )
        });
    }
    let note = Typist::new(1 << 20).base;
    group.bench_function("copy_1mb", |b| {
        b.iter(|| std::hint::black_box(note.clone()))
    });
    group.finish();
}

/// One keystroke of each size per cycle, taking turns; prints the medians and the median of
/// the per-cycle ratios.
fn side_by_side() {
    let dir = common::temporary_dir();
    let mut small = Typist::new(2 << 10);
    let mut large = Typist::new(1 << 20);
    let mut ways = [
        (saver_in(&dir.path().join("2kb"), &mut small), small),
        (saver_in(&dir.path().join("1mb"), &mut large), large),
    ];
    let mut times = [Vec::with_capacity(CYCLES), Vec::with_capacity(CYCLES)];
    for cycle in 0..WARM_UP_CYCLES + CYCLES {
        for turn in 0..2 {
            let i = (cycle + turn) % 2;
            let (saver, typist) = &mut ways[i];
            let change = typist.change();
            let started = Instant::now();
            keystroke(saver, change);
            if cycle >= WARM_UP_CYCLES {
                times[i].push(started.elapsed().as_secs_f64() * 1e6);
            }
        }
    }
    let mut ratios: Vec<f64> = times[1].iter().zip(&times[0]).map(|(l, s)| l / s).collect();
    let mean = |t: &[f64]| t.iter().sum::<f64>() / t.len() as f64;
    println!("\nside by side, {CYCLES} cycles, one keystroke into each note per cycle:");
    for (name, t) in ["note_2kb", "note_1mb"].iter().zip(&mut times) {
        println!(
            "  {name:<9} median {:>8.1} µs, mean {:>8.1} µs",
            common::median(t),
            mean(t)
        );
    }
    println!(
        "  note_1mb / note_2kb: median of the per-cycle ratios {:.2}×",
        common::median(&mut ratios)
    );
}

criterion_group!(benches, keystroke_by_note_size);

fn main() {
    benches();
    if common::measuring_side_by_side() {
        side_by_side();
    }
    Criterion::default().configure_from_args().final_summary();
}
