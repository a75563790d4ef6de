//! The abbreviations in force as the app shows them, drawn on ratatui's TestBackend: the
//! user's file and the session's own, the session's replacing the user's for a short form.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use rapporteur::abbreviations::parse_file;
use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::*;
use rapporteur::keymap::Keymap;

fn t() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap()
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 20)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, t()))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_view_marks_where_each_abbreviation_comes_from() {
    let mut record = SessionRecord::starter(SessionId(1), t(), "Europe/Vienna");
    record.session.body = "Working Group on Trafficking in Persons".into();
    for (short, expansion) in [
        ("sr", "Special Representative"),
        ("wgtip", "Working Group on Trafficking in Persons"),
    ] {
        record
            .session
            .abbreviations
            .insert(short.into(), expansion.into());
    }
    let mut app = App::new(record, Keymap::default_keymap());
    app.use_abbreviations(parse_file(
        "[abbreviations]\nms = \"Member States\"\nsr = \"Special Rapporteur\"\ntip = \"trafficking in persons\"\n",
        "mine.toml",
    ));
    app.update(Action::AbbreviationsView, t());
    app.update(Action::SelectNext, t());
    insta::assert_snapshot!(render(&app));
}
