//! The interventions of one meeting as cues in its recording: the one place where what was
//! said is placed on the recording's time line. WebVTT, SRT and Audacity's labels only render
//! these.

use chrono::{DateTime, Utc};

use super::{ExportError, Scope};
use crate::domain::{ordinal, Intervention, Meeting, Offset, SessionRecord};

/// One intervention in the recording, in milliseconds from its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    /// "Kenya (on behalf of the African Group) — statement": one line, nothing else cleaned.
    pub text: String,
}

/// The cues of one meeting, in order of their start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cues {
    pub meeting: u32,
    pub cues: Vec<Cue>,
    /// Interventions over before the recording started: in no cue. (One still under way when
    /// it started is a cue from the recording's start.)
    pub before_the_recording: usize,
}

impl Cues {
    /// The cues of the meeting in `scope`, or, when none is named, of the one meeting with a
    /// recording; interventions outside the scope, or whose floor was taken back, are none.
    pub fn of(
        record: &SessionRecord,
        scope: Scope,
        now: DateTime<Utc>,
    ) -> Result<Cues, ExportError> {
        let meeting = recorded_meeting(record, scope.meeting)?;
        let scope = Scope {
            meeting: Some(meeting.number),
            ..scope
        };
        let recording = meeting.recording;
        let mut cues = Vec::new();
        let mut before_the_recording = 0;
        for iv in record.interventions.iter().filter(|iv| scope.includes(iv)) {
            let at = |moment| match recording.offset_of(moment) {
                Some(Offset::At { millis, .. }) => Some(millis),
                _ => None,
            };
            let end = at(iv.ended_at.unwrap_or(now).max(iv.started_at));
            let start = match (at(iv.started_at), end) {
                (Some(start), _) => start,
                // Begun before the recording and still speaking when it started (the floor
                // given before the key was pressed): its part in the recording is found
                // from the recording's start.
                (None, Some(end)) if end > 0 => 0,
                (None, _) => {
                    before_the_recording += 1;
                    continue;
                }
            };
            let end = end.unwrap_or(start);
            cues.push(Cue {
                start_ms: start,
                // A cue lasts: players drop one that ends as it starts.
                end_ms: end.max(start.saturating_add(1)),
                text: cue_text(record, iv),
            });
        }
        Ok(Cues {
            meeting: meeting.number,
            cues: nested(cues),
            before_the_recording,
        })
    }
}

/// The cues ordered by start, the longer first at one start, and each inside the one it
/// starts in: a point of order sits inside the statement it interrupted. One that would
/// run past the end of the cue it starts in (a time corrected by hand) ends with it, so that
/// chapters nest as WebVTT requires.
fn nested(mut cues: Vec<Cue>) -> Vec<Cue> {
    cues.sort_by(|a, b| a.start_ms.cmp(&b.start_ms).then(b.end_ms.cmp(&a.end_ms)));
    let mut open: Vec<u64> = Vec::new();
    for cue in &mut cues {
        while open.last().is_some_and(|&end| end <= cue.start_ms) {
            open.pop();
        }
        if let Some(&end) = open.last() {
            cue.end_ms = cue.end_ms.min(end);
        }
        open.push(cue.end_ms);
    }
    cues
}

/// "Nigeria (on behalf of the Group of African States) — statement": the group as the drafts
/// name it (`words::on_behalf_of`).
fn cue_text(record: &SessionRecord, iv: &Intervention) -> String {
    let speaker = super::safe::clean_line(record.speaker_name(iv.speaker));
    let group = iv
        .on_behalf_of
        .as_deref()
        .map(super::safe::clean_line)
        .and_then(|g| super::words::on_behalf_of(&speaker, &g, &record.participants))
        .map(|words| format!(" ({words})"))
        .unwrap_or_default();
    format!("{speaker}{group} \u{2014} {}", iv.kind.label())
}

