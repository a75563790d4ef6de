//! An interactive dialogue in the real binary, in a pseudo-terminal: a panel presentation,
//! two questions from the floor, two answers, a kind chosen on the floor, then an earlier
//! speaker and kind put right from the log; the CSV and Markdown exports tell it as corrected.

mod common;

use std::process::Command;
use std::time::Duration;

use common::pty::keys;
use common::{rapporteur_in, succeeds, WAIT};

const ALT_K: &str = "\x1bk";
const ALT_L: &str = "\x1bl";

#[test]
fn a_dialogue_is_run_by_keyboard_and_an_earlier_speaker_and_kind_are_corrected_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    succeeds(rapporteur_in(
        dir.path(),
        &store,
        &[
            "new",
            "--body",
            "Human Rights Council",
            "--item",
            "3: Interactive dialogue",
        ],
    ));
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "name,category\nDr. Nadia Farouk,panellist\nBrazil,Member State\nKenya,Member State\n",
    )
    .unwrap();
    succeeds(rapporteur_in(
        dir.path(),
        &store,
        &["roster", "import", roster.to_str().unwrap()],
    ));

    let mut app = common::start_app(&store, 120, 36);
    // The panellist's first floor is a panel presentation, and the finder says so.
    app.send(keys::CTRL_L);
    app.wait_for("Inscribe on the list", WAIT).unwrap();
    app.send("Farouk");
    app.wait_for("panel presentation (alt-k)", WAIT).unwrap();
    app.send(keys::ENTER);
    app.wait_for_gone("Inscribe on the list", WAIT).unwrap();
    // Once a panel has presented, the floor asks questions; the panellist then answers.
    for (name, kind) in [
        ("Brazil", "question"),
        ("Kenya", "question"),
        ("Farouk", "answer"),
        ("Farouk", "answer"),
    ] {
        app.send(keys::CTRL_L);
        app.wait_for("Inscribe on the list", WAIT).unwrap();
        app.send(name);
        app.wait_for(&format!("{kind} (alt-k)"), WAIT).unwrap();
        app.send(keys::ENTER);
        app.wait_for_gone("Inscribe on the list", WAIT).unwrap();
    }

    let notes = [
        "Presented the report.",
        "Asked about data.",
        "Asked about funding.",
        "First answer.",
        "Second answer.",
    ];
    for (i, note) in notes.iter().enumerate() {
        app.send(keys::CTRL_N);
        if i > 0 {
            app.wait_for_gone(notes[i - 1], WAIT).unwrap();
        }
        app.wait_for("has the floor", WAIT).unwrap();
        app.type_slowly(note, Duration::from_millis(2));
        app.wait_for(note, WAIT).unwrap();
        if i == 2 {
            // On the floor, the kind is chosen in two keys: recorded here, wrongly, as a
            // statement, to be put right afterwards.
            app.send(ALT_K);
            app.wait_for("Kind of intervention", WAIT).unwrap();
            app.send("s");
            app.wait_for(": statement", WAIT).unwrap();
        }
    }
    app.send(keys::CTRL_E);
    app.wait_for("intervention ended", WAIT).unwrap();

    // It was Mexico, not Kenya, and a question: put right from the log.
    app.send(ALT_L);
    app.wait_for("Log ·", WAIT).unwrap();
    app.send(keys::UP);
    app.send(keys::UP);
    app.send("c");
    app.wait_for("Correct the intervention", WAIT).unwrap();
    app.wait_for("As recorded:", WAIT).unwrap();
    // The form holds the facts as recorded, the speaker's field first: typed over.
    app.send(keys::CTRL_U);
    app.type_slowly("Mexico", Duration::from_millis(2));
    app.send(keys::TAB);
    app.send(keys::TAB);
    app.wait_for("› Kind", WAIT).unwrap();
    app.send(keys::CTRL_U);
    app.type_slowly("q", Duration::from_millis(2));
    app.send(keys::ENTER);
    app.wait_for("Corrected:", WAIT).unwrap();
    app.wait_for_gone("Correct the intervention", WAIT).unwrap();
    app.send(ALT_L);
    app.wait_for("✔ saved", WAIT).unwrap();
    app.send(keys::CTRL_Q);
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(status.success(), "{}", app.screen());

    let export = |format: &str| {
        let out = Command::new(common::bin_path())
            .args(["export", "--format", format, "-o", "-", "--db"])
            .arg(&store)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let csv = export("csv");
    let row = |note: &str| {
        csv.lines()
            .find(|l| l.contains(note))
            .unwrap_or_else(|| panic!("no row for {note:?}:\n{csv}"))
            .to_string()
    };
    assert!(row("Presented the report.").contains("panel presentation"));
    assert!(row("Asked about data.").contains("question"));
    let corrected = row("Asked about funding.");
    assert!(
        corrected.contains("Mexico") && corrected.contains("question"),
        "{corrected}"
    );
    assert!(!csv.contains("Kenya"), "{csv}");
    assert!(row("First answer.").contains("answer"));
    assert!(row("Second answer.").contains("answer"));

    let md = export("md");
    for counted in [
        "| Panel presentation | 1 |",
        "| Question | 2 |",
        "| Answer | 2 |",
    ] {
        assert!(md.contains(counted), "{counted}:\n{md}");
    }
    assert!(md.contains("Asked about funding."), "{md}");
    assert!(md.contains("Mexico"), "{md}");
    assert!(
        md.contains("speaker and kind corrected afterwards"),
        "the drafter is told: {md}"
    );
}
