//! The floor: giving it (in the list's order, or deliberately out of it), ending an
//! intervention, pausing the clock, points of order, and taking back the last floor action.

use chrono::{DateTime, Utc};

use super::{App, Focus, LogView, NoteTarget, Overlay};
use crate::action::Action;
use crate::domain::{
    clock_face, AgendaItemId, Category, Inscription, Intervention, InterventionId,
    InterventionKind, TimerReading,
};
use crate::store::Change;

/// The last floor action, while it can still be taken back (`undo_floor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorAction {
    /// The floor given to an inscription taken from `position` on the list of `agenda_item`.
    Given {
        intervention: InterventionId,
        agenda_item: AgendaItemId,
        inscription: Inscription,
        position: usize,
        /// The interventions it ended, which an undo gives the floor back to.
        cut_off: Vec<InterventionId>,
    },
    /// A point of order, raised over `interrupted` if someone had the floor.
    PointOfOrder {
        intervention: InterventionId,
        interrupted: Option<InterventionId>,
    },
}

impl App {
    /// Gives the floor to the next speaker in the list's order. During a point of order it
    /// ends the point of order instead, and the speaker it interrupted resumes: no one is
    /// ended without the chair seeing it.
    pub(super) fn give_floor(&mut self, now: DateTime<Utc>) {
        if self.point_of_order_over_a_speaker() {
            self.end_intervention(now);
            return;
        }
        self.give_floor_from(0, now);
    }

    /// Gives the floor to the speaker selected in the list, out of the list's order if they
    /// are not next, and says so.
    pub(super) fn give_floor_selected(&mut self, now: DateTime<Utc>) {
        if self.point_of_order_over_a_speaker() {
            self.end_intervention(now);
            return;
        }
        self.give_floor_from(self.selected, now);
    }

    /// Whether a point of order has the floor over a speaker it interrupted.
    fn point_of_order_over_a_speaker(&self) -> bool {
        self.record.floor().is_some_and(|f| {
            f.kind == InterventionKind::PointOfOrder
                && f.interrupts.is_some_and(|i| self.is_open(i))
        })
    }

    /// Ends whoever has the floor and opens the intervention of the inscription at
    /// `position` on the list, with the editor ready for typing.
    fn give_floor_from(&mut self, position: usize, now: DateTime<Utc>) {
        let item = self.agenda_item;
        let next = self
            .record
            .list(item)
            .and_then(|l| l.in_order().next())
            .map(|i| i.speaker);
        let Ok(inscription) = self.record.list_mut(item).take(position) else {
            let heading = self
                .record
                .agenda_item(item)
                .map(|a| format!("item {}", a.number))
                .unwrap_or_else(|| "this item".into());
            self.warn(format!(
                "The list of speakers of {heading} is empty: inscribe a speaker first ({})",
                self.key_hint(Action::Inscribe)
            ));
            return;
        };
        // Whoever is still on the floor yields it; an undo gives it back to them.
        let cut_off: Vec<InterventionId> = self
            .record
            .interventions
            .iter()
            .filter(|i| i.has_floor())
            .map(|i| i.id)
            .collect();
        for &id in &cut_off {
            if let Some(iv) = self.intervention_mut(id) {
                iv.end(now);
            }
            self.save_intervention(id);
        }
        self.save_list();
        let id = self.start_intervention(&inscription, None, now);
        self.floor_after_setup = true;
        self.last_floor = Some(FloorAction::Given {
            intervention: id,
            agenda_item: item,
            inscription,
            position,
            cut_off,
        });
        self.selected = self.selected.min(self.current_list_len().saturating_sub(1));
        let name = self.speaker_of(id);
        match next.filter(|_| position > 0) {
            Some(skipped) => {
                let skipped = self.record.speaker_name(skipped).to_string();
                self.say(format!(
                    "{name} has the floor OUT OF ORDER, ahead of {skipped} ({} takes it back)",
                    self.key_hint(Action::UndoFloor)
                ));
            }
            None => self.say(format!("{name} has the floor")),
        }
    }

