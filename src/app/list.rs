//! The list of speakers: inscribing, moving, removing, closing, and switching agenda items.

use chrono::{DateTime, Utc};

use super::{App, FinderOutcome, FinderPurpose, Overlay, Speaker};
use crate::domain::{Inscription, InterventionKind, Participant, ParticipantId};
use crate::store::Change;

use super::Finder;

impl App {
    pub(super) fn current_list_len(&self) -> usize {
        self.record
            .list(self.agenda_item)
            .map(|l| l.len())
            .unwrap_or(0)
    }

    pub(super) fn save_list(&mut self) {
        let list = self.record.list_mut(self.agenda_item).clone();
        self.outbox.push(Change::List(self.sid(), list));
    }

    pub(super) fn open_finder(&mut self, purpose: FinderPurpose) {
        self.open(Overlay::Finder(Finder::new(purpose, &self.record)));
    }

    pub(super) fn confirm_finder(&mut self, now: DateTime<Utc>) {
        let Some(Overlay::Finder(mut finder)) = self.overlays.pop() else {
            return;
        };
        let Some(FinderOutcome {
            speaker,
            on_behalf_of,
            kind: chosen_kind,
        }) = finder.confirm(&self.record)
        else {
            // Nothing chosen yet, or a further step (the category of a new name).
            self.overlays.push(Overlay::Finder(finder));
            return;
        };
        let kind = match finder.purpose {
            FinderPurpose::Inscribe => chosen_kind.unwrap_or(InterventionKind::Statement),
            FinderPurpose::RightOfReply => InterventionKind::RightOfReply,
            FinderPurpose::PointOfOrder => InterventionKind::PointOfOrder,
            // A name for the note is inserted (`App::insert_chosen_name`), never inscribed.
            FinderPurpose::NameForNote | FinderPurpose::MergeInto(_) => return,
        };
        // A refused inscription changes nothing: its speaker is not added to the roster.
        if finder.purpose != FinderPurpose::PointOfOrder {
            let refused = self.record.list(self.agenda_item).map(|l| l.takes(kind));
            if let Some(Err(e)) = refused {
                let name = match &speaker {
                    Speaker::Existing(id) => self.record.speaker_name(*id).to_string(),
                    Speaker::New { name, .. } => name.clone(),
                };
                self.warn(format!("{name} not inscribed: {e}"));
                return;
            }
        }
        let speaker = self.participant_for(speaker);
        let kind = match (finder.purpose, chosen_kind) {
            (FinderPurpose::Inscribe, None) => {
                crate::domain::usual_kind(&self.record, self.agenda_item, speaker)
            }
            _ => kind,
        };
        let inscription = Inscription {
            speaker,
            on_behalf_of,
            kind,
            time_limit_secs: None,
        };
        match finder.purpose {
            FinderPurpose::PointOfOrder => self.start_point_of_order(inscription, now),
            FinderPurpose::Inscribe | FinderPurpose::RightOfReply => self.inscribe(inscription),
            FinderPurpose::NameForNote | FinderPurpose::MergeInto(_) => {}
        }
    }

    /// The participant chosen in the finder, added to the session's roster if new.
    fn participant_for(&mut self, speaker: Speaker) -> ParticipantId {
        match speaker {
            Speaker::Existing(id) => id,
            Speaker::New {
                name,
                category,
                organisation,
            } => {
                if let Some(p) = self.record.find_participant(&name) {
                    return p.id;
                }
                let participant = Participant {
                    id: self.record.next_participant_id(),
                    name,
                    category,
                    attendance: Default::default(),
                    organisation,
                };
                let id = participant.id;
                self.outbox
                    .push(Change::Participant(self.sid(), participant.clone()));
                self.record.participants.push(participant);
                id
            }
        }
    }

    pub(super) fn inscribe(&mut self, inscription: Inscription) {
        let item = self.agenda_item;
        let speaker = inscription.speaker;
        let kind = inscription.kind;
        let reply = kind == InterventionKind::RightOfReply;
        // A panellist inscribed to answer, after presenting, is the dialogue, not a slip.
        let already = !reply
            && self
                .record
                .list_mut(item)
                .speakers
                .iter()
                .any(|i| i.speaker == speaker && i.kind == kind);
        let name = self.record.speaker_name(speaker).to_string();
        match self.record.list_mut(item).inscribe(inscription) {
            Ok(()) => {
                self.save_list();
                if already {
                    self.warn(format!("{name} inscribed again: already on this list"));
                } else if reply {
                    self.say(format!("{name} inscribed for a right of reply"));
                } else if kind != InterventionKind::Statement {
                    let label = kind.label();
                    let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    };
                    self.say(format!("{name} inscribed for {article} {label}"));
                } else {
                    self.say(format!("{name} inscribed"));
                }
            }
            Err(e) => self.warn(format!("{name} not inscribed: {e}")),
        }
    }

    pub(super) fn remove_speaker(&mut self) {
        let item = self.agenda_item;
        match self.record.list_mut(item).take(self.selected) {
            Ok(removed) => {
                let name = self.record.speaker_name(removed.speaker).to_string();
                self.save_list();
                self.selected = self.selected.min(self.current_list_len().saturating_sub(1));
                self.say(format!("{name} taken off the list"));
            }
            Err(_) => self.warn("No speaker selected"),
        }
    }

    pub(super) fn move_speaker(&mut self, up: bool) {
        let item = self.agenda_item;
        match self.record.list_mut(item).shift(self.selected, up) {
            Ok(position) => {
                self.selected = position;
                self.save_list();
            }
            Err(_) => self.warn("No speaker selected"),
        }
    }

    pub(super) fn close_list(&mut self) {
        let item = self.agenda_item;
        let list = self.record.list_mut(item);
        list.closed = !list.closed;
        let closed = list.closed;
        self.save_list();
        self.say(if closed {
            "List of speakers closed: only rights of reply can still be inscribed"
        } else {
            "List of speakers reopened"
        });
    }

    /// Inscribes the speaker of the last intervention again, as they were (for a second round,
    /// or after removing them by mistake).
    pub(super) fn reinscribe_last(&mut self) {
        let Some(last) = self
            .record
            .interventions
            .iter()
            .rev()
            .find(|i| i.kind != InterventionKind::PointOfOrder)
        else {
            self.warn("No one has spoken yet");
            return;
        };
        let inscription = Inscription {
            speaker: last.speaker,
            on_behalf_of: last.on_behalf_of.clone(),
            kind: last.kind,
            time_limit_secs: None,
        };
        self.inscribe(inscription);
    }

    pub(super) fn switch_agenda_item(&mut self, step: isize) {
        let agenda = &self.record.agenda;
        if agenda.is_empty() {
            return;
        }
        let here = agenda
            .iter()
            .position(|a| a.id == self.agenda_item)
            .unwrap_or(0) as isize;
        let next = (here + step).rem_euclid(agenda.len() as isize) as usize;
        self.agenda_item = agenda[next].id;
        self.selected = 0;
        let heading = agenda[next].heading();
        self.say(heading);
    }
}
