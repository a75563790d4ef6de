//! Opening costs what the open session costs, not what the store ever held: a store of 200
//! sessions × 2,000 interventions (`rapporteur::demo::large_record`, notes of 300–1,500
//! characters, about 600 MB of journal written) against a store of one such session,
//! side by side in one run.
//!
//! - `first_frame/<store>`: `Store::open` + `most_recent_session` + `load` + `App::new` + one
//!   frame on a 200×60 `TestBackend`, as `benches/large.rs` does.
//! - `sessions/<store>`: `Store::open` + the table `rapporteur sessions` prints.
//!
//! Then, each in a child process of its own (so that nothing built before counts), the peak
//! resident memory (`VmHWM`) of each of the four.
//!
//! The stores are built once into `target/tmp/store_size/` and reused while there: the large
//! one takes a few minutes. (Under `cargo test --benches` a small pair is built instead.)
//! Run with `cargo bench --bench store_size`.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::Criterion;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use rapporteur::app::App;
use rapporteur::demo::large_record;
use rapporteur::domain::SessionId;
use rapporteur::keymap::Keymap;
use rapporteur::store::Store;

const INTERVENTIONS: usize = 2_000;
const SESSIONS: u64 = 200;
const SPEAKERS: usize = 200;
/// Set in the child process that measures the peak memory: the store, and what to do.
const PEAK_CHILD_STORE: &str = "RAPPORTEUR_BENCH_PEAK_STORE";
const PEAK_CHILD_TASK: &str = "RAPPORTEUR_BENCH_PEAK_TASK";

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(200, 60)).expect("a test terminal")
}

/// The time the sessions are laid out before: fixed, so that a store built once stays the
/// store the next run measures.
fn built_at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).expect("a valid time")
}

/// The store of `sessions` large sessions, built once under `target/` and reused.
fn built_store(sessions: u64, interventions: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("store_size");
    let path = dir.join(format!("{sessions}x{interventions}"));
    let done = dir.join(format!("{sessions}x{interventions}.built"));
    if done.exists() {
        return path;
    }
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&dir).expect("the stores' folder");
    eprintln!(
        "building a store of {sessions} sessions × {interventions} interventions at {} \
         (once; a few minutes for the large one)",
        path.display()
    );
    {
        let store = Store::open(&path).expect("the store opens");
        for s in 1..=sessions {
            let record = large_record(SessionId(s), built_at(), interventions, SPEAKERS);
            store.save_record(&record).expect("the session is saved");
            if s % 20 == 0 {
                eprintln!("  {s} sessions written");
            }
        }
    }
    // The first opening of a store whose journal grew this much rewrites it in short, once;
    // the openings measured are the ones after it, a user's every day.
    drop(Store::open(&path).expect("the store opens"));
    std::fs::write(&done, "").expect("the mark that the store is built");
    path
}

fn first_frame(path: &Path) -> App {
    let store = Store::open(path).expect("the store opens");
    let id = store
        .most_recent_session()
        .expect("the store reads")
        .expect("a session");
    let record = store.load(id).expect("the session loads");
    let app = App::new(record, Keymap::default_keymap());
    terminal()
        .draw(|f| rapporteur::ui::draw(f, &app, Utc::now()))
        .expect("a frame");
    app
}

fn list_sessions(path: &Path) -> String {
    let store = Store::open(path).expect("the store opens");
    rapporteur::cli::list_sessions(&store).expect("the sessions are listed")
}

fn bench(c: &mut Criterion, stores: &[(&str, &Path)]) {
    let mut group = c.benchmark_group("first_frame");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, path) in stores {
        group.bench_function(*name, |b| b.iter_with_large_drop(|| first_frame(path)));
    }
    group.finish();
    let mut group = c.benchmark_group("sessions");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, path) in stores {
        group.bench_function(*name, |b| b.iter_with_large_drop(|| list_sessions(path)));
    }
    group.finish();
}

fn peak_kib() -> u64 {
    common::memory_kib("VmHWM")
}

/// In the child: does `task` on `store`, then prints its peak memory in KiB and, timed one
/// by one after it, how long sled's own opening and `Store::open` take, in milliseconds.
fn measure_peak(store: &Path, task: &str) {
    match task {
        "first_frame" => drop(first_frame(store)),
        _ => drop(list_sessions(store)),
    }
    let peak = peak_kib();
    let started = Instant::now();
    // sled alone, with the settings `Store::open` gives it (`src/store/mod.rs::open_sled`).
    let db = sled::Config::new()
        .path(store)
        .flush_every_ms(None)
        .cache_capacity(4 << 20)
        .open()
        .expect("sled opens");
    let sled_open = started.elapsed();
    drop(db);
    let started = Instant::now();
    drop(Store::open(store).expect("the store opens"));
    let store_open = started.elapsed();
    println!(
        "{peak} {:.1} {:.1}",
        sled_open.as_secs_f64() * 1e3,
        store_open.as_secs_f64() * 1e3
    );
}

/// Peak memory in MB, and sled's opening and `Store::open` in ms, from a child process.
fn peak_in_child(store: &Path, task: &str) -> (f64, String, String) {
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = std::process::Command::new(exe)
        .env(PEAK_CHILD_STORE, store)
        .env(PEAK_CHILD_TASK, task)
        .output()
        .expect("the child runs");
    assert!(out.status.success(), "the memory measurement failed");
    let printed = String::from_utf8_lossy(&out.stdout);
    let mut words = printed.split_whitespace();
    let kib: f64 = words
        .next()
        .and_then(|w| w.parse().ok())
        .expect("the child prints its peak");
    let mut next = || words.next().unwrap_or("?").to_owned();
    (kib / 1024.0, next(), next())
}

fn main() {
    if let (Some(store), Some(task)) = (
        std::env::var_os(PEAK_CHILD_STORE),
        std::env::var(PEAK_CHILD_TASK).ok(),
    ) {
        measure_peak(&PathBuf::from(store), &task);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let measuring = flag("--bench") && !flag("--test") && !flag("--list");
    let (sessions, interventions) = if measuring {
        (SESSIONS, INTERVENTIONS)
    } else {
        (3, 20)
    };
    let one = built_store(1, interventions);
    let many = built_store(sessions, interventions);
    let many_name = format!("{sessions}_sessions");
    let stores = [("one_session", one.as_path()), (&many_name, many.as_path())];

    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &stores);
    if measuring {
        println!();
        println!(
            "peak resident memory (VmHWM), each in a process of its own, then in it sled's \
             own opening and Store::open timed once:"
        );
        for task in ["first_frame", "sessions"] {
            for (name, path) in &stores {
                let (peak, sled_open, store_open) = peak_in_child(path, task);
                println!(
                    "  {task:<12} {name:<13} {peak:>7.1} MB   sled opens in {sled_open} ms, \
                     Store::open in {store_open} ms"
                );
            }
        }
    }
    criterion.final_summary();
}
