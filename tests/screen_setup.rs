//! The agenda and the roster as the app shows them, drawn on ratatui's TestBackend, and
//! what their keys do to the record: each change made whole, saved, and undone by the undo
//! key.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use rapporteur::action::Action;
use rapporteur::app::{App, FinderPurpose, Overlay};
use rapporteur::domain::*;
use rapporteur::keymap::Keymap;

fn t() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap()
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, t()))
        .unwrap();
    terminal.backend().to_string()
}

/// Three items; Kenya spoke twice under item 2, where "Keyna" (a typo) waits on the list.
fn session() -> App {
    let mut record = SessionRecord::starter(SessionId(1), t(), "Europe/Vienna");
    record.session.body = "Working Group on Trafficking in Persons".into();
    record.agenda.clear();
    for (n, title) in [
        ("1", "Opening"),
        ("2", "Child trafficking"),
        ("3", "Other matters"),
    ] {
        record.add_agenda_item(n, title).unwrap();
    }
    for (id, name) in [(1, "Kenya"), (2, "Keyna"), (3, "Brazil")] {
        record.participants.push(Participant {
            id: ParticipantId(id),
            name: name.into(),
            category: Category::MemberState,
            attendance: Attendance::InRoom,
            organisation: None,
        });
    }
    for id in 1..=2 {
        let mut iv = Intervention::new(
            InterventionId(id),
            1,
            AgendaItemId(2),
            ParticipantId(2),
            InterventionKind::Statement,
            t(),
        );
        iv.ended_at = Some(t());
        record.interventions.push(iv);
    }
    record
        .list_mut(AgendaItemId(2))
        .inscribe(Inscription::statement(ParticipantId(2)))
        .unwrap();
    App::new(record, Keymap::default_keymap())
}

/// Answers the question on top with `text`.
fn answer(app: &mut App, text: &str) {
    app.update(Action::ClearInput, t());
    app.handle_paste(text, t());
    app.update(Action::Confirm, t());
}

fn titles(app: &App) -> Vec<String> {
    app.record.agenda.iter().map(|a| a.heading()).collect()
}

#[test]
fn the_agenda_shows_its_items_in_order_with_what_was_said() {
    let mut app = session();
    app.update(Action::AgendaView, t());
    let screen = render(&app);
    assert!(
        screen.contains("2  Child trafficking  2 interventions, 1 waiting"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn an_item_is_added_moved_and_the_move_undone() {
    let mut app = session();
    app.update(Action::AgendaView, t());
    app.update(Action::AddEntry, t());
    assert_eq!(app.prompt().unwrap().input, "4: ");
    answer(&mut app, "4: Adoption of the report");
    assert_eq!(titles(&app)[3], "Item 4: Adoption of the report");
    // The item in view is the one the move passes: the view follows it, there and back.
    app.agenda_item = AgendaItemId(3);
    let in_view = |app: &App| {
        app.record
            .agenda_item(app.agenda_item)
            .unwrap()
            .title
            .clone()
    };
    app.update(Action::MoveUp, t());
    assert_eq!(titles(&app)[2], "Item 4: Adoption of the report");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Item 4 moved up (u undoes it)"
    );
    assert_eq!(in_view(&app), "Other matters");
    app.update(Action::UndoFloor, t());
    assert_eq!(titles(&app)[3], "Item 4: Adoption of the report");
    assert_eq!(in_view(&app), "Other matters");
    assert!(matches!(app.top(), Some(Overlay::Agenda(_))));
}

#[test]
fn an_item_with_interventions_is_refused_removal_and_merged_instead() {
    let mut app = session();
    // The agenda opens on the item in view: item 2, where the last intervention was made.
    app.update(Action::AgendaView, t());
    app.update(Action::RemoveEntry, t());
    let refused = app.message.as_ref().unwrap();
    assert!(refused.warning);
    assert!(refused
        .text
        .contains("Item 2 has 2 interventions and 1 speaker on its list"));
    assert_eq!(app.record.agenda.len(), 3);

    app.update(Action::MergeEntry, t());
    answer(&mut app, "9");
    let asked = app.prompt().expect("the question stays open");
    assert_eq!(
        asked.error.as_deref(),
        Some("No agenda item \"9\": the agenda has 1, 2, 3")
    );
    answer(&mut app, "3");
    assert_eq!(titles(&app), ["Item 1: Opening", "Item 3: Other matters"]);
    assert!(app
        .record
        .interventions
        .iter()
        .all(|iv| iv.agenda_item == AgendaItemId(3)));
    assert_eq!(app.record.list(AgendaItemId(3)).unwrap().len(), 1);
}

/// A rename proposes the name as it stands: typed over, it is replaced, not added to; a
/// key that moves first keeps it to put right where it is.
#[test]
fn a_rename_is_typed_over_the_name_proposed_or_put_right_in_place() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |app: &mut App, code| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), t());
    let mut app = session();
    app.update(Action::RosterView, t());
    app.update(Action::SelectNext, t());
    app.update(Action::RenameEntry, t());
    assert_eq!(app.prompt().unwrap().input, "Keyna");
    assert!(render(&app).contains("typing replaces it"));
    for c in "Kenia".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert_eq!(app.prompt().unwrap().input, "Kenia", "not KeynaKenia");
    app.update(Action::Cancel, t());

    app.update(Action::RenameEntry, t());
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.prompt().unwrap().input, "Kenna");
    assert!(!render(&app).contains("typing replaces it"));
}

