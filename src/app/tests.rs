use chrono::{TimeDelta, TimeZone};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::domain::{
    Category, Inscription, InterventionKind, Participant, ParticipantId, SessionId,
};
use crate::keymap::Context;

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

/// An app whose list of speakers holds `names`, inscribed in that order.
pub(super) fn app_with_list(names: &[&str]) -> App {
    let mut app = app_with(names);
    for name in names {
        inscribe(&mut app, name);
    }
    app
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
    assert!(
        app.finder().is_some(),
        "the finder asks for the category of a new name"
    );
    app.update(Action::Confirm, t(0));
    assert!(app.finder().is_none());
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
    let mut app = app_with_list(&["France", "Germany", "Brazil"]);
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
fn the_app_opens_saying_a_merge_left_conflicts_open() {
    let mut app = app_with(&["France"]);
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    let first = app.record.interventions[0].clone();
    app.record.session.conflicts.push(crate::domain::Conflict {
        id: crate::domain::ConflictId(1),
        from: "afternoon.json".into(),
        disputed: crate::domain::conflict::Disputed::Intervention {
            id: first.id,
            other: Box::new(first),
        },
    });
    let reopened = App::new(app.record.clone(), Keymap::default_keymap());
    let message = reopened.message.expect("said on opening");
    assert!(message.warning);
    assert!(
        message.text.starts_with(
            "1 conflict from merging another rapporteur's log is open: the log (alt-l) marks it"
        ),
        "{}",
        message.text
    );
    assert!(
        message.text.contains("France has had the floor since"),
        "what else there was to say stays: {}",
        message.text
    );
    assert!(App::new(
        SessionRecord::starter(SessionId(2), t(0), "UTC"),
        Keymap::default_keymap()
    )
    .message
    .is_none());
}

#[test]
fn a_paste_is_taken_in_one_go_with_line_ends_made_plain() {
    let mut app = app_with(&[]);
    app.handle_paste("one\r\ntwo\rthree\nfour", t(0));
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

fn floor_name(app: &App) -> Option<String> {
    app.record
        .floor()
        .map(|i| app.record.speaker_name(i.speaker).to_string())
}

#[test]
fn a_point_of_order_pauses_the_speaker_who_resumes_with_their_time() {
    let mut app = app_with(&["France", "Russian Federation"]);
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "France on victims", t(10));
    app.update(Action::PointOfOrder, t(60));
    for c in "Russian".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t(60));
    }
    app.update(Action::Confirm, t(60));
    let point = app.record.floor().unwrap().clone();
    assert_eq!(point.kind, InterventionKind::PointOfOrder);
    assert_eq!(point.interrupts, Some(app.record.interventions[0].id));
    assert!(app.record.interventions[0].is_paused());
    type_text(&mut app, "Off topic", t(70));
    assert_eq!(app.record.floor().unwrap().note, "Off topic");

    // Ending the point of order gives France the floor back, with the time they had left.
    app.update(Action::EndIntervention, t(100));
    assert_eq!(floor_name(&app).as_deref(), Some("France"));
    let france = app.record.floor().unwrap();
    assert!(!france.is_paused());
    assert_eq!(
        france.speaking_time(t(130)).num_seconds(),
        90,
        "60 s before, 30 s after"
    );
    assert_eq!(app.editor.lines(), ["France on victims"]);
    assert!(app
        .message
        .clone()
        .unwrap()
        .text
        .contains("France resumes, 02:00 left"));
}

fn raise_point_of_order(app: &mut App, name: &str, at: DateTime<Utc>) {
    app.update(Action::PointOfOrder, at);
    for c in name.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), at);
    }
    app.update(Action::Confirm, at);
}

#[test]
fn giving_the_floor_during_a_point_of_order_ends_it_and_the_speaker_resumes() {
    for by_key in [false, true] {
        let mut app = app_with(&["France", "Brazil", "Chile"]);
        inscribe(&mut app, "France");
        inscribe(&mut app, "Brazil");
        app.update(Action::GiveFloor, t(0));
        type_text(&mut app, "France on victims", t(5));
        raise_point_of_order(&mut app, "Chile", t(10));
        if by_key {
            // ctrl-n, from the note of the point of order.
            app.handle_key(
                KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
                t(20),
            );
        } else {
            app.update(Action::GiveFloor, t(20));
        }
        let france = app.record.floor().expect("France has the floor again");
        assert_eq!(app.record.speaker_name(france.speaker), "France");
        assert!(!france.is_paused());
        assert_eq!(france.speaking_time(t(30)).num_seconds(), 20);
        let point = &app.record.interventions[1];
        assert_eq!(point.ended_at, Some(t(20)), "the point of order is ended");
        assert_eq!(waiting(&app), ["Brazil"], "Brazil still waits");
        let message = app.message.clone().unwrap().text;
        assert!(message.contains("France resumes"), "{message}");
    }
}

