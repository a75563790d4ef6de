//! The floor: giving it, ending an intervention, pausing the clock, points of order, and
//! taking back a floor given by mistake.

use chrono::{DateTime, Utc};

use super::{App, FloorGiven, Focus, LogView, NoteTarget, Overlay};
use crate::action::Action;
use crate::domain::{
    clock_face, Category, Inscription, Intervention, InterventionId, InterventionKind,
};
use crate::store::Change;

impl App {
    /// Ends the current intervention and opens the next speaker's — the head of the list, or
    /// the speaker selected in the list pane — with the editor ready for typing.
    pub(super) fn give_floor(&mut self, now: DateTime<Utc>) {
        let position = if self.focus == Focus::Speakers && self.log_selection().is_none() {
            self.selected
        } else {
            0
        };
        let item = self.agenda_item;
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
        // Whoever is still on the floor — a speaker, and a point of order on top — yields it.
        let open: Vec<InterventionId> = self
            .record
            .interventions
            .iter()
            .filter(|i| i.has_floor())
            .map(|i| i.id)
            .collect();
        for id in open {
            if let Some(iv) = self.intervention_mut(id) {
                iv.end(now);
            }
            self.save_intervention(id);
        }
        self.save_list();
        let id = self.start_intervention(&inscription, None, now);
        self.last_floor = Some(FloorGiven {
            intervention: id,
            agenda_item: item,
            inscription,
        });
        self.selected = self.selected.min(self.current_list_len().saturating_sub(1));
        let name = self.speaker_of(id);
        self.say(format!("{name} has the floor"));
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
                let left = self
                    .record
                    .interventions
                    .iter()
                    .find(|i| i.id == resumed)
                    .and_then(|i| i.remaining_secs(now))
                    .map(|s| format!(", {} left", clock_face(s)))
                    .unwrap_or_default();
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

    /// Takes back the last floor given: the speaker returns to the top of the list they came
    /// from. Their intervention is discarded if nothing was written in it, and otherwise kept,
    /// ended and flagged, so that no typed word is lost.
    pub(super) fn undo_floor(&mut self, now: DateTime<Utc>) {
        let Some(given) = self
            .last_floor
            .clone()
            .filter(|g| self.is_open(g.intervention))
        else {
            self.warn("Nothing to undo: the last floor given has already ended");
            return;
        };
        self.last_floor = None;
        let sid = self.sid();
        let id = given.intervention;
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
        } else {
            self.record.interventions.retain(|i| i.id != id);
            self.outbox.push(Change::RemoveIntervention(sid, id));
        }
        let name = self
            .record
            .speaker_name(given.inscription.speaker)
            .to_string();
        self.record
            .list_mut(given.agenda_item)
            .put_back_first(given.inscription);
        let list = self.record.list_mut(given.agenda_item).clone();
        self.outbox.push(Change::List(sid, list));
        self.agenda_item = given.agenda_item;
        self.selected = 0;
        self.focus = Focus::Speakers;
        self.edit_note(self.live_note());
        self.say(if has_notes {
            format!("Floor given to {name} undone: back at the top of the list (their note is kept, flagged)")
        } else {
            format!("Floor given to {name} undone: back at the top of the list")
        });
    }
}
