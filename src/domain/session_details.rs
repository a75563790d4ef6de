//! The session's details (body, number, venue, days, time zone, chairs) as the session form
//! and `rapporteur session edit` change them: one rule for both, with errors that say what
//! is wrong and what to write instead.

use chrono::NaiveDate;

use super::SessionRecord;

/// Why a set-up change was refused, in a sentence for the person who asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

/// The details to change; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionEdit {
    pub body: Option<String>,
    pub number: Option<String>,
    pub venue: Option<String>,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    pub time_zone: Option<String>,
    pub chairs: Option<Vec<String>>,
}

impl SessionEdit {
    pub fn is_empty(&self) -> bool {
        self == &SessionEdit::default()
    }
}

/// Changes the session's details, all of them or none.
pub fn edit_session(record: &mut SessionRecord, edit: &SessionEdit) -> Result<(), SetupError> {
    let mut s = record.session.clone();
    if let Some(body) = &edit.body {
        let body = body.trim();
        if body.is_empty() {
            return Err(SetupError(
                "the body cannot be empty: name the body that meets, e.g. \"Working Group on \
                 Trafficking in Persons\""
                    .into(),
            ));
        }
        s.body = body.to_string();
    }
    if let Some(number) = &edit.number {
        s.number = number.trim().to_string();
    }
    if let Some(venue) = &edit.venue {
        s.venue = venue.trim().to_string();
    }
    if let Some(day) = edit.first_day {
        s.first_day = day;
    }
    if let Some(day) = edit.last_day {
        s.last_day = day;
    }
    if s.last_day < s.first_day {
        return Err(SetupError(format!(
            "the last day ({}) is before the first ({}): give a last day on or after the first",
            s.last_day, s.first_day
        )));
    }
    if let Some(zone) = &edit.time_zone {
        s.time_zone = check_time_zone(zone)?.name().to_string();
    }
    if let Some(chairs) = &edit.chairs {
        s.chairs = chairs
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
    }
    record.session = s;
    Ok(())
}

/// Reads a day as the secretariat writes it in a file name: YYYY-MM-DD.
pub fn parse_day(text: &str) -> Result<NaiveDate, SetupError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        SetupError(format!(
            "\"{}\" is not a day: write it as YYYY-MM-DD, e.g. 2026-12-01",
            text.trim()
        ))
    })
}

/// Reads a list of chairs written on one line, separated by semicolons.
pub fn parse_chairs(text: &str) -> Vec<String> {
    text.split(';')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The time zone named, by its IANA name; a near miss is answered with the name meant.
pub fn check_time_zone(name: &str) -> Result<chrono_tz::Tz, SetupError> {
    let name = name.trim();
    if let Ok(tz) = name.parse::<chrono_tz::Tz>() {
        return Ok(tz);
    }
    let hint = match nearest_time_zone(name) {
        Some(near) => format!("did you mean {near}?"),
        None => "use an IANA name such as Europe/Vienna or America/New_York".into(),
    };
    Err(SetupError(format!("unknown time zone \"{name}\": {hint}")))
}

/// The time zone a slip of the keyboard, another case, or a city alone most likely meant.
fn nearest_time_zone(name: &str) -> Option<&'static str> {
    let wanted = name.to_lowercase().replace(' ', "_");
    if wanted.is_empty() {
        return None;
    }
    let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
    let city = |tz: &str| tz.rsplit('/').next().unwrap_or(tz).to_lowercase();
    if let Some(exact) = names
        .clone()
        .find(|tz| tz.to_lowercase() == wanted || city(tz) == wanted)
    {
        return Some(exact);
    }
    let allowed = (wanted.chars().count() / 4).max(1);
    names
        .map(|tz| {
            let whole = strsim::osa_distance(&wanted, &tz.to_lowercase());
            (whole.min(strsim::osa_distance(&wanted, &city(tz))), tz)
        })
        .filter(|(d, _)| *d <= allowed)
        .min()
        .map(|(_, tz)| tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SessionId;
    use chrono::{TimeZone, Utc};

    fn record() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        SessionRecord::starter(SessionId(1), now, "UTC")
    }

    #[test]
    fn the_placeholder_session_takes_its_real_details() {
        let mut r = record();
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        edit_session(
            &mut r,
            &SessionEdit {
                body: Some(" Working Group on Trafficking in Persons ".into()),
                number: Some("Fourteenth session".into()),
                venue: Some("Vienna".into()),
                first_day: Some(day(1)),
                last_day: Some(day(4)),
                time_zone: Some("Europe/Vienna".into()),
                chairs: Some(vec!["Ms. A. Mensah".into(), " ".into()]),
            },
        )
        .unwrap();
        assert_eq!(
            r.session.title(),
            "Working Group on Trafficking in Persons, Fourteenth session"
        );
        assert_eq!((r.session.first_day, r.session.last_day), (day(1), day(4)));
        assert_eq!(r.session.time_zone, "Europe/Vienna");
        assert_eq!(r.session.chairs, ["Ms. A. Mensah"]);
    }

    #[test]
    fn a_bad_detail_changes_nothing_and_says_why() {
        let mut r = record();
        let before = r.clone();
        let e = edit_session(
            &mut r,
            &SessionEdit {
                body: Some("Plenary".into()),
                last_day: Some(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(e.0.contains("before the first"), "{e}");
        assert_eq!(r, before);
        let e = edit_session(
            &mut r,
            &SessionEdit {
                body: Some("  ".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(e.0.contains("body cannot be empty"), "{e}");
    }

    #[test]
    fn a_time_zone_near_miss_is_answered_with_the_name_meant() {
        assert_eq!(
            check_time_zone("Europe/Vienna").unwrap().name(),
            "Europe/Vienna"
        );
        for slip in ["Europe/Viena", "europe/vienna", "Vienna"] {
            let e = check_time_zone(slip).unwrap_err();
            assert!(e.0.contains("did you mean Europe/Vienna?"), "{slip}: {e}");
        }
        let e = check_time_zone("Atlantis/Capital").unwrap_err();
        assert!(e.0.contains("use an IANA name"), "{e}");
    }

    #[test]
    fn days_and_chairs_as_typed() {
        assert!(parse_day("2026-12-01").is_ok());
        assert!(parse_day("1/12/2026").unwrap_err().0.contains("YYYY-MM-DD"));
        assert_eq!(parse_chairs("A; B ;; "), ["A", "B"]);
    }
}
