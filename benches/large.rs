//! A session of 10,000 interventions (`rapporteur::demo::large_record`: 200 participants,
//! notes of 300–1,500 characters in six languages, 200 inscriptions waiting): a keystroke to
//! the screen, opening the store to the first frame, and each export, each beside a reference
//! measured in the same run.
//!
//! - `keystroke_to_screen/large`: with someone on the floor and the focus on the note, one
//!   typed `a` handled by `App::handle_key` (the outbox cleared after it) and one frame drawn
//!   on a 200×60 `TestBackend`. Reference `empty`: one frame of a session with nothing in it.
//! - `open_to_first_frame/large`: `Store::open` + `most_recent_session` + `load` + `App::new`
//!   + one frame. Reference `empty`: the same on a store holding one empty session.
//! - `export/<format>`: `export::render` of the whole session. Reference `serde_json_to_vec`:
//!   serialising the record once, the cost of touching every byte.
//!
//! Then, in a child process of its own (so that nothing built before counts), the resident
//! memory (`VmRSS`) before and after opening the large store to the first frame.
//!
//! Run with `cargo bench --bench large`; about two minutes on two cores.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{criterion_group, BatchSize, Criterion};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::demo::large_record;
use rapporteur::domain::{Inscription, ParticipantId, SessionId, SessionRecord};
use rapporteur::export::{self, Format, Scope};
use rapporteur::keymap::Keymap;
use rapporteur::store::Store;

const INTERVENTIONS: usize = 10_000;
const SPEAKERS: usize = 200;
const SESSION: SessionId = SessionId(1);
/// Set in the child process that measures the resident memory: the store to open.
const RSS_CHILD: &str = "RAPPORTEUR_BENCH_RSS_STORE";
/// Keys typed before the note is cut back (outside the timing), so every frame wraps about
/// as much text however many iterations criterion asks for.
const KEYS_BEFORE_RESET: u64 = 200;

fn large(now: DateTime<Utc>) -> SessionRecord {
    large_record(SESSION, now, INTERVENTIONS, SPEAKERS)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(200, 60)).expect("a test terminal")
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App, now: DateTime<Utc>) {
    terminal
        .draw(|f| rapporteur::ui::draw(f, app, now))
        .expect("a frame");
}

/// The large session with the head of its list given the floor, 200 still inscribed behind
/// it, and the focus on the note.
fn app_with_floor(now: DateTime<Utc>) -> App {
    let mut record = large(now);
    let current = record
        .interventions
        .last()
        .expect("interventions")
        .agenda_item;
    // One more at the head of the list, so that 200 still wait once the floor is given.
    record
        .list_mut(current)
        .speakers
        .insert(0, Inscription::statement(ParticipantId(10)));
    let mut app = App::new(record, Keymap::default_keymap());
    app.update(Action::GiveFloor, now);
    app.update(Action::FocusNotes, now);
    assert!(app.record.floor().is_some(), "someone has the floor");
    assert_eq!(
        app.record.list(current).map(|l| l.speakers.len()),
        Some(200)
    );
    app.outbox.clear();
    app
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn keystroke_to_screen(c: &mut Criterion) {
    let now = Utc::now();
    let mut group = c.benchmark_group("keystroke_to_screen");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    let empty = App::new(
        SessionRecord::starter(SESSION, now, "Europe/Vienna"),
        Keymap::default_keymap(),
    );
    let mut term = terminal();
    group.bench_function("empty", |b| b.iter(|| draw(&mut term, &empty, now)));

    let mut app = app_with_floor(now);
    let mut term = terminal();
    group.bench_function("large", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for i in 0..iters {
                let started = Instant::now();
                app.handle_key(key(KeyCode::Char('a')), now);
                app.outbox.clear();
                draw(&mut term, &app, now);
                spent += started.elapsed();
                if (i + 1).is_multiple_of(KEYS_BEFORE_RESET) {
                    for _ in 0..KEYS_BEFORE_RESET {
                        app.handle_key(key(KeyCode::Backspace), now);
                    }
                    app.outbox.clear();
                }
            }
            spent
        })
    });
    group.finish();
}

/// Under target/, on the project's disk.
fn store_with(path: &Path, record: &SessionRecord) {
    let store = Store::open(path).expect("the store opens");
    store.save_record(record).expect("the session is saved");
    store.flush_durable().expect("the store is flushed");
}

