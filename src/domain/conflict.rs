//! What two rapporteurs' records of one session say differently, where no rule can tell which
//! is right: two notes written independently of one intervention, two venues, two
//! attendances. The record holds one version (the one counted and shown); the conflict holds
//! the other, in the session, until someone keeps one with `rapporteur conflicts keep`.
//! Until then every export marks it, so nothing goes out recorded wrong without a sign.

use serde::{Deserialize, Serialize};

use super::{Attendance, Intervention, InterventionId, ParticipantId, Recording, SessionRecord};

/// A conflict's number in its session, as `rapporteur conflicts list` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConflictId(pub u32);

/// What is in dispute, and the version the record does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum Disputed {
    /// The record holds intervention `id`; `other` is the other rapporteur's version of it,
    /// with the record's id.
    Intervention {
        /// Named apart from the conflict's own `id`, beside which it is written.
        #[serde(rename = "intervention")]
        id: InterventionId,
        other: Box<Intervention>,
    },
    MeetingNote {
        meeting: u32,
        other: String,
    },
    /// Two recording starts (or typing lags) of one meeting: every offset hangs on it.
    Recording {
        meeting: u32,
        other: Recording,
    },
    Venue {
        other: String,
    },
    Attendance {
        participant: ParticipantId,
        other: Attendance,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: ConflictId,
    /// Where the other version came from: the file it was imported from.
    pub from: String,
    #[serde(flatten)]
    pub disputed: Disputed,
}

/// Which of a conflict's two versions to keep: the one the record holds, or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    InRecord,
    Other,
}

impl Version {
    /// "1" is the version in the record, "2" the other, as `conflicts list` numbers them.
    pub fn named(word: &str) -> Option<Version> {
        match word.trim() {
            "1" => Some(Version::InRecord),
            "2" => Some(Version::Other),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConflictError {
    #[error(
        "there is no conflict {0} in this session: `rapporteur conflicts list` shows their numbers"
    )]
    NoSuchConflict(u32),
    #[error(
        "conflict {0} is about something no longer in the record (removed since): nothing to keep"
    )]
    Gone(u32),
}

/// The first id after the session's largest.
pub fn next_id(conflicts: &[Conflict]) -> ConflictId {
    ConflictId(conflicts.iter().map(|c| c.id.0).max().unwrap_or(0) + 1)
}

/// The conflict over intervention `id`, if there is one.
pub fn of_intervention(record: &SessionRecord, id: InterventionId) -> Option<&Conflict> {
    record
        .session
        .conflicts
        .iter()
        .find(|c| matches!(&c.disputed, Disputed::Intervention { id: i, .. } if *i == id))
}

/// The mark every export puts beside an intervention still in conflict; `None` when it is not.
pub fn mark(record: &SessionRecord, id: InterventionId) -> Option<String> {
    of_intervention(record, id).map(|c| {
        format!(
            "\u{26a0} conflict {}: another rapporteur's version differs (rapporteur conflicts list)",
            c.id.0
        )
    })
}

/// Keeps one version of conflict `id` and closes it. Keeping the other version puts it in
/// the record in place of the one there (an intervention keeps its number and what it
/// interrupts).
pub fn keep(
    record: &mut SessionRecord,
    id: ConflictId,
    version: Version,
) -> Result<(), ConflictError> {
    let at = record
        .session
        .conflicts
        .iter()
        .position(|c| c.id == id)
        .ok_or(ConflictError::NoSuchConflict(id.0))?;
    let conflict = record.session.conflicts[at].clone();
    if version == Version::Other {
        match conflict.disputed {
            Disputed::Intervention { id: iv_id, other } => {
                let iv = record
                    .interventions
                    .iter_mut()
                    .find(|iv| iv.id == iv_id)
                    .ok_or(ConflictError::Gone(id.0))?;
                let interrupts = iv.interrupts;
                *iv = *other;
                iv.id = iv_id;
                iv.interrupts = interrupts;
            }
            Disputed::MeetingNote { meeting, other } => {
                record
                    .meetings
                    .iter_mut()
                    .find(|m| m.number == meeting)
                    .ok_or(ConflictError::Gone(id.0))?
                    .note = other;
            }
            Disputed::Recording { meeting, other } => {
                record
                    .meetings
                    .iter_mut()
                    .find(|m| m.number == meeting)
                    .ok_or(ConflictError::Gone(id.0))?
                    .recording = other;
            }
            Disputed::Venue { other } => record.session.venue = other,
            Disputed::Attendance { participant, other } => {
                record
                    .participants
                    .iter_mut()
                    .find(|p| p.id == participant)
                    .ok_or(ConflictError::Gone(id.0))?
                    .attendance = other;
            }
        }
    }
    record.session.conflicts.remove(at);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AgendaItemId, InterventionKind, SessionId};
    use chrono::{TimeZone, Utc};

    fn record_with_conflict() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), now, "UTC");
        let mut iv = Intervention::new(
            InterventionId(1),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            now,
        );
        iv.set_note("Supports the draft".into());
        let mut other = iv.clone();
        other.set_note("Opposes the draft".into());
        record.interventions.push(iv);
        record.session.conflicts.push(Conflict {
            id: ConflictId(1),
            from: "afternoon.json".into(),
            disputed: Disputed::Intervention {
                id: InterventionId(1),
                other: Box::new(other),
            },
        });
        record
    }

    #[test]
    fn an_intervention_in_conflict_is_marked_until_one_version_is_kept() {
        let mut record = record_with_conflict();
        assert!(mark(&record, InterventionId(1))
            .unwrap()
            .contains("conflict 1"));
        assert_eq!(mark(&record, InterventionId(2)), None);
        keep(&mut record, ConflictId(1), Version::Other).unwrap();
        assert_eq!(record.interventions[0].note, "Opposes the draft");
        assert_eq!(mark(&record, InterventionId(1)), None);
    }

    #[test]
    fn keeping_the_record_s_version_changes_nothing_else() {
        let mut record = record_with_conflict();
        let before = record.interventions.clone();
        keep(&mut record, ConflictId(1), Version::InRecord).unwrap();
        assert_eq!(record.interventions, before);
        assert!(record.session.conflicts.is_empty());
    }

    #[test]
    fn every_kind_of_conflict_is_read_back_as_it_was_written() {
        let mut record = record_with_conflict();
        let others = [
            Disputed::MeetingNote {
                meeting: 1,
                other: "Opened at 10:05".into(),
            },
            Disputed::Venue {
                other: "Room M3".into(),
            },
            Disputed::Recording {
                meeting: 1,
                other: Recording {
                    started_at: Some(Utc.with_ymd_and_hms(2024, 7, 2, 8, 2, 13).unwrap()),
                    typing_lag_secs: 4,
                },
            },
            Disputed::Attendance {
                participant: ParticipantId(4),
                other: Attendance::Online,
            },
        ];
        for (i, disputed) in others.into_iter().enumerate() {
            record.session.conflicts.push(Conflict {
                id: ConflictId(i as u32 + 2),
                from: "b.json".into(),
                disputed,
            });
        }
        let text = serde_json::to_string(&record.session).unwrap();
        let back: crate::domain::Session = serde_json::from_str(&text).unwrap();
        assert_eq!(back, record.session);
    }

    #[test]
    fn an_unknown_conflict_is_refused_by_its_number() {
        let mut record = record_with_conflict();
        assert_eq!(
            keep(&mut record, ConflictId(7), Version::Other),
            Err(ConflictError::NoSuchConflict(7))
        );
        assert_eq!(Version::named("3"), None);
        assert_eq!(Version::named(" 2"), Some(Version::Other));
    }
}
