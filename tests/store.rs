//! The store keeps every part of the record, refuses what it cannot read safely, and says so
//! in words.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use rapporteur::domain::*;
use rapporteur::store::{Change, Store, StoreError, SCHEMA_VERSION};

fn record() -> SessionRecord {
    let t = |h, m, s| Utc.with_ymd_and_hms(2024, 7, 2, h, m, s).unwrap();
    let mut statement = Intervention {
        id: InterventionId(1),
        meeting: 3,
        agenda_item: AgendaItemId(2),
        speaker: ParticipantId(1),
        on_behalf_of: Some("European Union".into()),
        kind: InterventionKind::Statement,
        started_at: t(8, 5, 0),
        ended_at: Some(t(8, 10, 12)),
        pauses: vec![Pause {
            from: t(8, 6, 0),
            until: Some(t(8, 6, 40)),
        }],
        time_limit_secs: Some(300),
        note: String::new(),
        tags: vec![],
        interrupts: None,
        given_by_mistake: false,
        live_record: None,
        corrections: Vec::new(),
        live_facts: None,
        fact_corrections: Vec::new(),
    };
    statement.set_note(
        "Spoke on behalf of the EU. #victim-centred\nR: strengthen data collection\nÉgalité, ñ, العربية, 中文, русский, 🙂, e\u{301}"
            .into(),
    );
    let point_of_order = Intervention {
        id: InterventionId(2),
        speaker: ParticipantId(2),
        on_behalf_of: None,
        kind: InterventionKind::PointOfOrder,
        started_at: t(8, 6, 0),
        ended_at: Some(t(8, 6, 40)),
        pauses: vec![],
        time_limit_secs: None,
        interrupts: Some(InterventionId(1)),
        note: "Asked the Chair to keep to the agenda".into(),
        tags: vec![],
        ..statement.clone()
    };
    // A speaker and a start put right afterwards: the live facts and the version are kept.
    statement
        .correct(
            &Correction {
                speaker: Some(ParticipantId(2)),
                started_at: Some(t(8, 4, 40)),
                ..Default::default()
            },
            t(9, 0, 0),
        )
        .unwrap();
    let mut list = SpeakersList::new(AgendaItemId(2));
    list.inscribe(Inscription {
        speaker: ParticipantId(2),
        on_behalf_of: Some("Group of 77 and China".into()),
        kind: InterventionKind::Statement,
        time_limit_secs: Some(300),
    })
    .unwrap();
    list.inscribe(Inscription {
        kind: InterventionKind::RightOfReply,
        ..Inscription::statement(ParticipantId(1))
    })
    .unwrap();
    list.closed = true;
    SessionRecord {
        session: Session {
            id: SessionId(7),
            body: "Working Group on Trafficking in Persons".into(),
            number: "Thirteenth session".into(),
            venue: "Vienna International Centre".into(),
            first_day: NaiveDate::from_ymd_opt(2024, 7, 1).unwrap(),
            last_day: NaiveDate::from_ymd_opt(2024, 7, 4).unwrap(),
            time_zone: "Europe/Vienna".into(),
            chairs: vec!["A. Chair".into(), "B. Co-Chair".into()],
            created_at: t(7, 0, 0),
            time_limits: Default::default(),
            budgets: Vec::new(),
            conflicts: Vec::new(),
            topic_labels: Default::default(),
            abbreviations: Default::default(),
            roster_merges: Vec::new(),
        },
        meetings: vec![Meeting {
            number: 3,
            date: NaiveDate::from_ymd_opt(2024, 7, 2).unwrap(),
            scheduled_start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            scheduled_end: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            note: "The Chair opened the meeting.".into(),
            recording: Default::default(),
        }],
        agenda: vec![
            AgendaItem {
                id: AgendaItemId(1),
                number: "1".into(),
                title: "Organizational matters".into(),
            },
            AgendaItem {
                id: AgendaItemId(2),
                number: "2".into(),
                title: "Child trafficking".into(),
            },
        ],
        participants: vec![
            Participant {
                id: ParticipantId(1),
                name: "Austria".into(),
                category: Category::MemberState,
                attendance: Attendance::InRoom,
                organisation: None,
            },
            Participant {
                id: ParticipantId(2),
                name: "Dr. A. Panellist".into(),
                category: Category::Panellist,
                attendance: Attendance::Online,
                organisation: Some("University of Somewhere".into()),
            },
        ],
        interventions: vec![statement, point_of_order],
        lists: vec![list],
    }
}

