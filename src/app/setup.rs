//! Changes to the session's set-up made from the app (its details, agenda, sittings, roster,
//! limits): each is made whole or not at all, saved as one batch, and can be taken back with
//! the undo key, as a floor given can.

use std::fmt::Display;

use chrono::{DateTime, Utc};

use super::App;
use crate::action::Action;
use crate::domain::{SessionRecord, SetupChange};
use crate::store::Change;

/// How many set-up changes can be taken back, the latest first.
const UNDO_DEPTH: usize = 50;

impl App {
    /// Makes `change` to the record as one set-up change called `what` ("Agenda item 5
    /// added"): if it fails, the record is left as it was and the reason is shown; if it
    /// succeeds, the parts it changed are saved together and the change can be undone.
    pub(crate) fn change_setup<E: Display>(
        &mut self,
        what: impl Into<String>,
        change: impl FnOnce(&mut SessionRecord) -> Result<(), E>,
    ) -> bool {
        let before = self.record.clone();
        let in_view = self.item_number_in_view();
        if let Err(e) = change(&mut self.record) {
            self.record = before;
            self.warn(e.to_string());
            return false;
        }
        let step = SetupChange::new(what, &before, &self.record);
        if step.made.is_empty() {
            self.say(format!("{}: nothing to change", step.what));
            return true;
        }
        self.outbox
            .extend(Change::for_patch(self.sid(), &step.made));
        self.follow_the_view(in_view);
        self.say(format!(
            "{} ({} undoes it)",
            step.what,
            self.key_hint(Action::UndoFloor)
        ));
        if self.setup_changes.len() == UNDO_DEPTH {
            self.setup_changes.remove(0);
        }
        self.setup_changes.push(step);
        self.floor_after_setup = false;
        true
    }

    /// Takes back the latest of the last floor action and the last set-up change.
    pub(super) fn undo(&mut self, now: DateTime<Utc>) {
        if self.floor_after_setup || self.setup_changes.is_empty() {
            // Once tried, a floor action that can no longer be undone gives way to the
            // set-up change before it.
            self.floor_after_setup = false;
            self.undo_floor(now);
            return;
        }
        let Some(step) = self.setup_changes.pop() else {
            return;
        };
        let sid = self.sid();
        let in_view = self.item_number_in_view();
        match step.undo(&mut self.record) {
            Some(patch) => {
                self.outbox.extend(Change::for_patch(sid, patch));
                self.follow_the_view(in_view);
                self.say(format!("Undone: {}", step.what));
            }
            None => self.warn(format!(
                "{} cannot be undone: what it changed has been changed since",
                step.what
            )),
        }
    }

    /// The number of the agenda item in view ("4 (a)"): what the view follows across a
    /// set-up change, since moving items (or taking a move back) gives them other ids.
    fn item_number_in_view(&self) -> Option<String> {
        self.record
            .agenda_item(self.agenda_item)
            .map(|a| a.number.clone())
    }

    /// After a set-up change: the view goes back to the item it showed, by its number, and
    /// off a meeting or an item that is gone.
    fn follow_the_view(&mut self, number: Option<String>) {
        if let Some(id) = number.and_then(|n| self.record.item_numbered(&n).ok()) {
            self.agenda_item = id;
        }
        self.keep_view_in_the_record();
    }

    /// After a change that may have taken away the meeting or the agenda item in view, the
    /// view moves to one the record has.
    fn keep_view_in_the_record(&mut self) {
        if self.record.meeting(self.meeting).is_none() {
            if let Some(last) = self.record.meetings.last() {
                self.meeting = last.number;
            }
        }
        if self.record.agenda_item(self.agenda_item).is_none() {
            if let Some(first) = self.record.agenda.first() {
                self.agenda_item = first.id;
            }
        }
        self.selected = self.selected.min(self.current_list_len().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use crate::action::Action;
    use crate::app::tests::app_with_list;
    use crate::store::Change;
    use chrono::Utc;

    #[test]
    fn a_set_up_change_is_saved_whole_and_undone_by_the_undo_key() {
        let mut app = app_with_list(&["Kenya"]);
        app.outbox.clear();
        let old = app.record.session.venue.clone();
        assert!(app.change_setup("Venue changed", |r| {
            r.session.venue = "Conference Room 2".into();
            Ok::<_, String>(())
        }));
        assert!(
            matches!(app.outbox.as_slice(), [Change::Session(s)] if s.venue == "Conference Room 2")
        );
        app.outbox.clear();
        app.update(Action::UndoFloor, Utc::now());
        assert_eq!(app.record.session.venue, old);
        assert!(matches!(app.outbox.as_slice(), [Change::Session(s)] if s.venue == old));
    }

    #[test]
    fn a_refused_set_up_change_leaves_the_record_as_it_was() {
        let mut app = app_with_list(&["Kenya"]);
        let before = app.record.clone();
        assert!(!app.change_setup("Agenda item removed", |r| {
            r.agenda.clear();
            Err("Item 1 has interventions: it can be renamed or merged, not removed")
        }));
        assert_eq!(app.record, before);
        assert!(app.message.as_ref().unwrap().warning);
    }
}
