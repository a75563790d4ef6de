//! `rapporteur abbreviations check|show|example`: problems at file:line:col and a failing
//! exit, warnings printed with success, the table in force with where each entry comes from,
//! and the shipped example as a start.

mod common;

use common::{fails, rapporteur_in, succeeds};
use rapporteur::domain::{SessionId, SessionRecord};
use rapporteur::store::Store;

#[test]
fn check_reports_every_problem_where_it_is_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    std::fs::write(
        dir.path().join("bad.toml"),
        "[abbreviations]\nms = \"Member States\"\n\"m s\" = \"x\"\ntip = \"\"\n",
    )
    .unwrap();
    let err = fails(rapporteur_in(
        dir.path(),
        &db,
        &["abbreviations", "check", "bad.toml"],
    ));
    assert!(
        err.contains("bad.toml:3:1: the short form \"m s\" must be one word"),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:4:7: the expansion of \"tip\" is empty"),
        "{err}"
    );

    std::fs::write(
        dir.path().join("twice.toml"),
        "[abbreviations]\nms = \"Member States\"\nms = \"Ms.\"\n",
    )
    .unwrap();
    let err = fails(rapporteur_in(
        dir.path(),
        &db,
        &["abbreviations", "check", "twice.toml"],
    ));
    assert!(
        err.contains(
            "twice.toml:3:1: this is not valid TOML: the short form \"ms\" is written twice"
        ),
        "{err}"
    );
}

#[test]
fn check_prints_warnings_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    std::fs::write(
        dir.path().join("mine.toml"),
        "[abbreviations]\nin = \"international\"\nsr = \"Special Rapporteur\"\n",
    )
    .unwrap();
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["abbreviations", "check", "mine.toml"],
    ));
    assert_eq!(
        out,
        "mine.toml:2:1: warning: the short form \"in\" is also a common word: typed on its own \
         it will expand; choose a form you never type as a word (or set a prefix)\n\
         mine.toml: no problems found (2 abbreviations, 1 warning)\n"
    );
}

#[test]
fn check_without_a_file_checks_yours_or_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let err = fails(rapporteur_in(dir.path(), &db, &["abbreviations", "check"]));
    assert!(err.contains("there is no abbreviations file at"), "{err}");
    assert!(err.contains("rapporteur abbreviations example >"), "{err}");
    // The tests' config folder, as `rapporteur_in` sets it.
    let config = dir.path().join("no-config-here").join("rapporteur");
    std::fs::create_dir_all(&config).unwrap();
    let example = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["abbreviations", "example"],
    ));
    std::fs::write(config.join("abbreviations.toml"), &example).unwrap();
    let out = succeeds(rapporteur_in(dir.path(), &db, &["abbreviations", "check"]));
    assert!(
        out.ends_with("abbreviations.toml: no problems found (49 abbreviations)\n"),
        "{out}"
    );
}

#[test]
fn show_lists_the_users_and_the_sessions_own_with_where_each_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    {
        let store = Store::open(&db).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), chrono::Utc::now(), "UTC");
        record.session.body = "Working Group on Trafficking in Persons".into();
        record
            .session
            .abbreviations
            .insert("sr".into(), "Special Representative".into());
        record.session.abbreviations.insert(
            "wgtip".into(),
            "Working Group on Trafficking in Persons".into(),
        );
        store.save_record(&record).unwrap();
    }
    std::fs::write(
        dir.path().join("mine.toml"),
        "[abbreviations]\nms = \"Member States\"\nsr = \"Special Rapporteur\"\n",
    )
    .unwrap();
    let out = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["--abbreviations", "mine.toml", "abbreviations", "show"],
    ));
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|l| {
            l.split("  ")
                .filter(|s| !s.is_empty())
                .map(str::trim)
                .collect()
        })
        .collect();
    let session = "session 1 (Working Group on Trafficking in Persons)";
    assert_eq!(
        rows,
        [
            vec!["ms", "Member States", "mine.toml"],
            vec!["sr", "Special Representative", session],
            vec![
                "sr",
                "Special Rapporteur",
                "mine.toml (replaced by the session's)"
            ],
            vec!["wgtip", "Working Group on Trafficking in Persons", session],
        ],
        "{out}"
    );

    // A bad file is said, and the session's own are still shown.
    std::fs::write(dir.path().join("bad.toml"), "[abbreviations]\nms = 1\n").unwrap();
    let out = rapporteur_in(
        dir.path(),
        &db,
        &["--abbreviations", "bad.toml", "abbreviations", "show"],
    );
    assert!(
        common::stderr(&out).contains("bad.toml:2:6:"),
        "{}",
        common::stderr(&out)
    );
    assert!(succeeds(out).contains("Special Representative"));
}

