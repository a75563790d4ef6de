//! The screen, drawn on ratatui's TestBackend from a known state and compared with the
//! reviewed snapshots in tests/snapshots.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::*;
use rapporteur::keymap::Keymap;

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

/// A meeting under way: France has the floor, three speakers and a right of reply wait.
fn meeting_under_way() -> App {
    let mut record = SessionRecord::starter(SessionId(1), t(0), "Europe/Vienna");
    record.session.body = "Working Group on Trafficking in Persons".into();
    record.session.number = "Thirteenth session".into();
    record.agenda[0].title = "Child trafficking".into();
    for (i, (name, category)) in [
        ("France", Category::MemberState),
        ("Brazil", Category::MemberState),
        ("Hungary", Category::MemberState),
        ("Survivors' Voices Network", Category::Ngo),
        ("Russian Federation", Category::MemberState),
    ]
    .into_iter()
    .enumerate()
    {
        record.participants.push(Participant {
            id: ParticipantId(i as u32 + 1),
            name: name.into(),
            category,
            attendance: Attendance::InRoom,
            organisation: None,
        });
    }
    let list = record.list_mut(AgendaItemId(1));
    list.inscribe(Inscription::statement(ParticipantId(1)))
        .unwrap();
    list.inscribe(Inscription::statement(ParticipantId(2)))
        .unwrap();
    list.inscribe(Inscription {
        on_behalf_of: Some("European Union".into()),
        ..Inscription::statement(ParticipantId(3))
    })
    .unwrap();
    list.inscribe(Inscription::statement(ParticipantId(4)))
        .unwrap();
    list.inscribe(Inscription {
        kind: InterventionKind::RightOfReply,
        ..Inscription::statement(ParticipantId(5))
    })
    .unwrap();
    let mut app = App::new(record, Keymap::default_keymap());
    app.update(Action::GiveFloor, t(0));
    app.handle_paste(
        "Welcomed the report of the Secretariat. #child-trafficking\nR: more data on online recruitment",
        t(0),
    );
    app.save.durable = app.save.sent;
    app
}

fn render(app: &App, width: u16, height: u16, now: DateTime<Utc>) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, now))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn three_panes_and_a_status_line() {
    let app = meeting_under_way();
    insta::assert_snapshot!(render(&app, 100, 24, t(134)));
}

#[test]
fn over_time_is_unmistakable() {
    let app = meeting_under_way();
    let screen = render(&app, 100, 24, t(200));
    assert!(screen.contains("OVER TIME by 00:20"), "{screen}");
}

#[test]
fn a_tiny_terminal_is_told_it_is_too_small() {
    let app = meeting_under_way();
    insta::assert_snapshot!(render(&app, 30, 6, t(10)));
}

#[test]
fn no_size_makes_it_panic() {
    let app = meeting_under_way();
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 3),
        (39, 9),
        (40, 10),
        (41, 11),
        (80, 5),
        (400, 120),
    ] {
        render(&app, w, h, t(10));
    }
}

#[test]
fn the_finder_and_the_help_draw_over_the_panes() {
    let mut app = meeting_under_way();
    app.update(Action::Inscribe, t(10));
    let screen = render(&app, 100, 30, t(10));
    assert!(
        screen.contains("Inscribe on the list of speakers · item 1"),
        "{screen}"
    );
    app.update(Action::Cancel, t(10));
    app.update(Action::ToggleHelp, t(10));
    let screen = render(&app, 100, 40, t(10));
    assert!(
        screen.contains("Keys (from the keymap in force)"),
        "{screen}"
    );
    assert!(screen.contains("Give the floor to the next"), "{screen}");
}

/// The finder opened for a name to put in the note: titled so, with no group to choose, and
/// a name found nowhere offered as typed.
#[test]
fn the_finder_of_a_name_for_the_note() {
    let mut app = meeting_under_way();
    app.update(Action::InsertName, t(10));
    for c in "rus".chars() {
        app.handle_key(
            ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(c)),
            t(10),
        );
    }
    insta::assert_snapshot!(render(&app, 100, 30, t(10)));
}

