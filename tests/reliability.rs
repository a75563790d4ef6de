//! Faults and bad input not proven elsewhere: copies of a store taken while it is being
//! written (what a power cut leaves), stores damaged on purpose, bad store paths through the
//! real binary, privacy (modes, umask, no network), and a terminal abused while typing.
//! Each case prints its figures with eprintln! (`cargo test --test reliability -- --nocapture`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::pty::{keys, PtyApp};
use rapporteur::domain::*;
use rapporteur::store::{journal_path, recover, Change, SaveReport, Saver, Store, StoreError};

use common::typing::{four_delegations, speech, statement, NOTES, SID};
use common::WAIT;

fn start(store: &Path, cols: u16, rows: u16) -> PtyApp {
    common::start_app(store, cols, rows)
}

/// Runs `f` on a thread of its own and gives up after `limit`: a damaged file must never
/// hang the open.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .expect("did not finish in time (hung, or panicked)")
}

/// Every intervention id → the note as typed so far, at one moment.
type Notes = BTreeMap<u64, String>;

/// Checks a copy against what was durable before it was taken: every durable note is there
/// at least as long, and every note is a prefix of what was typed into it (nothing foreign).
/// Returns the number of notes lost or wrong.
fn check_copy(store: &Store, durable: &Notes, label: &str) -> usize {
    let sessions = store.sessions().unwrap();
    assert_eq!(sessions.len(), 1, "{label}: one session");
    let record = store
        .load(SID)
        .unwrap_or_else(|e| panic!("{label}: the session loads: {e}"));
    let mut lost = 0;
    for (id, text) in durable {
        match record.interventions.iter().find(|i| i.id.0 == *id) {
            Some(iv) if iv.note.starts_with(text.as_str()) => {}
            Some(iv) => {
                lost += 1;
                eprintln!(
                    "{label}: intervention {id} lost text: durable {:?}, copy {:?}",
                    text.chars().count(),
                    iv.note.chars().count()
                );
            }
            None => {
                lost += 1;
                eprintln!("{label}: intervention {id} is missing");
            }
        }
    }
    for iv in &record.interventions {
        assert!(
            speech(iv.id.0).starts_with(&iv.note),
            "{label}: intervention {} holds a note that was never typed: {:?}",
            iv.id.0,
            iv.note
        );
    }
    lost
}

