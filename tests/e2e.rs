//! The real binary in a pseudo-terminal, driven through its key bindings as a rapporteur
//! would drive it.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::pty::{keys, PtyApp};
use common::{inscribe, WAIT};

fn start(store: &Path) -> PtyApp {
    common::start_app(store, 110, 32)
}
use rapporteur::domain::SessionId;
use rapporteur::store::Store;

/// Quits with no one on the floor: at once.
fn quit(mut app: PtyApp) {
    app.send(keys::CTRL_Q);
    left_cleanly(app);
}

/// Quits with a speaker on the floor: the app asks first, and the answer here is to leave
/// their clock running, so the record stays as it was.
fn quit_leaving_the_clock_running(mut app: PtyApp) {
    app.send(keys::CTRL_Q);
    app.wait_for("leave with the clock running", WAIT).unwrap();
    app.send("k");
    left_cleanly(app);
}

fn left_cleanly(mut app: PtyApp) {
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(status.success(), "exit status {status:?}\n{}", app.screen());
    // The exit comes before the reader has drained the last bytes, which give the terminal back.
    app.wait_output_closed(WAIT).unwrap();
    let raw = app.raw_text();
    assert!(raw.contains("\x1b[?1049l"), "the main screen is given back");
    assert!(
        raw.contains("\x1b[?2004l"),
        "bracketed paste is turned off again"
    );
}

#[test]
fn a_first_run_lands_in_a_working_screen_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let app = start(&store);
    // The first frame may be drawn in several writes: wait for what is checked.
    app.wait_until(
        |screen| screen.contains("No one has the floor") && screen.contains("saved"),
        WAIT,
    )
    .unwrap();
    quit(app);

    let out = Command::new(common::bin_path())
        .args(["sessions", "--db"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(out.status.success());
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("New meeting body"), "{listed}");
    let store = Store::open(&store).expect("the store is readable after quitting");
    assert_eq!(store.sessions().unwrap().len(), 1);
}

#[test]
fn three_speakers_inscribed_and_the_floor_given_twice() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    for name in ["France", "Brazil", "Kenya"] {
        inscribe(&mut app, name);
    }
    app.wait_for("3. Kenya", WAIT).unwrap();

    app.send(keys::CTRL_N);
    app.wait_for("Note · France", WAIT).unwrap();
    app.type_slowly(
        "Welcomed the report. #cooperation",
        Duration::from_millis(2),
    );
    app.send(keys::CTRL_N);
    app.wait_for("Note · Brazil", WAIT).unwrap();
    app.type_slowly(
        "Asked for data. R: publish the figures",
        Duration::from_millis(2),
    );
    app.wait_for("✔ saved", WAIT).unwrap();
    quit_leaving_the_clock_running(app);

    let store = Store::open(&store).unwrap();
    let record = store.load(SessionId(1)).unwrap();
    let said: Vec<(&str, &str, bool)> = record
        .interventions
        .iter()
        .map(|i| {
            (
                record.speaker_name(i.speaker),
                i.note.as_str(),
                i.has_floor(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            ("France", "Welcomed the report. #cooperation", false),
            ("Brazil", "Asked for data. R: publish the figures", true),
        ]
    );
    assert_eq!(record.interventions[0].tags, ["cooperation"]);
    let waiting: Vec<&str> = record.lists[0]
        .in_order()
        .map(|i| record.speaker_name(i.speaker))
        .collect();
    assert_eq!(waiting, ["Kenya"]);
}

#[test]
fn a_killed_app_loses_nothing_typed_before_the_kill() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    inscribe(&mut app, "Austria");
    app.send(keys::CTRL_N);
    app.wait_for("Note · Austria", WAIT).unwrap();
    let text = "Called for a victim-centred approach — à l'écoute des survivants 🙂";
    app.type_slowly(text, Duration::from_millis(5));
    // The promise: what was typed 200 ms before the kill is on disk.
    std::thread::sleep(Duration::from_millis(200));
    app.kill();

    let store = Store::open(&store).expect("a killed app's store opens");
    let record = store.load(SessionId(1)).unwrap();
    assert_eq!(record.interventions.len(), 1);
    assert_eq!(record.interventions[0].note, text);
    assert!(
        record.interventions[0].has_floor(),
        "Austria still has the floor"
    );
}

