//! The record held in memory, built from the journal's changes alone, as `recover` rebuilds a
//! store from them but without writing anything: what a follower shows, and how a stream
//! knows each note's whole text when the journal holds only an edit of it.

use std::collections::BTreeMap;

use crate::domain::{
    AgendaItem, Intervention, Meeting, Participant, Session, SessionId, SessionRecord, SpeakersList,
};
use crate::store::{Applied, Change, Position};

/// Every session the journal's changes make, keyed as the store keys them, so that a session
/// read from here comes in the order the store gives it.
#[derive(Debug, Default, Clone)]
pub struct Replica {
    sessions: BTreeMap<u64, Parts>,
    last_session: Option<SessionId>,
}

#[derive(Debug, Default, Clone)]
struct Parts {
    session: Option<Session>,
    meetings: BTreeMap<u32, Meeting>,
    agenda: BTreeMap<u32, AgendaItem>,
    participants: BTreeMap<u32, Participant>,
    /// Without their notes, as the journal holds them.
    interventions: BTreeMap<u64, Intervention>,
    notes: BTreeMap<u64, String>,
    lists: BTreeMap<u32, SpeakersList>,
    position: Option<Position>,
}

/// An edit of a note that does not apply to the text the changes before it make: a record
/// between them is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditMisses {
    pub session: SessionId,
    pub intervention: u64,
}

impl std::fmt::Display for EditMisses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "an edit of the note of intervention {} of session {} does not apply to the text \
             the journal's changes before it make",
            self.intervention, self.session.0
        )
    }
}

impl Replica {
    /// Applies one change, as the store would. An edit of a note that does not apply is left
    /// out, the note staying as it was, and said.
    pub fn apply(&mut self, change: &Change) -> Result<(), EditMisses> {
        match change {
            Change::Session(s) => self.parts(s.id).session = Some(s.clone()),
            Change::Meeting(s, m) => {
                self.parts(*s).meetings.insert(m.number, m.clone());
            }
            Change::AgendaItem(s, a) => {
                self.parts(*s).agenda.insert(a.id.0, a.clone());
            }
            Change::Participant(s, p) => {
                self.parts(*s).participants.insert(p.id.0, p.clone());
            }
            Change::Intervention(s, i) => {
                self.parts(*s).interventions.insert(i.id.0, i.clone());
            }
            Change::Note(s, i, text) => {
                self.parts(*s).notes.insert(i.0, text.clone());
            }
            Change::NoteEdit(s, i, edit) => {
                let notes = &mut self.parts(*s).notes;
                let held = notes.get(&i.0).map(String::as_str).unwrap_or_default();
                match edit.apply_to(held) {
                    Applied::Edited(text) => {
                        notes.insert(i.0, text);
                    }
                    Applied::Already => {}
                    Applied::OtherText => {
                        return Err(EditMisses {
                            session: *s,
                            intervention: i.0,
                        })
                    }
                }
            }
            Change::List(s, l) => {
                self.parts(*s).lists.insert(l.agenda_item.0, l.clone());
            }
            Change::RemoveIntervention(s, i) => {
                let parts = self.parts(*s);
                parts.interventions.remove(&i.0);
                parts.notes.remove(&i.0);
            }
            Change::LastSession(s) => self.last_session = Some(*s),
            Change::Position(s, p) => self.parts(*s).position = Some(*p),
            Change::RemoveMeeting(s, n) => {
                self.parts(*s).meetings.remove(n);
            }
            Change::RemoveAgendaItem(s, a) => {
                self.parts(*s).agenda.remove(&a.0);
            }
            Change::RemoveParticipant(s, p) => {
                self.parts(*s).participants.remove(&p.0);
            }
            Change::RemoveList(s, a) => {
                self.parts(*s).lists.remove(&a.0);
            }
            Change::RemoveSession(s) => {
                self.sessions.remove(&s.0);
                if self.last_session == Some(*s) {
                    self.last_session = None;
                }
            }
        }
        Ok(())
    }

