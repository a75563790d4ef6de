use serde::{Deserialize, Serialize};

use super::{AgendaItemId, InterventionKind, ParticipantId};

/// A request for the floor, as it stands on a list of speakers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inscription {
    pub speaker: ParticipantId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    #[serde(default)]
    pub kind: InterventionKind,
    /// A limit set for this speaker alone, overriding the session's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_secs: Option<u32>,
}

impl Inscription {
    pub fn statement(speaker: ParticipantId) -> Self {
        Inscription {
            speaker,
            on_behalf_of: None,
            kind: InterventionKind::Statement,
            time_limit_secs: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error("the list of speakers is closed: only rights of reply can still be inscribed")]
    Closed,
    #[error("no speaker at position {0} on the list")]
    NoSuchPosition(usize),
}

/// The list of speakers of one agenda item: the speakers in the order they asked for the floor,
/// then, in their own section, the rights of reply, which UN practice takes at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakersList {
    pub agenda_item: AgendaItemId,
    #[serde(default)]
    pub speakers: Vec<Inscription>,
    #[serde(default)]
    pub replies: Vec<Inscription>,
    #[serde(default)]
    pub closed: bool,
}

impl SpeakersList {
    pub fn new(agenda_item: AgendaItemId) -> Self {
        SpeakersList {
            agenda_item,
            speakers: Vec::new(),
            replies: Vec::new(),
            closed: false,
        }
    }

    /// Inscribes at the end of the list (a right of reply at the end of its own section).
    /// A closed list still takes rights of reply.
    pub fn inscribe(&mut self, inscription: Inscription) -> Result<(), ListError> {
        self.takes(inscription.kind)?;
        if inscription.kind == InterventionKind::RightOfReply {
            self.replies.push(inscription);
        } else {
            self.speakers.push(inscription);
        }
        Ok(())
    }

    /// Whether an inscription of this kind would be taken, asked before anything else is
    /// done for it (adding its speaker to the roster), so that a refusal changes nothing.
    pub fn takes(&self, kind: InterventionKind) -> Result<(), ListError> {
        if self.closed && kind != InterventionKind::RightOfReply {
            return Err(ListError::Closed);
        }
        Ok(())
    }

    /// Whether this speaker already waits on the list (for a warning, not a refusal: a
    /// delegation may well speak twice).
    pub fn is_inscribed(&self, speaker: ParticipantId) -> bool {
        self.speakers.iter().any(|i| i.speaker == speaker)
    }

    /// All waiting inscriptions, speakers first then rights of reply, as the chair calls them.
    pub fn in_order(&self) -> impl DoubleEndedIterator<Item = &Inscription> {
        self.speakers.iter().chain(self.replies.iter())
    }