#[test]
fn help_and_hints_follow_the_users_keymap() {
    let mut keymap = Keymap::default_keymap();
    keymap
        .merge_str(
            "[global]\n\"ctrl-g\" = \"give_floor\"\n\"ctrl-n\" = \"noop\"\n\"f5\" = \"noop\"\n",
            "keymap.toml",
        )
        .unwrap();
    let mut app = App::new(meeting_under_way().record, keymap);
    // Reopened with France on the floor, the status line first says that her clock ran on,
    // with the user's own keys.
    let message = app
        .message
        .take()
        .expect("the running clock is pointed out");
    assert_eq!(
        message.text,
        "France has had the floor since 2 Jul 10:00, and the clock ran on while the app was \
         closed: ctrl-t pauses it, ctrl-e ends the intervention"
    );
    let screen = render(&app, 100, 24, t(10));
    assert!(screen.contains("ctrl-g give floor"), "{screen}");
    assert!(!screen.contains("ctrl-n"), "{screen}");
    app.update(Action::ToggleHelp, t(10));
    insta::assert_snapshot!(render(&app, 90, 40, t(10)));
    for _ in 0..100 {
        app.update(Action::SelectNext, t(10));
    }
    let scrolled = render(&app, 90, 40, t(10));
    assert!(
        scrolled.contains("While answering a question"),
        "{scrolled}"
    );
    assert!(
        scrolled.contains("Close what is on top; in a note, back to the live note"),
        "{scrolled}"
    );
}

#[test]
fn the_list_of_speakers_with_a_selection_a_closed_list_and_replies() {
    let mut app = meeting_under_way();
    app.update(Action::CloseList, t(20));
    app.update(Action::FocusSpeakers, t(20));
    app.update(Action::SelectNext, t(20));
    app.update(Action::SelectNext, t(20));
    app.update(Action::SelectNext, t(20));
    insta::assert_snapshot!(render(&app, 80, 16, t(20)));
}

#[test]
fn the_log_of_the_meeting() {
    let mut app = meeting_under_way();
    app.update(Action::GiveFloor, t(200));
    app.update(Action::ShowLog, t(260));
    insta::assert_snapshot!(render(&app, 80, 12, t(260)));
}

