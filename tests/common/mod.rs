//! Helpers shared by the integration tests. Each test crate pulls this in with
//! `mod common;` and uses a subset of it.
#![allow(dead_code)]

pub mod pty;
pub mod steps;
pub mod typing;

use std::path::PathBuf;

/// The `rapporteur` binary built by cargo for this test run.
pub fn bin_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rapporteur"))
}

/// Runs the binary on the store at `db`, from `dir` so that files are named as a user would
/// name them, with no user configuration and no store chosen by the environment.
pub fn rapporteur_in(
    dir: &std::path::Path,
    db: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    std::process::Command::new(bin_path())
        .args(args)
        .arg("--db")
        .arg(db)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", db.with_file_name("no-config-here"))
        .env_remove("RAPPORTEUR_DB")
        .output()
        .expect("the binary runs")
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The standard output of a run that must succeed; both outputs shown if it did not.
pub fn succeeds(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// The error output of a run that must fail with status 1 and no panic.
pub fn fails(out: std::process::Output) -> String {
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{}\n{err}", stdout(&out));
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Runs each command on the store at `db`: each must be refused (a failing status, no
/// panic) with a message holding what it says.
pub fn refused<'a, Args: AsRef<[&'a str]>>(
    dir: &std::path::Path,
    db: &std::path::Path,
    cases: impl IntoIterator<Item = (Args, &'a str)>,
) {
    for (args, says) in cases {
        let args = args.as_ref();
        let out = rapporteur_in(dir, db, args);
        let err = stderr(&out);
        // 1 for a refusal, 2 for a command line clap could not read; never a signal's or a
        // panic's.
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{args:?}: {:?}\n{}",
            out.status,
            stdout(&out)
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// How long a step of an end-to-end test may take before it is a failure.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The app started in a `cols`×`rows` pseudo-terminal on the store at `store`, once its screen
/// is up. No user keymap of the machine's may change the keys under test.
pub fn start_app(store: &std::path::Path, cols: u16, rows: u16) -> pty::PtyApp {
    let first_run = is_new_store(store);
    let mut app = pty::PtyApp::spawn(
        bin_path(),
        &["--db", store.to_str().expect("a UTF-8 temporary path")],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        cols,
        rows,
    )
    .expect("the app starts in a pty");
    app.wait_for("List of speakers", WAIT).unwrap();
    if first_run {
        skip_the_session_form(&mut app);
    }
    app
}

/// Whether the app will find no store at `store` (nothing there, or an empty folder), and so
/// open on the session form.
pub fn is_new_store(store: &std::path::Path) -> bool {
    std::fs::read_dir(store).map_or(true, |mut entries| entries.next().is_none())
}

/// What a new store opens on: the session's form, with its defaults.
pub const FIRST_RUN_FORM: &str = "A new store: name the session";

/// Leaves the session form a first run opens on, as a rapporteur in a hurry does: Esc.
pub fn skip_the_session_form(app: &mut pty::PtyApp) {
    app.wait_for(FIRST_RUN_FORM, WAIT).unwrap();
    app.send(pty::keys::ESC);
    app.wait_for_gone(FIRST_RUN_FORM, WAIT).unwrap();
}

/// Inscribes `name` through the finder, as a rapporteur would: ctrl-l, a few letters, enter.
pub fn inscribe(app: &mut pty::PtyApp, name: &str) {
    app.send(pty::keys::CTRL_L);
    app.wait_for("Inscribe on the list", WAIT).unwrap();
    app.send(name);
    app.wait_for(&format!("Speaker: {name}"), WAIT).unwrap();
    app.send(pty::keys::ENTER);
    app.wait_for_gone("Inscribe on the list", WAIT).unwrap();
}

/// Inscribes `name` and gives them the floor, with the note editor ready for typing.
pub fn give_floor_to(app: &mut pty::PtyApp, name: &str) {
    inscribe(app, name);
    app.send(pty::keys::CTRL_N);
    app.wait_for(&format!("Note · {name}"), WAIT).unwrap();
}

/// Ends the intervention on the floor, waits until everything is saved, and quits; the app
/// must leave with success.
pub fn end_and_quit(app: &mut pty::PtyApp) {
    app.send(pty::keys::CTRL_E);
    app.wait_for("intervention ended", WAIT).unwrap();
    app.wait_for("\u{2714} saved", WAIT).unwrap();
    app.send(pty::keys::CTRL_Q);
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(status.success(), "{}", app.screen());
}

/// What a power cut can leave of a sled store: the log cut short, no snapshot.
pub fn power_cut(store: &std::path::Path) {
    let db = std::fs::OpenOptions::new()
        .write(true)
        .open(store.join("db"))
        .unwrap();
    db.set_len(100).unwrap();
    for entry in std::fs::read_dir(store).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("snap.")
        {
            std::fs::remove_file(path).unwrap();
        }
    }
}

/// The note of the one intervention of the most recent session in the store at `store`.
pub fn saved_note(store: &std::path::Path) -> String {
    let store = rapporteur::store::Store::open(store).expect("the store opens");
    let record = store
        .load(store.most_recent_session().unwrap().unwrap())
        .unwrap();
    assert_eq!(record.interventions.len(), 1);
    record.interventions[0].note.clone()
}

/// Copies a file or directory tree byte for byte, as it is at this moment: a store's folder
/// holds its journal, so this is a copy of the whole store. A file that vanishes under the
/// copy (sled replaces its snapshots) is left out, as a power cut would.
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    let Ok(meta) = std::fs::metadata(from) else {
        return;
    };
    if meta.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        let Ok(entries) = std::fs::read_dir(from) else {
            return;
        };
        for entry in entries.flatten() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else if let Ok(bytes) = std::fs::read(from) {
        std::fs::write(to, bytes).unwrap();
    }
}

/// A tiny linear congruential generator (Knuth's MMIX constants), seeded so that a failing
/// round can be run again as it was.
pub struct Lcg(pub u64);

impl Lcg {
    /// The generator of round `round`. Its number is scrambled first (splitmix64's
    /// finaliser): from seeds one apart, an LCG would draw numbers one step apart.
    pub fn for_round(round: u64) -> Lcg {
        let mut z = round.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Lcg(z ^ (z >> 31))
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number of milliseconds in `lo..=hi`.
    pub fn millis(&mut self, lo: u64, hi: u64) -> std::time::Duration {
        std::time::Duration::from_millis(lo + self.next() % (hi - lo + 1))
    }
}
