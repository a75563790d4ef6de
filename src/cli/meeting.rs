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
    /// Put right a meeting's date or hours, or set when its recording started and the
    /// typing lag
    Edit {
        /// The meeting's number, as `rapporteur meeting list` shows it (default: the latest)
        number: Option<u32>,
        /// The meeting's number, as an option
        #[arg(long = "meeting", value_name = "N", conflicts_with = "number")]
        meeting: Option<u32>,
        #[command(flatten)]
        when: When,
        #[command(flatten)]
        recording: RecordingArgs,
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

#[derive(Debug, Args)]
pub struct RecordingArgs {
    /// When the meeting's recording started, HH:MM:SS (the venue's time, on the meeting's
    /// day); `none` clears it
    #[arg(long, value_name = "HH:MM:SS")]
    pub recording_start: Option<String>,
    /// How far the rapporteur's typing runs behind the speech: 4s, 1m 20s (a bare number is
    /// seconds); at most 10 minutes
    #[arg(long, value_name = "SECONDS")]
    pub typing_lag: Option<String>,
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
        MeetingCommand::Edit {
            number,
            meeting,
            when,
            recording,
        } => {
            let number = number
                .or(*meeting)
                .or_else(|| before.meetings.iter().map(|m| m.number).max())
                .context("the session has no meeting yet: add one with `rapporteur meeting add`")?;
            let (date, start, end) = when.read()?;
            let asked_recording =
                recording.recording_start.is_some() || recording.typing_lag.is_some();
            if (date, start, end) == (None, None, None) && !asked_recording {
                anyhow::bail!(
                    "nothing to change: give --date, --start, --end, --recording-start or \
                     --typing-lag"
                );
            }
            let mut warning = None;
            if (date, start, end) != (None, None, None) {
                warning = domain::edit_meeting(&mut after, number, date, start, end)?;
            }
            if asked_recording {
                set_recording(&mut after, number, recording)?;
            }
            (format!("Changed the {}", title(&after, number)), warning)
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

/// Sets the meeting's recording start (read on its day, after any change of date) and its
/// typing lag, as given.
fn set_recording(
    record: &mut SessionRecord,
    number: u32,
    args: &RecordingArgs,
) -> anyhow::Result<()> {
    let tz = record.session.tz();
    let day = record
        .meeting(number)
        .map(|m| m.date)
        .with_context(|| record.no_meeting(number))?;
    let start = args
        .recording_start
        .as_deref()
        .map(|t| domain::parse_recording_start(t, day, tz).context("--recording-start"))
        .transpose()?;
    let lag = args
        .typing_lag
        .as_deref()
        .map(|t| domain::parse_typing_lag(t).context("--typing-lag"))
        .transpose()?;
    domain::set_recording(record, number, start, lag)?;
    Ok(())
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
        "Meetings of {} ({} to {}, {}):\n  {:>3}  {:<10}  {:<11}  {:>13}  {:<9}  {:>4}\n",
        record.session.title(),
        record.session.first_day,
        record.session.last_day,
        record.session.time_zone,
        "NO",
        "DATE",
        "HOURS",
        "INTERVENTIONS",
        "RECORDING",
        "LAG"
    );
    let tz = record.session.tz();
    for m in &record.meetings {
        let held = record
            .interventions
            .iter()
            .filter(|i| i.meeting == m.number)
            .count();
        out.push_str(&format!(
            "  {:>3}  {}  {}–{}  {:>13}  {:<9}  {:>4}\n",
            m.number,
            m.date,
            m.scheduled_start.format("%H:%M"),
            m.scheduled_end.format("%H:%M"),
            held,
            match domain::start_local(&m.recording, tz) {
                t if t.is_empty() => "-".to_string(),
                t => t,
            },
            domain::lag_words(&m.recording)
        ));
    }
    out
}