#[test]
fn copies_taken_while_the_store_is_written_open_or_recover_with_nothing_durable_lost() {
    let copies: usize = std::env::var("RAPPORTEUR_COPIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let seed: u64 = std::env::var("RAPPORTEUR_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(9);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let store = Arc::new(Store::open(&path).unwrap());
    store.save_record(&four_delegations()).unwrap();

    // (change number, intervention, note) of every note handed to the saver, in order.
    let log: Arc<Mutex<Vec<(u64, u64, String)>>> = Arc::default();
    let durable = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let typist = {
        let (store, log, durable, stop) =
            (store.clone(), log.clone(), durable.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut saver = Saver::start(store, move |report| {
                if let SaveReport::Durable { through } = report {
                    durable.fetch_max(through, Ordering::SeqCst);
                }
            });
            let mut id = 0;
            let mut keystrokes = 0u64;
            'typing: loop {
                id += 1;
                let mut log_now = log.lock().unwrap();
                saver.save(Change::Intervention(SID, statement(id)));
                drop(log_now);
                let mut typed = String::new();
                for c in speech(id).chars() {
                    if stop.load(Ordering::SeqCst) {
                        break 'typing;
                    }
                    typed.push(c);
                    log_now = log.lock().unwrap();
                    let seq = saver.save(Change::Note(SID, InterventionId(id), typed.clone()));
                    log_now.push((seq, id, typed.clone()));
                    drop(log_now);
                    keystrokes += 1;
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
            saver.finish().unwrap();
            keystrokes
        })
    };

    let mut rng = common::Lcg(seed);
    let (mut opened, mut recovered, mut lost_total) = (0, 0, 0);
    let mut refusals = BTreeMap::<&str, usize>::new();
    for n in 0..copies {
        std::thread::sleep(Duration::from_millis(5 + rng.next() % 45));
        let durable_notes: Notes = {
            let log = log.lock().unwrap();
            let through = durable.load(Ordering::SeqCst);
            log.iter()
                .filter(|(seq, _, _)| *seq <= through)
                .map(|(_, id, text)| (*id, text.clone()))
                .collect()
        };
        // The store first, then its journal: the journal is always made durable before the
        // store is written, so a power cut never leaves the store ahead of its journal.
        let copy = dir.path().join(format!("copy-{n}")).join("store");
        common::copy_tree(&path, &copy);
        let label = format!("copy {n}");
        let outcome = {
            let copy = copy.clone();
            within(Duration::from_secs(20), move || {
                Store::open(&copy).map(drop)
            })
        };
        let store_copy = match outcome {
            Ok(()) => {
                opened += 1;
                Store::open(&copy).unwrap()
            }
            Err(e) => {
                let kind = match e {
                    StoreError::BehindJournal { .. } => "behind its journal",
                    StoreError::Damaged { .. } => "damaged",
                    other => panic!("{label}: refused with an unexpected error: {other}"),
                };
                *refusals.entry(kind).or_default() += 1;
                recover(&copy).unwrap_or_else(|e| panic!("{label}: recover failed: {e}"));
                recovered += 1;
                Store::open(&copy).unwrap_or_else(|e| panic!("{label}: recovered, yet: {e}"))
            }
        };
        lost_total += check_copy(&store_copy, &durable_notes, &label);
    }
    stop.store(true, Ordering::SeqCst);
    let keystrokes = typist.join().unwrap();
    eprintln!(
        "copies while writing (seed {seed}): {copies} copies during {keystrokes} keystrokes; \
         {opened} opened directly, {recovered} recovered ({refusals:?}); notes lost: {lost_total}"
    );
    assert_eq!(lost_total, 0, "nothing durable may be lost");
}

/// A store written as the app writes it (a keystroke at a time through the saver), closed.
fn pristine(path: &Path) -> SessionRecord {
    let store = Arc::new(Store::open(path).unwrap());
    store.save_record(&four_delegations()).unwrap();
    let mut saver = Saver::start(store.clone(), |_| {});
    for (n, text) in NOTES.iter().enumerate() {
        let id = n as u64 + 1;
        saver.save(Change::Intervention(SID, statement(id)));
        let mut typed = String::new();
        for c in text.chars() {
            typed.push(c);
            saver.save(Change::Note(SID, InterventionId(id), typed.clone()));
        }
        saver.sync().unwrap();
    }
    saver.finish().unwrap();
    let record = store.load(SID).unwrap();
    for (iv, text) in record.interventions.iter().zip(NOTES) {
        assert_eq!(iv.note, text);
    }
    record
}

enum Damage {
    Truncate(u64),
    Flip(u64),
    DeleteConf,
    DeleteSnapshots,
}

impl Damage {
    fn apply(&self, store: &Path) -> String {
        let db = store.join("db");
        let len = std::fs::metadata(&db).unwrap().len();
        match *self {
            Damage::Truncate(at) => {
                let at = at.min(len);
                let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
                f.set_len(at).unwrap();
                format!("db truncated to {at} of {len} bytes")
            }
            Damage::Flip(at) => {
                let at = at.min(len - 1);
                let mut bytes = std::fs::read(&db).unwrap();
                bytes[at as usize] ^= 0xff;
                std::fs::write(&db, bytes).unwrap();
                format!("db byte {at} of {len} flipped")
            }
            Damage::DeleteConf => {
                std::fs::remove_file(store.join("conf")).unwrap();
                "conf deleted".into()
            }
            Damage::DeleteSnapshots => {
                let mut n = 0;
                for entry in std::fs::read_dir(store).unwrap().flatten() {
                    if entry.file_name().to_string_lossy().starts_with("snap.") {
                        std::fs::remove_file(entry.path()).unwrap();
                        n += 1;
                    }
                }
                format!("{n} snapshot file(s) deleted")
            }
        }
    }
}

#[test]
fn damaged_stores_are_refused_or_open_whole_and_recover_restores_every_note() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("original");
    let expected = pristine(&original);
    // Let sled's lock go before the copies are made.
    std::thread::sleep(Duration::from_millis(200));
    let len = std::fs::metadata(original.join("db")).unwrap().len();
    let mut damages = vec![Damage::DeleteConf, Damage::DeleteSnapshots];
    for at in [
        0,
        1,
        16,
        100,
        512,
        len / 4,
        len / 2,
        len * 3 / 4,
        len - 100,
        len - 1,
    ] {
        damages.push(Damage::Truncate(at));
    }
    for at in [
        0,
        7,
        20,
        100,
        1000,
        len / 3,
        len / 2,
        len * 2 / 3,
        len - 50,
        len - 1,
    ] {
        damages.push(Damage::Flip(at));
    }
    let (mut whole, mut refused, mut lost) = (0, 0, 0);
    for (n, damage) in damages.iter().enumerate() {
        let path = dir.path().join(format!("d{n}")).join("store");
        common::copy_tree(&original, &path);
        let what = damage.apply(&path);
        let opened = {
            let path = path.clone();
            within(Duration::from_secs(20), move || {
                Store::open(&path).and_then(|s| s.load(SID))
            })
        };
        match opened {
            Ok(record) if record == expected => {
                whole += 1;
                eprintln!("{what}: opened whole");
                continue;
            }
            Ok(_) => {
                lost += 1;
                eprintln!("{what}: OPENED SHORT without a word");
                continue;
            }
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.contains(&path.display().to_string()),
                    "{what}: the message names the store: {message}"
                );
                refused += 1;
                eprintln!("{what}: refused ({})", message.lines().next().unwrap_or(""));
            }
        }
        recover(&path).unwrap_or_else(|e| panic!("{what}: recover failed: {e}"));
        let record = Store::open(&path).unwrap().load(SID).unwrap();
        if record != expected {
            lost += 1;
            eprintln!("{what}: recovered, but not byte for byte");
        }
    }
    eprintln!(
        "damaged stores: {} tried, {whole} opened whole, {refused} refused and recovered; lost: {lost}",
        damages.len()
    );
    assert_eq!(lost, 0);
}

