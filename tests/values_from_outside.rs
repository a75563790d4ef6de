//! Every number from outside is checked, through the real binary: a time limit typed on the
//! command line, the values of an imported file, and whatever a store already holds.

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::{pty::keys, rapporteur_in, stderr, stdout, succeeds, WAIT};
use rapporteur::domain::*;
use rapporteur::store::{Change, Store};

/// A demonstration session exported to JSON in `dir`, as the value of the file.
fn demo_export(dir: &std::path::Path) -> serde_json::Value {
    let source = dir.join("source");
    succeeds(rapporteur_in(dir, &source, &["demo"]));
    succeeds(rapporteur_in(
        dir,
        &source,
        &["export", "-f", "json", "-o", "demo.json"],
    ));
    serde_json::from_slice(&std::fs::read(dir.join("demo.json")).unwrap()).unwrap()
}

#[test]
fn a_limit_too_long_for_the_clock_is_refused_not_wrapped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(dir.path(), &db, &["demo"]));
    // 71582789 minutes are 2^32 + 44 seconds: unchecked, the limit became 44 s.
    for too_long in ["71582789", "1441", "4294967295", "99999999999999999999999"] {
        let out = rapporteur_in(dir.path(), &db, &["limits", "--statement", too_long]);
        assert!(!out.status.success(), "{too_long} was taken");
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("more than 24 hours"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = rapporteur_in(dir.path(), &db, &["limits", "--warn", "4294967295"]);
    assert!(
        stderr(&out).contains("at most 24 hours"),
        "{}",
        stderr(&out)
    );
    let out = rapporteur_in(
        dir.path(),
        &db,
        &[
            "budget",
            "set",
            "--item",
            "1",
            "--category",
            "ngo",
            "71582789",
        ],
    );
    assert!(
        stderr(&out).contains("more than 24 hours"),
        "{}",
        stderr(&out)
    );
    let shown = succeeds(rapporteur_in(dir.path(), &db, &["limits"]));
    assert!(
        shown.contains("statement                     03:00"),
        "{shown}"
    );
    assert!(shown.contains("warns 30 s"), "{shown}");

    let day = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["limits", "--statement", "1440"],
    ));
    assert!(
        day.contains("statement                     24:00:00"),
        "{day}"
    );
}

/// Imports `file` (the demo export changed by `change`) into a fresh store; returns the
/// error output, after checking the import was refused and the store left empty.
fn refused_import(name: &str, change: impl FnOnce(&mut serde_json::Value)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut file = demo_export(dir.path());
    file["session"]["session"]["body"] = name.into();
    change(&mut file["session"]);
    let path = dir.path().join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
    let db = dir.path().join("store");
    let out = rapporteur_in(dir.path(), &db, &["import", &format!("{name}.json")]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: {}\n{err}",
        stdout(&out)
    );
    assert!(
        err.contains(&format!("{name}.json")),
        "names the file: {err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");
    assert!(err.contains("Correct these values in the file"), "{err}");
    let sessions = succeeds(rapporteur_in(dir.path(), &db, &["sessions"]));
    assert!(!sessions.contains(name), "{sessions}");
    err
}

#[test]
fn an_import_with_times_of_another_age_is_refused_naming_the_intervention() {
    let err = refused_import("ancient", |s| {
        let iv = &mut s["interventions"][27];
        iv["ended_at"] = serde_json::Value::Null;
        iv["started_at"] = "-250000-01-01T00:00:00Z".into();
        iv["pauses"] = serde_json::json!([
            {"from": "-200000-01-01T00:00:00Z", "until": "2026-12-01T10:00:00Z"}
        ]);
    });
    assert!(
        err.contains("intervention 28 (") && err.contains("its start, -250000-01-01"),
        "{err}"
    );
    assert!(err.contains("a pause's start, -200000-01-01"), "{err}");
}

#[test]
fn an_import_with_limits_past_a_day_is_refused() {
    let err = refused_import("endless", |s| {
        s["session"]["time_limits"]["statement"] = u32::MAX.into();
        s["interventions"][0]["time_limit_secs"] = u32::MAX.into();
    });
    assert!(
        err.contains("the session's time limits: statement, 4294967295 s"),
        "{err}"
    );
    assert!(
        err.contains("intervention 1 (") && err.contains("its time limit, 4294967295 s"),
        "{err}"
    );
}

