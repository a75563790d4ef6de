//! The log of the meeting: the interventions already made, to go back to one and correct
//! its note.

use super::{App, Focus, NoteTarget};
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
        self.log = match self.log {
            Some(_) => None,
            None => Some(self.meeting_log().len().saturating_sub(1)),
        };
    }

    /// Opens the selected intervention's note in the editor, for correction.
    pub(super) fn open_logged_note(&mut self) {
        let Some(position) = self.log else { return };
        let Some(iv) = self
            .meeting_log()
            .get(position)
            .map(|i| (i.id, i.has_floor()))
        else {
            self.warn("Nothing in the log of this meeting yet");
            return;
        };
        let (id, live) = iv;
        self.log = None;
        self.edit_note(NoteTarget::Intervention(id));
        self.focus = Focus::Notes;
        let name = self.speaker_of(id);
        if live {
            self.say(format!("{name} has the floor: back to the live note"));
        } else {
            self.say(format!(
                "Correcting the note of {name}; {} goes back to the live note",
                self.key_hint(crate::action::Action::FocusSpeakers)
            ));
        }
    }
}
