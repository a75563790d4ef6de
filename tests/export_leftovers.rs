//! An export leaves nothing behind: its temporary file is readable by its owner alone while
//! it is written, and one left by an export killed mid-write is removed at the next export
//! to that folder. Through the real binary, killed with SIGKILL.

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{bin_path, rapporteur_in, stderr, succeeds, WAIT};

/// `rapporteur export` started on `db`, writing `output`, as `common::rapporteur_in` runs it.
fn start_export(dir: &Path, db: &Path, format: &str, output: &str) -> Child {
    Command::new(bin_path())
        .args(["export", "-f", format, "-o", output, "--db"])
        .arg(db)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", db.with_file_name("no-config-here"))
        .env_remove("RAPPORTEUR_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs")
}

/// The temporary export files in `folder`.
fn temporary_files(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(".tmp-"))
        .collect()
}

/// Exports the large session until one export is caught with its temporary file on disk and
/// killed there; returns that file. The file exists only while the bytes are written and
/// synced, so an export may finish before it is seen: it is then tried again.
fn kill_an_export_mid_write(dir: &Path, db: &Path, folder: &Path) -> Option<PathBuf> {
    for attempt in 1..=20 {
        let mut export = start_export(dir, db, "json", "drafts/record.json");
        let deadline = Instant::now() + WAIT * 3;
        let caught = loop {
            if let Some(temp) = temporary_files(folder).pop() {
                let _ = export.kill();
                break Some(temp);
            }
            if export.try_wait().unwrap().is_some() || Instant::now() > deadline {
                break None;
            }
            std::thread::sleep(Duration::from_micros(200));
        };
        let _ = export.kill();
        export.wait().unwrap();
        match caught {
            Some(temp) if temp.exists() => {
                eprintln!("export killed mid-write at attempt {attempt}");
                return Some(temp);
            }
            _ => {
                let _ = std::fs::remove_file(folder.join("record.json"));
            }
        }
    }
    None
}

#[test]
fn a_killed_export_leaves_an_owner_only_file_that_the_next_export_removes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["demo", "--interventions", "20000"],
    ));
    let folder = dir.path().join("drafts");
    std::fs::create_dir(&folder).unwrap();

    let leftover = kill_an_export_mid_write(dir.path(), &db, &folder)
        .expect("an export killed while its temporary file was on disk");
    let mode = std::fs::metadata(&leftover).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        format!("{mode:o}"),
        "600",
        "{} is readable by others",
        leftover.display()
    );
    assert!(
        !folder.join("record.json").exists(),
        "nothing under the name asked for"
    );

    let out = rapporteur_in(
        dir.path(),
        &db,
        &[
            "export",
            "-f",
            "md",
            "--meeting",
            "1",
            "-o",
            "drafts/summary.md",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(folder.join("summary.md").exists());
    assert_eq!(temporary_files(&folder), Vec::<PathBuf>::new());
}