    /// Opens an intervention for `inscription`, starting now, and puts its note in the editor.
    pub(super) fn start_intervention(
        &mut self,
        inscription: &Inscription,
        interrupts: Option<InterventionId>,
        now: DateTime<Utc>,
    ) -> InterventionId {
        let category = self
            .record
            .participant(inscription.speaker)
            .map(|p| p.category)
            .unwrap_or(Category::Other);
        let limit = self
            .record
            .session
            .time_limits
            .for_inscription(category, inscription);
        let intervention = Intervention {
            on_behalf_of: inscription.on_behalf_of.clone(),
            time_limit_secs: limit,
            interrupts,
            ..Intervention::new(
                self.record.next_intervention_id(),
                self.meeting,
                self.agenda_item,
                inscription.speaker,
                inscription.kind,
                now,
            )
        };
        let id = intervention.id;
        self.record.interventions.push(intervention);
        self.save_intervention(id);
        self.edit_note(NoteTarget::Intervention(id));
        self.focus = Focus::Notes;
        self.close_all(&Overlay::Log(LogView::default()));
        id
    }

    /// Ends the intervention on the floor. A point of order gives the floor back to the
    /// speaker it interrupted, whose clock runs on from where it stopped.
    pub(super) fn end_intervention(&mut self, now: DateTime<Utc>) {
        let Some(floor) = self.record.floor().cloned() else {
            self.warn("No one has the floor");
            return;
        };
        if let Some(iv) = self.intervention_mut(floor.id) {
            iv.end(now);
        }
        self.save_intervention(floor.id);
        let name = self.speaker_of(floor.id);
        match floor.interrupts.filter(|i| self.is_open(*i)) {
            Some(resumed) => {
                if let Some(iv) = self.intervention_mut(resumed) {
                    iv.resume(now);
                }
                self.save_intervention(resumed);
                self.edit_note(NoteTarget::Intervention(resumed));
                let left = self.time_left(resumed, now);
                let speaker = self.speaker_of(resumed);
                self.say(format!("Point of order ended; {speaker} resumes{left}"));
            }
            None => {
                self.edit_note(NoteTarget::Meeting(self.meeting));
                self.say(format!("{name}: intervention ended"));
            }
        }
    }

    fn is_open(&self, id: InterventionId) -> bool {
        self.record
            .interventions
            .iter()
            .any(|i| i.id == id && i.has_floor())
    }

    pub(super) fn pause_timer(&mut self, now: DateTime<Utc>) {
        let Some(id) = self.record.floor().map(|i| i.id) else {
            self.warn("No one has the floor: there is no timer to pause");
            return;
        };
        let Some(iv) = self.intervention_mut(id) else {
            return;
        };
        if iv.is_paused() {
            iv.resume(now);
        } else {
            iv.pause(now);
        }
        let paused = iv.is_paused();
        self.save_intervention(id);
        self.say(if paused {
            "Timer paused"
        } else {
            "Timer resumed"
        });
    }

    /// A point of order interrupts whoever speaks: their clock stops, and the point of order
    /// gets its own intervention and note. The speaker keeps their place and their time.
    pub(super) fn start_point_of_order(&mut self, inscription: Inscription, now: DateTime<Utc>) {
        let interrupted = self.record.floor().map(|i| i.id);
        if let Some(id) = interrupted {
            if let Some(iv) = self.intervention_mut(id) {
                iv.pause(now);
            }
            self.save_intervention(id);
        }
        let point = Inscription {
            kind: InterventionKind::PointOfOrder,
            ..inscription
        };
        let id = self.start_intervention(&point, interrupted, now);
        self.floor_after_setup = true;
        self.last_floor = Some(FloorAction::PointOfOrder {
            intervention: id,
            interrupted,
        });
        let name = self.speaker_of(id);
        match interrupted {
            Some(i) => {
                let speaker = self.speaker_of(i);
                self.say(format!(
                    "Point of order: {name} (interrupting {speaker}, whose time is kept)"
                ));
            }
            None => self.say(format!("Point of order: {name}")),
        }
    }

