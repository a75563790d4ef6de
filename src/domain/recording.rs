//! A meeting's recording: when it started, and how far the rapporteur's keys run behind the
//! speech. From them, where an intervention is in the recording, so that a précis-writer can
//! find it there from the exports.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::{parse_duration, parse_time_of_day, DurationError, SetupError};

/// The longest typing lag a rapporteur would set: ten minutes. More is a slip (minutes typed
/// for seconds), and would move every offset of the meeting.
pub const LONGEST_LAG_SECS: u32 = 10 * 60;

/// When a meeting's recording started and the rapporteur's typing lag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recording {
    /// To the second; `None` while no start is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// How many seconds the floor given and ended in the app come after the speech itself.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub typing_lag_secs: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Where a moment of the meeting is in its recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    /// Before the recording started: it is not in the recording.
    BeforeTheRecording,
    /// This many milliseconds into the recording. `clamped`: the typing lag would put it
    /// before the start, so it is at the very start.
    At { millis: u64, clamped: bool },
}

impl Offset {
    /// The offset in whole seconds, if in the recording.
    pub fn secs(self) -> Option<u64> {
        match self {
            Offset::At { millis, .. } => Some(millis / 1000),
            Offset::BeforeTheRecording => None,
        }
    }

    /// "0:42:13", or "before the recording".
    pub fn describe(self) -> String {
        match self.secs() {
            Some(s) => recording_clock(s),
            None => "before the recording".to_string(),
        }
    }
}

/// A position in a recording as players show it: "0:42:13", "12:05:00".
pub fn recording_clock(secs: u64) -> String {
    format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
}

impl Recording {
    pub fn is_unset(&self) -> bool {
        self == &Recording::default()
    }

    /// Where `moment` is in the recording: `start − recording start − lag`, never negative.
    /// `None` when no recording start is known.
    pub fn offset_of(&self, moment: DateTime<Utc>) -> Option<Offset> {
        let started = self.started_at?;
        let since = moment.signed_duration_since(started).num_milliseconds();
        if since < 0 {
            return Some(Offset::BeforeTheRecording);
        }
        let lag = i64::from(self.typing_lag_secs) * 1000;
        let at = since.checked_sub(lag).unwrap_or(0);
        Some(Offset::At {
            millis: u64::try_from(at).unwrap_or(0),
            clamped: at < 0,
        })
    }
}

/// Why a recording start or a typing lag was refused.
fn refused(text: impl Into<String>) -> SetupError {
    SetupError(text.into())
}

/// Reads a typing lag: seconds ("4", "4s"), or minutes and seconds ("1m 20s", "1:20"), by the
/// one duration reader; a bare number is seconds, as the lag is counted. "0" or "none": no lag.
pub fn parse_typing_lag(text: &str) -> Result<u32, SetupError> {
    let shown = text.trim();
    let as_secs = if !shown.is_empty() && shown.bytes().all(|b| b.is_ascii_digit()) {
        format!("{shown}s")
    } else {
        shown.to_string()
    };
    let secs = match parse_duration(&as_secs) {
        Ok(Some(s)) => s,
        Ok(None) | Err(DurationError::Zero(_)) => 0,
        Err(DurationError::TooLong(_)) => return Err(too_long(shown)),
        Err(DurationError::Unreadable(_)) => {
            return Err(refused(format!(
                "\"{shown}\" is not a typing lag: write seconds (4 or 4s) or minutes and \
                 seconds (1m 20s), between 0 and 10 minutes"
            )))
        }
    };
    if secs > LONGEST_LAG_SECS {
        return Err(too_long(shown));
    }
    Ok(secs)
}

fn too_long(shown: &str) -> SetupError {
    refused(format!(
        "a typing lag of {shown} is more than 10 minutes, longer than any rapporteur types \
         behind the speech: give the seconds, e.g. 4s"
    ))
}

