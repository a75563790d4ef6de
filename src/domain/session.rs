use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A session of a body, e.g. the fourteenth session of the Working Group on Trafficking in
/// Persons: several days, several meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub u64);

impl std::fmt::Display for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    /// The body that meets, e.g. "Working Group on Trafficking in Persons".
    pub body: String,
    /// Which session of that body, e.g. "Fourteenth session".
    pub number: String,
    pub venue: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// IANA name of the venue's time zone (e.g. "Europe/Vienna"): local times in the record
    /// are the room's, whatever the laptop's clock says.
    pub time_zone: String,
    /// The chair, or the co-chairs.
    pub chairs: Vec<String>,
    pub created_at: DateTime<Utc>,
    /// The chair's time limits.
    #[serde(default)]
    pub time_limits: super::TimeLimits,
    /// Totals of speaking time for some delegations, groups or categories on an agenda item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budgets: Vec<super::TimeBudget>,
    /// What two rapporteurs' records said differently and no one has decided yet (see
    /// `conflict`): held with the session, so it is written and read with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<super::Conflict>,
    /// What a tag stands for in the Chair's summary ("victim-centred" → "Victim-centred
    /// approach"); a tag without a label reads as its words ("Organ removal").
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub topic_labels: std::collections::BTreeMap<String, String>,
    /// The session's own abbreviations (short form → expansion), over the user's file: the
    /// names and terms of this body, shared by whoever keeps its record.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub abbreviations: std::collections::BTreeMap<String, String>,
    /// Roster entries merged into others, the latest last, so that a merge can be taken back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roster_merges: Vec<super::RosterMerge>,
}

impl Session {
    /// The venue's time zone; an unknown name falls back to UTC rather than failing to show
    /// the record.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// "Working Group on Trafficking in Persons, Fourteenth session".
    pub fn title(&self) -> String {
        if self.number.is_empty() {
            self.body.clone()
        } else {
            format!("{}, {}", self.body, self.number)
        }
    }
}