#[test]
fn a_speaker_resuming_is_told_what_is_left_of_their_budget() {
    let mut app = app_with(&["France", "Brazil"]);
    app.record.session.budgets.push(crate::domain::TimeBudget {
        agenda_item: app.agenda_item,
        holder: crate::domain::BudgetHolder::Delegation(ParticipantId(1)),
        secs: 40,
    });
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    raise_point_of_order(&mut app, "Brazil", t(30));
    app.update(Action::GiveFloor, t(50));
    let message = app.message.clone().unwrap().text;
    assert!(
        message.contains("France resumes, 00:10 left of the budget of France"),
        "{message}"
    );
}

#[test]
fn the_floor_keys_give_it_in_the_lists_order_whatever_row_is_selected() {
    let mut app = app_with_list(&["France", "Brazil", "Chile"]);
    app.update(Action::FocusSpeakers, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::GiveFloor, t(0));
    assert_eq!(floor_name(&app).as_deref(), Some("France"));
    assert_eq!(waiting(&app), ["Brazil", "Chile"]);
    let message = app.message.clone().unwrap().text;
    assert!(!message.contains("OUT OF ORDER"), "{message}");
}

#[test]
fn an_out_of_order_floor_is_its_own_action_says_so_and_is_undone_in_full() {
    let mut app = app_with_list(&["France", "Brazil", "Chile"]);
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "France on victims", t(5));
    app.update(Action::FocusSpeakers, t(50));
    app.update(Action::SelectNext, t(50));
    assert_eq!(
        app.keymap.action_for(
            Context::Speakers,
            &KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        ),
        Some(&[Action::GiveFloorSelected][..]),
        "enter in the list gives the floor to the selected row"
    );
    press(&mut app, KeyCode::Enter, t(60));
    assert_eq!(floor_name(&app).as_deref(), Some("Chile"));
    let message = app.message.clone().unwrap().text;
    assert!(
        message.contains("OUT OF ORDER") && message.contains("Brazil"),
        "{message}"
    );
    assert_eq!(waiting(&app), ["Brazil"]);

    app.update(Action::UndoFloor, t(70));
    assert_eq!(
        waiting(&app),
        ["Brazil", "Chile"],
        "the list back in its order"
    );
    let france = app.record.floor().expect("France back on the floor");
    assert_eq!(app.record.speaker_name(france.speaker), "France");
    assert_eq!(
        france.speaking_time(t(80)).num_seconds(),
        70,
        "60 s before being cut off, 10 s since"
    );
    assert_eq!(app.editor.lines(), ["France on victims"]);
    assert_eq!(app.focus, Focus::Notes);
    assert_eq!(
        app.record.interventions.len(),
        1,
        "Chile's empty turn is gone"
    );
}

#[test]
fn undoing_a_point_of_order_leaves_the_speaker_it_interrupted_on_the_floor() {
    let mut app = app_with(&["France", "Brazil"]);
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "France on victims", t(5));
    raise_point_of_order(&mut app, "Brazil", t(30));
    type_text(&mut app, "Brazil on procedure", t(35));
    app.update(Action::UndoFloor, t(40));
    let france = app.record.floor().expect("France keeps the floor");
    assert_eq!(app.record.speaker_name(france.speaker), "France");
    assert!(!france.given_by_mistake);
    assert!(!france.is_paused(), "their clock runs again");
    assert_eq!(france.speaking_time(t(50)).num_seconds(), 40);
    assert_eq!(france.note, "France on victims");
    assert_eq!(app.editor.lines(), ["France on victims"]);
    let point = &app.record.interventions[1];
    assert!(point.given_by_mistake, "the point of order is flagged");
    assert_eq!(point.note, "Brazil on procedure", "and its note kept");
    assert!(!point.has_floor());
}

