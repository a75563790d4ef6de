//! The interactive dialogue and the correction of earlier interventions, driven by actions
//! and keys as a rapporteur gives them.

use chrono::{TimeDelta, TimeZone};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::overlay::form::FormPurpose;
use super::*;
use crate::domain::{Category, InterventionKind, Participant, ParticipantId, SessionId};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

fn dialogue() -> App {
    let mut record = SessionRecord::starter(SessionId(1), t(0), "Europe/Vienna");
    for (i, (name, category)) in [
        ("Dr. Nadia Farouk", Category::Panellist),
        ("Brazil", Category::MemberState),
        ("Mexico", Category::MemberState),
        ("France", Category::MemberState),
    ]
    .into_iter()
    .enumerate()
    {
        record.participants.push(Participant {
            id: ParticipantId(i as u32 + 1),
            name: name.into(),
            category,
            attendance: Default::default(),
            organisation: None,
        });
    }
    App::new(record, Keymap::default_keymap())
}

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers, at: DateTime<Utc>) {
    app.handle_key(KeyEvent::new(code, modifiers), at);
}

fn type_text(app: &mut App, text: &str, at: DateTime<Utc>) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE, at);
    }
}

fn inscribe(app: &mut App, name: &str, kind_keys: usize) {
    app.update(Action::Inscribe, t(0));
    type_text(app, name, t(0));
    for _ in 0..kind_keys {
        key(app, KeyCode::Char('k'), KeyModifiers::ALT, t(0));
    }
    app.update(Action::Confirm, t(0));
    assert!(app.overlays.is_empty(), "inscribed: {:?}", app.message);
}

fn waiting_kinds(app: &App) -> Vec<InterventionKind> {
    app.record
        .list(app.agenda_item)
        .map(|l| l.in_order().map(|i| i.kind).collect())
        .unwrap_or_default()
}

#[test]
fn a_dialogue_is_logged_by_names_alone_presentation_questions_then_answers() {
    let mut app = dialogue();
    inscribe(&mut app, "Farouk", 0);
    assert_eq!(waiting_kinds(&app), [InterventionKind::PanelPresentation]);
    inscribe(&mut app, "Brazil", 0);
    inscribe(&mut app, "Mexico", 0);
    inscribe(&mut app, "Farouk", 0);
    let said = app.message.clone().expect("the inscription is told");
    assert!(
        !said.warning,
        "a panellist inscribed to answer is no slip: {}",
        said.text
    );
    assert_eq!(said.text, "Dr. Nadia Farouk inscribed for an answer");
    assert_eq!(
        waiting_kinds(&app),
        [
            InterventionKind::PanelPresentation,
            InterventionKind::Question,
            InterventionKind::Question,
            InterventionKind::Answer
        ]
    );
    for at in [10, 200, 300, 400, 500] {
        app.update(Action::GiveFloor, t(at));
    }
    let kinds: Vec<InterventionKind> = app.record.interventions.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            InterventionKind::PanelPresentation,
            InterventionKind::Question,
            InterventionKind::Question,
            InterventionKind::Answer
        ]
    );
}

#[test]
fn the_kind_key_in_the_finder_chooses_any_kind_for_the_inscription() {
    let mut app = dialogue();
    // France, before any panel: a statement, then one press of the key: a panel
    // presentation, two: a question, three: an answer.
    inscribe(&mut app, "France", 2);
    inscribe(&mut app, "Brazil", 3);
    inscribe(&mut app, "Mexico", 4);
    assert_eq!(
        waiting_kinds(&app),
        [
            InterventionKind::Question,
            InterventionKind::Answer,
            InterventionKind::Statement
        ]
    );
}

#[test]
fn the_kind_of_the_speaker_on_the_floor_is_chosen_in_two_keys() {
    let mut app = dialogue();
    inscribe(&mut app, "France", 0);
    app.update(Action::GiveFloor, t(10));
    key(&mut app, KeyCode::Char('k'), KeyModifiers::ALT, t(20));
    assert!(matches!(app.top(), Some(Overlay::Kind(_))));
    key(&mut app, KeyCode::Char('q'), KeyModifiers::NONE, t(21));
    assert!(app.overlays.is_empty(), "a letter chooses at once");
    assert_eq!(app.record.floor().unwrap().kind, InterventionKind::Question);
    assert!(app.note_target == NoteTarget::Intervention(app.record.interventions[0].id));
    assert!(
        app.outbox.iter().any(|c| matches!(
            c,
            Change::Intervention(_, iv) if iv.kind == InterventionKind::Question
        )),
        "the kind reaches the store"
    );
    // Nothing typed went into the note.
    assert_eq!(app.record.interventions[0].note, "");
    // With no one on the floor, the key says what to do instead.
    app.update(Action::EndIntervention, t(60));
    key(&mut app, KeyCode::Char('k'), KeyModifiers::ALT, t(61));
    assert!(app.overlays.is_empty());
    assert!(app.message.as_ref().is_some_and(|m| m.warning));
}

#[test]
fn an_earlier_speaker_kind_and_start_are_corrected_from_the_log() {
    let mut app = dialogue();
    inscribe(&mut app, "Brazil", 0);
    inscribe(&mut app, "France", 0);
    app.update(Action::GiveFloor, t(10));
    app.update(Action::GiveFloor, t(100));
    app.update(Action::EndIntervention, t(160));
    app.update(Action::ShowLog, t(170));
    app.update(Action::SelectPrevious, t(170));
    key(&mut app, KeyCode::Char('c'), KeyModifiers::NONE, t(171));
    let is_correction = |app: &App| matches!(app.top(), Some(Overlay::Form(f)) if matches!(f.purpose, FormPurpose::Correction(_)));
    assert!(is_correction(&app), "{:?}", app.top());

    // The speaker's field first, holding the name as recorded: typed over.
    app.update(Action::ClearInput, t(172));
    type_text(&mut app, "Mexico", t(172));
    app.update(Action::NextField, t(172));
    app.update(Action::NextField, t(172));
    // A mistake in the kind: said under it, nothing changed.
    app.update(Action::ClearInput, t(172));
    type_text(&mut app, "colour blue", t(172));
    app.update(Action::Confirm, t(173));
    let Some(Overlay::Form(form)) = app.top() else {
        panic!("the form stays open on a mistake");
    };
    assert_eq!(form.fields[form.focused].label, "Kind");
    assert!(form.fields[form.focused].error.is_some());
    assert_eq!(app.record.interventions[0].speaker, ParticipantId(2));

    app.update(Action::ClearInput, t(174));
    type_text(&mut app, "q", t(175));
    for _ in 0..3 {
        app.update(Action::NextField, t(175));
    }
    app.update(Action::ClearInput, t(175));
    type_text(&mut app, "-20s", t(175));
    app.update(Action::Confirm, t(176));
    assert!(!is_correction(&app), "{:?}", app.top());
    let iv = &app.record.interventions[0];
    assert_eq!(iv.speaker, ParticipantId(3));
    assert_eq!(iv.kind, InterventionKind::Question);
    assert_eq!(iv.started_at, t(-10));
    assert_eq!(iv.live_facts().speaker, ParticipantId(2));
    assert!(app
        .outbox
        .iter()
        .any(|c| matches!(c, Change::Intervention(_, iv) if iv.fact_corrections.len() == 1)));

    // The history shows the live facts and the correction.
    app.update(Action::NoteHistory, t(180));
    let history = app.history().expect("the history opens");
    assert_eq!(
        history.versions, 3,
        "the note, the live facts, the correction"
    );
}