    /// Takes back the last floor action, while what it opened still has the floor: a point
    /// of order goes, and the speaker it interrupted keeps the floor and their clock; a floor
    /// given goes back to its place on the list, and the speaker it cut off has the floor
    /// again with their time. What was opened is discarded if nothing was written in it,
    /// and otherwise kept, ended and flagged, so that no typed word is lost.
    pub(super) fn undo_floor(&mut self, now: DateTime<Utc>) {
        let Some(last) = self.last_floor.clone().filter(|l| match l {
            FloorAction::Given { intervention, .. }
            | FloorAction::PointOfOrder { intervention, .. } => self.is_open(*intervention),
        }) else {
            self.warn("Nothing to undo: the last floor given has already ended");
            return;
        };
        self.last_floor = None;
        match last {
            FloorAction::PointOfOrder {
                intervention,
                interrupted,
            } => {
                let name = self.speaker_of(intervention);
                let kept = self.take_back(intervention, now);
                let resumed = interrupted.filter(|i| self.is_open(*i));
                if let Some(id) = resumed {
                    if let Some(iv) = self.intervention_mut(id) {
                        iv.resume(now);
                    }
                    self.save_intervention(id);
                }
                self.back_to_the_floor();
                let speaker = resumed.map(|id| self.speaker_of(id));
                self.say(match speaker {
                    Some(s) => format!(
                        "Point of order by {name} undone: {s} keeps the floor and their clock{}",
                        kept
                    ),
                    None => format!("Point of order by {name} undone{kept}"),
                });
            }
            FloorAction::Given {
                intervention,
                agenda_item,
                inscription,
                position,
                cut_off,
            } => {
                let name = self.record.speaker_name(inscription.speaker).to_string();
                let kept = self.take_back(intervention, now);
                self.record
                    .list_mut(agenda_item)
                    .put_back(position, inscription);
                let list = self.record.list_mut(agenda_item).clone();
                self.outbox.push(Change::List(self.sid(), list));
                for &id in &cut_off {
                    if let Some(iv) = self.intervention_mut(id) {
                        iv.reopen(now);
                    }
                    self.save_intervention(id);
                }
                self.agenda_item = agenda_item;
                self.selected = position.min(self.current_list_len().saturating_sub(1));
                self.back_to_the_floor();
                let again = match self.record.floor() {
                    Some(floor) => {
                        let left = self.time_left(floor.id, now);
                        format!("; {} has the floor again{left}", self.speaker_of(floor.id))
                    }
                    None => String::new(),
                };
                self.say(format!(
                    "Floor given to {name} undone: back in their place on the list{again}{kept}"
                ));
            }
        }
    }

    /// Takes an intervention opened by mistake off the floor: gone if nothing was written in
    /// it, else ended and flagged. Says which, for the status line.
    fn take_back(&mut self, id: InterventionId, now: DateTime<Utc>) -> &'static str {
        let has_notes = self
            .record
            .interventions
            .iter()
            .find(|i| i.id == id)
            .is_some_and(|i| !i.note.trim().is_empty());
        if has_notes {
            if let Some(iv) = self.intervention_mut(id) {
                iv.end(now);
                iv.given_by_mistake = true;
            }
            self.save_intervention(id);
            " (the note written is kept, flagged)"
        } else {
            let sid = self.sid();
            self.record.interventions.retain(|i| i.id != id);
            self.outbox.push(Change::RemoveIntervention(sid, id));
            ""
        }
    }

    /// ", 02:10 left", ", 00:05 left of the budget of Brazil", ", 00:20 over the budget of
    /// Brazil": what the clock of `id` counts down to, as its pane says it.
    fn time_left(&self, id: InterventionId, now: DateTime<Utc>) -> String {
        let Some(iv) = self.record.interventions.iter().find(|i| i.id == id) else {
            return String::new();
        };
        let reading = TimerReading::in_session(&self.record, iv, now);
        let budget = reading
            .budget
            .and_then(|i| self.record.session.budgets.get(i))
            .map(|b| format!(" the budget of {}", b.holder_label(&self.record)));
        match (reading.remaining, budget) {
            (Some(r), Some(of)) if r < 0 => format!(", {} over{of}", clock_face(-r)),
            (Some(r), Some(of)) => format!(", {} left of{of}", clock_face(r)),
            (Some(r), None) if r < 0 => format!(", {} over time", clock_face(-r)),
            (Some(r), None) => format!(", {} left", clock_face(r)),
            (None, _) => String::new(),
        }
    }

    /// After an undo: the note of whoever has the floor now in the editor, and the keys with
    /// it; the list of speakers if no one has.
    fn back_to_the_floor(&mut self) {
        self.edit_note(self.live_note());
        self.focus = match self.record.floor() {
            Some(_) => Focus::Notes,
            None => Focus::Speakers,
        };
    }
}
