//! The app opens where it was left: the meeting, the agenda item and the pane in use, after a
//! quit and after a kill.

mod common;

use std::time::Duration;

use common::pty::{keys, PtyApp};
use common::WAIT;

/// Alt+PageDown and Alt+End as a terminal sends them: the next agenda item, the next meeting.
const ALT_PAGE_DOWN: &str = "\x1b[6;3~";
const ALT_END: &str = "\x1b[1;3F";

fn start(store: &std::path::Path) -> PtyApp {
    common::start_app(store, 120, 32)
}

#[test]
fn a_killed_app_comes_back_to_the_meeting_the_item_and_the_pane_it_was_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    common::succeeds(common::rapporteur_in(
        dir.path(),
        &store,
        &[
            "new",
            "--body",
            "Working Group",
            "--item",
            "1: Opening",
            "--item",
            "2: Budget",
            "--item",
            "3: Other matters",
        ],
    ));
    let mut app = start(&store);
    app.wait_until(
        |s| s.contains("1st meeting") && s.contains("Item 1: Opening"),
        WAIT,
    )
    .unwrap();
    app.send(ALT_END);
    // The next sitting is asked for; Enter takes the slot proposed.
    app.wait_for("The 2nd meeting", WAIT).unwrap();
    app.send(keys::ENTER);
    app.wait_for("2nd meeting,", WAIT).unwrap();
    app.send(ALT_PAGE_DOWN);
    app.wait_for("Item 2: Budget", WAIT).unwrap();
    // The notes pane, and a line of the meeting's note to see that the keys go there.
    app.send(keys::TAB);
    app.type_slowly("Budget discussion opened.", Duration::from_millis(2));
    app.wait_for("Budget discussion opened.", WAIT).unwrap();
    app.wait_for("✔ saved", WAIT).unwrap();
    app.kill();

    let mut app = start(&store);
    app.wait_until(
        |s| {
            s.contains("2nd meeting")
                && s.contains("Item 2: Budget")
                && s.contains("Budget discussion opened.")
        },
        WAIT,
    )
    .map_err(|e| format!("{e}\n{}", app.screen()))
    .unwrap();
    // The keys are still in the note: what is typed goes on from where it was.
    app.type_slowly(" Second line.", Duration::from_millis(2));
    app.wait_for("Budget discussion opened. Second line.", WAIT)
        .unwrap();
    app.wait_for("✔ saved", WAIT).unwrap();
    app.send(keys::CTRL_Q);
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(status.success(), "{}", app.screen());
}
