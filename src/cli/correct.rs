//! `rapporteur correct` puts right the facts of an earlier intervention (who spoke, for whom,
//! as what, under which item, in which meeting, from when to when, or that the floor was
//! given by mistake), and `rapporteur log` lists the interventions with the ids it takes.
//! What a correction names is read here once, for the command line and the app's form alike
//! (`app::correction_form`).

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};

use crate::domain::{kind_named, parse_duration, Correction, InterventionId, SessionRecord};
use crate::store::Change;

/// What a correction asks for, as typed: nothing is looked up yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct CorrectionRequest {
    /// Who really spoke: a name or short form, as the finder takes it
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// The group they spoke for ("-" or "none": for themselves)
    #[arg(long, value_name = "NAME")]
    pub on_behalf_of: Option<String>,
    /// statement, right of reply, point of order, panel presentation, question, answer (or
    /// the start of one: q, a, panel)
    #[arg(long)]
    pub kind: Option<String>,
    /// The agenda item's number
    #[arg(long, value_name = "N")]
    pub item: Option<String>,
    /// The meeting's number
    #[arg(long, value_name = "N")]
    pub meeting: Option<u32>,
    /// When the floor was given: HH:MM:SS (venue time, on the day of the intervention), or a
    /// shift such as -20s ("the clock was started 20 s late") or +1m
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub start: Option<String>,
    /// When it ended, as --start
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub end: Option<String>,
    /// Strike it from the record: the floor was given by mistake (kept, flagged)
    #[arg(long)]
    pub strike: bool,
}

/// Reads a request against the record: names are looked up as the finder finds them (someone
/// on the built-in roster not yet on the session's is added, and the change handed back),
/// times read in the venue's time zone on the intervention's day.
pub fn resolve(
    record: &mut SessionRecord,
    id: InterventionId,
    request: &CorrectionRequest,
) -> anyhow::Result<(Correction, Vec<Change>)> {
    let Some(iv) = record.interventions.iter().find(|i| i.id == id).cloned() else {
        anyhow::bail!(
            "there is no intervention {} in this session: `rapporteur log` lists them with their ids",
            id.0
        );
    };
    let mut changes = Vec::new();
    let mut correction = Correction {
        strike: request.strike,
        meeting: request.meeting,
        ..Default::default()
    };
    if let Some(meeting) = request.meeting {
        if record.meeting(meeting).is_none() {
            let numbers: Vec<String> = record
                .meetings
                .iter()
                .map(|m| m.number.to_string())
                .collect();
            anyhow::bail!(
                "no meeting {meeting} in this session; it has {}",
                numbers.join(", ")
            );
        }
    }
    if let Some(kind) = &request.kind {
        correction.kind = Some(kind_named(kind).ok_or_else(|| {
            anyhow::anyhow!(
                "{kind:?} is not a kind of intervention: statement, right of reply, point of order, \
                 panel presentation, question or answer"
            )
        })?);
    }
    if let Some(item) = &request.item {
        let wanted = item.trim();
        let found = record
            .agenda
            .iter()
            .find(|a| a.number.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                let numbers: Vec<&str> = record.agenda.iter().map(|a| a.number.as_str()).collect();
                anyhow::anyhow!(
                    "no agenda item {wanted:?}; the agenda has {}",
                    numbers.join(", ")
                )
            })?;
        correction.agenda_item = Some(found.id);
    }
    if let Some(group) = &request.on_behalf_of {
        let g = group.trim();
        correction.on_behalf_of = Some(
            (!(g.is_empty() || g == "-" || g.eq_ignore_ascii_case("none"))).then(|| g.to_string()),
        );
    }
    let tz = record.session.tz();
    if let Some(start) = &request.start {
        correction.started_at =
            Some(time_named(start, iv.started_at, tz).map_err(anyhow::Error::msg)?);
    }
    if let Some(end) = &request.end {
        let now_end = iv.ended_at.unwrap_or(iv.started_at);
        correction.ended_at = Some(time_named(end, now_end, tz).map_err(anyhow::Error::msg)?);
    }
    // The speaker last: a name from the built-in roster is only added once all else is read.
    if let Some(name) = &request.speaker {
        let (speaker, added) = super::limits::participant_named(record, name)?;
        changes.extend(added);
        correction.speaker = Some(speaker);
    }
    Ok((correction, changes))
}

