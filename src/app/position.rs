//! Coming back where the user was: the meeting, the agenda item and the pane in use are kept
//! in the store as they change, and the next start (after a quit or a kill) returns to them.
//! A restart that opened the first agenda item instead sent the next floor given to the
//! wrong list.

use super::{App, Focus, NoteTarget};
use crate::store::{Change, Pane, Position};

impl App {
    /// Where the user is now.
    pub fn position(&self) -> Position {
        Position {
            meeting: self.meeting,
            agenda_item: self.agenda_item,
            pane: match self.focus {
                Focus::Speakers => Pane::Speakers,
                Focus::Notes => Pane::Notes,
            },
        }
    }

    /// The change that keeps the position, when it moved away from `kept`, which then follows
    /// it: the loop asks after every event, and the store is written only on a move.
    pub fn position_moved(&self, kept: &mut Position) -> Option<Change> {
        let now = self.position();
        (now != *kept).then(|| {
            *kept = now;
            Change::Position(self.sid(), now)
        })
    }

    /// Returns to `position`, kept from the last run. A meeting or an agenda item the record
    /// no longer holds (an import, a store rebuilt without it) is left where the app opened.
    pub fn return_to(&mut self, position: Position) {
        if self.record.meeting(position.meeting).is_some() && position.meeting != self.meeting {
            self.meeting = position.meeting;
            // With no one on the floor the note in the editor is the meeting's own.
            if self.record.floor().is_none() {
                self.edit_note(NoteTarget::Meeting(self.meeting));
            }
        }
        if self
            .record
            .agenda
            .iter()
            .any(|a| a.id == position.agenda_item)
        {
            self.agenda_item = position.agenda_item;
            self.selected = 0;
        }
        self.focus = match position.pane {
            Pane::Speakers => Focus::Speakers,
            Pane::Notes => Focus::Notes,
        };
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::action::Action;
    use crate::domain::{AgendaItem, AgendaItemId, SessionId, SessionRecord};
    use crate::keymap::Keymap;

    fn record() -> SessionRecord {
        let start = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), start, "Europe/Vienna");
        record.agenda = ["Opening", "Budget", "Other matters"]
            .iter()
            .enumerate()
            .map(|(i, title)| AgendaItem {
                id: AgendaItemId(i as u32 + 1),
                number: (i + 1).to_string(),
                title: title.to_string(),
            })
            .collect();
        record
    }

    #[test]
    fn a_new_app_returns_to_the_meeting_the_item_and_the_pane_it_was_left_in() {
        let now = Utc.with_ymd_and_hms(2024, 7, 3, 9, 0, 0).unwrap();
        let mut app = App::new(record(), Keymap::default_keymap());
        let mut kept = app.position();
        app.update(Action::NextMeeting, now);
        app.update(Action::Confirm, now);
        app.update(Action::NextAgendaItem, now);
        app.update(Action::FocusNotes, now);
        let moved = app.position_moved(&mut kept);
        assert_eq!(moved, Some(Change::Position(SessionId(1), kept)));
        assert_eq!(app.position_moved(&mut kept), None, "written once per move");
        // The first meeting again, so that a new app would not land on the last by chance.
        app.update(Action::PreviousMeeting, now);
        let left = app.position();
        assert_eq!(
            left,
            Position {
                meeting: 1,
                agenda_item: AgendaItemId(2),
                pane: Pane::Notes
            }
        );

        let mut reopened = App::new(app.record.clone(), Keymap::default_keymap());
        assert_ne!(reopened.position(), left, "a new app alone opens elsewhere");
        reopened.return_to(left);
        assert_eq!(reopened.position(), left);
        assert_eq!(reopened.note_target, NoteTarget::Meeting(1));
    }

    #[test]
    fn a_meeting_or_item_that_is_gone_leaves_the_app_where_it_opened() {
        let mut app = App::new(record(), Keymap::default_keymap());
        let opened = app.position();
        app.return_to(Position {
            meeting: 9,
            agenda_item: AgendaItemId(42),
            pane: Pane::Speakers,
        });
        assert_eq!(
            (app.meeting, app.agenda_item),
            (opened.meeting, opened.agenda_item)
        );
    }
}