#[test]
fn a_restart_in_the_middle_of_an_item_comes_back_to_the_same_list_and_floor() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    for name in ["France", "Brazil", "Kenya", "Japan"] {
        inscribe(&mut app, name);
    }
    app.send(keys::CTRL_N);
    app.wait_for("Note · France", WAIT).unwrap();
    app.send(keys::CTRL_N);
    app.wait_for("Note · Brazil", WAIT).unwrap();
    app.type_slowly("Brazil speaks", Duration::from_millis(2));
    app.wait_for("✔ saved", WAIT).unwrap();
    app.kill();

    let app = start(&store);
    // Wait for the whole frame, not its first part: the note and the list come after the title.
    app.wait_until(
        |screen| {
            [
                "Note · Brazil",
                "Brazil speaks",
                "1. Kenya",
                "2. Japan",
                // Killed with Brazil on the floor: the clock that ran on is pointed out.
                "the clock ran on while the app was closed",
            ]
            .iter()
            .all(|seen| screen.contains(seen))
        },
        WAIT,
    )
    .unwrap();
    quit_leaving_the_clock_running(app);
}

#[test]
fn a_broken_keymap_stops_the_app_before_it_starts_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let keymap = dir.path().join("keymap.toml");
    std::fs::write(&keymap, "[global]\n\"ctrl-g\" = \"giv_floor\"\n").unwrap();
    let out = Command::new(common::bin_path())
        .arg("--db")
        .arg(dir.path().join("store"))
        .arg("--keymap")
        .arg(&keymap)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("keymap.toml:2:"), "{stderr}");
    assert!(stderr.contains("did you mean \"give_floor\""), "{stderr}");
    assert!(
        !dir.path().join("store").exists(),
        "nothing was opened or created"
    );
}

/// Names typed at the speed of speech: `alt-n` puts in the speaker's name, `alt-N` finds
/// another's; the note in the export is what the rapporteur read on the screen.
#[test]
fn names_at_the_cursor_reach_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    common::give_floor_to(&mut app, "Kenya");
    app.send("thanked ");
    app.send("\x1bn");
    app.wait_for("thanked Kenya", WAIT).unwrap();
    app.send("; ");
    app.send("\x1bN");
    app.wait_for("Name for the note", WAIT).unwrap();
    app.send("mex");
    app.wait_for("Name: mex", WAIT).unwrap();
    app.send(keys::ENTER);
    app.wait_for_gone("Name for the note", WAIT).unwrap();
    app.wait_for("thanked Kenya; Mexico", WAIT).unwrap();
    app.send(keys::CTRL_E);
    app.wait_for("intervention ended", WAIT).unwrap();
    app.wait_for("✔ saved", WAIT).unwrap();
    quit(app);

    let out = Command::new(common::bin_path())
        .args(["export", "--format", "csv", "-o", "-", "--db"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains("thanked Kenya; Mexico"), "{csv}");
    let (waiting, _) = list_and_floor(&store);
    assert!(waiting.is_empty(), "nobody was inscribed: {waiting:?}");
}

/// The list of speakers as the store has it, and the note of the one on the floor.
fn list_and_floor(store: &Path) -> (Vec<String>, Option<(String, String)>) {
    let store = Store::open(store).unwrap();
    let record = store.load(SessionId(1)).unwrap();
    let waiting = record.lists[0]
        .in_order()
        .map(|i| record.speaker_name(i.speaker).to_string())
        .collect();
    let floor = record
        .floor()
        .map(|iv| (record.speaker_name(iv.speaker).to_string(), iv.note.clone()));
    (waiting, floor)
}

