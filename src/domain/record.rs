use serde::{Deserialize, Serialize};

use super::{
    AgendaItem, AgendaItemId, Intervention, Meeting, Participant, ParticipantId, Session,
    SpeakersList,
};

/// Everything known of one session: what the screen shows and what the exports read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub session: Session,
    pub meetings: Vec<Meeting>,
    pub agenda: Vec<AgendaItem>,
    pub participants: Vec<Participant>,
    /// In the order the floor was given.
    pub interventions: Vec<Intervention>,
    pub lists: Vec<SpeakersList>,
}

impl SessionRecord {
    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        // Ids are handed out in order, so the roster is usually indexed by them.
        match self.participants.get((id.0 as usize).wrapping_sub(1)) {
            Some(p) if p.id == id => Some(p),
            _ => self.participants.iter().find(|p| p.id == id),
        }
    }

    pub fn speaker_name(&self, id: ParticipantId) -> &str {
        self.participant(id)
            .map(|p| p.name.as_str())
            .unwrap_or("(unknown speaker)")
    }

    pub fn agenda_item(&self, id: AgendaItemId) -> Option<&AgendaItem> {
        self.agenda.iter().find(|a| a.id == id)
    }

    /// A moment as the room's clock showed it, `10:03:05`: the venue's time zone, whatever
    /// the laptop's clock says.
    pub fn venue_clock(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        t.with_timezone(&self.session.tz())
            .format("%H:%M:%S")
            .to_string()
    }

    pub fn meeting(&self, number: u32) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.number == number)
    }

    /// What to say of a meeting number the session does not have, with those it has.
    pub fn no_meeting(&self, number: u32) -> String {
        let numbers: Vec<String> = self.meetings.iter().map(|m| m.number.to_string()).collect();
        format!(
            "there is no meeting {number} in this session: its meetings are {}",
            numbers.join(", ")
        )
    }

    /// The list of speakers of an agenda item, created empty on first use.
    pub fn list_mut(&mut self, item: AgendaItemId) -> &mut SpeakersList {
        match self.lists.iter().position(|l| l.agenda_item == item) {
            Some(i) => &mut self.lists[i],
            None => {
                self.lists.push(SpeakersList::new(item));
                self.lists.last_mut().expect("just pushed")
            }
        }
    }

    pub fn list(&self, item: AgendaItemId) -> Option<&SpeakersList> {
        self.lists.iter().find(|l| l.agenda_item == item)
    }

    /// The intervention under way, if someone has the floor. A point of order sits on top of
    /// the intervention it interrupted, so the latest one still open is the floor.
    pub fn floor(&self) -> Option<&Intervention> {
        self.interventions.iter().rev().find(|i| i.has_floor())
    }

    /// The id after the largest; if that one is at the counter's maximum (a store can hold
    /// what an old import put there), the first free one, so that no two share an id.
    pub fn next_participant_id(&self) -> ParticipantId {
        let ids = self.participants.iter().map(|p| u64::from(p.id.0));
        ParticipantId(next_free_id(ids, u64::from(u32::MAX)) as u32)
    }

    /// As `next_participant_id`, for interventions.
    pub fn next_intervention_id(&self) -> super::InterventionId {
        let ids = self.interventions.iter().map(|i| i.id.0);
        super::InterventionId(next_free_id(ids, u64::MAX))
    }

    /// Finds a participant by name, ignoring case.
    pub fn find_participant(&self, name: &str) -> Option<&Participant> {
        let name = name.trim();
        self.participants.iter().find(|p| {
            p.name.eq_ignore_ascii_case(name) || p.name.to_lowercase() == name.to_lowercase()
        })
    }
}

/// One past the largest of `ids`, or, when that would pass `max`, the smallest id not taken.
pub fn next_free_id(ids: impl Iterator<Item = u64> + Clone, max: u64) -> u64 {
    match ids.clone().max().unwrap_or(0) {
        largest if largest < max => largest + 1,
        _ => {
            let taken: std::collections::HashSet<u64> = ids.collect();
            (1..=max).find(|id| !taken.contains(id)).unwrap_or(max)
        }
    }
}

impl SessionRecord {
    /// What a first run starts with, so the rapporteur can log at once: a session of today
    /// in the given time zone, its first meeting starting this hour, and one agenda item.
    pub fn starter(
        id: super::SessionId,
        now: chrono::DateTime<chrono::Utc>,
        time_zone: &str,
    ) -> SessionRecord {
        let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
        let meeting = Meeting::opening_now(1, now, tz);
        let today = meeting.date;
        SessionRecord {
            session: Session {
                id,
                body: "New meeting body".into(),
                number: String::new(),
                venue: String::new(),
                first_day: today,
                last_day: today,
                time_zone: tz.name().to_string(),
                chairs: Vec::new(),
                created_at: now,
                time_limits: Default::default(),
                budgets: Vec::new(),
                conflicts: Vec::new(),
                topic_labels: Default::default(),
                abbreviations: Default::default(),
                roster_merges: Vec::new(),
            },
            meetings: vec![meeting],
            agenda: vec![AgendaItem {
                id: AgendaItemId(1),
                number: "1".into(),
                title: "General discussion".into(),
            }],
            participants: Vec::new(),
            interventions: Vec::new(),
            lists: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, InterventionId, InterventionKind, SessionId};
    use chrono::{TimeZone, Utc};

    #[test]
    fn an_id_at_its_maximum_leaves_the_next_ones_distinct() {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), now, "UTC");
        for id in [1, u64::MAX] {
            record.interventions.push(Intervention::new(
                InterventionId(id),
                1,
                AgendaItemId(1),
                ParticipantId(1),
                InterventionKind::Statement,
                now,
            ));
        }
        let mut given = Vec::new();
        for _ in 0..3 {
            let id = record.next_intervention_id();
            given.push(id);
            let mut iv = record.interventions[0].clone();
            iv.id = id;
            record.interventions.push(iv);
        }
        assert_eq!(
            given,
            [InterventionId(2), InterventionId(3), InterventionId(4)]
        );

        record.participants.push(Participant {
            id: ParticipantId(u32::MAX),
            name: "Brazil".into(),
            category: Category::MemberState,
            attendance: Default::default(),
            organisation: None,
        });
        assert_eq!(record.next_participant_id(), ParticipantId(1));
    }
}
