use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::{AgendaItemId, ParticipantId};

/// Order of an intervention in its session (1-based): the order in which the floor was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InterventionId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterventionKind {
    #[default]
    Statement,
    RightOfReply,
    PointOfOrder,
    PanelPresentation,
    Question,
    Answer,
}

impl InterventionKind {
    pub const ALL: [InterventionKind; 6] = [
        InterventionKind::Statement,
        InterventionKind::RightOfReply,
        InterventionKind::PointOfOrder,
        InterventionKind::PanelPresentation,
        InterventionKind::Question,
        InterventionKind::Answer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            InterventionKind::Statement => "statement",
            InterventionKind::RightOfReply => "right of reply",
            InterventionKind::PointOfOrder => "point of order",
            InterventionKind::PanelPresentation => "panel presentation",
            InterventionKind::Question => "question",
            InterventionKind::Answer => "answer",
        }
    }

    /// A word for a narrow column, such as a row of the list of speakers.
    pub fn short(self) -> &'static str {
        match self {
            InterventionKind::Statement => "statement",
            InterventionKind::RightOfReply => "reply",
            InterventionKind::PointOfOrder => "order",
            InterventionKind::PanelPresentation => "panel",
            InterventionKind::Question => "question",
            InterventionKind::Answer => "answer",
        }
    }
}

/// A stretch of an intervention during which its clock stood still (a point of order, a
/// technical problem). `until` is `None` while the pause lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

/// A correction made to a note after its intervention ended, kept beside the live record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteVersion {
    /// When the correction was last typed.
    pub at: DateTime<Utc>,
    pub text: String,
}

/// One speaker's turn at the floor, and what the rapporteur wrote of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intervention {
    pub id: InterventionId,
    /// Number of the meeting it was made in.
    pub meeting: u32,
    pub agenda_item: AgendaItemId,
    pub speaker: ParticipantId,
    /// The group the speaker speaks for, e.g. "European Union", "Group of African States".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    pub kind: InterventionKind,
    pub started_at: DateTime<Utc>,
    /// `None` while the speaker has the floor.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    #[serde(default)]
    pub time_limit_secs: Option<u32>,
    #[serde(default)]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// For a point of order: the intervention it interrupted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupts: Option<InterventionId>,
    /// The floor was given to this speaker by mistake and taken back; kept, not deleted,
    /// because something had already been written in its note.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub given_by_mistake: bool,
    /// The note as it stood when the intervention ended (what was written live), kept here
    /// once the note has been corrected. Until then the note itself is the live record, and
    /// this is `None`, so that a long session does not hold every note twice: read it with
    /// `live_record()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_record: Option<String>,
    /// Each later correction, oldest first; the last is the note as it stands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<NoteVersion>,
    /// The facts (speaker, kind, item, times…) as recorded live, kept once one of them has
    /// been corrected; `None` until then, the fields above being the live record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_facts: Option<super::Facts>,
    /// Each correction of the facts, oldest first; the last is the record as it stands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fact_corrections: Vec<super::FactsVersion>,
}

impl Intervention {
    /// A turn at the floor given at `started_at`: no limit, nothing written yet, not ended.
    pub fn new(
        id: InterventionId,
        meeting: u32,
        agenda_item: AgendaItemId,
        speaker: ParticipantId,
        kind: InterventionKind,
        started_at: DateTime<Utc>,
    ) -> Intervention {
        Intervention {
            id,
            meeting,
            agenda_item,
            speaker,
            on_behalf_of: None,
            kind,
            started_at,
            ended_at: None,
            pauses: Vec::new(),
            time_limit_secs: None,
            note: String::new(),
            tags: Vec::new(),
            interrupts: None,
            given_by_mistake: false,
            live_record: None,
            corrections: Vec::new(),
            live_facts: None,
            fact_corrections: Vec::new(),
        }
    }