/// The binary with `args`, under `umask` if given, with no user configuration and no store
/// chosen by the environment.
fn rapporteur_command(args: &[&str], umask: Option<&str>) -> Command {
    let mut cmd = match umask {
        Some(mask) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("umask {mask}; exec \"$0\" \"$@\""))
                .arg(common::bin_path());
            c
        }
        None => Command::new(common::bin_path()),
    };
    cmd.args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env_remove("RAPPORTEUR_DB");
    cmd
}

fn rapporteur(args: &[&str], umask: Option<&str>) -> Output {
    rapporteur_command(args, umask).output().unwrap()
}

fn refused_naming(out: &Output, path: &Path, case: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "{case}: must fail\n{stderr}");
    assert!(
        stderr.contains(&path.display().to_string()),
        "{case}: must name {}\n{stderr}",
        path.display()
    );
    assert!(!stderr.contains("panicked"), "{case}: no panic\n{stderr}");
    eprintln!("{case}: {stderr}");
    stderr
}

/// Whether writes into a directory of mode 0500 are refused here (they are not for root).
fn modes_are_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o500)).unwrap();
    let enforced = std::fs::write(probe.join("x"), "x").is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o700)).unwrap();
    enforced
}

#[test]
fn bad_store_paths_through_the_binary_exit_with_a_message_naming_the_path() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "precious").unwrap();
    let under_file = file.join("store");
    let out = rapporteur(&["sessions", "--db", under_file.to_str().unwrap()], None);
    refused_naming(&out, &under_file, "parent is a regular file");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");

    if !modes_are_enforced(dir.path()) {
        // Root: modes do not stop its writes, so the same cases run as an unprivileged user.
        read_only_store_paths_as_another_user(dir.path());
        return;
    }
    let store = dir.path().join("ro").join("store");
    let out = rapporteur(&["demo", "--db", store.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Read-only as a read-only mount or a copy from a CD leaves it: files and directory.
    let set_modes = |file: u32, dir: u32| {
        for entry in std::fs::read_dir(&store).unwrap().flatten() {
            if entry.path().is_file() {
                std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(file))
                    .unwrap();
            }
        }
        std::fs::set_permissions(&store, std::fs::Permissions::from_mode(dir)).unwrap();
    };
    set_modes(0o400, 0o500);
    let out = rapporteur(&["sessions", "--db", store.to_str().unwrap()], None);
    set_modes(0o600, 0o700);
    refused_naming(&out, &store, "read-only store directory");

    let parent = dir.path().join("ro-parent");
    std::fs::create_dir(&parent).unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o500)).unwrap();
    let missing = parent.join("store");
    let out = rapporteur(&["sessions", "--db", missing.to_str().unwrap()], None);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o700)).unwrap();
    let told = refused_naming(&out, &missing, "store cannot be created (read-only parent)");
    assert!(
        told.contains(&format!("you may not write in {}", parent.display())),
        "{told}"
    );
}

