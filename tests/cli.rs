//! The commands a chair's secretariat runs before a meeting, through the real binary: time
//! limits, time budgets, keymaps, and opening the screen on a chosen session.

mod common;

use std::path::Path;

use common::pty::{keys, PtyApp};
use common::{bin_path, fails, rapporteur_in, succeeds, WAIT};

/// A store with the demonstration session (1) and a new one (2), the one `rapporteur` opens.
fn two_sessions(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("store");
    succeeds(rapporteur_in(dir, &db, &["demo"]));
    succeeds(rapporteur_in(
        dir,
        &db,
        &[
            "new",
            "--body",
            "Conference of the Parties",
            "--number",
            "Twelfth session",
        ],
    ));
    db
}

#[test]
fn limits_are_set_shown_and_kept_per_session() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_sessions(dir.path());
    let set = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "limits",
            "--session",
            "1",
            "--statement",
            "2:30",
            "--reply",
            "1m30",
            "--category",
            "ngo=4",
            "--warn",
            "20",
            "--bell",
            "on",
        ],
    ));
    for line in [
        "Time limits of Working Group on Trafficking in Persons, Thirteenth session:",
        "  statement                     02:30",
        "  right of reply                01:30",
        "  NGO                           04:00",
        "The clock warns 20 s before the limit; the bell is on.",
    ] {
        assert!(set.contains(line), "{line:?} in\n{set}");
    }
    // Read again from the store, and another category's limit taken back.
    let shown = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["limits", "--session", "1", "--category", "ngo=none"],
    ));
    assert!(
        shown.contains("  statement                     02:30"),
        "{shown}"
    );
    assert!(!shown.contains("NGO"), "{shown}");
    // The other session keeps its own.
    let other = succeeds(rapporteur_in(dir.path(), &db, &["limits"]));
    assert!(
        other.starts_with("Time limits of Conference of the Parties"),
        "{other}"
    );
    assert!(
        other.contains("  statement                     03:00"),
        "{other}"
    );
}

#[test]
fn limits_refuse_what_no_chair_would_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_sessions(dir.path());
    let cases: [(&[&str], &str); 7] = [
        (
            &["limits", "--statement", "three"],
            "\"three\" is not a time limit",
        ),
        (
            &["limits", "--statement", "0"],
            "between 1 second and 24 hours",
        ),
        (&["limits", "--statement", "2:75"], "is not a time limit"),
        (
            &["limits", "--category", "alien=3"],
            "unknown category \"alien\"",
        ),
        (&["limits", "--category", "ngo"], "write CATEGORY=TIME"),
        (
            &["limits", "--bell", "loud"],
            "--bell loud: write on or off",
        ),
        (&["limits", "--session", "7"], "no session 7"),
    ];
    common::refused(dir.path(), &db, cases);
    let shown = succeeds(rapporteur_in(dir.path(), &db, &["limits"]));
    assert!(
        shown.contains("  statement                     03:00"),
        "{shown}"
    );
}

#[test]
fn a_budget_names_its_delegation_as_the_finder_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_sessions(dir.path());
    let in_demo = |args: &[&str]| {
        let mut all = vec!["budget", "--session", "1"];
        all.extend_from_slice(args);
        rapporteur_in(dir.path(), &db, &all)
    };
    let roster_before = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "show", "--session", "1"],
    ));
    assert!(!roster_before.contains("Mauritius"), "{roster_before}");

    // A short form the finder knows.
    let listed = succeeds(in_demo(&["set", "--item", "2", "--delegation", "UK", "4"]));
    assert!(
        listed
            .lines()
            .any(|l| l.contains("United Kingdom") && l.contains("04:00")),
        "{listed}"
    );
    // A Member State on the built-in roster, not yet on the session's: added to it.
    let listed = succeeds(in_demo(&[
        "set",
        "--item",
        "2",
        "--delegation",
        "mauritius",
        "3",
    ]));
    assert!(
        listed
            .lines()
            .any(|l| l.contains("Mauritius") && l.contains("03:00")),
        "{listed}"
    );
    let roster_after = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "show", "--session", "1"],
    ));
    assert!(roster_after.contains("Mauritius"), "{roster_after}");
    assert_eq!(
        succeeds(in_demo(&["list"])),
        listed,
        "kept, with the delegation added"
    );
}

