//! Corrections of the facts of an earlier intervention: who spoke, for whom, as what, under
//! which item, in which meeting, from when to when, and whether the floor was given at all.
//! Like the corrections of a note, each is kept as a version beside the live record, which
//! is never lost: the intervention's own fields are the record as it stands, read by every
//! export and statistic.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AgendaItemId, Intervention, InterventionKind, ParticipantId};

/// The facts of an intervention that can be put right afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub speaker: ParticipantId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    pub kind: InterventionKind,
    pub agenda_item: AgendaItemId,
    pub meeting: u32,
    pub started_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<Utc>>,
    /// Struck from the record: the floor was given by mistake.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub struck: bool,
}

/// The facts as they stood after one correction, and when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactsVersion {
    pub at: DateTime<Utc>,
    pub facts: Facts,
}

/// What one correction changes; `None` leaves a fact as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Correction {
    pub speaker: Option<ParticipantId>,
    /// `Some(None)`: the speaker spoke for themselves after all.
    pub on_behalf_of: Option<Option<String>>,
    pub kind: Option<InterventionKind>,
    pub agenda_item: Option<AgendaItemId>,
    pub meeting: Option<u32>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Strikes the intervention from the record (the floor was given by mistake).
    pub strike: bool,
}

impl Correction {
    pub fn is_empty(&self) -> bool {
        *self == Correction::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    #[error("nothing to correct: name at least one thing to change")]
    Nothing,
    #[error("the intervention is still on the floor: end it before correcting its end time")]
    EndWhileOnFloor,
    #[error("the end ({end}) would come before the start ({start}): give times in that order")]
    EndBeforeStart { start: String, end: String },
    #[error("that is what the record already says: nothing was changed")]
    Unchanged,
    #[error(
        "a point of order on the floor stays one: end it, or undo it if it was raised by mistake"
    )]
    PointOfOrderStays,
    #[error("a point of order is raised with its own key, interrupting the speaker: this one can only be made one once it has ended")]
    NotRaisedAsPointOfOrder,
}

impl Intervention {
    /// The facts as they stand.
    pub fn facts(&self) -> Facts {
        Facts {
            speaker: self.speaker,
            on_behalf_of: self.on_behalf_of.clone(),
            kind: self.kind,
            agenda_item: self.agenda_item,
            meeting: self.meeting,
            started_at: self.started_at,
            ended_at: self.ended_at,
            struck: self.given_by_mistake,
        }
    }

    /// The facts as they were recorded live, before any correction.
    pub fn live_facts(&self) -> Facts {
        self.live_facts.clone().unwrap_or_else(|| self.facts())
    }

    /// Renames the participants and agenda items it names, in the record as it stands and in
    /// every version of its facts (an import maps a file's ids to the store's).
    pub fn rename_ids(
        &mut self,
        person: impl Fn(ParticipantId) -> ParticipantId,
        item: impl Fn(AgendaItemId) -> AgendaItemId,
    ) {
        self.speaker = person(self.speaker);
        self.agenda_item = item(self.agenda_item);
        let versions = self
            .live_facts
            .iter_mut()
            .chain(self.fact_corrections.iter_mut().map(|v| &mut v.facts));
        for facts in versions {
            facts.speaker = person(facts.speaker);
            facts.agenda_item = item(facts.agenda_item);
        }
    }

    /// Whether the kind may become `kind` now. On the floor a point of order is one by how
    /// it was raised (it stands over the speaker it interrupted), so it stays one, and no
    /// other becomes one; once ended, any kind can be put right.
    pub fn kind_can_become(&self, kind: InterventionKind) -> Result<(), CorrectionError> {
        if !self.has_floor() || kind == self.kind {
            return Ok(());
        }
        if self.kind == InterventionKind::PointOfOrder {
            return Err(CorrectionError::PointOfOrderStays);
        }
        if kind == InterventionKind::PointOfOrder {
            return Err(CorrectionError::NotRaisedAsPointOfOrder);
        }
        Ok(())
    }