#[test]
fn esc_then_a_sentence_changes_nothing_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    for name in ["France", "Brazil", "Kenya"] {
        inscribe(&mut app, name);
    }
    app.send(keys::CTRL_N);
    app.wait_for("Note · France", WAIT).unwrap();
    app.type_slowly("Opening. ", Duration::from_millis(2));
    // The reflex: Esc (to leave a menu, say), then on with the sentence. The Esc is seen
    // alone before the letters come, as a person's Esc is.
    app.send(keys::ESC);
    app.wait_for("Still in the note", WAIT).unwrap();
    app.type_slowly("delegates were quick to agree. ", Duration::from_millis(2));
    // The other reflex: tab to the list, and a sentence typed there.
    app.send(keys::TAB);
    app.wait_until(|s| s.contains("┏ List of speakers"), WAIT)
        .unwrap();
    app.type_slowly("delegates agreed too.", Duration::from_millis(2));
    app.wait_for("delegates agreed too.", WAIT).unwrap();
    app.wait_for("✔ saved", WAIT).unwrap();
    quit_leaving_the_clock_running(app);

    let (waiting, floor) = list_and_floor(&store);
    assert_eq!(
        waiting,
        ["Brazil", "Kenya"],
        "the list of speakers is unchanged"
    );
    assert_eq!(
        floor,
        Some((
            "France".into(),
            "Opening. delegates were quick to agree. delegates agreed too.".into()
        ))
    );
}

#[test]
fn quitting_with_the_floor_asks_and_can_end_the_intervention() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    inscribe(&mut app, "France");
    app.send(keys::CTRL_N);
    app.wait_for("Note · France", WAIT).unwrap();
    app.type_slowly("Closing remarks.", Duration::from_millis(2));
    app.send(keys::CTRL_Q);
    app.wait_for("France has the floor", WAIT).unwrap();
    app.wait_for("end the intervention now", WAIT).unwrap();
    // A stray q, and ctrl-q again, do not leave.
    app.send("q");
    app.send(keys::CTRL_Q);
    app.wait_for("Someone has the floor", WAIT).unwrap();
    assert!(app.try_exit().is_none(), "still running");
    app.send("e");
    left_cleanly(app);

    let (_, floor) = list_and_floor(&store);
    assert_eq!(floor, None, "France's intervention was ended on leaving");
    let record = Store::open(&store).unwrap().load(SessionId(1)).unwrap();
    assert_eq!(record.interventions[0].note, "Closing remarks.");
}

#[test]
fn a_point_of_order_and_an_out_of_order_floor_are_undone_and_nothing_leaves_the_exports() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = start(&store);
    for name in ["France", "Brazil", "Kenya"] {
        inscribe(&mut app, name);
    }
    app.send(keys::CTRL_N);
    app.wait_for("Note · France", WAIT).unwrap();
    app.type_slowly("France on victims.", Duration::from_millis(2));

    // A point of order, taken back: France keeps the floor and the note.
    app.send("\x0f"); // ctrl-o
    app.wait_for("Point of order", WAIT).unwrap();
    app.send("Kenya");
    app.wait_for("Speaker: Kenya", WAIT).unwrap();
    app.send(keys::ENTER);
    app.wait_for("interrupting France", WAIT).unwrap();
    app.send("\x1bz");
    app.wait_for("keeps the floor and their clock", WAIT)
        .unwrap();
    app.type_slowly(" Then on data.", Duration::from_millis(2));

    // The floor given out of order from the list, taken back: the list and France as they were.
    app.send(keys::TAB);
    app.send(keys::DOWN);
    app.send(keys::ENTER);
    app.wait_for("OUT OF ORDER, ahead of Brazil", WAIT).unwrap();
    app.wait_for("Note · Kenya", WAIT).unwrap();
    app.send("\x1bz");
    app.wait_for("France has the floor again", WAIT).unwrap();
    app.wait_for("Note · France", WAIT).unwrap();
    app.send(keys::CTRL_E);
    app.wait_for("intervention ended", WAIT).unwrap();
    app.wait_for("✔ saved", WAIT).unwrap();
    quit(app);

    let (waiting, floor) = list_and_floor(&store);
    assert_eq!(waiting, ["Brazil", "Kenya"]);
    assert_eq!(floor, None);
    for format in ["csv", "md"] {
        let out = Command::new(common::bin_path())
            .args(["export", "--format", format, "-o", "-", "--db"])
            .arg(&store)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("France on victims. Then on data."),
            "{format}:\n{text}"
        );
    }
}