    pub fn len(&self) -> usize {
        self.speakers.len() + self.replies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes the inscription at `position` (counted across both sections) off the list.
    pub fn take(&mut self, position: usize) -> Result<Inscription, ListError> {
        if position < self.speakers.len() {
            Ok(self.speakers.remove(position))
        } else if position - self.speakers.len() < self.replies.len() {
            Ok(self.replies.remove(position - self.speakers.len()))
        } else {
            Err(ListError::NoSuchPosition(position))
        }
    }

    /// Takes the next speaker: the head of the list, or the first right of reply once the list
    /// is exhausted.
    pub fn take_next(&mut self) -> Option<Inscription> {
        self.take(0).ok()
    }

    /// Moves the inscription at `position` one place up (`up`) or down within its section
    /// (a right of reply stays among the replies). Returns its new position.
    pub fn shift(&mut self, position: usize, up: bool) -> Result<usize, ListError> {
        let speakers = self.speakers.len();
        let (section, offset) = if position < speakers {
            (&mut self.speakers, 0)
        } else if position - speakers < self.replies.len() {
            (&mut self.replies, speakers)
        } else {
            return Err(ListError::NoSuchPosition(position));
        };
        let i = position - offset;
        let j = if up {
            i.saturating_sub(1)
        } else {
            (i + 1).min(section.len() - 1)
        };
        section.swap(i, j);
        Ok(j + offset)
    }

    /// Puts an inscription back at `position` (counted across both sections, as `take`
    /// counts it), undoing a floor given from there: the list is as it was before. A position
    /// past its section's end puts it at that end; a right of reply stays among the replies.
    pub fn put_back(&mut self, position: usize, inscription: Inscription) {
        if inscription.kind == InterventionKind::RightOfReply {
            let at = position
                .saturating_sub(self.speakers.len())
                .min(self.replies.len());
            self.replies.insert(at, inscription);
        } else {
            let at = position.min(self.speakers.len());
            self.speakers.insert(at, inscription);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_of(ids: &[u32]) -> SpeakersList {
        let mut l = SpeakersList::new(AgendaItemId(1));
        for id in ids {
            l.inscribe(Inscription::statement(ParticipantId(*id)))
                .unwrap();
        }
        l
    }

    fn reply(id: u32) -> Inscription {
        Inscription {
            kind: InterventionKind::RightOfReply,
            ..Inscription::statement(ParticipantId(id))
        }
    }

    #[test]
    fn speakers_come_in_the_order_they_asked() {
        let mut l = list_of(&[5, 3, 9]);
        let order: Vec<u32> = std::iter::from_fn(|| l.take_next())
            .map(|i| i.speaker.0)
            .collect();
        assert_eq!(order, [5, 3, 9]);
    }

    #[test]
    fn a_closed_list_refuses_speakers_but_takes_replies() {
        let mut l = list_of(&[1]);
        l.closed = true;
        assert_eq!(l.takes(InterventionKind::Statement), Err(ListError::Closed));
        assert_eq!(l.takes(InterventionKind::RightOfReply), Ok(()));
        assert_eq!(
            l.inscribe(Inscription::statement(ParticipantId(2))),
            Err(ListError::Closed)
        );
        l.inscribe(reply(7)).unwrap();
        assert_eq!(l.len(), 2);
        l.closed = false;
        l.inscribe(Inscription::statement(ParticipantId(2)))
            .unwrap();
        let order: Vec<u32> = l.in_order().map(|i| i.speaker.0).collect();
        assert_eq!(order, [1, 2, 7], "rights of reply come after the list");
    }

    #[test]
    fn moving_stays_within_its_section() {
        let mut l = list_of(&[1, 2, 3]);
        l.inscribe(reply(4)).unwrap();
        l.inscribe(reply(5)).unwrap();
        assert_eq!(l.shift(2, true), Ok(1));
        assert_eq!(l.shift(0, true), Ok(0), "the head stays the head");
        assert_eq!(
            l.shift(2, false),
            Ok(2),
            "the last speaker does not jump into the replies"
        );
        assert_eq!(
            l.shift(3, true),
            Ok(3),
            "the first reply does not jump into the list"
        );
        assert_eq!(l.shift(3, false), Ok(4));
        assert_eq!(l.shift(9, false), Err(ListError::NoSuchPosition(9)));
        let order: Vec<u32> = l.in_order().map(|i| i.speaker.0).collect();
        assert_eq!(order, [1, 3, 2, 5, 4]);
    }

    #[test]
    fn taking_out_of_order_and_putting_back() {
        let mut l = list_of(&[1, 2, 3]);
        l.inscribe(reply(4)).unwrap();
        assert_eq!(l.take(3).unwrap().speaker, ParticipantId(4));
        assert_eq!(l.take(1).unwrap().speaker, ParticipantId(2));
        assert_eq!(l.take(5), Err(ListError::NoSuchPosition(5)));
        l.put_back(1, Inscription::statement(ParticipantId(2)));
        let order: Vec<u32> = l.in_order().map(|i| i.speaker.0).collect();
        assert_eq!(order, [1, 2, 3], "back in its place, not on top");
        assert!(l.is_inscribed(ParticipantId(3)));
        assert!(!l.is_inscribed(ParticipantId(4)));
    }

    #[test]
    fn taking_from_anywhere_and_putting_back_leaves_the_list_as_it_was() {
        for position in 0..5 {
            let mut l = list_of(&[1, 2, 3]);
            l.inscribe(reply(4)).unwrap();
            l.inscribe(reply(5)).unwrap();
            let before = l.clone();
            let taken = l.take(position).unwrap();
            l.put_back(position, taken);
            assert_eq!(l, before, "taken from {position}");
        }
        // A place that no longer exists (the list changed meanwhile): the end of its section.
        let mut l = list_of(&[1]);
        l.put_back(7, Inscription::statement(ParticipantId(2)));
        l.put_back(0, reply(3));
        let order: Vec<u32> = l.in_order().map(|i| i.speaker.0).collect();
        assert_eq!(order, [1, 2, 3]);
    }
}
