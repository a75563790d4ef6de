//! The session's sittings: the next one in its usual slot, a meeting's date and hours put
//! right, an empty one taken away. The app's forms and `rapporteur meeting` share these
//! rules, so both refuse and warn alike.

use chrono::{Days, NaiveDate, NaiveTime, Timelike};

use super::{ordinal, Meeting, SessionRecord, SetupError};

/// When a meeting sits: its day and its hours, local to the venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sitting {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

fn at(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// The morning's usual hours, 10:00–13:00, and the afternoon's, 15:00–18:00.
const MORNING: (u32, u32) = (10, 13);
const AFTERNOON: (u32, u32) = (15, 18);

fn slot(date: NaiveDate, (start, end): (u32, u32)) -> Sitting {
    Sitting {
        date,
        start: at(start),
        end: at(end),
    }
}

/// The sitting a meeting opened on the spot at `local` (the venue's time) is taken to be: the
/// morning's until 13:00, the afternoon's until 18:00, as the rooms usually sit; later, an
/// evening meeting, from the top of the hour for three hours, cut before midnight rather
/// than run into the next day.
pub fn sitting_at(local: chrono::NaiveDateTime) -> Sitting {
    let (date, hour) = (local.date(), local.time().hour());
    if hour < MORNING.1 {
        return slot(date, MORNING);
    }
    if hour < AFTERNOON.1 {
        return slot(date, AFTERNOON);
    }
    let start = at(hour);
    let end = start + chrono::TimeDelta::hours(3);
    Sitting {
        date,
        start,
        end: if end > start {
            end
        } else {
            NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(start)
        },
    }
}

/// A session's first sitting when it is set up ahead of its first day: that day's morning.
pub fn first_morning(date: NaiveDate) -> Sitting {
    slot(date, MORNING)
}

/// The usual slot after the session's last meeting: the afternoon after a morning, the next
/// day's morning after an afternoon. A slot already past (the last meeting was days ago) gives
/// way to the next one from `now`, the venue's local time.
pub fn next_usual_slot(record: &SessionRecord, now: chrono::NaiveDateTime) -> Sitting {
    let after_last = record
        .meetings
        .iter()
        .max_by_key(|m| (m.date, m.scheduled_start))
        .map(|m| {
            if m.scheduled_start < at(AFTERNOON.0 - 1) {
                slot(m.date, AFTERNOON)
            } else {
                slot(m.date + Days::new(1), MORNING)
            }
        });
    let from_now = if now.time().hour() < MORNING.1 {
        slot(now.date(), MORNING)
    } else if now.time().hour() < AFTERNOON.1 {
        slot(now.date(), AFTERNOON)
    } else {
        slot(now.date() + Days::new(1), MORNING)
    };
    match after_last {
        Some(s) if s.date >= now.date() => s,
        _ => from_now,
    }
}

/// Reads a time of day: 10, 10:00 or 10:00:00; kept to the second.
pub fn parse_time_of_day(text: &str) -> Result<NaiveTime, SetupError> {
    let t = text.trim();
    let parsed = NaiveTime::parse_from_str(t, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
        .ok()
        .or_else(|| {
            t.parse::<u32>()
                .ok()
                .and_then(|h| NaiveTime::from_hms_opt(h, 0, 0))
        });
    parsed
        .map(|t| t.with_nanosecond(0).unwrap_or(t))
        .ok_or_else(|| {
            SetupError(format!(
                "\"{t}\" is not a time of day: write it as HH:MM, e.g. 10:00 or 15:30"
            ))
        })
}

/// Refuses hours that end before they start.
fn check_hours(start: NaiveTime, end: NaiveTime) -> Result<(), SetupError> {
    if end <= start {
        return Err(SetupError(format!(
            "the meeting would end ({}) before it starts ({}): give an end after the start",
            end.format("%H:%M"),
            start.format("%H:%M")
        )));
    }
    Ok(())
}

/// A warning, not a refusal, for a day outside the session's: sittings move, and a session's
/// days are sometimes set after its first meeting.
pub fn outside_the_session(record: &SessionRecord, date: NaiveDate) -> Option<String> {
    let s = &record.session;
    (date < s.first_day || date > s.last_day).then(|| {
        format!(
            "{date} is outside the session's days ({} to {}); the session's details change them",
            s.first_day, s.last_day
        )
    })
}

/// Adds the next meeting of the session at `sitting`; its number, and a warning if its day
/// is outside the session's.
pub fn add_meeting(
    record: &mut SessionRecord,
    sitting: Sitting,
) -> Result<(u32, Option<String>), SetupError> {
    check_hours(sitting.start, sitting.end)?;
    let number = record.meetings.iter().map(|m| m.number).max().unwrap_or(0) + 1;
    // The rapporteur types as far behind the speech at the next sitting as at the last; the
    // recording is a new one, its start not known yet.
    let typing_lag_secs = record
        .meetings
        .iter()
        .max_by_key(|m| m.number)
        .map(|m| m.recording.typing_lag_secs)
        .unwrap_or(0);
    record.meetings.push(Meeting {
        number,
        date: sitting.date,
        scheduled_start: sitting.start,
        scheduled_end: sitting.end,
        note: String::new(),
        recording: super::Recording {
            started_at: None,
            typing_lag_secs,
        },
    });
    Ok((number, outside_the_session(record, sitting.date)))
}

/// Puts right a meeting's date or hours (`None` keeps one); a warning if its day is outside
/// the session's.
pub fn edit_meeting(
    record: &mut SessionRecord,
    number: u32,
    date: Option<NaiveDate>,
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
) -> Result<Option<String>, SetupError> {
    let m = record
        .meetings
        .iter()
        .find(|m| m.number == number)
        .ok_or_else(|| no_such_meeting(record, number))?;
    let date = date.unwrap_or(m.date);
    let start = start.unwrap_or(m.scheduled_start);
    let end = end.unwrap_or(m.scheduled_end);
    check_hours(start, end)?;
    if let Some(m) = record.meetings.iter_mut().find(|m| m.number == number) {
        m.date = date;
        m.scheduled_start = start;
        m.scheduled_end = end;
    }
    Ok(outside_the_session(record, date))
}

/// Takes away a meeting in which nothing was recorded: no intervention, no note. A session
/// keeps at least one meeting.
pub fn remove_meeting(record: &mut SessionRecord, number: u32) -> Result<(), SetupError> {
    let m = record
        .meetings
        .iter()
        .find(|m| m.number == number)
        .ok_or_else(|| no_such_meeting(record, number))?;
    let name = format!("the {} meeting", ordinal(number));
    let held = record
        .interventions
        .iter()
        .filter(|i| i.meeting == number)
        .count();
    if held > 0 {
        return Err(SetupError(format!(
            "{name} cannot be removed: it holds {held} intervention{}, and what was recorded \
             is never thrown away; put its date and hours right instead",
            if held == 1 { "" } else { "s" }
        )));
    }
    if !m.note.trim().is_empty() {
        return Err(SetupError(format!(
            "{name} cannot be removed: it has a note; put its date and hours right instead"
        )));
    }
    if record.meetings.len() == 1 {
        return Err(SetupError(format!(
            "{name} cannot be removed: it is the session's only meeting"
        )));
    }
    record.meetings.retain(|m| m.number != number);
    Ok(())
}

fn no_such_meeting(record: &SessionRecord, number: u32) -> SetupError {
    SetupError(record.no_meeting(number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        AgendaItemId, Intervention, InterventionId, InterventionKind, ParticipantId, SessionId,
    };
    use chrono::{TimeZone, Utc};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    /// A four-day session whose first meeting sat on the morning of the 1st.
    fn record() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 5, 0).unwrap();
        let mut r = SessionRecord::starter(SessionId(1), now, "UTC");
        r.session.last_day = day(4);
        r.meetings[0].scheduled_start = at(10);
        r.meetings[0].scheduled_end = at(13);
        r
    }

    fn local(d: u32, h: u32) -> chrono::NaiveDateTime {
        day(d).and_time(at(h))
    }

    #[test]
    fn the_next_sitting_keeps_the_typing_lag_but_not_the_recording() {
        let mut r = record();
        r.meetings[0].recording = crate::domain::Recording {
            started_at: Some(Utc.with_ymd_and_hms(2026, 12, 1, 10, 2, 13).unwrap()),
            typing_lag_secs: 4,
        };
        let (n, _) = add_meeting(&mut r, slot(day(1), AFTERNOON)).unwrap();
        let added = r.meeting(n).unwrap();
        assert_eq!(added.recording.typing_lag_secs, 4);
        assert_eq!(added.recording.started_at, None);
    }

    #[test]
    fn the_next_sitting_is_the_afternoon_then_the_next_morning() {
        let mut r = record();
        let next = next_usual_slot(&r, local(1, 12));
        assert_eq!(next, slot(day(1), AFTERNOON));
        add_meeting(&mut r, next).unwrap();
        assert_eq!(next_usual_slot(&r, local(1, 18)), slot(day(2), MORNING));
    }

    #[test]
    fn after_days_without_a_meeting_the_next_slot_is_from_now() {
        let r = record();
        assert_eq!(next_usual_slot(&r, local(3, 11)), slot(day(3), MORNING));
        assert_eq!(next_usual_slot(&r, local(3, 14)), slot(day(3), AFTERNOON));
        assert_eq!(next_usual_slot(&r, local(3, 19)), slot(day(4), MORNING));
    }

    #[test]
    fn hours_that_end_before_they_start_are_refused() {
        let mut r = record();
        let before = r.clone();
        let e = add_meeting(
            &mut r,
            Sitting {
                date: day(2),
                start: at(15),
                end: at(10),
            },
        )
        .unwrap_err();
        assert!(e.0.contains("before it starts"), "{e}");
        assert_eq!(r, before);
        assert!(edit_meeting(&mut r, 1, None, None, Some(at(9))).is_err());
        assert_eq!(r, before);
    }

    #[test]
    fn a_day_outside_the_session_is_warned_of_not_refused() {
        let mut r = record();
        let (n, warning) = add_meeting(&mut r, slot(day(9), MORNING)).unwrap();
        assert_eq!(n, 2);
        assert!(warning.unwrap().contains("outside the session's days"));
        let warning = edit_meeting(&mut r, 2, Some(day(2)), None, None).unwrap();
        assert_eq!(warning, None);
        assert_eq!(r.meetings[1].date, day(2));
    }

    #[test]
    fn only_an_empty_meeting_can_be_removed() {
        let mut r = record();
        add_meeting(&mut r, slot(day(1), AFTERNOON)).unwrap();
        add_meeting(&mut r, slot(day(2), MORNING)).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap();
        r.interventions.push(Intervention::new(
            InterventionId(1),
            2,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            now,
        ));
        let e = remove_meeting(&mut r, 2).unwrap_err();
        assert!(e.0.contains("holds 1 intervention"), "{e}");
        r.meetings[0].note = "The Chair opened the session.".into();
        assert!(remove_meeting(&mut r, 1).unwrap_err().0.contains("note"));
        remove_meeting(&mut r, 3).unwrap();
        assert_eq!(r.meetings.len(), 2);
        assert!(remove_meeting(&mut r, 7)
            .unwrap_err()
            .0
            .contains("meetings are 1, 2"));
    }

    #[test]
    fn times_are_read_to_the_second() {
        assert_eq!(parse_time_of_day("10").unwrap(), at(10));
        assert_eq!(parse_time_of_day(" 15:30 ").unwrap().minute(), 30);
        assert!(parse_time_of_day("3pm").unwrap_err().0.contains("HH:MM"));
    }
}