    /// Applies a correction made at `at`: the live facts are kept the first time, and the
    /// facts as corrected are added as a new version. Pauses stay where they were on the
    /// wall clock, so moving a start only changes the time spoken by as much.
    pub fn correct(
        &mut self,
        change: &Correction,
        at: DateTime<Utc>,
    ) -> Result<(), CorrectionError> {
        if change.is_empty() {
            return Err(CorrectionError::Nothing);
        }
        if change.ended_at.is_some() && self.has_floor() {
            return Err(CorrectionError::EndWhileOnFloor);
        }
        if let Some(kind) = change.kind {
            self.kind_can_become(kind)?;
        }
        let before = self.facts();
        let mut after = before.clone();
        if let Some(speaker) = change.speaker {
            after.speaker = speaker;
        }
        if let Some(group) = &change.on_behalf_of {
            after.on_behalf_of = group
                .as_ref()
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty());
        }
        if let Some(kind) = change.kind {
            after.kind = kind;
        }
        if let Some(item) = change.agenda_item {
            after.agenda_item = item;
        }
        if let Some(meeting) = change.meeting {
            after.meeting = meeting;
        }
        if let Some(start) = change.started_at {
            after.started_at = start;
        }
        if let Some(end) = change.ended_at {
            after.ended_at = Some(end);
        }
        after.struck |= change.strike;
        if let Some(end) = after.ended_at {
            if end < after.started_at {
                return Err(CorrectionError::EndBeforeStart {
                    start: after.started_at.format("%H:%M:%S").to_string(),
                    end: end.format("%H:%M:%S").to_string(),
                });
            }
        }
        if after == before {
            return Err(CorrectionError::Unchanged);
        }
        if self.live_facts.is_none() {
            self.live_facts = Some(before);
        }
        self.speaker = after.speaker;
        self.on_behalf_of = after.on_behalf_of.clone();
        self.kind = after.kind;
        self.agenda_item = after.agenda_item;
        self.meeting = after.meeting;
        self.started_at = after.started_at;
        self.ended_at = after.ended_at;
        self.given_by_mistake = after.struck;
        self.fact_corrections
            .push(FactsVersion { at, facts: after });
        Ok(())
    }
}

