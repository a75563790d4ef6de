//! What a change to a session's set-up (its details, agenda, sittings, roster, limits) did
//! to the record, part by part: enough for the store to save just those parts, and for the
//! app to take the change back later without touching what was recorded since.

use super::{
    AgendaItem, AgendaItemId, Intervention, InterventionId, Meeting, Participant, ParticipantId,
    Session, SessionRecord, SpeakersList,
};

/// The parts of a record that differ from another one, each as it is in that other one
/// (`None`: it is not there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patch {
    pub session: Option<Session>,
    pub meetings: Vec<(u32, Option<Meeting>)>,
    pub agenda: Vec<(AgendaItemId, Option<AgendaItem>)>,
    pub participants: Vec<(ParticipantId, Option<Participant>)>,
    pub interventions: Vec<(InterventionId, Option<Intervention>)>,
    pub lists: Vec<(AgendaItemId, Option<SpeakersList>)>,
}

/// The parts of `before` and `after` keyed by `key` that differ, each as `after` has it.
fn differing<T: Clone + PartialEq, K: Copy + Eq + std::hash::Hash>(
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<(K, Option<T>)> {
    let old: std::collections::HashMap<K, &T> = before.iter().map(|t| (key(t), t)).collect();
    let new: std::collections::HashMap<K, &T> = after.iter().map(|t| (key(t), t)).collect();
    let changed = after
        .iter()
        .filter(|t| old.get(&key(t)) != Some(t))
        .map(|t| (key(t), Some(t.clone())));
    let gone = before
        .iter()
        .filter(|t| !new.contains_key(&key(t)))
        .map(|t| (key(t), None));
    changed.chain(gone).collect()
}

/// Puts `part` in `parts` in place of the one with its key, or where `key` orders it, or
/// takes the one with that key out when `part` is `None`.
fn put<T: Clone, K: Copy + Eq + Ord>(
    parts: &mut Vec<T>,
    k: K,
    part: &Option<T>,
    key: impl Fn(&T) -> K,
) {
    let at = parts.iter().position(|t| key(t) == k);
    match (at, part) {
        (Some(i), Some(p)) => parts[i] = p.clone(),
        (Some(i), None) => {
            parts.remove(i);
        }
        (None, Some(p)) => {
            let i = parts.iter().position(|t| key(t) > k).unwrap_or(parts.len());
            parts.insert(i, p.clone());
        }
        (None, None) => {}
    }
}

/// Whether `parts` holds `part` under key `k` (or nothing under it, when `part` is `None`).
fn holds<T: PartialEq, K: Copy + Eq>(
    parts: &[T],
    k: K,
    part: &Option<T>,
    key: impl Fn(&T) -> K,
) -> bool {
    parts.iter().find(|t| key(t) == k) == part.as_ref()
}

fn meeting_key(m: &Meeting) -> u32 {
    m.number
}
fn item_key(a: &AgendaItem) -> AgendaItemId {
    a.id
}
fn participant_key(p: &Participant) -> ParticipantId {
    p.id
}
fn intervention_key(i: &Intervention) -> InterventionId {
    i.id
}
fn list_key(l: &SpeakersList) -> AgendaItemId {
    l.agenda_item
}

impl Patch {
    /// What turns `before` into `after`.
    pub fn between(before: &SessionRecord, after: &SessionRecord) -> Patch {
        Patch {
            session: (before.session != after.session).then(|| after.session.clone()),
            meetings: differing(&before.meetings, &after.meetings, meeting_key),
            agenda: differing(&before.agenda, &after.agenda, item_key),
            participants: differing(&before.participants, &after.participants, participant_key),
            interventions: differing(
                &before.interventions,
                &after.interventions,
                intervention_key,
            ),
            lists: differing(&before.lists, &after.lists, list_key),
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &Patch::default()
    }

    /// Puts every part of the patch into `record`. Interventions take their place by start,
    /// as the floor was given; agenda items, meetings and participants by id or number, as
    /// the store reads them back.
    pub fn apply_to(&self, record: &mut SessionRecord) {
        if let Some(s) = &self.session {
            record.session = s.clone();
        }
        for (k, m) in &self.meetings {
            put(&mut record.meetings, *k, m, meeting_key);
        }
        for (k, a) in &self.agenda {
            put(&mut record.agenda, *k, a, item_key);
        }
        for (k, p) in &self.participants {
            put(&mut record.participants, *k, p, participant_key);
        }
        for (k, i) in &self.interventions {
            put(&mut record.interventions, *k, i, intervention_key);
        }
        record.interventions.sort_by_key(|i| (i.started_at, i.id));
        for (k, l) in &self.lists {
            put(&mut record.lists, *k, l, list_key);
        }
    }

    /// Whether every part of the patch is in `record` as the patch has it: nothing it touched
    /// has changed since.
    pub fn holds_in(&self, record: &SessionRecord) -> bool {
        self.session.as_ref().is_none_or(|s| &record.session == s)
            && self
                .meetings
                .iter()
                .all(|(k, m)| holds(&record.meetings, *k, m, meeting_key))
            && self
                .agenda
                .iter()
                .all(|(k, a)| holds(&record.agenda, *k, a, item_key))
            && self
                .participants
                .iter()
                .all(|(k, p)| holds(&record.participants, *k, p, participant_key))
            && self
                .interventions
                .iter()
                .all(|(k, i)| holds(&record.interventions, *k, i, intervention_key))
            && self
                .lists
                .iter()
                .all(|(k, l)| holds(&record.lists, *k, l, list_key))
    }
}

/// A set-up change as made, with what takes it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupChange {
    /// What the change was, in the meeting's words: "Agenda item 5 added".
    pub what: String,
    pub made: Patch,
    pub taken_back: Patch,
}

impl SetupChange {
    pub fn new(what: impl Into<String>, before: &SessionRecord, after: &SessionRecord) -> Self {
        SetupChange {
            what: what.into(),
            made: Patch::between(before, after),
            taken_back: Patch::between(after, before),
        }
    }

    /// Takes the change back out of `record`, if nothing it touched has changed since; the
    /// patch that did it, for the store.
    pub fn undo(&self, record: &mut SessionRecord) -> Option<&Patch> {
        if !self.made.holds_in(record) {
            return None;
        }
        self.taken_back.apply_to(record);
        Some(&self.taken_back)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Attendance, Category};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn record() -> SessionRecord {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut r = SessionRecord {
            session: Session {
                id: crate::domain::SessionId(1),
                body: "Working Group on Trafficking in Persons".into(),
                number: "Fourteenth session".into(),
                venue: "Vienna".into(),
                first_day: day,
                last_day: day,
                time_zone: "Europe/Vienna".into(),
                chairs: vec![],
                created_at: Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(),
                time_limits: Default::default(),
                budgets: vec![],
                conflicts: vec![],
                topic_labels: Default::default(),
                abbreviations: Default::default(),
                roster_merges: Vec::new(),
            },
            meetings: vec![],
            agenda: vec![
                AgendaItem {
                    id: AgendaItemId(1),
                    number: "1".into(),
                    title: "Opening of the session".into(),
                },
                AgendaItem {
                    id: AgendaItemId(3),
                    number: "3".into(),
                    title: "Other matters".into(),
                },
            ],
            participants: vec![Participant {
                id: ParticipantId(1),
                name: "Kenya".into(),
                category: Category::MemberState,
                attendance: Attendance::InRoom,
                organisation: None,
            }],
            interventions: vec![],
            lists: vec![],
        };
        r.meetings.push(Meeting {
            number: 1,
            date: day,
            scheduled_start: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            scheduled_end: chrono::NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            note: String::new(),
            recording: Default::default(),
        });
        r
    }

    #[test]
    fn a_change_is_saved_part_by_part_and_taken_back_whole() {
        let before = record();
        let mut after = before.clone();
        after.agenda.insert(
            1,
            AgendaItem {
                id: AgendaItemId(2),
                number: "2".into(),
                title: "Adoption of the agenda".into(),
            },
        );
        after.participants[0].name = "Republic of Kenya".into();
        after.meetings.clear();
        let change = SetupChange::new("set-up", &before, &after);
        assert_eq!(change.made.agenda.len(), 1);
        assert_eq!(change.made.participants.len(), 1);
        assert_eq!(change.made.meetings, vec![(1, None)]);
        assert!(change.made.session.is_none());

        let mut applied = before.clone();
        change.made.apply_to(&mut applied);
        assert_eq!(applied, after);

        let mut undone = after.clone();
        assert!(change.undo(&mut undone).is_some());
        assert_eq!(undone, before);
    }

    #[test]
    fn a_change_is_not_taken_back_over_a_later_one() {
        let before = record();
        let mut after = before.clone();
        after.participants[0].name = "Republic of Kenya".into();
        let change = SetupChange::new("rename", &before, &after);
        let mut later = after.clone();
        later.participants[0].name = "Kenya (Republic of)".into();
        assert!(change.undo(&mut later).is_none());
        assert_eq!(later.participants[0].name, "Kenya (Republic of)");
    }

    #[test]
    fn nothing_changed_is_an_empty_patch() {
        let r = record();
        assert!(Patch::between(&r, &r.clone()).is_empty());
    }
}
