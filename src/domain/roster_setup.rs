//! Keeping the roster true as the session goes: a participant renamed, recategorised,
//! moved between the room and the screen, or merged with the entry that was made twice
//! (a typo, a short and a long form).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    Attendance, BudgetHolder, Category, InterventionId, Participant, ParticipantId, SessionRecord,
};

/// A roster entry merged into another, kept in the session so that a merge found wrong later
/// (two delegations taken for one) can be taken back: the entry as it was, and the
/// interventions it spoke and those spoken on its behalf when it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterMerge {
    pub at: DateTime<Utc>,
    pub gone: Participant,
    pub into: ParticipantId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spoke: Vec<InterventionId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spoken_for: Vec<InterventionId>,
}

impl RosterMerge {
    /// The interventions the entry spoke that still name the entry it went into: those
    /// taking the merge back moves back (the others were corrected or merged since).
    pub fn moving_back(&self, record: &SessionRecord) -> Vec<InterventionId> {
        record
            .interventions
            .iter()
            .filter(|iv| self.spoke.contains(&iv.id) && iv.speaker == self.into)
            .map(|iv| iv.id)
            .collect()
    }
}

/// What taking a merge back did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmerged {
    /// The entry back on the roster (its old id if still free).
    pub back: ParticipantId,
    /// The name it had been merged into.
    pub from: String,
    /// The interventions that name it again.
    pub moved_back: Vec<InterventionId>,
    /// Interventions it spoke that name someone else than the entry it went into (corrected
    /// or merged since): left as they are.
    pub left: Vec<InterventionId>,
}

/// Why a change to the roster was refused, said so that the reader knows what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("no one named {0:?} on the roster: check the spelling, or list the roster to see who is on it")]
    Unknown(String),
    #[error("a participant needs a name")]
    NoName,
    #[error("{0} is already on the roster: if the two are the same, merge one into the other")]
    NameTaken(String),
    #[error("{0} cannot be merged into itself: name two different participants")]
    IntoItself(String),
    #[error(
        "{0:?} was not merged into another entry in this session: `rapporteur roster list` \
         shows the merges that can be taken back"
    )]
    NotMerged(String),
    #[error(
        "{0} is on the roster again: rename it first (`rapporteur roster rename`), so that \
         the merge taken back does not make two entries of one name"
    )]
    BackOnRoster(String),
}

impl SessionRecord {
    /// The participant of this name or short form, ignoring case.
    pub fn participant_named(&self, name: &str) -> Result<ParticipantId, RosterError> {
        self.find_participant(name)
            .map(|p| p.id)
            .ok_or_else(|| RosterError::Unknown(name.trim().to_string()))
    }