#[test]
fn every_part_of_the_record_survives_a_round_trip_and_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let original = record();
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&original).unwrap();
        assert_eq!(store.load(SessionId(7)).unwrap(), original);
    }
    let store = Store::open(&path).unwrap();
    let reopened = store.load(SessionId(7)).unwrap();
    assert_eq!(reopened, original);
    let corrected = &reopened.interventions[0];
    assert_eq!(corrected.speaker, ParticipantId(2));
    assert_eq!(corrected.live_facts().speaker, ParticipantId(1));
    assert_eq!(corrected.fact_corrections.len(), 1);
    assert_eq!(store.most_recent_session().unwrap(), Some(SessionId(7)));
    assert_eq!(store.next_session_id().unwrap(), SessionId(8));
    let sessions = store.sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].interventions, 2);
}

#[test]
fn a_note_change_rewrites_only_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s")).unwrap();
    let mut r = record();
    store.save_record(&r).unwrap();
    store
        .apply(&Change::Note(
            SessionId(7),
            InterventionId(2),
            "Corrected #procedure".into(),
        ))
        .unwrap();
    store.flush_durable().unwrap();
    r.interventions[1].set_note("Corrected #procedure".into());
    assert_eq!(store.load(SessionId(7)).unwrap(), r);
}

#[test]
fn removing_an_intervention_removes_its_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s")).unwrap();
    let mut r = record();
    store.save_record(&r).unwrap();
    store
        .apply(&Change::RemoveIntervention(SessionId(7), InterventionId(2)))
        .unwrap();
    r.interventions.pop();
    assert_eq!(store.load(SessionId(7)).unwrap(), r);
}

#[test]
fn a_set_up_change_is_saved_part_by_part_reopened_and_rebuilt_alike() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    let before = record();
    let mut after = before.clone();
    after.session.venue = "Vienna, Board Room B".into();
    after.meetings.clear();
    after.agenda.retain(|a| a.id != AgendaItemId(1));
    after.participants[0].name = "Republic of Austria".into();
    after.lists.clear();
    after.interventions.pop();
    let change = SetupChange::new("set-up", &before, &after);
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&before).unwrap();
        store
            .write_batch(&Change::for_patch(SessionId(7), &change.made))
            .unwrap();
        assert_eq!(store.load(SessionId(7)).unwrap(), after);
    }
    assert_eq!(
        Store::open(&path).unwrap().load(SessionId(7)).unwrap(),
        after
    );
    rapporteur::store::recover(&path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.load(SessionId(7)).unwrap(), after);

    // Taken back, the parts come back as they were.
    let mut undone = after.clone();
    let patch = change.undo(&mut undone).unwrap().clone();
    store
        .write_batch(&Change::for_patch(SessionId(7), &patch))
        .unwrap();
    assert_eq!(store.load(SessionId(7)).unwrap(), before);
}

#[test]
fn a_removed_session_leaves_nothing_behind_even_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&record()).unwrap();
        let mut other = record();
        other.session.id = SessionId(8);
        store.save_record(&other).unwrap();
        store.apply(&Change::LastSession(SessionId(7))).unwrap();
        store.apply(&Change::RemoveSession(SessionId(7))).unwrap();
        let left: Vec<_> = store
            .sessions()
            .unwrap()
            .iter()
            .map(|s| s.session.id)
            .collect();
        assert_eq!(left, vec![SessionId(8)]);
        assert_ne!(store.most_recent_session().unwrap(), Some(SessionId(7)));
    }
    rapporteur::store::recover(&path).unwrap();
    let store = Store::open(&path).unwrap();
    let left: Vec<_> = store
        .sessions()
        .unwrap()
        .iter()
        .map(|s| s.session.id)
        .collect();
    assert_eq!(left, vec![SessionId(8)]);
    assert!(store.load(SessionId(7)).is_err());
    assert_eq!(store.load(SessionId(8)).unwrap().interventions.len(), 2);
}

#[test]
fn the_store_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep").join("store");
    Store::open(&path).unwrap();
    for p in [&path, &dir.path().join("deep")] {
        let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", p.display());
    }
}

#[test]
fn a_store_of_a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&record()).unwrap();
    }
    {
        let db = sled::open(&path).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", &(SCHEMA_VERSION + 1).to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let err = Store::open(&path).err().expect("a newer store is refused");
    assert!(matches!(err, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1));
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("newer version of rapporteur"), "{message}");
    // Still the newer schema: refusing did not rewrite it.
    let db = sled::open(&path).unwrap();
    let v = db
        .open_tree("meta")
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap();
    assert_eq!(v.as_ref(), (SCHEMA_VERSION + 1).to_be_bytes());
}

#[test]
fn a_damaged_store_gets_a_message_and_a_way_out_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&record()).unwrap();
    }
    let conf = path.join("conf");
    std::fs::write(&conf, b"\xff\xfe garbage that is not a sled config").unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a damaged store is refused");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("--db PATH"), "{message}");
}

#[test]
fn a_path_that_is_a_file_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "precious").unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(err.to_string().contains("not a store directory"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
}
