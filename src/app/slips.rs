//! A slip never changes the meeting. A rapporteur who leaves a menu with Esc and goes on
//! typing a sentence has their keys land in the list of speakers, where plain letters are
//! commands ("delegates": `d` takes a speaker off, `e` ends the intervention). So in the list
//! a plain letter bound to a command is held for a moment (`WORD_GAP`): if another letter
//! follows within it, the letters are a word and go to the note, with the rest of the
//! sentence after them; if none follows, the command runs. Moving the selection (`j`, `k`)
//! is harmless and runs at once, and a letter bound to nothing is text straight away.
//! The moment is measured on the `now` the app is given, so tests control it.

use chrono::{DateTime, TimeDelta, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Focus};
use crate::action::Action;
use crate::keymap::Context;

/// How long after a plain letter in the list the next one still makes it a word: longer
/// than the gap between two letters of a word at a slow typist's pace, short enough that a
/// lone command does not feel late.
pub const WORD_GAP: TimeDelta = TimeDelta::milliseconds(600);

/// A plain letter typed in the list, waiting for the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Held {
    letter: char,
    at: DateTime<Utc>,
    /// The command it runs if no word follows; `None` for a harmless one already run.
    command: Option<Vec<Action>>,
}

/// Commands that change nothing of the meeting and open nothing: run at once.
fn harmless(actions: &[Action]) -> bool {
    actions
        .iter()
        .all(|a| matches!(a, Action::SelectNext | Action::SelectPrevious))
}

fn plain_letter(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !c.is_control()
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

impl App {
    /// Takes a key typed in the list of speakers when it is a plain letter (held, or typed
    /// into the note as part of a word); whether it took it. Any other key first lets a held
    /// command run.
    pub(super) fn slip_guard(&mut self, key: KeyEvent, now: DateTime<Utc>) -> bool {
        let letter = plain_letter(&key);
        let Some(c) = letter.filter(|_| self.in_the_list()) else {
            self.flush_held(now);
            return false;
        };
        let actions = self
            .keymap
            .action_for(Context::Speakers, &key)
            .map(<[Action]>::to_vec);
        if let Some(held) = self.held.take() {
            let navigating = held.command.is_none() && actions.as_deref().is_some_and(harmless);
            if now - held.at < WORD_GAP && !navigating {
                self.type_into_note(&format!("{}{c}", held.letter), now);
                self.say(format!(
                    "Typed into the note: letters that make a word in the list are text, not commands ({} goes back to the list)",
                    self.key_hint(Action::FocusNext)
                ));
                return true;
            }
            self.run_held(held, now);
            if !self.in_the_list() {
                // The held command opened something: the key is for it.
                return false;
            }
        }
        match actions {
            None => {
                self.type_into_note(&c.to_string(), now);
                true
            }
            Some(actions) if harmless(&actions) => {
                for a in actions {
                    self.update(a, now);
                }
                self.held = Some(Held {
                    letter: c,
                    at: now,
                    command: None,
                });
                true
            }
            Some(actions) => {
                // Said, so that the moment's wait is not taken for a key that did nothing.
                let what: Vec<&str> = actions.iter().map(|a| a.hint()).collect();
                self.say(format!(
                    "{c}: {} in a moment (letters typed on go to the note)",
                    what.join(", ")
                ));
                self.held = Some(Held {
                    letter: c,
                    at: now,
                    command: Some(actions),
                });
                true
            }
        }
    }

    /// The command of a letter held in the list, if one waits.
    pub fn held_command(&self) -> Option<&[Action]> {
        self.held.as_ref().and_then(|h| h.command.as_deref())
    }

    /// Runs a held command now (another kind of key came, or a paste).
    pub(super) fn flush_held(&mut self, now: DateTime<Utc>) {
        if let Some(held) = self.held.take() {
            self.run_held(held, now);
        }
    }

    /// Runs a held command once its moment has passed with no letter after it.
    pub(super) fn flush_expired(&mut self, now: DateTime<Utc>) {
        if self.held.as_ref().is_some_and(|h| now - h.at >= WORD_GAP) {
            // "In a moment" no longer holds; the command says what it did, if anything.
            self.message = None;
            self.flush_held(now);
        }
    }

    fn run_held(&mut self, held: Held, now: DateTime<Utc>) {
        for a in held.command.into_iter().flatten() {
            self.update(a, now);
        }
    }

    fn type_into_note(&mut self, text: &str, now: DateTime<Utc>) {
        self.focus = Focus::Notes;
        if self.editor.insert_str(text) {
            self.note_changed(now);
        }
    }
}