/// The unprivileged user (and group) the read-only cases run as when the tests run as root:
/// `nobody` (and `nogroup`) on most systems. It owns no file the tests make.
const NOBODY: u32 = 65534;

/// Whether `uid`/`gid` (with no supplementary group) has the `want` bits (0o4 read, 0o2 write,
/// 0o1 execute or search) on `meta`, by the owner, group, other rule of the kernel.
fn permits(meta: &std::fs::Metadata, uid: u32, gid: u32, want: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    let mode = meta.mode();
    let bits = if meta.uid() == uid {
        mode >> 6
    } else if meta.gid() == gid {
        mode >> 3
    } else {
        mode
    };
    bits & want == want
}

/// Why `uid`/`gid` cannot reach `path` with the `want` bits, if it cannot: every directory
/// on the way to it (as written and with symbolic links resolved) must be searchable.
fn out_of_reach(path: &Path, uid: u32, gid: u32, want: u32) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(e) => return Some(format!("{} cannot be resolved: {e}", path.display())),
    };
    let dirs = path.ancestors().skip(1).chain(real.ancestors().skip(1));
    for dir in dirs.filter(|d| !d.as_os_str().is_empty()) {
        match std::fs::metadata(dir) {
            Ok(meta) if permits(&meta, uid, gid, 0o1) => {}
            Ok(meta) => {
                return Some(format!(
                    "{} (mode {:o}) is not searchable by uid {uid}",
                    dir.display(),
                    meta.mode() & 0o7777
                ))
            }
            Err(e) => return Some(format!("{}: {e}", dir.display())),
        }
    }
    let meta = std::fs::metadata(&real).ok()?;
    (!permits(&meta, uid, gid, want)).then(|| {
        format!(
            "{} (mode {:o}) does not give uid {uid} the bits {want:o}",
            real.display(),
            meta.mode() & 0o7777
        )
    })
}

/// Every file and directory under `root` (itself included): its mode, and a file's bytes.
fn tree_state(root: &Path) -> BTreeMap<std::path::PathBuf, (u32, Option<Vec<u8>>)> {
    use std::os::unix::fs::PermissionsExt;
    let mut state = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(path) = todo.pop() {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let bytes = if meta.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                todo.push(entry.unwrap().path());
            }
            None
        } else {
            Some(std::fs::read(&path).unwrap())
        };
        state.insert(path, (meta.permissions().mode(), bytes));
    }
    state
}

