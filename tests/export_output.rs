//! `export -o` writes where the user points it: `-` is standard output; a symbolic link is
//! followed and stays a link; a device, a FIFO or a pipe is written directly, never renamed
//! over; a folder is refused; and "Wrote …" names what was written. Through the real binary.

mod common;

use std::io::Read as _;
use std::os::unix::fs::FileTypeExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{bin_path, rapporteur_in, stderr, stdout, succeeds};

/// A folder with a store holding the demo session.
fn store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(dir.path(), &db, &["demo"]));
    (dir, db)
}

fn export(dir: &Path, db: &Path, format: &str, output: &str) -> std::process::Output {
    rapporteur_in(dir, db, &["export", "-f", format, "-o", output])
}

/// The temporary files of exports left in `folder`.
fn temporary_files(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn a_dash_writes_to_standard_output_and_no_file() {
    let (dir, db) = store();
    let out = export(dir.path(), &db, "docx", "-");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"PK"), "the Word document itself");
    assert!(!dir.path().join("-").exists(), "no file named -");
    assert!(!stderr(&out).contains("Wrote"), "{}", stderr(&out));
}

#[test]
fn a_symbolic_link_is_written_through_and_stays_a_link() {
    let (dir, db) = store();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    let target = drafts.join("summary.md");
    std::fs::write(&target, "the old draft").unwrap();
    let link = dir.path().join("latest.md");
    std::os::unix::fs::symlink("drafts/summary.md", &link).unwrap();

    let out = export(dir.path(), &db, "md", "latest.md");
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(
        meta.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.starts_with("# "),
        "the new draft is in the target: {written:.80}"
    );
    assert!(temporary_files(&drafts).is_empty() && temporary_files(dir.path()).is_empty());
    let said = stderr(&out);
    assert!(
        said.starts_with("Wrote drafts/summary.md (the file the link latest.md leads to)"),
        "{said}"
    );
}

#[test]
fn a_link_to_a_new_name_creates_the_file_it_names() {
    let (dir, db) = store();
    let link = dir.path().join("latest.csv");
    std::os::unix::fs::symlink("record.csv", &link).unwrap();
    succeeds(export(dir.path(), &db, "csv", "latest.csv"));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(dir.path().join("record.csv"))
        .unwrap()
        .contains("Speaker"));
}

#[test]
fn a_fifo_is_written_directly_and_stays_a_fifo() {
    let (dir, db) = store();
    let fifo = dir.path().join("draft.pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo could not make a named pipe here");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let out = export(dir.path(), &db, "md", "draft.pipe");
    assert!(out.status.success(), "{}", stderr(&out));
    let read = reader.join().unwrap();
    assert!(
        read.starts_with("# "),
        "the reader got the draft: {read:.80}"
    );
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(
        meta.file_type().is_fifo(),
        "the FIFO was replaced by a file"
    );
    assert!(
        stderr(&out).starts_with("Wrote draft.pipe ("),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_device_is_written_directly_and_stays_a_device() {
    let (dir, db) = store();
    // A node of its own for the null device, so that nothing of the machine's is at stake.
    let null = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mknod needs root to make a device node");
        return;
    }
    let out = export(dir.path(), &db, "md", "null");
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::symlink_metadata(&null).unwrap();
    assert!(
        meta.file_type().is_char_device(),
        "the device was replaced by a file"
    );
}

#[test]
fn a_link_to_the_standard_output_sends_the_draft_down_the_pipe() {
    let (dir, db) = store();
    // What /dev/stdout is: a link to the process's descriptor 1.
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let out = export(dir.path(), &db, "md", "stdout");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("# "), "nothing reached the pipe");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

/// As the issue found it: run as root, `export -o /dev/stdout | cat`. In a mount namespace of
/// its own with a /dev of its own, so that a failure cannot touch the machine's /dev/stdout.
#[test]
fn dev_stdout_run_as_root_into_a_pipe() {
    let private = Command::new("unshare")
        .args(["--mount", "true"])
        .stderr(Stdio::null())
        .status();
    if !private.is_ok_and(|s| s.success()) {
        eprintln!("skipped: a mount namespace of its own needs root and unshare");
        return;
    }
    let (dir, db) = store();
    let script = r#"
        set -e
        mount --make-rprivate /
        mkdir "$HERE/dev"
        mount --rbind /dev "$HERE/dev"
        mount -t tmpfs tmpfs /dev
        for name in null zero random urandom tty; do ln -s "$HERE/dev/$name" "/dev/$name"; done
        ln -s /proc/self/fd /dev/fd
        ln -s /proc/self/fd/0 /dev/stdin
        ln -s /proc/self/fd/1 /dev/stdout
        ln -s /proc/self/fd/2 /dev/stderr
        "$BIN" export -f md -o /dev/stdout --db "$DB"
        if [ -L /dev/stdout ]; then echo "/dev/stdout is still a link" >&2; fi
    "#;
    let out = Command::new("unshare")
        .args(["--mount", "sh", "-c", script])
        .env("HERE", dir.path())
        .env("BIN", bin_path())
        .env("DB", &db)
        .env("XDG_CONFIG_HOME", dir.path().join("no-config-here"))
        .env_remove("RAPPORTEUR_DB")
        .stdout(Stdio::piped())
        .output()
        .expect("unshare runs");
    let said = stderr(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        stdout(&out).starts_with("# "),
        "nothing reached the pipe; {said}"
    );
    assert!(said.contains("/dev/stdout is still a link"), "{said}");
    assert!(said.contains("Wrote /dev/stdout ("), "{said}");
}

#[test]
fn a_folder_is_refused_with_a_clear_message() {
    let (dir, db) = store();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::os::unix::fs::symlink("drafts", dir.path().join("to-drafts")).unwrap();
    for output in ["drafts", "drafts/", "to-drafts"] {
        let out = export(dir.path(), &db, "md", output);
        assert!(!out.status.success(), "{output} was accepted");
        let said = stderr(&out);
        assert!(
            said.contains(&format!("{output} is a folder: name a file to export to")),
            "{output}: {said}"
        );
        assert!(std::fs::metadata(dir.path().join("drafts"))
            .unwrap()
            .is_dir());
    }
}