#[test]
fn a_delegation_keeps_its_place_on_the_list_while_raising_a_point_of_order() {
    let mut app = app_with(&["France", "Brazil"]);
    inscribe(&mut app, "France");
    inscribe(&mut app, "Brazil");
    app.update(Action::GiveFloor, t(0));
    app.update(Action::PointOfOrder, t(10));
    for c in "Brazil".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t(10));
    }
    app.update(Action::Confirm, t(10));
    assert_eq!(
        waiting(&app),
        ["Brazil"],
        "the point of order did not take Brazil's place"
    );
    app.update(Action::EndIntervention, t(20));
    app.update(Action::GiveFloor, t(200));
    assert_eq!(floor_name(&app).as_deref(), Some("Brazil"));
}

#[test]
fn an_inscription_refused_by_a_closed_list_changes_nothing_not_even_the_roster() {
    let mut app = app_with(&["France"]);
    app.update(Action::FocusSpeakers, t(0));
    app.update(Action::CloseList, t(0));
    app.outbox.clear();
    let roster = app.record.participants.clone();
    // A Member State of the built-in roster, and a name found nowhere.
    inscribe(&mut app, "Mauritius");
    let message = app.message.clone().unwrap();
    assert!(
        message.warning && message.text.contains("closed"),
        "{message:?}"
    );
    inscribe(&mut app, "Terre des Hommes Lausanne");
    app.update(Action::Confirm, t(0));
    assert!(app.finder().is_none());
    assert_eq!(app.record.participants, roster);
    assert!(
        !app.outbox
            .iter()
            .any(|c| matches!(c, Change::Participant(..))),
        "{:?}",
        app.outbox
    );
    assert!(waiting(&app).is_empty());
}

#[test]
fn rights_of_reply_go_after_the_list_even_when_it_is_closed() {
    let mut app = app_with(&["France", "Brazil", "Chile"]);
    inscribe(&mut app, "France");
    app.update(Action::CloseList, t(0));
    assert!(app.record.list(app.agenda_item).unwrap().closed);
    inscribe(&mut app, "Brazil");
    assert_eq!(waiting(&app), ["France"], "a closed list refuses a speaker");
    app.update(Action::RightOfReply, t(0));
    for c in "Chile".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t(0));
    }
    app.update(Action::Confirm, t(0));
    assert_eq!(waiting(&app), ["France", "Chile"]);
    app.update(Action::GiveFloor, t(0));
    app.update(Action::GiveFloor, t(180));
    let reply = app.record.floor().unwrap();
    assert_eq!(reply.kind, InterventionKind::RightOfReply);
    assert_eq!(
        reply.time_limit_secs,
        Some(120),
        "a shorter limit for a reply"
    );
    app.update(Action::CloseList, t(0));
    assert!(!app.record.list(app.agenda_item).unwrap().closed);
}

#[test]
fn a_speaker_can_be_given_the_floor_out_of_order() {
    let mut app = app_with_list(&["France", "Brazil", "Chile"]);
    app.update(Action::FocusSpeakers, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::GiveFloorSelected, t(0));
    assert_eq!(floor_name(&app).as_deref(), Some("Chile"));
    assert_eq!(waiting(&app), ["France", "Brazil"]);
}

#[test]
fn moving_speakers_up_and_down_the_list() {
    let mut app = app_with_list(&["France", "Brazil", "Chile"]);
    app.update(Action::FocusSpeakers, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::MoveUp, t(0));
    app.update(Action::MoveUp, t(0));
    assert_eq!(waiting(&app), ["Chile", "France", "Brazil"]);
    assert_eq!(app.selected, 0, "the selection follows the speaker");
    app.update(Action::MoveDown, t(0));
    assert_eq!(waiting(&app), ["France", "Chile", "Brazil"]);
}

