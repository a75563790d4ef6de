//! A real full disk: a store on a small tmpfs, filled up while a rapporteur types. Mounting
//! needs the right to mount (root, as the tests run in CI); without it the test says so and
//! skips. Run with `cargo test --test full_disk -- --nocapture` to see its figures.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;

use common::typing::{four_delegations, speech, statement, SID};
use rapporteur::domain::*;
use rapporteur::store::{recover, Change, SaveReport, Saver, Store, StoreError};

/// A tmpfs mounted for the length of a test, unmounted when dropped.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    /// Mounts a tmpfs of `size` (as `mount -o size=` reads it) at `dir/disk`, or says why not.
    fn mount(dir: &Path, size: &str) -> Result<SmallDisk, String> {
        let path = dir.join("disk");
        std::fs::create_dir(&path).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(&path)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if out.status.success() {
            Ok(SmallDisk { path })
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

/// Fills the file system holding `dir` to its last byte with one file, and returns it.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler");
    let mut file = File::create(&filler).unwrap();
    for size in [1 << 16, 1 << 10, 1] {
        let chunk = vec![0x55u8; size];
        while file.write_all(&chunk).is_ok() {}
    }
    let _ = file.sync_all();
    filler
}

fn note(text: &str) -> Change {
    Change::Note(SID, InterventionId(1), text.to_string())
}

/// The note of the intervention as the store at `path` holds it once opened, recovering the
/// store first if it is refused; and whether it had to be recovered.
fn note_after_reopening(path: &Path) -> (String, bool) {
    let (store, recovered) = match Store::open(path) {
        Ok(store) => (store, false),
        Err(e @ (StoreError::BehindJournal { .. } | StoreError::Damaged { .. })) => {
            eprintln!("reopened after the full disk: refused ({e}); recovering");
            recover(path).unwrap();
            (Store::open(path).unwrap(), true)
        }
        Err(e) => panic!("the store does not open after the disk has room again: {e}"),
    };
    let record = store.load(SID).unwrap();
    (record.interventions[0].note.clone(), recovered)
}

#[test]
fn typing_on_until_the_disk_is_full_and_on_once_it_has_room_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let disk = match SmallDisk::mount(dir.path(), "8m") {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("full disk: SKIPPED, a small file system cannot be mounted here ({why})");
            return;
        }
    };
    let path = disk.path.join("store");
    let store = Arc::new(Store::open(&path).unwrap());
    let mut session = four_delegations();
    session.interventions.push(statement(1));
    store.save_record(&session).unwrap();

    let reports: Arc<Mutex<Vec<SaveReport>>> = Arc::default();
    let mut saver = {
        let reports = reports.clone();
        Saver::start(store.clone(), move |r| reports.lock().unwrap().push(r))
    };
    let chars: Vec<char> = speech(1).chars().collect();
    let (before, after) = chars.split_at(chars.len() / 2);
    let mut typed = String::new();
    for c in before {
        typed.push(*c);
        saver.save(note(&typed));
    }
    saver.sync().expect("saved while the disk has room");

    // The disk fills up (another program's download, say) and the typing goes on; a pause
    // long enough for the store's own flush comes while it is full.
    let filler = fill(&disk.path);
    std::thread::sleep(Duration::from_millis(1200));
    // The journal writes ahead of its records into space it has already taken, so typing is
    // saved on for a while on a full disk; then it is refused.
    let mut saved_on_full_disk = 0;
    let mut more = after.iter().chain(chars.iter().cycle());
    loop {
        typed.push(*more.next().unwrap());
        saver.save(note(&typed));
        if saver.sync().is_err() {
            break;
        }
        saved_on_full_disk += 1;
        assert!(
            saved_on_full_disk < 20_000,
            "a full disk never refused a keystroke"
        );
    }
    // The keystroke that ended the loop above was refused; these are the ones after it.
    let mut refused = 0;
    for c in after {
        typed.push(*c);
        saver.save(note(&typed));
        if saver.sync().is_err() {
            refused += 1;
        }
    }
    let failed: Vec<String> = reports
        .lock()
        .unwrap()
        .iter()
        .filter_map(|r| match r {
            SaveReport::Failed { error, .. } => Some(error.clone()),
            SaveReport::Durable { .. } => None,
        })
        .collect();
    assert!(
        saved_on_full_disk > 0,
        "typing goes on saved for a while on a full disk, into the space the journal took ahead"
    );
    assert_eq!(
        refused,
        after.len(),
        "every keystroke on the full disk, once it is refused, is refused: none is reported \
         saved"
    );
    let told = failed.last().expect("the failure is reported");
    assert!(told.contains("No space left on device"), "{told}");
    assert!(
        told.contains("the changes are kept and written again"),
        "{told}"
    );

    // Room again: what was kept is written without anyone asking.
    std::fs::remove_file(&filler).unwrap();
    // The first attempt after the disk has room writes everything kept: the writer retries on
    // its own, and a sync asks it to at once.
    let started = Instant::now();
    let back = saver.sync();
    let recovered_after = started.elapsed();
    assert!(
        back.is_ok(),
        "saved at the first attempt once the disk had room: {back:?}"
    );
    typed.push_str(" Fin.");
    saver.save(note(&typed));
    saver.sync().expect("saved once the disk has room");
    let finished = saver.finish();
    drop(store);

    let (found, recovered) = note_after_reopening(&path);
    eprintln!(
        "full disk: {saved_on_full_disk} keystrokes saved on the full disk (into the space the \
         journal had written ahead), then {refused} refused with \"{told}\"; saved again \
         {recovered_after:.1?} after the disk had room; the writer finished with {finished:?}; \
         reopened {}; {} characters typed, lost: {}",
        if recovered {
            "after recover"
        } else {
            "directly"
        },
        typed.chars().count(),
        typed.chars().count() - found.chars().count().min(typed.chars().count()),
    );
    assert_eq!(found, typed, "every character typed is in the store");
}
