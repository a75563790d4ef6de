//! The set-up forms drawn on ratatui's TestBackend: the session form a first run opens on,
//! the next sitting in its usual slot, a field's message under it.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::{SessionId, SessionRecord};
use rapporteur::keymap::Keymap;

/// 2 July 2024, 10:00 in Vienna.
fn t() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap()
}

fn first_run() -> App {
    let record = SessionRecord::starter(SessionId(1), t(), "Europe/Vienna");
    let mut app = App::new(record, Keymap::default_keymap());
    app.open_session_form(true);
    app
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, t()))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn a_first_run_opens_on_the_session_form_with_todays_defaults() {
    let app = first_run();
    let screen = render(&app);
    assert!(screen.contains("A new store: name the session"), "{screen}");
    assert!(screen.contains("2024-07-02"), "{screen}");
    assert!(screen.contains("Europe/Vienna"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_time_zone_slip_is_answered_under_its_field() {
    let mut app = first_run();
    for _ in 0..5 {
        app.update(Action::NextField, t());
    }
    app.update(Action::ClearInput, t());
    app.handle_paste("Europe/Viena", t());
    app.update(Action::NextField, t());
    let screen = render(&app);
    assert!(screen.contains("did you mean Europe/Vienna?"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_next_sitting_proposes_the_afternoon() {
    let record = SessionRecord::starter(SessionId(1), t(), "Europe/Vienna");
    let mut app = App::new(record, Keymap::default_keymap());
    app.update(Action::NextMeeting, t());
    let screen = render(&app);
    assert!(screen.contains("15:00"), "{screen}");
    insta::assert_snapshot!(screen);
}
