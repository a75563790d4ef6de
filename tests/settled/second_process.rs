//! A second rapporteur on the same store is turned away with words, and the first one's
//! store is left whole.

use std::process::Command;

use rapporteur::domain::SessionId;
use rapporteur::store::Store;

#[test]
fn a_second_process_on_an_open_store_is_told_it_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let store = Store::open(&path).unwrap();
    store
        .save_record(&rapporteur::domain::SessionRecord::starter(
            SessionId(1),
            chrono::Utc::now(),
            "UTC",
        ))
        .unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["sessions", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is in use"), "{stderr}");
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // The first process goes on, and the store reopens whole once it lets go.
    assert_eq!(store.sessions().unwrap().len(), 1);
    drop(store);
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["sessions", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("New meeting body"));
}