#[test]
fn undoing_a_floor_given_by_mistake_puts_the_speaker_back_in_their_place() {
    let mut app = app_with(&["France", "Brazil"]);
    inscribe(&mut app, "France");
    inscribe(&mut app, "Brazil");
    app.update(Action::GiveFloor, t(0));
    app.update(Action::UndoFloor, t(3));
    assert!(app.record.floor().is_none());
    assert!(
        app.record.interventions.is_empty(),
        "the empty intervention is discarded"
    );
    assert!(app
        .outbox
        .iter()
        .any(|c| matches!(c, Change::RemoveIntervention(..))));
    assert_eq!(waiting(&app), ["France", "Brazil"]);

    // One with a note is kept, ended and flagged.
    app.update(Action::GiveFloor, t(10));
    type_text(&mut app, "Thanked the Chair", t(12));
    app.update(Action::UndoFloor, t(15));
    assert_eq!(waiting(&app), ["France", "Brazil"]);
    let kept = &app.record.interventions[0];
    assert!(kept.given_by_mistake);
    assert_eq!(kept.note, "Thanked the Chair");
    assert_eq!(kept.ended_at, Some(t(15)));
    app.update(Action::UndoFloor, t(16));
    assert!(app.message.clone().unwrap().warning, "nothing more to undo");
}

#[test]
fn undo_restores_the_exact_inscription_of_a_delegation_listed_twice() {
    let mut app = app_with(&["France"]);
    app.update(Action::Inscribe, t(0));
    for c in "France".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t(0));
    }
    app.update(Action::Confirm, t(0));
    app.record
        .list_mut(app.agenda_item)
        .speakers
        .push(Inscription {
            on_behalf_of: Some("European Union".into()),
            ..Inscription::statement(ParticipantId(1))
        });
    app.update(Action::FocusSpeakers, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::GiveFloorSelected, t(1));
    assert_eq!(
        app.record.floor().unwrap().on_behalf_of.as_deref(),
        Some("European Union")
    );
    app.update(Action::UndoFloor, t(2));
    let list = app.record.list(app.agenda_item).unwrap();
    assert_eq!(list.speakers.len(), 2);
    assert_eq!(list.speakers[0].on_behalf_of, None);
    assert_eq!(
        list.speakers[1].on_behalf_of.as_deref(),
        Some("European Union"),
        "back in its own place"
    );
}

#[test]
fn the_last_speaker_can_be_inscribed_again() {
    let mut app = app_with(&["France"]);
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    app.update(Action::EndIntervention, t(100));
    assert!(waiting(&app).is_empty());
    app.update(Action::ReinscribeLast, t(101));
    assert_eq!(waiting(&app), ["France"]);
}

#[test]
fn editing_the_list_never_touches_the_running_timer() {
    let mut app = app_with_list(&["France", "Brazil", "Chile"]);
    app.update(Action::GiveFloor, t(0));
    let before = app.record.floor().unwrap().clone();
    app.update(Action::FocusSpeakers, t(1));
    for action in [
        Action::MoveDown,
        Action::RemoveSpeaker,
        Action::CloseList,
        Action::CloseList,
        Action::ReinscribeLast,
        Action::NextAgendaItem,
        Action::PreviousAgendaItem,
    ] {
        app.update(action, t(5));
    }
    inscribe(&mut app, "Brazil");
    assert_eq!(app.record.floor(), Some(&before));
}

#[test]
fn a_note_is_corrected_from_the_log_and_the_editor_returns_to_the_live_note() {
    let mut app = app_with(&["France", "Brazil"]);
    inscribe(&mut app, "France");
    inscribe(&mut app, "Brazil");
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "Frnace spoke", t(5));
    app.update(Action::GiveFloor, t(100));
    type_text(&mut app, "Brazil live", t(105));

    app.update(Action::ShowLog, t(110));
    assert_eq!(app.context(), Context::Log);
    assert_eq!(app.log_selection(), Some(1), "the latest is selected first");
    app.update(Action::SelectPrevious, t(110));
    app.update(Action::Confirm, t(110));
    assert_eq!(app.editor.lines(), ["Frnace spoke"]);
    assert_ne!(app.note_target, app.live_note());
    app.handle_key(KeyEvent::new(KeyCode::Home, KeyModifiers::NONE), t(111));
    for _ in 0..6 {
        app.handle_key(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE), t(111));
    }
    type_text(&mut app, "France", t(112));
    assert_eq!(app.record.interventions[0].note, "France spoke");
    assert_eq!(app.record.interventions[1].note, "Brazil live");

    app.update(Action::FocusSpeakers, t(113));
    assert_eq!(app.note_target, app.live_note());
    assert_eq!(app.editor.lines(), ["Brazil live"]);
}

