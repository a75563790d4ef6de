use chrono::{TimeDelta, TimeZone};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::domain::{Participant, ParticipantId, SessionId};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

fn app_with(names: &[&str]) -> App {
    let mut record = SessionRecord::starter(SessionId(1), t(0), "Europe/Vienna");
    for (i, name) in names.iter().enumerate() {
        record.participants.push(Participant {
            id: ParticipantId(i as u32 + 1),
            name: name.to_string(),
            category: Category::MemberState,
            attendance: Default::default(),
            organisation: None,
        });
    }
    App::new(record, Keymap::default_keymap())
}

fn inscribe(app: &mut App, name: &str) {
    app.update(Action::Inscribe, t(0));
    for c in name.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t(0));
    }
    app.update(Action::Confirm, t(0));
}

fn type_text(app: &mut App, text: &str, at: DateTime<Utc>) {
    for c in text.chars() {
        let key = match c {
            '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        };
        app.handle_key(key, at);
    }
}

fn waiting(app: &App) -> Vec<String> {
    app.record
        .list(app.agenda_item)
        .map(|l| {
            l.in_order()
                .map(|i| app.record.speaker_name(i.speaker).to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn inscribing_puts_speakers_on_the_list_in_order_and_saves_it() {
    let mut app = app_with(&["France", "Germany", "Brazil"]);
    inscribe(&mut app, "Ger");
    inscribe(&mut app, "Bra");
    assert_eq!(waiting(&app), ["Germany", "Brazil"]);
    assert!(app
        .outbox
        .iter()
        .any(|c| matches!(c, Change::List(_, l) if l.speakers.len() == 2)));
}

#[test]
fn a_name_not_on_the_roster_is_added_on_the_spot() {
    let mut app = app_with(&[]);
    inscribe(&mut app, "La Strada Example");
    assert_eq!(waiting(&app), ["La Strada Example"]);
    assert!(app
        .outbox
        .iter()
        .any(|c| matches!(c, Change::Participant(_, p) if p.name == "La Strada Example")));
}

#[test]
fn giving_the_floor_starts_an_intervention_ready_for_typing() {
    let mut app = app_with(&["France", "Germany"]);
    inscribe(&mut app, "France");
    inscribe(&mut app, "Germany");
    app.outbox.clear();
    app.update(Action::GiveFloor, t(10));
    let floor = app.record.floor().expect("France has the floor");
    assert_eq!(app.record.speaker_name(floor.speaker), "France");
    assert_eq!(floor.started_at, t(10));
    assert_eq!(app.focus, Focus::Notes);
    assert_eq!(waiting(&app), ["Germany"]);

    type_text(&mut app, "Supports #cooperation", t(20));
    let floor = app.record.floor().unwrap();
    assert_eq!(floor.note, "Supports #cooperation");
    assert_eq!(floor.tags, ["cooperation"]);
    let last_note = app.outbox.iter().rev().find_map(|c| match c {
        Change::Note(_, _, text) => Some(text.clone()),
        _ => None,
    });
    assert_eq!(last_note.as_deref(), Some("Supports #cooperation"));

    // The next speaker: France's intervention ends, Germany's begins.
    app.update(Action::GiveFloor, t(200));
    let france = &app.record.interventions[0];
    assert_eq!(france.ended_at, Some(t(200)));
    assert_eq!(france.note, "Supports #cooperation");
    assert_eq!(
        app.record.speaker_name(app.record.floor().unwrap().speaker),
        "Germany"
    );
    assert!(app.editor.is_empty(), "a fresh note for the new speaker");
}

#[test]
fn giving_the_floor_on_an_empty_list_says_what_to_do() {
    let mut app = app_with(&[]);
    app.update(Action::GiveFloor, t(0));
    assert!(app.record.floor().is_none());
    let message = app.message.clone().unwrap();
    assert!(message.warning);
    assert!(message.text.contains("empty"), "{}", message.text);
}

#[test]
fn text_typed_while_no_one_has_the_floor_goes_into_the_meeting_note() {
    let mut app = app_with(&[]);
    app.update(Action::FocusNotes, t(0));
    type_text(&mut app, "The Chair opened the meeting.", t(1));
    assert_eq!(app.record.meetings[0].note, "The Chair opened the meeting.");
    assert!(app
        .outbox
        .iter()
        .any(|c| matches!(c, Change::Meeting(_, m) if m.note == "The Chair opened the meeting.")));
}

#[test]
fn pausing_the_timer_stops_the_clock() {
    let mut app = app_with(&["France"]);
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    app.update(Action::PauseTimer, t(60));
    assert!(app.record.floor().unwrap().is_paused());
    app.update(Action::PauseTimer, t(90));
    let iv = app.record.floor().unwrap();
    assert_eq!(iv.speaking_time(t(120)).num_seconds(), 90);
}

#[test]
fn removing_a_speaker_leaves_the_floor_alone() {
    let mut app = app_with(&["France", "Germany", "Brazil"]);
    for n in ["France", "Germany", "Brazil"] {
        inscribe(&mut app, n);
    }
    app.update(Action::GiveFloor, t(0));
    app.update(Action::FocusSpeakers, t(5));
    app.update(Action::SelectNext, t(5));
    app.update(Action::RemoveSpeaker, t(6));
    assert_eq!(waiting(&app), ["Germany"]);
    let floor = app.record.floor().unwrap();
    assert_eq!(app.record.speaker_name(floor.speaker), "France");
    assert_eq!(floor.started_at, t(0));
}

#[test]
fn a_closed_list_refuses_an_inscription_with_a_reason() {
    let mut app = app_with(&["France"]);
    app.record.list_mut(app.agenda_item).closed = true;
    inscribe(&mut app, "France");
    assert!(waiting(&app).is_empty());
    assert!(app.message.clone().unwrap().text.contains("closed"));
}

#[test]
fn the_app_reopens_on_the_speaker_who_has_the_floor() {
    let mut app = app_with(&["France"]);
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "Half a sentence", t(3));
    let reopened = App::new(app.record.clone(), Keymap::default_keymap());
    assert_eq!(reopened.focus, Focus::Notes);
    assert_eq!(reopened.editor.lines(), ["Half a sentence"]);
}

#[test]
fn a_paste_is_taken_in_one_go_with_line_ends_made_plain() {
    let mut app = app_with(&[]);
    app.handle_paste("one\r\ntwo\rthree\nfour");
    assert_eq!(app.editor.lines(), ["one", "two", "three", "four"]);
    assert_eq!(app.record.meetings[0].note, "one\ntwo\nthree\nfour");
}

#[test]
fn save_reports_tell_whether_everything_is_on_disk() {
    let mut app = app_with(&[]);
    app.save.sent = 3;
    app.on_save_report(SaveReport::Durable { through: 2 });
    assert!(!app.save.all_on_disk());
    app.on_save_report(SaveReport::Failed {
        through: 2,
        error: "disk full".into(),
    });
    assert_eq!(app.save.error.as_deref(), Some("disk full"));
    app.on_save_report(SaveReport::Durable { through: 3 });
    assert!(app.save.all_on_disk());
}