    fn participant_mut(
        &mut self,
        id: ParticipantId,
    ) -> Result<&mut super::Participant, RosterError> {
        self.participants
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| RosterError::Unknown(format!("with id {}", id.0)))
    }

    /// Renames a participant; a name another one already has is refused, since the two are
    /// then most likely one, to be merged. Statements made on behalf of the old name follow.
    pub fn rename_participant(&mut self, id: ParticipantId, name: &str) -> Result<(), RosterError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(RosterError::NoName);
        }
        if let Some(other) = self.find_participant(name).filter(|p| p.id != id) {
            return Err(RosterError::NameTaken(other.name.clone()));
        }
        let old = std::mem::replace(&mut self.participant_mut(id)?.name, name.to_string());
        self.rename_group(&old, name);
        Ok(())
    }

    pub fn set_category(
        &mut self,
        id: ParticipantId,
        category: Category,
    ) -> Result<(), RosterError> {
        self.participant_mut(id)?.category = category;
        Ok(())
    }

    pub fn set_attendance(
        &mut self,
        id: ParticipantId,
        attendance: Attendance,
    ) -> Result<(), RosterError> {
        self.participant_mut(id)?.attendance = attendance;
        Ok(())
    }

    /// Merges participant `from` into `into`: every intervention (in every version of its
    /// facts), inscription, time budget and "on behalf of" that names it names the other,
    /// and it leaves the roster. How many interventions moved.
    /// The merge is kept in the session (`RosterMerge`), to be taken back.
    pub fn merge_participant(
        &mut self,
        from: ParticipantId,
        into: ParticipantId,
        at: DateTime<Utc>,
    ) -> Result<usize, RosterError> {
        let entry = self.participant_mut(from)?.clone();
        let gone = entry.name.clone();
        let kept = self.participant_mut(into)?.name.clone();
        if from == into {
            return Err(RosterError::IntoItself(gone));
        }
        let new = |p: ParticipantId| if p == from { into } else { p };
        let spoke: Vec<InterventionId> = self
            .interventions
            .iter()
            .filter(|iv| iv.speaker == from)
            .map(|iv| iv.id)
            .collect();
        let spoken_for = self
            .interventions
            .iter()
            .filter(|iv| iv.on_behalf_of.as_deref() == Some(gone.as_str()))
            .map(|iv| iv.id)
            .collect();
        let moved = spoke.len();
        self.session.roster_merges.push(RosterMerge {
            at,
            gone: entry,
            into,
            spoke,
            spoken_for,
        });
        for iv in &mut self.interventions {
            iv.rename_ids(new, |a| a);
        }
        for list in &mut self.lists {
            for inscription in list.speakers.iter_mut().chain(list.replies.iter_mut()) {
                inscription.speaker = new(inscription.speaker);
            }
            // Inscribed under both names, the speaker keeps the earlier place.
            for section in [&mut list.speakers, &mut list.replies] {
                let mut seen = Vec::new();
                section.retain(|i| {
                    let key = (i.speaker, i.kind, i.on_behalf_of.clone());
                    let first = !seen.contains(&key);
                    seen.push(key);
                    first
                });
            }
        }
        for b in &mut self.session.budgets {
            if b.holder == BudgetHolder::Delegation(from) {
                b.holder = BudgetHolder::Delegation(into);
            }
        }
        // A budget under both names keeps the surviving one's.
        let mut seen = Vec::new();
        self.session.budgets.retain(|b| {
            let key = (b.agenda_item, b.holder.clone());
            let first = !seen.contains(&key);
            seen.push(key);
            first
        });
        self.rename_group(&gone, &kept);
        self.participants.retain(|p| p.id != from);
        Ok(moved)
    }

    /// Takes back the last merge of the entry named `name` into another: the entry is on
    /// the roster again and the interventions it spoke, and those spoken on its behalf, name
    /// it again (in every version of their facts), unless they name someone else by now.
    /// Inscriptions and time budgets stay with the entry it went into.
    pub fn unmerge_participant(&mut self, name: &str) -> Result<Unmerged, RosterError> {
        let wanted = crate::roster::search_key(name);
        let at = self
            .session
            .roster_merges
            .iter()
            .rposition(|m| crate::roster::search_key(&m.gone.name) == wanted)
            .ok_or_else(|| RosterError::NotMerged(name.trim().to_string()))?;
        let merge = self.session.roster_merges[at].clone();
        if let Some(p) = self.find_participant(&merge.gone.name) {
            return Err(RosterError::BackOnRoster(p.name.clone()));
        }
        let from = self
            .participant(merge.into)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let taken = self.participants.iter().any(|p| p.id == merge.gone.id);
        let back = if taken {
            self.next_participant_id()
        } else {
            merge.gone.id
        };
        // In its place by id, where the roster lists it.
        let place = self
            .participants
            .iter()
            .position(|p| p.id > back)
            .unwrap_or(self.participants.len());
        self.participants.insert(
            place,
            Participant {
                id: back,
                ..merge.gone.clone()
            },
        );
        let moved_back = merge.moving_back(self);
        let mut left = Vec::new();
        for iv in &mut self.interventions {
            if moved_back.contains(&iv.id) {
                iv.rename_ids(|p| if p == merge.into { back } else { p }, |a| a);
            } else if merge.spoke.contains(&iv.id) {
                left.push(iv.id);
            }
        }
        for id in &merge.spoken_for {
            if let Some(iv) = self.interventions.iter_mut().find(|iv| iv.id == *id) {
                if iv.on_behalf_of.as_deref() == Some(from.as_str()) {
                    iv.on_behalf_of = Some(merge.gone.name.clone());
                }
            }
        }
        self.session.roster_merges.remove(at);
        Ok(Unmerged {
            back,
            from,
            moved_back,
            left,
        })
    }

    /// "On behalf of" `old`, wherever it is written, becomes on behalf of `new`.
    fn rename_group(&mut self, old: &str, new: &str) {
        let rename = |g: &mut Option<String>| {
            if g.as_deref() == Some(old) {
                *g = Some(new.to_string());
            }
        };
        for iv in &mut self.interventions {
            rename(&mut iv.on_behalf_of);
            for facts in iv
                .live_facts
                .iter_mut()
                .chain(iv.fact_corrections.iter_mut().map(|v| &mut v.facts))
            {
                rename(&mut facts.on_behalf_of);
            }
        }
        for list in &mut self.lists {
            for inscription in list.speakers.iter_mut().chain(list.replies.iter_mut()) {
                rename(&mut inscription.on_behalf_of);
            }
        }
        for b in &mut self.session.budgets {
            if b.holder == BudgetHolder::Group(old.to_string()) {
                b.holder = BudgetHolder::Group(new.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{member_state, statement_made};
    use crate::domain::{
        AgendaItemId, Correction, Inscription, InterventionKind, Participant, SessionId, TimeBudget,
    };
    use chrono::{TimeZone, Utc};

    /// Kenya (1), "Keyna" (2, a typo) and European Union (3); Keyna spoke twice, once on
    /// behalf of the EU, and waits on the list beside Kenya; each has a budget.
    fn record() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let mut r = SessionRecord::starter(SessionId(1), now, "UTC");
        for (id, name) in [(1, "Kenya"), (2, "Keyna"), (3, "European Union")] {
            r.participants.push(member_state(id, name));
        }
        for id in 1..=2 {
            r.interventions
                .push(statement_made(id, AgendaItemId(1), ParticipantId(2), now));
        }
        r.interventions[1].on_behalf_of = Some("European Union".into());
        let list = r.list_mut(AgendaItemId(1));
        list.inscribe(Inscription::statement(ParticipantId(1)))
            .unwrap();
        list.inscribe(Inscription::statement(ParticipantId(2)))
            .unwrap();
        list.inscribe(Inscription {
            on_behalf_of: Some("European Union".into()),
            ..Inscription::statement(ParticipantId(2))
        })
        .unwrap();
        for id in [1, 2] {
            r.session.budgets.push(TimeBudget {
                agenda_item: AgendaItemId(1),
                holder: BudgetHolder::Delegation(ParticipantId(id)),
                secs: 600 * id,
            });
        }
        r.session.budgets.push(TimeBudget {
            agenda_item: AgendaItemId(1),
            holder: BudgetHolder::Group("European Union".into()),
            secs: 300,
        });
        r
    }

    #[test]
    fn a_rename_to_a_name_on_the_roster_proposes_a_merge() {
        let mut r = record();
        let err = r.rename_participant(ParticipantId(2), "kenya").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Kenya is already on the roster: if the two are the same, merge one into the other"
        );
        assert_eq!(
            r.rename_participant(ParticipantId(2), " "),
            Err(RosterError::NoName)
        );
        r.rename_participant(ParticipantId(1), "KENYA").unwrap();
        assert_eq!(r.participants[0].name, "KENYA");
    }

    #[test]
    fn a_rename_carries_on_behalf_of_with_it() {
        let mut r = record();
        r.rename_participant(ParticipantId(3), "EU").unwrap();
        assert_eq!(r.interventions[1].on_behalf_of.as_deref(), Some("EU"));
        let list = r.list(AgendaItemId(1)).unwrap();
        assert_eq!(list.speakers[2].on_behalf_of.as_deref(), Some("EU"));
        assert_eq!(
            r.session.budgets[2].holder,
            BudgetHolder::Group("EU".into())
        );
    }

    #[test]
    fn category_and_attendance_are_set() {
        let mut r = record();
        r.set_category(ParticipantId(3), Category::IntergovernmentalOrganization)
            .unwrap();
        r.set_attendance(ParticipantId(3), Attendance::Online)
            .unwrap();
        assert_eq!(
            r.participants[2].category,
            Category::IntergovernmentalOrganization
        );
        assert_eq!(r.participants[2].attendance, Attendance::Online);
        assert!(r.set_category(ParticipantId(9), Category::Ngo).is_err());
    }

    /// The first intervention put right as a question: a second version of its facts, so
    /// that a merge is seen to rename every version.
    fn with_a_corrected_kind(mut r: SessionRecord) -> SessionRecord {
        let question = Correction {
            kind: Some(InterventionKind::Question),
            ..Default::default()
        };
        r.interventions[0].correct(&question, Utc::now()).unwrap();
        r
    }

    #[test]
    fn a_merge_moves_everything_to_the_surviving_entry() {
        let mut r = with_a_corrected_kind(record());
        assert_eq!(
            r.merge_participant(ParticipantId(2), ParticipantId(1), Utc::now()),
            Ok(2)
        );
        assert!(r.participant(ParticipantId(2)).is_none());
        assert!(r
            .interventions
            .iter()
            .all(|iv| iv.speaker == ParticipantId(1)));
        assert_eq!(r.interventions[0].live_facts().speaker, ParticipantId(1));
        assert_eq!(
            r.interventions[0].fact_corrections[0].facts.speaker,
            ParticipantId(1)
        );
        let list = r.list(AgendaItemId(1)).unwrap();
        let waiting: Vec<_> = list
            .speakers
            .iter()
            .map(|i| (i.speaker, i.on_behalf_of.as_deref()))
            .collect();
        assert_eq!(
            waiting,
            [
                (ParticipantId(1), None),
                (ParticipantId(1), Some("European Union"))
            ],
            "inscribed under both names, the earlier place is kept"
        );
        assert_eq!(r.session.budgets.len(), 2);
        assert_eq!(
            r.session.budgets[0].secs, 600,
            "the surviving entry's budget is kept"
        );
        assert_eq!(
            r.merge_participant(ParticipantId(1), ParticipantId(1), Utc::now()),
            Err(RosterError::IntoItself("Kenya".into()))
        );
    }

    /// Two delegations taken for one: the merge is taken back, every intervention the entry
    /// spoke and those spoken on its behalf name it again, in every version of their facts;
    /// one corrected to someone else since is left as it is, and said.
    #[test]
    fn a_merge_found_wrong_is_taken_back() {
        let mut r = with_a_corrected_kind(record());
        let before = r.clone();
        r.merge_participant(ParticipantId(2), ParticipantId(1), Utc::now())
            .unwrap();
        assert_eq!(r.session.roster_merges.len(), 1);
        let undone = r.unmerge_participant("kenia").unwrap_err();
        assert_eq!(undone, RosterError::NotMerged("kenia".into()));

        let mut back = r.clone();
        let unmerged = back
            .unmerge_participant(&before.participants[1].name)
            .unwrap();
        assert_eq!(unmerged.back, ParticipantId(2), "its old id, still free");
        assert_eq!(unmerged.from, "Kenya");
        assert!(unmerged.left.is_empty());
        assert_eq!(back.interventions, before.interventions);
        assert_eq!(back.participants, before.participants, "in its place");
        assert!(back.session.roster_merges.is_empty());

        // Corrected to a third delegation since: left, and said.
        let mut later = r.clone();
        let first = later.interventions[0].id;
        later.interventions[0]
            .correct(
                &Correction {
                    speaker: Some(ParticipantId(3)),
                    ..Default::default()
                },
                Utc::now(),
            )
            .unwrap();
        let unmerged = later
            .unmerge_participant(&before.participants[1].name)
            .unwrap();
        assert_eq!(unmerged.left, [first]);
        assert_eq!(later.interventions[0].speaker, ParticipantId(3));

        // The name on the roster again: refused, nothing changed.
        let mut again = r.clone();
        again.participants.push(Participant {
            id: ParticipantId(9),
            ..before.participants[1].clone()
        });
        let kept = again.clone();
        assert!(matches!(
            again.unmerge_participant(&before.participants[1].name),
            Err(RosterError::BackOnRoster(_))
        ));
        assert_eq!(again, kept);
    }

    #[test]
    fn a_merged_group_is_spoken_for_under_the_surviving_name() {
        let mut r = record();
        r.participants.push(Participant {
            id: ParticipantId(4),
            name: "EU".into(),
            category: Category::IntergovernmentalOrganization,
            attendance: Default::default(),
            organisation: None,
        });
        r.merge_participant(ParticipantId(3), ParticipantId(4), Utc::now())
            .unwrap();
        assert_eq!(r.interventions[1].on_behalf_of.as_deref(), Some("EU"));
        assert!(r
            .session
            .budgets
            .iter()
            .any(|b| b.holder == BudgetHolder::Group("EU".into())));
    }
}