    fn parts(&mut self, s: SessionId) -> &mut Parts {
        self.sessions.entry(s.0).or_default()
    }

    /// The session last opened, or else the one created last, as the store says.
    pub fn most_recent_session(&self) -> Option<SessionId> {
        let held = |s: &SessionId| {
            self.sessions
                .get(&s.0)
                .is_some_and(|parts| parts.session.is_some())
        };
        self.last_session.filter(held).or_else(|| {
            self.sessions
                .iter()
                .rev()
                .find(|(_, parts)| parts.session.is_some())
                .map(|(id, _)| SessionId(*id))
        })
    }

    /// Session `id` whole, notes in place, as `Store::load` reads it.
    pub fn session(&self, id: SessionId) -> Option<SessionRecord> {
        let parts = self.sessions.get(&id.0)?;
        let interventions = parts
            .interventions
            .values()
            .map(|iv| {
                let mut iv = iv.clone();
                iv.set_note(parts.notes.get(&iv.id.0).cloned().unwrap_or_default());
                iv.settle_live_record();
                iv
            })
            .collect();
        Some(SessionRecord {
            session: parts.session.clone()?,
            meetings: parts.meetings.values().cloned().collect(),
            agenda: parts.agenda.values().cloned().collect(),
            participants: parts.participants.values().cloned().collect(),
            interventions,
            lists: parts.lists.values().cloned().collect(),
        })
    }

    /// Where the user was in session `id`, if the app said.
    pub fn position(&self, id: SessionId) -> Option<Position> {
        self.sessions.get(&id.0).and_then(|parts| parts.position)
    }

    /// The whole text of a note, as the changes so far make it.
    pub fn note(&self, s: SessionId, intervention: u64) -> Option<&str> {
        self.sessions
            .get(&s.0)
            .and_then(|parts| parts.notes.get(&intervention))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InterventionId;

    fn starter() -> SessionRecord {
        SessionRecord::starter(SessionId(1), chrono::Utc::now(), "UTC")
    }

    #[test]
    fn a_session_read_back_is_the_one_its_changes_wrote() {
        let record = starter();
        let mut replica = Replica::default();
        replica
            .apply(&Change::Session(record.session.clone()))
            .unwrap();
        for m in &record.meetings {
            replica
                .apply(&Change::Meeting(SessionId(1), m.clone()))
                .unwrap();
        }
        for a in &record.agenda {
            replica
                .apply(&Change::AgendaItem(SessionId(1), a.clone()))
                .unwrap();
        }
        assert_eq!(replica.most_recent_session(), Some(SessionId(1)));
        let read = replica.session(SessionId(1)).unwrap();
        assert_eq!(read.session, record.session);
        assert_eq!(read.meetings, record.meetings);
        assert_eq!(read.agenda, record.agenda);
        replica.apply(&Change::RemoveSession(SessionId(1))).unwrap();
        assert_eq!(replica.most_recent_session(), None);
    }

    #[test]
    fn an_edit_of_a_note_applies_to_its_text_and_one_that_misses_is_said() {
        let mut replica = Replica::default();
        let (s, i) = (SessionId(1), InterventionId(3));
        replica.apply(&Change::Note(s, i, "Chile".into())).unwrap();
        let edit =
            crate::store::NoteEdit::between("Chile", crc32fast::hash(b"Chile"), "Chile supported")
                .unwrap();
        replica
            .apply(&Change::NoteEdit(s, i, edit.clone()))
            .unwrap();
        assert_eq!(replica.note(s, 3), Some("Chile supported"));
        // The same edit again: the note is already its outcome.
        replica.apply(&Change::NoteEdit(s, i, edit)).unwrap();
        let other =
            crate::store::NoteEdit::between("Fiji", crc32fast::hash(b"Fiji"), "Fiji agreed")
                .unwrap();
        assert!(replica.apply(&Change::NoteEdit(s, i, other)).is_err());
        assert_eq!(replica.note(s, 3), Some("Chile supported"));
    }
}