/// Reads when a recording started: a time of day local to the venue (10:02:13) on the
/// meeting's day; "none" or "-" (or nothing): no start known.
pub fn parse_recording_start(
    text: &str,
    day: NaiveDate,
    tz: chrono_tz::Tz,
) -> Result<Option<DateTime<Utc>>, SetupError> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") || t == "-" {
        return Ok(None);
    }
    let time = parse_time_of_day(t).map_err(|_| {
        refused(format!(
            "\"{t}\" is not when a recording started: write the venue's time as HH:MM:SS, \
             e.g. 10:02:13, or none to clear it"
        ))
    })?;
    at_the_venue(day, time, tz).map(Some)
}

/// The instant a time of day at the venue names on `day`. Of the two an hour repeated when the
/// clocks go back, the first; an hour skipped when they go forward is refused.
pub fn at_the_venue(
    day: NaiveDate,
    time: NaiveTime,
    tz: chrono_tz::Tz,
) -> Result<DateTime<Utc>, SetupError> {
    match tz.from_local_datetime(&day.and_time(time)) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(refused(format!(
            "{} on {day} does not exist in {}: the clocks went forward that night; give a \
             time after the change",
            time.format("%H:%M:%S"),
            tz.name()
        ))),
    }
}

/// "10:02:13", the venue's time of a recording start; empty when none is known.
pub fn start_local(recording: &Recording, tz: chrono_tz::Tz) -> String {
    recording
        .started_at
        .map(|t| t.with_timezone(&tz).format("%H:%M:%S").to_string())
        .unwrap_or_default()
}

/// "4s", the typing lag as the form and the list show it.
pub fn lag_words(recording: &Recording) -> String {
    format!("{}s", recording.typing_lag_secs)
}

