//! The agenda and the roster kept in the app, through the real binary in a pseudo-terminal:
//! a delegation entered twice is merged, an item is added during the session and spoken
//! under, and the CSV export shows all of it.

mod common;

use std::time::Duration;

use common::pty::keys;
use common::{give_floor_to, rapporteur_in, succeeds, WAIT};

#[test]
fn a_roster_merge_and_an_added_item_reach_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let items = [
        "Opening of the session",
        "Child trafficking",
        "Other matters",
    ];
    let mut new = vec!["new", "--body", "Working Group on Trafficking in Persons"];
    for item in &items {
        new.extend(["--item", item]);
    }
    succeeds(rapporteur_in(dir.path(), &db, &new));
    std::fs::write(
        dir.path().join("participants.csv"),
        "name,category\nKenya,Member State\nRepublic of Kenya,Member State\n",
    )
    .unwrap();
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["roster", "import", "participants.csv"],
    ));

    let mut app = common::start_app(&db, 110, 32);
    // Kenya speaks, entered under its long name.
    give_floor_to(&mut app, "Republic of Kenya");
    app.type_slowly("Spoke on data.", Duration::from_millis(2));
    app.send(keys::CTRL_E);
    app.wait_for("intervention ended", WAIT).unwrap();

    // The two entries are one delegation: the long one merges into the short one.
    app.send("\x1bp"); // alt-p
    app.wait_for("Roster · 2 participants", WAIT).unwrap();
    app.send(keys::DOWN);
    app.send("m");
    // The entry that stays is chosen in the finder, which lists the roster's latest
    // speakers: Enter on the one that goes is refused, and the finder stays.
    app.wait_for("Merge into the entry that stays", WAIT)
        .unwrap();
    app.send(keys::ENTER);
    app.wait_for("cannot be merged into itself", WAIT).unwrap();
    app.send("kenia"); // a slip: the finder still finds Kenya
    app.wait_for("▶ Kenya", WAIT).unwrap();
    app.send(keys::ENTER);
    app.wait_for(
        "Republic of Kenya merged into Kenya: 1 intervention moved",
        WAIT,
    )
    .unwrap();
    app.wait_for("Roster · 1 participant ", WAIT).unwrap();
    app.send(keys::ESC);
    app.wait_for_gone("Roster ·", WAIT).unwrap();

    // An item is added during the session, and spoken under.
    app.send("\x1ba"); // alt-a
    app.wait_for("Agenda · Working Group", WAIT).unwrap();
    app.send("a");
    app.wait_for("New item: 4:", WAIT).unwrap();
    app.send("Adoption of the report");
    app.send(keys::ENTER);
    app.wait_for("Item 4 added", WAIT).unwrap();
    // It comes before "Other matters".
    app.send("K");
    app.wait_for("Item 4 moved up", WAIT).unwrap();
    app.send(keys::ENTER);
    app.wait_for("List of speakers · item 4", WAIT).unwrap();
    give_floor_to(&mut app, "Kenya");
    app.type_slowly("Proposed the report's adoption.", Duration::from_millis(2));
    common::end_and_quit(&mut app);

    let csv = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["export", "--format", "csv"],
    ));
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
    let spoken: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[2].as_str(), r[4].as_str(), r[16].as_str()))
        .collect();
    assert_eq!(
        spoken,
        [
            ("1", "Kenya", "Spoke on data."),
            ("4", "Kenya", "Proposed the report's adoption.")
        ],
        "{csv}"
    );
    let agenda = succeeds(rapporteur_in(dir.path(), &db, &["agenda", "list"]));
    let titles: Vec<&str> = agenda
        .lines()
        .skip(2)
        .map(|l| {
            l.split("  ")
                .filter(|c| !c.trim().is_empty())
                .last()
                .unwrap()
                .trim()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Opening of the session",
            "Child trafficking",
            "Adoption of the report",
            "Other matters"
        ],
        "{agenda}"
    );
}
