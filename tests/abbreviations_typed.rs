//! Abbreviations typed into the note reach the record and the journal expanded, exactly as
//! typing would: a store killed after the last key, even cut short by a power cut and
//! rebuilt from its journal, holds the expanded text. And over random text and random tables,
//! an expansion changes nothing outside the short form it replaces, and taking it back
//! restores what was typed exactly.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use rapporteur::abbreviations::{parse_file, Parsed, Table};
use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::*;
use rapporteur::keymap::Keymap;
use rapporteur::store::{recover, Saver, Store};

mod common;

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_key(KeyEvent::new(code, modifiers), t(5));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        press(app, code, KeyModifiers::NONE);
    }
}

fn note(app: &App) -> String {
    app.editor.lines().join("\n")
}

/// Egypt has the floor, with the abbreviations of `file` in force.
fn egypt_speaking(file: &str) -> App {
    let mut record = common::typing::four_delegations();
    record
        .list_mut(AgendaItemId(1))
        .inscribe(Inscription::statement(ParticipantId(1)))
        .unwrap();
    let mut app = App::new(record, Keymap::default_keymap());
    app.use_abbreviations(parse_file(file, "mine.toml"));
    app.update(Action::GiveFloor, t(0));
    app.update(Action::FocusNotes, t(0));
    app
}

const FILE: &str = "[abbreviations]\nms = \"Member States\"\ntip = \"trafficking in persons\"\n";
const EXPANDED: &str = "Member States agreed on trafficking in persons.";

#[test]
fn the_expanded_text_survives_a_kill_and_a_power_cut() {
    let dir = tempfile::tempdir().unwrap();
    let running = dir.path().join("running");
    let path = running.join("store");
    let store = Arc::new(Store::open(&path).unwrap());
    let mut app = egypt_speaking(FILE);
    store.save_record(&app.record).unwrap();
    let mut saver = Saver::start(store.clone(), |_| {});
    app.hand_outbox_to(&mut saver);
    type_text(&mut app, "ms agreed on tip.");
    app.hand_outbox_to(&mut saver);
    saver.sync().unwrap();
    // Killed: the store's folder as it is after the last key was saved.
    let killed = dir.path().join("killed");
    common::copy_tree(&running, &killed);
    drop(saver);
    drop(store);
    let copy = killed.join("store");
    let floor = |store: &Store| {
        let record = store.load(common::typing::SID).unwrap();
        record.interventions[0].note.clone()
    };
    assert_eq!(floor(&Store::open(&copy).unwrap()), EXPANDED);
    // The journal holds it too: a store cut short is rebuilt from it with the expansion.
    common::power_cut(&copy);
    recover(&copy).unwrap();
    assert_eq!(floor(&Store::open(&copy).unwrap()), EXPANDED);
}

/// A table of one to four short forms over a few letters, with or without a prefix.
fn tables() -> impl Strategy<Value = Table> {
    let entry = ("[ab]{1,3}", "[A-Za-z ]{1,12}");
    (
        proptest::collection::btree_map(entry.0, entry.1, 1..5),
        proptest::option::of(prop_oneof![Just(';'), Just('/')]),
    )
        .prop_map(|(entries, prefix)| Table { prefix, entries })
}

/// Text over the short forms' letters, capitals, boundaries and what stops an expansion.
fn texts() -> impl Strategy<Value = String> {
    "[abAB #.,;:!?()/@\n-]{0,40}"
}

proptest! {
    #![proptest_config(common::steps::config(64))]

    #[test]
    fn an_expansion_touches_only_its_short_form_and_is_taken_back_exactly(
        table in tables(),
        text in texts(),
        take_backs in proptest::collection::vec(any::<bool>(), 40),
    ) {
        let mut app = egypt_speaking("");
        app.use_abbreviations(Ok(Parsed { table: table.clone(), warnings: vec![] }));
        for (c, take_back) in text.chars().zip(take_backs) {
            let before = note(&app);
            type_text(&mut app, &c.to_string());
            let plain = format!("{before}{c}");
            let after = note(&app);
            if after == plain {
                continue;
            }
            // Only the short form just before the boundary changed: the text before it and
            // the boundary are as they were.
            prop_assert!(after.ends_with(c), "{after:?}");
            // The word just before the boundary, with its prefix: not where the two texts
            // first differ, since an expansion may begin with its own short form (b → bA).
            let word_start = before
                .char_indices()
                .rev()
                .find(|(_, ch)| !rapporteur::abbreviations::is_short_form_char(*ch))
                .map_or(0, |(i, ch)| i + ch.len_utf8());
            let start = match table.prefix {
                Some(p) if before[..word_start].ends_with(p) => word_start - p.len_utf8(),
                _ => word_start,
            };
            let (short, word) = (&before[start..], &before[word_start..]);
            prop_assert!(after.starts_with(&before[..start]), "{after:?}");
            prop_assert!(
                table.entries.contains_key(word)
                    || table.entries.contains_key(&word.to_lowercase()),
                "{short:?} is not a short form of {table:?}"
            );
            if take_back {
                press(&mut app, KeyCode::Char('u'), KeyModifiers::ALT);
                prop_assert_eq!(note(&app), plain);
            }
        }
        // Whatever was expanded, the record holds what the editor shows.
        prop_assert_eq!(&app.record.interventions[0].note, &note(&app));
    }
}