#[test]
fn a_time_limit_is_set_for_one_speaker_before_and_during_their_intervention() {
    let mut app = app_with(&["France", "Brazil"]);
    inscribe(&mut app, "France");
    inscribe(&mut app, "Brazil");
    app.update(Action::FocusSpeakers, t(0));
    app.update(Action::SelectNext, t(0));
    app.update(Action::SetTimeLimit, t(0));
    assert_eq!(app.context(), Context::Prompt);
    type_text(&mut app, "two", t(0));
    app.update(Action::Confirm, t(0));
    assert!(
        app.prompt().unwrap().error.is_some(),
        "a bad answer is refused"
    );
    for _ in 0..3 {
        app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE), t(0));
    }
    type_text(&mut app, "2:00", t(0));
    app.update(Action::Confirm, t(0));
    assert!(app.prompt().is_none());
    assert_eq!(
        app.record.list(app.agenda_item).unwrap().speakers[1].time_limit_secs,
        Some(120)
    );

    // During France's intervention, the chair gives one more minute.
    app.update(Action::FocusSpeakers, t(0));
    app.selected = 0;
    app.update(Action::GiveFloor, t(10));
    app.update(Action::SetTimeLimit, t(20));
    type_text(&mut app, "4", t(20));
    app.update(Action::Confirm, t(20));
    assert_eq!(app.record.floor().unwrap().time_limit_secs, Some(240));
    app.update(Action::GiveFloor, t(250));
    assert_eq!(
        app.record.floor().unwrap().time_limit_secs,
        Some(120),
        "Brazil's own limit"
    );
}

#[test]
fn the_bell_rings_when_the_limit_nears_and_when_it_passes_if_the_chair_wants_it() {
    let mut app = app_with(&["France"]);
    app.record.session.time_limits.bell = true;
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    let mut rang = Vec::new();
    for s in 0..200 {
        app.tick(t(s));
        if std::mem::take(&mut app.bell) {
            rang.push(s);
        }
    }
    assert_eq!(rang, [150, 181], "at 30 s left, and once over");
}

#[test]
fn the_speakers_time_is_stamped_at_the_cursor() {
    let mut app = app_with(&["France"]);
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "Opened. ", t(5));
    app.update(Action::InsertTimestamp, t(134));
    type_text(&mut app, "Turned to data.", t(135));
    assert_eq!(
        app.record.floor().unwrap().note,
        "Opened. [02:14] Turned to data."
    );
}

#[test]
fn corrections_are_kept_as_versions_beside_the_live_record() {
    let mut app = app_with(&["France", "Brazil"]);
    inscribe(&mut app, "France");
    inscribe(&mut app, "Brazil");
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "Live", t(5));
    app.update(Action::GiveFloor, t(100));

    for (round, at) in [(1, 200), (2, 300)] {
        app.update(Action::ShowLog, t(at));
        app.update(Action::SelectPrevious, t(at));
        app.update(Action::Confirm, t(at));
        type_text(&mut app, &format!(" fix{round}"), t(at + 1));
        type_text(&mut app, "!", t(at + 2));
        app.update(Action::FocusSpeakers, t(at + 3));
    }
    let france = &app.record.interventions[0];
    assert_eq!(france.live_record.as_deref(), Some("Live"));
    let versions: Vec<&str> = france.corrections.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(versions, ["Live fix1!", "Live fix1! fix2!"]);
    assert_eq!(france.corrections[1].at, t(302));
    assert!(
        app.outbox
            .iter()
            .any(|c| matches!(c, Change::Intervention(_, iv) if iv.corrections.len() == 2)),
        "the versions go to the store"
    );

    // The history shows them, from the log.
    app.update(Action::ShowLog, t(400));
    app.update(Action::SelectPrevious, t(400));
    app.update(Action::NoteHistory, t(400));
    let history = app.history().cloned().unwrap();
    assert_eq!((history.versions, history.selected), (3, 2));
    assert_eq!(app.context(), Context::History);
    app.update(Action::SelectPrevious, t(400));
    assert_eq!(app.history().unwrap().selected, 1);
    app.update(Action::NoteHistory, t(400));
    assert!(app.history().is_none());
}