/// Sets the mode of every directory under `root` (itself included) to `dir`, of every file to
/// `file`.
fn set_tree_modes(root: &Path, file: u32, dir: u32) {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(root).unwrap();
    if meta.is_dir() {
        for entry in std::fs::read_dir(root).unwrap() {
            set_tree_modes(&entry.unwrap().path(), file, dir);
        }
    }
    let mode = if meta.is_dir() { dir } else { file };
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The read-only cases of `bad_store_paths_through_the_binary_exit_with_a_message_naming_the_path`
/// when the tests run as root, which modes do not stop: a real store made by root, left
/// readable by all and writable by root alone (as another account's store, or one on a
/// read-only mount, is), opened by the binary run as uid `NOBODY`. Skipped, saying why, only
/// when that user cannot reach the binary or the temporary directory.
fn read_only_store_paths_as_another_user(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let skip = |why: &str| eprintln!("read-only store directory (as uid {NOBODY}): SKIPPED, {why}");
    // The temporary directory is made 0700; open it, and it alone, to the other user.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let reach = out_of_reach(&common::bin_path(), NOBODY, NOBODY, 0o5)
        .or_else(|| out_of_reach(dir, NOBODY, NOBODY, 0o5));
    if let Some(why) = reach {
        return skip(&why);
    }
    let as_nobody = |args: &[&str]| {
        rapporteur_command(args, None)
            .uid(NOBODY)
            .gid(NOBODY)
            .current_dir(dir)
            .output()
    };

    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    let store = ro.join("store");
    let db = store.to_str().unwrap();
    let out = rapporteur(&["demo", "--db", db], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The store, its journal beside it, and the directory holding both: root's, 0755/0644.
    set_tree_modes(&ro, 0o644, 0o755);
    let before = tree_state(&ro);
    let out = match as_nobody(&["sessions", "--db", db]) {
        Ok(out) => out,
        // setuid refused (no CAP_SETUID, or no such uid in this user namespace).
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::InvalidInput
            ) =>
        {
            return skip(&format!("the binary cannot be started as that user: {e}"));
        }
        Err(e) => panic!("the binary runs as uid {NOBODY}: {e}"),
    };
    refused_naming(
        &out,
        &store,
        &format!("read-only store directory (root's store, run as uid {NOBODY})"),
    );
    assert_eq!(out.status.code(), Some(1), "an exit, not a signal");
    let after = tree_state(&ro);
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert!(
        changed.is_empty(),
        "the store and its journal are unchanged, yet these changed: {changed:?}"
    );

    let parent = dir.join("ro-parent");
    std::fs::create_dir(&parent).unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    let missing = parent.join("store");
    let out = as_nobody(&["sessions", "--db", missing.to_str().unwrap()]).unwrap();
    let told = refused_naming(
        &out,
        &missing,
        &format!("store cannot be created (root's parent directory, run as uid {NOBODY})"),
    );
    assert!(
        told.contains(&format!("you may not write in {}", parent.display())),
        "{told}"
    );
    assert!(
        std::fs::read_dir(&parent).unwrap().next().is_none(),
        "nothing was created in the parent"
    );
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_binary_creates_a_private_store_and_exports_follow_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("a").join("b").join("store");
    let db = store.to_str().unwrap();
    let out = rapporteur(&["demo", "--db", db], Some("022"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for p in [&store, &dir.path().join("a/b"), &dir.path().join("a")] {
        assert_eq!(mode(p), 0o700, "{}", p.display());
    }
    assert_eq!(mode(&journal_path(&store)), 0o600, "the journal");
    for (mask, want) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let file = dir.path().join(format!("export-{mask}.md"));
        let out = rapporteur(
            &[
                "export",
                "--db",
                db,
                "--format",
                "md",
                "-o",
                file.to_str().unwrap(),
            ],
            Some(mask),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(mode(&file), want, "export under umask {mask}");
    }
}

fn quit(mut app: PtyApp) {
    let status = app
        .quit_leaving_the_clock_running(WAIT)
        .unwrap_or_else(|| panic!("the app quits\n{}", app.screen()));
    assert!(status.success(), "exit status {status:?}\n{}", app.screen());
}

#[test]
fn the_app_opens_no_network_socket() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store, 110, 32);
    common::give_floor_to(&mut app, "Austria");
    app.type_slowly("no network", Duration::from_millis(5));
    std::thread::sleep(Duration::from_secs(1));
    let pid = app.pid().expect("the app's pid");
    let mut fds = Vec::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
    {
        if let Ok(target) = std::fs::read_link(entry.path()) {
            fds.push(target.display().to_string());
        }
    }
    // A socket pair inside the process (crossterm's wake-up on SIGWINCH) is no port: only
    // a socket in the kernel's tables of TCP or UDP sockets would be one.
    let mut inet = String::new();
    for table in ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"] {
        inet += &std::fs::read_to_string(format!("/proc/{pid}/net/{table}")).unwrap_or_default();
    }
    let unix = std::fs::read_to_string(format!("/proc/{pid}/net/unix")).unwrap_or_default();
    let sockets: Vec<&str> = fds
        .iter()
        .filter_map(|t| t.strip_prefix("socket:[")?.strip_suffix(']'))
        .collect();
    let network: Vec<_> = sockets
        .iter()
        .filter(|inode| inet.split_whitespace().any(|w| w == **inode))
        .collect();
    let local = sockets
        .iter()
        .filter(|inode| unix.split_whitespace().any(|w| w == **inode))
        .count();
    eprintln!(
        "the app's {} open files: {fds:?}; sockets: {} ({local} unix, {} network)",
        fds.len(),
        sockets.len(),
        network.len()
    );
    assert!(
        network.is_empty(),
        "the app holds network sockets: {network:?}"
    );
    assert_eq!(local, sockets.len(), "every socket is a local unix one");
    quit(app);
}

