//! Driving `App` headless by random steps, for the property tests that throw sequences of
//! every action and keystroke at it (`fuzz_app`, `model_store`).

use std::sync::OnceLock;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::test_runner::Config as ProptestConfig;
use rapporteur::action::Action;
use rapporteur::app::App;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

/// `PROPTEST_CASES` cases when set, else `default_cases`; failures are reported with their
/// minimal input, with no regression files in the tree.
pub fn config(default_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config.failure_persistence = None;
    config
}

/// `export` writes where the app runs: these tests run in a directory of their own.
pub fn in_scratch_directory() {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    std::env::set_current_dir(dir.path()).unwrap();
}

/// The fake clock's start.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap()
}

#[derive(Debug, Clone)]
pub enum Step {
    Act(Action),
    Type(String),
    Paste(String),
    Backspace,
    Enter,
    /// Opens the finder with the action, types the letters, confirms.
    Find(Action, String),
    /// The fake clock moves on by this many seconds.
    Advance(i64),
    /// A frame drawn on a terminal of this width and height.
    Draw(u16, u16),
}

/// Every action a keymap can name but `quit`.
pub fn actions() -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| *a != Action::Quit)
        .collect()
}

pub fn press(app: &mut App, code: KeyCode, now: DateTime<Utc>) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), now);
}

pub fn type_text(app: &mut App, text: &str, now: DateTime<Utc>) {
    for c in text.chars() {
        press(app, KeyCode::Char(c), now);
    }
}

/// Takes `step` at `now`, moving `now` on for `Step::Advance`.
pub fn run(app: &mut App, step: &Step, now: &mut DateTime<Utc>) {
    match step {
        Step::Act(action) => app.update(*action, *now),
        Step::Type(text) => type_text(app, text, *now),
        Step::Paste(text) => app.handle_paste(text, *now),
        Step::Backspace => press(app, KeyCode::Backspace, *now),
        Step::Enter => press(app, KeyCode::Enter, *now),
        Step::Find(action, letters) => {
            app.update(*action, *now);
            type_text(app, letters, *now);
            app.update(Action::Confirm, *now);
        }
        Step::Advance(secs) => {
            *now += TimeDelta::seconds(*secs);
            app.tick(*now);
        }
        Step::Draw(width, height) => draw(app, *now, *width, *height),
    }
}

pub fn draw(app: &App, now: DateTime<Utc>, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, now))
        .unwrap();
}