#[test]
fn a_search_finds_a_note_and_opens_it() {
    let mut app = app_with(&["France", "Brazil"]);
    inscribe(&mut app, "France");
    inscribe(&mut app, "Brazil");
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "Spoke of Organ removal", t(5));
    app.update(Action::GiveFloor, t(100));
    type_text(&mut app, "Spoke of children", t(105));

    app.update(Action::Search, t(110));
    assert_eq!(app.context(), Context::Search);
    type_text(&mut app, "organ", t(110));
    assert_eq!(app.search().unwrap().results.len(), 1);
    app.update(Action::Confirm, t(111));
    assert!(app.search().is_none());
    assert_eq!(app.editor.lines(), ["Spoke of Organ removal"]);
    assert_eq!(app.focus, Focus::Notes);
}

#[test]
fn text_in_any_script_survives_the_editor_the_store_and_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(crate::store::Store::open(&dir.path().join("s")).unwrap());
    let mut app = app_with(&["France"]);
    store.save_record(&app.record).unwrap();
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(0));
    let text = "Égalité, señor, ça — العربية الفصحى, 中文记录, русский текст, 🙂👍🏽, e\u{301} n\u{303}\nNew line";
    type_text(&mut app, text, t(1));
    assert_eq!(app.editor.lines().join("\n"), text);
    // Every change goes through the saver to the store, as in the app.
    let mut saver = crate::store::Saver::start(store.clone(), |_| {});
    for change in app.outbox.drain(..) {
        saver.save(change);
    }
    saver.finish().unwrap();
    let reopened = App::new(store.load(SessionId(1)).unwrap(), Keymap::default_keymap());
    assert_eq!(
        reopened.record.floor().unwrap().note.as_bytes(),
        text.as_bytes()
    );
    assert_eq!(reopened.editor.lines().join("\n"), text);
}

#[test]
fn the_next_sitting_opens_a_new_meeting_and_interventions_go_to_it() {
    let mut app = app_with(&["France"]);
    assert_eq!(app.record.meetings.len(), 1);
    app.update(Action::PreviousMeeting, t(0));
    assert!(app.message.clone().unwrap().warning);
    app.update(Action::NextMeeting, t(4 * 3600));
    assert_eq!(
        app.record.meetings.len(),
        1,
        "asked for, not opened at once"
    );
    app.update(Action::NextMeeting, t(4 * 3600));
    app.update(Action::Confirm, t(4 * 3600));
    assert_eq!(app.meeting, 2);
    assert_eq!(app.record.meetings.len(), 2);
    assert!(app
        .outbox
        .iter()
        .any(|c| matches!(c, Change::Meeting(_, m) if m.number == 2)));
    inscribe(&mut app, "France");
    app.update(Action::GiveFloor, t(4 * 3600 + 10));
    assert_eq!(app.record.floor().unwrap().meeting, 2);
    app.update(Action::PreviousMeeting, t(4 * 3600 + 20));
    assert_eq!(app.meeting, 1);
    assert_eq!(app.record.meetings.len(), 2, "going back creates nothing");
}

/// Answers the export question with `path` in place of the name proposed.
fn ask_export(app: &mut App, path: &std::path::Path) {
    app.update(Action::Export, t(0));
    assert_eq!(app.context(), Context::Prompt);
    app.prompt_mut().unwrap().input = path.display().to_string();
    app.update(Action::Confirm, t(0));
}

#[test]
fn the_export_question_names_every_format_a_file_can_end_with() {
    let mut app = app_with(&["France"]);
    app.update(Action::Export, t(0));
    let question = app.prompt().unwrap().question.clone();
    for format in crate::export::Format::ALL {
        assert!(
            question.contains(&format!(".{}", format.extension())),
            "{question}"
        );
    }
}

fn said(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn an_export_is_handed_to_the_loop_and_its_outcome_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(&["France"]);
    inscribe(&mut app, "France");
    let path = dir.path().join("summary.md");
    ask_export(&mut app, &path);
    // Asked, not written: the screen goes on while the loop writes it.
    assert!(app.prompt().is_none());
    assert_eq!(app.exports.len(), 1);
    assert!(!path.exists());
    assert!(
        said(&app).starts_with("Exporting the session to"),
        "{}",
        said(&app)
    );

    // A second one while the first is being written waits its turn.
    ask_export(&mut app, &dir.path().join("other.csv"));
    let refused = app.prompt().expect("asked again").error.clone();
    assert!(
        refused
            .as_deref()
            .unwrap_or_default()
            .contains("still being written"),
        "{refused:?}"
    );
    assert_eq!(app.exports.len(), 1);
    app.update(Action::Cancel, t(0));

    app.run_exports_here();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("# "), "{written}");
    assert_eq!(
        said(&app),
        format!("Exported the session to {}", path.display())
    );
}