/// What `rapporteur` does from start to the first frame.
fn open_to_first_frame(path: &Path, now: DateTime<Utc>) -> App {
    let store = Store::open(path).expect("the store opens");
    let id = store
        .most_recent_session()
        .expect("the store reads")
        .expect("a session");
    let record = store.load(id).expect("the session loads");
    let app = App::new(record, Keymap::default_keymap());
    draw(&mut terminal(), &app, now);
    app
}

fn open_store(c: &mut Criterion, large_store: &Path) {
    let now = Utc::now();
    let dir = common::temporary_dir();
    let empty_store = dir.path().join("empty");
    store_with(
        &empty_store,
        &SessionRecord::starter(SESSION, now, "Europe/Vienna"),
    );
    let mut group = c.benchmark_group("open_to_first_frame");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("empty", |b| {
        b.iter_with_large_drop(|| open_to_first_frame(&empty_store, now))
    });
    group.bench_function("large", |b| {
        b.iter_with_large_drop(|| open_to_first_frame(large_store, now))
    });
    group.finish();
}

fn exports(c: &mut Criterion) {
    let now = Utc::now();
    let record = large(now);
    let mut group = c.benchmark_group("export");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("serde_json_to_vec", |b| {
        b.iter_with_large_drop(|| serde_json::to_vec(&record).expect("serialised"))
    });
    for format in Format::ALL {
        group.bench_function(format.extension(), |b| {
            b.iter_batched(
                || (),
                |()| export::render(&record, Scope::default(), format, now).expect("rendered"),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn resident_kib() -> u64 {
    common::memory_kib("VmRSS")
}

/// In the child: the resident memory before and after opening the store to the first frame,
/// and where the time and the memory go, stage by stage.
fn measure_resident(path: &Path) {
    let mb = |kib: u64| kib as f64 / 1024.0;
    let before = resident_kib();
    let started = Instant::now();
    let mut last = (started, before);
    let mut stage = |name: &str| {
        let (now, rss) = (Instant::now(), resident_kib());
        println!(
            "  {name:<22} {:>7.1} ms  VmRSS {:>6.1} MB (+{:.1} MB)",
            (now - last.0).as_secs_f64() * 1e3,
            mb(rss),
            mb(rss.saturating_sub(last.1)),
        );
        last = (now, rss);
    };
    println!("opening the large store to the first frame, in a process of its own:");
    let store = Store::open(path).expect("the store opens");
    stage("Store::open");
    let id = store
        .most_recent_session()
        .expect("the store reads")
        .expect("a session");
    stage("most_recent_session");
    let record = store.load(id).expect("the session loads");
    stage("load");
    let app = App::new(record, Keymap::default_keymap());
    stage("App::new");
    draw(&mut terminal(), &app, Utc::now());
    stage("first frame");
    let after = resident_kib();
    let elapsed = started.elapsed();
    let json = serde_json::to_vec(&app.record).expect("serialised").len();
    let notes: usize = app
        .record
        .interventions
        .iter()
        .map(|iv| iv.note.len() + iv.live_record.as_ref().map_or(0, String::len))
        .sum();
    println!(
        "resident memory, {} interventions ({:.1} MB as JSON, {:.1} MB of notes and live \
         records): VmRSS {:.1} MB before, {:.1} MB after, {:.1} MB more; {:.0?} in all",
        app.record.interventions.len(),
        json as f64 / 1e6,
        notes as f64 / 1e6,
        mb(before),
        mb(after),
        mb(after - before),
        elapsed,
    );
}

fn resident_in_child(store: &Path) {
    let exe = std::env::current_exe().expect("the bench's own path");
    let status = std::process::Command::new(exe)
        .env(RSS_CHILD, store)
        .status()
        .expect("the child runs");
    assert!(status.success(), "the memory measurement failed");
}

criterion_group!(screen, keystroke_to_screen, exports);

fn main() {
    if let Some(store) = std::env::var_os(RSS_CHILD) {
        measure_resident(&PathBuf::from(store));
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let measuring = flag("--bench") && !flag("--test") && !flag("--list");

    let dir = common::temporary_dir();
    let large_store = dir.path().join("large");
    store_with(&large_store, &large(Utc::now()));

    screen();
    let mut criterion = Criterion::default().configure_from_args();
    open_store(&mut criterion, &large_store);
    if measuring {
        println!();
        resident_in_child(&large_store);
    }
    Criterion::default().configure_from_args().final_summary();
}
