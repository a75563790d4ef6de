use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::Recording;

/// One sitting of a session, e.g. "3rd meeting, 10:00–13:00". Its times are local to the venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// 1 for the 1st meeting of the session, and so on.
    pub number: u32,
    pub date: NaiveDate,
    /// To the second: a fraction, kept by old versions, is dropped on reading.
    #[serde(deserialize_with = "to_the_second")]
    pub scheduled_start: NaiveTime,
    #[serde(deserialize_with = "to_the_second")]
    pub scheduled_end: NaiveTime,
    /// What the rapporteur writes while no one has the floor: the opening, procedural
    /// announcements, decisions. Kept so that nothing typed between speakers is lost.
    #[serde(default)]
    pub note: String,
    /// When its recording started and the rapporteur's typing lag; absent from stores and
    /// files written before recordings were kept.
    #[serde(default, skip_serializing_if = "Recording::is_unset")]
    pub recording: Recording,
}

impl Meeting {
    /// "3rd meeting, 10:00–13:00".
    pub fn title(&self) -> String {
        format!(
            "{} meeting, {}–{}",
            ordinal(self.number),
            self.scheduled_start.format("%H:%M"),
            self.scheduled_end.format("%H:%M")
        )
    }

    /// A meeting opened on the spot: today at the venue, in the usual sitting it falls in
    /// (see `sitting_at`), to the minute as the secretariat writes a schedule.
    pub fn opening_now(number: u32, now: DateTime<Utc>, tz: chrono_tz::Tz) -> Meeting {
        let sitting = super::sitting::sitting_at(now.with_timezone(&tz).naive_local());
        Meeting {
            number,
            date: sitting.date,
            scheduled_start: sitting.start,
            scheduled_end: sitting.end,
            note: String::new(),
            recording: Recording::default(),
        }
    }

    /// When the meeting is scheduled to close, in UTC, given the venue's time zone.
    pub fn scheduled_end_utc(&self, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
        tz.from_local_datetime(&self.date.and_time(self.scheduled_end))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// Reads a time of day, leaving out any fraction of a second: a schedule is kept to the
/// second, and a store or an export written before that still reads, equal to one without.
fn to_the_second<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    use chrono::Timelike;
    let t = NaiveTime::deserialize(d)?;
    Ok(t.with_nanosecond(0).unwrap_or(t))
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st…
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_as_the_secretariat_writes_them() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
        );
    }

    #[test]
    fn a_meeting_opened_on_the_spot_sits_in_the_usual_slot_it_falls_in() {
        let title = |h, m| {
            let now = Utc.with_ymd_and_hms(2024, 7, 2, h, m, 0).unwrap();
            Meeting::opening_now(1, now, chrono_tz::UTC).title()
        };
        assert_eq!(
            title(2, 47),
            "1st meeting, 10:00–13:00",
            "before the morning"
        );
        assert_eq!(title(9, 40), "1st meeting, 10:00–13:00");
        assert_eq!(title(12, 59), "1st meeting, 10:00–13:00");
        assert_eq!(title(13, 30), "1st meeting, 15:00–18:00", "over lunch");
        assert_eq!(title(17, 5), "1st meeting, 15:00–18:00");
        assert_eq!(
            title(18, 10),
            "1st meeting, 18:00–21:00",
            "an evening meeting"
        );
    }

    #[test]
    fn a_meeting_opened_late_in_the_day_closes_before_midnight() {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 20, 40, 0).unwrap();
        let m = Meeting::opening_now(4, now, chrono_tz::Europe::Vienna);
        assert_eq!(m.title(), "4th meeting, 22:00–23:59");
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 7, 2).unwrap());
        let m = Meeting::opening_now(5, now, chrono_tz::UTC);
        assert_eq!(m.title(), "5th meeting, 20:00–23:00");
    }

    #[test]
    fn a_meeting_opened_on_the_spot_keeps_no_fraction_of_a_second() {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 14, 7, 31).unwrap()
            + chrono::TimeDelta::nanoseconds(689_233_399);
        let m = Meeting::opening_now(2, now, chrono_tz::UTC);
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"15:00:00\""), "{json}");
        assert!(!json.contains('.'), "{json}");
    }

    #[test]
    fn an_old_time_with_a_fraction_reads_as_the_same_second() {
        let old = r#"{"number":1,"date":"2024-07-02","scheduled_start":"16:00:00.689233399",
            "scheduled_end":"19:00:00.689233399"}"#;
        let m: Meeting = serde_json::from_str(old).unwrap();
        assert_eq!(
            m.scheduled_start,
            NaiveTime::from_hms_opt(16, 0, 0).unwrap()
        );
        assert_eq!(m.title(), "1st meeting, 16:00–19:00");
    }

    #[test]
    fn scheduled_end_is_local_to_the_venue() {
        let m = Meeting {
            number: 3,
            date: NaiveDate::from_ymd_opt(2024, 7, 2).unwrap(),
            scheduled_start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            scheduled_end: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            note: String::new(),
            recording: Recording::default(),
        };
        assert_eq!(m.title(), "3rd meeting, 10:00–13:00");
        // Vienna is UTC+2 in July.
        let end = m.scheduled_end_utc(chrono_tz::Europe::Vienna).unwrap();
        assert_eq!(end.to_rfc3339(), "2024-07-02T11:00:00+00:00");
    }
}