/// The kind a word names: its label or the start of it ("q", "ans", "panel", "rep" for a
/// right of reply, "poo"/"order" for a point of order).
pub fn kind_named(word: &str) -> Option<InterventionKind> {
    let w = word.trim().to_lowercase().replace(['_', '-'], " ");
    if w.is_empty() {
        return None;
    }
    let by_label = InterventionKind::ALL
        .into_iter()
        .find(|k| k.label().starts_with(&w));
    by_label.or(match w.as_str() {
        "reply" | "rep" | "ror" => Some(InterventionKind::RightOfReply),
        "poo" | "order" => Some(InterventionKind::PointOfOrder),
        "presentation" | "pp" => Some(InterventionKind::PanelPresentation),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InterventionId;
    use chrono::{TimeDelta, TimeZone};

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
    }

    fn ended() -> Intervention {
        let mut iv = Intervention::new(
            InterventionId(3),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            at(0),
        );
        iv.end(at(120));
        iv
    }

    #[test]
    fn a_correction_keeps_the_live_facts_and_each_version() {
        let mut iv = ended();
        let live = iv.facts();
        iv.correct(
            &Correction {
                speaker: Some(ParticipantId(2)),
                kind: Some(InterventionKind::Question),
                ..Default::default()
            },
            at(600),
        )
        .unwrap();
        iv.correct(
            &Correction {
                on_behalf_of: Some(Some("European Union".into())),
                ..Default::default()
            },
            at(700),
        )
        .unwrap();
        assert_eq!(iv.speaker, ParticipantId(2));
        assert_eq!(iv.kind, InterventionKind::Question);
        assert_eq!(iv.on_behalf_of.as_deref(), Some("European Union"));
        assert_eq!(iv.live_facts(), live, "the live record is never lost");
        assert_eq!(iv.fact_corrections.len(), 2);
        assert_eq!(iv.fact_corrections[0].at, at(600));
        assert_eq!(iv.fact_corrections[0].facts.on_behalf_of, None);
        assert_eq!(iv.fact_corrections[1].facts, iv.facts());
    }

    #[test]
    fn a_clock_started_late_is_moved_and_the_time_spoken_follows() {
        let mut iv = ended();
        iv.correct(
            &Correction {
                started_at: Some(at(-20)),
                ..Default::default()
            },
            at(600),
        )
        .unwrap();
        assert_eq!(iv.speaking_time(at(999)).num_seconds(), 140);
        assert_eq!(iv.live_facts().started_at, at(0));
    }

    #[test]
    fn an_end_before_the_start_is_refused_and_changes_nothing() {
        let mut iv = ended();
        let before = iv.clone();
        let err = iv
            .correct(
                &Correction {
                    ended_at: Some(at(-5)),
                    ..Default::default()
                },
                at(600),
            )
            .unwrap_err();
        assert!(matches!(err, CorrectionError::EndBeforeStart { .. }));
        assert_eq!(iv, before);
    }

    #[test]
    fn nothing_or_the_same_again_is_not_a_version() {
        let mut iv = ended();
        assert_eq!(
            iv.correct(&Correction::default(), at(600)),
            Err(CorrectionError::Nothing)
        );
        assert_eq!(
            iv.correct(
                &Correction {
                    speaker: Some(ParticipantId(1)),
                    ..Default::default()
                },
                at(600)
            ),
            Err(CorrectionError::Unchanged)
        );
        assert!(iv.fact_corrections.is_empty());
        assert_eq!(iv.live_facts, None);
    }

    #[test]
    fn the_end_of_an_intervention_on_the_floor_cannot_be_set() {
        let mut iv = Intervention::new(
            InterventionId(1),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            at(0),
        );
        assert_eq!(
            iv.correct(
                &Correction {
                    ended_at: Some(at(60)),
                    ..Default::default()
                },
                at(70)
            ),
            Err(CorrectionError::EndWhileOnFloor)
        );
        // Its kind can be put right while it is on the floor.
        iv.correct(
            &Correction {
                kind: Some(InterventionKind::Answer),
                ..Default::default()
            },
            at(70),
        )
        .unwrap();
        assert_eq!(iv.kind, InterventionKind::Answer);
    }

    #[test]
    fn a_point_of_order_on_the_floor_stays_one_and_no_other_becomes_one() {
        let mut point = Intervention::new(
            InterventionId(2),
            1,
            AgendaItemId(1),
            ParticipantId(2),
            InterventionKind::PointOfOrder,
            at(0),
        );
        point.interrupts = Some(InterventionId(1));
        let to = |kind| Correction {
            kind: Some(kind),
            ..Default::default()
        };
        assert_eq!(
            point.correct(&to(InterventionKind::Question), at(5)),
            Err(CorrectionError::PointOfOrderStays)
        );
        let mut statement = Intervention::new(
            InterventionId(1),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            at(0),
        );
        assert_eq!(
            statement.correct(&to(InterventionKind::PointOfOrder), at(5)),
            Err(CorrectionError::NotRaisedAsPointOfOrder)
        );
        // Once ended, it is the record to put right like any other.
        statement.end(at(60));
        statement
            .correct(&to(InterventionKind::PointOfOrder), at(70))
            .unwrap();
        point.end(at(30));
        point
            .correct(&to(InterventionKind::Statement), at(70))
            .unwrap();
    }

    #[test]
    fn renaming_ids_reaches_every_version() {
        let mut iv = ended();
        iv.correct(
            &Correction {
                speaker: Some(ParticipantId(2)),
                ..Default::default()
            },
            at(600),
        )
        .unwrap();
        iv.rename_ids(|p| ParticipantId(p.0 + 10), |a| AgendaItemId(a.0 + 5));
        assert_eq!(iv.speaker, ParticipantId(12));
        assert_eq!(iv.live_facts().speaker, ParticipantId(11));
        assert_eq!(iv.live_facts().agenda_item, AgendaItemId(6));
        assert_eq!(iv.fact_corrections[0].facts.speaker, ParticipantId(12));
        assert_eq!(iv.fact_corrections[0].facts, iv.facts());
    }

    #[test]
    fn striking_flags_the_intervention_and_keeps_it() {
        let mut iv = ended();
        iv.correct(
            &Correction {
                strike: true,
                ..Default::default()
            },
            at(600),
        )
        .unwrap();
        assert!(iv.given_by_mistake);
        assert!(!iv.live_facts().struck);
    }

    #[test]
    fn kinds_are_named_by_the_start_of_their_label() {
        assert_eq!(kind_named("q"), Some(InterventionKind::Question));
        assert_eq!(kind_named("Answer"), Some(InterventionKind::Answer));
        assert_eq!(
            kind_named("panel"),
            Some(InterventionKind::PanelPresentation)
        );
        assert_eq!(
            kind_named("panel_presentation"),
            Some(InterventionKind::PanelPresentation)
        );
        assert_eq!(
            kind_named("right-of-reply"),
            Some(InterventionKind::RightOfReply)
        );
        assert_eq!(kind_named("poo"), Some(InterventionKind::PointOfOrder));
        assert_eq!(kind_named("s"), Some(InterventionKind::Statement));
        assert_eq!(kind_named("x"), None);
        assert_eq!(kind_named(""), None);
    }
}