/// A time as typed: a shift of `from` (`-20s`, `+1m`), or a clock time `HH:MM[:SS]` in the
/// venue's time zone on the day of `from`.
fn time_named(text: &str, from: DateTime<Utc>, tz: chrono_tz::Tz) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Some((sign, rest)) = t
        .strip_prefix('-')
        .map(|r| (-1, r))
        .or_else(|| t.strip_prefix('+').map(|r| (1, r)))
    {
        let secs = parse_duration(rest)
            .map_err(|e| format!("{t:?}: {e}"))?
            .ok_or_else(|| format!("{t:?}: give a shift such as -20s or +1m"))?;
        return Ok(from + TimeDelta::seconds(sign * i64::from(secs)));
    }
    let time = NaiveTime::parse_from_str(t, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
        .map_err(|_| {
            format!("{t:?} is not a time: write HH:MM:SS (venue time) or a shift such as -20s")
        })?;
    let day = from.with_timezone(&tz).date_naive();
    day.and_time(time)
        .and_local_timezone(tz)
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| format!("{t} does not exist on {day} in {tz} (the clocks changed)"))
}

/// Corrects intervention `id` of the record as `request` asks, at `now`; returns a line to
/// tell the user and the changes for the store.
pub fn correct(
    record: &mut SessionRecord,
    id: InterventionId,
    request: &CorrectionRequest,
    now: DateTime<Utc>,
) -> anyhow::Result<(String, Vec<Change>)> {
    let mut scratch = record.clone();
    let (correction, mut changes) = resolve(&mut scratch, id, request)?;
    let iv = scratch
        .interventions
        .iter_mut()
        .find(|i| i.id == id)
        .expect("resolve found it");
    iv.correct(&correction, now)?;
    changes.push(Change::Intervention(scratch.session.id, iv.clone()));
    let line = format!("Corrected: {}", one_line(&scratch, id));
    // Only a correction that is taken changes the record, the roster included.
    *record = scratch;
    Ok((line, changes))
}

/// One intervention in a sentence-like line, without the columns' padding.
pub fn one_line(record: &SessionRecord, id: InterventionId) -> String {
    log_line(record, id)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One intervention as `rapporteur log` lists it.
pub fn log_line(record: &SessionRecord, id: InterventionId) -> String {
    let Some(iv) = record.interventions.iter().find(|i| i.id == id) else {
        return String::new();
    };
    let time = |t| record.venue_clock(t);
    let item = record
        .agenda_item(iv.agenda_item)
        .map(|a| a.number.clone())
        .unwrap_or_default();
    let behalf = iv
        .on_behalf_of
        .as_ref()
        .map(|g| format!(" (on behalf of {g})"))
        .unwrap_or_default();
    let mut flags = String::new();
    if iv.given_by_mistake {
        flags.push_str(" [struck]");
    }
    if !iv.fact_corrections.is_empty() {
        flags.push_str(&format!(" [corrected {}×]", iv.fact_corrections.len()));
    }
    if let Some(c) = crate::domain::conflict::of_intervention(record, iv.id) {
        flags.push_str(&format!(" [\u{26a0} conflict {}]", c.id.0));
    }
    format!(
        "{:>5}  meeting {}  item {:<4} {}–{}  {:<18} {}{behalf}{flags}",
        iv.id.0,
        iv.meeting,
        item,
        time(iv.started_at),
        iv.ended_at
            .map(time)
            .unwrap_or_else(|| "on the floor".into()),
        iv.kind.label(),
        record.speaker_name(iv.speaker),
    )
}

/// Every intervention of the session (or of one meeting), with the ids `correct` takes.
pub fn log(record: &SessionRecord, meeting: Option<u32>) -> String {
    let lines: Vec<String> = record
        .interventions
        .iter()
        .filter(|i| meeting.is_none_or(|m| i.meeting == m))
        .map(|i| log_line(record, i.id))
        .collect();
    if lines.is_empty() {
        return match meeting {
            Some(m) => format!("No interventions in meeting {m} yet.\n"),
            None => "No interventions yet.\n".into(),
        };
    }
    format!("   id  {}\n", "meeting    item  from–to  kind / speaker") + &lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shifts_or_venue_clock_times() {
        let from = "2024-07-02T08:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let vienna: chrono_tz::Tz = "Europe/Vienna".parse().unwrap();
        assert_eq!(
            time_named("-20s", from, vienna).unwrap(),
            from - TimeDelta::seconds(20)
        );
        assert_eq!(
            time_named("+1m", from, vienna).unwrap(),
            from + TimeDelta::seconds(60)
        );
        // 10:00:05 in Vienna in July is 08:00:05 UTC.
        assert_eq!(
            time_named("10:00:05", from, vienna).unwrap(),
            from + TimeDelta::seconds(5)
        );
        assert!(time_named("25:00", from, vienna).is_err());
        assert!(time_named("soon", from, vienna).is_err());
    }
}