#[test]
fn an_export_that_cannot_be_written_asks_again_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(&["France"]);
    let path = dir.path().join("no-such-folder").join("summary.docx");
    ask_export(&mut app, &path);
    app.run_exports_here();
    let prompt = app.prompt().expect("the question again");
    assert_eq!(
        prompt.input,
        path.display().to_string(),
        "the path to correct"
    );
    assert!(prompt.error.is_some());
    assert!(!path.exists());
    assert_eq!(said(&app), "", "no longer 'Exporting…'");

    // A name without a format is refused before anything is written.
    app.prompt_mut().unwrap().input = dir.path().join("summary").display().to_string();
    app.update(Action::Confirm, t(0));
    assert!(app.exports.is_empty());
    let error = app.prompt().unwrap().error.clone().unwrap();
    assert!(error.contains(".md"), "{error}");
}

/// France on the floor with a note begun, Germany and Brazil waiting.
fn france_speaking() -> App {
    let mut app = app_with(&["France", "Germany", "Brazil"]);
    for name in ["France", "Germany", "Brazil"] {
        inscribe(&mut app, name);
    }
    app.update(Action::GiveFloor, t(0));
    type_text(&mut app, "Opening. ", t(1));
    app
}

fn press(app: &mut App, code: KeyCode, at: DateTime<Utc>) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), at);
}

#[test]
fn esc_in_the_note_then_a_sentence_changes_nothing_and_loses_nothing() {
    let mut app = france_speaking();
    press(&mut app, KeyCode::Esc, t(5));
    assert_eq!(app.context(), Context::Notes, "Esc does not leave the note");
    type_text(&mut app, "delegates were quick to agree", t(6));
    app.tick(t(30));
    assert_eq!(
        app.record.floor().unwrap().note,
        "Opening. delegates were quick to agree"
    );
    assert_eq!(waiting(&app), ["Germany", "Brazil"]);
}

#[test]
fn a_word_typed_in_the_list_of_speakers_goes_to_the_note() {
    let mut app = france_speaking();
    app.update(Action::FocusNext, t(5));
    assert_eq!(app.context(), Context::Speakers);
    // Typed at a typist's pace: a fifth of a second between keys.
    for (i, c) in "delegates were quick to agree".chars().enumerate() {
        let at = t(6) + TimeDelta::milliseconds(200 * i as i64);
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), at);
        app.tick(at);
    }
    app.tick(t(30));
    assert_eq!(
        app.record.floor().unwrap().note,
        "Opening. delegates were quick to agree"
    );
    assert_eq!(waiting(&app), ["Germany", "Brazil"], "d removed no one");
    assert_eq!(app.focus, Focus::Notes);
    assert!(!app.should_quit);
}

#[test]
fn a_lone_letter_command_in_the_list_waits_a_moment_then_runs() {
    let mut app = france_speaking();
    app.update(Action::FocusNext, t(5));
    press(&mut app, KeyCode::Char('d'), t(10));
    app.tick(t(10) + slips::WORD_GAP - TimeDelta::milliseconds(1));
    assert_eq!(
        waiting(&app),
        ["Germany", "Brazil"],
        "not yet: a word may follow"
    );
    assert_eq!(app.held_command(), Some(&[Action::RemoveSpeaker][..]));
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "d: remove in a moment (letters typed on go to the note)"
    );
    app.tick(t(10) + slips::WORD_GAP);
    assert_eq!(
        waiting(&app),
        ["Brazil"],
        "no word followed: d took Germany off"
    );
    assert_eq!(app.record.floor().unwrap().note, "Opening. ");

    // Another key runs the held command first, then does its own thing.
    press(&mut app, KeyCode::Char('e'), t(20));
    press(&mut app, KeyCode::Enter, t(20));
    assert_eq!(
        app.record
            .floor()
            .map(|iv| app.record.speaker_name(iv.speaker)),
        Some("Brazil"),
        "e ended France's intervention, enter gave Brazil the floor"
    );
}