#[test]
fn the_log_marks_an_intervention_another_rapporteur_logged_otherwise() {
    let mut app = meeting_under_way();
    app.update(Action::GiveFloor, t(200));
    let first = app.record.interventions[0].clone();
    let mut other = first.clone();
    other.set_note("Opposed the draft.".into());
    app.record.session.conflicts.push(Conflict {
        id: ConflictId(3),
        from: "afternoon.json".into(),
        disputed: conflict::Disputed::Intervention {
            id: first.id,
            other: Box::new(other),
        },
    });
    app.update(Action::ShowLog, t(260));
    let screen = render(&app, 80, 12, t(260));
    let france = screen
        .lines()
        .find(|l| l.contains("France"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(france.contains("\u{26a0} conflict 3"), "{screen}");
    let brazil = screen.lines().find(|l| l.contains("10:03 Brazil")).unwrap();
    assert!(!brazil.contains("conflict"), "{screen}");
}

#[test]
fn the_correction_form_holds_the_facts_as_recorded() {
    let mut app = meeting_under_way();
    app.update(Action::GiveFloor, t(200));
    app.update(Action::ShowLog, t(260));
    app.update(Action::SelectPrevious, t(260));
    app.update(Action::CorrectIntervention, t(261));
    insta::assert_snapshot!(render(&app, 100, 30, t(261)));
}

#[test]
fn a_point_of_order_shows_whose_clock_it_stopped() {
    let mut app = meeting_under_way();
    app.update(Action::PointOfOrder, t(60));
    for c in "Russian".chars() {
        app.handle_key(
            ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char(c),
                ratatui::crossterm::event::KeyModifiers::NONE,
            ),
            t(60),
        );
    }
    app.update(Action::Confirm, t(60));
    let screen = render(&app, 100, 24, t(75));
    assert!(
        screen.contains("Russian Federation · point of order"),
        "{screen}"
    );
    assert!(
        screen.contains("Interrupting France: paused at 01:00, 02:00 left"),
        "{screen}"
    );
}

#[test]
fn a_budget_shows_beside_the_speakers_who_draw_on_it() {
    let mut app = meeting_under_way();
    app.record.session.budgets.push(TimeBudget {
        agenda_item: AgendaItemId(1),
        holder: BudgetHolder::Category(Category::Ngo),
        secs: 600,
    });
    app.record.session.budgets.push(TimeBudget {
        agenda_item: AgendaItemId(1),
        holder: BudgetHolder::Category(Category::MemberState),
        secs: 60,
    });
    let screen = render(&app, 120, 24, t(100));
    assert!(screen.contains("NGO 03:00 (10:00)"), "{screen}");
    // France, a Member State, has spoken 100 s of the 60 s the Member States have.
    assert!(screen.contains("MS 03:00 −00:40"), "{screen}");
}

#[test]
fn a_budget_that_runs_out_first_drives_the_clock_in_the_timer_and_the_chairs_view() {
    let mut app = meeting_under_way();
    // France has a limit of 03:00, but only a minute of its budget on this item.
    app.record.session.budgets.push(TimeBudget {
        agenda_item: AgendaItemId(1),
        holder: BudgetHolder::Delegation(ParticipantId(1)),
        secs: 60,
    });
    let near = render(&app, 120, 24, t(40));
    assert!(
        near.contains("00:20 left of the budget of France"),
        "{near}"
    );
    let screen = render(&app, 120, 24, t(100));
    assert!(
        screen.contains("OVER the budget of France by 00:40"),
        "{screen}"
    );
    assert!(
        !screen.contains("01:20 left"),
        "no time left on the clock beside an overspent budget:\n{screen}"
    );
    insta::assert_snapshot!(screen);

    app.update(Action::ChairView, t(100));
    let chair = render(&app, 80, 28, t(100));
    assert!(chair.contains("OVER THE BUDGET"), "{chair}");
    assert!(chair.contains("budget of France first"), "{chair}");
    assert!(!chair.contains("01:20"), "{chair}");
}

/// The room reads the group as the drafts write it: "on behalf of the European Union".
#[test]
fn the_group_a_speaker_speaks_for_reads_as_the_room_hears_it() {
    let mut app = meeting_under_way();
    app.update(Action::EndIntervention, t(60));
    app.update(Action::GiveFloor, t(61));
    app.update(Action::GiveFloor, t(70));
    let timer = render(&app, 120, 24, t(75));
    assert!(
        timer.contains("Hungary on behalf of the European Union"),
        "{timer}"
    );
    app.update(Action::ChairView, t(75));
    let chair = render(&app, 80, 28, t(75));
    assert!(
        chair.contains("Hungary on behalf of the European Union"),
        "{chair}"
    );
}

#[test]
fn the_help_lists_the_keys_of_every_context() {
    let mut app = meeting_under_way();
    app.update(Action::ToggleHelp, t(10));
    // Tall enough for the whole list: every context, each under its heading.
    let whole = render(&app, 100, 142, t(10));
    for heading in [
        "Everywhere",
        "In the list of speakers",
        "In the note editor",
        "In the finder",
        "In the help",
        "In the log of the meeting",
        "In the chair's view",
        "In the statistics",
        "While searching the notes",
        "In the history of a note",
        "While answering a question",
        "When asked, on leaving, what becomes of the speaker's clock",
        "In the agenda",
        "In the roster",
    ] {
        assert!(whole.contains(heading), "{heading} missing:\n{whole}");
    }
    insta::assert_snapshot!(whole);

    // On a usual terminal it scrolls, to the last line and no further.
    for _ in 0..500 {
        app.update(Action::SelectNext, t(10));
    }
    let bottom = render(&app, 100, 30, t(10));
    assert!(bottom.contains("In the roster"), "{bottom}");
    assert!(
        bottom.contains("o               Switch the selected participant between"),
        "{bottom}"
    );
}