/// The meeting asked for, which must have a recording start; with none asked for, the one
/// meeting that has one.
fn recorded_meeting(record: &SessionRecord, asked: Option<u32>) -> Result<&Meeting, ExportError> {
    let sid = record.session.id;
    if let Some(n) = asked {
        let m = record
            .meeting(n)
            .ok_or_else(|| ExportError::Other(format!("session {sid} has no meeting {n}")))?;
        if m.recording.started_at.is_none() {
            return Err(no_start(m.number));
        }
        return Ok(m);
    }
    let recorded: Vec<&Meeting> = record
        .meetings
        .iter()
        .filter(|m| m.recording.started_at.is_some())
        .collect();
    match recorded.as_slice() {
        [one] => Ok(one),
        [] => Err(match record.meetings.as_slice() {
            [only] => no_start(only.number),
            _ => ExportError::Other(format!(
                "no meeting of session {sid} has a recording start: set one with \
                 `rapporteur meeting edit N --recording-start HH:MM:SS` (the venue's time), \
                 then export with --meeting N"
            )),
        }),
        several => {
            let numbers: Vec<String> = several.iter().map(|m| m.number.to_string()).collect();
            Err(ExportError::Other(format!(
                "meetings {} each have a recording: a recording is per meeting, so name one \
                 with --meeting N",
                super::and_list(&numbers)
            )))
        }
    }
}

fn no_start(number: u32) -> ExportError {
    ExportError::Other(format!(
        "the {} meeting has no recording start, so nothing can be placed in its recording: \
         set it with `rapporteur meeting edit {number} --recording-start HH:MM:SS` (the \
         venue's time), or mark it in the app as the recording starts",
        ordinal(number)
    ))
}

/// Milliseconds as hours, minutes, seconds and milliseconds.
pub fn hmsm(ms: u64) -> (u64, u64, u64, u64) {
    let s = ms / 1000;
    (s / 3600, (s / 60) % 60, s % 60, ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start_ms: u64, end_ms: u64) -> Cue {
        Cue {
            start_ms,
            end_ms,
            text: String::new(),
        }
    }

    #[test]
    fn a_point_of_order_nests_in_the_statement_it_interrupted() {
        let got = nested(vec![cue(5_000, 6_000), cue(0, 10_000), cue(10_000, 12_000)]);
        assert_eq!(
            got,
            vec![cue(0, 10_000), cue(5_000, 6_000), cue(10_000, 12_000)]
        );
    }

    #[test]
    fn a_cue_running_past_the_one_it_starts_in_ends_with_it() {
        let got = nested(vec![cue(0, 10_000), cue(8_000, 15_000)]);
        assert_eq!(got, vec![cue(0, 10_000), cue(8_000, 10_000)]);
    }

    #[test]
    fn an_intervention_under_way_when_the_recording_started_is_found_from_its_start() {
        use crate::domain::{
            AgendaItemId, InterventionId, InterventionKind, ParticipantId, Recording, SessionId,
        };
        use chrono::{TimeDelta, TimeZone};
        let t0 = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), t0, "UTC");
        record.meetings[0].recording = Recording {
            started_at: Some(t0 + TimeDelta::seconds(30)),
            typing_lag_secs: 0,
        };
        let spoken = |id: u64, from: i64, to: i64| {
            let mut iv = Intervention::new(
                InterventionId(id),
                1,
                AgendaItemId(1),
                ParticipantId(1),
                InterventionKind::Statement,
                t0 + TimeDelta::seconds(from),
            );
            iv.end(t0 + TimeDelta::seconds(to));
            iv
        };
        record.interventions = vec![spoken(1, 0, 20), spoken(2, 25, 90), spoken(3, 90, 120)];
        let cues = Cues::of(&record, Scope::default(), t0).unwrap();
        let times: Vec<(u64, u64)> = cues.cues.iter().map(|c| (c.start_ms, c.end_ms)).collect();
        assert_eq!(times, [(0, 60_000), (60_000, 90_000)]);
        assert_eq!(cues.before_the_recording, 1, "only the one over before it");
    }

    #[test]
    fn a_cue_names_the_group_as_the_drafts_do() {
        use crate::domain::{
            AgendaItemId, InterventionId, InterventionKind, ParticipantId, SessionId,
        };
        use chrono::TimeZone;
        let t0 = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), t0, "UTC");
        record
            .participants
            .push(crate::domain::fixtures::member_state(1, "Nigeria"));
        let mut iv = Intervention::new(
            InterventionId(1),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            t0,
        );
        iv.on_behalf_of = Some("Group of African States".into());
        assert_eq!(
            cue_text(&record, &iv),
            "Nigeria (on behalf of the Group of African States) \u{2014} statement"
        );
        iv.on_behalf_of = Some("CARICOM".into());
        assert_eq!(
            cue_text(&record, &iv),
            "Nigeria (on behalf of CARICOM) \u{2014} statement"
        );
    }

    #[test]
    fn times_split_into_hours_minutes_seconds_and_milliseconds() {
        assert_eq!(hmsm(3_723_004), (1, 2, 3, 4));
    }
}
