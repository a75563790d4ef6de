//! The finder driven through the app, as the rapporteur uses it: a few letters, perhaps a
//! group, Enter; and drawn at every size.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::*;
use rapporteur::keymap::Keymap;

fn t() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap()
}

fn app_with(names: &[(&str, Category)], keymap: Keymap) -> App {
    let mut record = SessionRecord::starter(SessionId(1), t(), "Europe/Vienna");
    for (i, (name, category)) in names.iter().enumerate() {
        record.participants.push(Participant {
            id: ParticipantId(i as u32 + 1),
            name: name.to_string(),
            category: *category,
            attendance: Default::default(),
            organisation: None,
        });
    }
    App::new(record, keymap)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t());
    }
}

fn waiting(app: &App) -> Vec<(String, Option<String>)> {
    app.record
        .list(app.agenda_item)
        .map(|l| {
            l.in_order()
                .map(|i| {
                    (
                        app.record.speaker_name(i.speaker).to_string(),
                        i.on_behalf_of.clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, t()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_short_form_and_enter_inscribe_the_delegation() {
    let mut app = app_with(&[], Keymap::default_keymap());
    for typed in ["UK", "turkiye", "DRC"] {
        app.update(Action::Inscribe, t());
        type_text(&mut app, typed);
        app.update(Action::Confirm, t());
        assert!(
            app.finder().is_none(),
            "{typed}: the finder closes once inscribed"
        );
    }
    let names: Vec<String> = waiting(&app).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "United Kingdom of Great Britain and Northern Ireland",
            "Türkiye",
            "Democratic Republic of the Congo"
        ]
    );
    assert_eq!(app.record.participants[0].category, Category::MemberState);
}

#[test]
fn a_new_name_is_inscribed_once_its_category_is_chosen() {
    let mut app = app_with(&[], Keymap::default_keymap());
    app.update(Action::Inscribe, t());
    type_text(&mut app, "Freedom Collaborative Network");
    while !app.finder().unwrap().new_name_selected() {
        app.update(Action::SelectNext, t());
    }
    app.update(Action::Confirm, t());
    let finder = app.finder().expect("still open, for the category");
    let (name, _, suggested) = finder.category_step().expect("the category step");
    assert_eq!(name, "Freedom Collaborative Network");
    assert_eq!(suggested, Category::Ngo);
    assert!(screen(&app, 100, 30).contains("enter add as NGO"));
    app.update(Action::Confirm, t());
    assert!(app.finder().is_none());
    let added = app
        .record
        .find_participant("Freedom Collaborative Network")
        .expect("added to the session's roster");
    assert_eq!(added.category, Category::Ngo);
    assert_eq!(waiting(&app)[0].0, "Freedom Collaborative Network");
}

#[test]
fn tab_names_the_group_the_speaker_speaks_for() {
    let mut app = app_with(
        &[("Egypt", Category::MemberState)],
        Keymap::default_keymap(),
    );
    app.update(Action::Inscribe, t());
    type_text(&mut app, "egy");
    app.update(Action::NextField, t());
    type_text(&mut app, "afr");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("egy  → Egypt"), "{shown}");
    assert!(shown.contains("Group of African States"), "{shown}");
    app.update(Action::Confirm, t());
    assert_eq!(
        waiting(&app),
        [(
            "Egypt".to_string(),
            Some("Group of African States".to_string())
        )]
    );
}

#[test]
fn the_hint_shows_the_users_own_keys() {
    let mut keymap = Keymap::default_keymap();
    keymap
        .merge_str("[finder]\n\"ctrl-j\" = \"confirm\"\n", "keymap.toml")
        .unwrap();
    let mut app = app_with(&[("France", Category::MemberState)], keymap);
    app.update(Action::Inscribe, t());
    type_text(&mut app, "fra");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("ctrl-j inscribe"), "{shown}");
    assert!(shown.contains("tab on behalf of"), "{shown}");
    assert!(shown.contains("esc cancel"), "{shown}");
    assert!(
        shown.contains("Inscribe on the list of speakers · item 1"),
        "{shown}"
    );
}

fn draw_at_every_size(app: &App) {
    for width in (1..=130).step_by(3) {
        for height in 1..=45 {
            screen(app, width, height);
        }
    }
}

#[test]
fn the_finder_draws_at_every_size_without_panicking() {
    let mut app = app_with(
        &[("Mali Women's Network", Category::Ngo)],
        Keymap::default_keymap(),
    );
    app.update(Action::Inscribe, t());
    draw_at_every_size(&app);
    type_text(
        &mut app,
        "the Republic of a very long name indeed, longer than any box",
    );
    draw_at_every_size(&app);
    app.handle_key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        t(),
    );
    type_text(&mut app, "mal");
    draw_at_every_size(&app);
    app.update(Action::NextField, t());
    type_text(&mut app, "group of");
    app.update(Action::SelectNext, t());
    draw_at_every_size(&app);
    app.update(Action::NextField, t());
    type_text(&mut app, "x University");
    for _ in 0..12 {
        app.update(Action::SelectNext, t());
    }
    app.update(Action::Confirm, t());
    for _ in 0..12 {
        app.update(Action::SelectNext, t());
    }
    let (name, _, suggested) = app.finder().unwrap().category_step().unwrap();
    assert_eq!((name, suggested), ("malx University", Category::Academia));
    draw_at_every_size(&app);
}

#[test]
fn a_new_name_and_enter_never_inscribe_a_roster_entry_that_only_looks_like_it() {
    let mut app = app_with(&[], Keymap::default_keymap());
    for typed in ["Terre des Hommes", "ECPAT International"] {
        app.update(Action::Inscribe, t());
        type_text(&mut app, typed);
        let shown = screen(&app, 100, 30);
        let offer = shown
            .find(&format!("+ add “{typed}” as a new participant"))
            .unwrap_or_else(|| panic!("{shown}"));
        let finder = app.finder().unwrap();
        assert!(
            finder.new_name_selected(),
            "{typed}: the offer is highlighted"
        );
        let weak = &finder.matches[0].0;
        let weak_at = shown
            .find(weak.chars().take(30).collect::<String>().as_str())
            .unwrap_or_else(|| panic!("{weak} below the offer:\n{shown}"));
        assert!(offer < weak_at, "the offer comes first:\n{shown}");
        app.update(Action::Confirm, t());
        let finder = app.finder().expect("on to the category, nothing inscribed");
        assert_eq!(finder.category_step().unwrap().0, typed);
        app.update(Action::Confirm, t());
    }
    let names: Vec<String> = waiting(&app).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Terre des Hommes", "ECPAT International"]);
}

#[test]
fn the_sessions_chair_is_inscribed_as_chair() {
    let mut app = app_with(&[], Keymap::default_keymap());
    app.record.session.chairs = vec!["Ambassador Ana Ruiz".into()];
    app.update(Action::Inscribe, t());
    type_text(&mut app, "ruiz");
    assert!(screen(&app, 100, 30).contains("Ambassador Ana Ruiz"));
    app.update(Action::Confirm, t());
    assert!(app.finder().is_none());
    let chair = app
        .record
        .find_participant("Ambassador Ana Ruiz")
        .expect("on the session's roster");
    assert_eq!(chair.category, Category::Chair);
    assert_eq!(waiting(&app)[0].0, "Ambassador Ana Ruiz");
}