    pub fn has_floor(&self) -> bool {
        self.ended_at.is_none()
    }

    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.until.is_none())
    }

    /// Time actually spoken: from start to end (or `now`), less the pauses. Derived from the
    /// stored timestamps alone, so a restart shows what a wall clock would. Counted with
    /// checked arithmetic: whatever a store holds (pauses from another age, thousands of
    /// them), the answer is a time between zero and the whole span, never a panic.
    pub fn speaking_time(&self, now: DateTime<Utc>) -> TimeDelta {
        let end = self.ended_at.unwrap_or(now);
        let span = end - self.started_at;
        if span <= TimeDelta::zero() {
            return TimeDelta::zero();
        }
        let mut paused = TimeDelta::zero();
        for p in &self.pauses {
            let stood_still = p.until.unwrap_or(end).min(end) - p.from.max(self.started_at);
            if stood_still > TimeDelta::zero() {
                paused = paused.checked_add(&stood_still).unwrap_or(TimeDelta::MAX);
            }
        }
        span.checked_sub(&paused)
            .unwrap_or_default()
            .max(TimeDelta::zero())
    }

    /// Seconds past the time limit (zero when within it, or when there is no limit).
    pub fn overtime_secs(&self, now: DateTime<Utc>) -> i64 {
        match self.time_limit_secs {
            Some(limit) => (self.speaking_time(now).num_seconds() - i64::from(limit)).max(0),
            None => 0,
        }
    }

    /// Seconds left before the limit; negative once over time.
    pub fn remaining_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        self.time_limit_secs
            .map(|limit| i64::from(limit) - self.speaking_time(now).num_seconds())
    }

    pub fn pause(&mut self, at: DateTime<Utc>) {
        if self.has_floor() && !self.is_paused() {
            self.pauses.push(Pause {
                from: at,
                until: None,
            });
        }
    }

    pub fn resume(&mut self, at: DateTime<Utc>) {
        if let Some(p) = self.pauses.last_mut().filter(|p| p.until.is_none()) {
            p.until = Some(at.max(p.from));
        }
    }

    /// Ends the intervention; a pause still running ends with it. The note as it stands
    /// becomes the live record, which later corrections never overwrite.
    pub fn end(&mut self, at: DateTime<Utc>) {
        if self.has_floor() {
            let at = at.max(self.started_at);
            self.resume(at);
            self.ended_at = Some(at);
        }
    }

    /// Gives the floor back to a speaker whose intervention was ended by a floor taken back
    /// (an undo): the clock runs on from where it stopped, the time between counting as a
    /// pause, and the note is live again.
    pub fn reopen(&mut self, at: DateTime<Utc>) {
        let Some(ended) = self.ended_at.take() else {
            return;
        };
        if self.corrections.is_empty() {
            self.live_record = None;
        }
        self.pauses.push(Pause {
            from: ended,
            until: Some(at.max(ended)),
        });
    }

    /// The note as it stood when the intervention ended; `None` while it has the floor.
    pub fn live_record(&self) -> Option<&str> {
        self.ended_at?;
        Some(self.live_record.as_deref().unwrap_or(&self.note))
    }

    /// Forgets a kept live record that is only the note again (as a record written before
    /// the live record was kept only once corrected holds it), so that it is held once.
    pub fn settle_live_record(&mut self) {
        if self.corrections.is_empty() && self.live_record.as_deref() == Some(&self.note) {
            self.live_record = None;
        }
    }

    /// A change to the note of an ended intervention: a new version when `new_version`
    /// (the first change since the note was opened for correction), else the latest version
    /// updated.
    pub fn correct_note(&mut self, text: String, at: DateTime<Utc>, new_version: bool) {
        if self.live_record.is_none() && self.ended_at.is_some() {
            self.live_record = Some(self.note.clone());
        }
        match self.corrections.last_mut() {
            Some(last) if !new_version => {
                last.text = text.clone();
                last.at = at;
            }
            _ => self.corrections.push(NoteVersion {
                at,
                text: text.clone(),
            }),
        }
        self.set_note(text);
    }

    /// The lines of the note that are recommendations: starting with `R:`, or tagged
    /// `#recommendation`.
    pub fn recommendations(&self) -> Vec<&str> {
        recommendations_in(&self.note)
    }

    /// Sets the note and the tags it carries.
    pub fn set_note(&mut self, note: String) {
        self.tags = tags_in(&note);
        self.note = note;
    }
}

