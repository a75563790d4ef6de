//! Nothing typed goes to the wrong place: over random stacks of overlays (the finder, the
//! questions, the search, the history, the log, the help, the chair's view, the statistics)
//! a paste reaches only what is on top. An overlay with a line of text takes it there; one
//! without says so and puts it nowhere, least of all into the note under it. Keys typed into
//! an overlay never reach the note either.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use rapporteur::action::Action;
use rapporteur::app::{App, Overlay};
use rapporteur::domain::*;
use rapporteur::keymap::{Context, Keymap};

mod common;

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

/// Egypt spoke and has finished; China has the floor, with a note; two more wait.
fn meeting_under_way() -> App {
    let mut record = common::typing::four_delegations();
    let list = record.list_mut(AgendaItemId(1));
    for id in 1..=4 {
        list.inscribe(Inscription::statement(ParticipantId(id)))
            .unwrap();
    }
    let mut app = App::new(record, Keymap::default_keymap());
    app.update(Action::GiveFloor, t(0));
    app.handle_paste("Egypt welcomed the report.", t(1));
    app.update(Action::GiveFloor, t(60));
    app.handle_paste("China asked for data.", t(61));
    app.outbox.clear();
    app
}

/// Every note of the session, the meetings' own included: what a stray key or paste must
/// not touch.
fn notes(app: &App) -> Vec<String> {
    app.record
        .interventions
        .iter()
        .map(|iv| iv.note.clone())
        .chain(app.record.meetings.iter().map(|m| m.note.clone()))
        .collect()
}

/// The actions that open an overlay.
const OPENERS: [Action; 10] = [
    Action::Inscribe,
    Action::PointOfOrder,
    Action::SetTimeLimit,
    Action::Export,
    Action::Search,
    Action::NoteHistory,
    Action::ShowLog,
    Action::ToggleHelp,
    Action::ChairView,
    Action::Statistics,
];

/// The line of text of the overlay on top, if it has one.
fn line_on_top(app: &App) -> Option<String> {
    match app.top()? {
        Overlay::Finder(f) => Some(f.query.clone()),
        Overlay::Prompt(p) => Some(p.input.clone()),
        Overlay::Search(s) => Some(s.query.clone()),
        _ => None,
    }
}

fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 200;
    }
    config.failure_persistence = None;
    config
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_paste_reaches_only_what_is_on_top(
        openers in prop::collection::vec(prop::sample::select(OPENERS.to_vec()), 1..5),
        pasted in "[a-zA-Z ,.]{1,20}(\r?\n[a-z ]{0,10})?",
    ) {
        let mut app = meeting_under_way();
        // The history of a note opens from the log, on Egypt's ended intervention.
        for action in openers {
            if action == Action::NoteHistory && app.log_selection().is_some() {
                app.update(Action::SelectPrevious, t(70));
            }
            app.update(action, t(70));
        }
        let before = notes(&app);
        let context = app.context();
        let line = line_on_top(&app);
        let depth = app.overlays.len();
        app.handle_paste(&pasted, t(71));
        match app.top() {
            None => {
                prop_assert!(matches!(context, Context::Notes | Context::Speakers));
                let first = pasted.replace("\r\n", "\n");
                prop_assert!(
                    app.editor.lines().join("\n").ends_with(&first),
                    "the note in the editor takes the paste"
                );
            }
            Some(top) => {
                prop_assert_eq!(notes(&app), before, "a paste went under {:?}", context);
                prop_assert_eq!(app.overlays.len(), depth, "the stack is as it was");
                prop_assert_eq!(top.context(), context);
                match line {
                    Some(line) => {
                        let first = pasted.lines().next().unwrap_or("");
                        prop_assert_eq!(
                            line_on_top(&app).unwrap(),
                            format!("{line}{first}"),
                            "{:?} takes the first line", context
                        );
                    }
                    None => {
                        let message = app.message.clone().expect("a word on the status line");
                        prop_assert!(message.warning);
                        prop_assert!(message.text.contains("takes no text"), "{}", message.text);
                    }
                }
            }
        }
    }

    #[test]
    fn keys_typed_into_an_overlay_never_reach_the_note(
        openers in prop::collection::vec(prop::sample::select(OPENERS.to_vec()), 1..5),
        typed in "[a-zA-Z ,.?/\\[\\]]{1,24}",
    ) {
        let mut app = meeting_under_way();
        for action in openers {
            app.update(action, t(70));
        }
        for c in typed.chars() {
            let Some(top) = app.top() else {
                // Everything is closed: the keys are the panes' now.
                break;
            };
            let context = top.context();
            // A name proposed whole is typed over; any other line is typed on.
            let line = match app.top() {
                Some(Overlay::Prompt(p)) if p.typing_replaces() => Some(String::new()),
                _ => line_on_top(&app),
            };
            let before = notes(&app);
            app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t(71));
            prop_assert_eq!(notes(&app), before, "{:?} typed under {:?}", c, context);
            if let Some(line) = line {
                if app.top().is_some_and(|o| o.context() == context) {
                    prop_assert_eq!(line_on_top(&app).unwrap(), format!("{line}{c}"));
                }
            }
        }
    }
}

#[test]
fn a_paste_into_the_chairs_view_goes_nowhere_and_says_so() {
    let mut app = meeting_under_way();
    let before = notes(&app);
    app.update(Action::ChairView, t(70));
    app.handle_paste("stray text", t(71));
    assert_eq!(notes(&app), before);
    assert_eq!(app.context(), Context::Chair);
    let message = app.message.clone().unwrap().text;
    assert_eq!(
        message,
        "The paste was not put anywhere: the chair's view takes no text (esc closes it)"
    );
}

#[test]
fn a_paste_while_the_finder_asks_for_a_category_goes_nowhere_and_says_so() {
    let mut app = meeting_under_way();
    app.update(Action::Inscribe, t(70));
    app.handle_paste("Freedom Collaborative Network", t(70));
    while !app.finder().unwrap().new_name_selected() {
        app.update(Action::SelectNext, t(70));
    }
    app.update(Action::Confirm, t(70));
    assert!(app.finder().unwrap().category_step().is_some());
    app.handle_paste("NGO", t(71));
    let finder = app.finder().unwrap();
    assert_eq!(finder.query, "Freedom Collaborative Network");
    assert!(finder.category_step().is_some(), "still choosing");
    let message = app.message.clone().unwrap().text;
    assert!(
        message
            .starts_with("The paste was not put anywhere: the choice of a category takes no text"),
        "{message}"
    );
}