#[test]
fn resizing_from_1x1_to_400x120_while_typing_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store, 110, 32);
    common::give_floor_to(&mut app, "Austria");
    let sizes: [(u16, u16); 8] = [
        (1, 1),
        (400, 120),
        (2, 1),
        (20, 5),
        (1, 120),
        (400, 1),
        (80, 24),
        (3, 3),
    ];
    let text = "Le délégué: مصر 中国 🙂 ok ";
    let mut typed = String::new();
    let mut resizes = 0;
    for round in 0..3 {
        for (c, (cols, rows)) in text.chars().zip(sizes.iter().cycle().skip(round)) {
            app.resize(*cols, *rows);
            resizes += 1;
            app.send(c.encode_utf8(&mut [0; 4]));
            typed.push(c);
            std::thread::sleep(Duration::from_millis(15));
        }
    }
    app.resize(110, 32);
    app.wait_for("Note · Austria", WAIT).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(app.try_exit().is_none(), "the app is still running");
    quit(app);
    assert_eq!(common::saved_note(&store), typed);
    eprintln!(
        "{resizes} resizes while typing {} characters: all saved",
        typed.chars().count()
    );
}

#[test]
fn control_characters_and_broken_escapes_in_the_editor_do_no_harm() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store, 110, 32);
    common::give_floor_to(&mut app, "Austria");
    app.type_slowly("before ", Duration::from_millis(5));
    let garbage: [&[u8]; 7] = [
        b"\x00",
        b"\x07",
        b"\x1b[999;999~",
        b"\x1b[",
        b"\x9b",
        b"\x1b[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30z",
        b"\xff\xfe",
    ];
    let mut stuck = Vec::new();
    for (n, g) in garbage.iter().enumerate() {
        app.send_bytes(g);
        std::thread::sleep(Duration::from_millis(150));
        assert!(
            app.try_exit().is_none(),
            "the app died on {g:?}\n{}",
            app.screen()
        );
        let marker = format!("m{n}");
        app.send(&marker);
        if app.wait_for(&marker, Duration::from_secs(2)).is_err() {
            stuck.push(format!("{g:?}"));
        }
    }
    eprintln!("inputs after which typed text did not show: {stuck:?}");
    // A lone CSI introducer takes the next character typed as its final byte: that
    // character is lost, as in any terminal program; nothing else may be.
    assert_eq!(
        stuck,
        ["[27, 91]"],
        "only the lone CSI eats what follows it"
    );
    // A lone ESC leaves the editor (the [notes] binding); `n` comes back to it.
    app.send(keys::ESC);
    std::thread::sleep(Duration::from_millis(300));
    assert!(app.try_exit().is_none(), "the app died on a lone ESC");
    app.send("n");
    std::thread::sleep(Duration::from_millis(200));
    app.type_slowly("after", Duration::from_millis(5));
    std::thread::sleep(Duration::from_millis(300));
    quit(app);
    let note = common::saved_note(&store);
    eprintln!(
        "after {} broken inputs the note reads {note:?}",
        garbage.len() + 1
    );
    assert!(note.starts_with("before "), "{note:?}");
    assert!(note.ends_with("after"), "the app still types: {note:?}");
}