#[test]
fn moving_through_the_list_with_j_and_k_is_not_a_word() {
    let mut app = app_with(&["France", "Germany", "Brazil", "Kenya"]);
    for name in ["France", "Germany", "Brazil", "Kenya"] {
        inscribe(&mut app, name);
    }
    type_text(&mut app, "jjjk", t(1));
    assert_eq!(app.selected, 2);
    assert_eq!(app.focus, Focus::Speakers);
    assert_eq!(app.record.meetings[0].note, "");
}

#[test]
fn a_lone_q_in_the_list_does_not_quit() {
    let mut app = france_speaking();
    app.update(Action::FocusNext, t(5));
    press(&mut app, KeyCode::Char('q'), t(10));
    app.tick(t(20));
    assert!(!app.should_quit);
    assert_eq!(app.record.floor().unwrap().note, "Opening. q");
}

#[test]
fn esc_after_a_correction_goes_back_to_the_live_note_and_stays_in_it() {
    let mut app = france_speaking();
    app.update(Action::GiveFloor, t(100));
    app.update(Action::ShowLog, t(101));
    app.update(Action::SelectPrevious, t(101));
    app.update(Action::Confirm, t(101));
    assert!(matches!(app.note_target, NoteTarget::Intervention(id) if id.0 == 1));
    press(&mut app, KeyCode::Esc, t(102));
    assert_eq!(app.note_target, app.live_note());
    assert_eq!(app.context(), Context::Notes);
    type_text(&mut app, "Germany", t(103));
    assert_eq!(app.record.floor().unwrap().note, "Germany");
    assert_eq!(app.record.interventions[0].note, "Opening. ");
}

#[test]
fn quitting_with_a_speaker_on_the_floor_asks_first() {
    let mut app = france_speaking();
    app.update(Action::Quit, t(60));
    assert!(!app.should_quit, "the question comes first");
    assert_eq!(app.context(), Context::Quit);
    // A second ctrl-q, or a stray command, does not decide it.
    app.update(Action::Quit, t(60));
    app.update(Action::GiveFloor, t(60));
    assert!(!app.should_quit);
    assert_eq!(waiting(&app), ["Germany", "Brazil"]);
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("e ends the intervention"));
    // Esc stays.
    app.update(Action::Cancel, t(61));
    assert!(!app.should_quit);
    assert!(app.top().is_none());
}

#[test]
fn leaving_can_end_the_intervention_pause_the_clock_or_leave_it_running() {
    // End it now.
    let mut app = france_speaking();
    app.update(Action::Quit, t(60));
    press(&mut app, KeyCode::Char('e'), t(60));
    assert!(app.should_quit);
    assert!(app.record.floor().is_none());
    assert_eq!(app.record.interventions[0].ended_at, Some(t(60)));

    // Pause it.
    let mut app = france_speaking();
    app.update(Action::Quit, t(60));
    press(&mut app, KeyCode::Char('p'), t(60));
    assert!(app.should_quit);
    let floor = app.record.floor().expect("France keeps the floor");
    assert!(floor.is_paused());
    assert_eq!(floor.speaking_time(t(36_000)).num_seconds(), 60);

    // Leave it running.
    let mut app = france_speaking();
    app.update(Action::Quit, t(60));
    press(&mut app, KeyCode::Char('k'), t(60));
    assert!(app.should_quit);
    assert!(!app.record.floor().unwrap().is_paused());

    // With a point of order on top, ending ends both.
    let mut app = france_speaking();
    app.update(Action::PointOfOrder, t(30));
    type_text(&mut app, "Brazil", t(30));
    app.update(Action::Confirm, t(30));
    assert_eq!(
        app.record
            .interventions
            .iter()
            .filter(|i| i.has_floor())
            .count(),
        2
    );
    app.update(Action::Quit, t(60));
    app.update(Action::EndIntervention, t(60));
    assert!(app.should_quit);
    assert!(app.record.floor().is_none());

    // No one on the floor: no question.
    let mut app = app_with(&["France"]);
    app.update(Action::Quit, t(0));
    assert!(app.should_quit);
}

#[test]
fn what_opening_the_store_did_is_on_the_status_line_at_the_start() {
    let mut app = app_with(&["Austria"]);
    app.tell_on_start(&[]);
    assert_eq!(app.message, None);
    app.tell_on_start(&["the journal was moved into the store folder".to_string()]);
    let message = app.message.clone().expect("a message");
    assert!(message.warning);
    assert_eq!(message.text, "the journal was moved into the store folder");
}
