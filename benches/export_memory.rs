//! Time and peak memory of every export of the large session (`rapporteur::demo::large_record`)
//! at 10,000 and 100,000 interventions, written to a file as `rapporteur export -o` does, and
//! beside them pandoc turning the Markdown draft of the same session into a Word document,
//! measured in the same run.
//!
//! Each export runs in a child process of its own, so that its peak (`VmHWM`) is its own: the
//! figure is the peak of the whole process, the session built in memory included, and beside
//! it the peak less what the session alone took before the export began.
//!
//! Run with `cargo bench --bench export_memory`; about ten minutes on two cores, most of it
//! pandoc's. `RAPPORTEUR_BENCH_SIZES=10000` measures one size only.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;

use rapporteur::demo::large_record;
use rapporteur::domain::SessionId;
use rapporteur::export::{self, Format, Scope};

/// Set in a child process: `FORMAT INTERVENTIONS PATH`, the export it measures.
const CHILD: &str = "RAPPORTEUR_BENCH_EXPORT";
const SPEAKERS: usize = 200;

fn main() {
    if let Ok(job) = std::env::var(CHILD) {
        return child(&job);
    }
    if !common::measuring_side_by_side() {
        return;
    }
    let sizes: Vec<usize> = std::env::var("RAPPORTEUR_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let dir = common::temporary_dir();
    println!("| interventions | export | time | peak memory | peak less the session | size |");
    println!("|---:|---|---:|---:|---:|---:|");
    for n in sizes {
        for format in Format::ALL {
            let path = dir.path().join(format!("{n}.{}", format.extension()));
            let m = measure_child(format, n, &path);
            println!(
                "| {n} | rapporteur {} | {:.2} s | {} MB | {} MB | {} MB |",
                format.extension(),
                m.secs,
                m.peak_kib / 1024,
                m.peak_kib.saturating_sub(m.session_kib) / 1024,
                m.bytes / (1024 * 1024)
            );
        }
        let md = dir.path().join(format!("{n}.md"));
        match pandoc(&md, &dir.path().join(format!("{n}.pandoc.docx"))) {
            Some((secs, peak_kib, bytes)) => println!(
                "| {n} | pandoc md → docx | {secs:.2} s | {} MB | | {} MB |",
                peak_kib / 1024,
                bytes / (1024 * 1024)
            ),
            None => println!("| {n} | pandoc md → docx | not installed | | | |"),
        }
    }
}

struct Measured {
    secs: f64,
    peak_kib: u64,
    session_kib: u64,
    bytes: u64,
}

fn measure_child(format: Format, n: usize, path: &Path) -> Measured {
    let out = Command::new(std::env::current_exe().expect("this benchmark"))
        .env(
            CHILD,
            format!("{} {n} {}", format.extension(), path.display()),
        )
        .stderr(Stdio::inherit())
        .output()
        .expect("the child runs");
    assert!(out.status.success(), "the {format:?} export of {n} failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let figures: Vec<f64> = text
        .split_whitespace()
        .map(|f| f.parse().expect("a figure"))
        .collect();
    Measured {
        secs: figures[0],
        peak_kib: figures[1] as u64,
        session_kib: figures[2] as u64,
        bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
    }
}

/// In the child: build the session, then export it to the file, timed; print the seconds, the
/// peak and the peak before the export.
fn child(job: &str) {
    let mut parts = job.splitn(3, ' ');
    let format = Format::parse(parts.next().unwrap()).expect("a format");
    let n: usize = parts.next().unwrap().parse().expect("a number");
    let path = Path::new(parts.next().unwrap());
    let now = Utc::now();
    let record = large_record(SessionId(1), now, n, SPEAKERS);
    let session_kib = common::memory_kib("VmHWM");
    let started = Instant::now();
    let bytes = export::render(&record, Scope::default(), format, now).expect("rendered");
    export::write_atomic(path, &bytes).expect("written");
    drop(bytes);
    let secs = started.elapsed().as_secs_f64();
    println!("{secs} {} {session_kib}", common::memory_kib("VmHWM"));
}

/// pandoc's time, peak resident memory (sampled from /proc while it runs) and output size.
fn pandoc(md: &Path, docx: &Path) -> Option<(f64, u64, u64)> {
    let started = Instant::now();
    let mut child = Command::new("pandoc")
        .args(["-f", "markdown", "-t", "docx", "-o"])
        .arg(docx)
        .arg(md)
        .spawn()
        .ok()?;
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if child.try_wait().ok()?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let secs = started.elapsed().as_secs_f64();
    Some((secs, peak, std::fs::metadata(docx).map_or(0, |m| m.len())))
}