#[test]
fn the_roster_renames_switches_and_merges() {
    let mut app = session();
    app.update(Action::RosterView, t());
    insta::assert_snapshot!(render(&app));
    app.update(Action::SelectNext, t());
    app.update(Action::RenameEntry, t());
    answer(&mut app, "kenya");
    assert_eq!(
        app.prompt().unwrap().error.as_deref(),
        Some("Kenya is already on the roster: if the two are the same, merge one into the other")
    );
    app.update(Action::Cancel, t());
    app.update(Action::SwitchAttendance, t());
    assert_eq!(app.record.participants[1].attendance, Attendance::Online);
    app.update(Action::ChangeCategory, t());
    answer(&mut app, "astronaut");
    assert!(app
        .prompt()
        .unwrap()
        .error
        .as_ref()
        .unwrap()
        .contains("is not a category"));
    answer(&mut app, "ngo");
    assert_eq!(app.record.participants[1].category, Category::Ngo);

    // The entry that stays is chosen in the finder: not the one that goes, nor a name off
    // the session's roster.
    app.update(Action::MergeEntry, t());
    assert_eq!(
        app.finder().map(|f| f.purpose),
        Some(FinderPurpose::MergeInto(ParticipantId(2)))
    );
    answer(&mut app, "Keyna");
    assert!(app.finder().is_some(), "the finder stays open");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Keyna cannot be merged into itself"),
        "{:?}",
        app.message
    );
    answer(&mut app, "Mexico");
    assert!(app.finder().is_some(), "the finder stays open");
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Choose the entry that stays among those on the session's roster"));
    answer(&mut app, "keny");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Keyna merged into Kenya: 2 interventions moved (u undoes it)"
    );
    assert!(app.record.find_participant("Keyna").is_none());
    assert!(app
        .record
        .interventions
        .iter()
        .all(|iv| iv.speaker == ParticipantId(1)));
    app.update(Action::UndoFloor, t());
    assert!(app.record.find_participant("Keyna").is_some());
    assert!(app
        .record
        .interventions
        .iter()
        .all(|iv| iv.speaker == ParticipantId(2)));
}

/// A merge found wrong once other changes were made (the undo key no longer reaches it) is
/// taken back from the entry it went into; that too the undo key takes back.
#[test]
fn a_merge_is_taken_back_from_the_entry_it_went_into() {
    let mut app = session();
    app.update(Action::RosterView, t());
    app.update(Action::SelectNext, t());
    app.update(Action::MergeEntry, t());
    answer(&mut app, "Kenya");
    assert!(app.record.find_participant("Keyna").is_none());
    // Something else since: Brazil attends online.
    app.update(Action::SelectNext, t());
    app.update(Action::SwitchAttendance, t());
    app.update(Action::SelectPrevious, t());
    app.update(Action::UnmergeEntry, t());
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Keyna is on the roster again, no longer merged into Kenya: 2 interventions moved \
         back (inscriptions and budgets stay) (u undoes it)"
    );
    assert!(app
        .record
        .interventions
        .iter()
        .all(|iv| app.record.speaker_name(iv.speaker) == "Keyna"));
    assert!(render(&app).contains("M unmerge"));
    app.update(Action::UnmergeEntry, t());
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("No entry was merged into Kenya"));
    app.update(Action::UndoFloor, t());
    assert!(
        app.record.find_participant("Keyna").is_none(),
        "merged again"
    );
    let brazil = app.record.find_participant("Brazil").unwrap();
    assert_eq!(
        brazil.attendance,
        Attendance::Online,
        "the change since stays"
    );
}

#[test]
fn the_finder_opens_the_roster_on_the_highlighted_participant() {
    let mut app = session();
    app.update(Action::Inscribe, t());
    app.handle_paste("Brazil", t());
    app.update(Action::EditParticipant, t());
    match app.top() {
        Some(Overlay::Roster(view)) => assert_eq!(view.selected, 2),
        other => panic!("the roster is not on top: {other:?}"),
    }
    assert!(app.finder().is_none());
}