#[test]
fn budgets_are_set_listed_drawn_down_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_sessions(dir.path());
    let in_demo = |args: &[&str]| {
        let mut all = vec!["budget", "--session", "1"];
        all.extend_from_slice(args);
        rapporteur_in(dir.path(), &db, &all)
    };
    succeeds(in_demo(&["set", "--item", "2", "--category", "ngo", "15"]));
    let listed = succeeds(in_demo(&[
        "set",
        "--item",
        "2",
        "--delegation",
        "Brazil",
        "5",
    ]));
    assert!(listed.starts_with("Time budgets:\n"), "{listed}");
    // The demonstration's NGOs have spoken on item 2: their budget is drawn down.
    let ngo = listed.lines().find(|l| l.contains("NGO")).unwrap();
    assert!(ngo.contains("item 2") && ngo.contains("15:00"), "{ngo}");
    assert!(
        ngo.ends_with(" left") && !ngo.contains("15:00 left"),
        "{ngo}"
    );
    assert!(
        listed
            .lines()
            .any(|l| l.contains("Brazil") && l.contains("05:00  05:00 left")),
        "{listed}"
    );
    assert_eq!(succeeds(in_demo(&["list"])), listed);

    let err = fails(in_demo(&["set", "--item", "99", "--group", "EU", "5"]));
    assert!(
        err.contains("no agenda item \"99\"; the agenda has 1, 2"),
        "{err}"
    );
    let err = fails(in_demo(&[
        "set",
        "--item",
        "2",
        "--delegation",
        "Atlantis",
        "5",
    ]));
    assert!(
        err.contains("\"Atlantis\" is not on the session's roster"),
        "{err}"
    );
    let err = fails(in_demo(&["set", "--item", "2", "5"]));
    assert!(err.contains("say whose budget it is"), "{err}");

    let cleared = succeeds(in_demo(&["clear", "--item", "2"]));
    assert_eq!(cleared, "No time budgets in this session.\n");
    assert_eq!(
        succeeds(rapporteur_in(dir.path(), &db, &["budget", "list"])),
        "No time budgets in this session.\n",
        "the other session had none"
    );
}

#[test]
fn keymap_check_show_and_actions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, "[notes]\n\"alt-x\" = \"quit\"\n").unwrap();
    let checked = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["keymap", "check", "mine.toml"],
    ));
    assert_eq!(checked, "mine.toml: no problems found\n");
    let shown = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["--keymap", "mine.toml", "keymap", "show"],
    ));
    assert!(
        // The key column is as wide as the longest key bound, so compare words, not spaces.
        shown
            .lines()
            .any(|l| l.split_whitespace().eq(["alt-x", "quit"])),
        "{shown}"
    );
    let defaults = succeeds(rapporteur_in(dir.path(), &db, &["keymap", "show"]));
    assert!(defaults.contains("[global]"), "{defaults}");
    assert!(!defaults.contains("alt-x"), "{defaults}");
    let actions = succeeds(rapporteur_in(dir.path(), &db, &["keymap", "actions"]));
    assert!(actions.lines().any(|l| l.starts_with("quit ")), "{actions}");

    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "[global]\n\"ctrl-q\" = \"quit\"\n\"Ctrl-Q\" = \"quit\"\n",
    )
    .unwrap();
    let err = fails(rapporteur_in(
        dir.path(),
        &db,
        &["keymap", "check", "broken.toml"],
    ));
    assert!(
        err.contains("broken.toml:3:1: \"Ctrl-Q\" is bound twice in [global]"),
        "{err}"
    );
}

/// The app started with `args` on the store at `db`, once its screen is up.
fn start(db: &Path, args: &[&str]) -> PtyApp {
    let first_run = common::is_new_store(db);
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    let mut app = PtyApp::spawn(
        bin_path(),
        &all,
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        120,
        32,
    )
    .expect("the app starts in a pty");
    app.wait_for("List of speakers", WAIT).unwrap();
    if first_run {
        common::skip_the_session_form(&mut app);
    }
    app
}

fn quit(mut app: PtyApp) {
    app.send(keys::CTRL_Q);
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(status.success(), "exit status {status:?}\n{}", app.screen());
}

#[test]
fn open_session_opens_the_one_asked_for_and_refuses_one_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_sessions(dir.path());
    let app = start(&db, &["open", "--session", "1"]);
    app.wait_for("Working Group on Trafficking in Persons", WAIT)
        .unwrap();
    quit(app);
    // The session opened last is the one `rapporteur` opens next.
    let app = start(&db, &["open"]);
    app.wait_for("Working Group on Trafficking in Persons", WAIT)
        .unwrap();
    quit(app);
    let app = start(&db, &["open", "--session", "2"]);
    app.wait_for("Conference of the Parties", WAIT).unwrap();
    quit(app);
    let listed = succeeds(rapporteur_in(dir.path(), &db, &["sessions"]));
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("*   2  Conference of the Parties")),
        "{listed}"
    );

    let err = fails(rapporteur_in(dir.path(), &db, &["open", "--session", "99"]));
    assert!(
        err.contains("no session 99 in this store (`rapporteur sessions` lists them)"),
        "{err}"
    );
}

/// A standard error closed under it (a dropped SSH connection, a pager quit): the command
/// still ends with its own status, never a panic's.
#[test]
fn a_closed_standard_error_loses_the_line_not_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = std::process::Command::new(bin_path())
        .args(["sessions", "remove", "99", "--db"])
        .arg(dir.path().join("store"))
        .env_remove("RAPPORTEUR_DB")
        .stderr(writer)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
