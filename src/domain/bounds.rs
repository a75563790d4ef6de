//! What a session read from outside (an imported file) may hold: times of this world, limits
//! a chair would set, ids with room after them. A record past these bounds is refused before
//! it reaches the store, with the place in it and what to do.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{check_secs, Intervention, SessionRecord, LONGEST_SECS};

/// The years a meeting's record may fall in.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 2199;

/// The largest id of an intervention, a participant or an agenda item: far beyond any session,
/// and far enough below the counters' maximum that the next id always fits.
pub const LARGEST_ID: u64 = u32::MAX as u64 - 1;

/// One value of a record outside what the app can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Implausible {
    /// Where in the record, e.g. "intervention 28 (Brazil, meeting 2)".
    pub place: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for Implausible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.problem)
    }
}

/// Every value of `record` outside the bounds above, in the order of the record.
pub fn implausible(record: &SessionRecord) -> Vec<Implausible> {
    let mut found = Vec::new();
    let mut flag = |place: &dyn Fn() -> String, problem: Option<String>| {
        if let Some(problem) = problem {
            found.push(Implausible {
                place: place(),
                problem,
            });
        }
    };
    let session = &record.session;
    let here = || "the session".to_string();
    flag(&here, time("its creation", session.created_at));
    flag(&here, day("its first day", session.first_day));
    flag(&here, day("its last day", session.last_day));
    let limits = &session.time_limits;
    for (what, secs) in [
        ("statement", limits.statement),
        ("on_behalf_of_group", limits.on_behalf_of_group),
        ("right_of_reply", limits.right_of_reply),
    ] {
        flag(&|| "the session's time limits".into(), limit(what, secs));
    }
    for (category, secs) in &limits.by_category {
        flag(
            &|| "the session's time limits".into(),
            limit(&format!("the limit for {}", category.label()), *secs),
        );
    }
    if limits.warn_before > LONGEST_SECS {
        flag(
            &|| "the session's time limits".into(),
            Some(format!(
                "its warn_before, {} s, is more than 24 hours",
                limits.warn_before
            )),
        );
    }
    for b in &session.budgets {
        flag(
            &|| format!("a time budget of agenda item {}", b.agenda_item.0),
            limit("its total", b.secs),
        );
    }
    for m in &record.meetings {
        flag(&|| format!("meeting {}", m.number), day("its date", m.date));
    }
    for a in &record.agenda {
        flag(
            &|| format!("agenda item {}", a.number),
            id("its id", u64::from(a.id.0)),
        );
    }
    for p in &record.participants {
        flag(
            &|| format!("participant {}", p.name),
            id("its id", u64::from(p.id.0)),
        );
    }
    for iv in &record.interventions {
        let place = || intervention_place(record, iv);
        flag(&place, id("its id", iv.id.0));
        flag(&place, time("its start", iv.started_at));
        if let Some(end) = iv.ended_at {
            flag(&place, time("its end", end));
        }
        for p in &iv.pauses {
            flag(&place, time("a pause's start", p.from));
            if let Some(until) = p.until {
                flag(&place, time("a pause's end", until));
            }
        }
        for c in &iv.corrections {
            flag(&place, time("a correction's time", c.at));
        }
        if let Some(secs) = iv.time_limit_secs {
            flag(&place, limit("its time limit", secs));
        }
        if let Some(of) = iv.interrupts {
            flag(&place, id("the id of the intervention it interrupts", of.0));
        }
    }
    for list in &record.lists {
        for ins in list.in_order() {
            if let Some(secs) = ins.time_limit_secs {
                flag(
                    &|| {
                        format!(
                            "the list of speakers of agenda item {}, {}",
                            list.agenda_item.0,
                            record.speaker_name(ins.speaker)
                        )
                    },
                    limit("the time limit", secs),
                );
            }
        }
    }
    found
}

fn intervention_place(record: &SessionRecord, iv: &Intervention) -> String {
    format!(
        "intervention {} ({}, meeting {})",
        iv.id.0,
        record.speaker_name(iv.speaker),
        iv.meeting
    )
}

fn plausible_year(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

fn time(what: &str, at: DateTime<Utc>) -> Option<String> {
    (!plausible_year(at.year())).then(|| {
        format!(
            "{what}, {}, is not between {FIRST_YEAR} and {LAST_YEAR}",
            at.to_rfc3339()
        )
    })
}

fn day(what: &str, date: NaiveDate) -> Option<String> {
    (!plausible_year(date.year()))
        .then(|| format!("{what}, {date}, is not between {FIRST_YEAR} and {LAST_YEAR}"))
}

fn limit(what: &str, secs: u32) -> Option<String> {
    check_secs(u64::from(secs))
        .err()
        .map(|_| format!("{what}, {secs} s, is not between 1 second and 24 hours"))
}

fn id(what: &str, value: u64) -> Option<String> {
    (value > LARGEST_ID).then(|| format!("{what}, {value}, is larger than {LARGEST_ID}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        AgendaItemId, InterventionId, InterventionKind, ParticipantId, Pause, SessionId,
    };
    use chrono::TimeZone;

    fn record() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), now, "Europe/Vienna");
        record.interventions.push(Intervention::new(
            InterventionId(1),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            now,
        ));
        record
    }

    #[test]
    fn an_ordinary_session_is_plausible() {
        assert_eq!(implausible(&record()), []);
    }

    #[test]
    fn times_limits_and_ids_past_their_bounds_are_each_named() {
        let mut r = record();
        let far_past = DateTime::<Utc>::MIN_UTC;
        r.interventions[0].pauses.push(Pause {
            from: far_past,
            until: None,
        });
        r.interventions[0].id = InterventionId(u64::MAX);
        r.interventions[0].time_limit_secs = Some(u32::MAX);
        r.session.time_limits.statement = 0;
        let found: Vec<String> = implausible(&r).iter().map(|i| i.to_string()).collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with("the session's time limits: statement, 0 s"));
        assert!(found[1].starts_with("intervention 18446744073709551615 ((unknown speaker)"));
        assert!(found[1].contains("its id, 18446744073709551615, is larger than"));
        assert!(found[2].contains("a pause's start, -262143-01-01T00:00:00+00:00"));
        assert!(found[3].contains("its time limit, 4294967295 s"));
    }
}