#[test]
fn an_import_with_an_id_at_its_maximum_is_refused() {
    let err = refused_import("crowded", |s| {
        s["interventions"][27]["id"] = u64::MAX.into();
    });
    assert!(
        err.contains("intervention 18446744073709551615 (") && err.contains("its id"),
        "{err}"
    );
}

/// A store written as an older version could: the session holds an intervention on the floor
/// since the start of the calendar with 1,200 pauses (their sum passes what a TimeDelta holds), limits at their maximum and an id
/// at its maximum.
fn store_with_extreme_values(db: &std::path::Path) {
    let now = Utc::now();
    let mut record = SessionRecord::starter(SessionId(1), now, "Europe/Vienna");
    record.participants.push(Participant {
        id: ParticipantId(1),
        name: "Brazil".into(),
        category: Category::MemberState,
        attendance: Attendance::InRoom,
        organisation: None,
    });
    let l = &mut record.session.time_limits;
    l.statement = u32::MAX;
    l.on_behalf_of_group = u32::MAX;
    l.warn_before = u32::MAX;
    let mut old = Intervention::new(
        InterventionId(u64::MAX),
        1,
        AgendaItemId(1),
        ParticipantId(1),
        InterventionKind::Statement,
        now - TimeDelta::hours(1),
    );
    old.ended_at = Some(now - TimeDelta::minutes(30));
    old.time_limit_secs = Some(u32::MAX);
    let mut floor = Intervention::new(
        InterventionId(1),
        1,
        AgendaItemId(1),
        ParticipantId(1),
        InterventionKind::Statement,
        DateTime::<Utc>::MIN_UTC,
    );
    floor.pauses = vec![
        Pause {
            from: DateTime::<Utc>::MIN_UTC,
            until: Some(now - TimeDelta::minutes(1)),
        };
        1200
    ];
    floor.time_limit_secs = Some(u32::MAX);
    floor.set_note("Opened the meeting.".into());
    record.interventions = vec![old, floor];
    for _ in 0..3 {
        record
            .list_mut(AgendaItemId(1))
            .speakers
            .push(Inscription::statement(ParticipantId(1)));
    }
    let store = Store::open(db).unwrap();
    let mut changes = rapporteur::import::merge::changes(None, &record);
    changes.push(Change::LastSession(SessionId(1)));
    store.write_batch(&changes).unwrap();
    store.flush_durable().unwrap();
}

#[test]
fn a_store_holding_extreme_values_exports_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with_extreme_values(&db);
    for format in ["md", "html", "csv", "docx", "json"] {
        let out = rapporteur_in(
            dir.path(),
            &db,
            &["export", "-f", format, "-o", &format!("out.{format}")],
        );
        assert!(
            out.status.success(),
            "{format}: {:?}\n{}",
            out.status,
            stderr(&out)
        );
    }
    let stats = succeeds(rapporteur_in(dir.path(), &db, &["limits"]));
    assert!(stats.contains("statement"), "{stats}");
    succeeds(rapporteur_in(dir.path(), &db, &["budget", "list"]));
}

#[test]
fn a_store_holding_extreme_values_opens_and_gives_the_floor_to_a_new_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with_extreme_values(&db);
    let mut app = common::start_app(&db, 120, 40);
    app.wait_for("Opened the meeting.", WAIT).unwrap();
    // The next two speakers on the list: with an id at its maximum, they shared id 0.
    app.send(keys::CTRL_N);
    app.send(keys::CTRL_N);
    app.send(keys::CTRL_E);
    app.wait_for("No one has the floor", WAIT).unwrap();
    app.send(keys::CTRL_Q);
    let status = app.wait_exit(WAIT).expect("the app quits");
    assert!(
        status.success(),
        "exit status {status:?}\n{}",
        app.raw_text()
    );

    let json = succeeds(rapporteur_in(dir.path(), &db, &["export", "-f", "json"]));
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut ids: Vec<u64> = file["session"]["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|iv| iv["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 4, "two floors given: {ids:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        4,
        "every intervention keeps an id of its own: {ids:?}"
    );
}