/// A CSI with the private marker `?` and a final byte the terminal library has no use for
/// (`ESC [ ? z`, a mode report `ESC [ ? 2026 ; 2 $ y`, a colour-scheme report
/// `ESC [ ? 997 ; 1 n`) is dropped whole: the keys typed after it reach the editor, nothing of
/// it lands in the note, and ctrl-q still quits. crossterm 0.29.0 waited for the rest of such
/// a sequence forever, leaving the app deaf; `vendor/crossterm` carries the fix.
#[test]
fn a_private_csi_with_an_unknown_final_byte_does_not_wedge_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store, 110, 32);
    common::give_floor_to(&mut app, "Austria");
    let mut typed = String::from("before");
    app.type_slowly(&typed, Duration::from_millis(5));
    app.wait_for(&typed, WAIT).unwrap();
    let sequences: [&[u8]; 3] = [b"\x1b[?z", b"\x1b[?2026;2$y", b"\x1b[?997;1n"];
    for (n, sequence) in sequences.iter().enumerate() {
        app.send_bytes(sequence);
        let after = format!(" after{n}");
        app.send(&after);
        typed.push_str(&after);
        // The whole note so far: the keys got through and the sequence left nothing behind.
        app.wait_for(&typed, WAIT)
            .unwrap_or_else(|e| panic!("keys typed after {sequence:?} reach the editor: {e}"));
    }
    quit(app);
    assert_eq!(common::saved_note(&store), typed);
    eprintln!(
        "{} private CSI sequences with unknown final bytes dropped; the note reads {typed:?}",
        sequences.len()
    );
}

#[test]
fn a_one_megabyte_paste_through_the_terminal_is_saved_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store, 110, 32);
    common::give_floor_to(&mut app, "Austria");
    let line = "Le représentant a souligné — العربية — 中文记录 — русский — 🙂 #cooperation\n";
    let text = line.repeat(1_000_000 / line.len() + 1);
    let started = std::time::Instant::now();
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend_from_slice(text.as_bytes());
    paste.extend_from_slice(b"\x1b[201~");
    app.send_bytes(&paste);
    app.send("END");
    app.wait_for("END", Duration::from_secs(60)).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    quit(app);
    let note = common::saved_note(&store);
    eprintln!(
        "a paste of {} bytes: shown and saved in {:?}",
        text.len(),
        started.elapsed()
    );
    // The terminal turns line feeds into carriage returns on the way in (ICRNL is off in raw
    // mode, but a paste brings \r\n or \n); compare without line ends.
    let plain = |s: &str| s.replace(['\r', '\n'], "");
    assert_eq!(plain(&note), plain(&format!("{text}END")));
    assert_eq!(note.len(), text.len() + 3, "no byte lost or added");
}
