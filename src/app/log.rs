//! The log of the meeting: the interventions already made, to go back to one and correct
//! its note.

use chrono::{DateTime, Utc};

use super::{App, Focus, LogView, NoteTarget, Overlay};
use crate::domain::Intervention;

impl App {
    /// The interventions of the meeting being logged, in the order the floor was given.
    pub fn meeting_log(&self) -> Vec<&Intervention> {
        self.record
            .interventions
            .iter()
            .filter(|i| i.meeting == self.meeting)
            .collect()
    }

    pub(super) fn toggle_log(&mut self) {
        let selected = self.meeting_log().len().saturating_sub(1);
        self.toggle(Overlay::Log(LogView { selected }));
    }

    /// Opens the selected intervention's note in the editor, for correction.
    pub(super) fn open_logged_note(&mut self) {
        let Some(position) = self.log_selection() else {
            return;
        };
        let Some(iv) = self
            .meeting_log()
            .get(position)
            .map(|i| (i.id, i.has_floor()))
        else {
            self.warn("Nothing in the log of this meeting yet");
            return;
        };
        let (id, live) = iv;
        self.close_all(&Overlay::Log(LogView::default()));
        self.edit_note(NoteTarget::Intervention(id));
        self.focus = Focus::Notes;
        let name = self.speaker_of(id);
        if live {
            self.say(format!("{name} has the floor: back to the live note"));
        } else {
            self.say(format!(
                "Correcting the note of {name}; {} goes back to the live note",
                self.key_hint(crate::action::Action::Cancel)
            ));
        }
    }
}

impl App {
    /// Moves to the next (or previous) meeting of the session. Past the last one, a new
    /// meeting opens: today, from this hour, for three hours. The floor is not touched: a
    /// speaker still on it is ended by giving the floor, as always, deliberately.
    pub(super) fn switch_meeting(&mut self, step: i32, now: DateTime<Utc>) {
        let target = self.meeting as i64 + i64::from(step);
        if target < 1 {
            self.warn("This is the first meeting of the session");
            return;
        }
        let target = target as u32;
        if self.record.meeting(target).is_none() {
            if step < 0 {
                self.warn(format!("There is no meeting {target} in this session"));
                return;
            }
            // A sitting is asked for, not opened at once: a key pressed twice made two.
            self.ask_next_sitting(now);
            return;
        } else {
            self.meeting = target;
        }
        self.close_all(&Overlay::Log(LogView::default()));
        if self.record.floor().is_none() {
            self.edit_note(NoteTarget::Meeting(self.meeting));
        }
        let title = self
            .record
            .meeting(self.meeting)
            .map(|m| m.title())
            .unwrap_or_default();
        self.say(title);
    }
}
