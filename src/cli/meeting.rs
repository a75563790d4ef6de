//! `rapporteur meeting add|edit|remove|list`: the session's sittings from the command line,
//! under the rules the app's forms keep (`domain::sitting`).

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveTime, Utc};
use clap::{Args, Subcommand};

use crate::domain::{self, ordinal, SessionRecord};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Add the next meeting; what is not given is the next usual slot (10:00–13:00 or
    /// 15:00–18:00, the venue's time)
    Add(When),
    /// Put right a meeting's date or hours
    Edit {
        /// The meeting's number, as `rapporteur meeting list` shows it
        number: u32,
        #[command(flatten)]
        when: When,
    },
    /// Remove a meeting in which nothing was recorded
    Remove {
        /// The meeting's number, as `rapporteur meeting list` shows it
        number: u32,
    },
    /// List the session's meetings with their dates, hours and interventions
    List,
}

#[derive(Debug, Args)]
pub struct When {
    /// The day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// When it opens, HH:MM (the venue's time)
    #[arg(long, value_name = "HH:MM")]
    pub start: Option<String>,
    /// When it closes, HH:MM (the venue's time)
    #[arg(long, value_name = "HH:MM")]
    pub end: Option<String>,
}

type Read = (Option<NaiveDate>, Option<NaiveTime>, Option<NaiveTime>);

impl When {
    fn read(&self) -> anyhow::Result<Read> {
        let time = |t: &Option<String>, option: &str| {
            t.as_deref()
                .map(|t| domain::parse_time_of_day(t).with_context(|| format!("--{option}")))
                .transpose()
        };
        Ok((
            self.date
                .as_deref()
                .map(|d| domain::parse_day(d).context("--date"))
                .transpose()?,
            time(&self.start, "start")?,
            time(&self.end, "end")?,
        ))
    }
}

/// Carries out `command` on the session `id`; what to print.
pub fn run(
    store: &Store,
    id: domain::SessionId,
    command: &MeetingCommand,
) -> anyhow::Result<String> {
    let before = store.load(id)?;
    let mut after = before.clone();
    let (text, warning) = match command {
        MeetingCommand::List => return Ok(list(&before)),
        MeetingCommand::Add(when) => {
            let (date, start, end) = when.read()?;
            let local = Utc::now().with_timezone(&before.session.tz()).naive_local();
            let slot = domain::next_usual_slot(&before, local);
            let sitting = domain::Sitting {
                date: date.unwrap_or(slot.date),
                start: start.unwrap_or(slot.start),
                end: end.unwrap_or(slot.end),
            };
            let (number, warning) = domain::add_meeting(&mut after, sitting)?;
            (format!("Added the {}", title(&after, number)), warning)
        }
        MeetingCommand::Edit { number, when } => {
            let (date, start, end) = when.read()?;
            if (date, start, end) == (None, None, None) {
                anyhow::bail!("nothing to change: give --date, --start or --end");
            }
            let warning = domain::edit_meeting(&mut after, *number, date, start, end)?;
            (format!("Changed the {}", title(&after, *number)), warning)
        }
        MeetingCommand::Remove { number } => {
            domain::remove_meeting(&mut after, *number)?;
            (format!("Removed the {}", title(&before, *number)), None)
        }
    };
    super::record_change::save(store, &before, &after)?;
    let mut out = format!("{text}.\n");
    if let Some(w) = warning {
        out.push_str(&format!("Note: {w}.\n"));
    }
    Ok(out)
}

/// "3rd meeting, 2 Dec 2026, 10:00–13:00".
fn title(record: &SessionRecord, number: u32) -> String {
    record
        .meeting(number)
        .map(|m| {
            format!(
                "{} meeting, {}, {}–{}",
                ordinal(m.number),
                m.date.format("%-d %b %Y"),
                m.scheduled_start.format("%H:%M"),
                m.scheduled_end.format("%H:%M")
            )
        })
        .unwrap_or_else(|| format!("meeting {number}"))
}

fn list(record: &SessionRecord) -> String {
    let mut out = format!(
        "Meetings of {} ({} to {}, {}):\n  {:>3}  {:<10}  {:<11}  {:>13}\n",
        record.session.title(),
        record.session.first_day,
        record.session.last_day,
        record.session.time_zone,
        "NO",
        "DATE",
        "HOURS",
        "INTERVENTIONS"
    );
    for m in &record.meetings {
        let held = record
            .interventions
            .iter()
            .filter(|i| i.meeting == m.number)
            .count();
        out.push_str(&format!(
            "  {:>3}  {}  {}–{}  {:>13}\n",
            m.number,
            m.date,
            m.scheduled_start.format("%H:%M"),
            m.scheduled_end.format("%H:%M"),
            held
        ));
    }
    out
}