#[test]
fn the_sessions_own_travel_in_its_json_and_merge_into_another_store() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let mut record = SessionRecord::starter(SessionId(1), chrono::Utc::now(), "UTC");
    record.session.body = "Working Group on Trafficking in Persons".into();
    for db in [&a, &b] {
        Store::open(db).unwrap().save_record(&record).unwrap();
    }
    let own = |db: &std::path::Path, pairs: &[(&str, &str)]| {
        let store = Store::open(db).unwrap();
        let mut record = store.load(SessionId(1)).unwrap();
        for (short, expansion) in pairs {
            record
                .session
                .abbreviations
                .insert(short.to_string(), expansion.to_string());
        }
        store.save_record(&record).unwrap();
    };
    own(
        &a,
        &[("sr", "Special Representative"), ("ms", "Member States")],
    );
    own(&b, &[("ms", "Member States of the Council")]);

    succeeds(rapporteur_in(
        dir.path(),
        &a,
        &["export", "--format", "json", "--output", "a.json"],
    ));
    let json = std::fs::read_to_string(dir.path().join("a.json")).unwrap();
    assert!(json.contains("\"abbreviations\""), "{json}");
    let report = succeeds(rapporteur_in(dir.path(), &b, &["import", "a.json"]));
    assert!(report.contains("1 abbreviation added"), "{report}");
    assert!(
        report.contains(
            "the session's abbreviation \"ms\": \"Member States of the Council\" in the store"
        ),
        "{report}"
    );
    let merged = Store::open(&b).unwrap().load(SessionId(1)).unwrap();
    assert_eq!(
        merged.session.abbreviations,
        [
            ("ms".to_string(), "Member States of the Council".to_string()),
            ("sr".to_string(), "Special Representative".to_string())
        ]
        .into()
    );
}

#[test]
fn the_sessions_own_are_set_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let run = |args: &[&str]| rapporteur_in(dir.path(), &db, args);
    succeeds(run(&[
        "new",
        "--body",
        "Working Group on Trafficking in Persons",
    ]));
    let out = succeeds(run(&[
        "abbreviations",
        "set",
        "wgtip",
        "Working Group on Trafficking in Persons",
    ]));
    assert_eq!(
        out,
        "wgtip = Working Group on Trafficking in Persons in session 1\n"
    );
    let out = succeeds(run(&["abbreviations", "set", "wgtip", "the Working Group"]));
    assert_eq!(
        out,
        "wgtip = the Working Group (was Working Group on Trafficking in Persons) in session 1\n"
    );
    let shown = succeeds(run(&["abbreviations", "show"]));
    assert!(
        shown.contains("wgtip  the Working Group  session 1"),
        "{shown}"
    );

    let err = fails(run(&["abbreviations", "set", "w g", "x"]));
    assert!(
        err.contains("the short form \"w g\" must be one word"),
        "{err}"
    );
    let err = fails(run(&["abbreviations", "set", "wg", " "]));
    assert!(err.contains("the expansion of \"wg\" is empty"), "{err}");
    let err = fails(run(&["abbreviations", "remove", "ms"]));
    assert!(
        err.contains("session 1 has no abbreviation \"ms\" of its own"),
        "{err}"
    );

    let out = succeeds(run(&["abbreviations", "remove", "wgtip"]));
    assert_eq!(out, "wgtip removed from session 1\n");
    let record = Store::open(&db).unwrap().load(SessionId(1)).unwrap();
    assert!(record.session.abbreviations.is_empty());
}