/// The lines of a note that are recommendations: a line starting with `R:`, or a line tagged
/// `#recommendation`. Each is given as a sentence for the Chair's summary: without the `R:`
/// marker, and without the tags the rapporteur filed it under at its end (tags inside the
/// sentence stay, being words of it).
pub fn recommendations_in(note: &str) -> Vec<&str> {
    note.lines()
        .filter_map(|line| {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("R:").or_else(|| t.strip_prefix("r:")) {
                Some(without_filing_tags(rest))
            } else if tags_in(t).iter().any(|tag| tag == "recommendation") {
                Some(without_filing_tags(t))
            } else {
                None
            }
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// `line` without the run of tags it ends with, nor a `#recommendation` it starts with.
fn without_filing_tags(line: &str) -> &str {
    let is_tag = |word: &str| {
        word.strip_prefix('#').is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
    };
    let mut text = line.trim();
    while !text.is_empty() {
        let last_word = text
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if !is_tag(&text[last_word..]) {
            break;
        }
        text = text[..last_word].trim_end();
    }
    let first_word = text.split_whitespace().next().unwrap_or_default();
    if first_word.eq_ignore_ascii_case("#recommendation") {
        text = text[first_word.len()..].trim_start();
    }
    text
}

/// The `#tags` written in a note, in order of first appearance, without the `#`, lower-cased.
/// A tag is a `#` at the start of a word followed by letters, digits, `-` or `_`.
pub fn tags_in(note: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in note.char_indices() {
        let starts_word = prev.is_none_or(|p| !(p.is_alphanumeric() || p == '#' || p == '&'));
        if c == '#' && starts_word {
            let rest = &note[i + 1..];
            let len: usize = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .map(char::len_utf8)
                .sum();
            let tag = rest[..len].trim_end_matches(['-', '_']).to_lowercase();
            if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        prev = Some(c);
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
    }

    fn statement() -> Intervention {
        Intervention {
            time_limit_secs: Some(180),
            ..Intervention::new(
                InterventionId(1),
                1,
                AgendaItemId(1),
                ParticipantId(1),
                InterventionKind::Statement,
                at(0),
            )
        }
    }

    #[test]
    fn speaking_time_runs_until_the_end() {
        let mut iv = statement();
        assert_eq!(iv.speaking_time(at(95)).num_seconds(), 95);
        iv.end(at(200));
        assert_eq!(iv.speaking_time(at(999)).num_seconds(), 200);
        assert_eq!(iv.overtime_secs(at(999)), 20);
        assert_eq!(iv.remaining_secs(at(999)), Some(-20));
    }

    #[test]
    fn pauses_do_not_count() {
        let mut iv = statement();
        iv.pause(at(60));
        assert!(iv.is_paused());
        assert_eq!(iv.speaking_time(at(100)).num_seconds(), 60);
        iv.resume(at(100));
        assert_eq!(iv.speaking_time(at(130)).num_seconds(), 90);
        // An open pause is closed by the end of the intervention.
        iv.pause(at(150));
        iv.end(at(170));
        assert!(!iv.is_paused());
        assert_eq!(iv.speaking_time(at(500)).num_seconds(), 110);
    }

    #[test]
    fn pauses_from_another_age_never_overflow_the_clock() {
        let mut iv = statement();
        iv.started_at = DateTime::<Utc>::MIN_UTC;
        iv.pauses = vec![
            Pause {
                from: DateTime::<Utc>::MIN_UTC,
                until: Some(at(0)),
            };
            1200
        ];
        assert_eq!(iv.speaking_time(at(60)), TimeDelta::zero());
        iv.pauses.clear();
        iv.time_limit_secs = Some(u32::MAX);
        let spoken = iv.speaking_time(DateTime::<Utc>::MAX_UTC);
        assert!(spoken > TimeDelta::zero());
        assert!(iv.overtime_secs(DateTime::<Utc>::MAX_UTC) > 0);
        assert!(iv.remaining_secs(DateTime::<Utc>::MAX_UTC) < Some(0));
    }

    #[test]
    fn pausing_twice_or_ending_twice_changes_nothing() {
        let mut iv = statement();
        iv.pause(at(10));
        iv.pause(at(20));
        assert_eq!(iv.pauses.len(), 1);
        iv.end(at(30));
        iv.end(at(90));
        assert_eq!(iv.ended_at, Some(at(30)));
    }

    #[test]
    fn tags_are_found_where_a_rapporteur_writes_them() {
        assert_eq!(
            tags_in(
                "Called for #technical-assistance and #Victim-Centred approaches. #recommendation"
            ),
            ["technical-assistance", "victim-centred", "recommendation"]
        );
        assert_eq!(
            tags_in("item #3, C# and a#b, ##x, #, #-"),
            Vec::<String>::new()
        );
        assert_eq!(tags_in("#protection, #protection"), ["protection"]);
        assert_eq!(tags_in("#تعاون et #coopération"), ["تعاون", "coopération"]);
    }

    #[test]
    fn the_live_record_is_kept_and_corrections_are_versions() {
        let mut iv = statement();
        iv.set_note("Frnace spoke".into());
        assert_eq!(
            iv.live_record(),
            None,
            "no live record while the floor is held"
        );
        iv.end(at(100));
        assert_eq!(iv.live_record(), Some("Frnace spoke"));
        assert_eq!(
            iv.live_record, None,
            "held once, as the note, until corrected"
        );
        iv.correct_note("France spoke".into(), at(500), true);
        iv.correct_note("France spoke.".into(), at(505), false);
        iv.correct_note("France spoke. #cooperation".into(), at(900), true);
        assert_eq!(iv.live_record(), Some("Frnace spoke"));
        assert_eq!(iv.live_record.as_deref(), Some("Frnace spoke"));
        let versions: Vec<_> = iv
            .corrections
            .iter()
            .map(|v| (v.text.as_str(), v.at))
            .collect();
        assert_eq!(
            versions,
            [
                ("France spoke.", at(505)),
                ("France spoke. #cooperation", at(900))
            ]
        );
        assert_eq!(iv.note, "France spoke. #cooperation");
        assert_eq!(iv.tags, ["cooperation"]);
    }

    #[test]
    fn recommendations_are_the_r_lines_and_the_tagged_ones() {
        let note = "Welcomed the report.\nR: strengthen data collection\nCalled for training #recommendation\nr:\n  R: share good practices \nR: apply the #non-punishment principle. #recommendation #victim-centred\n#recommendation Fund the shelters\n#recommendation #data";
        assert_eq!(
            recommendations_in(note),
            [
                "strengthen data collection",
                "Called for training",
                "share good practices",
                "apply the #non-punishment principle.",
                "Fund the shelters",
            ]
        );
        // Any whitespace between the words, a no-break space too.
        assert_eq!(
            recommendations_in("R: Ratifier le Protocole\u{a0}#recommendation\u{a0}#traite"),
            ["Ratifier le Protocole"]
        );
    }

    #[test]
    fn set_note_keeps_tags_in_step() {
        let mut iv = statement();
        iv.set_note("Supports #cooperation".into());
        assert_eq!(iv.tags, ["cooperation"]);
        iv.set_note("Supports cooperation".into());
        assert!(iv.tags.is_empty());
    }

    #[test]
    fn a_live_record_that_is_only_the_note_again_is_held_once() {
        let mut iv = statement();
        iv.set_note("Brazil spoke".into());
        iv.end(at(100));
        iv.live_record = Some("Brazil spoke".into());
        iv.settle_live_record();
        assert_eq!(iv.live_record, None);
        assert_eq!(iv.live_record(), Some("Brazil spoke"));
        // A corrected note keeps its live record.
        iv.correct_note("Brazil spoke.".into(), at(200), true);
        iv.settle_live_record();
        assert_eq!(iv.live_record.as_deref(), Some("Brazil spoke"));
    }

    #[test]
    fn a_reopened_intervention_runs_on_with_its_time() {
        let mut iv = statement();
        iv.set_note("Brazil spoke".into());
        iv.end(at(100));
        iv.reopen(at(130));
        assert!(iv.has_floor());
        assert!(!iv.is_paused(), "the clock runs again");
        assert_eq!(iv.speaking_time(at(130)).num_seconds(), 100);
        assert_eq!(iv.speaking_time(at(150)).num_seconds(), 120);
        assert_eq!(iv.note, "Brazil spoke");
        // Reopening one that has the floor changes nothing.
        let before = iv.clone();
        iv.reopen(at(200));
        assert_eq!(iv, before);
    }
}
