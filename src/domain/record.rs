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

    pub fn meeting(&self, number: u32) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.number == number)
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

    pub fn next_participant_id(&self) -> ParticipantId {
        ParticipantId(self.participants.iter().map(|p| p.id.0).max().unwrap_or(0) + 1)
    }

    pub fn next_intervention_id(&self) -> super::InterventionId {
        super::InterventionId(self.interventions.iter().map(|i| i.id.0).max().unwrap_or(0) + 1)
    }

    /// Finds a participant by name, ignoring case.
    pub fn find_participant(&self, name: &str) -> Option<&Participant> {
        let name = name.trim();
        self.participants.iter().find(|p| {
            p.name.eq_ignore_ascii_case(name) || p.name.to_lowercase() == name.to_lowercase()
        })
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