/// Changes a meeting's recording: `start` (`Some(None)` clears it) and `lag`, each kept when
/// not given.
pub fn set_recording(
    record: &mut super::SessionRecord,
    number: u32,
    start: Option<Option<DateTime<Utc>>>,
    lag: Option<u32>,
) -> Result<(), SetupError> {
    if lag.is_some_and(|l| l > LONGEST_LAG_SECS) {
        return Err(too_long(&format!("{}s", lag.unwrap_or(0))));
    }
    let missing = refused(record.no_meeting(number));
    let m = record
        .meetings
        .iter_mut()
        .find(|m| m.number == number)
        .ok_or(missing)?;
    if let Some(start) = start {
        m.recording.started_at = start;
    }
    if let Some(lag) = lag {
        m.recording.typing_lag_secs = lag;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap()
    }

    fn recording(lag: u32) -> Recording {
        Recording {
            started_at: Some(at(10, 2, 13)),
            typing_lag_secs: lag,
        }
    }

    #[test]
    fn an_offset_is_the_start_less_the_recording_start_less_the_lag() {
        let r = recording(4);
        assert_eq!(
            r.offset_of(at(10, 44, 30)),
            Some(Offset::At {
                millis: (42 * 60 + 13) * 1000,
                clamped: false
            })
        );
        assert_eq!(r.offset_of(at(10, 44, 30)).unwrap().describe(), "0:42:13");
        assert_eq!(Recording::default().offset_of(at(10, 44, 30)), None);
    }

    #[test]
    fn the_lag_never_puts_an_offset_before_the_start() {
        let r = recording(10);
        assert_eq!(
            r.offset_of(at(10, 2, 16)),
            Some(Offset::At {
                millis: 0,
                clamped: true
            })
        );
    }

    #[test]
    fn what_was_said_before_the_recording_has_no_offset() {
        let r = recording(0);
        let before = r.offset_of(at(10, 2, 12)).unwrap();
        assert_eq!(before, Offset::BeforeTheRecording);
        assert_eq!(before.describe(), "before the recording");
        assert_eq!(before.secs(), None);
        // Far apart, no wrap-around either way.
        let far = at(10, 0, 0) - TimeDelta::days(365 * 200);
        assert_eq!(r.offset_of(far), Some(Offset::BeforeTheRecording));
        let later = at(10, 2, 13) + TimeDelta::days(365 * 200);
        assert!(r.offset_of(later).unwrap().secs().unwrap() > 6_000_000_000);
    }

    #[test]
    fn the_ends_of_the_calendar_give_an_offset_or_none_never_a_panic() {
        let r = Recording {
            started_at: Some(DateTime::<Utc>::MIN_UTC),
            typing_lag_secs: LONGEST_LAG_SECS,
        };
        assert!(r.offset_of(DateTime::<Utc>::MAX_UTC).is_some());
        let r = Recording {
            started_at: Some(DateTime::<Utc>::MAX_UTC),
            typing_lag_secs: 0,
        };
        assert_eq!(
            r.offset_of(DateTime::<Utc>::MIN_UTC),
            Some(Offset::BeforeTheRecording)
        );
    }

    #[test]
    fn a_lag_is_read_in_seconds_and_held_to_ten_minutes() {
        assert_eq!(parse_typing_lag("4"), Ok(4));
        assert_eq!(parse_typing_lag("3s"), Ok(3));
        assert_eq!(parse_typing_lag("1m 20s"), Ok(80));
        assert_eq!(parse_typing_lag("90"), Ok(90));
        assert_eq!(parse_typing_lag("0"), Ok(0));
        assert_eq!(parse_typing_lag("none"), Ok(0));
        assert_eq!(parse_typing_lag("10m"), Ok(600));
        for bad in ["-3s", "soon", "4x"] {
            let e = parse_typing_lag(bad).unwrap_err().to_string();
            assert!(e.contains("is not a typing lag"), "{bad}: {e}");
        }
        for long in ["601", "11m", "99999999999999999999"] {
            let e = parse_typing_lag(long).unwrap_err().to_string();
            assert!(e.contains("more than 10 minutes"), "{long}: {e}");
        }
    }

    #[test]
    fn a_recording_start_is_the_venues_time_on_the_meetings_day() {
        let day = NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
        let vienna = chrono_tz::Europe::Vienna;
        let t = parse_recording_start("10:02:13", day, vienna)
            .unwrap()
            .unwrap();
        assert_eq!(t.to_rfc3339(), "2026-07-02T08:02:13+00:00");
        assert_eq!(
            start_local(
                &Recording {
                    started_at: Some(t),
                    typing_lag_secs: 0
                },
                vienna
            ),
            "10:02:13"
        );
        assert_eq!(parse_recording_start("none", day, vienna), Ok(None));
        let e = parse_recording_start("ten past", day, vienna).unwrap_err();
        assert!(e.to_string().contains("HH:MM:SS"), "{e}");
    }

    #[test]
    fn on_the_day_the_clocks_change_offsets_count_real_seconds() {
        // Vienna, 29 March 2026: 02:00 becomes 03:00.
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let vienna = chrono_tz::Europe::Vienna;
        let started = parse_recording_start("01:30:00", day, vienna)
            .unwrap()
            .unwrap();
        let r = Recording {
            started_at: Some(started),
            typing_lag_secs: 0,
        };
        // 03:30 on the wall is one hour (not two) after 01:30.
        let spoken = at_the_venue(day, NaiveTime::from_hms_opt(3, 30, 0).unwrap(), vienna).unwrap();
        assert_eq!(r.offset_of(spoken).unwrap().describe(), "1:00:00");
        let e = parse_recording_start("02:30", day, vienna).unwrap_err();
        assert!(e.to_string().contains("clocks went forward"), "{e}");
        // 25 October 2026: 03:00 goes back to 02:00; 02:30 is the first of the two.
        let back = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let t = parse_recording_start("02:30", back, vienna)
            .unwrap()
            .unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn an_unset_recording_leaves_no_trace_in_json() {
        let json = serde_json::to_string(&Recording::default()).unwrap();
        assert_eq!(json, "{}");
        let back: Recording = serde_json::from_str("{}").unwrap();
        assert!(back.is_unset());
        let set = recording(4);
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(serde_json::from_str::<Recording>(&json).unwrap(), set);
    }
}
